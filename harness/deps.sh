#!/bin/bash
# Install everything the harness needs on a fresh Debian 12 machine.
set -euo pipefail

: "${LINUX_SOURCE_VERSION:?}"

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo

pkgs=(
	"linux-source-6.1=$LINUX_SOURCE_VERSION"
	build-essential flex bison bc libelf-dev libssl-dev
	sparse ccache python3 python3-ply python3-git
	xz-utils git kmod cpio rsync
	python3-sphinx python3-sphinx-rtd-theme
	qemu-system-x86 busybox-static	# vm-test (seabios, ipxe-qemu come as Depends)
	clang libclang-rt-14-dev llvm valgrind	# utest: libFuzzer, sanitizers, callgrind
)

install() {
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
		--no-install-recommends "${pkgs[@]}"
}

# Only refresh the package lists when an install fails: it is slow.
if ! install; then
	$sudo apt-get update -q
	if ! install; then
		echo >&2 "deps: apt-get install failed."
		if ! apt-cache show "linux-source-6.1=$LINUX_SOURCE_VERSION" >/dev/null 2>&1; then
			echo >&2 "deps: linux-source-6.1 $LINUX_SOURCE_VERSION is not available from the mirrors any more."
			echo >&2 "deps: available: $(apt-cache madison linux-source-6.1 | awk '{print $3}' | tr '\n' ' ')"
			echo >&2 "deps: pin a new one in harness/config.mk or run e.g. 'make LINUX_SOURCE_VERSION=<version> ...'"
		fi
		exit 1
	fi
fi
