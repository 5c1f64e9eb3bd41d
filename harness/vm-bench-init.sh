#!/bin/sh
# /init of the harness/bench-guest.sh guest (busybox initramfs made by
# harness/vm-initramfs.sh).  Runs each program of /tests/list (the
# benchmark) and reports on the second serial port (ttyS1): its output,
# then "vm-bench: exit=N" per program and "vm-bench: done" last.  The
# console (ttyS0) gets the kernel log.
GUEST_TAG=vm-bench	# the prefix of say(), in /lib/guest.sh
. /lib/guest.sh

say "kernel: $(uname -r), $(nproc) CPUs, $(sed -n 's/^MemTotal: *//p' /proc/meminfo)"
while read -r t; do
	(cd /tests && "./$t") >&3 2>&1
	say "$t: exit=$?"
done < /tests/list
say "done"
sync
poweroff -f
