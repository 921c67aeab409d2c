// SPDX-License-Identifier: BSD-2-Clause
/*
 * The enclave state machine (sm_state.h): which moves are legal, and the
 * one function that makes them.  Pure: the monitor and the host unit
 * tests share it.
 */
#include "sm_state.h"

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

/* An illegal move: reported, refused, nothing changed. */
int sm_state_refuse(u64 *tag, enum sm_state from, enum sm_state to, u64 *seen)
{
	sm_state_log(from, to);
	*seen = __atomic_load_n(tag, __ATOMIC_ACQUIRE);
	return SM_STATE_ILLEGAL;
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
