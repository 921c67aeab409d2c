// SPDX-License-Identifier: BSD-2-Clause
/*
 * `make run`: an S-mode host that walks through an enclave's life on the
 * monitor, narrating each step: create, run, serve an edge call through
 * UTM, resume, attest a nonce, exit, destroy.  scripts/demo.sh then
 * verifies the report on the host with sm-verify.
 */
#include "../lib/tp.h"

#define EPM 0x90000000UL
#define EPM_SIZE 0x100000UL
#define UTM 0x98000000UL
#define UTM_SIZE 0x2000UL

extern const u8 demo_enclave_start[], demo_enclave_end[];
static const char *const err_names[] = {
	[0] = "SUCCESS", [2] = "INTERRUPTED", [11] = "EDGE_CALL_HOST",
};

static const char *name(long e)
{
	if (e == 0)
		return "SUCCESS";
	if (e >= 100000 && e - 100000 < 12 && err_names[e - 100000])
		return err_names[e - 100000];
	return "error";
}

/* tests/qemu/lib wants test entries; the demo has none and runs in main. */
void tp_demo(ulong hartid)
{
	struct sm_create_args a = {
		.epm_paddr = EPM, .epm_size = EPM_SIZE,
		.utm_paddr = UTM, .utm_size = UTM_SIZE,
		.runtime_paddr = EPM, .user_paddr = EPM + 0x1000,
		.free_paddr = EPM + 0x1000, .free_requested = 0,
	};
	volatile u64 *u = (volatile u64 *)UTM;
	volatile u8 *ub = (volatile u8 *)UTM;
	struct sbiret r;
	ulong eid, i, n = demo_enclave_end - demo_enclave_start;

	tp_printf("\n=== demo: an untrusted host (this payload, hart %lu) and an enclave ===\n", hartid);
	tp_printf("[host] probe_extension(0x%lx) = %ld\n", SM_EXT_ID, sbi_probe(SM_EXT_ID));
	tp_memset((void *)EPM, 0, 0x1000);
	tp_memcpy((void *)EPM, demo_enclave_start, n);
	tp_memset((void *)UTM, 0, UTM_SIZE);
	tp_printf("[host] loaded a %lu-byte enclave image at 0x%lx; EPM 0x%lx+0x%lx, UTM 0x%lx+0x%lx\n",
		  n, EPM, EPM, EPM_SIZE, UTM, UTM_SIZE);
	r = sm_call(SM_FID_CREATE, (ulong)&a, 0, 0);
	tp_printf("[host] CREATE -> %s, eid %ld (the EPM is now denied to the host on every hart)\n",
		  name(r.error), r.value);
	if (r.error)
		goto out;
	eid = r.value;
	tp_printf("[host] reading the EPM now faults: scause %lu\n", tp_probe_load(EPM));
	r = sm_call(SM_FID_RUN, eid, 0, 0);
	tp_printf("[host] RUN -> %s: edge call %lu, the enclave says: \"", name(r.error), (ulong)u[0]);
	for (i = 0x100; ub[i] && i < 0x200; i++)
		tp_printf("%c", ub[i]);
	tp_printf("\"\n");
	for (i = 0; i < 32; i++)
		ub[0x200 + i] = (u8)(tp_time() >> (i % 8)) ^ (u8)(i * 37);
	tp_printf("NONCE ");
	for (i = 0; i < 32; i++)
		tp_printf("%02x", ub[0x200 + i]);
	tp_printf("\n[host] answered with that nonce in UTM; RESUME\n");
	r = sm_call(SM_FID_RESUME, eid, 0, 0);
	tp_printf("[host] RESUME -> %s: edge call %lu, ATTEST returned %lu inside the enclave\n",
		  name(r.error), (ulong)u[0], (ulong)u[1]);
	tp_printf("REPORT ");
	for (i = 0; i < SM_REPORT_SIZE; i++)
		tp_printf("%02x", ub[0x1000 + i]);
	tp_printf("\n[host] the %u-byte report left the enclave through UTM\n", SM_REPORT_SIZE);
	r = sm_call(SM_FID_RESUME, eid, 0, 0);
	tp_printf("[host] RESUME -> %s, exit value %ld\n", name(r.error), r.value);
	r = sm_call(SM_FID_RESUME, eid, 0, 0);
	tp_printf("[host] RESUME after EXIT -> %ld (NOT_RESUMABLE)\n", r.error);
	r = sm_call(SM_FID_DESTROY, eid, 0, 0);
	tp_printf("[host] DESTROY -> %s; EPM readable again, first word 0x%lx (scrubbed)\n",
		  name(r.error), *(volatile ulong *)EPM);
out:
	tp_printf("DEMO-END\n");
	sbi_shutdown();
}
