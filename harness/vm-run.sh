#!/bin/bash
# Boot kernel $1 with initramfs $2 under QEMU (TCG) and collect the guest's
# output in directory $3: console.log (ttyS0, the kernel log), results.log
# (ttyS1, what harness/vm-init.sh reports) and qemu.log.  The run is
# bounded by VM_TIMEOUT seconds; VM_APPEND adds to the kernel command line.
set -euo pipefail
. "$(dirname "$0")/common.sh"

kernel=$1 initrd=$2 dir=$3
mkdir -p "$dir"
rm -f "$dir"/{console,results,qemu}.log

cmdline="$guest_cmdline hugepages=64 kmemleak=on ${VM_APPEND:-}"
rc=0
timeout --foreground -k 10 "${VM_TIMEOUT:-900}" \
	qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 2G \
	-display none -monitor none -no-reboot \
	-serial "file:$dir/console.log" -serial "file:$dir/results.log" \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	> "$dir/qemu.log" 2>&1 || rc=$?
# The guest's tty may add carriage returns.
sed -i 's/\r$//' "$dir/console.log" "$dir/results.log"
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo >&2 "vm-run: guest timed out after ${VM_TIMEOUT:-900}s"
elif [ "$rc" -ne 0 ]; then
	echo >&2 "vm-run: qemu exited with $rc:"
	cat >&2 "$dir/qemu.log"
fi
exit "$rc"
