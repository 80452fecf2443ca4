// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile guests: many short VMs, each running instructions generated from
 * a seed (lib/guest_fuzz/gen.c: random words, system register accesses
 * over the whole encoding space, hvx's guest calls and the VMware backdoor
 * with boundary arguments, PSCI, exceptions, WFx, ERET to every mode,
 * single step, odd loads and stores), at EL1 and at EL0, one or two vCPUs,
 * several VMs at once. Each guest starts with an exception harness
 * (lib/guest_fuzz/harness.S) that moves the stream past every exception it
 * takes, and ends the VM when the stream is done or after a cap on
 * exceptions; this program answers its MMIO loads with noise (or an
 * abort), its console reads with noise, and stops each VM after a short
 * time (immediate_exit and a signal).
 *
 * What must hold, whatever a guest does:
 *   1. every exit is one hvx documents, with valid fields (MMIO: len 1, 2,
 *      4 or 8, never for guest RAM; console: at most 40/16 bytes; system
 *      event: shutdown or reset from an existing vCPU; internal error: a
 *      known suberror), HVX_VCPU_RUN fails with no errno but EINTR, and the
 *      registers read back are in AArch64 EL0t/EL1t/EL1h or AArch32 User
 *      (the guest's own ERET can take its EL0 there);
 *   2. a vCPU that is stopped returns from HVX_VCPU_RUN within 30 s;
 *   3. the page ownership counters and nr_vms are back at their start;
 *   4. a well-behaved guest still runs: a guest call and PSCI SYSTEM_OFF;
 *   5. the kernel logged nothing at warning level or worse meanwhile.
 * And the host stays up (the test VM's runner fails the boot on an oops,
 * a WARN or a hang). Prints the seed, how each VM ended (a histogram),
 * and the figures; a failing VM is named with its replay command.
 *
 * Environment (GUEST_FUZZ_...):
 *   _SEED      the run's seed (default: from the clock)
 *   _SECONDS   how long new VMs are started (default 60)
 *   _VMS       at most this many VMs (default: no limit)
 *   _ONLY      run VM number N of GUEST_FUZZ_SEED only, showing each exit
 *   _WORDS     with _ONLY: run only the first N words of its payload (to
 *              find the instruction that does it)
 *   _DUMP      with _ONLY: write its payload to this file
 *              (objdump -D -b binary -m aarch64 --adjust-vma=0x40002000)
 *   _JOBS      VMs at once (default 2, at most 16; see read_config())
 *   _VM_MS     how long a VM may run (default 200)
 *   _AARCH32   1: ERETs may enter AArch32 EL0 too
 *   _GIC       0: no guest gets a vGIC (default 1: most do)
 *   _VERBOSE   1: a line for each VM
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <hvx-guest.h>

#include "lib/hvx_vm.h"
#include "lib/kmsg.h"
#include "lib/guest_fuzz/fuzz.h"

#define MAX_JOBS	16
#define HANG_S		30.0	/* a stopped vCPU must be back by then */
#define FREE_S		10.0	/* the VMs' memory back by then */
#define MAX_PRINTED	20	/* failures printed in full */
#define MAX_OUTCOMES	128	/* histogram rows */
#define MAX_SKIPS	64	/* NISV accesses stepped over, per vCPU */

static struct {
	uint64_t seed;
	double seconds, vm_s;
	unsigned long vms;	/* 0: no limit */
	unsigned long words;	/* with only: the payload cut to this */
	long only;		/* -1: every VM */
	unsigned int jobs;
	bool aarch32, verbose, gic;
	const char *dump;
} cfg;

static int dev = -1;
static bool have_vgic;		/* HVX_FEATURE_VGIC: guests get a vGIC */
static double end_time;
static atomic_ulong next_index;

/* --- results ------------------------------------------------------------- */

static pthread_mutex_t res_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char key[96];
	unsigned long n;
} outcomes[MAX_OUTCOMES];
static unsigned int nr_outcomes;
static unsigned long nr_failures, nr_vms, nr_vcpus, nr_reported;
static unsigned long modes[FUZZ_MODES][2];	/* VMs by mode, EL1/EL0 */
static unsigned long nr_mmu;			/* VMs started with the MMU on */
static unsigned long long nr_exits, nr_mmio, nr_straddles, nr_console, nr_skips,
			  nr_exceptions, nr_words;
static atomic_bool hang_seen;

/* Each VM's counters in sysfs, summed: what EL2 and the host handled. */
static const char * const vm_stats[] = {
	"exits", "calls_hvc", "calls_brk", "calls_dcc", "calls_vmware",
	"reflected_brk", "reflected_debug", "dcc_idle_reads", "guest_logs",
};

#define NR_VM_STATS	ARRAY_SIZE(vm_stats)
static unsigned long long vm_stat_sums[NR_VM_STATS];

struct fuzz_vm;

struct fuzz_vcpu {
	struct fuzz_vm *vm;
	unsigned int id;
	int fd;
	struct hvx_run *run;
	size_t run_size;
	pthread_t thread;
	struct fuzz_rng rng;		/* the host's answers */
	atomic_bool killed;		/* by the watchdog */
	double kill_time;
	bool hang_reported;
	/* how it ended */
	bool stopped, failed;
	double end_time;
	char end[80];
	unsigned long exits, mmio, console, skips, straddles;
	uint64_t report[3];		/* the harness's, at FUZZ_REPORT */
	unsigned int report_mask;
};

struct fuzz_vm {
	unsigned long index;
	uint64_t seed;
	int fd;
	char dir[96];			/* its /sys/kernel/hvx/vms/vmN */
	double deadline;
	atomic_bool over;		/* a vCPU ended: stop the others */
	struct fuzz_vcpu vcpu[FUZZ_MAX_VCPUS];
	struct fuzz_guest g;
};

static void count_outcome(const char *key)
{
	unsigned int i;

	for (i = 0; i < nr_outcomes; i++)
		if (!strcmp(outcomes[i].key, key))
			break;
	if (i == nr_outcomes) {
		if (nr_outcomes == MAX_OUTCOMES)
			i = MAX_OUTCOMES - 1;	/* the last row takes the rest */
		else
			nr_outcomes++;
		snprintf(outcomes[i].key, sizeof(outcomes[i].key), "%s",
			 i == MAX_OUTCOMES - 1 ? "(other)" : key);
	}
	outcomes[i].n++;
}

/* A broken promise: counted, and the first ones printed with a replay. */
static void __attribute__((format(printf, 2, 3)))
failure(const struct fuzz_vm *vm, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&res_lock);
	if (nr_failures++ < MAX_PRINTED) {
		printf("# FAILED: VM %lu (mode %s, %s;\n"
		       "#   replay: GUEST_FUZZ_SEED=0x%llx GUEST_FUZZ_ONLY=%lu): ",
		       vm->index, fuzz_mode_name(vm->g.mode),
		       vm->g.pstate == PSR_MODE_EL0t ? "EL0" : "EL1",
		       (unsigned long long)cfg.seed, vm->index);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
		fflush(stdout);
	}
	pthread_mutex_unlock(&res_lock);
}

static void __attribute__((format(printf, 2, 3)))
vcpu_failed(struct fuzz_vcpu *v, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	failure(v->vm, "vCPU %u: %s", v->id, msg);
	v->failed = true;
	snprintf(v->end, sizeof(v->end), "FAILED");
}

/* --- the watchdog: stops vCPUs at their VM's deadline, finds hangs ------- */

static pthread_mutex_t wd_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fuzz_vcpu *wd_slots[MAX_JOBS * FUZZ_MAX_VCPUS];
static atomic_bool wd_quit;

static void wd_add(struct fuzz_vcpu *v)
{
	unsigned int i;

	v->thread = pthread_self();
	pthread_mutex_lock(&wd_lock);
	for (i = 0; wd_slots[i]; i++)
		;
	wd_slots[i] = v;
	pthread_mutex_unlock(&wd_lock);
}

/* After this, the watchdog no longer signals the thread. */
static void wd_remove(struct fuzz_vcpu *v)
{
	unsigned int i;

	pthread_mutex_lock(&wd_lock);
	for (i = 0; i < MAX_JOBS * FUZZ_MAX_VCPUS; i++)
		if (wd_slots[i] == v)
			wd_slots[i] = NULL;
	pthread_mutex_unlock(&wd_lock);
}

static void wd_check(struct fuzz_vcpu *v, double now)
{
	struct fuzz_vm *vm = v->vm;

	if (!atomic_load(&v->killed) &&
	    (now > vm->deadline || atomic_load(&vm->over))) {
		v->kill_time = now;
		/* RUN returns -EINTR from now on, even between our signals. */
		__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_RELAXED);
		atomic_store(&v->killed, true);
	}
	if (!atomic_load(&v->killed))
		return;
	pthread_kill(v->thread, SIGUSR1);
	if (now - v->kill_time > HANG_S && !v->hang_reported) {
		v->hang_reported = true;
		atomic_store(&hang_seen, true);
		failure(vm,
			"vCPU %u still in HVX_VCPU_RUN %.0f s after it was stopped (%lu exits so far)",
			v->id, now - v->kill_time, v->exits);
	}
}

static void *watchdog(void *arg)
{
	unsigned int i;

	(void)arg;
	while (!atomic_load(&wd_quit)) {
		double now = now_s();

		pthread_mutex_lock(&wd_lock);
		for (i = 0; i < MAX_JOBS * FUZZ_MAX_VCPUS; i++)
			if (wd_slots[i])
				wd_check(wd_slots[i], now);
		pthread_mutex_unlock(&wd_lock);
		usleep(5000);
	}
	return NULL;
}

static void on_signal(int sig)
{
	(void)sig;
}

/* --- one vCPU's exits ---------------------------------------------------- */

static void show_exit(const struct fuzz_vcpu *v)
{
	char buf[256];

	if (cfg.only >= 0)
		printf("# vCPU %u: %s\n", v->id, exit_str(v->run, buf, sizeof(buf)));
}

static bool in_ram(uint64_t a)
{
	return a >= FUZZ_RAM_BASE && a - FUZZ_RAM_BASE < FUZZ_RAM_SIZE;
}

static bool vm_has_gic(const struct fuzz_vm *vm)
{
	return have_vgic && cfg.gic && vm->g.gic;
}

/* SPIs stop at 1019 (uapi: 1020-1023 are special). */
#define GUEST_FUZZ_SPI_END	1020

/*
 * A device model's interrupt, now and then at an MMIO exit: an SPI of
 * the VM's vGIC up or down. A valid one must be taken.
 */
static bool irq_line(struct fuzz_vcpu *v)
{
	struct hvx_irq_line l = { 0 };
	unsigned int end = v->vm->g.nr_irqs;

	if (!vm_has_gic(v->vm) || fuzz_below(&v->rng, 4))
		return true;
	if (end > GUEST_FUZZ_SPI_END)
		end = GUEST_FUZZ_SPI_END;
	l.intid = 32 + fuzz_below(&v->rng, end - 32);
	l.level = fuzz_below(&v->rng, 2);
	if (ioctl(v->vm->fd, HVX_VM_IRQ_LINE, &l)) {
		vcpu_failed(v, "HVX_VM_IRQ_LINE of SPI %u (of %u INTIDs) to %u: %s",
			    l.intid, v->vm->g.nr_irqs, l.level, strerror(errno));
		return false;
	}
	return true;
}

static bool handle_mmio(struct fuzz_vcpu *v)
{
	struct hvx_run *run = v->run;
	uint64_t a = run->mmio.phys_addr;
	unsigned int len = run->mmio.len;

	v->mmio++;
	if ((len != 1 && len != 2 && len != 4 && len != 8) ||
	    run->mmio.is_write > 1) {
		vcpu_failed(v, "MMIO exit with len %u, is_write %u", len,
			    run->mmio.is_write);
		return false;
	}
	if (in_ram(a) && in_ram(a + len - 1)) {
		vcpu_failed(v, "MMIO exit for guest RAM: 0x%llx, len %u",
			    (unsigned long long)a, len);
		return false;
	}
	/*
	 * Unaligned, across the start or end of RAM (QEMU 7.2 does not
	 * fault unaligned accesses to Device memory): the exit has the
	 * whole access, as KVM's would.
	 */
	if (in_ram(a) || in_ram(a + len - 1))
		v->straddles++;
	if (run->mmio.is_write && len == 8 && a >= FUZZ_REPORT &&
	    a < FUZZ_REPORT + 24 && !(a & 7)) {
		v->report[(a - FUZZ_REPORT) / 8] = mmio_data(run, 8);
		v->report_mask |= 1U << ((a - FUZZ_REPORT) / 8);
		return true;
	}
	if (!run->mmio.is_write)
		mmio_set_data(run, fuzz_rnd(&v->rng));
	run->mmio.abort = fuzz_below(&v->rng, 8) == 0;
	return irq_line(v);
}

static bool handle_console(struct fuzz_vcpu *v)
{
	struct hvx_run *run = v->run;
	unsigned int len = run->console.len, i;

	v->console++;
	switch (run->console.direction) {
	case HVX_CONSOLE_WRITE:
		if (len <= HVX_GUEST_WRITE_MAX)
			return true;
		break;
	case HVX_CONSOLE_READ:
		if (len > HVX_GUEST_READ_MAX)
			break;
		len = fuzz_below(&v->rng, len + 1);
		for (i = 0; i < len; i++)
			run->console.data[i] = fuzz_rnd(&v->rng);
		run->console.len = len;
		return true;
	}
	vcpu_failed(v, "console exit: direction %u, len %u",
		    run->console.direction, len);
	return false;
}

static const char *suberror_name(uint32_t e)
{
	static const char * const names[] = {
		[HVX_INTERNAL_MMIO_NISV] = "MMIO_NISV",
		[HVX_INTERNAL_IABT] = "IABT",
		[HVX_INTERNAL_S1PTW] = "S1PTW",
		[HVX_INTERNAL_SERROR] = "SERROR",
		[HVX_INTERNAL_UNHANDLED] = "UNHANDLED",
	};

	return e && e < ARRAY_SIZE(names) ? names[e] : NULL;
}

/*
 * An access without a syndrome: step over it, as a VMM may (GET_REGS,
 * pc + 4, SET_REGS), and run on. The registers hvx gives back must be
 * ones it takes: a VMM saving and restoring a vCPU does the same.
 */
static bool skip_insn(struct fuzz_vcpu *v)
{
	struct hvx_regs r;
	int rc = vcpu_get_regs(v->fd, &r);

	if (rc) {
		vcpu_failed(v, "HVX_VCPU_GET_REGS after an internal error: %s",
			    strerror(rc));
		return false;
	}
	if (r.pc != v->run->internal.pc) {
		vcpu_failed(v, "internal error at pc 0x%llx, GET_REGS pc 0x%llx",
			    (unsigned long long)v->run->internal.pc,
			    (unsigned long long)r.pc);
		return false;
	}
	r.pc += 4;
	rc = vcpu_set_regs(v->fd, &r);
	if (rc) {
		vcpu_failed(v,
			    "HVX_VCPU_SET_REGS of the registers GET_REGS gave (pstate 0x%llx): %s",
			    (unsigned long long)r.pstate, strerror(rc));
		return false;
	}
	v->skips++;
	return true;
}

/* true: run on. */
static bool handle_exit(struct fuzz_vcpu *v)
{
	struct hvx_run *run = v->run;
	const char *name;

	show_exit(v);
	switch (run->exit_reason) {
	case HVX_EXIT_MMIO:
		return handle_mmio(v);
	case HVX_EXIT_CONSOLE:
		return handle_console(v);
	case HVX_EXIT_SYSTEM_EVENT:
		if ((run->system_event.type != HVX_SYSTEM_EVENT_SHUTDOWN &&
		     run->system_event.type != HVX_SYSTEM_EVENT_RESET) ||
		    run->system_event.vcpu >= v->vm->g.nr_vcpus) {
			vcpu_failed(v, "system event type %u from vCPU %u",
				    run->system_event.type, run->system_event.vcpu);
			return false;
		}
		snprintf(v->end, sizeof(v->end), "SYSTEM_EVENT %s",
			 run->system_event.type == HVX_SYSTEM_EVENT_SHUTDOWN ?
			 "shutdown" : "reset");
		return false;
	case HVX_EXIT_INTERNAL_ERROR:
		name = suberror_name(run->internal.suberror);
		if (!name) {
			vcpu_failed(v, "internal error with suberror %u",
				    run->internal.suberror);
			return false;
		}
		if (run->internal.suberror == HVX_INTERNAL_MMIO_NISV &&
		    v->skips < MAX_SKIPS)
			return skip_insn(v);
		snprintf(v->end, sizeof(v->end), "INTERNAL_ERROR %s, EC 0x%02llx",
			 name, (unsigned long long)ESR_EC(run->internal.esr));
		return false;
	default:
		vcpu_failed(v, "exit_reason %u", run->exit_reason);
		return false;
	}
}

static void vcpu_loop(struct fuzz_vcpu *v)
{
	struct hvx_run *run = v->run;
	int rc;

	for (;;) {
		rc = vcpu_run(v->fd);
		if (rc == EINTR) {
			if (run->exit_reason != HVX_EXIT_INTR) {
				vcpu_failed(v, "HVX_VCPU_RUN -EINTR with exit_reason %u",
					    run->exit_reason);
				return;
			}
			if (atomic_load(&v->killed)) {
				v->stopped = true;
				return;
			}
			continue;
		}
		if (rc) {
			vcpu_failed(v, "HVX_VCPU_RUN: %s", strerror(rc));
			return;
		}
		v->exits++;
		if (!handle_exit(v))
			return;
	}
}

static void vcpu_go(struct fuzz_vcpu *v)
{
	wd_add(v);
	vcpu_loop(v);
	wd_remove(v);
	v->end_time = now_s();
	if (!v->stopped)
		atomic_store(&v->vm->over, true);
}

static void *vcpu_thread(void *arg)
{
	vcpu_go(arg);
	return NULL;
}

/* --- one VM -------------------------------------------------------------- */

static uint64_t vm_seed(unsigned long index)
{
	struct fuzz_rng r = { cfg.seed ^ (index * 0xd1342543de82ef95ULL) };

	return fuzz_rnd(&r);
}

static void dump_payload(const struct fuzz_vm *vm)
{
	FILE *f = fopen(cfg.dump, "wb");

	if (!f || fwrite(vm->g.payload, 4, vm->g.nr_words, f) != vm->g.nr_words)
		printf("# cannot write %s: %s\n", cfg.dump, strerror(errno));
	else
		printf("# payload (%u words) in %s\n", vm->g.nr_words, cfg.dump);
	if (f)
		fclose(f);
}

/*
 * Create the VM and find its sysfs folder: the one of this process's that
 * is new (creations are serialised for that).
 */
static pthread_mutex_t create_lock = PTHREAD_MUTEX_INITIALIZER;
#define MAX_DIRS	(2 * MAX_JOBS)

static void create_vm(struct fuzz_vm *vm)
{
	static char before[MAX_DIRS][96], after[MAX_DIRS][96];
	int nb, na, i, j;

	pthread_mutex_lock(&create_lock);
	nb = vm_dirs_of(getpid(), before, MAX_DIRS);
	vm->fd = vm_create(dev);
	na = vm->fd >= 0 ? vm_dirs_of(getpid(), after, MAX_DIRS) : 0;
	vm->dir[0] = '\0';
	for (i = 0; i < na && i < MAX_DIRS; i++) {
		for (j = 0; j < nb && j < MAX_DIRS; j++)
			if (!strcmp(after[i], before[j]))
				break;
		if (j >= nb || j >= MAX_DIRS) {
			memcpy(vm->dir, after[i], sizeof(vm->dir));
			break;
		}
	}
	pthread_mutex_unlock(&create_lock);
}

/* Guest RAM with the harness, its data and the payload. */
static int vm_load(struct fuzz_vm *vm)
{
	uint64_t data[7] = {
		[FD_CAP / 8] = vm->g.cap,
		[FD_START / 8] = FUZZ_PAYLOAD,
		[FD_END / 8] = FUZZ_PAYLOAD + 4ULL * vm->g.nr_words,
		[FD_REPORT / 8] = FUZZ_REPORT,
	};
	int rc;

	rc = vm_add_memory(vm->fd, FUZZ_RAM_BASE, FUZZ_RAM_SIZE);
	if (!rc)
		rc = vm_write(vm->fd, FUZZ_RAM_BASE, fuzz_harness,
			      fuzz_harness_end - fuzz_harness);
	if (!rc)
		rc = vm_write(vm->fd, FUZZ_DATA, data, sizeof(data));
	if (!rc)
		rc = vm_write(vm->fd, FUZZ_PAYLOAD, vm->g.payload,
			      4ULL * vm->g.nr_words);
	if (!rc && vm->g.mmu)
		rc = vm_write(vm->fd, FUZZ_TABLES, vm->g.tables,
			      sizeof(vm->g.tables));
	return rc;
}

/* The vGIC at QEMU virt's addresses, with the guest's number of INTIDs. */
static int vm_gic(struct fuzz_vm *vm)
{
	struct hvx_vm_gic p = { .nr_irqs = vm->g.nr_irqs,
				.dist_base = GUEST_GICD_BASE,
				.redist_base = GUEST_GICR_BASE };

	if (!vm_has_gic(vm))
		return 0;
	return ioctl(vm->fd, HVX_VM_CREATE_GIC, &p) ? errno : 0;
}

static int vcpu_setup(struct fuzz_vm *vm, unsigned int id)
{
	struct fuzz_vcpu *v = &vm->vcpu[id];
	struct hvx_regs regs;
	int rc;

	v->fd = vcpu_create(vm->fd, id, id && vm->g.vcpu1_off ?
				       HVX_VCPU_POWER_OFF : 0);
	if (v->fd < 0)
		return -v->fd;
	v->run = vcpu_map(dev, v->fd, &v->run_size);
	if (!v->run)
		return errno ? errno : EINVAL;
	rc = vcpu_get_regs(v->fd, &regs);
	if (rc)
		return rc;
	fuzz_regs(&vm->g, id, &regs);
	return vcpu_set_regs(v->fd, &regs);
}

/* After the run: registers readable, in a mode hvx documents. */
static bool check_regs(struct fuzz_vcpu *v, uint64_t *pstate)
{
	struct hvx_regs r;
	uint64_t mode;
	int rc = vcpu_get_regs(v->fd, &r);

	if (rc) {
		vcpu_failed(v, "HVX_VCPU_GET_REGS after the run: %s", strerror(rc));
		return false;
	}
	*pstate = r.pstate;
	if (cfg.only >= 0)
		printf("# vCPU %u at the end: pc 0x%llx pstate 0x%llx, ELR_EL1 0x%llx\n"
		       "#   ESR_EL1 0x%llx FAR_EL1 0x%llx SCTLR_EL1 0x%llx VBAR_EL1 0x%llx\n",
		       v->id, (unsigned long long)r.pc,
		       (unsigned long long)r.pstate,
		       (unsigned long long)r.elr_el1,
		       (unsigned long long)r.esr_el1,
		       (unsigned long long)r.far_el1,
		       (unsigned long long)r.sctlr_el1,
		       (unsigned long long)r.vbar_el1);
	mode = r.pstate & (PSR_MODE32 | 0xf);
	if (mode == PSR_MODE_EL0t || mode == PSR_MODE_EL1t ||
	    mode == PSR_MODE_EL1h)
		return true;
	if (mode == PSR_MODE32)		/* AArch32 User, EL0 */
		return true;
	vcpu_failed(v, "pstate 0x%llx after the run (%s)",
		    (unsigned long long)r.pstate, v->stopped ? "stopped" : v->end);
	return false;
}

/* How the VM ended: the first vCPU that ended by itself says. */
static void vm_outcome(struct fuzz_vm *vm, char *key, size_t len,
		       const struct fuzz_vcpu **rep)
{
	const struct fuzz_vcpu *first = NULL, *v;
	unsigned int i;

	*rep = NULL;
	for (i = 0; i < vm->g.nr_vcpus; i++) {
		v = &vm->vcpu[i];
		if (v->report_mask == 7)
			*rep = v;
		if (v->failed) {
			snprintf(key, len, "FAILED");
			return;
		}
		if (!v->stopped && (!first || v->end_time < first->end_time))
			first = v;
	}
	if (!first) {
		snprintf(key, len, "stopped at the time limit");
		return;
	}
	if (*rep && !strcmp(first->end, "SYSTEM_EVENT shutdown"))
		snprintf(key, len, "harness done: %s, last EC 0x%02llx",
			 (*rep)->report[0] >= vm->g.cap ? "exception cap" :
							   "left the payload",
			 (unsigned long long)ESR_EC((*rep)->report[1]));
	else
		snprintf(key, len, "%s", first->end);
}

static void vm_close(struct fuzz_vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->g.nr_vcpus; i++) {
		if (vm->vcpu[i].run)
			munmap(vm->vcpu[i].run, vm->vcpu[i].run_size);
		if (vm->vcpu[i].fd >= 0)
			close(vm->vcpu[i].fd);
	}
	if (vm->fd >= 0)
		close(vm->fd);
}

static void run_vm(struct fuzz_vm *vm, unsigned long index)
{
	const struct fuzz_vcpu *rep;
	unsigned int i, el0;
	uint64_t stats[NR_VM_STATS];
	double t_start = now_s(), t_run, t_ran;
	pthread_t t1;
	char key[96];
	uint64_t pstate;
	int rc;

	memset(vm, 0, offsetof(struct fuzz_vm, g));
	vm->index = index;
	vm->seed = vm_seed(index);
	fuzz_generate(&vm->g, vm->seed, cfg.aarch32);
	if (cfg.only >= 0 && cfg.words && cfg.words < vm->g.nr_words)
		vm->g.nr_words = cfg.words;
	if (cfg.only >= 0 && cfg.dump)
		dump_payload(vm);
	for (i = 0; i < FUZZ_MAX_VCPUS; i++) {
		vm->vcpu[i].vm = vm;
		vm->vcpu[i].id = i;
		vm->vcpu[i].fd = -1;
		vm->vcpu[i].rng.s = vm->seed ^ (i + 1);
	}

	create_vm(vm);
	if (vm->fd < 0) {
		failure(vm, "HVX_CREATE_VM: %s", strerror(-vm->fd));
		return;
	}
	rc = vm_load(vm);
	if (rc) {
		failure(vm, "guest memory: %s", strerror(rc));
		goto out;
	}
	rc = vm_gic(vm);
	if (rc) {
		failure(vm, "HVX_VM_CREATE_GIC: %s", strerror(rc));
		goto out;
	}
	for (i = 0; i < vm->g.nr_vcpus; i++) {
		rc = vcpu_setup(vm, i);
		if (rc) {
			failure(vm, "vCPU %u: %s", i, strerror(rc));
			goto out;
		}
	}

	t_run = now_s();
	vm->deadline = t_run + cfg.vm_s;
	if (vm->g.nr_vcpus > 1 &&
	    pthread_create(&t1, NULL, vcpu_thread, &vm->vcpu[1])) {
		failure(vm, "pthread_create failed");
		goto out;
	}
	vcpu_go(&vm->vcpu[0]);
	if (vm->g.nr_vcpus > 1)
		pthread_join(t1, NULL);
	t_ran = now_s();
	for (i = 0; i < vm->g.nr_vcpus; i++)
		if (check_regs(&vm->vcpu[i], &pstate) && (pstate & PSR_MODE32))
			snprintf(vm->vcpu[i].end + strlen(vm->vcpu[i].end),
				 sizeof(vm->vcpu[i].end) - strlen(vm->vcpu[i].end),
				 " (AArch32)");
	vm_outcome(vm, key, sizeof(key), &rep);
	for (i = 0; i < NR_VM_STATS; i++)
		stats[i] = vm->dir[0] ? vm_stat(vm->dir, vm_stats[i]) : 0;

	el0 = vm->g.pstate == PSR_MODE_EL0t;
	pthread_mutex_lock(&res_lock);
	for (i = 0; i < NR_VM_STATS; i++)
		if (stats[i] != UINT64_MAX)
			vm_stat_sums[i] += stats[i];
	count_outcome(key);
	nr_vms++;
	modes[vm->g.mode][el0]++;
	nr_mmu += vm->g.mmu;
	nr_words += vm->g.nr_words;
	for (i = 0; i < vm->g.nr_vcpus; i++) {
		nr_vcpus++;
		nr_exits += vm->vcpu[i].exits;
		nr_mmio += vm->vcpu[i].mmio;
		nr_console += vm->vcpu[i].console;
		nr_skips += vm->vcpu[i].skips;
		nr_straddles += vm->vcpu[i].straddles;
	}
	/* A count beyond the cap is one the payload overwrote. */
	if (rep && rep->report[0] <= vm->g.cap) {
		nr_reported++;
		nr_exceptions += rep->report[0];
	}
	pthread_mutex_unlock(&res_lock);
	if (cfg.verbose || cfg.only >= 0)
		printf("# VM %lu: %s %s%s, %u vCPU%s, %u words, cap %llu: %s\n"
		       "#   (%lu exits; set-up %.0f ms, run %.0f ms)\n",
		       index, fuzz_mode_name(vm->g.mode), el0 ? "EL0" : "EL1",
		       vm->g.mmu ? " MMU on" : "",
		       vm->g.nr_vcpus, vm->g.nr_vcpus > 1 ? "s" : "",
		       vm->g.nr_words, (unsigned long long)vm->g.cap, key,
		       vm->vcpu[0].exits + vm->vcpu[1].exits,
		       (t_run - t_start) * 1000, (t_ran - t_run) * 1000);
out:
	vm_close(vm);
}

static void *job(void *arg)
{
	struct fuzz_vm *vm = malloc(sizeof(*vm));
	unsigned long i;

	(void)arg;
	if (!vm)
		return NULL;
	for (;;) {
		i = atomic_fetch_add(&next_index, 1);
		if (cfg.only >= 0) {
			if (i)
				break;
			i = cfg.only;
		} else if ((cfg.vms && i >= cfg.vms) || now_s() >= end_time) {
			break;
		}
		if (atomic_load(&hang_seen))
			break;
		run_vm(vm, i);
	}
	free(vm);
	return NULL;
}

/* --- after the run ------------------------------------------------------- */

/*
 * A well-behaved guest: VERSION through the HVC door, its result stored
 * to GUEST_REPORT_ADDR, PSCI SYSTEM_OFF. NULL if it ran as it should.
 */
static const char *normal_guest(char *why, size_t len)
{
	struct guest_code c;
	struct hvx_regs r;
	struct hvx_run *run = NULL;
	size_t run_size = 0;
	int vm, vcpu = -1, rc;
	const char *err = why;
	char buf[160];

	code_init(&c, FUZZ_RAM_BASE);
	emit_mov64(&c, 0, HVX_GUEST_CALL_VERSION);
	emit(&c, A64_HVC0);
	emit_mov64(&c, 3, GUEST_REPORT_ADDR);
	emit(&c, A64_STR_X(1, 3));
	emit_mov64(&c, 0, PSCI_SYSTEM_OFF);
	emit(&c, A64_HVC0);
	emit(&c, A64_B_SELF);

	vm = vm_create(dev);
	if (vm < 0) {
		snprintf(why, len, "HVX_CREATE_VM: %s", strerror(-vm));
		return err;
	}
	rc = vm_add_memory(vm, FUZZ_RAM_BASE, 0x10000);
	if (!rc)
		rc = vm_write_code(vm, &c);
	vcpu = rc ? -1 : vcpu_create(vm, 0, 0);
	if (rc || vcpu < 0) {
		snprintf(why, len, "set-up: %s", strerror(rc ? rc : -vcpu));
		goto out;
	}
	run = vcpu_map(dev, vcpu, &run_size);
	rc = run ? vcpu_get_regs(vcpu, &r) : EINVAL;
	if (!rc) {
		r.pc = FUZZ_RAM_BASE;
		r.pstate = PSR_EL1h_MASKED;
		rc = vcpu_set_regs(vcpu, &r);
	}
	if (rc) {
		snprintf(why, len, "vCPU set-up: %s", strerror(rc));
		goto out;
	}
	alarm(10);
	rc = vcpu_run(vcpu);
	if (rc || run->exit_reason != HVX_EXIT_MMIO ||
	    run->mmio.phys_addr != GUEST_REPORT_ADDR || !run->mmio.is_write ||
	    mmio_data(run, 8) != HVX_GUEST_ABI_VERSION) {
		snprintf(why, len, "first exit: %s (%s), want the VERSION %#x stored",
			 rc ? strerror(rc) : "ok",
			 exit_str(run, buf, sizeof(buf)), HVX_GUEST_ABI_VERSION);
		goto out;
	}
	rc = vcpu_run(vcpu);
	if (rc || run->exit_reason != HVX_EXIT_SYSTEM_EVENT ||
	    run->system_event.type != HVX_SYSTEM_EVENT_SHUTDOWN) {
		snprintf(why, len, "second exit: %s (%s), want SYSTEM_EVENT shutdown",
			 rc ? strerror(rc) : "ok",
			 exit_str(run, buf, sizeof(buf)));
		goto out;
	}
	err = NULL;
out:
	alarm(0);
	if (run)
		munmap(run, run_size);
	if (vcpu >= 0)
		close(vcpu);
	close(vm);
	return err;
}

static void print_results(double secs)
{
	unsigned int i, j, best;
	unsigned long n;
	char key[96];

	/* most frequent first */
	for (i = 0; i < nr_outcomes; i++) {
		best = i;
		for (j = i + 1; j < nr_outcomes; j++)
			if (outcomes[j].n > outcomes[best].n)
				best = j;
		if (best != i) {
			n = outcomes[i].n;
			memcpy(key, outcomes[i].key, sizeof(key));
			outcomes[i] = outcomes[best];
			outcomes[best].n = n;
			memcpy(outcomes[best].key, key, sizeof(key));
		}
	}
	printf("# how the VMs ended:\n");
	for (i = 0; i < nr_outcomes; i++)
		printf("#   %6lu  %s\n", outcomes[i].n, outcomes[i].key);
	printf("# VMs by payload (EL1/EL0):");
	for (i = 0; i < FUZZ_MODES; i++)
		printf(" %s %lu/%lu", fuzz_mode_name(i), modes[i][0], modes[i][1]);
	printf("; %lu with the MMU on\n", nr_mmu);
	printf("# %lu VMs (%lu vCPUs) in %.1f s (%.1f VMs/s), %u at once,\n"
	       "#   %llu instructions generated\n",
	       nr_vms, nr_vcpus, secs, secs > 0 ? nr_vms / secs : 0.0,
	       cfg.jobs, nr_words);
	printf("# %llu exits to user space: %llu MMIO (%llu across an end of RAM), %llu console,\n"
	       "#   %llu accesses without syndrome stepped over\n",
	       nr_exits, nr_mmio, nr_straddles, nr_console, nr_skips);
	printf("# %lu harness reports, counting %llu exceptions taken by the guests\n",
	       nr_reported, nr_exceptions);
	printf("# summed over the VMs (their sysfs counters):");
	for (i = 0; i < NR_VM_STATS; i++)
		printf(" %s %llu", vm_stats[i], vm_stat_sums[i]);
	printf("\n");
}

/* GUEST_FUZZ_@name from the environment, a number, or @def. */
static double env_num(const char *name, double def)
{
	char var[64];
	const char *v;

	snprintf(var, sizeof(var), "GUEST_FUZZ_%s", name);
	v = getenv(var);
	return v && *v ? strtod(v, NULL) : def;
}

static void read_config(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char *seed = getenv("GUEST_FUZZ_SEED");
	double jobs;

	cfg.seed = seed && *seed ? strtoull(seed, NULL, 0) :
		   (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL ^ (uint64_t)getpid();
	cfg.seconds = env_num("SECONDS", 60);
	cfg.vms = env_num("VMS", 0);
	cfg.words = env_num("WORDS", 0);
	cfg.only = env_num("ONLY", -1);
	cfg.vm_s = env_num("VM_MS", 200) / 1000;
	/*
	 * Two VMs at once by default: under QEMU TCG with more vCPUs than
	 * host cores (make check: 4 on 2), every broadcast TLB or cache
	 * operation (hvx's, at each VM's set-up and teardown, and the
	 * guests') waits for all the busy vCPUs to be scheduled: 4 jobs run
	 * 20 times fewer VMs a second than 1, 2 jobs half as many.
	 */
	jobs = env_num("JOBS", cpus > 1 ? 2 : 1);
	cfg.jobs = jobs < 1 ? 1 : jobs > MAX_JOBS ? MAX_JOBS : jobs;
	if (cfg.only >= 0)
		cfg.jobs = 1;
	cfg.aarch32 = env_num("AARCH32", 0) != 0;
	cfg.gic = env_num("GIC", 1) != 0;
	cfg.verbose = env_num("VERBOSE", 0) != 0;
	cfg.dump = getenv("GUEST_FUZZ_DUMP");
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	pthread_t jobs[MAX_JOBS], wd;
	struct own_counts start, got;
	struct timespec until;
	unsigned int i, started = 0, warnings;
	bool stuck = false;
	int kmsg;
	double t0, secs;
	char why[256];

	setvbuf(stdout, NULL, _IOLBF, 0);
	read_config();
	printf("TAP version 13\n1..5\n");
	printf("# seed 0x%llx (replay: GUEST_FUZZ_SEED=0x%llx), %u VMs at once, %.0f ms each,\n"
	       "#   for %.0f s%s\n",
	       (unsigned long long)cfg.seed, (unsigned long long)cfg.seed,
	       cfg.jobs, cfg.vm_s * 1000, cfg.seconds,
	       cfg.aarch32 ? ", AArch32 EL0 allowed" : "");
	dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		printf("Bail out! open %s: %s (is hvx loaded? run as root)\n",
		       HVX_DEV, strerror(errno));
		return 1;
	}
	{
		struct hvx_version ver = { 0 };

		have_vgic = !ioctl(dev, HVX_GET_VERSION, &ver) &&
			    (ver.features & HVX_FEATURE_VGIC);
	}
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	own_counts_read(&start);
	kmsg = kmsg_open();

	t0 = now_s();
	end_time = t0 + cfg.seconds;
	pthread_create(&wd, NULL, watchdog, NULL);
	for (i = 0; i < cfg.jobs; i++)
		if (!pthread_create(&jobs[i], NULL, job, NULL))
			started++;
	/* A job stuck in the kernel is not waited for forever. */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += (time_t)(cfg.seconds + cfg.vm_s + 3 * HANG_S) + 30;
	for (i = 0; i < started; i++)
		if (pthread_timedjoin_np(jobs[i], NULL, &until))
			stuck = true;
	secs = now_s() - t0;
	atomic_store(&wd_quit, true);
	pthread_join(wd, NULL);
	print_results(secs);

	printf("%sok 1 every VM ended in a documented way (%lu VMs, %lu broken promises)\n",
	       nr_failures ? "not " : "", nr_vms, nr_failures);
	printf("%sok 2 every stopped vCPU came back from HVX_VCPU_RUN\n",
	       atomic_load(&hang_seen) || stuck ? "not " : "");
	if (stuck) {
		printf("not ok 3 page ownership counters back # SKIP a vCPU hangs\n");
		printf("not ok 4 a normal guest still runs # SKIP a vCPU hangs\n");
		printf("not ok 5 no kernel warnings # SKIP a vCPU hangs\n");
		fflush(stdout);
		_exit(1);
	}
	if (own_counts_wait(&start, &got, FREE_S))
		printf("ok 3 page ownership counters and nr_vms back at their start\n");
	else
		printf("not ok 3 page ownership counters back\n"
		       "# shared %llu -> %llu, donated %llu -> %llu, guest %llu -> %llu, nr_vms %llu -> %llu\n",
		       (unsigned long long)start.shared, (unsigned long long)got.shared,
		       (unsigned long long)start.donated, (unsigned long long)got.donated,
		       (unsigned long long)start.guest, (unsigned long long)got.guest,
		       (unsigned long long)start.vms, (unsigned long long)got.vms);
	if (!normal_guest(why, sizeof(why)))
		printf("ok 4 a well-behaved guest still runs (guest call, SYSTEM_OFF)\n");
	else
		printf("not ok 4 a well-behaved guest still runs: %s\n", why);
	if (kmsg < 0)
		printf("not ok 5 no kernel warnings: /dev/kmsg: %s\n", strerror(errno));
	else
		warnings = kmsg_warnings(kmsg, MAX_PRINTED);
	if (kmsg >= 0 && warnings)
		printf("not ok 5 no kernel warnings: %u logged at warning level or worse\n",
		       warnings);
	else if (kmsg >= 0)
		printf("ok 5 the kernel logged no warning or error meanwhile\n");
	close(dev);
	return nr_failures || atomic_load(&hang_seen) ? 1 : 0;
}
