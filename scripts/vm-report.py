#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a VM console log written by scripts/vm-run.sh into a verdict.

Usage: vm-report.py LOG [--vm-status N]

Counts test cases from each program's output (the kselftest "# Totals:"
line when there is one, else the TAP "ok"/"not ok" lines), adds one failure
for each program that crashed or timed out, for each ZXVM-FAIL line from
guest.sh, for each kernel report (WARNING, BUG, KASAN, UBSAN, lockdep,
kmemleak, Oops, panic, ...) logged after the guest's "zxvm: begin" mark, and
for a VM that never reported its exit status. (The one exception: an
allocation-failure warning with nothing else in it, logged while
selftests/fault_test injects failures, is noted, not counted.) The last line printed is
"N passed, M failed" (", K skipped" appended when K > 0); the exit status
is 0 iff M == 0.
"""

import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1bc")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\]")
TOTALS = re.compile(
    r"^# Totals: pass:(\d+) fail:(\d+) xfail:(\d+) xpass:(\d+) skip:(\d+)"
    r"(?: error:(\d+))?")
TAP = re.compile(r"^(not )?ok \d+\b(.*)$")
TAP_SKIP = re.compile(r"#\s*SKIP\b", re.IGNORECASE)
BEGIN = re.compile(r"^ZXVM-TEST-BEGIN (\S+)")
END = re.compile(r"^ZXVM-TEST-END (\S+) rc=(\d+)(?: secs=(\d+))?")

# A kernel log line matching one of these starts (or continues) a report.
REPORT = re.compile(
    r"WARNING:|BUG:|kernel BUG at|\bOops\b|KASAN:|UBSAN:|"
    r"general protection fault|Kernel panic|possible circular locking|"
    r"possible recursive locking|INFO: possible|inconsistent lock state|"
    r"INFO: trying to register non-static key|"
    r"turning off the locking correctness validator|"
    r"unreferenced object|Call Trace|blocked for more than|detected stall|"
    r"list_add corruption|list_del corruption|VM_FAULT_OOM leaked")
# Lines that match the above but are not kernel problems: user-space
# faults ("traps: prog[pid] general protection fault ...") are the test
# program's own failure and are already counted with it.
NOT_REPORT = re.compile(r"\btraps:|segfault at")
# Always a report of its own (kmemleak lists one object per entry).
ALWAYS_NEW = re.compile(r"unreferenced object")
END_OF_REPORT = re.compile(r"---\[ end (trace|Kernel panic)")
# selftests/fault_test makes allocations fail on purpose between these two
# kernel log lines (or until the next program starts). The core kernel may
# answer an injected failure with a warning and a stack dump ("vmalloc
# error: ...", "page allocation failure: ...", or the injector's own
# "FAULT_INJECTION: forcing a failure" at verbose=2). Inside that window
# such a report is noted, not counted, as long as nothing in it is a real
# report: its only matching lines are "Call Trace".
FAULT_ON = re.compile(r"zx-fault: injection on")
FAULT_OFF = re.compile(r"zx-fault: injection off|zxvm: (run|end)\b")
ALLOC_FAILURE = re.compile(r"page allocation failure:|vmalloc error:|"
                           r"FAULT_INJECTION: forcing a failure|"
                           r"VM_FAULT_OOM leaked")
# A page fault whose page-table or page allocation was failed on purpose
# ends in VM_FAULT_OOM, which x86 logs ("Huh VM_FAULT_OOM leaked out to the
# #PF handler. Retrying PF") before retrying: inside the window that line
# is the injected failure's, like the warnings above.
INJECTED_OK = ("Call Trace", "VM_FAULT_OOM leaked")
ALLOC_FAILURE_LOOKBACK = 6
RULE = re.compile(r"^(\[\s*\d+\.\d+\]\s*)?={20,}\s*$")
WINDOW = 80        # lines after the last match that still belong to a report
CONTEXT_AFTER = 30


def clean(line):
    return ANSI.sub("", line.replace("\r", "")).rstrip("\n")


class Verdict:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.lines = []

    def say(self, msg=""):
        self.lines.append(msg)


def parse_programs(lines, v):
    """Per-program results from the ZXVM-TEST-BEGIN/END blocks."""
    cur = None
    results = []

    def finish(prog, rc, secs):
        name = prog["name"]
        p = f = s = 0
        why = []
        if prog["totals"]:
            tp, tf, txf, txp, ts, te = prog["totals"]
            p, f, s = tp + txf, tf + txp + te, ts
        else:
            p, f, s = prog["ok"], prog["notok"], prog["skip"]
        if rc is None:
            f += 1
            why.append("did not finish (VM died or hung)")
        elif rc not in (0, 4):
            if f == 0:
                f += 1
            if rc in (124, 137, 143):
                why.append(f"killed (timeout?) rc={rc}")
            elif rc > 128:
                why.append(f"died from signal {rc - 128}")
            else:
                why.append(f"exit status {rc}")
        elif p + f + s == 0:
            if rc == 4:
                s = 1
            else:
                p = 1
        if rc is not None and rc not in (0, 4) and not prog["totals"]:
            why.append("no kselftest Totals line")
        v.passed += p
        v.failed += f
        v.skipped += s
        status = "FAIL" if f else ("SKIP" if p == 0 and s else "PASS")
        extra = f" [{'; '.join(why)}]" if why else ""
        t = f" {secs}s" if secs is not None else ""
        results.append((status, name, p, f, s, extra, t, prog))

    for idx, line in enumerate(lines):
        m = BEGIN.match(line)
        if m:
            if cur:
                finish(cur, None, None)
            cur = {"name": m.group(1), "totals": None, "ok": 0, "notok": 0,
                   "skip": 0, "start": idx, "failed_lines": []}
            continue
        if cur is None:
            continue
        m = END.match(line)
        if m:
            cur["end"] = idx
            finish(cur, int(m.group(2)),
                   int(m.group(3)) if m.group(3) is not None else None)
            cur = None
            continue
        m = TOTALS.match(line)
        if m:
            cur["totals"] = tuple(int(x or 0) for x in m.groups())
            continue
        m = TAP.match(line)
        if m:
            if m.group(1):
                cur["notok"] += 1
                cur["failed_lines"].append(line)
            elif TAP_SKIP.search(m.group(2)):
                cur["skip"] += 1
            else:
                cur["ok"] += 1
    if cur:
        cur["end"] = len(lines) - 1
        finish(cur, None, None)

    for status, name, p, f, s, extra, t, prog in results:
        v.say(f"{status} {name}: {p} passed, {f} failed, {s} skipped{t}{extra}")
        for fl in prog["failed_lines"][:20]:
            v.say(f"    {fl}")
        if status == "FAIL" and not prog["failed_lines"]:
            tail = lines[max(prog["start"] + 1, prog.get("end", len(lines)) - 15):
                         prog.get("end", len(lines))]
            for tl in tail:
                v.say(f"    | {tl}")
    return results


def section(lines, begin, end):
    """(start, stop) indices of the last begin..end section, or None."""
    found = None
    for i, line in enumerate(lines):
        if line == begin:
            found = [i + 1, None]
        elif line == end and found and found[1] is None:
            found[1] = i
    if found and found[1] is not None:
        return found[0], found[1]
    return None


def find_reports(klines):
    """Group matching kernel lines into reports: list of (start, stop)."""
    reports = []
    cur = None          # [start, last_match, open]
    for i, line in enumerate(klines):
        if cur and END_OF_REPORT.search(line):
            cur[1] = i
            reports.append((cur[0], i + 1))
            cur = None
            continue
        if cur and RULE.match(line) and i - cur[0] >= 3:
            cur[1] = i
            reports.append((cur[0], i + 1))
            cur = None
            continue
        if not REPORT.search(line) or NOT_REPORT.search(line):
            continue
        if cur and (ALWAYS_NEW.search(line) or i - cur[1] > WINDOW):
            reports.append((cur[0], min(cur[1] + CONTEXT_AFTER, i)))
            cur = None
        if cur:
            cur[1] = i
        else:
            cur = [i, i]
    if cur:
        reports.append((cur[0], min(cur[1] + CONTEXT_AFTER, len(klines))))
    return reports


def fault_windows(klines):
    """(start, stop) index ranges where fault injection was on."""
    windows = []
    start = None
    for i, line in enumerate(klines):
        if FAULT_ON.search(line):
            if start is None:
                start = i
        elif start is not None and FAULT_OFF.search(line):
            windows.append((start, i))
            start = None
    if start is not None:
        windows.append((start, len(klines)))
    return windows


def injected_failure_warning(klines, start, stop, windows):
    """Whether report klines[start:stop] is only the allocation-failure
    warning of a failure injected on purpose."""
    if not any(a <= start < b for a, b in windows):
        return False
    before = klines[max(0, start - ALLOC_FAILURE_LOOKBACK):start + 1]
    if not any(ALLOC_FAILURE.search(line) for line in before):
        return False
    for line in klines[start:stop]:
        if NOT_REPORT.search(line):
            continue
        m = REPORT.search(line)
        if m and m.group(0) not in INJECTED_OK:
            return False
    return True


def scan_kernel(lines, v):
    dm = section(lines, "ZXVM-DMESG-BEGIN", "ZXVM-DMESG-END")
    if dm:
        klines = lines[dm[0]:dm[1]]
        where = "kernel log (dmesg dump)"
    else:
        # No dump (the VM crashed or hung): use what reached the console.
        klines = [line for line in lines if TIMESTAMP.match(line)]
        where = "console (no dmesg dump)"
    begin = 0
    for i, line in enumerate(klines):
        if "zxvm: begin" in line:
            begin = i
            break
    reports = find_reports(klines)
    windows = fault_windows(klines)
    counted = injected = 0
    for start, stop in reports:
        if injected_failure_warning(klines, start, stop, windows):
            injected += 1
            continue
        early = start < begin
        head = "note: kernel report before the tests started (not counted)" \
            if early else "FAIL kernel report"
        v.say(f"{head}, {where} lines {start + 1}-{stop}:")
        for line in klines[max(0, start - 3):stop]:
            v.say(f"    | {line}")
        if not early:
            counted += 1
    if injected:
        v.say(f"note: {injected} allocation-failure warning(s) for failures"
              " injected on purpose by fault_test (not counted)")
    v.failed += counted
    return counted


def scan_kmemleak(lines, v):
    """kmemleak's report: one entry per "unreferenced object" line. Only
    objects allocated after ZXVM-BEGIN-JIFFIES (just before insmod) count;
    older ones are leftovers from boot."""
    km = section(lines, "ZXVM-KMEMLEAK-BEGIN", "ZXVM-KMEMLEAK-END")
    if not km:
        return 0
    begin = None
    for line in lines:
        m = re.match(r"^ZXVM-BEGIN-JIFFIES=(\d+)$", line)
        if m:
            begin = int(m.group(1))
    entries = []
    for line in lines[km[0]:km[1]]:
        if line.startswith("unreferenced object"):
            entries.append([line])
        elif entries:
            entries[-1].append(line)
    leaks = old = 0
    for entry in entries:
        m = re.search(r"jiffies (\d+)", " ".join(entry[:3]))
        if begin is not None and m and int(m.group(1)) < begin:
            old += 1
            continue
        leaks += 1
        v.say("FAIL kmemleak:")
        for line in entry[:40]:
            v.say(f"    | {line}")
    if old:
        v.say(f"note: {old} kmemleak object(s) allocated before the tests"
              " (boot leftovers, not counted)")
    v.failed += leaks
    return leaks


def main(argv):
    args = argv[1:]
    vm_status = None
    if "--vm-status" in args:
        i = args.index("--vm-status")
        vm_status = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        sys.stderr.write(__doc__)
        return 2
    try:
        with open(args[0], errors="replace") as f:
            lines = [clean(line) for line in f]
    except OSError as e:
        print(f"cannot read the VM log: {e}")
        print("0 passed, 1 failed")
        return 1

    v = Verdict()
    v.say(f"=== verdict for {args[0]}")
    parse_programs(lines, v)

    for line in lines:
        if line.startswith("ZXVM-FAIL:"):
            v.say(f"FAIL guest: {line[len('ZXVM-FAIL:'):].strip()}")
            v.failed += 1

    scan_kernel(lines, v)
    scan_kmemleak(lines, v)

    status = None
    for line in lines:
        m = re.match(r"^ZXVM-EXIT-STATUS=(\d+)$", line)
        if m:
            status = int(m.group(1))
    if not any(line.startswith("ZXVM-GUEST-START") for line in lines):
        v.say("FAIL the guest never started (kernel did not boot or no /init)")
        v.failed += 1
    elif status is None:
        why = "timed out" if any(line.startswith("ZXVM-HOST: timeout")
                                 for line in lines) else "crashed or hung"
        v.say(f"FAIL the VM never reported an exit status ({why})")
        v.failed += 1
    elif status != 0 and v.failed == 0:
        v.say(f"FAIL guest.sh exited with status {status}")
        v.failed += 1
    if vm_status not in (None, 0) and v.failed == 0:
        v.say(f"FAIL vm-run.sh exited with status {vm_status}")
        v.failed += 1

    for line in v.lines:
        print(line)
    last = f"{v.passed} passed, {v.failed} failed"
    if v.skipped:
        last += f", {v.skipped} skipped"
    print(last)
    return 0 if v.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
