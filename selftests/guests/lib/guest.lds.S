/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test guest layout: the Image header first, linked for GUEST_LOAD_ADDR
 * (RAM base + text_offset). image_size in the header covers .bss and the
 * stacks, so a loader keeps that much memory free after the image.
 */
#include "platform.h"

OUTPUT_ARCH(aarch64)
ENTRY(_head)

SECTIONS
{
	. = GUEST_LOAD_ADDR;
	.text : {
		KEEP(*(.head.text))
		*(.text .text.*)
	}
	.rodata : { *(.rodata .rodata.*) }
	.data : { *(.data .data.*) }
	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	_end = .;
	_image_size = _end - _head;

	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
