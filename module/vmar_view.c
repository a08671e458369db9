// SPDX-License-Identifier: GPL-2.0
/*
 * View files, for vmar.c and vmo_fault.c.  Each VMO's view is a file of
 * this module's pseudo filesystem ("zircon-vmo", .owner = THIS_MODULE),
 * mounted on demand with simple_pin_fs() while any view file exists.  A
 * VMA's vm_file is its VMO's view, so a live mapping holds the mount,
 * whose superblock holds the module: rmmod is refused until the last
 * mapping is gone (vmar.c says more).
 *
 * No lock is owned here beyond simple_pin_fs()'s own.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/pseudo_fs.h>

#include <linux/zircon.h>

#include "vmo.h"

#define ZX_VIEW_MAGIC		0x7a78766d	/* "zxvm" */

static struct vfsmount *zx_view_mnt;
static int zx_view_mnt_count;

static int zx_view_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, ZX_VIEW_MAGIC) ? 0 : -ENOMEM;
}

/*
 * Never registered: mounted only by simple_pin_fs().  Its superblock holds
 * the module (get_filesystem()) until the last view file has gone.
 */
static struct file_system_type zx_view_fs = {
	.owner = THIS_MODULE,
	.name = "zircon-vmo",
	.init_fs_context = zx_view_init_fs_context,
	.kill_sb = kill_anon_super,
};

static int zx_view_release(struct inode *inode, struct file *file)
{
	simple_release_fs(&zx_view_mnt, &zx_view_mnt_count);
	return 0;
}

/* No ->mmap: only zx_vmar_mmap() puts a view file in a VMA. */
static const struct file_operations zx_view_fops = {
	.owner = THIS_MODULE,
	.release = zx_view_release,
	.fsync = noop_fsync,		/* msync(): nothing to write back */
	.llseek = noop_llseek,
};

/**
 * zx_view_create() - a new view file
 *
 * Its own inode, whose i_mmap lists the VMAs it is the vm_file of.  Holds
 * the module (fops) and the mount until released.
 *
 * Return: the file, or an ERR_PTR().
 */
struct file *zx_view_create(void)
{
	struct inode *inode;
	struct file *file;
	int err;

	err = simple_pin_fs(&zx_view_fs, &zx_view_mnt, &zx_view_mnt_count);
	if (err)
		return ERR_PTR(err);
	/* The file's reference to its fops' owner, put by __fput(). */
	file = ERR_PTR(-ENODEV);
	if (!try_module_get(zx_view_fops.owner))
		goto out_fs;
	inode = alloc_anon_inode(zx_view_mnt->mnt_sb);
	if (IS_ERR(inode)) {
		file = ERR_CAST(inode);
		goto out_fops;
	}
	file = alloc_file_pseudo(inode, zx_view_mnt, "zircon-vmo", O_RDWR,
				 &zx_view_fops);
	if (!IS_ERR(file))
		return file;
	iput(inode);
out_fops:
	module_put(zx_view_fops.owner);
out_fs:
	simple_release_fs(&zx_view_mnt, &zx_view_mnt_count);
	return file;
}
