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
expect_error "error: CPU without reg names the CPU" '/cpus/cpu@0: .*reg' \
	"$dtbs/err-cpu-no-reg.dtb"
expect_error "error: GICv3 without redistributor names the GIC" \
	'/interrupt-controller@8000000: redistributor' \
	"$dtbs/err-gic-short-reg.dtb"
expect_error "error: missing DTB file" 'No such file' "$work/nonexistent.dtb"

# Address and length arithmetic on DT values must not trap or wrap.
# variant OUT BASE NODE PROP CELL...: BASE with PROP of NODE set to CELLs.
variant() {
	local out=$1 base=$2 node=$3 prop=$4
	shift 4
	cp "$base" "$out" && fdtput -t x "$out" "$node" "$prop" "$@"
}

sbsa="$dtbs/minimal-sbsa.dtb"
pcie=/pcie@10000000
its_ph=$(fdtget -t x "$good" /intc@8000000/its@8080000 phandle 2>/dev/null)
expect_error "error: 'ranges' with 0-cell entries (divided by zero)" \
	"/cells0/bus: malformed 'ranges'" "$dtbs/err-ranges-zero-cells.dtb"
variant "$work/ranges-wrap.dtb" "$sbsa" /soc ranges 0 ffffffff ffff0000 1000000
expect_error "error: 'ranges' translation past 2^64" \
	"/soc: 'ranges' .*wraps" "$work/ranges-wrap.dtb"
variant "$work/reg-wrap.dtb" "$sbsa" /highdev@800000000 reg \
	ffffffff ffff0000 0 20000
expect_error "error: 'reg' entry past 2^64" \
	"/highdev@800000000: 'reg' entry 0 wraps" "$work/reg-wrap.dtb"
variant "$work/pci-bus-wrap.dtb" "$good" $pcie ranges \
	3000000 ffffffff ffff0000 80 0 0 20000
expect_error "error: PCI window past 2^64 on the bus side" \
	"$pcie: 'ranges' window wraps" "$work/pci-bus-wrap.dtb"
variant "$work/pci-cpu-wrap.dtb" "$good" $pcie ranges \
	3000000 80 0 ffffffff ffff0000 0 20000
expect_error "error: PCI window past 2^64 on the CPU side" \
	"$pcie: 'ranges' window wraps" "$work/pci-cpu-wrap.dtb"
variant "$work/ecam-low.dtb" "$good" $pcie reg 0 0 0 10000000 &&
	fdtput -t x "$work/ecam-low.dtb" $pcie bus-range 10 ff
expect_error "error: ECAM window below where bus 0 would be (MCFG base)" \
	"$pcie: ECAM window .*bus 0" "$work/ecam-low.dtb"
variant "$work/msi-out-wrap.dtb" "$good" $pcie msi-map \
	0 "$its_ph" ffff8000 10000
expect_error "error: msi-map output IDs past 2^32" \
	"$pcie: malformed 'msi-map'" "$work/msi-out-wrap.dtb"
variant "$work/msi-rid-wrap.dtb" "$good" $pcie msi-map \
	ffff8000 "$its_ph" 0 10000
expect_error "error: msi-map requester IDs past 2^32" \
	"$pcie: malformed 'msi-map'" "$work/msi-rid-wrap.dtb"
variant "$work/redist-4g.dtb" "$good" /intc@8000000 reg \
	0 8000000 0 10000 0 80a0000 1 0
expect_error "error: redistributor region of 4 GiB (MADT has 32 bits)" \
	"/intc@8000000: redistributor region 0 .*4 GiB" "$work/redist-4g.dtb"
v2m=$(fdtget -l "$dtbs/qemu-v2-smp1.dtb" /intc@8000000 2>/dev/null | head -n 1)
variant "$work/v2m-spis.dtb" "$dtbs/qemu-v2-smp1.dtb" "/intc@8000000/$v2m" \
	arm,msi-num-spis 10000 &&
	fdtput -t x "$work/v2m-spis.dtb" "/intc@8000000/$v2m" arm,msi-base-spi 40
expect_error "error: v2m SPI count of 2^16 (MADT has 16 bits)" \
	"/intc@8000000/$v2m: 'arm,msi-" "$work/v2m-spis.dtb"

# A node after the root's end (the GIC moved out of it): libfdt's
# fdt_get_path(), which names the node in the error, read and wrote below
# its buffer for it (hvx-acpigen crashed; the module runs the same code).
python3 - "$dtbs/err-gic-short-reg.dtb" "$work/after-root.dtb" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
off, size = struct.unpack('>I', d[8:12])[0], struct.unpack('>I', d[36:40])[0]


def walk(s):
    """The root's top-level children (start, end) and its END_NODE."""
    p, depth, kids, start = 0, 0, [], 0
    while True:
        tag = struct.unpack('>I', s[p:p + 4])[0]
        q = p + 4
        if tag == 1:                    # BEGIN_NODE, name
            q = (s.index(b'\0', q) + 4) & ~3
            depth += 1
            if depth == 2:
                start = p
        elif tag == 2:                  # END_NODE
            if depth == 2:
                kids.append((start, q))
            depth -= 1
            if depth == 0:
                return kids, p
        elif tag == 3:                  # PROP: len, name offset, value
            q += 8 + ((struct.unpack('>I', s[q:q + 4])[0] + 3) & ~3)
        p = q


s = d[off:off + size]
kids, _ = walk(s)
a, b = next(k for k in kids if s[k[0] + 4:].startswith(b'interrupt-controller'))
gic, s = s[a:b], s[:a] + s[b:]
_, root_end = walk(s)
s = s[:root_end + 4] + gic + s[root_end + 4:]
d[off:off + size] = s
open(sys.argv[2], 'wb').write(d)
PY
expect_error "error: a node after the root's end (fdt_get_path underflow)" \
	'not a valid DTB' "$work/after-root.dtb"

# A console UART whose region DBG2 cannot hold (32-bit size) is not
# described, rather than described with its size cut.
variant "$work/uart-4g.dtb" "$good" /pl011@9000000 reg 0 9000000 1 1000
rm -rf "$work/uart-4g"
if "$tool" "$work/uart-4g.dtb" -o "$work/uart-4g" >"$work/uart.log" 2>&1 &&
   [ -s "$work/uart-4g/DSDT.dat" ] && [ ! -e "$work/uart-4g/DBG2.dat" ] &&
   [ ! -e "$work/uart-4g/SPCR.dat" ]; then
	pass "console UART larger than 4 GiB: no SPCR/DBG2"
else
	ls "$work/uart-4g" >>"$work/uart.log" 2>&1
	fail "console UART larger than 4 GiB: no SPCR/DBG2" "$work/uart.log"
fi
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
