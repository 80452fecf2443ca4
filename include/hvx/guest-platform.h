/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest platform: where hvxctl run, the tests' own VMMs and the
 * benchmarks put a guest's RAM and devices, and how they enter it; what
 * the test guests expect. QEMU -machine virt's layout, so that the guests
 * also run on plain QEMU, and Linux knows it. A contract between those
 * VMMs and their guests, not hvx.ko's ABI (uapi/linux/hvx.h takes any
 * addresses). Included by C, assembly and linker scripts: plain numbers
 * there, 64-bit (ULL) in C.
 */
#ifndef HVX_GUEST_PLATFORM_H
#define HVX_GUEST_PLATFORM_H

#if defined(__ASSEMBLER__) || defined(__ASSEMBLY__)
#define GUEST_PLAT_U64(x)	x
#else
#define GUEST_PLAT_U64(x)	x##ULL
#endif

/* Where RAM starts; its size is the VMM's choice (the DTB's /memory). */
#define GUEST_RAM_BASE		GUEST_PLAT_U64(0x40000000)

/*
 * The GICv3: the distributor (64 KiB), then one redistributor (RD_base
 * and SGI_base frames, HVX_GIC_REDIST_SIZE) per vCPU, in vCPU id order.
 */
#define GUEST_GICD_BASE		GUEST_PLAT_U64(0x08000000)
#define GUEST_GICR_BASE		GUEST_PLAT_U64(0x080a0000)

/* A PL011 UART (guests may only ever write its data register). */
#define GUEST_UART_BASE		GUEST_PLAT_U64(0x09000000)
#define GUEST_UART_SIZE		GUEST_PLAT_U64(0x1000)
#define GUEST_UART_SPI		1		/* its interrupt: INTID 33 */
#define GUEST_UART_CLOCK_HZ	24000000

/*
 * vCPU 0 enters the image at EL1h with D, A, I and F masked, as
 * Documentation/arm64/booting.rst asks (and a new hvx vCPU starts).
 */
#define GUEST_ENTRY_PSTATE	GUEST_PLAT_U64(0x3c5)

#endif /* HVX_GUEST_PLATFORM_H */
