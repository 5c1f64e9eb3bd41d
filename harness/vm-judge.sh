#!/bin/bash
# Judge a guest run in directory $1 (console.log, results.log from
# harness/vm-run.sh) for kernel source $2, with the vfio kselftests that
# file $3 lists (one a line; empty when there are none).  Splits
# results.log into kunit-debugfs.tap, selftest-NAME.tap, kmemleak.log and
# dmesg.log there, and fails on: no end marker (crash, hang), a KUnit
# failure, skip or crash or no iova_bitmap suite, a selftest that is
# missing, fails, skips, exits non-zero or breaks its TAP plan, and any
# kernel splat (KASAN, UBSAN, lockdep, WARN, BUG, Oops, panic, kmemleak).
set -euo pipefail
. "$(dirname "$0")/common.sh"

dir=$(cd "$1" && pwd) src=$2 list=$3
console=$dir/console.log results=$dir/results.log
bad=0
fail() {
	echo >&2 "vm-judge: FAIL: $*"
	bad=1
}

# Split results.log at its "vm-test: begin X" / "vm-test: end X" lines.
rm -f "$dir"/kunit-debugfs.tap "$dir"/selftest-*.tap "$dir"/kmemleak.log "$dir"/dmesg.log
awk -v dir="$dir" '
	/^vm-test: begin / { part = $3; if (part == "selftest") part = part "-" $4; next }
	/^vm-test: end /   { part = ""; next }
	part == "kunit"    { print > (dir "/kunit-debugfs.tap"); next }
	part == "kmemleak" || part == "dmesg" { print > (dir "/" part ".log"); next }
	part != ""         { print > (dir "/" part ".tap") }
' "$results"
touch "$dir"/{kunit-debugfs.tap,kmemleak.log,dmesg.log}

grep -qx 'vm-test: done' "$results" ||
	fail "the guest did not finish (no 'vm-test: done' in results.log): crash or hang; see the end of console.log"

# KUnit: the suites' KTAP as the kernel printed it at boot (dmesg, or the
# console when the guest died before dumping dmesg).
ktap=$dir/dmesg.log
[ -s "$ktap" ] || ktap=$console
rc=0
/usr/bin/python3 "$src/tools/testing/kunit/kunit.py" parse "$ktap" > "$dir/kunit.log" 2>&1 || rc=$?
summary=$(grep -o 'Testing complete\. Ran [0-9]* tests: .*' "$dir/kunit.log" | tail -n 1 || true)
[ "$rc" -eq 0 ] || fail "kunit.py parse exited with $rc (${dir#$top/}/kunit.log)"
[[ $summary =~ Ran\ ([0-9]+)\ tests:\ passed:\ ([0-9]+)$ ]] &&
	[ "${BASH_REMATCH[1]}" -gt 0 ] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] ||
	fail "KUnit: ${summary:-no test summary} (${dir#$top/}/kunit.log)"
strip='s/^\[ *[0-9]+\.[0-9]+\] ?//'
sed -E "$strip" "$ktap" | grep -E '^ok [0-9]+ iova_bitmap$' >/dev/null ||
	fail "KUnit: no 'ok N iova_bitmap' line: the suite did not run or did not pass"
for f in "$ktap" "$dir/kunit-debugfs.tap"; do
	! sed -E "$strip" "$f" | grep -E '^[[:space:]]*not ok [0-9]+' >/dev/null ||
		fail "KUnit: 'not ok' in ${f#$top/}"
	! sed -E "$strip" "$f" | grep -E '^[[:space:]]*ok [0-9]+.*# SKIP' >/dev/null ||
		fail "KUnit: skipped test in ${f#$top/}"
done

# kselftests: exactly those of the list, each with a clean TAP and exit 0.
want=$(tr '\n' ' ' < "$list" | sed 's/ *$//')
got=$(sed -n 's/^vm-test: selftests: *//p' "$results" | sed 's/ *$//')
[ "$got" = "$want" ] || fail "selftests: the guest has '$got', the initramfs '$want'"
for t in $want; do
	tap=$dir/selftest-$t.tap
	name=${tap#$top/}
	if ! status=$(grep -E "^vm-test: end selftest $t exit=" "$results"); then
		fail "selftest $t: did not finish"
		continue
	fi
	[ "${status##*exit=}" = 0 ] || fail "selftest $t: exit status ${status##*exit=} ($name)"
	plan=$(grep -m1 -Eo '^1\.\.[0-9]+' "$tap" | sed 's/^1\.\.//' || true)
	n=$(grep -Ec '^(not )?ok [0-9]+' "$tap" || true)
	[ -n "$plan" ] || fail "selftest $t: no TAP plan ($name)"
	[ -z "$plan" ] || [ "$plan" -gt 0 ] || fail "selftest $t: empty plan ($name)"
	[ -z "$plan" ] || [ "$plan" = "$n" ] || fail "selftest $t: plan 1..$plan but $n results ($name)"
	! grep -Eq '^[[:space:]]*not ok ' "$tap" || fail "selftest $t: 'not ok' ($name)"
	! grep -Eq '(^1\.\.0|^[[:space:]]*ok .*)# SKIP' "$tap" || fail "selftest $t: skipped test ($name)"
	! grep -Eq '^# Totals: .*(fail|skip|error):[1-9]' "$tap" || fail "selftest $t: $(grep '^# Totals:' "$tap")"
done

# Splats, at the start of a kernel message (so not in KTAP lines, which
# start with blanks, '#' or 'ok'), in the console, dmesg and kmemleak.
splat='^(\[ *[0-9]+\.[0-9]+\] )?(BUG:|WARNING:|UBSAN:|KASAN:|Oops|general protection fault|Kernel panic|Call Trace:|-+\[ cut here \]|unreferenced object|kmemleak: [0-9]+ new suspected|.*(possible circular locking|possible recursive locking|inconsistent lock state|sleeping function called from invalid context|suspicious RCU usage))'
for f in "$console" "$dir/dmesg.log" "$dir/kmemleak.log"; do
	if hits=$(grep -nE "$splat" "$f"); then
		fail "kernel splat in ${f#$top/}:"
		head -n 20 <<<"$hits" >&2
	fi
done

if [ "$bad" -ne 0 ]; then
	echo >&2 "vm-judge: logs in ${dir#$top/}/"
	exit 1
fi
echo "vm-judge: KUnit: $summary; selftests: ${want:-none}; no splats"
