/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The monitor's thin layer over mbedTLS 3.6: the rest of the monitor and
 * the host tools never include an mbedTLS header.  Sizes are fixed; no
 * call allocates on the caller's stack by a caller-supplied length.
 *
 * Not thread-safe (neither is mbedTLS): in the monitor every call is made
 * with sm_crypto_lock held.  All functions return 0 on success.
 */
#ifndef CRYPTO_H
#define CRYPTO_H

#include <stddef.h>

#define CRYPTO_HASH_LEN 32
#define CRYPTO_PUBKEY_LEN 33 /* SEC1 compressed */
#define CRYPTO_SIG_LEN 64 /* raw r || s, big-endian */

struct crypto_sha256 {
	unsigned long long opaque[16];
};

struct crypto_keypair {
	unsigned long long opaque[40];
};

int crypto_init(void);
/* Known-answer tests: SHA-256, HKDF, HMAC-DRBG, ECDSA P-256 (RFC 6979). */
int crypto_selftest(void);
int crypto_selftest_sha256(void); /* SHA-256's alone */

/*
 * SHA-256's compression function (sha256_zknh.c): Zknh's scalar
 * instructions, else Zbb's rotates, else portable C, the first of those
 * exts asks for (every hart has them) whose rounds agree with the
 * portable ones and give the known answers.  Returns the CRYPTO_SHA256_*
 * asked for that failed those checks (0: none).  The host computes the
 * extensions' instructions in C (unit tests; crypto_sha256_fault breaks
 * them).  Call before any other hart hashes.
 */
#define CRYPTO_SHA256_ZKNH 1
#define CRYPTO_SHA256_ZBB 2
unsigned int crypto_sha256_select(unsigned int exts);
const char *crypto_sha256_impl(void); /* "Zknh", "Zbb" or "portable" */
#if !defined(__riscv)
extern unsigned int crypto_sha256_fault; /* CRYPTO_SHA256_*: made wrong */
#endif
/* One 64-byte block into state s, portable C (host unit tests). */
void crypto_sha256_block_c(unsigned int s[8], const unsigned char p[64]);

void crypto_sha256_init(struct crypto_sha256 *ctx);
void crypto_sha256_update(struct crypto_sha256 *ctx, const void *data,
			  size_t len);
void crypto_sha256_final(struct crypto_sha256 *ctx,
			 unsigned char out[CRYPTO_HASH_LEN]);
void crypto_sha256(const void *data, size_t len,
		   unsigned char out[CRYPTO_HASH_LEN]);

/* RFC 5869 with SHA-256; salt may be NULL/0. out_len <= 255 * 32. */
int crypto_hkdf_sha256(const unsigned char *salt, size_t salt_len,
		       const unsigned char *ikm, size_t ikm_len,
		       const unsigned char *info, size_t info_len,
		       unsigned char *out, size_t out_len);

/* The one HMAC-DRBG (SHA-256): seeded from entropy || personalisation. */
int crypto_drbg_seed(const unsigned char *entropy, size_t len,
		     const unsigned char *pers, size_t pers_len);
int crypto_drbg_reseed(const unsigned char *entropy, size_t len);
int crypto_drbg_generate(unsigned char *out, size_t len);
int crypto_drbg_ready(void);
/* Forgets the DRBG state (the machine is about to reset). */
void crypto_drbg_wipe(void);

/*
 * P-256 key pair from a 32-byte seed, deterministically: the private scalar
 * is the first SHA-256(seed || counter) (counter = 0, 1, ...) that lies in
 * [1, n-1].  The pair keeps precomputed tables, so signing again is cheaper.
 */
int crypto_keypair_from_seed(struct crypto_keypair *kp,
			     const unsigned char seed[32]);
/* A key pair from a raw private scalar d (big-endian, in [1, n-1]). */
int crypto_keypair_from_scalar(struct crypto_keypair *kp,
			       const unsigned char d[32]);
void crypto_pubkey_compressed(const struct crypto_keypair *kp,
			      unsigned char out[CRYPTO_PUBKEY_LEN]);
/* Deterministic ECDSA (RFC 6979) with blinding, over a SHA-256 digest. */
int crypto_sign(struct crypto_keypair *kp,
		const unsigned char hash[CRYPTO_HASH_LEN],
		unsigned char sig[CRYPTO_SIG_LEN]);
int crypto_verify(const unsigned char pub[CRYPTO_PUBKEY_LEN],
		  const unsigned char hash[CRYPTO_HASH_LEN],
		  const unsigned char sig[CRYPTO_SIG_LEN]);
/* Uncompressed SEC1 point (0x04 || X || Y) of a compressed public key. */
int crypto_pubkey_decompress(const unsigned char pub[CRYPTO_PUBKEY_LEN],
			     unsigned char out[65]);
void crypto_keypair_wipe(struct crypto_keypair *kp);

void crypto_wipe(void *p, size_t len);

#endif
