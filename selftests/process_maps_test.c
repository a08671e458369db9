// SPDX-License-Identifier: GPL-2.0
/*
 * ZX_INFO_PROCESS_MAPS and ZX_INFO_VMAR_MAPS: the shape of the tree (the
 * address space at depth 0, the root VMAR at 1, sub-regions and mappings
 * below, in pre-order), mapping records (name, range, permissions, VMO
 * koid and offset, committed pages) before and after map and unmap, of
 * this process and of a child, every record version, short and bad
 * buffers, wrong types, ZX_RIGHT_INSPECT, closed handles, a process that
 * has exited, a destroyed region, two root VMAR objects; and the
 * ZX_INFO_VMO_VIA_MAPPING records of ZX_INFO_PROCESS_VMOS.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/zircon.h>
#include <zircon/linux.h>
#include <zircon/process.h>

#include "zx_test_util.h"

#define MAX_RECS	4096

static size_t pg(void)
{
	return (size_t)getpagesize();
}

/* The records of @topic about @h, in a buffer the caller frees. */
static zx_info_maps_t *maps_of(zx_handle_t h, uint32_t topic, size_t *n)
{
	zx_info_maps_t *r = calloc(MAX_RECS, sizeof(*r));
	size_t avail = 0;

	*n = 0;
	if (!r)
		return NULL;
	if (zx_object_get_info(h, topic, r, MAX_RECS * sizeof(*r), n,
			       &avail) != ZX_OK || *n != avail) {
		free(r);
		return NULL;
	}
	return r;
}

/* The mapping record at @base, or NULL. */
static const zx_info_maps_t *find_map(const zx_info_maps_t *r, size_t n,
				      zx_vaddr_t base)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].type == ZX_INFO_MAPS_TYPE_MAPPING && r[i].base == base)
			return &r[i];
	return NULL;
}

/* The record (any type) at @base with @type, or NULL. */
static const zx_info_maps_t *find_rec(const zx_info_maps_t *r, size_t n,
				      zx_vaddr_t base, uint32_t type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].type == type && r[i].base == base)
			return &r[i];
	return NULL;
}

/* A named VMO of @pages pages. */
static zx_handle_t named_vmo(size_t pages, const char *name)
{
	zx_handle_t v = zx_test_vmo(pages * pg(), 0);

	if (v != ZX_HANDLE_INVALID)
		zx_object_set_property(v, ZX_PROP_NAME, name, strlen(name));
	return v;
}

/*
 * Pre-order: the address space, then the root VMAR, every other record
 * below depth 1, each inside the last record one level up, bases in
 * ascending order.
 */
static void check_shape(struct __test_metadata *_metadata,
			const zx_info_maps_t *r, size_t n)
{
	size_t i, d;

	ASSERT_GE(n, 2u);
	EXPECT_EQ(ZX_INFO_MAPS_TYPE_ASPACE, r[0].type);
	EXPECT_EQ(0u, r[0].depth);
	EXPECT_EQ(ZX_INFO_MAPS_TYPE_VMAR, r[1].type);
	EXPECT_EQ(1u, r[1].depth);
	EXPECT_STREQ("root", r[1].name);
	for (i = 2; i < n; i++) {
		EXPECT_GE(r[i].depth, 2u);
		EXPECT_GE(r[i].base, r[i - 1].base);
		EXPECT_LE(r[i].depth, r[i - 1].depth + 1);
		/* The parent: the last record before it one level up. */
		for (d = i - 1; d > 0 && r[d].depth != r[i].depth - 1; d--)
			;
		EXPECT_EQ(r[i].depth - 1, r[d].depth);
		EXPECT_EQ(ZX_INFO_MAPS_TYPE_VMAR, r[d].type);
		EXPECT_GE(r[i].base, r[d].base);
		EXPECT_LE(r[i].base + r[i].size, r[d].base + r[d].size);
	}
}

/* ------------------------------------------------------------ self */

TEST(maps_of_self_map_and_unmap)
{
	zx_handle_t v = named_vmo(4, "maps-a");
	zx_koid_t koid = zx_test_koid(v);
	const zx_info_maps_t *m;
	zx_vaddr_t a = 0, b = 0;
	zx_info_maps_t *r;
	size_t n;

	ASSERT_NE(ZX_HANDLE_INVALID, v);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(),
				     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, v,
				     0, 3 * pg(), &a));
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0,
				     v, 2 * pg(), 2 * pg(), &b));
	/* Two pages committed through the mapping, in its window. */
	((volatile char *)a)[0] = 1;
	((volatile char *)a)[2 * pg()] = 1;
	r = maps_of(zx_process_self(), ZX_INFO_PROCESS_MAPS, &n);
	ASSERT_NE(NULL, r);
	check_shape(_metadata, r, n);
	m = find_map(r, n, a);
	ASSERT_NE(NULL, m);
	EXPECT_STREQ("maps-a", m->name);
	EXPECT_EQ(3 * pg(), m->size);
	EXPECT_EQ(2u, m->depth);
	EXPECT_EQ(ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, m->u.mapping.mmu_flags);
	EXPECT_EQ(koid, m->u.mapping.vmo_koid);
	EXPECT_EQ(0u, m->u.mapping.vmo_offset);
	EXPECT_EQ(2 * pg(), m->u.mapping.committed_bytes);
	EXPECT_EQ(2 * pg(), m->u.mapping.populated_bytes);
	EXPECT_EQ(2 * pg(), m->u.mapping.committed_private_bytes);
	EXPECT_EQ(0u, m->u.mapping.committed_fractional_scaled_bytes);
	m = find_map(r, n, b);
	ASSERT_NE(NULL, m);
	EXPECT_EQ(2 * pg(), m->size);
	EXPECT_EQ(ZX_VM_PERM_READ, m->u.mapping.mmu_flags);
	EXPECT_EQ(2 * pg(), m->u.mapping.vmo_offset);
	/* Page 2 of the VMO is in this window too; page 3 is not committed. */
	EXPECT_EQ(pg(), m->u.mapping.committed_bytes);
	free(r);

	/* Protect splits a mapping: two records. */
	ASSERT_EQ(ZX_OK, zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_READ,
					 a + pg(), pg()));
	r = maps_of(zx_process_self(), ZX_INFO_PROCESS_MAPS, &n);
	ASSERT_NE(NULL, r);
	m = find_map(r, n, a);
	ASSERT_NE(NULL, m);
	EXPECT_EQ(pg(), m->size);
	m = find_map(r, n, a + pg());
	ASSERT_NE(NULL, m);
	EXPECT_EQ(ZX_VM_PERM_READ, m->u.mapping.mmu_flags);
	EXPECT_EQ(pg(), m->u.mapping.vmo_offset);
	free(r);

	ASSERT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), a, 3 * pg()));
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), b, 2 * pg()));
	r = maps_of(zx_process_self(), ZX_INFO_PROCESS_MAPS, &n);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(NULL, find_map(r, n, a));
	EXPECT_EQ(NULL, find_map(r, n, a + pg()));
	EXPECT_EQ(NULL, find_map(r, n, b));
	free(r);
	zx_handle_close(v);
}

/* Memory Linux mapped itself (here an anonymous mmap) is not listed. */
TEST(maps_leave_out_linux_mappings)
{
	void *p = mmap(NULL, 2 * pg(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zx_info_maps_t *r;
	size_t n, i;

	ASSERT_NE(MAP_FAILED, p);
	r = maps_of(zx_process_self(), ZX_INFO_PROCESS_MAPS, &n);
	ASSERT_NE(NULL, r);
	for (i = 0; i < n; i++)
		EXPECT_FALSE((uintptr_t)p >= r[i].base &&
			     (uintptr_t)p < r[i].base + r[i].size &&
			     r[i].type == ZX_INFO_MAPS_TYPE_MAPPING);
	free(r);
	munmap(p, 2 * pg());
}

TEST(maps_sub_vmar_depth)
{
	zx_handle_t outer, inner, v = named_vmo(1, "maps-deep");
	zx_vaddr_t oa, ia, ma = 0;
	const zx_info_maps_t *o, *in, *m;
	zx_info_maps_t *r;
	size_t n;

	ASSERT_EQ(ZX_OK, zx_vmar_allocate(zx_vmar_root_self(),
					  ZX_VM_CAN_MAP_READ |
					  ZX_VM_CAN_MAP_WRITE |
					  ZX_VM_CAN_MAP_SPECIFIC, 0, 16 * pg(),
					  &outer, &oa));
	ASSERT_EQ(ZX_OK, zx_vmar_allocate(outer, ZX_VM_CAN_MAP_READ |
					  ZX_VM_CAN_MAP_SPECIFIC |
					  ZX_VM_SPECIFIC, 4 * pg(), 8 * pg(),
					  &inner, &ia));
	EXPECT_EQ(oa + 4 * pg(), ia);
	ASSERT_EQ(ZX_OK, zx_vmar_map(inner, ZX_VM_PERM_READ |
				     ZX_VM_SPECIFIC, 2 * pg(), v, 0, pg(),
				     &ma));
	EXPECT_EQ(ia + 2 * pg(), ma);

	r = maps_of(zx_process_self(), ZX_INFO_PROCESS_MAPS, &n);
	ASSERT_NE(NULL, r);
	check_shape(_metadata, r, n);
	o = find_rec(r, n, oa, ZX_INFO_MAPS_TYPE_VMAR);
	in = find_rec(r, n, ia, ZX_INFO_MAPS_TYPE_VMAR);
	m = find_map(r, n, ma);
	ASSERT_NE(NULL, o);
	ASSERT_NE(NULL, in);
	ASSERT_NE(NULL, m);
	EXPECT_EQ(2u, o->depth);
	EXPECT_EQ(16 * pg(), o->size);
	EXPECT_EQ(3u, in->depth);
	EXPECT_EQ(8 * pg(), in->size);
	EXPECT_EQ(4u, m->depth);
	EXPECT_STREQ("maps-deep", m->name);
	/* Pre-order: outer, inner, the mapping, one after the other. */
	EXPECT_EQ(o + 1, in);
	EXPECT_EQ(in + 1, m);
	free(r);

	/* The outer region's own tree, depths relative to it. */
	r = maps_of(outer, ZX_INFO_VMAR_MAPS, &n);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(3u, n);
	EXPECT_EQ(ZX_INFO_MAPS_TYPE_VMAR, r[0].type);
	EXPECT_EQ(0u, r[0].depth);
	EXPECT_EQ(oa, r[0].base);
	EXPECT_EQ(ZX_INFO_MAPS_TYPE_VMAR, r[1].type);
	EXPECT_EQ(1u, r[1].depth);
	EXPECT_EQ(ia, r[1].base);
	EXPECT_EQ(ZX_INFO_MAPS_TYPE_MAPPING, r[2].type);
	EXPECT_EQ(2u, r[2].depth);
	EXPECT_EQ(ma, r[2].base);
	free(r);
	r = maps_of(inner, ZX_INFO_VMAR_MAPS, &n);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(2u, n);
	EXPECT_EQ(ia, r[0].base);
	EXPECT_EQ(1u, r[1].depth);
	free(r);
	/* The root VMAR: "root" at depth 0, the regions at 1. */
	r = maps_of(zx_vmar_root_self(), ZX_INFO_VMAR_MAPS, &n);
	ASSERT_NE(NULL, r);
	ASSERT_GE(n, 4u);
	EXPECT_STREQ("root", r[0].name);
	EXPECT_EQ(0u, r[0].depth);
	o = find_rec(r, n, oa, ZX_INFO_MAPS_TYPE_VMAR);
	ASSERT_NE(NULL, o);
	EXPECT_EQ(1u, o->depth);
	free(r);

	/* Unmapped: the regions stay, the mapping goes. */
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(inner, ma, pg()));
	r = maps_of(outer, ZX_INFO_VMAR_MAPS, &n);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(2u, n);
	free(r);

	/* Destroyed: gone from the process's tree, BAD_STATE for its own. */
	ASSERT_EQ(ZX_OK, zx_vmar_destroy(outer));
	r = maps_of(zx_process_self(), ZX_INFO_PROCESS_MAPS, &n);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(NULL, find_rec(r, n, oa, ZX_INFO_MAPS_TYPE_VMAR));
	EXPECT_EQ(NULL, find_rec(r, n, ia, ZX_INFO_MAPS_TYPE_VMAR));
	free(r);
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_object_get_info(inner, ZX_INFO_VMAR_MAPS, NULL, 0, NULL,
				     NULL));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_object_get_info(outer, ZX_INFO_VMAR_MAPS, NULL, 0, NULL,
				     NULL));
	zx_handle_close(inner);
	zx_handle_close(outer);
	zx_handle_close(v);
}

/*
 * Two root VMAR objects of one process (libzx's and one made with the
 * raw ioctl): the regions of both trees, merged in address order; each
 * root's own VMAR_MAPS lists its own regions; a root whose last handle
 * is closed has its tree forgotten.
 */
TEST(maps_two_root_objects)
{
	zx_handle_t root2 = ZX_HANDLE_INVALID, a, b, bi;
	struct zx_ioc_vmar_root arg = { .out = (uintptr_t)&root2 };
	zx_vaddr_t aa, ba, bia;
	const zx_info_maps_t *ra, *rb, *rbi;
	zx_info_maps_t *r;
	size_t n;

	ASSERT_EQ(0, ioctl(zx_linux_device_fd(), ZX_IOC_VMAR_ROOT, &arg));
	ASSERT_NE(ZX_HANDLE_INVALID, root2);
	ASSERT_EQ(ZX_OK, zx_vmar_allocate(zx_vmar_root_self(),
					  ZX_VM_CAN_MAP_READ, 0, 4 * pg(), &a,
					  &aa));
	ASSERT_EQ(ZX_OK, zx_vmar_allocate(root2, ZX_VM_CAN_MAP_READ |
					  ZX_VM_CAN_MAP_SPECIFIC, 0, 8 * pg(),
					  &b, &ba));
	ASSERT_EQ(ZX_OK, zx_vmar_allocate(b, ZX_VM_CAN_MAP_READ |
					  ZX_VM_SPECIFIC, 2 * pg(), 2 * pg(),
					  &bi, &bia));
	r = maps_of(zx_process_self(), ZX_INFO_PROCESS_MAPS, &n);
	ASSERT_NE(NULL, r);
	check_shape(_metadata, r, n);
	ra = find_rec(r, n, aa, ZX_INFO_MAPS_TYPE_VMAR);
	rb = find_rec(r, n, ba, ZX_INFO_MAPS_TYPE_VMAR);
	rbi = find_rec(r, n, bia, ZX_INFO_MAPS_TYPE_VMAR);
	ASSERT_NE(NULL, ra);
	ASSERT_NE(NULL, rb);
	ASSERT_NE(NULL, rbi);
	EXPECT_EQ(2u, ra->depth);
	EXPECT_EQ(2u, rb->depth);
	EXPECT_EQ(3u, rbi->depth);
	EXPECT_EQ(rb + 1, rbi);
	free(r);

	r = maps_of(root2, ZX_INFO_VMAR_MAPS, &n);
	ASSERT_NE(NULL, r);
	EXPECT_STREQ("root", r[0].name);
	EXPECT_NE(NULL, find_rec(r, n, ba, ZX_INFO_MAPS_TYPE_VMAR));
	EXPECT_EQ(NULL, find_rec(r, n, aa, ZX_INFO_MAPS_TYPE_VMAR));
	free(r);

	ASSERT_EQ(ZX_OK, zx_handle_close(root2));
	r = maps_of(zx_process_self(), ZX_INFO_PROCESS_MAPS, &n);
	ASSERT_NE(NULL, r);
	EXPECT_NE(NULL, find_rec(r, n, aa, ZX_INFO_MAPS_TYPE_VMAR));
	EXPECT_EQ(NULL, find_rec(r, n, ba, ZX_INFO_MAPS_TYPE_VMAR));
	EXPECT_EQ(NULL, find_rec(r, n, bia, ZX_INFO_MAPS_TYPE_VMAR));
	free(r);
	zx_vmar_destroy(a);
	zx_handle_close(a);
	zx_handle_close(b);
	zx_handle_close(bi);
}

/* ------------------------------------------------- buffers, versions */

TEST(maps_short_and_bad_buffers)
{
	zx_handle_t self = zx_process_self(), v = named_vmo(1, "maps-s");
	zx_info_maps_t r[2];
	size_t actual = 99, avail = 99, first;
	zx_vaddr_t a = 0;

	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0,
				     v, 0, pg(), &a));
	/* Room for one: the address space's record, ZX_OK, the full count. */
	memset(r, 0xa5, sizeof(r));
	ASSERT_EQ(ZX_OK, zx_object_get_info(self, ZX_INFO_PROCESS_MAPS, r,
					    sizeof(r[0]) + 8, &actual,
					    &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_GE(avail, 3u);
	EXPECT_EQ(ZX_INFO_MAPS_TYPE_ASPACE, r[0].type);
	/* The bytes past the one record are untouched. */
	EXPECT_EQ(0xa5a5a5a5u, r[1].type);
	first = avail;
	actual = avail = 99;
	EXPECT_EQ(ZX_OK, zx_object_get_info(self, ZX_INFO_PROCESS_MAPS, NULL,
					    0, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(first, avail);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(self, ZX_INFO_PROCESS_MAPS,
				     ZX_TEST_BAD_PTR, sizeof(r), NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(self, ZX_INFO_PROCESS_MAPS, NULL,
				     sizeof(r), NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(self, ZX_INFO_PROCESS_MAPS, r,
				     sizeof(r), ZX_TEST_BAD_PTR, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(zx_vmar_root_self(), ZX_INFO_VMAR_MAPS,
				     ZX_TEST_BAD_PTR, sizeof(r), NULL, NULL));
	zx_vmar_unmap(zx_vmar_root_self(), a, pg());
	zx_handle_close(v);
}

/* Versions 1 and 2: committed (and populated) pages, their own strides. */
TEST(maps_versions)
{
	zx_handle_t v = named_vmo(2, "maps-v");
	zx_koid_t koid = zx_test_koid(v);
	char *buf = calloc(MAX_RECS, sizeof(zx_info_maps_v2_t));
	zx_info_maps_v1_t r1;
	zx_info_maps_v2_t r2;
	size_t n, avail, i, found;
	zx_vaddr_t a = 0;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(),
				     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, v,
				     0, 2 * pg(), &a));
	((volatile char *)a)[pg()] = 1;
	ASSERT_EQ(ZX_OK, zx_object_get_info(zx_process_self(),
					    ZX_INFO_PROCESS_MAPS_V1, buf,
					    MAX_RECS * sizeof(r1), &n,
					    &avail));
	EXPECT_EQ(n, avail);
	for (i = 0, found = 0; i < n; i++) {
		memcpy(&r1, buf + i * sizeof(r1), sizeof(r1));
		if (i == 1)
			EXPECT_STREQ("root", r1.name);
		if (r1.type != ZX_INFO_MAPS_TYPE_MAPPING || r1.base != a)
			continue;
		found++;
		EXPECT_EQ(koid, r1.u.mapping.vmo_koid);
		EXPECT_EQ(1u, r1.u.mapping.committed_pages);
		EXPECT_EQ(2 * pg(), r1.size);
	}
	EXPECT_EQ(1u, found);
	ASSERT_EQ(ZX_OK, zx_object_get_info(zx_process_self(),
					    ZX_INFO_PROCESS_MAPS_V2, buf,
					    MAX_RECS * sizeof(r2), &n,
					    &avail));
	EXPECT_EQ(n, avail);
	for (i = 0, found = 0; i < n; i++) {
		memcpy(&r2, buf + i * sizeof(r2), sizeof(r2));
		if (r2.type != ZX_INFO_MAPS_TYPE_MAPPING || r2.base != a)
			continue;
		found++;
		EXPECT_EQ(koid, r2.u.mapping.vmo_koid);
		EXPECT_EQ(1u, r2.u.mapping.committed_pages);
		EXPECT_EQ(1u, r2.u.mapping.populated_pages);
	}
	EXPECT_EQ(1u, found);
	free(buf);
	zx_vmar_unmap(zx_vmar_root_self(), a, 2 * pg());
	zx_handle_close(v);
}

/* ------------------------------------------------------------ errors */

TEST(maps_wrong_types_rights_and_handles)
{
	static const uint32_t topics[] = {
		ZX_INFO_PROCESS_MAPS, ZX_INFO_PROCESS_MAPS_V1,
		ZX_INFO_PROCESS_MAPS_V2,
	};
	zx_handle_t self = zx_process_self(), ev = zx_test_event();
	zx_handle_t weak, weak_vmar, closed = zx_test_event();
	zx_info_maps_t buf[4];
	size_t i;

	zx_handle_close(closed);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self, ZX_DEFAULT_PROCESS_RIGHTS &
					     ~ZX_RIGHT_INSPECT, &weak));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(zx_vmar_root_self(),
					     ZX_DEFAULT_VMAR_RIGHTS &
					     ~ZX_RIGHT_INSPECT, &weak_vmar));
	for (i = 0; i < sizeof(topics) / sizeof(topics[0]); i++) {
		EXPECT_EQ(ZX_ERR_WRONG_TYPE,
			  zx_object_get_info(ev, topics[i], buf, sizeof(buf),
					     NULL, NULL));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE,
			  zx_object_get_info(zx_thread_self(), topics[i], buf,
					     sizeof(buf), NULL, NULL));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE,
			  zx_object_get_info(zx_vmar_root_self(), topics[i],
					     buf, sizeof(buf), NULL, NULL));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  zx_object_get_info(weak, topics[i], buf, sizeof(buf),
					     NULL, NULL));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE,
			  zx_object_get_info(closed, topics[i], buf,
					     sizeof(buf), NULL, NULL));
		EXPECT_EQ(ZX_OK,
			  zx_object_get_info(self, topics[i], buf, sizeof(buf),
					     NULL, NULL));
	}
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(self, ZX_INFO_VMAR_MAPS, buf, sizeof(buf),
				     NULL, NULL));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(ev, ZX_INFO_VMAR_MAPS, buf, sizeof(buf),
				     NULL, NULL));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_info(weak_vmar, ZX_INFO_VMAR_MAPS, buf,
				     sizeof(buf), NULL, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(closed, ZX_INFO_VMAR_MAPS, buf,
				     sizeof(buf), NULL, NULL));
	zx_handle_close(weak);
	zx_handle_close(weak_vmar);
	zx_handle_close(ev);
}

/* ------------------------------------------------------------- a child */

/* What the child reports after each step: a VMO's koid and an address. */
struct kid_msg {
	zx_koid_t koid;
	zx_vaddr_t addr;
};

static bool kid_report(struct zx_test_kid *k, zx_koid_t koid,
		       zx_vaddr_t addr)
{
	struct kid_msg m = { .koid = koid, .addr = addr };

	return zx_test_kid_report(k, &m, sizeof(m));
}

/*
 * Maps a VMO of 3 pages and closes its handle (the mapping keeps it),
 * then unmaps it.
 */
static int mapper_main(struct zx_test_kid *k)
{
	zx_handle_t v = named_vmo(3, "kid-map");
	zx_koid_t koid = zx_test_koid(v);
	zx_vaddr_t a = 0;

	CHILD_CHECK(zx_vmar_map(zx_vmar_root_self(),
				ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, v, 0,
				3 * pg(), &a) == ZX_OK);
	((volatile char *)a)[0] = 1;
	CHILD_CHECK(zx_handle_close(v) == ZX_OK);
	if (!kid_report(k, koid, a))
		return 1;
	CHILD_CHECK(zx_vmar_unmap(zx_vmar_root_self(), a, 3 * pg()) ==
		    ZX_OK);
	kid_report(k, koid, a);
	return 0;
}

/* How many ZX_INFO_PROCESS_VMOS records of @h name @koid with @flag. */
static size_t vmos_with(zx_handle_t h, uint32_t topic, size_t size,
			zx_koid_t koid, uint32_t flag)
{
	char *buf = calloc(MAX_RECS, sizeof(zx_info_vmo_t));
	size_t n = 0, avail = 0, i, found = 0;
	zx_info_vmo_t r;

	if (!buf)
		return SIZE_MAX;
	if (zx_object_get_info(h, topic, buf, MAX_RECS * size, &n,
			       &avail) != ZX_OK || n != avail) {
		free(buf);
		return SIZE_MAX;
	}
	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof(r));
		memcpy(&r, buf + i * size, size);
		if (r.koid == koid && (r.flags & flag)) {
			found++;
			if (flag == ZX_INFO_VMO_VIA_MAPPING &&
			    (r.flags & ZX_INFO_VMO_VIA_HANDLE))
				found += 1000;	/* never both */
		}
	}
	free(buf);
	return found;
}

TEST(maps_and_vmos_of_child)
{
	struct kid_msg msg;
	const zx_info_maps_t *m;
	zx_info_maps_t *r;
	struct zx_test_kid k;
	size_t n;

	ASSERT_EQ(0, zx_test_kid_start(&k, mapper_main, &msg, sizeof(msg)));
	r = maps_of(k.h, ZX_INFO_PROCESS_MAPS, &n);
	ASSERT_NE(NULL, r);
	check_shape(_metadata, r, n);
	m = find_map(r, n, msg.addr);
	ASSERT_NE(NULL, m);
	EXPECT_STREQ("kid-map", m->name);
	EXPECT_EQ(msg.koid, m->u.mapping.vmo_koid);
	EXPECT_EQ(3 * pg(), m->size);
	EXPECT_EQ(pg(), m->u.mapping.committed_bytes);
	free(r);
	/* Held by no handle, the VMO shows through its mapping only. */
	EXPECT_EQ(1u, vmos_with(k.h, ZX_INFO_PROCESS_VMOS, sizeof(zx_info_vmo_t),
				msg.koid, ZX_INFO_VMO_VIA_MAPPING));
	EXPECT_EQ(0u, vmos_with(k.h, ZX_INFO_PROCESS_VMOS, sizeof(zx_info_vmo_t),
				msg.koid, ZX_INFO_VMO_VIA_HANDLE));

	ASSERT_TRUE(zx_test_kid_step(&k, &msg, sizeof(msg)));
	r = maps_of(k.h, ZX_INFO_PROCESS_MAPS, &n);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(NULL, find_map(r, n, msg.addr));
	free(r);
	EXPECT_EQ(0u, vmos_with(k.h, ZX_INFO_PROCESS_VMOS, sizeof(zx_info_vmo_t),
				msg.koid, ZX_INFO_VMO_VIA_MAPPING));

	EXPECT_EQ(0, zx_test_kid_end(&k, true));
	/* Exited: no address space to walk. */
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_object_get_info(k.h, ZX_INFO_PROCESS_MAPS, NULL, 0, NULL,
				     NULL));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_object_get_info(k.h, ZX_INFO_PROCESS_MAPS_V1, NULL, 0,
				     NULL, NULL));
	zx_handle_close(k.h);
}

/* ------------------------------------------------ PROCESS_VMOS mappings */

/*
 * A VMO held and mapped appears once per handle and once per mapping,
 * in every record version; unmapped and closed, it is gone.
 */
TEST(process_vmos_via_mapping)
{
	static const struct {
		uint32_t topic;
		size_t size;
	} vs[] = {
		{ ZX_INFO_PROCESS_VMOS, sizeof(zx_info_vmo_t) },
		{ ZX_INFO_PROCESS_VMOS_V3, sizeof(zx_info_vmo_v3_t) },
		{ ZX_INFO_PROCESS_VMOS_V2, sizeof(zx_info_vmo_v2_t) },
		{ ZX_INFO_PROCESS_VMOS_V1, sizeof(zx_info_vmo_v1_t) },
	};
	zx_handle_t self = zx_process_self(), v = named_vmo(2, "vmos-m");
	zx_koid_t koid = zx_test_koid(v);
	zx_info_vmo_t rec[1];
	size_t i, actual, avail, before;
	zx_vaddr_t a = 0, b = 0;

	for (i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		EXPECT_EQ(1u, vmos_with(self, vs[i].topic, vs[i].size, koid,
					ZX_INFO_VMO_VIA_HANDLE));
		EXPECT_EQ(0u, vmos_with(self, vs[i].topic, vs[i].size, koid,
					ZX_INFO_VMO_VIA_MAPPING));
	}
	actual = avail = 0;
	ASSERT_EQ(ZX_OK, zx_object_get_info(self, ZX_INFO_PROCESS_VMOS, NULL,
					    0, &actual, &avail));
	before = avail;
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0,
				     v, 0, 2 * pg(), &a));
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0,
				     v, pg(), pg(), &b));
	for (i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		EXPECT_EQ(1u, vmos_with(self, vs[i].topic, vs[i].size, koid,
					ZX_INFO_VMO_VIA_HANDLE));
		EXPECT_EQ(2u, vmos_with(self, vs[i].topic, vs[i].size, koid,
					ZX_INFO_VMO_VIA_MAPPING));
	}
	/* Two more records; a buffer of one still says ZX_OK. */
	actual = avail = 0;
	ASSERT_EQ(ZX_OK, zx_object_get_info(self, ZX_INFO_PROCESS_VMOS, rec,
					    sizeof(rec), &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(before + 2, avail);

	zx_handle_close(v);
	EXPECT_EQ(0u, vmos_with(self, ZX_INFO_PROCESS_VMOS,
				sizeof(zx_info_vmo_t), koid,
				ZX_INFO_VMO_VIA_HANDLE));
	EXPECT_EQ(2u, vmos_with(self, ZX_INFO_PROCESS_VMOS,
				sizeof(zx_info_vmo_t), koid,
				ZX_INFO_VMO_VIA_MAPPING));
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), a, 2 * pg()));
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), b, pg()));
	EXPECT_EQ(0u, vmos_with(self, ZX_INFO_PROCESS_VMOS,
				sizeof(zx_info_vmo_t), koid,
				ZX_INFO_VMO_VIA_MAPPING));
}

ZX_TEST_MAIN(NULL, NULL)
