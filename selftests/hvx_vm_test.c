// SPDX-License-Identifier: GPL-2.0
/*
 * VMs and vCPUs through the raw /dev/hvx ioctls (uapi/linux/hvx.h): VM
 * lifecycle (create, destroy, fds closed in any order, vCPU fds and the
 * run structure outliving the VM fd, a killed VMM), /sys/kernel/hvx/vms,
 * the errors of every ioctl (flags, reserved fields, sizes, alignment,
 * overlap, IPA range, duplicate and out-of-range vCPU ids, bad PSTATE,
 * wrong fd, bad pointers, -EBUSY after the first run, -EIO from another
 * process), and guests made of a few hand-encoded instructions: MMIO exits
 * for 1, 2, 4 and 8-byte loads and stores (address, size, direction, data,
 * sign and zero extension, the register and pc after completion, an
 * injected abort), PSCI SYSTEM_OFF and SYSTEM_RESET over HVC and SMC,
 * CPU_ON, unknown calls, HVX_GUEST_CALL_NOP answered at EL2, a signal
 * interrupting RUN, guest memory zeroed and written at any alignment, and
 * page ownership counters back to where they were once every VM is gone.
 *
 * Every guest runs at EL1h with the MMU off; its RAM is at 0x40000000
 * and a store to GUEST_REPORT_ADDR is how it reports a register value.
 * Run as root with hvx loaded (tools/hvx-vm does both).
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/hvx.h>
#include <hvx-guest.h>

#include "kselftest_harness.h"
#include "lib/hvx_vm.h"

/* The ABI's layout is fixed: a change here breaks every binary built before. */
static_assert(sizeof(struct hvx_vm_create) == 32, "hvx_vm_create size");
static_assert(sizeof(struct hvx_vm_memory) == 40, "hvx_vm_memory size");
static_assert(sizeof(struct hvx_vm_write) == 48, "hvx_vm_write size");
static_assert(sizeof(struct hvx_vcpu_create) == 32, "hvx_vcpu_create size");
static_assert(sizeof(struct hvx_regs) == 544, "hvx_regs size");
static_assert(offsetof(struct hvx_regs, pc) == 264, "hvx_regs.pc");
static_assert(offsetof(struct hvx_regs, sp_el1) == 280, "hvx_regs.sp_el1");
static_assert(offsetof(struct hvx_regs, reserved) == 496, "hvx_regs.reserved");
static_assert(sizeof(struct hvx_run) == 320, "hvx_run size");
static_assert(offsetof(struct hvx_run, mmio.phys_addr) == 64, "mmio.phys_addr");
static_assert(offsetof(struct hvx_run, mmio.data) == 72, "mmio.data");
static_assert(offsetof(struct hvx_run, mmio.len) == 80, "mmio.len");
static_assert(offsetof(struct hvx_run, mmio.is_write) == 84, "mmio.is_write");
static_assert(offsetof(struct hvx_run, mmio.abort) == 85, "mmio.abort");
static_assert(offsetof(struct hvx_run, system_event.vcpu) == 68, "system_event.vcpu");
static_assert(offsetof(struct hvx_run, internal.esr) == 72, "internal.esr");

#define RAM_BASE	GUEST_RAM_BASE
#define RAM_SIZE	0x10000ULL	/* 64 KiB: the code page and data */
#define RAM_PAGES	(RAM_SIZE / VM_PAGE_SIZE)
#define IPA_LIMIT	(1ULL << HVX_GUEST_IPA_BITS)
#define REPORT		GUEST_REPORT_ADDR
#define POISON		0xdeadbeefdeadbeefULL
/* Seconds a guest gets to reach its next exit before RUN is interrupted. */
#define RUN_TIMEOUT_S	10
/* Seconds a VM's memory may take to be given back after its last fd closes. */
#define FREE_TIMEOUT_S	5.0
#define ESR_EC_IABT_LOW	0x20	/* instruction abort from a lower EL */
/* MPIDR_EL1 affinity fields (Aff3, Aff2, Aff1, Aff0) */
#define MPIDR_AFF_MASK	0xff00ffffffULL

/* What each test's guest registers start as: easy to tell apart. */
static uint64_t reg_pattern(unsigned int i)
{
	return 0xa5a5000000000000ULL | ((uint64_t)i << 32) | (0x1000 + i);
}

/* The counters at start-up, for the last test: nothing leaked by any test. */
static struct own_counts start_counts;

static void __attribute__((constructor)) record_start_counts(void)
{
	own_counts_read(&start_counts);
}

/* SIGALRM and SIGUSR1 interrupt HVX_VCPU_RUN (no SA_RESTART). */
static void on_signal(int sig)
{
	(void)sig;
}

/* One VM with (later) one vCPU: what most tests start from. */
struct vmctx {
	int dev, vm, vcpu;
	struct hvx_run *run;
	size_t run_size;
	struct hvx_regs regs;	/* as last set with SET_REGS */
};

static void ctx_open(struct __test_metadata *_metadata, struct vmctx *c)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct hvx_version v;

	c->dev = -1;
	c->vm = -1;
	c->vcpu = -1;
	c->run = NULL;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);

	c->dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, c->dev) {
		TH_LOG("open %s: %s (is hvx loaded? run as root)", HVX_DEV,
		       strerror(errno));
	}
	memset(&v, 0, sizeof(v));
	ASSERT_EQ(0, hvx_ioctl(c->dev, HVX_GET_VERSION, &v));
	ASSERT_TRUE(v.features & HVX_FEATURE_VM) {
		TH_LOG("hvx.ko (API version %u, features 0x%llx) does not offer HVX_FEATURE_VM",
		       v.api_version, (unsigned long long)v.features);
	}
	c->vm = vm_create(c->dev);
	ASSERT_LE(0, c->vm) {
		TH_LOG("HVX_CREATE_VM: %s", strerror(-c->vm));
	}
}

static void ctx_unmap(struct vmctx *c)
{
	if (c->run)
		munmap(c->run, c->run_size);
	c->run = NULL;
}

static void ctx_close(struct vmctx *c)
{
	ctx_unmap(c);
	if (c->vcpu >= 0)
		close(c->vcpu);
	if (c->vm >= 0)
		close(c->vm);
	if (c->dev >= 0)
		close(c->dev);
	c->vcpu = -1;
	c->vm = -1;
	c->dev = -1;
}

/* Create vCPU @id of c->vm, map its run structure. */
static void ctx_vcpu(struct __test_metadata *_metadata, struct vmctx *c,
		     unsigned int id)
{
	c->vcpu = vcpu_create(c->vm, id, 0);
	ASSERT_LE(0, c->vcpu) {
		TH_LOG("HVX_CREATE_VCPU id %u: %s", id, strerror(-c->vcpu));
	}
	c->run = vcpu_map(c->dev, c->vcpu, &c->run_size);
	ASSERT_NE(NULL, c->run) {
		TH_LOG("mapping the run structure (HVX_GET_VCPU_MMAP_SIZE %d): %s",
		       ioctl(c->dev, HVX_GET_VCPU_MMAP_SIZE, 0), strerror(errno));
	}
}

/* SET_REGS c->regs, failing the test if it fails. */
static void ctx_set_regs(struct __test_metadata *_metadata, struct vmctx *c)
{
	int rc = vcpu_set_regs(c->vcpu, &c->regs);

	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VCPU_SET_REGS (pc 0x%llx pstate 0x%llx): %s",
		       (unsigned long long)c->regs.pc,
		       (unsigned long long)c->regs.pstate, strerror(rc));
	}
}

/*
 * A guest: RAM_SIZE of RAM at RAM_BASE holding @code, vCPU @id created,
 * registers from GET_REGS with pc at the code, EL1h with DAIF masked,
 * x0 = PSCI SYSTEM_OFF, x1-x30 reg_pattern(), x3 = REPORT, SP_EL1 at the
 * top of RAM. Tests change c->regs and call ctx_set_regs() again as needed.
 */
static void start_guest(struct __test_metadata *_metadata, struct vmctx *c,
			const struct guest_code *code, unsigned int id)
{
	unsigned int i;
	int rc;

	rc = vm_add_memory(c->vm, RAM_BASE, RAM_SIZE);
	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VM_ADD_MEMORY 0x%llx + 0x%llx: %s", RAM_BASE,
		       RAM_SIZE, strerror(rc));
	}
	rc = vm_write_code(c->vm, code);
	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VM_WRITE_MEMORY of %u instructions at 0x%llx: %s",
		       code->n, (unsigned long long)code->base, strerror(rc));
	}
	ctx_vcpu(_metadata, c, id);
	rc = vcpu_get_regs(c->vcpu, &c->regs);
	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VCPU_GET_REGS: %s", strerror(rc));
	}
	c->regs.x[0] = PSCI_SYSTEM_OFF;
	for (i = 1; i < 31; i++)
		c->regs.x[i] = reg_pattern(i);
	c->regs.x[3] = REPORT;
	c->regs.pc = code->base;
	c->regs.pstate = PSR_EL1h_MASKED;
	c->regs.sp_el1 = RAM_BASE + RAM_SIZE;
	ctx_set_regs(_metadata, c);
}

/*
 * HVX_VCPU_RUN, interrupted by SIGALRM if the guest makes no exit within
 * RUN_TIMEOUT_S (which is then logged with the guest's pc); 0 or the errno.
 */
static int run_vcpu(struct __test_metadata *_metadata, struct vmctx *c)
{
	struct hvx_regs r;
	int rc;

	alarm(RUN_TIMEOUT_S);
	rc = vcpu_run(c->vcpu);
	alarm(0);
	if (rc == EINTR && c->run->exit_reason == HVX_EXIT_INTR) {
		if (vcpu_get_regs(c->vcpu, &r) == 0)
			TH_LOG("the guest made no exit within %d s (interrupted at pc 0x%llx)",
			       RUN_TIMEOUT_S, (unsigned long long)r.pc);
		else
			TH_LOG("the guest made no exit within %d s", RUN_TIMEOUT_S);
	}
	return rc;
}

/* Run; the exit must be an MMIO access of @len bytes at @addr. */
static void expect_mmio(struct __test_metadata *_metadata, struct vmctx *c,
			uint64_t addr, unsigned int len, bool write)
{
	int rc = run_vcpu(_metadata, c);
	char buf[200];
	bool ok;

	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VCPU_RUN: %s, expecting an MMIO %s of %u bytes at 0x%llx; run: %s",
		       strerror(rc), write ? "write" : "read", len,
		       (unsigned long long)addr, exit_str(c->run, buf, sizeof(buf)));
	}
	ok = c->run->exit_reason == HVX_EXIT_MMIO &&
	     c->run->mmio.phys_addr == addr && c->run->mmio.len == len &&
	     c->run->mmio.is_write == write;
	ASSERT_TRUE(ok) {
		TH_LOG("expected an MMIO %s of %u bytes at 0x%llx, got: %s",
		       write ? "write" : "read", len, (unsigned long long)addr,
		       exit_str(c->run, buf, sizeof(buf)));
	}
}

/* Run to the guest's next report of @len bytes (a store to REPORT). */
static uint64_t expect_mmio_len(struct __test_metadata *_metadata,
				struct vmctx *c, unsigned int len)
{
	expect_mmio(_metadata, c, REPORT, len, true);
	return mmio_data(c->run, len);
}

/* Run to the guest's next report (an 8-byte store to REPORT): its value. */
static uint64_t expect_report(struct __test_metadata *_metadata, struct vmctx *c)
{
	return expect_mmio_len(_metadata, c, 8);
}

/* Run; the exit must be a system event of @type made by vCPU @vcpu. */
static void expect_system_event(struct __test_metadata *_metadata,
				struct vmctx *c, uint32_t type, uint32_t vcpu)
{
	int rc = run_vcpu(_metadata, c);
	char buf[200];
	bool ok;

	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VCPU_RUN failed (%s), expecting system event %u; run: %s",
		       strerror(rc), type, exit_str(c->run, buf, sizeof(buf)));
	}
	ok = c->run->exit_reason == HVX_EXIT_SYSTEM_EVENT &&
	     c->run->system_event.type == type &&
	     c->run->system_event.vcpu == vcpu;
	ASSERT_TRUE(ok) {
		TH_LOG("expected SYSTEM_EVENT type %u from vcpu %u, got: %s",
		       type, vcpu, exit_str(c->run, buf, sizeof(buf)));
	}
}

/* GET_REGS into *r, failing the test if it fails. */
static void get_regs(struct __test_metadata *_metadata, struct vmctx *c,
		     struct hvx_regs *r)
{
	int rc = vcpu_get_regs(c->vcpu, r);

	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VCPU_GET_REGS: %s", strerror(rc));
	}
}

/* x0-x30 in @r as in c->regs, except those in the mask @skip; logs each difference. */
static bool regs_kept(struct __test_metadata *_metadata, const struct vmctx *c,
		      const struct hvx_regs *r, uint32_t skip)
{
	bool ok = true;
	unsigned int i;

	for (i = 0; i < 31; i++) {
		if ((skip & (1U << i)) || r->x[i] == c->regs.x[i])
			continue;
		TH_LOG("x%u is 0x%llx, was 0x%llx: changed behind the guest's back",
		       i, (unsigned long long)r->x[i],
		       (unsigned long long)c->regs.x[i]);
		ok = false;
	}
	if (r->sp != c->regs.sp || r->sp_el1 != c->regs.sp_el1) {
		TH_LOG("sp_el0 0x%llx sp_el1 0x%llx, were 0x%llx 0x%llx",
		       (unsigned long long)r->sp, (unsigned long long)r->sp_el1,
		       (unsigned long long)c->regs.sp,
		       (unsigned long long)c->regs.sp_el1);
		ok = false;
	}
	return ok;
}

/* This process's VM folders in sysfs; the test fails unless there are @want. */
static void expect_vm_dirs(struct __test_metadata *_metadata, int want,
			   char dirs[][96], int max)
{
	int n = vm_dirs_of(getpid(), dirs, max);

	ASSERT_EQ(want, n) {
		TH_LOG("%d folders in %s with pid %d, expected %d", n,
		       HVX_VMS_DIR, getpid(), want);
	}
}

static void log_counts(struct __test_metadata *_metadata, const char *what,
		       const struct own_counts *o)
{
	TH_LOG("%s: nr_vms %llu, shared_pages %llu, donated_pages %llu, guest_pages %llu",
	       what, (unsigned long long)o->vms, (unsigned long long)o->shared,
	       (unsigned long long)o->donated, (unsigned long long)o->guest);
}

/* Everything must come back to @before within FREE_TIMEOUT_S. */
static void expect_counts_back(struct __test_metadata *_metadata,
			       const struct own_counts *before)
{
	struct own_counts now;
	bool back = own_counts_wait(before, &now, FREE_TIMEOUT_S);

	EXPECT_TRUE(back) {
		TH_LOG("not back to the earlier counts %.0f s after the last fd closed:",
		       FREE_TIMEOUT_S);
		log_counts(_metadata, "before", before);
		log_counts(_metadata, "now", &now);
	}
}

/* A vCPU run by a thread: what each HVX_VCPU_RUN returned. */
struct runner {
	int vcpu;
	struct hvx_run *run;
	int max;		/* stop after this many exits */
	pthread_t thread;
	atomic_bool entered;	/* about to make the first RUN */
	atomic_bool done;
	int nr;
	struct {
		int rc;
		uint32_t reason;
		uint64_t addr, data;
		uint32_t len, is_write, type, vcpu;
		double when;
	} ev[4];
};

static void *runner_fn(void *arg)
{
	struct runner *r = arg;

	while (r->nr < r->max) {
		int rc;

		atomic_store(&r->entered, true);
		rc = vcpu_run(r->vcpu);
		r->ev[r->nr].when = now_s();
		r->ev[r->nr].rc = rc;
		r->ev[r->nr].reason = r->run->exit_reason;
		r->ev[r->nr].addr = r->run->mmio.phys_addr;
		r->ev[r->nr].len = r->run->mmio.len;
		r->ev[r->nr].is_write = r->run->mmio.is_write;
		r->ev[r->nr].data = mmio_data(r->run, 8);
		r->ev[r->nr].type = r->run->system_event.type;
		r->ev[r->nr].vcpu = r->run->system_event.vcpu;
		r->nr++;
		if (rc || r->run->exit_reason != HVX_EXIT_MMIO)
			break;
	}
	atomic_store(&r->done, true);
	return NULL;
}

static int runner_start(struct runner *r, int vcpu, struct hvx_run *run, int max)
{
	r->vcpu = vcpu;
	r->run = run;
	r->max = max;
	r->nr = 0;
	atomic_store(&r->entered, false);
	atomic_store(&r->done, false);
	return pthread_create(&r->thread, NULL, runner_fn, r);
}

/* Wait up to @secs for the thread to finish; if it does not, interrupt its RUN. */
static bool runner_wait(struct runner *r, double secs)
{
	double end = now_s() + secs;
	bool done;

	while (!(done = atomic_load(&r->done)) && now_s() < end)
		usleep(10000);
	while (!atomic_load(&r->done)) {
		pthread_kill(r->thread, SIGUSR1);
		usleep(10000);
	}
	pthread_join(r->thread, NULL);
	return done;
}

FIXTURE(vm) {
	struct vmctx c;
};

FIXTURE_SETUP(vm)
{
	ctx_open(_metadata, &self->c);
}

FIXTURE_TEARDOWN(vm)
{
	ctx_close(&self->c);
}

/* ---- VM lifecycle --------------------------------------------------------- */

/* A VM shows in sysfs while one of its fds is open, and only then. */
TEST_F(vm, create_and_close)
{
	uint64_t n0 = vm_count(), n;
	char dirs[4][96];
	int fd2;

	EXPECT_TRUE(fcntl(self->c.vm, F_GETFD) & FD_CLOEXEC) {
		TH_LOG("the VM fd is not close-on-exec");
	}
	expect_vm_dirs(_metadata, 1, dirs, 4);
	EXPECT_EQ(0, vm_stat(dirs[0], "nr_vcpus"));
	EXPECT_EQ(0, vm_stat(dirs[0], "mem_kib"));
	EXPECT_EQ(0, vm_stat(dirs[0], "user_exits"));

	fd2 = vm_create(self->c.dev);
	ASSERT_LE(0, fd2) {
		TH_LOG("second HVX_CREATE_VM: %s", strerror(-fd2));
	}
	EXPECT_NE(self->c.vm, fd2);
	EXPECT_EQ(n0 + 1, vm_count());
	expect_vm_dirs(_metadata, 2, dirs, 4);
	EXPECT_STRNE(dirs[0], dirs[1]);

	close(fd2);
	n = vm_count_wait(n0, FREE_TIMEOUT_S);
	EXPECT_EQ(n0, n) {
		TH_LOG("nr_vms still %llu %.0f s after the second VM's fd was closed",
		       (unsigned long long)n, FREE_TIMEOUT_S);
	}
	expect_vm_dirs(_metadata, 1, dirs, 4);
}

/* pid, nr_vcpus, mem_kib, user_exits and exits of /sys/kernel/hvx/vms/vmN. */
TEST_F(vm, sysfs_counts)
{
	struct guest_code code;
	uint64_t exits, user_exits, v;
	char dirs[2][96];
	int i, fd;

	code_init(&code, RAM_BASE);
	for (i = 0; i < 3; i++)
		emit(&code, A64_STR_X(i + 4, 3));	/* str x4/x5/x6, [x3] */
	emit(&code, A64_HVC0);				/* hvc #0: SYSTEM_OFF */
	start_guest(_metadata, &self->c, &code, 0);
	ASSERT_EQ(0, vm_add_memory(self->c.vm, 0x80000000ULL, 0x200000ULL));
	for (i = 1; i < 3; i++) {
		fd = vcpu_create(self->c.vm, i, HVX_VCPU_POWER_OFF);
		ASSERT_LE(0, fd) {
			TH_LOG("HVX_CREATE_VCPU id %d: %s", i, strerror(-fd));
		}
	}
	expect_vm_dirs(_metadata, 1, dirs, 2);
	EXPECT_EQ((uint64_t)getpid(), vm_stat(dirs[0], "pid"));
	EXPECT_EQ(3, vm_stat(dirs[0], "nr_vcpus"));
	EXPECT_EQ(64 + 2048, vm_stat(dirs[0], "mem_kib"));
	user_exits = vm_stat(dirs[0], "user_exits");
	ASSERT_NE(UINT64_MAX, user_exits);
	ASSERT_NE(UINT64_MAX, vm_stat(dirs[0], "exits"));

	for (i = 0; i < 3; i++) {
		v = expect_report(_metadata, &self->c);
		EXPECT_EQ(reg_pattern(i + 4), v);
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	/* 3 MMIO exits and the system event: four returns to user space */
	v = vm_stat(dirs[0], "user_exits");
	EXPECT_EQ(user_exits + 4, v) {
		TH_LOG("user_exits went from %llu to %llu over 3 MMIO exits and a SYSTEM_OFF",
		       (unsigned long long)user_exits, (unsigned long long)v);
	}
	exits = vm_stat(dirs[0], "exits");
	EXPECT_LE(v, exits) {
		TH_LOG("exits (%llu) counts fewer than user_exits (%llu)",
		       (unsigned long long)exits, (unsigned long long)v);
	}
}

/*
 * The vCPU fd, and the run structure's mapping, keep the VM alive after
 * its VM fd (and /dev/hvx) are closed; it goes once the last is gone.
 */
TEST_F(vm, vcpu_outlives_vm_fd)
{
	uint64_t n0 = vm_count(), n;
	struct guest_code code;
	struct hvx_regs r;
	char dirs[2][96];

	code_init(&code, RAM_BASE);
	emit(&code, A64_STR_X(5, 3));	/* str x5, [x3] */
	emit(&code, A64_HVC0);		/* hvc #0: SYSTEM_OFF */
	start_guest(_metadata, &self->c, &code, 0);

	close(self->c.vm);
	self->c.vm = -1;
	close(self->c.dev);
	self->c.dev = -1;
	EXPECT_EQ(n0, vm_count()) {
		TH_LOG("closing the VM fd destroyed a VM whose vCPU fd is open");
	}
	expect_vm_dirs(_metadata, 1, dirs, 2);
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(RAM_BASE, r.pc);
	EXPECT_EQ(reg_pattern(5), expect_report(_metadata, &self->c));
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);

	close(self->c.vcpu);
	self->c.vcpu = -1;
	EXPECT_EQ(n0, vm_count()) {
		TH_LOG("the VM went while its run structure is still mapped");
	}
	/* the mapping is still usable */
	EXPECT_EQ(HVX_EXIT_SYSTEM_EVENT, self->c.run->exit_reason);
	ctx_unmap(&self->c);
	n = vm_count_wait(n0 - 1, FREE_TIMEOUT_S);
	EXPECT_EQ(n0 - 1, n) {
		TH_LOG("nr_vms %llu, expected %llu once the last fd and mapping are gone",
		       (unsigned long long)n, (unsigned long long)(n0 - 1));
	}
	expect_vm_dirs(_metadata, 0, dirs, 2);
}

/* vCPU fd closed first: the VM lives on until its own fd is closed. */
TEST_F(vm, vcpu_fd_closed_first)
{
	uint64_t n0 = vm_count(), n;
	struct guest_code code;
	char dirs[2][96];

	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	ctx_unmap(&self->c);
	close(self->c.vcpu);
	self->c.vcpu = -1;
	EXPECT_EQ(n0, vm_count());
	expect_vm_dirs(_metadata, 1, dirs, 2);
	/* the VM fd still works */
	EXPECT_EQ(0, vm_write(self->c.vm, RAM_BASE + 0x100, "x", 1));
	close(self->c.vm);
	self->c.vm = -1;
	n = vm_count_wait(n0 - 1, FREE_TIMEOUT_S);
	EXPECT_EQ(n0 - 1, n);
	expect_vm_dirs(_metadata, 0, dirs, 2);
}

/* Many VMs at once, each with memory and a vCPU, closed out of order. */
TEST_F(vm, many_vms)
{
	enum { NR = 16 };
	struct own_counts before, now;
	int vm[NR], vcpu[NR], i, rc;
	uint64_t n;

	own_counts_read(&before);
	for (i = 0; i < NR; i++) {
		vm[i] = vm_create(self->c.dev);
		ASSERT_LE(0, vm[i]) {
			TH_LOG("HVX_CREATE_VM number %d: %s", i + 1, strerror(-vm[i]));
		}
		rc = vm_add_memory(vm[i], RAM_BASE, RAM_SIZE);
		ASSERT_EQ(0, rc) {
			TH_LOG("VM %d: HVX_VM_ADD_MEMORY: %s", i, strerror(rc));
		}
		vcpu[i] = vcpu_create(vm[i], 0, 0);
		ASSERT_LE(0, vcpu[i]) {
			TH_LOG("VM %d: HVX_CREATE_VCPU: %s", i, strerror(-vcpu[i]));
		}
	}
	EXPECT_EQ(before.vms + NR, vm_count());
	own_counts_read(&now);
	EXPECT_LE(before.guest + NR * RAM_PAGES, now.guest) {
		TH_LOG("guest_pages %llu with %d VMs of %llu pages, was %llu",
		       (unsigned long long)now.guest, NR, RAM_PAGES,
		       (unsigned long long)before.guest);
	}
	/* even ones' VM fd first, odd ones' vCPU fd first */
	for (i = 0; i < NR; i += 2) {
		close(vm[i]);
		close(vcpu[i + 1]);
	}
	EXPECT_EQ(before.vms + NR, vm_count()) {
		TH_LOG("a VM went while one of its fds is open");
	}
	for (i = 0; i < NR; i += 2) {
		close(vcpu[i]);
		close(vm[i + 1]);
	}
	n = vm_count_wait(before.vms, FREE_TIMEOUT_S);
	EXPECT_EQ(before.vms, n);
	expect_counts_back(_metadata, &before);
}

/*
 * A VMM killed while its vCPU spins in the guest: the process dies
 * promptly and the VM and its memory are freed.
 */
TEST_F(vm, kill_running_vm)
{
	struct own_counts before;
	int pipefd[2], status;
	char dirs[2][96], c;
	double t0;
	pid_t pid;

	own_counts_read(&before);
	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct guest_code code;
		struct vmctx k = { .dev = self->c.dev, .vcpu = -1 };

		code_init(&code, RAM_BASE);
		emit(&code, A64_B_SELF);	/* b . */
		k.vm = vm_create(k.dev);
		if (k.vm < 0 || vm_add_memory(k.vm, RAM_BASE, 1 << 20) ||
		    vm_write_code(k.vm, &code))
			_exit(10);
		k.vcpu = vcpu_create(k.vm, 0, 0);
		if (k.vcpu < 0 || vcpu_get_regs(k.vcpu, &k.regs))
			_exit(11);
		k.regs.pc = RAM_BASE;
		if (vcpu_set_regs(k.vcpu, &k.regs))
			_exit(12);
		if (write(pipefd[1], "r", 1) != 1)
			_exit(13);
		vcpu_run(k.vcpu);
		_exit(14);	/* RUN returned: it should not have */
	}
	close(pipefd[1]);
	ASSERT_EQ(1, read(pipefd[0], &c, 1)) {
		waitpid(pid, &status, 0);
		TH_LOG("the child failed to set up its VM (exit status %d)",
		       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	close(pipefd[0]);
	usleep(300000);
	ASSERT_EQ(0, waitpid(pid, &status, WNOHANG)) {
		TH_LOG("HVX_VCPU_RUN of a spinning guest returned (child exit status %d)",
		       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	EXPECT_EQ(1, vm_dirs_of(pid, dirs, 2));
	t0 = now_s();
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	EXPECT_GT(5.0, now_s() - t0) {
		TH_LOG("the VMM took %.1f s to die of SIGKILL", now_s() - t0);
	}
	expect_counts_back(_metadata, &before);
	EXPECT_EQ(0, vm_dirs_of(pid, dirs, 2));
}

/* HVX_CREATE_VM with @cr must fail with EINVAL (a VM fd it gave is closed). */
static void expect_create_vm_fails(struct __test_metadata *_metadata, int dev,
				   struct hvx_vm_create *cr, const char *what)
{
	int fd = hvx_ioctl_fd(dev, HVX_CREATE_VM, cr);

	EXPECT_EQ(-EINVAL, fd) {
		TH_LOG("HVX_CREATE_VM with %s: %s", what,
		       fd >= 0 ? "created a VM" : strerror(-fd));
	}
	if (fd >= 0)
		close(fd);
}

/* ---- bad arguments ---------------------------------------------------------- */

TEST_F(vm, create_vm_bad_args)
{
	uint64_t n0 = vm_count();
	struct hvx_vm_create cr;
	unsigned int i;

	memset(&cr, 0, sizeof(cr));
	cr.flags = 1;
	expect_create_vm_fails(_metadata, self->c.dev, &cr, "flags 1");
	cr.flags = 0x80000000;
	expect_create_vm_fails(_metadata, self->c.dev, &cr, "flags 0x80000000");
	cr.flags = 0;
	cr.pad = 0;
	for (i = 0; i < ARRAY_SIZE(cr.reserved); i++) {
		cr.reserved[i] = 1;
		expect_create_vm_fails(_metadata, self->c.dev, &cr, "a reserved field 1");
		cr.reserved[i] = 0;
	}
	EXPECT_EQ(n0, vm_count());
}

/* Unaligned, empty, out-of-range or wrapping regions: -EINVAL, nothing added. */
TEST_F(vm, add_memory_bad_args)
{
	static const struct {
		uint64_t gpa, size;
		const char *what;
	} bad[] = {
		{ RAM_BASE + 0x800, 0x1000, "unaligned address" },
		{ RAM_BASE + 1, 0x1000, "odd address" },
		{ RAM_BASE, 0x1800, "unaligned size" },
		{ RAM_BASE, 0, "size 0" },
		{ IPA_LIMIT - 0x1000, 0x2000, "ends past the IPA space" },
		{ IPA_LIMIT, 0x1000, "starts at the end of the IPA space" },
		{ 1ULL << 40, 0x1000, "beyond the IPA space" },
		{ RAM_BASE, 0xfffffffffffff000ULL, "size wraps around" },
		{ 0xfffffffffffff000ULL, 0x1000, "address at the top of 64 bits" },
	};
	struct own_counts before, now;
	struct hvx_vm_memory m;
	char dirs[2][96];
	unsigned int i;

	own_counts_read(&before);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	memset(&m, 0, sizeof(m));
	m.guest_phys_addr = RAM_BASE;
	m.size = 0x1000;
	m.flags = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_ADD_MEMORY, &m));
	m.flags = 0x80000000;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_ADD_MEMORY, &m));
	m.flags = 0;
	for (i = 0; i < ARRAY_SIZE(m.reserved); i++) {
		m.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_ADD_MEMORY, &m)) {
			TH_LOG("reserved[%u] = 1", i);
		}
		m.reserved[i] = 0;
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int rc = vm_add_memory(self->c.vm, bad[i].gpa, bad[i].size);

		EXPECT_EQ(EINVAL, rc) {
			TH_LOG("%s: 0x%llx + 0x%llx gave %s", bad[i].what,
			       (unsigned long long)bad[i].gpa,
			       (unsigned long long)bad[i].size, strerror(rc));
		}
	}
	EXPECT_EQ(0, vm_stat(dirs[0], "mem_kib"));
	own_counts_read(&now);
	EXPECT_EQ(before.guest, now.guest);

	/* the last page below the limit is fine */
	EXPECT_EQ(0, vm_add_memory(self->c.vm, IPA_LIMIT - 0x1000, 0x1000));
	EXPECT_EQ(4, vm_stat(dirs[0], "mem_kib"));
}

/* Overlapping regions fail (-EEXIST or -EINVAL) and change nothing. */
TEST_F(vm, add_memory_overlap)
{
	const uint64_t a = RAM_BASE, k4 = 0x1000;
	const struct {
		uint64_t gpa, size;
		const char *what;
	} bad[] = {
		{ a, RAM_SIZE, "the same range" },
		{ a - k4, 2 * k4, "over its start" },
		{ a + RAM_SIZE - k4, 2 * k4, "over its end" },
		{ a + k4, k4, "inside it" },
		{ a - k4, RAM_SIZE + 2 * k4, "around it" },
	};
	struct own_counts before, now;
	struct guest_code code;
	char dirs[2][96];
	unsigned int i;

	code_init(&code, RAM_BASE);
	emit(&code, A64_LDR_X(1, 2));	/* ldr x1, [x2] */
	emit(&code, A64_STR_X(1, 3));	/* str x1, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	own_counts_read(&before);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int rc = vm_add_memory(self->c.vm, bad[i].gpa, bad[i].size);

		EXPECT_TRUE(rc == EEXIST || rc == EINVAL) {
			TH_LOG("a region %s (0x%llx + 0x%llx) gave %s",
			       bad[i].what, (unsigned long long)bad[i].gpa,
			       (unsigned long long)bad[i].size,
			       rc ? strerror(rc) : "success");
		}
	}
	EXPECT_EQ(RAM_SIZE / 1024, vm_stat(dirs[0], "mem_kib"));
	own_counts_read(&now);
	EXPECT_EQ(before.guest, now.guest);

	/* regions that only touch it are fine */
	EXPECT_EQ(0, vm_add_memory(self->c.vm, a + RAM_SIZE, k4));
	EXPECT_EQ(0, vm_add_memory(self->c.vm, a - k4, k4));
	EXPECT_EQ(RAM_SIZE / 1024 + 8, vm_stat(dirs[0], "mem_kib"));

	/* and the first region is intact: the guest reads what was written */
	ASSERT_EQ(0, vm_write(self->c.vm, RAM_BASE + 0x800, "overlap!", 8));
	self->c.regs.x[2] = RAM_BASE + 0x800;
	ctx_set_regs(_metadata, &self->c);
	EXPECT_EQ(0x2170616c7265766fULL, expect_report(_metadata, &self->c));
}

/* HVX_MAX_MEM_REGIONS regions; one more fails and adds nothing. */
TEST_F(vm, add_memory_max_regions)
{
	struct own_counts before, now;
	char dirs[2][96];
	unsigned int i;
	int rc;

	expect_vm_dirs(_metadata, 1, dirs, 2);
	for (i = 0; i < HVX_MAX_MEM_REGIONS; i++) {
		rc = vm_add_memory(self->c.vm, RAM_BASE + i * 0x100000ULL, 0x1000);
		ASSERT_EQ(0, rc) {
			TH_LOG("region %u: %s", i, strerror(rc));
		}
	}
	own_counts_read(&before);
	rc = vm_add_memory(self->c.vm, RAM_BASE + i * 0x100000ULL, 0x1000);
	EXPECT_NE(0, rc) {
		TH_LOG("region %u accepted, HVX_MAX_MEM_REGIONS is %d", i + 1,
		       HVX_MAX_MEM_REGIONS);
	}
	TH_LOG("region %u: %s", i + 1, strerror(rc));
	EXPECT_EQ(4 * HVX_MAX_MEM_REGIONS, vm_stat(dirs[0], "mem_kib"));
	own_counts_read(&now);
	EXPECT_EQ(before.guest, now.guest);
}

TEST_F(vm, write_memory_bad_args)
{
	static const struct {
		uint64_t gpa, size;
		const char *what;
	} bad[] = {
		{ GUEST_MMIO_BASE, 8, "outside RAM" },
		{ RAM_BASE + RAM_SIZE - 4, 8, "over the end of RAM" },
		{ RAM_BASE - 4, 8, "over the start of RAM" },
		{ RAM_BASE + RAM_SIZE, 1, "just after RAM" },
		{ RAM_BASE, RAM_SIZE + 1, "one byte more than RAM" },
		{ RAM_BASE + 8, UINT64_MAX - 4, "size wraps around" },
	};
	static char data[RAM_SIZE + 1];
	struct hvx_vm_write w;
	unsigned int i;
	int rc;

	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, RAM_SIZE));
	memset(&w, 0, sizeof(w));
	w.guest_phys_addr = RAM_BASE;
	w.size = 8;
	w.data = (uintptr_t)data;
	w.flags = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_WRITE_MEMORY, &w));
	w.flags = 0;
	for (i = 0; i < ARRAY_SIZE(w.reserved); i++) {
		w.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_WRITE_MEMORY, &w)) {
			TH_LOG("reserved[%u] = 1", i);
		}
		w.reserved[i] = 0;
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		rc = vm_write(self->c.vm, bad[i].gpa, data, bad[i].size);
		EXPECT_TRUE(rc == EINVAL || rc == EFAULT) {
			TH_LOG("a write %s (0x%llx + 0x%llx) gave %s", bad[i].what,
			       (unsigned long long)bad[i].gpa,
			       (unsigned long long)bad[i].size,
			       rc ? strerror(rc) : "success");
		}
	}
	/* the first and last bytes of RAM, and all of it, are fine */
	EXPECT_EQ(0, vm_write(self->c.vm, RAM_BASE, data, 1));
	EXPECT_EQ(0, vm_write(self->c.vm, RAM_BASE + RAM_SIZE - 1, data, 1));
	EXPECT_EQ(0, vm_write(self->c.vm, RAM_BASE, data, RAM_SIZE));
}

/* No memory added or written once a vCPU has run: -EBUSY. */
TEST_F(vm, memory_busy_after_run)
{
	struct guest_code code;
	char dirs[2][96];

	code_init(&code, RAM_BASE);
	emit(&code, A64_STR_X(4, 3));	/* str x4, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	/* still allowed before the first run */
	EXPECT_EQ(0, vm_add_memory(self->c.vm, 0x80000000ULL, 0x1000));
	EXPECT_EQ(0, vm_write(self->c.vm, RAM_BASE + 0x800, "ok", 2));

	EXPECT_EQ(reg_pattern(4), expect_report(_metadata, &self->c));
	EXPECT_EQ(EBUSY, vm_add_memory(self->c.vm, 0x90000000ULL, 0x1000));
	EXPECT_EQ(EBUSY, vm_write(self->c.vm, RAM_BASE + 0x800, "no", 2));
	EXPECT_EQ(EBUSY, vm_write(self->c.vm, RAM_BASE + 0x800, "", 0));
	EXPECT_EQ(RAM_SIZE / 1024 + 4, vm_stat(dirs[0], "mem_kib"));
}

TEST_F(vm, create_vcpu_bad_args)
{
	struct hvx_vcpu_create cr;
	char dirs[2][96];
	unsigned int i;
	int fd;

	expect_vm_dirs(_metadata, 1, dirs, 2);
	memset(&cr, 0, sizeof(cr));
	cr.flags = 2;
	EXPECT_EQ(-EINVAL, hvx_ioctl_fd(self->c.vm, HVX_CREATE_VCPU, &cr));
	cr.flags = 0x80000000;
	EXPECT_EQ(-EINVAL, hvx_ioctl_fd(self->c.vm, HVX_CREATE_VCPU, &cr));
	cr.flags = 0;
	for (i = 0; i < ARRAY_SIZE(cr.reserved); i++) {
		cr.reserved[i] = 1;
		EXPECT_EQ(-EINVAL, hvx_ioctl_fd(self->c.vm, HVX_CREATE_VCPU, &cr)) {
			TH_LOG("reserved[%u] = 1", i);
		}
		cr.reserved[i] = 0;
	}
	EXPECT_EQ(-EINVAL, vcpu_create(self->c.vm, HVX_MAX_VCPUS, 0));
	EXPECT_EQ(-EINVAL, vcpu_create(self->c.vm, 0xffffffff, 0));
	EXPECT_EQ(-EINVAL, vcpu_create(self->c.vm, 0x80000000, 0));
	EXPECT_EQ(0, vm_stat(dirs[0], "nr_vcpus"));

	fd = vcpu_create(self->c.vm, HVX_MAX_VCPUS - 1, 0);
	ASSERT_LE(0, fd) {
		TH_LOG("vCPU id %d: %s", HVX_MAX_VCPUS - 1, strerror(-fd));
	}
	EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC) {
		TH_LOG("the vCPU fd is not close-on-exec");
	}
	EXPECT_EQ(-EEXIST, vcpu_create(self->c.vm, HVX_MAX_VCPUS - 1, 0));
	EXPECT_EQ(-EEXIST, vcpu_create(self->c.vm, HVX_MAX_VCPUS - 1,
				       HVX_VCPU_POWER_OFF));
	EXPECT_EQ(1, vm_stat(dirs[0], "nr_vcpus"));
	close(fd);
}

/* Every id from 0 to HVX_MAX_VCPUS - 1, in reverse order. */
TEST_F(vm, create_all_vcpus)
{
	char dirs[2][96];
	int fd[HVX_MAX_VCPUS], i;

	expect_vm_dirs(_metadata, 1, dirs, 2);
	for (i = HVX_MAX_VCPUS - 1; i >= 0; i--) {
		fd[i] = vcpu_create(self->c.vm, i, i ? HVX_VCPU_POWER_OFF : 0);
		ASSERT_LE(0, fd[i]) {
			TH_LOG("vCPU id %d: %s", i, strerror(-fd[i]));
		}
	}
	EXPECT_EQ(HVX_MAX_VCPUS, vm_stat(dirs[0], "nr_vcpus"));
	for (i = 0; i < HVX_MAX_VCPUS; i++)
		close(fd[i]);
}

/* A new vCPU: pc 0, EL1h with DAIF masked, MMU off, everything else 0. */
TEST_F(vm, regs_initial)
{
	struct hvx_regs r;
	const __u64 *p;
	unsigned int i;

	ctx_vcpu(_metadata, &self->c, 0);
	memset(&r, 0xff, sizeof(r));
	r.flags = 0;
	r.pad = 0;
	memset(r.reserved, 0, sizeof(r.reserved));
	ASSERT_EQ(0, hvx_ioctl(self->c.vcpu, HVX_VCPU_GET_REGS, &r));
	for (i = 0; i < 31; i++)
		EXPECT_EQ(0, r.x[i]) {
			TH_LOG("x%u", i);
		}
	EXPECT_EQ(0, r.sp);
	EXPECT_EQ(0, r.pc);
	EXPECT_EQ(PSR_EL1h_MASKED, r.pstate);
	EXPECT_EQ(0, r.sctlr_el1 & 1) {
		TH_LOG("SCTLR_EL1 0x%llx: MMU on", (unsigned long long)r.sctlr_el1);
	}
	/* sp_el1 .. csselr_el1, but for sctlr_el1 */
	for (p = &r.sp_el1; p <= &r.csselr_el1; p++) {
		if (p == &r.sctlr_el1)
			continue;
		EXPECT_EQ(0, *p) {
			TH_LOG("system register at offset %zu of struct hvx_regs is 0x%llx",
			       (size_t)((const char *)p - (const char *)&r),
			       (unsigned long long)*p);
		}
	}
	for (i = 0; i < ARRAY_SIZE(r.reserved); i++)
		EXPECT_EQ(0, r.reserved[i]);
}

/* SET_REGS then GET_REGS gives back what was set. */
TEST_F(vm, regs_roundtrip)
{
	struct hvx_regs r, got;
	unsigned int i;

	ctx_vcpu(_metadata, &self->c, 0);
	get_regs(_metadata, &self->c, &r);
	for (i = 0; i < 31; i++)
		r.x[i] = reg_pattern(i);
	r.sp = 0x40001230;
	r.pc = 0x40000abc;
	r.pstate = PSR_MODE_EL1t | PSR_DAIF;
	r.sp_el1 = 0x4000fff0;
	r.elr_el1 = 0xffff800012345678ULL;
	r.vbar_el1 = 0x40000800;
	r.mair_el1 = 0x000000000044ff04ULL;
	r.tpidr_el0 = 0x0123456789abcdefULL;
	r.tpidrro_el0 = 0xfedcba9876543210ULL;
	r.tpidr_el1 = 0x1122334455667788ULL;
	r.far_el1 = 0xffff000000001000ULL;
	r.contextidr_el1 = 0x4242;
	self->c.regs = r;
	ctx_set_regs(_metadata, &self->c);
	get_regs(_metadata, &self->c, &got);
	for (i = 0; i < 31; i++)
		EXPECT_EQ(r.x[i], got.x[i]) {
			TH_LOG("x%u", i);
		}
	EXPECT_EQ(r.sp, got.sp);
	EXPECT_EQ(r.pc, got.pc);
	EXPECT_EQ(r.pstate, got.pstate);
	EXPECT_EQ(r.sp_el1, got.sp_el1);
	EXPECT_EQ(r.elr_el1, got.elr_el1);
	EXPECT_EQ(r.vbar_el1, got.vbar_el1);
	EXPECT_EQ(r.mair_el1, got.mair_el1);
	EXPECT_EQ(r.tpidr_el0, got.tpidr_el0);
	EXPECT_EQ(r.tpidrro_el0, got.tpidrro_el0);
	EXPECT_EQ(r.tpidr_el1, got.tpidr_el1);
	EXPECT_EQ(r.far_el1, got.far_el1);
	EXPECT_EQ(r.contextidr_el1, got.contextidr_el1);
	EXPECT_EQ(r.sctlr_el1, got.sctlr_el1);
}

/* flags, reserved fields, a PSTATE other than AArch64 EL0t/EL1t/EL1h: -EINVAL. */
TEST_F(vm, regs_bad_args)
{
	static const __u64 bad_pstate[] = {
		0x1, 0x2, 0x3, 0x6, 0x7,		/* M[1] set, EL0 with SP_EL1 */
		PSR_MODE_EL2t, PSR_MODE_EL2h, 0xc, PSR_MODE_EL3h,
		/* AArch32: Hyp, Supervisor, System; User with bit 32 set */
		PSR_MODE32 | 0xa, PSR_MODE32 | 0x3, PSR_MODE32 | 0xf,
		PSR_MODE32 | (1ULL << 32),
		PSR_MODE_EL2h | PSR_DAIF,
	};
	static const __u64 good_pstate[] = {
		PSR_MODE_EL0t, PSR_MODE_EL1t, PSR_MODE_EL1h,
		PSR_MODE_EL1h | PSR_DAIF, PSR_MODE_EL0t | PSR_DAIF,
	};
	struct hvx_regs r, got;
	unsigned int i;

	ctx_vcpu(_metadata, &self->c, 0);
	get_regs(_metadata, &self->c, &r);

	r.flags = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vcpu, HVX_VCPU_GET_REGS, &r));
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vcpu, HVX_VCPU_SET_REGS, &r));
	r.flags = 0;
	r.x[5] = 0x5555;
	for (i = 0; i < ARRAY_SIZE(r.reserved); i++) {
		r.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vcpu, HVX_VCPU_SET_REGS, &r)) {
			TH_LOG("reserved[%u] = 1", i);
		}
		r.reserved[i] = 0;
	}
	for (i = 0; i < ARRAY_SIZE(bad_pstate); i++) {
		r.pstate = bad_pstate[i];
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vcpu, HVX_VCPU_SET_REGS, &r)) {
			TH_LOG("pstate 0x%llx accepted", (unsigned long long)r.pstate);
		}
	}
	/* nothing of the refused calls was applied */
	get_regs(_metadata, &self->c, &got);
	EXPECT_EQ(0, got.x[5]);
	EXPECT_EQ(PSR_EL1h_MASKED, got.pstate);

	for (i = 0; i < ARRAY_SIZE(good_pstate); i++) {
		r.pstate = good_pstate[i];
		EXPECT_EQ(0, hvx_ioctl(self->c.vcpu, HVX_VCPU_SET_REGS, &r)) {
			TH_LOG("pstate 0x%llx refused", (unsigned long long)r.pstate);
		}
		get_regs(_metadata, &self->c, &got);
		EXPECT_EQ(good_pstate[i], got.pstate);
	}
}

/* The right ioctl number with the wrong size or direction: -ENOTTY, no effect. */
TEST_F(vm, wrong_size_ioctls)
{
	const unsigned int W = _IOC_WRITE, R = _IOC_READ, RW = _IOC_READ | _IOC_WRITE;
	const struct {
		int fd;		/* 0 /dev/hvx, 1 VM, 2 vCPU */
		unsigned long cmd;
	} cmds[] = {
		{ 0, _IOC(W, HVX_IOCTL_TYPE, 0x10, sizeof(struct hvx_vm_create) - 8) },
		{ 0, _IOC(W, HVX_IOCTL_TYPE, 0x10, sizeof(struct hvx_vm_create) + 8) },
		{ 0, _IOC(W, HVX_IOCTL_TYPE, 0x10, 0) },
		{ 0, _IOC(RW, HVX_IOCTL_TYPE, 0x10, sizeof(struct hvx_vm_create)) },
		{ 0, _IOC(R, HVX_IOCTL_TYPE, 0x10, sizeof(struct hvx_vm_create)) },
		{ 0, _IOC(W, HVX_IOCTL_TYPE, 0x11, 8) },
		{ 1, _IOC(W, HVX_IOCTL_TYPE, 0x20, sizeof(struct hvx_vm_memory) - 8) },
		{ 1, _IOC(W, HVX_IOCTL_TYPE, 0x20, sizeof(struct hvx_vm_memory) + 8) },
		{ 1, _IOC(RW, HVX_IOCTL_TYPE, 0x20, sizeof(struct hvx_vm_memory)) },
		{ 1, _IOC(W, HVX_IOCTL_TYPE, 0x21, sizeof(struct hvx_vm_write) - 8) },
		{ 1, _IOC(W, HVX_IOCTL_TYPE, 0x21, sizeof(struct hvx_vm_write) + 8) },
		{ 1, _IOC(R, HVX_IOCTL_TYPE, 0x21, sizeof(struct hvx_vm_write)) },
		{ 1, _IOC(W, HVX_IOCTL_TYPE, 0x22, sizeof(struct hvx_vcpu_create) - 8) },
		{ 1, _IOC(W, HVX_IOCTL_TYPE, 0x22, sizeof(struct hvx_vcpu_create) + 8) },
		{ 1, _IOC(RW, HVX_IOCTL_TYPE, 0x22, sizeof(struct hvx_vcpu_create)) },
		{ 2, _IOC(W, HVX_IOCTL_TYPE, 0x30, 8) },
		{ 2, _IOC(RW, HVX_IOCTL_TYPE, 0x31, sizeof(struct hvx_regs) - 8) },
		{ 2, _IOC(RW, HVX_IOCTL_TYPE, 0x31, sizeof(struct hvx_regs) + 8) },
		{ 2, _IOC(R, HVX_IOCTL_TYPE, 0x31, sizeof(struct hvx_regs)) },
		{ 2, _IOC(W, HVX_IOCTL_TYPE, 0x32, sizeof(struct hvx_regs) - 8) },
		{ 2, _IOC(W, HVX_IOCTL_TYPE, 0x32, sizeof(struct hvx_regs) + 8) },
		{ 2, _IOC(RW, HVX_IOCTL_TYPE, 0x32, sizeof(struct hvx_regs)) },
	};
	uint64_t n0 = vm_count();
	struct guest_code code;
	char dirs[2][96];
	union {
		struct hvx_vm_create cv;
		struct hvx_vm_memory m;
		struct hvx_vm_write w;
		struct hvx_vcpu_create cc;
		struct hvx_regs r;
		char big[1024];
	} arg;
	struct hvx_regs got;
	unsigned int i;
	int fds[3], rc;

	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	fds[0] = self->c.dev;
	fds[1] = self->c.vm;
	fds[2] = self->c.vcpu;
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		/* a valid argument for the command, so only the number is wrong */
		memset(&arg, 0, sizeof(arg));
		switch (_IOC_NR(cmds[i].cmd)) {
		case 0x20:
			arg.m.guest_phys_addr = 0x80000000ULL;
			arg.m.size = 0x1000;
			break;
		case 0x21:
			arg.w.guest_phys_addr = RAM_BASE + 0x800;
			arg.w.size = 1;
			arg.w.data = (uintptr_t)"w";
			break;
		case 0x22:
			arg.cc.id = 1;
			break;
		case 0x32:
			arg.r = self->c.regs;
			arg.r.pc = RAM_BASE + 0x100;
			break;
		}
		rc = hvx_ioctl_fd(fds[cmds[i].fd], cmds[i].cmd, &arg);
		EXPECT_EQ(-ENOTTY, rc) {
			TH_LOG("ioctl 0x%lx (dir %lu size %lu nr 0x%lx) on the %s fd",
			       cmds[i].cmd, (unsigned long)_IOC_DIR(cmds[i].cmd),
			       (unsigned long)_IOC_SIZE(cmds[i].cmd),
			       (unsigned long)_IOC_NR(cmds[i].cmd),
			       cmds[i].fd == 0 ? "/dev/hvx" : cmds[i].fd == 1 ? "VM" : "vCPU");
		}
		if (rc > 0 && _IOC_NR(cmds[i].cmd) != 0x11)
			close(rc);
	}
	EXPECT_EQ(n0, vm_count());
	EXPECT_EQ(RAM_SIZE / 1024, vm_stat(dirs[0], "mem_kib"));
	EXPECT_EQ(1, vm_stat(dirs[0], "nr_vcpus"));
	get_regs(_metadata, &self->c, &got);
	EXPECT_EQ(RAM_BASE, got.pc);
	/* RUN with a size never ran the guest either */
	EXPECT_EQ(HVX_EXIT_NONE, self->c.run->exit_reason);
}

/* Each fd only knows its own ioctls: the others are -ENOTTY. */
TEST_F(vm, wrong_fd_ioctls)
{
	const struct {
		int fd;
		unsigned long cmd;
		const char *name;
	} cmds[] = {
		{ 0, HVX_VM_ADD_MEMORY, "HVX_VM_ADD_MEMORY on /dev/hvx" },
		{ 0, HVX_VM_WRITE_MEMORY, "HVX_VM_WRITE_MEMORY on /dev/hvx" },
		{ 0, HVX_CREATE_VCPU, "HVX_CREATE_VCPU on /dev/hvx" },
		{ 0, HVX_VCPU_RUN, "HVX_VCPU_RUN on /dev/hvx" },
		{ 0, HVX_VCPU_GET_REGS, "HVX_VCPU_GET_REGS on /dev/hvx" },
		{ 0, HVX_VCPU_SET_REGS, "HVX_VCPU_SET_REGS on /dev/hvx" },
		{ 1, HVX_CREATE_VM, "HVX_CREATE_VM on a VM" },
		{ 1, HVX_VCPU_RUN, "HVX_VCPU_RUN on a VM" },
		{ 1, HVX_VCPU_GET_REGS, "HVX_VCPU_GET_REGS on a VM" },
		{ 1, HVX_VCPU_SET_REGS, "HVX_VCPU_SET_REGS on a VM" },
		{ 2, HVX_CREATE_VM, "HVX_CREATE_VM on a vCPU" },
		{ 2, HVX_VM_ADD_MEMORY, "HVX_VM_ADD_MEMORY on a vCPU" },
		{ 2, HVX_VM_WRITE_MEMORY, "HVX_VM_WRITE_MEMORY on a vCPU" },
		{ 2, HVX_CREATE_VCPU, "HVX_CREATE_VCPU on a vCPU" },
	};
	uint64_t n0 = vm_count();
	char dirs[2][96];
	union {
		struct hvx_vm_memory m;
		struct hvx_vcpu_create cc;
		struct hvx_regs r;
		char big[1024];
	} arg;
	unsigned int i;
	int fds[3], rc;

	ctx_vcpu(_metadata, &self->c, 0);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	fds[0] = self->c.dev;
	fds[1] = self->c.vm;
	fds[2] = self->c.vcpu;
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		memset(&arg, 0, sizeof(arg));
		if (cmds[i].cmd == HVX_VM_ADD_MEMORY) {
			arg.m.guest_phys_addr = RAM_BASE;
			arg.m.size = 0x1000;
		} else if (cmds[i].cmd == HVX_CREATE_VCPU) {
			arg.cc.id = 2;
		} else if (cmds[i].cmd == HVX_VCPU_SET_REGS) {
			arg.r.pstate = PSR_EL1h_MASKED;
		}
		rc = hvx_ioctl_fd(fds[cmds[i].fd], cmds[i].cmd, &arg);
		EXPECT_EQ(-ENOTTY, rc) {
			TH_LOG("%s", cmds[i].name);
		}
		if (rc > 0)
			close(rc);
	}
	EXPECT_EQ(n0, vm_count());
	EXPECT_EQ(0, vm_stat(dirs[0], "mem_kib"));
	EXPECT_EQ(1, vm_stat(dirs[0], "nr_vcpus"));
}

/* Bad user pointers: -EFAULT, nothing done. */
TEST_F(vm, bad_pointers)
{
	uint64_t n0 = vm_count();
	struct hvx_regs *ro;
	char dirs[2][96];
	void *none;

	ctx_vcpu(_metadata, &self->c, 0);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, none);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);

	EXPECT_EQ(-EFAULT, hvx_ioctl_fd(self->c.dev, HVX_CREATE_VM, NULL));
	EXPECT_EQ(-EFAULT, hvx_ioctl_fd(self->c.dev, HVX_CREATE_VM, none));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vm, HVX_VM_ADD_MEMORY, NULL));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vm, HVX_VM_WRITE_MEMORY, none));
	EXPECT_EQ(-EFAULT, hvx_ioctl_fd(self->c.vm, HVX_CREATE_VCPU, NULL));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vcpu, HVX_VCPU_SET_REGS, NULL));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vcpu, HVX_VCPU_GET_REGS, none));
	/* readable (flags 0) but not writable: GET_REGS cannot give its answer */
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vcpu, HVX_VCPU_GET_REGS, ro));

	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, RAM_SIZE));
	EXPECT_EQ(EFAULT, vm_write(self->c.vm, RAM_BASE, NULL, 16));
	EXPECT_EQ(EFAULT, vm_write(self->c.vm, RAM_BASE, none, 16));
	EXPECT_EQ(n0, vm_count());
	EXPECT_EQ(1, vm_stat(dirs[0], "nr_vcpus"));
	munmap(none, 4096);
	munmap(ro, 4096);
}

/* HVX_GET_VCPU_MMAP_SIZE covers struct hvx_run in whole pages. */
TEST_F(vm, mmap_size)
{
	int n = ioctl(self->c.dev, HVX_GET_VCPU_MMAP_SIZE, 0);

	ASSERT_LE((int)sizeof(struct hvx_run), n) {
		TH_LOG("HVX_GET_VCPU_MMAP_SIZE: %d (%s)", n,
		       n < 0 ? strerror(errno) : "smaller than struct hvx_run");
	}
	EXPECT_EQ(0, n % getpagesize());
	ctx_vcpu(_metadata, &self->c, 0);
	EXPECT_EQ(HVX_EXIT_NONE, self->c.run->exit_reason);
	EXPECT_EQ(0, self->c.run->immediate_exit);
}

/* ---- running guests ------------------------------------------------------------- */

/* With no RAM at its pc, a vCPU's first fetch is an internal error, not MMIO. */
TEST_F(vm, run_without_memory)
{
	char buf[200];
	int rc;

	ctx_vcpu(_metadata, &self->c, 0);
	get_regs(_metadata, &self->c, &self->c.regs);
	self->c.regs.pc = 0x1000;
	ctx_set_regs(_metadata, &self->c);
	rc = run_vcpu(_metadata, &self->c);
	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VCPU_RUN: %s", strerror(rc));
	}
	ASSERT_EQ(HVX_EXIT_INTERNAL_ERROR, self->c.run->exit_reason) {
		TH_LOG("expected an internal error (IABT), got %s",
		       exit_str(self->c.run, buf, sizeof(buf)));
	}
	EXPECT_EQ(HVX_INTERNAL_IABT, self->c.run->internal.suberror);
	EXPECT_EQ(ESR_EC_IABT_LOW, ESR_EC(self->c.run->internal.esr));
	EXPECT_EQ(0x1000, self->c.run->internal.pc);
	EXPECT_TRUE(self->c.run->internal.gpa == 0x1000 ||
		    self->c.run->internal.gpa == 0) {
		TH_LOG("%s", exit_str(self->c.run, buf, sizeof(buf)));
	}
}

/*
 * One MMIO load or store per variant: the exit has the address, size,
 * direction and (store) data; the next RUN completes a load into the
 * register with the instruction's extension and moves the pc on.
 */
FIXTURE(mmio) {
	struct vmctx c;
};

FIXTURE_VARIANT(mmio) {
	uint32_t op;		/* A64_LDST() base */
	unsigned int rt;	/* the data register */
	unsigned int len;
	bool write;
	uint64_t value;		/* load: what user space answers; store: xRt */
	uint64_t expect;	/* load: xRt after; store: the data */
};

#define NEG_DATA	0x8897a6b5c4d3e2f1ULL	/* every byte's top bit set */
#define POS_DATA	0x0817263544536271ULL	/* no byte's top bit set */

FIXTURE_VARIANT_ADD(mmio, ldrb) {
	.op = 0x39400000, .rt = 1, .len = 1,
	.value = NEG_DATA, .expect = 0xf1,
};

FIXTURE_VARIANT_ADD(mmio, ldrh) {
	.op = 0x79400000, .rt = 7, .len = 2,
	.value = NEG_DATA, .expect = 0xe2f1,
};

FIXTURE_VARIANT_ADD(mmio, ldr_w) {
	.op = 0xb9400000, .rt = 12, .len = 4,
	.value = NEG_DATA, .expect = 0xc4d3e2f1,
};

FIXTURE_VARIANT_ADD(mmio, ldr_x) {
	.op = 0xf9400000, .rt = 30, .len = 8,
	.value = NEG_DATA, .expect = NEG_DATA,
};

FIXTURE_VARIANT_ADD(mmio, ldrsb_x) {
	.op = 0x39800000, .rt = 9, .len = 1,
	.value = NEG_DATA, .expect = 0xfffffffffffffff1ULL,
};

FIXTURE_VARIANT_ADD(mmio, ldrsb_w) {
	.op = 0x39c00000, .rt = 9, .len = 1,
	.value = NEG_DATA, .expect = 0xfffffff1ULL,
};

FIXTURE_VARIANT_ADD(mmio, ldrsh_x) {
	.op = 0x79800000, .rt = 17, .len = 2,
	.value = NEG_DATA, .expect = 0xffffffffffffe2f1ULL,
};

FIXTURE_VARIANT_ADD(mmio, ldrsh_w) {
	.op = 0x79c00000, .rt = 17, .len = 2,
	.value = NEG_DATA, .expect = 0xffffe2f1ULL,
};

FIXTURE_VARIANT_ADD(mmio, ldrsw) {
	.op = 0xb9800000, .rt = 20, .len = 4,
	.value = NEG_DATA, .expect = 0xffffffffc4d3e2f1ULL,
};

FIXTURE_VARIANT_ADD(mmio, ldrsb_x_positive) {
	.op = 0x39800000, .rt = 4, .len = 1,
	.value = POS_DATA, .expect = 0x71,
};

FIXTURE_VARIANT_ADD(mmio, ldrsh_x_positive) {
	.op = 0x79800000, .rt = 4, .len = 2,
	.value = POS_DATA, .expect = 0x6271,
};

FIXTURE_VARIANT_ADD(mmio, ldrsw_positive) {
	.op = 0xb9800000, .rt = 4, .len = 4,
	.value = POS_DATA, .expect = 0x44536271,
};

FIXTURE_VARIANT_ADD(mmio, strb) {
	.op = 0x39000000, .rt = 1, .len = 1, .write = true,
	.value = 0x1122334455667788ULL, .expect = 0x88,
};

FIXTURE_VARIANT_ADD(mmio, strh) {
	.op = 0x79000000, .rt = 7, .len = 2, .write = true,
	.value = 0x1122334455667788ULL, .expect = 0x7788,
};

FIXTURE_VARIANT_ADD(mmio, str_w) {
	.op = 0xb9000000, .rt = 12, .len = 4, .write = true,
	.value = 0x1122334455667788ULL, .expect = 0x55667788,
};

FIXTURE_VARIANT_ADD(mmio, str_x) {
	.op = 0xf9000000, .rt = 30, .len = 8, .write = true,
	.value = 0x1122334455667788ULL, .expect = 0x1122334455667788ULL,
};

FIXTURE_SETUP(mmio)
{
	ctx_open(_metadata, &self->c);
}

FIXTURE_TEARDOWN(mmio)
{
	ctx_close(&self->c);
}

TEST_F(mmio, access)
{
	const uint64_t addr = GUEST_MMIO_BASE + 0x40 * variant->len;
	const unsigned int rt = variant->rt;
	struct guest_code code;
	struct hvx_regs r;
	uint64_t v;

	code_init(&code, RAM_BASE);
	emit(&code, A64_LDST(variant->op, rt, 2));	/* ldr/str<sz> Rt, [x2] */
	emit(&code, A64_STR_X(rt, 3));			/* str xRt, [x3] */
	emit(&code, A64_HVC0);				/* hvc #0: SYSTEM_OFF */
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[2] = addr;
	self->c.regs.x[rt] = variant->write ? variant->value : POISON;
	ctx_set_regs(_metadata, &self->c);

	expect_mmio(_metadata, &self->c, addr, variant->len, variant->write);
	if (variant->write) {
		v = mmio_data(self->c.run, variant->len);
		EXPECT_EQ(variant->expect, v) {
			TH_LOG("stored 0x%llx, expected 0x%llx (the low %u bytes of x%u)",
			       (unsigned long long)v,
			       (unsigned long long)variant->expect,
			       variant->len, rt);
		}
	}
	/* the access is pending: the pc is still on it, xRt as it was */
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(RAM_BASE, r.pc);
	EXPECT_EQ(self->c.regs.x[rt], r.x[rt]);
	if (!variant->write)
		mmio_set_data(self->c.run, variant->value);

	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(variant->write ? variant->value : variant->expect, v) {
		TH_LOG("x%u is 0x%llx after the %s, expected 0x%llx", rt,
		       (unsigned long long)v, variant->write ? "store" : "load",
		       (unsigned long long)(variant->write ? variant->value :
					    variant->expect));
	}
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(RAM_BASE + 4, r.pc);
	EXPECT_EQ(variant->write ? variant->value : variant->expect, r.x[rt]);
	EXPECT_TRUE(regs_kept(_metadata, &self->c, &r, 1U << rt));
	EXPECT_EQ(PSR_MODE_EL1h, r.pstate & 0x1f);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/* wzr stores 0 (not SP); a load into xzr changes no register. */
TEST_F(vm, mmio_zero_register)
{
	struct guest_code code;
	struct hvx_regs r;

	code_init(&code, RAM_BASE);
	emit(&code, A64_STR_W(31, 2));	/* str wzr, [x2] */
	emit(&code, A64_LDR_X(31, 2));	/* ldr xzr, [x2] */
	emit(&code, A64_STR_X(1, 3));	/* str x1, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[2] = GUEST_MMIO_BASE;
	self->c.regs.sp = 0x40002220;
	self->c.regs.sp_el1 = 0x4000fff0;
	ctx_set_regs(_metadata, &self->c);

	expect_mmio(_metadata, &self->c, GUEST_MMIO_BASE, 4, true);
	EXPECT_EQ(0, mmio_data(self->c.run, 4)) {
		TH_LOG("str wzr stored 0x%llx",
		       (unsigned long long)mmio_data(self->c.run, 4));
	}
	expect_mmio(_metadata, &self->c, GUEST_MMIO_BASE, 8, false);
	mmio_set_data(self->c.run, 0x1234567890abcdefULL);
	EXPECT_EQ(reg_pattern(1), expect_report(_metadata, &self->c));
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(RAM_BASE + 8, r.pc);
	EXPECT_TRUE(regs_kept(_metadata, &self->c, &r, 0));
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/* MMIO at 0, at the top of the IPA space and right after RAM. */
TEST_F(vm, mmio_address_range)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_STR_W(1, 2));	/* str w1, [x2] */
	emit(&code, A64_STR_X(1, 4));	/* str x1, [x4] */
	emit(&code, A64_LDRB(6, 5));	/* ldrb w6, [x5] */
	emit(&code, A64_STR_X(6, 3));	/* str x6, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[2] = 0;
	self->c.regs.x[4] = IPA_LIMIT - 8;
	self->c.regs.x[5] = RAM_BASE + RAM_SIZE;
	ctx_set_regs(_metadata, &self->c);

	expect_mmio(_metadata, &self->c, 0, 4, true);
	EXPECT_EQ(reg_pattern(1) & 0xffffffff, mmio_data(self->c.run, 4));
	expect_mmio(_metadata, &self->c, IPA_LIMIT - 8, 8, true);
	EXPECT_EQ(reg_pattern(1), mmio_data(self->c.run, 8));
	expect_mmio(_metadata, &self->c, RAM_BASE + RAM_SIZE, 1, false);
	mmio_set_data(self->c.run, 0xa5);
	EXPECT_EQ(0xa5, expect_report(_metadata, &self->c));
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * mmio.abort: the load is not completed; the guest takes a synchronous
 * external abort at it (its vector reports ESR_EL1 and FAR_EL1).
 */
TEST_F(vm, mmio_abort)
{
	const uint64_t vbar = RAM_BASE + 0x800;
	struct guest_code code;
	struct hvx_regs r;
	uint64_t esr, far;

	code_init(&code, RAM_BASE);
	emit(&code, A64_LDR_W(1, 2));		/* ldr w1, [x2] */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3]: not reached */
	emit(&code, A64_HVC0);
	/* VBAR_EL1 + 0x200: synchronous, current EL with SP_ELx */
	code_pad_to(&code, vbar + 0x200);
	emit(&code, A64_MRS(4, SR_ESR_EL1));	/* mrs x4, esr_el1 */
	emit(&code, A64_STR_X(4, 3));		/* str x4, [x3] */
	emit(&code, A64_MRS(5, SR_FAR_EL1));	/* mrs x5, far_el1 */
	emit(&code, A64_STR_X(5, 3));		/* str x5, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[1] = POISON;
	self->c.regs.x[2] = GUEST_MMIO_BASE + 0x20;
	self->c.regs.vbar_el1 = vbar;
	ctx_set_regs(_metadata, &self->c);

	expect_mmio(_metadata, &self->c, GUEST_MMIO_BASE + 0x20, 4, false);
	mmio_set_data(self->c.run, 0x1111111111111111ULL);
	self->c.run->mmio.abort = 1;
	esr = expect_report(_metadata, &self->c);
	EXPECT_EQ(ESR_EC_DABT_CUR, ESR_EC(esr)) {
		TH_LOG("ESR_EL1 0x%llx: EC 0x%llx, expected a data abort from EL1 (0x25)",
		       (unsigned long long)esr, (unsigned long long)ESR_EC(esr));
	}
	EXPECT_EQ(ESR_FSC_SEA, ESR_FSC(esr)) {
		TH_LOG("ESR_EL1 0x%llx: FSC 0x%llx, expected a synchronous external abort (0x10)",
		       (unsigned long long)esr, (unsigned long long)ESR_FSC(esr));
	}
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(vbar + 0x204, r.pc);
	EXPECT_EQ(RAM_BASE, r.elr_el1);
	EXPECT_EQ(PSR_MODE_EL1h, r.spsr_el1 & 0xf);
	EXPECT_EQ(POISON, r.x[1]) {
		TH_LOG("the aborted load wrote x1");
	}
	far = expect_report(_metadata, &self->c);
	if (!(esr & ESR_DABT_FNV))
		EXPECT_EQ(GUEST_MMIO_BASE + 0x20, far);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * A load without a syndrome (LDP) outside RAM is an internal error exit
 * (HVX_INTERNAL_MMIO_NISV) at the instruction, never an MMIO exit.
 */
TEST_F(vm, mmio_without_syndrome)
{
	const uint64_t addr = GUEST_MMIO_BASE + 0x30;
	struct guest_code code;
	char buf[200];
	uint64_t esr;
	int rc;

	code_init(&code, RAM_BASE);
	emit(&code, A64_LDP_X(1, 4, 2));	/* ldp x1, x4, [x2] */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[2] = addr;
	ctx_set_regs(_metadata, &self->c);
	rc = run_vcpu(_metadata, &self->c);
	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VCPU_RUN: %s", strerror(rc));
	}
	ASSERT_EQ(HVX_EXIT_INTERNAL_ERROR, self->c.run->exit_reason) {
		TH_LOG("expected an internal error (MMIO_NISV), got %s",
		       exit_str(self->c.run, buf, sizeof(buf)));
	}
	EXPECT_EQ(HVX_INTERNAL_MMIO_NISV, self->c.run->internal.suberror);
	esr = self->c.run->internal.esr;
	EXPECT_EQ(ESR_EC_DABT_LOW, ESR_EC(esr)) {
		TH_LOG("ESR_EL2 0x%llx", (unsigned long long)esr);
	}
	EXPECT_EQ(0, esr & ESR_DABT_ISV) {
		TH_LOG("ESR_EL2 0x%llx has ISV set for an LDP", (unsigned long long)esr);
	}
	EXPECT_EQ(RAM_BASE, self->c.run->internal.pc);
	/* exact, or the page (HPFAR_EL2) */
	EXPECT_EQ(addr & ~(VM_PAGE_SIZE - 1),
		  self->c.run->internal.gpa & ~(VM_PAGE_SIZE - 1)) {
		TH_LOG("%s", exit_str(self->c.run, buf, sizeof(buf)));
	}
}

/* ---- calls from the guest --------------------------------------------------- */

TEST_F(vm, system_off_hvc)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);			/* hvc #0, x0 = SYSTEM_OFF */
	start_guest(_metadata, &self->c, &code, 5);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 5);
}

TEST_F(vm, system_reset_hvc)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);			/* hvc #0, x0 = SYSTEM_RESET */
	start_guest(_metadata, &self->c, &code, 2);
	self->c.regs.x[0] = PSCI_SYSTEM_RESET;
	ctx_set_regs(_metadata, &self->c);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_RESET, 2);
}

TEST_F(vm, system_off_smc)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_SMC0);			/* smc #0, x0 = SYSTEM_OFF */
	start_guest(_metadata, &self->c, &code, 0);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

TEST_F(vm, system_reset_smc)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_SMC0);			/* smc #0, x0 = SYSTEM_RESET */
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[0] = PSCI_SYSTEM_RESET;
	ctx_set_regs(_metadata, &self->c);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_RESET, 0);
}

/* PSCI_VERSION answers; an unknown call over HVC or SMC gets NOT_SUPPORTED. */
TEST_F(vm, psci_version_and_unknown_calls)
{
	struct guest_code code;
	uint64_t v;

	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);			/* hvc #0: PSCI_VERSION */
	emit(&code, A64_STR_X(0, 3));		/* str x0, [x3] */
	emit(&code, A64_MOV(0, 20));		/* mov x0, x20: a SiP call */
	emit(&code, A64_HVC0);			/* hvc #0 */
	emit(&code, A64_STR_X(0, 3));
	emit(&code, A64_MOV(0, 20));
	emit(&code, A64_SMC0);			/* smc #0 */
	emit(&code, A64_STR_X(0, 3));
	emit(&code, A64_MOV(0, 21));		/* mov x0, x21: SYSTEM_OFF */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[0] = PSCI_VERSION;
	self->c.regs.x[20] = SMCCC_SIP_CALL0;
	self->c.regs.x[21] = PSCI_SYSTEM_OFF;
	ctx_set_regs(_metadata, &self->c);

	v = expect_report(_metadata, &self->c);
	EXPECT_LE(1, (v >> 16) & 0xffff) {
		TH_LOG("PSCI_VERSION returned 0x%llx: expected 1.0 or later",
		       (unsigned long long)v);
	}
	EXPECT_EQ(0, v >> 32) {
		TH_LOG("PSCI_VERSION returned 0x%llx", (unsigned long long)v);
	}
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(SMCCC_NOT_SUPPORTED, (int32_t)v) {
		TH_LOG("unknown HVC call 0x%x returned 0x%llx", SMCCC_SIP_CALL0,
		       (unsigned long long)v);
	}
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(SMCCC_NOT_SUPPORTED, (int32_t)v) {
		TH_LOG("unknown SMC call 0x%x returned 0x%llx", SMCCC_SIP_CALL0,
		       (unsigned long long)v);
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * HVX_GUEST_CALL_NOP, 1000 times in a loop: each returns 0 in x0 at EL2,
 * without an exit to user space; x4-x30 are kept.
 */
TEST_F(vm, guest_call_nop)
{
	const unsigned int loops = 1000;
	struct guest_code code;
	struct hvx_regs r;
	char dirs[2][96];
	uint64_t loop, ue0, ue1;

	code_init(&code, RAM_BASE);
	loop = emit(&code, A64_MOV(0, 22));		/* 1: mov x0, x22 */
	emit(&code, A64_HVC0);				/* hvc #0 */
	emit(&code, A64_ORR(23, 23, 0));		/* orr x23, x23, x0 */
	emit(&code, A64_SUBS_IMM(21, 21, 1));		/* subs x21, x21, #1 */
	emit(&code, A64_BNE(loop - code_here(&code)));	/* b.ne 1b */
	emit(&code, A64_STR_X(23, 20));			/* str x23, [x20] */
	emit(&code, A64_STR_X(21, 20));			/* str x21, [x20] */
	emit(&code, A64_MOV(0, 24));			/* mov x0, x24 */
	emit(&code, A64_HVC0);				/* hvc #0: SYSTEM_OFF */
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[20] = REPORT;
	self->c.regs.x[21] = loops;
	self->c.regs.x[22] = HVX_GUEST_CALL_NOP;
	self->c.regs.x[23] = 0;
	self->c.regs.x[24] = PSCI_SYSTEM_OFF;
	ctx_set_regs(_metadata, &self->c);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	ue0 = vm_stat(dirs[0], "user_exits");

	/* the first exit is the report: no call left the kernel */
	EXPECT_EQ(0, expect_report(_metadata, &self->c)) {
		TH_LOG("HVX_GUEST_CALL_NOP returned 0x%llx (ORed over %u calls)",
		       (unsigned long long)mmio_data(self->c.run, 8), loops);
	}
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(0, r.x[21]) {
		TH_LOG("the loop counter is %llu: not every call returned to the loop",
		       (unsigned long long)r.x[21]);
	}
	EXPECT_EQ(0, r.x[0]);
	/* x0-x3 may hold results; x21, x23: the loop's own */
	EXPECT_TRUE(regs_kept(_metadata, &self->c, &r,
			      0xf | (1U << 21) | (1U << 23)));
	ue1 = vm_stat(dirs[0], "user_exits");
	EXPECT_EQ(ue0 + 1, ue1) {
		TH_LOG("user_exits went from %llu to %llu over %u NOP calls and one MMIO exit",
		       (unsigned long long)ue0, (unsigned long long)ue1, loops);
	}
	expect_mmio(_metadata, &self->c, REPORT, 8, true);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * PSCI CPU_ON from vCPU 0 starts vCPU 1 (created powered off, its RUN
 * waiting on a thread) at the entry point with x0 = the context id and
 * its MPIDR; CPU_ON of a nonexistent MPIDR gives INVALID_PARAMETERS.
 */
TEST_F(vm, psci_cpu_on)
{
	const uint64_t entry = RAM_BASE + 0x400, ctx = 0x1122334455667788ULL;
	const uint64_t report1 = REPORT + 0x100;
	struct guest_code code;
	struct runner r1 = { 0 };
	struct hvx_run *run1;
	size_t size1;
	int vcpu1, i, ret;
	bool done;
	char buf[200];

	code_init(&code, RAM_BASE);
	/*
	 * vCPU 0: the refused CPU_ON first, so that vCPU 1, which ends the VM,
	 * starts only after vCPU 0's last call (on a slow host it could
	 * otherwise end the VM before vCPU 0 reports the second result).
	 */
	for (i = 0; i < 2; i++) {
		emit(&code, A64_MOV(0, 20));	/* mov x0, x20: CPU_ON */
		emit(&code, A64_MOV(1, i ? 21 : 25));	/* mov x1, x25 (or x21) */
		emit(&code, A64_MOV(2, 22));	/* mov x2, x22: entry */
		emit(&code, A64_MOV(3, 23));	/* mov x3, x23: context id */
		emit(&code, A64_HVC0);		/* hvc #0 */
		emit(&code, A64_STR_X(0, 24));	/* str x0, [x24] */
	}
	emit(&code, A64_B_SELF);		/* b . */
	/* vCPU 1, from its entry point */
	code_pad_to(&code, entry);
	emit_mov64(&code, 3, report1);		/* mov x3, #report1 */
	emit(&code, A64_STR_X(0, 3));		/* str x0, [x3] */
	emit(&code, A64_MRS(1, SR_MPIDR_EL1));	/* mrs x1, mpidr_el1 */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit_mov64(&code, 0, PSCI_SYSTEM_OFF);	/* mov x0, #SYSTEM_OFF */
	emit(&code, A64_HVC0);			/* hvc #0 */
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[20] = PSCI_CPU_ON;
	self->c.regs.x[21] = HVX_VCPU_MPIDR(1);
	self->c.regs.x[22] = entry;
	self->c.regs.x[23] = ctx;
	self->c.regs.x[24] = REPORT;
	self->c.regs.x[25] = 0xff;		/* no such vCPU */
	ctx_set_regs(_metadata, &self->c);

	vcpu1 = vcpu_create(self->c.vm, 1, HVX_VCPU_POWER_OFF);
	ASSERT_LE(0, vcpu1) {
		TH_LOG("HVX_CREATE_VCPU id 1, powered off: %s", strerror(-vcpu1));
	}
	run1 = vcpu_map(self->c.dev, vcpu1, &size1);
	ASSERT_NE(NULL, run1);
	ASSERT_EQ(0, runner_start(&r1, vcpu1, run1, 3));
	usleep(200000);
	EXPECT_EQ(0, r1.nr) {
		TH_LOG("vCPU 1, powered off, returned from RUN before any CPU_ON: rc %d, %s",
		       r1.ev[0].rc, exit_str(run1, buf, sizeof(buf)));
	}

	ret = (int32_t)expect_report(_metadata, &self->c);
	EXPECT_EQ(PSCI_INVALID_PARAMS, ret) {
		TH_LOG("CPU_ON of MPIDR 0xff (no such vCPU) returned %d", ret);
	}
	ret = (int32_t)expect_report(_metadata, &self->c);
	EXPECT_EQ(0, ret) {
		TH_LOG("CPU_ON vCPU 1 returned %d", ret);
	}

	done = runner_wait(&r1, RUN_TIMEOUT_S);
	EXPECT_TRUE(done) {
		TH_LOG("vCPU 1 made %d of its 3 exits within %d s of CPU_ON",
		       r1.nr, RUN_TIMEOUT_S);
	}
	for (i = 0; i < r1.nr; i++)
		TH_LOG("vCPU 1 exit %d: rc %d reason %u addr 0x%llx data 0x%llx",
		       i, r1.ev[i].rc, r1.ev[i].reason,
		       (unsigned long long)r1.ev[i].addr,
		       (unsigned long long)r1.ev[i].data);
	ASSERT_EQ(3, r1.nr);
	EXPECT_TRUE(r1.ev[0].rc == 0 && r1.ev[0].reason == HVX_EXIT_MMIO &&
		    r1.ev[0].addr == report1 && r1.ev[0].is_write);
	EXPECT_EQ(ctx, r1.ev[0].data) {
		TH_LOG("vCPU 1 started with x0 0x%llx, the context id was 0x%llx",
		       (unsigned long long)r1.ev[0].data, (unsigned long long)ctx);
	}
	EXPECT_EQ(HVX_VCPU_MPIDR(1), r1.ev[1].data & MPIDR_AFF_MASK) {
		TH_LOG("vCPU 1's MPIDR_EL1 is 0x%llx", (unsigned long long)r1.ev[1].data);
	}
	EXPECT_TRUE(r1.ev[2].rc == 0 && r1.ev[2].reason == HVX_EXIT_SYSTEM_EVENT &&
		    r1.ev[2].type == HVX_SYSTEM_EVENT_SHUTDOWN && r1.ev[2].vcpu == 1);
	munmap(run1, size1);
	close(vcpu1);
}

/*
 * PSCI CPU_ON with a 64-bit entry point at the very top of the address
 * space, 4-byte aligned: [entry, entry + 4) wraps past 2^64 and is not
 * guest RAM: INVALID_ADDRESS, and the target stays off (AFFINITY_INFO).
 */
TEST_F(vm, psci_cpu_on_entry_wraps)
{
	struct guest_code code;
	int vcpu1, ret;

	code_init(&code, RAM_BASE);
	emit(&code, A64_MOV(0, 20));		/* mov x0, x20: CPU_ON */
	emit(&code, A64_MOV(1, 21));		/* mov x1, x21: vCPU 1 */
	emit(&code, A64_MOV(2, 22));		/* mov x2, x22: entry */
	emit(&code, A64_MOV(3, 23));		/* mov x3, x23: context id */
	emit(&code, A64_HVC0);
	emit(&code, A64_STR_X(0, 24));		/* str x0, [x24] */
	emit(&code, A64_MOV(0, 25));		/* mov x0, x25: AFFINITY_INFO */
	emit(&code, A64_MOV(1, 21));		/* mov x1, x21: vCPU 1 */
	emit(&code, A64_MOV(2, 31));		/* mov x2, xzr: level 0 */
	emit(&code, A64_HVC0);
	emit(&code, A64_STR_X(0, 24));		/* str x0, [x24] */
	emit_mov64(&code, 0, PSCI_SYSTEM_OFF);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[20] = PSCI_CPU_ON;
	self->c.regs.x[21] = HVX_VCPU_MPIDR(1);
	self->c.regs.x[22] = 0xfffffffffffffffcULL;
	self->c.regs.x[24] = REPORT;
	self->c.regs.x[25] = PSCI_AFFINITY_INFO;
	ctx_set_regs(_metadata, &self->c);
	vcpu1 = vcpu_create(self->c.vm, 1, HVX_VCPU_POWER_OFF);
	ASSERT_LE(0, vcpu1) {
		TH_LOG("HVX_CREATE_VCPU id 1, powered off: %s", strerror(-vcpu1));
	}

	ret = (int32_t)expect_report(_metadata, &self->c);
	EXPECT_EQ(PSCI_INVALID_ADDRESS, ret) {
		TH_LOG("CPU_ON at entry 0x%llx returned %d",
		       (unsigned long long)self->c.regs.x[22], ret);
	}
	ret = (int32_t)expect_report(_metadata, &self->c);
	EXPECT_EQ(PSCI_AFFINITY_OFF, ret) {
		TH_LOG("AFFINITY_INFO of vCPU 1 afterwards: %d", ret);
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	close(vcpu1);
}

/* EL1 system registers set by SET_REGS are the guest's, and come back. */
TEST_F(vm, sysregs_follow_the_vcpu)
{
	struct guest_code code;
	struct hvx_regs r;
	uint64_t v;

	code_init(&code, RAM_BASE);
	emit(&code, A64_MRS(1, SR_TPIDR_EL1));	/* mrs x1, tpidr_el1 */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_MSR(SR_TPIDR_EL0, 5));	/* msr tpidr_el0, x5 */
	emit(&code, A64_MRS(1, SR_MPIDR_EL1));	/* mrs x1, mpidr_el1 */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 19);
	self->c.regs.tpidr_el1 = 0x7469642d656c3121ULL;
	self->c.regs.tpidr_el0 = 0;
	self->c.regs.elr_el1 = 0x40000123;
	self->c.regs.mair_el1 = 0xff440c0400ULL;
	self->c.regs.vbar_el1 = RAM_BASE + 0x800;
	self->c.regs.contextidr_el1 = 0x1234;
	ctx_set_regs(_metadata, &self->c);

	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(self->c.regs.tpidr_el1, v) {
		TH_LOG("the guest read TPIDR_EL1 0x%llx", (unsigned long long)v);
	}
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(HVX_VCPU_MPIDR(19), v & MPIDR_AFF_MASK) {
		TH_LOG("vCPU 19 read MPIDR_EL1 0x%llx, expected affinity 0x%llx",
		       (unsigned long long)v, (unsigned long long)HVX_VCPU_MPIDR(19));
	}
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(reg_pattern(5), r.tpidr_el0) {
		TH_LOG("TPIDR_EL0 written by the guest reads 0x%llx",
		       (unsigned long long)r.tpidr_el0);
	}
	EXPECT_EQ(self->c.regs.tpidr_el1, r.tpidr_el1);
	EXPECT_EQ(self->c.regs.elr_el1, r.elr_el1);
	EXPECT_EQ(self->c.regs.mair_el1, r.mair_el1);
	EXPECT_EQ(self->c.regs.vbar_el1, r.vbar_el1);
	EXPECT_EQ(self->c.regs.contextidr_el1, r.contextidr_el1);
	EXPECT_EQ(self->c.regs.sp_el1, r.sp_el1);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 19);
}

/* ---- state left on the CPU by one guest for the next ---------------------- */

#ifndef HWCAP2_SME
#define HWCAP2_SME		(1UL << 23)
#endif
#define ID_EL0(pfr0)		((pfr0) & 0xf)		/* ID_AA64PFR0_EL1.EL0 */
#define ID_EL0_AARCH32		2

/* Keep this thread, and so the vCPUs it runs, on the CPU it is on. */
static int pin_to_this_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	if (cpu < 0)
		return -1;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -1 : cpu;
}

/*
 * Does a guest have TPIDR2_EL0 (a CPU with SME)? Not from its
 * ID_AA64PFR1_EL1: hvx hides SME there (hyp/id-regs.c), but cannot trap
 * TPIDR2_EL0. The guest writes it and reads it back, or takes an UNDEF
 * at its vector and reports 0.
 */
static bool guest_has_tpidr2(struct __test_metadata *_metadata)
{
	const uint64_t vbar = RAM_BASE + 0x800;
	struct guest_code code;
	struct vmctx c;
	uint64_t v;

	code_init(&code, RAM_BASE);
	emit(&code, A64_MSR(SR_TPIDR2_EL0, 5));	/* msr tpidr2_el0, x5 */
	emit(&code, A64_MRS(1, SR_TPIDR2_EL0));	/* mrs x1, tpidr2_el0 */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_HVC0);			/* hvc #0: SYSTEM_OFF */
	/* VBAR_EL1 + 0x200: synchronous, current EL with SP_ELx */
	code_pad_to(&code, vbar + 0x200);
	emit(&code, A64_STR_X(31, 3));		/* str xzr, [x3] */
	emit(&code, A64_HVC0);
	ctx_open(_metadata, &c);
	start_guest(_metadata, &c, &code, 0);
	c.regs.vbar_el1 = vbar;
	ctx_set_regs(_metadata, &c);
	v = expect_report(_metadata, &c);
	expect_system_event(_metadata, &c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	ctx_close(&c);
	return v == reg_pattern(5);
}

/* The VMM thread's TPIDR2_EL0, where the host kernel lets it use one. */
static uint64_t host_tpidr2(void)
{
	uint64_t v;

	asm volatile("mrs %0, S3_3_C13_C0_5" : "=r" (v));
	return v;
}

static void set_host_tpidr2(uint64_t v)
{
	asm volatile("msr S3_3_C13_C0_5, %0" : : "r" (v));
}

/* The thread registers a guest may write: those it reads, and reports. */
static const struct {
	const char *name;
	uint32_t sr;
} thread_reg[] = {
	{ "TPIDR_EL0", SR_TPIDR_EL0 },
	{ "TPIDRRO_EL0", SR_TPIDRRO_EL0 },
	{ "TPIDR_EL1", SR_TPIDR_EL1 },
	{ "TPIDR2_EL0", SR_TPIDR2_EL0 },	/* last: with SME only */
};

/* Guest code: report each thread register (@n of them) */
static void emit_report_thread_regs(struct guest_code *code, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		emit(code, A64_MRS(1, thread_reg[i].sr));	/* mrs x1, <reg> */
		emit(code, A64_STR_X(1, 3));		/* str x1, [x3] */
	}
}

/* Guest code: write x(5 + i) to each thread register i */
static void emit_write_thread_regs(struct guest_code *code, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		emit(code, A64_MSR(thread_reg[i].sr, 5 + i));
}

/* The next @n reports must be @want[i]: a register as its guest left it. */
static void expect_thread_regs(struct __test_metadata *_metadata,
			       struct vmctx *c, const char *who,
			       const uint64_t *want, unsigned int n)
{
	unsigned int i;
	uint64_t v;

	for (i = 0; i < n; i++) {
		v = expect_report(_metadata, c);
		EXPECT_EQ(want[i], v) {
			TH_LOG("%s read %s 0x%llx, expected 0x%llx%s", who,
			       thread_reg[i].name, (unsigned long long)v,
			       (unsigned long long)want[i],
			       v == reg_pattern(5 + i) ||
			       v == ~reg_pattern(5 + i) ?
			       ": the other guest's value" : "");
		}
	}
}

/*
 * The thread registers a guest can write (TPIDR_EL0, TPIDRRO_EL0,
 * TPIDR_EL1 and, with SME, TPIDR2_EL0, which no EL2 control traps) are
 * each guest's own: on one CPU, guest A writes its values and stops at an
 * exit; guest B, of another VM, reads its own (what SET_REGS gave it, 0
 * for TPIDR2_EL0), writes others and ends; A then reads its values back.
 * Where the host kernel gives its threads a TPIDR2_EL0 (SME), the VMM
 * thread's value is the same after each run.
 */
TEST_F(vm, thread_regs_isolated_between_vms)
{
	bool sme = guest_has_tpidr2(_metadata);
	bool host_sme = getauxval(AT_HWCAP2) & HWCAP2_SME;
	unsigned int n = ARRAY_SIZE(thread_reg) - !sme, i;
	const uint64_t host_mark = 0x686f73742d747032ULL;	/* "host-tp2" */
	uint64_t want_a[ARRAY_SIZE(thread_reg)], want_b[ARRAY_SIZE(thread_reg)];
	struct guest_code code_a, code_b;
	struct vmctx b;
	int cpu;

	TH_LOG("guests %s; host threads %s TPIDR2_EL0",
	       sme ? "have a TPIDR2_EL0 (SME), checked" :
		     "have no TPIDR2_EL0 (no SME)",
	       host_sme ? "have a" : "have no (no SME in the host kernel)");
	cpu = pin_to_this_cpu();
	ASSERT_LE(0, cpu) {
		TH_LOG("cannot pin the test to one CPU: %s", strerror(errno));
	}

	/* A: write, stop at a report, read back, end */
	code_init(&code_a, RAM_BASE);
	emit_write_thread_regs(&code_a, n);
	emit(&code_a, A64_STR_X(1, 3));		/* str x1, [x3]: written */
	emit_report_thread_regs(&code_a, n);
	emit(&code_a, A64_HVC0);
	start_guest(_metadata, &self->c, &code_a, 0);
	for (i = 0; i < n; i++)
		want_a[i] = reg_pattern(5 + i);

	/* B: read, write others, end */
	code_init(&code_b, RAM_BASE);
	emit_report_thread_regs(&code_b, n);
	emit_write_thread_regs(&code_b, n);
	emit(&code_b, A64_HVC0);
	ctx_open(_metadata, &b);
	start_guest(_metadata, &b, &code_b, 0);
	for (i = 0; i < n; i++)
		b.regs.x[5 + i] = ~reg_pattern(5 + i);
	b.regs.tpidr_el0 = 0x62302d7464697074ULL;
	b.regs.tpidrro_el0 = 0x62312d7464697074ULL;
	b.regs.tpidr_el1 = 0x62322d7464697074ULL;
	ctx_set_regs(_metadata, &b);
	want_b[0] = b.regs.tpidr_el0;
	want_b[1] = b.regs.tpidrro_el0;
	want_b[2] = b.regs.tpidr_el1;
	want_b[3] = 0;			/* a new vCPU's TPIDR2_EL0 */

	if (host_sme)
		set_host_tpidr2(host_mark);
	expect_report(_metadata, &self->c);	/* A wrote its values */
	if (host_sme)
		EXPECT_EQ(host_mark, host_tpidr2());
	expect_thread_regs(_metadata, &b, "guest B", want_b, n);
	expect_system_event(_metadata, &b, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	if (host_sme)
		EXPECT_EQ(host_mark, host_tpidr2());
	expect_thread_regs(_metadata, &self->c, "guest A, after B ran",
			   want_a, n);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	EXPECT_EQ(cpu, sched_getcpu());
	ctx_close(&b);
}

/* ---- AArch32 at the guest's EL0 -------------------------------------------- */

/*
 * The EL0 code: r1 += r0 while --r0, then r2 = r1 through a VFP register
 * (s0: the first FP use traps to EL2), then SVC back to EL1. In A32, and
 * in T32 as halfword pairs (the first halfword in the low half).
 */
static const uint32_t a32_loop[] = {
	0xe0811000,	/* 0: add   r1, r1, r0 */
	0xe2500001,	/* 4: subs  r0, r0, #1 */
	0x1afffffc,	/* 8: bne   0 */
	0xee001a10,	/*    vmov  s0, r1 */
	0xee102a10,	/*    vmov  r2, s0 */
	0xef000000,	/*    svc   #0 */
};

static const uint32_t t32_loop[] = {
	0x38011809,	/* 0: adds r1, r1, r0;  2: subs r0, #1 */
	0xee00d1fc,	/* 4: bne 0;            6: vmov s0, r1 (first half) */
	0xee101a10,	/*    (second half);       vmov r2, s0 (first half) */
	0xdf002a10,	/*    (second half);       svc #0 */
};

#define SPSR32_USR		0x10ULL		/* AArch32 User mode */
#define SPSR32_T		0x20ULL		/* T32 */
#define SPSR32_AIF		0x1c0ULL
#define SPSR32_MODE_MASK	0x1fULL
#define CPACR_FPEN		(3ULL << 20)	/* FP at EL0 and EL1 */
#define ESR_EC_SVC32		0x11
#define A32_LOOPS		(1U << 28)
#define A32_CODE		(RAM_BASE + 0x400)
#define A32_VBAR		(RAM_BASE + 0x800)
#define A32_LOW_SYNC		(A32_VBAR + 0x600)	/* from a lower EL, AArch32 */
#define A32_SIGNAL_MS		20

FIXTURE(aarch32) {
	struct vmctx c;
};

FIXTURE_VARIANT(aarch32) {
	bool thumb;
};

FIXTURE_VARIANT_ADD(aarch32, a32) {
	.thumb = false,
};

FIXTURE_VARIANT_ADD(aarch32, t32) {
	.thumb = true,
};

FIXTURE_SETUP(aarch32)
{
	ctx_open(_metadata, &self->c);
}

FIXTURE_TEARDOWN(aarch32)
{
	ctx_close(&self->c);
}

/*
 * A guest running AArch32 code at EL0 (HCR_EL2.RW keeps its EL1 in
 * AArch64) takes the host's interrupts there: each is an IRQ exit, and
 * the guest goes on where it was, in the same state (A32 or T32, flags,
 * registers), over hundreds of millions of instructions. A signal then
 * ends a run while the guest is in AArch32 (HVX_EXIT_INTR): GET_REGS shows
 * AArch32 User mode, SET_REGS takes it back unchanged, and the guest
 * completes its loop, its first FP use in AArch32 included.
 */
TEST_F(aarch32, el0_interrupted)
{
	const uint32_t *loop = variant->thumb ? t32_loop : a32_loop;
	unsigned int i, n = variant->thumb ? ARRAY_SIZE(t32_loop) :
					     ARRAY_SIZE(a32_loop);
	uint32_t sum = (uint32_t)((uint64_t)A32_LOOPS * (A32_LOOPS + 1) / 2);
	struct itimerval it = { .it_value.tv_usec = A32_SIGNAL_MS * 1000 };
	uint64_t pfr0, v, exits0, exits1, spsr;
	struct guest_code code;
	char dirs[1][96], buf[200];
	struct hvx_regs r;
	int rc;

	code_init(&code, RAM_BASE);
	emit(&code, A64_MRS(1, SR_ID_AA64PFR0_EL1));
	emit(&code, A64_STR_X(1, 3));		/* report ID_AA64PFR0_EL1 */
	emit(&code, A64_MSR(SR_CPACR_EL1, 16));
	emit(&code, A64_MSR(SR_VBAR_EL1, 10));
	emit(&code, A64_MSR(SR_ELR_EL1, 11));
	emit(&code, A64_MSR(SR_SPSR_EL1, 12));
	emit(&code, A64_ISB);
	emit(&code, A64_MOV(0, 13));		/* r0: the count */
	emit(&code, A64_MOV(1, 31));		/* r1: the sum, 0 */
	emit(&code, A64_MOV(2, 31));
	emit(&code, A64_ERET);
	code_pad_to(&code, A32_CODE);
	for (i = 0; i < n; i++)
		emit(&code, loop[i]);
	code_pad_to(&code, A32_LOW_SYNC);
	emit_mov64(&code, 3, REPORT);
	emit(&code, A64_STR_W(1, 3));		/* report w1: the sum */
	emit(&code, A64_STR_W(2, 3));		/* report w2: the sum via s0 */
	emit(&code, A64_MRS(1, SR_ESR_EL1));
	emit(&code, A64_STR_X(1, 3));		/* report ESR_EL1 */
	emit(&code, A64_MRS(1, SR_SPSR_EL1));
	emit(&code, A64_STR_X(1, 3));		/* report SPSR_EL1 */
	emit_mov64(&code, 0, PSCI_SYSTEM_OFF);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[10] = A32_VBAR;
	self->c.regs.x[11] = A32_CODE;
	self->c.regs.x[12] = SPSR32_USR | SPSR32_AIF |
			     (variant->thumb ? SPSR32_T : 0);
	self->c.regs.x[13] = A32_LOOPS;
	self->c.regs.x[16] = CPACR_FPEN;
	ctx_set_regs(_metadata, &self->c);

	pfr0 = expect_report(_metadata, &self->c);
	if (ID_EL0(pfr0) != ID_EL0_AARCH32)
		SKIP(return, "no AArch32 at EL0 (ID_AA64PFR0_EL1 0x%llx)",
		     (unsigned long long)pfr0);
	expect_vm_dirs(_metadata, 1, dirs, 1);
	exits0 = vm_stat(dirs[0], "exits");

	/* A signal while the guest loops in AArch32. */
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	rc = vcpu_run(self->c.vcpu);
	ASSERT_TRUE(rc == EINTR && self->c.run->exit_reason == HVX_EXIT_INTR) {
		TH_LOG("expected HVX_EXIT_INTR, %d ms into the %s loop; got rc %d (%s), %s",
		       A32_SIGNAL_MS, variant->thumb ? "T32" : "A32", rc,
		       strerror(rc), exit_str(self->c.run, buf, sizeof(buf)));
	}
	get_regs(_metadata, &self->c, &r);
	TH_LOG("interrupted at pc 0x%llx, pstate 0x%llx, r0 0x%llx",
	       (unsigned long long)r.pc, (unsigned long long)r.pstate,
	       (unsigned long long)r.x[0]);
	EXPECT_EQ(SPSR32_USR, r.pstate & SPSR32_MODE_MASK);
	EXPECT_EQ(variant->thumb ? SPSR32_T : 0, r.pstate & SPSR32_T);
	EXPECT_TRUE(r.pc >= A32_CODE && r.pc < A32_CODE + 4 * n);
	EXPECT_EQ(0, vcpu_set_regs(self->c.vcpu, &r)) {
		TH_LOG("SET_REGS refused the AArch32 User state GET_REGS gave, pstate 0x%llx",
		       (unsigned long long)r.pstate);
	}

	v = expect_mmio_len(_metadata, &self->c, 4);
	EXPECT_EQ(sum, v) {
		TH_LOG("the %s loop's sum is 0x%llx, expected 0x%x",
		       variant->thumb ? "T32" : "A32", (unsigned long long)v,
		       sum);
	}
	exits1 = vm_stat(dirs[0], "exits");
	TH_LOG("%llu exits from EL2 while the guest ran AArch32 code",
	       (unsigned long long)(exits1 - exits0 - 1));
	/* The signal's own, and the timer ticks of the loop. */
	EXPECT_LE(2, exits1 - exits0 - 1);
	v = expect_mmio_len(_metadata, &self->c, 4);
	EXPECT_EQ(sum, v) {
		TH_LOG("r2, through s0, is 0x%llx", (unsigned long long)v);
	}
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(ESR_EC_SVC32, ESR_EC(v)) {
		TH_LOG("ESR_EL1 0x%llx at the SVC", (unsigned long long)v);
	}
	spsr = expect_report(_metadata, &self->c);
	EXPECT_EQ(SPSR32_USR | (variant->thumb ? SPSR32_T : 0),
		  spsr & (SPSR32_MODE_MASK | SPSR32_T)) {
		TH_LOG("SPSR_EL1 0x%llx at the SVC", (unsigned long long)spsr);
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * A vCPU spinning in the guest: GET_REGS is -EBUSY meanwhile, a signal to
 * its thread makes RUN return -EINTR (HVX_EXIT_INTR) promptly, and it can
 * be run (and interrupted) again.
 */
TEST_F(vm, signal_interrupts_run)
{
	struct guest_code code;
	struct runner th = { 0 };
	struct hvx_regs r;
	bool busy = false, done;
	double end, t0, t;
	int rc;

	code_init(&code, RAM_BASE);
	emit(&code, A64_B_SELF);		/* b . */
	start_guest(_metadata, &self->c, &code, 0);
	ASSERT_EQ(0, runner_start(&th, self->c.vcpu, self->c.run, 1));
	end = now_s() + 5;
	while (now_s() < end && !atomic_load(&th.done)) {
		if (atomic_load(&th.entered) &&
		    vcpu_get_regs(self->c.vcpu, &r) == EBUSY) {
			busy = true;
			break;
		}
		usleep(5000);
	}
	EXPECT_TRUE(busy) {
		TH_LOG("HVX_VCPU_GET_REGS never returned EBUSY while the vCPU ran%s",
		       atomic_load(&th.done) ? " (RUN returned by itself)" : "");
	}
	usleep(100000);
	t0 = now_s();
	pthread_kill(th.thread, SIGUSR1);
	done = runner_wait(&th, 5);
	EXPECT_TRUE(done) {
		TH_LOG("HVX_VCPU_RUN still running 5 s after SIGUSR1");
	}
	ASSERT_EQ(1, th.nr);
	EXPECT_EQ(EINTR, th.ev[0].rc) {
		TH_LOG("RUN returned %s", strerror(th.ev[0].rc));
	}
	EXPECT_EQ(HVX_EXIT_INTR, th.ev[0].reason);
	t = th.ev[0].when - t0;
	EXPECT_GT(2.0, t) {
		TH_LOG("RUN returned %.2f s after the signal", t);
	}
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(RAM_BASE, r.pc);

	/* again, on this thread: it runs until the alarm, then -EINTR */
	t0 = now_s();
	alarm(1);
	rc = vcpu_run(self->c.vcpu);
	alarm(0);
	t = now_s() - t0;
	EXPECT_EQ(EINTR, rc);
	EXPECT_EQ(HVX_EXIT_INTR, self->c.run->exit_reason);
	EXPECT_LT(0.5, t) {
		TH_LOG("the second RUN returned after %.2f s, before the alarm", t);
	}
	EXPECT_GT(3.0, t) {
		TH_LOG("the second RUN returned %.2f s after it started (alarm at 1 s)", t);
	}
}

/* immediate_exit: RUN returns -EINTR at once, without running the guest. */
TEST_F(vm, immediate_exit)
{
	struct guest_code code;
	struct hvx_regs r;
	int rc;

	code_init(&code, RAM_BASE);
	emit(&code, A64_STR_X(4, 3));		/* str x4, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.run->immediate_exit = 1;
	alarm(RUN_TIMEOUT_S);
	rc = vcpu_run(self->c.vcpu);
	alarm(0);
	EXPECT_EQ(EINTR, rc);
	EXPECT_EQ(HVX_EXIT_INTR, self->c.run->exit_reason);
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(RAM_BASE, r.pc);
	self->c.run->immediate_exit = 0;
	EXPECT_EQ(reg_pattern(4), expect_report(_metadata, &self->c));
}

/*
 * Another process (a forked child, with copies of the fds) cannot run the
 * vCPU: -EIO; its fds closing at its exit do not take the VM away.
 */
TEST_F(vm, run_from_forked_child)
{
	uint64_t n0 = vm_count();
	struct guest_code code;
	char buf[200];
	int status;
	pid_t pid;

	code_init(&code, RAM_BASE);
	emit(&code, A64_STR_X(4, 3));		/* str x4, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		alarm(RUN_TIMEOUT_S);
		_exit(vcpu_run(self->c.vcpu) == 0 ? 100 : errno);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status)) {
		TH_LOG("the child died of signal %d", WTERMSIG(status));
	}
	EXPECT_EQ(EIO, WEXITSTATUS(status)) {
		if (WEXITSTATUS(status) == 100)
			TH_LOG("the child ran the vCPU: %s",
			       exit_str(self->c.run, buf, sizeof(buf)));
		else
			TH_LOG("the child's RUN failed with %s, expected EIO",
			       strerror(WEXITSTATUS(status)));
	}
	EXPECT_EQ(n0, vm_count());
	EXPECT_EQ(reg_pattern(4), expect_report(_metadata, &self->c));
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/* ---- guest memory ---------------------------------------------------------- */

/* WRITE_MEMORY at odd addresses and sizes, across a page: the guest reads it. */
TEST_F(vm, write_memory_unaligned)
{
	static const uint64_t words[] = {
		RAM_BASE + 0x1000, RAM_BASE + 0x1008, RAM_BASE + 0x1ff8,
		RAM_BASE + 0x2000, RAM_BASE + 0x2008,
	};
	static uint8_t shadow[RAM_SIZE];
	const uint8_t cross[16] = {
		0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
		0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20,
	};
	struct guest_code code;
	unsigned int i;
	uint64_t want, v;

	code_init(&code, RAM_BASE);
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		emit_mov64(&code, 2, words[i]);	/* mov x2, #word */
		emit(&code, A64_LDR_X(1, 2));	/* ldr x1, [x2] */
		emit(&code, A64_STR_X(1, 3));	/* str x1, [x3] */
	}
	emit(&code, A64_MOV(0, 20));		/* mov x0, x20: SYSTEM_OFF */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[20] = PSCI_SYSTEM_OFF;
	ctx_set_regs(_metadata, &self->c);

	ASSERT_EQ(0, vm_write(self->c.vm, RAM_BASE + 0x1003, "ABCDE", 5));
	ASSERT_EQ(0, vm_write(self->c.vm, RAM_BASE + 0x1ffc, cross, sizeof(cross)));
	memset(shadow, 0, sizeof(shadow));
	memcpy(shadow + 0x1003, "ABCDE", 5);
	memcpy(shadow + 0x1ffc, cross, sizeof(cross));
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		memcpy(&want, shadow + (words[i] - RAM_BASE), 8);
		v = expect_report(_metadata, &self->c);
		EXPECT_EQ(want, v) {
			TH_LOG("the guest read 0x%016llx at 0x%llx, expected 0x%016llx",
			       (unsigned long long)v, (unsigned long long)words[i],
			       (unsigned long long)want);
		}
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/* Two regions: code in one reads data from the other; past its end is MMIO. */
TEST_F(vm, two_regions)
{
	const uint64_t b = 0x80000000ULL;
	const uint64_t v1 = 0x0123456789abcdefULL, v2 = 0x6c61737420776f72ULL;
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_LDR_X(1, 20));		/* ldr x1, [x20] */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_LDR_X(1, 21));		/* ldr x1, [x21] */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_LDR_X(1, 22));		/* ldr x1, [x22]: MMIO */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	/* added after the vCPU was created: fine until the first run */
	ASSERT_EQ(0, vm_add_memory(self->c.vm, b, RAM_SIZE));
	ASSERT_EQ(0, vm_write(self->c.vm, b + 0x100, &v1, 8));
	ASSERT_EQ(0, vm_write(self->c.vm, b + RAM_SIZE - 8, &v2, 8));
	self->c.regs.x[20] = b + 0x100;
	self->c.regs.x[21] = b + RAM_SIZE - 8;
	self->c.regs.x[22] = b + RAM_SIZE;
	ctx_set_regs(_metadata, &self->c);

	EXPECT_EQ(v1, expect_report(_metadata, &self->c));
	EXPECT_EQ(v2, expect_report(_metadata, &self->c));
	expect_mmio(_metadata, &self->c, b + RAM_SIZE, 8, false);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * A VM's memory starts zeroed, also right after another VM filled its
 * own with a pattern and went away: the guest ORs every word of its RAM
 * (but the code page) together.
 */
TEST_F(vm, memory_zeroed)
{
	const uint64_t size = 1 << 20;
	struct own_counts before;
	struct guest_code code;
	struct vmctx b;
	uint64_t *fill, v;
	uint64_t loop;
	double end;
	size_t i;

	own_counts_read(&before);
	/* a first VM: 1 MiB of pattern, run once, gone */
	fill = malloc(size);
	ASSERT_NE(NULL, fill);
	for (i = 0; i < size / 8; i++)
		fill[i] = 0x5a5a5a5a00000000ULL | i;
	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);			/* hvc #0: SYSTEM_OFF */
	memcpy(fill, code.insn, 4);
	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, size));
	ASSERT_EQ(0, vm_write(self->c.vm, RAM_BASE, fill, size));
	free(fill);
	ctx_vcpu(_metadata, &self->c, 0);
	get_regs(_metadata, &self->c, &self->c.regs);
	self->c.regs.pc = RAM_BASE;
	self->c.regs.x[0] = PSCI_SYSTEM_OFF;
	ctx_set_regs(_metadata, &self->c);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	ctx_close(&self->c);
	/* its pages back with the host, for the next VM to get */
	end = now_s() + FREE_TIMEOUT_S;
	while ((vm_count() != before.vms - 1 || own_count("guest_pages") != before.guest) &&
	       now_s() < end)
		usleep(20000);
	EXPECT_EQ(before.guest, own_count("guest_pages"));

	/* a second VM checks its memory */
	ctx_open(_metadata, &b);
	self->c = b;
	code_init(&code, RAM_BASE);
	loop = emit(&code, A64_LDR_X_POST8(4, 2));	/* 1: ldr x4, [x2], #8 */
	emit(&code, A64_ORR(1, 1, 4));			/* orr x1, x1, x4 */
	emit(&code, A64_SUBS_IMM(6, 6, 1));		/* subs x6, x6, #1 */
	emit(&code, A64_BNE(loop - code_here(&code)));	/* b.ne 1b */
	emit(&code, A64_STR_X(1, 3));			/* str x1, [x3] */
	emit(&code, A64_STR_X(2, 3));			/* str x2, [x3] */
	emit(&code, A64_HVC0);
	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, size));
	ASSERT_EQ(0, vm_write_code(self->c.vm, &code));
	ctx_vcpu(_metadata, &self->c, 0);
	get_regs(_metadata, &self->c, &self->c.regs);
	self->c.regs.pc = RAM_BASE;
	self->c.regs.x[0] = PSCI_SYSTEM_OFF;
	self->c.regs.x[1] = 0;
	self->c.regs.x[2] = RAM_BASE + VM_PAGE_SIZE;
	self->c.regs.x[3] = REPORT;
	self->c.regs.x[6] = (size - VM_PAGE_SIZE) / 8;
	ctx_set_regs(_metadata, &self->c);
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(0, v) {
		TH_LOG("the words of a new VM's RAM ORed together give 0x%llx",
		       (unsigned long long)v);
	}
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(RAM_BASE + size, v) {
		TH_LOG("the scan stopped at 0x%llx", (unsigned long long)v);
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * Guest RAM is the guest's from HVX_VM_ADD_MEMORY on (guest_pages counts
 * it), and every page of it is back with the host once the VM is gone.
 */
TEST_F(vm, memory_ownership)
{
	const uint64_t size = 1 << 20;
	struct own_counts before, now;
	struct guest_code code;
	struct vmctx v;

	own_counts_read(&before);
	ASSERT_NE(UINT64_MAX, before.guest) {
		TH_LOG("no %s/guest_pages", HVX_OWN_DIR);
	}
	ctx_open(_metadata, &v);
	ASSERT_EQ(0, vm_add_memory(v.vm, RAM_BASE, size));
	ASSERT_EQ(0, vm_add_memory(v.vm, 0x80000000ULL, RAM_SIZE));
	own_counts_read(&now);
	EXPECT_LE(before.guest + size / VM_PAGE_SIZE + RAM_PAGES, now.guest) {
		TH_LOG("guest_pages went from %llu to %llu over %llu pages of guest RAM",
		       (unsigned long long)before.guest,
		       (unsigned long long)now.guest,
		       (unsigned long long)(size / VM_PAGE_SIZE + RAM_PAGES));
	}
	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);
	ASSERT_EQ(0, vm_write_code(v.vm, &code));
	ctx_vcpu(_metadata, &v, 0);
	get_regs(_metadata, &v, &v.regs);
	v.regs.pc = RAM_BASE;
	v.regs.x[0] = PSCI_SYSTEM_OFF;
	ctx_set_regs(_metadata, &v);
	expect_system_event(_metadata, &v, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	ctx_close(&v);
	expect_counts_back(_metadata, &before);
}

/*
 * Last (fixtures run in the order they are defined, TEST()s first): every
 * VM of every test above is gone, with all its pages.
 */
FIXTURE(end) {
};

FIXTURE_SETUP(end)
{
}

FIXTURE_TEARDOWN(end)
{
}

TEST_F(end, no_leaks)
{
	struct own_counts now;
	bool back;

	ASSERT_NE(UINT64_MAX, start_counts.vms) {
		TH_LOG("no %s/nr_vms at start-up", HVX_SYSFS);
	}
	back = own_counts_wait(&start_counts, &now, FREE_TIMEOUT_S);
	EXPECT_TRUE(back) {
		TH_LOG("the counters are not back to their values at start-up:");
		log_counts(_metadata, "at start-up", &start_counts);
		log_counts(_metadata, "now", &now);
	}
}

TEST_HARNESS_MAIN
