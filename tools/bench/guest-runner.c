// SPDX-License-Identifier: GPL-2.0
/* The runner hvx-vmbench and hvx-kvmbench share: see guest-runner.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "gic-runner.h"
#include "guest-runner.h"
#include "hvxctl.h"

const char *bench_prog = "hvx-bench";

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

uint64_t cntfrq(void)
{
	uint64_t v;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* vm-tty.c and the other hvxctl files report through hvxctl_err(). */
void hvxctl_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", bench_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", bench_prog, what, strerror(errno));
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
		fprintf(stderr, "%s: unexpected store at 0x%llx\n", bench_prog,
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

void bench_con_print(const uint64_t *report, uint64_t bytes, uint64_t got)
{
	static const char * const name[] = {
		[REPORT_CON_UART] = "uart", [REPORT_CON_CALLS] = "calls",
	};
	uint64_t freq = cntfrq();
	int i;

	/* ticks per byte, and bytes per second */
	for (i = REPORT_CON_UART; i <= REPORT_CON_CALLS; i++) {
		if (!report[i])
			continue;
		printf("BENCH %s %.2f\n", name[i], (double)report[i] / bytes);
		printf("BENCH %s-rate %.0f\n", name[i],
		       (double)bytes * freq / report[i]);
	}
	if (got != bytes * (report[REPORT_CON_CALLS] ? 2 : 1))
		fprintf(stderr, "%s: %llu bytes of %llu reached the console's reader\n",
			bench_prog, (unsigned long long)got,
			(unsigned long long)bytes * (report[REPORT_CON_CALLS] ? 2 : 1));
}

void bench_clock_print(const uint64_t *report, uint64_t iterations,
		       const char *suffix)
{
	static const char * const name[] = {
		[REPORT_CLK_PCT] = "cntpct", [REPORT_CLK_CVAL] = "cval",
		[REPORT_CLK_CTL] = "ctl",
	};
	int i;

	/* both VMs' floors are the same HVCs: one key */
	printf("BENCH nop %.1f\n", (double)report[REPORT_CLK_NOP] / iterations);
	for (i = REPORT_CLK_PCT; i <= REPORT_CLK_CTL; i++)
		if (name[i])
			printf("BENCH %s%s %.1f\n", name[i], suffix,
			       (double)report[i] / iterations);
	/* the guest's counter over the host's during the reads */
	if (report[REPORT_CLK_PCT])
		printf("BENCH cntpct-scale%s %.5f\n", suffix,
		       (double)report[REPORT_CLK_PCT_SPAN] /
		       report[REPORT_CLK_PCT]);
}

int bench_main(int argc, char **argv, const struct bench_hv *hv)
{
	bool gic = argc > 1 && !strcmp(argv[1], "gic");
	bool con = argc > 1 && !strcmp(argv[1], "console");
	bool clk = argc > 1 && !strcmp(argv[1], "clock");
	void (*once)(int fd, uint64_t iterations, long mmap_size) =
		gic ? hv->gic_once : con ? hv->con_once :
		clk ? hv->clock_once : hv->calls_once;
	uint64_t iterations = gic ? GIC_ITERATIONS : con ? CON_BYTES : 100000;
	int repeats = 3;
	char what[128];
	long mmap_size;
	int fd, i;

	bench_prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	argc -= gic || con || clk;
	argv += gic || con || clk;
	if (argc > 1)
		iterations = strtoull(argv[1], NULL, 0);
	if (argc > 2)
		repeats = atoi(argv[2]);
	if (argc > 3 || !iterations || repeats < 1) {
		fprintf(stderr, "usage: %s [gic|console|clock] [ITERATIONS [REPEATS]]\n",
			bench_prog);
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
