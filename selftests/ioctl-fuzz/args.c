// SPDX-License-Identifier: GPL-2.0
/*
 * Arguments for the fuzzed ioctls: command numbers hvx knows and ones it
 * must not, and for each known command a struct that is valid for its
 * target, mutated now and then, at a good or a bad pointer, with what the
 * call must then do.
 */
#include "fuzz.h"

/* SPSR bits a guest may have (host/vcpu.c's HVX_PSTATE_BITS), and modes. */
#define PSTATE_OK_BITS	(0xf0000000ULL | 0x01000000 | 0x00800000 | \
			 0x00400000 | 0x00200000 | 0x00100000 | 0x1000 | \
			 0xc00 | 0x3c0 | 0xf)

/*
 * An AArch32 User mode state (a guest interrupted at EL0 in AArch32) and
 * its bits (HVX_GUEST_PSTATE32 and IL): valid on CPUs with AArch32 at
 * EL0, as the test VM's (-cpu max) has.
 */
#define PSTATE32_OK_BITS (0xf0000000ULL | 0x08000000 | 0x0600fc00 | \
			  0x000f0000 | 0x01000000 | 0x00800000 | \
			  0x00400000 | 0x00200000 | 0x00100000 | 0x3e0 | 0x1f)
#define PSR_MODE32_USR	0x10

static bool pstate_ok(uint64_t p)
{
	uint64_t mode = p & 0x1f;

	if (p & PSR_MODE32)
		return !(p & ~PSTATE32_OK_BITS) && mode == PSR_MODE32_USR;
	return !(p & ~PSTATE_OK_BITS) &&
	       (mode == PSR_MODE_EL0t || mode == PSR_MODE_EL1t ||
		mode == PSR_MODE_EL1h);
}

/* Zero all reserved and pad fields, or put one bad value in some. */
static bool fz_reserved(struct rnd *r, void *field, size_t len)
{
	memset(field, 0, len);
	if (!rnd_one_in(r, 12))
		return false;
	((uint8_t *)field)[rnd_below(r, len)] = 1 + rnd_below(r, 255);
	return true;
}

/*
 * A VM name into @name (HVX_VM_NAME_MAX bytes): mostly one of "fz0" to
 * "fz3", else a bad one (true: must fail).
 */
static bool fuzz_name(struct rnd *r, char *name)
{
	static const char *const bad[] = { "9fz", "fz 0", "fz/0", "", "fz\n" };

	memset(name, 0, HVX_VM_NAME_MAX);
	if (!rnd_one_in(r, 8)) {
		snprintf(name, HVX_VM_NAME_MAX, "fz%u", (unsigned int)rnd_below(r, 4));
		return false;
	}
	switch (rnd_below(r, 3)) {
	case 0:		/* no NUL */
		memset(name, 'f', HVX_VM_NAME_MAX);
		break;
	case 1:		/* garbage after the NUL */
		strcpy(name, "fz0");
		name[4 + rnd_below(r, HVX_VM_NAME_MAX - 4)] = 1 + rnd_below(r, 255);
		break;
	default:
		strcpy(name, bad[rnd_below(r, ARRAY_SIZE(bad))]);
		break;
	}
	return true;
}

/* Registers a vCPU starts a guest with: mostly sane, sometimes not. */
void regs_for_guest(struct rnd *r, struct hvx_regs *regs, bool wild)
{
	static const uint64_t modes[] = { PSR_EL1h_MASKED, PSR_MODE_EL1h,
					  PSR_MODE_EL1t | PSR_DAIF,
					  PSR_MODE_EL0t, PSR_MODE_EL0t | PSR_DAIF };
	unsigned int i;

	memset(regs, 0, sizeof(*regs));
	regs->pc = RAM_BASE;
	regs->pstate = PSR_EL1h_MASKED;
	regs->sctlr_el1 = RESET_SCTLR;
	if (!wild)
		return;
	for (i = 0; i < 31; i++)
		regs->x[i] = rnd_one_in(r, 2) ? fz_u64(r) : 0;
	regs->pstate = modes[rnd_below(r, 5)];
	if (rnd_one_in(r, 4))
		regs->pc = fz_u64(r);
	regs->sp = fz_u64(r);
	regs->sp_el1 = fz_u64(r);
	regs->vbar_el1 = rnd_one_in(r, 2) ? RAM_BASE + 0x800 : fz_u64(r);
	if (rnd_one_in(r, 4)) {
		/* MMU, endianness, alignment checks, whatever is set */
		regs->sctlr_el1 = rnd_u64(r);
		regs->tcr_el1 = rnd_u64(r);
		regs->ttbr0_el1 = fz_u64(r);
		regs->ttbr1_el1 = fz_u64(r);
		regs->mair_el1 = rnd_u64(r);
	}
	if (rnd_one_in(r, 3)) {
		regs->cpacr_el1 = rnd_u64(r);
		regs->mdscr_el1 = rnd_u64(r);
		regs->cntkctl_el1 = rnd_u64(r);
		regs->cntv_ctl_el0 = rnd_below(r, 8);
		/*
		 * Not at or above 2^63: QEMU 7.2 (the test VM) hangs when
		 * the compare value plus the VM's CNTVOFF_EL2 wraps
		 * (lib/guest_fuzz/gen.h).
		 */
		regs->cntv_cval_el0 = fz_u64(r) & ~(1ULL << 63);
		regs->tpidr_el0 = rnd_u64(r);
		regs->tpidr_el1 = rnd_u64(r);
		regs->spsr_el1 = rnd_u64(r);
		regs->elr_el1 = fz_u64(r);
		regs->csselr_el1 = rnd_below(r, 16);
	}
	if (rnd_one_in(r, 3)) {
		/* the emulated physical timer: enabled, masked, any deadline */
		regs->cntp_ctl_el0 = rnd_one_in(r, 4) ? rnd_u64(r) :
				     rnd_below(r, 8);
		regs->cntp_cval_el0 = rnd_one_in(r, 3) ? rnd_below(r, 1 << 20) :
				      fz_u64(r);
	}
}

/* HVX_VM_STOP as it reads the bytes at @arg: a valid handle no VM has. */
static void stop_expect(uint64_t arg, struct expect *ex)
{
	const struct hvx_vm_stop *p = (const void *)(uintptr_t)arg;
	static const char zero[HVX_VM_NAME_MAX];

	if (!p->flags && p->handle >= 0xfff00000U &&
	    !memcmp(p->name, zero, sizeof(zero)) &&
	    !nonzero(p->reserved, sizeof(p->reserved))) {
		memset(ex, 0, sizeof(*ex));
		ex->only_errno = ENOENT;
		ex->why = "a handle no VM has";
	}
}

/*
 * The argument for a known command: a struct valid for @t (a VM's RAM,
 * the boot DT), mutated now and then, at a pointer that is good or not.
 * Fills @ex with what the call must do.
 */
uint64_t gen_arg(struct worker *w, int slot, const struct target *t,
		 struct expect *ex)
{
	struct rnd *r = &w->r;
	union {
		struct hvx_version v;
		struct hvx_status s;
		struct hvx_acpi_gen a;
		struct hvx_vm_create vc;
		struct hvx_vm_memory mem;
		struct hvx_vm_write wr;
		struct hvx_vcpu_create cc;
		struct hvx_regs regs;
		struct hvx_vm_gic gic;
		struct hvx_irq_line irq;
		struct hvx_vm_console con;
		struct hvx_vm_name name;
		struct hvx_vm_stop stop;
		struct hvx_vm_clock clk;
		struct hvx_vm_vmware vmw;
		struct hvx_partition_create pc;
		struct hvx_partition_ref pr;
		uint8_t b[FZ_PAGE];
	} *u = (void *)fz_page(&w->m, FZ_SRC);
	uint8_t *data = fz_page(&w->m, FZ_DATA);
	enum fz_access acc;
	uint64_t ptr, end;
	bool bad = false;
	size_t len = cmds[slot].size;

	memset(ex, 0, sizeof(*ex));
	memset(u, 0, sizeof(*u));
	switch (slot) {
	case C_MMAP_SIZE:
	case C_RUN:
		if (rnd_one_in(r, 6)) {
			ex->only_errno = EINVAL;
			ex->why = "argument not 0";
			return fz_u64(r) | 1;
		}
		ex->positive_ok = slot == C_MMAP_SIZE;
		return 0;
	case C_VERSION:
		bad |= fz_reserved(r, &u->v.flags, sizeof(u->v.flags));
		bad |= fz_reserved(r, u->v.reserved, sizeof(u->v.reserved));
		break;
	case C_STATUS:
		bad |= fz_reserved(r, &u->s.flags, sizeof(u->s.flags));
		bad |= fz_reserved(r, u->s.reserved, sizeof(u->s.reserved));
		/* mostly too few entries: -E2BIG, without an IPI to each CPU */
		u->s.nr_cpus = rnd_below(r, 4) ? rnd_below(r, 2) : fz_maybe(r, 64, 3);
		u->s.cpus = fz_ptr(r, &w->m, NULL, (uint64_t)u->s.nr_cpus *
				   sizeof(struct hvx_cpu_status), 2, &acc);
		break;
	case C_ACPI:
		bad |= fz_reserved(r, &u->a.flags, sizeof(u->a.flags));
		bad |= fz_reserved(r, u->a.reserved, sizeof(u->a.reserved));
		/* generating tables costs tens of ms: most fail the checks */
		if (rnd_below(r, 4)) {
			u->a.flags = 1 + rnd_below(r, 0xffff);
			bad = true;
		}
		if (t->fdt && !rnd_one_in(r, 8)) {
			/* the boot DT, a few bytes changed */
			uint32_t n = t->fdt_size < 4 * FZ_PAGE ? t->fdt_size :
				     4 * FZ_PAGE;
			unsigned int k, flips = rnd_below(r, 4);

			memcpy(data, t->fdt, n);
			for (k = 0; k < flips; k++)
				data[rnd_below(r, n)] = rnd_u64(r);
			u->a.dtb = (uintptr_t)data;
			u->a.dtb_size = rnd_below(r, 4) ? n : fz_u64(r);
		} else {
			u->a.dtb_size = fz_u64(r);
			u->a.dtb = fz_ptr(r, &w->m, NULL, u->a.dtb_size, 3, &acc);
		}
		if (rnd_one_in(r, 4)) {
			static const char *const maps[] = {
				"arm,pl011 = ARMH0011\n", "x = -\n",
				"bad line\n", "a,b = VNDR0042 PNP0501 ARMH0011\n",
			};
			const char *s = maps[rnd_below(r, 4)];

			u->a.map = (uintptr_t)s;
			u->a.map_size = rnd_below(r, 4) ? strlen(s) : fz_u64(r);
		}
		u->a.buf_size = rnd_below(r, 3) ? 4 * FZ_PAGE : fz_u64(r);
		u->a.buf = fz_ptr(r, &w->m, NULL, u->a.buf_size, 4, &acc);
		if (rnd_one_in(r, 3))
			rnd_bytes(r, u->a.oem_id, rnd_below(r, 9));
		if (u->a.dtb_size == 0 || u->a.dtb_size > HVX_ACPI_DTB_MAX ||
		    u->a.map_size > HVX_ACPI_MAP_MAX ||
		    (!u->a.map && u->a.map_size) || u->a.oem_id[6] ||
		    u->a.oem_id[7])
			bad = true;
		break;
	case C_CREATE_VM:
		bad |= fz_reserved(r, &u->vc.flags, sizeof(u->vc.flags));
		bad |= fz_reserved(r, &u->vc.pad, sizeof(u->vc.pad));
		bad |= fz_reserved(r, u->vc.reserved, sizeof(u->vc.reserved));
		ex->positive_ok = true;
		break;
	case C_ADD_MEM:
		bad |= fz_reserved(r, &u->mem.flags, sizeof(u->mem.flags));
		bad |= fz_reserved(r, &u->mem.pad, sizeof(u->mem.pad));
		bad |= fz_reserved(r, u->mem.reserved, sizeof(u->mem.reserved));
		/* A fresh slot, 1 GiB apart from the others; small. */
		u->mem.guest_phys_addr = fz_maybe(r, (1 + rnd_below(r, 64)) << 30, 3);
		u->mem.size = fz_maybe(r, (1 + rnd_below(r, 16)) * FZ_PAGE, 3);
		end = u->mem.guest_phys_addr + u->mem.size;
		/*
		 * A big region that fits the IPA space is allocated until the
		 * worker's memory cgroup says no: a test of that path, but
		 * slow (and every worker would live at its limit). Rarely,
		 * and then far over the limit; else small.
		 */
		if (t->vm && t->vm->has_gic && rnd_one_in(r, 8))
			/* on, next to or over the vGIC's frames */
			u->mem.guest_phys_addr = (rnd_one_in(r, 2) ?
				t->vm->dist_base : t->vm->redist_base) +
				((int64_t)rnd_below(r, 5) - 2) * 0x10000;
		if (u->mem.size > (4ULL << 20) && end > u->mem.guest_phys_addr &&
		    end <= (1ULL << HVX_GUEST_IPA_BITS) && !(u->mem.size % FZ_PAGE))
			u->mem.size = rnd_one_in(r, 4096) ? 1ULL << 30 : FZ_PAGE;
		end = u->mem.guest_phys_addr + u->mem.size;
		if (!u->mem.size || u->mem.size % FZ_PAGE ||
		    u->mem.guest_phys_addr % FZ_PAGE ||
		    end < u->mem.guest_phys_addr ||
		    end > (1ULL << HVX_GUEST_IPA_BITS) ||
		    (t->vm && (gic_overlaps(t->vm, u->mem.guest_phys_addr,
					    u->mem.size) ||
				uart_overlaps(t->vm, u->mem.guest_phys_addr,
					      u->mem.size))))
			bad = true;
		break;
	case C_WRITE_MEM:
		bad |= fz_reserved(r, &u->wr.flags, sizeof(u->wr.flags));
		bad |= fz_reserved(r, &u->wr.pad, sizeof(u->wr.pad));
		bad |= fz_reserved(r, u->wr.reserved, sizeof(u->wr.reserved));
		u->wr.guest_phys_addr = t->ram_size ?
			t->ram_base + rnd_below(r, t->ram_size) : RAM_BASE;
		u->wr.guest_phys_addr = fz_maybe(r, u->wr.guest_phys_addr, 4);
		u->wr.size = fz_maybe(r, 1 + rnd_below(r, 2 * FZ_PAGE), 4);
		rnd_bytes(r, data, 64);
		u->wr.data = (uintptr_t)data;
		if (u->wr.size > 4 * FZ_PAGE || rnd_one_in(r, 4))
			u->wr.data = fz_ptr(r, &w->m, NULL, u->wr.size, 2, &acc);
		if (u->wr.guest_phys_addr + u->wr.size < u->wr.guest_phys_addr)
			bad = true;
		break;
	case C_CREATE_VCPU:
		bad |= fz_reserved(r, u->cc.reserved, sizeof(u->cc.reserved));
		u->cc.id = fz_maybe(r, rnd_below(r, 8), 4);
		u->cc.flags = rnd_one_in(r, 4) ? HVX_VCPU_POWER_OFF : 0;
		if (rnd_one_in(r, 12))
			u->cc.flags = fz_u64(r);
		if (u->cc.id >= HVX_MAX_VCPUS || u->cc.flags & ~HVX_VCPU_POWER_OFF)
			bad = true;
		ex->positive_ok = true;
		break;
	case C_GET_REGS:
		bad |= fz_reserved(r, &u->regs.flags, sizeof(u->regs.flags));
		bad |= fz_reserved(r, &u->regs.pad, sizeof(u->regs.pad));
		bad |= fz_reserved(r, u->regs.reserved, sizeof(u->regs.reserved));
		break;
	case C_SET_REGS:
		regs_for_guest(r, &u->regs, rnd_below(r, 2));
		if (rnd_one_in(r, 6))
			u->regs.pstate = fz_u64(r);
		bad |= fz_reserved(r, &u->regs.flags, sizeof(u->regs.flags));
		bad |= fz_reserved(r, &u->regs.pad, sizeof(u->regs.pad));
		bad |= fz_reserved(r, u->regs.reserved, sizeof(u->regs.reserved));
		bad |= !pstate_ok(u->regs.pstate);
		break;
	case C_CREATE_GIC:
		gic_gen(r, &u->gic, t);
		fz_reserved(r, &u->gic.flags, sizeof(u->gic.flags));
		fz_reserved(r, u->gic.reserved, sizeof(u->gic.reserved));
		break;
	case C_IRQ_LINE:
		irq_line_gen(r, &u->irq, t->vm);
		fz_reserved(r, &u->irq.flags, sizeof(u->irq.flags));
		fz_reserved(r, &u->irq.pad, sizeof(u->irq.pad));
		fz_reserved(r, u->irq.reserved, sizeof(u->irq.reserved));
		break;
	case C_CREATE_CONSOLE:
		/*
		 * Mostly the UART where hvxctl puts it; the result (a new
		 * console, EEXIST, EBUSY, an overlap) depends on the VM.
		 */
		u->con.flags = rnd_one_in(r, 3) ? 0 : HVX_CONSOLE_UART;
		if (rnd_one_in(r, 12))
			u->con.flags = (uint32_t)fz_u64(r);
		u->con.uart_base = u->con.flags & HVX_CONSOLE_UART ?
			fz_maybe(r, GUEST_UART_BASE, 4) : 0;
		u->con.uart_spi = u->con.flags & HVX_CONSOLE_UART ?
			fz_maybe(r, 33, 4) : 0;
		if (rnd_one_in(r, 16))
			u->con.uart_base = fz_u64(r);
		bad |= fz_reserved(r, u->con.reserved, sizeof(u->con.reserved));
		if ((u->con.flags & ~HVX_CONSOLE_UART) ||
		    (!(u->con.flags & HVX_CONSOLE_UART) &&
		     (u->con.uart_base || u->con.uart_spi)))
			bad = true;
		break;
	case C_SET_NAME:
		/* Names of the chaos VMs only: 0 or EEXIST when valid. */
		bad = fuzz_name(r, u->name.name);
		bad |= fz_reserved(r, &u->name.flags, sizeof(u->name.flags));
		bad |= fz_reserved(r, &u->name.pad, sizeof(u->name.pad));
		bad |= fz_reserved(r, u->name.reserved, sizeof(u->name.reserved));
		break;
	case C_STOP:
		/*
		 * By one of those names, or by a handle no VM has (the
		 * other workers' VMs must run on): 0, ENOENT or EINVAL.
		 */
		if (rnd_one_in(r, 4)) {
			u->stop.handle = 0xfff00000U | rnd_below(r, 1U << 20);
			if (rnd_one_in(r, 8))	/* a handle and a name */
				bad = snprintf(u->stop.name, 4, "fz0");
		} else {
			bad = fuzz_name(r, u->stop.name);
			if (rnd_one_in(r, 16))
				memset(u->stop.name, 0, sizeof(u->stop.name));
			bad |= !u->stop.name[0];
		}
		bad |= fz_reserved(r, &u->stop.flags, sizeof(u->stop.flags));
		bad |= fz_reserved(r, u->stop.reserved, sizeof(u->stop.reserved));
		break;
	case C_SET_CLOCK:
		/* in range, at an end or past it; the out fields are ignored */
		u->clk.flags = rnd_one_in(r, 4) ? HVX_CLOCK_OFFSET : 0;
		u->clk.shift = rnd_one_in(r, 8) ? (uint32_t)fz_u64(r) : 0;
		u->clk.freq = fz_maybe(r, HVX_CLOCK_FREQ_MIN +
				       rnd_below(r, HVX_CLOCK_FREQ_MAX), 4);
		u->clk.offset = rnd_one_in(r, 2) ? 0 : fz_u64(r);
		if (rnd_one_in(r, 12))
			u->clk.flags |= (uint32_t)fz_u64(r);
		bad |= fz_reserved(r, u->clk.reserved, sizeof(u->clk.reserved));
		bad |= (u->clk.flags & ~HVX_CLOCK_OFFSET) ||
		       u->clk.freq < HVX_CLOCK_FREQ_MIN ||
		       u->clk.freq > HVX_CLOCK_FREQ_MAX;
		break;
	case C_GET_CLOCK:
		bad |= fz_reserved(r, &u->clk.flags, sizeof(u->clk.flags));
		bad |= fz_reserved(r, u->clk.reserved, sizeof(u->clk.reserved));
		break;
	case C_SET_VMWARE:
		u->vmw.flags = rnd_one_in(r, 2) ? HVX_VMWARE_OFF : 0;
		if (rnd_one_in(r, 12))
			u->vmw.flags |= (uint32_t)fz_u64(r);
		bad |= u->vmw.flags & ~HVX_VMWARE_OFF;
		bad |= fz_reserved(r, &u->vmw.pad, sizeof(u->vmw.pad));
		bad |= fz_reserved(r, u->vmw.reserved, sizeof(u->vmw.reserved));
		break;
	case C_PART_CREATE:
		/*
		 * Never a valid partition (the fuzzer must not leave any):
		 * always no VMs allowed, with the rest mostly valid.
		 */
		fuzz_name(r, u->pc.name);
		u->pc.max_vcpus = fz_maybe(r, 4, 4);
		u->pc.mem_bytes = fz_maybe(r, 1ULL << 24, 4);
		u->pc.cpus[0] = fz_maybe(r, 1, 4);
		fz_reserved(r, &u->pc.flags, sizeof(u->pc.flags));
		fz_reserved(r, u->pc.reserved, sizeof(u->pc.reserved));
		bad = true;
		break;
	case C_PART_DESTROY:
	case C_PART_BIND:
		/* no such partition; and the fuzzer is no PID namespace's init */
		snprintf(u->pr.name, sizeof(u->pr.name), "fz-none-%u",
			 (unsigned int)rnd_below(r, 4));
		if (rnd_one_in(r, 8))
			u->pr.flags = (uint32_t)fz_u64(r);
		fz_reserved(r, &u->pr.pad, sizeof(u->pr.pad));
		fz_reserved(r, u->pr.reserved, sizeof(u->pr.reserved));
		bad = true;
		break;
	default:
		break;
	}
	if (rnd_one_in(r, 40)) {	/* all random bytes: claim nothing */
		rnd_bytes(r, u, len);
		bad = false;
		if (slot == C_SET_REGS)	/* as regs_for_guest() */
			u->regs.cntv_cval_el0 &= ~(1ULL << 63);
		if (slot == C_PART_CREATE)	/* still no partition */
			u->pc.max_vms = 0;
	}
	ptr = fz_ptr(r, &w->m, u, len, 2, &acc);
	if (acc == FZ_RO) {
		/* read-only zeros or ones: not what was built, claim nothing */
	} else if (acc == FZ_BAD) {
		ex->only_errno = EFAULT;
		ex->why = "unreadable argument";
	} else if (bad) {
		ex->must_fail = true;
		ex->why = "invalid field";
	}
	/* The vGIC's ioctls: the exact result, from the bytes at ptr. */
	if (slot == C_CREATE_GIC)
		gic_create_expect(t->vm, ptr, ex);
	else if (slot == C_IRQ_LINE)
		irq_line_expect(t->vm, ptr, ex);
	else if (slot == C_STOP && acc != FZ_BAD)
		stop_expect(ptr, ex);
	return ptr;
}

/*
 * How often each command is drawn: the calls that do real work when they
 * succeed (IPIs to every CPU, a VM, a run, an ACPI generation) cost
 * milliseconds in the test VM, the others microseconds; these weights
 * keep the run near a million calls in a minute or two and still reach
 * every success path thousands of times.
 */
static const unsigned int slot_weight[NR_CMDS] = {
	[C_VERSION] = 40, [C_STATUS] = 2, [C_ACPI] = 1, [C_CREATE_VM] = 1,
	[C_MMAP_SIZE] = 30, [C_ADD_MEM] = 40, [C_WRITE_MEM] = 40,
	[C_CREATE_VCPU] = 12, [C_RUN] = 4, [C_GET_REGS] = 40,
	[C_SET_REGS] = 40, [C_CREATE_GIC] = 20, [C_IRQ_LINE] = 40,
	[C_CREATE_CONSOLE] = 10, [C_SET_NAME] = 10, [C_STOP] = 10,
	[C_SET_CLOCK] = 10, [C_GET_CLOCK] = 20, [C_SET_VMWARE] = 10,
	[C_PART_CREATE] = 4, [C_PART_DESTROY] = 4, [C_PART_BIND] = 4,
};

static int pick_slot(struct rnd *r)
{
	unsigned int i, total = 0, x;

	for (i = 0; i < NR_CMDS; i++)
		total += slot_weight[i];
	x = rnd_below(r, total);
	for (i = 0; x >= slot_weight[i]; i++)
		x -= slot_weight[i];
	return i;
}

/* A command number: mostly a known one, sometimes one hvx must not know. */
unsigned long gen_cmd(struct rnd *r, int *slot)
{
	unsigned long c;
	unsigned int i;

	if (rnd_below(r, 8)) {
		*slot = pick_slot(r);
		return cmds[*slot].cmd;
	}
	switch (rnd_below(r, 4)) {
	case 0:		/* a known one with another size or direction */
		c = cmds[rnd_below(r, NR_CMDS)].cmd;
		c = _IOC(rnd_below(r, 4), _IOC_TYPE(c), _IOC_NR(c),
			 rnd_below(r, 1024));
		break;
	case 1:		/* hvx's type, any number */
		c = _IOC(rnd_below(r, 4), HVX_IOCTL_TYPE, rnd_below(r, 256),
			 rnd_below(r, 600));
		break;
	case 2:		/* KVM's: 0xAE */
		c = _IOC(rnd_below(r, 4), 0xae, rnd_below(r, 256),
			 rnd_below(r, 600));
		break;
	default:
		c = (uint32_t)rnd_u64(r);
		break;
	}
	*slot = C_OTHER;
	for (i = 0; i < NR_CMDS; i++)
		if (cmds[i].cmd == c)
			*slot = i;
	return c;
}

/* For a command hvx does not know: scratch memory or a bad pointer. */
uint64_t gen_other_arg(struct worker *w, struct expect *ex)
{
	enum fz_access acc;

	memset(ex, 0, sizeof(*ex));
	return fz_ptr(&w->r, &w->m, NULL, 64, 2, &acc);
}
