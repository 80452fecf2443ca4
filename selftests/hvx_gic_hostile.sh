#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The gic-hostile test guest attacks its virtual GICv3 from every vCPU
# (every register offset at every width with garbage, random SGIs to
# absent vCPUs, all 988 SPIs pending at once), next to a VM that must not
# notice; run by the VMM lib/vgic-vmm (lib/vgic-vmm.c and
# guests/gic-hostile.c say what each check means). Needs root and hvx
# loaded; TAP output.
exec "$(dirname "$0")/lib/vgic-vmm" hostile
