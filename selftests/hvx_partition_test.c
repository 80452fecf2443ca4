// SPDX-License-Identifier: GPL-2.0
/*
 * Partitions (API 8): the ioctl ABI and attacks on it. Bad structures,
 * names and limits (0, beyond the host) refused; duplicate names; who may
 * bind (only pid 1 of a new PID namespace, root, outside every
 * partition), and that nothing inside, a user namespace included, can
 * create, destroy or re-bind, nor reach host-wide calls (HVX_GET_STATUS,
 * HVX_ACPI_GENERATE, EL2 registers in sysfs); the VM, vCPU and guest RAM
 * limits (EDQUOT, ENOMEM) and their counts given back; partition B never
 * reaches partition A's VM by name, handle, sysfs, console or a passed
 * fd, while the host sees both; a forced destroy ends the partition's
 * processes and VMs and gives every page back.
 *
 * A partition's process here is pid 1 of a new PID namespace that binds
 * itself (as hvxctl partition exec does) and reports failures as its exit
 * status, each one explained on stderr. Run as root with hvx loaded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/hvx.h>

#include "kselftest_harness.h"
#include "lib/hvx_vm_test.h"

#define PART_DIR	HVX_SYSFS "/partitions"
#define KIB		1024ULL

/* A failed check inside a partition: said on stderr, counted. */
#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "# %s:%d: ", __func__, __LINE__);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		fails++;						\
	}								\
} while (0)

static int dev_open(void)
{
	return open(HVX_DEV, O_RDWR | O_CLOEXEC);
}

static void limits(struct hvx_partition_create *c, const char *name,
		   uint32_t vms, uint32_t vcpus, uint64_t mem)
{
	memset(c, 0, sizeof(*c));
	strncpy(c->name, name, sizeof(c->name) - 1);
	c->max_vms = vms;
	c->max_vcpus = vcpus;
	c->mem_bytes = mem;
	c->cpus[0] = 1;
}

static int part_create(const char *name, uint32_t vms, uint32_t vcpus,
		       uint64_t mem)
{
	struct hvx_partition_create c;
	int dev = dev_open(), rc;

	limits(&c, name, vms, vcpus, mem);
	rc = hvx_ioctl(dev, HVX_PARTITION_CREATE, &c);
	close(dev);
	return rc;
}

static int part_ref(unsigned long cmd, const char *name, uint32_t flags)
{
	struct hvx_partition_ref r = { .flags = flags };
	int dev = dev_open(), rc;

	strncpy(r.name, name, sizeof(r.name) - 1);
	rc = hvx_ioctl(dev, cmd, &r);
	close(dev);
	return rc;
}

/* Destroy, forced, until it is gone: 0, or the last errno. */
static int part_destroy_wait(const char *name)
{
	double end = now_s() + 10;
	int rc;

	while ((rc = part_ref(HVX_PARTITION_DESTROY, name,
			      HVX_PARTITION_FORCE)) == EBUSY && now_s() < end)
		usleep(20000);
	return rc;
}

/* The number in a sysfs file, or -errno of the read. */
static long long sysfs_num(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = '\0';
	return strtoll(buf, NULL, 10);
}

static long long part_num(const char *name, const char *file)
{
	char path[160];

	snprintf(path, sizeof(path), PART_DIR "/%s/%s", name, file);
	return sysfs_num(path);
}

/* 0 or the errno of reading a file (a refusal shows at the read). */
static int read_errno(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY), rc = 0;

	if (fd < 0)
		return errno;
	if (read(fd, buf, sizeof(buf)) < 0)
		rc = errno;
	close(fd);
	return rc;
}

static int bind_self(const char *name)
{
	return part_ref(HVX_PARTITION_BIND, name, 0);
}

/*
 * start_partition() runs @fn(@arg) as pid 1 of a new PID namespace, bound
 * to partition @name first unless @name is NULL, in a child (pp->pid);
 * wait_partition() returns its exit status (128 + the signal if it was
 * killed; 250 and up if the setup failed).
 */
struct part_proc {
	pid_t pid;		/* the child, in the caller's namespace */
	pid_t init;		/* the partition's pid 1, ditto */
};

static void start_partition(struct part_proc *pp, const char *name,
			    int (*fn)(void *), void *arg)
{
	int status, p[2];
	pid_t init;

	fflush(NULL);
	pp->init = -1;
	if (pipe(p))
		return;
	pp->pid = fork();
	if (pp->pid) {
		close(p[1]);
		if (read(p[0], &pp->init, sizeof(pp->init)) != sizeof(pp->init))
			pp->init = -1;
		close(p[0]);
		return;
	}
	if (unshare(CLONE_NEWPID))
		_exit(250);
	init = fork();
	if (init < 0)
		_exit(251);
	if (init && write(p[1], &init, sizeof(init)) != sizeof(init))
		_exit(251);
	if (!init) {
		if (name && bind_self(name)) {
			fprintf(stderr, "# bind %s: %s\n", name, strerror(errno));
			_exit(252);
		}
		_exit(fn(arg));
	}
	if (waitpid(init, &status, 0) != init)
		_exit(253);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) :
	      128 + WTERMSIG(status));
}

static int wait_partition(struct part_proc *pp)
{
	int status;

	if (waitpid(pp->pid, &status, 0) != pp->pid)
		return 254;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
}

static int run_partition(const char *name, int (*fn)(void *), void *arg)
{
	struct part_proc pp;

	start_partition(&pp, name, fn, arg);
	return wait_partition(&pp);
}

TEST(version)
{
	struct hvx_version v = { 0 };
	int dev = dev_open();

	ASSERT_LE(0, dev);
	ASSERT_EQ(0, hvx_ioctl(dev, HVX_GET_VERSION, &v));
	EXPECT_LE(8, v.api_version);
	EXPECT_TRUE(v.features & HVX_FEATURE_PARTITION) {
		TH_LOG("features 0x%llx: no HVX_FEATURE_PARTITION",
		       (unsigned long long)v.features);
	}
	close(dev);
}

static void bad_create(struct __test_metadata *_metadata, int dev,
		       struct hvx_partition_create *c, const char *what)
{
	EXPECT_EQ(EINVAL, hvx_ioctl(dev, HVX_PARTITION_CREATE, c)) {
		TH_LOG("%s", what);
	}
}

/* Every malformed HVX_PARTITION_CREATE is EINVAL, and creates nothing. */
TEST(create_bad_input)
{
	static const char *const bad_names[] = {
		"", "1abc", "-a", "a b", "a/b", "a\n", "\xc3\xa9t\xc3\xa9",
	};
	struct hvx_partition_create c;
	int dev = dev_open();
	size_t i;

	ASSERT_LE(0, dev);
#define BAD(what)	bad_create(_metadata, dev, &c, what)
	limits(&c, "bad", 1, 1, 1 << 20);
	c.flags = 1;
	BAD("flags");
	limits(&c, "bad", 1, 1, 1 << 20);
	c.pad = 1;
	BAD("pad");
	limits(&c, "bad", 1, 1, 1 << 20);
	c.reserved[3] = 1;
	BAD("reserved");
	for (i = 0; i < ARRAY_SIZE(bad_names); i++) {
		limits(&c, "", 1, 1, 1 << 20);
		strcpy(c.name, bad_names[i]);
		BAD(bad_names[i]);
	}
	limits(&c, "", 1, 1, 1 << 20);
	memset(c.name, 'a', sizeof(c.name));
	BAD("no NUL");
	limits(&c, "bad", 1, 1, 1 << 20);
	c.name[5] = 'x';
	BAD("garbage after the NUL");
	limits(&c, "bad", 0, 1, 1 << 20);
	BAD("max_vms 0");
	limits(&c, "bad", 1, 0, 1 << 20);
	BAD("max_vcpus 0");
	limits(&c, "bad", 1, 1, 0);
	BAD("mem 0");
	limits(&c, "bad", 1, 1, 1 << 20);
	c.cpus[0] = 0;
	BAD("no CPU");
	limits(&c, "bad", HVX_PARTITION_MAX_VMS + 1, 1, 1 << 20);
	BAD("too many VMs");
	limits(&c, "bad", 2, 2 * HVX_MAX_VCPUS + 1, 1 << 20);
	BAD("more vCPUs than its VMs can have");
	limits(&c, "bad", 1, 1, 1ULL << 50);
	BAD("more RAM than the host has");
	limits(&c, "bad", 1, 1, (1 << 20) + 1);
	BAD("RAM not a page multiple");
	limits(&c, "bad", 1, 1, ~0ULL & ~4095ULL);
	BAD("RAM of 2^64 - 4096");
	limits(&c, "bad", 1, 1, 1 << 20);
	c.cpus[3] = 1ULL << 63;
	BAD("CPU 255, not possible");
	limits(&c, "bad", 1, 1, 1 << 20);
	c.cpu_period_us = 100000;
	c.cpu_quota_us = 100001;
	BAD("a quota above one CPU's period");
	c.cpu_quota_us = 999;
	BAD("a quota below 1 ms");
	c.cpu_quota_us = 1000;
	c.cpu_period_us = 999;
	BAD("a period below 1 ms");
	c.cpu_period_us = 1000001;
	BAD("a period above 1 s");
	c.cpu_period_us = 0;
	BAD("a quota without a period");
#undef BAD
	EXPECT_EQ(-ENOENT, part_num("bad", "max_vms"));
	close(dev);
}

TEST(names_and_destroy)
{
	ASSERT_EQ(0, part_create("dup", 1, 1, 1 << 20));
	EXPECT_EQ(EEXIST, part_create("dup", 2, 2, 2 << 20));
	EXPECT_EQ(1, part_num("dup", "max_vms"));
	EXPECT_EQ(1024, part_num("dup", "max_mem_kib"));
	EXPECT_EQ(ENOENT, part_ref(HVX_PARTITION_DESTROY, "nope", 0));
	EXPECT_EQ(EINVAL, part_ref(HVX_PARTITION_DESTROY, "dup", 2));
	EXPECT_EQ(EINVAL, part_ref(HVX_PARTITION_DESTROY, "", 0));
	EXPECT_EQ(0, part_ref(HVX_PARTITION_DESTROY, "dup", 0));
	EXPECT_EQ(ENOENT, part_ref(HVX_PARTITION_DESTROY, "dup", 0));
	EXPECT_EQ(-ENOENT, part_num("dup", "max_vms"));
	/* The host's pid namespace is nobody's to bind. */
	EXPECT_EQ(0, part_create("dup", 1, 1, 1 << 20));
	EXPECT_EQ(EPERM, part_ref(HVX_PARTITION_BIND, "dup", 0));
	EXPECT_EQ(0, part_ref(HVX_PARTITION_DESTROY, "dup", 0));
}

static int bind_unknown(void *arg)
{
	(void)arg;
	return bind_self("nope") == ENOENT ? 0 : 1;
}

/* Not pid 1 of the namespace: pid 2 may not bind it. */
static int bind_not_init(void *arg)
{
	pid_t pid = fork();
	int status;

	if (!pid)
		_exit(bind_self(arg) == EPERM ? 0 : 1);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* Without the capability (another uid), /dev/hvx open already. */
static int bind_as_user(void *arg)
{
	struct hvx_partition_ref r = { 0 };
	int dev = dev_open();

	strcpy(r.name, arg);
	if (dev < 0 || setresuid(4242, 4242, 4242))
		return 2;
	return hvx_ioctl(dev, HVX_PARTITION_BIND, &r) == EPERM ? 0 : 1;
}

/* Bound: what a partition may not do. */
static int inside_refused(void *arg)
{
	struct hvx_partition_create c;
	struct hvx_status st = { 0 };
	struct hvx_acpi_gen g = { 0 };
	struct hvx_cpu_status cpus[64];
	int dev = dev_open(), fails = 0, rc;
	pid_t pid;

	CHECK(dev >= 0, "open: %s", strerror(errno));
	rc = bind_self(arg);
	CHECK(rc == EPERM, "bound twice: %s", strerror(rc));
	rc = bind_self("other");
	CHECK(rc == EPERM, "bound to a second partition: %s", strerror(rc));
	limits(&c, "inner", 1, 1, 1 << 20);
	rc = hvx_ioctl(dev, HVX_PARTITION_CREATE, &c);
	CHECK(rc == EPERM, "create inside: %s", strerror(rc));
	rc = part_ref(HVX_PARTITION_DESTROY, arg, HVX_PARTITION_FORCE);
	CHECK(rc == EPERM, "destroying its own partition: %s", strerror(rc));
	rc = part_ref(HVX_PARTITION_DESTROY, "other", 0);
	CHECK(rc == EPERM, "destroying another: %s", strerror(rc));
	st.nr_cpus = 64;
	st.cpus = (uintptr_t)cpus;
	rc = hvx_ioctl(dev, HVX_GET_STATUS, &st);
	CHECK(rc == EPERM, "HVX_GET_STATUS: %s", strerror(rc));
	rc = hvx_ioctl(dev, HVX_ACPI_GENERATE, &g);
	CHECK(rc == EPERM, "HVX_ACPI_GENERATE: %s", strerror(rc));
	rc = read_errno(HVX_SYSFS "/cpus/cpu0/current_el");
	CHECK(rc == EPERM, "cpus/cpu0/current_el: %s", strerror(rc));
	/* Its namespace's children, in a namespace of their own, are in too. */
	pid = fork();
	if (!pid) {
		if (unshare(CLONE_NEWPID))
			_exit(2);
		pid = fork();
		if (!pid) {
			int vm = vm_create(dev);

			_exit(vm >= 0 && part_num(arg, "nr_vms") == 1 &&
			      sysfs_num(HVX_SYSFS "/nr_vms") == 1 &&
			      bind_self(arg) == EPERM ? 0 : 1);
		}
		waitpid(pid, &rc, 0);
		_exit(WIFEXITED(rc) ? WEXITSTATUS(rc) : 3);
	}
	waitpid(pid, &rc, 0);
	CHECK(WIFEXITED(rc) && !WEXITSTATUS(rc),
	      "a nested namespace's VM is not the partition's (status %#x)", rc);
	close(dev);
	return fails;
}

/*
 * A user namespace inside (an unprivileged management stack): its VMs are
 * the partition's, and it has no administrator's rights over hvx.
 */
static int userns_inside(void *arg)
{
	struct hvx_partition_create c;
	int fails = 0, dev, vm, fd, rc;

	if (unshare(CLONE_NEWUSER))
		return 2;
	/* Its root is uid 0 (the owner of /dev/hvx), without capabilities. */
	fd = open("/proc/self/uid_map", O_WRONLY);
	if (fd < 0 || write(fd, "0 0 1", 5) != 5)
		return 3;
	close(fd);
	dev = dev_open();
	CHECK(dev >= 0, "open /dev/hvx: %s", strerror(errno));
	vm = vm_create(dev);
	CHECK(vm >= 0, "HVX_CREATE_VM: %d", vm);
	CHECK(part_num(arg, "nr_vms") == 1, "the partition's nr_vms %lld",
	      part_num(arg, "nr_vms"));
	limits(&c, "userns", 1, 1, 1 << 20);
	rc = hvx_ioctl(dev, HVX_PARTITION_CREATE, &c);
	CHECK(rc == EPERM, "create from its user namespace: %s", strerror(rc));
	rc = bind_self(arg);
	CHECK(rc == EPERM, "bind from its user namespace: %s", strerror(rc));
	return fails;
}

TEST(bind_rules)
{
	ASSERT_EQ(0, part_create("pb", 1, 1, 1 << 20));
	ASSERT_EQ(0, part_create("other", 1, 1, 1 << 20));
	EXPECT_EQ(0, run_partition(NULL, bind_unknown, NULL));
	EXPECT_EQ(0, run_partition(NULL, bind_not_init, "pb"));
	EXPECT_EQ(0, run_partition(NULL, bind_as_user, "pb"));
	EXPECT_EQ(0, run_partition("pb", inside_refused, "pb"));
	EXPECT_EQ(0, run_partition("pb", userns_inside, "pb"));
	/* Its processes are gone: no force needed. */
	EXPECT_EQ(0, part_num("pb", "nr_vms"));
	EXPECT_EQ(0, part_ref(HVX_PARTITION_DESTROY, "pb", 0));
	EXPECT_EQ(0, part_ref(HVX_PARTITION_DESTROY, "other", 0));
}

/* 2 VMs, 3 vCPUs, 192 KiB: each limit hit, each count given back. */
static int limits_inside(void *arg)
{
	int dev = dev_open(), vm[3], vcpu[4], fails = 0, rc;
	double end;

	CHECK(dev >= 0, "open");
	vm[0] = vm_create(dev);
	vm[1] = vm_create(dev);
	vm[2] = vm_create(dev);
	CHECK(vm[0] >= 0 && vm[1] >= 0, "two VMs: %d %d", vm[0], vm[1]);
	CHECK(vm[2] == -EDQUOT, "a third VM: %d, not -EDQUOT", vm[2]);
	vcpu[0] = vcpu_create(vm[0], 0, 0);
	vcpu[1] = vcpu_create(vm[0], 1, 0);
	rc = vcpu_create(vm[0], 1, 0);
	CHECK(rc == -EEXIST, "vCPU 1 again: %d", rc);
	vcpu[2] = vcpu_create(vm[1], 0, 0);
	vcpu[3] = vcpu_create(vm[1], 1, 0);
	CHECK(vcpu[0] >= 0 && vcpu[1] >= 0 && vcpu[2] >= 0,
	      "three vCPUs: %d %d %d", vcpu[0], vcpu[1], vcpu[2]);
	CHECK(vcpu[3] == -EDQUOT, "a fourth vCPU: %d, not -EDQUOT", vcpu[3]);
	rc = vm_add_memory(vm[0], RAM_BASE, 64 * KIB);
	CHECK(!rc, "64 KiB: %s", strerror(rc));
	rc = vm_add_memory(vm[1], RAM_BASE, 128 * KIB);
	CHECK(!rc, "128 KiB more: %s", strerror(rc));
	rc = vm_add_memory(vm[0], RAM_BASE + 0x100000, 4 * KIB);
	CHECK(rc == ENOMEM, "4 KiB past the limit: %s", strerror(rc));
	CHECK(part_num(arg, "nr_vms") == 2, "nr_vms %lld", part_num(arg, "nr_vms"));
	CHECK(part_num(arg, "nr_vcpus") == 3, "nr_vcpus %lld", part_num(arg, "nr_vcpus"));
	CHECK(part_num(arg, "mem_kib") == 192, "mem_kib %lld", part_num(arg, "mem_kib"));

	/* VM 1 goes: its VM, vCPU and RAM are free again. */
	close(vcpu[2]);
	close(vm[1]);
	end = now_s() + FREE_TIMEOUT_S;
	while (part_num(arg, "nr_vms") != 1 && now_s() < end)
		usleep(20000);
	CHECK(part_num(arg, "nr_vms") == 1, "nr_vms %lld after a close",
	      part_num(arg, "nr_vms"));
	CHECK(part_num(arg, "nr_vcpus") == 2, "nr_vcpus %lld after a close",
	      part_num(arg, "nr_vcpus"));
	CHECK(part_num(arg, "mem_kib") == 64, "mem_kib %lld after a close",
	      part_num(arg, "mem_kib"));
	vm[1] = vm_create(dev);
	CHECK(vm[1] >= 0, "a VM again: %d", vm[1]);
	rc = vm_add_memory(vm[1], RAM_BASE, 128 * KIB);
	CHECK(!rc, "its 128 KiB again: %s", strerror(rc));
	vcpu[2] = vcpu_create(vm[1], 0, 0);
	CHECK(vcpu[2] >= 0, "its vCPU again: %d", vcpu[2]);
	return fails;
}

TEST(quota_limits)
{
	ASSERT_EQ(0, part_create("lim", 2, 3, 192 * KIB));
	EXPECT_EQ(0, run_partition("lim", limits_inside, "lim"));
	EXPECT_EQ(0, part_num("lim", "nr_vms"));
	EXPECT_EQ(0, part_num("lim", "nr_vcpus"));
	EXPECT_EQ(0, part_num("lim", "mem_kib"));
	EXPECT_EQ(0, part_ref(HVX_PARTITION_DESTROY, "lim", 0));
}

/*
 * Partition A's VM "web", with a console. The host takes A's VM and vCPU
 * fds (pidfd_getfd(), as a process passed them would have them) and B
 * inherits them.
 */
struct shared_vm {
	int go[2];		/* A and B wait on [0] until the test is done */
	int ready[2];		/* A writes a, B a byte when done */
	struct {
		uint32_t handle;	/* A's VM */
		int vm, vcpu;		/* its fds, in A */
	} a;
	int fds[2];		/* A's VM and vCPU fds, the host's copies */
	char console[32];	/* A's tty, as the host reads it */
};

static int owner_a(void *arg)
{
	struct shared_vm *s = arg;
	struct hvx_vm_console con = { 0 };
	struct hvx_vm_name n = { 0 };
	int dev = dev_open(), fds[2], fails = 0, rc;
	char dirs[2][96], c;

	fds[0] = vm_create(dev);
	fds[1] = vcpu_create(fds[0], 0, 0);
	strcpy(n.name, "web");
	rc = hvx_ioctl(fds[0], HVX_VM_SET_NAME, &n);
	CHECK(!rc, "naming its VM: %s", strerror(rc));
	rc = hvx_ioctl(fds[0], HVX_VM_CREATE_CONSOLE, &con);
	CHECK(!rc, "its console: %s", strerror(rc));
	/* Its own VM's folder, with its pid as the partition sees it (1). */
	s->a.handle = 0;
	if (vm_dirs_of(getpid(), dirs, 2) == 1)
		s->a.handle = strtoul(strrchr(dirs[0], '/') + 3, NULL, 10);
	CHECK(s->a.handle, "its VM's folder with pid %d", getpid());
	s->a.vm = fds[0];
	s->a.vcpu = fds[1];
	if (write(s->ready[1], &s->a, sizeof(s->a)) != sizeof(s->a))
		fails++;
	if (read(s->go[0], &c, 1) != 1)
		fails++;
	return fails;
}

static int prober_b(void *arg)
{
	struct shared_vm *s = arg;
	struct hvx_vm_stop st = { 0 };
	struct hvx_vm_name n = { 0 };
	struct hvx_regs regs;
	int dev = dev_open(), fails = 0, rc, vm;
	uint32_t handle = s->a.handle;
	int *fds = s->fds;
	char path[128];
	void *p;

	strcpy(st.name, "web");
	rc = hvx_ioctl(dev, HVX_VM_STOP, &st);
	CHECK(rc == ENOENT, "stop A's VM by name: %s", strerror(rc));
	memset(&st, 0, sizeof(st));
	st.handle = handle;
	rc = hvx_ioctl(dev, HVX_VM_STOP, &st);
	CHECK(rc == ENOENT, "stop A's VM by handle: %s", strerror(rc));
	snprintf(path, sizeof(path), HVX_VMS_DIR "/vm%u/name", handle);
	rc = read_errno(path);
	CHECK(rc == ENOENT, "read %s: %s", path, strerror(rc));
	snprintf(path, sizeof(path), HVX_VMS_DIR "/vm%u/state", handle);
	rc = read_errno(path);
	CHECK(rc == ENOENT, "read %s: %s", path, strerror(rc));
	rc = read_errno(PART_DIR "/pa/nr_vms");
	CHECK(rc == ENOENT, "read A's nr_vms: %s", strerror(rc));
	CHECK(sysfs_num(HVX_SYSFS "/nr_vms") == 0, "nr_vms %lld, not its own 0",
	      sysfs_num(HVX_SYSFS "/nr_vms"));
	/* A's console: its tty does not open here. */
	snprintf(path, sizeof(path), "/dev/%s", s->console);
	rc = open(path, O_RDWR | O_NOCTTY);
	CHECK(rc < 0 && errno == ENOENT, "open %s: %d %s", path, rc,
	      rc < 0 ? strerror(errno) : "opened");
	if (rc >= 0)
		close(rc);
	/* A's fds, passed: A's VM does not exist here either. */
	strcpy(n.name, "taken");
	rc = hvx_ioctl(fds[0], HVX_VM_SET_NAME, &n);
	CHECK(rc == ENOENT, "HVX_VM_SET_NAME on A's VM fd: %s", strerror(rc));
	rc = vcpu_create(fds[0], 5, 0);
	CHECK(rc == -ENOENT, "HVX_CREATE_VCPU on A's VM fd: %d", rc);
	rc = vcpu_get_regs(fds[1], &regs);
	CHECK(rc == ENOENT, "HVX_VCPU_GET_REGS on A's vCPU fd: %s", strerror(rc));
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fds[1], 0);
	CHECK(p == MAP_FAILED && errno == ENOENT, "mmap of A's vCPU fd: %s",
	      p == MAP_FAILED ? strerror(errno) : "mapped");
	/* Names are per partition: B may have its own "web". */
	vm = vm_create(dev);
	memset(&n, 0, sizeof(n));
	strcpy(n.name, "web");
	rc = hvx_ioctl(vm, HVX_VM_SET_NAME, &n);
	CHECK(!rc, "naming its own VM web: %s", strerror(rc));
	/* By name, B reaches its own web only. */
	memset(&st, 0, sizeof(st));
	strcpy(st.name, "web");
	rc = hvx_ioctl(dev, HVX_VM_STOP, &st);
	CHECK(!rc, "stopping its own web: %s", strerror(rc));
	if (write(s->ready[1], "b", 1) != 1)
		fails++;
	if (read(s->go[0], &rc, 1) != 1)
		fails++;
	return fails;
}

TEST(isolation)
{
	struct shared_vm s;
	struct part_proc a, b;
	struct hvx_vm_stop st = { 0 };
	uint32_t handle;
	char path[128], name[32], byte;
	int dev = dev_open(), pidfd, rc;
	struct hvx_vm_name n = { 0 };

	ASSERT_LE(0, dev);
	ASSERT_EQ(0, pipe(s.go));
	ASSERT_EQ(0, pipe(s.ready));
	ASSERT_EQ(0, part_create("pa", 2, 2, 1 << 20));
	ASSERT_EQ(0, part_create("pbb", 2, 2, 1 << 20));
	start_partition(&a, "pa", owner_a, &s);
	ASSERT_EQ(sizeof(s.a), read(s.ready[0], &s.a, sizeof(s.a)));
	handle = s.a.handle;
	ASSERT_NE(0, handle);
	pidfd = syscall(SYS_pidfd_open, a.init, 0);
	ASSERT_LE(0, pidfd);
	s.fds[0] = syscall(SYS_pidfd_getfd, pidfd, s.a.vm, 0);
	s.fds[1] = syscall(SYS_pidfd_getfd, pidfd, s.a.vcpu, 0);
	ASSERT_LE(0, s.fds[0]);
	ASSERT_LE(0, s.fds[1]);
	close(pidfd);
	snprintf(path, sizeof(path), HVX_VMS_DIR "/vm%u", handle);
	vm_text(path, "console", s.console, sizeof(s.console));
	ASSERT_NE(0, s.console[0]);
	start_partition(&b, "pbb", prober_b, &s);
	ASSERT_EQ(1, read(s.ready[0], &byte, 1));

	/* The host sees A's VM, and B's: both named web. */
	snprintf(path, sizeof(path), HVX_VMS_DIR "/vm%u", handle);
	EXPECT_STREQ("web", vm_text(path, "name", name, sizeof(name)));
	EXPECT_STREQ("pa", vm_text(path, "partition", name, sizeof(name)));
	EXPECT_EQ(1, part_num("pa", "nr_vms"));
	EXPECT_EQ(1, part_num("pbb", "nr_vms"));
	strcpy(st.name, "web");
	EXPECT_EQ(ENOTUNIQ, hvx_ioctl(dev, HVX_VM_STOP, &st));
	/* The host, with A's fd, sees the VM (not its process: EIO). */
	strcpy(n.name, "other");
	EXPECT_EQ(EIO, hvx_ioctl(s.fds[0], HVX_VM_SET_NAME, &n));
	snprintf(path, sizeof(path), "/dev/%s", s.console);
	rc = open(path, O_RDWR | O_NOCTTY);
	EXPECT_LE(0, rc) {
		TH_LOG("open %s from the host: %s", path, strerror(errno));
	}
	if (rc >= 0)
		close(rc);
	memset(&st, 0, sizeof(st));
	st.handle = handle;
	EXPECT_EQ(0, hvx_ioctl(dev, HVX_VM_STOP, &st));
	snprintf(path, sizeof(path), HVX_VMS_DIR "/vm%u", handle);
	vm_text(path, "state", name, sizeof(name));
	EXPECT_STREQ("stopped", name) {
		TH_LOG("A's VM state after the host's stop: %s", name);
	}
	close(s.fds[0]);
	close(s.fds[1]);
	ASSERT_EQ(2, write(s.go[1], "gg", 2));
	EXPECT_EQ(0, wait_partition(&a));
	EXPECT_EQ(0, wait_partition(&b));
	EXPECT_EQ(0, part_destroy_wait("pa"));
	EXPECT_EQ(0, part_destroy_wait("pbb"));
	close(dev);
}

/* A VM with guest RAM and a vCPU, then waits to be killed. */
static int hold_vm(void *arg)
{
	int dev = dev_open(), vm, vcpu, *ready = arg;
	char c = 1;

	vm = vm_create(dev);
	vcpu = vcpu_create(vm, 0, 0);
	if (vm < 0 || vcpu < 0 || vm_add_memory(vm, RAM_BASE, 256 * KIB))
		return 1;
	if (write(ready[1], &c, 1) != 1)
		return 1;
	for (;;)
		pause();
}

TEST(force_destroy)
{
	struct own_counts before, now;
	struct part_proc pp;
	int ready[2], rc;
	char c;

	own_counts_read(&before);
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, part_create("pf", 1, 1, 1 << 20));
	start_partition(&pp, "pf", hold_vm, ready);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	EXPECT_EQ(1, part_num("pf", "nr_vms"));
	EXPECT_EQ(256, part_num("pf", "mem_kib"));
	/* Its VM and its process keep it. */
	EXPECT_EQ(EBUSY, part_ref(HVX_PARTITION_DESTROY, "pf", 0));
	EXPECT_EQ(1, part_num("pf", "nr_vms"));
	rc = part_destroy_wait("pf");
	EXPECT_EQ(0, rc);
	/* Killed: its init, and with it the VM's process. */
	EXPECT_EQ(128 + SIGKILL, wait_partition(&pp));
	EXPECT_EQ(-ENOENT, part_num("pf", "nr_vms"));
	EXPECT_TRUE(own_counts_wait(&before, &now, FREE_TIMEOUT_S)) {
		log_counts(_metadata, "before", &before);
		log_counts(_metadata, "now", &now);
	}
}

/* The host, meanwhile, keeps its global names and its VMs. */
TEST(host_unaffected)
{
	struct vmctx c;
	struct hvx_vm_name n = { 0 };
	struct part_proc pp;
	char ch, dirs[2][96], text[40];
	int ready[2];

	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, part_create("ph", 1, 1, 1 << 20));
	start_partition(&pp, "ph", hold_vm, ready);
	ASSERT_EQ(1, read(ready[0], &ch, 1));
	ctx_open(_metadata, &c);
	ctx_vcpu(_metadata, &c, 0);
	ctx_vcpu(_metadata, &c, 1);
	strcpy(n.name, "hostvm");
	EXPECT_EQ(0, hvx_ioctl(c.vm, HVX_VM_SET_NAME, &n));
	EXPECT_EQ(0, vm_add_memory(c.vm, RAM_BASE, 2 << 20));
	EXPECT_EQ(2, sysfs_num(HVX_SYSFS "/nr_vms") - (int64_t)start_counts.vms);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	EXPECT_STREQ("hostvm", vm_text(dirs[0], "name", text, sizeof(text)));
	EXPECT_STREQ("", vm_text(dirs[0], "partition", text, sizeof(text)));
	EXPECT_EQ(1, part_num("ph", "nr_vms"));
	EXPECT_EQ(0, part_destroy_wait("ph"));
	EXPECT_EQ(128 + SIGKILL, wait_partition(&pp));
	ctx_close(&c);
}

#include "lib/hvx_vm_test_end.h"
