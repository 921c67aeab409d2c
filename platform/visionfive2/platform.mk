# SPDX-License-Identifier: BSD-2-Clause
#
# StarFive VisionFive2 (JH7110: one S7 monitor core without S-mode, four
# U74 cores with 8 PMP entries each).  OpenSBI's generic platform with its
# JH7110 override; the firmware runs from DRAM at 0x40000000.
#
# The board's SPL loads a FIT image holding OpenSBI fw_payload with U-Boot
# proper as the payload.  Given the board's U-Boot (UBOOT_BIN=u-boot.bin,
# optionally UBOOT_DTB=...dtb), `make PLATFORM=visionfive2` also builds
# build/visionfive2/visionfive2_fw_payload.img for the SPL.
PLAT_FW_TEXT_START := 0x40000000
PLAT_SRCS := $(wildcard $(ROOT)/platform/visionfive2/*.c) $(ROOT)/platform/common/dev_secret.c
PLAT_CFLAGS :=
PLAT_OPENSBI_FLAGS :=
PLAT_EXTRA_TARGETS :=

ifneq ($(UBOOT_BIN),)
PLAT_OPENSBI_FLAGS += FW_PAYLOAD_PATH=$(abspath $(UBOOT_BIN))
ifneq ($(UBOOT_DTB),)
PLAT_OPENSBI_FLAGS += FW_FDT_PATH=$(abspath $(UBOOT_DTB))
endif
PLAT_EXTRA_TARGETS += $(BUILD)/visionfive2_fw_payload.img

$(BUILD)/visionfive2_fw_payload.img: $(BUILD)/.opensbi-built $(ROOT)/platform/visionfive2/fit.its
	@cp $(OSBI_FW)/fw_payload.bin $(BUILD)/fw_payload.bin
	@cp $(ROOT)/platform/visionfive2/fit.its $(BUILD)/fit.its
	@cd $(BUILD) && mkimage -f fit.its $@ >$(BUILD)/mkimage.log 2>&1 || \
		{ cat $(BUILD)/mkimage.log; exit 1; }
	@echo " FIT     $@"
else
PLAT_EXTRA_TARGETS += vf2-fit-hint
.PHONY: vf2-fit-hint
vf2-fit-hint:
	@echo "note: set UBOOT_BIN=path/to/u-boot.bin to also build the SPL's FIT image"
endif
