/* SPDX-License-Identifier: MIT */
/*
 * buf.h - a growable byte string that is always NUL-terminated (it may also
 * hold NUL bytes; len is authoritative).  Initialise with BUF_INIT or
 * buf_init(); release with buf_release(); buf_detach() hands the bytes to
 * the caller, who frees them with free().
 */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*s;		/* never NULL after init */
	size_t	 len;
	size_t	 alloc;		/* 0: s points at a static empty string */
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }

void	buf_init(struct buf *b);
void	buf_release(struct buf *b);
void	buf_reset(struct buf *b);
void	buf_grow(struct buf *b, size_t extra);
void	buf_add(struct buf *b, const void *p, size_t n);
void	buf_addstr(struct buf *b, const char *s);
void	buf_addch(struct buf *b, int c);
void	buf_addf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void	buf_truncate(struct buf *b, size_t len);
/* Returns the bytes (new, caller frees) and re-initialises b. */
char	*buf_detach(struct buf *b, size_t *len);

#endif
