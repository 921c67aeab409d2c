// SPDX-License-Identifier: BSD-2-Clause
/*
 * EPM pool: a buddy allocator of NAPOT blocks (see sm_pool.h for the API
 * and its costs).
 *
 * Each region keeps, for every order k from 0 to its top order, one bit
 * per order-k slot: slot i stands for the block of pfn
 * ((base_pfn >> k) + i) << k.  Slots are counted from the aligned slot that
 * holds the region's first page, so slot arithmetic is a shift and a
 * subtraction whatever the region's alignment; the slots that stick out of
 * the region (at most one at each end) are never set.  "map" has a bit per
 * free block, "alloc" a bit per allocated block (what lets pool_free refuse
 * a double free or a wrong size), "sum" a bit per non-zero word of "map".
 * Every order's bitmap starts on a word so that scans and the compaction in
 * pool_remove work on whole words.
 *
 * Bound on the words of a region of n pages (what SM_POOL_MAP_WORDS and
 * SM_POOL_SUM_WORDS rely on): order k has at most ((n - 1) >> k) + 2 slots,
 * so at most 2n + 2 * ORDERS slots over all orders, and rounding each
 * order up to words adds at most 63 bits per order:
 *	map words <= (2n + 2 * ORDERS + 63 * ORDERS) / 64 <= n / 32 + ORDERS + 1
 *	sum words <= (map words + 63 * ORDERS) / 64 <= n / 2048 + ORDERS + 1
 */
#include "sm_pool.h"

_Static_assert(SM_POOL_MAX_PAGES > 0 && SM_POOL_MAX_PAGES < (1ULL << 31),
	       "SM_POOL_MAX_PAGES: page counts are u32");
_Static_assert(SM_POOL_ORDERS >= 1 && SM_POOL_ORDERS <= 32,
	       "SM_POOL_ORDERS: 4 KiB .. 8 TiB blocks");
_Static_assert(SM_POOL_REGIONS >= 1 && SM_POOL_REGIONS <= 1024,
	       "SM_POOL_REGIONS");
_Static_assert(SM_POOL_MAP_WORDS < (1ULL << 31), "word offsets are u32");

#define BIT(i) (1ULL << ((i) % 64))

/* Count of trailing zeros of x != 0; no __builtin_ctzll: without Zbb it
 * is a libgcc call, and OpenSBI links no libgcc. */
static unsigned int ctz64(u64 x)
{
	unsigned int n = 0;

	if (!(x & 0xffffffffULL)) {
		n += 32;
		x >>= 32;
	}
	if (!(x & 0xffff)) {
		n += 16;
		x >>= 16;
	}
	if (!(x & 0xff)) {
		n += 8;
		x >>= 8;
	}
	if (!(x & 0xf)) {
		n += 4;
		x >>= 4;
	}
	if (!(x & 0x3)) {
		n += 2;
		x >>= 2;
	}
	if (!(x & 0x1))
		n += 1;
	return n;
}

static u64 end_pfn(const struct sm_pool_region *r)
{
	return r->base_pfn + r->npages;
}

static u64 nslots(u64 base_pfn, u64 end, unsigned int k)
{
	return ((end - 1) >> k) - (base_pfn >> k) + 1;
}

static u64 slot_of(const struct sm_pool_region *r, unsigned int k, u64 pfn)
{
	return (pfn >> k) - (r->base_pfn >> k);
}

/* Is the order-k block at pfn (aligned) wholly inside the region? */
static bool block_inside(const struct sm_pool_region *r, unsigned int k,
			 u64 pfn)
{
	return pfn >= r->base_pfn && pfn + (1ULL << k) <= end_pfn(r);
}

static u64 *map_word(struct sm_pool *p, const struct sm_pool_region *r,
		     unsigned int k, u64 slot)
{
	return &p->map[r->map_off + r->order_map[k] + slot / 64];
}

static u64 *alloc_word(struct sm_pool *p, const struct sm_pool_region *r,
		       unsigned int k, u64 slot)
{
	return &p->alloc[r->map_off + r->order_map[k] + slot / 64];
}

static u64 *sum_word(struct sm_pool *p, const struct sm_pool_region *r,
		     unsigned int k, u64 slot)
{
	return &p->sum[r->sum_off + r->order_sum[k] + slot / 64 / 64];
}

static void set_free(struct sm_pool *p, struct sm_pool_region *r,
		     unsigned int k, u64 slot)
{
	*map_word(p, r, k, slot) |= BIT(slot);
	*sum_word(p, r, k, slot) |= BIT(slot / 64);
	r->nfree[k]++;
}

static void clear_free(struct sm_pool *p, struct sm_pool_region *r,
		       unsigned int k, u64 slot)
{
	u64 *w = map_word(p, r, k, slot);

	*w &= ~BIT(slot);
	if (!*w)
		*sum_word(p, r, k, slot) &= ~BIT(slot / 64);
	r->nfree[k]--;
}

static bool is_free(struct sm_pool *p, const struct sm_pool_region *r,
		    unsigned int k, u64 slot)
{
	return *map_word(p, r, k, slot) & BIT(slot);
}

/* Lowest free slot of order k (the caller checked nfree[k] != 0). */
static u64 first_free(const struct sm_pool *p, const struct sm_pool_region *r,
		      unsigned int k)
{
	u64 words = (nslots(r->base_pfn, end_pfn(r), k) + 63) / 64;
	u64 sw, nsw = (words + 63) / 64, w;
	const u64 *sum = &p->sum[r->sum_off + r->order_sum[k]];
	const u64 *map = &p->map[r->map_off + r->order_map[k]];

	for (sw = 0; sw < nsw; sw++) {
		if (!sum[sw])
			continue;
		w = sw * 64 + ctz64(sum[sw]);
		return w * 64 + ctz64(map[w]);
	}
	return 0; /* unreachable while nfree[] matches the bitmaps */
}

/* Does an aligned block of order k fit in [base, end)? */
static bool order_fits(u64 base, u64 end, unsigned int k)
{
	u64 first = (base + (1ULL << k) - 1) & ~((1ULL << k) - 1);

	return first + (1ULL << k) <= end;
}

/* Top order and bitmap offsets of a region of npages at base_pfn. */
static void layout(struct sm_pool_region *r)
{
	u64 end = end_pfn(r), words, mw = 0, sw = 0;
	unsigned int k;

	r->top = 0;
	while (r->top + 1 < SM_POOL_ORDERS &&
	       order_fits(r->base_pfn, end, r->top + 1))
		r->top++;
	for (k = 0; k <= r->top; k++) {
		words = (nslots(r->base_pfn, end, k) + 63) / 64;
		r->order_map[k] = mw;
		r->order_sum[k] = sw;
		mw += words;
		sw += (words + 63) / 64;
	}
	r->map_words = mw;
	r->sum_words = sw;
}

/* Largest order of a block at pfn that is aligned and inside the region. */
static unsigned int max_order_at(const struct sm_pool_region *r, u64 pfn)
{
	unsigned int k = r->top;

	while (k && ((pfn & ((1ULL << k) - 1)) || !block_inside(r, k, pfn)))
		k--;
	return k;
}

void pool_init(struct sm_pool *p)
{
	sm_memset(p, 0, sizeof(*p));
}

int pool_add(struct sm_pool *p, u64 base, u64 size)
{
	struct sm_pool_region *r;
	unsigned int i, k;
	u64 n, pfn;

	if (!sm_range_valid(base, size) || (base | size) & (SM_POOL_PAGE_SIZE - 1))
		return POOL_EINVAL;
	for (i = 0; i < p->nregions; i++) {
		r = &p->region[i];
		if (sm_range_overlaps(base, size,
				      r->base_pfn << SM_POOL_PAGE_SHIFT,
				      (u64)r->npages << SM_POOL_PAGE_SHIFT))
			return POOL_EOVERLAP;
	}
	n = size >> SM_POOL_PAGE_SHIFT;
	if (p->nregions >= SM_POOL_REGIONS || n > SM_POOL_MAX_PAGES - p->pages)
		return POOL_ENOSPC;

	r = &p->region[p->nregions];
	sm_memset(r, 0, sizeof(*r));
	r->base_pfn = base >> SM_POOL_PAGE_SHIFT;
	r->npages = n;
	layout(r);
	/* Cannot fail given the bound above; checked all the same. */
	if (r->map_words > SM_POOL_MAP_WORDS - p->map_used ||
	    r->sum_words > SM_POOL_SUM_WORDS - p->sum_used) {
		sm_memset(r, 0, sizeof(*r));
		return POOL_ENOSPC;
	}
	r->map_off = p->map_used;
	r->sum_off = p->sum_used;
	sm_memset(&p->map[r->map_off], 0, r->map_words * sizeof(u64));
	sm_memset(&p->alloc[r->map_off], 0, r->map_words * sizeof(u64));
	sm_memset(&p->sum[r->sum_off], 0, r->sum_words * sizeof(u64));

	/* Maximal aligned blocks, left to right. */
	for (pfn = r->base_pfn; pfn < end_pfn(r); pfn += 1ULL << k) {
		k = max_order_at(r, pfn);
		set_free(p, r, k, slot_of(r, k, pfn));
	}

	p->map_used += r->map_words;
	p->sum_used += r->sum_words;
	p->pages += n;
	p->free_pages += n;
	p->nregions++;
	return 0;
}

int pool_remove(struct sm_pool *p, u64 base, u64 size)
{
	struct sm_pool_region *r;
	unsigned int i, j;
	u32 mw, sw, w;

	if (!sm_range_valid(base, size) || (base | size) & (SM_POOL_PAGE_SIZE - 1))
		return POOL_EINVAL;
	for (i = 0; i < p->nregions; i++) {
		r = &p->region[i];
		if (r->base_pfn == base >> SM_POOL_PAGE_SHIFT &&
		    r->npages == size >> SM_POOL_PAGE_SHIFT)
			break;
	}
	if (i == p->nregions)
		return POOL_ENOENT;
	r = &p->region[i];
	if (r->live)
		return POOL_EBUSY;

	/* Close the gap: later regions' metadata moves down, in order. */
	mw = r->map_words;
	sw = r->sum_words;
	for (w = r->map_off; w + mw < p->map_used; w++) {
		p->map[w] = p->map[w + mw];
		p->alloc[w] = p->alloc[w + mw];
	}
	for (w = r->sum_off; w + sw < p->sum_used; w++)
		p->sum[w] = p->sum[w + sw];
	p->map_used -= mw;
	p->sum_used -= sw;
	/* Unused words stay zero: a pool's state depends only on its regions
	 * and blocks, not on its history (the tests compare whole pools). */
	sm_memset(&p->map[p->map_used], 0, mw * sizeof(u64));
	sm_memset(&p->alloc[p->map_used], 0, mw * sizeof(u64));
	sm_memset(&p->sum[p->sum_used], 0, sw * sizeof(u64));
	p->pages -= r->npages;
	p->free_pages -= r->npages;
	for (j = i; j + 1 < p->nregions; j++) {
		p->region[j] = p->region[j + 1];
		p->region[j].map_off -= mw;
		p->region[j].sum_off -= sw;
	}
	p->nregions--;
	sm_memset(&p->region[p->nregions], 0, sizeof(p->region[0]));
	return 0;
}

/* Order of the smallest block >= size; false if none (0, too large). */
static bool size_order(u64 size, unsigned int *order)
{
	unsigned int k = 0;

	if (!size)
		return false;
	while ((SM_POOL_PAGE_SIZE << k) < size)
		if (++k >= SM_POOL_ORDERS)
			return false;
	*order = k;
	return true;
}

int pool_alloc(struct sm_pool *p, u64 size, u64 *base)
{
	struct sm_pool_region *r;
	unsigned int i, j, k;
	u64 slot, pfn;

	if (!size)
		return POOL_EINVAL;
	if (!size_order(size, &k))
		return POOL_ENOMEM;

	/* Smallest order that has a free block, so big blocks stay whole. */
	for (j = k; j < SM_POOL_ORDERS; j++) {
		for (i = 0; i < p->nregions; i++) {
			r = &p->region[i];
			if (j <= r->top && r->nfree[j])
				goto found;
		}
	}
	return POOL_ENOMEM;

found:
	slot = first_free(p, r, j);
	clear_free(p, r, j, slot);
	pfn = ((r->base_pfn >> j) + slot) << j;
	/* Split: keep the lower half, free the upper one (its buddy). */
	while (j > k) {
		j--;
		set_free(p, r, j, slot_of(r, j, pfn + (1ULL << j)));
	}
	*alloc_word(p, r, k, slot_of(r, k, pfn)) |= BIT(slot_of(r, k, pfn));
	r->live++;
	p->live++;
	p->free_pages -= 1ULL << k;
	*base = pfn << SM_POOL_PAGE_SHIFT;
	return 0;
}

/* The live block [base, size rounded up): its region and order. */
static bool find_live(const struct sm_pool *p, u64 base, u64 size,
		      unsigned int *ri, unsigned int *order)
{
	const struct sm_pool_region *r;
	unsigned int i, k;
	u64 pfn, slot;

	if (!size_order(size, &k) ||
	    (base & ((SM_POOL_PAGE_SIZE << k) - 1)) ||
	    !sm_range_valid(base, SM_POOL_PAGE_SIZE << k))
		return false;
	pfn = base >> SM_POOL_PAGE_SHIFT;
	for (i = 0; i < p->nregions; i++) {
		r = &p->region[i];
		if (k > r->top || !block_inside(r, k, pfn))
			continue;
		slot = slot_of(r, k, pfn);
		if (!(p->alloc[r->map_off + r->order_map[k] + slot / 64] &
		      BIT(slot)))
			return false;
		*ri = i;
		*order = k;
		return true;
	}
	return false;
}

int pool_free(struct sm_pool *p, u64 base, u64 size)
{
	struct sm_pool_region *r;
	unsigned int i, k;
	u64 pfn, buddy;

	if (!find_live(p, base, size, &i, &k))
		return POOL_ENOENT;
	r = &p->region[i];
	pfn = base >> SM_POOL_PAGE_SHIFT;
	*alloc_word(p, r, k, slot_of(r, k, pfn)) &= ~BIT(slot_of(r, k, pfn));
	r->live--;
	p->live--;
	p->free_pages += 1ULL << k;

	/* Merge with the buddy while it is free and the pair is in the region. */
	while (k < r->top) {
		buddy = pfn ^ (1ULL << k);
		if (!block_inside(r, k, buddy) ||
		    !is_free(p, r, k, slot_of(r, k, buddy)))
			break;
		clear_free(p, r, k, slot_of(r, k, buddy));
		pfn &= ~(1ULL << k);
		k++;
	}
	set_free(p, r, k, slot_of(r, k, pfn));
	return 0;
}

u64 pool_total_bytes(const struct sm_pool *p)
{
	return p->pages << SM_POOL_PAGE_SHIFT;
}

u64 pool_free_bytes(const struct sm_pool *p)
{
	return p->free_pages << SM_POOL_PAGE_SHIFT;
}

u64 pool_largest_free(const struct sm_pool *p)
{
	u64 best = 0;
	unsigned int i;
	int k;

	for (i = 0; i < p->nregions; i++)
		for (k = p->region[i].top; k >= 0; k--)
			if (p->region[i].nfree[k]) {
				if ((SM_POOL_PAGE_SIZE << k) > best)
					best = SM_POOL_PAGE_SIZE << k;
				break;
			}
	return best;
}

u64 pool_live_blocks(const struct sm_pool *p)
{
	return p->live;
}

bool pool_contains(const struct sm_pool *p, u64 base, u64 size)
{
	const struct sm_pool_region *r;
	unsigned int i;

	if (!sm_range_valid(base, size))
		return false;
	for (i = 0; i < p->nregions; i++) {
		r = &p->region[i];
		if (sm_range_contains(r->base_pfn << SM_POOL_PAGE_SHIFT,
				      (u64)r->npages << SM_POOL_PAGE_SHIFT,
				      base, size))
			return true;
	}
	return false;
}

bool pool_allocated(const struct sm_pool *p, u64 base, u64 size)
{
	unsigned int i, k;

	return find_live(p, base, size, &i, &k);
}

unsigned int pool_region_count(const struct sm_pool *p)
{
	return p->nregions;
}

int pool_region(const struct sm_pool *p, unsigned int i, u64 *base,
		u64 *size)
{
	if (i >= p->nregions)
		return POOL_ENOENT;
	*base = p->region[i].base_pfn << SM_POOL_PAGE_SHIFT;
	*size = (u64)p->region[i].npages << SM_POOL_PAGE_SHIFT;
	return 0;
}
