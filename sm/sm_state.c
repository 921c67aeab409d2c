// SPDX-License-Identifier: BSD-2-Clause
/*
 * The enclave state machine (sm_state.h): which moves are legal, and the
 * one function that makes them.  Pure: the monitor and the host unit
 * tests share it.
 */
#include "sm_state.h"

#define M(s) (1U << (s))

/* legal[from]: the states it may move to */
static const unsigned int sm_legal[SM_STATE_COUNT] = {
	[SM_SLOT_FREE] = M(SM_SLOT_CREATING),
	[SM_SLOT_CREATING] = M(SM_FRESH) | M(SM_SLOT_FREE),
	[SM_FRESH] = M(SM_RUNNING) | M(SM_SLOT_DESTROYING),
	[SM_RUNNING] = M(SM_STOPPED) | M(SM_EXITED),
	[SM_STOPPED] = M(SM_RUNNING) | M(SM_SLOT_DESTROYING),
	[SM_EXITED] = M(SM_SLOT_DESTROYING),
	[SM_SLOT_DESTROYING] = M(SM_SLOT_FREE) | M(SM_FRESH) | M(SM_STOPPED) |
			       M(SM_EXITED),
};

bool sm_state_legal(enum sm_state from, enum sm_state to)
{
	return from < SM_STATE_COUNT && to < SM_STATE_COUNT &&
	       (sm_legal[from] & M(to));
}

const char *sm_state_name(enum sm_state s)
{
	static const char *const names[SM_STATE_COUNT] = {
		"FREE", "CREATING", "FRESH", "RUNNING",
		"STOPPED", "EXITED", "DESTROYING",
	};

	return s < SM_STATE_COUNT ? names[s] : "?";
}

static void no_log(enum sm_state from, enum sm_state to)
{
}

void (*sm_state_log)(enum sm_state from, enum sm_state to) = no_log;

int sm_state_change(u64 *tag, u64 seq, enum sm_state from, enum sm_state to,
		    u64 *seen)
{
	u64 expect = sm_tag(seq, from);

	if (!sm_state_legal(from, to)) {
		sm_state_log(from, to);
		*seen = __atomic_load_n(tag, __ATOMIC_ACQUIRE);
		return SM_STATE_ILLEGAL;
	}
	if (__atomic_compare_exchange_n(tag, &expect, sm_tag(seq, to), false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return SM_STATE_CHANGED;
	*seen = expect;
	return SM_STATE_MISMATCH;
}

int sm_state_claim(u64 *tag, u64 seq)
{
	u64 expect = 0;

	if (!seq)
		return SM_STATE_ILLEGAL;
	return __atomic_compare_exchange_n(tag, &expect,
					   sm_tag(seq, SM_SLOT_CREATING), false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
		       ? SM_STATE_CHANGED
		       : SM_STATE_MISMATCH;
}
