// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/hvx: the ioctl interface (ABI in uapi/linux/hvx.h). VMs and vCPUs
 * have file descriptors of their own (vm.c, vcpu.c).
 */
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "console.h"
#include "hvx.h"
#include "partition.h"
#include "vgic.h"
#include "vm.h"

static bool all_zero(const u64 *v, size_t n)
{
	while (n--)
		if (*v++)
			return false;
	return true;
}

static long hvx_get_version(void __user *arg)
{
	struct hvx_version v;

	if (copy_from_user(&v, arg, sizeof(v)))
		return -EFAULT;
	if (v.flags || !all_zero(v.reserved, ARRAY_SIZE(v.reserved)))
		return -EINVAL;

	memset(&v, 0, sizeof(v));
	v.api_version = HVX_API_VERSION;
	v.major = HVX_VERSION_MAJOR;
	v.minor = HVX_VERSION_MINOR;
	v.patch = HVX_VERSION_PATCH;
	v.hyp_version = hvx_hyp_version();
	v.features = HVX_FEATURE_VM | HVX_FEATURE_CONSOLE |
		     HVX_FEATURE_VM_CONTROL | HVX_FEATURE_CLOCK |
		     HVX_FEATURE_VMWARE_RPC | HVX_FEATURE_PARTITION;
	if (hvx_vgic_available())
		v.features |= HVX_FEATURE_VGIC;
	return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static long hvx_get_status(void __user *arg)
{
	struct hvx_cpu_status __user *ucpus;
	struct hvx_cpu_status st;
	struct hvx_status s;
	unsigned int cpu;
	u32 room;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	if (s.flags || !all_zero(s.reserved, ARRAY_SIZE(s.reserved)))
		return -EINVAL;

	room = s.nr_cpus;
	ucpus = u64_to_user_ptr(s.cpus);
	s.nr_cpus = nr_cpu_ids;
	s.nr_online = 0;
	s.nr_hyp = 0;
	if (room < nr_cpu_ids)
		return copy_to_user(arg, &s, sizeof(s)) ? -EFAULT : -E2BIG;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		hvx_cpu_status(cpu, &st);
		s.nr_online += st.state != HVX_CPU_OFFLINE;
		s.nr_hyp += st.state == HVX_CPU_HYP;
		if (copy_to_user(&ucpus[cpu], &st, sizeof(st)))
			return -EFAULT;
	}
	return copy_to_user(arg, &s, sizeof(s)) ? -EFAULT : 0;
}

static long hvx_dev_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case HVX_GET_VERSION:
		return hvx_get_version(argp);
	case HVX_GET_STATUS:
		/* Host-wide: refused inside a partition. */
		return hvx_partition_host_only() ?: hvx_get_status(argp);
	case HVX_ACPI_GENERATE:
		return hvx_partition_host_only() ?: hvx_acpi_generate(argp);
	case HVX_PARTITION_CREATE:
		return hvx_partition_create(argp);
	case HVX_PARTITION_DESTROY:
		return hvx_partition_destroy(argp);
	case HVX_PARTITION_BIND:
		return hvx_partition_bind(argp);
	case HVX_CREATE_VM:
		return hvx_create_vm(argp);
	case HVX_VM_STOP:
		return hvx_vm_stop(argp);
	case HVX_GET_VCPU_MMAP_SIZE:
		/* No argument, as KVM_GET_VCPU_MMAP_SIZE. */
		return arg ? -EINVAL : PAGE_SIZE;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hvx_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= hvx_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice hvx_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "hvx",
	.fops	= &hvx_dev_fops,
	.mode	= 0600,
};

int hvx_dev_init(void)
{
	int ret = hvx_console_init();

	if (ret)
		return ret;
	ret = misc_register(&hvx_miscdev);
	if (ret)
		hvx_console_exit();
	return ret;
}

void hvx_dev_exit(void)
{
	misc_deregister(&hvx_miscdev);
	hvx_console_exit();
}
