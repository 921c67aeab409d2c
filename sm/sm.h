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

/* Everything of a hart's S-mode/user state that must not cross sides. */
struct sm_ctx {
	ulong gpr[32]; /* x0..x31, x0 unused */
	ulong mepc;
	ulong mstatus; /* the S-mode fields of mstatus, and MPP */
	ulong sie; /* S-level enable bits of mie */
	ulong sip; /* software-pending S bits of mip */
	ulong stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg;
	u64 stimecmp;
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

/* Per-hart state, reached through OpenSBI's scratch space. */
struct sm_hart {
	struct sm_enclave *enclave; /* running on this hart, or NULL */
	struct sm_ctx host; /* the host's state while an enclave runs */
	ulong host_mie, host_mideleg;
	u64 host_menvcfg;
	u64 host_deadline; /* last timer the host asked for (no Sstc) */
	u64 pmp_gen; /* PMP layout generation applied here */
	bool start_finishing; /* HSM start: past its last PMP update */
	bool sstc, envcfg, fpu, smode;
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

/* sm_mem.c: the one trap-safe primitive for caller memory */
int sm_copy_from_caller(void *dst, ulong va, ulong len);
int sm_copy_to_caller(ulong va, const void *src, ulong len);
int sm_probe_caller_writable(ulong va, ulong len);
int sm_phys_map(u64 base, u64 size);
void sm_phys_unmap(void);

#endif
