# SPDX-License-Identifier: BSD-2-Clause
#
# Security monitor: top-level build.
#
#   make                      firmware for PLATFORM (default qemu-virt)
#   make run                  boot the demo under QEMU
#   make test                 host unit tests + QEMU system tests + test-linux
#   make run-linux            Debian's Linux + Keystone's examples, a shell
#   make test-linux           the same, checked (KEYSTONE_SRC= your tree)
#   make bench                one table: instruction counts vs stock OpenSBI, sizes
#   make PLATFORM=visionfive2 VisionFive2 firmware (fw_dynamic at 0x40000000)
#
# OPENSBI_SRC=, MBEDTLS_SRC=, CROSS_COMPILE= point at your own trees/toolchain.
# SM_PMP_MAX=N caps the PMP entries the monitor may use (e.g. 8 to run the
# suite with a VisionFive2-sized budget under QEMU).
# SM_UBSAN=1 builds the whole firmware (OpenSBI and the monitor) with UBSan
# into build/<board>-ubsan (docs/architecture.md).
# SM_POOL_SIZE=N overrides the platform's boot-time EPM pool (bytes); 0 builds
# a monitor without one (every enclave in place, its own PMP entry) into
# build/<board>-nopool.

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
PLATFORM ?= qemu-virt
BUILD_ROOT := $(ROOT)/build
SM_PMP_MAX ?= 0
SM_UBSAN ?= 0
SM_POOL_SIZE ?=
BUILD := $(BUILD_ROOT)/$(PLATFORM)$(if $(filter-out 0,$(SM_PMP_MAX)),-pmp$(SM_PMP_MAX))$(if $(SM_POOL_SIZE),$(if $(filter 0,$(SM_POOL_SIZE)),-nopool,-pool$(SM_POOL_SIZE)))$(if $(filter 1,$(SM_UBSAN)),-ubsan)
HOST_BUILD := $(BUILD_ROOT)/host

DEPS_DIR := $(ROOT)/.deps
OPENSBI_SRC ?= $(DEPS_DIR)/opensbi-1.6
MBEDTLS_SRC ?= $(DEPS_DIR)/mbedtls-3.6.6
override OPENSBI_SRC := $(abspath $(OPENSBI_SRC))
override MBEDTLS_SRC := $(abspath $(MBEDTLS_SRC))
CROSS_COMPILE ?= riscv64-linux-gnu-
export CROSS_COMPILE

SM_VERSION := 0.1.0

# Toolchains
SM_CC := $(CROSS_COMPILE)gcc
SM_AR := $(CROSS_COMPILE)ar
SM_OBJCOPY := $(CROSS_COMPILE)objcopy
SM_SIZE := $(CROSS_COMPILE)size
HOSTCC ?= gcc

.DEFAULT_GOAL := all
include $(ROOT)/platform/$(PLATFORM)/platform.mk

# Flags shared by everything that runs on the target in M-mode (mirrors
# OpenSBI's own so the objects link into its position-independent firmware).
# Linker relaxation on, as OpenSBI's with GNU ld (a call in 4 bytes instead
# of 8: 6 KB of the firmware's text), except in assembly (Makefile rule
# below: exact layouts); every symbol hidden (sm/sm_hidden.h).
SM_TARGET_BASE_CFLAGS := -g -O2 -ffreestanding -nostdlib -fno-stack-protector \
	-fno-strict-aliasing -ffunction-sections -fdata-sections \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls -mno-save-restore \
	-mstrict-align -mabi=lp64 -march=rv64imafdc_zicsr_zifencei \
	-mcmodel=medany -fPIE -include $(ROOT)/sm/sm_hidden.h
SM_WARN_CFLAGS := -Wall -Werror -Wvla
# SM_UBSAN=1: every C file of the firmware (OpenSBI's through platform/
# opensbi.mk, ours, mbedTLS's) with gcc's -fsanitize=undefined, recoverable
# (gcc's default for it); sm/sm_ubsan.c is the runtime.  See
# docs/architecture.md.
# No fw_payload in this build: OpenSBI's test payload links its (then
# instrumented) libplatsbi.a without the runtime.
ifeq ($(SM_UBSAN),1)
SM_UBSAN_CFLAGS := -fsanitize=undefined -fno-sanitize=pointer-overflow,object-size
SM_TARGET_BASE_CFLAGS += $(SM_UBSAN_CFLAGS)
endif
# Our own monitor code.
SM_TARGET_CFLAGS := $(SM_TARGET_BASE_CFLAGS) $(SM_WARN_CFLAGS) \
	-I$(ROOT)/include -I$(ROOT)/sm -I$(ROOT)/crypto/include \
	-I$(OPENSBI_SRC)/include -I$(OPENSBI_SRC)/lib/utils/libfdt \
	-I$(ROOT)/platform/$(PLATFORM) \
	-DSM_VERSION=\"$(SM_VERSION)\" -DSM_PLATFORM=\"$(PLATFORM)\" \
	-DSM_PMP_MAX=$(SM_PMP_MAX) $(if $(SM_UBSAN_CFLAGS),-DSM_UBSAN) $(PLAT_CFLAGS) \
	$(if $(SM_POOL_SIZE),-DSM_POOL_SIZE=$(SM_POOL_SIZE)ULL)
HOST_CFLAGS := -g -O2 $(SM_WARN_CFLAGS) -Wextra -Wno-unused-parameter

.PHONY: all firmware deps run test unit-test qemu-test bench clean distclean help tools
all: firmware

help:
	@sed -n '3,16p' $(ROOT)/Makefile

# --- dependencies -----------------------------------------------------------
DEPS_STAMP := $(OPENSBI_SRC)/Makefile $(MBEDTLS_SRC)/include/mbedtls/build_info.h
deps:
	@OPENSBI_SRC=$(filter-out $(DEPS_DIR)/%,$(OPENSBI_SRC)) \
	 MBEDTLS_SRC=$(filter-out $(DEPS_DIR)/%,$(MBEDTLS_SRC)) \
	 bash $(ROOT)/scripts/deps.sh
$(DEPS_STAMP):
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile deps
	@test -f $@ || { echo "error: $@ missing (OPENSBI_SRC/MBEDTLS_SRC?)" >&2; exit 1; }

# Fetch missing dependencies before make looks for rules: pattern rules whose
# sources do not exist yet would otherwise be discarded.
ifeq ($(filter clean distclean help deps,$(MAKECMDGOALS)),)
ifneq ($(words $(wildcard $(DEPS_STAMP))),2)
$(info deps: fetching what is missing (scripts/deps.sh))
DEPS_RC := $(shell OPENSBI_SRC=$(filter-out $(DEPS_DIR)/%,$(OPENSBI_SRC)) \
	MBEDTLS_SRC=$(filter-out $(DEPS_DIR)/%,$(MBEDTLS_SRC)) \
	bash $(ROOT)/scripts/deps.sh >&2; echo $$?)
ifneq ($(DEPS_RC),0)
$(error scripts/deps.sh failed: see above, or set OPENSBI_SRC= / MBEDTLS_SRC=)
endif
endif
endif

# --- monitor objects --------------------------------------------------------
SM_SRCS := $(wildcard $(ROOT)/sm/*.c $(ROOT)/sm/*.S) $(PLAT_SRCS)
ifeq ($(SM_UBSAN_CFLAGS),)
SM_SRCS := $(filter-out $(ROOT)/sm/sm_ubsan.c,$(SM_SRCS))
endif
SM_OBJS := $(patsubst $(ROOT)/%,$(BUILD)/obj/%.o,$(basename $(SM_SRCS)))
# The monitor's own code: no frame pointer and tail calls allowed (the
# switch path is measured in instructions; OpenSBI keeps its own flags).
$(SM_OBJS): SM_TARGET_CFLAGS += -fomit-frame-pointer -foptimize-sibling-calls
# The UBSan runtime must not check itself.
$(BUILD)/obj/sm/sm_ubsan.o: SM_TARGET_CFLAGS += -fno-sanitize=all

include $(ROOT)/crypto/crypto.mk

$(BUILD)/obj/%.o: $(ROOT)/%.c $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo " CC      $*.c"
	@$(SM_CC) $(SM_TARGET_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: $(ROOT)/%.S $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo " AS      $*.S"
	@$(SM_CC) $(SM_TARGET_CFLAGS) -mno-relax -MMD -MP -c $< -o $@

LIBSM := $(BUILD)/libsm.a
$(LIBSM): $(SM_OBJS) $(CRYPTO_TARGET_OBJS)
	@rm -f $@
	@$(SM_AR) rcs $@ $^

-include $(SM_OBJS:.o=.d)

# --- OpenSBI with the monitor linked in -------------------------------------
# OpenSBI's generic platform is copied (build output, never committed) into
# an external PLATFORM_DIR whose objects.mk also pulls in libsm.a and the
# --wrap hooks listed in platform/opensbi.mk.  See docs/architecture.md.
OSBI_PLAT := $(BUILD)/opensbi-platform
OSBI_OUT := $(BUILD)/opensbi
OSBI_FW := $(OSBI_OUT)/platform/generic/firmware
OSBI_MAKE := $(MAKE) --no-print-directory -C $(OPENSBI_SRC) O=$(OSBI_OUT) \
	PLATFORM_DIR=$(OSBI_PLAT) PLATFORM=generic CROSS_COMPILE=$(CROSS_COMPILE) \
	OPENSBI_VERSION_GIT= FW_TEXT_START=$(PLAT_FW_TEXT_START) \
	SM_ROOT=$(ROOT) SM_LIB=$(LIBSM) $(PLAT_OPENSBI_FLAGS) \
	$(if $(SM_UBSAN_CFLAGS),SM_UBSAN_CFLAGS="$(SM_UBSAN_CFLAGS)" FW_PAYLOAD=n)

$(OSBI_PLAT)/generic/.stamp: $(DEPS_STAMP) $(ROOT)/platform/opensbi.mk
	@rm -rf $(OSBI_PLAT) && mkdir -p $(OSBI_PLAT)
	@cp -r $(OPENSBI_SRC)/platform/generic $(OSBI_PLAT)/generic
	@# The monitor's crypto (mbedTLS ECDSA, HMAC-DRBG) runs on OpenSBI's
	@# per-hart M stack, which is 8 KiB with the 4 KiB scratch at its top.
	@sed -i 's/\(\.hart_stack_size[[:space:]]*=[[:space:]]*\)SBI_PLATFORM_DEFAULT_HART_STACK_SIZE/\1SM_HART_STACK_SIZE/' \
		$(OSBI_PLAT)/generic/platform.c
	@grep -q 'hart_stack_size.*SM_HART_STACK_SIZE' $(OSBI_PLAT)/generic/platform.c || \
		{ echo "error: cannot set the hart stack size in OpenSBI's generic platform.c" >&2; exit 1; }
	@printf '\ninclude $$(SM_ROOT)/platform/opensbi.mk\n' >> $(OSBI_PLAT)/generic/objects.mk
	@touch $@

FIRMWARE := $(BUILD)/fw_jump.bin $(BUILD)/fw_jump.elf $(BUILD)/fw_dynamic.bin $(BUILD)/fw_dynamic.elf
firmware: $(FIRMWARE) $(PLAT_EXTRA_TARGETS) $(BUILD)/device_key.pem $(BUILD)/device_cert.pem

# Rebuild OpenSBI when its command line (payload, flags) changes.
OSBI_FLAGS_FILE := $(BUILD)/opensbi.flags
$(shell mkdir -p $(BUILD); echo '$(OSBI_MAKE)' | cmp -s - $(OSBI_FLAGS_FILE) || \
	echo '$(OSBI_MAKE)' > $(OSBI_FLAGS_FILE))

# The next stage sits 2 MB above the firmware (FW_JUMP_OFFSET); the image
# (code, rodata and relocations padded to a power of two, then data, bss)
# must leave room below it for OpenSBI's stacks and heap.  Only the UBSan
# build comes near (docs/architecture.md).
FW_MAX_END := 0x1c0000
$(BUILD)/.opensbi-built: $(LIBSM) $(OSBI_PLAT)/generic/.stamp $(OSBI_FLAGS_FILE)
	@echo " OPENSBI generic + monitor ($(PLATFORM))"
	@$(OSBI_MAKE) >$(BUILD)/opensbi-build.log 2>&1 || \
		{ tail -40 $(BUILD)/opensbi-build.log; exit 1; }
	@end=$$($(CROSS_COMPILE)nm $(OSBI_FW)/fw_jump.elf | sed -n 's/^0*\([0-9a-f]*\) . _fw_end$$/\1/p'); \
	 if [ $$((0x$$end - $(PLAT_FW_TEXT_START))) -gt $$(($(FW_MAX_END))) ]; then \
		echo "error: the firmware ends at +0x$$(printf %x $$((0x$$end - $(PLAT_FW_TEXT_START)))), above +$(FW_MAX_END): too close to the next stage at +2 MB" >&2; \
		exit 1; fi
	@touch $@

$(BUILD)/fw_%.bin $(BUILD)/fw_%.elf: $(BUILD)/.opensbi-built
	@cp $(OSBI_FW)/fw_$*.bin $(BUILD)/fw_$*.bin
	@cp $(OSBI_FW)/fw_$*.elf $(BUILD)/fw_$*.elf

# Plain OpenSBI (no monitor), only for size comparisons in `make bench`.
PLAIN_OUT := $(BUILD_ROOT)/opensbi-plain
$(PLAIN_OUT)/platform/generic/firmware/fw_jump.elf: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory -C $(OPENSBI_SRC) O=$(PLAIN_OUT) PLATFORM=generic \
		CROSS_COMPILE=$(CROSS_COMPILE) OPENSBI_VERSION_GIT= >/dev/null

# --- host tools (sm-measure, sm-verify, sm-devkey, sm-devcert) --------------------------
HOST_TOOLS := $(addprefix $(HOST_BUILD)/,sm-measure sm-verify sm-devkey sm-devcert)
HOST_TOOL_SRCS := $(ROOT)/scripts/tools/tool.c $(ROOT)/sm/sm_report.c $(ROOT)/sm/sm_kdf.c \
	$(ROOT)/sm/sm_dice.c
$(HOST_BUILD)/sm-%: $(ROOT)/scripts/tools/sm-%.c $(HOST_TOOL_SRCS) $(CRYPTO_HOST_LIB) $(wildcard $(ROOT)/scripts/tools/*.h $(ROOT)/sm/*.h)
	@mkdir -p $(dir $@)
	@echo " HOSTCC  sm-$*"
	@$(HOSTCC) $(HOST_CFLAGS) -DSM_HOST_TEST -I$(ROOT)/sm -I$(ROOT)/include \
		$(CRYPTO_INCLUDES) -I$(ROOT)/platform/common -I$(ROOT)/scripts/tools \
		$< $(HOST_TOOL_SRCS) $(CRYPTO_HOST_LIB) -o $@
tools: $(HOST_TOOLS)

# The device public key for the development secret, for verifiers.
$(BUILD)/device_key.pem: $(HOST_BUILD)/sm-devkey
	@$< $@
	@echo " KEY     $@ (development secret)"
# ... and its self-signed certificate, the trust anchor of the X.509 chains.
$(BUILD)/device_cert.pem: $(HOST_BUILD)/sm-devcert
	@$< $(PLATFORM) $@
	@echo " CERT    $@ (development secret)"

include $(ROOT)/tests/tests.mk

clean:
	rm -rf $(BUILD_ROOT)
distclean: clean
	rm -rf $(DEPS_DIR)
