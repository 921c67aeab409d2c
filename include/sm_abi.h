/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Public ABI of the security monitor: SBI extension, function IDs, error
 * codes and the structures exchanged with the untrusted OS driver and the
 * enclave runtime.  Numbering matches Keystone's sm_call.h / sm_err.h so
 * that Keystone drivers and runtimes work unchanged.  This header is meant
 * to be copied into a runtime or driver: it depends on nothing else.
 */
#ifndef SM_ABI_H
#define SM_ABI_H

/* "\x08KE": Keystone's extension ID */
#define SM_EXT_ID 0x08424b45UL

/* Host (untrusted OS) calls */
#define SM_FID_HOST_BASE 2000UL
#define SM_FID_CREATE 2001UL
#define SM_FID_DESTROY 2002UL
#define SM_FID_RUN 2003UL
#define SM_FID_RESUME 2005UL
/* This monitor's own calls live at x900-x999, clear of Keystone's. */
#define SM_FID_DEVICE_CERT 2900UL
/* a0 = base, a1 = size: host memory the monitor takes for its EPM pool */
#define SM_FID_POOL_DONATE 2901UL
/* a0 = base, a1 = size: a donated region, holding no enclave, given back */
#define SM_FID_POOL_RECLAIM 2902UL
#define SM_FID_HOST_LAST 2999UL

/* Enclave calls */
#define SM_FID_ENCLAVE_BASE 3000UL
#define SM_FID_RANDOM 3001UL
#define SM_FID_ATTEST 3002UL
#define SM_FID_GET_SEALING_KEY 3003UL
#define SM_FID_STOP 3004UL
#define SM_FID_EXIT 3006UL
#define SM_FID_CERT_CHAIN 3900UL
#define SM_FID_ENCLAVE_LAST 3999UL

#define SM_FID_CALL_PLUGIN 4000UL

/* Highest deprecated FID (Keystone's pre-2000 numbering) */
#define SM_FID_DEPRECATED_LAST 1999UL

/* STOP reasons (a0 of SM_FID_STOP) */
#define SM_STOP_TIMER_INTERRUPT 0UL
#define SM_STOP_EDGE_CALL_HOST 1UL

/* Error codes returned in a0 (Keystone's, positive) */
#define SM_SUCCESS 0UL
#define SM_ERR_UNKNOWN_ERROR 100000UL
#define SM_ERR_INVALID_ID 100001UL
#define SM_ERR_INTERRUPTED 100002UL
#define SM_ERR_PMP_FAILURE 100003UL
#define SM_ERR_NOT_RUNNABLE 100004UL
#define SM_ERR_NOT_DESTROYABLE 100005UL
#define SM_ERR_REGION_OVERLAPS 100006UL
#define SM_ERR_NOT_ACCESSIBLE 100007UL
#define SM_ERR_ILLEGAL_ARGUMENT 100008UL
#define SM_ERR_NOT_RUNNING 100009UL
#define SM_ERR_NOT_RESUMABLE 100010UL
#define SM_ERR_EDGE_CALL_HOST 100011UL
#define SM_ERR_NOT_INITIALIZED 100012UL
#define SM_ERR_NO_FREE_RESOURCE 100013UL
#define SM_ERR_SBI_PROHIBITED 100014UL
#define SM_ERR_ILLEGAL_PTE 100015UL
#define SM_ERR_NOT_FRESH 100016UL
#define SM_ERR_DEPRECATED 100099UL
#define SM_ERR_NOT_IMPLEMENTED 100100UL

/* Standard SBI error a denied standard extension returns to an enclave */
#define SM_SBI_ERR_DENIED (-4L)

#ifndef __ASSEMBLER__

/* CREATE argument, passed by the host's S-mode virtual address. */
struct sm_create_args {
	unsigned long long epm_paddr;
	unsigned long long epm_size;
	unsigned long long utm_paddr;
	unsigned long long utm_size;
	unsigned long long runtime_paddr;
	unsigned long long user_paddr;
	unsigned long long free_paddr;
	unsigned long long free_requested;
};

#define SM_ATTEST_DATA_MAX 1024
#define SM_SEALING_ID_MAX 64
#define SM_SEALING_KEY_LEN 128

/* GET_SEALING_KEY output, at a physical address inside the caller's EPM. */
struct sm_sealing_key {
	unsigned char key[SM_SEALING_KEY_LEN];
	unsigned char signature[64]; /* ECDSA P-256 raw r||s by the monitor key */
};

/*
 * Attestation report (packed, little-endian).  See docs/attestation.md for
 * the byte layout and what a verifier must check.
 */
#define SM_REPORT_MAGIC "SMREPORT"
#define SM_REPORT_VERSION 1U
#define SM_REPORT_FLAG_DEV_SECRET 0x1U /* signed with a development secret */

#define SM_HASH_LEN 32
#define SM_PUBKEY_LEN 33 /* SEC1 compressed P-256 point */
#define SM_SIG_LEN 64 /* raw r||s */

struct sm_report_header {
	unsigned char magic[8];
	unsigned int version;
	unsigned int flags;
} __attribute__((packed));

struct sm_report_enclave {
	unsigned char measurement[SM_HASH_LEN];
	unsigned long long data_len;
	unsigned char data[SM_ATTEST_DATA_MAX];
	unsigned char signature[SM_SIG_LEN];
} __attribute__((packed));

struct sm_report_monitor {
	unsigned char measurement[SM_HASH_LEN];
	unsigned char public_key[SM_PUBKEY_LEN];
	unsigned char signature[SM_SIG_LEN];
} __attribute__((packed));

struct sm_report {
	struct sm_report_header header;
	struct sm_report_enclave enclave;
	struct sm_report_monitor monitor;
	unsigned char device_public_key[SM_PUBKEY_LEN];
} __attribute__((packed));

#define SM_REPORT_SIZE 1306
#define SM_REPORT_BUFFER_MIN 1352 /* what a caller must provide at most */

/*
 * X.509 certificates (DER, docs/attestation.md).  CERT_CHAIN: a0 = the
 * enclave's public key (SEC1 P-256: 65 bytes 04||X||Y or 33 bytes 02/03||X,
 * told apart by the first byte), a1 = data, a2 = data size, a3 = output
 * buffer, a4 = its size; writes the enclave certificate followed by the
 * monitor certificate, a1 = bytes written.  DEVICE_CERT: a0 = buffer,
 * a1 = its size; a1 = bytes written.  Buffers of these sizes always suffice.
 */
#define SM_CERT_DATA_MIN 32
#define SM_CERT_DATA_MAX 64
#define SM_CERT_CHAIN_MAX 2048
#define SM_DEVICE_CERT_MAX 1024

#endif /* __ASSEMBLER__ */
#endif /* SM_ABI_H */
