#!/bin/sh
# The hvx demo, run in the test VM as /usr/lib/hvx/demo (`make run`).
# tools/hvx-vm has already loaded hvx.ko. For now it shows hvx's status; it
# will later start a demo guest.
set -u

echo "== hvx demo =="
if ! grep -q '^hvx ' /proc/modules; then
	echo "demo: hvx.ko is not loaded" >&2
	exit 1
fi
echo "-- hvxctl status"
if command -v hvxctl >/dev/null 2>&1; then
	hvxctl status || { echo "demo: hvxctl status failed" >&2; exit 1; }
else
	echo "demo: hvxctl is not installed" >&2
	exit 1
fi
echo "-- /sys/kernel/hvx"
if [ -d /sys/kernel/hvx ]; then
	find /sys/kernel/hvx -type f | sort | while read -r f; do
		printf '%s: %s\n' "${f#/sys/kernel/hvx/}" "$(head -c 200 "$f" 2>/dev/null | tr '\n' ' ')"
	done
else
	echo "demo: /sys/kernel/hvx does not exist" >&2
	exit 1
fi
echo "== demo done =="
