// SPDX-License-Identifier: GPL-2.0
/*
 * probe (hostile): looks for the host's and hvx's memory by guessing
 * physical addresses. It loads from every 2 MiB boundary outside its own
 * RAM from 0 up to RAM base + 4 GiB (where a QEMU virt host, such as hvx's
 * test VM, has its RAM), skipping the UART page, and checks what comes
 * back for the signatures of things that live in host memory:
 *   - the arm64 Image magic at +0x38 (a Linux kernel);
 *   - the device tree magic at +0 (a DTB);
 *   - "HVXHYP01" at +0 (hvx's EL2 image header);
 *   - the 64-bit "hvx-canary=N" from /chosen/bootargs at +0, if given, so
 *     a test can plant a value in host memory and look for it.
 * "hvx-probe-stride=N" in the bootargs changes the 2 MiB step (e.g. 4096,
 * to look at every page: slow under a hypervisor, one exit a load).
 *
 * Prints per range "hvx-guest: probe: <range>: N loads, A aborted,
 * D returned data, S signatures", then "hvx-guest: probe: ok: no host or
 * hypervisor data seen", or a "LEAK" line per hit and
 * "hvx-guest: probe: failed"; then SYSTEM_OFF.
 *
 * A correct hypervisor: nothing outside the guest's RAM is host memory.
 * Every load is an MMIO exit to the VMM (valid syndrome: plain LDR) and
 * gets what the VMM answers, or an abort; the guest ends with "ok", or the
 * VMM ends the VM at its first unclaimed MMIO access. Plain QEMU: loads
 * from devices return their registers, the rest abort; "ok".
 */
#include "guest.h"
#include "access.h"

GUEST_NAME("probe");

#define PROBE_STRIDE		0x200000UL
#define PROBE_SPAN		0x100000000UL	/* RAM base + 4 GiB */
#define FDT_MAGIC_LE		0xedfe0dd0	/* FDT_MAGIC read little endian */
#define HVX_HYP_MAGIC		0x3130505948585648UL	/* "HVXHYP01" */
#define UART_PAGE		0x1000

struct probe_stats {
	u64 loads, aborted, data, hits;
};

static u64 canary;
static bool have_canary;

static void leak(const char *what, u64 addr, u64 val)
{
	report("LEAK: %s at 0x%llx (read 0x%llx)", what, addr, val);
}

static void probe_one(u64 addr, struct probe_stats *st)
{
	struct guest_caught c;
	u64 v0, v38;

	st->loads += 2;
	if (try_read64(addr, &v0, &c)) {
		st->aborted++;
	} else {
		st->data++;
		if ((u32)v0 == FDT_MAGIC_LE) {
			leak("device tree magic", addr, v0);
			st->hits++;
		}
		if (v0 == HVX_HYP_MAGIC) {
			leak("hvx EL2 image header", addr, v0);
			st->hits++;
		}
		if (have_canary && v0 == canary) {
			leak("the canary", addr, v0);
			st->hits++;
		}
	}
	if (try_read32(addr + IMAGE_MAGIC_OFFSET, &v38, &c)) {
		st->aborted++;
	} else {
		st->data++;
		if (v38 == IMAGE_MAGIC) {
			leak("arm64 Image magic", addr + IMAGE_MAGIC_OFFSET, v38);
			st->hits++;
		}
	}
}

static u64 probe_range(u64 lo, u64 hi, u64 stride)
{
	struct probe_stats st = { 0, 0, 0, 0 };
	u64 a;

	for (a = lo; a < hi && a >= lo; a += stride) {
		if (a >= GUEST_UART_BASE && a < GUEST_UART_BASE + UART_PAGE)
			continue;	/* the console: reads would eat input */
		probe_one(a, &st);
	}
	report("0x%llx-0x%llx: %llu loads, %llu aborted, %llu returned data, %llu signatures",
	       lo, hi - 1, st.loads, st.aborted, st.data, st.hits);
	return st.hits;
}

void guest_main(void)
{
	u64 base = guest.fdt.mem_base;
	u64 end = base + guest.fdt.mem_size;
	u64 stride = PROBE_STRIDE;
	u64 hits = 0;

	have_canary = guest_bootarg_u64("hvx-canary", &canary);
	guest_bootarg_u64("hvx-probe-stride", &stride);
	if (stride < 8 || (stride & 7))
		guest_fail("hvx-probe-stride=%llu: not a multiple of 8", stride);
	report("probing outside ram 0x%llx-0x%llx, stride 0x%llx%s", base,
	       end - 1, stride, have_canary ? ", with a canary" : "");
	hits += probe_range(0, base, stride);
	/* from the first stride boundary after RAM */
	hits += probe_range((end + stride - 1) / stride * stride,
			    base + PROBE_SPAN, stride);
	if (hits) {
		report("failed");
		return;
	}
	report("ok: no host or hypervisor data seen");
}
