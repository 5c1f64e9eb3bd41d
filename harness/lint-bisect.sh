#!/bin/bash
# Every commit of the series builds on its own: for x86 with the lint
# config (the directories the series touches) and the KUnit UML kernel.
# The base commit is left out; it removes the IOVA bitmap and is known
# not to build VFIO.
set -euo pipefail
. "$(dirname "$0")/common.sh"

: "${KUNITCONFIG:?}"
if series_empty; then
	echo "lint-bisect: no patches on base, nothing to build."
	exit 0
fi

wt=$build/bisect
logs=$out/lint
mkdir -p "$wt" "$logs"
# The kunitconfig as of HEAD, for every commit: earlier ones may lack it.
kunitconfig=$tree/$KUNITCONFIG
[ ! -d "$kunitconfig" ] || kunitconfig=$kunitconfig/.kunitconfig
[ -f "$kunitconfig" ] || { echo >&2 "lint-bisect: no $KUNITCONFIG in build/linux"; exit 1; }
cp "$kunitconfig" "$wt/kunitconfig"
mapfile -t dirs < <(build_dirs)

n=0
for c in $(git -C "$tree" rev-list --reverse base..HEAD); do
	n=$((n + 1))
	subject=$(git -C "$tree" log -1 --format=%s "$c")
	echo "lint-bisect: $n: $subject"
	worktree_at "$wt/linux" "$c"
	log=$logs/bisect-$n.log
	if ! { "$top/harness/x86-build.sh" "$wt/linux" "$wt/x86" "${dirs[@]}" &&
	       "$top/harness/um-build.sh" "$wt/linux" "$wt/kunit" "$wt/kunitconfig"; } \
			> "$log" 2>&1; then
		tail -n 30 "$log" >&2
		echo >&2 "lint-bisect: patch $n does not build: $subject (out/lint/bisect-$n.log)"
		exit 1
	fi
done
echo "lint-bisect: all $n patches build"
