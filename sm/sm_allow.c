// SPDX-License-Identifier: BSD-2-Clause
/*
 * The SBI surface while the monitor is loaded: one table names every
 * extension and function the host and an enclave may reach, and how each
 * physical-address argument is checked.  Everything else an OpenSBI
 * build registers (DBTR, SSE, MPXY, FWFT, vendor and experimental
 * extensions, ...) answers SBI_ERR_DENIED and probes as absent.
 *
 * The policy is applied where OpenSBI registers its extensions
 * (sbi_ecall_register_extension, see sm_hooks.c), so an allowed
 * extension whose functions all pass costs nothing per call: only the
 * extensions with a function filter get a trampoline.  Calls from a
 * running enclave are checked in sm_trap.c against the enclave column.
 *
 * Vetted against OpenSBI 1.6 (sm_hooks.c refuses to build with another
 * version unless told to): its handlers implement exactly the functions
 * named here, and no allowed function keeps a physical address for later
 * use (PMU snapshot memory is not implemented in 1.6).
 */
#include <sbi/sbi_ecall.h>
#include <sbi/sbi_ecall_interface.h>
#include <sbi/sbi_error.h>
#include <sbi/sbi_trap.h>
#include "sm.h"
#include "sm_allow.h"

#define F(n) (1ULL << (n))
#define F_UPTO(n) ((F(n) << 1) - 1) /* functions 0..n */
#define F_ANY (~0ULL) /* the monitor checks its own arguments */

/* An extra check of a call's arguments: 0 or an SBI error. */
typedef long (*sm_allow_check_fn)(ulong fid, const struct sbi_trap_regs *regs);

struct sm_allow_rule {
	ulong ext_first, ext_last;
	const char *name;
	u64 host; /* functions the host may call */
	u64 enclave; /* functions an enclave may call */
	sm_allow_check_fn check; /* NULL: the handler's own checks suffice */
	bool hot; /* called on the OS's fast paths: no trampoline */
};

static long pmu_check(ulong fid, const struct sbi_trap_regs *regs);
static long dbcn_check(ulong fid, const struct sbi_trap_regs *regs);

/*
 * Physical addresses the host names (DBCN buffers, HSM/SUSP entry points,
 * PMU EVENT_GET_INFO memory) are also checked by OpenSBI against the
 * domain, which sm_hooks.c narrows: never an EPM, over the whole length.
 */
static const struct sm_allow_rule sm_allow_rules[] = {
	/* legacy set_timer, console_putchar: Keystone's Eyrie uses both */
	{ SBI_EXT_0_1_SET_TIMER, SBI_EXT_0_1_CONSOLE_PUTCHAR, "legacy",
	  F_ANY, F_ANY, NULL, false },
	/* legacy getchar, IPIs, fences, shutdown (scrubs: sm_reset.c) */
	{ SBI_EXT_0_1_CONSOLE_GETCHAR, SBI_EXT_0_1_SHUTDOWN, "legacy",
	  F_ANY, 0, NULL, false },
	{ SBI_EXT_BASE, SBI_EXT_BASE, "base", F_UPTO(6), F_UPTO(6), NULL, true },
	{ SBI_EXT_TIME, SBI_EXT_TIME, "time", F(0), F(0), NULL, true },
	{ SBI_EXT_IPI, SBI_EXT_IPI, "ipi", F(0), 0, NULL, true },
	/* remote fence.i, sfence.vma(_asid), hfence.*: no memory */
	{ SBI_EXT_RFENCE, SBI_EXT_RFENCE, "rfence", F_UPTO(6), 0, NULL, true },
	/* start, stop, status, suspend: entry points are domain-checked */
	{ SBI_EXT_HSM, SBI_EXT_HSM, "hsm", F_UPTO(3), 0, NULL, false },
	/* system reset: every live EPM is scrubbed first (sm_reset.c) */
	{ SBI_EXT_SRST, SBI_EXT_SRST, "srst", F(0), 0, NULL, false },
	/* counters; bases and EVENT_GET_INFO's size checked without wrap */
	{ SBI_EXT_PMU, SBI_EXT_PMU, "pmu",
	  F_UPTO(6) | F(SBI_EXT_PMU_EVENT_GET_INFO), 0, pmu_check, false },
	/* console write/read/write_byte: buffers in DRAM, whole length */
	{ SBI_EXT_DBCN, SBI_EXT_DBCN, "dbcn", F_UPTO(2), F_UPTO(2), dbcn_check,
	  false },
	/* system suspend: other harts stopped, resume through warm boot */
	{ SBI_EXT_SUSP, SBI_EXT_SUSP, "susp", F(0), 0, NULL, false },
	/* CPPC registers: no memory */
	{ SBI_EXT_CPPC, SBI_EXT_CPPC, "cppc", F_UPTO(3), 0, NULL, false },
	/* the monitor's own extension: sm_ecall.c checks sides and arguments */
	{ SM_EXT_ID, SM_EXT_ID, "keystone", F_ANY, F_ANY, NULL, true },
};

static const struct sm_allow_rule *rule_for(ulong ext)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sm_allow_rules); i++)
		if (sm_allow_rules[i].ext_first <= ext &&
		    ext <= sm_allow_rules[i].ext_last)
			return &sm_allow_rules[i];
	return NULL;
}

static bool fid_in(u64 mask, ulong fid)
{
	return mask == F_ANY || (fid < 64 && (mask & F(fid)));
}

bool sm_allow_enclave(ulong ext, ulong fid)
{
	const struct sm_allow_rule *r = rule_for(ext);

	return r && fid_in(r->enclave, fid);
}

/*
 * PMU.  CFG_MATCH/START/STOP take a counter base and mask: OpenSBI 1.6
 * checks base + fls(mask) against the counter count, which wraps for a
 * huge base, and CFG_MATCH with SKIP_MATCH takes base + ffs(mask), which
 * for an empty mask is past every counter; either way it then writes a
 * CSR that does not exist (a firmware panic).  So the base must be a
 * counter number and the mask not empty.  EVENT_GET_INFO writes
 * num_events * 16 bytes at a0, a product OpenSBI 1.6 lets wrap.
 */
static long pmu_check(ulong fid, const struct sbi_trap_regs *regs)
{
	ulong n = regs->a2, size;

	if ((fid == SBI_EXT_PMU_COUNTER_CFG_MATCH ||
	     fid == SBI_EXT_PMU_COUNTER_START ||
	     fid == SBI_EXT_PMU_COUNTER_STOP) &&
	    (regs->a0 >= 8 * sizeof(ulong) || !regs->a1))
		return SBI_ERR_INVALID_PARAM;
	if (fid != SBI_EXT_PMU_EVENT_GET_INFO)
		return 0;
	if (!n || n > ~0UL / 16)
		return SBI_ERR_INVALID_PARAM;
	size = n * 16;
	if (!sm_in_dram(&sm_memmap, regs->a0, size) ||
	    !sm_phys_range_allowed(regs->a0, size))
		return SBI_ERR_INVALID_ADDRESS;
	return 0;
}

/*
 * DBCN write/read: a0 bytes at a1 (a2: high half, refused by OpenSBI).
 * OpenSBI checks the domain, whose catch-all covers holes in the address
 * space too, and M-mode would then fault on them: the buffer must be DRAM.
 */
static long dbcn_check(ulong fid, const struct sbi_trap_regs *regs)
{
	if (fid > 1 || !regs->a0 || regs->a2)
		return 0;
	if (!sm_in_dram(&sm_memmap, regs->a1, regs->a0))
		return SBI_ERR_INVALID_PARAM;
	return 0;
}

/* Extensions with a filter: the handler OpenSBI registered, kept here. */
struct sm_allow_filtered {
	struct sbi_ecall_extension *ext;
	int (*handle)(unsigned long extid, unsigned long funcid,
		      struct sbi_trap_regs *regs, struct sbi_ecall_return *out);
};
static struct sm_allow_filtered sm_filtered[16];
static unsigned int sm_nfiltered;

static int allow_filter(unsigned long extid, unsigned long funcid,
			struct sbi_trap_regs *regs, struct sbi_ecall_return *out)
{
	const struct sm_allow_rule *r = rule_for(extid);
	unsigned int i;
	long rc;

	if (!r || !fid_in(r->host, funcid))
		return SBI_ERR_DENIED;
	if (r->check) {
		rc = r->check(funcid, regs);
		if (rc)
			return rc;
	}
	for (i = 0; i < sm_nfiltered; i++)
		if (sm_filtered[i].ext->extid_start <= extid &&
		    extid <= sm_filtered[i].ext->extid_end)
			return sm_filtered[i].handle(extid, funcid, regs, out);
	return SBI_ERR_DENIED;
}

static int allow_deny(unsigned long extid, unsigned long funcid,
		      struct sbi_trap_regs *regs, struct sbi_ecall_return *out)
{
	return SBI_ERR_DENIED;
}

static int allow_probe_absent(unsigned long extid, unsigned long *out_val)
{
	*out_val = 0;
	return 0;
}

/*
 * Called for each extension OpenSBI registers, before it is registered:
 * leaves it, filters it, or turns it into a denial.  Returns false if the
 * extension cannot be filtered (no room): it is then denied as well.
 */
void sm_allow_apply(struct sbi_ecall_extension *ext)
{
	const struct sm_allow_rule *first = rule_for(ext->extid_start);
	const struct sm_allow_rule *last = rule_for(ext->extid_end);
	bool whole = first && first == last;

	/* Ours, or allowed as registered with every function: leave it. */
	if (whole && first->hot)
		return;
	if ((first || last) && sm_nfiltered < ARRAY_SIZE(sm_filtered)) {
		sm_filtered[sm_nfiltered].ext = ext;
		sm_filtered[sm_nfiltered].handle = ext->handle;
		sm_nfiltered++;
		ext->handle = allow_filter;
		return;
	}
	ext->handle = allow_deny;
	ext->probe = allow_probe_absent;
}

/*
 * The order of OpenSBI's extension list is the cost of every SBI call: it
 * is walked from the head.  The extensions an OS calls on its fast paths
 * (IPIs, remote fences, the timer) are registered first, then everything
 * else in OpenSBI's order (the monitor's own last, sm_hooks.c).
 */
static bool hot(const struct sbi_ecall_extension *ext)
{
	return ext->extid_start == SBI_EXT_IPI ||
	       ext->extid_start == SBI_EXT_RFENCE ||
	       ext->extid_start == SBI_EXT_TIME;
}

static struct sbi_ecall_extension *sm_deferred[32];
static unsigned int sm_ndeferred;
static bool sm_deferring;

/* Between the two, registrations other than the hot ones wait. */
void sm_allow_defer(bool on)
{
	sm_deferring = on;
}

bool sm_allow_register_now(struct sbi_ecall_extension *ext)
{
	if (!sm_deferring || hot(ext) ||
	    sm_ndeferred >= ARRAY_SIZE(sm_deferred))
		return true;
	sm_deferred[sm_ndeferred++] = ext;
	return false;
}

int sm_allow_register_deferred(int (*reg)(struct sbi_ecall_extension *ext))
{
	unsigned int i;
	int rc = 0;

	for (i = 0; i < sm_ndeferred && !rc; i++)
		rc = reg(sm_deferred[i]);
	sm_ndeferred = 0;
	return rc;
}
