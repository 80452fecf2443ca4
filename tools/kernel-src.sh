#!/bin/sh
# Print the directory of the unpacked Debian linux-source-6.1 tree,
# unpacking it into $HVX_CACHE (default /var/cache/hvx) on first use.
# Tests and tools use it for kselftest_harness.h, checkpatch.pl and the
# kernel's own device trees.
set -eu
cache=${HVX_CACHE:-/var/cache/hvx}
tarball=/usr/src/linux-source-6.1.tar.xz
[ -r "$tarball" ] || { echo "kernel-src: $tarball missing (run tools/setup-deps.sh)" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
src="$cache/src-$srcver"
if [ ! -f "$src/.hvx-done" ]; then
	echo "kernel-src: unpacking linux-source $srcver into $src" >&2
	mkdir -p "$cache"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xJf "$tarball"
	touch "$src.tmp/.hvx-done"
	mv "$src.tmp" "$src"
fi
echo "$src"
