// SPDX-License-Identifier: GPL-2.0
/*
 * The host cannot read a running guest's RAM: a process mapping one of
 * its physical pages dies of SIGBUS (or SIGSEGV) at the first read, and
 * never sees the guest's data, while the guest runs on unharmed. Once the
 * VM is gone the same pages are the host's again, readable and scrubbed.
 *
 * The guest's pages are found, and mapped, through hvx's debugfs interface
 * (debug_calls=1): see lib/hvx_vm_debug.h, which holds every name this
 * depends on. The same mapping of a page of this process's own memory
 * must work, so a fault means the page is withheld, not that the mapping
 * failed. Provokes aborts on purpose, which taints the kernel (M):
 * tools/run-vm-tests.sh runs it in a boot of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
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
#include "lib/hvx_vm.h"
#include "lib/hvx_vm_debug.h"

#define RAM_SIZE	(1ULL << 20)
#define CANARY		0x616e61632d787668ULL	/* "hvx-cana" */
#define HOST_PATTERN	0x74736f682d787668ULL	/* "hvx-host" */
#define MAX_CHUNKS	64
#define MAX_PROBES	16
#define FREE_TIMEOUT_S	5.0

/* What a child reading a physical page reports (its exit status). */
enum {
	READ_CANARY = 0x10,	/* read the guest's data */
	READ_OTHER = 0x11,	/* read something else */
	READ_HOST = 0x12,	/* read HOST_PATTERN */
	MAP_FAILED_EXIT = 0x20,	/* could not map it */
};

static void on_signal(int sig)
{
	(void)sig;
}

/*
 * A child maps the physical page @pa and reads the word at offset 8: its
 * wait status (a READ_* exit, or killed by a signal).
 */
static int child_read_phys(uint64_t pa)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		const char *how;
		uint64_t *p = vmdbg_map_phys(pa, &how);
		uint64_t v;

		if (p == MAP_FAILED) {
			fprintf(stderr, "# mmap of 0x%llx through %s: %s\n",
				(unsigned long long)pa, how, strerror(errno));
			_exit(MAP_FAILED_EXIT);
		}
		/* one real load, which the compiler may not drop */
		v = __atomic_load_n(&p[1], __ATOMIC_RELAXED);
		_exit(v == CANARY ? READ_CANARY : v == HOST_PATTERN ? READ_HOST : READ_OTHER);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static const char *status_str(int status, char *buf, size_t len)
{
	if (status == -1)
		snprintf(buf, len, "fork/wait failed");
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d", WTERMSIG(status));
	else if (WEXITSTATUS(status) == READ_CANARY)
		snprintf(buf, len, "READ THE GUEST'S DATA");
	else if (WEXITSTATUS(status) == READ_OTHER)
		snprintf(buf, len, "read it (not the guest's data)");
	else if (WEXITSTATUS(status) == READ_HOST)
		snprintf(buf, len, "read the host's pattern");
	else if (WEXITSTATUS(status) == MAP_FAILED_EXIT)
		snprintf(buf, len, "could not map it");
	else
		snprintf(buf, len, "exit status %d", WEXITSTATUS(status));
	return buf;
}

struct spinner {
	int vcpu;
	pthread_t thread;
	atomic_bool entered, done;
	int rc;
};

static void *spin_fn(void *arg)
{
	struct spinner *s = arg;

	atomic_store(&s->entered, true);
	s->rc = vcpu_run(s->vcpu);
	atomic_store(&s->done, true);
	return NULL;
}

FIXTURE(iso) {
	int dev, vm, vcpu;
	struct hvx_run *run;
	size_t run_size;
	char handle[40];
	struct vmdbg_chunk chunks[MAX_CHUNKS];
	int nr_chunks;
	struct own_counts before;
};

FIXTURE_SETUP(iso)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct guest_code code;
	struct hvx_regs r;
	char dirs[2][96];
	uint64_t *fill;
	const char *why;
	size_t i;
	int n;

	self->dev = -1;
	self->vm = -1;
	self->vcpu = -1;
	self->run = NULL;
	sigaction(SIGUSR1, &sa, NULL);
	why = own_enable();
	ASSERT_EQ(NULL, why) {
		TH_LOG("hvx's debug interface: %s", why);
	}
	own_counts_read(&self->before);
	self->dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->dev);
	self->vm = vm_create(self->dev);
	ASSERT_LE(0, self->vm) {
		TH_LOG("HVX_CREATE_VM: %s", strerror(-self->vm));
	}
	ASSERT_EQ(0, vm_add_memory(self->vm, GUEST_RAM_BASE, RAM_SIZE));
	/* the canary everywhere, but for the spinning code */
	fill = malloc(RAM_SIZE);
	ASSERT_NE(NULL, fill);
	for (i = 0; i < RAM_SIZE / 8; i++)
		fill[i] = CANARY;
	code_init(&code, GUEST_RAM_BASE);
	emit(&code, A64_B_SELF);		/* b . */
	memcpy(fill, code.insn, 4);
	ASSERT_EQ(0, vm_write(self->vm, GUEST_RAM_BASE, fill, RAM_SIZE));
	free(fill);
	self->vcpu = vcpu_create(self->vm, 0, 0);
	ASSERT_LE(0, self->vcpu);
	self->run = vcpu_map(self->dev, self->vcpu, &self->run_size);
	ASSERT_NE(NULL, self->run);
	ASSERT_EQ(0, vcpu_get_regs(self->vcpu, &r));
	r.pc = GUEST_RAM_BASE;
	r.pstate = PSR_EL1h_MASKED;
	ASSERT_EQ(0, vcpu_set_regs(self->vcpu, &r));

	ASSERT_EQ(1, vm_dirs_of(getpid(), dirs, 2));
	snprintf(self->handle, sizeof(self->handle), "%s",
		 strrchr(dirs[0], '/') + 3);
	n = vmdbg_chunks(self->handle, self->chunks, MAX_CHUNKS);
	ASSERT_LT(0, n) {
		TH_LOG("no chunks of vm%s in %s (%s): does lib/hvx_vm_debug.h match host/debug.c?",
		       self->handle, VMDBG_MEM, n < 0 ? strerror(-n) : "none listed");
	}
	ASSERT_GE(MAX_CHUNKS, n);
	self->nr_chunks = n;
}

FIXTURE_TEARDOWN(iso)
{
	if (self->run)
		munmap(self->run, self->run_size);
	if (self->vcpu >= 0)
		close(self->vcpu);
	if (self->vm >= 0)
		close(self->vm);
	if (self->dev >= 0)
		close(self->dev);
}

/*
 * Up to MAX_PROBES physical pages of the guest's RAM: the first, middle
 * and last page of each chunk (not the code page at guest 0x40000000).
 */
static int probe_pages(const struct vmdbg_chunk *chunks, int nr_chunks, uint64_t *pa)
{
	int i, n = 0;

	for (i = 0; i < nr_chunks && n + 3 <= MAX_PROBES; i++) {
		const struct vmdbg_chunk *c = &chunks[i];
		uint64_t off[3] = { 0, c->size / 2, c->size - VM_PAGE_SIZE };
		int j;

		for (j = 0; j < 3; j++) {
			uint64_t o = off[j] & ~(VM_PAGE_SIZE - 1);

			if (c->gpa + o == GUEST_RAM_BASE || (j && o == off[j - 1]))
				continue;
			pa[n++] = c->pa + o;
		}
	}
	return n;
}

/* The chunks cover exactly the guest's RAM, at page-aligned addresses. */
TEST_F(iso, chunks_listed)
{
	uint64_t total = 0;
	int i;

	for (i = 0; i < self->nr_chunks; i++) {
		const struct vmdbg_chunk *c = &self->chunks[i];

		TH_LOG("chunk %d: guest 0x%llx at 0x%llx, 0x%llx bytes", i,
		       (unsigned long long)c->gpa, (unsigned long long)c->pa,
		       (unsigned long long)c->size);
		EXPECT_EQ(0, (c->pa | c->gpa | c->size) & (VM_PAGE_SIZE - 1));
		EXPECT_LE(GUEST_RAM_BASE, c->gpa);
		EXPECT_GE(GUEST_RAM_BASE + RAM_SIZE, c->gpa + c->size);
		total += c->size;
	}
	EXPECT_EQ(RAM_SIZE, total);
}

/*
 * While the guest runs: a host process reading its pages dies of an
 * abort; the same mapping of the host's own page works; the guest goes on.
 */
TEST_F(iso, host_read_faults)
{
	uint64_t pa[MAX_PROBES], host_pa, aborts, n_aborts;
	struct spinner s = { .vcpu = self->vcpu };
	struct hvx_regs r;
	char buf[64];
	uint64_t *own;
	double end;
	int i, n, status;
	bool busy = false;

	/* the control: a page of this process, through the same mapping */
	own = mmap(NULL, VM_PAGE_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	ASSERT_NE(MAP_FAILED, own);
	for (i = 0; i < (int)(VM_PAGE_SIZE / 8); i++)
		own[i] = HOST_PATTERN;
	host_pa = vmdbg_virt_to_phys(own);
	ASSERT_NE(0, host_pa) {
		TH_LOG("no physical address for a page of ours in /proc/self/pagemap");
	}
	status = child_read_phys(host_pa);
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == READ_HOST) {
		TH_LOG("reading the host's own page at 0x%llx: %s: the mapping does not work",
		       (unsigned long long)host_pa, status_str(status, buf, sizeof(buf)));
	}

	/* the guest spins in RUN on a thread */
	ASSERT_EQ(0, pthread_create(&s.thread, NULL, spin_fn, &s));
	end = now_s() + 5;
	while (now_s() < end && !atomic_load(&s.done)) {
		if (atomic_load(&s.entered) && vcpu_get_regs(self->vcpu, &r) == EBUSY) {
			busy = true;
			break;
		}
		usleep(5000);
	}
	ASSERT_TRUE(busy) {
		TH_LOG("the vCPU is not running (RUN %s)",
		       atomic_load(&s.done) ? "returned" : "not seen busy");
	}

	aborts = own_stat("aborts");
	n = probe_pages(self->chunks, self->nr_chunks, pa);
	ASSERT_LT(0, n);
	n_aborts = 0;
	for (i = 0; i < n; i++) {
		status = child_read_phys(pa[i]);
		EXPECT_TRUE(killed_by_abort(status)) {
			TH_LOG("reading guest RAM at physical 0x%llx: %s",
			       (unsigned long long)pa[i], status_str(status, buf, sizeof(buf)));
		}
		n_aborts += killed_by_abort(status);
	}
	EXPECT_LE(aborts + n_aborts, own_stat("aborts")) {
		TH_LOG("host_s2/aborts went from %llu to %llu over %llu faulting reads",
		       (unsigned long long)aborts,
		       (unsigned long long)own_stat("aborts"),
		       (unsigned long long)n_aborts);
	}

	/* the guest was not disturbed: still in RUN, then interrupted cleanly */
	EXPECT_FALSE(atomic_load(&s.done)) {
		TH_LOG("the guest's RUN returned %s, exit %u", strerror(s.rc),
		       self->run->exit_reason);
	}
	pthread_kill(s.thread, SIGUSR1);
	end = now_s() + 5;
	while (!atomic_load(&s.done) && now_s() < end)
		usleep(10000);
	while (!atomic_load(&s.done)) {
		pthread_kill(s.thread, SIGUSR1);
		usleep(10000);
	}
	pthread_join(s.thread, NULL);
	EXPECT_EQ(EINTR, s.rc);
	EXPECT_EQ(HVX_EXIT_INTR, self->run->exit_reason);
	munmap(own, VM_PAGE_SIZE);
}

/* Once the VM is gone its pages are readable again, without its data. */
TEST_F(iso, pages_back_and_scrubbed)
{
	uint64_t pa[MAX_PROBES];
	struct own_counts now;
	char buf[64];
	int i, n, status;

	n = probe_pages(self->chunks, self->nr_chunks, pa);
	ASSERT_LT(0, n);
	munmap(self->run, self->run_size);
	self->run = NULL;
	close(self->vcpu);
	self->vcpu = -1;
	close(self->vm);
	self->vm = -1;
	EXPECT_TRUE(own_counts_wait(&self->before, &now, FREE_TIMEOUT_S)) {
		TH_LOG("guest_pages %llu (was %llu), nr_vms %llu (was %llu)",
		       (unsigned long long)now.guest,
		       (unsigned long long)self->before.guest,
		       (unsigned long long)now.vms,
		       (unsigned long long)self->before.vms);
	}
	for (i = 0; i < n; i++) {
		status = child_read_phys(pa[i]);
		EXPECT_TRUE(WIFEXITED(status) && (WEXITSTATUS(status) == READ_OTHER ||
						  WEXITSTATUS(status) == READ_HOST)) {
			TH_LOG("former guest RAM at physical 0x%llx: %s",
			       (unsigned long long)pa[i], status_str(status, buf, sizeof(buf)));
		}
	}
}

TEST_HARNESS_MAIN
