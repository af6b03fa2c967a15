/* SPDX-License-Identifier: MIT */
/*
 * writers.c - the table of output writers, format lookup, the shared text
 * form of a cell (wcell_text) and the driver that runs a prepared SQLite
 * statement through a writer (writer_run_stmt).
 *
 * Reals are printed with "%.15g"; when that yields a bare integer ("3",
 * "-0") ".0" is appended so that a real never reads as an integer.  "inf",
 * "-inf", "nan" and exponent forms ("1e+20") are left as they are.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "utf8.h"
#include "err.h"
#include "writer.h"
#include "xalloc.h"

const struct writer *const writers[] = {
	&writer_table,
	&writer_csv,
	&writer_json,
	&writer_md,
	NULL
};

const struct writer *
writer_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; writers[i] != NULL; i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}

const char *
writer_default(FILE *fp)
{
	return isatty(fileno(fp)) ? "table" : "csv";
}

const char *
writer_names(void)
{
	static char names[128];
	size_t i, n, len;

	if (names[0] != '\0')
		return names;
	len = 0;
	for (i = 0; writers[i] != NULL; i++) {
		n = strlen(writers[i]->name);
		if (len + n + 3 > sizeof(names))
			break;
		if (i > 0) {
			memcpy(names + len, ", ", 2);
			len += 2;
		}
		memcpy(names + len, writers[i]->name, n);
		len += n;
	}
	names[len] = '\0';
	return names;
}

/* Whether the n bytes at s are well-formed UTF-8 without a NUL byte. */
static int
is_plain_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k;
	uint32_t cp;

	for (i = 0; i < n; i += k) {
		if (p[i] == '\0')
			return 0;
		if ((k = utf8_seq(p + i, n - i, &cp)) == 0)
			return 0;
	}
	return 1;
}

static void
add_hex(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	buf_grow(out, n * 2 + 3);
	buf_addstr(out, "x'");
	for (i = 0; i < n; i++) {
		buf_addch(out, hex[p[i] >> 4]);
		buf_addch(out, hex[p[i] & 0x0f]);
	}
	buf_addch(out, '\'');
}

void
csv_add_field(struct buf *out, const char *s, size_t n)
{
	const char *q;
	size_t run;

	if (n == 0)
		return;
	if (memchr(s, ',', n) == NULL && memchr(s, '"', n) == NULL &&
	    memchr(s, '\r', n) == NULL && memchr(s, '\n', n) == NULL) {
		buf_add(out, s, n);
		return;
	}
	buf_grow(out, n + 2);
	buf_addch(out, '"');
	/* Each run up to and including a quote, then the quote again. */
	while ((q = memchr(s, '"', n)) != NULL) {
		run = (size_t)(q - s) + 1;
		buf_add(out, s, run);
		buf_addch(out, '"');
		s += run;
		n -= run;
	}
	buf_add(out, s, n);
	buf_addch(out, '"');
}

int
writer_put_line(FILE *fp, struct buf *b)
{
	buf_addch(b, '\n');
	fwrite(b->s, 1, b->len, fp);
	buf_reset(b);
	return ferror(fp) ? -1 : 0;
}

void
wcell_text(const struct wcell *c, struct buf *out)
{
	size_t start;

	switch (c->type) {
	case WCELL_NULL:
		break;
	case WCELL_INT:
		buf_addf(out, "%" PRId64, c->i);
		break;
	case WCELL_REAL:
		start = out->len;
		buf_addf(out, "%.15g", c->r);
		if (strspn(out->s + start, "-0123456789") == out->len - start)
			buf_addstr(out, ".0");
		break;
	case WCELL_TEXT:
		if (c->len > 0)
			buf_add(out, c->s, c->len);
		break;
	case WCELL_BLOB:
		if (c->len == 0)
			break;
		if (is_plain_utf8(c->s, c->len))
			buf_add(out, c->s, c->len);
		else
			add_hex(out, c->s, c->len);
		break;
	}
}

/*
 * Fills cells from the current row of stmt.  Returns 0, or -1 when SQLite
 * ran out of memory converting a value.
 */
static int
fetch_row(sqlite3_stmt *stmt, struct wcell *cells, size_t ncols)
{
	size_t i;
	int col;

	for (i = 0; i < ncols; i++) {
		col = (int)i;
		memset(&cells[i], 0, sizeof(cells[i]));
		cells[i].s = "";
		switch (sqlite3_column_type(stmt, col)) {
		case SQLITE_INTEGER:
			cells[i].type = WCELL_INT;
			cells[i].i = sqlite3_column_int64(stmt, col);
			break;
		case SQLITE_FLOAT:
			cells[i].type = WCELL_REAL;
			cells[i].r = sqlite3_column_double(stmt, col);
			break;
		case SQLITE_TEXT:
			cells[i].type = WCELL_TEXT;
			cells[i].s = (const char *)sqlite3_column_text(stmt,
			    col);
			if (cells[i].s == NULL)
				return -1;
			cells[i].len = (size_t)sqlite3_column_bytes(stmt, col);
			break;
		case SQLITE_BLOB:
			cells[i].type = WCELL_BLOB;
			cells[i].s = sqlite3_column_blob(stmt, col);
			cells[i].len = (size_t)sqlite3_column_bytes(stmt, col);
			if (cells[i].s == NULL) {
				if (cells[i].len != 0)
					return -1;
				cells[i].s = "";
			}
			break;
		default:
			cells[i].type = WCELL_NULL;
			break;
		}
	}
	return 0;
}

int
writer_run_stmt(const struct writer *wr, FILE *fp, sqlite3_stmt *stmt,
    size_t *rows)
{
	sqlite3 *db = sqlite3_db_handle(stmt);
	struct wctx w;
	struct wcell *cells;
	char **cols;
	const char *name;
	size_t ncols, i, n = 0;
	int rc, ret = 0;

	ncols = (size_t)sqlite3_column_count(stmt);
	/*
	 * Copy the names: sqlite3_step() may re-prepare the statement,
	 * which invalidates what sqlite3_column_name() returned.
	 */
	cols = xcalloc(ncols, sizeof(*cols));
	cells = xcalloc(ncols, sizeof(*cells));
	for (i = 0; i < ncols; i++) {
		name = sqlite3_column_name(stmt, (int)i);
		cols[i] = xstrdup(name != NULL ? name : "");
	}
	memset(&w, 0, sizeof(w));
	w.fp = fp;
	w.cols = (const char *const *)cols;
	w.ncols = ncols;

	if (wr->begin(&w) == -1)
		ret = -1;
	while (ret == 0) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			ret = error("%s", sqlite3_errmsg(db));
			break;
		}
		if (fetch_row(stmt, cells, ncols) == -1) {
			ret = error("%s", sqlite3_errmsg(db));
			break;
		}
		if (wr->row(&w, cells) == -1)
			ret = -1;
		else
			n++;
	}
	/* end is always called: it frees priv. */
	if (wr->end(&w) == -1)
		ret = -1;
	if (ferror(fp))
		ret = -1;

	for (i = 0; i < ncols; i++)
		free(cols[i]);
	free(cols);
	free(cells);
	if (rows != NULL)
		*rows = n;
	return ret;
}
