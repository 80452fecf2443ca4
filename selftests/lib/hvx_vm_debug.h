/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx's debugfs view of guest memory, for hvx_vm_isolation: where each
 * VM's guest RAM is in physical memory, and a way to map a physical page
 * into a process. Both come with the module parameter debug_calls=1
 * (host/debug.c; own_enable() in hvx_own.h sets it and mounts debugfs).
 *
 * Everything that depends on the names and formats the host side chose
 * is in this file:
 *
 *   VMDBG_MEM   one line per physically contiguous chunk of guest RAM
 *               (host/debug-vm.c):
 *                 "vm<handle> ipa=0x<guest phys> pa=0x<phys> pages=<N>"
 *               <handle> as in /sys/kernel/hvx/vms/vm<handle>, N in
 *               decimal pages. Other lines are ignored.
 *   VMDBG_PHYS  mmap() with offset = a physical address maps that page
 *               (as /dev/mem does). If the file is missing, /dev/mem is
 *               used (the test kernel has it without STRICT_DEVMEM).
 */
#ifndef HVX_VM_DEBUG_H
#define HVX_VM_DEBUG_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define VMDBG_MEM	"/sys/kernel/debug/hvx/vm_memory"
#define VMDBG_PHYS	"/sys/kernel/debug/hvx/phys"
#define VMDBG_DEVMEM	"/dev/mem"

struct vmdbg_chunk {
	uint64_t gpa, pa, size;
};

/*
 * The chunks of VM @handle (the "N" of vmN) into @c[@max]; returns how
 * many there are (more than @max: only @max stored), or -errno if the
 * listing cannot be read.
 */
static inline int vmdbg_chunks(const char *handle, struct vmdbg_chunk *c, int max)
{
	char line[256], name[64];
	unsigned long long gpa, pa, pages;
	long page_size = sysconf(_SC_PAGESIZE);
	FILE *f = fopen(VMDBG_MEM, "r");
	int n = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s ipa=%llx pa=%llx pages=%llu", name, &gpa,
			   &pa, &pages) != 4)
			continue;
		if (strncmp(name, "vm", 2) || strcmp(name + 2, handle))
			continue;
		if (n < max) {
			c[n].gpa = gpa;
			c[n].pa = pa;
			c[n].size = pages * page_size;
		}
		n++;
	}
	fclose(f);
	return n;
}

/*
 * Map the physical page at @pa (page aligned) read-only; MAP_FAILED and
 * errno on failure. *@how names the file used.
 */
static inline void *vmdbg_map_phys(uint64_t pa, const char **how)
{
	void *p;
	int fd;

	*how = VMDBG_PHYS;
	fd = open(VMDBG_PHYS, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*how = VMDBG_DEVMEM;
		fd = open(VMDBG_DEVMEM, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return MAP_FAILED;
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)pa);
	close(fd);
	return p;
}

/* The physical address of this process's page at @va (root only), or 0. */
static inline uint64_t vmdbg_virt_to_phys(const void *va)
{
	uint64_t entry = 0, off = (uintptr_t)va / 4096 * 8;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = pread(fd, &entry, sizeof(entry), off);
	close(fd);
	if (n != sizeof(entry) || !(entry & (1ULL << 63)))
		return 0;
	return (entry & ((1ULL << 55) - 1)) * 4096 + (uintptr_t)va % 4096;
}

#endif /* HVX_VM_DEBUG_H */
