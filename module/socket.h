/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A socket end's receive buffer (socket_buf.c): a ring of pages indexed
 * by absolute byte positions (head, tail), and for datagrams a ring of
 * lengths.  Not locked itself: socket.c calls all of it under the pair's
 * zx_socket_core.lock.
 */
#ifndef ZX_MODULE_SOCKET_H
#define ZX_MODULE_SOCKET_H

#include "zx.h"

#define ZX_SOCKET_DG_MIN	16u

struct zx_sock_page {
	void *addr;			/* NULL: not allocated */
	struct zx_user *user;		/* charged PAGE_SIZE, or NULL */
};

struct zx_sock_buf {
	struct zx_sock_page *pages;	/* nslots, a power of two */
	u32 nslots;
	size_t cap;			/* most bytes buffered */
	u64 head, tail;			/* absolute positions; size tail - head */
	u32 *dg;			/* datagram lengths, a ring of dg_alloc */
	u32 dg_alloc;			/* a power of two, or 0 */
	u32 dg_head, dg_count, dg_max;
	void *spare;			/* emptied pages kept, a stack */
	u32 nspare;
	bool no_spares;			/* the writer is gone */
};

static inline size_t zx_sb_size(const struct zx_sock_buf *b)
{
	return b->tail - b->head;
}

static inline bool zx_sb_full(const struct zx_sock_buf *b)
{
	return zx_sb_size(b) >= b->cap ||
	       (b->dg_max && b->dg_count >= b->dg_max);
}

static inline u32 zx_sb_dg_first(const struct zx_sock_buf *b)
{
	return b->dg_count ? b->dg[b->dg_head] : 0;
}

void zx_sb_release(struct zx_sock_buf *b);
void zx_sb_drop_spares(struct zx_sock_buf *b);
zx_status_t zx_sb_init(struct zx_sock_buf *b, size_t cap, u32 dg_max);
zx_status_t zx_sb_fill(struct zx_sock_buf *b, const u8 __user *src,
		       size_t len, struct zx_user *user, size_t *done);
zx_status_t zx_sb_copy_out(struct zx_sock_buf *b, u8 __user *dst,
			   size_t len);
void zx_sb_consume(struct zx_sock_buf *b, size_t len);
zx_status_t zx_sb_dg_room(struct zx_sock_buf *b);
void zx_sb_dg_push(struct zx_sock_buf *b, u32 len);
void zx_sb_dg_pop(struct zx_sock_buf *b);
bool zx_copy_to_nofault(void __user *dst, const void *src, size_t n);

#endif /* ZX_MODULE_SOCKET_H */
