# Harness for the IOVA bitmap patch series.  Each target is a script in
# harness/; see README.md.

include harness/config.mk

KUNITCONFIG ?= drivers/vfio/.kunitconfig
KUNIT_FILTER ?=
# vm-test: the kernel tree to test and its guest object dir (keep both
# under build/ for ccache hits); default build/linux and build/guest.
VM_TREE ?=
VM_BUILD ?=
export LINUX_SOURCE_VERSION KUNITCONFIG KUNIT_FILTER VM_TREE VM_BUILD

deps_stamp := build/deps-$(LINUX_SOURCE_VERSION).stamp

.PHONY: check deps tree tree-if-needed export export-check lint kunit series \
	lint-checkpatch lint-build lint-kernel-doc lint-bisect lint-docs bench vm-test utest fuzz

check: lint kunit utest vm-test migrate

deps: $(deps_stamp)
$(deps_stamp): harness/deps.sh harness/config.mk
	harness/deps.sh
	@mkdir -p build && touch $@

tree: deps
	harness/tree.sh

# For `check`: make build/linux only when there is none; otherwise test it as is.
tree-if-needed: deps
	@[ -d build/linux/.git ] || harness/tree.sh

export: deps
	harness/export.sh

export-check:
	@harness/export-check.sh

lint: lint-checkpatch lint-kernel-doc lint-docs lint-build lint-bisect

lint-checkpatch: tree-if-needed
	harness/lint-checkpatch.sh
lint-kernel-doc: tree-if-needed
	harness/lint-kernel-doc.sh
lint-docs: tree-if-needed
	harness/lint-docs.sh
lint-build: tree-if-needed
	harness/lint-build.sh
lint-bisect: tree-if-needed
	harness/lint-bisect.sh

kunit: tree-if-needed
	harness/kunit.sh

# The KUnit suites and vfio kselftests in an x86_64 QEMU guest with
# KASAN, UBSAN, lockdep and kmemleak.
vm-test: $(if $(VM_TREE),deps,tree-if-needed)
	harness/vm-test.sh

series: tree-if-needed
	harness/series.sh

utest: tree-if-needed
	harness/utest.sh

# Not part of check: a long fuzz run.
fuzz: tree-if-needed
	harness/fuzz.sh

# Not part of check: it measures, it does not test.
bench: tree-if-needed
	harness/bench.sh

# Not part of check: a live-migration pre-copy loop over DMA logging, in the
# vm-test guest.  DEMO_ARGS are dmalog_demo's options, DEMO_FORGET_ONE=1
# injects a lost dirty bit (the demo must catch it, so the target fails),
# DEMO_TREE is the kernel tree with the demo (default build/linux),
# DEMO_KERNEL the guest's bzImage (default build/guest's).
DEMO_ARGS ?=
DEMO_FORGET_ONE ?=
DEMO_TREE ?=
DEMO_KERNEL ?=
export DEMO_ARGS DEMO_FORGET_ONE DEMO_TREE DEMO_KERNEL
.PHONY: demo
demo: $(if $(DEMO_TREE),deps,tree-if-needed)
	harness/demo.sh

# QEMU 10 live-migrates a guest through dmalog's DMA logging, inside the
# vm-test guest (nested TCG); harness/migrate.sh lists the MIGRATE_*
# settings.  Logs in out/migrate/.
.PHONY: migrate
migrate: tree-if-needed
	harness/migrate.sh
