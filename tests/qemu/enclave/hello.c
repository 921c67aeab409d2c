// SPDX-License-Identifier: BSD-2-Clause
/*
 * The smallest C enclave: leaves a greeting in UTM, makes an edge call
 * (STOP 1) and, once resumed, exits with 42.  Also shows that .data,
 * .bss and the stack work wherever the EPM is.
 */
#include "rt/enclave_rt.h"
#include "hello.h"

/* volatile: kept in .data and .bss rather than folded into the code */
static volatile long seven = 7;
static volatile long zero;

long enclave_main(const struct enclave_boot *b)
{
	volatile unsigned long *utm = (volatile unsigned long *)b->utm_paddr;

	utm[HELLO_U_MAGIC] = HELLO_MAGIC;
	utm[HELLO_U_EPM] = b->epm_paddr;
	utm[HELLO_U_DATA] = seven + zero;
	utm[HELLO_U_STOP] = enclave_stop(SM_STOP_EDGE_CALL_HOST);
	enclave_exit(HELLO_EXIT);
}
