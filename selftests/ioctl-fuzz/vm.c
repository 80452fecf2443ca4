// SPDX-License-Identifier: GPL-2.0
/*
 * The VM worker: VMs that run hostile guests on threads of their own
 * while the main thread fuzzes the same fds, then are torn down and must
 * be gone; and now and then a test guest under hvxctl run. See main.c.
 */
#include "fuzz.h"

#define VM_VCPUS	8		/* threads per VM at most */
#define VM_IRQ_THREADS	2		/* threads driving SPIs, at most */

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id	_sigev_un._tid
#endif

struct vthr {
	pthread_t t;
	int fd;
	uint32_t id;
	struct hvx_run *run;
	struct vmrun *vm;
	struct rnd r;
	atomic_bool done;
	bool thread;
	/* runs the table from a sane state: its CPU_ON results are checked */
	atomic_bool sane;
};

struct vmrun {
	struct worker *w;
	int vm;
	struct ram ram;
	unsigned int nr;
	uint64_t ids;
	struct vthr v[VM_VCPUS];
	struct vm_view view;		/* its vGIC, for gic.c */
	pthread_t irq[VM_IRQ_THREADS];
	unsigned int nr_irq;
	atomic_bool stop, started, irq_stop;
	uint64_t table[GUEST_ENTRIES * GUEST_ENTRY_WORDS];
};

/* Is [ipa, ipa + len) in one region of @ram, without wrapping? */
static bool range_in_ram(const struct ram *ram, uint64_t ipa, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < ram->n; i++)
		if (ipa >= ram->base[i] && len <= ram->size[i] &&
		    ipa - ram->base[i] <= ram->size[i] - len)
			return true;
	return false;
}

/*
 * A CPU_ON of the table guest told its result (PSCI 1.1, 5.6): an entry
 * point outside RAM or misaligned is INVALID_ADDRESS (or, for no such
 * target, INVALID_PARAMETERS), never a start.
 */
static void check_cpu_on(struct vthr *t, const struct hvx_run *run)
{
	uint64_t off = run->mmio.phys_addr - GUEST_REPORT_BASE, entry;
	const uint64_t *e;
	int64_t ret;

	if (!atomic_load(&t->sane) || !run->mmio.is_write ||
	    run->mmio.len != 8 || off >= 8ULL * GUEST_ENTRIES || off % 8)
		return;
	e = &t->vm->table[off / 8 * GUEST_ENTRY_WORDS];
	if (e[0] != PSCI_CPU_ON_FN)
		return;
	entry = e[2];
	ret = (int64_t)mmio_data(run, 8);
	if (!(entry % 4) && range_in_ram(&t->vm->ram, entry, 4))
		return;
	if (ret != PSCI_INVALID_ADDRESS && ret != PSCI_INVALID_PARAMS)
		surprise(t->vm->w, "guest CPU_ON of 0x%llx, entry 0x%llx outside RAM: %lld",
			 (unsigned long long)e[1], (unsigned long long)entry,
			 (long long)ret);
}

/* A timer that sends SIGALRM to the calling thread only. */
static timer_t thread_timer(struct worker *w)
{
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD_ID,
				.sigev_signo = SIGALRM };
	timer_t t;

	sev.sigev_notify_thread_id = gettid();
	if (timer_create(CLOCK_MONOTONIC, &sev, &t)) {
		/* without it a RUN of a spinning guest never returns */
		snprintf(w->st->fatal, sizeof(w->st->fatal),
			 "timer_create: %s", strerror(errno));
		_exit(2);
	}
	return t;
}

/* SIGALRM to the thread every @ms (0: no more), as alarm_us() in chaos.c. */
static void timer_ms(timer_t t, long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000 };
	struct itimerspec its = { .it_value = ts, .it_interval = ts };

	timer_settime(t, 0, &its, NULL);
}

/* A vCPU thread: run until told to stop, answering every exit. */
static void *vcpu_thread(void *arg)
{
	struct vthr *t = arg;
	struct worker *w = t->vm->w;
	struct expect ex = { 0 };
	struct hvx_regs regs;
	timer_t tm = thread_timer(w);
	long ret;

	while (!atomic_load(&t->vm->stop)) {
		if (rnd_one_in(&t->r, 16))
			t->run->immediate_exit = 1;
		timer_ms(tm, 1 + rnd_below(&t->r, 4));
		ret = fz_ioctl(w, C_RUN, t->fd, K_VCPU, HVX_VCPU_RUN, 0, &ex);
		timer_ms(tm, 0);
		t->run->immediate_exit = 0;
		if (ret < 0) {
			if (errno == EINTR && t->run->exit_reason != HVX_EXIT_INTR)
				surprise(w, "RUN -EINTR with exit reason %u",
					 t->run->exit_reason);
			if (errno == EINTR)
				continue;
			if (errno == EBUSY) {	/* the main thread runs it */
				usleep(1000);
				continue;
			}
			break;
		}
		atomic_store(&t->vm->started, true);
		check_run_exit(w, t->run, &t->vm->ram);
		switch (t->run->exit_reason) {
		case HVX_EXIT_SYSTEM_EVENT:
			if (rnd_one_in(&t->r, 2))
				goto out;
			usleep(1000);	/* it stays off: RUN says so again */
			break;
		case HVX_EXIT_INTERNAL_ERROR:
			if (rnd_one_in(&t->r, 2))
				goto out;
			/* start over, as a VMM may */
			regs_for_guest(&t->r, &regs, false);
			if (!fz_ioctl(w, C_SET_REGS, t->fd, K_VCPU,
				      HVX_VCPU_SET_REGS, (uintptr_t)&regs, &ex))
				atomic_store(&t->sane, true);
			break;
		case HVX_EXIT_MMIO:
			check_cpu_on(t, t->run);
			answer_exit(&t->r, t->run);
			break;
		default:
			answer_exit(&t->r, t->run);
			break;
		}
	}
out:
	timer_delete(tm);
	atomic_store(&t->done, true);
	return NULL;
}

/*
 * A thread that drives the SPIs of the VM's vGIC while its vCPUs run,
 * as a device model's does: lines up and down, mostly of its SPIs, now
 * and then another INTID or a bad struct, each result exact (gic.c).
 */
static void *irq_thread(void *arg)
{
	struct vmrun *v = arg;
	struct worker *w = v->w;
	struct hvx_irq_line *l;
	struct rnd r = { .s = rnd_u64(&w->r) };
	struct expect ex;
	unsigned int k = 0;

	/* its own struct: the scratch pages are the main thread's */
	l = mmap(NULL, FZ_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (l == MAP_FAILED)
		return NULL;
	while (!atomic_load(&v->irq_stop) && !stopping()) {
		memset(l, 0, sizeof(*l));
		irq_line_gen(&r, l, &v->view);
		if (rnd_one_in(&r, 32))
			l->reserved[rnd_below(&r, 2)] = 1 + rnd_below(&r, 255);
		memset(&ex, 0, sizeof(ex));
		irq_line_expect(&v->view, (uintptr_t)l, &ex);
		fz_ioctl(w, C_IRQ_LINE, v->vm, K_VM, HVX_VM_IRQ_LINE,
			 (uintptr_t)l, &ex);
		if (++k % 64 == 0)
			usleep(rnd_below(&r, 500));
	}
	munmap(l, FZ_PAGE);
	return NULL;
}

/* A vGIC for @v, at QEMU virt's addresses: true if it has one. */
static bool vm_add_gic(struct vmrun *v)
{
	struct worker *w = v->w;
	struct hvx_vm_gic p = { .dist_base = GUEST_GICD_BASE,
				.redist_base = GUEST_GICR_BASE };
	struct expect ex = { 0 };
	uint64_t arg = (uintptr_t)fz_page(&w->m, FZ_OBJ);

	p.nr_irqs = 64 + 32 * rnd_below(&w->r, 31);
	memcpy(fz_page(&w->m, FZ_OBJ), &p, sizeof(p));
	gic_create_expect(&v->view, arg, &ex);
	if (fz_ioctl(w, C_CREATE_GIC, v->vm, K_VM, HVX_VM_CREATE_GIC, arg,
		     &ex))
		return false;
	gic_created(w, &v->view, &p);
	return true;
}

/* A vCPU for @v: created, mapped, at the guest's entry, with a thread. */
static void vm_add_vcpu(struct vmrun *v, uint32_t id, int fd)
{
	struct worker *w = v->w;
	struct vthr *t;
	struct hvx_regs regs;
	bool wild;
	void *p;

	if (v->nr >= VM_VCPUS) {
		close(fd);
		return;
	}
	t = &v->v[v->nr];
	memset(t, 0, sizeof(*t));
	t->fd = fd;
	t->id = id;
	t->vm = v;
	t->r.s = rnd_u64(&w->r);
	p = fz_mmap(w, FZ_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		surprise(w, "mmap of a new vCPU's run page: %s", strerror(errno));
		close(fd);
		return;
	}
	t->run = p;
	v->view.may_have_run = true;	/* its thread runs it at once */
	wild = rnd_one_in(&w->r, 4);
	regs_for_guest(&w->r, &regs, wild);
	call_ok(w, C_SET_REGS, fd, K_VCPU, &regs, sizeof(regs));
	atomic_store(&t->sane, !wild);
	v->nr++;
	t->thread = !pthread_create(&t->t, NULL, vcpu_thread, t);
	if (!t->thread)
		atomic_store(&t->done, true);
}

/* A write of nothing: no write, 0 before and after the first run. */
static bool zero_write(int slot, uint64_t arg)
{
	return slot == C_WRITE_MEM &&
	       !((const struct hvx_vm_write *)(uintptr_t)arg)->size;
}

/* The main thread's calls on a VM whose vCPUs run. */
static void vm_fuzz_step(struct vmrun *v, timer_t tm)
{
	struct worker *w = v->w;
	struct rnd *r = &w->r;
	struct target t = { .ram_base = v->ram.base[0],
			    .ram_size = v->ram.size[0], .vm = &v->view };
	struct vthr *vt = v->nr ? &v->v[rnd_below(r, v->nr)] : NULL;
	bool started = atomic_load(&v->started);
	struct expect ex;
	uint64_t arg;
	long ret;
	int slot;

	v->view.has_run = started;
	switch (rnd_below(r, 14)) {
	case 12:
	case 13:	/* the vGIC's ioctls, exact (gic.c) */
		if (v->vm < 0)
			return;
		slot = rnd_one_in(r, 3) ? C_CREATE_GIC : C_IRQ_LINE;
		arg = gen_arg(w, slot, &t, &ex);
		if (fz_ioctl(w, slot, v->vm, K_VM, cmds[slot].cmd, arg,
			     &ex) == 0 && slot == C_CREATE_GIC)
			gic_created(w, &v->view, (void *)(uintptr_t)arg);
		return;
	case 0:
	case 1:
		if (!vt)
			return;
		slot = rnd_one_in(r, 2) ? C_GET_REGS : C_SET_REGS;
		arg = gen_arg(w, slot, &t, &ex);
		if (slot == C_SET_REGS)		/* who knows what it runs now */
			atomic_store(&vt->sane, false);
		fz_ioctl(w, slot, vt->fd, K_VCPU, cmds[slot].cmd, arg, &ex);
		return;
	case 2:
	case 3:
		if (v->vm < 0)
			return;
		slot = rnd_one_in(r, 2) ? C_ADD_MEM : C_WRITE_MEM;
		arg = gen_arg(w, slot, &t, &ex);
		if (started && !ex.only_errno && !zero_write(slot, arg)) {
			ex.must_fail = true;
			ex.why = "a vCPU has run";
		}
		if (fz_ioctl(w, slot, v->vm, K_VM, cmds[slot].cmd, arg,
			     &ex) < 0 && slot == C_ADD_MEM && errno == ENOMEM)
			v->view.known = false;	/* maybe dead: -EIO */
		return;
	case 4:
		if (v->vm < 0)
			return;
		arg = gen_arg(w, C_CREATE_VCPU, &t, &ex);
		if (!ex.must_fail && !ex.only_errno) {
			const struct hvx_vcpu_create *cc = (void *)(uintptr_t)arg;

			/* (a random struct claims nothing: check it is valid) */
			if (cc->id < HVX_MAX_VCPUS &&
			    !(cc->flags & ~HVX_VCPU_POWER_OFF) &&
			    !nonzero(cc->reserved, sizeof(cc->reserved)) &&
			    v->ids & (1ULL << cc->id)) {
				ex.only_errno = EEXIST;
				ex.why = "a vCPU of that id exists";
			}
		}
		ret = fz_ioctl(w, C_CREATE_VCPU, v->vm, K_VM, HVX_CREATE_VCPU,
			       arg, &ex);
		if (ret >= 0) {
			const struct hvx_vcpu_create *cc = (void *)(uintptr_t)arg;

			atomic_fetch_add(&w->st->vcpus, 1);
			v->ids |= 1ULL << (cc->id % 64);
			vm_add_vcpu(v, cc->id, ret);
		}
		return;
	case 5:
		/*
		 * A run of a vCPU its thread gave up on (after a system event
		 * or an error): not of one a thread runs, whose run structure
		 * it reads.
		 */
		if (!vt || !atomic_load(&vt->done))
			return;
		memset(&ex, 0, sizeof(ex));
		timer_ms(tm, 1 + rnd_below(r, 4));
		ret = fz_ioctl(w, C_RUN, vt->fd, K_VCPU, HVX_VCPU_RUN, 0, &ex);
		timer_ms(tm, 0);
		if (ret == 0)
			answer_exit(r, vt->run);
		return;
	case 6:
		if (vt && vt->thread && !atomic_load(&vt->done))
			pthread_kill(vt->t, SIGUSR1);
		return;
	case 7:		/* a second mapping of a run page, then gone */
		if (vt) {
			void *p = fz_mmap(w, FZ_PAGE, PROT_READ, MAP_SHARED,
					  vt->fd, 0);

			if (p != MAP_FAILED) {
				touch(p);
				munmap(p, FZ_PAGE);
			}
		}
		return;
	case 8: {	/* anything, on one of the VM's fds */
		unsigned long cmd = gen_cmd(r, &slot);
		enum fd_kind kind = vt && rnd_one_in(r, 2) ? K_VCPU : K_VM;
		int fd = kind == K_VCPU ? vt->fd : v->vm;

		if (fd < 0 || slot == C_RUN || slot == C_CREATE_VCPU ||
		    slot == C_ACPI || slot == C_CREATE_VM ||
		    slot == C_CREATE_GIC)
			return;
		arg = slot < NR_CMDS ? gen_arg(w, slot, &t, &ex) :
		      gen_other_arg(w, &ex);
		if (slot == C_SET_REGS && kind == K_VCPU)
			atomic_store(&vt->sane, false);
		if (slot >= NR_CMDS || cmds[slot].kind != kind) {
			memset(&ex, 0, sizeof(ex));
			ex.only_errno = ENOTTY;
			ex.why = "not a command of this fd";
		} else if ((slot == C_ADD_MEM || slot == C_WRITE_MEM) &&
			   started && !ex.only_errno && !zero_write(slot, arg)) {
			ex.must_fail = true;
			ex.why = "a vCPU has run";
		}
		if (fz_ioctl(w, slot < NR_CMDS ? slot : C_OTHER, fd, kind, cmd,
			     arg, &ex) < 0 && slot == C_ADD_MEM && errno == ENOMEM)
			v->view.known = false;
		return;
	}
	case 9:
		sysfs_read_op(r);
		return;
	default:
		usleep(rnd_below(r, 2000));	/* let the guests run */
		return;
	}
}

/* One VM: set up, run while fuzzed, torn down; then it must be gone. */
static void vm_cycle(struct worker *w, int dev)
{
	static struct vmrun v;
	struct rnd *r = &w->r;
	struct hvx_vm_create vc = { 0 };
	struct hvx_vm_memory m = { 0 };
	timer_t tm = thread_timer(w);
	unsigned int i, nr, steps, k, gic;
	double until;
	long ret;

	memset(&v, 0, sizeof(v));
	v.w = w;
	v.vm = -1;
	v.view.known = true;
	v.view.ram = &v.ram;
	ret = call_ok(w, C_CREATE_VM, dev, K_DEV, &vc, sizeof(vc));
	if (ret < 0) {
		usleep(10000);
		goto out_timer;
	}
	atomic_fetch_add(&w->st->vms, 1);
	v.vm = ret;
	m.guest_phys_addr = RAM_BASE;
	m.size = (16 + rnd_below(r, 240)) * FZ_PAGE;
	if (call_ok(w, C_ADD_MEM, v.vm, K_VM, &m, sizeof(m)))
		goto out;
	v.ram.base[0] = m.guest_phys_addr;
	v.ram.size[0] = m.size;
	v.ram.n = 1;
	if (rnd_one_in(r, 3)) {
		m.guest_phys_addr = 0x80000000ULL + rnd_below(r, 64) * FZ_PAGE;
		m.size = (1 + rnd_below(r, 16)) * FZ_PAGE;
		if (!call_ok(w, C_ADD_MEM, v.vm, K_VM, &m, sizeof(m))) {
			v.ram.base[1] = m.guest_phys_addr;
			v.ram.size[1] = m.size;
			v.ram.n = 2;
		}
	}
	nr = 1 + rnd_below(r, 4);
	guest_load(w, v.vm, rnd_below(r, 3) ? G_TABLE : rnd_below(r, NR_GUESTS),
		   v.ram.size[0], nr, v.table);
	/* Mostly with a vGIC, made before or after the vCPUs. */
	gic = rnd_below(r, 4) ? 1 + rnd_below(r, 2) : 0;
	if (gic == 1)
		vm_add_gic(&v);
	for (i = 0; i < nr; i++) {
		struct hvx_vcpu_create cc = { .id = i };

		if (i && rnd_one_in(r, 2))
			cc.flags = HVX_VCPU_POWER_OFF;
		ret = call_ok(w, C_CREATE_VCPU, v.vm, K_VM, &cc, sizeof(cc));
		if (ret < 0)
			continue;
		atomic_fetch_add(&w->st->vcpus, 1);
		v.ids |= 1ULL << i;
		if (gic == 2 && i == nr - 1 && !v.view.has_gic)
			vm_add_gic(&v);		/* before the last one runs */
		vm_add_vcpu(&v, i, ret);
	}
	/* Device models driving SPIs while the vCPUs run. */
	k = v.view.has_gic ? rnd_below(r, VM_IRQ_THREADS + 1) : 0;
	for (i = 0; i < k; i++)
		if (!pthread_create(&v.irq[v.nr_irq], NULL, irq_thread, &v))
			v.nr_irq++;

	steps = 20 + rnd_below(r, 200);
	until = now_s() + 0.02 + rnd_below(r, 300) / 1000.0;
	for (k = 0; k < steps && now_s() < until && !stopping(); k++)
		vm_fuzz_step(&v, tm);

	/* Tear down, sometimes the VM fd first while its vCPUs run. */
	atomic_store(&v.irq_stop, true);
	for (i = 0; i < v.nr_irq; i++)
		pthread_join(v.irq[i], NULL);
	if (rnd_one_in(r, 3)) {
		close(v.vm);
		v.vm = -1;
	}
	atomic_store(&v.stop, true);
	until = now_s() + 20;
	for (;;) {
		bool all = true;

		for (i = 0; i < v.nr; i++)
			if (!atomic_load(&v.v[i].done)) {
				all = false;
				pthread_kill(v.v[i].t, SIGUSR1);
			}
		if (all)
			break;
		if (now_s() > until) {
			snprintf(w->st->fatal, sizeof(w->st->fatal),
				 "a vCPU thread did not come back from RUN within 20 s of SIGUSR1s");
			_exit(3);
		}
		usleep(2000);
	}
	for (i = 0; i < v.nr; i++) {
		if (v.v[i].thread)
			pthread_join(v.v[i].t, NULL);
	}
	/* fds in a random order */
	for (k = v.nr; k > 0; k--) {
		i = rnd_below(r, k);
		munmap(v.v[i].run, FZ_PAGE);
		close(v.v[i].fd);
		v.v[i] = v.v[k - 1];
	}
out:
	if (v.vm >= 0)
		close(v.vm);
	/* Every fd is closed: the VM must go. */
	until = now_s() + FREE_TIMEOUT_S;
	while (vm_dirs_of(getpid(), NULL, 0) > 0) {
		if (now_s() > until) {
			surprise(w, "a VM still in %s %.0f s after its last fd was closed",
				 HVX_VMS_DIR, FREE_TIMEOUT_S);
			break;
		}
		usleep(5000);
	}
out_timer:
	timer_delete(tm);
}

void vm_main(struct worker *w)
{
	struct guest_run g = { 0 };
	int dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);

	if (dev < 0) {
		snprintf(w->st->fatal, sizeof(w->st->fatal), "open %s: %s",
			 HVX_DEV, strerror(errno));
		_exit(2);
	}
	while (!stopping() && now_s() < sh->deadline) {
		if (rnd_one_in(&w->r, 4))
			guest_spawn(w, &g);
		guest_reap(w, &g, false);
		vm_cycle(w, dev);
	}
	guest_reap(w, &g, true);
	close(dev);
}
