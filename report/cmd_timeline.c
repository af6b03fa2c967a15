/* SPDX-License-Identifier: MIT */
/*
 * cmd_timeline.c - "sigtrail timeline": the options, the checks around
 * the export (was the case correlated, is the key known) and the summary
 * on stderr; timeline.c does the export.  Read-only: main opens the case
 * read-only and nothing here writes to it.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "err.h"
#include "store.h"
#include "timeline.h"
#include "timeutil.h"

enum {
	OPT_FROM = 256, OPT_TO, OPT_ACTOR, OPT_KEY, OPT_ACTION, OPT_SOURCE,
	OPT_FORMAT, OPT_INDEX, OPT_TEMPLATE
};

static const struct option longopts[] = {
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "actor", required_argument, NULL, OPT_ACTOR },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "action", required_argument, NULL, OPT_ACTION },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "index", required_argument, NULL, OPT_INDEX },
	{ "template", no_argument, NULL, OPT_TEMPLATE },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/*
 * Correlation state: 0 never correlated, 1 correlated, 2 correlated but
 * evidence was ingested since.
 */
static int
correlation_state(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	int64_t corr = 0, ingest = 0;

	if (sqlite3_prepare_v2(db, "SELECT (SELECT max(run_id) FROM"
	    " correlations), (SELECT max(id) FROM runs WHERE command ="
	    " 'ingest')", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW) {
		corr = sqlite3_column_int64(stmt, 0);
		ingest = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (corr == 0)
		return 0;
	return ingest > corr ? 2 : 1;
}

/* Whether any key or event answers to the spelling key. */
static int
key_known(sqlite3 *db, const char *key)
{
	sqlite3_stmt *stmt = NULL;
	int known = 1;

	if (sqlite3_prepare_v2(db, "SELECT EXISTS (SELECT 1 FROM keys k"
	    " LEFT JOIN key_refs r ON r.key_id = k.id WHERE k.canonical = ?1"
	    " OR k.label = ?1 OR r.value = ?1) OR EXISTS (SELECT 1 FROM"
	    " events WHERE key_ref = ?1)", -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			known = sqlite3_column_int(stmt, 0);
	}
	sqlite3_finalize(stmt);
	return known;
}

static int
set_once(const char **slot, const char *value, const char *opt)
{
	if (*slot != NULL) {
		cmd_usage_error("timeline", "%s given twice (filters take "
		    "one value each)", opt);
		return -1;
	}
	*slot = value;
	return 0;
}

static int
parse_time(const char *s, int64_t *us)
{
	struct diag d;
	unsigned flags;

	diag_clear(&d);
	if (ts_parse_any(s, strlen(s), us, &flags, &d) < 0) {
		cmd_usage_error("timeline", "bad time '%s': %s (ISO 8601, "
		    "e.g. 2026-11-06T21:00:00Z)", s, d.msg);
		return -1;
	}
	return 0;
}

int
cmd_timeline(int argc, char **argv, struct ctx *ctx)
{
	const char *format = NULL, *out = NULL, *from = NULL, *to = NULL;
	const char *index = NULL;
	const struct tl_format *fmt;
	struct tl_query q;
	struct tl_stats st;
	struct tl_out o;
	sqlite3 *db;
	int ch, template = 0, ret;

	memset(&q, 0, sizeof(q));
	q.from_us = INT64_MIN;
	q.to_us = INT64_MAX;
	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_FROM:
			if (set_once(&from, optarg, "--from") < 0 ||
			    parse_time(optarg, &q.from_us) < 0)
				return SIGTRAIL_EXIT_USAGE;
			break;
		case OPT_TO:
			if (set_once(&to, optarg, "--to") < 0 ||
			    parse_time(optarg, &q.to_us) < 0)
				return SIGTRAIL_EXIT_USAGE;
			break;
		case OPT_ACTOR:
			if (set_once(&q.actor, optarg, "--actor") < 0)
				return SIGTRAIL_EXIT_USAGE;
			break;
		case OPT_KEY:
			if (set_once(&q.key, optarg, "--key") < 0)
				return SIGTRAIL_EXIT_USAGE;
			break;
		case OPT_ACTION:
			if (set_once(&q.action, optarg, "--action") < 0)
				return SIGTRAIL_EXIT_USAGE;
			break;
		case OPT_SOURCE:
			if (set_once(&q.source, optarg, "--source") < 0)
				return SIGTRAIL_EXIT_USAGE;
			break;
		case OPT_FORMAT:
			format = optarg;
			break;
		case OPT_INDEX:
			index = optarg;
			break;
		case OPT_TEMPLATE:
			template = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			cmd_help("timeline", stdout);
			return SIGTRAIL_EXIT_OK;
		default:
			return cmd_usage_error("timeline", "bad option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("timeline", "no operands expected");
	if (template) {
		if ((o.fp = cmd_output(out)) == NULL)
			return SIGTRAIL_EXIT_FATAL;
		fputs(tl_opensearch_template, o.fp);
		return cmd_output_close(o.fp, out) < 0 ?
		    SIGTRAIL_EXIT_FATAL : SIGTRAIL_EXIT_OK;
	}
	if ((fmt = tl_format_find(format ? format : "csv")) == NULL)
		return cmd_usage_error("timeline", "unknown format '%s' (%s)",
		    format, tl_format_names());
	if (index != NULL && fmt != &tl_format_opensearch)
		return cmd_usage_error("timeline", "--index goes with "
		    "--format opensearch");
	if (index != NULL && !tl_index_name_ok(index))
		return cmd_usage_error("timeline", "bad index name '%s' "
		    "(lowercase, no spaces or \\/*?\"<>|,#:, not starting "
		    "with -_+)", index);
	if (q.from_us > q.to_us)
		return cmd_usage_error("timeline", "--from is after --to");
	q.windowed = from != NULL || to != NULL;

	db = store_db(ctx->store);
	switch (correlation_state(db)) {
	case 0:
		info("note: the case has not been correlated: no verdict or "
		    "finding tags (run 'sigtrail correlate' for them)");
		break;
	case 2:
		warning("evidence was ingested after the last correlate: "
		    "tags may be stale (run 'sigtrail correlate' again)");
		break;
	}
	if (q.key != NULL && !key_known(db, q.key))
		warning("no key answers to '%s' in this case (see 'sigtrail "
		    "query \"SELECT * FROM key_refs\"')", q.key);

	memset(&o, 0, sizeof(o));
	o.index = index;
	if ((o.fp = cmd_output(out)) == NULL)
		return SIGTRAIL_EXIT_FATAL;
	ret = tl_run(db, &q, fmt, &o, &st) < 0 ? SIGTRAIL_EXIT_FATAL :
	    SIGTRAIL_EXIT_OK;
	if (cmd_output_close(o.fp, out) < 0)
		ret = SIGTRAIL_EXIT_FATAL;
	if (ret != SIGTRAIL_EXIT_OK)
		return ret;
	info("timeline: %" PRId64 " event%s written (%s)", st.rows,
	    st.rows == 1 ? "" : "s", fmt->name);
	if (st.untimed_left > 0 && q.windowed)
		info("note: %" PRId64 " event%s without a time (an HSM log "
		    "without --anchor?) %s outside every window and left out;"
		    " without --from/--to, --format csv or jsonl lists them "
		    "last", st.untimed_left, st.untimed_left == 1 ? "" : "s",
		    st.untimed_left == 1 ? "is" : "are");
	else if (st.untimed_left > 0)
		info("note: %" PRId64 " event%s without a time (an HSM log "
		    "without --anchor?) cannot be written as %s and %s left "
		    "out; --format csv or jsonl lists them last",
		    st.untimed_left, st.untimed_left == 1 ? "" : "s",
		    fmt->name, st.untimed_left == 1 ? "was" : "were");
	return ret;
}
