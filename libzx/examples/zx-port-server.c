/* SPDX-License-Identifier: MIT */
/*
 * zx-port-server: a small server written the Fuchsia way, on one port.
 *
 * The server starts its clients (this program again, with --client ROLE)
 * through the launcher, zx_linux_spawn(), each holding one end of a
 * channel as its startup handle PA_HND(PA_USER0, 0).  It then waits on one
 * port only: zx_object_wait_async() on every client channel for
 * ZX_CHANNEL_READABLE | ZX_CHANNEL_PEER_CLOSED, re-armed after each packet
 * (a wait is one-shot), and on a timer for ZX_TIMER_SIGNALED.  The timer is
 * set to the moment the least recently active client will have been idle
 * for IDLE_LIMIT; when it fires, the server closes every client idle for
 * that long, which the client sees as ZX_CHANNEL_PEER_CLOSED.
 *
 * The clients have no Linux-specific code: they take their channel with
 * zx_take_startup_handle() and make requests with zx_channel_call():
 *   "add A B"   answered with the sum;
 *   "echo TEXT" answered with "#N TEXT", N counting this client's echoes.
 * Two "adder" clients and an "echo" client check every reply and hang up;
 * the "idler" makes one request and then goes quiet until the server
 * disconnects it.
 *
 * Exit status 0 only when every check in every process held.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zircon/linux.h>
#include <zircon/process.h>
#include <zircon/processargs.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

/*
 * A client quiet for this long after a request is disconnected; one that
 * has not made its first request yet gets longer (starting a program
 * under emulation can take seconds).
 */
#define IDLE_LIMIT ZX_SEC(3)
#define HELLO_LIMIT ZX_SEC(30)
/* Requests each busy client makes. */
#define REQUESTS 25
/* Longest the server waits for any packet (a hung run fails). */
#define STALL_LIMIT ZX_SEC(60)
#define TIMER_KEY UINT64_C(0x7431)

struct msg {
	zx_txid_t txid;		/* zx_channel_call()'s; the reply keeps it */
	char text[60];
};

static const char *const roles[] = { "adder", "adder", "echo", "idler" };
#define NCLIENTS (int)(sizeof(roles) / sizeof(roles[0]))

static const char *me = "server";

static void say(const char *fmt, ...)
{
	va_list ap;

	printf("[%s pid %d] ", me, getpid());
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* A failed call: the process reports it and gives up. */
static void check(const char *what, zx_status_t s)
{
	if (s != ZX_OK) {
		fprintf(stderr, "zx-port-server %s: %s: %s\n", me, what,
			zx_status_get_string(s));
		exit(1);
	}
}

static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "zx-port-server %s: FAILED: ", me);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* ------------------------------------------------------------ clients */

/* One request, one reply (in @reply, NUL-terminated). */
static void call(zx_handle_t ch, const char *req, char *reply, size_t len)
{
	struct msg out = { 0 }, in;
	zx_channel_call_args_t args = {
		.wr_bytes = &out, .wr_num_bytes = sizeof(out),
		.rd_bytes = &in, .rd_num_bytes = sizeof(in),
	};
	uint32_t nb, nh;

	snprintf(out.text, sizeof(out.text), "%s", req);
	check("zx_channel_call",
	      zx_channel_call(ch, 0, zx_deadline_after(ZX_SEC(30)), &args,
			      &nb, &nh));
	in.text[sizeof(in.text) - 1] = 0;
	if (nb < sizeof(in.txid) + 1 || nh != 0) {
		fprintf(stderr, "zx-port-server %s: a malformed reply\n", me);
		exit(1);
	}
	snprintf(reply, len, "%s", in.text);
}

static int adder(zx_handle_t ch, unsigned int seed)
{
	char req[64], reply[64], want[32];
	int i;

	for (i = 1; i <= REQUESTS; i++) {
		long long a = (long long)(seed * 1000 + i * 37) - 500;
		long long b = (long long)i * i * 11 - (long long)seed;

		snprintf(req, sizeof(req), "add %lld %lld", a, b);
		call(ch, req, reply, sizeof(reply));
		snprintf(want, sizeof(want), "%lld", a + b);
		if (strcmp(reply, want))
			return fail("\"%s\" answered \"%s\", not \"%s\"", req,
				    reply, want);
		if (i == 1 || i == REQUESTS)
			say("request %d: \"%s\" -> \"%s\"", i, req, reply);
	}
	say("%d sums checked; hanging up", REQUESTS);
	return 0;
}

static int echoer(zx_handle_t ch)
{
	char req[64], reply[64], want[80];
	int i;

	for (i = 1; i <= REQUESTS; i++) {
		snprintf(req, sizeof(req), "echo hello %d", i * 3);
		call(ch, req, reply, sizeof(reply));
		snprintf(want, sizeof(want), "#%d %s", i, req + 5);
		if (strcmp(reply, want))
			return fail("\"%s\" answered \"%s\", not \"%s\"", req,
				    reply, want);
		if (i == 1 || i == REQUESTS)
			say("request %d: \"%s\" -> \"%s\"", i, req, reply);
	}
	say("%d echoes with their counters checked; hanging up", REQUESTS);
	return 0;
}

/* One request, then silence until the server hangs up on us. */
static int idler(zx_handle_t ch)
{
	zx_time_t t0 = zx_clock_get_monotonic(), t1;
	zx_signals_t seen = 0;
	char reply[64];
	zx_status_t s;

	call(ch, "echo still there?", reply, sizeof(reply));
	if (strcmp(reply, "#1 still there?"))
		return fail("echo answered \"%s\"", reply);
	say("\"echo still there?\" -> \"%s\"; now going idle", reply);
	s = zx_object_wait_one(ch, ZX_CHANNEL_READABLE |
			       ZX_CHANNEL_PEER_CLOSED,
			       zx_deadline_after(STALL_LIMIT), &seen);
	t1 = zx_clock_get_monotonic();
	if (s != ZX_OK)
		return fail("waiting for the server to hang up: %s",
			    zx_status_get_string(s));
	if (!(seen & ZX_CHANNEL_PEER_CLOSED) || (seen & ZX_CHANNEL_READABLE))
		return fail("signals 0x%08x: expected PEER_CLOSED alone",
			    seen);
	/* The server's idle clock started after t0: never early. */
	if (t1 - t0 < IDLE_LIMIT)
		return fail("disconnected after %" PRId64 " ms, before the "
			    "%" PRId64 " ms idle limit",
			    (t1 - t0) / ZX_MSEC(1), IDLE_LIMIT / ZX_MSEC(1));
	say("the server hung up on us (PEER_CLOSED) %" PRId64 " ms after "
	    "our request: OK", (t1 - t0) / ZX_MSEC(1));
	return 0;
}

static int client_main(const char *role, const char *index)
{
	zx_handle_t ch = zx_take_startup_handle(PA_HND(PA_USER0, 0));
	static char name[32];
	int rc;

	snprintf(name, sizeof(name), "client %s %s", index, role);
	me = name;
	if (ch == ZX_HANDLE_INVALID)
		return fail("no startup channel");
	if (!strcmp(role, "adder"))
		rc = adder(ch, (unsigned int)atoi(index));
	else if (!strcmp(role, "echo"))
		rc = echoer(ch);
	else if (!strcmp(role, "idler"))
		rc = idler(ch);
	else
		rc = fail("unknown role");
	zx_handle_close(ch);
	return rc;
}

/* ------------------------------------------------------------- server */

enum { LIVE, HUNG_UP, TIMED_OUT_IDLE };

struct client {
	const char *role;
	zx_handle_t ch;
	int pid;
	int state;
	zx_time_t last;		/* last activity */
	unsigned int served;
	unsigned int echoes;
};

static struct client clients[NCLIENTS];
static zx_handle_t port, timer;

/* When client @c will have been idle too long. */
static zx_time_t idle_deadline(const struct client *c)
{
	return c->last + (c->served ? IDLE_LIMIT : HELLO_LIMIT);
}

static void arm_client(int i)
{
	check("zx_object_wait_async(channel)",
	      zx_object_wait_async(clients[i].ch, port, (uint64_t)i,
				   ZX_CHANNEL_READABLE |
				   ZX_CHANNEL_PEER_CLOSED, 0));
}

/*
 * Sets the timer for the next client to go idle, if that is not when it
 * is set for already, and makes sure a wait for it is armed.  A client's
 * first request brings its deadline forward (HELLO_LIMIT to IDLE_LIMIT),
 * so the timer sometimes moves earlier, not only later.
 */
static zx_time_t timer_at = ZX_TIME_INFINITE;
static bool timer_waiting;

static void arm_timer(void)
{
	zx_time_t next = ZX_TIME_INFINITE;
	int i;

	for (i = 0; i < NCLIENTS; i++)
		if (clients[i].state == LIVE &&
		    idle_deadline(&clients[i]) < next)
			next = idle_deadline(&clients[i]);
	if (next == ZX_TIME_INFINITE) {
		check("zx_timer_cancel", zx_timer_cancel(timer));
		timer_at = next;
		return;
	}
	if (next != timer_at) {
		check("zx_timer_set", zx_timer_set(timer, next, 0));
		timer_at = next;
	}
	if (!timer_waiting) {
		check("zx_object_wait_async(timer)",
		      zx_object_wait_async(timer, port, TIMER_KEY,
					   ZX_TIMER_SIGNALED, 0));
		timer_waiting = true;
	}
}

/* Answers one request of client @c into @text. */
static void answer(struct client *c, const char *req, char *text, size_t len)
{
	long long a, b;
	char tail;

	if (sscanf(req, "add %lld %lld %c", &a, &b, &tail) == 2)
		snprintf(text, len, "%lld", a + b);
	else if (!strncmp(req, "echo ", 5))
		snprintf(text, len, "#%u %s", ++c->echoes, req + 5);
	else
		snprintf(text, len, "error: unknown request");
}

static void serve(int i)
{
	struct client *c = &clients[i];
	struct msg m;
	uint32_t nb, nh;
	char text[sizeof(m.text)];
	zx_status_t s;

	memset(&m, 0, sizeof(m));
	check("zx_channel_read", zx_channel_read(c->ch, 0, &m, NULL,
						 sizeof(m), 0, &nb, &nh));
	m.text[sizeof(m.text) - 1] = 0;
	if (nb < sizeof(m.txid))
		m.text[0] = 0;
	answer(c, m.text, text, sizeof(text));
	if (c->served++ == 0)
		say("client %d (%s): first request \"%s\" -> \"%s\"", i,
		    c->role, m.text, text);
	snprintf(m.text, sizeof(m.text), "%s", text);
	s = zx_channel_write(c->ch, 0, &m, sizeof(m), NULL, 0);
	/* A client gone meanwhile: its next packet says PEER_CLOSED. */
	if (s != ZX_ERR_PEER_CLOSED)
		check("zx_channel_write", s);
	c->last = zx_clock_get_monotonic();
}

static void disconnect(int i, int why)
{
	struct client *c = &clients[i];

	check("zx_handle_close", zx_handle_close(c->ch));
	c->ch = ZX_HANDLE_INVALID;
	c->state = why;
}

static int server_main(const char *self)
{
	zx_linux_startup_handle_t h;
	zx_port_packet_t pkt;
	zx_handle_t theirs;
	char index[16];
	int i, live = NCLIENTS, timer_packets = 0, bad = 0, st;
	unsigned int total = 0;

	check("zx_port_create", zx_port_create(0, &port));
	check("zx_timer_create", zx_timer_create(ZX_TIMER_SLACK_LATE,
						 ZX_CLOCK_MONOTONIC, &timer));
	for (i = 0; i < NCLIENTS; i++) {
		char *argv[] = { (char *)self, "--client", (char *)roles[i],
				 index, NULL };
		struct client *c = &clients[i];

		snprintf(index, sizeof(index), "%d", i);
		c->role = roles[i];
		check("zx_channel_create", zx_channel_create(0, &c->ch,
							     &theirs));
		h.id = PA_HND(PA_USER0, 0);
		h.handle = theirs;
		check("zx_linux_spawn", zx_linux_spawn(self, argv, &h, 1,
						       &c->pid));
		c->last = zx_clock_get_monotonic();
		say("started client %d (%s), pid %d, with a channel as "
		    "PA_USER0", i, c->role, c->pid);
		arm_client(i);
	}
	arm_timer();

	while (live > 0) {
		zx_status_t s = zx_port_wait(port,
					     zx_deadline_after(STALL_LIMIT),
					     &pkt);

		if (s == ZX_ERR_TIMED_OUT) {
			bad += fail("no packet for %" PRId64 " s",
				    STALL_LIMIT / ZX_SEC(1));
			break;
		}
		check("zx_port_wait", s);
		if (pkt.type != ZX_PKT_TYPE_SIGNAL_ONE || pkt.status != ZX_OK) {
			bad += fail("packet type %u status %d", pkt.type,
				    pkt.status);
			break;
		}
		if (pkt.key == TIMER_KEY) {
			zx_time_t now = zx_clock_get_monotonic();

			if (!(pkt.signal.observed & ZX_TIMER_SIGNALED)) {
				bad += fail("timer packet without SIGNALED");
				break;
			}
			timer_packets++;
			timer_waiting = false;
			timer_at = ZX_TIME_INFINITE;
			for (i = 0; i < NCLIENTS; i++) {
				struct client *c = &clients[i];

				if (c->state != LIVE || now < idle_deadline(c))
					continue;
				say("client %d (%s) idle for %" PRId64
				    " ms: closing its channel", i, c->role,
				    (now - c->last) / ZX_MSEC(1));
				disconnect(i, TIMED_OUT_IDLE);
				live--;
			}
			arm_timer();
			continue;
		}
		if (pkt.key >= (uint64_t)NCLIENTS) {
			bad += fail("packet with unknown key %" PRIu64,
				    pkt.key);
			break;
		}
		i = (int)pkt.key;
		/* A packet that came before we closed the client. */
		if (clients[i].state != LIVE)
			continue;
		if (pkt.signal.observed & ZX_CHANNEL_READABLE) {
			serve(i);
			arm_client(i);
			if (idle_deadline(&clients[i]) < timer_at)
				arm_timer();
		} else if (pkt.signal.observed & ZX_CHANNEL_PEER_CLOSED) {
			say("client %d (%s) hung up after %u requests", i,
			    clients[i].role, clients[i].served);
			disconnect(i, HUNG_UP);
			live--;
		} else {
			bad += fail("client %d: signals 0x%08x", i,
				    pkt.signal.observed);
			break;
		}
	}

	for (i = 0; i < NCLIENTS; i++) {
		struct client *c = &clients[i];
		int want = strcmp(c->role, "idler") ? HUNG_UP : TIMED_OUT_IDLE;
		unsigned int reqs = strcmp(c->role, "idler") ? REQUESTS : 1;

		if (c->state == LIVE)
			disconnect(i, LIVE);
		while (waitpid(c->pid, &st, 0) < 0)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad += fail("client %d (%s) failed", i, c->role);
		if (c->state != want)
			bad += fail("client %d (%s) %s", i, c->role,
				    c->state == HUNG_UP ? "hung up" :
				    c->state == LIVE ? "was still there" :
				    "was closed as idle");
		if (c->served != reqs)
			bad += fail("client %d (%s): %u requests, not %u", i,
				    c->role, c->served, reqs);
	}
	if (!timer_packets)
		bad += fail("the timer never fired");
	zx_handle_close(timer);
	zx_handle_close(port);
	if (bad)
		return 1;
	for (i = 0; i < NCLIENTS; i++)
		total += clients[i].served;
	printf("zx-port-server: %d clients on one port, %u requests "
	       "answered, the idle one closed by the timer: OK\n", NCLIENTS,
	       total);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "--client"))
		return client_main(argv[2], argv[3]);
	if (argc != 1) {
		fprintf(stderr, "usage: zx-port-server\n");
		return 2;
	}
	return server_main("/proc/self/exe");
}
