// SPDX-License-Identifier: BSD-2-Clause
/*
 * Booted with a device tree that hands OpenSBI's root domain extra M-only
 * regions (mkdtb.sh): count 4 KiB regions at base + i * stride in DRAM,
 * given on the command line ("active=N base=A stride=S count=C").
 *
 * active=1: the monitor must have taken every one of them (none dropped):
 * an EPM or UTM over any of them is refused, one beside them works.
 * active=0: the monitor must have refused to start (its extension probes
 * 0, CREATE is unknown to OpenSBI) while the host runs on regardless.
 * What the boot log says is checked on the host (check.sh).
 */
#include "enclave.h"

#define ACTIVE tp_bootarg("active", 2)
#define REGION(i) (tp_bootarg("base", 0) + (i) * tp_bootarg("stride", 0))
#define COUNT tp_bootarg("count", 0)

static struct sbiret create_raw(struct sm_create_args *a)
{
	return sm_call(SM_FID_CREATE, (ulong)a, 0, 0);
}

#define ARGS(ep, es, up, us) { ep, es, up, us, ep, ep + 0x1000, ep + 0x2000, 0 }

/* Without the parameters every other test would pass vacuously. */
TEST(parameters)
{
	EXPECT_LT(ACTIVE, 2);
	EXPECT_NE(COUNT, 0);
	EXPECT_NE(REGION(0), 0);
	/* whole 64 KiB EPMs fit between the regions, all in DRAM */
	EXPECT_LT(0x1ffffUL, tp_bootarg("stride", 0));
	EXPECT_LT(REGION(COUNT), 0xa0000000UL);
}

TEST(extension_probe)
{
	EXPECT_EQ(sbi_probe(SM_EXT_ID), ACTIVE);
}

/*
 * Each region refuses an EPM and a UTM over it: the monitor knows them all
 * (before the fix it kept 7 and dropped the rest, silently).  Inactive,
 * the call does not reach a monitor at all.
 */
TEST(every_region_refused)
{
	ulong i, n = COUNT, active = ACTIVE;

	for (i = 0; i < n; i++) {
		struct sm_create_args e = ARGS(REGION(i), EPM_SIZE, UTM_AREA, 0x1000);
		struct sm_create_args u = ARGS(EPM_AREA, EPM_SIZE, REGION(i), 0x1000);
		long want = active ? (long)SM_ERR_REGION_OVERLAPS : SBI_ERR_NOT_SUPPORTED;
		struct sbiret r = create_raw(&e);

		if (r.error != want)
			tp_printf("  EPM over region %lu (0x%lx): %ld\n", i,
				  REGION(i), r.error);
		EXPECT_EQ(r.error, want);
		/* one taken by mistake must not hide the next (overlaps) */
		if (!r.error)
			sm_call(SM_FID_DESTROY, r.value, 0, 0);
		r = create_raw(&u);
		if (r.error != want)
			tp_printf("  UTM over region %lu (0x%lx): %ld\n", i,
				  REGION(i), r.error);
		EXPECT_EQ(r.error, want);
		if (!r.error)
			sm_call(SM_FID_DESTROY, r.value, 0, 0);
	}
}

/* Active: the monitor works around them (an enclave between two runs). */
TEST(enclave_beside_regions)
{
	struct enc e;

	if (!ACTIVE)
		return;
	ASSERT_EQ(enc_create_at(&e, REGION(COUNT - 1) + 0x10000, EPM_SIZE,
				UTM_AREA, UTM_SIZE), 0);
	EXPECT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	EXPECT_EQ(enc_destroy(&e), 0);
}

/* The host runs either way: console, timer, another hart (its IPIs). */
static ulong on_other(ulong x)
{
	return x + 1;
}

TEST(host_runs)
{
	static const char msg[] = "initfail: DBCN write\n";
	ulong ticks = tp_timer_ticks, hart = tp_other_hart(1);
	u64 until = tp_time() + tp_ms(1000);
	struct sbiret r;

	r = sbi_call(SBI_EXT_DBCN, 0, sizeof(msg) - 1, (ulong)msg, 0, 0, 0, 0);
	EXPECT_EQ(r.error, 0);
	EXPECT_EQ(r.value, sizeof(msg) - 1);
	EXPECT_EQ(sbi_probe(SBI_EXT_TIME), 1);
	sbi_set_timer(tp_time() + tp_ms(1));
	while (tp_timer_ticks == ticks && tp_time() < until)
		;
	EXPECT_NE(tp_timer_ticks, ticks);
	tp_watchdog_rearm();
	ASSERT_NE(hart, -1UL);
	EXPECT_EQ(tp_run_on(hart, on_other, 41), 42);
}
