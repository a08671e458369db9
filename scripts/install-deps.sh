#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install (from Debian 12's archive) whatever the build, the VM runner and
# the debug-kernel build need and is not installed yet. Silent when
# everything is present; runs `apt-get update` only when something is
# missing. Works without a terminal (CI): DEBIAN_FRONTEND=noninteractive.
#
# Usage: install-deps.sh [6.1|6.12|6.12-rt]
# The argument (default: $KERNEL, else 6.1) is the kernel `make check`
# boots (scripts/debian-kernel.sh): its image and headers are installed
# unless a kernel of that flavour with headers already is. Only that
# kernel's packages: plain `make check` never pulls in 6.12.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
flavour=${1:-${KERNEL:-6.1}}
kernel_pkgs=$("$here/debian-kernel.sh" -k "$flavour" packages)

packages=(
	build-essential bc bison flex
	libelf-dev libssl-dev dwarves
	python3 perl gzip xz-utils cpio kmod
	sparse
	busybox-static
	dkms pkg-config
	qemu-system-x86
	linux-source-6.1
)
# linux-source-6.1 stays for every flavour: the kselftest harness headers,
# checkpatch and the debug kernel come from it. The kernel packages are
# meta-packages (e.g. linux-image-6.12-amd64): any installed kernel of the
# flavour is enough.
if ! "$here/debian-kernel.sh" -k "$flavour" version >/dev/null 2>&1; then
	read -r -a kp <<<"$kernel_pkgs"
	packages+=("${kp[@]}")
fi

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$status" in
	ii*) ;;
	*) missing+=("$p") ;;
	esac
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=()
elif command -v sudo >/dev/null 2>&1; then
	sudo=(sudo -n)
else
	echo "install-deps.sh: missing packages: ${missing[*]}" >&2
	echo "install-deps.sh: not root and no sudo; install them by hand" >&2
	exit 1
fi

echo "install-deps.sh: installing: ${missing[*]}" >&2
if [ "$flavour" != 6.1 ] && [ -n "${kp+x}" ]; then
	echo "install-deps.sh: note: the $flavour kernel becomes a boot entry on this host" \
		"and GRUB boots the newest by default (Documentation/kernels.rst)" >&2
fi
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q update </dev/null >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}" </dev/null >&2
