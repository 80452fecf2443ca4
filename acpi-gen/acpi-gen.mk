# acpi-gen: DT -> ACPI tables.  Included by the top-level Makefile.
#
#   make acpigen      build/host/hvx-acpigen (native)
#   make acpi-test    host-side tests -> $(RESULTS)/acpi.tap, including
#                     the comparison with QEMU's own tables (boots QEMU
#                     with qemu-efi-aarch64's firmware, ~15 s)
#   make acpi-corpus  every arm64 DTB of the kernel source (built once into
#                     $(HVX_CACHE)/dtbs-*) converted, the tables checked
#                     with iasl -> $(RESULTS)/acpi-corpus.tap (~1 min on
#                     2 cores; part of make check)
#   make fuzz         libFuzzer over the DTB and mapping-file parsers,
#                     FUZZ_SECONDS (default 60) from a small corpus
#   make fuzz-test    the same for FUZZ_CI_SECONDS (default 55) from the
#                     test DTBs, each seed replayed first -> $(RESULTS)/
#                     fuzz.tap (part of make check)
#
# The core (everything but main.c and fuzz.c) is freestanding and is also
# compiled into hvx.ko (but relink.c, which only user space needs: hvxctl
# run --acpi-tables); see acpi-gen/README.md.

AG_DIR		:= $(TOP)/acpi-gen
AG_CORE		:= buf.c error.c dt-index.c dt-util.c dt-irq.c dt-parse.c dt-misc.c \
		   dt-devices.c dt-pci.c dt-topo.c map.c aml.c aml-res.c \
		   dsdt-names.c table.c tables-root.c tables-dsdt.c \
		   tables-madt.c tables-gtdt.c tables-spcr.c tables-dbg2.c \
		   tables-mcfg.c tables-iort.c tables-pptt.c tables-oemb.c \
		   generate.c relink.c
AG_SRCS		:= $(addprefix $(AG_DIR)/,$(AG_CORE))
AG_HDRS		:= $(wildcard $(AG_DIR)/*.h)
AG_CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Wshadow -Wvla
# libfdt files the core needs (read-only API), from the kernel source.
AG_LIBFDT	:= fdt.c fdt_ro.c fdt_strerror.c
AG_KSRC_CMD	:= $(TOP)/tools/kernel-src.sh

HOST_PROGS	+= $(BUILD)/host/hvx-acpigen
ARM64_PROGS	+= $(BUILD)/arm64/hvx-acpigen
HOST_TESTS	+= acpi-test acpi-corpus fuzz-test

.PHONY: acpigen acpi-test acpi-corpus fuzz fuzz-test

acpigen: $(BUILD)/host/hvx-acpigen

# Host build links Debian's libfdt (libfdt-dev).
$(BUILD)/host/hvx-acpigen: $(AG_SRCS) $(AG_DIR)/main.c $(AG_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(AG_CFLAGS) -o $@ $(AG_SRCS) $(AG_DIR)/main.c -lfdt

# arm64 build is static and compiles libfdt from the kernel source, since
# Debian's libfdt-dev:arm64 cannot be installed next to the host one.
$(BUILD)/arm64/hvx-acpigen: $(AG_SRCS) $(AG_DIR)/main.c $(AG_HDRS)
	@mkdir -p $(@D)
	ksrc=$$($(AG_KSRC_CMD)) && \
	$(ARM64_CC) -static $(AG_CFLAGS) -I$$ksrc/scripts/dtc/libfdt -o $@ \
		$(AG_SRCS) $(AG_DIR)/main.c \
		$(addprefix $$ksrc/scripts/dtc/libfdt/,$(AG_LIBFDT))

acpi-test: $(BUILD)/host/hvx-acpigen
	@mkdir -p $(RESULTS)
	@$(TOP)/selftests/acpi/run-tests.sh $(BUILD)/host/hvx-acpigen \
		$(BUILD)/acpi-test $(RESULTS)/acpi.tap

# Prints the counts (converted, warned, failed), the conversion time and
# the slowest DTB; fails unless every DTB converts and validates.
acpi-corpus: $(BUILD)/host/hvx-acpigen
	@mkdir -p $(RESULTS)
	@$(TOP)/selftests/acpi/corpus-run.sh $(BUILD)/host/hvx-acpigen \
		$(BUILD)/acpi-corpus >$(RESULTS)/acpi-corpus.tap; \
	 rc=$$?; cat $(RESULTS)/acpi-corpus.tap; exit $$rc

# libFuzzer, with libfdt compiled in from the kernel source. libfdt gets
# the sanitizers but no coverage feedback and -O2: the parser walks the
# tree for every parent and phandle lookup, and instrumented libfdt made
# a QEMU tree take seconds, leaving the fuzzer a few inputs a second.
FUZZ_SECONDS	?= 60
AG_FUZZ_BIN	:= $(BUILD)/fuzz/acpigen-fuzz
AG_FUZZ_CC	?= $(shell command -v clang-14 || command -v clang)
AG_FUZZ_SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=undefined

$(AG_FUZZ_BIN): $(AG_SRCS) $(AG_DIR)/fuzz.c $(AG_HDRS)
	@mkdir -p $(@D)/libfdt
	ksrc=$$($(AG_KSRC_CMD)) && \
	for f in $(basename $(AG_LIBFDT)); do \
		$(AG_FUZZ_CC) -g -O2 $(AG_FUZZ_SAN) \
			-I$$ksrc/scripts/dtc/libfdt -c -o $(@D)/libfdt/$$f.o \
			$$ksrc/scripts/dtc/libfdt/$$f.c || exit 1; \
	done && \
	$(AG_FUZZ_CC) -g -O1 -fsanitize=fuzzer $(AG_FUZZ_SAN) -Wall -Wextra \
		-I$$ksrc/scripts/dtc/libfdt -o $@ $(AG_SRCS) $(AG_DIR)/fuzz.c \
		$(addprefix $(@D)/libfdt/,$(AG_LIBFDT:.c=.o))

fuzz: $(AG_FUZZ_BIN)
	@$(TOP)/selftests/acpi/fuzz-seed.sh $(BUILD)/fuzz/seed
	@mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/artifacts
	$(AG_FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/artifacts/ \
		$(BUILD)/fuzz/corpus $(BUILD)/fuzz/seed

# In make check: a fixed, short run that fails on any crash.
FUZZ_CI_SECONDS	?= 55

fuzz-test: $(AG_FUZZ_BIN)
	@mkdir -p $(RESULTS)
	@$(TOP)/selftests/acpi/fuzz-test.sh $(AG_FUZZ_BIN) $(BUILD)/fuzz/ci \
		$(FUZZ_CI_SECONDS) $(BUILD)/fuzz/dtb >$(RESULTS)/fuzz.tap; \
	 rc=$$?; cat $(RESULTS)/fuzz.tap; exit $$rc
