// SPDX-License-Identifier: BSD-2-Clause
/*
 * sm-devkey: the device public key that the monitor derives from the
 * published development secret (QEMU, unprovisioned boards), as PEM.
 * Only the development secret is known here; a real device's key comes
 * from its boot log or its provisioning records.
 */
#include <stdio.h>
#include <string.h>
#include <crypto.h>
#include "dev_secret.h"
#include "sm_kdf.h"
#include "tool.h"

int main(int argc, char **argv)
{
	static const unsigned char secret[32] = SM_DEV_SECRET_INIT;
	struct crypto_keypair kp;
	unsigned char seed[32], pub[33];
	const char *out = argc > 1 ? argv[1] : NULL;

	if (out && (!strcmp(out, "--help") || !strcmp(out, "-h"))) {
		printf("usage: sm-devkey [OUT.pem]\n"
		       "Writes the development device public key (PEM; stdout by default).\n");
		return 0;
	}
	crypto_init();
	if (sm_kdf_label(secret, "sm device key v1", NULL, 0, seed) ||
	    crypto_keypair_from_seed(&kp, seed)) {
		fprintf(stderr, "sm-devkey: derivation failed\n");
		return 1;
	}
	crypto_pubkey_compressed(&kp, pub);
	crypto_keypair_wipe(&kp);
	if (tool_pem_write_pubkey(out, pub)) {
		fprintf(stderr, "sm-devkey: cannot write %s\n", out ? out : "stdout");
		return 1;
	}
	return 0;
}
