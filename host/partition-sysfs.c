// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/hvx/partitions/<name>/: a partition's limits (max_vms,
 * max_vcpus, max_mem_kib, cpus as a CPU list, cpu_max as cgroup v2's
 * cpu.max says it: "QUOTA PERIOD" or "max PERIOD"), its usage (nr_vms,
 * nr_vcpus, mem_kib of guest RAM) and vms/, the folders of its VMs
 * (vm-sysfs.c; /sys/kernel/hvx/vms/ links to them for the host).
 *
 * hvxctl partition exec bind-mounts this folder over /sys/kernel/hvx in
 * the partition's mount namespace, so that its processes find their own
 * VMs and numbers where hvxctl looks for them. What enforces the
 * partition's view is not that mount, which root inside could undo, but
 * the files themselves: a partition's, and its VMs', answer -ENOENT to a
 * process of another partition.
 */
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "partition.h"

static struct kobject *partitions_kobj;

struct hvx_partition_kobj {
	struct kobject kobj;
	struct hvx_partition *p;
};

static struct hvx_partition *kobj_partition(struct kobject *kobj)
{
	return container_of(kobj, struct hvx_partition_kobj, kobj)->p;
}

/* Usage, read together. */
static void usage(struct hvx_partition *p, u32 *vms, u32 *vcpus, u64 *pages)
{
	spin_lock(&p->lock);
	*vms = p->nr_vms;
	*vcpus = p->nr_vcpus;
	*pages = p->mem_pages;
	spin_unlock(&p->lock);
}

static ssize_t max_vms_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", kobj_partition(kobj)->max_vms);
}

static ssize_t max_vcpus_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", kobj_partition(kobj)->max_vcpus);
}

static ssize_t max_mem_kib_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  kobj_partition(kobj)->max_pages << (PAGE_SHIFT - 10));
}

static ssize_t cpus_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%*pbl\n",
			  cpumask_pr_args(kobj_partition(kobj)->cpus));
}

static ssize_t cpu_max_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct hvx_partition *p = kobj_partition(kobj);

	if (!p->cpu_quota_us)
		return sysfs_emit(buf, "max 100000\n");
	return sysfs_emit(buf, "%llu %llu\n", p->cpu_quota_us,
			  p->cpu_period_us);
}

static ssize_t nr_vms_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	u32 vms, vcpus;
	u64 pages;

	usage(kobj_partition(kobj), &vms, &vcpus, &pages);
	return sysfs_emit(buf, "%u\n", vms);
}

static ssize_t nr_vcpus_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	u32 vms, vcpus;
	u64 pages;

	usage(kobj_partition(kobj), &vms, &vcpus, &pages);
	return sysfs_emit(buf, "%u\n", vcpus);
}

static ssize_t mem_kib_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	u32 vms, vcpus;
	u64 pages;

	usage(kobj_partition(kobj), &vms, &vcpus, &pages);
	return sysfs_emit(buf, "%llu\n", pages << (PAGE_SHIFT - 10));
}

static struct kobj_attribute max_vms_attr = __ATTR_RO(max_vms);
static struct kobj_attribute max_vcpus_attr = __ATTR_RO(max_vcpus);
static struct kobj_attribute max_mem_kib_attr = __ATTR_RO(max_mem_kib);
static struct kobj_attribute cpus_attr = __ATTR_RO(cpus);
static struct kobj_attribute cpu_max_attr = __ATTR_RO(cpu_max);
static struct kobj_attribute nr_vms_attr = __ATTR_RO(nr_vms);
static struct kobj_attribute nr_vcpus_attr = __ATTR_RO(nr_vcpus);
static struct kobj_attribute mem_kib_attr = __ATTR_RO(mem_kib);

static struct attribute *hvx_partition_attrs[] = {
	&max_vms_attr.attr,
	&max_vcpus_attr.attr,
	&max_mem_kib_attr.attr,
	&cpus_attr.attr,
	&cpu_max_attr.attr,
	&nr_vms_attr.attr,
	&nr_vcpus_attr.attr,
	&mem_kib_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(hvx_partition);

/* Another partition's numbers are not the caller's business. */
static ssize_t partition_attr_show(struct kobject *kobj,
				   struct attribute *attr, char *buf)
{
	if (!hvx_partition_sees(kobj_partition(kobj)))
		return -ENOENT;
	return kobj_sysfs_ops.show(kobj, attr, buf);
}

static const struct sysfs_ops partition_sysfs_ops = {
	.show	= partition_attr_show,
};

static void partition_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct hvx_partition_kobj, kobj));
}

static const struct kobj_type partition_ktype = {
	.release	= partition_kobj_release,
	.sysfs_ops	= &partition_sysfs_ops,
	.default_groups	= hvx_partition_groups,
};

int hvx_partition_sysfs_add(struct hvx_partition *p)
{
	struct hvx_partition_kobj *pk = kzalloc(sizeof(*pk), GFP_KERNEL);
	int ret;

	if (!pk)
		return -ENOMEM;
	pk->p = p;
	ret = kobject_init_and_add(&pk->kobj, &partition_ktype,
				   partitions_kobj, "%s", p->name);
	if (ret) {
		kobject_put(&pk->kobj);
		return ret;
	}
	p->vms_kobj = kobject_create_and_add("vms", &pk->kobj);
	if (!p->vms_kobj) {
		kobject_del(&pk->kobj);
		kobject_put(&pk->kobj);
		return -ENOMEM;
	}
	p->kobj = &pk->kobj;
	return 0;
}

void hvx_partition_sysfs_del(struct hvx_partition *p)
{
	kobject_del(p->vms_kobj);
	kobject_put(p->vms_kobj);
	p->vms_kobj = NULL;
	kobject_del(p->kobj);
	kobject_put(p->kobj);
	p->kobj = NULL;
}

int hvx_partition_sysfs_init(struct kobject *parent)
{
	partitions_kobj = kobject_create_and_add("partitions", parent);
	return partitions_kobj ? 0 : -ENOMEM;
}

void hvx_partition_sysfs_exit(void)
{
	kobject_put(partitions_kobj);
	partitions_kobj = NULL;
}
