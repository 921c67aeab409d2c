// SPDX-License-Identifier: BSD-2-Clause
/*
 * sm-devcert: the device certificate (docs/attestation.md) that a monitor
 * running with the published development secret on BOARD returns from
 * DEVICE_CERT, byte for byte: the trust anchor for its chains.  A real
 * device's certificate comes from that device (DEVICE_CERT) or its
 * provisioning records.
 */
#include <stdio.h>
#include <string.h>
#include <crypto.h>
#include "dev_secret.h"
#include "sm_dice.h"
#include "sm_kdf.h"
#include "tool.h"

int main(int argc, char **argv)
{
	static const unsigned char secret[32] = SM_DEV_SECRET_INIT;
	struct crypto_keypair kp;
	unsigned char seed[32], pub[33], der[SM_CERT_MAX];
	struct sm_dice d = { 0 };
	size_t len;
	int der_out;

	if (argc != 3 || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		fprintf(argc == 2 ? stdout : stderr,
			"usage: sm-devcert BOARD OUT.pem|OUT.der\n"
			"Writes the development device's certificate for BOARD (e.g. qemu-virt).\n");
		return argc == 2 ? 0 : 2;
	}
	crypto_init();
	if (sm_kdf_label(secret, "sm device key v1", NULL, 0, seed) ||
	    crypto_keypair_from_seed(&kp, seed)) {
		fprintf(stderr, "sm-devcert: derivation failed\n");
		return 1;
	}
	crypto_wipe(seed, sizeof(seed));
	crypto_pubkey_compressed(&kp, pub);
	d.board = argv[1];
	d.device_public_key = pub;
	if (sm_dice_init(&d) ||
	    sm_dice_device_cert(&d, &kp, der, sizeof(der), &len)) {
		fprintf(stderr, "sm-devcert: cannot make the certificate\n");
		crypto_keypair_wipe(&kp);
		return 1;
	}
	crypto_keypair_wipe(&kp);
	der_out = strlen(argv[2]) > 4 &&
		  !strcmp(argv[2] + strlen(argv[2]) - 4, ".der");
	if (der_out ? tool_write_file(argv[2], der, len) :
		      tool_pem_write(argv[2], "CERTIFICATE", der, len)) {
		fprintf(stderr, "sm-devcert: cannot write %s\n", argv[2]);
		return 1;
	}
	return 0;
}
