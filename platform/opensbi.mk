# SPDX-License-Identifier: BSD-2-Clause
#
# Appended (as an include) to the objects.mk of the build-time copy of
# OpenSBI's generic platform.  Links the monitor into the firmware and puts
# it in front of the OpenSBI functions it must see (GNU ld --wrap); see
# docs/architecture.md for why each one is wrapped.

sm-wraps := sbi_ecall_init sbi_trap_handler sbi_hart_pmp_configure \
	sbi_timer_event_start sbi_domain_check_addr \
	sbi_domain_check_addr_range sbi_sse_process_pending_events \
	sbi_hsm_hart_start_finish

platform-ldflags-y += -Wl,--whole-archive $(SM_LIB) -Wl,--no-whole-archive
platform-ldflags-y += $(foreach w,$(sm-wraps),-Wl,--wrap=$(w))

# Relink the firmware whenever the monitor changes.
$(platform_build_dir)/firmware/fw_jump.elf \
$(platform_build_dir)/firmware/fw_dynamic.elf \
$(platform_build_dir)/firmware/fw_payload.elf: $(SM_LIB)
