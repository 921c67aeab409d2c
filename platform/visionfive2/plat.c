// SPDX-License-Identifier: BSD-2-Clause
/*
 * VisionFive2 (JH7110).  Memory layout, PMP count and the monitor's own
 * range all come from the device tree and OpenSBI's scratch at run time:
 * nothing here assumes QEMU's addresses.
 */
#include <sm_plat.h>

int sm_plat_cold_init(void *fdt)
{
	return 0;
}
