# hvx's user-space tools (included by the top Makefile).
#
# hvxctl: one binary from every tools/hvxctl/*.c, built natively
# ($(BUILD)/host/hvxctl) and static for arm64 ($(BUILD)/arm64/hvxctl, the
# test VM's /usr/bin/hvxctl). It includes the ioctl ABI as <linux/hvx.h>,
# and writes guest device trees with libfdt: Debian's on the host, and for
# arm64 the kernel source's, compiled in (as for hvx-acpigen: Debian's
# libfdt-dev:arm64 cannot be installed next to the host one).

# run --acpi generates tables with acpi-gen's core (acpi-gen/acpi-gen.mk).
HVXCTL_SRCS	:= $(wildcard $(TOP)/tools/hvxctl/*.c) $(AG_SRCS)
HVXCTL_DEPS	:= $(HVXCTL_SRCS) $(wildcard $(TOP)/tools/hvxctl/*.h) \
		   $(TOP)/uapi/linux/hvx.h $(TOP)/tools/tools.mk \
		   $(wildcard $(TOP)/include/hvx/*.h) $(AG_HDRS)
HVXCTL_CFLAGS	:= -O2 -g -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
		   -Wmissing-prototypes -std=gnu11 -D_GNU_SOURCE -I$(TOP)/uapi \
		   -I$(TOP)/include
HVXCTL_LIBS	:= -pthread
# libfdt: sequential writes for a generated tree, read-write (which needs
# fdt_wip.c) to set bootargs in a --dtb
HVXCTL_LIBFDT	:= fdt.c fdt_ro.c fdt_rw.c fdt_sw.c fdt_wip.c fdt_strerror.c \
		   fdt_empty_tree.c

ARM64_PROGS	+= $(BUILD)/arm64/hvxctl
HOST_PROGS	+= $(BUILD)/host/hvxctl

.PHONY: hvxctl
hvxctl: $(BUILD)/host/hvxctl $(BUILD)/arm64/hvxctl

$(BUILD)/arm64/hvxctl: $(HVXCTL_DEPS)
	@mkdir -p $(@D)
	ksrc=$$($(TOP)/tools/kernel-src.sh) && \
	$(ARM64_CC) $(HVXCTL_CFLAGS) -I$$ksrc/scripts/dtc/libfdt -static \
		-o $@ $(HVXCTL_SRCS) \
		$(addprefix $$ksrc/scripts/dtc/libfdt/,$(HVXCTL_LIBFDT)) \
		$(HVXCTL_LIBS)

$(BUILD)/host/hvxctl: $(HVXCTL_DEPS)
	@mkdir -p $(@D)
	$(HOSTCC) $(HVXCTL_CFLAGS) -o $@ $(HVXCTL_SRCS) -lfdt $(HVXCTL_LIBS)

# Host-side tests of hvxctl against a fake /dev/hvx: $(RESULTS)/hvxctl.tap.
# 'run' is also checked by booting its generated device tree with the test
# guests, and with the test kernel if one is built, on plain QEMU.
HOST_TESTS	+= hvxctl-test
HVXCTL_FAKE	:= $(BUILD)/host/test/fake-hvx.so

.PHONY: hvxctl-test
hvxctl-test: $(BUILD)/host/hvxctl $(BUILD)/host/hvx-acpigen $(HVXCTL_FAKE) guests
	@mkdir -p $(RESULTS)
	@kimg=$$(cat $(BUILD)/kdir 2>/dev/null)/arch/arm64/boot/Image; \
	 $(TOP)/tools/hvxctl/test/test.sh $(BUILD)/host/hvxctl $(HVXCTL_FAKE) \
		$(BUILD)/arm64/selftests/guests "$$kimg" \
		>$(RESULTS)/hvxctl.tap; rc=$$?; cat $(RESULTS)/hvxctl.tap; exit $$rc

HVXCTL_FAKE_SRCS := $(TOP)/tools/hvxctl/test/fake-hvx.c \
		    $(TOP)/tools/hvxctl/test/fake-vm.c \
		    $(TOP)/tools/hvxctl/test/fake-console.c

$(HVXCTL_FAKE): $(HVXCTL_FAKE_SRCS) $(TOP)/tools/hvxctl/test/fake-hvx.h \
		$(TOP)/uapi/linux/hvx.h $(wildcard $(TOP)/include/hvx/*.h)
	@mkdir -p $(@D)
	$(HOSTCC) $(HVXCTL_CFLAGS) -shared -fPIC -o $@ $(HVXCTL_FAKE_SRCS) \
		-ldl -pthread

# The text UI (hvxctl tui) on the host: its screen model's unit tests
# ($(RESULTS)/tui-screen.tap), and the UI itself driven through ptys and
# pipes by a VT100 model (python3-pyte) against a fake sysfs
# ($(RESULTS)/tui.tap). tools/hvxctl/test/test-tui-vm.py drives it in the test VM.
HOST_TESTS	+= tui-test
TUI_SCREEN_TEST	:= $(BUILD)/host/test/tui-screen-test

$(TUI_SCREEN_TEST): $(TOP)/tools/hvxctl/test/test-tui-screen.c \
		$(TOP)/tools/hvxctl/tui-screen.c $(TOP)/tools/hvxctl/tui.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HVXCTL_CFLAGS) -o $@ $(filter %.c,$^)

.PHONY: tui-test
tui-test: $(BUILD)/host/hvxctl $(TUI_SCREEN_TEST)
	@mkdir -p $(RESULTS)
	@$(TUI_SCREEN_TEST) >$(RESULTS)/tui-screen.tap; rc=$$?; \
	 cat $(RESULTS)/tui-screen.tap; \
	 $(TOP)/tools/hvxctl/test/test-tui.py $(BUILD)/host/hvxctl \
		>$(RESULTS)/tui.tap || rc=1; cat $(RESULTS)/tui.tap; exit $$rc

# The Linux guest's initramfs (tools/linux-guest): Debian's arm64 busybox,
# an /init that checks the guest and gives a shell, and hvx-acpi-bind
# (tools/acpi-bind/acpi-bind.mk) in /usr/bin. tools/hvx-vm puts
# it and the test kernel's Image into the test VM's /usr/lib/hvx/linux,
# for `hvxctl run --kernel` (selftests/hvx_linux.sh, the demo).
LINUX_GUEST_INITRAMFS	:= $(BUILD)/linux-guest/initramfs.cpio
ARM64_PROGS	+= $(LINUX_GUEST_INITRAMFS)

.PHONY: linux-guest
linux-guest: $(LINUX_GUEST_INITRAMFS)

$(LINUX_GUEST_INITRAMFS): $(TOP)/tools/linux-guest/init \
		$(TOP)/tools/linux-guest/build-initramfs.sh $(wildcard /bin/busybox) \
		$(ACPI_BIND)
	$(TOP)/tools/linux-guest/build-initramfs.sh $@ /bin/busybox $(ACPI_BIND)

# The documentation against the code (tools/doc-test.py): every ioctl,
# host call, guest call, sysfs attribute, tracepoint and module parameter
# documented, nothing documented that the code lacks, the layout true.
HOST_TESTS	+= doc-test

.PHONY: doc-test
doc-test:
	@mkdir -p $(RESULTS)
	@$(TOP)/tools/doc-test.py $(TOP) >$(RESULTS)/doc.tap; rc=$$?; \
	 cat $(RESULTS)/doc.tap; exit $$rc
