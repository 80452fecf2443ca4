// SPDX-License-Identifier: GPL-2.0
/*
 * The fake VM of fake-hvx.so: HVX_CREATE_VM, the VM and vCPU ioctls with
 * the checks hvx makes on their arguments, and vCPU exits played from a
 * script, so that hvxctl run's set-up and exit handling run on the host.
 *
 * FAKE_HVX_SCRIPT=FILE: what HVX_VCPU_RUN reports, an exit a line,
 * "[N:] EVENT" for vCPU N (vCPU 0 without a prefix):
 *   mmio ADDR LEN r           a load
 *   mmio ADDR LEN w DATA      a store
 *   uart TEXT                 TEXT and a newline on the PL011 (no exit:
 *                             the UART is the console's, fake-console.c)
 *   cwrite TEXT               a console write of TEXT (at most 40 bytes;
 *                             \n stands for a newline; no exit either)
 *   cread MAX                 a console read of at most MAX bytes (16 at
 *                             most; no exit)
 *   off | reset | event TYPE  a system event
 *   error SUB ESR FAR GPA PC  an internal error
 *   exit REASON               an exit reason of that number
 *   fail ERRNO                HVX_VCPU_RUN fails with ERRNO
 *   sleep MS                  wait, then go on with the next line
 *   spin                      a guest that never exits, from then on
 * A vCPU whose lines are used up spins too. A signal while a vCPU spins or
 * sleeps makes HVX_VCPU_RUN return -EINTR with HVX_EXIT_INTR, as does a
 * run with immediate_exit set: hvx's rules.
 *
 * FAKE_HVX_LOG gets create_vm, add_memory, write, vcpu, create_gic
 * ("create_gic NR_IRQS DIST REDIST"), irq_line ("irq_line INTID LEVEL"),
 * create_console ("create_console FLAGS BASE SPI"), set_clock
 * ("set_clock FLAGS FREQ OFFSET"), set_regs, close
 * lines, and for each MMIO exit how hvxctl completed it (mmio-done: the
 * data it gave a load, or abort), and for each console read what the
 * console had ("console-read N LEN TEXT", TEXT the bytes with a
 * backslash-n for a newline). FAKE_HVX_DUMP=DIR: the data of each HVX_VM_WRITE_MEMORY, in
 * DIR/<guest address in hex>.bin.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/hvx.h>
#include <hvx-guest.h>
#include <hvx/guest-platform.h>

#include "fake-hvx.h"

#define RUN_SIZE	4096
#define PAGE_MASK	4095ULL
#define MAX_EVENTS	4096
/* a new vCPU's registers (the ABI's reset state) */
#define RESET_PSTATE	0x3c5
#define RESET_SCTLR	0x30d00800
#define SET_REGS_LOG	"set_regs %u pc=0x%llx x0=0x%llx x1=0x%llx x2=0x%llx x3=0x%llx pstate=0x%llx"

enum ev_type {
	EV_MMIO, EV_EVENT, EV_ERROR, EV_EXIT, EV_FAIL, EV_SLEEP, EV_SPIN,
	EV_OUT, EV_CREAD,
};

struct event {
	enum ev_type type;
	unsigned long long a[5];
	/* EV_OUT: a[0] bytes of text; EV_CREAD: a[0] bytes at most */
	char text[40];
};

struct fake_vcpu {
	bool created;
	struct hvx_run *run;		/* the fake's own mapping */
	struct hvx_regs regs;
	struct event *ev;		/* its script */
	size_t nr_ev, next;
	bool mmio_pending;		/* the last exit was MMIO */
};

static struct {
	bool created;
	bool ran;
	bool gic;
	unsigned int nr_irqs;
	unsigned long long ram_base, ram_size;
	struct fake_vcpu vcpus[HVX_MAX_VCPUS];
} vm;

static void add_event(unsigned int id, const struct event *e)
{
	struct fake_vcpu *v = &vm.vcpus[id];

	if (!v->ev)
		v->ev = calloc(MAX_EVENTS, sizeof(*v->ev));
	if (!v->ev || v->nr_ev == MAX_EVENTS)
		return;
	v->ev[v->nr_ev++] = *e;
}

static bool parse_nums(const char *s, struct event *e, int n)
{
	char *end;
	int i;

	for (i = 0; i < n; i++) {
		e->a[i] = strtoull(s, &end, 0);
		if (end == s)
			return false;
		s = end;
	}
	return true;
}

/* uart TEXT: the line, in pieces of sizeof(text) bytes */
static void parse_uart(unsigned int id, const char *text)
{
	struct event e = { .type = EV_OUT };

	for (;; text++) {
		if (!*text || *text == '\n')
			e.text[e.a[0]++] = '\n';
		else
			e.text[e.a[0]++] = *text;
		if (e.a[0] == sizeof(e.text) || e.text[e.a[0] - 1] == '\n') {
			add_event(id, &e);
			e.a[0] = 0;
		}
		if (!*text || *text == '\n')
			return;
	}
}

/* cwrite TEXT: "\\n" in TEXT stands for a newline. */
static bool parse_cwrite(unsigned int id, const char *text)
{
	struct event e = { .type = EV_OUT };
	size_t n = 0;

	for (; *text && *text != '\n'; text++) {
		if (n == sizeof(e.text))
			return false;
		if (text[0] == '\\' && text[1] == 'n') {
			e.text[n++] = '\n';
			text++;
		} else {
			e.text[n++] = *text;
		}
	}
	e.a[0] = n;
	add_event(id, &e);
	return true;
}

/* One script line; false if it makes no sense. */
static bool parse_line(char *line)
{
	struct event e = { 0 };
	unsigned int id = 0;
	char *p = line, *end, word[16], rw = 0;
	int n;

	id = strtoul(p, &end, 10);
	if (end != p && *end == ':')
		p = end + 1;
	else
		id = 0;
	if (id >= HVX_MAX_VCPUS || sscanf(p, " %15s%n", word, &n) != 1)
		return false;
	p += n;
	if (!strcmp(word, "uart")) {
		parse_uart(id, *p == ' ' ? p + 1 : p);
		return true;
	}
	if (!strcmp(word, "cwrite"))
		return parse_cwrite(id, *p == ' ' ? p + 1 : p);
	if (!strcmp(word, "cread")) {
		e.type = EV_CREAD;
		if (!parse_nums(p, &e, 1) || e.a[0] > HVX_GUEST_READ_MAX)
			return false;
	} else if (!strcmp(word, "mmio")) {
		/* hex numbers: "mmio 0x9000000 4 w 0x41" */
		e.type = EV_MMIO;
		n = sscanf(p, "%llx %llx %c %llx", &e.a[0], &e.a[1], &rw,
			   &e.a[3]);
		if (n < 3 || (rw != 'r' && rw != 'w') || (rw == 'w' && n < 4))
			return false;
		e.a[2] = rw == 'w';
	} else if (!strcmp(word, "off") || !strcmp(word, "reset")) {
		e.type = EV_EVENT;
		e.a[0] = word[0] == 'o' ? HVX_SYSTEM_EVENT_SHUTDOWN :
					  HVX_SYSTEM_EVENT_RESET;
	} else if (!strcmp(word, "event")) {
		e.type = EV_EVENT;
		if (!parse_nums(p, &e, 1))
			return false;
	} else if (!strcmp(word, "error")) {
		e.type = EV_ERROR;
		if (!parse_nums(p, &e, 5))
			return false;
	} else if (!strcmp(word, "exit") || !strcmp(word, "fail") ||
		   !strcmp(word, "sleep")) {
		e.type = word[0] == 'e' ? EV_EXIT : word[0] == 'f' ? EV_FAIL :
					  EV_SLEEP;
		if (!parse_nums(p, &e, 1))
			return false;
	} else if (!strcmp(word, "spin")) {
		e.type = EV_SPIN;
	} else {
		return false;
	}
	add_event(id, &e);
	return true;
}

static void load_script(void)
{
	const char *path = getenv("FAKE_HVX_SCRIPT");
	char line[512];
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "fake-hvx: cannot read %s\n", path);
		return;
	}
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' && line[0] != '\n' && !parse_line(line))
			fprintf(stderr, "fake-hvx: bad script line: %s", line);
	fclose(f);
}

long fake_create_vm(void *arg)
{
	struct hvx_vm_create *c = arg;
	int fd;

	if (!fake_env_int("FAKE_HVX_VM"))
		return -ENOTTY;
	if (c->flags || c->pad || fake_nonzero(c->reserved, sizeof(c->reserved)))
		return -EINVAL;
	if (vm.created)
		return -EBUSY;	/* the fake has one VM */
	fd = fake_real_open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	vm.created = true;
	load_script();
	fake_set_fd(fd, FAKE_VM, 0);
	fake_log("create_vm");
	return fd;
}

static long add_region(const struct hvx_vm_memory *m)
{
	if (m->flags || m->pad || fake_nonzero(m->reserved, sizeof(m->reserved)))
		return -EINVAL;
	if ((m->guest_phys_addr & PAGE_MASK) || (m->size & PAGE_MASK) ||
	    !m->size || m->guest_phys_addr + m->size >
	    (1ULL << HVX_GUEST_IPA_BITS))
		return -EINVAL;
	if (vm.ran)
		return -EBUSY;
	if (vm.ram_size)
		return -ENOSPC;	/* the fake has one region */
	vm.ram_base = m->guest_phys_addr;
	vm.ram_size = m->size;
	fake_log("add_memory 0x%llx 0x%llx", vm.ram_base, vm.ram_size);
	return 0;
}

static void dump(unsigned long long gpa, const void *data, size_t size)
{
	const char *dir = getenv("FAKE_HVX_DUMP");
	char path[512];
	int fd;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%llx.bin", dir, gpa);
	fd = fake_real_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		fprintf(stderr, "fake-hvx: cannot write %s\n", path);
	if (fd >= 0)
		fake_real_close(fd);
}

static long write_memory(const struct hvx_vm_write *w)
{
	if (w->flags || w->pad || fake_nonzero(w->reserved, sizeof(w->reserved)))
		return -EINVAL;
	if (vm.ran)
		return -EBUSY;
	if (w->guest_phys_addr < vm.ram_base || w->size > vm.ram_size ||
	    w->guest_phys_addr - vm.ram_base > vm.ram_size - w->size)
		return -EINVAL;
	if (!w->data)
		return -EFAULT;
	fake_log("write 0x%llx 0x%llx", (unsigned long long)w->guest_phys_addr,
		 (unsigned long long)w->size);
	dump(w->guest_phys_addr, (const void *)(unsigned long)w->data, w->size);
	return 0;
}

static long create_vcpu(const struct hvx_vcpu_create *c)
{
	struct fake_vcpu *v;
	void *run;
	int fd;

	if ((c->flags & ~HVX_VCPU_POWER_OFF) ||
	    fake_nonzero(c->reserved, sizeof(c->reserved)) ||
	    c->id >= HVX_MAX_VCPUS)
		return -EINVAL;
	v = &vm.vcpus[c->id];
	if (v->created)
		return -EEXIST;
	/* hvxctl mmap()s the vCPU fd: a memfd it can map, shared with us */
	fd = memfd_create("fake-hvx-run", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, RUN_SIZE)) {
		fake_real_close(fd);
		return -ENOMEM;
	}
	run = mmap(NULL, RUN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (run == MAP_FAILED) {
		fake_real_close(fd);
		return -ENOMEM;
	}
	v->created = true;
	v->run = run;
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.pstate = RESET_PSTATE;
	v->regs.sctlr_el1 = RESET_SCTLR;
	fake_set_fd(fd, FAKE_VCPU, c->id);
	fake_log("vcpu %u flags 0x%x", c->id, c->flags);
	return fd;
}

/* HVX_VM_CREATE_GIC, with hvx's checks of its arguments */
static long create_gic(const struct hvx_vm_gic *g)
{
	const unsigned long long top = 1ULL << HVX_GUEST_IPA_BITS;
	unsigned long long rd_size = HVX_GIC_REDIST_SIZE * HVX_MAX_VCPUS;

	if (fake_env_int("FAKE_HVX_NO_VGIC"))
		return -ENOTTY;
	if (g->flags || fake_nonzero(g->reserved, sizeof(g->reserved)))
		return -EINVAL;
	if (g->nr_irqs < 64 || g->nr_irqs > HVX_GIC_MAX_IRQS ||
	    g->nr_irqs % 32 || (g->dist_base & 0xffff) ||
	    (g->redist_base & 0xffff) || g->dist_base >= top ||
	    top - g->dist_base < HVX_GIC_DIST_SIZE ||
	    g->redist_base >= top || top - g->redist_base < rd_size)
		return -EINVAL;
	if (vm.gic)
		return -EEXIST;
	if (vm.ran)
		return -EBUSY;
	vm.gic = true;
	vm.nr_irqs = g->nr_irqs;
	fake_log("%s %u 0x%llx 0x%llx", __func__, g->nr_irqs,
		 (unsigned long long)g->dist_base,
		 (unsigned long long)g->redist_base);
	return 0;
}

/*
 * HVX_VM_SET_CLOCK, with hvx's checks of its arguments (ENOTTY without
 * HVX_FEATURE_CLOCK, FAKE_HVX_NO_CLOCK=1)
 */
static long set_clock(struct hvx_vm_clock *c)
{
	if (fake_env_int("FAKE_HVX_NO_CLOCK"))
		return -ENOTTY;
	if ((c->flags & ~HVX_CLOCK_OFFSET) ||
	    fake_nonzero(c->reserved, sizeof(c->reserved)) ||
	    c->freq < HVX_CLOCK_FREQ_MIN || c->freq > HVX_CLOCK_FREQ_MAX)
		return -EINVAL;
	if ((c->flags & HVX_CLOCK_OFFSET) && vm.ran)
		return -EBUSY;
	fake_log("%s 0x%x %llu 0x%llx", __func__, c->flags,
		 (unsigned long long)c->freq,
		 (unsigned long long)c->offset);
	c->flags = HVX_CLOCK_SCALED;
	return 0;
}

static long irq_line(const struct hvx_irq_line *l)
{
	if (l->flags || l->pad || fake_nonzero(l->reserved, sizeof(l->reserved)))
		return -EINVAL;
	if (!vm.gic)
		return -ENXIO;
	if (l->intid < 32 || l->intid >= vm.nr_irqs || l->level > 1)
		return -EINVAL;
	fake_log("%s %u %u", __func__, l->intid, l->level);
	return 0;
}

long fake_vm_ioctl(unsigned long req, void *arg)
{
	switch (req) {
	case HVX_VM_CREATE_GIC:
		return create_gic(arg);
	case HVX_VM_CREATE_CONSOLE:
		return fake_create_console(arg, vm.ran);
	case HVX_VM_IRQ_LINE:
		return irq_line(arg);
	case HVX_VM_SET_CLOCK:
		return set_clock(arg);
	case HVX_VM_ADD_MEMORY:
		return add_region(arg);
	case HVX_VM_WRITE_MEMORY:
		return write_memory(arg);
	case HVX_CREATE_VCPU:
		return create_vcpu(arg);
	default:
		return -ENOTTY;
	}
}

/* How hvxctl completed the MMIO exit in run, for the log. */
static void log_mmio_done(unsigned int id, const struct hvx_run *run)
{
	unsigned long long val = 0;
	int i;

	if (run->mmio.abort) {
		fake_log("mmio-done %u 0x%llx %c abort", id,
			 (unsigned long long)run->mmio.phys_addr,
			 run->mmio.is_write ? 'w' : 'r');
		return;
	}
	for (i = 7; i >= 0; i--)
		val = val << 8 | run->mmio.data[i];
	fake_log("mmio-done %u 0x%llx %c 0x%llx", id,
		 (unsigned long long)run->mmio.phys_addr,
		 run->mmio.is_write ? 'w' : 'r', val);
}

/* A console read of at most max bytes: what the console had, logged. */
static void console_read(unsigned int id, size_t max)
{
	char buf[HVX_GUEST_READ_MAX], text[2 * HVX_GUEST_READ_MAX + 1];
	size_t i, got = fake_console_in(buf, max);
	unsigned int n = 0;

	for (i = 0; i < got; i++) {
		if (buf[i] == '\n') {
			text[n++] = '\\';
			text[n++] = 'n';
		} else {
			text[n++] = buf[i];
		}
	}
	text[n] = '\0';
	fake_log("console-read %u %zu %s", id, got, text);
}

static long interrupted(unsigned int id, struct hvx_run *run)
{
	run->exit_reason = HVX_EXIT_INTR;
	fake_log("intr %u", id);
	return -EINTR;
}

/* Waits ms (-1: for ever) like a running guest: a signal ends it. */
static long guest_runs(unsigned int id, struct hvx_run *run, long ms)
{
	struct timespec ts = { .tv_sec = 1 };

	for (;;) {
		if (__atomic_load_n(&run->immediate_exit, __ATOMIC_ACQUIRE))
			return interrupted(id, run);
		if (ms >= 0) {
			ts.tv_sec = ms / 1000;
			ts.tv_nsec = (ms % 1000) * 1000000L;
		}
		if (nanosleep(&ts, NULL) && errno == EINTR)
			return interrupted(id, run);
		if (ms >= 0)
			return 0;
	}
}

static long vcpu_run(unsigned int id, struct fake_vcpu *v)
{
	struct hvx_run *run = v->run;
	struct event *e;
	int i;

	vm.ran = true;
	if (v->mmio_pending) {
		v->mmio_pending = false;
		log_mmio_done(id, run);
	}
	if (__atomic_load_n(&run->immediate_exit, __ATOMIC_ACQUIRE))
		return interrupted(id, run);
	for (;;) {
		if (v->next == v->nr_ev)
			return guest_runs(id, run, -1);
		e = &v->ev[v->next++];
		switch (e->type) {
		case EV_SLEEP:
			if (guest_runs(id, run, e->a[0]))
				return -EINTR;
			continue;
		case EV_SPIN:
			v->next--;
			return guest_runs(id, run, -1);
		case EV_MMIO:
			memset(&run->mmio, 0, sizeof(run->mmio));
			run->exit_reason = HVX_EXIT_MMIO;
			run->mmio.phys_addr = e->a[0];
			run->mmio.len = e->a[1];
			run->mmio.is_write = e->a[2];
			for (i = 0; i < 8 && e->a[2]; i++)
				run->mmio.data[i] = e->a[3] >> (8 * i);
			v->mmio_pending = true;
			return 0;
		case EV_OUT:
			fake_console_out(e->text, e->a[0]);
			continue;
		case EV_CREAD:
			console_read(id, e->a[0]);
			continue;
		case EV_EVENT:
			run->exit_reason = HVX_EXIT_SYSTEM_EVENT;
			run->system_event.type = e->a[0];
			run->system_event.vcpu = id;
			return 0;
		case EV_ERROR:
			run->exit_reason = HVX_EXIT_INTERNAL_ERROR;
			run->internal.suberror = e->a[0];
			run->internal.esr = e->a[1];
			run->internal.far = e->a[2];
			run->internal.gpa = e->a[3];
			run->internal.pc = e->a[4];
			return 0;
		case EV_EXIT:
			run->exit_reason = e->a[0];
			return 0;
		case EV_FAIL:
			return -(long)e->a[0];
		}
	}
}

long fake_vcpu_ioctl(unsigned int id, unsigned long req, void *arg)
{
	struct fake_vcpu *v = &vm.vcpus[id];
	struct hvx_regs *r = arg;

	switch (req) {
	case HVX_VCPU_RUN:
		return vcpu_run(id, v);
	case HVX_VCPU_GET_REGS:
		if (r->flags)
			return -EINVAL;
		*r = v->regs;
		return 0;
	case HVX_VCPU_SET_REGS:
		if (r->flags || r->pad || fake_nonzero(r->reserved, sizeof(r->reserved)))
			return -EINVAL;
		v->regs = *r;
		fake_log(SET_REGS_LOG, id, (unsigned long long)r->pc,
			 (unsigned long long)r->x[0], (unsigned long long)r->x[1],
			 (unsigned long long)r->x[2], (unsigned long long)r->x[3],
			 (unsigned long long)r->pstate);
		return 0;
	default:
		return -ENOTTY;
	}
}

void fake_vm_close(enum fake_kind kind, unsigned int index)
{
	if (kind == FAKE_VCPU) {
		munmap(vm.vcpus[index].run, RUN_SIZE);
		vm.vcpus[index].created = false;
		fake_log("close vcpu %u", index);
	} else if (kind == FAKE_VM) {
		fake_console_close();
		fake_log("close vm");
	}
}
