// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMIO exits: a guest load or store outside its RAM, with a valid
 * syndrome, goes to user space as struct hvx_run's mmio; the next run
 * completes it from what user space answered. Those at the vGIC's
 * frames or the console's UART are done in the kernel, at once.
 *
 * Only the syndrome EL2 reported is trusted: the access size, direction
 * and register come from the ESR saved at the exit, never from the run
 * structure, which user space may have changed. The data is in memory
 * order, as the bytes would be on the bus.
 */
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/swab.h>
#include <asm/esr.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

#include "console.h"
#include "vgic.h"
#include "vm.h"
#include "trace.h"

static unsigned int dabt_len(u64 esr)
{
	return 1U << FIELD_GET(ESR_ELx_SAS, esr);
}

static unsigned int dabt_rt(u64 esr)
{
	return FIELD_GET(ESR_ELx_SRT_MASK, esr);
}

/* Data accesses at the guest's current EL are big-endian. */
static bool guest_big_endian(const struct hvx_vcpu_state *s)
{
	u64 sctlr = s->sys[HVX_SYS_SCTLR_EL1];

	if ((s->pstate & PSR_MODE_MASK) == PSR_MODE_EL0t)
		return sctlr & SCTLR_EL1_E0E;
	return sctlr & SCTLR_ELx_EE;
}

/* A register value <-> the access's bytes as a little-endian number. */
static u64 swap_for_guest(const struct hvx_vcpu_state *s, u64 v,
			  unsigned int len)
{
	if (!guest_big_endian(s))
		return v;
	switch (len) {
	case 2:
		return swab16(v);
	case 4:
		return swab32(v);
	case 8:
		return swab64(v);
	default:
		return v;
	}
}

/* A store's data, as the bytes on the bus make a little-endian number. */
static u64 store_data(const struct hvx_vcpu_state *s, u64 esr)
{
	unsigned int rt = dabt_rt(esr);

	return rt == HVX_XZR ? 0 : swap_for_guest(s, s->x[rt], dabt_len(esr));
}

/* A load's data into its register, sign extended and sized as it says. */
static void load_data(struct hvx_vcpu_state *s, u64 esr, u64 data)
{
	unsigned int len = dabt_len(esr), rt = dabt_rt(esr);

	data = swap_for_guest(s, data, len);
	if ((esr & ESR_ELx_SSE) && len < 8)
		data = sign_extend64(data, 8 * len - 1);
	if (!(esr & ESR_ELx_SF))
		data = lower_32_bits(data);
	if (rt != HVX_XZR)
		s->x[rt] = data;
}

void hvx_vcpu_mmio_exit(struct hvx_vcpu *vcpu)
{
	const struct hvx_vcpu_state *s = vcpu->state;
	struct hvx_run *run = vcpu->run;
	u64 esr = s->esr, data = 0;
	unsigned int len = dabt_len(esr), i;
	bool write = esr & ESR_ELx_WNR;

	if (write)
		data = store_data(s, esr);
	memset(&run->mmio, 0, sizeof(run->mmio));
	run->mmio.phys_addr = s->gpa;
	run->mmio.len = len;
	run->mmio.is_write = write;
	for (i = 0; i < len; i++)
		run->mmio.data[i] = data >> (8 * i);
	run->exit_reason = HVX_EXIT_MMIO;

	vcpu->mmio_esr = esr;
	vcpu->mmio_pending = true;
	trace_hvx_mmio(vcpu->vm->handle, vcpu->id, s->gpa, len, write, data,
		       true);
}

/*
 * At the next run: a load gets user space's data in its register, sign
 * extended and sized as the instruction says, and the guest moves past the
 * access; or, if user space asked, the access aborts instead (EL2 injects a
 * synchronous external abort at it).
 */
void hvx_vcpu_mmio_complete(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_state *s = vcpu->state;
	const struct hvx_run *run = vcpu->run;
	u64 esr = vcpu->mmio_esr, data = 0;
	unsigned int len = dabt_len(esr), i;

	vcpu->mmio_pending = false;
	if (READ_ONCE(run->mmio.abort)) {
		s->entry_flags |= HVX_ENTRY_INJECT_SEA;
		trace_hvx_mmio_done(vcpu->vm->handle, vcpu->id,
				    esr & ESR_ELx_WNR, 0, true);
		return;
	}
	if (!(esr & ESR_ELx_WNR)) {
		for (i = 0; i < len; i++)
			data |= (u64)READ_ONCE(run->mmio.data[i]) << (8 * i);
		load_data(s, esr, data);
	}
	trace_hvx_mmio_done(vcpu->vm->handle, vcpu->id, esr & ESR_ELx_WNR,
			    data, false);
	s->pc += 4;
}

/*
 * The MMIO exit just taken, if a device of the kernel's own has the
 * address (the vGIC's frames): done at once, as user space's would be at
 * the next run. False, nothing done, if it is user space's.
 */
bool hvx_vcpu_mmio_in_kernel(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_state *s = vcpu->state;
	u64 esr = s->esr, data = 0;
	bool write = esr & ESR_ELx_WNR;

	if (write)
		data = store_data(s, esr);
	if (!hvx_vgic_mmio(vcpu, s->gpa, dabt_len(esr), write, &data) &&
	    !hvx_console_mmio(vcpu->vm, s->gpa, dabt_len(esr), write, &data))
		return false;
	if (!write)
		load_data(s, esr, data);
	trace_hvx_mmio(vcpu->vm->handle, vcpu->id, s->gpa, dabt_len(esr),
		       write, data, false);
	s->pc += 4;
	return true;
}
