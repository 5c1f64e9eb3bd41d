#!/bin/bash
# Run the IOVA bitmap benchmark (lib/iova_bitmap_benchmark.c) in UML and
# print one table of the series (after) against 6.1.192's iova_bitmap.c
# (before).  Both are in one kernel, the twin tree of common.sh (the
# series plus 6.1's file under other names, in a worktree under
# build/bench, never committed), and the benchmark times them in turns in
# the same run: the same code measures both through the four public
# functions.
#
# Then P5, the DMA logging REPORT ioctl of the dmalog sample device in
# x86_64 QEMU guests (harness/bench-guest.sh), whose rows join the table,
# as do the KUnit benchmark's rows from the twin guest's boot.
# BENCH_GUEST=0 leaves P5 out (it builds two more kernels), as does a
# series without the benchmark.
set -euo pipefail
. "$(dirname "$0")/common.sh"

# BENCH_TREE: another kernel source to measure (default build/linux), e.g.
# a worktree under build/; BENCH_ROUNDS: runs of the UML kernel (default 3).
tree=$(cd "${BENCH_TREE:-$tree}" && pwd)
bench=$build/bench
kunitconfig=$top/harness/configs/bench.kunitconfig
mkdir -p "$bench" "$out"

# Runs the benchmark of kernel source $2 (kunit.py command $3: run builds
# it first, exec does not) in build dir $1 and adds its lines to the logs
# of both sides (split_sides in common.sh).
run() {
	local name=$1 src=$2 cmd=$3 jobs=()
	echo "bench: kunit.py $cmd (UML)"
	[ "$cmd" = exec ] || jobs=(--jobs="$(nproc)")
	( cd "$src" && /usr/bin/python3 tools/testing/kunit/kunit.py "$cmd" \
		--kunitconfig="$kunitconfig" --build_dir="$bench/$name" \
		"${jobs[@]}" --make_options="${kcc[0]}" \
		--make_options="${kcc[1]}" ) > "$bench/$name.kunit.log" 2>&1 || {
		tail -n 30 "$bench/$name.kunit.log" >&2
		echo >&2 "bench: $name: kunit.py failed ($bench/$name.kunit.log)"
		exit 1
	}
	split_sides "$bench/$name/test.log" "$out/bench-after.log" \
		"$out/bench-before.log"
	# kunit.py exits 0 when a case crashes before printing its result.
	if ! grep -Eq 'Testing complete\. Ran ([0-9]+) tests: passed: \1$' \
			"$bench/$name.kunit.log"; then
		tail -n 30 "$bench/$name.kunit.log" >&2
		echo >&2 "bench: $name: not every scenario ran ($bench/$name.kunit.log)"
		exit 1
	fi
}

twin=$bench/twin-$(basename "$tree")
twin_tree "$tree" "$twin"

# bench-table.py keeps each scenario's best and the median of its medians.
rm -f "$out/bench-after.log" "$out/bench-before.log"
for ((round = 1; round <= ${BENCH_ROUNDS:-3}; round++)); do
	cmd=exec
	[ "$round" -gt 1 ] || cmd=run
	run twin "$twin" "$cmd"
done
guest=()
if [ "${BENCH_GUEST:-1}" = 0 ]; then
	echo "bench: P5 left out (BENCH_GUEST=0)"
elif [ ! -f "$tree/tools/testing/selftests/vfio/dmalog_bench.c" ]; then
	echo "bench: P5 left out: the series has no dmalog_bench.c yet"
else
	"$top/harness/bench-guest.sh" "$tree"
	guest=("$out/bench-guest-before.log" "$out/bench-guest-after.log"
	       "$out/bench-guest-before-kunit.log" "$out/bench-guest-after-kunit.log")
fi

{
	echo "IOVA bitmap benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)," \
		"$(nproc) cores; kernels: UML (ARCH=um), 4 KiB pages"
	[ "${#guest[@]}" -eq 0 ] || echo "P5 kernels: x86_64 guests under" \
		"QEMU TCG (2 vCPUs, 2 GiB), lean config; times are emulated"
	/usr/bin/python3 "$top/harness/bench-table.py" \
		"$out/bench-before.log" "$out/bench-after.log" "${guest[@]}"
} | tee "$out/bench.txt"
