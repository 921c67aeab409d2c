/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tiny S-mode test framework for system tests of the monitor: console,
 * SBI calls, fault probes, a watchdog per test, tests on other harts.
 */
#ifndef TP_H
#define TP_H

#include <sm_abi.h>

typedef unsigned long ulong;
typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned char u8;
typedef long long s64;
typedef _Bool bool;
#define true 1
#define false 0

#define NULL ((void *)0)
#define TP_MAX_HARTS 8

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(ulong ext, ulong fid, ulong a0, ulong a1, ulong a2,
		       ulong a3, ulong a4, ulong a5);

static inline struct sbiret sm_call6(ulong fid, ulong a0, ulong a1, ulong a2,
				     ulong a3, ulong a4, ulong a5)
{
	return sbi_call(SM_EXT_ID, fid, a0, a1, a2, a3, a4, a5);
}
/*
 * sm_call(fid[, a0[, ... a5]]): a call of the monitor's extension; the
 * arguments left out are 0, so short calls stay short to read.
 */
#define __sm_call7(f, a, b, c, d, e, g, ...) sm_call6(f, a, b, c, d, e, g)
#define sm_call(...) __sm_call7(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_PMU 0x504D55
#define SBI_EXT_DBCN 0x4442434E
#define SBI_EXT_SUSP 0x53555350
#define SBI_EXT_CPPC 0x43505043
#define SBI_EXT_DBTR 0x44425452
#define SBI_EXT_SSE 0x535345
#define SBI_EXT_FWFT 0x46574654
#define SBI_EXT_MPXY 0x4D505859
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_DENIED (-4)
#define SBI_HSM_STARTED 0
#define SBI_HSM_STOPPED 1

void sbi_putchar(char c);
/*
 * Inside a test the timer is also the watchdog: a test's own deadline
 * replaces it until that fires, then the trap handler re-arms it.
 */
void sbi_set_timer(u64 when);
void sbi_shutdown(void);
long sbi_hart_start(ulong hartid, ulong addr, ulong opaque);
long sbi_hart_stop(void);
long sbi_hart_get_status(ulong hartid);
long sbi_probe(ulong ext);

void tp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *tp_memset(void *d, int c, ulong n);
void *tp_memcpy(void *d, const void *s, ulong n);
int tp_memcmp(const void *a, const void *b, ulong n);

static inline u64 tp_time(void)
{
	u64 t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

/*
 * Fault probes: 0 if the access worked, else the scause it raised (the
 * faulting instruction is skipped).  tp_probe_load/store use a 2-byte
 * (compressed) instruction, the _wide ones a 4-byte one.  A fetch probe
 * calls addr and comes back to its caller whether or not it faulted.
 */
ulong tp_probe_load(ulong addr);
ulong tp_probe_store(ulong addr, ulong val);
ulong tp_probe_load_wide(ulong addr);
ulong tp_probe_store_wide(ulong addr, ulong val);
ulong tp_probe_exec(ulong addr);
/* stval and sepc of this hart's last probed fault. */
ulong tp_probe_stval(void);
ulong tp_probe_sepc(void);

#define CAUSE_FETCH_ACCESS 1
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_ACCESS 7

/* The device tree the payload got (a1), and a property of /node. */
extern const void *tp_fdt;
/* key=value on /chosen/bootargs (decimal or 0x hex), else dflt */
ulong tp_bootarg(const char *key, ulong dflt);
const void *tp_fdt_find(const void *fdt, const char *node, const char *prop,
			u32 *len);

/* The monitor's EPM pool, from /reserved-memory (false: none). */
bool tp_pool_range(ulong *base, ulong *size);

/* Timebase ticks in ms milliseconds (from the device tree). */
u64 tp_ms(u64 ms);

/*
 * Tests: TEST(name) { ... } registers a test in the .tests section; they
 * run in the order the linker leaves them (with gcc: a file's tests last
 * to first), so no test may rely on another; each runs under a watchdog
 * (TP_DEFAULT_TIMEOUT_MS, or TEST_TIMEOUT's) that fails it and moves on.
 */
struct tp_test {
	const char *name;
	void (*fn)(void);
	u64 timeout_ms; /* 0: default */
};

#define TP_DEFAULT_TIMEOUT_MS 30000

#define TEST_TIMEOUT(nm, ms)                                             \
	static void test_##nm(void);                                     \
	static const struct tp_test tp_t_##nm                            \
		__attribute__((section(".tests"), used)) = { #nm,        \
							     test_##nm, ms }; \
	static void test_##nm(void)
#define TEST(nm) TEST_TIMEOUT(nm, 0)

void tp_fail(const char *file, int line, const char *what, u64 a, u64 b);
extern int tp_cur_failed;

#define EXPECT_EQ(a, b)                                                \
	do {                                                           \
		u64 _a = (u64)(a), _b = (u64)(b);                      \
		if (_a != _b)                                          \
			tp_fail(__FILE__, __LINE__, #a " == " #b, _a, _b); \
	} while (0)
#define EXPECT_NE(a, b)                                                \
	do {                                                           \
		u64 _a = (u64)(a), _b = (u64)(b);                      \
		if (_a == _b)                                          \
			tp_fail(__FILE__, __LINE__, #a " != " #b, _a, _b); \
	} while (0)
#define EXPECT_TRUE(c) EXPECT_NE(!!(c), 0)
#define EXPECT_FALSE(c) EXPECT_EQ(!!(c), 0)
/* Unsigned a < b (addresses, counters). */
#define EXPECT_LT(a, b)                                                \
	do {                                                           \
		u64 _a = (u64)(a), _b = (u64)(b);                      \
		if (!(_a < _b))                                        \
			tp_fail(__FILE__, __LINE__, #a " < " #b, _a, _b);  \
	} while (0)
/* Stop the current test if it has failed (so far). */
#define ASSERT_OK()                        \
	do {                               \
		if (tp_cur_failed)         \
			return;            \
	} while (0)
#define ASSERT_EQ(a, b)                    \
	do {                               \
		EXPECT_EQ(a, b);           \
		ASSERT_OK();               \
	} while (0)
#define ASSERT_NE(a, b)                    \
	do {                               \
		EXPECT_NE(a, b);           \
		ASSERT_OK();               \
	} while (0)
#define ASSERT_TRUE(c)                     \
	do {                               \
		EXPECT_TRUE(c);            \
		ASSERT_OK();               \
	} while (0)

/* Other harts */
ulong tp_boot_hartid(void);
/* Starts (if needed) hart and runs fn(arg) there; returns its result. */
ulong tp_run_on(ulong hartid, ulong (*fn)(ulong), ulong arg);
/* Same, without waiting: tp_wait(hartid) collects the result. */
void tp_start_on(ulong hartid, ulong (*fn)(ulong), ulong arg);
ulong tp_wait(ulong hartid);
/* Stops a started hart (HSM hart_stop); tp_run_on starts it again. */
bool tp_stop_hart(ulong hartid);
/* A hart other than the boot hart (index 1..), or -1UL. */
ulong tp_other_hart(unsigned int n);

/* Timer interrupts for the host side (the test payload is the host). */
void tp_timer_irq_enable(bool on);
/* After a test armed its own deadline: the watchdog's again (boot hart). */
void tp_watchdog_rearm(void);
extern volatile ulong tp_timer_ticks;

#endif
