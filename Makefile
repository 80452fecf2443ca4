# hvx: top-level build and test entry points. See README.md.
#
#   make run     boot the test VM, load hvx, run the demo
#   make check   host-side unit tests, then the kselftests in the test VM,
#                on the test kernel and on the debug kernel
#   make module-debug  hvx.ko for the debug kernel (KASAN, lockdep,
#                kmemleak), in build/debug/src; tools/hvx-vm --debug-kernel
#                boots it
#
# Everything installs and builds what it needs first (tools/setup-deps.sh,
# tools/build-kernel.sh). KDIR=<arm64 kernel build tree> builds hvx.ko
# against another kernel instead of the cached test kernel.
# HVX_TEST_HOOKS=1 builds hvx.ko with its test-only interfaces
# (Documentation/testing.md, "Test hooks"): the default for the test kernels, whose hvx.ko the test
# VM runs; with KDIR (a release build for a real board) the default is 0.

TOP		:= $(CURDIR)
BUILD		:= $(TOP)/build
CROSS_COMPILE	?= aarch64-linux-gnu-
KDIR		?=
HOSTCC		?= gcc
ARM64_CC	:= $(CROSS_COMPILE)gcc
RESULTS		:= $(BUILD)/results
HVX_TEST_HOOKS	?= $(if $(KDIR),0,1)
export TOP BUILD CROSS_COMPILE HOSTCC ARM64_CC RESULTS HVX_TEST_HOOKS

# Fragments add their programs and tests to these lists.
ARM64_PROGS	:=	# arm64 binaries that go into the test VM
HOST_PROGS	:=	# native tools
HOST_TESTS	:=	# targets that write $(RESULTS)/<name>.tap

.PHONY: all deps kernel module kernel-debug module-debug tools host-tools \
	run check host-check vm-check lint bench fuzz clean help

all: module tools

help:
	@sed -n '1,/^$$/p' Makefile

deps:
	@$(TOP)/tools/setup-deps.sh

# The kernel build tree hvx.ko is built against, recorded in build/kdir.
kernel: deps
	@mkdir -p $(BUILD)
	@if [ -n "$(KDIR)" ]; then echo "$(KDIR)"; \
	 else $(TOP)/tools/build-kernel.sh; fi > $(BUILD)/kdir.tmp
	@mv $(BUILD)/kdir.tmp $(BUILD)/kdir

KMAKE = $(MAKE) -C "$$(cat $(BUILD)/kdir)" M=$(TOP) ARCH=arm64 \
	CROSS_COMPILE=$(CROSS_COMPILE) HVX_TEST_HOOKS=$(HVX_TEST_HOOKS)

module: kernel
	+$(KMAKE) W=1 modules

# The debug kernel (tools/kernel-debug.config), recorded in build/debug/kdir,
# and hvx.ko built against it. Linux 6.1 writes an external module's objects
# next to its sources (no MO=), so that build works on a copy of the sources
# in build/debug/src, refreshed here, and never mixes its objects with those
# of `make module`.
DEBUG_BUILD	:= $(BUILD)/debug
DEBUG_SRC	:= $(DEBUG_BUILD)/src
MOD_SRC_DIRS	:= host hyp acpi-gen uapi include selftests/modules

kernel-debug: deps
	@mkdir -p $(DEBUG_BUILD)
	@$(TOP)/tools/build-kernel.sh --debug >$(DEBUG_BUILD)/kdir.tmp
	@mv $(DEBUG_BUILD)/kdir.tmp $(DEBUG_BUILD)/kdir

module-debug: kernel-debug
	@mkdir -p $(DEBUG_SRC)
	@cd $(TOP) && cp --parents -p -u Kbuild selftests/modules/Kbuild \
		$$(find $(MOD_SRC_DIRS) -type f -name '*.[chS]' ! -name '*.mod.c' \
			! -path '*/generated/*') \
		$(DEBUG_SRC)/
	@cd $(DEBUG_SRC) && find $(MOD_SRC_DIRS) -type f -name '*.[chS]' \
		! -path '*/generated/*' | \
		while read -r f; do [ -e "$(TOP)/$$f" ] || rm -f "$$f"; done
	+$(MAKE) -C "$$(cat $(DEBUG_BUILD)/kdir)" M=$(DEBUG_SRC) ARCH=arm64 \
		CROSS_COMPILE=$(CROSS_COMPILE) HVX_TEST_HOOKS=1 W=1 modules
	+$(MAKE) -C "$$(cat $(DEBUG_BUILD)/kdir)" \
		M=$(DEBUG_SRC)/selftests/modules ARCH=arm64 \
		CROSS_COMPILE=$(CROSS_COMPILE) W=1 modules

-include acpi-gen/acpi-gen.mk
-include tools/acpi-bind/acpi-bind.mk
-include tools/tools.mk
-include tools/vmware-guest/vmware-guest.mk
-include selftests/selftests.mk
-include selftests/runner/runner.mk
-include tools/bench/bench.mk
-include tools/pkg/pkg.mk
-include selftests/guests/guests.mk

tools: deps $(ARM64_PROGS) host-tools
host-tools: $(HOST_PROGS)

run: all
	$(TOP)/tools/hvx-vm --smp 4 -- /usr/lib/hvx/demo

check: all module-debug vmware-guest
	@rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	@$(MAKE) --no-print-directory -k host-check vm-check; \
	 $(TOP)/tools/tap-summary $(RESULTS)/*.tap

host-check: $(HOST_TESTS)

vm-check: module-debug vmware-guest
	@$(TOP)/tools/run-vm-tests.sh

lint: kernel
	@$(TOP)/tools/lint.sh

clean:
	-@[ -f $(BUILD)/kdir ] && $(KMAKE) clean
	-@[ -f $(BUILD)/kdir ] && $(KMAKE) M=$(TOP)/selftests/modules clean
	rm -rf $(BUILD)
