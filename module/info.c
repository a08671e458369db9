// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_get_info(), zx_object_get_property(), zx_object_set_property().
 *
 * No locks of its own; an object's name is under zx_object.lock (object.c).
 */
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"
#include "syscalls.h"

/**
 * zx_put_count() - store a count at a user address of a stated width
 * @uptr: the user address, or 0 for none
 * @width: 4 or 8: the caller's size_t
 * @count: the count
 *
 * Return: 0, or -EFAULT if the address cannot be written.
 */
int zx_put_count(u64 uptr, u32 width, size_t count)
{
	if (!uptr)
		return 0;
	if (width == sizeof(u32))
		return put_user((u32)count, (u32 __user *)zx_uptr(uptr));
	return put_user((u64)count, (u64 __user *)zx_uptr(uptr));
}

/**
 * zx_single_record() - answer a topic that has exactly one record
 * @a: the zx_object_get_info() arguments
 * @rec: the record
 * @size: its size
 *
 * Zircon reports actual (0 or 1) and avail (1) even when the buffer is
 * too small.
 *
 * Return: ZX_OK, ZX_ERR_BUFFER_TOO_SMALL, or ZX_ERR_INVALID_ARGS for a
 * buffer or count that cannot be written.
 */
zx_status_t zx_single_record(const struct zx_ioc_object_get_info *a,
			     const void *rec, size_t size)
{
	size_t actual = a->buffer_size >= size ? 1 : 0;

	if (actual && zx_copy_out(zx_uptr(a->buffer), rec, size))
		return ZX_ERR_INVALID_ARGS;
	if (zx_put_count(a->actual, a->word_size, actual) ||
	    zx_put_count(a->avail, a->word_size, 1))
		return ZX_ERR_INVALID_ARGS;
	return actual ? ZX_OK : ZX_ERR_BUFFER_TOO_SMALL;
}

/**
 * zx_vmo_info_size() - the size of a zx_info_vmo_t record by topic version
 * @topic: a ZX_INFO_VMO or ZX_INFO_PROCESS_VMOS topic, any version
 *
 * Return: the size of the record's version (each a prefix of the next).
 */
size_t zx_vmo_info_size(u32 topic)
{
	switch (topic) {
	case ZX_INFO_VMO_V1:
	case ZX_INFO_PROCESS_VMOS_V1:
		return offsetof(struct zx_abi_info_vmo, metadata_bytes);
	case ZX_INFO_VMO_V2:
	case ZX_INFO_PROCESS_VMOS_V2:
		return offsetof(struct zx_abi_info_vmo, populated_bytes);
	case ZX_INFO_VMO_V3:
	case ZX_INFO_PROCESS_VMOS_V3:
		return offsetof(struct zx_abi_info_vmo,
				committed_private_bytes);
	default:
		return sizeof(struct zx_abi_info_vmo);
	}
}

/* The records of the topics in zx_info_topics[]. */
union zx_info_rec {
	struct zx_abi_info_handle_basic basic;
	struct zx_abi_info_handle_count count;
	struct zx_abi_info_vmo vmo;
	struct zx_abi_info_vmar vmar;
	struct zx_abi_info_timer timer;
	struct zx_abi_info_stream stream;
	struct zx_abi_info_socket socket;
};

/*
 * A topic with one record: @is_type, when set, says which objects have it
 * (else ZX_ERR_WRONG_TYPE), @rights the rights the handle needs (checked
 * after the type; else ZX_ERR_ACCESS_DENIED), and @fill, when set, builds
 * the record in the zeroed @rec and returns its size in *@size
 * (ZX_INFO_HANDLE_VALID has none).
 */
struct zx_info_topic {
	u32 topic;
	zx_obj_type_t type;		/* ZX_OBJ_TYPE_NONE: any type */
	zx_rights_t rights;
	zx_status_t (*fill)(struct zx_object *obj, zx_rights_t rights,
			    u32 topic, union zx_info_rec *rec, size_t *size);
};

static zx_status_t zx_info_basic(struct zx_object *obj, zx_rights_t rights,
				 u32 topic, union zx_info_rec *rec,
				 size_t *size)
{
	rec->basic.koid = obj->koid;
	rec->basic.rights = rights;
	rec->basic.type = obj->ops->type;
	rec->basic.related_koid = obj->related_koid;
	rec->basic.props = obj->ops->not_waitable ? ZX_OBJ_PROP_NONE :
			   ZX_OBJ_PROP_WAITABLE;
	*size = sizeof(rec->basic);
	return ZX_OK;
}

static zx_status_t zx_info_count(struct zx_object *obj, zx_rights_t rights,
				 u32 topic, union zx_info_rec *rec,
				 size_t *size)
{
	rec->count.handle_count = atomic_read(&obj->handle_count);
	*size = sizeof(rec->count);
	return ZX_OK;
}

static zx_status_t zx_info_vmo(struct zx_object *obj, zx_rights_t rights,
			       u32 topic, union zx_info_rec *rec, size_t *size)
{
	/* Each older version of the record is a prefix of the next. */
	*size = zx_vmo_info_size(topic);
	return zx_vmo_get_info(obj, rights, &rec->vmo);
}

static zx_status_t zx_info_vmar(struct zx_object *obj, zx_rights_t rights,
				u32 topic, union zx_info_rec *rec,
				size_t *size)
{
	zx_vmar_get_info(obj, &rec->vmar);
	*size = sizeof(rec->vmar);
	return ZX_OK;
}

static zx_status_t zx_info_timer(struct zx_object *obj, zx_rights_t rights,
				 u32 topic, union zx_info_rec *rec,
				 size_t *size)
{
	zx_timer_get_info(obj, &rec->timer);
	*size = sizeof(rec->timer);
	return ZX_OK;
}

static zx_status_t zx_info_stream(struct zx_object *obj, zx_rights_t rights,
				  u32 topic, union zx_info_rec *rec,
				  size_t *size)
{
	*size = sizeof(rec->stream);
	return zx_stream_get_info(obj, &rec->stream);
}

static zx_status_t zx_info_socket(struct zx_object *obj, zx_rights_t rights,
				  u32 topic, union zx_info_rec *rec,
				  size_t *size)
{
	zx_socket_get_info(obj, &rec->socket);
	*size = sizeof(rec->socket);
	return ZX_OK;
}

/* The VMO topics check their rights in zx_vmo_get_info(). */
static const struct zx_info_topic zx_info_topics[] = {
	{ ZX_INFO_HANDLE_VALID, ZX_OBJ_TYPE_NONE, 0, NULL },
	{ ZX_INFO_HANDLE_BASIC, ZX_OBJ_TYPE_NONE, 0, zx_info_basic },
	{ ZX_INFO_HANDLE_COUNT, ZX_OBJ_TYPE_NONE, ZX_RIGHT_INSPECT,
	  zx_info_count },
	{ ZX_INFO_VMO, ZX_OBJ_TYPE_VMO, 0, zx_info_vmo },
	{ ZX_INFO_VMO_V1, ZX_OBJ_TYPE_VMO, 0, zx_info_vmo },
	{ ZX_INFO_VMO_V2, ZX_OBJ_TYPE_VMO, 0, zx_info_vmo },
	{ ZX_INFO_VMO_V3, ZX_OBJ_TYPE_VMO, 0, zx_info_vmo },
	{ ZX_INFO_VMAR, ZX_OBJ_TYPE_VMAR, ZX_RIGHT_INSPECT, zx_info_vmar },
	{ ZX_INFO_TIMER, ZX_OBJ_TYPE_TIMER, ZX_RIGHT_INSPECT, zx_info_timer },
	{ ZX_INFO_STREAM, ZX_OBJ_TYPE_STREAM, ZX_RIGHT_INSPECT,
	  zx_info_stream },
	{ ZX_INFO_SOCKET, ZX_OBJ_TYPE_SOCKET, ZX_RIGHT_INSPECT,
	  zx_info_socket },
};

static const struct zx_info_topic *zx_info_topic_find(u32 topic)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(zx_info_topics); i++)
		if (zx_info_topics[i].topic == topic)
			return &zx_info_topics[i];
	return NULL;
}

/*
 * zx_object_info(): fills @rec with the record of topic @ti about @obj,
 * reached through a handle with @rights, and stores its size in *@size
 * (0 for a topic without a record).
 */
static zx_status_t zx_object_info(struct zx_object *obj, zx_rights_t rights,
				  const struct zx_info_topic *ti,
				  union zx_info_rec *rec, size_t *size)
{
	memset(rec, 0, sizeof(*rec));
	*size = 0;
	if (ti->type != ZX_OBJ_TYPE_NONE && !zx_object_is(obj, ti->type))
		return ZX_ERR_WRONG_TYPE;
	if ((rights & ti->rights) != ti->rights)
		return ZX_ERR_ACCESS_DENIED;
	if (!ti->fill)
		return ZX_OK;
	return ti->fill(obj, rights, ti->topic, rec, size);
}

/* The topics of task_info.c, which write their records themselves. */
static zx_status_t zx_task_topic_info(struct zx_table *t,
				      const struct zx_ioc_object_get_info *a)
{
	struct zx_object *obj;
	zx_rights_t rights;
	zx_status_t status;

	status = zx_handle_lookup(t, a->handle, NULL, 0, &obj, &rights);
	if (status != ZX_OK)
		return status;
	if (zx_task_info_topic(a->topic))
		status = zx_task_get_info(obj, rights, a);
	else
		status = zx_task_stats_get_info(t, obj, rights, a);
	zx_object_put(obj);
	return status;
}

/**
 * zx_ioctl_get_info() - zx_object_get_info(): copy in, look up, build the record, copy out
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_object_get_info, copied in
 *
 * Return: a Zircon status; unknown topics are ZX_ERR_NOT_SUPPORTED.
 */
zx_status_t zx_ioctl_get_info(struct zx_table *t, void *arg)
{
	const struct zx_info_topic *ti;
	struct zx_ioc_object_get_info *a = arg;
	union zx_info_rec rec;
	struct zx_object *obj;
	zx_rights_t rights;
	zx_status_t status;
	size_t size;

	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	if (a->word_size != sizeof(u32) && a->word_size != sizeof(u64))
		return ZX_ERR_INVALID_ARGS;
	if (zx_task_info_topic(a->topic) || zx_task_stats_topic(a->topic))
		return zx_task_topic_info(t, a);
	if (a->topic == ZX_INFO_VMAR_MAPS)
		return zx_vmar_maps_get_info(t, a);
	ti = zx_info_topic_find(a->topic);
	if (!ti)
		return ZX_ERR_NOT_SUPPORTED;
	status = zx_handle_lookup(t, a->handle, NULL, 0, &obj, &rights);
	if (status != ZX_OK)
		return status;
	status = zx_object_info(obj, rights, ti, &rec, &size);
	zx_object_put(obj);
	if (status == ZX_OK && size)
		status = zx_single_record(a, &rec, size);
	return status;
}

static bool zx_prop_is_socket(u32 property)
{
	return property == ZX_PROP_SOCKET_RX_THRESHOLD ||
	       property == ZX_PROP_SOCKET_TX_THRESHOLD;
}

/* A socket threshold: consumes the reference on obj. */
static zx_status_t zx_socket_prop(struct zx_object *obj,
				  const struct zx_ioc_object_property *a,
				  bool set)
{
	zx_status_t status;

	status = zx_socket_property(obj, a->property, zx_uptr(a->value),
				    a->value_size, set);
	zx_object_put(obj);
	return status;
}

static zx_status_t zx_property_get(struct zx_table *t,
				   struct zx_ioc_object_property *a,
				   bool set, struct zx_object **obj)
{
	zx_rights_t rights;
	zx_status_t status;

	status = zx_table_get(t, a->handle, obj, &rights);
	if (status != ZX_OK)
		return status;
	if (!(rights & (set ? ZX_RIGHT_SET_PROPERTY : ZX_RIGHT_GET_PROPERTY)))
		status = ZX_ERR_ACCESS_DENIED;
	else if (a->property != ZX_PROP_NAME &&
		 a->property != ZX_PROP_VMO_CONTENT_SIZE &&
		 a->property != ZX_PROP_STREAM_MODE_APPEND &&
		 !zx_prop_is_socket(a->property))
		status = ZX_ERR_NOT_SUPPORTED;
	if (status != ZX_OK)
		zx_object_put(*obj);
	return status;
}

/* ZX_PROP_VMO_CONTENT_SIZE: a u64; consumes the reference on obj. */
static zx_status_t zx_content_size(struct zx_object *obj,
				   const struct zx_ioc_object_property *a,
				   bool set)
{
	u64 __user *uvalue = zx_uptr(a->value);
	zx_status_t status;
	u64 value;

	if (a->value_size < sizeof(u64)) {
		status = ZX_ERR_BUFFER_TOO_SMALL;
	} else if (!zx_object_is(obj, ZX_OBJ_TYPE_VMO)) {
		status = ZX_ERR_WRONG_TYPE;
	} else if (set && get_user(value, uvalue)) {
		status = ZX_ERR_INVALID_ARGS;
	} else {
		status = zx_vmo_content_size(obj, &value, set);
		if (status == ZX_OK && !set && put_user(value, uvalue))
			status = ZX_ERR_INVALID_ARGS;
	}
	zx_object_put(obj);
	return status;
}

/* ZX_PROP_NAME, read; consumes the reference on obj. */
static zx_status_t zx_name_get(struct zx_object *obj,
			       const struct zx_ioc_object_property *a)
{
	char name[ZX_MAX_NAME_LEN];

	spin_lock(&obj->lock);
	memcpy(name, obj->name, sizeof(name));
	spin_unlock(&obj->lock);
	zx_object_put(obj);

	if (a->value_size < sizeof(name))
		return ZX_ERR_BUFFER_TOO_SMALL;
	if (copy_to_user(zx_uptr(a->value), name, sizeof(name)))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

/* ZX_PROP_NAME, set; consumes the reference on obj. */
static zx_status_t zx_name_set(struct zx_object *obj,
			       const struct zx_ioc_object_property *a)
{
	char name[ZX_MAX_NAME_LEN];
	zx_status_t status = ZX_OK;
	size_t len;

	/* Zircon keeps at most ZX_MAX_NAME_LEN - 1 bytes and a NUL. */
	len = min_t(u64, a->value_size, sizeof(name) - 1);
	memset(name, 0, sizeof(name));
	if (copy_from_user(name, zx_uptr(a->value), len)) {
		status = ZX_ERR_INVALID_ARGS;
	} else {
		spin_lock(&obj->lock);
		memcpy(obj->name, name, sizeof(name));
		spin_unlock(&obj->lock);
	}
	zx_object_put(obj);
	return status;
}

/**
 * zx_ioctl_property() - zx_object_get_property() and
 * zx_object_set_property()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_object_property, copied in
 * @set: set rather than get
 *
 * Return: a Zircon status: the handle's, ZX_ERR_ACCESS_DENIED (no
 * GET_PROPERTY or SET_PROPERTY right), ZX_ERR_NOT_SUPPORTED (a property
 * not kept here), then the property's own.
 */
zx_status_t zx_ioctl_property(struct zx_table *t, void *arg, bool set)
{
	struct zx_ioc_object_property *a = arg;
	struct zx_object *obj;
	zx_status_t status;

	status = zx_property_get(t, a, set, &obj);
	if (status != ZX_OK)
		return status;
	if (a->property == ZX_PROP_VMO_CONTENT_SIZE)
		return zx_content_size(obj, a, set);
	if (a->property == ZX_PROP_STREAM_MODE_APPEND) {
		status = zx_stream_prop_append(obj, a->value, a->value_size, set);
		zx_object_put(obj);
		return status;
	}
	if (zx_prop_is_socket(a->property))
		return zx_socket_prop(obj, a, set);
	return set ? zx_name_set(obj, a) : zx_name_get(obj, a);
}
