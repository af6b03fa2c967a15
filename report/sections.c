/* SPDX-License-Identifier: MIT */
/*
 * sections.c - the sectioned report writer of sections.h.
 */
#include <string.h>

#include "sections.h"
#include "timeutil.h"

void
tw_init(struct tw *t, const struct writer *w, FILE *fp)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->w = w;
	t->fp = fp;
	t->fmt = strcmp(w->name, "csv") == 0 ? TW_CSV :
	    strcmp(w->name, "md") == 0 ? TW_MD : TW_TABLE;
	for (i = 0; i < TW_MAXCOLS; i++)
		buf_init(&t->hold[i]);
}

void
tw_release(struct tw *t)
{
	size_t i;

	for (i = 0; i < TW_MAXCOLS; i++)
		buf_release(&t->hold[i]);
}

void
tw_heading(struct tw *t, const char *title, const char *lower)
{
	if (t->sections++ > 0)
		fputc('\n', t->fp);
	switch (t->fmt) {
	case TW_TABLE:
		fprintf(t->fp, "== %s ==\n", title);
		break;
	case TW_CSV:
		fprintf(t->fp, "# %s\n", lower);
		break;
	case TW_MD:
		fprintf(t->fp, "## %s\n\n", title);
		break;
	}
}

void
tw_begin(struct tw *t, const char *const *cols, size_t ncols)
{
	memset(&t->c, 0, sizeof(t->c));
	t->c.fp = t->fp;
	t->c.cols = cols;
	t->c.ncols = ncols;
	t->n = 0;
	if (t->w->begin(&t->c) < 0)
		t->err = 1;
}

void
tw_text(struct tw *t, const char *s)
{
	struct wcell *c = &t->cells[t->n];

	memset(c, 0, sizeof(*c));
	if (s != NULL) {
		buf_reset(&t->hold[t->n]);
		buf_addstr(&t->hold[t->n], s);
		c->type = WCELL_TEXT;
		c->s = t->hold[t->n].s;
		c->len = t->hold[t->n].len;
	}
	t->n++;
}

void
tw_int(struct tw *t, int64_t v)
{
	struct wcell *c = &t->cells[t->n++];

	memset(c, 0, sizeof(*c));
	c->type = WCELL_INT;
	c->i = v;
}

void
tw_time(struct tw *t, int64_t us)
{
	char tb[TS_BUFSZ];

	tw_text(t, us == INT64_MIN ? NULL : ts_format(us, tb));
}

void
tw_row(struct tw *t)
{
	if (t->w->row(&t->c, t->cells) < 0)
		t->err = 1;
	t->n = 0;
}

void
tw_end(struct tw *t)
{
	if (t->w->end(&t->c) < 0)
		t->err = 1;
}

void
tw_field(struct tw *t, const char *field, const char *value)
{
	tw_text(t, field);
	tw_text(t, value);
	tw_row(t);
}
