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

# QEMU 10 from bookworm-backports for make migrate (VFIO migration v2;
# bookworm's 7.2 has v1 only).  The suite is added with a low pin (100,
# below bookworm's 500), so that nothing else comes from it unless asked
# for by name with -t bookworm-backports.
backports_list=/etc/apt/sources.list.d/harness-bookworm-backports.sources
backports_pin=/etc/apt/preferences.d/harness-bookworm-backports
qemu10_min=1:10
backports() {
	local changed=0
	if [ ! -f "$backports_list" ]; then
		$sudo tee "$backports_list" >/dev/null <<-'EOS'
		# Added by harness/deps.sh (make migrate: QEMU 10).
		Types: deb
		URIs: http://deb.debian.org/debian
		Suites: bookworm-backports
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
		EOS
		changed=1
	fi
	if [ ! -f "$backports_pin" ]; then
		$sudo tee "$backports_pin" >/dev/null <<-'EOS'
		# Added by harness/deps.sh: nothing comes from bookworm-backports
		# unless asked for with -t bookworm-backports (QEMU 10 for make migrate).
		Package: *
		Pin: release n=bookworm-backports
		Pin-Priority: 100
		EOS
		changed=1
	fi
	[ "$changed" -eq 0 ] || $sudo apt-get update -q
}
qemu10() {
	local v
	v=$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null || true)
	[ -n "$v" ] && dpkg --compare-versions "$v" ge "$qemu10_min" && return 0
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
		--no-install-recommends -t bookworm-backports qemu-system-x86
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

backports
if ! qemu10; then
	$sudo apt-get update -q
	qemu10 || { echo >&2 "deps: cannot install QEMU 10 (qemu-system-x86) from bookworm-backports"; exit 1; }
fi
