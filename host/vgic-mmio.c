// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vGIC's register frames, as the guest sees them: the distributor
 * (GICD, 64 KiB) and one redistributor per vCPU (GICR: RD_base and
 * SGI_base, 128 KiB), affinity routing always on (ARE), one security
 * state (DS), no LPIs, no message-based SPIs, no 1-of-N routing.
 *
 * Any access reaches here with the guest's choice of offset and width, so
 * everything not emulated reads as zero and ignores writes (RAZ/WI): the
 * reserved registers, those that affinity routing or a single security
 * state make RAZ/WI, INTIDs that do not exist, widths a register does not
 * have (registers are 32 bits wide, IPRIORITYR also byte-accessible,
 * GICD_IROUTER and GICR_TYPER 64 bits, or 32 for either half), accesses
 * not aligned to their size, writes to read-only registers.
 */
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "vgic-priv.h"
#include "vgic.h"

#define VGIC_REDIST_REGION	(HVX_MAX_VCPUS * HVX_GIC_REDIST_SIZE)
#define VGIC_SGI_BASE		0x10000		/* in a redistributor */

/* GICD_IIDR and GICR_IIDR: Implementer Arm (JEP106 0x43b), the rest 0. */
#define VGIC_IIDR		0x43b
#define GICD_TYPER_ITLINES	GENMASK(4, 0)
#define GICD_TYPER_IDBITS	GENMASK(23, 19)
#define GICD_TYPER_NO1N		BIT(25)
#define VGIC_ID_BITS		10		/* INTIDs 0-1023 */
#define GICR_TYPER_PROC_NUM	GENMASK_ULL(23, 8)
#define GICD_IROUTER_END	(GICD_IROUTER + 8 * VGIC_SPI_END)
#define GICD_IPRIORITYR_END	(GICD_IPRIORITYR + VGIC_MAX_IRQS)
#define GICD_ICFGR_END		(GICD_ICFGR + VGIC_MAX_IRQS / 4)
#define GICD_ICACTIVER_END	(GICD_ICACTIVER + VGIC_MAX_IRQS / 8)
/* The ICFGR bit of an interrupt's field that says edge-triggered. */
#define VGIC_ICFGR_EDGE		2
/* ICFGR0: the SGIs are edge-triggered, read-only */
#define VGIC_ICFGR_SGIS		0xaaaaaaaaU

/* PIDR4-7, PIDR0-3, CIDR0-3 (0xffd0-0xfffc): a GICv3 (PIDR2.ArchRev 3). */
static const u8 vgic_id_regs[] = {
	0x04, 0x00, 0x00, 0x00, 0x92, 0xb4, GIC_PIDR2_ARCH_GICv3 | 0x0b, 0x00,
	0x0d, 0xf0, 0x05, 0xb1,
};

/* One access, decoded. */
struct vgic_access {
	struct hvx_vgic *g;
	u32 id;			/* the vCPU whose private INTIDs a frame has */
	u32 off;		/* in the frame */
	unsigned int len;
	bool write;
	u64 val;
	u64 kick;		/* vCPUs to tell, after the lock */
};

static u32 id_reg(u32 off)
{
	return vgic_id_regs[(off - GICD_IDREGS) / 4];
}

static bool is_id_reg(u32 off)
{
	return off >= GICD_IDREGS && off < GICD_IDREGS + 4 * ARRAY_SIZE(vgic_id_regs);
}

/* A register of one bit per INTID, for the 32 from @first. */
static u32 bits_read(struct vgic_access *a, u32 first, enum vgic_attr attr)
{
	u32 v = 0, i;

	for (i = 0; i < 32; i++) {
		if (!vgic_valid(a->g, first + i))
			continue;
		if (attr == VGIC_PEND ? vgic_is_pending(a->g, a->id, first + i) :
					vgic_test(a->g, a->id, first + i, attr))
			v |= BIT(i);
	}
	return v;
}

/* IGROUPR, IS/ICENABLER, IS/ICPENDR, IS/ICACTIVER at @base, from @first. */
static void bits_write(struct vgic_access *a, u32 base, u32 first)
{
	struct hvx_vgic *g = a->g;
	u32 i, intid, v = a->val;

	for (i = 0; i < 32; i++) {
		intid = first + i;
		if (!vgic_valid(g, intid))
			continue;
		if (base == GICD_IGROUPR)
			vgic_assign(g, a->id, intid, VGIC_GROUP, v & BIT(i));
		else if (!(v & BIT(i)))
			continue;
		switch (base) {
		case GICD_ISENABLER:
			vgic_assign(g, a->id, intid, VGIC_ENABLED, true);
			break;
		case GICD_ICENABLER:
			vgic_assign(g, a->id, intid, VGIC_ENABLED, false);
			break;
		case GICD_ISPENDR:
			vgic_set_pending(g, a->id, intid);
			break;
		case GICD_ICPENDR:
			/* A line that is high keeps a level-sensitive one pending. */
			vgic_assign(g, a->id, intid, VGIC_PEND, false);
			vgic_assign(g, a->id, intid, VGIC_PEND_NEW, false);
			break;
		case GICD_ISACTIVER:
			vgic_assign(g, a->id, intid, VGIC_ACTIVE, true);
			break;
		case GICD_ICACTIVER:
			vgic_assign(g, a->id, intid, VGIC_ACTIVE, false);
			break;
		}
		vgic_changed(g, a->id, intid, &a->kick);
	}
}

static const struct {
	u32 base;
	enum vgic_attr attr;
} vgic_bit_regs[] = {
	{ GICD_IGROUPR, VGIC_GROUP },
	{ GICD_ISENABLER, VGIC_ENABLED },
	{ GICD_ICENABLER, VGIC_ENABLED },
	{ GICD_ISPENDR, VGIC_PEND },
	{ GICD_ICPENDR, VGIC_PEND },
	{ GICD_ISACTIVER, VGIC_ACTIVE },
	{ GICD_ICACTIVER, VGIC_ACTIVE },
};

/* Each block of bit registers is 0x80 bytes: 1024 INTIDs. */
#define VGIC_BITS_BLOCK		(VGIC_MAX_IRQS / 8)

static void bit_reg(struct vgic_access *a, u32 first)
{
	unsigned int i = (a->off - GICD_IGROUPR) / VGIC_BITS_BLOCK;

	if (a->write)
		bits_write(a, vgic_bit_regs[i].base, first);
	else
		a->val = bits_read(a, first, vgic_bit_regs[i].attr);
}

/* IPRIORITYR: one byte per INTID, @len of them from @first. */
static void prio_reg(struct vgic_access *a, u32 first)
{
	u32 i, intid;
	u8 *prio;

	for (i = 0; i < a->len; i++) {
		intid = first + i;
		if (!vgic_valid(a->g, intid))
			continue;
		prio = vgic_prio(a->g, a->id, intid);
		if (!a->write) {
			a->val |= (u64)*prio << (8 * i);
			continue;
		}
		*prio = a->val >> (8 * i);
		vgic_changed(a->g, a->id, intid, &a->kick);
	}
}

/* ICFGR: two bits per INTID, 16 from @first; the SGIs' are read-only. */
static void cfg_reg(struct vgic_access *a, u32 first)
{
	u32 i, intid;
	bool edge;

	if (first < VGIC_NR_SGIS) {
		if (!a->write)
			a->val = VGIC_ICFGR_SGIS;
		return;
	}
	for (i = 0; i < 16; i++) {
		intid = first + i;
		if (!vgic_valid(a->g, intid))
			continue;
		if (!a->write) {
			if (vgic_test(a->g, a->id, intid, VGIC_EDGE))
				a->val |= (u64)VGIC_ICFGR_EDGE << (2 * i);
			continue;
		}
		edge = a->val & ((u64)VGIC_ICFGR_EDGE << (2 * i));
		vgic_assign(a->g, a->id, intid, VGIC_EDGE, edge);
		vgic_changed(a->g, a->id, intid, &a->kick);
	}
}

/*
 * The per-INTID registers common to GICD and GICR's SGI_base. @private:
 * the SGI_base frame, which has INTIDs 0-31 only; the distributor's
 * registers for those are RAZ/WI under affinity routing.
 */
static void irq_regs(struct vgic_access *a, bool private)
{
	void (*reg)(struct vgic_access *a, u32 first);
	u32 off = a->off, first;
	bool ok;

	if (off >= GICD_IGROUPR && off < GICD_ICACTIVER_END) {
		reg = bit_reg;
		ok = a->len == 4;
		first = (off - GICD_IGROUPR) % VGIC_BITS_BLOCK * 8;
	} else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR_END) {
		reg = prio_reg;
		ok = a->len == 1 || a->len == 4;
		first = off - GICD_IPRIORITYR;
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR_END) {
		reg = cfg_reg;
		ok = a->len == 4;
		first = (off - GICD_ICFGR) * 4;
	} else {
		return;
	}
	/* Which frame has this INTID's register. */
	if (first < VGIC_NR_PRIVATE)
		ok &= private;
	else
		ok &= !private;
	if (ok)
		reg(a, first);
}

/* vCPUs with a pending interrupt: after a group was enabled. */
static void kick_all(struct vgic_access *a)
{
	a->kick |= GENMASK_ULL(HVX_MAX_VCPUS - 1, 0);
}

static void gicd_ctlr(struct vgic_access *a)
{
	struct hvx_vgic *g = a->g;
	u32 old = g->ctlr;

	if (!a->write) {
		a->val = g->ctlr | GICD_CTLR_ARE_NS | GICD_CTLR_DS;
		return;
	}
	g->ctlr = a->val & (GICD_CTLR_ENABLE_SS_G0 | GICD_CTLR_ENABLE_SS_G1);
	if (g->ctlr & ~old)
		kick_all(a);
}

/* GICD_IROUTER<n>: 64 bits, or either half on its own. */
static void irouter(struct vgic_access *a)
{
	u32 off = a->off - GICD_IROUTER, intid = off / 8;
	unsigned int shift = off % 8 * 8;
	u64 mask = a->len == 8 ? ~0ULL : GENMASK_ULL(shift + 31, shift);

	if (intid < VGIC_NR_PRIVATE || !vgic_valid(a->g, intid))
		return;
	if (!a->write) {
		a->val = (a->g->irouter[intid] & mask) >> shift;
		return;
	}
	vgic_route(a->g, intid, (a->g->irouter[intid] & ~mask) |
				((a->val << shift) & mask));
	vgic_changed(a->g, 0, intid, &a->kick);
}

static void dist_access(struct vgic_access *a)
{
	struct hvx_vgic *g = a->g;
	u32 off = a->off;

	if (off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		if (a->len == 8 || a->len == 4)
			irouter(a);
		return;
	}
	if (off < GICD_IGROUPR) {
		if (a->len != 4)
			return;
		if (off == GICD_CTLR)
			gicd_ctlr(a);
		else if (off == GICD_TYPER && !a->write)
			a->val = FIELD_PREP(GICD_TYPER_ITLINES,
					    g->nr_irqs / 32 - 1) |
				 FIELD_PREP(GICD_TYPER_IDBITS, VGIC_ID_BITS - 1) |
				 GICD_TYPER_NO1N;
		else if (off == GICD_IIDR && !a->write)
			a->val = VGIC_IIDR;
		return;
	}
	if (is_id_reg(off)) {
		if (a->len == 4 && !a->write)
			a->val = id_reg(off);
		return;
	}
	irq_regs(a, false);
}

/* The highest vCPU id created: GICR_TYPER.Last. -1 if none. */
static int last_vcpu(struct hvx_vm *vm)
{
	int id;

	for (id = HVX_MAX_VCPUS - 1; id >= 0; id--)
		if (READ_ONCE(vm->vcpus[id]))
			break;
	return id;
}

static u64 gicr_typer(u32 id, bool last)
{
	u64 aff = HVX_VCPU_MPIDR(id);

	/* Affinity_Value is Aff3.Aff2.Aff1.Aff0; MPIDR has Aff3 at 39:32. */
	aff = (aff & GENMASK_ULL(23, 0)) | ((aff >> 8) & GENMASK_ULL(31, 24));
	return FIELD_PREP(GICR_TYPER_AFFINITY, aff) |
	       FIELD_PREP(GICR_TYPER_PROC_NUM, id) |
	       (last ? GICR_TYPER_LAST : 0);
}

static void rd_access(struct vgic_access *a, bool last)
{
	struct hvx_vgic_cpu *c = &a->g->cpu[a->id];
	u32 off = a->off;
	u64 typer;

	if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		if (a->write || !(a->len == 8 ? off == GICR_TYPER : a->len == 4))
			return;
		typer = gicr_typer(a->id, last);
		a->val = a->len == 8 ? typer :
			 (u32)(typer >> (off - GICR_TYPER) * 8);
		return;
	}
	if (a->len != 4)
		return;
	if (off == GICR_IIDR && !a->write) {
		a->val = VGIC_IIDR;
	} else if (off == GICR_WAKER) {
		/* The redistributor is asleep as soon as told, awake too. */
		if (a->write)
			c->asleep = a->val & GICR_WAKER_ProcessorSleep;
		else if (c->asleep)
			a->val = GICR_WAKER_ProcessorSleep |
				 GICR_WAKER_ChildrenAsleep;
	} else if (is_id_reg(off) && !a->write) {
		a->val = id_reg(off);
	}
}

/*
 * Redistributor @id's frames. Those of ids up to the last vCPU created
 * are there (a guest finds its own by walking them up to Last); a vCPU
 * id without a vCPU has a redistributor nobody uses. Beyond: RAZ/WI.
 */
static void redist_access(struct vgic_access *a)
{
	int last = last_vcpu(a->g->vm);

	if ((int)a->id > last)
		return;
	if (a->off < VGIC_SGI_BASE) {
		rd_access(a, a->id == last);
		return;
	}
	a->off -= VGIC_SGI_BASE;
	/* SGIs EL2 posted are pending: as such they are read and cleared. */
	vgic_take_posted(a->g, a->id);
	irq_regs(a, true);
}

/*
 * After a write: what EL2 may do with the SGIs (vgic_publish_sgis()) of
 * the redistributor written, or of every vCPU after GICD_CTLR.
 */
static void publish_sgis(struct vgic_access *a, bool dist, u64 off)
{
	u32 id;

	if (!dist) {
		vgic_publish_sgis(a->g, a->id);
		return;
	}
	if (off != GICD_CTLR)
		return;
	for (id = 0; id < HVX_MAX_VCPUS; id++)
		vgic_publish_sgis(a->g, id);
}

bool hvx_vgic_mmio(struct hvx_vcpu *vcpu, u64 gpa, unsigned int len,
		   bool is_write, u64 *val)
{
	struct hvx_vgic *g = vgic_of(vcpu->vm);
	struct vgic_access a = {
		.g = g,
		.len = len,
		.write = is_write,
		.val = is_write ? *val : 0,
	};
	unsigned long flags;
	bool dist;
	u64 off;

	if (!g)
		return false;
	if (gpa - g->dist_base < HVX_GIC_DIST_SIZE) {
		dist = true;
		off = gpa - g->dist_base;
		a.id = vcpu->id;
	} else if (gpa - g->redist_base < VGIC_REDIST_REGION) {
		dist = false;
		off = gpa - g->redist_base;
		a.id = off / HVX_GIC_REDIST_SIZE;
		off %= HVX_GIC_REDIST_SIZE;
	} else {
		return false;
	}
	a.off = off;
	/* Only whole, aligned 1, 4 or 8-byte accesses can reach a register. */
	if ((len == 1 || len == 4 || len == 8) && IS_ALIGNED(off, len)) {
		raw_spin_lock_irqsave(&g->lock, flags);
		if (dist)
			dist_access(&a);
		else
			redist_access(&a);
		if (is_write)
			publish_sgis(&a, dist, off);
		raw_spin_unlock_irqrestore(&g->lock, flags);
		vgic_kick(g, a.kick, vcpu->id);
	}
	if (!is_write)
		*val = a.val;
	return true;
}
