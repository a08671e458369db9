// SPDX-License-Identifier: GPL-2.0
/*
 * Counters: objects created and alive per type, open handle tables and
 * bridge descriptors, in one debugfs file, /sys/kernel/debug/zircon/counters
 * (root only, as debugfs is).  The limits and the two totals that need no
 * debugfs (live_objects, open_tables) are module parameters; the list of
 * all of them is in Documentation/packaging.rst ("Parameters and
 * counters").
 *
 * Locks: none; the counters are atomics, read without a common snapshot.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "zx.h"

static atomic_long_t zx_created[ZX_OBJ_TYPE_UPPER_BOUND];
static atomic_long_t zx_alive[ZX_OBJ_TYPE_UPPER_BOUND];
static atomic_long_t zx_bridges;
static struct dentry *zx_debugfs_dir;

/**
 * zx_stats_object() - count an object made (@delta 1) or freed (-1)
 * @obj: the object; its type is set
 * @delta: 1 at zx_object_init(), -1 when the last reference goes
 */
void zx_stats_object(const struct zx_object *obj, int delta)
{
	zx_obj_type_t type = obj->ops->type;

	if (type >= ZX_OBJ_TYPE_UPPER_BOUND)
		return;
	if (delta > 0)
		atomic_long_inc(&zx_created[type]);
	atomic_long_add(delta, &zx_alive[type]);
}

/**
 * zx_stats_bridge() - count a bridge descriptor made (1) or released (-1)
 * @delta: 1 or -1
 */
void zx_stats_bridge(int delta)
{
	atomic_long_add(delta, &zx_bridges);
}

/*
 * One "name value" line per counter:
 *   objects_alive 12
 *   tables_open 3
 *   bridges_open 1
 *   gc.passes 7
 *   gc.holders_seen 21
 *   gc.messages_seen 9
 *   created.channel 40
 *   alive.channel 4
 */
static int zx_counters_show(struct seq_file *m, void *unused)
{
	unsigned long holders, messages;
	long alive = 0;
	u64 passes;
	u32 i;

	for (i = 0; i < ZX_OBJ_TYPE_UPPER_BOUND; i++)
		alive += atomic_long_read(&zx_alive[i]);
	seq_printf(m, "objects_alive %ld\n", alive);
	seq_printf(m, "tables_open %ld\n", zx_open_tables());
	seq_printf(m, "bridges_open %ld\n", atomic_long_read(&zx_bridges));
	zx_gc_counters(&passes, &holders, &messages);
	seq_printf(m, "gc.passes %llu\n", passes);
	seq_printf(m, "gc.holders_seen %lu\n", holders);
	seq_printf(m, "gc.messages_seen %lu\n", messages);
	for (i = 0; i < ZX_OBJ_TYPE_UPPER_BOUND; i++) {
		if (!atomic_long_read(&zx_created[i]))
			continue;
		seq_printf(m, "created.%s %ld\n", zx_obj_type_name(i),
			   atomic_long_read(&zx_created[i]));
		seq_printf(m, "alive.%s %ld\n", zx_obj_type_name(i),
			   atomic_long_read(&zx_alive[i]));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(zx_counters);

/**
 * zx_stats_init() - create /sys/kernel/debug/zircon/counters
 *
 * Without debugfs the counters are still kept; nothing fails.
 */
void zx_stats_init(void)
{
	zx_debugfs_dir = debugfs_create_dir("zircon", NULL);
	debugfs_create_file("counters", 0400, zx_debugfs_dir, NULL,
			    &zx_counters_fops);
}

/** zx_stats_exit() - remove the debugfs directory */
void zx_stats_exit(void)
{
	debugfs_remove_recursive(zx_debugfs_dir);
}
