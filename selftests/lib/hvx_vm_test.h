/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the VM selftests (hvx_vm_*.c) share: one VM with one vCPU
 * (struct vmctx, FIXTURE(vm)), a guest of hand-encoded instructions
 * started in it, runs that must end in a given exit, a vCPU run by a
 * thread, and the page ownership counters at start-up for the leak check
 * each test program ends with (hvx_vm_test_end.h).
 *
 * Every guest runs at EL1h with the MMU off; its RAM is at RAM_BASE and a
 * store to REPORT is how it reports a register value.
 * Include after kselftest_harness.h.
 */
#ifndef HVX_VM_TEST_H
#define HVX_VM_TEST_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <linux/hvx.h>
#include <hvx-guest.h>

#include "hvx_vm.h"

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
static inline uint64_t reg_pattern(unsigned int i)
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
static inline void on_signal(int sig)
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

static inline void ctx_open(struct __test_metadata *_metadata, struct vmctx *c)
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

static inline void ctx_unmap(struct vmctx *c)
{
	if (c->run)
		munmap(c->run, c->run_size);
	c->run = NULL;
}

static inline void ctx_close(struct vmctx *c)
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
static inline void ctx_vcpu(struct __test_metadata *_metadata, struct vmctx *c,
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
static inline void ctx_set_regs(struct __test_metadata *_metadata,
				struct vmctx *c)
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
static inline void start_guest(struct __test_metadata *_metadata,
			       struct vmctx *c, const struct guest_code *code,
			       unsigned int id)
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
static inline int run_vcpu(struct __test_metadata *_metadata, struct vmctx *c)
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
static inline void expect_mmio(struct __test_metadata *_metadata,
			       struct vmctx *c, uint64_t addr, unsigned int len,
			       bool write)
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
static inline uint64_t expect_mmio_len(struct __test_metadata *_metadata,
				       struct vmctx *c, unsigned int len)
{
	expect_mmio(_metadata, c, REPORT, len, true);
	return mmio_data(c->run, len);
}

/* Run to the guest's next report (an 8-byte store to REPORT): its value. */
static inline uint64_t expect_report(struct __test_metadata *_metadata,
				     struct vmctx *c)
{
	return expect_mmio_len(_metadata, c, 8);
}

/* Run; the exit must be a system event of @type made by vCPU @vcpu. */
static inline void expect_system_event(struct __test_metadata *_metadata,
				       struct vmctx *c, uint32_t type,
				       uint32_t vcpu)
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
static inline void get_regs(struct __test_metadata *_metadata, struct vmctx *c,
			    struct hvx_regs *r)
{
	int rc = vcpu_get_regs(c->vcpu, r);

	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VCPU_GET_REGS: %s", strerror(rc));
	}
}

/* x0-x30 in @r as in c->regs, except those in the mask @skip; logs each difference. */
static inline bool regs_kept(struct __test_metadata *_metadata,
			     const struct vmctx *c, const struct hvx_regs *r,
			     uint32_t skip)
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
static inline void expect_vm_dirs(struct __test_metadata *_metadata, int want,
				  char dirs[][96], int max)
{
	int n = vm_dirs_of(getpid(), dirs, max);

	ASSERT_EQ(want, n) {
		TH_LOG("%d folders in %s with pid %d, expected %d", n,
		       HVX_VMS_DIR, getpid(), want);
	}
}

static inline void log_counts(struct __test_metadata *_metadata,
			      const char *what, const struct own_counts *o)
{
	TH_LOG("%s: nr_vms %llu, shared_pages %llu, donated_pages %llu, guest_pages %llu",
	       what, (unsigned long long)o->vms, (unsigned long long)o->shared,
	       (unsigned long long)o->donated, (unsigned long long)o->guest);
}

/* Everything must come back to @before within FREE_TIMEOUT_S. */
static inline void expect_counts_back(struct __test_metadata *_metadata,
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

static inline void *runner_fn(void *arg)
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

static inline int runner_start(struct runner *r, int vcpu, struct hvx_run *run,
			       int max)
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
static inline bool runner_wait(struct runner *r, double secs)
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

#endif /* HVX_VM_TEST_H */
