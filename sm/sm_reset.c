// SPDX-License-Identifier: BSD-2-Clause
/*
 * Nothing of an enclave survives into a later boot.  Every system reset
 * goes through sbi_system_reset() (SRST, legacy shutdown), which
 * sm_hooks.c puts behind sm_reset_prepare(): stop the other harts, zero
 * every live EPM, wipe the monitor's keys, then let OpenSBI reset.
 *
 * The host could also reset the machine behind OpenSBI's back by writing
 * the reset device itself (QEMU virt's "sifive,test" syscon is S/U
 * read-write in OpenSBI's domain, and Linux's syscon-poweroff/-reboot
 * drivers do exactly that).  So the syscon behind "syscon-reboot" and
 * "syscon-poweroff" nodes is taken from S/U (an M-only PMP rule), and the
 * host's accesses to it are emulated here: a write of the reboot or
 * poweroff value becomes sbi_system_reset() with the matching type, any
 * other write is dropped, reads are done for it.
 */
#include <libfdt.h>
#include <sbi/riscv_asm.h>
#include <sbi/riscv_encoding.h>
#include <sbi/riscv_io.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_ecall_interface.h>
#include <sbi/sbi_hsm.h>
#include <sbi/sbi_ipi.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_system.h>
#include <sbi/sbi_timer.h>
#include <sbi/sbi_trap.h>
#include <sbi/sbi_unpriv.h>
#include <sbi_utils/fdt/fdt_helper.h>
#include "sm.h"
#include "sm_keys.h"

struct sm_reset_dev {
	struct sm_range reg; /* the syscon's registers */
	u32 offset, value, mask;
	u32 type; /* SBI_SRST_RESET_TYPE_* */
};

#define SM_RESET_DEVS 4
static struct sm_reset_dev sm_reset_devs[SM_RESET_DEVS];
static unsigned int sm_nreset_devs;

static int add_syscon(const void *fdt, int node, u32 type)
{
	const fdt32_t *p;
	struct sm_reset_dev *d;
	int len, syscon;
	u64 base, size;

	if (sm_nreset_devs >= SM_RESET_DEVS)
		return SM_E_NO_RESOURCE;
	p = fdt_getprop(fdt, node, "regmap", &len);
	if (!p || len < 4)
		return SM_E_ARG;
	syscon = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(*p));
	if (syscon < 0 || fdt_get_node_addr_size(fdt, syscon, 0, &base, &size) ||
	    !sm_range_valid(base, size))
		return SM_E_ARG;
	d = &sm_reset_devs[sm_nreset_devs];
	d->reg.base = base;
	d->reg.size = size;
	d->type = type;
	d->mask = 0xffffffff;
	p = fdt_getprop(fdt, node, "offset", &len);
	d->offset = (p && len >= 4) ? fdt32_to_cpu(*p) : 0;
	p = fdt_getprop(fdt, node, "value", &len);
	if (p && len >= 4) {
		d->value = fdt32_to_cpu(*p);
		p = fdt_getprop(fdt, node, "mask", &len);
		if (p && len >= 4)
			d->mask = fdt32_to_cpu(*p);
	} else {
		/* old binding: the value is in "mask" */
		p = fdt_getprop(fdt, node, "mask", &len);
		if (!p || len < 4)
			return SM_E_ARG;
		d->value = fdt32_to_cpu(*p);
	}
	sm_nreset_devs++;
	return SM_OK;
}

int sm_reset_init(const void *fdt)
{
	static const struct {
		const char *compatible;
		u32 type;
	} kinds[] = {
		{ "syscon-reboot", SBI_SRST_RESET_TYPE_COLD_REBOOT },
		{ "syscon-poweroff", SBI_SRST_RESET_TYPE_SHUTDOWN },
	};
	unsigned int i;
	int node, rc;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		node = -1;
		while ((node = fdt_node_offset_by_compatible(
				fdt, node, kinds[i].compatible)) >= 0) {
			if (!fdt_node_is_enabled(fdt, node))
				continue;
			rc = add_syscon(fdt, node, kinds[i].type);
			if (rc) {
				sbi_printf("sm: cannot take the reset device of %s from the OS (%d)\n",
					   kinds[i].compatible, rc);
				return rc;
			}
		}
	}
	return SM_OK;
}

bool sm_reset_device(unsigned int i, struct sm_range *reg)
{
	if (i >= sm_nreset_devs)
		return false;
	*reg = sm_reset_devs[i].reg;
	return true;
}

static void halt_other_harts(void)
{
	u32 me = current_hartindex(), i;
	u64 deadline;
	bool running;

	sbi_ipi_send_halt(0, -1UL);
	/* Bounded: a hart that never stops still finds its EPM zeroed. */
	deadline = sbi_timer_value() + sbi_timer_get_device()->timer_freq / 20;
	do {
		running = false;
		for (i = 0; i <= sbi_scratch_last_hartindex(); i++) {
			if (i == me || !sbi_hartindex_to_scratch(i))
				continue;
			if (__sbi_hsm_hart_get_state(i) != SBI_HSM_STATE_STOPPED)
				running = true;
		}
	} while (running && sbi_timer_value() < deadline);
}

/* The machine is about to reset: leave nothing for the next boot. */
void sm_reset_prepare(void)
{
	sm_enclave_freeze();
	halt_other_harts();
	sm_stack_report();
	sm_enclave_scrub_all();
	sm_keys_wipe();
}

/* --- the reset device, emulated for the host ------------------------ */

static struct sm_reset_dev *dev_at(ulong addr)
{
	unsigned int i;

	for (i = 0; i < sm_nreset_devs; i++)
		if (sm_range_contains(sm_reset_devs[i].reg.base,
				      sm_reset_devs[i].reg.size, addr, 1))
			return &sm_reset_devs[i];
	return NULL;
}

/* A decoded load or store: register, width in bytes, instruction length. */
struct ldst {
	unsigned int reg, width, len;
	bool sign;
};

static bool decode(ulong insn, bool store, struct ldst *d)
{
	ulong f3;

	if ((insn & 3) == 3) {
		f3 = (insn >> 12) & 7;
		d->len = 4;
		if (store && (insn & 0x7f) == 0x23 && f3 <= 3) {
			d->reg = (insn >> 20) & 31;
			d->width = 1U << f3;
			return true;
		}
		if (!store && (insn & 0x7f) == 0x03 && f3 != 7) {
			d->reg = (insn >> 7) & 31;
			d->width = 1U << (f3 & 3);
			d->sign = f3 < 4 && f3 != 3;
			return true;
		}
		return false;
	}
	/* compressed: c.lw c.ld c.sw c.sd and their sp-relative forms */
	f3 = (insn >> 13) & 7;
	d->len = 2;
	d->sign = f3 == 2 || f3 == 6;
	if ((f3 & 3) != 2 && (f3 & 3) != 3)
		return false;
	if ((f3 >= 6) != store)
		return false;
	d->width = (f3 & 1) ? 8 : 4;
	if ((insn & 3) == 0)
		d->reg = ((insn >> 2) & 7) + 8;
	else if ((insn & 3) == 2)
		d->reg = store ? (insn >> 2) & 31 : (insn >> 7) & 31;
	else
		return false;
	return true;
}

static ulong mmio_read(ulong addr, unsigned int width)
{
	switch (width) {
	case 1:
		return readb((void *)addr);
	case 2:
		return readw((void *)addr);
	case 4:
		return readl((void *)addr);
	default:
		return readq((void *)addr);
	}
}

/*
 * A load or store access fault.  Returns true if it was the host's access
 * to a reset device and has been dealt with; false: OpenSBI's usual path.
 */
bool sm_reset_access_fault(struct sbi_trap_context *tcntx, bool store)
{
	struct sbi_trap_regs *regs = &tcntx->regs;
	ulong *gpr = (ulong *)regs, insn, v;
	u64 addr;
	struct sbi_trap_info uptrap;
	struct sm_reset_dev *d;
	struct sm_hart *h;
	struct ldst op = { 0 };

	if (sbi_mstatus_prev_mode(regs->mstatus) == PRV_M)
		return false;
	h = sm_hart_this();
	if (!h || h->enclave || sbi_regs_from_virt(regs) ||
	    !sm_host_translate(tcntx->trap.tval, &addr) || !(d = dev_at(addr)))
		return false;
	insn = sbi_get_insn(regs->mepc, &uptrap);
	if (uptrap.cause || !decode(insn, store, &op) || (addr & (op.width - 1)))
		return false;

	if (store) {
		v = gpr[op.reg];
		if (addr - d->reg.base == d->offset &&
		    ((v ^ d->value) & d->mask) == 0)
			sbi_system_reset(d->type, SBI_SRST_RESET_REASON_NONE);
		/* any other write would reach the device unchecked: dropped */
	} else {
		v = mmio_read(addr, op.width);
		if (op.sign && op.width < 8)
			v = (ulong)((long)(v << (64 - 8 * op.width)) >>
				    (64 - 8 * op.width));
		if (op.reg)
			gpr[op.reg] = v;
	}
	regs->mepc += op.len;
	return true;
}
