/* SPDX-License-Identifier: MIT */
/*
 * write_csv.c - the "csv" writer (RFC 4180): a header line of column names,
 * then one line per row, every line ending in LF.  A field is quoted only
 * when it holds a comma, a double quote, CR or LF, and quotes inside are
 * doubled.  Values are written verbatim (wcell_text); NULL is an empty
 * field.  Rows are streamed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "writer.h"
#include "xalloc.h"

struct csv {
	struct buf	line;
	struct buf	tmp;
};

static int
csv_begin(struct wctx *w)
{
	struct csv *c;
	size_t i;

	c = xcalloc(1, sizeof(*c));
	buf_init(&c->line);
	buf_init(&c->tmp);
	w->priv = c;
	if (w->ncols == 0)
		return 0;
	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			buf_addch(&c->line, ',');
		csv_add_field(&c->line, w->cols[i], strlen(w->cols[i]));
	}
	return writer_put_line(w->fp, &c->line);
}

static int
csv_row(struct wctx *w, const struct wcell *cells)
{
	struct csv *c = w->priv;
	size_t i;

	if (w->ncols == 0)
		return 0;
	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			buf_addch(&c->line, ',');
		buf_reset(&c->tmp);
		wcell_text(&cells[i], &c->tmp);
		csv_add_field(&c->line, c->tmp.s, c->tmp.len);
	}
	return writer_put_line(w->fp, &c->line);
}

static int
csv_end(struct wctx *w)
{
	struct csv *c = w->priv;

	if (c != NULL) {
		buf_release(&c->line);
		buf_release(&c->tmp);
		free(c);
		w->priv = NULL;
	}
	return ferror(w->fp) ? -1 : 0;
}

const struct writer writer_csv = {
	.name = "csv",
	.desc = "comma-separated values (RFC 4180)",
	.begin = csv_begin,
	.row = csv_row,
	.end = csv_end,
};
