#!/bin/bash
# Make the guest's initramfs $3 (a gzipped cpio) from busybox-static,
# harness/vm-init.sh as /init and the vfio kselftests of kernel source $1,
# if it has them, built statically against the headers of object dir $2.
# Optional: $4, another /init; $5, the make variable of the vfio Makefile
# that names the programs to put in /tests and /tests/list (default
# TEST_GEN_PROGS, the selftests that vm-init.sh runs).
set -euo pipefail
. "$(dirname "$0")/common.sh"

mkdir -p "$2" "$(dirname "$3")"
src=$(cd "$1" && pwd) obj=$(cd "$2" && pwd) img=$3
init=${4:-$top/harness/vm-init.sh} var=${5:-TEST_GEN_PROGS}
stage=$(dirname "$img")/initramfs
guest_root "$stage" "$init" tests

st=tools/testing/selftests
if [ -d "$src/$st/vfio" ]; then
	make -s -C "$src" O="$obj" headers_install >&2
	make -s -C "$src/$st" O="$obj" TARGETS=vfio \
		USERCFLAGS=-static USERLDFLAGS=-static >&2
	progs=$(make -s --no-print-directory -C "$src/$st/vfio" O="$obj" \
		OUTPUT="$obj/kselftest/vfio" --eval="vm-progs: ; @echo \$($var)" vm-progs)
	for p in $progs; do
		cp "$p" "$stage/tests/"
		basename "$p"
	done > "$stage/tests/list"
	echo "vm-initramfs: vfio selftests: $(tr '\n' ' ' < "$stage/tests/list")" >&2
	[ -s "$stage/tests/list" ] || { echo >&2 "vm-initramfs: $st/vfio lists no $var"; exit 1; }
else
	: > "$stage/tests/list"
	echo "vm-initramfs: no vfio selftests in the series yet ($st/vfio); KUnit only" >&2
fi
cp "$stage/tests/list" "$(dirname "$img")/selftests.list"
guest_pack "$stage" "$img"
