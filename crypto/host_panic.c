// SPDX-License-Identifier: BSD-2-Clause
/* Host builds: mbedTLS heap corruption aborts the program. */
#include <stdlib.h>

void crypto_panic(int status);

void crypto_panic(int status)
{
	abort();
}
