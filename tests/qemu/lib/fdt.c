// SPDX-License-Identifier: BSD-2-Clause
/*
 * Just enough device-tree walking for the test payload: which harts can
 * run S-mode code (their cpu node has "mmu-type"; sifive_u's hart 0 and
 * the JH7110's S7 have none).
 */
#include "tp.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static int starts(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

/*
 * One step through the structure block: FDT_BEGIN_NODE (*name), FDT_PROP
 * (*name, *val, *len), FDT_END_NODE; 0 at the end or on anything else.
 * it->depth is the node depth after the step (the root is 1).
 */
struct fdt_it {
	const u8 *p;
	const char *strings;
	int depth;
};

static int fdt_start(struct fdt_it *it, const void *fdt)
{
	const u8 *base = fdt;

	if (!fdt || be32(base) != FDT_MAGIC)
		return 0;
	it->p = base + be32(base + 8);
	it->strings = (const char *)base + be32(base + 12);
	it->depth = 0;
	return 1;
}

static u32 fdt_next(struct fdt_it *it, const char **name, const u8 **val,
		    u32 *len)
{
	for (;;) {
		u32 tok = be32(it->p);

		it->p += 4;
		if (tok == FDT_BEGIN_NODE) {
			ulong n = 0;

			*name = (const char *)it->p;
			while ((*name)[n])
				n++;
			it->p += (n + 4) & ~3UL;
			it->depth++;
			return tok;
		} else if (tok == FDT_END_NODE) {
			it->depth--;
			return tok;
		} else if (tok == FDT_PROP) {
			*len = be32(it->p);
			*name = it->strings + be32(it->p + 4);
			*val = it->p + 8;
			it->p += 8 + ((*len + 3) & ~3UL);
			return tok;
		} else if (tok != FDT_NOP) {
			return 0;
		}
	}
}

/* /cpus/timebase-frequency, 0 if not found (set by tp_fdt_smode_harts). */
ulong tp_fdt_timebase;

/*
 * Bit i set: hart i has an MMU (S-mode). 0 if the tree cannot be read.
 * Also picks up the timebase on the way, for the watchdog.
 */
ulong tp_fdt_smode_harts(const void *fdt)
{
	struct fdt_it it;
	const char *name;
	const u8 *val;
	u32 tok, len;
	int in_cpus = 0, in_cpu = 0, has_mmu = 0;
	ulong reg = -1UL, mask = 0;

	if (!fdt_start(&it, fdt))
		return 0;
	while ((tok = fdt_next(&it, &name, &val, &len))) {
		if (tok == FDT_BEGIN_NODE) {
			if (it.depth == 2 && str_eq(name, "cpus"))
				in_cpus = 1;
			if (in_cpus && it.depth == 3 && starts(name, "cpu@")) {
				in_cpu = 1;
				has_mmu = 0;
				reg = -1UL;
			}
		} else if (tok == FDT_END_NODE) {
			/* it.depth: the depth of the node's parent now */
			if (in_cpu && it.depth == 2) {
				if (has_mmu && reg < 64)
					mask |= 1UL << reg;
				in_cpu = 0;
			}
			if (in_cpus && it.depth == 1)
				in_cpus = 0;
		} else {
			if (in_cpus && !in_cpu && it.depth == 2 && len == 4 &&
			    str_eq(name, "timebase-frequency"))
				tp_fdt_timebase = be32(val);
			if (in_cpu && it.depth == 3) {
				if (str_eq(name, "mmu-type"))
					has_mmu = 1;
				if (str_eq(name, "reg") && len >= 4)
					reg = be32(val + len - 4);
			}
		}
	}
	return mask;
}

/* The device tree the payload was booted with (a1). */
const void *tp_fdt;

/*
 * Property prop of the node /node (a child of the root), or NULL; *len is
 * its length.  Enough for /chosen/rng-seed and /chosen/bootargs.
 */
const void *tp_fdt_find(const void *fdt, const char *node, const char *prop,
			u32 *len)
{
	struct fdt_it it;
	const char *name;
	const u8 *val;
	u32 tok, plen;
	int in_node = 0;

	if (!fdt_start(&it, fdt))
		return NULL;
	while ((tok = fdt_next(&it, &name, &val, &plen))) {
		if (tok == FDT_BEGIN_NODE && it.depth == 2)
			in_node = str_eq(name, node);
		else if (tok == FDT_END_NODE && it.depth == 1)
			in_node = 0;
		else if (tok == FDT_PROP && in_node && it.depth == 2 &&
			 str_eq(name, prop)) {
			*len = plen;
			return val;
		}
	}
	return NULL;
}

/*
 * The monitor's EPM pool as the OS is told: /reserved-memory/sm-epm-pool@*
 * (reg with 2 address and 2 size cells, as on QEMU).  false if absent.
 */
bool tp_pool_range(ulong *base, ulong *size)
{
	struct fdt_it it;
	const char *name;
	const u8 *val;
	u32 tok, len;
	int in_rm = 0, in_pool = 0;

	if (!fdt_start(&it, tp_fdt))
		return false;
	while ((tok = fdt_next(&it, &name, &val, &len))) {
		if (tok == FDT_BEGIN_NODE) {
			if (it.depth == 2 && str_eq(name, "reserved-memory"))
				in_rm = 1;
			if (in_rm && it.depth == 3 && starts(name, "sm-epm-pool@"))
				in_pool = 1;
		} else if (tok == FDT_END_NODE) {
			if (it.depth == 2)
				in_pool = 0;
			if (it.depth == 1)
				in_rm = 0;
		} else if (in_pool && it.depth == 3 && len == 16 &&
			   str_eq(name, "reg")) {
			*base = (ulong)be32(val) << 32 | be32(val + 4);
			*size = (ulong)be32(val + 8) << 32 | be32(val + 12);
			return true;
		}
	}
	return false;
}

/* --- run parameters from /chosen/bootargs ---------------------------- */

static ulong parse_num(const char *s, unsigned int n)
{
	ulong v = 0, base = 10;
	unsigned int i = 0;

	if (n > 2 && s[0] == '0' && s[1] == 'x') {
		base = 16;
		i = 2;
	}
	for (; i < n; i++) {
		char c = s[i];
		ulong d = c >= '0' && c <= '9' ? c - '0' :
			  c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;

		if (d >= base)
			break;
		v = v * base + d;
	}
	return v;
}

ulong tp_bootarg(const char *key, ulong dflt)
{
	u32 len, i, k;
	const char *a = tp_fdt_find(tp_fdt, "chosen", "bootargs", &len);

	for (i = 0; a && i < len; i++) {
		for (k = 0; key[k] && i + k < len && a[i + k] == key[k]; k++)
			;
		if (!key[k] && i + k < len && a[i + k] == '=' &&
		    (i == 0 || a[i - 1] == ' '))
			return parse_num(a + i + k + 1, len - i - k - 1);
	}
	return dflt;
}
