// SPDX-License-Identifier: BSD-2-Clause
/*
 * Per-hart monitor state.  The state itself lives on OpenSBI's heap (it is
 * too large for the scratch page); each hart's scratch space holds the
 * pointer, so nothing is indexed by hart id.
 */
#include <sbi/riscv_asm.h>
#include <sbi/sbi_hart.h>
#include <sbi/sbi_heap.h>
#include <sbi/sbi_scratch.h>
#include "sm.h"

static unsigned long sm_hart_offset;

static struct sm_hart *from_scratch(struct sbi_scratch *scratch)
{
	if (!sm_hart_offset || !scratch)
		return NULL;
	return *(struct sm_hart **)sbi_scratch_offset_ptr(scratch,
							  sm_hart_offset);
}

struct sm_hart *sm_hart_this(void)
{
	return from_scratch(sbi_scratch_thishart_ptr());
}

struct sm_hart *sm_hart_at(u32 hartindex)
{
	return from_scratch(sbi_hartindex_to_scratch(hartindex));
}

/* cold: allocate every hart's state; always: probe this hart's features. */
int sm_hart_init(bool cold)
{
	struct sbi_scratch *scratch = sbi_scratch_thishart_ptr();
	struct sm_hart *h;
	u32 i;

	if (cold) {
		unsigned long off =
			sbi_scratch_alloc_offset(sizeof(struct sm_hart *));

		if (!off)
			return SM_E_NO_RESOURCE;
		for (i = 0; i <= sbi_scratch_last_hartindex(); i++) {
			struct sbi_scratch *s = sbi_hartindex_to_scratch(i);

			if (!s)
				continue;
			h = sbi_zalloc(sizeof(*h));
			if (!h)
				return SM_E_NO_RESOURCE;
			*(struct sm_hart **)sbi_scratch_offset_ptr(s, off) = h;
		}
		sm_hart_offset = off;
	}

	h = sm_hart_this();
	if (!h)
		return SM_E_NO_RESOURCE;
	/* Features are known once OpenSBI has probed this hart. */
	h->sstc = sbi_hart_has_extension(scratch, SBI_HART_EXT_SSTC);
	h->envcfg = sbi_hart_priv_version(scratch) >= SBI_HART_PRIV_VER_1_12;
	h->fpu = misa_extension('D') || misa_extension('F');
	h->smode = misa_extension('S');
	if (cold) {
		h->host_deadline = ~0ULL;
		h->enclave = NULL;
	} else {
		sm_enclave_abandon(h);
	}
	__atomic_store_n(&h->start_finishing, false, __ATOMIC_SEQ_CST);
	return SM_OK;
}
