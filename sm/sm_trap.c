// SPDX-License-Identifier: BSD-2-Clause
/*
 * The monitor's view of traps.  OpenSBI has no trap hook, so the link
 * wraps sbi_trap_handler() (--wrap).  Traps taken while the host runs go
 * straight to OpenSBI.  Traps from a running enclave are filtered first:
 * interrupts meant for the host stop the enclave, and standard SBI calls
 * outside the allowed set are denied before OpenSBI can act on them.
 * Everything else (its own faults, emulation) is OpenSBI's usual path,
 * which redirects to the enclave's own stvec.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_domain.h>
#include <sbi/sbi_ecall_interface.h>
#include <sbi/sbi_error.h>
#include <sbi/sbi_trap.h>
#include "sm.h"

struct sbi_trap_context *__real_sbi_trap_handler(struct sbi_trap_context *tcntx);
bool __real_sbi_domain_check_addr(const struct sbi_domain *dom,
				  unsigned long addr, unsigned long mode,
				  unsigned long access_flags);
bool __real_sbi_domain_check_addr_range(const struct sbi_domain *dom,
					unsigned long addr, unsigned long size,
					unsigned long mode,
					unsigned long access_flags);
void __real_sbi_sse_process_pending_events(struct sbi_trap_regs *regs);

/* What Keystone's runtime needs; everything else is SBI_ERR_DENIED. */
static bool enclave_may_call(ulong ext)
{
	switch (ext) {
	case SBI_EXT_0_1_SET_TIMER:
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
	case SBI_EXT_BASE:
	case SBI_EXT_TIME:
	case SBI_EXT_DBCN:
	case SM_EXT_ID:
		return true;
	default:
		return false;
	}
}

static void enclave_irq(struct sm_hart *h, struct sbi_trap_context *tcntx)
{
	ulong irq = tcntx->trap.cause & ~MCAUSE_IRQ_MASK;
	ulong host_sip = 0, ssip_before;

	switch (irq) {
	case IRQ_M_TIMER:
		if (!sm_timer_irq(h, &host_sip))
			return;
		break;
	case IRQ_M_SOFT:
		/*
		 * Let OpenSBI serve the IPIs (PMP sync, TLB, ...).  An SSIP it
		 * raises is the host's, not the enclave's.
		 */
		ssip_before = csr_read(CSR_MIP) & MIP_SSIP;
		__real_sbi_trap_handler(tcntx);
		if (!ssip_before && (csr_read(CSR_MIP) & MIP_SSIP)) {
			csr_clear(CSR_MIP, MIP_SSIP);
			host_sip = MIP_SSIP;
		}
		break;
	case IRQ_S_EXT:
		/* Still pending at the PLIC: the host takes it after the switch. */
		break;
	default:
		__real_sbi_trap_handler(tcntx);
		return;
	}
	sm_interrupted(&tcntx->regs, host_sip);
}

struct sbi_trap_context *__wrap_sbi_trap_handler(struct sbi_trap_context *tcntx)
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
	    !enclave_may_call(regs->a7)) {
		regs->a0 = (ulong)SBI_ERR_DENIED;
		regs->mepc += 4;
		return tcntx;
	}
	return __real_sbi_trap_handler(tcntx);
}

/*
 * OpenSBI checks the physical buffers that S-mode hands it (DBCN, PMU
 * snapshot, SSE, MPXY, HSM start address) against the domain only, where
 * enclave memory is still plain S-mode RAM.  Narrow it: the host may not
 * name an EPM, an enclave may name only its own EPM and UTM.
 */
bool __wrap_sbi_domain_check_addr_range(const struct sbi_domain *dom,
					unsigned long addr, unsigned long size,
					unsigned long mode,
					unsigned long access_flags)
{
	if (!__real_sbi_domain_check_addr_range(dom, addr, size, mode,
						access_flags))
		return false;
	if (mode == PRV_M)
		return true;
	return sm_phys_range_allowed(addr, size ? size : 1);
}

bool __wrap_sbi_domain_check_addr(const struct sbi_domain *dom,
				  unsigned long addr, unsigned long mode,
				  unsigned long access_flags)
{
	if (!__real_sbi_domain_check_addr(dom, addr, mode, access_flags))
		return false;
	if (mode == PRV_M)
		return true;
	return sm_phys_range_allowed(addr, 1);
}

/* SSE events are the host's: never inject one into a running enclave. */
void __wrap_sbi_sse_process_pending_events(struct sbi_trap_regs *regs)
{
	struct sm_hart *h = sm_hart_this();

	if (h && h->enclave)
		return;
	__real_sbi_sse_process_pending_events(regs);
}
