// SPDX-License-Identifier: GPL-2.0-only
/*
 * System sleep while hvx is loaded: refused.
 *
 * Suspend to RAM powers the CPUs down through the firmware (PSCI
 * SYSTEM_SUSPEND, which hvx already refuses to the host, hyp/psci.c), and
 * the firmware resumes the kernel at its own entry point, not through
 * hvx. Hibernation writes the host's memory to disk and later has a fresh
 * kernel, under the stub's EL2 without hvx, restore it: hvx's memory and
 * the guests' cannot be saved by a host that cannot read them, and a
 * restored image would find hvx gone. Suspend to idle would keep EL2, but
 * its PM_SUSPEND_PREPARE does not tell it from the others, and it is not
 * something hvx has been tried with. So the first step of each, before
 * any task is frozen, gets -EBUSY and a log line: unload hvx (rmmod) to
 * suspend or hibernate.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/notifier.h>
#include <linux/suspend.h>

#include "hvx.h"

static int hvx_pm_notify(struct notifier_block *nb, unsigned long action,
			 void *data)
{
	const char *what;

	switch (action) {
	case PM_SUSPEND_PREPARE:
		what = "suspend";
		break;
	case PM_HIBERNATION_PREPARE:
		what = "hibernation";
		break;
	case PM_RESTORE_PREPARE:
		what = "restoring a hibernation image";
		break;
	default:
		return NOTIFY_DONE;
	}
	pr_warn("%s refused while hvx holds EL2: unload hvx first\n", what);
	return notifier_from_errno(-EBUSY);
}

static struct notifier_block hvx_pm_nb = {
	.notifier_call = hvx_pm_notify,
};

int hvx_pm_init(void)
{
	return register_pm_notifier(&hvx_pm_nb);
}

void hvx_pm_exit(void)
{
	unregister_pm_notifier(&hvx_pm_nb);
}
