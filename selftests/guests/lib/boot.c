// SPDX-License-Identifier: GPL-2.0
/*
 * From start.S to the guest's code: parse the DTB, run guest_main() on the
 * boot vCPU and guest_secondary() on the others, power off at the end.
 */
#include "guest.h"
#include "acpi.h"

struct guest_platform guest;

void guest_fail(const char *fmt, ...)
{
	va_list ap;

	guest_printf("hvx-guest: %s: error: ", guest_name);
	va_start(ap, fmt);
	guest_vprintf(fmt, ap);
	va_end(ap);
	uart_putc('\n');
	psci_system_off();
}

void guest_boot(u64 dtb)
{
	const char *why;

	guest.dtb = dtb;
	if (fdt_parse((const void *)dtb, &guest.fdt, &why))
		guest_fail("%s (x0 = 0x%llx)", why, dtb);
	/*
	 * A stub tree: the UART is the SPCR's, or none (what went wrong
	 * goes to QEMU virt's, for the log).
	 */
	if (guest.fdt.uefi_systab && !guest.fdt.nr_cpus) {
		if (acpi_platform(&guest.fdt, &why))
			guest_fail("ACPI boot: %s", why);
		guest_uart_base = guest_acpi.uart_base;
	}
	guest_main();
	psci_system_off();
}

void __weak guest_secondary(unsigned int cpu)
{
	(void)cpu;
}

void guest_secondary_boot(u64 cpu)
{
	guest_secondary((unsigned int)cpu);
	psci_cpu_off();
}

int guest_cpu_on(unsigned int cpu)
{
	if (cpu >= guest.fdt.nr_cpus)
		return PSCI_INVALID_PARAMS;
	return psci_cpu_on(guest.fdt.mpidr[cpu], (uintptr_t)secondary_entry,
			   cpu);
}

unsigned int guest_this_cpu(void)
{
	u64 mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	unsigned int i;

	for (i = 0; i < guest.fdt.nr_cpus; i++)
		if (guest.fdt.mpidr[i] == mpidr)
			return i;
	return ~0u;
}

u64 guest_now_us(void)
{
	u64 freq = read_sysreg(cntfrq_el0);
	u64 cnt;

	isb();
	cnt = read_sysreg(cntvct_el0);
	return freq ? cnt / freq * 1000000 + cnt % freq * 1000000 / freq : 0;
}

bool guest_bootarg_u64(const char *key, u64 *val)
{
	const char *s = guest.fdt.bootargs;
	size_t n = strlen(key);

	while (s && *s) {
		while (*s == ' ')
			s++;
		if (!strncmp(s, key, n) && s[n] == '=') {
			*val = guest_strtou64(s + n + 1, NULL);
			return true;
		}
		while (*s && *s != ' ')
			s++;
	}
	return false;
}

const char *guest_bootarg_str(const char *key, char *buf, size_t len)
{
	const char *s = guest.fdt.bootargs;
	size_t n = strlen(key), i = 0;

	while (s && *s) {
		while (*s == ' ')
			s++;
		if (!strncmp(s, key, n) && s[n] == '=') {
			s += n + 1;
			while (*s && *s != ' ' && i + 1 < len)
				buf[i++] = *s++;
			if (len)
				buf[i] = '\0';
			return buf;
		}
		while (*s && *s != ' ')
			s++;
	}
	return NULL;
}
