/* SPDX-License-Identifier: MIT */
/*
 * tsplit.c - the text record splitter of tsplit.h.  Input is appended to
 * one buffer; whole records are cut from its front and the rest is kept
 * for the next feed, so memory stays within the record limit.  Records
 * are handed on without their trailing CR/LF; blank records are dropped
 * (they are separators, not records).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tsplit.h"
#include "xalloc.h"

struct tsplit {
	tsplit_fn	 split;
	size_t		 max_record;
	jsplit_cb	 cb;
	void		*arg;
	struct buf	 b;		/* input; b.s[pos..] is unconsumed */
	size_t		 pos;
	int64_t		 off;		/* offset of b.s[pos] in the stream */
	int64_t		 line;		/* line of b.s[pos] */
	int		 skipping;	/* dropping the rest of a long line */
	int		 stopped;
	char		 err[160];
};

size_t
tsplit_line(const char *buf, size_t len, int eof)
{
	const char *nl = memchr(buf, '\n', len);

	if (nl)
		return (size_t)(nl - buf) + 1;
	return eof ? len : 0;
}

struct tsplit *
tsplit_new(tsplit_fn split, size_t max_record, jsplit_cb cb, void *arg)
{
	struct tsplit *ts = xcalloc(1, sizeof(*ts));

	ts->split = split ? split : tsplit_line;
	ts->max_record = max_record ? max_record : 1;
	ts->cb = cb;
	ts->arg = arg;
	ts->line = 1;
	buf_init(&ts->b);
	return ts;
}

void
tsplit_free(struct tsplit *ts)
{
	if (ts == NULL)
		return;
	buf_release(&ts->b);
	free(ts);
}

static int64_t
count_lines(const char *p, size_t n)
{
	int64_t lines = 0;
	const char *end = p + n;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	return lines;
}

/* Consumes the first n unconsumed bytes, keeping line and offset. */
static void
consume(struct tsplit *ts, size_t n)
{
	ts->line += count_lines(ts->b.s + ts->pos, n);
	ts->off += (int64_t)n;
	ts->pos += n;
}

static int
emit(struct tsplit *ts, size_t n, const char *err)
{
	const char *rec = ts->b.s + ts->pos;
	size_t len = n;

	while (len > 0 && (rec[len - 1] == '\n' || rec[len - 1] == '\r'))
		len--;
	if (len == 0 && err == NULL)
		return 0;
	if (ts->cb(ts->arg, rec, len, ts->line, ts->off, err) < 0) {
		ts->stopped = 1;
		return -1;
	}
	return 0;
}

/* Cuts every whole record; at eof also the rest.  Compacts at the end. */
static int
drain(struct tsplit *ts, int eof)
{
	size_t n, keep, avail;
	const char *nl, *p;
	int ret = 0;

	while ((avail = ts->b.len - ts->pos) > 0) {
		p = ts->b.s + ts->pos;
		if (ts->skipping) {
			nl = memchr(p, '\n', avail);
			if (nl == NULL) {
				consume(ts, avail);
				break;
			}
			consume(ts, (size_t)(nl - p) + 1);
			ts->skipping = 0;
			continue;
		}
		n = ts->split(p, avail, eof);
		if (n > avail)
			n = avail;
		if (n == 0 && eof)
			n = avail;
		if (n > ts->max_record || (n == 0 && avail > ts->max_record)) {
			keep = avail < JSPLIT_KEEP ? avail : JSPLIT_KEEP;
			snprintf(ts->err, sizeof(ts->err), "record exceeds the "
			    "limit of %zu bytes (first %zu kept; skipped to "
			    "the next line)", ts->max_record, keep);
			if (emit(ts, keep, ts->err) < 0) {
				ret = -1;
				break;
			}
			ts->skipping = 1;
			continue;
		}
		if (n == 0)
			break;
		if (emit(ts, n, NULL) < 0) {
			ret = -1;
			break;
		}
		consume(ts, n);
	}
	if (ts->pos > 0) {
		memmove(ts->b.s, ts->b.s + ts->pos, ts->b.len - ts->pos);
		buf_truncate(&ts->b, ts->b.len - ts->pos);
		ts->pos = 0;
	}
	return ret;
}

int
tsplit_feed(struct tsplit *ts, const char *p, size_t n)
{
	if (ts->stopped)
		return -1;
	buf_add(&ts->b, p, n);
	return drain(ts, 0);
}

int
tsplit_finish(struct tsplit *ts)
{
	if (ts->stopped)
		return -1;
	return drain(ts, 1);
}
