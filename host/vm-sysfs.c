// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/hvx/vms/vm<handle>/: one directory a VM, while it exists,
 * with its creator (pid, the thread group id), nr_vcpus, mem_kib (guest
 * RAM), exits (vCPU exits to the host kernel), user_exits (returns of
 * HVX_VCPU_RUN to user space) and guest_logs (HVX_GUEST_CALL_LOG lines);
 * and EL2's counters of the guest calls (HVX_HC_VM_STATS, asked for at
 * each read): calls_hvc, calls_brk, calls_dcc (hvx calls by door),
 * calls_vmware (VMware backdoor calls, any door), reflected_brk (BRKs
 * given back to the guest), reflected_debug (breakpoints, watchpoints and
 * steps ditto), dcc_idle_reads (MDCCSR_EL0 reads that were no call),
 * sgis_el2 (SGIs EL2 sent itself, one per target), doorbells (EL2's
 * doorbells taken in the guest, hyp/vgic-sgi.c) and vtimer_el2 (virtual
 * timer interrupts EL2 injected, hyp/vgic-fiq.c);
 * console (the name of its tty, "hvxcon<N>", empty without
 * HVX_VM_CREATE_CONSOLE), console_bytes (output the guest wrote to it)
 * and console_dropped (output bytes no reader will see, console.c); name
 * (HVX_VM_SET_NAME, empty without), uid (its creator's effective uid, who
 * may stop it) and state (created, running, off, stopping, stopped:
 * vm-ctl.c); partition (its partition's name, empty for the host's:
 * partition.h); clock_freq (the Hz of the guest's physical counter) and
 * clock_scaled (1 once HVX_VM_SET_CLOCK gave it its own: vm-clock.c);
 * vmware (1: the VMware backdoor is on, HVX_VM_SET_VMWARE) and guestinfo
 * (what the guest's VMware tools reported, "key=value" lines:
 * vmware-info.c); exit_reasons (the exits by reason, "NAME COUNT" a line:
 * irq, hvc, smc, wfi, wfe, mmio, error, guest_call, sysreg, kick, vmware; one
 * file, not a folder: each sysfs file costs every VM's creation).
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "console.h"
#include "partition.h"
#include "vm.h"

static struct kobject *hvx_vms_kobj;

/*
 * The VM's directory. Removing it waits for the readers in progress, so
 * the VM outlives every read; the kobject itself may outlive the VM.
 */
struct hvx_vm_kobj {
	struct kobject kobj;
	struct hvx_vm *vm;
};

static struct hvx_vm *kobj_vm(struct kobject *kobj)
{
	return container_of(kobj, struct hvx_vm_kobj, kobj)->vm;
}

/* In the reader's PID namespace: a partition's own numbers. */
static ssize_t pid_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n", pid_vnr(kobj_vm(kobj)->tgid));
}

static ssize_t nr_vcpus_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(kobj_vm(kobj)->nr_vcpus));
}

static ssize_t mem_kib_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  READ_ONCE(kobj_vm(kobj)->mem_pages) <<
			  (PAGE_SHIFT - 10));
}

static ssize_t exits_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct hvx_vm *vm = kobj_vm(kobj);
	s64 sum = 0;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(vm->exit_reasons); i++)
		sum += atomic64_read(&vm->exit_reasons[i]);
	return sysfs_emit(buf, "%lld\n", (long long)sum);
}

/* The exits counted in exits by reason, "NAME COUNT" a line. */
static const char *const exit_names[] = {
	[HVX_VCPU_EXIT_IRQ]		= "irq",
	[HVX_VCPU_EXIT_HVC]		= "hvc",
	[HVX_VCPU_EXIT_SMC]		= "smc",
	[HVX_VCPU_EXIT_WFI]		= "wfi",
	[HVX_VCPU_EXIT_WFE]		= "wfe",
	[HVX_VCPU_EXIT_MMIO]		= "mmio",
	[HVX_VCPU_EXIT_ERROR]		= "error",
	[HVX_VCPU_EXIT_GUEST_CALL]	= "guest_call",
	[HVX_VCPU_EXIT_SYSREG]		= "sysreg",
	[HVX_VCPU_EXIT_KICK]		= "kick",
	[HVX_VCPU_EXIT_VMWARE]		= "vmware",
};

static_assert(ARRAY_SIZE(exit_names) ==
	      ARRAY_SIZE(((struct hvx_vm *)NULL)->exit_reasons));

static ssize_t exit_reasons_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	struct hvx_vm *vm = kobj_vm(kobj);
	int len = 0;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(exit_names); i++)
		if (exit_names[i])
			len += sysfs_emit_at(buf, len, "%s %lld\n", exit_names[i],
					     (long long)atomic64_read(&vm->exit_reasons[i]));
	return len;
}

static ssize_t user_exits_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  (long long)atomic64_read(&kobj_vm(kobj)->user_exits));
}

static ssize_t guest_logs_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  (long long)atomic64_read(&kobj_vm(kobj)->guest_logs));
}

static ssize_t console_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return hvx_console_name(kobj_vm(kobj), buf, PAGE_SIZE);
}

static ssize_t console_bytes_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	u64 written, dropped;

	hvx_console_counts(kobj_vm(kobj), &written, &dropped);
	return sysfs_emit(buf, "%llu\n", written);
}

static ssize_t name_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return hvx_vm_name_show(kobj_vm(kobj), buf);
}

static ssize_t uid_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  from_kuid_munged(current_user_ns(),
					   kobj_vm(kobj)->euid));
}

/* Its partition's name, or "" for the host's VM. */
static ssize_t partition_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct hvx_partition *p = kobj_vm(kobj)->partition;

	return p ? sysfs_emit(buf, "%s\n", p->name) : 0;
}

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n", hvx_vm_state(kobj_vm(kobj)));
}

static ssize_t console_dropped_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	u64 written, dropped;

	hvx_console_counts(kobj_vm(kobj), &written, &dropped);
	return sysfs_emit(buf, "%llu\n", dropped);
}

/* An EL2 counter of the VM: one enum hvx_vm_stat a file. */
struct hvx_vm_stat_attr {
	struct kobj_attribute attr;
	enum hvx_vm_stat stat;
};

static ssize_t vm_stat_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	enum hvx_vm_stat stat =
		container_of(attr, struct hvx_vm_stat_attr, attr)->stat;
	struct hvx_hc_res res;
	int ret;

	ret = hvx_hyp_call4(HVX_HC_VM_STATS, kobj_vm(kobj)->handle, stat, 0, 0,
			    &res);
	if (ret)
		return ret;
	return sysfs_emit(buf, "%llu\n", res.a1);
}

#define HVX_VM_STAT_ATTR(_name, _stat)					\
	static struct hvx_vm_stat_attr _name##_attr = {			\
		.attr = __ATTR(_name, 0400, vm_stat_show, NULL),	\
		.stat = _stat,						\
	}

HVX_VM_STAT_ATTR(calls_hvc, HVX_VM_STAT_CALLS_HVC);
HVX_VM_STAT_ATTR(calls_brk, HVX_VM_STAT_CALLS_BRK);
HVX_VM_STAT_ATTR(calls_dcc, HVX_VM_STAT_CALLS_DCC);
HVX_VM_STAT_ATTR(calls_vmware, HVX_VM_STAT_CALLS_VMWARE);
HVX_VM_STAT_ATTR(reflected_brk, HVX_VM_STAT_REFLECTED_BRK);
HVX_VM_STAT_ATTR(reflected_debug, HVX_VM_STAT_REFLECTED_DEBUG);
HVX_VM_STAT_ATTR(dcc_idle_reads, HVX_VM_STAT_DCC_IDLE_READS);
HVX_VM_STAT_ATTR(sgis_el2, HVX_VM_STAT_SGIS_EL2);
HVX_VM_STAT_ATTR(doorbells, HVX_VM_STAT_DOORBELLS);
HVX_VM_STAT_ATTR(vtimer_el2, HVX_VM_STAT_VTIMER_EL2);

static struct kobj_attribute pid_attr = __ATTR_RO(pid);
static struct kobj_attribute nr_vcpus_attr = __ATTR_RO(nr_vcpus);
static struct kobj_attribute mem_kib_attr = __ATTR_RO(mem_kib);
/* What a VM does is its owner's business (and root's): no side channel. */
static struct kobj_attribute exits_attr = __ATTR_RO_MODE(exits, 0400);
static struct kobj_attribute user_exits_attr = __ATTR_RO_MODE(user_exits, 0400);
static struct kobj_attribute exit_reasons_attr =
	__ATTR_RO_MODE(exit_reasons, 0400);
static struct kobj_attribute guest_logs_attr = __ATTR_RO_MODE(guest_logs, 0400);
static struct kobj_attribute console_attr = __ATTR_RO(console);
static struct kobj_attribute console_dropped_attr =
	__ATTR_RO_MODE(console_dropped, 0400);
static struct kobj_attribute console_bytes_attr =
	__ATTR_RO_MODE(console_bytes, 0400);
static ssize_t clock_freq_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", hvx_vm_clock_freq(kobj_vm(kobj)));
}

static ssize_t clock_scaled_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(kobj_vm(kobj)->clock_scaled));
}

static ssize_t vmware_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", !READ_ONCE(kobj_vm(kobj)->vmware_off));
}

/* Any length: a bin attribute, the whole text made at each read. */
static ssize_t guestinfo_read(struct file *file, struct kobject *kobj,
			      struct bin_attribute *attr, char *buf,
			      loff_t off, size_t count)
{
	char *text = kvmalloc(HVX_VMW_INFO_TEXT_MAX, GFP_KERNEL);
	ssize_t ret;
	size_t n;

	if (!text)
		return -ENOMEM;
	n = hvx_vmware_info_text(kobj_vm(kobj), text, HVX_VMW_INFO_TEXT_MAX);
	ret = memory_read_from_buffer(buf, count, &off, text, n);
	kvfree(text);
	return ret;
}

static struct kobj_attribute vmware_attr = __ATTR_RO(vmware);
/* What the guest says about itself is its owner's business. */
static struct bin_attribute guestinfo_attr =
	__BIN_ATTR(guestinfo, 0400, guestinfo_read, NULL, 0);
static struct kobj_attribute clock_freq_attr = __ATTR_RO(clock_freq);
static struct kobj_attribute clock_scaled_attr = __ATTR_RO(clock_scaled);
static struct kobj_attribute name_attr = __ATTR_RO(name);
static struct kobj_attribute uid_attr = __ATTR_RO(uid);
static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct kobj_attribute partition_attr = __ATTR_RO(partition);

static struct attribute *hvx_vm_attrs[] = {
	&pid_attr.attr,
	&nr_vcpus_attr.attr,
	&mem_kib_attr.attr,
	&exits_attr.attr,
	&user_exits_attr.attr,
	&exit_reasons_attr.attr,
	&guest_logs_attr.attr,
	&console_attr.attr,
	&console_dropped_attr.attr,
	&console_bytes_attr.attr,
	&name_attr.attr,
	&uid_attr.attr,
	&state_attr.attr,
	&partition_attr.attr,
	&clock_freq_attr.attr,
	&clock_scaled_attr.attr,
	&vmware_attr.attr,
	&calls_hvc_attr.attr.attr,
	&calls_brk_attr.attr.attr,
	&calls_dcc_attr.attr.attr,
	&calls_vmware_attr.attr.attr,
	&reflected_brk_attr.attr.attr,
	&reflected_debug_attr.attr.attr,
	&dcc_idle_reads_attr.attr.attr,
	&sgis_el2_attr.attr.attr,
	&doorbells_attr.attr.attr,
	&vtimer_el2_attr.attr.attr,
	NULL,
};

static struct bin_attribute *hvx_vm_bin_attrs[] = {
	&guestinfo_attr,
	NULL,
};

static const struct attribute_group hvx_vm_group = {
	.attrs		= hvx_vm_attrs,
	.bin_attrs	= hvx_vm_bin_attrs,
};
__ATTRIBUTE_GROUPS(hvx_vm);

static void hvx_vm_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct hvx_vm_kobj, kobj));
}

/*
 * Every file of a VM of another partition answers -ENOENT, whichever way
 * the reader reached it (partition-sysfs.c).
 */
static ssize_t hvx_vm_attr_show(struct kobject *kobj, struct attribute *attr,
				char *buf)
{
	if (!hvx_partition_sees(kobj_vm(kobj)->partition))
		return -ENOENT;
	return kobj_sysfs_ops.show(kobj, attr, buf);
}

static const struct sysfs_ops hvx_vm_sysfs_ops = {
	.show	= hvx_vm_attr_show,
};

static const struct kobj_type hvx_vm_ktype = {
	.release	= hvx_vm_kobj_release,
	.sysfs_ops	= &hvx_vm_sysfs_ops,
	.default_groups	= hvx_vm_groups,
};

/*
 * A partition's VM has its folder in the partition's vms/, and a link to
 * it in /sys/kernel/hvx/vms/ for the host; a host VM its folder there.
 */
int hvx_vm_sysfs_add(struct hvx_vm *vm)
{
	struct hvx_vm_kobj *vk = kzalloc(sizeof(*vk), GFP_KERNEL_ACCOUNT);
	struct hvx_partition *p = vm->partition;
	int ret;

	if (!vk)
		return -ENOMEM;
	vk->vm = vm;
	ret = kobject_init_and_add(&vk->kobj, &hvx_vm_ktype,
				   p ? p->vms_kobj : hvx_vms_kobj,
				   "vm%u", vm->handle);
	if (ret) {
		kobject_put(&vk->kobj);
		return ret;
	}
	if (p) {
		ret = sysfs_create_link(hvx_vms_kobj, &vk->kobj,
					kobject_name(&vk->kobj));
		if (ret) {
			kobject_del(&vk->kobj);
			kobject_put(&vk->kobj);
			return ret;
		}
	}
	vm->kobj = &vk->kobj;
	return 0;
}

void hvx_vm_sysfs_del(struct hvx_vm *vm)
{
	if (!vm->kobj)
		return;
	if (vm->partition)
		sysfs_remove_link(hvx_vms_kobj, kobject_name(vm->kobj));
	kobject_del(vm->kobj);
	kobject_put(vm->kobj);
	vm->kobj = NULL;
}

int hvx_vm_sysfs_init(struct kobject *parent)
{
	hvx_vms_kobj = kobject_create_and_add("vms", parent);
	return hvx_vms_kobj ? 0 : -ENOMEM;
}

void hvx_vm_sysfs_exit(void)
{
	kobject_put(hvx_vms_kobj);
	hvx_vms_kobj = NULL;
}
