// SPDX-License-Identifier: BSD-2-Clause
/*
 * Context switches between the host and an enclave on one hart.
 *
 * OpenSBI restores the interrupted side from the trap frame it hands us
 * (firmware/fw_base.S), so a switch rewrites that frame in place: the
 * general registers, mepc and mstatus's S-mode fields, plus every S-mode
 * CSR, the FPU and the S-level interrupt state.  Nothing of one side may
 * remain visible to the other.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_string.h>
#include "sm.h"

void sm_fp_save(u64 *fp);
void sm_fp_restore(const u64 *fp);
void sm_fp_clear(void);

/* The S-mode view of mstatus (sstatus). */
#define SM_SSTATUS_MASK                                                   \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_VS | \
	 MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UBE)
#define SM_FS_INITIAL (MSTATUS_FS & (MSTATUS_FS >> 1))
/*
 * What a side's saved mstatus holds: its sstatus view plus the mode it was
 * in (MPP).  An enclave is interrupted in S-mode or in its app's U-mode and
 * must be resumed in that mode; the host always leaves from S (its ecall).
 */
#define SM_SIDE_MSTATUS (SM_SSTATUS_MASK | MSTATUS_MPP)
#define SM_MPP_S ((ulong)PRV_S << MSTATUS_MPP_SHIFT)
/*
 * An enclave starts with cycle, time and instret readable from its U-mode
 * (rdcycle/rdtime/rdinstret, as Keystone's apps expect) without inheriting
 * anything from the host; it may change scounteren itself.
 */
#define SM_ENCLAVE_SCOUNTEREN 0x7UL
/* S-level interrupt enables and the pending bits software may set. */
#define SM_S_IRQS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define SM_S_SOFT_PENDING (MIP_SSIP | MIP_STIP)

static void save_scsrs(const struct sm_hart *h, struct sm_ctx *c)
{
	c->stvec = csr_read(CSR_STVEC);
	c->sscratch = csr_read(CSR_SSCRATCH);
	c->sepc = csr_read(CSR_SEPC);
	c->scause = csr_read(CSR_SCAUSE);
	c->stval = csr_read(CSR_STVAL);
	c->satp = csr_read(CSR_SATP);
	c->scounteren = csr_read(CSR_SCOUNTEREN);
	if (h->envcfg)
		c->senvcfg = csr_read(CSR_SENVCFG);
}

static void load_scsrs(const struct sm_hart *h, const struct sm_ctx *c)
{
	csr_write(CSR_STVEC, c->stvec);
	csr_write(CSR_SSCRATCH, c->sscratch);
	csr_write(CSR_SEPC, c->sepc);
	csr_write(CSR_SCAUSE, c->scause);
	csr_write(CSR_STVAL, c->stval);
	csr_write(CSR_SATP, c->satp);
	csr_write(CSR_SCOUNTEREN, c->scounteren);
	if (h->envcfg)
		csr_write(CSR_SENVCFG, c->senvcfg);
}

/* Spec, "First RUN": only a0-a7 carry the layout, everything else is 0. */
static void fresh_ctx(struct sm_enclave *e)
{
	struct sm_ctx *c = &e->ctx;

	sbi_memset(c, 0, sizeof(*c));
	c->gpr[11] = e->args.epm_paddr;
	c->gpr[12] = e->args.epm_size;
	c->gpr[13] = e->args.runtime_paddr;
	c->gpr[14] = e->args.user_paddr;
	c->gpr[15] = e->args.free_paddr;
	c->gpr[16] = e->args.utm_paddr;
	c->gpr[17] = e->args.utm_size;
	c->mepc = e->args.epm_paddr;
	c->mstatus = SM_FS_INITIAL | SM_MPP_S;
	c->scounteren = SM_ENCLAVE_SCOUNTEREN;
	e->deadline = ~0ULL;
}

static void load_side(struct sbi_trap_regs *regs, const struct sm_ctx *c)
{
	sbi_memcpy(regs, c->gpr, sizeof(c->gpr));
	regs->zero = 0;
	regs->mepc = c->mepc;
	regs->mstatus &= ~(SM_SIDE_MSTATUS | MSTATUS_MPRV);
	regs->mstatus |= c->mstatus & SM_SIDE_MSTATUS;
}

static void save_side(struct sm_ctx *c, const struct sbi_trap_regs *regs)
{
	sbi_memcpy(c->gpr, regs, sizeof(c->gpr));
	c->mepc = regs->mepc;
	/* Traps from M-mode never switch sides: MPP is S or U here. */
	c->mstatus = regs->mstatus & SM_SIDE_MSTATUS;
}

/* The host called RUN/RESUME (regs->mepc at its ecall). */
void sm_ctx_enter(struct sm_hart *h, struct sbi_trap_regs *regs,
		  struct sm_enclave *e, bool fresh)
{
	struct sm_ctx *hc = &h->host, *ec = &e->ctx;

	/* M-mode needs the FPU on to move FP state. */
	csr_set(CSR_MSTATUS, MSTATUS_FS);

	save_side(hc, regs);
	hc->mepc += 4;
	save_scsrs(h, hc);
	h->host_mie = csr_read(CSR_MIE);
	h->host_mideleg = csr_read(CSR_MIDELEG);
	/* Under Sstc, STIP follows stimecmp, which sm_timer saves. */
	hc->sip = csr_read(CSR_MIP) & (h->sstc ? MIP_SSIP : SM_S_SOFT_PENDING);
	if (h->fpu)
		sm_fp_save(hc->fp);

	if (fresh)
		fresh_ctx(e);

	/*
	 * External interrupts stay with M while the enclave runs, so that
	 * one stops it and reaches the host (spec: INTERRUPTED).
	 */
	csr_write(CSR_MIDELEG, h->host_mideleg & ~MIP_SEIP);
	csr_write(CSR_MIE, (h->host_mie & ~(SM_S_IRQS | MIP_MTIP)) |
				   (ec->sie & SM_S_SOFT_PENDING) | MIP_SEIP);
	sm_timer_enter(h, e); /* after this STIP is software-owned */
	csr_clear(CSR_MIP, SM_S_SOFT_PENDING);
	csr_set(CSR_MIP, ec->sip & SM_S_SOFT_PENDING);

	load_side(regs, ec);
	load_scsrs(h, ec);
	if (h->fpu) {
		if (fresh)
			sm_fp_clear();
		else
			sm_fp_restore(ec->fp);
	}

	h->enclave = e;
	pmp_apply_current(h); /* also flushes the TLB */
}

/*
 * Back to the host: regs hold the enclave (mepc already where it must
 * resume).  host_sip: host interrupts that became pending meanwhile.
 */
void sm_ctx_leave(struct sm_hart *h, struct sbi_trap_regs *regs,
		  struct sm_enclave *e, ulong a0, ulong a1, ulong host_sip)
{
	struct sm_ctx *hc = &h->host, *ec = &e->ctx;

	csr_set(CSR_MSTATUS, MSTATUS_FS);

	save_side(ec, regs);
	save_scsrs(h, ec);
	ec->sie = csr_read(CSR_MIE) & SM_S_SOFT_PENDING;
	ec->sip = csr_read(CSR_MIP) & SM_S_SOFT_PENDING;
	if (h->fpu)
		sm_fp_save(ec->fp);
	csr_clear(CSR_MIP, SM_S_SOFT_PENDING);

	csr_write(CSR_MIE, h->host_mie & ~MIP_MTIP);
	csr_write(CSR_MIDELEG, h->host_mideleg);
	sm_timer_leave(h, e);
	csr_set(CSR_MIP, (hc->sip | host_sip) &
				 (h->sstc ? MIP_SSIP : SM_S_SOFT_PENDING));

	load_side(regs, hc);
	load_scsrs(h, hc);
	if (h->fpu)
		sm_fp_restore(hc->fp);
	regs->a0 = a0;
	regs->a1 = a1;

	h->enclave = NULL;
	pmp_apply_current(h);
}
