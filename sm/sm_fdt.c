// SPDX-License-Identifier: BSD-2-Clause
/*
 * /reserved-memory entries for ranges the monitor keeps (sm_fdt.h).
 *
 * Same libfdt calls as OpenSBI's fdt_reserved_memory_fixup(), with one
 * difference: OpenSBI grows the tree by a fixed 1024 bytes past
 * fdt_totalsize without knowing whether the memory there is free; here the
 * exact growth is computed first (libfdt's own accounting: a node is its
 * tags plus its padded name, a property a 12-byte header plus its padded
 * value, plus its name in the strings block unless already there) and
 * checked against the caller's buffer, so the edits that follow cannot
 * fail half-way.
 */
#include <libfdt.h>
#include "sm_fdt.h"

/* (memcmp, strlen: libfdt_env.h maps them to sbi_* in the monitor.) */

#define TAG 4 /* FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP tags */
#define PROP_HDR 12 /* struct fdt_property without its value */
#define ALIGN4(x) (((x) + 3) & ~3UL)
#define RESV_NODE "reserved-memory"
#define MAX_CELLS 4 /* FDT_MAX_NCELLS */

static ulong node_len(ulong namelen)
{
	return TAG + ALIGN4(namelen + 1) + TAG;
}

static ulong prop_len(ulong vallen)
{
	return PROP_HDR + ALIGN4(vallen);
}

/*
 * Bytes the strings block grows by for a property named s: none if s is
 * already one of its strings.  (libfdt also reuses a suffix of a longer
 * string; not counting that only overestimates.)
 */
static ulong str_len(const void *fdt, const char *s)
{
	const char *tab = (const char *)fdt + fdt_off_dt_strings(fdt);
	ulong tablen = fdt_size_dt_strings(fdt), len = strlen(s) + 1, i = 0;

	while (i + len <= tablen) {
		if (!memcmp(tab + i, s, len))
			return 0;
		while (i < tablen && tab[i]) /* next string */
			i++;
		i++;
	}
	return len;
}

/* A one-cell property that must be there, within [lo, MAX_CELLS]. */
static int get_cells(const void *fdt, int node, const char *name, u32 lo,
		     u32 *val)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(fdt, node, name, &len);
	if (!p || len != sizeof(*p))
		return -FDT_ERR_BADNCELLS;
	*val = fdt32_to_cpu(*p);
	if (*val < lo || *val > MAX_CELLS)
		return -FDT_ERR_BADNCELLS;
	return 0;
}

/* v in n big-endian cells; false if it does not fit. */
static bool put_cells(fdt32_t *cells, u32 n, u64 v)
{
	u32 i;

	for (i = n; i-- > 0;) {
		cells[i] = cpu_to_fdt32((u32)v);
		v >>= 32;
	}
	return !v;
}

static bool name_ok(const char *name)
{
	ulong i;
	char c;

	if (!name || !name[0])
		return false;
	for (i = 0; name[i]; i++) {
		c = name[i];
		if (i >= SM_FDT_NAME_MAX)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == ',' || c == '.' ||
		      c == '_' || c == '+' || c == '-'))
			return false;
	}
	return true;
}

/* "<name>@<base in lower-case hex>", Linux's unit-address form. */
static void unit_name(char *out, const char *name, u64 base)
{
	static const char hex[] = "0123456789abcdef";
	ulong n = 0;
	int shift = 60;

	while (*name)
		out[n++] = *name++;
	out[n++] = '@';
	while (shift > 0 && !((base >> shift) & 0xf))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		out[n++] = hex[(base >> shift) & 0xf];
	out[n] = '\0';
}

int sm_fdt_reserve(void *fdt, ulong bufsize, u64 base, u64 size,
		   const char *name)
{
	char node[SM_FDT_NAME_MAX + 1 + 16 + 1];
	fdt32_t reg[2 * MAX_CELLS];
	u32 na, ns, rna, rns;
	ulong need = 0, used, grown;
	const void *old;
	int rc, parent, child, len;

	rc = fdt_check_header(fdt);
	if (rc)
		return rc;
	if (bufsize > INT_MAX) /* libfdt sizes are int */
		bufsize = INT_MAX;
	if (bufsize < fdt_totalsize(fdt))
		return -FDT_ERR_TRUNCATED;
	if (!sm_range_valid(base, size) || !name_ok(name))
		return -FDT_ERR_BADVALUE;

	/* libfdt's read-write layout first (a no-op for OpenSBI's trees). */
	rc = fdt_open_into(fdt, fdt, fdt_totalsize(fdt));
	if (rc == -FDT_ERR_NOSPACE)
		rc = fdt_open_into(fdt, fdt, bufsize);
	if (rc)
		return rc;

	/* Cells: the root's; an existing /reserved-memory must match them. */
	rc = get_cells(fdt, 0, "#address-cells", 1, &na);
	if (!rc)
		rc = get_cells(fdt, 0, "#size-cells", 1, &ns);
	if (rc)
		return rc;
	parent = fdt_path_offset(fdt, "/" RESV_NODE);
	if (parent >= 0) {
		rc = get_cells(fdt, parent, "#address-cells", 1, &rna);
		if (!rc)
			rc = get_cells(fdt, parent, "#size-cells", 1, &rns);
		if (rc || rna != na || rns != ns ||
		    !fdt_getprop(fdt, parent, "ranges", &len))
			return -FDT_ERR_BADNCELLS;
	} else if (parent != -FDT_ERR_NOTFOUND) {
		return parent;
	}
	if (!put_cells(reg, na, base) || !put_cells(reg + na, ns, size))
		return -FDT_ERR_BADVALUE;

	/* Everything the edits below add, before any of them. */
	unit_name(node, name, base);
	child = -FDT_ERR_NOTFOUND;
	if (parent < 0) {
		need += node_len(sizeof(RESV_NODE) - 1) + 2 * prop_len(4) +
			prop_len(0) + str_len(fdt, "#address-cells") +
			str_len(fdt, "#size-cells") + str_len(fdt, "ranges");
	} else {
		child = fdt_subnode_offset(fdt, parent, node);
		if (child < 0 && child != -FDT_ERR_NOTFOUND)
			return child;
	}
	if (child >= 0) {
		old = fdt_getprop(fdt, child, "reg", &len);
		if (!old || len != (int)((na + ns) * sizeof(fdt32_t)) ||
		    memcmp(old, reg, len))
			return -FDT_ERR_EXISTS;
		if (fdt_getprop(fdt, child, "no-map", &len))
			return 0; /* already there */
	} else {
		need += node_len(strlen(node)) +
			prop_len((na + ns) * sizeof(fdt32_t)) +
			str_len(fdt, "reg");
	}
	need += prop_len(0) + str_len(fdt, "no-map");

	/* Grow into the buffer only by what is missing. */
	used = fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
	if (used + need > fdt_totalsize(fdt)) {
		grown = used + need; /* both far below 2^31: no overflow */
		if (grown > bufsize)
			return -FDT_ERR_NOSPACE;
		rc = fdt_open_into(fdt, fdt, grown);
		if (rc)
			return rc;
	}

	/* Cannot fail now short of a libfdt bug; checked all the same. */
	if (parent < 0) {
		parent = fdt_add_subnode(fdt, 0, RESV_NODE);
		if (parent < 0)
			return parent;
		rc = fdt_setprop_empty(fdt, parent, "ranges");
		if (!rc)
			rc = fdt_setprop_u32(fdt, parent, "#size-cells", ns);
		if (!rc)
			rc = fdt_setprop_u32(fdt, parent, "#address-cells", na);
		if (rc)
			return rc;
	}
	if (child < 0) {
		child = fdt_add_subnode(fdt, parent, node);
		if (child < 0)
			return child;
		rc = fdt_setprop(fdt, child, "reg", reg,
				 (na + ns) * sizeof(fdt32_t));
		if (rc)
			return rc;
	}
	return fdt_setprop_empty(fdt, child, "no-map");
}
