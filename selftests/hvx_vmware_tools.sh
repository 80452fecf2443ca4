#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hvx_vmware_tools.sh: Debian's unmodified open-vm-tools in a Linux guest
# under hvx (issue #16). Boots the test kernel with the initramfs of `make
# vmware-guest` (the Linux guest's, open-vm-tools and
# tools/vmware-guest/hvx-vmware-check; tools/run-vm-tests.sh adds it to
# the test VM as /mnt/add/initramfs.cpio, or $HVX_VMWARE_INITRD), types
# `hvx-vmware-check` into the guest's shell and judges its "HVX-VMW:"
# lines, a TAP line each:
#   - vmware-checkvm says it runs on VMware and exits 0;
#   - vmware-toolbox-cmd stat speed prints the MHz of the frequency hvx
#     reports for the VM (its sysfs clock_freq, rounded);
#   - vmware-toolbox-cmd stat hosttime is within a second of this (the
#     host's) clock while the line came;
#   - vmware-rpctool info-set, then info-get, of a guestinfo key;
#   - vmtoolsd starts and stays up, and `hvxctl guestinfo` (and --json)
#     shows the guest OS's name and the tools' version, as the guest's
#     vmware-toolbox-cmd -v has it;
#   - with hvxctl run --no-vmware, vmware-checkvm finds no VMware and
#     exits 1;
#   - no kernel trouble, no VM left.
# Each run has a time limit (HVX_VMWARE_TIMEOUT seconds, default 240).
# Without the initramfs every point is skipped (make vmware-guest).
. "$(dirname "$0")/lib/tap.sh"

kernel=/usr/lib/hvx/linux/Image
initrd=${HVX_VMWARE_INITRD:-/mnt/add/initramfs.cpio}
limit=${HVX_VMWARE_TIMEOUT:-240}
name=vmwtools
tmp=$(mktemp -d /tmp/hvx_vmware_tools.XXXXXX)
bg_pid=""
cleanup() {
	[ -z "$bg_pid" ] || kill -KILL "$bg_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
points="vmware-checkvm finds VMware, exit 0|stat speed is the VM's frequency|stat hosttime within 1 s of the host|vmware-rpctool info-set and info-get|vmtoolsd starts, hvxctl guestinfo shows the OS and tools version|--no-vmware: vmware-checkvm finds no VMware, exit 1|the host"

skip_all() {
	echo "$points" | tr '|' '\n' | while read -r p; do
		tap_skip "vmware tools: $p" "$1"
	done
	tap_done
}

[ -c /dev/hvx ] || skip_all "hvx is not loaded"
[ -f "$kernel" ] || skip_all "no $kernel"
[ -f "$initrd" ] || skip_all "no $initrd (make vmware-guest; tools/run-vm-tests.sh adds it)"

mark=$(kmsg_mark start)

# epoch "DD Mon YYYY HH:MM:SS" (UTC, as the guest's tools print it)
epoch() {
	echo "$1" | awk '{
		split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", m, " ")
		for (i = 1; i <= 12; i++) if (m[i] == $2) mon = i
		split($4, t, ":")
		y = $3 - (mon <= 2); era = int(y / 400)
		yoe = y - era * 400
		doy = int((153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5) + $1 - 1
		doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
		days = era * 146097 + doe - 719468
		if (!mon) { print -1; exit }
		print days * 86400 + t[1] * 3600 + t[2] * 60 + t[3]
	}'
}

# guest RUN [--no-vmware]: boots the guest, types `hvx-vmware-check`
# (off: with "off"), keeps $tmp/RUN.out; $tmp/RUN.seen gets "NAME EPOCH"
# for each HVX-VMW line as it came; with vmtoolsd, polls hvxctl guestinfo
# until it shows the OS name (into $tmp/RUN.info, .json).
guest() {
	run=$1
	shift
	fifo=$tmp/$run.in
	out=$tmp/$run.out
	mkfifo "$fifo"
	hvxctl run --kernel "$kernel" --initrd "$initrd" --vcpus 1 --mem 192 \
		--name "$name" --timeout "$limit" "$@" \
		--append "console=ttyAMA0 quiet panic=-1 hvx.end=shell" \
		<"$fifo" >"$out" 2>"$tmp/$run.err" &
	bg_pid=$!
	exec 3>"$fifo"
	t0=$(date +%s)
	typed=""
	: >"$tmp/$run.seen"
	while kill -0 "$bg_pid" 2>/dev/null &&
	      [ $(($(date +%s) - t0)) -lt "$limit" ]; do
		if [ -z "$typed" ] && grep -q '^HVX-LINUX: shell' "$out"; then
			sleep 1
			if [ "$run" = off ]; then
				echo "hvx-vmware-check off" >&3
			else
				echo "hvx-vmware-check" >&3
			fi
			typed=1
		fi
		tr -d '\r' <"$out" | sed -n 's/^HVX-VMW: \([a-z-]*\).*/\1/p' |
			while read -r l; do
				grep -q "^$l " "$tmp/$run.seen" ||
					echo "$l $(date +%s)" >>"$tmp/$run.seen"
			done
		if grep -q '^done ' "$tmp/$run.seen"; then
			[ "$run" = off ] && break
			hvxctl guestinfo "$name" >"$tmp/$run.info" 2>&1
			if grep -q '^os_name: ' "$tmp/$run.info"; then
				hvxctl guestinfo --json "$name" >"$tmp/$run.json" 2>&1
				echo 'cat /proc/$(pidof vmtoolsd)/status | head -n 3' >&3
				sleep 2
				break
			fi
		fi
		sleep 0.2
	done
	echo "poweroff -f" >&3
	while kill -0 "$bg_pid" 2>/dev/null &&
	      [ $(($(date +%s) - t0)) -lt $((limit + 20)) ]; do
		sleep 0.5
	done
	exec 3>&-
	wait "$bg_pid"
	rc=$?
	bg_pid=""
	tr -d '\r' <"$out" >"$out.txt"
	tap_diag "vmware tools ($run): hvxctl ran $(($(date +%s) - t0)) s, status $rc"
}

# line NAME: the text of the HVX-VMW line NAME after its name
line() { sed -n "s/^HVX-VMW: $1 //p" "$tmp/$run.out.txt" | head -n 1; }

show() {
	[ "$TAP_ERRS" = 0 ] || grep -E '^HVX-|rc=|error|vmtoolsd' "$tmp/$run.out.txt" |
		head -n 40 | sed 's/^/#   | /'
}

guest on
run=on

tap_begin "vmware tools: vmware-checkvm finds VMware, exit 0"
l=$(line checkvm)
case "$l" in
"rc=0 VMware software version 6 (good)"*) ;;
*) tap_fail "checkvm: '$l'" ;;
esac
show
tap_end

tap_begin "vmware tools: stat speed is the VM's frequency"
# hvx's frequency for the VM: the test VM's counter (clock_freq of a VM
# without --counter-freq is the host's): lib/cntfrq reads CNTFRQ_EL0.
hz=$("$SELFTESTS_LIB/cntfrq" 2>/dev/null)
l=$(line speed)
if [ -z "$hz" ]; then
	tap_fail "no frequency from $SELFTESTS_LIB/cntfrq"
else
	mhz=$(((hz + 500000) / 1000000))
	[ "$l" = "rc=0 $mhz MHz" ] || tap_fail "stat speed: '$l', hvx's frequency $hz Hz = $mhz MHz"
	tap_diag "stat speed: '$l' ($hz Hz)"
fi
tap_end

tap_begin "vmware tools: stat hosttime within 1 s of the host"
l=$(line hosttime)
seen=$(sed -n 's/^hosttime //p' "$tmp/$run.seen")
hv=$(echo "$l" | sed -n 's/^rc=0 \(.*\)/\1/p')
if [ -z "$hv" ] || [ -z "$seen" ]; then
	tap_fail "stat hosttime: '$l'"
else
	g=$(epoch "$hv")
	d=$((seen - g))
	# The line is seen up to 0.2 s + the guest's output late; the tools
	# print whole seconds.
	[ "$d" -ge -1 ] && [ "$d" -le 1 ] ||
		tap_fail "stat hosttime '$hv' ($g) is $d s from the host's clock ($seen)"
	tap_diag "stat hosttime: '$hv', the host's clock $d s later"
fi
tap_end

tap_begin "vmware tools: vmware-rpctool info-set and info-get"
[ "$(line rpctool-set)" = "rc=0 " ] || [ "$(line rpctool-set)" = "rc=0" ] ||
	tap_fail "info-set: '$(line rpctool-set)'"
[ "$(line rpctool-get)" = "rc=0 from-rpctool" ] || tap_fail "info-get: '$(line rpctool-get)'"
tap_end

tap_begin "vmware tools: vmtoolsd starts, hvxctl guestinfo shows the OS and tools version"
case "$(line vmtoolsd)" in
"rc=0 running as "*) ;;
*) tap_fail "vmtoolsd: '$(line vmtoolsd)'" ;;
esac
grep -q '^Name:.*vmtoolsd' "$tmp/$run.out.txt" || tap_fail "vmtoolsd no longer running when guestinfo was read"
info=$tmp/$run.info
os=$(sed -n 's/^os_name: //p' "$info" 2>/dev/null)
full=$(sed -n 's/^os_name_full: //p' "$info" 2>/dev/null)
tv=$(sed -n 's/^guestinfo.vmtools.versionString: //p' "$info" 2>/dev/null)
ver=$(line version)
[ -n "$os" ] || tap_fail "hvxctl guestinfo has no os_name"
case "$full" in *Linux*) ;; *) tap_fail "os_name_full '$full' does not say Linux" ;; esac
[ -n "$tv" ] || tap_fail "hvxctl guestinfo has no guestinfo.vmtools.versionString"
case "$ver" in "rc=0 $tv".*) ;; *) tap_fail "tools version '$tv' is not that of vmware-toolbox-cmd -v: '$ver'" ;; esac
v=$("$JSONQ" "$tmp/$run.json" .guestinfo.os_name 2>&1)
[ "$v" = "$os" ] || tap_fail "--json os_name '$v', text '$os'"
tap_diag "guest OS '$os' ('$full'), tools $tv"
[ "$TAP_ERRS" = 0 ] || sed 's/^/#   guestinfo: /' "$info" 2>/dev/null | head -n 30
show
tap_end

guest off --no-vmware
run=off
tap_begin "vmware tools: --no-vmware: vmware-checkvm finds no VMware, exit 1"
l=$(line checkvm)
case "$l" in
"rc=1 "*) ;;
*) tap_fail "checkvm without the backdoor: '$l'" ;;
esac
show
tap_end

tap_begin "vmware tools: the host"
tap_kmsg_clean "$mark"
i=0
while [ "$(cat "$HVX_SYSFS/nr_vms")" != 0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(cat "$HVX_SYSFS/nr_vms")" = 0 ] || tap_fail "$(cat "$HVX_SYSFS/nr_vms") VM(s) left"
tap_end

tap_done
