// SPDX-License-Identifier: BSD-2-Clause
/*
 * The published development device secret, for boards (and QEMU) without
 * a provisioned per-device secret.  Anyone can recompute every key from it:
 * the monitor announces it at boot and flags every report as development.
 *
 * It lives in .data, not .rodata, for two reasons: the monitor measures
 * its own read-only image (so the measurement must not depend on the
 * secret), and the copy must be wipeable once the keys are derived.
 */
#include <sbi/sbi_string.h>
#include <sm_plat.h>
#include "dev_secret.h"

static unsigned char sm_dev_secret[32] __attribute__((section(".data"))) =
	SM_DEV_SECRET_INIT;

int sm_plat_dev_secret(unsigned char out[32])
{
	unsigned int i, zero = 1;

	for (i = 0; i < sizeof(sm_dev_secret); i++)
		zero &= !sm_dev_secret[i];
	if (zero)
		return -1; /* already used and wiped */
	sbi_memcpy(out, sm_dev_secret, sizeof(sm_dev_secret));
	sbi_memset(sm_dev_secret, 0, sizeof(sm_dev_secret));
	return 0;
}
