# SPDX-License-Identifier: BSD-2-Clause
#
# Appended (as an include) to the objects.mk of the build-time copy of
# OpenSBI's generic platform.  Links the monitor into the firmware and puts
# it in front of the OpenSBI functions it must see (GNU ld --wrap); see
# docs/architecture.md for why each one is wrapped.

# One line per hook; sm/sm_hooks.c has the wrappers and says why.
sm-wraps := sbi_ecall_init sbi_ecall_register_extension \
	sbi_hart_pmp_configure sbi_hsm_hart_start_finish \
	sbi_timer_event_start sbi_domain_check_addr \
	sbi_domain_check_addr_range sbi_system_reset \
	sbi_load_access_handler sbi_store_access_handler

# SM_UBSAN=1: OpenSBI's own C files too (the top-level Makefile's
# SM_UBSAN_CFLAGS; empty otherwise).
platform-cflags-y += $(SM_UBSAN_CFLAGS)

# Per-hart M stack (and scratch, 4 KiB of it): see the top-level Makefile.
platform-cflags-y += -DSM_HART_STACK_SIZE=16384

platform-ldflags-y += -Wl,--whole-archive $(SM_LIB) -Wl,--no-whole-archive
platform-ldflags-y += $(foreach w,$(sm-wraps),-Wl,--wrap=$(w))

# Relink the firmware whenever the monitor changes.
$(platform_build_dir)/firmware/fw_jump.elf \
$(platform_build_dir)/firmware/fw_dynamic.elf \
$(platform_build_dir)/firmware/fw_payload.elf: $(SM_LIB)
