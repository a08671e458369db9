/* SPDX-License-Identifier: MIT */
/*
 * The Zircon calls libzx provides.  Each has Zircon's name and prototype,
 * so code written for Fuchsia compiles unchanged; libzx carries them out
 * through the zircon kernel module (/dev/zircon).
 *
 * Only calls libzx implements are declared here.  A program that uses any
 * other Zircon call fails to compile rather than to link.
 */
#ifndef ZIRCON_SYSCALLS_H_
#define ZIRCON_SYSCALLS_H_

#include <zircon/status.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/port.h>
#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Handles ---- */

zx_status_t zx_handle_close(zx_handle_t handle);
zx_status_t zx_handle_close_many(const zx_handle_t *handles,
				 size_t num_handles);
zx_status_t zx_handle_duplicate(zx_handle_t handle, zx_rights_t rights,
				zx_handle_t *out);
zx_status_t zx_handle_replace(zx_handle_t handle, zx_rights_t rights,
			      zx_handle_t *out);

/* ---- Objects ---- */

zx_status_t zx_object_get_info(zx_handle_t handle, uint32_t topic,
			       void *buffer, size_t buffer_size,
			       size_t *actual, size_t *avail);
zx_status_t zx_object_get_property(zx_handle_t handle, uint32_t property,
				   void *value, size_t value_size);
zx_status_t zx_object_set_property(zx_handle_t handle, uint32_t property,
				   const void *value, size_t value_size);
zx_status_t zx_object_signal(zx_handle_t handle, uint32_t clear_mask,
			     uint32_t set_mask);
zx_status_t zx_object_signal_peer(zx_handle_t handle, uint32_t clear_mask,
				  uint32_t set_mask);
zx_status_t zx_object_wait_one(zx_handle_t handle, zx_signals_t signals,
			       zx_instant_mono_t deadline,
			       zx_signals_t *observed);
zx_status_t zx_object_wait_many(zx_wait_item_t *items, size_t num_items,
				zx_instant_mono_t deadline);
zx_status_t zx_object_wait_async(zx_handle_t handle, zx_handle_t port,
				 uint64_t key, zx_signals_t signals,
				 uint32_t options);
zx_status_t zx_handle_check_valid(zx_handle_t handle);

/* ---- Ports ---- */

zx_status_t zx_port_create(uint32_t options, zx_handle_t *out);
zx_status_t zx_port_queue(zx_handle_t handle, const zx_port_packet_t *packet);
zx_status_t zx_port_wait(zx_handle_t handle, zx_instant_mono_t deadline,
			 zx_port_packet_t *packet);
zx_status_t zx_port_cancel(zx_handle_t handle, zx_handle_t source,
			   uint64_t key);
zx_status_t zx_port_cancel_key(zx_handle_t handle, uint32_t options,
			       uint64_t key);

/* ---- Timers ---- */

zx_status_t zx_timer_create(uint32_t options, zx_clock_t clock_id,
			    zx_handle_t *out);
zx_status_t zx_timer_set(zx_handle_t handle, zx_instant_mono_t deadline,
			 zx_duration_mono_t slack);
zx_status_t zx_timer_cancel(zx_handle_t handle);

/* ---- Streams ---- */

zx_status_t zx_stream_create(uint32_t options, zx_handle_t vmo,
			     zx_off_t seek, zx_handle_t *out_stream);
zx_status_t zx_stream_writev(zx_handle_t handle, uint32_t options,
			     const zx_iovec_t *vector, size_t num_vector,
			     size_t *actual);
zx_status_t zx_stream_writev_at(zx_handle_t handle, uint32_t options,
				zx_off_t offset, const zx_iovec_t *vector,
				size_t num_vector, size_t *actual);
zx_status_t zx_stream_readv(zx_handle_t handle, uint32_t options,
			    zx_iovec_t *vector, size_t num_vector,
			    size_t *actual);
zx_status_t zx_stream_readv_at(zx_handle_t handle, uint32_t options,
			       zx_off_t offset, zx_iovec_t *vector,
			       size_t num_vector, size_t *actual);
zx_status_t zx_stream_seek(zx_handle_t handle, zx_stream_seek_origin_t whence,
			   int64_t offset, zx_off_t *out_seek);

/* ---- Events and event pairs ---- */

zx_status_t zx_event_create(uint32_t options, zx_handle_t *out);
zx_status_t zx_eventpair_create(uint32_t options, zx_handle_t *out0,
				zx_handle_t *out1);

/* ---- Channels ---- */

zx_status_t zx_channel_create(uint32_t options, zx_handle_t *out0,
			      zx_handle_t *out1);
zx_status_t zx_channel_write(zx_handle_t handle, uint32_t options,
			     const void *bytes, uint32_t num_bytes,
			     const zx_handle_t *handles, uint32_t num_handles);
zx_status_t zx_channel_write_etc(zx_handle_t handle, uint32_t options,
				 const void *bytes, uint32_t num_bytes,
				 zx_handle_disposition_t *handles,
				 uint32_t num_handles);
zx_status_t zx_channel_read(zx_handle_t handle, uint32_t options, void *bytes,
			    zx_handle_t *handles, uint32_t num_bytes,
			    uint32_t num_handles, uint32_t *actual_bytes,
			    uint32_t *actual_handles);
zx_status_t zx_channel_read_etc(zx_handle_t handle, uint32_t options,
				void *bytes, zx_handle_info_t *handles,
				uint32_t num_bytes, uint32_t num_handles,
				uint32_t *actual_bytes,
				uint32_t *actual_handles);
zx_status_t zx_channel_call(zx_handle_t handle, uint32_t options,
			    zx_instant_mono_t deadline,
			    const zx_channel_call_args_t *args,
			    uint32_t *actual_bytes, uint32_t *actual_handles);
zx_status_t zx_channel_call_etc(zx_handle_t handle, uint32_t options,
				zx_instant_mono_t deadline,
				zx_channel_call_etc_args_t *args,
				uint32_t *actual_bytes,
				uint32_t *actual_handles);

/* ---- Sockets ---- */

zx_status_t zx_socket_create(uint32_t options, zx_handle_t *out0,
			     zx_handle_t *out1);
zx_status_t zx_socket_write(zx_handle_t handle, uint32_t options,
			    const void *buffer, size_t buffer_size,
			    size_t *actual);
zx_status_t zx_socket_read(zx_handle_t handle, uint32_t options,
			   void *buffer, size_t buffer_size, size_t *actual);
zx_status_t zx_socket_set_disposition(zx_handle_t handle,
				      uint32_t disposition,
				      uint32_t disposition_peer);

/* ---- FIFOs ---- */

zx_status_t zx_fifo_create(size_t elem_count, size_t elem_size,
			   uint32_t options, zx_handle_t *out0,
			   zx_handle_t *out1);
zx_status_t zx_fifo_write(zx_handle_t handle, size_t elem_size,
			  const void *data, size_t count,
			  size_t *actual_count);
zx_status_t zx_fifo_read(zx_handle_t handle, size_t elem_size, void *data,
			 size_t data_size, size_t *actual_count);

/* ---- Time ---- */

zx_instant_mono_t zx_clock_get_monotonic(void);
zx_instant_boot_t zx_clock_get_boot(void);
zx_instant_mono_ticks_t zx_ticks_get(void);
zx_instant_boot_ticks_t zx_ticks_get_boot(void);
zx_ticks_t zx_ticks_per_second(void);
zx_instant_mono_t zx_deadline_after(zx_duration_mono_t nanoseconds);
zx_status_t zx_nanosleep(zx_instant_mono_t deadline);

/* ---- System information (answered by libzx) ---- */

uint32_t zx_system_get_page_size(void);
uint32_t zx_system_get_num_cpus(void);
uint64_t zx_system_get_physmem(void);
uint32_t zx_system_get_dcache_line_size(void);
zx_string_view_t zx_system_get_version_string(void);
zx_status_t zx_system_get_features(uint32_t kind, uint32_t *features);
zx_status_t zx_system_get_event(zx_handle_t root_job, uint32_t kind,
				zx_handle_t *event);

/* ---- Random numbers ---- */

void zx_cprng_draw(void *buffer, size_t buffer_size);
zx_status_t zx_cprng_add_entropy(const void *buffer, size_t buffer_size);

/* ---- Futexes (Linux futexes; see Documentation/zircon.rst) ---- */

zx_status_t zx_futex_wait(const zx_futex_t *value_ptr,
			  zx_futex_t current_value,
			  zx_handle_t new_futex_owner,
			  zx_instant_mono_t deadline);
zx_status_t zx_futex_wake(const zx_futex_t *value_ptr, uint32_t wake_count);
zx_status_t zx_futex_wake_single_owner(const zx_futex_t *value_ptr);
zx_status_t zx_futex_requeue(const zx_futex_t *value_ptr,
			     uint32_t wake_count, zx_futex_t current_value,
			     const zx_futex_t *requeue_ptr,
			     uint32_t requeue_count,
			     zx_handle_t new_requeue_owner);
zx_status_t zx_futex_requeue_single_owner(const zx_futex_t *value_ptr,
					  zx_futex_t current_value,
					  const zx_futex_t *requeue_ptr,
					  uint32_t requeue_count,
					  zx_handle_t new_requeue_owner);
zx_status_t zx_futex_get_owner(const zx_futex_t *value_ptr,
			       zx_koid_t *koid);

/* ---- Virtual memory objects ---- */

zx_status_t zx_vmo_create(uint64_t size, uint32_t options, zx_handle_t *out);
zx_status_t zx_vmo_read(zx_handle_t handle, void *buffer, uint64_t offset,
			size_t buffer_size);
zx_status_t zx_vmo_write(zx_handle_t handle, const void *buffer,
			 uint64_t offset, size_t buffer_size);
zx_status_t zx_vmo_get_size(zx_handle_t handle, uint64_t *size);
zx_status_t zx_vmo_set_size(zx_handle_t handle, uint64_t size);
zx_status_t zx_vmo_get_stream_size(zx_handle_t handle, uint64_t *size);
zx_status_t zx_vmo_set_stream_size(zx_handle_t handle, uint64_t size);
zx_status_t zx_vmo_op_range(zx_handle_t handle, uint32_t op, uint64_t offset,
			    uint64_t size, void *buffer, size_t buffer_size);
zx_status_t zx_vmo_create_child(zx_handle_t handle, uint32_t options,
				uint64_t offset, uint64_t size,
				zx_handle_t *out);
zx_status_t zx_vmo_set_cache_policy(zx_handle_t handle,
				    uint32_t cache_policy);
zx_status_t zx_vmo_replace_as_executable(zx_handle_t handle,
					 zx_handle_t vmex, zx_handle_t *out);

/* ---- Cache maintenance ---- */

zx_status_t zx_cache_flush(const void *addr, size_t len, uint32_t options);

/* ---- Virtual memory address regions ---- */

zx_handle_t zx_vmar_root_self(void);
zx_status_t zx_vmar_map(zx_handle_t handle, zx_vm_option_t options,
			size_t vmar_offset, zx_handle_t vmo,
			uint64_t vmo_offset, size_t len,
			zx_vaddr_t *mapped_addr);
zx_status_t zx_vmar_unmap(zx_handle_t handle, zx_vaddr_t addr, size_t len);
zx_status_t zx_vmar_protect(zx_handle_t handle, zx_vm_option_t options,
			    zx_vaddr_t addr, size_t len);
/*
 * Sub-regions of the caller's own address space, reserved with PROT_NONE
 * mappings (Documentation/zircon.rst, "VMAR sub-regions").
 */
zx_status_t zx_vmar_allocate(zx_handle_t parent_vmar, zx_vm_option_t options,
			     size_t offset, size_t size,
			     zx_handle_t *child_vmar, zx_vaddr_t *child_addr);
zx_status_t zx_vmar_destroy(zx_handle_t handle);
zx_status_t zx_vmar_op_range(zx_handle_t handle, uint32_t op,
			     zx_vaddr_t address, size_t size, void *buffer,
			     size_t buffer_size);

/* ---- Processes, threads and jobs ---- */

/*
 * zx_process_self(), zx_thread_self() and zx_job_default() are declared in
 * <zircon/process.h>.  zx_task_kill() on a thread is ZX_ERR_NOT_SUPPORTED
 * (Linux signals thread groups); on a process or job, the caller must be
 * allowed to kill(2) each process.  zx_process_exit() ends the thread
 * group with exit status retcode & 0xff.
 */
zx_status_t zx_task_kill(zx_handle_t handle);
__attribute__((noreturn)) void zx_process_exit(int64_t retcode);
zx_status_t zx_job_create(zx_handle_t parent_job, uint32_t options,
			  zx_handle_t *out);
zx_status_t zx_object_get_child(zx_handle_t handle, uint64_t koid,
				zx_rights_t rights, zx_handle_t *out);

/*
 * zx_process_read_memory() needs ZX_RIGHT_READ and ZX_RIGHT_WRITE,
 * zx_process_write_memory() ZX_RIGHT_WRITE; then Linux's ptrace access
 * check (at the open of /proc/PID/mem) must let the caller in, else
 * ZX_ERR_ACCESS_DENIED.  An address with nothing mapped: ZX_ERR_NOT_FOUND.
 * A transfer goes on across adjacent mappings and stops at the first
 * address it cannot reach; *actual says how far it got.
 */
zx_status_t zx_process_read_memory(zx_handle_t handle, zx_vaddr_t vaddr,
				   void *buffer, size_t buffer_size,
				   size_t *actual);
zx_status_t zx_process_write_memory(zx_handle_t handle, zx_vaddr_t vaddr,
				    const void *buffer, size_t buffer_size,
				    size_t *actual);

/*
 * No suspension here (Documentation/zircon.rst, "Tasks"): after Zircon's
 * checks (a valid handle, ZX_RIGHT_WRITE, a process or thread), both
 * answer ZX_ERR_NOT_SUPPORTED and make no token.
 */
zx_status_t zx_task_suspend(zx_handle_t handle, zx_handle_t *token);
zx_status_t zx_task_suspend_token(zx_handle_t handle, zx_handle_t *token);

/*
 * ---- Interrupts, guests, pagers ----
 *
 * There are no such objects here.  Each call exists and answers as Zircon
 * does for a handle of another type: ZX_ERR_BAD_HANDLE for a handle that
 * is not valid, ZX_ERR_WRONG_TYPE for any valid one; the creating calls
 * answer ZX_ERR_NOT_SUPPORTED (Documentation/zircon.rst, "Objects that do
 * not exist here").
 */

zx_status_t zx_interrupt_create(zx_handle_t src_obj, uint32_t src_num,
				uint32_t options, zx_handle_t *out_handle);
zx_status_t zx_interrupt_bind(zx_handle_t handle, zx_handle_t port_handle,
			      uint64_t key, uint32_t options);
zx_status_t zx_interrupt_wait(zx_handle_t handle,
			      zx_instant_boot_t *out_timestamp);
zx_status_t zx_interrupt_destroy(zx_handle_t handle);
zx_status_t zx_interrupt_ack(zx_handle_t handle);
zx_status_t zx_interrupt_trigger(zx_handle_t handle, uint32_t options,
				 zx_instant_boot_t timestamp);
zx_status_t zx_guest_create(zx_handle_t resource, uint32_t options,
			    zx_handle_t *guest_handle,
			    zx_handle_t *vmar_handle);
zx_status_t zx_guest_set_trap(zx_handle_t handle, uint32_t kind,
			      zx_vaddr_t addr, size_t size,
			      zx_handle_t port_handle, uint64_t key);
zx_status_t zx_pager_create(uint32_t options, zx_handle_t *out);
zx_status_t zx_pager_create_vmo(zx_handle_t pager, uint32_t options,
				zx_handle_t port, uint64_t key, uint64_t size,
				zx_handle_t *out);
zx_status_t zx_pager_detach_vmo(zx_handle_t pager, zx_handle_t vmo);

/* zx_status_get_string() is declared in <zircon/status.h>. */

#ifdef __cplusplus
}
#endif

#endif /* ZIRCON_SYSCALLS_H_ */
