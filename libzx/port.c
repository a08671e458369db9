/* SPDX-License-Identifier: MIT */
/*
 * Ports, asynchronous waits, zx_object_wait_many(), timers and
 * zx_handle_check_valid(): one ioctl each.
 */
#include <linux/zircon.h>
#include <zircon/linux.h>
#include <zircon/syscalls.h>

#include "zx_private.h"

zx_status_t zx_handle_check_valid(zx_handle_t handle)
{
	return zx_dev_ioctl(ZX_IOC_HANDLE_CHECK_VALID, handle);
}

zx_status_t zx_object_wait_many(zx_wait_item_t* items, size_t num_items,
				zx_instant_mono_t deadline)
{
	struct zx_ioc_object_wait_many a = {
		.items = zx_ptr(items),
		.deadline = deadline,
	};

	/* Past the limit the module answers OUT_OF_RANGE: keep it so. */
	a.num_items = num_items > UINT32_MAX ? UINT32_MAX : (uint32_t)num_items;
	return zx_dev_ioctl(ZX_IOC_OBJECT_WAIT_MANY, (unsigned long)&a);
}

zx_status_t zx_object_wait_async(zx_handle_t handle, zx_handle_t port,
				 uint64_t key, zx_signals_t signals,
				 uint32_t options)
{
	struct zx_ioc_object_wait_async a = {
		.handle = handle,
		.port = port,
		.key = key,
		.signals = signals,
		.options = options,
	};

	return zx_dev_ioctl(ZX_IOC_OBJECT_WAIT_ASYNC, (unsigned long)&a);
}

zx_status_t zx_port_create(uint32_t options, zx_handle_t* out)
{
	struct zx_ioc_create a = {
		.options = options,
		.out0 = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_PORT_CREATE, (unsigned long)&a);
}

zx_status_t zx_port_queue(zx_handle_t handle, const zx_port_packet_t* packet)
{
	struct zx_ioc_port_queue a = {
		.handle = handle,
		.packet = zx_ptr(packet),
	};

	return zx_dev_ioctl(ZX_IOC_PORT_QUEUE, (unsigned long)&a);
}

zx_status_t zx_port_wait(zx_handle_t handle, zx_instant_mono_t deadline,
			 zx_port_packet_t* packet)
{
	struct zx_ioc_port_wait a = {
		.handle = handle,
		.deadline = deadline,
		.packet = zx_ptr(packet),
	};

	return zx_dev_ioctl(ZX_IOC_PORT_WAIT, (unsigned long)&a);
}

zx_status_t zx_port_cancel(zx_handle_t handle, zx_handle_t source,
			   uint64_t key)
{
	struct zx_ioc_port_cancel a = {
		.handle = handle,
		.source = source,
		.key = key,
	};

	return zx_dev_ioctl(ZX_IOC_PORT_CANCEL, (unsigned long)&a);
}

zx_status_t zx_port_cancel_key(zx_handle_t handle, uint32_t options,
			       uint64_t key)
{
	struct zx_ioc_port_cancel_key a = {
		.handle = handle,
		.options = options,
		.key = key,
	};

	return zx_dev_ioctl(ZX_IOC_PORT_CANCEL_KEY, (unsigned long)&a);
}

zx_status_t zx_linux_port_fd(zx_handle_t port, uint32_t options, int* out_fd)
{
	struct zx_ioc_port_fd a = {
		.handle = port,
		.flags = options,
		.out_fd = zx_ptr(out_fd),
	};

	return zx_dev_ioctl(ZX_IOC_PORT_FD, (unsigned long)&a);
}

zx_status_t zx_timer_create(uint32_t options, zx_clock_t clock_id,
			    zx_handle_t* out)
{
	struct zx_ioc_timer_create a = {
		.options = options,
		.clock_id = clock_id,
		.out = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_TIMER_CREATE, (unsigned long)&a);
}

zx_status_t zx_timer_set(zx_handle_t handle, zx_instant_mono_t deadline,
			 zx_duration_mono_t slack)
{
	struct zx_ioc_timer_set a = {
		.handle = handle,
		.deadline = deadline,
		.slack = slack,
	};

	return zx_dev_ioctl(ZX_IOC_TIMER_SET, (unsigned long)&a);
}

zx_status_t zx_timer_cancel(zx_handle_t handle)
{
	return zx_dev_ioctl(ZX_IOC_TIMER_CANCEL, handle);
}
