#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh (`make lint`): static checks over hvx's own sources.
#
#   - checkpatch: the kernel's scripts/checkpatch.pl (--strict) over the C,
#     headers and assembly in hyp/ host/ uapi/ include/ acpi-gen/
#     tools/hvxctl/ tools/acpi-bind/ selftests/
#   - sparse: the module built with C=2 CHECK=sparse against the test kernel
#     (build/kdir); any warning, sparse's or the compiler's, is a finding
#   - ShellCheck: the shell scripts in tools/ and selftests/, if it is
#     installed (errors and warnings; style notes are left out)
#
# Prints every finding and a summary; exits 1 if there was any finding (or a
# check could not run), else 0. LINT_SKIP="sparse shellcheck" skips checks.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}
skip=" ${LINT_SKIP:-} "
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

summary=""
total=0
# result NAME COUNT TEXT: record one check's outcome.
result() {
	summary="$summary$(printf 'lint: %-11s %s' "$1" "$3")
"
	total=$((total + $2))
}
skipped() { case "$skip" in *" $1 "*) return 0 ;; esac; return 1; }

src=$("$top/tools/kernel-src.sh") || { echo "lint: no kernel source" >&2; exit 1; }

# --- checkpatch -----------------------------------------------------------
#
# Options: --no-tree (hvx is not a kernel tree), --strict (the CHECK-level
# tests too, as for new drivers), --terse --show-types (one line a finding,
# with its type, for --ignore). Ignored types:
#   everywhere: CAMELCASE. Without a kernel tree checkpatch cannot read the
#     headers that define names like CurrentEL, Elf64_Rela or
#     MAIR_ATTR_DEVICE_nGnRE, so it flags every use of them. (Tree mode
#     does not help: it only reads include/, not arch/arm64/include/.)
#   code built for user space (tools/hvxctl, tools/acpi-bind, selftests, include/,
#     acpi-gen, whose core is built both into hvx.ko and into user-space
#     tools):
#     PREFER_KERNEL_TYPES (u32 & co.), BIT_MACRO (BIT()),
#     PREFER_DEFINED_ATTRIBUTE_MACRO (__printf()), SSCANF_TO_KSTRTO
#     (kstrto*()): these ask for kernel-only types and helpers, which user
#     space does not have.
#   uapi/: PREFER_KERNEL_TYPES: ABI headers must use __u32 & co.
#     (checkpatch exempts include/uapi/ by path; ours is uapi/).
#   kernel-only code (hyp/, host/): nothing else.
if skipped checkpatch; then
	result checkpatch 0 "skipped"
else
	cp="$src/scripts/checkpatch.pl --no-tree --strict --terse --show-types --color=never"
	user_ignore=PREFER_KERNEL_TYPES,BIT_MACRO,PREFER_DEFINED_ATTRIBUTE_MACRO,SSCANF_TO_KSTRTO
	find hyp host uapi include acpi-gen tools/hvxctl tools/acpi-bind selftests -type f \
		\( -name '*.c' -o -name '*.h' -o -name '*.S' \) \
		! -name '*.mod.c' ! -path '*/.*' ! -path '*/generated/*' 2>/dev/null | LC_ALL=C sort >"$tmp/files"
	: >"$tmp/cp"
	nfiles=0
	while read -r f; do
		nfiles=$((nfiles + 1))
		case "$f" in
		tools/* | selftests/* | acpi-gen/* | include/*)
			ign="--ignore CAMELCASE,$user_ignore" ;;
		uapi/*)	ign="--ignore CAMELCASE,PREFER_KERNEL_TYPES" ;;
		*)	ign="--ignore CAMELCASE" ;;
		esac
		# shellcheck disable=SC2086 # (option lists)
		$cp $ign -f "$f" >>"$tmp/cp" 2>&1
	done <"$tmp/files"
	grep -E '^[^ ]+:[0-9]+: (ERROR|WARNING|CHECK):' "$tmp/cp" >"$tmp/cp.found"
	n=$(wc -l <"$tmp/cp.found")
	if [ "$n" -gt 0 ]; then
		echo "== checkpatch (rerun without --terse for context: $src/scripts/checkpatch.pl --no-tree --strict -f FILE)"
		cat "$tmp/cp.found"
	fi
	# anything else checkpatch said (it crashed, a file vanished)
	if grep -vE '^[^ ]+:[0-9]+: (ERROR|WARNING|CHECK):|^total: |^$' "$tmp/cp" >"$tmp/cp.other"; then
		echo "== checkpatch: unexpected output"
		cat "$tmp/cp.other"
		n=$((n + 1))
	fi
	result checkpatch "$n" "$n findings in $nfiles files"
fi

# --- sparse ---------------------------------------------------------------
#
# The same flags as `make module` (W=1, and the test hooks: all of the
# code), so kbuild does not see a changed command line and rebuild
# everything for the next `make module`.
if skipped sparse; then
	result sparse 0 "skipped"
elif [ ! -f Kbuild ]; then
	echo "== sparse: no Kbuild at $top: nothing to check"
	result sparse 1 "could not run (no Kbuild)"
elif ! command -v sparse >/dev/null 2>&1; then
	echo "== sparse: not installed (run tools/setup-deps.sh)"
	result sparse 1 "could not run (sparse not installed)"
else
	kdir=$(cat build/kdir 2>/dev/null)
	[ -n "$kdir" ] || kdir=$("$top/tools/build-kernel.sh")
	make -C "$kdir" M="$top" ARCH=arm64 CROSS_COMPILE="$cross" W=1 \
		HVX_TEST_HOOKS=1 C=2 CHECK=sparse modules >"$tmp/sparse" 2>&1
	rc=$?
	grep -E ': (warning|error): ' "$tmp/sparse" >"$tmp/sparse.found"
	n=$(wc -l <"$tmp/sparse.found")
	if [ "$n" -gt 0 ]; then
		echo "== sparse (and compiler) warnings"
		cat "$tmp/sparse.found"
	fi
	if [ $rc != 0 ]; then
		echo "== sparse: the module build failed (exit status $rc):"
		tail -n 30 "$tmp/sparse"
		n=$((n + 1))
	fi
	result sparse "$n" "$n warnings"
fi

# --- shellcheck -------------------------------------------------------------
#
# -S warning: errors and warnings; "info" and "style" notes (quoting style,
# sourced files it cannot follow) are not findings.
if skipped shellcheck; then
	result shellcheck 0 "skipped"
elif ! command -v shellcheck >/dev/null 2>&1; then
	echo "== shellcheck: not installed; shell scripts not checked"
	result shellcheck 0 "not installed (not counted)"
else
	: >"$tmp/scripts"
	for f in $(find tools selftests -type f ! -path '*/.*' 2>/dev/null | LC_ALL=C sort); do
		case "$f" in
		*.sh) echo "$f" >>"$tmp/scripts" ;;
		*) head -n 1 "$f" 2>/dev/null | grep -qE '^#!.*/(env )?(ba|da)?sh' &&
			echo "$f" >>"$tmp/scripts" ;;
		esac
	done
	: >"$tmp/sc"
	while read -r f; do
		# Sourced fragments have no #!: POSIX sh unless they name their
		# shell ("# shellcheck shell=bash"), and without SC2154
		# (variables the sourcing script sets).
		if head -n 1 "$f" | grep -q '^#!'; then
			shellcheck -S warning -f gcc "$f" >>"$tmp/sc" 2>&1
		elif grep -q '^# shellcheck shell=' "$f"; then
			shellcheck -S warning -e SC2154 -f gcc "$f" >>"$tmp/sc" 2>&1
		else
			shellcheck -S warning -s sh -e SC2154 -f gcc "$f" >>"$tmp/sc" 2>&1
		fi
	done <"$tmp/scripts"
	n=$(grep -c . "$tmp/sc")
	if [ "$n" -gt 0 ]; then
		echo "== shellcheck"
		cat "$tmp/sc"
	fi
	result shellcheck "$n" "$n findings in $(wc -l <"$tmp/scripts") scripts"
fi

echo
printf '%s' "$summary"
if [ "$total" -gt 0 ]; then
	echo "lint: FAILED ($total findings)"
	exit 1
fi
echo "lint: OK"
