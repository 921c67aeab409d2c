/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared helpers of the host tools: files, hex, PEM for P-256 keys. */
#ifndef SM_TOOL_H
#define SM_TOOL_H

#include <stddef.h>
#include <stdint.h>

/* Reads a whole file (at most max bytes); returns its size or -1. */
long tool_read_file(const char *path, uint8_t *buf, size_t max);
int tool_write_file(const char *path, const uint8_t *buf, size_t len);
/* Parses hex (spaces allowed); returns the byte count or -1. */
long tool_hex(const char *s, uint8_t *out, size_t max);
void tool_print_hex(const uint8_t *b, size_t n);
/* PEM ("-----BEGIN label-----") of DER bytes; path NULL: stdout. */
int tool_pem_write(const char *path, const char *label, const uint8_t *der,
		   size_t len);
/* P-256 SubjectPublicKeyInfo PEM <-> SEC1 compressed point (33 bytes). */
int tool_pem_write_pubkey(const char *path, const uint8_t pub[33]);
int tool_pem_read_pubkey(const char *path, uint8_t pub[33]);
int tool_parse_u64(const char *s, uint64_t *v);

#endif
