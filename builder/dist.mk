# make dist: pvappliance-VERSION.tar.gz of the committed tree (HEAD; what
# is not committed is not in it), the same bytes for the same commit: git
# archive writes the entries in tree order, owned by 0 (root), dated the
# commit's time (SOURCE_DATE_EPOCH's default), modes 0644/0755; gzip -9n
# adds no name or time. MD5SUMS and SHA256SUMS beside it, as coreutils
# writes them (md5sum -c and appliance verify read them), and
# SHA256SUMS.asc when DIST_GPG_KEY names a secret key.
#
# make distcheck, as Automake means it: unpack the tarball, build the tools
# and man pages (in an O= directory of their own), run the unit tests,
# install into a DESTDIR, uninstall; fail if uninstall leaves a file, or if
# the build wrote anything into the unpacked sources.

DIST_NAME := pvappliance-$(VERSION)
DIST_DIR := $(OUT)/dist
DIST_TARBALL := $(DIST_DIR)/$(DIST_NAME).tar.gz
DIST_GPG_KEY ?=
DISTCHECK_DIR := $(abspath $(BUILD))/distcheck

HELP += dist distcheck
HELP_dist = $(DIST_TARBALL) of HEAD, MD5SUMS, SHA256SUMS (+ .asc with DIST_GPG_KEY=)
HELP_distcheck = make dist, then build, unit-test, install and uninstall the tarball
dist:
	$(call msg,DIST,$(DIST_TARBALL))
	$(Q)git rev-parse --verify -q HEAD >/dev/null || \
		{ echo "dist: not a git checkout with a commit: make dist archives HEAD" >&2; exit 1; }
	$(Q)git diff-index --quiet HEAD -- || \
		echo "dist: warning: uncommitted changes are not in $(DIST_TARBALL)" >&2
	@mkdir -p $(DIST_DIR)
	$(Q)git -c tar.umask=022 archive --format=tar --prefix=$(DIST_NAME)/ HEAD | \
		gzip -9n >$(DIST_TARBALL).tmp
	$(Q)mv -f $(DIST_TARBALL).tmp $(DIST_TARBALL)
	$(Q)cd $(DIST_DIR) && rm -f SHA256SUMS.asc && \
		md5sum $(DIST_NAME).tar.gz >MD5SUMS.tmp && mv -f MD5SUMS.tmp MD5SUMS && \
		sha256sum $(DIST_NAME).tar.gz >SHA256SUMS.tmp && mv -f SHA256SUMS.tmp SHA256SUMS
	$(Q)if [[ -n '$(DIST_GPG_KEY)' ]]; then \
		gpg --batch --yes --local-user '$(DIST_GPG_KEY)' --armor --detach-sign \
			-o $(DIST_DIR)/SHA256SUMS.asc.tmp $(DIST_DIR)/SHA256SUMS && \
		mv -f $(DIST_DIR)/SHA256SUMS.asc.tmp $(DIST_DIR)/SHA256SUMS.asc; fi

distcheck: dist
	$(call msg,DISTCHECK,$(DISTCHECK_DIR))
	$(Q)rm -rf $(DISTCHECK_DIR) && mkdir -p $(DISTCHECK_DIR)/o $(DISTCHECK_DIR)/stage
	$(Q)tar -xzf $(DIST_TARBALL) -C $(DISTCHECK_DIR)
	$(Q)cd $(DISTCHECK_DIR) && find $(DIST_NAME) | sort >sources.before
	$(Q)$(MAKE) -C $(DISTCHECK_DIR)/$(DIST_NAME) --no-print-directory O=$(DISTCHECK_DIR)/o \
		appliance pvinit firstboot man unit
	$(Q)$(MAKE) -C $(DISTCHECK_DIR)/$(DIST_NAME) --no-print-directory O=$(DISTCHECK_DIR)/o \
		install DESTDIR=$(DISTCHECK_DIR)/stage
	$(Q)$(DISTCHECK_DIR)/stage/usr/local/bin/appliance --version
	$(Q)$(MAKE) -C $(DISTCHECK_DIR)/$(DIST_NAME) --no-print-directory O=$(DISTCHECK_DIR)/o \
		uninstall DESTDIR=$(DISTCHECK_DIR)/stage
	$(Q)cd $(DISTCHECK_DIR) && left=$$(find stage ! -type d) && if [[ -n $$left ]]; then \
		printf 'distcheck: left after make uninstall:\n%s\n' "$$left" >&2; exit 1; fi
	$(Q)cd $(DISTCHECK_DIR) && find $(DIST_NAME) | sort >sources.after && \
		if ! cmp -s sources.before sources.after; then \
		echo 'distcheck: the build wrote into the unpacked sources:' >&2; \
		diff sources.before sources.after >&2; exit 1; fi
	$(Q)rm -rf $(DISTCHECK_DIR)
	@echo '$(DIST_TARBALL) is ready for distribution'

.PHONY: dist distcheck
