// SPDX-License-Identifier: BSD-2-Clause
/*
 * The monitor's view of traps (sbi_trap_handler, hooked in sm_hooks.c).
 * Traps taken while the host runs go straight to OpenSBI.  Traps from a
 * running enclave are filtered first: interrupts meant for the host stop
 * the enclave, and standard SBI calls outside the enclave column of the
 * allow-list (sm_allow.c) are denied before OpenSBI can act on them.
 * Everything else (its own faults, emulation) is OpenSBI's usual path,
 * which redirects to the enclave's own stvec.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_ecall_interface.h>
#include <sbi/sbi_error.h>
#include <sbi/sbi_trap.h>
#include "sm.h"
#include "sm_allow.h"
#include "sm_hooks.h"

static void enclave_irq(struct sm_hart *h, struct sbi_trap_context *tcntx)
{
	ulong irq = tcntx->trap.cause & ~MCAUSE_IRQ_MASK;
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
		__real_sbi_trap_handler(tcntx);
		host_sip = csr_read_clear(CSR_MIP, MIP_SSIP) & MIP_SSIP;
		csr_set(CSR_MIP, enclave_ssip);
		break;
	case IRQ_S_EXT:
	case IRQ_PMU_OVF:
		/* The host's (not delegated while an enclave runs): still
		 * pending, the host takes it after the switch. */
		break;
	default:
		__real_sbi_trap_handler(tcntx);
		return;
	}
	sm_interrupted(&tcntx->regs, host_sip);
}

struct sbi_trap_context *sm_trap(struct sbi_trap_context *tcntx)
{
	struct sm_hart *h = sm_hart_this();
	struct sbi_trap_regs *regs = &tcntx->regs;

	if (!h || !h->enclave || sbi_mstatus_prev_mode(regs->mstatus) == PRV_M)
		return __real_sbi_trap_handler(tcntx);

	if (tcntx->trap.cause & MCAUSE_IRQ_MASK) {
		enclave_irq(h, tcntx);
		return tcntx;
	}
	if (tcntx->trap.cause == CAUSE_SUPERVISOR_ECALL &&
	    !sm_allow_enclave(regs->a7, regs->a6)) {
		regs->a0 = (ulong)SBI_ERR_DENIED;
		regs->mepc += 4;
		return tcntx;
	}
	return __real_sbi_trap_handler(tcntx);
}
