/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal interfaces of the security monitor core.
 *
 * Lock order (outer to inner): sm_enclave_lock -> pmp_lock.  The crypto
 * lock (sm_crypto_lock) is never taken with either held.  No lock is held
 * while an enclave runs, while waiting for other harts, or while a
 * whole EPM is hashed or zeroed.
 */
#ifndef SM_H
#define SM_H

#include <sbi/sbi_types.h>
#include <sbi/sbi_trap.h>
#include <sm_abi.h>
#include "sm_args.h"
#include "pmp_layout.h"

ulong sm_rc_to_abi(int rc);

#ifndef SM_MAX_ENCLAVES
#define SM_MAX_ENCLAVES 16
#endif

#ifndef CSR_SCONTEXT
#define CSR_SCONTEXT 0x5a8
#endif
#ifndef CSR_HCONTEXT
#define CSR_HCONTEXT 0x6a8
#endif
#ifndef CSR_VSTIMECMP
#define CSR_VSTIMECMP 0x24d
#endif

/* The hypervisor extension's per-hart state (H and VS CSRs). */
struct sm_hctx {
	ulong hstatus, hedeleg, hideleg, hie, hcounteren, htval, hvip, htinst;
	ulong hgatp, htimedelta;
	u64 henvcfg, hstateen0, hcontext, vstimecmp;
	ulong vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
};

/*
 * Everything of a hart's S-mode/user state that must not cross sides
 * (sm_ctx.c switches it; which parts a hart has is in sm_hart.f).
 */
struct sm_ctx {
	ulong gpr[32]; /* x0..x31, x0 unused */
	ulong mepc;
	ulong mstatus; /* the S-mode fields of mstatus, MPP, MPV, GVA */
	ulong sie; /* S-level enable bits of mie */
	ulong sip; /* software-pending S bits of mip */
	ulong stvec, sscratch, sepc, scause, stval, satp, scounteren;
	u64 senvcfg, sstateen0, scontext;
	u64 stimecmp;
	struct sm_hctx h;
	u64 fp[32];
	ulong fcsr;
};

enum sm_state {
	SM_SLOT_FREE = 0,
	SM_SLOT_CREATING, /* reserved, PMP being applied, measured */
	SM_FRESH,
	SM_RUNNING,
	SM_STOPPED,
	SM_EXITED,
	SM_SLOT_DESTROYING, /* EPM being scrubbed */
};

struct sm_enclave {
	u64 eid;
	enum sm_state state;
	struct sm_create_args args; /* validated copy */
	struct sm_range epm, utm;
	struct pmp_layout layout; /* this enclave's PMP while it runs */
	struct sm_ctx ctx; /* saved while not running */
	u64 deadline; /* the enclave's own timer request */
	u8 measurement[SM_HASH_LEN];
	u32 hartindex; /* where it runs, while SM_RUNNING */
};

/* sm_hart.f: what this hart has that the switch must handle */
#define SM_F_SMODE (1U << 0)
#define SM_F_FPU (1U << 1) /* F/D: f0-f31, fcsr */
#define SM_F_ENVCFG (1U << 2) /* priv 1.12: senvcfg, menvcfg */
#define SM_F_SSTC (1U << 3) /* stimecmp (and vstimecmp with H) */
#define SM_F_H (1U << 4) /* hypervisor: H/VS CSRs, MPV, GVA */
#define SM_F_STATEEN (1U << 5) /* Smstateen: sstateen0 (hstateen0) */
#define SM_F_SCONTEXT (1U << 6) /* Sdtrig's scontext */
#define SM_F_HCONTEXT (1U << 7) /* Sdtrig's hcontext */

/* Per-hart state, reached through OpenSBI's scratch space. */
struct sm_hart {
	struct sm_enclave *enclave; /* running on this hart, or NULL */
	struct sm_ctx host; /* the host's state while an enclave runs */
	ulong host_mie, host_mideleg;
	u64 host_menvcfg;
	u64 host_deadline; /* last timer the host asked for (no Sstc) */
	u64 pmp_gen; /* PMP layout generation applied here */
	bool start_finishing; /* HSM start: past its last PMP update */
	unsigned int f; /* SM_F_* */
	const char *refuse; /* why enclaves may not run here, or NULL */
	bool refuse_said;
};

/* sm_hart.c */
int sm_hart_init(bool cold);
struct sm_hart *sm_hart_this(void);
struct sm_hart *sm_hart_at(u32 hartindex);

/* sm_ecall.c */
int sm_ecall_register(void);

/* sm_enclave.c */
int sm_create(ulong args_va, ulong *eid_out);
int sm_destroy(ulong eid);
int sm_run(struct sbi_trap_regs *regs, ulong eid, bool resume);
int sm_stop(struct sbi_trap_regs *regs, ulong reason);
int sm_exit(struct sbi_trap_regs *regs, ulong value);
void sm_interrupted(struct sbi_trap_regs *regs, ulong host_sip);
void sm_enclave_abandon(struct sm_hart *h);
void sm_enclave_freeze(void);
void sm_enclave_scrub_all(void);
bool sm_phys_range_allowed(u64 base, u64 size);
bool sm_enclave_owns(const struct sm_enclave *e, u64 base, u64 size,
		     bool utm_too);

/* One call of the extension, as the handlers see it. */
struct sm_call {
	struct sbi_trap_regs *regs;
	ulong value; /* a1 on return */
};

/* sm_attest.c: measurement, attestation, sealing, randomness */
void sm_measure(struct sm_enclave *e);
int sm_call_random(struct sm_call *c);
int sm_call_attest(struct sm_call *c);
int sm_call_sealing_key(struct sm_call *c);

extern struct sm_mem_map sm_memmap;

/* sm_ctx.c: context switches on the trap frame */
void sm_ctx_enter(struct sm_hart *h, struct sbi_trap_regs *regs,
		  struct sm_enclave *e, bool fresh);
void sm_ctx_leave(struct sm_hart *h, struct sbi_trap_regs *regs,
		  struct sm_enclave *e, ulong a0, ulong a1, ulong host_sip);

/* sm_timer.c */
void sm_timer_enter(struct sm_hart *h, struct sm_enclave *e);
void sm_timer_leave(struct sm_hart *h, struct sm_enclave *e);
bool sm_timer_irq(struct sm_hart *h, ulong *host_sip);

/* pmp.c */
int pmp_init(bool cold);
int pmp_host_build(struct pmp_layout *l, const struct sm_range *epms,
		   unsigned int n);
void pmp_host_publish(const struct pmp_layout *l);
void pmp_sync_all(void); /* every hart applied the current host layout */
void pmp_apply_current(struct sm_hart *h); /* host or running enclave */
unsigned int pmp_budget(void);
extern const struct pmp_config *pmp_cfg;

/* sm_reset.c: nothing of an enclave survives a reset */
int sm_reset_init(const void *fdt);
bool sm_reset_device(unsigned int i, struct sm_range *reg);
void sm_reset_prepare(void);
bool sm_reset_access_fault(struct sbi_trap_context *tcntx, bool store);

/* sm_trap.c */
struct sbi_trap_context *sm_trap(struct sbi_trap_context *tcntx);

/* sm_timer.c */
void sm_timer_event_start(u64 next_event);

/* sm_init.c */
void sm_cold_init(void);

/* sm_ubsan.c (SM_UBSAN=1 only): boot line, reports kept before the console */
#ifdef SM_UBSAN
void sm_ubsan_boot(void);
#else
static inline void sm_ubsan_boot(void)
{
}
#endif

/* pmp.c: hooks */
int pmp_configure(struct sbi_scratch *scratch);
void pmp_start_finish(void);

/* sm_mem.c: the one trap-safe primitive for caller memory */
int sm_copy_from_caller(void *dst, ulong va, ulong len);
int sm_copy_to_caller(ulong va, const void *src, ulong len);
int sm_probe_caller_writable(ulong va, ulong len);
int sm_phys_map(u64 base, u64 size);
void sm_phys_unmap(void);

#endif
