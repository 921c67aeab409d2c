// SPDX-License-Identifier: BSD-2-Clause
/* The few library functions gcc may call on its own (struct copies). */
#include "enclave_rt.h"

void *memset(void *d, int c, unsigned long n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = c;
	return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}
