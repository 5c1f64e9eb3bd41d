#!/bin/bash
# Fail when build/linux holds work that patches/ (or directory $1) does
# not: uncommitted edits, or commits that 'make export' has not written
# out.  Quiet on success; it runs before every session ends.
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ -d "$tree/.git" ] || exit 0
ref=${1:-$patches}

fail() {
	echo >&2 "export-check: build/linux $*"
	exit 1
}

[ ! -d "$tree/.git/rebase-apply" ] ||
	fail "is in the middle of 'git am'; finish it ('git am --continue' or '--abort')."
git -C "$tree" merge-base --is-ancestor base HEAD ||
	fail "HEAD does not descend from the base tag."
[ -z "$(git -C "$tree" status --porcelain)" ] ||
	fail "has uncommitted changes or untracked files (git -C build/linux status)."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$top/harness/format-patches.sh" "$tmp"
series_patches "$ref" > "$tmp/series.cur"
diff -q "$tmp/series" "$tmp/series.cur" >/dev/null ||
	fail "commits base..HEAD differ from ${ref#$top/}/series; run 'make export'."
while read -r p; do
	cmp -s "$tmp/$p" "$ref/$p" ||
		fail "commit for $p differs from ${ref#$top/}/$p; run 'make export'."
done < "$tmp/series"
