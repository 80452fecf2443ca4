# The Linux guest with Debian's unmodified open-vm-tools (issue #16):
# tools/vmware-guest/build-rootfs.sh builds the cpio fragment (cached in
# /var/cache/hvx by package versions), appended here to the Linux guest's
# initramfs (tools/tools.mk). Not part of `make tools` or `make check`
# yet: `make vmware-guest`, then e.g.
#   tools/hvx-vm --add build/vmware-guest/initramfs.cpio -- hvxctl run \
#	--kernel /usr/lib/hvx/linux/Image --initrd /mnt/add/initramfs.cpio
VMWARE_GUEST_FRAG	:= $(BUILD)/vmware-guest/vmware-guest.cpio
VMWARE_GUEST_INITRAMFS	:= $(BUILD)/vmware-guest/initramfs.cpio

.PHONY: vmware-guest
vmware-guest: $(VMWARE_GUEST_INITRAMFS)

$(VMWARE_GUEST_FRAG): $(TOP)/tools/vmware-guest/build-rootfs.sh
	$(TOP)/tools/vmware-guest/build-rootfs.sh $@ >/dev/null

$(VMWARE_GUEST_INITRAMFS): $(LINUX_GUEST_INITRAMFS) $(VMWARE_GUEST_FRAG)
	cat $^ >$@.tmp && mv -f $@.tmp $@
	@echo "vmware-guest: $@: $$(wc -c <$@) bytes ($$(wc -c <$(VMWARE_GUEST_FRAG)) of them open-vm-tools)"
