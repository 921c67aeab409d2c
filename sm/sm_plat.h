/* SPDX-License-Identifier: BSD-2-Clause */
/* What a board port provides (platform/<board>/). See docs/porting.md. */
#ifndef SM_PLAT_H
#define SM_PLAT_H

#include <sbi/sbi_types.h>

/* Cold boot, after OpenSBI's platform init; fdt is the tree the OS gets. */
int sm_plat_cold_init(void *fdt);

/*
 * The device root secret (32 bytes).  *development is set when the secret
 * is not a real per-device secret (reports carry the development flag).
 * The implementation wipes its own copy.
 */
int sm_plat_device_secret(unsigned char out[32], bool *development);

/* platform/common/dev_secret.c: the published development secret. */
int sm_plat_dev_secret(unsigned char out[32]);

/*
 * The device tree the previous boot stage handed the firmware, if it is a
 * copy other than the one OpenSBI passes on (fw_jump relocates it): the
 * monitor scrubs secret material (/chosen/rng-seed) in every copy the OS
 * could read.  NULL if there is no other copy or it cannot be found.
 */
void *sm_plat_boot_fdt(void);

/*
 * The boot-time EPM pool (docs/pmp.md): a DRAM range the monitor takes
 * for enclaves, or size 0 for none (the OS may donate memory later).
 * SM_POOL_SIZE (build option) overrides the platform's size.
 */
void sm_plat_pool(u64 *base, u64 *size);

/* A hardware TRNG: fills up to len bytes, returns how many (0: none). */
unsigned int sm_plat_entropy(unsigned char *buf, unsigned int len);

#endif
