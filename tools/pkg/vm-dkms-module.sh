#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the test VM (tools/run-vm-tests.sh, boot vm-dkms): the hvx.ko that
# Debian's dkms built and installed from the hvx-dkms package (make
# pkg-test: build/pkg-test/hvx-dkms.ko, added as /mnt/add/hvx-dkms.ko) is
# the module the kernel runs. It replaces the test build of hvx.ko, must
# take every online CPU's EL2 and run a guest, and goes away cleanly; the
# test build is loaded again at the end. TAP output.
. /usr/lib/hvx/selftests/lib/tap.sh

ko=${1:-/mnt/add/hvx-dkms.ko}
guests=/usr/lib/hvx/selftests/guests

# srcversion=... of a module file (modinfo's field), without modinfo.
srcversion() { tr '\0' '\n' <"$1" | sed -n 's/^srcversion=//p'; }

tap_begin "the DKMS-built hvx.ko is there ($ko)"
[ -s "$ko" ] || tap_fail "no $ko: make pkg-test builds it"
tap_end
[ "$TAP_FAILED" = 0 ] || tap_done

want=$(srcversion "$ko")
tap_begin "rmmod the test build, insmod the DKMS build"
rmmod hvx || tap_fail "rmmod hvx failed"
insmod "$ko" || tap_fail "insmod $ko failed"
got=$(cat /sys/module/hvx/srcversion 2>/dev/null)
[ -n "$want" ] && [ "$got" = "$want" ] ||
	tap_fail "the kernel runs srcversion '$got', the DKMS file is '$want'"
[ "$want" != "$(srcversion /lib/modules/hvx.ko)" ] ||
	tap_fail "the DKMS build and the test build are the same module"
tap_end

tap_begin "every online CPU under hvx; no test hooks in this build"
online=$(grep -c '^processor' /proc/cpuinfo)
hyp=$(cat /sys/kernel/hvx/nr_hyp_cpus 2>/dev/null)
[ "$hyp" = "$online" ] || tap_fail "$hyp of $online CPUs under hvx"
mount -t debugfs none /sys/kernel/debug 2>/dev/null
[ ! -e /sys/kernel/debug/hvx ] || tap_fail "debugfs hvx/ exists: test hooks built in"
tap_end

tap_begin "a guest runs under it (hvxctl run hello: powers off, status 0)"
hvxctl run "$guests/hello.img" --timeout 60 >/tmp/dkms-hello.out 2>&1
rc=$?
[ "$rc" = 0 ] || tap_fail "status $rc: $(tail -n 3 /tmp/dkms-hello.out)"
tap_end

tap_begin "rmmod the DKMS build, insmod the test build again"
rmmod hvx || tap_fail "rmmod hvx failed"
[ ! -e /dev/hvx ] || tap_fail "/dev/hvx still there"
insmod /lib/modules/hvx.ko || tap_fail "insmod /lib/modules/hvx.ko failed"
tap_end
tap_done
