// SPDX-License-Identifier: BSD-2-Clause
/*
 * The reference for CREATE's hashing cost: mbedTLS's SHA-256 (the same
 * pinned source the monitor uses, built with its portable C compression
 * function) over the same bytes, in a plain loop in the bench payload.
 */
#include "mbedtls/sha256.h"

int bench_sha256(const unsigned char *data, unsigned long len,
		 unsigned char out[32]);

int bench_sha256(const unsigned char *data, unsigned long len,
		 unsigned char out[32])
{
	return mbedtls_sha256(data, len, out, 0);
}

/* platform_util.c's zeroize-and-free is linked but never called here. */
#include "mbedtls/platform.h"

void mbedtls_free(void *ptr)
{
	(void)ptr;
}

/* What gcc emits for byte swaps without Zbb (no libgcc in the payload). */
unsigned int __bswapsi2(unsigned int x);

unsigned int __bswapsi2(unsigned int x)
{
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) |
	       (x << 24);
}
