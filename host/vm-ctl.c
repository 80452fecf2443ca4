// SPDX-License-Identifier: GPL-2.0-only
/*
 * A VM as other processes see it: its name (HVX_VM_SET_NAME), stopping
 * it from outside the VMM (HVX_VM_STOP on /dev/hvx), and its state for
 * sysfs.
 *
 * A stop marks the VM stopped and kicks each vCPU, as a PSCI SYSTEM_OFF
 * does: a vCPU in the guest leaves it (the kick's IPI), one in WFI or
 * powered off wakes, and each HVX_VCPU_RUN, in progress or later, returns
 * HVX_EXIT_STOPPED without entering the guest again (vcpu-run.c). The
 * VMM then closes the VM; nothing else is torn down here. The stop is
 * made under the lock of the list of VMs (vm.c), which a VM leaves first
 * thing at its destruction: a VM found there is whole while the lock is
 * held, and a stop racing with the destruction finds it whole or not at
 * all.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "vm.h"

/* 1 to HVX_VM_NAME_MAX - 1 of [A-Za-z0-9._-], a letter first, zeros after. */
bool hvx_vm_name_ok(const char *name)
{
	size_t len = strnlen(name, HVX_VM_NAME_MAX), i;

	if (!len || len == HVX_VM_NAME_MAX || !isalpha(name[0]))
		return false;
	for (i = 1; i < len; i++)
		if (!isalnum(name[i]) && !strchr("._-", name[i]))
			return false;
	return !memchr_inv(name + len, 0, HVX_VM_NAME_MAX - len);
}

long hvx_vm_set_name(struct hvx_vm *vm, void __user *arg)
{
	struct hvx_vm_name n;

	if (copy_from_user(&n, arg, sizeof(n)))
		return -EFAULT;
	if (n.flags || n.pad || memchr_inv(n.reserved, 0, sizeof(n.reserved)) ||
	    !hvx_vm_name_ok(n.name))
		return -EINVAL;
	return hvx_vm_claim_name(vm, n.name);
}

int hvx_vm_stop_now(struct hvx_vm *vm)
{
	/* The unlock orders it before the kicks' wakeups, as system events. */
	spin_lock(&vm->psci_lock);
	WRITE_ONCE(vm->stopped, true);
	spin_unlock(&vm->psci_lock);
	hvx_vm_kick_all(vm);
	return 0;
}

/* CAP_SYS_ADMIN, or the effective uid the VM's creator had. */
static int stop_if_allowed(struct hvx_vm *vm)
{
	if (!uid_eq(current_euid(), vm->euid) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	return hvx_vm_stop_now(vm);
}

long hvx_vm_stop(void __user *arg)
{
	struct hvx_vm_stop s;
	bool by_name;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	by_name = s.name[0];
	if (s.flags || memchr_inv(s.reserved, 0, sizeof(s.reserved)) ||
	    by_name == !!s.handle ||
	    (by_name ? !hvx_vm_name_ok(s.name) : !!memchr_inv(s.name, 0, sizeof(s.name))))
		return -EINVAL;

	return hvx_vm_call(s.handle, s.name, stop_if_allowed);
}

/*
 * created: no vCPU has entered the guest yet; running; off: the guest
 * powered off or reset (PSCI, or its shutdown call), its VMM has yet to
 * close it; stopping: HVX_VM_STOP, and a vCPU is still in HVX_VCPU_RUN;
 * stopped: and none is.
 */
const char *hvx_vm_state(struct hvx_vm *vm)
{
	unsigned int id;

	if (READ_ONCE(vm->stopped)) {
		for (id = 0; id < HVX_MAX_VCPUS; id++) {
			/* Pairs with hvx_create_vcpu()'s release. */
			struct hvx_vcpu *vcpu = smp_load_acquire(&vm->vcpus[id]);

			if (vcpu && READ_ONCE(vcpu->running))
				return "stopping";
		}
		return "stopped";
	}
	if (READ_ONCE(vm->system_event))
		return "off";
	/* Pairs with vm_start()'s release. */
	return smp_load_acquire(&vm->started) ? "running" : "created";
}
