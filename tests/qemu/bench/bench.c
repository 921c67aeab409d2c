// SPDX-License-Identifier: BSD-2-Clause
/*
 * `make bench`: instructions retired (instret, M-mode included) per monitor
 * call, measured from the host side.  Enclave-side calls are measured as a
 * RESUME -> call -> STOP round trip minus the same round trip with a call
 * that does nothing (the base extension's probe).  Figures only, no limits.
 */
#include "../enclave.h"

static inline u64 instret(void)
{
	u64 v;

	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

#define ROUNDS 8

static u64 roundtrip(struct enc *e, ulong ext, ulong fid, ulong a0, ulong a1,
		     ulong a2)
{
	u64 best = ~0ULL, t;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		t = instret();
		enc_ecall(e, ext, fid, a0, a1, a2, NULL);
		t = instret() - t;
		if (t < best)
			best = t;
	}
	return best;
}

void tp_demo(ulong hartid)
{
	struct enc e;
	u64 t, base, att, seal, rnd;
	struct sbiret r;

	tp_printf("\n== bench: instructions retired (best of %d)\n", ROUNDS);
	t = instret();
	sm_call(2004, 0, 0, 0);
	tp_printf("BENCH null_call %lu\n", (ulong)(instret() - t));
	t = instret();
	r.error = enc_create(&e, 0);
	tp_printf("BENCH create_64k %lu\n", (ulong)(instret() - t));
	if (r.error)
		goto out;
	t = instret();
	enc_run(&e);
	tp_printf("BENCH first_run_to_stop %lu\n", (ulong)(instret() - t));
	base = roundtrip(&e, 0x10, 3, SM_EXT_ID, 0, 0);
	tp_printf("BENCH resume_stop_roundtrip %lu\n", (ulong)base);
	att = roundtrip(&e, SM_EXT_ID, SM_FID_ATTEST, e.a.utm_paddr + 0x1000,
			e.a.utm_paddr + 0x800, 64);
	tp_printf("BENCH attest %lu\n", (ulong)(att - base));
	seal = roundtrip(&e, SM_EXT_ID, SM_FID_GET_SEALING_KEY,
			 e.a.epm_paddr + 0x6000, e.a.epm_paddr + 0x6100, 16);
	tp_printf("BENCH get_sealing_key %lu\n", (ulong)(seal - base));
	rnd = roundtrip(&e, SM_EXT_ID, SM_FID_RANDOM, 0, 0, 0);
	tp_printf("BENCH random %lu\n", (ulong)(rnd - base));
	t = instret();
	enc_destroy(&e);
	tp_printf("BENCH destroy_64k %lu\n", (ulong)(instret() - t));
out:
	tp_printf("BENCH-END\n");
	sbi_shutdown();
}
