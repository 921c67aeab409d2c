// SPDX-License-Identifier: BSD-2-Clause
/*
 * EPM pool built for 1 GiB (-DSM_POOL_MAX_PAGES=262144: UNIT_CFLAGS_
 * test_pool_1g in tests.mk): a 1 GiB region that is not aligned to its
 * size, every page of it handed out and taken back, and the time per
 * operation when the bitmaps are at their largest.
 */
#include <string.h>
#include <time.h>
#include "check.h"
#include "sm_pool.h"

_Static_assert(SM_POOL_MAX_PAGES == 262144, "built with its own -D");

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define BASE 0x80201000ULL /* 2 MiB + 4 KiB into DRAM */
#define PAGES (GiB >> 12)

static struct sm_pool pool, saved;
static u64 blocks[PAGES];
static unsigned char seen[PAGES];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(void)
{
	u64 b, x = 88172645463325252ULL, t, bad = 0;
	unsigned int i, n = 0, j;
	double t0, ta, tf;

	pool_init(&pool);
	CHECK_EQ(pool_add(&pool, BASE, GiB), 0);
	CHECK_EQ(pool_add(&pool, 0x100000000ULL, 4096), POOL_ENOSPC);
	CHECK_EQ(pool_free_bytes(&pool), GiB);
	CHECK_EQ(pool_largest_free(&pool), 512 * MiB);
	memcpy(&saved, &pool, sizeof(pool));

	/* the 512 MiB block is the aligned one inside the region */
	CHECK_EQ(pool_alloc(&pool, 300 * MiB, &b), 0);
	CHECK_EQ(b, 0xa0000000ULL);
	CHECK_EQ(pool_free(&pool, b, 300 * MiB), 0);
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));

	/* every page, one by one: all distinct, all inside, then none left */
	t0 = now();
	while (pool_alloc(&pool, 4096, &b) == 0) {
		if (b < BASE || b - BASE >= GiB || (b & 0xfff) ||
		    seen[(b - BASE) >> 12]++)
			bad++;
		blocks[n++] = b;
	}
	ta = now() - t0;
	CHECK_EQ(bad, 0);
	CHECK_EQ(n, PAGES);
	CHECK_EQ(pool_free_bytes(&pool), 0);
	CHECK_EQ(pool_live_blocks(&pool), PAGES);

	/* back in a random order: everything merges into the initial blocks */
	for (i = n - 1; i > 0; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		j = x % (i + 1);
		t = blocks[i];
		blocks[i] = blocks[j];
		blocks[j] = t;
	}
	t0 = now();
	for (i = 0; i < n; i++)
		if (pool_free(&pool, blocks[i], 4096))
			bad++;
	tf = now() - t0;
	CHECK_EQ(bad, 0);
	CHECK(!memcmp(&saved, &pool, sizeof(pool)));
	CHECK_EQ(pool_largest_free(&pool), 512 * MiB);

	printf("1 GiB pool: sizeof(struct sm_pool) = %zu bytes; "
	       "%.0f ns per 4 KiB alloc, %.0f ns per free (host)\n",
	       sizeof(struct sm_pool), ta * 1e9 / n, tf * 1e9 / n);
	return check_summary("test_pool_1g");
}
