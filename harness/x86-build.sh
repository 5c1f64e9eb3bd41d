#!/bin/bash
# Build directories of kernel source $1 for x86 in object dir $2, with the
# lint config; extra make arguments and the directories follow.  The
# directories' objects are deleted first, so every compiler warning shows
# again (ccache replays them cheaply).
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=$1 obj=$2
shift 2
args=() dirs=()
for a; do
	case $a in
	*=*) args+=("$a") ;;
	*) if [ -d "$src/$a" ]; then dirs+=("$a"); fi ;;	# may not exist yet
	esac
done

"$top/harness/x86-config.sh" "$src" "$obj" "${kcc[@]}"
make -s -C "$src" O="$obj" "${kcc[@]}" -j"$(nproc)" prepare
for d in "${dirs[@]}"; do
	[ ! -d "$obj/$d" ] || find "$obj/$d" -name '*.o' -delete
done
make -s -C "$src" O="$obj" "${kcc[@]}" -j"$(nproc)" "${args[@]}" "${dirs[@]}"
