/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake-hvx.so, the fake /dev/hvx of hvxctl's host tests: fake-hvx.c
 * intercepts open(), ioctl() and close() and answers /dev/hvx's own
 * ioctls; fake-vm.c is the fake VM behind HVX_CREATE_VM, fake-console.c
 * its console.
 */
#ifndef FAKE_HVX_H
#define FAKE_HVX_H

#include <stdbool.h>
#include <stddef.h>

/* What a descriptor the fake gave out stands for. */
enum fake_kind {
	FAKE_NONE,
	FAKE_DEV,	/* /dev/hvx */
	FAKE_VM,	/* from HVX_CREATE_VM */
	FAKE_VCPU,	/* from HVX_CREATE_VCPU; index = the vCPU id */
};

/* fake-hvx.c */
int fake_real_open(const char *path, int flags);
int fake_real_close(int fd);
void fake_set_fd(int fd, enum fake_kind kind, unsigned int index);
bool fake_nonzero(const void *p, size_t len);
int fake_env_int(const char *name);
/* Appends a line to $FAKE_HVX_LOG, if set. */
void fake_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* fake-vm.c: each returns the ioctl's result, or -errno */
long fake_create_vm(void *arg);
long fake_vm_ioctl(unsigned long req, void *arg);
long fake_vcpu_ioctl(unsigned int id, unsigned long req, void *arg);
void fake_vm_close(enum fake_kind kind, unsigned int index);

struct hvx_vm_console;

/* fake-console.c: the VM's console, a pty */
long fake_create_console(const struct hvx_vm_console *p, bool ran);
/* The guest's output to the console; its input, up to max bytes at once. */
void fake_console_out(const char *buf, size_t n);
size_t fake_console_in(char *buf, size_t max);
void fake_console_close(void);

#endif /* FAKE_HVX_H */
