// SPDX-License-Identifier: GPL-2.0
/*
 * Page ownership: a page donated to hvx is out of the host's reach (a
 * process touching it dies of SIGBUS/SIGSEGV, the host stays up), also
 * after the host's stage 2 is dropped; given back it is readable again
 * with its contents; a shared page stays usable; invalid calls (bad
 * address, page not in the right state, double donation, more pages than
 * EL2 tracks) fail with an error and change nothing.
 *
 * Uses hvx's debug interface (/sys/kernel/debug/hvx/pages), enabling it
 * through the debug_calls module parameter. Provokes aborts on purpose,
 * which taints the kernel (M): tools/run-vm-tests.sh runs it in a boot of
 * its own. The last test has threads write a page while another CPU
 * donates and returns it, for HVX_OWN_FAULT_SECONDS (default 5).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/hvx_own.h"

uint64_t sink;

/*
 * hvx-hyp.h's HVX_OWN_MAX_RANGES: ranges of pages EL2 tracks out of the
 * host's hands, one per call that took them (here: one page each).
 */
#define OWN_MAX_RANGES	8192

static void fill(uint64_t *p, uint64_t seed)
{
	size_t i;

	for (i = 0; i < OWN_PAGE_SIZE / 8; i++)
		p[i] = seed * 0x9e3779b97f4a7c15ULL + i;
}

static bool check(uint64_t *p, uint64_t seed)
{
	size_t i;

	for (i = 0; i < OWN_PAGE_SIZE / 8; i++)
		if (p[i] != seed * 0x9e3779b97f4a7c15ULL + i)
			return false;
	return true;
}

/*
 * Run a child that reads (or writes) @p; its wait status. The page is in a
 * MAP_SHARED mapping: fork() gives the child the same page, where a private
 * pinned page would be copied, by the kernel, reading it.
 */
static int child_touch(uint64_t *p, bool write)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		/* Atomic accesses: the compiler must not drop or merge them. */
		if (write)
			__atomic_store_n(&p[1], 42, __ATOMIC_RELAXED);
		else
			sink = __atomic_load_n(&p[1], __ATOMIC_RELAXED);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* hvx's own memory, from /sys/kernel/hvx/mem_range: its first page. */
static uint64_t hyp_mem_start(void)
{
	unsigned long long start = 0, end;
	FILE *f = fopen("/sys/kernel/hvx/mem_range", "r");

	if (f) {
		if (fscanf(f, "%llx-%llx", &start, &end) != 2)
			start = 0;
		fclose(f);
	}
	return start;
}

/* The first page after the highest "System RAM" range, from /proc/iomem. */
static uint64_t past_ram(void)
{
	unsigned long long a, b, top = 0;
	char line[256];
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (line[0] != ' ' && strstr(line, "System RAM") &&
		    sscanf(line, "%llx-%llx", &a, &b) == 2 && b + 1 > top)
			top = b + 1;
	fclose(f);
	return (top + OWN_PAGE_SIZE - 1) & ~(OWN_PAGE_SIZE - 1);
}

FIXTURE(own) {
	int fd;
	uint64_t *buf;		/* MAP_SHARED, npages */
	size_t npages;
	uint64_t donated, shared, aborts;
};

FIXTURE_SETUP(own)
{
	const char *why = own_enable();

	self->fd = -1;
	self->buf = MAP_FAILED;
	if (why)
		SKIP(return, "%s", why);
	self->fd = own_open();
	ASSERT_LE(0, self->fd);
	self->npages = 4;
	self->buf = mmap(NULL, self->npages * OWN_PAGE_SIZE,
			 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			 -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
	for (size_t i = 0; i < self->npages; i++)
		fill(self->buf + i * OWN_PAGE_SIZE / 8, i + 1);
	self->donated = own_stat("donated_pages");
	self->shared = own_stat("shared_pages");
	self->aborts = own_stat("aborts");
	ASSERT_NE(UINT64_MAX, self->donated);
	ASSERT_NE(UINT64_MAX, self->shared);
}

FIXTURE_TEARDOWN(own)
{
	if (self->fd >= 0) {
		for (size_t i = 0; i < self->npages; i++)
			own_cmd(self->fd, "return %p",
				self->buf + i * OWN_PAGE_SIZE / 8);
		close(self->fd);
	}
	if (self->buf != MAP_FAILED)
		munmap(self->buf, self->npages * OWN_PAGE_SIZE);
}

/* Donated: a reader and a writer die, the host goes on; back: readable. */
TEST_F(own, donate_fault_return)
{
	uint64_t *p = self->buf + OWN_PAGE_SIZE / 8;	/* page 1 */
	int status;

	ASSERT_EQ(0, own_cmd(self->fd, "donate %p", p));
	EXPECT_EQ(self->donated + 1, own_stat("donated_pages"));
	EXPECT_NE(0, own_held_pa(p));

	status = child_touch(p, false);
	EXPECT_TRUE(killed_by_abort(status)) {
		TH_LOG("reader: wait status %#x", status);
	}
	status = child_touch(p, true);
	EXPECT_TRUE(killed_by_abort(status)) {
		TH_LOG("writer: wait status %#x", status);
	}
	EXPECT_LE(self->aborts + 2, own_stat("aborts"));
	/* The pages around it stay the host's. */
	EXPECT_TRUE(check(self->buf, 1));
	EXPECT_TRUE(check(self->buf + 2 * OWN_PAGE_SIZE / 8, 3));
	EXPECT_EQ(0, child_touch(self->buf, false));

	ASSERT_EQ(0, own_cmd(self->fd, "return %p", p));
	EXPECT_EQ(self->donated, own_stat("donated_pages"));
	EXPECT_TRUE(check(p, 2));
	EXPECT_EQ(0, child_touch(p, true));
	EXPECT_EQ(42, p[1]);
}

static void *fault_want;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	/* 0x10: SIGBUS; 0x20: at the faulting address */
	_exit((sig == SIGBUS ? 0x10 : 0) | (si->si_addr == fault_want ? 0x20 : 0));
}

/* The abort reaches the process as SIGBUS at the address it touched. */
TEST_F(own, fault_address)
{
	uint64_t *p = self->buf + 2 * OWN_PAGE_SIZE / 8;
	int status;
	pid_t pid;

	ASSERT_EQ(0, own_cmd(self->fd, "donate %p", p));
	fault_want = &p[3];
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sigaction sa = {
			.sa_sigaction = on_fault,
			.sa_flags = SA_SIGINFO,
		};

		sigaction(SIGBUS, &sa, NULL);
		sigaction(SIGSEGV, &sa, NULL);
		sink = __atomic_load_n(&p[3], __ATOMIC_RELAXED);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0x30, WEXITSTATUS(status));
	ASSERT_EQ(0, own_cmd(self->fd, "return %p", p));
	EXPECT_TRUE(check(p, 3));
}

/* Dropping the host's stage 2 does not give a donated page back. */
TEST_F(own, survives_stage2_reset)
{
	uint64_t *p = self->buf;
	int status;

	ASSERT_EQ(0, own_cmd(self->fd, "donate %p", p));
	ASSERT_EQ(0, own_write_file(OWN_SYSFS "reset", "1"));
	status = child_touch(p, false);
	EXPECT_TRUE(killed_by_abort(status)) {
		TH_LOG("wait status %#x", status);
	}
	EXPECT_TRUE(check(self->buf + OWN_PAGE_SIZE / 8, 2));
	ASSERT_EQ(0, own_cmd(self->fd, "return %p", p));
	EXPECT_TRUE(check(p, 1));
}

/* A shared page stays the host's to use. */
TEST_F(own, share_keeps_access)
{
	uint64_t *p = self->buf + 3 * OWN_PAGE_SIZE / 8;

	ASSERT_EQ(0, own_cmd(self->fd, "share %p", p));
	EXPECT_EQ(self->shared + 1, own_stat("shared_pages"));
	EXPECT_TRUE(check(p, 4));
	EXPECT_EQ(0, child_touch(p, true));
	EXPECT_EQ(42, p[1]);
	ASSERT_EQ(0, own_cmd(self->fd, "return %p", p));
	EXPECT_EQ(self->shared, own_stat("shared_pages"));
	EXPECT_EQ(42, p[1]);
}

/* Each refused call returns its error and leaves the counters alone. */
TEST_F(own, invalid_calls)
{
	uint64_t *d = self->buf, *s = self->buf + OWN_PAGE_SIZE / 8;
	uint64_t dpa, spa, hyp = hyp_mem_start(), beyond = past_ram();

	ASSERT_EQ(0, own_cmd(self->fd, "donate %p", d));
	ASSERT_EQ(0, own_cmd(self->fd, "share %p", s));
	dpa = own_held_pa(d);
	spa = own_held_pa(s);
	ASSERT_NE(0, dpa);
	ASSERT_NE(0, spa);
	ASSERT_NE(0, hyp);
	ASSERT_NE(0, beyond);

	/* double donation, by address and through the raw call */
	EXPECT_EQ(EPERM, own_cmd(self->fd, "donate %p", d));
	EXPECT_EQ(EPERM, own_cmd(self->fd, "donate-pa %#lx", dpa));
	/* not in the state the call starts from */
	EXPECT_EQ(EPERM, own_cmd(self->fd, "share-pa %#lx", dpa));
	EXPECT_EQ(EPERM, own_cmd(self->fd, "unshare-pa %#lx", dpa));
	EXPECT_EQ(EPERM, own_cmd(self->fd, "donate-pa %#lx", spa));
	EXPECT_EQ(EPERM, own_cmd(self->fd, "share-pa %#lx", spa));
	EXPECT_EQ(EPERM, own_cmd(self->fd, "reclaim-pa %#lx", spa));
	/* hvx's own memory is not the host's to give */
	EXPECT_EQ(EPERM, own_cmd(self->fd, "donate-pa %#lx", hyp));
	EXPECT_EQ(EPERM, own_cmd(self->fd, "share-pa %#lx", hyp));
	EXPECT_EQ(EPERM, own_cmd(self->fd, "reclaim-pa %#lx", hyp));
	/* unaligned */
	EXPECT_EQ(EINVAL, own_cmd(self->fd, "donate-pa %#lx", spa + 8));
	EXPECT_EQ(EINVAL, own_cmd(self->fd, "share-pa %#lx", spa + 1));
	EXPECT_EQ(EINVAL, own_cmd(self->fd, "reclaim-pa %#lx", dpa + 0x800));
	/* outside RAM */
	EXPECT_EQ(EINVAL, own_cmd(self->fd, "donate-pa %#lx", beyond));
	EXPECT_EQ(EINVAL, own_cmd(self->fd, "share-pa %#lx", beyond));
	EXPECT_EQ(EINVAL, own_cmd(self->fd, "donate-pa %#lx", 1UL << 52));
	EXPECT_EQ(EINVAL, own_cmd(self->fd, "donate-pa %#lx",
				  -OWN_PAGE_SIZE));
	/* the debug interface's own checks */
	EXPECT_EQ(ENOENT, own_cmd(self->fd, "return %p", self->buf + 1024));
	EXPECT_EQ(EINVAL, own_cmd(self->fd, "frobnicate %p", d));

	EXPECT_EQ(self->donated + 1, own_stat("donated_pages"));
	EXPECT_EQ(self->shared + 1, own_stat("shared_pages"));
	/* nothing changed: the donated page still faults, back it is fine */
	EXPECT_TRUE(killed_by_abort(child_touch(d, false)));
	EXPECT_TRUE(check(s, 2));
	ASSERT_EQ(0, own_cmd(self->fd, "return %p", d));
	ASSERT_EQ(0, own_cmd(self->fd, "return %p", s));
	/* back with the host: reclaiming or unsharing again is refused */
	EXPECT_EQ(EPERM, own_cmd(self->fd, "reclaim-pa %#lx", dpa));
	EXPECT_EQ(EPERM, own_cmd(self->fd, "unshare-pa %#lx", spa));
	EXPECT_TRUE(check(d, 1));
}

/*
 * EL2 tracks at most OWN_MAX_RANGES ranges: one more fails with ENOMEM,
 * whether the pages are physically next to each other or not.
 */
TEST_F(own, table_full)
{
	size_t n = OWN_MAX_RANGES + 8, i, held = 0;
	char *big = mmap(NULL, n * OWN_PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	uint64_t before = own_stat("shared_pages") + own_stat("donated_pages");
	int err = 0;

	ASSERT_NE(MAP_FAILED, big);
	for (i = 0; i < n; i++) {
		err = own_cmd(self->fd, "share %p", big + i * OWN_PAGE_SIZE);
		if (err)
			break;
		held++;
	}
	EXPECT_EQ(ENOMEM, err);
	EXPECT_EQ(OWN_MAX_RANGES - before, held);
	/* full, but what is tracked still works, and giving back too */
	EXPECT_EQ(ENOMEM, own_cmd(self->fd, "donate %p", self->buf));
	big[0] = 1;
	for (i = 0; i < held; i++)
		EXPECT_EQ(0, own_cmd(self->fd, "return %p",
				     big + i * OWN_PAGE_SIZE));
	EXPECT_EQ(before, own_stat("shared_pages") +
			  own_stat("donated_pages"));
	EXPECT_EQ(0, own_cmd(self->fd, "donate %p", self->buf));
	EXPECT_EQ(0, own_cmd(self->fd, "return %p", self->buf));
	munmap(big, n * OWN_PAGE_SIZE);
}

/*
 * Faults racing with donations: on each CPU a thread writes and reads back
 * its own page without pause, taking the SIGBUS when the page is away and
 * going on; a thread on the next CPU donates and returns that page.
 */
#define RACE_MAX	64

struct race {
	int cpu, next_cpu, fd;
	uint64_t *page;
	uint64_t value;		/* of the pass being written */
	uint64_t done;		/* of the last pass written whole */
	unsigned long writes, faults, donations, errors;
	char what[128];
	pthread_t toucher, donor;
};

static atomic_bool race_stop;
static __thread sigjmp_buf race_jmp;
static __thread void *race_addr;

static void on_race_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	race_addr = si->si_addr;
	siglongjmp(race_jmp, sig);
}

static void race_error(struct race *r, const char *what)
{
	if (!r->errors++)
		snprintf(r->what, sizeof(r->what), "cpu%d: %s", r->cpu, what);
}

static void pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *race_toucher(void *arg)
{
	struct race *r = arg;
	size_t k;

	pin_to(r->cpu);
	if (sigsetjmp(race_jmp, 1)) {
		/* The page is away: the fault must be in it. */
		r->faults++;
		if ((char *)race_addr < (char *)r->page ||
		    (char *)race_addr >= (char *)r->page + OWN_PAGE_SIZE)
			race_error(r, "fault outside the page");
		sched_yield();
	}
	while (!atomic_load(&race_stop)) {
		r->value++;
		for (k = 0; k < OWN_PAGE_SIZE / 8; k += 8) {
			__atomic_store_n(&r->page[k], r->value, __ATOMIC_RELAXED);
			if (__atomic_load_n(&r->page[k], __ATOMIC_RELAXED) !=
			    r->value)
				race_error(r, "read back another value");
		}
		r->done = r->value;
		r->writes++;
	}
	return NULL;
}

static void *race_donor(void *arg)
{
	struct race *r = arg;
	int err;

	pin_to(r->next_cpu);
	while (!atomic_load(&race_stop)) {
		err = own_cmd(r->fd, "donate %p", r->page);
		if (err) {
			race_error(r, "donation failed");
			break;
		}
		usleep(1000);
		err = own_cmd(r->fd, "return %p", r->page);
		if (err) {
			race_error(r, "return failed");
			break;
		}
		r->donations++;
		usleep(1000);
	}
	return NULL;
}

TEST(concurrent_faults)
{
	static struct race r[RACE_MAX];
	struct sigaction sa = {
		.sa_sigaction = on_race_fault,
		.sa_flags = SA_SIGINFO | SA_NODEFER,
	}, old_bus, old_segv;
	const char *why = own_enable();
	const char *env = getenv("HVX_OWN_FAULT_SECONDS");
	unsigned long writes = 0, faults = 0, donations = 0;
	uint64_t donated;
	cpu_set_t online;
	int n = 0, cpu, i;

	if (why)
		SKIP(return, "%s", why);
	donated = own_stat("donated_pages");
	ASSERT_EQ(0, sched_getaffinity(0, sizeof(online), &online));
	for (cpu = 0; cpu < CPU_SETSIZE && n < RACE_MAX; cpu++)
		if (CPU_ISSET(cpu, &online))
			r[n++].cpu = cpu;
	ASSERT_LE(1, n);
	for (i = 0; i < n; i++) {
		r[i].next_cpu = r[(i + 1) % n].cpu;
		r[i].fd = own_open();
		ASSERT_LE(0, r[i].fd);
		r[i].page = mmap(NULL, OWN_PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
				 -1, 0);
		ASSERT_NE(MAP_FAILED, r[i].page);
	}
	ASSERT_EQ(0, sigaction(SIGBUS, &sa, &old_bus));
	ASSERT_EQ(0, sigaction(SIGSEGV, &sa, &old_segv));
	atomic_store(&race_stop, false);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(0, pthread_create(&r[i].toucher, NULL, race_toucher,
					    &r[i]));
		ASSERT_EQ(0, pthread_create(&r[i].donor, NULL, race_donor,
					    &r[i]));
	}
	sleep(env ? atoi(env) : 5);
	atomic_store(&race_stop, true);
	for (i = 0; i < n; i++) {
		pthread_join(r[i].donor, NULL);
		pthread_join(r[i].toucher, NULL);
	}
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	for (i = 0; i < n; i++) {
		/* A donor that stopped early may have left its page away. */
		own_cmd(r[i].fd, "return %p", r[i].page);
		EXPECT_EQ(0, r[i].errors) {
			TH_LOG("%lu errors, first: %s", r[i].errors, r[i].what);
		}
		/* Nothing written is lost (a pass a fault cut short is redone) */
		EXPECT_EQ(r[i].done, r[i].page[OWN_PAGE_SIZE / 8 - 8]);
		writes += r[i].writes;
		faults += r[i].faults;
		donations += r[i].donations;
		close(r[i].fd);
		munmap(r[i].page, OWN_PAGE_SIZE);
	}
	TH_LOG("%d CPUs: %lu page writes, %lu faults, %lu donations", n,
	       writes, faults, donations);
	EXPECT_LT(0, faults);
	EXPECT_LT(0, donations);
	EXPECT_EQ(donated, own_stat("donated_pages"));
}

TEST_HARNESS_MAIN
