// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMware backdoor calls EL2 leaves to the host (HVX_VCPU_EXIT_VMWARE,
 * hyp/vmware.c): those that need what only the host has.
 *
 *   GETTIME (23)               EAX = seconds (32 bits), EBX = microseconds,
 *                              ECX = the most the time may lag (us)
 *   GETTIMEFULL (46)           EAX = BDOOR_MAGIC, ESI:EDX = seconds (64
 *                              bits), EBX = microseconds, ECX = lag
 *   GETTIMEFULL_WITH_LAG (55)  as 46, and EDI = the guest's interrupt lag
 *                              (us): 0, hvx delivers its timer at once
 *   MESSAGE (30)               the RPC channels (vmware-rpc.c)
 *
 * The time is the host's wall clock (CLOCK_REALTIME) when the call is
 * answered, not the guest's counter scaled: the tools ask for the host's
 * time to set the guest's by it (timeSync, `vmware-toolbox-cmd stat
 * hosttime`), and only the host knows it, with its NTP corrections and
 * settimeofday()s. The calls are rare (timeSync: one a minute), so an exit
 * costs nothing that matters; keeping a copy at EL2 would need an update
 * from the host at every change of the clock. The lag, 1 s, is the
 * default of QEMU's vmport (its max-time-lag).
 *
 * HVX_VM_SET_VMWARE turns the VM's backdoor off at EL2 before it first
 * runs (HVX_HC_VM_SET_VMWARE).
 */
#include <linux/slab.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "vm.h"
#include "vmware.h"

#define BDOOR_MAGIC		0x564D5868U
#define BDOOR_CMD_MASK		0xFFFFU
#define BDOOR_CMD_GETTIME	23
#define BDOOR_CMD_MESSAGE	30
#define BDOOR_CMD_GETTIMEFULL	46
#define BDOOR_CMD_GETTIMEFULL_LAG 55
#define BDOOR_UNSUPPORTED	0xFFFFFFFFU
#define BDOOR_MAX_LAG_US	1000000U

/* The VM's VMware state, made at the first call that needs it; or NULL. */
static struct hvx_vmware *vmware_of(struct hvx_vm *vm)
{
	/* Pairs with the cmpxchg() below: the state as it was made. */
	struct hvx_vmware *vmw = smp_load_acquire(&vm->vmware), *old;

	if (vmw)
		return vmw;
	vmw = kvzalloc(sizeof(*vmw), GFP_KERNEL_ACCOUNT);
	if (!vmw)
		return NULL;
	mutex_init(&vmw->lock);
	/* Another vCPU may have made it first: then that one counts. */
	old = cmpxchg(&vm->vmware, NULL, vmw);
	if (old) {
		kvfree(vmw);
		return old;
	}
	return vmw;
}

static void host_time(u64 *x, u32 cmd)
{
	struct timespec64 ts;
	u64 secs;

	ktime_get_real_ts64(&ts);
	secs = ts.tv_sec;
	x[1] = (u32)(ts.tv_nsec / NSEC_PER_USEC);
	x[2] = BDOOR_MAX_LAG_US;
	if (cmd == BDOOR_CMD_GETTIME) {
		x[0] = (u32)secs;
		return;
	}
	x[0] = BDOOR_MAGIC;
	x[3] = (u32)secs;
	x[4] = (u32)(secs >> 32);
	if (cmd == BDOOR_CMD_GETTIMEFULL_LAG)
		x[5] = 0;
}

int hvx_vmware_exit(struct hvx_vcpu *vcpu)
{
	u64 *x = vcpu->state->x;
	u32 cmd = (u32)x[2] & BDOOR_CMD_MASK;
	struct hvx_vmware *vmw;

	switch (cmd) {
	case BDOOR_CMD_GETTIME:
	case BDOOR_CMD_GETTIMEFULL:
	case BDOOR_CMD_GETTIMEFULL_LAG:
		host_time(x, cmd);
		break;
	case BDOOR_CMD_MESSAGE:
		vmw = vmware_of(vcpu->vm);
		if (vmw) {
			hvx_vmware_message(vcpu->vm, vmw, x);
			break;
		}
		/* No status bit set: the guest sees the call fail. */
		x[2] = (u32)x[2] & BDOOR_CMD_MASK;
		break;
	default:
		x[0] = BDOOR_UNSUPPORTED;
		break;
	}
	return 1;
}

long hvx_vm_set_vmware(struct hvx_vm *vm, void __user *arg)
{
	struct hvx_vm_vmware v;
	struct hvx_hc_res res;
	bool off;
	int ret;

	if (copy_from_user(&v, arg, sizeof(v)))
		return -EFAULT;
	if (v.flags & ~HVX_VMWARE_OFF || v.pad ||
	    memchr_inv(v.reserved, 0, sizeof(v.reserved)))
		return -EINVAL;
	off = v.flags & HVX_VMWARE_OFF;
	/* vm->lock: 'started' holds still (EL2 checks it again). */
	mutex_lock(&vm->lock);
	if (vm->started) {
		ret = -EBUSY;
	} else {
		ret = hvx_hyp_call4(HVX_HC_VM_SET_VMWARE, vm->handle,
				    off ? 0 : HVX_HC_VMWARE_ON, 0, 0, &res);
		if (!ret)
			WRITE_ONCE(vm->vmware_off, off);
	}
	mutex_unlock(&vm->lock);
	return ret;
}

void hvx_vmware_destroy(struct hvx_vm *vm)
{
	struct hvx_vmware *vmw = vm->vmware;

	if (!vmw)
		return;
	hvx_vmware_channels_free(vmw);
	mutex_destroy(&vmw->lock);
	kvfree(vmw);
	vm->vmware = NULL;
}
