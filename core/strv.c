/* SPDX-License-Identifier: MIT */
/*
 * strv.c - the list of strings of strv.h.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "strv.h"
#include "xalloc.h"

int
strv_has(const struct strv *s, const char *x)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return 1;
	return 0;
}

void
strv_add(struct strv *s, const char *x)
{
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n++] = xstrdup(x);
}

void
strv_add_new(struct strv *s, const char *x)
{
	if (x != NULL && !strv_has(s, x))
		strv_add(s, x);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strv_sort(struct strv *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), str_cmp);
}

void
strv_free(struct strv *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

char *
strv_json(const struct strv *s)
{
	json_t *a = json_array();
	char *text;
	size_t i;

	for (i = 0; i < s->n; i++)
		json_array_append_new(a, json_string(s->v[i]));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text ? text : xstrdup("[]");
}
