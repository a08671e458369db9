/* SPDX-License-Identifier: GPL-2.0 */
/* zx_fuzz: what the two files of the ioctl mode share. */
#ifndef ZX_FUZZ_IOCTL_H
#define ZX_FUZZ_IOCTL_H

#include "fuzz.h"

/*
 * Field kinds of the argument structs.  The layouts come from the uapi
 * structs themselves (offsetof/sizeof), and ioctl_check_descs() verifies
 * at startup that the fields of each struct cover it exactly, so a change
 * of the ABI that the table does not follow stops the fuzzer at once.
 */
enum kind {
	K_VAL32 = 1,	/* anything */
	K_VAL64,
	K_HANDLE,	/* a handle: valid, stale, random; aux: preferred type */
	K_VMEX,		/* replace_as_executable's vmex: mostly 0 */
	K_RIGHTS,
	K_OPTS,		/* options/flags; aux: the defined bits */
	K_RSVD,		/* reserved: mostly 0 */
	K_OUT,		/* kernel writes; aux: typical bytes; link: length */
	K_OUTNULL,	/* like K_OUT, often NULL */
	K_IN,		/* kernel reads; aux: typical bytes; link: length */
	K_LEN,		/* a length; aux: element size (0: bytes) */
	K_OFF,		/* an offset into a VMO */
	K_VMOSIZE,
	K_TOPIC,
	K_PROP,
	K_SIG,
	K_DEADLINE,
	K_FD,
	K_PSIZE,	/* ptr_size: 4 or 8 */
	K_CSIZE,	/* count_size: 4 or 8 */
	K_VMOOP,
	K_POLICY,
	K_VMOPTS,	/* ZX_VM_* options; aux 0 map, 1 protect, 2 unmap */
	K_VMAROFF,
	K_ADDR,		/* an address for unmap/protect */
	K_HARR,		/* handles to write; aux 1: dispositions; link: count */
	K_BYTES,	/* channel bytes, or iovecs with USE_IOVEC; link: count */
	K_CARGS,	/* zx_channel_call_args_t; aux 1: the _etc_ one */
	K_CLOSEARR,	/* handles to close; link: count */
	K_COUNT,	/* a count set by its array */
	K_WAITARR,	/* zx_wait_item_t[]; pending written back; link: count */
	K_KEY,		/* a port key: mostly small (cancels find waits) */
	K_CLOCK,	/* a clock id: mostly ZX_CLOCK_MONOTONIC or _BOOT */
	K_SLACK,	/* a timer slack: mostly small, sometimes negative */
	K_SIOV,		/* zx_iovec_t[] of a stream call; aux 1: the kernel
			 * writes the buffers (readv); link: count */
};

struct ifield {
	uint16_t off;
	uint8_t size;
	uint8_t kind;
	uint8_t link;
	uint32_t aux;
};

struct idesc {
	unsigned long cmd;
	const char *name;
	uint16_t size;
	uint8_t nf;
	struct ifield f[8];
};

#define IPOOL	96
#define ISTALE	64
#define IFDS	24
#define IMAPS	24

/* Per-process state of the ioctl mode, shared by its threads. */
struct ioctl_proc {
	int fd;			/* our table */
	int fd2;		/* a second table of the same process */
	int parent_fd;		/* the coordinator's: EPERM here */
	uint32_t pool[IPOOL];
	uint8_t ptype[IPOOL];	/* object type of each (a hint) */
	uint32_t stale[ISTALE];
	uint32_t stale_pos;
	int bfds[IFDS];		/* bridge descriptors made here */
	uint64_t maps[IMAPS];	/* mappings outside the arena: addr | pages-1 */
};

extern struct ioctl_proc I;

struct ictx {
	struct tctx t;
	bool sane;		/* this request is built well-formed */
	struct region scratch;	/* the kernel writes here */
	struct region inbuf;	/* data the kernel reads, and the arg struct */
	struct region harr;	/* handle arrays, flush against the guard */
	struct region s32;	/* below 4 GiB, for ptr_size 4 */
	struct region h32;
};

/* Zones of inbuf. */
#define IN_DATA		0
#define IN_DATA_SIZE	(64 * 1024)
#define IN_TABLES	(64 * 1024)	/* iovec arrays, close arrays, call args */
#define IN_STRUCT	(96 * 1024)	/* the argument struct */
#define IN_SIZE		(128 * 1024)

#define OP_IOCTL	0x1000	/* ring op code: OP_IOCTL + request nr */
#define OP_REOPEN	(OP_IOCTL + 0x7f)
#define OP_STALL	(OP_IOCTL + 0x7e)

/* The thread's last wait_async the module took (for a sane port_cancel). */
struct last_wait {
	uint32_t h, port;
	uint64_t key;
};

extern __thread struct last_wait i_last_wait;

/* ioctl_args.c */
const struct idesc *desc_by_nr(unsigned int nr);
long raw(int fd, unsigned long cmd, void *arg);
extern const struct idesc idescs[];
extern const uint32_t n_idescs;
const struct idesc *desc_by_cmd(unsigned long cmd);
void istale_add(uint32_t h);
bool raw_basic(int fd, uint32_t h, uint32_t *type, uint64_t *rank);
void ipool_add(struct rng *r, uint32_t h);
void unmap_packed(uint64_t e);
void ipool_shed(struct rng *r);
uint32_t pick_handle(struct rng *r, uint32_t type);
int64_t clamp_deadline(struct rng *r, int64_t d);
void put_field(uint8_t *s, const struct ifield *f, uint64_t v);
bool is_scalar(uint8_t kind);
uint32_t ipool_live(struct rng *r, uint32_t type);
uint64_t scalar_value(struct ictx *c, const struct ifield *f);
void sane_fixup(struct ictx *c, unsigned long cmd, uint8_t *s);
void fill_pointers(struct ictx *c, const struct idesc *d, uint8_t *s);
void mutate(struct ictx *c, const struct idesc *d, uint8_t *s);

#endif /* ZX_FUZZ_IOCTL_H */
