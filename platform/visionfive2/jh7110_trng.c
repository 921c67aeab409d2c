// SPDX-License-Identifier: BSD-2-Clause
/*
 * JH7110 TRNG, polled, for seeding the monitor's DRBG at boot and on
 * reseed.  Written from the register description (StarFive's JH7110 TRM
 * and the upstream device-tree binding "starfive,jh7110-trng").  The
 * firmware runs before U-Boot proper: if the block's clock or reset is not
 * yet enabled its status never changes, every wait times out, and the
 * driver reports no bytes (the monitor then relies on its other sources).
 */
#include <libfdt.h>
#include <sbi/riscv_io.h>
#include <sbi_utils/fdt/fdt_helper.h>
#include <sm_plat.h>

#define TRNG_CTRL 0x00
#define TRNG_STAT 0x04
#define TRNG_MODE 0x08
#define TRNG_IE 0x10
#define TRNG_ISTAT 0x14
#define TRNG_RAND0 0x20
#define TRNG_AUTO_RQSTS 0x60
#define TRNG_AUTO_AGE 0x64

#define TRNG_CMD_GEN 0x1
#define TRNG_CMD_RESEED 0x2
#define TRNG_MODE_R256 (1U << 3)
#define TRNG_ISTAT_RAND_RDY (1U << 0)
#define TRNG_ISTAT_SEED_DONE (1U << 1)
#define TRNG_TIMEOUT 200000

static volatile char *trng_base;
static bool trng_ok;

static bool trng_cmd(u32 cmd, u32 done)
{
	unsigned long i;

	writel(cmd, trng_base + TRNG_CTRL);
	for (i = 0; i < TRNG_TIMEOUT; i++) {
		if (readl(trng_base + TRNG_ISTAT) & done) {
			writel(done, trng_base + TRNG_ISTAT);
			return true;
		}
	}
	return false;
}

int jh7110_trng_init(const void *fdt)
{
	int node;
	u64 addr, size;

	node = fdt_node_offset_by_compatible(fdt, -1, "starfive,jh7110-trng");
	if (node < 0 || fdt_get_node_addr_size(fdt, node, 0, &addr, &size))
		return -1;
	trng_base = (volatile char *)(unsigned long)addr;
	writel(0, trng_base + TRNG_AUTO_AGE);
	writel(0, trng_base + TRNG_AUTO_RQSTS);
	writel(readl(trng_base + TRNG_ISTAT), trng_base + TRNG_ISTAT);
	writel(0, trng_base + TRNG_IE); /* polled: no interrupts */
	writel(readl(trng_base + TRNG_MODE) | TRNG_MODE_R256,
	       trng_base + TRNG_MODE);
	trng_ok = trng_cmd(TRNG_CMD_RESEED, TRNG_ISTAT_SEED_DONE);
	return trng_ok ? 0 : -1;
}

unsigned int jh7110_trng_read(unsigned char *buf, unsigned int len)
{
	unsigned int got = 0, i, b;
	u32 v;

	while (trng_ok && got < len) {
		if (!trng_cmd(TRNG_CMD_GEN, TRNG_ISTAT_RAND_RDY))
			break;
		for (i = 0; i < 8 && got < len; i++) {
			v = readl(trng_base + TRNG_RAND0 + 4 * i);
			for (b = 0; b < 4 && got < len; b++)
				buf[got++] = (v >> (8 * b)) & 0xff;
		}
	}
	return got;
}
