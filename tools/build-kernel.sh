#!/bin/sh
# Build (or reuse) the hvx test kernel from Debian's linux-source-6.1.
#
# The build lives outside the work tree, in $HVX_CACHE (default
# /var/cache/hvx), keyed by the config fragment and the source package
# version, so a second run, or a fresh clone, reuses it.
# Prints the kernel build directory (usable as KDIR) on stdout.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
frag="$top/tools/kernel.config"
cache=${HVX_CACHE:-/var/cache/hvx}
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}
tarball=/usr/src/linux-source-6.1.tar.xz

[ -r "$tarball" ] || { echo "build-kernel: $tarball missing (run tools/setup-deps.sh)" >&2; exit 1; }

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( (echo "$srcver"; cat "$frag") | sha256sum | cut -c1-16)
out="$cache/kernel-$key"

log() { echo "build-kernel: $*" >&2; }

if [ -f "$out/.hvx-done" ] && [ -f "$out/Module.symvers" ]; then
	echo "$out"
	exit 0
fi

src=$("$top/tools/kernel-src.sh")

log "building test kernel in $out (a few minutes; cached afterwards)"
rm -rf "$out"
mkdir -p "$out"
mk() { make -s -C "$src" O="$out" ARCH=arm64 CROSS_COMPILE="$cross" "$@" >&2; }
mk allnoconfig
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$frag" >/dev/null
mk olddefconfig

# Every option the fragment asks for must have survived olddefconfig.
bad=0
grep -E '^(CONFIG_[A-Z0-9_]+=|# CONFIG_[A-Z0-9_]+ is not set)' "$frag" | while read -r line; do
	if ! grep -qxF "$line" "$out/.config"; then
		case "$line" in
		"# "*) opt=${line#\# }; opt=${opt%% *}
		       ! grep -q "^$opt=" "$out/.config" && continue ;;
		esac
		log "config fragment line not honoured: $line"
		echo x
	fi
done | grep -q x && bad=1
[ "$bad" = 0 ] || { log "fix tools/kernel.config"; exit 1; }

# "modules" writes Module.symvers, which modpost needs for hvx.ko.
mk -j"$(nproc)" Image modules
touch "$out/.hvx-done"
echo "$out"
