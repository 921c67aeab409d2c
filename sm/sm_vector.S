/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The trap vector of a hart while it runs an enclave (sm_ctx.c installs
 * it in mtvec on entry and puts OpenSBI's back on the way out).  The host
 * never pays for the monitor on its own traps: they go straight to
 * OpenSBI's vector, unchanged.
 *
 * A trap from the enclave saves its registers directly into its context
 * (sm_hart.enclave_tc, a struct sbi_trap_context in the enclave's slot),
 * so a switch copies no general register: the host's registers stay in
 * the frame OpenSBI's vector made when the host called RUN/RESUME (at the
 * top of this hart's M stack, just below its scratch), and the C code
 * below runs on a stack that starts under that frame.  sm_trap_enclave()
 * returns the context to resume: the enclave's, or the host's frame.
 *
 * A trap from M-mode (inside the monitor or OpenSBI while it serves the
 * enclave) is OpenSBI's business: its vector is entered exactly as the
 * hardware would have.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_trap.h>

#define REGS(x) SBI_TRAP_REGS_OFFSET(x)
#define INFO(x) (SBI_TRAP_REGS_SIZE + SBI_TRAP_INFO_OFFSET(x))

/*
 * Saves the trapped side's registers into the frame at t0 (t0 itself from
 * the scratch's TMP0, tp from mscratch, which gets the scratch back),
 * with mepc and mstatus.  Both vectors below use it.
 */
.macro SM_SAVE_FRAME
	REG_S	ra, REGS(ra)(t0)
	REG_S	sp, REGS(sp)(t0)
	REG_S	gp, REGS(gp)(t0)
	REG_S	t1, REGS(t1)(t0)
	REG_S	t2, REGS(t2)(t0)
	REG_S	s0, REGS(s0)(t0)
	REG_S	s1, REGS(s1)(t0)
	REG_S	a0, REGS(a0)(t0)
	REG_S	a1, REGS(a1)(t0)
	REG_S	a2, REGS(a2)(t0)
	REG_S	a3, REGS(a3)(t0)
	REG_S	a4, REGS(a4)(t0)
	REG_S	a5, REGS(a5)(t0)
	REG_S	a6, REGS(a6)(t0)
	REG_S	a7, REGS(a7)(t0)
	REG_S	s2, REGS(s2)(t0)
	REG_S	s3, REGS(s3)(t0)
	REG_S	s4, REGS(s4)(t0)
	REG_S	s5, REGS(s5)(t0)
	REG_S	s6, REGS(s6)(t0)
	REG_S	s7, REGS(s7)(t0)
	REG_S	s8, REGS(s8)(t0)
	REG_S	s9, REGS(s9)(t0)
	REG_S	s10, REGS(s10)(t0)
	REG_S	s11, REGS(s11)(t0)
	REG_S	t3, REGS(t3)(t0)
	REG_S	t4, REGS(t4)(t0)
	REG_S	t5, REGS(t5)(t0)
	REG_S	t6, REGS(t6)(t0)
	REG_L	t1, SBI_SCRATCH_TMP0_OFFSET(tp)
	REG_S	t1, REGS(t0)(t0)
	csrr	t1, CSR_MSCRATCH
	REG_S	t1, REGS(tp)(t0)
	csrw	CSR_MSCRATCH, tp
	csrr	t1, CSR_MEPC
	REG_S	t1, REGS(mepc)(t0)
	csrr	t1, CSR_MSTATUS
	REG_S	t1, REGS(mstatus)(t0)
.endm

.macro SM_VECTOR name, opensbi
	.section .text, "ax", %progbits
	.align 3
	.globl \name
\name:
	csrrw	tp, CSR_MSCRATCH, tp
	REG_S	t0, SBI_SCRATCH_TMP0_OFFSET(tp)
	csrr	t0, CSR_MSTATUS
	srli	t0, t0, MSTATUS_MPP_SHIFT
	andi	t0, t0, PRV_M
	xori	t0, t0, PRV_M
	bnez	t0, 1f
	REG_L	t0, SBI_SCRATCH_TMP0_OFFSET(tp)
	csrrw	tp, CSR_MSCRATCH, tp
	j	\opensbi
1:
	/* t0 = this hart's sm_hart, then the running enclave's context */
	lla	t0, sm_hart_offset
	REG_L	t0, 0(t0)
	add	t0, t0, tp
	REG_L	t0, 0(t0)
	REG_L	t0, 0(t0)

	REG_S	zero, REGS(zero)(t0)
	SM_SAVE_FRAME
	/* trap info (cause, tval, ...): read in C, filled where needed */
	li	t1, MSTATUS_MDT
	csrc	CSR_MSTATUS, t1

	/* A C stack below the host's frame, which must stay intact. */
	addi	sp, tp, -(SBI_TRAP_CONTEXT_SIZE)
	andi	sp, sp, -16
	mv	a0, t0
	call	sm_trap_enclave
	j	sm_vector_resume
.endm

	SM_VECTOR sm_vector, _trap_handler
	SM_VECTOR sm_vector_hyp, _trap_handler_hyp

/*
 * Resume the side whose context a0 points to (a struct sbi_trap_context:
 * the enclave's, or the host's frame).  Never returns.  Also the way into
 * an enclave from RUN/RESUME, which leaves OpenSBI's call chain behind
 * (that hart's M stack is rebuilt on every trap from S-mode).
 */
	.section .text, "ax", %progbits
	.align 3
	.globl sm_vector_resume
sm_vector_resume:
	REG_L	ra, REGS(ra)(a0)
	REG_L	sp, REGS(sp)(a0)
	REG_L	gp, REGS(gp)(a0)
	REG_L	tp, REGS(tp)(a0)
	REG_L	t1, REGS(t1)(a0)
	REG_L	t2, REGS(t2)(a0)
	REG_L	s0, REGS(s0)(a0)
	REG_L	s1, REGS(s1)(a0)
	REG_L	a1, REGS(a1)(a0)
	REG_L	a2, REGS(a2)(a0)
	REG_L	a3, REGS(a3)(a0)
	REG_L	a4, REGS(a4)(a0)
	REG_L	a5, REGS(a5)(a0)
	REG_L	a6, REGS(a6)(a0)
	REG_L	a7, REGS(a7)(a0)
	REG_L	s2, REGS(s2)(a0)
	REG_L	s3, REGS(s3)(a0)
	REG_L	s4, REGS(s4)(a0)
	REG_L	s5, REGS(s5)(a0)
	REG_L	s6, REGS(s6)(a0)
	REG_L	s7, REGS(s7)(a0)
	REG_L	s8, REGS(s8)(a0)
	REG_L	s9, REGS(s9)(a0)
	REG_L	s10, REGS(s10)(a0)
	REG_L	s11, REGS(s11)(a0)
	REG_L	t3, REGS(t3)(a0)
	REG_L	t4, REGS(t4)(a0)
	REG_L	t5, REGS(t5)(a0)
	REG_L	t6, REGS(t6)(a0)
	REG_L	t0, REGS(mstatus)(a0)
	csrw	CSR_MSTATUS, t0
	REG_L	t0, REGS(mepc)(a0)
	csrw	CSR_MEPC, t0
	REG_L	t0, REGS(t0)(a0)
	REG_L	a0, REGS(a0)(a0)
	mret

/*
 * The host's trap vector while the monitor is active: the host's calls of
 * the monitor's extension are served without OpenSBI's trap handling and
 * ecall dispatch (the RUN/RESUME path); every other trap goes to OpenSBI's
 * vector after 8 instructions, exactly as the hardware left it.  The
 * host's registers are saved where OpenSBI's vector would have put them
 * (the top of this hart's M stack), which is where the enclave vector
 * resumes the host from.
 */
.macro SM_HOST_VECTOR name, opensbi
	.section .text, "ax", %progbits
	.align 3
	.globl \name
\name:
	csrrw	tp, CSR_MSCRATCH, tp
	REG_S	t0, SBI_SCRATCH_TMP0_OFFSET(tp)
	li	t0, 0x08424b45 /* SM_EXT_ID */
	beq	a7, t0, 1f
2:	REG_L	t0, SBI_SCRATCH_TMP0_OFFSET(tp)
	csrrw	tp, CSR_MSCRATCH, tp
	j	\opensbi
1:	csrr	t0, CSR_MCAUSE
	addi	t0, t0, -CAUSE_SUPERVISOR_ECALL
	bnez	t0, 2b

	addi	t0, tp, -(SBI_TRAP_CONTEXT_SIZE)
	SM_SAVE_FRAME
	/* no trap info: nothing on this path reads it (an ecall) */
	li	t1, MSTATUS_MDT
	csrc	CSR_MSTATUS, t1

	andi	sp, t0, -16
	mv	a0, t0
	call	sm_host_call
	j	sm_vector_resume
.endm

	SM_HOST_VECTOR sm_host_vector, _trap_handler
	SM_HOST_VECTOR sm_host_vector_hyp, _trap_handler_hyp
