// SPDX-License-Identifier: BSD-2-Clause
/*
 * Races on every hart at once: workers create, run, resume, stop and
 * destroy the same and different enclaves while one hart probes every
 * live EPM from the host side.  No probe may succeed, every answer must
 * be one the state allows, nothing may hang (the watchdog), and once all
 * is destroyed every slot and PMP entry must be back.
 */
#include "enclave.h"

#define NSLOTS 6
#define FIRST_SLOT 16 /* EPMs 0x90100000.. */
#define ROUNDS 1500

enum { S_FREE, S_BUSY, S_LIVE };

struct slot {
	volatile ulong state; /* S_* : only the hart that moved it to BUSY acts */
	volatile ulong eid;
	volatile ulong epm; /* where it runs (the pool, if adopted) */
	struct enc e;
};

static struct slot slots[NSLOTS];
static volatile ulong stop_probing, probes, probe_hits, bad_answers;
static volatile ulong runs, interrupted, creates, destroys;

static ulong xs(ulong *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static bool claim(struct slot *s, ulong from)
{
	return __atomic_compare_exchange_n(&s->state, &from, S_BUSY, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static void bad(const char *what, long r)
{
	if (__atomic_fetch_add(&bad_answers, 1, __ATOMIC_RELAXED) < 5)
		tp_printf("  %s: unexpected 0x%lx\n", what, (ulong)r);
}

/* RUN or RESUME, preempted by this hart's own timer if it spins. */
static void run_any(struct slot *s, ulong *rng)
{
	ulong eid = s->eid;
	long r;
	bool fresh = xs(rng) % 4 == 0; /* it ran once: mostly RESUME */

	if (!eid)
		return;
	/* the probe enclave spins on CMD_SPIN (set in UTM by anyone) */
	if (xs(rng) % 3 == 0)
		s->e.u[U_CMD] = CMD_SPIN;
	sbi_set_timer(tp_time() + tp_ms(1) / 2);
	r = sm_call(fresh ? SM_FID_RUN : SM_FID_RESUME, eid).error;
	sbi_set_timer(~0ULL);
	__atomic_fetch_add(&runs, 1, __ATOMIC_RELAXED);
	switch (r) {
	case SM_ERR_EDGE_CALL_HOST:
	case SM_ERR_NOT_FRESH:
	case SM_ERR_NOT_RESUMABLE:
	case SM_ERR_INVALID_ID: /* destroyed meanwhile */
		break;
	case SM_ERR_INTERRUPTED:
		__atomic_fetch_add(&interrupted, 1, __ATOMIC_RELAXED);
		break;
	default:
		bad(fresh ? "RUN" : "RESUME", r);
	}
}

static ulong worker(ulong seed)
{
	ulong rng = seed * 0x9e3779b97f4a7c15UL + 1, i;

	/* the timer must preempt a spinning enclave: STIE on, SIE off */
	__asm__ __volatile__("csrc sstatus, 2");
	__asm__ __volatile__("csrs sie, %0" ::"r"(1UL << 5));
	for (i = 0; i < ROUNDS; i++) {
		unsigned int k = xs(&rng) % NSLOTS;
		struct slot *s = &slots[k];
		long r;

		switch (xs(&rng) % 4) {
		case 0:
			if (!claim(s, S_FREE))
				break;
			r = enc_create(&s->e, FIRST_SLOT + k);
			if (r) {
				/* PMP entries run out first with SM_PMP_MAX=8 */
				if (r != (long)SM_ERR_NO_FREE_RESOURCE)
					bad("CREATE", r);
				s->state = S_FREE;
				break;
			}
			__atomic_fetch_add(&creates, 1, __ATOMIC_RELAXED);
			/*
			 * Its first entry says where it runs.  Another hart's
			 * in-place CREATE/DESTROY interrupts it (the PMP sync
			 * IPI): resumed until it gets there.
			 */
			sbi_set_timer(~0ULL);
			r = enc_run(&s->e);
			while (r == (long)SM_ERR_INTERRUPTED)
				r = enc_resume(&s->e);
			if (r != (long)SM_ERR_EDGE_CALL_HOST)
				bad("first RUN", r);
			s->epm = enc_epm(&s->e);
			s->eid = s->e.eid;
			__atomic_store_n(&s->state, S_LIVE, __ATOMIC_RELEASE);
			break;
		case 1:
			if (!claim(s, S_LIVE))
				break;
			r = sm_call(SM_FID_DESTROY, s->eid).error;
			if (r == 0) {
				__atomic_fetch_add(&destroys, 1, __ATOMIC_RELAXED);
				s->eid = 0;
				__atomic_store_n(&s->state, S_FREE, __ATOMIC_RELEASE);
			} else {
				if (r != (long)SM_ERR_NOT_DESTROYABLE)
					bad("DESTROY", r);
				__atomic_store_n(&s->state, S_LIVE, __ATOMIC_RELEASE);
			}
			break;
		default:
			if (s->state == S_LIVE)
				run_any(s, &rng);
			break;
		}
	}
	__asm__ __volatile__("csrc sie, %0" ::"r"(1UL << 5));
	return 0;
}

/* Host loads from every live EPM: each must fault. */
static ulong prober(ulong unused)
{
	ulong rng = 12345;

	while (!stop_probing) {
		unsigned int k = xs(&rng) % NSLOTS;
		struct slot *s = &slots[k];
		ulong eid = s->eid, st = s->state, a;

		if (st != S_LIVE || !eid)
			continue;
		a = s->epm + ((xs(&rng) % EPM_SIZE) & ~7UL);
		if (tp_probe_load_wide(a) == 0 && s->state == S_LIVE &&
		    s->eid == eid)
			probe_hits++;
		probes++;
	}
	return 0;
}

/* How many enclaves fit right now (all destroyed again afterwards). */
static unsigned int capacity(void)
{
	static struct enc e[16];
	unsigned int n, i;

	for (n = 0; n < 16; n++)
		if (enc_create(&e[n], FIRST_SLOT + n))
			break;
	for (i = 0; i < n; i++)
		enc_destroy(&e[i]);
	return n;
}

TEST_TIMEOUT(races_on_every_hart, 300000)
{
	ulong h1 = tp_other_hart(1), h2 = tp_other_hart(2),
	      h3 = tp_other_hart(3);
	unsigned int before, after, k;

	if (h1 == -1UL || h2 == -1UL || h3 == -1UL) {
		tp_printf("  fewer than 4 harts: nothing to race\n");
		return;
	}
	before = capacity();
	ASSERT_TRUE(before >= 2);
	tp_start_on(h3, prober, 0);
	tp_start_on(h1, worker, 1);
	tp_start_on(h2, worker, 2);
	worker(3);
	EXPECT_EQ(tp_wait(h1), 0);
	EXPECT_EQ(tp_wait(h2), 0);
	stop_probing = 1;
	EXPECT_EQ(tp_wait(h3), 0);
	for (k = 0; k < NSLOTS; k++)
		if (slots[k].state == S_LIVE)
			EXPECT_EQ(sm_call(SM_FID_DESTROY, slots[k].eid).error, 0);
	after = capacity();
	tp_printf("  %lu creates, %lu destroys, %lu runs (%lu preempted), %lu probes\n",
		  creates, destroys, runs, interrupted, probes);
	EXPECT_EQ(probe_hits, 0);
	EXPECT_EQ(bad_answers, 0);
	EXPECT_EQ(after, before);
	EXPECT_TRUE(probes > 100);
	EXPECT_TRUE(creates > 10);
}
