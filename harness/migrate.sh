#!/bin/bash
# make migrate: QEMU 10 migrates a running guest live, inside the x86_64
# QEMU guest of make vm-test (L1, TCG), the tiny L2 guest running
# harness/l2/l2prog.c under QEMU 10 -accel tcg there.
#
# Builds L2's kernel (harness/configs/l2.config over tinyconfig, in
# build/l2) and its static initramfs (build/migrate/l2/), brings the guest
# kernel of make vm-test up to date (build/guest; MIGRATE_KERNEL names
# another bzImage; MIGRATE_L2_KERNEL an L2 one), stages QEMU 10 with its libraries and firmware, L2 and
# harness/vm-migrate-init.sh as /init into L1's initramfs
# (build/migrate/initramfs.cpio, not compressed: the guest unpacks it
# faster than it inflates it) and boots L1 with the host's QEMU.
#
# MIGRATE_MODE: dmalog (the default: a dmalog mdev on each side, its
# sequence writer running in L2, DMA logging traced), plain (live
# migration of L2 without a device) or boot (L2 boots, its program says
# ready: the nested boot time).  MIGRATE_L2_MEM (MiB, 128),
# MIGRATE_L2_BUF_MIB (the device's buffer at the top of L2's RAM, 8),
# MIGRATE_L2_APPEND (more of L2's command line: l2_cpu_mib=,
# l2_seq_burst=), MIGRATE_SRC_PROPS (more vfio-pci properties, e.g.
# x-device-dirty-page-tracking=off), MIGRATE_FORGET_ONE=1 (dmalog's fault
# knob), MIGRATE_DOWNTIME_MS (2000), MIGRATE_WARMUP (s before migrating,
# 5).  Bounded by MIGRATE_TIMEOUT seconds (1800).  Logs in out/migrate/:
# console.log (L1's kernel), results.log (L1's report), and the files L1
# sends back (src-*, dst-*: each QEMU's trace, QMP, L2 console and L2
# program output), summary.txt.
set -euo pipefail
. "$(dirname "$0")/common.sh"

mode=${MIGRATE_MODE:-dmalog}
case $mode in boot|plain|dmalog) ;; *) echo >&2 "migrate: MIGRATE_MODE=$mode: boot, plain or dmalog"; exit 1 ;; esac
vm=$build/migrate dir=$out/migrate
mkdir -p "$vm" "$dir"
rm -rf "${dir:?}"/*

fail() {
	echo >&2 "migrate: FAILED: $*"
	exit 1
}

v=$(qemu-system-x86_64 --version | sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p')
[ "${v:-0}" -ge 10 ] ||
	fail "the host's QEMU is $(qemu-system-x86_64 --version | head -n1); make deps installs QEMU 10 from bookworm-backports"

# L2: kernel and static initramfs.
l2kernel=${MIGRATE_L2_KERNEL:-}
if [ -z "$l2kernel" ]; then
	echo "migrate: building L2's kernel in build/l2 (log: out/migrate/l2-kernel-build.log)"
	t=$SECONDS
	l2kernel=$("$top/harness/vm-kernel.sh" "$tree" "$build/l2" "$top/harness/configs/l2.config" \
		2> "$dir/l2-kernel-build.log") || {
		tail -n 30 "$dir/l2-kernel-build.log" >&2
		fail "L2 kernel build failed"
	}
	echo "migrate: L2 kernel ready in $((SECONDS - t))s"
fi
"$top/harness/migrate-l2.sh" "$vm/l2" "$l2kernel"
l2stage=$vm/l2

# L1: the vm-test guest kernel, unless MIGRATE_KERNEL names one.
kernel=${MIGRATE_KERNEL:-}
if [ -z "$kernel" ]; then
	echo "migrate: building the guest kernel in build/guest (log: out/migrate/kernel-build.log)"
	kernel=$("$top/harness/vm-kernel.sh" "$tree" "$build/guest" 2> "$dir/kernel-build.log") || {
		tail -n 30 "$dir/kernel-build.log" >&2
		fail "guest kernel build failed"
	}
fi
[ -f "$kernel" ] || fail "no guest kernel at $kernel"
map=$(dirname "$kernel")/../../../System.map
if [ "$mode" = dmalog ] && [ -f "$map" ] && ! grep -q ' dmalog_' "$map"; then
	fail "$kernel has no dmalog sample (CONFIG_SAMPLE_VFIO_MDEV_DMALOG)"
fi
cp "$kernel" "$vm/bzImage"

# L1's initramfs: busybox, the /init, QEMU 10, L2.
stage=$vm/initramfs
guest_root "$stage" "$top/harness/vm-migrate-init.sh" migrate/l2 usr/bin
size=$("$top/harness/migrate-stage-qemu.sh" "$stage")
cp "$l2stage/bzImage" "$l2stage/initramfs.cpio.gz" "$stage/migrate/l2/"
cp "$top/harness/migrate-run.sh" "$stage/migrate/run.sh"
echo "$mode" > "$stage/migrate/mode"
# The trace events the summary reads (QEMU's log backend, -msg timestamp).
cat > "$stage/migrate/trace-events" <<'EOF'
vfio_device_dirty_tracking_start
vfio_get_dirty_bitmap
global_dirty_changed
vfio_migration_set_state
vfio_save_setup
vfio_save_cleanup
vfio_state_pending_exact
vfio_load_state_device_data
migrate_set_state
migration_bitmap_sync_start
EOF
# MIGRATE_* settings, for the init script (busybox sh) to source.
for var in MIGRATE_L2_MEM MIGRATE_L2_BUF_MIB MIGRATE_L2_APPEND MIGRATE_SRC_PROPS MIGRATE_FORGET_ONE \
	MIGRATE_DOWNTIME_MS MIGRATE_WARMUP MIGRATE_TB_MIB; do
	[ -n "${!var:-}" ] || continue
	printf "%s='%s'\n" "$var" "${!var//\'/\'\\\'\'}"
done > "$stage/migrate/env"
# Busybox's PATH is /bin; QEMU sits in /usr/bin (its data dir is found
# relative to the binary or at /usr/share/qemu).
ln -s ../usr/bin/qemu-system-x86_64 "$stage/bin/qemu-system-x86_64"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$vm/initramfs.cpio"
echo "migrate: L1 initramfs $(du -h "$vm/initramfs.cpio" | cut -f1) (QEMU staged: $size)"

echo "migrate: booting L1 (TCG; its kernel log in out/migrate/console.log), mode $mode"
timeout=${MIGRATE_TIMEOUT:-1800}
start=$SECONDS
: > "$dir/results.log"
timeout --foreground -k 10 "$timeout" \
	qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 2G \
	-display none -monitor none -no-reboot \
	-serial "file:$dir/console.log" -serial "file:$dir/results.log" \
	-kernel "$vm/bzImage" -initrd "$vm/initramfs.cpio" \
	-append "$guest_cmdline" \
	> "$dir/qemu.log" 2>&1 &
qemu=$!
trap 'kill "$qemu" 2> /dev/null || true' EXIT
# Stream L1's report (not the files it sends back at the end).
tail -n +1 -f --pid="$qemu" "$dir/results.log" |
	sed -u 's/\r$//' | awk '/^migrate: begin file/ { skip = 1 } !skip { print "  | " $0; fflush() } /^migrate: end file/ { skip = 0 }' &
tailer=$!
vm_rc=0
wait "$qemu" || vm_rc=$?
wait "$tailer" || true
sed -i 's/\r$//' "$dir/console.log" "$dir/results.log"
echo "migrate: L1 ran $((SECONDS - start))s"
# The files L1 sent back.
awk -v d="$dir" '
	/^migrate: begin file / { f = d "/" $4; printf "" > f; next }
	/^migrate: end file / { close(f); f = ""; next }
	f != "" { print >> f }' "$dir/results.log"

if [ "$vm_rc" -eq 124 ] || [ "$vm_rc" -eq 137 ]; then
	tail -n 20 "$dir/console.log" >&2
	fail "L1 timed out after ${timeout}s (MIGRATE_TIMEOUT)"
elif [ "$vm_rc" -ne 0 ]; then
	cat >&2 "$dir/qemu.log"
	fail "qemu exited with $vm_rc"
fi
grep -q '^migrate: done$' "$dir/results.log" || {
	tail -n 20 "$dir/console.log" >&2
	fail "no end marker from L1 (crash?); see out/migrate/console.log"
}
if splat=$(grep -m5 -E '^\[ *[0-9.]+\] (BUG:|WARNING:|UBSAN:|KASAN:|Oops|Kernel panic|Call Trace:|possible circular locking|.*INFO: task .* blocked)' "$dir/console.log"); then
	echo >&2 "$splat"
	fail "kernel splat in out/migrate/console.log"
fi

result=$(sed -n 's/^migrate: result: //p' "$dir/results.log")
if [ "$mode" != boot ]; then
	# The source's last query-migrate: times and bytes, as QEMU counted them.
	sed -n 's/^migrate: query-migrate: //p' "$dir/results.log" | tail -n1 |
		python3 -c '
import json, sys
try:
    r = json.loads(sys.stdin.read())["return"]
except (ValueError, KeyError):
    sys.exit(0)
ram = r.get("ram", {})
print("QEMU: migration %s in %s ms, downtime %s ms, %s dirty syncs, RAM %s bytes sent, device state %s bytes" %
      (r.get("status"), r.get("total-time"), r.get("downtime"), ram.get("dirty-sync-count"),
       ram.get("transferred"), r.get("vfio", {}).get("transferred")))' > "$dir/summary.txt"
	"$top/harness/migrate-trace.sh" "$dir/src-trace.log" "$mode" >> "$dir/summary.txt" || trace_rc=$?
	cat "$dir/summary.txt"
	[ "${trace_rc:-0}" -eq 0 ] ||
		fail "the trace of the source QEMU does not show DMA logging as it must (out/migrate/summary.txt)"
fi
case $result in
PASS*) echo "migrate: passed ($result)" ;;
"verified: "*", 0 mismatches") echo "migrate: passed ($result)" ;;
*) fail "${result:-no result line}" ;;
esac
