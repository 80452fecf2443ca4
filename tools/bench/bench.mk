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
