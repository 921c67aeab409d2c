/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tiny enclaves for `make bench`, flat position-independent images loaded
 * at an EPM base (as enclave/probe.S).  Each does one thing, so that what
 * is measured is the monitor's switch and not the enclave:
 *   exit    EXIT(42) at once
 *   stop    STOP(edge call), forever
 *   spin    STOP once, then count in utm[0] forever: 3 instructions an
 *           iteration
 *   random  utm[1] times RANDOM (utm[2] = the last value), then STOP
 */
#define EXT 0x08424b45

	.section .rodata.bench_enclaves, "a"
	.option push
	.option norvc

	.balign 16
	.globl bench_exit_start, bench_exit_end
bench_exit_start:
	li a0, 42
	li a6, 3006
	li a7, EXT
	ecall
1:	j 1b
bench_exit_end:

	.balign 16
	.globl bench_stop_start, bench_stop_end
bench_stop_start:
1:	li a0, 1
	li a6, 3004
	li a7, EXT
	ecall
	j 1b
bench_stop_end:

	.balign 16
	.globl bench_spin_start, bench_spin_end
bench_spin_start:
	mv s1, a6
	li s0, 0
	li a0, 1 /* an edge call first: RUN returns, RESUME spins */
	li a6, 3004
	li a7, EXT
	ecall
1:	addi s0, s0, 1
	sd s0, 0(s1)
	j 1b
bench_spin_end:

	.balign 16
	.globl bench_random_start, bench_random_end
bench_random_start:
	mv s1, a6
1:	ld s2, 8(s1)
2:	beqz s2, 3f
	li a6, 3001
	li a7, EXT
	ecall
	sd a1, 16(s1)
	addi s2, s2, -1
	j 2b
3:	li a0, 1
	li a6, 3004
	li a7, EXT
	ecall
	j 1b
bench_random_end:

	.option pop
