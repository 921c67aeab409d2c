// SPDX-License-Identifier: BSD-2-Clause
/*
 * The DICE certificate profile (sm/sm_dice.c) on the host: chains verify
 * with mbedTLS's parser, carry what they should, are deterministic, and
 * every argument the monitor could pass wrong is refused.  Plus a corpus
 * of random chains (keys, data sizes, boards, the development flag).
 */
#include <string.h>
#include <crypto.h>
#include <crypto_x509.h>
#include "check.h"
#include "sm_dice.h"

struct world {
	struct crypto_keypair device, monitor;
	unsigned char device_pub[33], monitor_pub[33], measurement[32];
	struct sm_dice d;
	unsigned char devcert[SM_CERT_MAX], moncert[SM_CERT_MAX];
	size_t devcert_len, moncert_len;
};

static int world_init(struct world *w, unsigned char seed, const char *board,
		      bool dev)
{
	unsigned char s[32];

	memset(w, 0, sizeof(*w));
	memset(s, seed, sizeof(s));
	if (crypto_keypair_from_seed(&w->device, s))
		return -1;
	s[0] ^= 0x80;
	if (crypto_keypair_from_seed(&w->monitor, s))
		return -1;
	crypto_pubkey_compressed(&w->device, w->device_pub);
	crypto_pubkey_compressed(&w->monitor, w->monitor_pub);
	crypto_sha256(s, sizeof(s), w->measurement);
	w->d.board = board;
	w->d.version = "9.9.9";
	w->d.development = dev;
	w->d.device_public_key = w->device_pub;
	w->d.monitor_public_key = w->monitor_pub;
	w->d.monitor_measurement = w->measurement;
	if (sm_dice_init(&w->d) ||
	    sm_dice_device_cert(&w->d, &w->device, w->devcert,
				sizeof(w->devcert), &w->devcert_len) ||
	    sm_dice_monitor_cert(&w->d, &w->device, w->moncert,
				 sizeof(w->moncert), &w->moncert_len))
		return -1;
	return 0;
}

static void world_free(struct world *w)
{
	crypto_keypair_wipe(&w->device);
	crypto_keypair_wipe(&w->monitor);
}

/* enclave certificate || monitor certificate, as CERT_CHAIN writes it */
static int chain(struct world *w, const unsigned char *key, size_t key_len,
		 const unsigned char *meas, const unsigned char *data,
		 size_t data_len, unsigned char *out, size_t *len)
{
	size_t n;

	if (sm_dice_enclave_cert(&w->d, &w->monitor, key, key_len, meas, data,
				 data_len, out, SM_CERT_MAX, &n))
		return -1;
	memcpy(out + n, w->moncert, w->moncert_len);
	*len = n + w->moncert_len;
	return 0;
}

int main(void)
{
	static unsigned char out[2 * SM_CERT_MAX], out2[2 * SM_CERT_MAX];
	struct crypto_cert_view v[4];
	struct crypto_keypair ek;
	struct world w, w2;
	unsigned char seed[32], epub[33], epoint[65], meas[32], data[64];
	char why[256];
	size_t len, len2;
	unsigned int n, i;

	CHECK_EQ(crypto_init(), 0);
	CHECK_EQ(world_init(&w, 1, "test-board", true), 0);
	memset(seed, 9, sizeof(seed));
	CHECK_EQ(crypto_keypair_from_seed(&ek, seed), 0);
	crypto_pubkey_compressed(&ek, epub);
	CHECK_EQ(crypto_pubkey_decompress(epub, epoint), 0);
	memset(meas, 0x3c, sizeof(meas));
	for (i = 0; i < sizeof(data); i++)
		data[i] = i;

	/* a chain that verifies and says what it should */
	CHECK_EQ(chain(&w, epoint, 65, meas, data, 40, out, &len), 0);
	CHECK(len < SM_CERT_CHAIN_MAX);
	CHECK(w.devcert_len <= SM_DEVICE_CERT_MAX);
	CHECK_EQ(crypto_chain_check(out, len, w.devcert, w.devcert_len, v, 4,
				    &n, why, sizeof(why)),
		 0);
	CHECK_EQ(n, 2);
	CHECK(!v[0].ca && v[1].ca);
	CHECK(!memcmp(v[0].pub, epoint, 65));
	CHECK(v[0].tcb.present && v[0].tcb.layer == 2 && v[0].tcb.has_fwid);
	CHECK(!memcmp(v[0].tcb.fwid, meas, 32));
	CHECK_EQ(v[0].tcb.flags, CRYPTO_DICE_FLAG_NOT_SECURE);
	CHECK(!strcmp(v[0].tcb.model, "sm-enclave"));
	CHECK(v[1].tcb.present && v[1].tcb.layer == 1);
	CHECK(!memcmp(v[1].tcb.fwid, w.measurement, 32));
	CHECK(!strcmp(v[1].tcb.version, "9.9.9"));
	CHECK(v[0].has_data && v[0].data_len == 40 && !memcmp(v[0].data, data, 40));
	CHECK(!v[1].has_data);
	CHECK(strstr(v[0].subject, "OU=test-board") != NULL);

	/* deterministic; the compressed key gives the same certificate */
	CHECK_EQ(chain(&w, epub, 33, meas, data, 40, out2, &len2), 0);
	CHECK(len == len2 && !memcmp(out, out2, len));
	/* other data: another certificate and another serial (byte 15..30) */
	data[0] ^= 1;
	CHECK_EQ(chain(&w, epoint, 65, meas, data, 40, out2, &len2), 0);
	CHECK(memcmp(out + 8, out2 + 8, 24) != 0);
	data[0] ^= 1;

	/* refused: data sizes, keys, a buffer too small */
	CHECK(sm_dice_enclave_cert(&w.d, &w.monitor, epoint, 65, meas, data, 31,
				   out, SM_CERT_MAX, &len2) != 0);
	CHECK(sm_dice_enclave_cert(&w.d, &w.monitor, epoint, 65, meas, data, 65,
				   out2, SM_CERT_MAX, &len2) != 0);
	CHECK(sm_dice_enclave_cert(&w.d, &w.monitor, epoint, 64, meas, data, 32,
				   out2, SM_CERT_MAX, &len2) != 0);
	epoint[64] ^= 1; /* off the curve */
	CHECK(sm_dice_enclave_cert(&w.d, &w.monitor, epoint, 65, meas, data, 32,
				   out2, SM_CERT_MAX, &len2) != 0);
	epoint[64] ^= 1;
	CHECK(sm_dice_enclave_cert(&w.d, &w.monitor, epoint, 65, meas, data, 32,
				   out2, 300, &len2) != 0);

	/* another device does not verify it; tampering does not verify */
	CHECK_EQ(world_init(&w2, 2, "test-board", false), 0);
	CHECK_EQ(crypto_chain_check(out, len, w2.devcert, w2.devcert_len, v, 4,
				    &n, why, sizeof(why)),
		 -1);
	memcpy(out2, out, len);
	out2[len - 20] ^= 1;
	CHECK(crypto_chain_check(out2, len, w.devcert, w.devcert_len, v, 4, &n,
				 why, sizeof(why)) != 0);
	/* production device: no flags in TcbInfo */
	CHECK_EQ(chain(&w2, epoint, 65, meas, data, 64, out2, &len2), 0);
	CHECK_EQ(crypto_chain_check(out2, len2, w2.devcert, w2.devcert_len, v,
				    4, &n, why, sizeof(why)),
		 0);
	CHECK(v[0].tcb.flags == 0 && v[1].tcb.flags == 0);
	world_free(&w2);

	/* a corpus: random-looking keys, every data size, two boards */
	for (i = 0; i < 66; i++) {
		struct crypto_keypair k;
		size_t dl = SM_CERT_DATA_MIN + i % 33;

		memset(seed, 0, sizeof(seed));
		seed[0] = i;
		seed[1] = 0x5a;
		CHECK_EQ(crypto_keypair_from_seed(&k, seed), 0);
		crypto_pubkey_compressed(&k, epub);
		crypto_keypair_wipe(&k);
		crypto_sha256(seed, sizeof(seed), meas);
		crypto_sha256(meas, sizeof(meas), data);
		crypto_sha256(data, 32, data + 32);
		if (chain(&w, epub, 33, meas, data, dl, out, &len)) {
			CHECK(0);
			continue;
		}
		CHECK_EQ(crypto_chain_check(out, len, w.devcert, w.devcert_len,
					    v, 4, &n, why, sizeof(why)),
			 0);
		CHECK(v[0].data_len == dl && !memcmp(v[0].data, data, dl));
		CHECK(!memcmp(v[0].tcb.fwid, meas, 32));
	}
	crypto_keypair_wipe(&ek);
	world_free(&w);
	return check_summary("test_dice");
}
