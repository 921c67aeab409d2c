// SPDX-License-Identifier: BSD-2-Clause
/*
 * RANDOM and blinding randomness: an HMAC-DRBG seeded at boot from every
 * source there is (sm_entropy.c) and reseeded from the live sources every
 * SM_RESEED_INTERVAL requests.  With no source at all the monitor says so
 * at boot and RANDOM returns NOT_IMPLEMENTED: nothing predictable is
 * ever handed out.
 *
 * RANDOM hands out 8-byte values from a buffer of DRBG output in the
 * monitor's own memory (which the PMP denies to every other mode),
 * refilled by one request of SM_RNG_BUF_BYTES: one HMAC-DRBG request per
 * value cost ~77,000 instructions, mostly its fixed part.  One buffer for
 * all harts under sm_rng_lock, and each value is zeroed as it is handed
 * out: no value is handed out twice, nor kept once it is.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_locks.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_timer.h>
#include <crypto.h>
#include "sm.h"
#include "sm_keys.h"
#include "sm_plat.h"

#define SM_SEED_BYTES 64
#define SM_MIN_SEED_BYTES 32
#define SM_RESEED_INTERVAL 1024 /* values handed out */
#define SM_RNG_BUF_BYTES 4096 /* <= MBEDTLS_HMAC_DRBG_MAX_REQUEST */
#define SM_RNG_WORDS (SM_RNG_BUF_BYTES / 8)

static bool sm_rng_ready;
static unsigned int sm_rng_calls;
/* Lock order: sm_rng_lock, then sm_crypto_lock (to refill). */
static spinlock_t sm_rng_lock = SPIN_LOCK_INITIALIZER;
static u64 sm_rng_buf[SM_RNG_WORDS];
static unsigned long sm_rng_next = SM_RNG_WORDS; /* == SM_RNG_WORDS: empty */

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

/*
 * Refill, caller holds sm_rng_lock.  Reseeded from the live sources every
 * SM_RESEED_INTERVAL values, as when each value was its own request.
 * Not inlined: the 511 calls in 512 that do not refill save no registers
 * for it.
 */
static __attribute__((noinline)) int refill(void)
{
	u8 fresh[32];
	unsigned int got;
	int rc;

	spin_lock(&sm_crypto_lock);
	sm_rng_calls += SM_RNG_WORDS;
	if (sm_rng_calls >= SM_RESEED_INTERVAL) {
		sm_rng_calls = 0;
		got = sm_entropy_live(fresh, sizeof(fresh));
		if (got)
			crypto_drbg_reseed(fresh, got);
		crypto_wipe(fresh, sizeof(fresh));
	}
	rc = crypto_drbg_generate((u8 *)sm_rng_buf, sizeof(sm_rng_buf));
	spin_unlock(&sm_crypto_lock);
	if (rc)
		return SM_E_UNKNOWN;
	sm_rng_next = 0;
	return SM_OK;
}

/*
 * One value for RANDOM; takes sm_rng_lock (and sm_crypto_lock to refill).
 * *out is written only with a value.
 */
int sm_random_u64(u64 *out)
{
	int rc = SM_OK;

	spin_lock(&sm_rng_lock);
	if (!sm_rng_ready)
		rc = SM_E_NOT_IMPL;
	else if (sm_rng_next >= SM_RNG_WORDS)
		rc = refill();
	if (!rc) {
		*out = sm_rng_buf[sm_rng_next];
		/* volatile: a store the compiler may not drop */
		*(volatile u64 *)&sm_rng_buf[sm_rng_next] = 0;
		sm_rng_next++;
	}
	spin_unlock(&sm_rng_lock);
	return rc;
}

/*
 * Before a reset, with sm_crypto_lock not held: the buffer is DRBG output
 * not yet handed out, gone with the DRBG state (sm_keys_wipe).
 */
void sm_random_wipe(void)
{
	spin_lock(&sm_rng_lock);
	sm_rng_ready = false;
	crypto_wipe(sm_rng_buf, sizeof(sm_rng_buf));
	sm_rng_next = SM_RNG_WORDS;
	spin_unlock(&sm_rng_lock);
}
