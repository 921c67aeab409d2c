// SPDX-License-Identifier: BSD-2-Clause
/*
 * Boot-time integration with OpenSBI's generic platform.
 *
 * The generic platform keeps its own FDT-matched override (FU540, JH7110,
 * ...), so the monitor cannot be one more override.  Instead it hooks
 * sbi_ecall_init() (sm_hooks.c), which OpenSBI calls once, on the
 * cold-boot hart, after platform final_init and before PMP is configured
 * and the next stage starts: the monitor initialises there and registers
 * its extension.  Per-hart setup happens in the PMP hook (pmp.c), which
 * every boot, start and resume path goes through.
 *
 * If anything here fails, the monitor is not active: its extension is
 * taken out again (sm_hooks.c; probe says 0), so no enclave can be created, and the boot
 * log says why in a line starting "sm: FATAL".
 */
#include <libfdt.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_scratch.h>
#include <sbi_utils/fdt/fdt_helper.h>
#include <crypto.h>
#include "sm.h"
#include "sm_keys.h"
#include "sm_plat.h"

struct sm_mem_map sm_memmap;
/*
 * The firmware and every M-only rule fit (pmp_init stops at PMP_RULES_MAX
 * rules), so the FATAL below cannot be reached from any device tree: a
 * black-box test (tests/qemu/initfail) can only check that none is lost.
 */
_Static_assert(ARRAY_SIZE(sm_memmap.reserved) >= 1 + PMP_RULES_MAX,
	       "sm_memmap.reserved must hold the firmware and every PMP rule");

static int sm_parse_dram(const void *fdt)
{
	int node = -1, i;
	u64 addr, size;

	for (;;) {
		node = fdt_node_offset_by_prop_value(fdt, node, "device_type",
						     "memory", sizeof("memory"));
		if (node < 0)
			break;
		if (!fdt_node_is_enabled(fdt, node))
			continue;
		for (i = 0; sm_memmap.ndram < ARRAY_SIZE(sm_memmap.dram); i++) {
			if (fdt_get_node_addr_size(fdt, node, i, &addr, &size))
				break;
			if (!sm_range_valid(addr, size))
				continue;
			sm_memmap.dram[sm_memmap.ndram].base = addr;
			sm_memmap.dram[sm_memmap.ndram].size = size;
			sm_memmap.ndram++;
		}
	}
	return sm_memmap.ndram ? SM_OK : SM_E_NOT_INIT;
}

int sm_cold_init(void)
{
	struct sbi_scratch *scratch = sbi_scratch_thishart_ptr();
	const void *fdt = fdt_get_address();
	unsigned int i;
	int rc;

	sm_ubsan_boot();
	sbi_printf("sm: security monitor %s (%s), Keystone SBI ABI, ext 0x%lx\n",
		   SM_VERSION, SM_PLATFORM, SM_EXT_ID);

	rc = sm_hart_init(true);
	if (rc)
		goto fail;

	rc = sm_parse_dram(fdt);
	if (rc) {
		sbi_printf("sm: no DRAM found in the device tree\n");
		goto fail;
	}
	/* The reset devices become M-only rules of the PMP plan. */
	rc = sm_reset_init(fdt);
	if (rc)
		goto fail;
	rc = pmp_init(true);
	if (rc)
		goto fail;
	/*
	 * The monitor lives inside OpenSBI's image; enclaves may not overlap
	 * it nor anything else kept M-only (PMP regions are rounded up, so
	 * the protected area is larger than the image).  Every such rule must
	 * be known here, or an EPM could cover it.
	 */
	sm_memmap.reserved[0].base = scratch->fw_start;
	sm_memmap.reserved[0].size = scratch->fw_size;
	sm_memmap.nreserved = 1;
	for (i = 0; i < pmp_cfg->nrules; i++) {
		const struct pmp_rule *r = &pmp_cfg->rules[i];

		if (r->kind != PMP_RULE_M_ONLY || r->order >= PMP_ORDER_ALL)
			continue;
		if (sm_memmap.nreserved >= ARRAY_SIZE(sm_memmap.reserved)) {
			sbi_printf("sm: FATAL: more M-only regions than the monitor can track (%u)\n",
				   (unsigned int)ARRAY_SIZE(sm_memmap.reserved));
			rc = SM_E_NO_RESOURCE;
			goto fail;
		}
		sm_memmap.reserved[sm_memmap.nreserved].base = r->base;
		sm_memmap.reserved[sm_memmap.nreserved].size = 1ULL << r->order;
		sm_memmap.nreserved++;
	}

	sm_enclave_init();
	/*
	 * The EPM pool: a failure only costs enclaves their pool (they are
	 * then protected in place), so it does not stop the monitor.  The
	 * host layout denies it from now on.
	 */
	sm_epm_init(fdt_get_address_rw());
	sm_enclave_lock_table();
	if (!sm_enclave_publish(NULL)) {
		sbi_printf("sm: the EPM pool does not fit the PMP budget: no pool\n");
		sm_epm_disable();
		sm_enclave_publish(NULL);
	}
	sm_enclave_unlock_table();

	rc = sm_plat_cold_init(fdt_get_address_rw());
	if (rc)
		goto fail;

	/* Known answers first: no extension on a broken crypto library. */
	rc = crypto_init();
	if (!rc) {
		/* SHA-256's rounds, before the known answers check them too. */
		unsigned int failed = crypto_sha256_select(sm_hart_sha256_exts());

		if (failed & CRYPTO_SHA256_ZKNH)
			sbi_printf("sm: SHA-256 rounds: Zknh FAILED its checks\n");
		if (failed & CRYPTO_SHA256_ZBB)
			sbi_printf("sm: SHA-256 rounds: Zbb FAILED its checks\n");
		sbi_printf("sm: SHA-256 rounds: %s\n", crypto_sha256_impl());
		rc = crypto_selftest();
	}
	if (rc) {
		sbi_printf("sm: crypto self-tests FAILED (%d)\n", rc);
		rc = SM_E_NOT_INIT;
		goto fail;
	}
	sbi_printf("sm: crypto self-tests passed (SHA-256, HKDF, HMAC-DRBG, ECDSA P-256)\n");
	rc = sm_random_init(fdt_get_address_rw());
	if (rc)
		goto fail;
	rc = sm_keys_init();
	if (rc) {
		sbi_printf("sm: key derivation failed (%d)\n", rc);
		goto fail;
	}
	sm_keys_print();

	sbi_printf("sm: ready: %u enclave slots, DRAM 0x%lx-0x%lx, monitor 0x%lx-0x%lx\n",
		   SM_MAX_ENCLAVES, (ulong)sm_memmap.dram[0].base,
		   (ulong)(sm_memmap.dram[0].base + sm_memmap.dram[0].size - 1),
		   scratch->fw_start, scratch->fw_start + scratch->fw_size - 1);
	/* From now on the host vector serves the host's calls (sm_vector.S). */
	sm_active = true;
	sm_hart_vector(sm_hart_this());
	return SM_OK;
fail:
	/* Boot the host anyway, without the extension: probe reports 0. */
	sbi_printf("sm: FATAL: initialisation failed (%d): the monitor is NOT active, no enclave can be created\n",
		   rc);
	return rc;
}
