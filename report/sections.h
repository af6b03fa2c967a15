/* SPDX-License-Identifier: MIT */
/*
 * sections.h - a report in titled sections of rows (report revocation and
 * report review in table, csv and md): a heading per section ("== T ==",
 * "# t" or "## T"), then the rows through the chosen writer.  The cells of
 * the current row are copied, so callers may pass temporary strings.
 */
#ifndef SECTIONS_H
#define SECTIONS_H

#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "writer.h"

#define TW_MAXCOLS	32

enum tw_fmt { TW_TABLE, TW_CSV, TW_MD };

struct tw {
	const struct writer	*w;		/* borrowed */
	FILE			*fp;		/* borrowed */
	enum tw_fmt		 fmt;
	int			 sections;
	struct wctx		 c;
	struct wcell		 cells[TW_MAXCOLS];
	size_t			 n;
	struct buf		 hold[TW_MAXCOLS];	/* text of the row */
	int			 err;		/* a write failed */
};

/* Starts writing to fp through w; tw_release() frees what it holds. */
void	tw_init(struct tw *t, const struct writer *w, FILE *fp);
void	tw_release(struct tw *t);
/* A section: title for table and md, lower (a slug) for csv. */
void	tw_heading(struct tw *t, const char *title, const char *lower);
void	tw_begin(struct tw *t, const char *const *cols, size_t ncols);
/* The next cell: text (NULL: empty), an integer, a time (INT64_MIN: empty). */
void	tw_text(struct tw *t, const char *s);
void	tw_int(struct tw *t, int64_t v);
void	tw_time(struct tw *t, int64_t us);
void	tw_row(struct tw *t);
void	tw_end(struct tw *t);
/* A two-cell row: field, value. */
void	tw_field(struct tw *t, const char *field, const char *value);

#endif
