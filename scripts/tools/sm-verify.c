// SPDX-License-Identifier: BSD-2-Clause
/*
 * sm-verify: checks an attestation report, or an X.509 certificate chain
 * (--chain), against a trusted device public key or certificate and the
 * expected measurements and data (docs/attestation.md).  Prints every
 * check; exits 1 if any fails, 2 on bad usage.
 */
#include <stdio.h>
#include <string.h>
#include <crypto.h>
#include <crypto_x509.h>
#include "sm_dice.h"
#include "sm_report.h"
#include "tool.h"

static int failures;

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sm-verify --report FILE --device-key PEM [--measurement HEX]\n"
		"                 [--monitor-measurement HEX] [--data HEX] [--allow-dev]\n"
		"       sm-verify --chain FILE --device-cert FILE [--measurement HEX]\n"
		"                 [--monitor-measurement HEX] [--data HEX] [--allow-dev]\n"
		"Verifies an attestation report: layout, the device signature over the\n"
		"monitor, the monitor signature over the enclave, and the expected values.\n"
		"--chain: an X.509 chain from CERT_CHAIN (enclave certificate, monitor\n"
		"certificate; DER back to back or PEM) against the trusted device\n"
		"certificate (DER or PEM), and the TcbInfo measurements and data in it.\n"
		"Evidence from the development secret is rejected unless --allow-dev.\n");
}

static void check_hex(const char *hex, const uint8_t *got, size_t len,
		      const char *what)
{
	uint8_t want[SM_CERT_DATA_MAX > 32 ? SM_CERT_DATA_MAX : 32];
	long n = tool_hex(hex, want, sizeof(want));

	check(n >= 0 && (size_t)n == len && !memcmp(want, got, len), what);
}

static int verify_chain(const char *chain_path, const char *cert_path,
			const char *meas_hex, const char *mon_hex,
			const char *data_hex, int allow_dev)
{
	static uint8_t chain[16384], anchor[8192];
	struct crypto_cert_view v[4];
	const struct crypto_cert_view *enc = &v[0], *mon = &v[1];
	long clen = tool_read_file(chain_path, chain, sizeof(chain));
	long alen = tool_read_file(cert_path, anchor, sizeof(anchor));
	unsigned int n = 0;
	char why[512];
	int rc, dev;

	if (clen < 0 || alen < 0) {
		fprintf(stderr, "sm-verify: cannot read %s\n",
			clen < 0 ? chain_path : cert_path);
		return 2;
	}
	crypto_init();
	rc = crypto_chain_check(chain, clen, anchor, alen, v, 4, &n, why,
				sizeof(why));
	check(rc != CRYPTO_CHAIN_PARSE_ERROR,
	      "chain and device certificate parse (X.509 DER/PEM)");
	if (rc == CRYPTO_CHAIN_PARSE_ERROR) {
		printf("     %s\nREJECTED\n", why);
		return 1;
	}
	check(n == 2, "two certificates: enclave, monitor");
	if (n != 2) {
		printf("REJECTED\n");
		return 1;
	}
	check(!rc, "chain verifies up to the trusted device certificate");
	if (rc)
		printf("     %s", why);
	check(mon->ca && !enc->ca, "monitor is a CA, enclave an end entity");
	check(mon->tcb.present && mon->tcb.layer == SM_DICE_LAYER_MONITOR &&
		      mon->tcb.has_fwid,
	      "monitor TcbInfo (layer 1, SHA-256 FWID)");
	check(enc->tcb.present && enc->tcb.layer == SM_DICE_LAYER_ENCLAVE &&
		      enc->tcb.has_fwid,
	      "enclave TcbInfo (layer 2, SHA-256 FWID)");
	check(enc->has_data && enc->data_len >= SM_CERT_DATA_MIN &&
		      enc->data_len <= SM_CERT_DATA_MAX,
	      "enclave data (TcbFreshness), 32..64 bytes");
	dev = (mon->tcb.flags | enc->tcb.flags) & CRYPTO_DICE_FLAG_NOT_SECURE;
	if (dev)
		printf("note TcbInfo notSecure: development device secret, anyone can forge this chain\n");
	check(allow_dev || !dev,
	      "not from the development secret (or --allow-dev)");
	if (mon_hex)
		check_hex(mon_hex, mon->tcb.fwid, 32,
			  "monitor measurement is the expected one");
	if (meas_hex)
		check_hex(meas_hex, enc->tcb.fwid, 32,
			  "enclave measurement is the expected one");
	else
		printf("note no --measurement given: enclave identity not checked\n");
	if (data_hex)
		check_hex(data_hex, enc->data, enc->data_len,
			  "data is the expected one");
	printf("enclave %s\nenclave measurement ", enc->subject);
	tool_print_hex(enc->tcb.fwid, 32);
	printf("\nmonitor measurement ");
	tool_print_hex(mon->tcb.fwid, 32);
	printf("\nenclave data ");
	tool_print_hex(enc->data, enc->data_len);
	printf("\nenclave public key ");
	tool_print_hex(enc->pub, sizeof(enc->pub));
	printf("\n%s\n", failures ? "REJECTED" : "VERIFIED");
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *report_path = NULL, *key_path = NULL;
	const char *chain_path = NULL, *cert_path = NULL;
	const char *meas_hex = NULL, *mon_hex = NULL, *data_hex = NULL;
	uint8_t buf[4096], dev[33], want[SM_ATTEST_DATA_MAX], hash[32];
	struct sm_report r;
	int allow_dev = 0, i;
	long n;
	uint64_t len;
	uint32_t version, flags;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--allow-dev")) {
			allow_dev = 1;
			continue;
		}
		if (!v) {
			usage(stderr);
			return 2;
		}
		if (!strcmp(a, "--report"))
			report_path = v;
		else if (!strcmp(a, "--chain"))
			chain_path = v;
		else if (!strcmp(a, "--device-cert"))
			cert_path = v;
		else if (!strcmp(a, "--device-key"))
			key_path = v;
		else if (!strcmp(a, "--measurement"))
			meas_hex = v;
		else if (!strcmp(a, "--monitor-measurement"))
			mon_hex = v;
		else if (!strcmp(a, "--data"))
			data_hex = v;
		else {
			fprintf(stderr, "sm-verify: unknown option %s\n", a);
			usage(stderr);
			return 2;
		}
		i++;
	}
	if (chain_path && cert_path && !report_path && !key_path)
		return verify_chain(chain_path, cert_path, meas_hex, mon_hex,
				    data_hex, allow_dev);
	if (!report_path || !key_path || chain_path || cert_path) {
		usage(stderr);
		return 2;
	}
	n = tool_read_file(report_path, buf, sizeof(buf));
	if (n < 0) {
		fprintf(stderr, "sm-verify: cannot read %s (or larger than %zu bytes)\n",
			report_path, sizeof(buf));
		return 2;
	}
	if (tool_pem_read_pubkey(key_path, dev)) {
		fprintf(stderr, "sm-verify: %s is not a P-256 public key PEM\n", key_path);
		return 2;
	}
	crypto_init();

	check(n >= (long)sizeof(r), "report size >= 1306 bytes");
	if (n < (long)sizeof(r))
		return 1;
	memcpy(&r, buf, sizeof(r));
	/* version (u32 LE at 8) and flags (u32 LE at 12) */
	version = (uint32_t)sm_report_get_le64(buf + 8);
	flags = (uint32_t)(sm_report_get_le64(buf + 8) >> 32);
	len = sm_report_get_le64((const uint8_t *)&r.enclave.data_len);
	check(!memcmp(r.header.magic, SM_REPORT_MAGIC, 8), "magic SMREPORT");
	check(version == SM_REPORT_VERSION, "version 1");
	check(len <= SM_ATTEST_DATA_MAX, "data_len <= 1024");
	if (len > SM_ATTEST_DATA_MAX)
		return 1;
	{
		uint64_t k, nz = 0;

		/* unsigned bytes: must be zero, so the report is canonical */
		for (k = len; k < SM_ATTEST_DATA_MAX; k++)
			nz |= r.enclave.data[k];
		check(!nz, "data past data_len is zero");
	}
	if (flags & SM_REPORT_FLAG_DEV_SECRET)
		printf("note development device secret: anyone can forge this report\n");
	check(allow_dev || !(flags & SM_REPORT_FLAG_DEV_SECRET),
	      "not signed with the development secret (or --allow-dev)");
	check(!memcmp(r.device_public_key, dev, 33),
	      "device public key is the trusted one");
	sm_report_monitor_hash(&r, hash);
	check(!crypto_verify(dev, hash, r.monitor.signature),
	      "device signature over monitor measurement and key");
	if (mon_hex) {
		uint8_t m[32];

		check(tool_hex(mon_hex, m, 32) == 32 &&
			      !memcmp(m, r.monitor.measurement, 32),
		      "monitor measurement is the expected one");
	}
	check(!sm_report_enclave_hash(&r, hash) &&
		      !crypto_verify(r.monitor.public_key, hash,
				     r.enclave.signature),
	      "monitor signature over header, measurement and data");
	if (meas_hex) {
		uint8_t m[32];

		check(tool_hex(meas_hex, m, 32) == 32 &&
			      !memcmp(m, r.enclave.measurement, 32),
		      "enclave measurement is the expected one");
	} else {
		printf("note no --measurement given: enclave identity not checked\n");
	}
	if (data_hex) {
		long dn = tool_hex(data_hex, want, sizeof(want));

		check(dn >= 0 && (uint64_t)dn == len &&
			      !memcmp(want, r.enclave.data, len),
		      "data is the expected one");
	}
	printf("enclave measurement ");
	tool_print_hex(r.enclave.measurement, 32);
	printf("\nmonitor measurement ");
	tool_print_hex(r.monitor.measurement, 32);
	printf("\n%s\n", failures ? "REJECTED" : "VERIFIED");
	return failures ? 1 : 0;
}
