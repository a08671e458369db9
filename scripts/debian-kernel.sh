#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Find Debian's stock 6.1 kernel (package linux-image-amd64) and its
# headers (linux-headers-amd64): the kernel `make check` boots in QEMU.
#
# Usage: debian-kernel.sh [vmlinuz|kdir|modules|version|all]
#   vmlinuz  /boot/vmlinuz-6.1.*-amd64
#   kdir     /usr/src/linux-headers-6.1.*-amd64 (KDIR for the module)
#   modules  /lib/modules/<version> (in-tree modules, e.g. binder_linux)
#   version  the kernel release, e.g. 6.1.0-56-amd64
#   all      (default) NAME=value lines for all of the above
# When several 6.1 kernels are installed the newest one that has both the
# image and the headers wins. Exits 1 (with a message) if none is found.
set -euo pipefail

pick=""
while read -r img; do
	ver=${img#/boot/vmlinuz-}
	if [ -d "/usr/src/linux-headers-$ver" ]; then
		pick=$ver
	fi
done < <(ls -1 /boot/vmlinuz-6.1.*-amd64 2>/dev/null | sort -V)

if [ -z "$pick" ]; then
	echo "debian-kernel.sh: no Debian 6.1 kernel with headers found" \
		"(need /boot/vmlinuz-6.1.*-amd64 and /usr/src/linux-headers-<same>;" \
		"run scripts/install-deps.sh)" >&2
	exit 1
fi

case "${1:-all}" in
vmlinuz) echo "/boot/vmlinuz-$pick" ;;
kdir) echo "/usr/src/linux-headers-$pick" ;;
modules) echo "/lib/modules/$pick" ;;
version) echo "$pick" ;;
all)
	echo "DEBIAN_KVER=$pick"
	echo "DEBIAN_VMLINUZ=/boot/vmlinuz-$pick"
	echo "DEBIAN_KDIR=/usr/src/linux-headers-$pick"
	echo "DEBIAN_MODULES=/lib/modules/$pick"
	;;
*)
	echo "usage: $0 [vmlinuz|kdir|modules|version|all]" >&2
	exit 2
	;;
esac
