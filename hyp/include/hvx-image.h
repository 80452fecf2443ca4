/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvx's EL2 image as the host loads it: its header, what the host tells
 * EL2 about the machine (struct hvx_hyp_globals) and how each CPU's EL2 is
 * set up (struct hvx_init_params). Included from C on both sides and from
 * hyp/ assembly.
 *
 * The EL2 image runs identity mapped (VA == PA): it is linked at 0 as a
 * position-independent executable, and the host applies its
 * R_AARCH64_RELATIVE relocations when it copies it to physical pages.
 */
#ifndef __HVX_IMAGE_H
#define __HVX_IMAGE_H

#include <asm/page-def.h>

#define HVX_HYP_MAGIC		0x3130505948585648ULL	/* "HVXHYP01" */

/* Each CPU's EL2 stack, below its top (hvx_init_params.sp_el2). */
#define HVX_STACK_PAGES		2
#define HVX_STACK_SIZE		(HVX_STACK_PAGES << PAGE_SHIFT)

/* Possible CPUs EL2 knows the MPIDR of (PSCI CPU_ON targets). */
#define HVX_MAX_CPUS		256

/* RAM ranges the host can describe to EL2 (merged "System RAM"). */
#define HVX_MAX_RAM_RANGES	32
/* EFI runtime services code ranges the host can describe to EL2. */
#define HVX_MAX_FW_CODE_RANGES	32

#ifndef __ASSEMBLY__

#include <linux/types.h>

/*
 * At the start of the EL2 image. Offsets are from the image start, so the
 * header needs no relocation.
 */
struct hvx_hyp_header {
	u64 magic;		/* HVX_HYP_MAGIC */
	u64 image_size;		/* bytes to allocate, .bss included */
	u64 text_size;		/* [0, text_size) is code: mapped RX */
	u64 init_vectors;	/* vectors installed with HVC_SET_VECTORS */
	u64 host_vectors;	/* hvx's vectors once initialised */
	/* routine run by HVC_SOFT_RESTART to read the stub's VBAR_EL2 */
	u64 read_vbar;
	u64 rela_start;		/* R_AARCH64_RELATIVE relocations */
	u64 rela_end;
	u64 globals;		/* struct hvx_hyp_globals, filled by the host */
	/*
	 * EL2 entry of a CPU started by PSCI CPU_ON or resuming from a
	 * power-down CPU_SUSPEND through hvx (hyp/init.S): MMU off, x0 = PA
	 * of the CPU's struct hvx_hyp_cpu.
	 */
	u64 cpu_entry;
};

/* A physical address range [start, end), page aligned. */
struct hvx_mem_range {
	u64 start;
	u64 end;
};

/*
 * What EL2 needs to know about the machine, written by the host into the
 * loaded image before the first CPU is initialised, and never again: once
 * a CPU runs under hvx's stage 2 the image is out of the host's reach.
 */
struct hvx_hyp_globals {
	/* hvx's own memory: never mapped into the host's stage 2 */
	struct hvx_mem_range hyp_mem;
	/* the part of it that EL2's page allocator hands out */
	struct hvx_mem_range pool;
	/* the host's stage 2 */
	u64 vtcr_el2;
	u64 s2_root;		/* PA of the (concatenated) root table */
	u32 s2_start_level;
	u32 ipa_bits;
	/* host RAM: sorted, disjoint, page aligned */
	u32 nr_ram;
	u32 pad;
	struct hvx_mem_range ram[HVX_MAX_RAM_RANGES];
	/*
	 * Firmware code the host calls (EFI runtime services), outside RAM:
	 * executable at stage 2. Page aligned.
	 */
	u32 nr_fw_code;
	u32 pad3;
	struct hvx_mem_range fw_code[HVX_MAX_FW_CODE_RANGES];
	/*
	 * The host's CPUs, by logical number: MPIDR (affinity bits,
	 * INVALID_HWID when unknown) and PA of its struct hvx_hyp_cpu.
	 */
	u32 nr_cpus;
	u32 pad2;
	u64 cpu_mpidr[HVX_MAX_CPUS];
	u64 cpu_data[HVX_MAX_CPUS];
	/* EL2's fixmap (hyp-s1.h): PAs of its level-2 and level-3 tables */
	u64 fixmap_pmd;
	u64 fixmap_pte;
};

/* Read by the init code with the EL2 MMU off: cleaned to PoC by the host. */
struct hvx_init_params {
	u64 mair_el2;
	u64 tcr_el2;
	u64 ttbr0_el2;
	u64 sctlr_el2;
	u64 vbar_el2;		/* hvx's host vectors, installed at the end */
	u64 sp_el2;		/* top of this CPU's EL2 stack */
	u64 tpidr_el2;		/* this CPU's struct hvx_hyp_cpu */
	/*
	 * Copied into struct hvx_hyp_cpu by EL2: the parameters stay
	 * host memory (the host writes them for a CPU coming online while
	 * the others run under stage 2), the copy is hvx's.
	 */
	u64 stub_vbar;		/* the kernel stub's vectors */
	u64 panic_handler;	/* host (EL1) function an EL2 crash returns to */
};

#endif /* __ASSEMBLY__ */
#endif /* __HVX_IMAGE_H */
