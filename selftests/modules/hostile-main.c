// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvx_hostile: a test-only module that plays a hostile host kernel. It
 * issues HVCs to EL2 itself, as any EL1 code can, not through hvx.ko, so
 * that the tests attack hvx's promise that the deprivileged host cannot
 * reach hvx's or a guest's memory, nor run code at EL2.
 *
 * One root-only file, /sys/kernel/debug/hvx_hostile/cmd, takes a command
 * per write; reading it gives the last command's result line.
 *
 *   hvc CPU X0 [X1 .. X6]  HVC #0 on CPU with these registers (the stub ABI
 *                          when X0 < 4, else a host->hvx call); result
 *                          "x0 x1 x2 x3 x4" after the call, in hex
 *   soft-restart CPU       the stub's HVC_SOFT_RESTART with x1 = the
 *                          physical address of hostile-payload.S; result
 *                          as for hvc (x0 = HOSTILE_RAN_AT_EL2 if the
 *                          payload ran at EL2)
 *   page                   allocate a page (0xa5 bytes) the module keeps
 *                          until unload; result "PA"
 *   pages ORDER            the same for 2^ORDER contiguous pages (up to
 *                          order 4); result "PA" of the first
 *   mark CPU A B           HVX_HC_VERSION on CPU with x5-x17 = A ^ B, a
 *                          value that exists nowhere but in those registers
 *                          and where EL2 saves them (its stack)
 *   scan A B               look for A ^ B in every page of RAM but the
 *                          scanning task's stack; result "N PA" (N hits,
 *                          the first at PA)
 *   fuzz-start             set the host-call fuzzer up (hostile-fuzz.c)
 *   fuzz N SEED [SECS]     N random host calls (SEED in hex), on the CPUs
 *                          the writing task runs on; several at once;
 *                          fewer if SECS seconds pass first
 *   fuzz-end               take back all the fuzzer's calls did; result
 *                          "calls succeeded vms-left pages-left": EL2's
 *                          ownership counters must be back (pages-left 0)
 *   contend X0 N MS        N host calls X0 (in hex; x1-x4 zero) on the
 *                          CPUs the writing task runs on; several at
 *                          once (EL2's locks under contention); fails if
 *                          a call does, or with ETIMEDOUT once MS ms have
 *                          passed (by the counter: no timer interrupt
 *                          needed)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mmzone.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/stdarg.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/cacheflush.h>
#include <asm/virt.h>

#include "hvx-hyp.h"
#include "hostile.h"

#define CMD_MAX		160

struct scratch_page {
	struct list_head node;
	struct page *page;
	unsigned int order;
};

#define PAGES_MAX_ORDER	4

static DEFINE_MUTEX(cmd_lock);
static char result[CMD_MAX];
static LIST_HEAD(scratch_pages);
static struct dentry *dir;

void hostile_hvc(struct hostile_regs *r)
{
	register u64 x0 asm("x0") = r->x[0];
	register u64 x1 asm("x1") = r->x[1];
	register u64 x2 asm("x2") = r->x[2];
	register u64 x3 asm("x3") = r->x[3];
	register u64 x4 asm("x4") = r->x[4];
	register u64 x5 asm("x5") = r->x[5];
	register u64 x6 asm("x6") = r->x[6];

	/* Whatever EL2 does, x5-x17 are the caller's to lose (SMCCC). */
	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
		       "+r"(x5), "+r"(x6)
		     : : "x7", "x8", "x9", "x10", "x11", "x12",
		       "x13", "x14", "x15", "x16", "x17", "memory");
	r->x[0] = x0;
	r->x[1] = x1;
	r->x[2] = x2;
	r->x[3] = x3;
	r->x[4] = x4;
}

static void do_hvc(void *arg)
{
	hostile_hvc(arg);
}

void hostile_set_result(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(result, sizeof(result), fmt, ap);
	va_end(ap);
}

/* @fn(@arg) on @cpu, if it is online. */
static int on_cpu(unsigned int cpu, smp_call_func_t fn, void *arg)
{
	int ret;

	cpus_read_lock();
	ret = cpu_online(cpu) ? smp_call_function_single(cpu, fn, arg, 1) :
				-ENODEV;
	cpus_read_unlock();
	return ret;
}

static int hvc_on(unsigned int cpu, struct hostile_regs *r)
{
	int ret = on_cpu(cpu, do_hvc, r);

	if (!ret)
		snprintf(result, sizeof(result), "%llx %llx %llx %llx %llx",
			 r->x[0], r->x[1], r->x[2], r->x[3], r->x[4]);
	return ret;
}

/* The payload runs with the EL2 MMU off: from memory, not the caches. */
static phys_addr_t payload_pa(void)
{
	unsigned long va = (unsigned long)hvx_hostile_payload;
	u64 line;

	for (line = va & ~63UL; line < va + 64; line += 64)
		asm volatile("dc civac, %0" : : "r"(line) : "memory");
	dsb(sy);
	asm volatile("ic iallu" : : : "memory");
	dsb(sy);
	isb();
	return page_to_phys(vmalloc_to_page((void *)va)) + offset_in_page(va);
}

/* The mark is made in the asm block: it never sits in a C variable. */
static void do_mark(void *arg)
{
	const u64 *ab = arg;

	register u64 x0 asm("x0") = HVX_HC_VERSION;

	asm volatile("eor x5, %1, %2\n"
		     ".irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17\n"
		     "mov x\\n, x5\n"
		     ".endr\n"
		     "hvc #0\n"
		     ".irp n, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17\n"
		     "mov x\\n, xzr\n"
		     ".endr\n"
		     : "+r"(x0)
		     : "r"(ab[0]), "r"(ab[1])
		     : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		       "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "memory");
}

static bool in_own_stack(unsigned long pfn)
{
	void *stack = task_stack_page(current);
	unsigned long off;

	for (off = 0; off < THREAD_SIZE; off += PAGE_SIZE)
		if (page_to_pfn(vmalloc_to_page(stack + off)) == pfn)
			return true;
	return false;
}

struct scan {
	u64 a, b;	/* looking for a ^ b */
	u64 hits, first;
	u64 *buf;
};

static void scan_node(int nid, struct scan *sc)
{
	unsigned long pfn;
	unsigned int i;

	for (pfn = node_start_pfn(nid); pfn < node_end_pfn(nid); pfn++) {
		if (!pfn_valid(pfn) || in_own_stack(pfn) ||
		    copy_from_kernel_nofault(sc->buf, pfn_to_kaddr(pfn),
					     PAGE_SIZE))
			continue;
		for (i = 0; i < PAGE_SIZE / sizeof(u64); i++) {
			if ((sc->buf[i] ^ sc->a) != sc->b)
				continue;
			if (!sc->hits++)
				sc->first = PFN_PHYS(pfn) + i * sizeof(u64);
		}
		cond_resched();
	}
}

static int cmd_scan(u64 a, u64 b)
{
	struct scan sc = { .a = a, .b = b };
	int nid;

	sc.buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!sc.buf)
		return -ENOMEM;
	for_each_online_node(nid)
		scan_node(nid, &sc);
	kfree(sc.buf);
	snprintf(result, sizeof(result), "%llu %llx", sc.hits, sc.first);
	return 0;
}

static int cmd_page(unsigned int order)
{
	struct scratch_page *s;

	if (order > PAGES_MAX_ORDER)
		return -EINVAL;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->page = alloc_pages(GFP_KERNEL, order);
	if (!s->page) {
		kfree(s);
		return -ENOMEM;
	}
	s->order = order;
	memset(page_address(s->page), 0xa5, PAGE_SIZE << order);
	list_add(&s->node, &scratch_pages);
	snprintf(result, sizeof(result), "%llx",
		 (u64)page_to_phys(s->page));
	return 0;
}

static int run_cmd(char *line)
{
	struct hostile_regs r = {};
	unsigned int cpu;
	u64 ab[2];
	int n;

	if (!strcmp(line, "page"))
		return cmd_page(0);
	if (sscanf(line, "pages %u", &cpu) == 1)
		return cmd_page(cpu);
	n = sscanf(line, "soft-restart %u", &cpu);
	if (n == 1) {
		r.x[0] = HVC_SOFT_RESTART;
		r.x[1] = payload_pa();
		return hvc_on(cpu, &r);
	}
	n = sscanf(line, "mark %u %llx %llx", &cpu, &ab[0], &ab[1]);
	if (n == 3)
		return on_cpu(cpu, do_mark, ab);
	if (sscanf(line, "scan %llx %llx", &ab[0], &ab[1]) == 2)
		return cmd_scan(ab[0], ab[1]);
	if (!strcmp(line, "fuzz-start"))
		return hostile_fuzz_start();
	if (!strcmp(line, "fuzz-end"))
		return hostile_fuzz_end();
	n = sscanf(line, "hvc %u %llx %llx %llx %llx %llx %llx %llx", &cpu,
		   &r.x[0], &r.x[1], &r.x[2], &r.x[3], &r.x[4], &r.x[5],
		   &r.x[6]);
	if (n >= 2)
		return hvc_on(cpu, &r);
	return -EINVAL;
}

/* contend X0 N MS: see the top of this file. */
static int cmd_contend(u64 x0, u64 n, u64 ms)
{
	u64 end = ktime_get_ns() + ms * NSEC_PER_MSEC;
	struct hostile_regs r;
	u64 i;

	for (i = 0; i < n; i++) {
		r = (struct hostile_regs){ .x = { x0 } };
		preempt_disable();
		hostile_hvc(&r);
		preempt_enable();
		if (r.x[0])
			return -EIO;
		if (!(i % 64)) {
			cond_resched();
			if (fatal_signal_pending(current))
				return -EINTR;
			if (ktime_get_ns() > end)
				return -ETIMEDOUT;
		}
	}
	return 0;
}

static ssize_t cmd_write(struct file *f, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	char line[CMD_MAX];
	u64 n, seed, limit, x0;
	int ret;

	if (len >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, len))
		return -EFAULT;
	line[len] = '\0';
	strim(line);
	/* These run side by side on several CPUs, outside the lock. */
	limit = 0;
	if (sscanf(line, "fuzz %llu %llx %llu", &n, &seed, &limit) >= 2)
		return hostile_fuzz(n, seed, limit) ?: len;
	if (sscanf(line, "contend %llx %llu %llu", &x0, &n, &limit) == 3)
		return cmd_contend(x0, n, limit) ?: len;
	mutex_lock(&cmd_lock);
	result[0] = '\0';
	ret = run_cmd(line);
	mutex_unlock(&cmd_lock);
	return ret ? ret : len;
}

static ssize_t cmd_read(struct file *f, char __user *ubuf, size_t len,
			loff_t *ppos)
{
	char buf[CMD_MAX + 1];
	int n;

	mutex_lock(&cmd_lock);
	n = scnprintf(buf, sizeof(buf), "%s\n", result);
	mutex_unlock(&cmd_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations cmd_fops = {
	.owner = THIS_MODULE,
	.write = cmd_write,
	.read = cmd_read,
	.llseek = default_llseek,
};

static int __init hostile_init(void)
{
	dir = debugfs_create_dir("hvx_hostile", NULL);
	debugfs_create_file("cmd", 0600, dir, NULL, &cmd_fops);
	pr_warn("loaded: a test module that attacks hvx; never use it outside tests\n");
	return 0;
}

static void __exit hostile_exit(void)
{
	struct scratch_page *s, *tmp;

	debugfs_remove_recursive(dir);
	list_for_each_entry_safe(s, tmp, &scratch_pages, node) {
		__free_pages(s->page, s->order);
		kfree(s);
	}
}

module_init(hostile_init);
module_exit(hostile_exit);

MODULE_DESCRIPTION("hvx test module: a hostile host kernel");
MODULE_LICENSE("GPL");
