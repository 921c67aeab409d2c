// SPDX-License-Identifier: BSD-2-Clause
/*
 * X.509 evidence: DEVICE_CERT from the host, CERT_CHAIN from an enclave
 * with its own key (certkey) and from the probe enclave (pointer rules).
 * What the host must check with tools we did not write (openssl, Python's
 * cryptography, a TLS handshake) is printed as tagged hex lines for
 * tests/qemu/cert_check.sh:
 *   DEVCERT, CHAIN, CHALLENGE, ENCSIG, ENCPRIV (test only), CERTLAYOUT,
 *   CORPUS (one chain per line), CERTKEY_RANDOM.
 */
#include "enclave.h"
#include "certkey.h"

ENCLAVE_IMAGE(certkey);

#define CK_EPM ENC_STATIC_BASE
#define CK_EPM_SIZE 0x100000UL
#define CK_UTM (UTM_AREA + 0x800000UL)
#define CK_UTM_SIZE 0x2000UL

/* P-256's generator: a valid public key that needs no key generation. */
static const u8 p256_g[65] = {
	0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc,
	0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d,
	0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
	0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb,
	0x4a, 0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31,
	0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};

static u8 devcert[SM_DEVICE_CERT_MAX + 64];
static u8 chain1[SM_CERT_CHAIN_MAX];

static void print_hex(const char *tag, const volatile u8 *p, ulong n)
{
	ulong i;

	tp_printf("%s ", tag);
	for (i = 0; i < n; i++)
		tp_printf("%02x", p[i]);
	tp_printf("\n");
}

/* --- the certkey enclave ------------------------------------------------ */

static long ck_create(struct enc *e)
{
	ulong n = enclave_certkey_end - enclave_certkey_start;
	ulong user = (n + 0xfff) & ~0xfffUL;
	struct sbiret r;

	tp_memset((void *)CK_EPM, 0, CK_EPM_SIZE);
	tp_memcpy((void *)CK_EPM, enclave_certkey_start, n);
	tp_memset((void *)CK_UTM, 0, CK_UTM_SIZE);
	e->a.epm_paddr = CK_EPM;
	e->a.epm_size = CK_EPM_SIZE;
	e->a.utm_paddr = CK_UTM;
	e->a.utm_size = CK_UTM_SIZE;
	e->a.runtime_paddr = CK_EPM;
	e->a.user_paddr = CK_EPM + user; /* no user image: measured up to here */
	e->a.free_paddr = CK_EPM + user;
	e->a.free_requested = 0;
	e->u = (volatile ulong *)CK_UTM;
	r = sm_call(SM_FID_CREATE, (ulong)&e->a, 0, 0);
	e->eid = r.error ? 0 : r.value;
	return r.error;
}

static struct certkey_utm *ck(void)
{
	return (struct certkey_utm *)CK_UTM;
}

/* One command; the enclave's result code (or 0x7ead if it did not stop). */
static ulong ck_cmd(struct enc *e, ulong cmd)
{
	volatile struct certkey_utm *u = ck();

	u->cmd = cmd;
	u->rc = 0xbad;
	if (enc_resume(e) != (long)SM_ERR_EDGE_CALL_HOST)
		return 0x7ead;
	return u->rc;
}

static ulong ck_chain(struct enc *e, const u8 *data, ulong len, ulong bufsize)
{
	struct certkey_utm *u = ck();

	tp_memcpy(u->data, data, len <= sizeof(u->data) ? len : sizeof(u->data));
	u->len = len;
	u->arg = bufsize;
	u->value = 0;
	return ck_cmd(e, CK_CHAIN);
}

TEST(cert_chain_enclave_key)
{
	struct certkey_utm *u = ck();
	struct enc e;
	u8 nonce[SM_CERT_DATA_MAX + 8] = { 0 };
	ulong i, len, n = enclave_certkey_end - enclave_certkey_start;

	ASSERT_EQ(ck_create(&e), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	/* where it runs (relocated itself there): the pool, if adopted */
	ASSERT_EQ(u->base, enc_epm(&e));
	ASSERT_EQ(ck_cmd(&e, CK_KEYGEN), 0);
	tp_printf("CERTKEY_RANDOM %lu\n", u->value);
	EXPECT_EQ(u->pub[0], 4);
	for (i = 0; i < 32; i++)
		nonce[i] = 0xc0 + i; /* the verifier's nonce */
	ASSERT_EQ(ck_chain(&e, nonce, 32, SM_CERT_CHAIN_MAX), 0);
	len = u->value;
	EXPECT_TRUE(len > 600 && len <= SM_CERT_CHAIN_MAX);
	EXPECT_EQ(u->chain[0], 0x30);
	tp_memcpy(chain1, u->chain, len);
	print_hex("CHAIN", u->chain, len);
	tp_printf("CERTLAYOUT image %lu runtime 0x0 user 0x%lx free 0x%lx\n", n,
		  (ulong)(e.a.user_paddr - e.a.epm_paddr),
		  (ulong)(e.a.free_paddr - e.a.epm_paddr));

	/* deterministic: the same key and data give the same bytes */
	ASSERT_EQ(ck_chain(&e, nonce, 32, SM_CERT_CHAIN_MAX), 0);
	EXPECT_EQ(u->value, len);
	EXPECT_EQ(tp_memcmp(chain1, u->chain, len), 0);
	/* the 33-byte form of the same key: the same certificate */
	u->value = 0;
	ASSERT_EQ(ck_cmd(&e, CK_CHAIN_COMPRESSED), 0);
	EXPECT_EQ(u->value, len);
	EXPECT_EQ(tp_memcmp(chain1, u->chain, len), 0);
	/* a buffer one byte short: refused, nothing handed back */
	EXPECT_EQ(ck_chain(&e, nonce, 32, len - 1), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(u->value, 0);
	EXPECT_EQ(ck_chain(&e, nonce, 32, 0), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(ck_chain(&e, nonce, 31, SM_CERT_CHAIN_MAX), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(ck_chain(&e, nonce, 65, SM_CERT_CHAIN_MAX), SM_ERR_ILLEGAL_ARGUMENT);
	/* exactly the size needed is enough */
	EXPECT_EQ(ck_chain(&e, nonce, 32, len), 0);

	/* the enclave proves it holds the key: it signs the host's challenge */
	for (i = 0; i < sizeof(u->msg); i++)
		u->msg[i] = (u8)(i * 13 + 5);
	u->len = sizeof(u->msg);
	ASSERT_EQ(ck_cmd(&e, CK_SIGN), 0);
	print_hex("CHALLENGE", u->msg, sizeof(u->msg));
	print_hex("ENCSIG", u->sig, sizeof(u->sig));
	/* TEST ONLY: the key, for openssl s_server in the TLS test */
	ASSERT_EQ(ck_cmd(&e, CK_REVEAL), 0);
	print_hex("ENCPRIV", u->priv, sizeof(u->priv));
	EXPECT_EQ(enc_destroy(&e), 0);
}

/* Many chains (keys, data sizes 32..64, data bytes) for a second parser. */
TEST_TIMEOUT(cert_chain_corpus, 120000)
{
	struct certkey_utm *u = ck();
	struct enc e;
	u8 data[SM_CERT_DATA_MAX];
	ulong len, k, i;

	ASSERT_EQ(ck_create(&e), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	for (len = SM_CERT_DATA_MIN; len <= SM_CERT_DATA_MAX; len++) {
		if (len % 4 == 0)
			ASSERT_EQ(ck_cmd(&e, CK_KEYGEN), 0);
		for (i = 0; i < len; i++)
			data[i] = (u8)(len * 31 + i * 7 + (len & 1 ? 0x80 : 0));
		ASSERT_EQ(ck_chain(&e, data, len, SM_CERT_CHAIN_MAX), 0);
		print_hex("CORPUS", u->chain, u->value);
		k = (u->chain[2] << 8 | u->chain[3]) + 4; /* enclave cert's size */
		EXPECT_LT(k, u->value);
	}
	EXPECT_EQ(enc_destroy(&e), 0);
}

/* --- pointer rules, with the probe enclave ------------------------------ */

#define KEY_OFF 0x900 /* in UTM */
#define DATA_OFF 0x980
#define OUT_OFF 0xa00

static long chain_call(struct enc *e, ulong key, ulong data, ulong len,
		       ulong out, ulong size, ulong *value)
{
	e->u[U_CMD] = CMD_ECALL;
	e->u[U_ARG(0)] = key;
	e->u[U_ARG(1)] = data;
	e->u[U_ARG(2)] = len;
	e->u[U_ARG(3)] = out;
	e->u[U_ARG(4)] = size;
	e->u[U_ARG(5)] = 0;
	e->u[U_ARG(6)] = SM_FID_CERT_CHAIN;
	e->u[U_ARG(7)] = SM_EXT_ID;
	e->u[U_R0] = 0xbad;
	if (enc_resume(e) != (long)SM_ERR_EDGE_CALL_HOST)
		return 0x7ead;
	if (value)
		*value = e->u[U_R1];
	return e->u[U_R0];
}

static bool untouched(const volatile u8 *p, ulong n, u8 v)
{
	ulong i;

	for (i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

TEST(cert_chain_pointers)
{
	struct enc a, b;
	volatile u8 *u;
	ulong ut, end, v = 0, len, i;

	ASSERT_EQ(enc_create(&a, 8), 0);
	ASSERT_EQ(enc_create(&b, 9), 0);
	ASSERT_EQ(enc_run(&a), SM_ERR_EDGE_CALL_HOST);
	u = (volatile u8 *)a.u;
	ut = a.a.utm_paddr;
	end = ut + a.a.utm_size;
	for (i = 0; i < 65; i++)
		u[KEY_OFF + i] = p256_g[i];
	for (i = 0; i < 64; i++)
		u[DATA_OFF + i] = 0x11 * (i & 7);

	/* works: key, data and output all in the enclave's UTM */
	ASSERT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, ut + OUT_OFF,
			     SM_CERT_CHAIN_MAX, &v), 0);
	len = v;
	EXPECT_TRUE(len > 600 && len < a.a.utm_size - OUT_OFF);
	EXPECT_EQ(u[OUT_OFF], 0x30);
	/* ...and with the output in its own EPM */
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48,
			     enc_epm(&a) + 0x8000, 0x1000, &v), 0);

	tp_memset((void *)(ut + OUT_OFF), 0x5a, a.a.utm_size - OUT_OFF);
	/* sizes */
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 31, ut + OUT_OFF, 4096, NULL), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 65, ut + OUT_OFF, 4096, NULL), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, ~0UL, ut + OUT_OFF, 4096, NULL), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, ut + OUT_OFF, len - 1, NULL), SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, ut + OUT_OFF, 0, NULL), SM_ERR_ILLEGAL_ARGUMENT);
	/* key: host memory, the firmware, another enclave, wrapping */
	EXPECT_EQ(chain_call(&a, 0x80200000UL, ut + DATA_OFF, 48, ut + OUT_OFF, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(chain_call(&a, 0x80000000UL, ut + DATA_OFF, 48, ut + OUT_OFF, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(chain_call(&a, b.a.epm_paddr, ut + DATA_OFF, 48, ut + OUT_OFF, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(chain_call(&a, ~0UL - 10, ut + DATA_OFF, 48, ut + OUT_OFF, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	/* key straddling the end of the UTM (first byte readable) */
	u[a.a.utm_size - 1] = 0x04;
	EXPECT_EQ(chain_call(&a, end - 1, ut + DATA_OFF, 48, ut + OUT_OFF, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	/* data */
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, b.a.utm_paddr, 48, ut + OUT_OFF, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, end - 20, 48, ut + OUT_OFF, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	/* output: host, firmware, another enclave, straddling the end */
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, 0x80200000UL, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, 0x80000000UL, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, b.a.epm_paddr, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, end - 100, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, ~0UL - 100, 4096, NULL), SM_ERR_NOT_ACCESSIBLE);
	/* not keys: a bad prefix, a point off the curve */
	u[KEY_OFF] = 0x05;
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, ut + OUT_OFF, 4096, NULL), SM_ERR_ILLEGAL_ARGUMENT);
	u[KEY_OFF] = 0x04;
	u[KEY_OFF + 64] ^= 1;
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, ut + OUT_OFF, 4096, NULL), SM_ERR_ILLEGAL_ARGUMENT);
	/* nothing was written by any failed call */
	EXPECT_TRUE(untouched(u + OUT_OFF, a.a.utm_size - OUT_OFF - 1, 0x5a));
	/* the compressed form (03 || X: G's Y is odd) */
	u[KEY_OFF] = 0x03;
	EXPECT_EQ(chain_call(&a, ut + KEY_OFF, ut + DATA_OFF, 48, ut + OUT_OFF, 4096, &v), 0);
	EXPECT_EQ(v, len);
	EXPECT_EQ(enc_destroy(&a), 0);
	EXPECT_EQ(enc_destroy(&b), 0);
}

/* --- DEVICE_CERT, and each call from the wrong side ---------------------- */

TEST(device_cert)
{
	struct sbiret r;
	struct enc e;
	ulong len, v;

	tp_memset(devcert, 0x5a, sizeof(devcert));
	r = sm_call(SM_FID_DEVICE_CERT, (ulong)devcert, SM_DEVICE_CERT_MAX);
	ASSERT_EQ(r.error, 0);
	len = r.value;
	EXPECT_TRUE(len > 300 && len <= SM_DEVICE_CERT_MAX);
	EXPECT_EQ(devcert[0], 0x30);
	EXPECT_EQ(devcert[len], 0x5a);
	print_hex("DEVCERT", devcert, len);
	/* too small, unreachable, straddling an EPM: refused, nothing written */
	tp_memset(devcert, 0x5a, sizeof(devcert));
	EXPECT_EQ(sm_call(SM_FID_DEVICE_CERT, (ulong)devcert, len - 1).error, SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(sm_call(SM_FID_DEVICE_CERT, (ulong)devcert, 0).error, SM_ERR_ILLEGAL_ARGUMENT);
	EXPECT_EQ(sm_call(SM_FID_DEVICE_CERT, 0x80000000UL, 4096).error, SM_ERR_NOT_ACCESSIBLE);
	EXPECT_EQ(sm_call(SM_FID_DEVICE_CERT, ~0UL - 100, 4096).error, SM_ERR_NOT_ACCESSIBLE);
	EXPECT_TRUE(untouched(devcert, sizeof(devcert), 0x5a));
	ASSERT_EQ(enc_create(&e, 10), 0);
	ASSERT_EQ(enc_run(&e), SM_ERR_EDGE_CALL_HOST);
	/* into where the enclave runs (a pool block, or its EPM in place) */
	if (tp_probe_load(enc_epm(&e) - 0x100) == 0) {
		tp_memset((void *)(enc_epm(&e) - 0x100), 0x5a, 0x100);
		EXPECT_EQ(sm_call(SM_FID_DEVICE_CERT, enc_epm(&e) - 0x100, 4096).error,
			  SM_ERR_NOT_ACCESSIBLE);
		EXPECT_TRUE(untouched((const u8 *)(enc_epm(&e) - 0x100), 0x100, 0x5a));
	}
	EXPECT_EQ(sm_call(SM_FID_DEVICE_CERT, enc_epm(&e), 4096).error,
		  SM_ERR_NOT_ACCESSIBLE);
	/* the host may not ask for a chain, an enclave not for DEVICE_CERT */
	EXPECT_EQ(sm_call(SM_FID_CERT_CHAIN, 0, 0, 32, 0, 4096).error, SM_ERR_SBI_PROHIBITED);
	EXPECT_EQ(enc_ecall(&e, SM_EXT_ID, SM_FID_DEVICE_CERT, e.a.utm_paddr, 4096, 0, &v),
		  SM_ERR_SBI_PROHIBITED);
	EXPECT_EQ(enc_destroy(&e), 0);
}
