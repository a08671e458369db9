/* SPDX-License-Identifier: MIT */
/*
 * The launcher: zx_linux_spawn() starts a program with startup handles.
 *
 * Each handle becomes a bridge descriptor (zx_linux_handle_to_fd(), made
 * close-on-exec so no other child of a threaded parent inherits it).  The
 * forked child clears close-on-exec on exactly those descriptors and
 * executes the program with ZX_LINUX_STARTUP_ENV naming them and their
 * processargs ids; libzx in the new program turns them back into handles
 * (startup.c).  A close-on-exec pipe reports a failed exec to the parent.
 * A socket pair holds the child before exec until the parent has made it
 * a process object in its job (zx_linux_process_child()), so the program
 * never runs outside the job.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zircon/linux.h>
#include <zircon/syscalls.h>

extern char** environ;

static zx_status_t zx_exec_errno_status(int err)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
		return ZX_ERR_NOT_FOUND;
	case EACCES:
	case EPERM:
		return ZX_ERR_ACCESS_DENIED;
	case ENOMEM:
		return ZX_ERR_NO_MEMORY;
	case EMFILE:
	case ENFILE:
	case EAGAIN:
		return ZX_ERR_NO_RESOURCES;
	default:
		return ZX_ERR_IO;
	}
}

/* This environment without ZX_LINUX_STARTUP_ENV, plus @extra. */
static char** zx_spawn_env(char* extra)
{
	size_t n = 0, k = 0, len = strlen(ZX_LINUX_STARTUP_ENV);
	char** env;

	while (environ && environ[n])
		n++;
	env = calloc(n + 2, sizeof(*env));
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(environ[i], ZX_LINUX_STARTUP_ENV, len) == 0 &&
		    environ[i][len] == '=')
			continue;
		env[k++] = environ[i];
	}
	env[k++] = extra;
	env[k] = NULL;
	return env;
}

/* Parent side after fork: the child's process handle, then let it go. */
static zx_status_t zx_spawn_adopt(pid_t pid, zx_handle_t job, int go_fd,
				  zx_handle_t* proc)
{
	zx_status_t status = zx_linux_process_child((int)pid, job, proc);
	char go = 1;

	/* Without the module (or an older one) a plain spawn still works. */
	if (status != ZX_OK && job == ZX_HANDLE_INVALID &&
	    (status == ZX_ERR_NOT_SUPPORTED || status == ZX_ERR_UNAVAILABLE ||
	     status == ZX_ERR_ACCESS_DENIED)) {
		*proc = ZX_HANDLE_INVALID;
		status = ZX_OK;
	}
	if (status != ZX_OK) {
		kill(pid, SIGKILL);
		go = 0;
	}
	/* A socket, not a pipe: a child already dead raises no SIGPIPE. */
	for (;;) {
		if (send(go_fd, &go, 1, MSG_NOSIGNAL) == 1)
			break;
		if (errno == EINTR)
			continue;
		/*
		 * The byte could not be sent (an allocation failed, or the
		 * child is already gone): the child must not wait for it, nor
		 * its caller for an exec that will never come.
		 */
		if (go) {
			kill(pid, SIGKILL);
			status = errno == ENOMEM || errno == ENOBUFS ?
				 ZX_ERR_NO_MEMORY : ZX_ERR_NO_RESOURCES;
		}
		break;
	}
	return status;
}

zx_status_t zx_linux_spawn(const char* path, char* const argv[],
			   const zx_linux_startup_handle_t* handles,
			   size_t num_handles, int* out_pid)
{
	return zx_linux_spawn_etc(ZX_HANDLE_INVALID, path, argv, handles,
				  num_handles, out_pid, NULL);
}

zx_status_t zx_linux_spawn_etc(zx_handle_t job, const char* path,
			       char* const argv[],
			       const zx_linux_startup_handle_t* handles,
			       size_t num_handles, int* out_pid,
			       zx_handle_t* out_process)
{
	zx_handle_t proc = ZX_HANDLE_INVALID;
	int gofd[2] = { -1, -1 };
	int fds[ZX_LINUX_STARTUP_MAX];
	size_t made = 0, i, j;
	zx_status_t status = ZX_OK;
	char* var = NULL;
	char** env = NULL;
	int pipefd[2] = { -1, -1 };
	int saved = errno, err = 0;
	pid_t pid;

	if (!handles && num_handles)
		return ZX_ERR_INVALID_ARGS;
	if (!path || !argv)
		status = ZX_ERR_INVALID_ARGS;
	else if (num_handles > ZX_LINUX_STARTUP_MAX)
		status = ZX_ERR_OUT_OF_RANGE;
	for (i = 0; status == ZX_OK && i < num_handles; i++)
		for (j = 0; j < i; j++)
			if (handles[i].id == handles[j].id)
				status = ZX_ERR_INVALID_ARGS;

	/* Every handle is consumed from here on. */
	for (i = 0; i < num_handles; i++) {
		zx_status_t s;
		int fd;

		if (status != ZX_OK) {
			zx_handle_close(handles[i].handle);
			continue;
		}
		s = zx_linux_handle_to_fd(handles[i].handle,
					  ZX_LINUX_FD_CLOEXEC, &fd);
		if (s != ZX_OK) {
			status = s;
			continue;
		}
		fds[made++] = fd;
	}
	if (status != ZX_OK)
		goto out;

	/* "NAME=" plus up to 24 bytes ("fd:0xXXXXXXXX,") per handle. */
	var = malloc(strlen(ZX_LINUX_STARTUP_ENV) + 2 + 24 * (made + 1));
	if (!var) {
		status = ZX_ERR_NO_MEMORY;
		goto out;
	}
	{
		char* p = var + sprintf(var, "%s=", ZX_LINUX_STARTUP_ENV);

		for (i = 0; i < made; i++)
			p += sprintf(p, "%s%d:0x%x", i ? "," : "", fds[i],
				     handles[i].id);
	}
	env = zx_spawn_env(var);
	if (!env || pipe2(pipefd, O_CLOEXEC) != 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, gofd) != 0) {
		status = env ? ZX_ERR_NO_RESOURCES : ZX_ERR_NO_MEMORY;
		goto out;
	}

	pid = fork();
	if (pid < 0) {
		status = zx_exec_errno_status(errno);
		goto out;
	}
	if (pid == 0) {
		/* Only async-signal-safe calls from here on. */
		char go = 0;

		close(gofd[1]);
		while (read(gofd[0], &go, 1) < 0 && errno == EINTR)
			;
		if (!go)
			_exit(127);
		for (i = 0; i < made; i++)
			fcntl(fds[i], F_SETFD, 0);
		execvpe(path, argv, env);
		err = errno;
		if (write(pipefd[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(127);
	}
	close(pipefd[1]);
	pipefd[1] = -1;
	close(gofd[0]);
	gofd[0] = -1;
	status = zx_spawn_adopt(pid, job, gofd[1], &proc);
	/* Sent or not, the child is not left waiting on this end. */
	close(gofd[1]);
	gofd[1] = -1;
	while (read(pipefd[0], &err, sizeof(err)) < 0 && errno == EINTR)
		;
	if (status == ZX_OK && err)
		status = zx_exec_errno_status(err);
	if (status != ZX_OK) {
		/* The exec failed: the child exits and its copies close. */
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		if (proc != ZX_HANDLE_INVALID)
			zx_handle_close(proc);
		goto out;
	}
	if (out_pid)
		*out_pid = (int)pid;
	if (out_process)
		*out_process = proc;
	else if (proc != ZX_HANDLE_INVALID)
		zx_handle_close(proc);

out:
	/* The child has its own copies; ours go (and with them, on failure,
	 * the objects in transit). */
	for (i = 0; i < made; i++)
		close(fds[i]);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	if (gofd[0] >= 0)
		close(gofd[0]);
	if (gofd[1] >= 0)
		close(gofd[1]);
	free(env);
	free(var);
	errno = saved;
	return status;
}
