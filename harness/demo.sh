#!/bin/bash
# make demo: a live-migration pre-copy loop over VFIO DMA dirty logging,
# end to end, in the x86_64 QEMU guest of make vm-test.
#
# Builds dmalog_demo (tools/testing/selftests/vfio) of kernel source
# DEMO_TREE (default build/linux) statically, puts it in a busybox
# initramfs with harness/vm-demo-init.sh as /init (build/vm-demo/), boots
# the guest kernel of make vm-test (build/guest, brought up to date with
# harness/vm-kernel.sh; DEMO_KERNEL names another bzImage with the dmalog
# sample) and runs the demo with DEMO_ARGS, streaming its output.
# Fails unless the demo printed "verified: N pages, 0 mismatches" and
# exited 0.  DEMO_FORGET_ONE=1 sets dmalog's forget_one fault injection
# first: the demo must then detect the lost bit, and the target fails.
# Logs in out/demo/; the run is bounded by DEMO_TIMEOUT seconds (600).
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=${DEMO_TREE:-$tree}
src=$(cd "$src" && pwd)
args=${DEMO_ARGS:-}
forget=${DEMO_FORGET_ONE:-0}
[ "$forget" = 1 ] || forget=0
vm=$build/vm-demo dir=$out/demo obj=$build/vm-demo/obj
mkdir -p "$vm" "$dir" "$obj"
demo_dir=$src/tools/testing/selftests/vfio
[ -f "$demo_dir/dmalog_demo.c" ] ||
	{ echo >&2 "demo: no $demo_dir/dmalog_demo.c (DEMO_TREE=$src)"; exit 1; }

# The guest kernel of make vm-test, brought up to date with build/linux
# (incremental: quick when nothing changed), unless DEMO_KERNEL names one.
kernel=${DEMO_KERNEL:-}
if [ -z "$kernel" ]; then
	echo "demo: building the guest kernel in build/guest (log: out/demo/kernel-build.log)"
	if ! kernel=$("$top/harness/vm-kernel.sh" "$tree" "$build/guest" 2> "$dir/kernel-build.log"); then
		tail -n 30 "$dir/kernel-build.log" >&2
		echo >&2 "demo: guest kernel build failed (out/demo/kernel-build.log)"
		exit 1
	fi
fi
[ -f "$kernel" ] || { echo >&2 "demo: no guest kernel at $kernel"; exit 1; }
# Its System.map, when it is in a kernel object dir, tells whether it has
# the dmalog sample (a guest kernel built before the sample's patch has not).
map=$(dirname "$kernel")/../../../System.map
if [ -f "$map" ] && ! grep -q ' dmalog_' "$map"; then
	echo >&2 "demo: $kernel has no dmalog sample (CONFIG_SAMPLE_VFIO_MDEV_DMALOG);" \
		"rebuild it (make vm-test) or name another with DEMO_KERNEL=<bzImage>"
	exit 1
fi
# A copy, so that a make vm-test relinking it meanwhile does not matter.
cp "$kernel" "$vm/bzImage"

echo "demo: building dmalog_demo of $src (log: out/demo/build.log)"
if ! {
	make -s -C "$src" O="$obj" headers_install &&
	make -s -C "$src/tools/testing/selftests" O="$obj" TARGETS=vfio \
		USERCFLAGS=-static USERLDFLAGS=-static
} > "$dir/build.log" 2>&1; then
	tail -n 30 "$dir/build.log" >&2
	echo >&2 "demo: building dmalog_demo failed (out/demo/build.log)"
	exit 1
fi
bin=$obj/kselftest/vfio/dmalog_demo
[ -x "$bin" ] || { echo >&2 "demo: $bin was not built"; exit 1; }

stage=$vm/initramfs
guest_root "$stage" "$top/harness/vm-demo-init.sh" demo
cp "$bin" "$stage/demo/"
printf '%s\n' "$args" > "$stage/demo/args"
echo "$forget" > "$stage/demo/forget_one"
guest_pack "$stage" "$vm/initramfs.cpio.gz"

echo "demo: booting the guest (TCG; kernel log in out/demo/console.log)," \
	"DEMO_ARGS='$args' DEMO_FORGET_ONE=$forget"
rm -f "$dir"/{console,demo,qemu}.log
: > "$dir/demo.log"
timeout=${DEMO_TIMEOUT:-600}
start=$SECONDS
timeout --foreground -k 10 "$timeout" \
	qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 2G \
	-display none -monitor none -no-reboot \
	-serial "file:$dir/console.log" -serial "file:$dir/demo.log" \
	-kernel "$vm/bzImage" -initrd "$vm/initramfs.cpio.gz" \
	-append "$guest_cmdline" \
	> "$dir/qemu.log" 2>&1 &
qemu=$!
trap 'kill "$qemu" 2> /dev/null || true' EXIT
# Stream the demo's output as the guest writes it.
tail -n +1 -f --pid="$qemu" "$dir/demo.log" | sed -u 's/\r$//; s/^/  | /' &
tailer=$!
vm_rc=0
wait "$qemu" || vm_rc=$?
wait "$tailer" || true
sed -i 's/\r$//' "$dir/console.log" "$dir/demo.log"
echo "demo: guest ran $((SECONDS - start))s"

fail() {
	echo >&2 "demo: FAILED: $*"
	exit 1
}
if [ "$vm_rc" -eq 124 ] || [ "$vm_rc" -eq 137 ]; then
	tail -n 20 "$dir/console.log" >&2
	fail "guest timed out after ${timeout}s (DEMO_TIMEOUT)"
elif [ "$vm_rc" -ne 0 ]; then
	cat >&2 "$dir/qemu.log"
	fail "qemu exited with $vm_rc"
fi
grep -q '^demo: done$' "$dir/demo.log" || {
	tail -n 20 "$dir/console.log" >&2
	fail "no end marker from the guest (crash?); see out/demo/console.log"
}
# A kernel splat fails the demo too (the guest has KASAN, UBSAN, lockdep).
if splat=$(grep -m5 -E '^\[ *[0-9.]+\] (BUG:|WARNING:|UBSAN:|KASAN:|Oops|Kernel panic|Call Trace:|possible circular locking|.*INFO: task .* blocked)' "$dir/console.log"); then
	echo >&2 "$splat"
	fail "kernel splat in out/demo/console.log"
fi
exit_line=$(grep -m1 '^demo: exit=' "$dir/demo.log" || true)
demo_rc=${exit_line#demo: exit=}
verified=$(grep -E '^verified: [0-9]+ pages, [0-9]+ mismatches$' "$dir/demo.log" || true)
mismatches=$(sed -nE 's/^verified: [0-9]+ pages, ([0-9]+) mismatches$/\1/p' <<< "$verified")

if [ "$forget" = 1 ]; then
	if [ -n "$mismatches" ] && [ "$mismatches" -gt 0 ] && [ "$demo_rc" != 0 ]; then
		echo >&2 "demo: forget_one=1: the lost bit was detected ($mismatches mismatches, demo exit $demo_rc)"
		fail "the demo failed, as it must with forget_one=1"
	fi
	fail "forget_one=1, yet the demo did not report a mismatch and fail (exit ${demo_rc:-?}): the lost bit went unnoticed"
fi
[ "$demo_rc" = 0 ] || fail "dmalog_demo exited with ${demo_rc:-?}"
[ "$mismatches" = 0 ] || fail "no 'verified: N pages, 0 mismatches' line"
echo "demo: passed ($verified)"
