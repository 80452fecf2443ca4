# SPDX-License-Identifier: GPL-2.0
# Sourced by test.sh: 'hvxctl stats', 'console' and 'stop' against a fake
# /sys/kernel/hvx (HVX_SYSFS): VMs named by name or handle, unknown ones
# (exit 3), usage errors, stats as text and JSON. Uses test.sh's helpers
# and $hvxctl, $tmp, $out, $err.
# shellcheck disable=SC2034 # (rc is read by test.sh's expect_rc)

vsys=$tmp/vm-sys
vrun() { HVX_SYSFS=$vsys "$hvxctl" "$@" >"$out" 2>"$err"; rc=$?; }

mkdir -p "$vsys/vms/vm3" "$vsys/vms/vm5"
echo 2 >"$vsys/nr_vms"
for f in pid:100 nr_vcpus:2 exits:1042 user_exits:17 console_bytes:512 \
	console_dropped:0 uid:0; do
	echo "${f#*:}" >"$vsys/vms/vm3/${f%%:*}"
done
echo web >"$vsys/vms/vm3/name"
echo running >"$vsys/vms/vm3/state"
echo hvxcon3 >"$vsys/vms/vm3/console"
echo 62500000 >"$vsys/vms/vm3/clock_freq"
echo 0 >"$vsys/vms/vm3/clock_scaled"
echo 200 >"$vsys/vms/vm5/pid"
printf 'guest_call 10\nmmio 5\n' >"$vsys/vms/vm3/exit_reasons"
: >"$vsys/vms/vm5/name"
: >"$vsys/vms/vm5/console"

begin "stats NAME and stats HANDLE: state and counters as text"
vrun stats web
expect_rc 0
for l in "handle: 3" "name: web" "state: running" "console: hvxcon3" \
	"exits: 1042" "user_exits: 17" "console_bytes: 512" "pid: 100" \
	"clock: 62500000 Hz, the host's" "clock_freq: 62500000"; do
	grep -qxF "$l" "$out" || fail "no line '$l': $(cat "$out")"
done
cp "$out" "$tmp/stats-name"
vrun stats 3
expect_rc 0
cmp -s "$out" "$tmp/stats-name" || fail "by handle differs: $(cat "$out")"
vrun stats 5
expect_rc 0
grep -qx "name: -" "$out" || fail "unnamed VM: $(cat "$out")"
grep -qx "clock: -" "$out" || fail "no clock: $(cat "$out")"
end

begin "stats --json matches the documented schema"
vrun stats --json web
expect_rc 0
python3 - "$out" >"$tmp/py" 2>&1 <<'PY' || fail "$(cat "$tmp/py")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d == {"handle": 3, "name": "web", "state": "running",
             "console": "hvxcon3",
             "clock": {"freq": 62500000, "scaled": False},
             "counters": {"clock_freq": 62500000, "clock_scaled": 0,
                          "console_bytes": 512, "console_dropped": 0,
                          "exits": 1042, "nr_vcpus": 2, "pid": 100,
                          "uid": 0, "user_exits": 17},
             "exit_reasons": {"guest_call": 10, "mmio": 5},
             "rates": {"interval_ms": 200, "exits": 0, "user_exits": 0,
                       "exit_reasons": {"guest_call": 0, "mmio": 0}}}, d
PY
echo 1 >"$vsys/vms/vm3/clock_scaled"
echo 1000 >"$vsys/vms/vm3/clock_freq"
vrun stats web
grep -qx "clock: 1000 Hz, scaled (--counter-freq)" "$out" || fail "scaled: $(cat "$out")"
vrun stats --json web
python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); assert d["clock"] == {"freq": 1000, "scaled": True}, d' \
	"$out" 2>"$tmp/py" || fail "scaled: $(cat "$tmp/py")"
vrun stats --json 5
expect_rc 0
python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); assert d["name"] is None and d["console"] is None and d["state"] is None and d["clock"] is None, d' \
	"$out" 2>"$tmp/py" || fail "unnamed: $(cat "$tmp/py")"
end

begin "stats: exit reasons and rates, every VM without NAME"
vrun stats --interval 0 web
expect_rc 0
for l in "exit_reason guest_call: 10" "exit_reason mmio: 5"; do
	grep -qxF "$l" "$out" || fail "no line '$l': $(cat "$out")"
done
grep -q '^rates' "$out" && fail "rates with --interval 0: $(cat "$out")"
# 1000 more exits and 50 more MMIO exits within a 1000 ms interval.
(sleep 0.4; echo 2042 >"$vsys/vms/vm3/exits"
 printf 'guest_call 10\nmmio 55\n' >"$vsys/vms/vm3/exit_reasons") &
vrun stats --interval 1000 --json web
wait
expect_rc 0
python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["rates"]; assert r == {"interval_ms": 1000, "exits": 1000, "user_exits": 0, "exit_reasons": {"guest_call": 0, "mmio": 50}}, r' \
	"$out" 2>"$tmp/py" || fail "rates: $(cat "$tmp/py")"
vrun stats --interval 600 web
grep -qxF "exit_reason mmio: 55, 0/s" "$out" || fail "text rate: $(cat "$out")"
grep -qxF "rates over 600 ms: exits 0/s, user_exits 0/s" "$out" ||
	fail "text rates: $(cat "$out")"
echo 1042 >"$vsys/vms/vm3/exits"
printf 'guest_call 10\nmmio 5\n' >"$vsys/vms/vm3/exit_reasons"
vrun stats
expect_rc 0
grep -qx "handle: 3" "$out" && grep -qx "handle: 5" "$out" ||
	fail "not every VM: $(cat "$out")"
[ "$(grep -c '^$' "$out")" = 1 ] || fail "not one blank line between: $(cat "$out")"
vrun stats --json --interval 0
expect_rc 0
python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); assert [v["handle"] for v in d["vms"]] == [3, 5] and d["vms"][0]["name"] == "web" and d["vms"][0]["exit_reasons"] == {"guest_call": 10, "mmio": 5} and d["vms"][1]["rates"] is None, d' \
	"$out" 2>"$tmp/py" || fail "every VM: $(cat "$tmp/py")"
for a in -1 x 60001 ""; do
	vrun stats --interval "$a" web
	expect_rc 2
done
end

begin "console, stop, stats: unknown VMs exit 3, usage errors 2"
for c in stats console stop; do
	vrun "$c" nosuch
	expect_rc 3
	grep -qxF "hvxctl: no VM named 'nosuch' runs: 'hvxctl list' shows the VMs' names and handles" "$err" ||
		fail "$c: $(cat "$err")"
	vrun "$c" 4
	expect_rc 3
	if [ "$c" != stats ]; then
		vrun "$c"
		expect_rc 2
	fi
	vrun "$c" web extra
	expect_rc 2
	vrun "$c" --help
	expect_rc 0
	grep -q '^Exit status' "$out" || fail "$c --help: no exit status"
done
vrun console --escape ab web
expect_rc 2
vrun console --escape '^1' web
expect_rc 2
vrun stop --timeout -1 web
expect_rc 2
rm -rf "$tmp/nosys"
HVX_SYSFS=$tmp/nosys "$hvxctl" stats web >"$out" 2>"$err"
rc=$?
expect_rc 1
grep -q 'hvx is not loaded' "$err" || fail "not loaded: $(cat "$err")"
end

begin "console: a VM without a console, a console that is gone"
vrun console 5
expect_rc 1
grep -q "VM 5 has no console" "$err" || fail "no console: $(cat "$err")"
echo hvxcon999999 >"$vsys/vms/vm3/console"
vrun console --escape '^A' web </dev/null
expect_rc 4
grep -q "VM web has ended: its console /dev/hvxcon999999 is gone" "$err" ||
	fail "gone: $(cat "$err")"
end
rm -rf "$vsys"
