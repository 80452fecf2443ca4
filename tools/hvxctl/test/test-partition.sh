# SPDX-License-Identifier: GPL-2.0
# Sourced by test.sh: 'hvxctl partition' on the command line (usage errors,
# help), 'partition list' against a fake /sys/kernel/hvx (HVX_SYSFS) and a
# fake cgroup tree (HVX_CGROUP), and against a fake /dev/hvx without
# partitions. Uses test.sh's helpers and $hvxctl, $fake, $tmp, $out, $err.
# shellcheck disable=SC2034 # (rc is read by test.sh's expect_rc)

begin "partition: usage errors exit 2, with a message and nothing on stdout"
for args in "partition" "partition bogus" "partition create" "partition create x" \
	"partition create --vms 1 --mem 1M x" "partition create --vms 0 --mem 1M --cpus 0 x" \
	"partition create --vms 256 --mem 1M --cpus 0 x" \
	"partition create --vms 1 --mem 1Q --cpus 0 x" "partition create --vms 1 --mem 16MB --cpus 0 x" \
	"partition create --vms 1 --mem 0 --cpus 0 x" "partition create --vms 1 --mem 1M --cpus 0- x" \
	"partition create --vms 1 --mem 1M --cpus 3-1 x" "partition create --vms 1 --mem 1M --cpus 256 x" \
	"partition create --vms 1 --mem 1M --cpus 0 --cpu-max x x" \
	"partition create --vms 1 --mem 1M --cpus 0 --cpu-max 1000/x x" \
	"partition create --vms 1 --mem 1M --cpus 0 1bad" "partition create --vms 1 --mem 1M --cpus 0 a b" \
	"partition destroy" "partition destroy a b" "partition destroy --timeout x a" \
	"partition destroy a/b" "partition exec" "partition exec x" "partition exec x --" \
	"partition exec 1x -- true" "partition list extra" "partition list --bogus"; do
	# shellcheck disable=SC2086 # (word splitting wanted)
	run "$hvxctl" $args
	expect_rc 2
	[ -s "$err" ] || fail "'hvxctl $args': no message on stderr"
	[ ! -s "$out" ] || fail "'hvxctl $args': output on stdout"
done
end

begin "partition: --help of each subcommand; help partition"
run "$hvxctl" partition --help
expect_rc 0
cp "$out" "$tmp/help"
run "$hvxctl" help partition
expect_rc 0
cmp -s "$out" "$tmp/help" || fail "help partition differs from partition --help"
for sub in create list destroy exec; do
	run "$hvxctl" partition "$sub" --help
	expect_rc 0
	grep -q "^Usage: hvxctl partition $sub" "$out" || fail "$sub --help: $(head -n 2 "$out")"
	grep -q "partition $sub" "$tmp/help" || fail "partition --help does not name $sub"
done
run "$hvxctl" --help
grep -q '^  partition ' "$out" || fail "hvxctl --help does not list partition"
end

psys=$tmp/part-sys
pcg=$tmp/part-cg
# part NAME MAX_VMS MAX_VCPUS MAX_MEM_KIB CPUS CPU_MAX NR_VMS NR_VCPUS MEM_KIB
part() {
	_d=$psys/partitions/$1
	mkdir -p "$_d/vms"
	echo "$2" >"$_d/max_vms"
	echo "$3" >"$_d/max_vcpus"
	echo "$4" >"$_d/max_mem_kib"
	echo "$5" >"$_d/cpus"
	echo "$6" >"$_d/cpu_max"
	echo "$7" >"$_d/nr_vms"
	echo "$8" >"$_d/nr_vcpus"
	echo "$9" >"$_d/mem_kib"
}
prun() { HVX_SYSFS=$psys HVX_CGROUP=$pcg "$hvxctl" partition list "$@" >"$out" 2>"$err"; rc=$?; }
part web 2 4 65536 0-1 "50000 100000" 1 2 16384
part db 1 1 1024 3 "max 100000" 0 0 0
mkdir -p "$pcg/hvx/web"

begin "partition list: each partition's usage and limits, sorted, as a table"
prun
expect_rc 0
[ "$(wc -l <"$out")" = 4 ] || fail "not a heading, a rule and two lines: $(cat "$out")"
sed -n 3p "$out" | grep -qE '^ db +0/1 +0/1 +0/1024 +3 +max 100000 +-$' || fail "db: $(sed -n 3p "$out")"
sed -n 4p "$out" | grep -qE "^ web +1/2 +2/4 +16384/65536 +0-1 +50000 100000 +$pcg/hvx/web\$" ||
	fail "web: $(sed -n 4p "$out")"
end

begin "partition list --json matches the documented schema"
prun --json
expect_rc 0
python3 - "$out" "$pcg" >"$tmp/py" 2>&1 <<'PY' || fail "$(cat "$tmp/py")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d == {"partitions": [
    {"name": "db", "max_vms": 1, "max_vcpus": 1, "max_mem_kib": 1024,
     "nr_vms": 0, "nr_vcpus": 0, "mem_kib": 0, "cpus": "3",
     "cpu_max": "max 100000", "cgroup": None},
    {"name": "web", "max_vms": 2, "max_vcpus": 4, "max_mem_kib": 65536,
     "nr_vms": 1, "nr_vcpus": 2, "mem_kib": 16384, "cpus": "0-1",
     "cpu_max": "50000 100000", "cgroup": sys.argv[2] + "/hvx/web"}]}, d
PY
end

begin "partition list: none; a module without partitions/"
rm -rf "$psys/partitions" && mkdir -p "$psys/partitions"
prun --json
expect_rc 0
python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == {"partitions": []}' \
	"$out" 2>"$tmp/py" || fail "$(cat "$tmp/py")"
rmdir "$psys/partitions"
prun
expect_rc 1
grep -q 'API 8' "$err" || fail "stderr: $(cat "$err")"
end

begin "partition create/destroy on a module without partitions: exit 1, why"
HVX_CGROUP=$pcg fake "$hvxctl" partition create --vms 1 --mem 1M --cpus 0 x >"$out" 2>"$err"
rc=$?
expect_rc 1
grep -q 'has no partitions (API 8)' "$err" || fail "create: $(cat "$err")"
[ ! -e "$pcg/hvx/x" ] || fail "create made its cgroup anyway"
HVX_CGROUP=$pcg fake "$hvxctl" partition destroy --force x >"$out" 2>"$err"
rc=$?
expect_rc 1
grep -q 'has no partitions (API 8)' "$err" || fail "destroy: $(cat "$err")"
end
