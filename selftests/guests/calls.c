// SPDX-License-Identifier: GPL-2.0
/*
 * calls: hvx's guest call ABI (uapi/hvx-guest.h) from a guest.
 *
 * First what any hypervisor must get right, hvx or none: brk #0x800 and
 * brk #0 reach the guest's own vector (EC 0x3C, the immediate, ELR = the
 * BRK), and MDCCSR_EL0 reads without the call signature in x7 read an
 * idle DCC (0) and change no register. Then VERSION through each door:
 * if no door answers, "not under hvx" and power off (plain QEMU). Under
 * hvx, through HVC, BRK and DCC alike:
 *   - NOP, VERSION, FEATURES (of each service, and of unknown ones),
 *     COUNTER_FREQ (== CNTFRQ_EL0), VCPU_ID (on every vCPU), YIELD,
 *     CONSOLE_READ give the documented results, the same through each door;
 *   - unknown function ids give NOT_SUPPORTED in x0;
 *   - x4-x30, SP and NZCV survive a call, and execution goes on at the
 *     instruction after the call;
 *   - CONSOLE_WRITE of known lines ("hvx-console: calls ..."), LOG of
 *     known lines ("hvx-calls log via <door> 0x68767821"), and the byte
 *     limits (INVALID);
 *   - a DCC call from EL0; the host's services from EL0 through DCC and
 *     BRK: DENIED, and nothing done (SHUTDOWN RESET among them);
 *   - the VMware backdoor (GETVERSION, GETHZ, GETMHZ, GET_VCPU_INFO and an
 *     unknown command) through mrs xzr, mdccsr_el0, brk #0x86, hvc #0x86,
 *     and from EL0.
 * Problems are "error: ..." lines. Then one line with what it did, named
 * as hvx's sysfs counters ("counts: calls_hvc=N ..."), "ok" or "failed",
 * an optional pause (bootarg hvx-calls-wait=SECONDS) while nothing calls,
 * so that a test can read the counters, and SHUTDOWN OFF through DCC.
 * Bootarg hvx-calls-end=1: only the probe, then SHUTDOWN RESET via BRK.
 * If a SHUTDOWN call returns, the guest says so and ends with the other
 * PSCI call (reset for off, off for reset), so the VMM's status shows it.
 */
#include <hvx-guest.h>
#include "guest.h"
#include "callregs.h"
#include "el0.h"

GUEST_NAME("calls");

enum door { DOOR_HVC, DOOR_BRK, DOOR_DCC, NR_DOORS };
static const char * const door_name[NR_DOORS] = { "hvc", "brk", "dcc" };

/* The VMware backdoor's doors, and its constants (backdoor_def.h) */
enum vdoor { VDOOR_MRS, VDOOR_BRK, VDOOR_HVC, NR_VDOORS };
static const char * const vdoor_name[NR_VDOORS] = {
	"mrs xzr, mdccsr_el0", "brk #0x86", "hvc #0x86"
};

#define VMW_MAGIC		0x564d5868UL
#define VMW_PORT		0x5658UL
#define VMW_X7			(0x86UL << 32 | 0xe)	/* IN EAX, DX */
#define VMW_CMD_GETMHZ		1
#define VMW_CMD_GETVERSION	10
#define VMW_CMD_GETHZ		45
#define VMW_CMD_GET_VCPU_INFO	68
#define VMW_CMD_BAD		999
#define VMW_VERSION_MAGIC	6	/* open-vm-tools' VERSION_MAGIC */
#define VMW_VCPU_RESERVED	BIT(31)
#define VMW_NONE		0xffffffffUL

#define ALL_SERVICES		((1UL << HVX_GUEST_NR_CALLS) - 1)
#define RET_NOT_SUPPORTED	((unsigned long)HVX_GUEST_RET_NOT_SUPPORTED)
#define RET_INVALID		((unsigned long)HVX_GUEST_RET_INVALID)
#define CPU_TIMEOUT_US		5000000
#define LOG_TAG			"0x68767821"

/* What the guest did, named as hvx's sysfs counters of the VM */
static struct {
	u32 calls[NR_DOORS];
	u32 vmware[NR_VDOORS];
	u32 reflected_brk;
	u32 reflected_debug;
	u32 dcc_idle_reads;
	u32 logs;
	u32 psci;
} made;

static u32 nr_errors;
static u32 cpu_done[GUEST_MAX_CPUS];

/* One "error: " line; summary lines are printed only if there was none. */
#define fail(fmt, ...) do {						\
	report("error: " fmt, ##__VA_ARGS__);				\
	WRITE_ONCE(nr_errors, READ_ONCE(nr_errors) + 1);		\
} while (0)

static void call(enum door d, unsigned long fn, unsigned long a1,
		 unsigned long a2, unsigned long a3, unsigned long a4,
		 unsigned long a5, unsigned long a6, struct hvx_guest_res *r)
{
	switch (d) {
	case DOOR_HVC:
		hvx_guest_call_hvc(fn, a1, a2, a3, a4, a5, a6, r);
		break;
	case DOOR_BRK:
		hvx_guest_call_brk(fn, a1, a2, a3, a4, a5, a6, r);
		break;
	default:
		hvx_guest_call_dcc(fn, a1, a2, a3, a4, a5, a6, r);
		break;
	}
	/*
	 * Through HVC, only the vendor hypervisor range (either calling
	 * convention) is hvx's; other ids are firmware calls for the host.
	 */
	if (d != DOOR_HVC || ((u32)fn & 0xBFFF0000U) == 0x86000000U)
		made.calls[d]++;
}

static void call1(enum door d, unsigned long fn, unsigned long a1,
		  struct hvx_guest_res *r)
{
	call(d, fn, a1, 0, 0, 0, 0, 0, r);
}

/*
 * An error line ending with the result registers x[0..3]: "...; got x0 ..
 * x1 .. x2 .. x3 .." (w32: as 32-bit w0-w3, for the VMware backdoor).
 */
static void __printf(3, 4) fail_got(const unsigned long *x, bool w32,
				    const char *fmt, ...)
{
	va_list ap;
	unsigned int i;

	guest_printf("hvx-guest: %s: error: ", guest_name);
	va_start(ap, fmt);
	guest_vprintf(fmt, ap);
	va_end(ap);
	guest_printf(";");
	for (i = 0; i < 4; i++) {
		if (w32)
			guest_printf(" %sw%u 0x%x", i ? "" : "got ", i, (u32)x[i]);
		else
			guest_printf(" %sx%u 0x%lx", i ? "" : "got ", i, x[i]);
	}
	uart_putc('\n');
	WRITE_ONCE(nr_errors, READ_ONCE(nr_errors) + 1);
}

#define fail_res(r, fmt, ...)	fail_got(&(r)->a0, false, fmt, ##__VA_ARGS__)

/* --- what any hypervisor must get right -------------------------------- */

static struct {
	bool caught;
	unsigned int vec;
	u64 esr, elr, spsr;
} brk_seen;

static bool brk_hook(struct guest_regs *regs, unsigned int vec)
{
	if ((vec & VEC_KIND_MASK) != VEC_SYNC || brk_seen.caught)
		return false;
	brk_seen.caught = true;
	brk_seen.vec = vec;
	brk_seen.esr = regs->esr;
	brk_seen.elr = regs->elr;
	brk_seen.spsr = regs->spsr;
	regs->elr += A64_INSN_SIZE;
	return true;
}

static __attribute__((noinline)) u64 brk_800(void)
{
	u64 at;

	asm volatile("adr %0, 1f\n1:\tbrk #0x800" : "=r" (at) : : "memory");
	return at;
}

static __attribute__((noinline)) u64 brk_0(void)
{
	u64 at;

	asm volatile("adr %0, 1f\n1:\tbrk #0" : "=r" (at) : : "memory");
	return at;
}

/* The guest's own BRKs come back to its vector as if hvx were not there. */
static void check_brk_reflected(unsigned int imm, u64 (*brk)(void))
{
	u64 want_esr = (u64)EC_BRK64 << ESR_EC_SHIFT | ESR_IL | imm;
	unsigned int want_vec = VEC_CUR_SPX << VEC_ORIGIN_SHIFT | VEC_SYNC;
	u64 at;

	brk_seen.caught = false;
	guest_set_exception_hook(brk_hook);
	dsb_sy();
	at = brk();
	dsb_sy();
	guest_set_exception_hook(NULL);
	made.reflected_brk++;
	if (!brk_seen.caught) {
		fail("brk #0x%x at 0x%llx: did not reach the guest's vector", imm, at);
		return;
	}
	report("brk #0x%x: reached the guest's vector (%s, esr 0x%llx, elr 0x%llx, spsr 0x%llx)",
	       imm, guest_vector_name(brk_seen.vec), brk_seen.esr,
	       brk_seen.elr, brk_seen.spsr);
	if (brk_seen.vec != want_vec)
		fail("brk #0x%x: through the %s vector, expected sync EL1h",
		     imm, guest_vector_name(brk_seen.vec));
	if (brk_seen.esr != want_esr)
		fail("brk #0x%x: esr 0x%llx, expected 0x%llx (EC 0x3c, IL, the immediate)",
		     imm, brk_seen.esr, want_esr);
	if (brk_seen.elr != at)
		fail("brk #0x%x: elr 0x%llx, expected the brk's address 0x%llx",
		     imm, brk_seen.elr, at);
	/* EL1h, DAIF masked as the guest runs; NZCV is whatever it was */
	if ((brk_seen.spsr & 0x0fffffffUL) != 0x3c5)
		fail("brk #0x%x: spsr 0x%llx, expected EL1h with DAIF masked (0x3c5)",
		     imm, brk_seen.spsr);
}

/* An MDCCSR_EL0 read with x0 = a call's id, but x7 not the signature. */
static void check_dcc_idle(u64 x7val)
{
	register unsigned long x0 asm("x0") = HVX_GUEST_CALL_VERSION;
	register unsigned long x1 asm("x1") = 0x1111;
	register unsigned long x2 asm("x2") = 0x2222;
	register unsigned long x3 asm("x3") = 0x3333;
	register unsigned long x7 asm("x7") = x7val;
	unsigned long v = 0xdead;

	asm volatile("mrs %4, mdccsr_el0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3), "=&r" (v)
		     : "r" (x7) : "memory");
	made.dcc_idle_reads++;
	if (v != 0) {
		fail("dcc idle read (x7 0x%llx): mdccsr_el0 = 0x%lx, expected 0 (idle)",
		     x7val, v);
	} else if (x0 != HVX_GUEST_CALL_VERSION || x1 != 0x1111 ||
		   x2 != 0x2222 || x3 != 0x3333) {
		unsigned long got[4] = { x0, x1, x2, x3 };

		fail_got(got, false, "dcc idle read (x7 0x%llx) taken for a call",
			 x7val);
	} else {
		report("dcc idle read (x7 0x%llx): 0, no call", x7val);
	}
}

/* --- is hvx there ------------------------------------------------------- */

/* VERSION through door d, any exception caught; true if hvx answered. */
static bool probe_door(enum door d)
{
	struct hvx_guest_res r = { 0xdead, 0xdead, 0xdead, 0xdead };
	struct guest_caught c;
	const char *what;

	guest_catch_begin();
	call1(d, HVX_GUEST_CALL_VERSION, 0, &r);
	if (guest_catch_end(&c)) {
		made.calls[d]--;
		what = esr_ec(c.esr) == EC_BRK64 ? "reached the guest's own vector" :
		       esr_ec(c.esr) == EC_UNKNOWN ? "undefined" : "exception";
		report("probe: VERSION via %s: %s (esr 0x%llx, elr 0x%llx)",
		       door_name[d], what, c.esr, c.elr);
		return false;
	}
	if (r.a0 == HVX_GUEST_RET_SUCCESS && r.a1 == HVX_GUEST_ABI_VERSION)
		return true;
	made.calls[d]--;
	report("probe: VERSION via %s: no answer from hvx (x0 0x%lx x1 0x%lx)",
	       door_name[d], r.a0, r.a1);
	return false;
}

/* --- hvx's services ----------------------------------------------------- */

/* The results of the four EL2 services on this vCPU, through every door. */
static void check_services(unsigned int cpu)
{
	u64 freq = read_sysreg(cntfrq_el0);
	u64 mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	u32 errors = READ_ONCE(nr_errors);
	struct hvx_guest_res r[NR_DOORS];
	enum door d;

	for (d = 0; d < NR_DOORS; d++) {
		call1(d, HVX_GUEST_CALL_NOP, 0, &r[d]);
		if (r[d].a0 != HVX_GUEST_RET_SUCCESS)
			fail_res(&r[d], "cpu %u: NOP via %s: expected x0 0",
				 cpu, door_name[d]);

		call1(d, HVX_GUEST_CALL_VERSION, 0, &r[d]);
		if (r[d].a0 != HVX_GUEST_RET_SUCCESS ||
		    r[d].a1 != HVX_GUEST_ABI_VERSION || r[d].a2 != ALL_SERVICES)
			fail_res(&r[d], "cpu %u: VERSION via %s: expected x0 0 x1 0x%x x2 0x%lx",
				 cpu, door_name[d], HVX_GUEST_ABI_VERSION,
				 ALL_SERVICES);

		call1(d, HVX_GUEST_CALL_COUNTER_FREQ, 0, &r[d]);
		if (r[d].a0 != HVX_GUEST_RET_SUCCESS || r[d].a1 != freq)
			fail_res(&r[d], "cpu %u: COUNTER_FREQ via %s: expected x0 0 x1 %llu",
				 cpu, door_name[d], freq);

		call1(d, HVX_GUEST_CALL_VCPU_ID, 0, &r[d]);
		if (r[d].a0 != HVX_GUEST_RET_SUCCESS || r[d].a1 != cpu ||
		    r[d].a2 != mpidr)
			fail_res(&r[d], "cpu %u: VCPU_ID via %s: expected x0 0 x1 %u x2 0x%llx",
				 cpu, door_name[d], cpu, mpidr);
	}
	if (READ_ONCE(nr_errors) == errors)
		report("cpu %u: hvc, brk, dcc: COUNTER_FREQ %llu, VCPU_ID %u, mpidr 0x%llx",
		       cpu, freq, cpu, mpidr);
}

/* r[] through each door must agree on x0..x(nres - 1). */
static void same_results(const char *what, const struct hvx_guest_res *r,
			 unsigned int nres)
{
	enum door d;

	for (d = 1; d < NR_DOORS; d++) {
		const unsigned long *a = &r[0].a0, *b = &r[d].a0;
		unsigned int i;

		for (i = 0; i < nres; i++)
			if (a[i] != b[i])
				fail("%s: x%u is 0x%lx via hvc but 0x%lx via %s",
				     what, i, a[i], b[i], door_name[d]);
	}
}

static void check_features(void)
{
	struct hvx_guest_res r[NR_DOORS];
	unsigned long fn, unknown[] = {
		HVX_GUEST_CALL(HVX_GUEST_NR_CALLS), HVX_GUEST_CALL(0xffff)
	};
	u32 errors = READ_ONCE(nr_errors);
	unsigned int i;
	enum door d;

	for (i = 0; i < HVX_GUEST_NR_CALLS + ARRAY_SIZE(unknown); i++) {
		fn = i < HVX_GUEST_NR_CALLS ? HVX_GUEST_CALL(i) :
		     unknown[i - HVX_GUEST_NR_CALLS];
		for (d = 0; d < NR_DOORS; d++) {
			unsigned long want = i < HVX_GUEST_NR_CALLS ?
					     0 : RET_NOT_SUPPORTED;

			call1(d, HVX_GUEST_CALL_FEATURES, fn, &r[d]);
			if (r[d].a0 != want)
				fail("FEATURES(0x%lx) via %s: x0 0x%lx, expected 0x%lx",
				     fn, door_name[d], r[d].a0, want);
		}
		same_results("FEATURES", r, 1);
	}
	if (READ_ONCE(nr_errors) == errors)
		report("FEATURES: 0-%u yes, 0x%lx and 0x%lx no, via hvc, brk, dcc",
		       HVX_GUEST_NR_CALLS - 1, unknown[0], unknown[1]);
}

static void check_unknown(void)
{
	static const unsigned long bad[] = {
		HVX_GUEST_CALL(HVX_GUEST_NR_CALLS), HVX_GUEST_CALL(0x7f),
		HVX_GUEST_CALL(0xffff), 0x86000001UL, 0
	};
	u32 errors = READ_ONCE(nr_errors);
	struct hvx_guest_res r;
	unsigned int i;
	enum door d;

	for (d = 0; d < NR_DOORS; d++) {
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			call(d, bad[i], 1, 2, 3, 4, 5, 6, &r);
			if (r.a0 != RET_NOT_SUPPORTED)
				fail("unknown function 0x%lx via %s: x0 0x%lx, not NOT_SUPPORTED",
				     bad[i], door_name[d], r.a0);
		}
	}
	if (READ_ONCE(nr_errors) == errors)
		report("unknown functions: NOT_SUPPORTED through hvc, brk, dcc");
}

static void check_host_services(void)
{
	u32 errors = READ_ONCE(nr_errors);
	struct hvx_guest_res r[NR_DOORS];
	enum door d;

	for (d = 0; d < NR_DOORS; d++) {
		call1(d, HVX_GUEST_CALL_YIELD, 0, &r[d]);
		if (r[d].a0 != HVX_GUEST_RET_SUCCESS)
			fail_res(&r[d], "YIELD via %s: expected x0 0",
				 door_name[d]);
	}
	same_results("YIELD", r, 1);
	for (d = 0; d < NR_DOORS; d++) {
		call1(d, HVX_GUEST_CALL_CONSOLE_READ, HVX_GUEST_READ_MAX, &r[d]);
		if (r[d].a0 != HVX_GUEST_RET_SUCCESS ||
		    r[d].a1 > HVX_GUEST_READ_MAX)
			fail_res(&r[d], "CONSOLE_READ(%u) via %s: expected x0 0 x1 <= %u",
				 HVX_GUEST_READ_MAX, door_name[d],
				 HVX_GUEST_READ_MAX);
	}
	if (READ_ONCE(nr_errors) == errors)
		report("YIELD, CONSOLE_READ (%lu, %lu, %lu bytes) through hvc, brk, dcc",
		       r[0].a1, r[1].a1, r[2].a1);
}

/* bytes s[0..n) into a[0..4] (x2-x6), little endian */
static void pack(const char *s, size_t n, unsigned long a[5])
{
	size_t i;

	for (i = 0; i < 5; i++)
		a[i] = 0;
	for (i = 0; i < n && i < HVX_GUEST_WRITE_MAX; i++)
		a[i / 8] |= (unsigned long)(u8)s[i] << (8 * (i % 8));
}

/* CONSOLE_WRITE or LOG of n bytes of s via d; fails unless x0/x1 = want */
static void put(enum door d, unsigned long fn, const char *s, size_t n,
		unsigned long want)
{
	const char *what = fn == HVX_GUEST_CALL_LOG ? "LOG" : "CONSOLE_WRITE";
	struct hvx_guest_res r;
	unsigned long a[5];

	pack(s, n, a);
	call(d, fn, n, a[0], a[1], a[2], a[3], a[4], &r);
	if (r.a0 != want)
		fail("%s of %zu bytes via %s: x0 0x%lx, expected 0x%lx",
		     what, n, door_name[d], r.a0, want);
	else if (want == HVX_GUEST_RET_SUCCESS &&
		 fn == HVX_GUEST_CALL_CONSOLE_WRITE && r.a1 != n)
		fail("CONSOLE_WRITE of %zu bytes via %s: x1 %lu, expected %zu",
		     n, door_name[d], r.a1, n);
	else if (want == HVX_GUEST_RET_SUCCESS && fn == HVX_GUEST_CALL_LOG)
		made.logs++;
}

static void check_console_and_log(void)
{
	static const char long_line[] =
		"hvx-console: calls: a line of 72 bytes, written 40 at a time via dcc\n";
	u32 errors = READ_ONCE(nr_errors);
	char line[HVX_GUEST_WRITE_MAX];
	struct hvx_guest_res r;
	enum door d;
	size_t n;

	for (d = 0; d < NR_DOORS; d++) {
		/* "hvx-console: calls via hvc\n" */
		memcpy(line, "hvx-console: calls via ", 23);
		memcpy(line + 23, door_name[d], 3);
		line[26] = '\n';
		put(d, HVX_GUEST_CALL_CONSOLE_WRITE, line, 27, 0);

		/* "hvx-calls log via hvc 0x68767821" */
		memcpy(line, "hvx-calls log via ", 18);
		memcpy(line + 18, door_name[d], 3);
		line[21] = ' ';
		memcpy(line + 22, LOG_TAG, 10);
		put(d, HVX_GUEST_CALL_LOG, line, 32, 0);
	}
	n = sizeof(long_line) - 1;
	put(DOOR_DCC, HVX_GUEST_CALL_CONSOLE_WRITE, long_line,
	    HVX_GUEST_WRITE_MAX, 0);
	put(DOOR_DCC, HVX_GUEST_CALL_CONSOLE_WRITE,
	    long_line + HVX_GUEST_WRITE_MAX, n - HVX_GUEST_WRITE_MAX, 0);

	/* over the limits: INVALID, nothing written */
	put(DOOR_HVC, HVX_GUEST_CALL_CONSOLE_WRITE, "hvx-console: too long\n",
	    HVX_GUEST_WRITE_MAX + 1, RET_INVALID);
	put(DOOR_BRK, HVX_GUEST_CALL_LOG, "hvx-calls log too long",
	    HVX_GUEST_WRITE_MAX + 1, RET_INVALID);
	call1(DOOR_DCC, HVX_GUEST_CALL_CONSOLE_READ, HVX_GUEST_READ_MAX + 1, &r);
	if (r.a0 != RET_INVALID)
		fail("CONSOLE_READ(%u) via dcc: x0 0x%lx, expected INVALID (0x%lx)",
		     HVX_GUEST_READ_MAX + 1, r.a0, RET_INVALID);
	if (READ_ONCE(nr_errors) == errors)
		report("CONSOLE_WRITE and LOG via hvc, brk, dcc; INVALID over the limits");
}

/*
 * SHUTDOWN with a type that is neither OFF nor RESET: INVALID. Last of the
 * checks, after a line saying so: a VMM that ends the VM here stops the
 * guest at that line.
 */
static void check_bad_shutdown(void)
{
	struct hvx_guest_res r;

	report("SHUTDOWN(7), no such type, via hvc: expecting INVALID");
	call1(DOOR_HVC, HVX_GUEST_CALL_SHUTDOWN, 7, &r);
	if (r.a0 != RET_INVALID)
		fail("SHUTDOWN(7) via hvc: x0 0x%lx, expected INVALID (0x%lx)",
		     r.a0, RET_INVALID);
	else
		report("SHUTDOWN(7): INVALID");
}

enum regs_kind { REGS_HVX, REGS_VMWARE, REGS_IDLE };

/*
 * x4-x30 (x6-x30 for VMware, all for an idle DCC read), SP, NZCV and
 * where the PC goes on, across one call.
 */
static void check_regs(const char *what, void (*fn)(const struct call_regs *,
						    struct call_regs *),
		       enum regs_kind kind)
{
	static const unsigned int kept_from[] = {
		[REGS_HVX] = 4, [REGS_VMWARE] = 6, [REGS_IDLE] = 0
	};
	bool vmware = kind == REGS_VMWARE;
	unsigned int i, first_kept = kept_from[kind];
	struct call_regs in, out;
	bool good = true;

	for (i = 0; i < 31; i++)
		in.x[i] = 0x6876780000000000UL | (u64)i << 32 | (0xa5a5 ^ i);
	memset(&out, 0, sizeof(out));
	in.nzcv = 0x90000000;	/* N and V */
	if (vmware) {
		in.x[0] = VMW_MAGIC;
		in.x[1] = ~VMW_MAGIC;
		in.x[2] = VMW_CMD_GETVERSION;
		in.x[3] = VMW_PORT;
		in.x[7] = VMW_X7;
	} else {
		in.x[0] = HVX_GUEST_CALL_VERSION;
		if (kind == REGS_HVX && fn == callregs_dcc)
			in.x[7] = HVX_GUEST_DCC_X7;
	}
	fn(&in, &out);
	if (out.landed != CALLREGS_LANDED_NEXT) {
		fail("%s: execution went on %llu instruction(s) after the one following the call",
		     what, out.landed - CALLREGS_LANDED_NEXT);
		good = false;
	}
	if (out.sp_after != out.sp_before) {
		fail("%s: sp 0x%llx before the call, 0x%llx after", what,
		     out.sp_before, out.sp_after);
		good = false;
	}
	if (out.nzcv != in.nzcv) {
		fail("%s: nzcv 0x%llx before the call, 0x%llx after", what,
		     in.nzcv, out.nzcv);
		good = false;
	}
	for (i = first_kept; i < 31; i++) {
		if (out.x[i] != in.x[i]) {
			fail("%s: x%u changed across the call: 0x%llx -> 0x%llx",
			     what, i, in.x[i], out.x[i]);
			good = false;
		}
	}
	if (vmware) {
		if ((u32)out.x[0] != VMW_VERSION_MAGIC ||
		    (u32)out.x[1] != VMW_MAGIC) {
			fail("%s: GETVERSION gave x0 0x%llx x1 0x%llx, expected w0 %u w1 0x%lx",
			     what, out.x[0], out.x[1], VMW_VERSION_MAGIC,
			     VMW_MAGIC);
			good = false;
		}
	} else if (kind == REGS_HVX && (out.x[0] != HVX_GUEST_RET_SUCCESS ||
		   out.x[1] != HVX_GUEST_ABI_VERSION ||
		   out.x[2] != ALL_SERVICES)) {
		fail("%s: VERSION gave x0 0x%llx x1 0x%llx x2 0x%llx", what,
		     out.x[0], out.x[1], out.x[2]);
		good = false;
	}
	if (good)
		report("%s: x%u-x30, sp, nzcv kept; went on after the call",
		       what, first_kept);
}

static void check_all_regs(void)
{
	check_regs("regs via hvc", callregs_hvc0, REGS_HVX);
	made.calls[DOOR_HVC]++;
	check_regs("regs via brk", callregs_brk_hvx, REGS_HVX);
	made.calls[DOOR_BRK]++;
	check_regs("regs via dcc", callregs_dcc, REGS_HVX);
	made.calls[DOOR_DCC]++;
	check_regs("vmware regs via mrs", callregs_dcc, REGS_VMWARE);
	made.vmware[VDOOR_MRS]++;
	check_regs("vmware regs via brk #0x86", callregs_brk86, REGS_VMWARE);
	made.vmware[VDOOR_BRK]++;
	check_regs("vmware regs via hvc #0x86", callregs_hvc86, REGS_VMWARE);
	made.vmware[VDOOR_HVC]++;
}

/* --- the VMware backdoor ------------------------------------------------ */

struct vmw_res {
	unsigned long x[6];	/* EAX, EBX, ECX, EDX, ESI, EDI */
};

static void vmw(enum vdoor d, unsigned long cmd, unsigned long bx,
		struct vmw_res *r)
{
	register unsigned long x0 asm("x0") = VMW_MAGIC;
	register unsigned long x1 asm("x1") = bx;
	register unsigned long x2 asm("x2") = cmd;
	register unsigned long x3 asm("x3") = VMW_PORT;
	register unsigned long x4 asm("x4") = 0;
	register unsigned long x5 asm("x5") = 0;
	register unsigned long x7 asm("x7") = VMW_X7;

	switch (d) {
	case VDOOR_MRS:
		asm volatile("mrs xzr, mdccsr_el0"
			     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3),
			       "+r" (x4), "+r" (x5) : "r" (x7) : "memory");
		break;
	case VDOOR_BRK:
		asm volatile("brk #0x86"
			     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3),
			       "+r" (x4), "+r" (x5) : "r" (x7) : "memory");
		break;
	default:
		asm volatile("hvc #0x86"
			     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3),
			       "+r" (x4), "+r" (x5) : "r" (x7) : "memory");
		break;
	}
	r->x[0] = x0;
	r->x[1] = x1;
	r->x[2] = x2;
	r->x[3] = x3;
	r->x[4] = x4;
	r->x[5] = x5;
	made.vmware[d]++;
}

#define fail_vmw(r, fmt, ...)	fail_got((r)->x, true, fmt, ##__VA_ARGS__)

static void check_vmware(void)
{
	u64 freq = read_sysreg(cntfrq_el0);
	struct vmw_res r[NR_VDOORS];
	enum vdoor d;
	u64 hz;

	for (d = 0; d < NR_VDOORS; d++) {
		vmw(d, VMW_CMD_GETVERSION, (u32)~VMW_MAGIC, &r[d]);
		if ((u32)r[d].x[0] != VMW_VERSION_MAGIC ||
		    (u32)r[d].x[1] != VMW_MAGIC)
			fail_vmw(&r[d], "vmware GETVERSION via %s: expected w0 %u w1 0x%lx",
				 vdoor_name[d], VMW_VERSION_MAGIC, VMW_MAGIC);
	}
	report("vmware GETVERSION: version %u, magic 0x%x, product type %u",
	       (u32)r[0].x[0], (u32)r[0].x[1], (u32)r[0].x[2]);
	for (d = 1; d < NR_VDOORS; d++)
		if (memcmp(&r[0], &r[d], sizeof(r[0])))
			fail_vmw(&r[d], "vmware GETVERSION: via %s not as via %s",
				 vdoor_name[d], vdoor_name[0]);

	/* exactly what open-vm-tools' VmCheck_GetVersion() passes */
	vmw(VDOOR_MRS, 0xffff0000UL | VMW_CMD_GETVERSION, ~VMW_MAGIC, &r[0]);
	if ((u32)r[0].x[0] != VMW_VERSION_MAGIC || (u32)r[0].x[1] != VMW_MAGIC)
		fail_vmw(&r[0], "vmware GETVERSION with ecx 0xffff000a (VmCheck_GetVersion)");

	for (d = 0; d < NR_VDOORS; d++) {
		vmw(d, VMW_CMD_GETHZ, VMW_NONE, &r[d]);
		hz = (u32)r[d].x[0] | (u64)(u32)r[d].x[1] << 32;
		if ((u32)r[d].x[1] == VMW_NONE || hz != freq)
			fail_vmw(&r[d], "vmware GETHZ via %s: %llu Hz, expected %llu",
				 vdoor_name[d], hz, freq);
	}
	report("vmware GETHZ: %llu Hz", (u64)(u32)r[0].x[0] |
	       (u64)(u32)r[0].x[1] << 32);

	for (d = 0; d < NR_VDOORS; d++) {
		vmw(d, VMW_CMD_GETMHZ, VMW_NONE, &r[d]);
		if ((u32)r[d].x[0] == 0 || (u32)r[d].x[0] == VMW_NONE)
			fail_vmw(&r[d], "vmware GETMHZ via %s: expected MHz in w0",
				 vdoor_name[d]);
		if ((u32)r[d].x[0] != (u32)r[0].x[0])
			fail("vmware GETMHZ: %u via %s, %u via %s",
			     (u32)r[0].x[0], vdoor_name[0], (u32)r[d].x[0],
			     vdoor_name[d]);
	}
	report("vmware GETMHZ: %u MHz", (u32)r[0].x[0]);

	for (d = 0; d < NR_VDOORS; d++) {
		vmw(d, VMW_CMD_GET_VCPU_INFO, 0, &r[d]);
		if (r[d].x[0] & VMW_VCPU_RESERVED)
			fail_vmw(&r[d], "vmware GET_VCPU_INFO via %s: bit 31 (unsupported)",
				 vdoor_name[d]);
		if ((u32)r[d].x[0] != (u32)r[0].x[0])
			fail("vmware GET_VCPU_INFO: 0x%x via %s, 0x%x via %s",
			     (u32)r[0].x[0], vdoor_name[0], (u32)r[d].x[0],
			     vdoor_name[d]);
	}
	report("vmware GET_VCPU_INFO: 0x%x", (u32)r[0].x[0]);

	for (d = 0; d < NR_VDOORS; d++) {
		vmw(d, VMW_CMD_BAD, VMW_NONE, &r[d]);
		if ((u32)r[d].x[0] != VMW_NONE)
			fail_vmw(&r[d], "vmware command %u via %s: expected w0 0xffffffff",
				 VMW_CMD_BAD, vdoor_name[d]);
	}
	report("vmware command %u: w0 0x%x", VMW_CMD_BAD, (u32)r[0].x[0]);
}

/* --- debug exceptions ---------------------------------------------------- */

#define MDSCR_EL1_SS		BIT(0)
#define SPSR_SS			BIT(21)
#define SPSR_EL0T_DAIF		0x3c0
#define SPSR_EL1H_DAIF		0x3c5
#define STEPS			3

/* The ELRs of the step exceptions the guest's vector saw. */
static struct {
	unsigned int n;
	u64 elr[STEPS + 1];
	u64 done;		/* where the stepped code returns to EL1 */
} stepped;

static bool step_hook(struct guest_regs *regs, unsigned int vec)
{
	if (vec != ((VEC_LOW_A64 << VEC_ORIGIN_SHIFT) | VEC_SYNC))
		return false;
	switch (esr_ec(regs->esr)) {
	case EC_SOFTSTP_LOW:
		if (stepped.n <= STEPS)
			stepped.elr[stepped.n] = regs->elr;
		stepped.n++;
		regs->spsr |= SPSR_SS;	/* and the next instruction */
		return true;
	case EC_SVC64:			/* the end of the stepped code */
		regs->elr = stepped.done;
		regs->spsr = SPSR_EL1H_DAIF;
		return true;
	default:
		return false;
	}
}

/*
 * Single-step three NOPs at EL0 (MDSCR_EL1.SS, SPSR.SS): MDCR_EL2.TDE
 * takes each step exception to EL2, which must give it to the guest's own
 * vector (EC 0x32, ELR = the next instruction), as on hardware without
 * a hypervisor.
 */
static void check_step(void)
{
	unsigned int i;
	u64 code;

	/* The labels of the asm below (same assembly file). */
	asm volatile("adr %0, step_code\n\tadr %1, step_done"
		     : "=r" (code), "=r" (stepped.done));
	stepped.n = 0;
	guest_set_exception_hook(step_hook);
	asm volatile("msr mdscr_el1, %0\n\t"
		     "isb\n\t"
		     "adr x9, step_code\n\t"
		     "msr elr_el1, x9\n\t"
		     "msr spsr_el1, %1\n\t"
		     "eret\n"
		     "step_code:\n\t"
		     "nop\n\tnop\n\tnop\n\t"
		     "svc #0\n"
		     "step_done:\n\t"
		     "msr mdscr_el1, xzr\n\t"
		     "isb"
		     : : "r" (MDSCR_EL1_SS), "r" (SPSR_EL0T_DAIF | SPSR_SS)
		     : "x9", "memory");
	guest_set_exception_hook(NULL);
	made.reflected_debug += stepped.n;
	if (stepped.n != STEPS) {
		fail("single step of %u instructions at EL0: %u step exceptions",
		     STEPS, stepped.n);
		return;
	}
	for (i = 0; i < STEPS; i++)
		if (stepped.elr[i] != code + (i + 1) * A64_INSN_SIZE)
			fail("step %u: elr 0x%llx, expected 0x%llx", i,
			     stepped.elr[i], code + (i + 1) * A64_INSN_SIZE);
	report("single step at EL0: %u step exceptions at the guest's vector",
	       stepped.n);
}

/* --- EL0 ---------------------------------------------------------------- */

static u64 el0_idle_read(u64 arg)
{
	u64 v;

	(void)arg;
	asm volatile("mov x7, xzr\n\tmrs %0, mdccsr_el0" : "=r" (v) : : "x7");
	return v;
}

/* Any hypervisor: EL0 may read MDCCSR_EL0 (MDSCR_EL1.TDCC is 0): idle. */
static void check_el0_idle(void)
{
	struct guest_caught c;
	u64 v;

	v = guest_run_el0(el0_idle_read, 0, &c);
	made.dcc_idle_reads++;
	if (v == GUEST_EL0_FAULTED)
		fail("dcc idle read from EL0: exception to EL1 (esr 0x%llx, ec 0x%x, elr 0x%llx)",
		     c.esr, esr_ec(c.esr), c.elr);
	else if (v != 0)
		fail("dcc idle read from EL0: 0x%llx, expected 0 (idle)", v);
	else
		report("dcc idle read from EL0: 0, no call");
}

static struct hvx_guest_res el0_res;
static struct vmw_res el0_vmw;

static u64 el0_calls(u64 arg)
{
	(void)arg;
	hvx_guest_call_dcc(HVX_GUEST_CALL_VERSION, 0, 0, 0, 0, 0, 0, &el0_res);
	vmw(VDOOR_MRS, VMW_CMD_GETVERSION, (u32)~VMW_MAGIC, &el0_vmw);
	return 0x68767821;
}

/*
 * The host's services from EL0, through DCC and BRK: each must be
 * DENIED and do nothing (no console line, no trace line, no yield, no
 * input consumed, no reset), the guest's user space being no more trusted
 * than any program. SHUTDOWN RESET last: where it is obeyed, the VM ends
 * there with status 3.
 */
#define EL0_LINE	"hvx-console: calls: from EL0\n"
#define EL0_LOG		"hvx-calls log from EL0 0x68767821"

/* Within HVX_GUEST_WRITE_MAX: where obeyed, shown and traced. */
static const struct {
	const char *name;
	unsigned long fn, a1;
} el0_host_call[] = {
	{ "YIELD", HVX_GUEST_CALL_YIELD, 0 },
	{ "CONSOLE_WRITE", HVX_GUEST_CALL_CONSOLE_WRITE, sizeof(EL0_LINE) - 1 },
	{ "CONSOLE_READ", HVX_GUEST_CALL_CONSOLE_READ, HVX_GUEST_READ_MAX },
	{ "LOG", HVX_GUEST_CALL_LOG, sizeof(EL0_LOG) - 1 },
	{ "SHUTDOWN", HVX_GUEST_CALL_SHUTDOWN, HVX_GUEST_SHUTDOWN_RESET },
};

#define NR_EL0_HOST_CALLS	ARRAY_SIZE(el0_host_call)

static struct hvx_guest_res el0_host_res[NR_EL0_HOST_CALLS][2];

/* At EL0: every host service through DCC, then through BRK. */
static u64 el0_host_calls(u64 arg)
{
	unsigned long a[5];
	unsigned int i, d;

	(void)arg;
	for (d = 0; d < 2; d++) {
		for (i = 0; i < NR_EL0_HOST_CALLS; i++) {
			struct hvx_guest_res *r = &el0_host_res[i][d];
			unsigned long fn = el0_host_call[i].fn;

			if (fn == HVX_GUEST_CALL_CONSOLE_WRITE)
				pack(EL0_LINE, sizeof(EL0_LINE) - 1, a);
			else if (fn == HVX_GUEST_CALL_LOG)
				pack(EL0_LOG, sizeof(EL0_LOG) - 1, a);
			else
				pack("", 0, a);
			r->a0 = 0xdead;
			if (d)
				hvx_guest_call_brk(fn, el0_host_call[i].a1, a[0],
						   a[1], a[2], a[3], a[4], r);
			else
				hvx_guest_call_dcc(fn, el0_host_call[i].a1, a[0],
						   a[1], a[2], a[3], a[4], r);
		}
	}
	return 0x68767821;
}

static void check_el0_host_services(void)
{
	static const enum door el0_door[2] = { DOOR_DCC, DOOR_BRK };
	u32 errors = READ_ONCE(nr_errors);
	struct guest_caught c;
	unsigned int i, d;
	u64 ret;

	ret = guest_run_el0(el0_host_calls, 0, &c);
	if (ret == GUEST_EL0_FAULTED) {
		fail("host services from EL0: exception to EL1 (esr 0x%llx, ec 0x%x, elr 0x%llx)",
		     c.esr, esr_ec(c.esr), c.elr);
		return;
	}
	for (d = 0; d < 2; d++) {
		made.calls[el0_door[d]] += NR_EL0_HOST_CALLS;
		for (i = 0; i < NR_EL0_HOST_CALLS; i++)
			if (el0_host_res[i][d].a0 !=
			    (unsigned long)HVX_GUEST_RET_DENIED)
				fail_res(&el0_host_res[i][d],
					 "%s via %s from EL0: expected DENIED (x0 %d)",
					 el0_host_call[i].name,
					 door_name[el0_door[d]],
					 HVX_GUEST_RET_DENIED);
	}
	if (ret != 0x68767821)
		fail("EL0 function returned 0x%llx, expected 0x68767821", ret);
	if (READ_ONCE(nr_errors) == errors)
		report("from EL0: %s DENIED via dcc and brk",
		       "YIELD, CONSOLE_WRITE, CONSOLE_READ, LOG, SHUTDOWN");
}

static void check_el0(void)
{
	struct guest_caught c;
	u64 ret;

	el0_res.a0 = 0xdead;
	ret = guest_run_el0(el0_calls, 0, &c);
	if (ret == GUEST_EL0_FAULTED) {
		fail("dcc call from EL0: exception to EL1 (esr 0x%llx, ec 0x%x, elr 0x%llx)%s",
		     c.esr, esr_ec(c.esr), c.elr,
		     esr_ec(c.esr) == EC_SYS64 ? ", MDSCR_EL1.TDCC set?" : "");
		return;
	}
	made.calls[DOOR_DCC]++;
	if (ret != 0x68767821)
		fail("EL0 function returned 0x%llx, expected 0x68767821", ret);
	if (el0_res.a0 != HVX_GUEST_RET_SUCCESS ||
	    el0_res.a1 != HVX_GUEST_ABI_VERSION || el0_res.a2 != ALL_SERVICES)
		fail_res(&el0_res, "VERSION via dcc from EL0");
	else
		report("VERSION via dcc from EL0: 0x%lx", el0_res.a1);
	if ((u32)el0_vmw.x[0] != VMW_VERSION_MAGIC ||
	    (u32)el0_vmw.x[1] != VMW_MAGIC)
		fail_vmw(&el0_vmw, "vmware GETVERSION via mrs from EL0");
	else
		report("vmware GETVERSION via mrs from EL0: version %u",
		       (u32)el0_vmw.x[0]);
}

/* --- every vCPU --------------------------------------------------------- */

void guest_secondary(unsigned int cpu)
{
	check_services(cpu);
	made.psci++;		/* its CPU_OFF */
	dsb_sy();
	WRITE_ONCE(cpu_done[cpu], 1);
	dsb_sy();
}

static void check_vcpus(void)
{
	unsigned int self = guest_this_cpu(), cpu;
	u64 deadline;
	int ret;

	check_services(self);
	for (cpu = 0; cpu < guest.fdt.nr_cpus; cpu++) {
		if (cpu == self)
			continue;
		ret = guest_cpu_on(cpu);
		made.psci++;
		if (ret != PSCI_SUCCESS) {
			fail("CPU_ON cpu %u: %d (%s)", cpu, ret,
			     psci_strerror(ret));
			continue;
		}
		deadline = guest_now_us() + CPU_TIMEOUT_US;
		while (!READ_ONCE(cpu_done[cpu])) {
			if (guest_now_us() > deadline) {
				fail("cpu %u did not finish its calls within %u ms",
				     cpu, CPU_TIMEOUT_US / 1000);
				break;
			}
		}
	}
}

/* --- the end ------------------------------------------------------------ */

static void __noreturn shutdown(enum door d, unsigned long how)
{
	struct hvx_guest_res r;

	report("SHUTDOWN %s via %s", how == HVX_GUEST_SHUTDOWN_OFF ?
	       "OFF" : "RESET", door_name[d]);
	call1(d, HVX_GUEST_CALL_SHUTDOWN, how, &r);
	fail_res(&r, "SHUTDOWN via %s returned", door_name[d]);
	/* the other ending, so that the VMM's exit status shows it */
	if (how == HVX_GUEST_SHUTDOWN_OFF)
		psci_system_reset();
	psci_system_off();
}

static void wait_us(u64 us)
{
	u64 end = guest_now_us() + us;

	while (guest_now_us() < end)
		;
}

void guest_main(void)
{
	u64 end = 0, wait_s = 0;
	unsigned int answered = 0;
	enum door d;

	guest_bootarg_u64("hvx-calls-end", &end);
	guest_bootarg_u64("hvx-calls-wait", &wait_s);
	report("cntfrq %llu, %u vcpus", (u64)read_sysreg(cntfrq_el0),
	       guest.fdt.nr_cpus);

	/* any hypervisor */
	check_brk_reflected(0x800, brk_800);
	check_brk_reflected(0, brk_0);
	check_dcc_idle(0);
	check_dcc_idle(HVX_GUEST_DCC_X7 >> 32);
	check_dcc_idle(HVX_GUEST_DCC_X7 ^ (1UL << 32));
	check_regs("regs across an idle dcc read", callregs_dcc, REGS_IDLE);
	made.dcc_idle_reads++;
	check_el0_idle();

	/* hvx */
	for (d = 0; d < NR_DOORS; d++)
		answered += probe_door(d);
	if (!answered) {
		report("not under hvx: no door answered VERSION");
		report("skipped: the checks of hvx's calls");
		return;
	}
	if (answered != NR_DOORS) {
		fail("only %u of the 3 doors answered VERSION (see the probe lines)",
		     answered);
		report("failed");
		return;
	}
	report("hvx answers on hvc, brk and dcc: ABI version 0x%x",
	       HVX_GUEST_ABI_VERSION);
	if (end == 1)
		shutdown(DOOR_BRK, HVX_GUEST_SHUTDOWN_RESET);

	check_vcpus();
	check_features();
	check_unknown();
	check_all_regs();
	check_host_services();
	check_console_and_log();
	check_vmware();
	check_el0();
	check_el0_host_services();
	check_step();
	check_bad_shutdown();

	report("counts: calls_hvc=%u calls_brk=%u calls_dcc=%u calls_vmware=%u",
	       made.calls[DOOR_HVC], made.calls[DOOR_BRK],
	       made.calls[DOOR_DCC],
	       made.vmware[VDOOR_MRS] + made.vmware[VDOOR_BRK] +
	       made.vmware[VDOOR_HVC]);
	report("counts: reflected_brk=%u reflected_debug=%u dcc_idle_reads=%u guest_logs=%u",
	       made.reflected_brk, made.reflected_debug, made.dcc_idle_reads,
	       made.logs);
	report("vmware by door: mrs=%u brk=%u hvc=%u; psci calls: %u",
	       made.vmware[VDOOR_MRS], made.vmware[VDOOR_BRK],
	       made.vmware[VDOOR_HVC], made.psci);
	report(READ_ONCE(nr_errors) ? "failed" : "ok");
	if (wait_s) {
		report("waiting %llu s, making no calls", wait_s);
		wait_us(wait_s * 1000000);
	}
	shutdown(DOOR_DCC, HVX_GUEST_SHUTDOWN_OFF);
}
