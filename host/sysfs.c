// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/hvx: version, hvx's memory and the host's stage 2 as EL2
 * counts them (host_s2/), and each possible CPU's EL2 state as hvx reads
 * it at EL2 on that CPU (cpus/cpuN/).
 */
#include <linux/cpumask.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "hvx.h"

static struct kobject *hvx_kobj;
static struct kobject *hvx_cpus_kobj;

struct hvx_cpu_kobj {
	struct kobject kobj;
	unsigned int cpu;
};

static struct hvx_cpu_kobj *cpu_kobjs[NR_CPUS];

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", HVX_VERSION_STR);
}

static ssize_t api_version_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", HVX_API_VERSION);
}

static ssize_t nr_hyp_cpus_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", hvx_nr_hyp_cpus());
}

/* Pages hvx took from the host at load, pool included. */
static ssize_t mem_pages_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%zu\n", hvx_hyp.mem.nr_pages);
}

/* Where they are: the host must not touch them (tests probe it). */
static ssize_t mem_range_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%#llx-%#llx\n", (u64)hvx_hyp.mem.pa,
			  (u64)hvx_hyp.mem.pa +
			  ((u64)hvx_hyp.mem.nr_pages << PAGE_SHIFT));
}

/* Result @field (1-4) of host->hvx call @id, made on this CPU. */
static ssize_t show_hyp_value(char *buf, u64 id, unsigned int field)
{
	struct hvx_hc_res res;
	u64 v[] = { 0, 0, 0, 0, 0 };
	int ret;

	ret = hvx_hyp_call(id, 0, &res);
	if (ret)
		return ret;
	v[1] = res.a1;
	v[2] = res.a2;
	v[3] = res.a3;
	v[4] = res.a4;
	return sysfs_emit(buf, "%llu\n", v[field]);
}

#define HVX_HYP_VALUE_ATTR(name, id, field)				\
static ssize_t name##_show(struct kobject *kobj,			\
			   struct kobj_attribute *attr, char *buf)	\
{									\
	return show_hyp_value(buf, id, field);				\
}									\
static struct kobj_attribute name##_attr = __ATTR_RO(name)

HVX_HYP_VALUE_ATTR(pool_pages, HVX_HC_MEM_STATS, 1);
HVX_HYP_VALUE_ATTR(pool_used_pages, HVX_HC_MEM_STATS, 2);
HVX_HYP_VALUE_ATTR(faults, HVX_HC_MEM_STATS, 3);
HVX_HYP_VALUE_ATTR(aborts, HVX_HC_MEM_STATS, 4);
HVX_HYP_VALUE_ATTR(blocks_1g, HVX_HC_S2_STATS, 1);
HVX_HYP_VALUE_ATTR(blocks_2m, HVX_HC_S2_STATS, 2);
HVX_HYP_VALUE_ATTR(pages_4k, HVX_HC_S2_STATS, 3);
HVX_HYP_VALUE_ATTR(tables, HVX_HC_S2_STATS, 4);
HVX_HYP_VALUE_ATTR(resets, HVX_HC_HOST_S2_RESET, 1);
HVX_HYP_VALUE_ATTR(shared_pages, HVX_HC_OWN_STATS, 1);
HVX_HYP_VALUE_ATTR(donated_pages, HVX_HC_OWN_STATS, 2);
HVX_HYP_VALUE_ATTR(guest_pages, HVX_HC_OWN_STATS, 3);

/* host_s2/reset: writing 1 drops every host stage-2 mapping. */
static ssize_t reset_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	struct hvx_hc_res res;
	bool reset;
	int ret;

	ret = kstrtobool(buf, &reset);
	if (!ret && reset)
		ret = hvx_hyp_call(HVX_HC_HOST_S2_RESET, 1, &res);
	return ret ? ret : count;
}

static struct kobj_attribute reset_attr = __ATTR_WO(reset);

static struct kobj_attribute version_attr = __ATTR_RO(version);
static struct kobj_attribute api_version_attr = __ATTR_RO(api_version);
static struct kobj_attribute nr_hyp_cpus_attr = __ATTR_RO(nr_hyp_cpus);
static struct kobj_attribute mem_pages_attr = __ATTR_RO(mem_pages);
static struct kobj_attribute mem_range_attr = __ATTR_RO_MODE(mem_range, 0400);

static struct attribute *hvx_attrs[] = {
	&version_attr.attr,
	&api_version_attr.attr,
	&nr_hyp_cpus_attr.attr,
	&mem_pages_attr.attr,
	&mem_range_attr.attr,
	&pool_pages_attr.attr,
	&pool_used_pages_attr.attr,
	NULL,
};

static const struct attribute_group hvx_group = {
	.attrs = hvx_attrs,
};

/*
 * host_s2/: the host's stage-2 mappings, by size, and its faults; pages the
 * host shares with hvx, donated to hvx, and guests own.
 */
static struct attribute *host_s2_attrs[] = {
	&blocks_1g_attr.attr,
	&blocks_2m_attr.attr,
	&pages_4k_attr.attr,
	&tables_attr.attr,
	&faults_attr.attr,
	&aborts_attr.attr,
	&resets_attr.attr,
	&reset_attr.attr,
	&shared_pages_attr.attr,
	&donated_pages_attr.attr,
	&guest_pages_attr.attr,
	NULL,
};

static const struct attribute_group host_s2_group = {
	.name = "host_s2",
	.attrs = host_s2_attrs,
};

static const char * const cpu_state_names[] = {
	[HVX_CPU_OFFLINE]	= "offline",
	[HVX_CPU_HYP]		= "hyp",
	[HVX_CPU_STUB]		= "stub",
};

static void cpu_status_of(struct kobject *kobj, struct hvx_cpu_status *st)
{
	hvx_cpu_status(container_of(kobj, struct hvx_cpu_kobj, kobj)->cpu, st);
}

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct hvx_cpu_status st;

	cpu_status_of(kobj, &st);
	return sysfs_emit(buf, "%s\n", cpu_state_names[st.state]);
}

/* A register of struct hvx_cpu_status, shown in hex. */
struct hvx_cpu_reg_attr {
	struct kobj_attribute attr;
	size_t offset;
};

static ssize_t cpu_reg_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	size_t offset = container_of(attr, struct hvx_cpu_reg_attr, attr)->offset;
	struct hvx_cpu_status st;
	u64 val;

	cpu_status_of(kobj, &st);
	memcpy(&val, (u8 *)&st + offset, sizeof(val));
	return sysfs_emit(buf, "%#llx\n", val);
}

static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct hvx_cpu_reg_attr current_el_attr = {
	__ATTR(current_el, 0444, cpu_reg_show, NULL),
	offsetof(struct hvx_cpu_status, current_el),
};

static struct hvx_cpu_reg_attr vbar_el2_attr = {
	__ATTR(vbar_el2, 0444, cpu_reg_show, NULL),
	offsetof(struct hvx_cpu_status, vbar_el2),
};

static struct hvx_cpu_reg_attr hcr_el2_attr = {
	__ATTR(hcr_el2, 0444, cpu_reg_show, NULL),
	offsetof(struct hvx_cpu_status, hcr_el2),
};

static struct hvx_cpu_reg_attr sctlr_el2_attr = {
	__ATTR(sctlr_el2, 0444, cpu_reg_show, NULL),
	offsetof(struct hvx_cpu_status, sctlr_el2),
};

static struct attribute *hvx_cpu_attrs[] = {
	&state_attr.attr,
	&current_el_attr.attr.attr,
	&vbar_el2_attr.attr.attr,
	&hcr_el2_attr.attr.attr,
	&sctlr_el2_attr.attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(hvx_cpu);

static void hvx_cpu_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct hvx_cpu_kobj, kobj));
}

static const struct kobj_type hvx_cpu_ktype = {
	.release	= hvx_cpu_kobj_release,
	.sysfs_ops	= &kobj_sysfs_ops,
	.default_groups	= hvx_cpu_groups,
};

static int add_cpu_kobj(unsigned int cpu)
{
	struct hvx_cpu_kobj *ck = kzalloc(sizeof(*ck), GFP_KERNEL);
	int ret;

	if (!ck)
		return -ENOMEM;
	ck->cpu = cpu;
	ret = kobject_init_and_add(&ck->kobj, &hvx_cpu_ktype, hvx_cpus_kobj,
				   "cpu%u", cpu);
	if (ret) {
		kobject_put(&ck->kobj);
		return ret;
	}
	cpu_kobjs[cpu] = ck;
	return 0;
}

int hvx_sysfs_init(void)
{
	unsigned int cpu;
	int ret;

	hvx_kobj = kobject_create_and_add("hvx", kernel_kobj);
	if (!hvx_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(hvx_kobj, &hvx_group);
	if (!ret)
		ret = sysfs_create_group(hvx_kobj, &host_s2_group);
	if (ret)
		goto err;
	hvx_cpus_kobj = kobject_create_and_add("cpus", hvx_kobj);
	if (!hvx_cpus_kobj) {
		ret = -ENOMEM;
		goto err;
	}
	for_each_possible_cpu(cpu) {
		ret = add_cpu_kobj(cpu);
		if (ret)
			goto err;
	}
	ret = hvx_acpi_init(hvx_kobj);
	if (ret)
		goto err;
	return 0;
err:
	hvx_sysfs_exit();
	return ret;
}

void hvx_sysfs_exit(void)
{
	unsigned int cpu;

	hvx_acpi_exit();
	for_each_possible_cpu(cpu) {
		if (cpu_kobjs[cpu])
			kobject_put(&cpu_kobjs[cpu]->kobj);
		cpu_kobjs[cpu] = NULL;
	}
	kobject_put(hvx_cpus_kobj);
	hvx_cpus_kobj = NULL;
	kobject_put(hvx_kobj);
	hvx_kobj = NULL;
}
