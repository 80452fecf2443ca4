#!/bin/sh
# Build (or reuse) the hvx test kernel from Debian's linux-source-6.1.
#
# The build lives outside the work tree, in $HVX_CACHE (default
# /var/cache/hvx), keyed by the config fragment and the source package
# version, so a second run, or a fresh clone, reuses it.
# Prints the kernel build directory (usable as KDIR) on stdout.
#
# --kvm builds the variant with KVM built in (tools/kernel-kvm.config on top
# of the same fragment), the peer make bench compares hvx with; --debug the
# debug kernel (tools/kernel-debug.config on top: KASAN, lockdep, kmemleak)
# the test VM suite also runs on.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
frag="$top/tools/kernel.config"
extra=
case "${1:-}" in
--kvm)	extra="$top/tools/kernel-kvm.config" ;;
--debug) extra="$top/tools/kernel-debug.config" ;;
"")	;;
*)	echo "usage: build-kernel.sh [--kvm | --debug]" >&2; exit 2 ;;
esac
cache=${HVX_CACHE:-/var/cache/hvx}
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}
tarball=/usr/src/linux-source-6.1.tar.xz

[ -r "$tarball" ] || { echo "build-kernel: $tarball missing (run tools/setup-deps.sh)" >&2; exit 1; }

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( (echo "$srcver"; cat "$frag" ${extra:+"$extra"}) | sha256sum | cut -c1-16)
out="$cache/kernel-$key"

log() { echo "build-kernel: $*" >&2; }

done_already() { [ -f "$out/.hvx-done" ] && [ -f "$out/Module.symvers" ]; }
if done_already; then
	echo "$out"
	exit 0
fi
# One build per tree: a second caller (another work tree, make -j) waits
# for the first and then uses its result.
mkdir -p "$cache"
exec 9>"$out.lock"
flock 9
if done_already; then
	echo "$out"
	exit 0
fi

src=$("$top/tools/kernel-src.sh")

log "building ${1:+${1#--} }test kernel in $out (a few minutes; cached afterwards)"
rm -rf "$out"
mkdir -p "$out"
mk() { make -s -C "$src" O="$out" ARCH=arm64 CROSS_COMPILE="$cross" "$@" >&2; }
mk allnoconfig
# The fragments, a later line for an option replacing an earlier one.
cat "$frag" ${extra:+"$extra"} | awk '
	{ opt = $0 }
	/^CONFIG_/ { sub(/=.*/, "", opt) }
	/^# CONFIG_.* is not set$/ { opt = $2 }
	opt != $0 { if (!(opt in line)) order[++n] = opt; line[opt] = $0 }
	END { for (i = 1; i <= n; i++) print line[order[i]] }' >"$out/hvx.config"
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$out/hvx.config" >/dev/null
mk olddefconfig

# Every option the fragment asks for must have survived olddefconfig.
bad=0
grep -E '^(CONFIG_[A-Z0-9_]+=|# CONFIG_[A-Z0-9_]+ is not set)' "$out/hvx.config" | while read -r line; do
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
