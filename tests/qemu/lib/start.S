/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * S-mode test payload entry.  Boot hart (any hart may be the one the
 * firmware jumps to): a0 = hartid, a1 = FDT.  Harts started through HSM
 * enter at tp_secondary_entry with a1 = their tp (struct tp_hart, whose
 * first field is the top of that hart's own stack).
 */
#define FRAME_SIZE (36 * 8)

	.section .text.start, "ax"
	.globl _start
_start:
	.option push
	.option norelax
	lla gp, __global_pointer$
	.option pop
	/* zero .bss */
	lla t0, __bss_start
	lla t1, __bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:	mv s0, a0
	mv s1, a1
	mv a0, s0
	call tp_hart_data /* a0 = hart data pointer */
	mv tp, a0
	ld sp, 0(tp) /* stack top is the first field */
	lla t0, tp_trap_entry
	csrw stvec, t0
	mv a0, s0
	mv a1, s1
	call tp_main
3:	wfi
	j 3b

	.globl tp_secondary_entry
tp_secondary_entry:
	.option push
	.option norelax
	lla gp, __global_pointer$
	.option pop
	mv tp, a1
	ld sp, 0(tp)
	lla t0, tp_trap_entry
	csrw stvec, t0
	call tp_secondary_main
4:	wfi
	j 4b

/* Every trap: full frame on the current stack, C handler, restore, sret. */
	.align 4
	.globl tp_trap_entry
tp_trap_entry:
	addi sp, sp, -FRAME_SIZE
	.irp n,1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd x\n, (\n * 8)(sp)
	.endr
	addi t0, sp, FRAME_SIZE
	sd t0, (2 * 8)(sp)
	csrr t0, sepc
	sd t0, (32 * 8)(sp)
	csrr t0, scause
	sd t0, (33 * 8)(sp)
	csrr t0, stval
	sd t0, (34 * 8)(sp)
	csrr t0, sstatus
	sd t0, (35 * 8)(sp)
	mv a0, sp
	call tp_trap
	ld t0, (32 * 8)(sp)
	csrw sepc, t0
	ld t0, (35 * 8)(sp)
	csrw sstatus, t0
	.irp n,1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld x\n, (\n * 8)(sp)
	.endr
	addi sp, sp, FRAME_SIZE
	sret

/* setjmp/longjmp for the watchdog and unexpected traps. */
	.globl tp_setjmp
tp_setjmp:
	sd ra, 0(a0)
	sd sp, 8(a0)
	sd s0, 16(a0)
	sd s1, 24(a0)
	sd s2, 32(a0)
	sd s3, 40(a0)
	sd s4, 48(a0)
	sd s5, 56(a0)
	sd s6, 64(a0)
	sd s7, 72(a0)
	sd s8, 80(a0)
	sd s9, 88(a0)
	sd s10, 96(a0)
	sd s11, 104(a0)
	li a0, 0
	ret
	.globl tp_longjmp
tp_longjmp:
	ld ra, 0(a0)
	ld sp, 8(a0)
	ld s0, 16(a0)
	ld s1, 24(a0)
	ld s2, 32(a0)
	ld s3, 40(a0)
	ld s4, 48(a0)
	ld s5, 56(a0)
	ld s6, 64(a0)
	ld s7, 72(a0)
	ld s8, 80(a0)
	ld s9, 88(a0)
	ld s10, 96(a0)
	ld s11, 104(a0)
	mv a0, a1
	ret

/*
 * Fault probes: return 0, or the scause of the fault they caused.  The
 * trap handler skips the faulting instruction by its length, so there is
 * one probe with a compressed and one with a full-size instruction.
 */
	.globl tp_probe_load
tp_probe_load:
	li t0, 1
	sd t0, 8(tp) /* armed */
	sd zero, 16(tp) /* cause */
	c.ld a0, 0(a0)
	j probe_done
	.globl tp_probe_store
tp_probe_store:
	li t0, 1
	sd t0, 8(tp)
	sd zero, 16(tp)
	c.sd a1, 0(a0)
	j probe_done
	.globl tp_probe_load_wide
tp_probe_load_wide:
	li t0, 1
	sd t0, 8(tp)
	sd zero, 16(tp)
	.option push
	.option norvc
	ld a0, 0(a0)
	.option pop
	j probe_done
	.globl tp_probe_store_wide
tp_probe_store_wide:
	li t0, 1
	sd t0, 8(tp)
	sd zero, 16(tp)
	.option push
	.option norvc
	sd a1, 0(a0)
	.option pop
	j probe_done
	.globl tp_probe_exec
tp_probe_exec:
	mv t1, ra
	li t0, 2 /* armed for fetch: the handler resumes at ra */
	sd t0, 8(tp)
	sd zero, 16(tp)
	jalr a0
	mv ra, t1
probe_done:
	sd zero, 8(tp)
	ld a0, 16(tp)
	ret
