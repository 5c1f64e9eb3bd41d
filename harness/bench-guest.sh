#!/bin/bash
# P5 of make bench: time VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT on the
# dmalog sample device, with tools/testing/selftests/vfio/dmalog_bench.c
# in the x86_64 QEMU guest (TCG), on two kernels:
#
#   after   the twin tree (twin_tree in common.sh) of kernel source $1
#           (default build/linux): the series, plus 6.1's IOVA bitmap
#           under other names for the KUnit benchmark
#   before  the same source with 6.1's IOVA bitmap put back (before_tree in
#           common.sh), in build/bench/before-<name of $1>
#
# The guests are lean (harness/configs/bench-guest.config): on the
# KASAN/lockdep guest of make vm-test a benchmark would time the checkers.
# Object dirs, initramfs and guest logs are in build/bench/{guest,vm}-NAME;
# the benchmark's output is left in out/bench-guest-NAME.log.  The KUnit
# benchmark (lib/iova_bitmap_benchmark.c, built in, run at boot, so with
# GUP-fast) runs in the after guest only, where it times both sides in
# the same boot; its rows go to out/bench-guest-{after,before}-kunit.log.
# The two guests boot BENCH_GUEST_ROUNDS times each (default 2), taking
# turns, since emulated time drifts from one boot to the next; the logs
# hold every boot and harness/bench-table.py keeps the best.  Fails when a
# guest does not finish or prints no result; wrong bits do not fail it
# (harness/bench-table.py reports them).
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=$(cd "${1:-$tree}" && pwd)
bench=$build/bench
frag=$top/harness/configs/bench-guest.config
mkdir -p "$bench" "$out"
[ -f "$src/tools/testing/selftests/vfio/dmalog_bench.c" ] ||
	{ echo >&2 "bench-guest: $src has no dmalog_bench.c"; exit 1; }

# Builds and boots the guest of kernel source $2 as $1, adding what it
# reported to the logs in out/; $3 adds to the kernel command line.
run() {
	local name=$1 src=$2 obj=$bench/guest-$1 vm=$bench/vm-$1 kernel
	mkdir -p "$vm"
	echo "bench-guest: $name: building the guest kernel of $src" \
		"(log: ${vm#"$top"/}/build.log)"
	if ! kernel=$("$top/harness/vm-kernel.sh" "$src" "$obj" "$frag" 2> "$vm/build.log") ||
	   ! "$top/harness/vm-initramfs.sh" "$src" "$obj" "$vm/initramfs.cpio.gz" \
		"$top/harness/vm-bench-init.sh" TEST_GEN_PROGS_EXTENDED 2>> "$vm/build.log"; then
		tail -n 30 "$vm/build.log" >&2
		echo >&2 "bench-guest: $name: build failed (${vm#"$top"/}/build.log)"
		exit 1
	fi
	echo "bench-guest: $name: booting the guest (TCG)"
	local start=$SECONDS
	VM_TIMEOUT=${BENCH_GUEST_TIMEOUT:-1800} VM_APPEND=${3:-} \
		"$top/harness/vm-run.sh" "$kernel" "$vm/initramfs.cpio.gz" "$vm" || true
	echo "bench-guest: $name: guest ran $((SECONDS - start))s"
	[ -f "$vm/results.log" ] || { echo >&2 "bench-guest: $name: QEMU did not run"; exit 1; }
	cat "$vm/results.log" >> "$out/bench-guest-$name.log"
	[ "$name" = before ] || split_sides "$vm/console.log" \
		"$out/bench-guest-after-kunit.log" "$out/bench-guest-before-kunit.log"
	# A splat taints the numbers even if the guest finished.
	grep -E '\] (BUG:|WARNING:|Oops|Kernel panic)' "$vm/console.log" >&2 &&
		echo >&2 "bench-guest: $name: kernel splat in ${vm#"$top"/}/console.log"
	# The after guest also ran the KUnit benchmark, 6.1's side included.
	local kunit=true
	[ "$name" = before ] || grep -aq 'bench-6\.1: ' "$vm/console.log" ||
		kunit=false
	if ! grep -qx 'vm-bench: done' "$vm/results.log" ||
	   ! grep -q '^bench: ' "$vm/results.log" || ! $kunit; then
		tail -n 20 "$vm/console.log" "$vm/results.log" >&2
		echo >&2 "bench-guest: $name: no result (${vm#"$top"/}/)"
		exit 1
	fi
}

twin=$bench/twin-$(basename "$src")
before=$bench/before-$(basename "$src")
twin_tree "$src" "$twin"
before_tree "$src" "$before"
# BENCH_GUEST_ONLY=after|before builds and runs one of the two.
only=${BENCH_GUEST_ONLY:-}
[ "$only" = before ] ||
	rm -f "$out"/bench-guest-{after,after-kunit,before-kunit}.log
[ "$only" = after ] || rm -f "$out"/bench-guest-before.log
for ((round = 1; round <= ${BENCH_GUEST_ROUNDS:-2}; round++)); do
	[ "$only" = before ] || run after "$twin"
	# No suite matches the glob: the KUnit benchmark ran in the twin.
	[ "$only" = after ] || run before "$before" kunit.filter_glob=none
done
