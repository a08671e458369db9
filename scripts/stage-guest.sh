#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stage the payload directory that scripts/vm-run.sh copies into the VM as
# /opt/zircon (layout described in scripts/guest.sh).
#
# Usage: stage-guest.sh -o DIR -m MODE -k zircon.ko [options]
#   -o DIR       payload directory (emptied first)
#   -m MODE      check | debug | fuzz | demo | bench | ab | profile
#   -k FILE      the module
#   -t FILE      a test program for tests/ (repeatable)
#   -u FILE      a libzx unit test for libzx-tests/ (repeatable)
#   -x FILE      an extra test hook for extra-MODE/ (repeatable)
#   -b FILE      a program for bin/ (zx-demo, zx-port-server, zx-bench;
#                repeatable)
#   -M NAME      a kernel module to load before zircon.ko (repeatable);
#                looked up as NAME.ko, NAME.ko.xz, .ko.zst or .ko.gz
#                under the -D directories (staged decompressed)
#   -D DIR       where to look for -M modules (repeatable)
#   -T SECONDS   per-program timeout in the guest
#   -F ARGS      arguments for bin/zx_fuzz (stage it with -b): the guest
#                runs it after the tests (check, debug) or alone (fuzz)
#   -A ARGS      more arguments for zx-bench (bench, ab, profile mode)
#   -a FILE      ab mode: the base module, compared with -k's
#   -r N         ab mode: rounds (each runs zx-bench on both modules)
#   -P FILE      profile mode: perf (the host's), staged with its shared
#                libraries and loader under perf/
# Hooks also come from $ZX_EXTRA_DIR/* (all modes) and
# $ZX_EXTRA_DIR-MODE/* when ZX_EXTRA_DIR is set.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="" mode="" ko="" timeout_s="" fuzz_args="" bench_args="" ab_ko="" ab_rounds="" perf_bin=""
tests=() utests=() extras=() bins=() mods=() moddirs=()
while getopts "o:m:k:t:u:x:b:M:D:T:F:A:a:r:P:" opt; do
	case $opt in
	o) out=$OPTARG ;;
	m) mode=$OPTARG ;;
	k) ko=$OPTARG ;;
	t) tests+=("$OPTARG") ;;
	u) utests+=("$OPTARG") ;;
	x) extras+=("$OPTARG") ;;
	b) bins+=("$OPTARG") ;;
	M) mods+=("$OPTARG") ;;
	D) moddirs+=("$OPTARG") ;;
	T) timeout_s=$OPTARG ;;
	F) fuzz_args=$OPTARG ;;
	A) bench_args=$OPTARG ;;
	a) ab_ko=$OPTARG ;;
	r) ab_rounds=$OPTARG ;;
	P) perf_bin=$OPTARG ;;
	*) sed -n '/^# Usage:/,/^set /p' "$0" >&2; exit 2 ;;
	esac
done
[ -n "$out" ] && [ -n "$mode" ] && [ -n "$ko" ] ||
	{ echo "stage-guest.sh: -o, -m and -k are required" >&2; exit 2; }
[ -r "$ko" ] || { echo "stage-guest.sh: no module at $ko" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
cp "$here/guest.sh" "$out/guest.sh"
chmod +x "$out/guest.sh"
echo "$mode" >"$out/mode"
[ -z "$timeout_s" ] || echo "$timeout_s" >"$out/test-timeout"
[ -z "$fuzz_args" ] || echo "$fuzz_args" >"$out/fuzz-args"
[ -z "$bench_args" ] || echo "$bench_args" >"$out/bench-args"
cp "$ko" "$out/zircon.ko"
if [ -n "$ab_ko" ]; then
	[ -r "$ab_ko" ] || { echo "stage-guest.sh: no base module at $ab_ko" >&2; exit 1; }
	mkdir -p "$out/ab"
	cp "$ab_ko" "$out/ab/base.ko"
	[ -z "$ab_rounds" ] || echo "$ab_rounds" >"$out/ab/rounds"
fi

if [ -n "$perf_bin" ]; then
	perf_bin=$(readlink -f "$perf_bin")
	mkdir -p "$out/perf/lib"
	cp "$perf_bin" "$out/perf/perf"
	ldd "$perf_bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' |
		while read -r lib; do
			case $lib in
			*/ld-linux*) cp -L "$lib" "$out/perf/ld.so" ;;
			*) cp -L "$lib" "$out/perf/lib/" ;;
			esac
		done
	[ -x "$out/perf/ld.so" ] || { echo "stage-guest.sh: no loader found for $perf_bin" >&2; exit 1; }
fi

# put DIR FILE...: copy programs, refusing dynamically linked ones (the
# guest has no libc).
put() {
	local dir=$1 f
	shift
	mkdir -p "$out/$dir"
	for f in "$@"; do
		[ -x "$f" ] || { echo "stage-guest.sh: $f is not an executable" >&2; exit 1; }
		if head -c4 "$f" | grep -q ELF && ldd "$f" >/dev/null 2>&1; then
			echo "stage-guest.sh: $f is dynamically linked; the VM needs static binaries" >&2
			exit 1
		fi
		cp "$f" "$out/$dir/"
	done
}
[ ${#tests[@]} -eq 0 ] || put tests "${tests[@]}"
[ ${#utests[@]} -eq 0 ] || put libzx-tests "${utests[@]}"
[ ${#extras[@]} -eq 0 ] || put "extra-$mode" "${extras[@]}"
[ ${#bins[@]} -eq 0 ] || put bin "${bins[@]}"
if [ -n "${ZX_EXTRA_DIR:-}" ]; then
	for sfx in "" "-$mode"; do
		[ -d "$ZX_EXTRA_DIR$sfx" ] || continue
		mkdir -p "$out/extra$sfx"
		cp -a "$ZX_EXTRA_DIR$sfx"/. "$out/extra$sfx/"
	done
fi

# Distribution kernels ship their modules compressed (Debian's 6.12:
# NAME.ko.xz); busybox insmod takes only a plain .ko, so stage every
# module as $out/modules/NAME.ko, decompressed on the host.
for m in "${mods[@]}"; do
	found=""
	for d in "${moddirs[@]}"; do
		found=$(find "$d" \( -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" \
			-o -name "$m.ko.gz" \) -print -quit 2>/dev/null)
		[ -z "$found" ] || break
	done
	[ -n "$found" ] ||
		{ echo "stage-guest.sh: module $m.ko{,.xz,.zst,.gz} not found in ${moddirs[*]}" >&2; exit 1; }
	mkdir -p "$out/modules"
	case $found in
	*.ko) cp "$found" "$out/modules/$m.ko" ;;
	*.ko.xz) xz -dc "$found" >"$out/modules/$m.ko" ;;
	*.ko.gz) gzip -dc "$found" >"$out/modules/$m.ko" ;;
	*.ko.zst)
		command -v zstd >/dev/null ||
			{ echo "stage-guest.sh: $found needs zstd (apt-get install zstd)" >&2; exit 1; }
		zstd -q -dc "$found" >"$out/modules/$m.ko"
		;;
	esac
done

echo "stage-guest.sh: staged $mode payload in $out" >&2
