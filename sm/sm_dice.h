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
 * 2.23.133.5.4.11, tcg-dice-TcbFreshness (DICE Attestation Architecture
 * 1.1, 6.3): carries the enclave's data as its nonce.  Not an OID of our
 * own: a UUID-based 2.25 arc does not fit the 64-bit arcs of common
 * parsers (rust-asn1 under Python's cryptography, Go's encoding/asn1),
 * which then refuse the whole certificate.
 */
#define SM_OID_TCBFRESHNESS "\x67\x81\x05\x05\x04\x0b"
#define SM_OID_LEN(oid) (sizeof(oid) - 1)

#define SM_DICE_LAYER_MONITOR 1
#define SM_DICE_LAYER_ENCLAVE 2

/* What the certificates say about this device and monitor. */
struct sm_dice {
	const char *board; /* SM_PLATFORM */
	const char *version; /* SM_VERSION */
	bool development; /* development device secret: TcbInfo notSecure */
	const u8 *device_public_key; /* SEC1 compressed */
	const u8 *monitor_public_key; /* SEC1 compressed, NULL: device only */
	const u8 *monitor_measurement;
	/* key identifiers, filled by sm_dice_init (once: each costs a sqrt) */
	u8 device_keyid[20], monitor_keyid[20];
};

/* Fills the key identifiers from the public keys set above. */
int sm_dice_init(struct sm_dice *d);

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
