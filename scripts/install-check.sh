#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Proves `make install`: installs everything into a staging root (as a
# package build would, DESTDIR=... PREFIX=/usr), checks what is there (the
# module, headers, libzx.a, libzx.so's soname and exported symbols, zx.pc,
# the tools, the udev rule and its make variables, modules.devname from
# depmod -b), and builds libzx/examples/zx-demo.c against the staging root
# with nothing but `pkg-config --cflags --libs zx` (PKG_CONFIG_SYSROOT_DIR,
# PKG_CONFIG_LIBDIR): dynamically (checked with readelf and ldd) and
# statically, the static one written to OUT/zx-demo-installed for the VM
# (make check runs it as a test; the guest has no libc).
#
# Usage: install-check.sh -k zircon.ko -o OUT
# Prints "ok"/"not ok" lines and "N passed, M failed"; exits 1 on failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")
ko="" out=""
while getopts "k:o:" opt; do
	case $opt in
	k) ko=$OPTARG ;;
	o) out=$OPTARG ;;
	*) sed -n '/^# Usage:/,/^set /p' "$0" >&2; exit 2 ;;
	esac
done
[ -n "$ko" ] && [ -n "$out" ] || { echo "install-check.sh: -k and -o are required" >&2; exit 2; }
[ -r "$ko" ] || { echo "install-check.sh: no module at $ko" >&2; exit 1; }
ko=$(cd "$(dirname "$ko")" && pwd)/$(basename "$ko")
kver=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)

passed=0 failed=0
ok() { echo "ok - install-check: $*"; passed=$((passed + 1)); }
nok() { echo "not ok - install-check: $*"; failed=$((failed + 1)); }
check() { # check DESCRIPTION COMMAND...
	local d=$1
	shift
	if "$@"; then ok "$d"; else nok "$d"; fi
}

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
root=$out/root
if ! make -s -C "$top" install DESTDIR="$root" PREFIX=/usr KVER="$kver" \
	ZX_KO="$ko" >"$out/install.log" 2>&1; then
	cat "$out/install.log"
	nok "make install DESTDIR=$root PREFIX=/usr"
	echo "install-check: $passed passed, $failed failed"
	exit 1
fi
ok "make install DESTDIR=... PREFIX=/usr KVER=$kver"

for f in "lib/modules/$kver/extra/zircon.ko" usr/include/zircon/syscalls.h \
	usr/include/zircon/types.h usr/include/zircon/syscalls/port.h \
	usr/include/linux/zircon.h usr/include/linux/zircon_types.h \
	usr/lib/libzx.a usr/lib/libzx.so.1.4.0 usr/lib/pkgconfig/zx.pc \
	usr/bin/zx-launch usr/bin/zx-ps usr/lib/udev/rules.d/60-zircon.rules; do
	check "installed /$f" test -f "$root/$f"
done
check "libzx.so -> libzx.so.1 -> libzx.so.1.4.0" \
	test "$(readlink "$root/usr/lib/libzx.so")" = libzx.so.1 -a \
	"$(readlink "$root/usr/lib/libzx.so.1")" = libzx.so.1.4.0
soname=$(readelf -d "$root/usr/lib/libzx.so.1.4.0" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
check "soname '$soname' is libzx.so.1" test "$soname" = libzx.so.1

# Exported: the zx_* calls of the public headers, versioned LIBZX_1.
nm -D --defined-only "$root/usr/lib/libzx.so.1.4.0" | awk '$2 != "A" {print $3}' >"$out/exports"
bad=$(grep -v '^zx_[a-z0-9_]*@@LIBZX_1$' "$out/exports" || true)
check "every exported symbol is zx_*@@LIBZX_1 ($(wc -l <"$out/exports") of them)" \
	test -z "$bad" -a "$(wc -l <"$out/exports")" -ge 40
[ -z "$bad" ] || echo "# unexpected exports: $bad"
undeclared=""
while read -r sym; do
	sym=${sym%@@*}
	grep -rqw "$sym" "$root/usr/include/zircon" || undeclared="$undeclared $sym"
done <"$out/exports"
check "every exported symbol is declared in <zircon/*.h>" test -z "$undeclared"
[ -z "$undeclared" ] || echo "# not in the headers:$undeclared"
not_exported() { ! grep -qE '^(zx_dev_ioctl|zx_startup_link)@' "$out/exports"; }
check "internal zx_dev_ioctl, zx_startup_link not exported" not_exported

# The udev rule: the default mode, and the make variables.
rule=$root/usr/lib/udev/rules.d/60-zircon.rules
check "udev rule: KERNEL==\"zircon\" MODE=\"0666\" static_node" \
	grep -q '^KERNEL=="zircon", SUBSYSTEM=="misc", MODE="0666", OPTIONS+="static_node=zircon"$' "$rule"
make -s -C "$top" install-udev DESTDIR="$out/root-group" ZX_DEV_MODE=0660 \
	ZX_DEV_GROUP=zircon >/dev/null 2>&1
check "udev rule with ZX_DEV_MODE=0660 ZX_DEV_GROUP=zircon" \
	grep -q '^KERNEL=="zircon", SUBSYSTEM=="misc", GROUP="zircon", MODE="0660",' \
	"$out/root-group/usr/lib/udev/rules.d/60-zircon.rules"

# depmod on the staging root: the aliases that load the module on the
# first open of /dev/zircon.
depmod -b "$root" "$kver" 2>"$out/depmod.log"
check "modules.devname: zircon zircon c10:249" \
	grep -qx 'zircon zircon c10:249' "$root/lib/modules/$kver/modules.devname"
check "modules.alias: char-major-10-249" \
	grep -q 'alias char-major-10-249 zircon' "$root/lib/modules/$kver/modules.alias"
check "modules.alias: devname:zircon" \
	grep -q 'alias devname:zircon zircon' "$root/lib/modules/$kver/modules.alias"

# Build against the staging root with pkg-config alone.
export PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_LIBDIR=$root/usr/lib/pkgconfig
cflags=$(pkg-config --cflags zx) && libs=$(pkg-config --libs zx) &&
	slibs=$(pkg-config --static --libs zx)
check "pkg-config --modversion zx is 1.4.0" test "$(pkg-config --modversion zx)" = 1.4.0
echo "# pkg-config: cflags '$cflags' libs '$libs' static '$slibs'"
src=$top/libzx/examples/zx-demo.c
# shellcheck disable=SC2086 # flags are word lists
check "cc \$(pkg-config --cflags --libs zx) zx-demo.c (shared)" \
	cc -O2 -Wall -Wextra -Werror $cflags -o "$out/zx-demo-shared" "$src" $libs
check "zx-demo-shared needs libzx.so.1" \
	sh -c "readelf -d '$out/zx-demo-shared' | grep -q 'NEEDED.*\[libzx.so.1\]'"
check "ldd finds libzx.so.1 in the staging root" \
	sh -c "LD_LIBRARY_PATH='$root/usr/lib' ldd '$out/zx-demo-shared' | grep -q '$root/usr/lib/libzx.so.1'"
# shellcheck disable=SC2086
check "cc -static \$(pkg-config --cflags --static --libs zx) zx-demo.c" \
	cc -O2 -Wall -Wextra -Werror -static $cflags -o "$out/zx-demo-installed" "$src" $slibs
# A C11 program using the installed headers only, strictly.
printf '#include <zircon/syscalls.h>\n#include <zircon/linux.h>\nint main(void) { zx_handle_t h; return zx_event_create(0, &h) == ZX_OK ? zx_handle_close(h) : 1; }\n' \
	>"$out/tiny.c"
# shellcheck disable=SC2086
check "C11 -pedantic program against the installed headers" \
	cc -std=c11 -pedantic -Wall -Wextra -Werror $cflags -o "$out/tiny" "$out/tiny.c" $libs

echo "install-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
