// SPDX-License-Identifier: BSD-2-Clause
/*
 * Where enclaves live: the monitor's EPM pool (docs/pmp.md).  The pool is
 * DRAM the monitor owns: a boot-time region (per platform, SM_POOL_SIZE,
 * marked /reserved-memory no-map for the OS) plus regions the OS donates
 * at run time (POOL_DONATE / POOL_RECLAIM).  The host's PMP layout denies
 * each region once, whatever the number of enclaves in it; an enclave gets
 * one naturally aligned power-of-two block (sm_pool.c), which one NAPOT
 * entry describes while it runs.
 *
 * CREATE adopts the host's EPM: [epm_paddr, free_paddr) is copied into the
 * block, the rest of the block zeroed, and the copy (never the host's
 * bytes) measured.  The host's range is its own again at once.
 *
 * sm_epm_lock guards the allocator; it is taken inside sm_enclave_lock.
 */
#include <libfdt.h>
#include <sbi/riscv_locks.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_string.h>
#include "sm.h"
#include "sm_fdt.h"
#include "sm_plat.h"
#include "sm_pool.h"

static spinlock_t sm_epm_lock = SPIN_LOCK_INITIALIZER;
static struct sm_pool sm_pool;
/*
 * Donations on their way in (under sm_epm_lock): denied to the host like
 * the pool's regions, but not in the allocator until every hart denies
 * them (sm_epm_donate).
 */
static struct sm_range sm_epm_pending[SM_EPM_REGIONS];
static unsigned int sm_epm_npending;

/* Bounce buffer for copies: one hart at a time, under sm_epm_copy_lock. */
static spinlock_t sm_epm_copy_lock = SPIN_LOCK_INITIALIZER;
static u64 sm_bounce[512];

#define SM_PAGE 0x1000ULL

static u64 pow2_at_least(u64 size)
{
	u64 p = SM_PAGE;

	while (p < size && p)
		p <<= 1;
	return p;
}

unsigned int sm_epm_regions(struct sm_range *out, unsigned int max)
{
	unsigned int i, n;

	spin_lock(&sm_epm_lock);
	n = pool_region_count(&sm_pool);
	for (i = 0; i < n && i < max; i++)
		pool_region(&sm_pool, i, &out[i].base, &out[i].size);
	for (n = 0; n < sm_epm_npending && i < max; n++)
		out[i++] = sm_epm_pending[n];
	spin_unlock(&sm_epm_lock);
	return i;
}

bool sm_epm_overlaps(u64 base, u64 size)
{
	struct sm_range r[SM_EPM_REGIONS];
	unsigned int i, n = sm_epm_regions(r, SM_EPM_REGIONS);

	for (i = 0; i < n; i++)
		if (sm_range_overlaps(r[i].base, r[i].size, base, size))
			return true;
	return false;
}

int sm_epm_alloc(u64 size, struct sm_range *block)
{
	u64 want = pow2_at_least(size);
	int rc;

	if (!want)
		return SM_E_NO_RESOURCE;
	spin_lock(&sm_epm_lock);
	rc = pool_alloc(&sm_pool, want, &block->base);
	spin_unlock(&sm_epm_lock);
	block->size = want;
	return rc ? SM_E_NO_RESOURCE : SM_OK;
}

void sm_epm_free(const struct sm_range *block)
{
	spin_lock(&sm_epm_lock);
	pool_free(&sm_pool, block->base, block->size);
	spin_unlock(&sm_epm_lock);
}

/* A physical copy through monitor memory: each side mapped in turn. */
static int copy_phys(u64 dst, u64 src, u64 len)
{
	u64 n;
	int rc = SM_OK;

	spin_lock(&sm_epm_copy_lock);
	while (len && !rc) {
		n = len < sizeof(sm_bounce) ? len : sizeof(sm_bounce);
		rc = sm_phys_map(src, n);
		if (rc)
			break;
		sm_copy_words(sm_bounce, (const void *)(ulong)src, n);
		sm_phys_unmap();
		rc = sm_phys_map(dst, n);
		if (rc)
			break;
		sm_copy_words((void *)(ulong)dst, sm_bounce, n);
		sm_phys_unmap();
		src += n;
		dst += n;
		len -= n;
	}
	sbi_memset(sm_bounce, 0, sizeof(sm_bounce));
	spin_unlock(&sm_epm_copy_lock);
	return rc;
}

/*
 * CREATE of an adopted enclave, without the table lock: e is CREATING,
 * its source busy (no in-place CREATE over it meanwhile), its block
 * denied to the host since the region was.  e->args are already the
 * block's addresses.
 */
void sm_epm_adopt(struct sm_enclave *e, u64 src)
{
	u64 base = e->block.base, len = e->args.free_paddr - base;

	/*
	 * Whole words (the EPM is page-aligned, so the source has them); the
	 * bytes past free_paddr are zeroed again, as is the rest.
	 */
	if (len)
		copy_phys(base, src, (len + 7) & ~7ULL);
	sm_zero_phys(base + len, e->block.size - len);
	sm_measure(e);
}

/* --- the OS donates and takes back memory -------------------------- */

static int region_check(u64 base, u64 size)
{
	unsigned int i;

	if (!size || ((base | size) & (SM_PAGE - 1)) ||
	    !sm_range_valid(base, size) || !sm_in_dram(&sm_memmap, base, size))
		return SM_E_ARG;
	for (i = 0; i < sm_memmap.nreserved; i++)
		if (sm_range_overlaps(sm_memmap.reserved[i].base,
				      sm_memmap.reserved[i].size, base, size))
			return SM_E_OVERLAP;
	return SM_OK;
}

static void pending_remove(u64 base, u64 size)
{
	unsigned int i;

	for (i = 0; i < sm_epm_npending; i++)
		if (sm_epm_pending[i].base == base &&
		    sm_epm_pending[i].size == size) {
			sm_epm_pending[i] =
				sm_epm_pending[--sm_epm_npending];
			return;
		}
}

/*
 * Denied on every hart before any block of it is handed out: the region is
 * pending (in every host layout, not in the allocator) until pmp_sync_all
 * returns, which it may not do under the table lock.  Adding it to the
 * allocator first would let another hart's CREATE copy an enclave into it
 * while harts not yet synchronised still let the host read and write it.
 */
int sm_epm_donate(u64 base, u64 size)
{
	int rc = region_check(base, size);

	if (rc)
		return rc;
	sm_enclave_lock_table();
	if (sm_epm_overlaps(base, size) || sm_enclave_uses(base, size)) {
		sm_enclave_unlock_table();
		return SM_E_OVERLAP;
	}
	spin_lock(&sm_epm_lock);
	if (pool_region_count(&sm_pool) + sm_epm_npending >= SM_EPM_REGIONS) {
		rc = SM_E_NO_RESOURCE;
	} else {
		sm_epm_pending[sm_epm_npending].base = base;
		sm_epm_pending[sm_epm_npending].size = size;
		sm_epm_npending++;
	}
	spin_unlock(&sm_epm_lock);
	if (!rc && !sm_enclave_publish(NULL)) {
		spin_lock(&sm_epm_lock);
		pending_remove(base, size);
		spin_unlock(&sm_epm_lock);
		rc = SM_E_NO_RESOURCE;
	}
	sm_enclave_unlock_table();
	if (rc)
		return rc;
	pmp_sync_all();

	sm_enclave_lock_table();
	spin_lock(&sm_epm_lock);
	pending_remove(base, size);
	rc = pool_add(&sm_pool, base, size) ? SM_E_NO_RESOURCE : SM_OK;
	spin_unlock(&sm_epm_lock);
	/* The same layout if added; without it (fewer entries) if not. */
	sm_enclave_publish(NULL);
	sm_enclave_unlock_table();
	/* Refused after all: the host gets it back everywhere. */
	if (rc)
		pmp_sync_all();
	return rc;
}

int sm_epm_reclaim(u64 base, u64 size)
{
	int rc;

	sm_enclave_lock_table();
	spin_lock(&sm_epm_lock);
	switch (pool_remove(&sm_pool, base, size)) {
	case 0:
		rc = SM_OK;
		break;
	case POOL_EBUSY:
		rc = SM_E_OVERLAP; /* an enclave still lives there */
		break;
	default:
		rc = SM_E_ARG; /* not a region the pool has */
		break;
	}
	spin_unlock(&sm_epm_lock);
	if (!rc)
		sm_enclave_publish(NULL);
	sm_enclave_unlock_table();
	/* Every hart lets the host in again before it is told so. */
	if (!rc)
		pmp_sync_all();
	return rc;
}

/* --- boot ---------------------------------------------------------- */

/* The boot pool could not be denied to the host: no pool at all. */
void sm_epm_disable(void)
{
	spin_lock(&sm_epm_lock);
	pool_init(&sm_pool);
	spin_unlock(&sm_epm_lock);
}

int sm_epm_init(void *fdt)
{
	u64 base = 0, size = 0;
	int rc;

	pool_init(&sm_pool);
	sm_plat_pool(&base, &size);
	if (!size)
		return SM_OK;
	rc = region_check(base, size);
	if (!rc)
		rc = pool_add(&sm_pool, base, size) ? SM_E_NO_RESOURCE : SM_OK;
	/* The OS must never map it (its tree has the room OpenSBI leaves). */
	if (!rc && fdt &&
	    sm_fdt_reserve(fdt, fdt_totalsize(fdt) + 1024, base, size,
			   "sm-epm-pool"))
		rc = SM_E_NO_RESOURCE;
	if (rc) {
		pool_init(&sm_pool);
		sbi_printf("sm: no EPM pool at 0x%lx (%lu MiB): %d\n",
			   (ulong)base, (ulong)(size >> 20), rc);
		return rc;
	}
	sbi_printf("sm: EPM pool 0x%lx-0x%lx (%lu MiB), /reserved-memory for the OS\n",
		   (ulong)base, (ulong)(base + size - 1), (ulong)(size >> 20));
	return SM_OK;
}
