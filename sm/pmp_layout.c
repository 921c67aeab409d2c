// SPDX-License-Identifier: BSD-2-Clause
/*
 * PMP layout builder.  Layouts are rebuilt from scratch (they are small) so
 * that no state can drift between harts: a hart's PMP is always a pure
 * function of the global enclave table and OpenSBI's domain.
 */
#include "pmp_layout.h"

void pmp_layout_init(struct pmp_layout *l)
{
	sm_memset(l, 0, sizeof(*l));
}

static int push(struct pmp_layout *l, ulong addr, u8 cfg, unsigned int budget)
{
	if (l->count >= budget || l->count >= PMP_LAYOUT_MAX)
		return PMP_ENOSPC;
	l->e[l->count].addr = addr;
	l->e[l->count].cfg = cfg;
	l->count++;
	return 0;
}

static bool is_pow2(u64 x)
{
	return x && !(x & (x - 1));
}

int pmp_layout_add_range(struct pmp_layout *l, u64 base, u64 size, u8 perm,
			 unsigned int budget)
{
	unsigned int need;
	bool reuse_base;

	if (!sm_range_valid(base, size) || (base & 3) || (size & 3))
		return PMP_EINVAL;
	perm &= PMP_CFG_RWX | PMP_CFG_L;

	if (size >= 8 && is_pow2(size) && !(base & (size - 1)))
		return push(l, (base >> 2) | ((size >> 3) - 1),
			    perm | PMP_CFG_A_NAPOT, budget);

	/*
	 * TOR takes its bottom from the previous entry's address: reuse it
	 * when it already equals our base (adjacent ranges, or base 0 on the
	 * first entry), otherwise spend an OFF entry on it.
	 */
	reuse_base = l->count ? l->e[l->count - 1].addr == (base >> 2) &&
				(l->e[l->count - 1].cfg & PMP_CFG_A_MASK) ==
					PMP_CFG_A_TOR
			      : base == 0;
	need = reuse_base ? 1 : 2;
	if (l->count + need > budget || l->count + need > PMP_LAYOUT_MAX)
		return PMP_ENOSPC;
	if (!reuse_base)
		push(l, base >> 2, 0, budget);
	return push(l, (base + size) >> 2, perm | PMP_CFG_A_TOR, budget);
}

int pmp_layout_add_rule(struct pmp_layout *l, const struct pmp_rule *r,
			unsigned int budget)
{
	if (r->order >= PMP_ORDER_ALL)
		return push(l, ~0UL, r->cfg | PMP_CFG_A_NAPOT, budget);
	if (r->order < 3)
		return PMP_EINVAL;
	return pmp_layout_add_range(l, r->base, 1ULL << r->order, r->cfg,
				    budget);
}

static int add_rules(struct pmp_layout *l, const struct pmp_config *c,
		     bool (*want)(const struct pmp_rule *r))
{
	unsigned int i;
	int rc;

	for (i = 0; i < c->nrules; i++) {
		if (!want(&c->rules[i]))
			continue;
		rc = pmp_layout_add_rule(l, &c->rules[i], c->budget);
		if (rc)
			return rc;
	}
	return 0;
}

static bool rule_m_only(const struct pmp_rule *r)
{
	return r->kind == PMP_RULE_M_ONLY;
}

static bool rule_host_rest(const struct pmp_rule *r)
{
	return r->kind == PMP_RULE_SU_OTHER || r->kind == PMP_RULE_CATCH_ALL;
}

static bool rule_host_all(const struct pmp_rule *r)
{
	return r->kind != PMP_RULE_SU_RW;
}

/*
 * Smepmp: entry 0 stays free for OpenSBI's sbi_hart_map_saddr(), and the
 * locked M-only entries sit at the same low indices in every layout, so a
 * switch never rewrites (or momentarily drops) the rule that lets M-mode
 * execute its own code.
 */
static int prologue(struct pmp_layout *l, const struct pmp_config *c)
{
	pmp_layout_init(l);
	if (!c->smepmp)
		return 0;
	if (push(l, 0, 0, c->budget))
		return PMP_ENOSPC;
	return add_rules(l, c, rule_m_only);
}

int pmp_layout_host(struct pmp_layout *l, const struct pmp_config *c,
		    const struct sm_range *epms, unsigned int nepm)
{
	unsigned int i;
	int rc = prologue(l, c);

	if (rc)
		return rc;
	/* The enclave slots, off: before the denies, which include its EPM. */
	for (i = 0; i < PMP_ENCLAVE_SLOTS; i++)
		if (push(l, 0, 0, c->budget))
			return PMP_ENOSPC;
	/* Denies first: they must win over OpenSBI's catch-all. */
	for (i = 0; i < nepm; i++) {
		rc = pmp_layout_add_range(l, epms[i].base, epms[i].size, 0,
					  c->budget);
		if (rc)
			return rc;
	}
	return add_rules(l, c, c->smepmp ? rule_host_rest : rule_host_all);
}

int pmp_layout_enclave(struct pmp_layout *l, const struct pmp_config *c,
		       const struct sm_range *epm, const struct sm_range *utm)
{
	int rc = prologue(l, c);

	if (rc)
		return rc;
	rc = pmp_layout_add_range(l, epm->base, epm->size, PMP_CFG_RWX,
				  c->budget);
	if (rc)
		return rc;
	if (utm->size)
		rc = pmp_layout_add_range(l, utm->base, utm->size,
					  PMP_CFG_R | PMP_CFG_W, c->budget);
	/*
	 * Without Smepmp nothing else is needed: S/U accesses that match no
	 * entry fail, and M-mode is not bound by unlocked entries.
	 */
	return rc;
}

bool pmp_layout_decode(const struct pmp_layout *l, unsigned int i, u64 *base,
		       u64 *size)
{
	const struct pmp_entry *e;
	ulong a, ones;

	if (i >= l->count)
		return false;
	e = &l->e[i];
	switch (e->cfg & PMP_CFG_A_MASK) {
	case PMP_CFG_A_NAPOT:
		a = e->addr;
		if (a == ~0UL) {
			*base = 0;
			*size = 0; /* whole address space */
			return true;
		}
		ones = 0;
		while (a & 1) {
			a >>= 1;
			ones++;
		}
		*size = 1ULL << (ones + 3);
		*base = (e->addr & ~((1UL << ones) - 1)) << 2;
		return true;
	case PMP_CFG_A_TOR:
		*base = i ? (u64)l->e[i - 1].addr << 2 : 0;
		*size = ((u64)e->addr << 2) - *base;
		return true;
	default:
		return false;
	}
}

unsigned int pmp_layout_slot0(const struct pmp_config *c)
{
	struct pmp_layout l;

	/* The prologue: Smepmp's entry 0 and locked M-only rules, or nothing. */
	if (prologue(&l, c))
		return 0;
	return l.count;
}

static bool grants_su(u8 cfg, bool smepmp)
{
	if (!(cfg & PMP_CFG_A_MASK))
		return false;
	/* Under Smepmp a locked entry is M-only (or shared, kept as is). */
	if (smepmp && (cfg & PMP_CFG_L))
		return false;
	return cfg & PMP_CFG_RWX;
}

void pmp_layout_toggle(const struct pmp_layout *host, unsigned int slot0,
		       struct pmp_toggle *t)
{
	unsigned int i, r, sh;
	bool smepmp = slot0 != 0;

	sm_memset(t, 0, sizeof(*t));
	t->slot0 = slot0;
	t->ncfg = (host->count + 7) / 8;
	for (i = 0; i < host->count; i++) {
		r = i / 8;
		sh = (i % 8) * 8;
		t->host_cfg[r] |= (ulong)host->e[i].cfg << sh;
		if (i >= slot0 && i < slot0 + PMP_ENCLAVE_SLOTS)
			continue;
		if (grants_su(host->e[i].cfg, smepmp))
			t->enclave_off[r] |= 0xffUL << sh;
	}
}

static bool napot(u64 base, u64 size, ulong *addr)
{
	if (size < 8 || (size & (size - 1)) || (base & (size - 1)) ||
	    !sm_range_valid(base, size))
		return false;
	*addr = (base >> 2) | ((size >> 3) - 1);
	return true;
}

bool pmp_layout_slots(const struct sm_range *epm, const struct sm_range *utm,
		      struct pmp_slots *s)
{
	sm_memset(s, 0, sizeof(*s));
	if (!napot(epm->base, epm->size, &s->addr[0]))
		return false;
	s->cfg[0] = PMP_CFG_RWX | PMP_CFG_A_NAPOT;
	if (!utm->size)
		return true;
	if (!napot(utm->base, utm->size, &s->addr[1]))
		return false;
	s->cfg[1] = PMP_CFG_R | PMP_CFG_W | PMP_CFG_A_NAPOT;
	return true;
}

void pmp_layout_toggled(const struct pmp_layout *host,
			const struct pmp_toggle *t, const struct pmp_slots *s,
			struct pmp_layout *out)
{
	unsigned int i;

	*out = *host;
	for (i = 0; i < out->count; i++) {
		ulong off = t->enclave_off[i / 8] >> ((i % 8) * 8);

		if (off & 0xff)
			out->e[i].cfg = 0;
		if (i >= t->slot0 && i < t->slot0 + PMP_ENCLAVE_SLOTS) {
			out->e[i].addr = s->addr[i - t->slot0];
			out->e[i].cfg = s->cfg[i - t->slot0];
		}
	}
}

/*
 * OpenSBI's domain keeps the firmware's text and data as two M-only
 * regions; where two M-only rules with the same permissions are buddies
 * (together one aligned power of two), one PMP entry covers both.
 */
void pmp_rules_merge(struct pmp_config *c)
{
	unsigned int i, j;
	bool merged = true;

	while (merged) {
		merged = false;
		for (i = 0; i < c->nrules && !merged; i++) {
			struct pmp_rule *a = &c->rules[i];

			if (a->kind != PMP_RULE_M_ONLY || a->order >= 63)
				continue;
			for (j = 0; j < c->nrules; j++) {
				struct pmp_rule *b = &c->rules[j];
				u64 size = 1ULL << a->order;

				if (j == i || b->kind != PMP_RULE_M_ONLY ||
				    b->order != a->order || b->cfg != a->cfg ||
				    (a->base ^ b->base) != size)
					continue;
				a->base &= ~size;
				a->order++;
				sm_memmove(b, b + 1,
					   (c->nrules - j - 1) * sizeof(*b));
				c->nrules--;
				merged = true;
				break;
			}
		}
	}
}
