// SPDX-License-Identifier: BSD-2-Clause
/*
 * Key hierarchy (docs/attestation.md):
 *
 *   device secret (per platform, wiped once derived)
 *     -> device key pair      HKDF(secret, "sm device key v1")
 *     -> monitor key pair     HKDF(secret, "sm monitor key v1" || monitor measurement)
 *     -> sealing root         HKDF(secret, "sm sealing root v1" || monitor measurement)
 *
 * The device key signs the monitor's measurement and public key, and the
 * device and monitor certificates (sm_cert.c), once at boot, and is then
 * wiped: only the monitor key and the sealing root stay in memory.  All derivations are deterministic, so the keys are stable
 * across boots of the same firmware on the same device.
 */
#include <sbi/riscv_locks.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_string.h>
#include <crypto.h>
#include "sm.h"
#include "sm_cert.h"
#include "sm_keys.h"
#include "sm_kdf.h"
#include "sm_plat.h"

spinlock_t sm_crypto_lock = SPIN_LOCK_INITIALIZER;
struct sm_keys sm_keys;

static int derive(const u8 *secret, const char *label, const u8 *ctx,
		  unsigned int ctx_len, u8 out[32])
{
	return sm_kdf_label(secret, label, ctx, ctx_len, out) ? SM_E_UNKNOWN
							       : SM_OK;
}

/* Hash of the firmware's read-only part: OpenSBI and the monitor's code and rodata. */
static void measure_monitor(u8 out[SM_HASH_LEN])
{
	struct sbi_scratch *s = sbi_scratch_thishart_ptr();

	crypto_sha256((const void *)s->fw_start, s->fw_rw_offset, out);
}

int sm_keys_init(void)
{
	u8 secret[SM_SECRET_LEN], seed[32], tbs[SM_HASH_LEN + SM_PUBKEY_LEN],
		hash[SM_HASH_LEN];
	struct crypto_keypair device;
	bool dev = false;
	int rc;

	rc = sm_plat_device_secret(secret, &dev);
	if (rc)
		return rc;
	sm_keys.development = dev;
	measure_monitor(sm_keys.monitor_measurement);

	rc = derive(secret, "sm device key v1", NULL, 0, seed);
	if (!rc)
		rc = crypto_keypair_from_seed(&device, seed) ? SM_E_UNKNOWN : 0;
	if (!rc)
		rc = derive(secret, "sm monitor key v1",
			    sm_keys.monitor_measurement, SM_HASH_LEN, seed);
	if (!rc)
		rc = crypto_keypair_from_seed(&sm_keys.monitor, seed) ?
			     SM_E_UNKNOWN : 0;
	if (!rc)
		rc = derive(secret, "sm sealing root v1",
			    sm_keys.monitor_measurement, SM_HASH_LEN,
			    sm_keys.sealing_root);
	crypto_wipe(secret, sizeof(secret));
	crypto_wipe(seed, sizeof(seed));
	if (rc)
		goto out;

	crypto_pubkey_compressed(&device, sm_keys.device_public_key);
	crypto_pubkey_compressed(&sm_keys.monitor, sm_keys.monitor_public_key);
	/* Device signature: SHA-256(monitor measurement || monitor public key). */
	sbi_memcpy(tbs, sm_keys.monitor_measurement, SM_HASH_LEN);
	sbi_memcpy(tbs + SM_HASH_LEN, sm_keys.monitor_public_key, SM_PUBKEY_LEN);
	crypto_sha256(tbs, sizeof(tbs), hash);
	rc = crypto_sign(&device, hash, sm_keys.monitor_signature) ?
		     SM_E_UNKNOWN : 0;
	/* The device and monitor certificates need the device key: now. */
	if (!rc)
		rc = sm_cert_init(&device);
out:
	crypto_keypair_wipe(&device);
	return rc;
}

/* Before a reset: no key or DRBG state is left in memory. */
void sm_keys_wipe(void)
{
	/* RANDOM's buffer first: its lock comes before sm_crypto_lock. */
	sm_random_wipe();
	spin_lock(&sm_crypto_lock);
	crypto_keypair_wipe(&sm_keys.monitor);
	crypto_wipe(sm_keys.sealing_root, sizeof(sm_keys.sealing_root));
	crypto_drbg_wipe();
	spin_unlock(&sm_crypto_lock);
}

void sm_keys_print(void)
{
	unsigned int i;

	sbi_printf("sm: device public key (P-256, compressed): ");
	for (i = 0; i < SM_PUBKEY_LEN; i++)
		sbi_printf("%02x", sm_keys.device_public_key[i]);
	sbi_printf("\nsm: monitor measurement: ");
	for (i = 0; i < SM_HASH_LEN; i++)
		sbi_printf("%02x", sm_keys.monitor_measurement[i]);
	sbi_printf("\n");
	if (sm_keys.development)
		sbi_printf("sm: WARNING: DEVELOPMENT device secret (public, for testing only); "
			   "reports are flagged as development\n");
}
