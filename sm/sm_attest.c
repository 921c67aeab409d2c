// SPDX-License-Identifier: BSD-2-Clause
/* Measurement, attestation, sealing keys, randomness (issue #4: pending). */
#include "sm.h"

void sm_measure(struct sm_enclave *e)
{
	sm_memset(e->measurement, 0, sizeof(e->measurement));
}

int sm_call_random(struct sm_call *c)
{
	return SM_E_NOT_IMPL;
}

int sm_call_attest(struct sm_call *c)
{
	return SM_E_NOT_IMPL;
}

int sm_call_sealing_key(struct sm_call *c)
{
	return SM_E_NOT_IMPL;
}
