/* SPDX-License-Identifier: MIT */
/*
 * write_json.c - the "json" writer: one JSON array with an object per row,
 * keys in column order.  Output is "[\n", each object compact on its own
 * line with ",\n" between them, then "\n]\n"; no rows give "[]\n".  Rows
 * are streamed, one object at a time.
 *
 * Values: integers and reals as JSON numbers (a real that is not finite
 * has no JSON form and becomes null), NULL as null, TEXT as a string (or,
 * when it is not well-formed UTF-8, its "x'<hex>'" form), BLOB as the
 * string wcell_text gives.  Keys that repeat an earlier column name get
 * ":1", ":2", ... as SQLite does; a name that is not UTF-8 becomes its
 * "x'<hex>'" form.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "writer.h"
#include "xalloc.h"

#define JSON_FLAGS	(JSON_PRESERVE_ORDER | JSON_COMPACT | \
			    JSON_REAL_PRECISION(15))

struct json {
	char		**keys;		/* ncols, unique, UTF-8 */
	size_t		  nrows;
	struct buf	  tmp;
};

static int
is_utf8(const char *s, size_t n)
{
	json_t *j;

	if ((j = json_stringn(s, n)) == NULL)
		return 0;
	json_decref(j);
	return 1;
}

/* The hex form of the n bytes at s, as wcell_text gives for a BLOB. */
static void
add_hex_form(struct buf *out, const char *s, size_t n)
{
	struct wcell c;

	memset(&c, 0, sizeof(c));
	c.type = WCELL_BLOB;
	c.s = s;
	c.len = n;
	wcell_text(&c, out);
}

static int
key_taken(char **keys, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return 1;
	return 0;
}

static void
make_keys(struct wctx *w, struct json *j)
{
	struct buf b = BUF_INIT;
	size_t i, base, n;

	j->keys = xcalloc(w->ncols, sizeof(*j->keys));
	for (i = 0; i < w->ncols; i++) {
		buf_reset(&b);
		if (is_utf8(w->cols[i], strlen(w->cols[i])))
			buf_addstr(&b, w->cols[i]);
		else
			add_hex_form(&b, w->cols[i], strlen(w->cols[i]));
		base = b.len;
		for (n = 1; key_taken(j->keys, i, b.s); n++) {
			buf_truncate(&b, base);
			buf_addf(&b, ":%zu", n);
		}
		j->keys[i] = buf_detach(&b, NULL);
	}
	buf_release(&b);
}

static json_t *
cell_value(struct json *j, const struct wcell *c)
{
	json_t *v;

	switch (c->type) {
	case WCELL_INT:
		return json_integer((json_int_t)c->i);
	case WCELL_REAL:
		if (!isfinite(c->r))
			return json_null();
		return json_real(c->r);
	case WCELL_TEXT:
		if ((v = json_stringn(c->s, c->len)) != NULL)
			return v;
		buf_reset(&j->tmp);
		add_hex_form(&j->tmp, c->s, c->len);
		return json_stringn(j->tmp.s, j->tmp.len);
	case WCELL_BLOB:
		buf_reset(&j->tmp);
		wcell_text(c, &j->tmp);
		return json_stringn(j->tmp.s, j->tmp.len);
	case WCELL_NULL:
		break;
	}
	return json_null();
}

static int
json_begin(struct wctx *w)
{
	struct json *j;

	j = xcalloc(1, sizeof(*j));
	buf_init(&j->tmp);
	make_keys(w, j);
	w->priv = j;
	return 0;
}

static int
json_row(struct wctx *w, const struct wcell *cells)
{
	struct json *j = w->priv;
	json_t *obj, *v;
	size_t i;
	int rc;

	if ((obj = json_object()) == NULL)
		return error("out of memory");
	for (i = 0; i < w->ncols; i++) {
		/* set_new takes v even when it fails; keys are checked. */
		if ((v = cell_value(j, &cells[i])) == NULL ||
		    json_object_set_new_nocheck(obj, j->keys[i], v) == -1) {
			json_decref(obj);
			return error("out of memory");
		}
	}
	fputs(j->nrows++ == 0 ? "[\n" : ",\n", w->fp);
	rc = json_dumpf(obj, w->fp, JSON_FLAGS);
	json_decref(obj);
	if (rc == -1 || ferror(w->fp))
		return -1;
	return 0;
}

static int
json_end(struct wctx *w)
{
	struct json *j = w->priv;
	size_t i;

	if (j != NULL) {
		fputs(j->nrows > 0 ? "\n]\n" : "[]\n", w->fp);
		for (i = 0; i < w->ncols; i++)
			free(j->keys[i]);
		free(j->keys);
		buf_release(&j->tmp);
		free(j);
		w->priv = NULL;
	}
	return ferror(w->fp) ? -1 : 0;
}

const struct writer writer_json = {
	.name = "json",
	.desc = "JSON array of objects, one per row",
	.begin = json_begin,
	.row = json_row,
	.end = json_end,
};
