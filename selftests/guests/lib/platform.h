/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest platform hvx gives a test guest; it matches QEMU's -machine virt
 * so that the guests also run on plain QEMU. Where RAM and the devices are
 * is include/hvx/guest-platform.h, shared with hvxctl; this adds what only
 * the guests need. Used by C, assembly and the linker script, so: numbers
 * only, no C.
 */
#ifndef GUEST_PLATFORM_H
#define GUEST_PLATFORM_H

#include <hvx/guest-platform.h>

/*
 * The Image header's text_offset. QEMU loads an Image whose text_offset is
 * below 2 MiB plus its own boot code at RAM base + 2 MiB + text_offset, so 0
 * would put the guest at 0x40200000 on QEMU; 0x80000 is loaded at RAM base +
 * 0x80000 by QEMU and by the booting.rst rule alike.
 */
#define GUEST_TEXT_OFFSET	0x80000
#define GUEST_LOAD_ADDR		(GUEST_RAM_BASE + GUEST_TEXT_OFFSET)

/* vCPUs a guest can run (stacks are static, one per vCPU). */
#define GUEST_MAX_CPUS		8
#define GUEST_STACK_SIZE	0x4000

#endif /* GUEST_PLATFORM_H */
