/* SPDX-License-Identifier: BSD-2-Clause */
/* Internal result codes and create_args validation: pure, host-testable. */
#ifndef SM_ARGS_H
#define SM_ARGS_H

#include <sm_abi.h>
#include "sm_types.h"

/* Internal result codes; sm_ecall.c is the one place that maps them to ABI codes. */
enum sm_rc {
	SM_OK = 0,
	SM_E_UNKNOWN = -1,
	SM_E_INVALID_ID = -2,
	SM_E_PMP = -3,
	SM_E_NOT_RUNNABLE = -4,
	SM_E_NOT_DESTROYABLE = -5,
	SM_E_OVERLAP = -6,
	SM_E_ACCESS = -7,
	SM_E_ARG = -8,
	SM_E_NOT_RUNNING = -9,
	SM_E_NOT_RESUMABLE = -10,
	SM_E_NOT_INIT = -11,
	SM_E_NO_RESOURCE = -12,
	SM_E_PROHIBITED = -13,
	SM_E_NOT_FRESH = -14,
	SM_E_DEPRECATED = -15,
	SM_E_NOT_IMPL = -16,
	SM_E_INTERRUPTED = -17,
	SM_E_EDGE_CALL = -18,
};

/* sm_args.c: create_args validation, pure */
struct sm_mem_map {
	struct sm_range dram[4];
	unsigned int ndram;
	struct sm_range reserved[40]; /* firmware/monitor, M-only regions */
	unsigned int nreserved;
};
/* Is [base, base + size) wholly inside one DRAM range (size > 0, no wrap)? */
bool sm_in_dram(const struct sm_mem_map *map, u64 base, u64 size);
int sm_args_check(const struct sm_create_args *a, const struct sm_mem_map *map,
		  const struct sm_range *live, unsigned int nlive,
		  struct sm_range *epm, struct sm_range *utm);
#endif
