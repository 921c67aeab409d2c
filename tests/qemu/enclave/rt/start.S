/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entry of a C test enclave.  The monitor enters at the EPM base with
 * satp = 0 and a1 = epm_paddr, a2 = epm_size, a3 = runtime_paddr,
 * a4 = user_paddr, a5 = free_paddr, a6 = utm_paddr, a7 = utm_size; every
 * other register is 0, so the stack is ours to set up.  Everything here is
 * pc-relative: the image runs wherever the host put the EPM.
 */
/* sm_abi.h's constants carry a UL suffix the assembler does not take */
#define EXT_ID 0x08424b45
#define FID_EXIT 3006

	.section .text.start, "ax"
	.globl _start
_start:
	/* where it really runs (a pool block if adopted): UTM's last word */
	beqz a7, 1f
	add t0, a6, a7
	sd a1, -8(t0)
1:	li t0, 0
	/*
	 * Relocating enclaves (static/, linked at 0): base + addend into
	 * base + offset for every R_RISCV_RELATIVE; the table is empty for
	 * the others.
	 */
	lla t2, _start
	lla t0, __rela_start
	lla t1, __rela_end
4:	bgeu t0, t1, 5f
	ld t3, 8(t0)
	li t4, 3 /* R_RISCV_RELATIVE */
	bne t3, t4, 6f
	ld t3, 0(t0)
	ld t4, 16(t0)
	add t3, t3, t2
	add t4, t4, t2
	sd t4, 0(t3)
6:	addi t0, t0, 24
	j 4b
5:	li t0, 0
	li t1, 0
	li t2, 0
	li t3, 0
	li t4, 0
	/* the stack grows down from the end of the EPM */
	add sp, a1, a2
	/* our own faults come here rather than to the host */
	lla t0, enclave_trap
	csrw stvec, t0
	/* the flat image has no .bss: the EPM need not be zeroed */
	lla t0, __bss_start
	lla t1, __bss_end
3:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 3b
	/* struct enclave_boot, in register order a1..a7 */
2:	addi sp, sp, -64
	sd a1, 0(sp)
	sd a2, 8(sp)
	sd a3, 16(sp)
	sd a4, 24(sp)
	sd a5, 32(sp)
	sd a6, 40(sp)
	sd a7, 48(sp)
	mv a0, sp
	call enclave_main
	/* returning from enclave_main is EXIT(its value) */
	li a6, FID_EXIT
	li a7, EXT_ID
	ecall
3:	j 3b

/*
 * Any trap the enclave does not expect ends it with EXIT(ENCLAVE_TRAPPED
 * | scause), so that a host test sees a value instead of a hang.
 */
	.align 2
enclave_trap:
	csrr a0, scause
	li t0, 0xdead0000
	or a0, a0, t0
	li a6, FID_EXIT
	li a7, EXT_ID
	ecall
4:	j 4b
