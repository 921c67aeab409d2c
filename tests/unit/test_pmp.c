// SPDX-License-Identifier: BSD-2-Clause
/* PMP encoder and layout rules (sm/pmp_layout.c). */
#include "check.h"
#include "pmp_layout.h"

/* QEMU virt's root domain under OpenSBI 1.6 (boot log), as pmp.c classifies it. */
static void virt_config(struct pmp_config *c, unsigned int budget, bool smepmp)
{
	static const struct pmp_rule rules[] = {
		{ 0x100000, 12, PMP_CFG_R | PMP_CFG_W, PMP_RULE_SU_RW },
		{ 0x10000000, 12, PMP_CFG_R | PMP_CFG_W, PMP_RULE_SU_RW },
		{ 0x2000000, 16, 0, PMP_RULE_M_ONLY },
		{ 0x80000000, 18, 0, PMP_RULE_M_ONLY },
		{ 0x80040000, 18, 0, PMP_RULE_M_ONLY },
		{ 0xc400000, 21, PMP_CFG_R | PMP_CFG_W, PMP_RULE_SU_RW },
		{ 0xc000000, 22, PMP_CFG_R | PMP_CFG_W, PMP_RULE_SU_RW },
		{ 0, PMP_ORDER_ALL, PMP_CFG_RWX, PMP_RULE_CATCH_ALL },
	};
	unsigned int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		c->rules[i] = rules[i];
	c->nrules = i;
	c->budget = budget;
	c->smepmp = smepmp;
	if (smepmp) /* M-only regions are locked under Smepmp */
		for (i = 0; i < c->nrules; i++)
			if (c->rules[i].kind == PMP_RULE_M_ONLY)
				c->rules[i].cfg = PMP_CFG_L | PMP_CFG_R | PMP_CFG_W;
}

/* Emulates the PMP match for an S/U access: which entry matches first? */
static int first_match(const struct pmp_layout *l, u64 addr)
{
	unsigned int i;
	u64 base, size;

	for (i = 0; i < l->count; i++) {
		if (!pmp_layout_decode(l, i, &base, &size))
			continue;
		if (!size || (addr >= base && addr - base < size))
			return i;
	}
	return -1;
}

static u8 su_perm(const struct pmp_layout *l, u64 addr)
{
	int i = first_match(l, addr);

	return i < 0 ? 0 : l->e[i].cfg & PMP_CFG_RWX;
}

static void test_napot_tor(void)
{
	struct pmp_layout l;
	u64 b, s;

	pmp_layout_init(&l);
	CHECK_EQ(pmp_layout_add_range(&l, 0x80200000, 0x200000, PMP_CFG_RWX, 16), 0);
	CHECK_EQ(l.count, 1);
	CHECK_EQ(l.e[0].cfg, PMP_CFG_RWX | PMP_CFG_A_NAPOT);
	CHECK_EQ(l.e[0].addr, (0x80200000 >> 2) | ((0x200000 >> 3) - 1));
	CHECK(pmp_layout_decode(&l, 0, &b, &s));
	CHECK_EQ(b, 0x80200000);
	CHECK_EQ(s, 0x200000);

	/* Not a power of two: TOR with an OFF base entry. */
	CHECK_EQ(pmp_layout_add_range(&l, 0x90000000, 0x3000, PMP_CFG_R, 16), 0);
	CHECK_EQ(l.count, 3);
	CHECK_EQ(l.e[1].cfg, 0);
	CHECK_EQ(l.e[2].cfg, PMP_CFG_R | PMP_CFG_A_TOR);
	CHECK(pmp_layout_decode(&l, 2, &b, &s));
	CHECK_EQ(b, 0x90000000);
	CHECK_EQ(s, 0x3000);

	/* Adjacent TOR reuses the previous top as its base. */
	CHECK_EQ(pmp_layout_add_range(&l, 0x90003000, 0x5000, PMP_CFG_W, 16), 0);
	CHECK_EQ(l.count, 4);
	CHECK(pmp_layout_decode(&l, 3, &b, &s));
	CHECK_EQ(b, 0x90003000);
	CHECK_EQ(s, 0x5000);

	/* Aligned power of two but base not aligned to size: TOR. */
	pmp_layout_init(&l);
	CHECK_EQ(pmp_layout_add_range(&l, 0x80001000, 0x2000, 0, 16), 0);
	CHECK_EQ(l.count, 2);

	/* Budget is enforced, and a failed add leaves the layout as it was. */
	pmp_layout_init(&l);
	CHECK_EQ(pmp_layout_add_range(&l, 0x80001000, 0x3000, 0, 1), PMP_ENOSPC);
	CHECK_EQ(l.count, 0);
	CHECK_EQ(pmp_layout_add_range(&l, 0, 0, 0, 16), PMP_EINVAL);
	CHECK_EQ(pmp_layout_add_range(&l, ~0ULL - 0xfff, 0x2000, 0, 16), PMP_EINVAL);
}

static void test_host_layout(void)
{
	struct pmp_config c;
	struct pmp_layout l;
	struct sm_range epm[2] = { { 0x81000000, 0x100000 },
				   { 0x82000000, 0x3000 } };

	virt_config(&c, 16, false);
	CHECK_EQ(pmp_layout_host(&l, &c, NULL, 0), 0);
	/*
	 * 2 enclave slots (off) + 3 M-only + catch-all: RW device regions
	 * only add X-deny, dropped.
	 */
	CHECK_EQ(l.count, PMP_ENCLAVE_SLOTS + 4);
	CHECK_EQ(l.e[0].cfg, 0);
	CHECK_EQ(l.e[1].cfg, 0);
	CHECK_EQ(su_perm(&l, 0x80000000), 0); /* firmware text */
	CHECK_EQ(su_perm(&l, 0x80050000), 0); /* firmware data */
	CHECK_EQ(su_perm(&l, 0x2004000), 0); /* CLINT */
	CHECK_EQ(su_perm(&l, 0x10000000), PMP_CFG_RWX); /* UART via catch-all */
	CHECK_EQ(su_perm(&l, 0x81000000), PMP_CFG_RWX);

	CHECK_EQ(pmp_layout_host(&l, &c, epm, 2), 0);
	CHECK_EQ(l.count, PMP_ENCLAVE_SLOTS + 4 + 1 + 2);
	CHECK_EQ(su_perm(&l, 0x81000000), 0);
	CHECK_EQ(su_perm(&l, 0x810fffff), 0);
	CHECK_EQ(su_perm(&l, 0x81100000), PMP_CFG_RWX);
	CHECK_EQ(su_perm(&l, 0x82002fff), 0);
	CHECK_EQ(su_perm(&l, 0x82003000), PMP_CFG_RWX);
	CHECK_EQ(su_perm(&l, 0x80000000), 0);
}

static void test_budget(void)
{
	struct pmp_config c;
	struct pmp_layout l;
	struct sm_range epm[8];
	unsigned int i;

	/*
	 * VisionFive2-sized budget: 8 entries, 2 enclave slots, 4 for
	 * OpenSBI's rules (3 once the firmware's text and data merge).
	 */
	virt_config(&c, 8, false);
	for (i = 0; i < 8; i++) {
		epm[i].base = 0x81000000 + i * 0x100000ULL;
		epm[i].size = 0x100000;
	}
	CHECK_EQ(pmp_layout_host(&l, &c, epm, 2), 0);
	CHECK_EQ(l.count, 8);
	CHECK_EQ(pmp_layout_host(&l, &c, epm, 3), PMP_ENOSPC);
	pmp_rules_merge(&c);
	CHECK_EQ(pmp_layout_host(&l, &c, epm, 3), 0);
	CHECK_EQ(l.count, 8);
	CHECK_EQ(pmp_layout_host(&l, &c, epm, 4), PMP_ENOSPC);
	/* TOR-shaped EPMs cost two entries each. */
	epm[0].size = 0x3000;
	epm[1].base = 0x81200000;
	epm[1].size = 0x5000;
	CHECK_EQ(pmp_layout_host(&l, &c, epm, 1), 0);
	CHECK_EQ(l.count, 7);
	CHECK_EQ(pmp_layout_host(&l, &c, epm, 2), PMP_ENOSPC);
}

static void test_enclave_layout(void)
{
	struct pmp_config c;
	struct pmp_layout l;
	struct sm_range epm = { 0x81000000, 0x100000 };
	struct sm_range utm = { 0x81200000, 0x4000 };
	struct sm_range none = { 0, 0 };

	virt_config(&c, 16, false);
	CHECK_EQ(pmp_layout_enclave(&l, &c, &epm, &utm), 0);
	CHECK_EQ(l.count, 2);
	CHECK_EQ(su_perm(&l, 0x81000000), PMP_CFG_RWX);
	CHECK_EQ(su_perm(&l, 0x81200000), PMP_CFG_R | PMP_CFG_W);
	CHECK_EQ(first_match(&l, 0x80200000), -1); /* host memory: no match = deny */
	CHECK_EQ(first_match(&l, 0x80000000), -1); /* monitor */
	CHECK_EQ(first_match(&l, 0x10000000), -1); /* devices */
	CHECK_EQ(pmp_layout_enclave(&l, &c, &epm, &none), 0);
	CHECK_EQ(l.count, 1);
}

static void test_smepmp(void)
{
	struct pmp_config c;
	struct pmp_layout h, e;
	struct sm_range epm = { 0x81000000, 0x100000 };
	struct sm_range utm = { 0x81200000, 0x4000 };
	unsigned int i;

	virt_config(&c, 16, true);
	CHECK_EQ(pmp_layout_host(&h, &c, &epm, 1), 0);
	CHECK_EQ(pmp_layout_enclave(&e, &c, &epm, &utm), 0);
	/* Entry 0 is OpenSBI's map_saddr() slot, then the locked M-only rules. */
	CHECK_EQ(h.e[0].cfg, 0);
	CHECK_EQ(e.e[0].cfg, 0);
	for (i = 1; i <= 3; i++) {
		CHECK(h.e[i].cfg & PMP_CFG_L);
		/* Same index, same value in both layouts: never rewritten. */
		CHECK_EQ(h.e[i].addr, e.e[i].addr);
		CHECK_EQ(h.e[i].cfg, e.e[i].cfg);
	}
	CHECK_EQ(pmp_layout_slot0(&c), 4);
	CHECK_EQ(h.e[4].cfg, 0); /* the enclave slots, off */
	CHECK_EQ(h.e[5].cfg, 0);
	CHECK_EQ(h.e[6].cfg, PMP_CFG_A_NAPOT); /* the EPM deny, unlocked */
	CHECK_EQ(e.e[4].cfg, PMP_CFG_RWX | PMP_CFG_A_NAPOT);
	CHECK_EQ(e.count, 6);
	CHECK_EQ(h.e[h.count - 1].addr, ~0UL); /* catch-all last */
}

/* S/U access under Smepmp: a locked (L|R|W) entry is M-only. */
static u8 su_perm_mml(const struct pmp_layout *l, u64 addr, bool smepmp)
{
	int i = first_match(l, addr);

	if (i < 0 || (smepmp && (l->e[i].cfg & PMP_CFG_L)))
		return 0;
	return l->e[i].cfg & PMP_CFG_RWX;
}

/* The host layout, toggled for an enclave: what S/U may reach in each. */
static void check_toggled(bool smepmp)
{
	struct pmp_config c;
	struct pmp_layout h, t;
	struct pmp_toggle tg;
	struct pmp_slots s;
	struct sm_range other = { 0x82000000, 0x10000 }; /* an in-place EPM */
	struct sm_range pool = { 0x84000000, 0x4000000 };
	struct sm_range deny[2] = { other, pool };
	struct sm_range epm = { 0x84100000, 0x10000 }; /* a pool block */
	struct sm_range utm = { 0x81200000, 0x4000 };
	struct sm_range odd = { 0x84100000, 0x3000 };
	unsigned int i, slot0;

	virt_config(&c, 16, smepmp);
	pmp_rules_merge(&c);
	slot0 = pmp_layout_slot0(&c);
	CHECK_EQ(pmp_layout_host(&h, &c, deny, 2), 0);
	pmp_layout_toggle(&h, slot0, &tg);
	CHECK_EQ(tg.slot0, slot0);
	CHECK_EQ(tg.ncfg, (h.count + 7) / 8);
	/* The host's view: the pool, the EPM, the monitor denied. */
	CHECK_EQ(su_perm_mml(&h, 0x84100000, smepmp), 0);
	CHECK_EQ(su_perm_mml(&h, 0x82000000, smepmp), 0);
	CHECK_EQ(su_perm_mml(&h, 0x80000000, smepmp), 0);
	CHECK_EQ(su_perm_mml(&h, 0x81200000, smepmp), PMP_CFG_RWX);

	CHECK(pmp_layout_slots(&epm, &utm, &s));
	pmp_layout_toggled(&h, &tg, &s, &t);
	/* The enclave's view: its block RWX, its UTM RW, nothing else. */
	CHECK_EQ(su_perm_mml(&t, 0x84100000, smepmp), PMP_CFG_RWX);
	CHECK_EQ(su_perm_mml(&t, 0x8410fff8, smepmp), PMP_CFG_RWX);
	CHECK_EQ(su_perm_mml(&t, 0x84110000, smepmp), 0); /* the next block */
	CHECK_EQ(su_perm_mml(&t, 0x840ffff8, smepmp), 0);
	CHECK_EQ(su_perm_mml(&t, 0x81200000, smepmp), PMP_CFG_R | PMP_CFG_W);
	CHECK_EQ(su_perm_mml(&t, 0x81204000, smepmp), 0);
	CHECK_EQ(su_perm_mml(&t, 0x82000000, smepmp), 0);
	CHECK_EQ(su_perm_mml(&t, 0x80000000, smepmp), 0);
	CHECK_EQ(su_perm_mml(&t, 0x80200000, smepmp), 0); /* host memory */
	CHECK_EQ(su_perm_mml(&t, 0x10000000, smepmp), 0); /* devices */
	/* Entries before the slots and M-only ones are never rewritten. */
	for (i = 0; i < h.count; i++) {
		if (i >= slot0 && i < slot0 + PMP_ENCLAVE_SLOTS)
			continue;
		CHECK_EQ(t.e[i].addr, h.e[i].addr);
		if (smepmp && (h.e[i].cfg & PMP_CFG_L))
			CHECK_EQ(t.e[i].cfg, h.e[i].cfg);
	}
	/* Only NAPOT-shaped blocks and UTMs take the fast path. */
	CHECK(!pmp_layout_slots(&odd, &utm, &s));
	CHECK(pmp_layout_slots(&epm, &(struct sm_range){ 0, 0 }, &s));
	CHECK_EQ(s.cfg[1], 0);
}

static void test_toggle(void)
{
	check_toggled(false);
	check_toggled(true);
}

static void test_merge(void)
{
	struct pmp_config c;
	unsigned int i, m = 0;

	virt_config(&c, 16, false);
	pmp_rules_merge(&c);
	/* Text and data (two 256 KiB buddies) became one 512 KiB rule. */
	for (i = 0; i < c.nrules; i++)
		if (c.rules[i].kind == PMP_RULE_M_ONLY) {
			m++;
			if (c.rules[i].base == 0x80000000)
				CHECK_EQ(c.rules[i].order, 19);
		}
	CHECK_EQ(m, 2);
	CHECK_EQ(c.nrules, 7);
	/* Not buddies (not aligned together): left alone. */
	virt_config(&c, 16, false);
	c.rules[3].base = 0x80040000;
	c.rules[4].base = 0x80080000;
	pmp_rules_merge(&c);
	CHECK_EQ(c.nrules, 8);
	/* Different permissions: left alone. */
	virt_config(&c, 16, false);
	c.rules[4].cfg = PMP_CFG_R;
	pmp_rules_merge(&c);
	CHECK_EQ(c.nrules, 8);
}

int main(void)
{
	test_napot_tor();
	test_host_layout();
	test_budget();
	test_enclave_layout();
	test_smepmp();
	test_toggle();
	test_merge();
	return check_summary("test_pmp");
}
