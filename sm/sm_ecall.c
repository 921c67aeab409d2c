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
	return sm_run(c->h, c->regs, c->regs->a0, false);
}

static int call_resume(struct sm_call *c)
{
	return sm_run(c->h, c->regs, c->regs->a0, true);
}

static int call_stop(struct sm_call *c)
{
	return sm_stop(c, c->regs->a0);
}

static int call_exit(struct sm_call *c)
{
	return sm_exit(c, c->regs->a0);
}

static int call_pool_donate(struct sm_call *c)
{
	return sm_epm_donate(c->regs->a0, c->regs->a1);
}

static int call_pool_reclaim(struct sm_call *c)
{
	return sm_epm_reclaim(c->regs->a0, c->regs->a1);
}

/*
 * The dispatch table, one per side, indexed by FID: Keystone's numbers
 * from x000, ours from x900 (sm_abi.h).
 */
#define SM_OWN_FIRST 900UL
static const sm_call_fn sm_host_calls[] = {
	[SM_FID_CREATE - SM_FID_HOST_BASE] = call_create,
	[SM_FID_DESTROY - SM_FID_HOST_BASE] = call_destroy,
	[SM_FID_RUN - SM_FID_HOST_BASE] = call_run,
	[SM_FID_RESUME - SM_FID_HOST_BASE] = call_resume,
};
static const sm_call_fn sm_host_own_calls[] = {
	[SM_FID_DEVICE_CERT - SM_FID_HOST_BASE - SM_OWN_FIRST] =
		sm_call_device_cert,
	[SM_FID_POOL_DONATE - SM_FID_HOST_BASE - SM_OWN_FIRST] =
		call_pool_donate,
	[SM_FID_POOL_RECLAIM - SM_FID_HOST_BASE - SM_OWN_FIRST] =
		call_pool_reclaim,
};
static const sm_call_fn sm_enclave_calls[] = {
	[SM_FID_RANDOM - SM_FID_ENCLAVE_BASE] = sm_call_random,
	[SM_FID_ATTEST - SM_FID_ENCLAVE_BASE] = sm_call_attest,
	[SM_FID_GET_SEALING_KEY - SM_FID_ENCLAVE_BASE] = sm_call_sealing_key,
	[SM_FID_STOP - SM_FID_ENCLAVE_BASE] = call_stop,
	[SM_FID_EXIT - SM_FID_ENCLAVE_BASE] = call_exit,
};
static const sm_call_fn sm_enclave_own_calls[] = {
	[SM_FID_CERT_CHAIN - SM_FID_ENCLAVE_BASE - SM_OWN_FIRST] =
		sm_call_cert_chain,
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

#define SM_LOOKUP(t, i) ((i) < ARRAY_SIZE(t) ? (t)[i] : NULL)

/* Spec order: deprecated, then wrong side, then unassigned. */
static inline __attribute__((always_inline)) int
sm_dispatch(struct sm_call *c, ulong fid, bool from_enclave)
{
	sm_call_fn fn = NULL;
	ulong i;

	if (fid <= SM_FID_DEPRECATED_LAST)
		return SM_E_DEPRECATED;
	if (fid >= SM_FID_HOST_BASE && fid <= SM_FID_HOST_LAST) {
		if (from_enclave)
			return SM_E_PROHIBITED;
		i = fid - SM_FID_HOST_BASE;
		fn = i < SM_OWN_FIRST ? SM_LOOKUP(sm_host_calls, i)
				      : SM_LOOKUP(sm_host_own_calls,
						  i - SM_OWN_FIRST);
	} else if (fid >= SM_FID_ENCLAVE_BASE && fid <= SM_FID_ENCLAVE_LAST) {
		if (!from_enclave)
			return SM_E_PROHIBITED;
		i = fid - SM_FID_ENCLAVE_BASE;
		fn = i < SM_OWN_FIRST ? SM_LOOKUP(sm_enclave_calls, i)
				      : SM_LOOKUP(sm_enclave_own_calls,
						  i - SM_OWN_FIRST);
	}
	return fn ? fn(c) : SM_E_NOT_IMPL;
}

/*
 * The one return path of a call: a0/a1 and mepc written once, here,
 * unless the call switched sides (RUN/RESUME enter the enclave and never
 * come back this way; STOP/EXIT/interrupts leave it and set the host's
 * a0/a1 in sm_ctx_leave).
 */
static void sm_call_finish(struct sm_hart *h, struct sm_enclave *side,
			   struct sm_call *c, int rc)
{
	if ((h ? h->enclave : NULL) != side)
		return;
	c->regs->mepc += 4;
	c->regs->a0 = sm_rc_to_abi(rc);
	c->regs->a1 = rc ? 0 : c->value;
}

/* The host's calls arrive through OpenSBI's ecall dispatch. */
static int sm_ecall_handle(unsigned long extid, unsigned long funcid,
			   struct sbi_trap_regs *regs,
			   struct sbi_ecall_return *out)
{
	struct sm_hart *h = sm_hart_this();
	struct sm_call c = { .regs = regs, .h = h };

	out->skip_regs_update = true;
	/* From an enclave only through the enclave vector, never here. */
	sm_call_finish(h, NULL, &c, sm_dispatch(&c, funcid, false));
	return 0;
}

/*
 * The host's calls, straight from the host vector (sm_vector.S): the
 * host's frame is where OpenSBI's vector would have put it.  Returns the
 * context to resume (RUN/RESUME do not return: they enter the enclave).
 */
struct sbi_trap_context *sm_host_call(struct sbi_trap_context *tc)
{
	struct sm_hart *h = sm_hart_this();
	struct sm_call c = { .regs = &tc->regs, .h = h };
	ulong fid = tc->regs.a6;
	int rc;

	/* The switch: straight in (on success they do not return). */
	if (fid == SM_FID_RESUME || fid == SM_FID_RUN)
		rc = sm_run(h, &tc->regs, tc->regs.a0, fid == SM_FID_RESUME);
	else
		rc = sm_dispatch(&c, fid, false);
	sm_call_finish(h, NULL, &c, rc);
	return tc;
}

/* An enclave's calls come straight from the enclave vector (sm_trap.c). */
void sm_ecall_enclave(struct sm_hart *h, struct sbi_trap_regs *regs)
{
	struct sm_enclave *side = h->enclave;
	struct sm_call c = { .regs = regs, .h = h };

	sm_call_finish(h, side, &c, sm_dispatch(&c, regs->a6, true));
}

static struct sbi_ecall_extension sm_ecall_ext = {
	.name = "ks-sm", /* 7 chars: OpenSBI prints name[8] as a string */
	.extid_start = SM_EXT_ID,
	.extid_end = SM_EXT_ID,
	.handle = sm_ecall_handle,
};

/*
 * Registered before OpenSBI's own extensions, so that OpenSBI's lookup (a
 * list walk) finds it first on the RUN/RESUME path; taken out again if the
 * monitor fails to initialise.
 */
int sm_ecall_register(void)
{
	return sbi_ecall_register_extension(&sm_ecall_ext) ? SM_E_NOT_INIT
							   : SM_OK;
}

void sm_ecall_unregister(void)
{
	sbi_ecall_unregister_extension(&sm_ecall_ext);
}
