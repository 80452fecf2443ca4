// SPDX-License-Identifier: GPL-2.0
/*
 * aml-res.c - resource descriptors for _CRS buffers (ACPI 6.3, 6.4).
 */
#include "aml.h"
#include "model.h"

/* Large resource item tags and their fixed body lengths. */
#define RES_TAG_MEM32_FIXED	0x86
#define RES_LEN_MEM32_FIXED	9
#define RES_TAG_DWORD_ADDR	0x87
#define RES_LEN_DWORD_ADDR	23
#define RES_TAG_WORD_ADDR	0x88
#define RES_LEN_WORD_ADDR	13
#define RES_TAG_EXT_IRQ		0x89
#define RES_TAG_QWORD_ADDR	0x8a
#define RES_LEN_QWORD_ADDR	43
/* Small item: End Tag, with a zero checksum meaning "not checked". */
#define RES_TAG_END		0x79

/* Address space descriptor resource types. */
#define RES_TYPE_MEM		0
#define RES_TYPE_IO		1
#define RES_TYPE_BUS		2

/* Extended interrupt descriptor flags. */
#define RES_IRQ_CONSUMER	(1u << 0)
#define RES_IRQ_EDGE		(1u << 1)
#define RES_IRQ_ACTIVE_LOW	(1u << 2)
/* Interrupts one Extended Interrupt descriptor holds (8-bit count). */
#define RES_IRQ_MAX_COUNT	255

#define RES_U32_MAX		0xffffffffull

void res_qword_mem(struct ag_buf *b, u8 gflags, u8 mflags, u64 min, u64 len,
		   u64 translation)
{
	ag_buf_u8(b, RES_TAG_QWORD_ADDR);
	ag_buf_u16(b, RES_LEN_QWORD_ADDR);
	ag_buf_u8(b, RES_TYPE_MEM);
	ag_buf_u8(b, gflags);
	ag_buf_u8(b, mflags);
	ag_buf_u64(b, 0);		/* granularity */
	ag_buf_u64(b, min);
	ag_buf_u64(b, min + len - 1);
	ag_buf_u64(b, translation);
	ag_buf_u64(b, len);
}

void res_qword_io(struct ag_buf *b, u8 gflags, u64 min, u64 len,
		  u64 translation)
{
	ag_buf_u8(b, RES_TAG_QWORD_ADDR);
	ag_buf_u16(b, RES_LEN_QWORD_ADDR);
	ag_buf_u8(b, RES_TYPE_IO);
	ag_buf_u8(b, gflags);
	ag_buf_u8(b, RES_IO_ENTIRE_RANGE);
	ag_buf_u64(b, 0);
	ag_buf_u64(b, min);
	ag_buf_u64(b, min + len - 1);
	ag_buf_u64(b, translation);
	ag_buf_u64(b, len);
}

static void res_dword_addr(struct ag_buf *b, u8 type, u8 gflags, u8 tflags,
			   u32 min, u32 len, u32 translation)
{
	ag_buf_u8(b, RES_TAG_DWORD_ADDR);
	ag_buf_u16(b, RES_LEN_DWORD_ADDR);
	ag_buf_u8(b, type);
	ag_buf_u8(b, gflags);
	ag_buf_u8(b, tflags);
	ag_buf_u32(b, 0);
	ag_buf_u32(b, min);
	ag_buf_u32(b, min + len - 1);
	ag_buf_u32(b, translation);
	ag_buf_u32(b, len);
}

void res_dword_mem(struct ag_buf *b, u8 gflags, u8 mflags, u32 min, u32 len,
		   u32 translation)
{
	res_dword_addr(b, RES_TYPE_MEM, gflags, mflags, min, len, translation);
}

void res_dword_io(struct ag_buf *b, u8 gflags, u32 min, u32 len,
		  u32 translation)
{
	res_dword_addr(b, RES_TYPE_IO, gflags, RES_IO_ENTIRE_RANGE, min, len,
		       translation);
}

void res_word_bus(struct ag_buf *b, u16 start, u16 end)
{
	ag_buf_u8(b, RES_TAG_WORD_ADDR);
	ag_buf_u16(b, RES_LEN_WORD_ADDR);
	ag_buf_u8(b, RES_TYPE_BUS);
	ag_buf_u8(b, RES_FLAG_MIN_FIXED | RES_FLAG_MAX_FIXED);
	ag_buf_u8(b, 0);
	ag_buf_u16(b, 0);
	ag_buf_u16(b, start);
	ag_buf_u16(b, end);
	ag_buf_u16(b, 0);
	ag_buf_u16(b, end - start + 1);
}

/* A device's MMIO region: Memory32Fixed when it fits, else QWordMemory. */
void res_memory(struct ag_buf *b, u64 base, u64 len)
{
	if (len && base <= RES_U32_MAX && len <= RES_U32_MAX &&
	    base + len - 1 <= RES_U32_MAX) {
		ag_buf_u8(b, RES_TAG_MEM32_FIXED);
		ag_buf_u16(b, RES_LEN_MEM32_FIXED);
		ag_buf_u8(b, RES_MEM_RW);
		ag_buf_u32(b, base);
		ag_buf_u32(b, len);
		return;
	}
	res_qword_mem(b, RES_FLAG_CONSUMER | RES_FLAG_MIN_FIXED |
		      RES_FLAG_MAX_FIXED, RES_MEM_NONCACHEABLE | RES_MEM_RW,
		      base, len, 0);
}

/*
 * Extended Interrupt descriptors for @n interrupts in order: each holds
 * a run of up to 255 interrupts with the same trigger and polarity, so a
 * long list takes several.  The OS numbers interrupts across descriptors
 * in order, which keeps the DT's indices.
 */
void res_interrupts(struct ag_buf *b, const struct ag_irq *irq, u32 n)
{
	u32 i, j, run;
	u8 f;

	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n && run < RES_IRQ_MAX_COUNT; run++)
			if (irq[i + run].flags != irq[i].flags)
				break;
		f = RES_IRQ_CONSUMER;
		if (irq[i].flags & AG_IRQ_EDGE)
			f |= RES_IRQ_EDGE;
		if (irq[i].flags & AG_IRQ_ACTIVE_LOW)
			f |= RES_IRQ_ACTIVE_LOW;
		ag_buf_u8(b, RES_TAG_EXT_IRQ);
		ag_buf_u16(b, 2 + 4 * run);	/* flags, count, DWords */
		ag_buf_u8(b, f);
		ag_buf_u8(b, run);
		for (j = 0; j < run; j++)
			ag_buf_u32(b, irq[i + j].gsi);
	}
}

void res_end(struct ag_buf *b)
{
	ag_buf_u8(b, RES_TAG_END);
	ag_buf_u8(b, 0);
}
