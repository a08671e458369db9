/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the zircon.ko selftests.  Header-only: every helper is
 * static inline so a program that does not use one gets no warning.
 *
 * Each test program includes this header instead of kselftest_harness.h.
 * It adds the harness (its main() under another name, ZX_TEST_MAIN) to the
 * helpers of zx_test_sys.h, whose constructor makes the program exit with
 * the kselftest skip code (4) when /dev/zircon does not exist.
 */
#ifndef ZX_TEST_UTIL_H
#define ZX_TEST_UTIL_H

#include "kselftest_harness.h"

/*
 * The harness kills a test after TEST_TIMEOUT_DEFAULT (30) seconds.  On the
 * debug kernel (KASAN, lockdep, kmemleak) under QEMU's TCG every ioctl is
 * some hundred times slower than native, and the 10,000-handle and stress
 * tests need longer than that.  The macro is expanded where TEST() is used,
 * so redefining it here applies to every test of the program.
 */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 150

#include "zx_test_sys.h"

/*
 * The harness's main() under another name: each program ends with
 * ZX_TEST_MAIN(flag, fn).  A program started with argv[1] == flag runs
 * fn(argc, argv) instead of the tests and exits with its return value; the
 * tests use that to re-execute themselves (/proc/self/exe) as a helper.
 * (The harness ignores its arguments, so the flag cannot clash.)
 */
#define main zx_test_harness_main
TEST_HARNESS_MAIN
#undef main

static inline int zx_test_run_main(int argc, char **argv, const char *flag,
				   int (*fn)(int, char **))
{
	if (flag && fn && argc >= 2 && strcmp(argv[1], flag) == 0)
		return fn(argc, argv);
	return zx_test_harness_main(argc, argv);
}

#define ZX_TEST_MAIN(flag, fn)						\
	int main(int argc, char **argv)					\
	{								\
		return zx_test_run_main(argc, argv, (flag), (fn));	\
	}

/*
 * In a test body whose fixture setup may have called SKIP(): returns
 * early, as the harness runs the body even after a skip in setup.
 */
#define ZX_TEST_SKIPPED_IN_SETUP()					\
	do {								\
		if (_metadata->skip)					\
			return;						\
	} while (0)

#endif /* ZX_TEST_UTIL_H */
