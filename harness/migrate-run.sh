#!/bin/sh
# The work of make migrate, in the guest of the vm-test kernel (L1, from
# harness/vm-migrate-init.sh) or, without the nesting, on the host
# (MIGRATE_MODE=boot|plain harness/migrate-run.sh ...: quick to try a
# change).  POSIX sh: busybox's in L1.
#
# Usage: migrate-run.sh MODE [ENV-FILE]
#   boot     start one QEMU (10) with L2, wait for L2's program to say it is
#            ready, quit: measures the nested boot.
#   plain    live migration of L2 without a device: source QEMU, destination
#            QEMU with -incoming, "migrate" through QMP; then "check" to the
#            L2 program on the destination, which verifies its memory.
#   dmalog   the same with a dmalog mdev on each side (instance A for the
#            source, B for the destination), -device vfio-pci,sysfsdev=...
# ENV-FILE (sourced) sets MIGRATE_* (see below); the environment names
# the dirs: MIGRATE_WORK (logs, FIFOs; made empty), MIGRATE_L2 (bzImage
# and initramfs.cpio.gz of L2), MIGRATE_TRACE_EVENTS (QEMU's -trace
# events file).  Prints "migrate: ..." lines, the last "migrate: result:
# PASS: boot", "migrate: result: verified: N pages, M mismatches" or
# "migrate: result: FAIL: why"; exits 0 only on PASS or 0 mismatches.
#
# QMP and L2's second serial port (ttyS1, the program's commands and
# results) go through FIFO pairs (QEMU's pipe chardev: NAME.in, NAME.out),
# so that nothing but busybox is needed: the vm-test kernel has no
# CONFIG_UNIX.  The migration stream goes over TCP on 127.0.0.1.
mode=$1
MIGRATE_L2_MEM=128
# The device's buffer.  The device goes on writing on the destination
# until L2 stops it for the check; at L2's default of 100 writes a second
# these 2048 pages take 20 s to go round, far longer than that, so a page
# left stale by a lost dirty bit is still stale when checked.
MIGRATE_L2_BUF_MIB=8
MIGRATE_L2_APPEND=
MIGRATE_SRC_PROPS=
MIGRATE_FORGET_ONE=0
MIGRATE_DOWNTIME_MS=2000
MIGRATE_WARMUP=5
MIGRATE_TB_MIB=64
MIGRATE_READY_TIMEOUT=600
MIGRATE_MIG_TIMEOUT=900
MIGRATE_CONVERGE_S=120
MIGRATE_CHECK_TIMEOUT=300
# shellcheck disable=SC1090 # made by harness/migrate.sh
[ -n "${2:-}" ] && [ -f "$2" ] && . "$2"
: "${MIGRATE_WORK:?}" "${MIGRATE_L2:?}" "${MIGRATE_TRACE_EVENTS:?}"
export QEMU_MODULE_DIR=/usr/lib/x86_64-linux-gnu/qemu
MIGRATE_L2=$(cd "$MIGRATE_L2" && pwd)
MIGRATE_TRACE_EVENTS=$(cd "$(dirname "$MIGRATE_TRACE_EVENTS")" && pwd)/${MIGRATE_TRACE_EVENTS##*/}
rm -rf "${MIGRATE_WORK:?}"/*
cd "$MIGRATE_WORK" || exit 1
say() { echo "migrate: $*"; }


up() { cut -d' ' -f1 /proc/uptime; }
# Seconds from $1 to $2, uptime stamps with two decimals.
since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
t_l1=$(up)
say "started at ${t_l1}s of uptime; mode $mode; QEMU: $(qemu-system-x86_64 --version 2>/dev/null | head -n1)"

# wait_for FILE REGEX SECONDS: poll FILE until a line matches.
wait_for() {
	n=0
	while ! grep -qE "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -le $(($3 * 5)) ] || return 1
		sleep 0.2
	done
}

# qmp SIDE JSON-ARGS ID: send {"execute": ...} with "id": ID to SIDE's
# QMP FIFO and wait for its answer; prints the answer line.
qmp() {
	echo "{$2, \"id\": \"$3\"}" > "$1-qmp.in"
	wait_for "$1-qmp.log" "\"id\": \"$3\"" "${4:-60}" || {
		say "QMP $1 $3: no answer"
		return 1
	}
	grep -E "\"id\": \"$3\"" "$1-qmp.log" | tail -n1
}
qn=0
qmpx() { qn=$((qn + 1)); qmp "$1" "\"execute\": \"$2\"${3:+, \"arguments\": $3}" "$1$qn" "${4:-60}"; }

# dmalog mdev instances: mdev_create UUID.
dmalog_type=/sys/class/mdev_bus/dmalog/mdev_supported_types/dmalog-dmalog
mdev_create() {
	echo "$1" > "$dmalog_type/create" || { say "cannot create mdev $1"; return 1; }
}

# start SIDE [QEMU ARGS...]: a QEMU 10 with L2, its QMP on SIDE-qmp.{in,out}
# (log SIDE-qmp.log), L2's console in SIDE-console.log, L2's ttyS1 on
# SIDE-s1.{in,out} (log SIDE-l2.log), trace in SIDE-trace.log.
start() {
	side=$1
	shift
	for f in qmp s1; do
		mkfifo "$side-$f.in" "$side-$f.out"
	done
	# shellcheck disable=SC2086 # MIGRATE_L2_APPEND is meant to be split
	qemu-system-x86_64 -accel "tcg,tb-size=$MIGRATE_TB_MIB" -machine pc -m "$MIGRATE_L2_MEM" -smp 1 \
		-nodefaults -no-user-config -display none -no-reboot \
		-chardev "pipe,id=qmp,path=$side-qmp" -mon chardev=qmp,mode=control \
		-serial "file:$side-console.log" \
		-chardev "pipe,id=s1,path=$side-s1" -serial chardev:s1 \
		-msg timestamp=on -trace "events=$MIGRATE_TRACE_EVENTS,file=$side-trace.log" \
		-kernel $MIGRATE_L2/bzImage -initrd $MIGRATE_L2/initramfs.cpio.gz \
		-append "console=ttyS0 panic=-1 $MIGRATE_L2_APPEND" \
		"$@" > "$side-qemu.log" 2>&1 &
	eval "pid_$side=$!"
	cat "$side-s1.out" > "$side-l2.log" &
	readers="$readers $!"
	cat "$side-qmp.out" > "$side-qmp.log" &
	readers="$readers $!"
	n=0
	until grep -q '"QMP"' "$side-qmp.log" 2>/dev/null; do
		if ! eval "kill -0 \$pid_$side" 2>/dev/null || [ "$n" -ge 600 ]; then
			say "$side QEMU: no QMP greeting: $(cat "$side-qemu.log")"
			return 1
		fi
		n=$((n + 1))
		sleep 0.2
	done
	qmpx "$side" qmp_capabilities > /dev/null
}

finish() {
	say "result: $1"
	for p in $pid_src $pid_dst; do kill "$p" 2>/dev/null; done
	sleep 1
	for p in $pid_src $pid_dst; do kill -9 "$p" 2>/dev/null; done
	# The FIFO readers.
	for p in $readers; do kill "$p" 2>/dev/null; done
	case $1 in
	"PASS: "*|"verified: "*", 0 mismatches") exit 0 ;;
	esac
	exit 1
}
pid_src="" pid_dst="" readers=""

src_dev="" dst_dev=""
if [ "$mode" = dmalog ]; then
	[ -d "$dmalog_type" ] || finish "FAIL: no dmalog mdev type ($dmalog_type)"
	echo "$MIGRATE_FORGET_ONE" > /sys/module/dmalog/parameters/forget_one ||
		say "cannot set dmalog forget_one"
	ua=8f3c1a52-0000-4000-8000-00000000000a
	ub=8f3c1a52-0000-4000-8000-00000000000b
	{ mdev_create "$ua" && mdev_create "$ub"; } || finish "FAIL: mdev create"
	# The device's buffer: MIGRATE_L2_BUF_MIB of L2's RAM at 4 MiB, which
	# memmap= keeps from L2's kernel (the sequence writer needs contiguous
	# IOVA).  Low in RAM, so that QEMU's first pass sends it early, and
	# later writes reach the destination only through DMA logging.
	MIGRATE_L2_APPEND="memmap=${MIGRATE_L2_BUF_MIB}M\$4M l2_buf_pa=$((4 << 20)) l2_buf_mib=$MIGRATE_L2_BUF_MIB $MIGRATE_L2_APPEND"
	src_dev="-device vfio-pci,sysfsdev=/sys/bus/mdev/devices/$ua${MIGRATE_SRC_PROPS:+,$MIGRATE_SRC_PROPS}"
	dst_dev="-device vfio-pci,sysfsdev=/sys/bus/mdev/devices/$ub${MIGRATE_SRC_PROPS:+,$MIGRATE_SRC_PROPS}"
fi

t0=$(up)
# shellcheck disable=SC2086 # src_dev is meant to be split
start src $src_dev || finish "FAIL: source QEMU did not start (src-qemu.log)"
t_qmp=$(up)
say "source QEMU answers QMP after $(since "$t0" "$t_qmp")s"
if [ "$mode" != boot ]; then
	# shellcheck disable=SC2086
	start dst $dst_dev -incoming tcp:127.0.0.1:4444 ||
		finish "FAIL: destination QEMU did not start (dst-qemu.log)"
	say "destination QEMU waits for the migration"
fi
wait_for src-l2.log '^l2: init at' "$MIGRATE_READY_TIMEOUT" ||
	finish "FAIL: L2's /init did not start within ${MIGRATE_READY_TIMEOUT}s"
t_init=$(up)
say "L2 /init reached $(since "$t0" "$t_init")s after the source QEMU started ($(sed -n 's/^l2: init at \(.*\) of uptime.*/\1/p' src-l2.log) of L2 uptime)"
wait_for src-l2.log '^l2: (ready|FAILED)' "$MIGRATE_READY_TIMEOUT" ||
	finish "FAIL: L2's program not ready within ${MIGRATE_READY_TIMEOUT}s"
grep -q '^l2: FAILED' src-l2.log && finish "FAIL: $(grep '^l2: FAILED' src-l2.log)"
t_ready=$(up)
say "L2 ready $(since "$t0" "$t_ready")s after the source QEMU started: $(grep '^l2: ready' src-l2.log)"

if [ "$mode" = boot ]; then
	qmpx src quit > /dev/null
	finish "PASS: boot"
fi

# Let L2 dirty memory (CPU and device) for a while before migrating.
sleep "${MIGRATE_WARMUP:-5}"
qmpx src migrate-set-parameters "{\"downtime-limit\": $MIGRATE_DOWNTIME_MS}" > /dev/null
t_mig=$(up)
r=$(qmpx src migrate '{"uri": "tcp:127.0.0.1:4444"}')
say "migrate: $r"
# QEMU refuses to start, e.g. a device without dirty tracking.
case $r in *'"error"'*) finish "FAIL: QEMU refused the migration: $r" ;; esac
status=
n=0
while :; do
	r=$(qmpx src query-migrate) || break
	status=$(echo "$r" | grep -o '"status": "[a-z-]*"' | head -n1 | cut -d'"' -f4)
	case $status in completed|failed|cancelled) break ;; esac
	n=$((n + 1))
	# What is tested is the data, not convergence: a slow machine gets a
	# downtime long enough to finish rather than a failure.
	if [ "$n" -eq "$MIGRATE_CONVERGE_S" ]; then
		qmpx src migrate-set-parameters '{"downtime-limit": 600000}' > /dev/null
		say "not converged after ${n}s of pre-copy: downtime limit raised to 600 s"
	fi
	[ "$n" -le "$MIGRATE_MIG_TIMEOUT" ] || break
	sleep 1
done
t_done=$(up)
say "migration $status after $(since "$t_mig" "$t_done")s"
say "query-migrate: $r"
[ "$status" = completed ] || finish "FAIL: migration $status"

wait_for dst-qmp.log '"event": "RESUME"' 60 || say "destination: no RESUME event"
say "destination: $(qmpx dst query-status)"
t_res=$(up)
echo check > dst-s1.in
wait_for dst-l2.log '^l2: done' "$MIGRATE_CHECK_TIMEOUT" ||
	finish "FAIL: no result from L2 on the destination within ${MIGRATE_CHECK_TIMEOUT}s"
say "L2 checked its memory $(since "$t_res" "$(up)")s after the check command"
v=$(grep -E '^verified: [0-9]+ pages, [0-9]+ mismatches' dst-l2.log)
qmpx dst quit > /dev/null
qmpx src quit > /dev/null
finish "${v:-FAIL: no verified line}"
