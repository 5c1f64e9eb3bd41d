#!/bin/bash
# Build the KUnit UML kernel of source $1 in object dir $2 from kunitconfig
# $3, as kunit.py would, but without its check that every symbol of the
# kunitconfig exists: early commits of the series may not have them yet.
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=$1 obj=$2 kunitconfig=$3
mkdir -p "$obj"
cat "$src/tools/testing/kunit/configs/arch_uml.config" "$kunitconfig" > "$obj/.config"
make -s -C "$src" O="$obj" ARCH=um "${kcc[@]}" olddefconfig
make -s -C "$src" O="$obj" ARCH=um "${kcc[@]}" -j"$(nproc)"
