/* SPDX-License-Identifier: MIT */
/*
 * test_verdict.c - unit tests of the verdict pass (correlate/verdict.c)
 * and of the findings it prepares, on an in-memory case of three CI runs
 * whose signing sessions were issued to acme/widget's release workflow:
 *   run 1000001 signed three times and published two of the digests;
 *   run 1000002 signed three times and published none;
 *   run 1000003 signed once and published nothing.
 * Checks the run each session names, the verdict counts, the
 * partial-signature findings (one per run, "N signatures: ..." with every
 * signature's id, singletons worded as one), the excess-signatures-in-run
 * finding of run 1000001 alone, and that the verdicts_run index is there
 * again afterwards; the lists it makes for the unaccounted-signature,
 * unauthorized-signer and signing-path-change detectors, with two
 * intruder signatures.  Then the window link (link_window.c) on the same
 * case with two release jobs and five signatures without a credential.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "correlate.h"
#include "err.h"
#include "policy.h"
#include "store.h"

static void
exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* The rows of a query, one per line, columns joined by '|'. */
static char *
rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = NULL;
	size_t len = 0;
	char *out = calloc(1, 1);
	int i;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL),
	    SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(q); i++) {
			const char *v = (const char *)sqlite3_column_text(q, i);
			size_t n = strlen(v ? v : "");

			out = realloc(out, len + n + 2);
			memcpy(out + len, v ? v : "", n);
			len += n;
			out[len++] = i + 1 < sqlite3_column_count(q) ? '|' :
			    '\n';
			out[len] = '\0';
		}
	}
	sqlite3_finalize(q);
	return out;
}

/* Events: id, time, action, session, digest, run and what is needed. */
static const char case_sql[] =
"INSERT INTO runs VALUES (1, 'ingest', 'test', '0', 'now');"
"INSERT INTO evidence (id, run_id, path, kind, sha256, size, ingested_at,"
" tool_version, command_line, status) VALUES (1, 1, 'test', 'file', '00',"
" 0, 'now', '0', 'test', 'done');"
/* the runs, an hour each */
"INSERT INTO events (id, ts_us, end_us, ts, source, action, outcome, repo,"
" ref, run_ref, attrs, workflow, dedup, evidence_id) VALUES"
" (1, 1000000000000, 1003600000000, '2001-09-09T01:46:40Z', 'github',"
"  'ci.run', 'success', 'acme/widget', 'refs/tags/v1.0.1', '1000001',"
"  '{\"workflow_path\":\".github/workflows/release.yml\"}',"
"  '.github/workflows/release.yml', 'r1', 1),"
" (2, 1010000000000, 1013600000000, '2001-09-09T04:33:20Z', 'github',"
"  'ci.run', 'success', 'acme/widget', 'refs/tags/v1.0.2', '1000002',"
"  '{\"workflow_path\":\".github/workflows/release.yml\"}',"
"  '.github/workflows/release.yml', 'r2', 1),"
" (3, 1020000000000, 1023600000000, '2001-09-09T07:20:00Z', 'github',"
"  'ci.run', 'success', 'acme/widget', 'refs/tags/v1.0.3', '1000003',"
"  '{\"workflow_path\":\".github/workflows/release.yml\"}',"
"  '.github/workflows/release.yml', 'r3', 1);"
/* each run's session, issued by STS to the workflow's OIDC subject */
"INSERT INTO events (id, ts_us, ts, source, action, outcome, operation,"
" repo, ref, session, attrs, dedup, evidence_id) VALUES"
" (11, 1000060000000, '2001-09-09T01:47:40Z', 'cloudtrail',"
"  'session.assume', 'success', 'sts:AssumeRoleWithWebIdentity',"
"  'acme/widget', 'refs/tags/v1.0.1', 'ASIA1/gha-1000001',"
"  '{\"role_session_name\":\"gha-1000001\"}', 'a1', 1),"
" (12, 1010060000000, '2001-09-09T04:34:20Z', 'cloudtrail',"
"  'session.assume', 'success', 'sts:AssumeRoleWithWebIdentity',"
"  'acme/widget', 'refs/tags/v1.0.2', 'ASIA2/gha-1000002',"
"  '{\"role_session_name\":\"gha-1000002\"}', 'a2', 1),"
" (13, 1020060000000, '2001-09-09T07:21:00Z', 'cloudtrail',"
"  'session.assume', 'success', 'sts:AssumeRoleWithWebIdentity',"
"  'acme/widget', 'refs/tags/v1.0.3', 'ASIA3/gha-1000003',"
"  '{\"role_session_name\":\"gha-1000003\"}', 'a3', 1);"
/* the signatures, a minute apart (the last of run 2 first in time) */
"INSERT INTO events (id, ts_us, ts, source, action, outcome, actor,"
" session, key_ref, digest, dedup, evidence_id) VALUES"
" (21, 1000120000000, '2001-09-09T01:48:40Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', 'ASIA1/gha-1000001', 'key-A', 'sha256:d1',"
"  's1', 1),"
" (22, 1000180000000, '2001-09-09T01:49:40Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', 'ASIA1/gha-1000001', 'key-A', 'sha256:d2',"
"  's2', 1),"
" (23, 1000240000000, '2001-09-09T01:50:40Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', 'ASIA1/gha-1000001', 'key-A', 'sha256:d3',"
"  's3', 1),"
" (24, 1010180000000, '2001-09-09T04:36:20Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', 'ASIA2/gha-1000002', 'key-A', 'sha256:d4',"
"  's4', 1),"
" (25, 1010240000000, '2001-09-09T04:37:20Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', 'ASIA2/gha-1000002', 'key-A', 'sha256:d5',"
"  's5', 1),"
" (26, 1010120000000, '2001-09-09T04:35:20Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', 'ASIA2/gha-1000002', 'key-A', 'sha256:d6',"
"  's6', 1),"
" (27, 1020120000000, '2001-09-09T07:22:00Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', 'ASIA3/gha-1000003', 'key-A', 'sha256:d7',"
"  's7', 1);"
/* two of run 1's three digests were released */
"INSERT INTO events (id, ts_us, ts, source, action, outcome, actor,"
" artifact, version, digest, dedup, evidence_id) VALUES"
" (31, 1000300000000, '2001-09-09T01:51:40Z', 'github', 'publish',"
"  'success', 'ci-bot', 'widget.tar.gz', 'v1.0.1', 'sha256:d1', 'p1', 1),"
" (32, 1000300000000, '2001-09-09T01:51:40Z', 'github', 'publish',"
"  'success', 'ci-bot', 'widget.zip', 'v1.0.1', 'sha256:d2', 'p2', 1);";

/* A linked case: its store, policy and correlation state. */
struct linked {
	struct store	*st;
	struct policy	 pol;
	struct corr	 c;
	sqlite3		*db;
};

/*
 * Opens an in-memory case holding case_sql and extra (may be NULL) into
 * *l and runs correlate's steps up to the verdicts: the CI copies, key
 * identities, links and pipelines.  linked_close() releases it.
 */
static void
linked_open(struct linked *l, const char *extra)
{
	struct diag d;

	memset(l, 0, sizeof(*l));
	diag_clear(&d);
	assert_int_equal(store_open(":memory:", STORE_RW, &l->st, &d), 0);
	l->db = store_db(l->st);
	exec(l->db, case_sql);
	if (extra)
		exec(l->db, extra);
	policy_init(&l->pol);
	l->c.st = l->st;
	l->c.db = l->db;
	l->c.pol = &l->pol;
	l->c.skew_us = 120 * (int64_t)1000000;
	l->c.inferred = json_array();
	assert_int_equal(corr_ci_jobs(&l->c), 0);
	assert_int_equal(policy_infer_keys(&l->c), 0);
	assert_int_equal(links_run_all(&l->c, 0), 0);
	assert_int_equal(policy_infer_pipelines(&l->c), 0);
	assert_int_equal(links_run_all(&l->c, 1), 0);
}

static void
linked_close(struct linked *l)
{
	verdicts_release(&l->c);
	json_decref(l->c.inferred);
	policy_release(&l->pol);
	store_close(l->st);
}

static void
test_verdict_pass(void **state)
{
	struct linked l;
	struct corr *c = &l.c;
	char *got;

	(void)state;
	linked_open(&l, NULL);
	/* each session names its run ("ASIA1/gha-1000001": the role
	 * session name after the access key) */
	got = rows(l.db, "SELECT id, named_run FROM temp.cred_issue ORDER BY id");
	assert_string_equal(got, "11|1\n12|2\n13|3\n");
	free(got);
	assert_int_equal(verdicts_compute(c), 0);

	assert_int_equal(c->nverdicts[VERDICT_ACCOUNTED], 2);
	assert_int_equal(c->nverdicts[VERDICT_PARTIAL], 5);
	assert_int_equal(c->nverdicts[VERDICT_UNACCOUNTED], 0);
	got = rows(l.db, "SELECT verdict, count(*) FROM verdicts GROUP BY 1"
	    " ORDER BY 1");
	assert_string_equal(got, "accounted|2\npartial|5\n");
	free(got);
	got = rows(l.db, "SELECT id FROM temp.excess_runs");
	assert_string_equal(got, "1\n");
	free(got);
	got = rows(l.db, "SELECT name FROM sqlite_master WHERE name ="
	    " 'verdicts_run'");
	assert_string_equal(got, "verdicts_run\n");
	free(got);

	assert_true(findings_compute(c) >= 0);
	assert_null(c->partials);
	got = rows(l.db, "SELECT severity, ts, key_ref, actor, summary,"
	    " event_ids FROM findings WHERE kind = 'partial-signature'"
	    " ORDER BY id");
	assert_string_equal(got,
	    "high|2001-09-09T01:50:40Z|key-A|role/signer|signed in CI run"
	    " 1000001 but never published|[23]\n"
	    "high|2001-09-09T04:35:20Z|key-A|role/signer|3 signatures:"
	    " signed in CI run 1000002 but never published|[24,25,26]\n"
	    "high|2001-09-09T07:22:00Z|key-A|role/signer|signed in CI run"
	    " 1000003 but never published|[27]\n");
	free(got);
	got = rows(l.db, "SELECT summary, event_ids FROM findings WHERE kind ="
	    " 'excess-signatures-in-run'");
	assert_string_equal(got, "run 1000001 signed 3 time(s) but published"
	    " 2 of the signatures|[21,22,23]\n");
	free(got);

	linked_close(&l);
}

/*
 * The window link, on the same case plus a release job in runs 1000001
 * and 1000002 and five signatures without a credential link:
 *   41  role/signer, no session, inside run 1000001's job: linked;
 *   42  role/signer, inside that job, but with a session that sts:AssumeRole
 *       issued to alice: not linked (who got the session decides);
 *   43  role/signer, a session no issuance in the case names, inside run
 *       1000002's job: linked;
 *   44  role/signer, no session, between the runs: not linked;
 *   45  role/other (no strong link anywhere), inside run 1000001's job:
 *       not linked.
 */
static const char window_sql[] =
"INSERT INTO events (id, ts_us, end_us, ts, source, action, outcome, repo,"
" run_ref, job_ref, runner, dedup, evidence_id) VALUES"
" (51, 1000010000000, 1003500000000, '2001-09-09T01:46:50Z', 'github',"
"  'ci.job', 'success', 'acme/widget', '1000001', '9001', 'gh-hosted-1',"
"  'j1', 1),"
" (52, 1010010000000, 1013500000000, '2001-09-09T04:33:30Z', 'github',"
"  'ci.job', 'success', 'acme/widget', '1000002', '9002', 'gh-hosted-2',"
"  'j2', 1);"
"INSERT INTO events (id, ts_us, ts, source, action, outcome, operation,"
" actor, session, dedup, evidence_id) VALUES"
" (14, 1001900000000, '2001-09-09T02:03:20Z', 'cloudtrail',"
"  'session.assume', 'success', 'sts:AssumeRole', 'alice',"
"  'ASIAX/alice', 'a4', 1);"
"INSERT INTO events (id, ts_us, ts, source, action, outcome, actor,"
" session, key_ref, digest, dedup, evidence_id) VALUES"
" (41, 1001000000000, '2001-09-09T01:50:00Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', NULL, 'key-A', 'sha256:w1', 's41', 1),"
" (42, 1002000000000, '2001-09-09T02:06:40Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', 'ASIAX/alice', 'key-A', 'sha256:w2', 's42', 1),"
" (43, 1011000000000, '2001-09-09T04:50:00Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', 'ASIAY/gone', 'key-A', 'sha256:w3', 's43', 1),"
" (44, 1005000000000, '2001-09-09T02:50:00Z', 'cloudtrail', 'sign',"
"  'success', 'role/signer', NULL, 'key-A', 'sha256:w4', 's44', 1),"
" (45, 1001500000000, '2001-09-09T01:58:20Z', 'cloudtrail', 'sign',"
"  'success', 'role/other', NULL, 'key-A', 'sha256:w5', 's45', 1);";

/*
 * Two signatures by a principal the pipelines do not use, one before and
 * one after the others, with a session no issuance names: the verdict
 * pass lists them as unaccounted and as signed by a signer the policy
 * does not allow, and notes the time span of all the signatures, for the
 * detectors that read those lists (findings.c).
 */
static const char intruder_sql[] =
"INSERT INTO events (id, ts_us, ts, source, action, outcome, actor,"
" session, key_ref, dedup, evidence_id) VALUES"
" (61, 990000000000, '1970-01-12T11:00:00Z', 'cloudtrail', 'sign',"
"  'success', 'role/intruder', 'ASIAX/backup', 'key-A', 'x1', 1),"
" (62, 1030000000000, '1970-01-12T22:06:40Z', 'cloudtrail', 'sign',"
"  'success', 'role/intruder', 'ASIAX/backup', 'key-A', 'x2', 1);";

static void
test_verdict_lists(void **state)
{
	struct linked l;
	struct corr *c = &l.c;
	char *got;

	(void)state;
	linked_open(&l, intruder_sql);
	assert_int_equal(verdicts_compute(c), 0);
	assert_int_equal(c->nverdicts[VERDICT_UNACCOUNTED], 2);
	got = rows(l.db, "SELECT id FROM temp.unaccounted ORDER BY id");
	assert_string_equal(got, "61\n62\n");
	free(got);
	got = rows(l.db, "SELECT id FROM temp.unauthorized ORDER BY id");
	assert_string_equal(got, "61\n62\n");
	free(got);
	got = rows(l.db, "SELECT lo, hi FROM temp.sops_span");
	assert_string_equal(got, "990000000000|1030000000000\n");
	free(got);

	assert_true(findings_compute(c) >= 0);
	got = rows(l.db, "SELECT kind, ts, actor, summary, event_ids FROM"
	    " findings WHERE kind IN ('unaccounted-signature',"
	    " 'unauthorized-signer') ORDER BY id");
	assert_string_equal(got,
	    "unaccounted-signature|1970-01-12T11:00:00Z|role/intruder|"
	    "signature by role/intruder that no CI run or release accounts"
	    " for|[61]\n"
	    "unaccounted-signature|1970-01-12T22:06:40Z|role/intruder|"
	    "signature by role/intruder that no CI run or release accounts"
	    " for|[62]\n"
	    "unauthorized-signer|1970-01-12T11:00:00Z|role/intruder|"
	    "2 signature(s) by role/intruder, not an authorized signer|"
	    "[61,62]\n");
	free(got);
	linked_close(&l);
}

static void
test_window_links(void **state)
{
	struct linked l;
	char *got;

	(void)state;
	linked_open(&l, window_sql);
	got = rows(l.db, "SELECT sign_id, strength, target_id, ci_run_id,"
	    " detail FROM links WHERE kind = 'window' ORDER BY id");
	assert_string_equal(got,
	    "41|weak|51|1|inside CI job 9001 of run 1000001 on gh-hosted-1\n"
	    "43|weak|52|2|inside CI job 9002 of run 1000002 on gh-hosted-2\n");
	free(got);
	linked_close(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdict_pass),
		cmocka_unit_test(test_verdict_lists),
		cmocka_unit_test(test_window_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
