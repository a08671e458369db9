// SPDX-License-Identifier: GPL-2.0
/*
 * A socket end's receive buffer: see socket.h.  Pages are allocated as the
 * tail enters them and freed as the head leaves them (but see below for
 * spare pages), each charged to the
 * memory cgroup (ZX_GFP) and, while it lives, PAGE_SIZE bytes to the
 * max_queued_bytes_per_user quota of the user whose write allocated it.
 * User copies run with page faults disabled: the caller holds a mutex the
 * peer may be waiting for (socket.c faults the buffer in outside it).
 *
 * A page the head leaves is kept, up to socket_spare_pages of them (and
 * never more than the ring's slots: an end keeps at most its capacity),
 * for the tail to take next instead of a new page: a stream that its
 * reader keeps emptying then allocates (and zeroes, and charges to the
 * memory cgroup) nothing.  A spare page stays charged to the memory
 * cgroup it was allocated in, but not to any user's quota: the user whose
 * write takes it is charged then.  Spares go when the end's writer (its
 * peer) or the end itself loses its last handle.  Their old bytes are
 * never readable: a read reaches only bytes a write stored.
 *
 * No locks of its own.
 */
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "socket.h"

ZX_LIMIT(uint, socket_spare_pages, 64,
	 "Emptied pages a socket end keeps for its next writes (at most its ring's)");

static struct zx_sock_page *zx_sb_slot(struct zx_sock_buf *b, u64 pos)
{
	return &b->pages[(pos >> PAGE_SHIFT) & (b->nslots - 1)];
}

/* Frees @p's page, or keeps it as a spare when @keep and there is room. */
static void zx_sb_free_page(struct zx_sock_buf *b, struct zx_sock_page *p,
			    bool keep)
{
	if (!p->addr)
		return;
	if (p->user)
		zx_user_uncharge_bytes(p->user, PAGE_SIZE);
	if (keep && !b->no_spares &&
	    b->nspare < min(READ_ONCE(socket_spare_pages), b->nslots)) {
		/* A stack linked through each page's first word. */
		*(void **)p->addr = b->spare;
		b->spare = p->addr;
		b->nspare++;
	} else {
		free_page((unsigned long)p->addr);
	}
	p->addr = NULL;
	p->user = NULL;
}

/* A spare page, or NULL. */
static void *zx_sb_take_spare(struct zx_sock_buf *b)
{
	void *addr = b->spare;

	if (addr) {
		b->spare = *(void **)addr;
		b->nspare--;
	}
	return addr;
}

/**
 * zx_sb_drop_spares() - free the pages a buffer keeps for its next writes
 * @b: the buffer, whose writer is gone: it keeps no spare pages from now on
 */
void zx_sb_drop_spares(struct zx_sock_buf *b)
{
	void *spare;

	b->no_spares = true;
	while ((spare = zx_sb_take_spare(b)))
		free_page((unsigned long)spare);
}

/**
 * zx_sb_release() - free a buffer's pages, spare pages and datagram ring
 * @b: the buffer; empty afterwards
 */
void zx_sb_release(struct zx_sock_buf *b)
{
	u32 i;

	if (b->pages)
		for (i = 0; i < b->nslots; i++)
			zx_sb_free_page(b, &b->pages[i], false);
	zx_sb_drop_spares(b);
	b->head = b->tail;
	b->dg_count = 0;
	kvfree(b->dg);
	b->dg = NULL;
	b->dg_alloc = 0;
}

/**
 * zx_sb_init() - set up an empty buffer
 * @b: zeroed
 * @cap: its capacity in bytes
 * @dg_max: most datagrams it holds (0: a stream)
 *
 * Return: ZX_OK or ZX_ERR_NO_MEMORY.
 */
zx_status_t zx_sb_init(struct zx_sock_buf *b, size_t cap, u32 dg_max)
{
	b->cap = cap;
	b->nslots = roundup_pow_of_two(DIV_ROUND_UP(cap, PAGE_SIZE) + 1);
	b->pages = kcalloc(b->nslots, sizeof(*b->pages), ZX_GFP);
	b->dg_max = dg_max;
	return b->pages ? ZX_OK : ZX_ERR_NO_MEMORY;
}

/*
 * Finds (a spare first) or allocates the page that holds @pos, if not
 * there yet, and charges it to @user.
 */
static zx_status_t zx_sb_page(struct zx_sock_buf *b, u64 pos,
			      struct zx_user *user)
{
	struct zx_sock_page *p = zx_sb_slot(b, pos);
	zx_status_t status;

	if (p->addr)
		return ZX_OK;
	if (user) {
		status = zx_user_charge_bytes(user, PAGE_SIZE);
		if (status != ZX_OK)
			return status;
	}
	p->addr = zx_sb_take_spare(b);
	if (!p->addr)
		p->addr = (void *)__get_free_page(ZX_GFP);
	if (!p->addr) {
		if (user)
			zx_user_uncharge_bytes(user, PAGE_SIZE);
		return ZX_ERR_NO_MEMORY;
	}
	p->user = user;
	return ZX_OK;
}

static bool zx_copy_from_nofault(void *dst, const void __user *src, size_t n)
{
	unsigned long left;

	pagefault_disable();
	left = __copy_from_user_inatomic(dst, src, n);
	pagefault_enable();
	return left != 0;
}

/**
 * zx_copy_to_nofault() - copy to user memory with page faults disabled
 * @dst: user address
 * @src: kernel address
 * @n: bytes
 *
 * Return: true if a page was not there (or @dst is not a user range).
 */
bool zx_copy_to_nofault(void __user *dst, const void *src, size_t n)
{
	unsigned long left;

	pagefault_disable();
	left = __copy_to_user_inatomic(dst, src, n);
	pagefault_enable();
	return left != 0;
}

/**
 * zx_sb_fill() - copy user bytes in at the tail, without moving it
 * @b: the buffer
 * @src: user address
 * @len: bytes, at most the room left
 * @user: charged for each page allocated (or NULL)
 * @done: bytes that landed before a page could not be had
 *
 * Copies with page faults disabled.
 *
 * Return: ZX_OK; the page allocation's status; ZX_ERR_INVALID_ARGS for a
 * page not there.
 */
zx_status_t zx_sb_fill(struct zx_sock_buf *b, const u8 __user *src,
			      size_t len, struct zx_user *user, size_t *done)
{
	zx_status_t status;
	size_t off, n;
	u64 pos;

	*done = 0;
	while (*done < len) {
		pos = b->tail + *done;
		status = zx_sb_page(b, pos, user);
		if (status != ZX_OK)
			return status;
		off = offset_in_page(pos);
		n = min_t(size_t, PAGE_SIZE - off, len - *done);
		if (!access_ok(src + *done, n) ||
		    zx_copy_from_nofault(zx_sb_slot(b, pos)->addr + off,
					 src + *done, n))
			return ZX_ERR_INVALID_ARGS;
		*done += n;
	}
	return ZX_OK;
}

/**
 * zx_sb_copy_out() - copy @len bytes from the head out; nothing consumed
 * @b: the buffer
 * @dst: user address
 * @len: bytes, at most those buffered
 *
 * Copies with page faults disabled.
 *
 * Return: ZX_OK, or ZX_ERR_INVALID_ARGS for a page not there.
 */
zx_status_t zx_sb_copy_out(struct zx_sock_buf *b, u8 __user *dst,
				  size_t len)
{
	size_t done = 0, off, n;
	u64 pos;

	while (done < len) {
		pos = b->head + done;
		off = offset_in_page(pos);
		n = min_t(size_t, PAGE_SIZE - off, len - done);
		if (!access_ok(dst + done, n) ||
		    zx_copy_to_nofault(dst + done,
				       zx_sb_slot(b, pos)->addr + off, n))
			return ZX_ERR_INVALID_ARGS;
		done += n;
	}
	return ZX_OK;
}

/**
 * zx_sb_consume() - move the head, freeing the pages it leaves
 * @b: the buffer
 * @len: bytes consumed, at most those buffered
 */
void zx_sb_consume(struct zx_sock_buf *b, size_t len)
{
	u64 from = b->head, to = b->head + len;
	u64 pg;

	for (pg = from >> PAGE_SHIFT; pg < to >> PAGE_SHIFT; pg++)
		zx_sb_free_page(b, &b->pages[pg & (b->nslots - 1)], true);
	b->head = to;
}

/**
 * zx_sb_dg_room() - make room for one more datagram length
 * @b: a datagram buffer
 *
 * Return: ZX_OK or ZX_ERR_NO_MEMORY.
 */
zx_status_t zx_sb_dg_room(struct zx_sock_buf *b)
{
	u32 n, i, *dg;

	if (b->dg_count < b->dg_alloc)
		return ZX_OK;
	n = b->dg_alloc ? b->dg_alloc * 2 : ZX_SOCKET_DG_MIN;
	dg = kvmalloc_array(n, sizeof(*dg), ZX_GFP);
	if (!dg)
		return ZX_ERR_NO_MEMORY;
	for (i = 0; i < b->dg_count; i++)
		dg[i] = b->dg[(b->dg_head + i) & (b->dg_alloc - 1)];
	kvfree(b->dg);
	b->dg = dg;
	b->dg_alloc = n;
	b->dg_head = 0;
	return ZX_OK;
}


/**
 * zx_sb_dg_pop() - consume the first datagram whole
 * @b: a datagram buffer holding one at least
 */
void zx_sb_dg_pop(struct zx_sock_buf *b)
{
	zx_sb_consume(b, b->dg[b->dg_head]);
	b->dg_head = (b->dg_head + 1) & (b->dg_alloc - 1);
	b->dg_count--;
}


/**
 * zx_sb_dg_push() - record a datagram of @len bytes just filled in
 * @b: a datagram buffer with room (zx_sb_dg_room())
 * @len: its bytes, now at the tail, which moves past them
 */
void zx_sb_dg_push(struct zx_sock_buf *b, u32 len)
{
	b->dg[(b->dg_head + b->dg_count) & (b->dg_alloc - 1)] = len;
	b->dg_count++;
	b->tail += len;
}
