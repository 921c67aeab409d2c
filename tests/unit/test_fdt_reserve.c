// SPDX-License-Identifier: BSD-2-Clause
/* /reserved-memory entries (sm/sm_fdt.c), checked with libfdt and dtc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libfdt.h>
#include "check.h"
#include "sm_fdt.h"

#define MEM 16384
#define CANARY 0xa5
static unsigned char mem[MEM], copy[MEM];

enum resv {
	RESV_NONE, /* no /reserved-memory */
	RESV_OK, /* OpenSBI-like: cells as the root, ranges, one child */
	RESV_NO_RANGES,
	RESV_OTHER_CELLS, /* #size-cells differs from the root's */
	RESV_NO_CELLS,
};

static void prop_cells(void *fdt, const char *name, const u32 *v, int n)
{
	fdt32_t c[8];
	int i;

	for (i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	CHECK_EQ(fdt_property(fdt, name, c, n * sizeof(c[0])), 0);
}

/*
 * A small tree with the sequential-write API (root cells na/ns, 0: none),
 * opened read-write with slack bytes of free space; the bytes after it up
 * to MEM are a canary.  Returns fdt_totalsize.
 */
static int build(u32 na, u32 ns, enum resv resv, int slack)
{
	static const u32 mem_reg[] = { 0, 0x80000000, 0, 0x40000000 };
	static const u32 fw_reg[] = { 0, 0x80000000, 0, 0x40000 };
	void *fdt = mem;
	int size;

	memset(mem, 0, MEM);
	CHECK_EQ(fdt_create(fdt, MEM / 2), 0);
	CHECK_EQ(fdt_finish_reservemap(fdt), 0);
	CHECK_EQ(fdt_begin_node(fdt, ""), 0);
	if (na)
		CHECK_EQ(fdt_property_u32(fdt, "#address-cells", na), 0);
	if (ns)
		CHECK_EQ(fdt_property_u32(fdt, "#size-cells", ns), 0);
	CHECK_EQ(fdt_property_string(fdt, "compatible", "riscv-virtio"), 0);
	CHECK_EQ(fdt_begin_node(fdt, "memory@80000000"), 0);
	CHECK_EQ(fdt_property_string(fdt, "device_type", "memory"), 0);
	prop_cells(fdt, "reg", mem_reg + (na == 1), na + ns == 4 ? 4 : 2);
	CHECK_EQ(fdt_end_node(fdt), 0);
	if (resv != RESV_NONE) {
		CHECK_EQ(fdt_begin_node(fdt, "reserved-memory"), 0);
		if (resv != RESV_NO_CELLS) {
			CHECK_EQ(fdt_property_u32(fdt, "#address-cells", na), 0);
			CHECK_EQ(fdt_property_u32(fdt, "#size-cells",
						  resv == RESV_OTHER_CELLS ? ns + 1 : ns), 0);
		}
		if (resv != RESV_NO_RANGES)
			CHECK_EQ(fdt_property(fdt, "ranges", "", 0), 0);
		CHECK_EQ(fdt_begin_node(fdt, "mmode_resv0@80000000"), 0);
		prop_cells(fdt, "reg", fw_reg, 4);
		CHECK_EQ(fdt_property(fdt, "no-map", "", 0), 0);
		CHECK_EQ(fdt_end_node(fdt), 0);
		CHECK_EQ(fdt_end_node(fdt), 0);
	}
	CHECK_EQ(fdt_begin_node(fdt, "chosen"), 0);
	CHECK_EQ(fdt_end_node(fdt), 0);
	CHECK_EQ(fdt_end_node(fdt), 0);
	CHECK_EQ(fdt_finish(fdt), 0);
	size = fdt_totalsize(fdt) + slack;
	CHECK_EQ(fdt_open_into(fdt, fdt, size), 0);
	memset(mem + size, CANARY, MEM - size);
	return size;
}

static bool canary_ok(int from)
{
	int i;

	for (i = from; i < MEM; i++)
		if (mem[i] != CANARY)
			return false;
	return true;
}

/* Bytes the tree's blocks use (its free space is totalsize minus this). */
static int used(const void *fdt)
{
	return fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
}

/* Is path a node whose reg is exactly the n cells v, with no-map? */
static bool has_resv(const void *fdt, const char *path, const u32 *v, int n)
{
	const fdt32_t *reg;
	int node, len, i;

	node = fdt_path_offset(fdt, path);
	if (node < 0)
		return false;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len != n * 4)
		return false;
	for (i = 0; i < n; i++)
		if (fdt32_to_cpu(reg[i]) != v[i])
			return false;
	return fdt_getprop(fdt, node, "no-map", &len) && len == 0;
}

static u32 cell_prop(const void *fdt, const char *path, const char *name)
{
	const fdt32_t *p;
	int len, node = fdt_path_offset(fdt, path);

	p = node < 0 ? NULL : fdt_getprop(fdt, node, name, &len);
	return p && len == 4 ? fdt32_to_cpu(*p) : 0xdead;
}

static int children(const void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path), child, n = 0;

	fdt_for_each_subnode(child, fdt, node)
		n++;
	return n;
}

/* The tree as dts, through dtc; NULL if dtc cannot be run. */
static char *dts(const void *fdt)
{
	static char out[MEM * 4];
	char path[] = "/tmp/test_fdt_reserve.XXXXXX", cmd[128];
	size_t n = 0, r;
	FILE *f;
	int fd = mkstemp(path);

	if (fd < 0)
		return NULL;
	if (write(fd, fdt, fdt_totalsize(fdt)) != (ssize_t)fdt_totalsize(fdt)) {
		close(fd);
		unlink(path);
		return NULL;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dtb -O dts %s 2>/dev/null", path);
	f = popen(cmd, "r");
	if (f) {
		while ((r = fread(out + n, 1, sizeof(out) - 1 - n, f)) > 0)
			n += r;
		if (pclose(f))
			n = 0;
	}
	unlink(path);
	out[n] = 0;
	return n ? out : NULL;
}

static void test_create(void)
{
	static const u32 want[] = { 0, 0x90000000, 0, 0x100000 };
	static const u32 want2[] = { 0x1, 0x0, 0, 0x200000 };
	int size = build(2, 2, RESV_NONE, 1024);
	char *s;

	CHECK_EQ(fdt_path_offset(mem, "/reserved-memory"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0x100000, "keystone-epm"), 0);
	CHECK_EQ(fdt_check_full(mem, size), 0);
	CHECK_EQ(fdt_totalsize(mem), size); /* had room: did not grow */
	CHECK(canary_ok(size));
	CHECK(has_resv(mem, "/reserved-memory/keystone-epm@90000000", want, 4));
	CHECK_EQ(cell_prop(mem, "/reserved-memory", "#address-cells"), 2);
	CHECK_EQ(cell_prop(mem, "/reserved-memory", "#size-cells"), 2);
	CHECK(fdt_getprop(mem, fdt_path_offset(mem, "/reserved-memory"),
			  "ranges", NULL) != NULL);
	CHECK_EQ(children(mem, "/reserved-memory"), 1);
	/* the rest of the tree is still there */
	CHECK(fdt_path_offset(mem, "/memory@80000000") >= 0);
	CHECK(fdt_path_offset(mem, "/chosen") >= 0);

	/* the same again: nothing changes */
	memcpy(copy, mem, MEM);
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0x100000, "keystone-epm"), 0);
	CHECK(!memcmp(copy, mem, MEM));
	/* same node, another range: refused, nothing changes */
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0x200000, "keystone-epm"),
		 -FDT_ERR_EXISTS);
	CHECK(!memcmp(copy, mem, MEM));
	/* a second range above 4 GiB: a second child */
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x100000000ULL, 0x200000, "keystone-epm"), 0);
	CHECK(has_resv(mem, "/reserved-memory/keystone-epm@100000000", want2, 4));
	CHECK(has_resv(mem, "/reserved-memory/keystone-epm@90000000", want, 4));
	CHECK_EQ(children(mem, "/reserved-memory"), 2);
	CHECK_EQ(fdt_check_full(mem, size), 0);
	CHECK(canary_ok(size));
	/* unit address 0 */
	CHECK_EQ(sm_fdt_reserve(mem, size, 0, 0x1000, "zero"), 0);
	CHECK(fdt_path_offset(mem, "/reserved-memory/zero@0") >= 0);

	s = dts(mem);
	if (!s) {
		printf("note: dtc not run, dts checks skipped\n");
		return;
	}
	CHECK(strstr(s, "reserved-memory {") != NULL);
	CHECK(strstr(s, "keystone-epm@90000000 {\n\t\t\treg = <0x00 0x90000000 0x00 0x100000>;\n\t\t\tno-map;") ||
	      strstr(s, "keystone-epm@90000000 {\n\t\t\tno-map;\n\t\t\treg = <0x00 0x90000000 0x00 0x100000>;"));
	CHECK(strstr(s, "keystone-epm@100000000 {") != NULL);
	CHECK(strstr(s, "reg = <0x01 0x00 0x00 0x200000>;") != NULL);
	CHECK(strstr(s, "ranges;") != NULL);
	if (check_fail)
		printf("%s", s);
}

static void test_existing(void)
{
	static const u32 fw[] = { 0, 0x80000000, 0, 0x40000 };
	static const u32 want[] = { 0, 0x90000000, 0, 0x100000 };
	int size = build(2, 2, RESV_OK, 512), node;
	const fdt32_t *reg;

	CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0x100000, "keystone-epm"), 0);
	CHECK_EQ(fdt_check_full(mem, size), 0);
	CHECK_EQ(children(mem, "/reserved-memory"), 2);
	CHECK(has_resv(mem, "/reserved-memory/mmode_resv0@80000000", fw, 4));
	CHECK(has_resv(mem, "/reserved-memory/keystone-epm@90000000", want, 4));
	/* OpenSBI's own entry: the same range under our name adds a child */
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x80000000, 0x40000, "mmode_resv0"), 0);
	CHECK_EQ(children(mem, "/reserved-memory"), 2);
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x80000000, 0x80000, "mmode_resv0"),
		 -FDT_ERR_EXISTS);
	/* an existing child without no-map gets it */
	node = fdt_path_offset(mem, "/reserved-memory/mmode_resv0@80000000");
	CHECK_EQ(fdt_delprop(mem, node, "no-map"), 0);
	CHECK(!has_resv(mem, "/reserved-memory/mmode_resv0@80000000", fw, 4));
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x80000000, 0x40000, "mmode_resv0"), 0);
	CHECK(has_resv(mem, "/reserved-memory/mmode_resv0@80000000", fw, 4));
	node = fdt_path_offset(mem, "/reserved-memory/mmode_resv0@80000000");
	reg = fdt_getprop(mem, node, "reg", NULL);
	CHECK(reg && fdt32_to_cpu(reg[1]) == 0x80000000);
	CHECK_EQ(fdt_check_full(mem, size), 0);
	CHECK(canary_ok(size));
}

/* Cells of 1 (a 32-bit layout): values must fit, the new node follows. */
static void test_cells(void)
{
	static const u32 want[] = { 0x90000000, 0x100000 };
	static const struct {
		u32 na, ns;
		enum resv resv;
	} bad[] = {
		{ 2, 2, RESV_NO_RANGES }, { 2, 2, RESV_OTHER_CELLS },
		{ 2, 2, RESV_NO_CELLS }, { 0, 2, RESV_NONE }, { 2, 0, RESV_NONE },
	};
	unsigned int i;
	int size = build(1, 1, RESV_NONE, 512);

	memcpy(copy, mem, MEM);
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x100000000ULL, 0x1000, "epm"),
		 -FDT_ERR_BADVALUE);
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x80000000, 0x100000000ULL, "epm"),
		 -FDT_ERR_BADVALUE);
	CHECK(!memcmp(copy, mem, MEM));
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0x100000, "epm"), 0);
	CHECK(has_resv(mem, "/reserved-memory/epm@90000000", want, 2));
	CHECK_EQ(cell_prop(mem, "/reserved-memory", "#address-cells"), 1);
	CHECK_EQ(cell_prop(mem, "/reserved-memory", "#size-cells"), 1);
	CHECK_EQ(fdt_check_full(mem, size), 0);

	/* a /reserved-memory Linux would ignore, or no root cells: refused */
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		size = build(bad[i].na, bad[i].ns, bad[i].resv, 512);
		memcpy(copy, mem, MEM);
		CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0x100000, "epm"),
			 -FDT_ERR_BADNCELLS);
		CHECK(!memcmp(copy, mem, MEM));
	}
}

/* No room: refused with the tree and the bytes after the buffer intact. */
static void test_space(void)
{
	static const u32 want[] = { 0, 0x90000000, 0, 0x100000 };
	char name[9];
	int size, need, i;

	/* a tight tree and no buffer past it */
	size = build(2, 2, RESV_NONE, 0);
	CHECK_EQ(used(mem), size);
	memcpy(copy, mem, MEM);
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0x100000, "keystone-epm"),
		 -FDT_ERR_NOSPACE);
	CHECK(!memcmp(copy, mem, MEM));
	/* a buffer smaller than the tree itself */
	CHECK_EQ(sm_fdt_reserve(mem, size - 1, 0x90000000, 0x100000, "x"),
		 -FDT_ERR_TRUNCATED);
	CHECK(!memcmp(copy, mem, MEM));

	/* room past it: it grows by exactly what it needs, no more */
	CHECK_EQ(sm_fdt_reserve(mem, MEM / 2, 0x90000000, 0x100000, "keystone-epm"), 0);
	need = fdt_totalsize(mem) - size;
	CHECK(need > 0 && need < 256);
	CHECK_EQ(used(mem), fdt_totalsize(mem)); /* libfdt used all of it */
	CHECK(has_resv(mem, "/reserved-memory/keystone-epm@90000000", want, 4));
	CHECK_EQ(fdt_check_full(mem, fdt_totalsize(mem)), 0);
	CHECK(canary_ok(fdt_totalsize(mem)));
	/* again, with room to grow: nothing to add, so nothing changes */
	memcpy(copy, mem, MEM);
	CHECK_EQ(sm_fdt_reserve(mem, MEM / 2, 0x90000000, 0x100000, "keystone-epm"), 0);
	CHECK(!memcmp(copy, mem, MEM));

	/* a buffer one byte short: refused, untouched */
	size = build(2, 2, RESV_NONE, 0);
	memcpy(copy, mem, MEM);
	CHECK_EQ(sm_fdt_reserve(mem, size + need - 1, 0x90000000, 0x100000,
				"keystone-epm"), -FDT_ERR_NOSPACE);
	CHECK(!memcmp(copy, mem, MEM));
	/* exactly enough */
	CHECK_EQ(sm_fdt_reserve(mem, size + need, 0x90000000, 0x100000,
				"keystone-epm"), 0);
	CHECK_EQ(fdt_totalsize(mem), size + need);
	CHECK(canary_ok(size + need));

	/* some free space inside the tree, the rest from the buffer */
	size = build(2, 2, RESV_NONE, 40);
	CHECK_EQ(sm_fdt_reserve(mem, size + need - 40, 0x90000000, 0x100000,
				"keystone-epm"), 0);
	CHECK_EQ(fdt_totalsize(mem), size + need - 40);
	CHECK(canary_ok(size + need - 40));
	CHECK_EQ(fdt_check_full(mem, fdt_totalsize(mem)), 0);

	/* exact for every name length (node names are padded to 4 bytes) */
	for (i = 1; i <= 8; i++) {
		memcpy(name, "abcdefgh", i);
		name[i] = 0;
		size = build(2, 2, i & 1 ? RESV_OK : RESV_NONE, 0);
		CHECK_EQ(sm_fdt_reserve(mem, MEM / 2, 0x90000000, 0x100000, name), 0);
		CHECK_EQ(used(mem), fdt_totalsize(mem));
		CHECK_EQ(fdt_check_full(mem, fdt_totalsize(mem)), 0);
	}

	/* a child of an existing /reserved-memory needs less */
	size = build(2, 2, RESV_OK, 0);
	CHECK_EQ(sm_fdt_reserve(mem, MEM / 2, 0x90000000, 0x100000, "keystone-epm"), 0);
	CHECK(fdt_totalsize(mem) - size < (unsigned int)need);
	CHECK_EQ(used(mem), fdt_totalsize(mem));
	CHECK(canary_ok(fdt_totalsize(mem)));
}

static void test_args(void)
{
	static const char *const names[] = {
		"", "a@b", "a/b", "a b", "0123456789012345678901234567890123",
	};
	unsigned int i;
	int size = build(2, 2, RESV_NONE, 1024);

	memcpy(copy, mem, MEM);
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0, "epm"), -FDT_ERR_BADVALUE);
	CHECK_EQ(sm_fdt_reserve(mem, size, ~0ULL - 0xfff, 0x2000, "epm"),
		 -FDT_ERR_BADVALUE);
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0x1000, NULL),
		 -FDT_ERR_BADVALUE);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0x1000, names[i]),
			 -FDT_ERR_BADVALUE);
	CHECK(!memcmp(copy, mem, MEM));
	/* 31 characters is the limit */
	CHECK_EQ(sm_fdt_reserve(mem, size, 0x90000000, 0x1000,
				"abcdefghijklmnopqrstuvwxyz,._+-"), 0);
	CHECK(fdt_path_offset(mem, "/reserved-memory/abcdefghijklmnopqrstuvwxyz,._+-@90000000") >= 0);
	/* not a tree */
	memset(mem, 0, 64);
	CHECK(sm_fdt_reserve(mem, size, 0x90000000, 0x1000, "epm") < 0);
}

int main(void)
{
	test_create();
	test_existing();
	test_cells();
	test_space();
	test_args();
	return check_summary("test_fdt_reserve");
}
