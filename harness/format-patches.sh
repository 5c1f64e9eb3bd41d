#!/bin/bash
# Write base..HEAD of build/linux as patch files into directory $1, the
# way patches/ holds them.  Shared by export and export-check so the two
# can never disagree.
set -euo pipefail
. "$(dirname "$0")/common.sh"

dir=$1
# --no-numbered: adding a patch must not rewrite the subject of every other.
git -C "$tree" format-patch -q --no-signature --zero-commit --no-numbered \
	--full-index -o "$dir" base..HEAD
(cd "$dir" && ls -1 -- *.patch 2>/dev/null || true) > "$dir/series"
