// SPDX-License-Identifier: BSD-2-Clause
/*
 * An enclave whose app runs in U-mode, as Keystone's Eyrie runs its apps:
 * the S-mode part sets up a trap vector and enters the app with sret.  The
 * app (assembly, so that it uses known registers) computes a checksum and,
 * every UMODE_PROBE_EVERY iterations, reads sscratch, which must trap from
 * U-mode, and the counters, which scounteren must let it read.  The host
 * preempts it many times; if the monitor ever resumed it in S-mode, the
 * probe would not trap and its final ecall would reach the monitor instead
 * of this enclave's own vector.
 */
#include "rt/enclave_rt.h"
#include "umode.h"

static volatile unsigned long *utm;
static unsigned long u_stack[512] __attribute__((aligned(16)));
static unsigned long s_stack[1024] __attribute__((aligned(16)));

/* Addresses of the assembly labels, pc-relative (no GOT in this image). */
#define LABEL_ADDR(l)                                              \
	({                                                         \
		unsigned long _a;                                  \
		__asm__("lla %0, " #l : "=r"(_a));                 \
		_a;                                                \
	})

/*
 * a0 = iterations.  s0 = i, s1 = checksum, s2 = probe countdown, s3 = the
 * counters read (summed, so the reads are not optimised away).
 */
__asm__(".text\n"
	".align 2\n"
	"umode_app:\n"
	"	li s0, 0\n"
	"	li s1, 0\n"
	"	li s2, 4096\n"
	"	li s3, 0\n"
	"1:	bgeu s0, a0, 3f\n"
	"	slli t0, s1, 5\n"
	"	sub t0, t0, s1\n" /* c * 31 */
	"	srli t1, s1, 7\n"
	"	xor t1, t1, s0\n"
	"	add s1, t0, t1\n"
	"	addi s0, s0, 1\n"
	"	addi s2, s2, -1\n"
	"	bnez s2, 1b\n"
	"	li s2, 4096\n"
	"	rdcycle t0\n"
	"	rdtime t1\n"
	"	add s3, s3, t0\n"
	"	rdinstret t0\n"
	"	add s3, s3, t1\n"
	"	add s3, s3, t0\n"
	"umode_probe:\n"
	"	csrr t0, sscratch\n" /* must trap: S-only CSR */
	"	j 1b\n"
	"3:	mv a0, s1\n"
	"	li a7, 0x55534552\n" /* 'USER': for this enclave's own vector */
	"	ecall\n"
	/* Reached only if that ecall went to the monitor (app ran in S). */
	"	li a0, 0xbadbad\n"
	"	li a6, 3006\n"
	"	li a7, 0x08424b45\n"
	"	ecall\n"
	"4:	j 4b\n");

/* The enclave's S-mode trap vector: sscratch holds its stack while in U. */
__asm__(".text\n"
	".align 2\n"
	"umode_strap:\n"
	"	csrrw sp, sscratch, sp\n"
	"	addi sp, sp, -64\n"
	"	sd ra, 0(sp)\n"
	"	sd t0, 8(sp)\n"
	"	sd t1, 16(sp)\n"
	"	sd t2, 24(sp)\n"
	"	sd a0, 32(sp)\n"
	"	sd a1, 40(sp)\n"
	"	sd a2, 48(sp)\n"
	"	sd a3, 56(sp)\n"
	"	call umode_trap\n"
	"	ld ra, 0(sp)\n"
	"	ld t0, 8(sp)\n"
	"	ld t1, 16(sp)\n"
	"	ld t2, 24(sp)\n"
	"	ld a0, 32(sp)\n"
	"	ld a1, 40(sp)\n"
	"	ld a2, 48(sp)\n"
	"	ld a3, 56(sp)\n"
	"	addi sp, sp, 64\n"
	"	csrrw sp, sscratch, sp\n"
	"	sret\n");

static void bad_trap(unsigned long cause, unsigned long from_s,
		     unsigned long pc)
{
	if (!utm[UMODE_U_BAD])
		utm[UMODE_U_BAD_PC] = pc;
	utm[UMODE_U_BAD] = cause | (from_s ? 0x100 : 0);
}

/* Called from umode_strap; a0 = the app's a0 (its checksum at the end). */
void umode_trap(unsigned long app_a0);
void umode_trap(unsigned long app_a0)
{
	unsigned long cause, status, pc, cyc;

	__asm__ __volatile__("csrr %0, scause" : "=r"(cause));
	__asm__ __volatile__("csrr %0, sstatus" : "=r"(status));
	__asm__ __volatile__("csrr %0, sepc" : "=r"(pc));
	if (status & 0x100) { /* SPP: the trap came from S-mode */
		bad_trap(cause, 1, pc);
		enclave_exit(ENCLAVE_TRAPPED | cause);
	}
	if (cause == 2 && pc == LABEL_ADDR(umode_probe)) {
		utm[UMODE_U_PRIV]++;
		__asm__ __volatile__("csrw sepc, %0" ::"r"(pc + 4));
		return;
	}
	if (cause == 8) {
		__asm__ __volatile__("mv %0, s3" : "=r"(cyc));
		utm[UMODE_U_CYCLES] = cyc;
		enclave_exit(app_a0);
	}
	bad_trap(cause, 0, pc);
	enclave_exit(ENCLAVE_TRAPPED | cause);
}

long enclave_main(const struct enclave_boot *b)
{
	unsigned long iters;

	utm = (volatile unsigned long *)b->utm_paddr;
	iters = utm[UMODE_U_ITERS];
	__asm__ __volatile__("csrw sscratch, %0" ::"r"(&s_stack[1024]));
	__asm__ __volatile__("csrw stvec, %0" ::"r"(LABEL_ADDR(umode_strap)));
	__asm__ __volatile__("csrw sepc, %0" ::"r"(LABEL_ADDR(umode_app)));
	/* SPP = U, SPIE = 0: the app runs in U-mode without S interrupts */
	__asm__ __volatile__("csrc sstatus, %0" ::"r"(0x120UL));
	__asm__ __volatile__("mv a0, %0\n"
			     "mv sp, %1\n"
			     "sret" ::"r"(iters),
			     "r"(&u_stack[512])
			     : "a0", "memory");
	return 0; /* not reached */
}
