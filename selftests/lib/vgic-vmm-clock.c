// SPDX-License-Identifier: GPL-2.0
/*
 * The clock group of lib/vgic-vmm (hvx_clock_guests.sh): guest time
 * scaling. The clock guest (guests/clock.c says what it checks) runs with
 * its counter at half, once and three times the host's frequency
 * (HVX_VM_SET_CLOCK before its first run; the last with
 * HVX_CLOCK_OFFSET), told the frequency by its bootarg hvx-freq. Here, in
 * user space:
 *   - before any SET_CLOCK, GET_CLOCK: the host's frequency, mult 1,
 *     shift 0, not HVX_CLOCK_SCALED; sysfs clock_scaled 0
 *   - SET_CLOCK at HVX_CLOCK_FREQ_MIN and HVX_CLOCK_FREQ_MAX (garbage in
 *     its out fields): accepted, mult / 2^shift that rate within 1 ppm
 *   - GET_CLOCK's guest_count is the formula at its host_count; sysfs
 *     clock_freq the frequency, clock_scaled 1
 *   - while the guest runs, a thread moves its vCPU thread between the
 *     host's CPUs every 2 ms
 *   - when the guest asks (test device TESTDEV_CLOCK, in its rebase
 *     section), from another thread: bad input (freq 0, below the min,
 *     above the max, unknown flags, reserved not 0, HVX_CLOCK_OFFSET after
 *     the first run; GET_CLOCK with flags) fails with EINVAL or EBUSY and
 *     changes nothing; a storm of 8000 re-bases back to back (3x and 1/2x
 *     the host's, while the guest reads on another CPU); then four re-bases
 *     200 ms apart (3x, 1/2x, 3x, 2x the host's); each continues the
 *     count: the new base is the old formula at the new offset
 *   - after the run: GET_CLOCK and clock_freq show the last frequency
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hvx_vm.h"
#include "vgic-vmm.h"

/* The test device's clock registers (guests/clock.c) */
#define TESTDEV_CLOCK		0x20
#define TESTDEV_CLOCK_FREQ	0x28
#define CLOCK_FAILED		0xffffffffU

#define NR_REBASES	4
#define STORM_SETS	8000
#define REBASE_GAP_US	200000
#define MOVE_GAP_US	2000
#define NOTES_MAX	24
#define MULT_PPM_MAX	1
#define GOOD		1	/* clock_bad_input(): a good frequency */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct clock_run {
	uint64_t host_freq, freq;
	bool use_offset;
	char dir[96];		/* the VM's sysfs folder */
	pthread_t mover, rebaser;
	bool mover_on, rebaser_on;
	atomic_bool stop;
	atomic_uint left;	/* re-bases still to do, or CLOCK_FAILED */
	atomic_ullong last_freq;
	unsigned int moves, nr_cpus;
	/* the other threads' results, reported after the run */
	unsigned int nr_notes;
	struct {
		bool ok;
		char text[300];
	} notes[NOTES_MAX];
};

static void note(struct clock_run *c, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void note(struct clock_run *c, bool ok, const char *fmt, ...)
{
	va_list ap;

	if (c->nr_notes >= NOTES_MAX)
		return;
	c->notes[c->nr_notes].ok = ok;
	va_start(ap, fmt);
	vsnprintf(c->notes[c->nr_notes].text, sizeof(c->notes[0].text), fmt, ap);
	va_end(ap);
	c->nr_notes++;
}

static uint64_t cntfrq(void)
{
	uint64_t v;

	asm volatile("mrs %0, cntfrq_el0" : "=r" (v));
	return v;
}

static int get_clock(int vm, struct hvx_vm_clock *c)
{
	memset(c, 0, sizeof(*c));
	return hvx_ioctl(vm, HVX_VM_GET_CLOCK, c);
}

static int set_clock(int vm, uint32_t flags, uint64_t freq, uint64_t offset,
		     struct hvx_vm_clock *c)
{
	memset(c, 0, sizeof(*c));
	c->flags = flags;
	c->freq = freq;
	c->offset = offset;
	return hvx_ioctl(vm, HVX_VM_SET_CLOCK, c);
}

/* The guest's count at host count @host, by the uapi's formula. */
static uint64_t clock_eval(const struct hvx_vm_clock *c, uint64_t host)
{
	unsigned __int128 p = (unsigned __int128)(host - c->offset) * c->mult;

	return c->base + (uint64_t)(p >> c->shift);
}

/* mult / 2^shift is freq / host_freq within MULT_PPM_MAX. */
static bool clock_mult_ok(const struct hvx_vm_clock *c, uint64_t freq)
{
	unsigned __int128 want, got, diff;

	if (c->shift >= 64 || !c->host_freq)
		return false;
	want = (unsigned __int128)freq << c->shift;
	got = (unsigned __int128)c->mult * c->host_freq;
	diff = want > got ? want - got : got - want;
	return diff * (1000000 / MULT_PPM_MAX) <= want;
}

static const char *clock_str(const struct hvx_vm_clock *c, char *buf,
			     size_t len)
{
	snprintf(buf, len,
		 "flags 0x%x freq %llu mult 0x%llx shift %u base 0x%llx offset 0x%llx, guest 0x%llx at host 0x%llx",
		 c->flags, (unsigned long long)c->freq,
		 (unsigned long long)c->mult, c->shift,
		 (unsigned long long)c->base, (unsigned long long)c->offset,
		 (unsigned long long)c->guest_count,
		 (unsigned long long)c->host_count);
	return buf;
}

/* A number in the VM's sysfs folder, or ~0 if it cannot be read. */
static uint64_t clock_sysfs(struct clock_run *c, const char *name)
{
	return c->dir[0] ? vm_stat(c->dir, name) : ~0ULL;
}

/* GET_CLOCK agrees with freq and its own formula; sysfs too. */
static void check_clock_state(struct gvm *vm, struct clock_run *c,
			      uint64_t freq, const char *when)
{
	struct hvx_vm_clock k;
	char buf[300];
	int rc = get_clock(vm->fd, &k);

	result(!rc && k.freq == freq && (k.flags & HVX_CLOCK_SCALED) &&
	       k.host_freq == c->host_freq && clock_mult_ok(&k, freq) &&
	       clock_eval(&k, k.host_count) == k.guest_count,
	       "%s: %s: GET_CLOCK: %llu Hz, scaled, guest_count = base + ((host_count - offset) * mult) >> shift (%s: %s)",
	       vm->label, when, (unsigned long long)freq,
	       rc ? strerror(rc) : "ok", clock_str(&k, buf, sizeof(buf)));
	result(clock_sysfs(c, "clock_freq") == freq &&
	       clock_sysfs(c, "clock_scaled") == 1,
	       "%s: %s: sysfs clock_freq %llu, clock_scaled 1 (%lld, %lld)",
	       vm->label, when, (unsigned long long)freq,
	       (long long)clock_sysfs(c, "clock_freq"),
	       (long long)clock_sysfs(c, "clock_scaled"));
}

/* vm->prepare: the clock of a VM that has not run yet. */
static bool clock_prepare(struct gvm *vm)
{
	static const uint64_t edges[] = { HVX_CLOCK_FREQ_MIN, HVX_CLOCK_FREQ_MAX };
	struct clock_run *c = vm->priv;
	struct hvx_vm_clock k;
	uint64_t offset = 0;
	char buf[300];
	unsigned int i;
	int rc;

	if (vm_dirs_of(getpid(), &c->dir, 1) != 1)
		c->dir[0] = '\0';
	rc = get_clock(vm->fd, &k);
	result(!rc && !(k.flags & HVX_CLOCK_SCALED) && k.freq == c->host_freq &&
	       k.host_freq == c->host_freq && k.mult == 1 && !k.shift &&
	       clock_sysfs(c, "clock_scaled") == 0,
	       "%s: before SET_CLOCK: the host's %llu Hz, mult 1, shift 0, not scaled, sysfs clock_scaled 0 (%s: %s; %lld)",
	       vm->label, (unsigned long long)c->host_freq,
	       rc ? strerror(rc) : "ok", clock_str(&k, buf, sizeof(buf)),
	       (long long)clock_sysfs(c, "clock_scaled"));
	offset = k.host_count;

	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		memset(&k, 0x5a, sizeof(k));	/* its out fields: ignored */
		k.flags = 0;
		k.freq = edges[i];
		memset(k.reserved, 0, sizeof(k.reserved));
		rc = hvx_ioctl(vm->fd, HVX_VM_SET_CLOCK, &k);
		result(!rc && k.freq == edges[i] && clock_mult_ok(&k, edges[i]),
		       "%s: SET_CLOCK %llu Hz (the %s; garbage in the out fields): mult / 2^shift within %d ppm (%s: %s)",
		       vm->label, (unsigned long long)edges[i], i ? "max" : "min",
		       MULT_PPM_MAX, rc ? strerror(rc) : "ok",
		       clock_str(&k, buf, sizeof(buf)));
	}

	rc = set_clock(vm->fd, c->use_offset ? HVX_CLOCK_OFFSET : 0, c->freq,
		       offset, &k);
	if (rc) {
		snprintf(vm->why, sizeof(vm->why), "SET_CLOCK %llu Hz: %s",
			 (unsigned long long)c->freq, strerror(rc));
		return false;
	}
	if (c->use_offset)
		result(!k.base && k.offset == offset &&
		       k.guest_count < c->freq * 10,
		       "%s: SET_CLOCK with HVX_CLOCK_OFFSET: base 0, the offset given, the count since then (%s)",
		       vm->label, clock_str(&k, buf, sizeof(buf)));
	check_clock_state(vm, c, c->freq, "before the run");
	atomic_store(&c->last_freq, c->freq);
	return true;
}

/* Moves the vCPU's thread from host CPU to host CPU while the VM runs. */
static void *mover_thread(void *arg)
{
	struct gvm *vm = arg;
	struct clock_run *c = vm->priv;
	unsigned int cpu = 0;

	while (!atomic_load(&c->stop) && !atomic_load(&vm->stop)) {
		cpu = (cpu + 1) % c->nr_cpus;
		pin_to(vm->vcpu[0].thread, cpu);
		c->moves++;
		usleep(MOVE_GAP_US);
	}
	return NULL;
}

/* Bad SET_CLOCK/GET_CLOCK input while the guest runs: refused, no change. */
static void clock_bad_input(struct gvm *vm, struct clock_run *c)
{
	/* freq GOOD: a good one, so that only the other field is bad */
	static const struct {
		const char *what;
		uint32_t flags;
		uint64_t freq;
		unsigned int reserved;	/* 1 + the index set to 1, or 0 */
		int err;
	} bad[] = {
		{ "freq 0", 0, 0, 0, EINVAL },
		{ "freq HVX_CLOCK_FREQ_MIN - 1", 0, HVX_CLOCK_FREQ_MIN - 1, 0, EINVAL },
		{ "freq HVX_CLOCK_FREQ_MAX + 1", 0, HVX_CLOCK_FREQ_MAX + 1, 0, EINVAL },
		{ "freq 2^64 - 1", 0, ~0ULL, 0, EINVAL },
		{ "unknown flag 0x80", 0x80, GOOD, 0, EINVAL },
		{ "flag HVX_CLOCK_SCALED (GET's)", HVX_CLOCK_SCALED, GOOD, 0, EINVAL },
		{ "reserved[0] 1", 0, GOOD, 1, EINVAL },
		{ "reserved[3] 1", 0, GOOD, 4, EINVAL },
		{ "HVX_CLOCK_OFFSET after the first run", HVX_CLOCK_OFFSET, GOOD, 0,
		  EBUSY },
	};
	uint64_t was = atomic_load(&c->last_freq);
	struct hvx_vm_clock k;
	unsigned int i, wrong = 0;
	char first[160] = "none";
	int rc;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&k, 0, sizeof(k));
		k.flags = bad[i].flags;
		k.freq = bad[i].freq == GOOD ? 2 * c->host_freq : bad[i].freq;
		if (bad[i].reserved)
			k.reserved[bad[i].reserved - 1] = 1;
		rc = hvx_ioctl(vm->fd, HVX_VM_SET_CLOCK, &k);
		if (rc != bad[i].err && wrong++ == 0)
			snprintf(first, sizeof(first), "%s: %s, not %s",
				 bad[i].what, rc ? strerror(rc) : "accepted",
				 strerror(bad[i].err));
	}
	memset(&k, 0, sizeof(k));
	k.flags = 1;
	rc = hvx_ioctl(vm->fd, HVX_VM_GET_CLOCK, &k);
	if (rc != EINVAL && wrong++ == 0)
		snprintf(first, sizeof(first), "GET_CLOCK flags 1: %s, not EINVAL",
			 rc ? strerror(rc) : "accepted");
	note(c, !wrong,
	     "SET_CLOCK with bad input while the guest runs: EINVAL (EBUSY for HVX_CLOCK_OFFSET) each time (%u of %zu wrong; first: %s)",
	     wrong, ARRAY_SIZE(bad) + 1, first);
	rc = get_clock(vm->fd, &k);
	note(c, !rc && k.freq == was && !atomic_load(&vm->stop),
	     "after the bad input: still %llu Hz (%llu), the VM still running",
	     (unsigned long long)was, (unsigned long long)k.freq);
}

/* Re-bases back to back: each continues the count of the one before. */
static void clock_storm(struct gvm *vm, struct clock_run *c)
{
	const uint64_t h = c->host_freq;
	struct hvx_vm_clock prev, k;
	char first[700] = "none", buf[300], buf2[300];
	unsigned int i, broken = 0;
	double t0 = now_s();
	int rc = get_clock(vm->fd, &prev);

	for (i = 0; !rc && i < STORM_SETS; i++) {
		rc = set_clock(vm->fd, 0, i & 1 ? h / 2 : 3 * h, 0, &k);
		if (rc)
			break;
		atomic_store(&c->last_freq, k.freq);
		if ((k.offset < prev.host_count ||
		     k.base != clock_eval(&prev, k.offset)) && !broken++)
			snprintf(first, sizeof(first), "%u: before: %s; after: %s",
				 i, clock_str(&prev, buf, sizeof(buf)),
				 clock_str(&k, buf2, sizeof(buf2)));
		prev = k;
	}
	note(c, !rc && !broken,
	     "a storm of %u re-bases (3x, 1/2x the host's) in %.0f ms while the guest ran: each continues the count (%s; %u did not; first: %s)",
	     i, (now_s() - t0) * 1000, rc ? strerror(rc) : "ok", broken, first);
}

/* The re-bases the guest asked for, from this thread while it runs. */
static void *rebaser_thread(void *arg)
{
	struct gvm *vm = arg;
	struct clock_run *c = vm->priv;
	const uint64_t h = c->host_freq;
	const uint64_t freqs[NR_REBASES] = { 3 * h, h / 2, 3 * h, 2 * h };
	struct hvx_vm_clock before, k;
	char buf[300], buf2[300];
	unsigned int i;
	int rc;

	clock_bad_input(vm, c);
	clock_storm(vm, c);
	for (i = 0; i < NR_REBASES; i++) {
		usleep(REBASE_GAP_US);
		rc = get_clock(vm->fd, &before);
		if (!rc)
			rc = set_clock(vm->fd, 0, freqs[i], 0, &k);
		if (!rc)
			atomic_store(&c->last_freq, freqs[i]);
		/*
		 * Continuous: the new base is the old count at the new
		 * offset, later than what GET_CLOCK read before.
		 */
		if (rc || k.freq != freqs[i] || k.offset < before.host_count ||
		    k.base != clock_eval(&before, k.offset) ||
		    clock_eval(&k, k.host_count) != k.guest_count) {
			note(c, false,
			     "re-base %u to %llu Hz continues the count (%s; before: %s; after: %s)",
			     i + 1, (unsigned long long)freqs[i],
			     rc ? strerror(rc) : "ok",
			     clock_str(&before, buf, sizeof(buf)),
			     clock_str(&k, buf2, sizeof(buf2)));
			atomic_store(&c->left, CLOCK_FAILED);
			return NULL;
		}
		atomic_store(&c->left, NR_REBASES - 1 - i);
	}
	note(c, true,
	     "%u re-bases while the guest ran (%llu, %llu, %llu, %llu Hz): each new base the old count at the new offset",
	     NR_REBASES, (unsigned long long)freqs[0],
	     (unsigned long long)freqs[1], (unsigned long long)freqs[2],
	     (unsigned long long)freqs[3]);
	return NULL;
}

/* vm->testdev: the guest's TESTDEV_CLOCK registers. */
static bool clock_testdev(struct gvm *vm, struct hvx_run *run, uint64_t off)
{
	struct clock_run *c = vm->priv;

	switch (off) {
	case TESTDEV_CLOCK:
		if (!run->mmio.is_write) {
			mmio_set_data(run, atomic_load(&c->left));
		} else if (!c->rebaser_on) {
			c->rebaser_on = !pthread_create(&c->rebaser, NULL,
							rebaser_thread, vm);
			if (!c->rebaser_on)
				atomic_store(&c->left, CLOCK_FAILED);
		}
		return true;
	case TESTDEV_CLOCK_FREQ:
		if (!run->mmio.is_write)
			mmio_set_data(run, atomic_load(&c->last_freq));
		return true;
	}
	return false;
}

/* The clock guest at freq Hz; with_offset: set with HVX_CLOCK_OFFSET. */
static void run_clock(struct clock_run *c, const char *name, uint64_t freq,
		      bool with_offset)
{
	struct gvm *vm = calloc(1, sizeof(*vm));
	char args[64];
	unsigned int i;

	if (!vm)
		exit(1);
	memset(c, 0, sizeof(*c));
	c->host_freq = cntfrq();
	c->freq = freq;
	c->use_offset = with_offset;
	c->nr_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	atomic_store(&c->left, NR_REBASES);
	snprintf(args, sizeof(args), "hvx-freq=%llu", (unsigned long long)freq);
	vm_setup(vm, "clock", 1, 64, args);
	snprintf(vm->label, sizeof(vm->label), "clock at %s (%llu Hz%s)",
		 name, (unsigned long long)freq, with_offset ? ", offset" : "");
	vm->prepare = clock_prepare;
	vm->testdev = clock_testdev;
	vm->priv = c;
	if (vm_start(vm)) {
		if (c->nr_cpus >= 2)
			c->mover_on = !pthread_create(&c->mover, NULL,
						      mover_thread, vm);
		while (!atomic_load(&vm->stop) &&
		       now_s() - vm->start < run_timeout_s)
			usleep(20000);
		/* before vm_wait() joins the vCPU thread it moves */
		atomic_store(&c->stop, true);
		if (c->mover_on)
			pthread_join(c->mover, NULL);
		vm_wait(vm, run_timeout_s);
	}
	if (c->rebaser_on)
		pthread_join(c->rebaser, NULL);
	vm_report(vm);
	if (vm->start > 0) {
		result(c->mover_on && c->moves > 0,
		       "%s: its vCPU thread moved between %u host CPUs %u times meanwhile",
		       vm->label, c->nr_cpus, c->moves);
		for (i = 0; i < c->nr_notes; i++)
			result(c->notes[i].ok, "%s: %s", vm->label,
			       c->notes[i].text);
		result(c->rebaser_on, "%s: the guest asked for the re-bases",
		       vm->label);
		check_clock_state(vm, c, atomic_load(&c->last_freq), "after the run");
	}
	vm_close(vm);
	free(vm);
}

void run_clock_group(void)
{
	struct clock_run *c = malloc(sizeof(*c));
	struct hvx_version ver;
	uint64_t h = cntfrq();
	int dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);

	memset(&ver, 0, sizeof(ver));
	if (!c || dev < 0 || hvx_ioctl(dev, HVX_GET_VERSION, &ver) ||
	    ver.api_version < 6 || !(ver.features & HVX_FEATURE_CLOCK)) {
		result(false,
		       "clock: hvx offers HVX_FEATURE_CLOCK, API 6 (API %u, features 0x%llx)",
		       ver.api_version, (unsigned long long)ver.features);
		free(c);
		if (dev >= 0)
			close(dev);
		return;
	}
	close(dev);
	run_clock(c, "host/2", h / 2, false);
	run_clock(c, "the host's", h, false);
	run_clock(c, "3x host", 3 * h, true);
	free(c);
}
