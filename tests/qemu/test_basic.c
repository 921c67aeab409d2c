// SPDX-License-Identifier: BSD-2-Clause
/* The extension's skeleton: probe, FID ranges, register preservation. */
#include "lib/tp.h"

/* A call of fid from the host gets error want (a0), whatever a0-a5 hold. */
static void expect_fid(ulong fid, ulong want)
{
	ulong got = sm_call(fid, 1, 2, 3, 4, 5, 6).error;

	if (got != want)
		tp_printf("  FID %lu (0x%lx):\n", fid, fid);
	EXPECT_EQ(got, want);
}

TEST(probe_extension)
{
	EXPECT_EQ(sbi_probe(SM_EXT_ID), 1);
}

TEST(deprecated_fids)
{
	static const ulong fids[] = { 0, 1, 1000, 1999 };
	unsigned int i;

	for (i = 0; i < sizeof(fids) / sizeof(fids[0]); i++)
		expect_fid(fids[i], SM_ERR_DEPRECATED);
}

TEST(unknown_fids)
{
	static const ulong fids[] = { 2000, 2004, 2006, 2999, 4000, 4001, 5000,
				      0x7fffffff, ~0UL };
	unsigned int i;

	for (i = 0; i < sizeof(fids) / sizeof(fids[0]); i++)
		expect_fid(fids[i], SM_ERR_NOT_IMPLEMENTED);
}

TEST(enclave_fids_from_host_prohibited)
{
	static const ulong fids[] = { 3000, 3001, 3002, 3003, 3004, 3005, 3006,
				      3999 };
	unsigned int i;

	for (i = 0; i < sizeof(fids) / sizeof(fids[0]); i++)
		expect_fid(fids[i], SM_ERR_SBI_PROHIBITED);
}

/*
 * Only a0/a1 may change across a call of the extension: every other
 * register we can set (t*, s2-s11, a2-a7) holds a sentinel across it.
 */
TEST(registers_preserved)
{
	static const ulong expect[] = {
		0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666, 0x7777,
		0x8888, 0x9999, 0xaaaa, 0xbbbb, 0xcccc, 0xdddd, 0xeeee,
		0xffff, 0x1234, 0x5678, 0x2002, 0x3003, 0x4004, 0x5005,
		2004, SM_EXT_ID,
	};
	ulong out[sizeof(expect) / sizeof(expect[0])];
	ulong a0, a1;
	unsigned int i;

	__asm__ __volatile__(
		"li t0, 0x1111\n li t1, 0x2222\n li t2, 0x3333\n"
		"li s2, 0x4444\n li s3, 0x5555\n li s4, 0x6666\n"
		"li s5, 0x7777\n li s6, 0x8888\n li s7, 0x9999\n"
		"li s8, 0xaaaa\n li s9, 0xbbbb\n li s10, 0xcccc\n"
		"li s11, 0xdddd\n li t3, 0xeeee\n li t4, 0xffff\n"
		"li t5, 0x1234\n li t6, 0x5678\n"
		"li a2, 0x2002\n li a3, 0x3003\n li a4, 0x4004\n li a5, 0x5005\n"
		"li a6, 2004\n li a7, 0x08424b45\n li a0, 7\n li a1, 9\n"
		"ecall\n"
		"sd t0, 0(%2)\n sd t1, 8(%2)\n sd t2, 16(%2)\n sd s2, 24(%2)\n"
		"sd s3, 32(%2)\n sd s4, 40(%2)\n sd s5, 48(%2)\n sd s6, 56(%2)\n"
		"sd s7, 64(%2)\n sd s8, 72(%2)\n sd s9, 80(%2)\n sd s10, 88(%2)\n"
		"sd s11, 96(%2)\n sd t3, 104(%2)\n sd t4, 112(%2)\n sd t5, 120(%2)\n"
		"sd t6, 128(%2)\n sd a2, 136(%2)\n sd a3, 144(%2)\n sd a4, 152(%2)\n"
		"sd a5, 160(%2)\n sd a6, 168(%2)\n sd a7, 176(%2)\n"
		"mv %0, a0\n mv %1, a1\n"
		: "=r"(a0), "=r"(a1)
		: "r"(out)
		: "t0", "t1", "t2", "s2", "s3", "s4", "s5", "s6", "s7", "s8",
		  "s9", "s10", "s11", "t3", "t4", "t5", "t6", "a0", "a1", "a2",
		  "a3", "a4", "a5", "a6", "a7", "memory");
	EXPECT_EQ(a0, SM_ERR_NOT_IMPLEMENTED);
	EXPECT_EQ(a1, 0);
	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (out[i] != expect[i])
			tp_printf("  register slot %u: 0x%lx, expected 0x%lx\n",
				  i, out[i], expect[i]);
	EXPECT_EQ(tp_memcmp(out, expect, sizeof(out)), 0);
}

/*
 * The firmware (and the monitor inside it) is never reachable by the host:
 * loads fault with a load access fault (5), stores with a store access
 * fault (7), at the address tried, with 2- and 4-byte instructions alike.
 */
TEST(monitor_memory_denied)
{
	static const ulong addrs[] = { 0x80000000, 0x80000008, 0x80041000 };
	unsigned int i;

	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		EXPECT_EQ(tp_probe_load(addrs[i]), CAUSE_LOAD_ACCESS);
		EXPECT_EQ(tp_probe_stval(), addrs[i]);
		EXPECT_EQ(tp_probe_load_wide(addrs[i]), CAUSE_LOAD_ACCESS);
		EXPECT_EQ(tp_probe_stval(), addrs[i]);
		EXPECT_EQ(tp_probe_store(addrs[i], 1), CAUSE_STORE_ACCESS);
		EXPECT_EQ(tp_probe_stval(), addrs[i]);
		EXPECT_EQ(tp_probe_store_wide(addrs[i], 1), CAUSE_STORE_ACCESS);
		EXPECT_EQ(tp_probe_stval(), addrs[i]);
	}
	EXPECT_EQ(tp_probe_exec(0x80000000), CAUSE_FETCH_ACCESS);
	/* and ordinary host memory is fine */
	EXPECT_EQ(tp_probe_load(0x90000000), 0);
	EXPECT_EQ(tp_probe_store_wide(0x90000000, 0x5a5a), 0);
	EXPECT_EQ(tp_probe_load_wide(0x90000000), 0);
	EXPECT_EQ(*(volatile ulong *)0x90000000, 0x5a5a);
}
