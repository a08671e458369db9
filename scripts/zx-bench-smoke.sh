#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A check/debug-mode hook (staged by the Makefile into extra-<mode>/): a few
# iterations of every zx-bench benchmark, one TAP case per mechanism, so the
# benchmark never rots.  It fails only when a mechanism fails, never on a
# timing; a baseline that is unavailable (no /dev/binder) is a skip.
exec /opt/zircon/bin/zx-bench --smoke --tap
