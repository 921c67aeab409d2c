// SPDX-License-Identifier: BSD-2-Clause
/* The crypto layer on the host: the boot self-tests and sign/verify. */
#include <string.h>
#include <crypto.h>
#include "check.h"

int main(void)
{
	struct crypto_keypair a, b;
	unsigned char seed[32], h[32], sig[64], sig2[64], pa[33], pb[33], out[32];

	CHECK_EQ(crypto_init(), 0);
	CHECK_EQ(crypto_selftest(), 0);

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
	return check_summary("test_crypto");
}
