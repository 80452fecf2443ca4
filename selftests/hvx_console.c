// SPDX-License-Identifier: GPL-2.0
/*
 * Consoles in hvx.ko (HVX_VM_CREATE_CONSOLE): the ioctl's checks, the
 * guest's CONSOLE_WRITE/READ calls going to the VM's console instead of
 * user space, the tty /dev/hvxcon<N> named in sysfs (output printed
 * before the first open replayed, two VMs' output apart, input reaching a
 * guest that echoes it, a hangup when the VM goes, no tty shared by an
 * old and a new VM of the same handle), and a flood of output: the ring
 * counts what it drops and the host goes on. The UART's frame is refused
 * over guest RAM or the vGIC's frames, in either order of creation.
 *
 * Guests are hand-encoded (lib/hvx_vm_test.h). Run as root with hvx
 * loaded (tools/hvx-vm does both).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>

#include <linux/hvx.h>
#include <hvx-guest.h>
#include <hvx/gicv3-regs.h>
#include <hvx/pl011-regs.h>

#include "kselftest_harness.h"
#include "lib/hvx_vm_test.h"

#define CALL_WRITE_MAX	HVX_GUEST_WRITE_MAX
#define FLOOD_BYTES	(1024 * 1024)
#define FLOOD_CHUNK	40
#define X_COUNT		20	/* the guests' loop counter */

static int create_console(int vm, uint32_t flags, uint32_t spi, uint64_t base)
{
	struct hvx_vm_console p = {
		.flags = flags, .uart_spi = spi, .uart_base = base,
	};

	return hvx_ioctl(vm, HVX_VM_CREATE_CONSOLE, &p);
}

/* x0 = @fn, x1 = @n, x2.. = the bytes of @s; hvc #0. */
static void emit_call_bytes(struct guest_code *code, uint32_t fn,
			    const char *s, unsigned int n)
{
	uint64_t w;
	unsigned int r, i;

	emit_mov64(code, 0, fn);
	emit_mov64(code, 1, n);
	for (r = 0; r * 8 < n; r++) {
		w = 0;
		for (i = 0; i < 8 && r * 8 + i < n; i++)
			w |= (uint64_t)(uint8_t)s[r * 8 + i] << (8 * i);
		emit_mov64(code, 2 + r, w);
	}
	emit(code, A64_HVC0);
}

/* A guest that writes @s to its console, then powers off. */
static void printer_code(struct guest_code *code, const char *s)
{
	unsigned int len = strlen(s), at, n;

	code_init(code, RAM_BASE);
	for (at = 0; at < len; at += n) {
		n = len - at < CALL_WRITE_MAX ? len - at : CALL_WRITE_MAX;
		emit_call_bytes(code, HVX_GUEST_CALL_CONSOLE_WRITE, s + at, n);
	}
	emit_mov64(code, 0, PSCI_SYSTEM_OFF);
	emit(code, A64_HVC0);
}

/* A guest that writes x20 chunks of 40 bytes ("flood..."), then powers off. */
static void flood_code(struct guest_code *code)
{
	static const char chunk[] = "flood-0123456789abcdefghijklmnopqrstuv\r\n";
	uint64_t loop;

	code_init(code, RAM_BASE);
	loop = code_here(code);
	emit_call_bytes(code, HVX_GUEST_CALL_CONSOLE_WRITE, chunk, FLOOD_CHUNK);
	emit(code, A64_SUBS_IMM(X_COUNT, X_COUNT, 1));
	emit(code, A64_BNE(loop - code_here(code)));
	emit_mov64(code, 0, PSCI_SYSTEM_OFF);
	emit(code, A64_HVC0);
}

/*
 * A guest that echoes: CONSOLE_READ of up to 16 bytes, CONSOLE_WRITE of
 * what it got (x1 = n, the bytes still in x2-x3), YIELD, and again.
 */
static void echo_code(struct guest_code *code)
{
	uint64_t loop;

	code_init(code, RAM_BASE);
	loop = code_here(code);
	emit_mov64(code, 0, HVX_GUEST_CALL_CONSOLE_READ);
	emit_mov64(code, 1, HVX_GUEST_READ_MAX);
	emit(code, A64_HVC0);
	emit_mov64(code, 0, HVX_GUEST_CALL_CONSOLE_WRITE);
	emit(code, A64_HVC0);
	emit_mov64(code, 0, HVX_GUEST_CALL_YIELD);
	emit(code, A64_HVC0);
	emit(code, A64_MOVZ(X_COUNT, 1, 0));
	emit(code, A64_SUBS_IMM(X_COUNT, X_COUNT, 0));
	emit(code, A64_BNE(loop - code_here(code)));
}

/* The sysfs folder of the VM of this process whose console is not in @not. */
static bool find_console(char *dir, size_t dsize, char *tty, size_t tsize,
			 const char *not)
{
	char dirs[16][96], path[160];
	int n, i;

	n = vm_dirs_of(getpid(), dirs, 16);
	for (i = 0; i < n && i < 16; i++) {
		ssize_t len;
		int fd;

		snprintf(path, sizeof(path), "%.95s/console", dirs[i]);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		len = read(fd, tty, tsize - 1);
		close(fd);
		if (len <= 1)
			continue;
		tty[len - 1] = '\0';
		if (not && !strcmp(tty, not))
			continue;
		snprintf(dir, dsize, "%.95s", dirs[i]);
		return true;
	}
	return false;
}

static int open_tty(const char *name)
{
	char path[64];
	struct termios t;
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", name);
	fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* The console starts raw; make sure of it. */
	if (!tcgetattr(fd, &t)) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

/*
 * Read from @fd into @buf until it holds @want, @secs pass or EOF/an error
 * (then *eof). The bytes read, NUL-terminated.
 */
static size_t read_until(int fd, char *buf, size_t size, const char *want,
			 double secs, int *eof)
{
	double end = now_s() + secs;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t have = 0;
	ssize_t n;

	*eof = 0;
	buf[0] = '\0';
	while (have < size - 1 && now_s() < end) {
		if (want && memmem(buf, have, want, strlen(want)))
			break;
		poll(&p, 1, 50);
		n = read(fd, buf + have, size - 1 - have);
		if (n == 0) {
			*eof = 1;
			break;
		}
		if (n < 0 && errno != EAGAIN) {
			*eof = -errno;
			break;
		}
		if (n > 0)
			have += n;
		buf[have] = '\0';
	}
	return have;
}

TEST(version_offers_consoles)
{
	struct hvx_version v = { 0 };
	int dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, dev);
	ASSERT_EQ(0, hvx_ioctl(dev, HVX_GET_VERSION, &v));
	EXPECT_LE(4, v.api_version);
	EXPECT_TRUE(v.features & HVX_FEATURE_CONSOLE);
	close(dev);
}

/* Bad arguments get the documented errors; a VM has one console. */
TEST_F(vm, create_console_errors)
{
	struct hvx_vm_console p;
	char dir[96], tty[32];
	unsigned int i;

	EXPECT_FALSE(find_console(dir, sizeof(dir), tty, sizeof(tty), NULL));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, 2, 0, 0));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, 1U << 31, 0, 0));
	/* HVX_CONSOLE_UART wants an address where the guest has none. */
	EXPECT_EQ(EINVAL, create_console(self->c.vm, 0, 33, 0));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, 0, 0, 0x9000000));
	for (i = 0; i < 4; i++) {
		memset(&p, 0, sizeof(p));
		p.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_CREATE_CONSOLE,
					    &p));
	}
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vm, HVX_VM_CREATE_CONSOLE,
				    (void *)16));
	/* None of those made one. */
	EXPECT_FALSE(find_console(dir, sizeof(dir), tty, sizeof(tty), NULL));
	ASSERT_EQ(0, create_console(self->c.vm, 0, 0, 0));
	ASSERT_TRUE(find_console(dir, sizeof(dir), tty, sizeof(tty), NULL));
	EXPECT_EQ(0, strncmp(tty, "hvxcon", 6));
	/* vm<N> gets hvxcon<N> while N is free. */
	EXPECT_STREQ(strrchr(dir, '/') + 3, tty + 6);
	EXPECT_EQ(EEXIST, create_console(self->c.vm, 0, 0, 0));
	/* The VM fd's ioctl, not /dev/hvx's. */
	EXPECT_EQ(ENOTTY, create_console(self->c.dev, 0, 0, 0));
}

TEST_F(vm, create_console_after_run)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	EXPECT_EQ(EBUSY, create_console(self->c.vm, 0, 0, 0));
}

/* Without a console, CONSOLE_WRITE is still user space's exit. */
TEST_F(vm, no_console_exits_to_user)
{
	struct guest_code code;
	int rc;

	printer_code(&code, "to-user");
	start_guest(_metadata, &self->c, &code, 0);
	rc = run_vcpu(_metadata, &self->c);
	ASSERT_EQ(0, rc);
	ASSERT_EQ(HVX_EXIT_CONSOLE, self->c.run->exit_reason);
	EXPECT_EQ(7, self->c.run->console.len);
	EXPECT_EQ(0, memcmp(self->c.run->console.data, "to-user", 7));
}

/*
 * Two VMs print before anyone opened their ttys: each tty replays its own
 * VM's output, never the other's; the calls made no exit to user space.
 */
TEST(two_vms_replay_apart)
{
	static const char *const text[2] = {
		"console-test: vm A says alpha-7f3a, long enough to take two calls\n",
		"console-test: vm B says bravo-91c2\n",
	};
	struct vmctx c[2];
	struct guest_code code;
	char dir[2][96], tty[2][32], buf[4096], one[96];
	int i, fd, eof;

	for (i = 0; i < 2; i++) {
		ctx_open(_metadata, &c[i]);
		ASSERT_EQ(0, create_console(c[i].vm, 0, 0, 0));
		ASSERT_TRUE(find_console(dir[i], sizeof(dir[i]), tty[i],
					 sizeof(tty[i]), i ? tty[0] : NULL));
		printer_code(&code, text[i]);
		start_guest(_metadata, &c[i], &code, 0);
		/* The writes are the console's: the first exit is the end. */
		expect_system_event(_metadata, &c[i], HVX_SYSTEM_EVENT_SHUTDOWN,
				    0);
	}
	ASSERT_STRNE(tty[0], tty[1]);
	for (i = 0; i < 2; i++) {
		fd = open_tty(tty[i]);
		ASSERT_LE(0, fd) {
			TH_LOG("open /dev/%s: %s", tty[i], strerror(-fd));
		}
		read_until(fd, buf, sizeof(buf), text[i], 5, &eof);
		EXPECT_STREQ(text[i], buf) {
			TH_LOG("/dev/%s shows \"%s\"", tty[i], buf);
		}
		EXPECT_EQ(NULL, strstr(buf, text[!i]));
		snprintf(one, sizeof(one), "%.95s", dir[i]);
		EXPECT_EQ(0, vm_stat(one, "console_dropped"));
		close(fd);
	}
	for (i = 0; i < 2; i++)
		ctx_close(&c[i]);
}

/* Input written to the tty reaches the guest, whose echo comes back. */
TEST_F(vm, input_reaches_guest)
{
	static const char msg[] = "ping-5e1d-through-the-console";
	struct guest_code code;
	struct runner r;
	char dir[96], tty[32], buf[256];
	int fd, eof;

	ASSERT_EQ(0, create_console(self->c.vm, 0, 0, 0));
	ASSERT_TRUE(find_console(dir, sizeof(dir), tty, sizeof(tty), NULL));
	echo_code(&code);
	start_guest(_metadata, &self->c, &code, 0);
	fd = open_tty(tty);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, runner_start(&r, self->c.vcpu, self->c.run, 1));
	ASSERT_EQ((ssize_t)strlen(msg), write(fd, msg, strlen(msg)));
	read_until(fd, buf, sizeof(buf), msg, 5, &eof);
	EXPECT_STREQ(msg, buf) {
		TH_LOG("echoed: \"%s\"", buf);
	}
	/* The guest ran until stopped: no exit was the console's. */
	runner_wait(&r, 0);
	EXPECT_EQ(EINTR, r.ev[0].rc);
	close(fd);
}

/*
 * Destroying the VM hangs its tty up: reads see the end, writes fail.
 * A new VM, even with the same handle, gets a tty of its own, which the
 * old fd never shows.
 */
TEST(destroy_hangs_up)
{
	static const char text[] = "console-test: the second VM's words\n";
	struct vmctx c;
	struct guest_code code;
	char dir[96], tty[32], tty2[32], buf[256];
	int fd, fd2, eof;
	ssize_t n;

	ctx_open(_metadata, &c);
	ASSERT_EQ(0, create_console(c.vm, 0, 0, 0));
	ASSERT_TRUE(find_console(dir, sizeof(dir), tty, sizeof(tty), NULL));
	fd = open_tty(tty);
	ASSERT_LE(0, fd);
	ctx_close(&c);
	read_until(fd, buf, sizeof(buf), NULL, 5, &eof);
	EXPECT_EQ(1, eof) {
		TH_LOG("read after the VM's end: %d, \"%s\"", eof, buf);
	}
	n = write(fd, "x", 1);
	EXPECT_EQ(-1, n);
	EXPECT_EQ(EIO, errno);

	/* The old fd is still open: a new VM must not get its tty. */
	ctx_open(_metadata, &c);
	ASSERT_EQ(0, create_console(c.vm, 0, 0, 0));
	ASSERT_TRUE(find_console(dir, sizeof(dir), tty2, sizeof(tty2), NULL));
	EXPECT_STRNE(tty, tty2);
	printer_code(&code, text);
	start_guest(_metadata, &c, &code, 0);
	expect_system_event(_metadata, &c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	fd2 = open_tty(tty2);
	ASSERT_LE(0, fd2);
	read_until(fd2, buf, sizeof(buf), text, 5, &eof);
	EXPECT_STREQ(text, buf);
	read_until(fd, buf, sizeof(buf), NULL, 0.2, &eof);
	EXPECT_EQ(NULL, strstr(buf, "second"));
	close(fd2);
	close(fd);
	ctx_close(&c);
}

/*
 * A flood with nobody reading: the guest is not held up, the ring keeps
 * the last HVX_CONSOLE_RING_SIZE bytes and counts the rest as dropped;
 * the first open replays exactly those.
 */
TEST_F(vm, flood_counts_drops)
{
	static char buf[2 * HVX_CONSOLE_RING_SIZE];
	struct guest_code code;
	char dir[96], tty[32];
	double start;
	size_t have;
	int fd, eof;

	ASSERT_EQ(0, create_console(self->c.vm, 0, 0, 0));
	ASSERT_TRUE(find_console(dir, sizeof(dir), tty, sizeof(tty), NULL));
	flood_code(&code);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[X_COUNT] = FLOOD_BYTES / FLOOD_CHUNK;
	ctx_set_regs(_metadata, &self->c);
	start = now_s();
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	TH_LOG("%d bytes in %.3f s", FLOOD_BYTES / FLOOD_CHUNK * FLOOD_CHUNK,
	       now_s() - start);
	EXPECT_EQ(FLOOD_BYTES / FLOOD_CHUNK * FLOOD_CHUNK -
		  HVX_CONSOLE_RING_SIZE, vm_stat(dir, "console_dropped"));
	fd = open_tty(tty);
	ASSERT_LE(0, fd);
	have = read_until(fd, buf, sizeof(buf), NULL, 2, &eof);
	EXPECT_EQ(HVX_CONSOLE_RING_SIZE, have);
	/* The last bytes written end the replay. */
	EXPECT_EQ(0, memcmp(buf + have - 2, "\r\n", 2));
	close(fd);
}

/*
 * A flood into an open tty nobody reads while it lasts: the guest is not
 * held up, the tty holds a bounded amount (its buffers are limited to
 * about the ring's size, far below the 1 MiB), and every byte is either
 * read afterwards or counted as dropped.
 */
TEST_F(vm, flood_open_unread)
{
	static char buf[2 * FLOOD_BYTES];
	const uint64_t total = FLOOD_BYTES / FLOOD_CHUNK * FLOOD_CHUNK;
	struct guest_code code;
	char dir[96], tty[32];
	uint64_t dropped;
	size_t have = 0, n;
	int fd, eof;

	ASSERT_EQ(0, create_console(self->c.vm, 0, 0, 0));
	ASSERT_TRUE(find_console(dir, sizeof(dir), tty, sizeof(tty), NULL));
	fd = open_tty(tty);
	ASSERT_LE(0, fd);
	flood_code(&code);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[X_COUNT] = FLOOD_BYTES / FLOOD_CHUNK;
	ctx_set_regs(_metadata, &self->c);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	do {
		n = read_until(fd, buf + have, sizeof(buf) - have, NULL, 0.5,
			       &eof);
		have += n;
	} while (n && !eof);
	dropped = vm_stat(dir, "console_dropped");
	TH_LOG("%zu bytes read, %llu dropped", have,
	       (unsigned long long)dropped);
	EXPECT_EQ(total, have + dropped);
	EXPECT_LT(0, dropped);
	EXPECT_GT(total / 2, have);
	close(fd);
}

/* --- The console's PL011 (HVX_CONSOLE_UART) ------------------------- */

#define UART_BASE	0x09000000ULL
#define UART_SPI	40		/* INTID: bit 8 of GICD_ISPENDR1 */
#define GIC_DIST	0x08000000ULL
#define GIC_REDIST	0x080a0000ULL
#define UARTPCELLID3	(PL011_ID_BASE + 0x1c)
#define GICD_ISPENDR1	(GICD_ISPENDR + 4)

static int gic_create(int vm)
{
	struct hvx_vm_gic g = {
		.nr_irqs = 64, .dist_base = GIC_DIST, .redist_base = GIC_REDIST,
	};

	return hvx_ioctl(vm, HVX_VM_CREATE_GIC, &g);
}

/* @load (into x6/w6, from [x8]) at @addr; str x6, [x3]: a report. */
static void emit_report_load(struct guest_code *code, uint32_t load,
			     uint64_t addr)
{
	emit_mov64(code, 8, addr);
	emit(code, load);
	emit(code, A64_STR_X(6, 3));
}

/* ldr w6, [@addr]; str x6, [x3]: a report of the 32-bit register. */
static void emit_report_reg(struct guest_code *code, uint64_t addr)
{
	emit_report_load(code, A64_LDR_W(6, 8), addr);
}

/* A 32-bit store of @v at @addr. */
static void emit_store32(struct guest_code *code, uint64_t addr, uint32_t v)
{
	emit_mov64(code, 8, addr);
	emit_mov64(code, 6, v);
	emit(code, A64_STR_W(6, 8));
}

TEST_F(vm, uart_create_errors)
{
	const uint32_t u = HVX_CONSOLE_UART;

	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, RAM_SIZE));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, u | 2, 0, UART_BASE));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, u, 0, UART_BASE + 4));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, u, 0, UART_BASE + 0x800));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, u, 0, IPA_LIMIT));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, u, 0, ~0xfffULL));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, u, 31, UART_BASE));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, u, 1020, UART_BASE));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, u, ~0U, UART_BASE));
	/* Guest RAM there, and the vGIC's frames. */
	EXPECT_EQ(EINVAL, create_console(self->c.vm, u, 0, RAM_BASE));
	EXPECT_EQ(EINVAL, create_console(self->c.vm, u, 0,
					 RAM_BASE + RAM_SIZE - 0x1000));
	if (gic_create(self->c.vm) == 0) {
		EXPECT_EQ(EINVAL, create_console(self->c.vm, u, UART_SPI,
						 GIC_DIST));
		EXPECT_EQ(EINVAL, create_console(self->c.vm, u, UART_SPI,
						 GIC_REDIST + 0x7ff000));
	}
	EXPECT_EQ(0, create_console(self->c.vm, u, UART_SPI, UART_BASE));
	EXPECT_EQ(EEXIST, create_console(self->c.vm, u, UART_SPI, UART_BASE));
}

/*
 * The other order: the UART first, then guest RAM over its frame, which
 * would hide it (the guest's stores to UARTDR would land in memory).
 */
TEST_F(vm, uart_then_ram_overlap)
{
	const uint64_t page = 0x1000;

	ASSERT_EQ(0, create_console(self->c.vm, HVX_CONSOLE_UART, UART_SPI,
				    UART_BASE));
	/* RAM on the frame, around it, from below into it, from it up. */
	EXPECT_EQ(EEXIST, vm_add_memory(self->c.vm, UART_BASE, page));
	EXPECT_EQ(EEXIST, vm_add_memory(self->c.vm, UART_BASE - page,
					3 * page));
	EXPECT_EQ(EEXIST, vm_add_memory(self->c.vm, UART_BASE - page,
					2 * page));
	EXPECT_EQ(EEXIST, vm_add_memory(self->c.vm, UART_BASE, 16 * page));
	EXPECT_EQ(EEXIST, vm_add_memory(self->c.vm, 0, UART_BASE + page));
	/* Right next to it on both sides is fine. */
	EXPECT_EQ(0, vm_add_memory(self->c.vm, UART_BASE - page, page));
	EXPECT_EQ(0, vm_add_memory(self->c.vm, UART_BASE + page, page));
}

/* A vGIC whose frames cover the UART's, made after the console. */
TEST_F(vm, uart_then_gic_overlap)
{
	struct hvx_vm_gic g = {
		.nr_irqs = 64, .dist_base = UART_BASE,
		.redist_base = GIC_REDIST,
	};
	struct hvx_version v = { 0 };

	ASSERT_EQ(0, hvx_ioctl(self->c.dev, HVX_GET_VERSION, &v));
	if (!(v.features & HVX_FEATURE_VGIC))
		SKIP(return, "no vGIC in this hvx module");
	ASSERT_EQ(0, create_console(self->c.vm, HVX_CONSOLE_UART, UART_SPI,
				    UART_BASE));
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_CREATE_GIC, &g));
	/* The redistributors' region over it. */
	g.dist_base = GIC_DIST;
	g.redist_base = UART_BASE & ~0xffffULL;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_CREATE_GIC, &g));
	/* Elsewhere it is made. */
	g.redist_base = GIC_REDIST;
	EXPECT_EQ(0, hvx_ioctl(self->c.vm, HVX_VM_CREATE_GIC, &g));
}

/* A polling guest's bytes on UARTDR reach the tty, with no exit. */
TEST_F(vm, uart_transmit)
{
	static const char text[] = "uart-tx: 8c1e\n";
	struct guest_code code;
	char dir[96], tty[32], buf[256];
	unsigned int i;
	int fd, eof;

	ASSERT_EQ(0, create_console(self->c.vm, HVX_CONSOLE_UART, 0,
				    UART_BASE));
	ASSERT_TRUE(find_console(dir, sizeof(dir), tty, sizeof(tty), NULL));
	code_init(&code, RAM_BASE);
	emit_mov64(&code, 5, UART_BASE + PL011_DR);
	for (i = 0; i < strlen(text); i++) {
		emit(&code, A64_MOVZ(6, (uint8_t)text[i], 0));
		emit(&code, A64_STRB(6, 5));
	}
	emit_report_reg(&code, UART_BASE + PL011_FR);
	emit_report_reg(&code, UART_BASE + PL011_RIS);
	emit_report_reg(&code, UART_BASE + UARTPCELLID3);
	emit_mov64(&code, 0, PSCI_SYSTEM_OFF);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	EXPECT_EQ(PL011_FR_TXFE | PL011_FR_RXFE,
		  expect_report(_metadata, &self->c));
	EXPECT_EQ(PL011_INT_TX, expect_report(_metadata, &self->c));
	EXPECT_EQ(0xb1, expect_report(_metadata, &self->c));
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	fd = open_tty(tty);
	ASSERT_LE(0, fd);
	read_until(fd, buf, sizeof(buf), text, 5, &eof);
	EXPECT_STREQ(text, buf);
	close(fd);
}

/*
 * The registers that hold what the guest writes, the transmit interrupt
 * and UARTICR, accesses of every width (a write that does not start at a
 * register's first byte is ignored; an 8-byte read takes the next
 * register too), the ID registers, and UARTFR.RXFF at 32 bytes with the
 * FIFOs on.
 */
TEST_F(vm, uart_registers)
{
	static const char input[] = "0123456789abcdefghijklmnopqrstuvwxyzABCD";
	static const struct {
		uint64_t reg;
		uint32_t val;
	} stores[] = {
		{ PL011_IBRD, 0x1234 }, { PL011_FBRD, 0xff },
		{ PL011_LCR_H, PL011_LCR_H_FEN | 0x60 }, { PL011_CR, 0x301 },
		{ PL011_IFLS, 9 },
	};
	struct guest_code code;
	char dir[96], tty[32];
	unsigned int i;
	int fd;

	ASSERT_EQ(0, create_console(self->c.vm, HVX_CONSOLE_UART, 0,
				    UART_BASE));
	ASSERT_TRUE(find_console(dir, sizeof(dir), tty, sizeof(tty), NULL));
	fd = open_tty(tty);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)strlen(input), write(fd, input, strlen(input)));

	code_init(&code, RAM_BASE);
	emit_store32(&code, UART_BASE + PL011_DR, 'x');
	emit_report_reg(&code, UART_BASE + PL011_RIS);
	emit_store32(&code, UART_BASE + PL011_IMSC, PL011_INT_TX);
	emit_report_reg(&code, UART_BASE + PL011_MIS);
	emit_store32(&code, UART_BASE + PL011_ICR, PL011_INT_TX);
	emit_report_reg(&code, UART_BASE + PL011_RIS);
	for (i = 0; i < ARRAY_SIZE(stores); i++)
		emit_store32(&code, UART_BASE + stores[i].reg, stores[i].val);
	emit_report_reg(&code, UART_BASE + PL011_IBRD);
	emit_report_reg(&code, UART_BASE + PL011_FBRD);
	emit_report_load(&code, A64_LDRB(6, 8), UART_BASE + PL011_LCR_H);
	emit_report_load(&code, A64_LDRB(6, 8), UART_BASE + PL011_LCR_H + 1);
	emit_report_load(&code, A64_LDR_X(6, 8), UART_BASE + PL011_CR);
	/* strb at UARTIBRD's second byte: ignored */
	emit_mov64(&code, 8, UART_BASE + PL011_IBRD + 1);
	emit_mov64(&code, 6, 0x77);
	emit(&code, A64_STRB(6, 8));
	emit_report_load(&code, A64_LDRH(6, 8), UART_BASE + PL011_IBRD);
	emit_report_load(&code, A64_LDRH(6, 8), UART_BASE + PL011_ID_BASE + 8);
	emit_report_load(&code, A64_LDRB(6, 8), UART_BASE + UARTPCELLID3);
	emit_report_reg(&code, UART_BASE + PL011_FR);
	emit_mov64(&code, 0, PSCI_SYSTEM_OFF);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	/* the input is waiting: RXRIS too */
	EXPECT_EQ(PL011_INT_TX | PL011_INT_RX,
		  expect_report(_metadata, &self->c));
	EXPECT_EQ(PL011_INT_TX, expect_report(_metadata, &self->c));
	EXPECT_EQ(PL011_INT_RX, expect_report(_metadata, &self->c));
	EXPECT_EQ(0x1234, expect_report(_metadata, &self->c));
	EXPECT_EQ(PL011_FBRD_MASK, expect_report(_metadata, &self->c));
	EXPECT_EQ(PL011_LCR_H_FEN | 0x60, expect_report(_metadata, &self->c));
	EXPECT_EQ(0, expect_report(_metadata, &self->c));
	EXPECT_EQ(0x900000301ULL, expect_report(_metadata, &self->c));
	EXPECT_EQ(0x1234, expect_report(_metadata, &self->c));
	EXPECT_EQ(0x34, expect_report(_metadata, &self->c));
	EXPECT_EQ(0xb1, expect_report(_metadata, &self->c));
	/* 40 bytes waiting, the FIFOs on: full at 32 */
	EXPECT_EQ(PL011_FR_TXFE | PL011_FR_RXFF,
		  expect_report(_metadata, &self->c));
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	close(fd);
}

/*
 * Input written to the tty: UARTFR, UARTRIS and UARTDR show it, and with
 * UARTIMSC.RX the SPI is pending in the vGIC until the guest has read the
 * byte (then the line goes low).
 */
TEST_F(vm, uart_receive_interrupt)
{
	struct guest_code code;
	char dir[96], tty[32];
	int fd, rc;

	rc = gic_create(self->c.vm);
	if (rc == ENODEV)
		SKIP(return, "no vGIC on this host");
	ASSERT_EQ(0, rc);
	ASSERT_EQ(0, create_console(self->c.vm, HVX_CONSOLE_UART, UART_SPI,
				    UART_BASE));
	ASSERT_TRUE(find_console(dir, sizeof(dir), tty, sizeof(tty), NULL));
	fd = open_tty(tty);
	ASSERT_LE(0, fd);
	ASSERT_EQ(1, write(fd, "Z", 1));

	code_init(&code, RAM_BASE);
	emit_report_reg(&code, UART_BASE + PL011_FR);
	emit_report_reg(&code, UART_BASE + PL011_RIS);
	emit_report_reg(&code, GIC_DIST + GICD_ISPENDR1);
	emit_store32(&code, UART_BASE + PL011_IMSC, PL011_INT_RX);
	emit_report_reg(&code, GIC_DIST + GICD_ISPENDR1);
	emit_report_reg(&code, UART_BASE + PL011_DR);
	emit_report_reg(&code, UART_BASE + PL011_FR);
	emit_report_reg(&code, GIC_DIST + GICD_ISPENDR1);
	emit_mov64(&code, 0, PSCI_SYSTEM_OFF);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	/* UARTLCR_H.FEN clear: one byte fills the holding register. */
	EXPECT_EQ(PL011_FR_TXFE | PL011_FR_RXFF,
		  expect_report(_metadata, &self->c));
	EXPECT_EQ(PL011_INT_RX, expect_report(_metadata, &self->c));
	/* Masked: no interrupt yet. */
	EXPECT_EQ(0, expect_report(_metadata, &self->c));
	EXPECT_EQ(1U << (UART_SPI - 32), expect_report(_metadata, &self->c));
	EXPECT_EQ('Z', expect_report(_metadata, &self->c));
	EXPECT_EQ(PL011_FR_TXFE | PL011_FR_RXFE,
		  expect_report(_metadata, &self->c));
	EXPECT_EQ(0, expect_report(_metadata, &self->c));
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	close(fd);
}

#include "lib/hvx_vm_test_end.h"
