#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# build-initramfs.sh OUT [BUSYBOX [PROGRAM...]]: the Linux guest's
# initramfs (a newc cpio archive, uncompressed: the guest unpacks it
# faster so, under TCG too) with Debian's static arm64 busybox
# (busybox-static:arm64, /bin/busybox by default), tools/linux-guest/init
# as /init and the PROGRAMs (static arm64: hvx-acpi-bind) in /usr/bin. Built as
# tools/hvx-vm builds the test VM's: a staging folder, cpio -H newc, owned
# by root. /dev/console comes from the kernel's built-in initramfs.
set -eu

out=${1:?usage: build-initramfs.sh OUT [BUSYBOX [PROGRAM...]]}
busybox=${2:-/bin/busybox}
shift $(($# < 2 ? $# : 2))
here=$(cd "$(dirname "$0")" && pwd)

[ -r "$busybox" ] || { echo "build-initramfs: $busybox not found (install busybox-static:arm64: tools/setup-deps.sh)" >&2; exit 1; }
case "$(od -An -j18 -N2 -tu2 "$busybox" | tr -d ' ')" in
183) ;;	# EM_AARCH64
*) echo "build-initramfs: $busybox is not an arm64 binary (install busybox-static:arm64)" >&2; exit 1 ;;
esac

mkdir -p "$(dirname "$out")"
st=$(mktemp -d "$(dirname "$out")/initramfs.XXXXXX")
trap 'rm -rf "$st"' EXIT
mkdir -p "$st/bin" "$st/sbin" "$st/usr/bin" "$st/usr/sbin" "$st/etc" \
	"$st/root" "$st/proc" "$st/sys" "$st/dev" "$st/tmp"
cp "$busybox" "$st/bin/busybox"
cp "$here/init" "$st/init"
for p in "$@"; do
	cp "$p" "$st/usr/bin/"
	chmod 755 "$st/usr/bin/${p##*/}"
done
chmod 755 "$st" "$st/init" "$st/bin/busybox"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$st/etc/passwd"
printf 'root:x:0:\n' >"$st/etc/group"
(cd "$st" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out.tmp"
mv -f "$out.tmp" "$out"
