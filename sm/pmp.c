// SPDX-License-Identifier: BSD-2-Clause
/*
 * The monitor owns every hart's PMP.  OpenSBI (re)programs PMP from its
 * domain on cold/warm boot, hart start, non-retentive resume and domain
 * switches; the link wraps sbi_hart_pmp_configure() so that each of those
 * programs the monitor's layout instead, which keeps what OpenSBI's domain
 * protects (see pmp_layout.c and docs/pmp.md).  A layout change that must
 * hold on other harts is published with a generation number and applied
 * everywhere, with acknowledgement, before the call that caused it returns.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/riscv_locks.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_domain.h>
#include <sbi/sbi_ecall_interface.h>
#include <sbi/sbi_hart.h>
#include <sbi/sbi_hfence.h>
#include <sbi/sbi_hsm.h>
#include <sbi/sbi_ipi.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_string.h>
#include "sm.h"
#include "sm_hooks.h"

static struct pmp_config pmp_config_data;
const struct pmp_config *pmp_cfg;
static unsigned int pmp_hw_count;
static u32 pmp_event = SBI_IPI_EVENT_MAX;

static spinlock_t pmp_lock = SPIN_LOCK_INITIALIZER;
static struct pmp_layout host_layout; /* under pmp_lock */
static struct pmp_toggle host_toggle; /* under pmp_lock */
static u64 host_gen = 1; /* written under pmp_lock, read without */

unsigned int pmp_budget(void)
{
	return pmp_config_data.budget;
}

/* OpenSBI's own translation of a domain region (sbi_hart.c), classified. */
static int pmp_rule_from_region(const struct sbi_domain_memregion *reg,
				bool smepmp, struct pmp_rule *r)
{
	ulong f = reg->flags;
	u8 su = 0;

	if (f & SBI_DOMAIN_MEMREGION_SU_READABLE)
		su |= PMP_CFG_R;
	if (f & SBI_DOMAIN_MEMREGION_SU_WRITABLE)
		su |= PMP_CFG_W;
	if (f & SBI_DOMAIN_MEMREGION_SU_EXECUTABLE)
		su |= PMP_CFG_X;

	r->base = reg->base;
	r->order = reg->order >= __riscv_xlen ? PMP_ORDER_ALL : reg->order;
	if (!smepmp) {
		/* Locked entries could never be moved again. */
		if (f & SBI_DOMAIN_MEMREGION_ENF_PERMISSIONS)
			return SM_E_NOT_IMPL;
		r->cfg = su;
	} else if (SBI_DOMAIN_MEMREGION_M_ONLY_ACCESS(f)) {
		r->cfg = PMP_CFG_L;
		if (f & SBI_DOMAIN_MEMREGION_M_READABLE)
			r->cfg |= PMP_CFG_R;
		if (f & SBI_DOMAIN_MEMREGION_M_WRITABLE)
			r->cfg |= PMP_CFG_W;
		if (f & SBI_DOMAIN_MEMREGION_M_EXECUTABLE)
			r->cfg |= PMP_CFG_X;
	} else if (SBI_DOMAIN_MEMREGION_SU_ONLY_ACCESS(f)) {
		r->cfg = su;
	} else {
		/* Shared regions use Smepmp's special encodings: keep them. */
		r->kind = PMP_RULE_SU_OTHER;
		r->cfg = 0;
		if (SBI_DOMAIN_MEMREGION_IS_SURW_MRW(f))
			r->cfg = PMP_CFG_W | PMP_CFG_X;
		else if (SBI_DOMAIN_MEMREGION_IS_SUR_MRW(f))
			r->cfg = PMP_CFG_W;
		else
			return SM_E_NOT_IMPL;
		return SM_OK;
	}

	if (r->order == PMP_ORDER_ALL && su == PMP_CFG_RWX)
		r->kind = PMP_RULE_CATCH_ALL;
	else if (!su)
		r->kind = PMP_RULE_M_ONLY;
	else if ((su & (PMP_CFG_R | PMP_CFG_W)) == (PMP_CFG_R | PMP_CFG_W))
		r->kind = PMP_RULE_SU_RW;
	else
		r->kind = PMP_RULE_SU_OTHER;
	return SM_OK;
}

/* Writes entry i only if it differs, never leaving a half-written entry. */
static void pmp_write_entry(unsigned int i, ulong addr, u8 cfg)
{
	int cfg_csr = CSR_PMPCFG0 + (i / 8) * 2;
	unsigned int shift = (i % 8) * 8;
	ulong cfgv = csr_read_num(cfg_csr);

	if (((cfgv >> shift) & 0xff) == cfg &&
	    csr_read_num(CSR_PMPADDR0 + i) == addr)
		return;
	cfgv &= ~(0xffUL << shift);
	csr_write_num(cfg_csr, cfgv);
	csr_write_num(CSR_PMPADDR0 + i, addr);
	csr_write_num(cfg_csr, cfgv | ((ulong)cfg << shift));
}

/* TLBs may cache permissions: sfence.vma, and hfence.gvma with H. */
static inline __attribute__((always_inline)) void
pmp_flush(const struct sm_hart *h)
{
	__asm__ __volatile__("sfence.vma" ::: "memory");
	if (h->f & SM_F_H)
		__asm__ __volatile__(".insn r 0x73, 0, 0x31, x0, x0, x0" /* hfence.gvma */
				     ::: "memory");
}

static void pmp_program(const struct pmp_layout *l)
{
	unsigned int i;

	if (pmp_config_data.smepmp)
		csr_set(CSR_MSECCFG, MSECCFG_RLB);
	for (i = 0; i < pmp_hw_count; i++) {
		if (i < l->count)
			pmp_write_entry(i, l->e[i].addr, l->e[i].cfg);
		else
			pmp_write_entry(i, 0, 0);
	}
	if (pmp_config_data.smepmp)
		csr_set(CSR_MSECCFG, MSECCFG_MML);
}

/*
 * The fast switch (pmp_layout.h): the enclave's entries into the slots,
 * every host entry that lets S/U in turned off.  M-mode is not bound by
 * these unlocked entries, so the order of the writes does not matter.
 */
static inline __attribute__((always_inline)) void
pmp_toggle_enclave(const struct pmp_toggle *t,
			       const struct pmp_slots *sl)
{
	ulong cfg = (t->host_cfg[0] & ~t->enclave_off[0]);
	unsigned int r;

	if (t->slot0 == 0) {
		csr_write(CSR_PMPADDR0, sl->addr[0]);
		csr_write(CSR_PMPADDR1, sl->addr[1]);
		csr_write(CSR_PMPCFG0,
			  cfg | sl->cfg[0] | ((ulong)sl->cfg[1] << 8));
	} else {
		/* Smepmp: the slots follow the locked prologue. */
		for (r = 0; r < PMP_ENCLAVE_SLOTS; r++) {
			unsigned int i = t->slot0 + r, sh = (i % 8) * 8;
			int c = CSR_PMPCFG0 + (i / 8) * 2;

			csr_write_num(CSR_PMPADDR0 + i, sl->addr[r]);
			csr_write_num(c, (csr_read_num(c) & ~(0xffUL << sh)) |
						 ((ulong)sl->cfg[r] << sh));
		}
		csr_write(CSR_PMPCFG0, csr_read(CSR_PMPCFG0) & ~t->enclave_off[0]);
	}
	if (t->ncfg > 1)
		csr_write(CSR_PMPCFG2, t->host_cfg[1] & ~t->enclave_off[1]);
	for (r = 2; r < t->ncfg; r++)
		csr_write_num(CSR_PMPCFG0 + 2 * r,
			      t->host_cfg[r] & ~t->enclave_off[r]);
}

static inline __attribute__((always_inline)) void
pmp_toggle_host(const struct pmp_toggle *t)
{
	unsigned int r;

	csr_write(CSR_PMPCFG0, t->host_cfg[0]);
	if (t->ncfg > 1)
		csr_write(CSR_PMPCFG2, t->host_cfg[1]);
	for (r = 2; r < t->ncfg; r++)
		csr_write_num(CSR_PMPCFG0 + 2 * r, t->host_cfg[r]);
}

/*
 * The whole layout for what this hart runs now: after a layout change, at
 * boot and hart start, and for an enclave that the slots cannot describe.
 */
void pmp_apply_current(struct sm_hart *h)
{
	struct sm_enclave *e = h->enclave;
	u64 gen;

	/* The host layout may be republished meanwhile: copy it under the lock. */
	spin_lock(&pmp_lock);
	gen = host_gen;
	if (!e || e->pmp_fast) {
		pmp_program(&host_layout);
		h->pmp_toggle = host_toggle;
	}
	spin_unlock(&pmp_lock);
	/* An enclave's own entries never change while it exists. */
	if (e && e->pmp_fast) {
		pmp_toggle_enclave(&h->pmp_toggle, &e->pmp_slots);
	} else if (e) {
		/* Built now (it fit the budget at CREATE): not kept per slot. */
		pmp_layout_enclave(&h->pmp_scratch, &pmp_config_data, &e->block,
				   &e->utm);
		pmp_program(&h->pmp_scratch);
	}
	pmp_flush(h);
	__atomic_store_n(&h->pmp_gen, gen, __ATOMIC_RELEASE);
}

/* Switches (h->enclave already set / cleared): no lock on the way. */
void pmp_enter(struct sm_hart *h, struct sm_enclave *e)
{
	if (!e->pmp_fast ||
	    __atomic_load_n(&host_gen, __ATOMIC_ACQUIRE) != h->pmp_gen) {
		pmp_apply_current(h);
		return;
	}
	pmp_toggle_enclave(&h->pmp_toggle, &e->pmp_slots);
	pmp_flush(h);
}

void pmp_leave(struct sm_hart *h, struct sm_enclave *e)
{
	if (!e->pmp_fast ||
	    __atomic_load_n(&host_gen, __ATOMIC_ACQUIRE) != h->pmp_gen) {
		pmp_apply_current(h);
		return;
	}
	pmp_toggle_host(&h->pmp_toggle);
	pmp_flush(h);
}

int pmp_host_build(struct pmp_layout *l, const struct sm_range *epms,
		   unsigned int n)
{
	return pmp_layout_host(l, &pmp_config_data, epms, n);
}

void pmp_host_publish(const struct pmp_layout *l)
{
	spin_lock(&pmp_lock);
	host_layout = *l;
	pmp_layout_toggle(l, pmp_layout_slot0(&pmp_config_data), &host_toggle);
	__atomic_store_n(&host_gen, host_gen + 1, __ATOMIC_RELEASE);
	spin_unlock(&pmp_lock);
}

static void pmp_ipi_process(struct sbi_scratch *scratch)
{
	struct sm_hart *h = sm_hart_this();

	if (h)
		pmp_apply_current(h);
}

static struct sbi_ipi_event_ops pmp_ipi_ops = {
	.name = "SM_PMP_SYNC",
	.process = pmp_ipi_process,
};

static bool hart_needs_sync(u32 i, u64 gen)
{
	struct sm_hart *h = sm_hart_at(i);

	/* A hart without S-mode (sifive_u's hart 0, JH7110's S7) never runs host code. */
	if (!h || !(h->f & SM_F_SMODE) ||
	    __atomic_load_n(&h->pmp_gen, __ATOMIC_ACQUIRE) >= gen)
		return false;
	/*
	 * A stopped (or stopping) hart runs no host code; OpenSBI calls
	 * sbi_hart_pmp_configure() on its way back, which applies the
	 * newest layout.
	 */
	switch (__sbi_hsm_hart_get_state(i)) {
	case SBI_HSM_STATE_STOPPED:
	case SBI_HSM_STATE_STOP_PENDING:
		return false;
	case SBI_HSM_STATE_START_PENDING:
		/*
		 * Still booting: it applies the newest layout on its way
		 * (see __wrap_sbi_hsm_hart_start_finish) unless it already
		 * passed that point, in which case it is about to be STARTED
		 * and will take our IPI.  A hart that never gets there (no
		 * S-mode, hung) is not waited for.
		 */
		return __atomic_load_n(&h->start_finishing, __ATOMIC_SEQ_CST);
	default:
		return true;
	}
}

/* The last step before a starting hart runs host code (sm_hooks.c). */
void pmp_start_finish(void)
{
	struct sm_hart *h = sm_hart_this();

	if (h && pmp_cfg) {
		__atomic_store_n(&h->start_finishing, true, __ATOMIC_SEQ_CST);
		pmp_apply_current(h);
	}
}

/*
 * Every hart that can run host code has applied the current host layout
 * when this returns.  It spins with interrupts off, so it serves this
 * hart's own pending IPIs meanwhile: another hart may be waiting for us
 * (a TLB flush, or its own PMP sync) while we wait for it.
 */
void pmp_sync_all(void)
{
	struct sm_hart *me = sm_hart_this();
	u64 gen;
	u32 i;
	bool pending;
	unsigned long spins = 0;

	spin_lock(&pmp_lock);
	gen = host_gen;
	spin_unlock(&pmp_lock);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	sbi_ipi_send_many(0, -1UL, pmp_event, NULL);
	do {
		if (csr_read(CSR_MIP) & MIP_MSIP)
			sbi_ipi_process();
		if (__atomic_load_n(&me->pmp_gen, __ATOMIC_ACQUIRE) < gen)
			pmp_apply_current(me);
		pending = false;
		for (i = 0; i <= sbi_scratch_last_hartindex(); i++) {
			if (!hart_needs_sync(i, gen))
				continue;
			pending = true;
			/*
			 * A hart that was starting when we sent may have read
			 * an older layout: poke the laggards again now and then.
			 */
			if (!(++spins & 0xfff))
				sbi_ipi_send_many(1UL, sbi_hartindex_to_hartid(i),
						  pmp_event, NULL);
		}
	} while (pending);
}

int pmp_configure(struct sbi_scratch *scratch)
{
	struct sm_hart *h = sm_hart_this();

	if (!pmp_cfg || !h)
		return __real_sbi_hart_pmp_configure(scratch);
	/* Warm boot, hart start or resume: features are probed by now. */
	sm_hart_init(false);
	if (sbi_hart_pmp_count(scratch) < pmp_hw_count)
		sbi_printf("sm: hart %u has fewer PMP entries than the boot hart\n",
			   current_hartid());
	pmp_apply_current(h);
	return 0;
}

/*
 * The reset devices (sm_reset.c) become M-only rules, in front of every
 * domain rule so that they win over OpenSBI's S/U read-write region for
 * the same device and over the catch-all.  A rule is one NAPOT region:
 * the smallest aligned power of two that covers the device.
 */
static bool pmp_rule_known(const struct pmp_config *c, const struct pmp_rule *r)
{
	unsigned int i;

	for (i = 0; i < c->nrules; i++)
		if (c->rules[i].kind == PMP_RULE_M_ONLY &&
		    c->rules[i].base == r->base && c->rules[i].order == r->order)
			return true;
	return false;
}

static int pmp_add_reset_devices(struct pmp_config *c)
{
	struct sm_range reg;
	struct pmp_rule r;
	unsigned int i, order;

	for (i = 0; sm_reset_device(i, &reg); i++) {
		for (order = 12; order < 40; order++) {
			u64 base = reg.base & ~((1ULL << order) - 1);

			if (sm_range_contains(base, 1ULL << order, reg.base,
					      reg.size))
				break;
		}
		if (order >= 40 || c->nrules >= PMP_RULES_MAX) {
			sbi_printf("sm: reset device 0x%lx cannot be taken from the OS\n",
				   (ulong)reg.base);
			return SM_E_NO_RESOURCE;
		}
		r.base = reg.base & ~((1ULL << order) - 1);
		r.order = order;
		/* reboot and poweroff usually share one syscon */
		if (pmp_rule_known(c, &r))
			continue;
		r.kind = PMP_RULE_M_ONLY;
		/* With Smepmp, M keeps read/write through a locked M-only rule. */
		r.cfg = c->smepmp ? (PMP_CFG_L | PMP_CFG_R | PMP_CFG_W) : 0;
		sbi_memmove(&c->rules[1], &c->rules[0],
			    c->nrules * sizeof(c->rules[0]));
		c->rules[0] = r;
		c->nrules++;
	}
	return SM_OK;
}

int pmp_init(bool cold)
{
	struct sbi_scratch *scratch = sbi_scratch_thishart_ptr();
	struct sbi_domain_memregion *reg;
	struct pmp_config *c = &pmp_config_data;
	unsigned int used;
	int rc;

	if (!cold)
		return SM_OK;

	pmp_hw_count = sbi_hart_pmp_count(scratch);
	c->smepmp = sbi_hart_has_extension(scratch, SBI_HART_EXT_SMEPMP);
	c->budget = pmp_hw_count;
	if (SM_PMP_MAX && SM_PMP_MAX < c->budget)
		c->budget = SM_PMP_MAX;
	if (pmp_hw_count > PMP_LAYOUT_MAX || !c->budget) {
		sbi_printf("sm: unusable PMP (%u entries)\n", pmp_hw_count);
		return SM_E_NOT_IMPL;
	}
	if (sbi_hart_pmp_log2gran(scratch) > 12) {
		sbi_printf("sm: PMP granularity above 4 KiB\n");
		return SM_E_NOT_IMPL;
	}

	sbi_domain_for_each_memregion(&root, reg) {
		if (c->nrules >= PMP_RULES_MAX)
			return SM_E_NO_RESOURCE;
		rc = pmp_rule_from_region(reg, c->smepmp,
					  &c->rules[c->nrules]);
		if (rc) {
			sbi_printf("sm: unsupported domain region 0x%lx\n",
				   reg->base);
			return rc;
		}
		c->nrules++;
	}

	rc = pmp_add_reset_devices(c);
	if (rc)
		return rc;
	pmp_rules_merge(c);

	rc = pmp_host_build(&host_layout, NULL, 0);
	if (rc) {
		sbi_printf("sm: OpenSBI's regions do not fit %u PMP entries\n",
			   c->budget);
		return SM_E_NO_RESOURCE;
	}
	used = host_layout.count;
	pmp_layout_toggle(&host_layout, pmp_layout_slot0(c), &host_toggle);

	rc = sbi_ipi_event_create(&pmp_ipi_ops);
	if (rc < 0)
		return SM_E_NO_RESOURCE;
	pmp_event = rc;
	pmp_cfg = c;
	sbi_printf("sm: PMP: %u entries on this hart, budget %u%s, %u for OpenSBI's domain and %u enclave slots, %u free for EPMs%s\n",
		   pmp_hw_count, c->budget, SM_PMP_MAX ? " (capped)" : "",
		   used - PMP_ENCLAVE_SLOTS, PMP_ENCLAVE_SLOTS, c->budget - used,
		   c->smepmp ? " (Smepmp)" : "");
	return SM_OK;
}
