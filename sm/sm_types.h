/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Basic types for the modules that are pure logic (PMP encoding, argument
 * validation, report encoding): they build inside the monitor against
 * OpenSBI's types and on the host for unit tests.
 */
#ifndef SM_TYPES_H
#define SM_TYPES_H

#ifdef SM_HOST_TEST
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef unsigned long ulong;
#define sm_memcpy memcpy
#define sm_memset memset
#define sm_memmove memmove
#else
#include <sbi/sbi_types.h>
#include <sbi/sbi_string.h>
#define sm_memcpy sbi_memcpy
#define sm_memset sbi_memset
#define sm_memmove sbi_memmove
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* A physical address range [base, base + size). */
struct sm_range {
	u64 base;
	u64 size;
};

/* Overflow-safe helpers: every caller-supplied range goes through these. */
static inline bool sm_range_valid(u64 base, u64 size)
{
	return size && base + size > base;
}

static inline bool sm_range_overlaps(u64 a, u64 asz, u64 b, u64 bsz)
{
	/* Both ranges are assumed valid (no wrap). */
	return a < b + bsz && b < a + asz;
}

static inline bool sm_range_contains(u64 outer, u64 osz, u64 inner, u64 isz)
{
	return inner >= outer && isz <= osz && inner - outer <= osz - isz;
}

#endif
