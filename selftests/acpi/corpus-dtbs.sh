#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) every arm64 DTB of Debian's linux-source-6.1, for the
# acpi-gen corpus run (make acpi-corpus).
#
# Like the test kernel (tools/build-kernel.sh), the build lives outside
# the work tree, in $HVX_CACHE (default /var/cache/hvx)/dtbs-<key>, keyed
# by the source package version and this recipe, so it is made once per
# machine.  Kbuild builds them (defconfig + OF_ALL_DTBS: every dtb-* line
# of arch/arm64/boot/dts, whatever platform it needs, overlays applied
# for the composite DTBs), at nice 10 since other jobs share the cores.
# Prints the directory holding the DTBs (arch/arm64/boot/dts/**.dtb).
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${HVX_CACHE:-/var/cache/hvx}
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}
recipe="defconfig COMPILE_TEST OF_ALL_DTBS dtbs v1"

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$(printf '%s\n%s\n' "$srcver" "$recipe" | sha256sum | cut -c1-16)
out="$cache/dtbs-$key"
dts="$out/arch/arm64/boot/dts"

log() { echo "corpus-dtbs: $*" >&2; }

if [ -f "$out/.hvx-done" ]; then
	echo "$dts"
	exit 0
fi
mkdir -p "$cache"
exec 9>"$out.lock"
flock 9
if [ -f "$out/.hvx-done" ]; then
	echo "$dts"
	exit 0
fi

src=$("$top/tools/kernel-src.sh")
log "building all arm64 DTBs in $out (a few minutes; cached afterwards)"
rm -rf "$out"
mkdir -p "$out"
mk() {
	nice -n 10 make -s -C "$src" O="$out" ARCH=arm64 \
		CROSS_COMPILE="$cross" "$@" >&2
}
mk defconfig
"$src/scripts/config" --file "$out/.config" -e COMPILE_TEST -e OF_ALL_DTBS
mk olddefconfig
grep -qx 'CONFIG_OF_ALL_DTBS=y' "$out/.config" ||
	{ log "OF_ALL_DTBS did not survive olddefconfig"; exit 1; }
# dtc warns about the kernel's own trees: those go to a log, not to us.
mk -j"$(nproc)" dtbs 2>"$out/dtbs.log" ||
	{ tail -n 20 "$out/dtbs.log" >&2; exit 1; }
touch "$out/.hvx-done"
echo "$dts"
