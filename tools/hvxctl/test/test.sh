#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of hvxctl (make host-check): command line, exit codes,
# help, and 'status' output (table and JSON) against a fake /dev/hvx
# (fake-hvx.so, an LD_PRELOAD shim); 'run' against its fake VM
# (test-run.sh; Linux guests, the vGIC and the terminal: test-uart.sh)
# and 'list', 'stats', 'console' and 'stop' against a fake sysfs
# (test-list.sh, test-vm.sh), 'partition' (test-partition.sh). TAP on
# stdout; exits 1 on a failure.
#
#   test.sh HVXCTL FAKE_HVX_SO [GUESTS_DIR [KERNEL_IMAGE]]
#
# With the test guests' folder and an arm64 kernel Image, the device tree
# 'run' generates is also booted with them on plain QEMU.
set -u

hvxctl=$1
fake=$2
# shellcheck disable=SC2034 # (for test-run.sh)
guests=${3:-}
# shellcheck disable=SC2034 # (for test-run.sh)
kernel=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
err=$tmp/err
n=0
failed=0
errs=0

echo "TAP version 13"
begin() { name=$1; errs=0; }
fail() { errs=$((errs + 1)); printf '%s\n' "$name: $*" | sed 's/^/# /'; }
end() {
	n=$((n + 1))
	if [ $errs = 0 ]; then
		echo "ok $n $name"
	else
		failed=$((failed + 1))
		echo "not ok $n $name"
	fi
}
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }
run() { "$@" >"$out" 2>"$err"; rc=$?; }
# A fake /sys/kernel/hvx beside the fake /dev/hvx; host_s2/reset is
# write-only in the real tree, here a file with no number in it.
sys=$tmp/sys
mkdir -p "$sys/host_s2"
echo 1024 >"$sys/mem_pages"
echo 996 >"$sys/pool_pages"
echo 7 >"$sys/pool_used_pages"
echo 17 >"$sys/host_s2/faults"
echo 16 >"$sys/host_s2/blocks_2m"
: >"$sys/host_s2/reset"
fake() { HVX_SYSFS=$sys LD_PRELOAD=$fake "$@"; }
expect_rc() { [ "$rc" = "$1" ] || fail "exit status $rc, expected $1: $(head -c 300 "$err")"; }

begin "--help and --version exit 0"
run "$hvxctl" --help
expect_rc 0
grep -q '^  status ' "$out" || fail "--help does not list status"
grep -q '2  usage error' "$out" || fail "--help does not document exit status 2"
run "$hvxctl" --version
expect_rc 0
grep -qE '^hvxctl [0-9]+\.[0-9]+\.[0-9]+ ' "$out" || fail "--version: $(cat "$out")"
end

begin "usage errors exit 2"
for args in "" "bogus" "--bogus" "status --bogus" "status -x" "status extra" "help bogus" "help status extra" \
	"list --bogus" "list extra" "help run extra"; do
	# shellcheck disable=SC2086 # (word splitting wanted)
	run "$hvxctl" $args
	expect_rc 2
	[ -s "$err" ] || fail "'hvxctl $args': no message on stderr"
	[ ! -s "$out" ] || fail "'hvxctl $args': output on stdout"
done
end

begin "help status is status --help"
run "$hvxctl" status --help
expect_rc 0
cp "$out" "$tmp/help"
run "$hvxctl" help status
expect_rc 0
cmp -s "$out" "$tmp/help" || fail "outputs differ"
grep -q '^Usage: hvxctl status \[--json\]' "$out" || fail "no usage line"
end

begin "status without /dev/hvx: not loaded, exit 1"
if [ -e /dev/hvx ]; then
	fail "/dev/hvx exists on this host"
else
	run "$hvxctl" status
	expect_rc 1
	grep -qxF 'hvxctl: hvx is not loaded (/dev/hvx missing); load it with: insmod hvx.ko' "$err" ||
		fail "stderr: $(cat "$err")"
	[ ! -s "$out" ] || fail "output on stdout"
fi
end

begin "status errors: EACCES needs root, ENODEV not loaded, ENOTTY"
FAKE_HVX_OPEN_ERRNO=13 fake "$hvxctl" status >"$out" 2>"$err"
rc=$?
expect_rc 1
grep -q 'needs root' "$err" || fail "EACCES: $(cat "$err")"
FAKE_HVX_OPEN_ERRNO=19 fake "$hvxctl" status >"$out" 2>"$err"
rc=$?
expect_rc 1
grep -q 'hvx is not loaded' "$err" || fail "ENODEV: $(cat "$err")"
FAKE_HVX_IOCTL_ERRNO=25 fake "$hvxctl" status --json >"$out" 2>"$err"
rc=$?
expect_rc 1
grep -q 'HVX_GET_VERSION' "$err" || fail "ENOTTY: $(cat "$err")"
[ ! -s "$out" ] || fail "output on stdout after a failed ioctl"
end

begin "status table (fake hvx)"
fake "$hvxctl" status >"$out" 2>"$err"
rc=$?
expect_rc 0
grep -qx 'hvx 0.1.0 (API 1, hyp 0.1), hvxctl [0-9.]*' "$out" || fail "version line: $(head -n 1 "$out")"
grep -qx 'CPUs: 4 possible, 3 online, 2 under hvx' "$out" || fail "no CPU count line"
grep -qx 'memory: 1024 pages taken from the host, EL2 pool 7 of 996 pages used' "$out" ||
	fail "no memory line"
grep -qx 'host stage 2: blocks_2m=16 faults=17' "$out" || fail "no host stage 2 line"
awk '$1 ~ /^[0-9]+$/ { print $1, $2, $3, $4, $5 }' "$out" >"$tmp/rows"
cat >"$tmp/want" <<'W'
0 hyp 0x00000000 EL2 0x0000000040f7e000
1 stub 0x00000001 - -
2 offline 0x00000002 - -
3 hyp 0x00000100 EL2 0x0000000040f7e000
W
cmp -s "$tmp/rows" "$tmp/want" || fail "rows: $(cat "$tmp/rows")"
end

begin "status --json (fake hvx) matches the documented schema"
fake "$hvxctl" status --json >"$out" 2>"$err"
rc=$?
expect_rc 0
python3 - "$out" >"$tmp/py" 2>&1 <<'PY' || fail "$(cat "$tmp/py")"
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"version", "nr_cpus", "nr_online", "nr_hyp", "cpus",
                  "memory", "host_s2"}, sorted(d)
assert d["memory"] == {"mem_pages": 1024, "pool_pages": 996,
                       "pool_used_pages": 7}, d["memory"]
assert d["host_s2"] == {"blocks_2m": 16, "faults": 17}, d["host_s2"]
assert d["version"] == {"hvxctl": d["version"]["hvxctl"], "module": "0.1.0",
                        "api": 1, "hyp": "0.1", "features": "0x0"}, d["version"]
assert (d["nr_cpus"], d["nr_online"], d["nr_hyp"]) == (4, 3, 2)
regs = ("current_el", "vbar_el2", "hcr_el2", "sctlr_el2")
want = ["hyp", "stub", "offline", "hyp"]
assert len(d["cpus"]) == 4
for i, c in enumerate(d["cpus"]):
    assert set(c) == {"cpu", "state", "mpidr"} | set(regs), sorted(c)
    assert c["cpu"] == i and c["state"] == want[i], c
    assert c["mpidr"] == hex(0x100 if i == 3 else i), c
    if c["state"] == "hyp":
        assert c["current_el"] == "EL2", c
        assert c["vbar_el2"] == "0x40f7e000" and c["hcr_el2"] == "0x30080000000", c
        assert c["sctlr_el2"] == "0x30cd183d", c
    else:
        assert all(c[r] is None for r in regs), c
PY
end

begin "status --json without hvx's sysfs: memory null, host_s2 empty"
HVX_SYSFS=$tmp/nonexistent LD_PRELOAD=$fake "$hvxctl" status --json >"$out" 2>"$err"
rc=$?
expect_rc 0
python3 - "$out" >"$tmp/py" 2>&1 <<'PY' || fail "$(cat "$tmp/py")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["memory"] == {"mem_pages": None, "pool_pages": None,
                       "pool_used_pages": None}, d["memory"]
assert d["host_s2"] == {}, d["host_s2"]
PY
end

begin "a failed write of the output is an error"
if [ -w /dev/full ]; then
	fake "$hvxctl" status >/dev/full 2>"$err"
	rc=$?
	expect_rc 1
	fake "$hvxctl" status --json >/dev/full 2>"$err"
	rc=$?
	expect_rc 1
else
	fail "no /dev/full"
fi
end

# shellcheck source=tools/hvxctl/test/test-run.sh
. "$here/test-run.sh"
# shellcheck source=tools/hvxctl/test/test-uart.sh
. "$here/test-uart.sh"
# shellcheck source=tools/hvxctl/test/test-list.sh
. "$here/test-list.sh"
# shellcheck source=tools/hvxctl/test/test-vm.sh
. "$here/test-vm.sh"
# shellcheck source=tools/hvxctl/test/test-acpi.sh
. "$here/test-acpi.sh"
# shellcheck source=tools/hvxctl/test/test-partition.sh
. "$here/test-partition.sh"

echo "1..$n"
[ $failed = 0 ]
