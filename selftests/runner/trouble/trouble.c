// SPDX-License-Identifier: GPL-2.0
/*
 * A test module for the test-VM runner's own tests (test-hvx-vm.sh): it
 * provokes the kernel trouble tools/hvx-vm must notice.
 *   mode=0  load quietly
 *   mode=1  WARN() while loading
 *   mode=2  oops (a write to address 0x10) while loading
 * and what only the debug kernel (tools/kernel-debug.config) reports:
 *   mode=3  KASAN: a read past the end of a kmalloc()ed object
 *   mode=4  lockdep: two mutexes taken in both orders (no deadlock happens,
 *           lockdep reports the possible one)
 *   mode=5  might_sleep() with a spinlock held
 *   mode=6  kmemleak: an object whose only pointer is dropped
 */
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static int mode;
module_param(mode, int, 0444);
MODULE_PARM_DESC(mode, "0: nothing, 1: WARN, 2: oops, 3: KASAN, 4: lockdep, 5: might_sleep, 6: leak");

#define TROUBLE_OBJ_SIZE 24

static DEFINE_MUTEX(trouble_a);
static DEFINE_MUTEX(trouble_b);
static DEFINE_SPINLOCK(trouble_lock);
/* written through READ_ONCE/WRITE_ONCE so the compiler keeps the accesses */
static char *trouble_obj;
static int trouble_index = TROUBLE_OBJ_SIZE;

static void trouble_kasan(void)
{
	char *p = kmalloc(TROUBLE_OBJ_SIZE, GFP_KERNEL);

	if (!p)
		return;
	WRITE_ONCE(trouble_obj, p);
	pr_info("trouble: read past the object: %d\n",
		READ_ONCE(trouble_obj[READ_ONCE(trouble_index)]));
	WRITE_ONCE(trouble_obj, NULL);
	kfree(p);
}

static void trouble_lockdep(void)
{
	mutex_lock(&trouble_a);
	mutex_lock(&trouble_b);
	mutex_unlock(&trouble_b);
	mutex_unlock(&trouble_a);

	mutex_lock(&trouble_b);
	mutex_lock(&trouble_a);
	mutex_unlock(&trouble_a);
	mutex_unlock(&trouble_b);
}

static void trouble_sleep(void)
{
	spin_lock(&trouble_lock);
	might_sleep();
	spin_unlock(&trouble_lock);
}

/* not inlined into trouble_init(), whose text is freed after loading */
static noinline void trouble_leak(void)
{
	char *p = kmalloc(TROUBLE_OBJ_SIZE, GFP_KERNEL);

	if (!p)
		return;
	/* no bytes that could look like a pointer to it */
	memset(p, 0x5a, TROUBLE_OBJ_SIZE);
	WRITE_ONCE(trouble_obj, p);
	WRITE_ONCE(trouble_obj, NULL);
}

static int __init trouble_init(void)
{
	if (mode == 1)
		WARN(1, "hvx runner test: provoked warning\n");
	if (mode == 2)
		WRITE_ONCE(*(int *)0x10, 1);
	if (mode == 3)
		trouble_kasan();
	if (mode == 4)
		trouble_lockdep();
	if (mode == 5)
		trouble_sleep();
	if (mode == 6)
		trouble_leak();
	return 0;
}

static void __exit trouble_exit(void)
{
}

module_init(trouble_init);
module_exit(trouble_exit);
MODULE_DESCRIPTION("provokes kernel trouble for the hvx test-VM runner's tests");
MODULE_LICENSE("GPL");
