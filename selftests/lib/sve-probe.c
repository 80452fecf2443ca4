// SPDX-License-Identifier: GPL-2.0
/*
 * sve-probe CPU: run SVE instructions in user space on CPU (pinned), and
 * print the vector length they saw, in bytes. Checks that a Z register
 * holds what an SVE store puts in memory. Exits 0 on success, 2 when the
 * kernel offers no SVE, 1 on any failure (SIGILL kills it instead if SVE
 * traps where it must not).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#ifndef HWCAP_SVE
#define HWCAP_SVE	(1UL << 22)
#endif
#define SVE_VL_MAX	256	/* bytes: 2048 bits */

int main(int argc, char **argv)
{
	uint8_t buf[SVE_VL_MAX];
	cpu_set_t set;
	uint64_t vl, i;
	char *end;
	long cpu;

	if (argc != 2) {
		fprintf(stderr, "usage: sve-probe CPU\n");
		return 1;
	}
	cpu = strtol(argv[1], &end, 0);
	if (*end || cpu < 0 || cpu >= CPU_SETSIZE) {
		fprintf(stderr, "sve-probe: bad CPU '%s'\n", argv[1]);
		return 1;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "sve-probe: cpu%ld: %s\n", cpu, strerror(errno));
		return 1;
	}
	if (sched_getcpu() != cpu) {
		fprintf(stderr, "sve-probe: runs on cpu%d, not cpu%ld\n",
			sched_getcpu(), cpu);
		return 1;
	}
	if (!(getauxval(AT_HWCAP) & HWCAP_SVE)) {
		fprintf(stderr, "sve-probe: no SVE (HWCAP_SVE clear)\n");
		return 2;
	}

	asm volatile(".arch_extension sve\n\trdvl %0, #1" : "=r" (vl));
	if (!vl || vl > SVE_VL_MAX || vl % 16) {
		fprintf(stderr, "sve-probe: rdvl says %llu bytes\n",
			(unsigned long long)vl);
		return 1;
	}
	memset(buf, 0, sizeof(buf));
	/* z0.b = 1, 2, 3, ... stored whole: the bytes of the vector. */
	asm volatile(".arch_extension sve\n\t"
		     "ptrue p0.b\n\t"
		     "index z0.b, #1, #1\n\t"
		     "st1b {z0.b}, p0, [%0]"
		     : : "r" (buf) : "v0", "memory");
	for (i = 0; i < sizeof(buf); i++) {
		uint8_t want = i < vl ? (uint8_t)(i + 1) : 0;

		if (buf[i] != want) {
			fprintf(stderr,
				"sve-probe: byte %llu of z0 is %u, not %u\n",
				(unsigned long long)i, buf[i], want);
			return 1;
		}
	}
	printf("%llu\n", (unsigned long long)vl);
	return 0;
}
