#!/bin/sh
# /init of the 'make vm-test' guest (busybox initramfs).  The console
# (ttyS0) gets the kernel log; the results go to the second serial port
# (ttyS1), each part between "vm-test: begin X" and "vm-test: end X"
# lines, and "vm-test: done" last.  harness/vm-judge.sh reads both.
GUEST_TAG=vm-test	# the prefix of say(), in /lib/guest.sh
. /lib/guest.sh
mount -t debugfs debugfs /sys/kernel/debug
mkdir -p /dev/hugepages
mount -t hugetlbfs hugetlbfs /dev/hugepages

# The built-in KUnit suites ran at boot; their results, as debugfs keeps them.
say begin kunit
for r in /sys/kernel/debug/kunit/*/results; do [ -e "$r" ] && cat "$r" >&3; done
say end kunit

# The vfio kselftests, if the series has them (list made by vm-initramfs.sh).
say selftests: $(cat /tests/list)
for t in $(cat /tests/list); do
	say begin selftest "$t"
	(cd /tests && timeout 300 "./$t") >&3 2>&1
	say end selftest "$t" exit=$?
done

# kmemleak: scan twice (new objects must age before they are reported).
say begin kmemleak
echo scan > /sys/kernel/debug/kmemleak
sleep 5
echo scan > /sys/kernel/debug/kmemleak
cat /sys/kernel/debug/kmemleak >&3
say end kmemleak

say begin dmesg
dmesg >&3
say end dmesg
say done
sync
# ACPI power off (a panic reboots, which -no-reboot makes an exit too).
poweroff -f
