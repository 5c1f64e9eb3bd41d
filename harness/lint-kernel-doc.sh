#!/bin/bash
# kernel-doc on every .c and .h file the series changes: no complaint
# that the file's vanilla version did not have already.  Complaints are
# compared without line numbers, which the series shifts (kernel-doc puts
# some in a "file:N:" prefix, others in a line " on line N - ...").
set -euo pipefail
. "$(dirname "$0")/common.sh"

# kernel-doc's complaints about file $2 as of commit $1.
complaints() {
	local tmp
	tmp=$(mktemp --suffix="-${2##*/}")
	git -C "$tree" show "$1:$2" > "$tmp" 2>/dev/null || true
	scripts/kernel-doc -none "$tmp" 2>&1 >/dev/null |
		sed -e "s,$tmp:[0-9]*: ,," -e "s,^ on line [0-9]* , on line N ," | sort
	rm -f "$tmp"
}

cd "$tree"
bad=0 n=0
while read -r f; do
	n=$((n + 1))
	new=$(comm -13 <(complaints vanilla "$f") <(complaints HEAD "$f"))
	if [ -n "$new" ]; then
		sed "s,^,$f: ," <<< "$new" >&2
		bad=1
	fi
done < <(series_files '*.c' '*.h')
[ "$bad" -eq 0 ] || exit 1
echo "lint-kernel-doc: $n files, no new complaints"
