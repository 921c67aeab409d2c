# SPDX-License-Identifier: BSD-2-Clause
# QEMU virt (and the same firmware on -M sifive_u).
PLAT_FW_TEXT_START := 0x80000000
PLAT_SRCS := $(wildcard $(ROOT)/platform/qemu-virt/*.c) $(ROOT)/platform/common/dev_secret.c
PLAT_CFLAGS := -DSM_PLAT_DEV_SECRET=1
PLAT_OPENSBI_FLAGS :=
PLAT_EXTRA_TARGETS :=
