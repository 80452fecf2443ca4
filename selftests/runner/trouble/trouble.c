// SPDX-License-Identifier: GPL-2.0
/*
 * A test module for the test-VM runner's own tests (test-hvx-vm.sh): it
 * provokes the kernel trouble tools/hvx-vm must notice.
 *   mode=0  load quietly
 *   mode=1  WARN() while loading
 *   mode=2  oops (a write to address 0x10) while loading
 */
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/module.h>

static int mode;
module_param(mode, int, 0444);
MODULE_PARM_DESC(mode, "0: nothing, 1: WARN, 2: oops");

static int __init trouble_init(void)
{
	if (mode == 1)
		WARN(1, "hvx runner test: provoked warning\n");
	if (mode == 2)
		WRITE_ONCE(*(int *)0x10, 1);
	return 0;
}

static void __exit trouble_exit(void)
{
}

module_init(trouble_init);
module_exit(trouble_exit);
MODULE_DESCRIPTION("provokes kernel trouble for the hvx test-VM runner's tests");
MODULE_LICENSE("GPL");
