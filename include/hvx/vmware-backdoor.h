/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMware backdoor as a guest calls it on arm64 (open-vm-tools'
 * lib/include/backdoor_def.h, guest_msg_def.h; tools/vmware-guest/
 * PROTOCOL.md), for hvx's own guests: the vmware-rpc test guest and
 * hvx-vmw-bench in the Linux guest. x0-x5 stand for EAX, EBX, ECX, EDX,
 * ESI, EDI; x7 says which x86 instruction the call stands for.
 */
#ifndef HVX_VMWARE_BACKDOOR_H
#define HVX_VMWARE_BACKDOOR_H

#define VMW_MAGIC		0x564d5868UL
#define VMW_PORT		0x5658UL	/* low bandwidth */
#define VMW_PORT_HB		0x5659UL	/* high bandwidth */
#define VMW_X7_IN		(0x86UL << 32 | 0xe)	/* IN EAX, DX */
#define VMW_X7_HB_OUT		(0x86UL << 32 | 0x18)	/* REP OUTSB */
#define VMW_NONE		0xffffffffUL	/* "unsupported" */

#define VMW_CMD_GETVERSION	10
#define VMW_CMD_GETTIME		23
#define VMW_CMD_MESSAGE		30
#define VMW_CMD_GETTIMEFULL	46
#define VMW_CMD_GETTIMEFULL_LAG	55

/* MESSAGE: the type in ECX[31:16], the channel in EDX[31:16] */
#define VMW_MSG_OPEN		0
#define VMW_MSG_SENDSIZE	1
#define VMW_MSG_SENDPAYLOAD	2
#define VMW_MSG_RECVSIZE	3
#define VMW_MSG_RECVPAYLOAD	4
#define VMW_MSG_RECVSTATUS	5
#define VMW_MSG_CLOSE		6
/* ... and the status out there */
#define VMW_ST_SUCCESS		0x1
#define VMW_ST_DORECV		0x2
#define VMW_ST_HB		0x80
/* OPEN's EBX: the protocol, and whether the channel has a cookie */
#define VMW_PROTO_RPCI		0x49435052UL
#define VMW_PROTO_TCLO		0x4f4c4354UL
#define VMW_FLAG_COOKIE		0x80000000UL

/* One call through MRS MDCCSR_EL0 with x7 = @x7: r[0..5] in and out. */
static inline void vmw_backdoor(unsigned long *r, unsigned long x7)
{
	register unsigned long x0 asm("x0") = r[0];
	register unsigned long x1 asm("x1") = r[1];
	register unsigned long x2 asm("x2") = r[2];
	register unsigned long x3 asm("x3") = r[3];
	register unsigned long x4 asm("x4") = r[4];
	register unsigned long x5 asm("x5") = r[5];
	register unsigned long x7r asm("x7") = x7;

	asm volatile("mrs xzr, mdccsr_el0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3),
		       "+r" (x4), "+r" (x5) : "r" (x7r) : "memory");
	r[0] = x0;
	r[1] = x1;
	r[2] = x2;
	r[3] = x3;
	r[4] = x4;
	r[5] = x5;
}

#endif /* HVX_VMWARE_BACKDOOR_H */
