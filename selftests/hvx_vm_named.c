// SPDX-License-Identifier: GPL-2.0
/*
 * Named VMs and HVX_VM_STOP (API 5): names checked (hostile ones refused,
 * unique among live VMs, set once, free again after the VM), shown in
 * sysfs with the VM's state and creator's uid; a stop from another
 * process ends every HVX_VCPU_RUN (in the guest, powered off) with
 * HVX_EXIT_STOPPED and refuses later runs; unknown handles and names,
 * bad arguments, a caller of another uid without CAP_SYS_ADMIN (EPERM),
 * one of the creator's uid (allowed); stops racing with destruction.
 *
 * Guests are hand-encoded (lib/hvx_vm_test.h). Run as root with hvx
 * loaded (tools/hvx-vm does both).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/hvx.h>

#include "kselftest_harness.h"
#include "lib/hvx_vm_test.h"

#define OTHER_UID	4242
#define RACE_SECS	2.0

static int set_name(int vm, const char *name)
{
	struct hvx_vm_name n = { 0 };

	memcpy(n.name, name, strnlen(name, sizeof(n.name)));
	return hvx_ioctl(vm, HVX_VM_SET_NAME, &n);
}

static int stop_handle(int dev, uint32_t handle)
{
	struct hvx_vm_stop s = { .handle = handle };

	return hvx_ioctl(dev, HVX_VM_STOP, &s);
}

static int stop_name(int dev, const char *name)
{
	struct hvx_vm_stop s = { 0 };

	memcpy(s.name, name, strnlen(name, sizeof(s.name)));
	return hvx_ioctl(dev, HVX_VM_STOP, &s);
}

/* The one sysfs folder of this process's VMs (the test has one VM). */
static void my_dir(struct __test_metadata *_metadata, char *dir)
{
	char dirs[4][96];

	expect_vm_dirs(_metadata, 1, dirs, 4);
	strcpy(dir, dirs[0]);
}

static uint32_t dir_handle(const char *dir)
{
	return strtoul(strrchr(dir, '/') + 3, NULL, 10);
}

/*
 * In a child: open /dev/hvx as root, become @uid (no capabilities left)
 * unless it is 0, stop by @handle or else @name; the errno, 0, or 255.
 */
static int stop_as(uid_t uid, uint32_t handle, const char *name)
{
	pid_t pid = fork();
	int status, dev, rc;

	if (pid < 0)
		return 255;
	if (!pid) {
		dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
		if (dev < 0)
			_exit(254);
		if (uid && setresuid(uid, uid, uid))
			_exit(253);
		rc = handle ? stop_handle(dev, handle) : stop_name(dev, name);
		_exit(rc);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 255;
	return WEXITSTATUS(status);
}

/* A guest that spins at its first instruction until stopped. */
static void spin_guest(struct __test_metadata *_metadata, struct vmctx *c)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_B_SELF);
	start_guest(_metadata, c, &code, 0);
}

static bool wait_state(const char *dir, const char *want, double secs)
{
	double end = now_s() + secs;
	char buf[32];

	while (strcmp(vm_text(dir, "state", buf, sizeof(buf)), want)) {
		if (now_s() > end)
			return false;
		usleep(10000);
	}
	return true;
}

TEST(version_offers_vm_control)
{
	struct hvx_version v = { 0 };
	int dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, dev);
	ASSERT_EQ(0, hvx_ioctl(dev, HVX_GET_VERSION, &v));
	EXPECT_LE(5, v.api_version);
	EXPECT_TRUE(v.features & HVX_FEATURE_VM_CONTROL);
	close(dev);
}

/* Hostile names are refused, and none of them sticks. */
TEST_F(vm, bad_names)
{
	static const char *const bad[] = {
		"", "1vm", "-vm", ".vm", "_vm", "vm a", "vm/a", "vm\n", "vm\t",
		"vm\x7f", "vm\xc3\xa9", "vm:a", "vm*", "../vm", "vm;rm",
	};
	struct hvx_vm_name n;
	char dir[96], buf[64];
	unsigned int i;

	my_dir(_metadata, dir);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *b = bad[i];

		EXPECT_EQ(EINVAL, set_name(self->c.vm, b)) {
			TH_LOG("name #%u accepted", i);
		}
	}
	/* 32 characters: no room for the NUL. */
	memset(&n, 0, sizeof(n));
	memset(n.name, 'a', sizeof(n.name));
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_SET_NAME, &n));
	/* Garbage after the NUL. */
	memset(&n, 0, sizeof(n));
	strcpy(n.name, "vm");
	n.name[20] = 'x';
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_SET_NAME, &n));
	memset(&n, 0, sizeof(n));
	strcpy(n.name, "vm");
	n.flags = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_SET_NAME, &n));
	n.flags = 0;
	n.pad = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_SET_NAME, &n));
	n.pad = 0;
	n.reserved[1] = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_SET_NAME, &n));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vm, HVX_VM_SET_NAME, (void *)16));
	/* /dev/hvx's ioctl it is not. */
	EXPECT_EQ(ENOTTY, set_name(self->c.dev, "vm"));
	EXPECT_STREQ("", vm_text(dir, "name", buf, sizeof(buf)));
}

/* A name is set once, unique among live VMs, free again after the VM. */
TEST(names_unique_and_set_once)
{
	char name[HVX_VM_NAME_MAX], dir[96], buf[64], uid[16];
	struct vmctx a, b;

	/* 31 characters: the longest. */
	snprintf(name, sizeof(name), "t%d-", getpid());
	memset(name + strlen(name), '_', sizeof(name) - 1 - strlen(name));
	name[sizeof(name) - 1] = '\0';
	ASSERT_EQ(31, strlen(name));
	ctx_open(_metadata, &a);
	my_dir(_metadata, dir);
	EXPECT_STREQ("created", vm_text(dir, "state", buf, sizeof(buf)));
	snprintf(uid, sizeof(uid), "%u", geteuid());
	EXPECT_STREQ(uid, vm_text(dir, "uid", buf, sizeof(buf)));
	ASSERT_EQ(0, set_name(a.vm, name));
	EXPECT_STREQ(name, vm_text(dir, "name", buf, sizeof(buf)));
	EXPECT_EQ(EEXIST, set_name(a.vm, "another"));
	EXPECT_EQ(EEXIST, set_name(a.vm, name));
	EXPECT_STREQ(name, vm_text(dir, "name", buf, sizeof(buf)));

	ctx_open(_metadata, &b);
	EXPECT_EQ(EEXIST, set_name(b.vm, name));
	ctx_close(&a);
	/* Gone with its VM. */
	EXPECT_EQ(0, set_name(b.vm, name));
	ctx_close(&b);
}

TEST(stop_bad_arguments)
{
	struct hvx_vm_stop s;
	int dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	unsigned int i;

	ASSERT_LE(0, dev);
	memset(&s, 0, sizeof(s));
	/* Neither a handle nor a name. */
	EXPECT_EQ(EINVAL, hvx_ioctl(dev, HVX_VM_STOP, &s));
	/* Both. */
	s.handle = 1;
	strcpy(s.name, "vm");
	EXPECT_EQ(EINVAL, hvx_ioctl(dev, HVX_VM_STOP, &s));
	/* A handle with garbage in the name. */
	memset(&s, 0, sizeof(s));
	s.handle = 1;
	s.name[5] = 'x';
	EXPECT_EQ(EINVAL, hvx_ioctl(dev, HVX_VM_STOP, &s));
	/* A name without its NUL, and no valid name. */
	memset(&s, 0, sizeof(s));
	memset(s.name, 'a', sizeof(s.name));
	EXPECT_EQ(EINVAL, hvx_ioctl(dev, HVX_VM_STOP, &s));
	EXPECT_EQ(EINVAL, stop_name(dev, "no such/name"));
	memset(&s, 0, sizeof(s));
	s.handle = 1;
	s.flags = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(dev, HVX_VM_STOP, &s));
	for (i = 0; i < ARRAY_SIZE(s.reserved); i++) {
		memset(&s, 0, sizeof(s));
		s.handle = 1;
		s.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(dev, HVX_VM_STOP, &s));
	}
	EXPECT_EQ(EFAULT, hvx_ioctl(dev, HVX_VM_STOP, (void *)16));
	/* Unknown ones. */
	EXPECT_EQ(ENOENT, stop_handle(dev, 0xffffffff));
	EXPECT_EQ(ENOENT, stop_handle(dev, 0x7fffffff));
	EXPECT_EQ(ENOENT, stop_name(dev, "no-vm-has-this-name"));
	close(dev);
}

/*
 * A stop from another process kicks a spinning guest out with
 * HVX_EXIT_STOPPED; later runs get it at once; sysfs says so.
 */
TEST_F(vm, stop_by_name_from_another_process)
{
	char dir[96], buf[32], name[32];
	struct runner r;
	int rc;

	snprintf(name, sizeof(name), "stopme%d", getpid());
	spin_guest(_metadata, &self->c);
	ASSERT_EQ(0, set_name(self->c.vm, name));
	my_dir(_metadata, dir);
	ASSERT_EQ(0, runner_start(&r, self->c.vcpu, self->c.run, 1));
	EXPECT_TRUE(wait_state(dir, "running", 5));
	usleep(100000);
	EXPECT_FALSE(atomic_load(&r.done));
	EXPECT_EQ(0, stop_as(0, 0, name));
	EXPECT_TRUE(runner_wait(&r, 5)) {
		TH_LOG("HVX_VCPU_RUN still running 5 s after HVX_VM_STOP");
	}
	EXPECT_EQ(0, r.ev[0].rc);
	EXPECT_EQ(HVX_EXIT_STOPPED, r.ev[0].reason);
	EXPECT_TRUE(wait_state(dir, "stopped", 2)) {
		TH_LOG("state: %s", vm_text(dir, "state", buf, sizeof(buf)));
	}
	/* Refused from now on, at once, even with a signal pending. */
	rc = vcpu_run(self->c.vcpu);
	EXPECT_EQ(0, rc);
	EXPECT_EQ(HVX_EXIT_STOPPED, self->c.run->exit_reason);
	/* Stopping again is fine; by handle too. */
	EXPECT_EQ(0, stop_as(0, 0, name));
	EXPECT_EQ(0, stop_as(0, dir_handle(dir), NULL));
}

/* A powered-off vCPU waiting in HVX_VCPU_RUN is stopped too. */
TEST_F(vm, stop_wakes_powered_off_vcpu)
{
	struct guest_code code;
	char dir[96];
	struct runner r;

	code_init(&code, RAM_BASE);
	emit(&code, A64_B_SELF);
	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, RAM_SIZE));
	ASSERT_EQ(0, vm_write_code(self->c.vm, &code));
	self->c.vcpu = vcpu_create(self->c.vm, 0, HVX_VCPU_POWER_OFF);
	ASSERT_LE(0, self->c.vcpu);
	self->c.run = vcpu_map(self->c.dev, self->c.vcpu, &self->c.run_size);
	ASSERT_NE(NULL, self->c.run);
	my_dir(_metadata, dir);
	ASSERT_EQ(0, runner_start(&r, self->c.vcpu, self->c.run, 1));
	usleep(200000);
	EXPECT_FALSE(atomic_load(&r.done));
	EXPECT_EQ(0, stop_as(0, dir_handle(dir), NULL));
	EXPECT_TRUE(runner_wait(&r, 5));
	EXPECT_EQ(0, r.ev[0].rc);
	EXPECT_EQ(HVX_EXIT_STOPPED, r.ev[0].reason);
}

/*
 * Another uid without CAP_SYS_ADMIN may not stop the VM (it runs on);
 * the creator's effective uid may, without the capability.
 */
TEST(stop_needs_owner_or_admin)
{
	char dir[96], name[32], buf[32], want[32];
	struct vmctx c;
	struct runner r;

	snprintf(name, sizeof(name), "owned%d", getpid());
	c.dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, c.dev);
	/* Created with OTHER_UID as the effective uid. */
	ASSERT_EQ(0, seteuid(OTHER_UID));
	c.vm = vm_create(c.dev);
	ASSERT_EQ(0, seteuid(0));
	ASSERT_LE(0, c.vm);
	c.vcpu = -1;
	c.run = NULL;
	spin_guest(_metadata, &c);
	ASSERT_EQ(0, set_name(c.vm, name));
	my_dir(_metadata, dir);
	snprintf(want, sizeof(want), "%u", OTHER_UID);
	EXPECT_STREQ(want, vm_text(dir, "uid", buf, sizeof(buf)));
	ASSERT_EQ(0, runner_start(&r, c.vcpu, c.run, 1));
	EXPECT_TRUE(wait_state(dir, "running", 5));

	EXPECT_EQ(EPERM, stop_as(OTHER_UID + 1, 0, name));
	EXPECT_EQ(EPERM, stop_as(OTHER_UID + 1, dir_handle(dir), NULL));
	EXPECT_EQ(EPERM, stop_as(65534, 0, name));
	usleep(100000);
	EXPECT_FALSE(atomic_load(&r.done));
	EXPECT_STREQ("running", vm_text(dir, "state", buf, sizeof(buf)));

	EXPECT_EQ(0, stop_as(OTHER_UID, 0, name));
	EXPECT_TRUE(runner_wait(&r, 5));
	EXPECT_EQ(HVX_EXIT_STOPPED, r.ev[0].reason);
	ctx_close(&c);
}

/*
 * Stops by name and by handle race with VMs of that name being created,
 * run and destroyed: each stop finds a live VM or none, and the host
 * survives (a stop holding the last reference destroys the VM itself).
 */
TEST(stop_races_destroy)
{
	char name[32], dirs[1][96];
	unsigned int rounds = 0, stopped = 0, missed = 0, other = 0;
	double end;
	pid_t pid;
	int dev, rc, status;

	snprintf(name, sizeof(name), "racer%d", getpid());
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		/* Create, name, destroy, as fast as it goes. */
		end = now_s() + RACE_SECS;
		while (now_s() < end) {
			struct vmctx c;

			ctx_open(_metadata, &c);
			if (set_name(c.vm, name))
				_exit(1);
			usleep(1000);
			ctx_close(&c);
		}
		_exit(0);
	}
	dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	end = now_s() + RACE_SECS;
	while (now_s() < end) {
		rc = stop_name(dev, name);
		rounds++;
		if (!rc)
			stopped++;
		else if (rc == ENOENT)
			missed++;
		else
			other++;
		/* By handle: the racer's VM of a moment ago, or a new one. */
		if (vm_dirs_of(pid, dirs, 1) == 1) {
			rc = stop_handle(dev, dir_handle(dirs[0]));
			if (rc && rc != ENOENT)
				other++;
		}
	}
	close(dev);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	TH_LOG("%u stops: %u found the VM, %u found none", rounds, stopped,
	       missed);
	EXPECT_EQ(0, other);
	EXPECT_LT(0, stopped);
}

#include "lib/hvx_vm_test_end.h"
