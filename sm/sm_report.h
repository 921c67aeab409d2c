/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attestation report encoding (docs/attestation.md).  Pure: shared by the
 * monitor, the host tools (sm-verify) and the unit tests.
 */
#ifndef SM_REPORT_H
#define SM_REPORT_H

#include <sm_abi.h>
#include "sm_types.h"

void sm_report_le64(u8 *out, u64 v);
u64 sm_report_get_le64(const u8 *in);

void sm_report_fill(struct sm_report *r, u32 flags,
		    const u8 enclave_measurement[SM_HASH_LEN], u64 data_len,
		    const u8 monitor_measurement[SM_HASH_LEN],
		    const u8 monitor_public_key[SM_PUBKEY_LEN],
		    const u8 monitor_signature[SM_SIG_LEN],
		    const u8 device_public_key[SM_PUBKEY_LEN]);

/* SHA-256 over header || measurement || le64(data_len) || data[0..data_len). */
int sm_report_enclave_hash(const struct sm_report *r, u8 hash[SM_HASH_LEN]);
/* SHA-256 over monitor measurement || monitor public key. */
void sm_report_monitor_hash(const struct sm_report *r, u8 hash[SM_HASH_LEN]);

/* SHA-256 over le64 sizes || image bytes, as the monitor measures an EPM. */
void sm_measure_header(u8 out[24], u64 runtime_off, u64 user_off,
		       u64 free_off);

#endif
