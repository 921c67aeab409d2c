// SPDX-License-Identifier: BSD-2-Clause
/* SBI calls of the test payload (it is the S-mode "host"). */
#include "tp.h"

/* Legacy console putchar: the one console call every firmware answers. */
#define SBI_EXT_LEGACY_PUTCHAR 0x01

struct sbiret sbi_call(ulong ext, ulong fid, ulong a0, ulong a1, ulong a2,
		       ulong a3, ulong a4, ulong a5)
{
	register ulong r0 __asm__("a0") = a0;
	register ulong r1 __asm__("a1") = a1;
	register ulong r2 __asm__("a2") = a2;
	register ulong r3 __asm__("a3") = a3;
	register ulong r4 __asm__("a4") = a4;
	register ulong r5 __asm__("a5") = a5;
	register ulong r6 __asm__("a6") = fid;
	register ulong r7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall"
			     : "+r"(r0), "+r"(r1)
			     : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6),
			       "r"(r7)
			     : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

void sbi_putchar(char c)
{
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, c, 0, 0, 0, 0, 0);
}

void sbi_set_timer(u64 when)
{
	sbi_call(SBI_EXT_TIME, 0, when, 0, 0, 0, 0, 0);
}

/* SRST system_reset(shutdown, no reason); returns only where it failed. */
void sbi_shutdown(void)
{
	sbi_call(SBI_EXT_SRST, 0, 0, 0, 0, 0, 0, 0);
}

long sbi_hart_start(ulong hartid, ulong addr, ulong opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, hartid, addr, opaque, 0, 0, 0).error;
}

/* Stops the calling hart; returns only on failure. */
long sbi_hart_stop(void)
{
	return sbi_call(SBI_EXT_HSM, 1, 0, 0, 0, 0, 0, 0).error;
}

long sbi_hart_get_status(ulong hartid)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, 2, hartid, 0, 0, 0, 0, 0);

	return r.error ? r.error : r.value;
}

long sbi_probe(ulong ext)
{
	return sbi_call(SBI_EXT_BASE, 3, ext, 0, 0, 0, 0, 0).value;
}
