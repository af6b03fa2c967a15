/* SPDX-License-Identifier: MIT */
/*
 * write_table.c - the "table" writer: an aligned, human-readable text table
 * for terminals.  A header row, a row of '-' under each column, then the
 * rows; columns are left-aligned and separated by two spaces, and no line
 * ends in padding.  Rows are buffered until end so that column widths
 * (counted in code points) are known.
 *
 * Everything shown is safe for a terminal: C0 controls and DEL become
 * "\n", "\r", "\t" or "\xHH", C1 controls (U+0080..U+009F) become
 * "\u00HH", and bytes that are not well-formed UTF-8 become "\xHH".
 * Backslashes are shown as they are.  A cell longer than TABLE_CELL_MAX
 * code points is cut and ends with U+2026; an escape is never split.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "writer.h"
#include "xalloc.h"

#define TABLE_CELL_MAX	200		/* code points shown per cell */
#define ELLIPSIS	"\xe2\x80\xa6"	/* U+2026 */

struct tcell {
	size_t	off;		/* into table.text */
	size_t	len;		/* bytes */
	size_t	width;		/* code points */
};

struct table {
	struct buf	 text;		/* display text of every cell */
	struct tcell	*cells;		/* header, then rows; ncols each */
	size_t		 ncells;
	size_t		 alloc;
	struct buf	 tmp;
};

/*
 * Appends the display form of the n bytes at s to out, cut at
 * TABLE_CELL_MAX code points.  Returns the code points appended.
 */
static size_t
add_display(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	char esc[8];
	const char *unit;
	size_t i, k, ulen, width, cut, cutwidth;
	uint32_t cp;

	width = cutwidth = 0;
	cut = out->len;
	for (i = 0; i < n; i += k) {
		k = utf8_seq(p + i, n - i, &cp);
		unit = esc;
		if (k == 0) {
			k = 1;
			cp = p[i];
			ulen = 4;
		} else if (cp < 0x20 || cp == 0x7f)
			ulen = 4;
		else if (cp >= 0x80 && cp <= 0x9f)
			ulen = 6;
		else {
			unit = s + i;
			ulen = k;
		}
		if (unit == esc) {
			esc[0] = '\\';
			if (cp == '\n' || cp == '\r' || cp == '\t') {
				esc[1] = cp == '\n' ? 'n' :
				    cp == '\r' ? 'r' : 't';
				ulen = 2;
			} else if (ulen == 4) {
				esc[1] = 'x';
				esc[2] = hex[cp >> 4];
				esc[3] = hex[cp & 0x0f];
			} else {
				memcpy(esc + 1, "u00", 3);
				esc[4] = hex[cp >> 4];
				esc[5] = hex[cp & 0x0f];
			}
		}
		/* An escape is as wide as its bytes; a character is one. */
		if (width + (unit == esc ? ulen : 1) > TABLE_CELL_MAX) {
			buf_truncate(out, cut);
			buf_addstr(out, ELLIPSIS);
			return cutwidth + 1;
		}
		buf_add(out, unit, ulen);
		width += unit == esc ? ulen : 1;
		if (width < TABLE_CELL_MAX) {
			cut = out->len;
			cutwidth = width;
		}
	}
	return width;
}

static void
table_add(struct table *t, const char *s, size_t n)
{
	struct tcell *c;

	ALLOC_GROW(t->cells, t->ncells + 1, t->alloc);
	c = &t->cells[t->ncells++];
	c->off = t->text.len;
	c->width = add_display(&t->text, s, n);
	c->len = t->text.len - c->off;
}

static int
table_begin(struct wctx *w)
{
	struct table *t;
	size_t i;

	t = xcalloc(1, sizeof(*t));
	buf_init(&t->text);
	buf_init(&t->tmp);
	for (i = 0; i < w->ncols; i++)
		table_add(t, w->cols[i], strlen(w->cols[i]));
	w->priv = t;
	return 0;
}

static int
table_row(struct wctx *w, const struct wcell *cells)
{
	struct table *t = w->priv;
	size_t i;

	for (i = 0; i < w->ncols; i++) {
		buf_reset(&t->tmp);
		wcell_text(&cells[i], &t->tmp);
		table_add(t, t->tmp.s, t->tmp.len);
	}
	return 0;
}

static void
add_chars(struct buf *b, int ch, size_t n)
{
	buf_grow(b, n);
	while (n-- > 0)
		buf_addch(b, ch);
}

/* Writes the table: line 0 is the header, line 1 the separator. */
static void
table_print(struct wctx *w, struct table *t)
{
	struct buf line = BUF_INIT;
	struct tcell *c;
	size_t *widths, nlines, l, i, keep;

	widths = xcalloc(w->ncols, sizeof(*widths));
	for (i = 0; i < w->ncols; i++)
		widths[i] = 1;
	for (i = 0; i < t->ncells; i++)
		if (t->cells[i].width > widths[i % w->ncols])
			widths[i % w->ncols] = t->cells[i].width;

	nlines = t->ncells / w->ncols + 1;
	for (l = 0; l < nlines; l++) {
		buf_reset(&line);
		keep = 0;
		for (i = 0; i < w->ncols; i++) {
			if (i > 0)
				add_chars(&line, ' ', 2);
			if (l == 1) {
				add_chars(&line, '-', widths[i]);
				keep = line.len;
				continue;
			}
			c = &t->cells[(l ? l - 1 : 0) * w->ncols + i];
			buf_add(&line, t->text.s + c->off, c->len);
			if (c->len > 0)
				keep = line.len;
			if (i + 1 < w->ncols)
				add_chars(&line, ' ', widths[i] - c->width);
		}
		buf_truncate(&line, keep);
		buf_addch(&line, '\n');
		fwrite(line.s, 1, line.len, w->fp);
	}
	buf_release(&line);
	free(widths);
}

static int
table_end(struct wctx *w)
{
	struct table *t = w->priv;

	if (t == NULL)
		return ferror(w->fp) ? -1 : 0;
	if (w->ncols > 0)
		table_print(w, t);
	buf_release(&t->text);
	buf_release(&t->tmp);
	free(t->cells);
	free(t);
	w->priv = NULL;
	return ferror(w->fp) ? -1 : 0;
}

const struct writer writer_table = {
	.name = "table",
	.desc = "aligned text table for terminals",
	.begin = table_begin,
	.row = table_row,
	.end = table_end,
};
