#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The vgic test guest's sections (GICv3 probing, SGIs, priorities, SPIs
# through HVX_VM_IRQ_LINE, WFI wake-ups) in VMs with a virtual GICv3, run
# by the VMM lib/vgic-vmm (lib/vgic-vmm.c and guests/vgic.c say what each
# check means). Needs root and hvx loaded; TAP output.
exec "$(dirname "$0")/lib/vgic-vmm" vgic
