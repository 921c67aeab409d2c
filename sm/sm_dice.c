// SPDX-License-Identifier: BSD-2-Clause
/*
 * The DICE certificate profile; see sm_dice.h and docs/attestation.md.
 * Everything is a function of its inputs: the same device, monitor,
 * enclave key and data always give the same bytes (RFC 6979 signatures).
 */
#include <crypto.h>
#include <crypto_x509.h>
#include "sm_dice.h"

/* RFC 5280 4.1.2.5: no well-defined expiration (the monitor has no clock). */
#define NOT_BEFORE "19700101000000"
#define NOT_AFTER "99991231235959"
#define SERIAL_LEN 16
#define NAME_HEX_MAX (2 * SM_HASH_LEN + 1)

static char hexdigit(unsigned int v)
{
	return "0123456789abcdef"[v & 15];
}

/* Names: CN = the role, OU = the board, serialNumber = hex of an id. */
static void make_name(struct crypto_name *n, char hex[NAME_HEX_MAX],
		      const char *cn, const char *board, const u8 *id,
		      unsigned int id_len)
{
	unsigned int i;

	for (i = 0; i < id_len && 2 * i + 2 < NAME_HEX_MAX; i++) {
		hex[2 * i] = hexdigit(id[i] >> 4);
		hex[2 * i + 1] = hexdigit(id[i]);
	}
	hex[2 * i] = 0;
	n->cn = cn;
	n->ou = board;
	n->serial_number = hex;
}

_Static_assert(sizeof(((struct sm_dice *)0)->device_keyid) ==
		       CRYPTO_KEYID_LEN,
	       "key identifier size");

int sm_dice_init(struct sm_dice *d)
{
	if (crypto_keyid(d->device_public_key, SM_PUBKEY_LEN, d->device_keyid))
		return -1;
	if (d->monitor_public_key &&
	    crypto_keyid(d->monitor_public_key, SM_PUBKEY_LEN,
			 d->monitor_keyid))
		return -1;
	return 0;
}

static void device_name(const struct sm_dice *d, struct crypto_name *n,
			char hex[NAME_HEX_MAX])
{
	make_name(n, hex, "SM Device", d->board, d->device_keyid,
		  CRYPTO_KEYID_LEN);
}

static void monitor_name(const struct sm_dice *d, struct crypto_name *n,
			 char hex[NAME_HEX_MAX])
{
	make_name(n, hex, "SM Monitor", d->board, d->monitor_measurement,
		  SM_HASH_LEN);
}

/*
 * Serial: SHA-256(subject key, uncompressed || extra), 16 bytes, top bit
 * clear and next bit set (positive, minimal DER, always 16 bytes).  The
 * extra bytes keep two certificates one issuer makes for the same key
 * (an enclave asking twice with other data) apart (RFC 5280 4.1.2.2).
 */
static int make_serial(const u8 *key, size_t key_len, const u8 *extra,
		       size_t extra_len, const u8 *extra2, size_t extra2_len,
		       u8 serial[SERIAL_LEN])
{
	u8 point[CRYPTO_POINT_LEN], h[CRYPTO_HASH_LEN];
	struct crypto_sha256 ctx;

	if (crypto_point_uncompressed(key, key_len, point))
		return -1;
	crypto_sha256_init(&ctx);
	crypto_sha256_update(&ctx, point, sizeof(point));
	if (extra_len)
		crypto_sha256_update(&ctx, extra, extra_len);
	if (extra2_len)
		crypto_sha256_update(&ctx, extra2, extra2_len);
	crypto_sha256_final(&ctx, h);
	sm_memcpy(serial, h, SERIAL_LEN);
	serial[0] = (serial[0] & 0x7f) | 0x40;
	return 0;
}

static void cert_init(struct crypto_cert *c, u8 *serial)
{
	sm_memset(c, 0, sizeof(*c));
	c->serial = serial;
	c->serial_len = SERIAL_LEN;
	c->not_before = NOT_BEFORE;
	c->not_after = NOT_AFTER;
	c->pathlen = -1;
}

int sm_dice_device_cert(const struct sm_dice *d, struct crypto_keypair *device,
			u8 *buf, size_t size, size_t *len)
{
	char hex[NAME_HEX_MAX];
	u8 serial[SERIAL_LEN];
	struct crypto_cert c;

	cert_init(&c, serial);
	if (make_serial(d->device_public_key, SM_PUBKEY_LEN, NULL, 0, NULL, 0,
			serial))
		return -1;
	device_name(d, &c.subject, hex);
	c.issuer = c.subject;
	c.subject_key = d->device_public_key;
	c.subject_key_len = SM_PUBKEY_LEN;
	c.subject_keyid = d->device_keyid;
	c.ca = 1;
	c.key_usage = CRYPTO_KU_KEY_CERT_SIGN;
	return crypto_cert_write(&c, device, buf, size, len);
}

/* The TcbInfo extension of a layer, encoded into buf. */
static int tcbinfo(const struct sm_dice *d, const char *model,
		   const char *version, int layer, const u8 *fwid, u8 *buf,
		   size_t size, struct crypto_cert_ext *ext)
{
	struct crypto_tcbinfo t = {
		.model = model,
		.version = version,
		.layer = layer,
		.fwid_sha256 = fwid,
		.flags = d->development ? CRYPTO_DICE_FLAG_NOT_SECURE : 0,
	};

	ext->oid = SM_OID_TCBINFO;
	ext->oid_len = SM_OID_LEN(SM_OID_TCBINFO);
	ext->val = buf;
	/* Not critical: TLS stacks that do not know it must still accept. */
	ext->critical = 0;
	return crypto_der_tcbinfo(&t, buf, size, &ext->len);
}

int sm_dice_monitor_cert(const struct sm_dice *d,
			 struct crypto_keypair *device, u8 *buf, size_t size,
			 size_t *len)
{
	char subject[NAME_HEX_MAX], issuer[NAME_HEX_MAX];
	u8 serial[SERIAL_LEN], tcb[128];
	struct crypto_cert_ext ext;
	struct crypto_cert c;

	cert_init(&c, serial);
	monitor_name(d, &c.subject, subject);
	device_name(d, &c.issuer, issuer);
	if (make_serial(d->monitor_public_key, SM_PUBKEY_LEN, NULL, 0, NULL, 0,
			serial) ||
	    tcbinfo(d, "sm-monitor", d->version, SM_DICE_LAYER_MONITOR,
		    d->monitor_measurement, tcb, sizeof(tcb), &ext))
		return -1;
	c.subject_key = d->monitor_public_key;
	c.subject_key_len = SM_PUBKEY_LEN;
	c.subject_keyid = d->monitor_keyid;
	c.issuer_keyid = d->device_keyid;
	/* One more CA layer may sit between the monitor and a leaf. */
	c.ca = 1;
	c.pathlen = 1;
	c.key_usage = CRYPTO_KU_KEY_CERT_SIGN;
	c.ext = &ext;
	c.n_ext = 1;
	return crypto_cert_write(&c, device, buf, size, len);
}

int sm_dice_enclave_cert(const struct sm_dice *d,
			 struct crypto_keypair *monitor, const u8 *enclave_key,
			 size_t key_len, const u8 measurement[SM_HASH_LEN],
			 const u8 *data, size_t data_len, u8 *buf, size_t size,
			 size_t *len)
{
	char subject[NAME_HEX_MAX], issuer[NAME_HEX_MAX];
	u8 serial[SERIAL_LEN], tcb[128];
	u8 fresh[4 + SM_CERT_DATA_MAX];
	struct crypto_cert_ext ext[2];
	struct crypto_cert c;

	if (data_len < SM_CERT_DATA_MIN || data_len > SM_CERT_DATA_MAX)
		return -1;
	cert_init(&c, serial);
	make_name(&c.subject, subject, "SM Enclave", d->board, measurement,
		  SM_HASH_LEN);
	monitor_name(d, &c.issuer, issuer);
	if (make_serial(enclave_key, key_len, measurement, SM_HASH_LEN, data,
			data_len, serial) ||
	    tcbinfo(d, "sm-enclave", NULL, SM_DICE_LAYER_ENCLAVE, measurement,
		    tcb, sizeof(tcb), &ext[0]) ||
	    crypto_der_tcbfreshness(data, data_len, fresh, sizeof(fresh),
				    &ext[1].len))
		return -1;
	ext[1].oid = SM_OID_TCBFRESHNESS;
	ext[1].oid_len = SM_OID_LEN(SM_OID_TCBFRESHNESS);
	ext[1].val = fresh;
	ext[1].critical = 0;
	c.subject_key = enclave_key;
	c.subject_key_len = key_len;
	c.issuer_keyid = d->monitor_keyid;
	c.key_usage = CRYPTO_KU_DIGITAL_SIGNATURE;
	c.ext = ext;
	c.n_ext = 2;
	return crypto_cert_write(&c, monitor, buf, size, len);
}
