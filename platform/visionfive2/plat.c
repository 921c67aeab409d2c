// SPDX-License-Identifier: BSD-2-Clause
/*
 * VisionFive2 (JH7110).  Memory layout, PMP count and the monitor's own
 * range all come from the device tree and OpenSBI's scratch at run time:
 * nothing here assumes QEMU's addresses.
 *
 * No per-device secret is provisioned yet (the JH7110's OTP is not wired
 * up): the board runs with the published development secret, flagged in
 * every report, until a port reads a fused secret here.
 */
#include <sbi/sbi_console.h>
#include <sm_plat.h>

int jh7110_trng_init(const void *fdt);
unsigned int jh7110_trng_read(unsigned char *buf, unsigned int len);

int sm_plat_cold_init(void *fdt)
{
	if (jh7110_trng_init(fdt))
		sbi_printf("sm: JH7110 TRNG not available at boot\n");
	return 0;
}

int sm_plat_device_secret(unsigned char out[32], bool *development)
{
	*development = true;
	return sm_plat_dev_secret(out);
}

unsigned int sm_plat_entropy(unsigned char *buf, unsigned int len)
{
	return jh7110_trng_read(buf, len);
}

/* fw_dynamic uses the tree U-Boot SPL passed in place: no other copy. */
void *sm_plat_boot_fdt(void)
{
	return NULL;
}

/*
 * No boot-time pool by default: U-Boot, the kernel and its initrd are
 * placed by the board's environment, which the monitor cannot see; the OS
 * donates pool memory at run time (SM_FID_POOL_DONATE).  A board whose
 * memory map is known can set SM_POOL_BASE/SM_POOL_SIZE at build time.
 */
#ifndef SM_POOL_SIZE
#define SM_POOL_SIZE 0
#endif
#ifndef SM_POOL_BASE
#define SM_POOL_BASE 0
#endif

void sm_plat_pool(u64 *base, u64 *size)
{
	*base = SM_POOL_BASE;
	*size = SM_POOL_SIZE;
}
