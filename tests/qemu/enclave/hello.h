/* SPDX-License-Identifier: BSD-2-Clause */
/* What the hello enclave and its host test agree on (UTM words). */
#ifndef HELLO_H
#define HELLO_H

#define HELLO_MAGIC 0x68656c6c6f2121UL /* "hello!!" */
#define HELLO_EXIT 42
#define HELLO_U_MAGIC 0 /* HELLO_MAGIC */
#define HELLO_U_EPM 1 /* the epm_paddr it was given */
#define HELLO_U_DATA 2 /* 7 if .data and .bss are right */
#define HELLO_U_STOP 3 /* what STOP returned once resumed */

#endif
