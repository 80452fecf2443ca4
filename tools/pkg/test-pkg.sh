#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvx's packaging, checked as a user of a Debian arm64 board would meet it
# (TAP on stdout):
#   - the Debian packages (tools/pkg/build-deb.sh, cross-built for arm64)
#     build, and lintian finds no error or warning in them;
#   - dpkg installs them into a scratch arm64 root: every file where it
#     belongs, hvxctl and hvx-acpigen arm64 programs;
#   - Debian's dkms adds, builds and installs the module from the source
#     that package installed, against the test kernel's build tree
#     (cross: ARCH and CROSS_COMPILE in dkms's environment), in scratch
#     dkms, source and module trees; the module's version and parameters
#     (modinfo); the installed hvx.ko is copied to OUT/hvx-dkms.ko, which
#     the test VM then loads (pkg-vm in tools/run-vm-tests.sh);
#   - `make install DESTDIR=` stages the files where the packages put them;
#   - the man pages say what --help says (every option of every command,
#     both ways) and groff has nothing to warn about;
#   - bash completion completes commands, options and VM names.
#
# usage: test-pkg.sh KDIR OUT
set -u

kdir=${1:?usage: test-pkg.sh KDIR OUT}
out=${2:?usage: test-pkg.sh KDIR OUT}
top=$(cd "$(dirname "$0")/../.." && pwd)
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}
hvxctl=$top/build/host/hvxctl
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else notok "$what"; fi; }
diag() { sed 's/^/# /'; }

rm -rf "$out" && mkdir -p "$out"
version=$(sed -n 's/.*HVX_VERSION_STR[[:space:]]*"\(.*\)"/\1/p' "$top/host/hvx.h")
krel=$(make -s -C "$kdir" ARCH=arm64 kernelrelease 2>/dev/null)

# --- versions -----------------------------------------------------------
conf_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
deb_version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
check "one version: module $version, dkms.conf $conf_version, debian/changelog $deb_version" \
	test "$version" = "$conf_version" -a "$version" = "${deb_version%%-*}"

# --- Debian packages ----------------------------------------------------
debs=$out/deb
if "$top/tools/pkg/build-deb.sh" "$debs" >"$out/build-deb.out" 2>&1; then
	ok "dpkg-buildpackage -a arm64: $(cd "$debs" && echo *.deb)"
else
	notok "dpkg-buildpackage -a arm64"
	diag <"$out/build-deb.out"
fi
for p in hvx-dkms_"$version"_all hvx-dev_"$version"_all hvxctl_"$version"_arm64; do
	check "package $p.deb built" test -s "$debs/$p.deb"
done

lintian --fail-on error,warning "$debs"/*.changes >"$out/lintian.out" 2>&1
rc=$?
check "lintian: no errors or warnings ($(grep -c '^[EW]:' "$out/lintian.out") tags)" \
	test "$rc" = 0
[ "$rc" = 0 ] || diag <"$out/lintian.out"

# dpkg into a scratch root. --unpack: the packages' maintainer scripts
# would run dkms inside that root, which has no system to run it; the
# dkms steps below do what hvx-dkms's postinst does.
root=$out/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
if dpkg --root="$root" --force-architecture --force-depends \
	--force-not-root --log=/dev/null --unpack "$debs"/*.deb \
	>"$out/dpkg.out" 2>&1; then
	ok "dpkg --root --unpack: the three packages"
else
	notok "dpkg --root --unpack"
	diag <"$out/dpkg.out"
fi
want="usr/sbin/hvxctl usr/bin/hvx-acpigen usr/share/man/man8/hvxctl.8.gz
usr/share/man/man1/hvx-acpigen.1.gz
usr/share/bash-completion/completions/hvxctl usr/include/linux/hvx.h
usr/include/hvx/hvx-guest.h usr/src/hvx-$version/dkms.conf
usr/src/hvx-$version/Kbuild usr/src/hvx-$version/hyp/hyp.lds.S
usr/share/doc/hvxctl/copyright"
missing=""
for f in $want; do [ -e "$root/$f" ] || missing="$missing $f"; done
check "installed files where they belong${missing:+ (missing:$missing)}" \
	test -z "$missing"
check "hvxctl and hvx-acpigen are arm64 programs linked with libfdt.so.1" \
	sh -c "file -L '$root/usr/sbin/hvxctl' '$root/usr/bin/hvx-acpigen' |
		grep -c 'ARM aarch64' | grep -qx 2 &&
		${cross}readelf -d '$root/usr/sbin/hvxctl' | grep -q 'libfdt.so.1'"
check "dpkg knows the files (dpkg -L hvxctl in the root)" \
	sh -c "dpkg --root='$root' -L hvxctl | grep -qx /usr/sbin/hvxctl"

# --- DKMS, from the packaged source --------------------------------------
dk="--dkmstree $out/dkms --sourcetree $root/usr/src --installtree $out/modules"
mkdir -p "$out/dkms" "$out/modules/$krel"
# shellcheck disable=SC2086 # $dk: several options
dkms_run() { ARCH=arm64 CROSS_COMPILE=$cross dkms "$@" $dk >>"$out/dkms.out" 2>&1; }
check "dkms add -m hvx -v $version" dkms_run add -m hvx -v "$version"
check "dkms build (arm64, kernel $krel, --kernelsourcedir the test kernel's tree)" \
	dkms_run build -m hvx -v "$version" -k "$krel" -a arm64 \
		--kernelsourcedir "$kdir"
check "dkms install: updates/dkms/hvx.ko in the module tree" \
	sh -c "ARCH=arm64 CROSS_COMPILE=$cross dkms install -m hvx -v '$version' \
		-k '$krel' -a arm64 --kernelsourcedir '$kdir' --no-depmod $dk \
		>>'$out/dkms.out' 2>&1 && test -s '$out/modules/$krel/updates/dkms/hvx.ko'"
check "dkms status: installed" \
	sh -c "dkms status -m hvx $dk 2>/dev/null | grep -q 'hvx/$version, $krel, arm64: installed'"
ko=$out/modules/$krel/updates/dkms/hvx.ko
[ "$failed" = 0 ] || diag <"$out/dkms.out"
cp "$ko" "$out/hvx-dkms.ko" 2>/dev/null
check "modinfo: version $version, vermagic $krel, no test hooks" \
	sh -c "modinfo -F version '$ko' | grep -qx '$version' &&
		modinfo -F vermagic '$ko' | grep -q '^$krel ' &&
		! ${cross}nm '$ko' 2>/dev/null | grep -q hvx_debug_init"
bare=$(modinfo -F parm "$ko" | grep -cvE '^[a-z0-9_]+:.*[a-z].*\(' )
check "modinfo: every parameter has a description ($(modinfo -F parm "$ko" | wc -l) parameters)" \
	test "$bare" = 0 -a "$(modinfo -F parm "$ko" | wc -l)" -ge 4

# --- make install --------------------------------------------------------
stage=$out/stage
if make -s -C "$top" install DESTDIR="$stage" >"$out/install.out" 2>&1; then
	ok "make install DESTDIR=..."
else
	notok "make install DESTDIR=..."
	diag <"$out/install.out"
fi
missing=""
for f in usr/sbin/hvxctl usr/bin/hvx-acpigen usr/share/man/man8/hvxctl.8 \
	usr/share/man/man1/hvx-acpigen.1 usr/include/linux/hvx.h \
	usr/share/bash-completion/completions/hvxctl \
	"lib/modules/$krel/updates/dkms/hvx.ko"; do
	[ -e "$stage/$f" ] || missing="$missing $f"
done
check "make install: the files where the packages and DKMS put them${missing:+ (missing:$missing)}" \
	test -z "$missing"

# --- man pages against --help -------------------------------------------
man8=$out/hvxctl.8
zcat "$root/usr/share/man/man8/hvxctl.8.gz" >"$man8" 2>/dev/null
# options in roff text: \- is a hyphen
opts_of() { sed 's/\\-/-/g' | grep -o -e '--[a-z][a-z0-9-]*' | sort -u; }
# the man page's part for COMMAND (its .SS "hvxctl COMMAND" subsection)
man_part() {
	awk -v want="$1" '/^\.S[SH] / { on = ($0 ~ ("\"hvxctl " want "\"")) }
		on' "$man8"
}
cmds=$("$hvxctl" --help | awk '/^Commands:/ { on = 1; next }
	on && /^  [a-z]/ { print $1; next } on { on = 0 }')
bad=""
for c in $cmds; do
	[ "$c" = help ] && continue
	h=$("$hvxctl" help "$c" | opts_of)
	m=$(man_part "$c" | opts_of)
	[ -n "$h" ] && [ "$h" = "$m" ] || bad="$bad $c"
done
check "hvxctl.8: each command's options are those of its --help ($(echo "$cmds" | wc -l) commands${bad:+; differ:$bad})" \
	test -z "$bad" -a -n "$cmds"
check "hvxctl.8 documents the exit statuses and FILES" \
	sh -c "grep -q '^.SH EXIT STATUS' '$man8' && grep -q '^.SH FILES' '$man8'"
man1=$out/hvx-acpigen.1
zcat "$root/usr/share/man/man1/hvx-acpigen.1.gz" >"$man1" 2>/dev/null
check "hvx-acpigen.1: the options of its --help" \
	test "$("$top/build/host/hvx-acpigen" --help 2>&1 | opts_of)" = "$(opts_of <"$man1")"
warn=$(for f in "$man8" "$man1"; do
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l -Tutf8 "$f" 2>&1 >/dev/null
done)
check "groff: no warnings in the man pages" test -z "$warn"
[ -z "$warn" ] || echo "$warn" | diag

# --- bash completion -------------------------------------------------------
bin=$out/bin
mkdir -p "$bin" "$out/sys/vms/vm3" "$out/sys/vms/vm12"
ln -sf "$hvxctl" "$bin/hvxctl"
echo 2 >"$out/sys/nr_vms"
echo web >"$out/sys/vms/vm3/name"
: >"$out/sys/vms/vm12/name"
echo 100 >"$out/sys/vms/vm3/pid"
echo 200 >"$out/sys/vms/vm12/pid"
# complete WORDS...: what completing the last word offers, one per line
complete_words() {
	PATH=$bin:$PATH HVX_SYSFS=$out/sys bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_hvxctl; printf "%s\n" "${COMPREPLY[@]}" | sort' _ \
		"$root/usr/share/bash-completion/completions/hvxctl" "$@"
}
check "completion: commands ('hvxctl st' -> stats status stop)" \
	test "$(complete_words hvxctl st | tr '\n' ' ')" = "stats status stop "
check "completion: options of a command ('hvxctl run --ac')" \
	test "$(complete_words hvxctl run --ac | tr '\n' ' ')" = "--acpi --acpi-map --acpi-tables "
check "completion: VM names and handles ('hvxctl stop ' -> 12 3 web)" \
	test "$(complete_words hvxctl stop '' | tr '\n' ' ')" = "12 3 web "
# every long option of every command, as its --help lists them
every_option_offered() {
	local c want got
	for c in $cmds; do
		[ "$c" = help ] && continue
		want=$("$hvxctl" help "$c" | opts_of)
		got=$(complete_words hvxctl "$c" -- | sort -u)
		[ "$want" = "$got" ] || { echo "$c: offers $got" | diag; return 1; }
	done
}
check "completion: every option of every command is offered" every_option_offered

echo "1..$n"
[ "$failed" = 0 ]
