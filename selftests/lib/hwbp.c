// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp WATCH EXEC -- CMD [ARGS...]: run CMD with host hardware
 * breakpoints armed on every online CPU: a watchpoint on 8-byte stores at
 * address WATCH and a breakpoint on the instruction at EXEC, both for EL0
 * (user addresses), through perf_event_open(PERF_TYPE_BREAKPOINT), one
 * pinned event per CPU, held by this process while CMD runs.
 *
 * Before CMD, and again after it, both are checked to fire on the host,
 * on each CPU: this process maps WATCH and EXEC, pinned to the CPU stores
 * to WATCH and calls the RET at EXEC, and each event must count exactly
 * one hit. So CMD (a guest run) ran with them armed, and did not change
 * them. Prints "hwbp: ..." lines on stderr; exits with CMD's status, or
 * 125 if the breakpoints could not be armed or did not fire.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CPUS	64
#define A64_RET		0xd65f03c0U
#define HWBP_ERR	125

struct cpu_bp {
	int cpu;
	int watch_fd;
	int exec_fd;
};

static struct cpu_bp bps[MAX_CPUS];
static int nr_bps;

static int bp_open(int cpu, uint32_t type, uint64_t addr, uint64_t len)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_BREAKPOINT;
	a.size = sizeof(a);
	a.bp_type = type;
	a.bp_addr = addr;
	a.bp_len = len;
	a.pinned = 1;
	return syscall(SYS_perf_event_open, &a, -1, cpu, -1,
		       PERF_FLAG_FD_CLOEXEC);
}

static uint64_t count(int fd)
{
	uint64_t v = 0;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		return UINT64_MAX;
	return v;
}

static int arm_all(uint64_t watch, uint64_t exec)
{
	cpu_set_t online;
	int cpu;

	if (sched_getaffinity(0, sizeof(online), &online)) {
		perror("hwbp: sched_getaffinity");
		return -1;
	}
	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		struct cpu_bp *b = &bps[nr_bps];

		if (!CPU_ISSET(cpu, &online))
			continue;
		b->cpu = cpu;
		b->watch_fd = bp_open(cpu, HW_BREAKPOINT_W, watch,
				      HW_BREAKPOINT_LEN_8);
		b->exec_fd = bp_open(cpu, HW_BREAKPOINT_X, exec,
				     HW_BREAKPOINT_LEN_4);
		if (b->watch_fd < 0 || b->exec_fd < 0) {
			fprintf(stderr, "hwbp: cpu%d: perf_event_open: %s\n",
				cpu, strerror(errno));
			return -1;
		}
		nr_bps++;
	}
	fprintf(stderr, "hwbp: watchpoint 0x%llx, breakpoint 0x%llx armed on %d CPUs\n",
		(unsigned long long)watch, (unsigned long long)exec, nr_bps);
	return 0;
}

/* One 8-byte store, as the watchpoint watches for. */
static void store64(uint64_t addr, uint64_t v)
{
	asm volatile("str %1, [%0]" : : "r" (addr), "r" (v) : "memory");
}

/* Each CPU's events count exactly one hit of this process's own. */
static int check_fire(const char *when, uint64_t watch, void (*exec)(void))
{
	int i, bad = 0;

	for (i = 0; i < nr_bps; i++) {
		struct cpu_bp *b = &bps[i];
		uint64_t w0 = count(b->watch_fd), x0 = count(b->exec_fd);
		uint64_t w1, x1;
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(b->cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			fprintf(stderr, "hwbp: cpu%d: %s\n", b->cpu,
				strerror(errno));
			bad++;
			continue;
		}
		store64(watch, 0x68767821);
		exec();
		w1 = count(b->watch_fd);
		x1 = count(b->exec_fd);
		if (w1 != w0 + 1 || x1 != x0 + 1) {
			fprintf(stderr,
				"hwbp: %s: cpu%d: watchpoint hits %llu -> %llu, breakpoint %llu -> %llu (one each expected)\n",
				when, b->cpu, (unsigned long long)w0,
				(unsigned long long)w1, (unsigned long long)x0,
				(unsigned long long)x1);
			bad++;
		}
	}
	if (!bad)
		fprintf(stderr, "hwbp: %s: both fire on the host on every CPU\n",
			when);
	return bad ? -1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t watch, exec, page;
	void (*exec_fn)(void);
	cpu_set_t all;
	char *map;
	pid_t pid;
	int status;

	if (argc < 5 || strcmp(argv[3], "--")) {
		fprintf(stderr, "usage: hwbp WATCH EXEC -- CMD [ARGS...]\n");
		return 2;
	}
	watch = strtoull(argv[1], NULL, 0);
	exec = strtoull(argv[2], NULL, 0);
	if (watch % 8 || exec % 4 || watch / 4096 != exec / 4096 - 1) {
		fprintf(stderr,
			"hwbp: WATCH 8-byte aligned, EXEC 4-byte aligned in the next page\n");
		return 2;
	}
	page = watch & ~4095ULL;
	map = mmap((void *)page, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (map != (void *)page) {
		perror("hwbp: mmap");
		return HWBP_ERR;
	}
	memcpy((void *)(uintptr_t)exec, &(uint32_t){ A64_RET }, 4);
	__builtin___clear_cache((char *)(uintptr_t)exec,
				(char *)(uintptr_t)exec + 4);
	exec_fn = (void (*)(void))(uintptr_t)exec;

	if (sched_getaffinity(0, sizeof(all), &all))
		return HWBP_ERR;
	if (arm_all(watch, exec) ||
	    check_fire("before", watch, exec_fn))
		return HWBP_ERR;
	sched_setaffinity(0, sizeof(all), &all);

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return HWBP_ERR;
	if (!pid) {
		execvp(argv[4], argv + 4);
		fprintf(stderr, "hwbp: %s: %s\n", argv[4], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return HWBP_ERR;

	if (check_fire("after", watch, exec_fn))
		return HWBP_ERR;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	fprintf(stderr, "hwbp: %s killed by signal %d\n", argv[4],
		WTERMSIG(status));
	return HWBP_ERR;
}
