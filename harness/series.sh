#!/bin/bash
# Write the series as mail into out/series/: a cover letter (subject and
# blurb from harness/cover-letter.txt) and vanilla..HEAD, the removal of
# the old IOVA bitmap included.  Then check that it applies to vanilla
# and gives exactly build/linux's HEAD.
set -euo pipefail
. "$(dirname "$0")/common.sh"

dir=$out/series
rm -rf "$dir"
git -C "$tree" format-patch -q --cover-letter --numbered --no-signature \
	-o "$dir" vanilla..HEAD

# The first line of cover-letter.txt is the subject, the rest the blurb.
/usr/bin/python3 - "$top/harness/cover-letter.txt" "$dir"/0000-cover-letter.patch <<'PY'
import sys
subject, _, blurb = open(sys.argv[1]).read().partition('\n')
path = sys.argv[2]
s = open(path).read()
s = s.replace('*** SUBJECT HERE ***', subject.strip(), 1)
s = s.replace('*** BLURB HERE ***', blurb.strip(), 1)
open(path, 'w').write(s)
PY

wt=$build/series-check
rm -rf "$wt"
git -C "$tree" worktree prune
git -C "$tree" worktree add -q --detach "$wt" vanilla
trap 'rm -rf "$wt"; git -C "$tree" worktree prune' EXIT
mails=("$dir"/*.patch)
git -C "$wt" am -q --committer-date-is-author-date "${mails[@]:1}"	# [0] is the cover letter
if [ "$(git -C "$wt" rev-parse HEAD^{tree})" != "$(git -C "$tree" rev-parse HEAD^{tree})" ]; then
	echo >&2 "series: out/series applied to vanilla does not give build/linux's HEAD."
	exit 1
fi
echo "series: out/series: cover letter and $((${#mails[@]} - 1)) patches, apply to vanilla"
