/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Link hvx's EL2 code as one position-independent image at address 0.
 * The host copies it to physically contiguous pages and applies the
 * R_AARCH64_RELATIVE relocations collected in .rela.dyn; EL2 then runs it
 * identity mapped. Code comes first, on its own pages, so that it can be
 * mapped read-only and executable and everything else non-executable.
 */
#include <asm/page-def.h>

OUTPUT_ARCH(aarch64)
ENTRY(__hvx_hyp_header)

PHDRS
{
	text PT_LOAD FLAGS(5);		/* R X */
	data PT_LOAD FLAGS(6);		/* R W */
}

SECTIONS
{
	. = 0;
	.hyp.header : { KEEP(*(.hyp.header)) } :text
	.text : ALIGN(8) {
		*(.text .text.*)
	}
	. = ALIGN(PAGE_SIZE);
	__hyp_text_end = .;

	.rodata : { *(.rodata .rodata.*) } :data
	.data.rel.ro : { *(.data.rel.ro .data.rel.ro.*) }
	.rela.dyn : ALIGN(8) {
		__hyp_rela_start = .;
		*(.rela .rela.*)
		__hyp_rela_end = .;
	}
	.data : ALIGN(8) { *(.data .data.*) }
	.got : ALIGN(8) { *(.got .got.plt) }
	.bss : ALIGN(16) { *(.bss .bss.*) *(COMMON) }
	. = ALIGN(PAGE_SIZE);
	__hyp_image_end = .;

	/DISCARD/ : {
		*(.interp .dynsym .dynstr .hash .gnu.hash .dynamic)
		*(.comment .note .note.* .eh_frame)
	}
}
