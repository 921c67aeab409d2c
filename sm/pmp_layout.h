/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PMP layouts as pure data: which entries a hart needs while the host runs
 * and while an enclave runs.  No CSR access here (see pmp.c), so the
 * encoder and the budget rules are unit-tested on the host.
 */
#ifndef PMP_LAYOUT_H
#define PMP_LAYOUT_H

#include "sm_types.h"

/* pmpcfg bits (same values as the privileged spec) */
#define PMP_CFG_R 0x01
#define PMP_CFG_W 0x02
#define PMP_CFG_X 0x04
#define PMP_CFG_A_TOR 0x08
#define PMP_CFG_A_NAPOT 0x18
#define PMP_CFG_A_MASK 0x18
#define PMP_CFG_L 0x80
#define PMP_CFG_RWX (PMP_CFG_R | PMP_CFG_W | PMP_CFG_X)

#define PMP_LAYOUT_MAX 64 /* architectural maximum */
#define PMP_RULES_MAX 32
#define PMP_ORDER_ALL 64 /* a rule covering the whole address space */

struct pmp_entry {
	ulong addr; /* pmpaddr value */
	u8 cfg; /* pmpcfg byte */
};

struct pmp_layout {
	unsigned int count;
	struct pmp_entry e[PMP_LAYOUT_MAX];
};

/* What an OpenSBI domain region means for the layout. */
enum pmp_rule_kind {
	PMP_RULE_M_ONLY, /* S/U have no access: always kept */
	PMP_RULE_SU_RW, /* S/U read+write device/memory: only X differs from
			   the catch-all, dropped to save entries */
	PMP_RULE_SU_OTHER, /* any other S/U access: kept in host mode */
	PMP_RULE_CATCH_ALL, /* whole address space, S/U RWX: host mode only */
};

struct pmp_rule {
	u64 base;
	unsigned int order; /* log2 of the size; PMP_ORDER_ALL: everything */
	u8 cfg; /* R/W/X/L exactly as OpenSBI programs it */
	u8 kind; /* enum pmp_rule_kind */
};

struct pmp_config {
	struct pmp_rule rules[PMP_RULES_MAX];
	unsigned int nrules;
	unsigned int budget; /* entries the monitor may use on every hart */
	bool smepmp; /* mseccfg.MML rules: entry 0 reserved, M-only locked */
};

/*
 * The fast switch: every host layout keeps PMP_ENCLAVE_SLOTS entries, off
 * while the host runs, in front of everything S/U may reach.  Entering an
 * enclave whose EPM and UTM are NAPOT-shaped fills them with its EPM (RWX)
 * and UTM (RW) and turns off every host entry that grants S/U access (the
 * catch-all): a handful of CSR writes instead of a whole layout.
 */
#define PMP_ENCLAVE_SLOTS 2
#define PMP_CFG_REGS (PMP_LAYOUT_MAX / 8) /* RV64: 8 entries per pmpcfg */

struct pmp_toggle {
	unsigned int slot0; /* first enclave slot */
	unsigned int ncfg; /* pmpcfg registers in use (0, 2, 4, ... on RV64) */
	ulong host_cfg[PMP_CFG_REGS]; /* pmpcfg values while the host runs */
	ulong enclave_off[PMP_CFG_REGS]; /* bits cleared while an enclave runs */
};

/* What an enclave puts in the slots. */
struct pmp_slots {
	ulong addr[PMP_ENCLAVE_SLOTS];
	u8 cfg[PMP_ENCLAVE_SLOTS];
};

#define PMP_ENOSPC (-1)
#define PMP_EINVAL (-2)

void pmp_layout_init(struct pmp_layout *l);
/* Appends [base, base + size) with NAPOT when aligned, else TOR. */
int pmp_layout_add_range(struct pmp_layout *l, u64 base, u64 size, u8 perm,
			 unsigned int budget);
int pmp_layout_add_rule(struct pmp_layout *l, const struct pmp_rule *r,
			unsigned int budget);

/* Host mode: every live EPM denied, OpenSBI's protections kept. */
int pmp_layout_host(struct pmp_layout *l, const struct pmp_config *c,
		    const struct sm_range *epms, unsigned int nepm);
/* Where the enclave slots are in a host layout of this configuration. */
unsigned int pmp_layout_slot0(const struct pmp_config *c);
/* The pmpcfg values of a host layout, and what changes for an enclave. */
void pmp_layout_toggle(const struct pmp_layout *host, unsigned int slot0,
		       struct pmp_toggle *t);
/* The slots for an enclave: false if its EPM or UTM is not NAPOT-shaped. */
bool pmp_layout_slots(const struct sm_range *epm, const struct sm_range *utm,
		      struct pmp_slots *s);
/* A host layout as an enclave sees it through the slots (tests, dumps). */
void pmp_layout_toggled(const struct pmp_layout *host,
			const struct pmp_toggle *t, const struct pmp_slots *s,
			struct pmp_layout *out);
/* Adjacent M-only rules that together form one NAPOT region become one. */
void pmp_rules_merge(struct pmp_config *c);

/* Enclave mode: its EPM (RWX) and UTM (RW, absent if size 0), nothing else. */
int pmp_layout_enclave(struct pmp_layout *l, const struct pmp_config *c,
		       const struct sm_range *epm, const struct sm_range *utm);

/* Decodes entry i of a layout back to a range (for tests and dumps). */
bool pmp_layout_decode(const struct pmp_layout *l, unsigned int i,
		       u64 *base, u64 *size);

#endif
