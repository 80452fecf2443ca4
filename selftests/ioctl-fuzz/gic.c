// SPDX-License-Identifier: GPL-2.0
/*
 * The vGIC's two VM ioctls (HVX_VM_CREATE_GIC, HVX_VM_IRQ_LINE): their
 * arguments, mostly valid and at QEMU virt's addresses, and the exact
 * result the ABI (uapi/linux/hvx.h) gives for the bytes the kernel reads
 * and what the worker knows of the VM (struct vm_view).
 *
 * The redistributors of a vGIC are at redist_base + id * 128 KiB for any
 * vCPU id the VM may still create: the frames that may not overlap the
 * distributor or RAM are HVX_MAX_VCPUS of them (8 MiB), whatever vCPUs
 * exist.
 */
#include "fuzz.h"

#define IPA_LIMIT	(1ULL << HVX_GUEST_IPA_BITS)
#define FRAME_ALIGN	0x10000ULL
#define REDIST_REGION	(HVX_MAX_VCPUS * HVX_GIC_REDIST_SIZE)
#define SPI_FIRST	32
#define SPI_END		1020	/* 1020-1023 are special INTIDs */

/* Set once by main() before the workers start: the host has a vGIC. */
bool gic_feature;

static bool overlap(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

/* [base, base + size) a frame may be at: aligned, below the IPA limit. */
static bool frame_ok(uint64_t base, uint64_t size)
{
	return !(base % FRAME_ALIGN) && base < IPA_LIMIT &&
	       size <= IPA_LIMIT - base;
}

/* A base for a frame of @size: QEMU virt's, aligned, or at an edge. */
static uint64_t pick_base(struct rnd *r, uint64_t qemu, uint64_t size,
			  const struct target *t)
{
	switch (rnd_below(r, 12)) {
	case 0: case 1: case 2: case 3: case 4:
		return qemu;
	case 5:		/* anywhere aligned that fits */
		return rnd_below(r, (IPA_LIMIT - size) / FRAME_ALIGN) *
		       FRAME_ALIGN;
	case 6:		/* the last place that fits, or one frame more */
		return IPA_LIMIT - size + (rnd_one_in(r, 2) ? FRAME_ALIGN : 0);
	case 7:		/* on or next to the VM's RAM */
		return (t->ram_size ? t->ram_base : RAM_BASE) +
		       ((int64_t)rnd_below(r, 5) - 2) * (int64_t)FRAME_ALIGN;
	case 8:		/* misaligned by a page or a byte */
		return qemu + (rnd_one_in(r, 2) ? FZ_PAGE : 1);
	case 9:		/* across 2^64 */
		return 0 - FRAME_ALIGN * (1 + rnd_below(r, 4));
	default:
		return fz_u64(r);
	}
}

void gic_gen(struct rnd *r, struct hvx_vm_gic *p, const struct target *t)
{
	p->nr_irqs = 64 + 32 * rnd_below(r, (HVX_GIC_MAX_IRQS - 64) / 32 + 1);
	if (rnd_one_in(r, 6))
		p->nr_irqs = rnd_one_in(r, 2) ? fz_u64(r) :
			     p->nr_irqs + (rnd_one_in(r, 2) ? 32 : -32) +
			     (rnd_one_in(r, 2) ? 1 : 0);
	p->dist_base = pick_base(r, GUEST_GICD_BASE, HVX_GIC_DIST_SIZE, t);
	p->redist_base = pick_base(r, GUEST_GICR_BASE, REDIST_REGION, t);
	if (rnd_one_in(r, 8))	/* right after the distributor, or on it */
		p->redist_base = p->dist_base +
				 (rnd_one_in(r, 2) ? HVX_GIC_DIST_SIZE : 0);
	if (rnd_one_in(r, 8))	/* the distributor after the last redistributor */
		p->dist_base = p->redist_base + REDIST_REGION -
			       (rnd_one_in(r, 2) ? 0 : FRAME_ALIGN);
}

/* What any VM answers to @p, before its state counts: -errno, or 0. */
static int gic_static_errno(const struct hvx_vm_gic *p)
{
	if (p->flags || nonzero(p->reserved, sizeof(p->reserved)))
		return -EINVAL;
	if (!gic_feature)
		return -ENODEV;
	if (p->nr_irqs % 32 || p->nr_irqs < 64 ||
	    p->nr_irqs > HVX_GIC_MAX_IRQS)
		return -EINVAL;
	if (!frame_ok(p->dist_base, HVX_GIC_DIST_SIZE) ||
	    !frame_ok(p->redist_base, REDIST_REGION) ||
	    overlap(p->dist_base, HVX_GIC_DIST_SIZE, p->redist_base,
		    REDIST_REGION))
		return -EINVAL;
	return 0;
}

static bool in_ram_range(const struct ram *ram, uint64_t base, uint64_t size)
{
	unsigned int i;

	for (i = 0; ram && i < ram->n && i < HVX_MAX_MEM_REGIONS; i++)
		if (overlap(base, size, ram->base[i], ram->size[i]))
			return true;
	return false;
}

bool gic_overlaps(const struct vm_view *v, uint64_t base, uint64_t size)
{
	return v->has_gic &&
	       (overlap(base, size, v->dist_base, HVX_GIC_DIST_SIZE) ||
		overlap(base, size, v->redist_base, REDIST_REGION));
}

/* The console's UART frame, if it has one (host/console.c refuses overlaps). */
bool uart_overlaps(const struct vm_view *v, uint64_t base, uint64_t size)
{
	return v->has_uart &&
	       overlap(base, size, v->uart_base, HVX_CONSOLE_UART_SIZE);
}

/* A console was created: its UART's frame now takes guest addresses. */
void console_created(struct vm_view *v, const struct hvx_vm_console *p)
{
	if (p->flags & HVX_CONSOLE_UART) {
		v->has_uart = true;
		v->uart_base = p->uart_base;
	}
}

/* The result's claim: one errno, or success (ENOMEM aside). */
static void claim(struct expect *ex, int err, const char *why)
{
	bool pos = ex->positive_ok;

	memset(ex, 0, sizeof(*ex));
	ex->positive_ok = pos;
	ex->only_errno = err;
	ex->must_succeed = !err;
	ex->why = why;
}

static const char *const gic_why[] = {
	"flags or reserved not 0, bad nr_irqs or frames", "the host has no vGIC",
	"the VM has a vGIC", "a vCPU has run", "a frame overlaps guest RAM or the console's UART",
	"valid, on a VM without a vGIC that has not run",
};

/*
 * HVX_VM_CREATE_GIC at @arg: refine @ex (from gen_arg(), or empty) into
 * the exact result for the VM seen by @v. Unreadable stays EFAULT.
 */
void gic_create_expect(const struct vm_view *v, uint64_t arg,
		       struct expect *ex)
{
	const struct hvx_vm_gic *p = (const void *)(uintptr_t)arg;
	int err;

	if (ex->only_errno == EFAULT)
		return;
	err = -gic_static_errno(p);
	if (err) {
		claim(ex, err, gic_why[err == ENODEV]);
		return;
	}
	if (!v || !v->known) {
		memset(ex, 0, sizeof(*ex));
		return;
	}
	if (v->has_gic) {
		claim(ex, EEXIST, gic_why[2]);
	} else if (v->has_run) {
		claim(ex, EBUSY, gic_why[3]);
	} else if (in_ram_range(v->ram, p->dist_base, HVX_GIC_DIST_SIZE) ||
		   in_ram_range(v->ram, p->redist_base, REDIST_REGION) ||
		   uart_overlaps(v, p->dist_base, HVX_GIC_DIST_SIZE) ||
		   uart_overlaps(v, p->redist_base, REDIST_REGION)) {
		/* (unless a run came first: then EBUSY) */
		claim(ex, EINVAL, gic_why[4]);
		ex->or_errno = v->may_have_run ? EBUSY : 0;
	} else {
		claim(ex, 0, gic_why[5]);
		if (v->may_have_run) {
			ex->must_succeed = false;
			ex->only_errno = EBUSY;
			ex->or_success = true;
		}
	}
}

/* A vGIC was created: @v tracks it, and it must have been allowed. */
void gic_created(struct worker *w, struct vm_view *v, const struct hvx_vm_gic *p)
{
	if (v->known && v->has_gic)
		surprise(w, "a second HVX_VM_CREATE_GIC of a VM succeeded");
	v->has_gic = true;
	v->nr_irqs = p->nr_irqs;
	v->dist_base = p->dist_base;
	v->redist_base = p->redist_base;
}

/* An SPI of the VM, mostly; now and then another INTID. */
static uint32_t pick_intid(struct rnd *r, const struct vm_view *v)
{
	uint32_t n = v && v->has_gic ? v->nr_irqs : 64;

	switch (rnd_below(r, 10)) {
	case 0:
		return rnd_below(r, SPI_FIRST);		/* SGI, PPI */
	case 1:
		return n + rnd_below(r, 4) - 1;		/* around the end */
	case 2:
		return SPI_END - 2 + rnd_below(r, 6);	/* 1018-1023 */
	case 3:
		return fz_u64(r);
	default:
		return SPI_FIRST + rnd_below(r, n - SPI_FIRST);
	}
}

void irq_line_gen(struct rnd *r, struct hvx_irq_line *l, const struct vm_view *v)
{
	l->intid = pick_intid(r, v);
	l->level = rnd_one_in(r, 12) ? fz_u64(r) : rnd_below(r, 2);
}

/* HVX_VM_IRQ_LINE at @arg, as gic_create_expect(). */
void irq_line_expect(const struct vm_view *v, uint64_t arg, struct expect *ex)
{
	const struct hvx_irq_line *l = (const void *)(uintptr_t)arg;

	if (ex->only_errno == EFAULT)
		return;
	if (l->flags || l->pad || nonzero(l->reserved, sizeof(l->reserved)) ||
	    l->level > 1) {
		claim(ex, EINVAL, "flags, pad or reserved not 0, or level not 0/1");
		return;
	}
	if (!v || !v->known) {
		memset(ex, 0, sizeof(*ex));
		return;
	}
	/* hvx.ko's answer for no vGIC, as KVM's for no irqchip */
	if (!v->has_gic)
		claim(ex, ENXIO, "the VM has no vGIC");
	else if (l->intid < SPI_FIRST || l->intid >= v->nr_irqs ||
		 l->intid >= SPI_END)
		claim(ex, EINVAL, "not an SPI of the VM");
	else
		claim(ex, 0, "an SPI of the VM");
}
