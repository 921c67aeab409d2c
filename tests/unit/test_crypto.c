// SPDX-License-Identifier: BSD-2-Clause
/* The crypto layer on the host: the boot self-tests and sign/verify. */
#include <string.h>
#include <crypto.h>
#include "check.h"

/* SHA-256 of data through the layer's portable rounds alone. */
static void sha256_portable(const unsigned char *data, size_t len,
			    unsigned char out[32])
{
	unsigned int s[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	unsigned char blk[128];
	size_t done = 0, tail, i, n;
	unsigned long long bits = (unsigned long long)len * 8;

	for (; len - done >= 64; done += 64)
		crypto_sha256_block_c(s, data + done);
	tail = len - done;
	memset(blk, 0, sizeof(blk));
	memcpy(blk, data + done, tail);
	blk[tail] = 0x80;
	n = tail + 9 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		blk[n - 1 - i] = bits >> (8 * i);
	for (i = 0; i < n; i += 64)
		crypto_sha256_block_c(s, blk + i);
	for (i = 0; i < 8; i++) {
		out[4 * i] = s[i] >> 24;
		out[4 * i + 1] = s[i] >> 16;
		out[4 * i + 2] = s[i] >> 8;
		out[4 * i + 3] = s[i];
	}
}

/* The DRBG's output through the selected rounds (crypto_sha256_block_words). */
static void drbg_out(unsigned char out[64])
{
	static const unsigned char seed[32] = "rounds under test";

	CHECK_EQ(crypto_drbg_seed(seed, sizeof(seed), NULL, 0), 0);
	CHECK_EQ(crypto_drbg_generate(out, 64), 0);
}

/*
 * The portable rounds (the target's, through MBEDTLS_SHA256_PROCESS_ALT)
 * against the host's mbedTLS rounds, over every padding case.  Then the
 * selection: the host computes the Zknh and Zbb instructions in C, so
 * every variant runs here, gives the portable DRBG output, and one made
 * wrong (crypto_sha256_fault) is refused for the next one down.
 */
static void sha256_rounds(void)
{
	static unsigned char data[1000];
	unsigned char a[32], b[32], ref[64], out[64];
	unsigned int x = 1, bad = 0;
	size_t i, len;

	for (i = 0; i < sizeof(data); i++) {
		x = x * 1103515245 + 12345;
		data[i] = x >> 24;
	}
	for (len = 0; len <= sizeof(data); len += len < 200 ? 1 : 100) {
		crypto_sha256(data, len, a);
		sha256_portable(data, len, b);
		bad += memcmp(a, b, 32) != 0;
	}
	CHECK_EQ(bad, 0);

	CHECK_EQ(crypto_sha256_select(0), 0);
	CHECK(!strcmp(crypto_sha256_impl(), "portable"));
	drbg_out(ref);
	CHECK_EQ(crypto_sha256_select(CRYPTO_SHA256_ZBB), 0);
	CHECK(!strcmp(crypto_sha256_impl(), "Zbb"));
	drbg_out(out);
	CHECK(!memcmp(out, ref, sizeof(ref)));
	CHECK_EQ(crypto_sha256_select(CRYPTO_SHA256_ZKNH | CRYPTO_SHA256_ZBB), 0);
	CHECK(!strcmp(crypto_sha256_impl(), "Zknh")); /* Zknh first */
	drbg_out(out);
	CHECK(!memcmp(out, ref, sizeof(ref)));

	/* fallbacks: Zknh wrong, then Zbb wrong, then both */
	crypto_sha256_fault = CRYPTO_SHA256_ZKNH;
	CHECK_EQ(crypto_sha256_select(CRYPTO_SHA256_ZKNH | CRYPTO_SHA256_ZBB),
		 CRYPTO_SHA256_ZKNH);
	CHECK(!strcmp(crypto_sha256_impl(), "Zbb"));
	crypto_sha256_fault = CRYPTO_SHA256_ZBB;
	CHECK_EQ(crypto_sha256_select(CRYPTO_SHA256_ZBB), CRYPTO_SHA256_ZBB);
	CHECK(!strcmp(crypto_sha256_impl(), "portable"));
	CHECK_EQ(crypto_sha256_select(CRYPTO_SHA256_ZKNH | CRYPTO_SHA256_ZBB), 0);
	CHECK(!strcmp(crypto_sha256_impl(), "Zknh"));
	crypto_sha256_fault = CRYPTO_SHA256_ZKNH | CRYPTO_SHA256_ZBB;
	CHECK_EQ(crypto_sha256_select(CRYPTO_SHA256_ZKNH | CRYPTO_SHA256_ZBB),
		 CRYPTO_SHA256_ZKNH | CRYPTO_SHA256_ZBB);
	CHECK(!strcmp(crypto_sha256_impl(), "portable"));
	drbg_out(out);
	CHECK(!memcmp(out, ref, sizeof(ref)));
	crypto_sha256_fault = 0;
	CHECK_EQ(crypto_sha256_select(0), 0);
	CHECK_EQ(crypto_selftest_sha256(), 0);
	crypto_drbg_wipe();
}

int main(void)
{
	struct crypto_keypair a, b;
	unsigned char seed[32], h[32], sig[64], sig2[64], pa[33], pb[33], out[32];

	CHECK_EQ(crypto_init(), 0);
	CHECK_EQ(crypto_selftest(), 0);
	sha256_rounds();

	memset(seed, 7, sizeof(seed));
	CHECK_EQ(crypto_keypair_from_seed(&a, seed), 0);
	CHECK_EQ(crypto_keypair_from_seed(&b, seed), 0);
	crypto_pubkey_compressed(&a, pa);
	crypto_pubkey_compressed(&b, pb);
	CHECK(!memcmp(pa, pb, 33)); /* deterministic from the seed */
	CHECK(pa[0] == 2 || pa[0] == 3);
	crypto_sha256("message", 7, h);
	CHECK_EQ(crypto_sign(&a, h, sig), 0);
	CHECK_EQ(crypto_sign(&b, h, sig2), 0);
	CHECK(!memcmp(sig, sig2, 64)); /* RFC 6979: same signature */
	CHECK_EQ(crypto_verify(pa, h, sig), 0);
	sig[10] ^= 1;
	CHECK(crypto_verify(pa, h, sig) != 0);
	sig[10] ^= 1;
	h[0] ^= 1;
	CHECK(crypto_verify(pa, h, sig) != 0);
	seed[0] ^= 1;
	crypto_keypair_wipe(&b);
	CHECK_EQ(crypto_keypair_from_seed(&b, seed), 0);
	crypto_pubkey_compressed(&b, pb);
	CHECK(memcmp(pa, pb, 33) != 0);
	pb[0] = 0x04; /* not a compressed point */
	CHECK(crypto_verify(pb, h, sig) != 0);
	crypto_keypair_wipe(&a);
	crypto_keypair_wipe(&b);

	/* the DRBG refuses to run unseeded, then produces distinct output */
	CHECK(crypto_drbg_generate(out, 32) != 0);
	CHECK_EQ(crypto_drbg_seed(seed, 32, (const unsigned char *)"p", 1), 0);
	CHECK_EQ(crypto_drbg_generate(out, 16), 0);
	CHECK_EQ(crypto_drbg_generate(out + 16, 16), 0);
	CHECK(memcmp(out, out + 16, 16) != 0);
	/* RANDOM's refill: one 4 KiB request, not more */
	{
		static unsigned char big[4097];

		CHECK_EQ(crypto_drbg_generate(big, 4096), 0);
		CHECK(crypto_drbg_generate(big, 4097) != 0);
		CHECK(memcmp(big, big + 2048, 32) != 0);
	}
	return check_summary("test_crypto");
}
