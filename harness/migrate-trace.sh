#!/bin/bash
# Summary of DMA logging in trace $1 of the source QEMU of make migrate
# (QEMU 10's log backend, -msg timestamp=on: "PID@SEC.USEC:event args").
# In mode $2 = dmalog it fails unless QEMU started device DMA logging
# (vfio_device_dirty_tracking_start: VFIO_DEVICE_FEATURE_DMA_LOGGING_START)
# and queried the bitmap at least once (vfio_get_dirty_bitmap: one
# VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT per RAM section and sync).  The
# stop (global_dirty_changed to 0: DMA_LOGGING_STOP) is reported, not
# required: after a completed migration QEMU postpones it until the
# stopped source runs again, so on success it comes only with the close
# of the device when the source quits, which QEMU does not trace.
set -euo pipefail

trace=$1 mode=${2:-dmalog}
[ -f "$trace" ] || { echo "trace: no $trace"; exit 1; }
awk -v mode="$mode" '
{
	sub(/^[0-9]+@/, "")
	t = $0; sub(/:.*/, "", t)
	sub(/^[0-9.]+:/, "")
	ev = $1
}
ev == "vfio_device_dirty_tracking_start" { start++; if (!t_start) t_start = t; ranges = $0; sub(/^[^ ]* /, "", ranges) }
# A round: one sync of the dirty bitmap, the device queried for each RAM section.
ev == "migration_bitmap_sync_start" { syncs++; if (start) round[++rounds] = 0 }
ev == "vfio_get_dirty_bitmap" {
	if (start) {
		q++
		for (i = 2; i <= NF; i++) if ($i ~ /^dirty_pages=/) { d = $i; sub(/.*=/, "", d); dirty += d; round[rounds] += d }
		t_last_q = t
	} else qbefore++
}
ev == "global_dirty_changed" && start && $NF == "0x0" && !t_stop { t_stop = t }
ev == "vfio_migration_set_state" { s = $5; sub(/,$/, "", s); states = states " " s }
ev == "migrate_set_state" { mstates = mstates " " $4 }
END {
	printf "DMA logging START: %d%s\n", start, start ? " (" ranges ")" : ""
	printf "DMA logging queries (vfio_get_dirty_bitmap after START): %d in %d rounds, %d dirty pages in all; RAM bitmap syncs: %d\n", q, rounds, dirty, syncs
	per = ""
	for (r = 1; r <= rounds; r++) per = per " " round[r]
	if (rounds) print "device dirty pages per round:" per
	if (qbefore) printf "bitmap queries without device DMA logging (container tracking): %d\n", qbefore
	if (t_stop) printf "DMA logging STOP: %.3f s after START\n", t_stop - t_start
	else print "DMA logging STOP: not traced (QEMU postpones it while the source is stopped; the device close stops it)"
	if (t_last_q) printf "last query %.3f s after START\n", t_last_q - t_start
	print "vfio device states:" (states == "" ? " none" : states)
	print "migration states:" (mstates == "" ? " none" : mstates)
	if (mode == "dmalog") {
		if (!start) { print "trace: FAIL: QEMU never started device DMA logging"; exit 1 }
		if (!q) { print "trace: FAIL: QEMU never queried the DMA logging bitmap"; exit 1 }
		print "trace: ok"
	}
}' "$trace"
