// SPDX-License-Identifier: BSD-2-Clause
/*
 * Every place where the monitor puts itself in front of OpenSBI (the
 * enclave trap vector, sm_vector.S, is not a hook: it is in mtvec only
 * while an enclave runs, so the host's traps never pass the monitor).  OpenSBI
 * 1.6 has no hooks for a monitor, so the link wraps these functions
 * (GNU ld --wrap=NAME, list in platform/opensbi.mk): a call of NAME from
 * any other object reaches __wrap_NAME, which delegates to the module
 * that owns the concern; __real_NAME is OpenSBI's own.  Each __real_
 * prototype is checked against OpenSBI's header at compile time, so a
 * different OPENSBI_SRC cannot link a wrong signature silently.
 *
 *   sbi_ecall_init                 cold init of the monitor (sm_init.c)
 *   sbi_ecall_register_extension   the SBI allow-list (sm_allow.c)
 *   sbi_hart_pmp_configure         the monitor's PMP layout (pmp.c)
 *   sbi_hsm_hart_start_finish      a starting hart's last PMP update (pmp.c)
 *   sbi_timer_event_start          host vs. enclave timers (sm_timer.c)
 *   sbi_domain_check_addr(_range)  physical buffers never name an EPM
 *   sbi_system_reset               EPMs scrubbed before any reset (sm_reset.c)
 *   sbi_load/store_access_handler  the reset device, emulated (sm_reset.c)
 */
#include <sbi/sbi_domain.h>
#include <sbi/sbi_ecall.h>
#include <sbi/sbi_hart.h>
#include <sbi/sbi_hsm.h>
#include <sbi/sbi_system.h>
#include <sbi/sbi_timer.h>
#include <sbi/sbi_trap.h>
#include <sbi/sbi_trap_ldst.h>
#include <sbi/sbi_version.h>
#include "sm.h"
#include "sm_allow.h"
#include "sm_hooks.h"

/*
 * The allow-list (sm_allow.c) and these hooks were vetted against
 * OpenSBI 1.6: another version must be reviewed before it is trusted.
 */
#if !defined(SM_ALLOW_OTHER_OPENSBI) && \
	(OPENSBI_VERSION_MAJOR != 1 || OPENSBI_VERSION_MINOR != 6)
#error "OpenSBI is not 1.6: review sm_allow.c and sm_hooks.c, then build with -DSM_ALLOW_OTHER_OPENSBI"
#endif

#define SM_SAME_TYPE(a, b)                                            \
	_Static_assert(__builtin_types_compatible_p(__typeof__(&a),   \
						    __typeof__(&b)), \
		       #a " does not match OpenSBI's " #b)

int __real_sbi_ecall_init(void);
int __real_sbi_ecall_register_extension(struct sbi_ecall_extension *ext);
bool __real_sbi_domain_check_addr(const struct sbi_domain *dom,
				  unsigned long addr, unsigned long mode,
				  unsigned long access_flags);
bool __real_sbi_domain_check_addr_range(const struct sbi_domain *dom,
					unsigned long addr, unsigned long size,
					unsigned long mode,
					unsigned long access_flags);
void __noreturn __real_sbi_hsm_hart_start_finish(struct sbi_scratch *scratch,
						 u32 hartid);
void __noreturn __real_sbi_system_reset(u32 reset_type, u32 reset_reason);
int __real_sbi_load_access_handler(struct sbi_trap_context *tcntx);
int __real_sbi_store_access_handler(struct sbi_trap_context *tcntx);

SM_SAME_TYPE(__real_sbi_ecall_init, sbi_ecall_init);
SM_SAME_TYPE(__real_sbi_ecall_register_extension,
	     sbi_ecall_register_extension);
SM_SAME_TYPE(__real_sbi_hart_pmp_configure, sbi_hart_pmp_configure);
SM_SAME_TYPE(__real_sbi_hsm_hart_start_finish, sbi_hsm_hart_start_finish);
SM_SAME_TYPE(__real_sbi_timer_event_start, sbi_timer_event_start);
SM_SAME_TYPE(__real_sbi_domain_check_addr, sbi_domain_check_addr);
SM_SAME_TYPE(__real_sbi_domain_check_addr_range,
	     sbi_domain_check_addr_range);
SM_SAME_TYPE(__real_sbi_system_reset, sbi_system_reset);
SM_SAME_TYPE(__real_sbi_load_access_handler, sbi_load_access_handler);
SM_SAME_TYPE(__real_sbi_store_access_handler, sbi_store_access_handler);

/*
 * Once, on the cold-boot hart, after platform final_init, before PMP.
 * OpenSBI's list is ordered for speed (sm_allow.c): its hot extensions
 * first, the monitor's last (its calls never reach OpenSBI's dispatch:
 * the host vector serves them).
 */
int __wrap_sbi_ecall_init(void)
{
	bool ours;
	int rc;

	sm_allow_defer(true);
	rc = __real_sbi_ecall_init();
	sm_allow_defer(false);
	if (rc)
		return rc;
	rc = sm_allow_register_deferred(__real_sbi_ecall_register_extension);
	if (rc)
		return rc;
	/* Last: the host vector serves its calls, the list only probes. */
	ours = !sm_ecall_register();
	if (!ours || sm_cold_init())
		sm_ecall_unregister();
	return rc;
}

int __wrap_sbi_ecall_register_extension(struct sbi_ecall_extension *ext)
{
	if (!ext)
		return __real_sbi_ecall_register_extension(ext);
	sm_allow_apply(ext);
	if (!sm_allow_register_now(ext))
		return 0;
	return __real_sbi_ecall_register_extension(ext);
}

int __wrap_sbi_hart_pmp_configure(struct sbi_scratch *scratch)
{
	return pmp_configure(scratch);
}

void __noreturn __wrap_sbi_hsm_hart_start_finish(struct sbi_scratch *scratch,
						 u32 hartid)
{
	pmp_start_finish();
	__real_sbi_hsm_hart_start_finish(scratch, hartid);
}

/* The host's set_timer (an enclave's never comes here: sm_trap.c). */
__attribute__((optimize("optimize-sibling-calls"))) void
__wrap_sbi_timer_event_start(u64 next_event)
{
	sm_timer_host_set(next_event);
	__real_sbi_timer_event_start(next_event);
}

/*
 * Physical buffers S-mode hands OpenSBI (DBCN, PMU, HSM/SUSP entry
 * points, ...) are checked against the domain, where enclave memory is
 * still plain S-mode RAM.  Narrowed: the host may name no EPM, an enclave
 * only its own EPM and UTM, over the whole length.
 */
bool __wrap_sbi_domain_check_addr_range(const struct sbi_domain *dom,
					unsigned long addr, unsigned long size,
					unsigned long mode,
					unsigned long access_flags)
{
	if (!__real_sbi_domain_check_addr_range(dom, addr, size, mode,
						access_flags))
		return false;
	return mode == PRV_M || sm_phys_range_allowed(addr, size ? size : 1);
}

bool __wrap_sbi_domain_check_addr(const struct sbi_domain *dom,
				  unsigned long addr, unsigned long mode,
				  unsigned long access_flags)
{
	if (!__real_sbi_domain_check_addr(dom, addr, mode, access_flags))
		return false;
	return mode == PRV_M || sm_phys_range_allowed(addr, 1);
}

void __noreturn __wrap_sbi_system_reset(u32 reset_type, u32 reset_reason)
{
	sm_reset_prepare();
	__real_sbi_system_reset(reset_type, reset_reason);
}

int __wrap_sbi_load_access_handler(struct sbi_trap_context *tcntx)
{
	if (sm_reset_access_fault(tcntx, false))
		return 0;
	return __real_sbi_load_access_handler(tcntx);
}

int __wrap_sbi_store_access_handler(struct sbi_trap_context *tcntx)
{
	if (sm_reset_access_fault(tcntx, true))
		return 0;
	return __real_sbi_store_access_handler(tcntx);
}
