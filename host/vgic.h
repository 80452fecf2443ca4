/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual GICv3 of a VM (HVX_VM_CREATE_GIC): its distributor and
 * redistributors are emulated here, in the host kernel; the guest's CPU
 * interface is the hardware's virtual one, whose list registers EL2 loads
 * for each run from what hvx_vgic_flush() put in the vCPU's state page and
 * gives back for hvx_vgic_sync() (hyp/vgic-sr.c).
 *
 *   vgic.c       the VM's interrupt state, injection, the list registers
 *   vgic-mmio.c  the GICD and GICR register frames
 *   vgic-sgi.c   the guest's trapped ICC_SGI*R_EL1 writes
 *   vgic-host.c  the host's own interrupts hvx needs (the maintenance
 *                interrupt), found in the host's device tree
 */
#ifndef __HVX_HOST_VGIC_H
#define __HVX_HOST_VGIC_H

#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/types.h>

struct hvx_vm;
struct hvx_vcpu;

/* Host IRQs (module init and exit): 0 or an errno; without a GICv3, 0. */
int hvx_vgic_host_init(void);
void hvx_vgic_host_exit(void);
/*
 * EL2's Group 0 interrupts (vgic-doorbell.c): the doorbell SGI and the
 * virtual timer's PPI, after hvx_vgic_host_init() and
 * hvx_vtimer_host_init(). el2_vtimer(): EL2 injects the virtual timer's
 * interrupt itself, so the host leaves its PPI enabled (vtimer.c).
 */
void hvx_vgic_doorbell_init(void);
void hvx_vgic_doorbell_exit(void);
bool hvx_vgic_el2_vtimer(void);
/* Does this host have what a vGIC needs (a GICv3 CPU interface at EL2)? */
bool hvx_vgic_available(void);

/* HVX_VM_CREATE_GIC and HVX_VM_IRQ_LINE (VM fd ioctls). */
long hvx_vgic_create(struct hvx_vm *vm, void __user *arg);
long hvx_vgic_irq_line(struct hvx_vm *vm, void __user *arg);
/*
 * Drive the line of SPI @intid as HVX_VM_IRQ_LINE does, for the kernel's
 * own devices (the console's UART): false, nothing done, without a vGIC
 * or for an INTID that is no SPI of it. Not in hard IRQ context.
 */
bool hvx_vgic_set_spi(struct hvx_vm *vm, u32 intid, bool level);
/* At VM destruction (no vCPU runs any more). */
void hvx_vgic_destroy(struct hvx_vm *vm);
/*
 * Does [base, base + size) overlap the VM's vGIC frames (the distributor,
 * or the redistributors of all HVX_MAX_VCPUS possible vCPUs)? vm->lock held.
 */
bool hvx_vgic_overlaps(struct hvx_vm *vm, u64 base, u64 size);

/*
 * Drive the line of a private interrupt (PPI 16-31) of a vCPU: level
 * sensitive, as the timers' are. Kicks the vCPU when it becomes pending.
 * Any context, hard IRQ (an hrtimer) too; nothing without a vGIC.
 */
void hvx_vgic_set_ppi(struct hvx_vcpu *vcpu, u32 intid, bool level);

/*
 * Around a run (vcpu-run.c): flush the interrupts pending for the vCPU into
 * vcpu->state->gic just before EL2 enters the guest (interrupts off), and
 * sync what the guest did with them (acknowledged, completed) after.
 * No-ops without a vGIC.
 */
void hvx_vgic_flush(struct hvx_vcpu *vcpu);
void hvx_vgic_sync(struct hvx_vcpu *vcpu);
/* Has the vCPU an interrupt the guest would take (ends WFI)? */
bool hvx_vgic_pending(struct hvx_vcpu *vcpu);

/*
 * An MMIO exit at @gpa: true if it is the vGIC's, done (the load's value
 * in *val), false if it is user space's. @len is 1, 2, 4 or 8.
 */
bool hvx_vgic_mmio(struct hvx_vcpu *vcpu, u64 gpa, unsigned int len,
		   bool is_write, u64 *val);

/* A guest write to ICC_SGI0R_EL1, ICC_SGI1R_EL1 or ICC_ASGI1R_EL1. */
void hvx_vgic_sgi(struct hvx_vcpu *vcpu, u32 sysreg, u64 val);
/*
 * HVX_VCPU_EXIT_KICK: EL2 sent the vCPU's SGIs itself, and these targets,
 * not in their guest, are to wake (hyp/vgic-sgi.c).
 */
void hvx_vgic_sgi_kick(struct hvx_vcpu *vcpu);
/*
 * Around a WFI's halt poll: EL2 posts SGIs for a polling vCPU without a
 * kick (hyp/vgic-sgi.c), so the poll watches sgi_posted(); poll_end()
 * says whether one came as it ended.
 */
void hvx_vgic_poll_start(struct hvx_vcpu *vcpu);
bool hvx_vgic_sgi_posted(struct hvx_vcpu *vcpu);
bool hvx_vgic_poll_end(struct hvx_vcpu *vcpu);

/*
 * A per-CPU interrupt (PPI) of the host's that hvx needs, found in the
 * host's device tree: the @index-th interrupt of the first node compatible
 * with @compatible, requested as a per-CPU IRQ and enabled on every CPU,
 * those coming online later too. @handler runs on the CPU that took it
 * (NULL: nothing to do, the guest exit it caused does the work).
 */
struct hvx_host_ppi {
	unsigned int virq;		/* 0: none */
	int cpuhp_state;		/* 0: none */
	struct hlist_node node;		/* the CPU hotplug state's instance */
	const char *name;
	void __percpu *dev_id;
};

int hvx_host_ppi_init(struct hvx_host_ppi *p, const char *compatible,
		      int index, const char *name, irq_handler_t handler);
void hvx_host_ppi_exit(struct hvx_host_ppi *p);

#endif /* __HVX_HOST_VGIC_H */
