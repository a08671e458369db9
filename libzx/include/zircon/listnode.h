/* SPDX-License-Identifier: MIT */
/*
 * <zircon/listnode.h>: an intrusive, circular, doubly linked list with
 * Fuchsia's names and meanings.  A list is a list_node_t head whose prev
 * and next point at itself when empty; an element embeds a list_node_t.
 * A node that is on no list has both pointers NULL (list_clear_node(),
 * and list_delete() leaves it so), which is what list_in_list() tests.
 * No function allocates or locks: the caller owns both.
 */
#ifndef ZIRCON_LISTNODE_H_
#define ZIRCON_LISTNODE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zircon/compiler.h>

__BEGIN_CDECLS

/* The structure of @type whose @member is at @ptr. */
#define containerof(ptr, type, member) \
	((type *)((uintptr_t)(ptr) - offsetof(type, member)))

typedef struct list_node list_node_t;

struct list_node {
	list_node_t *prev;
	list_node_t *next;
};

/* Static initializers: an empty list head, and a node on no list. */
#define LIST_INITIAL_VALUE(list)	{ &(list), &(list) }
#define LIST_INITIAL_CLEARED_VALUE	{ NULL, NULL }

static inline void list_initialize(list_node_t *list)
{
	list->next = list;
	list->prev = list;
}

static inline void list_clear_node(list_node_t *item)
{
	item->next = NULL;
	item->prev = NULL;
}

/* False only for a node both of whose links are NULL. */
static inline bool list_in_list(const list_node_t *item)
{
	return item->prev != NULL || item->next != NULL;
}

/* Links @item in between two adjacent nodes. */
static inline void __list_link(list_node_t *before, list_node_t *item,
			       list_node_t *after)
{
	item->prev = before;
	item->next = after;
	before->next = item;
	after->prev = item;
}

/* @item becomes the first element of @list (or follows node @list). */
static inline void list_add_head(list_node_t *list, list_node_t *item)
{
	__list_link(list, item, list->next);
}

/* @item becomes the last element of @list (or precedes node @list). */
static inline void list_add_tail(list_node_t *list, list_node_t *item)
{
	__list_link(list->prev, item, list);
}

#define list_add_after(entry, new_entry)  list_add_head(entry, new_entry)
#define list_add_before(entry, new_entry) list_add_tail(entry, new_entry)

/* Unlinks @item, which must be on a list, and clears its links. */
static inline void list_delete(list_node_t *item)
{
	list_node_t *prev = item->prev, *next = item->next;

	prev->next = next;
	next->prev = prev;
	list_clear_node(item);
}

/* @new_node takes the place of @old_node, which leaves the list. */
static inline void list_replace_node(list_node_t *old_node,
				     list_node_t *new_node)
{
	__list_link(old_node->prev, new_node, old_node->next);
	list_clear_node(old_node);
}

static inline bool list_is_empty(const list_node_t *list)
{
	return list->next == list;
}

static inline list_node_t *list_peek_head(const list_node_t *list)
{
	return list_is_empty(list) ? NULL : list->next;
}

static inline list_node_t *list_peek_tail(const list_node_t *list)
{
	return list_is_empty(list) ? NULL : list->prev;
}

static inline list_node_t *list_remove_head(list_node_t *list)
{
	list_node_t *item = list_peek_head(list);

	if (item)
		list_delete(item);
	return item;
}

static inline list_node_t *list_remove_tail(list_node_t *list)
{
	list_node_t *item = list_peek_tail(list);

	if (item)
		list_delete(item);
	return item;
}

/* The neighbour of @item on @list, or NULL at the head or tail. */
static inline list_node_t *list_prev(list_node_t *list, list_node_t *item)
{
	return item->prev == list ? NULL : item->prev;
}

static inline list_node_t *list_next(list_node_t *list, list_node_t *item)
{
	return item->next == list ? NULL : item->next;
}

/* Same, but going round past the head: NULL only if nothing else is. */
static inline list_node_t *list_prev_wrap(list_node_t *list,
					  list_node_t *item)
{
	list_node_t *p = item->prev;

	if (p == list)
		p = p->prev;
	return p == list ? NULL : p;
}

static inline list_node_t *list_next_wrap(list_node_t *list,
					  list_node_t *item)
{
	list_node_t *n = item->next;

	if (n == list)
		n = n->next;
	return n == list ? NULL : n;
}

/* The container of @node, @offset bytes in, or NULL for a NULL node. */
static inline void *__list_container(list_node_t *node, size_t offset)
{
	return node ? (void *)((uintptr_t)node - offset) : NULL;
}

#define __LIST_TYPED(node, type, element) \
	((type *)__list_container((node), offsetof(type, element)))

#define list_remove_head_type(list, type, element) \
	__LIST_TYPED(list_remove_head(list), type, element)
#define list_remove_tail_type(list, type, element) \
	__LIST_TYPED(list_remove_tail(list), type, element)
#define list_peek_head_type(list, type, element) \
	__LIST_TYPED(list_peek_head(list), type, element)
#define list_peek_tail_type(list, type, element) \
	__LIST_TYPED(list_peek_tail(list), type, element)
#define list_prev_type(list, item, type, element) \
	__LIST_TYPED(list_prev(list, item), type, element)
#define list_next_type(list, item, type, element) \
	__LIST_TYPED(list_next(list, item), type, element)
#define list_prev_wrap_type(list, item, type, element) \
	__LIST_TYPED(list_prev_wrap(list, item), type, element)
#define list_next_wrap_type(list, item, type, element) \
	__LIST_TYPED(list_next_wrap(list, item), type, element)

/* Every node of @list, head first; @node is a list_node_t *. */
#define list_for_every(list, node) \
	for ((node) = (list)->next; (node) != (list); (node) = (node)->next)

/* The same, where the body may delete @node. */
#define list_for_every_safe(list, node, temp_node)			\
	for ((node) = (list)->next, (temp_node) = (node)->next;		\
	     (node) != (list);						\
	     (node) = (temp_node), (temp_node) = (node)->next)

/* Every element of @list; @entry is a @type *, linked by @member. */
#define list_for_every_entry(list, entry, type, member)			\
	for ((entry) = containerof((list)->next, type, member);		\
	     &(entry)->member != (list);				\
	     (entry) = containerof((entry)->member.next, type, member))

/* The same, where the body may delete @entry. */
#define list_for_every_entry_safe(list, entry, temp_entry, type, member) \
	for ((entry) = containerof((list)->next, type, member),		\
	     (temp_entry) = containerof((entry)->member.next, type, member); \
	     &(entry)->member != (list);				\
	     (entry) = (temp_entry),					\
	     (temp_entry) = containerof((entry)->member.next, type, member))

static inline size_t list_length(const list_node_t *list)
{
	const list_node_t *node;
	size_t n = 0;

	for (node = list->next; node != list; node = node->next)
		n++;
	return n;
}

/*
 * Moves every element of @splice_from, in order, to just after node @pos
 * (a head or an element of another list); @splice_from is left empty.
 */
static inline void list_splice_after(list_node_t *splice_from,
				     list_node_t *pos)
{
	list_node_t *first = splice_from->next, *last = splice_from->prev;
	list_node_t *after = pos->next;

	if (first == splice_from)
		return;
	pos->next = first;
	first->prev = pos;
	last->next = after;
	after->prev = last;
	list_initialize(splice_from);
}

/*
 * Moves the elements of @list that follow node @pos to @split_to (any
 * contents it had are forgotten); @list ends at @pos.
 */
static inline void list_split_after(list_node_t *list, list_node_t *pos,
				    list_node_t *split_to)
{
	list_node_t *first = pos->next, *last = list->prev;

	list_initialize(split_to);
	if (first == list)
		return;
	split_to->next = first;
	first->prev = split_to;
	split_to->prev = last;
	last->next = split_to;
	pos->next = list;
	list->prev = pos;
}

/* @new_list (whose contents are forgotten) takes all of @old_list. */
static inline void list_move(list_node_t *old_list, list_node_t *new_list)
{
	list_initialize(new_list);
	list_splice_after(old_list, new_list);
}

__END_CDECLS

#endif /* ZIRCON_LISTNODE_H_ */
