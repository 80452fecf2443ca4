// SPDX-License-Identifier: GPL-2.0
/*
 * fake-hvx.so: an LD_PRELOAD shim that gives hvxctl a fake /dev/hvx on the
 * host, for the host-side tests (test.sh). open("/dev/hvx") returns a
 * descriptor of /dev/null that ioctl() then answers for:
 *
 *   HVX_GET_VERSION	hvx 0.1.0, API 1, hyp 0.1; with FAKE_HVX_VM=1,
 *			API 6 with HVX_FEATURE_VM, HVX_FEATURE_VGIC,
 *			HVX_FEATURE_CONSOLE and HVX_FEATURE_CLOCK, less
 *			HVX_FEATURE_VGIC if also FAKE_HVX_NO_VGIC=1, API 4
 *			without HVX_FEATURE_CLOCK if FAKE_HVX_NO_CLOCK=1,
 *			and API 3 without HVX_FEATURE_CONSOLE (or
 *			HVX_FEATURE_CLOCK) if FAKE_HVX_NO_CONSOLE=1
 *   HVX_GET_STATUS	4 possible CPUs: 0 hyp, 1 stub, 2 offline, 3 hyp
 *   HVX_CREATE_VM and the VM and vCPU ioctls: fake-vm.c
 *
 * following the module's rules (flags and reserved fields, -E2BIG).
 * FAKE_HVX_OPEN_ERRNO=N makes the open fail with errno N instead;
 * FAKE_HVX_IOCTL_ERRNO=N makes every ioctl fail with errno N.
 * FAKE_HVX_LOG=FILE: the calls made, a line each (fake_log()).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/hvx.h>

#include "fake-hvx.h"

#define FAKE_CPUS	4
#define FAKE_MAX_FDS	1024

static struct {
	enum fake_kind kind;
	unsigned int index;
} fds[FAKE_MAX_FDS];
static pthread_mutex_t fds_lock = PTHREAD_MUTEX_INITIALIZER;

static int (*real_open)(const char *path, int flags, ...);
static int (*real_ioctl)(int fd, unsigned long req, ...);
static int (*real_close)(int fd);

int fake_env_int(const char *name)
{
	const char *s = getenv(name);

	return s ? atoi(s) : 0;
}

bool fake_nonzero(const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len--)
		if (*b++)
			return true;
	return false;
}

void fake_log(const char *fmt, ...)
{
	const char *path = getenv("FAKE_HVX_LOG");
	char line[512];
	va_list ap;
	int fd, n;

	if (!path)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* One write() with O_APPEND: lines from vCPU threads do not mix. */
	fd = fake_real_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, line, n) != n)
		fputs("fake-hvx: cannot write the log\n", stderr);
	fake_real_close(fd);
}

int fake_real_open(const char *path, int flags)
{
	if (!real_open)
		real_open = dlsym(RTLD_NEXT, "open");
	return real_open(path, flags, 0644);
}

int fake_real_close(int fd)
{
	if (!real_close)
		real_close = dlsym(RTLD_NEXT, "close");
	return real_close(fd);
}

void fake_set_fd(int fd, enum fake_kind kind, unsigned int index)
{
	if (fd < 0 || fd >= FAKE_MAX_FDS)
		return;
	pthread_mutex_lock(&fds_lock);
	fds[fd].kind = kind;
	fds[fd].index = index;
	pthread_mutex_unlock(&fds_lock);
}

static enum fake_kind fd_kind(int fd, unsigned int *index)
{
	enum fake_kind kind = FAKE_NONE;

	if (fd < 0 || fd >= FAKE_MAX_FDS)
		return FAKE_NONE;
	pthread_mutex_lock(&fds_lock);
	kind = fds[fd].kind;
	*index = fds[fd].index;
	pthread_mutex_unlock(&fds_lock);
	return kind;
}

static int fake_open(const char *path, int flags, mode_t mode)
{
	int err, fd;

	if (!real_open)
		real_open = dlsym(RTLD_NEXT, "open");
	if (strcmp(path, "/dev/hvx"))
		return real_open(path, flags, mode);
	err = fake_env_int("FAKE_HVX_OPEN_ERRNO");
	if (err) {
		errno = err;
		return -1;
	}
	fd = real_open("/dev/null", O_RDWR);
	fake_set_fd(fd, FAKE_DEV, 0);
	return fd;
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	va_start(ap, flags);
	if (flags & O_CREAT)
		mode = va_arg(ap, mode_t);
	va_end(ap);
	return fake_open(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	va_start(ap, flags);
	if (flags & O_CREAT)
		mode = va_arg(ap, mode_t);
	va_end(ap);
	return fake_open(path, flags, mode);
}

int close(int fd)
{
	unsigned int index;
	enum fake_kind kind = fd_kind(fd, &index);

	if (kind != FAKE_NONE) {
		fake_set_fd(fd, FAKE_NONE, 0);
		fake_vm_close(kind, index);
	}
	return fake_real_close(fd);
}

static int get_status(struct hvx_status *st)
{
	static const unsigned int states[FAKE_CPUS] = {
		HVX_CPU_HYP, HVX_CPU_STUB, HVX_CPU_OFFLINE, HVX_CPU_HYP,
	};
	struct hvx_cpu_status *cpus;
	unsigned int i;

	if (st->flags || fake_nonzero(st->reserved, sizeof(st->reserved)))
		return -EINVAL;
	if (st->nr_cpus < FAKE_CPUS) {
		st->nr_cpus = FAKE_CPUS;
		return -E2BIG;
	}
	cpus = (struct hvx_cpu_status *)(unsigned long)st->cpus;
	if (!cpus)
		return -EFAULT;
	for (i = 0; i < FAKE_CPUS; i++) {
		memset(&cpus[i], 0, sizeof(cpus[i]));
		cpus[i].cpu = i;
		cpus[i].state = states[i];
		cpus[i].mpidr = i == 3 ? 0x100 : i;
		if (states[i] != HVX_CPU_HYP)
			continue;
		cpus[i].current_el = 8;
		cpus[i].vbar_el2 = 0x40f7e000;
		cpus[i].hcr_el2 = 0x30080000000ULL;
		cpus[i].sctlr_el2 = 0x30cd183d;
	}
	st->nr_cpus = FAKE_CPUS;
	st->nr_online = 3;
	st->nr_hyp = 2;
	return 0;
}

static int get_version(struct hvx_version *v)
{
	if (v->flags || fake_nonzero(v->reserved, sizeof(v->reserved)))
		return -EINVAL;
	v->api_version = 1;
	v->major = 0;
	v->minor = 1;
	v->patch = 0;
	v->hyp_version = 1;
	if (fake_env_int("FAKE_HVX_VM")) {
		v->api_version = 6;
		v->features = HVX_FEATURE_VM | HVX_FEATURE_VGIC |
			      HVX_FEATURE_CONSOLE | HVX_FEATURE_CLOCK;
		if (fake_env_int("FAKE_HVX_NO_VGIC"))
			v->features &= ~HVX_FEATURE_VGIC;
		if (fake_env_int("FAKE_HVX_NO_CLOCK")) {
			v->api_version = 4;
			v->features &= ~HVX_FEATURE_CLOCK;
		}
		if (fake_env_int("FAKE_HVX_NO_CONSOLE")) {
			v->api_version = 3;
			v->features &= ~(HVX_FEATURE_CONSOLE |
					 HVX_FEATURE_CLOCK);
		}
	}
	return 0;
}

static long dev_ioctl(unsigned long req, void *arg)
{
	switch (req) {
	case HVX_GET_VERSION:
		return get_version(arg);
	case HVX_GET_STATUS:
		return get_status(arg);
	case HVX_CREATE_VM:
		return fake_create_vm(arg);
	case HVX_GET_VCPU_MMAP_SIZE:
		return fake_env_int("FAKE_HVX_VM") ? 4096 : -ENOTTY;
	default:
		return -ENOTTY;
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	unsigned int index;
	enum fake_kind kind;
	void *arg;
	va_list ap;
	long ret;
	int err;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real_ioctl)
		real_ioctl = dlsym(RTLD_NEXT, "ioctl");
	kind = fd_kind(fd, &index);
	if (kind == FAKE_NONE)
		return real_ioctl(fd, req, arg);

	err = fake_env_int("FAKE_HVX_IOCTL_ERRNO");
	if (err) {
		errno = err;
		return -1;
	}
	switch (kind) {
	case FAKE_DEV:
		ret = dev_ioctl(req, arg);
		break;
	case FAKE_VM:
		ret = fake_vm_ioctl(req, arg);
		break;
	default:
		ret = fake_vcpu_ioctl(index, req, arg);
		break;
	}
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}
