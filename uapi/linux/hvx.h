/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hvx ioctl ABI: /dev/hvx.
 *
 * This header is a contract between hvx.ko, hvxctl and the selftests.
 * Rules: every struct has a fixed size with explicit padding; every struct
 * passed in starts with a 'flags' word that must be zero until a flag is
 * defined (unknown bits get -EINVAL); reserved fields must be zero on input
 * and are zeroed on output. Additions bump HVX_API_VERSION; nothing already
 * here changes meaning.
 */
#ifndef _UAPI_LINUX_HVX_H
#define _UAPI_LINUX_HVX_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * 2: VMs and vCPUs; 3: the vGIC; 4: consoles; 5: VM names, HVX_VM_STOP;
 * 6: the guest's clock, HVX_VM_SET_CLOCK and HVX_VM_GET_CLOCK;
 * 7: the VMware backdoor's RPC channels and time, HVX_VM_SET_VMWARE;
 * 8: partitions, HVX_PARTITION_*
 */
#define HVX_API_VERSION		8

/* ioctl type: 0xB8 is unassigned in Documentation/userspace-api/ioctl. */
#define HVX_IOCTL_TYPE		0xB8

/* HVX_GET_VERSION */
struct hvx_version {
	__u32 flags;		/* in: must be 0 */
	__u32 api_version;	/* out: HVX_API_VERSION the module speaks */
	__u16 major;		/* out: module release */
	__u16 minor;
	__u16 patch;
	__u16 pad;
	__u32 hyp_version;	/* out: EL2 code version, (major << 16) | minor */
	__u32 pad2;
	__u64 features;		/* out: HVX_FEATURE_* bits */
	__u64 reserved[4];
};

/* hvx_version.features */
#define HVX_FEATURE_VM		_BITULL(0)	/* VMs and vCPUs: HVX_CREATE_VM */
/* A virtual GICv3 and timers for guests: HVX_VM_CREATE_GIC, HVX_VM_IRQ_LINE */
#define HVX_FEATURE_VGIC	_BITULL(1)
/* A console per VM in hvx.ko, a tty each: HVX_VM_CREATE_CONSOLE */
#define HVX_FEATURE_CONSOLE	_BITULL(2)
/* VM names and stopping a VM from another process: HVX_VM_SET_NAME, HVX_VM_STOP */
#define HVX_FEATURE_VM_CONTROL	_BITULL(3)
/* A guest counter of its own frequency: HVX_VM_SET_CLOCK, HVX_VM_GET_CLOCK */
#define HVX_FEATURE_CLOCK	_BITULL(4)
/*
 * The VMware backdoor's MESSAGE channels, host time and guest info
 * (/sys/kernel/hvx/vms/vm<N>/guestinfo), and HVX_VM_SET_VMWARE
 */
#define HVX_FEATURE_VMWARE_RPC	_BITULL(5)
/* Partitions: HVX_PARTITION_CREATE, _DESTROY, _BIND */
#define HVX_FEATURE_PARTITION	_BITULL(6)

/* Per-CPU state, as reported by HVX_GET_STATUS */
enum hvx_cpu_state {
	HVX_CPU_OFFLINE	= 0,	/* CPU not online */
	HVX_CPU_HYP	= 1,	/* online, EL2 owned by hvx */
	HVX_CPU_STUB	= 2,	/* online, EL2 still owned by the kernel's stub */
};

struct hvx_cpu_status {
	__u32 cpu;		/* logical CPU number */
	__u32 state;		/* enum hvx_cpu_state */
	__u64 mpidr;		/* MPIDR_EL1 affinity of the CPU */
	/* As read at EL2 by hvx on that CPU; zero unless state == HVX_CPU_HYP */
	__u64 current_el;	/* CurrentEL (8 at EL2) */
	__u64 vbar_el2;
	__u64 hcr_el2;		/* bit 0, VM: the host runs under hvx's stage 2 */
	__u64 sctlr_el2;
	__u64 reserved[2];
};

/* HVX_GET_STATUS: hvx state and one hvx_cpu_status per possible CPU */
struct hvx_status {
	__u32 flags;		/* in: must be 0 */
	/*
	 * in: entries 'cpus' has room for; out: number of possible CPUs
	 * (on -E2BIG too, so the caller can size its buffer)
	 */
	__u32 nr_cpus;
	__u64 cpus;		/* in: user pointer to hvx_cpu_status[nr_cpus] */
	__u32 nr_online;	/* out: CPUs online */
	__u32 nr_hyp;		/* out: CPUs running under hvx */
	__u64 reserved[4];
};

/* HVX_ACPI_GENERATE: device tree -> ACPI tables, by acpi-gen in hvx.ko */
#define HVX_ACPI_DTB_MAX	(4 * 1024 * 1024)	/* largest DTB accepted */
#define HVX_ACPI_MAP_MAX	(1024 * 1024)		/* largest mapping table */

/* One table in the output buffer: the buffer starts with nr_tables of these */
struct hvx_acpi_table {
	char signature[4];	/* "RSDP", "XSDT", "FACP", "DSDT", "APIC", ... */
	__u32 offset;		/* of the table, from the start of the buffer */
	__u32 length;		/* of the table, in bytes */
	__u32 pad;
};

struct hvx_acpi_gen {
	__u32 flags;		/* in: must be 0 */
	__u32 dtb_size;		/* in: bytes at dtb, at most HVX_ACPI_DTB_MAX */
	__u64 dtb;		/* in: user pointer to a flattened device tree */
	__u64 map;		/* in: user pointer to a mapping table, or 0 */
	__u32 map_size;		/* in: its size, at most HVX_ACPI_MAP_MAX */
	__u32 buf_size;		/* in: bytes of room at buf */
	__u64 buf;		/* in: user pointer; out: the index, then tables */
	__u32 out_size;		/* out: bytes written (or needed, on -E2BIG) */
	__u32 nr_tables;	/* out: entries in the index */
	char oem_id[8];		/* in: up to 6 characters; empty: "HVX" */
	/*
	 * out: on -EINVAL, what is wrong with the DTB (naming the node) or
	 * with the mapping table (naming the line)
	 */
	char error[128];
	__u64 reserved[4];
};

/*
 * VMs and vCPUs (API version 2), on the model of KVM's: HVX_CREATE_VM on
 * /dev/hvx returns a VM file descriptor; HVX_CREATE_VCPU on it returns a
 * vCPU file descriptor; HVX_VCPU_RUN runs that vCPU on the calling thread
 * until it exits to user space, reporting why in a struct hvx_run that
 * user space maps from the vCPU fd (HVX_GET_VCPU_MMAP_SIZE bytes at offset
 * 0). Closing every fd of a VM destroys it: its memory is scrubbed and
 * returned to the host.
 */
#define HVX_MAX_VCPUS		64	/* vCPUs per VM */
#define HVX_MAX_MEM_REGIONS	8	/* memory regions per VM */
#define HVX_GUEST_IPA_BITS	39	/* guest physical addresses: below 512 GiB */

/* A vCPU's MPIDR_EL1 affinity (as KVM: 16 vCPUs per Aff1 cluster). */
static inline __u64 hvx_vcpu_mpidr(__u32 id)
{
	return ((__u64)(id >> 4) << 8) | (id & 0xf);
}

#define HVX_VCPU_MPIDR(id)	hvx_vcpu_mpidr(id)

/* HVX_CREATE_VM (/dev/hvx): returns a VM fd (close-on-exec) */
struct hvx_vm_create {
	__u32 flags;		/* in: must be 0 */
	__u32 pad;
	__u64 reserved[3];
};

/*
 * HVX_VM_ADD_MEMORY (VM fd): guest RAM at [guest_phys_addr, + size).
 * The memory comes from hvx (zeroed), is charged to the caller's memory
 * cgroup and is given to the guest: the host cannot access it from then
 * on. Regions may not overlap; no more once a vCPU has run.
 */
struct hvx_vm_memory {
	__u32 flags;		/* in: must be 0 */
	__u32 pad;
	__u64 guest_phys_addr;	/* in: page aligned */
	__u64 size;		/* in: bytes, page aligned, not 0 */
	__u64 reserved[2];
};

/*
 * HVX_VM_WRITE_MEMORY (VM fd): copy size bytes from user memory at data
 * into guest RAM at guest_phys_addr (any alignment; the range must be
 * guest RAM). Only before the first vCPU run (-EBUSY after).
 */
struct hvx_vm_write {
	__u32 flags;		/* in: must be 0 */
	__u32 pad;
	__u64 guest_phys_addr;	/* in */
	__u64 size;		/* in: bytes */
	__u64 data;		/* in: user pointer */
	__u64 reserved[2];
};

/* HVX_CREATE_VCPU (VM fd): returns a vCPU fd (close-on-exec) */
#define HVX_VCPU_POWER_OFF	_BITUL(0)	/* starts off: PSCI CPU_ON starts it */
struct hvx_vcpu_create {
	__u32 flags;		/* in: HVX_VCPU_* */
	__u32 id;		/* in: 0 .. HVX_MAX_VCPUS - 1, once per VM */
	__u64 reserved[3];
};

/*
 * HVX_VCPU_GET_REGS / HVX_VCPU_SET_REGS (vCPU fd): the vCPU's general
 * registers and the EL1 system registers a loader needs. A new vCPU starts
 * at pc 0 in EL1h with DAIF masked, the MMU off (SCTLR_EL1 at its reset
 * value) and every other register 0. Not while the vCPU runs (-EBUSY).
 */
struct hvx_regs {
	__u32 flags;		/* in: must be 0 */
	__u32 pad;
	__u64 x[31];
	__u64 sp;		/* SP_EL0 */
	__u64 pc;
	__u64 pstate;		/* SPSR format: AArch64 EL0t, EL1t or EL1h */
	__u64 sp_el1;
	__u64 elr_el1;
	__u64 spsr_el1;
	__u64 sctlr_el1;
	__u64 ttbr0_el1;
	__u64 ttbr1_el1;
	__u64 tcr_el1;
	__u64 mair_el1;
	__u64 amair_el1;
	__u64 vbar_el1;
	__u64 contextidr_el1;
	__u64 cpacr_el1;
	__u64 esr_el1;
	__u64 far_el1;
	__u64 afsr0_el1;
	__u64 afsr1_el1;
	__u64 par_el1;
	__u64 tpidr_el0;
	__u64 tpidrro_el0;
	__u64 tpidr_el1;
	__u64 cntkctl_el1;
	__u64 cntv_ctl_el0;
	__u64 cntv_cval_el0;
	__u64 mdscr_el1;
	__u64 csselr_el1;
	__u64 cntp_ctl_el0;	/* the emulated physical timer (API 3) */
	__u64 cntp_cval_el0;
	__u64 reserved[6];
};

/*
 * HVX_VM_CREATE_GIC (VM fd): give the VM a virtual GICv3 (API version 3,
 * HVX_FEATURE_VGIC), emulated by hvx.ko: a distributor at dist_base (64
 * KiB) and one redistributor per vCPU at redist_base + id * 128 KiB (its
 * RD_base and SGI_base frames; GICR_TYPER.Last on the highest vCPU id
 * created). No LPIs, no ITS. nr_irqs INTIDs: 0-15 SGIs, 16-31 PPIs,
 * 32 .. nr_irqs - 1 SPIs; nr_irqs is a multiple of 32, from 64 to
 * HVX_GIC_MAX_IRQS (whose SPIs stop at 1019: 1020-1023 are special).
 * The frames must be 64 KiB aligned, below 2^HVX_GUEST_IPA_BITS, and
 * overlap neither each other nor guest RAM (the redistributors' frames
 * count for HVX_MAX_VCPUS vCPUs); -EINVAL otherwise. Once per VM (-EEXIST),
 * before its first run (-EBUSY); -ENODEV without a GICv3 CPU interface
 * for guests. Guests that have
 * one get their timers' interrupts: the virtual timer's as PPI 27, the
 * (emulated) physical timer's as PPI 30, both level-sensitive.
 */
#define HVX_GIC_MAX_IRQS	1024
#define HVX_GIC_DIST_SIZE	0x10000ULL
#define HVX_GIC_REDIST_SIZE	0x20000ULL	/* per vCPU */
#define HVX_GIC_PPI_VTIMER	27
#define HVX_GIC_PPI_PTIMER	30
struct hvx_vm_gic {
	__u32 flags;		/* in: must be 0 */
	__u32 nr_irqs;		/* in */
	__u64 dist_base;	/* in: guest physical address */
	__u64 redist_base;	/* in: guest physical address */
	__u64 reserved[4];
};

/*
 * HVX_VM_IRQ_LINE (VM fd): drive the input line of SPI intid (32 ..
 * nr_irqs - 1) of the VM's vGIC to level (0 or 1), as a device model
 * does. A level-sensitive SPI is pending while its line is high (and
 * until the guest acknowledges it); an edge-triggered one becomes
 * pending on a rising edge. The vCPU the SPI is routed to notices at
 * once: kicked out of the guest, or woken from WFI. -EINVAL for a bad
 * intid, level or flags; -ENXIO if the VM has no vGIC.
 */
struct hvx_irq_line {
	__u32 flags;		/* in: must be 0 */
	__u32 intid;		/* in */
	__u32 level;		/* in: 0 or 1 */
	__u32 pad;
	__u64 reserved[2];
};

/*
 * HVX_VM_CREATE_CONSOLE (VM fd): give the VM a console in hvx.ko (API
 * version 4, HVX_FEATURE_CONSOLE), and with it the tty /dev/hvxcon<N>
 * (N normally the VM's handle) that /sys/kernel/hvx/vms/vm<handle>/console
 * names. From then on the guest's HVX_GUEST_CALL_CONSOLE_WRITE/READ calls
 * are the console's, no longer HVX_EXIT_CONSOLE exits: what the guest
 * writes goes to a ring of HVX_CONSOLE_RING_SIZE bytes (the last ones
 * written), which the tty's first open (nobody else has it open) replays
 * before the live output; what is written to the tty is the guest's
 * input. Bytes no reader will see (overwritten in the ring before the tty
 * was opened, or refused by a tty that is not read) are counted in the
 * VM's console_dropped file in sysfs. The tty starts raw (no echo, no
 * line editing, no output processing). Destroying the VM hangs it up.
 * With HVX_CONSOLE_UART the console also has a PL011 UART for the
 * guest, emulated by hvx.ko: its HVX_CONSOLE_UART_SIZE frame at uart_base
 * (aligned to its size, below 2^HVX_GUEST_IPA_BITS, overlapping neither
 * guest RAM nor the vGIC's frames that exist by then), its transmit and
 * receive the console's, its interrupt (UARTRIS & UARTIMSC) on the vGIC's
 * SPI uart_spi (HVX_CONSOLE_SPI_MIN .. MAX, as an INTID), or none if
 * uart_spi is 0 or the VM has no vGIC (a polling guest). Without the flag
 * uart_base and uart_spi must be 0. -EINVAL for unknown flags, bad values,
 * an overlap, reserved fields not 0. Once per VM (-EEXIST), before its
 * first run (-EBUSY).
 */
#define HVX_CONSOLE_RING_SIZE	0x10000
#define HVX_CONSOLE_UART	_BITUL(0)	/* a PL011 at uart_base */
#define HVX_CONSOLE_UART_SIZE	0x1000ULL
#define HVX_CONSOLE_SPI_MIN	32
#define HVX_CONSOLE_SPI_MAX	1019
struct hvx_vm_console {
	__u32 flags;		/* in: HVX_CONSOLE_* */
	__u32 uart_spi;		/* in: INTID of the UART's SPI, or 0 */
	__u64 uart_base;	/* in: guest physical address of the UART */
	__u64 reserved[4];
};

/*
 * HVX_VM_SET_NAME (VM fd): name the VM (API version 5,
 * HVX_FEATURE_VM_CONTROL), so that other processes find it by name: its
 * sysfs folder's 'name' file shows it, HVX_VM_STOP takes it. A name is 1
 * to HVX_VM_NAME_MAX - 1 characters, the first a letter, the others
 * letters, digits, '.', '_' or '-', NUL-terminated, with every byte after
 * the NUL zero. -EINVAL for a bad name, flags, pad or reserved not 0;
 * -EEXIST if the VM has a name already (a name is set once) or another
 * live VM has this one. A name is free again once its VM is destroyed.
 */
#define HVX_VM_NAME_MAX		32
struct hvx_vm_name {
	__u32 flags;		/* in: must be 0 */
	__u32 pad;
	char name[HVX_VM_NAME_MAX];	/* in */
	__u64 reserved[2];
};

/*
 * HVX_VM_STOP (/dev/hvx): stop a VM from any process of an authorised
 * user (API version 5, HVX_FEATURE_VM_CONTROL): the caller has
 * CAP_SYS_ADMIN or the effective uid of the process that created the VM
 * (-EPERM otherwise). The VM is given by its handle (N of
 * /sys/kernel/hvx/vms/vm<N>) with name[] all zero, or by its name with
 * handle 0 (-EINVAL for both or neither). Every vCPU of the VM leaves the
 * guest, WFI or power-off at once, and HVX_VCPU_RUN returns with exit
 * reason HVX_EXIT_STOPPED, then and on every later call, without
 * entering the guest again: the VMM's cue to close the VM. Stopping a
 * stopped VM succeeds again. -ENOENT if no live VM has that handle or
 * name; -EINVAL for flags, pad or reserved not 0, or a name not
 * NUL-terminated.
 */
struct hvx_vm_stop {
	__u32 flags;		/* in: must be 0 */
	__u32 handle;		/* in: the VM's handle, or 0 */
	char name[HVX_VM_NAME_MAX];	/* in: its name, or all zero */
	__u64 reserved[2];
};

/*
 * HVX_VM_SET_CLOCK, HVX_VM_GET_CLOCK (VM fd): the counter a guest's
 * physical counter (CNTPCT_EL0) and physical timer (CNTP_*_EL0, PPI 30)
 * run on (API version 6, HVX_FEATURE_CLOCK). hvx executes those accesses
 * for the guest, in its count:
 *
 *	guest = base + (((host - offset) * mult) >> shift)
 *
 * host the host's physical count (host_freq Hz), the product 128 bits
 * wide, modulo 2^64; mult and shift are hvx's, for freq guest ticks a
 * second. Timer deadlines convert back rounding up: never early.
 *
 * Until a SET_CLOCK the guest's physical count is its virtual count
 * (freq = host_freq, mult 1, shift 0, offset the VM's CNTVOFF_EL2).
 * SET_CLOCK (in: flags, freq, offset) gives the guest freq Hz
 * (HVX_CLOCK_FREQ_MIN .. HVX_CLOCK_FREQ_MAX) from then on, at any time,
 * also while its vCPUs run: the count goes on from where it is, at the new
 * rate (base = the guest count now, offset = the host count now), so it
 * stays continuous and monotonic. With HVX_CLOCK_OFFSET, only before the
 * VM's first run (-EBUSY after), it starts instead at 0 at host count
 * offset (base 0). The guest's virtual counter and CNTFRQ_EL0 cannot be
 * trapped without FEAT_ECV: they stay the host's
 * (Documentation/api/dev-hvx.md says which guests can be scaled).
 * -EINVAL for a bad freq, unknown flags, pad or reserved not 0.
 * SET_CLOCK then answers as GET_CLOCK (its out fields are ignored on
 * input).
 *
 * GET_CLOCK (in: flags 0) fills in the rest: HVX_CLOCK_SCALED in flags
 * once a SET_CLOCK was done, the formula's terms, and the guest's count
 * with the host's count it was computed from (read together).
 */
#define HVX_CLOCK_OFFSET	_BITUL(0)	/* SET: start at 0 at offset */
#define HVX_CLOCK_SCALED	_BITUL(1)	/* GET: a SET_CLOCK was done */
#define HVX_CLOCK_FREQ_MIN	1000ULL
#define HVX_CLOCK_FREQ_MAX	0xffffffffULL	/* CNTFRQ_EL0 is 32 bits */
struct hvx_vm_clock {
	__u32 flags;		/* in: HVX_CLOCK_OFFSET (SET), 0 (GET) */
	__u32 shift;		/* out */
	__u64 freq;		/* in (SET), out: guest Hz */
	__u64 offset;		/* in (SET with HVX_CLOCK_OFFSET), out */
	__u64 base;		/* out */
	__u64 mult;		/* out */
	__u64 host_freq;	/* out: Hz of the host's counter */
	__u64 guest_count;	/* out: the guest's count ... */
	__u64 host_count;	/* out: ... at this host count */
	__u64 reserved[4];
};

/*
 * HVX_VM_SET_VMWARE (VM fd): the VM's VMware backdoor (API version 7,
 * HVX_FEATURE_VMWARE_RPC), which every VM has from its creation: a guest
 * call with x7[63:32] = 0x86 through MRS MDCCSR_EL0, BRK #0x86 or HVC
 * #0x86 is a backdoor call, which hvx answers
 * (Documentation/api/guest-calls.md lists the commands). With
 * HVX_VMWARE_OFF the VM has none: those instructions are what they are
 * without the tag (its own BRK, an HVC for the VMM's
 * SMCCC, a DCC read), as on a hypervisor that is not VMware's. Before the
 * VM's first run only (-EBUSY); -EINVAL for unknown flags, pad or
 * reserved not 0. The VM's sysfs file 'vmware' says which (1: on).
 */
#define HVX_VMWARE_OFF		_BITUL(0)
struct hvx_vm_vmware {
	__u32 flags;		/* in: HVX_VMWARE_OFF, or 0: on */
	__u32 pad;
	__u64 reserved[3];
};

/*
 * Partitions (API version 8, HVX_FEATURE_PARTITION): groups of VMs, each
 * run by its own management processes, which see and reach only the
 * partition's VMs, within the partition's limits.
 *
 * HVX_PARTITION_CREATE (/dev/hvx): a partition named name (as a VM name:
 * a letter, then letters, digits, '.', '_', '-', NUL-terminated, zeros
 * after) with its limits: at most max_vms VMs (1 .. HVX_PARTITION_MAX_VMS),
 * max_vcpus vCPUs in all (1 .. max_vms * HVX_MAX_VCPUS), mem_bytes of guest
 * RAM in all (page multiple, not 0, at most the host's RAM), the host CPUs
 * in cpus[] (a bitmap: CPU n is bit n % 64 of cpus[n / 64]; not empty,
 * only possible CPUs), and a CPU bandwidth of cpu_quota_us every
 * cpu_period_us (as cgroup v2's cpu.max: the period 1000 .. 1000000, the
 * quota 1000 .. period * CPUs in cpus[]; both 0: no bandwidth limit).
 * hvx.ko enforces the VM, vCPU and guest RAM limits itself, and keeps a
 * partition's vCPU threads on its CPUs; the cgroup v2 directory hvxctl
 * makes for it (cpuset.cpus, cpu.max, memory.max) bounds its processes.
 * -EPERM unless the caller has CAP_SYS_ADMIN in the initial user
 * namespace and is in no partition; -EINVAL for a bad name, limit, flags,
 * pad or reserved not 0; -EEXIST if a partition has the name;
 * -ENOSPC past HVX_PARTITION_MAX partitions.
 *
 * HVX_PARTITION_BIND (/dev/hvx, struct hvx_partition_ref, flags 0): puts
 * the caller's PID namespace, and with it every process in it and in the
 * namespaces below it, in partition name, for good: no process can leave
 * its PID namespace for an ancestor. The caller must be the init process
 * (pid 1) of a PID namespace other than the initial one, have
 * CAP_SYS_ADMIN in the initial user namespace, and be in no partition
 * (-EPERM otherwise); hvxctl partition exec binds the namespace it makes
 * before it runs the command. -ENOENT if no partition has the name (or it
 * is being destroyed).
 *
 * Inside a partition (a process bound so): HVX_CREATE_VM makes a VM of
 * the partition (-EDQUOT past max_vms; HVX_CREATE_VCPU past max_vcpus
 * is -EDQUOT too; HVX_VM_ADD_MEMORY past mem_bytes is -ENOMEM); VM names
 * need only be unique within a partition; HVX_VM_STOP, the consoles' ttys
 * and the VMs' sysfs files reach only the partition's VMs (-ENOENT for
 * any other, as for a VM fd or vCPU fd of another partition's VM); the
 * host-wide calls HVX_GET_STATUS, HVX_ACPI_GENERATE, the partition
 * ioctls and hvx's debugfs files are refused with -EPERM. Outside every
 * partition nothing changes, except that a VM name given to HVX_VM_STOP
 * may be used in several partitions: -ENOTUNIQ, give the handle.
 *
 * HVX_PARTITION_DESTROY (/dev/hvx, struct hvx_partition_ref): -EBUSY
 * while the partition has VMs or processes bound to it. With
 * HVX_PARTITION_FORCE it first stops its VMs and kills the init process
 * of every PID namespace bound to it (and so every process in them),
 * refuses new VMs and bindings from then on, and still answers -EBUSY
 * until they are gone: call it again. Same -EPERM rules as CREATE;
 * -ENOENT if no partition has the name.
 */
#define HVX_PARTITION_MAX		64
#define HVX_PARTITION_MAX_VMS		255	/* as many as hvx holds */
#define HVX_PARTITION_NAME_MAX		32
#define HVX_PARTITION_MAX_CPUS		256
#define HVX_PARTITION_PERIOD_MIN	1000ULL
#define HVX_PARTITION_PERIOD_MAX	1000000ULL
#define HVX_PARTITION_QUOTA_MIN		1000ULL
struct hvx_partition_create {
	__u32 flags;		/* in: must be 0 */
	__u32 max_vms;		/* in */
	char name[HVX_PARTITION_NAME_MAX];	/* in */
	__u32 max_vcpus;	/* in */
	__u32 pad;
	__u64 mem_bytes;	/* in: guest RAM */
	__u64 cpus[HVX_PARTITION_MAX_CPUS / 64];	/* in: host CPUs */
	__u64 cpu_quota_us;	/* in */
	__u64 cpu_period_us;	/* in */
	__u64 reserved[4];
};

#define HVX_PARTITION_FORCE	_BITUL(0)	/* DESTROY: end its VMs and processes */
struct hvx_partition_ref {
	__u32 flags;		/* in: HVX_PARTITION_FORCE (DESTROY), or 0 */
	__u32 pad;
	char name[HVX_PARTITION_NAME_MAX];	/* in */
	__u64 reserved[2];
};

/* Why HVX_VCPU_RUN returned (struct hvx_run.exit_reason). */
enum hvx_exit_reason {
	HVX_EXIT_NONE		= 0,
	/*
	 * A guest load or store outside its RAM, with a valid syndrome.
	 * User space emulates it; for a load it fills mmio.data. The next
	 * HVX_VCPU_RUN completes the access (the guest register gets the
	 * data, the pc moves on), or injects a synchronous external abort
	 * at the access if user space set mmio.abort.
	 */
	HVX_EXIT_MMIO		= 1,
	/* PSCI SYSTEM_OFF or SYSTEM_RESET from any vCPU of the VM */
	HVX_EXIT_SYSTEM_EVENT	= 2,
	/* Something hvx cannot emulate: see internal; the VM cannot go on */
	HVX_EXIT_INTERNAL_ERROR	= 3,
	/* A signal is pending (HVX_VCPU_RUN returned -EINTR) */
	HVX_EXIT_INTR		= 4,
	/*
	 * The guest wrote to or reads from its console (the guest calls
	 * HVX_GUEST_CALL_CONSOLE_WRITE/READ of <hvx-guest.h>). A write: len
	 * bytes in data, to show. A read: user space puts up to len bytes
	 * in data and sets len to their number (0: none waiting) before the
	 * next HVX_VCPU_RUN, which hands them to the guest.
	 */
	HVX_EXIT_CONSOLE	= 5,
	/*
	 * The VM was stopped by HVX_VM_STOP (API 5): its guest runs no
	 * more; every later HVX_VCPU_RUN returns this exit at once.
	 */
	HVX_EXIT_STOPPED	= 6,
};

/* console.direction */
#define HVX_CONSOLE_WRITE	1
#define HVX_CONSOLE_READ	2

/* system_event.type */
#define HVX_SYSTEM_EVENT_SHUTDOWN	1
#define HVX_SYSTEM_EVENT_RESET		2

/* internal.suberror */
enum hvx_internal_error {
	/* stage-2 fault outside RAM without a valid syndrome (ISV = 0) */
	HVX_INTERNAL_MMIO_NISV		= 1,
	/* instruction fetch outside guest RAM */
	HVX_INTERNAL_IABT		= 2,
	/* the guest's own translation table walk left guest RAM */
	HVX_INTERNAL_S1PTW		= 3,
	/* an SError from the guest */
	HVX_INTERNAL_SERROR		= 4,
	/* an exception hvx has no handling for */
	HVX_INTERNAL_UNHANDLED		= 5,
};

/* HVX_GET_VCPU_MMAP_SIZE bytes of a vCPU fd, at offset 0 */
struct hvx_run {
	__u32 exit_reason;	/* out: enum hvx_exit_reason */
	__u8 immediate_exit;	/* in: non-zero: return -EINTR before running */
	__u8 pad[3];
	__u64 reserved[7];
	union {
		/* HVX_EXIT_MMIO */
		struct {
			__u64 phys_addr;	/* guest physical address */
			__u8 data[8];	/* store: out; load: in (little endian) */
			__u32 len;	/* 1, 2, 4 or 8 */
			__u8 is_write;
			__u8 abort;	/* in: inject an abort instead */
			__u8 pad[2];
		} mmio;
		/* HVX_EXIT_SYSTEM_EVENT */
		struct {
			__u32 type;	/* HVX_SYSTEM_EVENT_* */
			__u32 vcpu;	/* the vCPU that made the call */
		} system_event;
		/* HVX_EXIT_INTERNAL_ERROR */
		struct {
			__u32 suberror;	/* enum hvx_internal_error */
			__u32 pad;
			__u64 esr;	/* ESR_EL2 of the exception */
			__u64 far;	/* FAR_EL2 (guest virtual address) */
			__u64 gpa;	/* faulting guest physical address, or 0 */
			__u64 pc;
		} internal;
		/* HVX_EXIT_CONSOLE */
		struct {
			__u32 direction;	/* HVX_CONSOLE_* */
			__u32 len;	/* bytes in data (in and out for reads) */
			__u8 data[40];
		} console;
		__u8 pad_union[256];
	};
};

#define HVX_GET_VERSION		_IOWR(HVX_IOCTL_TYPE, 0x00, struct hvx_version)
#define HVX_GET_STATUS		_IOWR(HVX_IOCTL_TYPE, 0x01, struct hvx_status)
#define HVX_ACPI_GENERATE	_IOWR(HVX_IOCTL_TYPE, 0x02, struct hvx_acpi_gen)

/* /dev/hvx */
#define HVX_CREATE_VM		_IOW(HVX_IOCTL_TYPE, 0x10, struct hvx_vm_create)
#define HVX_GET_VCPU_MMAP_SIZE	_IO(HVX_IOCTL_TYPE, 0x11)
#define HVX_VM_STOP		_IOW(HVX_IOCTL_TYPE, 0x12, struct hvx_vm_stop)
#define HVX_PARTITION_CREATE	_IOW(HVX_IOCTL_TYPE, 0x13, struct hvx_partition_create)
#define HVX_PARTITION_DESTROY	_IOW(HVX_IOCTL_TYPE, 0x14, struct hvx_partition_ref)
#define HVX_PARTITION_BIND	_IOW(HVX_IOCTL_TYPE, 0x15, struct hvx_partition_ref)
/* VM fd */
#define HVX_VM_ADD_MEMORY	_IOW(HVX_IOCTL_TYPE, 0x20, struct hvx_vm_memory)
#define HVX_VM_WRITE_MEMORY	_IOW(HVX_IOCTL_TYPE, 0x21, struct hvx_vm_write)
#define HVX_CREATE_VCPU		_IOW(HVX_IOCTL_TYPE, 0x22, struct hvx_vcpu_create)
#define HVX_VM_CREATE_GIC	_IOW(HVX_IOCTL_TYPE, 0x23, struct hvx_vm_gic)
#define HVX_VM_IRQ_LINE		_IOW(HVX_IOCTL_TYPE, 0x24, struct hvx_irq_line)
#define HVX_VM_CREATE_CONSOLE	_IOW(HVX_IOCTL_TYPE, 0x25, struct hvx_vm_console)
#define HVX_VM_SET_NAME		_IOW(HVX_IOCTL_TYPE, 0x26, struct hvx_vm_name)
#define HVX_VM_SET_CLOCK	_IOWR(HVX_IOCTL_TYPE, 0x27, struct hvx_vm_clock)
#define HVX_VM_GET_CLOCK	_IOWR(HVX_IOCTL_TYPE, 0x28, struct hvx_vm_clock)
#define HVX_VM_SET_VMWARE	_IOW(HVX_IOCTL_TYPE, 0x29, struct hvx_vm_vmware)
/* vCPU fd */
#define HVX_VCPU_RUN		_IO(HVX_IOCTL_TYPE, 0x30)
#define HVX_VCPU_GET_REGS	_IOWR(HVX_IOCTL_TYPE, 0x31, struct hvx_regs)
#define HVX_VCPU_SET_REGS	_IOW(HVX_IOCTL_TYPE, 0x32, struct hvx_regs)

#endif /* _UAPI_LINUX_HVX_H */
