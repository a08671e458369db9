/* SPDX-License-Identifier: MIT */
/*
 * zx-bench's shared declarations: the options, the mechanism, comparison
 * and group records, the harness's helpers (harness.c) and each benchmark
 * family's plan function (one file per family).
 */
#ifndef ZX_BENCH_H
#define ZX_BENCH_H

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <zircon/linux.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>

#define MAX_TRIALS	64
#define MAX_RUNS	20
#define MAX_MECH	24
#define MAX_CMP		32
#define MAX_GROUPS	96
#define MSG_MAX		ZX_CHANNEL_MAX_MSG_BYTES

/* Seconds one run of one mechanism may take before the watchdog fires. */
#define WATCHDOG_S	300

enum { CPUS_SAME, CPUS_SPLIT, CPUS_NONE };

struct bench_opt {
	int runs;
	int trials;
	int trial_ms;
	bool smoke;
	bool tap;
	bool markers;
	const char *csv;
	const char *only;
	const char *filter;
	int cpus;
	bool batch;
	long live;
	const char *binder_dev;
};

extern struct bench_opt opt;

enum { ST_OK, ST_NA, ST_ERR };

struct mech;
typedef int (*setup_fn)(struct mech *m);
typedef int64_t (*run_fn)(struct mech *m, uint64_t n);
typedef void (*teardown_fn)(struct mech *m);

struct runner;

struct mech {
	const char *name;
	setup_fn setup;
	run_fn run;
	teardown_fn teardown;

	/* Parameters. */
	size_t size;		/* payload bytes per operation */
	unsigned int nh;	/* handles (descriptors) moved each way */
	int op;			/* handle operations: OP_* */
	struct runner *runner;	/* handle operations: the process */
	double per;		/* operations per iteration (default 1) */
	/*
	 * Ours: the ioctls on /dev/zircon one operation makes, both sides
	 * together (0: not counted), for the toll table (entry.c).
	 */
	double ioctls;
	uint64_t min_iters;	/* per trial, whatever calibration says */

	/* State. */
	int state;
	char why[200];
	pid_t pid;
	int fd[4];
	zx_handle_t h[4];
	uint8_t *buf, *rbuf;
	void *shared;
	uint64_t seq;
	size_t boff;		/* binder: offset of the fd object */

	/* Results. */
	uint64_t iters;
	int n;
	double ns[MAX_TRIALS];	/* per operation */
	double med, min, max;
};

struct cmp {
	const char *label;	/* the row's benchmark column */
	int a, b;		/* ratio: a over b, in time */
	double target;		/* 0: none */
	size_t bytes;		/* for MB/s; 0: none */
	bool ops;		/* show operations per second */
};

struct group {
	const char *key;
	char title[48];
	int nm, nc;
	bool mem;		/* figures are bytes per object (mem.c) */
	struct mech m[MAX_MECH];
	struct cmp c[MAX_CMP];
};

typedef int (*child_fn)(struct mech *m, int *fds);

/* harness.c: failures a family counts outside a mechanism's state. */
extern int errors;

/* harness.c: helpers for the families. */
uint64_t now_ns(void);
/* Mark @m failed (-1) or not applicable here (1), with the reason. */
__attribute__((format(printf, 2, 3)))
int merr(struct mech *m, const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
int mna(struct mech *m, const char *fmt, ...);
int zerr(struct mech *m, const char *what, zx_status_t s);
int perr(struct mech *m, const char *what);
__attribute__((format(printf, 2, 3)))
int cfail(struct mech *m, const char *fmt, ...);
void *xalloc(size_t size);
void xfree(void *p, size_t size);
ssize_t read_full(int fd, void *buf, size_t n);
ssize_t write_full(int fd, const void *buf, size_t n);
void stamp(uint8_t *buf, size_t size, uint64_t i);
bool stamped(const uint8_t *buf, size_t size, uint64_t i);
pid_t spawn(struct mech *m, child_fn fn, int *fds, int nfds, bool spread);
int spawn_over_pipes(struct mech *m, child_fn fn);
void reap(struct mech *m);
void close_fds(struct mech *m);
void close_handles(struct mech *m);
void teardown_std(struct mech *m);
int setup_memfd(struct mech *m);	/* vmo.c: a written memfd of m->size */
int zx_peer(struct mech *m, zx_handle_t theirs, child_fn fn);
int zx_peer_handle(struct mech *m, int *fds, zx_handle_t *h);

/* harness.c: building the plan. */
__attribute__((format(printf, 2, 3)))
struct group *new_group(const char *key, const char *fmt, ...);
int add(struct group *g, const char *name, setup_fn s, run_fn r,
	teardown_fn t, size_t size);
void compare(struct group *g, const char *label, int a, int b,
	     double target, size_t bytes, bool ops);
const char *size_name(size_t s);

/* The benchmark families: each adds its groups to the plan. */
void plan_rt(void);		/* channel.c: round trips */
void plan_call(void);		/* channel.c: zx_channel_call() */
void plan_tput(void);		/* tput.c: one-way throughput */
void plan_mtput(void);		/* mtput.c: 64 B, several threads a side */
void plan_mem(void);		/* mem.c: kernel memory per idle object */
uint64_t mem_objects(void);	/* mem.c: objects one run creates */
void plan_vmo(void);		/* vmo.c: VMO read and write */
void plan_handles(void);	/* handles.c: handle operations */
void plan_wake(void);		/* wake.c: wake-up latency */
void plan_port(void);		/* port.c: ports against epoll */
void plan_fifo(void);		/* fifo.c: FIFO round trips against a pipe */
void plan_stream(void);		/* stream.c: streams against preadv/pwritev */
void plan_socket(void);		/* socket.c: sockets against Unix ones */
void plan_entry(void);		/* entry.c: the cost of entering the kernel */
/*
 * entry.c: this run's medians of a do-nothing ioctl and of getppid(), in
 * ns; false if the entry family did not run, or failed.
 */
bool entry_costs(double *ioctl_ns, double *syscall_ns);

/* binder.c: the binder baseline (stubs without <linux/android/binder.h>). */
void binder_start(void);
void binder_stop(void);
int setup_binder(struct mech *m);
void teardown_binder(struct mech *m);
int64_t run_binder_rt(struct mech *m, uint64_t n);

/*
 * tput.c: whether @m is a throughput mechanism, whose iteration counts are
 * whole rounds of tput_round() messages.
 */
bool is_tput(const struct mech *m);
uint64_t tput_round(uint64_t n);

/* handles.c: stops the handle-operation runner processes. */
void runners_stop(void);

#endif /* ZX_BENCH_H */
