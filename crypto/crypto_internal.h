/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the crypto layer's own files only (crypto.c, x509.c). */
#ifndef CRYPTO_INTERNAL_H
#define CRYPTO_INTERNAL_H

#include <stddef.h>
#include "mbedtls/ecp.h"

#define KP(kp) ((mbedtls_ecp_keypair *)(kp)->opaque)

/*
 * Randomness for blinding only (the DRBG once seeded, else a fixed-seed
 * one): ECDSA nonces are RFC 6979's whatever this returns.
 */
int crypto_blind_rng(void *p, unsigned char *out, size_t len);

#endif
