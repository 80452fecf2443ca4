// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvx: a lightweight arm64 EL2 hypervisor, loaded as a module beneath the
 * running (nVHE, EL1) kernel. Module load and unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/reboot.h>

#include "hvx.h"
#include "vgic.h"
#include "vtimer.h"

#define HVX_RELEASE_TRIES	100
#define HVX_RELEASE_WAIT_MS	50

/*
 * EL2 should be the stub's again before kexec or reboot runs its own code.
 * With a VM alive hvx keeps EL2 (and the VM's memory out of the host's
 * reach): a reboot goes through hvx's PSCI relay, a kexec'd kernel starts
 * at EL1 under hvx's stage 2.
 */
static int hvx_reboot(struct notifier_block *nb, unsigned long action,
		      void *data)
{
	if (hvx_cpus_release())
		pr_warn("EL2 kept by hvx across %s\n",
			action == SYS_RESTART ? "restart or kexec" : "shutdown");
	return NOTIFY_DONE;
}

static struct notifier_block hvx_reboot_nb = {
	.notifier_call = hvx_reboot,
};

static int __init hvx_init(void)
{
	ktime_t start = ktime_get();
	int ret;

	ret = hvx_cpus_take();
	if (ret)
		return ret;
	ret = hvx_sysfs_init();
	if (ret)
		goto err_cpus;
	ret = hvx_dev_init();
	if (ret)
		goto err_sysfs;
	ret = hvx_debug_init();
	if (ret)
		goto err_dev;
	ret = hvx_vgic_host_init();
	if (ret)
		goto err_debug;
	ret = hvx_vtimer_host_init();
	if (ret)
		goto err_vgic;
	/* After both: EL2's Group 0 interrupts are an SGI and the vtimer's. */
	hvx_vgic_doorbell_init();
	ret = hvx_pm_init();
	if (ret)
		goto err_vtimer;
	register_reboot_notifier(&hvx_reboot_nb);
	pr_info("hvx %s: EL2 taken on %u CPUs in %lld us, host under stage 2\n",
		HVX_VERSION_STR, hvx_nr_hyp_cpus(),
		ktime_us_delta(ktime_get(), start));
	return 0;

err_vtimer:
	hvx_vgic_doorbell_exit();
	hvx_vtimer_host_exit();
err_vgic:
	hvx_vgic_host_exit();
err_debug:
	hvx_debug_exit();
err_dev:
	hvx_dev_exit();
err_sysfs:
	hvx_sysfs_exit();
err_cpus:
	hvx_cpus_release();
	return ret;
}

static void __exit hvx_exit(void)
{
	int i;

	unregister_reboot_notifier(&hvx_reboot_nb);
	hvx_pm_exit();
	hvx_vgic_doorbell_exit();
	hvx_vtimer_host_exit();
	hvx_vgic_host_exit();
	hvx_debug_exit();
	hvx_dev_exit();
	hvx_sysfs_exit();
	/* No EL2 trace ring may outlive hvx at EL2. */
	hvx_trace_el2_exit();
	/*
	 * Nothing holds the module, so no VM exists; hvx may still refuse
	 * while a CPU it started has not arrived. Wait for that a while.
	 */
	for (i = 0; i < HVX_RELEASE_TRIES && hvx_cpus_release(); i++)
		msleep(HVX_RELEASE_WAIT_MS);
	if (i == HVX_RELEASE_TRIES) {
		pr_crit("EL2 kept by hvx: its memory is leaked, the host stays under stage 2\n");
		return;
	}
	pr_info("EL2 given back to the kernel's hyp stub\n");
}

module_init(hvx_init);
module_exit(hvx_exit);

MODULE_DESCRIPTION("hvx: lightweight arm64 EL2 hypervisor");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVX_VERSION_STR);
