// SPDX-License-Identifier: BSD-2-Clause
/* Attestation report encoding; see sm_report.h and docs/attestation.md. */
#include <crypto.h>
#include "sm_report.h"

_Static_assert(sizeof(struct sm_report) == SM_REPORT_SIZE, "report layout");
_Static_assert(SM_REPORT_SIZE <= SM_REPORT_BUFFER_MIN, "report too large");

void sm_report_le64(u8 *out, u64 v)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		out[i] = (u8)(v >> (8 * i));
}

u64 sm_report_get_le64(const u8 *in)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		v |= (u64)in[i] << (8 * i);
	return v;
}

static void le32(u8 *out, u32 v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		out[i] = (u8)(v >> (8 * i));
}

void sm_measure_header(u8 out[24], u64 runtime_off, u64 user_off,
		       u64 free_off)
{
	sm_report_le64(out, runtime_off);
	sm_report_le64(out + 8, user_off);
	sm_report_le64(out + 16, free_off);
}

void sm_report_fill(struct sm_report *r, u32 flags,
		    const u8 enclave_measurement[SM_HASH_LEN], u64 data_len,
		    const u8 monitor_measurement[SM_HASH_LEN],
		    const u8 monitor_public_key[SM_PUBKEY_LEN],
		    const u8 monitor_signature[SM_SIG_LEN],
		    const u8 device_public_key[SM_PUBKEY_LEN])
{
	sm_memcpy(r->header.magic, SM_REPORT_MAGIC, sizeof(r->header.magic));
	/* Explicit little-endian, whatever the host's byte order. */
	le32((u8 *)&r->header.version, SM_REPORT_VERSION);
	le32((u8 *)&r->header.flags, flags);
	sm_memcpy(r->enclave.measurement, enclave_measurement, SM_HASH_LEN);
	sm_report_le64((u8 *)&r->enclave.data_len, data_len);
	sm_memcpy(r->monitor.measurement, monitor_measurement, SM_HASH_LEN);
	sm_memcpy(r->monitor.public_key, monitor_public_key, SM_PUBKEY_LEN);
	sm_memcpy(r->monitor.signature, monitor_signature, SM_SIG_LEN);
	sm_memcpy(r->device_public_key, device_public_key, SM_PUBKEY_LEN);
}

int sm_report_enclave_hash(const struct sm_report *r, u8 hash[SM_HASH_LEN])
{
	struct crypto_sha256 ctx;
	u64 len = sm_report_get_le64((const u8 *)&r->enclave.data_len);

	if (len > SM_ATTEST_DATA_MAX)
		return -1;
	crypto_sha256_init(&ctx);
	crypto_sha256_update(&ctx, &r->header, sizeof(r->header));
	crypto_sha256_update(&ctx, r->enclave.measurement, SM_HASH_LEN);
	crypto_sha256_update(&ctx, &r->enclave.data_len, 8);
	crypto_sha256_update(&ctx, r->enclave.data, len);
	crypto_sha256_final(&ctx, hash);
	return 0;
}

void sm_report_monitor_hash(const struct sm_report *r, u8 hash[SM_HASH_LEN])
{
	struct crypto_sha256 ctx;

	crypto_sha256_init(&ctx);
	crypto_sha256_update(&ctx, r->monitor.measurement, SM_HASH_LEN);
	crypto_sha256_update(&ctx, r->monitor.public_key, SM_PUBKEY_LEN);
	crypto_sha256_final(&ctx, hash);
}
