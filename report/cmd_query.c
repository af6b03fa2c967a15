/* SPDX-License-Identifier: MIT */
/*
 * cmd_query.c - "sigtrail query SQL": one read-only statement against the
 * case, printed by a writer.  The case is opened read-only by main; here
 * the connection is further guarded (query_only, an authorizer that only
 * allows reading, limits) before the user's SQL is even prepared.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "err.h"
#include "store.h"
#include "writer.h"

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'F' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int
cmd_write_stmt(sqlite3_stmt *stmt, const char *format, const char *out)
{
	const struct writer *w;
	FILE *fp;
	int ret = SIGTRAIL_EXIT_OK;

	if ((fp = cmd_output(out)) == NULL) {
		sqlite3_finalize(stmt);
		return SIGTRAIL_EXIT_FATAL;
	}
	w = writer_find(format ? format : writer_default(fp));
	if (writer_run_stmt(w, fp, stmt, NULL) < 0)
		ret = SIGTRAIL_EXIT_FATAL;
	sqlite3_finalize(stmt);
	if (cmd_output_close(fp, out) < 0)
		ret = SIGTRAIL_EXIT_FATAL;
	return ret;
}

/* Whether tail holds only white space and comments. */
static int
only_comments(sqlite3 *db, const char *tail)
{
	sqlite3_stmt *stmt = NULL;
	const char *next = NULL;
	int rc;

	while (tail && *tail) {
		rc = sqlite3_prepare_v2(db, tail, -1, &stmt, &next);
		if (rc != SQLITE_OK || stmt != NULL) {
			sqlite3_finalize(stmt);
			return 0;
		}
		if (next == tail)
			break;
		tail = next;
	}
	return 1;
}

int
cmd_query(int argc, char **argv, struct ctx *ctx)
{
	const char *format = NULL, *out = NULL, *tail = NULL;
	sqlite3_stmt *stmt = NULL;
	sqlite3 *db;
	int ch;

	while ((ch = getopt_long(argc, argv, "F:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'F':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			cmd_help("query", stdout);
			return SIGTRAIL_EXIT_OK;
		default:
			return cmd_usage_error("query", "bad option");
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_error("query", "give exactly one SQL "
		    "statement (quote it)");
	if (format && writer_find(format) == NULL)
		return cmd_usage_error("query", "unknown format '%s' (%s)",
		    format, writer_names());
	if (store_guard_readonly(ctx->store) < 0)
		return SIGTRAIL_EXIT_FATAL;
	db = store_db(ctx->store);
	if (sqlite3_prepare_v2(db, argv[optind], -1, &stmt, &tail) !=
	    SQLITE_OK) {
		error("query: %s", sqlite3_errmsg(db));
		return SIGTRAIL_EXIT_USAGE;
	}
	if (stmt == NULL) {
		error("query: no SQL statement given");
		return SIGTRAIL_EXIT_USAGE;
	}
	if (!only_comments(db, tail)) {
		sqlite3_finalize(stmt);
		error("query: only one statement may be given");
		return SIGTRAIL_EXIT_USAGE;
	}
	if (!sqlite3_stmt_readonly(stmt)) {
		sqlite3_finalize(stmt);
		error("query: only read-only statements may be run");
		return SIGTRAIL_EXIT_USAGE;
	}
	return cmd_write_stmt(stmt, format, out);
}
