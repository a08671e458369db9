/* SPDX-License-Identifier: MIT */
/* Objects: info, properties, signals, waits; events and event pairs. */
#include <linux/zircon.h>
#include <zircon/syscalls.h>

#include "zx_private.h"

zx_status_t zx_object_get_info(zx_handle_t handle, uint32_t topic,
			       void* buffer, size_t buffer_size,
			       size_t* actual, size_t* avail)
{
	struct zx_ioc_object_get_info a = {
		.handle = handle,
		.topic = topic,
		.buffer = zx_ptr(buffer),
		.buffer_size = buffer_size,
		.actual = zx_ptr(actual),
		.avail = zx_ptr(avail),
		.word_size = sizeof(size_t),
	};

	return zx_dev_ioctl(ZX_IOC_OBJECT_GET_INFO, (unsigned long)&a);
}

zx_status_t zx_object_get_property(zx_handle_t handle, uint32_t property,
				   void* value, size_t value_size)
{
	struct zx_ioc_object_property a = {
		.handle = handle,
		.property = property,
		.value = zx_ptr(value),
		.value_size = value_size,
	};

	return zx_dev_ioctl(ZX_IOC_OBJECT_GET_PROPERTY, (unsigned long)&a);
}

zx_status_t zx_object_set_property(zx_handle_t handle, uint32_t property,
				   const void* value, size_t value_size)
{
	struct zx_ioc_object_property a = {
		.handle = handle,
		.property = property,
		.value = zx_ptr(value),
		.value_size = value_size,
	};

	return zx_dev_ioctl(ZX_IOC_OBJECT_SET_PROPERTY, (unsigned long)&a);
}

static zx_status_t zx_signal(unsigned long request, zx_handle_t handle,
			     uint32_t clear_mask, uint32_t set_mask)
{
	struct zx_ioc_object_signal a = {
		.handle = handle,
		.clear_mask = clear_mask,
		.set_mask = set_mask,
	};

	return zx_dev_ioctl(request, (unsigned long)&a);
}

zx_status_t zx_object_signal(zx_handle_t handle, uint32_t clear_mask,
			     uint32_t set_mask)
{
	return zx_signal(ZX_IOC_OBJECT_SIGNAL, handle, clear_mask, set_mask);
}

zx_status_t zx_object_signal_peer(zx_handle_t handle, uint32_t clear_mask,
				  uint32_t set_mask)
{
	return zx_signal(ZX_IOC_OBJECT_SIGNAL_PEER, handle, clear_mask,
			 set_mask);
}

zx_status_t zx_object_wait_one(zx_handle_t handle, zx_signals_t signals,
			       zx_time_t deadline, zx_signals_t* observed)
{
	struct zx_ioc_object_wait_one a = {
		.handle = handle,
		.signals = signals,
		.deadline = deadline,
		.observed = zx_ptr(observed),
	};

	return zx_dev_ioctl(ZX_IOC_OBJECT_WAIT_ONE, (unsigned long)&a);
}

zx_status_t zx_event_create(uint32_t options, zx_handle_t* out)
{
	struct zx_ioc_create a = {
		.options = options,
		.out0 = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_EVENT_CREATE, (unsigned long)&a);
}

zx_status_t zx_eventpair_create(uint32_t options, zx_handle_t* out0,
				zx_handle_t* out1)
{
	struct zx_ioc_create a = {
		.options = options,
		.out0 = zx_ptr(out0),
		.out1 = zx_ptr(out1),
	};

	return zx_dev_ioctl(ZX_IOC_EVENTPAIR_CREATE, (unsigned long)&a);
}
