// SPDX-License-Identifier: GPL-2.0
/*
 * What Fuchsia's async-loop needs from libzx, used the way it uses it: the
 * headers it includes (<zircon/listnode.h>, <zircon/assert.h>,
 * <zircon/syscalls/hypervisor.h>), the complete port packet union, the
 * interrupt, guest-trap and pager calls (which must answer, not be
 * missing), zx_port_cancel_key() with its errors, and a small dispatcher
 * written here in the shape of async-loop's: waits keyed by the address of
 * their record on many handles, one zx_port_wait() loop per thread, a timer
 * armed with ZX_TIMER_SLACK_LATE whose wait (a fixed control key) drives
 * delayed tasks and is cancelled by key when no task is left, user packets
 * to wake threads, and cancellation of waits by key and by source.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include <zircon/assert.h>
#include <zircon/listnode.h>
#include <zircon/syscalls/hypervisor.h>

#include "zx_test_util.h"

/* --------------------------------------------------------- listnode.h */

struct item {
	int v;
	list_node_t node;
};

static int list_values(list_node_t *list, int *out, int max)
{
	struct item *it;
	int n = 0;

	list_for_every_entry(list, it, struct item, node) {
		if (n < max)
			out[n] = it->v;
		n++;
	}
	return n;
}

TEST(listnode_add_remove_and_in_list)
{
	list_node_t list = LIST_INITIAL_VALUE(list);
	struct item a = { 1, LIST_INITIAL_CLEARED_VALUE };
	struct item b = { 2, LIST_INITIAL_CLEARED_VALUE };
	struct item c = { 3, LIST_INITIAL_CLEARED_VALUE };
	int v[4];

	ASSERT_TRUE(list_is_empty(&list));
	ASSERT_FALSE(list_in_list(&a.node));
	ASSERT_EQ(NULL, list_peek_head(&list));
	ASSERT_EQ(NULL, list_remove_tail(&list));
	list_add_tail(&list, &b.node);
	list_add_head(&list, &a.node);
	list_add_after(&b.node, &c.node);
	ASSERT_EQ(3u, list_length(&list));
	ASSERT_EQ(3, list_values(&list, v, 4));
	ASSERT_EQ(1, v[0]);
	ASSERT_EQ(2, v[1]);
	ASSERT_EQ(3, v[2]);
	ASSERT_TRUE(list_in_list(&b.node));
	ASSERT_EQ(&a, list_peek_head_type(&list, struct item, node));
	ASSERT_EQ(&c, list_peek_tail_type(&list, struct item, node));
	ASSERT_EQ(&c, list_next_type(&list, &b.node, struct item, node));
	ASSERT_EQ(NULL, list_next(&list, &c.node));
	ASSERT_EQ(&a.node, list_next_wrap(&list, &c.node));
	ASSERT_EQ(&c.node, list_prev_wrap(&list, &a.node));
	ASSERT_EQ(NULL, list_prev(&list, &a.node));

	/* A deleted node is on no list: async-loop's cancel relies on it. */
	list_delete(&b.node);
	ASSERT_FALSE(list_in_list(&b.node));
	ASSERT_EQ(2u, list_length(&list));
	list_replace_node(&a.node, &b.node);
	ASSERT_FALSE(list_in_list(&a.node));
	ASSERT_EQ(&b, list_remove_head_type(&list, struct item, node));
	ASSERT_EQ(&c, list_remove_tail_type(&list, struct item, node));
	ASSERT_EQ(NULL, list_remove_head_type(&list, struct item, node));
	ASSERT_TRUE(list_is_empty(&list));
	/* One element: wrapping round comes back to it, as in Fuchsia. */
	list_add_head(&list, &a.node);
	ASSERT_EQ(&a.node, list_next_wrap(&list, &a.node));
	ASSERT_EQ(&a.node, list_prev_wrap(&list, &a.node));
	ASSERT_EQ(NULL, list_next(&list, &a.node));
}

/* The split, splice and move of async-loop's due-task extraction. */
TEST(listnode_split_splice_move)
{
	list_node_t list, due, rest, node, *n, *tmp;
	struct item it[6];
	int v[8], i;

	list_initialize(&list);
	list_initialize(&due);
	for (i = 0; i < 6; i++) {
		it[i].v = i;
		list_add_tail(&list, &it[i].node);
	}
	list_split_after(&list, &it[2].node, &rest);
	ASSERT_EQ(3, list_values(&list, v, 8));
	ASSERT_EQ(2, v[2]);
	ASSERT_EQ(3, list_values(&rest, v, 8));
	ASSERT_EQ(3, v[0]);
	ASSERT_EQ(5, v[2]);
	/* Splitting after the last node leaves an empty list. */
	list_split_after(&rest, rest.prev, &node);
	ASSERT_TRUE(list_is_empty(&node));
	ASSERT_EQ(3u, list_length(&rest));

	list_splice_after(&list, due.prev);
	ASSERT_TRUE(list_is_empty(&list));
	list_splice_after(&rest, due.prev);
	ASSERT_TRUE(list_is_empty(&rest));
	ASSERT_EQ(6, list_values(&due, v, 8));
	for (i = 0; i < 6; i++)
		ASSERT_EQ(i, v[i]);
	/* Splicing into the middle keeps both orders. */
	list_move(&due, &list);
	ASSERT_TRUE(list_is_empty(&due));
	list_split_after(&list, &it[0].node, &rest);
	list_splice_after(&rest, &it[0].node);
	ASSERT_EQ(6, list_values(&list, v, 8));
	for (i = 0; i < 6; i++)
		ASSERT_EQ(i, v[i]);
	i = 0;
	list_for_every_safe(&list, n, tmp) {
		list_delete(n);
		i++;
	}
	ASSERT_EQ(6, i);
	ASSERT_TRUE(list_is_empty(&list));
	list_move(&list, &due);
	ASSERT_TRUE(list_is_empty(&due));
}

/* ----------------------------------------------------------- assert.h */

static int child_status(void (*fn)(void))
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		/* No core file, and the message goes to the test log. */
		signal(SIGABRT, SIG_DFL);
		fn();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static volatile int assert_value = 3;

static void assert_passes(void)
{
	ZX_ASSERT(assert_value == 3);
	ZX_ASSERT_MSG(assert_value == 3, "value %d", assert_value);
	ZX_DEBUG_ASSERT(assert_value == 3);
	ZX_DEBUG_ASSERT_MSG(assert_value == 3, "no arguments");
}

static void assert_fails(void)
{
	ZX_ASSERT_MSG(assert_value == 4, "value %d", assert_value);
}

static void debug_assert_fails(void)
{
	ZX_DEBUG_ASSERT(assert_value == 4);
}

static void panics(void)
{
	ZX_PANIC("panic %s\n", "now");
}

TEST(assert_family)
{
	int st;

	ASSERT_EQ(1, ZX_DEBUG_ASSERT_IMPLEMENTED);
	st = child_status(assert_passes);
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
	st = child_status(assert_fails);
	ASSERT_TRUE(WIFSIGNALED(st));
	ASSERT_EQ(SIGABRT, WTERMSIG(st));
	st = child_status(debug_assert_fails);
	ASSERT_TRUE(WIFSIGNALED(st));
	ASSERT_EQ(SIGABRT, WTERMSIG(st));
	st = child_status(panics);
	ASSERT_TRUE(WIFSIGNALED(st));
	ASSERT_EQ(SIGABRT, WTERMSIG(st));
}

/* ------------------------------------------------ packets, hypervisor */

TEST(port_packet_layout)
{
	ASSERT_EQ(48u, sizeof(zx_port_packet_t));
	ASSERT_EQ(0u, offsetof(zx_port_packet_t, key));
	ASSERT_EQ(8u, offsetof(zx_port_packet_t, type));
	ASSERT_EQ(12u, offsetof(zx_port_packet_t, status));
	ASSERT_EQ(16u, offsetof(zx_port_packet_t, user));
	ASSERT_EQ(16u, offsetof(zx_port_packet_t, signal));
	ASSERT_EQ(16u, offsetof(zx_port_packet_t, guest_bell));
	ASSERT_EQ(16u, offsetof(zx_port_packet_t, guest_mem));
	ASSERT_EQ(16u, offsetof(zx_port_packet_t, guest_io));
	ASSERT_EQ(16u, offsetof(zx_port_packet_t, guest_vcpu));
	ASSERT_EQ(16u, offsetof(zx_port_packet_t, interrupt));
	ASSERT_EQ(16u, offsetof(zx_port_packet_t, page_request));
	ASSERT_EQ(16u, offsetof(zx_port_packet_t,
			       processor_power_level_transition));
	ASSERT_EQ(32u, sizeof(zx_packet_guest_io_t));
	ASSERT_EQ(4u, offsetof(zx_packet_guest_io_t, u32));
	ASSERT_EQ(8u, offsetof(zx_packet_guest_vcpu_t, interrupt.mask));
	ASSERT_EQ(16u, offsetof(zx_packet_guest_vcpu_t, interrupt.vector));
	ASSERT_EQ(8u, offsetof(zx_packet_page_request_t, offset));
	ASSERT_EQ(3u, ZX_PKT_TYPE_GUEST_BELL);
	ASSERT_EQ(7u, ZX_PKT_TYPE_INTERRUPT);
	ASSERT_EQ(9u, ZX_PKT_TYPE_PAGE_REQUEST);
	ASSERT_EQ(0u, ZX_GUEST_TRAP_BELL);
	ASSERT_EQ(1u, ZX_GUEST_TRAP_MEM);
	ASSERT_EQ(2u, ZX_GUEST_TRAP_IO);
	ASSERT_EQ(1u, ZX_VCPU_IO);
	ASSERT_EQ(8u, sizeof(zx_vcpu_io_t));
	ASSERT_EQ(4u, offsetof(zx_vcpu_io_t, u16));
}

/* --------------------------------- calls for objects that do not exist */

TEST(absent_objects_answer)
{
	zx_handle_t ev, port, out = 42, out2 = 43;
	zx_instant_boot_t ts = 0;

	ASSERT_EQ(ZX_OK, zx_event_create(0, &ev));
	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));

	ASSERT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_interrupt_create(ZX_HANDLE_INVALID, 0,
				      ZX_INTERRUPT_VIRTUAL, &out));
	ASSERT_EQ(ZX_ERR_NOT_SUPPORTED, zx_guest_create(ev, 0, &out, &out2));
	ASSERT_EQ(ZX_ERR_NOT_SUPPORTED, zx_pager_create(0, &out));
	ASSERT_EQ(ZX_ERR_INVALID_ARGS, zx_pager_create(1, &out));
	ASSERT_EQ(42u, out);
	ASSERT_EQ(43u, out2);

	/* A valid handle is of another type; an invalid one is bad. */
	ASSERT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_interrupt_bind(ev, port, 1, ZX_INTERRUPT_BIND));
	ASSERT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_interrupt_bind(port, port, 1, ZX_INTERRUPT_UNBIND));
	ASSERT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_interrupt_bind(ZX_HANDLE_INVALID, port, 1, 0));
	ASSERT_EQ(ZX_ERR_WRONG_TYPE, zx_interrupt_wait(ev, &ts));
	ASSERT_EQ(ZX_ERR_WRONG_TYPE, zx_interrupt_ack(ev));
	ASSERT_EQ(ZX_ERR_WRONG_TYPE, zx_interrupt_trigger(ev, 0, 0));
	ASSERT_EQ(ZX_ERR_WRONG_TYPE, zx_interrupt_destroy(ev));
	ASSERT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_guest_set_trap(ev, ZX_GUEST_TRAP_BELL, 0, 4096, port, 1));
	ASSERT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_pager_create_vmo(ev, 0, port, 1, 4096, &out));
	ASSERT_EQ(ZX_ERR_WRONG_TYPE, zx_pager_detach_vmo(ev, ev));
	ASSERT_EQ(42u, out);

	ASSERT_EQ(ZX_OK, zx_handle_close(ev));
	/* The same value, closed, is a bad handle now. */
	ASSERT_EQ(ZX_ERR_BAD_HANDLE, zx_interrupt_destroy(ev));
	ASSERT_EQ(ZX_ERR_BAD_HANDLE, zx_interrupt_wait(ev, &ts));
	ASSERT_EQ(ZX_ERR_BAD_HANDLE, zx_interrupt_ack(ev));
	ASSERT_EQ(ZX_ERR_BAD_HANDLE, zx_interrupt_trigger(ev, 0, 0));
	ASSERT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_guest_set_trap(ev, ZX_GUEST_TRAP_BELL, 0, 4096, port, 1));
	ASSERT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_pager_create_vmo(ev, 0, port, 1, 4096, &out));
	ASSERT_EQ(ZX_ERR_BAD_HANDLE, zx_pager_detach_vmo(ev, port));
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
}

/* ------------------------------------------------ zx_port_cancel_key() */

static int drain(zx_handle_t port, uint64_t *keys, int max)
{
	zx_port_packet_t p;
	int n = 0;

	while (zx_port_wait(port, 0, &p) == ZX_OK) {
		if (n < max)
			keys[n] = p.key;
		n++;
	}
	return n;
}

TEST(port_cancel_key_errors)
{
	zx_handle_t port, ro, ev;

	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	ASSERT_EQ(ZX_OK, zx_event_create(0, &ev));
	/* Options are checked before the handle. */
	ASSERT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_port_cancel_key(ZX_HANDLE_INVALID, 1, 1));
	ASSERT_EQ(ZX_ERR_INVALID_ARGS, zx_port_cancel_key(port, 1u << 31, 1));
	ASSERT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_port_cancel_key(ZX_HANDLE_INVALID, 0, 1));
	ASSERT_EQ(ZX_ERR_WRONG_TYPE, zx_port_cancel_key(ev, 0, 1));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(port, ZX_RIGHT_READ, &ro));
	ASSERT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_cancel_key(ro, 0, 1));
	ASSERT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel_key(port, 0, 1));
	ASSERT_EQ(ZX_OK, zx_handle_close(ro));
	ASSERT_EQ(ZX_ERR_BAD_HANDLE, zx_port_cancel_key(ro, 0, 1));
	ASSERT_EQ(ZX_OK, zx_handle_close(ev));
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
}

/* Armed waits on many objects, fired packets, user packets: by key. */
TEST(port_cancel_key_all_sources)
{
	enum { N = 32 };
	zx_handle_t port, ev[N], other_port;
	zx_port_packet_t up = { .key = 7, .type = ZX_PKT_TYPE_USER };
	uint64_t keys[4 * N];
	int i, n, sevens = 0;

	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	ASSERT_EQ(ZX_OK, zx_port_create(0, &other_port));
	for (i = 0; i < N; i++) {
		ASSERT_EQ(ZX_OK, zx_event_create(0, &ev[i]));
		/* Key 7 on every event, twice on the even ones; key 8 too. */
		ASSERT_EQ(ZX_OK, zx_object_wait_async(ev[i], port, 7,
						      ZX_USER_SIGNAL_0, 0));
		if (i % 2 == 0)
			ASSERT_EQ(ZX_OK,
				  zx_object_wait_async(ev[i], port, 7,
						       ZX_USER_SIGNAL_1, 0));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(ev[i], port, 8,
						      ZX_USER_SIGNAL_0, 0));
		/* The same key on another port is not touched. */
		ASSERT_EQ(ZX_OK, zx_object_wait_async(ev[i], other_port, 7,
						      ZX_USER_SIGNAL_0, 0));
	}
	/* Some key-7 waits have fired: their packets are queued. */
	for (i = 0; i < N; i += 4)
		ASSERT_EQ(ZX_OK, zx_object_signal(ev[i], 0, ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &up));
	up.key = 9;
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &up));

	ASSERT_EQ(ZX_OK, zx_port_cancel_key(port, 0, 7));
	ASSERT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel_key(port, 0, 7));
	/* Only the user packet of key 9 is left; key 8 waits still fire. */
	n = drain(port, keys, 4 * N);
	ASSERT_EQ(1, n);
	ASSERT_EQ(9u, keys[0]);
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_object_signal(ev[i], 0, ZX_USER_SIGNAL_0));
	n = drain(port, keys, 4 * N);
	ASSERT_EQ(N, n);
	for (i = 0; i < N; i++)
		ASSERT_EQ(8u, keys[i]);
	n = drain(other_port, keys, 4 * N);
	for (i = 0; i < n && i < 4 * N; i++)
		sevens += keys[i] == 7;
	ASSERT_EQ(N, n);
	ASSERT_EQ(N, sevens);
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_handle_close(ev[i]));
	ASSERT_EQ(ZX_OK, zx_handle_close(other_port));
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
}

/*
 * More armed waits than one batch of the port's walk (256), the ones with
 * the key spread through them and at the very end: all are found.
 */
TEST(port_cancel_key_many_armed)
{
	enum { N = 3000 };
	static zx_handle_t ev[N];
	zx_port_packet_t p;
	zx_handle_t port;
	int i, n = 0, twos = 0;

	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	for (i = 0; i < N; i++) {
		uint64_t key = (i % 700 == 0 || i >= N - 3) ? 2 : 1;

		ASSERT_EQ(ZX_OK, zx_event_create(0, &ev[i]));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(ev[i], port, key,
						      ZX_USER_SIGNAL_0, 0));
	}
	ASSERT_EQ(ZX_OK, zx_port_cancel_key(port, 0, 2));
	ASSERT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel_key(port, 0, 2));
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_object_signal(ev[i], 0, ZX_USER_SIGNAL_0));
	while (zx_port_wait(port, 0, &p) == ZX_OK) {
		n++;
		twos += p.key == 2;
	}
	ASSERT_EQ(N - 8, n);
	ASSERT_EQ(0, twos);
	/* Fired and queued: cancelled by key as a whole. */
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_object_wait_async(ev[i], port, 3,
						      ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_port_cancel_key(port, 0, 3));
	ASSERT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &p));
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_handle_close(ev[i]));
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
}

/* More waits with the key on one object than one batch (256) ends. */
TEST(port_cancel_key_many_on_one_object)
{
	enum { N = 600 };
	zx_handle_t port, ev;
	zx_port_packet_t p;
	int i, n = 0;

	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	ASSERT_EQ(ZX_OK, zx_event_create(0, &ev));
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, i % 3 ? 9 : 8,
						      ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_port_cancel_key(port, 0, 9));
	ASSERT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel_key(port, 0, 9));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	while (zx_port_wait(port, 0, &p) == ZX_OK) {
		ASSERT_EQ(8u, p.key);
		n++;
	}
	ASSERT_EQ(N / 3, n);
	ASSERT_EQ(ZX_OK, zx_handle_close(ev));
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
}

/* A cancelled user packet no longer counts against the port's limit. */
TEST(port_cancel_key_user_packet_limit)
{
	zx_port_packet_t up = { .key = 5, .type = ZX_PKT_TYPE_USER };
	zx_handle_t port;
	int i, queued = 0;

	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	for (i = 0; i < 10000; i++) {
		zx_status_t st = zx_port_queue(port, &up);

		if (st == ZX_ERR_SHOULD_WAIT)
			break;
		ASSERT_EQ(ZX_OK, st);
		queued++;
	}
	ASSERT_LT(queued, 10000);
	ASSERT_EQ(ZX_OK, zx_port_cancel_key(port, 0, 5));
	for (i = 0; i < queued; i++)
		ASSERT_EQ(ZX_OK, zx_port_queue(port, &up));
	ASSERT_EQ(ZX_ERR_SHOULD_WAIT, zx_port_queue(port, &up));
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
}

/* Cancelling while another thread fires the same waits. */
struct race_arg {
	zx_handle_t *ev;
	int n;
	int rounds;
};

static void *race_signaller(void *p)
{
	struct race_arg *a = p;

	for (int r = 0; r < a->rounds; r++)
		for (int i = 0; i < a->n; i++)
			zx_object_signal(a->ev[i], ZX_USER_SIGNAL_0,
					 r % 2 ? ZX_USER_SIGNAL_0 : 0);
	return NULL;
}

TEST(port_cancel_key_races_firing)
{
	enum { N = 16, ROUNDS = 200 };
	zx_handle_t port, ev[N];
	struct race_arg a = { ev, N, ROUNDS };
	zx_port_packet_t p;
	pthread_t th;
	int r, i;

	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_event_create(0, &ev[i]));
	ASSERT_EQ(0, pthread_create(&th, NULL, race_signaller, &a));
	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < N; i++)
			ASSERT_EQ(ZX_OK,
				  zx_object_wait_async(ev[i], port, 100 + r,
						       ZX_USER_SIGNAL_0, 0));
		/* Armed or fired, every one of them is gone after this. */
		ASSERT_EQ(ZX_OK, zx_port_cancel_key(port, 0, 100 + r));
		ASSERT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &p));
	}
	ASSERT_EQ(0, pthread_join(th, NULL));
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_handle_close(ev[i]));
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
}

/* ------------------------------- a dispatcher in async-loop's shape */

#define KEY_PORT_CONTROL	0x0000F00000000001ull
#define KEY_TIMER_CONTROL	0x0000F00000000002ull

struct mloop {
	zx_handle_t port, timer;
	pthread_mutex_t lock;
	list_node_t waits;		/* armed struct mwait */
	list_node_t tasks;		/* struct mtask, earliest first */
	bool timer_armed;
	bool quit;
};

struct mwait {
	list_node_t node;
	zx_handle_t object;
	zx_signals_t trigger;
	int runs;
	zx_status_t status;
	zx_signals_t observed;
};

struct mtask {
	list_node_t node;
	zx_time_t deadline;
	int runs;
	int order;
};

static int mloop_order;

static void mloop_init(struct mloop *l)
{
	memset(l, 0, sizeof(*l));
	ZX_ASSERT(zx_port_create(0, &l->port) == ZX_OK);
	ZX_ASSERT(zx_timer_create(ZX_TIMER_SLACK_LATE, ZX_CLOCK_MONOTONIC,
				  &l->timer) == ZX_OK);
	pthread_mutex_init(&l->lock, NULL);
	list_initialize(&l->waits);
	list_initialize(&l->tasks);
}

static zx_status_t mloop_begin_wait(struct mloop *l, struct mwait *w)
{
	zx_status_t st;

	pthread_mutex_lock(&l->lock);
	st = zx_object_wait_async(w->object, l->port, (uintptr_t)w,
				  w->trigger, 0);
	if (st == ZX_OK)
		list_add_head(&l->waits, &w->node);
	pthread_mutex_unlock(&l->lock);
	return st;
}

/* Async-loop's cancel_wait: the record must still be listed. */
static zx_status_t mloop_cancel_wait(struct mloop *l, struct mwait *w,
				     bool by_source)
{
	zx_status_t st;

	pthread_mutex_lock(&l->lock);
	if (!list_in_list(&w->node)) {
		pthread_mutex_unlock(&l->lock);
		return ZX_ERR_NOT_FOUND;
	}
	st = by_source ? zx_port_cancel(l->port, w->object, (uintptr_t)w) :
			 zx_port_cancel_key(l->port, 0, (uintptr_t)w);
	if (st == ZX_OK)
		list_delete(&w->node);
	pthread_mutex_unlock(&l->lock);
	return st;
}

/* Under the lock: the timer follows the earliest task, or is cancelled. */
static void mloop_restart_timer_locked(struct mloop *l)
{
	struct mtask *t = list_peek_head_type(&l->tasks, struct mtask, node);
	zx_status_t st;

	if (!t) {
		if (l->timer_armed) {
			ZX_ASSERT(zx_timer_cancel(l->timer) == ZX_OK);
			st = zx_port_cancel_key(l->port, 0, KEY_TIMER_CONTROL);
			ZX_ASSERT(st == ZX_OK || st == ZX_ERR_NOT_FOUND);
			l->timer_armed = false;
		}
		return;
	}
	ZX_ASSERT(zx_timer_set(l->timer, t->deadline, 0) == ZX_OK);
	if (!l->timer_armed) {
		l->timer_armed = true;
		ZX_ASSERT(zx_object_wait_async(l->timer, l->port,
					       KEY_TIMER_CONTROL,
					       ZX_TIMER_SIGNALED, 0) == ZX_OK);
	}
}

static void mloop_post_task(struct mloop *l, struct mtask *t)
{
	list_node_t *n;

	pthread_mutex_lock(&l->lock);
	for (n = l->tasks.prev; n != &l->tasks; n = n->prev)
		if (t->deadline >= containerof(n, struct mtask, node)->deadline)
			break;
	list_add_after(n, &t->node);
	if (t->node.prev == &l->tasks)
		mloop_restart_timer_locked(l);
	pthread_mutex_unlock(&l->lock);
}

static zx_status_t mloop_cancel_task(struct mloop *l, struct mtask *t)
{
	bool head;

	pthread_mutex_lock(&l->lock);
	if (!list_in_list(&t->node)) {
		pthread_mutex_unlock(&l->lock);
		return ZX_ERR_NOT_FOUND;
	}
	head = t->node.prev == &l->tasks;
	list_delete(&t->node);
	if (head)
		mloop_restart_timer_locked(l);
	pthread_mutex_unlock(&l->lock);
	return ZX_OK;
}

static void mloop_run_tasks(struct mloop *l)
{
	zx_time_t now = zx_clock_get_monotonic();
	struct mtask *t;

	pthread_mutex_lock(&l->lock);
	while ((t = list_peek_head_type(&l->tasks, struct mtask, node)) &&
	       t->deadline <= now) {
		list_delete(&t->node);
		t->runs++;
		t->order = ++mloop_order;
	}
	l->timer_armed = false;
	mloop_restart_timer_locked(l);
	pthread_mutex_unlock(&l->lock);
}

/* One zx_port_wait(): ZX_OK after a unit of work, else its status. */
static zx_status_t mloop_run_once(struct mloop *l, zx_time_t deadline)
{
	zx_port_packet_t p;
	struct mwait *w;
	zx_status_t st;

	if (__atomic_load_n(&l->quit, __ATOMIC_ACQUIRE))
		return ZX_ERR_CANCELED;
	st = zx_port_wait(l->port, deadline, &p);
	if (st != ZX_OK)
		return st;
	if (p.key == KEY_PORT_CONTROL) {
		ZX_ASSERT(p.type == ZX_PKT_TYPE_USER);
		return ZX_OK;
	}
	if (p.key == KEY_TIMER_CONTROL) {
		ZX_ASSERT(p.type == ZX_PKT_TYPE_SIGNAL_ONE);
		ZX_ASSERT(p.signal.observed & ZX_TIMER_SIGNALED);
		mloop_run_tasks(l);
		return ZX_OK;
	}
	ZX_ASSERT(p.type == ZX_PKT_TYPE_SIGNAL_ONE);
	w = (struct mwait *)(uintptr_t)p.key;
	pthread_mutex_lock(&l->lock);
	list_delete(&w->node);
	pthread_mutex_unlock(&l->lock);
	w->runs++;
	w->status = p.status;
	w->observed = p.signal.observed;
	return ZX_OK;
}

static void mloop_run_until_idle(struct mloop *l)
{
	while (mloop_run_once(l, 0) == ZX_OK)
		;
}

static void mloop_destroy(struct mloop *l)
{
	ZX_ASSERT(zx_handle_close(l->timer) == ZX_OK);
	ZX_ASSERT(zx_handle_close(l->port) == ZX_OK);
	pthread_mutex_destroy(&l->lock);
}

/* 1,000 waits; half signalled; a quarter cancelled by key, some by source. */
TEST(loop_many_waits_and_cancels)
{
	enum { N = 1000 };
	static struct mwait w[N];
	struct mloop l;
	int i, runs = 0;

	mloop_init(&l);
	for (i = 0; i < N; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		ASSERT_EQ(ZX_OK, zx_event_create(0, &w[i].object));
		w[i].trigger = ZX_USER_SIGNAL_0;
		list_clear_node(&w[i].node);
		ASSERT_EQ(ZX_OK, mloop_begin_wait(&l, &w[i]));
	}
	ASSERT_EQ((size_t)N, list_length(&l.waits));
	for (i = 0; i < N; i += 2)
		ASSERT_EQ(ZX_OK, zx_object_signal(w[i].object, 0,
						  ZX_USER_SIGNAL_0));
	/* Fired but not yet dispatched: cancel still takes the packet. */
	for (i = 0; i < N; i += 8)
		ASSERT_EQ(ZX_OK, mloop_cancel_wait(&l, &w[i], false));
	for (i = 1; i < N; i += 4)
		ASSERT_EQ(ZX_OK, mloop_cancel_wait(&l, &w[i], i % 8 == 1));
	for (i = 1; i < N; i += 4)
		ASSERT_EQ(ZX_ERR_NOT_FOUND, mloop_cancel_wait(&l, &w[i], false));
	mloop_run_until_idle(&l);
	for (i = 0; i < N; i++) {
		int want = (i % 2 == 0 && i % 8 != 0) ? 1 : 0;

		ASSERT_EQ(want, w[i].runs);
		if (want) {
			ASSERT_EQ(ZX_OK, w[i].status);
			ASSERT_TRUE((w[i].observed & ZX_USER_SIGNAL_0) != 0);
		}
		runs += w[i].runs;
	}
	ASSERT_EQ(N / 2 - N / 8, runs);
	/* The rest fire once each when signalled. */
	for (i = 3; i < N; i += 4)
		ASSERT_EQ(ZX_OK, zx_object_signal(w[i].object, 0,
						  ZX_USER_SIGNAL_0));
	mloop_run_until_idle(&l);
	for (i = 3; i < N; i += 4)
		ASSERT_EQ(1, w[i].runs);
	ASSERT_TRUE(list_is_empty(&l.waits));
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_handle_close(w[i].object));
	mloop_destroy(&l);
}

/* Delayed tasks through the timer, in deadline order; no timing asserts. */
TEST(loop_delayed_tasks)
{
	struct mtask t[5];
	struct mloop l;
	zx_time_t now;
	int i;

	mloop_init(&l);
	now = zx_clock_get_monotonic();
	for (i = 0; i < 5; i++) {
		memset(&t[i], 0, sizeof(t[i]));
		list_clear_node(&t[i].node);
		t[i].deadline = now + ZX_MSEC(10) * (5 - i);
	}
	for (i = 0; i < 5; i++)
		mloop_post_task(&l, &t[i]);
	ASSERT_EQ(ZX_OK, mloop_cancel_task(&l, &t[2]));
	ASSERT_EQ(ZX_ERR_NOT_FOUND, mloop_cancel_task(&l, &t[2]));
	while (!list_is_empty(&l.tasks))
		ASSERT_EQ(ZX_OK, mloop_run_once(&l, ZX_TIME_INFINITE));
	ASSERT_EQ(0, t[2].runs);
	for (i = 0; i < 5; i++)
		if (i != 2)
			ASSERT_EQ(1, t[i].runs);
	ASSERT_LT(t[4].order, t[3].order);
	ASSERT_LT(t[3].order, t[1].order);
	ASSERT_LT(t[1].order, t[0].order);
	ASSERT_LE(now + ZX_MSEC(50), zx_clock_get_monotonic());

	/* The only task cancelled: the timer's wait is cancelled by key. */
	t[0].deadline = zx_clock_get_monotonic() + ZX_SEC(3600);
	mloop_post_task(&l, &t[0]);
	ASSERT_TRUE(l.timer_armed);
	ASSERT_EQ(ZX_OK, mloop_cancel_task(&l, &t[0]));
	ASSERT_FALSE(l.timer_armed);
	ASSERT_EQ(ZX_ERR_NOT_FOUND,
		  zx_port_cancel_key(l.port, 0, KEY_TIMER_CONTROL));
	/* A task already due, cancelled after its timer fired: no packet. */
	t[1].deadline = zx_clock_get_monotonic();
	mloop_post_task(&l, &t[1]);
	ASSERT_EQ(ZX_OK, zx_object_wait_one(l.timer, ZX_TIMER_SIGNALED,
					    ZX_TIME_INFINITE, NULL));
	ASSERT_EQ(ZX_OK, mloop_cancel_task(&l, &t[1]));
	ASSERT_EQ(ZX_ERR_TIMED_OUT, mloop_run_once(&l, 0));
	mloop_destroy(&l);
}

struct waker_arg {
	struct mloop *l;
	int threads;
	struct mwait *w;
	int n;
};

/* Another thread signals the waits, then wakes every dispatch thread. */
static void *waker(void *p)
{
	struct waker_arg *a = p;
	zx_port_packet_t up = { .key = KEY_PORT_CONTROL,
				.type = ZX_PKT_TYPE_USER };

	for (int i = 0; i < a->n; i++)
		zx_object_signal(a->w[i].object, 0, ZX_USER_SIGNAL_0);
	__atomic_store_n(&a->l->quit, true, __ATOMIC_RELEASE);
	for (int i = 0; i < a->threads; i++)
		ZX_ASSERT(zx_port_queue(a->l->port, &up) == ZX_OK);
	return NULL;
}

static void *dispatch_thread(void *p)
{
	struct mloop *l = p;

	while (mloop_run_once(l, ZX_TIME_INFINITE) == ZX_OK)
		;
	return NULL;
}

/* Four threads in zx_port_wait(); zx_port_queue() wakes them to quit. */
TEST(loop_threads_woken_by_queue)
{
	enum { N = 200, THREADS = 4 };
	static struct mwait w[N];
	struct waker_arg a;
	pthread_t th[THREADS], wk;
	struct mloop l;
	int i;

	mloop_init(&l);
	for (i = 0; i < N; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		ASSERT_EQ(ZX_OK, zx_event_create(0, &w[i].object));
		w[i].trigger = ZX_USER_SIGNAL_0;
		list_clear_node(&w[i].node);
		ASSERT_EQ(ZX_OK, mloop_begin_wait(&l, &w[i]));
	}
	for (i = 0; i < THREADS; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, dispatch_thread, &l));
	a = (struct waker_arg){ &l, THREADS, w, N };
	ASSERT_EQ(0, pthread_create(&wk, NULL, waker, &a));
	ASSERT_EQ(0, pthread_join(wk, NULL));
	for (i = 0; i < THREADS; i++)
		ASSERT_EQ(0, pthread_join(th[i], NULL));
	/* Threads may quit before every packet is taken: finish here. */
	__atomic_store_n(&l.quit, false, __ATOMIC_RELEASE);
	mloop_run_until_idle(&l);
	for (i = 0; i < N; i++)
		ASSERT_EQ(1, w[i].runs);
	ASSERT_TRUE(list_is_empty(&l.waits));
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_handle_close(w[i].object));
	mloop_destroy(&l);
}

ZX_TEST_MAIN(NULL, NULL)
