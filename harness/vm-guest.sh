# Sourced by the /init of every guest of the harness (vm-init.sh,
# vm-demo-init.sh, vm-bench-init.sh), as /lib/guest.sh of the initramfs:
# busybox's applets, the file systems every guest needs, and say(), which
# reports on the second serial port (ttyS1) as "$GUEST_TAG: ...".  The
# console (ttyS0) keeps the kernel log.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp

stty -F /dev/ttyS1 raw -echo
exec 3>/dev/ttyS1
say() { echo "$GUEST_TAG: $*" >&3; }
