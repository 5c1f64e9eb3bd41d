#!/bin/sh
# /init of the 'make migrate' guest (L1: the vm-test guest kernel, TCG),
# in a busybox initramfs that harness/migrate.sh makes with QEMU 10 in it
# (binary, libraries, firmware), the L2 guest (/migrate/l2/bzImage,
# /migrate/l2/initramfs.cpio.gz, whose /init is harness/l2/l2prog.c) and
# harness/migrate-run.sh as /migrate/run.sh, which does the work (see
# there; /migrate/mode and /migrate/env are its settings).
# Reports on ttyS1: what run.sh says ("migrate: ..."), then every log
# file of its work dir between "migrate: begin file NAME" and
# "migrate: end file NAME", L1's dmesg the same way, then "migrate: done".
GUEST_TAG=migrate	# the prefix of say(), in /lib/guest.sh
. /lib/guest.sh

export PATH=/bin:/usr/bin
ifconfig lo 127.0.0.1 up 2>/dev/null || ip link set lo up
mkdir -p /tmp/m
MIGRATE_WORK=/tmp/m MIGRATE_L2=/migrate/l2 MIGRATE_TRACE_EVENTS=/migrate/trace-events \
	sh /migrate/run.sh "$(cat /migrate/mode)" /migrate/env >&3 2>&3
say "exit=$?"
for f in /tmp/m/*.log; do
	[ -f "$f" ] || continue
	say "begin file ${f##*/}"
	awk '{ sub(/\r$/, ""); print }' "$f" >&3	# a last line without \n gets one
	say "end file ${f##*/}"
done
say "begin file l1-dmesg.log"
dmesg >&3
say "end file l1-dmesg.log"
say done
sync
poweroff -f
