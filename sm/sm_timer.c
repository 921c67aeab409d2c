// SPDX-License-Identifier: BSD-2-Clause
/*
 * Timers while an enclave runs.  The host's deadline must stop the enclave
 * and the enclave must not be able to move it: with Sstc the host's
 * stimecmp is parked, STCE cleared (so the enclave cannot write stimecmp)
 * and the deadline armed in mtimecmp; without Sstc it already lives in
 * mtimecmp.  The enclave's own timer requests are multiplexed onto the
 * same mtimecmp and delivered to it as STIP.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_timer.h>
#include "sm.h"
#include "sm_hooks.h"

static void arm_mtimer(u64 when)
{
	const struct sbi_timer_device *t = sbi_timer_get_device();

	if (when == ~0ULL) {
		if (t && t->timer_event_stop)
			t->timer_event_stop();
		csr_clear(CSR_MIE, MIP_MTIP);
		return;
	}
	if (t && t->timer_event_start)
		t->timer_event_start(when);
	csr_set(CSR_MIE, MIP_MTIP);
}

/* The host deadline that must preempt the enclave (~0: none). */
static u64 host_deadline(const struct sm_hart *h)
{
	/* A host that masked its timer interrupt asked for no deadline. */
	if (!(h->host_mie & MIP_STIP))
		return ~0ULL;
	if ((h->f & SM_F_SSTC))
		return h->host.stimecmp;
	if (h->host.sip & MIP_STIP)
		return 0; /* already due: stop the enclave at once */
	return (h->host_mie & MIP_MTIP) ? h->host_deadline : ~0ULL;
}

static u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

/*
 * An enclave always gets a short slice before the host's deadline stops
 * it: a deadline already due at RUN/RESUME (the switch took longer than
 * the host's tick, e.g. on a loaded machine) would otherwise stop it
 * before its first instruction, again and again, and it would never
 * progress.  The host's interrupt comes at most this much later.
 */
#define SM_MIN_SLICE_DIV 10000 /* 100 us */

void sm_timer_enter(struct sm_hart *h, struct sm_enclave *e)
{
	const struct sbi_timer_device *t = sbi_timer_get_device();
	u64 hd, floor;

	if ((h->f & SM_F_SSTC)) {
		h->host.stimecmp = csr_read(CSR_STIMECMP);
		csr_write(CSR_STIMECMP, -1UL);
		h->host_menvcfg = csr_read(CSR_MENVCFG);
		csr_write(CSR_MENVCFG, h->host_menvcfg & ~ENVCFG_STCE);
	}
	hd = host_deadline(h);
	floor = sbi_timer_value() +
		(t ? t->timer_freq / SM_MIN_SLICE_DIV : 0);
	if (hd < floor)
		hd = floor;
	arm_mtimer(min_u64(hd, e->deadline));
}

void sm_timer_leave(struct sm_hart *h, struct sm_enclave *e)
{
	if ((h->f & SM_F_SSTC)) {
		arm_mtimer(~0ULL);
		csr_write(CSR_MENVCFG, h->host_menvcfg);
		csr_write(CSR_STIMECMP, h->host.stimecmp);
	} else if (h->host_mie & MIP_MTIP) {
		arm_mtimer(h->host_deadline);
	} else {
		arm_mtimer(~0ULL);
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
	u64 now = sbi_timer_value();
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
	arm_mtimer(min_u64(hd, e->deadline));
	return false;
}

/* Every SBI set_timer, from either side, lands here (sm_hooks.c). */
void sm_timer_event_start(u64 next_event)
{
	struct sm_hart *h = sm_hart_this();

	if (h && h->enclave) {
		/* Never replaces the host's deadline. */
		h->enclave->deadline = next_event;
		csr_clear(CSR_MIP, MIP_STIP);
		arm_mtimer(min_u64(host_deadline(h), next_event));
		return;
	}
	if (h)
		h->host_deadline = next_event;
	__real_sbi_timer_event_start(next_event);
}
