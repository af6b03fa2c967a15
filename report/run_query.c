/* SPDX-License-Identifier: MIT */
/*
 * run_query.c - the common end of the reports that are one query: bind
 * the window and the key, run it through the chosen writer.  Apart from
 * cmd_report.c so that the reports link without the command-line layer.
 */
#include "report.h"
#include "err.h"
#include "writer.h"

int
report_run_query(struct report_args *ra, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int ret;

	if (sqlite3_prepare_v2(ra->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return error("report: %s", sqlite3_errmsg(ra->db));
	/* parameters a query does not use are ignored (SQLITE_RANGE) */
	sqlite3_bind_int64(stmt, 1, ra->from_us);
	sqlite3_bind_int64(stmt, 2, ra->to_us);
	if (ra->key)
		sqlite3_bind_text(stmt, 3, ra->key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 3);
	ret = writer_run_stmt(ra->w, ra->fp, stmt, NULL);
	sqlite3_finalize(stmt);
	return ret;
}
