// SPDX-License-Identifier: GPL-2.0-only
/*
 * A VM's console in hvx.ko (HVX_VM_CREATE_CONSOLE) and its tty.
 *
 * The guest's output goes into a ring that keeps the last
 * HVX_CONSOLE_RING_SIZE bytes, and, while the tty is open, on to the tty
 * too; opening the tty replays the ring first, so what the guest printed
 * before anyone looked is not lost. What no reader will see counts as
 * dropped: bytes overwritten in the ring that no open had replayed yet,
 * and bytes an open tty's buffers (bounded by the tty layer) refused
 * because nobody reads them. The guest is never held up by its console.
 *
 * What is written to the tty goes into an input FIFO the guest reads
 * from; a full FIFO takes nothing more (the tty layer then waits, as for
 * a slow line).
 *
 * Output reaches the tty's reader through the tty layer's push (a work
 * item, then the line discipline, then the reader's wake-up): a push for
 * every byte of a guest printing at full speed costs five times what the
 * byte does. So the first output after a quiet jiffy is pushed at once
 * (an interactive echo is not held up) and the rest of a burst a jiffy
 * later, in one go.
 *
 * The tty's index is the VM's handle when that is free (/dev/hvxcon<N>
 * for vm<N>), else one above HVX_MAX_VMS: a tty still open after its
 * VM's destruction keeps its index until its last close, so that a new
 * VM with the same handle never gets the old VM's tty. The console lives
 * as long as its tty port: the VM holds one reference, each tty another;
 * the VM's destruction marks it dead and hangs the tty up.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/idr.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/serial.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <linux/tty_flip.h>
#include <linux/uaccess.h>

#include "console-priv.h"
#include "console.h"
#include "partition.h"
#include "vgic.h"
#include "vm.h"

#define CON_NAME	"hvxcon"
/* Handles are 1 .. HVX_MAX_VMS; the indexes above are for handle clashes. */
#define CON_LINES	1024

static_assert(CON_LINES > HVX_MAX_VMS);
static struct tty_driver *con_driver;
static DEFINE_IDA(con_ida);
/* The consoles of live VMs by tty index, for the tty's install. */
static DEFINE_MUTEX(con_table_lock);
static struct hvx_console *con_table[CON_LINES];

static struct hvx_console *vm_console(struct hvx_vm *vm)
{
	/* Pairs with hvx_console_create()'s release: a complete console. */
	return smp_load_acquire(&vm->console);
}

bool hvx_console_present(struct hvx_vm *vm)
{
	return vm_console(vm);
}

bool hvx_console_overlaps(struct hvx_vm *vm, u64 base, u64 size)
{
	struct hvx_console *c = vm->console;

	lockdep_assert_held(&vm->lock);
	/* The frame's base is fixed at creation, under vm->lock. */
	return c && c->uart.present &&
	       base < c->uart.base + HVX_CONSOLE_UART_SIZE &&
	       c->uart.base < base + size;
}

/* Hand @n bytes to the open tty; count what it refused. Lock held. */
static bool to_tty(struct hvx_console *c, const u8 *buf, unsigned int n)
{
	unsigned int took = tty_insert_flip_string(&c->port, buf, n);

	c->dropped += n - took;
	return took;
}

bool con_out(struct hvx_console *c, const u8 *buf, unsigned int n)
{
	bool push = false;
	unsigned int i;

	for (i = 0; i < n; i++)
		c->ring[(c->head + i) & (CON_RING - 1)] = buf[i];
	c->head += n;
	if (c->live) {
		push = to_tty(c, buf, n);
	} else {
		c->unread += n;
		if (c->unread > CON_RING) {
			c->dropped += c->unread - CON_RING;
			c->unread = CON_RING;
		}
	}
	return push;
}

/* The tty's buffer has new output: hand it on now, or with the next batch. */
static void con_push(struct hvx_console *c)
{
	unsigned long now = jiffies;

	if (time_after(now, READ_ONCE(c->last_push))) {
		WRITE_ONCE(c->last_push, now);
		tty_flip_buffer_push(&c->port);
	} else {
		/* Nothing if one is queued already. */
		schedule_delayed_work(&c->push_work, 1);
	}
}

static void con_push_work(struct work_struct *work)
{
	struct hvx_console *c = container_of(to_delayed_work(work),
					     struct hvx_console, push_work);

	WRITE_ONCE(c->last_push, jiffies);
	tty_flip_buffer_push(&c->port);
}

void hvx_console_write(struct hvx_vm *vm, const u8 *buf, unsigned int n)
{
	struct hvx_console *c = vm_console(vm);
	unsigned long flags;
	bool push;

	if (!c || !n)
		return;
	spin_lock_irqsave(&c->lock, flags);
	push = con_out(c, buf, n);
	spin_unlock_irqrestore(&c->lock, flags);
	if (push)
		con_push(c);
}

bool hvx_console_mmio(struct hvx_vm *vm, u64 gpa, unsigned int len,
		      bool is_write, u64 *val)
{
	struct hvx_console *c = vm_console(vm);
	bool push = false, mine, took;
	unsigned long flags;
	u32 before;

	if (!c || !c->uart.present)
		return false;
	spin_lock_irqsave(&c->lock, flags);
	before = c->in_len;
	mine = con_uart_access(c, gpa, len, is_write, val, &push);
	took = c->in_len < before;
	spin_unlock_irqrestore(&c->lock, flags);
	if (push)
		con_push(c);
	/* A UARTDR read made room: writers waiting for it go on. */
	if (took)
		tty_port_tty_wakeup(&c->port);
	return mine;
}

unsigned int hvx_console_read(struct hvx_vm *vm, u8 *buf, unsigned int n)
{
	struct hvx_console *c = vm_console(vm);
	unsigned long flags;
	unsigned int i;

	if (!c)
		return 0;
	spin_lock_irqsave(&c->lock, flags);
	n = min(n, c->in_len);
	for (i = 0; i < n; i++)
		buf[i] = c->in[(c->in_head + i) & (CON_IN_SIZE - 1)];
	c->in_head = (c->in_head + n) & (CON_IN_SIZE - 1);
	c->in_len -= n;
	con_uart_rx(c, false);
	spin_unlock_irqrestore(&c->lock, flags);
	if (n)
		tty_port_tty_wakeup(&c->port);
	return n;
}

void hvx_console_counts(struct hvx_vm *vm, u64 *written, u64 *dropped)
{
	struct hvx_console *c = vm_console(vm);
	unsigned long flags;

	*written = 0;
	*dropped = 0;
	if (!c)
		return;
	spin_lock_irqsave(&c->lock, flags);
	*written = c->head;
	*dropped = c->dropped;
	spin_unlock_irqrestore(&c->lock, flags);
}

/* The tty's name, or "" without a console; for sysfs. */
int hvx_console_name(struct hvx_vm *vm, char *buf, size_t size)
{
	struct hvx_console *c = vm_console(vm);

	if (!c)
		return 0;
	return scnprintf(buf, size, "%s%u\n", CON_NAME, c->index);
}

/* The first open: the ring's contents, then the live output. */
static int con_activate(struct tty_port *port, struct tty_struct *tty)
{
	struct hvx_console *c = container_of(port, struct hvx_console, port);
	unsigned long flags;
	u32 n, at, first;
	bool push = false;
	int ret = 0;

	spin_lock_irqsave(&c->lock, flags);
	if (c->dead) {
		ret = -EIO;
		goto out;
	}
	n = min_t(u64, c->head, CON_RING);
	at = (c->head - n) & (CON_RING - 1);
	first = min(n, CON_RING - at);
	if (n)
		push = to_tty(c, c->ring + at, first) |
		       (n > first && to_tty(c, c->ring, n - first));
	c->unread = 0;
	c->live = true;
out:
	spin_unlock_irqrestore(&c->lock, flags);
	if (push)
		tty_flip_buffer_push(port);
	return ret;
}

/* The last close, or a hangup: the output stays in the ring only. */
static void con_shutdown(struct tty_port *port)
{
	struct hvx_console *c = container_of(port, struct hvx_console, port);
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->live = false;
	spin_unlock_irqrestore(&c->lock, flags);
}

/* The last reference (the VM's and every tty's are gone). */
static void con_destruct(struct tty_port *port)
{
	struct hvx_console *c = container_of(port, struct hvx_console, port);

	cancel_delayed_work_sync(&c->push_work);
	ida_free(&con_ida, c->index);
	hvx_partition_put(c->partition);
	kvfree(c);
}

static const struct tty_port_operations con_port_ops = {
	.activate	= con_activate,
	.shutdown	= con_shutdown,
	.destruct	= con_destruct,
};

static int con_install(struct tty_driver *driver, struct tty_struct *tty)
{
	struct hvx_console *c;
	int ret;

	mutex_lock(&con_table_lock);
	c = con_table[tty->index];
	if (c)
		tty_port_get(&c->port);
	mutex_unlock(&con_table_lock);
	if (!c)
		return -ENODEV;
	ret = tty_port_install(&c->port, driver, tty);
	if (ret) {
		tty_port_put(&c->port);
		return ret;
	}
	tty->driver_data = c;
	return 0;
}

static void con_cleanup(struct tty_struct *tty)
{
	struct hvx_console *c = tty->driver_data;

	tty->driver_data = NULL;
	tty_port_put(&c->port);
}

static int con_open(struct tty_struct *tty, struct file *filp)
{
	struct hvx_console *c = tty->driver_data;

	/*
	 * Another partition's VM has no console for the caller. The failed
	 * open is still closed (tty_release()): count it, as tty_port_open()
	 * does first thing, so that the close finds the port's count right;
	 * the port is not activated, and nothing of the guest's is shown.
	 */
	if (!hvx_partition_sees(c->partition)) {
		spin_lock_irq(&tty->port->lock);
		tty->port->count++;
		spin_unlock_irq(&tty->port->lock);
		return -ENOENT;
	}
	return tty_port_open(tty->port, tty, filp);
}

static void con_close(struct tty_struct *tty, struct file *filp)
{
	tty_port_close(tty->port, tty, filp);
}

static void con_hangup(struct tty_struct *tty)
{
	tty_port_hangup(tty->port);
}

/* Input for the guest: as much as its FIFO has room for. */
static int con_tty_write(struct tty_struct *tty, const u8 *buf, int count)
{
	struct hvx_console *c = tty->driver_data;
	unsigned long flags;
	unsigned int n, i;

	spin_lock_irqsave(&c->lock, flags);
	if (c->dead) {
		spin_unlock_irqrestore(&c->lock, flags);
		return -EIO;
	}
	n = min_t(unsigned int, count, CON_IN_SIZE - c->in_len);
	for (i = 0; i < n; i++)
		c->in[(c->in_head + c->in_len + i) & (CON_IN_SIZE - 1)] = buf[i];
	c->in_len += n;
	if (n)
		con_uart_rx(c, true);
	spin_unlock_irqrestore(&c->lock, flags);
	return n;
}

static unsigned int con_write_room(struct tty_struct *tty)
{
	struct hvx_console *c = tty->driver_data;
	unsigned long flags;
	unsigned int room;

	spin_lock_irqsave(&c->lock, flags);
	room = c->dead ? 0 : CON_IN_SIZE - c->in_len;
	spin_unlock_irqrestore(&c->lock, flags);
	return room;
}

static const struct tty_operations con_tty_ops = {
	.install	= con_install,
	.cleanup	= con_cleanup,
	.open		= con_open,
	.close		= con_close,
	.hangup		= con_hangup,
	.write		= con_tty_write,
	.write_room	= con_write_room,
};

/* The VM's handle as the tty's index if free, else one above the handles. */
static int con_index(u32 handle)
{
	int index = ida_alloc_range(&con_ida, handle, handle, GFP_KERNEL);

	if (index >= 0)
		return index;
	return ida_alloc_range(&con_ida, HVX_MAX_VMS + 1, CON_LINES - 1,
			       GFP_KERNEL);
}

/* A UART frame: page aligned, inside the guest's IPA space; an SPI or 0. */
static bool uart_ok(u64 base, u32 spi)
{
	return IS_ALIGNED(base, HVX_CONSOLE_UART_SIZE) &&
	       base < BIT_ULL(HVX_GUEST_IPA_BITS) &&
	       (!spi || (spi >= HVX_CONSOLE_SPI_MIN &&
			 spi <= HVX_CONSOLE_SPI_MAX));
}

long hvx_console_create(struct hvx_vm *vm, void __user *arg)
{
	struct hvx_vm_console p;
	struct hvx_console *c;
	struct device *dev;
	int ret = 0, index;

	if (copy_from_user(&p, arg, sizeof(p)))
		return -EFAULT;
	if ((p.flags & ~HVX_CONSOLE_UART) ||
	    memchr_inv(p.reserved, 0, sizeof(p.reserved)))
		return -EINVAL;
	if (!(p.flags & HVX_CONSOLE_UART) ? p.uart_spi || p.uart_base :
	    !uart_ok(p.uart_base, p.uart_spi))
		return -EINVAL;

	c = kvzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	tty_port_init(&c->port);
	c->port.ops = &con_port_ops;
	/* Nothing waits at close for a guest to read its input. */
	c->port.closing_wait = ASYNC_CLOSING_WAIT_NONE;
	/* What an unread tty holds for the guest: as much as the ring. */
	tty_buffer_set_limit(&c->port, CON_RING);
	spin_lock_init(&c->lock);
	INIT_DELAYED_WORK(&c->push_work, con_push_work);
	c->last_push = jiffies - 1;
	c->vm = vm;
	c->partition = vm->partition;
	hvx_partition_get(c->partition);
	if (p.flags & HVX_CONSOLE_UART)
		con_uart_init(&c->uart, p.uart_base, p.uart_spi);

	mutex_lock(&vm->lock);
	if (vm->dead)
		ret = -EIO;
	else if (vm->console)
		ret = -EEXIST;
	else if (vm->started)
		ret = -EBUSY;
	else if (c->uart.present &&
		 (hvx_vm_mem_overlaps(vm, p.uart_base, HVX_CONSOLE_UART_SIZE) ||
		  hvx_vgic_overlaps(vm, p.uart_base, HVX_CONSOLE_UART_SIZE)))
		ret = -EINVAL;
	if (ret)
		goto err_unlock;
	index = con_index(vm->handle);
	if (index < 0) {
		ret = index == -ENOSPC ? -EBUSY : index;
		goto err_unlock;
	}
	c->index = index;
	mutex_lock(&con_table_lock);
	con_table[index] = c;
	mutex_unlock(&con_table_lock);
	dev = tty_port_register_device(&c->port, con_driver, index, NULL);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		mutex_lock(&con_table_lock);
		con_table[index] = NULL;
		mutex_unlock(&con_table_lock);
		/* Its index goes with it. */
		mutex_unlock(&vm->lock);
		tty_port_put(&c->port);
		return ret;
	}
	/* Pairs with vm_console(): a complete console. */
	smp_store_release(&vm->console, c);
	mutex_unlock(&vm->lock);
	return 0;

err_unlock:
	mutex_unlock(&vm->lock);
	tty_port_destroy(&c->port);
	hvx_partition_put(c->partition);
	kvfree(c);
	return ret;
}

void hvx_console_destroy(struct hvx_vm *vm)
{
	struct hvx_console *c = vm->console;
	unsigned long flags;

	if (!c)
		return;
	vm->console = NULL;
	/* The last batch, before the hangup. */
	flush_delayed_work(&c->push_work);
	spin_lock_irqsave(&c->lock, flags);
	c->dead = true;
	c->vm = NULL;
	spin_unlock_irqrestore(&c->lock, flags);
	mutex_lock(&con_table_lock);
	con_table[c->index] = NULL;
	mutex_unlock(&con_table_lock);
	tty_port_tty_hangup(&c->port, false);
	tty_port_unregister_device(&c->port, con_driver, c->index);
	tty_port_put(&c->port);
}

int hvx_console_init(void)
{
	struct tty_driver *d;
	int ret;

	d = tty_alloc_driver(CON_LINES, TTY_DRIVER_REAL_RAW |
			     TTY_DRIVER_DYNAMIC_DEV);
	if (IS_ERR(d))
		return PTR_ERR(d);
	d->driver_name = "hvx-console";
	d->name = CON_NAME;
	d->type = TTY_DRIVER_TYPE_SERIAL;
	d->subtype = SERIAL_TYPE_NORMAL;
	/*
	 * Raw: the guest's output is no input to line editing or echo (which
	 * would send it back to the guest), and what is written goes as is.
	 */
	d->init_termios = tty_std_termios;
	d->init_termios.c_iflag = 0;
	d->init_termios.c_oflag = 0;
	d->init_termios.c_lflag = 0;
	d->init_termios.c_cflag = B115200 | CS8 | CREAD | CLOCAL;
	d->init_termios.c_ispeed = 115200;
	d->init_termios.c_ospeed = 115200;
	tty_set_operations(d, &con_tty_ops);
	ret = tty_register_driver(d);
	if (ret) {
		tty_driver_kref_put(d);
		return ret;
	}
	con_driver = d;
	return 0;
}

void hvx_console_exit(void)
{
	tty_unregister_driver(con_driver);
	tty_driver_kref_put(con_driver);
}
