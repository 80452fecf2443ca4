// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_ioctl_fuzz: a syzkaller-style fuzzer of hvx's ioctls, run in the
 * test VM: random sequences over every /dev/hvx, VM and vCPU ioctl
 * (uapi/linux/hvx.h) and the vCPU mmap, with random and boundary
 * arguments (values.h), from several processes at once, while VMs run
 * guests.
 *
 * Workers (forked, each in a memory cgroup of its own, cgroup.c):
 *   chaos  (chaos.c) one thread; keeps a few /dev/hvx, VM and vCPU fds
 *          (and foreign and closed fd numbers) and throws calls at them:
 *          known ioctls on the right or a wrong fd, unknown and wrongly
 *          sized commands, structs valid, mutated or random, at good and
 *          bad pointers (args.c); valid VMs, memory, vCPUs and short runs
 *          of whatever the guest RAM holds; dup, close, mmap, fork (the
 *          child's calls must get -EIO), vGICs (gic.c: CREATE_GIC and
 *          IRQ_LINE with exact results), ACPI generation from a mutated
 *          copy of the boot DT, reads of hvx's sysfs files.
 *   vm     (vm.c) runs VMs: RAM, a hostile guest (guest.c: random PSCI,
 *          hvx guest calls and MMIO from a table, or garbage, or a spin
 *          or WFI loop), 1-4 vCPUs each run by a thread, mostly a vGIC
 *          whose SPIs other threads drive (HVX_VM_IRQ_LINE) and whose
 *          registers the table guest writes, while its main
 *          thread fuzzes the same fds; then destroys them (sometimes the
 *          VM fd first) and the VM must leave sysfs; now and then a test
 *          guest under hvxctl run (hvxctl.c), sometimes killed.
 * Oracles (oracle.c): no worker dies of a signal or hangs; every errno
 * is one hvx returns; what the ABI rejects (flags, reserved fields,
 * sizes, ranges, ids, PSTATE, unreadable structs, other fds' commands,
 * another process's VM) is rejected; state rules hold (one vCPU per id,
 * no overlapping memory, none added or written after the first run);
 * exits report sane fields, MMIO never for guest RAM; registers read
 * back as set.
 * At the end (checks.c): the VM and page ownership counters and EL2's
 * pool are back at their start, each worker's memory cgroup uncharged,
 * nothing from hvx in the kernel log at warning level or worse, hvx
 * answers, and a normal guest still runs (raw ioctls, hvxctl run hello).
 * The test VM runner fails the boot on any oops or WARN.
 *
 * FUZZ_SEED=N replays: each worker draws its choices from the seed and
 * its number; what the calls return (and so the choices that depend on
 * it, such as which fds exist) can differ with the timing, and how the
 * workers interleave is the scheduler's.
 * FUZZ_CALLS (default 1000000), FUZZ_WORKERS (default 2 per CPU, at
 * least 4), FUZZ_VM_WORKERS (of them, default 1), FUZZ_SECONDS (time
 * limit, default 300: past it and a grace, a worker hangs), FUZZ_ONLY=K
 * (only worker K). TAP output, the figures as diagnostics.
 */
#include "fuzz.h"

/*
 * What a worker may leave charged once it and its VMs are gone: kernel
 * objects in caches. (memory.current also counts each CPU's stock of
 * pre-charged pages, up to 256 KiB a CPU: memory.stat is the measure.)
 */
#define CG_LEFT_MAX	(256ULL << 10)
#define GRACE_S		60	/* past the time limit: a hang */

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *s = getenv(name);
	char *end;
	uint64_t v;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtoull(s, &end, 0);
	return errno || *end ? def : v;
}

static int tap_n, tap_failed;

static void tap(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	tap_failed += !ok;
	fflush(stdout);
}

/* In the forked worker @k: never returns. */
static void worker_run(int k, uint64_t seed)
{
	struct worker w = { .idx = k, .st = &sh->w[k] };

	cg_join(k);
	w.r.s = seed ^ (0x9e3779b97f4a7c15ULL * (k + 1));
	rnd_u64(&w.r);
	if (fz_mem_init(&w.m)) {
		snprintf(w.st->fatal, sizeof(w.st->fatal), "scratch memory: %s",
			 strerror(errno));
		_exit(2);
	}
	if (w.st->role)
		vm_main(&w);
	else
		chaos_main(&w);
	_exit(0);
}

/* A worker's last calls, for the diagnostics of a failure. */
static void print_ring(const struct wstats *st)
{
	uint32_t pos = atomic_load(&st->ring_pos), i;

	printf("#   its last calls, oldest first:\n");
	for (i = pos > RING ? pos - RING : 0; i < pos; i++) {
		const struct call_rec *c = &st->ring[i % RING];

		printf("#     %s (0x%x) fd %d (%s) arg 0x%llx -> %d%s%s\n",
		       c->slot < NR_CMDS ? cmds[c->slot].name : "other",
		       c->cmd, c->fd, kind_name[c->kind % 5],
		       (unsigned long long)c->arg, c->ret,
		       c->ret < 0 ? " " : "", c->ret < 0 ? strerror(c->err) : "");
	}
}

/* What the run is: from the environment. */
struct config {
	uint64_t seed;
	int nworkers, nvm, only;
	double max_s;
	bool have_guests, cg;
};

static void config_read(struct config *cf, const char *argv0)
{
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	int fd;

	cf->seed = env_u64("FUZZ_SEED", 0);
	if (!getenv("FUZZ_SEED")) {
		fd = open("/dev/urandom", O_RDONLY);
		if (fd < 0 || read(fd, &cf->seed, sizeof(cf->seed)) !=
			      sizeof(cf->seed))
			cf->seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
		if (fd >= 0)
			close(fd);
	}
	cf->nworkers = env_u64("FUZZ_WORKERS", ncpus > 2 ? 2 * ncpus : 4);
	if (cf->nworkers < 1)
		cf->nworkers = 1;
	if (cf->nworkers > MAX_WORKERS)
		cf->nworkers = MAX_WORKERS;
	cf->nvm = env_u64("FUZZ_VM_WORKERS", 1);
	cf->only = (int)env_u64("FUZZ_ONLY", (uint64_t)-1);
	if (cf->only >= cf->nworkers)
		cf->only = -1;
	cf->max_s = env_u64("FUZZ_SECONDS", 300);
	cf->have_guests = find_guests(argv0);
}

static bool runs(const struct config *cf, int k)
{
	return cf->only < 0 || k == cf->only;
}

static const char *role_name(int k)
{
	return sh->w[k].role ? "vm" : "chaos";
}

/*
 * Wait for the workers; past the time limit and a grace they hang and
 * are killed. Counts those that crashed (a signal, or a non-zero exit)
 * and hung.
 */
static void wait_workers(const struct config *cf, double start, int *crashed,
			 int *hung)
{
	double last_note = start;
	int k, alive, status;
	pid_t p;

	for (;;) {
		p = waitpid(-1, &status, WNOHANG);
		if (p > 0) {
			for (k = 0; k < cf->nworkers; k++) {
				if (sh->w[k].pid != p)
					continue;
				sh->w[k].pid = -p;
				if (WIFEXITED(status) && !WEXITSTATUS(status))
					continue;
				++*crashed;
				printf("# worker %d (%s) ended with status 0x%x%s%s\n",
				       k, role_name(k), status,
				       sh->w[k].fatal[0] ? ": " : "", sh->w[k].fatal);
				print_ring(&sh->w[k]);
			}
			continue;
		}
		for (alive = 0, k = 0; k < cf->nworkers; k++)
			alive += sh->w[k].pid > 0;
		if (!alive)
			return;
		if (now_s() > sh->deadline + GRACE_S) {
			for (k = 0; k < cf->nworkers; k++) {
				if (sh->w[k].pid <= 0)
					continue;
				++*hung;
				printf("# worker %d (%s) hangs %d s past the time limit: killed\n",
				       k, role_name(k), GRACE_S);
				print_ring(&sh->w[k]);
				kill(sh->w[k].pid, SIGKILL);
			}
			sh->deadline = 1e18;	/* killed once */
		}
		if (now_s() - last_note >= 15) {
			last_note = now_s();
			printf("# %llu calls after %.0f s\n",
			       (unsigned long long)atomic_load(&sh->total),
			       last_note - start);
			fflush(stdout);
		}
		usleep(50000);
	}
}

/* The workers' counts, summed. */
struct totals {
	uint64_t calls, by_slot[NR_SLOTS], ok[NR_SLOTS], ns[NR_SLOTS];
	uint64_t exits[HVX_EXIT_STOPPED + 1];
	uint64_t vms, vcpus, children, acpi, guests, killed, surprises;
};

static void sum_up(const struct config *cf, struct totals *t)
{
	const struct wstats *st;
	unsigned int i;
	int k;

	memset(t, 0, sizeof(*t));
	for (k = 0; k < cf->nworkers; k++) {
		if (!runs(cf, k))
			continue;
		st = &sh->w[k];
		for (i = 0; i < NR_SLOTS; i++) {
			t->by_slot[i] += st->calls[i];
			t->ok[i] += st->ok[i];
			t->ns[i] += st->ns[i];
			t->calls += st->calls[i];
		}
		for (i = 0; i <= HVX_EXIT_STOPPED; i++)
			t->exits[i] += st->exits[i];
		t->vms += st->vms;
		t->vcpus += st->vcpus;
		t->children += st->children;
		t->acpi += st->acpi_ok;
		t->guests += st->guests;
		t->killed += st->guests_killed;
		t->surprises += st->surprises;
	}
}

static void report_surprises(const struct config *cf)
{
	unsigned int i;
	int k;

	for (k = 0; k < cf->nworkers; k++) {
		if (!sh->w[k].surprises)
			continue;
		printf("# worker %d (%s): %llu unexpected results, the first:\n",
		       k, role_name(k), (unsigned long long)sh->w[k].surprises);
		for (i = 0; i < NR_SURPRISES && i < sh->w[k].surprises; i++)
			printf("#   %s\n", sh->w[k].surprise[i]);
		print_ring(&sh->w[k]);
	}
}

static void check_guests(const struct config *cf, const struct totals *t)
{
	uint64_t bad = 0;
	unsigned int i;

	if (!cf->have_guests) {
		printf("ok %d - test guests under hvxctl run # SKIP no guests/ or hvxctl\n",
		       ++tap_n);
		return;
	}
	for (i = 0; i < nr_test_guests(); i++)
		bad += sh->guest_bad[i];
	tap(!bad, "test guests under hvxctl run: %llu run (%llu killed), %llu ended wrongly%s%s",
	    (unsigned long long)t->guests, (unsigned long long)t->killed,
	    (unsigned long long)bad, bad ? ": " : "", bad ? sh->guest_fail : "");
}

static void check_cgroups(const struct config *cf)
{
	uint64_t most = 0, ooms = 0, v;
	int k;

	if (!cf->cg) {
		printf("ok %d - memory cgroups # SKIP no memory controller\n",
		       ++tap_n);
		return;
	}
	for (k = 0; k < cf->nworkers; k++) {
		if (!runs(cf, k))
			continue;
		v = cg_value(k, "memory.stat", "anon") +
		    cg_value(k, "memory.stat", "file") +
		    cg_value(k, "memory.stat", "kernel");
		if (v > CG_LEFT_MAX)
			printf("#   worker %d: anon %llu file %llu kernel %llu bytes\n",
			       k, (unsigned long long)cg_value(k, "memory.stat", "anon"),
			       (unsigned long long)cg_value(k, "memory.stat", "file"),
			       (unsigned long long)cg_value(k, "memory.stat", "kernel"));
		most = v > most ? v : most;
		v = cg_value(k, "memory.events", "oom_kill");
		ooms += v == UINT64_MAX ? 0 : v;
	}
	cg_cleanup(cf->nworkers);
	tap(most <= CG_LEFT_MAX && !ooms,
	    "memory cgroups: at most %llu bytes left to a worker (allowed %llu), %llu OOM kills",
	    (unsigned long long)most, (unsigned long long)CG_LEFT_MAX,
	    (unsigned long long)ooms);
}

static void check_hvx_answers(void)
{
	struct hvx_version v = { 0 };
	struct hvx_cpu_status cpus[MAX_WORKERS * 8];
	struct hvx_status s = { .nr_cpus = MAX_WORKERS * 8,
				.cpus = (uintptr_t)cpus };
	int dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	bool ok;

	ok = dev >= 0 && !hvx_ioctl(dev, HVX_GET_VERSION, &v) &&
	     v.api_version == HVX_API_VERSION &&
	     !hvx_ioctl(dev, HVX_GET_STATUS, &s) &&
	     s.nr_hyp == s.nr_online && s.nr_online > 0;
	tap(ok, "hvx answers: API %u, %u of %u online CPUs under hvx",
	    v.api_version, s.nr_hyp, s.nr_online);
	if (dev >= 0)
		close(dev);
}

static void print_figures(const struct config *cf, const struct totals *t,
			  double secs)
{
	unsigned int i;

	printf("# figures: %llu calls in %.1f s (%.0f/s), %d workers, seed %llu\n",
	       (unsigned long long)t->calls, secs, t->calls / secs,
	       cf->only >= 0 ? 1 : cf->nworkers, (unsigned long long)cf->seed);
	printf("#   by call (made/succeeded, mean time):");
	for (i = 0; i < NR_SLOTS; i++)
		printf("%s %s %llu/%llu %.0f us", i % 3 ? "," : "\n#    ",
		       i < NR_CMDS ? cmds[i].name : i == C_OTHER ? "other" : "mmap",
		       (unsigned long long)t->by_slot[i],
		       (unsigned long long)t->ok[i],
		       t->by_slot[i] ? t->ns[i] / 1e3 / t->by_slot[i] : 0.0);
	printf("\n#   VMs %llu, vCPUs %llu, ACPI generations %llu, child processes %llu\n",
	       (unsigned long long)t->vms, (unsigned long long)t->vcpus,
	       (unsigned long long)t->acpi, (unsigned long long)t->children);
	printf("#   guest exits: MMIO %llu, system event %llu, internal error %llu,",
	       (unsigned long long)t->exits[HVX_EXIT_MMIO],
	       (unsigned long long)t->exits[HVX_EXIT_SYSTEM_EVENT],
	       (unsigned long long)t->exits[HVX_EXIT_INTERNAL_ERROR]);
	printf(" console %llu, stopped %llu\n",
	       (unsigned long long)t->exits[HVX_EXIT_CONSOLE],
	       (unsigned long long)t->exits[HVX_EXIT_STOPPED]);
	if (!cf->have_guests)
		return;
	printf("#   hvxctl run:");
	for (i = 0; i < nr_test_guests(); i++)
		printf(" %s %llu", test_guest_name(i),
		       (unsigned long long)sh->guest_runs[i]);
	printf("\n");
}

/* The shared memory, between PROT_NONE pages: what runs over, faults. */
static struct shared *shared_alloc(void)
{
	size_t len = (sizeof(struct shared) + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
	uint8_t *p = mmap(NULL, len + 2 * FZ_PAGE, PROT_NONE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED ||
	    mprotect(p + FZ_PAGE, len, PROT_READ | PROT_WRITE))
		return NULL;
	return (void *)(p + FZ_PAGE);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	int k, kmsg, dev, crashed = 0, hung = 0;
	struct counts base, now;
	pid_t pid;
	struct config cf;
	struct totals t;
	double start, end;
	char why[200];
	bool ok;

	(void)argc;
	config_read(&cf, argv[0]);
	sh = shared_alloc();
	if (!sh)
		return 1;
	sh->target = env_u64("FUZZ_CALLS", 1000000);
	sh->magic = SH_MAGIC;
	for (k = 0; k < MAX_WORKERS; k++)
		sh->w[k].magic = SH_MAGIC;
	printf("TAP version 13\n");
	printf("# FUZZ_SEED=%llu FUZZ_CALLS=%llu FUZZ_WORKERS=%d FUZZ_SECONDS=%.0f",
	       (unsigned long long)cf.seed, (unsigned long long)sh->target,
	       cf.nworkers, cf.max_s);
	if (cf.only >= 0)
		printf(" FUZZ_ONLY=%d", cf.only);
	printf(" (these replay the run)\n");
	/* Out before anything can hang: a frozen run still shows its seed. */
	fflush(stdout);

	dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		tap(false, "%s opens: %s (is hvx loaded? root?)", HVX_DEV,
		    strerror(errno));
		printf("1..%d\n", tap_n);
		return 1;
	}
	{
		struct hvx_version v = { 0 };

		/* which answer HVX_VM_CREATE_GIC gives: gic.c */
		gic_feature = !hvx_ioctl(dev, HVX_GET_VERSION, &v) &&
			      (v.features & HVX_FEATURE_VGIC);
	}
	close(dev);
	/* No SA_RESTART: SIGALRM and SIGUSR1 interrupt HVX_VCPU_RUN. */
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	counts_read(&base);
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg >= 0)
		lseek(kmsg, 0, SEEK_END);
	cf.cg = cg_setup();

	start = now_s();
	sh->deadline = start + cf.max_s;
	fflush(stdout);
	for (k = 0; k < cf.nworkers; k++) {
		sh->w[k].role = k < cf.nvm;	/* runs VMs */
		if (!runs(&cf, k))
			continue;
		/* shared memory: only the parent writes the pid */
		pid = fork();
		if (pid == 0)
			worker_run(k, cf.seed);
		sh->w[k].pid = pid;
	}
	wait_workers(&cf, start, &crashed, &hung);
	end = now_s();
	atomic_store(&sh->stop, 1);
	sum_up(&cf, &t);

	tap(!crashed && !hung, "workers: %d, none crashed (%d) or hung (%d)",
	    cf.only >= 0 ? 1 : cf.nworkers, crashed, hung);
	tap(t.calls >= sh->target, "calls: %llu in %.1f s (at least %llu)",
	    (unsigned long long)t.calls, end - start,
	    (unsigned long long)sh->target);
	tap(!t.surprises, "every result as the ABI says: %llu unexpected",
	    (unsigned long long)t.surprises);
	report_surprises(&cf);
	check_guests(&cf, &t);
	tap(!kmsg_check(kmsg), "kernel log: nothing from hvx at warning level or worse");
	ok = counts_back(&base, &now, FREE_TIMEOUT_S);
	tap(ok, "no VM left, page ownership counters back at their start");
	if (!ok)
		counts_print("start", &base);
	counts_print(ok ? "end" : "now", &now);
	check_cgroups(&cf);
	check_hvx_answers();
	why[0] = '\0';
	tap(normal_guest(why, sizeof(why)), "a normal guest runs: SYSTEM_OFF through PSCI%s%s",
	    why[0] ? ": " : "", why);
	k = hello_after(why, sizeof(why));
	if (k < 0)
		printf("ok %d - hvxctl run hello still works # SKIP no guests/ or hvxctl\n",
		       ++tap_n);
	else
		tap(k, "hvxctl run hello still works (%s)", why);
	ok = counts_back(&base, &now, FREE_TIMEOUT_S);
	tap(ok, "after those guests too, the counters are back at their start");
	print_figures(&cf, &t, end - start);
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
