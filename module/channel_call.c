// SPDX-License-Identifier: GPL-2.0
/*
 * zx_channel_call(): the caller's endpoint keeps a list of calls waiting
 * for a reply (struct zx_call).  A message written to that endpoint whose
 * transaction id matches a waiting call goes to that call instead of the
 * queue (zx_channel_send() in channel.c).  A call interrupted by a Linux
 * signal stays on the list, marked suspended, and the ioctl returns
 * ZXK_RESTART; when the same thread restarts the same ioctl (same argument
 * address) it resumes that call's wait instead of writing again, as
 * Zircon's vDSO resumes with zx_channel_call_finish().
 *
 * No lock is owned here.  The list of calls and their fields are under the
 * endpoint's zx_channel.lock, and a reply carrying endpoints also under
 * zx_gc_lock, taken outside it; both locks and their order are described
 * at the top of channel.c and channel_gc.c.
 */
#include <linux/ktime.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "channel.h"
#include "syscalls.h"
#include "trace.h"

/* Interrupted calls one endpoint keeps for their threads to resume. */
#define ZX_CHANNEL_MAX_SUSPENDED	64

/**
 * zx_call_free() - free a call that is no longer on its endpoint's list
 * @c: the call
 * @work: where its reply goes, if it has one, for the caller to destroy
 *        with zx_msg_destroy_list()
 */
void zx_call_free(struct zx_call *c, struct list_head *work)
{
	if (c->reply)
		list_add_tail(&c->reply->node, work);
	put_pid(c->pid);
	kfree(c);
}

/* ------------------------------------------------------- the arguments */

/*
 * A call's arguments, read once in either pointer size: the request, as
 * a write; where the reply goes, as a read; and the room there is.
 */
struct zx_call_args {
	struct zx_write_req wr;
	struct zx_read_out rd;
	u32 rd_num_bytes;
	u32 rd_num_handles;
};

/* Copies zx_channel_call_args_t @u, of either width, into @ca. */
#define ZX_CALL_ARGS_COPY(ca, u)				\
	do {							\
		(ca)->wr.bytes = (u).wr_bytes;			\
		(ca)->wr.handles = (u).wr_handles;		\
		(ca)->wr.num_bytes = (u).wr_num_bytes;		\
		(ca)->wr.num_handles = (u).wr_num_handles;	\
		(ca)->rd.bytes = (u).rd_bytes;			\
		(ca)->rd.handles = (u).rd_handles;		\
		(ca)->rd_num_bytes = (u).rd_num_bytes;		\
		(ca)->rd_num_handles = (u).rd_num_handles;	\
	} while (0)

/*
 * Reads the zx_channel_call_args_t (or _etc_) that @a points to, in the
 * caller's pointer size, and completes it with what @a and @etc say.
 */
static zx_status_t zx_call_args_get(const struct zx_ioc_channel_call *a,
				    bool etc, struct zx_call_args *ca)
{
	if (!a->args)
		return ZX_ERR_INVALID_ARGS;
	if (a->word_size == 8) {
		struct zx_abi_channel_call_args u;

		if (zx_copy_arg(&u, zx_uptr(a->args)))
			return ZX_ERR_INVALID_ARGS;
		ZX_CALL_ARGS_COPY(ca, u);
	} else {
		struct zx_abi_channel_call_args32 u;

		if (zx_copy_arg(&u, zx_uptr(a->args)))
			return ZX_ERR_INVALID_ARGS;
		ZX_CALL_ARGS_COPY(ca, u);
	}
	ca->wr.options = a->options;
	ca->wr.word_size = a->word_size;
	ca->wr.etc = etc;
	ca->rd.actual_bytes = a->actual_bytes;
	ca->rd.actual_handles = a->actual_handles;
	ca->rd.etc = etc;
	return ZX_OK;
}

/* ----------------------------------------------------- a call's life */

/*
 * The call with transaction id @txid that this thread's ioctl @cmd with
 * argument @uarg left suspended when a Linux signal interrupted it, or NULL.
 */
static struct zx_call *zx_call_find_suspended(struct zx_channel *ch,
					      unsigned int cmd,
					      unsigned long uarg,
					      zx_txid_t txid)
{
	struct zx_call *c, *found = NULL;

	spin_lock(&ch->lock);
	list_for_each_entry(c, &ch->calls, node) {
		if (c->suspended && c->txid == txid &&
		    c->pid == task_pid(current) && c->uarg == uarg &&
		    c->cmd == cmd) {
			c->suspended = false;
			c->task = current;
			ch->nr_suspended--;
			found = c;
			break;
		}
	}
	spin_unlock(&ch->lock);
	return found;
}

/* Registers a new call on @ch with a transaction id unique among them. */
static zx_status_t zx_call_begin(struct zx_channel *ch, struct zx_call *c,
				 struct zx_msg *m)
{
	struct zx_call *o;
	zx_txid_t txid;

	spin_lock(&ch->lock);
	if (ch->peer_closed) {
		spin_unlock(&ch->lock);
		return ZX_ERR_PEER_CLOSED;
	}
again:
	txid = ++ch->txid | ZX_TXID_KERNEL;
	list_for_each_entry(o, &ch->calls, node)
		if (o->txid == txid)
			goto again;
	c->txid = txid;
	c->status = ZX_CALL_WAITING;
	c->task = current;
	memcpy(zx_msg_data(m), &txid, sizeof(txid));
	list_add_tail(&c->node, &ch->calls);
	spin_unlock(&ch->lock);
	return ZX_OK;
}

static bool zx_call_done(const void *arg)
{
	const struct zx_call *c = arg;

	return READ_ONCE(c->status) != ZX_CALL_WAITING;
}

/*
 * Takes @c, which ended or stops waiting, off @ch's list: its status
 * (ZX_ERR_TIMED_OUT if no reply came), its reply in *@reply.  Under
 * ch->lock, and zx_gc_lock when ch->nr_ep.
 */
static zx_status_t zx_call_end(struct zx_channel *ch, struct zx_call *c,
			       struct zx_msg **reply)
{
	zx_status_t status = c->status == ZX_CALL_WAITING ? ZX_ERR_TIMED_OUT :
							     c->status;

	*reply = c->reply;
	c->reply = NULL;
	if (*reply)
		zx_gc_unhold(ch, *reply);
	list_del(&c->node);
	return status;
}

/*
 * Leaves @c on @ch's list, suspended, for the restarted ioctl to resume.
 * Past ZX_CHANNEL_MAX_SUSPENDED the oldest other suspended call is taken
 * off the list and returned, for the caller to free.  Under ch->lock, and
 * zx_gc_lock when ch->nr_ep.
 */
static struct zx_call *zx_call_suspend(struct zx_channel *ch,
				       struct zx_call *c)
{
	struct zx_call *o;

	c->suspended = true;
	c->task = NULL;
	if (++ch->nr_suspended <= ZX_CHANNEL_MAX_SUSPENDED)
		return NULL;
	list_for_each_entry(o, &ch->calls, node) {
		if (o->suspended && o != c) {
			list_del(&o->node);
			ch->nr_suspended--;
			if (o->reply)
				zx_gc_unhold(ch, o->reply);
			return o;
		}
	}
	return NULL;
}

/*
 * Sleeps until the call ends or the deadline passes.  Returns the call's
 * status with its reply in *reply, ZX_ERR_TIMED_OUT, or ZXK_RESTART when a
 * Linux signal interrupted the wait (the call then stays registered,
 * suspended, for the restarted ioctl to resume).
 */
static zx_status_t zx_call_wait(struct zx_channel *ch, struct zx_call *c,
				s64 deadline, struct zx_msg **reply)
{
	struct zx_call *victim = NULL;
	bool timed_out = true;
	zx_status_t status;
	bool gc = false;
	LIST_HEAD(work);

	if (!zx_deadline_passed(deadline))
		timed_out = zx_wait_deadline_as(ZX_THREAD_STATE_BLOCKED_CHANNEL,
						zx_call_done, c, deadline);

	/* A reply may take endpoints out of the queue. */
	zx_channel_lock_gc(ch, &gc);
	if (c->status != ZX_CALL_WAITING || timed_out ||
	    fatal_signal_pending(current)) {
		status = zx_call_end(ch, c, reply);
	} else {
		victim = zx_call_suspend(ch, c);
		status = ZXK_RESTART;
	}
	zx_channel_unlock_gc(ch, gc);
	zx_gc_call_left(ch);
	if (victim) {
		zx_call_free(victim, &work);
		zx_msg_destroy_list(&work);
	}
	if (status != ZXK_RESTART) {
		put_pid(c->pid);
		kfree(c);
	}
	return status;
}

/*
 * zx_call_start(): registers a call on @ch, made by the ioctl @cmd with
 * argument @uarg, and sends its message @m through the handle @value
 * (identity @ident) of @t.  Consumes @m either way; the call, waiting for
 * its reply, goes in *@out.
 */
static zx_status_t zx_call_start(struct zx_table *t, zx_handle_t value,
				 const void *ident, struct zx_channel *ch,
				 struct zx_msg *m, unsigned int cmd,
				 unsigned long uarg, struct zx_call **out)
{
	struct zx_call *c;
	zx_status_t status;

	c = kzalloc(sizeof(*c), ZX_GFP);
	if (!c) {
		status = ZX_ERR_NO_MEMORY;
		goto destroy_msg;
	}
	c->pid = get_pid(task_pid(current));
	c->uarg = uarg;
	c->cmd = cmd;
	status = zx_call_begin(ch, c, m);
	if (status != ZX_OK) {
		put_pid(c->pid);
		kfree(c);
		goto destroy_msg;
	}
	status = zx_channel_send(ch, t, value, ident, m);
	if (status != ZX_OK) {
		spin_lock(&ch->lock);
		list_del(&c->node);
		spin_unlock(&ch->lock);
		zx_msg_destroy(c->reply);	/* none: the send failed */
		put_pid(c->pid);
		kfree(c);
		goto destroy_msg;
	}
	*out = c;
	return ZX_OK;

destroy_msg:
	zx_msg_destroy(m);
	return status;
}

/*
 * A restart after a Linux signal: the call @txid of this thread that the
 * ioctl @cmd with argument @uarg started on the handle @value of @t and
 * left suspended goes in *@c, its channel (referenced) in *@chp.  A token
 * naming no such call (dropped, or its end closed): ZX_ERR_CANCELED.
 */
static zx_status_t zx_call_resume(struct zx_table *t, zx_handle_t value,
				  unsigned int cmd, void __user *uarg,
				  zx_txid_t txid, struct zx_channel **chp,
				  struct zx_call **c)
{
	struct zx_object *obj;
	zx_status_t status;
	const void *ident;

	status = zx_handle_lookup_ident(t, value, &zx_channel_ops,
					ZX_RIGHT_READ | ZX_RIGHT_WRITE, &obj,
					NULL, &ident);
	if (status != ZX_OK)
		return status;
	*c = zx_call_find_suspended(zx_to_channel(obj), cmd, (unsigned long)uarg,
				    txid);
	if (!*c) {
		zx_object_put(obj);
		return ZX_ERR_CANCELED;
	}
	*chp = zx_to_channel(obj);
	return ZX_OK;
}

/*
 * Ends the call @txid that this thread's ioctl just suspended but cannot
 * leave a resume token for: its reply, if any, goes to *@reply.
 */
static void zx_call_abandon(struct zx_channel *ch, unsigned int cmd,
			    unsigned long uarg, zx_txid_t txid,
			    struct zx_msg **reply)
{
	struct zx_call *c = zx_call_find_suspended(ch, cmd, uarg, txid);

	/* A deadline in the past ends it at once (and frees it). */
	if (c)
		zx_call_wait(ch, c, 0, reply);
}

/*
 * The call @txid was suspended by a Linux signal: its transaction id goes
 * to the argument's resume field for the restarted ioctl.  If it cannot,
 * the call ends here (ZX_ERR_INVALID_ARGS).  ZXK_RESTART otherwise.
 */
static zx_status_t zx_call_suspend_token(struct zx_channel *ch,
					 zx_txid_t txid, unsigned int cmd,
					 void __user *uarg, zx_txid_t resume,
					 struct zx_msg **reply)
{
	struct zx_ioc_channel_call __user *ua = uarg;

	if (resume || !put_user(txid, &ua->resume))
		return ZXK_RESTART;
	zx_call_abandon(ch, cmd, (unsigned long)uarg, txid, reply);
	return ZX_ERR_INVALID_ARGS;
}

/*
 * Writes the request of a new call (@a, @ca) and registers the
 * call, in *@c, on its channel, in *@chp (referenced).  Consumes the
 * handles the request names in every case.
 */
static zx_status_t zx_call_send_request(struct zx_table *t,
					const struct zx_ioc_channel_call *a,
					const struct zx_call_args *ca,
					unsigned int cmd, void __user *uarg,
					struct zx_channel **chp,
					struct zx_call **c)
{
	const struct zx_write_req *r = &ca->wr;
	const void *ident;
	zx_status_t status;
	struct zx_msg *m;

	/*
	 * A NULL actual_bytes or actual_handles is found, as on Zircon,
	 * only when the reply is delivered (zx_call_reply_to_user()).
	 */
	if (a->resume) {
		zx_write_consume(t, r);
		return ZX_ERR_INVALID_ARGS;
	}
	status = zx_write_prepare(t, a->handle, ZX_RIGHT_READ | ZX_RIGHT_WRITE,
				  r, sizeof(zx_txid_t), &ident, chp, &m);
	if (status != ZX_OK)
		return status;
	status = zx_call_start(t, a->handle, ident, *chp, m, cmd,
			       (unsigned long)uarg, c);
	trace_zx_channel_write(&(*chp)->base, r->num_bytes, r->num_handles,
			       status);
	if (status != ZX_OK)
		zx_object_put(&(*chp)->base);
	return status;
}

/*
 * Delivers the @reply of a call to the buffers @ca names, and its sizes
 * where @ca says.  The reply is consumed on ZX_OK, still the caller's
 * otherwise.
 */
static zx_status_t zx_call_reply_to_user(struct zx_table *t,
					 struct zx_channel *ch,
					 struct zx_msg *reply,
					 const struct zx_call_args *ca)
{
	bool intact;

	if (reply->num_bytes > ca->rd_num_bytes ||
	    reply->num_handles > ca->rd_num_handles)
		return ZX_ERR_BUFFER_TOO_SMALL;
	/*
	 * Zircon stores the sizes first, each through its pointer, and
	 * fails at the first it cannot store: the reply (and so its
	 * handles) is then dropped by the caller.
	 */
	if (!ca->rd.actual_bytes)
		return ZX_ERR_INVALID_ARGS;
	if (!ca->rd.actual_handles) {
		(void)put_user(reply->num_bytes,
			       (u32 __user *)zx_uptr(ca->rd.actual_bytes));
		return ZX_ERR_INVALID_ARGS;
	}
	return zx_msg_to_user(t, ch, reply, &ca->rd, &intact);
}

/**
 * zx_ioctl_channel_call() - zx_channel_call() and zx_channel_call_etc()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_channel_call, copied in
 * @uarg: where it was copied from
 * @etc: the _etc form (its ioctl number matches a suspended call on
 *       restart)
 *
 * A Linux signal during the wait suspends the call: its transaction id
 * goes into the argument's resume field (0 in a new call) and the ioctl
 * asks to be restarted.  The restarted ioctl reads that token back and
 * resumes the wait of that very call; a new call (resume 0) never resumes
 * one, even from the same thread with the same argument address after a
 * handler longjmp()ed out of an earlier call.  When the call ends the
 * token is cleared.
 *
 * Return: a Zircon status, or ZXK_RESTART when a Linux signal interrupted
 * the wait (the call stays registered for the restarted ioctl).  A token
 * naming no suspended call of this thread (the call was dropped, or the
 * end closed) gives ZX_ERR_CANCELED; an argument the token cannot be
 * stored in ends the call with ZX_ERR_INVALID_ARGS.
 */
zx_status_t zx_ioctl_channel_call(struct zx_table *t, void *arg,
				  void __user *uarg, bool etc)
{
	unsigned int cmd = etc ? ZX_IOC_CHANNEL_CALL_ETC : ZX_IOC_CHANNEL_CALL;
	struct zx_ioc_channel_call __user *ua = uarg;
	struct zx_ioc_channel_call *a = arg;
	struct zx_msg *reply = NULL;
	struct zx_call_args ca;
	struct zx_channel *ch;
	zx_status_t status;
	struct zx_call *c;
	zx_txid_t txid;

	if (a->word_size != 4 && a->word_size != 8)
		return ZX_ERR_INVALID_ARGS;
	status = zx_call_args_get(a, etc, &ca);
	if (status != ZX_OK)
		return status;
	if (a->resume & ZX_TXID_KERNEL) {
		/* A restart after a Linux signal: the call the token names. */
		status = zx_call_resume(t, a->handle, cmd, uarg, a->resume, &ch,
					&c);
		if (status != ZX_OK)
			goto clear;
	} else {
		status = zx_call_send_request(t, a, &ca, cmd, uarg, &ch, &c);
		if (status != ZX_OK)
			return status;
	}
	/* The call may be gone once the wait returns; its id is not. */
	txid = c->txid;
	status = zx_call_wait(ch, c, a->deadline, &reply);
	if (status == ZXK_RESTART)
		status = zx_call_suspend_token(ch, txid, cmd, uarg, a->resume,
					       &reply);
	if (status == ZX_OK) {
		status = zx_call_reply_to_user(t, ch, reply, &ca);
		if (status == ZX_OK)
			reply = NULL;
	}
	zx_msg_destroy(reply);
	zx_object_put(&ch->base);
clear:
	/*
	 * The call is over: its argument is as it was before.  A fault is
	 * ignored (the reply may have reached user space already).
	 */
	if (a->resume && status != ZXK_RESTART)
		(void)put_user(0, &ua->resume);
	return status;
}
