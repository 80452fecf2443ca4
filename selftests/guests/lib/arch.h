/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AArch64 register fields the guests use (Arm ARM names). Plain numbers so
 * that assembly can use them too.
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#ifdef __ASSEMBLY__
#define BIT(n)			(1 << (n))
#else
#define BIT(n)			(1UL << (n))
#endif

/* The arm64 Image header (Documentation/arm64/booting.rst). */
#define IMAGE_MAGIC		0x644d5241	/* "ARM\x64", little endian */
#define IMAGE_MAGIC_OFFSET	0x38
/* flags: little endian, page size unspecified, placed near the RAM base */
#define IMAGE_FLAGS		0

/*
 * SCTLR_EL1 with the MMU and caches off: the RES1 bits (LSMAOE, nTLSMD,
 * EIS, TSCXT, EOS as Linux's INIT_SCTLR_EL1_MMU_OFF has them) and SA, so a
 * misaligned stack faults at once instead of corrupting something later.
 */
#define SCTLR_EL1_SA		BIT(3)
#define SCTLR_EL1_EOS		BIT(11)
#define SCTLR_EL1_TSCXT		BIT(20)
#define SCTLR_EL1_EIS		BIT(22)
#define SCTLR_EL1_NTLSMD	BIT(28)
#define SCTLR_EL1_LSMAOE	BIT(29)
#define SCTLR_EL1_GUEST		(SCTLR_EL1_LSMAOE | SCTLR_EL1_NTLSMD | \
				 SCTLR_EL1_EIS | SCTLR_EL1_TSCXT | \
				 SCTLR_EL1_EOS | SCTLR_EL1_SA)

/* DAIFSet/DAIFClr immediate: D, A, I, F */
#define DAIF_ALL		0xf

/* CurrentEL.EL is bits [3:2] */
#define CURRENTEL_SHIFT		2

/* MPIDR_EL1 affinity fields: Aff3 [39:32], Aff2..Aff0 [23:0] */
#define MPIDR_AFF_MASK		0xff00ffffffUL

/* ESR_ELx */
#define ESR_EC_SHIFT		26
#define ESR_EC_MASK		0x3f
#define ESR_IL			BIT(25)
#define ESR_ISS_MASK		0x1ffffff
#define ESR_DABT_ISV		BIT(24)
#define ESR_DABT_WNR		BIT(6)
#define ESR_FSC_MASK		0x3f
#define ESR_FSC_EXTABT		0x10	/* synchronous external abort */

/* ESR_ELx.EC values */
#define EC_UNKNOWN		0x00	/* includes UNDEFINED instructions */
#define EC_SVC64		0x15
#define EC_HVC64		0x16
#define EC_SYS64		0x18
#define EC_IABT_LOW		0x20
#define EC_IABT_CUR		0x21
#define EC_PC_ALIGN		0x22
#define EC_DABT_LOW		0x24
#define EC_DABT_CUR		0x25
#define EC_SP_ALIGN		0x26
#define EC_SERROR		0x2f
#define EC_SOFTSTP_LOW		0x32	/* software step, from EL0 */
#define EC_BRK64		0x3c

/* A64 instructions are 4 bytes; ELR_EL1 += 4 skips one. */
#define A64_INSN_SIZE		4

#endif /* GUEST_ARCH_H */
