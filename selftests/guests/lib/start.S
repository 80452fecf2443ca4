/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of every test guest: the arm64 Image header (booting.rst), the boot
 * vCPU's start and the secondary vCPUs' start (PSCI CPU_ON).
 *
 * Entered at EL1 with the MMU off, x0 = the DTB's address (boot vCPU) or
 * the CPU_ON context id (secondary vCPUs). The image is linked for
 * GUEST_LOAD_ADDR; the code is PC-relative, but C data holding addresses
 * is not, so a guest loaded elsewhere says so and powers off.
 */
#include "arch.h"
#include "exception.h"
#include "platform.h"
#include "psci.h"

	.section .head.text, "ax"
	.globl	_head
_head:
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
	.quad	GUEST_TEXT_OFFSET		/* text_offset */
	.quad	_image_size			/* image_size: up to _end */
	.quad	IMAGE_FLAGS			/* flags */
	.quad	0				/* res2 */
	.quad	0				/* res3 */
	.quad	0				/* res4 */
	.long	IMAGE_MAGIC			/* magic, at IMAGE_MAGIC_OFFSET */
	.long	0				/* res5: no PE/COFF header */

	.text
/* Known EL1 state: exceptions masked, MMU off, our vectors. */
.macro	cpu_setup
	msr	daifset, #DAIF_ALL
	ldr	x9, =SCTLR_EL1_GUEST
	msr	sctlr_el1, x9
	adr	x9, guest_vectors
	msr	vbar_el1, x9
	isb
.endm

primary_entry:
	mov	x19, x0				/* the DTB */
	cpu_setup

	adr	x1, _head			/* where we run */
	ldr	x2, =_head			/* where we are linked */
	cmp	x1, x2
	b.ne	wrong_address

	/* .bss is not in the image: clear it (8-byte aligned, lds) */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:
	mov	x0, #0
	bl	set_stack
	mov	x0, x19
	bl	guest_boot			/* does not return */
	b	guest_park

	.globl	secondary_entry
secondary_entry:
	mov	x19, x0				/* context id: the vCPU index */
	cpu_setup
	cmp	x19, #GUEST_MAX_CPUS
	b.hs	guest_park			/* no stack for it */
	mov	x0, x19
	bl	set_stack
	mov	x0, x19
	bl	guest_secondary_boot		/* does not return */
	b	guest_park

/* sp = top of vCPU x0's stack; clobbers x9, x10 */
set_stack:
	adrp	x9, guest_stacks
	add	x9, x9, :lo12:guest_stacks
	add	x10, x0, #1
	mov	x0, #GUEST_STACK_SIZE
	madd	x9, x10, x0, x9
	mov	sp, x9
	ret

	.globl	guest_park
guest_park:
	msr	daifset, #DAIF_ALL
1:	wfi
	b	1b

/*
 * Loaded at another address than linked for: print a line with
 * PC-relative code only (no stack, no C) and power off.
 */
wrong_address:
	adr	x1, wrong_address_msg
	mov	x2, #GUEST_UART_BASE
1:	ldrb	w3, [x1], #1
	cbz	w3, 2f
	str	w3, [x2]			/* UARTDR */
	b	1b
2:	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
	b	guest_park

	.section .rodata
wrong_address_msg:
	.ascii	"hvx-guest: error: image not loaded at its link address "
	.asciz	"(RAM base + text_offset)\r\n"

	.bss
	.balign	16
guest_stacks:
	.skip	GUEST_MAX_CPUS * GUEST_STACK_SIZE
