// SPDX-License-Identifier: GPL-2.0
/*
 * Running a VM: one thread per vCPU, each calling HVX_VCPU_RUN on its own
 * vCPU fd and handling the exits it reports; the calling thread (the
 * waiter) waits for the end.
 *
 * The VM ends at the first of: a vCPU's system event or error, a stop
 * (HVX_EXIT_STOPPED: hvxctl stop, from another process), the timeout, or
 * SIGINT, SIGTERM or SIGHUP. The waiter then stops every vCPU
 * thread: it sets vm->stopping, sets each hvx_run's immediate_exit (a
 * thread between two runs then gets -EINTR at once instead of entering
 * the guest again) and sends each thread SIG_KICK (a thread inside
 * HVX_VCPU_RUN, in the guest, in WFI or powered off, returns -EINTR: hvx
 * checks for a pending signal before every guest entry).
 *
 * A thread of vm-input.c writes stdin to the console's tty meanwhile, one
 * of vm-tty.c the tty to stdout. (The VM has its console in hvx.ko, so
 * its guest's console calls never exit to here: HVX_EXIT_CONSOLE is an
 * unexpected exit.)
 *
 * The end signals and SIG_END are blocked in every thread and taken only
 * by the waiter's sigtimedwait(): a Ctrl-C is never spent on a vCPU
 * thread's ioctl. SIG_KICK's handler does nothing: being a handled signal
 * is enough to interrupt the ioctl.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "vm.h"

#define SIG_KICK	SIGUSR1	/* to a vCPU thread: leave HVX_VCPU_RUN */
#define SIG_END		SIGUSR2	/* to the waiter: a vCPU ended the VM */

/* How long stopped vCPU threads get to return, and how often to kick. */
#define STOP_TIMEOUT_MS	5000
#define KICK_EVERY_MS	50

static const struct {
	int sig;
	const char *name;
} end_signals[] = {
	{ SIGINT, "SIGINT" }, { SIGTERM, "SIGTERM" }, { SIGHUP, "SIGHUP" },
};

static void kick_handler(int sig)
{
	(void)sig;
}

/* Records how the VM ended, unless something ended it first; returns it. */
static int vm_end(struct vm *vm, int status)
{
	pthread_mutex_lock(&vm->lock);
	if (!vm->ended) {
		vm->ended = true;
		vm->status = status;
	}
	status = vm->status;
	pthread_mutex_unlock(&vm->lock);
	return status;
}

static int system_event(struct vm_vcpu *v)
{
	const struct hvx_run *run = v->run;

	switch (run->system_event.type) {
	case HVX_SYSTEM_EVENT_SHUTDOWN:
		if (v->vm->verbose)
			hvxctl_err("vCPU %u: the guest powered off (PSCI SYSTEM_OFF or the shutdown call)",
				   run->system_event.vcpu);
		return VM_EXIT_OFF;
	case HVX_SYSTEM_EVENT_RESET:
		hvxctl_err("vCPU %u: the guest asked for a reset (PSCI SYSTEM_RESET or the shutdown call); hvxctl does not restart it",
			   run->system_event.vcpu);
		return VM_EXIT_RESET;
	default:
		hvxctl_err("vCPU %u: system event %u unknown to this hvxctl (hvx module newer?)",
			   v->id, run->system_event.type);
		return VM_EXIT_ERROR;
	}
}

static void internal_error(struct vm_vcpu *v)
{
	struct hvx_regs regs;
	bool have_regs;

	memset(&regs, 0, sizeof(regs));
	have_regs = ioctl(v->fd, HVX_VCPU_GET_REGS, &regs) == 0;
	vm_report_error(stderr, v->id, v->run, have_regs ? &regs : NULL);
}

/* Handles the exit in v->run; returns -1 to run on, else an enum vm_exit. */
static int handle_exit(struct vm_vcpu *v)
{
	struct hvx_run *run = v->run;

	switch (run->exit_reason) {
	case HVX_EXIT_MMIO:
		vm_mmio(v->vm, v->id, run);
		return -1;
	case HVX_EXIT_INTR:
		return -1;
	case HVX_EXIT_SYSTEM_EVENT:
		return system_event(v);
	case HVX_EXIT_STOPPED:
		return VM_EXIT_STOPPED;
	case HVX_EXIT_INTERNAL_ERROR:
		internal_error(v);
		return VM_EXIT_ERROR;
	default:
		hvxctl_err("vCPU %u: exit reason %u unknown to this hvxctl (hvx module newer?)",
			   v->id, run->exit_reason);
		return VM_EXIT_ERROR;
	}
}

static void *vcpu_thread(void *arg)
{
	struct vm_vcpu *v = arg;
	struct vm *vm = v->vm;
	char name[40];
	int status = -1;

	while (status < 0 && !__atomic_load_n(&vm->stopping, __ATOMIC_ACQUIRE)) {
		if (ioctl(v->fd, HVX_VCPU_RUN, 0) == 0) {
			status = handle_exit(v);
		} else if (errno != EINTR) {
			snprintf(name, sizeof(name), "vCPU %u: HVX_VCPU_RUN", v->id);
			hvx_ioctl_err(name);
			status = VM_EXIT_FAIL;
		}
	}
	if (status >= 0) {
		vm_end(vm, status);
		pthread_kill(vm->waiter, SIG_END);
	}
	return NULL;
}

static void deadline_in(struct timespec *ts, clockid_t clock, long ms)
{
	clock_gettime(clock, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Waits for the end of the VM; returns how it ended. */
static int wait_end(struct vm *vm, const sigset_t *set, double timeout)
{
	struct timespec deadline, now, left;
	int sig, status;
	bool ended;
	double secs;
	size_t i;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	secs = deadline.tv_sec + deadline.tv_nsec / 1e9 + timeout;
	deadline.tv_sec = (time_t)secs;
	deadline.tv_nsec = (long)((secs - deadline.tv_sec) * 1e9);
	for (;;) {
		pthread_mutex_lock(&vm->lock);
		ended = vm->ended;
		status = vm->status;
		pthread_mutex_unlock(&vm->lock);
		if (ended)
			return status;

		if (timeout > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left.tv_sec = deadline.tv_sec - now.tv_sec;
			left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000L;
			}
			sig = left.tv_sec < 0 ? -1 : sigtimedwait(set, NULL, &left);
			if (sig < 0 && (left.tv_sec < 0 || errno == EAGAIN)) {
				hvxctl_err("--timeout %g expired: stopping the VM",
					   timeout);
				return vm_end(vm, VM_EXIT_TIMEOUT);
			}
		} else {
			sig = sigwaitinfo(set, NULL);
		}
		for (i = 0; i < ARRAY_SIZE(end_signals); i++) {
			if (sig != end_signals[i].sig)
				continue;
			hvxctl_err("%s: stopping the VM", end_signals[i].name);
			return vm_end(vm, VM_EXIT_SIGNAL + sig);
		}
		/* SIG_END, or EINTR: look again */
	}
}

/*
 * Stops and joins the vCPU threads; returns how many did not return, which
 * stay 'started'.
 */
static unsigned int stop_vcpus(struct vm *vm)
{
	struct timespec until;
	unsigned int i, left;
	int waited = 0;

	__atomic_store_n(&vm->stopping, 1, __ATOMIC_RELEASE);
	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].started)
			__atomic_store_n(&vm->vcpus[i].run->immediate_exit, 1,
					 __ATOMIC_RELEASE);
	/*
	 * Kick again until each has returned: a kick that lands while its
	 * thread is between runs is spent before the next HVX_VCPU_RUN, and
	 * only immediate_exit would then stop it.
	 */
	do {
		left = 0;
		for (i = 0; i < vm->nr_vcpus; i++) {
			struct vm_vcpu *v = &vm->vcpus[i];

			if (!v->started)
				continue;
			pthread_kill(v->thread, SIG_KICK);
			deadline_in(&until, CLOCK_REALTIME, KICK_EVERY_MS);
			if (pthread_timedjoin_np(v->thread, NULL, &until) == 0)
				v->started = false;
			else
				left++;
		}
		waited += KICK_EVERY_MS;
	} while (left && waited < STOP_TIMEOUT_MS);
	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].started)
			hvxctl_err("vCPU %u: still in HVX_VCPU_RUN %d s after it was stopped; exiting anyway",
				   i, STOP_TIMEOUT_MS / 1000);
	return left;
}

int vm_run(struct vm *vm, double timeout)
{
	struct sigaction sa, old;
	sigset_t set;
	unsigned int i;
	size_t s;
	int err, status;

	/* Signals the caller ignores (nohup, a background job) stay ignored. */
	sigemptyset(&set);
	sigaddset(&set, SIG_END);
	for (s = 0; s < ARRAY_SIZE(end_signals); s++)
		if (sigaction(end_signals[s].sig, NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaddset(&set, end_signals[s].sig);
	/* No SA_RESTART: the kick must interrupt HVX_VCPU_RUN. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kick_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIG_KICK, &sa, NULL);
	/*
	 * Blocked from here on, in this thread and the vCPU threads, which
	 * inherit the mask. Never unblocked: a late SIG_END from a second
	 * vCPU would kill hvxctl.
	 */
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	vm->waiter = pthread_self();
	pthread_mutex_init(&vm->lock, NULL);
	vm->ended = false;
	vm->stopping = 0;
	for (i = 0; i < vm->nr_vcpus; i++) {
		struct vm_vcpu *v = &vm->vcpus[i];

		err = pthread_create(&v->thread, NULL, vcpu_thread, v);
		if (err) {
			hvxctl_err("cannot start a thread for vCPU %u: %s", i,
				   strerror(err));
			vm_end(vm, VM_EXIT_FAIL);
			break;
		}
		v->started = true;
	}
	if (vm->on_start)
		vm->on_start(vm);
	/* With the end signals blocked: the input thread inherits that. */
	vm_tty_start(&vm->tty);
	vm_input_start(&vm->input, vm->tty.fd);
	status = wait_end(vm, &set, timeout);
	if (status == VM_EXIT_STOPPED)
		hvxctl_err("the VM was stopped ('hvxctl stop', HVX_VM_STOP, from another process)");
	vm_input_stop(&vm->input);
	/* A thread still running may yet take the locks: leave them be. */
	if (!stop_vcpus(vm)) {
		/* The vCPUs are done: the tty's last output, then the VM's end. */
		vm_tty_stop(&vm->tty);
		pthread_mutex_destroy(&vm->lock);
	}
	return status;
}
