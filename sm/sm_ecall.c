// SPDX-License-Identifier: BSD-2-Clause
/*
 * The SBI extension: one dispatch table, one error mapping.
 *
 * Keystone's error codes are positive, and OpenSBI >= 1.3 turns a positive
 * handler return into SBI_ERR_FAILED, so every call of this extension sets
 * skip_regs_update and writes a0/a1 (and advances mepc) itself.
 */
#include <sbi/sbi_ecall.h>
#include <sbi/sbi_error.h>
#include "sm.h"
#include "sm_cert.h"

typedef int (*sm_call_fn)(struct sm_call *c);

static int call_create(struct sm_call *c)
{
	return sm_create(c->regs->a0, &c->value);
}

static int call_destroy(struct sm_call *c)
{
	return sm_destroy(c->regs->a0);
}

static int call_run(struct sm_call *c)
{
	return sm_run(c->regs, c->regs->a0, false);
}

static int call_resume(struct sm_call *c)
{
	return sm_run(c->regs, c->regs->a0, true);
}

static int call_stop(struct sm_call *c)
{
	return sm_stop(c->regs, c->regs->a0);
}

static int call_exit(struct sm_call *c)
{
	return sm_exit(c->regs, c->regs->a0);
}

static const struct {
	ulong fid;
	bool enclave; /* caller side */
	sm_call_fn fn;
} sm_calls[] = {
	{ SM_FID_CREATE, false, call_create },
	{ SM_FID_DESTROY, false, call_destroy },
	{ SM_FID_RUN, false, call_run },
	{ SM_FID_RESUME, false, call_resume },
	{ SM_FID_DEVICE_CERT, false, sm_call_device_cert },
	{ SM_FID_RANDOM, true, sm_call_random },
	{ SM_FID_ATTEST, true, sm_call_attest },
	{ SM_FID_GET_SEALING_KEY, true, sm_call_sealing_key },
	{ SM_FID_STOP, true, call_stop },
	{ SM_FID_EXIT, true, call_exit },
	{ SM_FID_CERT_CHAIN, true, sm_call_cert_chain },
};

static const ulong sm_abi_codes[] = {
	[-SM_OK] = SM_SUCCESS,
	[-SM_E_UNKNOWN] = SM_ERR_UNKNOWN_ERROR,
	[-SM_E_INVALID_ID] = SM_ERR_INVALID_ID,
	[-SM_E_PMP] = SM_ERR_PMP_FAILURE,
	[-SM_E_NOT_RUNNABLE] = SM_ERR_NOT_RUNNABLE,
	[-SM_E_NOT_DESTROYABLE] = SM_ERR_NOT_DESTROYABLE,
	[-SM_E_OVERLAP] = SM_ERR_REGION_OVERLAPS,
	[-SM_E_ACCESS] = SM_ERR_NOT_ACCESSIBLE,
	[-SM_E_ARG] = SM_ERR_ILLEGAL_ARGUMENT,
	[-SM_E_NOT_RUNNING] = SM_ERR_NOT_RUNNING,
	[-SM_E_NOT_RESUMABLE] = SM_ERR_NOT_RESUMABLE,
	[-SM_E_NOT_INIT] = SM_ERR_NOT_INITIALIZED,
	[-SM_E_NO_RESOURCE] = SM_ERR_NO_FREE_RESOURCE,
	[-SM_E_PROHIBITED] = SM_ERR_SBI_PROHIBITED,
	[-SM_E_NOT_FRESH] = SM_ERR_NOT_FRESH,
	[-SM_E_DEPRECATED] = SM_ERR_DEPRECATED,
	[-SM_E_NOT_IMPL] = SM_ERR_NOT_IMPLEMENTED,
	[-SM_E_INTERRUPTED] = SM_ERR_INTERRUPTED,
	[-SM_E_EDGE_CALL] = SM_ERR_EDGE_CALL_HOST,
};

ulong sm_rc_to_abi(int rc)
{
	if (rc > 0 || -rc >= (int)ARRAY_SIZE(sm_abi_codes))
		return SM_ERR_UNKNOWN_ERROR;
	return sm_abi_codes[-rc];
}

/* Spec order: deprecated, then wrong side, then unassigned. */
static int sm_dispatch(struct sm_call *c, ulong fid, bool from_enclave)
{
	unsigned int i;

	if (fid <= SM_FID_DEPRECATED_LAST)
		return SM_E_DEPRECATED;
	if (fid >= SM_FID_HOST_BASE && fid <= SM_FID_HOST_LAST && from_enclave)
		return SM_E_PROHIBITED;
	if (fid >= SM_FID_ENCLAVE_BASE && fid <= SM_FID_ENCLAVE_LAST &&
	    !from_enclave)
		return SM_E_PROHIBITED;
	for (i = 0; i < ARRAY_SIZE(sm_calls); i++)
		if (sm_calls[i].fid == fid)
			return sm_calls[i].fn(c);
	return SM_E_NOT_IMPL;
}

static int sm_ecall_handle(unsigned long extid, unsigned long funcid,
			   struct sbi_trap_regs *regs,
			   struct sbi_ecall_return *out)
{
	struct sm_hart *h = sm_hart_this();
	struct sm_enclave *side = h ? h->enclave : NULL;
	struct sm_call c = { .regs = regs };
	int rc;

	out->skip_regs_update = true;
	rc = sm_dispatch(&c, funcid, side != NULL);
	/* A switch (RUN/RESUME/STOP/EXIT) already set the other side's a0/a1. */
	if ((h ? h->enclave : NULL) == side) {
		regs->mepc += 4;
		regs->a0 = sm_rc_to_abi(rc);
		regs->a1 = rc ? 0 : c.value;
	}
	return 0;
}

static struct sbi_ecall_extension sm_ecall_ext = {
	.name = "ks-sm", /* 7 chars: OpenSBI prints name[8] as a string */
	.extid_start = SM_EXT_ID,
	.extid_end = SM_EXT_ID,
	.handle = sm_ecall_handle,
};

int sm_ecall_register(void)
{
	return sbi_ecall_register_extension(&sm_ecall_ext) ? SM_E_NOT_INIT
							   : SM_OK;
}
