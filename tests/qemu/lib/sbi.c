// SPDX-License-Identifier: BSD-2-Clause
#include "tp.h"

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
	sbi_call(0x01, 0, c, 0, 0, 0, 0, 0);
}

void sbi_set_timer(u64 when)
{
	sbi_call(0x54494D45, 0, when, 0, 0, 0, 0, 0);
}

void sbi_shutdown(void)
{
	sbi_call(0x53525354, 0, 0, 0, 0, 0, 0, 0);
}

long sbi_hart_start(ulong hartid, ulong addr, ulong opaque)
{
	return sbi_call(0x48534D, 0, hartid, addr, opaque, 0, 0, 0).error;
}

long sbi_hart_get_status(ulong hartid)
{
	struct sbiret r = sbi_call(0x48534D, 2, hartid, 0, 0, 0, 0, 0);

	return r.error ? r.error : r.value;
}

long sbi_probe(ulong ext)
{
	return sbi_call(0x10, 3, ext, 0, 0, 0, 0, 0).value;
}
