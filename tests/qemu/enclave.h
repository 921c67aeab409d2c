/* SPDX-License-Identifier: BSD-2-Clause */
/* Host-side helpers to drive the probe enclave (enclave/probe.S). */
#ifndef TEST_ENCLAVE_H
#define TEST_ENCLAVE_H

#include "lib/tp.h"

#define EPM_AREA 0x90000000UL /* test EPMs: 0x90000000.. */
#define UTM_AREA 0x98000000UL /* test UTMs: 0x98000000.. */
#define EPM_SIZE 0x10000UL
#define UTM_SIZE 0x2000UL

enum { CMD_ECALL = 1, CMD_LOAD, CMD_STORE, CMD_EXEC, CMD_EXIT, CMD_SPIN,
       CMD_SNAP, CMD_SENTINEL, CMD_TIMER };

#define U_CMD 0
#define U_ARG(i) (1 + (i))
#define U_R0 16
#define U_R1 17
#define U_COUNT 18
#define U_TICKS 19
#define U_ERR 20
#define U_ERR_FP 21
#define U_SNAP 32 /* 32 gpr, 32 fp, fcsr, sstatus, sie, sip, stvec, sscratch,
		     sepc, scause, stval, satp, scounteren, senvcfg */

struct enc {
	ulong eid;
	struct sm_create_args a;
	volatile ulong *u;
};

extern const u8 enclave_probe_start[], enclave_probe_end[];

/* Creates an enclave from whatever the EPM holds (runtime at 0, user 0x1000). */
static inline long enc_create_loaded(struct enc *e, ulong epm, ulong epm_size,
				     ulong utm, ulong utm_size)
{
	struct sbiret r;

	tp_memset((void *)utm, 0, utm_size);
	e->a.epm_paddr = epm;
	e->a.epm_size = epm_size;
	e->a.utm_paddr = utm;
	e->a.utm_size = utm_size;
	e->a.runtime_paddr = epm;
	e->a.user_paddr = epm + 0x2000;
	e->a.free_paddr = epm + 0x3000;
	e->a.free_requested = 0;
	e->u = (volatile ulong *)utm;
	r = sm_call(SM_FID_CREATE, (ulong)&e->a, 0, 0);
	e->eid = r.error ? 0 : r.value;
	return r.error;
}

/* Loads the probe image into the EPM and creates the enclave. */
static inline long enc_create_at(struct enc *e, ulong epm, ulong epm_size,
				 ulong utm, ulong utm_size)
{
	ulong n = enclave_probe_end - enclave_probe_start;

	tp_memset((void *)epm, 0, epm_size);
	tp_memcpy((void *)epm, enclave_probe_start, n);
	return enc_create_loaded(e, epm, epm_size, utm, utm_size);
}

/*
 * A C enclave (tests/qemu/enclave/NAME.c) is linked into every payload as
 * enclave_NAME_start .. enclave_NAME_end: ENCLAVE_IMAGE(NAME) declares it.
 */
#define ENCLAVE_IMAGE(name) \
	extern const u8 enclave_##name##_start[], enclave_##name##_end[]

/* Loads an image into slot's EPM and creates the enclave. */
static inline long enc_create_image(struct enc *e, unsigned int slot,
				    const u8 *start, const u8 *end)
{
	ulong epm = EPM_AREA + slot * EPM_SIZE;

	/* runtime at 0, user at 0x2000 (enc_create_loaded): it must fit */
	if (end - start > 0x2000)
		return -1;
	tp_memset((void *)epm, 0, EPM_SIZE);
	tp_memcpy((void *)epm, start, end - start);
	return enc_create_loaded(e, epm, EPM_SIZE, UTM_AREA + slot * UTM_SIZE,
				 UTM_SIZE);
}

static inline long enc_create(struct enc *e, unsigned int slot)
{
	return enc_create_at(e, EPM_AREA + slot * EPM_SIZE, EPM_SIZE,
			     UTM_AREA + slot * UTM_SIZE, UTM_SIZE);
}

/* First RUN: the enclave snapshots itself and comes back with an edge call. */
static inline long enc_run(struct enc *e)
{
	return sm_call(SM_FID_RUN, e->eid, 0, 0).error;
}

static inline long enc_resume(struct enc *e)
{
	return sm_call(SM_FID_RESUME, e->eid, 0, 0).error;
}

static inline long enc_cmd(struct enc *e, ulong cmd, ulong a0, ulong a1)
{
	e->u[U_CMD] = cmd;
	e->u[U_ARG(0)] = a0;
	e->u[U_ARG(1)] = a1;
	return enc_resume(e);
}

/* An SBI call made by the enclave; returns its a0, *val = a1. */
static inline long enc_ecall(struct enc *e, ulong ext, ulong fid, ulong a0,
			     ulong a1, ulong a2, ulong *val)
{
	e->u[U_CMD] = CMD_ECALL;
	e->u[U_ARG(0)] = a0;
	e->u[U_ARG(1)] = a1;
	e->u[U_ARG(2)] = a2;
	e->u[U_ARG(3)] = 0;
	e->u[U_ARG(4)] = 0;
	e->u[U_ARG(5)] = 0;
	e->u[U_ARG(6)] = fid;
	e->u[U_ARG(7)] = ext;
	e->u[U_R0] = 0xbad;
	if (enc_resume(e) != (long)SM_ERR_EDGE_CALL_HOST)
		return 0x7ead;
	if (val)
		*val = e->u[U_R1];
	return e->u[U_R0];
}

/* The fault cause of an enclave access (0: it worked). */
static inline ulong enc_probe(struct enc *e, ulong cmd, ulong addr)
{
	e->u[U_R1] = 0xbad;
	if (enc_cmd(e, cmd, addr, 0x77) != (long)SM_ERR_EDGE_CALL_HOST)
		return 0x7ead;
	return e->u[U_R1];
}

/*
 * The EPM the enclave really runs in: a1 at its first entry, which the
 * test enclaves leave in the UTM's last word.  The monitor may have copied
 * it into its pool (spec: EPM adoption), so probes of an enclave's memory
 * use this, not the EPM the host asked for.  Valid once it has run.
 */
static inline ulong enc_epm(const struct enc *e)
{
	return e->u[e->a.utm_size / 8 - 1];
}

/* Did the monitor run it somewhere else than where the host put it? */
static inline bool enc_adopted(const struct enc *e)
{
	return enc_epm(e) != e->a.epm_paddr;
}

static inline long enc_destroy(struct enc *e)
{
	return sm_call(SM_FID_DESTROY, e->eid, 0, 0).error;
}

#endif
