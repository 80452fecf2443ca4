# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Sourced, not run: Debian arm64 packages into cpio fragments, for the
# scripts that put Debian's own programs into the test VM or a guest
# (tools/trace-cmd-rootfs.sh, tools/vmware-guest/build-rootfs.sh). Each
# takes a program's package and, recursively, the library packages (lib*)
# it depends on, at apt's candidate versions (apt-get download: the
# machine's multiarch arm64 sources, tools/setup-deps.sh), unpacks them
# with dpkg-deb -x (no installation, no maintainer scripts) and keeps the
# files it wants with their ELF NEEDED closure.
#
# The caller defines log() and die() first.
#
#   debpkg_check              arm64 is a dpkg architecture, the tools exist
#   debpkg_closure PKG        "name=version" of PKG and its library
#                             packages, sorted; dies if one has no candidate
#   debpkg_key LIST FILE...   a cache key: hash of LIST and the FILEs (the
#                             scripts that build from it)
#   debpkg_fetch DIR LIST     download LIST into DIR/debs, unpack them all
#                             into DIR/unpacked
#   debpkg_needed ELF         the NEEDED names of an ELF file
#   debpkg_find_lib UN NAME   where library NAME is in the unpacked tree UN
#                             (relative to UN)
#   debpkg_lib_closure UN KEEP ELF...
#                             every library the ELF files need, and those
#                             need, found in UN: KEEP PATH NAME is called
#                             once for each (PATH relative to UN)
#   debpkg_cpio STAGE OUT     STAGE's files as a newc archive owned by root

debpkg_arch=arm64
debpkg_triplet=aarch64-linux-gnu
debpkg_readelf=${CROSS_COMPILE:-aarch64-linux-gnu-}readelf
command -v "$debpkg_readelf" >/dev/null 2>&1 || debpkg_readelf=readelf

debpkg_check()
{
	dpkg --print-foreign-architectures | grep -qx "$debpkg_arch" ||
		die "no $debpkg_arch in dpkg's architectures (dpkg --add-architecture $debpkg_arch; apt-get update)"
	for t in apt-get apt-cache dpkg-deb cpio sha256sum "$debpkg_readelf"; do
		command -v "$t" >/dev/null 2>&1 ||
			die "$t not found (tools/setup-deps.sh)"
	done
}

# candidates PKG...: "name=version" of apt's candidate of each PKG:arm64
# ("name=" if it has none)
debpkg_candidates()
{
	# shellcheck disable=SC2046 # one word per package
	apt-cache policy $(printf "%s:$debpkg_arch\n" "$@") 2>/dev/null | awk '
	/^[^ ].*:$/ { sub(/:$/, ""); sub(/:[a-z0-9]+$/, ""); name = $0 }
	/^ *Candidate:/ { v = $2; if (v == "(none)") v = ""; print name "=" v }'
}

# The library packages (lib*) the PKGs (arm64) depend or pre-depend on
# (every alternative; virtual packages skipped). One apt-cache call for
# all: each loads apt's whole cache.
debpkg_lib_deps()
{
	# shellcheck disable=SC2046 # one word per package
	apt-cache depends --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances \
		$(printf "%s:$debpkg_arch\n" "$@") 2>/dev/null |
		sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \([^<][^ ]*\)$/\2/p' |
		sed "s/:$debpkg_arch\$//" | grep '^lib' | sort -u || true
}

# One round of debpkg_lib_deps for each level of dependencies.
debpkg_closure()
{
	_pkgs=" "
	_todo=$1
	while [ -n "$_todo" ]; do
		_new=
		for _p in $_todo; do
			case "$_pkgs" in *" $_p "*) continue ;; esac
			_pkgs="$_pkgs$_p "
			_new="$_new $_p"
		done
		# shellcheck disable=SC2086 # one word per package
		_todo=$([ -z "$_new" ] || debpkg_lib_deps $_new)
	done
	# shellcheck disable=SC2086 # one word per package
	_list=$(debpkg_candidates $_pkgs)
	if printf '%s\n' "$_list" | grep -q '=$'; then
		die "no $debpkg_arch candidate for $(printf '%s\n' "$_list" | sed -n 's/=$//p' | tr '\n' ' ')(apt-get update?)"
	fi
	printf '%s\n' "$_list" | LC_ALL=C sort
}

debpkg_key()
{
	_list=$1
	shift
	(printf '%s\n' "$_list"; cat "$@") | sha256sum | cut -c1-16
}

debpkg_fetch()
{
	log "downloading $(printf '%s\n' "$2" | wc -l) $debpkg_arch packages into $1"
	rm -rf "$1"
	mkdir -p "$1/debs" "$1/unpacked"
	# apt's _apt user cannot write into root's folders: no sandbox
	# shellcheck disable=SC2046 # one word per package
	(cd "$1/debs" && apt-get -q -o APT::Sandbox::User=root download \
		$(printf '%s\n' "$2" | sed "s/=/:$debpkg_arch=/") >&2)
	printf '%s\n' "$2" >"$1/packages"
	for _d in "$1"/debs/*.deb; do
		dpkg-deb -x "$_d" "$1/unpacked"
	done
}

debpkg_needed()
{
	"$debpkg_readelf" -d "$1" 2>/dev/null |
		sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p'
}

debpkg_find_lib()
{
	for _l in "lib/$debpkg_triplet" "usr/lib/$debpkg_triplet" lib usr/lib; do
		if [ -e "$1/$_l/$2" ]; then
			echo "$_l/$2"
			return 0
		fi
	done
	return 1
}

debpkg_lib_closure()
{
	_un=$1
	_keep=$2
	shift 2
	_todo=$(for _f in "$@"; do debpkg_needed "$_f"; done | sort -u)
	_seen=" "
	while [ -n "$_todo" ]; do
		_next=
		for _lib in $_todo; do
			case "$_seen" in *" $_lib "*) continue ;; esac
			_seen="$_seen$_lib "
			_path=$(debpkg_find_lib "$_un" "$_lib") ||
				die "library $_lib is in none of the packages"
			"$_keep" "$_path" "$_lib"
			_next="$_next $(debpkg_needed "$_un/$_path" | tr '\n' ' ')"
		done
		_todo=$_next
	done
}

debpkg_cpio()
{
	(cd "$1" && find . ! -name . | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$2.tmp"
	mv -f "$2.tmp" "$2"
}
