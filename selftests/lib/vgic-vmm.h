/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMM of the vGIC, timer and clock test guests (lib/vgic-vmm.c): its
 * VMs and what its parts share (lib/vgic-vmm-clock.c: the clock group).
 */
#ifndef VGIC_VMM_H
#define VGIC_VMM_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/hvx.h>

#define MAX_VCPUS	8		/* guests/lib/platform.h GUEST_MAX_CPUS */
#define LINE_MAX_LEN	512
/* The test device's page (guests/lib/gic.h) */
#define TESTDEV_BASE	0x0c000000ULL
#define TESTDEV_SIZE	0x1000ULL

struct gvm;

struct gvcpu {
	struct gvm *vm;
	unsigned int id;
	int fd;
	struct hvx_run *run;
	size_t run_size;
	pthread_t thread;
	bool started;
	char line[LINE_MAX_LEN];
	size_t len;
};

struct gvm {
	char label[64];
	const char *guest;
	unsigned int nr_vcpus, nr_irqs;
	char bootargs[256];
	int fd;
	struct gvcpu vcpu[MAX_VCPUS];
	pthread_mutex_t lock;
	char *out;		/* the console's lines */
	size_t out_len;
	atomic_bool stop;
	int ended;		/* under lock: an enum gvm_end */
	char why[640];
	unsigned int delay_ms;	/* the test device's */
	uint32_t line_err;	/* errno of its last IRQ_LINE */
	unsigned int gic_exits;	/* MMIO exits for the vGIC's frames */
	unsigned int other_exits;
	char first_gic_exit[200];
	double start, end;
	/* before its vCPUs first run; false (with why) fails the start */
	bool (*prepare)(struct gvm *vm);
	/* a test device access at off from TESTDEV_END on; true if taken */
	bool (*testdev)(struct gvm *vm, struct hvx_run *run, uint64_t off);
	void *priv;		/* the prepare and testdev hooks' */
};

/* The test device's registers below TESTDEV_END are vgic-vmm.c's own. */
#define TESTDEV_END	0x20

enum gvm_end { RUNNING, ENDED_OFF, ENDED_RESET, ENDED_ERROR, ENDED_TIMEOUT };

extern double run_timeout_s;	/* seconds a guest gets */

void result(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pin_to(pthread_t t, unsigned int cpu);
void vm_setup(struct gvm *vm, const char *guest, unsigned int vcpus,
	      unsigned int irqs, const char *args);
bool vm_start(struct gvm *vm);
void vm_wait(struct gvm *vm, double timeout);
bool vm_report(struct gvm *vm);
void vm_close(struct gvm *vm);

/* lib/vgic-vmm-clock.c: the clock guest at three frequencies */
void run_clock_group(void);

#endif /* VGIC_VMM_H */
