// SPDX-License-Identifier: BSD-2-Clause
/*
 * X.509 certificates with mbedTLS's writer (see include/crypto_x509.h).
 * mbedTLS writes DER backwards from the end of a buffer: every helper here
 * does the same and then moves its result to the start.
 */
#include <crypto.h>
#include <crypto_x509.h>
#include <string.h>
#include "crypto_internal.h"
#include "mbedtls/asn1write.h"
#include "mbedtls/oid.h"
#include "mbedtls/pk.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/x509_crt.h"
#include "pk_wrap.h" /* mbedtls_pk_info_t (library-internal) */

/* TcbInfo's IMPLICIT tags (context-specific; [6] is constructed) */
#define TCB_TAG(n) (MBEDTLS_ASN1_CONTEXT_SPECIFIC | (n))
#define TCB_VENDOR 0
#define TCB_MODEL 1
#define TCB_VERSION 2
#define TCB_LAYER 4
#define TCB_FWIDS 6
#define TCB_FLAGS 7

/* Moves what was written backwards into [p, buf + size) to buf. */
static int to_front(unsigned char *buf, unsigned char *p, int ret, size_t *len)
{
	if (ret < 0)
		return ret;
	memmove(buf, p, (size_t)ret);
	*len = (size_t)ret;
	return 0;
}

/* A public P-256 key from SEC1 bytes, checked to be on the curve. */
static int load_point(mbedtls_ecp_keypair *k, const unsigned char *pub,
		      size_t len)
{
	int rc;

	mbedtls_ecp_keypair_init(k);
	if (len != 33 && len != CRYPTO_POINT_LEN)
		return -1;
	rc = mbedtls_ecp_group_load(&k->MBEDTLS_PRIVATE(grp),
				    MBEDTLS_ECP_DP_SECP256R1);
	if (!rc)
		rc = mbedtls_ecp_point_read_binary(&k->MBEDTLS_PRIVATE(grp),
						   &k->MBEDTLS_PRIVATE(Q), pub,
						   len);
	if (!rc)
		rc = mbedtls_ecp_check_pubkey(&k->MBEDTLS_PRIVATE(grp),
					      &k->MBEDTLS_PRIVATE(Q));
	return rc ? -1 : 0;
}

int crypto_point_uncompressed(const unsigned char *pub, size_t len,
			      unsigned char out[CRYPTO_POINT_LEN])
{
	mbedtls_ecp_keypair k;
	size_t olen;
	int rc;

	rc = load_point(&k, pub, len);
	if (!rc)
		rc = mbedtls_ecp_point_write_binary(
			&k.MBEDTLS_PRIVATE(grp), &k.MBEDTLS_PRIVATE(Q),
			MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, out,
			CRYPTO_POINT_LEN);
	mbedtls_ecp_keypair_free(&k);
	return rc ? -1 : 0;
}

int crypto_keyid(const unsigned char *pub, size_t len,
		 unsigned char id[CRYPTO_KEYID_LEN])
{
	unsigned char point[CRYPTO_POINT_LEN], h[CRYPTO_HASH_LEN];

	if (crypto_point_uncompressed(pub, len, point))
		return -1;
	crypto_sha256(point, sizeof(point), h);
	memcpy(id, h, CRYPTO_KEYID_LEN);
	return 0;
}

/* subjectKeyIdentifier: OCTET STRING; authorityKeyIdentifier: SEQUENCE { [0] keyid } */
static int add_key_ids(mbedtls_x509write_cert *w, const struct crypto_cert *c)
{
	unsigned char v[2 + 2 + CRYPTO_KEYID_LEN];
	int rc;

	v[0] = MBEDTLS_ASN1_OCTET_STRING;
	v[1] = CRYPTO_KEYID_LEN;
	if (c->subject_keyid)
		memcpy(v + 2, c->subject_keyid, CRYPTO_KEYID_LEN);
	else if (crypto_keyid(c->subject_key, c->subject_key_len, v + 2))
		return -1;
	rc = mbedtls_x509write_crt_set_extension(
		w, MBEDTLS_OID_SUBJECT_KEY_IDENTIFIER,
		MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_KEY_IDENTIFIER), 0, v,
		2 + CRYPTO_KEYID_LEN);
	if (rc || !c->issuer_keyid)
		return rc;
	v[0] = MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE;
	v[1] = 2 + CRYPTO_KEYID_LEN;
	v[2] = MBEDTLS_ASN1_CONTEXT_SPECIFIC | 0;
	v[3] = CRYPTO_KEYID_LEN;
	memcpy(v + 4, c->issuer_keyid, CRYPTO_KEYID_LEN);
	return mbedtls_x509write_crt_set_extension(
		w, MBEDTLS_OID_AUTHORITY_KEY_IDENTIFIER,
		MBEDTLS_OID_SIZE(MBEDTLS_OID_AUTHORITY_KEY_IDENTIFIER), 0, v,
		sizeof(v));
}

/*
 * The name list as mbedtls_x509write_crt_set_subject_name() would build it
 * from "CN=..,OU=..,serialNumber=..", without its string parser and
 * attribute table (3.7 KB of firmware, mostly relocations), in the same
 * order and with the same string types.
 */
static int set_name(mbedtls_asn1_named_data **list,
		    const struct crypto_name *n)
{
	static const struct {
		const char *oid;
		size_t oid_len;
		int tag;
	} attr[] = {
		{ MBEDTLS_OID_AT_CN, MBEDTLS_OID_SIZE(MBEDTLS_OID_AT_CN),
		  MBEDTLS_ASN1_UTF8_STRING },
		{ MBEDTLS_OID_AT_ORG_UNIT, MBEDTLS_OID_SIZE(MBEDTLS_OID_AT_ORG_UNIT),
		  MBEDTLS_ASN1_UTF8_STRING },
		{ MBEDTLS_OID_AT_SERIAL_NUMBER,
		  MBEDTLS_OID_SIZE(MBEDTLS_OID_AT_SERIAL_NUMBER),
		  MBEDTLS_ASN1_PRINTABLE_STRING },
	};
	const char *val[] = { n->cn, n->ou, n->serial_number };
	mbedtls_asn1_named_data *cur;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (!val[i])
			continue;
		cur = mbedtls_asn1_store_named_data(
			list, attr[i].oid, attr[i].oid_len,
			(const unsigned char *)val[i], strlen(val[i]));
		if (!cur)
			return -1;
		cur->val.tag = attr[i].tag;
	}
	return 0;
}

/*
 * The PK glue of an EC key, reduced to what the writer calls (type,
 * can_do, sign; get_bitlen for completeness).  mbedTLS's own
 * mbedtls_eckey_info would keep its verify, check_pair and debug
 * wrappers, and mbedtls_pk_info_from_type every PK type's, in the
 * firmware for nothing (docs/performance.md: size budget).
 */
static size_t eckey_bitlen(mbedtls_pk_context *pk)
{
	return ((mbedtls_ecp_keypair *)pk->MBEDTLS_PRIVATE(pk_ctx))
		->MBEDTLS_PRIVATE(grp).pbits;
}

static int eckey_can_do(mbedtls_pk_type_t type)
{
	return type == MBEDTLS_PK_ECKEY || type == MBEDTLS_PK_ECDSA;
}

static int eckey_sign(mbedtls_pk_context *pk, mbedtls_md_type_t md_alg,
		      const unsigned char *hash, size_t hash_len,
		      unsigned char *sig, size_t sig_size, size_t *sig_len,
		      int (*f_rng)(void *, unsigned char *, size_t), void *p_rng)
{
	return mbedtls_ecdsa_write_signature(pk->MBEDTLS_PRIVATE(pk_ctx),
					     md_alg, hash, hash_len, sig,
					     sig_size, sig_len, f_rng, p_rng);
}

static const mbedtls_pk_info_t eckey_sign_info = {
	.type = MBEDTLS_PK_ECKEY,
	.name = "EC",
	.get_bitlen = eckey_bitlen,
	.can_do = eckey_can_do,
	.sign_func = eckey_sign,
};

int crypto_cert_write(const struct crypto_cert *c,
		      struct crypto_keypair *issuer, unsigned char *buf,
		      size_t size, size_t *len)
{
	mbedtls_x509write_cert w;
	mbedtls_ecp_keypair subject;
	mbedtls_pk_context issuer_pk, subject_pk;
	unsigned int i;
	int rc;

	/*
	 * PK contexts that point at the existing key pairs instead of copies
	 * (mbedtls_pk_setup would allocate one): the issuer's private key
	 * never leaves its crypto_keypair.  Never mbedtls_pk_free()d.
	 */
	issuer_pk.MBEDTLS_PRIVATE(pk_info) = &eckey_sign_info;
	issuer_pk.MBEDTLS_PRIVATE(pk_ctx) = KP(issuer);
	subject_pk.MBEDTLS_PRIVATE(pk_info) =
		issuer_pk.MBEDTLS_PRIVATE(pk_info);
	subject_pk.MBEDTLS_PRIVATE(pk_ctx) = &subject;

	mbedtls_x509write_crt_init(&w);
	rc = load_point(&subject, c->subject_key, c->subject_key_len);
	if (rc)
		goto out;
	mbedtls_x509write_crt_set_version(&w, MBEDTLS_X509_CRT_VERSION_3);
	mbedtls_x509write_crt_set_md_alg(&w, MBEDTLS_MD_SHA256);
	mbedtls_x509write_crt_set_subject_key(&w, &subject_pk);
	mbedtls_x509write_crt_set_issuer_key(&w, &issuer_pk);
	rc = set_name(&w.MBEDTLS_PRIVATE(subject), &c->subject);
	if (!rc)
		rc = set_name(&w.MBEDTLS_PRIVATE(issuer), &c->issuer);
	if (!rc)
		rc = mbedtls_x509write_crt_set_serial_raw(
			&w, (unsigned char *)c->serial, c->serial_len);
	if (!rc)
		rc = mbedtls_x509write_crt_set_validity(&w, c->not_before,
							c->not_after);
	if (!rc)
		rc = mbedtls_x509write_crt_set_basic_constraints(&w, c->ca,
								 c->pathlen);
	if (!rc && c->key_usage)
		rc = mbedtls_x509write_crt_set_key_usage(&w, c->key_usage);
	if (!rc)
		rc = add_key_ids(&w, c);
	for (i = 0; !rc && i < c->n_ext; i++)
		rc = mbedtls_x509write_crt_set_extension(
			&w, c->ext[i].oid, c->ext[i].oid_len,
			c->ext[i].critical, c->ext[i].val, c->ext[i].len);
	if (rc)
		goto out;
	rc = mbedtls_x509write_crt_der(&w, buf, size, crypto_blind_rng, NULL);
	rc = to_front(buf, buf + size - (rc > 0 ? rc : 0), rc, len);
out:
	mbedtls_x509write_crt_free(&w);
	mbedtls_ecp_keypair_free(&subject);
	return rc ? -1 : 0;
}

/* A UTF8String (or INTEGER) under an IMPLICIT context tag: retag it. */
static int implicit_string(unsigned char **p, unsigned char *start, int tag,
			   const char *s)
{
	return mbedtls_asn1_write_tagged_string(p, start, TCB_TAG(tag), s,
						strlen(s));
}

/* OperationalFlags: a named BIT STRING in DER (no trailing zero bits). */
static int write_flags(unsigned char **p, unsigned char *start,
		       unsigned int flags)
{
	unsigned char bits[4] = { 0 };
	int top = 31, ret, len = 0;
	unsigned int n;

	while (!(flags & (1U << top)))
		top--;
	for (n = 0; n <= (unsigned int)top; n++)
		if (flags & (1U << n))
			bits[n / 8] |= 0x80 >> (n % 8);
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_raw_buffer(p, start, bits,
								top / 8 + 1));
	if (*p - start < 1)
		return MBEDTLS_ERR_ASN1_BUF_TOO_SMALL;
	*--(*p) = (unsigned char)(7 - top % 8); /* unused bits */
	len++;
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(p, start, len));
	MBEDTLS_ASN1_CHK_ADD(
		len, mbedtls_asn1_write_tag(p, start, TCB_TAG(TCB_FLAGS)));
	return len;
}

/* FWIDLIST with one FWID { id-sha256, digest } under [6] IMPLICIT. */
static int write_fwids(unsigned char **p, unsigned char *start,
		       const unsigned char *digest)
{
	int ret, len = 0;

	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_octet_string(
					  p, start, digest, CRYPTO_HASH_LEN));
	MBEDTLS_ASN1_CHK_ADD(
		len, mbedtls_asn1_write_oid(
			     p, start, MBEDTLS_OID_DIGEST_ALG_SHA256,
			     MBEDTLS_OID_SIZE(MBEDTLS_OID_DIGEST_ALG_SHA256)));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(p, start, len));
	MBEDTLS_ASN1_CHK_ADD(
		len, mbedtls_asn1_write_tag(p, start,
					    MBEDTLS_ASN1_CONSTRUCTED |
						    MBEDTLS_ASN1_SEQUENCE));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(p, start, len));
	MBEDTLS_ASN1_CHK_ADD(
		len, mbedtls_asn1_write_tag(p, start,
					    MBEDTLS_ASN1_CONSTRUCTED |
						    TCB_TAG(TCB_FWIDS)));
	return len;
}

static int write_tcbinfo(const struct crypto_tcbinfo *t, unsigned char **p,
			 unsigned char *start)
{
	int ret, len = 0;

	/* Backwards: last field first. */
	if (t->flags)
		MBEDTLS_ASN1_CHK_ADD(len, write_flags(p, start, t->flags));
	if (t->fwid_sha256)
		MBEDTLS_ASN1_CHK_ADD(len,
				     write_fwids(p, start, t->fwid_sha256));
	if (t->layer >= 0) {
		MBEDTLS_ASN1_CHK_ADD(
			len, mbedtls_asn1_write_int(p, start, t->layer));
		**p = TCB_TAG(TCB_LAYER); /* INTEGER -> [4] IMPLICIT */
	}
	if (t->version)
		MBEDTLS_ASN1_CHK_ADD(len, implicit_string(p, start, TCB_VERSION,
							  t->version));
	if (t->model)
		MBEDTLS_ASN1_CHK_ADD(
			len, implicit_string(p, start, TCB_MODEL, t->model));
	if (t->vendor)
		MBEDTLS_ASN1_CHK_ADD(
			len, implicit_string(p, start, TCB_VENDOR, t->vendor));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(p, start, len));
	MBEDTLS_ASN1_CHK_ADD(
		len, mbedtls_asn1_write_tag(p, start,
					    MBEDTLS_ASN1_CONSTRUCTED |
						    MBEDTLS_ASN1_SEQUENCE));
	return len;
}

int crypto_der_tcbinfo(const struct crypto_tcbinfo *t, unsigned char *buf,
		       size_t size, size_t *len)
{
	unsigned char *p = buf + size;
	int ret = write_tcbinfo(t, &p, buf);

	return to_front(buf, p, ret, len) ? -1 : 0;
}

int crypto_der_tcbfreshness(const unsigned char *nonce, size_t nonce_len,
			    unsigned char *buf, size_t size, size_t *len)
{
	unsigned char *p = buf + size;
	int ret, n = 0;

	MBEDTLS_ASN1_CHK_ADD(n, mbedtls_asn1_write_octet_string(&p, buf, nonce,
								nonce_len));
	MBEDTLS_ASN1_CHK_ADD(n, mbedtls_asn1_write_len(&p, buf, n));
	MBEDTLS_ASN1_CHK_ADD(n, mbedtls_asn1_write_tag(
					&p, buf, MBEDTLS_ASN1_CONSTRUCTED |
							 MBEDTLS_ASN1_SEQUENCE));
	return to_front(buf, p, n, len) ? -1 : 0;
}
