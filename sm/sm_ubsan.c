// SPDX-License-Identifier: BSD-2-Clause
/*
 * UBSan runtime for the SM_UBSAN=1 build (docs/architecture.md): the
 * __ubsan_handle_* functions gcc's -fsanitize=undefined calls, for all of
 * the firmware (OpenSBI, the monitor, mbedTLS).  Each report is one line,
 *
 *	UBSAN: <kind> at <file>:<line>:<col>
 *
 * printed with sbi_printf; the firmware then goes on (recoverable checks),
 * except after __builtin_unreachable, where it hangs the hart.  Each
 * location reports once (a bit of its column, as in Linux's lib/ubsan.c).
 *
 * Reports made before the console is up (fw_platform_init runs before
 * OpenSBI's console init), or on a hart that is already printing one (a
 * check firing inside sbi_printf would take the console lock twice), are
 * kept and printed at the next report or when the monitor initialises
 * (sm_ubsan_boot).  A check firing in code that runs with this hart
 * holding the console lock (sbi_printf's formatting, a console driver's
 * putc) would still deadlock on it: that shows up as a hung test, not as
 * a silent pass.  None does in the tests.
 *
 * This file itself is built without -fsanitize.
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_locks.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_hart.h>
#include <sbi/sbi_hartmask.h>
#include <sbi/sbi_scratch.h>
#include "sm.h"

struct source_location {
	const char *file;
	u32 line;
	u32 column;
};

#define REPORTED_BIT	(1U << 31)

struct type_descriptor {
	u16 type_kind;
	u16 type_info;
	char type_name[];
};

struct type_mismatch_data_v1 {
	struct source_location location;
	struct type_descriptor *type;
	unsigned char log_alignment;
	unsigned char type_check_kind;
};

struct overflow_data {
	struct source_location location;
	struct type_descriptor *type;
};

struct nonnull_return_data {
	struct source_location attr_location;
};

struct ubsan_report {
	const char *kind;
	struct source_location *loc;
};

#define PENDING_MAX	16

static spinlock_t pending_lock = SPIN_LOCK_INITIALIZER;
static struct ubsan_report pending[PENDING_MAX];
static unsigned int npending;
static unsigned int nlost;
static bool printing[SBI_HARTMASK_MAX_BITS];

static void print_one(const char *kind, struct source_location *loc)
{
	sbi_printf("UBSAN: %s at %s:%u:%u\n", kind, loc->file, loc->line,
		   loc->column & ~REPORTED_BIT);
}

static void keep(const char *kind, struct source_location *loc)
{
	spin_lock(&pending_lock);
	if (npending < PENDING_MAX) {
		pending[npending].kind = kind;
		pending[npending].loc = loc;
		npending++;
	} else {
		nlost++;
	}
	spin_unlock(&pending_lock);
}

static void flush(void)
{
	struct ubsan_report r[PENDING_MAX];
	unsigned int i, n, lost;

	spin_lock(&pending_lock);
	n = npending;
	lost = nlost;
	for (i = 0; i < n; i++)
		r[i] = pending[i];
	npending = 0;
	nlost = 0;
	spin_unlock(&pending_lock);

	for (i = 0; i < n; i++)
		print_one(r[i].kind, r[i].loc);
	if (lost)
		sbi_printf("UBSAN: %u more report(s) lost\n", lost);
}

/*
 * The console is set up after every hart's scratch space, so with a
 * console the hart index is valid; before it only the boot hart runs.
 */
static void report(const char *kind, struct source_location *loc)
{
	u32 i;

	if (__atomic_fetch_or(&loc->column, REPORTED_BIT, __ATOMIC_RELAXED) &
	    REPORTED_BIT)
		return;
	if (!sbi_console_get_device()) {
		keep(kind, loc);
		return;
	}
	i = current_hartindex();
	if (i >= SBI_HARTMASK_MAX_BITS || printing[i]) {
		keep(kind, loc);
		return;
	}
	printing[i] = true;
	flush();
	print_one(kind, loc);
	flush();
	printing[i] = false;
}

/* From sm_cold_init(): the console is up, nothing else prints yet. */
void sm_ubsan_boot(void)
{
	u32 i = current_hartindex();

	sbi_printf("sm: UBSan runtime: reports are lines starting \"UBSAN: \"\n");
	if (i >= SBI_HARTMASK_MAX_BITS || printing[i])
		return;
	printing[i] = true;
	flush();
	printing[i] = false;
}

/* A value of an integer type: inline if it fits a pointer (gcc's ABI). */
static bool value_is_zero(struct type_descriptor *type, void *val)
{
	unsigned int bits = 1U << (type->type_info >> 1);

	if (type->type_kind == 0 && bits > sizeof(val) * 8)
		return !((u64 *)val)[0] && !((u64 *)val)[1];
	return !val;
}

void __ubsan_handle_add_overflow(void *data, void *lhs, void *rhs)
{
	report("add-overflow", data);
}

void __ubsan_handle_sub_overflow(void *data, void *lhs, void *rhs)
{
	report("sub-overflow", data);
}

void __ubsan_handle_mul_overflow(void *data, void *lhs, void *rhs)
{
	report("mul-overflow", data);
}

void __ubsan_handle_negate_overflow(void *data, void *old)
{
	report("negate-overflow", data);
}

void __ubsan_handle_divrem_overflow(void *_data, void *lhs, void *rhs)
{
	struct overflow_data *data = _data;

	report(value_is_zero(data->type, rhs) ? "division-by-zero" :
						"division-overflow",
	       &data->location);
}

void __ubsan_handle_shift_out_of_bounds(void *data, void *lhs, void *rhs)
{
	report("shift-out-of-bounds", data);
}

void __ubsan_handle_out_of_bounds(void *data, void *index)
{
	report("array-index-out-of-bounds", data);
}

void __ubsan_handle_pointer_overflow(void *data, void *base, void *result)
{
	report("pointer-overflow", data);
}

void __ubsan_handle_load_invalid_value(void *data, void *val)
{
	report("load-invalid-value", data);
}

void __ubsan_handle_vla_bound_not_positive(void *data, void *bound)
{
	report("vla-bound-not-positive", data);
}

void __ubsan_handle_nonnull_arg(void *data)
{
	report("nonnull-attribute", data);
}

void __ubsan_handle_nonnull_return_v1(void *data, void *loc)
{
	report("returns-nonnull-attribute", loc);
}

void __ubsan_handle_invalid_builtin(void *data)
{
	report("invalid-builtin-use", data);
}

void __ubsan_handle_type_mismatch_v1(void *_data, void *ptr)
{
	struct type_mismatch_data_v1 *data = _data;
	unsigned long align = 1UL << data->log_alignment;

	if (!ptr)
		report("null-pointer-use", &data->location);
	else if ((unsigned long)ptr & (align - 1))
		report("misaligned-access", &data->location);
	else
		report("object-size-mismatch", &data->location);
}

void __noreturn __ubsan_handle_builtin_unreachable(void *data)
{
	report("unreachable", data);
	sbi_hart_hang();
}
