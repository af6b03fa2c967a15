/* SPDX-License-Identifier: MIT */
/*
 * cmd_report.c - "sigtrail report <name>": the read side of correlation.
 * Reports are listed once in the table below, each a function that runs
 * its query through a writer.  Read-only: the case is opened read-only by
 * main and reports never write to it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "err.h"
#include "report.h"
#include "store.h"
#include "timeutil.h"
#include "writer.h"

struct report {
	const char	*name;
	int		(*run)(struct report_args *ra);
	int		 correlated;	/* reads what correlate wrote */
};

static const struct report reports[] = {
	{ "provenance", report_provenance, 1 },
	{ "keys", report_keys, 0 },
	{ "revocation", report_revocation, 1 },
	{ "review", report_review, 1 },
	{ "html", report_html, 1 },
	{ NULL, NULL, 0 }
};

static const struct option longopts[] = {
	{ "from", required_argument, NULL, 'f' },
	{ "to", required_argument, NULL, 't' },
	{ "key", required_argument, NULL, 'k' },
	{ "revoke-at", required_argument, NULL, 'R' },
	{ "model", required_argument, NULL, 'M' },
	{ "from-crl", required_argument, NULL, 'C' },
	{ "detected-at", required_argument, NULL, 'D' },
	{ "format", required_argument, NULL, 'F' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
parse_time(const char *s, int64_t *us)
{
	struct diag d;
	unsigned flags;

	return ts_parse_any(s, strlen(s), us, &flags, &d);
}

int
report_check_correlated(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	int64_t corr = 0, ingest = 0;
	int ret = 0;

	if (sqlite3_prepare_v2(db, "SELECT (SELECT max(run_id) FROM"
	    " correlations), (SELECT max(id) FROM runs WHERE command ="
	    " 'ingest')", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW) {
		corr = sqlite3_column_int64(stmt, 0);
		ingest = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (corr == 0) {
		error("the case has not been correlated yet: run 'sigtrail "
		    "correlate' first");
		ret = -1;
	} else if (ingest > corr) {
		warning("evidence was ingested after the last correlate: run "
		    "'sigtrail correlate' again for current results");
	}
	return ret;
}

int
cmd_report(int argc, char **argv, struct ctx *ctx)
{
	struct report_args ra;
	const char *format = NULL, *out = NULL, *name;
	const struct report *r;
	int ch, ret;

	memset(&ra, 0, sizeof(ra));
	ra.from_us = INT64_MIN;
	ra.to_us = INT64_MAX;
	while ((ch = getopt_long(argc, argv, "f:t:k:R:M:C:D:F:o:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
		case 't':
			if (parse_time(optarg, ch == 'f' ? &ra.from_us :
			    &ra.to_us) < 0)
				return cmd_usage_error("report", "bad time "
				    "'%s' (ISO 8601, e.g. 2026-11-06T21:00:00Z)",
				    optarg);
			break;
		case 'k':
			ra.key = optarg;
			break;
		case 'R':
			ra.revoke_at = optarg;
			break;
		case 'M':
			ra.model = optarg;
			break;
		case 'C':
			ra.from_crl = optarg;
			break;
		case 'D':
			ra.detected_at = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			cmd_help("report", stdout);
			return SIGTRAIL_EXIT_OK;
		default:
			return cmd_usage_error("report", "bad option");
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_error("report", "name one report");
	name = argv[optind];
	for (r = reports; r->name && strcmp(r->name, name) != 0; r++)
		;
	if (r->name == NULL)
		return cmd_usage_error("report", "unknown report '%s'", name);
	if (format && writer_find(format) == NULL)
		return cmd_usage_error("report", "unknown format '%s' (%s)",
		    format, writer_names());
	ra.db = store_db(ctx->store);
	ra.out = out;
	ra.now_us = ctx->now_us;
	if (r->correlated && report_check_correlated(ra.db) < 0)
		return SIGTRAIL_EXIT_PARTIAL;
	ra.fp = cmd_output(out);
	if (ra.fp == NULL)
		return SIGTRAIL_EXIT_FATAL;
	ra.w = writer_find(format ? format : writer_default(ra.fp));
	ret = r->run(&ra);
	ret = ret < 0 ? SIGTRAIL_EXIT_FATAL : ret;	/* or USAGE */
	if (cmd_output_close(ra.fp, out) < 0)
		ret = SIGTRAIL_EXIT_FATAL;
	return ret;
}
