#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# plot.sh OUT.png TITLE LOG...: the guest round trips of tools/bench.sh's
# guest part as a PNG (gnuplot, Debian's gnuplot-nox): for each call (the
# trap floor, VERSION through the DCC, BRK and HVC doors, PSCI_VERSION,
# CONSOLE_WRITE, an MMIO load) and each hypervisor whose log is given
# (guest-MODE-hvx.log, -kvm-nvhe.log, -kvm-vhe.log: their "BENCH <name>
# <ticks>" lines, one per VM), the distribution over the VMs as a box
# (quartiles, whiskers at the extremes, a bar at the median) with each
# VM's value as a point, in counter ticks on a log scale. A hypervisor
# without a call (KVM: BRK, CONSOLE_WRITE) has no box there.
set -eu

out=${1:?usage: plot.sh OUT.png TITLE LOG...}
title=${2:?usage: plot.sh OUT.png TITLE LOG...}
shift 2
command -v gnuplot >/dev/null 2>&1 || {
	echo "plot.sh: no gnuplot (tools/setup-deps.sh installs gnuplot-nox)" >&2
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

keys="nop dcc brk hvc psci console mmio"
plots=""
for log in "$@"; do
	case $(basename "$log" .log) in
	*-hvx) hv=hvx; off=-0.25; label="hvx" ;;
	*-kvm-nvhe) hv=nvhe; off=0; label="KVM nVHE" ;;
	*-kvm-vhe) hv=vhe; off=0.25; label="KVM VHE" ;;
	*) echo "plot.sh: $log: not a guest-MODE-{hvx,kvm-nvhe,kvm-vhe}.log" >&2
	   exit 1 ;;
	esac
	# Each VM's value (x, ticks), and per call: x min q1 median q3 max.
	tr -d '\r' <"$log" | awk -v keys="$keys" -v off="$off" \
		-v pts="$tmp/$hv.pts" -v box="$tmp/$hv.box" '
	function sort(a, n,   i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
	}
	# The quantile q (0-1) of the sorted a[1..n], interpolated.
	function quant(a, n, q,   p, i) {
		p = 1 + q * (n - 1)
		i = int(p)
		return i >= n ? a[n] : a[i] + (p - i) * (a[i + 1] - a[i])
	}
	$1 == "BENCH" { v[$2, ++n[$2]] = $3 }
	END {
		nk = split(keys, k, " ")
		for (i = 1; i <= nk; i++) {
			m = n[k[i]]
			if (!m)
				continue
			for (j = 1; j <= m; j++) {
				a[j] = v[k[i], j]
				printf "%g %s\n", i + off, a[j] > pts
			}
			sort(a, m)
			printf "%g %s %s %s %s %s\n", i + off, a[1], quant(a, m, 0.25),
				quant(a, m, 0.5), quant(a, m, 0.75), a[m] > box
		}
	}'
	[ -s "$tmp/$hv.box" ] || continue
	plots="$plots${plots:+, }'$tmp/$hv.box' using 1:3:2:6:5 with candlesticks whiskerbars 0.5 lc '$(
		case $hv in hvx) echo '#1f77b4' ;; nvhe) echo '#d62728' ;; *) echo '#2ca02c' ;; esac)' lw 1.5 title '$label'"
	plots="$plots, '$tmp/$hv.box' using 1:4:4:4:4 with candlesticks lc 'black' lw 2 notitle"
	plots="$plots, '$tmp/$hv.pts' using 1:2 with points pt 7 ps 0.5 lc 'gray40' notitle"
done
[ -n "$plots" ] || { echo "plot.sh: no BENCH lines in $*" >&2; exit 1; }

gnuplot <<EOF
set terminal pngcairo size 1000,600 font ',10'
set output '$out.tmp'
set title "$title"
set ylabel 'counter ticks per round trip (log scale)'
set logscale y
set grid ytics
set boxwidth 0.2
set xrange [0.4:7.6]
set key top left Left reverse
set bmargin 4
set termoption noenhanced
set xtics ("HVC NOP\n(trap floor)" 1, "DCC\nVERSION" 2, "BRK\nVERSION" 3, "HVC\nVERSION" 4, "HVC\nPSCI_VERSION" 5, "HVC\nCONSOLE_WRITE" 6, "MMIO\nload" 7)
plot $plots
EOF
mv -f "$out.tmp" "$out"
