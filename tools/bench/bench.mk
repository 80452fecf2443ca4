# Benchmarks (included by the top Makefile): make bench.
#
# hvx-hostbench (tools/bench/hostbench.c) runs the host workloads in the
# test VM; tools/bench.sh drives the runs and prints the tables.

ARM64_PROGS	+= $(BUILD)/arm64/hvx-hostbench

$(BUILD)/arm64/hvx-hostbench: $(TOP)/tools/bench/hostbench.c
	@mkdir -p $(@D)
	$(ARM64_CC) -O2 -Wall -Wextra -static -o $@ $<

.PHONY: bench
bench: all
	@$(TOP)/tools/bench.sh

# hvx-vmbench (tools/bench/vmbench.c): guest round trips and VM start, in
# the test VM under hvx; its guest is vmbench-guest.S, linked in as data.
ARM64_PROGS	+= $(BUILD)/arm64/hvx-vmbench

BENCH_RUNNER	:= $(TOP)/tools/bench/guest-runner.c \
		   $(TOP)/tools/bench/vmbench-guest.S \
		   $(TOP)/tools/bench/conbench-guest.S \
		   $(TOP)/tools/bench/gic-runner.c \
		   $(TOP)/tools/bench/gicbench-guest.S \
		   $(TOP)/tools/bench/clockbench-guest.S
BENCH_RUNNER_DEPS := $(BENCH_RUNNER) $(TOP)/tools/bench/guest-runner.h \
		     $(TOP)/tools/bench/timed-loop.h \
		     $(TOP)/tools/bench/gic-runner.h \
		     $(TOP)/tools/hvxctl/hvxctl.h \
		     $(wildcard $(TOP)/include/hvx/*.h)

# Its "console" mode gives the VM its console as hvxctl run does (vm-tty.c).
VMBENCH_HVXCTL	:= $(addprefix $(TOP)/tools/hvxctl/,vm-tty.c sysfs.c dev.c)

$(BUILD)/arm64/hvx-vmbench: $(TOP)/tools/bench/vmbench.c $(BENCH_RUNNER_DEPS) \
			    $(VMBENCH_HVXCTL) $(TOP)/tools/hvxctl/vm.h \
			    $(TOP)/uapi/linux/hvx.h $(TOP)/uapi/hvx-guest.h
	@mkdir -p $(@D)
	$(ARM64_CC) -O2 -Wall -Wextra -D_GNU_SOURCE -static -I$(TOP)/uapi -I$(TOP)/include \
		-I$(TOP)/tools/hvxctl -o $@ \
		$(TOP)/tools/bench/vmbench.c $(BENCH_RUNNER) $(VMBENCH_HVXCTL) -pthread

# hvx-kvmbench (tools/bench/kvmbench.c): the same guest under KVM, in the
# test VM booted with the KVM variant of the test kernel.
ARM64_PROGS	+= $(BUILD)/arm64/hvx-kvmbench

# Its "linux" mode boots a Linux guest with hvxctl's code for the image
# and the device tree (and libfdt from the kernel source, as hvxctl).
KVMBENCH_SRCS	:= $(addprefix $(TOP)/tools/bench/,kvmbench.c kvm.c kvm-linux.c)
KVMBENCH_HVXCTL	:= $(addprefix $(TOP)/tools/hvxctl/,vm-image.c vm-fdt.c file.c)

$(BUILD)/arm64/hvx-kvmbench: $(KVMBENCH_SRCS) $(TOP)/tools/bench/kvm.h \
			     $(KVMBENCH_HVXCTL) $(TOP)/tools/hvxctl/vm.h \
			     $(TOP)/tools/hvxctl/hvxctl.h \
			     $(BENCH_RUNNER_DEPS) $(TOP)/uapi/hvx-guest.h
	@mkdir -p $(@D)
	ksrc=$$($(TOP)/tools/kernel-src.sh) && \
	$(ARM64_CC) -O2 -Wall -Wextra -D_GNU_SOURCE -static -I$(TOP)/uapi -I$(TOP)/include \
		-I$(TOP)/tools/hvxctl -I$$ksrc/scripts/dtc/libfdt -o $@ \
		$(KVMBENCH_SRCS) $(BENCH_RUNNER) $(KVMBENCH_HVXCTL) \
		$(addprefix $$ksrc/scripts/dtc/libfdt/,$(HVXCTL_LIBFDT)) \
		-pthread
