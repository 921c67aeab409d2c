// SPDX-License-Identifier: BSD-2-Clause
/*
 * Enclave table and lifecycle: CREATE, DESTROY, RUN, RESUME, STOP, EXIT.
 *
 * Every state change goes through sm_state_change() (sm_state.c): one
 * checked transition on a slot's tag (state and the enclave's sequence
 * number), by compare-and-swap, so RUN/RESUME/STOP/EXIT take no lock.
 * An enclave id is (sequence << SM_SLOT_BITS) | slot: 64 bits, never 0,
 * never reused, found in O(1).
 *
 * sm_enclave_lock guards what spans the table: CREATE's checks against
 * every live range and the published host PMP layout, DESTROY's removal.
 * It is never held while an enclave runs, while other harts are waited
 * for, or while an EPM is copied, hashed or zeroed: the transient states
 * CREATING/DESTROYING keep a slot out of everyone's hands meanwhile, and
 * its memory stays denied to the host throughout.
 *
 * Lock order: sm_enclave_lock -> sm_epm_lock (pool) -> pmp_lock.
 */
#include <sbi/riscv_locks.h>
#include <sbi/sbi_bitops.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_string.h>
#include "sm.h"

static spinlock_t sm_enclave_lock = SPIN_LOCK_INITIALIZER;
static struct sm_enclave enclaves[SM_MAX_ENCLAVES];
/*
 * Saved contexts (registers, CSRs, FP: most of an enclave's state) are
 * needed only by an enclave that has run and may run again, so they are
 * taken at its first RUN and given back at EXIT or DESTROY: the table
 * stays small per slot.  A bitmap of the ones in use, changed atomically.
 */
static struct sm_ctx sm_ctxs[SM_MAX_CONTEXTS];
static u64 sm_ctx_used[SM_MAX_CONTEXTS / 64];

_Static_assert(SM_MAX_CONTEXTS % 64 == 0, "SM_MAX_CONTEXTS: multiples of 64");
static u64 sm_next_seq = 1; /* under sm_enclave_lock */
static bool sm_frozen; /* the machine is resetting: no enclave runs again */
/* Scratch for layouts and ranges built under the lock (small stacks). */
static struct pmp_layout sm_tmp_layout;
static struct sm_range sm_tmp_ranges[3 * SM_MAX_ENCLAVES + SM_EPM_REGIONS + 2];

_Static_assert(SM_MAX_ENCLAVES <= (1U << SM_SLOT_BITS),
	       "the enclave id has SM_SLOT_BITS for the slot");

static void state_log(enum sm_state from, enum sm_state to)
{
	sbi_printf("sm: refused illegal enclave state change %s -> %s\n",
		   sm_state_name(from), sm_state_name(to));
}

void sm_enclave_init(void)
{
	sm_state_log = state_log;
}

/*
 * Lock-free: a context is claimed by setting its bit.  Each hart keeps the
 * last one it gave back (still claimed, erased) for its next RUN; when the
 * bitmap is full, those are taken back from every hart.
 */
static struct sm_ctx *ctx_get(struct sm_hart *h)
{
	struct sm_ctx *c = __atomic_exchange_n(&h->spare_ctx, NULL,
					       __ATOMIC_ACQUIRE);
	unsigned int i, b;
	u64 w;

	if (c)
		return c;
	for (i = 0; i < ARRAY_SIZE(sm_ctx_used); i++) {
		w = __atomic_load_n(&sm_ctx_used[i], __ATOMIC_RELAXED);
		while (~w) {
			b = sbi_ffs(~w);
			if (__atomic_compare_exchange_n(&sm_ctx_used[i], &w,
							w | (1ULL << b), false,
							__ATOMIC_ACQUIRE,
							__ATOMIC_RELAXED))
				return &sm_ctxs[i * 64 + b];
		}
	}
	for (i = 0; sbi_hartindex_valid(i); i++) {
		struct sm_hart *o = sm_hart_at(i);

		if (o && (c = __atomic_exchange_n(&o->spare_ctx, NULL,
						  __ATOMIC_ACQUIRE)))
			return c;
	}
	return NULL;
}

/* The trap frame, unrolled: the one part every context has written. */
static inline void wipe_tc(struct sbi_trap_context *tc)
{
	u64 *p = (u64 *)tc;
	unsigned int i;

	_Static_assert(sizeof(*tc) % 8 == 0, "trap context: whole words");
#pragma GCC unroll 64
	for (i = 0; i < sizeof(*tc) / 8; i++)
		((volatile u64 *)p)[i] = 0;
}

/*
 * Erased as it goes back: it held the enclave's registers.  A context the
 * enclave never left with STOP or an interrupt holds only its trap frame
 * and the two fields fresh_ctx() set (EXIT saves nothing else).  h: the
 * hart giving it back, which keeps it if it has none (NULL: never).
 */
static void ctx_put(struct sm_hart *h, struct sm_ctx *c)
{
	ulong i = c - sm_ctxs;

	if (!c)
		return;
	if (c->saved) {
		sm_zero_words(c, sizeof(*c));
	} else {
		wipe_tc(&c->tc);
		c->c.scounteren = 0;
		c->c.h.vstimecmp = 0;
	}
	if (h && __atomic_compare_exchange_n(&h->spare_ctx, &(struct sm_ctx *){ NULL },
					     c, false, __ATOMIC_RELEASE,
					     __ATOMIC_RELAXED))
		return;
	__atomic_fetch_and(&sm_ctx_used[i / 64], ~(1ULL << (i % 64)),
			   __ATOMIC_RELEASE);
}

static u64 eid_of(const struct sm_enclave *e)
{
	return (sm_tag_seq(e->tag) << SM_SLOT_BITS) | (ulong)(e - enclaves);
}

static struct sm_enclave *slot_of(ulong eid)
{
	ulong i = eid & ((1UL << SM_SLOT_BITS) - 1);

	return i < SM_MAX_ENCLAVES ? &enclaves[i] : NULL;
}

static enum sm_state state_of(const struct sm_enclave *e)
{
	return sm_tag_state(__atomic_load_n(&e->tag, __ATOMIC_ACQUIRE));
}

/*
 * Moves the enclave eid from one state to another.  Errors: the id is not
 * (or no longer) an enclave: SM_E_INVALID_ID; it is not in state from:
 * wrong (the caller's error for that case).
 */
static inline __attribute__((always_inline)) int
change(ulong eid, enum sm_state from, enum sm_state to, int wrong)
{
	struct sm_enclave *e = slot_of(eid);
	u64 seen;

	if (!e || !(eid >> SM_SLOT_BITS))
		return SM_E_INVALID_ID;
	switch (sm_state_change(&e->tag, eid >> SM_SLOT_BITS, from, to, &seen)) {
	case SM_STATE_CHANGED:
		return SM_OK;
	case SM_STATE_MISMATCH:
		/* a stale id, or a slot that is no enclave (yet, any more) */
		if (sm_tag_seq(seen) != eid >> SM_SLOT_BITS ||
		    sm_tag_state(seen) == SM_SLOT_FREE ||
		    sm_tag_state(seen) == SM_SLOT_CREATING ||
		    sm_tag_state(seen) == SM_SLOT_DESTROYING)
			return SM_E_INVALID_ID;
		return wrong;
	default:
		return SM_E_UNKNOWN;
	}
}

/* The running enclave's own moves: it is RUNNING, on this hart. */
static void change_running(struct sm_enclave *e, enum sm_state to)
{
	u64 seen;

	sm_state_change(&e->tag, sm_tag_seq(e->tag), SM_RUNNING, to, &seen);
}

/*
 * Every range CREATE must not overlap: live EPMs (where the enclaves run),
 * their UTMs, sources being copied, and the pool's regions.
 */
static unsigned int busy_ranges(struct sm_range *out)
{
	unsigned int i, n = sm_epm_regions(out, SM_EPM_REGIONS);

	for (i = 0; i < SM_MAX_ENCLAVES; i++) {
		const struct sm_enclave *e = &enclaves[i];

		if (state_of(e) == SM_SLOT_FREE)
			continue;
		out[n++] = e->block;
		if (e->utm.size)
			out[n++] = e->utm;
		if (e->src.size)
			out[n++] = e->src;
	}
	return n;
}

/* The host layout: the pool's regions and every in-place EPM denied. */
static int host_layout(struct pmp_layout *l, const struct sm_range *add)
{
	unsigned int i, n = sm_epm_regions(sm_tmp_ranges, SM_EPM_REGIONS);

	for (i = 0; i < SM_MAX_ENCLAVES; i++)
		if (state_of(&enclaves[i]) != SM_SLOT_FREE &&
		    !enclaves[i].adopted)
			sm_tmp_ranges[n++] = enclaves[i].block;
	if (add)
		sm_tmp_ranges[n++] = *add;
	return pmp_host_build(l, sm_tmp_ranges, n);
}

/* Republishes the host layout (under sm_enclave_lock); false: no room. */
bool sm_enclave_publish(const struct sm_range *add)
{
	if (host_layout(&sm_tmp_layout, add))
		return false;
	pmp_host_publish(&sm_tmp_layout);
	return true;
}

void sm_enclave_lock_table(void)
{
	spin_lock(&sm_enclave_lock);
}

void sm_enclave_unlock_table(void)
{
	spin_unlock(&sm_enclave_lock);
}

/* Under sm_enclave_lock: does any live enclave use [base, base+size)? */
bool sm_enclave_uses(u64 base, u64 size)
{
	unsigned int i;

	for (i = 0; i < SM_MAX_ENCLAVES; i++) {
		const struct sm_enclave *e = &enclaves[i];

		if (state_of(e) == SM_SLOT_FREE)
			continue;
		if (sm_range_overlaps(e->block.base, e->block.size, base, size) ||
		    (e->utm.size && sm_range_overlaps(e->utm.base, e->utm.size,
						      base, size)) ||
		    (e->src.size && sm_range_overlaps(e->src.base, e->src.size,
						      base, size)))
			return true;
	}
	return false;
}

/* The enclave's view of its layout: the EPM it runs in, same offsets. */
static void adopt_args(struct sm_enclave *e, u64 base)
{
	struct sm_create_args *a = &e->args;
	u64 delta = base - a->epm_paddr;

	a->runtime_paddr += delta;
	a->user_paddr += delta;
	a->free_paddr += delta;
	a->epm_paddr = base;
}

int sm_create(ulong args_va, ulong *eid_out)
{
	struct sm_create_args a;
	struct sm_enclave *e = NULL;
	struct sm_range epm, utm, block;
	struct pmp_layout *own = &sm_tmp_layout;
	unsigned int i, n;
	bool adopted = false;
	u64 seen;
	int rc;

	/* One copy, then only the copy is looked at. */
	if (sm_copy_from_caller(&a, args_va, sizeof(a)))
		return SM_E_ARG;

	spin_lock(&sm_enclave_lock);
	if (sm_frozen) {
		rc = SM_E_NOT_INIT;
		goto out;
	}
	n = busy_ranges(sm_tmp_ranges);
	rc = sm_args_check(&a, &sm_memmap, sm_tmp_ranges, n, &epm, &utm);
	if (rc)
		goto out;
	for (i = 0; i < SM_MAX_ENCLAVES && !e; i++)
		if (state_of(&enclaves[i]) == SM_SLOT_FREE)
			e = &enclaves[i];
	if (!e) {
		rc = SM_E_NO_RESOURCE;
		goto out;
	}
	/*
	 * Where it runs: a pool block it is copied into (no PMP entry for
	 * the host), or where the host put it, denied with its own entry.
	 */
	adopted = !sm_epm_alloc(epm.size, &block);
	if (!adopted) {
		block = epm;
		if (host_layout(&sm_tmp_layout, &block)) {
			rc = SM_E_NO_RESOURCE;
			goto out;
		}
	}
	e->pmp_fast = pmp_layout_slots(&block, &utm, &e->pmp_slots);
	/* Not NAPOT-shaped: its own full layout must fit the budget too. */
	if (!e->pmp_fast &&
	    pmp_layout_enclave(own, pmp_cfg, &block, &utm)) {
		if (adopted)
			sm_epm_free(&block);
		rc = SM_E_NO_RESOURCE;
		goto out;
	}
	sm_state_claim(&e->tag, sm_next_seq++);
	e->args = a;
	e->epm = epm;
	e->utm = utm;
	e->block = block;
	e->adopted = adopted;
	e->src.base = e->src.size = 0;
	if (adopted) {
		/* The source stays busy until copied (no in-place CREATE there). */
		e->src.base = a.epm_paddr;
		e->src.size = a.free_paddr - a.epm_paddr;
		adopt_args(e, block.base);
		e->epm.base = block.base;
	} else {
		host_layout(&sm_tmp_layout, NULL);
		pmp_host_publish(&sm_tmp_layout);
	}
out:
	spin_unlock(&sm_enclave_lock);
	if (rc)
		return rc;

	if (adopted) {
		/* Copied (and measured as copied) into memory only M owns. */
		sm_epm_adopt(e, a.epm_paddr);
		__atomic_store_n(&e->src.size, 0, __ATOMIC_RELEASE);
	} else {
		/* Every hart denies the EPM before anything else happens. */
		pmp_sync_all();
		sm_measure(e);
	}
	sm_state_change(&e->tag, sm_tag_seq(e->tag), SM_SLOT_CREATING,
			SM_FRESH, &seen);
	*eid_out = eid_of(e);
	return SM_OK;
}

int sm_destroy(ulong eid)
{
	struct sm_enclave *e = slot_of(eid);
	static const enum sm_state from[] = { SM_FRESH, SM_STOPPED, SM_EXITED };
	enum sm_state was = SM_SLOT_FREE;
	unsigned int i;
	bool adopted;
	int rc = SM_E_INVALID_ID;

	for (i = 0; i < ARRAY_SIZE(from); i++) {
		rc = change(eid, from[i], SM_SLOT_DESTROYING,
			    SM_E_NOT_DESTROYABLE);
		if (rc != SM_E_NOT_DESTROYABLE) {
			was = from[i];
			break;
		}
	}
	if (rc)
		return rc;

	/* Scrub while the memory is still denied everywhere. */
	if (sm_zero_phys(e->block.base, e->block.size)) {
		u64 seen;

		/* Never hand back memory we could not scrub. */
		sm_state_change(&e->tag, eid >> SM_SLOT_BITS,
				SM_SLOT_DESTROYING, was, &seen);
		return SM_E_UNKNOWN;
	}

	ctx_put(sm_hart_this(), e->ctx);
	spin_lock(&sm_enclave_lock);
	adopted = e->adopted;
	if (adopted)
		sm_epm_free(&e->block);
	/* Saved registers and keys die with the slot; FREE comes last. */
	sbi_memset((u8 *)e + sizeof(e->tag), 0, sizeof(*e) - sizeof(e->tag));
	__atomic_store_n(&e->tag, 0, __ATOMIC_RELEASE);
	if (!adopted) {
		host_layout(&sm_tmp_layout, NULL);
		pmp_host_publish(&sm_tmp_layout);
	}
	spin_unlock(&sm_enclave_lock);

	/* So that the host can use in-place memory on any hart on return. */
	if (!adopted)
		pmp_sync_all();
	return SM_OK;
}

int sm_run(struct sm_hart *h, struct sbi_trap_regs *regs, ulong eid,
	   bool resume)
{
	struct sm_enclave *e;
	int rc;

	/* This hart has state the monitor does not switch (sm_hart.c). */
	if (h->refuse)
		return SM_E_NOT_RUNNABLE;
	/* The host's frame is where the enclave vector will resume it. */
	if (regs != &h->host_tc->regs)
		return SM_E_UNKNOWN;
	/* RUNNING also keeps other harts from entering it. */
	rc = resume ? change(eid, SM_STOPPED, SM_RUNNING, SM_E_NOT_RESUMABLE)
		    : change(eid, SM_FRESH, SM_RUNNING, SM_E_NOT_FRESH);
	if (rc)
		return rc;
	e = slot_of(eid);
	if (!resume) {
		/* Its first run: a context to keep its state in. */
		e->ctx = ctx_get(h);
		if (!e->ctx) {
			u64 seen;

			sm_state_change(&e->tag, eid >> SM_SLOT_BITS, SM_RUNNING,
					SM_FRESH, &seen);
			return SM_E_NO_RESOURCE;
		}
	}
	if (__atomic_load_n(&sm_frozen, __ATOMIC_ACQUIRE)) {
		change_running(e, SM_STOPPED);
		return SM_E_NOT_RUNNABLE;
	}
	e->hartindex = current_hartindex();
	sm_ctx_enter(h, regs, e, !resume); /* does not return */
}

/*
 * The enclave on this hart leaves; its state changes only once it is
 * saved.  Then the host resumes with its answer: nothing returns along the
 * C call chain of the trap (the enclave vector's stack is left behind, as
 * RUN/RESUME leave the host's).
 */
static void __noreturn leave(struct sm_hart *h, ulong a0, ulong a1,
			     ulong host_sip, enum sm_state next)
{
	struct sm_enclave *e = h->enclave;

	sm_ctx_leave(h, e, a0, a1, host_sip, next != SM_EXITED);
	/* An exited enclave runs no more: its context goes back at once. */
	if (next == SM_EXITED) {
		ctx_put(h, e->ctx);
		e->ctx = NULL;
	}
	change_running(e, next);
	sm_vector_resume(h->host_tc);
}

int sm_stop(struct sm_call *c, ulong reason)
{
	ulong code;

	if (reason == SM_STOP_TIMER_INTERRUPT)
		code = SM_ERR_INTERRUPTED;
	else if (reason == SM_STOP_EDGE_CALL_HOST)
		code = SM_ERR_EDGE_CALL_HOST;
	else
		return SM_E_ARG;
	/* On RESUME the enclave sees STOP return 0. */
	c->regs->a0 = SM_SUCCESS;
	c->regs->a1 = 0;
	c->regs->mepc += 4;
	leave(c->h, code, 0, 0, SM_STOPPED);
}

int sm_exit(struct sm_call *c, ulong value)
{
	leave(c->h, SM_SUCCESS, value, 0, SM_EXITED);
}

void __noreturn sm_interrupted(struct sm_hart *h, ulong host_sip)
{
	leave(h, SM_ERR_INTERRUPTED, 0, host_sip, SM_STOPPED);
}

/* Does [base, base + size) lie wholly in e's EPM (or, if utm_too, its UTM)? */
bool sm_enclave_owns(const struct sm_enclave *e, u64 base, u64 size,
		     bool utm_too)
{
	if (!sm_range_valid(base, size))
		return false;
	return sm_range_contains(e->block.base, e->block.size, base, size) ||
	       (utm_too && e->utm.size &&
		sm_range_contains(e->utm.base, e->utm.size, base, size));
}

/*
 * May S-mode on this hart hand the monitor this physical range?  The host:
 * anything but an EPM or the pool.  An enclave: its own EPM and UTM only.
 */
bool sm_phys_range_allowed(u64 base, u64 size)
{
	struct sm_hart *h = sm_hart_this();
	unsigned int i;
	bool ok;

	if (!sm_range_valid(base, size))
		return false;
	if (h && h->enclave)
		return sm_enclave_owns(h->enclave, base, size, true);

	ok = !sm_epm_overlaps(base, size);
	for (i = 0; i < SM_MAX_ENCLAVES && ok; i++)
		if (state_of(&enclaves[i]) != SM_SLOT_FREE &&
		    sm_range_overlaps(enclaves[i].block.base,
				      enclaves[i].block.size, base, size))
			ok = false;
	return ok;
}

/*
 * A hart came back through a warm boot while an enclave was marked running
 * there (it was halted, e.g. by a system reset request from another hart):
 * the enclave's registers are gone, so it can only be destroyed now.
 */
void sm_enclave_abandon(struct sm_hart *h)
{
	struct sm_enclave *e = h->enclave;

	if (!e)
		return;
	h->enclave = NULL;
	h->enclave_tc = NULL;
	ctx_put(h, e->ctx);
	e->ctx = NULL;
	change_running(e, SM_EXITED);
}

/* A system reset is under way: no CREATE, RUN or RESUME from now on. */
void sm_enclave_freeze(void)
{
	spin_lock(&sm_enclave_lock);
	__atomic_store_n(&sm_frozen, true, __ATOMIC_RELEASE);
	spin_unlock(&sm_enclave_lock);
}

/*
 * Zeroes every live EPM and every slot (saved registers included) before
 * a reset.  The other harts are halted or about to be; one that held the
 * lock when it stopped cannot exist (locks are only held in M-mode, and
 * the halt IPI is only taken outside it), but a slow one is not waited
 * for forever: the EPMs are zeroed either way.
 */
void sm_enclave_scrub_all(void)
{
	unsigned int i, tries = 0;
	bool locked;

	while (!(locked = spin_trylock(&sm_enclave_lock)) && ++tries < 1000000)
		;
	for (i = 0; i < SM_MAX_ENCLAVES; i++) {
		struct sm_enclave *e = &enclaves[i];

		if (state_of(e) == SM_SLOT_FREE)
			continue;
		sm_zero_phys(e->block.base, e->block.size);
		sbi_memset(e, 0, sizeof(*e));
	}
	sbi_memset(sm_ctxs, 0, sizeof(sm_ctxs));
	if (locked)
		spin_unlock(&sm_enclave_lock);
}
