#!/bin/sh
# /init of the 'make demo' guest (busybox initramfs, made by
# harness/demo.sh).  Runs /demo/dmalog_demo with the arguments in
# /demo/args, after setting dmalog's forget_one to /demo/forget_one, and
# reports on the second serial port (ttyS1): the demo's output, then
# "demo: exit=N" and "demo: done".  The console (ttyS0) gets the kernel log.
GUEST_TAG=demo	# the prefix of say(), in /lib/guest.sh
. /lib/guest.sh

forget=$(cat /demo/forget_one)
say "guest up; forget_one=$forget; args: $(cat /demo/args)"
if ! echo "$forget" > /sys/module/dmalog/parameters/forget_one; then
	say "cannot set /sys/module/dmalog/parameters/forget_one"
fi
# shellcheck disable=SC2046 # the arguments are meant to be split
(cd /demo && ./dmalog_demo $(cat /demo/args)) >&3 2>&3
say exit=$?
say begin dmesg
dmesg | grep -E 'dmalog|vfio|BUG:|WARNING:|KASAN|UBSAN|Call Trace' >&3
say end dmesg
say "done"
sync
poweroff -f
