// SPDX-License-Identifier: BSD-2-Clause
/*
 * Context switches between the host and an enclave on one hart.
 *
 * General registers are never copied: the host's stay in the frame
 * OpenSBI's vector saved when it called RUN/RESUME, the enclave's are
 * saved and restored by the enclave vector (sm_vector.S) in its own
 * context.  A switch moves everything else a side can write, as listed by
 * the hart's features (sm_hart.f, derived from its ISA in sm_hart.c):
 *
 *   always        stvec sscratch sepc scause stval satp scounteren,
 *                 S-level interrupt enables and software-pending bits,
 *                 mstatus SIE SPIE SPP FS VS SUM MXR UBE and MPP
 *   SM_F_ENVCFG   senvcfg
 *   SM_F_STATEEN  sstateen0 (and hstateen0 with H)
 *   SM_F_SCONTEXT scontext; SM_F_HCONTEXT hcontext
 *   SM_F_SSTC     stimecmp (sm_timer.c), vstimecmp with H
 *   SM_F_H        mstatus MPV GVA, every H and VS CSR; G-stage TLB flush
 *   SM_F_FPU      f0-f31, fcsr
 *
 * A hart with anything else S-visible (V, AIA, ...) runs no enclave.
 * Nothing of one side may remain visible to the other.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_string.h>
#include <sbi/sbi_trap.h>
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
 * in (MPP, and MPV/GVA with H).  An enclave is interrupted in S-mode or in
 * its app's U-mode (or, with H, in VS/VU-mode) and must be resumed there;
 * the host always leaves from HS-mode (its ecall), so it gets back exactly
 * that and can never be returned into a mode the enclave chose.
 */
#define SM_SIDE_MSTATUS \
	(SM_SSTATUS_MASK | MSTATUS_MPP | MSTATUS_MPV | MSTATUS_GVA)
#define SM_MPP_S ((ulong)PRV_S << MSTATUS_MPP_SHIFT)
/*
 * An enclave starts with cycle, time and instret readable from its U-mode
 * (rdcycle/rdtime/rdinstret, as Keystone's apps expect) without inheriting
 * anything from the host; it may change scounteren itself.
 */
#define SM_ENCLAVE_SCOUNTEREN 0x7UL
/* S-level interrupts the monitor multiplexes between the sides. */
#define SM_S_SOFT_PENDING (MIP_SSIP | MIP_STIP)
/*
 * The host's own interrupts: while an enclave runs they are not delegated,
 * so they reach M-mode, stop the enclave and stay pending for the host.
 */
#define SM_HOST_IRQS (MIP_SEIP | MIP_LCOFIP)

static inline __attribute__((always_inline)) void save_scsrs(ulong f, struct sm_csrs *c)
{
	c->stvec = csr_read(CSR_STVEC);
	c->sscratch = csr_read(CSR_SSCRATCH);
	c->sepc = csr_read(CSR_SEPC);
	c->scause = csr_read(CSR_SCAUSE);
	c->stval = csr_read(CSR_STVAL);
	c->satp = csr_read(CSR_SATP);
	c->scounteren = csr_read(CSR_SCOUNTEREN);
	if (f & SM_F_ENVCFG)
		c->senvcfg = csr_read(CSR_SENVCFG);
	if (f & SM_F_RARE) {
		if (f & SM_F_STATEEN)
			c->sstateen0 = csr_read(CSR_SSTATEEN0);
		if (f & SM_F_SCONTEXT)
			c->scontext = csr_read(CSR_SCONTEXT);
	}
}

static inline __attribute__((always_inline)) void load_scsrs(ulong f, const struct sm_csrs *c)
{
	csr_write(CSR_STVEC, c->stvec);
	csr_write(CSR_SSCRATCH, c->sscratch);
	csr_write(CSR_SEPC, c->sepc);
	csr_write(CSR_SCAUSE, c->scause);
	csr_write(CSR_STVAL, c->stval);
	csr_write(CSR_SATP, c->satp);
	csr_write(CSR_SCOUNTEREN, c->scounteren);
	if (f & SM_F_ENVCFG)
		csr_write(CSR_SENVCFG, c->senvcfg);
	if (f & SM_F_RARE) {
		if (f & SM_F_STATEEN)
			csr_write(CSR_SSTATEEN0, c->sstateen0);
		if (f & SM_F_SCONTEXT)
			csr_write(CSR_SCONTEXT, c->scontext);
	}
}

/* Hypervisor state: after the mie/mip writes (hie/hvip alias their VS bits). */
static inline __attribute__((always_inline)) void save_hcsrs(ulong f, struct sm_hctx *c)
{
	c->hstatus = csr_read(CSR_HSTATUS);
	c->hedeleg = csr_read(CSR_HEDELEG);
	c->hideleg = csr_read(CSR_HIDELEG);
	c->hie = csr_read(CSR_HIE);
	c->hcounteren = csr_read(CSR_HCOUNTEREN);
	c->htval = csr_read(CSR_HTVAL);
	c->hvip = csr_read(CSR_HVIP);
	c->htinst = csr_read(CSR_HTINST);
	c->hgatp = csr_read(CSR_HGATP);
	c->htimedelta = csr_read(CSR_HTIMEDELTA);
	c->vsstatus = csr_read(CSR_VSSTATUS);
	c->vsie = csr_read(CSR_VSIE);
	c->vstvec = csr_read(CSR_VSTVEC);
	c->vsscratch = csr_read(CSR_VSSCRATCH);
	c->vsepc = csr_read(CSR_VSEPC);
	c->vscause = csr_read(CSR_VSCAUSE);
	c->vstval = csr_read(CSR_VSTVAL);
	c->vsatp = csr_read(CSR_VSATP);
	if (f & SM_F_ENVCFG)
		c->henvcfg = csr_read(CSR_HENVCFG);
	if (f & SM_F_SSTC)
		c->vstimecmp = csr_read(CSR_VSTIMECMP);
	if (f & SM_F_RARE) {
		if (f & SM_F_STATEEN)
			c->hstateen0 = csr_read(CSR_HSTATEEN0);
		if (f & SM_F_HCONTEXT)
			c->hcontext = csr_read(CSR_HCONTEXT);
	}
}

static inline __attribute__((always_inline)) void load_hcsrs(ulong f, const struct sm_hctx *c)
{
	csr_write(CSR_HSTATUS, c->hstatus);
	csr_write(CSR_HEDELEG, c->hedeleg);
	csr_write(CSR_HIDELEG, c->hideleg);
	csr_write(CSR_HIE, c->hie);
	csr_write(CSR_HCOUNTEREN, c->hcounteren);
	csr_write(CSR_HTVAL, c->htval);
	csr_write(CSR_HVIP, c->hvip);
	csr_write(CSR_HTINST, c->htinst);
	csr_write(CSR_HGATP, c->hgatp);
	csr_write(CSR_HTIMEDELTA, c->htimedelta);
	csr_write(CSR_VSSTATUS, c->vsstatus);
	csr_write(CSR_VSIE, c->vsie);
	csr_write(CSR_VSTVEC, c->vstvec);
	csr_write(CSR_VSSCRATCH, c->vsscratch);
	csr_write(CSR_VSEPC, c->vsepc);
	csr_write(CSR_VSCAUSE, c->vscause);
	csr_write(CSR_VSTVAL, c->vstval);
	csr_write(CSR_VSATP, c->vsatp);
	if (f & SM_F_ENVCFG)
		csr_write(CSR_HENVCFG, c->henvcfg);
	if (f & SM_F_SSTC)
		csr_write(CSR_VSTIMECMP, c->vstimecmp);
	if (f & SM_F_RARE) {
		if (f & SM_F_STATEEN)
			csr_write(CSR_HSTATEEN0, c->hstateen0);
		if (f & SM_F_HCONTEXT)
			csr_write(CSR_HCONTEXT, c->hcontext);
	}
}

/* Spec, "First RUN": only a1-a7 carry the layout, everything else is 0. */
static void fresh_ctx(struct sm_enclave *e)
{
	struct sm_ctx *c = e->ctx;
	struct sbi_trap_regs *r = &c->tc.regs;

	/* A context comes zeroed (sm_enclave.c erases it when it goes back). */
	c->saved = false;
	r->a1 = e->args.epm_paddr;
	r->a2 = e->args.epm_size;
	r->a3 = e->args.runtime_paddr;
	r->a4 = e->args.user_paddr;
	r->a5 = e->args.free_paddr;
	r->a6 = e->args.utm_paddr;
	r->a7 = e->args.utm_size;
	r->mepc = e->args.epm_paddr;
	r->mstatus = SM_FS_INITIAL | SM_MPP_S;
	c->c.scounteren = SM_ENCLAVE_SCOUNTEREN;
	c->c.h.vstimecmp = -1ULL;
	e->deadline = ~0ULL;
}

/*
 * FS = Initial declares the FP registers in their initial state (zero):
 * such a side's registers are not saved, and come back zeroed.  A side
 * that set Initial over live values loses only its own.
 */
static inline bool fp_initial(ulong mstatus)
{
	return (mstatus & MSTATUS_FS) == SM_FS_INITIAL;
}

/* mstatus to resume a side with: the hart's M-level bits, its own fields. */
static ulong side_mstatus(ulong side)
{
	return (csr_read(CSR_MSTATUS) & ~(SM_SIDE_MSTATUS | MSTATUS_MPRV)) |
	       (side & SM_SIDE_MSTATUS);
}

/*
 * The host called RUN/RESUME; regs is its frame (h->host_tc).  Enters the
 * enclave and does not return: the host gets its answer when the enclave
 * leaves (sm_ctx_leave), through the same frame.
 */
void __noreturn sm_ctx_enter(struct sm_hart *h, struct sbi_trap_regs *regs,
			     struct sm_enclave *e, bool fresh)
{
	struct sm_csrs *hc = &h->host, *ec = &e->ctx->c;
	const ulong f = h->f; /* a register: CSR accesses clobber memory */

	/* M-mode needs the FPU on to move FP state. */
	csr_set(CSR_MSTATUS, MSTATUS_FS);

	regs->mepc += 4;
	h->host_mstatus = regs->mstatus & SM_SIDE_MSTATUS;
	save_scsrs(f, hc);
	if (f & SM_F_H)
		save_hcsrs(f, &hc->h);
	h->host_mie = csr_read(CSR_MIE);
	h->host_mideleg = csr_read(CSR_MIDELEG);
	/* Under Sstc, STIP follows stimecmp, which sm_timer saves. */
	hc->sip = csr_read(CSR_MIP) &
		  ((f & SM_F_SSTC) ? MIP_SSIP : SM_S_SOFT_PENDING);
	if ((f & SM_F_FPU) && !fp_initial(h->host_mstatus))
		sm_fp_save(hc->fp);

	if (fresh)
		fresh_ctx(e);

	csr_write(CSR_MIDELEG, h->host_mideleg & ~SM_HOST_IRQS);
	csr_write(CSR_MIE, (h->host_mie & ~(SM_S_SOFT_PENDING | SM_HOST_IRQS |
					    MIP_MTIP)) |
				   (ec->sie & SM_S_SOFT_PENDING) | MIP_SEIP |
				   (h->host_mie & MIP_LCOFIP));
	sm_timer_enter(h, e); /* after this STIP is software-owned */
	csr_clear(CSR_MIP, SM_S_SOFT_PENDING);
	csr_set(CSR_MIP, ec->sip & SM_S_SOFT_PENDING);

	load_scsrs(f, ec);
	if (f & SM_F_H)
		load_hcsrs(f, &ec->h);
	if (f & SM_F_FPU) {
		if (fp_initial(e->ctx->tc.regs.mstatus))
			sm_fp_clear();
		else
			sm_fp_restore(ec->fp);
	}

	h->enclave = e;
	h->enclave_tc = &e->ctx->tc;
	pmp_enter(h, e); /* also flushes the TLBs */

	e->ctx->tc.regs.mstatus = side_mstatus(e->ctx->tc.regs.mstatus);
	csr_write(CSR_MTVEC, h->enclave_mtvec);
	/*
	 * OpenSBI's current trap context: none while the enclave runs (the
	 * host's call did not come through sbi_trap_handler()).
	 */
	sbi_trap_set_context(sbi_scratch_thishart_ptr(), NULL);
	sm_vector_resume(&e->ctx->tc);
}

/*
 * Back to the host: the enclave's registers are in its context (mepc
 * already where it must resume).  host_sip: host interrupts that became
 * pending meanwhile.  The enclave vector then resumes h->host_tc.
 */
void sm_ctx_leave(struct sm_hart *h, struct sm_enclave *e, ulong a0, ulong a1,
		  ulong host_sip, bool keep)
{
	struct sm_csrs *hc = &h->host, *ec = &e->ctx->c;
	struct sbi_trap_regs *hr = &h->host_tc->regs;
	const ulong f = h->f;

	csr_set(CSR_MSTATUS, MSTATUS_FS);

	/* An enclave that exited runs no more: nothing to keep (keep false). */
	if (keep) {
		e->ctx->saved = true;
		save_scsrs(f, ec);
		if (f & SM_F_H)
			save_hcsrs(f, &ec->h);
		ec->sie = csr_read(CSR_MIE) & SM_S_SOFT_PENDING;
		ec->sip = csr_read(CSR_MIP) & SM_S_SOFT_PENDING;
		if ((f & SM_F_FPU) && !fp_initial(e->ctx->tc.regs.mstatus))
			sm_fp_save(ec->fp);
	}
	csr_clear(CSR_MIP, SM_S_SOFT_PENDING);

	csr_write(CSR_MIE, h->host_mie & ~MIP_MTIP);
	csr_write(CSR_MIDELEG, h->host_mideleg);
	sm_timer_leave(h, e);
	csr_set(CSR_MIP, (hc->sip | host_sip) &
				 ((f & SM_F_SSTC) ? MIP_SSIP
						     : SM_S_SOFT_PENDING));

	load_scsrs(f, hc);
	if (f & SM_F_H)
		load_hcsrs(f, &hc->h);
	if (f & SM_F_FPU) {
		if (fp_initial(h->host_mstatus))
			sm_fp_clear();
		else
			sm_fp_restore(hc->fp);
	}
	hr->a0 = a0;
	hr->a1 = a1;
	hr->mstatus = side_mstatus(h->host_mstatus);

	csr_write(CSR_MTVEC, h->host_mtvec);
	h->enclave = NULL;
	h->enclave_tc = NULL;
	pmp_leave(h, e);
}
