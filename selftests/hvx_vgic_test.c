// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual GICv3 (HVX_VM_CREATE_GIC, HVX_VM_IRQ_LINE) through the raw
 * ioctls and from a guest: every error of the two ioctls (flags, reserved
 * fields, nr_irqs, frame alignment, IPA range, wrap-around, the frames
 * overlapping each other or guest RAM, twice, after the first run, no
 * vGIC, INTIDs that are no SPI, levels other than 0 and 1); then guests
 * of a few hand-encoded instructions that read and write the distributor
 * and redistributor registers (done in the kernel: no MMIO exit reaches
 * user space): the ID registers, GICD_TYPER and GICR_TYPER as emulated
 * (affinity, Processor_Number, Last over a gap in the vCPU ids), GICD_CTLR,
 * GICR_WAKER, enables, priorities at byte and word width, ICFGR with the
 * SGIs' read-only, 64-bit IROUTER and its halves, RAZ/WI where affinity
 * routing puts it and beyond nr_irqs, an SPI line from user space seen as
 * pending (level and edge); a hostile guest that reads and writes
 * every offset of the frames at every width, enabling and making pending
 * all 988 SPIs, after which the vGIC still answers as before; SGIs from
 * the guest's ICC_SGI*R_EL1 writes (target lists, Aff1, IRM, groups,
 * absent targets); and SPIs taken by a guest (by priority, more than the
 * list registers, a level one again while its line is high, one raised
 * while the guest waits in WFI). The last two need EL2's list registers
 * and trapped SGI writes, and the run loop's vGIC calls.
 *
 * Run as root with hvx loaded (tools/hvx-vm does both).
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/hvx.h>

#include "kselftest_harness.h"
#include <hvx/gicv3-regs.h>

#include "lib/hvx_vm.h"

static_assert(sizeof(struct hvx_vm_gic) == 56, "hvx_vm_gic size");
static_assert(sizeof(struct hvx_irq_line) == 32, "hvx_irq_line size");

#define RAM_BASE	GUEST_RAM_BASE
#define RAM_SIZE	0x10000ULL
#define REPORT		GUEST_REPORT_ADDR
#define IPA_LIMIT	(1ULL << HVX_GUEST_IPA_BITS)
#define DIST		GUEST_GICD_BASE	/* as hvxctl run puts them */
#define REDIST		GUEST_GICR_BASE
#define REDIST_REGION	(HVX_MAX_VCPUS * HVX_GIC_REDIST_SIZE)
#define RUN_TIMEOUT_S	20

/* Register fields (Arm IHI 0069; the offsets: include/hvx/gicv3-regs.h) */
#define CTLR_G0		0x1
#define CTLR_G1		0x2
#define CTLR_ARE	0x10
#define CTLR_DS		0x40
#define TYPER_LPIS	(1U << 17)
#define TYPER_MBIS	(1U << 16)
#define TYPER_NO1N	(1U << 25)
#define TYPER_IDBITS(t)	(((t) >> 19) & 0x1f)
#define PIDR2_ARCH(p)	(((p) >> 4) & 0xf)
#define RTYPER_LAST	(1ULL << 4)
#define RTYPER_PLPIS	(1ULL << 0)
#define WAKER_PS	0x2
#define WAKER_CA	0x4
#define IROUTER_IRM	(1ULL << 31)

/* aarch64 instructions beyond lib/hvx_vm.h's */
#define A64_ADD_IMM(rd, rn, imm) (0x91000000U | ((uint32_t)(imm) << 10) | \
				  ((uint32_t)(rn) << 5) | (uint32_t)(rd))
#define A64_WFI		0xd503207fU
#define A64_DAIFCLR_I	0xd50342ffU	/* msr daifclr, #2 */
#define SR_ICC_IAR1	A64_SYSREG(0, 12, 12, 0)
#define SR_ICC_EOIR1	A64_SYSREG(0, 12, 12, 1)
#define SR_ICC_PMR	A64_SYSREG(0, 4, 6, 0)
#define SR_ICC_IGRPEN1	A64_SYSREG(0, 12, 12, 7)
#define SR_ICC_SGI1R	A64_SYSREG(0, 12, 11, 5)
#define SR_ICC_ASGI1R	A64_SYSREG(0, 12, 11, 6)
#define SR_ICC_SGI0R	A64_SYSREG(0, 12, 11, 7)
/* ICC_SGI1R_EL1 fields */
#define SGIR(intid, aff1, targets) (((uint64_t)(intid) << 24) | \
				    ((uint64_t)(aff1) << 16) | (targets))
#define SGIR_AFF2(a)	((uint64_t)(a) << 32)
#define SGIR_IRM	(1ULL << 40)
#define SGIR_RS(rs)	((uint64_t)(rs) << 44)
#define SGIR_AFF3(a)	((uint64_t)(a) << 48)
#define A64_CMP(rn, rm)		(0xeb000000U | ((uint32_t)(rm) << 16) | \
				 ((uint32_t)(rn) << 5) | 31U)

/*
 * The access stubs: one access with x1 the address, x2 the data, then a
 * report to REPORT (x3) of x0 (loads) or x2 (stores). STUB(kind) is the
 * guest address of each. Each starts with a NOP: the run after a report
 * completes that report first, moving the pc on by one instruction, so
 * the access comes next either way.
 */
enum stub {
	LD8, LD16, LD32, LD64, ST8, ST16, ST32, ST64,
	SGI0R, SGI1R, ASGI1R,	/* msr ICC_SGI0R_EL1 (...), x2 */
	NR_STUBS
};

#define STUB_INSNS	4
#define STUB(kind)	(RAM_BASE + 4ULL * STUB_INSNS * (kind))
/* Where the sweep loops start; the interrupt-taking guest and its vectors. */
#define SWEEP_BASE	(RAM_BASE + 0x1000)
#define IRQ_GUEST	(RAM_BASE + 0x3000)
#define IRQ_VECTORS	(RAM_BASE + 0x4000)
#define VEC_IRQ_SPX	0x280	/* IRQ from the current EL, SP_ELx */

struct gicctx {
	int dev, vm, vcpu;
	struct hvx_run *run;
	size_t run_size;
	struct hvx_regs regs;
};

static void on_alarm(int sig)
{
	(void)sig;
}

static int gic_create(int vm, uint32_t nr_irqs, uint64_t dist, uint64_t redist)
{
	struct hvx_vm_gic g;

	memset(&g, 0, sizeof(g));
	g.nr_irqs = nr_irqs;
	g.dist_base = dist;
	g.redist_base = redist;
	return hvx_ioctl(vm, HVX_VM_CREATE_GIC, &g);
}

static int irq_line(int vm, uint32_t intid, uint32_t level)
{
	struct hvx_irq_line l;

	memset(&l, 0, sizeof(l));
	l.intid = intid;
	l.level = level;
	return hvx_ioctl(vm, HVX_VM_IRQ_LINE, &l);
}

/* /dev/hvx and a VM; skips the test if hvx has no vGIC to offer. */
static void ctx_open(struct __test_metadata *_metadata, struct gicctx *c)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct hvx_version v;

	memset(c, 0, sizeof(*c));
	c->vcpu = -1;
	sigaction(SIGALRM, &sa, NULL);
	c->dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, c->dev) {
		TH_LOG("open %s: %s (is hvx loaded? run as root)", HVX_DEV,
		       strerror(errno));
	}
	memset(&v, 0, sizeof(v));
	ASSERT_EQ(0, hvx_ioctl(c->dev, HVX_GET_VERSION, &v));
	/* The test VM's host has a GICv3 with its maintenance interrupt. */
	ASSERT_TRUE(v.features & HVX_FEATURE_VGIC) {
		TH_LOG("HVX_GET_VERSION: features 0x%llx without HVX_FEATURE_VGIC on a GICv3 host",
		       (unsigned long long)v.features);
	}
	c->vm = vm_create(c->dev);
	ASSERT_LE(0, c->vm) {
		TH_LOG("HVX_CREATE_VM: %s", strerror(-c->vm));
	}
}

static void ctx_close(struct gicctx *c)
{
	if (c->run)
		munmap(c->run, c->run_size);
	if (c->vcpu >= 0)
		close(c->vcpu);
	close(c->vm);
	close(c->dev);
}

FIXTURE(gic) {
	struct gicctx c;
};

FIXTURE_SETUP(gic)
{
	ctx_open(_metadata, &self->c);
}

FIXTURE_TEARDOWN(gic)
{
	ctx_close(&self->c);
}

TEST_F(gic, create_bad_args)
{
	struct hvx_vm_gic g;
	unsigned int i;

	memset(&g, 0, sizeof(g));
	g.nr_irqs = 64;
	g.dist_base = DIST;
	g.redist_base = REDIST;
	g.flags = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_CREATE_GIC, &g));
	g.flags = 0x80000000U;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_CREATE_GIC, &g));
	g.flags = 0;
	for (i = 0; i < 4; i++) {
		g.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_CREATE_GIC, &g));
		g.reserved[i] = 0;
	}
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vm, HVX_VM_CREATE_GIC, NULL));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vm, HVX_VM_CREATE_GIC,
				    (void *)(uintptr_t)0xdead0000));
	/* None of these made one: a good one still works. */
	EXPECT_EQ(0, hvx_ioctl(self->c.vm, HVX_VM_CREATE_GIC, &g));
}

TEST_F(gic, create_bad_nr_irqs)
{
	static const uint32_t bad[] = {
		0, 1, 31, 32, 48, 63, 65, 96 + 1, 1000, 1020, 1023, 1025, 1056,
		2048, 0x80000000U, 0xffffffe0U, 0xffffffffU,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(EINVAL, gic_create(self->c.vm, bad[i], DIST, REDIST)) {
			TH_LOG("nr_irqs %u", bad[i]);
		}
	EXPECT_EQ(0, gic_create(self->c.vm, 1024, DIST, REDIST));
}

TEST_F(gic, create_bad_bases)
{
	static const struct { uint64_t dist, redist; } bad[] = {
		{ DIST + 0x1000, REDIST },		/* not 64 KiB aligned */
		{ DIST + 8, REDIST },
		{ DIST, REDIST + 0x8000 },
		{ DIST, REDIST + 4 },
		{ IPA_LIMIT, REDIST },			/* beyond the IPA space */
		{ IPA_LIMIT - 0x10000 + 0x10000, REDIST },
		{ DIST, IPA_LIMIT },
		{ DIST, IPA_LIMIT - REDIST_REGION + 0x10000 },	/* ends beyond */
		{ 0xffffffffffff0000ULL, REDIST },	/* wraps */
		{ DIST, 0xffffffffffff0000ULL },
		{ DIST, 0xfffffffffff00000ULL },
		{ DIST, DIST },				/* overlap each other */
		{ REDIST, REDIST },
		{ REDIST + REDIST_REGION - 0x10000, REDIST },
		{ REDIST + 0x20000, REDIST },
		{ DIST, DIST - REDIST_REGION + 0x10000 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(EINVAL, gic_create(self->c.vm, 64, bad[i].dist,
					     bad[i].redist)) {
			TH_LOG("dist 0x%llx redist 0x%llx",
			       (unsigned long long)bad[i].dist,
			       (unsigned long long)bad[i].redist);
		}
	/* Touching is not overlapping; the last frame may end at 2^39. */
	EXPECT_EQ(0, gic_create(self->c.vm, 64, IPA_LIMIT - REDIST_REGION -
				HVX_GIC_DIST_SIZE, IPA_LIMIT - REDIST_REGION));
}

TEST_F(gic, create_overlapping_ram)
{
	int vm2;

	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, RAM_SIZE));
	EXPECT_EQ(EINVAL, gic_create(self->c.vm, 64, RAM_BASE, REDIST));
	EXPECT_EQ(EINVAL, gic_create(self->c.vm, 64, DIST, RAM_BASE));
	EXPECT_EQ(EINVAL, gic_create(self->c.vm, 64, DIST,
				     RAM_BASE - REDIST_REGION + 0x20000));
	EXPECT_EQ(EINVAL, gic_create(self->c.vm, 64, RAM_BASE + RAM_SIZE -
				     0x10000, REDIST));
	ASSERT_EQ(0, gic_create(self->c.vm, 64, RAM_BASE - 0x10000,
				RAM_BASE + RAM_SIZE));

	/* Nor may RAM come where the frames are, afterwards. */
	EXPECT_EQ(EEXIST, vm_add_memory(self->c.vm, RAM_BASE - 0x10000, 0x1000));
	EXPECT_EQ(EEXIST, vm_add_memory(self->c.vm, RAM_BASE - 0x100000, 0x100000));
	EXPECT_EQ(EEXIST, vm_add_memory(self->c.vm, RAM_BASE + RAM_SIZE +
					REDIST_REGION - 0x1000, 0x2000));
	EXPECT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE + RAM_SIZE +
				   REDIST_REGION, 0x1000));
	/* Another VM's map is its own. */
	vm2 = vm_create(self->c.dev);
	ASSERT_LE(0, vm2);
	EXPECT_EQ(0, vm_add_memory(vm2, RAM_BASE - 0x10000, 0x1000));
	close(vm2);
}

TEST_F(gic, create_twice)
{
	ASSERT_EQ(0, gic_create(self->c.vm, 64, DIST, REDIST));
	EXPECT_EQ(EEXIST, gic_create(self->c.vm, 64, DIST, REDIST));
	EXPECT_EQ(EEXIST, gic_create(self->c.vm, 128, 0x10000000, 0x11000000));
}

TEST_F(gic, create_after_run)
{
	struct gicctx *c = &self->c;
	uint32_t hvc = A64_HVC0;
	int rc;

	ASSERT_EQ(0, vm_add_memory(c->vm, RAM_BASE, RAM_SIZE));
	ASSERT_EQ(0, vm_write(c->vm, RAM_BASE, &hvc, sizeof(hvc)));
	c->vcpu = vcpu_create(c->vm, 0, 0);
	ASSERT_LE(0, c->vcpu);
	ASSERT_EQ(0, vcpu_get_regs(c->vcpu, &c->regs));
	c->regs.pc = RAM_BASE;
	c->regs.x[0] = PSCI_SYSTEM_OFF;
	ASSERT_EQ(0, vcpu_set_regs(c->vcpu, &c->regs));
	rc = vcpu_run(c->vcpu);
	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VCPU_RUN: %s", strerror(rc));
	}
	EXPECT_EQ(EBUSY, gic_create(c->vm, 64, DIST, REDIST));
}

TEST_F(gic, irq_line_bad_args)
{
	struct hvx_irq_line l;
	static const uint32_t bad_intids[] = {
		0, 1, 15, 16, 27, 31, 96, 97, 1019, 1020, 1023, 1024,
		0x80000020U, 0xffffffffU,
	};
	unsigned int i;

	/* No vGIC yet. */
	EXPECT_EQ(ENXIO, irq_line(self->c.vm, 32, 1));
	ASSERT_EQ(0, gic_create(self->c.vm, 96, DIST, REDIST));

	memset(&l, 0, sizeof(l));
	l.intid = 40;
	l.level = 1;
	EXPECT_EQ(0, hvx_ioctl(self->c.vm, HVX_VM_IRQ_LINE, &l));
	l.flags = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_IRQ_LINE, &l));
	l.flags = 0;
	l.pad = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_IRQ_LINE, &l));
	l.pad = 0;
	for (i = 0; i < 2; i++) {
		l.reserved[i] = 1ULL << 63;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_IRQ_LINE, &l));
		l.reserved[i] = 0;
	}
	l.level = 2;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_IRQ_LINE, &l));
	l.level = 0xffffffffU;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_IRQ_LINE, &l));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vm, HVX_VM_IRQ_LINE, NULL));
	for (i = 0; i < ARRAY_SIZE(bad_intids); i++) {
		EXPECT_EQ(EINVAL, irq_line(self->c.vm, bad_intids[i], 1)) {
			TH_LOG("intid %u of 96", bad_intids[i]);
		}
	}
	/* Every SPI, both levels, twice. */
	for (i = 32; i < 96; i++) {
		EXPECT_EQ(0, irq_line(self->c.vm, i, 1));
		EXPECT_EQ(0, irq_line(self->c.vm, i, 1));
		EXPECT_EQ(0, irq_line(self->c.vm, i, 0));
		EXPECT_EQ(0, irq_line(self->c.vm, i, 0));
	}
}

/* The highest SPI of the largest vGIC; 1020-1023 are not SPIs. */
TEST_F(gic, irq_line_max)
{
	ASSERT_EQ(0, gic_create(self->c.vm, 1024, DIST, REDIST));
	EXPECT_EQ(0, irq_line(self->c.vm, 1019, 1));
	EXPECT_EQ(EINVAL, irq_line(self->c.vm, 1020, 1));
	EXPECT_EQ(EINVAL, irq_line(self->c.vm, 1023, 1));
}

/* --- guests --------------------------------------------------------------- */

/* RAM with the stubs and @sweep (may be NULL), the vGIC, vCPU 0. */
static void start_guest(struct __test_metadata *_metadata, struct gicctx *c,
			uint32_t nr_irqs, const struct guest_code *sweep)
{
	static const uint32_t access[NR_STUBS] = {
		[LD8] = A64_LDRB(0, 1), [LD16] = A64_LDRH(0, 1),
		[LD32] = A64_LDR_W(0, 1), [LD64] = A64_LDR_X(0, 1),
		[ST8] = A64_STRB(2, 1), [ST16] = A64_STRH(2, 1),
		[ST32] = A64_STR_W(2, 1), [ST64] = A64_STR_X(2, 1),
		[SGI0R] = A64_MSR(SR_ICC_SGI0R, 2),
		[SGI1R] = A64_MSR(SR_ICC_SGI1R, 2),
		[ASGI1R] = A64_MSR(SR_ICC_ASGI1R, 2),
	};
	struct guest_code code;
	unsigned int k;

	code_init(&code, RAM_BASE);
	for (k = 0; k < NR_STUBS; k++) {
		emit(&code, A64_NOP);
		emit(&code, access[k]);
		emit(&code, A64_STR_X(k < ST8 ? 0 : 2, 3));
		emit(&code, A64_B_SELF);
	}
	ASSERT_EQ(0, vm_add_memory(c->vm, RAM_BASE, RAM_SIZE));
	ASSERT_EQ(0, vm_write_code(c->vm, &code));
	if (sweep)
		ASSERT_EQ(0, vm_write_code(c->vm, sweep));
	ASSERT_EQ(0, gic_create(c->vm, nr_irqs, DIST, REDIST));
	c->vcpu = vcpu_create(c->vm, 0, 0);
	ASSERT_LE(0, c->vcpu);
	c->run = vcpu_map(c->dev, c->vcpu, &c->run_size);
	ASSERT_NE(NULL, c->run);
	ASSERT_EQ(0, vcpu_get_regs(c->vcpu, &c->regs));
	c->regs.pstate = PSR_EL1h_MASKED;
	c->regs.x[3] = REPORT;
}

/* Run on (no register change) to the next report: its value. */
static uint64_t next_report(struct __test_metadata *_metadata, struct gicctx *c)
{
	char buf[200];
	int rc;

	alarm(RUN_TIMEOUT_S);
	rc = vcpu_run(c->vcpu);
	alarm(0);
	if (rc || c->run->exit_reason != HVX_EXIT_MMIO ||
	    c->run->mmio.phys_addr != REPORT) {
		TH_LOG("run to pc 0x%llx (x1 0x%llx): %s, %s; expected a report",
		       (unsigned long long)c->regs.pc,
		       (unsigned long long)c->regs.x[1], strerror(rc),
		       exit_str(c->run, buf, sizeof(buf)));
		_metadata->passed = 0;
		return ~0ULL;
	}
	return mmio_data(c->run, 8);
}

/* Run from @pc to the guest's report: its value. */
static uint64_t run_to_report(struct __test_metadata *_metadata,
			      struct gicctx *c, uint64_t pc)
{
	int rc;

	c->regs.pc = pc;
	rc = vcpu_set_regs(c->vcpu, &c->regs);
	if (rc) {
		TH_LOG("HVX_VCPU_SET_REGS: %s", strerror(rc));
		_metadata->passed = 0;
		return 0;
	}
	/* A vGIC access must not reach user space: the report comes first. */
	return next_report(_metadata, c);
}

static uint64_t rd(struct __test_metadata *_metadata, struct gicctx *c,
		   uint64_t addr, unsigned int len)
{
	enum stub k = len == 1 ? LD8 : len == 2 ? LD16 : len == 4 ? LD32 : LD64;

	c->regs.x[1] = addr;
	c->regs.x[0] = 0x5a5a5a5a5a5a5a5aULL;
	return run_to_report(_metadata, c, STUB(k));
}

static void wr(struct __test_metadata *_metadata, struct gicctx *c,
	       uint64_t addr, unsigned int len, uint64_t val)
{
	enum stub k = len == 1 ? ST8 : len == 2 ? ST16 : len == 4 ? ST32 : ST64;

	c->regs.x[1] = addr;
	c->regs.x[2] = val;
	run_to_report(_metadata, c, STUB(k));
}

#define RD32(off)	rd(_metadata, c, DIST + (off), 4)
#define WR32(off, v)	wr(_metadata, c, DIST + (off), 4, (v))
#define RADDR(id, off)	(REDIST + (id) * HVX_GIC_REDIST_SIZE + (off))
#define RRD(id, off, len) rd(_metadata, c, RADDR(id, off), (len))
#define RWR(id, off, len, v) wr(_metadata, c, RADDR(id, off), (len), (v))

TEST_F(gic, dist_id_registers)
{
	struct gicctx *c = &self->c;
	uint64_t typer;

	start_guest(_metadata, c, 256, NULL);
	typer = RD32(GICD_TYPER);
	EXPECT_EQ(256 / 32 - 1, typer & 0x1f);
	EXPECT_EQ(9, TYPER_IDBITS(typer));		/* INTIDs 0-1023 */
	EXPECT_TRUE(typer & TYPER_NO1N);
	EXPECT_EQ(0, typer & (TYPER_LPIS | TYPER_MBIS));
	EXPECT_EQ(3, PIDR2_ARCH(RD32(GICD_PIDR2)));
	EXPECT_EQ(0x43b, RD32(GICD_IIDR) & 0xfff);
	EXPECT_EQ(0xb1, RD32(0xfffc));			/* CIDR3 */
	/* Affinity routing and one security state, fixed; the enables not. */
	EXPECT_EQ(CTLR_ARE | CTLR_DS, RD32(GICD_CTLR));
	WR32(GICD_CTLR, 0xffffffff);
	EXPECT_EQ(CTLR_ARE | CTLR_DS | CTLR_G0 | CTLR_G1, RD32(GICD_CTLR));
	WR32(GICD_CTLR, 0);
	EXPECT_EQ(CTLR_ARE | CTLR_DS, RD32(GICD_CTLR));
	/* Read-only and RAZ/WI registers. */
	WR32(GICD_TYPER, 0);
	EXPECT_EQ(typer, RD32(GICD_TYPER));
	WR32(GICD_SETSPI_NSR, 40);
	EXPECT_EQ(0, RD32(GICD_ISPENDR + 4));
	WR32(GICD_ITARGETSR + 40, 0xffffffff);
	EXPECT_EQ(0, RD32(GICD_ITARGETSR + 40));
	WR32(GICD_SGIR, 0x0001000f);
	EXPECT_EQ(0, RRD(0, GICR_SGI_OFFSET + GICD_ISPENDR, 4));
	/* Widths a register does not have: RAZ/WI. */
	EXPECT_EQ(0, rd(_metadata, c, DIST + GICD_TYPER, 1));
	EXPECT_EQ(0, rd(_metadata, c, DIST + GICD_TYPER, 2));
	EXPECT_EQ(0, rd(_metadata, c, DIST + GICD_CTLR, 8));
	wr(_metadata, c, DIST + GICD_CTLR, 1, 0xff);
	wr(_metadata, c, DIST + GICD_CTLR, 2, 0xffff);
	EXPECT_EQ(CTLR_ARE | CTLR_DS, RD32(GICD_CTLR));
}

TEST_F(gic, dist_irq_registers)
{
	struct gicctx *c = &self->c;

	start_guest(_metadata, c, 64, NULL);
	/* SPIs 32-63 exist, 64 and up do not; 0-31 are the GICR's (ARE). */
	WR32(GICD_ISENABLER + 4, 0xffffffff);
	EXPECT_EQ(0xffffffff, RD32(GICD_ISENABLER + 4));
	WR32(GICD_ICENABLER + 4, 0x0000ffff);
	EXPECT_EQ(0xffff0000, RD32(GICD_ISENABLER + 4));
	EXPECT_EQ(0xffff0000, RD32(GICD_ICENABLER + 4));
	WR32(GICD_ISENABLER + 8, 0xffffffff);
	EXPECT_EQ(0, RD32(GICD_ISENABLER + 8));
	WR32(GICD_ISENABLER, 0xffffffff);
	EXPECT_EQ(0, RD32(GICD_ISENABLER));
	EXPECT_EQ(0, RRD(0, GICR_SGI_OFFSET + GICD_ISENABLER, 4));
	/* Groups: Group 1 at reset, programmable. */
	EXPECT_EQ(0xffffffff, RD32(GICD_IGROUPR + 4));
	WR32(GICD_IGROUPR + 4, 0x12345678);
	EXPECT_EQ(0x12345678, RD32(GICD_IGROUPR + 4));
	/* Priorities: bytes and words. */
	wr(_metadata, c, DIST + GICD_IPRIORITYR + 33, 1, 0xa0);
	EXPECT_EQ(0xa000, RD32(GICD_IPRIORITYR + 32));
	WR32(GICD_IPRIORITYR + 60, 0x11223344);
	EXPECT_EQ(0x22, rd(_metadata, c, DIST + GICD_IPRIORITYR + 62, 1));
	EXPECT_EQ(0, rd(_metadata, c, DIST + GICD_IPRIORITYR + 60, 2));
	WR32(GICD_IPRIORITYR + 64, 0xffffffff);		/* INTID 64: none */
	EXPECT_EQ(0, RD32(GICD_IPRIORITYR + 64));
	WR32(GICD_IPRIORITYR + 4, 0xffffffff);		/* SGIs: the GICR's */
	EXPECT_EQ(0, RD32(GICD_IPRIORITYR + 4));
	/* Configuration: the upper bit of each field says edge. */
	WR32(GICD_ICFGR + 8, 0xffffffff);
	EXPECT_EQ(0xaaaaaaaa, RD32(GICD_ICFGR + 8));
	WR32(GICD_ICFGR + 8, 0);
	EXPECT_EQ(0, RD32(GICD_ICFGR + 8));
	/* Active. */
	WR32(GICD_ISACTIVER + 4, 0x80000001);
	EXPECT_EQ(0x80000001, RD32(GICD_ISACTIVER + 4));
	WR32(GICD_ISACTIVER + 0x80 + 4, 0x80000000);	/* ICACTIVER */
	EXPECT_EQ(0x00000001, RD32(GICD_ISACTIVER + 4));
}

TEST_F(gic, irouter)
{
	struct gicctx *c = &self->c;
	uint64_t r40 = DIST + GICD_IROUTER + 8 * 40;

	start_guest(_metadata, c, 64, NULL);
	EXPECT_EQ(0, rd(_metadata, c, r40, 8));
	/* Aff3.Aff2.Aff1.Aff0 kept, IRM (1-of-N) RAZ/WI, the rest RES0. */
	wr(_metadata, c, r40, 8, 0xffffffffffffffffULL);
	EXPECT_EQ(0xff00ffffffULL, rd(_metadata, c, r40, 8));
	EXPECT_EQ(0x00ffffff, rd(_metadata, c, r40, 4));
	EXPECT_EQ(0xff, rd(_metadata, c, r40 + 4, 4));
	wr(_metadata, c, r40 + 4, 4, 0);
	EXPECT_EQ(0x00ffffffULL, rd(_metadata, c, r40, 8));
	wr(_metadata, c, r40, 4, 0x80000102);
	EXPECT_EQ(0x102ULL, rd(_metadata, c, r40, 8));
	EXPECT_EQ(0, rd(_metadata, c, r40, 1));
	/* No IROUTER below 32 or from nr_irqs on. */
	wr(_metadata, c, DIST + GICD_IROUTER + 8 * 31, 8, 1);
	EXPECT_EQ(0, rd(_metadata, c, DIST + GICD_IROUTER + 8 * 31, 8));
	wr(_metadata, c, DIST + GICD_IROUTER + 8 * 64, 8, 1);
	EXPECT_EQ(0, rd(_metadata, c, DIST + GICD_IROUTER + 8 * 64, 8));
}

/* An SPI's line from user space, seen as pending by the guest. */
TEST_F(gic, spi_line_pending)
{
	struct gicctx *c = &self->c;

	start_guest(_metadata, c, 64, NULL);
	/* Level-sensitive: pending while the line is high. */
	ASSERT_EQ(0, irq_line(c->vm, 40, 1));
	EXPECT_EQ(1U << 8, RD32(GICD_ISPENDR + 4));
	WR32(GICD_ICPENDR + 4, 1U << 8);
	EXPECT_EQ(1U << 8, RD32(GICD_ISPENDR + 4));
	ASSERT_EQ(0, irq_line(c->vm, 40, 0));
	EXPECT_EQ(0, RD32(GICD_ISPENDR + 4));
	/* Edge-triggered: a rising edge latches it until cleared. */
	WR32(GICD_ICFGR + 8, 2U << 16);
	ASSERT_EQ(0, irq_line(c->vm, 40, 1));
	ASSERT_EQ(0, irq_line(c->vm, 40, 0));
	EXPECT_EQ(1U << 8, RD32(GICD_ISPENDR + 4));
	WR32(GICD_ICPENDR + 4, 1U << 8);
	EXPECT_EQ(0, RD32(GICD_ICPENDR + 4));
	/* The guest's own ISPENDR. */
	WR32(GICD_ISPENDR + 4, 0x80000000);
	EXPECT_EQ(0x80000000, RD32(GICD_ISPENDR + 4));
}

TEST_F(gic, redistributors)
{
	struct gicctx *c = &self->c;
	uint64_t t;
	int vcpu17;

	start_guest(_metadata, c, 64, NULL);
	/* vCPUs 0 and 17: frames 0-17 are there, 17 is the last. */
	vcpu17 = vcpu_create(c->vm, 17, HVX_VCPU_POWER_OFF);
	ASSERT_LE(0, vcpu17);
	/* Affinity 0.0.0.0, Processor_Number 0, not the last, no LPIs. */
	EXPECT_EQ(0, RRD(0, GICR_TYPER, 8));
	t = RRD(1, GICR_TYPER, 8);
	EXPECT_EQ((1ULL << 32) | (1 << 8), t);
	t = RRD(17, GICR_TYPER, 8);
	EXPECT_EQ((0x101ULL << 32) | (17 << 8) | RTYPER_LAST, t);
	EXPECT_EQ((17 << 8) | RTYPER_LAST, RRD(17, GICR_TYPER, 4));
	EXPECT_EQ(0x101, RRD(17, GICR_TYPER + 4, 4));
	RWR(17, GICR_TYPER, 8, 0);
	EXPECT_EQ(t, RRD(17, GICR_TYPER, 8));
	EXPECT_EQ(3, PIDR2_ARCH(RRD(17, GICR_PIDR2, 4)));
	EXPECT_EQ(0x43b, RRD(0, GICR_IIDR, 4) & 0xfff);
	/* Beyond the last: nothing. */
	EXPECT_EQ(0, RRD(18, GICR_PIDR2, 4));
	EXPECT_EQ(0, RRD(18, GICR_TYPER, 8));
	EXPECT_EQ(0, RRD(63, GICR_PIDR2, 4));
	/* No LPIs. */
	EXPECT_EQ(0, RRD(0, GICR_CTLR, 4));
	RWR(0, GICR_CTLR, 4, 1);
	EXPECT_EQ(0, RRD(0, GICR_CTLR, 4));
	RWR(0, GICR_PROPBASER, 8, 0x12345000);
	EXPECT_EQ(0, RRD(0, GICR_PROPBASER, 8));
	/* WAKER: asleep at reset, awake when told, each on its own. */
	EXPECT_EQ(WAKER_PS | WAKER_CA, RRD(0, GICR_WAKER, 4));
	RWR(0, GICR_WAKER, 4, 0);
	EXPECT_EQ(0, RRD(0, GICR_WAKER, 4));
	EXPECT_EQ(WAKER_PS | WAKER_CA, RRD(17, GICR_WAKER, 4));
	RWR(0, GICR_WAKER, 4, WAKER_PS);
	EXPECT_EQ(WAKER_PS | WAKER_CA, RRD(0, GICR_WAKER, 4));

	/* SGI_base: each vCPU's INTIDs 0-31 are its own. */
	RWR(0, GICR_SGI_OFFSET + GICD_ISENABLER, 4, 0x08000001);
	EXPECT_EQ(0x08000001, RRD(0, GICR_SGI_OFFSET + GICD_ISENABLER, 4));
	EXPECT_EQ(0, RRD(17, GICR_SGI_OFFSET + GICD_ISENABLER, 4));
	RWR(17, GICR_SGI_OFFSET + GICD_ISPENDR, 4, 0x00010002);
	EXPECT_EQ(0x00010002, RRD(17, GICR_SGI_OFFSET + GICD_ISPENDR, 4));
	EXPECT_EQ(0, RRD(0, GICR_SGI_OFFSET + GICD_ISPENDR, 4));
	RWR(0, GICR_SGI_OFFSET + GICD_IPRIORITYR + 27, 1, 0x80);
	EXPECT_EQ(0x80000000, RRD(0, GICR_SGI_OFFSET + GICD_IPRIORITYR + 24, 4));
	EXPECT_EQ(0, RRD(17, GICR_SGI_OFFSET + GICD_IPRIORITYR + 24, 4));
	/* SGIs are edge-triggered, for good; PPIs may be configured. */
	EXPECT_EQ(0xaaaaaaaa, RRD(0, GICR_SGI_OFFSET + GICD_ICFGR, 4));
	RWR(0, GICR_SGI_OFFSET + GICD_ICFGR, 4, 0);
	EXPECT_EQ(0xaaaaaaaa, RRD(0, GICR_SGI_OFFSET + GICD_ICFGR, 4));
	EXPECT_EQ(0, RRD(0, GICR_SGI_OFFSET + GICD_ICFGR + 4, 4));
	RWR(0, GICR_SGI_OFFSET + GICD_ICFGR + 4, 4, 0xffffffff);
	EXPECT_EQ(0xaaaaaaaa, RRD(0, GICR_SGI_OFFSET + GICD_ICFGR + 4, 4));
	/* Only INTIDs 0-31 in SGI_base. */
	RWR(0, GICR_SGI_OFFSET + GICD_ISENABLER + 4, 4, 0xffffffff);
	EXPECT_EQ(0, RRD(0, GICR_SGI_OFFSET + GICD_ISENABLER + 4, 4));
	EXPECT_EQ(0, RD32(GICD_ISENABLER + 4));
	close(vcpu17);
}

/*
 * The hostile guest: from x1 to x4, at @width, read each register and
 * write x2 to it; then report x0 (the last value read).
 */
static void emit_sweep(struct guest_code *code, unsigned int width)
{
	uint64_t loop;

	emit(code, A64_NOP);	/* see STUB_INSNS */
	loop = code_here(code);

	switch (width) {
	case 1:
		emit(code, A64_LDRB(0, 1));
		emit(code, A64_STRB(2, 1));
		break;
	case 2:
		emit(code, A64_LDRH(0, 1));
		emit(code, A64_STRH(2, 1));
		break;
	case 4:
		emit(code, A64_LDR_W(0, 1));
		emit(code, A64_STR_W(2, 1));
		break;
	default:
		emit(code, A64_LDR_X(0, 1));
		emit(code, A64_STR_X(2, 1));
	}
	emit(code, A64_ADD_IMM(1, 1, width));
	emit(code, A64_CMP(1, 4));
	emit(code, A64_BNE(loop - code_here(code)));
	emit(code, A64_STR_X(0, 3));
	emit(code, A64_B_SELF);
}

/* A run per SWEEP_CHUNK bytes: each well within RUN_TIMEOUT_S, debug kernels too. */
#define SWEEP_CHUNK	0x2000ULL

static void sweep(struct __test_metadata *_metadata, struct gicctx *c,
		  uint64_t entry, uint64_t from, uint64_t to, uint64_t val)
{
	for (; from < to && _metadata->passed; from += SWEEP_CHUNK) {
		c->regs.x[1] = from;
		c->regs.x[4] = from + SWEEP_CHUNK < to ? from + SWEEP_CHUNK : to;
		c->regs.x[2] = val;
		run_to_report(_metadata, c, entry);
	}
}

/*
 * The hostile guest's ranges: at every width those that have registers
 * (and their neighbours), at 4 bytes every offset of the frames: the
 * distributor, vCPU 0's redistributor, and the one past the last vCPU.
 */
static const struct {
	uint64_t from, to;
	bool all_widths;
} sweeps[] = {
	{ DIST, DIST + 0x1000, true },
	{ DIST + 0x6000, DIST + 0x8000, true },
	{ DIST + 0xffc0, DIST + 0x10000, true },
	{ REDIST, REDIST + 0x100, true },
	{ REDIST + 0xffc0, REDIST + 0x10000, true },
	{ REDIST + GICR_SGI_OFFSET, REDIST + GICR_SGI_OFFSET + 0x1000, true },
	{ REDIST + HVX_GIC_REDIST_SIZE, REDIST + HVX_GIC_REDIST_SIZE + 0x100, true },
	{ DIST, DIST + HVX_GIC_DIST_SIZE, false },
	{ REDIST, REDIST + 2 * HVX_GIC_REDIST_SIZE, false },
};

TEST_F_TIMEOUT(gic, hostile_sweep, 600)
{
	static const unsigned int widths[] = { 1, 2, 4, 8 };
	static const uint64_t vals[] = { ~0ULL, 0x5555555555555555ULL, 0 };
	struct gicctx *c = &self->c;
	uint64_t entry[4], typer, rtyper, t0;
	struct guest_code code;
	unsigned int w, v, i;

	code_init(&code, SWEEP_BASE);
	for (w = 0; w < 4; w++) {
		entry[w] = code_here(&code);
		emit_sweep(&code, widths[w]);
	}
	start_guest(_metadata, c, 1024, &code);
	typer = RD32(GICD_TYPER);
	rtyper = RRD(0, GICR_TYPER, 8);
	t0 = time(NULL);

	/* All ones at every width, then other values at 4 bytes. */
	for (v = 0; v < 3; v++) {
		for (i = 0; i < ARRAY_SIZE(sweeps); i++) {
			for (w = 0; w < 4; w++) {
				if ((!sweeps[i].all_widths || v) && widths[w] != 4)
					continue;
				if (!sweeps[i].all_widths && v)
					continue;
				sweep(_metadata, c, entry[w], sweeps[i].from,
				      sweeps[i].to, vals[v]);
				ASSERT_TRUE(_metadata->passed) {
					TH_LOG("width %u value 0x%llx from 0x%llx",
					       widths[w],
					       (unsigned long long)vals[v],
					       (unsigned long long)sweeps[i].from);
				}
			}
		}
	}
	TH_LOG("sweeps took %llu s", (unsigned long long)(time(NULL) - t0));
	EXPECT_EQ(typer, RD32(GICD_TYPER));
	EXPECT_EQ(rtyper, RRD(0, GICR_TYPER, 8));
	EXPECT_EQ(3, PIDR2_ARCH(RD32(GICD_PIDR2)));

	/* All 988 SPIs enabled and pending, routed to vCPU 0: it runs on. */
	sweep(_metadata, c, entry[2], DIST + GICD_ISENABLER,
	      DIST + GICD_ISENABLER + 0x80, ~0ULL);
	sweep(_metadata, c, entry[2], DIST + GICD_ISPENDR,
	      DIST + GICD_ISPENDR + 0x80, ~0ULL);
	sweep(_metadata, c, entry[3], DIST + GICD_IROUTER + 8 * 32,
	      DIST + GICD_IROUTER + 8 * 1020, 0);
	WR32(GICD_CTLR, CTLR_G0 | CTLR_G1);
	EXPECT_EQ(0xffffffff, RD32(GICD_ISENABLER + 4));
	EXPECT_EQ(0x0fffffff, RD32(GICD_ISENABLER + 0x7c));	/* 1020-1023 */
	EXPECT_EQ(0x0fffffff, RD32(GICD_ISPENDR + 0x7c));
	EXPECT_EQ(0xffffffff, RD32(GICD_ISPENDR + 0x40));
	/* And user space's lines for them. */
	EXPECT_EQ(0, irq_line(c->vm, 1019, 1));
	EXPECT_EQ(0, irq_line(c->vm, 32, 1));
	EXPECT_EQ(typer, RD32(GICD_TYPER));
}

/* A 32-bit store of @val at @addr (x1, x2 clobbered). */
static void emit_store32(struct guest_code *code, uint64_t addr, uint32_t val)
{
	emit_mov64(code, 1, addr);
	emit_mov64(code, 2, val);
	emit(code, A64_STR_W(2, 1));
}

/*
 * A guest that takes interrupts: it wakes its redistributor, enables
 * Group 1, gives SPI 42 priority 0x40 and SPIs 40-47 else 0x80, enables
 * them, opens its CPU interface and waits in WFI; its IRQ handler reports
 * each INTID it acknowledges, then ends it (EOI).
 */
static void emit_irq_guest(struct guest_code *code, struct guest_code *vec)
{
	emit_store32(code, RADDR(0, GICR_WAKER), 0);
	emit_store32(code, DIST + GICD_CTLR, CTLR_G1);
	emit_store32(code, DIST + GICD_IPRIORITYR + 40, 0x80408080);
	emit_store32(code, DIST + GICD_IPRIORITYR + 44, 0x80808080);
	emit_store32(code, DIST + GICD_ISENABLER + 4, 0xff00);
	emit_mov64(code, 1, IRQ_VECTORS);
	emit(code, A64_MSR(SR_VBAR_EL1, 1));
	emit_mov64(code, 1, 0xff);
	emit(code, A64_MSR(SR_ICC_PMR, 1));
	emit_mov64(code, 1, 1);
	emit(code, A64_MSR(SR_ICC_IGRPEN1, 1));
	emit(code, A64_ISB);
	emit(code, A64_DAIFCLR_I);
	emit(code, A64_WFI);
	emit(code, 0x17ffffffU);	/* b .-4: back to the WFI */

	code_pad_to(vec, IRQ_VECTORS + VEC_IRQ_SPX);
	emit(vec, A64_MRS(0, SR_ICC_IAR1));
	emit(vec, A64_STR_X(0, 3));
	emit(vec, A64_MSR(SR_ICC_EOIR1, 0));
	emit(vec, A64_ERET);
}

struct line_later {
	int vm;
	uint32_t intid;
};

static void *raise_later(void *arg)
{
	struct line_later *l = arg;

	usleep(300 * 1000);
	irq_line(l->vm, l->intid, 1);
	return NULL;
}

/*
 * SPIs from user space's lines reach the guest: by priority, more of them
 * than the list registers hold, a level-sensitive one again and again
 * while its line stays high, and one raised while the guest waits in WFI.
 */
TEST_F(gic, spi_delivery)
{
	struct gicctx *c = &self->c;
	struct guest_code code, vec;
	struct line_later later;
	uint64_t got, seen = 0;
	pthread_t thread;
	unsigned int i;

	code_init(&code, IRQ_GUEST);
	code_init(&vec, IRQ_VECTORS);
	emit_irq_guest(&code, &vec);
	start_guest(_metadata, c, 64, &code);
	ASSERT_EQ(0, vm_write_code(c->vm, &vec));
	c->regs.pc = IRQ_GUEST;
	c->regs.sp_el1 = RAM_BASE + RAM_SIZE;
	ASSERT_EQ(0, vcpu_set_regs(c->vcpu, &c->regs));

	ASSERT_EQ(0, irq_line(c->vm, 40, 1));
	ASSERT_EQ(40, next_report(_metadata, c));
	ASSERT_EQ(0, irq_line(c->vm, 40, 0));

	/* Six at once, four list registers on QEMU: 42 first (priority). */
	for (i = 41; i <= 46; i++)
		ASSERT_EQ(0, irq_line(c->vm, i, 1));
	EXPECT_EQ(42, next_report(_metadata, c));
	ASSERT_EQ(0, irq_line(c->vm, 42, 0));
	for (i = 0; i < 5; i++) {
		got = next_report(_metadata, c);
		ASSERT_TRUE(got >= 41 && got <= 46 && got != 42 &&
			    !(seen & (1ULL << got))) {
			TH_LOG("report %u: INTID %llu (seen 0x%llx)", i,
			       (unsigned long long)got,
			       (unsigned long long)seen);
		}
		seen |= 1ULL << got;
		ASSERT_EQ(0, irq_line(c->vm, got, 0));
	}

	/* Level-sensitive: taken again after each EOI while the line is high. */
	ASSERT_EQ(0, irq_line(c->vm, 47, 1));
	EXPECT_EQ(47, next_report(_metadata, c));
	EXPECT_EQ(47, next_report(_metadata, c));
	EXPECT_EQ(47, next_report(_metadata, c));
	ASSERT_EQ(0, irq_line(c->vm, 47, 0));

	/* The guest waits in WFI; a line raised from another thread wakes it. */
	later.vm = c->vm;
	later.intid = 43;
	ASSERT_EQ(0, irq_line(c->vm, 43, 0));
	ASSERT_EQ(0, pthread_create(&thread, NULL, raise_later, &later));
	EXPECT_EQ(43, next_report(_metadata, c));
	pthread_join(thread, NULL);
}

static void send_sgi(struct __test_metadata *_metadata, struct gicctx *c,
		     enum stub reg, uint64_t val)
{
	c->regs.x[2] = val;
	run_to_report(_metadata, c, STUB(reg));
}

/* vCPU @id's pending SGIs and PPIs, as its redistributor says. */
#define PENDING(id)	((uint32_t)RRD(id, GICR_SGI_OFFSET + GICD_ISPENDR, 4))
#define CLEAR(id)	RWR(id, GICR_SGI_OFFSET + GICD_ICPENDR, 4, 0xffffffff)

/*
 * SGIs from vCPU 0's ICC_SGI*R_EL1 writes, to vCPUs 1 and 17 that never
 * run: seen pending in their redistributors. Target lists, Aff1, IRM,
 * the sender itself, groups; targets that do not exist are ignored.
 */
TEST_F(gic, sgi_targets)
{
	struct gicctx *c = &self->c;
	int v1, v17;

	start_guest(_metadata, c, 64, NULL);
	v1 = vcpu_create(c->vm, 1, HVX_VCPU_POWER_OFF);
	v17 = vcpu_create(c->vm, 17, HVX_VCPU_POWER_OFF);
	ASSERT_LE(0, v1);
	ASSERT_LE(0, v17);

	send_sgi(_metadata, c, SGI1R, SGIR(5, 0, 1U << 1));
	EXPECT_EQ(1U << 5, PENDING(1));
	EXPECT_EQ(0, PENDING(0));
	EXPECT_EQ(0, PENDING(17));
	CLEAR(1);
	send_sgi(_metadata, c, SGI1R, SGIR(6, 1, 1U << 1));	/* Aff1 1: 17 */
	EXPECT_EQ(1U << 6, PENDING(17));
	EXPECT_EQ(0, PENDING(1));
	send_sgi(_metadata, c, SGI1R, SGIR(9, 0, 0xffff));	/* 0, 1; 2-15 absent */
	EXPECT_EQ(1U << 9, PENDING(0));
	EXPECT_EQ(1U << 9, PENDING(1));
	CLEAR(0);
	CLEAR(1);
	CLEAR(17);
	/* IRM: every vCPU but the sender. */
	send_sgi(_metadata, c, SGI1R, SGIR(7, 0, 0) | SGIR_IRM);
	EXPECT_EQ(1U << 7, PENDING(1));
	EXPECT_EQ(1U << 7, PENDING(17));
	EXPECT_EQ(0, PENDING(0));
	CLEAR(1);
	CLEAR(17);
	/* No such vCPUs: RS 1 (Aff0 16-31), Aff2, Aff3, Aff1 200. */
	send_sgi(_metadata, c, SGI1R, SGIR(3, 0, 0xffff) | SGIR_RS(1));
	send_sgi(_metadata, c, SGI1R, SGIR(3, 0, 0xffff) | SGIR_AFF2(1));
	send_sgi(_metadata, c, SGI1R, SGIR(3, 0, 0xffff) | SGIR_AFF3(1));
	send_sgi(_metadata, c, SGI1R, SGIR(3, 200, 0xffff));
	EXPECT_EQ(0, PENDING(0) | PENDING(1) | PENDING(17));
	/* ASGI1R as SGI1R (one security state). */
	send_sgi(_metadata, c, ASGI1R, SGIR(15, 0, 1U << 1));
	EXPECT_EQ(1U << 15, PENDING(1));
	CLEAR(1);
	/* Group 0 SGIs only to a Group 0 INTID, Group 1 only to Group 1. */
	send_sgi(_metadata, c, SGI0R, SGIR(8, 0, 1U << 1));
	EXPECT_EQ(0, PENDING(1));
	RWR(1, GICR_SGI_OFFSET + GICD_IGROUPR, 4, ~(1U << 8));
	send_sgi(_metadata, c, SGI0R, SGIR(8, 0, 1U << 1));
	EXPECT_EQ(1U << 8, PENDING(1));
	CLEAR(1);
	send_sgi(_metadata, c, SGI1R, SGIR(8, 0, 1U << 1));
	EXPECT_EQ(0, PENDING(1));
	close(v1);
	close(v17);
}

TEST_HARNESS_MAIN
