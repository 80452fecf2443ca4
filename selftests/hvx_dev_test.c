// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hvx ABI tests: HVX_GET_VERSION and HVX_GET_STATUS, the ioctl rules
 * of uapi/linux/hvx.h (flags and reserved fields must be zero, -E2BIG with
 * the needed count, -EFAULT, -ENOTTY), the device node's permissions, and
 * agreement between the ioctls and /sys/kernel/hvx.
 *
 * Expects hvx to be loaded and every online CPU to be under hvx: run as
 * root in the test VM (tools/hvx-vm loads hvx.ko before the tests).
 */
#define _GNU_SOURCE
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <linux/hvx.h>

#include "kselftest_harness.h"
#include "lib/util.h"

#define HVX_DEV		"/dev/hvx"
#define HVX_SYSFS	"/sys/kernel/hvx"
#define MISC_MAJOR	10
#define MAX_CPUS	512

#define CURRENT_EL_EL2	(2ULL << 2)
#define HCR_EL2_RW	(1ULL << 31)
#define HCR_EL2_SWIO	(1ULL << 1)
#define SCTLR_EL2_M	(1ULL << 0)

/* The ABI's layout is fixed: a change here breaks every binary built before. */
static_assert(sizeof(struct hvx_version) == 64, "hvx_version size");
static_assert(offsetof(struct hvx_version, hyp_version) == 16, "hyp_version");
static_assert(offsetof(struct hvx_version, features) == 24, "features");
static_assert(offsetof(struct hvx_version, reserved) == 32, "version reserved");
static_assert(sizeof(struct hvx_cpu_status) == 64, "hvx_cpu_status size");
static_assert(offsetof(struct hvx_cpu_status, sctlr_el2) == 40, "sctlr_el2");
static_assert(sizeof(struct hvx_status) == 56, "hvx_status size");
static_assert(offsetof(struct hvx_status, cpus) == 8, "cpus");
static_assert(offsetof(struct hvx_status, nr_online) == 16, "nr_online");
static_assert(offsetof(struct hvx_status, reserved) == 24, "status reserved");

/* ioctl() returning 0 or the errno, so ASSERT_EQ(EINVAL, ...) reads well. */
static int hvx_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

/*
 * Parse a kernel CPU list file ("0-3,6\n") into mask[MAX_CPUS].
 * Returns the highest CPU + 1, or -1.
 */
static int read_cpulist(const char *path, bool *mask)
{
	char buf[4096], *p, *end;
	int fd, n, top = -1;
	long a, b;

	memset(mask, 0, MAX_CPUS * sizeof(*mask));
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	for (p = buf; *p && *p != '\n'; p = end) {
		a = strtol(p, &end, 10);
		if (end == p)
			return -1;
		b = a;
		if (*end == '-') {
			p = end + 1;
			b = strtol(p, &end, 10);
			if (end == p)
				return -1;
		}
		if (a < 0 || b < a || b >= MAX_CPUS)
			return -1;
		for (; a <= b; a++)
			mask[a] = true;
		if (b + 1 > top)
			top = b + 1;
		if (*end == ',')
			end++;
	}
	return top;
}

/* Read a whole (small) sysfs file into buf; returns its length or -1. */
static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/*
 * Read a sysfs register file: "0x<hex>\n" exactly. Returns 0 and the value,
 * or -1 if the file is missing or not in that format.
 */
static int read_sysfs_hex(const char *path, unsigned long long *val)
{
	char buf[64], *end;
	int n = read_file(path, buf, sizeof(buf));

	if (n < 4 || strncmp(buf, "0x", 2) || buf[n - 1] != '\n')
		return -1;
	*val = strtoull(buf + 2, &end, 16);
	if (end != buf + n - 1 || end == buf + 2)
		return -1;
	return 0;
}

static bool all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

FIXTURE(hvx) {
	int fd;
	int nr_possible;
	int nr_online;
	bool possible[MAX_CPUS];
	bool online[MAX_CPUS];
	struct hvx_cpu_status *cpus;	/* nr_possible + 4 entries */
};

FIXTURE_SETUP(hvx)
{
	int i;

	self->fd = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd) {
		TH_LOG("open %s: %s (is hvx loaded?)", HVX_DEV, strerror(errno));
	}
	self->nr_possible = read_cpulist("/sys/devices/system/cpu/possible",
					 self->possible);
	ASSERT_LT(0, self->nr_possible);
	ASSERT_LE(0, read_cpulist("/sys/devices/system/cpu/online", self->online));
	for (i = 0; i < self->nr_possible; i++) {
		/* hvx reports CPUs 0..n-1: the possible mask must be dense */
		ASSERT_TRUE(self->possible[i]);
		self->nr_online += self->online[i];
	}
	self->cpus = calloc(self->nr_possible + 4, sizeof(*self->cpus));
	ASSERT_NE(NULL, self->cpus);
}

FIXTURE_TEARDOWN(hvx)
{
	free(self->cpus);
	if (self->fd >= 0)
		close(self->fd);
}

static int get_status(int fd, struct hvx_status *st, struct hvx_cpu_status *cpus,
		      unsigned int n)
{
	memset(st, 0, sizeof(*st));
	st->nr_cpus = n;
	st->cpus = (__u64)(unsigned long)cpus;
	return hvx_ioctl(fd, HVX_GET_STATUS, st);
}

TEST_F(hvx, version)
{
	struct hvx_version v;

	memset(&v, 0, sizeof(v));
	ASSERT_EQ(0, hvx_ioctl(self->fd, HVX_GET_VERSION, &v));
	EXPECT_EQ(HVX_API_VERSION, v.api_version);
	EXPECT_TRUE(v.major || v.minor || v.patch);
	EXPECT_TRUE(all_zero(v.reserved, sizeof(v.reserved)));
	TH_LOG("hvx %u.%u.%u api %u hyp %u.%u features 0x%llx", v.major, v.minor,
	       v.patch, v.api_version, v.hyp_version >> 16, v.hyp_version & 0xffff,
	       (unsigned long long)v.features);
}

TEST_F(hvx, version_flags)
{
	struct hvx_version v;
	int bit;

	for (bit = 0; bit < 32; bit++) {
		memset(&v, 0, sizeof(v));
		v.flags = 1U << bit;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->fd, HVX_GET_VERSION, &v)) {
			TH_LOG("flags 0x%x accepted", 1U << bit);
		}
	}
}

TEST_F(hvx, version_reserved)
{
	struct hvx_version v;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(v.reserved); i++) {
		memset(&v, 0, sizeof(v));
		v.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->fd, HVX_GET_VERSION, &v)) {
			TH_LOG("reserved[%u] = 1 accepted", i);
		}
		v.reserved[i] = 1ULL << 63;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->fd, HVX_GET_VERSION, &v)) {
			TH_LOG("reserved[%u] = 1 << 63 accepted", i);
		}
	}
}

TEST_F(hvx, version_efault)
{
	long page = sysconf(_SC_PAGESIZE);
	struct hvx_version *v;
	char *map;

	EXPECT_EQ(EFAULT, hvx_ioctl(self->fd, HVX_GET_VERSION, NULL));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->fd, HVX_GET_VERSION, (void *)8));
	/* a kernel address must not be accepted as a user pointer */
	EXPECT_EQ(EFAULT, hvx_ioctl(self->fd, HVX_GET_VERSION,
				    (void *)0xffff800008000000UL));

	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);

	/* readable but not writable: the copy back must fail */
	v = (struct hvx_version *)map;
	memset(v, 0, sizeof(*v));
	ASSERT_EQ(0, mprotect(map, page, PROT_READ));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->fd, HVX_GET_VERSION, v));

	/* straddling into an inaccessible page */
	ASSERT_EQ(0, mprotect(map, 2 * page, PROT_READ | PROT_WRITE));
	ASSERT_EQ(0, mprotect(map + page, page, PROT_NONE));
	v = (struct hvx_version *)(map + page - sizeof(*v) / 2);
	memset(v, 0, sizeof(*v) / 2);
	EXPECT_EQ(EFAULT, hvx_ioctl(self->fd, HVX_GET_VERSION, v));

	munmap(map, 2 * page);
}

TEST_F(hvx, status)
{
	struct hvx_status st;
	int i, j, nr_hyp = 0;

	memset(self->cpus, 0xa5, self->nr_possible * sizeof(*self->cpus));
	ASSERT_EQ(0, get_status(self->fd, &st, self->cpus, self->nr_possible));
	ASSERT_EQ(self->nr_possible, (int)st.nr_cpus);
	EXPECT_EQ(self->nr_online, (int)st.nr_online);
	EXPECT_TRUE(all_zero(st.reserved, sizeof(st.reserved)));
	EXPECT_EQ(0, st.flags);

	for (i = 0; i < self->nr_possible; i++) {
		struct hvx_cpu_status *c = &self->cpus[i];

		TH_LOG("cpu%d state %u mpidr 0x%llx el 0x%llx vbar 0x%llx hcr 0x%llx sctlr 0x%llx",
		       i, c->state, (unsigned long long)c->mpidr,
		       (unsigned long long)c->current_el,
		       (unsigned long long)c->vbar_el2,
		       (unsigned long long)c->hcr_el2,
		       (unsigned long long)c->sctlr_el2);
		EXPECT_EQ(i, (int)c->cpu);
		EXPECT_TRUE(all_zero(c->reserved, sizeof(c->reserved)));
		if (!self->online[i]) {
			EXPECT_EQ(HVX_CPU_OFFLINE, c->state);
		} else {
			EXPECT_EQ(HVX_CPU_HYP, c->state) {
				TH_LOG("cpu%d is online but not under hvx", i);
			}
		}
		if (c->state != HVX_CPU_HYP) {
			/* "zero unless state == HVX_CPU_HYP" */
			EXPECT_EQ(0, c->current_el);
			EXPECT_EQ(0, c->vbar_el2);
			EXPECT_EQ(0, c->hcr_el2);
			EXPECT_EQ(0, c->sctlr_el2);
			continue;
		}
		nr_hyp++;
		EXPECT_EQ(CURRENT_EL_EL2, c->current_el);
		EXPECT_NE(0, c->vbar_el2);
		/* VBAR_EL2 bits [10:0] are RES0: the table is 2KB aligned */
		EXPECT_EQ(0, c->vbar_el2 & 0x7ff);
		EXPECT_EQ(HCR_EL2_RW, c->hcr_el2 & HCR_EL2_RW);
		/* the host's set/way invalidations must clean too */
		EXPECT_EQ(HCR_EL2_SWIO, c->hcr_el2 & HCR_EL2_SWIO);
		EXPECT_EQ(SCTLR_EL2_M, c->sctlr_el2 & SCTLR_EL2_M);
		for (j = 0; j < i; j++) {
			if (self->cpus[j].state != HVX_CPU_HYP)
				continue;
			EXPECT_NE(self->cpus[j].mpidr, c->mpidr) {
				TH_LOG("cpu%d and cpu%d share MPIDR 0x%llx", j, i,
				       (unsigned long long)c->mpidr);
			}
		}
	}
	EXPECT_EQ(nr_hyp, (int)st.nr_hyp);
	EXPECT_EQ(self->nr_online, (int)st.nr_hyp);
}

TEST_F(hvx, status_e2big)
{
	size_t size = sizeof(*self->cpus);
	unsigned char canary[sizeof(*self->cpus)];
	struct hvx_status st;
	int n = self->nr_possible;

	/* no room at all: the count comes back, the pointer is not touched */
	ASSERT_EQ(E2BIG, get_status(self->fd, &st, NULL, 0));
	EXPECT_EQ(n, (int)st.nr_cpus);

	/* one entry short: nothing is written past the n - 1 entries */
	memset(canary, 0x5a, sizeof(canary));
	memset(self->cpus, 0x5a, (n + 1) * size);
	ASSERT_EQ(E2BIG, get_status(self->fd, &st, self->cpus, n - 1));
	EXPECT_EQ(n, (int)st.nr_cpus);
	EXPECT_EQ(0, memcmp(&self->cpus[n - 1], canary, size)) {
		TH_LOG("entry %d written with nr_cpus = %d", n - 1, n - 1);
	}
}

TEST_F(hvx, status_big_buffer)
{
	struct hvx_status st;

	ASSERT_EQ(0, get_status(self->fd, &st, self->cpus, self->nr_possible + 4));
	EXPECT_EQ(self->nr_possible, (int)st.nr_cpus);
	EXPECT_EQ(self->nr_online, (int)st.nr_hyp);
}

TEST_F(hvx, status_flags)
{
	struct hvx_status st;
	int bit;

	for (bit = 0; bit < 32; bit++) {
		memset(&st, 0, sizeof(st));
		st.flags = 1U << bit;
		st.nr_cpus = self->nr_possible;
		st.cpus = (__u64)(unsigned long)self->cpus;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->fd, HVX_GET_STATUS, &st)) {
			TH_LOG("flags 0x%x accepted", 1U << bit);
		}
	}
}

TEST_F(hvx, status_reserved)
{
	struct hvx_status st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(st.reserved); i++) {
		memset(&st, 0, sizeof(st));
		st.nr_cpus = self->nr_possible;
		st.cpus = (__u64)(unsigned long)self->cpus;
		st.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->fd, HVX_GET_STATUS, &st)) {
			TH_LOG("reserved[%u] = 1 accepted", i);
		}
	}
}

TEST_F(hvx, status_efault)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t size = self->nr_possible * sizeof(*self->cpus);
	struct hvx_status st, *stp;
	char *map;

	EXPECT_EQ(EFAULT, hvx_ioctl(self->fd, HVX_GET_STATUS, NULL));
	EXPECT_EQ(EFAULT, get_status(self->fd, &st, NULL, self->nr_possible));
	EXPECT_EQ(EFAULT, get_status(self->fd, &st, (void *)8, self->nr_possible));
	EXPECT_EQ(EFAULT, get_status(self->fd, &st,
				     (void *)0xffff800008000000UL,
				     self->nr_possible));

	map = mmap(NULL, size + 2 * page, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	/* a read-only CPU array */
	EXPECT_EQ(EFAULT, get_status(self->fd, &st, (void *)map, self->nr_possible));
	/* an inaccessible one */
	ASSERT_EQ(0, mprotect(map, size + 2 * page, PROT_NONE));
	EXPECT_EQ(EFAULT, get_status(self->fd, &st, (void *)map, self->nr_possible));

	/* the struct itself read-only: the results cannot be copied back */
	ASSERT_EQ(0, mprotect(map, page, PROT_READ | PROT_WRITE));
	stp = (struct hvx_status *)map;
	memset(stp, 0, sizeof(*stp));
	stp->nr_cpus = self->nr_possible;
	stp->cpus = (__u64)(unsigned long)self->cpus;
	ASSERT_EQ(0, mprotect(map, page, PROT_READ));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->fd, HVX_GET_STATUS, stp));

	munmap(map, size + 2 * page);
}

/* Same results over many calls: nothing is left half-initialised. */
TEST_F(hvx, status_repeat)
{
	struct hvx_cpu_status *first;
	struct hvx_status st;
	int i, j, n = self->nr_possible;

	first = calloc(n, sizeof(*first));
	ASSERT_NE(NULL, first);
	ASSERT_EQ(0, get_status(self->fd, &st, first, n));
	for (i = 0; i < 500; i++) {
		ASSERT_EQ(0, get_status(self->fd, &st, self->cpus, n));
		ASSERT_EQ(n, (int)st.nr_cpus);
		for (j = 0; j < n; j++) {
			ASSERT_EQ(first[j].state, self->cpus[j].state);
			ASSERT_EQ(first[j].mpidr, self->cpus[j].mpidr);
			ASSERT_EQ(first[j].current_el, self->cpus[j].current_el);
			ASSERT_EQ(first[j].vbar_el2, self->cpus[j].vbar_el2);
		}
	}
	free(first);
}

TEST_F(hvx, unknown_ioctl)
{
	struct hvx_version v;
	unsigned long cmds[] = {
		_IOWR(HVX_IOCTL_TYPE, 0xff, struct hvx_version),
		_IO(HVX_IOCTL_TYPE, 0xff),
		_IOWR(HVX_IOCTL_TYPE + 1, 0x00, struct hvx_version),
		_IOWR(0, 0x00, struct hvx_version),
		TCGETS,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		memset(&v, 0, sizeof(v));
		EXPECT_EQ(ENOTTY, hvx_ioctl(self->fd, cmds[i], &v)) {
			TH_LOG("ioctl 0x%lx", cmds[i]);
		}
	}
}

/* The right type and number with the wrong size or direction is unknown too. */
TEST_F(hvx, wrong_size_ioctl)
{
	union {
		struct hvx_version v;
		struct hvx_status st;
		char big[256];
	} arg;
	const unsigned int rw = _IOC_READ | _IOC_WRITE;
	const unsigned int vs = sizeof(struct hvx_version);
	const unsigned int ss = sizeof(struct hvx_status);
	unsigned long cmds[] = {
		ioc_resized(rw, HVX_GET_VERSION, vs - 8),
		ioc_resized(rw, HVX_GET_VERSION, vs + 8),
		ioc_resized(rw, HVX_GET_VERSION, 0),
		ioc_resized(_IOC_READ, HVX_GET_VERSION, vs),
		ioc_resized(_IOC_WRITE, HVX_GET_VERSION, vs),
		ioc_resized(_IOC_NONE, HVX_GET_VERSION, 0),
		ioc_resized(rw, HVX_GET_STATUS, ss - 8),
		ioc_resized(rw, HVX_GET_STATUS, ss + 8),
		ioc_resized(_IOC_READ, HVX_GET_STATUS, ss),
		ioc_resized(_IOC_WRITE, HVX_GET_STATUS, ss),
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		/* a valid-looking argument, so only the number is wrong */
		memset(&arg, 0, sizeof(arg));
		arg.st.nr_cpus = self->nr_possible;
		arg.st.cpus = (__u64)(unsigned long)self->cpus;
		EXPECT_EQ(ENOTTY, hvx_ioctl(self->fd, cmds[i], &arg)) {
			TH_LOG("ioctl 0x%lx (dir %u size %u nr %u)", cmds[i],
			       _IOC_DIR(cmds[i]), _IOC_SIZE(cmds[i]),
			       _IOC_NR(cmds[i]));
		}
	}
}

TEST(device_node)
{
	char buf[64];
	struct stat sb;
	unsigned int maj, min;
	int n;

	ASSERT_EQ(0, stat(HVX_DEV, &sb));
	EXPECT_TRUE(S_ISCHR(sb.st_mode));
	EXPECT_EQ(0600, sb.st_mode & 07777) {
		TH_LOG("mode %o", sb.st_mode & 07777);
	}
	EXPECT_EQ(0, sb.st_uid);
	EXPECT_EQ(MISC_MAJOR, (int)major(sb.st_rdev));
	/* the node is the misc device the module registered */
	ASSERT_LT(0, read_file("/sys/class/misc/hvx/dev", buf, sizeof(buf)));
	n = sscanf(buf, "%u:%u", &maj, &min);
	ASSERT_EQ(2, n);
	EXPECT_EQ(major(sb.st_rdev), maj);
	EXPECT_EQ(minor(sb.st_rdev), min);
}

/* Only root may open /dev/hvx, */
TEST(nonroot_open)
{
	int status;
	pid_t pid;

	if (geteuid() != 0)
		SKIP(return, "needs root to drop to an unprivileged user");

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd;

		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(3);
		fd = open(HVX_DEV, O_RDWR);
		if (fd >= 0)
			_exit(1);
		_exit(errno == EACCES ? 0 : 2);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) {
		TH_LOG("%s", WEXITSTATUS(status) == 1 ? "uid 65534 opened /dev/hvx" :
			     WEXITSTATUS(status) == 2 ? "open failed, but not with EACCES" :
			     "could not drop privileges");
	}
}

/* /sys/kernel/hvx says what the ioctls say. */
TEST_F(hvx, sysfs)
{
	char path[128], buf[64], want[64];
	struct hvx_version v;
	struct hvx_status st;
	struct dirent *de;
	int i, nr_dirs = 0;
	DIR *d;

	memset(&v, 0, sizeof(v));
	ASSERT_EQ(0, hvx_ioctl(self->fd, HVX_GET_VERSION, &v));
	ASSERT_EQ(0, get_status(self->fd, &st, self->cpus, self->nr_possible));

	ASSERT_LT(0, read_file(HVX_SYSFS "/version", buf, sizeof(buf)));
	snprintf(want, sizeof(want), "%u.%u.%u\n", v.major, v.minor, v.patch);
	EXPECT_STREQ(want, buf);
	ASSERT_LT(0, read_file(HVX_SYSFS "/api_version", buf, sizeof(buf)));
	snprintf(want, sizeof(want), "%u\n", v.api_version);
	EXPECT_STREQ(want, buf);
	ASSERT_LT(0, read_file(HVX_SYSFS "/nr_hyp_cpus", buf, sizeof(buf)));
	snprintf(want, sizeof(want), "%u\n", st.nr_hyp);
	EXPECT_STREQ(want, buf);

	for (i = 0; i < self->nr_possible; i++) {
		static const char * const names[] = {
			[HVX_CPU_OFFLINE] = "offline",
			[HVX_CPU_HYP] = "hyp",
			[HVX_CPU_STUB] = "stub",
		};
		struct hvx_cpu_status *c = &self->cpus[i];
		struct {
			const char *file;
			unsigned long long val;
		} regs[] = {
			{ "current_el", c->current_el },
			{ "vbar_el2", c->vbar_el2 },
			{ "hcr_el2", c->hcr_el2 },
			{ "sctlr_el2", c->sctlr_el2 },
		};
		unsigned long long val;
		unsigned int r;

		snprintf(path, sizeof(path), HVX_SYSFS "/cpus/cpu%d/state", i);
		ASSERT_LT(0, read_file(path, buf, sizeof(buf))) {
			TH_LOG("%s: %s", path, strerror(errno));
		}
		ASSERT_GT(ARRAY_SIZE(names), c->state);
		snprintf(want, sizeof(want), "%s\n", names[c->state]);
		EXPECT_STREQ(want, buf) {
			TH_LOG("%s", path);
		}
		for (r = 0; r < ARRAY_SIZE(regs); r++) {
			snprintf(path, sizeof(path), HVX_SYSFS "/cpus/cpu%d/%s",
				 i, regs[r].file);
			if (read_sysfs_hex(path, &val)) {
				TH_LOG("%s: missing, or not \"0x<hex>\\n\"", path);
				_metadata->passed = 0;
				continue;
			}
			EXPECT_EQ(regs[r].val, val) {
				TH_LOG("%s", path);
			}
		}
	}

	/* one directory per possible CPU, no more */
	d = opendir(HVX_SYSFS "/cpus");
	ASSERT_NE(NULL, d);
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "cpu", 3))
			nr_dirs++;
	closedir(d);
	EXPECT_EQ(self->nr_possible, nr_dirs);
}

TEST_HARNESS_MAIN
