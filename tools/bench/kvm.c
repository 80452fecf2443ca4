// SPDX-License-Identifier: GPL-2.0
/* hvx-kvmbench's KVM VMs: see kvm.h. */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hvx/pl011-regs.h>

#include "gic-runner.h"
#include "guest-runner.h"
#include "kvm.h"

int kvm_vm_create(int kvm, uint64_t gpa, uint64_t size, void **ram)
{
	struct kvm_userspace_memory_region region = {
		.guest_phys_addr = gpa, .memory_size = size,
	};
	int vm = xioctl(kvm, KVM_CREATE_VM, 0, "KVM_CREATE_VM");

	*ram = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (*ram == MAP_FAILED)
		die("mmap of guest RAM");
	region.userspace_addr = (uintptr_t)*ram;
	xioctl(vm, KVM_SET_USER_MEMORY_REGION, &region,
	       "KVM_SET_USER_MEMORY_REGION");
	return vm;
}

int kvm_vcpu_create(int vm, unsigned int id, bool off, long mmap_size,
		    struct kvm_run **run)
{
	struct kvm_vcpu_init init;
	int vcpu = xioctl(vm, KVM_CREATE_VCPU, (void *)(uintptr_t)id,
			  "KVM_CREATE_VCPU");

	xioctl(vm, KVM_ARM_PREFERRED_TARGET, &init, "KVM_ARM_PREFERRED_TARGET");
	init.features[0] |= 1U << KVM_ARM_VCPU_PSCI_0_2;
	if (off)
		init.features[0] |= 1U << KVM_ARM_VCPU_POWER_OFF;
	xioctl(vcpu, KVM_ARM_VCPU_INIT, &init, "KVM_ARM_VCPU_INIT");
	*run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		    vcpu, 0);
	if (*run == MAP_FAILED)
		die("mmap of the vCPU");
	return vcpu;
}

void kvm_set_reg(int vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	xioctl(vcpu, KVM_SET_ONE_REG, &reg, "KVM_SET_ONE_REG");
}

static void vgic_attr(int dev, uint32_t group, uint64_t attr, void *val,
		      const char *what)
{
	struct kvm_device_attr a = {
		.group = group, .attr = attr, .addr = (uintptr_t)val,
	};

	xioctl(dev, KVM_SET_DEVICE_ATTR, &a, what);
}

void kvm_vgic_create(int vm, unsigned int nr_irqs)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	uint64_t dist = GUEST_GICD_BASE, redist = GUEST_GICR_BASE;
	uint32_t nr = nr_irqs;

	xioctl(vm, KVM_CREATE_DEVICE, &cd, "KVM_CREATE_DEVICE (vGICv3)");
	vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
		  KVM_VGIC_V3_ADDR_TYPE_DIST, &dist, "vGIC distributor address");
	vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
		  KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist,
		  "vGIC redistributor address");
	vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr,
		  "vGIC number of interrupts");
	vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT,
		  NULL, "vGIC init");
	/* the VM keeps the vGIC */
	close(cd.fd);
}

bool kvm_uart_access(uint64_t off, uint8_t *data, unsigned int len,
		     bool is_write, FILE *out)
{
	static const uint8_t uart_id[8] = PL011_ID_BYTES;
	uint32_t val = 0;

	if (is_write) {
		if (off != PL011_DR)
			return false;
		if (out && fwrite(data, 1, 1, out) == 1 && data[0] == '\n')
			fflush(out);
		return true;
	}
	if (off == PL011_FR)
		val = PL011_FR_TXFE | PL011_FR_RXFE;
	else if (off >= PL011_ID_BASE && off < GUEST_UART_SIZE)
		val = uart_id[(off - PL011_ID_BASE) / 4 % 8];
	memset(data, 0, len);
	memcpy(data, &val, len < 4 ? len : 4);
	return false;
}
