#!/bin/bash
# Every commit of the series builds on its own: for x86 with the lint
# config (the directories the series touches) and the KUnit UML kernel.
# The base commit is left out; it removes the IOVA bitmap and is known
# not to build VFIO.  A commit that changes nothing a build reads
# (documentation, userspace tests, MAINTAINERS) is not built, nor the UML
# kernel of one that changes only samples, which the KUnit config leaves
# out: on a cold ccache each build costs the best part of a minute.
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

# changes_outside COMMIT DIR...: COMMIT changes a file outside the DIRs.
changes_outside() {
	local c=$1
	shift
	[ -n "$(git -C "$tree" diff --name-only "$c^" "$c" -- . "${@/#/:!}")" ]
}

n=0 built=0
for c in $(git -C "$tree" rev-list --reverse base..HEAD); do
	n=$((n + 1))
	subject=$(git -C "$tree" log -1 --format=%s "$c")
	if ! changes_outside "$c" Documentation/ tools/testing/ MAINTAINERS; then
		echo "lint-bisect: $n: $subject: no build reads what it changes"
		continue
	fi
	uml=true
	changes_outside "$c" Documentation/ tools/testing/ MAINTAINERS samples/ || uml=false
	echo "lint-bisect: $n: $subject$($uml || echo ' (x86 only: samples)')"
	worktree_at "$wt/linux" "$c"
	built=$((built + 1))
	log=$logs/bisect-$n.log
	if ! { "$top/harness/x86-build.sh" "$wt/linux" "$wt/x86" "${dirs[@]}" &&
	       { ! $uml ||
		 "$top/harness/um-build.sh" "$wt/linux" "$wt/kunit" "$wt/kunitconfig"; }; } \
			> "$log" 2>&1; then
		tail -n 30 "$log" >&2
		echo >&2 "lint-bisect: patch $n does not build: $subject (out/lint/bisect-$n.log)"
		exit 1
	fi
done
echo "lint-bisect: all $n patches build ($built built; the others change nothing a build reads)"
