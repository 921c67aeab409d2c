/* SPDX-License-Identifier: BSD-2-Clause */
/* What a C test enclave gets: its boot layout and the monitor's calls. */
#ifndef ENCLAVE_RT_H
#define ENCLAVE_RT_H

#include <sm_abi.h>

/* A trap the enclave did not expect: it exits with this | scause. */
#define ENCLAVE_TRAPPED 0xdead0000UL

/* The first-entry registers a1..a7 (rt/start.S) */
struct enclave_boot {
	unsigned long epm_paddr, epm_size;
	unsigned long runtime_paddr, user_paddr, free_paddr;
	unsigned long utm_paddr, utm_size;
};

struct enclave_ret {
	unsigned long error, value;
};

static inline struct enclave_ret enclave_sm_call(unsigned long fid,
						 unsigned long a0,
						 unsigned long a1,
						 unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = SM_EXT_ID;

	__asm__ __volatile__("ecall"
			     : "+r"(r0), "+r"(r1)
			     : "r"(r2), "r"(r6), "r"(r7)
			     : "memory");
	return (struct enclave_ret){ r0, r1 };
}

/* An edge call: the host's RUN/RESUME returns EDGE_CALL_HOST; 0 on resume. */
static inline unsigned long enclave_stop(unsigned long reason)
{
	return enclave_sm_call(SM_FID_STOP, reason, 0, 0).error;
}

static inline void __attribute__((noreturn)) enclave_exit(unsigned long v)
{
	enclave_sm_call(SM_FID_EXIT, v, 0, 0);
	for (;;)
		;
}

long enclave_main(const struct enclave_boot *b);

#endif
