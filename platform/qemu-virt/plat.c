// SPDX-License-Identifier: BSD-2-Clause
/* QEMU virt / sifive_u: no board-specific hardware beyond the device tree. */
#include <sm_plat.h>

int sm_plat_cold_init(void *fdt)
{
	return 0;
}
