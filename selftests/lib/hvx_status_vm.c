// SPDX-License-Identifier: GPL-2.0-only
/*
 * HVX_GET_STATUS: is every online CPU running under hvx with HCR_EL2.VM
 * (the host stage 2) set? Prints one line per CPU; exit status 0 if so,
 * 1 if not, 2 if the ioctl fails. Used by ../hvx_stage2.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/hvx.h>

#define HCR_EL2_VM	(1ULL << 0)

static int get_status(int fd, struct hvx_status *s,
		      struct hvx_cpu_status **cpus)
{
	memset(s, 0, sizeof(*s));
	/* First call: -E2BIG tells how many CPUs there are. */
	if (ioctl(fd, HVX_GET_STATUS, s) == 0 || errno != E2BIG)
		return -1;
	*cpus = calloc(s->nr_cpus, sizeof(**cpus));
	if (!*cpus)
		return -1;
	s->cpus = (uintptr_t)*cpus;
	return ioctl(fd, HVX_GET_STATUS, s);
}

int main(void)
{
	struct hvx_cpu_status *cpus = NULL;
	struct hvx_status s;
	int fd, bad = 0;
	unsigned int i;

	fd = open("/dev/hvx", O_RDWR);
	if (fd < 0 || get_status(fd, &s, &cpus)) {
		perror("HVX_GET_STATUS");
		return 2;
	}
	for (i = 0; i < s.nr_cpus; i++) {
		const struct hvx_cpu_status *c = &cpus[i];

		if (c->state == HVX_CPU_OFFLINE)
			continue;
		printf("cpu%u state %u hcr_el2 %#llx\n", c->cpu, c->state,
		       (unsigned long long)c->hcr_el2);
		if (c->state != HVX_CPU_HYP || !(c->hcr_el2 & HCR_EL2_VM))
			bad = 1;
	}
	if (!s.nr_online || s.nr_hyp != s.nr_online)
		bad = 1;
	free(cpus);
	close(fd);
	return bad;
}
