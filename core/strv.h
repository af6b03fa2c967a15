/* SPDX-License-Identifier: MIT */
/*
 * strv.h - a growable list of strings, each a copy the list owns.  Start
 * from STRV_INIT (all zero); strv_free() frees the copies and the list and
 * leaves it empty and reusable.
 */
#ifndef STRV_H
#define STRV_H

#include <stddef.h>

struct strv {
	char	**v;
	size_t	 n, alloc;
};

#define STRV_INIT { NULL, 0, 0 }

/* 1 when x (not NULL) is in the list, else 0: a linear search. */
int	strv_has(const struct strv *s, const char *x);
/* Appends a copy of x (not NULL). */
void	strv_add(struct strv *s, const char *x);
/* Appends a copy of x unless x is NULL or already in the list. */
void	strv_add_new(struct strv *s, const char *x);
/* Sorts the list by strcmp(). */
void	strv_sort(struct strv *s);
void	strv_free(struct strv *s);
/*
 * The list as a compact JSON array of strings, e.g. for SQLite's
 * json_each() (new, the caller frees it with free()).  A string jansson
 * refuses (not UTF-8) is left out.
 */
char	*strv_json(const struct strv *s);

#endif
