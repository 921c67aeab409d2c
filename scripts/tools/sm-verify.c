// SPDX-License-Identifier: BSD-2-Clause
/*
 * sm-verify: checks an attestation report (docs/attestation.md) against a
 * trusted device public key and the expected measurements and data.
 * Prints every check; exits 1 if any fails, 2 on bad usage.
 */
#include <stdio.h>
#include <string.h>
#include <crypto.h>
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
		"Verifies an attestation report: layout, the device signature over the\n"
		"monitor, the monitor signature over the enclave, and the expected values.\n"
		"Reports signed with the development secret are rejected unless --allow-dev.\n");
}

int main(int argc, char **argv)
{
	const char *report_path = NULL, *key_path = NULL;
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
	if (!report_path || !key_path) {
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
