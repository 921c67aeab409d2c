# SPDX-License-Identifier: BSD-2-Clause
#
# Tests: host unit tests (tests/unit) and QEMU system tests (tests/qemu).
#   make unit-test   host unit tests
#   make qemu-test   every payload under every QEMU configuration
#   make test        both; ends with one "N passed, M failed" line

TESTS_DIR := $(ROOT)/tests
RESULTS := $(BUILD_ROOT)/results

# --- host unit tests --------------------------------------------------------
UNIT_TESTS := $(patsubst $(TESTS_DIR)/unit/%.c,%,$(wildcard $(TESTS_DIR)/unit/test_*.c))
UNIT_SRCS_test_pmp := sm/pmp_layout.c
UNIT_SRCS_test_args := sm/sm_args.c
UNIT_SRCS_test_report := sm/sm_report.c sm/sm_kdf.c
UNIT_SRCS_test_crypto :=
UNIT_CFLAGS := $(HOST_CFLAGS) -DSM_HOST_TEST -I$(ROOT)/sm -I$(ROOT)/include \
	$(CRYPTO_INCLUDES) -I$(TESTS_DIR)/unit -I$(ROOT)/platform/common

$(HOST_BUILD)/unit/%: $(TESTS_DIR)/unit/%.c $(CRYPTO_HOST_LIB) $(wildcard $(ROOT)/sm/*.h) $(TESTS_DIR)/unit/check.h
	@mkdir -p $(dir $@)
	@echo " HOSTCC  $*"
	@$(HOSTCC) $(UNIT_CFLAGS) $< $(addprefix $(ROOT)/,$(UNIT_SRCS_$*)) \
		$(CRYPTO_HOST_LIB) -o $@

unit-test: $(addprefix $(HOST_BUILD)/unit/,$(UNIT_TESTS))
	@mkdir -p $(RESULTS)
	@rc=0; for t in $(UNIT_TESTS); do \
		$(HOST_BUILD)/unit/$$t > $(RESULTS)/unit-$$t.log 2>&1 || rc=1; \
		grep -v '^ok ' $(RESULTS)/unit-$$t.log | tail -20; \
	done; exit $$rc

# --- QEMU system tests ------------------------------------------------------
TP_CFLAGS := -march=rv64imafdc_zicsr_zifencei -mabi=lp64d -mcmodel=medany -mno-relax \
	-ffreestanding -nostdlib -fno-pic -fno-stack-protector -O2 -g \
	$(SM_WARN_CFLAGS) -I$(ROOT)/include -I$(TESTS_DIR)/qemu
TP_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,--no-relax \
	-T $(TESTS_DIR)/qemu/lib/link.ld
TP_LIB := $(wildcard $(TESTS_DIR)/qemu/lib/*.c $(TESTS_DIR)/qemu/lib/*.S) \
	$(wildcard $(TESTS_DIR)/qemu/enclave/*.S)
TP_NAMES := $(patsubst $(TESTS_DIR)/qemu/test_%.c,%,$(wildcard $(TESTS_DIR)/qemu/test_*.c))
TP_OUT := $(BUILD_ROOT)/tests
PAYLOADS := $(patsubst %,$(TP_OUT)/%.bin,$(TP_NAMES))

$(TP_OUT)/%.elf: $(TESTS_DIR)/qemu/test_%.c $(TP_LIB) $(wildcard $(TESTS_DIR)/qemu/lib/*.h $(TESTS_DIR)/qemu/*.h) $(TESTS_DIR)/qemu/lib/link.ld
	@mkdir -p $(dir $@)
	@echo " PAYLOAD $*"
	@$(SM_CC) $(TP_CFLAGS) $(TP_LDFLAGS) $< $(TP_LIB) -o $@
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

$(TP_OUT)/bench.elf: $(TESTS_DIR)/qemu/bench/bench.c $(TP_LIB) $(TESTS_DIR)/qemu/lib/link.ld
	@mkdir -p $(dir $@)
	@echo " PAYLOAD bench"
	@$(SM_CC) $(TP_CFLAGS) $(TP_LDFLAGS) $< $(TP_LIB) -o $@

bench: firmware $(TP_OUT)/bench.bin $(PLAIN_OUT)/platform/generic/firmware/fw_jump.elf
	@bash $(ROOT)/scripts/bench.sh $(BUILD) $(PLAIN_OUT) $(TP_OUT)/bench.bin

payloads: $(PAYLOADS) $(TP_OUT)/probe.bin
.SECONDARY: $(PAYLOADS:.bin=.elf)

# name | firmware build (PMP cap) | machine | smp | extra qemu args
QEMU_CONFIGS := \
	virt:0:virt:4: \
	virt-nosstc:0:virt:4:-cpu_rv64,sstc=false \
	virt-zkr:0:virt:4:-cpu_rv64,zkr=true,x-epmp=true \
	virt-pmp8:8:virt:4: \
	sifive_u:0:sifive_u:5:

fw_for = $(if $(filter 0,$(1)),$(BUILD_ROOT)/$(PLATFORM)/fw_jump.bin,$(BUILD_ROOT)/$(PLATFORM)-pmp$(1)/fw_jump.bin)

qemu-firmware: tools
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=qemu-virt firmware
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=qemu-virt SM_PMP_MAX=8 firmware
	@# VisionFive2 is not booted here, but must keep building.
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=visionfive2 firmware >/dev/null

qemu-test: qemu-firmware payloads tools
	@mkdir -p $(RESULTS)
	@rc=0; for c in $(QEMU_CONFIGS); do \
		name=$$(echo $$c | cut -d: -f1); cap=$$(echo $$c | cut -d: -f2); \
		mach=$$(echo $$c | cut -d: -f3); smp=$$(echo $$c | cut -d: -f4); \
		extra=$$(echo $$c | cut -d: -f5- | tr '_' ' '); \
		if [ $$cap = 0 ]; then fw=$(BUILD_ROOT)/qemu-virt/fw_jump.bin; \
		else fw=$(BUILD_ROOT)/qemu-virt-pmp$$cap/fw_jump.bin; fi; \
		for p in $(TP_NAMES); do \
			echo "== $$p on $$name"; \
			LOG=$(RESULTS)/qemu-$$name-$$p.log QEMU_MACHINE=$$mach QEMU_SMP=$$smp \
				$(TESTS_DIR)/qemu/run.sh $$fw $(TP_OUT)/$$p.bin $$extra \
				> $(RESULTS)/qemu-$$name-$$p.out 2>&1 || rc=1; \
			cat $(RESULTS)/qemu-$$name-$$p.out; \
		done; \
	done; \
	echo "== attestation checked on the host (sm-verify, openssl)"; \
	$(TESTS_DIR)/qemu/attest_check.sh $(RESULTS) $(BUILD_ROOT) > $(RESULTS)/host-attest.log 2>&1 || rc=1; \
	grep -v '^ok ' $(RESULTS)/host-attest.log; \
	exit $$rc

# --- everything ------------------------------------------------------------
test:
	@rm -rf $(RESULTS)
	@rc=0; $(MAKE) --no-print-directory -f $(ROOT)/Makefile unit-test || rc=1; \
	$(MAKE) --no-print-directory -f $(ROOT)/Makefile qemu-test || rc=1; \
	p=0; f=0; \
	for l in $$(cat $(RESULTS)/unit-*.log $(RESULTS)/host-*.log 2>/dev/null | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$$/\1:\2/p') \
		 $$(cat $(RESULTS)/qemu-*.log 2>/dev/null | sed -n 's/^RESULT: \([0-9]*\) passed, \([0-9]*\) failed.*/\1:\2/p'); do \
		p=$$((p + $${l%%:*})); f=$$((f + $${l##*:})); done; \
	missing=0; for c in $(QEMU_CONFIGS); do for t in $(TP_NAMES); do \
		n=$$(echo $$c | cut -d: -f1); \
		grep -qa '^RESULT:' $(RESULTS)/qemu-$$n-$$t.log 2>/dev/null || missing=$$((missing + 1)); \
	done; done; \
	f=$$((f + missing)); [ $$missing = 0 ] || echo "$$missing QEMU run(s) ended without a result (counted as failed)"; \
	echo "$$p passed, $$f failed"; \
	[ $$rc = 0 ] && [ $$f = 0 ]

.PHONY: unit-test qemu-test qemu-firmware payloads test run bench
