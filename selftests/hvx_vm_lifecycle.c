// SPDX-License-Identifier: GPL-2.0
/*
 * VM lifecycle through the raw /dev/hvx ioctls (uapi/linux/hvx.h): a VM
 * shows in /sys/kernel/hvx/vms while one of its fds is open, its counters
 * there, vCPU fds and the run structure outliving the VM fd, fds closed in
 * any order, many VMs at once, and a VMM killed while its guest runs.
 *
 * Shared helpers and FIXTURE(vm): lib/hvx_vm_test.h; the program ends
 * with a check that no test leaked a VM or a page (lib/hvx_vm_test_end.h).
 * Run as root with hvx loaded (tools/hvx-vm does both).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/hvx.h>
#include <hvx-guest.h>

#include "kselftest_harness.h"
#include "lib/hvx_vm_test.h"

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

#include "lib/hvx_vm_test_end.h"
