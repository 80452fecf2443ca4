/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hvx ioctl ABI: /dev/hvx.
 *
 * This header is a contract between hvx.ko, hvxctl and the selftests.
 * Rules: every struct has a fixed size with explicit padding; every struct
 * passed in starts with a 'flags' word that must be zero until a flag is
 * defined (unknown bits get -EINVAL); reserved fields must be zero on input
 * and are zeroed on output. Additions bump HVX_API_VERSION; nothing already
 * here changes meaning.
 */
#ifndef _UAPI_LINUX_HVX_H
#define _UAPI_LINUX_HVX_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define HVX_API_VERSION		1

/* ioctl type: 0xB8 is unassigned in Documentation/userspace-api/ioctl. */
#define HVX_IOCTL_TYPE		0xB8

/* HVX_GET_VERSION */
struct hvx_version {
	__u32 flags;		/* in: must be 0 */
	__u32 api_version;	/* out: HVX_API_VERSION the module speaks */
	__u16 major;		/* out: module release */
	__u16 minor;
	__u16 patch;
	__u16 pad;
	__u32 hyp_version;	/* out: EL2 code version, (major << 16) | minor */
	__u32 pad2;
	__u64 features;		/* out: HVX_FEATURE_* bits */
	__u64 reserved[4];
};

/* Per-CPU state, as reported by HVX_GET_STATUS */
enum hvx_cpu_state {
	HVX_CPU_OFFLINE	= 0,	/* CPU not online */
	HVX_CPU_HYP	= 1,	/* online, EL2 owned by hvx */
	HVX_CPU_STUB	= 2,	/* online, EL2 still owned by the kernel's stub */
};

struct hvx_cpu_status {
	__u32 cpu;		/* logical CPU number */
	__u32 state;		/* enum hvx_cpu_state */
	__u64 mpidr;		/* MPIDR_EL1 affinity of the CPU */
	/* As read at EL2 by hvx on that CPU; zero unless state == HVX_CPU_HYP */
	__u64 current_el;	/* CurrentEL (8 at EL2) */
	__u64 vbar_el2;
	__u64 hcr_el2;		/* bit 0, VM: the host runs under hvx's stage 2 */
	__u64 sctlr_el2;
	__u64 reserved[2];
};

/* HVX_GET_STATUS: hvx state and one hvx_cpu_status per possible CPU */
struct hvx_status {
	__u32 flags;		/* in: must be 0 */
	/*
	 * in: entries 'cpus' has room for; out: number of possible CPUs
	 * (on -E2BIG too, so the caller can size its buffer)
	 */
	__u32 nr_cpus;
	__u64 cpus;		/* in: user pointer to hvx_cpu_status[nr_cpus] */
	__u32 nr_online;	/* out: CPUs online */
	__u32 nr_hyp;		/* out: CPUs running under hvx */
	__u64 reserved[4];
};

/* HVX_ACPI_GENERATE: device tree -> ACPI tables, by acpi-gen in hvx.ko */
#define HVX_ACPI_DTB_MAX	(4 * 1024 * 1024)	/* largest DTB accepted */
#define HVX_ACPI_MAP_MAX	(1024 * 1024)		/* largest mapping table */

/* One table in the output buffer: the buffer starts with nr_tables of these */
struct hvx_acpi_table {
	char signature[4];	/* "RSDP", "XSDT", "FACP", "DSDT", "APIC", ... */
	__u32 offset;		/* of the table, from the start of the buffer */
	__u32 length;		/* of the table, in bytes */
	__u32 pad;
};

struct hvx_acpi_gen {
	__u32 flags;		/* in: must be 0 */
	__u32 dtb_size;		/* in: bytes at dtb, at most HVX_ACPI_DTB_MAX */
	__u64 dtb;		/* in: user pointer to a flattened device tree */
	__u64 map;		/* in: user pointer to a mapping table, or 0 */
	__u32 map_size;		/* in: its size, at most HVX_ACPI_MAP_MAX */
	__u32 buf_size;		/* in: bytes of room at buf */
	__u64 buf;		/* in: user pointer; out: the index, then tables */
	__u32 out_size;		/* out: bytes written (or needed, on -E2BIG) */
	__u32 nr_tables;	/* out: entries in the index */
	char oem_id[8];		/* in: up to 6 characters; empty: "HVX" */
	/*
	 * out: on -EINVAL, what is wrong with the DTB (naming the node) or
	 * with the mapping table (naming the line)
	 */
	char error[128];
	__u64 reserved[4];
};

#define HVX_GET_VERSION		_IOWR(HVX_IOCTL_TYPE, 0x00, struct hvx_version)
#define HVX_GET_STATUS		_IOWR(HVX_IOCTL_TYPE, 0x01, struct hvx_status)
#define HVX_ACPI_GENERATE	_IOWR(HVX_IOCTL_TYPE, 0x02, struct hvx_acpi_gen)

#endif /* _UAPI_LINUX_HVX_H */
