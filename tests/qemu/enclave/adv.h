/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The adversarial enclave (adv.c) and its host tests (test_adversarial.c):
 * commands in UTM word 0, arguments in 1.., results from ADV_R.
 */
#ifndef ADV_H
#define ADV_H

enum {
	ADV_NOP = 0,
	ADV_ECALL, /* a0..a5 = arg 0..5, a6 = arg 6, a7 = arg 7 -> r0, r1 */
	ADV_SSIP_SPIN, /* sip.SSIP set, sie.SSIE clear; spin, sip -> ADV_R+2 */
	ADV_H_SNAP, /* the H/VS CSRs -> ADV_R.. (ADV_NH words) */
	ADV_H_WRITE, /* write arg 0 + i to H/VS CSR i (ADV_NH of them) */
	ADV_VS_SPIN, /* enter VS-mode (vsstatus.SUM set) and spin there */
	ADV_LOAD, /* r0 = *(u64 *)arg 0 */
	ADV_EXIT, /* EXIT(arg 0) */
};

#define ADV_CMD 0
#define ADV_ARG(i) (1 + (i))
#define ADV_R 16
#define ADV_DONE 15 /* count of commands completed */
#define ADV_NH 16 /* H/VS CSRs snapped and written, see adv.c */
#define ADV_H_ABSENT 0xabcdef /* r0 of ADV_H_SNAP on a hart without H */

#endif
