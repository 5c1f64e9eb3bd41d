#!/bin/bash
# Make build/linux: the Debian kernel source as git commits, with the
# series in patches/ applied on top, one commit per patch.
#
#   vanilla  the unpacked linux-source-6.1 tarball
#   base     vanilla minus the old IOVA bitmap (patch 1 of the mailed series)
#   HEAD     base plus patches/series
set -euo pipefail
. "$(dirname "$0")/common.sh"

: "${LINUX_SOURCE_VERSION:?}"
tarball=/usr/src/linux-source-6.1.tar.xz
identity_name='IOVA bitmap developers'
identity_email='iova-bitmap-devel@example.invalid'
# Fixed dates make the vanilla and base hashes the same everywhere.
export GIT_AUTHOR_DATE='2024-01-01T00:00:00+0000'
export GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE

make_base() {
	local tmp=$tree.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	echo "tree: unpacking $tarball"
	tar -xf "$tarball" -C "$tmp" --strip-components=1
	cd "$tmp"
	git init -q -b series
	git config user.name "$identity_name"
	git config user.email "$identity_email"
	git config harness.linuxSourceVersion "$LINUX_SOURCE_VERSION"
	# Debian's packaging block ignores everything at the top level,
	# which would hide every kernel file from git.
	/usr/bin/python3 - <<'PY'
s = open('.gitignore').read()
s = s[:s.index('# Debian packaging: ignore everything at the top level')]
open('.gitignore', 'w').write(s.rstrip('#\n') + '\n')
PY
	echo "tree: committing vanilla"
	git add -A -f .
	git commit -q -m "Debian linux-source-6.1 $LINUX_SOURCE_VERSION"
	git tag vanilla
	git rm -q drivers/vfio/iova_bitmap.c include/linux/iova_bitmap.h
	git commit -q -F - <<'MSG'
vfio: remove the IOVA bitmap implementation

The IOVA bitmap is rewritten later in this series.  Remove the current
drivers/vfio/iova_bitmap.c and include/linux/iova_bitmap.h first, so
that the rewrite reads as new code rather than as a diff against the
old one.

VFIO does not build with this patch alone; the next patch adds the
IOVA bitmap back.

Signed-off-by: IOVA bitmap developers <iova-bitmap-devel@example.invalid>
MSG
	git tag base
	cd "$top"
	mv "$tmp" "$tree"
}

if [ -d "$tree/.git" ]; then
	made_from=$(git -C "$tree" config harness.linuxSourceVersion || true)
	if [ "$made_from" != "$LINUX_SOURCE_VERSION" ]; then
		echo >&2 "tree: build/linux was made from linux-source-6.1 $made_from, not $LINUX_SOURCE_VERSION."
		echo >&2 "tree: run 'make export' if needed, then 'rm -rf build/linux' and 'make tree'."
		exit 1
	fi
	# Changed patches/ (a pull, say) are fine; new work in build/linux is not.
	ref=$synced
	[ -d "$ref" ] || ref=$patches
	if ! "$top/harness/export-check.sh" "$ref"; then
		echo >&2 "tree: refusing to reset build/linux: it has work not exported to patches/."
		exit 1
	fi
	git -C "$tree" checkout -q -B series base
	git -C "$tree" reset -q --hard base
else
	make_base
fi

cd "$tree"
series_patches | while read -r p; do
	if ! git am -q --committer-date-is-author-date "$patches/$p"; then
		echo >&2 "tree: $p does not apply.  Fix it in build/linux and 'git am --continue'"
		echo >&2 "tree: (or 'git am --abort'), then 'make export'."
		exit 1
	fi
done
rm -rf "$synced"
"$top/harness/format-patches.sh" "$synced"
echo "tree: build/linux at $(git log -1 --format='%h %s'), $(git rev-list --count base..HEAD) patches on base"
