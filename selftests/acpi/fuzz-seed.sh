#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the fuzzing seed corpus into DIR from committed sources: the test
# .dts files (compiled with dtc, packed small) and mapping files (with the
# fuzz target's "MAP\n" prefix).
set -eu
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
for f in "$here"/dts/*.dts "$here"/corpus/*.dts; do
	[ -e "$f" ] || continue
	dtc -q -I dts -O dtb -o "$dir/$(basename "$f" .dts).dtb" "$f"
done
for f in "$here"/maps/*.map "$here"/corpus/*.map; do
	[ -e "$f" ] || continue
	{ printf 'MAP\n'; cat "$f"; } >"$dir/$(basename "$f").in"
done
