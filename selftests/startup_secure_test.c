// SPDX-License-Identifier: GPL-2.0
/*
 * Startup handles and set-uid programs (Documentation/zircon.rst,
 * "Startup handles"): libzx reads ZX_LINUX_STARTUP_HANDLES with
 * secure_getenv(), so a program whose credentials changed at exec
 * (AT_SECURE: set-uid, set-gid, file capabilities) ignores the handles its
 * caller named, and removes the variable.
 *
 * The test copies itself to a set-uid-root file and runs it as another
 * user with a bridge descriptor named in the variable; the copy reports
 * what it saw.  The same copy run plainly (not AT_SECURE) takes the
 * handle, which shows the set-up is right.  Skips where no set-uid file
 * can be made (every candidate directory mounted nosuid).
 */
#include <grp.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <zircon/process.h>

#include "zx_test_util.h"

#define HELPER_FLAG	"--startup-helper"
#define STARTUP_ID	0x1234u
#define OTHER_UID	1000

/* Exit code bits of the helper. */
#define SAW_HANDLE	1	/* zx_take_startup_handle() gave a handle */
#define SAW_VARIABLE	2	/* the variable was still set in main() */
#define WAS_SECURE	4	/* getauxval(AT_SECURE) */

static int helper_main(int argc, char **argv)
{
	zx_handle_t h = zx_take_startup_handle(STARTUP_ID);
	int code = 0;

	(void)argc;
	(void)argv;
	if (h != ZX_HANDLE_INVALID)
		code |= SAW_HANDLE;
	if (getenv(ZX_LINUX_STARTUP_ENV))
		code |= SAW_VARIABLE;
	if (getauxval(AT_SECURE))
		code |= WAS_SECURE;
	return code;
}

/* Copies /proc/self/exe to @path with @mode (owned by root). */
static int copy_self(const char *path, mode_t mode)
{
	char buf[65536];
	ssize_t n;
	int in, out, ret = 0;

	in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			ret = -1;
	if (n < 0 || fchmod(out, mode))
		ret = -1;
	close(in);
	close(out);
	return ret;
}

/* A directory others may enter, on a file system that honours set-uid. */
static int make_dir(char *dir, size_t size)
{
	static const char *const bases[] = { "/tmp", "/var/tmp", "/dev/shm",
					     "/run" };

	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		struct statvfs sv;

		if (statvfs(bases[i], &sv) || (sv.f_flag & ST_NOSUID))
			continue;
		snprintf(dir, size, "%s/zx-secure-XXXXXX", bases[i]);
		if (mkdtemp(dir) && chmod(dir, 0755) == 0)
			return 0;
	}
	return -1;
}

struct run {
	const char *path;
	int fd;
	uid_t uid;		/* 0: stay root */
};

static int run_helper(void *arg)
{
	struct run *r = arg;
	char var[64];
	char *argv[] = { (char *)r->path, HELPER_FLAG, NULL };
	char *envp[] = { var, NULL };

	snprintf(var, sizeof(var), ZX_LINUX_STARTUP_ENV "=%d:%#x", r->fd,
		 STARTUP_ID);
	if (r->uid && (setgroups(0, NULL) || setresgid(r->uid, r->uid, r->uid) ||
		       setresuid(r->uid, r->uid, r->uid)))
		return 100;
	execve(r->path, argv, envp);
	return 101;
}

/* Runs the helper with a fresh bridge descriptor; its exit code. */
static int run_with_bridge(struct __test_metadata *_metadata,
			   const char *path, uid_t uid)
{
	struct run r = { .path = path, .uid = uid };
	zx_handle_t ev = zx_test_event();
	int code;

	if (ev == ZX_HANDLE_INVALID ||
	    zx_linux_handle_to_fd(ev, 0, &r.fd) != ZX_OK)
		return -1;
	code = zx_test_in_child(run_helper, &r);
	close(r.fd);
	TH_LOG("helper as uid %d: exit code %d", (int)uid, code);
	return code;
}

TEST(setuid_program_ignores_startup_handles)
{
	char dir[128], path[192];
	int code;

	if (geteuid() != 0)
		SKIP(return, "needs root to make a set-uid file");
	if (make_dir(dir, sizeof(dir)))
		SKIP(return, "no directory that honours set-uid");
	snprintf(path, sizeof(path), "%s/helper", dir);
	ASSERT_EQ(0, copy_self(path, 04755));

	/* Plain exec: the handle is taken and the variable removed. */
	code = run_with_bridge(_metadata, path, 0);
	EXPECT_EQ(SAW_HANDLE, code);

	/* Set-uid root, run by another user: AT_SECURE. */
	code = run_with_bridge(_metadata, path, OTHER_UID);
	unlink(path);
	rmdir(dir);
	if (code >= 0 && code < 8 && !(code & WAS_SECURE))
		SKIP(return, "the set-uid bit had no effect here");
	EXPECT_EQ(WAS_SECURE, code);
}

ZX_TEST_MAIN(HELPER_FLAG, helper_main)
