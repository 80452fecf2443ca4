# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run-tests.sh: what real boards have and ACPI cannot fully
# describe.  Long interrupt lists (several Extended Interrupt
# descriptors), interrupts that end at a GPIO controller (a warning
# naming the node, the device described partially or left out), a board
# without a GIC, and the console UART of every serial type Linux's SPCR
# code knows (drivers/acpi/spcr.c), each with its interface type.

sbsa="$dtbs/minimal-sbsa.dtb"
gic_ph=$(fdtget -t x "$sbsa" /interrupt-controller@30000000 phandle 2>/dev/null)
sensor=/soc/sensor@30000
p="$work/partial"
mkdir -p "$p"

# convert_warn DESC DTB OUT NWARN PATTERN: exit 0, exactly NWARN warning
# lines (each "hvx-acpigen: warning: DTB: /node: ..."), the first
# matching PATTERN, no other output on stderr, and every table
# disassembles cleanly.  Later checks read OUT.
convert_warn() {
	local desc=$1 dtb=$2 out=$3 nwarn=$4 pattern=$5 log="$work/warn.log" t
	rm -rf "$out"
	if ! "$tool" "$dtb" -o "$out" >"$log" 2>&1; then
		fail "$desc: converts" "$log"
		return 1
	fi
	if [ "$(grep -c ': warning: ' "$log")" != "$nwarn" ] ||
	   grep -v ': warning: ' "$log" | grep -q . ||
	   { [ "$nwarn" != 0 ] &&
	     ! grep -m 1 ': warning: ' "$log" | grep -Eq "$pattern"; }; then
		echo "expected $nwarn warning(s), the first matching: $pattern" >>"$log"
		fail "$desc: warnings" "$log"
		return 1
	fi
	for t in "$out"/*.dat; do
		[ "$(basename "$t")" = RSDP.dat ] && continue
		if ! iasl_clean "$t" >"$log" 2>&1; then
			fail "$desc: iasl -d $(basename "$t")" "$log"
			return 1
		fi
	done
	pass "$desc: $nwarn warning(s)"
}

# py OUT CODE: run Python CODE with acpi.py imported and t = the tables
# of OUT ({SIG: bytes}); it prints problems, nothing when all is well.
py() {
	python3 - "$here" "$1" <<EOF
import sys
sys.path.insert(0, sys.argv[1])
import acpi
t = acpi.load_dir(sys.argv[2])
$2
EOF
}

# check_py DESC OUT CODE: pass when CODE (see py) prints nothing.
check_py() {
	local desc=$1 log="$work/py-check.log"
	py "$2" "$3" >"$log" 2>&1
	if [ -s "$log" ]; then fail "$desc" "$log"; else pass "$desc"; fi
}

# The _CRS interrupt descriptors of the DSDT device whose _CRS has the
# memory base B, as [(edge, low, [gsi...]), ...].
crs_irqs='
def irqs_at(base):
    for d in acpi.dsdt(t["DSDT"])["devices"].values():
        crs = d.get("crs", [])
        if any(r["kind"] == "mem" and r.get("base") == base for r in crs):
            return [(r["edge"], r["low"], r["gsis"]) for r in crs
                    if r["kind"] == "irq"]
    return None
'

# --- interrupt lists of any length --------------------------------------
# 300 level-high SPIs (more than one descriptor holds: 255 + 45), then
# edge and level mixed (a descriptor per run of equal flags).
spec=$(for i in $(seq 0 299); do printf '0 %x 4 ' $((i % 900)); done)
cp "$sbsa" "$p/irqs-300.dtb"
# shellcheck disable=SC2086 # one cell per word
fdtput -t x "$p/irqs-300.dtb" $sensor interrupts $spec
if convert_warn "partial: 300 interrupts on one device" "$p/irqs-300.dtb" \
	"$p/irqs-300" 0 ''; then
	check_py "partial: 300 interrupts -> Extended Interrupt descriptors of 255 and 45, in DT order" \
		"$p/irqs-300" "$crs_irqs
got = irqs_at(0x20030000)
want = [(False, False, [32 + i for i in range(255)]),
        (False, False, [32 + i for i in range(255, 300)])]
if got != want:
    print('got', got and [(e, l, len(g), g[:2]) for e, l, g in got])"
	check "partial: 300 interrupts: acpiexec loads the DSDT" \
		acpiexec_clean "$p/irqs-300/DSDT.dat"
fi
cp "$sbsa" "$p/irqs-mixed.dtb"
fdtput -t x "$p/irqs-mixed.dtb" $sensor interrupts \
	0 7 1  0 8 1  0 9 4  0 a 8  0 b 1
if convert_warn "partial: edge and level interrupts mixed" \
	"$p/irqs-mixed.dtb" "$p/irqs-mixed" 0 ''; then
	check_py "partial: mixed flags -> one descriptor per run of equal flags" \
		"$p/irqs-mixed" "$crs_irqs
got = irqs_at(0x20030000)
want = [(True, False, [39, 40]), (False, False, [41]),
        (False, True, [42]), (True, False, [43])]
if got != want:
    print('got', got)"
fi

# --- what ACPI cannot describe: one warning, the rest described ---------
# A PL061 GPIO controller (an interrupt controller the GIC does not see);
# the sensor has one interrupt at the GIC and one at the GPIO, a button
# has only a GPIO interrupt and no registers.
gpio() {
	cp "$sbsa" "$1"
	fdtput -c "$1" /soc/gpio@50000
	fdtput -t s "$1" /soc/gpio@50000 compatible arm,pl061
	fdtput -t x "$1" /soc/gpio@50000 reg 50000 1000
	fdtput -t x "$1" /soc/gpio@50000 interrupts 0 c 4
	fdtput -t x "$1" /soc/gpio@50000 '#interrupt-cells' 2
	fdtput "$1" /soc/gpio@50000 interrupt-controller
	fdtput -t x "$1" /soc/gpio@50000 phandle 1000
}
gpio "$p/gpio-irq.dtb"
fdtput -t x "$p/gpio-irq.dtb" $sensor interrupts-extended \
	"$gic_ph" 0 7 1  1000 5 2
if convert_warn "partial: an interrupt at a GPIO controller" \
	"$p/gpio-irq.dtb" "$p/gpio-irq" 1 \
	": $sensor: 1 of 2 interrupts not at the GIC: left out of _CRS$"; then
	check_py "partial: the device keeps its registers and its GIC interrupt" \
		"$p/gpio-irq" "$crs_irqs
got = irqs_at(0x20030000)
if got != [(True, False, [39])]:
    print('got', got)"
fi
gpio "$p/gpio-only.dtb"
fdtput -c "$p/gpio-only.dtb" /soc/button
fdtput -t s "$p/gpio-only.dtb" /soc/button compatible vendor,button
fdtput -t x "$p/gpio-only.dtb" /soc/button interrupts-extended 1000 6 1
if convert_warn "partial: a device with nothing but a GPIO interrupt" \
	"$p/gpio-only.dtb" "$p/gpio-only" 1 \
	": /soc/button: 1 of 1 interrupts not at the GIC: device left out$"; then
	check_py "partial: that device is left out of the DSDT" \
		"$p/gpio-only" "
import json
ds = acpi.dsdt(t['DSDT'])['devices'].values()
if any(d.get('compatible') == 'vendor,button' or
       'vendor,button' in (d.get('compatible') or []) for d in ds):
    print('vendor,button is in the DSDT')
if not any('arm,pl061' in json.dumps(d) or d.get('hid') == 'ARMH0061'
           for d in ds):
    print('the GPIO controller is missing')"
fi

# No GIC (the Raspberry Pi 3's BCM2836 controller, Apple's AIC): MADT
# with the CPUs only, one warning naming the controller.
if convert_warn "partial: no GIC: one warning naming the root" \
	"$dtbs/no-gic.dtb" "$p/no-gic" 1 \
	': /: no GIC interrupt controller: MADT without a GIC distributor'; then
	check_py "partial: no GIC: MADT has the GICC, no GICD" "$p/no-gic" "
m = acpi.madt(t['APIC'])
if len(m['gicc']) != 1 or m['gicd']:
    print('gicc', m['gicc'], 'gicd', m['gicd'])"
fi
cp "$sbsa" "$p/local-intc.dtb"
fdtput -t s "$p/local-intc.dtb" /interrupt-controller@30000000 compatible \
	brcm,bcm2836-l1-intc
if convert_warn "partial: a non-GIC root controller: one warning naming it" \
	"$p/local-intc.dtb" "$p/local-intc" 1 \
	': /interrupt-controller@30000000: interrupt controller is not a GIC'; then
	check_py "partial: non-GIC controller: no GSI anywhere" "$p/local-intc" "
g = acpi.gtdt(t['GTDT'])
if g['virt'] or g['el1']:
    print('GTDT', g)
if 'SPCR' in t and acpi.spcr(t['SPCR'])['irq_type']:
    print('SPCR has an interrupt')"
fi

# i.MX8MQ's GPC between the devices and the GIC hands specifiers on
# unchanged: the GIC interrupt is described, nothing is left out.
cp "$sbsa" "$p/gpc.dtb"
fdtput -c "$p/gpc.dtb" /gpc@303a0000
fdtput -t s "$p/gpc.dtb" /gpc@303a0000 compatible fsl,imx8mq-gpc
fdtput -t x "$p/gpc.dtb" /gpc@303a0000 reg 0 303a0000 0 10000
fdtput "$p/gpc.dtb" /gpc@303a0000 interrupt-controller
fdtput -t x "$p/gpc.dtb" /gpc@303a0000 '#interrupt-cells' 3
fdtput -t x "$p/gpc.dtb" /gpc@303a0000 interrupt-parent "$gic_ph"
fdtput -t x "$p/gpc.dtb" /gpc@303a0000 phandle 2000
fdtput -t x "$p/gpc.dtb" $sensor interrupt-parent 2000
if convert_warn "partial: a pass-through wake-up controller (fsl,imx8mq-gpc)" \
	"$p/gpc.dtb" "$p/gpc" 0 ''; then
	check_py "partial: the GIC interrupt behind the GPC is in _CRS" \
		"$p/gpc" "$crs_irqs
got = irqs_at(0x20030000)
if got != [(True, False, [39])]:
    print('got', got)"
fi

# A timer whose virtual timer interrupt goes to the GPIO: GTDT says 0.
gpio "$p/timer-gpio.dtb"
fdtput -d "$p/timer-gpio.dtb" /timer interrupts
fdtput -t x "$p/timer-gpio.dtb" /timer interrupts-extended \
	"$gic_ph" 1 d 8  "$gic_ph" 1 e 8  1000 3 4
if convert_warn "partial: a timer interrupt not at the GIC" \
	"$p/timer-gpio.dtb" "$p/timer-gpio" 1 \
	': /timer: secure, non-secure or virtual timer interrupt missing or not at the GIC: 0 in the GTDT'; then
	check_py "partial: GTDT has the other timers, 0 for that one" \
		"$p/timer-gpio" "
g = acpi.gtdt(t['GTDT'])
if (g['sec_el1'], g['el1'], g['virt'], g['el2']) != (29, 30, 0, 0):
    print('GTDT', g)"
fi

# --- the console: every serial type of Linux's SPCR code ------------------
# uart_case DESC NWARN PATTERN TYPE BITS ACCESS BAUD [fdtput ops ...]:
# /soc/serial@20000 (snps,dw-apb-uart) as the console, changed by the
# ops ("prop=value..." sets cells, "prop:s=string" a string, "-prop"
# deletes); SPCR interface type, GAS bit width and access size and baud
# code as given (TYPE "none": no SPCR or DBG2), DBG2 the same.
# set_cells DTB PROP A,B,...: the console UART's PROP as hex cells.
set_cells() {
	# shellcheck disable=SC2046 # one cell per word
	fdtput -t x "$1" /soc/serial@20000 "$2" $(echo "$3" | tr , ' ')
}

uart_case() {
	local desc=$1 nwarn=$2 pattern=$3 type=$4 bits=$5 access=$6 baud=$7
	local dtb="$p/uart.dtb" out="$p/uart" op prop
	shift 7
	cp "$sbsa" "$dtb"
	fdtput -t s "$dtb" /chosen stdout-path "/soc/serial@20000:115200n8"
	for op in "$@"; do
		case "$op" in
		-*) fdtput -d "$dtb" /soc/serial@20000 "${op#-}" ;;
		*:s=*) prop=${op%%:s=*}
		       fdtput -t s "$dtb" /soc/serial@20000 "$prop" "${op#*:s=}" ;;
		*) set_cells "$dtb" "${op%%=*}" "${op#*=}" ;;
		esac
	done
	convert_warn "spcr: $desc" "$dtb" "$out" "$nwarn" "$pattern" || return
	if [ "$type" = none ]; then
		check_py "spcr: $desc: no SPCR, no DBG2" "$out" "
if 'SPCR' in t or 'DBG2' in t:
    print(sorted(t))"
		return
	fi
	check_py "spcr: $desc: type $type, $bits-bit access $access, baud code $baud" \
		"$out" "
s = acpi.spcr(t['SPCR'])
d = acpi.dbg2(t['DBG2'])['devices'][0]
want = ($type, $bits, $access, 0x20020000, $baud)
got = (s['type'], s['base']['bits'], s['base']['access'],
       s['base']['address'], s['baud'])
if got != want:
    print('SPCR got', got, 'want', want)
if (d['subtype'], d['regs'][0]) != (s['type'], s['base']):
    print('DBG2', d, 'SPCR', s)"
}

# Linux: 8250 earlycon (a baud rate reprograms the divisor for 1.8432 MHz,
# so the SPCR keeps firmware's setting unless that is the clock), with
# mmio/mmio16/mmio32 from the access width; PL011 and SBSA on pl011.
uart_case "ns16550a, byte registers" 0 '' 0x0 8 1 0 \
	compatible:s=ns16550a -reg-shift -reg-io-width
uart_case "ns16550a at 1.8432 MHz keeps the baud rate" 0 '' 0x0 8 1 7 \
	compatible:s=ns16550a -reg-shift -reg-io-width clock-frequency=1c2000
uart_case "16550, 16-bit registers (mmio16)" 0 '' 0x12 16 2 0 \
	compatible:s=ns16550 reg-shift=1 reg-io-width=2
uart_case "snps,dw-apb-uart, 32-bit registers (mmio32)" 0 '' 0x12 32 3 0
uart_case "brcm,bcm2835-aux-uart: 32-bit stride without reg-shift" 0 '' \
	0x12 32 3 0 compatible:s=brcm,bcm2835-aux-uart -reg-shift -reg-io-width
uart_case "mediatek,mt6577-uart: 32-bit stride" 0 '' 0x12 32 3 0 \
	compatible:s=mediatek,mt6577-uart -reg-shift -reg-io-width
uart_case "nvidia,tegra20-uart: NVIDIA 16550 subtype" 1 \
	': /soc/serial@20000: console UART with 1-byte accesses at a 4-byte stride' \
	0x5 32 3 0 compatible:s=nvidia,tegra20-uart -reg-io-width
uart_case "arm,pl011" 0 '' 0x3 32 3 7 compatible:s=arm,pl011 -reg-shift \
	-reg-io-width
uart_case "arm,sbsa-uart" 0 '' 0xe 32 3 7 compatible:s=arm,sbsa-uart \
	-reg-shift -reg-io-width
uart_case "32-bit accesses at a byte stride: not describable" 1 \
	': /soc/serial@20000: console UART with a 1-byte register stride and 4-byte accesses' \
	none 0 0 0 compatible:s=ns16550a -reg-shift
uart_case "a UART outside Linux's SPCR types" 1 \
	': /soc/serial@20000: console UART is not one SPCR describes' \
	none 0 0 0 compatible:s=fsl,imx21-uart
