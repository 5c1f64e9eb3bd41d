#!/bin/bash
# make migrate's L2 guest in directory $1: bzImage (a copy of L2 kernel
# $2, built from harness/configs/l2.config) and initramfs.cpio.gz, whose
# only file is /init: harness/l2/l2prog.c built statically (plus the
# directories it mounts on).  CFLAGS for l2prog in L2_CFLAGS, e.g.
# -DDEV_VENDOR=0x1234 -DDEV_DEVICE=0x5678.
set -euo pipefail
. "$(dirname "$0")/common.sh"

dir=$1 kernel=$2
mkdir -p "$dir"
cp "$kernel" "$dir/bzImage"
root=$dir/root
rm -rf "$root"
mkdir -p "$root"/{dev,proc,sys}
mknod "$root/dev/console" c 5 1
# shellcheck disable=SC2086 # L2_CFLAGS is meant to be split
gcc -static -O2 -Wall -Wextra ${L2_CFLAGS:-} -o "$root/init" "$top/harness/l2/l2prog.c"
strip "$root/init"
guest_pack "$root" "$dir/initramfs.cpio.gz"
