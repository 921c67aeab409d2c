// SPDX-License-Identifier: BSD-2-Clause
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <crypto.h>
#include "tool.h"

long tool_read_file(const char *path, uint8_t *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, max, f);
	if (!feof(f) && fgetc(f) != EOF) { /* larger than max */
		fclose(f);
		return -1;
	}
	fclose(f);
	return (long)n;
}

int tool_write_file(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (!f)
		return -1;
	rc = fwrite(buf, 1, len, f) == len ? 0 : -1;
	return fclose(f) || rc ? -1 : 0;
}

long tool_hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	int hi = -1;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		int v;

		if (isspace((unsigned char)*s) || *s == ':')
			continue;
		if (!isxdigit((unsigned char)*s))
			return -1;
		v = isdigit((unsigned char)*s) ? *s - '0' :
						  tolower((unsigned char)*s) - 'a' + 10;
		if (hi < 0) {
			hi = v;
		} else {
			if (n >= max)
				return -1;
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi < 0 ? (long)n : -1;
}

void tool_print_hex(const uint8_t *b, size_t n)
{
	while (n--)
		printf("%02x", *b++);
}

int tool_parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

/* DER prefix of a P-256 SubjectPublicKeyInfo with an uncompressed point. */
static const uint8_t spki_prefix[] = {
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d,
	0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01,
	0x07, 0x03, 0x42, 0x00,
};
static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int tool_pem_write(const char *path, const char *label, const uint8_t *der,
		   size_t len)
{
	FILE *f = path ? fopen(path, "w") : stdout;
	size_t i, col = 0;

	if (!f)
		return -1;
	fprintf(f, "-----BEGIN %s-----\n", label);
	for (i = 0; i < len; i += 3) {
		uint32_t v = der[i] << 16;
		size_t k = len - i;

		v |= (k > 1 ? der[i + 1] : 0) << 8;
		v |= k > 2 ? der[i + 2] : 0;
		fputc(b64[(v >> 18) & 63], f);
		fputc(b64[(v >> 12) & 63], f);
		fputc(k > 1 ? b64[(v >> 6) & 63] : '=', f);
		fputc(k > 2 ? b64[v & 63] : '=', f);
		if ((col += 4) == 64) {
			fputc('\n', f);
			col = 0;
		}
	}
	fprintf(f, "%s-----END %s-----\n", col ? "\n" : "", label);
	return path ? fclose(f) : 0;
}

int tool_pem_write_pubkey(const char *path, const uint8_t pub[33])
{
	uint8_t der[sizeof(spki_prefix) + 65];

	memcpy(der, spki_prefix, sizeof(spki_prefix));
	if (crypto_pubkey_decompress(pub, der + sizeof(spki_prefix)))
		return -1;
	return tool_pem_write(path, "PUBLIC KEY", der, sizeof(der));
}

int tool_pem_read_pubkey(const char *path, uint8_t pub[33])
{
	char text[1024];
	uint8_t der[128];
	long n = tool_read_file(path, (uint8_t *)text, sizeof(text) - 1);
	const char *p, *end;
	size_t len = 0;
	uint32_t acc = 0;
	int bits = 0;

	if (n < 0)
		return -1;
	text[n] = 0;
	p = strstr(text, "-----BEGIN PUBLIC KEY-----");
	end = strstr(text, "-----END PUBLIC KEY-----");
	if (!p || !end || end < p)
		return -1;
	for (p += 26; p < end; p++) {
		const char *q = *p ? strchr(b64, *p) : NULL;

		if (*p == '=' || isspace((unsigned char)*p))
			continue;
		if (!q)
			return -1;
		acc = acc << 6 | (uint32_t)(q - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (len >= sizeof(der))
				return -1;
			der[len++] = (uint8_t)(acc >> bits);
		}
	}
	/* uncompressed (91 bytes) or compressed (59 bytes) SPKI */
	if (len == sizeof(spki_prefix) + 65 &&
	    !memcmp(der, spki_prefix, sizeof(spki_prefix)) &&
	    der[sizeof(spki_prefix)] == 0x04) {
		const uint8_t *xy = der + sizeof(spki_prefix) + 1;

		pub[0] = 0x02 | (xy[63] & 1);
		memcpy(pub + 1, xy, 32);
		return 0;
	}
	if (len == 59 && der[0] == 0x30 && der[1] == 0x39 &&
	    !memcmp(der + 2, spki_prefix + 2, 21) && der[23] == 0x03 &&
	    der[24] == 0x22 && der[25] == 0x00) {
		memcpy(pub, der + 26, 33);
		return 0;
	}
	return -1;
}
