// SPDX-License-Identifier: BSD-2-Clause
/* EPM pool (sm/sm_pool.c): NAPOT blocks, buddies, donations, refusals. */
#include <string.h>
#include "check.h"
#include "sm_pool.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* Pools are large: static, as in the monitor's .bss. */
static struct sm_pool pool, saved, fresh;

/* Page owners in [WIN, WIN + 4 GiB): catches overlapping blocks. */
#define WIN 0x80000000ULL
#define WIN_PAGES ((4 * GiB) >> 12)
static unsigned char owned[WIN_PAGES];

struct blk {
	u64 base, size, req;
};
#define MAX_LIVE 20000
static struct blk live[MAX_LIVE];
static unsigned int nlive;

static u64 rng = 0x2545f4914f6cdd1dULL;
static u64 rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static u64 block_size(u64 req)
{
	u64 s = 4 * KiB;

	while (s < req)
		s <<= 1;
	return s;
}

/* Bitmaps agree with the counters; free + live bytes == total. */
static bool consistent(const struct sm_pool *p)
{
	u64 free_pages = 0, live_bits = 0, words, w, used = 0;
	unsigned int i, k;

	for (i = 0; i < p->nregions; i++) {
		const struct sm_pool_region *r = &p->region[i];

		if (r->map_off != used)
			return false;
		used += r->map_words;
		for (k = 0; k <= r->top; k++) {
			u64 bits = 0, abits = 0;
			u64 end = (k == r->top) ? r->map_words : r->order_map[k + 1];

			words = end - r->order_map[k];
			for (w = 0; w < words; w++) {
				u64 m = p->map[r->map_off + r->order_map[k] + w];
				u64 s = p->sum[r->sum_off + r->order_sum[k] + w / 64];

				bits += __builtin_popcountll(m);
				abits += __builtin_popcountll(
					p->alloc[r->map_off + r->order_map[k] + w]);
				if (!!m != !!(s & (1ULL << (w % 64))))
					return false;
				if (m & p->alloc[r->map_off + r->order_map[k] + w])
					return false;
			}
			if (bits != r->nfree[k])
				return false;
			free_pages += bits << k;
			live_bits += abits;
		}
	}
	return used == p->map_used && free_pages == p->free_pages &&
	       live_bits == p->live;
}

static int do_alloc(u64 req)
{
	u64 base = 0, size = block_size(req), pg;
	int rc = pool_alloc(&pool, req, &base);

	if (rc)
		return rc;
	CHECK(base % size == 0);
	CHECK(pool_contains(&pool, base, size));
	CHECK(pool_allocated(&pool, base, size));
	CHECK(base >= WIN && base - WIN + size <= WIN_PAGES << 12);
	for (pg = (base - WIN) >> 12; pg < (base - WIN + size) >> 12; pg++) {
		if (owned[pg]) {
			CHECK(!"block overlaps a live block");
			break;
		}
		owned[pg] = 1;
	}
	if (nlive < MAX_LIVE)
		live[nlive++] = (struct blk){ base, size, req };
	return 0;
}

/* Frees live[i], with the requested size or the block's one. */
static void do_free(unsigned int i, bool by_req)
{
	struct blk b = live[i];
	u64 pg;

	CHECK_EQ(pool_free(&pool, b.base, by_req ? b.req : b.size), 0);
	for (pg = (b.base - WIN) >> 12; pg < (b.base - WIN + b.size) >> 12; pg++)
		owned[pg] = 0;
	live[i] = live[--nlive];
}

static void free_all(void)
{
	while (nlive)
		do_free(nlive - 1, nlive & 1);
}

static void reset(void)
{
	pool_init(&pool);
	memset(owned, 0, sizeof(owned));
	nlive = 0;
}

/* The greedy maximal-block carving of [base, base + size), per order. */
static void expect_carve(u64 base, u64 size, u32 *nfree)
{
	u64 pfn = base >> 12, end = (base + size) >> 12;
	unsigned int k;

	memset(nfree, 0, SM_POOL_ORDERS * sizeof(*nfree));
	while (pfn < end) {
		for (k = SM_POOL_ORDERS - 1;; k--)
			if (!(pfn & ((1ULL << k) - 1)) && pfn + (1ULL << k) <= end)
				break;
		nfree[k]++;
		pfn += 1ULL << k;
	}
}

static void test_empty(void)
{
	u64 b;

	reset();
	CHECK_EQ(pool_alloc(&pool, 4096, &b), POOL_ENOMEM);
	CHECK_EQ(pool_free_bytes(&pool), 0);
	CHECK_EQ(pool_largest_free(&pool), 0);
	CHECK_EQ(pool_live_blocks(&pool), 0);
	CHECK(!pool_contains(&pool, WIN, 4096));
	CHECK_EQ(pool_free(&pool, WIN, 4096), POOL_ENOENT);
	CHECK_EQ(pool_remove(&pool, WIN, 4096), POOL_ENOENT);
	CHECK_EQ(pool_region_count(&pool), 0);
}

static void test_add_rules(void)
{
	unsigned int i;
	u64 b, s;

	reset();
	/* alignment, size, wrap */
	CHECK_EQ(pool_add(&pool, WIN + 1, 4096), POOL_EINVAL);
	CHECK_EQ(pool_add(&pool, WIN + 0x800, 4096), POOL_EINVAL);
	CHECK_EQ(pool_add(&pool, WIN, 4095), POOL_EINVAL);
	CHECK_EQ(pool_add(&pool, WIN, 0x1800), POOL_EINVAL);
	CHECK_EQ(pool_add(&pool, WIN, 0), POOL_EINVAL);
	CHECK_EQ(pool_add(&pool, ~0ULL - 0xfff, 0x1000), POOL_EINVAL);
	CHECK_EQ(pool_add(&pool, ~0ULL - 0xfff, 0x2000), POOL_EINVAL);
	CHECK_EQ(pool_add(&pool, 0x1000, ~0ULL - 0xfff), POOL_EINVAL);
	CHECK_EQ(pool_region_count(&pool), 0);

	/* overlaps: twice, inside, around, straddling either end */
	CHECK_EQ(pool_add(&pool, WIN + 16 * MiB, 16 * MiB), 0);
	memcpy(&saved, &pool, sizeof(pool));
	CHECK_EQ(pool_add(&pool, WIN + 16 * MiB, 16 * MiB), POOL_EOVERLAP);
	CHECK_EQ(pool_add(&pool, WIN + 20 * MiB, 4096), POOL_EOVERLAP);
	CHECK_EQ(pool_add(&pool, WIN, 64 * MiB), POOL_EOVERLAP);
	CHECK_EQ(pool_add(&pool, WIN + 16 * MiB - 4096, 8192), POOL_EOVERLAP);
	CHECK_EQ(pool_add(&pool, WIN + 32 * MiB - 4096, 8192), POOL_EOVERLAP);
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));
	/* adjacent on both sides is fine (separate regions, no merging) */
	CHECK_EQ(pool_add(&pool, WIN + 32 * MiB, 4096), 0);
	CHECK_EQ(pool_add(&pool, WIN + 16 * MiB - 4096, 4096), 0);
	CHECK_EQ(pool_region_count(&pool), 3);
	CHECK_EQ(pool_total_bytes(&pool), 16 * MiB + 8192);
	CHECK_EQ(pool_region(&pool, 2, &b, &s), 0);
	CHECK_EQ(b, WIN + 16 * MiB - 4096);
	CHECK_EQ(s, 4096);
	CHECK_EQ(pool_region(&pool, 3, &b, &s), POOL_ENOENT);
	/* a block never spans two adjacent regions */
	CHECK_EQ(pool_largest_free(&pool), 16 * MiB);
	CHECK(!pool_contains(&pool, WIN + 32 * MiB - 4096, 8192));
	CHECK(pool_contains(&pool, WIN + 32 * MiB - 4096, 4096));

	/* region table full */
	reset();
	for (i = 0; i < SM_POOL_REGIONS; i++)
		CHECK_EQ(pool_add(&pool, WIN + i * 2 * MiB, MiB), 0);
	CHECK_EQ(pool_add(&pool, WIN + i * 2 * MiB, MiB), POOL_ENOSPC);
	/* ... but an overlap is still reported as one */
	CHECK_EQ(pool_add(&pool, WIN, MiB), POOL_EOVERLAP);
	CHECK(consistent(&pool));

	/* more pages than SM_POOL_MAX_PAGES */
	reset();
	CHECK_EQ(pool_add(&pool, WIN, ((u64)SM_POOL_MAX_PAGES + 1) << 12),
		 POOL_ENOSPC);
	CHECK_EQ(pool_add(&pool, WIN, (u64)SM_POOL_MAX_PAGES << 12), 0);
	CHECK_EQ(pool_add(&pool, WIN + 2 * GiB, 4096), POOL_ENOSPC);
	CHECK_EQ(pool_remove(&pool, WIN, (u64)SM_POOL_MAX_PAGES << 12), 0);
	CHECK_EQ(pool_add(&pool, WIN, ((u64)SM_POOL_MAX_PAGES - 1) << 12), 0);
	CHECK_EQ(pool_add(&pool, WIN + 2 * GiB, 4096), 0);
	CHECK_EQ(pool_add(&pool, WIN + 2 * GiB + 8192, 4096), POOL_ENOSPC);
	CHECK(consistent(&pool));
}

/* Regions of every shape are carved into maximal aligned blocks. */
static void test_carving(void)
{
	static const struct { u64 base, size; } shapes[] = {
		{ WIN, 4096 }, /* tiny */
		{ WIN + 0x1000, 0x3000 }, /* 4K + 8K */
		{ WIN + 0x201000, 0x300000 - 0x1000 }, /* not aligned to its size */
		{ WIN + 0x7ff000, 0x802000 }, /* 4K, 8M, 4K */
		{ WIN + 0x10000000, 0x10000000 }, /* 256 MiB, aligned */
		{ WIN + 0x4000000 - 0x1000, 0x2000 }, /* straddles 64 MiB */
		{ WIN + 0x40000000 + 0x5000, 0x9fff000 }, /* odd sizes both ends */
	};
	u32 want[SM_POOL_ORDERS];
	unsigned int i, k;
	u64 b, largest;

	for (i = 0; i < ARRAY_SIZE(shapes); i++) {
		reset();
		CHECK_EQ(pool_add(&pool, shapes[i].base, shapes[i].size), 0);
		CHECK(consistent(&pool));
		expect_carve(shapes[i].base, shapes[i].size, want);
		largest = 0;
		for (k = 0; k < SM_POOL_ORDERS; k++) {
			CHECK_EQ(pool.region[0].nfree[k], want[k]);
			if (want[k])
				largest = 4096ULL << k;
		}
		CHECK_EQ(pool_free_bytes(&pool), shapes[i].size);
		CHECK_EQ(pool_largest_free(&pool), largest);
		/* the largest block is handed out whole, then nothing as big */
		CHECK_EQ(do_alloc(largest), 0);
		CHECK(pool_contains(&pool, live[0].base, largest));
		if (want[__builtin_ctzll(largest >> 12)] == 1)
			CHECK(pool_largest_free(&pool) < largest);
		free_all();
		CHECK_EQ(pool_free_bytes(&pool), shapes[i].size);
		/* a tiny region: exactly its pages, nothing larger */
		if (shapes[i].size == 4096) {
			CHECK_EQ(pool_alloc(&pool, 8192, &b), POOL_ENOMEM);
			CHECK_EQ(do_alloc(1), 0);
			CHECK_EQ(pool_alloc(&pool, 1, &b), POOL_ENOMEM);
			free_all();
		}
	}
}

static void test_sizes(void)
{
	static const u64 reqs[] = { 1, 4095, 4096, 4097, 8192, 12288, 65535,
				    MiB - 1, MiB, MiB + 1, 3 * MiB, 64 * MiB };
	unsigned int i;
	u64 b;

	reset();
	CHECK_EQ(pool_add(&pool, WIN, 256 * MiB), 0);
	memcpy(&saved, &pool, sizeof(pool));
	CHECK_EQ(pool_alloc(&pool, 0, &b), POOL_EINVAL);
	CHECK_EQ(pool_alloc(&pool, 512 * MiB, &b), POOL_ENOMEM);
	CHECK_EQ(pool_alloc(&pool, ~0ULL, &b), POOL_ENOMEM);
	CHECK_EQ(pool_alloc(&pool, (1ULL << 63) + 1, &b), POOL_ENOMEM);
	CHECK_EQ(pool_alloc(&pool, 4096ULL << SM_POOL_ORDERS, &b), POOL_ENOMEM);
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));
	for (i = 0; i < ARRAY_SIZE(reqs); i++) {
		CHECK_EQ(do_alloc(reqs[i]), 0);
		CHECK_EQ(live[nlive - 1].size, block_size(reqs[i]));
	}
	CHECK_EQ(pool_live_blocks(&pool), ARRAY_SIZE(reqs));
	CHECK(consistent(&pool));
	free_all();
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));

	/* the whole region as one block, then nothing else */
	CHECK_EQ(do_alloc(256 * MiB), 0);
	CHECK_EQ(live[0].base, WIN);
	CHECK_EQ(pool_alloc(&pool, 1, &b), POOL_ENOMEM);
	CHECK_EQ(pool_free_bytes(&pool), 0);
	free_all();
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));
}

/* Smallest fitting block first: a big block is not split for a small one. */
static void test_best_fit(void)
{
	u64 b;

	reset();
	CHECK_EQ(pool_add(&pool, WIN, 64 * MiB), 0);
	CHECK_EQ(pool_add(&pool, WIN + GiB + 0x3000, 0x1000), 0);
	CHECK_EQ(pool_alloc(&pool, 4096, &b), 0);
	CHECK_EQ(b, WIN + GiB + 0x3000);
	CHECK_EQ(pool_largest_free(&pool), 64 * MiB);
	CHECK_EQ(pool_free(&pool, b, 4096), 0);
}

static void test_exhaustion(void)
{
	unsigned int n = 0;
	u64 b;

	reset();
	CHECK_EQ(pool_add(&pool, WIN + 0x3000, 8 * MiB - 0x3000), 0);
	CHECK_EQ(pool_add(&pool, WIN + 64 * MiB, 2 * MiB), 0);
	memcpy(&saved, &pool, sizeof(pool));
	while (do_alloc(4096) == 0)
		n++;
	CHECK_EQ(n, (10 * MiB - 0x3000) >> 12);
	CHECK_EQ(pool_free_bytes(&pool), 0);
	CHECK_EQ(pool_largest_free(&pool), 0);
	CHECK_EQ(pool_alloc(&pool, 4096, &b), POOL_ENOMEM);
	CHECK(consistent(&pool));
	/* recovery: one page back, one page out again */
	do_free(n / 2, true);
	CHECK_EQ(pool_free_bytes(&pool), 4096);
	CHECK_EQ(do_alloc(4096), 0);
	CHECK_EQ(pool_alloc(&pool, 4096, &b), POOL_ENOMEM);
	/* every page back: exactly the initial blocks again */
	while (nlive)
		do_free(rnd() % nlive, false);
	CHECK(consistent(&pool));
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));
	CHECK_EQ(pool_largest_free(&pool), 4 * MiB);
}

/* Thousands of random rounds, then everything freed: no leak, all merged. */
static void test_random(void)
{
	unsigned int round, i, fails = 0, bad = 0;
	u64 req, b, init_free, init_largest;

	reset();
	CHECK_EQ(pool_add(&pool, WIN + 0x5000, 96 * MiB - 0x5000), 0);
	CHECK_EQ(pool_add(&pool, WIN + GiB + 0x100000, 30 * MiB), 0);
	CHECK_EQ(pool_add(&pool, WIN + 2 * GiB, 64 * MiB), 0);
	CHECK_EQ(pool_add(&pool, WIN + 3 * GiB - 0x1000, 0x1000), 0);
	memcpy(&saved, &pool, sizeof(pool));
	init_free = pool_free_bytes(&pool);
	init_largest = pool_largest_free(&pool);
	for (round = 0; round < 200000; round++) {
		if (nlive && (rnd() % 100 < 45 || nlive >= MAX_LIVE)) {
			i = rnd() % nlive;
			/* now and then a bad free first: never accepted */
			b = live[i].base;
			if (rnd() % 16 == 0 &&
			    (pool_free(&pool, b, live[i].size * 2) != POOL_ENOENT ||
			     (live[i].size > 4096 &&
			      (pool_free(&pool, b, live[i].size / 2) != POOL_ENOENT ||
			       pool_free(&pool, b + live[i].size / 2,
					 live[i].size / 2) != POOL_ENOENT))))
				bad++;
			do_free(i, rnd() & 1);
		} else {
			/* mostly small, sometimes up to 16 MiB */
			req = rnd() % 8 ? 1 + rnd() % (256 * KiB) :
					  1 + rnd() % (16 * MiB);
			if (do_alloc(req))
				fails++;
		}
		if (pool_free_bytes(&pool) > init_free)
			bad++;
		if (round % 4096 == 0 && !consistent(&pool))
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK(fails > 0); /* the pool did fill up at times */
	CHECK(consistent(&pool));
	free_all();
	CHECK_EQ(pool_free_bytes(&pool), init_free);
	CHECK_EQ(pool_largest_free(&pool), init_largest);
	CHECK_EQ(pool_live_blocks(&pool), 0);
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));
	CHECK_EQ(pool_alloc(&pool, init_largest, &b), 0);
	CHECK_EQ(pool_free(&pool, b, init_largest), 0);
}

static void test_bad_free(void)
{
	u64 a, b, c;

	reset();
	CHECK_EQ(pool_add(&pool, WIN, 16 * MiB), 0);
	CHECK_EQ(pool_alloc(&pool, 5000, &a), 0); /* an 8 KiB block */
	CHECK_EQ(pool_alloc(&pool, 64 * KiB, &b), 0);
	CHECK_EQ(pool_alloc(&pool, 4096, &c), 0);
	memcpy(&saved, &pool, sizeof(pool));
	CHECK_EQ(pool_free(&pool, a, 4096), POOL_ENOENT); /* smaller */
	CHECK_EQ(pool_free(&pool, a, 16384), POOL_ENOENT); /* larger */
	CHECK_EQ(pool_free(&pool, a + 4096, 4096), POOL_ENOENT); /* inside */
	CHECK_EQ(pool_free(&pool, b, 32 * KiB), POOL_ENOENT);
	CHECK_EQ(pool_free(&pool, b, 128 * KiB), POOL_ENOENT);
	CHECK_EQ(pool_free(&pool, b + 0x800, 64 * KiB), POOL_ENOENT);
	CHECK_EQ(pool_free(&pool, a, 0), POOL_ENOENT);
	CHECK_EQ(pool_free(&pool, a, ~0ULL), POOL_ENOENT);
	CHECK_EQ(pool_free(&pool, ~0ULL - 0xfff, 4096), POOL_ENOENT);
	CHECK_EQ(pool_free(&pool, WIN + 32 * MiB, 4096), POOL_ENOENT);
	CHECK_EQ(pool_free(&pool, WIN + 8 * MiB, 8 * MiB), POOL_ENOENT);
	CHECK_EQ(pool_free(&pool, 0, 4096), POOL_ENOENT);
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));
	CHECK(pool_allocated(&pool, a, 8192));
	CHECK(pool_allocated(&pool, a, 5000));
	CHECK(!pool_allocated(&pool, a, 4096));

	/* requested size and block size both free the block */
	CHECK_EQ(pool_free(&pool, a, 5000), 0);
	CHECK_EQ(pool_free(&pool, a, 5000), POOL_ENOENT); /* double free */
	CHECK_EQ(pool_free(&pool, a, 8192), POOL_ENOENT);
	CHECK_EQ(pool_free(&pool, b, 64 * KiB), 0);
	memcpy(&saved, &pool, sizeof(pool));
	CHECK_EQ(pool_free(&pool, b, 64 * KiB), POOL_ENOENT);
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));
	CHECK_EQ(pool_free(&pool, c, 1), 0);
	CHECK_EQ(pool_free_bytes(&pool), 16 * MiB);
	CHECK_EQ(pool_largest_free(&pool), 16 * MiB);
	CHECK_EQ(pool_live_blocks(&pool), 0);
}

static void test_remove(void)
{
	u64 b;

	/* a region with a live block cannot go; only whole regions can */
	reset();
	CHECK_EQ(pool_add(&pool, WIN, 8 * MiB), 0);
	CHECK_EQ(pool_add(&pool, WIN + 64 * MiB + 0x1000, 4 * MiB), 0);
	CHECK_EQ(pool_add(&pool, WIN + 128 * MiB, 2 * MiB), 0);
	CHECK_EQ(do_alloc(4096), 0);
	CHECK(live[0].base >= WIN + 64 * MiB); /* the smallest blocks first */
	CHECK_EQ(pool_remove(&pool, WIN + 64 * MiB + 0x1000, 4 * MiB),
		 POOL_EBUSY);
	CHECK_EQ(pool_remove(&pool, WIN, 4 * MiB), POOL_ENOENT);
	CHECK_EQ(pool_remove(&pool, WIN + 4 * MiB, 4 * MiB), POOL_ENOENT);
	CHECK_EQ(pool_remove(&pool, WIN, 16 * MiB), POOL_ENOENT);
	CHECK_EQ(pool_remove(&pool, WIN + 1, 8 * MiB), POOL_EINVAL);
	CHECK_EQ(pool_remove(&pool, WIN, 0), POOL_EINVAL);
	CHECK_EQ(pool_region_count(&pool), 3);
	free_all();

	/* removing the middle region: the others behave as if it never was */
	CHECK_EQ(pool_remove(&pool, WIN + 64 * MiB + 0x1000, 4 * MiB), 0);
	CHECK(!pool_contains(&pool, WIN + 64 * MiB + 0x1000, 4096));
	CHECK_EQ(pool_region_count(&pool), 2);
	CHECK_EQ(pool_total_bytes(&pool), 10 * MiB);
	CHECK(consistent(&pool));
	pool_init(&fresh);
	CHECK_EQ(pool_add(&fresh, WIN, 8 * MiB), 0);
	CHECK_EQ(pool_add(&fresh, WIN + 128 * MiB, 2 * MiB), 0);
	CHECK(!memcmp(&fresh, &pool, sizeof(pool)));
	/* and its memory is never handed out again */
	while (do_alloc(4096) == 0)
		;
	CHECK_EQ(nlive, (10 * MiB) >> 12);
	CHECK_EQ(owned[(64 * MiB + 0x1000) >> 12], 0);
	CHECK_EQ(pool_remove(&pool, WIN, 8 * MiB), POOL_EBUSY);
	free_all();
	CHECK_EQ(pool_remove(&pool, WIN, 8 * MiB), 0);
	CHECK_EQ(pool_remove(&pool, WIN, 8 * MiB), POOL_ENOENT);
	while (do_alloc(4096) == 0)
		;
	CHECK_EQ(nlive, (2 * MiB) >> 12);
	free_all();
	CHECK_EQ(pool_remove(&pool, WIN + 128 * MiB, 2 * MiB), 0);
	CHECK_EQ(pool_alloc(&pool, 4096, &b), POOL_ENOMEM);
	CHECK_EQ(pool_total_bytes(&pool), 0);
	pool_init(&fresh);
	CHECK(!memcmp(&fresh, &pool, sizeof(pool)));

	/* the range can be donated again afterwards, with another shape */
	CHECK_EQ(pool_add(&pool, WIN + 0x1000, 8 * MiB), 0);
	CHECK_EQ(do_alloc(4 * MiB), 0);
	CHECK_EQ(live[0].base, WIN + 4 * MiB);
	free_all();

	/* removals and donations in any order keep the metadata packed */
	reset();
	CHECK_EQ(pool_add(&pool, WIN, 32 * MiB), 0);
	CHECK_EQ(pool_add(&pool, WIN + GiB, 64 * MiB), 0);
	CHECK_EQ(pool_add(&pool, WIN + 2 * GiB, 16 * MiB), 0);
	CHECK_EQ(do_alloc(MiB), 0); /* from the 16 MiB region (smallest) */
	CHECK_EQ(live[0].base, WIN + 2 * GiB);
	CHECK_EQ(do_alloc(64 * MiB), 0);
	CHECK_EQ(pool_remove(&pool, WIN + 2 * GiB, 16 * MiB), POOL_EBUSY);
	CHECK_EQ(pool_remove(&pool, WIN + GiB, 64 * MiB), POOL_EBUSY);
	CHECK_EQ(pool_remove(&pool, WIN, 32 * MiB), 0);
	CHECK_EQ(pool_add(&pool, WIN + 3 * GiB, 8 * MiB), 0);
	CHECK(consistent(&pool));
	CHECK_EQ(do_alloc(8 * MiB), 0);
	CHECK_EQ(live[2].base, WIN + 2 * GiB + 8 * MiB);
	CHECK_EQ(do_alloc(8 * MiB), 0);
	CHECK_EQ(live[3].base, WIN + 3 * GiB);
	CHECK_EQ(pool_free_bytes(&pool), 7 * MiB);
	free_all();
	CHECK(consistent(&pool));
	CHECK_EQ(pool_free_bytes(&pool), 88 * MiB);
	CHECK_EQ(pool_largest_free(&pool), 64 * MiB);
}

/* Many live blocks at once (the monitor needs at least 1024). */
static void test_many_live(void)
{
	unsigned int i, n;

	reset();
	CHECK_EQ(pool_add(&pool, WIN + 0x1000, 255 * MiB), 0);
	memcpy(&saved, &pool, sizeof(pool));
	for (i = 0; i < 16000; i++)
		if (do_alloc(i % 3 ? 4096 : 8192))
			break;
	n = i;
	CHECK_EQ(n, 16000);
	CHECK_EQ(pool_live_blocks(&pool), n);
	CHECK(consistent(&pool));
	/* free every other one, then the rest */
	for (i = 0; i < nlive; i++)
		do_free(i, i & 1);
	CHECK_EQ(pool_live_blocks(&pool), nlive);
	free_all();
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));
}

int main(void)
{
	test_empty();
	test_add_rules();
	test_carving();
	test_sizes();
	test_best_fit();
	test_exhaustion();
	test_random();
	test_bad_free();
	test_remove();
	test_many_live();
	printf("sizeof(struct sm_pool) = %zu bytes (%d pages, %d regions, %d orders)\n",
	       sizeof(struct sm_pool), SM_POOL_MAX_PAGES, SM_POOL_REGIONS,
	       SM_POOL_ORDERS);
	return check_summary("test_pool");
}
