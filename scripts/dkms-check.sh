#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Proves dkms.conf: registers the module's sources (Kbuild, module/,
# uapi/, dkms.conf) in a private DKMS tree and runs `dkms build` against
# each of Debian 12's kernels whose headers are installed (6.1, 6.12,
# 6.12-rt; scripts/debian-kernel.sh), then checks each zircon.ko's
# vermagic.  Root's /var/lib/dkms and /usr/src are not touched: the trees
# are --dkmstree/--sourcetree under a temporary directory, and modules are
# not signed (sign_file points nowhere, so DKMS makes no MOK key).
#
# Usage: dkms-check.sh [-n MIN]   (MIN: fewer kernels built is a failure;
#                                  default 2)
# Last line: "N passed, M failed" (one per kernel, + dkms.conf checks).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")
min=2
[ "${1:-}" = -n ] && min=$2

"$here/install-deps.sh" >/dev/null || exit 1
command -v dkms >/dev/null || { echo "dkms-check: no dkms"; echo "0 passed, 1 failed"; exit 1; }

name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$top/dkms.conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zx-dkms.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dk=(--dkmstree "$tmp/tree" --sourcetree "$tmp/src" -m "$name" -v "$ver")
export sign_file=/nonexistent/zx-dkms-no-signing

passed=0 failed=0
ok() { echo "ok - $*"; passed=$((passed + 1)); }
nok() { echo "not ok - $*"; failed=$((failed + 1)); }

# The same version as libzx's soname (both follow the ABI version).
so_ver=$(sed -n 's/^SO_VERSION := \$(SO_MAJOR)\(.*\)$/\1/p' "$top/libzx/Makefile")
so_major=$(sed -n 's/^SO_MAJOR := \(.*\)$/\1/p' "$top/libzx/Makefile")
if [ "$name" = zircon ] && [ "$ver" = "$so_major$so_ver" ]; then
	ok "dkms.conf: $name $ver, as libzx.so.$so_major$so_ver"
else
	nok "dkms.conf: name '$name' version '$ver' (libzx: $so_major$so_ver)"
fi

mkdir -p "$tmp/src/$name-$ver" "$tmp/tree"
(cd "$top" && tar -cf - --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod' --exclude='*.mod.c' --exclude='*.order' \
	--exclude='*.symvers' Kbuild module uapi dkms.conf) |
	tar -xf - -C "$tmp/src/$name-$ver"
if dkms add "${dk[@]}" >"$tmp/add.log" 2>&1; then
	ok "dkms add $name/$ver"
else
	cat "$tmp/add.log"
	nok "dkms add $name/$ver"
fi

built=0
for flavour in 6.1 6.12 6.12-rt; do
	kver=$("$here/debian-kernel.sh" -k "$flavour" version 2>/dev/null) || {
		echo "# $flavour: no kernel with headers installed; skipped"
		continue
	}
	log="$tmp/build-$kver.log"
	if ! dkms build "${dk[@]}" -k "$kver" >"$log" 2>&1; then
		cat "$log"
		find "$tmp/tree" -name make.log -exec tail -n 40 {} \;
		nok "dkms build -k $kver"
		continue
	fi
	ko=$(find "$tmp/tree/$name/$ver/$kver" -name 'zircon.ko*' -print -quit)
	magic=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
	if [ -n "$ko" ] && [ "$magic" = "$kver" ]; then
		ok "dkms build -k $kver: ${ko#"$tmp/tree/"}"
		built=$((built + 1))
	else
		nok "dkms build -k $kver: module '${ko:-none}' vermagic '$magic'"
	fi
done
if [ "$built" -ge "$min" ]; then
	ok "built for $built kernels (at least $min)"
else
	nok "built for $built kernels, fewer than $min"
fi
dkms remove "${dk[@]}" --all >/dev/null 2>&1 || true
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
