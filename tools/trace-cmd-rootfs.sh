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
# The packages are trace-cmd:arm64 and, recursively, the library packages
# (lib*) it depends on, at apt's candidate versions (apt-get download: the
# machine's multiarch arm64 sources, tools/setup-deps.sh), unpacked with
# dpkg-deb -x (no installation, no maintainer scripts). Debs and fragment
# are cached in $HVX_CACHE (default /var/cache/hvx)/trace-cmd-<key>, <key>
# a hash of the packages' versions and this script; the fragment is
# copied to OUT. The versions apt gave are taken again for a day
# ($HVX_CACHE/trace-cmd.last). Prints the cache folder.
set -eu

out=${1:?usage: trace-cmd-rootfs.sh OUT}
cache=${HVX_CACHE:-/var/cache/hvx}
arch=arm64
triplet=aarch64-linux-gnu
dest=usr/lib/hvx/trace-cmd
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}
readelf=${cross}readelf
command -v "$readelf" >/dev/null 2>&1 || readelf=readelf

log() { echo "trace-cmd-rootfs: $*" >&2; }
die() { log "$*"; exit 1; }

# copy_out DIR: its fragment to OUT, DIR printed.
copy_out() {
	mkdir -p "$(dirname "$out")"
	cp "$1/trace-cmd.cpio" "$out.tmp"
	mv -f "$out.tmp" "$out"
	echo "$1"
}

# Asking apt for the versions takes seconds, and every VM boot asks: the
# answer of the last day is taken again (unless this script changed).
last=$cache/trace-cmd.last
if [ -f "$last" ] && [ -n "$(find "$last" -mmin -1440 -newer "$0" 2>/dev/null)" ]; then
	dir=$(cat "$last")
	if [ -f "$dir/trace-cmd.cpio" ]; then
		copy_out "$dir"
		exit 0
	fi
fi

dpkg --print-foreign-architectures | grep -qx "$arch" ||
	die "no $arch in dpkg's architectures (dpkg --add-architecture $arch; apt-get update)"
for t in apt-get apt-cache dpkg-deb cpio "$readelf"; do
	command -v "$t" >/dev/null 2>&1 || die "$t not found (tools/setup-deps.sh)"
done

# candidates PKG...: "name=version" of apt's candidate of each PKG:arm64
candidates() {
	# shellcheck disable=SC2046 # one word per package
	apt-cache policy $(printf "%s:$arch\n" "$@") 2>/dev/null | awk '
	/^[^ ].*:$/ { sub(/:$/, ""); sub(/:[a-z0-9]+$/, ""); name = $0 }
	/^ *Candidate:/ { v = $2; if (v == "(none)") v = ""; print name "=" v }'
}

# lib_deps PKG...: the library packages (lib*) the PKGs depend on.
lib_deps() {
	# shellcheck disable=SC2046 # one word per package
	apt-cache depends --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances \
		$(printf "%s:$arch\n" "$@") 2>/dev/null |
		sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \([^<][^ ]*\)$/\2/p' |
		sed "s/:$arch\$//" | grep '^lib' | sort -u || true
}

pkgs=" "
todo=trace-cmd
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
dir=$cache/trace-cmd-$key
frag=$dir/trace-cmd.cpio

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
	[ -f "$un/usr/bin/trace-cmd" ] || die "usr/bin/trace-cmd is not in the packages"

	st=$dir/stage
	rm -rf "$st"
	mkdir -p "$st/$dest/lib" "$st/usr/bin"
	cp "$un/usr/bin/trace-cmd" "$st/$dest/trace-cmd"

	libdirs="lib/$triplet usr/lib/$triplet lib usr/lib"
	find_lib() {
		for l in $libdirs; do
			if [ -e "$un/$l/$1" ]; then
				echo "$un/$l/$1"
				return 0
			fi
		done
		return 1
	}
	needed() {
		"$readelf" -d "$1" 2>/dev/null |
			sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p'
	}
	# The NEEDED closure, each library copied (links followed) by its
	# NEEDED name; and the program interpreter.
	todo=$(needed "$st/$dest/trace-cmd")
	seen=" "
	while [ -n "$todo" ]; do
		next=
		for lib in $todo; do
			case "$seen" in *" $lib "*) continue ;; esac
			seen="$seen$lib "
			path=$(find_lib "$lib") ||
				die "library $lib is in none of the packages"
			cp -L "$path" "$st/$dest/lib/$lib"
			next="$next $(needed "$path" | tr '\n' ' ')"
		done
		todo=$next
	done
	path=$(find_lib ld-linux-aarch64.so.1) ||
		die "ld-linux-aarch64.so.1 is in none of the packages"
	cp -L "$path" "$st/$dest/lib/ld-linux-aarch64.so.1"
	cat >"$st/usr/bin/trace-cmd" <<EOF
#!/bin/sh
# Debian's trace-cmd with its own loader and libraries (trace-cmd-rootfs.sh).
exec /$dest/lib/ld-linux-aarch64.so.1 --library-path /$dest/lib \\
	/$dest/trace-cmd "\$@"
EOF
	chmod 755 "$st/usr/bin/trace-cmd" "$st/$dest/lib/ld-linux-aarch64.so.1"
	(cd "$st" && find . ! -name . | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$frag.tmp"
	mv -f "$frag.tmp" "$frag"
	rm -rf "$un" "$st"
	log "$frag: $(wc -c <"$frag") bytes"
fi

echo "$dir" >"$last.tmp.$$" && mv -f "$last.tmp.$$" "$last"
copy_out "$dir"
