#!/bin/bash
# make vm-test: build the guest kernel of $VM_TREE in $VM_BUILD and the
# initramfs, boot it under QEMU, judge the logs in out/vm/.
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=${VM_TREE:-$tree} obj=${VM_BUILD:-$build/guest}
dir=$out/vm vm=$build/vm
mkdir -p "$dir" "$vm"
[ -f "$src/Makefile" ] || { echo >&2 "vm-test: no kernel tree at $src"; exit 1; }

echo "vm-test: building the guest kernel of $src in $obj (log: out/vm/kernel-build.log)"
if ! kernel=$("$top/harness/vm-kernel.sh" "$src" "$obj" 2> "$dir/kernel-build.log"); then
	tail -n 30 "$dir/kernel-build.log" >&2
	echo >&2 "vm-test: guest kernel build failed (out/vm/kernel-build.log)"
	exit 1
fi
grep >&2 '^vm-kernel:' "$dir/kernel-build.log" || true
"$top/harness/vm-initramfs.sh" "$src" "$obj" "$vm/initramfs.cpio.gz"
echo "vm-test: booting the guest (TCG; console in out/vm/console.log)"
start=$SECONDS
vm_rc=0
"$top/harness/vm-run.sh" "$kernel" "$vm/initramfs.cpio.gz" "$dir" || vm_rc=$?
echo "vm-test: guest ran $((SECONDS - start))s"
judge_rc=0
"$top/harness/vm-judge.sh" "$dir" "$src" "$vm/selftests.list" || judge_rc=$?
if [ "$vm_rc" -ne 0 ] || [ "$judge_rc" -ne 0 ]; then
	tail -n 20 "$dir/console.log" >&2
	echo >&2 "vm-test: FAILED"
	exit 1
fi
echo "vm-test: passed"
