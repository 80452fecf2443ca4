// SPDX-License-Identifier: GPL-2.0
/*
 * HVX_VCPU_RUN itself: a vCPU with no RAM at its pc (an internal error,
 * not MMIO), a signal interrupting RUN (and GET_REGS -EBUSY meanwhile),
 * immediate_exit, and RUN from another process (-EIO).
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

#include "lib/hvx_vm_test_end.h"
