// SPDX-License-Identifier: BSD-2-Clause
/*
 * Ways around the monitor through what it does not own: OpenSBI's other
 * extensions, the hypervisor extension, IPIs, the entropy seed.  Each test
 * here is a regression test for an attack that worked on an earlier
 * firmware (see docs/threat-model.md); they are black-box: the payload is
 * the host, enclave/adv.c the enclave.
 */
#include "enclave.h"
#include "adv.h"

#define PMU_EVENT_GET_INFO 8

ENCLAVE_IMAGE(adv);

static long adv_start(struct enc *e, unsigned int slot)
{
	long rc = enc_create_image(e, slot, enclave_adv_start, enclave_adv_end);

	if (rc)
		return rc;
	return enc_run(e);
}

/* Where it really runs (rt/start.S leaves a1 in the UTM's last word). */
static ulong adv_epm(struct enc *e)
{
	return enc_epm(e);
}

/* Runs one command in the enclave; RESUME's a0 (EDGE_CALL_HOST when done). */
static long adv_cmd(struct enc *e, ulong cmd, ulong a0)
{
	e->u[ADV_ARG(0)] = a0;
	e->u[ADV_CMD] = cmd;
	return enc_resume(e);
}

static struct sbiret adv_ecall(struct enc *e, ulong ext, ulong fid, ulong a0,
			       ulong a1, ulong a2, ulong a3)
{
	e->u[ADV_ARG(1)] = a1;
	e->u[ADV_ARG(2)] = a2;
	e->u[ADV_ARG(3)] = a3;
	e->u[ADV_ARG(4)] = 0;
	e->u[ADV_ARG(5)] = 0;
	e->u[ADV_ARG(6)] = fid;
	e->u[ADV_ARG(7)] = ext;
	e->u[ADV_R] = 0xbad;
	if (adv_cmd(e, ADV_ECALL, a0) != (long)SM_ERR_EDGE_CALL_HOST)
		return (struct sbiret){ 0x7ead, 0 };
	return (struct sbiret){ (long)e->u[ADV_R], (long)e->u[ADV_R + 1] };
}

/* Extensions OpenSBI registers but the host may not reach: absent, denied. */
TEST(host_allow_list)
{
	static const ulong denied[] = { SBI_EXT_DBTR, SBI_EXT_SSE, SBI_EXT_FWFT,
					SBI_EXT_MPXY };
	unsigned int i;
	ulong fid;

	for (i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		EXPECT_EQ(sbi_probe(denied[i]), 0);
		for (fid = 0; fid < 12; fid++) {
			long err = sbi_call(denied[i], fid, 0x80000000UL, 0, 0,
					    0, 0, 0).error;

			/* registered: denied; not built in: not supported */
			if (err != SBI_ERR_DENIED && err != SBI_ERR_NOT_SUPPORTED)
				EXPECT_EQ(err, SBI_ERR_DENIED);
		}
	}
	/* What Linux needs stays there. */
	EXPECT_EQ(sbi_probe(SBI_EXT_TIME), 1);
	EXPECT_EQ(sbi_probe(SBI_EXT_IPI), 1);
	EXPECT_EQ(sbi_probe(SBI_EXT_RFENCE), 1);
	EXPECT_EQ(sbi_probe(SBI_EXT_HSM), 1);
	EXPECT_EQ(sbi_probe(SBI_EXT_PMU), 1);
	EXPECT_EQ(sbi_probe(SM_EXT_ID), 1);
	/* functions past the vetted ones of an allowed extension */
	EXPECT_EQ(sbi_call(SBI_EXT_PMU, 9, 0, 0, 0, 0, 0, 0).error,
		  SBI_ERR_DENIED);
	EXPECT_EQ(sbi_call(SBI_EXT_HSM, 4, 0, 0, 0, 0, 0, 0).error,
		  SBI_ERR_DENIED);
	EXPECT_EQ(sbi_call(SBI_EXT_DBCN, 3, 0, 0, 0, 0, 0, 0).error,
		  SBI_ERR_DENIED);
	/* a vendor extension id */
	EXPECT_NE(sbi_call(0x09000000, 0, 0, 0, 0, 0, 0, 0).error, 0);
}

/*
 * DBTR: shared memory registered where an EPM will be, then triggers read
 * back into it after CREATE, used to write the enclave's code after its
 * measurement.  Now DBTR is denied from the start, so nothing is armed.
 */
TEST(dbtr_shmem_cannot_reach_an_epm)
{
	struct enc e;
	ulong epm = EPM_AREA + 2 * EPM_SIZE, shmem = epm + 0x3000, v = 0;
	long err;

	err = sbi_call(SBI_EXT_DBTR, 1, shmem, 0, 0, 0, 0, 0).error;
	EXPECT_TRUE(err == SBI_ERR_DENIED || err == SBI_ERR_NOT_SUPPORTED);
	ASSERT_EQ(adv_start(&e, 2), SM_ERR_EDGE_CALL_HOST);
	/* and where the enclave really is */
	err = sbi_call(SBI_EXT_DBTR, 1, adv_epm(&e) + 0x3000, 0, 0, 0, 0, 0).error;
	EXPECT_TRUE(err == SBI_ERR_DENIED || err == SBI_ERR_NOT_SUPPORTED);
	EXPECT_NE(sbi_call(SBI_EXT_DBTR, 2, 0, 1, 0, 0, 0, 0).error, 0);
	EXPECT_NE(sbi_call(SBI_EXT_DBTR, 3, 1, 0, 0, 0, 0, 0).error, 0);
	/* the enclave finds its EPM as it was measured (zero there) */
	EXPECT_EQ(adv_cmd(&e, ADV_LOAD, adv_epm(&e) + 0x3000),
		  SM_ERR_EDGE_CALL_HOST);
	v = e.u[ADV_R];
	EXPECT_EQ(v, 0);
	EXPECT_EQ(enc_destroy(&e), 0);
}

/*
 * PMU EVENT_GET_INFO: num_events * 16 wrapped in OpenSBI 1.6, so a 16-byte
 * check let M-mode store through every EPM above the buffer.
 */
static volatile ulong pmu_buf[8] __attribute__((aligned(16)));

TEST(pmu_event_info_size_cannot_wrap)
{
	struct enc e;
	ulong below;

	ASSERT_EQ(adv_start(&e, 3), SM_ERR_EDGE_CALL_HOST);
	below = adv_epm(&e) - 16;
	/* 2^60 + 1 events: 16 bytes after the wrap */
	EXPECT_EQ(sbi_call(SBI_EXT_PMU, PMU_EVENT_GET_INFO, below, 0,
			   (1UL << 60) + 1, 0, 0, 0).error,
		  SBI_ERR_INVALID_PARAM);
	EXPECT_EQ(sbi_call(SBI_EXT_PMU, PMU_EVENT_GET_INFO, below, 0,
			   ~0UL, 0, 0, 0).error,
		  SBI_ERR_INVALID_PARAM);
	/* a range that reaches into the EPM is refused as a whole */
	EXPECT_NE(sbi_call(SBI_EXT_PMU, PMU_EVENT_GET_INFO, below, 0, 2, 0, 0,
			   0).error,
		  0);
	/* the enclave's memory is intact, and the call still works */
	EXPECT_EQ(adv_cmd(&e, ADV_LOAD, adv_epm(&e) + 0x3000),
		  SM_ERR_EDGE_CALL_HOST);
	EXPECT_EQ(e.u[ADV_R], 0);
	pmu_buf[0] = 0x1; /* an event index, for a well-formed call */
	EXPECT_EQ(sbi_call(SBI_EXT_PMU, PMU_EVENT_GET_INFO, (ulong)pmu_buf, 0,
			   2, 0, 0, 0).error,
		  0);
	EXPECT_EQ(enc_destroy(&e), 0);
}

/* The H and VS CSRs of adv.c's list, read back as the hart stored them. */
#define H_LIST(X)                                                           \
	X(0x600) X(0x602) X(0x603) X(0x606) X(0x643) X(0x64a) X(0x680)      \
	X(0x605) X(0x200) X(0x204) X(0x205) X(0x240) X(0x241) X(0x242)     \
	X(0x243) X(0x280)

static void host_h_write(ulong base)
{
	ulong i = 0;

#define W(c) __asm__ __volatile__("csrw " #c ", %0" ::"r"(base + i++));
	H_LIST(W)
#undef W
}

static void host_h_read(ulong *out)
{
	ulong v, i = 0;

#define R(c)                                                     \
	__asm__ __volatile__("csrr %0, " #c : "=r"(v));          \
	out[i++] = v;
	H_LIST(R)
#undef R
}

static inline ulong host_sstatus(void)
{
	ulong v;

	__asm__ __volatile__("csrr %0, sstatus" : "=r"(v));
	return v;
}

/*
 * With H: no H or VS CSR crosses between the sides, either way, and an
 * enclave that sret's into VS-mode and is preempted does not get the host
 * back in VS-mode (mstatus.MPV), i.e. running through its VS CSRs.
 */
TEST(hypervisor_state_isolated)
{
	struct enc e;
	ulong host[ADV_NH], seen[ADV_NH], mine[ADV_NH], back[ADV_NH], i;
	long r;
	struct sbiret rr;

	ASSERT_EQ(adv_start(&e, 4), SM_ERR_EDGE_CALL_HOST);
	rr.error = adv_cmd(&e, ADV_H_SNAP, 0);
	if (rr.error == 0) {
		/* the enclave trapped: this hart has no H */
		tp_printf("  no hypervisor extension here: nothing to check\n");
		enc_destroy(&e);
		return;
	}
	ASSERT_EQ(rr.error, SM_ERR_EDGE_CALL_HOST);

	/* host sentinels (hstatus: only HU, bit 9; SPV would break sret) */
	host_h_write(0x7000);
	__asm__ __volatile__("csrw 0x600, %0" ::"r"(1UL << 9));
	host_h_read(host);
	ASSERT_EQ(adv_cmd(&e, ADV_H_SNAP, 0), SM_ERR_EDGE_CALL_HOST);
	for (i = 0; i < ADV_NH; i++) {
		seen[i] = e.u[ADV_R + i];
		if (host[i] && seen[i] == host[i]) {
			tp_printf("  host's H CSR %lu reached the enclave\n", i);
			EXPECT_NE(seen[i], host[i]);
		}
	}
	/* the enclave writes its own; the host finds its sentinels */
	ASSERT_EQ(adv_cmd(&e, ADV_H_WRITE, 0x9000), SM_ERR_EDGE_CALL_HOST);
	host_h_read(back);
	for (i = 0; i < ADV_NH; i++)
		if (back[i] != host[i]) {
			tp_printf("  H CSR %lu: enclave's value reached the host\n", i);
			EXPECT_EQ(back[i], host[i]);
		}
	ASSERT_EQ(adv_cmd(&e, ADV_H_SNAP, 0), SM_ERR_EDGE_CALL_HOST);
	for (i = 0; i < ADV_NH; i++)
		mine[i] = e.u[ADV_R + i];
	/* and they survive a host round trip with the host's in place */
	ASSERT_EQ(adv_cmd(&e, ADV_H_SNAP, 0), SM_ERR_EDGE_CALL_HOST);
	for (i = 0; i < ADV_NH; i++)
		EXPECT_EQ(e.u[ADV_R + i], mine[i]);

	/* VS-mode escape: the enclave spins in VS-mode, the timer stops it */
	__asm__ __volatile__("csrc sstatus, %0" ::"r"((1UL << 18) | 2));
	sbi_set_timer(tp_time() + tp_ms(5));
	r = adv_cmd(&e, ADV_VS_SPIN, 0);
	sbi_set_timer(~0ULL);
	EXPECT_EQ(r, SM_ERR_INTERRUPTED);
	/* In VS-mode, sstatus would be the enclave's vsstatus (SUM set). */
	EXPECT_EQ(host_sstatus() & (1UL << 18), 0);
	host_h_read(back);
	for (i = 0; i < ADV_NH; i++)
		EXPECT_EQ(back[i], host[i]);
	/* it is resumed in VS-mode and preempted again, not in HS */
	sbi_set_timer(tp_time() + tp_ms(2));
	EXPECT_EQ(enc_resume(&e), SM_ERR_INTERRUPTED);
	sbi_set_timer(~0ULL);
	EXPECT_EQ(host_sstatus() & (1UL << 18), 0);
	host_h_write(0);
	EXPECT_EQ(enc_destroy(&e), 0);
}

/*
 * An enclave with its own SSIP pending (and SSIE clear) must not swallow
 * an IPI meant for the host that arrives while it runs.
 */
static volatile ulong ipi_target;

static ulong send_ipi_later(ulong hart)
{
	u64 until = tp_time() + tp_ms(20);

	while (tp_time() < until)
		;
	return sbi_call(SBI_EXT_IPI, 0, 1, hart, 0, 0, 0, 0).error;
}

TEST(host_ipi_not_swallowed)
{
	struct enc e;
	ulong other = tp_other_hart(1), me = tp_boot_hartid(), sip;
	long r;

	if (other == -1UL) {
		tp_printf("  one hart: nothing to check\n");
		return;
	}
	ASSERT_EQ(adv_start(&e, 5), SM_ERR_EDGE_CALL_HOST);
	/* the host takes no interrupt itself: it looks at sip afterwards */
	__asm__ __volatile__("csrc sie, %0" ::"r"(2UL));
	__asm__ __volatile__("csrc sip, %0" ::"r"(2UL));
	sbi_set_timer(tp_time() + tp_ms(2000)); /* a backstop only */
	tp_start_on(other, send_ipi_later, me);
	r = adv_cmd(&e, ADV_SSIP_SPIN, 0);
	sbi_set_timer(~0ULL);
	EXPECT_EQ(tp_wait(other), 0);
	EXPECT_EQ(r, SM_ERR_INTERRUPTED);
	__asm__ __volatile__("csrr %0, sip" : "=r"(sip));
	EXPECT_TRUE(sip & 2); /* the host's IPI is pending for the host */
	__asm__ __volatile__("csrc sip, %0" ::"r"(2UL));
	/* and the enclave still has its own SSIP */
	sbi_set_timer(tp_time() + tp_ms(2));
	EXPECT_EQ(enc_resume(&e), SM_ERR_INTERRUPTED);
	sbi_set_timer(~0ULL);
	EXPECT_TRUE(e.u[ADV_R + 2] & 2);
	EXPECT_EQ(enc_destroy(&e), 0);
	__asm__ __volatile__("csrs sie, %0" ::"r"(2UL));
}

/*
 * QEMU's own copy of the device tree stays in DRAM after fw_jump copied it
 * (its address is in the reset vector at 0x1020): its /chosen/rng-seed is
 * the seed the monitor's DRBG came from, unless the monitor replaced it
 * there too, with what it gave the OS.
 */
TEST(rng_seed_replaced_in_every_copy)
{
	const u8 *mine, *orig;
	u32 len = 0, olen = 0;
	const void *boot_fdt = (const void *)*(volatile ulong *)0x1020UL;

	mine = tp_fdt_find(tp_fdt, "chosen", "rng-seed", &len);
	if (!mine) {
		tp_printf("  no /chosen/rng-seed on this machine\n");
		return;
	}
	EXPECT_NE((ulong)boot_fdt, (ulong)tp_fdt);
	orig = tp_fdt_find(boot_fdt, "chosen", "rng-seed", &olen);
	ASSERT_TRUE(orig != NULL);
	EXPECT_EQ(olen, len);
	EXPECT_EQ(tp_memcmp(orig, mine, len), 0);
}

/* A running enclave reaches none of the host-only standard extensions. */
TEST(enclave_denied_standard_extensions)
{
	static const struct {
		ulong ext, fid;
	} calls[] = {
		{ SBI_EXT_DBTR, 1 }, { SBI_EXT_SSE, 0 }, { SBI_EXT_FWFT, 0 },
		{ SBI_EXT_MPXY, 0 }, { SBI_EXT_SRST, 0 }, { SBI_EXT_HSM, 1 },
		{ SBI_EXT_IPI, 0 }, { SBI_EXT_RFENCE, 0 }, { SBI_EXT_PMU, 0 },
		{ 0x08, 0 }, /* legacy shutdown */
		{ 0x04, 0 }, /* legacy send_ipi */
		{ 0x09000000, 0 },
	};
	struct enc e;
	unsigned int i;

	ASSERT_EQ(adv_start(&e, 6), SM_ERR_EDGE_CALL_HOST);
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		struct sbiret r = adv_ecall(&e, calls[i].ext, calls[i].fid,
					    0, 0, 0, 0);

		if (r.error != SBI_ERR_DENIED)
			tp_printf("  ext 0x%lx fid %lu: %ld\n", calls[i].ext,
				  calls[i].fid, r.error);
		EXPECT_EQ(r.error, SBI_ERR_DENIED);
	}
	/* what Keystone's runtime needs still works */
	EXPECT_EQ(adv_ecall(&e, 0x10, 3, SBI_EXT_TIME, 0, 0, 0).value, 1);
	EXPECT_EQ(enc_destroy(&e), 0);
}
