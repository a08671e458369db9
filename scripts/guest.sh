#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the throwaway VM (busybox sh) as /opt/zircon/guest.sh, started
# by the /init that scripts/vm-run.sh writes. Its stdout/stderr is the serial
# console, which the host logs and scripts/vm-report.sh reads.
#
# Payload layout (staged by scripts/stage-guest.sh):
#   /opt/zircon/mode            check | debug | fuzz | demo | bench | ab | profile | shell
#   /opt/zircon/zircon.ko       the module under test
#   /opt/zircon/modules/*.ko    kernel modules to load first (optional)
#   /opt/zircon/tests/*         kselftest programs (TAP; exit 0 pass, 4 skip)
#   /opt/zircon/libzx-tests/*   libzx unit tests, run the same way
#   /opt/zircon/extra/*         more test hooks, run in check and debug mode
#   /opt/zircon/extra-<mode>/*  more test hooks for one mode only
#   /opt/zircon/bin/zx-demo, /opt/zircon/bin/zx-port-server (demo mode)
#   /opt/zircon/bin/zx-bench
#   /opt/zircon/bin/zx_fuzz     the fuzzer, run last in check and debug mode
#   /opt/zircon/fuzz-args       and in fuzz mode, with these arguments
#   /opt/zircon/test-timeout    seconds per program (default 300)
#   /opt/zircon/bench-args      more arguments for zx-bench (bench, ab, profile)
#   /opt/zircon/ab/base.ko      ab mode: the module to compare zircon.ko with
#   /opt/zircon/ab/rounds       ab mode: how many rounds (default 3)
#   /opt/zircon/perf/           profile mode: the host's perf, its shared
#                               libraries and their loader (ld.so)
#
# Markers (one per line, for vm-report.sh):
#   ZXVM-TEST-BEGIN <name>      / ZXVM-TEST-END <name> rc=<n> secs=<s>
#   ZXVM-FAIL: <why>            a failure outside the test programs
#   ZXVM-KMEMLEAK-BEGIN / ZXVM-KMEMLEAK-END
#   ZXVM-BEGIN-JIFFIES=<n>      kernel jiffies just before insmod
#   ZXAB-CSV-BEGIN <A|B> <round> / ZXAB-CSV-END   ab mode: one zx-bench CSV
# Exit status: 0 when every program passed or skipped and nothing else failed.

Z=/opt/zircon
mode=$(cat "$Z/mode" 2>/dev/null || echo check)
per_test_timeout=$(cat "$Z/test-timeout" 2>/dev/null || echo 300)
failed=0

fail() {
	echo "ZXVM-FAIL: $*"
	failed=$((failed + 1))
}

# Tell the kernel log where our part starts: vm-report.sh only counts kernel
# reports logged after this line (earlier ones are shown as notes).
kmsg() {
	echo "<6>zxvm: $*" >/dev/kmsg 2>/dev/null || true
}

# run_prog <path> [args]: run one program under the per-program timeout
# with its output on the console, bracketed by markers.
run_prog() {
	prog=$1
	shift
	name=${prog#"$Z"/}
	echo "ZXVM-TEST-BEGIN $name"
	kmsg "run $name"
	start=$(date +%s)
	(cd /tmp && timeout -k 10 "$per_test_timeout" "$prog" "$@") </dev/null 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	if [ "$secs" -ge "$per_test_timeout" ]; then
		echo "# ZXVM: $name killed after ${per_test_timeout}s timeout"
	fi
	echo "ZXVM-TEST-END $name rc=$rc secs=$secs"
	case $rc in
	0 | 4) ;;
	*) failed=$((failed + 1)) ;;
	esac
}

# The fuzzer, when the payload has arguments for it.
run_fuzz() {
	[ -f "$Z/fuzz-args" ] || return 0
	if [ ! -x "$Z/bin/zx_fuzz" ]; then
		fail "no $Z/bin/zx_fuzz in the payload"
		return 0
	fi
	# shellcheck disable=SC2046 # the arguments are words
	run_prog "$Z/bin/zx_fuzz" $(cat "$Z/fuzz-args")
}

run_dir() {
	[ -d "$1" ] || return 0
	for p in "$1"/*; do
		[ -f "$p" ] && [ -x "$p" ] || continue
		run_prog "$p"
	done
}

# Boot leaves some objects that kmemleak reports sooner or later (e.g.
# ACPI's early caches); vm-report.sh only counts objects allocated after
# the jiffies value printed here.
print_begin_jiffies() {
	j=$(sed -n 's/^jiffies: *\([0-9]*\).*/\1/p' /proc/timer_list 2>/dev/null | head -n1)
	[ -z "$j" ] || echo "ZXVM-BEGIN-JIFFIES=$j"
}

kmemleak_report() {
	if [ ! -w /sys/kernel/debug/kmemleak ]; then
		echo "# ZXVM: kmemleak not available in this kernel"
		return 0
	fi
	# An object must be seen unreferenced by two scans some seconds
	# apart (and be at least 5 s old) before kmemleak reports it.
	echo scan >/sys/kernel/debug/kmemleak
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo "ZXVM-KMEMLEAK-BEGIN"
	cat /sys/kernel/debug/kmemleak
	echo "ZXVM-KMEMLEAK-END"
}

# wait_device: devtmpfs creates /dev/zircon after insmod; give it up to
# 5 s (udev-less, mdev-free system).  Fails when the node is not there.
wait_device() {
	i=0
	while [ ! -c /dev/zircon ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -c /dev/zircon ]
}

# load_zircon KO: (re)load the module and wait for its device node.
load_zircon() {
	if grep -q '^zircon ' /proc/modules && ! rmmod zircon; then
		fail "rmmod zircon failed before loading $1"
		return 1
	fi
	if ! insmod "$1"; then
		fail "insmod $1 failed"
		return 1
	fi
	wait_device || { fail "/dev/zircon missing after insmod $1"; return 1; }
}

# ab mode: zx-bench on the base module (A) and on zircon.ko (B) in
# alternating rounds (A B, then B A, ...), so that the host's load falls on
# both alike; each run's CSV goes to the console between markers, for
# scripts/bench-ab.py.  zircon.ko is loaded again at the end.
run_ab() {
	rounds=$(cat "$Z/ab/rounds" 2>/dev/null || echo 3)
	# The arguments as the shell would split them (quotes kept together).
	eval "set -- $(cat "$Z/bench-args" 2>/dev/null)"
	r=1
	while [ "$r" -le "$rounds" ]; do
		if [ $((r % 2)) -eq 1 ]; then order="A B"; else order="B A"; fi
		for v in $order; do
			ko=$Z/zircon.ko
			[ "$v" = A ] && ko=$Z/ab/base.ko
			load_zircon "$ko" || return 0
			csv=/tmp/ab-$v-$r.csv
			(cd /tmp && timeout -k 10 "$per_test_timeout" "$Z/bin/zx-bench" \
				"$@" -o "$csv") </dev/null >/dev/null ||
				fail "zx-bench on module $v, round $r, exited with status $?"
			echo "ZXAB-CSV-BEGIN $v $r"
			cat "$csv" 2>/dev/null
			echo "ZXAB-CSV-END"
		done
		r=$((r + 1))
	done
	load_zircon "$Z/zircon.ko"
}

# profile mode: zx-bench under a system-wide perf record (cpu-clock:
# TCG has no hardware counters), then the report, between markers, for
# make bench-profile: self time per symbol, then time including callees.
# perf is the host's, started through the copied loader with its copied
# libraries.
run_profile() {
	P=$Z/perf
	perf() {
		"$P/ld.so" --library-path "$P/lib" "$P/perf" "$@"
	}
	echo 0 >/proc/sys/kernel/kptr_restrict
	echo -1 >/proc/sys/kernel/perf_event_paranoid
	mount -t debugfs none /sys/kernel/debug 2>/dev/null
	eval "set -- $(cat "$Z/bench-args" 2>/dev/null)"
	# timeout runs programs, not shell functions: the loader in full.
	(cd /tmp && timeout -k 10 "$per_test_timeout" \
		"$P/ld.so" --library-path "$P/lib" "$P/perf" record -q -e cpu-clock -a -g \
		-o /tmp/perf.data -- "$Z/bin/zx-bench" "$@") \
		</dev/null || fail "perf record of zx-bench exited with status $?"
	echo "ZXPROF-BEGIN"
	perf report -i /tmp/perf.data --stdio --no-children --percentage relative \
		--comms zx-bench --sort dso,sym -g none --percent-limit 0.3 \
		2>/dev/null | grep -v '^$'
	echo "ZXPROF-INCLUSIVE"
	perf report -i /tmp/perf.data --stdio --children --percentage relative \
		--comms zx-bench --sort sym -g none --percent-limit 1 \
		2>/dev/null | grep -v '^$' | head -n 200
	echo "ZXPROF-END"
}

echo "ZXVM: mode=$mode kernel=$(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"

# Have the kernel's random number generator ready before any test runs:
# /dev/random blocks until it is.  It switches a static key when it
# becomes ready, which rewrites kernel code; under TCG a vCPU running that
# code in a tight getrandom() loop (zx_cprng_draw) at that very moment was
# seen to spin there for minutes (a soft lockup report).  Done here, the
# switch happens while nothing else runs.
if ! timeout 120 head -c 1 /dev/random >/dev/null; then
	echo "ZXVM: the random number generator was not ready after 120 s"
fi

print_begin_jiffies
kmsg "begin"

for m in "$Z"/modules/*.ko; do
	[ -f "$m" ] || continue
	insmod "$m" || fail "insmod $m"
done

if ! insmod "$Z/zircon.ko"; then
	fail "insmod zircon.ko failed"
	dmesg | tail -n 30
	exit 1
fi
wait_device || fail "/dev/zircon missing after insmod"
ls -l /dev/zircon

case $mode in
check | debug)
	run_dir "$Z/tests"
	run_dir "$Z/libzx-tests"
	run_dir "$Z/extra"
	run_dir "$Z/extra-$mode"
	run_fuzz
	;;
fuzz)
	[ -f "$Z/fuzz-args" ] || fail "no $Z/fuzz-args in the payload"
	run_fuzz
	;;
demo)
	# The demo, then the port server example.
	for d in zx-demo zx-port-server; do
		if [ -x "$Z/bin/$d" ]; then
			(cd /tmp && timeout -k 10 "$per_test_timeout" "$Z/bin/$d") </dev/null 2>&1 ||
				fail "$d exited with status $?"
		else
			fail "no $Z/bin/$d in the payload"
		fi
	done
	;;
bench)
	# The table and the CSV go to the console between marker lines;
	# scripts/bench-report.sh takes them out of the log.
	if [ -x "$Z/bin/zx-bench" ]; then
		# shellcheck disable=SC2046 # bench-args is a word list
		(cd /tmp && timeout -k 10 "$per_test_timeout" "$Z/bin/zx-bench" --markers \
			$(cat "$Z/bench-args" 2>/dev/null)) </dev/null 2>&1 ||
			fail "zx-bench exited with status $?"
	else
		fail "no $Z/bin/zx-bench in the payload"
	fi
	run_dir "$Z/extra-bench"
	;;
ab)
	run_ab
	;;
profile)
	run_profile
	;;
shell)
	# Interactive: the /init starts a shell after this script; the
	# module stays loaded.
	echo "ZXVM: zircon.ko loaded; programs are in $Z"
	exit 0
	;;
*)
	fail "unknown mode '$mode'"
	;;
esac

# Unloading proves that nothing still holds a reference to the module.
sync
if ! rmmod zircon; then
	fail "rmmod zircon failed (something still holds the module)"
	lsmod
fi
kmsg "end"

if [ "$mode" = debug ] || [ "$mode" = fuzz ]; then
	kmemleak_report
fi

[ "$failed" -eq 0 ]
