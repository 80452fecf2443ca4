// SPDX-License-Identifier: GPL-2.0-only
/*
 * Taking EL2 from the kernel's hyp stub on every CPU, and giving it back.
 *
 * Each CPU has an EL2 area in hvx's memory (its struct hvx_hyp_cpu and
 * stack, host/hyp-setup.c) and init parameters in host memory, written
 * here by the CPU itself just before it is taken, when it does not run
 * under stage 2 yet. A CPU hotplug state installs hvx on every online CPU
 * at load and gives EL2 back to the stub on each at unload.
 *
 * A CPU brought online while hvx is loaded does not come up under the
 * stub: hvx traps the host's SMCs and relays PSCI CPU_ON with its own EL2
 * entry (hyp/psci.c), so the CPU enters the kernel at EL1 already under
 * hvx and its stage 2; the hotplug callback only finds hvx there. For
 * that, every possible CPU's EL2 boot parameters and MPIDR are given to
 * EL2 at load. A CPU going offline keeps hvx until its PSCI CPU_OFF,
 * which hvx passes to the firmware.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm-smccc.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <asm/brk-imm.h>
#include <asm/esr.h>
#include <asm/kvm_arm.h>
#include <asm/sysreg.h>
#include <asm/virt.h>

#include "hvx.h"

/*
 * SCTLR_EL2 for hvx: MMU and caches on, alignment checks on the stack,
 * write implies execute-never.
 */
#define HVX_SCTLR_EL2	(SCTLR_ELx_M | SCTLR_ELx_C | SCTLR_ELx_I |	\
			 SCTLR_ELx_SA | SCTLR_ELx_WXN | SCTLR_EL2_RES1 |	\
			 ENDIAN_SET_EL2)

static DEFINE_PER_CPU(bool, hvx_cpu_taken);
static enum cpuhp_state hvx_cpuhp_state;
/* Set while the hotplug state is added (load). */
static bool hvx_loading;
/* CPUs taken from the stub after load: none while the PSCI relay works. */
static atomic_t hvx_late_takes = ATOMIC_INIT(0);

static_assert(sizeof(struct hvx_hyp_cpu) <= PAGE_SIZE);

/*
 * EL2 hands an exception it cannot handle to this, at EL1 (hyp/host.S):
 * a crash, or an assertion (hvx_bug(), hyp/include/hyp/bug.h: a BRK with
 * the kernel's BUG immediate). The image offset is ELR_EL2's place in
 * hyp/hyp.elf, which is linked at 0.
 */
static void __noreturn hvx_hyp_panic(u64 esr, u64 elr, u64 far, u64 spsr)
{
	bool bug = ESR_ELx_EC(esr) == ESR_ELx_EC_BRK64 &&
		   (esr & ESR_ELx_BRK64_ISS_COMMENT_MASK) == BUG_BRK_IMM;

	panic("hvx: EL2 %s on CPU%u: ESR_EL2 %#llx ELR_EL2 %#llx (image offset %#llx) FAR_EL2 %#llx SPSR_EL2 %#llx\n",
	      bug ? "BUG" : "exception", raw_smp_processor_id(), esr, elr,
	      elr - hvx_hyp.image.pa, far, spsr);
}

static phys_addr_t hyp_pa(u64 offset)
{
	return hvx_hyp.image.pa + offset;
}

/* The stub's only ABI call that runs code at EL2; see hyp/init.S. */
static u64 stub_read_vbar(void)
{
	register u64 x0 asm("x0") = HVC_SOFT_RESTART;
	register u64 x1 asm("x1") = hyp_pa(hvx_hyp.image.hdr.read_vbar);

	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1)
		     : : "x2", "x3", "x4", "memory");
	return x0;
}

static u64 stub_set_vectors(phys_addr_t vectors)
{
	register u64 x0 asm("x0") = HVC_SET_VECTORS;
	register u64 x1 asm("x1") = vectors;

	asm volatile("hvc #0" : "+r"(x0), "+r"(x1) : : "memory");
	return x0;
}

/*
 * Is EL2 held by the kernel's stub? It answers any call number it does not
 * know with HVC_STUB_ERR; KVM's nVHE host vectors or another hypervisor
 * answer HVC_STUB_HCALL_NR differently (SMCCC NOT_SUPPORTED).
 */
static bool stub_owns_el2(void)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(HVC_STUB_HCALL_NR, &res);
	return res.a0 == HVC_STUB_ERR;
}

static void fill_params(unsigned int cpu, struct hvx_init_params *p,
			u64 stub_vbar)
{
	memset(p, 0, sizeof(*p));
	p->stub_vbar = stub_vbar;
	p->panic_handler = (u64)hvx_hyp_panic;
	p->mair_el2 = hvx_pgtable_mair();
	p->tcr_el2 = hvx_pgtable_tcr();
	p->ttbr0_el2 = virt_to_phys(hvx_hyp.pgt.pgd);
	p->sctlr_el2 = HVX_SCTLR_EL2;
	p->vbar_el2 = hyp_pa(hvx_hyp.image.hdr.host_vectors);
	p->sp_el2 = hvx_hyp.cpu[cpu].stack_top;
	p->tpidr_el2 = hvx_hyp.cpu[cpu].data;
	/* The init code reads the parameters with the EL2 MMU off. */
	hvx_dcache_clean_poc(p, sizeof(*p));
}

static int cpu_take_el2(unsigned int cpu)
{
	struct hvx_init_params *p = &hvx_hyp.params[cpu];
	struct hvx_hc_res res;
	unsigned long flags;
	int ret = 0;

	local_irq_save(flags);
	if (!stub_owns_el2()) {
		pr_err("CPU%u: EL2 is not held by the kernel's hyp stub (KVM or another hypervisor owns it)\n",
		       cpu);
		ret = -EBUSY;
		goto out;
	}

	fill_params(cpu, p, stub_read_vbar());
	if (stub_set_vectors(hyp_pa(hvx_hyp.image.hdr.init_vectors))) {
		pr_err("CPU%u: the hyp stub refused HVC_SET_VECTORS\n", cpu);
		ret = -EIO;
		goto out;
	}
	hvx_hcall(HVX_HC_INIT, virt_to_phys(p), &res);
	if (res.a0 != SMCCC_RET_SUCCESS) {
		stub_set_vectors(p->stub_vbar);
		pr_err("CPU%u: hvx EL2 init failed (%#llx)\n", cpu, res.a0);
		ret = -EIO;
		goto out;
	}
	this_cpu_write(hvx_cpu_taken, true);
out:
	local_irq_restore(flags);
	return ret;
}

/* An errno for a host->hvx call's status (x0). */
static int hvx_hc_errno(u64 status)
{
	switch ((long)status) {
	case SMCCC_RET_SUCCESS:
		return 0;
	case HVX_HC_ERR_INVALID:
		return -EINVAL;
	case HVX_HC_ERR_DENIED:
		return -EPERM;
	case HVX_HC_ERR_NOMEM:
		return -ENOMEM;
	case HVX_HC_ERR_BUSY:
		return -EBUSY;
	default:
		return -EIO;	/* NOT_SUPPORTED, or anything unexpected */
	}
}

/*
 * HVX_HC_RELEASE on this CPU, in stop_machine() with every other one (see
 * hyp/release.c). On success EL2 is the stub's again and x0-x17 are zero.
 */
static int cpu_release_el2(void *unused)
{
	register u64 x0 asm("x0") = HVX_HC_RELEASE;

	if (!this_cpu_read(hvx_cpu_taken))
		return 0;
	asm volatile("hvc #0"
		     : "+r"(x0)
		     : : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		       "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "memory");
	if (x0 != SMCCC_RET_SUCCESS)
		return hvx_hc_errno(x0);
	this_cpu_write(hvx_cpu_taken, false);
	return 0;
}

/*
 * Give EL2 back on every CPU hvx runs on, all at once. A CPU that comes
 * online meanwhile (not counted here, but under hvx) makes it fail.
 */
static int release_all_cpus(void)
{
	int ret = stop_machine(cpu_release_el2, NULL, cpu_online_mask);

	if (ret == -EPERM)
		pr_warn("hvx cannot leave EL2: a VM exists, or a CPU started through hvx has not arrived\n");
	else if (ret)
		pr_warn("hvx could not leave EL2 (%d)\n", ret);
	return ret;
}

/* Is hvx already at EL2 here (the CPU came up through hvx's entry)? */
static bool hvx_owns_el2(void)
{
	struct hvx_hc_res res;

	hvx_hcall(HVX_HC_VERSION, 0, &res);
	return res.a0 == SMCCC_RET_SUCCESS && res.a1 == HVX_HYP_VERSION;
}

static int hvx_cpu_online(unsigned int cpu)
{
	unsigned long flags;
	bool owned;

	local_irq_save(flags);
	owned = hvx_owns_el2();
	if (owned)
		this_cpu_write(hvx_cpu_taken, true);
	local_irq_restore(flags);
	if (owned)
		return 0;
	if (!hvx_loading) {
		atomic_inc(&hvx_late_takes);
		pr_warn_once("CPU%u came online under the kernel's stub, not through hvx's PSCI relay; taking it now\n",
			     cpu);
	}
	return cpu_take_el2(cpu);
}

/*
 * A CPU going offline keeps hvx, which passes its PSCI CPU_OFF to the
 * firmware; it comes back through hvx's entry. When a failed load is
 * undone, the CPUs taken so far stay taken until release_all_cpus().
 */
static int hvx_cpu_offline(unsigned int cpu)
{
	if (!hvx_loading)
		this_cpu_write(hvx_cpu_taken, false);
	return 0;
}

static void read_mpidr(void *arg)
{
	*(u64 *)arg = read_cpuid_mpidr() & MPIDR_HWID_BITMASK;
}

/* @cpu's MPIDR: asked of the CPU if online, else from the device tree. */
static u64 cpu_mpidr(unsigned int cpu)
{
	struct device_node *np;
	const __be32 *reg;
	u64 mpidr = INVALID_HWID;
	int len, ac;

	if (cpu_online(cpu)) {
		smp_call_function_single(cpu, read_mpidr, &mpidr, 1);
		return mpidr;
	}
	np = of_get_cpu_node(cpu, NULL);
	if (!np)
		return INVALID_HWID;
	ac = of_n_addr_cells(np);
	reg = of_get_property(np, "reg", &len);
	if (reg && ac > 0 && ac <= 2 && len >= ac * (int)sizeof(*reg))
		mpidr = of_read_number(reg, ac) & MPIDR_HWID_BITMASK;
	of_node_put(np);
	return mpidr;
}

/*
 * Before the first CPU is taken (hvx's memory is still the host's): each
 * possible CPU's EL2 boot parameters for hvx's entry, and the MPIDR ->
 * CPU map PSCI CPU_ON is relayed with. With the CPU hotplug lock held.
 */
static int setup_boot_data(void)
{
	struct hvx_hyp_globals *g = hvx_hyp_image_globals(&hvx_hyp.image);
	u64 stub_vbar;
	unsigned int cpu;

	if (nr_cpu_ids > HVX_MAX_CPUS) {
		pr_err("%u possible CPUs, hvx supports %u\n", nr_cpu_ids,
		       HVX_MAX_CPUS);
		return -E2BIG;
	}
	preempt_disable();
	stub_vbar = stub_read_vbar();
	preempt_enable();

	g->nr_cpus = nr_cpu_ids;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		g->cpu_mpidr[cpu] = INVALID_HWID;
	for_each_possible_cpu(cpu) {
		struct hvx_hyp_cpu *c = phys_to_virt(hvx_hyp.cpu[cpu].data);

		g->cpu_mpidr[cpu] = cpu_mpidr(cpu);
		g->cpu_data[cpu] = hvx_hyp.cpu[cpu].data;
		if (g->cpu_mpidr[cpu] == INVALID_HWID)
			pr_warn("CPU%u: MPIDR unknown, PSCI CPU_ON for it will be refused\n",
				cpu);
		fill_params(cpu, &c->boot, stub_vbar);
		c->idx = cpu;
		hvx_dcache_clean_poc(c, sizeof(*c));
	}
	hvx_dcache_clean_poc(g, sizeof(*g));
	return 0;
}

/* Can this kernel give EL2 to hvx? One log line says why not. */
static int check_el2_available(void)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1);

	if (is_kernel_in_hyp_mode()) {
		pr_err("kernel runs at EL2 (VHE); hvx needs an nVHE kernel at EL1 (boot with id_aa64mmfr1.vh=0)\n");
		return -ENODEV;
	}
	if (!cpuid_feature_extract_unsigned_field(pfr0, ID_AA64PFR0_EL1_EL2_SHIFT)) {
		pr_err("this CPU has no EL2\n");
		return -ENODEV;
	}
	if (!stub_owns_el2()) {
		pr_err("EL2 is not held by the kernel's hyp stub (KVM or another hypervisor owns it)\n");
		return -EBUSY;
	}
	return 0;
}

int hvx_cpus_take(void)
{
	int ret;

	ret = check_el2_available();
	if (ret)
		return ret;
	ret = hvx_hyp_setup();
	if (ret)
		return ret;

	/* No CPU comes or goes until every online one is under hvx. */
	cpus_read_lock();
	ret = setup_boot_data();
	if (ret)
		goto err;
	/* Runs hvx_cpu_online() on every online CPU, undoing all on failure. */
	hvx_loading = true;
	ret = cpuhp_setup_state_cpuslocked(CPUHP_AP_ONLINE_DYN, "hvx:online",
					   hvx_cpu_online, hvx_cpu_offline);
	hvx_loading = false;
	cpus_read_unlock();
	if (ret < 0)
		goto err_release;
	hvx_cpuhp_state = ret;
	atomic_set(&hvx_late_takes, 0);
	return 0;
err:
	cpus_read_unlock();
	hvx_hyp_teardown();
	return ret;
err_release:
	/* No VM yet: nothing but a CPU that does not answer stops it. */
	if (release_all_cpus()) {
		pr_crit("hvx's EL2 memory is kept: EL2 still runs it\n");
		return ret;
	}
	hvx_hyp_teardown();
	return ret;
}

/*
 * Give EL2 back to the stub, if hvx agrees (no VM alive). Idempotent:
 * module unload and the reboot notifier both call it. On failure hvx
 * stays at EL2 on every CPU, as before.
 */
int hvx_cpus_release(void)
{
	int ret;

	if (!hvx_hyp.mem.va)
		return 0;
	/*
	 * First stop taking CPUs that come online: after the release they
	 * come up under the stub (offline CPUs are off, their CPU_OFF went
	 * through hvx) and must stay there.
	 */
	cpuhp_remove_state_nocalls(hvx_cpuhp_state);
	ret = release_all_cpus();
	if (ret) {
		/* hvx stays: every online CPU is found under it again. */
		hvx_cpuhp_state = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN,
						    "hvx:online",
						    hvx_cpu_online,
						    hvx_cpu_offline);
		return ret;
	}
	/* Every CPU has turned stage 2 off: the host may have it all back. */
	hvx_hyp_teardown();
	return ret;
}

unsigned int hvx_late_takes_count(void)
{
	return atomic_read(&hvx_late_takes);
}

static void read_cpu_state(void *arg)
{
	struct hvx_cpu_status *st = arg;
	struct hvx_hc_res res;

	st->mpidr = read_cpuid_mpidr() & MPIDR_HWID_BITMASK;
	if (!this_cpu_read(hvx_cpu_taken)) {
		st->state = HVX_CPU_STUB;
		return;
	}
	hvx_hcall(HVX_HC_CPU_STATE, 0, &res);
	if (res.a0 != SMCCC_RET_SUCCESS) {
		st->state = HVX_CPU_STUB;
		return;
	}
	st->state = HVX_CPU_HYP;
	st->current_el = res.a1;
	st->vbar_el2 = res.a2;
	st->hcr_el2 = res.a3;
	st->sctlr_el2 = res.a4;
}

/* Asks hvx at EL2 on @cpu itself: what the CPU really runs under. */
void hvx_cpu_status(unsigned int cpu, struct hvx_cpu_status *st)
{
	memset(st, 0, sizeof(*st));
	st->cpu = cpu;
	st->state = HVX_CPU_OFFLINE;
	cpus_read_lock();
	if (cpu_online(cpu))
		smp_call_function_single(cpu, read_cpu_state, st, 1);
	cpus_read_unlock();
}

unsigned int hvx_nr_hyp_cpus(void)
{
	struct hvx_cpu_status st;
	unsigned int cpu, n = 0;

	for_each_possible_cpu(cpu) {
		hvx_cpu_status(cpu, &st);
		n += st.state == HVX_CPU_HYP;
	}
	return n;
}

/* Does hvx run on every online CPU, so that a vCPU may run anywhere? */
bool hvx_runs_on_all_cpus(void)
{
	unsigned int cpu;
	bool all = true;

	cpus_read_lock();
	for_each_online_cpu(cpu)
		all &= per_cpu(hvx_cpu_taken, cpu);
	cpus_read_unlock();
	return all;
}

u32 hvx_hyp_version(void)
{
	struct hvx_hc_res res;

	hvx_hcall(HVX_HC_VERSION, 0, &res);
	return res.a0 == SMCCC_RET_SUCCESS ? res.a1 : 0;
}

/* A host->hvx call on this CPU, if hvx runs here. */
int hvx_hyp_call6(u64 id, u64 arg1, u64 arg2, u64 arg3, u64 arg4,
		  u64 arg5, u64 arg6, struct hvx_hc_res *res)
{
	int ret = -ENODEV;

	preempt_disable();
	if (this_cpu_read(hvx_cpu_taken)) {
		hvx_hcall6(id, arg1, arg2, arg3, arg4, arg5, arg6, res);
		ret = hvx_hc_errno(res->a0);
	}
	preempt_enable();
	return ret;
}
