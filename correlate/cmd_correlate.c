/* SPDX-License-Identifier: MIT */
/*
 * cmd_correlate.c - "sigtrail correlate": links every signing operation
 * to the CI runs and publishes that explain it, writes verdicts and
 * findings, and records the policy used (given and inferred).  Everything
 * correlate wrote before is replaced, in one transaction.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "correlate.h"
#include "err.h"
#include "store.h"

#define DEFAULT_SKEW_S 120

static const struct option longopts[] = {
	{ "policy", required_argument, NULL, 'p' },
	{ "skew", required_argument, NULL, 's' },
	{ "fail-on", required_argument, NULL, 'F' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* links_target is built again once the links are in (store.h) */
static const char sql_clear[] =
"DROP INDEX IF EXISTS links_target;"
"DELETE FROM findings WHERE origin = 'correlate';"
"DELETE FROM verdicts;"
"DELETE FROM links;"
"DELETE FROM key_identities;";

static int
record(struct corr *c, int64_t run_id)
{
	sqlite3_stmt *stmt = NULL;
	json_t *pj = policy_to_json(c->pol);
	char *pol = json_dumps(pj, JSON_COMPACT | JSON_SORT_KEYS);
	char *inf = json_dumps(c->inferred, JSON_COMPACT);
	int ret = -1;

	if (sqlite3_prepare_v2(c->db, "INSERT INTO correlations (run_id,"
	    " policy, inferred, skew_s) VALUES (?1, ?2, ?3, ?4)", -1, &stmt,
	    NULL) == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, run_id);
		sqlite3_bind_text(stmt, 2, pol, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 3, inf, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 4, c->skew_us / 1000000);
		if (sqlite3_step(stmt) == SQLITE_DONE)
			ret = 0;
	}
	if (ret < 0)
		error("correlate: %s", sqlite3_errmsg(c->db));
	sqlite3_finalize(stmt);
	json_decref(pj);
	free(pol);
	free(inf);
	return ret;
}

/* Prints the counts; returns the highest severity found (-1: none). */
static int
summary(struct corr *c)
{
	sqlite3_stmt *stmt = NULL;
	struct buf b = BUF_INIT;
	int worst = -1, r, i;

	/* counted by verdicts_compute(), which wrote them */
	for (i = 0; i < NVERDICTS; i++)
		if (c->nverdicts[i] > 0)
			buf_addf(&b, "%s%lld %s", b.len ? ", " : "",
			    (long long)c->nverdicts[i], verdict_words[i]);
	info("signing operations: %s", b.len ? b.s : "none in the case");
	buf_reset(&b);
	if (sqlite3_prepare_v2(c->db, "SELECT severity, count(*) FROM"
	    " findings GROUP BY severity", -1, &stmt, NULL) == SQLITE_OK) {
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			const char *sev =
			    (const char *)sqlite3_column_text(stmt, 0);

			r = severity_rank(sev);
			if (r > worst)
				worst = r;
			buf_addf(&b, "%s%lld %s", b.len ? ", " : "",
			    (long long)sqlite3_column_int64(stmt, 1), sev);
		}
	}
	sqlite3_finalize(stmt);
	info("findings: %s (see 'sigtrail findings')", b.len ? b.s : "none");
	buf_release(&b);
	return worst;
}

int
cmd_correlate(int argc, char **argv, struct ctx *ctx)
{
	struct policy pol;
	struct corr c;
	struct buf err = BUF_INIT;
	const char *policy_path = NULL;
	char *end;
	long skew = -1;
	int ch, fail_on = -1, worst, ret = SIGTRAIL_EXIT_FATAL;
	int64_t run_id;
	size_t i;

	while ((ch = getopt_long(argc, argv, "p:s:F:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'p':
			policy_path = optarg;
			break;
		case 's':
			errno = 0;
			skew = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || skew < 0 ||
			    skew > 86400)
				return cmd_usage_error("correlate", "bad --skew "
				    "'%s' (seconds, 0 to 86400)", optarg);
			break;
		case 'F':
			fail_on = severity_rank(optarg);
			if (fail_on < 0)
				return cmd_usage_error("correlate", "bad "
				    "--fail-on '%s' (info, low, medium, high, "
				    "critical)", optarg);
			break;
		case 'h':
			cmd_help("correlate", stdout);
			return SIGTRAIL_EXIT_OK;
		default:
			return cmd_usage_error("correlate", "bad option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("correlate", "no operands expected");
	policy_init(&pol);
	if (policy_path && policy_load(&pol, policy_path, &err) < 0) {
		error("policy: %s", err.s);
		buf_release(&err);
		return SIGTRAIL_EXIT_USAGE;
	}
	memset(&c, 0, sizeof(c));
	c.st = ctx->store;
	c.db = store_db(ctx->store);
	c.pol = &pol;
	c.verbose = ctx->verbose;
	c.inferred = json_array();
	if (skew < 0)
		skew = pol.skew_s >= 0 ? pol.skew_s : DEFAULT_SKEW_S;
	c.skew_us = (int64_t)skew * 1000000;
	run_id = store_run_begin(ctx->store, "correlate", ctx->cmdline,
	    ctx->now_us);
	/*
	 * Every id correlate writes into links, verdicts and findings was
	 * read from events in the same transaction, so the foreign-key
	 * checks (a seek into the wide events rows for each reference) would
	 * only repeat what is known; they are off until the command ends.
	 */
	if (run_id < 0 || store_exec(ctx->store, "PRAGMA foreign_keys = OFF")
	    < 0 || store_begin(ctx->store) < 0)
		goto out;
	corr_lap(&c, NULL);
	if (store_exec(ctx->store, sql_clear) < 0 ||
	    (corr_lap(&c, "clear"), corr_ci_jobs(&c)) < 0 ||
	    (corr_lap(&c, "ci jobs"), policy_infer_keys(&c)) < 0 ||
	    (corr_lap(&c, "key identities"), links_run_all(&c, 0)) < 0 ||
	    policy_infer_pipelines(&c) < 0 ||
	    (corr_lap(&c, "pipelines"), links_run_all(&c, 1)) < 0 ||
	    corr_exec(&c, STORE_LINKS_TARGET_INDEX, 0) < 0 ||
	    verdicts_compute(&c) < 0 ||
	    (corr_lap(&c, "verdicts"), findings_compute(&c)) < 0 ||
	    record(&c, run_id) < 0) {
		store_rollback(ctx->store);
		goto out;
	}
	if (store_commit(ctx->store) < 0)
		goto out;
	corr_lap(&c, "commit");
	info("policy: %s; clock skew %ld s", policy_path ? policy_path :
	    "none given", skew);
	for (i = 0; i < json_array_size(c.inferred); i++)
		info("inferred %s", json_string_value(json_array_get(
		    c.inferred, i)));
	worst = summary(&c);
	ret = SIGTRAIL_EXIT_OK;
	if (fail_on >= 0 && worst >= fail_on)
		ret = SIGTRAIL_EXIT_GATE;
out:
	verdicts_release(&c);
	json_decref(c.inferred);
	policy_release(&pol);
	buf_release(&err);
	return ret;
}
