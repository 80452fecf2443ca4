// SPDX-License-Identifier: GPL-2.0
/*
 * Console exits (HVX_EXIT_CONSOLE): the guest's console calls of
 * <hvx-guest.h>, which hvx hands to user space.
 *
 *   write  the bytes go to stdout at once, unbuffered, the same stream as
 *          the PL011's output (vm-uart.c)
 *   read   the guest gets what the UART has received from stdin
 *          (vm-input.c) and no program has read yet, up to what it asked
 *          for, without waiting: 0 bytes if nothing is waiting, or if
 *          stdin is at its end, closed or unreadable. A terminal is in raw
 *          mode, so each key is there at once.
 */
#include <errno.h>
#include <unistd.h>

#include "vm.h"

static void console_write(const __u8 *data, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(STDOUT_FILENO, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		/* A console cannot report a lost byte either. */
		if (n <= 0)
			return;
		data += n;
		len -= n;
	}
}

void vm_console(struct vm *vm, struct hvx_run *run)
{
	size_t len = run->console.len;

	if (len > sizeof(run->console.data))
		len = sizeof(run->console.data);
	switch (run->console.direction) {
	case HVX_CONSOLE_WRITE:
		console_write(run->console.data, len);
		break;
	case HVX_CONSOLE_READ:
		run->console.len = vm_uart_take(&vm->uart, run->console.data, len);
		break;
	}
}
