/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The probe enclave: a position-independent S-mode program the host test
 * drives through UTM.  It snapshots every register and S-mode CSR at its
 * very first instruction, then loops: STOP(edge call) to the host, run the
 * command the host left in UTM, repeat.  Commands (utm[0]; args utm[1..]):
 *   1 ECALL  a0-a5 = utm[1..6], a6 = utm[7], a7 = utm[8] -> utm[16], utm[17]
 *   2 LOAD   addr utm[1] -> value utm[16], fault cause utm[17]
 *   3 STORE  addr utm[1], value utm[2] -> fault cause utm[17]
 *   4 EXEC   addr utm[1] -> fault cause utm[17]
 *   5 EXIT   value utm[1]
 *   6 SPIN   forever: utm[18] counts, utm[20] = 1 if a register changed
 *   7 SNAP   first-entry snapshot -> utm[32..107]
 *   8 SENTINEL  every register = pattern, STOP, then check -> utm[20], utm[21]
 *   9 TIMER  set_timer(utm[1]), wait for the interrupt -> utm[19] counts
 * Loaded anywhere in an EPM; uses EPM + 0x4000.. for its data.
 */
#define EXT 0x08424b45
#define SNAP 0x4000 /* from the EPM base */
#define SAVE 0x4400

	.section .rodata.enclave, "a"
	.balign 16
	.globl enclave_probe_start, enclave_probe_end
enclave_probe_start:
	.option push
	.option norvc
	/* x31 first, relative to a1 (= epm_paddr), clobbering nothing. */
	sd x31, 2040(a1)
	j entry2
	.org enclave_probe_start + 0x800
entry2:
	lui x31, (SNAP >> 12)
	add x31, x31, a1
	.irp n,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	sd x\n, (\n * 8)(x31)
	.endr
	ld t0, 2040(a1)
	sd t0, (31 * 8)(x31)
	sd zero, 0(x31)
	mv s0, a6 /* UTM, for the trap handler too */
	/* CSRs before anything changes them; stvec first, then ours. */
	csrr t0, stvec
	sd t0, (68 * 8)(x31)
	lla t0, handler
	csrw stvec, t0
	csrr t0, sstatus
	sd t0, (65 * 8)(x31)
	csrr t0, sie
	sd t0, (66 * 8)(x31)
	csrr t0, sip
	sd t0, (67 * 8)(x31)
	csrr t0, sscratch
	sd t0, (69 * 8)(x31)
	csrr t0, sepc
	sd t0, (70 * 8)(x31)
	csrr t0, scause
	sd t0, (71 * 8)(x31)
	csrr t0, stval
	sd t0, (72 * 8)(x31)
	csrr t0, satp
	sd t0, (73 * 8)(x31)
	csrr t0, scounteren
	sd t0, (74 * 8)(x31)
	li t0, 0
	csrr t0, 0x10a /* senvcfg: traps (and is skipped) where absent */
	sd t0, (75 * 8)(x31)
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd f\n, ((32 + \n) * 8)(x31)
	.endr
	frcsr t0
	sd t0, (64 * 8)(x31)

	mv s1, a1 /* EPM */
	/* where it really runs (a pool block if adopted): UTM's last word */
	beqz a7, 1f
	add t0, a6, a7
	sd a1, -8(t0)
1:
	lla t0, save_s0
	sd s0, 0(t0)
	sd s1, 8(t0)

loop:
	li a0, 1 /* STOP: edge call to the host */
	li a6, 3004
	li a7, EXT
	ecall
	ld t0, 0(s0)
	li t1, 1
	beq t0, t1, c_ecall
	li t1, 2
	beq t0, t1, c_load
	li t1, 3
	beq t0, t1, c_store
	li t1, 4
	beq t0, t1, c_exec
	li t1, 5
	beq t0, t1, c_exit
	li t1, 6
	beq t0, t1, c_spin
	li t1, 7
	beq t0, t1, c_snap
	li t1, 8
	beq t0, t1, c_sentinel
	li t1, 9
	beq t0, t1, c_timer
	j loop

c_ecall:
	ld a0, 8(s0)
	ld a1, 16(s0)
	ld a2, 24(s0)
	ld a3, 32(s0)
	ld a4, 40(s0)
	ld a5, 48(s0)
	ld a6, 56(s0)
	ld a7, 64(s0)
	ecall
	sd a0, 128(s0)
	sd a1, 136(s0)
	j loop

c_load:
	ld t1, 8(s0)
	sd zero, 136(s0)
	li t2, 0
	ld t2, 0(t1)
	sd t2, 128(s0)
	j loop

c_store:
	ld t1, 8(s0)
	ld t2, 16(s0)
	sd zero, 136(s0)
	sd t2, 0(t1)
	j loop

c_exec:
	ld t1, 8(s0)
	sd zero, 136(s0)
	jalr t1
	j loop

c_exit:
	ld a0, 8(s0)
	li a6, 3006
	li a7, EXT
	ecall
	j c_exit /* never reached: EXIT does not return */

c_spin:
	li s2, 0
	li s3, 0x5353535353535353
	li s4, 0x5454545454545454
	mv s5, s0
	sd zero, 160(s0)
1:	addi s2, s2, 1
	sd s2, 144(s0)
	ld t0, 144(s0)
	bne t0, s2, 2f
	li t0, 0x5353535353535353
	bne s3, t0, 2f
	li t0, 0x5454545454545454
	bne s4, t0, 2f
	bne s5, s0, 2f
	j 1b
2:	li t0, 1
	sd t0, 160(s0)
	j 1b

c_snap:
	lui t0, (SNAP >> 12)
	add t0, t0, s1
	addi t1, s0, 256
	li t2, 76
1:	ld t3, 0(t0)
	sd t3, 0(t1)
	addi t0, t0, 8
	addi t1, t1, 8
	addi t2, t2, -1
	bnez t2, 1b
	j loop

c_sentinel:
	/* every register but s0/a6/a7/a0 (needed for the ecall) = pattern */
	li t0, 0xe1e1e1e1e1e1e1e1
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.d.x f\n, t0
	.endr
	li t1, 0x1f
	fscsr t1
	.irp r,ra,sp,gp,tp,t1,t2,s1,a1,a2,a3,a4,a5,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,t3,t4,t5,t6
	mv \r, t0
	.endr
	csrw sscratch, t0
	li a0, 1
	li a6, 3004
	li a7, EXT
	ecall
	/* back: everything must be as we left it */
	li t1, 0 /* a0/a1 carry STOP's return value */
	.irp r,ra,sp,gp,tp,t0,t2,s1,a2,a3,a4,a5,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,t3,t4,t5,t6
	li a0, 0xe1e1e1e1e1e1e1e1
	beq \r, a0, 9f
	li t1, 1
9:
	.endr
	csrr a1, sscratch
	beq a1, a0, 9f
	li t1, 1
9:	sd t1, 160(s0)
	li t1, 0
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.x.d a1, f\n
	beq a1, a0, 9f
	li t1, 1
9:
	.endr
	frcsr a1
	li a2, 0x1f
	beq a1, a2, 9f
	li t1, 1
9:	sd t1, 168(s0)
	csrw sscratch, zero
	lla t0, save_s0
	ld s0, 0(t0)
	ld s1, 8(t0)
	j loop

c_timer:
	sd zero, 152(s0)
	ld a0, 8(s0)
	li a6, 0
	li a7, 0x54494D45
	ecall
	li t0, (1 << 5)
	csrs sie, t0
	csrsi sstatus, 2
1:	ld t0, 152(s0)
	beqz t0, 1b
	csrci sstatus, 2
	j loop

	.balign 4
handler:
	csrw sscratch, t0
	lla t0, hsave
	sd t1, 0(t0)
	sd t2, 8(t0)
	sd a0, 16(t0)
	sd a1, 24(t0)
	sd a6, 32(t0)
	sd a7, 40(t0)
	csrr t1, scause
	bltz t1, h_irq
	sd t1, 136(s0)
	li t2, 1
	beq t1, t2, h_fetch
	li t2, 12
	beq t1, t2, h_fetch
	csrr t2, sepc
	addi t2, t2, 4
	csrw sepc, t2
	j h_out
h_fetch:
	csrw sepc, ra
	j h_out
h_irq:
	ld t2, 152(s0)
	addi t2, t2, 1
	sd t2, 152(s0)
	li a0, -1
	li a6, 0
	li a7, 0x54494D45
	ecall
h_out:
	ld t1, 0(t0)
	ld t2, 8(t0)
	ld a0, 16(t0)
	ld a1, 24(t0)
	ld a6, 32(t0)
	ld a7, 40(t0)
	csrr t0, sscratch
	sret

	.balign 8
save_s0:
	.dword 0, 0
hsave:
	.dword 0, 0, 0, 0, 0, 0
	.option pop
enclave_probe_end:
