/* SPDX-License-Identifier: BSD-2-Clause */
/* Minimal host unit-test checks: one line per failure, a closing summary. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

static int check_pass, check_fail;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (cond) {                                                \
			check_pass++;                                      \
		} else {                                                   \
			check_fail++;                                      \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		}                                                          \
	} while (0)

#define CHECK_EQ(a, b)                                                     \
	do {                                                               \
		unsigned long long _a = (unsigned long long)(a);           \
		unsigned long long _b = (unsigned long long)(b);           \
		if (_a == _b) {                                            \
			check_pass++;                                      \
		} else {                                                   \
			check_fail++;                                      \
			printf("FAIL %s:%d: %s == %s (0x%llx != 0x%llx)\n",    \
			       __FILE__, __LINE__, #a, #b, _a, _b);        \
		}                                                          \
	} while (0)

static inline int check_summary(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_pass, check_fail);
	return check_fail ? 1 : 0;
}

#endif
