# hvx selftests (included by the top Makefile).
#
# C tests are built static for arm64 with the kernel's kselftest_harness.h
# into $(BUILD)/arm64/selftests/, which the test VM has as
# /usr/lib/hvx/selftests/; the shell tests and run-all.sh are copied there,
# and the helpers the tests share (lib/) go to its lib/ folder.
# selftests/run-all.sh runs them all in the VM.

ST_SRC		:= $(TOP)/selftests
ST_OUT		:= $(BUILD)/arm64/selftests
# Recursive, so the kernel source is only unpacked when a test is compiled.
ST_KSFT		= $(shell $(TOP)/tools/kernel-src.sh)/tools/testing/selftests
# The harness is not our code: -isystem keeps its own -Wextra warnings
# (unused parameters, signed/unsigned compares in its macros) out.
ST_CFLAGS	:= -O2 -g -Wall -Wextra -Wshadow -Wformat=2 -std=gnu11 \
		   -I$(TOP)/uapi -I$(TOP)/include
ST_DEPS		:= $(TOP)/uapi/linux/hvx.h $(ST_SRC)/selftests.mk \
		   $(wildcard $(ST_SRC)/lib/*.h $(TOP)/include/hvx/*.h)

ST_C_TESTS	:= $(patsubst $(ST_SRC)/%.c,$(ST_OUT)/%,$(wildcard $(ST_SRC)/*.c))
ST_SCRIPTS	:= $(patsubst $(ST_SRC)/%,$(ST_OUT)/%,$(wildcard $(ST_SRC)/*.sh))
# lib/: helper programs from lib/*.c (but the parts of lib/vgic-vmm), and
# sourced scripts and data files
ST_VMM_PARTS	:= $(ST_SRC)/lib/vgic-vmm-clock.c
ST_LIB		:= $(patsubst $(ST_SRC)/lib/%.c,$(ST_OUT)/lib/%,\
			$(filter-out $(ST_VMM_PARTS),$(wildcard $(ST_SRC)/lib/*.c))) \
		   $(patsubst $(ST_SRC)/lib/%,$(ST_OUT)/lib/%,\
			$(wildcard $(ST_SRC)/lib/*.sh $(ST_SRC)/lib/*.awk))
# The ioctl fuzzer, built from the files of ioctl-fuzz/.
ST_FUZZ_DIR	:= $(ST_SRC)/ioctl-fuzz
ST_FUZZ		:= $(ST_OUT)/hvx_ioctl_fuzz
SELFTESTS	:= $(ST_C_TESTS) $(ST_SCRIPTS) $(ST_LIB) $(ST_FUZZ)

ARM64_PROGS	+= $(SELFTESTS)

.PHONY: selftests
selftests: $(SELFTESTS)

$(ST_OUT)/lib/%: $(ST_SRC)/lib/%.c $(ST_DEPS)
	@mkdir -p $(@D)
	$(ARM64_CC) $(ST_CFLAGS) -static -o $@ $<

$(ST_OUT)/lib/%.sh: $(ST_SRC)/lib/%.sh
	@mkdir -p $(@D)
	install -m 644 $< $@

$(ST_OUT)/lib/%.awk: $(ST_SRC)/lib/%.awk
	@mkdir -p $(@D)
	install -m 644 $< $@

$(ST_OUT)/%: $(ST_SRC)/%.c $(ST_DEPS)
	@mkdir -p $(@D)
	$(ARM64_CC) $(ST_CFLAGS) -isystem $(ST_KSFT) -static -o $@ $<

# The hostile-guest generator is three files: the test, its payload
# generator and its guests' exception harness (lib/guest_fuzz/).
ST_GFUZZ_SRC	:= $(wildcard $(ST_SRC)/lib/guest_fuzz/*.c $(ST_SRC)/lib/guest_fuzz/*.S)
$(ST_OUT)/hvx_guest_fuzz: $(ST_SRC)/hvx_guest_fuzz.c $(ST_GFUZZ_SRC) \
		$(wildcard $(ST_SRC)/lib/guest_fuzz/*.h) $(ST_DEPS)
	@mkdir -p $(@D)
	$(ARM64_CC) $(ST_CFLAGS) -static -o $@ $(filter %.c %.S,$^) -pthread

# The vGIC guests' VMM (lib/vgic-vmm, run by hvx_vgic_guests.sh,
# hvx_timer_guests.sh, hvx_gic_hostile.sh, hvx_clock_guests.sh) writes their
# device trees with the kernel source's libfdt, as hvxctl does
# (tools/tools.mk).
ST_LIBFDT	:= fdt.c fdt_sw.c fdt_strerror.c
$(ST_OUT)/lib/vgic-vmm: $(ST_SRC)/lib/vgic-vmm.c $(ST_VMM_PARTS) $(ST_DEPS)
	@mkdir -p $(@D)
	ksrc=$$($(TOP)/tools/kernel-src.sh) && \
	$(ARM64_CC) $(ST_CFLAGS) -I$$ksrc/scripts/dtc/libfdt -static -o $@ \
		$< $(ST_VMM_PARTS) \
		$(addprefix $$ksrc/scripts/dtc/libfdt/,$(ST_LIBFDT)) -pthread

$(ST_OUT)/%.sh: $(ST_SRC)/%.sh
	@mkdir -p $(@D)
	install -m 755 $< $@

# Test-only kernel modules (selftests/modules/): built against the same
# kernel as hvx.ko, into the VM's selftests/modules/.
ST_MOD_SRC	:= $(ST_SRC)/modules
ST_MODULES	:= $(ST_OUT)/modules/hvx_hostile.ko
ARM64_PROGS	+= $(ST_MODULES)

.PHONY: selftest-modules
selftest-modules: kernel
	+$(MAKE) -C "$$(cat $(BUILD)/kdir)" M=$(ST_MOD_SRC) ARCH=arm64 \
		CROSS_COMPILE=$(CROSS_COMPILE) W=1 modules

$(ST_OUT)/modules/%.ko: selftest-modules
	@mkdir -p $(@D)
	install -m 644 $(ST_MOD_SRC)/$*.ko $@

$(ST_FUZZ): $(wildcard $(ST_FUZZ_DIR)/*.c $(ST_FUZZ_DIR)/*.h) $(ST_DEPS)
	@mkdir -p $(@D)
	$(ARM64_CC) $(ST_CFLAGS) -I$(ST_SRC) -static -pthread -o $@ \
		$(wildcard $(ST_FUZZ_DIR)/*.c)
