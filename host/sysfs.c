// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/hvx: version, hvx's memory and the host's stage 2 as EL2
 * counts them (host_s2/), EL2's tracing (el2_trace/), each possible
 * CPU's EL2 state as hvx reads it at EL2 on that CPU (cpus/cpuN/), and
 * the VMs (nr_vms, vms/: vm-sysfs.c).
 */
#include <linux/arm-smccc.h>
#include <linux/cpumask.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <uapi/linux/psci.h>

#include "hvx.h"
#include "partition.h"
#include "vm.h"

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

#ifdef HVX_TEST_HOOKS
/*
 * host_s2/reset (a test hook): writing 1 drops every host stage-2
 * mapping, for the tests of the fault path.
 */
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
#endif

/* Inside a partition: its own VMs only. */
static ssize_t nr_vms_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	struct hvx_partition *p = hvx_partition_current();
	unsigned int n;

	if (!p)
		return sysfs_emit(buf, "%u\n", hvx_nr_vms());
	spin_lock(&p->lock);
	n = p->nr_vms;
	spin_unlock(&p->lock);
	hvx_partition_put(p);
	return sysfs_emit(buf, "%u\n", n);
}

static struct kobj_attribute nr_vms_attr = __ATTR_RO(nr_vms);
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
	&nr_vms_attr.attr,
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
#ifdef HVX_TEST_HOOKS
	&reset_attr.attr,
#endif
	&shared_pages_attr.attr,
	&donated_pages_attr.attr,
	&guest_pages_attr.attr,
	NULL,
};

static const struct attribute_group host_s2_group = {
	.name = "host_s2",
	.attrs = host_s2_attrs,
};

/* wfi/: the guests' WFIs that halt polling ended, and those that slept. */
#define HVX_WFI_ATTR(name)						\
static ssize_t name##_show(struct kobject *kobj,			\
			   struct kobj_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%llu\n", hvx_wfi_##name());		\
}									\
static struct kobj_attribute wfi_##name##_attr = __ATTR_RO(name)

HVX_WFI_ATTR(polled);
HVX_WFI_ATTR(slept);

static struct attribute *wfi_attrs[] = {
	&wfi_polled_attr.attr,
	&wfi_slept_attr.attr,
	NULL,
};

static const struct attribute_group wfi_group = {
	.name = "wfi",
	.attrs = wfi_attrs,
};

/*
 * el2_trace/: EL2's events (trace-el2.c): active (rings set), events
 * drained into ftrace, lost (dropped at EL2, its ring full).
 */
static ssize_t active_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(hvx_trace_el2_on));
}

static ssize_t events_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%llu\n", hvx_trace_el2_events());
}

static ssize_t lost_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%llu\n", hvx_trace_el2_lost());
}

static struct kobj_attribute el2_active_attr = __ATTR_RO(active);
static struct kobj_attribute el2_events_attr = __ATTR_RO(events);
static struct kobj_attribute el2_lost_attr = __ATTR_RO(lost);

static struct attribute *el2_trace_attrs[] = {
	&el2_active_attr.attr,
	&el2_events_attr.attr,
	&el2_lost_attr.attr,
	NULL,
};

static const struct attribute_group el2_trace_group = {
	.name = "el2_trace",
	.attrs = el2_trace_attrs,
};

/*
 * psci/: the PSCI relay at EL2 (hyp/psci.c), counted over all CPUs, and
 * late_takes: CPUs the hotplug callback had to take from the stub after
 * load (none while every CPU_ON goes through hvx).
 */
struct hvx_psci_attr {
	struct kobj_attribute attr;
	enum hvx_psci_stat stat;
};

static ssize_t psci_stat_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	enum hvx_psci_stat stat = container_of(attr, struct hvx_psci_attr,
					       attr)->stat;
	struct hvx_hc_res res;
	int ret;

	ret = hvx_hyp_call(HVX_HC_PSCI_STATS, stat, &res);
	if (ret)
		return ret;
	return sysfs_emit(buf, "%llu\n", res.a1);
}

#define HVX_PSCI_ATTR(name, s)						\
static struct hvx_psci_attr psci_##name##_attr = {			\
	__ATTR(name, 0444, psci_stat_show, NULL), s,			\
}

HVX_PSCI_ATTR(cpu_on, HVX_PSCI_CPU_ON);
HVX_PSCI_ATTR(cpu_off, HVX_PSCI_CPU_OFF);
HVX_PSCI_ATTR(cpu_suspend, HVX_PSCI_CPU_SUSPEND);
HVX_PSCI_ATTR(entries, HVX_PSCI_ENTRIES);
HVX_PSCI_ATTR(entries_kernel_el2, HVX_PSCI_ENTRIES_KERNEL_EL2);
HVX_PSCI_ATTR(forwarded, HVX_PSCI_FORWARDED);
HVX_PSCI_ATTR(refused, HVX_PSCI_REFUSED);

static ssize_t late_takes_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", hvx_late_takes_count());
}

static struct kobj_attribute late_takes_attr = __ATTR_RO(late_takes);

#ifdef HVX_TEST_HOOKS
/*
 * psci/probe (root only, a test hook): firmware calls made from the host at EL1, as the
 * kernel's PSCI and SMCCC code makes them, so that they go through hvx's
 * SMC trap: the answers hvx forwards, and NOT_SUPPORTED for calls it
 * refuses. cpu_suspend is a standby state (power_state 0) that returns.
 * Two CPU_ONs aimed at the calling CPU check what hvx itself answers: with
 * an unaligned entry point (INVALID_ADDRESS) and with a valid one
 * (ALREADY_ON: the target is on, so its entry slot is left alone).
 */
static void probe_cpu_on(const char *name, u64 entry, char *buf, ssize_t *len)
{
	struct arm_smccc_res res;

	preempt_disable();
	arm_smccc_1_1_smc(PSCI_0_2_FN64_CPU_ON,
			  read_cpuid_mpidr() & MPIDR_HWID_BITMASK, entry, 0,
			  &res);
	preempt_enable();
	*len += sysfs_emit_at(buf, *len, "%s %lld\n", name, (long long)res.a0);
}

static ssize_t probe_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	static const struct {
		const char *name;
		u32 fn;
		u64 arg;
	} calls[] = {
		{ "psci_version", PSCI_0_2_FN_PSCI_VERSION, 0 },
		{ "features_cpu_on", PSCI_1_0_FN_PSCI_FEATURES,
		  PSCI_0_2_FN64_CPU_ON },
		{ "features_cpu_off", PSCI_1_0_FN_PSCI_FEATURES,
		  PSCI_0_2_FN_CPU_OFF },
		{ "features_system_suspend", PSCI_1_0_FN_PSCI_FEATURES,
		  PSCI_1_0_FN64_SYSTEM_SUSPEND },
		{ "migrate_info_type", PSCI_0_2_FN_MIGRATE_INFO_TYPE, 0 },
		{ "smccc_version", ARM_SMCCC_VERSION_FUNC_ID, 0 },
		{ "arch_features_workaround_1",
		  ARM_SMCCC_ARCH_FEATURES_FUNC_ID,
		  ARM_SMCCC_ARCH_WORKAROUND_1 },
		{ "sip_call", ARM_SMCCC_CALL_VAL(ARM_SMCCC_FAST_CALL,
						 ARM_SMCCC_SMC_32,
						 ARM_SMCCC_OWNER_SIP, 0), 0 },
		{ "system_suspend", PSCI_1_0_FN64_SYSTEM_SUSPEND, 0 },
		{ "cpu_suspend", PSCI_0_2_FN64_CPU_SUSPEND, 0 },
	};
	struct arm_smccc_res res;
	ssize_t len = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(calls); i++) {
		preempt_disable();
		/* x2, x3 zero: e.g. the entry point a standby CPU_SUSPEND ignores */
		arm_smccc_1_1_smc(calls[i].fn, calls[i].arg, 0, 0, &res);
		preempt_enable();
		len += sysfs_emit_at(buf, len, "%s %lld\n", calls[i].name,
				     (long long)res.a0);
	}
	probe_cpu_on("cpu_on_unaligned", virt_to_phys(buf) + 2, buf, &len);
	/* Any host-owned RAM will do: nothing runs there. */
	probe_cpu_on("cpu_on_online", virt_to_phys(buf), buf, &len);
	return len;
}

static struct kobj_attribute probe_attr = __ATTR_RO_MODE(probe, 0400);
#endif

static struct attribute *psci_attrs[] = {
	&psci_cpu_on_attr.attr.attr,
	&psci_cpu_off_attr.attr.attr,
	&psci_cpu_suspend_attr.attr.attr,
	&psci_entries_attr.attr.attr,
	&psci_entries_kernel_el2_attr.attr.attr,
#ifdef HVX_TEST_HOOKS
	&probe_attr.attr,
#endif
	&psci_forwarded_attr.attr.attr,
	&psci_refused_attr.attr.attr,
	&late_takes_attr.attr,
	NULL,
};

static const struct attribute_group psci_group = {
	.name = "psci",
	.attrs = psci_attrs,
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
	int ret;

	/* EL2's registers are the host's business (as HVX_GET_STATUS). */
	ret = hvx_partition_host_only();
	if (ret)
		return ret;
	cpu_status_of(kobj, &st);
	memcpy(&val, (u8 *)&st + offset, sizeof(val));
	return sysfs_emit(buf, "%#llx\n", val);
}

static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct hvx_cpu_reg_attr current_el_attr = {
	__ATTR(current_el, 0444, cpu_reg_show, NULL),
	offsetof(struct hvx_cpu_status, current_el),
};

/* An EL2 physical address: for root only. */
static struct hvx_cpu_reg_attr vbar_el2_attr = {
	__ATTR(vbar_el2, 0400, cpu_reg_show, NULL),
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
	if (!ret)
		ret = sysfs_create_group(hvx_kobj, &psci_group);
	if (!ret)
		ret = sysfs_create_group(hvx_kobj, &wfi_group);
	if (!ret)
		ret = sysfs_create_group(hvx_kobj, &el2_trace_group);
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
	if (!ret)
		ret = hvx_vm_sysfs_init(hvx_kobj);
	if (!ret)
		ret = hvx_partition_sysfs_init(hvx_kobj);
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

	hvx_partition_exit();
	hvx_partition_sysfs_exit();
	hvx_vm_sysfs_exit();
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
