#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The timer test guest's sections (the virtual timer's PPI 27, the
# emulated physical timer and its PPI 30, EL0 counter access as
# CNTKCTL_EL1 says) in VMs with a virtual GICv3, run by the VMM
# lib/vgic-vmm (lib/vgic-vmm.c and guests/timer.c say what each check
# means). Needs root and hvx loaded; TAP output.
exec "$(dirname "$0")/lib/vgic-vmm" timer
