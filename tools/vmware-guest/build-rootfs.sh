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
# The packages are open-vm-tools:arm64 and, recursively, the library
# packages (lib*) it depends on, at apt's candidate versions (apt-get
# download: the machine's multiarch arm64 sources, tools/setup-deps.sh).
# They are unpacked with dpkg-deb -x: no installation, no maintainer
# scripts. Debs and fragment are cached in $HVX_CACHE (default
# /var/cache/hvx)/vmware-guest-<key>, <key> a hash of the packages'
# versions and this script; the fragment is copied to OUT. Prints the
# cache folder.
set -eu

out=${1:?usage: build-rootfs.sh OUT}
cache=${HVX_CACHE:-/var/cache/hvx}
arch=arm64
triplet=aarch64-linux-gnu
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}
readelf=${cross}readelf
command -v "$readelf" >/dev/null 2>&1 || readelf=readelf

log() { echo "build-rootfs: $*" >&2; }
die() { log "$*"; exit 1; }

dpkg --print-foreign-architectures | grep -qx "$arch" ||
	die "no $arch in dpkg's architectures (dpkg --add-architecture $arch; apt-get update)"
for t in apt-get apt-cache dpkg-deb cpio "$readelf"; do
	command -v "$t" >/dev/null 2>&1 || die "$t not found (tools/setup-deps.sh)"
done

# candidates PKG...: "name=version" of apt's candidate of each PKG:arm64
# ("name=" if it has none)
candidates() {
	# shellcheck disable=SC2046 # one word per package
	apt-cache policy $(printf "%s:$arch\n" "$@") 2>/dev/null | awk '
	/^[^ ].*:$/ { sub(/:$/, ""); sub(/:[a-z0-9]+$/, ""); name = $0 }
	/^ *Candidate:/ { v = $2; if (v == "(none)") v = ""; print name "=" v }'
}

# lib_deps PKG...: the library packages (lib*) the PKGs (arm64) depend or
# pre-depend on (every alternative; virtual packages skipped). One
# apt-cache call for all: each loads apt's whole cache.
lib_deps() {
	# shellcheck disable=SC2046 # one word per package
	apt-cache depends --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances \
		$(printf "%s:$arch\n" "$@") 2>/dev/null |
		sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \([^<][^ ]*\)$/\2/p' |
		sed "s/:$arch\$//" | grep '^lib' | sort -u || true
}

# The package closure, "name=version" lines, sorted: one round of
# lib_deps for each level of dependencies.
pkgs=" "
todo=open-vm-tools
while [ -n "$todo" ]; do
	new=
	for p in $todo; do
		case "$pkgs" in *" $p "*) continue ;; esac
		pkgs="$pkgs$p "
		new="$new $p"
	done
	# shellcheck disable=SC2086 # one word per package
	todo=$([ -z "$new" ] || lib_deps $new)
done
# shellcheck disable=SC2086 # one word per package
list=$(candidates $pkgs)
if printf '%s\n' "$list" | grep -q '=$'; then
	die "no $arch candidate for $(printf '%s\n' "$list" | sed -n 's/=$//p' | tr '\n' ' ')(apt-get update?)"
fi
list=$(printf '%s\n' "$list" | LC_ALL=C sort)
key=$( (printf '%s\n' "$list"; cat "$0") | sha256sum | cut -c1-16)
dir=$cache/vmware-guest-$key
frag=$dir/vmware-guest.cpio

if [ ! -f "$frag" ]; then
	mkdir -p "$cache"
	# One build per key: a concurrent caller waits and uses its result.
	exec 9>"$dir.lock"
	flock 9
fi
if [ ! -f "$frag" ]; then
	log "downloading $(printf '%s\n' "$list" | wc -l) $arch packages into $dir"
	rm -rf "$dir"
	mkdir -p "$dir/debs"
	# apt's _apt user cannot write into root's folders: no sandbox
	# shellcheck disable=SC2046 # one word per package
	(cd "$dir/debs" && apt-get -q -o APT::Sandbox::User=root download \
		$(printf '%s\n' "$list" | sed "s/=/:$arch=/") >&2)
	printf '%s\n' "$list" >"$dir/packages"

	un=$dir/unpacked
	mkdir -p "$un"
	for d in "$dir"/debs/*.deb; do
		dpkg-deb -x "$d" "$un"
	done

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
	plugdir=usr/lib/$triplet/open-vm-tools/plugins/vmsvc
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

	# The NEEDED closure of every ELF file kept, from the library
	# folders of the unpacked packages.
	libdirs="lib/$triplet usr/lib/$triplet lib usr/lib"
	find_lib() {
		for l in $libdirs; do
			if [ -e "$un/$l/$1" ]; then
				echo "$l/$1"
				return 0
			fi
		done
		return 1
	}
	needed() {
		"$readelf" -d "$1" 2>/dev/null |
			sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p'
	}
	todo=$(find "$st" -type f -exec sh -c \
		'for f; do head -c4 "$f" | grep -q ELF && echo "$f"; done' sh {} + |
		while read -r f; do needed "$f"; done | sort -u)
	seen=" "
	while [ -n "$todo" ]; do
		next=
		for lib in $todo; do
			case "$seen" in *" $lib "*) continue ;; esac
			seen="$seen$lib "
			path=$(find_lib "$lib") ||
				die "library $lib is in none of the packages"
			keep "$path"
			next="$next $(needed "$un/$path" | tr '\n' ' ')"
		done
		todo=$next
	done
	# The program interpreter (PT_INTERP), /lib/ld-linux-aarch64.so.1.
	keep lib/ld-linux-aarch64.so.1

	# What the tools write to: vmtoolsd's log and pid folders.
	mkdir -p "$st/var/log" "$st/var/run" "$st/run"
	(cd "$st" && find . ! -name . | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$frag.tmp"
	mv -f "$frag.tmp" "$frag"
	rm -rf "$un" "$st"
	log "$frag: $(wc -c <"$frag") bytes"
fi

mkdir -p "$(dirname "$out")"
cp "$frag" "$out.tmp"
mv -f "$out.tmp" "$out"
echo "$dir"
