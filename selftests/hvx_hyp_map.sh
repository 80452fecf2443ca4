#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# EL2 maps only what it needs: its own memory, and the pages the host
# donated to or shared with it, for as long as it has them; not the rest of
# host RAM, nor guest RAM, so that a bounds bug at EL2 cannot reach them.
# modules/hvx_hostile.ko asks EL2 itself (HVX_HC_HYP_S1_PROBE: AT S1E2R and
# AT S1E2W of an address) on every online CPU:
# - hvx's code is mapped, read-only;
# - a page the host owns is not mapped; RAM pages at 2 MiB strides are
#   not, until shared with hvx (then read-write), and not after unsharing,
#   when the stage-1 tables EL2 took for them are back in its pool;
# - a donated page is mapped until the host reclaims it;
# - a running guest's RAM is not mapped (EL2 reaches it only through its
#   per-CPU windows while it works on it), and the windows are unmapped
#   between calls;
# - with a small pool (hvx loaded again with pool_pages=96), sharing pages
#   all over RAM runs out of pages for stage-1 tables: NOMEM, the page
#   neither shared nor mapped, the host going on, every table back after.
# Leaves the module loaded, and hvx loaded as by default. Root; TAP output.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/hostile.sh"

VM_MEMORY=/sys/kernel/debug/hvx/vm_memory
DEBUG_CALLS=/sys/module/hvx/parameters/debug_calls
guests=$(dirname "$0")/guests
HC_SHARE=c6000006
HC_UNSHARE=c6000007
HC_DONATE=c6000008
HC_RECLAIM=c6000009
HC_S2_RESET=c6000005
HC_S1_PROBE=c6000015
ERR_DENIED=fffffffffffffffc
ERR_NOMEM=fffffffffffffffb
# Room for the image, 4 CPUs' areas and a pool of a few dozen pages.
SMALL_POOL=${HVX_MAP_SMALL_POOL:-96}
# hvx-hyp-s1.h: the windows, in the top 1 GiB of EL2's 48-bit VA space.
FIXMAP_BASE=0xffffc0000000
FIXMAP_PAGES_PER_CPU=2
SZ_2M=0x200000

# hexdigit_odd X: does the hex number X have bit 0 set (PAR_EL1.F)?
bit0() {
	case $1 in
	*[13579bdfBDF]) echo 1 ;;
	*) echo 0 ;;
	esac
}

# probe CPU PA: "R W TABLES", R and W 1 if EL2 on CPU can read, write the
# address, TABLES its run-time stage-1 table pages. Fails if the call does.
probe() {
	# shellcheck disable=SC2046 # the result's words
	set -- $(hostile hvc "$1" "$HC_S1_PROBE" "$2")
	[ "${1:-x}" = 0 ] || return 1
	echo "$((1 - $(bit0 "$2"))) $((1 - $(bit0 "$3"))) $((0x$4))"
}

# expect CPU ADDR R W WHAT: EL2 on CPU reads/writes ADDR as R and W say.
expect() {
	_p=$(probe "$1" "$2") || { tap_fail "CPU$1: probe of $2 failed"; return; }
	set -- "$1" "$2" "$3" "$4" "$5" $_p
	[ "$6" = "$3" ] && [ "$7" = "$4" ] ||
		tap_fail "CPU$1: $5 at $2: EL2 read=$6 write=$7, expected read=$3 write=$4"
}

# call CPU ID PA: a page ownership call, its x0.
call() {
	# shellcheck disable=SC2046
	set -- $(hostile hvc "$1" "$2" "$3")
	echo "${1:-x}"
}

# cpu_for N: one of the online CPUs, in turn.
cpu_for() {
	# shellcheck disable=SC2086
	set -- "$1" $cpus
	shift $(($1 % ($# - 1) + 1))
	echo "$1"
}

tables() {
	_p=$(probe 0 0) || { echo x; return; }
	# shellcheck disable=SC2086
	set -- $_p
	echo "$3"
}

hostile_load
hvx_loaded || insmod "$HVX_KO"
cpus=$(online_cpus)

tap_begin "hvx's code is mapped at EL2, read-only"
for cpu in $cpus; do
	# shellcheck disable=SC2046
	set -- $(hostile hvc "$cpu" "$HC_CPU_STATE")
	if [ "${1:-x}" = 0 ]; then
		expect "$cpu" "0x$3" 1 0 "VBAR_EL2"
	else
		tap_fail "CPU$cpu: CPU_STATE failed"
	fi
done
tap_end

tap_begin "a page the host owns is not mapped at EL2"
pa=0x$(hostile page)
for cpu in $cpus; do
	expect "$cpu" "$pa" 0 0 "host page"
done
tap_end

# stride_pages: a page in each 2 MiB of host RAM, one a line.
stride_pages() {
	# shellcheck disable=SC2013 # one range a line
	for _r in $(sed -n 's/^\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/\1-\2/p' /proc/iomem); do
		_s=$(( (0x${_r%-*} + SZ_2M - 1) & ~(SZ_2M - 1) ))
		_e=$((0x${_r#*-}))
		while [ $((_s + 0x3000)) -lt "$_e" ]; do
			printf '0x%x\n' $((_s + 0x3000))
			_s=$((_s + SZ_2M))
		done
	done
}

tap_begin "host RAM at 2 MiB strides: unmapped, mapped while shared, unmapped after; tables back"
t0=$(tables)
shared=
n=0
for p in $(stride_pages); do
	[ $n -lt 16 ] || break
	# hvx's own memory, or a page taken already: not the host's to share.
	[ "$(call 0 "$HC_SHARE" "$p")" = 0 ] || continue
	# What EL2 could reach before: nothing of host RAM but this.
	call 0 "$HC_UNSHARE" "$p" >/dev/null
	expect "$(cpu_for $n)" "$p" 0 0 "host RAM"
	[ "$(call 0 "$HC_SHARE" "$p")" = 0 ] || { tap_fail "share of $p failed"; continue; }
	shared="$shared $p"
	n=$((n + 1))
done
[ $n -ge 4 ] || tap_fail "only $n pages could be shared"
t1=$(tables)
i=0
for p in $shared; do
	expect "$(cpu_for $i)" "$p" 1 1 "shared page"
	i=$((i + 1))
done
for p in $shared; do
	[ "$(call 0 "$HC_UNSHARE" "$p")" = 0 ] || tap_fail "unshare of $p failed"
	expect "$(cpu_for $i)" "$p" 0 0 "unshared page"
	i=$((i + 1))
done
t2=$(tables)
tap_diag "run-time stage-1 tables: $t0 before, $t1 with $n pages shared, $t2 after"
[ "$t1" != x ] && [ "$t1" -gt "$t0" ] || tap_fail "no stage-1 tables added for $n pages"
[ "$t2" = "$t0" ] || tap_fail "stage-1 tables not given back: $t0 before, $t2 after"
tap_end

tap_begin "a donated page is mapped at EL2 until reclaimed"
pa=0x$(hostile page)
if [ "$(call 0 "$HC_DONATE" "$pa")" = 0 ]; then
	for cpu in $cpus; do
		expect "$cpu" "$pa" 1 1 "donated page"
	done
	[ "$(call 0 "$HC_RECLAIM" "$pa")" = 0 ] || tap_fail "reclaim failed"
	for cpu in $cpus; do
		expect "$cpu" "$pa" 0 0 "reclaimed page"
	done
else
	tap_fail "donate of $pa failed"
fi
tap_end

tap_begin "a running guest's RAM is not mapped at EL2, nor are EL2's windows"
old_debug=$(cat "$DEBUG_CALLS")
echo 1 >"$DEBUG_CALLS"
hvxctl run --timeout 30 "$guests/spin.img" >/dev/null 2>&1 &
vmm=$!
i=0
while ! grep -q pa= "$VM_MEMORY" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
chunks=$(sed -n 's/.* pa=\(0x[0-9a-f]*\) pages=\([0-9]*\)$/\1:\2/p' "$VM_MEMORY")
[ -n "$chunks" ] || tap_fail "no guest RAM listed in $VM_MEMORY"
for c in $chunks; do
	p=${c%:*}
	last=$(printf '0x%x' $((p + (${c#*:} - 1) * 0x1000)))
	for cpu in $cpus; do
		expect "$cpu" "$p" 0 0 "guest RAM"
		expect "$cpu" "$last" 0 0 "guest RAM"
	done
done
kill "$vmm" 2>/dev/null
wait "$vmm" 2>/dev/null
echo "$old_debug" >"$DEBUG_CALLS"
for cpu in $cpus; do
	i=0
	while [ $i -lt "$FIXMAP_PAGES_PER_CPU" ]; do
		expect "$cpu" "$(printf '0x%x' $((FIXMAP_BASE + (cpu * FIXMAP_PAGES_PER_CPU + i) * 0x1000)))" 0 0 "page window"
		i=$((i + 1))
	done
	expect "$cpu" "$(printf '0x%x' $((FIXMAP_BASE + (cpu + 1) * SZ_2M)))" 0 0 "block window"
done
tap_end

# A small pool: EL2 runs out of pages for stage-1 tables.
tap_begin "out of pool pages for stage-1 tables: NOMEM, nothing changed, the host goes on"
rmmod hvx && insmod "$HVX_KO" pool_pages=$SMALL_POOL ||
	tap_fail "cannot load hvx with pool_pages=$SMALL_POOL"
t0=$(tables)
shared=
refused=
for p in $(stride_pages); do
	r=$(call 0 "$HC_SHARE" "$p")
	if [ "$r" = "$ERR_NOMEM" ]; then
		refused=$p
		break
	fi
	[ "$r" = 0 ] && shared="$shared $p"
done
t1=$(tables)
tap_diag "pool of $(cat "$HVX_SYSFS/pool_pages") pages: $(echo "$shared" | wc -w) pages shared, $t1 stage-1 tables, then NOMEM"
if [ -n "$refused" ]; then
	# Refused whole: not shared, not mapped at EL2.
	[ "$(call 0 "$HC_UNSHARE" "$refused")" = "$ERR_DENIED" ] ||
		tap_fail "the page refused ($refused) was shared anyway"
	expect 0 "$refused" 0 0 "page refused"
else
	tap_fail "EL2 never ran out of pool pages for its stage-1 tables"
fi
# The host's stage 2 starts over and is filled again from what is left.
[ "$(call 0 "$HC_S2_RESET" 1)" = 0 ] || tap_fail "host stage-2 reset failed"
md5sum /bin/busybox >/dev/null && ls -R /sys/kernel/hvx >/dev/null ||
	tap_fail "the host cannot go on"
for p in $shared; do
	[ "$(call 0 "$HC_UNSHARE" "$p")" = 0 ] || tap_fail "unshare of $p failed"
done
t2=$(tables)
[ "$t2" = "$t0" ] || tap_fail "stage-1 tables not given back: $t0 before, $t2 after"
rmmod hvx && insmod "$HVX_KO" || tap_fail "cannot load hvx again"
tap_end
tap_done
