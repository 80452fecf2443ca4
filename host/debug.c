// SPDX-License-Identifier: GPL-2.0-only
/*
 * A debug interface to the page ownership calls, for the selftests: off
 * unless the module parameter debug_calls is set (at load, or later through
 * /sys/module/hvx/parameters/debug_calls, root only). Then the root-only
 * file /sys/kernel/debug/hvx/pages takes one command per write:
 *
 *   donate VA     pin the page of the writing process at VA and donate it
 *                 to hvx (HVX_HC_HOST_DONATE_HYP)
 *   share VA      pin it and share it with hvx (HVX_HC_HOST_SHARE_HYP)
 *   return VA     give the page back (RECLAIM_HYP or UNSHARE_HYP) and
 *                 unpin it
 *   donate-pa PA, share-pa PA, unshare-pa PA, reclaim-pa PA
 *                 the raw call on a physical address, for the tests of
 *                 invalid calls (donating a page the kernel uses crashes
 *                 the host: this is a debug interface only)
 *
 * A write fails with the call's error: -EINVAL (HVX_HC_ERR_INVALID), -EPERM
 * (HVX_HC_ERR_DENIED), -ENOMEM (HVX_HC_ERR_NOMEM), or -ENOENT for "return"
 * of a page this interface does not hold for the process. Reading the file
 * lists the pages held: "pid va pa donated|shared". Pages still held when
 * debug_calls is cleared or hvx unloads are given back to the host then.
 *
 * The same directory has debug-vm.c's files about guests.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "hvx.h"
#include "partition.h"
#include "vm.h"

struct hvx_dbg_page {
	struct list_head list;
	struct mm_struct *mm;	/* grabbed: identifies the process */
	pid_t pid;
	unsigned long va;	/* page aligned */
	struct page *page;	/* pinned */
	u64 pa;
	bool donated;		/* else shared */
};

/* hvx_dbg_config_lock: enabling, disabling; hvx_dbg_lock: the pages. */
static DEFINE_MUTEX(hvx_dbg_config_lock);
static DEFINE_MUTEX(hvx_dbg_lock);
static LIST_HEAD(hvx_dbg_pages);
static struct dentry *hvx_dbg_dir;
static bool hvx_dbg_ready;	/* between hvx_debug_init() and _exit() */
static bool debug_calls;

static struct hvx_dbg_page *find_page(struct mm_struct *mm, unsigned long va)
{
	struct hvx_dbg_page *p;

	list_for_each_entry(p, &hvx_dbg_pages, list)
		if (p->mm == mm && p->va == va)
			return p;
	return NULL;
}

static int page_call(u64 id, u64 pa)
{
	struct hvx_hc_res res;

	return hvx_hyp_call(id, pa, &res);
}

static int hold_page(unsigned long va, bool donate)
{
	struct hvx_dbg_page *p;
	struct page *page;
	int ret;

	va &= PAGE_MASK;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	ret = pin_user_pages_fast(va, 1, FOLL_WRITE | FOLL_LONGTERM, &page);
	if (ret != 1) {
		kfree(p);
		return ret < 0 ? ret : -EFAULT;
	}
	p->pa = page_to_phys(page);
	ret = page_call(donate ? HVX_HC_HOST_DONATE_HYP :
				 HVX_HC_HOST_SHARE_HYP, p->pa);
	if (ret) {
		unpin_user_page(page);
		kfree(p);
		return ret;
	}
	p->page = page;
	p->va = va;
	p->donated = donate;
	p->pid = task_tgid_nr(current);
	p->mm = current->mm;
	mmgrab(p->mm);
	list_add_tail(&p->list, &hvx_dbg_pages);
	return 0;
}

static int release_page(struct hvx_dbg_page *p)
{
	int ret = page_call(p->donated ? HVX_HC_HOST_RECLAIM_HYP :
					 HVX_HC_HOST_UNSHARE_HYP, p->pa);

	if (ret)
		return ret;
	unpin_user_page(p->page);
	mmdrop(p->mm);
	list_del(&p->list);
	kfree(p);
	return 0;
}

static int return_page(unsigned long va)
{
	struct hvx_dbg_page *p = find_page(current->mm, va & PAGE_MASK);

	return p ? release_page(p) : -ENOENT;
}

static void release_all(void)
{
	struct hvx_dbg_page *p, *tmp;

	list_for_each_entry_safe(p, tmp, &hvx_dbg_pages, list) {
		if (release_page(p)) {
			/* Left pinned: the host must not reuse it. */
			pr_err("debug: page %#llx not given back\n", p->pa);
			list_del(&p->list);
			mmdrop(p->mm);
			kfree(p);
		}
	}
}

static const struct {
	const char *name;
	u64 id;
} raw_calls[] = {
	{ "donate-pa", HVX_HC_HOST_DONATE_HYP },
	{ "share-pa", HVX_HC_HOST_SHARE_HYP },
	{ "unshare-pa", HVX_HC_HOST_UNSHARE_HYP },
	{ "reclaim-pa", HVX_HC_HOST_RECLAIM_HYP },
};

static int run_command(char *cmd)
{
	char *arg = strim(cmd);
	char *name = strsep(&arg, " \t");
	u64 val;
	size_t i;
	int ret;

	if (!arg)
		return -EINVAL;
	ret = kstrtou64(skip_spaces(arg), 0, &val);
	if (ret)
		return ret;
	if (!strcmp(name, "donate"))
		return hold_page(val, true);
	if (!strcmp(name, "share"))
		return hold_page(val, false);
	if (!strcmp(name, "return"))
		return return_page(val);
	for (i = 0; i < ARRAY_SIZE(raw_calls); i++)
		if (!strcmp(name, raw_calls[i].name))
			return page_call(raw_calls[i].id, val);
	return -EINVAL;
}

static ssize_t pages_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	char buf[64];
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (!current->mm)
		return -EINVAL;

	mutex_lock(&hvx_dbg_lock);
	ret = run_command(buf);
	mutex_unlock(&hvx_dbg_lock);
	return ret ? ret : count;
}

static int pages_show(struct seq_file *m, void *v)
{
	struct hvx_dbg_page *p;

	mutex_lock(&hvx_dbg_lock);
	list_for_each_entry(p, &hvx_dbg_pages, list)
		seq_printf(m, "%d %#lx %#llx %s\n", p->pid, p->va, p->pa,
			   p->donated ? "donated" : "shared");
	mutex_unlock(&hvx_dbg_lock);
	return 0;
}

static int pages_open(struct inode *inode, struct file *file)
{
	/* Debug hooks are the host's: refused inside a partition. */
	return hvx_partition_host_only() ?:
	       single_open(file, pages_show, NULL);
}

static const struct file_operations pages_fops = {
	.owner		= THIS_MODULE,
	.open		= pages_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
	.write		= pages_write,
};

/* With hvx_dbg_config_lock held. */
static void debug_enable(void)
{
	lockdep_assert_held(&hvx_dbg_config_lock);
	if (hvx_dbg_dir)
		return;
	hvx_dbg_dir = debugfs_create_dir("hvx", NULL);
	debugfs_create_file("pages", 0600, hvx_dbg_dir, NULL, &pages_fops);
	hvx_debug_vm_files(hvx_dbg_dir);
	pr_info("debug calls enabled: /sys/kernel/debug/hvx/pages\n");
}

/*
 * With hvx_dbg_config_lock held, not hvx_dbg_lock: removing the file waits
 * for the writes in progress, which take hvx_dbg_lock.
 */
static void debug_disable(void)
{
	lockdep_assert_held(&hvx_dbg_config_lock);
	if (!hvx_dbg_dir)
		return;
	debugfs_remove(hvx_dbg_dir);
	hvx_dbg_dir = NULL;
	mutex_lock(&hvx_dbg_lock);
	release_all();
	mutex_unlock(&hvx_dbg_lock);
}

static int debug_calls_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	mutex_lock(&hvx_dbg_config_lock);
	debug_calls = on;
	if (hvx_dbg_ready) {
		if (on)
			debug_enable();
		else
			debug_disable();
	}
	mutex_unlock(&hvx_dbg_config_lock);
	return 0;
}

static const struct kernel_param_ops debug_calls_ops = {
	.set = debug_calls_set,
	.get = param_get_bool,
};

module_param_cb(debug_calls, &debug_calls_ops, &debug_calls, 0644);
MODULE_PARM_DESC(debug_calls,
		 "debug interface to page ownership calls in debugfs (tests only)");

int hvx_debug_init(void)
{
	mutex_lock(&hvx_dbg_config_lock);
	hvx_dbg_ready = true;
	if (debug_calls)
		debug_enable();
	mutex_unlock(&hvx_dbg_config_lock);
	return 0;
}

void hvx_debug_exit(void)
{
	mutex_lock(&hvx_dbg_config_lock);
	hvx_dbg_ready = false;
	debug_disable();
	mutex_unlock(&hvx_dbg_config_lock);
}
