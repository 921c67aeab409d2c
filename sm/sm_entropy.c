// SPDX-License-Identifier: BSD-2-Clause
/*
 * Entropy sources: the Zkr `seed` CSR (where this hart has it), the
 * platform's TRNG hook, and the device tree's /chosen/rng-seed (one-shot,
 * at boot).  They only seed and reseed the HMAC-DRBG in sm_random.c;
 * nothing here is ever handed out directly.
 */
#include <libfdt.h>
#include <sbi/sbi_hart.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_string.h>
#include "sm.h"
#include "sm_keys.h"
#include "sm_plat.h"

#define CSR_SEED 0x015
#define SEED_OPST_SHIFT 30
#define SEED_OPST_ES16 2
#define SEED_OPST_DEAD 3

/* Zkr: each ES16 read yields 16 bits; WAIT/BIST mean "try again". */
static int zkr_fill(u8 *buf, unsigned int len)
{
	unsigned int i = 0, tries = 0;
	ulong v;

	if (!sbi_hart_has_extension(sbi_scratch_thishart_ptr(),
				    SBI_HART_EXT_ZKR))
		return 0;
	while (i + 1 < len && tries++ < 100000) {
		/* seed must be accessed read-write (csrrw), never csrr. */
		__asm__ __volatile__("csrrw %0, %1, x0"
				     : "=r"(v)
				     : "i"(CSR_SEED)
				     : "memory");
		switch ((v >> SEED_OPST_SHIFT) & 3) {
		case SEED_OPST_ES16:
			buf[i++] = v & 0xff;
			buf[i++] = (v >> 8) & 0xff;
			break;
		case SEED_OPST_DEAD:
			return i;
		default:
			break;
		}
	}
	return i;
}

unsigned int sm_entropy_live(u8 *buf, unsigned int len)
{
	unsigned int got = zkr_fill(buf, len);

	if (got < len)
		got += sm_plat_entropy(buf + got, len - got);
	return got;
}

/* /chosen/rng-seed, if the device tree has one (QEMU virt: 32 bytes). */
unsigned int sm_entropy_fdt_read(const void *fdt, u8 *buf, unsigned int len)
{
	int node, plen;
	const u8 *p;
	unsigned int n;

	if (!fdt)
		return 0;
	node = fdt_path_offset(fdt, "/chosen");
	if (node < 0)
		return 0;
	p = fdt_getprop(fdt, node, "rng-seed", &plen);
	if (!p || plen <= 0)
		return 0;
	n = (unsigned int)plen < len ? (unsigned int)plen : len;
	sbi_memcpy(buf, p, n);
	return n;
}

/*
 * Overwrites /chosen/rng-seed in place with fresh DRBG output, so the OS
 * keeps a seed but never sees the bytes the monitor's DRBG came from.
 */
void sm_entropy_fdt_replace(void *fdt, int (*fill)(u8 *out, unsigned int n))
{
	int node, plen;
	u8 fresh[64];

	node = fdt ? fdt_path_offset(fdt, "/chosen") : -1;
	if (node < 0 || !fdt_getprop(fdt, node, "rng-seed", &plen))
		return;
	if (plen > 0 && (unsigned int)plen <= sizeof(fresh) &&
	    !fill(fresh, plen))
		fdt_setprop_inplace(fdt, node, "rng-seed", fresh, plen);
	else
		fdt_delprop(fdt, node, "rng-seed");
	crypto_wipe(fresh, sizeof(fresh));
}
