/* SPDX-License-Identifier: BSD-2-Clause */
/* Key derivations (docs/attestation.md).  Pure: unit-tested on the host. */
#ifndef SM_KDF_H
#define SM_KDF_H

#include <sm_abi.h>
#include "sm_types.h"

#define SM_KDF_SECRET_LEN 32

/* out = HKDF-SHA256(salt: none, ikm: secret, info: label || ctx), 32 bytes. */
int sm_kdf_label(const u8 secret[SM_KDF_SECRET_LEN], const char *label,
		 const u8 *ctx, unsigned int ctx_len, u8 out[32]);

/*
 * Sealing key: HKDF-SHA256(ikm: sealing root,
 *   info: "sm sealing key v1" || enclave measurement || identifier), 128 bytes.
 */
int sm_sealing_derive(const u8 root[32], const u8 measurement[SM_HASH_LEN],
		      const u8 *id, unsigned int id_len,
		      u8 out[SM_SEALING_KEY_LEN]);

#endif
