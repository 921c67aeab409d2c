/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * X.509 certificates over mbedTLS's writer (crypto/x509.c): P-256 keys,
 * ECDSA-SHA256 signatures with RFC 6979 nonces, DER only.  The profile
 * (names, which extensions, serials) is the caller's: sm/sm_dice.c.
 * Same rules as crypto.h: not thread-safe, 0 on success.
 */
#ifndef CRYPTO_X509_H
#define CRYPTO_X509_H

#include <stddef.h>
#include <crypto.h>

#define CRYPTO_POINT_LEN 65 /* SEC1 uncompressed: 04 || X || Y */
#define CRYPTO_KEYID_LEN 20 /* RFC 7093 method 1: SHA-256, 160 bits */

/* keyUsage bits (RFC 5280 4.2.1.3), as mbedTLS numbers them */
#define CRYPTO_KU_DIGITAL_SIGNATURE 0x80
#define CRYPTO_KU_KEY_CERT_SIGN 0x04

/* One extension whose value the caller encoded (DER). */
struct crypto_cert_ext {
	const char *oid; /* OID content octets, as mbedTLS's MBEDTLS_OID_* */
	size_t oid_len;
	const unsigned char *val;
	size_t len;
	int critical;
};

/*
 * A name: commonName and organizationalUnitName (UTF8String), then
 * serialNumber (PrintableString), one attribute per RDN, in that order.
 */
struct crypto_name {
	const char *cn, *ou, *serial_number;
};

struct crypto_cert {
	struct crypto_name subject, issuer;
	const unsigned char *subject_key; /* SEC1, 33 or 65 bytes */
	size_t subject_key_len;
	const unsigned char *serial; /* big-endian, positive, minimal */
	size_t serial_len;
	const char *not_before, *not_after; /* "YYYYMMDDhhmmss" (UTC) */
	/* subjectKeyIdentifier; NULL: computed (crypto_keyid) */
	const unsigned char *subject_keyid;
	/* issuer's key identifier, for authorityKeyIdentifier; NULL: none */
	const unsigned char *issuer_keyid;
	int ca; /* basicConstraints cA */
	int pathlen; /* pathLenConstraint, -1: none */
	unsigned int key_usage; /* CRYPTO_KU_* */
	const struct crypto_cert_ext *ext; /* more extensions, in order */
	unsigned int n_ext;
};

/*
 * Writes the certificate, signed by issuer, to the start of buf (size
 * bytes, also used as scratch); *len = its size.  Also adds
 * subjectKeyIdentifier (crypto_keyid of the subject key) and, given the
 * issuer's, authorityKeyIdentifier.
 */
int crypto_cert_write(const struct crypto_cert *c,
		      struct crypto_keypair *issuer, unsigned char *buf,
		      size_t size, size_t *len);

/* A SEC1 point (33 or 65 bytes) on P-256, as 65 bytes uncompressed. */
int crypto_point_uncompressed(const unsigned char *pub, size_t len,
			      unsigned char out[CRYPTO_POINT_LEN]);

/* Key identifier: the first 160 bits of SHA-256 of the uncompressed point. */
int crypto_keyid(const unsigned char *pub, size_t len,
		 unsigned char id[CRYPTO_KEYID_LEN]);

/*
 * TCG DICE TcbInfo (DICE Attestation Architecture 1.0, 6.1.1), IMPLICIT
 * tags; absent fields are left out.  Written to the start of buf.
 */
struct crypto_tcbinfo {
	const char *vendor, *model, *version; /* UTF8String, NULL: absent */
	int layer; /* -1: absent */
	const unsigned char *fwid_sha256; /* one FWID (SHA-256), NULL: none */
	unsigned int flags; /* OperationalFlags: bit n = flag n; 0: absent */
};

#define CRYPTO_DICE_FLAG_NOT_CONFIGURED (1U << 0)
#define CRYPTO_DICE_FLAG_NOT_SECURE (1U << 1)
#define CRYPTO_DICE_FLAG_RECOVERY (1U << 2)
#define CRYPTO_DICE_FLAG_DEBUG (1U << 3)

int crypto_der_tcbinfo(const struct crypto_tcbinfo *t, unsigned char *buf,
		       size_t size, size_t *len);
/* TcbFreshness ::= SEQUENCE { nonce OCTET STRING }, to the start of buf. */
int crypto_der_tcbfreshness(const unsigned char *nonce, size_t nonce_len,
			    unsigned char *buf, size_t size, size_t *len);

/*
 * Host tools only (crypto/x509_parse.c, sm-verify --chain): what a
 * verifier reads out of a certificate.
 */
struct crypto_tcbinfo_view {
	int present;
	int layer; /* -1: absent */
	unsigned int flags;
	int has_fwid; /* a SHA-256 FWID was found (the first one counts) */
	unsigned char fwid[CRYPTO_HASH_LEN];
	char model[64], version[64]; /* "" if absent */
};

struct crypto_cert_view {
	int ca; /* basicConstraints cA */
	unsigned char pub[CRYPTO_POINT_LEN]; /* subject key */
	char subject[256];
	struct crypto_tcbinfo_view tcb;
	int has_data; /* TcbFreshness: its nonce */
	unsigned char data[256];
	size_t data_len;
};

#define CRYPTO_CHAIN_PARSE_ERROR -2

/*
 * chain: certificates leaf first, DER back to back or PEM; anchor: the one
 * trusted certificate (DER or PEM).  Parses every certificate into v[]
 * (at most max; *n = how many), then verifies the chain up to the anchor
 * (signatures, names, CA flags and path lengths; no clock).  Returns 0 if
 * it verifies, -1 if not (v[] still filled, why says why),
 * CRYPTO_CHAIN_PARSE_ERROR if something does not parse.
 */
int crypto_chain_check(const unsigned char *chain, size_t len,
		       const unsigned char *anchor, size_t anchor_len,
		       struct crypto_cert_view *v, unsigned int max,
		       unsigned int *n, char *why, size_t why_len);

#endif
