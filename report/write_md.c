/* SPDX-License-Identifier: MIT */
/*
 * write_md.c - the "md" writer: a GitHub-flavoured Markdown table, "| a |
 * b |" header, "| --- | --- |" separator, then one line per row.  Rows are
 * streamed.
 *
 * In cells '|' becomes "\|", a line break (CR LF, CR or LF) becomes
 * "<br>", and other controls are escaped as the table writer does: TAB as
 * "\t", other C0 controls and DEL as "\xHH", C1 controls as "\u00HH",
 * bytes that are not well-formed UTF-8 as "\xHH".  NULL is an empty cell.
 * Cells are never cut.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "writer.h"
#include "xalloc.h"

struct md {
	struct buf	line;
	struct buf	tmp;
};

static void
add_cell(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k;
	uint32_t cp;

	for (i = 0; i < n; i += k) {
		k = utf8_seq(p + i, n - i, &cp);
		if (k == 0) {
			k = 1;
			cp = p[i];
		} else if (cp == '|') {
			buf_addstr(out, "\\|");
			continue;
		} else if (cp == '\r' || cp == '\n') {
			if (cp == '\r' && i + 1 < n && p[i + 1] == '\n')
				k = 2;
			buf_addstr(out, "<br>");
			continue;
		} else if (cp == '\t') {
			buf_addstr(out, "\\t");
			continue;
		} else if (cp >= 0x80 && cp <= 0x9f) {
			buf_addstr(out, "\\u00");
			buf_addch(out, hex[cp >> 4]);
			buf_addch(out, hex[cp & 0x0f]);
			continue;
		} else if (cp >= 0x20 && cp != 0x7f) {
			buf_add(out, s + i, k);
			continue;
		}
		/* Invalid byte, C0 control or DEL. */
		buf_addstr(out, "\\x");
		buf_addch(out, hex[cp >> 4]);
		buf_addch(out, hex[cp & 0x0f]);
	}
}

static int
md_begin(struct wctx *w)
{
	struct md *m;
	size_t i;

	m = xcalloc(1, sizeof(*m));
	buf_init(&m->line);
	buf_init(&m->tmp);
	w->priv = m;
	if (w->ncols == 0)
		return 0;
	buf_addch(&m->line, '|');
	for (i = 0; i < w->ncols; i++) {
		buf_addch(&m->line, ' ');
		add_cell(&m->line, w->cols[i], strlen(w->cols[i]));
		buf_addstr(&m->line, " |");
	}
	if (writer_put_line(w->fp, &m->line) == -1)
		return -1;
	buf_addch(&m->line, '|');
	for (i = 0; i < w->ncols; i++)
		buf_addstr(&m->line, " --- |");
	return writer_put_line(w->fp, &m->line);
}

static int
md_row(struct wctx *w, const struct wcell *cells)
{
	struct md *m = w->priv;
	size_t i;

	if (w->ncols == 0)
		return 0;
	buf_addch(&m->line, '|');
	for (i = 0; i < w->ncols; i++) {
		buf_reset(&m->tmp);
		wcell_text(&cells[i], &m->tmp);
		buf_addch(&m->line, ' ');
		add_cell(&m->line, m->tmp.s, m->tmp.len);
		buf_addstr(&m->line, " |");
	}
	return writer_put_line(w->fp, &m->line);
}

static int
md_end(struct wctx *w)
{
	struct md *m = w->priv;

	if (m != NULL) {
		buf_release(&m->line);
		buf_release(&m->tmp);
		free(m);
		w->priv = NULL;
	}
	return ferror(w->fp) ? -1 : 0;
}

const struct writer writer_md = {
	.name = "md",
	.desc = "GitHub-flavoured Markdown table",
	.begin = md_begin,
	.row = md_row,
	.end = md_end,
};
