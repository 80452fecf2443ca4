#!/bin/sh
# Build hvx's Debian packages (debian/): hvx-dkms, hvx-dev and hvxctl for
# arm64, cross-built with dpkg-buildpackage on a copy of the tracked
# sources in OUT/src (so that the package build's clean step never touches
# the work tree). The .deb files land in OUT.
#
# usage: build-deb.sh OUT [ARCH]      (ARCH default arm64)
#
# The build dependencies are checked here rather than by dpkg-buildpackage
# (-d): for a cross build Debian would want libfdt-dev:arm64, which cannot
# be installed next to the build machine's libfdt-dev; the arm64 library
# itself (libfdt1:arm64) is what the link needs.
set -eu

out=${1:?usage: build-deb.sh OUT [ARCH]}
arch=${2:-arm64}
top=$(cd "$(dirname "$0")/../.." && pwd)

need=""
for p in debhelper dh-dkms dpkg-dev fakeroot libfdt-dev python3 \
	"libfdt1:$arch" "libc6:$arch"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || need="$need $p"
done
[ -z "$need" ] || { echo "build-deb: missing packages:$need (tools/setup-deps.sh installs them)" >&2; exit 1; }

version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
src=$out/src/hvx-$version
rm -rf "$out/src" && mkdir -p "$src"
# The tracked files (a clean clone's content, with the work tree's edits),
# or, outside git, everything but the build folder.
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$top" && git ls-files -z) |
		(cd "$top" && xargs -0 cp --parents -t "$src")
else
	(cd "$top" && find . -path ./build -prune -o -type f -print0) |
		(cd "$top" && xargs -0 cp --parents -t "$src")
fi
rm -f "$out"/*.deb "$out"/*.buildinfo "$out"/*.changes
(cd "$src" && dpkg-buildpackage -a"$arch" -b -us -uc -d --no-sign) \
	>"$out/build.log" 2>&1 || {
	tail -30 "$out/build.log" >&2
	echo "build-deb: dpkg-buildpackage failed; the log is $out/build.log" >&2
	exit 1
}
mv "$out"/src/*.deb "$out"/src/*.buildinfo "$out"/src/*.changes "$out"/
ls "$out"/*.deb
