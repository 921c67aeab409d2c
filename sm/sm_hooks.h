/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * OpenSBI's own functions behind the monitor's hooks (GNU ld --wrap, see
 * sm_hooks.c and platform/opensbi.mk): a module that must still call
 * OpenSBI's implementation calls these.
 */
#ifndef SM_HOOKS_H
#define SM_HOOKS_H

#include <sbi/sbi_types.h>

struct sbi_trap_context;
struct sbi_scratch;

void __real_sbi_timer_event_start(u64 next_event);
int __real_sbi_hart_pmp_configure(struct sbi_scratch *scratch);

#endif
