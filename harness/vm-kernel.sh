#!/bin/bash
# Configure and build the x86_64 QEMU guest kernel of source $1 in object
# dir $2: tinyconfig + kernel/configs/kvm_guest.config + config fragment
# $3 (default harness/configs/guest.config, the guest of make vm-test with
# its checkers).  Fails when a symbol of the fragment did not come out as
# asked, unless no Kconfig of the tree defines it yet (a later patch of
# the series may add it).  Prints the bzImage's path.
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=$(cd "$1" && pwd) obj=$2
frag=$(realpath "${3:-$top/harness/configs/guest.config}")
mkdir -p "$obj"
obj=$(cd "$obj" && pwd)

# Make the config in a scratch dir and copy it over only when it changed,
# so that an unchanged config leaves the object dir alone.
cfg=$obj/.vm-config
mkdir -p "$cfg"
make -s -C "$src" O="$cfg" "${kcc[@]}" tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$cfg" "$cfg/.config" \
	"$src/kernel/configs/kvm_guest.config" "$frag" >/dev/null
make -s -C "$src" O="$cfg" "${kcc[@]}" olddefconfig >/dev/null

defined() {
	grep -rqE --include='Kconfig*' "^[[:space:]]*(menu)?config[[:space:]]+$1[[:space:]]*$" "$src"
}
bad=0
while read -r line; do
	if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)= ]]; then
		sym=${BASH_REMATCH[1]}
		grep -qxF "$line" "$cfg/.config" && continue
	elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
		sym=${BASH_REMATCH[1]}
		grep -q "^$sym=" "$cfg/.config" || continue
	else
		continue
	fi
	if defined "${sym#CONFIG_}"; then
		echo >&2 "vm-kernel: not as asked in ${frag#"$top"/}: $line" \
			"(got: $(grep -E "^(# )?${sym}[= ]" "$cfg/.config" || echo 'not set'))"
		bad=1
	else
		echo >&2 "vm-kernel: $sym is in no Kconfig of this tree; left out"
	fi
done < "$frag"
[ "$bad" -eq 0 ] || exit 1
cmp -s "$cfg/.config" "$obj/.config" || cp "$cfg/.config" "$obj/.config"

make -s -C "$src" O="$obj" "${kcc[@]}" olddefconfig >/dev/null
make -s -C "$src" O="$obj" "${kcc[@]}" -j"$(nproc)" bzImage >&2
echo "$obj/arch/x86/boot/bzImage"
