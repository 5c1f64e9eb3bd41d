#!/bin/bash
# Run the KUnit tests of $KUNITCONFIG on UML.  Fail unless at least one
# test ran and every test passed: none failed, crashed, skipped or missing.
set -euo pipefail
. "$(dirname "$0")/common.sh"

: "${KUNITCONFIG:?}"
kunit_dir=$build/kunit
log=$out/kunit.log
mkdir -p "$out"

cd "$tree"
[ -e "$KUNITCONFIG" ] || { echo >&2 "kunit: no $KUNITCONFIG in build/linux"; exit 1; }

rc=0
/usr/bin/python3 tools/testing/kunit/kunit.py run \
	--kunitconfig="$KUNITCONFIG" --build_dir="$kunit_dir" --jobs="$(nproc)" \
	--make_options="${kcc[0]}" --make_options="${kcc[1]}" \
	${KUNIT_FILTER:+"$KUNIT_FILTER"} 2>&1 | tee "$log" || rc=$?
cp "$kunit_dir/test.log" "$out/kunit-tap.log" 2>/dev/null || true

fail() {
	echo >&2 "kunit: FAILED: $*"
	exit 1
}
[ "$rc" -eq 0 ] || fail "kunit.py exited with $rc"

# kunit.py's own summary, e.g. "Testing complete. Ran 5 tests: passed: 5".
summary=$(grep -o 'Testing complete\. Ran [0-9]* tests: .*' "$log" | tail -n 1 || true)
[[ $summary =~ Ran\ ([0-9]+)\ tests:\ passed:\ ([0-9]+)$ ]] &&
	[ "${BASH_REMATCH[1]}" -gt 0 ] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] ||
	fail "${summary:-no test summary} (out/kunit.log)"

# The raw TAP as well, in case the parser let something through.
tap=$out/kunit-tap.log
[ -s "$tap" ] || fail "no raw TAP output in $kunit_dir/test.log"
! grep -Eq '^[[:space:]]*not ok ' "$tap" || fail "'not ok' in out/kunit-tap.log"
! grep -Eq '^[[:space:]]*ok .*# SKIP' "$tap" || fail "skipped test in out/kunit-tap.log"
plan=$(grep -m1 -Eo '^1\.\.[0-9]+' "$tap" | sed 's/.*\.\.//' || true)
top=$(grep -Ec '^ok [0-9]+ ' "$tap" || true)
[ -n "$plan" ] && [ "$plan" -eq "$top" ] ||
	fail "TAP plan says ${plan:-nothing} suites, $top reported ok"
echo "kunit: $summary"
