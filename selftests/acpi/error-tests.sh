# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run-tests.sh: broken inputs give one clear error naming the
# node (or file:line), a non-zero exit, and no output at all.

# expect_error DESC PATTERN ARGS...: non-zero exit, message matches, and
# neither the output directory nor the blob appears.
expect_error() {
	local desc=$1 pattern=$2 log="$work/err.log" o="$work/err-out"
	shift 2
	rm -rf "$o" "$o.blob"
	if "$tool" "$@" --blob "$o.blob" --base 0 -o "$o" >"$log" 2>&1; then
		echo "unexpected success" >>"$log"
		fail "$desc" "$log"
	elif ! grep -Eq "$pattern" "$log"; then
		echo "message does not match: $pattern" >>"$log"
		fail "$desc" "$log"
	elif [ "$(grep -c . "$log")" != 1 ]; then
		echo "expected exactly one line of error" >>"$log"
		fail "$desc" "$log"
	elif ls -d "$o" "$o".* >/dev/null 2>&1; then
		echo "partial output left behind: $(ls -d "$o"*)" >>"$log"
		fail "$desc" "$log"
	else
		pass "$desc: $(cat "$log")"
	fi
}

good="$dtbs/qemu-v3-smp4.dtb"
head -c 2000 "$good" >"$work/truncated.dtb"
head -c 40 "$good" >"$work/header-only.dtb"
printf 'this is not a device tree at all, just text.......\n' >"$work/junk.dtb"
: >"$work/empty.dtb"
# Intact header, corrupted structure block.
python3 - "$good" "$work/corrupt.dtb" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
off = struct.unpack('>I', d[8:12])[0]
d[off + 200:off + 232] = b'\xff' * 32
open(sys.argv[2], 'wb').write(d)
PY

expect_error "error: truncated DTB" 'truncated DTB' "$work/truncated.dtb"
expect_error "error: header-only DTB" 'truncated DTB|not a valid DTB' \
	"$work/header-only.dtb"
expect_error "error: not a DTB" 'not a valid DTB' "$work/junk.dtb"
expect_error "error: empty file" 'not a valid DTB' "$work/empty.dtb"
expect_error "error: corrupt structure block" 'corrupt|malformed|invalid|no /cpus|no CPU' \
	"$work/corrupt.dtb"
expect_error "error: no CPUs names /cpus" '^hvx-acpigen: .*: /cpus: no CPU' \
	"$dtbs/err-no-cpus.dtb"
expect_error "error: no GIC names the root" ': /: no enabled GIC' \
	"$dtbs/err-no-gic.dtb"
expect_error "error: CPU without reg names the CPU" '/cpus/cpu@0: .*reg' \
	"$dtbs/err-cpu-no-reg.dtb"
expect_error "error: GICv3 without redistributor names the GIC" \
	'/interrupt-controller@8000000: redistributor' \
	"$dtbs/err-gic-short-reg.dtb"
expect_error "error: missing DTB file" 'No such file' "$work/nonexistent.dtb"
expect_error "error: bad OEM ID" 'OEM ID' --oem-id 'TOOLONGID' "$good"

# An existing output directory is left exactly as it was on error.
mkdir -p "$work/keep"
echo old >"$work/keep/DSDT.dat"
if ! "$tool" "$dtbs/err-no-cpus.dtb" -o "$work/keep" >/dev/null 2>&1 &&
   [ "$(cat "$work/keep/DSDT.dat")" = old ] &&
   [ "$(ls "$work/keep" | wc -l)" = 1 ] &&
   ! ls -d "$work"/keep.tmp-* >/dev/null 2>&1; then
	pass "error: existing output directory untouched"
else
	fail "error: existing output directory untouched"
fi

# Regenerating into an existing directory drops stale tables.
mkdir -p "$work/regen"
echo stale >"$work/regen/IORT.dat"
if "$tool" "$dtbs/qemu-v3-smp8-noits.dtb" -o "$work/regen" >/dev/null 2>&1 &&
   [ ! -e "$work/regen/IORT.dat" ] && [ -s "$work/regen/DSDT.dat" ]; then
	pass "regenerate into existing directory removes stale IORT.dat"
else
	fail "regenerate into existing directory removes stale IORT.dat"
fi
