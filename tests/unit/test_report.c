// SPDX-License-Identifier: BSD-2-Clause
/*
 * Report encoding and key derivation (sm/sm_report.c, sm/sm_kdf.c) with
 * fixed vectors: HKDF outputs computed with `openssl kdf`, and the device
 * public key the monitor announces at boot for the development secret.
 */
#include <stdio.h>
#include <string.h>
#include <crypto.h>
#include "check.h"
#include "dev_secret.h"
#include "sm_kdf.h"
#include "sm_report.h"

static void unhex(const char *s, unsigned char *out)
{
	while (*s && s[1]) {
		unsigned int v;

		sscanf(s, "%2x", &v);
		*out++ = v;
		s += 2;
	}
}

static void test_layout(void)
{
	struct sm_report r;
	unsigned char m[32], mm[32], mp[33], ms[64], dp[33];

	memset(m, 0x11, 32);
	memset(mm, 0x22, 32);
	memset(mp, 0x33, 33);
	memset(ms, 0x44, 64);
	memset(dp, 0x55, 33);
	memset(&r, 0, sizeof(r));
	sm_report_fill(&r, SM_REPORT_FLAG_DEV_SECRET, m, 0x0102, mm, mp, ms, dp);
	CHECK_EQ(sizeof(r), 1306);
	CHECK(!memcmp((unsigned char *)&r, "SMREPORT", 8));
	CHECK_EQ(((unsigned char *)&r)[8], 1); /* version, LE */
	CHECK_EQ(((unsigned char *)&r)[12], 1); /* flags */
	CHECK_EQ(((unsigned char *)&r)[16], 0x11);
	CHECK_EQ(((unsigned char *)&r)[48], 0x02); /* data_len LE */
	CHECK_EQ(((unsigned char *)&r)[49], 0x01);
	CHECK_EQ(((unsigned char *)&r)[1144], 0x22);
	CHECK_EQ(((unsigned char *)&r)[1176], 0x33);
	CHECK_EQ(((unsigned char *)&r)[1209], 0x44);
	CHECK_EQ(((unsigned char *)&r)[1273], 0x55);
	CHECK_EQ(((unsigned char *)&r)[1305], 0x55);
	CHECK_EQ(sm_report_get_le64((unsigned char *)&r + 48), 0x0102);
}

static void test_enclave_hash(void)
{
	struct sm_report r;
	unsigned char h1[32], h2[32], msg[56 + 4];
	struct crypto_sha256 c;

	memset(&r, 0, sizeof(r));
	sm_report_fill(&r, 0, (unsigned char[32]){ 7 }, 4, (unsigned char[32]){ 0 },
		       (unsigned char[33]){ 2 }, (unsigned char[64]){ 0 },
		       (unsigned char[33]){ 3 });
	memcpy(r.enclave.data, "abcdXYZ", 7);
	CHECK_EQ(sm_report_enclave_hash(&r, h1), 0);
	/* exactly bytes 0..55 then data[0..data_len) */
	memcpy(msg, &r, 56);
	memcpy(msg + 56, "abcd", 4);
	crypto_sha256_init(&c);
	crypto_sha256_update(&c, msg, sizeof(msg));
	crypto_sha256_final(&c, h2);
	CHECK(!memcmp(h1, h2, 32));
	/* bytes past data_len are not covered */
	r.enclave.data[5] = 'Q';
	sm_report_enclave_hash(&r, h2);
	CHECK(!memcmp(h1, h2, 32));
	r.enclave.data[3] = 'Q';
	sm_report_enclave_hash(&r, h2);
	CHECK(memcmp(h1, h2, 32));
	/* an oversized data_len is refused, not hashed past the buffer */
	sm_report_le64((unsigned char *)&r.enclave.data_len, 1025);
	CHECK_EQ(sm_report_enclave_hash(&r, h2), -1);
}

static void test_kdf(void)
{
	unsigned char root[32], meas[32], k1[128], k2[128], want[128], seed[32];
	static const unsigned char secret[32] = SM_DEV_SECRET_INIT;
	struct crypto_keypair kp;
	unsigned char pub[33], wpub[33];

	memset(root, 0x11, 32);
	memset(meas, 0x22, 32);
	/* openssl kdf -keylen 128 -kdfopt digest:SHA256 -kdfopt hexkey:11..11
	 *   -kdfopt hexinfo:"sm sealing key v1"||22..22||"alpha" HKDF */
	unhex("e67696d65228d625835cca9018c86ae29b9c3e55693d42d9f9a40f6da388320e"
	      "61ffa88d3db422db721903773ff7f2def84300c3901e37fcd58bffb195fe8166"
	      "91d329d70a7a7e224901cbb405859d6d45dd58fbe2cb37118265abe1d4a18585"
	      "58ebc6afd710a2cb8ea8ef2136a639b56d41fee0ca4155528d76a8dd5221878e",
	      want);
	CHECK_EQ(sm_sealing_derive(root, meas, (const unsigned char *)"alpha", 5, k1), 0);
	CHECK(!memcmp(k1, want, 128));
	CHECK_EQ(sm_sealing_derive(root, meas, (const unsigned char *)"beta", 4, k2), 0);
	CHECK(memcmp(k1, k2, 128)); /* another identifier */
	meas[0] ^= 1;
	sm_sealing_derive(root, meas, (const unsigned char *)"alpha", 5, k2);
	CHECK(memcmp(k1, k2, 128)); /* another enclave */
	meas[0] ^= 1;
	root[0] ^= 1;
	sm_sealing_derive(root, meas, (const unsigned char *)"alpha", 5, k2);
	CHECK(memcmp(k1, k2, 128)); /* another device/monitor */
	CHECK_EQ(sm_sealing_derive(root, meas, k2, 65, k2), -1); /* id too long */

	/* device key seed: openssl kdf ... hexinfo:"sm device key v1" */
	CHECK_EQ(sm_kdf_label(secret, "sm device key v1", NULL, 0, seed), 0);
	unhex("25f9ba9fae390bbe44e936c6ef62eb996a06b33c9a8773673d9cddab169147a9", want);
	CHECK(!memcmp(seed, want, 32));
	/* and the key the monitor announces at boot for that seed */
	CHECK_EQ(crypto_keypair_from_seed(&kp, seed), 0);
	crypto_pubkey_compressed(&kp, pub);
	unhex("03d14bee5dfc44f10a015275c4470fde3e2d7f6d5a9d0929e59fbb349f0afde974", wpub);
	CHECK(!memcmp(pub, wpub, 33));
	crypto_keypair_wipe(&kp);
}

int main(void)
{
	crypto_init();
	test_layout();
	test_enclave_hash();
	test_kdf();
	return check_summary("test_report");
}
