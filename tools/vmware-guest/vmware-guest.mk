# The Linux guest with Debian's unmodified open-vm-tools (issue #16):
# tools/vmware-guest/build-rootfs.sh builds the cpio fragment (cached in
# /var/cache/hvx by package versions), appended here to the Linux guest's
# initramfs (tools/tools.mk) with tools/vmware-guest/hvx-vmware-check and
# hvx-vmw-bench (vmw-bench.c, static) in /usr/bin (a cpio of their own). `make check` builds it (a prerequisite)
# and tools/run-vm-tests.sh adds it to the guests' boot for
# selftests/hvx_vmware_tools.sh; by hand, e.g.
#   tools/hvx-vm --add build/vmware-guest/initramfs.cpio -- hvxctl run \
#	--kernel /usr/lib/hvx/linux/Image --initrd /mnt/add/initramfs.cpio
VMWARE_GUEST_FRAG	:= $(BUILD)/vmware-guest/vmware-guest.cpio
VMWARE_GUEST_CHECK	:= $(BUILD)/vmware-guest/check.cpio
VMWARE_GUEST_INITRAMFS	:= $(BUILD)/vmware-guest/initramfs.cpio

.PHONY: vmware-guest
vmware-guest: $(VMWARE_GUEST_INITRAMFS)

$(VMWARE_GUEST_FRAG): $(TOP)/tools/vmware-guest/build-rootfs.sh \
		$(TOP)/tools/lib/debian-pkgs.sh
	$(TOP)/tools/vmware-guest/build-rootfs.sh $@ >/dev/null

VMWARE_GUEST_BENCH	:= $(BUILD)/vmware-guest/hvx-vmw-bench

$(VMWARE_GUEST_BENCH): $(TOP)/tools/vmware-guest/vmw-bench.c $(TOP)/uapi/hvx-guest.h \
		$(TOP)/include/hvx/vmware-backdoor.h
	$(ARM64_CC) -O2 -Wall -Wextra -I$(TOP)/uapi -I$(TOP)/include -static -o $@ $<

$(VMWARE_GUEST_CHECK): $(TOP)/tools/vmware-guest/hvx-vmware-check \
		$(VMWARE_GUEST_BENCH)
	@rm -rf $@.d && mkdir -p $@.d/usr/bin
	cp $^ $@.d/usr/bin/ && chmod 755 $@.d/usr/bin/*
	(cd $@.d && find usr | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >$@.tmp
	rm -rf $@.d && mv -f $@.tmp $@

$(VMWARE_GUEST_INITRAMFS): $(LINUX_GUEST_INITRAMFS) $(VMWARE_GUEST_FRAG) \
		$(VMWARE_GUEST_CHECK)
	cat $^ >$@.tmp && mv -f $@.tmp $@
	@echo "vmware-guest: $@: $$(wc -c <$@) bytes ($$(wc -c <$(VMWARE_GUEST_FRAG)) of them open-vm-tools)"
