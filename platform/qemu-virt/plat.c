// SPDX-License-Identifier: BSD-2-Clause
/*
 * QEMU virt (also booted on -M sifive_u): no provisioned device secret and
 * no TRNG device; entropy comes from Zkr (-cpu ...,zkr=true) and the
 * device tree's /chosen/rng-seed, handled by the core.
 */
#include <sm_plat.h>

int sm_plat_cold_init(void *fdt)
{
	return 0;
}

int sm_plat_device_secret(unsigned char out[32], bool *development)
{
	*development = true;
	return sm_plat_dev_secret(out);
}

unsigned int sm_plat_entropy(unsigned char *buf, unsigned int len)
{
	return 0;
}
