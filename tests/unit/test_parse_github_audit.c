/* SPDX-License-Identifier: MIT */
/*
 * test_parse_github_audit.c - unit tests of the GitHub audit-log parser
 * (ingest/parse_github_audit.c): a table of entries (go-github's
 * workflows.completed_workflow_run, prepared jobs on self-hosted runners,
 * secret, environment, branch-protection, ruleset and runner changes, out
 * of scope actions, the time members in their shapes, enterprise arrays)
 * and of malformed ones; the scope prefilter; probe scores; the emit
 * failure path; a replay of ../shared/corpus/github_actions (which holds
 * no audit log: nothing may be claimed) and of samples/evidence/
 * github_actions, with facts about the hijack and the containment.
 *
 * Record texts use ' for " so that they stay readable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "err.h"
#include "event.h"
#include "jsonutil.h"
#include "jsplit.h"
#include "parser.h"
#include "timeutil.h"

#include "helpers.h"

static const struct parser *const P = &parser_github_audit;
static const struct suite S = { .p = &parser_github_audit };

/* ------------------------------------------------------------------ */
/* Audit-log entries                                                   */

#define SHA	"5acdeadbeef64d1a62388e901e5cdc9358644b37"

/* The entry of go-github's GetAuditLog test (formats.md F.4). */
#define GOGH \
	"{'@timestamp':1615077308538,'_document_id':'beeZYapIUe-wKg5-beadb33'," \
	"'action':'workflows.completed_workflow_run','active':true,'actor':" \
	"'testactor','actor_ip':'10.0.0.1','actor_location':{'country_code':" \
	"'US'},'cancelled_at':'2021-03-07T00:35:08.000Z','completed_at':" \
	"'2021-03-07T00:35:08.000Z','conclusion':'success','created_at':" \
	"1615077308538,'event':'schedule','hashed_token':'AAAAAAAAAAAAAAAAAA" \
	"AAAAAAAAAAAAAAAAAAAAAAAAA=','head_branch':'master','head_sha':'" SHA \
	"','job_workflow_ref':'testorg/testrepo/.github/workflows/testjob.yml" \
	"@refs/pull/1/merge','name':'Code scanning - action','org':'o'," \
	"'org_id':1,'repo':'o/blue-crayon-1','run_attempt':1,'run_number':1," \
	"'started_at':'2021-03-07T00:33:04.000Z','token_id':1,'topic':" \
	"'cp1-iad.ingest.github.actions.v0.WorkflowUpdate','trigger_id':null," \
	"'user_agent':'a user agent','workflow_id':123456,'workflow_run_id':" \
	"628312345}"

/* A minimal entry: action and the members that vary. */
#define ENT(action, extra) \
	"{'@timestamp':1794218258383,'_document_id':'BuPjngHWhutU8COliWKOeA'," \
	"'action':'" action "','actor':'jlindqvist','org':'acme','repo':" \
	"'acme/widget'" extra "}"

#define WF(action, extra) \
	ENT(action, ",'workflow_run_id':11990233417,'head_sha':'" SHA "'," \
	"'head_branch':'ci-test','event':'push'" extra)

#define AT_TS	"2026-11-09T09:57:38.383000Z"

static const struct row rows[] = {
	{ .name = "workflows.completed_workflow_run (go-github test)",
	    .text = GOGH, .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run",
		.operation = "github:workflows.completed_workflow_run",
		.ts = "2021-03-07T00:35:08.538000Z", .ts_raw = "1615077308538",
		.actor = "testactor", .src_ip = "10.0.0.1",
		.user_agent = "a user agent", .repo = "o/blue-crayon-1",
		.run_ref = "628312345", .commit_sha = SHA,
		.ref = "refs/pull/1/merge", .runner = NONE, .job_ref = NONE,
		.native_id = "beeZYapIUe-wKg5-beadb33", .error_code = NONE,
		.attrs = { { "ref_source", "job_workflow_ref" },
		    { "conclusion", "success" },
		    { "actor_location.country_code", "US" },
		    { "workflow_id", "123456" }, { "trigger_id", ABSENT },
		    { "@timestamp", ABSENT } } } } },
	{ .name = "prepared_workflow_job on a self-hosted runner",
	    .text = WF("workflows.prepared_workflow_job", ",'job_name':"
	    "'sign-and-publish','job_workflow_ref':'acme/widget/.github/"
	    "workflows/release.yml@refs/heads/ci-test','runner_name':"
	    "'build-07','runner_labels':['self-hosted','build'],"
	    "'secrets_passed':['GITHUB_TOKEN','SLACK_RELEASE_WEBHOOK']"),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job",
		.operation = "github:workflows.prepared_workflow_job",
		.ts = AT_TS, .actor = "jlindqvist", .repo = "acme/widget",
		.run_ref = "11990233417", .commit_sha = SHA,
		.ref = "refs/heads/ci-test", .runner = "build-07",
		.native_id = "BuPjngHWhutU8COliWKOeA",
		.attrs = { { "job_name", "sign-and-publish" },
		    { "runner_labels", "[\"self-hosted\",\"build\"]" },
		    { "secrets_passed",
		    "[\"GITHUB_TOKEN\",\"SLACK_RELEASE_WEBHOOK\"]" },
		    { "runner_name", ABSENT }, { "head_sha", ABSENT },
		    { "org", "acme" } } } } },
	{ .name = "completed run that failed",
	    .text = WF("workflows.completed_workflow_run",
	    ",'conclusion':'failure'"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .failed = 1,
		.error_code = "failure", .ref = "refs/heads/ci-test",
		.attrs = { { "ref_source", "branch" } } } } },
	{ .name = "created run on a tag (version-shaped head_branch)",
	    .text = ENT("workflows.created_workflow_run",
	    ",'workflow_run_id':1,'head_branch':'v2.4.1','event':'push'"),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = "1",
		.ref = "refs/tags/v2.4.1",
		.attrs = { { "ref_source", "tag-name" } } } } },
	{ .name = "run of a release event",
	    .text = ENT("workflows.created_workflow_run",
	    ",'workflow_run_id':'77','head_branch':'stable','event':"
	    "'release'"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = "77",
		.ref = "refs/tags/stable" } } },
	{ .name = "deleting a run is CI history too",
	    .text = ENT("workflows.delete_workflow_run",
	    ",'workflow_run_id':9"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = "9", .ref = NONE } } },
	{ .name = "approve_workflow_job",
	    .text = ENT("workflows.approve_workflow_job", ""), .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "ci.job", .run_ref = NONE } } },
	{ .name = "repo.update_actions_secret by a contributor",
	    .text = ENT("repo.update_actions_secret", ",'actor_ip':"
	    "'185.220.101.52','actor_location':{'country_code':'DE'},"
	    "'user_agent':'Mozilla/5.0','operation_type':'modify'"),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.credential",
		.operation = "github:repo.update_actions_secret",
		.ts = AT_TS, .actor = "jlindqvist", .repo = "acme/widget",
		.src_ip = "185.220.101.52", .user_agent = "Mozilla/5.0",
		.run_ref = NONE, .ref = NONE, .commit_sha = NONE,
		.native_id = "BuPjngHWhutU8COliWKOeA",
		.attrs = { { "operation_type", "modify" },
		    { "actor_location.country_code", "DE" },
		    { "ref_source", ABSENT } } } } },
	{ .name = "org.update_actions_secret",
	    .text = ENT("org.update_actions_secret", ""), .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.credential" } } },
	{ .name = "environment.create_actions_secret is a credential",
	    .text = ENT("environment.create_actions_secret", ""),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.credential" } } },
	{ .name = "repo.remove_actions_secret",
	    .text = ENT("repo.remove_actions_secret", ""), .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.credential" } } },
	{ .name = "personal_access_token.request_created",
	    .text = ENT("personal_access_token.request_created", ""),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.credential" } } },
	{ .name = "environment.update_protection_rule",
	    .text = ENT("environment.update_protection_rule",
	    ",'environment_name':'release'"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.policy",
		.attrs = { { "environment_name", "release" } } } } },
	{ .name = "protected_branch.update_admin_enforced",
	    .text = ENT("protected_branch.update_admin_enforced", ""),
	    .rc = PARSE_OK, .nev = 1, .ev = { { .action = "iam.policy" } } },
	{ .name = "repository_ruleset.create",
	    .text = ENT("repository_ruleset.create", ""), .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.policy" } } },
	{ .name = "org.set_default_workflow_permissions",
	    .text = ENT("org.set_default_workflow_permissions", ""),
	    .rc = PARSE_OK, .nev = 1, .ev = { { .action = "iam.policy" } } },
	{ .name = "org.runner_group_updated",
	    .text = ENT("org.runner_group_updated", ""), .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.policy" } } },
	{ .name = "repo.register_self_hosted_runner",
	    .text = ENT("repo.register_self_hosted_runner",
	    ",'runner_name':'build-07'"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.trust", .runner = NONE,
		.attrs = { { "runner_name", "build-07" } } } } },
	{ .name = "repo.download_zip is out of scope",
	    .text = ENT("repo.download_zip", ""), .rc = PARSE_SKIP },
	{ .name = "repo.download_zip with --all-events",
	    .text = ENT("repo.download_zip", ""), .all = 1, .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "other",
		.operation = "github:repo.download_zip" } } },
	{ .name = "a bare action name is out of scope",
	    .text = ENT("workflows", ""), .rc = PARSE_SKIP },
	{ .name = "created_at when @timestamp is absent",
	    .text = "{'created_at':1615077308538,'action':"
	    "'org.update_actions_secret','actor':'a'}", .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.credential",
		.ts = "2021-03-07T00:35:08.538000Z", .native_id = NONE } } },
	{ .name = "created_at as ISO 8601 text (exports)",
	    .text = "{'created_at':'2026-11-09T09:57:38.383Z','action':"
	    "'org.update_actions_secret','actor':'a'}", .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.credential", .ts = AT_TS,
		.ts_raw = "2026-11-09T09:57:38.383Z" } } },
	{ .name = "@timestamp as a real number",
	    .text = "{'@timestamp':1615077308538.0,'action':"
	    "'org.update_actions_secret'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.credential", .actor = NONE,
		.ts = "2021-03-07T00:35:08.538000Z" } } },
	{ .name = "@timestamp null falls back to created_at",
	    .text = "{'@timestamp':null,'created_at':1615077308538,'action':"
	    "'org.update_actions_secret'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .ts = "2021-03-07T00:35:08.538000Z" } } },
	{ .name = "enterprise entry: org is an array",
	    .text = "{'@timestamp':1615077308538,'action':"
	    "'org.update_actions_secret','org':['org1','org2'],'org_id':[1,2]}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.credential",
		.attrs = { { "org", "org1, org2" },
		    { "org_id", "[1,2]" } } } } },
	/* ---- malformed ------------------------------------------------- */
	{ .name = "no action", .text = "{'@timestamp':1615077308538}",
	    .rc = PARSE_ERR, .errmsg = "entry has no action" },
	{ .name = "action is a number", .text = "{'action':5}",
	    .rc = PARSE_ERR, .errmsg = "action is not a string" },
	{ .name = "no time", .text = "{'action':'repo.update_actions_secret'}",
	    .rc = PARSE_ERR, .errmsg = "no @timestamp or created_at" },
	{ .name = "@timestamp is a boolean",
	    .text = "{'@timestamp':true,'action':'repo.update_actions_secret"
	    "'}",
	    .rc = PARSE_ERR,
	    .errmsg = "@timestamp is not a number or a string" },
	{ .name = "@timestamp out of range",
	    .text = "{'@timestamp':9000000000000000000,'action':"
	    "'repo.update_actions_secret'}", .rc = PARSE_ERR,
	    .errmsg = "out of range" },
	{ .name = "@timestamp real out of range",
	    .text = "{'@timestamp':1e300,'action':"
	    "'repo.update_actions_secret'}", .rc = PARSE_ERR,
	    .errmsg = "out of range" },
	{ .name = "created_at is not a time",
	    .text = "{'created_at':'soon','action':"
	    "'repo.update_actions_secret'}", .rc = PARSE_ERR,
	    .errmsg = "bad created_at 'soon'" },
	{ .name = "entry is an array", .text = "[]", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

static const struct {
	const char	*text;		/* ' for " */
	enum scope_rc	 want;
} prefilters[] = {
	{ "{'action':'workflows.completed_workflow_run','@timestamp':1}",
	    SCOPE_IN },
	{ "{'@timestamp':1,'action':'repo.update_actions_secret'}", SCOPE_IN },
	{ "{'@timestamp':1,'action':'repo.download_zip'}", SCOPE_OUT },
	{ "{'@timestamp':1,'action':'git.clone','x':{'action':'workflows.a'}}",
	    SCOPE_OUT },
	{ "{'@timestamp':1,'action':'repo.download\\u005fzip'}",
	    SCOPE_UNKNOWN },
	{ "{'@timestamp':1,'action':7}", SCOPE_UNKNOWN },
	{ "{'@timestamp':1}", SCOPE_UNKNOWN },
	{ "{'@timestamp':1,'action':'repo.download_zip'", SCOPE_UNKNOWN },
};

static void
test_prefilter(void **state)
{
	size_t i, len;
	char *text, *copy;
	enum scope_rc sc;

	(void)state;
	for (i = 0; i < NELEM(prefilters); i++) {
		text = unquote(prefilters[i].text);
		len = strlen(text);
		copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, text, len);
		sc = P->prefilter(copy, len);
		if (sc != prefilters[i].want)
			bad("prefilter %s: %d, want %d", prefilters[i].text,
			    sc, prefilters[i].want);
		free(copy);
		free(text);
	}
	end_test("prefilter");
}

static const struct probe_row probes[] = {
	{ "audit-log.json", NULL,
	    "[{'@timestamp':1,'_document_id':'a','action':"
	    "'repo.download_zip','actor':'x'}]", NULL, 95, 95, 0 },
	{ "stream.jsonl", NULL, "{'@timestamp':1,'action':'workflows.created_"
	    "workflow_run','actor':'x','org':'acme'}", NULL, 80, 80, 0 },
	{ "runs.json", NULL, "{'total_count':1,'workflow_runs':[{'id':1,"
	    "'run_attempt':1,'workflow_id':1,'head_sha':'x'}]}", NULL, 0, 0,
	    0 },
	{ "ct.json", NULL, "{'Records':[{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com','eventName':'Sign'}]}", NULL, 0, 0, 0 },
	{ "hook.json", NULL, "{'action':'published','release':{'id':1}}", NULL,
	    0, 0, 0 },
	{ "other.json", NULL, "{'action':'x','@timestamp':1}", NULL, 0, 0, 0 },
	{ "empty.json", NULL, "", NULL, 0, 0, 0 },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probes, NELEM(probes));
}

static void
test_emit_failure(void **state)
{
	(void)state;
	run_emit_failure(P, GOGH);
}

/* ------------------------------------------------------------------ */
/* The real corpus (none of it is an audit log) and the samples        */

static struct corpus_file corpus_files[] = {
	{ "github_actions/releases/octokit-release-assets.raw-fixture.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/rest_api/2499110858-1-get-workflow-run-attempt.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/rest_api/"
	    "2499110858-1-list-jobs-for-workflow-run-attempt.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/rest_api/2499110858-2-get-workflow-run-attempt.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/rest_api/"
	    "2499110858-2-list-jobs-for-workflow-run-attempt.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/webhook_payloads/release.published.payload.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/webhook_payloads/"
	    "workflow_job.completed.failure.with-organization.payload.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/webhook_payloads/"
	    "workflow_job.in_progress.with-queued-steps.payload.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/webhook_payloads/workflow_run.completed.payload.json",
	    0, 0, 0, 0, 0, 0 },
};

static void
test_corpus(void **state)
{
	static const char *const dirs[] = { "github_actions", NULL };

	(void)state;
	if (run_corpus(P, "../shared/corpus", dirs, corpus_files,
	    NELEM(corpus_files), NULL, 0) == 0) {
		print_message("corpus ../shared/corpus/github_actions absent: "
		    "test skipped\n");
		skip();
	}
	end_test("corpus");
}

static struct corpus_file sample_files[] = {
	{ "github_actions/audit-log.json", 1, 74, 69, 0, 5, 0 },
	{ "github_actions/ci-run-11617196539-attempt-1.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/ci-runs.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/jobs-11652093318.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/jobs-11768420157.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/jobs-11873645201.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/jobs-11990233417.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/jobs-12061877492.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/release-runs.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/run-11990233417-attempt-1.json", 0, 0, 0, 0, 0, 0 },
};

#define SAL "github_actions/audit-log.json"

static struct corpus_fact sample_facts[] = {
	/* the compromised account changes a secret 15 minutes before */
	{ SAL, "BuPjngHWhutU8COliWKOeA", C_ACTION, NULL, "iam.credential", 0 },
	{ SAL, "BuPjngHWhutU8COliWKOeA", C_ACTOR, NULL, "jlindqvist", 0 },
	{ SAL, "BuPjngHWhutU8COliWKOeA", C_SRC_IP, NULL, "185.220.101.52", 0 },
	{ SAL, "BuPjngHWhutU8COliWKOeA", COL_TS, NULL,
	    "2026-11-09T09:57:38.029000Z", 0 },
	/* the hijacked run's sign job on the self-hosted runner */
	{ SAL, "qdI6mSUwPwSzUYtR2QmmiQ", C_ACTION, NULL, "ci.job", 0 },
	{ SAL, "qdI6mSUwPwSzUYtR2QmmiQ", C_RUNNER, NULL, "build-07", 0 },
	{ SAL, "qdI6mSUwPwSzUYtR2QmmiQ", C_RUN, NULL, "11990233417", 0 },
	{ SAL, "qdI6mSUwPwSzUYtR2QmmiQ", C_REF, NULL, "refs/heads/ci-test", 0 },
	{ SAL, "qdI6mSUwPwSzUYtR2QmmiQ", -1, "secrets_passed",
	    "[\"GITHUB_TOKEN\",\"SLACK_RELEASE_WEBHOOK\"]", 0 },
	/* containment */
	{ SAL, "hW51fHx6hl8E2Mn9jFzSuA", C_ACTION, NULL, "iam.policy", 0 },
	{ SAL, "ivIH6--YpBTxsJaxJ7v2yA", C_ACTION, NULL, "iam.trust", 0 },
};

static void
test_samples(void **state)
{
	static const char *const dirs[] = { "github_actions", NULL };

	(void)state;
	if (run_corpus(P, "samples/evidence", dirs, sample_files,
	    NELEM(sample_files), sample_facts, NELEM(sample_facts)) == 0)
		bad("samples/evidence/github_actions is missing");
	end_test("samples");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_prefilter),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_emit_failure),
    cmocka_unit_test(test_corpus), cmocka_unit_test(test_samples))
