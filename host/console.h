/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A VM's console in hvx.ko (HVX_VM_CREATE_CONSOLE): the guest's output in
 * a ring, its input in a FIFO, and the tty /dev/hvxcon<handle> that shows
 * the one and feeds the other (console.c).
 */
#ifndef __HVX_HOST_CONSOLE_H
#define __HVX_HOST_CONSOLE_H

#include <linux/types.h>

struct hvx_vm;

/* The tty driver (module init and exit, from dev.c). */
int hvx_console_init(void);
void hvx_console_exit(void);

/* HVX_VM_CREATE_CONSOLE (VM fd ioctl). */
long hvx_console_create(struct hvx_vm *vm, void __user *arg);
/* At VM destruction: hangs the tty up; the console goes with its last user. */
void hvx_console_destroy(struct hvx_vm *vm);

/* Does [base, base + size) overlap the console's UART frame? vm->lock held. */
bool hvx_console_overlaps(struct hvx_vm *vm, u64 base, u64 size);
/* Does the VM have a console (its guest calls are the console's)? */
bool hvx_console_present(struct hvx_vm *vm);
/* The guest wrote @n bytes (any context but hard IRQ). */
void hvx_console_write(struct hvx_vm *vm, const u8 *buf, unsigned int n);
/*
 * An MMIO exit at @gpa: true if it is the console's UART, done (a load's
 * value in *val), false if not. @len is 1, 2, 4 or 8.
 */
bool hvx_console_mmio(struct hvx_vm *vm, u64 gpa, unsigned int len,
		      bool is_write, u64 *val);
/* The guest reads up to @n bytes: how many it got. */
unsigned int hvx_console_read(struct hvx_vm *vm, u8 *buf, unsigned int n);

/*
 * For sysfs: the tty's name ("hvxcon<N>\n", or ""); the bytes the guest
 * wrote and those dropped (0 without a console).
 */
int hvx_console_name(struct hvx_vm *vm, char *buf, size_t size);
void hvx_console_counts(struct hvx_vm *vm, u64 *written, u64 *dropped);

#endif /* __HVX_HOST_CONSOLE_H */
