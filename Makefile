# SPDX-License-Identifier: GPL-2.0
#
# zircon-linux top-level build. `make help` lists the targets.
#
# The module is built by kbuild from the root Kbuild file:
#   $(MAKE) -C $(KDIR) M=$(CURDIR) modules   ->  module/zircon.ko
# libzx and the selftests have their own Makefiles; this one only
# orchestrates them and the VM test runs.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
# Keeps the verdict ("N passed, M failed") the last line on stdout.
MAKEFLAGS += --no-print-directory
BUILD := $(CURDIR)/build

# The kselftest harness headers, taken from Debian's linux-source-6.1.
LINUX_SOURCE_TARBALL ?= /usr/src/linux-source-6.1.tar.xz
LINUX_SOURCE_TOP := linux-source-6.1
KSFT_INC := $(BUILD)/ksft
SRC_BITS := $(BUILD)/linux-source
KSFT_FILES := tools/testing/selftests/kselftest_harness.h \
	      tools/testing/selftests/kselftest.h
CHECKPATCH_FILES := scripts/checkpatch.pl scripts/spelling.txt \
		    scripts/const_structs.checkpatch

# What the module build needs, copied to build/mod-<flavour>/ for the VM
# runs so that builds against different kernels do not share objects.
MOD_SRCS := Kbuild module uapi

# The Debian 12 kernel that check, demo, bench, vm-shell and sparse use:
# 6.1 (linux-image-amd64, the default), 6.12 (linux-image-6.12-amd64) or
# 6.12-rt (linux-image-6.12-rt-amd64, PREEMPT_RT); scripts/debian-kernel.sh
# finds it, scripts/install-deps.sh installs it. The module is built in
# build/mod-$(KERNEL)/; a run on a kernel other than 6.1 writes its
# payload and console log with the kernel appended, e.g.
# build/vm-check-6.12.log (6.1 keeps build/vm-check.log).
KERNEL ?= 6.1
DEBIAN_KERNEL = $(SCRIPTS)/debian-kernel.sh -k $(KERNEL)
KSFX = $(if $(filter 6.1,$(KERNEL)),,-$(KERNEL))
# What _vm-run needs of that kernel: its image, build tree and modules.
debian_vm = VM_KERNEL=$$($(DEBIAN_KERNEL) vmlinuz) \
	MOD_KDIR=$$($(DEBIAN_KERNEL) kdir) MOD_DIRS=$$($(DEBIAN_KERNEL) modules)

# VM runs. VM_TIMEOUT is the whole VM; TEST_TIMEOUT is per test program.
CHECK_VM_TIMEOUT ?= 900
DEBUG_VM_TIMEOUT ?= 1500
CHECK_TEST_TIMEOUT ?= 300
DEBUG_TEST_TIMEOUT ?= 600
# Extra kernel modules (by name) to load in the guest before zircon.ko,
# e.g. VM_MODULES=binder_linux.
VM_MODULES ?=
# The benchmark (make bench, and its smoke run in check and check-debug)
# measures binder as a baseline. BENCH_ARGS go to zx-bench, e.g.
# BENCH_ARGS="--quick -b rt,vmo".
BENCH_MODULES := binder_linux
# Stock kernels build the RAM disk as a module: vmo_harden_test does O_DIRECT
# reads on /dev/ram0 (the debug kernel has it built in).
CHECK_MODULES := brd
BENCH_VM_TIMEOUT ?= 2400
BENCH_TEST_TIMEOUT ?= 2100
BENCH_ARGS ?=
# make bench-ab: zx-bench on the module of git revision AB_BASE (A) and on
# the working tree's (B), AB_ROUNDS alternating rounds in one VM run.
AB_BASE ?= HEAD
AB_ROUNDS ?= 3
AB_VM_TIMEOUT ?= 7200
# make bench-profile: zx-bench with BENCH_ARGS (e.g. -f "64 B + 1 handle")
# under perf record in the VM; the host's perf (PERF) is staged.
PERF ?= $(shell command -v perf)
# e.g. CHECKPATCH_FLAGS=--strict
CHECKPATCH_FLAGS ?=
# The fuzzer (selftests/zx_fuzz): seconds it runs after the tests in
# `make check` and `make check-debug` (0: not at all), and alone in
# `make fuzz` (debug kernel).  FUZZ_SEED replays; FUZZ_ARGS adds options,
# e.g. FUZZ_ARGS="--mode libzx --procs 4".
FUZZ_CHECK_SECONDS ?= 15
FUZZ_DEBUG_SECONDS ?= 150
FUZZ_SECONDS ?= 600
FUZZ_SEED ?=
FUZZ_ARGS ?=

SCRIPTS := $(CURDIR)/scripts
comma := ,

.PHONY: all module libzx selftests examples ksft-headers check check-debug bench-ab bench-profile \
	demo bench fuzz vm-shell sparse checkpatch clean help deps debug-kernel \
	_vm-run _vm-module install install-module install-lib install-udev \
	uninstall dkms-install dkms-uninstall dkms-check install-check

all: module libzx selftests

help:
	@echo 'Targets:'
	@echo '  all (default)  module (if KDIR exists), libzx, selftests'
	@echo '  module         module/zircon.ko against KDIR ($(KDIR)); C=1 runs sparse'
	@echo '  libzx          libzx/libzx.a, libzx.so, unit tests, examples'
	@echo '  selftests      the kselftest programs'
	@echo '  check          all tests in a QEMU VM on a Debian kernel (KERNEL=6.1|6.12|6.12-rt)'
	@echo '  check-debug    the same on a cached KASAN/lockdep/kmemleak kernel'
	@echo '  fuzz           the fuzzer for FUZZ_SECONDS on the debug kernel'
	@echo '  demo           the demo in a QEMU VM'
	@echo '  bench          the benchmark in a QEMU VM (build/bench.csv)'
	@echo '  bench-ab       the benchmark on AB_BASE (A) and the work tree (B), AB_ROUNDS rounds'
	@echo '  bench-profile  the benchmark (BENCH_ARGS) under perf record in the VM (build/profile.txt)'
	@echo '  vm-shell       an interactive QEMU VM with zircon.ko loaded'
	@echo '  sparse         the module through sparse (Debian headers)'
	@echo '  checkpatch     checkpatch.pl on module/ and uapi/'
	@echo '  install        module (KVER), libzx, headers, zx.pc, tools, udev rule; DESTDIR, PREFIX'
	@echo '  dkms-install   the module sources under /usr/src and dkms add/build/install'
	@echo '  dkms-check     dkms build against every installed Debian kernel (private tree)'
	@echo '  install-check  make install into a staging root; an example built with pkg-config'
	@echo '  deps           install missing Debian packages'
	@echo '  debug-kernel   build (or find) the cached debug kernel'
	@echo '  clean'
	@echo 'Install:   DESTDIR, PREFIX (/usr/local), KVER, ZX_DEV_MODE (0666), ZX_DEV_GROUP, ZX_KO'
	@echo 'Variables: KERNEL (default 6.1), KDIR, VM_ACCEL=kvm, VM_TIMEOUT, VM_MODULES, BENCH_ARGS, AB_BASE, AB_ROUNDS, V=1, C=1, ONLY,'
	@echo '           FUZZ_SECONDS, FUZZ_SEED, FUZZ_ARGS, FUZZ_CHECK_SECONDS, FUZZ_DEBUG_SECONDS'

deps:
	$(SCRIPTS)/install-deps.sh $(KERNEL)

# ---------------------------------------------------------------- module

module:
	@if [ -d "$(KDIR)" ]; then \
		$(MAKE) -C "$(KDIR)" M=$(CURDIR) modules; \
	else \
		echo "*** KDIR $(KDIR) does not exist: not building the module."; \
		echo "*** Install the headers for this kernel or pass KDIR=/path/to/kernel/build"; \
		echo "*** (make check builds against Debian's headers by itself)."; \
	fi

sparse:
	$(SCRIPTS)/install-deps.sh $(KERNEL)
	$(MAKE) _vm-module FLAVOUR=sparse$(KSFX) MOD_KDIR=$$($(DEBIAN_KERNEL) kdir) \
		MOD_ARGS="C=2"

# --------------------------------------------------- libzx and selftests

libzx:
	$(MAKE) -C libzx

examples: libzx
	$(MAKE) -C libzx examples

selftests: ksft-headers libzx
	@if [ -f selftests/Makefile ]; then \
		$(MAKE) -C selftests KSFT_INC=$(KSFT_INC); \
	else \
		echo "*** no selftests/Makefile yet"; \
	fi

ksft-headers: $(KSFT_INC)/kselftest_harness.h $(KSFT_INC)/kselftest.h

$(KSFT_INC)/%.h: $(SRC_BITS)/.extracted
	@mkdir -p $(KSFT_INC)
	cp $(SRC_BITS)/tools/testing/selftests/$*.h $@

# One pass over the tarball for everything we take from it.
$(SRC_BITS)/.extracted: | $(LINUX_SOURCE_TARBALL)
	@mkdir -p $(SRC_BITS)
	tar -xJf $(LINUX_SOURCE_TARBALL) -C $(SRC_BITS) --strip-components=1 \
		$(addprefix $(LINUX_SOURCE_TOP)/,$(KSFT_FILES) $(CHECKPATCH_FILES))
	@touch $@

$(LINUX_SOURCE_TARBALL):
	@echo "*** $@ is missing: run scripts/install-deps.sh (or apt-get install linux-source-6.1)"
	@false

checkpatch: $(SRC_BITS)/.extracted
	perl $(SRC_BITS)/scripts/checkpatch.pl --no-tree $(CHECKPATCH_FLAGS) -f \
		$(filter-out %.mod.c,$(wildcard module/*.c module/*.h uapi/linux/*.h))

# ------------------------------------------------------------- VM runs

# Lists of programs, from the sub-makes (paths relative to the repo root).
# ONLY="vmo_test vmar_test" narrows check and check-debug to those
# selftest programs (no libzx unit tests, no benchmark smoke run): for
# quick runs while working on one part; CI always runs everything.
# ONLY="install_check" (alone or with others) adds the install check.
ONLY ?=
all_selftest_progs = $(shell $(MAKE) -s --no-print-directory -C selftests print-tests KSFT_INC=$(KSFT_INC))
selftest_progs = $(if $(wildcard selftests/Makefile), \
	$(addprefix selftests/,$(if $(ONLY),$(filter $(ONLY),$(all_selftest_progs)),$(all_selftest_progs))))
libzx_test_progs = $(if $(ONLY),,$(addprefix libzx/,$(shell $(MAKE) -s --no-print-directory -C libzx print-tests)))

check:
	$(SCRIPTS)/install-deps.sh $(KERNEL)
	$(MAKE) libzx selftests examples
	$(MAKE) _vm-run MODE=check FLAVOUR=$(KERNEL) RUN_NAME=check$(KSFX) \
		$(debian_vm) \
		RUN_VM_TIMEOUT=$(or $(VM_TIMEOUT),$(CHECK_VM_TIMEOUT)) \
		RUN_TEST_TIMEOUT=$(CHECK_TEST_TIMEOUT) \
		FUZZ_RUN_SECONDS=$(FUZZ_CHECK_SECONDS)

check-debug:
	$(SCRIPTS)/install-deps.sh 6.1
	$(SCRIPTS)/build-debug-kernel.sh >/dev/null
	$(MAKE) libzx selftests examples
	d=$$($(SCRIPTS)/build-debug-kernel.sh) && \
	$(MAKE) _vm-run MODE=debug VM_KERNEL=$$d/bzImage MOD_KDIR=$$d/build \
		MOD_DIRS=$$d/modules \
		RUN_VM_TIMEOUT=$(or $(VM_TIMEOUT),$(DEBUG_VM_TIMEOUT)) \
		RUN_TEST_TIMEOUT=$(DEBUG_TEST_TIMEOUT) \
		FUZZ_RUN_SECONDS=$(FUZZ_DEBUG_SECONDS)

# The fuzzer alone on the debug kernel (same module build as check-debug).
fuzz:
	$(SCRIPTS)/install-deps.sh 6.1
	$(SCRIPTS)/build-debug-kernel.sh >/dev/null
	$(MAKE) libzx selftests
	d=$$($(SCRIPTS)/build-debug-kernel.sh) && \
	$(MAKE) _vm-run MODE=fuzz FLAVOUR=debug VM_KERNEL=$$d/bzImage \
		MOD_KDIR=$$d/build MOD_DIRS=$$d/modules \
		RUN_VM_TIMEOUT=$(or $(VM_TIMEOUT),$$(($(FUZZ_SECONDS) + 900))) \
		RUN_TEST_TIMEOUT=$$(($(FUZZ_SECONDS) + 600)) \
		FUZZ_RUN_SECONDS=$(FUZZ_SECONDS)

debug-kernel:
	$(SCRIPTS)/install-deps.sh 6.1
	$(SCRIPTS)/build-debug-kernel.sh

demo:
	$(SCRIPTS)/install-deps.sh $(KERNEL)
	$(MAKE) libzx examples
	$(MAKE) _vm-run MODE=$@ FLAVOUR=$(KERNEL) RUN_NAME=$@$(KSFX) \
		$(debian_vm) \
		RUN_VM_TIMEOUT=$(or $(VM_TIMEOUT),$(CHECK_VM_TIMEOUT)) \
		RUN_TEST_TIMEOUT=$(CHECK_TEST_TIMEOUT)

# The table ends up on stdout and in build/bench.txt, the CSV in
# build/bench.csv (Documentation/performance.rst).
bench:
	$(SCRIPTS)/install-deps.sh $(KERNEL)
	$(MAKE) libzx examples
	@rc=0; $(MAKE) _vm-run MODE=$@ FLAVOUR=$(KERNEL) RUN_NAME=$@$(KSFX) \
		$(debian_vm) \
		RUN_VM_TIMEOUT=$(or $(VM_TIMEOUT),$(BENCH_VM_TIMEOUT)) \
		RUN_TEST_TIMEOUT=$(BENCH_TEST_TIMEOUT) || rc=$$?; \
	$(SCRIPTS)/bench-report.sh $(BUILD)/vm-bench$(KSFX).log $(BUILD)/bench$(KSFX) && exit $$rc

# The base module is built from `git archive $(AB_BASE)` in build/ab-base/
# (the whole tree: older revisions built against libzx's headers); both
# modules run under the working tree's zx-bench, so A and B must speak
# the same ioctl ABI.
AB_DIR = $(BUILD)/ab-base$(KSFX)
bench-ab:
	$(SCRIPTS)/install-deps.sh $(KERNEL)
	$(MAKE) libzx examples
	rm -rf $(AB_DIR) && mkdir -p $(AB_DIR)
	git archive --format=tar $(AB_BASE) | tar -xf - -C $(AB_DIR)
	$(MAKE) -C $$($(DEBIAN_KERNEL) kdir) M=$(abspath $(AB_DIR)) modules
	@rc=0; $(MAKE) _vm-run MODE=ab FLAVOUR=$(KERNEL) RUN_NAME=bench-ab$(KSFX) \
		$(debian_vm) \
		AB_KO=$(AB_DIR)/module/zircon.ko \
		RUN_VM_TIMEOUT=$(or $(VM_TIMEOUT),$(AB_VM_TIMEOUT)) \
		RUN_TEST_TIMEOUT=$(BENCH_TEST_TIMEOUT) || rc=$$?; \
	$(SCRIPTS)/bench-ab.py $(BUILD)/vm-bench-ab$(KSFX).log $(BUILD)/bench-ab$(KSFX) && exit $$rc

# The report goes to build/profile.txt: the symbols by their own share of
# zx-bench's samples, then by their share with their callees'.
bench-profile:
	$(SCRIPTS)/install-deps.sh $(KERNEL)
	@test -n "$(PERF)" || { echo "*** no perf on this host (Debian: linux-perf)"; exit 1; }
	$(MAKE) libzx examples
	@rc=0; $(MAKE) _vm-run MODE=profile FLAVOUR=$(KERNEL) RUN_NAME=profile$(KSFX) \
		$(debian_vm) \
		RUN_VM_TIMEOUT=$(or $(VM_TIMEOUT),$(BENCH_VM_TIMEOUT)) \
		RUN_TEST_TIMEOUT=$(BENCH_TEST_TIMEOUT) || rc=$$?; \
	tr -d '\r' <$(BUILD)/vm-profile$(KSFX).log | \
		sed -n '/^ZXPROF-BEGIN$$/,/^ZXPROF-END$$/p' | \
		grep -v '^\[ *[0-9]*\.[0-9]*\]' >$(BUILD)/profile$(KSFX).txt; \
	head -n 60 $(BUILD)/profile$(KSFX).txt; \
	echo "bench-profile: report in $(BUILD)/profile$(KSFX).txt"; \
	test -s $(BUILD)/profile$(KSFX).txt && exit $$rc

# Build the module for a VM kernel in build/mod-$(FLAVOUR)/ from a copy of
# $(MOD_SRCS) without in-tree build products (tar keeps timestamps, so
# rebuilds stay incremental).
MOD_COPY_EXCLUDES := $(foreach p,*.o *.ko *.mod *.mod.c .*.cmd *.order *.symvers *.a *.so,--exclude='$(p)')
FLAVOUR ?= $(MODE)
MOD_OUT = $(BUILD)/mod-$(FLAVOUR)
# The payload (build/guest-NAME) and console log (build/vm-NAME.log).
RUN_NAME ?= $(MODE)
_vm-module:
	@test -d "$(MOD_KDIR)" || { echo "*** no kernel build tree at '$(MOD_KDIR)'"; exit 1; }
	@mkdir -p $(MOD_OUT)
	@tar -cf - $(MOD_COPY_EXCLUDES) $(MOD_SRCS) | tar -xf - -C $(MOD_OUT)
	$(MAKE) -C $(MOD_KDIR) M=$(MOD_OUT) $(MOD_ARGS) modules

# The payload: the module, the test programs, and whatever programs the
# mode needs; then boot, and judge the console log.
stage_args = -o $(BUILD)/guest-$(RUN_NAME) -m $(MODE) \
	-k $(MOD_OUT)/module/zircon.ko -T $(RUN_TEST_TIMEOUT) \
	$(if $(filter check debug,$(MODE)), \
		$(addprefix -t ,$(selftest_progs)) $(addprefix -u ,$(libzx_test_progs))) \
	$(if $(filter demo,$(MODE)),-b libzx/examples/zx-demo \
		-b libzx/examples/zx-port-server) \
	$(if $(filter check debug,$(MODE)),-b libzx/tools/zx-launch -b libzx/tools/zx-ps \
		-b libzx/examples/zx-demo) \
	$(if $(install_check),-x $(INSTALL_CHECK_OUT)/zx-demo-installed) \
	$(if $(and $(filter check debug,$(MODE)),$(if $(ONLY),,y)),-b libzx/examples/zx-bench \
		-x scripts/zx-bench-smoke.sh -x libzx/examples/zx-port-server) \
	$(if $(filter bench ab profile,$(MODE)),-b libzx/examples/zx-bench -A '$(BENCH_ARGS)') \
	$(if $(filter profile,$(MODE)),-P $(PERF)) \
	$(if $(filter ab,$(MODE)),-a $(AB_KO) -r $(AB_ROUNDS)) \
	$(if $(filter-out 0,$(FUZZ_RUN_SECONDS)),-b selftests/zx_fuzz \
		-F "--seconds $(FUZZ_RUN_SECONDS)$(if $(FUZZ_SEED), --seed $(FUZZ_SEED)) $(FUZZ_ARGS)") \
	$(addprefix -M ,$(sort $(VM_MODULES) \
		$(if $(filter check debug bench ab profile,$(MODE)),$(BENCH_MODULES)) \
		$(if $(filter check,$(MODE)),$(CHECK_MODULES)))) \
	$(addprefix -D ,$(MOD_DIRS))
# make check and check-debug first install into a staging root and build
# the demo from it with pkg-config (scripts/install-check.sh), then run that
# demo in the VM; with ONLY, only if ONLY names install_check.
install_check = $(and $(filter check debug,$(MODE)),$(if $(ONLY),$(filter install_check,$(ONLY)),y))
INSTALL_CHECK_OUT = $(BUILD)/install-check-$(RUN_NAME)
_vm-run: _vm-module
	$(if $(install_check),$(SCRIPTS)/install-check.sh -k $(MOD_OUT)/module/zircon.ko \
		-o $(INSTALL_CHECK_OUT))
	$(SCRIPTS)/stage-guest.sh $(strip $(stage_args))
	@rc=0; $(SCRIPTS)/vm-run.sh -k $(VM_KERNEL) -p $(BUILD)/guest-$(RUN_NAME) \
		-l $(BUILD)/vm-$(RUN_NAME).log -t $(RUN_VM_TIMEOUT) || rc=$$?; \
	echo "console log: $(BUILD)/vm-$(RUN_NAME).log"; \
	case "$(MODE)" in demo | bench | ab | profile) exit $$rc ;; esac; \
	tr -d '\r' <$(BUILD)/vm-$(RUN_NAME).log | grep -a '^# FUZZ' || true; \
	$(SCRIPTS)/vm-report.sh $(BUILD)/vm-$(RUN_NAME).log --vm-status $$rc

# Interactive VM (Debian kernel) with zircon.ko loaded and the test
# programs under /opt/zircon; Ctrl-A X quits QEMU.
vm-shell:
	$(SCRIPTS)/install-deps.sh $(KERNEL)
	$(MAKE) libzx selftests examples
	$(MAKE) _vm-module FLAVOUR=$(KERNEL) MOD_KDIR=$$($(DEBIAN_KERNEL) kdir)
	$(SCRIPTS)/stage-guest.sh -o $(BUILD)/guest-shell -m shell \
		-k $(BUILD)/mod-$(KERNEL)/module/zircon.ko \
		$(addprefix -t ,$(selftest_progs)) $(addprefix -u ,$(libzx_test_progs)) \
		$(if $(wildcard libzx/examples/zx-demo),-b libzx/examples/zx-demo) \
		$(if $(wildcard libzx/examples/zx-port-server),-b libzx/examples/zx-port-server) \
		$(if $(wildcard selftests/zx_fuzz),-b selftests/zx_fuzz)
	$(SCRIPTS)/vm-run.sh -k $$($(DEBIAN_KERNEL) vmlinuz) \
		-p $(BUILD)/guest-shell -l $(BUILD)/vm-shell.log

# ------------------------------------------------------------ install
#
# make install [DESTDIR=/staging] [PREFIX=/usr/local] [KVER=...]
#   the module in /lib/modules/$(KVER)/extra (then depmod, unless DESTDIR
#   is set: a package runs depmod when it is installed), libzx (headers,
#   libzx.a, libzx.so.1, zx.pc, zx-launch, zx-ps under PREFIX; see
#   libzx/Makefile) and the udev rule for /dev/zircon's mode and group.
#   ZX_KO installs an already built module instead of building it here.
# Documentation/zircon.rst, "Packaging".

PREFIX ?= /usr/local
DESTDIR ?=
MODULE_DIR ?= /lib/modules/$(KVER)/extra
UDEVRULESDIR ?= /usr/lib/udev/rules.d
# The udev rule: /dev/zircon's mode and group (none: root's).
ZX_DEV_MODE ?= 0666
ZX_DEV_GROUP ?=
ZX_KO ?=
ZX_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' $(CURDIR)/dkms.conf)
DKMS_SRC = $(DESTDIR)/usr/src/zircon-$(ZX_VERSION)

install: install-module install-lib install-udev

install-module:
	@ko="$(ZX_KO)"; \
	if [ -z "$$ko" ]; then \
		test -d "$(KDIR)" || { echo "*** KDIR $(KDIR) does not exist: pass KVER= or KDIR= (or ZX_KO=)"; exit 1; }; \
		$(MAKE) -C "$(KDIR)" M=$(CURDIR) modules || exit 1; \
		ko=module/zircon.ko; \
	fi; \
	install -D -m 0644 "$$ko" $(DESTDIR)$(MODULE_DIR)/zircon.ko
	@if [ -z "$(DESTDIR)" ]; then echo "depmod -a $(KVER)"; depmod -a $(KVER); fi

install-lib:
	$(MAKE) -C libzx install DESTDIR=$(abspath $(DESTDIR)) PREFIX=$(PREFIX)

install-udev:
	install -d $(DESTDIR)$(UDEVRULESDIR)
	sed -e 's|@MODE@|$(ZX_DEV_MODE)|' \
		-e 's|@GROUP@|$(if $(ZX_DEV_GROUP),GROUP="$(ZX_DEV_GROUP)"$(comma) )|' \
		udev/60-zircon.rules.in >$(DESTDIR)$(UDEVRULESDIR)/60-zircon.rules
	@if [ -z "$(DESTDIR)" ] && command -v udevadm >/dev/null; then \
		udevadm control --reload 2>/dev/null || true; \
		if [ -c /dev/zircon ]; then udevadm trigger --name-match=zircon 2>/dev/null || true; fi; \
	fi

uninstall:
	rm -f $(DESTDIR)$(MODULE_DIR)/zircon.ko $(DESTDIR)$(UDEVRULESDIR)/60-zircon.rules
	$(MAKE) -C libzx uninstall DESTDIR=$(abspath $(DESTDIR)) PREFIX=$(PREFIX)
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

# DKMS: the module's sources (as dkms.conf says) under /usr/src, then
# dkms add, build and install for KVER (every kernel with headers later,
# AUTOINSTALL).  With DESTDIR only the sources are copied.
dkms-install:
	install -d $(DKMS_SRC)
	tar -cf - $(MOD_COPY_EXCLUDES) $(MOD_SRCS) dkms.conf | tar -xf - -C $(DKMS_SRC)
	@if [ -z "$(DESTDIR)" ]; then \
		set -e; \
		dkms add -m zircon -v $(ZX_VERSION); \
		dkms build -m zircon -v $(ZX_VERSION) -k $(KVER); \
		dkms install -m zircon -v $(ZX_VERSION) -k $(KVER); \
	fi

dkms-uninstall:
	@if [ -z "$(DESTDIR)" ] && dkms status -m zircon -v $(ZX_VERSION) | grep -q .; then \
		dkms remove -m zircon -v $(ZX_VERSION) --all; \
	fi
	rm -rf $(DKMS_SRC)

dkms-check:
	$(SCRIPTS)/dkms-check.sh

# The installed files, and an example built against them with pkg-config
# alone; make check runs that example in the VM.
install-check:
	$(SCRIPTS)/install-deps.sh $(KERNEL)
	$(MAKE) _vm-module FLAVOUR=$(KERNEL) MOD_KDIR=$$($(DEBIAN_KERNEL) kdir)
	$(SCRIPTS)/install-check.sh -k $(BUILD)/mod-$(KERNEL)/module/zircon.ko \
		-o $(BUILD)/install-check$(KSFX)

# ---------------------------------------------------------------- clean

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C "$(KDIR)" M=$(CURDIR) clean; fi
	$(MAKE) -C libzx clean
	@if [ -f selftests/Makefile ]; then $(MAKE) -C selftests clean KSFT_INC=$(KSFT_INC); fi
	rm -rf $(BUILD)
	rm -f module/*.o module/*.ko module/*.mod module/*.mod.c module/.*.cmd \
		module/modules.order .*.cmd modules.order Module.symvers .module-common.o
