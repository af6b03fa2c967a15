/* SPDX-License-Identifier: MIT */
/*
 * common.c - small pieces the long reports (review.c, revocation.c)
 * share: a column's text, JSON values for text and times, and the usage
 * error of a report.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "buf.h"
#include "report.h"
#include "sigtrail.h"
#include "timeutil.h"
#include "writer.h"
#include "xalloc.h"

const char *
rp_col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

char *
rp_coldup(sqlite3_stmt *s, int i)
{
	const char *t = rp_col(s, i);

	return t ? xstrdup(t) : NULL;
}

json_t *
rp_jtext(const char *s)
{
	struct wcell c;
	struct buf b = BUF_INIT;
	json_t *j;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	/* Not UTF-8: the text writers' form of the bytes (x'<hex>'). */
	memset(&c, 0, sizeof(c));
	c.type = WCELL_BLOB;
	c.s = s;
	c.len = strlen(s);
	wcell_text(&c, &b);
	j = json_string(b.s);
	buf_release(&b);
	return j ? j : json_null();
}

json_t *
rp_jtime(int64_t us)
{
	char tb[TS_BUFSZ];

	return us == INT64_MIN ? json_null() : json_string(ts_format(us, tb));
}

int
rp_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("sigtrail report: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n", usage);
	return SIGTRAIL_EXIT_USAGE;
}
