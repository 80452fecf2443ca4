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
		   -I$(TOP)/uapi
ST_DEPS		:= $(TOP)/uapi/linux/hvx.h $(ST_SRC)/selftests.mk \
		   $(wildcard $(ST_SRC)/lib/*.h)

ST_C_TESTS	:= $(patsubst $(ST_SRC)/%.c,$(ST_OUT)/%,$(wildcard $(ST_SRC)/*.c))
ST_SCRIPTS	:= $(patsubst $(ST_SRC)/%,$(ST_OUT)/%,$(wildcard $(ST_SRC)/*.sh))
# lib/: helper programs from lib/*.c, and sourced scripts and data files
ST_LIB		:= $(patsubst $(ST_SRC)/lib/%.c,$(ST_OUT)/lib/%,$(wildcard $(ST_SRC)/lib/*.c)) \
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

$(ST_OUT)/%.sh: $(ST_SRC)/%.sh
	@mkdir -p $(@D)
	install -m 755 $< $@

$(ST_FUZZ): $(wildcard $(ST_FUZZ_DIR)/*.c $(ST_FUZZ_DIR)/*.h) $(ST_DEPS)
	@mkdir -p $(@D)
	$(ARM64_CC) $(ST_CFLAGS) -I$(ST_SRC) -static -pthread -o $@ \
		$(wildcard $(ST_FUZZ_DIR)/*.c)
