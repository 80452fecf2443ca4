// SPDX-License-Identifier: GPL-2.0
/* The runner hvx-vmbench and hvx-kvmbench share: see guest-runner.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "gic-runner.h"
#include "guest-runner.h"

static const char *prog = "hvx-bench";

/* The per-round-trip lines, in report order from REPORT_NOP on. */
static const char * const report_name[NR_REPORTS] = {
	[REPORT_NOP] = "nop", [REPORT_PSCI] = "psci", [REPORT_MMIO] = "mmio",
	[REPORT_DCC] = "dcc", [REPORT_BRK] = "brk", [REPORT_HVC] = "hvc",
	[REPORT_CONSOLE] = "console",
};

uint64_t cntvct(void)
{
	uint64_t v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v) :: "memory");
	return v;
}

static uint64_t cntfrq(void)
{
	uint64_t v;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	exit(1);
}

int xioctl(int fd, unsigned long req, void *arg, const char *what)
{
	int ret = ioctl(fd, req, arg);

	if (ret < 0)
		die(what);
	return ret;
}

void bench_mmio(uint64_t addr, uint8_t *data, bool is_write,
		uint64_t *report)
{
	uint64_t off = addr - REPORT_PAGE;

	if (!is_write) {
		memset(data, 0, 8);
		return;
	}
	if (off % 8 || off / 8 >= NR_REPORTS) {
		fprintf(stderr, "%s: unexpected store at 0x%llx\n", prog,
			(unsigned long long)addr);
		exit(1);
	}
	memcpy(&report[off / 8], data, 8);
}

void bench_print(const uint64_t *report, uint64_t t0, uint64_t iterations)
{
	int i;

	printf("BENCH start %llu\n",
	       (unsigned long long)(report[REPORT_FIRST] - t0));
	/* ticks per round trip, for each loop the guest ran */
	for (i = REPORT_NOP; i < NR_REPORTS; i++)
		if (report[i])
			printf("BENCH %s %.1f\n", report_name[i],
			       (double)report[i] / iterations);
}

int bench_main(int argc, char **argv, const struct bench_hv *hv)
{
	bool gic = argc > 1 && !strcmp(argv[1], "gic");
	void (*once)(int fd, uint64_t iterations, long mmap_size) =
		gic ? hv->gic_once : hv->calls_once;
	uint64_t iterations = gic ? GIC_ITERATIONS : 100000;
	int repeats = 3;
	char what[128];
	long mmap_size;
	int fd, i;

	prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	argc -= gic;
	argv += gic;
	if (argc > 1)
		iterations = strtoull(argv[1], NULL, 0);
	if (argc > 2)
		repeats = atoi(argv[2]);
	if (argc > 3 || !iterations || repeats < 1) {
		fprintf(stderr, "usage: %s [gic] [ITERATIONS [REPEATS]]\n",
			prog);
		return 2;
	}
	fd = open(hv->dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(what, sizeof(what), "cannot open %s (%s)", hv->dev,
			 hv->hint);
		die(what);
	}
	mmap_size = xioctl(fd, hv->mmap_size_req, NULL, "vCPU mmap size");
	printf("BENCH freq %llu\n", (unsigned long long)cntfrq());
	for (i = 0; i < repeats; i++) {
		once(fd, iterations, mmap_size);
		/* lines as they come: a run that fails later keeps them */
		fflush(stdout);
	}
	return 0;
}
