// SPDX-License-Identifier: BSD-2-Clause
/*
 * ATTEST, GET_SEALING_KEY and RANDOM from an enclave.  The report, a
 * sealing key and random values are also printed (REPORT/SEALKEY/RANDOM
 * lines) for tests/qemu/attest_check.sh, which verifies them on the host
 * with sm-verify and openssl and compares them across boots.
 */
#include "enclave.h"

#define REPORT_OFF 0x1000 /* in UTM */
#define DATA_OFF 0x800
#define KEY_OFF 0x6000 /* in EPM */
#define ID_OFF 0x6100

static void print_hex(const char *tag, const volatile u8 *p, ulong n)
{
	ulong i;

	tp_printf("%s ", tag);
	for (i = 0; i < n; i++)
		tp_printf("%02x", p[i]);
	tp_printf("\n");
}

static long attest(struct enc *e, ulong report, ulong data, ulong len)
{
	e->u[U_CMD] = CMD_ECALL;
	e->u[U_ARG(0)] = report;
	e->u[U_ARG(1)] = data;
	e->u[U_ARG(2)] = len;
	e->u[U_ARG(6)] = SM_FID_ATTEST;
	e->u[U_ARG(7)] = SM_EXT_ID;
	e->u[U_R0] = 0xbad;
	if (enc_resume(e) != (long)SM_ERR_EDGE_CALL_HOST)
		return -1;
	return e->u[U_R0];
}

static long sealing_key(struct enc *e, ulong key, ulong id, ulong len)
{
	ulong v;

	return enc_ecall(e, SM_EXT_ID, SM_FID_GET_SEALING_KEY, key, id, len, &v);
}

/* The enclave writes 8 bytes of its own memory (host values via UTM args). */
static void enc_store(struct enc *e, ulong addr, ulong val)
{
	e->u[U_CMD] = CMD_STORE;
	e->u[U_ARG(0)] = addr;
	e->u[U_ARG(1)] = val;
	enc_resume(e);
}

static ulong enc_load(struct enc *e, ulong addr)
{
	e->u[U_CMD] = CMD_LOAD;
	e->u[U_ARG(0)] = addr;
	enc_resume(e);
	return e->u[U_R0];
}

static void read_key(struct enc *e, ulong *out)
{
	unsigned int i;

	for (i = 0; i < sizeof(struct sm_sealing_key) / 8; i++)
		out[i] = enc_load(e, enc_epm(e) + KEY_OFF + 8 * i);
}

TEST(attest_report)
{
	struct enc e;
	volatile u8 *u;
	const volatile struct sm_report *r;
	unsigned int i;

	ASSERT_EQ(enc_create(&e, 0), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	u = (volatile u8 *)e.u;
	for (i = 0; i < 32; i++)
		u[DATA_OFF + i] = 0xa0 + i; /* the verifier's nonce */
	ASSERT_EQ(attest(&e, e.a.utm_paddr + REPORT_OFF, e.a.utm_paddr + DATA_OFF, 32), 0);
	r = (const volatile struct sm_report *)(u + REPORT_OFF);
	EXPECT_EQ(tp_memcmp((const void *)r->header.magic, SM_REPORT_MAGIC, 8), 0);
	EXPECT_EQ(r->header.version, SM_REPORT_VERSION);
	EXPECT_EQ(r->header.flags, SM_REPORT_FLAG_DEV_SECRET);
	EXPECT_EQ(r->enclave.data_len, 32);
	EXPECT_EQ(r->enclave.data[0], 0xa0);
	EXPECT_EQ(r->enclave.data[31], 0xa0 + 31);
	EXPECT_EQ(r->enclave.data[32], 0);
	EXPECT_TRUE(r->device_public_key[0] == 2 || r->device_public_key[0] == 3);
	EXPECT_TRUE(r->monitor.public_key[0] == 2 || r->monitor.public_key[0] == 3);
	print_hex("REPORT", (const volatile u8 *)r, SM_REPORT_SIZE);
	tp_printf("LAYOUT epm 0x%lx runtime 0x%lx user 0x%lx free 0x%lx\n",
		  (ulong)e.a.epm_paddr, (ulong)(e.a.runtime_paddr - e.a.epm_paddr),
		  (ulong)(e.a.user_paddr - e.a.epm_paddr),
		  (ulong)(e.a.free_paddr - e.a.epm_paddr));
	/* same enclave, same data: deterministic signature, same report */
	{
		static u8 first[SM_REPORT_SIZE];

		tp_memcpy(first, (const void *)r, sizeof(first));
		ASSERT_EQ(attest(&e, e.a.utm_paddr + REPORT_OFF, e.a.utm_paddr + DATA_OFF, 32), 0);
		EXPECT_EQ(tp_memcmp(first, (const void *)r, sizeof(first)), 0);
	}
	EXPECT_EQ(enc_destroy(&e), 0);
}

TEST(attest_errors)
{
	struct enc a, b;
	volatile u8 *u;
	ulong end;

	ASSERT_EQ(enc_create(&a, 1), 0);
	ASSERT_EQ(enc_create(&b, 2), 0);
	ASSERT_EQ(enc_run(&a), SM_ERR_EDGE_CALL_HOST);
	u = (volatile u8 *)a.u;
	EXPECT_EQ(attest(&a, a.a.utm_paddr + REPORT_OFF, a.a.utm_paddr, 1025), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(attest(&a, a.a.utm_paddr + REPORT_OFF, a.a.utm_paddr, ~0UL), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(attest(&a, 0x80200000UL, a.a.utm_paddr, 8), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(attest(&a, a.a.utm_paddr + REPORT_OFF, b.a.epm_paddr, 8), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(attest(&a, a.a.utm_paddr + REPORT_OFF, 0x80000000UL, 8), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(attest(&a, b.a.utm_paddr, a.a.utm_paddr, 8), SM_ERR_NOT_ACCESSIBLE);
	/* straddling the end of the UTM: nothing is written */
	end = a.a.utm_paddr + a.a.utm_size;
	u[a.a.utm_size - 8] = 0x5a;
	EXPECT_EQ(attest(&a, end - 100, a.a.utm_paddr, 8), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(u[a.a.utm_size - 8], 0x5a);
	EXPECT_EQ(u[a.a.utm_size - 100], 0);
	EXPECT_EQ(enc_destroy(&a), 0);
	EXPECT_EQ(enc_destroy(&b), 0);
}

TEST(sealing_keys)
{
	struct enc e, f;
	static ulong k1[24], k2[24], k3[24], k4[24];
	unsigned int i, same;

	ASSERT_EQ(enc_create(&e, 3), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	enc_store(&e, enc_epm(&e) + ID_OFF, 0x6168706c61UL); /* "alpha" */
	ASSERT_EQ(sealing_key(&e, enc_epm(&e) + KEY_OFF, enc_epm(&e) + ID_OFF, 5), 0);
	read_key(&e, k1);
	ASSERT_EQ(sealing_key(&e, enc_epm(&e) + KEY_OFF, enc_epm(&e) + ID_OFF, 5), 0);
	read_key(&e, k2);
	EXPECT_EQ(tp_memcmp(k1, k2, sizeof(k1)), 0); /* stable */
	for (i = 0, same = 0; i < 16; i++)
		same += k1[i] == 0;
	EXPECT_NE(same, 16); /* not all zero */
	print_hex("SEALKEY", (const volatile u8 *)k1, sizeof(k1));
	enc_store(&e, enc_epm(&e) + ID_OFF, 0x61746562UL); /* "beta" */
	ASSERT_EQ(sealing_key(&e, enc_epm(&e) + KEY_OFF, enc_epm(&e) + ID_OFF, 4), 0);
	read_key(&e, k3);
	EXPECT_NE(tp_memcmp(k1, k3, 128), 0); /* another identifier */
	EXPECT_EQ(sealing_key(&e, enc_epm(&e) + KEY_OFF, enc_epm(&e) + ID_OFF, 0), 0);

	/* another enclave image (one byte differs): another key for "alpha" */
	{
		ulong epm = EPM_AREA + 4 * EPM_SIZE, n;

		n = enclave_probe_end - enclave_probe_start;
		tp_memset((void *)epm, 0, EPM_SIZE);
		tp_memcpy((void *)epm, enclave_probe_start, n);
		((volatile u8 *)epm)[0x400] ^= 0x55; /* in the .org gap: harmless */
		ASSERT_EQ(enc_create_loaded(&f, epm, EPM_SIZE,
					    UTM_AREA + 4 * UTM_SIZE, UTM_SIZE), 0);
	}
	ASSERT_EQ(enc_run(&f), SM_ERR_EDGE_CALL_HOST);
	enc_store(&f, enc_epm(&f) + ID_OFF, 0x6168706c61UL);
	ASSERT_EQ(sealing_key(&f, enc_epm(&f) + KEY_OFF, enc_epm(&f) + ID_OFF, 5), 0);
	read_key(&f, k4);
	EXPECT_NE(tp_memcmp(k1, k4, 128), 0);
	EXPECT_EQ(enc_destroy(&f), 0);
	EXPECT_EQ(enc_destroy(&e), 0);
}

TEST(sealing_key_errors)
{
	struct enc e, o;
	ulong last, epm;

	ASSERT_EQ(enc_create(&e, 5), 0);
	ASSERT_EQ(enc_create(&o, 6), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	epm = enc_epm(&e);
	enc_store(&e, epm + e.a.epm_size - 8, 0x1122334455667788UL);
	EXPECT_EQ(sealing_key(&e, epm + KEY_OFF, epm + ID_OFF, 65), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(sealing_key(&e, epm + KEY_OFF, epm + ID_OFF, ~0UL), SM_ERR_ILLEGAL_ARGUMENT);
	/* key buffer: host memory, another enclave, UTM, straddling the end */
	EXPECT_EQ(sealing_key(&e, 0x80200000UL, epm + ID_OFF, 4), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(sealing_key(&e, 0x80000000UL, epm + ID_OFF, 4), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(sealing_key(&e, o.a.epm_paddr, epm + ID_OFF, 4), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(sealing_key(&e, e.a.utm_paddr, epm + ID_OFF, 4), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(sealing_key(&e, epm + e.a.epm_size - 100, epm + ID_OFF, 4), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(sealing_key(&e, ~0UL - 64, epm + ID_OFF, 4), SM_ERR_NOT_ACCESSIBLE);
	/* identifier outside the EPM */
	EXPECT_EQ(sealing_key(&e, epm + KEY_OFF, e.a.utm_paddr, 4), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(sealing_key(&e, epm + KEY_OFF, o.a.epm_paddr, 4), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(sealing_key(&e, epm + KEY_OFF, epm + e.a.epm_size - 2, 4), SM_ERR_NOT_ACCESSIBLE);
	/* the targets are unchanged */
	last = enc_load(&e, epm + e.a.epm_size - 8);
	EXPECT_EQ(last, 0x1122334455667788UL);
	EXPECT_EQ(enc_destroy(&e), 0);
	EXPECT_EQ(enc_destroy(&o), 0);
}

TEST(random)
{
	struct enc e;
	ulong v1 = 0, v2 = 0;
	long r1, r2;

	ASSERT_EQ(enc_create(&e, 7), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	r1 = enc_ecall(&e, SM_EXT_ID, SM_FID_RANDOM, 0, 0, 0, &v1);
	r2 = enc_ecall(&e, SM_EXT_ID, SM_FID_RANDOM, 0, 0, 0, &v2);
	EXPECT_EQ(r1, r2);
	if (r1 == (long)SM_ERR_NOT_IMPLEMENTED) {
		tp_printf("RANDOM unavailable\n");
	} else {
		EXPECT_EQ(r1, 0);
		EXPECT_NE(v1, v2);
		tp_printf("RANDOM %lx %lx\n", v1, v2);
	}
	EXPECT_EQ(enc_destroy(&e), 0);
}

/*
 * RANDOM hands each value out once: values from many calls, from two
 * enclaves on two harts at the same time (more than one buffer's worth
 * each, so refills race too), are all distinct and none is zero.
 */
#define RANDOM_N 600
static struct enc rnd_enc[2];
static ulong rnd_vals[2 * RANDOM_N];

static ulong random_many(ulong side)
{
	ulong i, bad = 0;

	for (i = 0; i < RANDOM_N; i++)
		if (enc_ecall(&rnd_enc[side], SM_EXT_ID, SM_FID_RANDOM, 0, 0, 0,
			      &rnd_vals[side * RANDOM_N + i]))
			bad++;
	return bad;
}

TEST(random_distinct)
{
	ulong h1 = tp_other_hart(1), v, bad;
	unsigned int i, j, zero = 0, dup = 0;

	ASSERT_EQ(enc_create(&rnd_enc[0], 8), 0);
	ASSERT_EQ(enc_create(&rnd_enc[1], 9), 0);
	ASSERT_EQ(enc_run(&rnd_enc[0]), SM_ERR_EDGE_CALL_HOST);
	ASSERT_EQ(enc_run(&rnd_enc[1]), SM_ERR_EDGE_CALL_HOST);
	/* no entropy source (sifive_u): nothing to hand out */
	if (enc_ecall(&rnd_enc[0], SM_EXT_ID, SM_FID_RANDOM, 0, 0, 0, &v) ==
	    (long)SM_ERR_NOT_IMPLEMENTED)
		goto out;
	if (h1 != -1UL) {
		tp_start_on(h1, random_many, 1);
		bad = random_many(0);
		bad += tp_wait(h1);
	} else {
		bad = random_many(0) + random_many(1);
	}
	EXPECT_EQ(bad, 0);
	/* insertion sort, then neighbours */
	for (i = 1; i < 2 * RANDOM_N; i++) {
		v = rnd_vals[i];
		for (j = i; j > 0 && rnd_vals[j - 1] > v; j--)
			rnd_vals[j] = rnd_vals[j - 1];
		rnd_vals[j] = v;
	}
	for (i = 0; i < 2 * RANDOM_N; i++) {
		zero += !rnd_vals[i];
		dup += i && rnd_vals[i] == rnd_vals[i - 1];
	}
	EXPECT_EQ(zero, 0);
	EXPECT_EQ(dup, 0);
	tp_printf("random_distinct: %u values, %s\n", 2 * RANDOM_N,
		  h1 != -1UL ? "two harts" : "one hart");
out:
	EXPECT_EQ(enc_destroy(&rnd_enc[0]), 0);
	EXPECT_EQ(enc_destroy(&rnd_enc[1]), 0);
}
