// SPDX-License-Identifier: BSD-2-Clause
/*
 * The EPM pool (sm/sm_epm.c, sm/sm_pool.c): many enclaves alive at once
 * whatever the PMP budget, run on every hart, isolated from the host and
 * from each other; exhaustion of the pool and of the in-place fallback
 * with nothing left half-done; no leak after thousands of mixed-size
 * create/destroy rounds; memory the OS donates (POOL_DONATE) and takes back
 * (POOL_RECLAIM).
 *
 * Without a boot-time pool (the virt-nopool build) every enclave runs in
 * place: the counts are the PMP budget's, but exhaustion and no-leak are
 * checked all the same, and donated memory becomes the pool.
 *
 * POOL_DONATE / POOL_RECLAIM results (what sm_epm.c returns; docs/abi.md
 * does not list them):
 *   donate: size 0, not 4 KiB aligned, wrapping, not wholly in DRAM:
 *           ILLEGAL_ARGUMENT; over the firmware/monitor, a pool region
 *           (donating twice included), a live enclave's EPM, UTM or
 *           source being copied: REGION_OVERLAPS; no PMP entry or pool
 *           region left: NO_FREE_RESOURCE.
 *   reclaim: not exactly a donated region: ILLEGAL_ARGUMENT; a live
 *           enclave in it: REGION_OVERLAPS.
 */
#include "enclave.h"

#define PROBE_SIZE ((ulong)(enclave_probe_end - enclave_probe_start))
#define SMALL_UTM 0x1000UL

static bool have_pool;
static ulong pool_base, pool_size;
static void pool_return(void);

static void pool_info(void)
{
	pool_return(); /* lent by a test that stopped half-way */
	have_pool = tp_pool_range(&pool_base, &pool_size);
	if (!have_pool)
		pool_base = pool_size = 0;
}

static bool in_pool(ulong a, ulong size)
{
	return have_pool && a >= pool_base && a + size <= pool_base + pool_size;
}

static ulong xs(ulong *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The probe image at epm (nothing else written: the monitor zeroes the rest
 * of an adopted block; in place, the rest is the host's own bytes). */
static long create_probe(struct enc *e, ulong epm, ulong size, ulong utm)
{
	tp_memcpy((void *)epm, enclave_probe_start, PROBE_SIZE);
	return enc_create_loaded(e, epm, size, utm, SMALL_UTM);
}

/* Adopted (copied into the pool) or in place: the host can still read its
 * own range only in the first case. */
static bool src_readable(ulong a)
{
	return tp_probe_load_wide(a) == 0;
}

/* RUN or RESUME until it leaves other than by an interrupt. */
static struct sbiret run_until(ulong fid, ulong eid)
{
	struct sbiret r = sm_call(fid, eid);
	unsigned int n = 0;

	while (r.error == (long)SM_ERR_INTERRUPTED && n++ < 1000)
		r = sm_call(SM_FID_RESUME, eid);
	return r;
}

static ulong block_size(ulong size)
{
	ulong b = 0x1000;

	while (b < size)
		b <<= 1;
	return b;
}

/* --- capacity: how many enclaves of a size fit right now ------------- */

#define CAP_SIZE 0x40000UL /* 256 KiB: the pool holds 256, then in place */
#define CAP_MAX 400
#define CAP_SRC EPM_AREA
#define CAP_UTM UTM_AREA

struct cap {
	unsigned int n, adopted;
	long last; /* what the first refused CREATE returned */
	bool refused_clean; /* its source stayed the host's */
};

static struct enc cap_enc[CAP_MAX];

/*
 * Creates CAP_SIZE enclaves until CREATE refuses.  Adopted ones leave their
 * source to the host: the next one reuses it; in-place ones keep theirs.
 */
static unsigned int fill(unsigned int max, struct cap *c)
{
	ulong src = CAP_SRC;
	long r = 0;

	c->n = c->adopted = 0;
	c->refused_clean = false;
	while (c->n < max) {
		r = create_probe(&cap_enc[c->n], src, CAP_SIZE,
				 CAP_UTM + c->n * SMALL_UTM);
		if (r)
			break;
		if (src_readable(src))
			c->adopted++;
		else
			src += CAP_SIZE;
		c->n++;
	}
	c->last = r;
	/* the refused CREATE left nothing: its source is the host's */
	if (r)
		c->refused_clean = src_readable(src) &&
				   tp_probe_store_wide(src + 0x10, 0x5a) == 0;
	return c->n;
}

static unsigned int drain(unsigned int n)
{
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++)
		bad += enc_destroy(&cap_enc[i]) != 0;
	return bad;
}

static struct cap capacity(void)
{
	struct cap c;

	fill(CAP_MAX, &c);
	EXPECT_EQ(drain(c.n), 0);
	return c;
}

/* One enclave as large as the whole pool: only if no block leaked. */
static void whole_pool_fits(void)
{
	struct enc e;

	if (!have_pool)
		return;
	/* a 64 MiB source below the UTMs; it must be adopted at the pool base */
	ASSERT_TRUE(EPM_AREA + pool_size <= UTM_AREA);
	ASSERT_EQ(create_probe(&e, EPM_AREA, pool_size, UTM_AREA), 0);
	EXPECT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	EXPECT_EQ(enc_epm(&e), pool_base);
	EXPECT_EQ(enc_destroy(&e), 0);
}

/* --- 256 enclaves alive at once -------------------------------------- */

#define MANY 256
#define MANY_EPM 0x10000UL

static struct enc many[MANY];
static volatile ulong many_epm[MANY], many_val[MANY], many_bad[MANY];
static unsigned int many_n;

static ulong value_of(unsigned int i)
{
	return 0xe0c1a7e000000000UL + i * 0x10001UL;
}

/* Runs enclaves first, first + step, ...: each exits with its own value. */
static ulong run_share(ulong arg)
{
	unsigned int i, first = arg & 0xff, step = arg >> 8;
	ulong fails = 0;
	struct sbiret r;

	for (i = first; i < many_n; i += step) {
		struct enc *e = &many[i];

		if (i < 2)
			continue; /* the probers, run separately */
		r = run_until(SM_FID_RUN, e->eid);
		if (r.error != (long)SM_ERR_EDGE_CALL_HOST) {
			many_bad[i] = 0x100 | r.error;
			fails++;
			continue;
		}
		many_epm[i] = enc_epm(e);
		e->u[U_ARG(0)] = value_of(i);
		e->u[U_CMD] = CMD_EXIT;
		r = run_until(SM_FID_RESUME, e->eid);
		if (r.error) {
			many_bad[i] = 0x200 | r.error;
			fails++;
			continue;
		}
		many_val[i] = r.value;
	}
	return fails;
}

/* The host's loads and stores at a few words of an EPM: 1 per fault. */
static ulong host_probe(ulong epm)
{
	return (tp_probe_load_wide(epm) == CAUSE_LOAD_ACCESS) +
	       (tp_probe_load_wide(epm + MANY_EPM / 2 + 8) == CAUSE_LOAD_ACCESS) +
	       (tp_probe_store_wide(epm + MANY_EPM - 8, 1) == CAUSE_STORE_ACCESS);
}

static ulong host_probe_sample(ulong unused)
{
	unsigned int i, probed = 0;
	ulong faults = 0;

	for (i = 0; i < many_n; i += 17, probed++)
		faults += host_probe(many_epm[i]);
	return faults == 3 * probed;
}

TEST_TIMEOUT(many_enclaves_alive, 120000)
{
	ulong harts[TP_MAX_HARTS];
	unsigned int nh = 0, i, j, h;
	ulong src, fails = 0;
	u64 t0 = tp_time();
	long r = 0;
	struct enc *a, *b;

	pool_info();
	harts[nh++] = tp_boot_hartid();
	while (nh < 4 && (harts[nh] = tp_other_hart(nh)) != -1UL)
		nh++;

	/* 256 creates, each with its own source (in place needs it). */
	for (many_n = 0; many_n < MANY; many_n++) {
		src = EPM_AREA + many_n * MANY_EPM;
		r = create_probe(&many[many_n], src, MANY_EPM,
				 UTM_AREA + many_n * SMALL_UTM);
		if (r)
			break;
		many_epm[many_n] = many_val[many_n] = many_bad[many_n] = 0;
	}
	tp_printf("  %u enclaves of 64 KiB alive (%s), %lu ms\n", many_n,
		  have_pool ? "pool" : "no pool: in place",
		  (ulong)((tp_time() - t0) / tp_ms(1)));
	if (have_pool)
		EXPECT_EQ(many_n, MANY);
	else
		EXPECT_EQ(r, SM_ERR_NO_FREE_RESOURCE);
	ASSERT_TRUE(many_n >= 2);

	/* All of them run and exit, on every hart at once. */
	t0 = tp_time();
	for (h = 1; h < nh; h++)
		tp_start_on(harts[h], run_share, h | (ulong)nh << 8);
	fails = run_share(0 | (ulong)nh << 8);
	for (h = 1; h < nh; h++)
		fails += tp_wait(harts[h]);
	tp_printf("  ran and exited on %u harts, %lu ms\n", nh,
		  (ulong)((tp_time() - t0) / tp_ms(1)));
	EXPECT_EQ(fails, 0);
	for (i = 2; i < many_n; i++) {
		if (many_bad[i] || many_val[i] != value_of(i)) {
			tp_printf("  enclave %u: 0x%lx, error 0x%lx\n", i,
				  many_val[i], many_bad[i]);
			EXPECT_EQ(many_val[i], value_of(i));
			break;
		}
	}

	/* The probers: 0 looks at the others, 1 is looked at. */
	a = &many[0];
	b = &many[1];
	ASSERT_EQ(enc_run(a), SM_ERR_EDGE_CALL_HOST);
	ASSERT_EQ(enc_run(b), SM_ERR_EDGE_CALL_HOST);
	many_epm[0] = enc_epm(a);
	many_epm[1] = enc_epm(b);

	/* Where they run: distinct, aligned blocks; in the pool if there is one. */
	for (i = 0; i < many_n; i++) {
		EXPECT_EQ(many_epm[i] & (MANY_EPM - 1), 0);
		if (have_pool)
			EXPECT_TRUE(in_pool(many_epm[i], MANY_EPM));
		else
			EXPECT_EQ(many_epm[i], many[i].a.epm_paddr);
		for (j = 0; j < i; j++)
			if (many_epm[j] == many_epm[i]) {
				tp_printf("  enclaves %u and %u share 0x%lx\n",
					  j, i, many_epm[i]);
				EXPECT_NE(many_epm[j], many_epm[i]);
			}
		ASSERT_OK();
	}

	/* The host reads none of them, on any hart. */
	EXPECT_EQ(host_probe_sample(0), 1);
	for (h = 1; h < nh; h++)
		EXPECT_EQ(tp_run_on(harts[h], host_probe_sample, 0), 1);
	EXPECT_EQ(host_probe(many_epm[many_n - 1]), 3);

	/* An enclave reads its own block, no other's, nor the host's memory. */
	EXPECT_EQ(enc_probe(a, CMD_LOAD, many_epm[0] + 0x8000), 0);
	for (i = 1; i < many_n; i += many_n / 8 + 1) {
		EXPECT_EQ(enc_probe(a, CMD_LOAD, many_epm[i]), CAUSE_LOAD_ACCESS);
		EXPECT_EQ(enc_probe(a, CMD_STORE, many_epm[i] + 0x100),
			  CAUSE_STORE_ACCESS);
	}
	EXPECT_EQ(enc_probe(a, CMD_LOAD, many_epm[many_n - 1] + MANY_EPM - 8),
		  CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(a, CMD_LOAD, 0x80200000UL), CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(a, CMD_LOAD, b->a.utm_paddr), CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(a, CMD_EXEC, many_epm[1]), CAUSE_FETCH_ACCESS);
	if (many_epm[0] != a->a.epm_paddr)
		/* adopted: its source is the host's, not its own */
		EXPECT_EQ(enc_probe(a, CMD_LOAD, a->a.epm_paddr),
			  CAUSE_LOAD_ACCESS);
	if (have_pool)
		/* the pool outside its block */
		EXPECT_EQ(enc_probe(a, CMD_LOAD,
				    many_epm[0] ^ MANY_EPM), CAUSE_LOAD_ACCESS);

	/* The probers exit with their own values too. */
	for (i = 0; i < 2; i++) {
		struct sbiret rr;

		many[i].u[U_ARG(0)] = value_of(i);
		many[i].u[U_CMD] = CMD_EXIT;
		rr = run_until(SM_FID_RESUME, many[i].eid);
		EXPECT_EQ(rr.error, 0);
		EXPECT_EQ(rr.value, value_of(i));
	}

	/* Destroyed, everything comes back: the same creates work again. */
	for (i = 0; i < many_n; i++)
		EXPECT_EQ(enc_destroy(&many[i]), 0);
	EXPECT_EQ(enc_destroy(&many[0]), SM_ERR_INVALID_ID);
	for (i = 0; i < many_n; i++) {
		r = create_probe(&many[i], EPM_AREA + i * MANY_EPM, MANY_EPM,
				 UTM_AREA + i * SMALL_UTM);
		EXPECT_EQ(r, 0);
		if (r)
			break;
	}
	for (j = 0; j < i; j++)
		EXPECT_EQ(enc_destroy(&many[j]), 0);
	ASSERT_OK();
	/* and the pool is whole again */
	whole_pool_fits();
}

/* --- exhaustion ------------------------------------------------------ */

#define SLOT_SIZE 0x8000UL /* small enclaves: the enclave table runs out */
#define SLOT_MAX 1100

static struct enc slot_enc[SLOT_MAX];

static unsigned int fill_slots(long *last)
{
	unsigned int n = 0;
	ulong src = EPM_AREA;
	long r = 0;

	while (n < SLOT_MAX) {
		r = create_probe(&slot_enc[n], src, SLOT_SIZE,
				 UTM_AREA + n * SMALL_UTM);
		if (r)
			break;
		if (!src_readable(src))
			src += SLOT_SIZE; /* in place: keeps its source */
		n++;
	}
	*last = r;
	return n;
}

TEST_TIMEOUT(exhaustion_leaves_nothing_half_done, 180000)
{
	struct cap c1, c2;
	unsigned int n1, n2, i, bad;
	long last;
	u64 t0 = tp_time();

	pool_info();
	/* 256 KiB enclaves: the pool runs out, then the PMP entries. */
	fill(CAP_MAX, &c1);
	tp_printf("  256 KiB enclaves: %u alive (%u in the pool, %u in place), %lu ms\n",
		  c1.n, c1.adopted, c1.n - c1.adopted,
		  (ulong)((tp_time() - t0) / tp_ms(1)));
	EXPECT_EQ(c1.last, SM_ERR_NO_FREE_RESOURCE);
	EXPECT_TRUE(c1.refused_clean);
	EXPECT_EQ(c1.adopted, have_pool ? pool_size / CAP_SIZE : 0);
	/* the in-place fallback (with SM_PMP_MAX=8 the pool may take the
	 * last free PMP entry: then none) */
	if (!have_pool)
		EXPECT_TRUE(c1.n >= 1);
	/* refused while everything is taken, whatever the size */
	{
		struct enc e;
		ulong src = CAP_SRC + (c1.n - c1.adopted + 1) * CAP_SIZE;

		EXPECT_EQ(create_probe(&e, src, 0x4000, UTM_AREA + 0x200000),
			  SM_ERR_NO_FREE_RESOURCE);
		EXPECT_TRUE(src_readable(src));
	}
	bad = drain(c1.n);
	EXPECT_EQ(bad, 0);
	fill(CAP_MAX, &c2);
	EXPECT_EQ(drain(c2.n), 0);
	EXPECT_EQ(c2.n, c1.n);
	EXPECT_EQ(c2.adopted, c1.adopted);
	EXPECT_EQ(c2.last, SM_ERR_NO_FREE_RESOURCE);

	/* Small enclaves: the table of enclaves runs out (or the PMP entries). */
	t0 = tp_time();
	n1 = fill_slots(&last);
	tp_printf("  max live enclaves: %u (32 KiB each), %lu ms\n", n1,
		  (ulong)((tp_time() - t0) / tp_ms(1)));
	EXPECT_EQ(last, SM_ERR_NO_FREE_RESOURCE);
	if (have_pool)
		EXPECT_TRUE(n1 >= MANY);
	for (i = 0, bad = 0; i < n1; i++)
		bad += enc_destroy(&slot_enc[i]) != 0;
	EXPECT_EQ(bad, 0);
	n2 = fill_slots(&last);
	EXPECT_EQ(n2, n1);
	EXPECT_EQ(last, SM_ERR_NO_FREE_RESOURCE);
	for (i = 0, bad = 0; i < n2; i++)
		bad += enc_destroy(&slot_enc[i]) != 0;
	EXPECT_EQ(bad, 0);
	whole_pool_fits();
}

/* --- fragmentation --------------------------------------------------- */

#define FR_SLOTS 64
#define FR_SPACING 0x100000UL /* each slot's source: 1 MiB */
#define FR_ROUNDS 4000

struct fr_slot {
	struct enc e;
	bool live, ran;
	ulong epm, block; /* where it runs (known if ran) */
};

static struct fr_slot fr[FR_SLOTS];

static const ulong fr_sizes[] = { 0x3000, 0x4000, 0x8000, 0x9000, 0x10000,
				  0x18000, 0x20000, 0x40000, 0x64000,
				  0x80000, 0x100000 };

TEST_TIMEOUT(fragmentation_no_leak, 240000)
{
	struct cap before, after;
	ulong rng = 0x5eed1234abcdUL, creates = 0, refused = 0, destroys = 0,
	      runs = 0, adopted = 0, overlaps = 0, readable = 0, bad = 0;
	unsigned int round, k, j;
	u64 t0 = tp_time();

	pool_info();
	before = capacity();
	for (round = 0; round < FR_ROUNDS; round++) {
		struct fr_slot *s = &fr[xs(&rng) % FR_SLOTS];
		ulong size, src;
		long r;

		k = s - fr;
		if (s->live) {
			r = enc_destroy(&s->e);
			if (r) {
				bad++;
				tp_printf("  DESTROY: 0x%lx\n", (ulong)r);
			}
			s->live = s->ran = false;
			destroys++;
			continue;
		}
		size = fr_sizes[xs(&rng) % (sizeof(fr_sizes) / sizeof(fr_sizes[0]))];
		src = EPM_AREA + k * FR_SPACING;
		r = create_probe(&s->e, src, size,
				 UTM_AREA + k * SMALL_UTM);
		if (r == (long)SM_ERR_NO_FREE_RESOURCE) {
			refused++;
			continue;
		}
		if (r) {
			bad++;
			tp_printf("  CREATE: 0x%lx\n", (ulong)r);
			continue;
		}
		creates++;
		s->live = true;
		adopted += src_readable(src);
		/* big enough for the probe's data (EPM + 0x4000..): run it */
		if (size < 0x8000)
			continue;
		r = run_until(SM_FID_RUN, s->e.eid).error;
		if (r == (long)SM_ERR_NO_FREE_RESOURCE)
			continue; /* saved contexts ran out (UBSan: 64) */
		if (r != (long)SM_ERR_EDGE_CALL_HOST) {
			bad++;
			tp_printf("  RUN: 0x%lx\n", (ulong)r);
			continue;
		}
		runs++;
		s->ran = true;
		s->epm = enc_epm(&s->e);
		s->block = s->epm == src ? size : block_size(size);
		if (s->epm != src && (s->epm & (s->block - 1) ||
				      !in_pool(s->epm, s->block)))
			bad++;
		/* no two live enclaves share memory */
		for (j = 0; j < FR_SLOTS; j++) {
			struct fr_slot *o = &fr[j];

			if (o == s || !o->ran)
				continue;
			if (o->epm < s->epm + s->block &&
			    s->epm < o->epm + o->block) {
				overlaps++;
				tp_printf("  overlap: 0x%lx+0x%lx and 0x%lx+0x%lx\n",
					  s->epm, s->block, o->epm, o->block);
			}
		}
		/* the host reads none of it; a random other one neither */
		readable += tp_probe_load_wide(s->epm + (xs(&rng) % s->block & ~7UL)) == 0;
		{
			struct fr_slot *o = &fr[xs(&rng) % FR_SLOTS];

			if (o->ran)
				readable += tp_probe_load_wide(o->epm) == 0;
		}
	}
	for (k = 0; k < FR_SLOTS; k++)
		if (fr[k].live) {
			bad += enc_destroy(&fr[k].e) != 0;
			fr[k].live = fr[k].ran = false;
		}
	after = capacity();
	tp_printf("  %u rounds: %lu creates (%lu adopted), %lu refused, %lu destroys, %lu runs, %lu ms\n",
		  FR_ROUNDS, creates, adopted, refused, destroys, runs,
		  (ulong)((tp_time() - t0) / tp_ms(1)));
	tp_printf("  capacity before %u (%u pool), after %u (%u pool)\n",
		  before.n, before.adopted, after.n, after.adopted);
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(overlaps, 0);
	EXPECT_EQ(readable, 0);
	EXPECT_TRUE(creates > 200);
	EXPECT_TRUE(runs > 100);
	if (have_pool)
		EXPECT_TRUE(adopted > creates / 2);
	EXPECT_EQ(after.n, before.n);
	EXPECT_EQ(after.adopted, before.adopted);
	whole_pool_fits();
}

/* --- donations ------------------------------------------------------- */

#define DON 0x9a000000UL /* 1 MiB of host memory to donate */
#define DON_SIZE 0x100000UL
#define DON_EPM 0x10000UL
#define DON_N (DON_SIZE / DON_EPM)
#define DON_PATTERN 0xd0d0d0d0d0d0d0d0UL

static ulong donate(ulong base, ulong size)
{
	return sm_call(SM_FID_POOL_DONATE, base, size).error;
}

static ulong reclaim(ulong base, ulong size)
{
	return sm_call(SM_FID_POOL_RECLAIM, base, size).error;
}

static ulong host_denied(ulong a)
{
	return (tp_probe_load_wide(a) == CAUSE_LOAD_ACCESS) +
	       (tp_probe_store_wide(a + 8, 1) == CAUSE_STORE_ACCESS);
}

static struct enc don[DON_N];

/*
 * A donation needs a PMP entry; with a small budget (SM_PMP_MAX=8) the
 * boot pool may hold the last one.  Then the boot pool (empty between
 * tests) is taken back for the test, and donated again after it.
 */
static bool pool_lent;

static long donate_or_make_room(ulong base, ulong size)
{
	long r = donate(base, size);

	if (r != (long)SM_ERR_NO_FREE_RESOURCE || !have_pool || pool_lent)
		return r;
	EXPECT_EQ(reclaim(pool_base, pool_size), 0);
	pool_lent = true;
	tp_printf("  no PMP entry for a donation: boot pool taken back meanwhile\n");
	/* it is the host's memory now */
	EXPECT_EQ(tp_probe_load_wide(pool_base + pool_size / 2), 0);
	return donate(base, size);
}

static void pool_return(void)
{
	if (!pool_lent)
		return;
	pool_lent = false;
	EXPECT_EQ(donate(pool_base, pool_size), 0);
	EXPECT_EQ(tp_probe_load_wide(pool_base + pool_size / 2),
		  CAUSE_LOAD_ACCESS);
}

TEST_TIMEOUT(donate_and_reclaim, 120000)
{
	ulong a, h1 = tp_other_hart(1), nonzero = 0, pattern_lost = 0;
	unsigned int i, n;
	struct enc inplace, other;

	pool_info();
	for (a = DON; a < DON + DON_SIZE; a += 8)
		*(volatile ulong *)a = DON_PATTERN;

	/* Refused ranges: the documented errors, and nothing changes. */
	EXPECT_EQ(donate(DON, 0), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(donate(DON + 0x800, 0x1000), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(donate(DON, 0x800), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(donate(DON, 0x1800), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(donate(0xfffffffffffff000UL, 0x2000), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(donate(DON, ~0xfffUL), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(donate(0x10000000UL, 0x1000), SM_ERR_ILLEGAL_ARGUMENT); /* MMIO */
	EXPECT_EQ(donate(0x9fff0000UL, 0x20000), SM_ERR_ILLEGAL_ARGUMENT); /* past DRAM */
	EXPECT_EQ(donate(0x7ffff000UL, 0x2000), SM_ERR_ILLEGAL_ARGUMENT); /* below DRAM */
	EXPECT_EQ(donate(0x80000000UL, 0x10000), SM_ERR_REGION_OVERLAPS); /* firmware */
	EXPECT_EQ(donate(0x80000000UL, 0x400000), SM_ERR_REGION_OVERLAPS);
	EXPECT_EQ(donate(0x80040000UL, 0x1000), SM_ERR_REGION_OVERLAPS);
	if (have_pool) {
		EXPECT_EQ(donate(pool_base, pool_size), SM_ERR_REGION_OVERLAPS);
		EXPECT_EQ(donate(pool_base + pool_size - 0x1000, 0x2000),
			  SM_ERR_REGION_OVERLAPS);
	}
	EXPECT_EQ(reclaim(DON, DON_SIZE), SM_ERR_ILLEGAL_ARGUMENT); /* never donated */
	EXPECT_EQ(host_denied(DON), 0);

	/* Donated: denied to the host on every hart. */
	ASSERT_EQ(donate_or_make_room(DON, DON_SIZE), 0);
	EXPECT_EQ(host_denied(DON), 2);
	EXPECT_EQ(host_denied(DON + DON_SIZE - 0x10), 2);
	if (h1 != -1UL)
		EXPECT_EQ(tp_run_on(h1, host_denied, DON + 0x40000), 2);
	/* twice, or any part of it again: overlaps */
	EXPECT_EQ(donate(DON, DON_SIZE), SM_ERR_REGION_OVERLAPS);
	EXPECT_EQ(donate(DON + 0x1000, 0x1000), SM_ERR_REGION_OVERLAPS);
	EXPECT_EQ(donate(DON - 0x1000, 0x2000), SM_ERR_REGION_OVERLAPS);
	/* not exactly the region: refused, it stays donated */
	EXPECT_EQ(reclaim(DON, 0x1000), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(reclaim(DON, DON_SIZE * 2), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(host_denied(DON), 2);

	/*
	 * Enclaves land there: the allocator takes the smallest free block
	 * that fits, and an empty boot pool has only its one big block.
	 */
	for (n = 0; n < DON_N; n++) {
		ASSERT_EQ(create_probe(&don[n], EPM_AREA + n * DON_EPM, DON_EPM,
				       UTM_AREA + n * SMALL_UTM), 0);
		ASSERT_EQ(enc_run(&don[n]), SM_ERR_EDGE_CALL_HOST);
		a = enc_epm(&don[n]);
		EXPECT_TRUE(a >= DON && a + DON_EPM <= DON + DON_SIZE);
		/* a secret the host must never see */
		EXPECT_EQ(enc_cmd(&don[n], CMD_STORE, a + 0x8000, 0x5ec7e7),
			  SM_ERR_EDGE_CALL_HOST);
	}
	ASSERT_OK();
	/* the region is full: the next one goes elsewhere (or nowhere) */
	{
		long r = create_probe(&other, EPM_AREA + DON_N * DON_EPM,
				      DON_EPM, UTM_AREA + DON_N * SMALL_UTM);

		EXPECT_TRUE(r == 0 || r == (long)SM_ERR_NO_FREE_RESOURCE);
		if (!r) {
			EXPECT_EQ(enc_run(&other), SM_ERR_EDGE_CALL_HOST);
			a = enc_epm(&other);
			EXPECT_TRUE(a + DON_EPM <= DON || a >= DON + DON_SIZE);
			/* one enclave cannot read another's block in the region */
			EXPECT_EQ(enc_probe(&other, CMD_LOAD, enc_epm(&don[0]) + 0x8000),
				  CAUSE_LOAD_ACCESS);
			EXPECT_EQ(enc_destroy(&other), 0);
		}
	}
	EXPECT_EQ(enc_probe(&don[0], CMD_LOAD, enc_epm(&don[1]) + 0x8000),
		  CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(&don[1], CMD_STORE, enc_epm(&don[0]) + 0x8000),
		  CAUSE_STORE_ACCESS);
	EXPECT_EQ(enc_probe(&don[0], CMD_LOAD, 0x80200000UL), CAUSE_LOAD_ACCESS);
	EXPECT_EQ(enc_probe(&don[0], CMD_LOAD, DON - 0x1000), CAUSE_LOAD_ACCESS);
	/* the host reads none of them */
	for (i = 0; i < DON_N; i++)
		EXPECT_EQ(host_denied(enc_epm(&don[i]) + 0x8000), 2);

	/* A live enclave's EPM or UTM, even with the donated region busy. */
	EXPECT_EQ(donate(enc_epm(&don[3]), 0x1000), SM_ERR_REGION_OVERLAPS);
	EXPECT_EQ(donate(don[3].a.utm_paddr, SMALL_UTM), SM_ERR_REGION_OVERLAPS);
	EXPECT_EQ(donate(don[3].a.utm_paddr & ~0xffffUL, 0x10000),
		  SM_ERR_REGION_OVERLAPS);
	/* an in-place enclave's EPM (larger than any pool block: in place) */
	{
		ulong big = have_pool ? 2 * block_size(pool_size) : 0x100000;
		ulong src = have_pool ? EPM_AREA : 0x9c000000UL;

		if (src + big > UTM_AREA)
			big = 0; /* no room for such a source: skip */
		if (big && create_probe(&inplace, src, big,
					UTM_AREA + 0x100000) == 0) {
			EXPECT_FALSE(src_readable(src));
			EXPECT_EQ(donate(src, 0x1000), SM_ERR_REGION_OVERLAPS);
			EXPECT_EQ(donate(src + big - 0x1000, 0x2000),
				  SM_ERR_REGION_OVERLAPS);
			EXPECT_EQ(donate(inplace.a.utm_paddr, SMALL_UTM),
				  SM_ERR_REGION_OVERLAPS);
			EXPECT_EQ(enc_destroy(&inplace), 0);
			EXPECT_TRUE(src_readable(src));
		}
	}

	/* Reclaim refused while any enclave lives there, in any state. */
	EXPECT_EQ(reclaim(DON, DON_SIZE), SM_ERR_REGION_OVERLAPS);
	don[0].u[U_ARG(0)] = 7;
	don[0].u[U_CMD] = CMD_EXIT;
	EXPECT_EQ(run_until(SM_FID_RESUME, don[0].eid).value, 7);
	for (i = 1; i < DON_N; i++)
		EXPECT_EQ(enc_destroy(&don[i]), 0);
	EXPECT_EQ(reclaim(DON, DON_SIZE), SM_ERR_REGION_OVERLAPS); /* exited */
	EXPECT_EQ(host_denied(DON), 2);
	EXPECT_EQ(enc_destroy(&don[0]), 0);

	/* Now it comes back: readable everywhere, the enclaves' bytes zero. */
	ASSERT_EQ(reclaim(DON, DON_SIZE), 0);
	EXPECT_EQ(reclaim(DON, DON_SIZE), SM_ERR_ILLEGAL_ARGUMENT);
	for (a = DON; a < DON + DON_SIZE; a += 8) {
		ulong v = *(volatile ulong *)a;

		nonzero += v != 0;
		pattern_lost += v != DON_PATTERN;
	}
	/* the region was all enclave blocks: every word was scrubbed */
	EXPECT_EQ(nonzero, 0);
	tp_printf("  reclaimed: %lu words nonzero, %lu words changed\n",
		  nonzero, pattern_lost);
	EXPECT_EQ(host_denied(DON), 0);
	if (h1 != -1UL)
		EXPECT_EQ(tp_run_on(h1, host_denied, DON + 0x40000), 0);
	/* and it is host memory again: an in-place source, a donation again */
	EXPECT_EQ(donate(DON, DON_SIZE), 0);
	EXPECT_EQ(reclaim(DON, DON_SIZE), 0);
	EXPECT_EQ(host_denied(DON + DON_SIZE - 0x1000), 0);
	pool_return();
}

/* Regions run out (the pool's table, or the PMP entries that deny them). */
#define SMALL_DON 0x9b000000UL

TEST(donations_run_out)
{
	unsigned int n, i;
	long r = 0;

	pool_info();
	for (n = 0; n < 32; n++) {
		r = n ? donate(SMALL_DON + n * 0x10000, 0x1000)
		      : donate_or_make_room(SMALL_DON, 0x1000);
		if (r)
			break;
		EXPECT_EQ(host_denied(SMALL_DON + n * 0x10000), 2);
	}
	tp_printf("  %u regions donated\n", n);
	EXPECT_EQ(r, SM_ERR_NO_FREE_RESOURCE);
	EXPECT_TRUE(n >= 1);
	/* the refused one is still the host's */
	EXPECT_EQ(host_denied(SMALL_DON + n * 0x10000), 0);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(reclaim(SMALL_DON + i * 0x10000, 0x1000), 0);
		EXPECT_EQ(host_denied(SMALL_DON + i * 0x10000), 0);
	}
	pool_return();
	/* an enclave still fits (nothing was left taken) */
	{
		struct enc e;

		EXPECT_EQ(create_probe(&e, EPM_AREA, 0x10000, UTM_AREA), 0);
		EXPECT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
		EXPECT_EQ(enc_destroy(&e), 0);
	}
}

/*
 * A donated region is denied on every hart before any enclave is put in
 * it.  One hart donates and reclaims a region over and over, another
 * creates enclaves (which land there while it is donated: the smallest
 * free block first), a third reads the region's first word as the host:
 * it must never see an enclave's image there.  (DONATE used to hand the
 * region to the allocator before the other harts had applied the layout
 * denying it: this saw the image in about one donation in eight.)
 */
#define RACE_R 0x9a000000UL
#define RACE_SIZE 0x10000UL
#define RACE_PATTERN 0x5050505050505050UL

static volatile ulong race_stop, race_in_r, race_leaks, race_reads,
	race_denied;

/* A host load that returns its value; the scause it raised, or 0. */
static ulong load_val(ulong addr, ulong *val)
{
	ulong v = 0, cause;

	/* tp_probe_load_wide's protocol (lib/start.S): armed at 8(tp),
	 * the cause at 16(tp), a faulting load skipped */
	__asm__ __volatile__("li t0, 1\n\tsd t0, 8(tp)\n\tsd zero, 16(tp)\n\t"
			     ".option push\n\t.option norvc\n\t"
			     "ld %0, 0(%2)\n\t"
			     ".option pop\n\t"
			     "sd zero, 8(tp)\n\tld %1, 16(tp)"
			     : "+&r"(v), "=&r"(cause)
			     : "r"(addr)
			     : "t0", "memory");
	*val = v;
	return cause;
}

static ulong race_creator(ulong unused)
{
	struct enc e;
	ulong src = EPM_AREA + 0x100000, utm = UTM_AREA + 0x10000;

	while (!race_stop) {
		if (create_probe(&e, src, RACE_SIZE, utm))
			continue;
		if (run_until(SM_FID_RUN, e.eid).error ==
			    (long)SM_ERR_EDGE_CALL_HOST &&
		    enc_epm(&e) == RACE_R)
			race_in_r++;
		if (enc_destroy(&e))
			return 1;
	}
	return 0;
}

static ulong race_reader(ulong image_word)
{
	ulong v;

	while (!race_stop) {
		if (load_val(RACE_R, &v)) {
			race_denied++;
			continue;
		}
		race_reads++;
		if (v == image_word)
			race_leaks++;
	}
	return 0;
}

TEST_TIMEOUT(donation_denied_before_use, 60000)
{
	ulong b = tp_other_hart(1), c = tp_other_hart(2), a, seen, rounds = 0;
	u64 end;
	long r = 0;

	pool_info();
	if (b == -1UL || c == -1UL) {
		tp_printf("  fewer than 3 harts: nothing to race\n");
		return;
	}
	/* the boot pool lent if a donation needs its PMP entry */
	for (a = RACE_R; a < RACE_R + RACE_SIZE; a += 8)
		*(volatile ulong *)a = RACE_PATTERN;
	ASSERT_EQ(donate_or_make_room(RACE_R, RACE_SIZE), 0);
	ASSERT_EQ(reclaim(RACE_R, RACE_SIZE), 0);

	race_stop = race_in_r = race_leaks = race_reads = race_denied = 0;
	tp_start_on(c, race_reader, *(const ulong *)enclave_probe_start);
	tp_start_on(b, race_creator, 0);
	end = tp_time() + tp_ms(10000);
	while (tp_time() < end) {
		for (a = RACE_R; a < RACE_R + RACE_SIZE; a += 8)
			*(volatile ulong *)a = RACE_PATTERN;
		/* an in-place enclave may hold the last PMP entry meanwhile */
		while ((r = donate(RACE_R, RACE_SIZE)) ==
			       (long)SM_ERR_NO_FREE_RESOURCE &&
		       tp_time() < end)
			;
		if (r)
			break;
		seen = race_in_r;
		while (race_in_r == seen && tp_time() < end)
			;
		while ((r = reclaim(RACE_R, RACE_SIZE)) ==
			       (long)SM_ERR_REGION_OVERLAPS)
			;
		if (r)
			break;
		rounds++;
	}
	race_stop = 1;
	EXPECT_EQ(tp_wait(b), 0);
	EXPECT_EQ(tp_wait(c), 0);
	tp_printf("  %lu donations, %lu enclaves there, %lu host reads, %lu denied, %lu saw an enclave\n",
		  rounds, race_in_r, race_reads, race_denied, race_leaks);
	EXPECT_TRUE(r == 0 || r == (long)SM_ERR_NO_FREE_RESOURCE);
	EXPECT_EQ(race_leaks, 0);
	EXPECT_TRUE(rounds >= 10);
	EXPECT_TRUE(race_in_r >= 10);
	EXPECT_TRUE(race_denied > 0);
	pool_return();
}
