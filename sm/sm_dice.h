/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The DICE certificate profile (docs/attestation.md): device, monitor and
 * enclave certificates.  Pure: built into the monitor, the host tools
 * (sm-devcert writes the device certificate at build time) and the unit
 * tests, so all of them produce the same bytes.
 */
#ifndef SM_DICE_H
#define SM_DICE_H

#include <crypto.h>
#include <sm_abi.h>
#include "sm_types.h"

#define SM_CERT_MAX 1024 /* one certificate, DER; all of ours are smaller */

/* 2.23.133.5.4.1, tcg-dice-TcbInfo */
#define SM_OID_TCBINFO "\x67\x81\x05\x05\x04\x01"
/*
 * 2.25.24319821773960690985221699952331567068: an OID from a UUID (X.667,
 * 124bd3c9-e925-43b7-b763-09b93c75afdc), the enclave-data extension.
 */
#define SM_OID_ENCLAVE_DATA \
	"\x69\xa4\xcb\xe9\xf2\xbd\x92\xaa\x8e\xef\xb7\xb1\xc2\xb7\x93\xe3\xd6\xdf\x5c"
#define SM_OID_LEN(oid) (sizeof(oid) - 1)

#define SM_DICE_LAYER_MONITOR 1
#define SM_DICE_LAYER_ENCLAVE 2

/* What the certificates say about this device and monitor. */
struct sm_dice {
	const char *board; /* SM_PLATFORM */
	const char *version; /* SM_VERSION */
	bool development; /* development device secret: TcbInfo notSecure */
	const u8 *device_public_key; /* SEC1 compressed */
	const u8 *monitor_public_key; /* SEC1 compressed */
	const u8 *monitor_measurement;
};

/* Self-signed by the device key: the root a verifier trusts. */
int sm_dice_device_cert(const struct sm_dice *d, struct crypto_keypair *device,
			u8 *buf, size_t size, size_t *len);
/* The monitor's key, issued by the device key. */
int sm_dice_monitor_cert(const struct sm_dice *d,
			 struct crypto_keypair *device, u8 *buf, size_t size,
			 size_t *len);
/*
 * An enclave's own key (SEC1, 33 or 65 bytes), issued by the monitor key,
 * with the enclave's measurement and SM_CERT_DATA_MIN..MAX bytes of data.
 */
int sm_dice_enclave_cert(const struct sm_dice *d,
			 struct crypto_keypair *monitor, const u8 *enclave_key,
			 size_t key_len, const u8 measurement[SM_HASH_LEN],
			 const u8 *data, size_t data_len, u8 *buf, size_t size,
			 size_t *len);

#endif
