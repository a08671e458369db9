/* SPDX-License-Identifier: MIT */
/*
 * libzx's own tests: the parts of libzx that do not depend on the module's
 * object semantics (those are the kselftests' job): status strings, time,
 * errno hygiene, the device descriptor across fork(), and the ABI values
 * that binaries built against Fuchsia's headers rely on.  Prints TAP.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <zircon/errors.h>
#include <zircon/linux.h>
#include <zircon/rights.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/types.h>

/* Values fixed by Fuchsia's ABI. */
_Static_assert(ZX_HANDLE_INVALID == 0, "handle invalid");
_Static_assert(ZX_HANDLE_FIXED_BITS_MASK == 0x3, "fixed bits");
_Static_assert(ZX_ERR_BAD_HANDLE == -11, "bad handle");
_Static_assert(ZX_ERR_TIMED_OUT == -21, "timed out");
_Static_assert(ZX_ERR_CANCELED == -23, "canceled");
_Static_assert(ZX_ERR_PEER_CLOSED == -24, "peer closed");
_Static_assert(ZX_RIGHT_SAME_RIGHTS == (1u << 31), "same rights");
_Static_assert(ZX_RIGHT_WAIT == (1u << 14), "wait right");
_Static_assert(ZX_OBJ_TYPE_EVENT == 5, "event type");
_Static_assert(ZX_OBJ_TYPE_EVENTPAIR == 16, "eventpair type");
_Static_assert(ZX_SIGNAL_HANDLE_CLOSED == (1u << 23), "handle closed");
_Static_assert(ZX_USER_SIGNAL_ALL == 0xff000000u, "user signals");
_Static_assert(sizeof(zx_info_handle_basic_t) == 32, "handle basic size");
_Static_assert(ZX_TIME_INFINITE == INT64_MAX, "infinite");

static int test_no, failures;

#define CHECK(cond, name)                                                  \
	do {                                                               \
		test_no++;                                                 \
		if (cond) {                                                \
			printf("ok %d %s\n", test_no, name);               \
		} else {                                                   \
			failures++;                                        \
			printf("not ok %d %s # %s:%d: %s\n", test_no,       \
			       name, __FILE__, __LINE__, #cond);           \
		}                                                          \
	} while (0)

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void test_status_strings(void)
{
	CHECK(strcmp(zx_status_get_string(ZX_OK), "ZX_OK") == 0,
	      "status_string_ok");
	CHECK(strcmp(zx_status_get_string(ZX_ERR_BAD_HANDLE),
		     "ZX_ERR_BAD_HANDLE") == 0, "status_string_bad_handle");
	CHECK(strcmp(zx_status_get_string(ZX_ERR_PEER_CLOSED),
		     "ZX_ERR_PEER_CLOSED") == 0, "status_string_peer_closed");
	CHECK(strcmp(zx_status_get_string(-12345), "(UNKNOWN)") == 0,
	      "status_string_unknown");
	CHECK(strcmp(zx_status_get_string(1), "(UNKNOWN)") == 0,
	      "status_string_positive_unknown");
}

static void test_time(void)
{
	struct timespec ts;
	zx_time_t a, b, now, t0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	a = (zx_time_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	now = zx_clock_get_monotonic();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	b = (zx_time_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	CHECK(a <= now && now <= b, "clock_is_clock_monotonic");

	CHECK(zx_deadline_after(ZX_TIME_INFINITE) == ZX_TIME_INFINITE,
	      "deadline_after_infinite");
	CHECK(zx_deadline_after(INT64_MAX - 5) == ZX_TIME_INFINITE,
	      "deadline_after_saturates");
	now = zx_clock_get_monotonic();
	a = zx_deadline_after(ZX_MSEC(250));
	CHECK(a >= now + ZX_MSEC(250) &&
	      a < zx_clock_get_monotonic() + ZX_MSEC(250) + 1,
	      "deadline_after_adds");

	t0 = zx_clock_get_monotonic();
	CHECK(zx_nanosleep(t0 + ZX_MSEC(50)) == ZX_OK &&
	      zx_clock_get_monotonic() >= t0 + ZX_MSEC(50),
	      "nanosleep_not_early");
	t0 = zx_clock_get_monotonic();
	CHECK(zx_nanosleep(0) == ZX_OK &&
	      zx_clock_get_monotonic() - t0 < ZX_SEC(5),
	      "nanosleep_zero_returns");
}

static void test_nanosleep_signal(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerspec its = {
		.it_value = { .tv_nsec = 20 * 1000 * 1000 },
		.it_interval = { .tv_nsec = 20 * 1000 * 1000 },
	};
	struct itimerspec off = { 0 };
	timer_t timer;
	zx_time_t t0;

	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	timer_create(CLOCK_MONOTONIC, NULL, &timer);
	alarms = 0;
	timer_settime(timer, 0, &its, NULL);
	t0 = zx_clock_get_monotonic();
	zx_nanosleep(t0 + ZX_MSEC(200));
	timer_settime(timer, 0, &off, NULL);
	timer_delete(timer);
	CHECK(alarms > 0 && zx_clock_get_monotonic() >= t0 + ZX_MSEC(200),
	      "nanosleep_survives_signals");
}

static void test_errno_kept(void)
{
	zx_handle_t h;

	errno = 1234;
	zx_handle_close(0x7ffffff3);
	zx_event_create(0, &h) == ZX_OK ? zx_handle_close(h) : 0;
	CHECK(errno == 1234, "errno_untouched");
	CHECK(zx_handle_close(ZX_HANDLE_INVALID) == ZX_OK,
	      "close_invalid_ok_anywhere");
}

static void test_device(void)
{
	int have = access("/dev/zircon", F_OK) == 0;
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_status_t st = zx_event_create(0, &h);
	int status = -1;
	pid_t pid;

	if (!have) {
		CHECK(st == ZX_ERR_UNAVAILABLE && zx_linux_device_fd() < 0,
		      "no_device_unavailable");
		return;
	}
	CHECK(st == ZX_OK && zx_linux_device_fd() >= 0, "device_opens");
	pid = fork();
	if (pid == 0) {
		zx_handle_t mine;
		/* The parent's handle means nothing here; our own works. */
		_exit(zx_object_get_info(h, ZX_INFO_HANDLE_VALID, NULL, 0,
					 NULL, NULL) == ZX_ERR_BAD_HANDLE &&
		      zx_event_create(0, &mine) == ZX_OK &&
		      zx_handle_close(mine) == ZX_OK ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "fork_child_gets_own_table");
	CHECK(zx_handle_close(h) == ZX_OK, "parent_handle_survives_fork");
}

int main(void)
{
	printf("TAP version 13\n");
	test_status_strings();
	test_time();
	test_nanosleep_signal();
	test_errno_kept();
	test_device();
	printf("1..%d\n", test_no);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       test_no - failures, failures);
	return failures ? 1 : 0;
}
