// SPDX-License-Identifier: GPL-2.0
/*
 * fake-hvx.so: an LD_PRELOAD shim that gives hvxctl a fake /dev/hvx on the
 * host, for the host-side tests (test.sh). open("/dev/hvx") returns a
 * descriptor of /dev/null that ioctl() then answers for:
 *
 *   HVX_GET_VERSION	hvx 0.1.0, API 1, hyp 0.1
 *   HVX_GET_STATUS	4 possible CPUs: 0 hyp, 1 stub, 2 offline, 3 hyp
 *
 * following the module's rules (flags and reserved fields, -E2BIG).
 * FAKE_HVX_OPEN_ERRNO=N makes the open fail with errno N instead;
 * FAKE_HVX_IOCTL_ERRNO=N makes every ioctl fail with errno N.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/hvx.h>

#define FAKE_CPUS	4

static int fake_fd = -1;

static int env_errno(const char *name)
{
	const char *s = getenv(name);

	return s ? atoi(s) : 0;
}

static int (*real_open)(const char *path, int flags, ...);
static int (*real_ioctl)(int fd, unsigned long req, ...);

static int fake_open(const char *path, int flags, mode_t mode)
{
	int err;

	if (!real_open)
		real_open = dlsym(RTLD_NEXT, "open");
	if (strcmp(path, "/dev/hvx"))
		return real_open(path, flags, mode);
	err = env_errno("FAKE_HVX_OPEN_ERRNO");
	if (err) {
		errno = err;
		return -1;
	}
	fake_fd = real_open("/dev/null", O_RDWR);
	return fake_fd;
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

static bool nonzero(const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len--)
		if (*b++)
			return true;
	return false;
}

static int get_status(struct hvx_status *st)
{
	static const unsigned int states[FAKE_CPUS] = {
		HVX_CPU_HYP, HVX_CPU_STUB, HVX_CPU_OFFLINE, HVX_CPU_HYP,
	};
	struct hvx_cpu_status *cpus;
	unsigned int i;

	if (st->flags || nonzero(st->reserved, sizeof(st->reserved)))
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

int ioctl(int fd, unsigned long req, ...)
{
	struct hvx_version *v;
	void *arg;
	va_list ap;
	int err;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real_ioctl)
		real_ioctl = dlsym(RTLD_NEXT, "ioctl");
	if (fd != fake_fd || fd < 0)
		return real_ioctl(fd, req, arg);

	err = env_errno("FAKE_HVX_IOCTL_ERRNO");
	if (!err) {
		switch (req) {
		case HVX_GET_VERSION:
			v = arg;
			if (v->flags || nonzero(v->reserved, sizeof(v->reserved))) {
				err = EINVAL;
				break;
			}
			v->api_version = 1;
			v->major = 0;
			v->minor = 1;
			v->patch = 0;
			v->hyp_version = 1;
			break;
		case HVX_GET_STATUS:
			err = -get_status(arg);
			break;
		default:
			err = ENOTTY;
		}
	}
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
