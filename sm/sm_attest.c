// SPDX-License-Identifier: BSD-2-Clause
/*
 * Enclave measurement (at CREATE), ATTEST, GET_SEALING_KEY and RANDOM.
 * Byte layouts: docs/attestation.md.  Every crypto_* call holds
 * sm_crypto_lock (mbedTLS is not thread-safe); the enclave lock is never
 * held at the same time.
 */
#include <sbi/riscv_locks.h>
#include <sbi/sbi_string.h>
#include <sbi/sbi_trap.h>
#include <crypto.h>
#include "sm.h"
#include "sm_keys.h"
#include "sm_report.h"
#include "sm_kdf.h"

/* Under sm_crypto_lock: too large for the hart stack. */
static struct sm_report sm_report_buf;

/*
 * SHA-256( le64(runtime - epm) || le64(user - runtime) || le64(free - user)
 *          || EPM bytes [epm_paddr, free_paddr) ), taken after every hart
 * denies the EPM to the host.
 */
void sm_measure(struct sm_enclave *e)
{
	const struct sm_create_args *a = &e->args;
	struct crypto_sha256 ctx;
	u8 hdr[24];

	sm_measure_header(hdr, a->runtime_paddr - a->epm_paddr,
			  a->user_paddr - a->runtime_paddr,
			  a->free_paddr - a->user_paddr);

	spin_lock(&sm_crypto_lock);
	crypto_sha256_init(&ctx);
	crypto_sha256_update(&ctx, hdr, sizeof(hdr));
	if (a->free_paddr > a->epm_paddr &&
	    !sm_phys_map(a->epm_paddr, a->free_paddr - a->epm_paddr)) {
		crypto_sha256_update(&ctx, (const void *)(ulong)a->epm_paddr,
				     a->free_paddr - a->epm_paddr);
		sm_phys_unmap();
	}
	crypto_sha256_final(&ctx, e->measurement);
	spin_unlock(&sm_crypto_lock);
}

static struct sm_enclave *caller(void)
{
	struct sm_hart *h = sm_hart_this();

	return h ? h->enclave : NULL;
}

/* Straight into the return value: no copy of it left on this stack. */
int sm_call_random(struct sm_call *c)
{
	return sm_random_u64(&c->value);
}

int sm_call_attest(struct sm_call *c)
{
	struct sm_enclave *e = caller();
	struct sm_report *r = &sm_report_buf;
	ulong report_va = c->regs->a0, data_va = c->regs->a1;
	ulong len = c->regs->a2;
	u8 hash[SM_HASH_LEN];
	int rc;

	if (len > SM_ATTEST_DATA_MAX)
		return SM_E_ARG;
	/* Nothing is written unless the whole buffer is writable. */
	if (sm_probe_caller_writable(report_va, sizeof(*r)))
		return SM_E_ACCESS;

	spin_lock(&sm_crypto_lock);
	sm_memset(r, 0, sizeof(*r));
	rc = sm_copy_from_caller(r->enclave.data, data_va, len);
	if (rc)
		goto out;
	sm_report_fill(r, sm_keys.development ? SM_REPORT_FLAG_DEV_SECRET : 0,
		       e->measurement, len, sm_keys.monitor_measurement,
		       sm_keys.monitor_public_key, sm_keys.monitor_signature,
		       sm_keys.device_public_key);
	sm_report_enclave_hash(r, hash);
	rc = crypto_sign(&sm_keys.monitor, hash, r->enclave.signature) ?
		     SM_E_UNKNOWN : SM_OK;
	if (!rc)
		rc = sm_copy_to_caller(report_va, r, sizeof(*r));
out:
	sm_memset(r, 0, sizeof(*r));
	spin_unlock(&sm_crypto_lock);
	return rc;
}

/*
 * Pointers are physical (Keystone's runtime translates them first): both
 * ranges must lie wholly inside the caller's own EPM before either is
 * touched.  Keystone did not check them (an arbitrary write).
 */
int sm_call_sealing_key(struct sm_call *c)
{
	struct sm_enclave *e = caller();
	ulong key_pa = c->regs->a0, id_pa = c->regs->a1, id_len = c->regs->a2;
	struct sm_sealing_key key;
	u8 id[SM_SEALING_ID_MAX], hash[SM_HASH_LEN];
	int rc;

	if (id_len > SM_SEALING_ID_MAX)
		return SM_E_ARG;
	if (!sm_enclave_owns(e, key_pa, sizeof(key), false) ||
	    (id_len && !sm_enclave_owns(e, id_pa, id_len, false)))
		return SM_E_ACCESS;
	/* One mapping for the whole call (a no-op without Smepmp). */
	if (sm_phys_map(e->block.base, e->block.size))
		return SM_E_ACCESS;
	sm_memcpy(id, (const void *)id_pa, id_len);

	spin_lock(&sm_crypto_lock);
	rc = sm_sealing_derive(sm_keys.sealing_root, e->measurement, id,
			       id_len, key.key);
	if (!rc) {
		crypto_sha256(key.key, sizeof(key.key), hash);
		rc = crypto_sign(&sm_keys.monitor, hash, key.signature) ?
			     SM_E_UNKNOWN : SM_OK;
	}
	spin_unlock(&sm_crypto_lock);
	/* Written only once complete: a failed call changes nothing. */
	if (!rc)
		sm_memcpy((void *)key_pa, &key, sizeof(key));
	sm_phys_unmap();
	crypto_wipe(&key, sizeof(key));
	crypto_wipe(id, sizeof(id));
	return rc;
}
