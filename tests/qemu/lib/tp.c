// SPDX-License-Identifier: BSD-2-Clause
/* Test runner, console, traps, secondary harts. */
#include <stdarg.h>
#include "tp.h"

#define STACK_SIZE 16384

/* Fields used by start.S come first, at fixed offsets. */
struct tp_hart {
	ulong stack_top; /* 0 */
	ulong probe_armed; /* 8: 1 load/store, 2 fetch */
	ulong probe_cause; /* 16 */
	ulong probe_stval;
	ulong probe_sepc;
	ulong hartid;
	ulong (*volatile fn)(ulong);
	volatile ulong arg, result, done, alive;
	bool started, dead;
};

static struct tp_hart harts[TP_MAX_HARTS];
static u8 stacks[TP_MAX_HARTS][STACK_SIZE] __attribute__((aligned(16)));
static ulong boot_hartid;
static ulong smode_harts = ~0UL; /* from the device tree */
ulong tp_fdt_smode_harts(const void *fdt);
static ulong jmpbuf[14];
static volatile bool in_test;
static u64 watchdog_deadline;
int tp_cur_failed;
volatile ulong tp_timer_ticks;
/* 0, or 1 + the hartid printing: a trap can release its own hart's hold */
static volatile ulong console_lock;
extern ulong tp_fdt_timebase;

extern const struct tp_test __tests_start[], __tests_end[];
void tp_secondary_entry(void);
int tp_setjmp(ulong *buf);
void tp_longjmp(ulong *buf, int v) __attribute__((noreturn));

struct tp_hart *tp_hart_data(ulong hartid)
{
	struct tp_hart *h = &harts[hartid % TP_MAX_HARTS];

	h->hartid = hartid;
	h->stack_top = (ulong)&stacks[hartid % TP_MAX_HARTS][STACK_SIZE];
	return h;
}

void *tp_memset(void *d, int c, ulong n)
{
	u8 *p = d;

	while (n--)
		*p++ = c;
	return d;
}

void *tp_memcpy(void *d, const void *s, ulong n)
{
	u8 *p = d;
	const u8 *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

int tp_memcmp(const void *a, const void *b, ulong n)
{
	const u8 *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

/* gcc may emit these for struct copies. */
void *memset(void *d, int c, ulong n) __attribute__((alias("tp_memset")));
void *memcpy(void *d, const void *s, ulong n) __attribute__((alias("tp_memcpy")));

static void put_num(u64 v, int base, int width, bool neg)
{
	char buf[24];
	int i = 0;

	do {
		buf[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i < width)
		buf[i++] = '0';
	if (neg)
		sbi_putchar('-');
	while (i)
		sbi_putchar(buf[--i]);
}

static struct tp_hart *this_hart(void)
{
	struct tp_hart *h;

	__asm__ __volatile__("mv %0, tp" : "=r"(h));
	return h;
}

u64 tp_ms(u64 ms)
{
	/* QEMU virt: 10 MHz; sifive_u: 1 MHz */
	return ms * (tp_fdt_timebase ? tp_fdt_timebase : 10000000) / 1000;
}

void tp_printf(const char *fmt, ...)
{
	va_list ap;
	const char *s;
	int width;
	bool lng;
	ulong me = this_hart()->hartid + 1, expect, sie;

	/*
	 * No interrupts while holding the lock: the watchdog longjmps out of
	 * the test and then prints, which would deadlock on our own hold.
	 */
	__asm__ __volatile__("csrrc %0, sstatus, 2" : "=r"(sie));
	do {
		expect = 0;
	} while (!__atomic_compare_exchange_n(&console_lock, &expect, me, false,
					      __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			sbi_putchar(*fmt);
			continue;
		}
		width = 0;
		lng = false;
		fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng = true;
			fmt++;
		}
		switch (*fmt) {
		case 'd': {
			s64 v = lng ? va_arg(ap, long) : va_arg(ap, int);

			put_num(v < 0 ? -v : v, 10, width, v < 0);
			break;
		}
		case 'u':
			put_num(lng ? va_arg(ap, ulong) : va_arg(ap, u32), 10,
				width, false);
			break;
		case 'x':
			put_num(lng ? va_arg(ap, ulong) : va_arg(ap, u32), 16,
				width, false);
			break;
		case 'p':
			sbi_putchar('0');
			sbi_putchar('x');
			put_num(va_arg(ap, ulong), 16, 0, false);
			break;
		case 's':
			for (s = va_arg(ap, const char *); *s; s++)
				sbi_putchar(*s);
			break;
		case 'c':
			sbi_putchar(va_arg(ap, int));
			break;
		default:
			sbi_putchar(*fmt);
		}
	}
	va_end(ap);
	__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
	__asm__ __volatile__("csrs sstatus, %0" ::"r"(sie & 2));
}

void tp_fail(const char *file, int line, const char *what, u64 a, u64 b)
{
	tp_cur_failed = 1;
	tp_printf("  FAIL %s:%d: %s (0x%lx vs 0x%lx)\n", file, line, what,
		  (ulong)a, (ulong)b);
}

/* The boot hart's timer back to the running test's watchdog. */
void tp_watchdog_rearm(void)
{
	sbi_set_timer(in_test ? watchdog_deadline : ~0ULL);
}

void tp_timer_irq_enable(bool on)
{
	if (on)
		__asm__ __volatile__("csrs sie, %0" ::"r"(1UL << 5));
	else
		__asm__ __volatile__("csrc sie, %0" ::"r"(1UL << 5));
}

struct frame {
	ulong x[32];
	ulong sepc, scause, stval, sstatus;
};

static ulong insn_len(ulong pc)
{
	return (*(volatile unsigned short *)pc & 3) == 3 ? 4 : 2;
}

ulong tp_probe_stval(void)
{
	return this_hart()->probe_stval;
}

ulong tp_probe_sepc(void)
{
	return this_hart()->probe_sepc;
}

void tp_trap(struct frame *f)
{
	struct tp_hart *h = this_hart();
	ulong cause = f->scause;

	if ((long)cause < 0) {
		if ((cause & 0xff) == 5) { /* supervisor timer */
			tp_timer_ticks++;
			if (in_test && h->hartid == boot_hartid &&
			    tp_time() >= watchdog_deadline) {
				/* the watchdog: give up on this test */
				sbi_set_timer(~0ULL);
				tp_printf("  FAIL watchdog: test timed out (sepc 0x%lx)\n",
					  f->sepc);
				tp_cur_failed = 1;
				tp_longjmp(jmpbuf, 1);
			}
			/* a test's own timer (or a tick early): re-arm if needed */
			sbi_set_timer(in_test && h->hartid == boot_hartid ?
					      watchdog_deadline : ~0ULL);
			return;
		}
		return;
	}
	if (h->probe_armed && (cause == 1 || cause == 5 || cause == 7 ||
			       cause == 12 || cause == 13 || cause == 15)) {
		h->probe_cause = cause;
		h->probe_stval = f->stval;
		h->probe_sepc = f->sepc;
		if (h->probe_armed == 2)
			f->sepc = f->x[1]; /* fetch probe: back to ra */
		else
			f->sepc += insn_len(f->sepc);
		h->probe_armed = 0;
		return;
	}
	/* a fault inside tp_printf must not leave the console locked */
	if (console_lock == h->hartid + 1)
		__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
	tp_printf("  FAIL unexpected trap on hart %lu: scause 0x%lx sepc 0x%lx stval 0x%lx\n",
		  h->hartid, cause, f->sepc, f->stval);
	tp_cur_failed = 1;
	if (h->hartid == boot_hartid) {
		if (in_test)
			tp_longjmp(jmpbuf, 1);
		/* outside any test: no way to go on, end with a summary */
		tp_printf("RESULT: 0 passed, 1 failed (trap outside a test)\n");
		sbi_shutdown();
	} else {
		/* whoever waits for this hart gets -1; it is not used again */
		h->dead = true;
		h->result = -1UL;
		h->fn = NULL;
		__atomic_store_n(&h->done, 1, __ATOMIC_RELEASE);
	}
	for (;;)
		__asm__ __volatile__("wfi");
}

ulong tp_boot_hartid(void)
{
	return boot_hartid;
}

/* Starts a hart idle (it waits for work); false if it cannot run S-mode code. */
static bool ensure_started(ulong hartid)
{
	struct tp_hart *h = tp_hart_data(hartid);

	u64 until;

	if (h->started)
		return true;
	if (h->dead || !(smode_harts & (1UL << hartid)) ||
	    sbi_hart_get_status(hartid) < 0)
		return false;
	if (sbi_hart_start(hartid, (ulong)tp_secondary_entry, (ulong)h))
		return false;
	/* e.g. sifive_u's hart 0 has no S-mode: it never checks in */
	until = tp_time() + 20000000; /* 2 s on virt: slow machines */
	while (!__atomic_load_n(&h->alive, __ATOMIC_ACQUIRE))
		if (tp_time() > until) {
			h->dead = true;
			return false;
		}
	h->started = true;
	return true;
}

ulong tp_other_hart(unsigned int n)
{
	ulong id;
	unsigned int seen = 0;

	for (id = 0; id < TP_MAX_HARTS; id++) {
		if (id == boot_hartid || !ensure_started(id))
			continue;
		if (++seen == n)
			return id;
	}
	return -1UL;
}

void tp_secondary_main(void)
{
	struct tp_hart *h;

	__asm__ __volatile__("mv %0, tp" : "=r"(h));
	__atomic_store_n(&h->alive, 1, __ATOMIC_RELEASE);
	for (;;) {
		while (!h->fn)
			;
		h->result = h->fn(h->arg);
		h->fn = NULL;
		__atomic_store_n(&h->done, 1, __ATOMIC_RELEASE);
	}
}

void tp_start_on(ulong hartid, ulong (*fn)(ulong), ulong arg)
{
	struct tp_hart *h = tp_hart_data(hartid);

	if (h->started && !h->dead && __atomic_load_n(&h->fn, __ATOMIC_ACQUIRE)) {
		/* still running what an earlier test (cut by its watchdog) gave it */
		tp_printf("  FAIL hart %lu is still busy\n", hartid);
		tp_cur_failed = 1;
		return;
	}
	h->arg = arg;
	h->done = 0;
	if (!ensure_started(hartid)) {
		tp_printf("  FAIL hart %lu cannot run tests\n", hartid);
		tp_cur_failed = 1;
		h->result = -1UL;
		h->done = 1;
		return;
	}
	__atomic_store_n(&h->fn, fn, __ATOMIC_RELEASE);
}

ulong tp_wait(ulong hartid)
{
	struct tp_hart *h = &harts[hartid % TP_MAX_HARTS];

	while (!__atomic_load_n(&h->done, __ATOMIC_ACQUIRE))
		;
	return h->result;
}

static ulong stop_self(ulong unused)
{
	struct tp_hart *h = this_hart();

	h->alive = 0;
	h->started = false;
	__atomic_store_n(&h->done, 1, __ATOMIC_RELEASE);
	sbi_hart_stop();
	return -1UL; /* not reached */
}

bool tp_stop_hart(ulong hartid)
{
	struct tp_hart *h = &harts[hartid % TP_MAX_HARTS];
	u64 until;

	if (!h->started)
		return true;
	h->done = 0;
	h->arg = 0;
	__atomic_store_n(&h->fn, stop_self, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&h->done, __ATOMIC_ACQUIRE))
		;
	h->fn = NULL;
	until = tp_time() + 20000000;
	while (sbi_hart_get_status(hartid) != SBI_HSM_STOPPED)
		if (tp_time() > until)
			return false;
	return true;
}

ulong tp_run_on(ulong hartid, ulong (*fn)(ulong), ulong arg)
{
	tp_start_on(hartid, fn, arg);
	return tp_wait(hartid);
}

/* A payload may provide its own program instead of tests (the demo). */
void tp_demo(ulong hartid) __attribute__((weak));

void tp_main(ulong hartid, ulong fdt)
{
	const struct tp_test *t;
	int passed = 0, failed = 0;
	struct tp_hart *h = &harts[hartid % TP_MAX_HARTS];

	boot_hartid = hartid;
	h->started = true;
	tp_fdt = (const void *)fdt;
	smode_harts = tp_fdt_smode_harts((const void *)fdt);
	if (!smode_harts)
		smode_harts = ~0UL;
	if (tp_demo)
		tp_demo(hartid);
	tp_printf("tp: test payload on hart %lu\n", hartid);
	for (t = __tests_start; t < __tests_end; t++) {
		tp_cur_failed = 0;
		tp_printf("TEST %s\n", t->name);
		watchdog_deadline = tp_time() +
			tp_ms(t->timeout_ms ? t->timeout_ms : TP_DEFAULT_TIMEOUT_MS);
		if (!tp_setjmp(jmpbuf)) {
			in_test = true;
			sbi_set_timer(watchdog_deadline);
			tp_timer_irq_enable(true);
			__asm__ __volatile__("csrs sstatus, 2");
			t->fn();
		}
		in_test = false;
		__asm__ __volatile__("csrc sstatus, 2");
		sbi_set_timer(~0ULL);
		if (tp_cur_failed) {
			failed++;
			tp_printf("not ok %s\n", t->name);
		} else {
			passed++;
			tp_printf("ok %s\n", t->name);
		}
	}
	tp_printf("RESULT: %d passed, %d failed\n", passed, failed);
	sbi_shutdown();
}
