/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The monitor's own mbedTLS 3.6 configuration: only what the monitor and
 * the host tools use.  Selected with -DMBEDTLS_CONFIG_FILE.
 */
#ifndef SM_MBEDTLS_CONFIG_H
#define SM_MBEDTLS_CONFIG_H

/* riscv64 is not in mbedTLS's list of 64-bit targets: say so (faster bignums). */
#if defined(__riscv) && __riscv_xlen == 64
#define MBEDTLS_HAVE_INT64
#endif

/* Platform: our own calloc/free (static buffer allocator), no stdio/time. */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/*
 * Its default alignment is 4: on rv64 half the blocks (headers of size_t
 * and pointers, bignum limbs) were 4-aligned only, and each access to them
 * misaligned (UBSan build; a trap on harts that do not do these in
 * hardware, e.g. the U74).
 */
#define MBEDTLS_MEMORY_ALIGN_MULTIPLE 16
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_DEPRECATED_REMOVED
/* mbedTLS's allocator calls exit() on heap corruption: stop instead. */
void crypto_panic(int status);
#define MBEDTLS_PLATFORM_EXIT_MACRO crypto_panic

/* Hashes and KDF */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA224_C /* mbedTLS's sha256.c wants it for its own checks */
#define MBEDTLS_HKDF_C
#define MBEDTLS_HMAC_DRBG_C
/* RANDOM's buffer is refilled by one request of up to 4 KiB (sm_random.c). */
#define MBEDTLS_HMAC_DRBG_MAX_REQUEST 4096
/*
 * The monitor's SHA-256 rounds are crypto/sha256_zknh.c's: Zknh's scalar
 * instructions where the harts have them, else portable C cheaper than
 * mbedTLS's.  Not in the host's build, nor in the bench payload's copy
 * (its plain-loop reference is mbedTLS's own rounds).
 */
#if defined(__riscv) && !defined(SM_BENCH_PLAIN_SHA256)
#define MBEDTLS_SHA256_PROCESS_ALT
#endif

/* ECDSA P-256 with RFC 6979 nonces */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C

/*
 * X.509 certificates (DICE chain, crypto/x509.c): mbedTLS's writer.  PK is
 * only the signing glue; PK_PARSE_C is a prerequisite of X509_CREATE_C in
 * check_config.h, and the monitor calls none of it (--gc-sections drops it).
 */
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_X509_CREATE_C
#define MBEDTLS_X509_CRT_WRITE_C

/*
 * Host tools only (sm-verify --chain): parse and verify certificates.
 * mbedTLS formats text only when printing OIDs and names: the host's
 * snprintf; in the monitor a symbol that exists nowhere, so a kept caller
 * would fail the link instead of printing through nothing.
 */
#if defined(CRYPTO_HOST_X509_PARSE)
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_BASE64_C
#include <stdio.h>
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO snprintf
#else
#include <stddef.h>
int crypto_no_snprintf(char *s, size_t n, const char *fmt, ...);
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO crypto_no_snprintf
/*
 * The monitor prints no certificate: no OID names and descriptions (their
 * strings share one section per object, so --gc-sections cannot drop
 * them one by one).  The host keeps them for sm-verify's messages.
 */
#define MBEDTLS_X509_REMOVE_INFO
#endif

/* Smaller tables: the monitor signs rarely and has little RAM. */
#define MBEDTLS_ECP_WINDOW_SIZE 4
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 1
#define MBEDTLS_MPI_MAX_SIZE 64

#endif
