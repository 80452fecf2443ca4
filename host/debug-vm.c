// SPDX-License-Identifier: GPL-2.0-only
/*
 * Debug files about guests, next to debug.c's (only with debug_calls=1):
 *
 *   vm_memory  (0400) every VM's guest RAM, one line a chunk given to the
 *              guest by one HVX_HC_VM_MAP: "vm<handle> ipa=0x.. pa=0x..
 *              pages=N"
 *   phys       (0600) mmap() it with the physical address of host RAM as
 *              the offset (MAP_SHARED): the pages are mapped into the
 *              caller as they are, so that a test can show that the host
 *              cannot read what a guest owns (the read gets SIGBUS). Any
 *              RAM: a debug interface only.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>

#include "partition.h"
#include "vm.h"

/* Debug hooks are the host's: refused inside a partition. */
static int vm_memory_show(struct seq_file *m, void *v)
{
	return hvx_partition_host_only() ?: hvx_vms_show_memory(m);
}
DEFINE_SHOW_ATTRIBUTE(vm_memory);

static int phys_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long pfn = vma->vm_pgoff, i;

	if (hvx_partition_host_only())
		return -EPERM;
	for (i = 0; i < vma_pages(vma); i++)
		if (!page_is_ram(pfn + i))
			return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, pfn,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static const struct file_operations phys_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.mmap	= phys_mmap,
	.llseek	= noop_llseek,
};

void hvx_debug_vm_files(struct dentry *dir)
{
	debugfs_create_file("vm_memory", 0400, dir, NULL, &vm_memory_fops);
	/*
	 * Without debugfs's proxy, which has no mmap: nothing the file uses
	 * goes away with it, and .owner keeps the module while it is open.
	 */
	debugfs_create_file_unsafe("phys", 0600, dir, NULL, &phys_fops);
}
