/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef SM_KEYS_H
#define SM_KEYS_H

#include <sbi/riscv_locks.h>
#include <crypto.h>
#include "sm.h"

#define SM_SECRET_LEN 32

struct sm_keys {
	struct crypto_keypair monitor;
	u8 sealing_root[32];
	u8 monitor_measurement[SM_HASH_LEN];
	u8 monitor_public_key[SM_PUBKEY_LEN];
	u8 monitor_signature[SM_SIG_LEN]; /* by the device key */
	u8 device_public_key[SM_PUBKEY_LEN];
	bool development;
};

/* mbedTLS is not thread-safe: every crypto_* call holds this lock. */
extern spinlock_t sm_crypto_lock;
extern struct sm_keys sm_keys;

int sm_keys_init(void);
void sm_keys_print(void);
void sm_keys_wipe(void);


/* sm_entropy.c, sm_random.c */
unsigned int sm_entropy_live(u8 *buf, unsigned int len);
unsigned int sm_entropy_fdt_read(const void *fdt, u8 *buf, unsigned int len);
void sm_entropy_fdt_replace(void *fdt, void *boot_fdt,
			    int (*fill)(u8 *out, unsigned int n));
int sm_random_init(void *fdt);
int sm_random_u64(u64 *out); /* takes sm_rng_lock, then sm_crypto_lock */
void sm_random_wipe(void); /* sm_crypto_lock not held */

#endif
