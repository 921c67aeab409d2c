/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the certkey enclave (certkey.c) and its host test (test_cert.c)
 * agree on: one structure at the start of the UTM.  The host leaves a
 * command, resumes the enclave, and finds the result when the enclave
 * stops again (edge call).
 */
#ifndef CERTKEY_H
#define CERTKEY_H

#include <sm_abi.h>

enum {
	CK_NONE,
	CK_KEYGEN, /* new key pair from RANDOM -> pub, value 1 (0: fixed seed) */
	CK_CHAIN, /* CERT_CHAIN(pub, data[len], buffer of arg bytes) -> chain */
	CK_CHAIN_COMPRESSED, /* the same with the 33-byte form of the key */
	CK_SIGN, /* ECDSA over SHA-256(msg[len]) -> sig */
	CK_REVEAL, /* TEST ONLY: the private scalar -> priv */
};

struct certkey_utm {
	unsigned long cmd; /* in */
	unsigned long len; /* in: data or message length */
	unsigned long arg; /* in: CK_CHAIN's buffer size */
	unsigned long rc; /* out: the monitor's a0 (or the enclave's error) */
	unsigned long value; /* out: the monitor's a1 */
	unsigned long base; /* out: where the enclave runs (its link address) */
	unsigned char pub[65]; /* out: SEC1 uncompressed */
	unsigned char pad[7];
	unsigned char data[SM_CERT_DATA_MAX + 8]; /* in */
	unsigned char msg[64]; /* in */
	unsigned char sig[64]; /* out: raw r || s */
	unsigned char priv[32]; /* out, CK_REVEAL only */
	unsigned char chain[SM_CERT_CHAIN_MAX]; /* out */
};

#define CK_ERR_CRYPTO 0xc0ffee /* rc: the enclave's own crypto failed */

#endif
