#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# build-rootfs.sh OUT: a cpio fragment (newc, uncompressed, owned by root)
# with Debian's unmodified open-vm-tools for arm64, to append to the Linux
# guest's initramfs (tools/linux-guest): the kernel unpacks concatenated
# archives in turn. It holds vmtoolsd, vmware-checkvm, vmware-toolbox-cmd,
# vmware-rpctool, vmtoolsd's guestInfo, timeSync and powerOps plugins,
# /etc/vmware-tools and the shared libraries all of them load (their
# NEEDED closure) with the dynamic loader: nothing else of the packages
# (no docs, locales, man pages, other programs or plugins).
#
# The packages are open-vm-tools:arm64 and its library packages, as
# tools/lib/debian-pkgs.sh takes them. Debs and fragment are cached in
# $HVX_CACHE (default /var/cache/hvx)/vmware-guest-<key>, <key> a hash of
# the packages' versions and the scripts; the fragment is copied to OUT.
# Prints the cache folder.
set -eu

out=${1:?usage: build-rootfs.sh OUT}
cache=${HVX_CACHE:-/var/cache/hvx}
lib=$(dirname "$0")/../lib/debian-pkgs.sh

log() { echo "build-rootfs: $*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=tools/lib/debian-pkgs.sh
. "$lib"

debpkg_check
list=$(debpkg_closure open-vm-tools)
key=$(debpkg_key "$list" "$0" "$lib")
dir=$cache/vmware-guest-$key
frag=$dir/vmware-guest.cpio

if [ ! -f "$frag" ]; then
	mkdir -p "$cache"
	# One build per key: a concurrent caller waits and uses its result.
	exec 9>"$dir.lock"
	flock 9
fi
if [ ! -f "$frag" ]; then
	debpkg_fetch "$dir" "$list"
	un=$dir/unpacked
	st=$dir/stage
	rm -rf "$st"
	mkdir -p "$st"
	# keep PATH: copies PATH (relative to the unpacked tree) to the
	# stage, symbolic links as they are, and their targets too
	keep() {
		(cd "$un" && cp -a --parents "$1" "$st/")
		if [ -L "$un/$1" ]; then
			tgt=$(readlink "$un/$1")
			case "$tgt" in
			/*) keep "${tgt#/}" ;;
			*) keep "$(dirname "$1")/$tgt" ;;
			esac
		fi
	}
	# shellcheck disable=SC2154 # (debian-pkgs.sh sets it)
	plugdir=usr/lib/$debpkg_triplet/open-vm-tools/plugins/vmsvc
	for f in usr/bin/vmtoolsd usr/bin/vmware-checkvm \
		usr/bin/vmware-toolbox-cmd usr/bin/vmware-rpctool \
		"$plugdir/libguestInfo.so" "$plugdir/libtimeSync.so" \
		"$plugdir/libpowerOps.so" etc/vmware-tools/tools.conf \
		etc/vmware-tools/statechange.subr \
		etc/vmware-tools/poweron-vm-default \
		etc/vmware-tools/poweroff-vm-default \
		etc/vmware-tools/suspend-vm-default \
		etc/vmware-tools/resume-vm-default; do
		[ -e "$un/$f" ] || die "$f is not in the packages"
		keep "$f"
	done

	# The NEEDED closure of every ELF file kept, and the program
	# interpreter (PT_INTERP), /lib/ld-linux-aarch64.so.1.
	# shellcheck disable=SC2046 # one word per file
	debpkg_lib_closure "$un" keep $(find "$st" -type f -exec sh -c \
		'for f; do head -c4 "$f" | grep -q ELF && echo "$f"; done' sh {} +)
	keep lib/ld-linux-aarch64.so.1

	# What the tools write to: vmtoolsd's log and pid folders.
	mkdir -p "$st/var/log" "$st/var/run" "$st/run"
	debpkg_cpio "$st" "$frag"
	rm -rf "$un" "$st"
	log "$frag: $(wc -c <"$frag") bytes"
fi

mkdir -p "$(dirname "$out")"
cp "$frag" "$out.tmp"
mv -f "$out.tmp" "$out"
echo "$dir"
