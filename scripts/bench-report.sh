#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Take zx-bench's results out of a VM console log (make bench): the table
# goes to stdout and to OUT.txt, the CSV to OUT.csv.  zx-bench --markers
# prints them between ZXBENCH-TABLE-BEGIN/END and ZXBENCH-CSV-BEGIN/END.
#
# Usage: bench-report.sh LOG OUT   (e.g. build/vm-bench.log build/bench)
# Exit status: 0 when both were found, 1 otherwise.
set -euo pipefail

[ $# -eq 2 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
log=$1 out=$2

# section BEGIN END: the lines between the last pair of markers, without
# the kernel's console messages that may have landed in between.
section() {
	tr -d '\r' <"$log" | awk -v b="$1" -v e="$2" '
		$0 == b { n = 0; on = 1; next }
		$0 == e && on { on = 0; done = 1; keep = n; for (i = 0; i < n; i++) out[i] = buf[i]; next }
		on && !/^\[ *[0-9]+\.[0-9]+\]/ { buf[n++] = $0 }
		END { if (done) for (i = 0; i < keep; i++) print out[i] }'
}

section ZXBENCH-TABLE-BEGIN ZXBENCH-TABLE-END >"$out.txt.tmp"
section ZXBENCH-CSV-BEGIN ZXBENCH-CSV-END >"$out.csv.tmp"
if ! [ -s "$out.txt.tmp" ] || ! [ -s "$out.csv.tmp" ]; then
	rm -f "$out.txt.tmp" "$out.csv.tmp"
	echo "bench-report.sh: no zx-bench results in $log" >&2
	exit 1
fi
mv "$out.txt.tmp" "$out.txt"
mv "$out.csv.tmp" "$out.csv"
echo
cat "$out.txt"
echo
echo "bench-report.sh: table in $out.txt, CSV in $out.csv"
