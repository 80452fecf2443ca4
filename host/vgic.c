// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual GICv3 of a VM: its interrupt state (vgic-priv.h), the two VM
 * ioctls, lines driven by devices (user space's SPIs, the timers' PPIs),
 * and the list registers around each run.
 *
 * A run's list registers are rebuilt from this state every time: flush
 * picks the vCPU's active interrupts, then its pending and enabled ones,
 * best priority first, as many as there are list registers, and marks
 * them as held (VGIC_IN_LR); sync folds back what the guest did with them
 * (acknowledged, completed) and lets them go. What did not fit waits: the
 * underflow maintenance interrupt ends the run once the guest has used up
 * the list registers, and the next flush refills them. A level-sensitive
 * interrupt is loaded with ICH_LR.EOI, so that its deactivation ends the
 * run too and its line is sampled again before it can be pending again.
 *
 * A change that concerns a vCPU other than the one making it (an SPI
 * routed to it, an interrupt its list registers hold) kicks that vCPU out
 * of the guest or out of WFI: its next flush sees the change.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/cputype.h>
#include <asm/sysreg.h>

#include "console.h"
#include "vgic-priv.h"
#include "vgic.h"
#include "trace.h"

#define VGIC_IPA_LIMIT		BIT_ULL(HVX_GUEST_IPA_BITS)
#define VGIC_REDIST_REGION	(HVX_MAX_VCPUS * HVX_GIC_REDIST_SIZE)
#define VGIC_FRAME_ALIGN	SZ_64K
/* GICD_CTLR's group enables with DS = 1 */
#define VGIC_CTLR_G0		GICD_CTLR_ENABLE_SS_G0
#define VGIC_CTLR_G1		GICD_CTLR_ENABLE_SS_G1
/* Flush's sort key: active ones first, then by priority, then by INTID. */
#define VGIC_KEY_INTID		GENMASK(9, 0)
#define VGIC_KEY_PRIO		GENMASK(17, 10)
#define VGIC_KEY_INACTIVE	BIT(18)

bool vgic_is_pending(struct hvx_vgic *g, u32 id, u32 intid)
{
	lockdep_assert_held(&g->lock);
	return vgic_test(g, id, intid, VGIC_PEND) ||
	       (vgic_test(g, id, intid, VGIC_LEVEL) &&
		!vgic_test(g, id, intid, VGIC_EDGE));
}

/* An edge, or ISPENDR: one the list registers hold is pending again. */
void vgic_set_pending(struct hvx_vgic *g, u32 id, u32 intid)
{
	lockdep_assert_held(&g->lock);
	vgic_assign(g, id, intid, VGIC_PEND, true);
	if (vgic_test(g, id, intid, VGIC_IN_LR))
		vgic_assign(g, id, intid, VGIC_PEND_NEW, true);
}

/* Which groups GICD_CTLR (and a CPU interface's enables) let through. */
static unsigned long group_ok(u32 enables, unsigned long group)
{
	return (enables & VGIC_CTLR_G0 ? ~group : 0) |
	       (enables & VGIC_CTLR_G1 ? group : 0);
}

static bool deliverable(struct hvx_vgic *g, u32 id, u32 intid)
{
	unsigned long grp = vgic_test(g, id, intid, VGIC_GROUP);

	return vgic_test(g, id, intid, VGIC_ENABLED) &&
	       vgic_is_pending(g, id, intid) && (group_ok(g->ctlr, grp) & 1);
}

/*
 * @intid of vCPU @id's view changed: whom to tell. The vCPU whose list
 * registers hold it (its run goes on with a stale copy otherwise), or the
 * one it is for if it is now deliverable.
 */
void vgic_changed(struct hvx_vgic *g, u32 id, u32 intid, u64 *kick)
{
	u32 to = intid < VGIC_NR_PRIVATE ? id : g->target[intid];

	lockdep_assert_held(&g->lock);
	if (vgic_test(g, id, intid, VGIC_IN_LR)) {
		if (intid >= VGIC_NR_PRIVATE)
			to = g->lr_owner[intid];
	} else if (!deliverable(g, id, intid)) {
		return;
	}
	if (to != VGIC_NO_VCPU)
		*kick |= BIT_ULL(to);
}

/* GICD_IROUTER<intid>: 1-of-N is not offered, so only the affinity counts. */
void vgic_route(struct hvx_vgic *g, u32 intid, u64 irouter)
{
	u64 aff = irouter & MPIDR_HWID_BITMASK;
	int to = hvx_vcpu_id_of_mpidr(aff);

	if (g->target[intid] != VGIC_NO_VCPU)
		__clear_bit(intid, g->cpu[g->target[intid]].routed);
	g->irouter[intid] = aff;
	g->target[intid] = to < 0 ? VGIC_NO_VCPU : to;
	if (to >= 0)
		__set_bit(intid, g->cpu[to].routed);
}

void vgic_kick(struct hvx_vgic *g, u64 kick, int self)
{
	unsigned long ids = kick;
	struct hvx_vcpu *vcpu;
	unsigned int id;

	for_each_set_bit(id, &ids, HVX_MAX_VCPUS) {
		if (id == self)
			continue;
		/* Pairs with hvx_create_vcpu()'s release: a complete vCPU. */
		vcpu = smp_load_acquire(&g->vm->vcpus[id]);
		if (vcpu)
			hvx_vcpu_kick(vcpu);
	}
}

/* An input line to @level: a rising edge latches an edge-triggered one. */
static void set_line(struct hvx_vgic *g, u32 id, u32 intid, bool level,
		     u64 *kick)
{
	bool old = vgic_test(g, id, intid, VGIC_LEVEL);

	if (old == level)
		return;
	trace_hvx_irq_line(g->vm->handle, intid < VGIC_NR_PRIVATE ? id : -1,
			   intid, level);
	vgic_assign(g, id, intid, VGIC_LEVEL, level);
	if (level && vgic_test(g, id, intid, VGIC_EDGE))
		vgic_set_pending(g, id, intid);
	vgic_changed(g, id, intid, kick);
}

void hvx_vgic_set_ppi(struct hvx_vcpu *vcpu, u32 intid, bool level)
{
	struct hvx_vgic *g = vgic_of(vcpu->vm);
	unsigned long flags;
	u64 kick = 0;

	if (!g || intid < VGIC_NR_SGIS || intid >= VGIC_NR_PRIVATE)
		return;
	raw_spin_lock_irqsave(&g->lock, flags);
	set_line(g, vcpu->id, intid, level, &kick);
	raw_spin_unlock_irqrestore(&g->lock, flags);
	/* The vCPU itself too: it may wait in WFI (an hrtimer calls this). */
	vgic_kick(g, kick, -1);
}

bool hvx_vgic_set_spi(struct hvx_vm *vm, u32 intid, bool level)
{
	struct hvx_vgic *g = vgic_of(vm);
	unsigned long flags;
	u64 kick = 0;

	if (!g || intid < VGIC_NR_PRIVATE || !vgic_valid(g, intid))
		return false;
	raw_spin_lock_irqsave(&g->lock, flags);
	set_line(g, 0, intid, level, &kick);
	raw_spin_unlock_irqrestore(&g->lock, flags);
	vgic_kick(g, kick, -1);
	return true;
}

long hvx_vgic_irq_line(struct hvx_vm *vm, void __user *arg)
{
	struct hvx_vgic *g = vgic_of(vm);
	struct hvx_irq_line l;

	if (copy_from_user(&l, arg, sizeof(l)))
		return -EFAULT;
	if (l.flags || l.pad || memchr_inv(l.reserved, 0, sizeof(l.reserved)) ||
	    l.level > 1)
		return -EINVAL;
	if (!g)
		return -ENXIO;
	return hvx_vgic_set_spi(vm, l.intid, l.level) ? 0 : -EINVAL;
}

/* The interrupts of one word of bits that want a list register. */
static unsigned long word_wants(const unsigned long *v, u32 ctlr)
{
	unsigned long pending = v[VGIC_PEND] | (v[VGIC_LEVEL] & ~v[VGIC_EDGE]);

	return v[VGIC_ACTIVE] |
	       (pending & v[VGIC_ENABLED] & group_ok(ctlr, v[VGIC_GROUP]));
}

static void spi_word(struct hvx_vgic *g, unsigned int w, unsigned long *v)
{
	unsigned int a;

	for (a = 0; a < VGIC_NR_ATTRS; a++)
		v[a] = g->spi[a][w];
}

/* Keep the @max best keys in keys[0 .. *n), sorted. */
static void pick(u32 *keys, unsigned int *n, unsigned int max, u32 key)
{
	unsigned int i;

	if (*n == max && key >= keys[max - 1])
		return;
	i = *n < max ? (*n)++ : max - 1;
	for (; i > 0 && keys[i - 1] > key; i--)
		keys[i] = keys[i - 1];
	keys[i] = key;
}

static u32 key_of(struct hvx_vgic *g, u32 id, u32 intid)
{
	return FIELD_PREP(VGIC_KEY_INTID, intid) |
	       FIELD_PREP(VGIC_KEY_PRIO, *vgic_prio(g, id, intid)) |
	       (vgic_test(g, id, intid, VGIC_ACTIVE) ? 0 : VGIC_KEY_INACTIVE);
}

/* ICH_LR<n>_EL2 for @intid, and whether it is loaded pending. */
static u64 lr_value(struct hvx_vgic *g, u32 id, u32 intid, bool *pend)
{
	bool active = vgic_test(g, id, intid, VGIC_ACTIVE);
	bool edge = vgic_test(g, id, intid, VGIC_EDGE);
	u64 lr = intid | FIELD_PREP(ICH_LR_PRIORITY_MASK,
				    *vgic_prio(g, id, intid));

	if (vgic_test(g, id, intid, VGIC_GROUP))
		lr |= ICH_LR_GROUP;
	if (active)
		lr |= ICH_LR_ACTIVE_BIT;
	/*
	 * A level-sensitive one that is active is loaded active only: its
	 * line is sampled again once the guest has deactivated it.
	 */
	*pend = deliverable(g, id, intid) && (edge || !active);
	if (*pend)
		lr |= ICH_LR_PENDING_BIT;
	if (!edge)
		lr |= ICH_LR_EOI;
	return lr;
}

/*
 * SGIs EL2 sent the vCPU (hyp/vgic-sgi.c) and could not place itself:
 * pending now, if Group 1 at the target (ICC_SGI1R_EL1 sends only those).
 */
static void take_posted(struct hvx_vgic *g, struct hvx_vcpu *vcpu)
{
	u32 *posted = &vcpu->state->sgi.posted;
	unsigned long bits;
	u32 intid;

	lockdep_assert_held(&g->lock);
	if (!READ_ONCE(*posted))
		return;
	bits = xchg(posted, 0) & GENMASK(VGIC_NR_SGIS - 1, 0);
	for_each_set_bit(intid, &bits, VGIC_NR_SGIS)
		if (vgic_test(g, vcpu->id, intid, VGIC_GROUP))
			vgic_set_pending(g, vcpu->id, intid);
}

/* The same for vCPU @id, if it exists: before its SGIs' state is read. */
void vgic_take_posted(struct hvx_vgic *g, u32 id)
{
	/* Pairs with hvx_create_vcpu()'s release: a complete vCPU. */
	struct hvx_vcpu *vcpu = smp_load_acquire(&g->vm->vcpus[id]);

	if (vcpu)
		take_posted(g, vcpu);
}

/*
 * Tell EL2 which of vCPU @id's private interrupts (its SGIs, the virtual
 * timer's PPI) it may put in a list register itself, at what priority:
 * enabled, Group 1, the distributor's Group 1 on. After any change to
 * those (vgic-mmio.c); a vCPU not created yet keeps none, which only
 * sends its SGIs the slow way.
 */
void vgic_publish_sgis(struct hvx_vgic *g, u32 id)
{
	struct hvx_vgic_cpu *c = &g->cpu[id];
	struct hvx_vcpu *vcpu;
	unsigned long inject;
	u32 intid;

	lockdep_assert_held(&g->lock);
	/* Pairs with hvx_create_vcpu()'s release: a complete vCPU. */
	vcpu = smp_load_acquire(&g->vm->vcpus[id]);
	if (!vcpu)
		return;
	inject = c->priv[VGIC_ENABLED] & c->priv[VGIC_GROUP] &
		 GENMASK(VGIC_NR_PRIVATE - 1, 0);
	if (!(g->ctlr & VGIC_CTLR_G1))
		inject = 0;
	for (intid = 0; intid < VGIC_NR_PRIVATE; intid++)
		WRITE_ONCE(vcpu->state->sgi.prio[intid], c->prio[intid]);
	WRITE_ONCE(vcpu->state->sgi.inject, inject);
	WRITE_ONCE(vcpu->state->sgi.vgic, 1);
}

/*
 * The list registers EL2 added past the host's: SGIs it sent itself and
 * the virtual timer's PPI, in the state the run left them (acknowledged
 * ones are gone, or active). A PPI is level-sensitive: whether it is
 * pending again is its line's to say, which the host samples.
 */
static void sync_el2_lrs(struct hvx_vgic *g, struct hvx_vcpu *vcpu)
{
	const struct hvx_vgic_cpu_if *gi = &vcpu->state->gic;
	u32 nr = min_t(u32, READ_ONCE(gi->nr_lr), HVX_VGIC_MAX_LR), i, intid;
	u64 lr;

	for (i = g->cpu[vcpu->id].nr_lr; i < nr; i++) {
		lr = READ_ONCE(gi->lr[i]);
		intid = lr & ICH_LR_VIRTUAL_ID_MASK;
		if (intid >= VGIC_NR_PRIVATE)
			continue;
		if (lr & ICH_LR_ACTIVE_BIT)
			vgic_assign(g, vcpu->id, intid, VGIC_ACTIVE, true);
		if (lr & ICH_LR_PENDING_BIT && intid < VGIC_NR_SGIS)
			vgic_set_pending(g, vcpu->id, intid);
	}
}

/* Fold the list registers of the last flush back: with the lock held. */
static void sync_locked(struct hvx_vgic *g, struct hvx_vcpu *vcpu)
{
	const struct hvx_vgic_cpu_if *gi = &vcpu->state->gic;
	struct hvx_vgic_cpu *c = &g->cpu[vcpu->id];
	u32 id = vcpu->id, intid, i;
	bool pend;
	u64 lr;

	lockdep_assert_held(&g->lock);
	for (i = 0; i < c->nr_lr; i++) {
		intid = c->lr_intid[i];
		lr = READ_ONCE(gi->lr[i]);
		vgic_assign(g, id, intid, VGIC_ACTIVE, lr & ICH_LR_ACTIVE_BIT);
		/*
		 * Acknowledged: no longer pending, unless it was latched again
		 * during the run. Cleared meanwhile (ICPENDR): not pending.
		 */
		if (c->lr_pend & BIT(i)) {
			/* Pending no more in the LR: the guest took it. */
			if (!(lr & ICH_LR_PENDING_BIT))
				trace_hvx_vgic_ack(g->vm->handle, id, intid, i);
			pend = ((lr & ICH_LR_PENDING_BIT) &&
				vgic_test(g, id, intid, VGIC_PEND)) ||
			       vgic_test(g, id, intid, VGIC_PEND_NEW);
			vgic_assign(g, id, intid, VGIC_PEND, pend);
		}
		vgic_assign(g, id, intid, VGIC_PEND_NEW, false);
		vgic_assign(g, id, intid, VGIC_IN_LR, false);
	}
	sync_el2_lrs(g, vcpu);
	c->nr_lr = 0;
	c->lr_pend = 0;
	c->flushed = false;
}

void hvx_vgic_sync(struct hvx_vcpu *vcpu)
{
	struct hvx_vgic *g = vgic_of(vcpu->vm);
	unsigned long flags;

	if (!g)
		return;
	raw_spin_lock_irqsave(&g->lock, flags);
	if (g->cpu[vcpu->id].flushed)
		sync_locked(g, vcpu);
	raw_spin_unlock_irqrestore(&g->lock, flags);
}

/* The best @max candidates for vCPU @id's list registers; how many in all. */
static unsigned int pick_all(struct hvx_vgic *g, u32 id, u32 *keys,
			     unsigned int *n, unsigned int max)
{
	struct hvx_vgic_cpu *c = &g->cpu[id];
	unsigned long v[VGIC_NR_ATTRS], want;
	unsigned int w, bit, total = 0;

	want = word_wants(c->priv, g->ctlr);
	for_each_set_bit(bit, &want, VGIC_NR_PRIVATE) {
		pick(keys, n, max, key_of(g, id, bit));
		total++;
	}
	for (w = 0; w < BITS_TO_LONGS(g->nr_irqs); w++) {
		if (!c->routed[w])
			continue;
		spi_word(g, w, v);
		/* Held by another vCPU's list registers: it waits for them. */
		want = word_wants(v, g->ctlr) & c->routed[w] & ~v[VGIC_IN_LR];
		for_each_set_bit(bit, &want, BITS_PER_LONG) {
			pick(keys, n, max, key_of(g, id, w * BITS_PER_LONG + bit));
			total++;
		}
	}
	return total;
}

void hvx_vgic_flush(struct hvx_vcpu *vcpu)
{
	struct hvx_vgic *g = vgic_of(vcpu->vm);
	struct hvx_vgic_cpu_if *gi = &vcpu->state->gic;
	u32 keys[HVX_VGIC_MAX_LR], id = vcpu->id, intid;
	unsigned int max, n = 0, total, i;
	struct hvx_vgic_cpu *c;
	unsigned long flags;
	bool pend;

	if (!g)
		return;
	max = min_t(u32, READ_ONCE(gi->hw_nr_lr), HVX_VGIC_MAX_LR);
	c = &g->cpu[id];
	raw_spin_lock_irqsave(&g->lock, flags);
	/* A flush without a run since: the list registers are as it left them. */
	if (c->flushed)
		sync_locked(g, vcpu);
	take_posted(g, vcpu);
	total = max ? pick_all(g, id, keys, &n, max) : 0;
	for (i = 0; i < n; i++) {
		intid = FIELD_GET(VGIC_KEY_INTID, keys[i]);
		gi->lr[i] = lr_value(g, id, intid, &pend);
		if (pend) {
			c->lr_pend |= BIT(i);
			trace_hvx_vgic_inject(g->vm->handle, id, intid, i);
		}
		c->lr_intid[i] = intid;
		vgic_assign(g, id, intid, VGIC_IN_LR, true);
		if (intid >= VGIC_NR_PRIVATE)
			g->lr_owner[intid] = id;
	}
	c->nr_lr = n;
	c->flushed = true;
	gi->nr_lr = n;
	/*
	 * More than fit: the run ends when at most one list register is in
	 * use (underflow), or, with a single one, when it is done with.
	 */
	gi->hcr = 0;
	if (total > n && n > 1)
		gi->hcr = ICH_HCR_UIE;
	else if (total > n && n == 1)
		gi->lr[0] |= ICH_LR_EOI;
	raw_spin_unlock_irqrestore(&g->lock, flags);
}

/*
 * Would the guest take an interrupt now (WFI ends)? One that is pending,
 * enabled, of a group the distributor and the guest's CPU interface
 * (ICH_VMCR_EL2) both enable, with a priority above its priority mask.
 */
bool hvx_vgic_pending(struct hvx_vcpu *vcpu)
{
	struct hvx_vgic *g = vgic_of(vcpu->vm);
	u32 vmcr = READ_ONCE(vcpu->state->gic.vmcr), id = vcpu->id, enables;
	unsigned long v[VGIC_NR_ATTRS], want, flags;
	unsigned int w, bit, intid;
	struct hvx_vgic_cpu *c;
	bool found = false;
	u8 pmr;

	if (!g)
		return false;
	pmr = FIELD_GET(ICH_VMCR_PMR_MASK, vmcr);
	c = &g->cpu[id];
	raw_spin_lock_irqsave(&g->lock, flags);
	take_posted(g, vcpu);
	enables = g->ctlr & ((vmcr & ICH_VMCR_ENG0_MASK ? VGIC_CTLR_G0 : 0) |
			     (vmcr & ICH_VMCR_ENG1_MASK ? VGIC_CTLR_G1 : 0));
	for (w = 0; w <= BITS_TO_LONGS(g->nr_irqs) && !found; w++) {
		if (w == 0) {
			memcpy(v, c->priv, sizeof(v));
		} else {
			spi_word(g, w - 1, v);
			for (bit = 0; bit < VGIC_NR_ATTRS; bit++)
				v[bit] &= c->routed[w - 1];
		}
		want = word_wants(v, enables) & ~v[VGIC_ACTIVE] &
		       ~v[VGIC_IN_LR];
		for_each_set_bit(bit, &want, BITS_PER_LONG) {
			intid = (w ? (w - 1) * BITS_PER_LONG : 0) + bit;
			if (*vgic_prio(g, id, intid) < pmr) {
				found = true;
				break;
			}
		}
	}
	raw_spin_unlock_irqrestore(&g->lock, flags);
	return found;
}

static bool frame_ok(u64 base, u64 size)
{
	return IS_ALIGNED(base, VGIC_FRAME_ALIGN) && base < VGIC_IPA_LIMIT &&
	       size <= VGIC_IPA_LIMIT - base;
}

static bool ranges_overlap(u64 a, u64 a_size, u64 b, u64 b_size)
{
	return a < b + b_size && b < a + a_size;
}

bool hvx_vgic_overlaps(struct hvx_vm *vm, u64 base, u64 size)
{
	struct hvx_vgic *g = vm->vgic;

	lockdep_assert_held(&vm->lock);
	return g && (ranges_overlap(base, size, g->dist_base,
				    HVX_GIC_DIST_SIZE) ||
		     ranges_overlap(base, size, g->redist_base,
				    VGIC_REDIST_REGION));
}

/* Every vCPU created so far has list registers EL2 can load. */
static bool vcpus_have_lrs(struct hvx_vm *vm)
{
	unsigned int id;

	for (id = 0; id < HVX_MAX_VCPUS; id++)
		if (vm->vcpus[id] && !vm->vcpus[id]->state->gic.hw_nr_lr)
			return false;
	return true;
}

/*
 * Reset state: everything disabled, inactive, not pending, priority 0,
 * Group 1 (what a guest that never writes IGROUPR expects of a GICv3
 * with one security state), SGIs edge-triggered, PPIs and SPIs level-
 * sensitive, every SPI routed to vCPU 0, every redistributor asleep.
 */
static void vgic_init(struct hvx_vgic *g, struct hvx_vm *vm,
		      const struct hvx_vm_gic *p)
{
	unsigned int id, intid;

	raw_spin_lock_init(&g->lock);
	g->vm = vm;
	g->nr_irqs = p->nr_irqs;
	g->dist_base = p->dist_base;
	g->redist_base = p->redist_base;
	for (id = 0; id < HVX_MAX_VCPUS; id++) {
		g->cpu[id].priv[VGIC_GROUP] = GENMASK(VGIC_NR_PRIVATE - 1, 0);
		g->cpu[id].priv[VGIC_EDGE] = GENMASK(VGIC_NR_SGIS - 1, 0);
		g->cpu[id].asleep = true;
	}
	memset(g->target, VGIC_NO_VCPU, sizeof(g->target));
	for (intid = VGIC_NR_PRIVATE; vgic_valid(g, intid); intid++) {
		__set_bit(intid, g->spi[VGIC_GROUP]);
		vgic_route(g, intid, 0);
	}
}

long hvx_vgic_create(struct hvx_vm *vm, void __user *arg)
{
	struct hvx_vgic *g;
	struct hvx_vm_gic p;
	int ret = 0;

	if (copy_from_user(&p, arg, sizeof(p)))
		return -EFAULT;
	if (p.flags || memchr_inv(p.reserved, 0, sizeof(p.reserved)))
		return -EINVAL;
	if (!hvx_vgic_available())
		return -ENODEV;
	if (p.nr_irqs % 32 || p.nr_irqs < 64 || p.nr_irqs > HVX_GIC_MAX_IRQS)
		return -EINVAL;
	if (!frame_ok(p.dist_base, HVX_GIC_DIST_SIZE) ||
	    !frame_ok(p.redist_base, VGIC_REDIST_REGION) ||
	    ranges_overlap(p.dist_base, HVX_GIC_DIST_SIZE, p.redist_base,
			   VGIC_REDIST_REGION))
		return -EINVAL;

	g = kvzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return -ENOMEM;
	vgic_init(g, vm, &p);

	mutex_lock(&vm->lock);
	if (vm->dead)
		ret = -EIO;
	else if (vm->vgic)
		ret = -EEXIST;
	else if (vm->started)
		ret = -EBUSY;
	else if (hvx_vm_mem_overlaps(vm, p.dist_base, HVX_GIC_DIST_SIZE) ||
		 hvx_vm_mem_overlaps(vm, p.redist_base, VGIC_REDIST_REGION) ||
		 hvx_console_overlaps(vm, p.dist_base, HVX_GIC_DIST_SIZE) ||
		 hvx_console_overlaps(vm, p.redist_base, VGIC_REDIST_REGION))
		ret = -EINVAL;
	else if (!vcpus_have_lrs(vm))
		ret = -ENODEV;
	if (!ret)
		/* Pairs with vgic_of(): a complete vGIC. */
		smp_store_release(&vm->vgic, g);
	mutex_unlock(&vm->lock);
	if (ret)
		kvfree(g);
	return ret;
}

void hvx_vgic_destroy(struct hvx_vm *vm)
{
	kvfree(vm->vgic);
	vm->vgic = NULL;
}
