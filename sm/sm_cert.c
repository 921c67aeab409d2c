// SPDX-License-Identifier: BSD-2-Clause
/*
 * X.509 evidence (docs/attestation.md): the device and monitor
 * certificates, made once at boot while the device key still exists, and
 * CERT_CHAIN / DEVICE_CERT.  Certificates are public: nothing here needs
 * wiping, and the two made at boot never change afterwards.
 */
#include <sbi/riscv_locks.h>
#include <crypto.h>
#include <crypto_x509.h>
#include "sm.h"
#include "sm_cert.h"
#include "sm_dice.h"
#include "sm_keys.h"

static u8 sm_device_cert[SM_CERT_MAX];
static size_t sm_device_cert_len;
static u8 sm_monitor_cert[SM_CERT_MAX];
static size_t sm_monitor_cert_len;
/* Enclave certificate || monitor certificate, under sm_crypto_lock. */
static u8 sm_chain_buf[2 * SM_CERT_MAX];
/* This device and monitor, as the certificates describe them (boot). */
static struct sm_dice sm_dice_this;

_Static_assert(2 * SM_CERT_MAX <= SM_CERT_CHAIN_MAX, "chain buffer");
_Static_assert(SM_CERT_MAX <= SM_DEVICE_CERT_MAX, "device buffer");

/* Cold boot, single hart, from sm_keys_init (the device key dies after). */
int sm_cert_init(struct crypto_keypair *device)
{
	struct sm_dice *d = &sm_dice_this;

	d->board = SM_PLATFORM;
	d->version = SM_VERSION;
	d->development = sm_keys.development;
	d->device_public_key = sm_keys.device_public_key;
	d->monitor_public_key = sm_keys.monitor_public_key;
	d->monitor_measurement = sm_keys.monitor_measurement;
	if (sm_dice_init(d) ||
	    sm_dice_device_cert(d, device, sm_device_cert,
				sizeof(sm_device_cert), &sm_device_cert_len) ||
	    sm_dice_monitor_cert(d, device, sm_monitor_cert,
				 sizeof(sm_monitor_cert),
				 &sm_monitor_cert_len))
		return SM_E_UNKNOWN;
	return SM_OK;
}

/*
 * a0 = public key, a1 = data, a2 = data size, a3 = buffer, a4 = its size
 * (enclave VAs).  Order: data size, key, data, buffer writable (over
 * min(a4, SM_CERT_CHAIN_MAX), before the costly signature), key on the
 * curve, then the chain must fit a4.  Nothing is written unless all pass.
 */
int sm_call_cert_chain(struct sm_call *c)
{
	struct sm_hart *h = sm_hart_this();
	struct sm_enclave *e = h ? h->enclave : NULL;
	ulong key_va = c->regs->a0, data_va = c->regs->a1;
	ulong data_len = c->regs->a2, out_va = c->regs->a3;
	ulong out_size = c->regs->a4;
	u8 key[CRYPTO_POINT_LEN], point[CRYPTO_POINT_LEN];
	u8 data[SM_CERT_DATA_MAX];
	size_t key_len, len = 0;
	int rc;

	if (!e)
		return SM_E_UNKNOWN;
	if (data_len < SM_CERT_DATA_MIN || data_len > SM_CERT_DATA_MAX)
		return SM_E_ARG;
	if (sm_copy_from_caller(key, key_va, 1))
		return SM_E_ACCESS;
	key_len = key[0] == 0x04 ? CRYPTO_POINT_LEN :
		  key[0] == 0x02 || key[0] == 0x03 ? SM_PUBKEY_LEN : 0;
	if (!key_len)
		return SM_E_ARG;
	if (sm_copy_from_caller(key, key_va, key_len) ||
	    sm_copy_from_caller(data, data_va, data_len))
		return SM_E_ACCESS;
	if (sm_probe_caller_writable(out_va, out_size < SM_CERT_CHAIN_MAX ?
							 out_size :
							 SM_CERT_CHAIN_MAX))
		return SM_E_ACCESS;

	spin_lock(&sm_crypto_lock);
	/* Decompressed once here (a square root), not in every use below. */
	if (crypto_point_uncompressed(key, key_len, point)) {
		rc = SM_E_ARG; /* not a point on P-256 */
		goto out;
	}
	if (sm_dice_enclave_cert(&sm_dice_this, &sm_keys.monitor, point,
				 sizeof(point), e->measurement, data, data_len,
				 sm_chain_buf, SM_CERT_MAX, &len)) {
		rc = SM_E_UNKNOWN;
		goto out;
	}
	if (len + sm_monitor_cert_len > out_size) {
		rc = SM_E_ARG; /* documented: SM_CERT_CHAIN_MAX always fits */
		goto out;
	}
	sm_memcpy(sm_chain_buf + len, sm_monitor_cert, sm_monitor_cert_len);
	len += sm_monitor_cert_len;
	rc = sm_copy_to_caller(out_va, sm_chain_buf, len);
	if (!rc)
		c->value = len;
out:
	spin_unlock(&sm_crypto_lock);
	return rc;
}

/* a0 = host VA of a buffer, a1 = its size. */
int sm_call_device_cert(struct sm_call *c)
{
	ulong va = c->regs->a0, size = c->regs->a1;
	int rc;

	if (size < sm_device_cert_len)
		return SM_E_ARG;
	if (sm_probe_caller_writable(va, sm_device_cert_len))
		return SM_E_ACCESS;
	rc = sm_copy_to_caller(va, sm_device_cert, sm_device_cert_len);
	if (!rc)
		c->value = sm_device_cert_len;
	return rc;
}
