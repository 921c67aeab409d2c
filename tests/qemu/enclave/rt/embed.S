/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Puts a flat enclave image into a host payload as
 * enclave_<ENCLAVE_NAME>_start .. enclave_<ENCLAVE_NAME>_end
 * (built once per enclave with -DENCLAVE_NAME=x -DENCLAVE_BIN="path").
 */
#define SYM_(n, s) enclave_##n##_##s
#define SYM(n, s) SYM_(n, s)

	.section .rodata.enclave_image, "a"
	.balign 64
	.globl SYM(ENCLAVE_NAME, start), SYM(ENCLAVE_NAME, end)
SYM(ENCLAVE_NAME, start):
	.incbin ENCLAVE_BIN
SYM(ENCLAVE_NAME, end):
