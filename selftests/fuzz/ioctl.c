// SPDX-License-Identifier: GPL-2.0
/*
 * zx_fuzz: the ioctl mode's sanitizing and harvesting, the stalled
 * copy-outs, its threads and worker process.
 */
#include "ioctl.h"

static bool arena_map_ok(const struct zx_ioc_vmar_map *m)
{
	return in_arena(L.vmar_base + m->vmar_offset, m->len);
}

/* Would the module really unmap [addr, addr + len)? */
static bool unmap_would_act(uint64_t addr, uint64_t len)
{
	if ((addr & (PAGE - 1)) || !len || len > UINT64_MAX - PAGE)
		return false;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	return addr >= L.vmar_base && addr - L.vmar_base <= L.vmar_len &&
	       len <= L.vmar_len - (addr - L.vmar_base);
}

static uint64_t chan_rank_of(int fd, uint32_t writer)
{
	uint32_t type;
	uint64_t rank;

	if (!raw_basic(fd, writer, &type, &rank) ||
	    type != ZX_OBJ_TYPE_CHANNEL)
		return UINT64_MAX;
	return rank;
}

/*
 * No reference cycles: a channel endpoint may only travel through a
 * channel whose pair is older (lower koid) than its own.  Checked against
 * the table the request goes to, for the values actually in the array.
 */
static void no_cycles(struct ictx *c, int fd, uint32_t writer, uint64_t arr,
		      bool disp, bool low32)
{
	const struct region *rg = low32 ? &c->h32 : &c->harr;
	uint64_t end = (uint64_t)(uintptr_t)rg->base + rg->size;
	size_t esz = disp ? sizeof(zx_handle_disposition_t) : sizeof(zx_handle_t);
	uint64_t wrank;

	if (opt.cycles || !in_region(rg, arr, 0))
		return;
	wrank = chan_rank_of(fd, writer);
	for (uint64_t p = arr; p + esz <= end; p += esz) {
		uint8_t *e = (uint8_t *)(uintptr_t)p;
		uint32_t h, type;
		uint64_t rank;

		memcpy(&h, e + (disp ? 4 : 0), 4);
		if (!h || !raw_basic(fd, h, &type, &rank))
			continue;
		if (type == ZX_OBJ_TYPE_CHANNEL && rank <= wrank) {
			h = 0;
			memcpy(e + (disp ? 4 : 0), &h, 4);
			count(&g_ps->held_back);
		}
	}
}

/* Keeps the request from hurting the fuzzer or the machine. */
static void sanitize(struct ictx *c, unsigned long cmd, uint8_t *s, int fd)
{
	struct rng *r = &c->t.r;

	switch (cmd) {
	case ZX_IOC_OBJECT_WAIT_ONE: {
		struct zx_ioc_object_wait_one *w = (void *)s;

		w->deadline = clamp_deadline(r, w->deadline);
		break;
	}
	case ZX_IOC_OBJECT_WAIT_MANY: {
		struct zx_ioc_object_wait_many *w = (void *)s;

		w->deadline = clamp_deadline(r, w->deadline);
		break;
	}
	case ZX_IOC_PORT_WAIT: {
		/* A port wait is not ended by closing its handle: short. */
		struct zx_ioc_port_wait *w = (void *)s;

		w->deadline = clamp_deadline(r, w->deadline);
		break;
	}
	case ZX_IOC_CHANNEL_CALL:
	case ZX_IOC_CHANNEL_CALL_ETC: {
		struct zx_ioc_channel_call *a = (void *)s;
		uint8_t *ca = (uint8_t *)(uintptr_t)a->args;
		uint64_t wh = 0;

		a->deadline = clamp_deadline(r, a->deadline);
		if (a->ptr_size == 8 && in_region(&c->inbuf, a->args, 48)) {
			memcpy(&wh, ca + 8, 8);
			no_cycles(c, fd, a->handle, wh,
				  cmd == ZX_IOC_CHANNEL_CALL_ETC, false);
		} else if (a->ptr_size == 4 && in_region(&c->s32, a->args, 32)) {
			uint32_t w32;

			memcpy(&w32, ca + 4, 4);
			no_cycles(c, fd, a->handle, w32,
				  cmd == ZX_IOC_CHANNEL_CALL_ETC, true);
		}
		break;
	}
	case ZX_IOC_CHANNEL_WRITE:
	case ZX_IOC_CHANNEL_WRITE_ETC: {
		struct zx_ioc_channel_write *a = (void *)s;

		no_cycles(c, fd, a->handle, a->handles,
			  cmd == ZX_IOC_CHANNEL_WRITE_ETC, false);
		break;
	}
	case ZX_IOC_FIFO_CREATE: {
		/* Mostly sizes that fit, or nothing passes the size check. */
		struct zx_ioc_fifo_create *a = (void *)s;

		if (chance(r, 70)) {
			a->elem_size = chance(r, 80) ? 16 : 1 + below(r, 64);
			a->elem_count = 1 + below(r, 4096 / a->elem_size);
		}
		break;
	}
	case ZX_IOC_FIFO_WRITE:
	case ZX_IOC_FIFO_READ: {
		/* The pool's FIFOs have 16-byte elements (ipool_replenish). */
		struct zx_ioc_fifo_rw *a = (void *)s;

		if (chance(r, 70))
			a->elem_size = 16;
		break;
	}
	case ZX_IOC_VMAR_MAP: {
		struct zx_ioc_vmar_map *m = (void *)s;

		/* Overwriting maps only ever replace arena pages. */
		if ((m->options & ZX_VM_SPECIFIC_OVERWRITE) && !arena_map_ok(m)) {
			uint64_t addr, len;

			arena_range(r, &addr, &len);
			m->vmar_offset = addr - L.vmar_base;
			if (!(m->len & (PAGE - 1)) && m->len)
				m->len = len;
		}
		/* MAP_RANGE populates: keep it small. */
		if ((m->options & ZX_VM_MAP_RANGE) && m->len > 2 * MB)
			m->options &= ~ZX_VM_MAP_RANGE;
		break;
	}
	case ZX_IOC_VMAR_UNMAP: {
		struct zx_ioc_vmar_range *u = (void *)s;

		if (!u->options && unmap_would_act(u->addr, u->len) &&
		    !in_arena(u->addr, (u->len + PAGE - 1) & ~(PAGE - 1))) {
			uint64_t addr, len;

			arena_range(r, &addr, &len);
			u->addr = addr;
			u->len = len;
		}
		break;
	}
	case ZX_IOC_VMAR_ALLOCATE: {
		struct zx_ioc_vmar_allocate *a = (void *)s;

		/* Regions reserve address space until the root goes. */
		if (a->size > 16 * MB && a->size < (1ULL << 62))
			a->size %= 16 * MB;
		break;
	}
	case ZX_IOC_VMAR_OP_RANGE: {
		struct zx_ioc_vmo_op_range *o = (void *)s;

		/* COMMIT, DECOMMIT and ZERO change pages: the arena's only. */
		if ((o->op == ZX_VMO_OP_COMMIT || o->op == ZX_VMO_OP_DECOMMIT ||
		     o->op == ZX_VMO_OP_ZERO) &&
		    !in_arena(o->offset, (o->size + PAGE - 1) & ~(PAGE - 1))) {
			uint64_t addr, len;

			arena_range(r, &addr, &len);
			o->offset = addr;
			o->size = len;
		}
		break;
	}
	case ZX_IOC_VMO_OP_RANGE: {
		struct zx_ioc_vmo_op_range *o = (void *)s;

		/* COMMIT allocates: a few MiB at most, none when short. */
		if (o->op == ZX_VMO_OP_COMMIT && o->size > 4 * MB &&
		    o->size < (1ULL << 62))
			o->size %= 4 * MB;
		if (o->op == ZX_VMO_OP_COMMIT && shedding())
			o->size = 0;
		break;
	}
	case ZX_IOC_VMO_WRITE: {
		struct zx_ioc_vmo_rw *w = (void *)s;

		if (shedding() && w->length > PAGE && w->length < (1ULL << 62))
			w->length = PAGE;
		break;
	}
	}
}

__thread struct last_wait i_last_wait;

/*
 * Whether @h (of I.fd's table) is the root VMAR.  Only the root's
 * mappings are remembered for a later munmap(): a region's range goes
 * back to Linux when the region is destroyed, and Linux may then give it
 * to the fuzzer's own allocations.
 */
static bool is_root_vmar(uint32_t h)
{
	struct zx_abi_info_vmar info = { 0, 0 };
	struct zx_ioc_object_get_info g = {
		.handle = h, .topic = ZX_INFO_VMAR,
		.buffer = (uintptr_t)&info, .buffer_size = sizeof(info),
		.word_size = sizeof(size_t),
	};

	return raw(I.fd, ZX_IOC_OBJECT_GET_INFO, &g) == 0 &&
	       info.base == L.vmar_base && info.len == L.vmar_len;
}

/* Takes the handles a successful request produced into the pool. */
static void harvest(struct ictx *c, unsigned long cmd, const uint8_t *s)
{
	struct rng *r = &c->t.r;
	uint64_t outs[2] = { 0, 0 };
	uint32_t h;

	switch (cmd) {
	case ZX_IOC_EVENT_CREATE:
	case ZX_IOC_EVENTPAIR_CREATE:
	case ZX_IOC_CHANNEL_CREATE:
	case ZX_IOC_SOCKET_CREATE:
	case ZX_IOC_PORT_CREATE: {
		const struct zx_ioc_create *a = (const void *)s;

		outs[0] = a->out0;
		outs[1] = a->out1;
		break;
	}
	case ZX_IOC_HANDLE_DUPLICATE:
	case ZX_IOC_HANDLE_REPLACE:
	case ZX_IOC_VMO_REPLACE_AS_EXECUTABLE:
		outs[0] = ((const struct zx_ioc_handle_dup *)s)->out;
		break;
	case ZX_IOC_VMO_CREATE:
		outs[0] = ((const struct zx_ioc_vmo_create *)s)->out;
		break;
	case ZX_IOC_VMO_CREATE_CHILD:
		outs[0] = ((const struct zx_ioc_vmo_create_child *)s)->out;
		break;
	case ZX_IOC_VMAR_ROOT:
		outs[0] = ((const struct zx_ioc_vmar_root *)s)->out;
		break;
	case ZX_IOC_VMAR_ALLOCATE:
		outs[0] = ((const struct zx_ioc_vmar_allocate *)s)->out_vmar;
		break;
	case ZX_IOC_TIMER_CREATE:
		outs[0] = ((const struct zx_ioc_timer_create *)s)->out;
		break;
	case ZX_IOC_FIFO_CREATE: {
		const struct zx_ioc_fifo_create *a = (const void *)s;

		outs[0] = a->out0;
		outs[1] = a->out1;
		break;
	}
	case ZX_IOC_STREAM_CREATE:
		outs[0] = ((const struct zx_ioc_stream_create *)s)->out;
		break;
	case ZX_IOC_OBJECT_WAIT_ASYNC: {
		const struct zx_ioc_object_wait_async *a = (const void *)s;

		i_last_wait.h = a->handle;
		i_last_wait.port = a->port;
		i_last_wait.key = a->key;
		return;
	}
	case ZX_IOC_PORT_FD: {
		uint64_t p = ((const struct zx_ioc_port_fd *)s)->out_fd;
		struct pollfd pfd = { .events = POLLIN };
		int old;

		if (!in_region(&c->scratch, p, 4))
			return;
		memcpy(&pfd.fd, (void *)(uintptr_t)p, 4);
		/* Polls readable or not, never an error for a live port fd. */
		if (poll(&pfd, 1, 0) < 0 ? errno != EINTR :
		    !!(pfd.revents & (POLLNVAL | POLLERR)))
			worker_fail("poll on a port descriptor: revents 0x%x (%s)",
				    pfd.revents, strerror(errno));
		/* Kept with the bridges: other requests get it as an fd. */
		old = __atomic_exchange_n(&I.bfds[below(r, IFDS)], pfd.fd,
					  __ATOMIC_RELAXED);
		if (old > 0)
			close(old);
		return;
	}
	case ZX_IOC_FD_TO_HANDLE:
		outs[0] = ((const struct zx_ioc_fd_to_handle *)s)->out;
		break;
	case ZX_IOC_HANDLE_TO_FD: {
		uint64_t p = ((const struct zx_ioc_handle_to_fd *)s)->out_fd;
		int fd, old;

		if (!in_region(&c->scratch, p, 4))
			return;
		memcpy(&fd, (void *)(uintptr_t)p, 4);
		old = __atomic_exchange_n(&I.bfds[below(r, IFDS)], fd,
					  __ATOMIC_RELAXED);
		if (old > 0)
			close(old);
		return;
	}
	case ZX_IOC_VMAR_MAP: {
		const struct zx_ioc_vmar_map *m = (const void *)s;
		uint64_t addr, len;
		int i = (int)below(r, IMAPS);

		if (!in_region(&c->scratch, m->out, 8) || m->len > PAGE * PAGE ||
		    !is_root_vmar(m->vmar))
			return;
		len = (m->len + PAGE - 1) & ~(PAGE - 1);
		memcpy(&addr, (void *)(uintptr_t)m->out, 8);
		/* The module rounded the length up to pages. */
		if (in_arena(addr, len) || (addr & (PAGE - 1)) ||
		    !len || len > PAGE * PAGE)
			return;	/* (a longer one stays until the exit) */
		/* Outside the arena: remember it, so it can be unmapped. */
		unmap_packed(__atomic_exchange_n(&I.maps[i],
						 addr | (len / PAGE - 1),
						 __ATOMIC_RELAXED));
		return;
	}
	case ZX_IOC_CHANNEL_READ:
	case ZX_IOC_CHANNEL_READ_ETC: {
		const struct zx_ioc_channel_read *a = (const void *)s;
		size_t esz = cmd == ZX_IOC_CHANNEL_READ ? 4 : 16;
		uint32_t n;

		if (!in_region(&c->scratch, a->actual_handles, 4))
			return;
		memcpy(&n, (void *)(uintptr_t)a->actual_handles, 4);
		if (n > 64 || !in_region(&c->scratch, a->handles, n * esz))
			return;
		for (uint32_t i = 0; i < n; i++) {
			memcpy(&h, (uint8_t *)(uintptr_t)a->handles + i * esz, 4);
			ipool_add(r, h);
		}
		return;
	}
	default:
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (!in_region(&c->scratch, outs[i], 4))
			continue;
		memcpy(&h, (void *)(uintptr_t)outs[i], 4);
		ipool_add(r, h);
	}
}

/* Forgets the handles of an array the kernel consumed (they are gone). */
static void forget_array(const struct region *rg, uint64_t arr, uint64_t n,
			 size_t esz, size_t off)
{
	for (uint64_t i = 0; i < n && i < 64; i++) {
		uint32_t h;

		if (!in_region(rg, arr + i * esz, esz))
			return;
		memcpy(&h, (uint8_t *)(uintptr_t)(arr + i * esz + off), 4);
		istale_add(h);
	}
}

/* Handles a request consumes whatever its outcome. */
static void note_consumed(struct ictx *c, unsigned long cmd, const uint8_t *s,
			  unsigned long arg)
{
	switch (cmd) {
	case ZX_IOC_CHANNEL_WRITE:
	case ZX_IOC_CHANNEL_WRITE_ETC: {
		const struct zx_ioc_channel_write *w = (const void *)s;
		bool etc = cmd == ZX_IOC_CHANNEL_WRITE_ETC;

		forget_array(&c->harr, w->handles, w->num_handles,
			     etc ? sizeof(zx_handle_disposition_t) : 4, etc ? 4 : 0);
		break;
	}
	case ZX_IOC_HANDLE_CLOSE_MANY: {
		const struct zx_ioc_handle_close_many *m = (const void *)s;

		forget_array(&c->inbuf, m->handles, m->num_handles, 4, 0);
		break;
	}
	case ZX_IOC_HANDLE_CLOSE:
		istale_add((uint32_t)arg);
		break;
	case ZX_IOC_HANDLE_REPLACE:
	case ZX_IOC_VMO_REPLACE_AS_EXECUTABLE:
		istale_add(((const struct zx_ioc_handle_dup *)s)->handle);
		break;
	case ZX_IOC_HANDLE_TO_FD:
		istale_add(((const struct zx_ioc_handle_to_fd *)s)->handle);
		break;
	}
}

/* Request types never passed to the device: the VFS handles them itself. */
static bool vfs_type(unsigned int type)
{
	return type == 0 || type == 'T' || type == 'X' || type == 'f' ||
	       type == 0x94 || type == '$';
}

/* Requests whose argument is a handle value, not a pointer. */
static bool handle_arg(unsigned long cmd)
{
	return cmd == ZX_IOC_HANDLE_CLOSE || cmd == ZX_IOC_HANDLE_CHECK_VALID ||
	       cmd == ZX_IOC_TIMER_CANCEL || cmd == ZX_IOC_TASK_KILL;
}

/*
 * zx_task_kill() must not end the fuzzer: on descriptor @fd, handle @arg
 * may be killed unless it names a process (ours is the only one we can
 * reach) or a root job (ours: every process's first job is a root).
 */
static bool kill_spares_us(int fd, unsigned long arg)
{
	zx_info_handle_basic_t b;
	struct zx_ioc_object_get_info a = {
		.handle = (uint32_t)arg,
		.topic = ZX_INFO_HANDLE_BASIC,
		.buffer = (uintptr_t)&b,
		.buffer_size = sizeof(b),
		.word_size = sizeof(size_t),
	};

	if (arg > UINT32_MAX || raw(fd, ZX_IOC_OBJECT_GET_INFO, &a) != 0)
		return true;
	return b.type != ZX_OBJ_TYPE_PROCESS &&
	       !(b.type == ZX_OBJ_TYPE_JOB && b.related_koid == 0);
}

static unsigned long pick_cmd(struct rng *r, const struct idesc **dp)
{
	const struct idesc *d = &idescs[below(r, n_idescs)];
	unsigned int k = below(r, 100), dir, size, type;
	unsigned long cmd;

	*dp = d;
	if (k < 86)
		return d->cmd;
	if (k < 93) {
		/* A known request with its size or direction changed. */
		dir = _IOC_DIR(d->cmd);
		size = _IOC_SIZE(d->cmd);
		if (chance(r, 60))
			size = chance(r, 50) ? size + below(r, 17) - 8 :
					       below(r, 1U << _IOC_SIZEBITS);
		else
			dir = below(r, 4);
		return _IOC(dir, ZX_IOC_MAGIC, _IOC_NR(d->cmd),
			    size & ((1U << _IOC_SIZEBITS) - 1));
	}
	*dp = NULL;
	if (k < 98) {
		unsigned int nr = below(r, 256);

		*dp = desc_by_nr(nr);
		return _IOC(below(r, 4), ZX_IOC_MAGIC, nr, below(r, 300));
	}
	cmd = (uint32_t)rnd(r);
	type = _IOC_TYPE(cmd);
	if (vfs_type(type))
		cmd = (cmd & ~(0xffUL << _IOC_TYPESHIFT)) |
		      ((unsigned long)ZX_IOC_MAGIC << _IOC_TYPESHIFT);
	*dp = desc_by_nr(_IOC_NR(cmd));
	if (_IOC_TYPE(cmd) != ZX_IOC_MAGIC)
		*dp = NULL;
	return cmd;
}

/*
 * Replaces the second table's descriptor with a new one while other
 * threads may be using it: the old table is released once their calls
 * are done.
 */
static void reopen_fd2(struct ictx *c)
{
	int fd;

	op_begin(&c->t, OP_REOPEN, (uint64_t)I.fd2, 0, 0);
	fd = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup3(fd, I.fd2, O_CLOEXEC);
		close(fd);
	}
	op_end(&c->t, fd >= 0 ? ZX_OK : ZX_ERR_IO);
}

static void ioctl_op(struct ictx *c)
{
	struct rng *r = &c->t.r;
	uint8_t s[256] __attribute__((aligned(8)));
	const struct idesc *d, *known;
	unsigned long cmd, arg;
	unsigned int size, nr;
	int fd, target, err;
	long ret;

	cmd = pick_cmd(r, &d);
	known = desc_by_cmd(cmd);
	nr = _IOC_NR(cmd);
	memset(s, 0, sizeof(s));
	size = d ? d->size : below(r, 128);
	c->sane = known && chance(r, 50);
	if (d && d->size) {
		for (unsigned int k = 0; k < d->nf; k++)
			if (is_scalar(d->f[k].kind))
				put_field(s, &d->f[k],
					  scalar_value(c, &d->f[k]));
		if (!c->sane && chance(r, 15))
			mutate(c, d, s);	/* scalars only: pointers follow */
		fill_pointers(c, d, s);
		if (c->sane)
			sane_fixup(c, cmd, s);
		if (chance(r, c->sane ? 20 : 35))
			mutate(c, d, s);
	} else {
		for (unsigned int i = 0; i < size; i++)
			s[i] = (uint8_t)rnd(r);
	}

	/* Which descriptor: ours, a second table, the parent's, a bridge. */
	target = below(r, 100);
	fd = I.fd;
	if (target >= 92 && target < 96) {
		fd = I.fd2;
	} else if (target >= 96 && target < 98) {
		fd = I.parent_fd;
	} else if (target >= 98) {
		fd = __atomic_load_n(&I.bfds[below(r, IFDS)], __ATOMIC_RELAXED);
		if (fd <= 0)
			fd = I.fd;
	}
	if (d && d->size && (fd == I.fd || fd == I.fd2))
		sanitize(c, cmd, s, fd);

	/* The argument: our struct somewhere in inbuf, or a bad pointer. */
	if (handle_arg(cmd)) {
		uint32_t type = cmd == ZX_IOC_TIMER_CANCEL ?
				ZX_OBJ_TYPE_TIMER : 0;

		arg = chance(r, 95) ? pick_handle(r, type) :
				      pick_interesting(r);
	} else {
		size_t room = IN_SIZE - IN_STRUCT - size;
		uint8_t *at;

		switch (c->sane ? 5 : below(r, 20)) {
		case 0:
			at = NULL;
			break;
		case 1:	/* straddles the guard page: partly unreadable */
			at = c->inbuf.base + IN_SIZE - size / 2;
			break;
		case 2: case 3:
			at = c->inbuf.base + IN_SIZE - size;
			break;
		case 4:
			at = c->inbuf.base + IN_STRUCT + below(r, (uint32_t)room);
			break;
		default:
			at = c->inbuf.base + IN_STRUCT +
			     (below(r, (uint32_t)room) & ~7UL);
		}
		if (at) {
			size_t n = (size_t)(c->inbuf.base + IN_SIZE - at);

			memcpy(at, s, n < size ? n : size);
			arg = (uintptr_t)at;
		} else {
			arg = bad_ptr(r, false);
		}
	}

	if (cmd == ZX_IOC_TASK_KILL && !kill_spares_us(fd, arg))
		arg = 0;
	op_begin(&c->t, OP_IOCTL + nr, cmd, arg, (uint64_t)fd);
	ret = raw(fd, cmd, (void *)arg);
	err = ret <= -1000 ? (int)(-ret - 1000) : 0;
	op_end(&c->t, err ? -1000 - err : (zx_status_t)-ret);

	if (err)
		count(&g_ps->errnos[err < NERRNO ? err : NERRNO - 1]);
	if (fd == I.fd || fd == I.fd2) {
		if (known && err) {
			worker_fail("ioctl %s (0x%lx) failed with errno %d",
				    known->name, cmd, err);
		} else if (known) {
			check_status(nr, (zx_status_t)-ret, known->name, true);
		} else if (err != ENOTTY) {
			worker_fail("unknown request 0x%lx returned %ld (errno %d), expected ENOTTY",
				    cmd, err ? -1 : ret, err);
		}
	} else if (fd == I.parent_fd) {
		if (err != EPERM)
			worker_fail("request 0x%lx on another process's descriptor returned %ld (errno %d), expected EPERM",
				    cmd, err ? -1 : ret, err);
	} else if (err && err != ENOTTY && err != EBADF) {
		/*
		 * A bridge descriptor.  EBADF: another thread closed it; no
		 * error: meanwhile its number went to a new /dev/zircon
		 * descriptor (REOPEN), which answered with a status.
		 */
		worker_fail("request 0x%lx on a bridge descriptor returned %ld (errno %d), expected ENOTTY",
			    cmd, err ? -1 : ret, err);
	}
	if (known && fd == I.fd) {
		const uint8_t *as = (const uint8_t *)arg;

		if (cmd == ZX_IOC_HANDLE_CLOSE)
			note_consumed(c, cmd, NULL, arg);
		else if (in_region(&c->inbuf, arg, size))
			note_consumed(c, cmd, as, arg);
		if (ret == 0 && in_region(&c->inbuf, arg, size))
			harvest(c, cmd, as);
	}
}

/* ---------------------------------------- stalled and faulting copy-outs */

/*
 * The "stalled user copies" shape: calls that make a handle and write its
 * value out, with the output on a page that faults (PROT_NONE, read-only,
 * unmapped) or that another thread flips between PROT_NONE and writable
 * while the call runs.  Each round works in a private table of this
 * process, so the invariants are exact: a call either delivers its
 * value(s) or fails with ZX_ERR_INVALID_ARGS (or a limit's status) and
 * leaves nothing behind; a bridge descriptor whose conversion failed still
 * holds its object; the handle count of the round's VMO matches what the
 * round holds; and a scan of the table finds no handle the round was not
 * given.
 */
#define STALL_CALLS	24
#define STALL_KNOWN	(4 * STALL_CALLS + 8)
#define STALL_SLOTS	256	/* a round uses fewer slots, generations 0-1 */

/*
 * The output pages and the flipper's stacks are static: a mapping made
 * while the fuzzer runs could land where one of its stale mappings was,
 * and be unmapped under us by a later VMAR_UNMAP of that range.
 */
#define STALL_THREADS	16
#define STALL_STACK	(64 * 1024)
static uint8_t stall_pages[STALL_THREADS][PAGE]
	__attribute__((aligned(4096)));
static uint8_t stall_stacks[STALL_THREADS][STALL_STACK]
	__attribute__((aligned(4096)));

struct stall_round {
	int fd;
	int idx;			/* this thread's page and stack */
	uint8_t *page;			/* the faulting output page */
	uint32_t known[STALL_KNOWN];	/* handles the round was given */
	int nknown;
	uint32_t vmo;			/* kept: counts the VMO's handles */
	int vmo_handles;		/* handles and bridges to the VMO */
	int bridges[STALL_CALLS];
	int nbridges;
	int flip;			/* the flipper: 1 run, 0 stop */
	bool stolen;			/* a bridge of ours was taken */
};

static void stall_know(struct stall_round *s, uint32_t h)
{
	if (h && s->nknown < STALL_KNOWN)
		s->known[s->nknown++] = h;
}

/* Takes the page away and gives it back, over and over, during a call. */
static void *stall_flipper(void *arg)
{
	struct stall_round *s = arg;

	while (__atomic_load_n(&s->flip, __ATOMIC_ACQUIRE)) {
		mprotect(s->page, PAGE, PROT_NONE);
		sched_yield();
		mprotect(s->page, PAGE, PROT_READ | PROT_WRITE);
	}
	return NULL;
}

static long stall_ioctl(struct stall_round *s, unsigned long cmd, void *arg,
			unsigned int fault)
{
	pthread_attr_t attr;
	pthread_t th;
	bool flipping = false;
	long ret;

	switch (fault) {
	case 0:
		mprotect(s->page, PAGE, PROT_NONE);
		break;
	case 1:
		mprotect(s->page, PAGE, PROT_READ);
		break;
	case 3:
		__atomic_store_n(&s->flip, 1, __ATOMIC_RELEASE);
		pthread_attr_init(&attr);
		pthread_attr_setstack(&attr, stall_stacks[s->idx], STALL_STACK);
		flipping = !pthread_create(&th, &attr, stall_flipper, s);
		pthread_attr_destroy(&attr);
		break;
	}
	ret = raw(s->fd, cmd, arg);
	if (flipping) {
		__atomic_store_n(&s->flip, 0, __ATOMIC_RELEASE);
		pthread_join(th, NULL);
	}
	mprotect(s->page, PAGE, PROT_READ | PROT_WRITE);
	return ret;
}

/* Handles (or a descriptor) in @s's table: the count ZX_INFO reports. */
static uint32_t stall_count(struct stall_round *s, uint32_t h)
{
	zx_info_handle_count_t info = { 0 };
	struct zx_ioc_object_get_info a = {
		.handle = h, .topic = ZX_INFO_HANDLE_COUNT,
		.buffer = (uintptr_t)&info, .buffer_size = sizeof(info),
		.count_size = sizeof(size_t),
	};

	return raw(s->fd, ZX_IOC_OBJECT_GET_INFO, &a) ? UINT32_MAX :
		info.handle_count;
}

static bool stall_valid(struct stall_round *s, uint32_t h)
{
	struct zx_ioc_object_get_info a = {
		.handle = h, .topic = ZX_INFO_HANDLE_VALID,
		.count_size = sizeof(size_t),
	};

	return raw(s->fd, ZX_IOC_OBJECT_GET_INFO, &a) == 0;
}

/* One call; returns false if an invariant broke (worker_fail'd). */
static bool stall_call(struct ictx *c, struct stall_round *s)
{
	struct rng *r = &c->t.r;
	unsigned int fault = below(r, 5);	/* 4: a writable page */
	unsigned int which = below(r, 11);
	/*
	 * Unmapped: a page below vm.mmap_min_addr, which nothing maps.
	 * (Unmapping a page of our own would free its address for another
	 * thread's mapping, and L.hole can be mapped by one.)
	 */
	uint32_t *out = (uint32_t *)((fault == 2 ? (uint8_t *)PAGE : s->page) +
				     below(r, PAGE / 4) * 4);
	uint32_t *good = (uint32_t *)c->scratch.base;
	uint32_t dup = 0;
	unsigned long cmd;
	union {
		struct zx_ioc_create cr;
		struct zx_ioc_vmo_create vc;
		struct zx_ioc_vmo_create_child ch;
		struct zx_ioc_handle_dup hd;
		struct zx_ioc_fd_to_handle fh;
		struct zx_ioc_vmar_root vr;
		struct zx_ioc_timer_create tc;
	} a;
	int bridge = -1, nout = 1;
	uint32_t *outs[2] = { out, NULL };
	bool swap;
	long ret;

	memset(&a, 0, sizeof(a));
	*good = 0;
	switch (which) {
	case 0:
		cmd = ZX_IOC_EVENT_CREATE;
		a.cr.out0 = (uintptr_t)out;
		break;
	case 1:
	case 2:
		cmd = which == 1 ? ZX_IOC_EVENTPAIR_CREATE : ZX_IOC_CHANNEL_CREATE;
		/* One end's value to a good page, the other's to the bad. */
		swap = chance(r, 50);
		outs[0] = swap ? good : out;
		outs[1] = swap ? out : good;
		a.cr.out0 = (uintptr_t)outs[0];
		a.cr.out1 = (uintptr_t)outs[1];
		nout = 2;
		break;
	case 3:
		cmd = ZX_IOC_VMO_CREATE;
		a.vc.size = PAGE;
		a.vc.out = (uintptr_t)out;
		break;
	case 4:
		cmd = ZX_IOC_VMO_CREATE_CHILD;
		a.ch.handle = s->vmo;
		a.ch.options = ZX_VMO_CHILD_SNAPSHOT;
		a.ch.size = PAGE;
		a.ch.out = (uintptr_t)out;
		break;
	case 5:
		cmd = ZX_IOC_HANDLE_DUPLICATE;
		a.hd.handle = s->vmo;
		a.hd.rights = ZX_RIGHT_SAME_RIGHTS;
		a.hd.out = (uintptr_t)out;
		break;
	case 6: {
		struct zx_ioc_handle_dup d = {
			.handle = s->vmo, .rights = ZX_RIGHT_SAME_RIGHTS,
			.out = (uintptr_t)good,
		};
		struct zx_ioc_handle_to_fd tf = { .out_fd = (uintptr_t)&bridge };

		/* A bridge to the VMO, then back out of it. */
		if (raw(s->fd, ZX_IOC_HANDLE_DUPLICATE, &d))
			return true;	/* a limit: nothing to test */
		tf.handle = *good;
		tf.flags = ZX_FD_CLOEXEC;
		if (raw(s->fd, ZX_IOC_HANDLE_TO_FD, &tf))
			return true;	/* the duplicate went either way */
		/*
		 * Out of the range other threads pick descriptor numbers
		 * from (mostly below 64), so they rarely take it.
		 */
		tf.handle = (uint32_t)fcntl(bridge, F_DUPFD_CLOEXEC, 512);
		if ((int)tf.handle >= 0) {
			close(bridge);
			bridge = (int)tf.handle;
		}
		s->vmo_handles++;
		s->bridges[s->nbridges++] = bridge;
		cmd = ZX_IOC_FD_TO_HANDLE;
		a.fh.fd = bridge;
		a.fh.out = (uintptr_t)out;
		*good = 0;
		break;
	}
	case 7: {
		struct zx_ioc_handle_dup d = {
			.handle = s->vmo, .rights = ZX_RIGHT_SAME_RIGHTS,
			.out = (uintptr_t)good,
		};

		/* Replace a duplicate: it is consumed whatever happens. */
		if (raw(s->fd, ZX_IOC_HANDLE_DUPLICATE, &d))
			return true;
		dup = *good;
		*good = 0;
		cmd = ZX_IOC_HANDLE_REPLACE;
		a.hd.handle = dup;
		a.hd.rights = ZX_RIGHT_SAME_RIGHTS;
		a.hd.out = (uintptr_t)out;
		break;
	}
	case 9:
		cmd = ZX_IOC_PORT_CREATE;
		a.cr.out0 = (uintptr_t)out;
		break;
	case 10:
		cmd = ZX_IOC_TIMER_CREATE;
		a.tc.options = below(r, 3);
		a.tc.clock_id = below(r, 2);
		a.tc.out = (uintptr_t)out;
		break;
	default:
		cmd = ZX_IOC_VMAR_ROOT;
		a.vr.out = (uintptr_t)out;
		break;
	}

	if (fault != 2)
		*out = 0;
	op_begin(&c->t, OP_STALL, cmd, (uint64_t)(uintptr_t)out, fault);
	ret = stall_ioctl(s, cmd, &a, fault);
	op_end(&c->t, ret <= -1000 ? ZX_ERR_INTERNAL : (zx_status_t)-ret);
	if (ret <= -1000) {
		worker_fail("stall: request 0x%lx failed with errno %ld",
			    cmd, -ret - 1000);
		return false;
	}
	if (cmd == ZX_IOC_FD_TO_HANDLE && -ret == ZX_ERR_BAD_HANDLE) {
		/* Another thread took our bridge's object: can happen. */
		s->stolen = true;
		return false;
	}
	if (ret && -ret != ZX_ERR_INVALID_ARGS &&
	    -ret != ZX_ERR_NO_RESOURCES && -ret != ZX_ERR_NO_MEMORY) {
		worker_fail("stall: request 0x%lx (fault %u) returned %ld",
			    cmd, fault, -ret);
		return false;
	}
	if (ret == 0 && fault < 3) {
		worker_fail("stall: request 0x%lx succeeded with its output on a faulting page (fault %u)",
			    cmd, fault);
		return false;
	}
	if (ret == 0) {
		for (int i = 0; i < nout; i++)
			stall_know(s, *outs[i]);
		/* A new handle to the VMO (a replaced duplicate, too). */
		if (cmd == ZX_IOC_HANDLE_DUPLICATE ||
		    cmd == ZX_IOC_HANDLE_REPLACE)
			s->vmo_handles++;
		if (cmd == ZX_IOC_FD_TO_HANDLE) {
			/* The bridge is empty now; the handle replaces it. */
			s->nbridges--;
			close(bridge);
		}
	} else if (cmd == ZX_IOC_FD_TO_HANDLE && ret == -ZX_ERR_INVALID_ARGS) {
		/* Still in the bridge: it converts now, to a good page. */
		a.fh.out = (uintptr_t)good;
		ret = raw(s->fd, ZX_IOC_FD_TO_HANDLE, &a.fh);
		if (ret == 0) {
			stall_know(s, *good);
			s->nbridges--;
			close(bridge);
		} else if (-ret == ZX_ERR_BAD_HANDLE) {
			s->stolen = true;
		} else if (-ret != ZX_ERR_NO_RESOURCES &&
			   -ret != ZX_ERR_NO_MEMORY) {
			worker_fail("stall: a bridge whose conversion failed answers %ld",
				    -ret);
			return false;
		}
	}
	if (!s->stolen &&
	    stall_count(s, s->vmo) != (uint32_t)s->vmo_handles) {
		worker_fail("stall: after request 0x%lx (fault %u, status %ld) the VMO has %u handles, expected %d",
			    cmd, fault, -ret, stall_count(s, s->vmo),
			    s->vmo_handles);
		return false;
	}
	return true;
}

static void stall_op(struct ictx *c)
{
	struct stall_round s;
	struct zx_ioc_vmo_create vc = { .size = PAGE };

	memset(&s, 0, sizeof(s));
	if (c->t.idx < 0 || c->t.idx >= STALL_THREADS)
		return;
	s.idx = c->t.idx;
	s.page = stall_pages[s.idx];
	s.fd = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	if (s.fd < 0)
		return;
	vc.out = (uintptr_t)&s.vmo;
	if (raw(s.fd, ZX_IOC_VMO_CREATE, &vc) == 0) {
		s.vmo_handles = 1;
		stall_know(&s, s.vmo);
		for (int i = 0; i < STALL_CALLS && !must_stop(); i++)
			if (!stall_call(c, &s))
				break;
		if (s.stolen)
			goto out;
		/* Nothing in the table but what the round was given. */
		for (uint32_t k = 2; k < 2 * STALL_SLOTS; k++) {
			uint32_t v = (((k & 1) << 20 | k >> 1) << 2) |
				     ZX_HANDLE_FIXED_BITS_MASK;
			bool mine = false;

			for (int i = 0; i < s.nknown; i++)
				mine |= s.known[i] == v;
			if (!mine && stall_valid(&s, v)) {
				worker_fail("stall: the table holds 0x%x, which no call delivered",
					    v);
				break;
			}
		}
	}
out:
	for (int i = 0; i < s.nbridges; i++)
		close(s.bridges[i]);
	close(s.fd);	/* frees every handle of the round */
}

/* Makes one object of each kind (not counted as operations). */
static void ipool_replenish(struct rng *r)
{
	for (int i = 0; i < 8; i++) {
		uint32_t h[2] = { 0, 0 };
		struct zx_ioc_create cr = { .out0 = (uintptr_t)&h[0],
					    .out1 = (uintptr_t)&h[1] };
		struct zx_ioc_create ev = { .out0 = (uintptr_t)&h[0] };
		struct zx_ioc_vmo_create vc = {
			.size = (uint64_t)below(r, 8) * PAGE,
			.options = chance(r, 30) ? ZX_VMO_RESIZABLE : 0,
			.out = (uintptr_t)&h[0],
		};
		struct zx_ioc_vmar_root vr = { .out = (uintptr_t)&h[0] };
		struct zx_ioc_timer_create tc = {
			.options = below(r, 3), .clock_id = below(r, 2),
			.out = (uintptr_t)&h[0],
		};
		struct zx_ioc_fifo_create fc = {
			.elem_count = 1 + below(r, 64), .elem_size = 16,
			.out0 = (uintptr_t)&h[0], .out1 = (uintptr_t)&h[1],
		};

		switch (i) {
		case 0: ioctl(I.fd, ZX_IOC_EVENT_CREATE, &ev); break;
		case 1: ioctl(I.fd, ZX_IOC_EVENTPAIR_CREATE, &cr); break;
		case 2: ioctl(I.fd, ZX_IOC_CHANNEL_CREATE, &cr); break;
		case 3: {
			/* A VMO, and often a stream over it. */
			struct zx_ioc_stream_create sc = {
				.options = below(r, 8),
				.out = (uintptr_t)&h[1],
			};

			ioctl(I.fd, ZX_IOC_VMO_CREATE, &vc);
			sc.vmo = h[0];
			if (h[0] && chance(r, 60))
				ioctl(I.fd, ZX_IOC_STREAM_CREATE, &sc);
			break;
		}
		case 4: ioctl(I.fd, ZX_IOC_PORT_CREATE, &ev); break;
		case 5: ioctl(I.fd, ZX_IOC_TIMER_CREATE, &tc); break;
		case 6: ioctl(I.fd, ZX_IOC_FIFO_CREATE, &fc); break;
		default:
			if (chance(r, 20))
				ioctl(I.fd, ZX_IOC_VMAR_ROOT, &vr);
		}
		ipool_add(r, h[0]);
		ipool_add(r, h[1]);
	}
}

static void *ioctl_thread(void *p)
{
	struct ictx *c = p;

	c->t.ts->tid = zx_test_gettid();
	wait_for_go();
	for (long i = 0; i < opt.ops && !must_stop(); i++) {
		if (shedding() && chance(&c->t.r, 2))
			ipool_shed(&c->t.r);
		if (!(i % 16) && !shedding()) {
			int live = 0;

			for (int k = 0; k < IPOOL; k++)
				live += !!__atomic_load_n(&I.pool[k], __ATOMIC_RELAXED);
			if (live < IPOOL / 3)
				ipool_replenish(&c->t.r);
		}
		if (chance(&c->t.r, 1))
			reopen_fd2(c);
		else if (!(rnd(&c->t.r) % 512))
			stall_op(c);
		else
			ioctl_op(c);
	}
	return NULL;
}

static int stop_signaller;

/*
 * The ioctl mode's server: finds a channel of the pool with a message,
 * reads it, and answers it when it is a call (raw ioctls, not fuzzed).
 */
static void *iserver(void *arg)
{
	struct ictx *c = arg;
	struct rng *r = &c->t.r;
	uint8_t *bytes = c->scratch.base;
	uint32_t *handles = (uint32_t *)(c->scratch.base + c->scratch.size - 256);
	uint32_t nb = 0, nh = 0;

	c->t.ts->tid = zx_test_gettid();
	wait_for_go();
	while (!__atomic_load_n(&stop_signaller, __ATOMIC_RELAXED) && !g_stop) {
		uint32_t h = ipool_live(r, ZX_OBJ_TYPE_CHANNEL);
		zx_signals_t obs = 0;
		struct zx_ioc_object_wait_one w = {
			.handle = h, .signals = ZX_CHANNEL_READABLE,
			.deadline = now_ns() + 1000000,
			.observed = (uintptr_t)&obs,
		};
		struct zx_ioc_channel_read rd = {
			.handle = h, .bytes = (uintptr_t)bytes,
			.handles = (uintptr_t)handles, .num_bytes = 65536,
			.num_handles = 64, .actual_bytes = (uintptr_t)&nb,
			.actual_handles = (uintptr_t)&nh,
		};
		struct zx_ioc_channel_write wr = {
			.handle = h, .bytes = (uintptr_t)bytes,
			.num_bytes = 4 + below(r, 60), .ptr_size = 8,
		};
		zx_txid_t txid;

		if (ioctl(I.fd, ZX_IOC_OBJECT_WAIT_ONE, &w) != 0 ||
		    ioctl(I.fd, ZX_IOC_CHANNEL_READ, &rd) != 0)
			continue;
		for (uint32_t i = 0; i < nh && i < 64; i++)
			ipool_add(r, handles[i]);
		memcpy(&txid, bytes, sizeof(txid));
		if (nb < sizeof(txid) || !(txid & 0x80000000u))
			continue;
		op_begin(&c->t, OP_IOCTL + _IOC_NR(ZX_IOC_CHANNEL_WRITE), h, txid, 0);
		op_end(&c->t, (zx_status_t)-ioctl(I.fd, ZX_IOC_CHANNEL_WRITE, &wr));
	}
	return NULL;
}

static void *signaller(void *arg)
{
	struct rng *r = arg;

	while (!__atomic_load_n(&stop_signaller, __ATOMIC_RELAXED)) {
		zx_test_sleep_ms(1 + (int)below(r, 8));
		signal_a_thread(r);
	}
	return NULL;
}

int ioctl_worker(int parent_fd)
{
	struct ictx ctx[MAX_THREADS + 1];
	pthread_t th[MAX_THREADS], sth, svth;
	struct rng r = { thread_seed(g_proc, 99) };
	struct rng sr = { thread_seed(g_proc, 98) };

	signals_init(&r);
	I.fd = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	I.fd2 = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	I.parent_fd = parent_fd;
	if (I.fd < 0 || I.fd2 < 0) {
		worker_fail("cannot open %s: %s", ZX_TEST_DEVICE, strerror(errno));
		return 1;
	}
	for (int i = 0; i < IFDS; i++)
		I.bfds[i] = -1;
	/* Seed the pool with a few objects of every kind. */
	for (int i = 0; i < 12; i++)
		ipool_replenish(&r);
	for (int t = 0; t <= opt.threads; t++) {	/* the last: the server */
		struct ictx *c = &ctx[t];

		memset(c, 0, sizeof(*c));
		c->t.r.s = thread_seed(g_proc, t);
		c->t.idx = t;
		c->t.ts = &g_ps->t[t];
		region_alloc(&c->scratch, 128 * 1024, false);
		region_alloc(&c->inbuf, IN_SIZE, false);
		region_alloc(&c->harr, PAGE, false);
		region_alloc(&c->s32, 64 * 1024, true);
		region_alloc(&c->h32, PAGE, true);
		for (size_t i = 0; i < IN_SIZE; i += 8) {
			uint64_t v = rnd(&c->t.r);

			memcpy(c->inbuf.base + i, &v, 8);
		}
	}
	for (int t = 1; t < opt.threads; t++)
		if (pthread_create(&th[t], NULL, ioctl_thread, &ctx[t])) {
			worker_fail("pthread_create failed");
			return 1;
		}
	if (pthread_create(&sth, NULL, signaller, &sr) ||
	    pthread_create(&svth, NULL, iserver, &ctx[opt.threads])) {
		worker_fail("pthread_create failed");
		return 1;
	}
	__atomic_store_n(&g_go, 1, __ATOMIC_RELEASE);
	ioctl_thread(&ctx[0]);
	for (int t = 1; t < opt.threads; t++)
		pthread_join(th[t], NULL);
	__atomic_store_n(&stop_signaller, 1, __ATOMIC_RELAXED);
	pthread_join(sth, NULL);
	pthread_join(svth, NULL);
	return 0;
}
