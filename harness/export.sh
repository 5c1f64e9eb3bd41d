#!/bin/bash
# Write the commits base..HEAD of build/linux back into patches/.
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ -d "$tree/.git" ] || { echo >&2 "export: no build/linux; run 'make tree'."; exit 1; }
if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	echo >&2 "export: build/linux has uncommitted changes; commit them first."
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$top/harness/format-patches.sh" "$tmp"

rm -f "$patches"/*.patch
cp "$tmp"/*.patch "$patches"/ 2>/dev/null || true
cp "$tmp/series" "$patches/series"
rm -rf "$synced"
cp -r "$tmp" "$synced"
echo "export: $(wc -l < "$patches/series") patches in patches/"
