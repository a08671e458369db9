#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) the debug kernel used by `make check-debug`: Debian's
# linux-source-6.1 configured from `make tinyconfig` plus
# scripts/debug-kernel.config (KASAN, lockdep, kmemleak, UBSAN, fault
# injection, ...).
#
# The result lives outside the repository, in
#   ${ZX_CACHE:-$HOME/.cache/zircon-linux}/debug-kernel-<key>/
#     build/      the O= build tree: use it as KDIR for out-of-tree modules
#     bzImage     the kernel to boot
#     build.log   the full build log
# where <key> hashes the config fragment, the source package version, the
# compiler and this script's version. A finished cache (marked by .done) is
# reused as is.
#
# Usage: build-debug-kernel.sh [--path]
#   prints the cache directory on stdout (last line); progress goes to stderr.
#   --path only prints the directory it would use, without building.
set -euo pipefail

SCRIPT_VERSION=1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fragment="$here/debug-kernel.config"
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
cache_root=${ZX_CACHE:-${HOME:-/root}/.cache/zircon-linux}
jobs=${JOBS:-$(nproc)}

log() { echo "build-debug-kernel: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ -r "$fragment" ] || die "missing $fragment"
[ -r "$tarball" ] || die "missing $tarball (apt-get install linux-source-6.1; see scripts/install-deps.sh)"

src_version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || stat -c '%s-%Y' "$tarball")
cc_version=$(${CC:-gcc} --version 2>/dev/null | head -n1 || true)
key=$( { cat "$fragment"; echo "src=$src_version"; echo "cc=$cc_version";
	 echo "script=$SCRIPT_VERSION"; } | sha256sum | cut -c1-16)
dir="$cache_root/debug-kernel-$key"

if [ "${1:-}" = "--path" ]; then
	echo "$dir"
	exit 0
fi

if [ -e "$dir/.done" ] && [ -r "$dir/bzImage" ] && [ -r "$dir/build/Module.symvers" ]; then
	log "cached: $dir"
	echo "$dir"
	exit 0
fi

start=$(date +%s)
log "building in $dir (log: $dir/build.log)"
rm -rf "$dir"
mkdir -p "$dir/src" "$dir/build"
buildlog="$dir/build.log"
: >"$buildlog"

# Run a build step, its output going to the log; on failure show the tail.
step() {
	log "$*"
	if ! "$@" >>"$buildlog" 2>&1; then
		tail -n 60 "$buildlog" >&2
		die "failed: $*"
	fi
}

step tar -xJf "$tarball" -C "$dir/src" --strip-components=1

kmake() { make -C "$dir/src" O="$dir/build" ARCH=x86_64 "$@"; }

# The fragment without comments; trailing "# optional" marks options that
# are wanted but not checked afterwards.
sed -e 's/[[:space:]]*#.*$//' -e '/^$/d' "$fragment" >"$dir/fragment.config"
grep -v '#[[:space:]]*optional' "$fragment" | sed -e 's/[[:space:]]*#.*$//' \
	-e '/^$/d' >"$dir/required.config"

step kmake tinyconfig
step "$dir/src/scripts/kconfig/merge_config.sh" -m -O "$dir/build" \
	"$dir/build/.config" "$dir/fragment.config"
step kmake olddefconfig

# Dependencies silently drop options: check that each required one stuck.
missing=0
while IFS= read -r line; do
	opt=${line%%=*}
	want=${line#*=}
	if [ "$want" = n ]; then
		if grep -q "^$opt=" "$dir/build/.config"; then
			log "option $opt should be off but is: $(grep "^$opt=" "$dir/build/.config")"
			missing=1
		fi
		continue
	fi
	have=$(grep "^$opt=" "$dir/build/.config" | head -n1 | cut -d= -f2- || true)
	if [ "$have" != "$want" ]; then
		log "option $opt: wanted $want, got ${have:-unset}"
		missing=1
	fi
done <"$dir/required.config"
[ "$missing" = 0 ] || die "config fragment not satisfied (see above); fix scripts/debug-kernel.config"

step kmake -j"$jobs" bzImage modules
step kmake modules_prepare
[ -r "$dir/build/Module.symvers" ] || die "no Module.symvers after the build"
cp "$dir/build/arch/x86/boot/bzImage" "$dir/bzImage"
# Modules built with the kernel (binder, ...), for the VM initramfs.
mkdir -p "$dir/modules"
find "$dir/build" -name '*.ko' -exec cp {} "$dir/modules/" \;
touch "$dir/.done"

log "done in $(( $(date +%s) - start )) s"
echo "$dir"
