/* SPDX-License-Identifier: BSD-2-Clause */
/* X.509 evidence: boot-time certificates and their two calls (sm_cert.c). */
#ifndef SM_CERT_H
#define SM_CERT_H

#include <crypto.h>
#include "sm.h"

int sm_cert_init(struct crypto_keypair *device);
int sm_call_cert_chain(struct sm_call *c); /* enclave: SM_FID_CERT_CHAIN */
int sm_call_device_cert(struct sm_call *c); /* host: SM_FID_DEVICE_CERT */

#endif
