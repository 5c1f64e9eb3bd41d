#!/bin/bash
# Fuzz the IOVA bitmap for long: FUZZ_RUNS executions of the libFuzzer
# target of tools/testing/iova_bitmap (default 10 million), split over
# FUZZ_JOBS processes (default 1; one per core is the most that pays), or
# until interrupted.  The corpus grows in build/fuzz-corpus/, across runs;
# a finding is written to out/fuzz/, and so are the jobs' logs.
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=$tree/tools/testing/iova_bitmap
obj=$build/utest
corpus=$build/fuzz-corpus
runs=${FUZZ_RUNS:-10000000} jobs=${FUZZ_JOBS:-1}
mkdir -p "$obj" "$corpus" "$out/fuzz"
[ -f "$src/Makefile" ] || { echo >&2 "fuzz: no tools/testing/iova_bitmap in build/linux"; exit 1; }
command -v clang >/dev/null || { echo >&2 "fuzz: no clang; run 'make deps'"; exit 1; }

make -s -C "$src" OUTPUT="$obj/" "$obj/iova_bitmap_fuzz"
echo "fuzz: $runs executions in $jobs job(s); corpus in build/fuzz-corpus/, findings in out/fuzz/"
flags=(-max_len=256 -print_final_stats=1 -artifact_prefix="$out/fuzz/")
if [ "$jobs" -le 1 ]; then
	exec "$obj/iova_bitmap_fuzz" -runs="$runs" "${flags[@]}" "$corpus"
fi

# libFuzzer writes job N's output to fuzz-N.log in the current directory.
cd "$out/fuzz"
rm -f fuzz-*.log
rc=0
"$obj/iova_bitmap_fuzz" -jobs="$jobs" -workers="$jobs" \
	-runs=$(((runs + jobs - 1) / jobs)) "${flags[@]}" "$corpus" || rc=$?
total=$(sed -n 's/^stat::number_of_executed_units: *//p' fuzz-*.log |
	awk '{ n += $1 } END { print n + 0 }')
echo "fuzz: $total executions in all (logs: out/fuzz/fuzz-*.log)"
grep -h -E '^(==[0-9]+==ERROR|SUMMARY|FAIL)' fuzz-*.log || true
exit "$rc"
