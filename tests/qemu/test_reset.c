// SPDX-License-Identifier: BSD-2-Clause
/*
 * Nothing of an enclave survives a reset (QEMU keeps DRAM across a guest
 * reset).  One QEMU run, three boots, a marker in DRAM between them:
 *   boot 1: enclaves with a secret pattern (one running on another hart),
 *           then SBI SRST cold reboot;
 *   boot 2: counts the pattern left in those EPMs; a new enclave, then the
 *           host writes the reboot value to the reset device itself (as
 *           Linux's syscon-reboot driver does);
 *   boot 3: counts again; the tests below check both counts are 0.
 */
#include "enclave.h"
#include "adv.h"

#define MARK ((volatile struct mark *)0x9f000000UL)
#define MARK_MAGIC 0x7265736574746573UL /* "settestr" */
#define SECRET 0x5ec7e75ec7e75ec7UL
#define SYSCON 0x100000UL
#define SYSCON_REBOOT 0x7777U
#define SBI_SRST_COLD_REBOOT 1

struct mark {
	ulong magic, stage;
	ulong left_after_srst, left_after_mmio, dropped_write_ok;
	ulong epm0, epm1; /* where the enclaves ran (the pool, if adopted) */
};

ENCLAVE_IMAGE(adv);

/* Fills an EPM with the secret past its first 16 KiB (the code). */
static void fill_secret(ulong epm)
{
	ulong a;

	tp_memset((void *)epm, 0, EPM_SIZE);
	for (a = epm + 0x4000; a < epm + EPM_SIZE; a += 8)
		*(volatile ulong *)a = SECRET;
}

static ulong count_secret(ulong epm)
{
	ulong a, n = 0;

	if (!epm)
		return 0;
	for (a = epm; a < epm + EPM_SIZE; a += 8)
		n += *(volatile ulong *)a == SECRET;
	return n;
}

/*
 * After the reset the pool is the new monitor's again, denied to us: it
 * holds no enclave yet, so it can be taken back and read.
 */
static void reclaim_pool(void)
{
	ulong base, size;

	if (tp_pool_range(&base, &size) &&
	    sm_call(SM_FID_POOL_RECLAIM, base, size).error)
		tp_printf("reset: could not take the pool back\n");
}

static struct enc e0, e1;

/* Creates with the whole EPM as its image, secret included. */
static long create_whole(struct enc *e, ulong epm, ulong utm)
{
	struct sbiret r;

	tp_memset((void *)utm, 0, UTM_SIZE);
	e->a = (struct sm_create_args){ epm, EPM_SIZE, utm, UTM_SIZE, epm,
					epm + 0x2000, epm + EPM_SIZE, 0 };
	e->u = (volatile ulong *)utm;
	r = sm_call(SM_FID_CREATE, (ulong)&e->a);
	e->eid = r.error ? 0 : r.value;
	return r.error;
}

/* Another hart runs an enclave that never stops by itself. */
static ulong run_spinning(ulong unused)
{
	tp_memcpy((void *)(EPM_AREA + EPM_SIZE), enclave_adv_start,
		  enclave_adv_end - enclave_adv_start);
	if (create_whole(&e1, EPM_AREA + EPM_SIZE, UTM_AREA + UTM_SIZE))
		return 1;
	((volatile ulong *)(UTM_AREA + UTM_SIZE))[ADV_R + 3] = 0;
	if (enc_run(&e1) != (long)SM_ERR_EDGE_CALL_HOST)
		return 2;
	e1.u[ADV_CMD] = ADV_SSIP_SPIN;
	MARK->epm1 = enc_epm(&e1);
	enc_resume(&e1); /* returns only if it is interrupted: again */
	for (;;)
		enc_resume(&e1);
}

static void secret_enclave(void)
{
	fill_secret(EPM_AREA);
	tp_memcpy((void *)EPM_AREA, enclave_adv_start,
		  enclave_adv_end - enclave_adv_start);
	if (create_whole(&e0, EPM_AREA, UTM_AREA) ||
	    enc_run(&e0) != (long)SM_ERR_EDGE_CALL_HOST)
		tp_printf("reset: could not set up the secret enclave\n");
	MARK->epm0 = enc_epm(&e0);
}

/* QEMU virt: /reboot is a syscon-reboot on the "sifive,test" device. */
static bool has_syscon_reboot(void)
{
	u32 len;
	const char *c = tp_fdt_find(tp_fdt, "reboot", "compatible", &len);

	return c && !tp_memcmp(c, "syscon-reboot", 14);
}

void tp_demo(ulong hartid)
{
	ulong other;

	if (sbi_probe(SBI_EXT_SRST) != 1) {
		MARK->magic = 0;
		return;
	}
	if (MARK->magic != MARK_MAGIC) {
		tp_printf("reset: boot 1: secrets in two enclaves, then SRST\n");
		MARK->magic = MARK_MAGIC;
		MARK->stage = 1;
		MARK->left_after_srst = MARK->left_after_mmio = ~0UL;
		MARK->epm0 = MARK->epm1 = 0;
		fill_secret(EPM_AREA + EPM_SIZE);
		secret_enclave();
		other = tp_other_hart(1);
		if (other != -1UL) {
			volatile ulong *spins =
				(volatile ulong *)(UTM_AREA + UTM_SIZE) + ADV_R + 3;
			u64 until = tp_time() + tp_ms(2000);

			*spins = 0;
			tp_start_on(other, run_spinning, 0);
			while (*spins == 0 && tp_time() < until)
				;
		}
		sbi_call(SBI_EXT_SRST, 0, SBI_SRST_COLD_REBOOT, 0, 0, 0, 0, 0);
		tp_printf("reset: SRST returned\n");
		return;
	}
	if (MARK->stage == 1) {
		reclaim_pool();
		MARK->left_after_srst = count_secret(MARK->epm0) +
					count_secret(MARK->epm1);
		tp_printf("reset: boot 2: %lu secret words left; now the reset device\n",
			  MARK->left_after_srst);
		MARK->stage = 2;
		if (!has_syscon_reboot()) {
			/* sifive_u resets through a GPIO line (docs/threat-model.md) */
			MARK->stage = 3;
			return;
		}
		secret_enclave();
		/* a write that is not a reset is dropped, and reads work */
		(void)*(volatile u32 *)SYSCON;
		*(volatile u32 *)SYSCON = 0x1234;
		MARK->dropped_write_ok = 1;
		/* what Linux's syscon-reboot does: read, then write */
		*(volatile u32 *)SYSCON =
			(*(volatile u32 *)SYSCON & 0) | SYSCON_REBOOT;
		tp_printf("reset: the reboot write returned\n");
		return;
	}
	reclaim_pool();
	MARK->left_after_mmio = count_secret(MARK->epm0);
	tp_printf("reset: boot 3: %lu secret words left\n", MARK->left_after_mmio);
	MARK->stage = 3;
}

TEST(srst_scrubs_every_epm)
{
	if (!MARK->magic) {
		tp_printf("  no SRST on this machine: nothing to check\n");
		return;
	}
	EXPECT_EQ(MARK->stage, 3);
	EXPECT_EQ(MARK->left_after_srst, 0);
}

TEST(reset_device_write_scrubs_every_epm)
{
	if (!MARK->magic) {
		tp_printf("  no SRST on this machine: nothing to check\n");
		return;
	}
	if (!has_syscon_reboot()) {
		tp_printf("  no syscon-reboot device here: nothing to check\n");
		return;
	}
	EXPECT_EQ(MARK->stage, 3);
	EXPECT_EQ(MARK->dropped_write_ok, 1);
	EXPECT_EQ(MARK->left_after_mmio, 0);
}
