/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef SM_LIBC_STDLIB_H
#define SM_LIBC_STDLIB_H
#include <stddef.h>
/* mbedTLS allocates through mbedtls_calloc (its static buffer allocator). */
#endif
