/* SPDX-License-Identifier: MIT */
/* Sockets: one ioctl each. */
#include <linux/zircon.h>
#include <zircon/syscalls.h>

#include "zx_private.h"

zx_status_t zx_socket_create(uint32_t options, zx_handle_t* out0,
			     zx_handle_t* out1)
{
	struct zx_ioc_create a = {
		.options = options,
		.out0 = zx_ptr(out0),
		.out1 = zx_ptr(out1),
	};

	return zx_dev_ioctl(ZX_IOC_SOCKET_CREATE, (unsigned long)&a);
}

static zx_status_t zx_socket_rw(unsigned long request, zx_handle_t handle,
				uint32_t options, const void* buffer,
				size_t buffer_size, size_t* actual)
{
	struct zx_ioc_socket_rw a = {
		.handle = handle,
		.options = options,
		.buffer = zx_ptr(buffer),
		.size = buffer_size,
		.actual = zx_ptr(actual),
		.word_size = sizeof(size_t),
	};

	return zx_dev_ioctl(request, (unsigned long)&a);
}

zx_status_t zx_socket_write(zx_handle_t handle, uint32_t options,
			    const void* buffer, size_t buffer_size,
			    size_t* actual)
{
	return zx_socket_rw(ZX_IOC_SOCKET_WRITE, handle, options, buffer,
			    buffer_size, actual);
}

zx_status_t zx_socket_read(zx_handle_t handle, uint32_t options,
			   void* buffer, size_t buffer_size, size_t* actual)
{
	return zx_socket_rw(ZX_IOC_SOCKET_READ, handle, options, buffer,
			    buffer_size, actual);
}

zx_status_t zx_socket_set_disposition(zx_handle_t handle,
				      uint32_t disposition,
				      uint32_t disposition_peer)
{
	struct zx_ioc_socket_disposition a = {
		.handle = handle,
		.disposition = disposition,
		.disposition_peer = disposition_peer,
	};

	return zx_dev_ioctl(ZX_IOC_SOCKET_SET_DISPOSITION, (unsigned long)&a);
}
