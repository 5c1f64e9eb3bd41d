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

# The series as build/linux last had it from 'make tree' or 'make export',
# so that 'make tree' can tell new commits there from new patches here.
synced=$tree/.git/harness-synced

# Names of the patches in series file $1/series (default patches/), in
# order; '#' starts a comment.
series_patches() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "${1:-$patches}/series"
}

# Compilers for every kernel build, through ccache.
kcc=(CC="ccache gcc" HOSTCC="ccache gcc")

# Files the series changes and still has, relative to the kernel tree.
series_files() {
	git -C "$tree" diff --name-only --diff-filter=d base HEAD -- "$@"
}

# Directories to compile: those of the .c files the series changes,
# plus the VFIO core and the mlx5 VFIO driver, which use the IOVA bitmap.
# A directory below another one in the list is left out: make builds it
# from its parent, and naming both makes them race.
build_dirs() {
	{
		echo drivers/vfio/
		echo drivers/vfio/pci/mlx5/
		series_files '*.c' ':!tools/' | sed 's,[^/]*$,,'
	} | sort -u | awk 'prev == "" || index($0, prev) != 1 { print; prev = $0 }'
}

# Check out commit $2 in $1, a detached git worktree of the kernel tree.
# One left over from an earlier build/linux is made afresh.
worktree_at() {
	local dir=$1 rev=$2
	if git -C "$tree" worktree list --porcelain | grep -xF "worktree $dir" >/dev/null; then
		git -C "$dir" checkout -q --detach "$rev"
	else
		rm -rf "$dir"
		git -C "$tree" worktree prune
		git -C "$tree" worktree add -q --detach "$dir" "$rev"
	fi
}

# True when the series has no patches on top of base.
series_empty() {
	[ -z "$(git -C "$tree" rev-list base..HEAD)" ]
}

# Make $2 the "before" tree of the benchmarks: a detached worktree at the
# commit that kernel source $1 has checked out, with 6.1's IOVA bitmap put
# back from the vanilla tag (never committed).  Everything else, the
# callers of the library included, is the series as $1 has it.
before_tree() {
	local src=$1 dir f
	dir=$(realpath -m "$2")
	[ ! -d "$dir" ] || git -C "$dir" reset -q --hard
	worktree_at "$dir" "$(git -C "$src" rev-parse HEAD)"
	for f in drivers/vfio/iova_bitmap.c include/linux/iova_bitmap.h; do
		git -C "$tree" show "vanilla:$f" > "$dir/$f"
	done
}

# Make $2 the "twin" tree of the benchmarks: a detached worktree at the
# commit that kernel source $1 has checked out, plus 6.1's IOVA bitmap
# renamed iova_bitmap61 (lib/iova_bitmap61.c, include/linux/iova_bitmap61.h)
# and harness/bench-twin.patch, which makes lib/iova_bitmap_benchmark.c
# time it in turns with the series: both in the same kernel and run, since
# times drift between kernels and boots more than they differ.  Its lines
# start "bench-6.1: " instead of "bench: ".  Never committed.
twin_tree() {
	local src=$1 dir f
	dir=$(realpath -m "$2")
	[ ! -d "$dir" ] || git -C "$dir" reset -q --hard
	worktree_at "$dir" "$(git -C "$src" rev-parse HEAD)"
	git -C "$dir" clean -qfd lib include
	for f in drivers/vfio/iova_bitmap.c:lib/iova_bitmap61.c \
		 include/linux/iova_bitmap.h:include/linux/iova_bitmap61.h; do
		git -C "$tree" show "vanilla:${f%%:*}" |
			sed 's/iova_bitmap/iova_bitmap61/g; s/IOVA_BITMAP/IOVA_BITMAP61/g' \
			> "$dir/${f#*:}"
	done
	git -C "$dir" apply "$top/harness/bench-twin.patch"
}

# Add the benchmark lines of log $1 to the log of each side: "bench: "
# lines (the series) to $2, "bench-6.1: " lines of the twin tree to $3,
# as "bench: " lines, which harness/bench-table.py reads.
split_sides() {
	grep -a 'bench: ' "$1" >> "$2" || true
	grep -a 'bench-6\.1: ' "$1" | sed 's/bench-6\.1: /bench: /' >> "$3" || true
}

# Make $1 the root of a guest's initramfs, afresh: busybox, /init from
# $2, /lib/guest.sh (harness/vm-guest.sh) and the directories named after.
guest_root() {
	local stage=$1 init=$2 d
	shift 2
	rm -rf "$stage"
	mkdir -p "$stage"/{bin,dev,lib,proc,sys,tmp}
	for d in "$@"; do mkdir -p "$stage/$d"; done
	cp /bin/busybox "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	cp "$init" "$stage/init"
	chmod +x "$stage/init"
	cp "$top/harness/vm-guest.sh" "$stage/lib/guest.sh"
}

# Pack initramfs root $1 into gzipped cpio $2, the same bytes every time.
guest_pack() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
		gzip -9n > "$2"
}

# The kernel command line of every test guest.  no5lvl: TCG offers LA57;
# a cold CI run met a KASAN splat in an early interrupt on the 5-level
# direct map, before any code of the series ran.
guest_cmdline="console=ttyS0 panic=-1 log_buf_len=4M no5lvl"
