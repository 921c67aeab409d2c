// SPDX-License-Identifier: BSD-2-Clause
/*
 * The one trap-safe primitive for caller memory addressed virtually: loads
 * and stores go through the caller's own translation and permissions
 * (mstatus.MPRV with MPP = the caller's mode, as OpenSBI's unprivileged
 * accessors do), and a fault becomes an error instead of a crash.
 */
#include <sbi/sbi_hart.h>
#include <sbi/sbi_trap.h>
#include <sbi/sbi_unpriv.h>
#include "sm.h"

int sm_copy_from_caller(void *dst, ulong va, ulong len)
{
	struct sbi_trap_info trap;
	u8 *d = dst;
	ulong i = 0;

	if (len && va + len < va)
		return SM_E_ACCESS;
	while (i < len) {
		if (!((va + i) & 7) && len - i >= 8) {
			u64 v = sbi_load_u64((const u64 *)(va + i), &trap);

			if (trap.cause)
				return SM_E_ACCESS;
			sm_memcpy(d + i, &v, 8);
			i += 8;
		} else {
			u8 v = sbi_load_u8((const u8 *)(va + i), &trap);

			if (trap.cause)
				return SM_E_ACCESS;
			d[i++] = v;
		}
	}
	return SM_OK;
}

int sm_copy_to_caller(ulong va, const void *src, ulong len)
{
	struct sbi_trap_info trap;
	const u8 *s = src;
	ulong i = 0;

	if (len && va + len < va)
		return SM_E_ACCESS;
	while (i < len) {
		if (!((va + i) & 7) && len - i >= 8) {
			u64 v;

			sm_memcpy(&v, s + i, 8);
			sbi_store_u64((u64 *)(va + i), v, &trap);
			if (trap.cause)
				return SM_E_ACCESS;
			i += 8;
		} else {
			sbi_store_u8((u8 *)(va + i), s[i], &trap);
			if (trap.cause)
				return SM_E_ACCESS;
			i++;
		}
	}
	return SM_OK;
}

/*
 * Checks that every page of [va, va + len) is writable by the caller by
 * storing back a byte just loaded from it, so that a call that fails
 * half-way leaves the caller's memory as it was.
 */
int sm_probe_caller_writable(ulong va, ulong len)
{
	struct sbi_trap_info trap;
	ulong p, end;
	u8 v;

	if (!len)
		return SM_OK;
	if (va + len < va)
		return SM_E_ACCESS;
	end = va + len - 1;
	for (p = va;; p = (p | 0xfff) + 1) {
		v = sbi_load_u8((const u8 *)p, &trap);
		if (trap.cause)
			return SM_E_ACCESS;
		sbi_store_u8((u8 *)p, v, &trap);
		if (trap.cause)
			return SM_E_ACCESS;
		if ((p | 0xfff) >= end)
			break;
	}
	v = sbi_load_u8((const u8 *)end, &trap);
	if (trap.cause)
		return SM_E_ACCESS;
	sbi_store_u8((u8 *)end, v, &trap);
	return trap.cause ? SM_E_ACCESS : SM_OK;
}

/*
 * The monitor's direct access to S-mode memory by physical address (an
 * EPM: hashing, scrubbing, sealing keys).  Without Smepmp unlocked PMP
 * entries do not bind M-mode and this costs nothing; with Smepmp (MML) the
 * monitor may only touch S/U memory through OpenSBI's temporary shared
 * mapping (PMP entry 0, see docs/pmp.md).  One mapping at a time.
 */
int sm_phys_map(u64 base, u64 size)
{
	return sbi_hart_map_saddr(base, size) ? SM_E_ACCESS : SM_OK;
}

void sm_phys_unmap(void)
{
	sbi_hart_unmap_saddr();
}

/*
 * An M-mode load that may fault (a platform address that might not exist):
 * OpenSBI's expected-trap handler records the fault and skips the
 * instruction (4 bytes: compressed instructions are off here).
 */
u64 sm_safe_load_u64(ulong addr, bool *ok)
{
	struct sbi_trap_info trap = { 0 };
	register ulong tinfo __asm__("a3") = (ulong)&trap;
	register ulong ttmp __asm__("a4");
	ulong mtvec = sbi_hart_expected_trap_addr();
	u64 v = 0;

	__asm__ __volatile__(".option push\n"
			     ".option norvc\n"
			     "add %[ttmp], %[tinfo], zero\n"
			     "csrrw %[mtvec], mtvec, %[mtvec]\n"
			     "ld %[v], 0(%[addr])\n"
			     "csrw mtvec, %[mtvec]\n"
			     ".option pop"
			     : [mtvec] "+&r"(mtvec), [tinfo] "+&r"(tinfo),
			       [ttmp] "+&r"(ttmp), [v] "+&r"(v)
			     : [addr] "r"(addr)
			     : "memory");
	*ok = !trap.cause;
	return *ok ? v : 0;
}

/* Word copy (both 8-byte aligned, len a multiple of 8): no byte loop. */
void sm_copy_words(void *dst, const void *src, ulong len)
{
	u64 *d = dst;
	const u64 *s = src;
	ulong n = len / 8;

	while (n >= 4) {
		d[0] = s[0];
		d[1] = s[1];
		d[2] = s[2];
		d[3] = s[3];
		d += 4;
		s += 4;
		n -= 4;
	}
	while (n--)
		*d++ = *s++;
}

/* Zeroes monitor memory (8-byte aligned, len a multiple of 8) fast. */
void sm_zero_words(void *p, ulong len)
{
	u64 *d = p;
	ulong n = len / 8;

	while (n >= 8) {
		d[0] = 0;
		d[1] = 0;
		d[2] = 0;
		d[3] = 0;
		d[4] = 0;
		d[5] = 0;
		d[6] = 0;
		d[7] = 0;
		d += 8;
		n -= 8;
	}
	while (n--)
		*d++ = 0;
}

/*
 * Zeroes a physical range (an EPM being scrubbed, the rest of a pool block
 * after the bytes CREATE copied, which may end anywhere): cbo.zero where the
 * hart has Zicboz, else unrolled stores; bytes only at unaligned ends.
 */
int sm_zero_phys(u64 base, u64 size)
{
	struct sm_hart *h = sm_hart_this();
	ulong p, end = base + size;

	if (!size)
		return SM_OK;
	if (sm_phys_map(base, size))
		return SM_E_ACCESS;
	for (p = base; (p & 7) && p < end; p++)
		*(volatile u8 *)p = 0;
	if (h && h->cbo_block) {
		for (; (p & (h->cbo_block - 1)) && p + 8 <= end; p += 8)
			*(volatile u64 *)p = 0;
		for (; p + h->cbo_block <= end; p += h->cbo_block)
			__asm__ __volatile__(".insn i 0x0f, 2, x0, %0, 4"
					     ::"r"(p) : "memory");
	}
	sm_zero_words((void *)p, (end - p) & ~7UL);
	p += (end - p) & ~7UL;
	for (; p < end; p++)
		*(volatile u8 *)p = 0;
	sm_phys_unmap();
	return SM_OK;
}

/* Page-table entry bits (privileged spec, Sv39/48/57). */
#define SM_PTE_V (1UL << 0)
#define SM_PTE_R (1UL << 1)
#define SM_PTE_W (1UL << 2)
#define SM_PTE_X (1UL << 3)

/*
 * The physical address behind the host's virtual address va, as its own
 * page tables (satp) say now: mtval of an access fault is virtual when the
 * host runs with paging.  Page-table words are read only where the host
 * itself may read (DRAM outside the monitor and every EPM), so a forged
 * satp cannot make the monitor consult memory the host cannot see.
 * Returns false if va is not mapped.
 */
bool sm_host_translate(ulong va, u64 *pa)
{
	ulong satp = csr_read(CSR_SATP), mode = satp >> 60;
	u64 table = (satp & SATP64_PPN) << 12, pte = 0, ppn;
	int levels, i;
	bool ok;

	switch (mode) {
	case SATP_MODE_OFF:
		*pa = va;
		return true;
	case SATP_MODE_SV39:
		levels = 3;
		break;
	case SATP_MODE_SV48:
		levels = 4;
		break;
	case SATP_MODE_SV57:
		levels = 5;
		break;
	default:
		return false;
	}
	/* va must be sign-extended from its top translated bit */
	if (((long)(va << (64 - 12 - 9 * levels)) >> (64 - 12 - 9 * levels)) !=
	    (long)va)
		return false;

	for (i = levels - 1; i >= 0; i--) {
		u64 at = table + ((va >> (12 + 9 * i)) & 511) * 8;

		if (!sm_in_dram(&sm_memmap, at, 8) ||
		    !sm_phys_range_allowed(at, 8) || sm_phys_map(at, 8))
			return false;
		pte = sm_safe_load_u64(at, &ok);
		sm_phys_unmap();
		if (!ok || !(pte & SM_PTE_V) ||
		    (!(pte & SM_PTE_R) && (pte & SM_PTE_W)))
			return false;
		ppn = (pte >> 10) & ((1ULL << 44) - 1);
		if (pte & (SM_PTE_R | SM_PTE_X)) {
			/* a leaf, possibly a superpage or a 64 KiB NAPOT page */
			u64 off = va & ((1ULL << (12 + 9 * i)) - 1);

			if (pte >> 63)
				ppn &= ~0xfULL, off = va & 0xffff;
			*pa = ((ppn << 12) & ~((1ULL << (12 + 9 * i)) - 1)) + off;
			return true;
		}
		table = ppn << 12;
	}
	return false;
}
