// SPDX-License-Identifier: BSD-2-Clause
/*
 * The enclave state machine (sm/sm_state.c): every (from, to) pair against
 * the spec's lifecycle, stale sequence numbers, the log of illegal moves,
 * and concurrent moves from several threads (one winner).
 */
#include <pthread.h>
#include "check.h"
#include "sm_state.h"

/* The lifecycle (docs/abi.md): CREATE, RUN, STOP/EXIT, RESUME, DESTROY. */
static bool expected(enum sm_state f, enum sm_state t)
{
	switch (f) {
	case SM_SLOT_FREE:
		return t == SM_SLOT_CREATING;
	case SM_SLOT_CREATING: /* done, or failed and given back */
		return t == SM_FRESH || t == SM_SLOT_FREE;
	case SM_FRESH:
		return t == SM_RUNNING || t == SM_SLOT_DESTROYING;
	case SM_RUNNING: /* only the enclave itself leaves RUNNING */
		return t == SM_STOPPED || t == SM_EXITED;
	case SM_STOPPED:
		return t == SM_RUNNING || t == SM_SLOT_DESTROYING;
	case SM_EXITED:
		return t == SM_SLOT_DESTROYING;
	case SM_SLOT_DESTROYING: /* scrubbed, or refused and put back */
		return t == SM_SLOT_FREE || t == SM_FRESH || t == SM_STOPPED ||
		       t == SM_EXITED;
	default:
		return false;
	}
}

static int logged;
static enum sm_state log_from, log_to;

static void log_move(enum sm_state from, enum sm_state to)
{
	logged++;
	log_from = from;
	log_to = to;
}

static void test_table(void)
{
	unsigned int f, t;
	u64 tag, seen;
	int rc;

	for (f = 0; f < SM_STATE_COUNT; f++)
		for (t = 0; t < SM_STATE_COUNT; t++) {
			CHECK_EQ(sm_state_legal(f, t), expected(f, t));
			tag = sm_tag(5, f);
			logged = 0;
			rc = sm_state_change(&tag, 5, f, t, &seen);
			if (expected(f, t)) {
				CHECK_EQ(rc, SM_STATE_CHANGED);
				CHECK_EQ(tag, sm_tag(5, t));
				CHECK_EQ(logged, 0);
			} else {
				/* refused, logged, nothing changed */
				CHECK_EQ(rc, SM_STATE_ILLEGAL);
				CHECK_EQ(tag, sm_tag(5, f));
				CHECK_EQ(seen, tag);
				CHECK_EQ(logged, 1);
				CHECK_EQ(log_from, f);
				CHECK_EQ(log_to, t);
			}
		}
	/* Out of range states are never legal. */
	CHECK(!sm_state_legal(SM_STATE_COUNT, SM_FRESH));
	CHECK(!sm_state_legal(SM_FRESH, SM_STATE_COUNT));
	CHECK(!sm_state_legal(-1, SM_FRESH));
	CHECK_EQ(sm_state_name(SM_STATE_COUNT)[0], '?');
}

static void test_mismatch(void)
{
	u64 tag = sm_tag(7, SM_STOPPED), seen = 0;

	/* Wrong current state: a legal move from elsewhere fails, tag kept. */
	CHECK_EQ(sm_state_change(&tag, 7, SM_FRESH, SM_RUNNING, &seen),
		 SM_STATE_MISMATCH);
	CHECK_EQ(seen, sm_tag(7, SM_STOPPED));
	CHECK_EQ(tag, sm_tag(7, SM_STOPPED));
	/* A stale id (an older sequence number for the same slot). */
	CHECK_EQ(sm_state_change(&tag, 6, SM_STOPPED, SM_RUNNING, &seen),
		 SM_STATE_MISMATCH);
	CHECK_EQ(sm_tag_seq(seen), 7);
	CHECK_EQ(tag, sm_tag(7, SM_STOPPED));
	/* The right one. */
	CHECK_EQ(sm_state_change(&tag, 7, SM_STOPPED, SM_RUNNING, &seen),
		 SM_STATE_CHANGED);
	CHECK_EQ(sm_tag_state(tag), SM_RUNNING);
	CHECK_EQ(sm_tag_seq(tag), 7);
	/* Sequence numbers use the bits above the state. */
	CHECK_EQ(sm_tag_seq(sm_tag(1ULL << 40, SM_EXITED)), 1ULL << 40);
	CHECK_EQ(sm_tag_state(sm_tag(1ULL << 40, SM_EXITED)), SM_EXITED);
}

static void test_claim(void)
{
	u64 tag = 0;

	CHECK_EQ(sm_state_claim(&tag, 0), SM_STATE_ILLEGAL); /* seq 0: no id */
	CHECK_EQ(tag, 0);
	CHECK_EQ(sm_state_claim(&tag, 3), SM_STATE_CHANGED);
	CHECK_EQ(tag, sm_tag(3, SM_SLOT_CREATING));
	CHECK_EQ(sm_state_claim(&tag, 4), SM_STATE_MISMATCH); /* taken */
	CHECK_EQ(tag, sm_tag(3, SM_SLOT_CREATING));
}

/* Many threads race for the same move: exactly one wins each round. */
#define RACERS 4
#define ROUNDS 20000
static u64 race_tag;
static int wins[RACERS];
static pthread_barrier_t bar;

static void *racer(void *arg)
{
	int id = (int)(long)arg, r;
	u64 seen;

	for (r = 0; r < ROUNDS; r++) {
		pthread_barrier_wait(&bar);
		if (sm_state_change(&race_tag, r + 1, SM_STOPPED, SM_RUNNING,
				    &seen) == SM_STATE_CHANGED)
			wins[id]++;
		pthread_barrier_wait(&bar);
		if (id == 0)
			race_tag = sm_tag(r + 2, SM_STOPPED);
	}
	return NULL;
}

static void test_race(void)
{
	pthread_t th[RACERS];
	long i;
	int total = 0;

	race_tag = sm_tag(1, SM_STOPPED);
	pthread_barrier_init(&bar, NULL, RACERS);
	for (i = 0; i < RACERS; i++)
		pthread_create(&th[i], NULL, racer, (void *)i);
	for (i = 0; i < RACERS; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < RACERS; i++)
		total += wins[i];
	CHECK_EQ(total, ROUNDS);
}

int main(void)
{
	sm_state_log = log_move;
	test_table();
	test_mismatch();
	test_claim();
	test_race();
	return check_summary("test_state");
}
