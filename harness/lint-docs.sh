#!/bin/bash
# Render Documentation/driver-api, where the series adds its page, and
# fail on any Sphinx or kernel-doc complaint about the series' files.
# The rest of driver-api has complaints of its own in 6.1.
set -euo pipefail
. "$(dirname "$0")/common.sh"

obj=$build/docs
log=$out/lint/docs.log
mkdir -p "$out/lint"
make -C "$tree" O="$obj" -j"$(nproc)" SPHINXDIRS=driver-api htmldocs > "$log" 2>&1 || {
	tail -n 30 "$log" >&2
	echo >&2 "lint-docs: htmldocs failed (out/lint/docs.log)"
	exit 1
}

page=$obj/Documentation/output/driver-api/iova_bitmap.html
[ -s "$page" ] || { echo >&2 "lint-docs: no $page"; exit 1; }
if grep -i 'iova_bitmap' "$log" | grep -Ei 'warning|error'; then
	echo >&2 "lint-docs: complaints about the series' documentation (out/lint/docs.log)"
	exit 1
fi
echo "lint-docs: driver-api renders, no complaints about iova_bitmap"
