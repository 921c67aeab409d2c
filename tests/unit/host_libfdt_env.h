/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libfdt's environment on the host.  OpenSBI's lib/utils/libfdt/
 * libfdt_env.h wants OpenSBI's headers (and its INT32_MAX clashes with
 * <stdint.h>'s), and the libfdt sources include it with quotes, so -I
 * cannot replace it: this one is forced in first (-include) and takes its
 * include guard, as upstream dtc's libfdt_env.h would.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FDT_FORCE
#define FDT_BITWISE

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_FDT_SWAP16(x) __builtin_bswap16(x)
#define HOST_FDT_SWAP32(x) __builtin_bswap32(x)
#define HOST_FDT_SWAP64(x) __builtin_bswap64(x)
#else
#define HOST_FDT_SWAP16(x) (x)
#define HOST_FDT_SWAP32(x) (x)
#define HOST_FDT_SWAP64(x) (x)
#endif

static inline uint16_t fdt16_to_cpu(fdt16_t x) { return HOST_FDT_SWAP16(x); }
static inline fdt16_t cpu_to_fdt16(uint16_t x) { return HOST_FDT_SWAP16(x); }
static inline uint32_t fdt32_to_cpu(fdt32_t x) { return HOST_FDT_SWAP32(x); }
static inline fdt32_t cpu_to_fdt32(uint32_t x) { return HOST_FDT_SWAP32(x); }
static inline uint64_t fdt64_to_cpu(fdt64_t x) { return HOST_FDT_SWAP64(x); }
static inline fdt64_t cpu_to_fdt64(uint64_t x) { return HOST_FDT_SWAP64(x); }

#endif
