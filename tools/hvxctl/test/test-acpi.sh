# SPDX-License-Identifier: GPL-2.0
# Sourced by test.sh: 'hvxctl run --acpi', '--acpi-tables', '--dump-dtb'
# against the fake VM (test-run.sh's vmrun, dumps and log), and 'hvxctl
# acpi' refusing to generate where firmware installed tables. The hand-over
# in guest RAM is read back by acpi-handover.py. Uses test-run.sh's
# helpers; $acpigen (hvx-acpigen) may be missing: its points are skipped.
# shellcheck disable=SC2034 # (rc is read by test.sh's expect_rc)

acpigen=$(dirname "$hvxctl")/hvx-acpigen

# handover DTB: acpi-handover.py over the stub DTB and the dumps
handover() {
	_d=$1
	shift
	python3 "$here/acpi-handover.py" "$_d" "$dump" "$@" >"$tmp/ho" 2>&1 ||
		fail "the hand-over: $(cat "$tmp/ho")"
}

begin "run --dump-dtb: the tree written, exit 0, no VM made"
printf 'raw' >"$img"
script off
vmrun --vcpus 2 --dump-dtb "$tmp/dumped.dtb" "$img"
expect_rc 0
[ ! -s "$log" ] || fail "a VM was made: $(head -n 3 "$log")"
d=$tmp/dumped.dtb
want "cpu" /cpus/cpu@1 device_type
end

begin "run --acpi: a stub tree, EFI system table, memory map and tables in guest RAM"
vmrun --acpi --vcpus 2 --mem 64 --append "console=ttyAMA0" "$img"
expect_rc 0
d=$(dtb)
[ "$(fdtget -l "$d" / 2>/dev/null)" = chosen ] ||
	fail "the root's nodes: '$(fdtget -l "$d" / 2>&1)', expected chosen only"
want "console=ttyAMA0" /chosen bootargs
want 2 /chosen linux,uefi-secure-boot u
handover "$d" --mem-mib 64 --cpus 2
grep -q '^ok' "$tmp/ho" || fail "no verdict: $(cat "$tmp/ho")"
end

if [ -x "$acpigen" ]; then
	begin "run --acpi-tables: the files' tables in guest RAM as they are (the FADT's DSDT pointer moved)"
	vmrun --vcpus 2 --dump-dtb "$tmp/vm.dtb" "$img"
	"$acpigen" "$tmp/vm.dtb" -o "$tmp/at" >"$tmp/gen" 2>&1 ||
		fail "hvx-acpigen: $(cat "$tmp/gen")"
	vmrun --acpi-tables "$tmp/at" --vcpus 2 --mem 64 "$img"
	expect_rc 0
	handover "$(dtb)" --mem-mib 64 --cpus 2 --same-as "$tmp/at"
	end

	begin "run --acpi-tables: a bad folder is refused before any VM (exit 1, why)"
	mkdir -p "$tmp/bad1" "$tmp/bad2"
	cp "$tmp/at/"*.dat "$tmp/bad1/"
	rm "$tmp/bad1/DSDT.dat"
	vmrun --acpi-tables "$tmp/bad1" "$img"
	expect_rc 1
	expect_err "no DSDT"
	cp "$tmp/at/"*.dat "$tmp/bad2/"
	printf 'X' | dd of="$tmp/bad2/APIC.dat" bs=1 seek=50 conv=notrunc 2>/dev/null
	vmrun --acpi-tables "$tmp/bad2" "$img"
	expect_rc 1
	expect_err "bad checksum"
	vmrun --acpi-tables "$tmp/nonexistent" "$img"
	expect_rc 1
	expect_err "nonexistent"
	[ ! -s "$log" ] || fail "a VM was made"
	end
else
	skip "run --acpi-tables" "no $acpigen"
fi

begin "acpi: not over tables the host's firmware installed, unless --force"
mkdir -p "$tmp/fw" "$tmp/nofw"
printf 'APIC' >"$tmp/fw/APIC"
HVXCTL_FIRMWARE_ACPI=$tmp/fw LD_PRELOAD=$fake "$hvxctl" acpi -o "$tmp/acpi-out" \
	>"$out" 2>"$err"
rc=$?
expect_rc 1
expect_err "firmware installed ACPI tables"
expect_err "--force"
[ ! -e "$tmp/acpi-out" ] || fail "the output folder was made"
# No firmware tables, or --force: on to the host's tree (none here).
HVXCTL_FIRMWARE_ACPI=$tmp/nofw LD_PRELOAD=$fake "$hvxctl" acpi \
	-o "$tmp/acpi-out" >"$out" 2>"$err"
! grep -q "firmware installed" "$err" || fail "refused without firmware tables"
HVXCTL_FIRMWARE_ACPI=$tmp/fw LD_PRELOAD=$fake "$hvxctl" acpi --force \
	-o "$tmp/acpi-out" >"$out" 2>"$err"
! grep -q "firmware installed" "$err" || fail "refused with --force"
end
