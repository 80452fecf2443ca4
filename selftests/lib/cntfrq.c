// SPDX-License-Identifier: GPL-2.0
/*
 * cntfrq: print the frequency of this machine's counter, CNTFRQ_EL0, in
 * Hz (EL0 may read it: Linux lets user space read the virtual counter,
 * CNTKCTL_EL1.EL0VCTEN). Tests give it to 'hvxctl run --counter-freq'.
 * Exits 1 if it reads 0 (the firmware did not set it).
 */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	uint64_t hz;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	if (!hz) {
		fprintf(stderr, "cntfrq: CNTFRQ_EL0 reads 0\n");
		return 1;
	}
	printf("%llu\n", (unsigned long long)hz);
	return 0;
}
