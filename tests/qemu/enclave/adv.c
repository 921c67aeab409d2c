// SPDX-License-Identifier: BSD-2-Clause
/*
 * An enclave that attacks: it runs whatever the host test asks through
 * UTM, mostly things an enclave must not be able to turn against the host
 * (standard SBI calls, its own sip, the hypervisor extension), and comes
 * back with an edge call after each.
 */
#include "rt/enclave_rt.h"
#include "adv.h"

static volatile unsigned long *utm;

/* H and VS CSRs in a fixed order (ADV_NH); writes use values from the host. */
#define H_CSRS(X)                                                          \
	X(0x600) X(0x602) X(0x603) X(0x606) X(0x643) X(0x64a) X(0x680)     \
	X(0x605) X(0x200) X(0x204) X(0x205) X(0x240) X(0x241) X(0x242)    \
	X(0x243) X(0x280)

static void h_snap(void)
{
	unsigned long v, i = 0;

#define SNAP(c)                                                  \
	__asm__ __volatile__("csrr %0, " #c : "=r"(v));          \
	utm[ADV_R + i++] = v;
	H_CSRS(SNAP)
#undef SNAP
}

static void h_write(unsigned long base)
{
	unsigned long i = 0;

#define WRITE(c) __asm__ __volatile__("csrw " #c ", %0" ::"r"(base + i++));
	H_CSRS(WRITE)
#undef WRITE
}

/* hstatus.SPV = 1 and sstatus.SPP = 1: sret lands in VS-mode. */
static void __attribute__((noreturn)) vs_spin(void)
{
	unsigned long pc;

	/* The VS-mode sstatus (vsstatus) gets SUM, so it is recognisable. */
	__asm__ __volatile__("csrs 0x200, %0" ::"r"(1UL << 18));
	__asm__ __volatile__("lla %0, 1f\n"
			     "csrw sepc, %0\n"
			     "csrs 0x600, %1\n" /* hstatus.SPV */
			     "csrs sstatus, %2\n" /* SPP = S */
			     "sret\n"
			     "1: j 1b\n"
			     : "=&r"(pc)
			     : "r"(1UL << 7), "r"(1UL << 8)
			     : "memory");
	for (;;)
		;
}

long enclave_main(const struct enclave_boot *b)
{
	utm = (volatile unsigned long *)b->utm_paddr;

	for (;;) {
		unsigned long cmd = utm[ADV_CMD];

		utm[ADV_CMD] = ADV_NOP;
		switch (cmd) {
		case ADV_ECALL: {
			register unsigned long a0 __asm__("a0") = utm[ADV_ARG(0)];
			register unsigned long a1 __asm__("a1") = utm[ADV_ARG(1)];
			register unsigned long a2 __asm__("a2") = utm[ADV_ARG(2)];
			register unsigned long a3 __asm__("a3") = utm[ADV_ARG(3)];
			register unsigned long a4 __asm__("a4") = utm[ADV_ARG(4)];
			register unsigned long a5 __asm__("a5") = utm[ADV_ARG(5)];
			register unsigned long a6 __asm__("a6") = utm[ADV_ARG(6)];
			register unsigned long a7 __asm__("a7") = utm[ADV_ARG(7)];

			__asm__ __volatile__("ecall"
					     : "+r"(a0), "+r"(a1)
					     : "r"(a2), "r"(a3), "r"(a4),
					       "r"(a5), "r"(a6), "r"(a7)
					     : "memory");
			utm[ADV_R] = a0;
			utm[ADV_R + 1] = a1;
			break;
		}
		case ADV_SSIP_SPIN:
			__asm__ __volatile__("csrc sie, %0" ::"r"(2UL));
			__asm__ __volatile__("csrs sip, %0" ::"r"(2UL));
			for (;;) {
				unsigned long sip;

				__asm__ __volatile__("csrr %0, sip" : "=r"(sip));
				utm[ADV_R + 2] = sip;
				utm[ADV_R + 3]++;
			}
		case ADV_H_SNAP:
			h_snap();
			break;
		case ADV_H_WRITE:
			h_write(utm[ADV_ARG(0)]);
			break;
		case ADV_VS_SPIN:
			vs_spin();
		case ADV_LOAD:
			utm[ADV_R] = *(volatile unsigned long *)utm[ADV_ARG(0)];
			break;
		case ADV_EXIT:
			enclave_exit(utm[ADV_ARG(0)]);
		default:
			break;
		}
		/* commands done: the host tells an answer from a STOP it asked for */
		utm[ADV_DONE]++;
		enclave_stop(SM_STOP_EDGE_CALL_HOST);
	}
}
