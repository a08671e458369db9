/* SPDX-License-Identifier: MIT */
/* Channels: create, write, write_etc, read, read_etc, call, call_etc. */
#include <linux/zircon.h>
#include <zircon/syscalls.h>

#include "zx_private.h"

zx_status_t zx_channel_create(uint32_t options, zx_handle_t* out0,
			      zx_handle_t* out1)
{
	struct zx_ioc_create a = {
		.options = options,
		.out0 = zx_ptr(out0),
		.out1 = zx_ptr(out1),
	};

	return zx_dev_ioctl(ZX_IOC_CHANNEL_CREATE, (unsigned long)&a);
}

static zx_status_t zx_channel_write_common(unsigned long request,
					   zx_handle_t handle,
					   uint32_t options, const void* bytes,
					   uint32_t num_bytes,
					   const void* handles,
					   uint32_t num_handles)
{
	struct zx_ioc_channel_write a = {
		.handle = handle,
		.options = options,
		.bytes = zx_ptr(bytes),
		.handles = zx_ptr(handles),
		.num_bytes = num_bytes,
		.num_handles = num_handles,
		.word_size = sizeof(void*),
	};

	return zx_dev_ioctl(request, (unsigned long)&a);
}

zx_status_t zx_channel_write(zx_handle_t handle, uint32_t options,
			     const void* bytes, uint32_t num_bytes,
			     const zx_handle_t* handles, uint32_t num_handles)
{
	return zx_channel_write_common(ZX_IOC_CHANNEL_WRITE, handle, options,
				       bytes, num_bytes, handles, num_handles);
}

zx_status_t zx_channel_write_etc(zx_handle_t handle, uint32_t options,
				 const void* bytes, uint32_t num_bytes,
				 zx_handle_disposition_t* handles,
				 uint32_t num_handles)
{
	return zx_channel_write_common(ZX_IOC_CHANNEL_WRITE_ETC, handle,
				       options, bytes, num_bytes, handles,
				       num_handles);
}

static zx_status_t zx_channel_read_common(unsigned long request,
					  zx_handle_t handle, uint32_t options,
					  void* bytes, void* handles,
					  uint32_t num_bytes,
					  uint32_t num_handles,
					  uint32_t* actual_bytes,
					  uint32_t* actual_handles)
{
	struct zx_ioc_channel_read a = {
		.handle = handle,
		.options = options,
		.bytes = zx_ptr(bytes),
		.handles = zx_ptr(handles),
		.num_bytes = num_bytes,
		.num_handles = num_handles,
		.actual_bytes = zx_ptr(actual_bytes),
		.actual_handles = zx_ptr(actual_handles),
	};

	return zx_dev_ioctl(request, (unsigned long)&a);
}

zx_status_t zx_channel_read(zx_handle_t handle, uint32_t options, void* bytes,
			    zx_handle_t* handles, uint32_t num_bytes,
			    uint32_t num_handles, uint32_t* actual_bytes,
			    uint32_t* actual_handles)
{
	return zx_channel_read_common(ZX_IOC_CHANNEL_READ, handle, options,
				      bytes, handles, num_bytes, num_handles,
				      actual_bytes, actual_handles);
}

zx_status_t zx_channel_read_etc(zx_handle_t handle, uint32_t options,
				void* bytes, zx_handle_info_t* handles,
				uint32_t num_bytes, uint32_t num_handles,
				uint32_t* actual_bytes, uint32_t* actual_handles)
{
	return zx_channel_read_common(ZX_IOC_CHANNEL_READ_ETC, handle, options,
				      bytes, handles, num_bytes, num_handles,
				      actual_bytes, actual_handles);
}

/*
 * The module reads *args itself (so a bad pointer is ZX_ERR_INVALID_ARGS,
 * not a crash here).  A Linux signal makes the ioctl restart, and the
 * module resumes the same call's wait: the message is sent once.
 */
static zx_status_t zx_channel_call_common(unsigned long request,
					  zx_handle_t handle, uint32_t options,
					  zx_time_t deadline, const void* args,
					  uint32_t* actual_bytes,
					  uint32_t* actual_handles)
{
	struct zx_ioc_channel_call a = {
		.handle = handle,
		.options = options,
		.deadline = deadline,
		.args = zx_ptr(args),
		.actual_bytes = zx_ptr(actual_bytes),
		.actual_handles = zx_ptr(actual_handles),
		.word_size = sizeof(void*),
	};

	return zx_dev_ioctl(request, (unsigned long)&a);
}

zx_status_t zx_channel_call(zx_handle_t handle, uint32_t options,
			    zx_time_t deadline,
			    const zx_channel_call_args_t* args,
			    uint32_t* actual_bytes, uint32_t* actual_handles)
{
	return zx_channel_call_common(ZX_IOC_CHANNEL_CALL, handle, options,
				      deadline, args, actual_bytes,
				      actual_handles);
}

zx_status_t zx_channel_call_etc(zx_handle_t handle, uint32_t options,
				zx_time_t deadline,
				zx_channel_call_etc_args_t* args,
				uint32_t* actual_bytes,
				uint32_t* actual_handles)
{
	return zx_channel_call_common(ZX_IOC_CHANNEL_CALL_ETC, handle, options,
				      deadline, args, actual_bytes,
				      actual_handles);
}
