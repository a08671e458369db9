#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise a `make bench-ab` console log.

The guest (scripts/guest.sh, ab mode) ran zx-bench on the base module (A)
and on the module under test (B) in alternating rounds and printed each
run's CSV between ZXAB-CSV-BEGIN <A|B> <round> and ZXAB-CSV-END.  For each
comparison zx-bench made, this prints our median per round for A and B,
B/A per round and its median, and each side's ratio to the Linux baseline
(median over the rounds).  B/A below 1 means the module under test is
faster.  The same figures go to OUT.csv.

Usage: bench-ab.py LOG OUT     (e.g. build/vm-bench-ab.log build/bench-ab)
Exit status: 0 when both modules have at least one round, 1 otherwise.
"""

import csv
import io
import re
import statistics
import sys

KMSG = re.compile(r'^\[ *[0-9]+\.[0-9]+\]')


def read_runs(log):
    """{(side, round): [csv rows as dicts]} from the console log."""
    runs = {}
    cur = None
    buf = []
    with open(log, encoding='utf-8', errors='replace') as f:
        for line in f:
            line = line.rstrip('\r\n')
            m = re.match(r'^ZXAB-CSV-BEGIN ([AB]) ([0-9]+)$', line)
            if m:
                cur = (m.group(1), int(m.group(2)))
                buf = []
            elif line == 'ZXAB-CSV-END' and cur:
                rows = list(csv.DictReader(io.StringIO('\n'.join(buf))))
                if rows:
                    runs[cur] = rows
                cur = None
            elif cur and not KMSG.match(line):
                buf.append(line)
    return runs


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def fmt(x, spec='.2f'):
    return '-' if x is None else format(x, spec)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write([l for l in __doc__.splitlines() if l.startswith('Usage:')][0] + '\n')
        return 2
    log, out = sys.argv[1], sys.argv[2]
    runs = read_runs(log)
    rounds = sorted({r for (_, r) in runs})
    if not any(s == 'A' for s, _ in runs) or not any(s == 'B' for s, _ in runs):
        sys.stderr.write('bench-ab.py: no A/B results in %s\n' % log)
        return 1

    # The rows in the order zx-bench printed them (first run that has each).
    keys = []
    table = {}
    for (side, r), rows in sorted(runs.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        for row in rows:
            k = (row['benchmark'], row['ours'], row['baseline'])
            if k not in table:
                keys.append(k)
                table[k] = {}
            table[k][(side, r)] = row

    out_rows = []
    for k in keys:
        per = table[k]
        ba = []
        a_med = []
        b_med = []
        ra = []
        rb = []
        rr = []
        for r in rounds:
            a = per.get(('A', r))
            b = per.get(('B', r))
            am = num(a['ours_median_ns']) if a else None
            bm = num(b['ours_median_ns']) if b else None
            a_med.append(am)
            b_med.append(bm)
            ba.append(bm / am if am and bm is not None else None)
            if a and num(a['ratio']) is not None:
                ra.append(num(a['ratio']))
            if b and num(b['ratio']) is not None:
                rb.append(num(b['ratio']))
            if a and b and num(a['ratio']) and num(b['ratio']) is not None:
                rr.append(num(b['ratio']) / num(a['ratio']))
        got = [x for x in ba if x is not None]
        out_rows.append({
            'benchmark': k[0], 'ours': k[1], 'baseline': k[2],
            'a_median_ns': a_med, 'b_median_ns': b_med, 'b_over_a': ba,
            'b_over_a_median': statistics.median(got) if got else None,
            'a_vs_baseline': statistics.median(ra) if ra else None,
            'b_vs_baseline': statistics.median(rb) if rb else None,
            'norm': statistics.median(rr) if rr else None,
        })

    with open(out + '.csv', 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(['benchmark', 'ours', 'baseline'] +
                   ['A_r%d_ns' % r for r in rounds] +
                   ['B_r%d_ns' % r for r in rounds] +
                   ['BA_r%d' % r for r in rounds] +
                   ['BA_median', 'A_vs_baseline', 'B_vs_baseline',
                    'BA_over_baselines_median'])
        for o in out_rows:
            w.writerow([o['benchmark'], o['ours'], o['baseline']] +
                       [fmt(x, '.1f') if x is not None else '' for x in o['a_median_ns']] +
                       [fmt(x, '.1f') if x is not None else '' for x in o['b_median_ns']] +
                       [fmt(x, '.4f') if x is not None else '' for x in o['b_over_a']] +
                       [fmt(o['b_over_a_median'], '.4f'),
                        fmt(o['a_vs_baseline'], '.4f'),
                        fmt(o['b_vs_baseline'], '.4f'),
                        fmt(o['norm'], '.4f')])

    lines = []
    head = '%-44s %s  %7s  %8s %8s  %8s' % (
        'benchmark vs baseline', ' '.join('  B/A r%-2d' % r for r in rounds),
        'B/A med', 'A vs lx', 'B vs lx', 'B/A norm')
    lines.append(head)
    for o in out_rows:
        name = ('%s vs %s' % (o['benchmark'], o['baseline']))[:44]
        lines.append('%-44s %s  %7s  %8s %8s  %8s' % (
            name, ' '.join('%9s' % fmt(x, '.3f') for x in o['b_over_a']),
            fmt(o['b_over_a_median'], '.3f'), fmt(o['a_vs_baseline']),
            fmt(o['b_vs_baseline']), fmt(o['norm'], '.3f')))
    text = '\n'.join(lines) + '\n'
    with open(out + '.txt', 'w', encoding='utf-8') as f:
        f.write(text)
    sys.stdout.write('\n' + text + '\n')
    sys.stdout.write('bench-ab.py: %d rounds; B/A < 1: B faster; '
                     '"vs lx": ours over the Linux baseline; "norm": B\'s ratio to its\n'
                     'baseline over A\'s, per round, median; table in %s.txt, CSV in %s.csv\n'
                     % (len(rounds), out, out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
