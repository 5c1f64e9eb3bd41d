#!/bin/bash
# The userspace test of the IOVA bitmap, tools/testing/iova_bitmap in the
# kernel tree: the real drivers/vfio/iova_bitmap.c against stand-ins for the
# kernel.  Builds it in build/utest (the tree stays clean), runs the
# differential test on UTEST_SEQS random sequences (default a million),
# split over the cores, and the libFuzzer target for UTEST_FUZZ_TIME
# seconds (default 60) or a million executions, whichever comes first.
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=$tree/tools/testing/iova_bitmap
obj=$build/utest
mkdir -p "$obj" "$out"
[ -f "$src/Makefile" ] || { echo >&2 "utest: no tools/testing/iova_bitmap in build/linux"; exit 1; }
command -v clang >/dev/null || { echo >&2 "utest: no clang for the fuzz target; run 'make deps'"; exit 1; }

fail() {
	echo >&2 "utest: FAILED: $*"
	exit 1
}

make -s -C "$src" OUTPUT="$obj/" "$obj/iova_bitmap_test" "$obj/iova_bitmap_fuzz"

# One process per core, each on its own run of seeds; logs out/utest-J.log.
jobs=$(nproc) seqs=${UTEST_SEQS:-1000000} seed=$(date +%s)
per=$(((seqs + jobs - 1) / jobs))
pids=()
for j in $(seq 0 $((jobs - 1))); do
	"$obj/iova_bitmap_test" -n "$per" -s $((seed + j * per)) \
		> "$out/utest-$j.log" 2>&1 &
	pids+=($!)
done
for j in "${!pids[@]}"; do
	log=$out/utest-$j.log
	wait "${pids[$j]}" || {
		kill "${pids[@]}" 2> /dev/null || true
		tail -n 30 "$log" >&2
		fail "differential test (out/utest-$j.log)"
	}
	tail -n 2 "$log"
done

# libFuzzer writes a crashing input into the current directory.
log=$out/utest-fuzz.log
mkdir -p "$out/fuzz"
"$obj/iova_bitmap_fuzz" -runs=1000000 -max_total_time="${UTEST_FUZZ_TIME:-60}" \
	-max_len=256 -print_final_stats=1 -artifact_prefix="$out/fuzz/" \
	> "$log" 2>&1 ||
	{ tail -n 40 "$log" >&2; fail "fuzz target (out/utest-fuzz.log, input in out/fuzz/)"; }
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "utest: fuzz target: ${runs:-?} executions, no finding"

[ -z "$(git -C "$tree" status --porcelain -- tools/testing/iova_bitmap)" ] ||
	fail "the build left files in tools/testing/iova_bitmap"
