// SPDX-License-Identifier: GPL-2.0
/*
 * Host calls with hostile arguments, issued straight to EL2 by
 * modules/hvx_hostile.ko as a compromised host kernel would, not through
 * hvx.ko's checks:
 * - HVX_HC_VM_WRITE with lengths that wrap the page check (len near 2^64)
 *   gets INVALID, and a fitting write still works;
 * - HVX_HC_RELEASE is refused while a VM exists, and times out (BUSY) when
 *   only one CPU asks; hvx stays at EL2 with stage 2 on every CPU, and VMs
 *   can be made again after;
 * - HVX_HC_VGIC_DOORBELL with an INTID that is no SGI (16 up, values that
 *   are one only in their low bits) gets INVALID, and EL2 keeps the
 *   doorbell hvx.ko gave it;
 * - HVX_HC_VM_SET_CLOCK with a shift that would be undefined (64 up, also
 *   in the high bits), a 0 Hz or mult, unknown flags gets INVALID, and a
 *   VM that is not there DENIED; extreme but defined terms are taken;
 * - HVX_HC_TRACE_RING with page counts out of range, addresses not page
 *   aligned, not RAM or wrapping, an "off" with pages gets INVALID; pages
 *   not all the host's, a second ring, an "off" without a ring DENIED; a
 *   ring's pages can be neither unshared, donated nor shared while it is
 *   set, and are the host's alone again once it is off.
 * Leaves modules/hvx_hostile.ko loaded. Root; kselftest harness.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/util.h"
#include "lib/hvx_vm.h"
#include "lib/hostile.h"

static unsigned int nr_online(void)
{
	return (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
}

static void all_intact(struct __test_metadata *_metadata)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_online(); cpu++)
		EXPECT_TRUE(hostile_hvx_intact(cpu)) {
			TH_LOG("CPU%u: hvx no longer at EL2 with stage 2 on", cpu);
		}
}

FIXTURE(vm) {
	int dev, vm;
	uint64_t handle;
	uint64_t page_pa;
};

FIXTURE_SETUP(vm)
{
	char dirs[4][96], res[160];

	ASSERT_EQ(0, hostile_load());
	self->dev = open(HVX_DEV, O_RDWR);
	ASSERT_LE(0, self->dev);
	self->vm = vm_create(self->dev);
	ASSERT_LE(0, self->vm);
	ASSERT_EQ(0, vm_add_memory(self->vm, GUEST_RAM_BASE, 0x10000));
	ASSERT_EQ(1, vm_dirs_of(getpid(), dirs, 4));
	self->handle = strtoull(strrchr(dirs[0], '/') + 3, NULL, 10);
	ASSERT_EQ(0, hostile(res, sizeof(res), "page"));
	self->page_pa = strtoull(res, NULL, 16);
	ASSERT_NE(0, self->page_pa);
}

FIXTURE_TEARDOWN(vm)
{
	close(self->vm);
	close(self->dev);
}

/* HVX_HC_VM_WRITE from CPU0 into VM @handle, from the page at @page_pa. */
static uint64_t vm_write_hc(uint64_t handle, uint64_t page_pa,
			    uint64_t ipa_off, uint64_t src_off, uint64_t len)
{
	uint64_t x[5] = { HC_VM_WRITE, handle, GUEST_RAM_BASE + ipa_off,
			  page_pa + src_off, len };

	if (hostile_hvc(0, x))
		return 1;
	return x[0];
}

TEST_F(vm, vm_write_length_wraps)
{
	static const struct { uint64_t ipa_off, src_off, len; } bad[] = {
		{ 0x800, 0, -0x800ULL },	/* (off + len) wraps to 0 */
		{ 0xfff, 0, -0xfffULL },
		{ 1, 0, ~0ULL },
		{ 0, 0x800, -0x800ULL },	/* the source's offset */
		{ 0, 0xfff, -0xfffULL },
		{ 0x800, 0x800, -0x800ULL },	/* both offsets: both wrap */
		{ 0xfff, 0xfff, -0xfffULL },
		{ 0x800, 0x800, 0x801 },	/* past the end, no wrap */
		{ 0, 0, 0x1001 },
		{ 0, 0, 0 },
	};
	uint64_t h = self->handle, pa = self->page_pa;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(HC_ERR_INVALID,
			  vm_write_hc(h, pa, bad[i].ipa_off, bad[i].src_off,
				      bad[i].len)) {
			TH_LOG("ipa +%#lx src +%#lx len %#lx", bad[i].ipa_off,
			       bad[i].src_off, bad[i].len);
		}
	/* What fits one page on both sides is written. */
	EXPECT_EQ(0, vm_write_hc(h, pa, 0x800, 0x800, 0x800));
	EXPECT_EQ(0, vm_write_hc(h, pa, 0, 0, 0x1000));
	all_intact(_metadata);
}

/* HVX_HC_VM_SET_CLOCK on VM @handle: x0 after it. */
static uint64_t set_clock_hc(uint64_t handle, uint64_t freq, uint64_t mult,
			     uint64_t shift, uint64_t flags, uint64_t offset)
{
	uint64_t x[7] = { HC_VM_SET_CLOCK, handle, freq, mult, shift, flags,
			  offset };

	if (hostile_hvc7(0, x))
		return 1;
	return x[0];
}

TEST_F(vm, set_clock_bad_terms)
{
	static const struct { uint64_t freq, mult, shift, flags; } bad[] = {
		{ 1000, 1, 64, 0 },
		{ 1000, 1, 127, 0 },
		{ 1000, 1, 0x100000000ULL, 0 },	/* 0 in the low 32 bits */
		{ 1000, 1, 0x800000000000003fULL, 0 },
		{ 1000, 1, ~0ULL, 0 },
		{ 0, 1, 0, 0 },
		{ 1000, 0, 0, 0 },
		{ 1000, 1, 0, 2 },
		{ 1000, 1, 0, ~0ULL },
		{ 1000, 1, 0, 0x100000001ULL },
	};
	uint64_t h = self->handle;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(HC_ERR_INVALID,
			  set_clock_hc(h, bad[i].freq, bad[i].mult,
				       bad[i].shift, bad[i].flags, 0)) {
			TH_LOG("freq %lu mult %#lx shift %#lx flags %#lx",
			       bad[i].freq, bad[i].mult, bad[i].shift,
			       bad[i].flags);
		}
	EXPECT_EQ(HC_ERR_DENIED, set_clock_hc(0, 1000, 1, 0, 0, 0));
	EXPECT_EQ(HC_ERR_DENIED, set_clock_hc(h + 1000, 1000, 1, 0, 0, 0));
	/* Defined, if useless: taken (the VM is the host's to spoil). */
	EXPECT_EQ(0, set_clock_hc(h, ~0ULL, ~0ULL, 63, HC_CLOCK_START, ~0ULL));
	EXPECT_EQ(0, set_clock_hc(h, 1, 1, 0, 0, 0));
	all_intact(_metadata);
}

TEST_F(vm, release_refused_with_vm)
{
	uint64_t x[5] = { HC_RELEASE };

	ASSERT_EQ(0, hostile_hvc(0, x));
	EXPECT_EQ(HC_ERR_DENIED, x[0]);
	all_intact(_metadata);
}

/* One CPU asking is not enough; the others get VMs again after. */
TEST(release_one_cpu_busy)
{
	uint64_t x[5] = { HC_RELEASE };
	int dev, vm;

	if (nr_online() < 2 || vm_count() != 0)
		SKIP(return, "needs 2 CPUs and no VM");
	ASSERT_EQ(0, hostile_load());
	ASSERT_EQ(0, hostile_hvc(0, x));
	EXPECT_EQ(HC_ERR_BUSY, x[0]);
	all_intact(_metadata);
	dev = open(HVX_DEV, O_RDWR);
	ASSERT_LE(0, dev);
	vm = vm_create(dev);
	EXPECT_LE(0, vm);
	close(vm);
	close(dev);
}

#define EL2_SGIS	"/sys/module/hvx/parameters/el2_sgis"

static int read_el2_sgis(void)
{
	char c = 0;
	int fd = open(EL2_SGIS, O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == 'Y';
}

TEST(doorbell_not_an_sgi)
{
	static const uint64_t bad[] = {
		16, 17, 1023, 0x10000000fULL, 0x8000000000000001ULL,
		HC_DOORBELL_OFF + 1, HC_DOORBELL_OFF - 1, ~0ULL,
	};
	unsigned int i;
	uint64_t x[5];

	ASSERT_EQ(0, hostile_load());
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(x, 0, sizeof(x));
		x[0] = HC_VGIC_DOORBELL;
		x[1] = bad[i];
		ASSERT_EQ(0, hostile_hvc(0, x));
		EXPECT_EQ(HC_ERR_INVALID, x[0]) {
			TH_LOG("doorbell INTID %#lx", bad[i]);
		}
	}
	all_intact(_metadata);
	/* Nothing changed: el2_sgis reads as before and can be set again. */
	if (read_el2_sgis() == 1) {
		int fd = open(EL2_SGIS, O_WRONLY);

		ASSERT_LE(0, fd);
		EXPECT_EQ(1, write(fd, "1", 1));
		close(fd);
	}
}

/* HVX_HC_TRACE_RING on @cpu: x0 after it, x1 in *@nr if not NULL. */
static uint64_t trace_ring_hc(unsigned int cpu, uint64_t pa, uint64_t pages,
			      uint64_t *nr)
{
	uint64_t x[5] = { HC_TRACE_RING, pa, pages };

	if (hostile_hvc(cpu, x))
		return 1;
	if (nr)
		*nr = x[1];
	return x[0];
}

/* A page ownership call (HC_HOST_*) on CPU0: x0 after it. */
static uint64_t own_hc(uint64_t call, uint64_t pa)
{
	uint64_t x[5] = { call, pa };

	if (hostile_hvc(0, x))
		return 1;
	return x[0];
}

#define PG	0x1000ULL

TEST(trace_ring_hostile)
{
	char res[160];
	uint64_t pa, nr = 0;
	unsigned int i;

	/* hvx.ko's own rings would be in the way of the "off" checks. */
	if (sysfs_u64("/sys/kernel/hvx/el2_trace/active") != 0)
		SKIP(return, "hvx.ko traces EL2: its rings are set");
	ASSERT_EQ(0, hostile_load());
	/* Four contiguous pages of the host's. */
	ASSERT_EQ(0, hostile(res, sizeof(res), "pages 2"));
	pa = strtoull(res, NULL, 16);
	ASSERT_NE(0, pa);
	{
		const struct { uint64_t pa, pages; } bad[] = {
			{ pa, 0 }, { pa, 1 }, { pa, 65 }, { pa, ~0ULL },
			{ pa, (1ULL << 52) + 2 },	/* pages << 12 wraps */
			{ pa + 8, 2 }, { pa + 0x800, 2 },
			{ -PG, 2 }, { -2 * PG, 4 },	/* the range wraps */
			{ 1ULL << 60, 2 },		/* not RAM */
			{ 0, 2 },			/* "off" with pages */
		};

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			uint64_t p = bad[i].pa, n = bad[i].pages;

			EXPECT_EQ(HC_ERR_INVALID, trace_ring_hc(0, p, n, NULL)) {
				TH_LOG("pa %#lx pages %#lx", p, n);
			}
		}
	}
	/* hvx.ko traces nothing now: no ring to switch off. */
	EXPECT_EQ(HC_ERR_DENIED, trace_ring_hc(0, 0, 0, NULL));
	/* A page of the range is hvx's: not the host's to share. */
	ASSERT_EQ(0, own_hc(HC_HOST_DONATE_HYP, pa + PG));
	EXPECT_EQ(HC_ERR_DENIED, trace_ring_hc(0, pa, 2, NULL));
	ASSERT_EQ(0, own_hc(HC_HOST_RECLAIM_HYP, pa + PG));

	ASSERT_EQ(0, trace_ring_hc(0, pa, 2, &nr));
	EXPECT_EQ(PG / 64, nr);
	/* One ring a CPU. */
	EXPECT_EQ(HC_ERR_DENIED, trace_ring_hc(0, pa + 2 * PG, 2, NULL));
	/* Its pages stay shared with EL2 while it is set. */
	EXPECT_EQ(HC_ERR_DENIED, own_hc(HC_HOST_UNSHARE_HYP, pa));
	EXPECT_EQ(HC_ERR_DENIED, own_hc(HC_HOST_UNSHARE_HYP, pa + PG));
	EXPECT_EQ(HC_ERR_DENIED, own_hc(HC_HOST_DONATE_HYP, pa + PG));
	EXPECT_EQ(HC_ERR_DENIED, own_hc(HC_HOST_SHARE_HYP, pa));
	EXPECT_EQ(HC_ERR_DENIED, own_hc(HC_HOST_RECLAIM_HYP, pa));
	/* Another CPU's "off" is for its own ring, which it has not. */
	if (nr_online() > 1)
		EXPECT_EQ(HC_ERR_DENIED, trace_ring_hc(1, 0, 0, NULL));
	EXPECT_EQ(0, trace_ring_hc(0, 0, 0, NULL));
	EXPECT_EQ(HC_ERR_DENIED, trace_ring_hc(0, 0, 0, NULL));
	/* The host's alone again. */
	EXPECT_EQ(0, own_hc(HC_HOST_SHARE_HYP, pa + PG));
	EXPECT_EQ(0, own_hc(HC_HOST_UNSHARE_HYP, pa + PG));
	all_intact(_metadata);
}

TEST_HARNESS_MAIN
