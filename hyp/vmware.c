// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMware backdoor, enough of it for guest tools to see a
 * VMware-compatible hypervisor (open-vm-tools' vmcheck, Linux's vmwgfx
 * probing). On arm64 the guest loads the x86 registers' stand-ins, x0-x6
 * for EAX, EBX, ECX, EDX, ESI, EDI, EBP, tags x7[63:32] with 0x86 (w7
 * encodes the x86 I/O instruction, which hvx does not need: every command
 * here is a low-bandwidth IN), and calls through any of hvx's doors:
 * `mrs xzr, mdccsr_el0`, `brk #0x86` or `hvc #0x86` (guest-exit.c).
 *
 * A call: w0 = BDOOR_MAGIC, w3[15:0] = the low-bandwidth port (the OUT
 * direction flag, bit 1, tolerated: Linux's vmwgfx sets it; the high half
 * of w3 carries a channel id and is ignored), w2[15:0] = the command. The
 * x86 ABI writes 32-bit registers: results are zero-extended into x0-x3,
 * the registers a command does not produce are untouched. Bad magic or an
 * unknown command: EAX = 0xFFFFFFFF and nothing else, as QEMU's vmport
 * answers ("unsupported"), which guests check. The high-bandwidth port
 * (0x5659) is refused the same way, with EBX[31:16], its status, cleared
 * (the caller preloads SUCCESS there): hvx never offers high bandwidth
 * (MESSAGE_STATUS_HB), so the tools only use it after a host that did.
 *
 * Commands:
 *   GETMHZ (1)         EAX = counter frequency in MHz, rounded
 *   GETVERSION (10)    EAX = 6 (VERSION_MAGIC), EBX = magic, ECX = 2 (ESX)
 *   GETHZ (45)         EAX:EBX = counter frequency in Hz, ECX = the timer's
 *   GET_VCPU_INFO (68) EAX = 0: implemented (bit 31 clear), none of the
 *                      x86 properties it reports
 *   GETTIME (23), GETTIMEFULL (46), GETTIMEFULL_WITH_LAG (55), MESSAGE (30):
 *                      the host's (HVX_VCPU_EXIT_VMWARE, host/vmware.c):
 *                      its wall clock, its RPC channels
 * The frequency is the one the guest's physical counter runs at
 * (clock.c). A VM's backdoor may be off (HVX_HC_VM_SET_VMWARE): then
 * guest-exit.c does not come here.
 */
#include <linux/bits.h>

#include "hyp/switch.h"

#define BDOOR_MAGIC		0x564D5868U
#define BDOOR_PORT		0x5658U
#define BDOOR_PORT_HB		0x5659U
#define BDOOR_HB_STATUS		GENMASK(31, 16)	/* in EBX, of an HB call */
#define BDOOR_PORT_MASK		0xFFFFU
#define BDOOR_FLAG_WRITE	0x2U	/* in the port: the OUT direction */
#define BDOOR_CMD_MASK		0xFFFFU

#define BDOOR_CMD_GETMHZ	1
#define BDOOR_CMD_GETVERSION	10
#define BDOOR_CMD_GETTIME	23
#define BDOOR_CMD_MESSAGE	30
#define BDOOR_CMD_GETHZ		45
#define BDOOR_CMD_GETTIMEFULL	46
#define BDOOR_CMD_GETTIMEFULL_LAG 55
#define BDOOR_CMD_GET_VCPU_INFO	68

#define BDOOR_VERSION		6	/* open-vm-tools' VERSION_MAGIC */
#define BDOOR_TYPE_ESX		2	/* VMX_TYPE_SCALABLE_SERVER */
#define BDOOR_UNSUPPORTED	0xFFFFFFFFU

#define HZ_PER_MHZ		1000000U

bool hvx_vmware_call(struct hvx_hyp_vcpu *vcpu)
{
	u64 *x = vcpu->ctx.x;
	u64 freq = hvx_clock_freq(&vcpu->vm->clock);
	u32 port = (u32)x[3] & BDOOR_PORT_MASK & ~BDOOR_FLAG_WRITE;

	vcpu->stats[HVX_VM_STAT_CALLS_VMWARE]++;
	if ((u32)x[0] != BDOOR_MAGIC || port != BDOOR_PORT) {
		if (port == BDOOR_PORT_HB)
			x[1] = (u32)x[1] & ~BDOOR_HB_STATUS;
		x[0] = BDOOR_UNSUPPORTED;
		return true;
	}
	switch ((u32)x[2] & BDOOR_CMD_MASK) {
	case BDOOR_CMD_GETMHZ:
		x[0] = (u32)((freq + HZ_PER_MHZ / 2) / HZ_PER_MHZ);
		break;
	case BDOOR_CMD_GETVERSION:
		x[0] = BDOOR_VERSION;
		x[1] = BDOOR_MAGIC;
		x[2] = BDOOR_TYPE_ESX;
		break;
	case BDOOR_CMD_GETHZ:
		x[0] = (u32)freq;
		x[1] = (u32)(freq >> 32);
		x[2] = (u32)freq;
		break;
	case BDOOR_CMD_GET_VCPU_INFO:
		x[0] = 0;
		break;
	case BDOOR_CMD_GETTIME:
	case BDOOR_CMD_MESSAGE:
	case BDOOR_CMD_GETTIMEFULL:
	case BDOOR_CMD_GETTIMEFULL_LAG:
		return false;
	default:
		x[0] = BDOOR_UNSUPPORTED;
		break;
	}
	return true;
}
