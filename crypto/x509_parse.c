// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tools only: parse and verify a certificate chain with mbedTLS's
 * X.509 parser (crypto_chain_check in include/crypto_x509.h), and read the
 * TcbInfo and data extensions, which mbedTLS does not know, through its
 * unknown-extension callback.
 */
#include <crypto.h>
#include <crypto_x509.h>
#include <stdio.h>
#include <string.h>
#include "mbedtls/asn1.h"
#include "mbedtls/oid.h"
#include "mbedtls/pem.h"
#include "mbedtls/x509_crt.h"

#define TCBINFO_OID "\x67\x81\x05\x05\x04\x01"
#define TCBFRESHNESS_OID "\x67\x81\x05\x05\x04\x0b"
#define CTX(n) (MBEDTLS_ASN1_CONTEXT_SPECIFIC | (n))

struct ext_ctx {
	struct crypto_cert_view *v;
	int bad;
};

static void copy_str(char *out, size_t size, const unsigned char *p,
		     size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(out, p, len);
	out[len] = 0;
}

/* FWIDLIST: the first FWID whose hashAlg is SHA-256. */
static int parse_fwids(const unsigned char *p, const unsigned char *end,
		       struct crypto_tcbinfo_view *t)
{
	size_t len;

	while (p < end) {
		const unsigned char *fend;
		mbedtls_asn1_buf oid;

		if (mbedtls_asn1_get_tag((unsigned char **)&p, end, &len,
					 MBEDTLS_ASN1_CONSTRUCTED |
						 MBEDTLS_ASN1_SEQUENCE))
			return -1;
		fend = p + len;
		if (mbedtls_asn1_get_tag((unsigned char **)&p, fend, &oid.len,
					 MBEDTLS_ASN1_OID))
			return -1;
		oid.p = (unsigned char *)p;
		p += oid.len;
		if (mbedtls_asn1_get_tag((unsigned char **)&p, fend, &len,
					 MBEDTLS_ASN1_OCTET_STRING) ||
		    p + len != fend)
			return -1;
		if (!t->has_fwid && len == CRYPTO_HASH_LEN &&
		    !MBEDTLS_OID_CMP(MBEDTLS_OID_DIGEST_ALG_SHA256, &oid)) {
			memcpy(t->fwid, p, len);
			t->has_fwid = 1;
		}
		p = fend;
	}
	return 0;
}

/* DiceTcbInfo (IMPLICIT tags); fields we do not use are skipped. */
static int parse_tcbinfo(const unsigned char *p, const unsigned char *end,
			 struct crypto_tcbinfo_view *t)
{
	size_t len, i;

	memset(t, 0, sizeof(*t));
	t->layer = -1;
	if (mbedtls_asn1_get_tag((unsigned char **)&p, end, &len,
				 MBEDTLS_ASN1_CONSTRUCTED |
					 MBEDTLS_ASN1_SEQUENCE) ||
	    p + len != end)
		return -1;
	while (p < end) {
		int tag = *p++;

		if (mbedtls_asn1_get_len((unsigned char **)&p, end, &len))
			return -1;
		if (tag == CTX(1))
			copy_str(t->model, sizeof(t->model), p, len);
		else if (tag == CTX(2))
			copy_str(t->version, sizeof(t->version), p, len);
		else if (tag == CTX(4)) {
			if (len < 1 || len > 2 || (p[0] & 0x80))
				return -1;
			t->layer = len == 1 ? p[0] : p[0] << 8 | p[1];
		} else if (tag == (MBEDTLS_ASN1_CONSTRUCTED | CTX(6))) {
			if (parse_fwids(p, p + len, t))
				return -1;
		} else if (tag == CTX(7)) {
			if (len < 1 || len > 5 || p[0] > 7)
				return -1;
			for (i = 0; i < (len - 1) * 8 && i < 32; i++)
				if (p[1 + i / 8] & (0x80 >> (i % 8)))
					t->flags |= 1U << i;
		}
		p += len;
	}
	t->present = 1;
	return 0;
}

static int ext_cb(void *p_ctx, mbedtls_x509_crt const *crt,
		  mbedtls_x509_buf const *oid, int critical,
		  const unsigned char *p, const unsigned char *end)
{
	struct ext_ctx *x = p_ctx;
	size_t len;

	if (oid->len == sizeof(TCBINFO_OID) - 1 &&
	    !memcmp(oid->p, TCBINFO_OID, oid->len)) {
		if (x->v->tcb.present || parse_tcbinfo(p, end, &x->v->tcb))
			x->bad = 1;
		return 0;
	}
	if (oid->len == sizeof(TCBFRESHNESS_OID) - 1 &&
	    !memcmp(oid->p, TCBFRESHNESS_OID, oid->len)) {
		/* TcbFreshness ::= SEQUENCE { nonce OCTET STRING } */
		if (x->v->has_data ||
		    mbedtls_asn1_get_tag((unsigned char **)&p, end, &len,
					 MBEDTLS_ASN1_CONSTRUCTED |
						 MBEDTLS_ASN1_SEQUENCE) ||
		    p + len != end ||
		    mbedtls_asn1_get_tag((unsigned char **)&p, end, &len,
					 MBEDTLS_ASN1_OCTET_STRING) ||
		    p + len != end || len > sizeof(x->v->data)) {
			x->bad = 1;
			return 0;
		}
		memcpy(x->v->data, p, len);
		x->v->data_len = len;
		x->v->has_data = 1;
		return 0;
	}
	/* Anything else unknown: fatal only if critical (mbedTLS's rule). */
	return critical ? -1 : 0;
}

static int view_of(const mbedtls_x509_crt *c, struct crypto_cert_view *v)
{
	const mbedtls_ecp_keypair *k = mbedtls_pk_ec(c->pk);
	size_t olen;

	if (mbedtls_pk_get_type(&c->pk) != MBEDTLS_PK_ECKEY || !k ||
	    mbedtls_ecp_point_write_binary(
		    &k->MBEDTLS_PRIVATE(grp), &k->MBEDTLS_PRIVATE(Q),
		    MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, v->pub, sizeof(v->pub)))
		return -1;
	v->ca = c->MBEDTLS_PRIVATE(ca_istrue);
	if (mbedtls_x509_dn_gets(v->subject, sizeof(v->subject), &c->subject) <
	    0)
		v->subject[0] = 0;
	return 0;
}

/* One DER certificate, appended to the list, its view filled. */
static int parse_one(mbedtls_x509_crt *list, const unsigned char *der,
		     size_t len, struct ext_ctx *x)
{
	const mbedtls_x509_crt *c;

	if (mbedtls_x509_crt_parse_der_with_ext_cb(list, der, len, 1, ext_cb,
						   x) ||
	    x->bad)
		return -1;
	for (c = list; c->next; c = c->next)
		;
	return view_of(c, x->v);
}

/* Splits DER certificates back to back (each an outer SEQUENCE). */
static int parse_chain(mbedtls_x509_crt *list, const unsigned char *buf,
		       size_t len, struct ext_ctx *x,
		       struct crypto_cert_view *v, unsigned int max,
		       unsigned int *n)
{
	const unsigned char *p = buf, *end = buf + len;

	*n = 0;
	while (p < end) {
		const unsigned char *q = p;
		size_t clen;

		if (*n >= max ||
		    mbedtls_asn1_get_tag((unsigned char **)&q, end, &clen,
					 MBEDTLS_ASN1_CONSTRUCTED |
						 MBEDTLS_ASN1_SEQUENCE))
			return -1;
		clen += q - p;
		memset(&v[*n], 0, sizeof(v[*n]));
		v[*n].tcb.layer = -1;
		x->v = &v[*n];
		if (parse_one(list, p, clen, x))
			return -1;
		(*n)++;
		p += clen;
	}
	return *n ? 0 : -1;
}

/* PEM needs a NUL-terminated copy; DER is taken as it is. */
static int parse_any(mbedtls_x509_crt *list, const unsigned char *buf,
		     size_t len, struct ext_ctx *x,
		     struct crypto_cert_view *v, unsigned int max,
		     unsigned int *n)
{
	static unsigned char der[16384];
	const char *b = "-----BEGIN CERTIFICATE-----";
	const unsigned char *p = buf, *end = buf + len;
	size_t dlen = 0;

	if (len < strlen(b) || memcmp(buf, b, strlen(b)))
		return parse_chain(list, buf, len, x, v, max, n);
	/* PEM: decode every block, then parse the DER back to back */
	while (p < end) {
		mbedtls_pem_context pem;
		size_t used;
		char tmp[8192];

		if (end - p >= (long)sizeof(tmp))
			return -1;
		memcpy(tmp, p, end - p);
		tmp[end - p] = 0;
		mbedtls_pem_init(&pem);
		if (mbedtls_pem_read_buffer(&pem, "-----BEGIN CERTIFICATE-----",
					    "-----END CERTIFICATE-----",
					    (unsigned char *)tmp, NULL, 0,
					    &used) ||
		    dlen + pem.MBEDTLS_PRIVATE(buflen) > sizeof(der)) {
			mbedtls_pem_free(&pem);
			break;
		}
		memcpy(der + dlen, pem.MBEDTLS_PRIVATE(buf),
		       pem.MBEDTLS_PRIVATE(buflen));
		dlen += pem.MBEDTLS_PRIVATE(buflen);
		mbedtls_pem_free(&pem);
		p += used;
	}
	return parse_chain(list, der, dlen, x, v, max, n);
}

int crypto_chain_check(const unsigned char *chain, size_t len,
		       const unsigned char *anchor, size_t anchor_len,
		       struct crypto_cert_view *v, unsigned int max,
		       unsigned int *n, char *why, size_t why_len)
{
	mbedtls_x509_crt list, ca;
	struct crypto_cert_view ca_view;
	struct ext_ctx x = { NULL, 0 };
	unsigned int one;
	uint32_t flags = 0;
	int rc;

	mbedtls_x509_crt_init(&list);
	mbedtls_x509_crt_init(&ca);
	snprintf(why, why_len, "does not parse");
	rc = parse_any(&list, chain, len, &x, v, max, n) ||
			     parse_any(&ca, anchor, anchor_len, &x, &ca_view,
				       1, &one) ?
		     CRYPTO_CHAIN_PARSE_ERROR :
		     0;
	if (!rc) {
		rc = mbedtls_x509_crt_verify(&list, &ca, NULL, NULL, &flags,
					     NULL, NULL) ?
			     -1 :
			     0;
		if (mbedtls_x509_crt_verify_info(why, why_len, "", flags) <= 0)
			snprintf(why, why_len, "%s",
				 rc ? "does not verify" : "verified");
	}
	mbedtls_x509_crt_free(&list);
	mbedtls_x509_crt_free(&ca);
	return rc;
}
