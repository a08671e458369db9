// SPDX-License-Identifier: GPL-2.0
/*
 * zx_fuzz: the ioctl mode's request table, handle pool and argument
 * structs.
 */
#include "ioctl.h"

/* ====================================================== ioctl mode */

#define NL	0xff
#define FLD(S, M, K, A, LNK) \
	{ offsetof(struct S, M), sizeof(((struct S *)0)->M), K, LNK, A }

#define D(CMD, S, ...) \
	{ CMD, #CMD, sizeof(struct S), \
	  sizeof((struct ifield[]){ __VA_ARGS__ }) / sizeof(struct ifield), \
	  { __VA_ARGS__ } }

/*
 * Requests that share an argument struct differ in one or two fields: the
 * struct's field list once, with those as parameters.
 */
#define F_STREAM_IO(KWRITES) \
	FLD(zx_ioc_stream_io, handle, K_HANDLE, ZX_OBJ_TYPE_STREAM, NL), \
	FLD(zx_ioc_stream_io, options, K_OPTS, ZX_STREAM_APPEND, NL), \
	FLD(zx_ioc_stream_io, offset, K_OFF, 0, NL), \
	FLD(zx_ioc_stream_io, vector, K_SIOV, KWRITES, 4), \
	FLD(zx_ioc_stream_io, num_vector, K_COUNT, 0, NL), \
	FLD(zx_ioc_stream_io, actual, K_OUTNULL, 8, NL), \
	FLD(zx_ioc_stream_io, word_size, K_PSIZE, 0, NL), \
	FLD(zx_ioc_stream_io, reserved, K_RSVD, 0, NL)
#define F_DUP(TYPE, RIGHTS) \
	FLD(zx_ioc_handle_dup, handle, K_HANDLE, TYPE, NL), \
	FLD(zx_ioc_handle_dup, rights, RIGHTS, 0, NL), \
	FLD(zx_ioc_handle_dup, out, K_OUT, 4, NL)
#define F_PROPERTY(VALUE) \
	FLD(zx_ioc_object_property, handle, K_HANDLE, 0, NL), \
	FLD(zx_ioc_object_property, property, K_PROP, 0, NL), \
	FLD(zx_ioc_object_property, value, VALUE, 32, 3), \
	FLD(zx_ioc_object_property, value_size, K_LEN, 0, NL)
#define F_SIGNAL(TYPE) \
	FLD(zx_ioc_object_signal, handle, K_HANDLE, TYPE, NL), \
	FLD(zx_ioc_object_signal, clear_mask, K_SIG, 0, NL), \
	FLD(zx_ioc_object_signal, set_mask, K_SIG, 0, NL), \
	FLD(zx_ioc_object_signal, reserved, K_RSVD, 0, NL)
#define F_CREATE(OUT1) \
	FLD(zx_ioc_create, options, K_OPTS, 0, NL), \
	FLD(zx_ioc_create, reserved, K_RSVD, 0, NL), \
	FLD(zx_ioc_create, out0, K_OUT, 4, NL), \
	FLD(zx_ioc_create, out1, OUT1, 4, NL)
/* buffer's length is field 3 (size). */
#define F_SOCKET_RW(BUFFER, OPTS) \
	FLD(zx_ioc_socket_rw, handle, K_HANDLE, ZX_OBJ_TYPE_SOCKET, NL), \
	FLD(zx_ioc_socket_rw, options, K_OPTS, OPTS, NL), \
	FLD(zx_ioc_socket_rw, buffer, BUFFER, 512, 3), \
	FLD(zx_ioc_socket_rw, size, K_LEN, 0, NL), \
	FLD(zx_ioc_socket_rw, actual, K_OUTNULL, 8, NL), \
	FLD(zx_ioc_socket_rw, word_size, K_CSIZE, 0, NL), \
	FLD(zx_ioc_socket_rw, reserved, K_RSVD, 0, NL)
#define F_VMO_RW(BUFFER) \
	FLD(zx_ioc_vmo_rw, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL), \
	FLD(zx_ioc_vmo_rw, reserved, K_RSVD, 0, NL), \
	FLD(zx_ioc_vmo_rw, buffer, BUFFER, 8192, 4), \
	FLD(zx_ioc_vmo_rw, offset, K_OFF, 0, NL), \
	FLD(zx_ioc_vmo_rw, length, K_LEN, 0, NL)
/* data's length is count (field 4) elements. */
#define F_FIFO_RW(DATA) \
	FLD(zx_ioc_fifo_rw, handle, K_HANDLE, ZX_OBJ_TYPE_FIFO, NL), \
	FLD(zx_ioc_fifo_rw, word_size, K_PSIZE, 0, NL), \
	FLD(zx_ioc_fifo_rw, elem_size, K_LEN, 0, NL), \
	FLD(zx_ioc_fifo_rw, data, DATA, 256, 4), \
	FLD(zx_ioc_fifo_rw, count, K_LEN, 16, NL), \
	FLD(zx_ioc_fifo_rw, actual, K_OUTNULL, 8, NL)
#define F_VMO_SIZE(VALUE, AUX) \
	FLD(zx_ioc_vmo_size, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL), \
	FLD(zx_ioc_vmo_size, reserved, K_RSVD, 0, NL), \
	FLD(zx_ioc_vmo_size, value, VALUE, AUX, NL)
#define F_VMAR_RANGE(WHICH) \
	FLD(zx_ioc_vmar_range, vmar, K_HANDLE, ZX_OBJ_TYPE_VMAR, NL), \
	FLD(zx_ioc_vmar_range, options, K_VMOPTS, WHICH, NL), \
	FLD(zx_ioc_vmar_range, addr, K_ADDR, 0, NL), \
	FLD(zx_ioc_vmar_range, len, K_LEN, 0, NL)
#define F_CHAN_WRITE(DISPOSITIONS) \
	FLD(zx_ioc_channel_write, handle, K_HANDLE, ZX_OBJ_TYPE_CHANNEL, NL), \
	FLD(zx_ioc_channel_write, options, K_OPTS, \
	    ZX_CHANNEL_WRITE_USE_IOVEC, NL), \
	FLD(zx_ioc_channel_write, bytes, K_BYTES, 0, 4), \
	FLD(zx_ioc_channel_write, handles, K_HARR, DISPOSITIONS, 5), \
	FLD(zx_ioc_channel_write, num_bytes, K_COUNT, 0, NL), \
	FLD(zx_ioc_channel_write, num_handles, K_COUNT, 0, NL), \
	FLD(zx_ioc_channel_write, ptr_size, K_PSIZE, 0, NL), \
	FLD(zx_ioc_channel_write, reserved, K_RSVD, 0, NL)
#define F_CHAN_READ(HANDLES_BYTES, NUM_HANDLES) \
	FLD(zx_ioc_channel_read, handle, K_HANDLE, ZX_OBJ_TYPE_CHANNEL, NL), \
	FLD(zx_ioc_channel_read, options, K_OPTS, \
	    ZX_CHANNEL_READ_MAY_DISCARD, NL), \
	FLD(zx_ioc_channel_read, bytes, K_OUT, 4096, 4), \
	FLD(zx_ioc_channel_read, handles, K_OUT, HANDLES_BYTES, 5), \
	FLD(zx_ioc_channel_read, num_bytes, K_LEN, 0, NL), \
	FLD(zx_ioc_channel_read, num_handles, K_LEN, NUM_HANDLES, NL), \
	FLD(zx_ioc_channel_read, actual_bytes, K_OUTNULL, 4, NL), \
	FLD(zx_ioc_channel_read, actual_handles, K_OUTNULL, 4, NL)
#define F_CHAN_CALL(ETC) \
	FLD(zx_ioc_channel_call, handle, K_HANDLE, ZX_OBJ_TYPE_CHANNEL, NL), \
	FLD(zx_ioc_channel_call, options, K_OPTS, \
	    ZX_CHANNEL_WRITE_USE_IOVEC, NL), \
	FLD(zx_ioc_channel_call, deadline, K_DEADLINE, 0, NL), \
	FLD(zx_ioc_channel_call, args, K_CARGS, ETC, NL), \
	FLD(zx_ioc_channel_call, actual_bytes, K_OUT, 4, NL), \
	FLD(zx_ioc_channel_call, actual_handles, K_OUT, 4, NL), \
	FLD(zx_ioc_channel_call, ptr_size, K_PSIZE, 0, NL), \
	FLD(zx_ioc_channel_call, reserved, K_RSVD, 0, NL)

const struct idesc idescs[] = {
	D(ZX_IOC_VERSION, zx_ioc_version,
	  FLD(zx_ioc_version, major, K_VAL32, 0, NL),
	  FLD(zx_ioc_version, minor, K_VAL32, 0, NL),
	  FLD(zx_ioc_version, features, K_VAL64, 0, NL)),
	{ ZX_IOC_HANDLE_CLOSE, "ZX_IOC_HANDLE_CLOSE", 0, 0, { { 0 } } },
	D(ZX_IOC_HANDLE_CLOSE_MANY, zx_ioc_handle_close_many,
	  FLD(zx_ioc_handle_close_many, handles, K_CLOSEARR, 0, 1),
	  FLD(zx_ioc_handle_close_many, num_handles, K_COUNT, 0, NL)),
	D(ZX_IOC_HANDLE_DUPLICATE, zx_ioc_handle_dup,
	  F_DUP(0, K_RIGHTS)),
	D(ZX_IOC_HANDLE_REPLACE, zx_ioc_handle_dup,
	  F_DUP(0, K_RIGHTS)),
	D(ZX_IOC_OBJECT_GET_INFO, zx_ioc_object_get_info,
	  FLD(zx_ioc_object_get_info, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_object_get_info, topic, K_TOPIC, 0, NL),
	  FLD(zx_ioc_object_get_info, buffer, K_OUTNULL, 256, 3),
	  FLD(zx_ioc_object_get_info, buffer_size, K_LEN, 0, NL),
	  FLD(zx_ioc_object_get_info, actual, K_OUTNULL, 8, NL),
	  FLD(zx_ioc_object_get_info, avail, K_OUTNULL, 8, NL),
	  FLD(zx_ioc_object_get_info, count_size, K_CSIZE, 0, NL),
	  FLD(zx_ioc_object_get_info, reserved, K_RSVD, 0, NL)),
	D(ZX_IOC_OBJECT_GET_PROPERTY, zx_ioc_object_property,
	  F_PROPERTY(K_OUT)),
	D(ZX_IOC_OBJECT_SET_PROPERTY, zx_ioc_object_property,
	  F_PROPERTY(K_IN)),
	D(ZX_IOC_OBJECT_SIGNAL, zx_ioc_object_signal,
	  F_SIGNAL(0)),
	D(ZX_IOC_OBJECT_SIGNAL_PEER, zx_ioc_object_signal,
	  F_SIGNAL(ZX_OBJ_TYPE_EVENTPAIR)),
	D(ZX_IOC_OBJECT_WAIT_ONE, zx_ioc_object_wait_one,
	  FLD(zx_ioc_object_wait_one, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_object_wait_one, signals, K_SIG, 0, NL),
	  FLD(zx_ioc_object_wait_one, deadline, K_DEADLINE, 0, NL),
	  FLD(zx_ioc_object_wait_one, observed, K_OUTNULL, 4, NL)),
	/* The argument is the handle value (see ioctl_op()). */
	{ ZX_IOC_HANDLE_CHECK_VALID, "ZX_IOC_HANDLE_CHECK_VALID", 0, 0,
	  { { 0 } } },
	D(ZX_IOC_OBJECT_WAIT_MANY, zx_ioc_object_wait_many,
	  FLD(zx_ioc_object_wait_many, items, K_WAITARR, 0, 1),
	  FLD(zx_ioc_object_wait_many, num_items, K_COUNT, 0, NL),
	  FLD(zx_ioc_object_wait_many, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_object_wait_many, deadline, K_DEADLINE, 0, NL)),
	D(ZX_IOC_EVENT_CREATE, zx_ioc_create,
	  F_CREATE(K_OUTNULL)),
	D(ZX_IOC_EVENTPAIR_CREATE, zx_ioc_create,
	  F_CREATE(K_OUT)),
	D(ZX_IOC_HANDLE_TO_FD, zx_ioc_handle_to_fd,
	  FLD(zx_ioc_handle_to_fd, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_handle_to_fd, flags, K_OPTS, ZX_FD_CLOEXEC, NL),
	  FLD(zx_ioc_handle_to_fd, out_fd, K_OUT, 4, NL)),
	D(ZX_IOC_FD_TO_HANDLE, zx_ioc_fd_to_handle,
	  FLD(zx_ioc_fd_to_handle, fd, K_FD, 0, NL),
	  FLD(zx_ioc_fd_to_handle, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_fd_to_handle, out, K_OUT, 4, NL)),
	D(ZX_IOC_VMO_CREATE, zx_ioc_vmo_create,
	  FLD(zx_ioc_vmo_create, size, K_VMOSIZE, 0, NL),
	  FLD(zx_ioc_vmo_create, options, K_OPTS,
	      ZX_VMO_RESIZABLE | ZX_VMO_DISCARDABLE | ZX_VMO_TRAP_DIRTY |
	      ZX_VMO_UNBOUNDED, NL),
	  FLD(zx_ioc_vmo_create, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_vmo_create, out, K_OUT, 4, NL)),
	D(ZX_IOC_VMO_READ, zx_ioc_vmo_rw,
	  F_VMO_RW(K_OUT)),
	D(ZX_IOC_VMO_WRITE, zx_ioc_vmo_rw,
	  F_VMO_RW(K_IN)),
	D(ZX_IOC_VMO_GET_SIZE, zx_ioc_vmo_size,
	  F_VMO_SIZE(K_OUT, 8)),
	D(ZX_IOC_VMO_SET_SIZE, zx_ioc_vmo_size,
	  F_VMO_SIZE(K_VMOSIZE, 0)),
	D(ZX_IOC_VMO_GET_STREAM_SIZE, zx_ioc_vmo_size,
	  F_VMO_SIZE(K_OUT, 8)),
	D(ZX_IOC_VMO_SET_STREAM_SIZE, zx_ioc_vmo_size,
	  F_VMO_SIZE(K_VMOSIZE, 0)),
	D(ZX_IOC_VMO_OP_RANGE, zx_ioc_vmo_op_range,
	  FLD(zx_ioc_vmo_op_range, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmo_op_range, op, K_VMOOP, 0, NL),
	  FLD(zx_ioc_vmo_op_range, offset, K_OFF, 0, NL),
	  FLD(zx_ioc_vmo_op_range, size, K_LEN, 0, NL),
	  FLD(zx_ioc_vmo_op_range, buffer, K_OUTNULL, 16, 5),
	  FLD(zx_ioc_vmo_op_range, buffer_size, K_LEN, 0, NL)),
	D(ZX_IOC_VMO_CREATE_CHILD, zx_ioc_vmo_create_child,
	  FLD(zx_ioc_vmo_create_child, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmo_create_child, options, K_OPTS,
	      ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE |
	      ZX_VMO_CHILD_SLICE | ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE |
	      ZX_VMO_CHILD_NO_WRITE | ZX_VMO_CHILD_REFERENCE |
	      ZX_VMO_CHILD_SNAPSHOT_MODIFIED, NL),
	  FLD(zx_ioc_vmo_create_child, offset, K_OFF, 0, NL),
	  FLD(zx_ioc_vmo_create_child, size, K_VMOSIZE, 0, NL),
	  FLD(zx_ioc_vmo_create_child, out, K_OUT, 4, NL)),
	D(ZX_IOC_VMO_SET_CACHE_POLICY, zx_ioc_vmo_cache_policy,
	  FLD(zx_ioc_vmo_cache_policy, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmo_cache_policy, policy, K_POLICY, 0, NL)),
	D(ZX_IOC_VMO_REPLACE_AS_EXECUTABLE, zx_ioc_handle_dup,
	  F_DUP(ZX_OBJ_TYPE_VMO, K_VMEX)),
	D(ZX_IOC_VMAR_ROOT, zx_ioc_vmar_root,
	  FLD(zx_ioc_vmar_root, out, K_OUT, 4, NL)),
	D(ZX_IOC_VMAR_MAP, zx_ioc_vmar_map,
	  FLD(zx_ioc_vmar_map, vmar, K_HANDLE, ZX_OBJ_TYPE_VMAR, NL),
	  FLD(zx_ioc_vmar_map, options, K_VMOPTS, 0, NL),
	  FLD(zx_ioc_vmar_map, vmar_offset, K_VMAROFF, 0, NL),
	  FLD(zx_ioc_vmar_map, vmo, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmar_map, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_vmar_map, vmo_offset, K_OFF, 0, NL),
	  FLD(zx_ioc_vmar_map, len, K_LEN, 0, NL),
	  FLD(zx_ioc_vmar_map, out, K_OUT, 8, NL)),
	D(ZX_IOC_VMAR_UNMAP, zx_ioc_vmar_range,
	  F_VMAR_RANGE(2)),
	D(ZX_IOC_VMAR_PROTECT, zx_ioc_vmar_range,
	  F_VMAR_RANGE(1)),
	D(ZX_IOC_VMAR_ALLOCATE, zx_ioc_vmar_allocate,
	  FLD(zx_ioc_vmar_allocate, parent, K_HANDLE, ZX_OBJ_TYPE_VMAR, NL),
	  FLD(zx_ioc_vmar_allocate, options, K_OPTS,
	      ZX_VM_CAN_MAP_READ | ZX_VM_CAN_MAP_WRITE |
	      ZX_VM_CAN_MAP_EXECUTE | ZX_VM_CAN_MAP_SPECIFIC |
	      ZX_VM_SPECIFIC | ZX_VM_COMPACT | ZX_VM_OFFSET_IS_UPPER_LIMIT |
	      ZX_VM_ALIGN_64KB, NL),
	  FLD(zx_ioc_vmar_allocate, offset, K_VMAROFF, 0, NL),
	  FLD(zx_ioc_vmar_allocate, size, K_LEN, 0, NL),
	  FLD(zx_ioc_vmar_allocate, out_vmar, K_OUT, 4, NL),
	  FLD(zx_ioc_vmar_allocate, out_addr, K_OUT, 8, NL)),
	D(ZX_IOC_VMAR_DESTROY, zx_ioc_vmar_destroy,
	  FLD(zx_ioc_vmar_destroy, vmar, K_HANDLE, ZX_OBJ_TYPE_VMAR, NL),
	  FLD(zx_ioc_vmar_destroy, reserved, K_RSVD, 0, NL)),
	D(ZX_IOC_VMAR_OP_RANGE, zx_ioc_vmo_op_range,
	  FLD(zx_ioc_vmo_op_range, handle, K_HANDLE, ZX_OBJ_TYPE_VMAR, NL),
	  FLD(zx_ioc_vmo_op_range, op, K_VMOOP, 0, NL),
	  FLD(zx_ioc_vmo_op_range, offset, K_ADDR, 0, NL),
	  FLD(zx_ioc_vmo_op_range, size, K_LEN, 0, NL),
	  FLD(zx_ioc_vmo_op_range, buffer, K_OUTNULL, 16, 5),
	  FLD(zx_ioc_vmo_op_range, buffer_size, K_LEN, 0, NL)),
	D(ZX_IOC_CHANNEL_CREATE, zx_ioc_create,
	  F_CREATE(K_OUT)),
	D(ZX_IOC_CHANNEL_WRITE, zx_ioc_channel_write,
	  F_CHAN_WRITE(0)),
	D(ZX_IOC_CHANNEL_WRITE_ETC, zx_ioc_channel_write,
	  F_CHAN_WRITE(1)),
	D(ZX_IOC_CHANNEL_READ, zx_ioc_channel_read,
	  F_CHAN_READ(256, 4)),
	D(ZX_IOC_CHANNEL_READ_ETC, zx_ioc_channel_read,
	  F_CHAN_READ(1024, 16)),
	D(ZX_IOC_CHANNEL_CALL, zx_ioc_channel_call,
	  F_CHAN_CALL(0)),
	D(ZX_IOC_CHANNEL_CALL_ETC, zx_ioc_channel_call,
	  F_CHAN_CALL(1)),
	D(ZX_IOC_PORT_CREATE, zx_ioc_create,
	  FLD(zx_ioc_create, options, K_OPTS, ZX_PORT_BIND_TO_INTERRUPT, NL),
	  FLD(zx_ioc_create, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_create, out0, K_OUT, 4, NL),
	  FLD(zx_ioc_create, out1, K_OUTNULL, 4, NL)),
	D(ZX_IOC_PORT_QUEUE, zx_ioc_port_queue,
	  FLD(zx_ioc_port_queue, handle, K_HANDLE, ZX_OBJ_TYPE_PORT, NL),
	  FLD(zx_ioc_port_queue, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_port_queue, packet, K_IN, sizeof(zx_port_packet_t), NL)),
	D(ZX_IOC_PORT_WAIT, zx_ioc_port_wait,
	  FLD(zx_ioc_port_wait, handle, K_HANDLE, ZX_OBJ_TYPE_PORT, NL),
	  FLD(zx_ioc_port_wait, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_port_wait, deadline, K_DEADLINE, 0, NL),
	  FLD(zx_ioc_port_wait, packet, K_OUTNULL, sizeof(zx_port_packet_t),
	      NL)),
	D(ZX_IOC_PORT_CANCEL, zx_ioc_port_cancel,
	  FLD(zx_ioc_port_cancel, handle, K_HANDLE, ZX_OBJ_TYPE_PORT, NL),
	  FLD(zx_ioc_port_cancel, source, K_HANDLE, 0, NL),
	  FLD(zx_ioc_port_cancel, key, K_KEY, 0, NL)),
	D(ZX_IOC_PORT_CANCEL_KEY, zx_ioc_port_cancel_key,
	  FLD(zx_ioc_port_cancel_key, handle, K_HANDLE, ZX_OBJ_TYPE_PORT, NL),
	  FLD(zx_ioc_port_cancel_key, options, K_OPTS, 0, NL),
	  FLD(zx_ioc_port_cancel_key, key, K_KEY, 0, NL)),
	D(ZX_IOC_OBJECT_WAIT_ASYNC, zx_ioc_object_wait_async,
	  FLD(zx_ioc_object_wait_async, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_object_wait_async, port, K_HANDLE, ZX_OBJ_TYPE_PORT, NL),
	  FLD(zx_ioc_object_wait_async, key, K_KEY, 0, NL),
	  FLD(zx_ioc_object_wait_async, signals, K_SIG, 0, NL),
	  FLD(zx_ioc_object_wait_async, options, K_OPTS,
	      ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_EDGE |
	      ZX_WAIT_ASYNC_BOOT_TIMESTAMP, NL)),
	D(ZX_IOC_PORT_FD, zx_ioc_port_fd,
	  FLD(zx_ioc_port_fd, handle, K_HANDLE, ZX_OBJ_TYPE_PORT, NL),
	  FLD(zx_ioc_port_fd, flags, K_OPTS, ZX_LINUX_FD_CLOEXEC, NL),
	  FLD(zx_ioc_port_fd, out_fd, K_OUT, 4, NL)),
	D(ZX_IOC_TIMER_CREATE, zx_ioc_timer_create,
	  FLD(zx_ioc_timer_create, options, K_OPTS, 3, NL),
	  FLD(zx_ioc_timer_create, clock_id, K_CLOCK, 0, NL),
	  FLD(zx_ioc_timer_create, out, K_OUT, 4, NL)),
	D(ZX_IOC_TIMER_SET, zx_ioc_timer_set,
	  FLD(zx_ioc_timer_set, handle, K_HANDLE, ZX_OBJ_TYPE_TIMER, NL),
	  FLD(zx_ioc_timer_set, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_timer_set, deadline, K_DEADLINE, 0, NL),
	  FLD(zx_ioc_timer_set, slack, K_SLACK, 0, NL)),
	/* The argument is the handle value (see ioctl_op()). */
	{ ZX_IOC_TIMER_CANCEL, "ZX_IOC_TIMER_CANCEL", 0, 0, { { 0 } } },
	D(ZX_IOC_FIFO_CREATE, zx_ioc_fifo_create,
	  FLD(zx_ioc_fifo_create, elem_count, K_LEN, 0, NL),
	  FLD(zx_ioc_fifo_create, elem_size, K_LEN, 0, NL),
	  FLD(zx_ioc_fifo_create, options, K_OPTS, 0, NL),
	  FLD(zx_ioc_fifo_create, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_fifo_create, out0, K_OUT, 4, NL),
	  FLD(zx_ioc_fifo_create, out1, K_OUT, 4, NL)),
	D(ZX_IOC_FIFO_WRITE, zx_ioc_fifo_rw,
	  F_FIFO_RW(K_IN)),
	D(ZX_IOC_FIFO_READ, zx_ioc_fifo_rw,
	  F_FIFO_RW(K_OUT)),
	D(ZX_IOC_STREAM_CREATE, zx_ioc_stream_create,
	  FLD(zx_ioc_stream_create, options, K_OPTS, 7, NL),
	  FLD(zx_ioc_stream_create, vmo, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_stream_create, seek, K_OFF, 0, NL),
	  FLD(zx_ioc_stream_create, out, K_OUT, 4, NL)),
	D(ZX_IOC_STREAM_READV, zx_ioc_stream_io, F_STREAM_IO(1)),
	D(ZX_IOC_STREAM_READV_AT, zx_ioc_stream_io, F_STREAM_IO(1)),
	D(ZX_IOC_STREAM_WRITEV, zx_ioc_stream_io, F_STREAM_IO(0)),
	D(ZX_IOC_STREAM_WRITEV_AT, zx_ioc_stream_io, F_STREAM_IO(0)),
	D(ZX_IOC_STREAM_SEEK, zx_ioc_stream_seek,
	  FLD(zx_ioc_stream_seek, handle, K_HANDLE, ZX_OBJ_TYPE_STREAM, NL),
	  FLD(zx_ioc_stream_seek, whence, K_OPTS, 3, NL),
	  FLD(zx_ioc_stream_seek, offset, K_OFF, 0, NL),
	  FLD(zx_ioc_stream_seek, out_seek, K_OUTNULL, 8, NL)),
	D(ZX_IOC_SOCKET_CREATE, zx_ioc_create,
	  FLD(zx_ioc_create, options, K_OPTS, ZX_SOCKET_DATAGRAM, NL),
	  FLD(zx_ioc_create, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_create, out0, K_OUT, 4, NL),
	  FLD(zx_ioc_create, out1, K_OUT, 4, NL)),
	D(ZX_IOC_SOCKET_WRITE, zx_ioc_socket_rw,
	  F_SOCKET_RW(K_IN, 0)),
	D(ZX_IOC_SOCKET_READ, zx_ioc_socket_rw,
	  F_SOCKET_RW(K_OUTNULL, ZX_SOCKET_PEEK)),
	D(ZX_IOC_SOCKET_SET_DISPOSITION, zx_ioc_socket_disposition,
	  FLD(zx_ioc_socket_disposition, handle, K_HANDLE, ZX_OBJ_TYPE_SOCKET,
	      NL),
	  FLD(zx_ioc_socket_disposition, disposition, K_OPTS, 3, NL),
	  FLD(zx_ioc_socket_disposition, disposition_peer, K_OPTS, 3, NL),
	  FLD(zx_ioc_socket_disposition, reserved, K_RSVD, 0, NL)),
	D(ZX_IOC_PROCESS_SELF, zx_ioc_create, F_CREATE(K_OUTNULL)),
	D(ZX_IOC_THREAD_SELF, zx_ioc_create, F_CREATE(K_OUTNULL)),
	/* The argument is the handle value; never our own process or job. */
	{ ZX_IOC_TASK_KILL, "ZX_IOC_TASK_KILL", 0, 0, { { 0 } } },
	D(ZX_IOC_PROCESS_CHILD, zx_ioc_process_child,
	  FLD(zx_ioc_process_child, pid, K_KEY, 0, NL),
	  FLD(zx_ioc_process_child, job, K_HANDLE, ZX_OBJ_TYPE_JOB, NL),
	  FLD(zx_ioc_process_child, out, K_OUT, 4, NL)),
	D(ZX_IOC_JOB_DEFAULT, zx_ioc_job_create,
	  FLD(zx_ioc_job_create, parent, K_RSVD, 0, NL),
	  FLD(zx_ioc_job_create, options, K_RSVD, 0, NL),
	  FLD(zx_ioc_job_create, out, K_OUT, 4, NL)),
	D(ZX_IOC_JOB_CREATE, zx_ioc_job_create,
	  FLD(zx_ioc_job_create, parent, K_HANDLE, ZX_OBJ_TYPE_JOB, NL),
	  FLD(zx_ioc_job_create, options, K_OPTS, 0, NL),
	  FLD(zx_ioc_job_create, out, K_OUT, 4, NL)),
	D(ZX_IOC_OBJECT_GET_CHILD, zx_ioc_get_child,
	  FLD(zx_ioc_get_child, handle, K_HANDLE, ZX_OBJ_TYPE_JOB, NL),
	  FLD(zx_ioc_get_child, rights, K_RIGHTS, 0, NL),
	  FLD(zx_ioc_get_child, koid, K_KEY, 0, NL),
	  FLD(zx_ioc_get_child, out, K_OUT, 4, NL)),
	/* Names a process and confirms its pid; reads or writes nothing. */
	D(ZX_IOC_PROCESS_MEMORY, zx_ioc_process_memory,
	  FLD(zx_ioc_process_memory, handle, K_HANDLE, ZX_OBJ_TYPE_PROCESS, NL),
	  FLD(zx_ioc_process_memory, options, K_OPTS, 3, NL),
	  FLD(zx_ioc_process_memory, pid, K_KEY, 0, NL),
	  FLD(zx_ioc_process_memory, reserved, K_RSVD, 0, NL)),
};

#define N_IDESCS (sizeof(idescs) / sizeof(idescs[0]))
const uint32_t n_idescs = N_IDESCS;

const struct idesc *desc_by_nr(unsigned int nr)
{
	for (size_t i = 0; i < N_IDESCS; i++)
		if (_IOC_NR(idescs[i].cmd) == nr)
			return &idescs[i];
	return NULL;
}

const struct idesc *desc_by_cmd(unsigned long cmd)
{
	for (size_t i = 0; i < N_IDESCS; i++)
		if (idescs[i].cmd == cmd)
			return &idescs[i];
	return NULL;
}

const char *nr_name(unsigned int nr)
{
	const struct idesc *d = desc_by_nr(nr);

	return d ? d->name + 7 : "unknown request";	/* skip "ZX_IOC_" */
}

/* The fields of each struct must tile it exactly (the ABI has no holes). */
int ioctl_check_descs(void)
{
	for (size_t i = 0; i < N_IDESCS; i++) {
		const struct idesc *d = &idescs[i];
		unsigned int at = 0;

		for (unsigned int k = 0; k < d->nf; k++) {
			if (d->f[k].off != at) {
				fprintf(stderr, "zx_fuzz: %s: field %u at %u, expected %u: the fuzzer's table does not follow uapi/linux/zircon.h\n",
					d->name, k, d->f[k].off, at);
				return -1;
			}
			at += d->f[k].size;
		}
		if (at != d->size || (d->size && _IOC_SIZE(d->cmd) != d->size)) {
			fprintf(stderr, "zx_fuzz: %s: fields cover %u of %u bytes (request size %u): update the fuzzer's table\n",
				d->name, at, d->size,
				(unsigned int)_IOC_SIZE(d->cmd));
			return -1;
		}
	}
	return 0;
}

struct ioctl_proc I;

/* A pool entry, preferably a live one of @type (0: any). */
static uint32_t ipool_get(struct rng *r, uint32_t type)
{
	uint32_t h = 0;

	if (type && chance(r, 75)) {
		for (int k = 0; k < 12; k++) {
			int i = (int)below(r, IPOOL);

			if (__atomic_load_n(&I.ptype[i], __ATOMIC_RELAXED) != type)
				continue;
			h = __atomic_load_n(&I.pool[i], __ATOMIC_RELAXED);
			if (h)
				return h;
		}
	}
	for (int k = 0; k < 6 && !h; k++)
		h = __atomic_load_n(&I.pool[below(r, IPOOL)], __ATOMIC_RELAXED);
	return h;
}

/* A handle that was consumed or closed leaves the pool. */
static void ipool_forget(uint32_t h)
{
	if (!h)
		return;
	for (int i = 0; i < IPOOL; i++) {
		uint32_t v = h;

		if (__atomic_load_n(&I.pool[i], __ATOMIC_RELAXED) == h)
			__atomic_compare_exchange_n(&I.pool[i], &v, 0, false,
						    __ATOMIC_RELAXED,
						    __ATOMIC_RELAXED);
	}
}

static void ipool_forget(uint32_t h);

void istale_add(uint32_t h)
{
	uint32_t i = __atomic_fetch_add(&I.stale_pos, 1, __ATOMIC_RELAXED);

	if (h)
		__atomic_store_n(&I.stale[i % ISTALE], h, __ATOMIC_RELAXED);
	ipool_forget(h);
}

long raw(int fd, unsigned long cmd, void *arg)
{
	long r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno - 1000 : r;
}

/* Object type and rank (lower koid of a channel pair) of @h in @fd's table. */
bool raw_basic(int fd, uint32_t h, uint32_t *type, uint64_t *rank)
{
	zx_info_handle_basic_t b;
	struct zx_ioc_object_get_info a = {
		.handle = h, .topic = ZX_INFO_HANDLE_BASIC,
		.buffer = (uintptr_t)&b, .buffer_size = sizeof(b),
		.count_size = 8,
	};

	if (ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &a) != 0)
		return false;
	*type = b.type;
	*rank = b.koid;
	if (b.related_koid && b.related_koid < b.koid)
		*rank = b.related_koid;
	return true;
}

void ipool_add(struct rng *r, uint32_t h)
{
	uint32_t type;
	uint64_t rank;
	uint32_t old;

	int i = (int)below(r, IPOOL);

	if (!h || !raw_basic(I.fd, h, &type, &rank))
		return;
	old = __atomic_exchange_n(&I.pool[i], h, __ATOMIC_RELAXED);
	__atomic_store_n(&I.ptype[i], (uint8_t)type, __ATOMIC_RELAXED);
	if (old && chance(r, 90)) {
		ioctl(I.fd, ZX_IOC_HANDLE_CLOSE, (unsigned long)old);
		istale_add(old);
	}
}

/*
 * Mappings are remembered as one word, address | (pages - 1), so that no
 * thread ever pairs one mapping's address with another's length.
 */
void unmap_packed(uint64_t e)
{
	if (e)
		munmap((void *)(uintptr_t)(e & ~(PAGE - 1)),
		       ((e & (PAGE - 1)) + 1) * PAGE);
}

/* Drops about a third of the pool (the memory meter asked for it). */
void ipool_shed(struct rng *r)
{
	for (int i = 0; i < IPOOL; i++) {
		uint32_t h;

		if (!chance(r, 33))
			continue;
		h = __atomic_exchange_n(&I.pool[i], 0, __ATOMIC_RELAXED);
		if (h) {
			ioctl(I.fd, ZX_IOC_HANDLE_CLOSE, (unsigned long)h);
			count(&g_ps->shed);
		}
	}
	for (int i = 0; i < IMAPS; i++)
		unmap_packed(__atomic_exchange_n(&I.maps[i], 0, __ATOMIC_RELAXED));
}

uint32_t pick_handle(struct rng *r, uint32_t type)
{
	uint32_t h;

	switch (below(r, 40)) {
	case 0: case 1:
		return __atomic_load_n(&I.stale[below(r, ISTALE)],
				       __ATOMIC_RELAXED);
	case 2:
		return 0;
	case 3:
		return ((below(r, 64) + 1) << 2) | 3;	/* a small id */
	case 4:
		return ipool_get(r, 0) & ~3u;		/* fixed bits missing */
	case 5:
		return (uint32_t)rnd(r);
	case 6:
		return chance(r, 50) ? 0xffffffffu : 0xfffffffbu;
	case 7:
		h = ipool_get(r, 0);
		return h ? h + 4 : 0;			/* a neighbour's id */
	default:
		return ipool_get(r, type);
	}
}

uint32_t pick_rights(struct rng *r)
{
	switch (below(r, 6)) {
	case 0: case 1:
		return ZX_RIGHT_SAME_RIGHTS;
	case 2:
		return (uint32_t)rnd(r) & (ZX_RIGHTS_BASIC | ZX_RIGHTS_IO |
					   ZX_RIGHT_MAP | ZX_RIGHT_SIGNAL |
					   ZX_RIGHT_SIGNAL_PEER |
					   ZX_RIGHTS_PROPERTY |
					   ZX_RIGHT_EXECUTE | ZX_RIGHT_RESIZE);
	case 3:
		return 0;
	case 4:
		return ZX_RIGHTS_BASIC;
	default:
		return (uint32_t)rnd(r);
	}
}

uint32_t pick_signals(struct rng *r)
{
	switch (below(r, 6)) {
	case 0: case 1:
		return ZX_USER_SIGNAL_0 << below(r, 8);
	case 2:
		return (uint32_t)rnd(r) & ZX_USER_SIGNAL_ALL;
	case 3:
		return ZX_EVENT_SIGNALED |
		       ((uint32_t)rnd(r) & ZX_USER_SIGNAL_ALL);
	case 4:
		return 0;
	default:
		return (uint32_t)rnd(r);
	}
}

/* Deadlines are never far away: an op must not sleep for long. */
int64_t pick_deadline(struct rng *r)
{
	int64_t now = now_ns();

	switch (below(r, 8)) {
	case 0:
		return 0;
	case 1:
		return now - (int64_t)below(r, 1000000000);
	case 2:
		return INT64_MIN;
	case 3:
		return -1;
	default:
		return now + (int64_t)below(r, 20000000);
	}
}

int64_t clamp_deadline(struct rng *r, int64_t d)
{
	int64_t lim = now_ns() + 30000000;

	return d > lim ? now_ns() + (int64_t)below(r, 30000000) : d;
}

uint32_t pick_topic(struct rng *r)
{
	static const uint32_t topics[] = {
		ZX_INFO_HANDLE_VALID, ZX_INFO_HANDLE_BASIC,
		ZX_INFO_HANDLE_COUNT, ZX_INFO_VMO, ZX_INFO_VMO_V1,
		ZX_INFO_VMO_V2, ZX_INFO_VMO_V3, ZX_INFO_VMAR, ZX_INFO_NONE,
		ZX_INFO_PROCESS, ZX_INFO_HANDLE_TABLE, ZX_INFO_VMAR_MAPS,
		ZX_INFO_TIMER, ZX_INFO_STREAM, ZX_INFO_SOCKET,
		ZX_INFO_THREAD, ZX_INFO_JOB,
		ZX_INFO_JOB_CHILDREN, ZX_INFO_JOB_PROCESSES,
		ZX_INFO_TASK_STATS, ZX_INFO_TASK_STATS_V1,
		ZX_INFO_PROCESS_HANDLE_STATS, ZX_INFO_PROCESS_VMOS,
		ZX_INFO_PROCESS_VMOS_V1, ZX_INFO_PROCESS_VMOS_V3,
		ZX_INFO_THREAD_STATS, ZX_INFO_PROCESS_MAPS,
		ZX_INFO_PROCESS_MAPS_V1, ZX_INFO_PROCESS_MAPS_V2,
	};

	if (chance(r, 90))
		return topics[below(r, sizeof(topics) / sizeof(topics[0]))];
	return (uint32_t)rnd(r);
}

uint64_t pick_vmo_size(struct rng *r)
{
	switch (below(r, 8)) {
	case 0: case 1: case 2:
		return (uint64_t)below(r, 16) * PAGE;
	case 3:
		return below(r, 3 * PAGE);
	case 4:
		return (uint64_t)below(r, 256) * PAGE;
	default:
		return pick_interesting(r);
	}
}

uint64_t pick_offset(struct rng *r)
{
	switch (below(r, 6)) {
	case 0: case 1:
		return 0;
	case 2:
		return (uint64_t)below(r, 16) * PAGE;
	case 3:
		return below(r, 5 * PAGE);
	default:
		return pick_interesting(r);
	}
}

static uint32_t pick_vm_options(struct rng *r, unsigned int which)
{
	uint32_t o = 0;

	if (which == 2)		/* unmap: only 0 is valid */
		return chance(r, 85) ? 0 : pick_flags(r, 0xffffffff);
	switch (below(r, 6)) {
	case 0:
		o = ZX_VM_PERM_READ;
		break;
	case 1: case 2:
		o = ZX_VM_PERM_READ | ZX_VM_PERM_WRITE;
		break;
	case 3:
		o = (uint32_t)rnd(r) & (ZX_VM_PERM_READ | ZX_VM_PERM_WRITE |
					ZX_VM_PERM_EXECUTE |
					ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED);
		break;
	case 4:
		o = 0;
		break;
	default:
		o = ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE;
	}
	if (which == 1)
		return chance(r, 90) ? o : (uint32_t)rnd(r);
	if (chance(r, 25))
		o |= ZX_VM_SPECIFIC;
	else if (chance(r, 15))
		o |= ZX_VM_SPECIFIC_OVERWRITE;
	else if (chance(r, 10))
		o |= ZX_VM_OFFSET_IS_UPPER_LIMIT;
	if (chance(r, 15))
		o |= ZX_VM_MAP_RANGE;
	if (chance(r, 30))
		o |= ZX_VM_ALLOW_FAULTS;
	if (chance(r, 10))
		o |= ZX_VM_REQUIRE_NON_RESIZABLE;
	if (chance(r, 15))
		o |= (uint32_t)(9 + below(r, 25)) << ZX_VM_ALIGN_BASE;
	if (chance(r, 5))
		o |= 1U << below(r, 32);
	return o;
}

static int pick_fd(struct rng *r)
{
	switch (below(r, 8)) {
	case 0: case 1: case 2: case 3:
		return __atomic_load_n(&I.bfds[below(r, IFDS)],
				       __ATOMIC_RELAXED);
	case 4:
		return (int)below(r, 64);
	case 5:
		return -1;
	case 6:
		return I.fd;
	default:
		return (int)rnd(r);
	}
}

void put_field(uint8_t *s, const struct ifield *f, uint64_t v)
{
	if (f->size == 4) {
		uint32_t v32 = (uint32_t)v;

		memcpy(s + f->off, &v32, 4);
	} else {
		memcpy(s + f->off, &v, 8);
	}
}

static uint64_t get_field(const uint8_t *s, const struct ifield *f)
{
	uint32_t v32;
	uint64_t v;

	if (f->size == 4) {
		memcpy(&v32, s + f->off, 4);
		return v32;
	}
	memcpy(&v, s + f->off, 8);
	return v;
}

bool is_scalar(uint8_t kind)
{
	switch (kind) {
	case K_OUT: case K_OUTNULL: case K_IN: case K_HARR: case K_BYTES:
	case K_CARGS: case K_CLOSEARR: case K_WAITARR: case K_SIOV:
		return false;
	}
	return true;
}

/* A live pool handle, of @type when there is one. */
uint32_t ipool_live(struct rng *r, uint32_t type)
{
	int i = (int)below(r, IPOOL);

	for (int k = 0; type && k < IPOOL; k++) {
		int j = (i + k) % IPOOL;
		uint32_t h = __atomic_load_n(&I.pool[j], __ATOMIC_RELAXED);

		if (h && __atomic_load_n(&I.ptype[j], __ATOMIC_RELAXED) == type)
			return h;
	}
	return ipool_get(r, 0);
}

/* Pass 1 of a well-formed request: valid values only. */
static uint64_t sane_value(struct ictx *c, const struct ifield *f)
{
	struct rng *r = &c->t.r;

	switch (f->kind) {
	case K_HANDLE:
		return ipool_live(r, f->aux);
	case K_RIGHTS:
		return chance(r, 70) ? ZX_RIGHT_SAME_RIGHTS :
		       (uint32_t)rnd(r) & (ZX_RIGHTS_BASIC | ZX_RIGHTS_IO |
					   ZX_RIGHT_MAP | ZX_RIGHT_SIGNAL);
	case K_OPTS:
		return chance(r, 70) ? 0 : f->aux & (1U << below(r, 32));
	case K_LEN:
		return chance(r, 60) ? (uint64_t)(1 + below(r, 16)) * PAGE :
				       below(r, 4096);
	case K_OFF:
		return chance(r, 60) ? 0 : (uint64_t)below(r, 8) * PAGE;
	case K_VMOSIZE:
		return chance(r, 70) ? (uint64_t)(1 + below(r, 16)) * PAGE :
				       below(r, 65536);
	case K_TOPIC: {
		static const uint32_t t[] = {
			ZX_INFO_HANDLE_VALID, ZX_INFO_HANDLE_BASIC,
			ZX_INFO_HANDLE_COUNT, ZX_INFO_VMO, ZX_INFO_VMO_V1,
			ZX_INFO_VMAR, ZX_INFO_TIMER, ZX_INFO_STREAM,
			ZX_INFO_SOCKET, ZX_INFO_PROCESS,
			ZX_INFO_THREAD, ZX_INFO_JOB_CHILDREN,
			ZX_INFO_TASK_STATS, ZX_INFO_PROCESS_HANDLE_STATS,
			ZX_INFO_PROCESS_VMOS, ZX_INFO_THREAD_STATS,
		};

		return t[below(r, sizeof(t) / sizeof(t[0]))];
	}
	case K_PROP:
		return chance(r, 50) ? ZX_PROP_NAME :
		       chance(r, 50) ? ZX_PROP_VMO_CONTENT_SIZE :
		       ZX_PROP_SOCKET_RX_THRESHOLD + below(r, 2);
	case K_SIG:
		return (uint32_t)rnd(r) & ZX_USER_SIGNAL_ALL;
	case K_DEADLINE:
		return (uint64_t)(now_ns() + below(r, 5000000));
	case K_FD:
		return (uint32_t)__atomic_load_n(&I.bfds[below(r, IFDS)],
						 __ATOMIC_RELAXED);
	case K_PSIZE:
	case K_CSIZE:
		return 8;
	case K_VMOOP:
		return 1 + below(r, 14);
	case K_VMOPTS: {
		uint32_t o = chance(r, 40) ? ZX_VM_PERM_READ :
			     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE;

		if (f->aux == 2)
			return 0;
		if (f->aux == 0 && chance(r, 50))
			o |= ZX_VM_SPECIFIC;
		if (f->aux == 0 && chance(r, 30))
			o |= ZX_VM_ALLOW_FAULTS;
		return o;
	}
	case K_ADDR:
		return L.arena_lo + (uint64_t)below(r, 256) * PAGE;
	case K_VMAROFF:
		return L.arena_lo - L.vmar_base + (uint64_t)below(r, 256) * PAGE;
	case K_KEY:
		return below(r, 8);
	case K_CLOCK:
		return below(r, 2);
	case K_SLACK:
		return chance(r, 50) ? 0 : below(r, 1000000);
	case K_COUNT:
	case K_VMEX:
	case K_RSVD:
	case K_POLICY:
	default:
		return 0;
	}
}

/* Pass 1: every field that is not a pointer. */
uint64_t scalar_value(struct ictx *c, const struct ifield *f)
{
	struct rng *r = &c->t.r;

	if (c->sane)
		return sane_value(c, f);
	switch (f->kind) {
	case K_HANDLE:
		return pick_handle(r, f->aux);
	case K_VMEX:
		return chance(r, 80) ? 0 : pick_handle(r, 0);
	case K_RIGHTS:
		return pick_rights(r);
	case K_OPTS:
		return pick_flags(r, f->aux);
	case K_RSVD:
		return chance(r, 92) ? 0 : (chance(r, 50) ? 1 : rnd(r));
	case K_LEN:
		return pick_len(r, 4096);
	case K_OFF:
		return pick_offset(r);
	case K_VMOSIZE:
		return pick_vmo_size(r);
	case K_TOPIC:
		return pick_topic(r);
	case K_PROP:
		switch (below(r, 5)) {
		case 0: return ZX_PROP_NAME;
		case 1: return ZX_PROP_SOCKET_RX_THRESHOLD + below(r, 2);
		case 2: case 3: return ZX_PROP_VMO_CONTENT_SIZE;
		default: return below(r, 2) ? below(r, 32) : (uint32_t)rnd(r);
		}
	case K_SIG:
		return pick_signals(r);
	case K_DEADLINE:
		return (uint64_t)pick_deadline(r);
	case K_FD:
		return (uint32_t)pick_fd(r);
	case K_PSIZE:
	case K_CSIZE:
		return chance(r, 75) ? 8 : (chance(r, 80) ? 4 : below(r, 17));
	case K_VMOOP:
		return chance(r, 90) ? 1 + below(r, 14) : (uint32_t)rnd(r);
	case K_POLICY:
		return chance(r, 90) ? below(r, 5) : (uint32_t)rnd(r);
	case K_VMOPTS:
		return pick_vm_options(r, f->aux);
	case K_VMAROFF:
		switch (below(r, 4)) {
		case 0: return 0;
		case 1: return pick_interesting(r);
		default: return (L.arena_lo - L.vmar_base) +
				(uint64_t)below(r, (uint32_t)((L.arena_hi -
							      L.arena_lo) / PAGE)) * PAGE;
		}
	case K_ADDR:
		switch (below(r, 5)) {
		case 0: return bad_ptr(r, false);
		case 1: return pick_interesting(r);
		default: return L.arena_lo + (uint64_t)below(r, 4096) * PAGE;
		}
	case K_COUNT:
		return 0;	/* set by its array */
	case K_KEY:
		return chance(r, 70) ? below(r, 8) : chance(r, 50) ? rnd(r) :
		       pick_interesting(r);
	case K_CLOCK:
		return chance(r, 80) ? below(r, 2) : chance(r, 50) ?
		       below(r, 8) : (uint32_t)rnd(r);
	case K_SLACK:
		switch (below(r, 8)) {
		case 0: return 0;
		case 1: return (uint64_t)-1LL;
		case 2: return (uint64_t)INT64_MIN;
		case 3: return (uint64_t)INT64_MAX;
		case 4: return pick_interesting(r);
		default: return below(r, 2000000);
		}
	case K_VAL32:
		return (uint32_t)(chance(r, 50) ? rnd(r) : pick_interesting(r));
	default:
		return chance(r, 50) ? rnd(r) : pick_interesting(r);
	}
}

/* Fills @n handle values (or dispositions) at the end of c->harr. */
static uint64_t build_handles(struct ictx *c, bool disp, uint32_t n,
			      bool low32)
{
	struct rng *r = &c->t.r;
	const struct region *rg = low32 ? &c->h32 : &c->harr;
	size_t esz = disp ? sizeof(zx_handle_disposition_t) : sizeof(zx_handle_t);
	uint8_t *p = rg->base + rg->size - n * esz;

	for (uint32_t i = 0; i < n; i++) {
		uint32_t h = c->sane ? ipool_live(r, 0) : pick_handle(r, 0);

		if (disp) {
			zx_handle_disposition_t d = {
				.operation = chance(r, 60) ? ZX_HANDLE_OP_MOVE :
					     chance(r, 80) || c->sane ?
					     ZX_HANDLE_OP_DUPLICATE :
					     (uint32_t)rnd(r),
				.handle = h,
				.type = chance(r, 70) || c->sane ? 0 : below(r, 32),
				.rights = c->sane ? ZX_RIGHT_SAME_RIGHTS : pick_rights(r),
				.result = chance(r, 90) ? 0 : (int32_t)rnd(r),
			};

			memcpy(p + i * esz, &d, esz);
		} else {
			memcpy(p + i * esz, &h, esz);
		}
	}
	return (uint64_t)(uintptr_t)p;
}

static uint32_t pick_count(struct rng *r, uint32_t typical, uint32_t max)
{
	switch (below(r, 10)) {
	case 0:
		return 0;
	case 1:
		return max;
	case 2:
		return max + 1;
	default:
		return below(r, typical + 1);
	}
}

/* Writes a zx_channel_iovec_t array for @ptr_size into @dst; returns bytes. */
static size_t build_iovecs(struct ictx *c, uint8_t *dst, uint32_t n,
			   uint32_t ptr_size)
{
	struct rng *r = &c->t.r;
	size_t esz = ptr_size == 4 ? 12 : 16;

	for (uint32_t i = 0; i < n; i++) {
		size_t avail;
		uint32_t cap = (uint32_t)pick_len(r, 256);
		uint64_t buf = in_ptr(r, ptr_size == 4 ? &c->s32 : &c->inbuf,
				      cap, &avail, ptr_size == 4);
		uint32_t rsv = chance(r, 95) ? 0 : 1;
		uint8_t *e = dst + i * esz;

		if (chance(r, 80) && cap > avail)
			cap = (uint32_t)avail;
		if (ptr_size == 4) {
			uint32_t b32 = (uint32_t)buf;

			memcpy(e, &b32, 4);
			memcpy(e + 4, &cap, 4);
			memcpy(e + 8, &rsv, 4);
		} else {
			memcpy(e, &buf, 8);
			memcpy(e + 8, &cap, 4);
			memcpy(e + 12, &rsv, 4);
		}
	}
	return n * esz;
}

/*
 * A stream call's zx_iovec_t array for @word (4 or 8) in the tables zone
 * of inbuf, the rest of the zone zeroed (a count mutated past the entries
 * reads zeros, not stale pointers); buffers the kernel writes (@kwrites)
 * are in scratch or the arena, the others in inbuf.  With word 4 they are
 * below 4 GiB (s32).  Returns the array's address.
 */
static uint64_t build_stream_iovecs(struct ictx *c, uint32_t n, uint32_t word,
				    bool kwrites)
{
	struct rng *r = &c->t.r;
	uint8_t *dst = c->inbuf.base + IN_TABLES;
	size_t esz = word == 4 ? 8 : 16, zone = IN_STRUCT - IN_TABLES;
	bool low = word == 4;

	if (n * esz > zone)
		n = (uint32_t)(zone / esz);
	memset(dst, 0, zone);
	for (uint32_t i = 0; i < n; i++) {
		const struct region *rg = low ? &c->s32 :
					  kwrites ? &c->scratch : &c->inbuf;
		uint64_t cap = pick_len(r, 512), buf;
		uint8_t *e = dst + i * esz;
		size_t avail = 0;

		buf = kwrites ? out_ptr(r, rg, cap, &avail, low) :
				in_ptr(r, rg, cap, &avail, low);
		if (chance(r, 85) && cap > avail)
			cap = avail;
		if (chance(r, 3))
			cap = pick_interesting(r);
		if (low) {
			uint32_t b32 = (uint32_t)buf, c32 = (uint32_t)cap;

			memcpy(e, &b32, 4);
			memcpy(e + 4, &c32, 4);
		} else {
			memcpy(e, &buf, 8);
			memcpy(e + 8, &cap, 8);
		}
	}
	return (uint64_t)(uintptr_t)dst;
}

/*
 * zx_channel_call_args_t (or _etc_) for @ptr_size: four pointers, four
 * counts.  With ptr_size 4 every pointer is below 4 GiB (s32, h32).
 */
static uint64_t build_cargs(struct ictx *c, bool etc, uint32_t ptr_size,
			    uint32_t options)
{
	struct rng *r = &c->t.r;
	bool low = ptr_size == 4;
	struct region *rs = low ? &c->s32 : &c->scratch;
	struct region *ri = low ? &c->s32 : &c->inbuf;
	uint8_t *ca = low ? c->s32.base + c->s32.size - 256 :
			    c->inbuf.base + IN_TABLES + 4096;
	uint64_t p[4];
	uint32_t n[4];
	size_t avail;

	/* The bytes to write (an iovec array with USE_IOVEC). */
	n[0] = 4 + (c->sane ? below(r, 128) : (uint32_t)pick_len(r, 128));
	if (chance(r, 10) && !c->sane)
		n[0] = below(r, 4);
	if (options & ZX_CHANNEL_WRITE_USE_IOVEC) {
		uint8_t *iov = low ? c->s32.base + c->s32.size - 4096 :
				     c->inbuf.base + IN_TABLES + 8192;

		n[0] = below(r, 5);
		build_iovecs(c, iov, n[0], ptr_size);
		p[0] = (uint64_t)(uintptr_t)iov;
	} else {
		p[0] = in_ptr(r, ri, n[0], &avail, low);
		if (n[0] > ri->size / 2)
			n[0] = (uint32_t)(ri->size / 2);
	}
	n[1] = c->sane ? below(r, 3) : pick_count(r, 3, ZX_CHANNEL_MAX_MSG_HANDLES);
	p[1] = build_handles(c, etc, n[1] <= 64 ? n[1] : 64, low);
	if (chance(r, 3) && !c->sane)
		p[1] = bad_ptr(r, low);
	if (c->sane) {
		n[2] = 4096;
		p[2] = (uint64_t)(uintptr_t)rs->base;
		n[3] = 64;
		p[3] = (uint64_t)(uintptr_t)rs->base + rs->size - 64 * 16;
	} else {
		n[2] = (uint32_t)pick_len(r, 4096);
		p[2] = out_ptr(r, rs, n[2], &avail, low);
		n[3] = pick_count(r, 8, ZX_CHANNEL_MAX_MSG_HANDLES);
		p[3] = out_ptr(r, rs, n[3] * (etc ? 16 : 4), &avail, low);
	}
	for (int i = 0; i < 4; i++) {
		if (low) {
			uint32_t v = (uint32_t)p[i];

			memcpy(ca + 4 * i, &v, 4);
		} else {
			memcpy(ca + 8 * i, &p[i], 8);
		}
	}
	memcpy(ca + 4 * ptr_size, n, sizeof(n));
	return (uint64_t)(uintptr_t)ca;
}

/*
 * zx_wait_item_t[n] flush against the end of the scratch region (the
 * kernel writes each pending back), so a count larger than the array
 * runs into the guard page.  @n is capped at what was built.
 */
static uint64_t build_wait_items(struct ictx *c, uint32_t n)
{
	struct rng *r = &c->t.r;
	uint32_t built = n < ZX_WAIT_MANY_MAX_ITEMS ? n :
			 ZX_WAIT_MANY_MAX_ITEMS;
	uint8_t *p = c->scratch.base + c->scratch.size -
		     built * sizeof(zx_wait_item_t);

	for (uint32_t i = 0; i < built; i++) {
		zx_wait_item_t it = {
			.handle = c->sane ? ipool_live(r, 0) :
					    pick_handle(r, 0),
			.waitfor = pick_signals(r),
			.pending = chance(r, 90) ? 0 : (uint32_t)rnd(r),
		};

		if (i && chance(r, 10))	/* the same handle twice */
			memcpy(&it.handle, p + (i - 1) * sizeof(it), 4);
		memcpy(p + i * sizeof(it), &it, sizeof(it));
	}
	return (uint64_t)(uintptr_t)p;
}

/*
 * The pointers of a well-formed request: good memory, the lengths and
 * counts linked to them consistent.  Returns the pointer (0 for scalars).
 */
static uint64_t sane_pointer(struct ictx *c, const struct ifield *f,
			     const struct ifield *lf, uint32_t esz, uint8_t *s)
{
	struct rng *r = &c->t.r;
	uint64_t base = (uint64_t)(uintptr_t)c->scratch.base, p, avail;
	uint32_t n;

	switch (f->kind) {
	case K_OUT:
	case K_OUTNULL:
		p = base + (below(r, (uint32_t)(c->scratch.size / 2)) & ~7UL);
		avail = base + c->scratch.size - p;
		if (lf)
			put_field(s, lf, chance(r, 50) ? avail / esz :
				  below(r, (uint32_t)(avail / esz) + 1));
		return p;
	case K_IN:
		p = (uint64_t)(uintptr_t)c->inbuf.base + IN_DATA +
		    (below(r, IN_DATA_SIZE / 2) & ~7UL);
		if (lf)
			put_field(s, lf, below(r, f->aux * 2 + 1));
		return p;
	case K_HARR:
		n = below(r, 4);
		put_field(s, lf, n);
		return build_handles(c, f->aux, n, false);
	case K_BYTES:
		n = below(r, 256);
		put_field(s, lf, n);
		return (uint64_t)(uintptr_t)c->inbuf.base + IN_DATA;
	case K_CARGS:
		return build_cargs(c, f->aux, 8, 0);
	case K_SIOV:
		n = 1 + below(r, 4);
		put_field(s, lf, n);
		return build_stream_iovecs(c, n, 8, f->aux);
	case K_WAITARR:
		n = below(r, 9);
		put_field(s, lf, n);
		return build_wait_items(c, n);
	case K_CLOSEARR: {
		uint32_t *a = (uint32_t *)(c->inbuf.base + IN_TABLES);

		n = 1 + below(r, 4);
		for (uint32_t i = 0; i < n; i++)
			a[i] = ipool_live(r, 0);
		put_field(s, lf, n);
		return (uint64_t)(uintptr_t)a;
	}
	}
	return 0;
}

/* Cross-field consistency of a well-formed request. */
void sane_fixup(struct ictx *c, unsigned long cmd, uint8_t *s)
{
	struct rng *r = &c->t.r;
	uint64_t addr, len;

	switch (cmd) {
	case ZX_IOC_EVENT_CREATE:
	case ZX_IOC_PORT_CREATE:
		((struct zx_ioc_create *)s)->out1 = 0;
		break;
	case ZX_IOC_VMO_CREATE_CHILD: {
		static const uint32_t types[] = {
			ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SLICE,
			ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
		};
		struct zx_ioc_vmo_create_child *a = (void *)s;

		a->options = types[below(r, 3)];
		if (chance(r, 10))
			a->options |= ZX_VMO_CHILD_NO_WRITE;
		else if (chance(r, 10) && a->options != ZX_VMO_CHILD_SLICE)
			a->options |= ZX_VMO_CHILD_RESIZABLE;
		break;
	}
	case ZX_IOC_PORT_CANCEL: {
		struct zx_ioc_port_cancel *a = (void *)s;

		if (i_last_wait.port && chance(r, 70)) {
			a->handle = i_last_wait.port;
			a->source = i_last_wait.h;
			a->key = i_last_wait.key;
			i_last_wait.port = 0;
		}
		break;
	}
	case ZX_IOC_STREAM_READV:
	case ZX_IOC_STREAM_WRITEV:
	case ZX_IOC_STREAM_READV_AT:
	case ZX_IOC_STREAM_WRITEV_AT: {
		struct zx_ioc_stream_io *a = (void *)s;

		if (cmd != ZX_IOC_STREAM_WRITEV)
			a->options = 0;
		if (cmd == ZX_IOC_STREAM_READV || cmd == ZX_IOC_STREAM_WRITEV)
			a->offset = 0;
		break;
	}
	case ZX_IOC_PORT_CANCEL_KEY: {
		struct zx_ioc_port_cancel_key *a = (void *)s;

		if (i_last_wait.port && chance(r, 70)) {
			a->handle = i_last_wait.port;
			a->key = i_last_wait.key;
			i_last_wait.port = 0;
		}
		break;
	}
	case ZX_IOC_VMO_OP_RANGE: {
		struct zx_ioc_vmo_op_range *a = (void *)s;

		a->buffer = 0;
		a->buffer_size = 0;
		break;
	}
	case ZX_IOC_VMAR_MAP: {
		struct zx_ioc_vmar_map *m = (void *)s;

		if (m->options & ZX_VM_SPECIFIC) {
			arena_range(r, &addr, &len);
			m->vmar_offset = addr - L.vmar_base;
			m->len = len;
		} else {
			m->vmar_offset = 0;
		}
		break;
	}
	case ZX_IOC_VMAR_UNMAP:
	case ZX_IOC_VMAR_PROTECT: {
		struct zx_ioc_vmar_range *u = (void *)s;

		arena_range(r, &addr, &len);
		u->addr = addr;
		u->len = len;
		break;
	}
	case ZX_IOC_VMAR_ALLOCATE: {
		struct zx_ioc_vmar_allocate *a = (void *)s;

		/* Mostly regions something can be mapped into. */
		if (chance(r, 70))
			a->options |= ZX_VM_CAN_MAP_READ | ZX_VM_CAN_MAP_WRITE |
				      ZX_VM_CAN_MAP_SPECIFIC;
		if (!(a->options & (ZX_VM_SPECIFIC |
				    ZX_VM_OFFSET_IS_UPPER_LIMIT)))
			a->offset = 0;
		break;
	}
	case ZX_IOC_VMAR_OP_RANGE: {
		struct zx_ioc_vmo_op_range *a = (void *)s;

		a->buffer = 0;
		a->buffer_size = 0;
		break;
	}
	}
}

/* Pass 2: the pointers, consistent with the scalars chosen in pass 1. */
void fill_pointers(struct ictx *c, const struct idesc *d, uint8_t *s)
{
	struct rng *r = &c->t.r;
	uint32_t ptr_size = 8, options = 0;

	for (unsigned int k = 0; k < d->nf; k++) {
		if (d->f[k].kind == K_PSIZE)
			ptr_size = (uint32_t)get_field(s, &d->f[k]);
		if (d->f[k].kind == K_OPTS)
			options = (uint32_t)get_field(s, &d->f[k]);
	}
	for (unsigned int k = 0; k < d->nf; k++) {
		const struct ifield *f = &d->f[k];
		const struct ifield *lf = f->link != NL ? &d->f[f->link] : NULL;
		uint32_t esz = lf && lf->aux ? lf->aux : 1;
		size_t avail = 0;
		uint64_t p = 0, len;
		uint32_t n;

		if (c->sane) {
			p = sane_pointer(c, f, lf, esz, s);
			if (f->kind != K_COUNT && !is_scalar(f->kind))
				put_field(s, f, p);
			continue;
		}
		switch (f->kind) {
		case K_OUTNULL:
			if (chance(r, 30))
				break;
			/* fall through */
		case K_OUT:
			p = out_ptr(r, &c->scratch, f->aux, &avail, false);
			if (lf) {
				len = chance(r, 75) ? avail / esz :
						      pick_len(r, f->aux / esz);
				put_field(s, lf, len);
			}
			break;
		case K_IN:
			p = in_ptr(r, &c->inbuf, f->aux, &avail, false);
			if (lf)
				put_field(s, lf, chance(r, 70) ?
					  below(r, (uint32_t)avail + 1) :
					  pick_len(r, f->aux));
			break;
		case K_HARR:
			n = pick_count(r, 3, ZX_CHANNEL_MAX_MSG_HANDLES);
			p = build_handles(c, f->aux, n <= 64 ? n : 64, false);
			if (chance(r, 3))
				p = bad_ptr(r, false);
			put_field(s, lf, n);
			break;
		case K_BYTES:
			if (options & ZX_CHANNEL_WRITE_USE_IOVEC) {
				uint8_t *iov = c->inbuf.base + IN_TABLES;

				n = pick_count(r, 4, 8192);
				build_iovecs(c, iov, n <= 64 ? n : 64,
					     ptr_size == 4 ? 4 : 8);
				p = (uint64_t)(uintptr_t)iov;
			} else {
				n = (uint32_t)pick_len(r, 256);
				if (chance(r, 5))
					n = ZX_CHANNEL_MAX_MSG_BYTES +
					    below(r, 2);
				p = in_ptr(r, &c->inbuf, n, &avail, false);
				if (shedding() && n > 256)
					n = 256;
			}
			put_field(s, lf, n);
			break;
		case K_CARGS:
			if (chance(r, 4))
				p = bad_ptr(r, false);
			else if (ptr_size == 4 || ptr_size == 8)
				p = build_cargs(c, f->aux, ptr_size, options);
			else
				p = (uint64_t)(uintptr_t)L.ro;
			break;
		case K_SIOV:
			n = pick_count(r, 4, 1024);
			p = build_stream_iovecs(c, n, ptr_size == 4 ? 4 : 8,
						f->aux);
			if (chance(r, 4))
				p = chance(r, 50) ? 0 : bad_ptr(r, false);
			if (chance(r, 3))
				n = (uint32_t)pick_interesting(r);
			put_field(s, lf, n);
			break;
		case K_WAITARR:
			n = pick_count(r, 6, ZX_WAIT_MANY_MAX_ITEMS);
			p = build_wait_items(c, n);
			if (chance(r, 4))
				p = chance(r, 50) ? 0 : bad_ptr(r, false);
			else if (chance(r, 4))
				p += 4;		/* misaligned, into the guard */
			if (chance(r, 4))
				n = (uint32_t)pick_interesting(r);
			put_field(s, lf, n);
			break;
		case K_CLOSEARR: {
			uint32_t *a = (uint32_t *)(c->inbuf.base + IN_TABLES);

			n = pick_count(r, 6, 64);
			for (uint32_t i = 0; i < n && i < 1024; i++)
				a[i] = pick_handle(r, 0);
			p = (uint64_t)(uintptr_t)a;
			if (chance(r, 5))
				p = bad_ptr(r, false);
			if (chance(r, 5))
				n = (uint32_t)pick_interesting(r);
			put_field(s, lf, n);
			break;
		}
		default:
			continue;
		}
		put_field(s, f, p);
	}
}

/*
 * Pass 3: mutations.  Scalars may become anything; pointers the kernel
 * writes through only ever become bad pointers (a flipped bit in one
 * could make the kernel scribble over the fuzzer).
 */
void mutate(struct ictx *c, const struct idesc *d, uint8_t *s)
{
	struct rng *r = &c->t.r;
	unsigned int n = 1 + below(r, 3);

	if (!d->nf)
		return;
	for (unsigned int i = 0; i < n; i++) {
		const struct ifield *f = &d->f[below(r, d->nf)];
		uint64_t v = get_field(s, f);

		if (f->kind == K_PSIZE)
			continue;	/* the call args were laid out for it */
		if (!is_scalar(f->kind)) {
			if (f->kind == K_IN || f->kind == K_BYTES ||
			    f->kind == K_CLOSEARR)
				v = chance(r, 50) ? bad_ptr(r, false) :
				    v + below(r, 16) - 8;
			else
				v = bad_ptr(r, false);
			put_field(s, f, v);
			continue;
		}
		switch (below(r, 6)) {
		case 0:
			v ^= 1ULL << below(r, f->size * 8);
			break;
		case 1:
			v = pick_interesting(r);
			break;
		case 2:
			v = 0;
			break;
		case 3:
			v = ~0ULL;
			break;
		case 4:
			v += below(r, 9) - 4;
			break;
		default:
			v = rnd(r);
		}
		put_field(s, f, v);
	}
}
