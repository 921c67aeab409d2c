// SPDX-License-Identifier: BSD-2-Clause
/*
 * Traps while an enclave runs, from the enclave vector (sm_vector.S): the
 * host's own traps never come here.  Interrupts meant for the host stop
 * the enclave; the monitor's own calls are served directly; standard SBI
 * calls outside the enclave column of the allow-list (sm_allow.c) are
 * denied before OpenSBI can act on them.  Everything else (its own
 * faults, emulation, allowed standard calls) is OpenSBI's usual trap
 * handling on the enclave's context, which redirects to the enclave's own
 * stvec.  Returns the context to resume: the enclave's, or the host's.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_ecall_interface.h>
#include <sbi/sbi_error.h>
#include <sbi/sbi_trap.h>
#include "sm.h"
#include "sm_allow.h"

/*
 * The trap details OpenSBI's handlers read from the frame; the enclave
 * vector leaves them to be filled here, only on the paths that need them.
 */
static struct sbi_trap_context *trap_info(struct sm_hart *h,
					  struct sbi_trap_context *tc,
					  ulong cause)
{
	tc->trap.cause = cause;
	tc->trap.tval = csr_read(CSR_MTVAL);
	if (h->f & SM_F_H) {
		tc->trap.tval2 = csr_read(CSR_MTVAL2);
		tc->trap.tinst = csr_read(CSR_MTINST);
		tc->trap.gva = !!(tc->regs.mstatus & MSTATUS_GVA);
	} else {
		tc->trap.tval2 = 0;
		tc->trap.tinst = 0;
		tc->trap.gva = 0;
	}
	return tc;
}

static void enclave_irq(struct sm_hart *h, struct sbi_trap_context *tc,
			ulong cause)
{
	ulong irq = cause & ~MCAUSE_IRQ_MASK;
	ulong host_sip = 0, enclave_ssip;

	switch (irq) {
	case IRQ_M_TIMER:
		if (!sm_timer_irq(h, &host_sip))
			return;
		break;
	case IRQ_M_SOFT:
		/*
		 * Let OpenSBI serve the IPIs (PMP sync, TLB, ...).  An SSIP it
		 * raises is the host's, whatever the enclave had pending: the
		 * enclave's own is set aside meanwhile and put back.
		 */
		enclave_ssip = csr_read_clear(CSR_MIP, MIP_SSIP) & MIP_SSIP;
		sbi_trap_handler(trap_info(h, tc, cause));
		host_sip = csr_read_clear(CSR_MIP, MIP_SSIP) & MIP_SSIP;
		csr_set(CSR_MIP, enclave_ssip);
		break;
	case IRQ_S_EXT:
	case IRQ_PMU_OVF:
		/* The host's (not delegated while an enclave runs): still
		 * pending, the host takes it after the switch. */
		break;
	default:
		sbi_trap_handler(trap_info(h, tc, cause));
		return;
	}
	sm_interrupted(h, host_sip);
}

struct sbi_trap_context *sm_trap_enclave(struct sbi_trap_context *tc)
{
	struct sm_hart *h = sm_hart_this();
	struct sbi_trap_regs *regs = &tc->regs;
	ulong cause = csr_read(CSR_MCAUSE);

	if (cause & MCAUSE_IRQ_MASK) {
		enclave_irq(h, tc, cause);
	} else if (cause != CAUSE_SUPERVISOR_ECALL) {
		sbi_trap_handler(trap_info(h, tc, cause));
	} else if (regs->a7 == SM_EXT_ID) {
		sm_ecall_enclave(h, regs);
	} else if ((regs->a7 == SBI_EXT_TIME && regs->a6 == SBI_EXT_TIME_SET_TIMER) ||
		   regs->a7 == SBI_EXT_0_1_SET_TIMER) {
		/* Its own timer: never the host's deadline (sm_timer.c). */
		sm_timer_enclave_set(h, regs->a0);
		regs->a0 = 0;
		regs->mepc += 4;
	} else if (sm_allow_enclave(regs->a7, regs->a6)) {
		sbi_trap_handler(trap_info(h, tc, cause));
	} else {
		regs->a0 = (ulong)SBI_ERR_DENIED;
		regs->mepc += 4;
	}
	return h->enclave ? tc : h->host_tc;
}
