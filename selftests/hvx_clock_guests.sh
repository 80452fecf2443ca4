#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest time scaling (HVX_VM_SET_CLOCK): the clock test guest with its
# physical counter and timer at half, once and three times the host's
# frequency, re-based while it runs, and the clock ioctls' checks in user
# space, in VMs with a virtual GICv3, run by the VMM lib/vgic-vmm
# (lib/vgic-vmm-clock.c and guests/clock.c say what each check means).
# Needs root and hvx loaded; TAP output.
exec "$(dirname "$0")/lib/vgic-vmm" clock
