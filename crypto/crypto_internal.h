/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the crypto layer's own files only (crypto.c, x509.c, sha256_zknh.c). */
#ifndef CRYPTO_INTERNAL_H
#define CRYPTO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "mbedtls/ecp.h"
#include "mbedtls/hmac_drbg.h"

#define KP(kp) ((mbedtls_ecp_keypair *)(kp)->opaque)

/*
 * Randomness for blinding only (the DRBG once seeded, else a fixed-seed
 * one): ECDSA nonces are RFC 6979's whatever this returns.
 */
int crypto_blind_rng(void *p, unsigned char *out, size_t len);

/* crypto_drbg_generate on any (SHA-256, seeded) HMAC-DRBG context. */
int crypto_drbg_generate_ctx(mbedtls_hmac_drbg_context *ctx,
			     unsigned char *out, size_t len);

/* One SHA-256 block into state s, by crypto_sha256_select's choice. */
void crypto_sha256_block(uint32_t s[8], const unsigned char p[64]);
/*
 * The same on the block's 16 message words (the bytes read big-endian) in
 * w[0..15], left as they are; w[16..63] get the schedule, for the caller
 * to wipe (no copy of the words each block).
 */
void crypto_sha256_block_words(uint32_t s[8], uint32_t w[64]);

#endif
