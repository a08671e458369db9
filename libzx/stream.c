/* SPDX-License-Identifier: MIT */
/*
 * Streams: zx_stream_create(), the four vector calls and zx_stream_seek(),
 * one ioctl each.  The iovec array and *actual are passed as they are,
 * with the caller's word size.
 */
#include <linux/zircon.h>
#include <zircon/linux.h>
#include <zircon/syscalls.h>

#include "zx_private.h"

zx_status_t zx_stream_create(uint32_t options, zx_handle_t vmo,
			     zx_off_t seek, zx_handle_t *out_stream)
{
	struct zx_ioc_stream_create a = {
		.options = options,
		.vmo = vmo,
		.seek = seek,
		.out = zx_ptr(out_stream),
	};

	return zx_dev_ioctl(ZX_IOC_STREAM_CREATE, (unsigned long)&a);
}

static zx_status_t zx_stream_io(unsigned long request, zx_handle_t handle,
				uint32_t options, zx_off_t offset,
				const zx_iovec_t *vector, size_t num_vector,
				size_t *actual)
{
	struct zx_ioc_stream_io a = {
		.handle = handle,
		.options = options,
		.offset = offset,
		.vector = zx_ptr(vector),
		.num_vector = num_vector,
		.actual = zx_ptr(actual),
		.word_size = sizeof(void *),
	};

	return zx_dev_ioctl(request, (unsigned long)&a);
}

zx_status_t zx_stream_writev(zx_handle_t handle, uint32_t options,
			     const zx_iovec_t *vector, size_t num_vector,
			     size_t *actual)
{
	return zx_stream_io(ZX_IOC_STREAM_WRITEV, handle, options, 0, vector,
			    num_vector, actual);
}

zx_status_t zx_stream_writev_at(zx_handle_t handle, uint32_t options,
				zx_off_t offset, const zx_iovec_t *vector,
				size_t num_vector, size_t *actual)
{
	return zx_stream_io(ZX_IOC_STREAM_WRITEV_AT, handle, options, offset,
			    vector, num_vector, actual);
}

zx_status_t zx_stream_readv(zx_handle_t handle, uint32_t options,
			    zx_iovec_t *vector, size_t num_vector,
			    size_t *actual)
{
	return zx_stream_io(ZX_IOC_STREAM_READV, handle, options, 0, vector,
			    num_vector, actual);
}

zx_status_t zx_stream_readv_at(zx_handle_t handle, uint32_t options,
			       zx_off_t offset, zx_iovec_t *vector,
			       size_t num_vector, size_t *actual)
{
	return zx_stream_io(ZX_IOC_STREAM_READV_AT, handle, options, offset,
			    vector, num_vector, actual);
}

zx_status_t zx_stream_seek(zx_handle_t handle, zx_stream_seek_origin_t whence,
			   int64_t offset, zx_off_t *out_seek)
{
	struct zx_ioc_stream_seek a = {
		.handle = handle,
		.whence = whence,
		.offset = offset,
		.out_seek = zx_ptr(out_seek),
	};

	return zx_dev_ioctl(ZX_IOC_STREAM_SEEK, (unsigned long)&a);
}
