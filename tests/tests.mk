# SPDX-License-Identifier: BSD-2-Clause
#
# Tests: host unit tests (tests/unit) and QEMU system tests (tests/qemu).
#   make unit-test   host unit tests
#   make qemu-test   every payload under every QEMU configuration, and
#                    tests/qemu/initfail once (make initfail-test: only it)
#   make test-linux  Debian's Linux + Keystone's driver/SDK/examples (tests/linux)
#   make bench-check make bench's table is complete (docs/performance.md)
#   make test        all four; ends with one "N passed, M failed" line
#
# Adding tests:
#   tests/unit/test_X.c      a host unit test (check.h; prints "X: N passed,
#                            M failed"); extra sources, one path per line
#                            relative to the repo root, in tests/unit/test_X.deps;
#                            extra flags/sources outside the repo (OpenSBI's
#                            libfdt) in UNIT_CFLAGS_test_X / UNIT_SRCS_test_X
#   tests/qemu/test_X.c      a QEMU payload "X" (TEST(name) { ... }, lib/tp.h),
#                            run under every entry of QEMU_CONFIGS
#   tests/qemu/enclave/X.c   a C enclave, built position-independent and
#                            linked into every payload as enclave_X_start/_end
#   tests/qemu/enclave/static/X.c  the same, with the crypto layer, linked
#                            at ENC_STATIC_BASE

TESTS_DIR := $(ROOT)/tests
RESULTS := $(BUILD_ROOT)/results

# Payloads link the crypto objects of $(BUILD), which must not be UBSan's
# (no runtime in an enclave); the tests build and boot that firmware anyway.
ifeq ($(SM_UBSAN),1)
ifneq ($(filter payloads qemu-test test fuzz,$(MAKECMDGOALS)),)
$(error SM_UBSAN=1 builds the firmware only: make qemu-test/test boot it as *-ubsan, make fuzz FUZZ_CONFIG=virt-ubsan)
endif
endif

# --- host unit tests --------------------------------------------------------
UNIT_TESTS := $(patsubst $(TESTS_DIR)/unit/%.c,%,$(wildcard $(TESTS_DIR)/unit/test_*.c))
# The monitor sources a unit test names in its .deps file ('#' comments).
unit_deps = $(addprefix $(ROOT)/,$(shell sed 's/\#.*//' \
	$(wildcard $(TESTS_DIR)/unit/$(1).deps) /dev/null))
UNIT_CFLAGS := $(HOST_CFLAGS) -DSM_HOST_TEST -I$(ROOT)/sm -I$(ROOT)/include \
	$(CRYPTO_INCLUDES) -I$(TESTS_DIR)/unit -I$(ROOT)/platform/common

# OpenSBI's libfdt on the host, with a libc-based libfdt_env.h forced in
# (see tests/unit/host_libfdt_env.h for why -I cannot do it).
UNIT_LIBFDT_CFLAGS := -include $(TESTS_DIR)/unit/host_libfdt_env.h \
	-I$(OPENSBI_SRC)/lib/utils/libfdt
UNIT_LIBFDT_SRCS := $(addprefix $(OPENSBI_SRC)/lib/utils/libfdt/,fdt.c fdt_ro.c \
	fdt_rw.c fdt_sw.c fdt_wip.c fdt_strerror.c fdt_check.c)
UNIT_CFLAGS_test_fdt_reserve := $(UNIT_LIBFDT_CFLAGS)
UNIT_SRCS_test_fdt_reserve := $(UNIT_LIBFDT_SRCS)
# The EPM pool sized for 1 GiB (the default is 256 MiB).
UNIT_CFLAGS_test_pool_1g := -DSM_POOL_MAX_PAGES=262144

# rm first: a test that no longer builds must not run its stale binary.
.SECONDEXPANSION:
$(HOST_BUILD)/unit/%: $(TESTS_DIR)/unit/%.c $$(call unit_deps,$$*) $$(UNIT_SRCS_$$*) \
		$$(wildcard $(TESTS_DIR)/unit/$$*.deps) $(CRYPTO_HOST_LIB) \
		$(wildcard $(ROOT)/sm/*.h) $(wildcard $(TESTS_DIR)/unit/*.h)
	@mkdir -p $(dir $@)
	@rm -f $@
	@echo " HOSTCC  $*"
	@$(HOSTCC) $(UNIT_CFLAGS) $(UNIT_CFLAGS_$*) $< $(call unit_deps,$*) \
		$(UNIT_SRCS_$*) $(CRYPTO_HOST_LIB) -o $@

# Every test runs even if another fails to build; one that does not build
# or ends without its summary line counts as one failure.
unit-build: $(addprefix $(HOST_BUILD)/unit/,$(UNIT_TESTS))
	@:
unit-test: $(CRYPTO_HOST_LIB)
	@mkdir -p $(RESULTS)
	@-$(MAKE) --no-print-directory -k -f $(ROOT)/Makefile unit-build
	@rc=0; for t in $(UNIT_TESTS); do \
		log=$(RESULTS)/unit-$$t.log; \
		if [ ! -x $(HOST_BUILD)/unit/$$t ]; then \
			printf '%s did not build\n%s: 0 passed, 1 failed\n' $$t $$t > $$log; \
		else \
			$(HOST_BUILD)/unit/$$t > $$log 2>&1 || rc=1; \
			grep -q ': [0-9]* passed, [0-9]* failed$$' $$log || \
				printf '%s ended without its summary\n%s: 0 passed, 1 failed\n' \
					$$t $$t >> $$log; \
		fi; \
		grep -v '^ok ' $$log | tail -20; \
		grep -q ' 0 failed$$' $$log || rc=1; \
	done; exit $$rc

# --- QEMU system tests ------------------------------------------------------
TP_CFLAGS := -march=rv64imafdc_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax \
	-ffreestanding -nostdlib -fno-pic -fno-stack-protector -O2 -g \
	$(SM_WARN_CFLAGS) -I$(ROOT)/include -I$(TESTS_DIR)/qemu
TP_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,--no-relax \
	-T $(TESTS_DIR)/qemu/lib/link.ld
TP_LIB := $(wildcard $(TESTS_DIR)/qemu/lib/*.c $(TESTS_DIR)/qemu/lib/*.S) \
	$(wildcard $(TESTS_DIR)/qemu/enclave/*.S)
TP_NAMES := $(patsubst $(TESTS_DIR)/qemu/test_%.c,%,$(wildcard $(TESTS_DIR)/qemu/test_*.c))
TP_OUT := $(BUILD_ROOT)/tests
PAYLOADS := $(patsubst %,$(TP_OUT)/%.bin,$(TP_NAMES))

# C enclaves (tests/qemu/enclave/*.c + rt/): S-mode programs entered with
# satp = 0 at an EPM base known only at run time, so built as a PIE at 0
# that must need no relocation at all (the linker emits one for every
# stored address, GOT entries included), then embedded as a flat image.
ENC_DIR := $(TESTS_DIR)/qemu/enclave
ENC_NAMES := $(patsubst $(ENC_DIR)/%.c,%,$(wildcard $(ENC_DIR)/*.c))
ENC_OUT := $(TP_OUT)/enclave
ENC_RT := $(ENC_DIR)/rt/start.S $(wildcard $(ENC_DIR)/rt/*.c)
ENC_CFLAGS := -march=rv64imafdc_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-mno-relax -fPIE -fvisibility=hidden -ffreestanding -nostdlib \
	-fno-stack-protector -O2 -g $(SM_WARN_CFLAGS) -I$(ROOT)/include -I$(ENC_DIR)
ENC_LDFLAGS := -nostdlib -pie -Wl,--no-dynamic-linker -Wl,--build-id=none \
	-Wl,--no-relax -Wl,-z,norelro -Wl,--no-warn-rwx-segments -T $(ENC_DIR)/rt/enclave.ld
ENC_OBJS := $(patsubst %,$(ENC_OUT)/%.o,$(ENC_NAMES))
SM_READELF := $(CROSS_COMPILE)readelf

$(ENC_OUT)/%.elf: $(ENC_DIR)/%.c $(ENC_RT) $(wildcard $(ENC_DIR)/*.h $(ENC_DIR)/rt/*.h) $(ENC_DIR)/rt/enclave.ld
	@mkdir -p $(dir $@)
	@echo " ENCLAVE $*"
	@$(SM_CC) $(ENC_CFLAGS) $(ENC_LDFLAGS) $< $(ENC_RT) -o $@.tmp
	@if $(SM_READELF) -rW $@.tmp | grep -q R_RISCV; then \
		echo "error: enclave $* needs relocations (absolute addresses in data?):" >&2; \
		$(SM_READELF) -rW $@.tmp >&2; rm -f $@.tmp; exit 1; fi
	@mv $@.tmp $@
$(ENC_OUT)/%.bin: $(ENC_OUT)/%.elf
	@$(SM_OBJCOPY) -O binary -j .text -j .rodata -j .data $< $@
$(ENC_OUT)/%.o: $(ENC_OUT)/%.bin $(ENC_DIR)/rt/embed.S
	@$(SM_CC) $(TP_CFLAGS) -DENCLAVE_NAME=$* -DENCLAVE_BIN='"$<"' \
		-c $(ENC_DIR)/rt/embed.S -o $@

# C enclaves that link the monitor's crypto layer (tests/qemu/enclave/
# static/*.c): mbedTLS keeps pointers in its data, so these are PIEs that
# keep their R_RISCV_RELATIVE relocations in the flat image and apply them
# at entry (rt/start.S): they run wherever the monitor puts them (it may
# copy an EPM into its pool).  ENC_STATIC_BASE is where tests load them.
ENC_STATIC_BASE := 0x90800000
ENC_STATIC_DIR := $(ENC_DIR)/static
ENC_STATIC_NAMES := $(patsubst $(ENC_STATIC_DIR)/%.c,%,$(wildcard $(ENC_STATIC_DIR)/*.c))
ENC_STATIC_OUT := $(ENC_OUT)/static
ENC_STATIC_OBJS := $(patsubst %,$(ENC_STATIC_OUT)/%.o,$(ENC_STATIC_NAMES))
ENC_STATIC_CFLAGS := $(ENC_CFLAGS) $(CRYPTO_INCLUDES) -I$(ENC_STATIC_DIR)
ENC_STATIC_LDFLAGS := -nostdlib -pie -Wl,--no-dynamic-linker -Wl,--build-id=none \
	-Wl,--no-relax -Wl,-z,norelro -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
	-T $(ENC_STATIC_DIR)/enclave_static.ld

$(ENC_STATIC_OUT)/%.elf: $(ENC_STATIC_DIR)/%.c $(ENC_RT) $(CRYPTO_TARGET_OBJS) \
		$(wildcard $(ENC_STATIC_DIR)/*.h $(ENC_DIR)/rt/*.h) $(ENC_STATIC_DIR)/enclave_static.ld
	@mkdir -p $(dir $@)
	@echo " ENCLAVE $* (relocating)"
	@$(SM_CC) $(ENC_STATIC_CFLAGS) $(ENC_STATIC_LDFLAGS) $< $(ENC_RT) \
		$(CRYPTO_TARGET_OBJS) -o $@.tmp
	@if $(SM_READELF) -rW $@.tmp | grep R_RISCV | grep -qv R_RISCV_RELATIVE; then \
		echo "error: enclave $* needs relocations other than R_RISCV_RELATIVE:" >&2; \
		$(SM_READELF) -rW $@.tmp >&2; rm -f $@.tmp; exit 1; fi
	@mv $@.tmp $@
$(ENC_STATIC_OUT)/%.bin: $(ENC_STATIC_OUT)/%.elf
	@$(SM_OBJCOPY) -O binary -j .text -j .rodata -j .data -j .rela.dyn $< $@
$(ENC_STATIC_OUT)/%.o: $(ENC_STATIC_OUT)/%.bin $(ENC_DIR)/rt/embed.S
	@$(SM_CC) $(TP_CFLAGS) -DENCLAVE_NAME=$* -DENCLAVE_BIN='"$<"' \
		-c $(ENC_DIR)/rt/embed.S -o $@

$(TP_OUT)/%.elf: $(TESTS_DIR)/qemu/test_%.c $(TP_LIB) $(ENC_OBJS) $(ENC_STATIC_OBJS) $(wildcard $(TESTS_DIR)/qemu/lib/*.h $(TESTS_DIR)/qemu/*.h $(ENC_DIR)/*.h $(ENC_STATIC_DIR)/*.h) $(TESTS_DIR)/qemu/lib/link.ld
	@mkdir -p $(dir $@)
	@echo " PAYLOAD $*"
	@$(SM_CC) $(TP_CFLAGS) -I$(ENC_DIR) -I$(ENC_STATIC_DIR) -DENC_STATIC_BASE=$(ENC_STATIC_BASE)UL \
		$(TP_LDFLAGS) $< $(TP_LIB) $(ENC_OBJS) $(ENC_STATIC_OBJS) -o $@
$(TP_OUT)/%.bin: $(TP_OUT)/%.elf
	@$(SM_OBJCOPY) -O binary $< $@

# The probe enclave as a flat image, for sm-measure in attest_check.sh.
$(TP_OUT)/probe.bin: $(TESTS_DIR)/qemu/enclave/probe.S
	@mkdir -p $(dir $@)
	@$(SM_CC) $(TP_CFLAGS) -nostdlib -static -Wl,--build-id=none \
		-Wl,-Ttext=0 -Wl,-e,0 -Wl,--no-relax $< -o $(TP_OUT)/probe.elf
	@$(SM_OBJCOPY) -O binary -j .rodata $(TP_OUT)/probe.elf $@

# The demo (make run): its own host program and enclave.
DEMO_SRCS := $(wildcard $(TESTS_DIR)/qemu/demo/*.c $(TESTS_DIR)/qemu/demo/*.S)
$(TP_OUT)/demo.elf: $(DEMO_SRCS) $(TP_LIB) $(TESTS_DIR)/qemu/lib/link.ld
	@mkdir -p $(dir $@)
	@echo " PAYLOAD demo"
	@$(SM_CC) $(TP_CFLAGS) $(TP_LDFLAGS) $(DEMO_SRCS) \
		$(filter-out $(TESTS_DIR)/qemu/enclave/%,$(TP_LIB)) -o $@
$(TP_OUT)/demo_enclave.bin: $(TESTS_DIR)/qemu/demo/demo_enclave.S
	@$(SM_CC) $(TP_CFLAGS) -nostdlib -static -Wl,--build-id=none \
		-Wl,-Ttext=0 -Wl,-e,0 -Wl,--no-relax $< -o $(TP_OUT)/demo_enclave.elf
	@$(SM_OBJCOPY) -O binary -j .rodata $(TP_OUT)/demo_enclave.elf $@

run: firmware tools $(TP_OUT)/demo.bin $(TP_OUT)/demo_enclave.bin
	@bash $(ROOT)/scripts/demo.sh $(BUILD)/fw_jump.bin $(TP_OUT)/demo.bin \
		$(TP_OUT)/demo_enclave.bin $(BUILD)/device_key.pem $(HOST_BUILD)

# The bench payload carries its own copy of mbedTLS's SHA-256 (portable C,
# same source) as the plain-loop reference for CREATE's hashing.
BENCH_SHA_SRCS := $(MBEDTLS_SRC)/library/sha256.c $(MBEDTLS_SRC)/library/platform_util.c \
	$(TESTS_DIR)/qemu/bench/sha256_plain.c
BENCH_SHA_CFLAGS = $(filter-out -Wall -Werror -Wvla,$(TP_CFLAGS)) -nostdinc \
	-isystem $(CRYPTO_DIR)/libc/include -isystem $(shell $(SM_CC) -print-file-name=include) \
	$(CRYPTO_MBEDTLS_FLAGS) -DSM_BENCH_PLAIN_SHA256
$(TP_OUT)/bench/%.o: $(MBEDTLS_SRC)/library/%.c $(CRYPTO_DIR)/mbedtls_config.h
	@mkdir -p $(dir $@)
	@$(SM_CC) $(BENCH_SHA_CFLAGS) -c $< -o $@
$(TP_OUT)/bench/sha256_plain.o: $(TESTS_DIR)/qemu/bench/sha256_plain.c
	@mkdir -p $(dir $@)
	@$(SM_CC) $(BENCH_SHA_CFLAGS) $(SM_WARN_CFLAGS) -c $< -o $@
BENCH_OBJS := $(TP_OUT)/bench/sha256.o $(TP_OUT)/bench/platform_util.o $(TP_OUT)/bench/sha256_plain.o
$(TP_OUT)/bench.elf: $(TESTS_DIR)/qemu/bench/bench.c $(TESTS_DIR)/qemu/bench/enclaves.S $(BENCH_OBJS) \
		$(TP_LIB) $(TESTS_DIR)/qemu/lib/link.ld
	@mkdir -p $(dir $@)
	@echo " PAYLOAD bench"
	@$(SM_CC) $(TP_CFLAGS) $(TP_LDFLAGS) $< $(TESTS_DIR)/qemu/bench/enclaves.S \
		$(BENCH_OBJS) $(TP_LIB) -o $@

bench: firmware $(TP_OUT)/bench.bin $(PLAIN_OUT)/platform/generic/firmware/fw_jump.elf
	@bash $(ROOT)/scripts/bench.sh $(BUILD) $(PLAIN_OUT) $(TP_OUT)/bench.bin

# make bench's table is complete (every row with its figures; about 10 s):
# targets are reported there, not checked (docs/performance.md).  The
# qemu-virt build, whatever PLATFORM/SM_PMP_MAX/SM_UBSAN this make got.
bench-check:
	@mkdir -p $(RESULTS)
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=qemu-virt SM_PMP_MAX=0 \
		SM_UBSAN=0 bench > $(RESULTS)/bench-table.txt 2>&1; st=$$?; \
	$(TESTS_DIR)/qemu/bench_check.sh $$st $(RESULTS)/bench-table.txt \
		> $(RESULTS)/host-bench.log 2>&1; rc=$$?; \
	grep -v '^ok ' $(RESULTS)/host-bench.log; exit $$rc

# Init failure (tests/qemu/initfail): a device tree that gives OpenSBI's
# root domain INITFAIL_COUNT extra 4 KiB M-only regions in DRAM, more than
# the monitor once kept (it dropped the rest silently).  Not a TP_NAMES
# payload: check.sh boots it once per firmware, on that tree only.  The
# tree is QEMU's own for the run's -M/-smp/-m, dumped here.
INITFAIL_DIR := $(TESTS_DIR)/qemu/initfail
INITFAIL_BASE := 0x9f000000
INITFAIL_STRIDE := 0x20000
INITFAIL_COUNT := 8
INITFAIL_SMP := 4
INITFAIL_MEM := 512M
$(TP_OUT)/initfail.elf: $(INITFAIL_DIR)/initfail.c $(TP_LIB) $(ENC_OBJS) $(ENC_STATIC_OBJS) \
		$(wildcard $(TESTS_DIR)/qemu/lib/*.h $(TESTS_DIR)/qemu/*.h) $(TESTS_DIR)/qemu/lib/link.ld
	@mkdir -p $(dir $@)
	@echo " PAYLOAD initfail"
	@$(SM_CC) $(TP_CFLAGS) -I$(ENC_DIR) $(TP_LDFLAGS) $< $(TP_LIB) $(ENC_OBJS) \
		$(ENC_STATIC_OBJS) -o $@
$(TP_OUT)/initfail-%.dtb: $(INITFAIL_DIR)/mkdtb.sh
	@mkdir -p $(dir $@)
	@echo " DTB     initfail-$*"
	@$(INITFAIL_DIR)/mkdtb.sh $@ $* $(INITFAIL_BASE) $(INITFAIL_STRIDE) \
		-M virt -smp $(INITFAIL_SMP) -m $(INITFAIL_MEM)
INITFAIL_FILES := $(TP_OUT)/initfail.bin $(TP_OUT)/initfail-$(INITFAIL_COUNT).dtb
INITFAIL_RUN := QEMU_SMP=$(INITFAIL_SMP) QEMU_MEM=$(INITFAIL_MEM) $(INITFAIL_DIR)/check.sh \
	$(RESULTS) $(BUILD_ROOT) $(INITFAIL_FILES) $(INITFAIL_BASE) $(INITFAIL_STRIDE) $(INITFAIL_COUNT)
# Just this check (make qemu-test runs it too): the two firmwares it boots.
initfail-test: $(INITFAIL_FILES)
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=qemu-virt SM_PMP_MAX=0 SM_UBSAN=0 SM_POOL_SIZE= firmware
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=qemu-virt SM_PMP_MAX=8 SM_UBSAN=0 SM_POOL_SIZE= firmware
	@mkdir -p $(RESULTS)
	@$(INITFAIL_RUN); rc=$$?; grep -v '^ok ' $(RESULTS)/qemu-initfail.log; exit $$rc

payloads: $(PAYLOADS) $(TP_OUT)/probe.bin $(INITFAIL_FILES)
.SECONDARY: $(PAYLOADS:.bin=.elf) $(TP_OUT)/initfail.elf $(ENC_OBJS) $(ENC_OBJS:.o=.elf) $(ENC_OBJS:.o=.bin) \
	$(ENC_STATIC_OBJS) $(ENC_STATIC_OBJS:.o=.elf) $(ENC_STATIC_OBJS:.o=.bin)

# name | firmware (its build directory under build/) | machine | smp |
# extra qemu args ('_' for spaces).  The -ubsan builds are the firmware
# with UBSan (SM_UBSAN=1): any report fails ubsan_check.sh.
QEMU_CONFIGS := \
	virt:qemu-virt:virt:4: \
	virt-nosstc:qemu-virt:virt:4:-cpu_rv64,sstc=false \
	virt-zkr:qemu-virt:virt:4:-cpu_rv64,zkr=true,x-epmp=true \
	virt-pmp8:qemu-virt-pmp8:virt:4: \
	virt-nopool:qemu-virt-nopool:virt:4: \
	sifive_u:qemu-virt:sifive_u:5: \
	virt-ubsan:qemu-virt-ubsan:virt:4: \
	sifive_u-ubsan:qemu-virt-ubsan:sifive_u:5:

# Each build names its variant: SM_PMP_MAX/SM_UBSAN/SM_POOL_SIZE given to
# this make would otherwise reach every one of them.  qemu-virt-nopool: no
# boot-time EPM pool (every enclave in place, unless the OS donates memory).
qemu-firmware: tools
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=qemu-virt SM_PMP_MAX=0 SM_UBSAN=0 SM_POOL_SIZE= firmware
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=qemu-virt SM_PMP_MAX=8 SM_UBSAN=0 SM_POOL_SIZE= firmware
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=qemu-virt SM_PMP_MAX=0 SM_UBSAN=0 SM_POOL_SIZE=0 firmware
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=qemu-virt SM_PMP_MAX=0 SM_UBSAN=1 SM_POOL_SIZE= firmware
	@# VisionFive2 is not booted here, but must keep building.
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=visionfive2 SM_PMP_MAX=0 SM_UBSAN=0 SM_POOL_SIZE= \
		firmware >/dev/null

qemu-test: qemu-firmware payloads tools
	@mkdir -p $(RESULTS)
	@rc=0; for c in $(QEMU_CONFIGS); do \
		name=$$(echo $$c | cut -d: -f1); fw=$(BUILD_ROOT)/$$(echo $$c | cut -d: -f2)/fw_jump.bin; \
		mach=$$(echo $$c | cut -d: -f3); smp=$$(echo $$c | cut -d: -f4); \
		extra=$$(echo $$c | cut -d: -f5- | tr '_' ' '); \
		for p in $(TP_NAMES); do \
			echo "== $$p on $$name"; \
			LOG=$(RESULTS)/qemu-$$name-$$p.log QEMU_MACHINE=$$mach QEMU_SMP=$$smp \
				$(TESTS_DIR)/qemu/run.sh $$fw $(TP_OUT)/$$p.bin $$extra \
				> $(RESULTS)/qemu-$$name-$$p.out 2>&1 || rc=1; \
			cat $(RESULTS)/qemu-$$name-$$p.out; \
		done; \
	done; \
	echo "== more M-only regions than the PMP holds: init fails loudly (tests/qemu/initfail, once)"; \
	$(INITFAIL_RUN) || rc=1; \
	grep -v '^ok ' $(RESULTS)/qemu-initfail.log; \
	echo "== attestation checked on the host (sm-verify, openssl)"; \
	$(TESTS_DIR)/qemu/attest_check.sh $(RESULTS) $(BUILD_ROOT) > $(RESULTS)/host-attest.log 2>&1 || rc=1; \
	grep -v '^ok ' $(RESULTS)/host-attest.log; \
	echo "== X.509 chains checked on the host (openssl, TLS, Python cryptography, sm-verify)"; \
	$(TESTS_DIR)/qemu/cert_check.sh $(RESULTS) $(BUILD_ROOT) > $(RESULTS)/host-cert.log 2>&1 || rc=1; \
	grep -v '^ok ' $(RESULTS)/host-cert.log; \
	echo "== no UBSan report in any boot log (known OpenSBI 1.6 ones: tests/qemu/ubsan-known.txt)"; \
	$(TESTS_DIR)/qemu/ubsan_check.sh $(RESULTS) $(TESTS_DIR)/qemu/ubsan-known.txt \
		$(foreach c,$(QEMU_CONFIGS),$(if $(findstring -ubsan:,$(c)),$(firstword $(subst :, ,$(c))))) \
		> $(RESULTS)/host-ubsan.log 2>&1 || rc=1; \
	grep -v '^ok ' $(RESULTS)/host-ubsan.log; \
	echo "== M stack high-water marks within 3/4 of the stack"; \
	$(TESTS_DIR)/qemu/stack_check.sh $(RESULTS) > $(RESULTS)/host-stack.log 2>&1 || rc=1; \
	cat $(RESULTS)/host-stack.log; \
	exit $$rc

# A long fuzz run: make fuzz SEED=n CALLS=m [FUZZ_CONFIG=virt-nosstc]
SEED ?= 1
CALLS ?= 1000000
FUZZ_CONFIG ?= virt
fuzz: qemu-firmware payloads
	@c=$$(for c in $(QEMU_CONFIGS); do echo $$c; done | grep "^$(FUZZ_CONFIG):"); \
	[ -n "$$c" ] || { echo "fuzz: no QEMU config $(FUZZ_CONFIG)"; exit 2; }; \
	fw=$(BUILD_ROOT)/$$(echo $$c | cut -d: -f2)/fw_jump.bin; mach=$$(echo $$c | cut -d: -f3); \
	smp=$$(echo $$c | cut -d: -f4); extra=$$(echo $$c | cut -d: -f5- | tr '_' ' '); \
	mkdir -p $(RESULTS); \
	QEMU_TIMEOUT=$${QEMU_TIMEOUT:-86400} QEMU_MACHINE=$$mach QEMU_SMP=$$smp \
		LOG=$(RESULTS)/fuzz-$(FUZZ_CONFIG)-$(SEED).log \
		$(TESTS_DIR)/qemu/run.sh $$fw $(TP_OUT)/fuzz.bin $$extra \
		-append "seed=$(SEED) calls=$(CALLS)"; rc=$$?; \
	tr -d '\000-\010\016-\037\177-\377' < $(RESULTS)/fuzz-$(FUZZ_CONFIG)-$(SEED).log | \
		grep -a 'fuzz \(host\|enclave\): [0-9]* calls'; \
	tr -d '\r' < $(RESULTS)/fuzz-$(FUZZ_CONFIG)-$(SEED).log | grep -a '^UBSAN: ' | sort -u; exit $$rc

include $(TESTS_DIR)/linux/linux.mk

# --- everything ------------------------------------------------------------
test:
	@rm -rf $(RESULTS)
	@rc=0; $(MAKE) --no-print-directory -f $(ROOT)/Makefile unit-test || rc=1; \
	$(MAKE) --no-print-directory -f $(ROOT)/Makefile qemu-test || rc=1; \
	$(MAKE) --no-print-directory -f $(ROOT)/Makefile bench-check || rc=1; \
	$(MAKE) --no-print-directory -f $(ROOT)/Makefile test-linux || rc=1; \
	p=0; f=0; \
	for l in $$(cat $(RESULTS)/unit-*.log $(RESULTS)/host-*.log $(RESULTS)/linux-*.log 2>/dev/null | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$$/\1:\2/p') \
		 $$(cat $(RESULTS)/qemu-*.log 2>/dev/null | sed -n 's/^RESULT: \([0-9]*\) passed, \([0-9]*\) failed.*/\1:\2/p'); do \
		p=$$((p + $${l%%:*})); f=$$((f + $${l##*:})); done; \
	missing=0; for c in $(QEMU_CONFIGS); do for t in $(TP_NAMES); do \
		n=$$(echo $$c | cut -d: -f1); \
		grep -qa '^RESULT: [1-9][0-9]* passed' $(RESULTS)/qemu-$$n-$$t.log 2>/dev/null || \
			missing=$$((missing + 1)); \
	done; done; \
	grep -qa '^RESULT: [1-9][0-9]* passed' $(RESULTS)/qemu-initfail.log 2>/dev/null || \
		missing=$$((missing + 1)); \
	f=$$((f + missing)); [ $$missing = 0 ] || \
		echo "$$missing QEMU run(s) ended without a result or without any test passed (counted as failed)"; \
	echo "$$p passed, $$f failed"; \
	[ $$rc = 0 ] && [ $$f = 0 ]

.PHONY: unit-build unit-test qemu-test qemu-firmware payloads initfail-test test run bench bench-check fuzz
