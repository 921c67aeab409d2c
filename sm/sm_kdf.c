// SPDX-License-Identifier: BSD-2-Clause
#include <crypto.h>
#include "sm_kdf.h"

#define SM_KDF_INFO_MAX 128

static unsigned int label_len(const char *s)
{
	unsigned int n = 0;

	while (s[n])
		n++;
	return n;
}

static int kdf(const u8 *ikm, const char *label, const u8 *a,
	       unsigned int alen, const u8 *b, unsigned int blen, u8 *out,
	       unsigned int out_len)
{
	u8 info[SM_KDF_INFO_MAX];
	unsigned int n = label_len(label);
	int rc;

	if (n + alen + blen > sizeof(info))
		return -1;
	sm_memcpy(info, label, n);
	if (alen)
		sm_memcpy(info + n, a, alen);
	if (blen)
		sm_memcpy(info + n + alen, b, blen);
	rc = crypto_hkdf_sha256(NULL, 0, ikm, SM_KDF_SECRET_LEN, info,
				n + alen + blen, out, out_len);
	crypto_wipe(info, sizeof(info));
	return rc ? -1 : 0;
}

int sm_kdf_label(const u8 secret[SM_KDF_SECRET_LEN], const char *label,
		 const u8 *ctx, unsigned int ctx_len, u8 out[32])
{
	return kdf(secret, label, ctx, ctx_len, NULL, 0, out, 32);
}

int sm_sealing_derive(const u8 root[32], const u8 measurement[SM_HASH_LEN],
		      const u8 *id, unsigned int id_len,
		      u8 out[SM_SEALING_KEY_LEN])
{
	if (id_len > SM_SEALING_ID_MAX)
		return -1;
	return kdf(root, "sm sealing key v1", measurement, SM_HASH_LEN, id,
		   id_len, out, SM_SEALING_KEY_LEN);
}
