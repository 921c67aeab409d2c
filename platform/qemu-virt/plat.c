// SPDX-License-Identifier: BSD-2-Clause
/*
 * QEMU virt (also booted on -M sifive_u): no provisioned device secret and
 * no TRNG device; entropy comes from Zkr (-cpu ...,zkr=true) and the
 * device tree's /chosen/rng-seed, handled by the core.
 */
#include <sbi/sbi_trap.h>
#include <sm_plat.h>

u64 sm_safe_load_u64(ulong addr, bool *ok);

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

/*
 * QEMU's reset vector (mrom at 0x1000, virt and sifive_u alike) ends with
 * two dwords: the firmware's start address and the device tree's address
 * (hw/riscv/boot.c, riscv_setup_rom_reset_vec).  That tree stays in the
 * OS's DRAM after fw_jump copied it, /chosen/rng-seed and all.
 */
#define QEMU_MROM_FDT_ADDR 0x1020UL

void *sm_plat_boot_fdt(void)
{
	bool ok;
	u64 addr = sm_safe_load_u64(QEMU_MROM_FDT_ADDR, &ok);

	return ok ? (void *)(ulong)addr : NULL;
}

/*
 * QEMU virt: 64 MiB at 0x84000000, above where a kernel at 0x80200000 and
 * the device tree fw_jump puts at 0x82200000 live, below where QEMU puts
 * an initrd (kernel + 128 MiB) and the payloads' test areas (0x90000000..).
 */
#ifndef SM_POOL_SIZE
#define SM_POOL_SIZE (64ULL << 20)
#endif

void sm_plat_pool(u64 *base, u64 *size)
{
	*base = 0x84000000ULL;
	*size = SM_POOL_SIZE;
}
