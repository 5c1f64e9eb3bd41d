# Sourced by the harness scripts: paths and git settings they share.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$top/build
out=$top/out
tree=$build/linux
patches=$top/patches

# The kernel's own python scripts need Debian's python3 (ply, git modules).
export PATH=/usr/bin:$PATH

# Keep the user's git config out of commits and patches, so that the
# hashes and exported patches are the same on every machine.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

# One cache for every kernel build of the harness.  Paths under build/
# are hashed relative to it, so worktrees laid out alike share hits.
export CCACHE_DIR=${CCACHE_DIR:-$build/ccache}
export CCACHE_BASEDIR=$build CCACHE_NOHASHDIR=1

# Names of the patches in patches/series, in order; '#' starts a comment.
series_patches() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$patches/series"
}
