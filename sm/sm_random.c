// SPDX-License-Identifier: BSD-2-Clause
/*
 * RANDOM and blinding randomness: an HMAC-DRBG seeded at boot from every
 * source there is (sm_entropy.c) and reseeded from the live sources every
 * SM_RESEED_INTERVAL requests.  With no source at all the monitor says so
 * at boot and RANDOM returns NOT_IMPLEMENTED: nothing predictable is
 * ever handed out.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_timer.h>
#include <crypto.h>
#include "sm.h"
#include "sm_keys.h"
#include "sm_plat.h"

#define SM_SEED_BYTES 64
#define SM_MIN_SEED_BYTES 32
#define SM_RESEED_INTERVAL 1024

static bool sm_rng_ready;
static unsigned int sm_rng_calls;

static int drbg_fill(u8 *out, unsigned int n)
{
	return crypto_drbg_generate(out, n);
}

/* Cold boot, before any other hart runs: no lock needed yet. */
int sm_random_init(void *fdt)
{
	/*
	 * Personalisation: a label and the boot time, which is no secret and
	 * counts for nothing, but makes two boots from the same seed (QEMU
	 * restores its device tree on reset) diverge.
	 */
	struct {
		char label[16];
		u64 time, cycle;
	} pers = { "sm drbg v2", sbi_timer_value(), csr_read(CSR_MCYCLE) };
	u8 seed[2 * SM_SEED_BYTES];
	unsigned int live, dt;
	int rc = SM_OK;

	live = sm_entropy_live(seed, SM_SEED_BYTES);
	dt = sm_entropy_fdt_read(fdt, seed + live, SM_SEED_BYTES);
	if (live + dt < SM_MIN_SEED_BYTES) {
		sbi_printf("sm: NO ENTROPY SOURCE (Zkr, platform TRNG, /chosen/rng-seed): "
			   "RANDOM returns NOT_IMPLEMENTED\n");
		goto out;
	}
	if (crypto_drbg_seed(seed, live + dt, (const u8 *)&pers,
			     sizeof(pers))) {
		rc = SM_E_UNKNOWN;
		goto out;
	}
	if (dt)
		sm_entropy_fdt_replace(fdt, sm_plat_boot_fdt(), drbg_fill);
	sm_rng_ready = true;
	sbi_printf("sm: DRBG seeded: %u bytes from Zkr/TRNG, %u from /chosen/rng-seed%s\n",
		   live, dt, dt ? " (replaced in the OS's tree)" : "");
out:
	crypto_wipe(seed, sizeof(seed));
	return rc;
}

/* Caller holds sm_crypto_lock. */
int sm_random_bytes(u8 *out, unsigned int len)
{
	u8 fresh[32];
	unsigned int got;

	if (!sm_rng_ready)
		return SM_E_NOT_IMPL;
	if (++sm_rng_calls >= SM_RESEED_INTERVAL) {
		sm_rng_calls = 0;
		got = sm_entropy_live(fresh, sizeof(fresh));
		if (got)
			crypto_drbg_reseed(fresh, got);
		crypto_wipe(fresh, sizeof(fresh));
	}
	return crypto_drbg_generate(out, len) ? SM_E_UNKNOWN : SM_OK;
}
