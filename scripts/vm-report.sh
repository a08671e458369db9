#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Verdict for a VM console log: see scripts/vm-report.py.
# Usage: vm-report.sh LOG [--vm-status N]
exec python3 "$(dirname "$0")/vm-report.py" "$@"
