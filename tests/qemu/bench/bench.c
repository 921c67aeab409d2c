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

/* P-256's generator: a valid public key for CERT_CHAIN (SEC1 uncompressed). */
static const u8 p256_g[65] = {
	0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc,
	0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d,
	0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
	0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb,
	0x4a, 0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31,
	0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};

/* An enclave call with a3/a4 as well (enc_ecall passes a0-a2). */
static void ecall5(struct enc *e, ulong ext, ulong fid, const ulong a[5])
{
	int i;

	for (i = 0; i < 5; i++)
		e->u[U_ARG(i)] = a[i];
	e->u[U_ARG(5)] = 0;
	e->u[U_ARG(6)] = fid;
	e->u[U_ARG(7)] = ext;
	e->u[U_CMD] = CMD_ECALL;
	enc_resume(e);
}

static u64 roundtrip5(struct enc *e, ulong ext, ulong fid, const ulong a[5])
{
	u64 best = ~0ULL, t;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		t = instret();
		ecall5(e, ext, fid, a);
		t = instret() - t;
		if (t < best)
			best = t;
	}
	return best;
}

static u64 roundtrip(struct enc *e, ulong ext, ulong fid, ulong a0, ulong a1,
		     ulong a2)
{
	const ulong a[5] = { a0, a1, a2, 0, 0 };

	return roundtrip5(e, ext, fid, a);
}

void tp_demo(ulong hartid)
{
	struct enc e;
	u64 t, base, att, seal, rnd, chain;
	static u8 cert[SM_DEVICE_CERT_MAX];
	ulong a[5];
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
	/* CERT_CHAIN: key at UTM + 0x900, 64 bytes of data at 0x800, out at 0x1000 */
	tp_memcpy((void *)(e.a.utm_paddr + 0x900), p256_g, sizeof(p256_g));
	a[0] = e.a.utm_paddr + 0x900;
	a[1] = e.a.utm_paddr + 0x800;
	a[2] = 64;
	a[3] = e.a.utm_paddr + 0x1000;
	a[4] = 0x1000;
	chain = roundtrip5(&e, SM_EXT_ID, SM_FID_CERT_CHAIN, a);
	tp_printf("BENCH cert_chain %lu (%lu bytes)\n", (ulong)(chain - base),
		  e.u[U_R0] ? 0UL : (ulong)e.u[U_R1]);
	((u8 *)e.a.utm_paddr)[0x900] = 0x03; /* the same key, compressed */
	chain = roundtrip5(&e, SM_EXT_ID, SM_FID_CERT_CHAIN, a);
	tp_printf("BENCH cert_chain_compressed_key %lu\n", (ulong)(chain - base));
	t = instret();
	r = sm_call(SM_FID_DEVICE_CERT, (ulong)cert, sizeof(cert));
	tp_printf("BENCH device_cert %lu (%lu bytes)\n", (ulong)(instret() - t),
		  r.error ? 0UL : (ulong)r.value);
	t = instret();
	enc_destroy(&e);
	tp_printf("BENCH destroy_64k %lu\n", (ulong)(instret() - t));
out:
	tp_printf("BENCH-END\n");
	sbi_shutdown();
}
