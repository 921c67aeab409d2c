// SPDX-License-Identifier: BSD-2-Clause
/*
 * Enclave table and lifecycle: CREATE, DESTROY, RUN, RESUME, STOP, EXIT.
 *
 * sm_enclave_lock guards the table and every state field.  It is never
 * held while an enclave runs, while other harts are waited for, or while
 * an EPM is hashed or zeroed: the transient states CREATING/DESTROYING
 * keep a slot out of everyone's hands during those steps, and their EPM
 * stays denied to the host throughout.
 */
#include <sbi/riscv_locks.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_string.h>
#include "sm.h"

static spinlock_t sm_enclave_lock = SPIN_LOCK_INITIALIZER;
static struct sm_enclave enclaves[SM_MAX_ENCLAVES];
static u64 sm_next_eid = 1; /* ids are never reused */
static bool sm_frozen; /* the machine is resetting: no enclave runs again */
/* Scratch for layouts built under the lock (keeps stacks small). */
static struct pmp_layout sm_tmp_layout;
static struct sm_range sm_tmp_ranges[2 * SM_MAX_ENCLAVES + 1];

static bool slot_live(const struct sm_enclave *e)
{
	return e->state != SM_SLOT_FREE;
}

/* Lookup for the host: transient slots are not (yet / any more) enclaves. */
static struct sm_enclave *find(ulong eid)
{
	unsigned int i;

	for (i = 0; i < SM_MAX_ENCLAVES; i++) {
		struct sm_enclave *e = &enclaves[i];

		if (e->eid == eid && e->state != SM_SLOT_FREE &&
		    e->state != SM_SLOT_CREATING &&
		    e->state != SM_SLOT_DESTROYING)
			return e;
	}
	return NULL;
}

static unsigned int live_epms(struct sm_range *out, const struct sm_enclave *skip)
{
	unsigned int i, n = 0;

	for (i = 0; i < SM_MAX_ENCLAVES; i++)
		if (slot_live(&enclaves[i]) && &enclaves[i] != skip)
			out[n++] = enclaves[i].epm;
	return n;
}

int sm_create(ulong args_va, ulong *eid_out)
{
	struct sm_create_args a;
	struct sm_enclave *e = NULL;
	struct sm_range epm, utm;
	unsigned int i, n = 0;
	int rc;

	/* One copy, then only the copy is looked at. */
	if (sm_copy_from_caller(&a, args_va, sizeof(a)))
		return SM_E_ARG;

	spin_lock(&sm_enclave_lock);
	if (sm_frozen) {
		rc = SM_E_NOT_INIT;
		goto out;
	}
	for (i = 0; i < SM_MAX_ENCLAVES; i++) {
		if (!slot_live(&enclaves[i])) {
			if (!e)
				e = &enclaves[i];
			continue;
		}
		sm_tmp_ranges[n++] = enclaves[i].epm;
		sm_tmp_ranges[n++] = enclaves[i].utm;
	}
	rc = sm_args_check(&a, &sm_memmap, sm_tmp_ranges, n, &epm, &utm);
	if (rc)
		goto out;
	if (!e) {
		rc = SM_E_NO_RESOURCE;
		goto out;
	}
	/* Both layouts must fit every hart's budget before anything changes. */
	n = live_epms(sm_tmp_ranges, NULL);
	sm_tmp_ranges[n++] = epm;
	if (pmp_host_build(&sm_tmp_layout, sm_tmp_ranges, n) ||
	    pmp_layout_enclave(&e->layout, pmp_cfg, &epm, &utm)) {
		rc = SM_E_NO_RESOURCE;
		goto out;
	}
	e->pmp_fast = pmp_layout_slots(&epm, &utm, &e->pmp_slots);
	e->state = SM_SLOT_CREATING;
	e->eid = sm_next_eid++;
	e->args = a;
	e->epm = epm;
	e->utm = utm;
	pmp_host_publish(&sm_tmp_layout);
out:
	spin_unlock(&sm_enclave_lock);
	if (rc)
		return rc;

	/* Every hart denies the EPM before anything else happens. */
	pmp_sync_all();
	sm_measure(e);

	spin_lock(&sm_enclave_lock);
	e->state = SM_FRESH;
	*eid_out = e->eid;
	spin_unlock(&sm_enclave_lock);
	return SM_OK;
}

int sm_destroy(ulong eid)
{
	struct sm_enclave *e;
	enum sm_state was;
	unsigned int n;

	spin_lock(&sm_enclave_lock);
	e = find(eid);
	if (!e) {
		spin_unlock(&sm_enclave_lock);
		return SM_E_INVALID_ID;
	}
	if (e->state == SM_RUNNING) {
		spin_unlock(&sm_enclave_lock);
		return SM_E_NOT_DESTROYABLE;
	}
	was = e->state;
	e->state = SM_SLOT_DESTROYING;
	spin_unlock(&sm_enclave_lock);

	/* Scrub while the EPM is still denied everywhere. */
	if (sm_phys_map(e->epm.base, e->epm.size)) {
		/* Never hand back memory we could not scrub. */
		spin_lock(&sm_enclave_lock);
		e->state = was;
		spin_unlock(&sm_enclave_lock);
		return SM_E_UNKNOWN;
	}
	sbi_memset((void *)(ulong)e->epm.base, 0, e->epm.size);
	sm_phys_unmap();

	spin_lock(&sm_enclave_lock);
	n = live_epms(sm_tmp_ranges, e);
	if (pmp_host_build(&sm_tmp_layout, sm_tmp_ranges, n) == 0)
		pmp_host_publish(&sm_tmp_layout);
	/* Saved registers and keys die with the slot. */
	sbi_memset(e, 0, sizeof(*e));
	spin_unlock(&sm_enclave_lock);

	/* So that the host can use the memory on any hart on return. */
	pmp_sync_all();
	return SM_OK;
}

int sm_run(struct sbi_trap_regs *regs, ulong eid, bool resume)
{
	struct sm_hart *h = sm_hart_this();
	struct sm_enclave *e;

	/* This hart has state the monitor does not switch (sm_hart.c). */
	if (h->refuse)
		return SM_E_NOT_RUNNABLE;
	/* The host's frame is where the enclave vector will resume it. */
	if (regs != &h->host_tc->regs)
		return SM_E_UNKNOWN;
	spin_lock(&sm_enclave_lock);
	e = find(eid);
	if (!e) {
		spin_unlock(&sm_enclave_lock);
		return SM_E_INVALID_ID;
	}
	if (resume ? e->state != SM_STOPPED : e->state != SM_FRESH) {
		spin_unlock(&sm_enclave_lock);
		return resume ? SM_E_NOT_RESUMABLE : SM_E_NOT_FRESH;
	}
	if (sm_frozen) {
		spin_unlock(&sm_enclave_lock);
		return SM_E_NOT_RUNNABLE;
	}
	/* RUNNING also keeps other harts from entering it. */
	e->state = SM_RUNNING;
	e->hartindex = current_hartindex();
	spin_unlock(&sm_enclave_lock);

	sm_ctx_enter(h, regs, e, !resume); /* does not return */
}

/* The enclave on this hart leaves; state changes only once it is saved. */
/*
 * An exited enclave's saved state stays in its slot (monitor memory)
 * until DESTROY erases the slot with its EPM.
 */
static void leave(ulong a0, ulong a1, ulong host_sip, enum sm_state next)
{
	struct sm_hart *h = sm_hart_this();
	struct sm_enclave *e = h->enclave;

	sm_ctx_leave(h, e, a0, a1, host_sip);
	spin_lock(&sm_enclave_lock);
	e->state = next;
	spin_unlock(&sm_enclave_lock);
}

int sm_stop(struct sbi_trap_regs *regs, ulong reason)
{
	ulong code;

	if (reason == SM_STOP_TIMER_INTERRUPT)
		code = sm_rc_to_abi(SM_E_INTERRUPTED);
	else if (reason == SM_STOP_EDGE_CALL_HOST)
		code = sm_rc_to_abi(SM_E_EDGE_CALL);
	else
		return SM_E_ARG;
	/* On RESUME the enclave sees STOP return 0. */
	regs->a0 = sm_rc_to_abi(SM_OK);
	regs->a1 = 0;
	regs->mepc += 4;
	leave(code, 0, 0, SM_STOPPED);
	return SM_OK;
}

int sm_exit(struct sbi_trap_regs *regs, ulong value)
{
	regs->mepc += 4;
	leave(sm_rc_to_abi(SM_OK), value, 0, SM_EXITED);
	return SM_OK;
}

void sm_interrupted(ulong host_sip)
{
	leave(sm_rc_to_abi(SM_E_INTERRUPTED), 0, host_sip, SM_STOPPED);
}

/* Does [base, base + size) lie wholly in e's EPM (or, if utm_too, its UTM)? */
bool sm_enclave_owns(const struct sm_enclave *e, u64 base, u64 size,
		     bool utm_too)
{
	if (!sm_range_valid(base, size))
		return false;
	return sm_range_contains(e->epm.base, e->epm.size, base, size) ||
	       (utm_too && e->utm.size &&
		sm_range_contains(e->utm.base, e->utm.size, base, size));
}

/*
 * May S-mode on this hart hand the monitor this physical range?  The host:
 * anything but an enclave's EPM.  An enclave: its own EPM and UTM only.
 */
bool sm_phys_range_allowed(u64 base, u64 size)
{
	struct sm_hart *h = sm_hart_this();
	unsigned int i;
	bool ok = true;

	if (!sm_range_valid(base, size))
		return false;
	if (h && h->enclave)
		return sm_enclave_owns(h->enclave, base, size, true);

	spin_lock(&sm_enclave_lock);
	for (i = 0; i < SM_MAX_ENCLAVES && ok; i++)
		if (slot_live(&enclaves[i]) &&
		    sm_range_overlaps(enclaves[i].epm.base, enclaves[i].epm.size,
				      base, size))
			ok = false;
	spin_unlock(&sm_enclave_lock);
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
	sbi_memset(&e->ctx, 0, sizeof(e->ctx));
	spin_lock(&sm_enclave_lock);
	e->state = SM_EXITED;
	spin_unlock(&sm_enclave_lock);
}

/* A system reset is under way: no CREATE, RUN or RESUME from now on. */
void sm_enclave_freeze(void)
{
	spin_lock(&sm_enclave_lock);
	sm_frozen = true;
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

		if (!slot_live(e))
			continue;
		if (!sm_phys_map(e->epm.base, e->epm.size)) {
			sbi_memset((void *)(ulong)e->epm.base, 0, e->epm.size);
			sm_phys_unmap();
		}
		sbi_memset(e, 0, sizeof(*e));
	}
	if (locked)
		spin_unlock(&sm_enclave_lock);
}
