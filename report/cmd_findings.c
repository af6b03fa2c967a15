/* SPDX-License-Identifier: MIT */
/*
 * cmd_findings.c - "sigtrail findings": what correlate (and the rules)
 * found, most recent correlation, in time order, filtered by severity;
 * --fail-on turns it into a gate (exit 4).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "correlate.h"
#include "err.h"
#include "report.h"
#include "store.h"
#include "writer.h"

static const struct option longopts[] = {
	{ "min-severity", required_argument, NULL, 'm' },
	{ "fail-on", required_argument, NULL, 'x' },
	{ "format", required_argument, NULL, 'F' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

#define RANK(col) "CASE " col " WHEN 'info' THEN 0 WHEN 'low' THEN 1" \
	" WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4" \
	" ELSE -1 END"

static const char sql_list[] =
"SELECT f.id, f.ts AS time, f.severity, f.kind, coalesce(k.label,"
" f.key_ref) AS key, f.actor AS principal, f.summary, f.event_ids,"
" f.origin FROM findings f LEFT JOIN keys k ON k.canonical = f.key_ref"
" WHERE " RANK("f.severity") " >= ?1"
" ORDER BY f.ts_us, " RANK("f.severity") " DESC, f.kind, f.id";

static const char sql_worst[] =
"SELECT max(" RANK("severity") ") FROM findings";

int
cmd_findings(int argc, char **argv, struct ctx *ctx)
{
	const char *format = NULL, *out = NULL;
	sqlite3_stmt *stmt = NULL;
	sqlite3 *db;
	int ch, min = 0, fail_on = -1, worst = -1, ret = SIGTRAIL_EXIT_OK;

	while ((ch = getopt_long(argc, argv, "m:x:F:o:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'm':
		case 'x':
			if (severity_rank(optarg) < 0)
				return cmd_usage_error("findings", "bad "
				    "severity '%s' (info, low, medium, high, "
				    "critical)", optarg);
			if (ch == 'm')
				min = severity_rank(optarg);
			else
				fail_on = severity_rank(optarg);
			break;
		case 'F':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			cmd_help("findings", stdout);
			return SIGTRAIL_EXIT_OK;
		default:
			return cmd_usage_error("findings", "bad option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("findings", "no operands expected");
	if (format && writer_find(format) == NULL)
		return cmd_usage_error("findings", "unknown format '%s' (%s)",
		    format, writer_names());
	db = store_db(ctx->store);
	if (report_check_correlated(db) < 0)
		return SIGTRAIL_EXIT_PARTIAL;
	if (sqlite3_prepare_v2(db, sql_list, -1, &stmt, NULL) != SQLITE_OK) {
		error("findings: %s", sqlite3_errmsg(db));
		return SIGTRAIL_EXIT_FATAL;
	}
	sqlite3_bind_int(stmt, 1, min);
	ret = cmd_write_stmt(stmt, format, out);
	if (ret == SIGTRAIL_EXIT_OK && fail_on >= 0) {
		if (sqlite3_prepare_v2(db, sql_worst, -1, &stmt, NULL) ==
		    SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW &&
		    sqlite3_column_type(stmt, 0) != SQLITE_NULL)
			worst = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
		if (worst >= fail_on)
			ret = SIGTRAIL_EXIT_GATE;
	}
	return ret;
}
