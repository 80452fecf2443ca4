// SPDX-License-Identifier: GPL-2.0-only
/*
 * A VM's clock: the count its guest's physical counter and timer run on
 * (HVX_VM_SET_CLOCK, HVX_VM_GET_CLOCK; the formula in hvx-clock.h).
 *
 * EL2 answers the guest's accesses in its copy of the terms
 * (hyp/clock.c); this copy is the host's, for the emulated timer's
 * deadlines (vtimer.c) and for user space. Both change in one critical
 * section of the seqlock, EL2's first: EL2 picks the re-base point (the
 * host count at its change) and returns it.
 *
 * mult and shift: mult = freq * 2^shift / host_freq, with the largest
 * shift (at most 63) that keeps mult below 2^63, so mult keeps at least
 * 30 significant bits for any freq of the ABI (the rate is exact to
 * 1 part in 2^30 or better). Deadlines go back to the host's count
 * rounding up, then to nanoseconds rounding up: never early.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/arch_timer.h>

#include "hvx-clock.h"
#include "hvx.h"
#include "vm.h"

/* A deadline further than this (68 years) never comes. */
#define CLOCK_NEVER_S		BIT_ULL(31)

void hvx_vm_clock_init(struct hvx_vm *vm)
{
	struct hvx_vm_clock_terms *t = &vm->clock;

	seqlock_init(&vm->clock_lock);
	t->freq = arch_timer_get_cntfrq();
	t->mult = 1;
	t->shift = 0;
	t->offset = vm->cntvoff;
	t->base = 0;
}

static u64 host_count(void)
{
	return __arch_counter_get_cntpct();
}

/* The terms and a host count, read together. */
static void clock_read(struct hvx_vm *vm, struct hvx_vm_clock_terms *t,
		       u64 *host)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&vm->clock_lock);
		*t = vm->clock;
		*host = host_count();
	} while (read_seqretry(&vm->clock_lock, seq));
}

static u64 clock_scale(const struct hvx_vm_clock_terms *t, u64 host)
{
	return hvx_clock_scale(host, t->offset, t->base, t->mult, t->shift);
}

u64 hvx_vm_clock_count(struct hvx_vm *vm)
{
	struct hvx_vm_clock_terms t;
	u64 host;

	clock_read(vm, &t, &host);
	return clock_scale(&t, host);
}

/*
 * The fewest host ticks past @t's offset at which the guest's count
 * reaches base + @y: ceil(y * 2^shift / mult). False if that is past
 * 2^64.
 */
static bool host_ticks_for(const struct hvx_vm_clock_terms *t, u64 y,
			   u64 *d)
{
	unsigned __int128 want = (unsigned __int128)y << t->shift;

	if (t->shift && (y >> (64 - t->shift)) >= t->mult)
		return false;
	*d = mul_u64_u64_div_u64(y, 1ULL << t->shift, t->mult);
	if ((unsigned __int128)*d * t->mult < want) {
		if (*d == U64_MAX)
			return false;
		(*d)++;
	}
	return true;
}

u64 hvx_vm_clock_ns_until(struct hvx_vm *vm, u64 cval)
{
	struct hvx_vm_clock_terms t;
	u64 host, since, d, ticks;
	u32 host_freq = arch_timer_get_cntfrq();

	clock_read(vm, &t, &host);
	if (cval <= clock_scale(&t, host))
		return 0;
	since = host - t.offset;
	/* Past 2^64 (or the terms wrapped): no deadline to wait for. */
	if (!host_ticks_for(&t, cval - t.base, &d) || d <= since || !host_freq)
		return U64_MAX;
	ticks = d - since;
	if (ticks / host_freq >= CLOCK_NEVER_S)
		return U64_MAX;
	return mul_u64_u64_div_u64(ticks, NSEC_PER_SEC, host_freq) + 1;
}

/* The largest shift that keeps mult below 2^63 (see the top). */
static void clock_mult_shift(u64 freq, u64 host_freq, u64 *mult, u32 *shift)
{
	int s = 62 - fls64(freq) + fls64(host_freq);

	*shift = min(s, HVX_CLOCK_SHIFT_MAX);
	*mult = mul_u64_u64_div_u64(freq, 1ULL << *shift, host_freq);
}

static void clock_fill(struct hvx_vm *vm, struct hvx_vm_clock *c)
{
	struct hvx_vm_clock_terms t;
	u64 host;

	clock_read(vm, &t, &host);
	memset(c, 0, sizeof(*c));
	c->flags = READ_ONCE(vm->clock_scaled) ? HVX_CLOCK_SCALED : 0;
	c->shift = t.shift;
	c->freq = t.freq;
	c->offset = t.offset;
	c->base = t.base;
	c->mult = t.mult;
	c->host_freq = arch_timer_get_cntfrq();
	c->guest_count = clock_scale(&t, host);
	c->host_count = host;
}

static int clock_set(struct hvx_vm *vm, u64 freq, bool start, u64 offset)
{
	u64 host_freq = arch_timer_get_cntfrq(), mult;
	struct hvx_hc_res res;
	u32 shift;
	int ret;

	if (!host_freq)
		return -ENODEV;
	clock_mult_shift(freq, host_freq, &mult, &shift);
	/* vm->lock: 'started' holds still while a start offset is set. */
	mutex_lock(&vm->lock);
	if (start && vm->started) {
		mutex_unlock(&vm->lock);
		return -EBUSY;
	}
	write_seqlock(&vm->clock_lock);
	ret = hvx_hyp_call6(HVX_HC_VM_SET_CLOCK, vm->handle, freq, mult, shift,
			    start ? HVX_HC_CLOCK_START : 0, offset, &res);
	if (!ret) {
		vm->clock.freq = freq;
		vm->clock.mult = mult;
		vm->clock.shift = shift;
		vm->clock.base = res.a1;
		vm->clock.offset = res.a2;
		WRITE_ONCE(vm->clock_scaled, true);
	}
	write_sequnlock(&vm->clock_lock);
	mutex_unlock(&vm->lock);
	if (ret)
		return ret;
	/* Their timers' deadlines move: each vCPU re-arms its own. */
	hvx_vm_kick_all(vm);
	return 0;
}

long hvx_vm_set_clock(struct hvx_vm *vm, void __user *arg)
{
	struct hvx_vm_clock c;
	int ret;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	if (c.flags & ~HVX_CLOCK_OFFSET ||
	    memchr_inv(c.reserved, 0, sizeof(c.reserved)) ||
	    c.freq < HVX_CLOCK_FREQ_MIN || c.freq > HVX_CLOCK_FREQ_MAX)
		return -EINVAL;
	ret = clock_set(vm, c.freq, c.flags & HVX_CLOCK_OFFSET, c.offset);
	if (ret)
		return ret;
	clock_fill(vm, &c);
	return copy_to_user(arg, &c, sizeof(c)) ? -EFAULT : 0;
}

long hvx_vm_get_clock(struct hvx_vm *vm, void __user *arg)
{
	struct hvx_vm_clock c;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	if (c.flags || memchr_inv(c.reserved, 0, sizeof(c.reserved)))
		return -EINVAL;
	clock_fill(vm, &c);
	return copy_to_user(arg, &c, sizeof(c)) ? -EFAULT : 0;
}

u64 hvx_vm_clock_freq(struct hvx_vm *vm)
{
	struct hvx_vm_clock_terms t;
	u64 host;

	clock_read(vm, &t, &host);
	return t.freq;
}
