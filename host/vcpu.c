// SPDX-License-Identifier: GPL-2.0-only
/*
 * vCPUs: HVX_CREATE_VCPU, the vCPU file descriptor (its ioctls, the mmap of
 * its struct hvx_run) and its registers (HVX_VCPU_GET_REGS/SET_REGS).
 *
 * A vCPU has three pages besides its struct: one donated to EL2 for its
 * state there, one shared with EL2 for struct hvx_vcpu_state (the
 * registers the host may see, exchanged at each run), and struct hvx_run,
 * mapped by user space. EL2 keeps the first two until the VM is destroyed,
 * so a vCPU lives as long as its VM.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/debug-monitors.h>
#include <asm/ptrace.h>

#include "partition.h"
#include "vm.h"
#include "trace.h"

static_assert(sizeof(struct hvx_vcpu_state) <= PAGE_SIZE);
static_assert(sizeof(struct hvx_run) <= PAGE_SIZE);

/*
 * Free a vCPU that EL2 has released (its VM destroyed) or never had. If
 * EL2 has not released it, its donated and shared pages stay allocated: EL2
 * may still use them.
 */
void hvx_vcpu_free(struct hvx_vcpu *vcpu, bool hyp_released)
{
	hvx_vtimer_vcpu_destroy(vcpu);
	hvx_vcpu_kick_wait(vcpu);
	if (hyp_released) {
		__free_page(vcpu->hyp_page);
		free_page((unsigned long)vcpu->state);
	}
	free_page((unsigned long)vcpu->run);
	kfree(vcpu);
}

/* The vCPU id whose MPIDR_EL1 affinity is @mpidr (HVX_VCPU_MPIDR), or -1. */
int hvx_vcpu_id_of_mpidr(u64 mpidr)
{
	u64 id = ((mpidr >> 8) & 0xff) * 16 + (mpidr & 0xff);

	if (id >= HVX_MAX_VCPUS || HVX_VCPU_MPIDR(id) != mpidr)
		return -1;
	return id;
}

/* The vCPU whose MPIDR_EL1 affinity is @mpidr, or NULL. */
struct hvx_vcpu *hvx_vcpu_by_mpidr(struct hvx_vm *vm, u64 mpidr)
{
	int id = hvx_vcpu_id_of_mpidr(mpidr);

	if (id < 0)
		return NULL;
	/* Pairs with the release in hvx_create_vcpu(): a complete vCPU. */
	return smp_load_acquire(&vm->vcpus[id]);
}

/* hvx_regs fields that are EL1 system registers, and where EL2 has them. */
static const struct {
	size_t offset;
	enum hvx_vcpu_sysreg reg;
} hvx_regs_sys[] = {
#define SYSREG(field, r) { offsetof(struct hvx_regs, field), HVX_SYS_##r }
	SYSREG(sp_el1, SP_EL1),
	SYSREG(elr_el1, ELR_EL1),
	SYSREG(spsr_el1, SPSR_EL1),
	SYSREG(sctlr_el1, SCTLR_EL1),
	SYSREG(ttbr0_el1, TTBR0_EL1),
	SYSREG(ttbr1_el1, TTBR1_EL1),
	SYSREG(tcr_el1, TCR_EL1),
	SYSREG(mair_el1, MAIR_EL1),
	SYSREG(amair_el1, AMAIR_EL1),
	SYSREG(vbar_el1, VBAR_EL1),
	SYSREG(contextidr_el1, CONTEXTIDR_EL1),
	SYSREG(cpacr_el1, CPACR_EL1),
	SYSREG(esr_el1, ESR_EL1),
	SYSREG(far_el1, FAR_EL1),
	SYSREG(afsr0_el1, AFSR0_EL1),
	SYSREG(afsr1_el1, AFSR1_EL1),
	SYSREG(par_el1, PAR_EL1),
	SYSREG(tpidr_el0, TPIDR_EL0),
	SYSREG(tpidrro_el0, TPIDRRO_EL0),
	SYSREG(tpidr_el1, TPIDR_EL1),
	SYSREG(cntkctl_el1, CNTKCTL_EL1),
	SYSREG(cntv_ctl_el0, CNTV_CTL_EL0),
	SYSREG(cntv_cval_el0, CNTV_CVAL_EL0),
	SYSREG(cntp_ctl_el0, CNTP_CTL_EL0),
	SYSREG(cntp_cval_el0, CNTP_CVAL_EL0),
	SYSREG(mdscr_el1, MDSCR_EL1),
	SYSREG(csselr_el1, CSSELR_EL1),
#undef SYSREG
};

static u64 *regs_field(struct hvx_regs *regs, size_t offset)
{
	return (u64 *)((u8 *)regs + offset);
}

/*
 * PSTATE bits a guest may have (SPSR format): condition flags, DAIF, the
 * execution state bits of the features a guest may use (SS and IL too, as
 * hardware sets them on an exception), and the mode. M[4] (AArch32) is not
 * among them: an AArch32 state (EL0 only, where every CPU has it) has the
 * bits of HVX_GUEST_PSTATE32, and IL.
 */
#define HVX_PSTATE_BITS	(PSR_N_BIT | PSR_Z_BIT | PSR_C_BIT | PSR_V_BIT |    \
			 PSR_DIT_BIT | PSR_UAO_BIT | PSR_PAN_BIT |	    \
			 DBG_SPSR_SS | PSR_IL_BIT | PSR_SSBS_BIT |	    \
			 PSR_BTYPE_MASK | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | \
			 PSR_F_BIT | PSR_MODE_MASK)

static bool pstate_valid(u64 pstate)
{
	u64 pfr0;

	if (!(pstate & PSR_MODE32_BIT))
		return !(pstate & ~(u64)HVX_PSTATE_BITS) &&
		       hvx_guest_mode_valid(pstate, false);
	/* What GET_REGS shows of a guest interrupted in AArch32 User mode. */
	pfr0 = read_sanitised_ftr_reg(SYS_ID_AA64PFR0_EL1);
	return !(pstate & ~(u64)(HVX_GUEST_PSTATE32 | PSR_IL_BIT)) &&
	       hvx_guest_mode_valid(pstate, id_aa64pfr0_32bit_el0(pfr0));
}

static bool regs_in_valid(const struct hvx_regs *regs)
{
	return !regs->flags && !regs->pad &&
	       !memchr_inv(regs->reserved, 0, sizeof(regs->reserved));
}

/* Lock the vCPU if no run owns its registers: 0, or -EBUSY unlocked. */
static int lock_idle(struct hvx_vcpu *vcpu)
{
	mutex_lock(&vcpu->lock);
	if (vcpu->running) {
		mutex_unlock(&vcpu->lock);
		return -EBUSY;
	}
	return 0;
}

static long hvx_vcpu_get_regs(struct hvx_vcpu *vcpu, void __user *arg)
{
	const struct hvx_vcpu_state *s = vcpu->state;
	struct hvx_regs regs;
	unsigned int i;
	int ret;

	if (copy_from_user(&regs, arg, sizeof(regs)))
		return -EFAULT;
	if (!regs_in_valid(&regs))
		return -EINVAL;
	ret = lock_idle(vcpu);
	if (ret)
		return ret;
	memset(&regs, 0, sizeof(regs));
	memcpy(regs.x, s->x, sizeof(regs.x));
	regs.sp = s->sp_el0;
	regs.pc = s->pc;
	regs.pstate = s->pstate;
	for (i = 0; i < ARRAY_SIZE(hvx_regs_sys); i++)
		*regs_field(&regs, hvx_regs_sys[i].offset) =
			s->sys[hvx_regs_sys[i].reg];
	mutex_unlock(&vcpu->lock);
	return copy_to_user(arg, &regs, sizeof(regs)) ? -EFAULT : 0;
}

static long hvx_vcpu_set_regs(struct hvx_vcpu *vcpu, void __user *arg)
{
	struct hvx_vcpu_state *s = vcpu->state;
	struct hvx_regs regs;
	unsigned int i;
	int ret;

	if (copy_from_user(&regs, arg, sizeof(regs)))
		return -EFAULT;
	if (!regs_in_valid(&regs) || !pstate_valid(regs.pstate))
		return -EINVAL;
	ret = lock_idle(vcpu);
	if (ret)
		return ret;
	memcpy(s->x, regs.x, sizeof(s->x));
	s->sp_el0 = regs.sp;
	s->pc = regs.pc;
	s->pstate = regs.pstate;
	for (i = 0; i < ARRAY_SIZE(hvx_regs_sys); i++)
		s->sys[hvx_regs_sys[i].reg] =
			*regs_field(&regs, hvx_regs_sys[i].offset);
	mutex_unlock(&vcpu->lock);
	return 0;
}

static long hvx_vcpu_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct hvx_vcpu *vcpu = file->private_data;
	void __user *argp = (void __user *)arg;

	/*
	 * As KVM: only the VM's own process runs or inspects its vCPUs; to
	 * another partition the VM does not exist.
	 */
	if (current->mm != vcpu->vm->mm)
		return hvx_partition_sees(vcpu->vm->partition) ? -EIO : -ENOENT;

	switch (cmd) {
	case HVX_VCPU_RUN:
		return arg ? -EINVAL : hvx_run_vcpu(vcpu);
	case HVX_VCPU_GET_REGS:
		return hvx_vcpu_get_regs(vcpu, argp);
	case HVX_VCPU_SET_REGS:
		return hvx_vcpu_set_regs(vcpu, argp);
	default:
		return -ENOTTY;
	}
}

/* struct hvx_run: one page at offset 0, shared. */
static int hvx_vcpu_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct hvx_vcpu *vcpu = file->private_data;

	if (!hvx_partition_sees(vcpu->vm->partition))
		return -ENOENT;
	if (vma->vm_pgoff || vma_pages(vma) != 1 ||
	    !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	vma->vm_flags |= VM_DONTEXPAND;
	return vm_insert_page(vma, vma->vm_start, virt_to_page(vcpu->run));
}

static int hvx_vcpu_release(struct inode *inode, struct file *file)
{
	struct hvx_vcpu *vcpu = file->private_data;

	hvx_vm_put(vcpu->vm);
	return 0;
}

static const struct file_operations hvx_vcpu_fops = {
	.owner		= THIS_MODULE,
	.release	= hvx_vcpu_release,
	.unlocked_ioctl	= hvx_vcpu_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= hvx_vcpu_mmap,
	.llseek		= noop_llseek,
};

static struct hvx_vcpu *vcpu_alloc(struct hvx_vm *vm, u32 id, u32 flags)
{
	struct hvx_vcpu *vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);

	if (!vcpu)
		return NULL;
	vcpu->hyp_page = hvx_vm_page_alloc();
	vcpu->state = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	vcpu->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!vcpu->hyp_page || !vcpu->state || !vcpu->run) {
		if (vcpu->hyp_page)
			__free_page(vcpu->hyp_page);
		free_page((unsigned long)vcpu->state);
		free_page((unsigned long)vcpu->run);
		kfree(vcpu);
		return NULL;
	}
	vcpu->vm = vm;
	vcpu->id = id;
	mutex_init(&vcpu->lock);
	init_waitqueue_head(&vcpu->wq);
	hvx_vcpu_kick_init(vcpu);
	hvx_vtimer_vcpu_init(vcpu);
	vcpu->power = flags & HVX_VCPU_POWER_OFF ? HVX_VCPU_OFF : HVX_VCPU_ON;
	return vcpu;
}

/*
 * With vm->lock held: create the vCPU at EL2 and a file for it. The fd
 * number is reserved first, so that the only failure left once EL2 has the
 * vCPU is the file itself: the vCPU then stays, without a file descriptor,
 * until its VM goes.
 */
static int create_locked(struct hvx_vm *vm, struct hvx_vcpu *vcpu)
{
	struct hvx_hc_res res;
	struct file *file;
	int fd, ret;

	lockdep_assert_held(&vm->lock);
	if (vm->dead)
		return -EIO;
	if (vm->vcpus[vcpu->id])
		return -EEXIST;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	ret = hvx_hyp_call4(HVX_HC_VCPU_CREATE, vm->handle, vcpu->id,
			    page_to_phys(vcpu->hyp_page),
			    virt_to_phys(vcpu->state), &res);
	trace_hvx_vcpu_create(vm->handle, vcpu->id, ret);
	if (ret) {
		put_unused_fd(fd);
		return ret;
	}
	trace_hvx_page_donate(vm->handle, page_to_phys(vcpu->hyp_page));
	/* EL2 wrote the reset state: CPU_ON starts the vCPU from it again. */
	vcpu->reset = *vcpu->state;
	/* Pairs with the acquire in hvx_vcpu_by_mpidr(). */
	smp_store_release(&vm->vcpus[vcpu->id], vcpu);
	WRITE_ONCE(vm->nr_vcpus, vm->nr_vcpus + 1);

	file = anon_inode_getfile("hvx-vcpu", &hvx_vcpu_fops, vcpu, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	hvx_vm_get(vm);
	fd_install(fd, file);
	return fd;
}

/* HVX_CREATE_VCPU: a vCPU fd, or an errno. */
long hvx_create_vcpu(struct hvx_vm *vm, void __user *arg)
{
	struct hvx_vcpu_create c;
	struct hvx_vcpu *vcpu;
	unsigned int before;
	int ret;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	if (c.flags & ~HVX_VCPU_POWER_OFF || c.id >= HVX_MAX_VCPUS ||
	    memchr_inv(c.reserved, 0, sizeof(c.reserved)))
		return -EINVAL;
	/* The VM's partition, if any, counts it: within its limit. */
	ret = hvx_partition_add_vcpu(vm->partition);
	if (ret)
		return ret;
	vcpu = vcpu_alloc(vm, c.id, c.flags);
	if (!vcpu) {
		hvx_partition_sub(vm->partition, 0, 1, 0);
		return -ENOMEM;
	}

	mutex_lock(&vm->lock);
	before = vm->nr_vcpus;
	ret = create_locked(vm, vcpu);
	/* Not given to EL2: nothing refers to it. */
	if (ret < 0 && vm->vcpus[c.id] != vcpu)
		hvx_vcpu_free(vcpu, true);
	/* Counted in vm->nr_vcpus, the VM gives it back at its end. */
	if (vm->nr_vcpus == before)
		hvx_partition_sub(vm->partition, 0, 1, 0);
	mutex_unlock(&vm->lock);
	return ret;
}
