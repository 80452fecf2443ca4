// SPDX-License-Identifier: GPL-2.0
/*
 * mmio (hostile): loads and stores of 1, 2, 4 and 8 bytes at the first
 * address after RAM, where the platform has nothing. Each is a plain
 * LDR/STR with no writeback, so a stage-2 fault on it carries a valid
 * syndrome (ESR_EL2.ISV = 1: size, register, direction).
 *
 * Each access prints one line, "hvx-guest: mmio: <access> <addr>: ..."
 * with "completed, value 0x.." or "aborted (esr .., isv .., fsc ..)",
 * then "hvx-guest: mmio: done" and SYSTEM_OFF. In order: read32 and
 * write32 at RAM end, read16 and write16 at +2, read8 and write8 at +1,
 * read64 and write64 at +8.
 *
 * A correct hypervisor: every access is an MMIO exit to the VMM (the run
 * structure has the address, size, direction and, for stores, the value:
 * 0x68767821 for the 32-bit store, 0x7821 for the 16-bit one, 0x21 for
 * the byte, 0x6876782168767821 for the 64-bit one); the guest then goes
 * on with what the VMM answered (a value, or an abort it asked hvx to
 * inject), or the VMM ends the VM.
 * Plain QEMU: the addresses are unassigned, each access gets a synchronous
 * external abort (EC 0x25, FSC 0x10) into the guest, which reports it.
 */
#include "guest.h"
#include "access.h"

GUEST_NAME("mmio");

#define STORE_VALUE	0x6876782168767821UL	/* "!xvh!xvh" */

void guest_main(void)
{
	u64 addr = guest.fdt.mem_base + guest.fdt.mem_size;
	struct guest_caught c;
	u64 val;
	bool f;

	report("accessing 0x%llx, just after RAM", addr);
	f = try_read32(addr, &val, &c);
	report_access("read32", addr, f, val, &c);
	f = try_write32(addr, (u32)STORE_VALUE, &c);
	report_access("write32", addr, f, 0, &c);
	f = try_read16(addr + 2, &val, &c);
	report_access("read16", addr + 2, f, val, &c);
	f = try_write16(addr + 2, STORE_VALUE & 0xffff, &c);
	report_access("write16", addr + 2, f, 0, &c);
	f = try_read8(addr + 1, &val, &c);
	report_access("read8", addr + 1, f, val, &c);
	f = try_write8(addr + 1, STORE_VALUE & 0xff, &c);
	report_access("write8", addr + 1, f, 0, &c);
	f = try_read64(addr + 8, &val, &c);
	report_access("read64", addr + 8, f, val, &c);
	f = try_write64(addr + 8, STORE_VALUE, &c);
	report_access("write64", addr + 8, f, 0, &c);
	report("done");
}
