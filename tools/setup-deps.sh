#!/bin/sh
# Install the Debian 12 packages hvx needs to build and test.
# Idempotent: packages already present are skipped, and apt is only run when
# something is missing.
set -eu

PKGS="linux-source-6.1 gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
qemu-system-arm libfdt-dev device-tree-compiler acpica-tools trace-cmd
sparse bc bison flex libssl-dev libelf-dev cpio xz-utils make gcc perl
python3 python3-pyte clang qemu-efi-aarch64 busybox-static:arm64 libc6-dev-arm64-cross
shellcheck file dkms dh-dkms debhelper dpkg-dev fakeroot lintian kmod
libfdt1:arm64 libc6:arm64 gnuplot-nox"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "setup-deps: missing packages:$missing" >&2
	echo "setup-deps: run as root (or install them with apt-get) and retry" >&2
	exit 1
fi

echo "setup-deps: installing:$missing"
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
