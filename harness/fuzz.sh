#!/bin/bash
# Fuzz the IOVA bitmap for long: FUZZ_RUNS executions of the libFuzzer
# target of tools/testing/iova_bitmap (default 10 million), or until
# interrupted.  The corpus grows in build/fuzz-corpus/, across runs; a
# finding is written to out/fuzz/.
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=$tree/tools/testing/iova_bitmap
obj=$build/utest
corpus=$build/fuzz-corpus
mkdir -p "$obj" "$corpus" "$out/fuzz"
[ -f "$src/Makefile" ] || { echo >&2 "fuzz: no tools/testing/iova_bitmap in build/linux"; exit 1; }
command -v clang >/dev/null || { echo >&2 "fuzz: no clang; run 'make deps'"; exit 1; }

make -s -C "$src" OUTPUT="$obj/" "$obj/iova_bitmap_fuzz"
echo "fuzz: ${FUZZ_RUNS:-10000000} executions; corpus in build/fuzz-corpus/, findings in out/fuzz/"
exec "$obj/iova_bitmap_fuzz" -runs="${FUZZ_RUNS:-10000000}" -max_len=256 \
	-print_final_stats=1 -artifact_prefix="$out/fuzz/" "$corpus"
