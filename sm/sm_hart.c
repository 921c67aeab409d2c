// SPDX-License-Identifier: BSD-2-Clause
/*
 * Per-hart monitor state and what the hart has.  The state itself lives
 * on OpenSBI's heap (it is too large for the scratch page); each hart's
 * scratch space holds the pointer, so nothing is indexed by hart id.
 *
 * The switch state of a hart is derived from its ISA here, once per boot
 * of the hart: every extension that gives S-mode state either side can
 * write is either handled by sm_ctx.c (a feature bit below) or makes the
 * monitor refuse to run enclaves on that hart (sm_hart.refuse), which the
 * boot log says.  Nothing is run half-isolated.
 */
#include <libfdt.h>
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_csr_detect.h>
#include <sbi/sbi_hart.h>
#include <sbi/sbi_heap.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_string.h>
#include <sbi/sbi_timer.h>
#include <sbi_utils/fdt/fdt_helper.h>
#include <crypto.h>
#include "sm.h"

/* Also read by sm_vector.S. */
unsigned long sm_hart_offset;

static struct sm_hart *from_scratch(struct sbi_scratch *scratch)
{
	if (!sm_hart_offset || !scratch)
		return NULL;
	return *(struct sm_hart **)sbi_scratch_offset_ptr(scratch,
							  sm_hart_offset);
}

struct sm_hart *sm_hart_at(u32 hartindex)
{
	return from_scratch(sbi_hartindex_to_scratch(hartindex));
}

void sm_host_vector(void);
void sm_host_vector_hyp(void);
void sm_vector(void);
void sm_vector_hyp(void);
bool sm_active; /* sm_init.c: the monitor is up (extension registered) */

/*
 * The host vector replaces OpenSBI's in mtvec (it hands every other trap
 * to it unchanged): on this hart from now on, and after every warm boot.
 */
void sm_hart_vector(struct sm_hart *h)
{
	csr_write(CSR_MTVEC, h->host_mtvec);
}

/* Extensions with S-visible state the monitor does not switch (yet). */
static const struct {
	enum sbi_hart_extensions ext;
	const char *name;
} sm_unhandled[] = {
	{ SBI_HART_EXT_SMAIA, "Smaia/Ssaia" },
	{ SBI_HART_EXT_SSCSRIND, "Sscsrind" },
	{ SBI_HART_EXT_SMCSRIND, "Smcsrind" },
	{ SBI_HART_EXT_SMCDELEG, "Smcdeleg" },
	{ SBI_HART_EXT_SSCCFG, "Ssccfg" },
	{ SBI_HART_EXT_ZICFILP, "Zicfilp" },
	{ SBI_HART_EXT_ZICFISS, "Zicfiss" },
	{ SBI_HART_EXT_SSDBLTRP, "Ssdbltrp" },
};

static bool csr_present(int which)
{
	struct sbi_trap_info trap = { 0 };

	switch (which) {
	case CSR_SSTATEEN0:
		csr_read_allowed(CSR_SSTATEEN0, &trap);
		break;
	case CSR_SCONTEXT:
		csr_read_allowed(CSR_SCONTEXT, &trap);
		break;
	case CSR_HCONTEXT:
		csr_read_allowed(CSR_HCONTEXT, &trap);
		break;
	default:
		return false;
	}
	return !trap.cause;
}

/* This hart's cpu node, or a negative value. */
static int this_cpu_node(const void *fdt)
{
	int cpus, cpu;
	u32 hartid;

	cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus < 0)
		return cpus;
	fdt_for_each_subnode(cpu, fdt, cpus) {
		if (!fdt_parse_hart_id(fdt, cpu, &hartid) &&
		    hartid == current_hartid())
			return cpu;
	}
	return -1;
}

/* Zicboz's block size, from this hart's cpu node (0: not known, not used). */
static unsigned int cboz_block(struct sbi_scratch *scratch)
{
	const void *fdt = fdt_get_address();
	const fdt32_t *p;
	int cpu, len;

	if (!fdt || !sbi_hart_has_extension(scratch, SBI_HART_EXT_ZICBOZ))
		return 0;
	cpu = this_cpu_node(fdt);
	if (cpu < 0)
		return 0;
	p = fdt_getprop(fdt, cpu, "riscv,cboz-block-size", &len);
	if (!p || len < 4)
		return 0;
	len = fdt32_to_cpu(*p);
	/* a power of two that divides a page */
	return (len >= 8 && len <= 4096 && !(len & (len - 1))) ? len : 0;
}

/*
 * Whether a cpu node lists the extension ext (lower case): in
 * riscv,isa-extensions (a string list), else as one of riscv,isa's
 * '_'-separated multi-letter names.  OpenSBI keeps no bit for the scalar
 * crypto extensions, hence the tree.
 */
static bool cpu_has_ext(const void *fdt, int cpu, const char *ext)
{
	const char *isa, *p, *end;
	size_t n = sbi_strlen(ext);
	int len;

	isa = fdt_getprop(fdt, cpu, "riscv,isa-extensions", &len);
	if (isa)
		return fdt_stringlist_contains(isa, len, ext) == 1;
	isa = fdt_getprop(fdt, cpu, "riscv,isa", &len);
	if (!isa || len < 1)
		return false;
	end = isa + sbi_strnlen(isa, len);
	for (p = isa; p < end; p++) {
		if (*p != '_' || (size_t)(end - p - 1) < n)
			continue;
		if (!sbi_strncmp(p + 1, ext, n) &&
		    (p + 1 + n == end || p[1 + n] == '_'))
			return true;
	}
	return false;
}

/*
 * Every hart the tree enables lists one of names (the monitor hashes on
 * whichever hart calls it).
 */
static bool all_harts_have(const void *fdt, const char *const *names)
{
	const char *const *n;
	int cpus, cpu, seen = 0;

	cpus = fdt_path_offset(fdt, "/cpus");
	fdt_for_each_subnode(cpu, fdt, cpus) {
		if (!fdt_getprop(fdt, cpu, "device_type", NULL) ||
		    !fdt_node_is_enabled(fdt, cpu))
			continue;
		for (n = names; *n && !cpu_has_ext(fdt, cpu, *n); n++)
			;
		if (!*n)
			return false;
		seen++;
	}
	return seen;
}

/*
 * Whether insn (on operand x) executes here: as csr_read_allowed, a trap
 * is recorded and skipped, not taken.
 */
#define INSN_WORKS(insn)                                                     \
	({                                                                   \
		struct sbi_trap_info trap = { 0 };                           \
		register ulong tinfo asm("a3") = (ulong)&trap;               \
		register ulong ttmp asm("a4");                               \
		register ulong mtvec = sbi_hart_expected_trap_addr();        \
		register ulong x = 1;                                        \
                                                                             \
		asm volatile("add %[ttmp], %[tinfo], zero\n"                 \
			     "csrrw %[mtvec], " STR(CSR_MTVEC) ", %[mtvec]\n" \
			     insn "\n"                                       \
			     "csrw " STR(CSR_MTVEC) ", %[mtvec]"              \
			     : [mtvec] "+&r"(mtvec), [tinfo] "+&r"(tinfo),   \
			       [ttmp] "+&r"(ttmp), [x] "+&r"(x)              \
			     :                                               \
			     : "memory");                                    \
		!trap.cause;                                                 \
	})

/*
 * The SHA-256 rounds' extensions (CRYPTO_SHA256_*) on every hart the tree
 * enables and executing here without a trap: Zknh (Zkn or Zk include
 * it), tried with sha256sum0; Zbb, with roriw.
 */
unsigned int sm_hart_sha256_exts(void)
{
	static const char *const zknh[] = { "zknh", "zkn", "zk", NULL };
	static const char *const zbb[] = { "zbb", NULL };
	const void *fdt = fdt_get_address();
	unsigned int exts = 0;

	if (!fdt || this_cpu_node(fdt) < 0)
		return 0;
	if (all_harts_have(fdt, zknh) &&
	    INSN_WORKS(".insn i 0x13, 1, %[x], %[x], 0x100")) /* sha256sum0 */
		exts |= CRYPTO_SHA256_ZKNH;
	if (all_harts_have(fdt, zbb) &&
	    INSN_WORKS(".insn i 0x1b, 5, %[x], %[x], 0x601")) /* roriw x, x, 1 */
		exts |= CRYPTO_SHA256_ZBB;
	return exts;
}

static void probe_features(struct sm_hart *h, struct sbi_scratch *scratch)
{
	unsigned int i;

	h->f = 0;
	h->refuse = NULL;
	if (misa_extension('S'))
		h->f |= SM_F_SMODE;
	if (misa_extension('D') || misa_extension('F'))
		h->f |= SM_F_FPU;
	if (sbi_hart_priv_version(scratch) >= SBI_HART_PRIV_VER_1_12)
		h->f |= SM_F_ENVCFG;
	if (sbi_hart_has_extension(scratch, SBI_HART_EXT_SSTC))
		h->f |= SM_F_SSTC;
	if (sbi_hart_has_extension(scratch, SBI_HART_EXT_ZICNTR))
		h->f |= SM_F_ZICNTR;
	if (misa_extension('H'))
		h->f |= SM_F_H;
	if (sbi_hart_has_extension(scratch, SBI_HART_EXT_SMSTATEEN) &&
	    csr_present(CSR_SSTATEEN0))
		h->f |= SM_F_STATEEN;
	/* scontext/hcontext (Sdtrig) exist only on some harts: probe them. */
	if (csr_present(CSR_SCONTEXT))
		h->f |= SM_F_SCONTEXT;
	if ((h->f & SM_F_H) && csr_present(CSR_HCONTEXT))
		h->f |= SM_F_HCONTEXT;
	h->cbo_block = cboz_block(scratch);

	/* Vector state is not switched: an enclave could read the host's. */
	if (misa_extension('V'))
		h->refuse = "V (vector)";
	for (i = 0; i < ARRAY_SIZE(sm_unhandled) && !h->refuse; i++)
		if (sbi_hart_has_extension(scratch, sm_unhandled[i].ext))
			h->refuse = sm_unhandled[i].name;
}

/* cold: allocate every hart's state; always: probe this hart's features. */
int sm_hart_init(bool cold)
{
	struct sbi_scratch *scratch = sbi_scratch_thishart_ptr();
	struct sm_hart *h;
	u32 i;

	if (cold) {
		unsigned long off =
			sbi_scratch_alloc_offset(sizeof(struct sm_hart *));

		if (!off)
			return SM_E_NO_RESOURCE;
		for (i = 0; i <= sbi_scratch_last_hartindex(); i++) {
			struct sbi_scratch *s = sbi_hartindex_to_scratch(i);

			if (!s)
				continue;
			h = sbi_zalloc(sizeof(*h));
			if (!h)
				return SM_E_NO_RESOURCE;
			*(struct sm_hart **)sbi_scratch_offset_ptr(s, off) = h;
		}
		sm_hart_offset = off;
	}

	h = sm_hart_this();
	if (!h)
		return SM_E_NO_RESOURCE;
	sm_stack_paint(h);
	/* Features are known once OpenSBI has probed this hart. */
	probe_features(h, scratch);
	if ((h->f & SM_F_SMODE) && !(h->f & SM_F_SSTC))
		sm_timer_all_sstc = false;
	if (h->refuse && (h->f & SM_F_SMODE) && !h->refuse_said) {
		h->refuse_said = true;
		sbi_printf("sm: hart %u: enclaves REFUSED on this hart: the monitor does not switch %s state\n",
			   current_hartid(), h->refuse);
	}
	/* mtimecmp: unknown after a (warm) boot, until the monitor writes it */
	h->mtimecmp_known = false;
	h->min_slice = sbi_timer_get_device() ?
			       sbi_timer_get_device()->timer_freq / SM_MIN_SLICE_DIV : 0;
	h->host_mtvec = (h->f & SM_F_H) ? (ulong)sm_host_vector_hyp
					 : (ulong)sm_host_vector;
	h->enclave_mtvec = (h->f & SM_F_H) ? (ulong)sm_vector_hyp
					    : (ulong)sm_vector;
	/* A hart that (re)starts while the monitor is active: its vector. */
	if (!cold && sm_active)
		sm_hart_vector(h);
	h->host_tc = (struct sbi_trap_context *)((ulong)scratch -
						 SBI_TRAP_CONTEXT_SIZE);
	if (cold) {
		h->host_deadline = ~0ULL;
		h->enclave = NULL;
		h->enclave_tc = NULL;
	} else {
		sm_enclave_abandon(h);
	}
	__atomic_store_n(&h->start_finishing, false, __ATOMIC_SEQ_CST);
	return SM_OK;
}
