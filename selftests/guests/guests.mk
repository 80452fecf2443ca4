# Test guests (included by the top Makefile): small freestanding arm64
# programs, each a flat binary with the arm64 Image header, for hvx and for
# plain QEMU -machine virt. See selftests/guests/README.md.
#
#   make guests        build them: $(BUILD)/arm64/selftests/guests/<name>.img
#                      (the test VM has them in /usr/lib/hvx/selftests/guests)
#   make guests-test   boot them on plain QEMU: $(RESULTS)/guests.tap
#
# Objects and the ELF files (symbols, for gdb and objdump) stay out of the
# VM, in $(BUILD)/guests/.

GUESTS_SRC	:= $(TOP)/selftests/guests
GUESTS_OBJ	:= $(BUILD)/guests
GUESTS_OUT	:= $(BUILD)/arm64/selftests/guests
GUEST_NAMES	:= hello smp memory mmio mmio-nisv sysreg garbage spin probe calls echo \
		   debug vgic timer gic-hostile clock acpi vmware-rpc traced
# the text UI's console guest (selftests/lib/tui-vm.sh)
GUEST_NAMES	+= tui-echo
ARM64_GUESTS	:= $(patsubst %,$(GUESTS_OUT)/%.img,$(GUEST_NAMES))

# Listed with the other arm64 programs so `make tools` (and so `make check`)
# builds them; they live under selftests/, so they land in the VM's
# /usr/lib/hvx/selftests/guests, not /usr/bin, and run-all.sh, which only
# runs executable files at its own level, leaves them alone.
ARM64_PROGS	+= $(ARM64_GUESTS)

GUEST_LIB_SRCS	:= $(filter-out %.lds.S,\
			$(wildcard $(GUESTS_SRC)/lib/*.c $(GUESTS_SRC)/lib/*.S))
GUEST_LIB_OBJS	:= $(patsubst $(GUESTS_SRC)/lib/%,$(GUESTS_OBJ)/lib/%.o,\
			$(GUEST_LIB_SRCS))
GUEST_LDS	:= $(GUESTS_OBJ)/guest.lds

# -mstrict-align: with the MMU off all memory is Device memory, where an
# unaligned access faults. No loop-to-memset conversion: memset() itself
# is written as a loop.
GUEST_CFLAGS	:= -O2 -g -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
		   -Wmissing-prototypes -ffreestanding -fno-builtin \
		   -fno-tree-loop-distribute-patterns -nostdlib \
		   -mgeneral-regs-only -mstrict-align -fno-pie -fno-pic \
		   -fno-stack-protector -fno-asynchronous-unwind-tables \
		   -fno-unwind-tables -MMD -MP -I$(GUESTS_SRC)/lib \
		   -I$(TOP)/uapi -I$(TOP)/include
GUEST_LDFLAGS	:= -nostdlib -static -no-pie -Wl,--build-id=none \
		   -Wl,--no-warn-rwx-segments -Wl,-T,$(GUEST_LDS)
GUEST_OBJCOPY	:= $(CROSS_COMPILE)objcopy
GUEST_DEPS	:= $(GUESTS_SRC)/guests.mk $(TOP)/uapi/hvx-guest.h \
		   $(wildcard $(TOP)/include/hvx/*.h)

.PHONY: guests guests-test
guests: $(ARM64_GUESTS)

# The selftests ship the guests.
selftests: guests

$(GUESTS_OBJ)/lib/%.c.o: $(GUESTS_SRC)/lib/%.c $(GUEST_DEPS)
	@mkdir -p $(@D)
	$(ARM64_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUESTS_OBJ)/lib/%.S.o: $(GUESTS_SRC)/lib/%.S $(GUEST_DEPS)
	@mkdir -p $(@D)
	$(ARM64_CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(GUESTS_OBJ)/%.o: $(GUESTS_SRC)/%.c $(GUEST_DEPS)
	@mkdir -p $(@D)
	$(ARM64_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_LDS): $(GUESTS_SRC)/lib/guest.lds.S $(GUESTS_SRC)/lib/platform.h \
		$(GUEST_DEPS)
	@mkdir -p $(@D)
	$(ARM64_CC) -E -P -x c -D__ASSEMBLY__ -I$(GUESTS_SRC)/lib \
		-I$(TOP)/include -o $@ $<

$(GUESTS_OBJ)/%.elf: $(GUESTS_OBJ)/%.o $(GUEST_LIB_OBJS) $(GUEST_LDS)
	$(ARM64_CC) $(GUEST_LDFLAGS) -o $@ $< $(GUEST_LIB_OBJS)

# Not executable: these are images for a VMM, not programs for the VM.
$(GUESTS_OUT)/%.img: $(GUESTS_OBJ)/%.elf
	@mkdir -p $(@D)
	$(GUEST_OBJCOPY) -O binary $< $@
	@chmod 644 $@

.SECONDARY: $(GUEST_LIB_OBJS) $(patsubst %,$(GUESTS_OBJ)/%.o,$(GUEST_NAMES)) \
	    $(patsubst %,$(GUESTS_OBJ)/%.elf,$(GUEST_NAMES))

-include $(wildcard $(GUESTS_OBJ)/*.d $(GUESTS_OBJ)/lib/*.d)

# Boot each guest on plain QEMU virt and check its lines: $(RESULTS)/guests.tap
HOST_TESTS	+= guests-test

guests-test: guests
	@mkdir -p $(RESULTS)
	@$(GUESTS_SRC)/test-on-qemu.sh $(GUESTS_OUT) >$(RESULTS)/guests.tap; \
	 rc=$$?; cat $(RESULTS)/guests.tap; exit $$rc
