// SPDX-License-Identifier: GPL-2.0
/*
 * zx_process_read_memory() and zx_process_write_memory(): the caller's own
 * memory and a child's (forked or spawned), transfers that stop at the end
 * of what is mapped, rights, types, closed handles, bad buffers, sizes, a
 * child that has exited, Linux's ptrace check (another user, a process
 * that is not dumpable), and the pid check that keeps a reused pid out.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include <linux/zircon.h>
#include <zircon/process.h>

#include "zx_test_util.h"

#define HELPER_FLAG	"--procmem-helper"
#define MAX_BLOCK	(64u * 1024u * 1024u)

/* Filled before any fork, so every child has the same bytes. */
static char g_pattern[256];
/* A child reports what it finds here; the parent writes it. */
static volatile unsigned char g_mailbox[64];
/* The same in every exec of this (static) program. */
static const char g_const[] = "procmem: the same in every copy";

static void fill_pattern(void)
{
	size_t i;

	for (i = 0; i < sizeof(g_pattern); i++)
		g_pattern[i] = (char)(i * 7 + 3);
}

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* @n pages, readable and writable; the caller unmaps. */
static char *map_pages(size_t n)
{
	void *p = mmap(NULL, n * page_size(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * A forked child that waits for one byte on the pipe, then exits with
 * g_mailbox[0] (or with 200 + the byte if it is not 0).
 */
static pid_t fork_mailbox(int pipefd[2], int dumpable)
{
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		unsigned char c = 0;

		close(pipefd[1]);
		if (!dumpable)
			prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		if (read(pipefd[0], &c, 1) != 1)
			_exit(99);
		_exit(c ? 200 + c : g_mailbox[0]);
	}
	close(pipefd[0]);
	return pid;
}

static int release_child(int pipefd[2], pid_t pid)
{
	unsigned char c = 0;

	if (write(pipefd[1], &c, 1) != 1)
		return -1;
	close(pipefd[1]);
	return zx_test_wait_child(pid);
}

static zx_status_t wait_terminated(zx_handle_t h)
{
	zx_signals_t seen = 0;

	return zx_object_wait_one(h, ZX_PROCESS_TERMINATED,
				  zx_deadline_after(ZX_SEC(60)), &seen);
}

static int helper_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	/* Keep g_const in the image; wait to be killed. */
	if (g_const[0] != 'p')
		return 1;
	pause();
	return 0;
}

/* The raw request, for the checks libzx does not expose. */
static int mem_ioctl(zx_handle_t h, __u32 options, __s32 *pid,
		     __u32 reserved)
{
	struct zx_ioc_process_memory a = {
		.handle = h,
		.options = options,
		.pid = *pid,
		.reserved = reserved,
	};
	int r = ioctl(zx_linux_device_fd(), ZX_IOC_PROCESS_MEMORY, &a);

	*pid = a.pid;
	return r;
}

/* ---------------------------------------------------------- own memory */

TEST(read_own_memory)
{
	char buf[sizeof(g_pattern)];
	size_t actual = 0;

	fill_pattern();
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(ZX_OK, zx_process_read_memory(zx_process_self(),
						(zx_vaddr_t)g_pattern, buf,
						sizeof(buf), &actual));
	EXPECT_EQ(sizeof(buf), actual);
	EXPECT_EQ(0, memcmp(buf, g_pattern, sizeof(buf)));
}

TEST(write_own_memory)
{
	char *p = map_pages(1);
	const char msg[] = "written by zx_process_write_memory";
	size_t actual = 0;

	ASSERT_NE(NULL, p);
	ASSERT_EQ(ZX_OK, zx_process_write_memory(zx_process_self(),
						 (zx_vaddr_t)p + 10, msg,
						 sizeof(msg), &actual));
	EXPECT_EQ(sizeof(msg), actual);
	EXPECT_EQ(0, memcmp(p + 10, msg, sizeof(msg)));
	EXPECT_EQ(0, p[9]);
	munmap(p, page_size());
}

/* As a debugger sets breakpoints: through a read-only private mapping. */
TEST(write_own_readonly_private_mapping)
{
	char *p = map_pages(1);
	size_t actual = 0;

	ASSERT_NE(NULL, p);
	p[0] = 'a';
	ASSERT_EQ(0, mprotect(p, page_size(), PROT_READ));
	EXPECT_EQ(ZX_OK, zx_process_write_memory(zx_process_self(),
						 (zx_vaddr_t)p, "b", 1,
						 &actual));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ('b', p[0]);
	munmap(p, page_size());
}

TEST(read_across_adjacent_mappings_and_64mib)
{
	size_t ps = page_size(), actual = 0;
	char *p = map_pages(3), *buf;

	ASSERT_NE(NULL, p);
	memset(p, 'x', 3 * ps);
	/* Two mappings now (different protections); one transfer. */
	ASSERT_EQ(0, mprotect(p + ps, ps, PROT_READ));
	ASSERT_EQ(0, munmap(p + 2 * ps, ps));
	buf = mmap(NULL, MAX_BLOCK, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	/* The largest size allowed; stops where the mappings end. */
	EXPECT_EQ(ZX_OK, zx_process_read_memory(zx_process_self(),
						(zx_vaddr_t)p + 1, buf,
						MAX_BLOCK, &actual));
	EXPECT_EQ(2 * ps - 1, actual);
	EXPECT_EQ('x', buf[0]);
	EXPECT_EQ('x', buf[2 * ps - 2]);
	EXPECT_EQ(0, buf[2 * ps - 1]);
	munmap(buf, MAX_BLOCK);
	munmap(p, 2 * ps);
}

/* ------------------------------------------------------- a child's memory */

TEST(read_and_write_forked_child)
{
	int fds[2];
	pid_t pid;
	zx_handle_t h = ZX_HANDLE_INVALID;
	char buf[sizeof(g_pattern)];
	unsigned char v = 42, back = 0;
	size_t actual = 0;

	fill_pattern();
	g_mailbox[0] = 1;
	pid = fork_mailbox(fds, 1);
	ASSERT_GT(pid, 0);
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	/* Ours changes; the child's copy does not. */
	g_pattern[0] ^= 0x55;
	EXPECT_EQ(ZX_OK, zx_process_read_memory(h, (zx_vaddr_t)g_pattern, buf,
						sizeof(buf), &actual));
	EXPECT_EQ(sizeof(buf), actual);
	g_pattern[0] ^= 0x55;
	EXPECT_EQ(0, memcmp(buf, g_pattern, sizeof(buf)));

	actual = 0;
	EXPECT_EQ(ZX_OK, zx_process_write_memory(h, (zx_vaddr_t)g_mailbox,
						 &v, 1, &actual));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1, g_mailbox[0]);
	EXPECT_EQ(ZX_OK, zx_process_read_memory(h, (zx_vaddr_t)g_mailbox,
						&back, 1, &actual));
	EXPECT_EQ(42, back);
	EXPECT_EQ(42, release_child(fds, pid));
	zx_handle_close(h);
}

TEST(read_spawned_child)
{
	char *argv[] = { "/proc/self/exe", HELPER_FLAG, NULL };
	zx_handle_t h = ZX_HANDLE_INVALID;
	char buf[sizeof(g_const)];
	size_t actual = 0;
	int pid = 0;

	ASSERT_EQ(ZX_OK, zx_linux_spawn_etc(ZX_HANDLE_INVALID, argv[0], argv,
					    NULL, 0, &pid, &h));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(ZX_OK, zx_process_read_memory(h, (zx_vaddr_t)g_const, buf,
						sizeof(buf), &actual));
	EXPECT_EQ(sizeof(buf), actual);
	EXPECT_STREQ(g_const, buf);
	EXPECT_EQ(ZX_OK, zx_task_kill(h));
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(pid));
	zx_handle_close(h);
}

/* -------------------------------------------------------- what is mapped */

TEST(unmapped_address_is_not_found)
{
	size_t ps = page_size(), actual = 77;
	char *p = map_pages(2), buf[16];

	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, munmap(p, 2 * ps));
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_process_read_memory(zx_process_self(), (zx_vaddr_t)p,
					 buf, sizeof(buf), &actual));
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_process_write_memory(zx_process_self(), (zx_vaddr_t)p,
					  buf, sizeof(buf), &actual));
	EXPECT_EQ(77u, actual);
	/* Not user addresses at all. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_process_read_memory(zx_process_self(), 0, buf,
					 sizeof(buf), &actual));
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_process_read_memory(zx_process_self(),
					 0xffffffff81000000ull, buf,
					 sizeof(buf), &actual));
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_process_write_memory(zx_process_self(), UINT64_MAX - 3,
					  buf, sizeof(buf), &actual));
}

TEST(transfer_stops_at_end_of_mapping)
{
	size_t ps = page_size(), actual = 0;
	char *p = map_pages(2), *buf = malloc(2 * ps);

	ASSERT_NE(NULL, p);
	ASSERT_NE(NULL, buf);
	memset(p, 'y', ps);
	ASSERT_EQ(0, munmap(p + ps, ps));
	EXPECT_EQ(ZX_OK, zx_process_read_memory(zx_process_self(),
						(zx_vaddr_t)p + 100, buf,
						2 * ps, &actual));
	EXPECT_EQ(ps - 100, actual);
	EXPECT_EQ('y', buf[ps - 101]);
	memset(buf, 'z', 2 * ps);
	actual = 0;
	EXPECT_EQ(ZX_OK, zx_process_write_memory(zx_process_self(),
						 (zx_vaddr_t)p + ps - 8, buf,
						 2 * ps, &actual));
	EXPECT_EQ(8u, actual);
	EXPECT_EQ('y', p[ps - 9]);
	EXPECT_EQ('z', p[ps - 1]);
	munmap(p, ps);
	free(buf);
}

/* ------------------------------------------------------------- errors */

TEST(rights)
{
	zx_handle_t self = zx_process_self(), r = ZX_HANDLE_INVALID;
	zx_handle_t w = ZX_HANDLE_INVALID, none = ZX_HANDLE_INVALID;
	char buf[8] = { 0 };
	size_t actual = 0;

	fill_pattern();
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self, ZX_DEFAULT_PROCESS_RIGHTS &
					     ~ZX_RIGHT_WRITE, &r));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self, ZX_DEFAULT_PROCESS_RIGHTS &
					     ~ZX_RIGHT_READ, &w));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self, ZX_RIGHT_INSPECT, &none));
	/* Reading needs both READ and WRITE (Zircon's "historical reasons"). */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_process_read_memory(r, (zx_vaddr_t)g_pattern, buf,
					 sizeof(buf), &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_process_read_memory(w, (zx_vaddr_t)g_pattern, buf,
					 sizeof(buf), &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_process_write_memory(r, (zx_vaddr_t)buf, "a", 1,
					  &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_process_write_memory(none, (zx_vaddr_t)buf, "a", 1,
					  &actual));
	/* Writing needs only WRITE. */
	EXPECT_EQ(ZX_OK, zx_process_write_memory(w, (zx_vaddr_t)buf, "a", 1,
						 &actual));
	EXPECT_EQ('a', buf[0]);
	zx_handle_close(r);
	zx_handle_close(w);
	zx_handle_close(none);
}

TEST(wrong_type_and_bad_handles)
{
	zx_handle_t ev = zx_test_event(), closed = zx_test_event();
	char buf[8];
	size_t actual;
	zx_vaddr_t a = (zx_vaddr_t)buf;

	ASSERT_EQ(ZX_OK, zx_handle_close(closed));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_process_read_memory(ev, a, buf, 8, &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_process_write_memory(ev, a, buf, 8, &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_process_read_memory(zx_thread_self(), a, buf, 8,
					 &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_process_write_memory(zx_job_default(), a, buf, 8,
					  &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_process_read_memory(zx_vmar_root_self(), a, buf, 8,
					 &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_process_read_memory(closed, a, buf, 8, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_process_write_memory(closed, a, buf, 8, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_process_read_memory(ZX_HANDLE_INVALID, a, buf, 8,
					 &actual));
	zx_handle_close(ev);
}

TEST(sizes_and_buffers)
{
	zx_handle_t self = zx_process_self();
	size_t ps = page_size(), actual = 0;
	char *p = map_pages(2), buf[8];
	zx_vaddr_t src = (zx_vaddr_t)g_pattern;

	ASSERT_NE(NULL, p);
	/* Checked before the handle, as Zircon does. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_read_memory(self, src, buf, 0, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_read_memory(ZX_HANDLE_INVALID, src, buf, 0,
					 &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_write_memory(self, src, buf, 0, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_read_memory(self, src, p, MAX_BLOCK + 1,
					 &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_write_memory(self, (zx_vaddr_t)p, buf,
					  MAX_BLOCK + 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_read_memory(self, src, buf, SIZE_MAX, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_read_memory(self, src, NULL, 8, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_write_memory(ZX_HANDLE_INVALID, src, NULL, 8,
					  &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_read_memory(self, src, buf, 8, NULL));

	/* A caller buffer that is not all writable or readable. */
	ASSERT_EQ(0, munmap(p + ps, ps));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_read_memory(self, src, p + ps - 4, 8, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_read_memory(self, src, p + ps, 8, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_write_memory(self, (zx_vaddr_t)buf, p + ps, 8,
					  &actual));
	ASSERT_EQ(0, mprotect(p, ps, PROT_READ));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_process_read_memory(self, src, p, 8, &actual));
	EXPECT_EQ(0, p[0]);
	munmap(p, ps);
}

/* ------------------------------------------------------- exited children */

TEST(exited_child_is_bad_state)
{
	int fds[2];
	pid_t pid;
	zx_handle_t h = ZX_HANDLE_INVALID;
	char buf[8];
	size_t actual = 0;
	unsigned char c = 5;

	pid = fork_mailbox(fds, 1);
	ASSERT_GT(pid, 0);
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	ASSERT_EQ(1, write(fds[1], &c, 1));
	close(fds[1]);
	/* A zombie first, not yet reaped. */
	EXPECT_EQ(ZX_OK, wait_terminated(h));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_process_read_memory(h, (zx_vaddr_t)g_pattern, buf,
					 sizeof(buf), &actual));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_process_write_memory(h, (zx_vaddr_t)g_mailbox, buf, 1,
					  &actual));
	EXPECT_EQ(205, zx_test_wait_child(pid));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_process_read_memory(h, (zx_vaddr_t)g_pattern, buf,
					 sizeof(buf), &actual));
	zx_handle_close(h);
}

/* --------------------------------------------------------- the request */

TEST(request_arguments)
{
	zx_handle_t self = zx_process_self();
	int fd = zx_linux_device_fd();
	struct zx_ioc_process_memory *ro;
	__s32 pid = 0;

	EXPECT_EQ(0, mem_ioctl(self, 0, &pid, 0));
	EXPECT_EQ(getpid(), pid);
	pid = 0;
	EXPECT_EQ(0, mem_ioctl(self, ZX_PROCESS_MEMORY_WRITE, &pid, 0));
	EXPECT_EQ(getpid(), pid);
	EXPECT_EQ(0, mem_ioctl(self, ZX_PROCESS_MEMORY_CONFIRM, &pid, 0));
	pid = getpid() + 1;
	EXPECT_EQ(-ZX_ERR_BAD_STATE,
		  mem_ioctl(self, ZX_PROCESS_MEMORY_CONFIRM, &pid, 0));
	pid = 0;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, mem_ioctl(self, 4, &pid, 0));
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, mem_ioctl(self, 0, &pid, 1));
	pid = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, mem_ioctl(self, 0, &pid, 0));
	pid = 0;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  mem_ioctl(self, ZX_PROCESS_MEMORY_CONFIRM, &pid, 0));
	pid = -1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  mem_ioctl(self, ZX_PROCESS_MEMORY_CONFIRM, &pid, 0));
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(fd, ZX_IOC_PROCESS_MEMORY, (void *)8));
	/* Readable, not writable: the pid cannot be stored. */
	ro = mmap(NULL, page_size(), PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ro->handle = self;
	ASSERT_EQ(0, mprotect(ro, page_size(), PROT_READ));
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_PROCESS_MEMORY, ro));
	EXPECT_EQ(0, ro->pid);
	/* Its checks come first. */
	EXPECT_EQ(-ZX_ERR_BAD_HANDLE,
		  ioctl(fd, ZX_IOC_PROCESS_MEMORY, zx_test_readonly_page()));
	munmap(ro, page_size());
}

/* Makes the next fork() in this pid namespace get @pid; 0 or -1. */
static int next_pid_is(pid_t pid)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", pid - 1);
	return zx_test_write_file("/proc/sys/kernel/ns_last_pid", buf);
}

/*
 * The window libzx closes: the pid is asked, the process dies and its pid
 * goes to another; the confirmation after the open refuses.
 */
TEST(reused_pid_is_refused)
{
	int fds[2], fds2[2];
	pid_t pid, again;
	zx_handle_t h = ZX_HANDLE_INVALID, h2 = ZX_HANDLE_INVALID;
	__s32 nr = 0;
	char buf[8];
	size_t actual;

	pid = fork_mailbox(fds, 1);
	ASSERT_GT(pid, 0);
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	ASSERT_EQ(0, mem_ioctl(h, 0, &nr, 0));
	ASSERT_EQ(pid, nr);
	EXPECT_EQ(0, release_child(fds, pid));
	EXPECT_EQ(ZX_OK, wait_terminated(h));
	if (next_pid_is(pid) != 0)
		SKIP(return, "cannot set ns_last_pid (needs CAP_SYS_ADMIN)");
	again = fork_mailbox(fds2, 1);
	ASSERT_GT(again, 0);
	if (again != pid) {
		release_child(fds2, again);
		SKIP(return, "pid %d taken by another process", pid);
	}
	EXPECT_EQ(-ZX_ERR_BAD_STATE,
		  mem_ioctl(h, ZX_PROCESS_MEMORY_CONFIRM, &nr, 0));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_process_read_memory(h, (zx_vaddr_t)g_pattern, buf,
					 sizeof(buf), &actual));
	/* The new process, through its own handle, is fine. */
	ASSERT_EQ(ZX_OK, zx_linux_process_child(again, ZX_HANDLE_INVALID,
						&h2));
	EXPECT_EQ(0, mem_ioctl(h2, ZX_PROCESS_MEMORY_CONFIRM, &nr, 0));
	EXPECT_EQ(ZX_OK, zx_process_read_memory(h2, (zx_vaddr_t)g_pattern, buf,
						sizeof(buf), &actual));
	EXPECT_EQ(0, release_child(fds2, again));
	zx_handle_close(h);
	zx_handle_close(h2);
}

/* ------------------------------------------------- Linux's ptrace check */

/* Yama's kernel.yama.ptrace_scope; 0 without Yama. */
static int yama_scope(void)
{
	char buf[8] = { 0 };
	int fd = open("/proc/sys/kernel/yama/ptrace_scope", O_RDONLY);

	if (fd < 0)
		return 0;
	if (read(fd, buf, sizeof(buf) - 1) < 1)
		buf[0] = '0';
	close(fd);
	return atoi(buf);
}

/*
 * As root, start a child; become another user: the handle has every
 * right, but Linux would not let this user ptrace a root process.  Then,
 * as that user, a child of its own that is not dumpable is refused, one
 * that is dumpable is not (unless Yama forbids even that).
 */
static int unprivileged_main(void *arg)
{
	int fds[2], fds2[2], fds3[2];
	pid_t root_child, nodump, plain;
	zx_handle_t h = ZX_HANDLE_INVALID, h2 = ZX_HANDLE_INVALID;
	zx_handle_t h3 = ZX_HANDLE_INVALID;
	char buf[8];
	size_t actual = 0;
	zx_vaddr_t a = (zx_vaddr_t)g_pattern;

	(void)arg;
	root_child = fork_mailbox(fds, 1);
	CHILD_CHECK(root_child > 0);
	CHILD_CHECK(zx_linux_process_child(root_child, ZX_HANDLE_INVALID,
					   &h) == ZX_OK);
	CHILD_CHECK(zx_process_read_memory(h, a, buf, 8, &actual) == ZX_OK);
	CHILD_CHECK(zx_test_become(65534) == 0);
	/* The change of user made this process (and its forks) undumpable. */
	CHILD_CHECK(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) == 0);
	CHILD_CHECK(zx_process_read_memory(h, a, buf, 8, &actual) ==
		    ZX_ERR_ACCESS_DENIED);
	CHILD_CHECK(zx_process_write_memory(h, (zx_vaddr_t)g_mailbox, buf, 1,
					    &actual) == ZX_ERR_ACCESS_DENIED);
	/* Its own memory it may always reach. */
	CHILD_CHECK(zx_process_read_memory(zx_process_self(), a, buf, 8,
					   &actual) == ZX_OK);

	nodump = fork_mailbox(fds2, 0);
	CHILD_CHECK(nodump > 0);
	CHILD_CHECK(zx_linux_process_child(nodump, ZX_HANDLE_INVALID,
					   &h2) == ZX_OK);
	/* Let it reach prctl(): read until refused, a bounded number. */
	for (int i = 0; i < 1000; i++) {
		if (zx_process_read_memory(h2, a, buf, 8, &actual) ==
		    ZX_ERR_ACCESS_DENIED)
			break;
		usleep(10000);
	}
	CHILD_CHECK(zx_process_read_memory(h2, a, buf, 8, &actual) ==
		    ZX_ERR_ACCESS_DENIED);

	plain = fork_mailbox(fds3, 1);
	CHILD_CHECK(plain > 0);
	CHILD_CHECK(zx_linux_process_child(plain, ZX_HANDLE_INVALID,
					   &h3) == ZX_OK);
	if (yama_scope() < 2)
		CHILD_CHECK(zx_process_read_memory(h3, a, buf, 8, &actual) ==
			    ZX_OK);

	CHILD_CHECK(release_child(fds3, plain) == 0);
	CHILD_CHECK(release_child(fds2, nodump) == 0);
	CHILD_CHECK(release_child(fds, root_child) == 0);
	return 0;
}

TEST(needs_linux_ptrace_permission)
{
	if (geteuid() != 0)
		SKIP(return, "needs root to start a process of another user");
	fill_pattern();
	EXPECT_EQ(0, zx_test_in_child(unprivileged_main, NULL));
}

/*
 * A handle that travelled does not widen Linux's rule.  T, as nobody,
 * sends a handle to itself (through a descriptor) to its sibling U, also
 * nobody and dumpable.  With Yama's ptrace_scope at 0, same uid is enough;
 * at 1 or more, U is not T's ancestor, so U is refused.
 */
static int sibling_target(int sock)
{
	zx_handle_t self = ZX_HANDLE_INVALID;
	char c;
	int fd = -1;

	CHILD_CHECK(zx_test_become(65534) == 0);
	CHILD_CHECK(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) == 0);
	CHILD_CHECK(zx_handle_duplicate(zx_process_self(), ZX_RIGHT_SAME_RIGHTS,
					&self) == ZX_OK);
	CHILD_CHECK(zx_linux_handle_to_fd(self, 0, &fd) == ZX_OK);
	CHILD_CHECK(zx_test_send_fd(sock, fd) == 0);
	close(fd);
	CHILD_CHECK(read(sock, &c, 1) == 1);
	return 0;
}

static int sibling_reader(int sock, int scope)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	char buf[8];
	size_t actual = 0;
	zx_status_t want = scope >= 1 ? ZX_ERR_ACCESS_DENIED : ZX_OK;
	int fd;

	CHILD_CHECK(zx_test_become(65534) == 0);
	CHILD_CHECK(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) == 0);
	fd = zx_test_recv_fd(sock);
	CHILD_CHECK(fd >= 0);
	CHILD_CHECK(zx_linux_fd_to_handle(fd, &h) == ZX_OK);
	CHILD_CHECK(zx_test_basic(h).type == ZX_OBJ_TYPE_PROCESS);
	CHILD_CHECK(zx_process_read_memory(h, (zx_vaddr_t)g_pattern, buf,
					   sizeof(buf), &actual) == want);
	CHILD_CHECK(zx_process_write_memory(h, (zx_vaddr_t)g_mailbox, buf, 1,
					    &actual) == want);
	CHILD_CHECK(write(sock, "x", 1) == 1);
	return 0;
}

/* T and U as above; U's exit status (0: it saw what @scope implies). */
static int run_siblings(int scope)
{
	int sv[2], ru, rt;
	pid_t t, u;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	t = fork();
	if (t == 0) {
		close(sv[0]);	/* U's end: its exit must end the read */
		_exit(sibling_target(sv[1]));
	}
	u = t > 0 ? fork() : -1;
	if (u == 0) {
		close(sv[1]);
		_exit(sibling_reader(sv[0], scope));
	}
	close(sv[0]);
	close(sv[1]);
	ru = u > 0 ? zx_test_wait_child(u) : -1;
	rt = t > 0 ? zx_test_wait_child(t) : -1;
	return ru == 0 && rt == 0 ? 0 : -1;
}

static int set_yama_scope(int scope)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "%d", scope);
	return zx_test_write_file("/proc/sys/kernel/yama/ptrace_scope", buf);
}

TEST(sibling_follows_yama)
{
	int old = yama_scope();

	if (geteuid() != 0)
		SKIP(return, "needs root to start processes of another user");
	fill_pattern();
	if (old >= 2 || set_yama_scope(0) != 0) {
		/* No Yama, or one that cannot go back down: as it is. */
		EXPECT_EQ(0, run_siblings(old));
		return;
	}
	/* Same uid, dumpable: allowed; then Yama's scope 1 refuses. */
	EXPECT_EQ(0, run_siblings(0));
	EXPECT_EQ(0, set_yama_scope(1));
	if (yama_scope() == 1)
		EXPECT_EQ(0, run_siblings(1));
	EXPECT_EQ(0, set_yama_scope(old));
	TH_LOG("checked at Yama scopes 0 and 1 (was %d)", old);
}

/* ------------------------------------------------------------- suspend */

TEST(task_suspend_is_not_supported)
{
	zx_handle_t self = zx_process_self(), ev = zx_test_event();
	zx_handle_t ro = ZX_HANDLE_INVALID, token = 0x5a5a5a5a;
	zx_handle_t evro = ZX_HANDLE_INVALID, vmo = zx_test_vmo(4096, 0);

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self, ZX_DEFAULT_PROCESS_RIGHTS &
					     ~ZX_RIGHT_WRITE, &ro));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(ev, ZX_RIGHT_SIGNAL, &evro));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_task_suspend(self, &token));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_task_suspend_token(zx_thread_self(), &token));
	EXPECT_EQ(0x5a5a5a5au, token);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_task_suspend(ro, &token));
	/* Zircon checks the right before the type: events have no WRITE. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_task_suspend(ev, &token));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_task_suspend(evro, &token));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_task_suspend(vmo, &token));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_task_suspend(zx_job_default(),
						     &token));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_task_suspend(ZX_HANDLE_INVALID,
						     &token));
	zx_handle_close(ro);
	zx_handle_close(evro);
	zx_handle_close(vmo);
	zx_handle_close(ev);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_task_suspend(ev, &token));
}

ZX_TEST_MAIN(HELPER_FLAG, helper_main)
