/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvxctl run: a small VMM on /dev/hvx's VM ioctls. One concern a file:
 *
 *   cmd-run.c   the command: options, VM set-up, exit status
 *   vm-image.c  the guest image (raw, or an arm64 Image) and where it and
 *               the device tree go in guest RAM
 *   vm-fdt.c    the guest's device tree: generated, or the user's
 *   vm-run.c    one thread per vCPU in HVX_VCPU_RUN; how the VM ends
 *   vm-mmio.c   MMIO exits: nothing there, aborts
 *   vm-tty.c    the VM's console in hvx.ko (HVX_FEATURE_CONSOLE), which
 *               emulates the PL011 UART and takes the console calls: its
 *               tty on stdout
 *   vm-input.c  stdin into the console's tty: the input thread, the
 *               terminal's raw mode
 *   vm-regs.c   the report of an internal error: syndrome and registers
 *   vm-acpi.c   --acpi: the guest's ACPI tables (acpi-gen, or the user's)
 *   vm-efi.c    --acpi: the tables handed over as UEFI would, and the stub
 *               device tree that points at them
 *
 * The guest platform is QEMU -machine virt's layout, which the test guests
 * expect (selftests/guests/README.md) and Linux knows.
 */
#ifndef HVXCTL_VM_H
#define HVXCTL_VM_H

#include <pthread.h>
#include <stddef.h>

#include <hvx/guest-platform.h>

#include "hvxctl.h"

#define VM_SZ_4K		0x1000ULL
#define VM_SZ_1M		0x100000ULL
#define VM_SZ_2M		0x200000ULL

/* QEMU virt's addresses: include/hvx/guest-platform.h */
#define VM_GIC_NR_IRQS		64		/* SGIs, PPIs and 32 SPIs */
#define VM_GIC_SPI_BASE		32		/* INTID of SPI 0 */

/* Device tree limits from Documentation/arm64/booting.rst */
#define VM_DTB_MAX		VM_SZ_2M	/* largest DTB a kernel maps */
#define VM_DTB_WINDOW		(512 * VM_SZ_1M) /* older kernels: DTB within */
/* The initrd and the image within one 1 GiB aligned window of 32 GiB */
#define VM_INITRD_WINDOW	(32ULL << 30)

/* hvxctl run's exit status: how the VM ended. */
enum vm_exit {
	VM_EXIT_OFF	= 0,	/* PSCI SYSTEM_OFF */
	VM_EXIT_FAIL	= 1,	/* set-up or hvx failure */
	VM_EXIT_ERROR	= 2,	/* internal error: the guest cannot go on */
	VM_EXIT_RESET	= 3,	/* PSCI SYSTEM_RESET (the VM is not restarted) */
	VM_EXIT_STOPPED	= 4,	/* HVX_VM_STOP: hvxctl stop, from anywhere */
	VM_EXIT_TIMEOUT	= 124,	/* --timeout expired, as timeout(1) says */
	VM_EXIT_SIGNAL	= 128,	/* + the signal that ended it (SIGINT...) */
};

/* vm-image.c: the file given to hvxctl run */
struct vm_image {
	unsigned char *data;	/* the whole file */
	size_t file_size;
	bool is_linux;		/* it has an arm64 Image header */
	__u64 text_offset;	/* it goes at RAM base + text_offset */
	__u64 size;		/* bytes it takes there, .bss included */
};

/* Where things go in guest RAM; ram_base and ram_size are set by the caller. */
struct vm_layout {
	__u64 ram_base;
	__u64 ram_size;
	__u64 image_addr;	/* also the entry point */
	__u64 image_end;	/* first byte after image_addr + size */
	__u64 dtb_addr;
	size_t dtb_size;
	__u64 initrd_addr;	/* 0: no initrd */
	__u64 initrd_size;
	__u64 firmware_size;	/* the top of RAM the firmware area takes */
};

/* Reads PATH and its Image header, if any; prints what is wrong. */
int vm_image_read(const char *path, struct vm_image *img);
void vm_image_free(struct vm_image *img);
/*
 * Where the image goes, and an initrd of l->initrd_size bytes (if not 0)
 * right after it, 2 MiB aligned; prints what is wrong (naming the image
 * PATH). The device tree, which says where the initrd is, comes next.
 */
int vm_layout_image(struct vm_layout *l, const struct vm_image *img,
		    const char *path);
/*
 * Places a DTB of dtb_size bytes, then checks that everything fits in l's
 * RAM; prints what is wrong (naming the image PATH) and how much --mem
 * would do.
 */
int vm_layout(struct vm_layout *l, const struct vm_image *img,
	      size_t dtb_size, const char *path);

/* vm-fdt.c: the guest's device tree (malloc()ed; NULL after a message) */
struct vm_fdt_config {
	__u64 ram_base;
	__u64 ram_size;
	unsigned int nr_vcpus;
	const char *bootargs;	/* /chosen/bootargs, or NULL */
	/* /chosen/linux,initrd-start and -end, if end > start */
	__u64 initrd_start;
	__u64 initrd_end;
	/*
	 * The guest's counter frequency (HVX_VM_SET_CLOCK), in the generated
	 * timer node; 0: the host's, as the hardware says
	 */
	__u64 counter_freq;
};

void *vm_fdt_generate(const struct vm_fdt_config *cfg, size_t *size);
/*
 * The DTB in PATH, with cfg's bootargs (unless NULL) and initrd in
 * /chosen; cfg's other fields are not used.
 */
void *vm_fdt_load(const char *path, const struct vm_fdt_config *cfg,
		  size_t *size);

/* vm-acpi.c: the tables, from the guest's DTB or from files in dir */
struct vm_acpi_src {
	const void *dtb;
	size_t dtb_size;
	const char *dir;	/* --acpi-tables, or NULL: generate */
	const void *map;	/* --acpi-map's struct ag_map, or NULL */
	bool quiet;		/* no warnings (the sizing pass) */
};

/* The tables linked for base (RSDP there); malloc()ed; -1 after a message */
int vm_acpi_tables(const struct vm_acpi_src *src, __u64 base, __u8 **blob,
		   size_t *len);

/*
 * --acpi: the tables of *dtb (with the mapping file at map_path, if not
 * NULL) or of the files in dir, the firmware area
 * at the top of l's RAM (l->firmware_size), and *dtb (freed) replaced by
 * the stub device tree, /chosen from cfg; -1 after a message.
 */
struct vm_efi;
int vm_acpi_prepare(struct vm_efi *e, const char *dir, const char *map_path,
		    struct vm_layout *l, const struct vm_fdt_config *cfg,
		    void **dtb, size_t *dtb_size);

/* vm-efi.c: the firmware area at the top of guest RAM */
struct vm_efi {
	__u64 base;		/* guest address of the area: the RSDP */
	__u64 size;
	unsigned char *data;	/* its contents */
	__u64 structs;		/* the EFI structures, past the tables */
	__u64 systab, mmap;	/* the system table, the memory map */
	size_t tables_len;
};

/* The area for tables_len bytes of tables; -1 after a message. */
int vm_efi_place(struct vm_efi *e, __u64 ram_base, __u64 ram_size,
		 size_t tables_len);
/* The tables (linked for e->base) in, and the stub DT (malloc()ed) out. */
void *vm_efi_stub_fdt(struct vm_efi *e, const void *tables, size_t len,
		      const struct vm_fdt_config *cfg, size_t *size);
/* Once everything is placed: the memory map, its size in the stub DT. */
int vm_efi_finish(struct vm_efi *e, const struct vm_layout *l, void *fdt);
void vm_efi_free(struct vm_efi *e);

/* vm-tty.c: the console in hvx.ko, its tty relayed to stdout */
struct vm_tty {
	int fd;			/* the console's tty; -1: none */
	pthread_t thread;
	bool started;
	int stop_pipe[2];	/* written to stop the thread */
};

/* Gives the VM a console with the UART, opens its tty; -1 after a message. */
int vm_tty_create(struct vm_tty *t, int vm_fd, bool has_gic);
/* The tty to stdout on a thread, until vm_tty_stop() (which drains it). */
void vm_tty_start(struct vm_tty *t);
void vm_tty_stop(struct vm_tty *t);
void vm_tty_close(struct vm_tty *t);

/* vm-input.c: stdin into the console's tty, on a thread */
struct vm_input {
	int tty_fd;
	pthread_t thread;
	bool started;
	int stop_pipe[2];	/* written to stop the thread */
};

/*
 * Starts reading stdin into tty_fd (nothing if stdin is a terminal this
 * process does not own as its foreground); a terminal goes to raw mode
 * until vm_input_stop() or the process ends, by exit or by a signal.
 */
void vm_input_start(struct vm_input *in, int tty_fd);
void vm_input_stop(struct vm_input *in);

/* vm-run.c: a VM whose vCPUs are created, ready to run */
struct vm;

struct vm_vcpu {
	struct vm *vm;
	unsigned int id;
	int fd;
	struct hvx_run *run;	/* mmap()ed from fd */
	pthread_t thread;
	bool started;
};

struct vm {
	int fd;
	unsigned int nr_vcpus;
	bool verbose;
	const char *name;	/* HVX_VM_SET_NAME, or NULL */
	bool no_vmware;		/* HVX_VM_SET_VMWARE with HVX_VMWARE_OFF */
	struct vm_vcpu *vcpus;	/* [nr_vcpus] */
	size_t run_size;	/* of each vCPU's mapping */
	bool has_gic;		/* the vGIC exists: devices raise interrupts */
	struct vm_tty tty;
	struct vm_input input;
	/* once the vCPU threads run, before stdin is read; or NULL */
	void (*on_start)(struct vm *vm);
	int detach_fd;		/* hvxctl run --detach: the parent's pipe */
	/* used by vm_run() and its threads */
	pthread_t waiter;	/* the thread waiting for the end */
	pthread_mutex_t lock;
	bool ended;		/* under lock: status is final */
	int status;		/* enum vm_exit */
	int stopping;		/* atomic: vCPU threads leave their loop */
};

/*
 * Runs each vCPU on a thread of its own until the VM ends: a vCPU's system
 * event or error, timeout seconds (0: no limit), or SIGINT, SIGTERM or
 * SIGHUP. Stops every thread before it returns an enum vm_exit.
 */
int vm_run(struct vm *vm, double timeout);

/* vm-mmio.c: emulates the access of an HVX_EXIT_MMIO in run */
void vm_mmio(struct vm *vm, unsigned int vcpu, struct hvx_run *run);

/* vm-regs.c: an internal error exit's report; regs NULL if unreadable */
void vm_report_error(FILE *f, unsigned int vcpu, const struct hvx_run *run,
		     const struct hvx_regs *regs);

#endif /* HVXCTL_VM_H */
