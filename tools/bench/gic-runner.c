// SPDX-License-Identifier: GPL-2.0
/* The interrupt benchmarks' shared part: see gic-runner.h. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hvx/gicv3-regs.h>

#include "gic-runner.h"
#include "guest-runner.h"

/* The guest's report slots (gicbench-guest.S), 8 bytes each. */
enum {
	GIC_IPI, GIC_IPI_WFI, GIC_TIMER, GIC_TIMER_WFI,
	GIC_IPI_THERE, GIC_IPI_WFI_THERE, NR_GIC_SAMPLES,
	GIC_ERR_ESR = NR_GIC_SAMPLES, GIC_ERR_ELR, NR_GIC_REPORTS
};

static const char * const sample_name[NR_GIC_SAMPLES] = {
	[GIC_IPI] = "ipi", [GIC_IPI_WFI] = "ipi-wfi",
	[GIC_TIMER] = "timer", [GIC_TIMER_WFI] = "timer-wfi",
	[GIC_IPI_THERE] = "ipi-there", [GIC_IPI_WFI_THERE] = "ipi-wfi-there",
};

/* A VM that has not finished in this long has lost an interrupt. */
#define GIC_TIMEOUT_S	120

/* Only vCPU 0 reports samples; vCPU 1 reports nothing but errors. */
static struct {
	uint64_t *v;
	size_t n, cap;
} samples[NR_GIC_SAMPLES];
static uint64_t err_elr;

void gic_guest_regs(unsigned int id, uint64_t iterations,
		    uint64_t x[GIC_GUEST_REGS])
{
	x[0] = REPORT_PAGE;
	x[1] = iterations;
	x[2] = 0;
	x[3] = GUEST_GICD_BASE;
	x[4] = GUEST_GICR_BASE + id * GICR_STRIDE;
	x[5] = id;
	/* each timer sample waits 1 ms: fewer of them */
	x[6] = iterations / 4 ? iterations / 4 : 1;
}

void gic_mmio(uint64_t addr, uint8_t *data, bool is_write)
{
	uint64_t off = addr - REPORT_PAGE, val;

	if (!is_write || off % 8 || off / 8 >= NR_GIC_REPORTS) {
		fprintf(stderr, "hvx-bench gic: unexpected %s at 0x%llx\n",
			is_write ? "store" : "load", (unsigned long long)addr);
		exit(1);
	}
	memcpy(&val, data, 8);
	if (off / 8 == GIC_ERR_ELR) {
		err_elr = val;
		return;
	}
	if (off / 8 == GIC_ERR_ESR) {
		fprintf(stderr, "hvx-bench gic: guest exception, ESR 0x%llx at 0x%llx\n",
			(unsigned long long)val, (unsigned long long)err_elr);
		exit(1);
	}
	if (samples[off / 8].n == samples[off / 8].cap) {
		size_t cap = samples[off / 8].cap * 2 + 64;
		uint64_t *p = realloc(samples[off / 8].v, cap * sizeof(*p));

		if (!p)
			die("out of memory for samples");
		samples[off / 8].v = p;
		samples[off / 8].cap = cap;
	}
	samples[off / 8].v[samples[off / 8].n++] = val;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void print_samples(void)
{
	int i;

	for (i = 0; i < NR_GIC_SAMPLES; i++) {
		size_t n = samples[i].n;
		uint64_t *v = samples[i].v;

		if (!n) {
			fprintf(stderr, "hvx-bench gic: no %s samples\n",
				sample_name[i]);
			exit(1);
		}
		qsort(v, n, sizeof(*v), cmp_u64);
		printf("BENCH %s %.1f\n", sample_name[i],
		       n % 2 ? (double)v[n / 2] :
			       (v[n / 2 - 1] + v[n / 2]) / 2.0);
		samples[i].n = 0;
	}
}

static void on_signal(int sig)
{
	char msg[160];
	int len;

	/* SIGUSR1 only interrupts a vCPU's run */
	if (sig != SIGALRM)
		return;
	/* where the guest was stuck: after how many samples of each loop */
	len = snprintf(msg, sizeof(msg),
		       "hvx-bench gic: timed out (an interrupt lost?) after %zu, %zu, %zu, %zu samples\n",
		       samples[GIC_IPI].n, samples[GIC_IPI_WFI].n,
		       samples[GIC_TIMER].n, samples[GIC_TIMER_WFI].n);
	if (write(STDERR_FILENO, msg, len) < 0)
		_exit(1);
	_exit(1);
}

static int stopping;	/* __atomic: vCPU threads leave their loop */

/*
 * vCPU i's thread on CPU i: the round trips measure the hypervisors, not
 * how soon the host's scheduler puts two spinning threads on two CPUs.
 */
static void pin(unsigned int i)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpus > 0 ? i % cpus : 0, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *vcpu_thread(void *arg)
{
	struct gic_vcpu *v = arg;

	pin(v->id);

	while (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE)) {
		switch (v->run(v)) {
		case GIC_RUN_OFF:
			return NULL;
		case GIC_RUN_INTR:
		case GIC_RUN_AGAIN:
			break;
		}
	}
	return NULL;
}

void gic_run(struct gic_vcpu *v, unsigned int n)
{
	struct sigaction sa = { .sa_handler = on_signal };
	cpu_set_t all;
	unsigned int i;

	sched_getaffinity(0, sizeof(all), &all);
	/* no SA_RESTART: SIGUSR1 ends a vCPU's run with EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	__atomic_store_n(&stopping, 0, __ATOMIC_RELEASE);
	alarm(GIC_TIMEOUT_S);
	pin(0);
	for (i = 1; i < n; i++) {
		v[i].id = i;
		errno = pthread_create(&v[i].thread, NULL, vcpu_thread, &v[i]);
		if (errno)
			die("pthread_create");
	}
	while (v[0].run(&v[0]) != GIC_RUN_OFF)
		;
	/* The others may be in the guest or asleep in the kernel: stop them. */
	__atomic_store_n(&stopping, 1, __ATOMIC_RELEASE);
	for (i = 1; i < n; i++) {
		__atomic_store_n(v[i].immediate_exit, 1, __ATOMIC_RELEASE);
		pthread_kill(v[i].thread, SIGUSR1);
		pthread_join(v[i].thread, NULL);
	}
	alarm(0);
	/* back to every CPU, for the next VM's set-up */
	sched_setaffinity(0, sizeof(all), &all);
	print_samples();
}
