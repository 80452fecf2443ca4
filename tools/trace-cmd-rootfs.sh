#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# trace-cmd-rootfs.sh OUT: a cpio fragment (newc, owned by root) with
# Debian's unmodified trace-cmd for arm64, for the test VM's initramfs
# (tools/hvx-vm appends it): the trace-cmd program and the shared
# libraries it loads (its ELF NEEDED closure) with the dynamic loader,
# all under /usr/lib/hvx/trace-cmd, and /usr/bin/trace-cmd, a script that
# runs it with that loader and those libraries, apart from the libraries
# of the VM's other programs.
#
# The packages are trace-cmd:arm64 and its library packages, as
# tools/lib/debian-pkgs.sh takes them. Debs and fragment are cached in
# $HVX_CACHE (default /var/cache/hvx)/trace-cmd-<key>, <key> a hash of the
# packages' versions and the scripts; the fragment is copied to OUT. The
# versions apt gave are taken again for a day ($HVX_CACHE/trace-cmd.last).
# Prints the cache folder.
set -eu

out=${1:?usage: trace-cmd-rootfs.sh OUT}
cache=${HVX_CACHE:-/var/cache/hvx}
dest=usr/lib/hvx/trace-cmd
lib=$(dirname "$0")/lib/debian-pkgs.sh

log() { echo "trace-cmd-rootfs: $*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=tools/lib/debian-pkgs.sh
. "$lib"

# copy_out DIR: its fragment to OUT, DIR printed.
copy_out() {
	mkdir -p "$(dirname "$out")"
	cp "$1/trace-cmd.cpio" "$out.tmp"
	mv -f "$out.tmp" "$out"
	echo "$1"
}

# Asking apt for the versions takes seconds, and every VM boot asks: the
# answer of the last day is taken again (unless the scripts changed).
last=$cache/trace-cmd.last
if [ -f "$last" ] && [ -n "$(find "$last" -mmin -1440 -newer "$0" 2>/dev/null)" ] &&
	[ -n "$(find "$last" -newer "$lib" 2>/dev/null)" ]; then
	dir=$(cat "$last")
	if [ -f "$dir/trace-cmd.cpio" ]; then
		copy_out "$dir"
		exit 0
	fi
fi

debpkg_check
list=$(debpkg_closure trace-cmd)
key=$(debpkg_key "$list" "$0" "$lib")
dir=$cache/trace-cmd-$key
frag=$dir/trace-cmd.cpio

if [ ! -f "$frag" ]; then
	mkdir -p "$cache"
	# One build per key: a concurrent caller waits and uses its result.
	exec 9>"$dir.lock"
	flock 9
fi
if [ ! -f "$frag" ]; then
	debpkg_fetch "$dir" "$list"
	un=$dir/unpacked
	[ -f "$un/usr/bin/trace-cmd" ] || die "usr/bin/trace-cmd is not in the packages"

	st=$dir/stage
	rm -rf "$st"
	mkdir -p "$st/$dest/lib" "$st/usr/bin"
	cp "$un/usr/bin/trace-cmd" "$st/$dest/trace-cmd"

	# The NEEDED closure, each library copied (links followed) by its
	# NEEDED name; and the program interpreter.
	keep_lib() { cp -L "$un/$1" "$st/$dest/lib/$2"; }
	debpkg_lib_closure "$un" keep_lib "$st/$dest/trace-cmd"
	path=$(debpkg_find_lib "$un" ld-linux-aarch64.so.1) ||
		die "ld-linux-aarch64.so.1 is in none of the packages"
	keep_lib "$path" ld-linux-aarch64.so.1
	cat >"$st/usr/bin/trace-cmd" <<EOF
#!/bin/sh
# Debian's trace-cmd with its own loader and libraries (trace-cmd-rootfs.sh).
exec /$dest/lib/ld-linux-aarch64.so.1 --library-path /$dest/lib \\
	/$dest/trace-cmd "\$@"
EOF
	chmod 755 "$st/usr/bin/trace-cmd" "$st/$dest/lib/ld-linux-aarch64.so.1"
	debpkg_cpio "$st" "$frag"
	rm -rf "$un" "$st"
	log "$frag: $(wc -c <"$frag") bytes"
fi

echo "$dir" >"$last.tmp.$$" && mv -f "$last.tmp.$$" "$last"
copy_out "$dir"
