// SPDX-License-Identifier: BSD-2-Clause
/*
 * How deep the monitor goes on OpenSBI's per-hart M stacks (mbedTLS's
 * ECDSA and the DRBG run there).  Each hart paints its free stack when it
 * starts; a system reset reports every hart's high-water mark, which the
 * tests check against the stack's size (tests/qemu/stack_check.sh).
 */
#include <sbi/sbi_console.h>
#include <sbi/sbi_platform.h>
#include <sbi/sbi_scratch.h>
#include "sm.h"

#define SM_STACK_PAINT 0x5a5aa5a55a5aa5a5ULL

/* The lowest address of a hart's stack (its scratch sits at the top). */
static ulong stack_base(struct sbi_scratch *s)
{
	return (ulong)s + SBI_SCRATCH_SIZE -
	       sbi_platform_hart_stack_size(sbi_platform_ptr(s));
}

void sm_stack_paint(struct sm_hart *h)
{
	struct sbi_scratch *s = sbi_scratch_thishart_ptr();
	volatile u64 *p = (volatile u64 *)stack_base(s);
	ulong sp = (ulong)__builtin_frame_address(0) - 256;

	for (; (ulong)(p + 1) <= sp; p++)
		*p = SM_STACK_PAINT;
	h->stack_painted = true;
}

/* Bytes used at most below the scratch, on the hart of index i. */
static ulong stack_peak(struct sbi_scratch *s)
{
	const u64 *p = (const u64 *)stack_base(s);

	while ((ulong)p < (ulong)s && *p == SM_STACK_PAINT)
		p++;
	return (ulong)s - (ulong)p;
}

void sm_stack_report(void)
{
	struct sbi_scratch *s;
	struct sm_hart *h;
	u32 i;

	for (i = 0; sbi_hartindex_valid(i); i++) {
		s = sbi_hartindex_to_scratch(i);
		h = sm_hart_at(i);
		if (!s || !h || !h->stack_painted)
			continue;
		sbi_printf("sm: M stack peak: hart index %u: %lu of %lu bytes\n",
			   i, stack_peak(s),
			   (ulong)sbi_platform_hart_stack_size(sbi_platform_ptr(s)) -
				   SBI_SCRATCH_SIZE);
	}
}
