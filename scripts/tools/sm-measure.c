// SPDX-License-Identifier: BSD-2-Clause
/*
 * sm-measure: the enclave measurement the monitor will report, computed
 * from the images and the layout (docs/attestation.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <crypto.h>
#include "sm_report.h"
#include "tool.h"

#define MAX_EPM (256UL << 20)

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sm-measure [--loader FILE] --runtime FILE [--user FILE]\n"
		"                  [--runtime-offset N] [--user-offset N] [--free-offset N]\n"
		"Prints the SHA-256 measurement of an enclave whose EPM holds the loader\n"
		"at offset 0, the runtime at runtime-offset and the user image at\n"
		"user-offset, measured up to free-offset (gaps zero). Offsets default to\n"
		"the images packed one after another on 4 KiB boundaries.\n");
}

static uint64_t page_up(uint64_t v)
{
	return (v + 0xfff) & ~0xfffULL;
}

static long load(const char *path, uint8_t **buf)
{
	long n;

	*buf = malloc(MAX_EPM);
	if (!*buf)
		return -1;
	n = tool_read_file(path, *buf, MAX_EPM);
	if (n < 0)
		fprintf(stderr, "sm-measure: cannot read %s\n", path);
	return n;
}

int main(int argc, char **argv)
{
	const char *files[3] = { NULL, NULL, NULL };
	uint64_t off[3] = { 0, 0, 0 }, free_off = 0;
	int have[3] = { 1, 0, 0 }, have_free = 0, i;
	uint8_t *img[3] = { NULL, NULL, NULL }, *epm, hdr[24], out[32];
	long len[3] = { 0, 0, 0 };
	struct crypto_sha256 ctx;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int ok = 1;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!v) {
			usage(stderr);
			return 2;
		}
		if (!strcmp(a, "--loader"))
			files[0] = v;
		else if (!strcmp(a, "--runtime"))
			files[1] = v;
		else if (!strcmp(a, "--user"))
			files[2] = v;
		else if (!strcmp(a, "--runtime-offset"))
			ok = !tool_parse_u64(v, &off[1]) && (have[1] = 1);
		else if (!strcmp(a, "--user-offset"))
			ok = !tool_parse_u64(v, &off[2]) && (have[2] = 1);
		else if (!strcmp(a, "--free-offset"))
			ok = !tool_parse_u64(v, &free_off) && (have_free = 1);
		else
			ok = 0;
		if (!ok) {
			fprintf(stderr, "sm-measure: bad argument %s %s\n", a, v);
			usage(stderr);
			return 2;
		}
		i++;
	}
	if (!files[1]) {
		fprintf(stderr, "sm-measure: --runtime is required\n");
		usage(stderr);
		return 2;
	}
	for (i = 0; i < 3; i++)
		if (files[i] && (len[i] = load(files[i], &img[i])) < 0)
			return 1;
	if (!have[1])
		off[1] = page_up(len[0]);
	if (!have[2])
		off[2] = page_up(off[1] + len[1]);
	if (!have_free)
		free_off = page_up(off[2] + len[2]);
	if (off[1] < (uint64_t)len[0] || off[2] < off[1] + len[1] ||
	    free_off < off[2] + len[2] || free_off > MAX_EPM) {
		fprintf(stderr, "sm-measure: the images do not fit the layout "
				"(runtime at 0x%llx, user at 0x%llx, free at 0x%llx)\n",
			(unsigned long long)off[1], (unsigned long long)off[2],
			(unsigned long long)free_off);
		return 1;
	}
	epm = calloc(1, free_off ? free_off : 1);
	if (!epm)
		return 1;
	for (i = 0; i < 3; i++)
		if (img[i])
			memcpy(epm + off[i], img[i], len[i]);
	crypto_init();
	sm_measure_header(hdr, off[1], off[2] - off[1], free_off - off[2]);
	crypto_sha256_init(&ctx);
	crypto_sha256_update(&ctx, hdr, sizeof(hdr));
	crypto_sha256_update(&ctx, epm, free_off);
	crypto_sha256_final(&ctx, out);
	fprintf(stderr, "layout: runtime 0x%llx, user 0x%llx, free 0x%llx\n",
		(unsigned long long)off[1], (unsigned long long)off[2],
		(unsigned long long)free_off);
	tool_print_hex(out, sizeof(out));
	printf("\n");
	return 0;
}
