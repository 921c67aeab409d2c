/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Minimal freestanding libc for mbedTLS inside the monitor.  memcpy,
 * memset, memmove and memcmp come from OpenSBI (firmware/fw_base.S maps
 * them to sbi_mem*); the rest is in libc.c.
 */
#ifndef SM_LIBC_STRING_H
#define SM_LIBC_STRING_H
#include <stddef.h>
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strncpy(char *d, const char *s, size_t n);
char *strchr(const char *s, int c);
#endif
