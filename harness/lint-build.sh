#!/bin/bash
# Compile the directories the series touches for x86 with sparse (C=2)
# and W=1, and fail on any warning the vanilla tree does not have.
# Warnings are compared without line and column numbers, as multisets.
set -euo pipefail
. "$(dirname "$0")/common.sh"

logs=$out/lint
mkdir -p "$logs"
if series_empty; then
	echo "lint-build: no patches on base, nothing to build."
	exit 0
fi
mapfile -t dirs < <(build_dirs)

# build TREE OBJ NAME: compile, keep the normalised warnings in NAME.warnings
build() {
	local src=$1 obj=$2 name=$3
	echo "lint-build: $name: ${dirs[*]}"
	if ! "$top/harness/x86-build.sh" "$src" "$obj" C=2 W=1 "${dirs[@]}" \
			2> "$logs/$name.log"; then
		tail -n 30 "$logs/$name.log" >&2
		echo >&2 "lint-build: $name build failed; see out/lint/$name.log"
		exit 1
	fi
	grep -E '^[^ ]+:[0-9]+(:[0-9]+)?: (warning|error):' "$logs/$name.log" |
		sed -E -e "s,^$src/,," -e 's/^([^:]+):[0-9]+(:[0-9]+)?:/\1:/' |
		LC_ALL=C sort > "$logs/$name.warnings" || true
}

worktree_at "$build/vanilla/linux" vanilla
build "$build/vanilla/linux" "$build/vanilla/x86" vanilla
build "$tree" "$build/x86" series

LC_ALL=C comm -23 "$logs/series.warnings" "$logs/vanilla.warnings" > "$logs/new.warnings"
if [ -s "$logs/new.warnings" ]; then
	echo >&2 "lint-build: new warnings versus vanilla (out/lint/new.warnings):"
	cat >&2 "$logs/new.warnings"
	exit 1
fi
echo "lint-build: no new warnings ($(wc -l < "$logs/series.warnings") also in vanilla)"
