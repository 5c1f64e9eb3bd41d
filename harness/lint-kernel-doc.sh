#!/bin/bash
# kernel-doc on every .c and .h file the series changes: no complaints.
set -euo pipefail
. "$(dirname "$0")/common.sh"

cd "$tree"
bad=0 n=0
while read -r f; do
	n=$((n + 1))
	if ! err=$(scripts/kernel-doc -none "$f" 2>&1 >/dev/null) || [ -n "$err" ]; then
		echo >&2 "${err:-lint-kernel-doc: $f: kernel-doc failed}"
		bad=1
	fi
done < <(series_files '*.c' '*.h')
[ "$bad" -eq 0 ] || exit 1
echo "lint-kernel-doc: $n files clean"
