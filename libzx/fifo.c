/* SPDX-License-Identifier: MIT */
/* FIFOs: zx_fifo_create(), zx_fifo_write(), zx_fifo_read(). */
#include <linux/zircon.h>

#include <zircon/syscalls.h>

#include "zx_private.h"

zx_status_t zx_fifo_create(size_t elem_count, size_t elem_size,
			   uint32_t options, zx_handle_t* out0,
			   zx_handle_t* out1)
{
	struct zx_ioc_fifo_create a = {
		.elem_count = elem_count,
		.elem_size = elem_size,
		.options = options,
		.out0 = zx_ptr(out0),
		.out1 = zx_ptr(out1),
	};

	return zx_dev_ioctl(ZX_IOC_FIFO_CREATE, (unsigned long)&a);
}

static zx_status_t zx_fifo_rw(unsigned long request, zx_handle_t handle,
			      size_t elem_size, const void* data,
			      size_t count, size_t* actual_count)
{
	struct zx_ioc_fifo_rw a = {
		.handle = handle,
		.word_size = sizeof(size_t),
		.elem_size = elem_size,
		.data = zx_ptr(data),
		.count = count,
		.actual = zx_ptr(actual_count),
	};

	return zx_dev_ioctl(request, (unsigned long)&a);
}

zx_status_t zx_fifo_write(zx_handle_t handle, size_t elem_size,
			  const void* data, size_t count,
			  size_t* actual_count)
{
	return zx_fifo_rw(ZX_IOC_FIFO_WRITE, handle, elem_size, data, count,
			  actual_count);
}

zx_status_t zx_fifo_read(zx_handle_t handle, size_t elem_size, void* data,
			 size_t data_size, size_t* actual_count)
{
	return zx_fifo_rw(ZX_IOC_FIFO_READ, handle, elem_size, data,
			  data_size, actual_count);
}
