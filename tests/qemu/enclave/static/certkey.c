// SPDX-License-Identifier: BSD-2-Clause
/*
 * An enclave with its own P-256 key: it makes the key pair from the
 * monitor's RANDOM, asks the monitor for its certificate chain
 * (CERT_CHAIN) and signs what the host asks it to, with the monitor's own
 * crypto layer (crypto/, mbedTLS) linked in.  mbedTLS keeps pointers in
 * its data, so this one is linked at a fixed EPM address (tests.mk), not
 * as a relocation-free PIE like the others.  Commands: certkey.h.
 */
#include <stdbool.h>
#include <crypto.h>
#include "../rt/enclave_rt.h"
#include "certkey.h"

static struct crypto_keypair kp;
static unsigned char priv[32];
static bool have_key;
static unsigned long seed_ctr;
/* CERT_CHAIN's arguments live in the enclave's own memory, as they would. */
static unsigned char key_buf[65], data_buf[SM_CERT_DATA_MAX + 8];
static unsigned char chain_buf[SM_CERT_CHAIN_MAX];

void *memcpy(void *d, const void *s, unsigned long n); /* rt/rt.c */
void *memmove(void *d, const void *s, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);
void sbi_hart_hang(void);

void *memmove(void *d, const void *s, unsigned long n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	if (p < q)
		return memcpy(d, s, n);
	while (n--)
		p[n] = q[n];
	return d;
}

int memcmp(const void *a, const void *b, unsigned long n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

/* crypto_panic (crypto/libc) ends here: mbedTLS found its heap corrupt. */
void sbi_hart_hang(void)
{
	enclave_exit(ENCLAVE_TRAPPED | 0xfff);
}

static struct enclave_ret sm_call5(unsigned long fid, unsigned long a0,
				   unsigned long a1, unsigned long a2,
				   unsigned long a3, unsigned long a4)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = SM_EXT_ID;

	__asm__ __volatile__("ecall"
			     : "+r"(r0), "+r"(r1)
			     : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
			     : "memory");
	return (struct enclave_ret){ r0, r1 };
}

/*
 * 32 bytes from RANDOM; without an entropy source (sifive_u) a fixed test
 * seed and a counter, so that the rest of the test still runs (value 0
 * tells the host).  d = SHA-256(seed || i), the first i that is in range.
 */
static void keygen(struct certkey_utm *u)
{
	unsigned char seed[41], pub[33];
	struct enclave_ret r;
	unsigned int i;

	u->value = 1;
	for (i = 0; i < 4; i++) {
		r = enclave_sm_call(SM_FID_RANDOM, 0, 0, 0);
		if (r.error) {
			u->value = 0;
			break;
		}
		memcpy(seed + 8 * i, &r.value, 8);
	}
	if (!u->value)
		memcpy(seed, "certkey test seed (no RANDOM) !", 32);
	seed_ctr++;
	memcpy(seed + 32, &seed_ctr, 8);
	if (have_key)
		crypto_keypair_wipe(&kp);
	have_key = false;
	for (i = 0; i < 256 && !have_key; i++) {
		seed[40] = (unsigned char)i;
		crypto_sha256(seed, sizeof(seed), priv);
		have_key = !crypto_keypair_from_scalar(&kp, priv);
	}
	crypto_wipe(seed, sizeof(seed));
	crypto_pubkey_compressed(&kp, pub);
	u->rc = have_key && !crypto_pubkey_decompress(pub, u->pub) ?
			0 :
			CK_ERR_CRYPTO;
}

static void chain(struct certkey_utm *u, bool compressed)
{
	struct enclave_ret r;
	unsigned long n = u->len < sizeof(data_buf) ? u->len : sizeof(data_buf);

	memcpy(key_buf, u->pub, sizeof(key_buf));
	if (compressed)
		key_buf[0] = 0x02 | (key_buf[64] & 1); /* 02/03 || X */
	memcpy(data_buf, u->data, n);
	r = sm_call5(SM_FID_CERT_CHAIN, (unsigned long)key_buf,
		     (unsigned long)data_buf, u->len, (unsigned long)chain_buf,
		     u->arg);
	u->rc = r.error;
	u->value = r.value;
	if (!r.error && r.value <= sizeof(u->chain))
		memcpy(u->chain, chain_buf, r.value);
}

static void sign(struct certkey_utm *u)
{
	unsigned char h[32];

	crypto_sha256(u->msg, u->len < 64 ? u->len : 64, h);
	u->rc = have_key && !crypto_sign(&kp, h, u->sig) ? 0 : CK_ERR_CRYPTO;
}

long enclave_main(const struct enclave_boot *b)
{
	struct certkey_utm *u = (struct certkey_utm *)b->utm_paddr;
	unsigned long here;

	__asm__("lla %0, _start" : "=r"(here));
	u->base = here;
	crypto_init();
	for (;;) {
		switch (u->cmd) {
		case CK_KEYGEN:
			keygen(u);
			break;
		case CK_CHAIN:
		case CK_CHAIN_COMPRESSED:
			chain(u, u->cmd == CK_CHAIN_COMPRESSED);
			break;
		case CK_SIGN:
			sign(u);
			break;
		case CK_REVEAL: /* the TLS test's key for openssl s_server */
			memcpy(u->priv, priv, sizeof(priv));
			u->rc = have_key ? 0 : CK_ERR_CRYPTO;
			break;
		}
		u->cmd = CK_NONE;
		enclave_stop(SM_STOP_EDGE_CALL_HOST);
	}
}
