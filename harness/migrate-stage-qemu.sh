#!/bin/bash
# Copy the host's QEMU (10, from bookworm-backports: harness/deps.sh) into
# guest root $1, at the host's paths: /usr/bin/qemu-system-x86_64, the
# shared libraries that ldd lists, the firmware a -nodefaults x86 guest
# booted with -kernel needs (/usr/share/qemu, /usr/share/seabios), and the module
# folder when there is one (QEMU_MODULE_DIR; Debian's QEMU 7.2 had TCG
# there, 10 has it built in).  Prints the size it added.
set -euo pipefail

root=$1
qemu=$(command -v qemu-system-x86_64)
mkdir -p "$root/usr/bin" "$root/usr/share/qemu"
cp "$qemu" "$root/usr/bin/qemu-system-x86_64"
# Libraries at their paths (the loader too), symlinks resolved.
ldd "$qemu" | awk '/=> \// { print $3 } /^[[:space:]]*\// { print $1 }' |
	while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
# QEMU 10 looks in /usr/share/qemu and /usr/share/seabios (7.2 had
# symlinks to SeaBIOS in the first).
for f in linuxboot_dma.bin linuxboot.bin kvmvapic.bin; do
	cp -L "/usr/share/qemu/$f" "$root/usr/share/qemu/$f"
done
mkdir -p "$root/usr/share/seabios"
cp -L /usr/share/seabios/bios-256k.bin "$root/usr/share/seabios/"
mods=/usr/lib/x86_64-linux-gnu/qemu
if ls "$mods"/accel-tcg-*.so > /dev/null 2>&1; then
	mkdir -p "$root$mods"
	cp "$mods"/accel-tcg-*.so "$root$mods/"
fi
du -sh "$root" | cut -f1
