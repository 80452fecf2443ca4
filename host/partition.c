// SPDX-License-Identifier: GPL-2.0-only
/*
 * Partitions: HVX_PARTITION_CREATE, _BIND, _DESTROY, which partition the
 * caller is in, and a partition's usage against its limits.
 *
 * A partition is bound to PID namespaces, not to processes or files: a
 * process is in partition P if its PID namespace or one of that
 * namespace's ancestors is bound to P. Children inherit their parent's
 * namespace (or get one below it), and no process can enter an ancestor
 * of its PID namespace (setns() refuses it), so nothing inside can leave;
 * and a file passed in from outside gives nothing, as the checks look at
 * the caller, not at the file.
 *
 * A bound namespace stays referenced until the partition is destroyed;
 * destruction waits until none has a process left (pid_allocated drops
 * to 0 for good once its init has exited and every pid is freed).
 *
 * Locking: hvx_partitions_lock guards the list and each partition's bound
 * namespaces; it is taken before vm.c's list lock, never inside it.
 * p->lock guards the usage counts and 'dying' (which only goes from false
 * to true, under both locks).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "partition.h"
#include "vm.h"

struct hvx_partition_ns {
	struct list_head list;
	struct pid_namespace *ns;	/* referenced */
};

/* The ABI's sizes: no padding the compiler chose. */
static_assert(sizeof(struct hvx_partition_create) == 136);
static_assert(sizeof(struct hvx_partition_ref) == 56);

static DEFINE_MUTEX(hvx_partitions_lock);
static LIST_HEAD(hvx_partitions);
static unsigned int hvx_nr_partitions;

static void partition_free(struct kref *ref)
{
	struct hvx_partition *p = container_of(ref, struct hvx_partition, ref);

	free_cpumask_var(p->cpus);
	kfree(p);
}

void hvx_partition_get(struct hvx_partition *p)
{
	if (p)
		kref_get(&p->ref);
}

void hvx_partition_put(struct hvx_partition *p)
{
	if (p)
		kref_put(&p->ref, partition_free);
}

/* With hvx_partitions_lock held: the partition @ns or an ancestor is in. */
static struct hvx_partition *partition_of_ns(struct pid_namespace *ns)
{
	struct hvx_partition_ns *b;
	struct hvx_partition *p;

	lockdep_assert_held(&hvx_partitions_lock);
	for (; ns && ns != &init_pid_ns; ns = ns->parent)
		list_for_each_entry(p, &hvx_partitions, list)
			list_for_each_entry(b, &p->pidns, list)
				if (b->ns == ns)
					return p;
	return NULL;
}

struct hvx_partition *hvx_partition_current(void)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct hvx_partition *p;

	/* The host's processes, the common case, without the lock. */
	if (ns == &init_pid_ns)
		return NULL;
	mutex_lock(&hvx_partitions_lock);
	p = partition_of_ns(ns);
	hvx_partition_get(p);
	mutex_unlock(&hvx_partitions_lock);
	return p;
}

bool hvx_partition_sees(struct hvx_partition *p)
{
	struct hvx_partition *mine = hvx_partition_current();

	hvx_partition_put(mine);
	/* Only compared: the pointer may be stale after the put. */
	return !mine || mine == p;
}

int hvx_partition_host_only(void)
{
	struct hvx_partition *mine = hvx_partition_current();

	hvx_partition_put(mine);
	return mine ? -EPERM : 0;
}

/* A host administrator: CAP_SYS_ADMIN in the initial user namespace. */
static int admin_only(void)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return hvx_partition_host_only();
}

/* With hvx_partitions_lock held. */
static struct hvx_partition *partition_by_name(const char *name)
{
	struct hvx_partition *p;

	lockdep_assert_held(&hvx_partitions_lock);
	list_for_each_entry(p, &hvx_partitions, list)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

/* The limits of @c, checked against the host: 0, or -EINVAL. */
static int limits_from(struct hvx_partition *p,
		       const struct hvx_partition_create *c)
{
	unsigned int cpu, n;
	u64 pages;

	if (!c->max_vms || c->max_vms > HVX_PARTITION_MAX_VMS ||
	    !c->max_vcpus || c->max_vcpus > c->max_vms * HVX_MAX_VCPUS)
		return -EINVAL;
	pages = c->mem_bytes >> PAGE_SHIFT;
	if (!pages || !PAGE_ALIGNED(c->mem_bytes) || pages > totalram_pages())
		return -EINVAL;
	for (cpu = 0; cpu < HVX_PARTITION_MAX_CPUS; cpu++) {
		if (!(c->cpus[cpu / 64] & BIT_ULL(cpu % 64)))
			continue;
		if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
			return -EINVAL;
		cpumask_set_cpu(cpu, p->cpus);
	}
	n = cpumask_weight(p->cpus);
	if (!n)
		return -EINVAL;
	/* As cgroup v2's cpu.max takes them; no quota beyond the CPUs given. */
	if (c->cpu_quota_us || c->cpu_period_us) {
		if (c->cpu_period_us < HVX_PARTITION_PERIOD_MIN ||
		    c->cpu_period_us > HVX_PARTITION_PERIOD_MAX ||
		    c->cpu_quota_us < HVX_PARTITION_QUOTA_MIN ||
		    c->cpu_quota_us > c->cpu_period_us * n)
			return -EINVAL;
	}
	p->max_vms = c->max_vms;
	p->max_vcpus = c->max_vcpus;
	p->max_pages = pages;
	p->cpu_quota_us = c->cpu_quota_us;
	p->cpu_period_us = c->cpu_period_us;
	return 0;
}

long hvx_partition_create(void __user *arg)
{
	struct hvx_partition_create c;
	struct hvx_partition *p;
	int ret;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	ret = admin_only();
	if (ret)
		return ret;
	if (c.flags || c.pad || memchr_inv(c.reserved, 0, sizeof(c.reserved)) ||
	    !hvx_vm_name_ok(c.name))
		return -EINVAL;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	if (!zalloc_cpumask_var(&p->cpus, GFP_KERNEL)) {
		kfree(p);
		return -ENOMEM;
	}
	kref_init(&p->ref);
	INIT_LIST_HEAD(&p->pidns);
	spin_lock_init(&p->lock);
	strscpy(p->name, c.name, sizeof(p->name));
	ret = limits_from(p, &c);
	if (ret)
		goto err;

	mutex_lock(&hvx_partitions_lock);
	if (partition_by_name(p->name))
		ret = -EEXIST;
	else if (hvx_nr_partitions == HVX_PARTITION_MAX)
		ret = -ENOSPC;
	else
		ret = hvx_partition_sysfs_add(p);
	if (!ret) {
		list_add_tail(&p->list, &hvx_partitions);
		hvx_nr_partitions++;
	}
	mutex_unlock(&hvx_partitions_lock);
	if (!ret)
		return 0;
err:
	hvx_partition_put(p);
	return ret;
}

static int ref_from_user(struct hvx_partition_ref *r, void __user *arg,
			 u32 flags_ok)
{
	if (copy_from_user(r, arg, sizeof(*r)))
		return -EFAULT;
	if (r->flags & ~flags_ok || r->pad ||
	    memchr_inv(r->reserved, 0, sizeof(r->reserved)) ||
	    !hvx_vm_name_ok(r->name))
		return -EINVAL;
	return 0;
}

/*
 * With hvx_partitions_lock held: forget the namespaces nobody is in any
 * more; true if one still has processes. With @kill, kill the init of
 * each such namespace, which takes every process in it along.
 */
static bool bound_processes(struct hvx_partition *p, bool kill)
{
	struct hvx_partition_ns *b, *tmp;
	bool alive = false;
	struct pid *pid;

	lockdep_assert_held(&hvx_partitions_lock);
	list_for_each_entry_safe(b, tmp, &p->pidns, list) {
		/* 0 for good: its init is gone (no PIDNS_ADDING), no pid left. */
		if (!READ_ONCE(b->ns->pid_allocated)) {
			list_del(&b->list);
			put_pid_ns(b->ns);
			kfree(b);
			continue;
		}
		alive = true;
		if (!kill)
			continue;
		rcu_read_lock();
		pid = find_pid_ns(1, b->ns);
		if (pid)
			kill_pid(pid, SIGKILL, 1);
		rcu_read_unlock();
	}
	return alive;
}

long hvx_partition_bind(void __user *arg)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct hvx_partition_ref r;
	struct hvx_partition_ns *b;
	struct hvx_partition *p;
	int ret;

	ret = ref_from_user(&r, arg, 0);
	if (ret)
		return ret;
	ret = admin_only();
	if (ret)
		return ret;
	/* The init of its own, new PID namespace: nothing else is in it. */
	if (ns == &init_pid_ns || task_pid_nr_ns(current, ns) != 1)
		return -EPERM;
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;

	mutex_lock(&hvx_partitions_lock);
	p = partition_by_name(r.name);
	if (!p || p->dying) {
		ret = -ENOENT;
	} else if (partition_of_ns(ns)) {
		/* Bound since admin_only() looked: a race with itself. */
		ret = -EPERM;
	} else {
		/* Forget the namespaces of earlier execs that have ended. */
		bound_processes(p, false);
		b->ns = get_pid_ns(ns);
		list_add_tail(&b->list, &p->pidns);
	}
	mutex_unlock(&hvx_partitions_lock);
	if (ret)
		kfree(b);
	return ret;
}

long hvx_partition_destroy(void __user *arg)
{
	struct hvx_partition_ref r;
	struct hvx_partition *p;
	bool force, busy;
	int ret;

	ret = ref_from_user(&r, arg, HVX_PARTITION_FORCE);
	if (ret)
		return ret;
	ret = admin_only();
	if (ret)
		return ret;
	force = r.flags & HVX_PARTITION_FORCE;

	mutex_lock(&hvx_partitions_lock);
	p = partition_by_name(r.name);
	if (!p) {
		mutex_unlock(&hvx_partitions_lock);
		return -ENOENT;
	}
	if (force) {
		spin_lock(&p->lock);
		p->dying = true;
		spin_unlock(&p->lock);
		hvx_vm_stop_partition(p);
	}
	busy = bound_processes(p, force);
	/* Dying under p->lock with the count: no VM comes in after. */
	spin_lock(&p->lock);
	busy |= p->nr_vms;
	if (!busy)
		p->dying = true;
	spin_unlock(&p->lock);
	if (!busy) {
		list_del(&p->list);
		hvx_nr_partitions--;
	}
	mutex_unlock(&hvx_partitions_lock);
	if (busy)
		return -EBUSY;
	/*
	 * No VM is left to refer to the folder. Removed without the lock:
	 * removal waits for the folder's readers, who may be waiting for it.
	 */
	hvx_partition_sysfs_del(p);
	hvx_partition_put(p);
	return 0;
}

/*
 * The counts go up under p->lock, checked against the limit, so that two
 * racing creations cannot both take the last one; and against 'dying',
 * which a destruction sets under p->lock too once it found no VM.
 */
int hvx_partition_add_vm(struct hvx_partition *p)
{
	int ret = 0;

	if (!p)
		return 0;
	spin_lock(&p->lock);
	if (p->dying)
		ret = -ENOENT;
	else if (p->nr_vms >= p->max_vms)
		ret = -EDQUOT;
	else
		p->nr_vms++;
	spin_unlock(&p->lock);
	return ret;
}

int hvx_partition_add_vcpu(struct hvx_partition *p)
{
	int ret = 0;

	if (!p)
		return 0;
	spin_lock(&p->lock);
	if (p->nr_vcpus >= p->max_vcpus)
		ret = -EDQUOT;
	else
		p->nr_vcpus++;
	spin_unlock(&p->lock);
	return ret;
}

int hvx_partition_add_mem(struct hvx_partition *p, u64 pages)
{
	int ret = 0;

	if (!p)
		return 0;
	spin_lock(&p->lock);
	/* mem_pages <= max_pages always: no wrap. */
	if (pages > p->max_pages - p->mem_pages)
		ret = -ENOMEM;
	else
		p->mem_pages += pages;
	spin_unlock(&p->lock);
	return ret;
}

void hvx_partition_sub(struct hvx_partition *p, u32 vms, u32 vcpus,
		       u64 pages)
{
	if (!p)
		return;
	spin_lock(&p->lock);
	WARN_ON(vms > p->nr_vms || vcpus > p->nr_vcpus ||
		pages > p->mem_pages);
	p->nr_vms -= min(vms, p->nr_vms);
	p->nr_vcpus -= min(vcpus, p->nr_vcpus);
	p->mem_pages -= min(pages, p->mem_pages);
	spin_unlock(&p->lock);
}

/*
 * The thread's CPUs, narrowed to the partition's: cgroup v2's cpuset does
 * the same for a partition whose processes stay in its cgroup, this holds
 * for those that do not.
 */
int hvx_partition_pin(struct hvx_partition *p)
{
	cpumask_var_t mask;
	int ret;

	if (!p || cpumask_subset(current->cpus_ptr, p->cpus))
		return 0;
	if (!alloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	if (!cpumask_and(mask, current->cpus_ptr, p->cpus))
		cpumask_copy(mask, p->cpus);
	ret = set_cpus_allowed_ptr(current, mask);
	free_cpumask_var(mask);
	return ret;
}

/* Unloading: no VM is left, so no partition is in use; forget them all. */
void hvx_partition_exit(void)
{
	struct hvx_partition_ns *b, *tmpb;
	struct hvx_partition *p, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&hvx_partitions_lock);
	list_splice_init(&hvx_partitions, &gone);
	hvx_nr_partitions = 0;
	mutex_unlock(&hvx_partitions_lock);
	/* Outside the lock, as in hvx_partition_destroy(). */
	list_for_each_entry_safe(p, tmp, &gone, list) {
		list_for_each_entry_safe(b, tmpb, &p->pidns, list) {
			list_del(&b->list);
			put_pid_ns(b->ns);
			kfree(b);
		}
		list_del(&p->list);
		hvx_partition_sysfs_del(p);
		hvx_partition_put(p);
	}
}
