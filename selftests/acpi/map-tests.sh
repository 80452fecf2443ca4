# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run-tests.sh: the mapping table (built-in defaults, --map
# file overrides, PRP0001 fallback, errors with file:line).

# dsdt_of OUT: disassemble OUT/DSDT.dat to OUT/DSDT.dsl quietly.
dsdt_of() {
	(cd "$1" && iasl -d DSDT.dat >/dev/null 2>&1)
}

# device_block DSL NAME: the text of Device (NAME) in a disassembly.
device_block() {
	sed -n "/Device ($2)/,/^        }/p" "$1"
}

m="$work/map"
qv3="$dtbs/qemu-v3-smp4.dtb"
"$tool" "$qv3" -o "$m/default" >/dev/null 2>&1 && dsdt_of "$m/default"
dsl="$m/default/DSDT.dsl"
grep -q '"ARMH0011"' "$dsl" && grep -q '"LNRO0005"' "$dsl" &&
	grep -q '"ARMH0061"' "$dsl" && grep -q '"QEMU0002"' "$dsl" &&
	pass "map: built-in defaults (ARMH0011, LNRO0005, ARMH0061, QEMU0002)" ||
	fail "map: built-in defaults (ARMH0011, LNRO0005, ARMH0061, QEMU0002)"

# The PL031 has no registered ID: PRP0001 + _DSD "compatible".
rtc=$(device_block "$dsl" RTC0)
echo "$rtc" | grep -q '"PRP0001"' && echo "$rtc" | grep -q '"arm,pl031"' &&
	echo "$rtc" | grep -q 'daffd814-6eba-4d8c-8a91-bc9bbf4aa301' &&
	pass "map: unmapped compatible falls back to PRP0001 + _DSD compatible" ||
	fail "map: unmapped compatible falls back to PRP0001 + _DSD compatible"

if "$tool" --map "$here/maps/override.map" "$qv3" -o "$m/override" \
	>"$work/map.log" 2>&1 && dsdt_of "$m/override"; then
	dsl="$m/override/DSDT.dsl"
	com=$(device_block "$dsl" COM0)
	echo "$com" | grep -q '_HID, "HVXA0011"' &&
		echo "$com" | grep -q '"ARMH0011"' &&
		echo "$com" | grep -q 'EisaId ("PNP0501")' &&
		pass "map: --map overrides a default, with two _CIDs" ||
		fail "map: --map overrides a default, with two _CIDs"
	device_block "$dsl" RTC0 | grep -q '_HID, "ARMH0031"' &&
		! device_block "$dsl" RTC0 | grep -q '_DSD' &&
		pass "map: --map adds a mapping (no _DSD when mapped)" ||
		fail "map: --map adds a mapping (no _DSD when mapped)"
	! grep -q LNRO0005 "$dsl" &&
		pass "map: later line overrides earlier; '-' omits devices" ||
		fail "map: later line overrides earlier; '-' omits devices"
	# ACPICA 20200925's acpiexec leaks when it checks a _CID package
	# holding strings ("3 Outstanding cache allocations"); a DSDT that
	# iasl itself compiles from Name (_CID, Package () {"A", "B"}) shows
	# the same, so only that message is tolerated here.
	check "map: overridden DSDT loads in acpiexec" \
		acpiexec_clean "$m/override/DSDT.dat" "Outstanding cache allocations"
else
	fail "map: --map override.map" "$work/map.log"
fi

expect_error "map: bad ID names file and line" \
	'bad-id\.map:3: .gpio0061. is not a valid _HID' \
	--map "$here/maps/bad-id.map" "$qv3"
expect_error "map: bad syntax names file and line" \
	'bad-syntax\.map:3: expected .=.' \
	--map "$here/maps/bad-syntax.map" "$qv3"
expect_error "map: missing map file" 'nonexistent\.map: No such file' \
	--map "$work/nonexistent.map" "$qv3"
