# Installing hvx, and its Debian packages (included by the top Makefile).
#
#   make install      hvx.ko into /lib/modules/<kernel>/updates/dkms (as
#                     DKMS puts it; KDIR= the kernel's build tree), and
#                     install-tools install-headers install-man
#                     install-completion; DESTDIR= stages it elsewhere
#   make install-dkms-source  the module's sources and dkms.conf into
#                     $(DESTDIR)/usr/src/hvx-<version> (what dkms builds)
#   make dist-tools   hvxctl and hvx-acpigen for the machine that runs them
#                     (DIST_CC, default the native compiler), linked with
#                     Debian's libfdt: build/dist/
#   make man          the man pages, generated from the programs' --help
#                     (tools/pkg/man-from-help.py): build/man/
#   make deb          the Debian packages hvx-dkms, hvx-dev and hvxctl,
#                     cross-built for arm64 with dpkg-buildpackage:
#                     build/deb/
#   make pkg-test     dkms add/build/install against the test kernel in a
#                     scratch tree, the packages built, checked with
#                     lintian and installed with dpkg into a scratch root,
#                     man pages against --help, bash completion:
#                     $(RESULTS)/pkg.tap (part of make check; the test VM
#                     then loads the DKMS-built module: pkg-vm in
#                     tools/run-vm-tests.sh)

PKG_VERSION	:= $(shell sed -n 's/.*HVX_VERSION_STR[[:space:]]*"\(.*\)"/\1/p' \
			$(TOP)/host/hvx.h)
DIST		:= $(BUILD)/dist
MAN_OUT		:= $(BUILD)/man
DIST_CC		?= $(HOSTCC)
DIST_LIBFDT	?= -lfdt
DIST_CFLAGS	?= -O2 -g
DIST_LDFLAGS	?=
PREFIX		?= /usr
DESTDIR		?=
# Where `make install` puts hvx.ko, below /lib/modules/<kernel>/.
INSTALL_MOD_DIR	?= updates/dkms

# The files dkms needs to build hvx.ko: Kbuild and the module's sources.
DKMS_SRC_DIRS	:= host hyp acpi-gen uapi include

HOST_TESTS	+= pkg-test

.PHONY: install install-module install-tools install-headers install-man \
	install-completion install-dkms-source dist-tools man deb pkg-test

install: install-module install-tools install-headers install-man \
	install-completion

install-module: module
	+$(KMAKE) INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		modules_install

$(DIST)/hvxctl: $(HVXCTL_DEPS)
	@mkdir -p $(@D)
	$(DIST_CC) $(HVXCTL_CFLAGS) $(DIST_CFLAGS) $(DIST_LDFLAGS) -o $@ \
		$(HVXCTL_SRCS) $(DIST_LIBFDT) $(HVXCTL_LIBS)

$(DIST)/hvx-acpigen: $(AG_SRCS) $(AG_DIR)/main.c $(AG_HDRS)
	@mkdir -p $(@D)
	$(DIST_CC) $(AG_CFLAGS) $(DIST_CFLAGS) $(DIST_LDFLAGS) -o $@ \
		$(AG_SRCS) $(AG_DIR)/main.c $(DIST_LIBFDT)

dist-tools: $(DIST)/hvxctl $(DIST)/hvx-acpigen

# The man pages come from the native build's --help, so that they say what
# the programs say (the dist build may be for another architecture).
$(MAN_OUT)/hvxctl.8: $(BUILD)/host/hvxctl $(TOP)/tools/pkg/man-from-help.py \
		$(TOP)/tools/pkg/hvxctl.man.in
	@mkdir -p $(@D)
	$(TOP)/tools/pkg/man-from-help.py --section 8 \
		--extra $(TOP)/tools/pkg/hvxctl.man.in --version $(PKG_VERSION) \
		$(BUILD)/host/hvxctl >$@.tmp && mv -f $@.tmp $@

$(MAN_OUT)/hvx-acpigen.1: $(BUILD)/host/hvx-acpigen \
		$(TOP)/tools/pkg/man-from-help.py $(TOP)/tools/pkg/hvx-acpigen.man.in
	@mkdir -p $(@D)
	$(TOP)/tools/pkg/man-from-help.py --section 1 \
		--extra $(TOP)/tools/pkg/hvx-acpigen.man.in \
		--version $(PKG_VERSION) \
		$(BUILD)/host/hvx-acpigen >$@.tmp && mv -f $@.tmp $@

man: $(MAN_OUT)/hvxctl.8 $(MAN_OUT)/hvx-acpigen.1

install-tools: dist-tools
	install -D -m 0755 $(DIST)/hvxctl $(DESTDIR)$(PREFIX)/sbin/hvxctl
	install -D -m 0755 $(DIST)/hvx-acpigen $(DESTDIR)$(PREFIX)/bin/hvx-acpigen

install-headers:
	install -D -m 0644 $(TOP)/uapi/linux/hvx.h \
		$(DESTDIR)$(PREFIX)/include/linux/hvx.h
	install -D -m 0644 $(TOP)/uapi/hvx-guest.h \
		$(DESTDIR)$(PREFIX)/include/hvx/hvx-guest.h

install-man: man
	install -D -m 0644 $(MAN_OUT)/hvxctl.8 \
		$(DESTDIR)$(PREFIX)/share/man/man8/hvxctl.8
	install -D -m 0644 $(MAN_OUT)/hvx-acpigen.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/hvx-acpigen.1

install-completion:
	install -D -m 0644 $(TOP)/tools/pkg/hvxctl.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/hvxctl

install-dkms-source:
	@d=$(DESTDIR)$(PREFIX)/src/hvx-$(PKG_VERSION); mkdir -p $$d && \
	 cd $(TOP) && cp --parents Kbuild dkms.conf $$d/ && \
	 find $(DKMS_SRC_DIRS) -type f \( -name '*.[chS]' -o -name '*.lds.S' \) \
		! -name '*.mod.c' ! -path '*/generated/*' \
		! -path 'acpi-gen/main.c' ! -path 'acpi-gen/fuzz.c' | \
		xargs cp --parents -t $$d

deb:
	$(TOP)/tools/pkg/build-deb.sh $(BUILD)/deb

pkg-test: module $(BUILD)/host/hvxctl $(BUILD)/host/hvx-acpigen
	@mkdir -p $(RESULTS)
	@$(TOP)/tools/pkg/test-pkg.sh "$$(cat $(BUILD)/kdir)" \
		$(BUILD)/pkg-test >$(RESULTS)/pkg.tap; rc=$$?; \
	 cat $(RESULTS)/pkg.tap; exit $$rc
