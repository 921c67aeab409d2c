/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The demo enclave: greets the host through an edge call, attests the
 * nonce the host answers with, hands the report back through UTM and
 * exits with 42.  Position-independent; entered at the EPM base with the
 * layout in a0-a7 (a6 = UTM).
 */
#define EXT 0x08424b45

	.section .rodata.enclave, "a"
	.balign 16
	.globl demo_enclave_start, demo_enclave_end
demo_enclave_start:
	mv s0, a6 /* UTM */
	/* edge call 1: "print this" (text at UTM + 0x100) */
	lla t0, greeting
	addi t1, s0, 0x100
1:	lbu t2, 0(t0)
	sb t2, 0(t1)
	addi t0, t0, 1
	addi t1, t1, 1
	bnez t2, 1b
	li t0, 1
	sd t0, 0(s0)
	li a0, 1 /* STOP: edge call */
	li a6, 3004
	li a7, EXT
	ecall
	/* the host answered with a 32-byte nonce at UTM + 0x200 */
	addi a0, s0, 0x400
	addi a0, a0, 0x400
	addi a0, a0, 0x200 /* report at UTM + 0x1000 */
	addi a0, a0, 0x600
	addi a1, s0, 0x200
	li a2, 32
	li a6, 3002 /* ATTEST */
	li a7, EXT
	ecall
	sd a0, 8(s0)
	li t0, 2 /* edge call 2: "report ready" */
	sd t0, 0(s0)
	li a0, 1
	li a6, 3004
	li a7, EXT
	ecall
	li a0, 42 /* EXIT */
	li a6, 3006
	li a7, EXT
	ecall
2:	j 2b
greeting:
	.asciz "hello from inside the enclave (this text came through UTM)"
	.balign 8
demo_enclave_end:
