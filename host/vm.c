// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMs: HVX_CREATE_VM, the VM file descriptor, and the VM's destruction
 * when the last file descriptor referring to it is closed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

#include "console.h"
#include "partition.h"
#include "vgic.h"
#include "vm.h"
#include "trace.h"

/* Every VM, for the debugfs listing of guest RAM, and how many there are. */
static DEFINE_MUTEX(hvx_vms_lock);
static LIST_HEAD(hvx_vms);
static atomic_t hvx_vms_count = ATOMIC_INIT(0);

unsigned int hvx_nr_vms(void)
{
	return atomic_read(&hvx_vms_count);
}

#ifdef HVX_TEST_HOOKS
int hvx_vms_show_memory(struct seq_file *m)
{
	struct hvx_vm *vm;

	mutex_lock(&hvx_vms_lock);
	list_for_each_entry(vm, &hvx_vms, list)
		hvx_vm_mem_show(m, vm);
	mutex_unlock(&hvx_vms_lock);
	return 0;
}
#endif

/*
 * Under the list's lock, so that no reference is taken: a VM in the list
 * is whole (its destruction takes it out first), and a reference would
 * keep its name taken after its VMM closed it.
 */
int hvx_vm_call(u32 handle, const char *name, int (*fn)(struct hvx_vm *vm))
{
	struct hvx_partition *mine = hvx_partition_current();
	struct hvx_vm *vm, *found = NULL;
	int ret = -ENOENT;

	mutex_lock(&hvx_vms_lock);
	list_for_each_entry(vm, &hvx_vms, list) {
		/* Another partition's VMs do not exist for the caller. */
		if (mine && vm->partition != mine)
			continue;
		if (handle ? vm->handle != handle :
		    !vm->name[0] || strcmp(vm->name, name))
			continue;
		/* Names are unique within a partition only. */
		if (found) {
			found = NULL;
			ret = -ENOTUNIQ;
			break;
		}
		found = vm;
	}
	if (found)
		ret = fn(found);
	mutex_unlock(&hvx_vms_lock);
	hvx_partition_put(mine);
	return ret;
}

void hvx_vm_stop_partition(struct hvx_partition *p)
{
	struct hvx_vm *vm;

	mutex_lock(&hvx_vms_lock);
	list_for_each_entry(vm, &hvx_vms, list)
		if (vm->partition == p)
			hvx_vm_stop_now(vm);
	mutex_unlock(&hvx_vms_lock);
}

int hvx_vm_claim_name(struct hvx_vm *vm, const char *name)
{
	struct hvx_vm *other;
	int ret = 0;

	mutex_lock(&hvx_vms_lock);
	if (vm->name[0])
		ret = -EEXIST;
	list_for_each_entry(other, &hvx_vms, list)
		if (other->partition == vm->partition &&
		    !strcmp(other->name, name))
			ret = -EEXIST;
	if (!ret)
		strscpy(vm->name, name, sizeof(vm->name));
	mutex_unlock(&hvx_vms_lock);
	return ret;
}

int hvx_vm_name_show(struct hvx_vm *vm, char *buf)
{
	int n = 0;

	mutex_lock(&hvx_vms_lock);
	if (vm->name[0])
		n = sysfs_emit(buf, "%s\n", vm->name);
	mutex_unlock(&hvx_vms_lock);
	return n;
}

/* A page to give EL2 for a VM, charged to the caller's memory cgroup. */
struct page *hvx_vm_page_alloc(void)
{
	return alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
}

/*
 * EL2 accepted @page for @vm: the host may not touch it, let alone free
 * it, until HVX_HC_VM_DESTROY has given it back. With vm->lock held once
 * the VM is visible to user space.
 */
void hvx_vm_page_given(struct hvx_vm *vm, struct page *page)
{
	trace_hvx_page_donate(vm->handle, page_to_phys(page));
	list_add(&page->lru, &vm->hyp_pages);
}

/*
 * Give back to the host every page the VM had: guest RAM (each chunk
 * unmapped and scrubbed by EL2), then the VM itself, whose EL2 state,
 * stage-2 tables and vCPU pages EL2 scrubs and returns. A page EL2 did not
 * give back is left allocated for ever rather than reused while EL2 or the
 * guest may still own it.
 */
static void hvx_vm_destroy(struct kref *ref)
{
	struct hvx_vm *vm = container_of(ref, struct hvx_vm, ref);
	struct page *page, *tmp;
	struct hvx_hc_res res;
	unsigned int id;
	int ret = -EBUSY;

	mutex_lock(&hvx_vms_lock);
	list_del(&vm->list);
	mutex_unlock(&hvx_vms_lock);
	atomic_dec(&hvx_vms_count);
	/*
	 * Its partition's counts, before its folder goes: once that is gone
	 * (hvxctl stop waits for it), the partition may make the next VM.
	 * The memory cgroup still holds the guest RAM on its way back.
	 */
	hvx_partition_sub(vm->partition, 1, vm->nr_vcpus, vm->mem_pages);
	hvx_vm_sysfs_del(vm);
	hvx_console_destroy(vm);

	if (hvx_vm_mem_teardown(vm))
		ret = hvx_hyp_call(HVX_HC_VM_DESTROY, vm->handle, &res);
	trace_hvx_vm_destroy(vm->handle, ret);
	if (ret)
		pr_err("VM %u not destroyed at EL2 (%d): its pages are not reused\n",
		       vm->handle, ret);

	for (id = 0; id < HVX_MAX_VCPUS; id++)
		if (vm->vcpus[id])
			hvx_vcpu_free(vm->vcpus[id], !ret);
	list_for_each_entry_safe(page, tmp, &vm->hyp_pages, lru) {
		list_del(&page->lru);
		if (!ret)
			__free_page(page);
	}
	hvx_vgic_destroy(vm);
	hvx_vmware_destroy(vm);
	mmdrop(vm->mm);
	put_pid(vm->tgid);
	hvx_partition_put(vm->partition);
	kfree(vm);
}

void hvx_vm_get(struct hvx_vm *vm)
{
	kref_get(&vm->ref);
}

void hvx_vm_put(struct hvx_vm *vm)
{
	kref_put(&vm->ref, hvx_vm_destroy);
}

static long hvx_vm_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct hvx_vm *vm = file->private_data;
	void __user *argp = (void __user *)arg;

	/*
	 * As with KVM, a VM belongs to the process that created it: the
	 * guest's threads are its threads, its memory cgroup pays. To
	 * another partition, passed its fd, it does not exist.
	 */
	if (current->mm != vm->mm)
		return hvx_partition_sees(vm->partition) ? -EIO : -ENOENT;

	switch (cmd) {
	case HVX_VM_ADD_MEMORY:
		return hvx_vm_add_memory(vm, argp);
	case HVX_VM_WRITE_MEMORY:
		return hvx_vm_write_memory(vm, argp);
	case HVX_CREATE_VCPU:
		return hvx_create_vcpu(vm, argp);
	case HVX_VM_CREATE_GIC:
		return hvx_vgic_create(vm, argp);
	case HVX_VM_IRQ_LINE:
		return hvx_vgic_irq_line(vm, argp);
	case HVX_VM_CREATE_CONSOLE:
		return hvx_console_create(vm, argp);
	case HVX_VM_SET_NAME:
		return hvx_vm_set_name(vm, argp);
	case HVX_VM_SET_CLOCK:
		return hvx_vm_set_clock(vm, argp);
	case HVX_VM_GET_CLOCK:
		return hvx_vm_get_clock(vm, argp);
	case HVX_VM_SET_VMWARE:
		return hvx_vm_set_vmware(vm, argp);
	default:
		return -ENOTTY;
	}
}

static int hvx_vm_release(struct inode *inode, struct file *file)
{
	hvx_vm_put(file->private_data);
	return 0;
}

static const struct file_operations hvx_vm_fops = {
	.owner		= THIS_MODULE,
	.release	= hvx_vm_release,
	.unlocked_ioctl	= hvx_vm_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/*
 * The VM exists at EL2 with @state and @root: the host side of it, in
 * partition @p (counted already; the reference is the VM's now).
 */
static int hvx_vm_init(struct hvx_vm *vm, u32 handle, struct page *state,
		       struct page *root, struct hvx_partition *p)
{
	kref_init(&vm->ref);
	vm->handle = handle;
	mutex_init(&vm->lock);
	spin_lock_init(&vm->psci_lock);
	hvx_vm_clock_init(vm);
	INIT_LIST_HEAD(&vm->hyp_pages);
	hvx_vm_page_given(vm, state);
	hvx_vm_page_given(vm, root);
	vm->mm = current->mm;
	mmgrab(vm->mm);
	vm->tgid = get_task_pid(current, PIDTYPE_TGID);
	vm->partition = p;
	vm->euid = current_euid();

	mutex_lock(&hvx_vms_lock);
	list_add_tail(&vm->list, &hvx_vms);
	mutex_unlock(&hvx_vms_lock);
	atomic_inc(&hvx_vms_count);
	return hvx_vm_sysfs_add(vm);
}

/* HVX_CREATE_VM: a VM fd, or an errno. */
long hvx_create_vm(void __user *arg)
{
	struct page *state = NULL, *root = NULL;
	struct hvx_partition *p;
	struct hvx_vm_create c;
	struct hvx_hc_res res;
	struct hvx_vm *vm;
	int ret;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	if (c.flags || c.pad || memchr_inv(c.reserved, 0, sizeof(c.reserved)))
		return -EINVAL;
	/* A vCPU thread may be scheduled on any CPU. */
	if (!hvx_runs_on_all_cpus())
		return -ENODEV;
	/* The caller's partition, if any, gets the VM: within its limit. */
	p = hvx_partition_current();
	ret = hvx_partition_add_vm(p);
	if (ret) {
		hvx_partition_put(p);
		return ret;
	}

	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	state = hvx_vm_page_alloc();
	root = hvx_vm_page_alloc();
	if (!vm || !state || !root) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = hvx_hyp_call4(HVX_HC_VM_CREATE, page_to_phys(state),
			    page_to_phys(root), 0, 0, &res);
	if (ret)
		goto err_free;

	/* From here on the pages are EL2's: only destruction returns them. */
	trace_hvx_vm_create(res.a1, task_tgid_nr(current));
	vm->cntvoff = res.a2;
	ret = hvx_vm_init(vm, res.a1, state, root, p);
	if (!ret)
		ret = anon_inode_getfd("hvx-vm", &hvx_vm_fops, vm,
				       O_RDWR | O_CLOEXEC);
	if (ret < 0)
		hvx_vm_put(vm);
	return ret;

err_free:
	if (root)
		__free_page(root);
	if (state)
		__free_page(state);
	kfree(vm);
	hvx_partition_sub(p, 1, 0, 0);
	hvx_partition_put(p);
	return ret;
}
