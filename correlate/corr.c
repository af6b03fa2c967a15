/* SPDX-License-Identifier: MIT */
/*
 * corr.c - small helpers shared by the correlation steps: notes about
 * what was inferred, SQL execution with one bound value, severities.
 */
#include <stdarg.h>
#include <string.h>

#include "buf.h"
#include "correlate.h"
#include "err.h"

const char *const severities[] = {
	"info", "low", "medium", "high", "critical", NULL
};

int
severity_rank(const char *word)
{
	int i;

	for (i = 0; word && severities[i]; i++)
		if (strcmp(severities[i], word) == 0)
			return i;
	return -1;
}

void
corr_note(struct corr *c, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	json_array_append_new(c->inferred, json_string(b.s));
	buf_release(&b);
}

int64_t
corr_exec(struct corr *c, const char *sql, int64_t arg)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		return -1;
	}
	if (sqlite3_bind_parameter_count(stmt) >= 1)
		sqlite3_bind_int64(stmt, 1, arg);
	rc = sqlite3_step(stmt);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		return -1;
	}
	return sqlite3_changes64(c->db);
}
