// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl fuzzer's calls and what it checks about each: every call goes
 * through fz_ioctl(), which counts it, keeps it in the worker's ring of
 * last calls and holds its result against what the ABI allows.
 */
#include "fuzz.h"

const struct cmd_info cmds[] = {
	{ "GET_VERSION", HVX_GET_VERSION, K_DEV, sizeof(struct hvx_version) },
	{ "GET_STATUS", HVX_GET_STATUS, K_DEV, sizeof(struct hvx_status) },
	{ "ACPI_GENERATE", HVX_ACPI_GENERATE, K_DEV, sizeof(struct hvx_acpi_gen) },
	{ "CREATE_VM", HVX_CREATE_VM, K_DEV, sizeof(struct hvx_vm_create) },
	{ "GET_VCPU_MMAP_SIZE", HVX_GET_VCPU_MMAP_SIZE, K_DEV, 0 },
	{ "VM_ADD_MEMORY", HVX_VM_ADD_MEMORY, K_VM, sizeof(struct hvx_vm_memory) },
	{ "VM_WRITE_MEMORY", HVX_VM_WRITE_MEMORY, K_VM, sizeof(struct hvx_vm_write) },
	{ "CREATE_VCPU", HVX_CREATE_VCPU, K_VM, sizeof(struct hvx_vcpu_create) },
	{ "VCPU_RUN", HVX_VCPU_RUN, K_VCPU, 0 },
	{ "VCPU_GET_REGS", HVX_VCPU_GET_REGS, K_VCPU, sizeof(struct hvx_regs) },
	{ "VCPU_SET_REGS", HVX_VCPU_SET_REGS, K_VCPU, sizeof(struct hvx_regs) },
	{ "VM_CREATE_GIC", HVX_VM_CREATE_GIC, K_VM, sizeof(struct hvx_vm_gic) },
	{ "VM_IRQ_LINE", HVX_VM_IRQ_LINE, K_VM, sizeof(struct hvx_irq_line) },
	{ "VM_CREATE_CONSOLE", HVX_VM_CREATE_CONSOLE, K_VM,
	  sizeof(struct hvx_vm_console) },
	{ "VM_SET_NAME", HVX_VM_SET_NAME, K_VM, sizeof(struct hvx_vm_name) },
	{ "VM_STOP", HVX_VM_STOP, K_DEV, sizeof(struct hvx_vm_stop) },
	{ "VM_SET_CLOCK", HVX_VM_SET_CLOCK, K_VM, sizeof(struct hvx_vm_clock) },
	{ "VM_GET_CLOCK", HVX_VM_GET_CLOCK, K_VM, sizeof(struct hvx_vm_clock) },
	{ "VM_SET_VMWARE", HVX_VM_SET_VMWARE, K_VM,
	  sizeof(struct hvx_vm_vmware) },
	{ "PARTITION_CREATE", HVX_PARTITION_CREATE, K_DEV,
	  sizeof(struct hvx_partition_create) },
	{ "PARTITION_DESTROY", HVX_PARTITION_DESTROY, K_DEV,
	  sizeof(struct hvx_partition_ref) },
	{ "PARTITION_BIND", HVX_PARTITION_BIND, K_DEV,
	  sizeof(struct hvx_partition_ref) },
};

struct shared *sh;

void surprise(struct worker *w, const char *fmt, ...)
{
	uint64_t n = atomic_fetch_add(&w->st->surprises, 1);
	va_list ap;

	if (n >= NR_SURPRISES)
		return;
	va_start(ap, fmt);
	vsnprintf(w->st->surprise[n], sizeof(w->st->surprise[n]), fmt, ap);
	va_end(ap);
}

bool nonzero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return true;
	return false;
}

static bool errno_allowed(int e)
{
	switch (e) {
	case EINVAL: case EFAULT: case ENOTTY: case EBUSY: case EEXIST:
	case ENOSPC: case ENOMEM: case EIO: case E2BIG: case EINTR:
	case ENODEV: case EBADF: case EMFILE: case ENFILE: case EAGAIN:
	case ENXIO:
	case ENOENT: case EPERM:	/* HVX_VM_STOP: no such VM, not allowed */
	case EDQUOT: case ENOTUNIQ:	/* partitions: over a limit; a name twice */
		return true;
	default:
		return false;
	}
}

bool stopping(void)
{
	return atomic_load_explicit(&sh->stop, memory_order_relaxed);
}

/*
 * The fuzzer's own memory changed under it: the kernel wrote where it was
 * not asked to. Say after which call, and stop this worker.
 */
static void canary_check(struct worker *w, int slot, int fd, unsigned long cmd,
			 uint64_t arg)
{
	if (sh->magic == SH_MAGIC && w->st->magic == SH_MAGIC)
		return;
	snprintf(w->st->fatal, sizeof(w->st->fatal),
		 "the fuzzer's shared memory was overwritten, seen after %s (0x%lx) fd %d arg 0x%llx",
		 slot < NR_CMDS ? cmds[slot].name : "cmd", cmd, fd,
		 (unsigned long long)arg);
	fprintf(stderr, "hvx_ioctl_fuzz: worker %d: %s\n", w->idx, w->st->fatal);
	{
		const uint8_t *b = (const void *)sh;
		int i;

		for (i = 0; i < 256; i++)
			fprintf(stderr, "%02x%s", b[i], i % 32 == 31 ? "\n" : " ");
	}
	_exit(4);
}

/* One more call in the totals; the last one asks everyone to stop. */
static void count_call(struct worker *w, int slot, bool ok, double t0)
{
	atomic_fetch_add_explicit(&w->st->ns[slot],
				  (uint64_t)((now_s() - t0) * 1e9),
				  memory_order_relaxed);
	atomic_fetch_add_explicit(&w->st->calls[slot], 1, memory_order_relaxed);
	if (ok)
		atomic_fetch_add_explicit(&w->st->ok[slot], 1,
					  memory_order_relaxed);
	if (atomic_fetch_add_explicit(&sh->total, 1, memory_order_relaxed) + 1 >=
	    sh->target)
		atomic_store(&sh->stop, 1);
}

/* mmap(), counted as a call. */
void *fz_mmap(struct worker *w, uint64_t len, int prot, int flags, int fd,
	      uint64_t off)
{
	double t0 = now_s();
	void *p = mmap(NULL, len, prot, flags, fd, off);

	count_call(w, C_MMAP, p != MAP_FAILED, t0);
	canary_check(w, C_MMAP, fd, 0, off);
	return p;
}

/* One ioctl, counted, remembered and checked; returns ioctl()'s value. */
long fz_ioctl(struct worker *w, int slot, int fd, enum fd_kind kind,
	      unsigned long cmd, uint64_t arg, const struct expect *ex)
{
	uint32_t pos = atomic_fetch_add(&w->st->ring_pos, 1) % RING;
	struct call_rec *c = &w->st->ring[pos];
	double t0 = now_s();
	long ret;
	int err;

	errno = 0;
	ret = ioctl(fd, cmd, (void *)(uintptr_t)arg);
	err = ret < 0 ? errno : 0;
	count_call(w, slot, ret >= 0, t0);
	canary_check(w, slot, fd, cmd, arg);
	*c = (struct call_rec){ .slot = slot, .cmd = cmd, .fd = fd,
				.kind = kind, .ret = ret, .err = err,
				.arg = arg };

	if (kind == K_FOREIGN || kind == K_CLOSED)
		return ret;		/* not hvx's file: nothing to check */
	if (ret < 0 && !errno_allowed(err))
		surprise(w, "%s (0x%lx) on %s fd: errno %d (%s), not one hvx returns",
			 slot < NR_CMDS ? cmds[slot].name : "cmd", cmd,
			 kind_name[kind], err, strerror(err));
	else if (ret < 0 && ex && ex->only_errno && err != ex->only_errno &&
		 err != ex->or_errno && err != EBADF)
		surprise(w, "%s (0x%lx) on %s fd, arg 0x%llx: errno %d (%s), expected %d (%s)",
			 slot < NR_CMDS ? cmds[slot].name : "cmd", cmd,
			 kind_name[kind], (unsigned long long)arg, err,
			 strerror(err), ex->only_errno, ex->why ? ex->why : "");
	else if (ret >= 0 && ex && (ex->must_fail ||
				    (ex->only_errno && !ex->or_success)))
		surprise(w, "%s (0x%lx) on %s fd, arg 0x%llx: returned %ld, must fail: %s",
			 slot < NR_CMDS ? cmds[slot].name : "cmd", cmd,
			 kind_name[kind], (unsigned long long)arg, ret,
			 ex->why ? ex->why : "invalid");
	else if (ret < 0 && ex && ex->must_succeed && err != ENOMEM &&
		 err != EBADF)
		surprise(w, "%s (0x%lx) on %s fd, arg 0x%llx: errno %d (%s), must succeed: %s",
			 slot < NR_CMDS ? cmds[slot].name : "cmd", cmd,
			 kind_name[kind], (unsigned long long)arg, err,
			 strerror(err), ex->why ? ex->why : "valid");
	else if (ret > 0 && !(ex && ex->positive_ok))
		surprise(w, "%s (0x%lx) on %s fd: returned %ld",
			 slot < NR_CMDS ? cmds[slot].name : "cmd", cmd,
			 kind_name[kind], ret);
	errno = err;
	return ret;
}

/* Set-up calls: valid arguments, in scratch memory; no claim on the result. */
long call_ok(struct worker *w, int slot, int fd, enum fd_kind kind,
	     const void *obj, size_t len)
{
	struct expect ex = { .positive_ok = true };
	uint64_t arg = 0;

	if (obj) {
		memcpy(fz_page(&w->m, FZ_OBJ), obj, len);
		arg = (uintptr_t)fz_page(&w->m, FZ_OBJ);
	}
	return fz_ioctl(w, slot, fd, kind, cmds[slot].cmd, arg, &ex);
}

int fz_vm_write(struct worker *w, int vm, uint64_t gpa, const void *data,
		uint64_t size)
{
	struct hvx_vm_write wr = { .guest_phys_addr = gpa, .size = size,
				   .data = (uintptr_t)data };

	return call_ok(w, C_WRITE_MEM, vm, K_VM, &wr, sizeof(wr)) < 0 ? errno : 0;
}

static bool in_ram(const struct ram *ram, uint64_t ipa)
{
	unsigned int i;

	for (i = 0; i < ram->n && i < HVX_MAX_MEM_REGIONS; i++)
		if (ipa >= ram->base[i] && ipa - ram->base[i] < ram->size[i])
			return true;
	return false;
}

void check_run_exit(struct worker *w, const struct hvx_run *run,
		    const struct ram *ram)
{
	atomic_fetch_add(&w->st->exits[run->exit_reason <= HVX_EXIT_STOPPED ?
				       run->exit_reason : 0], 1);
	switch (run->exit_reason) {
	case HVX_EXIT_MMIO:
		if (run->mmio.len != 1 && run->mmio.len != 2 &&
		    run->mmio.len != 4 && run->mmio.len != 8)
			surprise(w, "MMIO exit of length %u", run->mmio.len);
		if (ram && in_ram(ram, run->mmio.phys_addr))
			surprise(w, "MMIO exit at 0x%llx, in guest RAM",
				 (unsigned long long)run->mmio.phys_addr);
		break;
	case HVX_EXIT_SYSTEM_EVENT:
		if (run->system_event.type != HVX_SYSTEM_EVENT_SHUTDOWN &&
		    run->system_event.type != HVX_SYSTEM_EVENT_RESET)
			surprise(w, "system event of type %u",
				 run->system_event.type);
		break;
	case HVX_EXIT_INTERNAL_ERROR:
		if (run->internal.suberror < HVX_INTERNAL_MMIO_NISV ||
		    run->internal.suberror > HVX_INTERNAL_UNHANDLED)
			surprise(w, "internal error exit, suberror %u",
				 run->internal.suberror);
		break;
	case HVX_EXIT_CONSOLE:
		if ((run->console.direction == HVX_CONSOLE_WRITE &&
		     run->console.len > HVX_GUEST_WRITE_MAX) ||
		    (run->console.direction == HVX_CONSOLE_READ &&
		     run->console.len > HVX_GUEST_READ_MAX) ||
		    (run->console.direction != HVX_CONSOLE_WRITE &&
		     run->console.direction != HVX_CONSOLE_READ))
			surprise(w, "console exit, direction %u len %u",
				 run->console.direction, run->console.len);
		break;
	case HVX_EXIT_STOPPED:	/* a VM_STOP of a name the worker gave */
		break;
	default:
		surprise(w, "RUN returned 0 with exit reason %u",
			 run->exit_reason);
		break;
	}
}

/* What user space answers to an exit: random, within the ABI or not. */
void answer_exit(struct rnd *r, struct hvx_run *run)
{
	if (run->exit_reason == HVX_EXIT_MMIO) {
		rnd_bytes(r, run->mmio.data, sizeof(run->mmio.data));
		run->mmio.abort = rnd_one_in(r, 4);
		if (rnd_one_in(r, 8))	/* the kernel must not believe these */
			run->mmio.len = fz_u64(r);
	} else if (run->exit_reason == HVX_EXIT_CONSOLE) {
		rnd_bytes(r, run->console.data, sizeof(run->console.data));
		run->console.len = rnd_one_in(r, 4) ? fz_u64(r) :
				   rnd_below(r, 24);
	}
}

void on_signal(int sig)
{
	(void)sig;
}
