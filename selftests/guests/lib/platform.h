/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest platform hvx gives a test guest; it matches QEMU's -machine virt
 * so that the guests also run on plain QEMU. Used by C, assembly and the
 * linker script, so: plain numbers, no casts, no C.
 */
#ifndef GUEST_PLATFORM_H
#define GUEST_PLATFORM_H

/* Where RAM starts; its size comes from the DTB's /memory node. */
#define GUEST_RAM_BASE		0x40000000

/*
 * The Image header's text_offset. QEMU loads an Image whose text_offset is
 * below 2 MiB plus its own boot code at RAM base + 2 MiB + text_offset, so 0
 * would put the guest at 0x40200000 on QEMU; 0x80000 is loaded at RAM base +
 * 0x80000 by QEMU and by the booting.rst rule alike.
 */
#define GUEST_TEXT_OFFSET	0x80000
#define GUEST_LOAD_ADDR		(GUEST_RAM_BASE + GUEST_TEXT_OFFSET)

/* PL011 UART; guests only ever write its data register. */
#define GUEST_UART_BASE		0x09000000

/* vCPUs a guest can run (stacks are static, one per vCPU). */
#define GUEST_MAX_CPUS		8
#define GUEST_STACK_SIZE	0x4000

#endif /* GUEST_PLATFORM_H */
