/* SPDX-License-Identifier: MIT */
/*
 * writer.h - output writers for tabular results (query, evidence, formats
 * and the reports): one const descriptor per format in writers[], one file
 * each (write_<name>.c).  A writer receives column names once, then rows of
 * typed cells, then end.  Writers borrow everything they are given; they
 * return 0, or -1 when the stream failed (ferror).
 */
#ifndef WRITER_H
#define WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sqlite3_stmt;

enum wcell_type { WCELL_NULL, WCELL_INT, WCELL_REAL, WCELL_TEXT, WCELL_BLOB };

struct wcell {
	enum wcell_type	 type;
	int64_t		 i;		/* WCELL_INT */
	double		 r;		/* WCELL_REAL */
	const char	*s;		/* TEXT (UTF-8, NUL-terminated) or BLOB */
	size_t		 len;		/* bytes in s */
};

struct wctx {
	FILE		*fp;		/* borrowed */
	const char	*const *cols;	/* borrowed column names */
	size_t		 ncols;
	void		*priv;		/* the writer's own state */
};

struct writer {
	const char	*name;		/* --format value */
	const char	*desc;
	int		(*begin)(struct wctx *w);
	int		(*row)(struct wctx *w, const struct wcell *cells);
	int		(*end)(struct wctx *w);	/* also frees priv */
};

extern const struct writer writer_table, writer_csv, writer_json, writer_md;
extern const struct writer *const writers[];	/* NULL-terminated */

/* Returns the writer called name, or NULL. */
const struct writer *writer_find(const char *name);
/* Default format: "table" when fp is a terminal, else "csv". */
const char *writer_default(FILE *fp);
/* Comma-separated list of writer names (static buffer). */
const char *writer_names(void);

/*
 * Text form of a cell shared by the text writers: integers in decimal,
 * reals with "%.15g", NULL as "" (table/csv/md) , TEXT as is, BLOB as its
 * bytes when they are valid UTF-8 without NUL, else "x'<hex>'".  Appends
 * to out (a struct buf, see core/buf.h).
 */
struct buf;
void wcell_text(const struct wcell *c, struct buf *out);

/*
 * Appends the n bytes at s as one RFC 4180 field: as they are, or in
 * double quotes with each quote doubled when they hold a comma, a double
 * quote, CR or LF.  Nothing for n == 0.  Shared by the csv writer and the
 * timeline's CSV formats.
 */
void csv_add_field(struct buf *out, const char *s, size_t n);
/* Writes the line in b plus LF to fp and empties b; -1 on a write error. */
int writer_put_line(FILE *fp, struct buf *b);

/*
 * Runs a prepared statement to completion through writer wr into fp.
 * Returns 0, or -1 (SQLite error in d-style message printed via error(),
 * or a write error).  *rows gets the row count when not NULL.
 */
int writer_run_stmt(const struct writer *wr, FILE *fp,
    struct sqlite3_stmt *stmt, size_t *rows);

#endif
