/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMs and vCPUs on the host side: what a VM file descriptor and its vCPU
 * file descriptors stand for, and every page the host gave EL2 for them.
 *
 * Lifetime: the VM fd and each vCPU fd hold a reference on the VM; the
 * last one destroys it (vm.c). vCPUs live as long as their VM: EL2 keeps
 * their pages until HVX_HC_VM_DESTROY.
 *
 * Locking: vm->lock (a mutex) serialises memory and vCPU creation and
 * guards 'started' and 'dead'; vcpu->lock guards 'running', and whoever
 * set 'running' (the HVX_VCPU_RUN in progress) owns the vCPU's state page,
 * its MMIO, console and reset fields; vm->psci_lock (a spinlock) guards the vCPUs'
 * power states and the VM's system event, which other vCPUs change.
 */
#ifndef __HVX_HOST_VM_H
#define __HVX_HOST_VM_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/seqlock.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>
#include <linux/wait.h>

#include "hvx.h"
#include "vmware.h"
#include "vtimer.h"

struct dentry;
struct hvx_partition;
struct kobject;
struct mm_struct;
struct page;
struct pid;
struct seq_file;

/* Guest RAM: physically contiguous pages given to the guest by one VM_MAP. */
struct hvx_mem_chunk {
	struct list_head list;
	u64 ipa;
	struct page *page;
	unsigned int order;
};

/* One HVX_VM_ADD_MEMORY. */
struct hvx_mem_region {
	u64 base;
	u64 size;
	struct list_head chunks;	/* by IPA */
};

/* A vCPU's PSCI power state. */
enum hvx_vcpu_power {
	HVX_VCPU_ON,
	HVX_VCPU_OFF,
	/* CPU_ON accepted: the vCPU's next run starts it at on_entry */
	HVX_VCPU_ON_PENDING,
};

struct hvx_vcpu {
	struct hvx_vm *vm;
	u32 id;

	struct mutex lock;		/* running, see the top of the file */
	bool running;			/* an HVX_VCPU_RUN is in progress */

	struct page *hyp_page;		/* donated: EL2's own vCPU state */
	struct hvx_vcpu_state *state;	/* shared with EL2 */
	struct hvx_vcpu_state reset;	/* as EL2 wrote it at creation */
	struct hvx_run *run;		/* mapped by user space */

	/* Under vm->psci_lock. */
	enum hvx_vcpu_power power;
	u64 on_entry;
	u64 on_context;

	/* How other threads make it notice a change: see vcpu-run.c. */
	wait_queue_head_t wq;
	call_single_data_t kick_csd;	/* the IPI that ends its run */
	int cpu;			/* where it last entered the guest */
	bool in_guest;
	bool wakeup;			/* ends a WFI wait */
	u32 halt_poll_ns;		/* vcpu-wfi.c: how long WFI polls */

	struct hvx_vcpu_timers timers;	/* vtimer.c */

	/* An MMIO exit that the next run completes. */
	bool mmio_pending;
	u64 mmio_esr;

	/*
	 * A console exit that the next run completes: HVX_CONSOLE_*, or 0;
	 * the bytes written, or the most the guest reads.
	 */
	u32 console_pending;
	u32 console_len;
};

/* A VM's clock, the host's copy of EL2's terms (vm-clock.c, hvx-clock.h). */
struct hvx_vm_clock_terms {
	u64 freq;
	u64 mult;
	u32 shift;
	u64 offset;
	u64 base;
};

struct hvx_vm {
	struct kref ref;
	u32 handle;			/* EL2's, also the VMID */
	struct mm_struct *mm;		/* the creator's (grabbed) */
	struct pid *tgid;		/* the creator's (referenced) */
	/* The creator's partition (referenced), or NULL: the host's VM */
	struct hvx_partition *partition;
	kuid_t euid;			/* the creator's, for HVX_VM_STOP */
	/* HVX_VM_SET_NAME, or ""; set once, under vm.c's list lock */
	char name[HVX_VM_NAME_MAX];
	struct list_head list;		/* in vm.c's list of VMs */
	struct kobject *kobj;		/* /sys/kernel/hvx/vms/vm<handle> */

	struct mutex lock;		/* down to vcpus[], see above */
	bool started;			/* a vCPU entered the guest */
	bool dead;			/* EL2 is tearing it down already */
	unsigned int nr_regions;
	struct hvx_mem_region regions[HVX_MAX_MEM_REGIONS];
	u64 mem_pages;			/* guest RAM */
	struct hvx_vgic *vgic;		/* HVX_VM_CREATE_GIC, or NULL */
	struct hvx_console *console;	/* HVX_VM_CREATE_CONSOLE, or NULL */
	u64 cntvoff;			/* its CNTVOFF_EL2, EL2's choice */
	seqlock_t clock_lock;		/* clock */
	struct hvx_vm_clock_terms clock;
	bool clock_scaled;		/* HVX_VM_SET_CLOCK was done */
	bool vmware_off;		/* HVX_VM_SET_VMWARE: no backdoor */
	/* vmware.h: the host's VMware state, once the guest needs it */
	struct hvx_vmware *vmware;
	struct list_head hyp_pages;	/* donated to EL2, back at VM_DESTROY */
	u64 s2_cached;			/* EL2's page cache, as it last said */
	unsigned int nr_vcpus;
	struct hvx_vcpu *vcpus[HVX_MAX_VCPUS];	/* by id; set once */

	spinlock_t psci_lock;		/* system_event*, vCPUs' power */
	u32 system_event;		/* HVX_SYSTEM_EVENT_*, or 0 */
	u32 system_event_vcpu;
	bool stopped;			/* HVX_VM_STOP: no more runs */

	/*
	 * vCPU exits to the host kernel by enum hvx_vcpu_exit (sysfs
	 * exit_reasons); an exit EL2 does not define counts in [0]. Their sum
	 * is the VM's exits.
	 */
	atomic64_t exit_reasons[HVX_VCPU_EXIT_VMWARE + 1];
	atomic64_t user_exits;		/* HVX_VCPU_RUN returns */
	atomic64_t guest_logs;		/* HVX_GUEST_CALL_LOG lines */
};

/* vm.c: creation, lifetime, the list of VMs. */
long hvx_create_vm(void __user *arg);
void hvx_vm_put(struct hvx_vm *vm);
void hvx_vm_get(struct hvx_vm *vm);
unsigned int hvx_nr_vms(void);
int hvx_vms_show_memory(struct seq_file *m);
struct page *hvx_vm_page_alloc(void);
void hvx_vm_page_given(struct hvx_vm *vm, struct page *page);
/*
 * @fn on the live VM of @handle (if not 0) or else @name that the caller
 * sees (partition.h), under the list's lock (it may not sleep long); its
 * result, -ENOENT if there is none, -ENOTUNIQ if the name is used in
 * several partitions the caller sees.
 */
int hvx_vm_call(u32 handle, const char *name, int (*fn)(struct hvx_vm *vm));
/*
 * Gives @vm @name unless it has one (-EEXIST) or another VM of its
 * partition has it.
 */
int hvx_vm_claim_name(struct hvx_vm *vm, const char *name);
/* HVX_PARTITION_FORCE: stop every VM of @p. */
void hvx_vm_stop_partition(struct hvx_partition *p);
/* The name and a newline, or "", into @buf (PAGE_SIZE); for sysfs. */
int hvx_vm_name_show(struct hvx_vm *vm, char *buf);

/* vm-ctl.c: control from other processes: names, HVX_VM_STOP, state. */
/* A VM or partition name: [A-Za-z][A-Za-z0-9._-]*, NUL, zeros after. */
bool hvx_vm_name_ok(const char *name);
long hvx_vm_set_name(struct hvx_vm *vm, void __user *arg);
long hvx_vm_stop(void __user *arg);
/* Stops @vm, whoever asks (the caller checked). */
int hvx_vm_stop_now(struct hvx_vm *vm);
const char *hvx_vm_state(struct hvx_vm *vm);

/* vm-clock.c: the guest's physical count, HVX_VM_SET_CLOCK/GET_CLOCK. */
void hvx_vm_clock_init(struct hvx_vm *vm);
long hvx_vm_set_clock(struct hvx_vm *vm, void __user *arg);
long hvx_vm_get_clock(struct hvx_vm *vm, void __user *arg);
u64 hvx_vm_clock_count(struct hvx_vm *vm);
u64 hvx_vm_clock_freq(struct hvx_vm *vm);
/* Nanoseconds until the count reaches @cval, rounded up; U64_MAX: never. */
u64 hvx_vm_clock_ns_until(struct hvx_vm *vm, u64 cval);

/* vm-mem.c: guest RAM. */
long hvx_vm_add_memory(struct hvx_vm *vm, void __user *arg);
long hvx_vm_write_memory(struct hvx_vm *vm, void __user *arg);
bool hvx_vm_mem_teardown(struct hvx_vm *vm);
bool hvx_vm_is_ram(struct hvx_vm *vm, u64 ipa, u64 size);
bool hvx_vm_mem_overlaps(struct hvx_vm *vm, u64 base, u64 size);
void hvx_vm_mem_show(struct seq_file *m, struct hvx_vm *vm);

/* vcpu.c: vCPU creation, its fd, its registers. */
long hvx_create_vcpu(struct hvx_vm *vm, void __user *arg);
void hvx_vcpu_free(struct hvx_vcpu *vcpu, bool hyp_released);
int hvx_vcpu_id_of_mpidr(u64 mpidr);
struct hvx_vcpu *hvx_vcpu_by_mpidr(struct hvx_vm *vm, u64 mpidr);

/* vcpu-run.c: HVX_VCPU_RUN. */
long hvx_run_vcpu(struct hvx_vcpu *vcpu);
void hvx_vcpu_kick_init(struct hvx_vcpu *vcpu);
void hvx_vcpu_kick_wait(struct hvx_vcpu *vcpu);
void hvx_vcpu_kick(struct hvx_vcpu *vcpu);
/* Kicks every vCPU of @vm, after a change each is to notice. */
void hvx_vm_kick_all(struct hvx_vm *vm);
void hvx_vm_system_event(struct hvx_vm *vm, u32 type, u32 vcpu_id);

/* vcpu-wfi.c: WFI, with halt polling. */
void hvx_vcpu_wfi(struct hvx_vcpu *vcpu);
u64 hvx_wfi_polled(void);
u64 hvx_wfi_slept(void);

/* vcpu-psci.c: the guest's PSCI and SMCCC calls. */
void hvx_vcpu_smccc_call(struct hvx_vcpu *vcpu, bool hvc);
void hvx_vcpu_power_on(struct hvx_vcpu *vcpu);

/*
 * vcpu-call.c: the guest calls EL2 hands the host. 1 to go on running, 0
 * to return to user space (the run structure says why).
 */
int hvx_vcpu_guest_call(struct hvx_vcpu *vcpu);
void hvx_vcpu_console_complete(struct hvx_vcpu *vcpu);

/* vcpu-mmio.c: MMIO exits to user space and their completion. */
void hvx_vcpu_mmio_exit(struct hvx_vcpu *vcpu);
void hvx_vcpu_mmio_complete(struct hvx_vcpu *vcpu);
/* An MMIO exit the kernel's own devices (the vGIC) take: done, true. */
bool hvx_vcpu_mmio_in_kernel(struct hvx_vcpu *vcpu);

/* vm-sysfs.c: /sys/kernel/hvx/vms/. */
int hvx_vm_sysfs_init(struct kobject *parent);
void hvx_vm_sysfs_exit(void);
int hvx_vm_sysfs_add(struct hvx_vm *vm);
void hvx_vm_sysfs_del(struct hvx_vm *vm);

/* debug-vm.c: debugfs files about guests, in hvx's debug directory. */
void hvx_debug_vm_files(struct dentry *dir);

#endif /* __HVX_HOST_VM_H */
