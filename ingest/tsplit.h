/* SPDX-License-Identifier: MIT */
/*
 * tsplit.h - the text counterpart of jsplit.h: cuts a byte stream into
 * text records, one line each by default, or by a parser's own split
 * function for multi-line records (CloudHSM blocks, PKCS#11 traces).
 * Records reach the same callback type as JSON records, with line and
 * byte offset; a record over the size limit is reported as bad (its first
 * JSPLIT_KEEP bytes kept) and skipped to the next line.
 */
#ifndef TSPLIT_H
#define TSPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "jsplit.h"

/*
 * A split function: the length of the first whole record in buf[0..len),
 * newline included; 0 when more input is needed.  At eof, 0 means "the
 * rest is one record".
 */
typedef size_t (*tsplit_fn)(const char *buf, size_t len, int eof);

struct tsplit;

/* split may be NULL: one record per line. */
struct tsplit *tsplit_new(tsplit_fn split, size_t max_record, jsplit_cb cb,
    void *arg);
void	tsplit_free(struct tsplit *ts);
int	tsplit_feed(struct tsplit *ts, const char *p, size_t n);
int	tsplit_finish(struct tsplit *ts);

/* The default split: up to and including the next '\n'. */
size_t	tsplit_line(const char *buf, size_t len, int eof);

#endif
