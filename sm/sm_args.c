// SPDX-License-Identifier: BSD-2-Clause
/*
 * Validation of CREATE's arguments, on the monitor's own copy.  Pure logic
 * (host unit-tested): every rule of the spec, in the spec's order, each
 * with its documented error.  All arithmetic is overflow-checked before
 * any sum is used.
 */
#include "sm_args.h"

#define SM_PAGE_MASK 0xfffULL

bool sm_in_dram(const struct sm_mem_map *map, u64 base, u64 size)
{
	unsigned int i;

	for (i = 0; i < map->ndram; i++)
		if (sm_range_contains(map->dram[i].base, map->dram[i].size,
				      base, size))
			return true;
	return false;
}

static bool overlaps_any(const struct sm_range *r, unsigned int n, u64 base,
			 u64 size)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (r[i].size &&
		    sm_range_overlaps(r[i].base, r[i].size, base, size))
			return true;
	return false;
}

int sm_args_check(const struct sm_create_args *a, const struct sm_mem_map *map,
		  const struct sm_range *live, unsigned int nlive,
		  struct sm_range *epm, struct sm_range *utm)
{
	u64 epm_end;

	if (!a->epm_size)
		return SM_E_ARG;
	if ((a->epm_paddr | a->epm_size | a->utm_paddr | a->utm_size) &
	    SM_PAGE_MASK)
		return SM_E_ARG;
	if (!sm_range_valid(a->epm_paddr, a->epm_size))
		return SM_E_ARG;
	/* A zero-sized UTM means "no shared memory". */
	if (a->utm_size && !sm_range_valid(a->utm_paddr, a->utm_size))
		return SM_E_ARG;
	if (!sm_in_dram(map, a->epm_paddr, a->epm_size))
		return SM_E_ARG;
	if (a->utm_size && !sm_in_dram(map, a->utm_paddr, a->utm_size))
		return SM_E_ARG;

	epm_end = a->epm_paddr + a->epm_size;
	if (a->runtime_paddr < a->epm_paddr ||
	    a->user_paddr < a->runtime_paddr ||
	    a->free_paddr < a->user_paddr || a->free_paddr > epm_end)
		return SM_E_ARG;

	if (overlaps_any(map->reserved, map->nreserved, a->epm_paddr,
			 a->epm_size))
		return SM_E_OVERLAP;
	if (overlaps_any(live, nlive, a->epm_paddr, a->epm_size))
		return SM_E_OVERLAP;
	if (a->utm_size) {
		if (overlaps_any(map->reserved, map->nreserved, a->utm_paddr,
				 a->utm_size) ||
		    overlaps_any(live, nlive, a->utm_paddr, a->utm_size) ||
		    sm_range_overlaps(a->epm_paddr, a->epm_size, a->utm_paddr,
				      a->utm_size))
			return SM_E_OVERLAP;
	}

	epm->base = a->epm_paddr;
	epm->size = a->epm_size;
	utm->base = a->utm_paddr;
	utm->size = a->utm_size;
	return SM_OK;
}
