/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the selftests that make VMs (hvx_vm_*, and others): the
 * /dev/hvx VM and vCPU ioctls (uapi/linux/hvx.h), /sys/kernel/hvx's VM
 * and page ownership counters, and an encoder for the few aarch64
 * instructions the tests' hand-made guest code uses.
 */
#ifndef HVX_VM_H
#define HVX_VM_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/hvx.h>
#include <hvx/guest-platform.h>

#include "util.h"

#define HVX_DEV			"/dev/hvx"
#define HVX_SYSFS		"/sys/kernel/hvx"
#define HVX_VMS_DIR		HVX_SYSFS "/vms"
#define HVX_OWN_DIR		HVX_SYSFS "/host_s2"
#define VM_PAGE_SIZE		4096UL

/* Where the tests put guest RAM (GUEST_RAM_BASE) and their MMIO accesses. */
#define GUEST_MMIO_BASE		0x20000000ULL	/* nothing there: MMIO exits */
#define GUEST_REPORT_ADDR	0x20010000ULL	/* a store here reports a value */

/* SPSR/PSTATE values */
#define PSR_MODE_EL0t		0x0ULL
#define PSR_MODE_EL1t		0x4ULL
#define PSR_MODE_EL1h		0x5ULL
#define PSR_MODE_EL2t		0x8ULL
#define PSR_MODE_EL2h		0x9ULL
#define PSR_MODE_EL3h		0xdULL
#define PSR_MODE32		0x10ULL	/* AArch32 (nRW) */
#define PSR_DAIF		0x3c0ULL
/* What a new vCPU starts with: EL1h, DAIF masked. */
#define PSR_EL1h_MASKED		(PSR_MODE_EL1h | PSR_DAIF)

/* PSCI and SMCCC function IDs and return values */
#define PSCI_VERSION		0x84000000U
#define PSCI_CPU_OFF		0x84000002U
#define PSCI_CPU_ON		0xc4000003U
#define PSCI_SYSTEM_OFF		0x84000008U
#define PSCI_SYSTEM_RESET	0x84000009U
#define PSCI_AFFINITY_INFO	0xc4000004U
#define PSCI_INVALID_PARAMS	(-2)
#define PSCI_INVALID_ADDRESS	(-9)
#define PSCI_AFFINITY_OFF	1
#define SMCCC_NOT_SUPPORTED	(-1)
#define SMCCC_SIP_CALL0		0x82000000U	/* a SiP call hvx does not know */

/* ESR fields */
#define ESR_EC(esr)		(((esr) >> 26) & 0x3f)
#define ESR_EC_DABT_CUR		0x25	/* data abort taken without a change of EL */
#define ESR_FSC(esr)		((esr) & 0x3f)
#define ESR_FSC_SEA		0x10	/* synchronous external abort */
#define ESR_DABT_FNV		(1ULL << 10)	/* FAR not valid */
#define ESR_DABT_ISV		(1ULL << 24)	/* instruction syndrome valid */
#define ESR_EC_DABT_LOW		0x24	/* data abort from a lower EL */

/* --- aarch64 instructions ------------------------------------------------
 * Each macro gives the 32-bit encoding of one instruction, named after it;
 * the comment gives the assembly. rt, rn, rd, rm: register numbers 0-30,
 * 31 meaning xzr/wzr (sp for the base register rn, which the tests never
 * use).
 */
/* LDR/STR (unsigned immediate), offset 0: "op Rt, [Xn]" */
#define A64_LDST(base, rt, rn)	((uint32_t)(base) | ((uint32_t)(rn) << 5) | (uint32_t)(rt))
#define A64_STRB(rt, rn)	A64_LDST(0x39000000, rt, rn)	/* strb  wRt, [xRn] */
#define A64_LDRB(rt, rn)	A64_LDST(0x39400000, rt, rn)	/* ldrb  wRt, [xRn] */
#define A64_LDRSB_X(rt, rn)	A64_LDST(0x39800000, rt, rn)	/* ldrsb xRt, [xRn] */
#define A64_LDRSB_W(rt, rn)	A64_LDST(0x39c00000, rt, rn)	/* ldrsb wRt, [xRn] */
#define A64_STRH(rt, rn)	A64_LDST(0x79000000, rt, rn)	/* strh  wRt, [xRn] */
#define A64_LDRH(rt, rn)	A64_LDST(0x79400000, rt, rn)	/* ldrh  wRt, [xRn] */
#define A64_LDRSH_X(rt, rn)	A64_LDST(0x79800000, rt, rn)	/* ldrsh xRt, [xRn] */
#define A64_LDRSH_W(rt, rn)	A64_LDST(0x79c00000, rt, rn)	/* ldrsh wRt, [xRn] */
#define A64_STR_W(rt, rn)	A64_LDST(0xb9000000, rt, rn)	/* str   wRt, [xRn] */
#define A64_LDR_W(rt, rn)	A64_LDST(0xb9400000, rt, rn)	/* ldr   wRt, [xRn] */
#define A64_LDRSW(rt, rn)	A64_LDST(0xb9800000, rt, rn)	/* ldrsw xRt, [xRn] */
#define A64_STR_X(rt, rn)	A64_LDST(0xf9000000, rt, rn)	/* str   xRt, [xRn] */
#define A64_LDR_X(rt, rn)	A64_LDST(0xf9400000, rt, rn)	/* ldr   xRt, [xRn] */
/* ldr xRt, [xRn], #8 (post-index: guest RAM only, never MMIO) */
#define A64_LDR_X_POST8(rt, rn)	A64_LDST(0xf8408400, rt, rn)
/* ldp xRt, xRt2, [xRn]: no syndrome (ISV = 0) when it faults at stage 2 */
#define A64_LDP_X(rt, rt2, rn)	(0xa9400000U | ((uint32_t)(rt2) << 10) | \
				 ((uint32_t)(rn) << 5) | (uint32_t)(rt))
#define A64_HVC0		0xd4000002U	/* hvc #0 */
#define A64_SMC0		0xd4000003U	/* smc #0 */
#define A64_NOP			0xd503201fU	/* nop */
#define A64_B_SELF		0x14000000U	/* b . */
/* b.ne .+off (off a multiple of 4, within +-1 MiB) */
#define A64_BNE(off)		(0x54000001U | ((((uint32_t)(off) >> 2) & 0x7ffff) << 5))
/* orr xRd, xRn, xRm; with rn 31: mov xRd, xRm */
#define A64_ORR(rd, rn, rm)	(0xaa000000U | ((uint32_t)(rm) << 16) | \
				 ((uint32_t)(rn) << 5) | (uint32_t)(rd))
#define A64_MOV(rd, rm)		A64_ORR(rd, 31, rm)		/* mov xRd, xRm */
/* subs xRd, xRn, #imm12 */
#define A64_SUBS_IMM(rd, rn, imm) (0xf1000000U | ((uint32_t)(imm) << 10) | \
				   ((uint32_t)(rn) << 5) | (uint32_t)(rd))
/* movz xRd, #imm16, lsl #(16 * hw) and movk xRd, #imm16, lsl #(16 * hw) */
#define A64_MOVZ(rd, imm16, hw)	(0xd2800000U | ((uint32_t)(hw) << 21) | \
				 ((uint32_t)((imm16) & 0xffff) << 5) | (uint32_t)(rd))
#define A64_MOVK(rd, imm16, hw)	(0xf2800000U | ((uint32_t)(hw) << 21) | \
				 ((uint32_t)((imm16) & 0xffff) << 5) | (uint32_t)(rd))
/* mrs xRt, <sysreg> and msr <sysreg>, xRt; op0 is 3 for all used here */
#define A64_SYSREG(op1, crn, crm, op2) \
	((3U << 19) | ((op1) << 16) | ((crn) << 12) | ((crm) << 8) | ((op2) << 5))
#define A64_MRS(rt, sr)		(0xd5200000U | (sr) | (uint32_t)(rt))
#define A64_MSR(sr, rt)		(0xd5000000U | (sr) | (uint32_t)(rt))
#define SR_MPIDR_EL1		A64_SYSREG(0, 0, 0, 5)
#define SR_ESR_EL1		A64_SYSREG(0, 5, 2, 0)
#define SR_FAR_EL1		A64_SYSREG(0, 6, 0, 0)
#define SR_TPIDR_EL1		A64_SYSREG(0, 13, 0, 4)
#define SR_TPIDR_EL0		A64_SYSREG(3, 13, 0, 2)
#define SR_TPIDRRO_EL0		A64_SYSREG(3, 13, 0, 3)
#define SR_TPIDR2_EL0		A64_SYSREG(3, 13, 0, 5)	/* with SME only */
#define SR_ID_AA64PFR0_EL1	A64_SYSREG(0, 0, 4, 0)
#define SR_ID_AA64PFR1_EL1	A64_SYSREG(0, 0, 4, 1)
#define SR_CPACR_EL1		A64_SYSREG(0, 1, 0, 2)
#define SR_SPSR_EL1		A64_SYSREG(0, 4, 0, 0)
#define SR_ELR_EL1		A64_SYSREG(0, 4, 0, 1)
#define SR_VBAR_EL1		A64_SYSREG(0, 12, 0, 0)
#define A64_ISB			0xd5033fdfU	/* isb */
#define A64_ERET		0xd69f03e0U	/* eret */

/* Guest code under construction: instructions for guest address base. */
#define CODE_MAX_INSNS	1024	/* 4 KiB: one page of code */

struct guest_code {
	uint64_t base;
	unsigned int n;
	uint32_t insn[CODE_MAX_INSNS];
};

static inline void code_init(struct guest_code *c, uint64_t base)
{
	c->base = base;
	c->n = 0;
}

/* Append one instruction; returns its guest address. */
static inline uint64_t emit(struct guest_code *c, uint32_t insn)
{
	if (c->n >= CODE_MAX_INSNS) {
		fprintf(stderr, "guest code too long\n");
		abort();
	}
	c->insn[c->n] = insn;
	return c->base + 4ULL * c->n++;
}

/* The guest address of the next instruction. */
static inline uint64_t code_here(const struct guest_code *c)
{
	return c->base + 4ULL * c->n;
}

/* movz/movk x@rd, #@v: four instructions, whatever @v is. */
static inline void emit_mov64(struct guest_code *c, unsigned int rd, uint64_t v)
{
	emit(c, A64_MOVZ(rd, v, 0));
	emit(c, A64_MOVK(rd, v >> 16, 1));
	emit(c, A64_MOVK(rd, v >> 32, 2));
	emit(c, A64_MOVK(rd, v >> 48, 3));
}

/* Pad with NOPs up to guest address @addr (for vector tables). */
static inline void code_pad_to(struct guest_code *c, uint64_t addr)
{
	while (code_here(c) < addr)
		emit(c, A64_NOP);
}

/* --- ioctls ---------------------------------------------------------------
 * hvx_ioctl(): 0 or the errno. hvx_ioctl_fd(): the ioctl's return value,
 * or -errno.
 */
static inline int hvx_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

static inline int hvx_ioctl_fd(int fd, unsigned long cmd, void *arg)
{
	int ret = ioctl(fd, cmd, arg);

	return ret < 0 ? -errno : ret;
}

static inline int vm_create(int dev)
{
	struct hvx_vm_create c;

	memset(&c, 0, sizeof(c));
	return hvx_ioctl_fd(dev, HVX_CREATE_VM, &c);
}

static inline int vm_add_memory(int vm, uint64_t gpa, uint64_t size)
{
	struct hvx_vm_memory m;

	memset(&m, 0, sizeof(m));
	m.guest_phys_addr = gpa;
	m.size = size;
	return hvx_ioctl(vm, HVX_VM_ADD_MEMORY, &m);
}

static inline int vm_write(int vm, uint64_t gpa, const void *data, uint64_t size)
{
	struct hvx_vm_write w;

	memset(&w, 0, sizeof(w));
	w.guest_phys_addr = gpa;
	w.size = size;
	w.data = (uintptr_t)data;
	return hvx_ioctl(vm, HVX_VM_WRITE_MEMORY, &w);
}

static inline int vm_write_code(int vm, const struct guest_code *c)
{
	return vm_write(vm, c->base, c->insn, 4ULL * c->n);
}

static inline int vcpu_create(int vm, unsigned int id, unsigned int flags)
{
	struct hvx_vcpu_create c;

	memset(&c, 0, sizeof(c));
	c.id = id;
	c.flags = flags;
	return hvx_ioctl_fd(vm, HVX_CREATE_VCPU, &c);
}

static inline int vcpu_get_regs(int vcpu, struct hvx_regs *r)
{
	memset(r, 0, sizeof(*r));
	return hvx_ioctl(vcpu, HVX_VCPU_GET_REGS, r);
}

static inline int vcpu_set_regs(int vcpu, struct hvx_regs *r)
{
	r->flags = 0;
	r->pad = 0;
	memset(r->reserved, 0, sizeof(r->reserved));
	return hvx_ioctl(vcpu, HVX_VCPU_SET_REGS, r);
}

static inline int vcpu_run(int vcpu)
{
	return ioctl(vcpu, HVX_VCPU_RUN, 0) ? errno : 0;
}

/* The vCPU's run structure, HVX_GET_VCPU_MMAP_SIZE bytes; NULL on failure. */
static inline struct hvx_run *vcpu_map(int dev, int vcpu, size_t *size)
{
	int n = ioctl(dev, HVX_GET_VCPU_MMAP_SIZE, 0);
	void *p;

	if (n < (int)sizeof(struct hvx_run))
		return NULL;
	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (p == MAP_FAILED)
		return NULL;
	*size = n;
	return p;
}

/* "MMIO write len 4 at 0x20000000 data 0x..." : what an exit says. */
static inline const char *exit_str(const struct hvx_run *run, char *buf, size_t len)
{
	uint64_t d = 0;

	switch (run->exit_reason) {
	case HVX_EXIT_MMIO:
		memcpy(&d, run->mmio.data, sizeof(d));
		snprintf(buf, len, "MMIO %s len %u at 0x%llx, data 0x%016llx%s",
			 run->mmio.is_write ? "write" : "read", run->mmio.len,
			 (unsigned long long)run->mmio.phys_addr,
			 (unsigned long long)d, run->mmio.abort ? " (abort set)" : "");
		break;
	case HVX_EXIT_SYSTEM_EVENT:
		snprintf(buf, len, "SYSTEM_EVENT type %u from vcpu %u",
			 run->system_event.type, run->system_event.vcpu);
		break;
	case HVX_EXIT_INTERNAL_ERROR:
		snprintf(buf, len,
			 "INTERNAL_ERROR suberror %u, esr 0x%llx far 0x%llx gpa 0x%llx pc 0x%llx",
			 run->internal.suberror,
			 (unsigned long long)run->internal.esr,
			 (unsigned long long)run->internal.far,
			 (unsigned long long)run->internal.gpa,
			 (unsigned long long)run->internal.pc);
		break;
	case HVX_EXIT_INTR:
		snprintf(buf, len, "INTR");
		break;
	default:
		snprintf(buf, len, "exit_reason %u", run->exit_reason);
	}
	return buf;
}

/* Little-endian value of an MMIO exit's first @len data bytes. */
static inline uint64_t mmio_data(const struct hvx_run *run, unsigned int len)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < len && i < 8; i++)
		v |= (uint64_t)run->mmio.data[i] << (8 * i);
	return v;
}

static inline void mmio_set_data(struct hvx_run *run, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		run->mmio.data[i] = v >> (8 * i);
}

/* --- sysfs ------------------------------------------------------------- */

/* /sys/kernel/hvx/nr_vms */
static inline uint64_t vm_count(void)
{
	return sysfs_u64(HVX_SYSFS "/nr_vms");
}

/* host_s2/NAME: shared_pages, donated_pages, guest_pages */
static inline uint64_t own_count(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), HVX_OWN_DIR "/%s", name);
	return sysfs_u64(path);
}

/* The page ownership counters that must come back after every VM is gone. */
struct own_counts {
	uint64_t shared, donated, guest, vms;
};

static inline void own_counts_read(struct own_counts *o)
{
	o->shared = own_count("shared_pages");
	o->donated = own_count("donated_pages");
	o->guest = own_count("guest_pages");
	o->vms = vm_count();
}

static inline bool own_counts_equal(const struct own_counts *a,
				    const struct own_counts *b)
{
	return a->shared == b->shared && a->donated == b->donated &&
	       a->guest == b->guest && a->vms == b->vms;
}

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Wait up to @secs for the counters to equal @want (a VM's memory may be
 * freed a little after its last fd is closed); true if they do. *@got has
 * the last reading.
 */
static inline bool own_counts_wait(const struct own_counts *want,
				   struct own_counts *got, double secs)
{
	double end = now_s() + secs;

	for (;;) {
		own_counts_read(got);
		if (own_counts_equal(want, got))
			return true;
		if (now_s() > end)
			return false;
		usleep(20000);
	}
}

/* Wait up to @secs for nr_vms to be @want; the last value read. */
static inline uint64_t vm_count_wait(uint64_t want, double secs)
{
	double end = now_s() + secs;
	uint64_t n;

	while ((n = vm_count()) != want && now_s() < end)
		usleep(20000);
	return n;
}

/* The first line of @dir/@file, newline cut; "" if none. */
static inline const char *vm_text(const char *dir, const char *file,
				  char *buf, size_t size)
{
	char path[160];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	buf[0] = '\0';
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return buf;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/*
 * The sysfs folders of the VMs process @pid created (pid file), into
 * @dirs[@max] as "/sys/kernel/hvx/vms/vmN"; returns how many there are.
 */
static inline int vm_dirs_of(pid_t pid, char dirs[][96], int max)
{
	DIR *d = opendir(HVX_VMS_DIR);
	struct dirent *e;
	char path[160];
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "vm", 2) || strlen(e->d_name) > 32)
			continue;
		snprintf(path, sizeof(path), HVX_VMS_DIR "/%.32s/pid", e->d_name);
		if (sysfs_u64(path) != (uint64_t)pid)
			continue;
		if (n < max)
			snprintf(dirs[n], sizeof(dirs[n]), HVX_VMS_DIR "/%.32s",
				 e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

/* A number from one VM's sysfs folder @dir: nr_vcpus, mem_kib, exits... */
static inline uint64_t vm_stat(const char *dir, const char *name)
{
	char path[192];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return sysfs_u64(path);
}

#endif /* HVX_VM_H */
