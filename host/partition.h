/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Partitions (partition.c): groups of VMs whose management processes see
 * and reach only their own VMs, within the partition's limits. A process
 * is in a partition when its PID namespace, or one above it, is bound to
 * the partition (HVX_PARTITION_BIND); the host is every other process.
 * NULL stands for the host wherever a partition is passed.
 */
#ifndef __HVX_HOST_PARTITION_H
#define __HVX_HOST_PARTITION_H

#include <linux/cpumask.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <uapi/linux/hvx.h>

struct kobject;

struct hvx_partition {
	struct kref ref;		/* the list's, each VM's, each caller's */
	struct list_head list;		/* in partition.c's list, till destroyed */
	char name[HVX_PARTITION_NAME_MAX];

	/* Limits, fixed at creation. */
	u32 max_vms;
	u32 max_vcpus;
	u64 max_pages;			/* guest RAM */
	cpumask_var_t cpus;
	u64 cpu_quota_us;		/* 0: no bandwidth limit */
	u64 cpu_period_us;

	/* Under the partition list's lock. */
	struct list_head pidns;		/* struct hvx_partition_ns: the bound */

	spinlock_t lock;		/* usage, dying */
	bool dying;			/* being destroyed: no new VMs, bindings */
	u32 nr_vms;
	u32 nr_vcpus;
	u64 mem_pages;

	struct kobject *kobj;		/* /sys/kernel/hvx/partitions/<name> */
	struct kobject *vms_kobj;	/* its vms/, where its VMs' folders are */
};

/* /dev/hvx ioctls. */
long hvx_partition_create(void __user *arg);
long hvx_partition_destroy(void __user *arg);
long hvx_partition_bind(void __user *arg);
/* Module unload: every partition goes. */
void hvx_partition_exit(void);

/* The caller's partition with a reference (put it), or NULL: the host. */
struct hvx_partition *hvx_partition_current(void);
void hvx_partition_get(struct hvx_partition *p);
void hvx_partition_put(struct hvx_partition *p);
/* Whether the caller may see what belongs to @p: the host sees all. */
bool hvx_partition_sees(struct hvx_partition *p);
/* 0 on the host; -EPERM inside a partition (a host-wide call). */
int hvx_partition_host_only(void);

/*
 * Usage, each against its limit: -EDQUOT past max_vms or max_vcpus,
 * -ENOMEM past the guest RAM, -ENOENT for a partition being destroyed.
 * Nothing for @p NULL.
 */
int hvx_partition_add_vm(struct hvx_partition *p);
int hvx_partition_add_vcpu(struct hvx_partition *p);
int hvx_partition_add_mem(struct hvx_partition *p, u64 pages);
void hvx_partition_sub(struct hvx_partition *p, u32 vms, u32 vcpus,
		       u64 pages);
/* Keep the calling vCPU thread on @p's CPUs (at each HVX_VCPU_RUN). */
int hvx_partition_pin(struct hvx_partition *p);

/* partition-sysfs.c: /sys/kernel/hvx/partitions/<name>/. */
int hvx_partition_sysfs_init(struct kobject *parent);
void hvx_partition_sysfs_exit(void);
int hvx_partition_sysfs_add(struct hvx_partition *p);
void hvx_partition_sysfs_del(struct hvx_partition *p);

#endif /* __HVX_HOST_PARTITION_H */
