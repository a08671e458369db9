/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: what entering the kernel costs, the floor under every other
 * row.  Every zx_* call is one ioctl on /dev/zircon; the Linux calls the
 * rows compare with are system calls of their own.  Here:
 *
 *   - an ioctl that /dev/zircon answers without doing anything (closing
 *     ZX_HANDLE_INVALID: the table's dispatch, no lookup);
 *   - an ioctl number /dev/zircon does not know (-ENOTTY): the VFS and
 *     security hooks alone, none of the module's code past its first test;
 *   - getppid(), the cheapest system call there is;
 *   - dup() + close() of a descriptor, against two of the do-nothing
 *     ioctls: the least "handle duplicate + close" (two ioctls) can cost.
 */
#include "bench.h"

#include <linux/zircon.h>

enum { E_NOP, E_UNKNOWN, E_GETPPID, E_NOP2, E_DUP };

/* An ioctl number in /dev/zircon's range that no request uses. */
#define ZX_IOC_UNUSED	_IO(ZX_IOC_MAGIC, 0xff)

static int setup_entry(struct mech *m)
{
	int fd = zx_linux_device_fd();

	if (fd < 0)
		return perr(m, "/dev/" ZX_DEVICE_NAME);
	/* teardown_std() closes its own. */
	m->fd[0] = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (m->fd[0] < 0)
		return perr(m, "F_DUPFD_CLOEXEC");
	if (ioctl(m->fd[0], ZX_IOC_UNUSED, 0) != -1 || errno != ENOTTY)
		return merr(m, "ioctl 0x%lx is in use",
			    (unsigned long)ZX_IOC_UNUSED);
	return 0;
}

static int64_t run_entry(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i;
	int fd = m->fd[0], r = 0, d;

	for (i = 0; i < n && r == 0; i++) {
		switch (m->op) {
		case E_NOP:
			r = ioctl(fd, ZX_IOC_HANDLE_CLOSE, ZX_HANDLE_INVALID);
			break;
		case E_UNKNOWN:
			r = ioctl(fd, ZX_IOC_UNUSED, 0) == -1 &&
			    errno == ENOTTY ? 0 : -1;
			break;
		case E_GETPPID:
			/* 0 when the parent is outside our pid namespace */
			r = syscall(SYS_getppid) >= 0 ? 0 : -1;
			break;
		case E_NOP2:
			r = ioctl(fd, ZX_IOC_HANDLE_CLOSE, ZX_HANDLE_INVALID);
			if (r == 0)
				r = ioctl(fd, ZX_IOC_HANDLE_CLOSE,
					  ZX_HANDLE_INVALID);
			break;
		default:
			d = dup(fd);
			r = d < 0 ? -1 : close(d);
			break;
		}
	}
	if (r)
		return perr(m, "system call");
	return now_ns() - t0;
}

/* The group plan_entry() made, if it did. */
static struct group *entry_group;

bool entry_costs(double *ioctl_ns, double *syscall_ns)
{
	const struct mech *io, *sys;

	if (!entry_group)
		return false;
	io = &entry_group->m[E_NOP];
	sys = &entry_group->m[E_GETPPID];
	if (io->state != ST_OK || sys->state != ST_OK || !io->n || !sys->n)
		return false;
	*ioctl_ns = io->med;
	*syscall_ns = sys->med;
	return true;
}

void plan_entry(void)
{
	static const char *const names[] = {
		[E_NOP] = "no-op ioctl",
		[E_UNKNOWN] = "unknown ioctl",
		[E_GETPPID] = "getppid",
		[E_NOP2] = "2 no-op ioctls",
		[E_DUP] = "dup+close",
	};
	struct group *g = new_group("entry", "kernel entry");
	int i, ix[5];

	for (i = 0; i < 5; i++) {
		ix[i] = add(g, names[i], setup_entry, run_entry, teardown_std,
			    0);
		g->m[ix[i]].op = i;
	}
	entry_group = g;	/* its mechanisms in E_* order */
	compare(g, "no-op ioctl vs getppid", ix[E_NOP], ix[E_GETPPID], 0, 0,
		true);
	compare(g, "unknown ioctl vs getppid", ix[E_UNKNOWN], ix[E_GETPPID],
		0, 0, true);
	compare(g, "no-op ioctl vs unknown ioctl", ix[E_NOP], ix[E_UNKNOWN],
		0, 0, true);
	compare(g, "2 no-op ioctls vs dup+close", ix[E_NOP2], ix[E_DUP], 0, 0,
		true);
}
