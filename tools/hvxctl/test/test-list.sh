# SPDX-License-Identifier: GPL-2.0
# Sourced by test.sh: 'hvxctl list' against a fake /sys/kernel/hvx
# (HVX_SYSFS). Uses test.sh's helpers and $hvxctl, $tmp, $out, $err.
# shellcheck disable=SC2034 # (rc is read by test.sh's expect_rc)

lsys=$tmp/list-sys
# vm HANDLE PID VCPUS MEM_KIB EXITS USER_EXITS: a VM folder ('-': no file)
vm() {
	mkdir -p "$lsys/vms/vm$1"
	_d=$lsys/vms/vm$1
	shift
	for _f in pid nr_vcpus mem_kib exits user_exits; do
		[ "$1" = - ] || echo "$1" >"$_d/$_f"
		shift
	done
}
lsrun() { HVX_SYSFS=$lsys "$hvxctl" list "$@" >"$out" 2>"$err"; rc=$?; }

mkdir -p "$lsys/vms"
echo 2 >"$lsys/nr_vms"
vm 12 200 1 1024 5 -
vm 3 100 2 65536 1042 17
echo web >"$lsys/vms/vm3/name"
echo running >"$lsys/vms/vm3/state"
echo 31250000 >"$lsys/vms/vm3/clock_freq"
echo 1 >"$lsys/vms/vm3/clock_scaled"
: >"$lsys/vms/vm12/name"
mkdir -p "$lsys/vms/vm7" "$lsys/vms/other"	# a VM going away; not a VM

begin "list: the VMs by handle, as a table"
lsrun
expect_rc 0
[ ! -s "$err" ] || fail "stderr: $(cat "$err")"
head -n 1 "$out" | grep -qx ' VM    NAME             STATE     PID      VCPUS  MEMORY(KiB)  EXITS        USER EXITS   CLOCK(Hz)' ||
	fail "heading: $(head -n 1 "$out")"
sed -n 2p "$out" | grep -qxE -- '-+' || fail "no rule under the heading"
tail -n +3 "$out" | awk '{ print $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }' >"$tmp/rows"
printf '3 web running 100 2 65536 1042 17 31250000 scaled\n12 - - 200 1 1024 5 - - \n' >"$tmp/want"
cmp -s "$tmp/rows" "$tmp/want" || fail "rows: $(cat "$tmp/rows")"
# a VM at the host's frequency; one whose clock_scaled is missing (no clock)
echo 62500000 >"$lsys/vms/vm12/clock_freq"
echo 0 >"$lsys/vms/vm12/clock_scaled"
lsrun
expect_rc 0
grep -qE '^ 12 .* 5 +- +62500000$' "$out" || fail "host clock: $(grep '^ 12 ' "$out")"
rm "$lsys/vms/vm12/clock_scaled"
lsrun
grep -qE '^ 12 .* 5 +- +-$' "$out" || fail "half a clock: $(grep '^ 12 ' "$out")"
rm "$lsys/vms/vm12/clock_freq"
end

begin "list --json matches the documented schema"
lsrun --json
expect_rc 0
python3 - "$out" >"$tmp/py" 2>&1 <<'PY' || fail "$(cat "$tmp/py")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d == {"nr_vms": 2, "vms": [
    {"handle": 3, "pid": 100, "nr_vcpus": 2, "mem_kib": 65536,
     "exits": 1042, "user_exits": 17, "name": "web", "state": "running",
     "clock_freq": 31250000, "clock_scaled": True},
    {"handle": 12, "pid": 200, "nr_vcpus": 1, "mem_kib": 1024,
     "exits": 5, "user_exits": None, "name": None, "state": None,
     "clock_freq": None, "clock_scaled": None}]}, d
PY
end

begin "list: no VMs; a module without vms/; hvx not loaded"
rm -rf "$lsys/vms" && mkdir -p "$lsys/vms" && echo 0 >"$lsys/nr_vms"
lsrun
expect_rc 0
[ "$(wc -l <"$out")" = 2 ] || fail "not just the heading and the rule: $(cat "$out")"
lsrun --json
expect_rc 0
python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == {"nr_vms": 0, "vms": []}' \
	"$out" 2>"$tmp/py" || fail "$(cat "$tmp/py")"
rm -rf "$lsys/vms"
lsrun
expect_rc 1
grep -qF "this hvx module lists no VMs ($lsys/vms missing): it is older than hvxctl" "$err" ||
	fail "no vms/: $(cat "$err")"
rm -rf "$lsys"
lsrun
expect_rc 1
grep -qxF "hvxctl: hvx is not loaded ($lsys missing); load it with: insmod hvx.ko" "$err" ||
	fail "no sysfs: $(cat "$err")"
[ ! -s "$out" ] || fail "output on stdout"
end
