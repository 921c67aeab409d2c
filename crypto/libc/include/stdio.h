/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef SM_LIBC_STDIO_H
#define SM_LIBC_STDIO_H
#include <stddef.h>
#include <stdarg.h>
#endif
