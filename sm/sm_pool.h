/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The EPM pool: a buddy allocator of NAPOT blocks over memory regions the
 * monitor owns (a boot-time region, plus regions the OS donates at run
 * time).  Every block is a naturally aligned power of two of at least
 * 4 KiB (base % size == 0), so one PMP NAPOT entry covers it.
 *
 * The allocator never touches the memory it manages: all its state is in
 * struct sm_pool (bitmaps, meant for the monitor's .bss), so it is pure and
 * unit-tested on the host.  It does not lock: the monitor calls it under
 * its enclave lock.  A struct sm_pool is large (see below): never put one
 * on a stack.
 *
 * Cost.  Per order k (block = 4 KiB << k) each region has a free bitmap and
 * an allocated bitmap (one bit per order-k slot), and a summary bitmap of
 * the free one (one bit per non-zero word) so that finding a free block
 * reads O(pages / 4096) words, not O(pages).  That is about 2 + 2 bits per
 * pool page plus 1/64 bit for the summary:
 *	sizeof(struct sm_pool) ~= SM_POOL_MAX_PAGES * 0.504 bytes
 *			       + SM_POOL_REGIONS * (SM_POOL_ORDERS + 1) * 24 bytes
 *			       + SM_POOL_REGIONS * (SM_POOL_ORDERS * 12 + 40) bytes
 * i.e. ~39 KiB with the defaults (256 MiB, 8 regions, 19 orders).
 * A live block costs nothing more: its state is one bit of the allocated
 * bitmaps, so the number of live blocks is limited only by the pool's pages.
 *
 * Operations: alloc and free are O(SM_POOL_REGIONS * SM_POOL_ORDERS +
 * pages / 4096) word reads; add is O(metadata words of the region) (it
 * zeroes them); remove moves the metadata of later regions down
 * (O(total metadata words), a rare operation).
 */
#ifndef SM_POOL_H
#define SM_POOL_H

#include "sm_types.h"

#define SM_POOL_PAGE_SHIFT 12
#define SM_POOL_PAGE_SIZE (1ULL << SM_POOL_PAGE_SHIFT)

/* Regions at a time (boot region + donations). */
#ifndef SM_POOL_REGIONS
#define SM_POOL_REGIONS 8
#endif
/* Pages of all regions together: 65536 pages = 256 MiB. */
#ifndef SM_POOL_MAX_PAGES
#define SM_POOL_MAX_PAGES 65536
#endif
/*
 * Block orders 0 .. SM_POOL_ORDERS - 1: the largest block (hence the largest
 * enclave) is 4 KiB << (SM_POOL_ORDERS - 1), 1 GiB by default.  A region
 * larger than that is simply carved into several largest blocks.
 */
#ifndef SM_POOL_ORDERS
#define SM_POOL_ORDERS 19
#endif

/*
 * Metadata words (u64) for all regions: per region at most
 * pages / 32 + SM_POOL_ORDERS + 1 bitmap words and
 * pages / 2048 + SM_POOL_ORDERS + 1 summary words (derivation in
 * sm_pool.c), so any set of at most SM_POOL_REGIONS regions totalling at
 * most SM_POOL_MAX_PAGES pages fits.
 */
#define SM_POOL_MAP_WORDS \
	((SM_POOL_MAX_PAGES + 31) / 32 + SM_POOL_REGIONS * (SM_POOL_ORDERS + 1))
#define SM_POOL_SUM_WORDS \
	((SM_POOL_MAX_PAGES + 2047) / 2048 + \
	 SM_POOL_REGIONS * (SM_POOL_ORDERS + 1))

/* Results (0 is success). */
#define POOL_EINVAL (-1) /* bad alignment, size, wrap, or argument */
#define POOL_ENOSPC (-2) /* region table or metadata full */
#define POOL_EOVERLAP (-3) /* donation overlaps a region of the pool */
#define POOL_ENOMEM (-4) /* alloc: no free block that large */
#define POOL_ENOENT (-5) /* remove: not a region; free: not a live block */
#define POOL_EBUSY (-6) /* remove: the region holds a live block */

/* A donated region; everything in pages (pfn = address >> 12). */
struct sm_pool_region {
	u64 base_pfn;
	u32 npages;
	u32 live; /* allocated blocks in this region */
	u32 map_off; /* first word of this region in map/alloc */
	u32 sum_off; /* first word of this region in sum */
	u32 map_words;
	u32 sum_words;
	u32 top; /* largest order that fits in the region */
	u32 order_map[SM_POOL_ORDERS]; /* order k's words, from map_off */
	u32 order_sum[SM_POOL_ORDERS]; /* its summary words, from sum_off */
	u32 nfree[SM_POOL_ORDERS]; /* free blocks of order k */
};

struct sm_pool {
	unsigned int nregions;
	u32 map_used; /* words of map/alloc in use (regions, in order) */
	u32 sum_used;
	u64 pages; /* pages of all regions */
	u64 free_pages;
	u64 live; /* allocated blocks */
	struct sm_pool_region region[SM_POOL_REGIONS];
	u64 map[SM_POOL_MAP_WORDS]; /* free blocks, a bit per slot */
	u64 alloc[SM_POOL_MAP_WORDS]; /* allocated blocks, same layout */
	u64 sum[SM_POOL_SUM_WORDS]; /* a bit per non-zero word of map */
};

/* An empty pool. */
void pool_init(struct sm_pool *p);

/*
 * Donates [base, base + size): page-aligned, non-empty, no wrap (so the
 * last page of the address space cannot be donated), overlapping no region
 * of the pool (donating twice is an overlap).  The region is carved into
 * maximal naturally aligned power-of-two free blocks (at most 4 KiB <<
 * (SM_POOL_ORDERS - 1) each); it need not be aligned to its size.
 * POOL_EINVAL, POOL_EOVERLAP, or POOL_ENOSPC (SM_POOL_REGIONS regions, or
 * more than SM_POOL_MAX_PAGES pages in all).
 */
int pool_add(struct sm_pool *p, u64 base, u64 size);

/*
 * Takes back a whole region: [base, base + size) must be exactly a region
 * donated with pool_add (POOL_ENOENT otherwise: parts of a region cannot be
 * taken back) that holds no allocated block (POOL_EBUSY otherwise).  The
 * pool never hands out that memory again.
 */
int pool_remove(struct sm_pool *p, u64 base, u64 size);

/*
 * Allocates the smallest block of 4 KiB << k >= size (size > 0), from any
 * region, splitting a larger block if needed (smallest order first, then
 * the earliest region, then the lowest address).  POOL_EINVAL for size 0,
 * POOL_ENOMEM when nothing fits (size above the largest block included).
 */
int pool_alloc(struct sm_pool *p, u64 size, u64 *base);

/*
 * Returns the block at base; size is either the size passed to pool_alloc
 * or the block's size (both round up to the same block).  The block is
 * merged with its buddy while that is free.  POOL_ENOENT if [base, size
 * rounded up) is not a live block (double free, wrong size, never
 * allocated, not in the pool); nothing changes then.
 */
int pool_free(struct sm_pool *p, u64 base, u64 size);

/* Queries (tests, boot logs, the monitor's own checks). */
u64 pool_total_bytes(const struct sm_pool *p);
u64 pool_free_bytes(const struct sm_pool *p);
u64 pool_largest_free(const struct sm_pool *p); /* bytes; 0 if none */
u64 pool_live_blocks(const struct sm_pool *p);
/* Is [base, base + size) (size > 0, no wrap) inside one region? */
bool pool_contains(const struct sm_pool *p, u64 base, u64 size);
/* Is [base, base + size) exactly a live block (size as in pool_free)? */
bool pool_allocated(const struct sm_pool *p, u64 base, u64 size);
/* Region i (0 .. count - 1), in donation order. */
unsigned int pool_region_count(const struct sm_pool *p);
int pool_region(const struct sm_pool *p, unsigned int i, u64 *base,
		u64 *size);

#endif
