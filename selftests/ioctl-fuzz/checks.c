// SPDX-License-Identifier: GPL-2.0
/*
 * What the parent checks once the workers are done: the kernel log, the
 * counters, a normal guest.
 */
#include "fuzz.h"

/*
 * The kernel log since @fd was opened: hvx's messages of warning level or
 * worse, and any WARNING or BUG (the test VM runner fails the boot on
 * those anyway).
 */
int kmsg_check(int fd)
{
	char rec[1024], *text;
	int bad = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		/* "prio,seq,time,flags;text" with prio = facility*8 + level */
		text = strchr(rec, ';');
		text = text ? text + 1 : rec;
		if (atoi(rec) % 8 <= 4 &&
		    (!strncmp(text, "hvx: ", 5) || strstr(text, "WARNING") ||
		     strstr(text, "BUG"))) {
			rec[strcspn(rec, "\n")] = '\0';
			if (bad++ < 5)
				printf("#   kernel: %s\n", text);
		}
	}
	return bad;
}

/* The VM count, the page ownership counters and EL2's pool in use. */
void counts_read(struct counts *c)
{
	own_counts_read(&c->own);
	c->pool = sysfs_u64(HVX_SYSFS "/pool_used_pages");
}

/* Wait up to @secs for the counters to be @want again. */
bool counts_back(const struct counts *want, struct counts *got, double secs)
{
	double end = now_s() + secs;

	for (;;) {
		counts_read(got);
		/*
		 * Not the pool: the host's stage 2 stays split where pages
		 * were given away, its tables stay allocated.
		 */
		if (own_counts_equal(&want->own, &got->own))
			return true;
		if (now_s() > end)
			return false;
		usleep(20000);
	}
}

/* A plain guest through the raw ioctls: PSCI SYSTEM_OFF, seen as such. */
bool normal_guest(char *why, size_t len)
{
	struct guest_code code;
	struct hvx_regs regs;
	struct hvx_run *run;
	size_t run_size;
	int dev, vm, vcpu, ret, tries;
	bool ok = false;

	dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	vm = dev < 0 ? -1 : vm_create(dev);
	if (vm < 0) {
		snprintf(why, len, "CREATE_VM: %s", strerror(-vm));
		goto out_dev;
	}
	code_init(&code, RAM_BASE);
	emit_mov64(&code, 0, PSCI_SYSTEM_OFF);
	emit(&code, A64_HVC0);
	emit(&code, A64_B_SELF);
	ret = vm_add_memory(vm, RAM_BASE, 16 * FZ_PAGE);
	if (!ret)
		ret = vm_write_code(vm, &code);
	vcpu = ret ? -ret : vcpu_create(vm, 0, 0);
	if (vcpu < 0) {
		snprintf(why, len, "memory or vCPU: %s", strerror(-vcpu));
		goto out_vm;
	}
	run = vcpu_map(dev, vcpu, &run_size);
	memset(&regs, 0, sizeof(regs));
	regs.pc = RAM_BASE;
	regs.pstate = PSR_EL1h_MASKED;
	regs.sctlr_el1 = RESET_SCTLR;
	if (!run || vcpu_set_regs(vcpu, &regs)) {
		snprintf(why, len, "mmap or SET_REGS failed");
		goto out_vcpu;
	}
	for (tries = 0; tries < 100; tries++) {
		alarm(10);
		ret = vcpu_run(vcpu);
		alarm(0);
		if (ret != EINTR)
			break;
	}
	if (ret)
		snprintf(why, len, "RUN: %s", strerror(ret));
	else if (run->exit_reason != HVX_EXIT_SYSTEM_EVENT ||
		 run->system_event.type != HVX_SYSTEM_EVENT_SHUTDOWN)
		snprintf(why, len, "exit reason %u, not a shutdown",
			 run->exit_reason);
	else
		ok = true;
	munmap(run, run_size);
out_vcpu:
	close(vcpu);
out_vm:
	close(vm);
out_dev:
	if (dev >= 0)
		close(dev);
	return ok;
}

void counts_print(const char *what, const struct counts *c)
{
	printf("#   %s: vms %llu, pages shared %llu donated %llu guest %llu, EL2 pool %llu\n",
	       what, (unsigned long long)c->own.vms,
	       (unsigned long long)c->own.shared,
	       (unsigned long long)c->own.donated,
	       (unsigned long long)c->own.guest, (unsigned long long)c->pool);
}
