// SPDX-License-Identifier: BSD-2-Clause
/*
 * `make bench`: instructions retired (rdinstret: S, U and M-mode alike,
 * under QEMU -icount shift=0) per operation, best of ROUNDS.  The same
 * payload runs on stock OpenSBI 1.6 (the monitor's calls are then skipped)
 * so that the monitor's toll on the OS's own traps is measured in one run.
 * Lines "BENCH name value [unit]" are what scripts/bench.sh tabulates.
 * Figures only: no limit is asserted here.
 */
#include "../enclave.h"

#define ROUNDS 16
#define CMD_BENCH_RANDOM 1 /* utm[1] = number of RANDOM calls */

extern const u8 bench_exit_start[], bench_exit_end[];
extern const u8 bench_stop_start[], bench_stop_end[];
extern const u8 bench_spin_start[], bench_spin_end[];
extern const u8 bench_random_start[], bench_random_end[];
int bench_sha256(const u8 *data, ulong len, u8 out[32]);

static inline u64 instret(void)
{
	u64 v;

	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

static inline ulong csr_sip(void)
{
	ulong v;

	__asm__ __volatile__("csrr %0, sip" : "=r"(v));
	return v;
}

static ulong hartid;

static void report(const char *name, u64 v, const char *unit)
{
	tp_printf("BENCH %s %lu%s%s\n", name, (ulong)v, unit ? " " : "",
		  unit ? unit : "");
}

/* Best of ROUNDS of one SBI call. */
static u64 call_cost(ulong ext, ulong fid, ulong a0, ulong a1)
{
	u64 best = ~0ULL, t;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		t = instret();
		sbi_call(ext, fid, a0, a1, 0, 0, 0, 0);
		t = instret() - t;
		if (t < best)
			best = t;
	}
	return best;
}

/* --- what every OS trap costs (both firmwares) ------------------------- */

static void os_traps(void)
{
	u64 best = ~0ULL, t, far, due;
	int i;

	report("floor_base_probe", call_cost(0x10, 3, 0x10, 0), NULL);
	far = call_cost(SBI_EXT_TIME, 0, ~0ULL, 0);
	report("set_timer", far, NULL);
	/* A deadline already due: the machine timer interrupt follows the
	 * ecall (no Sstc); the difference is that trap. */
	for (i = 0; i < ROUNDS; i++) {
		t = instret();
		sbi_call(SBI_EXT_TIME, 0, 0, 0, 0, 0, 0, 0);
		__asm__ __volatile__("nop");
		t = instret() - t;
		if (t < best)
			best = t;
	}
	due = best;
	report("timer_interrupt", due > far ? due - far : 0, NULL);
	sbi_set_timer(~0ULL);
	/* An IPI to itself: the ecall, then the software interrupt. */
	best = ~0ULL;
	for (i = 0; i < ROUNDS; i++) {
		__asm__ __volatile__("csrc sip, %0" ::"r"(2UL));
		t = instret();
		sbi_call(SBI_EXT_IPI, 0, 1, hartid, 0, 0, 0, 0);
		while (!(csr_sip() & 2))
			;
		t = instret() - t;
		if (t < best)
			best = t;
	}
	__asm__ __volatile__("csrc sip, %0" ::"r"(2UL));
	report("ipi_self", best, NULL);
	report("rfence_i_self", call_cost(SBI_EXT_RFENCE, 0, 1, hartid), NULL);
}

/* --- the monitor ------------------------------------------------------- */

static long load_create(struct enc *e, unsigned int slot, const u8 *start,
			const u8 *end)
{
	ulong epm = EPM_AREA + slot * EPM_SIZE;

	tp_memset((void *)epm, 0, 0x3000);
	tp_memcpy((void *)epm, start, end - start);
	return enc_create_loaded(e, epm, EPM_SIZE, UTM_AREA + slot * UTM_SIZE,
				 UTM_SIZE);
}

static u64 stop_resume_cost(void);

static void switches(void)
{
	struct enc e;
	u64 best = ~0ULL, t, spins;
	struct sbiret r;
	int i;

	report("sm_null_call", call_cost(SM_EXT_ID, 2004, 0, 0), NULL);

	/* RUN -> EXIT: a fresh enclave each round */
	for (i = 0; i < ROUNDS; i++) {
		if (load_create(&e, 0, bench_exit_start, bench_exit_end))
			return;
		t = instret();
		r = sm_call(SM_FID_RUN, e.eid);
		t = instret() - t;
		enc_destroy(&e);
		if (r.error || r.value != 42)
			return;
		if (t < best)
			best = t;
	}
	report("run_exit", best, NULL);

	/* STOP -> RESUME: the host's RESUME until the enclave's next STOP */
	best = stop_resume_cost();
	if (!best)
		return;
	report("stop_resume", best, NULL);

	/*
	 * Timer preemption -> RESUME: the host's deadline is already due, so
	 * the enclave runs its minimum slice and is INTERRUPTED; its own
	 * instructions (3 per counted iteration) are taken out.
	 */
	if (load_create(&e, 0, bench_spin_start, bench_spin_end))
		return;
	/* the host's deadline counts while it has its timer enabled */
	__asm__ __volatile__("csrc sstatus, 2");
	tp_timer_irq_enable(true);
	sbi_set_timer(~0ULL);
	if (enc_run(&e) != (long)SM_ERR_EDGE_CALL_HOST)
		goto spin_done;
	best = ~0ULL;
	for (i = 0; i < ROUNDS; i++) {
		spins = e.u[0];
		sbi_set_timer(0);
		t = instret();
		r.error = enc_resume(&e);
		t = instret() - t;
		spins = e.u[0] - spins;
		if (r.error != (long)SM_ERR_INTERRUPTED)
			break;
		t -= 3 * spins;
		if (t < best)
			best = t;
	}
	sbi_set_timer(~0ULL);
	if (best != ~0ULL)
		report("interrupted_resume", best, NULL);
spin_done:
	tp_timer_irq_enable(false);
	enc_destroy(&e);
}

static void random_cost(void)
{
	struct enc e;
	u64 with, without = ~0ULL, t;
	int i;

	if (load_create(&e, 0, bench_random_start, bench_random_end) ||
	    enc_run(&e) != (long)SM_ERR_EDGE_CALL_HOST)
		goto out;
	e.u[1] = 0;
	for (i = 0; i < 4; i++) {
		t = instret();
		enc_resume(&e);
		t = instret() - t;
		if (t < without)
			without = t;
	}
	e.u[1] = 1024;
	t = instret();
	if (enc_resume(&e) != (long)SM_ERR_EDGE_CALL_HOST)
		goto out;
	with = instret() - t;
	/* per call, amortised over 1024 calls (7 instructions of loop each) */
	report("random", (with - without) / 1024 - 7, NULL);
out:
	enc_destroy(&e);
}

/* DESTROY of a 4 MiB EPM: instructions per byte scrubbed (x1000). */
static void destroy_cost(void)
{
	struct enc e;
	ulong epm = EPM_AREA + 0x400000;
	u64 t, t64;

	tp_memset((void *)epm, 0, 0x1000);
	tp_memcpy((void *)epm, bench_exit_start, bench_exit_end - bench_exit_start);
	if (enc_create_loaded(&e, epm, 0x10000, UTM_AREA, UTM_SIZE))
		return;
	t = instret();
	enc_destroy(&e);
	t64 = instret() - t;
	if (enc_create_loaded(&e, epm, 0x400000, UTM_AREA, UTM_SIZE))
		return;
	t = instret();
	enc_destroy(&e);
	t = instret() - t;
	report("destroy_64k", t64, NULL);
	report("destroy_4m", t, NULL);
	report("destroy_per_kb", (t - t64) * 1024 / (0x400000 - 0x10000),
	       "per KiB");
}

/* A CREATE of 1 MiB or 4 KiB of image in a 2 MiB EPM; its cost, or 0. */
static u64 create_once(ulong epm, ulong loaded)
{
	static struct sm_create_args a;
	struct sbiret r;
	u64 t;

	a = (struct sm_create_args){ epm, 0x200000, UTM_AREA, UTM_SIZE,
				     epm, epm + 0x1000, epm + loaded, 0 };
	t = instret();
	r = sm_call(SM_FID_CREATE, (ulong)&a);
	t = instret() - t;
	if (r.error)
		return 0;
	sm_call(SM_FID_DESTROY, r.value);
	return t;
}

/* STOP -> RESUME of the enclave in slot 0, best of ROUNDS (0: failed). */
static u64 stop_resume_cost(void)
{
	struct enc e;
	u64 best = ~0ULL, t;
	int i;

	if (load_create(&e, 0, bench_stop_start, bench_stop_end) ||
	    enc_run(&e) != (long)SM_ERR_EDGE_CALL_HOST)
		return 0;
	for (i = 0; i < ROUNDS; i++) {
		t = instret();
		enc_resume(&e);
		t = instret() - t;
		if (t < best)
			best = t;
	}
	enc_destroy(&e);
	return best;
}

/*
 * CREATE: the cost of measuring 1 MiB (a CREATE with 1 MiB of image minus
 * one with 4 KiB), against mbedTLS's SHA-256 over the same bytes in a plain
 * loop here in S-mode (the same source, the same compiler).  Measured in
 * place (the boot pool taken back for a moment with POOL_RECLAIM), so that
 * it is hashing alone; then the same CREATE adopted into the pool: the
 * difference is what the pool adds per byte loaded (the copy, and zeroing
 * the rest of the block, here as large again).  The switch in place too.
 */
static void create_cost(void)
{
	ulong epm = EPM_AREA + 0x400000, mib = 0x100000, pb, ps;
	u64 t, small, big, asmall, abig, sr = 0;
	bool pool, inplace = false;
	u8 out[32];

	tp_memset((void *)epm, 0x5a, 2 * mib);
	tp_memcpy((void *)epm, bench_exit_start, bench_exit_end - bench_exit_start);
	asmall = create_once(epm, 0x1000);
	abig = create_once(epm, mib);
	if (!asmall || !abig)
		return;
	small = asmall;
	big = abig;
	pool = tp_pool_range(&pb, &ps);
	if (pool && !sm_call(SM_FID_POOL_RECLAIM, pb, ps).error) {
		small = create_once(epm, 0x1000);
		big = create_once(epm, mib);
		sr = stop_resume_cost();
		inplace = small && big;
		if (sm_call(SM_FID_POOL_DONATE, pb, ps).error)
			return;
		if (!inplace)
			return;
	}
	report("create_4k", small, NULL);
	report("create_1m", big, NULL);
	report("create_hash_per_kb", (big - small) * 1024 / (mib - 0x1000),
	       "per KiB");
	if (inplace) {
		report("create_adopted_1m", abig, NULL);
		report("create_copy_per_kb",
		       abig > big ? (abig - big) * 1024 / mib : 0, "per KiB");
		report("stop_resume_inplace", sr, NULL);
	}
	t = instret();
	bench_sha256((const u8 *)epm, mib, out);
	t = instret() - t;
	report("sha256_plain_per_kb", t * 1024 / mib, "per KiB");
}

/* The expensive calls, from an enclave (the probe enclave's ECALL). */
static u64 enclave_call5(struct enc *e, ulong fid, const ulong a[5])
{
	u64 best = ~0ULL, t;
	int i, k;

	for (i = 0; i < 3; i++) {
		e->u[U_CMD] = CMD_ECALL;
		for (k = 0; k < 5; k++)
			e->u[U_ARG(k)] = a[k];
		e->u[U_ARG(6)] = fid;
		e->u[U_ARG(7)] = SM_EXT_ID;
		t = instret();
		enc_resume(e);
		t = instret() - t;
		if (t < best)
			best = t;
	}
	return best;
}

static u64 enclave_call(struct enc *e, ulong fid, ulong a0, ulong a1, ulong a2)
{
	const ulong a[5] = { a0, a1, a2, 0, 0 };

	return enclave_call5(e, fid, a);
}

/* P-256's generator: a valid public key for CERT_CHAIN (SEC1 uncompressed). */
static const u8 p256_g[65] = {
	0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc,
	0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d,
	0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
	0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb,
	0x4a, 0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31,
	0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};

static void crypto_calls(void)
{
	static u8 cert[SM_DEVICE_CERT_MAX];
	struct enc e;
	struct sbiret r;
	ulong a[5];
	u64 base, t;

	if (enc_create(&e, 1) || enc_run(&e) != (long)SM_ERR_EDGE_CALL_HOST)
		return;
	base = enclave_call(&e, 2004, 0, 0, 0);
	report("attest", enclave_call(&e, SM_FID_ATTEST, e.a.utm_paddr + 0x1000,
				      e.a.utm_paddr + 0x800, 64) - base, NULL);
	report("get_sealing_key",
	       enclave_call(&e, SM_FID_GET_SEALING_KEY, enc_epm(&e) + 0x6000,
			    enc_epm(&e) + 0x6100, 16) - base, NULL);
	/* CERT_CHAIN: key at UTM + 0x900, 64 bytes of data at 0x800 */
	tp_memcpy((void *)(e.a.utm_paddr + 0x900), p256_g, sizeof(p256_g));
	a[0] = e.a.utm_paddr + 0x900;
	a[1] = e.a.utm_paddr + 0x800;
	a[2] = 64;
	a[3] = e.a.utm_paddr + 0x1000;
	a[4] = 0x1000;
	report("cert_chain", enclave_call5(&e, SM_FID_CERT_CHAIN, a) - base,
	       NULL);
	enc_destroy(&e);
	t = instret();
	r = sm_call(SM_FID_DEVICE_CERT, (ulong)cert, sizeof(cert));
	t = instret() - t;
	if (!r.error)
		report("device_cert", t, NULL);
}

/*
 * "prof" on the command line: only the switches, for -d exec profiles
 * ("prof" STOP->RESUME rounds, "profrun" RUN->EXIT of fresh enclaves).
 */
static int prof_only(void)
{
	u32 len;
	const char *a = tp_fdt_find(tp_fdt, "chosen", "bootargs", &len);

	if (!a || len < 4 || tp_memcmp(a, "prof", 4))
		return 0;
	return len >= 7 && !tp_memcmp(a, "profrun", 7) ? 2 : 1;
}

static void prof_wait(void)
{
	tp_printf("PROF-START\n");
	/* idle a while: time to switch QEMU's exec log on */
	sbi_set_timer(tp_time() + tp_ms(3000));
	tp_timer_irq_enable(true);
	__asm__ __volatile__("wfi");
	tp_timer_irq_enable(false);
	sbi_set_timer(~0ULL);
}

void tp_demo(ulong id)
{
	/* minstret counts from reset: the firmware's boot, then this
	 * payload's start (the same on both firmwares) */
	u64 boot = instret();

	hartid = id;
	if (prof_only() == 2) {
		struct enc es[8];
		int i;

		for (i = 0; i < 8; i++)
			if (load_create(&es[i], i, bench_exit_start,
					bench_exit_end))
				break;
		if (i == 8) {
			prof_wait();
			for (i = 0; i < 8; i++)
				sm_call(SM_FID_RUN, es[i].eid);
			tp_printf("PROF-END\n");
		}
		for (;;)
			__asm__ __volatile__("wfi");
	}
	if (prof_only()) {
		struct enc e;
		int i;

		if (!load_create(&e, 0, bench_stop_start, bench_stop_end) &&
		    enc_run(&e) == (long)SM_ERR_EDGE_CALL_HOST) {
			prof_wait();
			for (i = 0; i < 16; i++)
				enc_resume(&e);
			tp_printf("PROF-END\n");
		}
		/* no shutdown: the trace must end with the rounds */
		for (;;)
			__asm__ __volatile__("wfi");
	}
	tp_printf("\n== bench: instructions retired (best of %d)\n", ROUNDS);
	report("boot", boot, NULL);
	os_traps();
	if (sbi_probe(SM_EXT_ID) == 1) {
		switches();
		random_cost();
		destroy_cost();
		create_cost();
		crypto_calls();
	}
	tp_printf("BENCH-END\n");
	sbi_shutdown();
}
