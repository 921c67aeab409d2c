/* SPDX-License-Identifier: BSD-2-Clause */
/* What a board port provides (platform/<board>/). See docs/porting.md. */
#ifndef SM_PLAT_H
#define SM_PLAT_H

/* Cold boot, after OpenSBI's platform init; fdt is the tree the OS gets. */
int sm_plat_cold_init(void *fdt);

#endif
