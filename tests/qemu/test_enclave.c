// SPDX-License-Identifier: BSD-2-Clause
/*
 * Enclave lifecycle, argument validation, first-entry state, register
 * isolation, memory isolation (both ways, several harts), preemption and
 * the SBI calls an enclave may make.
 */
#include "enclave.h"
#include "hello.h"
#include "umode.h"

static struct sbiret create_raw(struct sm_create_args *a)
{
	return sm_call(SM_FID_CREATE, (ulong)a, 0, 0);
}

TEST(lifecycle)
{
	struct enc e;

	ASSERT_EQ(enc_create(&e, 0), 0);
	EXPECT_NE(e.eid, 0);
	EXPECT_EQ(enc_resume(&e), SM_ERR_NOT_RESUMABLE); /* not started */
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	EXPECT_EQ(enc_run(&e), SM_ERR_NOT_FRESH);
	EXPECT_EQ(enc_destroy(&e) == 0, 1); /* a stopped enclave is destroyable */

	ASSERT_EQ(enc_create(&e, 0), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	/* edge call round trip: the enclave reads what the host put in UTM */
	e.u[200] = 0x1234abcd;
	EXPECT_EQ(enc_cmd(&e, CMD_LOAD, e.a.utm_paddr + 200 * 8, 0),
		  SM_ERR_EDGE_CALL_HOST);
	EXPECT_EQ(e.u[U_R0], 0x1234abcd);
	/* EXIT: RESUME returns 0 and the value, then only DESTROY works */
	e.u[U_CMD] = CMD_EXIT;
	e.u[U_ARG(0)] = 0xfeedface12345678UL;
	{
		struct sbiret r = sm_call(SM_FID_RESUME, e.eid, 0, 0);

		EXPECT_EQ(r.error, 0);
		EXPECT_EQ(r.value, 0xfeedface12345678UL);
	}
	EXPECT_EQ(enc_resume(&e), SM_ERR_NOT_RESUMABLE);
	EXPECT_EQ(enc_run(&e), SM_ERR_NOT_FRESH);
	EXPECT_EQ(enc_destroy(&e), 0);
	EXPECT_EQ(enc_destroy(&e), SM_ERR_INVALID_ID);
	EXPECT_EQ(enc_run(&e), SM_ERR_INVALID_ID);
	EXPECT_EQ(enc_resume(&e), SM_ERR_INVALID_ID);
}

TEST(bad_ids)
{
	static const ulong ids[] = { 0, 12345, 0x100000001UL, ~0UL };
	unsigned int i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		EXPECT_EQ(sm_call(SM_FID_DESTROY, ids[i], 0, 0).error,
			  SM_ERR_INVALID_ID);
		EXPECT_EQ(sm_call(SM_FID_RUN, ids[i], 0, 0).error,
			  SM_ERR_INVALID_ID);
		EXPECT_EQ(sm_call(SM_FID_RESUME, ids[i], 0, 0).error,
			  SM_ERR_INVALID_ID);
	}
}

struct bad_case {
	const char *what;
	struct sm_create_args a;
	ulong expect;
};

#define E0 EPM_AREA
#define U0 UTM_AREA
#define OK_ARGS(ep, es, up, us) { ep, es, up, us, ep, ep + 0x1000, ep + 0x2000, 0 }

TEST(create_args_validation)
{
	static const struct bad_case cases[] = {
		{ "epm_size 0", { E0, 0, U0, 0x1000, E0, E0, E0, 0 }, SM_ERR_ILLEGAL_ARGUMENT },
		{ "epm unaligned", OK_ARGS(E0 + 0x800, 0x10000, U0, 0x1000), SM_ERR_ILLEGAL_ARGUMENT },
		{ "epm size unaligned", { E0, 0x10800, U0, 0x1000, E0, E0, E0, 0 }, SM_ERR_ILLEGAL_ARGUMENT },
		{ "utm unaligned", OK_ARGS(E0, 0x10000, U0 + 8, 0x1000), SM_ERR_ILLEGAL_ARGUMENT },
		{ "utm size unaligned", OK_ARGS(E0, 0x10000, U0, 0x1001), SM_ERR_ILLEGAL_ARGUMENT },
		{ "epm wraps", { 0xfffffffffff00000UL, 0x200000, U0, 0x1000, 0xfffffffffff00000UL, 0xfffffffffff00000UL, 0xfffffffffff00000UL, 0 }, SM_ERR_ILLEGAL_ARGUMENT },
		{ "utm wraps", OK_ARGS(E0, 0x10000, 0xfffffffffffff000UL, 0x2000), SM_ERR_ILLEGAL_ARGUMENT },
		{ "epm is MMIO", OK_ARGS(0x10000000UL, 0x10000, U0, 0x1000), SM_ERR_ILLEGAL_ARGUMENT },
		{ "epm past DRAM", OK_ARGS(0x9fff0000UL, 0x20000, U0, 0x1000), SM_ERR_ILLEGAL_ARGUMENT },
		{ "utm outside DRAM", OK_ARGS(E0, 0x10000, 0x10000000UL, 0x1000), SM_ERR_ILLEGAL_ARGUMENT },
		{ "utm past DRAM", OK_ARGS(E0, 0x10000, 0x9ffff000UL, 0x2000), SM_ERR_ILLEGAL_ARGUMENT },
		{ "runtime before epm", { E0, 0x10000, U0, 0x1000, E0 - 0x1000, E0, E0, 0 }, SM_ERR_ILLEGAL_ARGUMENT },
		{ "user before runtime", { E0, 0x10000, U0, 0x1000, E0 + 0x2000, E0 + 0x1000, E0 + 0x3000, 0 }, SM_ERR_ILLEGAL_ARGUMENT },
		{ "free before user", { E0, 0x10000, U0, 0x1000, E0, E0 + 0x2000, E0 + 0x1000, 0 }, SM_ERR_ILLEGAL_ARGUMENT },
		{ "free past epm end", { E0, 0x10000, U0, 0x1000, E0, E0, E0 + 0x10001, 0 }, SM_ERR_ILLEGAL_ARGUMENT },
		{ "epm over firmware", OK_ARGS(0x80000000UL, 0x10000, U0, 0x1000), SM_ERR_REGION_OVERLAPS },
		{ "utm over firmware", OK_ARGS(E0, 0x10000, 0x80010000UL, 0x1000), SM_ERR_REGION_OVERLAPS },
		{ "utm inside epm", OK_ARGS(E0, 0x10000, E0 + 0x8000, 0x1000), SM_ERR_REGION_OVERLAPS },
		{ "epm over utm", OK_ARGS(U0, 0x10000, U0 + 0x4000, 0x1000), SM_ERR_REGION_OVERLAPS },
	};
	unsigned int i;
	struct sbiret r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sm_create_args a = cases[i].a;

		r = create_raw(&a);
		if ((ulong)r.error != cases[i].expect)
			tp_printf("  case '%s'\n", cases[i].what);
		EXPECT_EQ(r.error, cases[i].expect);
		EXPECT_EQ(r.value, 0);
	}
	/* the argument itself unreadable (inside the firmware) */
	EXPECT_EQ(sm_call(SM_FID_CREATE, 0x80010000UL, 0, 0).error,
		  SM_ERR_ILLEGAL_ARGUMENT);
	/* nothing was left half-created: a good create still works */
	{
		struct enc e;

		ulong real;

		ASSERT_EQ(enc_create(&e, 0), 0);
		ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
		real = enc_epm(&e);
		/* overlaps with a live enclave's EPM (where it runs) and UTM */
		struct sm_create_args a = OK_ARGS(real, 0x10000, U0 + 0x100000, 0x1000);

		EXPECT_EQ(create_raw(&a).error, SM_ERR_REGION_OVERLAPS);
		struct sm_create_args b = OK_ARGS(E0 + 0x100000, 0x10000, U0, 0x1000);

		EXPECT_EQ(create_raw(&b).error, SM_ERR_REGION_OVERLAPS);
		/* the argument inside a live EPM: the host cannot read it */
		EXPECT_EQ(sm_call(SM_FID_CREATE, real + 0x8000, 0, 0).error,
			  SM_ERR_ILLEGAL_ARGUMENT);
		EXPECT_EQ(enc_destroy(&e), 0);
	}
}

TEST(first_entry_state)
{
	struct enc e;
	volatile ulong *s;
	unsigned int i;
	ulong base;

	ASSERT_EQ(enc_create(&e, 1), 0);
	/* host sentinels that must not reach the enclave */
	__asm__ __volatile__("csrw sscratch, %0" ::"r"(0x5eed5eedUL));
	__asm__ __volatile__("li t0, 0x4848484848484848\n"
			     "fmv.d.x f5, t0\n fmv.d.x f31, t0\n"
			     "li t0, 0x1f\n fscsr t0\n" ::: "t0");
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	ASSERT_EQ(enc_cmd(&e, CMD_SNAP, 0, 0), SM_ERR_EDGE_CALL_HOST);
	s = &e.u[U_SNAP];
	/* where it runs (the pool, if adopted): page-aligned, same offsets */
	base = s[11];
	EXPECT_EQ(base & 0xfff, 0);
	EXPECT_EQ(base, enc_epm(&e));
	for (i = 1; i < 32; i++) {
		ulong want = 0;

		switch (i) {
		case 11: want = base; break;
		case 12: want = e.a.epm_size; break;
		case 13: want = base + e.a.runtime_paddr - e.a.epm_paddr; break;
		case 14: want = base + e.a.user_paddr - e.a.epm_paddr; break;
		case 15: want = base + e.a.free_paddr - e.a.epm_paddr; break;
		case 16: want = e.a.utm_paddr; break;
		case 17: want = e.a.utm_size; break;
		}
		if (s[i] != want)
			tp_printf("  x%u\n", i);
		EXPECT_EQ(s[i], want);
	}
	for (i = 32; i < 65; i++)
		EXPECT_EQ(s[i], 0); /* f0-f31, fcsr */
	EXPECT_EQ(s[65] & 0x2, 0); /* sstatus.SIE */
	EXPECT_EQ((s[65] >> 13) & 3, 1); /* FS = Initial */
	EXPECT_EQ(s[66], 0); /* sie */
	EXPECT_EQ(s[67], 0); /* sip */
	EXPECT_EQ(s[68], 0); /* stvec */
	EXPECT_EQ(s[69], 0); /* sscratch: not the host's */
	EXPECT_EQ(s[70], 0); /* sepc */
	EXPECT_EQ(s[71], 0); /* scause */
	EXPECT_EQ(s[72], 0); /* stval */
	EXPECT_EQ(s[73], 0); /* satp */
	EXPECT_EQ(s[74], 0x7); /* scounteren: CY, TM, IR for its U-mode */
	EXPECT_EQ(s[75], 0); /* senvcfg */
	{
		ulong ss, f5;

		__asm__ __volatile__("csrr %0, sscratch" : "=r"(ss));
		__asm__ __volatile__("fmv.x.d %0, f5" : "=r"(f5));
		EXPECT_EQ(ss, 0x5eed5eedUL);
		EXPECT_EQ(f5, 0x4848484848484848UL);
	}
	EXPECT_EQ(enc_destroy(&e), 0);
}

/* The enclave fills every register with its pattern and leaves; the host's
 * registers must come back exactly, and the enclave's on RESUME. */
TEST(registers_isolated)
{
	struct enc e;
	ulong out[16], fout[4], ss, fcsr;

	ASSERT_EQ(enc_create(&e, 2), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	e.u[U_CMD] = CMD_SENTINEL;
	__asm__ __volatile__("csrw sscratch, %0" ::"r"(0x5eedUL));
	__asm__ __volatile__(
		"li t0, 0x4848484848484848\n fmv.d.x f0, t0\n fmv.d.x f9, t0\n"
		"fmv.d.x f31, t0\n csrw fcsr, zero\n"
		"li s2, 0x1002\n li s3, 0x1003\n li s4, 0x1004\n li s5, 0x1005\n"
		"li s6, 0x1006\n li s7, 0x1007\n li s8, 0x1008\n li s9, 0x1009\n"
		"li s10, 0x1010\n li s11, 0x1011\n li t3, 0x1013\n li t4, 0x1014\n"
		"li t5, 0x1015\n li t6, 0x1016\n li a2, 0x1017\n li a5, 0x1018\n"
		"mv a0, %[eid]\n li a6, 2005\n li a7, 0x08424b45\n ecall\n"
		"sd s2, 0(%[o])\n sd s3, 8(%[o])\n sd s4, 16(%[o])\n sd s5, 24(%[o])\n"
		"sd s6, 32(%[o])\n sd s7, 40(%[o])\n sd s8, 48(%[o])\n sd s9, 56(%[o])\n"
		"sd s10, 64(%[o])\n sd s11, 72(%[o])\n sd t3, 80(%[o])\n sd t4, 88(%[o])\n"
		"sd t5, 96(%[o])\n sd t6, 104(%[o])\n sd a2, 112(%[o])\n sd a5, 120(%[o])\n"
		"fmv.x.d t0, f0\n sd t0, 0(%[f])\n fmv.x.d t0, f9\n sd t0, 8(%[f])\n"
		"fmv.x.d t0, f31\n sd t0, 16(%[f])\n sd a0, 24(%[f])\n"
		:
		: [eid] "r"(e.eid), [o] "r"(out), [f] "r"(fout)
		: "t0", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10",
		  "s11", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4",
		  "a5", "a6", "a7", "memory");
	__asm__ __volatile__("csrr %0, sscratch" : "=r"(ss));
	__asm__ __volatile__("frcsr %0" : "=r"(fcsr));
	EXPECT_EQ(fout[3], SM_ERR_EDGE_CALL_HOST);
	EXPECT_EQ(out[0], 0x1002);
	EXPECT_EQ(out[4], 0x1006);
	EXPECT_EQ(out[9], 0x1011);
	EXPECT_EQ(out[10], 0x1013);
	EXPECT_EQ(out[13], 0x1016);
	EXPECT_EQ(out[14], 0x1017);
	EXPECT_EQ(out[15], 0x1018);
	EXPECT_EQ(fout[0], 0x4848484848484848UL);
	EXPECT_EQ(fout[1], 0x4848484848484848UL);
	EXPECT_EQ(fout[2], 0x4848484848484848UL);
	EXPECT_EQ(fcsr, 0);
	EXPECT_EQ(ss, 0x5eedUL);
	/* and the enclave finds its own registers intact */
	EXPECT_EQ(enc_resume(&e), SM_ERR_EDGE_CALL_HOST);
	EXPECT_EQ(e.u[U_ERR], 0);
	EXPECT_EQ(e.u[U_ERR_FP], 0);
	EXPECT_EQ(enc_destroy(&e), 0);
}

TEST(enclave_memory_isolation)
{
	struct enc a, b;
	ulong ea, eb;

	ASSERT_EQ(enc_create(&a, 3), 0);
	ASSERT_EQ(enc_create(&b, 4), 0);
	ASSERT_EQ(enc_run(&a), SM_ERR_EDGE_CALL_HOST);
	ASSERT_EQ(enc_run(&b), SM_ERR_EDGE_CALL_HOST);
	ea = enc_epm(&a);
	eb = enc_epm(&b);
	EXPECT_EQ(enc_probe(&a, CMD_LOAD, ea + 0x100), 0);
	EXPECT_EQ(enc_probe(&a, CMD_STORE, ea + 0x6000), 0);
	EXPECT_EQ(enc_probe(&a, CMD_LOAD, a.a.utm_paddr + 0x800), 0);
	EXPECT_EQ(enc_probe(&a, CMD_STORE, a.a.utm_paddr + 0x800), 0);
	/* host memory (this payload), the monitor, another enclave, devices */
	EXPECT_EQ(enc_probe(&a, CMD_LOAD, 0x80200000UL), CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(&a, CMD_STORE, 0x80200000UL), CAUSE_STORE_ACCESS);
	EXPECT_EQ(enc_probe(&a, CMD_EXEC, 0x80200000UL), CAUSE_FETCH_ACCESS);
	EXPECT_EQ(enc_probe(&a, CMD_LOAD, 0x80000000UL), CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(&a, CMD_LOAD, 0x80041000UL), CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(&a, CMD_LOAD, eb), CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(&a, CMD_STORE, eb), CAUSE_STORE_ACCESS);
	EXPECT_EQ(enc_probe(&a, CMD_LOAD, b.a.utm_paddr), CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(&a, CMD_LOAD, 0x02000000UL), CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(&a, CMD_EXEC, a.a.utm_paddr), CAUSE_FETCH_ACCESS); /* UTM is RW */
	/* the host cannot reach either EPM, but can reach the UTMs */
	EXPECT_EQ(tp_probe_load(ea), CAUSE_LOAD_ACCESS);
	EXPECT_EQ(tp_probe_store(eb + 0xfff8, 1), CAUSE_STORE_ACCESS);
	EXPECT_EQ(tp_probe_exec(ea), CAUSE_FETCH_ACCESS);
	EXPECT_EQ(tp_probe_load(a.a.utm_paddr), 0);
	/* adopted: what the host wrote stays its own memory */
	if (enc_adopted(&a)) {
		EXPECT_EQ(tp_probe_load(a.a.epm_paddr), 0);
		EXPECT_EQ(enc_probe(&a, CMD_LOAD, a.a.epm_paddr), CAUSE_LOAD_ACCESS);
	}
	EXPECT_EQ(enc_destroy(&a), 0);
	EXPECT_EQ(enc_destroy(&b), 0);
}

static ulong probe_epm_on_hart(ulong epm)
{
	return (tp_probe_load(epm) == CAUSE_LOAD_ACCESS) |
	       (tp_probe_store(epm + 8, 1) == CAUSE_STORE_ACCESS) << 1 |
	       (tp_probe_exec(epm) == CAUSE_FETCH_ACCESS) << 2;
}

/* (no fetch: executing scrubbed memory would be an illegal instruction) */
static ulong probe_rw_on_hart(ulong epm)
{
	return (tp_probe_load(epm) == CAUSE_LOAD_ACCESS) |
	       (tp_probe_store(epm + 8, 1) == CAUSE_STORE_ACCESS) << 1;
}

static inline ulong csr_sip(void)
{
	ulong v;

	__asm__ __volatile__("csrr %0, sip" : "=r"(v));
	return v;
}

static struct enc spin_enc;
static volatile ulong spin_rounds;

/* Runs the spinning enclave on this hart, preempted by this hart's timer. */
static ulong run_spinning(ulong rounds)
{
	ulong i, bad = 0;

	/* deadline armed (sie.STIE) but not taken in the host (SIE = 0):
	 * a host interrupt between set_timer and RESUME would disarm it */
	tp_timer_irq_enable(true);
	__asm__ __volatile__("csrc sstatus, 2");
	for (i = 0; i < rounds; i++) {
		sbi_set_timer(tp_time() + 5000); /* 2 ms */
		if (enc_resume(&spin_enc) != (long)SM_ERR_INTERRUPTED)
			bad++;
		spin_rounds++;
	}
	sbi_set_timer(~0ULL);
	return bad;
}

TEST(host_isolation_other_harts)
{
	ulong h1 = tp_other_hart(1), h2 = tp_other_hart(2), epm;
	bool adopted;

	ASSERT_EQ(enc_create(&spin_enc, 5), 0);
	ASSERT_EQ(h1 != -1UL && h2 != -1UL, 1);
	ASSERT_EQ(enc_run(&spin_enc), SM_ERR_EDGE_CALL_HOST);
	epm = enc_epm(&spin_enc);
	adopted = enc_adopted(&spin_enc);
	/* on the creating hart and on others */
	EXPECT_EQ(probe_epm_on_hart(epm), 7);
	EXPECT_EQ(tp_run_on(h1, probe_epm_on_hart, epm), 7);
	spin_enc.u[U_CMD] = CMD_SPIN;
	/* the enclave spins on h2 while h1 and this hart probe its EPM */
	spin_rounds = 0;
	tp_start_on(h2, run_spinning, 200);
	while (spin_rounds < 5)
		;
	EXPECT_EQ(probe_epm_on_hart(epm), 7);
	EXPECT_EQ(tp_run_on(h1, probe_epm_on_hart, epm), 7);
	/* one hart at a time, and not while it runs */
	EXPECT_NE(enc_run(&spin_enc), 0);
	EXPECT_EQ(tp_wait(h2), 0);
	EXPECT_TRUE(spin_enc.u[U_COUNT] > 0);
	EXPECT_EQ(spin_enc.u[U_ERR], 0);
	EXPECT_EQ(enc_destroy(&spin_enc), 0);
	/*
	 * After DESTROY an in-place EPM is the host's again, on every hart; a
	 * pool block stays the monitor's (the host never had it).
	 */
	EXPECT_EQ(probe_rw_on_hart(epm), adopted ? 3 : 0);
	EXPECT_EQ(tp_run_on(h1, probe_rw_on_hart, epm), adopted ? 3 : 0);
}

/* A hart that was stopped when the EPM was created learns of it on start. */
TEST(stopped_hart_restarts_with_epm_denied)
{
	struct enc e;
	ulong h1 = tp_other_hart(1), epm;
	bool adopted;

	ASSERT_EQ(h1 != -1UL, 1);
	ASSERT_EQ(tp_stop_hart(h1), true);
	ASSERT_EQ(enc_create(&e, 11), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	epm = enc_epm(&e);
	adopted = enc_adopted(&e);
	EXPECT_EQ(tp_run_on(h1, probe_epm_on_hart, epm), 7);
	/* and a DESTROY while it is stopped is seen when it restarts */
	ASSERT_EQ(tp_stop_hart(h1), true);
	EXPECT_EQ(enc_destroy(&e), 0);
	EXPECT_EQ(tp_run_on(h1, probe_rw_on_hart, epm), adopted ? 3 : 0);
}

static ulong concurrent_calls(ulong eid)
{
	ulong bad = 0, i;

	tp_timer_irq_enable(true);
	__asm__ __volatile__("csrc sstatus, 2");
	for (i = 0; i < 300; i++) {
		long r;

		sbi_set_timer(tp_time() + 5000);
		r = sm_call(SM_FID_RESUME, eid, 0, 0).error;

		if (r == (long)SM_ERR_NOT_RESUMABLE ||
		    r == (long)SM_ERR_INTERRUPTED)
			continue;
		bad++;
	}
	sbi_set_timer(~0ULL);
	return bad;
}

TEST(preemption_state_intact)
{
	ulong i, last = 0, bad = 0, progress = 0, nostip = 0;
	long r;

	ASSERT_EQ(enc_create(&spin_enc, 6), 0);
	ASSERT_EQ(enc_run(&spin_enc), SM_ERR_EDGE_CALL_HOST);
	spin_enc.u[U_CMD] = CMD_SPIN;
	__asm__ __volatile__("csrc sstatus, 2");
	/*
	 * Until it has made progress in 40 rounds: QEMU's timer runs in real
	 * time, so on a loaded machine some rounds pass with its vCPU not
	 * running at all; what must hold is that preemption never stops it
	 * for good (at most 400 rounds).
	 */
	for (i = 0; i < 400 && progress < 40; i++) {
		sbi_set_timer(tp_time() + tp_ms(2));
		r = enc_resume(&spin_enc);
		if (r != (long)SM_ERR_INTERRUPTED) {
			tp_printf("  round %lu: 0x%lx\n", i, r);
			bad++;
		}
		/* the host's own timer interrupt is pending for the host */
		if (!(csr_sip() & (1UL << 5)))
			nostip++;
		if (spin_enc.u[U_COUNT] > last)
			progress++;
		last = spin_enc.u[U_COUNT];
	}
	sbi_set_timer(~0ULL);
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(progress, 40);
	EXPECT_EQ(nostip, 0);
	EXPECT_EQ(spin_enc.u[U_ERR], 0);
	/* a resume racing on another hart gets NOT_RESUMABLE or runs it */
	tp_start_on(tp_other_hart(1), concurrent_calls, spin_enc.eid);
	for (i = 0; i < 20; i++) {
		sbi_set_timer(tp_time() + 5000);
		enc_resume(&spin_enc);
	}
	sbi_set_timer(~0ULL);
	EXPECT_EQ(tp_wait(tp_other_hart(1)), 0);
	EXPECT_EQ(enc_destroy(&spin_enc), 0);
}

/* The enclave tries to silence the host's timer: it is preempted anyway. */
TEST(enclave_cannot_move_host_timer)
{
	struct enc e;
	ulong val = 0;

	ASSERT_EQ(enc_create(&e, 7), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	__asm__ __volatile__("csrc sstatus, 2");
	sbi_set_timer(tp_time() + 100000);
	EXPECT_EQ(enc_ecall(&e, 0x54494D45, 0, ~0UL, 0, 0, &val), 0);
	EXPECT_EQ(enc_ecall(&e, 0x00, 0, ~0UL, 0, 0, &val), 0);
	e.u[U_CMD] = CMD_SPIN;
	EXPECT_EQ(enc_resume(&e), SM_ERR_INTERRUPTED);
	sbi_set_timer(~0ULL);
	EXPECT_EQ(enc_destroy(&e), 0);
}

/* The enclave's own timer is delivered to the enclave. */
TEST(enclave_timer)
{
	struct enc e;
	long r;

	ASSERT_EQ(enc_create(&e, 8), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	sbi_set_timer(~0ULL);
	r = enc_cmd(&e, CMD_TIMER, tp_time() + 10000, 0);
	while (r == (long)SM_ERR_INTERRUPTED)
		r = enc_resume(&e);
	EXPECT_EQ(r, SM_ERR_EDGE_CALL_HOST);
	EXPECT_TRUE(e.u[U_TICKS] > 0);
	EXPECT_EQ(enc_destroy(&e), 0);
}

TEST(enclave_sbi_calls)
{
	struct enc e;
	ulong v = 0;

	ASSERT_EQ(enc_create(&e, 9), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	/* allowed: base, legacy putchar, TIME, DBCN inside its memory */
	EXPECT_EQ(enc_ecall(&e, 0x10, 3, SM_EXT_ID, 0, 0, &v), 0);
	EXPECT_EQ(v, 1);
	EXPECT_EQ(enc_ecall(&e, 0x01, 0, '*', 0, 0, NULL), 0);
	tp_memcpy((void *)(e.a.utm_paddr + 0x1800), "[enclave dbcn]\n", 15);
	EXPECT_EQ(enc_ecall(&e, 0x4442434E, 0, 15, e.a.utm_paddr + 0x1800, 0, &v), 0);
	EXPECT_EQ(v, 15);
	/* DBCN on memory that is not its own */
	EXPECT_NE(enc_ecall(&e, 0x4442434E, 0, 8, 0x80200000UL, 0, NULL), 0);
	EXPECT_NE(enc_ecall(&e, 0x4442434E, 1, 8, 0x80200000UL, 0, NULL), 0);
	/* denied: HSM, IPI, RFENCE, SRST, PMU, legacy shutdown/IPI */
	EXPECT_EQ(enc_ecall(&e, 0x48534D, 2, 0, 0, 0, NULL), SM_SBI_ERR_DENIED);
	EXPECT_EQ(enc_ecall(&e, 0x735049, 0, 1, 0, 0, NULL), SM_SBI_ERR_DENIED);
	EXPECT_EQ(enc_ecall(&e, 0x52464E43, 0, 1, 0, 0, NULL), SM_SBI_ERR_DENIED);
	EXPECT_EQ(enc_ecall(&e, 0x53525354, 0, 0, 0, 0, NULL), SM_SBI_ERR_DENIED);
	EXPECT_EQ(enc_ecall(&e, 0x504D55, 0, 0, 0, 0, NULL), SM_SBI_ERR_DENIED);
	EXPECT_EQ(enc_ecall(&e, 0x08, 0, 0, 0, 0, NULL), SM_SBI_ERR_DENIED);
	EXPECT_EQ(enc_ecall(&e, 0x04, 0, 0, 0, 0, NULL), SM_SBI_ERR_DENIED);
	/* the monitor's own checks, from the enclave side */
	EXPECT_EQ(enc_ecall(&e, SM_EXT_ID, SM_FID_CREATE, 0, 0, 0, NULL), SM_ERR_SBI_PROHIBITED);
	EXPECT_EQ(enc_ecall(&e, SM_EXT_ID, SM_FID_DESTROY, e.eid, 0, 0, NULL), SM_ERR_SBI_PROHIBITED);
	EXPECT_EQ(enc_ecall(&e, SM_EXT_ID, 1500, 0, 0, 0, NULL), SM_ERR_DEPRECATED);
	EXPECT_EQ(enc_ecall(&e, SM_EXT_ID, 3005, 0, 0, 0, NULL), SM_ERR_NOT_IMPLEMENTED);
	EXPECT_EQ(enc_ecall(&e, SM_EXT_ID, SM_FID_STOP, 7, 0, 0, NULL), SM_ERR_ILLEGAL_ARGUMENT);
	/* STOP(0) is seen by the host as INTERRUPTED */
	e.u[U_CMD] = CMD_ECALL;
	e.u[U_ARG(0)] = SM_STOP_TIMER_INTERRUPT;
	e.u[U_ARG(6)] = SM_FID_STOP;
	e.u[U_ARG(7)] = SM_EXT_ID;
	EXPECT_EQ(enc_resume(&e), SM_ERR_INTERRUPTED);
	EXPECT_EQ(enc_resume(&e), SM_ERR_EDGE_CALL_HOST);
	EXPECT_EQ(e.u[U_R0], 0); /* STOP returned 0 in the enclave */
	/* the host cannot have OpenSBI print (read) an EPM either */
	EXPECT_NE(sbi_call(0x4442434E, 0, 8, enc_epm(&e), 0, 0, 0, 0).error, 0);
	EXPECT_EQ(sbi_call(0x4442434E, 0, 2, e.a.utm_paddr + 0x1800, 0, 0, 0, 0).error, 0);
	EXPECT_EQ(enc_destroy(&e), 0);
}

/*
 * DESTROY leaves nothing: in place, the host reads zeros where the enclave
 * wrote; from the pool, the next enclave given that block does (the block
 * stays the monitor's; test_pool.c also reclaims and reads it).
 */
TEST(destroy_scrubs)
{
	struct enc e, f;
	ulong i, nonzero = 0, epm;
	volatile ulong *p;

	ASSERT_EQ(enc_create(&e, 10), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	epm = enc_epm(&e);
	EXPECT_EQ(enc_probe(&e, CMD_STORE, epm + 0x8000), 0);
	EXPECT_EQ(enc_destroy(&e), 0);
	if (!enc_adopted(&e)) {
		p = (volatile ulong *)epm;
		for (i = 0; i < e.a.epm_size / 8; i++)
			nonzero += p[i] != 0;
		EXPECT_EQ(nonzero, 0);
		return;
	}
	ASSERT_EQ(enc_create(&f, 10), 0);
	ASSERT_EQ(enc_run(&f), SM_ERR_EDGE_CALL_HOST);
	if (enc_epm(&f) == epm) {
		f.u[U_R0] = 0xbad;
		EXPECT_EQ(enc_cmd(&f, CMD_LOAD, epm + 0x8000, 0),
			  SM_ERR_EDGE_CALL_HOST);
		EXPECT_EQ(f.u[U_R0], 0);
	}
	EXPECT_EQ(enc_destroy(&f), 0);
}

TEST_TIMEOUT(exhaust_and_recover, 120000)
{
	static struct enc es[1100];
	unsigned int n = 0, i;
	long r = 0;

	/* until a resource runs out: PMP entries in place, pool, slots */
	while (n < 1100) {
		r = enc_create_at(&es[n], EPM_AREA + n * 0x10000, 0x10000,
				  UTM_AREA + n * 0x1000, 0x1000);
		if (r)
			break;
		n++;
	}
	tp_printf("  %u enclaves fit\n", n);
	EXPECT_EQ(r, SM_ERR_NO_FREE_RESOURCE);
	EXPECT_TRUE(n >= 1);
	for (i = 0; i < n; i++)
		EXPECT_EQ(enc_destroy(&es[i]), 0);
	/* all resources came back */
	for (i = 0; i < n; i++)
		EXPECT_EQ(enc_create_at(&es[i], EPM_AREA + i * 0x10000, 0x10000,
					UTM_AREA + i * 0x1000, 0x1000), 0);
	for (i = 0; i < n; i++)
		EXPECT_EQ(enc_destroy(&es[i]), 0);
}

/* A C enclave (enclave/hello.c): UTM write, edge call, EXIT(42). */
ENCLAVE_IMAGE(hello);

TEST(c_enclave_hello)
{
	struct enc e;
	struct sbiret r;

	ASSERT_EQ(enc_create_image(&e, 12, enclave_hello_start,
				   enclave_hello_end), 0);
	EXPECT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	EXPECT_EQ(e.u[HELLO_U_MAGIC], HELLO_MAGIC);
	EXPECT_EQ(e.u[HELLO_U_EPM], enc_epm(&e));
	EXPECT_EQ(e.u[HELLO_U_DATA], 7);
	r = sm_call(SM_FID_RESUME, e.eid);
	EXPECT_EQ(r.error, 0);
	EXPECT_EQ(r.value, HELLO_EXIT);
	EXPECT_EQ(e.u[HELLO_U_STOP], 0);
	EXPECT_EQ(enc_destroy(&e), 0);
}

/*
 * An enclave app in U-mode (enclave/umode.c), preempted by the host's timer
 * many times: every RESUME must return it to U-mode (its S-only CSR reads
 * keep trapping into its own vector, its last ecall reaches its own vector),
 * and it may read the counters from U-mode (scounteren default).
 */
ENCLAVE_IMAGE(umode);

TEST_TIMEOUT(umode_app_preempted, 120000)
{
	struct enc e;
	ulong iters = 6000000, preempted = 0, rounds = 0;
	struct sbiret r;

	ASSERT_EQ(enc_create_image(&e, 13, enclave_umode_start,
				   enclave_umode_end), 0);
	e.u[UMODE_U_ITERS] = iters;
	__asm__ __volatile__("csrc sstatus, 2");
	sbi_set_timer(tp_time() + tp_ms(1));
	r = sm_call(SM_FID_RUN, e.eid);
	while (r.error == (long)SM_ERR_INTERRUPTED && rounds++ < 1000000) {
		preempted++;
		/* Below the minimum slice: the monitor still lets it run. */
		sbi_set_timer(tp_time() + tp_ms(1) / 20);
		r = sm_call(SM_FID_RESUME, e.eid);
	}
	sbi_set_timer(~0ULL);
	tp_printf("  umode: preempted %lu times, %lu S-only reads trapped\n",
		  preempted, e.u[UMODE_U_PRIV]);
	EXPECT_EQ(r.error, 0);
	EXPECT_EQ(r.value, umode_checksum(iters));
	EXPECT_EQ(e.u[UMODE_U_BAD], 0);
	EXPECT_EQ(e.u[UMODE_U_BAD_PC], 0);
	EXPECT_EQ(e.u[UMODE_U_PRIV], iters / UMODE_PROBE_EVERY);
	EXPECT_NE(e.u[UMODE_U_CYCLES], 0);
	EXPECT_TRUE(preempted >= 20);
	EXPECT_EQ(enc_destroy(&e), 0);
}
