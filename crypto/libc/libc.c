// SPDX-License-Identifier: BSD-2-Clause
/*
 * The few libc/libgcc functions mbedTLS needs inside the monitor beyond
 * OpenSBI's mem* functions (firmware/fw_base.S).
 */
#include <stdint.h>
#include <string.h>

void sbi_hart_hang(void);
void crypto_panic(int status);

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Emitted by gcc for __builtin_bswap32/64 without Zbb (no libgcc here). */
uint32_t __bswapsi2(uint32_t x);
uint64_t __bswapdi2(uint64_t x);

uint32_t __bswapsi2(uint32_t x)
{
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) |
	       (x << 24);
}

uint64_t __bswapdi2(uint64_t x)
{
	return ((uint64_t)__bswapsi2((uint32_t)x) << 32) |
	       __bswapsi2((uint32_t)(x >> 32));
}

/* mbedTLS found its heap corrupted: nothing sane is left to do. */
void crypto_panic(int status)
{
	sbi_hart_hang();
}

/* Emitted for __builtin_clz* without Zbb. */
int __clzdi2(uint64_t x);
int __clzsi2(uint32_t x);

int __clzdi2(uint64_t x)
{
	int n = 0;

	if (!x)
		return 64;
	while (!(x & (1ULL << 63))) {
		x <<= 1;
		n++;
	}
	return n;
}

int __clzsi2(uint32_t x)
{
	return x ? __clzdi2((uint64_t)x) - 32 : 32;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* mbedTLS's X.509 writer: name parsing and validity strings. */
int strncmp(const char *a, const char *b, size_t n)
{
	for (; n && *a && *a == *b; n--, a++, b++)
		;
	return n ? (unsigned char)*a - (unsigned char)*b : 0;
}

char *strncpy(char *d, const char *s, size_t n)
{
	size_t i = 0;

	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = 0;
	return d;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}
