#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A check/debug-mode hook (staged by the Makefile into extra-<mode>/): a few
# iterations of every zx-bench benchmark, one TAP case per mechanism, so the
# benchmark never rots.  It fails only when a mechanism fails, never on a
# timing; a baseline that is unavailable (no /dev/binder) is a skip.
#
# Then it reads the CSV of that run: the rows of the multi-thread throughput
# (mtput) and idle memory (mem) families must be there, each with a figure
# for both sides and a ratio (their runs check what they measure: every
# message arrives once, every object exists); the numbers are not judged.
csv=/tmp/zx-bench-smoke.csv
rm -f "$csv"
/opt/zircon/bin/zx-bench --smoke --tap --csv "$csv"
rc=$?
# 4: no /dev/zircon (a skip); anything else but 0 is already a failure.
[ "$rc" = 0 ] || exit "$rc"

# rows_ok PATTERN COUNT RATIO: COUNT rows whose benchmark column matches
# PATTERN, every one with numeric ours and baseline medians, and a numeric
# ratio if RATIO is 1 (a memory row has none when the baseline takes no
# memory at all).
rows_ok() {
	awk -F'"?,"?' -v pat="$1" -v want="$2" -v ratio="$3" '
		function num(x) { return x ~ /^[0-9]+(\.[0-9]+)?$/ }
		{ sub(/^"/, "") }
		NR > 1 && $1 ~ pat {
			n++
			# 3: ours median, 7: baseline median, 10: ratio
			if (num($3) && num($7) && (num($10) || (!ratio && $10 == "")))
				good++
			else
				print "# smoke: bad row: " $0
		}
		END {
			printf "# smoke: %d of %d rows matching \"%s\" have figures\n",
			       good, want, pat
			exit !(n == want && good == want)
		}' "$csv"
}

bad=0
rows_ok '^mt 64 B msgs [24]x[24] threads' 4 1 || bad=1
rows_ok '^idle memory: ' 4 0 || bad=1
if [ "$bad" != 0 ]; then
	echo "not ok - zx-bench smoke: mtput/mem rows without figures (see above)"
	exit 1
fi
echo "# smoke: mtput and mem rows present"
exit 0
