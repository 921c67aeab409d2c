/* SPDX-License-Identifier: BSD-2-Clause */
/* What the umode enclave and its host test agree on (UTM words). */
#ifndef UMODE_H
#define UMODE_H

#define UMODE_U_ITERS 0 /* in: loop iterations of the U-mode app */
#define UMODE_U_PRIV 1 /* out: S-only CSR reads that trapped, as they must */
#define UMODE_U_BAD 2 /* out: unexpected traps (scause | 0x100 if from S) */
#define UMODE_U_BAD_PC 3 /* out: sepc of the first unexpected trap */
#define UMODE_U_CYCLES 4 /* out: rdcycle/rdtime/rdinstret read in U-mode */
#define UMODE_PROBE_EVERY 4096 /* the app reads sscratch every N iterations */

/* The app's checksum over n iterations (host and enclave agree on it). */
static inline unsigned long umode_checksum(unsigned long n)
{
	unsigned long i, c = 0;

	for (i = 0; i < n; i++)
		c = c * 31 + (i ^ (c >> 7));
	return c;
}

#endif
