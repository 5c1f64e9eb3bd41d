#!/bin/bash
# Configure an x86 build of kernel source $1 in object dir $2:
# tinyconfig plus harness/configs/x86-lint.config.  Fails when a symbol
# of the fragment did not survive (Kconfig drops unmet ones silently).
# Extra arguments go to make (CC= must match the later builds).
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=$1 obj=$2
shift 2
frag=$top/harness/configs/x86-lint.config

mkdir -p "$obj"
make -s -C "$src" O="$obj" "$@" tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$frag" >/dev/null
make -s -C "$src" O="$obj" "$@" olddefconfig >/dev/null

# A symbol that no Kconfig of this commit defines yet is not an error:
# lint-bisect configures the commits before the patch that adds it.
defined() {
	grep -rqx --include='Kconfig*' "config ${1#CONFIG_}" "$src"
}
missing=$(grep '^CONFIG_' "$frag" | { grep -vxFf "$obj/.config" || true; } |
	while IFS== read -r sym val; do
		if defined "$sym"; then echo "$sym=$val"; fi
	done)
if [ -n "$missing" ]; then
	echo >&2 "x86-config: not set as asked in $frag:"
	echo >&2 "$missing"
	exit 1
fi
