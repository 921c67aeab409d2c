# SPDX-License-Identifier: BSD-2-Clause
#
# Debian's Linux 6.12 with Keystone's unmodified driver, SDK, Eyrie and
# examples on the monitor (docs/keystone.md).
#   make test-linux   boot it twice (default CPU, sstc=false), check every
#                     example; results in build/results/linux-*.log
#   make run-linux    the same system with a shell, to watch and type into
#   make linux-build  only fetch and build (kernel packages, Keystone, initramfs)
# Inputs: the trixie packages pinned under [linux] in scripts/deps.lock
# (scripts/linux-deps.sh), Keystone's tree from
# ../shared/third_party/keystone-88c49ee.tar.gz or KEYSTONE_SRC=/your/tree.
# Without a Keystone tree both targets say so and do nothing.

LINUX_DIR := $(TESTS_DIR)/linux
LINUX_OUT := $(BUILD_ROOT)/linux
LINUX_FW := $(BUILD_ROOT)/qemu-virt/fw_jump.bin
LINUX_INITRD := $(LINUX_OUT)/initramfs.cpio.gz
LINUX_DEPS_STAMP := $(LINUX_OUT)/.deps-stamp
KS_OUT := $(LINUX_OUT)/keystone
KS_STAMP := $(KS_OUT)/.stamp
KEYSTONE_TARBALL_NAME := keystone-88c49ee.tar.gz
# Beside the tree; for a clone made elsewhere, beside the tree it was
# cloned from (a local origin).
KS_ORIGIN := $(shell git -C $(ROOT) config --get remote.origin.url 2>/dev/null)
KEYSTONE_TARBALL := $(firstword $(wildcard \
	$(abspath $(ROOT)/../shared/third_party/$(KEYSTONE_TARBALL_NAME)) \
	$(if $(filter /%,$(KS_ORIGIN)),$(abspath $(KS_ORIGIN)/../shared/third_party/$(KEYSTONE_TARBALL_NAME)))) \
	$(abspath $(ROOT)/../shared/third_party/$(KEYSTONE_TARBALL_NAME)))
KEYSTONE_TARBALL_SHA256 := a5e6046cf9b3730d2e4db2b6a9fe711ef3db952719c6e3b49d52d328d0c4fec4
KEYSTONE_SRC ?=

ifneq ($(KEYSTONE_SRC),)
KS_TREE := $(abspath $(KEYSTONE_SRC))
KS_TREE_DEPS := $(shell find $(KS_TREE) -type f 2>/dev/null)
KS_SKIP :=
KS_BAD := $(if $(wildcard $(KS_TREE)/sdk/CMakeLists.txt),,KEYSTONE_SRC=$(KEYSTONE_SRC) is not a Keystone tree (no sdk/CMakeLists.txt))
else ifneq ($(wildcard $(KEYSTONE_TARBALL)),)
KS_TREE := $(LINUX_OUT)/keystone-src/keystone-88c49ee
KS_TREE_DEPS := $(LINUX_OUT)/keystone-src/.stamp
KS_SKIP :=
else
KS_SKIP := no Keystone tree: $(KEYSTONE_TARBALL) is missing and KEYSTONE_SRC= is not set
endif

LINUX_TEST_SRCS := $(addprefix $(LINUX_DIR)/,init run-examples README.guest initramfs.sh)

# Pinned packages: linux-deps.sh checks its own stamp against the lock.
$(LINUX_DEPS_STAMP): $(ROOT)/scripts/linux-deps.sh $(ROOT)/scripts/deps.lock
	@bash $(ROOT)/scripts/linux-deps.sh $(LINUX_OUT)
	@touch $@

$(LINUX_OUT)/keystone-src/.stamp: $(KEYSTONE_TARBALL)
	@echo " UNPACK  $(notdir $<)"
	@echo "$(KEYSTONE_TARBALL_SHA256)  $<" | sha256sum -c --quiet - || \
		{ echo "error: $< does not match its sha256 (../shared/third_party/README.md)" >&2; exit 1; }
	@rm -rf $(dir $@) && mkdir -p $(dir $@)
	@tar -xzf $< -C $(dir $@)
	@touch $@

# Rebuild when another tree is named (its files may well be older).
KS_TREE_FILE := $(KS_OUT)/tree
ifneq ($(KS_TREE),)
$(shell mkdir -p $(KS_OUT); echo '$(KS_TREE)' | cmp -s - $(KS_TREE_FILE) || \
	echo '$(KS_TREE)' > $(KS_TREE_FILE))
endif

$(KS_STAMP): $(KS_TREE_DEPS) $(KS_TREE_FILE) $(LINUX_DEPS_STAMP) $(LINUX_DIR)/keystone.sh $(LINUX_DIR)/attest_host.cpp
	@echo " KEYSTONE SDK, Eyrie, examples, driver ($(KS_TREE))"
	@bash $(LINUX_DIR)/keystone.sh $(KS_OUT) $(KS_TREE) $(LINUX_OUT)/root
	@touch $@

$(LINUX_INITRD): $(KS_STAMP) $(LINUX_TEST_SRCS)
	@echo " INITRAMFS $@"
	@bash $(LINUX_DIR)/initramfs.sh $@ $(KS_OUT)/stage $(LINUX_OUT)/root

LINUX_KERNEL = $(firstword $(wildcard $(LINUX_OUT)/root/boot/vmlinux-*-riscv64))

.PHONY: linux-build test-linux run-linux
ifneq ($(KS_BAD),)
# A tree named on the command line that is not one is an error, not a skip.
linux-build test-linux run-linux:
	@echo "$@: error: $(KS_BAD)" >&2; exit 1
else ifeq ($(KS_SKIP),)
linux-build: $(LINUX_INITRD)
	@out=$$($(MAKE) --no-print-directory -f $(ROOT)/Makefile PLATFORM=qemu-virt \
		SM_PMP_MAX=0 SM_UBSAN=0 firmware tools 2>&1) || { echo "$$out"; exit 1; }; \
		echo "$$out" | grep -v "Nothing to be done" || true

# A build that fails is one failed check in the results, like a test.
test-linux:
	@mkdir -p $(RESULTS)
	@rm -f $(RESULTS)/linux-*.log
	@if ! $(MAKE) --no-print-directory -f $(ROOT)/Makefile linux-build; then \
		printf 'FAIL building the Linux/Keystone system\nlinux-build: 0 passed, 1 failed\n' \
			> $(RESULTS)/linux-build.log; exit 1; fi
	@bash $(LINUX_DIR)/run.sh $(LINUX_FW) $$(ls $(LINUX_OUT)/root/boot/vmlinux-*-riscv64 | head -1) $(LINUX_INITRD) \
		$(KS_OUT)/stage $(RESULTS) $(HOST_BUILD) $(BUILD_ROOT)/qemu-virt/device_key.pem

run-linux: linux-build
	@echo "run-linux: Debian $(notdir $(LINUX_KERNEL)) on $(LINUX_FW), Keystone examples in /ks."
	@echo "run-linux: QEMU's console is this terminal; Ctrl-A x quits, 'poweroff -f' too."
	@qemu-system-riscv64 -M virt -smp 4 -m 1G -nographic \
		-bios $(LINUX_FW) -kernel $(LINUX_KERNEL) -initrd $(LINUX_INITRD) \
		-append "console=ttyS0 loglevel=4 sm.mode=shell"
else
linux-build test-linux run-linux:
	@echo "$@: skipped: $(KS_SKIP)"
endif
