/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hostile host kernel (selftests/modules/hvx_hostile.ko) from C tests:
 * load it, send it commands, read its results. See the module's comment
 * for the commands.
 */
#ifndef HVX_HOSTILE_H
#define HVX_HOSTILE_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define HOSTILE_CMD	"/sys/kernel/debug/hvx_hostile/cmd"

/* hvx-hyp.h's host call numbers and errors, as the module takes them. */
#define HC_ID(n)		(0xc6000000ULL | (n))
#define HC_VERSION		HC_ID(1)
#define HC_CPU_STATE		HC_ID(2)
#define HC_VM_WRITE		HC_ID(14)
#define HC_RELEASE		HC_ID(20)
#define HC_VGIC_DOORBELL	HC_ID(22)
#define HC_DOORBELL_OFF		0xffffffffULL
#define HC_VM_SET_CLOCK		HC_ID(23)
#define HC_CLOCK_START		1ULL
#define HC_HOST_SHARE_HYP	HC_ID(6)
#define HC_HOST_UNSHARE_HYP	HC_ID(7)
#define HC_HOST_DONATE_HYP	HC_ID(8)
#define HC_HOST_RECLAIM_HYP	HC_ID(9)
#define HC_TRACE_RING		HC_ID(25)
#define HC_ERR_INVALID		((uint64_t)-3)
#define HC_ERR_DENIED		((uint64_t)-4)
#define HC_ERR_BUSY		((uint64_t)-6)

/* insmod the module (modules/ beside the test program) once; 0 or -1. */
static inline int hostile_load(void)
{
	char cmd[600], self[400];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (access(HOSTILE_CMD, W_OK) == 0)
		return 0;
	if (n <= 0)
		return -1;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	mount("none", "/sys/kernel/debug", "debugfs", 0, NULL);
	snprintf(cmd, sizeof(cmd), "insmod %s/modules/hvx_hostile.ko", self);
	if (system(cmd))
		return -1;
	return access(HOSTILE_CMD, W_OK);
}

/* One command (printf style); its result line into @res. 0 or -errno. */
static inline int hostile(char *res, size_t len, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int fd, n;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fd = open(HOSTILE_CMD, O_RDWR);
	if (fd < 0)
		return -1;
	if (write(fd, line, strlen(line)) < 0) {
		close(fd);
		return -1;
	}
	n = pread(fd, res, len - 1, 0);
	close(fd);
	if (n < 0)
		return -1;
	res[n] = '\0';
	return 0;
}

/* A raw HVC on @cpu with x0-x6 from @x; x0-x4 after it into @x. 0 or -1. */
static inline int hostile_hvc7(unsigned int cpu, uint64_t x[7])
{
	char res[160];

	if (hostile(res, sizeof(res), "hvc %u %llx %llx %llx %llx %llx %llx %llx",
		    cpu, (unsigned long long)x[0], (unsigned long long)x[1],
		    (unsigned long long)x[2], (unsigned long long)x[3],
		    (unsigned long long)x[4], (unsigned long long)x[5],
		    (unsigned long long)x[6]))
		return -1;
	return sscanf(res, "%lx %lx %lx %lx %lx", &x[0], &x[1], &x[2], &x[3],
		      &x[4]) == 5 ? 0 : -1;
}

/* The same with x5 and x6 zero. */
static inline int hostile_hvc(unsigned int cpu, uint64_t x[5])
{
	uint64_t x7[7] = { x[0], x[1], x[2], x[3], x[4] };
	int ret = hostile_hvc7(cpu, x7);

	memcpy(x, x7, 5 * sizeof(*x));
	return ret;
}

/* Is hvx at EL2 on @cpu, with the host under stage 2 (HCR_EL2.VM)? */
static inline int hostile_hvx_intact(unsigned int cpu)
{
	uint64_t v[5] = { HC_VERSION }, s[5] = { HC_CPU_STATE };

	return !hostile_hvc(cpu, v) && v[0] == 0 &&
	       !hostile_hvc(cpu, s) && s[0] == 0 && (s[3] & 1);
}

#endif /* HVX_HOSTILE_H */
