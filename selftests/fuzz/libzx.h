/* SPDX-License-Identifier: GPL-2.0 */
/* zx_fuzz: what the two files of the libzx mode share. */
#ifndef ZX_FUZZ_LIBZX_H
#define ZX_FUZZ_LIBZX_H

#include "fuzz.h"

/*
 * The libzx mode's operations: name, weight (how often lpick_op() picks
 * it) and the call libzx_op() makes for it (c: the thread's context, op:
 * the operation).
 */
#define LOPS(X)								\
	X(EVENT, 3, lop_create(c, op))					\
	X(EVENTPAIR, 3, lop_create(c, op))				\
	X(CHANNEL, 4, lop_create(c, op))				\
	X(VMO, 4, lop_vmo(c))						\
	X(CHILD, 4, lop_child(c))					\
	X(DUP, 4, lop_dup(c))						\
	X(REPLACE, 2, lop_replace(c))					\
	X(CLOSE, 5, lop_close(c))					\
	X(CLOSE_MANY, 2, lop_close_many(c))				\
	X(SIGNAL, 3, lop_signal(c, false))				\
	X(SIGNAL_PEER, 3, lop_signal(c, true))				\
	X(WAIT, 4, lop_wait(c))						\
	X(WAIT_LONG, 1, lop_wait_long(c))				\
	X(INFO, 4, lop_info(c))						\
	X(PROPERTY, 3, lop_property(c))					\
	X(VMO_READ, 4, lop_vmo_rw(c, false))				\
	X(VMO_WRITE, 4, lop_vmo_rw(c, true))				\
	X(VMO_SIZE, 3, lop_vmo_size(c))					\
	X(OP_RANGE, 3, lop_op_range(c))					\
	X(CACHE, 1, lop_cache(c))					\
	X(FLUSH, 1, lop_flush(c))					\
	X(EXEC, 1, lop_exec(c))						\
	X(MAP, 5, lop_map(c))						\
	X(UNMAP, 3, lop_unmap(c))					\
	X(PROTECT, 2, lop_protect(c))					\
	X(REGION, 2, lop_region(c))					\
	X(REGION_DESTROY, 1, lop_region_destroy(c))			\
	X(VMAR_OP, 2, lop_vmar_op(c))					\
	X(TOUCH, 4, lop_touch(c))					\
	X(WRITE, 6, lop_write(c, false))				\
	X(WRITE_ETC, 3, lop_write(c, true))				\
	X(READ, 6, lop_read(c))						\
	X(CALL, 2, lop_call(c))						\
	X(SERVE, 3, lop_serve(c, false))				\
	X(TO_FD, 2, lop_to_fd(c))					\
	X(FROM_FD, 2, lop_from_fd(c))					\
	X(SOCK_SEND, 2, lop_sock_send(c))				\
	X(SOCK_RECV, 2, lop_sock_recv(c))				\
	X(ROOT, 1, lop_root(c))						\
	X(LINUX, 3, lop_linux(c))					\
	X(STALE, 2, lop_stale(c))					\
	X(PARK, 1, lop_park(c))						\
	X(PINNED, 1, lop_pinned(c))					\
	X(HUGE, 2, lop_huge(c))						\
	X(PORT, 2, lop_port(c))						\
	X(TIMER, 2, lop_timer(c))					\
	X(TIMER_SET, 3, lop_timer_set(c))				\
	X(TIMER_CANCEL, 2, lop_timer_cancel(c))				\
	X(PORT_QUEUE, 3, lop_port_queue(c))				\
	X(PORT_WAIT, 3, lop_port_wait(c))				\
	X(PORT_CANCEL, 2, lop_port_cancel(c))				\
	X(PORT_CANCEL_KEY, 2, lop_port_cancel_key(c))			\
	X(WAIT_ASYNC, 4, lop_wait_async(c))				\
	X(WAIT_MANY, 3, lop_wait_many(c))				\
	X(CHECK_VALID, 1, lop_check_valid(c))				\
	X(PORT_FD, 1, lop_port_fd(c))					\
	X(FIFO, 2, lop_fifo(c))						\
	X(FIFO_WRITE, 4, lop_fifo_rw(c, true))				\
	X(FIFO_READ, 4, lop_fifo_rw(c, false))				\
	X(STREAM, 2, lop_stream(c))					\
	X(STREAM_IO, 5, lop_stream_io(c))				\
	X(STREAM_SEEK, 2, lop_stream_seek(c))				\
	X(SOCKET, 2, lop_socket(c))					\
	X(SOCKET_WRITE, 4, lop_socket_rw(c, true))			\
	X(SOCKET_READ, 4, lop_socket_rw(c, false))			\
	X(SOCKET_DISP, 2, lop_socket_disp(c))		\
	X(TASK, 2, lop_task(c))						\
	X(TASK_KILL, 1, lop_task_kill(c))				\
	X(GET_CHILD, 1, lop_get_child(c))				\
	X(PROC_MEM_READ, 2, lop_process_memory(c, false))		\
	X(PROC_MEM_WRITE, 2, lop_process_memory(c, true))

#define LOP_ENUM(name, w, call) LOP_##name,
#define LOP_NAME(name, w, call) #name,
#define LOP_WEIGHT(name, w, call) w,
enum { LOPS(LOP_ENUM) LOP_COUNT, LOP_CANCEL = LOP_COUNT, LOP_SHED };
extern const char *const lop_names[];


#define LSLOTS	64
#define LSTALE	64
#define LFDS	24
#define LMAPS	48
#define LBLOCK	8

/*
 * Per-process state of the libzx mode, shared by its threads.  A mapping
 * entry packs the address and (pages - 1) into one word, so a thread never
 * sees the length of one mapping with the address of another.
 */
struct libzx_proc {
	uint32_t slot[LSLOTS];
	uint8_t stype[LSLOTS];
	uint32_t stale[LSTALE];
	uint32_t stale_pos;
	uint32_t link[2];	/* the ring's channels: never given away */
	int sock[2];		/* the ring's sockets */
	int bfd[LFDS];		/* bridge descriptors */
	uint64_t map[LMAPS];
	uint32_t blocker[LBLOCK];	/* handles of infinite waits */
	int64_t blocked_at[LBLOCK];
	uint32_t root;
	int devfd;
	int memfd;		/* /proc/self/mem */
	int stop_canceler;
};

extern struct libzx_proc P;

struct lctx {
	struct tctx t;
	struct region scratch;	/* the kernel writes here */
	struct region inbuf;	/* the kernel reads here */
};

#define LCALL(c, OP, NR, A, B, C, EXPR)					\
	({								\
		zx_status_t _s;						\
		op_begin(&(c)->t, (OP), (uint64_t)(A), (uint64_t)(B),	\
			 (uint64_t)(C));				\
		_s = (EXPR);						\
		op_end(&(c)->t, _s);					\
		check_status((NR), _s, lop_names[(OP)], false);		\
		_s;							\
	})


/* libzx.c */
extern const uint8_t lop_weights[];
extern __thread sigjmp_buf *volatile t_jmp;
void fault_handler(int sig, siginfo_t *si, void *uc);
void lstale_add(uint32_t h);
int pick_slot(struct rng *r, uint32_t type);
uint32_t lh(struct lctx *c, uint32_t type);
uint32_t lh_take(struct lctx *c, uint32_t type, uint8_t *stype);
void lput(struct lctx *c, uint32_t h, uint32_t type);
void lput_back(struct lctx *c, uint32_t h, uint8_t type);
void *lbad(struct rng *r);
void *lout(struct lctx *c, size_t want, size_t *room);
void *lin(struct lctx *c, size_t want, size_t *room);
uint64_t lvmo_size(uint32_t h);
void lop_create(struct lctx *c, int op);
void lop_vmo(struct lctx *c);
void lop_child(struct lctx *c);
void lop_dup(struct lctx *c);
void lop_replace(struct lctx *c);
void lop_close(struct lctx *c);
void lop_close_many(struct lctx *c);
void lop_signal(struct lctx *c, bool peer);
void lop_wait(struct lctx *c);
void lop_wait_long(struct lctx *c);
void *canceler(void *arg);
void lop_info(struct lctx *c);
void lop_property(struct lctx *c);
bool lmap_get(struct rng *r, int *idx, uint64_t *addr, uint64_t *len);
void lop_vmo_rw(struct lctx *c, bool write);
void lop_vmo_size(struct lctx *c);
void lop_op_range(struct lctx *c);
void lop_cache(struct lctx *c);
void lop_flush(struct lctx *c);
void lop_exec(struct lctx *c);
void lop_map(struct lctx *c);
void lop_unmap(struct lctx *c);
void lop_protect(struct lctx *c);
void lop_region(struct lctx *c);
void lop_region_destroy(struct lctx *c);
void lop_vmar_op(struct lctx *c);
void lop_touch(struct lctx *c);
void lop_port(struct lctx *c);
void lop_fifo(struct lctx *c);
void lop_fifo_rw(struct lctx *c, bool write);
void lop_timer(struct lctx *c);
void lop_socket(struct lctx *c);
void lop_socket_rw(struct lctx *c, bool write);
void lop_socket_disp(struct lctx *c);
void lop_timer_set(struct lctx *c);
void lop_timer_cancel(struct lctx *c);
void lop_port_queue(struct lctx *c);
void lop_port_wait(struct lctx *c);
void lop_port_cancel(struct lctx *c);
void lop_port_cancel_key(struct lctx *c);
void lop_wait_async(struct lctx *c);
void lop_wait_many(struct lctx *c);
void lop_check_valid(struct lctx *c);
void lop_stream(struct lctx *c);
void lop_stream_io(struct lctx *c);
void lop_stream_seek(struct lctx *c);
void lop_task(struct lctx *c);
void lop_task_kill(struct lctx *c);
void lop_get_child(struct lctx *c);
void lop_process_memory(struct lctx *c, bool write);
uint32_t lgather(struct lctx *c, uint32_t writer, uint32_t *v,
		 uint8_t *types, uint32_t max);
uint32_t lput_all_back(struct lctx *c, uint32_t *v, uint8_t *types,
		       uint32_t n);

#endif /* ZX_FUZZ_LIBZX_H */
