#!/bin/bash
# checkpatch --strict on every patch in patches/: no errors, warnings or
# checks.  checkpatch exits 0 on checks, so read its totals line instead.
set -euo pipefail
. "$(dirname "$0")/common.sh"

cd "$tree"
# checkpatch treats a crashing spdxcheck.py as "license valid"; make sure
# it really works here, i.e. rejects a bogus license.
if [ -z "$(echo 'SPDX-License-Identifier: Bogus-License' | scripts/spdxcheck.py - 2>&1)" ] ||
   [ -n "$(echo 'SPDX-License-Identifier: GPL-2.0-only' | scripts/spdxcheck.py - 2>&1)" ]; then
	echo >&2 "lint-checkpatch: scripts/spdxcheck.py does not work; is python3-git installed?"
	exit 1
fi

mkdir -p "$out/lint"
bad=0 n=0
while read -r p; do
	n=$((n + 1))
	log=$out/lint/checkpatch-${p%.patch}.log
	scripts/checkpatch.pl --strict --no-color "$patches/$p" > "$log" 2>&1 || true
	total=$(grep -E '^total: [0-9]+ errors, [0-9]+ warnings, [0-9]+ checks' "$log" || true)
	if [ -z "$total" ] || grep -q 'Traceback' "$log" ||
	   ! [[ $total == "total: 0 errors, 0 warnings, 0 checks"* ]]; then
		cat >&2 "$log"
		echo >&2 "lint-checkpatch: $p: ${total:-checkpatch did not finish}"
		bad=1
	fi
done < <(series_patches)
[ "$bad" -eq 0 ] || exit 1
echo "lint-checkpatch: $n patches clean"
