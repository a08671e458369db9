// SPDX-License-Identifier: GPL-2.0
/*
 * 32-bit callers are refused (Documentation/zircon.rst, "32-bit
 * callers"): open() of /dev/zircon through the 32-bit system call entry
 * fails with EOPNOTSUPP, and an ioctl through it on a descriptor a 64-bit
 * open made fails with ENOTTY (no compat_ioctl), while the same descriptor
 * still works for 64-bit calls.  The 32-bit entry is reached with
 * `int $0x80` from this 64-bit program, which the kernel treats as a
 * compat system call; the tests skip where the kernel has no IA-32
 * emulation (the debug kernel) or it is disabled.
 */
#include <sys/ioctl.h>

#include <linux/zircon.h>

#include "zx_test_util.h"

#define NR32_OPEN	5
#define NR32_GETPID	20
#define NR32_IOCTL	54
#define SKIP_RC		4

static long int80(long nr, long a, long b, long c)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

/* Memory below 4 GiB, which a 32-bit pointer can name. */
static void *low_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Exit code 4 if the 32-bit entry does not work here. */
static int compat_works(void)
{
	return int80(NR32_GETPID, 0, 0, 0) == getpid();
}

static int open_refused(void *arg)
{
	char *path = low_page();
	long fd;

	(void)arg;
	if (!compat_works())
		return SKIP_RC;
	CHILD_CHECK(path != NULL && (uintptr_t)path < (1ULL << 32));
	strcpy(path, ZX_TEST_DEVICE);
	fd = int80(NR32_OPEN, (long)(uintptr_t)path, O_RDWR | O_CLOEXEC, 0);
	CHILD_CHECK(fd == -EOPNOTSUPP);
	/* The 64-bit open of the same node works. */
	fd = open(path, O_RDWR | O_CLOEXEC);
	CHILD_CHECK(fd >= 0);
	close((int)fd);
	return 0;
}

static int ioctl_refused(void *arg)
{
	struct zx_ioc_version *v = low_page();
	int fd = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	long ret;

	(void)arg;
	if (!compat_works())
		return SKIP_RC;
	CHILD_CHECK(fd >= 0 && v != NULL);
	ret = int80(NR32_IOCTL, fd, (long)ZX_IOC_VERSION, (long)(uintptr_t)v);
	CHILD_CHECK(ret == -ENOTTY);
	/* The descriptor is untouched for 64-bit calls. */
	CHILD_CHECK(ioctl(fd, ZX_IOC_VERSION, v) == 0);
	CHILD_CHECK(v->major == ZX_ABI_VERSION_MAJOR);
	close(fd);
	return 0;
}

/* Runs @fn in a child: a child killed (no IA-32 entry at all) skips. */
static int run32(int (*fn)(void *))
{
	pid_t pid = zx_test_fork(fn, NULL);
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		return SKIP_RC;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(open_from_32bit_refused)
{
	int rc = run32(open_refused);

	if (rc == SKIP_RC)
		SKIP(return, "no IA-32 system call entry in this kernel");
	EXPECT_EQ(0, rc);
}

TEST(ioctl_from_32bit_refused)
{
	int rc = run32(ioctl_refused);

	if (rc == SKIP_RC)
		SKIP(return, "no IA-32 system call entry in this kernel");
	EXPECT_EQ(0, rc);
}

ZX_TEST_MAIN(NULL, NULL)
