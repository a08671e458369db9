// SPDX-License-Identifier: GPL-2.0
/*
 * zx_fuzz: Zircon statuses and the statuses each syscall may return.
 */
#include "fuzz.h"

/* ------------------------------------------------------- statuses */

static const struct {
	zx_status_t s;
	const char *name;
} zx_statuses[] = {
#define S(x) { x, #x }
	S(ZX_OK), S(ZX_ERR_INTERNAL), S(ZX_ERR_NOT_SUPPORTED),
	S(ZX_ERR_NO_RESOURCES), S(ZX_ERR_NO_MEMORY),
	S(ZX_ERR_INTERNAL_INTR_RETRY), S(ZX_ERR_INVALID_ARGS),
	S(ZX_ERR_BAD_HANDLE), S(ZX_ERR_WRONG_TYPE), S(ZX_ERR_BAD_SYSCALL),
	S(ZX_ERR_OUT_OF_RANGE), S(ZX_ERR_BUFFER_TOO_SMALL),
	S(ZX_ERR_BAD_STATE), S(ZX_ERR_TIMED_OUT), S(ZX_ERR_SHOULD_WAIT),
	S(ZX_ERR_CANCELED), S(ZX_ERR_PEER_CLOSED), S(ZX_ERR_NOT_FOUND),
	S(ZX_ERR_ALREADY_EXISTS), S(ZX_ERR_ALREADY_BOUND),
	S(ZX_ERR_UNAVAILABLE), S(ZX_ERR_ACCESS_DENIED), S(ZX_ERR_IO),
	S(ZX_ERR_IO_REFUSED), S(ZX_ERR_IO_DATA_INTEGRITY),
	S(ZX_ERR_IO_DATA_LOSS), S(ZX_ERR_IO_NOT_PRESENT),
	S(ZX_ERR_IO_OVERRUN), S(ZX_ERR_IO_MISSED_DEADLINE),
	S(ZX_ERR_IO_INVALID), S(ZX_ERR_BAD_PATH), S(ZX_ERR_NOT_DIR),
	S(ZX_ERR_NOT_FILE), S(ZX_ERR_FILE_BIG), S(ZX_ERR_NO_SPACE),
	S(ZX_ERR_NOT_EMPTY), S(ZX_ERR_STOP), S(ZX_ERR_NEXT), S(ZX_ERR_ASYNC),
	S(ZX_ERR_PROTOCOL_NOT_SUPPORTED), S(ZX_ERR_ADDRESS_UNREACHABLE),
	S(ZX_ERR_ADDRESS_IN_USE), S(ZX_ERR_NOT_CONNECTED),
	S(ZX_ERR_CONNECTION_REFUSED), S(ZX_ERR_CONNECTION_RESET),
	S(ZX_ERR_CONNECTION_ABORTED), S(ZX_ERR_INTERNAL_INTR_KILLED),
#undef S
};

#define N_ZX_STATUSES (sizeof(zx_statuses) / sizeof(zx_statuses[0]))

static bool is_zx_status(zx_status_t s)
{
	for (size_t i = 0; i < N_ZX_STATUSES; i++)
		if (zx_statuses[i].s == s)
			return true;
	return false;
}

/* Counter slot: -status for 0..99, 100 for INTR_KILLED, 101 otherwise. */
int status_slot(zx_status_t s)
{
	if (s <= 0 && s > -100)
		return -s;
	if (s == ZX_ERR_INTERNAL_INTR_KILLED)
		return 100;
	return 101;
}

const char *slot_name(int slot)
{
	zx_status_t s = slot < 100 ? -slot : ZX_ERR_INTERNAL_INTR_KILLED;

	if (slot > 100)
		return "(not a Zircon status)";
	for (size_t i = 0; i < N_ZX_STATUSES; i++)
		if (zx_statuses[i].s == s)
			return zx_statuses[i].name;
	return "(not a Zircon status)";
}

/*
 * The statuses each request may return: the ERRORS section of its Zircon
 * page, plus ZX_ERR_NO_MEMORY everywhere, ZX_ERR_NO_RESOURCES where a
 * handle is made (max_handles), and the differences Documentation/
 * zircon.rst documents (e.g. SHOULD_WAIT for a full channel).
 */
#define B(s)	(1ULL << (-(s)))

static uint64_t allowed_mask(unsigned int nr)
{
	const uint64_t base = B(ZX_OK) | B(ZX_ERR_NO_MEMORY);
	const uint64_t info = B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
			      B(ZX_ERR_BUFFER_TOO_SMALL) |
			      B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NOT_SUPPORTED) |
			      B(ZX_ERR_WRONG_TYPE);
	const uint64_t write = B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
			       B(ZX_ERR_INVALID_ARGS) |
			       B(ZX_ERR_NOT_SUPPORTED) |
			       B(ZX_ERR_OUT_OF_RANGE) | B(ZX_ERR_PEER_CLOSED) |
			       B(ZX_ERR_WRONG_TYPE) | B(ZX_ERR_SHOULD_WAIT);
	const uint64_t read = B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
			      B(ZX_ERR_BUFFER_TOO_SMALL) |
			      B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_PEER_CLOSED) |
			      B(ZX_ERR_SHOULD_WAIT) | B(ZX_ERR_WRONG_TYPE) |
			      B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_NO_RESOURCES);

	switch (nr) {
	case 0x00:	/* version */
		return base | B(ZX_ERR_INVALID_ARGS);
	case 0x01:	/* handle_close */
		return base | B(ZX_ERR_BAD_HANDLE);
	case 0x02:	/* handle_close_many */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_INVALID_ARGS);
	case 0x03:	/* handle_duplicate */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x04:	/* handle_replace */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x05:	/* object_get_info; BAD_STATE: a task's stats once it
			 * exited, CANCELED: a statistics walk or a VMO's
			 * attribution interrupted by a fatal signal */
		return base | info | B(ZX_ERR_BAD_STATE) | B(ZX_ERR_CANCELED);
	case 0x06:	/* object_get_property */
		return base | info;
	case 0x07:	/* object_set_property; PEER_CLOSED: a socket's TX */
		return base | info | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_PEER_CLOSED);
	case 0x08:	/* object_signal */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS);
	case 0x09:	/* object_signal_peer */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NOT_SUPPORTED) |
		       B(ZX_ERR_PEER_CLOSED);
	case 0x0a:	/* object_wait_one */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_CANCELED) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_TIMED_OUT);
	case 0x0b:	/* handle_check_valid */
		return base | B(ZX_ERR_BAD_HANDLE);
	case 0x0c:	/* object_wait_many */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_CANCELED) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_TIMED_OUT);
	case 0x10:	/* event_create */
	case 0x40:	/* channel_create */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x11:	/* eventpair_create */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NOT_SUPPORTED) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x20:	/* zx_linux_handle_to_fd */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_ACCESS_DENIED) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x21:	/* zx_linux_fd_to_handle */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x30:	/* vmo_create */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_NO_RESOURCES);
	case 0x31:	/* vmo_read */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_IO) | B(ZX_ERR_IO_DATA_INTEGRITY) |
		       B(ZX_ERR_NOT_FOUND) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_WRONG_TYPE);
	case 0x32:	/* vmo_write */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NOT_FOUND) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_WRONG_TYPE);
	case 0x33:	/* vmo_get_size */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_WRONG_TYPE);
	case 0x34:	/* vmo_set_size */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_UNAVAILABLE) | B(ZX_ERR_WRONG_TYPE);
	case 0x35:	/* vmo_op_range */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_IO) | B(ZX_ERR_IO_DATA_INTEGRITY) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_UNAVAILABLE) | B(ZX_ERR_WRONG_TYPE);
	case 0x36:	/* vmo_create_child */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_WRONG_TYPE) | B(ZX_ERR_NO_RESOURCES);
	case 0x37:	/* vmo_set_cache_policy */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_WRONG_TYPE);
	case 0x38:	/* vmo_replace_as_executable */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x39:	/* vmar_root_self */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_BAD_STATE) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x3a:	/* vmar_map */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_NOT_SUPPORTED) |
		       B(ZX_ERR_NO_RESOURCES) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_ALREADY_EXISTS);
	case 0x3b:	/* vmar_unmap */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_BAD_STATE) |
		       B(ZX_ERR_NOT_FOUND) | B(ZX_ERR_NOT_SUPPORTED);
	case 0x3c:	/* vmar_protect */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_ACCESS_DENIED) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_NOT_FOUND) |
		       B(ZX_ERR_NOT_SUPPORTED);
	case 0x3f:	/* vmar_allocate */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_NOT_SUPPORTED) |
		       B(ZX_ERR_NO_RESOURCES) | B(ZX_ERR_ALREADY_EXISTS);
	case 0x9e:	/* vmar_destroy */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NOT_SUPPORTED);
	case 0x9f:	/* vmar_op_range */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_NOT_SUPPORTED) |
		       B(ZX_ERR_OUT_OF_RANGE);
	case 0x3d:	/* vmo_get_stream_size */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_WRONG_TYPE);
	case 0x3e:	/* vmo_set_stream_size */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_WRONG_TYPE);
	case 0x41:	/* channel_write */
	case 0x42:	/* channel_write_etc */
		return base | write;
	case 0x43:	/* channel_read */
	case 0x44:	/* channel_read_etc */
		return base | read;
	case 0x45:	/* channel_call */
	case 0x46:	/* channel_call_etc */
		return base | write | read | B(ZX_ERR_CANCELED) |
		       B(ZX_ERR_TIMED_OUT);
	case 0x50:	/* port_create */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NOT_SUPPORTED) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x51:	/* port_queue: SHOULD_WAIT at max_port_packets */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_SHOULD_WAIT) | B(ZX_ERR_NO_RESOURCES);
	case 0x52:	/* port_wait */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_TIMED_OUT);
	case 0x53:	/* port_cancel */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_NOT_FOUND);
	case 0x54:	/* port_cancel_key */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_NOT_FOUND);
	case 0x55:	/* object_wait_async: the per-user quota */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_NO_RESOURCES);
	case 0x56:	/* zx_linux_port_fd */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x58:	/* timer_create */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x59:	/* timer_set */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_WRONG_TYPE) | B(ZX_ERR_OUT_OF_RANGE);
	case 0x5a:	/* timer_cancel */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_WRONG_TYPE);
	case 0x68:	/* fifo_create: the byte quota */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x69:	/* fifo_write */
	case 0x6a:	/* fifo_read */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_OUT_OF_RANGE) | B(ZX_ERR_SHOULD_WAIT) |
		       B(ZX_ERR_PEER_CLOSED);
	case 0x70:	/* stream_create */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x71:	/* stream_readv */
	case 0x72:	/* stream_readv_at */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_NOT_FOUND) | B(ZX_ERR_BAD_STATE);
	case 0x73:	/* stream_writev (and FILE_BIG, NO_SPACE: below) */
	case 0x74:	/* stream_writev_at */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_NOT_FOUND) | B(ZX_ERR_BAD_STATE) |
		       B(ZX_ERR_OUT_OF_RANGE);
	case 0x75:	/* stream_seek */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE);
	case 0x60:	/* socket_create */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x61:	/* socket_write: the per-user quota */
	case 0x62:	/* socket_read */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_SHOULD_WAIT) | B(ZX_ERR_PEER_CLOSED) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x63:	/* socket_set_disposition */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_BAD_STATE);
	case 0xff:	/* zx_cache_flush: libzx only, no ioctl */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NOT_SUPPORTED);
	case 0x80:	/* process_self */
	case 0x81:	/* thread_self */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x82:	/* task_kill: a thread is NOT_SUPPORTED */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_WRONG_TYPE) | B(ZX_ERR_NOT_SUPPORTED);
	case 0x83:	/* zx_linux_process_child */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NOT_FOUND) |
		       B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_STATE) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x84:	/* job_default */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x85:	/* job_create */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_WRONG_TYPE) | B(ZX_ERR_ACCESS_DENIED) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x86:	/* object_get_child */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_WRONG_TYPE) | B(ZX_ERR_ACCESS_DENIED) |
		       B(ZX_ERR_NOT_FOUND) | B(ZX_ERR_NO_RESOURCES);
	case 0x87:	/* process_read/write_memory and their request */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_WRONG_TYPE) | B(ZX_ERR_ACCESS_DENIED) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_NOT_FOUND) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_NO_RESOURCES);
	}
	return 0;
}


/*
 * Counts @s and fails the worker if the request @nr may not return it.
 * Through the raw ABI (@raw) any request may also answer INVALID_ARGS: its
 * argument struct was unreadable or had a reserved field set.
 */
void check_status(unsigned int nr, zx_status_t s, const char *what,
		  bool raw)
{
	uint64_t allowed = allowed_mask(nr) | (raw ? B(ZX_ERR_INVALID_ARGS) : 0);

	count(&g_ps->status[status_slot(s)]);
	/* Stream writes: statuses past bit 63 of the masks. */
	if ((nr == 0x73 || nr == 0x74) &&
	    (s == ZX_ERR_FILE_BIG || s == ZX_ERR_NO_SPACE))
		return;
	if (!is_zx_status(s)) {
		worker_fail("%s (%s) returned %d, which is not a Zircon status",
			    what, nr_name(nr), s);
	} else if (s > 0 || -s >= 64 || !(allowed & B(s))) {
		worker_fail("%s (%s) returned %s, which is not among the "
			    "statuses it is documented to return", what,
			    nr_name(nr), slot_name(status_slot(s)));
	}
}
