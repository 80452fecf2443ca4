# hvx-acpi-bind (tools/acpi-bind, included by the top Makefile): applies
# the OEMB table (the device-ID map's bind lines) in a Linux guest. Static
# for arm64 ($(BUILD)/arm64/hvx-acpi-bind: the test VM's /usr/bin, and the
# Linux guest's initramfs, tools/tools.mk), and natively for its host-side
# tests ($(RESULTS)/acpi-bind.tap: crafted tables against a fake sysfs).
ACPI_BIND_SRC	 := $(TOP)/tools/acpi-bind/hvx-acpi-bind.c
ACPI_BIND_CFLAGS := -O2 -g -Wall -Wextra -Wshadow -Wformat=2 \
		    -Wstrict-prototypes -Wmissing-prototypes -std=gnu11 \
		    -D_GNU_SOURCE
ACPI_BIND	 := $(BUILD)/arm64/hvx-acpi-bind

ARM64_PROGS	+= $(ACPI_BIND)
HOST_PROGS	+= $(BUILD)/host/hvx-acpi-bind

.PHONY: acpi-bind
acpi-bind: $(ACPI_BIND) $(BUILD)/host/hvx-acpi-bind

$(ACPI_BIND): $(ACPI_BIND_SRC) $(TOP)/tools/acpi-bind/acpi-bind.mk
	@mkdir -p $(@D)
	$(ARM64_CC) $(ACPI_BIND_CFLAGS) -static -o $@ $(ACPI_BIND_SRC)

$(BUILD)/host/hvx-acpi-bind: $(ACPI_BIND_SRC) $(TOP)/tools/acpi-bind/acpi-bind.mk
	@mkdir -p $(@D)
	$(HOSTCC) $(ACPI_BIND_CFLAGS) -o $@ $(ACPI_BIND_SRC)

HOST_TESTS	+= acpi-bind-test

.PHONY: acpi-bind-test
acpi-bind-test: $(BUILD)/host/hvx-acpi-bind
	@mkdir -p $(RESULTS)
	@$(TOP)/tools/acpi-bind/test.py $(BUILD)/host/hvx-acpi-bind \
		>$(RESULTS)/acpi-bind.tap; rc=$$?; \
	 cat $(RESULTS)/acpi-bind.tap; exit $$rc
