/* SPDX-License-Identifier: MIT */
/*
 * xalloc.h - allocation that cannot fail: running out of memory is fatal
 * in a command-line tool, so these print a message and exit(3) instead of
 * returning NULL.  Everything returned is new and freed with free().
 */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *p, size_t n);
void	*xreallocarray(void *p, size_t nmemb, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* New string from printf-style arguments. */
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow arr (of nr used, alloc allocated elements) to hold at least want. */
#define ALLOC_GROW(arr, want, alloc)					\
	do {								\
		if ((want) > (alloc)) {					\
			size_t alloc_grow_n_ = (alloc) * 2 + 16;	\
			if (alloc_grow_n_ < (want))			\
				alloc_grow_n_ = (want);			\
			(arr) = xreallocarray((arr), alloc_grow_n_,	\
			    sizeof(*(arr)));				\
			(alloc) = alloc_grow_n_;			\
		}							\
	} while (0)

#endif
