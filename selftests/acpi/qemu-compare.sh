# SPDX-License-Identifier: GPL-2.0
# Sourced by run-tests.sh: comparison against QEMU's own ACPI tables
# (UEFI boot, QMP pmemsave, scan for "RSD PTR ").  Not written yet; see
# acpi-gen/README.md "Status".
emit "# QEMU/UEFI table comparison: not implemented yet"
