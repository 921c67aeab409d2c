/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal interfaces of the security monitor core.
 *
 * Lock order (outer to inner): sm_enclave_lock -> sm_epm_lock (the pool)
 * -> pmp_lock.  sm_rng_lock (RANDOM's buffer) -> sm_crypto_lock (mbedTLS),
 * never taken with any of the first three held.  sm_epm_copy_lock (the
 * bounce buffer) is a leaf.  The switch path (RUN/RESUME, STOP/EXIT,
 * interrupts) takes no lock: states move by compare-and-swap (sm_state.c),
 * contexts by an atomic bitmap.  No lock is held while an enclave runs,
 * while waiting for other harts, or while a whole EPM is hashed, copied
 * or zeroed.
 */
#ifndef SM_H
#define SM_H

#include <sbi/sbi_types.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_trap.h>
#include <sm_abi.h>
#include "sm_args.h"
#include "pmp_layout.h"
#include "sm_state.h"

ulong sm_rc_to_abi(int rc);

#ifndef SM_MAX_ENCLAVES
#define SM_MAX_ENCLAVES 1024
#endif
/*
 * Saved contexts: enclaves that have run and may run again (multiple of
 * 64).  The UBSan image is three times larger and must still end below the
 * next stage at +2 MB: fewer there.
 */
#ifndef SM_MAX_CONTEXTS
#ifdef SM_UBSAN
#define SM_MAX_CONTEXTS 64
#else
#define SM_MAX_CONTEXTS 256
#endif
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
 * A side's per-hart state besides its general registers (sm_ctx.c
 * switches it; which parts a hart has is in sm_hart.f).
 */
struct sm_csrs {
	ulong stvec, sscratch, sepc, scause, stval, satp, scounteren;
	u64 senvcfg, sstateen0, scontext;
	ulong sie; /* S-level enable bits of mie */
	ulong sip; /* software-pending S bits of mip */
	u64 stimecmp;
	struct sm_hctx h;
	u64 fp[33]; /* f0-f31, fcsr */
};

/*
 * An enclave's saved state: the trap frame the enclave vector saves into
 * and resumes from (general registers, mepc, mstatus with the enclave's
 * S-mode fields, MPP, MPV, GVA), and everything else.
 */
struct sm_ctx {
	struct sbi_trap_context tc;
	struct sm_csrs c;
	bool saved; /* c holds what the enclave left: erase it all */
};

/* Enclave ids: (sequence << SM_SLOT_BITS) | slot (sm_enclave.c). */
#define SM_SLOT_BITS 10
#define SM_EPM_REGIONS 8 /* pool regions (sm_pool.h's SM_POOL_REGIONS) */

struct sm_enclave {
	u64 tag; /* state and sequence number (sm_state.h); first */
	struct sm_create_args args; /* validated copy, the enclave's addresses */
	struct sm_range epm; /* where it runs, as it was told (a1, a2) */
	struct sm_range block; /* what it owns: its pool block, or epm */
	struct sm_range utm;
	struct sm_range src; /* while CREATE copies: the host's image */
	bool adopted; /* runs in a pool block (else in place, own PMP deny) */
	bool pmp_fast; /* NAPOT block and UTM: the PMP slots describe it */
	struct pmp_slots pmp_slots;
	u32 hartindex; /* where it runs, while RUNNING */
	u64 deadline; /* the enclave's own timer request */
	u8 measurement[SM_HASH_LEN];
	struct sm_ctx *ctx; /* from its first RUN to EXIT (sm_enclave.c) */
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
#define SM_F_ZICNTR (1U << 8) /* time CSR readable in M-mode */
/* Seldom present: one test for all of them on the switch path. */
#define SM_F_RARE (SM_F_STATEEN | SM_F_SCONTEXT | SM_F_HCONTEXT)

/*
 * Per-hart state, reached through OpenSBI's scratch space.  enclave_tc
 * comes first: the enclave vector (sm_vector.S) loads it at offset 0.
 */
struct sm_hart {
	/* first: sm_vector.S reads it */
	struct sbi_trap_context *enclave_tc; /* the running enclave's ctx.tc */
	struct sm_enclave *enclave; /* running on this hart, or NULL */
	struct sm_ctx *spare_ctx; /* erased, claimed, for the next RUN here */
	unsigned int f; /* SM_F_* */
	const char *refuse; /* why enclaves may not run here, or NULL */
	/* The host's frame (its RUN/RESUME trap) and the rest of its state. */
	struct sbi_trap_context *host_tc;
	ulong host_mstatus; /* its side bits (sm_ctx.c) */
	ulong host_mie, host_mideleg;
	u64 host_menvcfg;
	u64 host_deadline; /* last timer the host asked for (no Sstc) */
	bool host_deadline_set; /* ... and OpenSBI wrote it to mtimecmp */
	u64 mtimecmp; /* what this hart's mtimecmp holds, if known */
	bool mtimecmp_known;
	u64 min_slice; /* sm_timer.c: timebase ticks */
#define SM_MIN_SLICE_DIV 10000 /* 100 us */
	ulong host_mtvec; /* the host vector (sm_vector.S), mtvec in host mode */
	ulong enclave_mtvec; /* the enclave vector, while an enclave runs */
	u64 pmp_gen; /* PMP layout generation applied here */
	unsigned int cbo_block; /* Zicboz: cbo.zero block size, else 0 */
	bool start_finishing; /* HSM start: past its last PMP update */
	bool refuse_said;
	bool stack_painted; /* sm_stack.c */
	struct sm_csrs host;
	struct pmp_toggle pmp_toggle; /* of that layout, for fast switches */
	/* large and cold: last */
	struct pmp_layout pmp_scratch; /* an enclave's layout, slow path */
};


/* sm_hart.c */
int sm_hart_init(bool cold);
void sm_hart_vector(struct sm_hart *h);
struct sm_hart *sm_hart_at(u32 hartindex);
unsigned int sm_hart_sha256_exts(void); /* CRYPTO_SHA256_* */
extern unsigned long sm_hart_offset;
extern bool sm_active;

/* This hart's state (NULL before the monitor's cold init). */
static inline struct sm_hart *sm_hart_this(void)
{
	if (!sm_hart_offset)
		return NULL;
	return *(struct sm_hart **)sbi_scratch_offset_ptr(
		sbi_scratch_thishart_ptr(), sm_hart_offset);
}

/* sm_ecall.c */
int sm_ecall_register(void);
void sm_ecall_unregister(void);
void sm_ecall_enclave(struct sm_hart *h, struct sbi_trap_regs *regs);
struct sbi_trap_context *sm_host_call(struct sbi_trap_context *tc);

/* sm_enclave.c */
int sm_create(ulong args_va, ulong *eid_out);
int sm_destroy(ulong eid);
void sm_enclave_init(void);
struct sm_call;
int sm_run(struct sm_hart *h, struct sbi_trap_regs *regs, ulong eid,
	   bool resume);
int sm_stop(struct sm_call *c, ulong reason);
int sm_exit(struct sm_call *c, ulong value);
void __noreturn sm_interrupted(struct sm_hart *h, ulong host_sip);
void sm_enclave_lock_table(void);
void sm_enclave_unlock_table(void);
bool sm_enclave_publish(const struct sm_range *add);
bool sm_enclave_uses(u64 base, u64 size);
void sm_enclave_abandon(struct sm_hart *h);
void sm_enclave_freeze(void);
void sm_enclave_scrub_all(void);
bool sm_phys_range_allowed(u64 base, u64 size);
bool sm_enclave_owns(const struct sm_enclave *e, u64 base, u64 size,
		     bool utm_too);

/* One call of the extension, as the handlers see it. */
struct sm_call {
	struct sbi_trap_regs *regs;
	struct sm_hart *h;
	ulong value; /* a1 on return */
};

/* sm_epm.c: the EPM pool, adoption, donations */
int sm_epm_init(void *fdt);
void sm_epm_disable(void);
unsigned int sm_epm_regions(struct sm_range *out, unsigned int max);
bool sm_epm_overlaps(u64 base, u64 size);
int sm_epm_alloc(u64 size, struct sm_range *block);
void sm_epm_free(const struct sm_range *block);
void sm_epm_adopt(struct sm_enclave *e, u64 src);
int sm_epm_donate(u64 base, u64 size);
int sm_epm_reclaim(u64 base, u64 size);

/* sm_attest.c: measurement, attestation, sealing, randomness */
void sm_measure(struct sm_enclave *e);
int sm_call_random(struct sm_call *c);
int sm_call_attest(struct sm_call *c);
int sm_call_sealing_key(struct sm_call *c);

extern struct sm_mem_map sm_memmap;

/*
 * sm_ctx.c: context switches (sm_vector.S holds the general registers).
 * STOP, EXIT and interrupts end in sm_vector_resume(h->host_tc).
 */
void __noreturn sm_ctx_enter(struct sm_hart *h, struct sbi_trap_regs *regs,
			     struct sm_enclave *e, bool fresh);
void sm_ctx_leave(struct sm_hart *h, struct sm_enclave *e, ulong a0, ulong a1,
		  ulong host_sip, bool keep);
void __noreturn sm_vector_resume(struct sbi_trap_context *tc);

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
void pmp_enter(struct sm_hart *h, struct sm_enclave *e);
void pmp_leave(struct sm_hart *h, struct sm_enclave *e);
unsigned int pmp_budget(void);
extern const struct pmp_config *pmp_cfg;

/* sm_reset.c: nothing of an enclave survives a reset */
int sm_reset_init(const void *fdt);
bool sm_reset_device(unsigned int i, struct sm_range *reg);
void sm_reset_prepare(void);
bool sm_reset_access_fault(struct sbi_trap_context *tcntx, bool store);

/* sm_trap.c: traps of a running enclave (from sm_vector.S) */
struct sbi_trap_context *sm_trap_enclave(struct sbi_trap_context *tc);

/* sm_timer.c */
void sm_timer_enclave_set(struct sm_hart *h, u64 next_event);
extern bool sm_timer_all_sstc;

/*
 * The host's set_timer, on its way to OpenSBI (sm_hooks.c): without Sstc
 * its deadline is mtimecmp's value, which an enclave's entry needs.
 */
static inline void sm_timer_host_set(u64 next_event)
{
	struct sm_hart *h;

	if (sm_timer_all_sstc)
		return;
	h = sm_hart_this();
	if (h) {
		h->host_deadline = next_event;
		h->host_deadline_set = true;
	}
}

/* sm_stack.c */
void sm_stack_paint(struct sm_hart *h);
void sm_stack_report(void);

/* sm_init.c */
int sm_cold_init(void);

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
int sm_zero_phys(u64 base, u64 size);
void sm_copy_words(void *dst, const void *src, ulong len);
void sm_zero_words(void *p, ulong len);
bool sm_host_translate(ulong va, u64 *pa);

#endif
