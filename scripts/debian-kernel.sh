#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Find one of Debian 12's stock kernels and its headers: the kernel
# `make check KERNEL=...` boots in QEMU and builds the module against.
#
# Usage: debian-kernel.sh [-k FLAVOUR] [vmlinuz|kdir|modules|version|all]
#   -k FLAVOUR  which kernel (default: $KERNEL, else 6.1):
#               6.1      linux-image-amd64            6.1.0-N-amd64
#               6.12     linux-image-6.12-amd64       6.12.N+deb12-amd64
#               6.12-rt  linux-image-6.12-rt-amd64    6.12.N+deb12-rt-amd64
#                        (PREEMPT_RT)
#   vmlinuz  /boot/vmlinuz-<version>
#   kdir     /usr/src/linux-headers-<version> (KDIR for the module)
#   modules  /lib/modules/<version> (in-tree modules, e.g. binder_linux)
#   version  the kernel release, e.g. 6.1.0-57-amd64
#   all      (default) NAME=value lines for all of the above
#   packages the Debian packages that install this flavour (whether
#            installed or not; scripts/install-deps.sh uses it)
# When several kernels of the flavour are installed, the newest one that
# has both the image and the headers wins (another flavour's image, e.g.
# cloud-amd64 or rt-amd64 for 6.1, never matches). Exits 1 (with a
# message) if none is found, 2 on usage errors.
set -euo pipefail

flavour=${KERNEL:-6.1}
if [ "${1:-}" = -k ]; then
	[ $# -ge 2 ] || { echo "debian-kernel.sh: -k needs a flavour" >&2; exit 2; }
	flavour=$2
	shift 2
fi

# The release names Debian gives each flavour (uname -r), as an extended
# regular expression, and the meta-packages that pull in the newest one.
case $flavour in
6.1)
	re='^6\.1\.[0-9]+-[0-9]+-amd64$'
	pkgs="linux-image-amd64 linux-headers-amd64"
	;;
6.12)
	re='^6\.12\.[0-9]+\+deb[0-9]+-amd64$'
	pkgs="linux-image-6.12-amd64 linux-headers-6.12-amd64"
	;;
6.12-rt)
	re='^6\.12\.[0-9]+\+deb[0-9]+-rt-amd64$'
	pkgs="linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64"
	;;
*)
	echo "debian-kernel.sh: unknown kernel '$flavour' (choose 6.1, 6.12 or 6.12-rt)" >&2
	exit 2
	;;
esac

if [ "${1:-}" = packages ]; then
	echo "$pkgs"
	exit 0
fi

pick=""
while read -r ver; do
	if [ -d "/usr/src/linux-headers-$ver" ]; then
		pick=$ver
	fi
done < <(ls -1 /boot 2>/dev/null | sed -n 's/^vmlinuz-//p' | grep -E "$re" | sort -V)

if [ -z "$pick" ]; then
	echo "debian-kernel.sh: no Debian $flavour kernel with headers found" \
		"(need /boot/vmlinuz-<release> and /usr/src/linux-headers-<release>" \
		"from $pkgs; run scripts/install-deps.sh $flavour)" >&2
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
	echo "usage: $0 [-k 6.1|6.12|6.12-rt] [vmlinuz|kdir|modules|version|all|packages]" >&2
	exit 2
	;;
esac
