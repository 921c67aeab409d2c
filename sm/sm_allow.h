/* SPDX-License-Identifier: BSD-2-Clause */
/* The SBI allow-list (sm_allow.c). */
#ifndef SM_ALLOW_H
#define SM_ALLOW_H

#include <sbi/sbi_ecall.h>
#include "sm_types.h"

/* Applies the host's policy to an extension OpenSBI is registering. */
void sm_allow_apply(struct sbi_ecall_extension *ext);
/* Registration order (sm_hooks.c): now, or after the monitor's own. */
void sm_allow_defer(bool on);
bool sm_allow_register_now(struct sbi_ecall_extension *ext);
int sm_allow_register_deferred(int (*reg)(struct sbi_ecall_extension *ext));
/* May a running enclave call this standard extension's function? */
bool sm_allow_enclave(ulong ext, ulong fid);

#endif
