// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building what hvx's EL2 code runs with, before any CPU is taken: hvx's
 * memory (pool_pages pages, physically contiguous), carved into the
 * stage-2 root, the EL2 image, the per-CPU areas and EL2's page pool; the
 * EL2 stage-1 map of all that, and the tables of EL2's fixmap; the
 * per-CPU init parameters, which stay host memory (EL2 reads them with
 * its MMU off only); and the globals EL2 reads (RAM ranges, stage-2
 * geometry, where its memory, pool and fixmap tables are). EL2 maps
 * nothing else of host RAM until the host gives it pages (hyp/s1.c).
 *
 * Nothing here is written again once a CPU runs under stage 2, except the
 * init parameters: the host fills a CPU's when it comes online.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>

#include "hvx.h"
#include "hyp-s1.h"

static unsigned int pool_pages = 1024;	/* 4 MiB */
module_param(pool_pages, uint, 0444);
MODULE_PARM_DESC(pool_pages,
		 "pages of physically contiguous memory hvx takes for EL2 (image, stacks, page tables, page pool); default 1024");

/*
 * EL2's pool must hold at least the host stage-2 tables for one fault
 * (three below the root) with room to spare; when it runs dry EL2 drops
 * the whole stage 2 and starts over, which must then succeed.
 */
#define HVX_POOL_MIN_PAGES	16

/* Per CPU: struct hvx_hyp_cpu, an unmapped guard page, then the stack. */
#define HVX_AREA_PAGES		(2 + HVX_STACK_PAGES)

struct hvx_hyp hvx_hyp;

static int setup_cpu_areas(void)
{
	unsigned int cpu;
	int ret;

	for_each_possible_cpu(cpu) {
		void *va = hvx_hyp_mem_carve(&hvx_hyp.mem, HVX_AREA_PAGES, 1);
		phys_addr_t pa, stack;

		if (!va)
			return -ENOMEM;
		pa = hvx_hyp_mem_pa(&hvx_hyp.mem, va);
		stack = pa + 2 * PAGE_SIZE;
		ret = hvx_pgtable_map(&hvx_hyp.pgt, pa, PAGE_SIZE, HVX_PROT_RW);
		if (!ret)
			ret = hvx_pgtable_map(&hvx_hyp.pgt, stack,
					      HVX_STACK_PAGES * PAGE_SIZE,
					      HVX_PROT_RW);
		if (ret)
			return ret;
		hvx_hyp.cpu[cpu].data = pa;
		hvx_hyp.cpu[cpu].stack_top = stack + HVX_STACK_PAGES * PAGE_SIZE;
	}
	return 0;
}

/*
 * Host memory EL2 reads during a CPU's init, with its MMU off: not
 * mapped at EL2, not protected.
 */
static int setup_params(void)
{
	size_t size = PAGE_ALIGN(nr_cpu_ids * sizeof(*hvx_hyp.params));

	hvx_hyp.params = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
	if (!hvx_hyp.params)
		return -ENOMEM;
	hvx_hyp.params_size = size;
	return 0;
}

/*
 * What is left between bottom and top becomes EL2's pool. It is mapped
 * whole, first: the stage-1 tables this takes come from the top, inside
 * the range, so whatever remains after is mapped too.
 */
static int setup_pool(struct hvx_hyp_globals *g)
{
	struct hvx_hyp_mem *m = &hvx_hyp.mem;
	phys_addr_t start = m->pa + (m->bottom << PAGE_SHIFT);
	int ret;

	ret = hvx_pgtable_map(&hvx_hyp.pgt, start,
			      (m->nr_pages - m->bottom) << PAGE_SHIFT,
			      HVX_PROT_RW);
	if (ret)
		return ret;
	g->pool.start = start;
	g->pool.end = m->pa + ((m->nr_pages - m->top) << PAGE_SHIFT);
	if (g->pool.end < g->pool.start + HVX_POOL_MIN_PAGES * PAGE_SIZE)
		return -ENOMEM;
	g->hyp_mem.start = m->pa;
	g->hyp_mem.end = m->pa + (m->nr_pages << PAGE_SHIFT);
	return 0;
}

/*
 * EL2's fixmap (hyp-s1.h): its level-2 table, whose entry 0 points at the
 * level-3 table of page windows. Its addresses must be above host RAM,
 * which EL2 maps at the same addresses as it takes pages.
 */
static_assert(HVX_MAX_CPUS * HVX_FIXMAP_SLOTS <= HVX_S1_PTRS);
static_assert(1 + HVX_MAX_CPUS <= HVX_S1_PTRS);

static int setup_fixmap(struct hvx_hyp_globals *g)
{
	u64 *pmd, *pte;
	u32 i;

	for (i = 0; i < g->nr_ram; i++) {
		if (g->ram[i].end > HVX_FIXMAP_BASE) {
			pr_err("RAM at %#llx-%#llx reaches EL2's fixmap at %#llx\n",
			       g->ram[i].start, g->ram[i].end - 1,
			       HVX_FIXMAP_BASE);
			return -ERANGE;
		}
	}
	pte = hvx_pgtable_table(&hvx_hyp.pgt, HVX_FIXMAP_BASE,
				HVX_S1_LAST_LEVEL);
	pmd = hvx_pgtable_table(&hvx_hyp.pgt, HVX_FIXMAP_BASE,
				HVX_S1_LAST_LEVEL - 1);
	if (!pte || !pmd)
		return -ENOMEM;
	g->fixmap_pmd = virt_to_phys(pmd);
	g->fixmap_pte = virt_to_phys(pte);
	return 0;
}

static int setup(void)
{
	struct hvx_hyp_globals *g;
	int ret;

	ret = hvx_hyp_mem_alloc(&hvx_hyp.mem, pool_pages);
	if (ret)
		return ret;
	ret = hvx_pgtable_init(&hvx_hyp.pgt, &hvx_hyp.mem);
	if (ret)
		return ret;
	ret = hvx_hyp_image_load(&hvx_hyp.image, &hvx_hyp.pgt, &hvx_hyp.mem);
	if (ret)
		return ret;
	g = hvx_hyp_image_globals(&hvx_hyp.image);
	ret = hvx_collect_ram(g);
	if (!ret)
		ret = hvx_collect_efi_code(g);
	if (!ret)
		ret = hvx_stage2_setup(g, &hvx_hyp.mem, &hvx_hyp.pgt);
	if (!ret)
		ret = setup_cpu_areas();
	if (!ret)
		ret = setup_params();
	if (!ret)
		ret = setup_fixmap(g);
	/* Last: what is left of hvx's memory then is EL2's pool. */
	if (!ret)
		ret = setup_pool(g);
	return ret;
}

int hvx_hyp_setup(void)
{
	int ret = setup();

	if (ret == -ENOMEM && hvx_hyp.mem.va)
		pr_err("pool_pages=%u is too small for hvx's image, %u CPUs' stacks, its page tables and a pool of %u pages\n",
		       pool_pages, num_possible_cpus(), HVX_POOL_MIN_PAGES);
	if (ret)
		hvx_hyp_teardown();
	return ret;
}

/* Only once no CPU runs hvx any more. */
void hvx_hyp_teardown(void)
{
	if (hvx_hyp.params)
		free_pages_exact(hvx_hyp.params, hvx_hyp.params_size);
	hvx_pgtable_destroy(&hvx_hyp.pgt);
	hvx_hyp_mem_free(&hvx_hyp.mem);
	memset(&hvx_hyp, 0, sizeof(hvx_hyp));
}
