// SPDX-License-Identifier: GPL-2.0
/*
 * Trace events (module/trace.h): with events/zircon/ enabled in tracefs,
 * known calls leave exactly the records they should: object create and
 * destroy (with the name of every type the module makes), channel write and read with their sizes, each handle a message
 * carries out of and into a table, a deadline wait's start and end (timed
 * out, ended by a Linux signal, or neither) and the wake-up of a waiter.  Skips without tracefs.  Then,
 * when the payload has zx-demo, traces one run of it and prints the first
 * records (Documentation/zircon.rst, "Tracing", shows such a trace).
 */
#include <sys/mount.h>

#include <zircon/process.h>

#include "zx_test_util.h"

#define TRACEFS "/sys/kernel/tracing"
#define TRACE_MAX (4 << 20)

static bool tracefs_ready(void)
{
	if (!access(TRACEFS "/events/zircon/enable", W_OK))
		return true;
	mount("tracefs", TRACEFS, "tracefs", 0, NULL);
	return !access(TRACEFS "/events/zircon/enable", W_OK);
}

static int trace_start(void)
{
	if (zx_test_write_file(TRACEFS "/tracing_on", "0") ||
	    zx_test_write_file(TRACEFS "/trace", "") ||
	    zx_test_write_file(TRACEFS "/events/zircon/enable", "1"))
		return -1;
	return zx_test_write_file(TRACEFS "/tracing_on", "1");
}

/* Stops tracing and returns the records (malloc'ed), or NULL. */
static char *trace_stop(void)
{
	char *buf = malloc(TRACE_MAX);
	size_t n = 0;
	ssize_t r;
	int fd;

	zx_test_write_file(TRACEFS "/tracing_on", "0");
	zx_test_write_file(TRACEFS "/events/zircon/enable", "0");
	fd = open(TRACEFS "/trace", O_RDONLY | O_CLOEXEC);
	if (!buf || fd < 0) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (n < TRACE_MAX - 1 &&
	       (r = read(fd, buf + n, TRACE_MAX - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return buf;
}

static bool __attribute__((format(printf, 2, 3)))
traced(const char *trace, const char *fmt, ...)
{
	char want[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	if (strstr(trace, want))
		return true;
	fprintf(stderr, "# not in the trace: %s\n", want);
	return false;
}

#define KOID(h) ((unsigned long long)zx_test_koid(h))

static volatile sig_atomic_t handler_runs;

static void count_signal(int sig)
{
	(void)sig;
	handler_runs++;
}

/*
 * A waiter on @h that a directed SIGUSR1 takes out of its wait (the call
 * then goes on waiting) before @h is signaled.  Returns the handler's runs.
 */
static int wait_through_signal(zx_handle_t h)
{
	struct zx_test_waiter w;
	struct sigaction sa;
	int sent = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_signal;
	sigemptyset(&sa.sa_mask);
	handler_runs = 0;
	if (sigaction(SIGUSR1, &sa, NULL) ||
	    zx_test_waiter_start(&w, h, ZX_USER_SIGNAL_2, ZX_TIME_INFINITE))
		return 0;
	while (!handler_runs && sent++ < 100) {
		pthread_kill(w.thread, SIGUSR1);
		zx_test_sleep_ms(5);
	}
	zx_object_signal(h, 0, ZX_USER_SIGNAL_2);
	zx_test_waiter_join(&w);
	return w.status == ZX_OK ? handler_runs : 0;
}

TEST(events_of_known_calls)
{
	zx_handle_t ch[2], ev, got;
	unsigned long long k0, k1, kev;
	struct zx_test_waiter w;
	zx_signals_t observed;
	zx_rights_t rights;
	uint32_t nb, nh;
	char buf[8];
	char *t;

	if (!tracefs_ready())
		SKIP(return, "no tracefs with events/zircon");
	ASSERT_EQ(0, trace_start());
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &ch[0], &ch[1]));
	ev = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	k0 = KOID(ch[0]);
	k1 = KOID(ch[1]);
	kev = KOID(ev);
	rights = zx_test_rights(ev);
	ASSERT_EQ(ZX_OK, zx_channel_write(ch[0], 0, "hello", 5, &ev, 1));
	ASSERT_EQ(ZX_OK, zx_channel_read(ch[1], 0, buf, &got, sizeof(buf), 1,
					 &nb, &nh));
	/* A waiter woken by a signal, and a wait that times out. */
	ASSERT_EQ(0, zx_test_waiter_start(&w, got, ZX_USER_SIGNAL_0,
					  ZX_TIME_INFINITE));
	ASSERT_EQ(ZX_OK, zx_object_signal(got, 0, ZX_USER_SIGNAL_0));
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(got, ZX_USER_SIGNAL_1,
				     zx_deadline_after(ZX_TEST_MS(1)),
				     &observed));
	EXPECT_GT(wait_through_signal(got), 0);
	EXPECT_EQ(ZX_OK, zx_handle_close(got));
	EXPECT_EQ(ZX_OK, zx_handle_close(ch[0]));
	EXPECT_EQ(ZX_OK, zx_handle_close(ch[1]));
	t = trace_stop();
	ASSERT_NE(NULL, t);

	EXPECT_TRUE(traced(t, "zx_object_create: koid=%llu type=channel", k0));
	EXPECT_TRUE(traced(t, "zx_object_create: koid=%llu type=channel", k1));
	EXPECT_TRUE(traced(t, "zx_object_create: koid=%llu type=event", kev));
	EXPECT_TRUE(traced(t, "zx_handle_transfer: out channel=%llu koid=%llu type=event rights=%#x",
			   k0, kev, rights));
	EXPECT_TRUE(traced(t, "zx_channel_write: koid=%llu peer=%llu bytes=5 handles=1 status=0",
			   k0, k1));
	EXPECT_TRUE(traced(t, "zx_handle_transfer: in channel=0 koid=%llu type=event rights=%#x",
			   kev, rights));
	EXPECT_TRUE(traced(t, "zx_channel_read: koid=%llu peer=%llu bytes=5 handles=1 status=0",
			   k1, k0));
	EXPECT_TRUE(traced(t, "zx_wait_begin: deadline=%lld",
			   (long long)ZX_TIME_INFINITE));
	EXPECT_TRUE(traced(t, "zx_wake: koid=%llu pid=%d signals=%#x", kev,
			   (int)w.tid, ZX_USER_SIGNAL_0));
	EXPECT_TRUE(traced(t, "zx_wait_end: timed_out=0 signal=0"));
	EXPECT_TRUE(traced(t, "zx_wait_end: timed_out=1 signal=0"));
	EXPECT_TRUE(traced(t, "zx_wait_end: timed_out=0 signal=1"));
	EXPECT_TRUE(traced(t, "zx_object_destroy: koid=%llu type=event", kev));
	EXPECT_TRUE(traced(t, "zx_object_destroy: koid=%llu type=channel", k0));
	EXPECT_TRUE(traced(t, "zx_object_destroy: koid=%llu type=channel", k1));
	free(t);
}

/* Each type the module makes is named in zx_object_create's record. */
TEST(created_types_are_named)
{
	static const char *const names[] = {
		"eventpair", "eventpair", "port", "timer", "vmo", "socket",
		"socket", "fifo", "fifo", "job", "stream",
	};
	unsigned long long koid[ARRAY_SIZE(names)];
	zx_handle_t h[ARRAY_SIZE(names)];
	size_t i;
	char *t;

	if (!tracefs_ready())
		SKIP(return, "no tracefs with events/zircon");
	ASSERT_EQ(0, trace_start());
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &h[0], &h[1]));
	ASSERT_EQ(ZX_OK, zx_port_create(0, &h[2]));
	ASSERT_EQ(ZX_OK, zx_timer_create(0, ZX_CLOCK_MONOTONIC, &h[3]));
	ASSERT_EQ(ZX_OK, zx_vmo_create(4096, 0, &h[4]));
	ASSERT_EQ(ZX_OK, zx_socket_create(0, &h[5], &h[6]));
	ASSERT_EQ(ZX_OK, zx_fifo_create(4, 8, 0, &h[7], &h[8]));
	ASSERT_EQ(ZX_OK, zx_job_create(zx_job_default(), 0, &h[9]));
	ASSERT_EQ(ZX_OK, zx_stream_create(ZX_STREAM_MODE_READ, h[4], 0,
					  &h[10]));
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		koid[i] = KOID(h[i]);
		EXPECT_EQ(ZX_OK, zx_handle_close(h[i]));
	}
	t = trace_stop();
	ASSERT_NE(NULL, t);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		EXPECT_TRUE(traced(t, "zx_object_create: koid=%llu type=%s",
				   koid[i], names[i]))
			TH_LOG("%s", names[i]);
		EXPECT_TRUE(traced(t, "zx_object_destroy: koid=%llu type=%s",
				   koid[i], names[i]))
			TH_LOG("%s", names[i]);
	}
	free(t);
}

/* A failed write is traced with its status. */
TEST(failed_write_has_its_status)
{
	zx_handle_t ch[2];
	unsigned long long k0, k1;
	char *t;

	if (!tracefs_ready())
		SKIP(return, "no tracefs with events/zircon");
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &ch[0], &ch[1]));
	k0 = KOID(ch[0]);
	k1 = KOID(ch[1]);
	EXPECT_EQ(ZX_OK, zx_handle_close(ch[1]));
	ASSERT_EQ(0, trace_start());
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_channel_write(ch[0], 0, "x", 1, NULL, 0));
	t = trace_stop();
	ASSERT_NE(NULL, t);
	EXPECT_TRUE(traced(t, "zx_channel_write: koid=%llu peer=%llu bytes=1 handles=0 status=%d",
			   k0, k1, ZX_ERR_PEER_CLOSED));
	free(t);
	EXPECT_EQ(ZX_OK, zx_handle_close(ch[0]));
}

/* One run of the demo, traced; its first records go to the log. */
TEST(trace_of_the_demo)
{
	const char *demo = "/opt/zircon/bin/zx-demo";
	char *t, *line, *save = NULL;
	int shown = 0, rc;

	if (access(demo, X_OK))
		SKIP(return, "no %s in the payload", demo);
	if (!tracefs_ready())
		SKIP(return, "no tracefs with events/zircon");
	ASSERT_EQ(0, trace_start());
	rc = system("/opt/zircon/bin/zx-demo >/dev/null 2>&1");
	t = trace_stop();
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0, rc);
	EXPECT_NE(NULL, strstr(t, "zx_channel_write: "));
	EXPECT_NE(NULL, strstr(t, "zx_handle_transfer: out "));
	EXPECT_NE(NULL, strstr(t, "zx_wake: "));
	for (line = strtok_r(t, "\n", &save); line && shown < 60;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		printf("# trace: %s\n", line);
		shown++;
	}
	free(t);
}

ZX_TEST_MAIN(NULL, NULL)
