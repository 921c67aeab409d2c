/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An enclave slot's lifecycle: one checked transition function (sm_state.c,
 * pure, unit-tested).  A slot's state and the sequence number of the
 * enclave in it share one 64-bit tag, changed only by compare-and-swap, so
 * that a stale id can never move a newer enclave in a reused slot and the
 * switch path (RUN, RESUME, STOP, EXIT) takes no lock.
 *
 *   FREE -> CREATING -> FRESH -> RUNNING <-> STOPPED
 *                                RUNNING  -> EXITED
 *   FRESH, STOPPED, EXITED -> DESTROYING -> FREE
 *   CREATING -> FREE (a CREATE that failed late)
 *   DESTROYING -> FRESH, STOPPED, EXITED (its EPM could not be scrubbed)
 */
#ifndef SM_STATE_H
#define SM_STATE_H

#include "sm_types.h"

enum sm_state {
	SM_SLOT_FREE = 0,
	SM_SLOT_CREATING, /* reserved, PMP being applied, measured */
	SM_FRESH,
	SM_RUNNING,
	SM_STOPPED,
	SM_EXITED,
	SM_SLOT_DESTROYING, /* EPM being scrubbed */
	SM_STATE_COUNT
};

#define SM_TAG_STATE_BITS 8

static inline u64 sm_tag(u64 seq, enum sm_state s)
{
	return (seq << SM_TAG_STATE_BITS) | s;
}

static inline enum sm_state sm_tag_state(u64 tag)
{
	return (enum sm_state)(tag & ((1U << SM_TAG_STATE_BITS) - 1));
}

static inline u64 sm_tag_seq(u64 tag)
{
	return tag >> SM_TAG_STATE_BITS;
}

#define SM_STATE_BIT(s) (1U << (s))
/* legal moves, one row per from-state (sm_state.h's diagram) */
#define SM_STATE_LEGAL(from)                                                   \
	((from) == SM_SLOT_FREE	    ? SM_STATE_BIT(SM_SLOT_CREATING) :           \
	 (from) == SM_SLOT_CREATING ? SM_STATE_BIT(SM_FRESH) |                   \
					      SM_STATE_BIT(SM_SLOT_FREE) :       \
	 (from) == SM_FRESH	    ? SM_STATE_BIT(SM_RUNNING) |                 \
				      SM_STATE_BIT(SM_SLOT_DESTROYING) :         \
	 (from) == SM_RUNNING	    ? SM_STATE_BIT(SM_STOPPED) |                 \
				      SM_STATE_BIT(SM_EXITED) :                  \
	 (from) == SM_STOPPED	    ? SM_STATE_BIT(SM_RUNNING) |                 \
				      SM_STATE_BIT(SM_SLOT_DESTROYING) :         \
	 (from) == SM_EXITED	    ? SM_STATE_BIT(SM_SLOT_DESTROYING) :         \
	 (from) == SM_SLOT_DESTROYING                                            \
		 ? SM_STATE_BIT(SM_SLOT_FREE) | SM_STATE_BIT(SM_FRESH) |          \
			   SM_STATE_BIT(SM_STOPPED) | SM_STATE_BIT(SM_EXITED)    \
		 : 0)

static inline bool sm_state_legal(enum sm_state from, enum sm_state to)
{
	return from < SM_STATE_COUNT && to < SM_STATE_COUNT &&
	       (SM_STATE_LEGAL(from) & SM_STATE_BIT(to));
}
const char *sm_state_name(enum sm_state s);

/*
 * Moves *tag from (seq, from) to (seq, to) atomically.  0 on success;
 * otherwise *tag is unchanged and *seen holds what it was (the caller
 * tells a stale id from a wrong state).  An illegal move is refused
 * (SM_STATE_ILLEGAL) and reported through sm_state_log.
 */
#define SM_STATE_CHANGED 0
#define SM_STATE_MISMATCH 1
#define SM_STATE_ILLEGAL 2
extern void (*sm_state_log)(enum sm_state from, enum sm_state to);
int sm_state_refuse(u64 *tag, enum sm_state from, enum sm_state to, u64 *seen);

/* Inline: with constant states the legality check folds away. */
static inline int sm_state_change(u64 *tag, u64 seq, enum sm_state from,
				  enum sm_state to, u64 *seen)
{
	u64 expect = sm_tag(seq, from);

	if (!sm_state_legal(from, to))
		return sm_state_refuse(tag, from, to, seen);
	if (__atomic_compare_exchange_n(tag, &expect, sm_tag(seq, to), false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return SM_STATE_CHANGED;
	*seen = expect;
	return SM_STATE_MISMATCH;
}
/* FREE (tag 0) -> CREATING for a new enclave numbered seq: 0 or MISMATCH. */
int sm_state_claim(u64 *tag, u64 seq);

#endif
