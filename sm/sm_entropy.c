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

/* The /chosen/rng-seed of a tree, or NULL (*len: its length). */
static u8 *seed_prop(void *fdt, int *node, int *len)
{
	if (!fdt || fdt_check_header(fdt))
		return NULL;
	*node = fdt_path_offset(fdt, "/chosen");
	if (*node < 0)
		return NULL;
	return fdt_getprop_w(fdt, *node, "rng-seed", len);
}

/*
 * Overwrites /chosen/rng-seed with fresh DRBG output in every copy of the
 * device tree the OS can read: the one OpenSBI passes on and, where the
 * previous stage's copy stays in DRAM (QEMU + fw_jump), that one too, with
 * the same bytes.  The OS keeps a seed but never sees the bytes the
 * monitor's DRBG came from.
 */
void sm_entropy_fdt_replace(void *fdt, void *boot_fdt,
			    int (*fill)(u8 *out, unsigned int n))
{
	void *trees[2] = { fdt, boot_fdt != fdt ? boot_fdt : NULL };
	u8 fresh[64], *p;
	int node, len;
	unsigned int i;

	/* Linux credits rng-seed as entropy: never hand it a weak one. */
	bool ok = !fill(fresh, sizeof(fresh));

	for (i = 0; i < ARRAY_SIZE(trees); i++) {
		p = seed_prop(trees[i], &node, &len);
		if (!p)
			continue;
		if (ok && len > 0 && (unsigned int)len <= sizeof(fresh))
			sbi_memcpy(p, fresh, len);
		else
			fdt_delprop(trees[i], node, "rng-seed");
	}
	crypto_wipe(fresh, sizeof(fresh));
}
