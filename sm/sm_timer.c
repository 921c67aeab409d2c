// SPDX-License-Identifier: BSD-2-Clause
/*
 * Timers while an enclave runs.  The host's deadline must stop the enclave
 * and the enclave must not be able to move it: with Sstc the host's
 * stimecmp is parked, STCE cleared (so the enclave cannot write stimecmp)
 * and the deadline armed in mtimecmp; without Sstc it already lives in
 * mtimecmp.  The enclave's own timer requests are multiplexed onto the
 * same mtimecmp and delivered to it as STIP.
 *
 * mtimecmp is written only when what it must hold changes (h->mtimecmp
 * remembers it): most switches cost no timer write at all.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_timer.h>
#include "sm.h"
#include "sm_hooks.h"

/*
 * An enclave always gets a short slice (h->min_slice, SM_MIN_SLICE_DIV of
 * a second) before the host's deadline stops it: a deadline already due at
 * RUN/RESUME (the switch took longer than the host's tick, e.g. on a loaded
 * machine) would otherwise stop it before its first instruction, again and
 * again, and it would never progress.  The host's interrupt comes at most
 * this much later.
 */
/* Every hart that runs host code has Sstc (sm_hart.c clears it if not). */
bool sm_timer_all_sstc = true;

static inline u64 timer_now_f(ulong f)
{
	/* rdtime in M-mode where the hart has it (Zicntr), else OpenSBI's */
	return (f & SM_F_ZICNTR) ? csr_read(CSR_TIME) : sbi_timer_value();
}

static u64 timer_now(const struct sm_hart *h)
{
	return timer_now_f(h->f);
}

/* mtimecmp := when (~0: parked), with MTIE to match. */
static inline __attribute__((always_inline)) void arm_mtimer(struct sm_hart *h,
								u64 when)
{
	const struct sbi_timer_device *t;

	if (when == ~0ULL)
		csr_clear(CSR_MIE, MIP_MTIP);
	if (!h->mtimecmp_known || when != h->mtimecmp) {
		t = sbi_timer_get_device();
		if (t && t->timer_event_start)
			t->timer_event_start(when);
		h->mtimecmp = when;
		h->mtimecmp_known = true;
	}
	if (when != ~0ULL)
		csr_set(CSR_MIE, MIP_MTIP);
}

/* The host deadline that must preempt the enclave (~0: none). */
static inline u64 host_deadline_f(const struct sm_hart *h, ulong f)
{
	/* A host that masked its timer interrupt asked for no deadline. */
	if (!(h->host_mie & MIP_STIP))
		return ~0ULL;
	if ((f & SM_F_SSTC))
		return h->host.stimecmp;
	if (h->host.sip & MIP_STIP)
		return 0; /* already due: stop the enclave at once */
	return (h->host_mie & MIP_MTIP) ? h->host_deadline : ~0ULL;
}

static u64 host_deadline(const struct sm_hart *h)
{
	return host_deadline_f(h, h->f);
}

static u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

void sm_timer_enter(struct sm_hart *h, struct sm_enclave *e)
{
	const ulong f = h->f; /* a register: CSR accesses clobber memory */
	u64 hd, soonest;

	if (f & SM_F_SSTC) {
		h->host.stimecmp = csr_read(CSR_STIMECMP);
		csr_write(CSR_STIMECMP, -1UL);
		h->host_menvcfg = csr_read(CSR_MENVCFG);
		csr_write(CSR_MENVCFG, h->host_menvcfg & ~ENVCFG_STCE);
	} else if (h->host_deadline_set) {
		/* OpenSBI wrote the host's set_timer there (sm_timer_host_set) */
		h->mtimecmp = h->host_deadline;
		h->mtimecmp_known = true;
	}
	hd = host_deadline_f(h, f);
	if (hd != ~0ULL) {
		soonest = timer_now_f(f) + h->min_slice;
		if (hd < soonest)
			hd = soonest;
	}
	arm_mtimer(h, min_u64(hd, e->deadline));
}

void sm_timer_leave(struct sm_hart *h, struct sm_enclave *e)
{
	if ((h->f & SM_F_SSTC)) {
		/*
		 * The host's timer is stimecmp; mtimecmp is parked, since
		 * OpenSBI sets MTIE on the host's every set_timer even so.
		 */
		arm_mtimer(h, ~0ULL);
		csr_write(CSR_MENVCFG, h->host_menvcfg);
		csr_write(CSR_STIMECMP, h->host.stimecmp);
	} else if (h->host_mie & MIP_MTIP) {
		arm_mtimer(h, h->host_deadline);
	} else {
		arm_mtimer(h, ~0ULL);
	}
}

/*
 * Machine timer interrupt while an enclave runs.  Returns true when the
 * host's deadline passed: the caller stops the enclave; *host_sip is
 * what the host must find pending.
 */
bool sm_timer_irq(struct sm_hart *h, ulong *host_sip)
{
	struct sm_enclave *e = h->enclave;
	u64 now = timer_now(h);
	u64 hd = host_deadline(h);

	*host_sip = 0;
	if (now >= hd) {
		if (!(h->f & SM_F_SSTC)) {
			/* What sbi_timer_process() would have done. */
			h->host_mie &= ~MIP_MTIP;
			*host_sip = MIP_STIP;
		}
		return true;
	}
	if (now >= e->deadline) {
		e->deadline = ~0ULL;
		csr_set(CSR_MIP, MIP_STIP);
	}
	arm_mtimer(h, min_u64(hd, e->deadline));
	return false;
}

/*
 * An enclave's set_timer (sm_trap.c, before OpenSBI sees it): delivered
 * to the enclave as STIP, never replacing the host's deadline.
 */
void sm_timer_enclave_set(struct sm_hart *h, u64 next_event)
{
	h->enclave->deadline = next_event;
	csr_clear(CSR_MIP, MIP_STIP);
	arm_mtimer(h, min_u64(host_deadline(h), next_event));
}
