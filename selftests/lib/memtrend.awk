# SPDX-License-Identifier: GPL-2.0
#
# memtrend.awk: does memory go away over repeated cycles? For hvx_reload.sh.
#
# Input: one sample a line, "CYCLE FREE MEMFREE SLAB" (kB; FREE is MemFree
# plus the pages on the per-CPU free lists, taken with the page cache
# dropped), at least 10 lines.
# Prints one line with the figures; exits 1 if they show a leak.
#
# The figures: the least-squares slope of FREE over the cycles (kB per
# cycle; negative = memory going away), the difference between the medians
# of the first and of the last five samples, and the same for Slab. A leak
# adds up with the cycles; the noise (caches that grow once, counters read
# at slightly different moments) does not.
function median5(a, from,   i, j, t, b) {
	for (i = 0; i < 5; i++) b[i] = a[from + i]
	for (i = 0; i < 5; i++)
		for (j = i + 1; j < 5; j++)
			if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
	return b[2]
}
BEGIN { n = 0 }
{ x[n] = $1; y[n] = $2; s[n] = $4; n++ }
END {
	for (i = 0; i < n; i++) { sx += x[i]; sy += y[i] }
	mx = sx / n; my = sy / n
	for (i = 0; i < n; i++) {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	slope = sxy / sxx
	drop = median5(y, 0) - median5(y, n - 5)
	slab = median5(s, n - 5) - median5(s, 0)
	printf "slope %.1f kB/cycle, free memory drop %d kB, Slab growth %d kB over %d cycles\n", slope, drop, slab, x[n - 1] - x[0]
	# A leak: a steady downward trend that adds up, or a large drop. The
	# noise measured in the test VM: slopes within +-2 kB/cycle, drops
	# within +-50 kB; leaking one 4 kB page per cycle gives about -4.5
	# kB/cycle and 200 kB over 45 cycles.
	leak = (slope < -3 && drop > 128) || drop > 2048 || slab > 1024
	exit leak
}
