/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ioctl fuzzer (hvx_ioctl_fuzz, see main.c): what its files share.
 */
#ifndef HVX_IOCTL_FUZZ_H
#define HVX_IOCTL_FUZZ_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <assert.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/hvx.h>
#include <hvx/guest-platform.h>
#include <hvx-guest.h>

#include "lib/hvx_vm.h"
#include "values.h"

#define MAX_WORKERS	32
#define RING		16		/* last calls kept per worker */
#define NR_SURPRISES	4		/* first unexpected results kept */
#define MAX_IMGS	16		/* test guests hvxctl runs */
#define FREE_TIMEOUT_S	10.0		/* for a VM to go once its fds are */
#define RAM_BASE	GUEST_RAM_BASE
#define MMIO_BASE	GUEST_MMIO_BASE
#define RESET_SCTLR	0x30d00800ULL	/* SCTLR_EL1 out of reset: MMU off */

/* Read a word of a mapping, to fault it in (or fault). */
static inline void touch(const void *p)
{
	(void)__atomic_load_n((const uint32_t *)p, __ATOMIC_RELAXED);
}

/* The fds calls go to. */
enum fd_kind { K_DEV, K_VM, K_VCPU, K_FOREIGN, K_CLOSED };

static const char *const kind_name[] = { "dev", "vm", "vcpu", "foreign",
					 "closed" };

/* hvx's commands (uapi/linux/hvx.h), in the order of the C_* below. */
struct cmd_info {
	const char *name;
	unsigned long cmd;
	enum fd_kind kind;
	size_t size;		/* of the struct it reads, 0 for none */
};

extern const struct cmd_info cmds[];

/* What is counted: each known command, any other, and mmap. */
enum {
	C_VERSION, C_STATUS, C_ACPI, C_CREATE_VM, C_MMAP_SIZE, C_ADD_MEM,
	C_WRITE_MEM, C_CREATE_VCPU, C_RUN, C_GET_REGS, C_SET_REGS,
	C_CREATE_GIC, C_IRQ_LINE, C_CREATE_CONSOLE, C_SET_NAME, C_STOP,
	C_SET_CLOCK, C_GET_CLOCK, C_SET_VMWARE,
	C_PART_CREATE, C_PART_DESTROY, C_PART_BIND,
	NR_CMDS, C_OTHER = NR_CMDS, C_MMAP, NR_SLOTS
};

/* --- shared memory: what the workers count, for the parent ------------- */

struct call_rec {
	uint32_t slot;		/* C_* */
	uint32_t cmd;
	int32_t fd;
	uint8_t kind;
	int32_t ret, err;
	uint64_t arg;
};

/*
 * The shared memory starts with SH_MAGIC and each worker's part too: a
 * kernel that writes where no call told it to shows there.
 */
#define SH_MAGIC	0x68767866757a7a31ULL	/* "hvxfuzz1" */

/* A worker's counts and last calls. */
struct wstats {
	uint64_t magic;
	int role;			/* 0 chaos, 1 vm */
	pid_t pid;
	atomic_ullong calls[NR_SLOTS];
	atomic_ullong ok[NR_SLOTS];
	atomic_ullong ns[NR_SLOTS];	/* time spent in them */
	atomic_ullong vms, vcpus, exits[HVX_EXIT_STOPPED + 1], children;
	atomic_ullong acpi_ok, guests, guests_killed;
	atomic_ullong surprises;
	atomic_uint ring_pos;
	struct call_rec ring[RING];
	char surprise[NR_SURPRISES][240];
	char fatal[240];		/* why the worker gave up, if it did */
};

struct shared {
	uint64_t magic;
	atomic_ullong total;
	atomic_int stop;
	uint64_t target;
	double deadline;
	struct wstats w[MAX_WORKERS];
	atomic_ullong guest_runs[MAX_IMGS], guest_bad[MAX_IMGS];
	char guest_fail[240];
};

extern struct shared *sh;

/* --- a worker and the checks on its calls ---------------------------- */

struct expect {
	bool must_fail;		/* the arguments are invalid */
	int only_errno;		/* if set, the one errno allowed */
	int or_errno;		/* with only_errno: another one allowed */
	bool or_success;	/* with only_errno: success allowed too */
	bool must_succeed;	/* valid for the VM's state (ENOMEM aside) */
	bool positive_ok;	/* may return > 0 (an fd or a size) */
	const char *why;
};

/* A worker's context: its number, its generator and its scratch memory. */
struct worker {
	int idx;
	struct wstats *st;
	struct rnd r;
	struct fz_mem m;
	bool is_child;		/* a forked child of a chaos worker */
};

/* Regions of guest RAM a worker knows of. */
struct ram {
	unsigned int n;
	uint64_t base[HVX_MAX_MEM_REGIONS], size[HVX_MAX_MEM_REGIONS];
};

/*
 * What a worker knows of a VM, for the exact oracles of its vGIC (gic.c):
 * nothing if !known (it may be dead: a failed ADD_MEMORY can kill it).
 */
struct vm_view {
	bool known;
	bool has_gic;
	uint32_t nr_irqs;
	uint64_t dist_base, redist_base;
	bool has_uart;		/* a console with a UART at uart_base */
	uint64_t uart_base;
	bool has_run;		/* a RUN returned an exit: it has started */
	bool may_have_run;	/* a RUN was made: it may have started */
	const struct ram *ram;
};

/* What a generated argument is for: a VM's RAM, the boot DT. */
struct target {
	uint64_t ram_base, ram_size;
	const uint8_t *fdt;
	uint32_t fdt_size;
	const struct vm_view *vm;	/* the VM, if known */
};

/* oracle.c */
void surprise(struct worker *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool stopping(void);
bool nonzero(const void *p, size_t n);
long fz_ioctl(struct worker *w, int slot, int fd, enum fd_kind kind,
	      unsigned long cmd, uint64_t arg, const struct expect *ex);
long call_ok(struct worker *w, int slot, int fd, enum fd_kind kind,
	     const void *obj, size_t len);
void *fz_mmap(struct worker *w, uint64_t len, int prot, int flags, int fd,
	      uint64_t off);
int fz_vm_write(struct worker *w, int vm, uint64_t gpa, const void *data,
		uint64_t size);
void check_run_exit(struct worker *w, const struct hvx_run *run,
		    const struct ram *ram);
void answer_exit(struct rnd *r, struct hvx_run *run);
void on_signal(int sig);

/* args.c */
void regs_for_guest(struct rnd *r, struct hvx_regs *regs, bool wild);
uint64_t gen_arg(struct worker *w, int slot, const struct target *t,
		 struct expect *ex);
unsigned long gen_cmd(struct rnd *r, int *slot);
uint64_t gen_other_arg(struct worker *w, struct expect *ex);

/* gic.c */
extern bool gic_feature;
void gic_gen(struct rnd *r, struct hvx_vm_gic *p, const struct target *t);
void gic_create_expect(const struct vm_view *v, uint64_t arg,
		       struct expect *ex);
void gic_created(struct worker *w, struct vm_view *v,
		 const struct hvx_vm_gic *p);
bool gic_overlaps(const struct vm_view *v, uint64_t base, uint64_t size);
bool uart_overlaps(const struct vm_view *v, uint64_t base, uint64_t size);
void console_created(struct vm_view *v, const struct hvx_vm_console *p);
void irq_line_gen(struct rnd *r, struct hvx_irq_line *l,
		  const struct vm_view *v);
void irq_line_expect(const struct vm_view *v, uint64_t arg, struct expect *ex);

/* guest.c: the table guest's table, and where CPU_ON results go */
#define GUEST_ENTRIES		64
#define GUEST_ENTRY_WORDS	5
#define GUEST_REPORT_BASE	(MMIO_BASE + 0x100000)
#define PSCI_CPU_ON_FN		0xc4000003ULL	/* 64-bit CPU_ON */
#define PSCI_INVALID_ADDRESS	(-9)
enum guest_kind { G_TABLE, G_SPIN, G_WFI, G_GARBAGE, G_ZERO, NR_GUESTS };
int guest_load(struct worker *w, int vm, enum guest_kind kind,
	       uint64_t ram_size, unsigned int nr_vcpus, uint64_t *table);

/* chaos.c, vm.c */
void chaos_main(struct worker *w);
void vm_main(struct worker *w);
void sysfs_read_op(struct rnd *r);

/* hvxctl.c */
struct guest_run {
	pid_t pid;
	unsigned int img;
	double start, kill_at;
	bool killed;
	char log[96];
};

bool find_guests(const char *argv0);
void guest_spawn(struct worker *w, struct guest_run *g);
void guest_reap(struct worker *w, struct guest_run *g, bool wait);
unsigned int nr_test_guests(void);
const char *test_guest_name(unsigned int i);
int hello_after(char *why, size_t len);

/* checks.c */
bool cg_setup(void);
void cg_join(int k);
uint64_t cg_value(int k, const char *file, const char *key);
void cg_cleanup(int nworkers);
int kmsg_check(int fd);

struct counts {
	struct own_counts own;
	uint64_t pool;
};

void counts_read(struct counts *c);
bool counts_back(const struct counts *want, struct counts *got, double secs);
void counts_print(const char *what, const struct counts *c);
bool normal_guest(char *why, size_t len);

#endif /* HVX_IOCTL_FUZZ_H */
