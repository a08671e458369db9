// SPDX-License-Identifier: GPL-2.0
/*
 * zx_fuzz: the libzx mode's object pool, handles, VMOs and mappings.
 */
#include <zircon/process.h>

#include "libzx.h"

/* ====================================================== libzx mode */

struct libzx_proc P;

const char *const lop_names[] = { LOPS(LOP_NAME) "CANCEL", "SHED" };
const uint8_t lop_weights[] = { LOPS(LOP_WEIGHT) };
__thread sigjmp_buf *volatile t_jmp;

void fault_handler(int sig, siginfo_t *si, void *uc)
{
	sigjmp_buf *jb = t_jmp;

	if (jb) {
		t_jmp = NULL;
		siglongjmp(*jb, sig);
	}
	/*
	 * Not a deliberate access: say where (async-signal-safe), then die
	 * of it; the coordinator reports which operations were in flight.
	 */
	{
		uintptr_t a = (uintptr_t)si->si_addr;
		char msg[] = "# fuzz worker: unexpected signal at 0x0000000000000000\n";
		char *p = msg + sizeof(msg) - 2;

		for (int i = 0; i < 16; i++, a >>= 4)
			*--p = "0123456789abcdef"[a & 15];
		if (write(2, msg, sizeof(msg) - 1) < 0)
			(void)uc;
	}
	signal(sig, SIG_DFL);
}

void lstale_add(uint32_t h)
{
	uint32_t i = __atomic_fetch_add(&P.stale_pos, 1, __ATOMIC_RELAXED);

	if (h)
		__atomic_store_n(&P.stale[i % LSTALE], h, __ATOMIC_RELAXED);
}

/* A value that names no handle: never valid in any table. */
static uint32_t garbage_handle(struct rng *r)
{
	switch (below(r, 4)) {
	case 0: return 0xfffffff3u - (below(r, 64) << 2);
	case 1: return ((uint32_t)rnd(r) << 2) & ~3u;	/* fixed bits clear */
	case 2: return 0xffffffffu;
	default: return 0x80000003u | ((uint32_t)rnd(r) & 0x1ffffffcu) << 2;
	}
}

/* A slot, preferably a live one holding an object of @type. */
int pick_slot(struct rng *r, uint32_t type)
{
	int i = (int)below(r, LSLOTS);

	if (type && chance(r, 90)) {
		for (int k = 0; k < LSLOTS; k++) {
			int j = (i + k) % LSLOTS;

			if (__atomic_load_n(&P.stype[j], __ATOMIC_RELAXED) == type &&
			    __atomic_load_n(&P.slot[j], __ATOMIC_RELAXED))
				return j;
		}
	}
	for (int k = 0; k < 6; k++) {
		if (__atomic_load_n(&P.slot[i], __ATOMIC_RELAXED))
			break;
		i = (int)below(r, LSLOTS);
	}
	return i;
}

/* A handle to use (not to consume): mostly a live one, maybe of @type. */
uint32_t lh(struct lctx *c, uint32_t type)
{
	struct rng *r = &c->t.r;
	unsigned int k = below(r, 100);

	if (k < 85)
		return __atomic_load_n(&P.slot[pick_slot(r, type)],
				       __ATOMIC_RELAXED);
	if (k < 90)
		return P.link[below(r, 2)];
	if (k < 93)
		return __atomic_load_n(&P.stale[below(r, LSTALE)],
				       __ATOMIC_RELAXED);
	if (k < 94)
		return 0;
	if (k < 97)
		return garbage_handle(r);
	return P.root;
}

/* A handle to consume: taken out of its slot (so no one else consumes it). */
uint32_t lh_take(struct lctx *c, uint32_t type, uint8_t *stype)
{
	struct rng *r = &c->t.r;
	unsigned int k = below(r, 100);
	int i;

	*stype = 0;
	if (k < 88) {
		i = pick_slot(r, type);
		*stype = __atomic_load_n(&P.stype[i], __ATOMIC_RELAXED);
		return __atomic_exchange_n(&P.slot[i], 0, __ATOMIC_RELAXED);
	}
	if (k < 94)
		return __atomic_load_n(&P.stale[below(r, LSTALE)],
				       __ATOMIC_RELAXED);
	if (k < 97)
		return 0;
	return garbage_handle(r);
}

void lput(struct lctx *c, uint32_t h, uint32_t type)
{
	struct rng *r = &c->t.r;
	int i = (int)below(r, LSLOTS);
	uint32_t old;

	if (!h)
		return;
	old = __atomic_exchange_n(&P.slot[i], h, __ATOMIC_RELAXED);
	__atomic_store_n(&P.stype[i], (uint8_t)type, __ATOMIC_RELAXED);
	if (old && chance(r, 92)) {
		zx_handle_close(old);
		lstale_add(old);
	}
}

/* Puts back a handle that was taken but not consumed. */
void lput_back(struct lctx *c, uint32_t h, uint8_t type)
{
	if (h && h != P.root && h != P.link[0] && h != P.link[1])
		lput(c, h, type);
}

static uint64_t lrank(uint32_t h, bool *is_chan)
{
	zx_info_handle_basic_t b;

	*is_chan = false;
	if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL,
			       NULL) != ZX_OK)
		return 0;
	*is_chan = b.type == ZX_OBJ_TYPE_CHANNEL;
	return b.related_koid && b.related_koid < b.koid ? b.related_koid :
							    b.koid;
}

/* May @h travel through channel @writer without making a cycle? */
static bool sendable(uint32_t writer, uint32_t h)
{
	bool wchan, chan;
	uint64_t wrank, rank;

	if (opt.cycles)
		return true;
	rank = lrank(h, &chan);
	if (!chan)
		return true;
	wrank = lrank(writer, &wchan);
	if (!wchan)
		return false;	/* the writer is gone or no channel: be safe */
	return rank > wrank;
}

void *lbad(struct rng *r)
{
	return (void *)(uintptr_t)bad_ptr(r, false);
}

/* An out pointer of @want bytes for a libzx call; *room: usable bytes. */
void *lout(struct lctx *c, size_t want, size_t *room)
{
	size_t avail;
	uint64_t p = out_ptr(&c->t.r, &c->scratch, want, &avail, false);

	if (room)
		*room = avail;
	return (void *)(uintptr_t)p;
}

void *lin(struct lctx *c, size_t want, size_t *room)
{
	size_t avail;
	uint64_t p = in_ptr(&c->t.r, &c->inbuf, want, &avail, false);

	if (room)
		*room = avail;
	return (void *)(uintptr_t)p;
}

/* The size of VMO @h, or 0. */
uint64_t lvmo_size(uint32_t h)
{
	uint64_t size = 0;

	if (zx_vmo_get_size(h, &size) != ZX_OK)
		return 0;
	return size;
}

/* An offset and length inside a VMO of @size (may be empty). */
static void lvmo_range(struct rng *r, uint64_t size, uint64_t *off,
		       uint64_t *len, uint64_t max)
{
	*off = size ? below(r, (uint32_t)(size < (1ULL << 31) ? size : 1ULL << 31)) : 0;
	if (chance(r, 50))
		*off &= ~(PAGE - 1);
	*len = below(r, (uint32_t)(size - *off < max ? size - *off : max) + 1);
}

static uint32_t type_of_create(int op)
{
	switch (op) {
	case LOP_EVENT: return ZX_OBJ_TYPE_EVENT;
	case LOP_EVENTPAIR: return ZX_OBJ_TYPE_EVENTPAIR;
	default: return ZX_OBJ_TYPE_CHANNEL;
	}
}

void lop_create(struct lctx *c, int op)
{
	struct rng *r = &c->t.r;
	uint32_t h[2] = { 0, 0 }, opts = chance(r, 95) ? 0 : pick_flags(r, 1);
	uint32_t *o0 = chance(r, 97) ? &h[0] : lbad(r);
	uint32_t *o1 = chance(r, 97) ? &h[1] : lbad(r);
	zx_status_t s;

	if (op == LOP_EVENT)
		s = LCALL(c, op, 0x10, opts, 0, 0, zx_event_create(opts, o0));
	else if (op == LOP_EVENTPAIR)
		s = LCALL(c, op, 0x11, opts, 0, 0,
			  zx_eventpair_create(opts, o0, o1));
	else
		s = LCALL(c, op, 0x40, opts, 0, 0,
			  zx_channel_create(opts, o0, o1));
	if (s != ZX_OK)
		return;
	lput(c, h[0], type_of_create(op));
	if (op != LOP_EVENT)
		lput(c, h[1], type_of_create(op));
}

void lop_vmo(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint64_t size = chance(r, 70) || shedding() ?
			(uint64_t)below(r, 17) * PAGE + (chance(r, 20) ? below(r, PAGE) : 0) :
			pick_vmo_size(r);
	uint32_t opts = chance(r, 70) ? 0 : chance(r, 85) ? ZX_VMO_RESIZABLE :
					       pick_flags(r, 0x1f);
	uint32_t h = 0, *out = chance(r, 97) ? &h : lbad(r);

	if (LCALL(c, LOP_VMO, 0x30, size, opts, 0,
		  zx_vmo_create(size, opts, out)) == ZX_OK)
		lput(c, h, ZX_OBJ_TYPE_VMO);
}

void lop_child(struct lctx *c)
{
	static const uint32_t types[] = {
		ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SLICE,
		ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
		ZX_VMO_CHILD_SNAPSHOT_MODIFIED, ZX_VMO_CHILD_REFERENCE,
	};
	struct rng *r = &c->t.r;
	uint32_t src = lh(c, ZX_OBJ_TYPE_VMO), h = 0, *out;
	uint32_t opts = types[below(r, chance(r, 80) ? 3 : 5)];
	uint64_t off = chance(r, 60) ? 0 : chance(r, 70) ?
		       (uint64_t)below(r, 8) * PAGE : pick_interesting(r);
	uint64_t size = pick_vmo_size(r);

	if (chance(r, 70)) {	/* inside the parent */
		lvmo_range(r, lvmo_size(src), &off, &size, 64 * PAGE);
		off &= ~(PAGE - 1);
	}

	if (chance(r, 20))
		opts |= ZX_VMO_CHILD_RESIZABLE;
	if (chance(r, 15))
		opts |= ZX_VMO_CHILD_NO_WRITE;
	if (chance(r, 5))
		opts = (uint32_t)rnd(r);
	out = chance(r, 97) ? &h : lbad(r);
	if (LCALL(c, LOP_CHILD, 0x36, src, opts, size,
		  zx_vmo_create_child(src, opts, off, size, out)) == ZX_OK)
		lput(c, h, ZX_OBJ_TYPE_VMO);
}

/*
 * A handle made with explicit @rights must carry exactly those (checked
 * before anyone else can know the new value).
 */
static void lcheck_rights(uint32_t h, uint32_t rights, const char *what)
{
	zx_info_handle_basic_t b;

	if (rights == ZX_RIGHT_SAME_RIGHTS ||
	    zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL,
			       NULL) != ZX_OK)
		return;
	if (b.rights != rights)
		worker_fail("%s with rights 0x%x made a handle with rights 0x%x",
			    what, rights, b.rights);
}

void lop_dup(struct lctx *c)
{
	struct rng *r = &c->t.r;
	int i = pick_slot(r, 0);
	uint32_t src = chance(r, 90) ? __atomic_load_n(&P.slot[i], __ATOMIC_RELAXED) :
		       lh(c, 0);
	uint8_t type = __atomic_load_n(&P.stype[i], __ATOMIC_RELAXED);
	uint32_t rights = pick_rights(r), h = 0, *out = chance(r, 97) ? &h : lbad(r);

	if (LCALL(c, LOP_DUP, 0x03, src, rights, 0,
		  zx_handle_duplicate(src, rights, out)) == ZX_OK && out == &h) {
		lcheck_rights(h, rights, "zx_handle_duplicate");
		lput(c, h, type);
	}
}

void lop_replace(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint8_t type;
	uint32_t src = lh_take(c, 0, &type);
	uint32_t rights = pick_rights(r), h = 0, *out = chance(r, 97) ? &h : lbad(r);

	if (LCALL(c, LOP_REPLACE, 0x04, src, rights, 0,
		  zx_handle_replace(src, rights, out)) == ZX_OK && out == &h) {
		lcheck_rights(h, rights, "zx_handle_replace");
		lput(c, h, type);
	}
	lstale_add(src);
}

void lop_close(struct lctx *c)
{
	struct rng *r = &c->t.r;
	int i = pick_slot(r, 0);
	uint32_t h;

	if (chance(r, 80))
		h = __atomic_exchange_n(&P.slot[i], 0, __ATOMIC_RELAXED);
	else if (chance(r, 75))		/* the stale value stays in the slot */
		h = __atomic_load_n(&P.slot[i], __ATOMIC_RELAXED);
	else
		h = chance(r, 50) ? garbage_handle(r) :
		    __atomic_load_n(&P.stale[below(r, LSTALE)], __ATOMIC_RELAXED);
	if (h == P.root)
		return;
	LCALL(c, LOP_CLOSE, 0x01, h, 0, 0, zx_handle_close(h));
	lstale_add(h);
}

void lop_close_many(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t v[16];
	uint8_t type;
	uint32_t n = 1 + below(r, 8);
	const uint32_t *p = v;

	for (uint32_t i = 0; i < n; i++) {
		if (i && chance(r, 10))
			v[i] = v[i - 1];	/* the same handle twice */
		else
			v[i] = lh_take(c, 0, &type);
		if (v[i] == P.root)
			v[i] = 0;
	}
	if (chance(r, 3))
		p = lbad(r);
	LCALL(c, LOP_CLOSE_MANY, 0x02, n, v[0], 0, zx_handle_close_many(p, n));
	for (uint32_t i = 0; i < n; i++) {
		if (p == v)
			lstale_add(v[i]);
		else if (!i || v[i] != v[i - 1])
			lput_back(c, v[i], 0);	/* unreadable: nothing closed */
	}
}

void lop_signal(struct lctx *c, bool peer)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, peer ? ZX_OBJ_TYPE_EVENTPAIR : ZX_OBJ_TYPE_EVENT);
	uint32_t clr = pick_signals(r), set = pick_signals(r);

	if (peer)
		LCALL(c, LOP_SIGNAL_PEER, 0x09, h, clr, set,
		      zx_object_signal_peer(h, clr, set));
	else
		LCALL(c, LOP_SIGNAL, 0x08, h, clr, set,
		      zx_object_signal(h, clr, set));
}

void lop_wait(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, 0), sig = pick_signals(r);
	int64_t dl = pick_deadline(r);
	zx_signals_t obs, *po = chance(r, 85) ? &obs : chance(r, 50) ? NULL : lbad(r);

	LCALL(c, LOP_WAIT, 0x0a, h, sig, dl, zx_object_wait_one(h, sig, dl, po));
}

/*
 * A wait with no deadline on a duplicate that the canceler thread closes a
 * little later (that ends the wait with ZX_ERR_CANCELED), unless a signal
 * ends it first.
 */
void lop_wait_long(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, 0), d = 0, sig = pick_signals(r), zero = 0;
	int i = (int)below(r, LBLOCK);
	zx_signals_t obs;

	if (zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d) != ZX_OK)
		return;
	__atomic_store_n(&P.blocked_at[i], now_ns(), __ATOMIC_RELAXED);
	if (!__atomic_compare_exchange_n(&P.blocker[i], &zero, d, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		zx_handle_close(d);
		return;
	}
	LCALL(c, LOP_WAIT_LONG, 0x0a, d, sig, 0,
	      zx_object_wait_one(d, sig, ZX_TIME_INFINITE, &obs));
	if (__atomic_compare_exchange_n(&P.blocker[i], &d, 0, false,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		zx_handle_close(d);
}

void *canceler(void *arg)
{
	struct rng *r = arg;

	while (!__atomic_load_n(&P.stop_canceler, __ATOMIC_RELAXED)) {
		int64_t now = now_ns();

		if (chance(r, 50))
			signal_a_thread(r);
		for (int i = 0; i < LBLOCK; i++) {
			uint32_t h = __atomic_load_n(&P.blocker[i],
						     __ATOMIC_SEQ_CST);

			if (!h || now - __atomic_load_n(&P.blocked_at[i],
							__ATOMIC_RELAXED) <
				  20000000)
				continue;
			if (__atomic_compare_exchange_n(&P.blocker[i], &h, 0,
							false,
							__ATOMIC_SEQ_CST,
							__ATOMIC_SEQ_CST))
				zx_handle_close(h);
		}
		zx_test_sleep_ms(5);
	}
	/* Whatever still waits ends now. */
	for (int i = 0; i < LBLOCK; i++) {
		uint32_t h = __atomic_exchange_n(&P.blocker[i], 0,
						 __ATOMIC_SEQ_CST);

		if (h)
			zx_handle_close(h);
	}
	return NULL;
}

void lop_info(struct lctx *c)
{
	static const uint32_t any[] = {
		ZX_INFO_HANDLE_VALID, ZX_INFO_HANDLE_BASIC, ZX_INFO_HANDLE_COUNT,
	};
	static const uint32_t vmo[] = {
		ZX_INFO_VMO, ZX_INFO_VMO_V1, ZX_INFO_VMO_V2, ZX_INFO_VMO_V3,
	};
	static const uint32_t proc[] = {
		ZX_INFO_TASK_STATS, ZX_INFO_PROCESS_HANDLE_STATS,
		ZX_INFO_PROCESS_VMOS, ZX_INFO_PROCESS_VMOS_V1,
	};
	struct rng *r = &c->t.r;
	int i = pick_slot(r, 0);
	uint32_t h = __atomic_load_n(&P.slot[i], __ATOMIC_RELAXED);
	uint8_t type = __atomic_load_n(&P.stype[i], __ATOMIC_RELAXED);
	uint32_t topic = pick_topic(r);

	if (chance(r, 70))
		topic = type == ZX_OBJ_TYPE_VMO && chance(r, 60) ? vmo[below(r, 4)] :
			type == ZX_OBJ_TYPE_VMAR && chance(r, 60) ? ZX_INFO_VMAR :
			type == ZX_OBJ_TYPE_TIMER && chance(r, 60) ? ZX_INFO_TIMER :
			type == ZX_OBJ_TYPE_STREAM && chance(r, 60) ?
			ZX_INFO_STREAM :
			type == ZX_OBJ_TYPE_SOCKET && chance(r, 60) ? ZX_INFO_SOCKET :
			type == ZX_OBJ_TYPE_PROCESS && chance(r, 60) ?
			proc[below(r, 4)] :
			type == ZX_OBJ_TYPE_THREAD && chance(r, 60) ?
			ZX_INFO_THREAD_STATS :
			any[below(r, 3)];
	size_t room, size = chance(r, 60) ? sizeof(zx_info_vmo_t) :
			     pick_len(r, 128);
	void *buf = lout(c, size, &room);
	size_t actual, avail;
	size_t *pa = chance(r, 70) ? &actual : chance(r, 50) ? NULL : lbad(r);
	size_t *pv = chance(r, 70) ? &avail : chance(r, 50) ? NULL : lbad(r);

	if (chance(r, 10))
		buf = NULL;
	LCALL(c, LOP_INFO, 0x05, h, topic, size,
	      zx_object_get_info(h, topic, buf, size, pa, pv));
}

void lop_property(struct lctx *c)
{
	struct rng *r = &c->t.r;
	bool st = chance(r, 15), so = !st && chance(r, 15);
	uint32_t h = lh(c, st ? ZX_OBJ_TYPE_STREAM :
			so ? ZX_OBJ_TYPE_SOCKET :
			chance(r, 50) ? ZX_OBJ_TYPE_VMO : 0);
	uint32_t prop = st ? ZX_PROP_STREAM_MODE_APPEND :
			so ? ZX_PROP_SOCKET_RX_THRESHOLD + below(r, 2) :
			chance(r, 45) ? ZX_PROP_NAME :
			chance(r, 80) ? ZX_PROP_VMO_CONTENT_SIZE : below(r, 32);
	size_t size = chance(r, 70) ? (prop == ZX_PROP_NAME ? ZX_MAX_NAME_LEN : 8) :
		      pick_len(r, 40);
	uint64_t v;

	if (chance(r, 50)) {
		void *p = lout(c, size, NULL);

		LCALL(c, LOP_PROPERTY, 0x06, h, prop, size,
		      zx_object_get_property(h, prop, p, size));
	} else {
		void *p = lin(c, size, NULL);

		if (prop == ZX_PROP_VMO_CONTENT_SIZE && chance(r, 70)) {
			v = pick_vmo_size(r);
			p = &v;
		}
		LCALL(c, LOP_PROPERTY, 0x07, h, prop, size,
		      zx_object_set_property(h, prop, p, size));
	}
}

/* A tracked mapping: address and length, or false. */
bool lmap_get(struct rng *r, int *idx, uint64_t *addr, uint64_t *len)
{
	int i = (int)below(r, LMAPS);
	uint64_t e = __atomic_load_n(&P.map[i], __ATOMIC_RELAXED);

	if (!e)
		return false;
	*idx = i;
	*addr = e & ~(PAGE - 1);
	*len = ((e & (PAGE - 1)) + 1) * PAGE;
	return true;
}

static void lmap_add(struct rng *r, uint64_t addr, uint64_t len)
{
	uint64_t old;

	/* The module rounds the length up to pages; so does the entry. */
	len = (len + PAGE - 1) & ~(PAGE - 1);
	if (!len || len > PAGE * PAGE || (addr & (PAGE - 1)))
		return;
	old = __atomic_exchange_n(&P.map[below(r, LMAPS)],
				  addr | (len / PAGE - 1), __ATOMIC_RELAXED);
	/* Evicted: unmap it, unless it lives in the arena. */
	if (old && !in_arena(old & ~(PAGE - 1), 1))
		munmap((void *)(uintptr_t)(old & ~(PAGE - 1)),
		       ((old & (PAGE - 1)) + 1) * PAGE);
}

/* A buffer for vmo_read/write: a region, the arena, a mapping, or bad. */
static void *lbuf(struct lctx *c, bool write_to_it, uint64_t *len)
{
	struct rng *r = &c->t.r;
	uint64_t p;
	unsigned int k = below(r, 100);

	if (k < 12) {
		p = L.arena_lo + below(r, (uint32_t)(L.arena_hi - L.arena_lo));
		if (*len > L.arena_hi - p && chance(r, 80))
			*len = L.arena_hi - p;
		return (void *)(uintptr_t)p;
	}
	if (k < 16 && !write_to_it) {
		int i;
		uint64_t a, l;

		/* The kernel only reads from it: any tracked mapping will do. */
		if (lmap_get(r, &i, &a, &l)) {
			if (*len > l && chance(r, 80))
				*len = l;
			return (void *)(uintptr_t)a;
		}
	}
	if (k < 20)
		return lbad(r);
	{
		size_t room;
		void *b = write_to_it ? lout(c, *len, &room) : lin(c, *len, &room);

		if (*len > room && chance(r, 85))
			*len = room;
		return b;
	}
}

void lop_vmo_rw(struct lctx *c, bool write)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_VMO);
	uint64_t off = pick_offset(r), len = pick_len(r, 8192);
	void *buf;

	if (chance(r, 70))
		lvmo_range(r, lvmo_size(h), &off, &len, 3 * PAGE);
	if (write && shedding() && len > PAGE)
		len = PAGE;
	buf = lbuf(c, !write, &len);
	if (write)
		LCALL(c, LOP_VMO_WRITE, 0x32, h, off, len,
		      zx_vmo_write(h, buf, off, len));
	else
		LCALL(c, LOP_VMO_READ, 0x31, h, off, len,
		      zx_vmo_read(h, buf, off, len));
}

void lop_vmo_size(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_VMO);
	uint64_t size;

	if (chance(r, 40)) {
		uint64_t *p = chance(r, 90) ? &size : lbad(r);

		if (chance(r, 50))
			LCALL(c, LOP_VMO_SIZE, 0x3d, h, 0, 0,
			      zx_vmo_get_stream_size(h, p));
		else
			LCALL(c, LOP_VMO_SIZE, 0x33, h, 0, 0,
			      zx_vmo_get_size(h, p));
		return;
	}
	size = chance(r, 70) ? (uint64_t)below(r, 24) * PAGE + below(r, 2) * below(r, PAGE) :
			       pick_vmo_size(r);
	if (chance(r, 30))
		LCALL(c, LOP_VMO_SIZE, 0x3e, h, size, 1,
		      zx_vmo_set_stream_size(h, size));
	else
		LCALL(c, LOP_VMO_SIZE, 0x34, h, size, 1,
		      zx_vmo_set_size(h, size));
}

void lop_op_range(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_VMO);
	uint32_t op = chance(r, 92) ? 1 + below(r, 14) : (uint32_t)rnd(r);
	uint64_t off = pick_offset(r), size = pick_len(r, 4 * PAGE);

	if (chance(r, 70)) {
		lvmo_range(r, lvmo_size(h), &off, &size, 16 * PAGE);
		if (chance(r, 60)) {	/* DECOMMIT wants whole pages */
			off &= ~(PAGE - 1);
			size &= ~(PAGE - 1);
		}
	}
	void *buf = chance(r, 90) ? NULL : lout(c, 16, NULL);
	size_t bsize = buf ? 16 : (chance(r, 90) ? 0 : pick_len(r, 16));

	if (op == ZX_VMO_OP_COMMIT) {
		if (shedding())
			size = 0;
		else if (size > MB && size < (1ULL << 62))
			size %= MB;
	}
	LCALL(c, LOP_OP_RANGE, 0x35, h, op, size,
	      zx_vmo_op_range(h, op, off, size, buf, bsize));
}

void lop_cache(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_VMO);
	uint32_t pol = chance(r, 90) ? below(r, 5) : (uint32_t)rnd(r);

	LCALL(c, LOP_CACHE, 0x37, h, pol, 0, zx_vmo_set_cache_policy(h, pol));
}

/*
 * zx_cache_flush(): no ioctl (pseudo request 0xff), on memory that is
 * there; CLFLUSH of a line with nothing mapped faults, as on Zircon.
 */
void lop_flush(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t o = chance(r, 85) ? below(r, 8) : (uint32_t)rnd(r);
	size_t room = 0;
	void *p = lout(c, 1 + below(r, 512), &room);
	bool valid = o == ZX_CACHE_FLUSH_INSN || o == ZX_CACHE_FLUSH_DATA ||
		     o == (ZX_CACHE_FLUSH_DATA | ZX_CACHE_FLUSH_INSN) ||
		     o == (ZX_CACHE_FLUSH_DATA | ZX_CACHE_FLUSH_INVALIDATE) ||
		     o == (ZX_CACHE_FLUSH_DATA | ZX_CACHE_FLUSH_INVALIDATE |
			   ZX_CACHE_FLUSH_INSN);

	uintptr_t lo = (uintptr_t)c->scratch.base;

	/* The arena may have holes: only the scratch region is sure. */
	if (valid && (!room || (uintptr_t)p < lo ||
		      (uintptr_t)p + room > lo + c->scratch.size))
		return;
	LCALL(c, LOP_FLUSH, 0xff, (uintptr_t)p, room, o,
	      zx_cache_flush(p, room, o));
}

void lop_exec(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint8_t type;
	uint32_t h = lh_take(c, ZX_OBJ_TYPE_VMO, &type);
	uint32_t vmex = chance(r, 90) ? 0 : lh(c, 0), n = 0;
	uint32_t *out = chance(r, 97) ? &n : lbad(r);

	if (h == P.root)
		return;
	if (LCALL(c, LOP_EXEC, 0x38, h, vmex, 0,
		  zx_vmo_replace_as_executable(h, vmex, out)) == ZX_OK)
		lput(c, n, type);
	lstale_add(h);
}

static uint32_t lperms(struct rng *r)
{
	if (chance(r, 75))
		return chance(r, 40) ? ZX_VM_PERM_READ :
				       ZX_VM_PERM_READ | ZX_VM_PERM_WRITE;
	switch (below(r, 8)) {
	case 0: return ZX_VM_PERM_READ;
	case 1: case 2: case 3: return ZX_VM_PERM_READ | ZX_VM_PERM_WRITE;
	case 4: return ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE;
	case 5: return 0;
	case 6: return ZX_VM_PERM_EXECUTE | ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED;
	default: return (uint32_t)rnd(r) & (ZX_VM_PERM_READ | ZX_VM_PERM_WRITE |
					    ZX_VM_PERM_EXECUTE);
	}
}

static uint32_t lvmar(struct lctx *c)
{
	struct rng *r = &c->t.r;

	return chance(r, 80) ? P.root : lh(c, ZX_OBJ_TYPE_VMAR);
}

void lop_map(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t vmar = lvmar(c), vmo = lh(c, ZX_OBJ_TYPE_VMO);
	uint32_t o = lperms(r);
	uint64_t off = 0, vmo_off, len, addr = 0;
	unsigned int k = below(r, 100);
	zx_vaddr_t out = 0, *pout = chance(r, 96) ? &out : lbad(r);
	zx_status_t s;

	len = (uint64_t)(1 + below(r, 16)) * PAGE;
	if (k < 40) {
		o |= ZX_VM_SPECIFIC;
		arena_range(r, &addr, &len);
		off = addr - L.vmar_base;
	} else if (k < 55) {
		o |= ZX_VM_SPECIFIC_OVERWRITE;
		arena_range(r, &addr, &len);
		off = addr - L.vmar_base;
	} else if (k < 62) {
		o |= ZX_VM_OFFSET_IS_UPPER_LIMIT;
		off = chance(r, 50) ? L.arena_hi - L.vmar_base : pick_interesting(r);
	} else if (k < 70) {
		len = pick_len(r, 64 * PAGE);
		if (chance(r, 30))
			o |= ZX_VM_SPECIFIC;
		off = chance(r, 50) ? 0 : pick_interesting(r);
	} else if (k < 74) {
		o = (uint32_t)rnd(r) & ~ZX_VM_SPECIFIC_OVERWRITE;
		off = pick_interesting(r);
	}
	if (chance(r, 12) && len <= MB && !shedding())
		o |= ZX_VM_MAP_RANGE;
	if (chance(r, 30))
		o |= ZX_VM_ALLOW_FAULTS;
	if (chance(r, 5))
		o |= ZX_VM_REQUIRE_NON_RESIZABLE;
	if (chance(r, 8))
		o |= (uint32_t)(10 + below(r, 14)) << ZX_VM_ALIGN_BASE;
	vmo_off = chance(r, 70) ? 0 : chance(r, 80) ? (uint64_t)below(r, 8) * PAGE :
		  pick_interesting(r);
	if (k < 55 && chance(r, 70)) {
		/* Fits the VMO (the rest of the arena range is left alone). */
		uint64_t size = lvmo_size(vmo) & ~(PAGE - 1);

		if (vmo_off >= size)
			vmo_off = 0;
		if (size && len > size - vmo_off)
			len = size - vmo_off;
	}
	s = LCALL(c, LOP_MAP, 0x3a, ((uint64_t)vmar << 32) | vmo, o, len,
		  zx_vmar_map(vmar, o, off, vmo, vmo_off, len, pout));
	/*
	 * Only the root's mappings are tracked: a mapping in a region goes
	 * with the region's destruction, after which Linux may give the
	 * range to the fuzzer's own allocations, which the entry would then
	 * name.  A region's mappings stay until it is destroyed.
	 */
	if (s == ZX_OK && pout == &out && vmar == P.root)
		lmap_add(r, out, len);
}

/*
 * A range to unmap or protect: a tracked mapping (or part of it), an arena
 * range, or arguments the module rejects before touching anything.  Never
 * a range that could hold the fuzzer's own memory.
 */
static void lrange(struct lctx *c, uint64_t *addr, uint64_t *len, int *idx,
		   uint64_t *entry)
{
	struct rng *r = &c->t.r;
	unsigned int k = below(r, 100);
	uint64_t a, l;

	*idx = -1;
	*entry = 0;
	if (k < 45 && lmap_get(r, idx, &a, &l)) {
		uint64_t first = below(r, (uint32_t)(l / PAGE));

		*entry = a | (l / PAGE - 1);
		if (chance(r, 60)) {
			*addr = a;
			*len = l;
		} else {
			*addr = a + first * PAGE;
			*len = (1 + below(r, (uint32_t)(l / PAGE - first))) * PAGE;
		}
		return;
	}
	if (k < 85) {
		arena_range(r, addr, len);
		return;
	}
	switch (below(r, 5)) {
	case 0:	/* unaligned */
		arena_range(r, addr, len);
		*addr += 1 + below(r, PAGE - 1);
		break;
	case 1:	/* empty */
		arena_range(r, addr, len);
		*len = 0;
		break;
	case 2:	/* below the VMAR */
		*addr = (uint64_t)below(r, 16) * PAGE;
		*len = PAGE;
		break;
	case 3:	/* kernel */
		*addr = 0xffff888000000000ULL;
		*len = PAGE;
		break;
	default:	/* wraps */
		arena_range(r, addr, len);
		*len = UINT64_MAX - below(r, 2 * PAGE);
	}
}

void lop_unmap(struct lctx *c)
{
	uint32_t vmar = lvmar(c);
	uint64_t addr, len, e;
	int idx;

	lrange(c, &addr, &len, &idx, &e);
	refuse_own_image("unmap", addr, len, idx, e);
	/*
	 * A tracked mapping, whole or in part: drop the entry first.  An
	 * entry left naming a range partly unmapped could later name memory
	 * Linux gave the fuzzer itself (a malloc arena, a thread's stack),
	 * which the next unmap or eviction of the entry would destroy.  What
	 * stays mapped of a part is left untracked until the worker exits.
	 */
	if (idx >= 0 &&
	    !__atomic_compare_exchange_n(&P.map[idx], &e, 0, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	if (LCALL(c, LOP_UNMAP, 0x3b, vmar, addr, len,
		  zx_vmar_unmap(vmar, addr, len)) == ZX_OK &&
	    in_arena(addr, len))
		/*
		 * Fill the hole again, so that Linux does not hand it to the
		 * fuzzer's own allocations, which a later arena operation
		 * would then unmap.  Another thread may have mapped there
		 * meanwhile: then this fails, and that is its mapping.
		 */
		mmap((void *)(uintptr_t)addr, len, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		     MAP_FIXED_NOREPLACE, -1, 0);
}

void lop_protect(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t vmar = lvmar(c), o = lperms(r);
	uint64_t addr, len, e;
	int idx;

	lrange(c, &addr, &len, &idx, &e);
	refuse_own_image("protect", addr, len, idx, e);
	if (chance(r, 5))
		o = (uint32_t)rnd(r);
	LCALL(c, LOP_PROTECT, 0x3c, vmar, addr, len,
	      zx_vmar_protect(vmar, o, addr, len));
}

/* A sub-region of the root or of another region, kept in the pool. */
void lop_region(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t parent = lvmar(c), h = 0;
	uint32_t o = chance(r, 80) ? ZX_VM_CAN_MAP_READ | ZX_VM_CAN_MAP_WRITE |
				     ZX_VM_CAN_MAP_SPECIFIC :
				     (uint32_t)rnd(r) & 0x3f0003f8u;
	uint64_t off = 0, size = (uint64_t)(1 + below(r, 64)) * PAGE;
	zx_vaddr_t a = 0;
	zx_status_t s;

	if (chance(r, 20)) {
		o |= ZX_VM_SPECIFIC;
		off = (uint64_t)below(r, 64) * PAGE;
	}
	if (chance(r, 5))
		size = pick_len(r, 4 * PAGE);
	s = LCALL(c, LOP_REGION, 0x3f, parent, o, size,
		  zx_vmar_allocate(parent, o, off, size,
				   chance(r, 97) ? &h : lbad(r),
				   chance(r, 97) ? &a : lbad(r)));
	if (s == ZX_OK && h)
		lput(c, h, ZX_OBJ_TYPE_VMAR);
}

void lop_region_destroy(struct lctx *c)
{
	uint32_t h = lh(c, ZX_OBJ_TYPE_VMAR);

	LCALL(c, LOP_REGION_DESTROY, 0x9e, h, 0, 0, zx_vmar_destroy(h));
}

/* zx_vmar_op_range() on the arena, or on a region. */
void lop_vmar_op(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t vmar = lvmar(c);
	uint32_t op = chance(r, 92) ? 1 + below(r, 14) : (uint32_t)rnd(r);
	uint64_t addr, len, e;
	int idx;

	lrange(c, &addr, &len, &idx, &e);
	LCALL(c, LOP_VMAR_OP, 0x9f, vmar, op, len,
	      zx_vmar_op_range(vmar, op, addr, len, NULL,
			       chance(r, 95) ? 0 : 16));
}

/* Reads or writes a few bytes of a mapping; faults are expected. */
void lop_touch(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint64_t a, l;
	int i;
	sigjmp_buf jb;
	volatile uint8_t *volatile p;
	volatile unsigned int n, stride = 1;
	bool write = chance(r, 50);

	if (chance(r, 30) || !lmap_get(r, &i, &a, &l)) {
		a = L.arena_lo + (uint64_t)below(r, (uint32_t)((L.arena_hi - L.arena_lo) / PAGE)) * PAGE;
		l = PAGE;
	}
	if (chance(r, 20) && !shedding()) {
		/* A sweep: one access per page of the whole mapping. */
		p = (volatile uint8_t *)(uintptr_t)a;
		stride = PAGE;
		n = (unsigned int)(l / PAGE < 1024 ? l / PAGE : 1024);
	} else {
		p = (volatile uint8_t *)(uintptr_t)(a + below(r, (uint32_t)l));
		n = 1 + below(r, 64);
		if ((uint64_t)(uintptr_t)p + n > a + l)
			n = (unsigned int)(a + l - (uint64_t)(uintptr_t)p);
	}
	op_begin(&c->t, LOP_TOUCH, (uintptr_t)p, n, write | (stride << 1));
	if (sigsetjmp(jb, 1) == 0) {
		t_jmp = &jb;
		for (unsigned int k = 0; k < n; k++) {
			if (write)
				p[k * stride] = (uint8_t)k;
			else
				(void)p[k * stride];
		}
		t_jmp = NULL;
		op_end(&c->t, ZX_OK);
	} else {
		t_jmp = NULL;
		count(&g_ps->faults);
		op_end(&c->t, ZX_ERR_BAD_STATE);
	}
}

/* Up to @max handles to send through @writer, taken from the pool. */
uint32_t lgather(struct lctx *c, uint32_t writer, uint32_t *v,
		 uint8_t *types, uint32_t max)
{
	struct rng *r = &c->t.r;
	uint32_t n = chance(r, 50) ? 0 : 1 + below(r, max);

	for (uint32_t i = 0; i < n; i++) {
		v[i] = lh_take(c, 0, &types[i]);
		if (v[i] && v[i] != P.root && !sendable(writer, v[i])) {
			lput_back(c, v[i], types[i]);
			count(&g_ps->held_back);
			v[i] = 0;
		}
		if (v[i] == P.root)
			v[i] = 0;
	}
	return n;
}

/* The call could not read its arguments: the handles were not consumed. */
uint32_t lput_all_back(struct lctx *c, uint32_t *v, uint8_t *types,
		       uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		lput_back(c, v[i], types[i]);
	return 0;
}

/* ------------------------------------- ports, waits, timers (ABI 1.3) */

/*
 * The thread's last asynchronous wait that the module took: a port_cancel
 * of exactly it (same handle, port and key) can find something to remove.
 */
static __thread struct {
	uint32_t h, port;
	uint64_t key;
} last_wait;

/* A key: mostly one of a few, so that cancels find registrations. */
static uint64_t lkey(struct rng *r)
{
	return chance(r, 85) ? below(r, 8) : rnd(r);
}

/* A timer slack: mostly small, sometimes negative or huge. */
static int64_t lslack(struct rng *r)
{
	switch (below(r, 10)) {
	case 0: return -1;
	case 1: return INT64_MIN;
	case 2: return INT64_MAX;
	case 3: case 4: return 0;
	default: return (int64_t)below(r, 2000000);
	}
}

void lop_port(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t opts = chance(r, 90) ? 0 : pick_flags(r, ZX_PORT_BIND_TO_INTERRUPT);
	uint32_t h = 0, *out = chance(r, 97) ? &h : lbad(r);

	if (LCALL(c, LOP_PORT, 0x50, opts, 0, 0,
		  zx_port_create(opts, out)) == ZX_OK)
		lput(c, h, ZX_OBJ_TYPE_PORT);
}

void lop_timer(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t opts = chance(r, 90) ? below(r, 3) : pick_flags(r, 3);
	uint32_t clock = chance(r, 90) ? below(r, 2) :
			 chance(r, 50) ? below(r, 8) : (uint32_t)rnd(r);
	uint32_t h = 0, *out = chance(r, 97) ? &h : lbad(r);

	if (LCALL(c, LOP_TIMER, 0x58, opts, clock, 0,
		  zx_timer_create(opts, clock, out)) == ZX_OK)
		lput(c, h, ZX_OBJ_TYPE_TIMER);
}

void lop_timer_set(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_TIMER);
	int64_t slack = lslack(r), dl;

	switch (below(r, 8)) {
	case 0: dl = 0; break;
	case 1: dl = ZX_TIME_INFINITE; break;
	case 2: dl = ZX_TIME_INFINITE_PAST; break;
	case 3: dl = now_ns() + ZX_SEC(3600); break;
	default: dl = now_ns() + (int64_t)below(r, 5000000);
	}
	LCALL(c, LOP_TIMER_SET, 0x59, h, dl, slack, zx_timer_set(h, dl, slack));
}

void lop_timer_cancel(struct lctx *c)
{
	uint32_t h = lh(c, ZX_OBJ_TYPE_TIMER);

	LCALL(c, LOP_TIMER_CANCEL, 0x5a, h, 0, 0, zx_timer_cancel(h));
}

void lop_stream(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t opts = chance(r, 90) ? below(r, 8) : pick_flags(r, 7);
	uint32_t vmo = lh(c, ZX_OBJ_TYPE_VMO);
	uint64_t seek = chance(r, 70) ? below(r, 3 * PAGE) : pick_offset(r);
	uint32_t h = 0, *out = chance(r, 97) ? &h : lbad(r);

	if (LCALL(c, LOP_STREAM, 0x70, opts, vmo, seek,
		  zx_stream_create(opts, vmo, seek, out)) == ZX_OK)
		lput(c, h, ZX_OBJ_TYPE_STREAM);
}

/*
 * readv, readv_at, writev or writev_at with up to 8 vectors: buffers from
 * lbuf() (regions, the arena, mappings, bad pointers), now and then a huge
 * capacity, a bad array or a hostile count.
 */
void lop_stream_io(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_STREAM), which = below(r, 4);
	bool write = which >= 2, at = which & 1;
	uint32_t opts = chance(r, 85) ? (write && !at && chance(r, 30) ?
					 ZX_STREAM_APPEND : 0) : pick_flags(r, 3);
	uint64_t off = chance(r, 70) ? below(r, 3 * PAGE) : pick_offset(r);
	zx_iovec_t vec[8] = { 0 }, *pv = vec;
	size_t n = below(r, 9), actual, *pa;
	static const uint8_t nr[4] = { 0x71, 0x72, 0x73, 0x74 };
	zx_status_t s;

	for (size_t i = 0; i < n; i++) {
		uint64_t len = pick_len(r, 4096);

		if (write && shedding() && len > PAGE)
			len = PAGE;
		vec[i].buffer = lbuf(c, !write, &len);
		vec[i].capacity = chance(r, 3) ? pick_interesting(r) : len;
	}
	if (chance(r, 4))
		pv = chance(r, 50) ? NULL : lbad(r);
	if (chance(r, 3))
		n = pick_interesting(r);
	/*
	 * A count past vec[] must not have the kernel read the rest from
	 * this stack: what lies there would name buffers a read then writes
	 * into (a "stack smashing detected" worker).  Such an array goes at
	 * the end of inbuf instead: our entries, empty ones, the guard page.
	 */
	if (n > 8 && pv == vec) {
		zx_iovec_t *tail = (zx_iovec_t *)(void *)(c->inbuf.base +
							  c->inbuf.size) - 64;

		memset(tail, 0, 64 * sizeof(*tail));
		memcpy(tail, vec, sizeof(vec));
		pv = tail;
	}
	pa = chance(r, 80) ? &actual : chance(r, 50) ? NULL : lbad(r);
	op_begin(&c->t, LOP_STREAM_IO, h, which, n);
	if (write)
		s = at ? zx_stream_writev_at(h, opts, off, pv, n, pa) :
			 zx_stream_writev(h, opts, pv, n, pa);
	else
		s = at ? zx_stream_readv_at(h, opts, off, pv, n, pa) :
			 zx_stream_readv(h, opts, pv, n, pa);
	op_end(&c->t, s);
	check_status(nr[which], s, lop_names[LOP_STREAM_IO], false);
}

void lop_stream_seek(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_STREAM);
	uint32_t whence = chance(r, 90) ? below(r, 3) : (uint32_t)rnd(r);
	int64_t off = chance(r, 70) ? (int64_t)below(r, 3 * PAGE) - (int64_t)PAGE :
		      (int64_t)pick_interesting(r);
	zx_off_t seek, *ps = chance(r, 80) ? &seek :
			     chance(r, 50) ? NULL : lbad(r);

	LCALL(c, LOP_STREAM_SEEK, 0x75, h, whence, off,
	      zx_stream_seek(h, whence, off, ps));
}

/* Our process, thread or job (a duplicate: those are kept), or a job. */
void lop_task(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = 0, *out = chance(r, 97) ? &h : lbad(r);
	uint32_t k = below(r, 4), opts = chance(r, 90) ? 0 : (uint32_t)rnd(r);
	static const uint32_t types[] = { ZX_OBJ_TYPE_PROCESS,
					  ZX_OBJ_TYPE_THREAD,
					  ZX_OBJ_TYPE_JOB };
	zx_handle_t src;

	if (k == 3) {
		uint32_t parent = chance(r, 50) ? zx_job_default() :
				  lh(c, ZX_OBJ_TYPE_JOB);

		if (LCALL(c, LOP_TASK, 0x85, parent, opts, 0,
			  zx_job_create(parent, opts, out)) == ZX_OK)
			lput(c, h, ZX_OBJ_TYPE_JOB);
		return;
	}
	src = k == 0 ? zx_process_self() : k == 1 ? zx_thread_self() :
	      zx_job_default();
	if (src && zx_handle_duplicate(src, ZX_RIGHT_SAME_RIGHTS, &h) ==
	    ZX_OK)
		lput(c, h, types[k]);
}

/* zx_task_kill() on anything but our own process or root job. */
void lop_task_kill(struct lctx *c)
{
	uint32_t h = lh(c, ZX_OBJ_TYPE_JOB);
	zx_info_handle_basic_t b;

	if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL,
			       NULL) == ZX_OK &&
	    (b.type == ZX_OBJ_TYPE_PROCESS ||
	     (b.type == ZX_OBJ_TYPE_JOB && b.related_koid == 0)))
		return;
	LCALL(c, LOP_TASK_KILL, 0x82, h, 0, 0, zx_task_kill(h));
}

/* A child of a job, by a koid it listed (or a made-up one). */
void lop_get_child(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t job = chance(r, 50) ? zx_job_default() :
		       lh(c, ZX_OBJ_TYPE_JOB);
	uint32_t rights = chance(r, 70) ? ZX_RIGHT_SAME_RIGHTS :
			  (uint32_t)rnd(r);
	uint32_t h = 0, *out = chance(r, 97) ? &h : lbad(r);
	zx_koid_t koids[8] = { 0 };
	size_t n = 0;

	zx_object_get_info(job, chance(r, 50) ? ZX_INFO_JOB_CHILDREN :
			   ZX_INFO_JOB_PROCESSES, koids, sizeof(koids), &n,
			   NULL);
	if (chance(r, 10) || !n)
		koids[0] = rnd(r);
	if (LCALL(c, LOP_GET_CHILD, 0x86, job, koids[0], rights,
		  zx_object_get_child(job, koids[0], rights, out)) == ZX_OK)
		lput(c, h, zx_test_basic(h).type);
}

/*
 * Where zx_process_write_memory() may write: this thread's scratch region
 * (the length cut to stay inside), only through @own (libzx's handle to
 * this very process, never closed), or an address where nothing can be
 * mapped (the null page, a kernel address).  Not the arena: a hole there
 * may briefly hold a thread's stack or a malloc arena (see lop_unmap()),
 * and a write through /proc/PID/mem goes through PROT_NONE and read-only
 * private memory.  Nor the landscape's unmapped page, which a one-page
 * mmap() may fill, nor the guard pages.
 */
static uint64_t lmem_target(struct lctx *c, bool own, uint64_t *len)
{
	struct rng *r = &c->t.r;
	unsigned int k = below(r, 100);
	uint64_t off, room;

	if (own && k < 70) {
		off = below(r, (uint32_t)c->scratch.size);
		room = c->scratch.size - off;
		if (*len > room)
			*len = room;
		return (uint64_t)(uintptr_t)c->scratch.base + off;
	}
	if (k < 85)
		return below(r, (uint32_t)PAGE);
	return 0xffffffff80000000ull + below(r, 1u << 20) * PAGE;
}

/* Where zx_process_read_memory() may read: anywhere at all. */
static uint64_t lmem_source(struct lctx *c, uint64_t *len)
{
	struct rng *r = &c->t.r;
	unsigned int k = below(r, 100);
	int i;
	uint64_t a, l;

	if (k < 20)
		return lmem_target(c, true, len);
	if (k < 30)
		return L.arena_lo + below(r, (uint32_t)(L.arena_hi - L.arena_lo));
	if (k < 45 && lmap_get(r, &i, &a, &l))
		return a + below(r, (uint32_t)l);
	if (k < 55)
		return (uint64_t)(uintptr_t)(chance(r, 50) ? L.ro : L.none);
	if (k < 65)
		return (uint64_t)(uintptr_t)&k;		/* our stack */
	if (k < 80)
		return bad_ptr(r, false);
	return rnd(r);
}

/*
 * zx_process_read_memory() and zx_process_write_memory(): usually through
 * our own process handle, else through any handle (of another type,
 * closed, stale, or a process that came over a channel: those only ever
 * get an address nothing is mapped at to write to).
 */
void lop_process_memory(struct lctx *c, bool write)
{
	struct rng *r = &c->t.r;
	bool own = chance(r, 60);
	uint32_t h = own ? zx_process_self() : lh(c, ZX_OBJ_TYPE_PROCESS);
	uint64_t len = chance(r, 95) ? pick_len(r, 8192) : pick_interesting(r);
	uint64_t vaddr;
	size_t actual, *pa = chance(r, 95) ? &actual : NULL;
	void *buf;

	if (write && shedding() && len > PAGE)
		len = PAGE;
	vaddr = write ? lmem_target(c, own, &len) : lmem_source(c, &len);
	buf = lbuf(c, !write, &len);
	if (chance(r, 3))
		buf = NULL;
	if (write)
		LCALL(c, LOP_PROC_MEM_WRITE, 0x87, h, vaddr, len,
		      zx_process_write_memory(h, vaddr, buf, len, pa));
	else
		LCALL(c, LOP_PROC_MEM_READ, 0x87, h, vaddr, len,
		      zx_process_read_memory(h, vaddr, buf, len, pa));
}

void lop_port_queue(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_PORT);
	zx_port_packet_t pkt;
	const zx_port_packet_t *p = &pkt;

	memset(&pkt, 0, sizeof(pkt));
	pkt.key = lkey(r);
	pkt.type = chance(r, 70) ? ZX_PKT_TYPE_USER : (uint32_t)rnd(r);
	pkt.status = chance(r, 70) ? ZX_OK : (zx_status_t)rnd(r);
	for (int i = 0; i < 4; i++)
		pkt.user.u64[i] = rnd(r);
	switch (below(r, 20)) {
	case 0: p = NULL; break;
	case 1: p = lbad(r); break;
	case 2: case 3: p = lin(c, sizeof(pkt), NULL); break;
	}
	LCALL(c, LOP_PORT_QUEUE, 0x51, h, pkt.key, 0, zx_port_queue(h, p));
}

void lop_port_wait(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_PORT);
	int64_t dl = pick_deadline(r);	/* a port wait ends at its deadline */
	zx_port_packet_t pkt, *p = &pkt;
	zx_status_t s;

	switch (below(r, 20)) {
	case 0: p = NULL; break;
	case 1: p = lbad(r); break;
	case 2: case 3: p = lout(c, sizeof(pkt), NULL); break;
	}
	s = LCALL(c, LOP_PORT_WAIT, 0x52, h, dl, 0, zx_port_wait(h, dl, p));
	if (s != ZX_OK || p != &pkt)
		return;
	if (pkt.type == ZX_PKT_TYPE_SIGNAL_ONE) {
		if (pkt.status != ZX_OK || pkt.signal.count != 1 ||
		    !(pkt.signal.trigger & pkt.signal.observed))
			worker_fail("port_wait: a signal packet with status %d, count %" PRIu64 ", trigger 0x%x, observed 0x%x",
				    pkt.status, pkt.signal.count,
				    pkt.signal.trigger, pkt.signal.observed);
	} else if (pkt.type != ZX_PKT_TYPE_USER) {
		worker_fail("port_wait: a packet of type 0x%x", pkt.type);
	}
}

void lop_port_cancel(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t port = lh(c, ZX_OBJ_TYPE_PORT), src = lh(c, 0);
	uint64_t key = lkey(r);

	if (last_wait.port && chance(r, 60)) {
		port = last_wait.port;
		src = last_wait.h;
		key = last_wait.key;
		last_wait.port = 0;
	}
	LCALL(c, LOP_PORT_CANCEL, 0x53, port, src, key,
	      zx_port_cancel(port, src, key));
}

/* By key alone, usually the last wait's; now and then with options. */
void lop_port_cancel_key(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t port = lh(c, ZX_OBJ_TYPE_PORT);
	uint32_t options = chance(r, 5) ? (uint32_t)rnd(r) : 0;
	uint64_t key = lkey(r);

	if (last_wait.port && chance(r, 60)) {
		port = last_wait.port;
		key = last_wait.key;
		last_wait.port = 0;
	}
	LCALL(c, LOP_PORT_CANCEL_KEY, 0x54, port, options, key,
	      zx_port_cancel_key(port, options, key));
}

void lop_wait_async(struct lctx *c)
{
	static const uint32_t opts[] = {
		0, 0, 0, ZX_WAIT_ASYNC_TIMESTAMP, ZX_WAIT_ASYNC_EDGE,
		ZX_WAIT_ASYNC_BOOT_TIMESTAMP,
		ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_EDGE,
		ZX_WAIT_ASYNC_BOOT_TIMESTAMP | ZX_WAIT_ASYNC_EDGE,
		ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_BOOT_TIMESTAMP,
	};
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, 0), port = lh(c, ZX_OBJ_TYPE_PORT);
	uint64_t key = lkey(r);
	uint32_t sig = pick_signals(r);
	uint32_t o = chance(r, 95) ? opts[below(r, sizeof(opts) / sizeof(opts[0]))] :
		     (uint32_t)rnd(r);

	if (chance(r, 30))
		sig |= ZX_TIMER_SIGNALED | ZX_CHANNEL_READABLE;
	if (LCALL(c, LOP_WAIT_ASYNC, 0x55, h, port, key,
		  zx_object_wait_async(h, port, key, sig, o)) == ZX_OK) {
		last_wait.h = h;
		last_wait.port = port;
		last_wait.key = key;
	}
}

void lop_wait_many(struct lctx *c)
{
	struct rng *r = &c->t.r;
	zx_wait_item_t items[ZX_WAIT_MANY_MAX_ITEMS], *p = items;
	int64_t dl = pick_deadline(r);
	size_t n;
	zx_status_t s;

	switch (below(r, 12)) {
	case 0: n = 0; break;
	case 1: n = ZX_WAIT_MANY_MAX_ITEMS; break;
	case 2: n = ZX_WAIT_MANY_MAX_ITEMS + 1; break;
	case 3: n = chance(r, 50) ? rnd(r) : pick_interesting(r); break;
	default: n = 1 + below(r, 8);
	}
	for (size_t i = 0; i < ZX_WAIT_MANY_MAX_ITEMS; i++) {
		items[i].handle = i && chance(r, 10) ? items[i - 1].handle :
				  lh(c, 0);
		items[i].waitfor = pick_signals(r);
		items[i].pending = 0;
	}
	switch (below(r, 25)) {
	case 0: p = NULL; break;
	case 1: p = lbad(r); break;
	}
	s = LCALL(c, LOP_WAIT_MANY, 0x0c, n, dl, 0,
		  zx_object_wait_many(p, n, dl));
	if (s == ZX_ERR_CANCELED && p == items) {
		bool closed = false;

		for (size_t i = 0; i < n && i < ZX_WAIT_MANY_MAX_ITEMS; i++)
			closed |= !!(items[i].pending & ZX_SIGNAL_HANDLE_CLOSED);
		if (!closed)
			worker_fail("wait_many: ZX_ERR_CANCELED, yet no item's pending has ZX_SIGNAL_HANDLE_CLOSED");
	}
}

void lop_check_valid(struct lctx *c)
{
	uint32_t h = lh(c, 0);

	LCALL(c, LOP_CHECK_VALID, 0x0b, h, 0, 0, zx_handle_check_valid(h));
}

/* ------------------------------------------------------ sockets (1.4) */

void lop_socket(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t opts = chance(r, 90) ? below(r, 2) : (uint32_t)rnd(r);
	uint32_t h0 = 0, h1 = 0;
	uint32_t *o0 = chance(r, 97) ? &h0 : lbad(r);
	uint32_t *o1 = chance(r, 97) ? &h1 : lbad(r);

	if (LCALL(c, LOP_SOCKET, 0x60, opts, 0, 0,
		  zx_socket_create(opts, o0, o1)) == ZX_OK) {
		lput(c, h0, ZX_OBJ_TYPE_SOCKET);
		lput(c, h1, ZX_OBJ_TYPE_SOCKET);
	}
}

/* A socket length: mostly small, sometimes a page run, huge or 0. */
static size_t lsock_len(struct rng *r)
{
	switch (below(r, 12)) {
	case 0: return 0;
	case 1: return SIZE_MAX;
	case 2: return (size_t)UINT32_MAX + below(r, 2);
	case 3: return 257024 + below(r, 3);
	case 4: return (1 + below(r, 5)) * PAGE;
	default: return pick_len(r, 256);
	}
}

void lop_socket_rw(struct lctx *c, bool write)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_SOCKET);
	uint32_t opts = chance(r, 85) ? 0 :
			chance(r, 70) ? ZX_SOCKET_PEEK : (uint32_t)rnd(r);
	size_t len = lsock_len(r), room, actual;
	size_t *pa = chance(r, 80) ? &actual : chance(r, 50) ? NULL : lbad(r);
	void *buf = write ? lin(c, len, &room) : lout(c, len, &room);

	if (chance(r, 5))
		buf = NULL;
	if (write)
		LCALL(c, LOP_SOCKET_WRITE, 0x61, h, opts, len,
		      zx_socket_write(h, opts, buf, len, pa));
	else
		LCALL(c, LOP_SOCKET_READ, 0x62, h, opts, len,
		      zx_socket_read(h, opts, buf, len, pa));
}

void lop_socket_disp(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_SOCKET);
	uint32_t d = chance(r, 90) ? below(r, 3) : (uint32_t)rnd(r);
	uint32_t dp = chance(r, 90) ? below(r, 3) : (uint32_t)rnd(r);

	LCALL(c, LOP_SOCKET_DISP, 0x63, h, d, dp,
	      zx_socket_set_disposition(h, d, dp));
}

/* --------------------------------------------------- FIFOs (ABI 1.4) */

/* An element size: mostly 16 (what lop_fifo makes), sometimes not. */
static size_t lesz(struct rng *r)
{
	switch (below(r, 12)) {
	case 0: return 0;
	case 1: return below(r, 64);
	case 2: return (size_t)rnd(r);
	default: return 16;
	}
}

void lop_fifo(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h[2] = { 0, 0 }, opts = chance(r, 95) ? 0 : pick_flags(r, 1);
	uint32_t *o0 = chance(r, 97) ? &h[0] : lbad(r);
	uint32_t *o1 = chance(r, 97) ? &h[1] : lbad(r);
	size_t count = chance(r, 80) ? 1 + below(r, 64) :
		       chance(r, 50) ? below(r, 8192) : (size_t)rnd(r);
	size_t esz = lesz(r);

	if (LCALL(c, LOP_FIFO, 0x68, count, esz, opts,
		  zx_fifo_create(count, esz, opts, o0, o1)) != ZX_OK)
		return;
	lput(c, h[0], ZX_OBJ_TYPE_FIFO);
	lput(c, h[1], ZX_OBJ_TYPE_FIFO);
}

void lop_fifo_rw(struct lctx *c, bool write)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_FIFO);
	size_t esz = lesz(r), n = chance(r, 90) ? below(r, 9) : (size_t)rnd(r);
	size_t actual = 0, *pa = chance(r, 85) ? &actual :
				 chance(r, 50) ? NULL : lbad(r);
	/* A whole ring (ZX_FIFO_MAX_SIZE_BYTES): any count moves no more. */
	static __thread uint8_t buf[4096];
	void *data = chance(r, 95) ? (void *)buf : lbad(r);
	zx_status_t s;
	if (write)
		s = LCALL(c, LOP_FIFO_WRITE, 0x69, h, esz, n,
			  zx_fifo_write(h, esz, data, n, pa));
	else
		s = LCALL(c, LOP_FIFO_READ, 0x6a, h, esz, n,
			  zx_fifo_read(h, esz, data, n, pa));
	if (s == ZX_OK && pa == &actual && (actual < 1 || actual > n))
		worker_fail("fifo %s moved %zu of %zu elements",
			    write ? "write" : "read", actual, n);
}
