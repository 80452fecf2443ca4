// SPDX-License-Identifier: GPL-2.0
/*
 * The chaos worker: one thread, a table of /dev/hvx, VM and vCPU fds (and
 * foreign and closed fd numbers), and calls thrown at them; see main.c.
 */
#include "fuzz.h"

#include <dirent.h>

#define MAX_FDS		24
#define MAX_VMS		3

struct vm_state {		/* what this worker knows of one of its VMs */
	bool used, started;
	uint64_t ids;		/* vCPU ids created */
	struct ram ram;
	struct vm_view view;	/* its vGIC, for gic.c */
};

struct slot {
	int fd;
	enum fd_kind kind;
	int vm;			/* K_VM, K_VCPU: index in vms[] */
	uint32_t id;		/* K_VCPU */
	struct hvx_run *run;	/* K_VCPU: a mapping of its run page */
};

struct chaos {
	struct worker w;
	struct slot s[MAX_FDS];
	struct vm_state vms[MAX_VMS];
	struct target t;
	int foreign[3];
};

static int find_slot(struct chaos *c, enum fd_kind kind)
{
	int i, n = 0, pick = -1;

	for (i = 0; i < MAX_FDS; i++)
		if (c->s[i].fd >= 0 && c->s[i].kind == kind &&
		    rnd_below(&c->w.r, ++n) == 0)
			pick = i;
	return pick;
}

static int free_slot(struct chaos *c)
{
	int i;

	for (i = 0; i < MAX_FDS; i++)
		if (c->s[i].fd < 0)
			return i;
	return -1;
}

static void drop_slot(struct chaos *c, int i)
{
	int vm = c->s[i].vm, j;
	bool last = true;

	if (c->s[i].run)
		munmap(c->s[i].run, FZ_PAGE);
	close(c->s[i].fd);
	c->s[i].fd = -1;
	c->s[i].run = NULL;
	if (vm < 0)
		return;
	for (j = 0; j < MAX_FDS; j++)
		if (c->s[j].fd >= 0 && c->s[j].vm == vm)
			last = false;
	if (last)	/* the VM is gone: forget it */
		memset(&c->vms[vm], 0, sizeof(c->vms[vm]));
}

/* Keep a new fd: in a free slot, or else close it at once. */
static int keep_fd(struct chaos *c, int fd, enum fd_kind kind, int vm,
		   uint32_t id)
{
	int i = free_slot(c);

	if (i < 0) {
		close(fd);
		return -1;
	}
	c->s[i] = (struct slot){ .fd = fd, .kind = kind, .vm = vm, .id = id };
	return i;
}

static int new_vm_state(struct chaos *c)
{
	int i;

	for (i = 0; i < MAX_VMS; i++)
		if (!c->vms[i].used) {
			memset(&c->vms[i], 0, sizeof(c->vms[i]));
			c->vms[i].used = true;
			c->vms[i].view.known = true;
			c->vms[i].view.ram = &c->vms[i].ram;
			return i;
		}
	return -1;
}

/* A random fd for @kind: usually one of that kind, sometimes any at all. */
static int pick_fd(struct chaos *c, enum fd_kind want, int *slot_out,
		   enum fd_kind *kind)
{
	struct rnd *r = &c->w.r;
	int i;

	*slot_out = -1;
	if (rnd_below(r, 6)) {
		i = find_slot(c, want);
		if (i >= 0) {
			*slot_out = i;
			*kind = want;
			return c->s[i].fd;
		}
	}
	switch (rnd_below(r, 6)) {
	case 0:
		*kind = K_FOREIGN;
		return c->foreign[rnd_below(r, 3)];
	case 1:
		*kind = K_CLOSED;
		return rnd_one_in(r, 2) ? -1 : 1000 + (int)rnd_below(r, 24);
	default:
		i = find_slot(c, (enum fd_kind)rnd_below(r, 3));
		if (i < 0) {
			*kind = K_CLOSED;
			return -1;
		}
		*slot_out = i;
		*kind = c->s[i].kind;
		return c->s[i].fd;
	}
}

/*
 * SIGALRM every @us (0: no more) until disarmed: a signal that came
 * before the RUN it was for would leave that RUN to wait for ever.
 */
static void alarm_us(long us)
{
	struct timeval tv = { .tv_sec = us / 1000000, .tv_usec = us % 1000000 };
	struct itimerval it = { .it_value = tv, .it_interval = tv };

	setitimer(ITIMER_REAL, &it, NULL);
}

/* A vCPU slot's VM, as far as this worker tracks it; NULL if unknown. */
static struct vm_state *vm_of(struct chaos *c, int i)
{
	return i >= 0 && c->s[i].vm >= 0 ? &c->vms[c->s[i].vm] : NULL;
}

/* A region was added: it must have been allowed. */
static void track_add_mem(struct worker *w, struct vm_state *vs,
			  const struct hvx_vm_memory *m)
{
	unsigned int k;

	if (vs->started)
		surprise(w, "memory added after a vCPU ran");
	if (vs->ram.n >= HVX_MAX_MEM_REGIONS)
		surprise(w, "memory region %u accepted", vs->ram.n + 1);
	for (k = 0; k < vs->ram.n && k < HVX_MAX_MEM_REGIONS; k++)
		if (m->guest_phys_addr < vs->ram.base[k] + vs->ram.size[k] &&
		    vs->ram.base[k] < m->guest_phys_addr + m->size)
			surprise(w, "overlapping memory accepted: 0x%llx+0x%llx",
				 (unsigned long long)m->guest_phys_addr,
				 (unsigned long long)m->size);
	if (gic_overlaps(&vs->view, m->guest_phys_addr, m->size) ||
	    uart_overlaps(&vs->view, m->guest_phys_addr, m->size))
		surprise(w, "memory over the vGIC's or UART's frames accepted: 0x%llx+0x%llx",
			 (unsigned long long)m->guest_phys_addr,
			 (unsigned long long)m->size);
	if (vs->ram.n < HVX_MAX_MEM_REGIONS) {
		vs->ram.base[vs->ram.n] = m->guest_phys_addr;
		vs->ram.size[vs->ram.n] = m->size;
		vs->ram.n++;
	}
}

static void chaos_fuzz_ioctl(struct chaos *c)
{
	struct worker *w = &c->w;
	struct vm_state *vs;
	enum fd_kind kind;
	struct expect ex;
	struct target t = c->t;
	int slot, si, fd;
	unsigned long cmd = gen_cmd(&w->r, &slot);
	uint64_t arg;
	long ret;

	fd = pick_fd(c, slot < NR_CMDS ? cmds[slot].kind :
		     (enum fd_kind)rnd_below(&w->r, 3), &si, &kind);
	vs = vm_of(c, si);
	if (vs && vs->ram.n) {
		t.ram_base = vs->ram.base[0];
		t.ram_size = vs->ram.size[0];
	}
	t.vm = vs ? &vs->view : NULL;
	arg = slot < NR_CMDS ? gen_arg(w, slot, &t, &ex) :
	      gen_other_arg(w, &ex);
	/* Commands of another kind of fd, unknown ones: -ENOTTY, nothing else. */
	if (kind <= K_VCPU && (slot >= NR_CMDS || cmds[slot].kind != kind)) {
		memset(&ex, 0, sizeof(ex));
		ex.only_errno = ENOTTY;
		ex.why = "not a command of this fd";
	}
	if (slot == C_RUN && kind == K_VCPU) {
		if (c->s[si].run && rnd_one_in(&w->r, 2))
			c->s[si].run->immediate_exit = 1;
		alarm_us(200 + rnd_below(&w->r, 2000));
		if (vs)
			vs->view.may_have_run = true;
	}
	ret = fz_ioctl(w, slot < NR_CMDS ? slot : C_OTHER, fd, kind, cmd, arg,
		       &ex);
	if (slot == C_RUN && kind == K_VCPU) {
		alarm_us(0);
		if (c->s[si].run)
			c->s[si].run->immediate_exit = 0;
		/* A stopped VM's RUN returns without entering the guest. */
		if (ret == 0 && vs && c->s[si].run &&
		    c->s[si].run->exit_reason != HVX_EXIT_STOPPED) {
			vs->started = true;
			vs->view.has_run = true;
		}
	}
	/* A region that failed half-mapped kills the VM: -EIO from then on. */
	if (slot == C_ADD_MEM && kind == K_VM && vs && ret < 0 &&
	    errno == ENOMEM)
		vs->view.known = false;
	if (ret < 0)
		return;
	/* New fds go into the table; track what was created. */
	if (slot == C_CREATE_VM && kind == K_DEV) {
		int v = new_vm_state(c);

		atomic_fetch_add(&w->st->vms, 1);
		if (v < 0 || keep_fd(c, ret, K_VM, v, 0) < 0) {
			close(ret);
			if (v >= 0)
				c->vms[v].used = false;
		}
	} else if (slot == C_CREATE_VCPU && kind == K_VM) {
		const struct hvx_vcpu_create *cc = (void *)(uintptr_t)arg;

		atomic_fetch_add(&w->st->vcpus, 1);
		if (vs) {
			if (vs->ids & (1ULL << (cc->id % 64)))
				surprise(w, "second vCPU %u of a VM accepted",
					 cc->id);
			vs->ids |= 1ULL << (cc->id % 64);
		}
		keep_fd(c, ret, K_VCPU, c->s[si].vm, cc->id);
	} else if (slot == C_ADD_MEM && kind == K_VM && vs) {
		track_add_mem(w, vs, (void *)(uintptr_t)arg);
	} else if (slot == C_CREATE_GIC && kind == K_VM && vs) {
		gic_created(w, &vs->view, (void *)(uintptr_t)arg);
	} else if (slot == C_CREATE_CONSOLE && kind == K_VM && vs) {
		console_created(&vs->view, (void *)(uintptr_t)arg);
	} else if (slot == C_WRITE_MEM && kind == K_VM && vs && vs->started &&
		   ((const struct hvx_vm_write *)(uintptr_t)arg)->size) {
		/* (nothing to write is no write: 0 either way) */
		surprise(w, "memory written after a vCPU ran");
	} else if (slot == C_RUN && kind == K_VCPU && ret == 0 &&
		   c->s[si].run) {
		check_run_exit(w, c->s[si].run, vs ? &vs->ram : NULL);
		answer_exit(&w->r, c->s[si].run);
	} else if (slot == C_MMAP_SIZE && kind == K_DEV && ret != FZ_PAGE) {
		surprise(w, "GET_VCPU_MMAP_SIZE returned %ld", ret);
	} else if (slot == C_VERSION && kind == K_DEV) {
		const struct hvx_version *v = (void *)(uintptr_t)arg;

		if (v->api_version != HVX_API_VERSION ||
		    !(v->features & HVX_FEATURE_VM) ||
		    nonzero(v->reserved, sizeof(v->reserved)))
			surprise(w, "GET_VERSION: api %u features 0x%llx",
				 v->api_version,
				 (unsigned long long)v->features);
	} else if (slot == C_STATUS && kind == K_DEV) {
		const struct hvx_status *s = (void *)(uintptr_t)arg;

		if (!s->nr_cpus || s->nr_online > s->nr_cpus ||
		    s->nr_hyp > s->nr_online)
			surprise(w, "GET_STATUS: %u cpus, %u online, %u hyp",
				 s->nr_cpus, s->nr_online, s->nr_hyp);
	} else if (slot == C_ACPI) {
		atomic_fetch_add(&w->st->acpi_ok, 1);
	}
}

/* Run a vCPU of the table for a few milliseconds at most. */
static void chaos_run(struct chaos *c, int i)
{
	struct worker *w = &c->w;
	struct vm_state *vs = vm_of(c, i);
	struct hvx_run *run = c->s[i].run;
	struct expect ex = { 0 };
	long ret;

	if (run && rnd_one_in(&w->r, 4))
		rnd_bytes(&w->r, run, sizeof(*run));	/* scribbled */
	if (vs)
		vs->view.may_have_run = true;
	alarm_us(200 + rnd_below(&w->r, 2000));
	ret = fz_ioctl(w, C_RUN, c->s[i].fd, K_VCPU, HVX_VCPU_RUN, 0, &ex);
	alarm_us(0);
	if (!run)
		return;
	/* A stopped VM's RUN returns without entering the guest. */
	if (ret == 0 && run->exit_reason != HVX_EXIT_STOPPED) {
		if (vs) {
			vs->started = true;
			vs->view.has_run = true;
		}
	}
	if (ret == 0) {
		check_run_exit(w, run, vs ? &vs->ram : NULL);
		answer_exit(&w->r, run);
	} else if (errno == EINTR && run->exit_reason != HVX_EXIT_INTR) {
		surprise(w, "RUN -EINTR with exit reason %u", run->exit_reason);
	}
	run->immediate_exit = 0;
}

/* Map the run page of a vCPU slot. */
static void map_run(struct chaos *c, int i)
{
	struct worker *w = &c->w;
	void *p;

	p = fz_mmap(w, FZ_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		    c->s[i].fd, 0);
	if (p != MAP_FAILED)
		c->s[i].run = p;
}

/* Valid calls, so that the fuzzed ones find VMs with RAM, code, vCPUs. */
static void chaos_setup_op(struct chaos *c)
{
	struct worker *w = &c->w;
	struct rnd *r = &w->r;
	struct vm_state *vs;
	struct hvx_regs regs;
	struct expect ex = { .positive_ok = true };
	int i, j, v;
	long ret;

	switch (rnd_below(r, 7)) {
	case 0: {
		struct hvx_vm_create vc = { 0 };

		i = find_slot(c, K_DEV);
		v = new_vm_state(c);
		if (i < 0 || v < 0) {
			if (v >= 0)
				c->vms[v].used = false;
			i = find_slot(c, K_VM);		/* make room */
			if (i >= 0)
				drop_slot(c, i);
			return;
		}
		ret = call_ok(w, C_CREATE_VM, c->s[i].fd, K_DEV, &vc, sizeof(vc));
		if (ret >= 0) {
			atomic_fetch_add(&w->st->vms, 1);
			if (keep_fd(c, ret, K_VM, v, 0) >= 0)
				return;
		}
		c->vms[v].used = false;
		return;
	}
	case 1: {
		struct hvx_vm_memory m = { 0 };

		i = find_slot(c, K_VM);
		vs = vm_of(c, i);
		if (!vs)
			return;
		m.guest_phys_addr = vs->ram.n ? (2 + rnd_below(r, 60)) << 30 :
				    RAM_BASE;
		m.size = (vs->ram.n ? 1 + rnd_below(r, 16) : 16) * FZ_PAGE;
		if (call_ok(w, C_ADD_MEM, c->s[i].fd, K_VM, &m, sizeof(m)) == 0)
			track_add_mem(w, vs, &m);
		else if (errno == ENOMEM)
			vs->view.known = false;
		return;
	}
	case 6: {	/* a vGIC at QEMU virt's addresses */
		struct hvx_vm_gic p = { .dist_base = GUEST_GICD_BASE,
					.redist_base = GUEST_GICR_BASE };

		i = find_slot(c, K_VM);
		vs = vm_of(c, i);
		if (!vs)
			return;
		p.nr_irqs = 64 + 32 * rnd_below(r, 31);
		memcpy(fz_page(&w->m, FZ_OBJ), &p, sizeof(p));
		memset(&ex, 0, sizeof(ex));
		gic_create_expect(&vs->view, (uintptr_t)fz_page(&w->m, FZ_OBJ),
				  &ex);
		if (fz_ioctl(w, C_CREATE_GIC, c->s[i].fd, K_VM,
			     HVX_VM_CREATE_GIC,
			     (uintptr_t)fz_page(&w->m, FZ_OBJ), &ex) == 0)
			gic_created(w, &vs->view, &p);
		return;
	}
	case 2:
		i = find_slot(c, K_VM);
		vs = vm_of(c, i);
		if (vs && vs->ram.n && vs->ram.base[0] == RAM_BASE &&
		    !vs->started)
			guest_load(w, c->s[i].fd, rnd_below(r, NR_GUESTS),
				   vs->ram.size[0], 4, NULL);
		return;
	case 3: {
		struct hvx_vcpu_create cc = { .id = rnd_below(r, 4) };

		i = find_slot(c, K_VM);
		vs = vm_of(c, i);
		if (!vs)
			return;
		if (rnd_one_in(r, 4))
			cc.flags = HVX_VCPU_POWER_OFF;
		if (vs->ids & (1ULL << cc.id)) {
			ex.only_errno = EEXIST;
			ex.why = "a vCPU of that id exists";
		}
		memcpy(fz_page(&w->m, FZ_OBJ), &cc, sizeof(cc));
		ret = fz_ioctl(w, C_CREATE_VCPU, c->s[i].fd, K_VM,
			       HVX_CREATE_VCPU,
			       (uintptr_t)fz_page(&w->m, FZ_OBJ), &ex);
		if (ret < 0)
			return;
		atomic_fetch_add(&w->st->vcpus, 1);
		vs->ids |= 1ULL << cc.id;
		j = keep_fd(c, ret, K_VCPU, c->s[i].vm, cc.id);
		if (j < 0)
			return;
		map_run(c, j);
		regs_for_guest(r, &regs, false);
		call_ok(w, C_SET_REGS, c->s[j].fd, K_VCPU, &regs, sizeof(regs));
		return;
	}
	default:
		i = find_slot(c, K_VCPU);
		if (i < 0)
			return;
		if (rnd_one_in(r, 2)) {
			regs_for_guest(r, &regs, rnd_one_in(r, 2));
			call_ok(w, C_SET_REGS, c->s[i].fd, K_VCPU, &regs,
				sizeof(regs));
			/* read back: what was set, or -EINVAL for a bad one */
		}
		chaos_run(c, i);
		return;
	}
}

/* SET_REGS then GET_REGS: the registers come back as they were set. */
static void chaos_regs_roundtrip(struct chaos *c)
{
	struct worker *w = &c->w;
	struct hvx_regs set, *got = (void *)fz_page(&w->m, FZ_OUT);
	int i = find_slot(c, K_VCPU);

	if (i < 0)
		return;
	regs_for_guest(&w->r, &set, true);
	if (call_ok(w, C_SET_REGS, c->s[i].fd, K_VCPU, &set, sizeof(set)))
		return;
	memset(got, 0, sizeof(*got));
	if (fz_ioctl(w, C_GET_REGS, c->s[i].fd, K_VCPU, HVX_VCPU_GET_REGS,
		     (uintptr_t)got, &(struct expect){ 0 }))
		return;
	if (memcmp(got, &set, sizeof(set)))
		surprise(w, "GET_REGS after SET_REGS: not what was set (pc 0x%llx, was 0x%llx)",
			 (unsigned long long)got->pc,
			 (unsigned long long)set.pc);
}

static void chaos_mmap_op(struct chaos *c)
{
	static const uint64_t lens[] = { FZ_PAGE, FZ_PAGE, FZ_PAGE, 0, 1,
					 2 * FZ_PAGE, FZ_PAGE - 1, 64 * FZ_PAGE };
	static const int prots[] = { PROT_READ | PROT_WRITE, PROT_READ,
				     PROT_READ | PROT_WRITE | PROT_EXEC,
				     PROT_WRITE, PROT_NONE };
	struct worker *w = &c->w;
	struct rnd *r = &w->r;
	uint64_t len = lens[rnd_below(r, 8)];
	uint64_t off = rnd_below(r, 4) ? 0 : fz_u64(r) & ~(FZ_PAGE - 1);
	int prot = prots[rnd_below(r, 5)];
	int flags = rnd_below(r, 4) ? MAP_SHARED : MAP_PRIVATE;
	int i, fd;
	enum fd_kind kind;
	bool valid;
	void *p;

	if (rnd_one_in(r, 4)) {		/* drop a mapping */
		i = find_slot(c, K_VCPU);
		if (i >= 0 && c->s[i].run) {
			munmap(c->s[i].run, FZ_PAGE);
			c->s[i].run = NULL;
		}
		return;
	}
	fd = pick_fd(c, K_VCPU, &i, &kind);
	if (kind == K_FOREIGN)	/* /dev/zero would map it all */
		len = FZ_PAGE;
	valid = kind == K_VCPU && !off && len && (len + FZ_PAGE - 1) / FZ_PAGE == 1 &&
		flags == MAP_SHARED;
	p = fz_mmap(w, len, prot, flags, fd, off);
	if (p == MAP_FAILED)
		return;
	if (!valid && kind <= K_VCPU)
		surprise(w, "mmap of a %s fd, length 0x%llx offset 0x%llx flags 0x%x: accepted",
			 kind_name[kind], (unsigned long long)len,
			 (unsigned long long)off, flags);
	if (prot & PROT_READ)
		touch(p);
	if (kind == K_VCPU && i >= 0 && !c->s[i].run && len == FZ_PAGE &&
	    prot == (PROT_READ | PROT_WRITE) && flags == MAP_SHARED)
		c->s[i].run = p;
	else
		munmap(p, len);
}

static int count_kind(struct chaos *c, enum fd_kind kind)
{
	int i, n = 0;

	for (i = 0; i < MAX_FDS; i++)
		n += c->s[i].fd >= 0 && c->s[i].kind == kind;
	return n;
}

static void chaos_fd_op(struct chaos *c)
{
	struct rnd *r = &c->w.r;
	int i, fd;

	switch (rnd_below(r, 4)) {
	case 0:		/* close one (not the last /dev/hvx) */
	case 1:
		i = find_slot(c, (enum fd_kind)rnd_below(r, 3));
		if (i >= 0 && (c->s[i].kind != K_DEV || count_kind(c, K_DEV) > 1))
			drop_slot(c, i);
		break;
	case 2:		/* dup one */
		i = find_slot(c, (enum fd_kind)rnd_below(r, 3));
		if (i < 0)
			break;
		fd = dup(c->s[i].fd);
		if (fd >= 0)
			keep_fd(c, fd, c->s[i].kind, c->s[i].vm, c->s[i].id);
		break;
	default:	/* another /dev/hvx */
		if (count_kind(c, K_DEV) >= 3)
			break;
		fd = open(HVX_DEV, O_RDWR | O_CLOEXEC);
		if (fd >= 0)
			keep_fd(c, fd, K_DEV, -1, 0);
		break;
	}
}

/*
 * A child process with the same fds: it is not the VMs' process, so every
 * VM and vCPU ioctl must get -EIO; /dev/hvx works as for anyone.
 */
static void chaos_fork(struct chaos *c)
{
	struct worker *w = &c->w;
	int status, k;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		w->is_child = true;
		for (k = 0; k < 32; k++) {
			enum fd_kind kind;
			struct expect ex;
			int slot, si, fd;
			unsigned long cmd = gen_cmd(&w->r, &slot);
			uint64_t arg;
			long ret;

			fd = pick_fd(c, (enum fd_kind)rnd_below(&w->r, 3), &si,
				     &kind);
			if (slot == C_ACPI || (slot == C_RUN && kind == K_DEV))
				continue;
			arg = slot < NR_CMDS ? gen_arg(w, slot, &c->t, &ex) :
			      gen_other_arg(w, &ex);
			if (kind == K_VM || kind == K_VCPU) {
				memset(&ex, 0, sizeof(ex));
				ex.only_errno = EIO;
				ex.why = "another process's VM";
			} else if (kind == K_DEV && (slot >= NR_CMDS ||
						     cmds[slot].kind != K_DEV)) {
				memset(&ex, 0, sizeof(ex));
				ex.only_errno = ENOTTY;
				ex.why = "not a command of this fd";
			}
			ret = fz_ioctl(w, slot < NR_CMDS ? slot : C_OTHER, fd,
				       kind, cmd, arg, &ex);
			if (ret >= 0 && slot == C_CREATE_VM && kind == K_DEV) {
				atomic_fetch_add(&w->st->vms, 1);
				close(ret);
			}
		}
		_exit(0);
	}
	atomic_fetch_add(&w->st->children, 1);
	if (waitpid(pid, &status, 0) == pid &&
	    !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		surprise(w, "a forked child ended with status 0x%x", status);
}

/* Read an hvx sysfs file, maybe of a VM going away meanwhile. */
void sysfs_read_op(struct rnd *r)
{
	static const char *const files[] = {
		HVX_SYSFS "/nr_vms", HVX_SYSFS "/pool_used_pages",
		HVX_OWN_DIR "/guest_pages", HVX_SYSFS "/acpi/DSDT",
		HVX_SYSFS "/acpi/APIC", HVX_SYSFS "/acpi/RSDP",
	};
	static const char *const vm_files[] = {
		"nr_vcpus", "mem_kib", "pid", "calls_hvc", "calls_dcc",
		"reflected_brk", "exits",
	};
	char path[160], buf[4096];
	struct dirent *e;
	DIR *d;
	int fd, n = 0;

	snprintf(path, sizeof(path), "%s", files[rnd_below(r, 6)]);
	d = rnd_one_in(r, 2) ? opendir(HVX_VMS_DIR) : NULL;
	if (d) {
		while ((e = readdir(d)))
			if (!strncmp(e->d_name, "vm", 2) && strlen(e->d_name) < 32 &&
			    rnd_below(r, ++n) == 0)
				snprintf(path, sizeof(path), HVX_VMS_DIR "/%s/%s",
					 e->d_name, vm_files[rnd_below(r, 7)]);
		closedir(d);
	}
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* The boot DT, packed (QEMU pads it to 1 MiB), for ACPI_GENERATE. */
static uint8_t *read_boot_dt(uint32_t *size)
{
	static uint8_t buf[1 << 20];
	uint32_t off_struct, size_struct, off_strings, size_strings, end;
	ssize_t n, got = 0;
	int fd = open("/sys/firmware/fdt", O_RDONLY);

	if (fd < 0)
		return NULL;
	while (got < (ssize_t)sizeof(buf) &&
	       (n = read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += n;
	close(fd);
	if (got < 40)
		return NULL;
	off_struct = be32(buf + 8);
	off_strings = be32(buf + 12);
	size_strings = be32(buf + 32);
	size_struct = be32(buf + 36);
	end = off_struct + size_struct;
	if (off_strings + size_strings > end)
		end = off_strings + size_strings;
	if (end > got || end < 40)
		return NULL;
	buf[4] = end >> 24;
	buf[5] = end >> 16;
	buf[6] = end >> 8;
	buf[7] = end;
	*size = end;
	return buf;
}

void chaos_main(struct worker *w0)
{
	static struct chaos c;
	struct worker *w = &c.w;
	int i, p[2];

	c.w = *w0;
	for (i = 0; i < MAX_FDS; i++) {
		c.s[i].fd = -1;
		c.s[i].vm = -1;
	}
	c.foreign[0] = open("/dev/null", O_RDWR | O_CLOEXEC);
	c.foreign[1] = pipe2(p, O_CLOEXEC) ? -1 : p[0];
	c.foreign[2] = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	for (i = 0; i < 2; i++)
		keep_fd(&c, open(HVX_DEV, O_RDWR | O_CLOEXEC), K_DEV, -1, 0);
	c.t.fdt = read_boot_dt(&c.t.fdt_size);

	while (!stopping() && now_s() < sh->deadline) {
		unsigned int op = rnd_below(&w->r, 1000);

		/* mostly fuzzed calls; the costly set-up now and then */
		if (op < 900)
			chaos_fuzz_ioctl(&c);
		else if (op < 920)
			chaos_setup_op(&c);
		else if (op < 945)
			chaos_regs_roundtrip(&c);
		else if (op < 960)
			chaos_mmap_op(&c);
		else if (op < 970)
			chaos_fd_op(&c);
		else if (op < 972)
			chaos_fork(&c);
		else if (op < 975)
			sysfs_read_op(&w->r);
		else
			chaos_fuzz_ioctl(&c);
	}
	for (i = 0; i < MAX_FDS; i++)
		if (c.s[i].fd >= 0)
			drop_slot(&c, i);
}
