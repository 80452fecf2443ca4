/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The KVM side of hvx-kvmbench: a VM with RAM, vCPUs, an in-kernel
 * GICv3. Each call dies with a message on failure.
 */
#ifndef HVX_BENCH_KVM_H
#define HVX_BENCH_KVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/kvm.h>

/* KVM_{GET,SET}_ONE_REG id of a 64-bit field of struct kvm_regs. */
#define KVM_CORE_REG(field)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | \
				 KVM_REG_ARM_CORE | \
				 (offsetof(struct kvm_regs, field) / sizeof(__u32)))

/* A VM with size bytes of RAM at guest physical gpa, mapped at *ram. */
int kvm_vm_create(int kvm, uint64_t gpa, uint64_t size, void **ram);
/*
 * vCPU id with PSCI 0.2, powered off (for PSCI CPU_ON) if off; its run
 * structure mmap()ed at *run.
 */
int kvm_vcpu_create(int vm, unsigned int id, bool off, long mmap_size,
		    struct kvm_run **run);
void kvm_set_reg(int vcpu, uint64_t id, uint64_t val);
/*
 * The in-kernel GICv3 with nr_irqs INTIDs, at gic-runner.h's addresses
 * (QEMU virt's): after the vCPUs are created, before they run.
 */
void kvm_vgic_create(int vm, unsigned int nr_irqs);

/*
 * The guest's PL011 at GUEST_UART_BASE, transmit only and never busy: an
 * access of len bytes at offset off of its frame. A UARTDR byte goes to
 * out (flushed at a newline), or nowhere if out is NULL; true if one did.
 */
bool kvm_uart_access(uint64_t off, uint8_t *data, unsigned int len,
		     bool is_write, FILE *out);

/* kvm-linux.c: hvx-kvmbench linux ARGS (argv[0] is "linux") */
int kvm_linux_main(int kvm, long mmap_size, int argc, char **argv);

#endif /* HVX_BENCH_KVM_H */
