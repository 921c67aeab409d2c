// SPDX-License-Identifier: BSD-2-Clause
/* The crypto_* layer over mbedTLS 3.6 (see include/crypto.h). */
#include <crypto.h>
#include <stdint.h>
#include <string.h>
#include "crypto_internal.h"
#include "mbedtls/ecdsa.h"
#include "mbedtls/hkdf.h"
#include "mbedtls/hmac_drbg.h"
#include "mbedtls/md.h"
#include "mbedtls/memory_buffer_alloc.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/sha256.h"

_Static_assert(sizeof(struct crypto_sha256) >= sizeof(mbedtls_sha256_context),
	       "crypto_sha256 storage");
_Static_assert(sizeof(struct crypto_keypair) >= sizeof(mbedtls_ecp_keypair),
	       "crypto_keypair storage");

#ifndef CRYPTO_HEAP_SIZE
#define CRYPTO_HEAP_SIZE (24 * 1024)
#endif

static unsigned char crypto_heap[CRYPTO_HEAP_SIZE] __attribute__((aligned(16)));
static int crypto_heap_ready;
static mbedtls_hmac_drbg_context drbg;
static int drbg_ready;
/* Blinding only: any output works, so a fixed seed is fine without entropy. */
static mbedtls_hmac_drbg_context blind_drbg;
static int blind_ready;

#define SHA(ctx) ((mbedtls_sha256_context *)(ctx)->opaque)

void crypto_wipe(void *p, size_t len)
{
	mbedtls_platform_zeroize(p, len);
}

int crypto_init(void)
{
	if (!crypto_heap_ready) {
		mbedtls_memory_buffer_alloc_init(crypto_heap,
						 sizeof(crypto_heap));
		crypto_heap_ready = 1;
	}
	return 0;
}

void crypto_sha256_init(struct crypto_sha256 *ctx)
{
	mbedtls_sha256_init(SHA(ctx));
	mbedtls_sha256_starts(SHA(ctx), 0);
}

void crypto_sha256_update(struct crypto_sha256 *ctx, const void *data,
			  size_t len)
{
	mbedtls_sha256_update(SHA(ctx), data, len);
}

void crypto_sha256_final(struct crypto_sha256 *ctx,
			 unsigned char out[CRYPTO_HASH_LEN])
{
	mbedtls_sha256_finish(SHA(ctx), out);
	mbedtls_sha256_free(SHA(ctx));
}

void crypto_sha256(const void *data, size_t len,
		   unsigned char out[CRYPTO_HASH_LEN])
{
	mbedtls_sha256(data, len, out, 0);
}

int crypto_hkdf_sha256(const unsigned char *salt, size_t salt_len,
		       const unsigned char *ikm, size_t ikm_len,
		       const unsigned char *info, size_t info_len,
		       unsigned char *out, size_t out_len)
{
	return mbedtls_hkdf(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), salt,
			    salt_len, ikm, ikm_len, info, info_len, out,
			    out_len);
}

static int drbg_seed(mbedtls_hmac_drbg_context *ctx, const unsigned char *a,
		     size_t alen, const unsigned char *b, size_t blen)
{
	unsigned char buf[256];
	int rc;

	if (alen + blen > sizeof(buf))
		return -1;
	memcpy(buf, a, alen);
	if (blen)
		memcpy(buf + alen, b, blen);
	mbedtls_hmac_drbg_init(ctx);
	rc = mbedtls_hmac_drbg_seed_buf(
		ctx, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), buf,
		alen + blen);
	mbedtls_platform_zeroize(buf, sizeof(buf));
	return rc;
}

int crypto_drbg_seed(const unsigned char *entropy, size_t len,
		     const unsigned char *pers, size_t pers_len)
{
	int rc = drbg_seed(&drbg, entropy, len, pers, pers_len);

	drbg_ready = !rc;
	return rc;
}

int crypto_drbg_reseed(const unsigned char *entropy, size_t len)
{
	if (!drbg_ready)
		return -1;
	return mbedtls_hmac_drbg_update(&drbg, entropy, len);
}

static void put_be32s(unsigned char *p, const uint32_t s[8], unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		p[4 * i] = s[i] >> 24;
		p[4 * i + 1] = s[i] >> 16;
		p[4 * i + 2] = s[i] >> 8;
		p[4 * i + 3] = s[i];
	}
}

static void copy_words(uint32_t *d, const uint32_t *s, unsigned int n)
{
	while (n--)
		*d++ = *s++;
}

/*
 * HMAC_DRBG_Generate (SP 800-90A 10.1.2.5) as mbedtls_hmac_drbg_random
 * computes it, byte for byte (the KATs and the host's unit test compare
 * them), but with the key's inner and outer blocks hashed once per
 * request rather than once per HMAC: 32 bytes of output then cost two
 * compressions instead of four.  Same key, same V, same update after.
 */
int crypto_drbg_generate_ctx(mbedtls_hmac_drbg_context *ctx,
			     unsigned char *out, size_t len)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
					0xa54ff53a, 0x510e527f, 0x9b05688c,
					0x1f83d9ab, 0x5be0cd19 };
	mbedtls_md_context_t *md = &ctx->MBEDTLS_PRIVATE(md_ctx);
	const unsigned char *pad = md->MBEDTLS_PRIVATE(hmac_ctx);
	unsigned char *v = ctx->MBEDTLS_PRIVATE(V);
	uint32_t in[8], outer[8], st[8], msg[64];
	unsigned char tail[32];
	unsigned int i, n;
	int rc;

	/* Instances that reseed themselves, or not set up: mbedTLS's way. */
	if (ctx->MBEDTLS_PRIVATE(f_entropy) || !pad ||
	    mbedtls_md_get_type(md->MBEDTLS_PRIVATE(md_info)) !=
		    MBEDTLS_MD_SHA256)
		return mbedtls_hmac_drbg_random(ctx, out, len);
	if (len > MBEDTLS_HMAC_DRBG_MAX_REQUEST)
		return MBEDTLS_ERR_HMAC_DRBG_REQUEST_TOO_BIG;

	/* pad: K ^ ipad, then K ^ opad, one SHA-256 block each */
	copy_words(in, iv, 8);
	crypto_sha256_block(in, pad);
	copy_words(outer, iv, 8);
	crypto_sha256_block(outer, pad + 64);
	/*
	 * Both messages are 32 bytes after the pad's block, so one block as
	 * words: the message, 0x80, zeros, 768 bits in all (then the rounds'
	 * schedule).
	 */
	for (i = 0; i < 8; i++)
		msg[i] = (uint32_t)v[4 * i] << 24 | (uint32_t)v[4 * i + 1] << 16 |
			 (uint32_t)v[4 * i + 2] << 8 | v[4 * i + 3];
	msg[8] = 0x80000000;
	for (i = 9; i < 15; i++)
		msg[i] = 0;
	msg[15] = 768;
	while (len) {
		/* V = HMAC(K, V) */
		copy_words(st, in, 8);
		crypto_sha256_block_words(st, msg);
		copy_words(msg, st, 8);
		copy_words(st, outer, 8);
		crypto_sha256_block_words(st, msg);
		copy_words(msg, st, 8);
		n = len < 32 ? len : 32;
		if (n == 32) {
			put_be32s(out, st, 8);
		} else {
			put_be32s(tail, st, 8);
			for (i = 0; i < n; i++)
				out[i] = tail[i];
		}
		out += n;
		len -= n;
	}
	put_be32s(v, msg, 8);
	mbedtls_platform_zeroize(in, sizeof(in));
	mbedtls_platform_zeroize(outer, sizeof(outer));
	mbedtls_platform_zeroize(st, sizeof(st));
	mbedtls_platform_zeroize(msg, sizeof(msg));
	mbedtls_platform_zeroize(tail, sizeof(tail));

	rc = mbedtls_hmac_drbg_update(ctx, NULL, 0);
	ctx->MBEDTLS_PRIVATE(reseed_counter)++;
	return rc;
}

int crypto_drbg_generate(unsigned char *out, size_t len)
{
	if (!drbg_ready)
		return -1;
	return crypto_drbg_generate_ctx(&drbg, out, len);
}

void crypto_drbg_wipe(void)
{
	mbedtls_hmac_drbg_free(&drbg);
	mbedtls_hmac_drbg_free(&blind_drbg);
	drbg_ready = 0;
	blind_ready = 0; /* freed: seeded again if used again */
}

int crypto_drbg_ready(void)
{
	return drbg_ready;
}

/* RNG for blinding scalar multiplications and signatures. */
int crypto_blind_rng(void *p, unsigned char *out, size_t len)
{
	static const unsigned char seed[] = "sm ecdsa blinding";

	if (drbg_ready)
		return mbedtls_hmac_drbg_random(&drbg, out, len);
	if (!blind_ready) {
		if (drbg_seed(&blind_drbg, seed, sizeof(seed), NULL, 0))
			return -1;
		blind_ready = 1;
	}
	return mbedtls_hmac_drbg_random(&blind_drbg, out, len);
}

/* Q = d * G, blinded. */
static int public_from_private(mbedtls_ecp_keypair *k)
{
	return mbedtls_ecp_mul(&k->MBEDTLS_PRIVATE(grp), &k->MBEDTLS_PRIVATE(Q),
			       &k->MBEDTLS_PRIVATE(d),
			       &k->MBEDTLS_PRIVATE(grp).G, crypto_blind_rng, NULL);
}

int crypto_keypair_from_seed(struct crypto_keypair *kp,
			     const unsigned char seed[32])
{
	mbedtls_ecp_keypair *k = KP(kp);
	unsigned char buf[33], d[32];
	unsigned int ctr;
	int rc;

	mbedtls_ecp_keypair_init(k);
	rc = mbedtls_ecp_group_load(&k->MBEDTLS_PRIVATE(grp),
				    MBEDTLS_ECP_DP_SECP256R1);
	for (ctr = 0; !rc && ctr < 256; ctr++) {
		memcpy(buf, seed, 32);
		buf[32] = (unsigned char)ctr;
		mbedtls_sha256(buf, sizeof(buf), d, 0);
		rc = mbedtls_mpi_read_binary(&k->MBEDTLS_PRIVATE(d), d,
					     sizeof(d));
		if (rc)
			break;
		if (!mbedtls_ecp_check_privkey(&k->MBEDTLS_PRIVATE(grp),
					       &k->MBEDTLS_PRIVATE(d)))
			break;
	}
	if (!rc && ctr == 256)
		rc = -1;
	if (!rc)
		rc = public_from_private(k);
	mbedtls_platform_zeroize(buf, sizeof(buf));
	mbedtls_platform_zeroize(d, sizeof(d));
	if (rc)
		mbedtls_ecp_keypair_free(k);
	return rc;
}

int crypto_keypair_from_scalar(struct crypto_keypair *kp,
			       const unsigned char d[32])
{
	mbedtls_ecp_keypair *k = KP(kp);
	int rc;

	mbedtls_ecp_keypair_init(k);
	rc = mbedtls_ecp_group_load(&k->MBEDTLS_PRIVATE(grp),
				    MBEDTLS_ECP_DP_SECP256R1);
	if (!rc)
		rc = mbedtls_mpi_read_binary(&k->MBEDTLS_PRIVATE(d), d, 32);
	if (!rc)
		rc = mbedtls_ecp_check_privkey(&k->MBEDTLS_PRIVATE(grp),
					       &k->MBEDTLS_PRIVATE(d));
	if (!rc)
		rc = public_from_private(k);
	if (rc)
		mbedtls_ecp_keypair_free(k);
	return rc;
}

void crypto_pubkey_compressed(const struct crypto_keypair *kp,
			      unsigned char out[CRYPTO_PUBKEY_LEN])
{
	const mbedtls_ecp_keypair *k =
		(const mbedtls_ecp_keypair *)kp->opaque;
	size_t olen;

	if (mbedtls_ecp_point_write_binary(
		    &k->MBEDTLS_PRIVATE(grp), &k->MBEDTLS_PRIVATE(Q),
		    MBEDTLS_ECP_PF_COMPRESSED, &olen, out, CRYPTO_PUBKEY_LEN))
		memset(out, 0, CRYPTO_PUBKEY_LEN);
}

int crypto_sign(struct crypto_keypair *kp,
		const unsigned char hash[CRYPTO_HASH_LEN],
		unsigned char sig[CRYPTO_SIG_LEN])
{
	mbedtls_ecp_keypair *k = KP(kp);
	mbedtls_mpi r, s;
	int rc;

	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	rc = mbedtls_ecdsa_sign_det_ext(&k->MBEDTLS_PRIVATE(grp), &r, &s,
					&k->MBEDTLS_PRIVATE(d), hash,
					CRYPTO_HASH_LEN, MBEDTLS_MD_SHA256,
					crypto_blind_rng, NULL);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&r, sig, 32);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&s, sig + 32, 32);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	return rc;
}

/* A compressed public key, parsed and checked to be on the curve. */
static int load_pubkey(mbedtls_ecp_group *grp, mbedtls_ecp_point *q,
		       const unsigned char pub[CRYPTO_PUBKEY_LEN])
{
	int rc;

	mbedtls_ecp_group_init(grp);
	mbedtls_ecp_point_init(q);
	rc = mbedtls_ecp_group_load(grp, MBEDTLS_ECP_DP_SECP256R1);
	if (!rc)
		rc = mbedtls_ecp_point_read_binary(grp, q, pub,
						   CRYPTO_PUBKEY_LEN);
	if (!rc)
		rc = mbedtls_ecp_check_pubkey(grp, q);
	return rc;
}

int crypto_verify(const unsigned char pub[CRYPTO_PUBKEY_LEN],
		  const unsigned char hash[CRYPTO_HASH_LEN],
		  const unsigned char sig[CRYPTO_SIG_LEN])
{
	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	mbedtls_mpi r, s;
	int rc;

	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	rc = load_pubkey(&grp, &q, pub);
	if (!rc)
		rc = mbedtls_mpi_read_binary(&r, sig, 32);
	if (!rc)
		rc = mbedtls_mpi_read_binary(&s, sig + 32, 32);
	if (!rc)
		rc = mbedtls_ecdsa_verify(&grp, hash, CRYPTO_HASH_LEN, &q, &r,
					  &s);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&grp);
	return rc ? -1 : 0;
}

int crypto_pubkey_decompress(const unsigned char pub[CRYPTO_PUBKEY_LEN],
			     unsigned char out[65])
{
	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	size_t olen;
	int rc;

	rc = load_pubkey(&grp, &q, pub);
	if (!rc)
		rc = mbedtls_ecp_point_write_binary(&grp, &q,
						    MBEDTLS_ECP_PF_UNCOMPRESSED,
						    &olen, out, 65);
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&grp);
	return rc ? -1 : 0;
}

void crypto_keypair_wipe(struct crypto_keypair *kp)
{
	mbedtls_ecp_keypair_free(KP(kp));
	mbedtls_platform_zeroize(kp, sizeof(*kp));
}
