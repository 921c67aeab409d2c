// SPDX-License-Identifier: BSD-2-Clause
/*
 * An ecall fuzzer inside QEMU, from both sides.  Seeded random calls (every
 * extension OpenSBI can register, FIDs 0..5000 of ours, arguments drawn
 * from boundary values: 0, -1, page edges, the firmware's, live EPM and UTM
 * edges, DRAM's end, 2^63, misaligned, huge counts), interleaved with valid
 * enclave lifecycles.  After every call: the answer is a documented code,
 * no live EPM is readable by the host, the host's canary is intact, and the
 * system still answers.
 *
 * "seed=N calls=M" on the kernel command line (QEMU -append; make fuzz
 * SEED= CALLS=) choose the run; the default is what make test runs.
 * Calls that would legitimately end the run are not made from the host
 * side (SRST, legacy shutdown, HSM start/stop/suspend, SUSP): the enclave
 * side makes them all, and they must all be denied.
 */
#include "enclave.h"
#include "adv.h"

#define ARENA 0x9c000000UL /* host scratch the calls may point at */
#define ARENA_SIZE 0x10000UL
#define CANARY 0x9b000000UL /* host page no call may change (below all
				   the host memory its calls name) */
#define FUZZ_EPM (EPM_AREA + 0x400000) /* where fuzzed CREATEs may land */
#define DONATE_AREA 0x99000000UL /* host memory POOL_DONATE may take */
#define DONATE_SIZE 0x1000000UL
#define DRAM_BASE 0x80000000UL
#define DRAM_END 0xa0000000UL
#define MAX_LIVE 6

ENCLAVE_IMAGE(adv);

static u64 rng_state;
static ulong trace; /* "trace=1": every call on the console */

static u64 rnd(void)
{
	u64 x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static ulong pick(const ulong *v, unsigned int n)
{
	return v[rnd() % n];
}
#define PICK(a) pick(a, sizeof(a) / sizeof((a)[0]))


/* --- what is alive ---------------------------------------------------- */

struct live {
	ulong eid, epm, epm_size, utm, utm_size;
};
static struct live live[MAX_LIVE];
static unsigned int nlive;

static void live_add(ulong eid, const struct sm_create_args *a)
{
	if (nlive < MAX_LIVE)
		live[nlive++] = (struct live){ eid, a->epm_paddr, a->epm_size,
					       a->utm_paddr, a->utm_size };
	else
		sm_call(SM_FID_DESTROY, eid); /* not tracked: not kept */
}

static void live_remove(ulong eid)
{
	unsigned int i;

	for (i = 0; i < nlive; i++)
		if (live[i].eid == eid) {
			live[i] = live[--nlive];
			return;
		}
}

/* Addresses and sizes at the edges of everything. */
static ulong addr_value(void)
{
	static const ulong fixed[] = {
		0, -1UL, 1UL << 63, 0x80000000UL, 0x80001000UL, 0x8003f000UL,
		0x80040000UL, 0x9ffff000UL, 0xa0000000UL, 0xfffffffffffff000UL,
		ARENA, ARENA + 8, ARENA + ARENA_SIZE - 8, ARENA + 0x801,
		FUZZ_EPM, FUZZ_EPM + 0x10000, FUZZ_EPM + 0x20000,
		UTM_AREA + 0x100000, 0x100000UL, 0x2000000UL, 0xc000000UL,
	};
	struct live *l;

	if (nlive && rnd() % 2) {
		l = &live[rnd() % nlive];
		switch (rnd() % 6) {
		case 0: return l->epm;
		case 1: return l->epm + l->epm_size - 8;
		case 2: return l->epm - 8;
		case 3: return l->epm + l->epm_size;
		case 4: return l->utm;
		default: return l->epm + (rnd() % l->epm_size);
		}
	}
	return PICK(fixed);
}

static ulong size_value(void)
{
	static const ulong fixed[] = {
		0, 1, 8, 16, 0x1000, 0x10000, 0x10800, 0x20000000UL,
		-1UL, 1UL << 63, (1UL << 60) + 1, 0xfffffffffffff000UL,
	};

	return PICK(fixed);
}

static ulong any_value(void)
{
	switch (rnd() % 4) {
	case 0: return addr_value();
	case 1: return size_value();
	case 2: return rnd() % 16;
	default: return rnd();
	}
}

/* --- checks after every call ------------------------------------------ */

static ulong bad_codes, readable_epm, canary_broken, dead_system;

static bool sm_code_ok(ulong c)
{
	return c == 0 || (c >= 100000 && c <= 100016) || c == 100099 ||
	       c == 100100;
}

static void check_code(ulong ext, ulong fid, long err)
{
	bool ok;

	if (ext <= 0x08)
		return; /* legacy calls return values, not codes */
	ok = ext == SM_EXT_ID ? sm_code_ok(err) : (err <= 0 && err >= -13);
	if (!ok && bad_codes++ < 5)
		tp_printf("  undocumented answer 0x%lx to ext 0x%lx fid %lu\n",
			  (ulong)err, ext, fid);
}

static ulong pool_base, pool_size; /* the monitor's pool (lib/fdt.c) */
static struct enc fe; /* the enclave side's enclave */

static void probe_denied(ulong a, ulong eid)
{
	if (tp_probe_load_wide(a) != CAUSE_LOAD_ACCESS && readable_epm++ < 5)
		tp_printf("  EPM of enclave %lu readable at 0x%lx\n", eid, a);
}

/*
 * Where enclaves really run: the pool (it adopts what the host created)
 * and, for the enclave side's own enclave, the EPM it reported.
 */
static void check_world(void)
{
	ulong a;

	if (pool_size)
		probe_denied(pool_base + ((rnd() % pool_size) & ~7UL), 0);
	if (fe.eid && fe.u && enc_epm(&fe))
		probe_denied(enc_epm(&fe) + ((rnd() % EPM_SIZE) & ~7UL), fe.eid);
	for (a = CANARY; a < CANARY + 0x1000; a += 8)
		if (*(volatile ulong *)a != (a ^ 0x5a5a5a5a5a5a5a5aUL)) {
			if (canary_broken++ < 5)
				tp_printf("  host canary changed at 0x%lx\n", a);
			*(volatile ulong *)a = a ^ 0x5a5a5a5a5a5a5a5aUL;
		}
	if (sbi_call(0x10, 0, 0, 0, 0, 0, 0, 0).error != 0)
		dead_system++;
}

/* --- the host side ----------------------------------------------------- */

/* A CREATE with fields from the edges; what it creates is tracked. */
static long fuzz_create(void)
{
	static struct sm_create_args a;
	struct sbiret r;
	ulong rt;

	a.epm_paddr = rnd() % 3 ? FUZZ_EPM + (rnd() % 8) * 0x10000 : addr_value();
	a.epm_size = rnd() % 3 ? 0x10000 : size_value();
	a.utm_paddr = rnd() % 3 ? UTM_AREA + 0x100000 + (rnd() % 8) * 0x2000 :
				 addr_value();
	a.utm_size = rnd() % 3 ? 0x2000 : size_value();
	rt = rnd() % 2 ? a.epm_paddr : addr_value();
	a.runtime_paddr = rt;
	a.user_paddr = rnd() % 2 ? rt : rt + 0x1000;
	a.free_paddr = rnd() % 2 ? a.user_paddr + 0x1000 : addr_value();
	a.free_requested = any_value();
	r = sm_call(SM_FID_CREATE, rnd() % 8 ? (ulong)&a : addr_value());
	if (!r.error)
		live_add(r.value, &a);
	return r.error;
}

/*
 * Arms the host's timer with interrupts off until the call that follows
 * returns: a host interrupt in between would re-arm the watchdog instead
 * (lib/tp.c), and the enclave would run unbounded.
 */
static void deadline_then(u64 ticks)
{
	__asm__ __volatile__("csrc sstatus, 2");
	sbi_set_timer(tp_time() + ticks);
}

static void deadline_done(void)
{
	tp_watchdog_rearm();
	__asm__ __volatile__("csrs sstatus, 2");
}

static ulong live_or_random_eid(void)
{
	return nlive && rnd() % 2 ? live[rnd() % nlive].eid : any_value();
}

static unsigned long donate_stuck; /* donated, then not reclaimable */

/*
 * POOL_DONATE with fuzzed arguments, but never of host memory this
 * payload uses (its code, stacks, test areas): a range that reaches DRAM
 * outside DONATE_AREA is moved into it.  What is donated is taken back at
 * once (nothing can have been placed there meanwhile), so every later
 * call sees the same host.
 */
static long fuzz_donate(void)
{
	ulong base = any_value(), size = any_value();
	struct sbiret r;

	if (rnd() % 2 ||
	    (base < DRAM_END && (base + size < base || base + size > DRAM_BASE) &&
	     (base < DONATE_AREA || base + size > DONATE_AREA + DONATE_SIZE ||
	      base + size < base))) {
		base = DONATE_AREA + (rnd() % 64) * 0x1000 * (rnd() % 2 ? 1 : 3);
		size = (1 + rnd() % 64) * (rnd() % 4 ? 0x1000 : 0x1001);
		if (base + size > DONATE_AREA + DONATE_SIZE)
			size = 0x1000;
	}
	r = sm_call(SM_FID_POOL_DONATE, base, size);
	if (!r.error && sm_call(SM_FID_POOL_RECLAIM, base, size).error &&
	    donate_stuck++ < 5)
		tp_printf("  donated 0x%lx+0x%lx, not reclaimable\n", base, size);
	return r.error;
}

static long fuzz_sm_host(ulong *fid)
{
	static const ulong fids[] = { 2000, 2001, 2002, 2003, 2004, 2005,
				      3001, 3002, 3004, 3006, 4000, 1999,
				      2901, 2902 };
	struct sbiret r;
	ulong eid;

	*fid = rnd() % 3 ? PICK(fids) : rnd() % 5001;
	switch (*fid) {
	case 2001:
		return fuzz_create();
	case 2901:
		return fuzz_donate();
	case 2902: {
		/* anything but the boot pool (probed by check_world) */
		ulong base = any_value(), size = any_value();

		if (base == pool_base && size == pool_size)
			base += 0x1000;
		return sm_call(*fid, base, size).error;
	}
	case 2002:
		eid = live_or_random_eid();
		r = sm_call(2002, eid);
		if (!r.error)
			live_remove(eid);
		return r.error;
	case 2003:
	case 2005:
		/* whatever it runs is stopped by the host's timer */
		deadline_then(tp_ms(1) / 4);
		r = sm_call(*fid, live_or_random_eid());
		deadline_done();
		return r.error;
	default:
		return sm_call(*fid, any_value(), any_value(), any_value()).error;
	}
}

static void fuzz_host_call(void)
{
	static const ulong others[] = { SBI_EXT_DBTR, SBI_EXT_SSE, SBI_EXT_FWFT,
					SBI_EXT_MPXY, SBI_EXT_CPPC,
					SBI_EXT_RFENCE, 0x09000000UL,
					0x0a000000UL, 0x08000000UL };
	ulong ext, fid, a0 = any_value(), a1 = any_value(), a2 = any_value();
	long err;

	if (trace)
		tp_printf("  [%lx %lx %lx]\n", a0, a1, a2);

	unsigned int which = rnd() % 10;

	if (trace)
		tp_printf("  case %u\n", which);
	switch (which) {
	case 0: case 1: case 2: case 3:
		ext = SM_EXT_ID;
		err = fuzz_sm_host(&fid);
		break;
	case 4:
		ext = 0x10;
		fid = rnd() % 10;
		err = sbi_call(ext, fid, a0, 0, 0, 0, 0, 0).error;
		break;
	case 5:
		/* HSM: status of any hart, and functions past the known ones */
		ext = SBI_EXT_HSM;
		fid = rnd() % 2 ? 2 : 4 + rnd() % 8;
		err = sbi_call(ext, fid, a0, a1, a2, 0, 0, 0).error;
		break;
	case 6:
		ext = SBI_EXT_PMU;
		fid = rnd() % 12;
		if (fid == 8 && rnd() % 2)
			a0 = ARENA + (rnd() % 16) * 16;
		err = sbi_call(ext, fid, a0, a1 % 2 ? 0 : a1, a2, any_value(),
			       any_value(), 0).error;
		break;
	case 7:
		/* DBCN: short writes of host bytes, anything at all elsewhere */
		ext = SBI_EXT_DBCN;
		fid = rnd() % 5;
		/* no megabytes of host memory on the console */
		if (fid == 2)
			a0 = 0;
		else if (fid == 0 && a1 < 0xa0000000UL && a1 >= 0x80000000UL)
			a0 = rnd() % 8;
		err = sbi_call(ext, fid, a0, a1, 0, 0, 0, 0).error;
		break;
	case 8:
		ext = PICK(others);
		fid = rnd() % 16;
		err = sbi_call(ext, fid, a0, a1, a2, any_value(), 0, 0).error;
		break;
	default:
		ext = (u32)rnd();
		fid = rnd() % 64;
		err = sbi_call(ext, fid, a0, a1, a2, 0, 0, 0).error;
		break;
	}
	if (trace)
		tp_printf("  -> ext 0x%lx fid %lu: %ld\n", ext, fid, err);
	check_code(ext, fid, err);
}

/* A valid lifecycle now and then: the monitor still works. */
static ulong lifecycle_failures;

static inline ulong csr_sip(void)
{
	ulong v;

	__asm__ __volatile__("csrr %0, sip" : "=r"(v));
	return v;
}
static void destroy_all(void);

static void valid_lifecycle(unsigned int slot)
{
	struct enc e;
	long rc;

	/* the fuzzed enclaves may hold every PMP entry (SM_PMP_MAX=8) */
	destroy_all();
	rc = enc_create(&e, slot);
	if (!rc) {
		rc = enc_run(&e);
		rc = rc == (long)SM_ERR_EDGE_CALL_HOST ? 0 : rc;
	}
	if (rc) {
		tp_printf("  valid lifecycle: CREATE/RUN 0x%lx, sip 0x%lx\n",
			  (ulong)rc, csr_sip());
		lifecycle_failures++;
		enc_destroy(&e);
		return;
	}
	e.u[200] = rnd();
	if (enc_cmd(&e, CMD_LOAD, e.a.utm_paddr + 200 * 8, 0) !=
		    (long)SM_ERR_EDGE_CALL_HOST ||
	    e.u[U_R0] != e.u[200])
		lifecycle_failures++;
	if (enc_destroy(&e))
		lifecycle_failures++;
}

static void destroy_all(void)
{
	while (nlive)
		if (sm_call(SM_FID_DESTROY, live[nlive - 1].eid).error)
			nlive--; /* already gone: forget it */
		else
			live_remove(live[nlive - 1].eid);
}

static void canary_init(void)
{
	ulong a;

	for (a = CANARY; a < CANARY + 0x1000; a += 8)
		*(volatile ulong *)a = a ^ 0x5a5a5a5a5a5a5a5aUL;
	tp_memset((void *)ARENA, 0, ARENA_SIZE); /* DBCN prints it: quietly */
}

static void start_run(const char *side, ulong *calls)
{
	rng_state = tp_bootarg("seed", 1) * 2654435761UL + 0x9e3779b97f4a7c15UL;
	*calls = tp_bootarg("calls", 10000);
	trace = tp_bootarg("trace", 0);
	tp_printf("  fuzz %s: seed %lu, %lu calls\n", side, tp_bootarg("seed", 1),
		  *calls);
	bad_codes = readable_epm = canary_broken = dead_system = 0;
	lifecycle_failures = 0;
	nlive = 0;
	if (!tp_pool_range(&pool_base, &pool_size))
		pool_size = 0;
	canary_init();
}

TEST_TIMEOUT(fuzz_host_side, 600000)
{
	ulong calls, i;

	start_run("host", &calls);
	for (i = 0; i < calls; i++) {
		fuzz_host_call();
		check_world();
		if (i % 500 == 499)
			valid_lifecycle(1);
	}
	destroy_all();
	sbi_set_timer(~0ULL);
	tp_printf("  fuzz host: %lu calls, %lu undocumented, %lu readable EPMs, %lu canary, %lu lifecycle failures\n",
		  calls, bad_codes, readable_epm, canary_broken,
		  lifecycle_failures);
	EXPECT_EQ(bad_codes, 0);
	EXPECT_EQ(readable_epm, 0);
	EXPECT_EQ(canary_broken, 0);
	EXPECT_EQ(dead_system, 0);
	EXPECT_EQ(lifecycle_failures, 0);
	EXPECT_EQ(donate_stuck, 0);
	/* every slot and PMP entry came back: a fresh enclave works */
	valid_lifecycle(0);
	EXPECT_EQ(lifecycle_failures, 0);
}

/* --- the enclave side -------------------------------------------------- */

static ulong enclave_restarts;

static bool enclave_up(void)
{
	if (fe.eid)
		return true;
	if (enc_create_image(&fe, 2, enclave_adv_start, enclave_adv_end) ||
	    enc_run(&fe) != (long)SM_ERR_EDGE_CALL_HOST)
		return false;
	live[0] = (struct live){ fe.eid, enc_epm(&fe), fe.a.epm_size,
				 fe.a.utm_paddr, fe.a.utm_size };
	nlive = 1;
	return true;
}

/* Pointers an enclave hands the monitor: its own, the host's, others'. */
static ulong enclave_ptr(void)
{
	switch (rnd() % 4) {
	case 0: return enc_epm(&fe) + 0xc000 + (rnd() % 0x1000);
	case 1: return fe.a.utm_paddr + (rnd() % 2) * 0x1000;
	case 2: return CANARY + (rnd() % 0x1000);
	default: return addr_value();
	}
}

static void fuzz_enclave_call(void)
{
	static const ulong exts[] = { SM_EXT_ID, SM_EXT_ID, SM_EXT_ID, 0x10,
				      SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_RFENCE,
				      SBI_EXT_HSM, SBI_EXT_SRST, SBI_EXT_PMU,
				      SBI_EXT_DBCN, SBI_EXT_SUSP, SBI_EXT_DBTR,
				      SBI_EXT_SSE, SBI_EXT_FWFT, SBI_EXT_MPXY,
				      0x00, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
				      0x08, 0x09000000UL };
	static const ulong sm_fids[] = { 3001, 3002, 3003, 3004, 3005, 3006,
					 2001, 2002, 2003, 2005, 3000, 4000 };
	ulong ext = rnd() % 8 ? PICK(exts) : (u32)rnd(), fid, done;
	ulong a[6];
	unsigned int i;
	long r;

	if (!enclave_up())
		return;
	for (i = 0; i < 6; i++)
		a[i] = rnd() % 2 ? enclave_ptr() : any_value();
	fid = rnd() % 16;
	if (ext == SM_EXT_ID) {
		fid = rnd() % 3 ? PICK(sm_fids) : rnd() % 5001;
		/* EXIT rarely: the enclave must then be made again */
		if (fid == 3006 && rnd() % 4)
			fid = 3001;
		if (fid == 3002 || fid == 3003)
			a[2] = rnd() % 2 ? rnd() % 80 : size_value();
	}
	if (ext == SBI_EXT_TIME || ext == 0x00)
		a[0] = tp_time() + rnd() % 100000;
	if (ext == SBI_EXT_DBCN && fid == 0)
		a[0] = rnd() % 16; /* its own memory, but not all of it */
	if (trace)
		tp_printf("  enclave: ext 0x%lx fid %lu (%lx %lx %lx %lx)\n", ext,
			  fid, a[0], a[1], a[2], a[3]);
	for (i = 0; i < 6; i++)
		fe.u[ADV_ARG(i)] = a[i];
	fe.u[ADV_ARG(6)] = fid;
	fe.u[ADV_ARG(7)] = ext;
	done = fe.u[ADV_DONE];
	fe.u[ADV_CMD] = ADV_ECALL;
	deadline_then(tp_ms(2));
	r = enc_resume(&fe);
	/* a STOP it was told to make, or a preemption: until it is done */
	for (i = 0; i < 100 && fe.u[ADV_DONE] == done &&
		    (r == (long)SM_ERR_EDGE_CALL_HOST ||
		     r == (long)SM_ERR_INTERRUPTED);
	     i++) {
		deadline_then(tp_ms(2));
		r = enc_resume(&fe);
	}
	deadline_done();
	if (trace)
		tp_printf("  enclave: -> 0x%lx, a0 0x%lx, %lu resumes\n", (ulong)r,
			  fe.u[ADV_R], (ulong)i);
	if (r != (long)SM_ERR_EDGE_CALL_HOST || fe.u[ADV_DONE] == done) {
		/* it exited (EXIT, or a trap of its own): start again */
		enc_destroy(&fe);
		fe.eid = 0;
		nlive = 0;
		enclave_restarts++;
		return;
	}
	check_code(ext, fid, (long)fe.u[ADV_R]);
}

TEST_TIMEOUT(fuzz_enclave_side, 600000)
{
	ulong calls, i;

	start_run("enclave", &calls);
	fe.eid = 0;
	for (i = 0; i < calls; i++) {
		fuzz_enclave_call();
		check_world();
	}
	sbi_set_timer(~0ULL);
	if (fe.eid)
		EXPECT_EQ(enc_destroy(&fe), 0);
	fe.eid = 0;
	tp_printf("  fuzz enclave: %lu calls, %lu undocumented, %lu readable EPMs, %lu canary, %lu restarts\n",
		  calls, bad_codes, readable_epm, canary_broken,
		  enclave_restarts);
	EXPECT_EQ(bad_codes, 0);
	EXPECT_EQ(readable_epm, 0);
	EXPECT_EQ(canary_broken, 0);
	EXPECT_EQ(dead_system, 0);
	valid_lifecycle(0);
	EXPECT_EQ(lifecycle_failures, 0);
}
