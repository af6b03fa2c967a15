/* SPDX-License-Identifier: MIT */
/*
 * test_parse_gitlab_ci.c - unit tests of the GitLab CI parser
 * (ingest/parse_gitlab_ci.c): a table of REST jobs and pipelines and of
 * job and pipeline webhook bodies (refs of tags and branches, outcomes,
 * runners, project ids and paths, out-of-scope object kinds) and of
 * malformed ones; the pipelines derived from a job list at the end of an
 * item (finish); probe scores; the emit failure path; and a replay of the
 * real corpus in ../shared/corpus/gitlab_ci split as ingest splits it.
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

static const struct parser *const P = &parser_gitlab_ci;
static const struct suite S = { .p = &parser_gitlab_ci };

/* ------------------------------------------------------------------ */
/* GitLab records                                                      */

#define SHA	"4b825dc642cb6eb9a060e54bf8d69288fbee4904"
#define SHA2	"95d49d1efbd941908580e79d65e4b5ecaf4a8305"

/* The REST job of formats.md F.7 with members that vary. */
#define JOB(extra, status, times) \
	"{'id':555001,'name':'sign','stage':'release','status':'" status "'," \
	"'ref':'v2.4.0','tag':true," times ",'duration':73.866,'user':{'id':7," \
	"'username':'alice'},'pipeline':{'id':90001,'project_id':12,'ref':" \
	"'v2.4.0','sha':'" SHA "','status':'success'},'runner':{'id':3," \
	"'description':'hsm-runner','is_shared':false,'runner_type':" \
	"'project_type'}" extra "}"
#define TIMES \
	"'created_at':'2026-01-10T11:58:30.120Z','started_at':" \
	"'2026-01-10T11:59:02.004Z','finished_at':'2026-01-10T12:00:15.870Z'"

#define JOB_WANT \
	.action = "ci.job", .operation = "gitlab:job", \
	.ts = "2026-01-10T11:59:02.004000Z", \
	.end = "2026-01-10T12:00:15.870000Z", .actor = "alice", \
	.ref = "refs/tags/v2.4.0", .commit_sha = SHA, .run_ref = "90001", \
	.job_ref = "555001", .runner = "hsm-runner", \
	.native_id = "12/job/555001"

/* A pipeline webhook (shape of the GitLab documentation example). */
#define PHOOK(builds) \
	"{'object_kind':'pipeline','object_attributes':{'id':31,'iid':3," \
	"'ref':'master','tag':false,'sha':'" SHA "','source':" \
	"'merge_request_event','status':'success','created_at':" \
	"'2016-08-12 15:23:28 UTC','finished_at':'2016-08-12 15:26:29 UTC'," \
	"'duration':63},'user':{'username':'root'},'project':{'id':1," \
	"'path_with_namespace':'gitlab-org/gitlab-test'},'merge_request':" \
	"{'url':'https://gitlab.example.com/gitlab-org/gitlab-test/-/" \
	"merge_requests/1'},'builds':[" builds "]}"
#define PBUILD(id, status, started, finished) \
	"{'id':" id ",'stage':'test','name':'test-" id "','status':'" status \
	"','created_at':'2016-08-12 15:23:28 UTC','started_at':" started \
	",'finished_at':" finished ",'user':{'username':'root'},'runner':" \
	"{'id':380987,'description':'shared-runners-manager-6.gitlab.com'," \
	"'is_shared':true}}"

static const struct row rows[] = {
	/* ---- REST jobs ------------------------------------------------ */
	{ .name = "REST job (formats.md F.7)",
	    .text = JOB("", "success", TIMES), .rc = PARSE_OK, .nev = 1,
	    .ev = { { JOB_WANT, .repo = NONE, .failed = 0, .error_code = NONE,
		.ts_raw = "2026-01-10T11:59:02.004Z",
		.attrs = { { "runner_id", "3" },
		    { "runner_type", "project_type" },
		    { "runner_shared", "false" }, { "stage", "release" },
		    { "job_name", "sign" }, { "status", "success" } } } } },
	{ .name = "REST job with --all-events is the same",
	    .text = JOB("", "success", TIMES), .all = 1, .rc = PARSE_OK,
	    .nev = 1, .ev = { { JOB_WANT } } },
	{ .name = "failed job: failure_reason is the error code",
	    .text = JOB(",'failure_reason':'script_failure','web_url':"
	    "'https://gitlab.example.com/acme/tools/widget/-/jobs/555001',"
	    "'commit':{'id':'" SHA2 "','short_id':'95d49d1e'}", "failed",
	    TIMES), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .failed = 1,
		.error_code = "script_failure", .repo = "acme/tools/widget",
		.commit_sha = SHA2,
		.attrs = { { "failure_reason", "script_failure" },
		    { "web_url", "https://gitlab.example.com/acme/tools/"
		    "widget/-/jobs/555001" } } } } },
	{ .name = "canceled job",
	    .text = JOB("", "canceled", TIMES), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .failed = 1,
		.error_code = "canceled" } } },
	{ .name = "skipped job is not a failure",
	    .text = JOB("", "skipped",
	    "'created_at':'2026-01-10T11:58:30.120Z',"
	    "'started_at':null,'finished_at':null"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .failed = 0,
		.ts = "2026-01-10T11:58:30.120000Z", .end = NONE } } },
	{ .name = "job on a branch, runner null, tag_list",
	    .text = "{'id':7,'name':'t','stage':'test','status':'running',"
	    "'ref':'main','tag':false,'started_at':'2026-01-10T11:59:02Z',"
	    "'pipeline':{'id':8,'project_id':12},'runner':null,'tag_list':"
	    "['docker']}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .ref = "refs/heads/main",
		.runner = NONE, .actor = NONE, .native_id = "12/job/7",
		.attrs = { { "tag_list", "[\"docker\"]" } } } } },
	{ .name = "runner without description: its name, else its id",
	    .text = "{'id':7,'stage':'test','status':'success','ref':'main',"
	    "'started_at':'2026-01-10T11:59:02Z','pipeline':{'id':8,"
	    "'project_id':12},'runner':{'id':42}}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .runner = "42" } } },
	{ .name = "merge request ref kept",
	    .text = "{'id':7,'stage':'test','status':'success','ref':"
	    "'refs/merge-requests/3/head','started_at':'2026-01-10T11:59:02Z',"
	    "'pipeline':{'id':8,'project_id':12}}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .ref = "refs/merge-requests/3/head" } } },
	{ .name = "job without a project id: the path",
	    .text = "{'id':7,'stage':'test','status':'success','ref':'main',"
	    "'started_at':'2026-01-10T11:59:02Z','pipeline':{'id':8},"
	    "'web_url':'https://gl.example.com/g/p/-/jobs/7'}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .native_id = "g/p/job/7", .repo = "g/p" } } },
	/* ---- REST pipelines ------------------------------------------- */
	{ .name = "pipeline of the pipelines list",
	    .text = "{'id':90001,'iid':311,'project_id':12,'sha':'" SHA "',"
	    "'ref':'main','status':'success','source':'push','created_at':"
	    "'2026-01-10T11:58:30.120Z','updated_at':"
	    "'2026-01-10T12:04:12.000Z','web_url':'https://gitlab.example.com/"
	    "acme/widget/-/pipelines/90001'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .operation = "gitlab:pipeline:push",
		.ts = "2026-01-10T11:58:30.120000Z",
		.end = "2026-01-10T12:04:12Z", .repo = "acme/widget",
		.ref = "refs/heads/main", .commit_sha = SHA,
		    .run_ref = "90001",
		.job_ref = NONE, .native_id = "12/pipeline/90001",
		.attrs = { { "iid", "311" }, { "source", "push" } } } } },
	{ .name = "one pipeline: started, finished, user, tag",
	    .text = "{'id':90002,'iid':312,'project_id':12,'sha':'" SHA "',"
	    "'ref':'v2.4.0','tag':true,'status':'failed','source':'push',"
	    "'created_at':'2026-01-10T11:58:30Z','started_at':"
	    "'2026-01-10T11:58:40Z','finished_at':'2026-01-10T12:00:00Z',"
	    "'user':{'username':'alice'}}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .ts = "2026-01-10T11:58:40Z",
		.end = "2026-01-10T12:00:00Z", .actor = "alice",
		.ref = "refs/tags/v2.4.0", .failed = 1,
		.error_code = "failed", .repo = NONE,
		.native_id = "12/pipeline/90002" } } },
	{ .name = "running pipeline: no end",
	    .text = "{'id':3,'iid':1,'project_id':12,'sha':'" SHA "','ref':"
	    "'main','status':'running','created_at':'2026-01-10T11:58:30Z',"
	    "'updated_at':'2026-01-10T11:59:30Z'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .end = NONE,
		.operation = "gitlab:pipeline" } } },
	/* ---- webhooks ------------------------------------------------- */
	{ .name = "job webhook (gitlab.com, times in ' UTC' form)",
	    .text = "{'object_kind':'build','ref':'main','tag':false,"
	    "'before_sha':'0000000000000000000000000000000000000000','sha':'"
	    SHA2 "','build_id':3580121225,'build_name':'auto_deploy:start',"
	    "'build_stage':'coordinated:tag','build_status':'success',"
	    "'build_created_at':'2023-01-10 13:50:02 UTC','build_started_at':"
	    "'2023-01-10 13:50:05 UTC','build_finished_at':"
	    "'2023-01-10 13:50:54 UTC','build_duration':49.503592,"
	    "'pipeline_id':743121198,'project_id':31537070,'project_name':"
	    "'John Smith / release-tools-fake','runner':{'id':12270837,"
	    "'description':'4-blue.shared.runners-manager.gitlab.com/default',"
	    "'runner_type':'instance_type','is_shared':true,'tags':['linux',"
	    "'docker']},'user':{'id':2967854,'username':'jsmithy2'},'commit':"
	    "{'id':743121198,'sha':'" SHA2 "'},'repository':{'homepage':"
	    "'https://gitlab.com/jsmithy2/release-tools-fake'},'environment':"
	    "{'name':'production'}}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .ts = "2023-01-10T13:50:05Z",
		.end = "2023-01-10T13:50:54Z",
		.ts_raw = "2023-01-10 13:50:05 UTC", .actor = "jsmithy2",
		.repo = "jsmithy2/release-tools-fake",
		.ref = "refs/heads/main", .commit_sha = SHA2,
		.run_ref = "743121198", .job_ref = "3580121225",
		.runner = "4-blue.shared.runners-manager.gitlab.com/default",
		.native_id = "31537070/job/3580121225",
		.attrs = { { "runner_tags", "[\"linux\",\"docker\"]" },
		    { "environment", "production" },
		    { "export", "webhook" },
		    { "stage", "coordinated:tag" } } } } },
	{ .name = "job webhook of a job not started yet",
	    .text = "{'object_kind':'build','ref':'gitlab-script-trigger',"
	    "'tag':false,'sha':'" SHA "','build_id':1977,'build_status':"
	    "'created','build_created_at':'2021-02-23T02:41:37.886Z',"
	    "'build_started_at':null,'build_finished_at':null,"
	    "'build_failure_reason':'script_failure','pipeline_id':2366,"
	    "'project_id':380,'repository':{'homepage':"
	    "'http://192.168.64.1:3005/gitlab-org/gitlab-test'}}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .ts = "2021-02-23T02:41:37.886000Z",
		.end = NONE, .failed = 0, .repo = "gitlab-org/gitlab-test",
		.ref = "refs/heads/gitlab-script-trigger",
		.native_id = "380/job/1977",
		.attrs = { { "failure_reason", ABSENT } } } } },
	{ .name = "pipeline webhook: the pipeline, then its jobs",
	    .text = PHOOK(PBUILD("376", "success", "'2016-08-12 15:24:56 UTC'",
	    "'2016-08-12 15:25:26 UTC'") "," PBUILD("379", "created", "null",
	    "null")), .rc = PARSE_OK, .nev = 3,
	    .ev = { { .action = "ci.run",
		.operation = "gitlab:pipeline:merge_request_event",
		.ts = "2016-08-12T15:23:28Z", .end = "2016-08-12T15:26:29Z",
		.actor = "root", .repo = "gitlab-org/gitlab-test",
		.ref = "refs/heads/master", .commit_sha = SHA, .run_ref = "31",
		.native_id = "1/pipeline/31",
		.attrs = { { "merge_request", "https://gitlab.example.com/"
		    "gitlab-org/gitlab-test/-/merge_requests/1" },
		    { "export", "webhook" } } },
		{ .action = "ci.job", .ts = "2016-08-12T15:24:56Z",
		.end = "2016-08-12T15:25:26Z", .run_ref = "31",
		.job_ref = "376", .native_id = "1/job/376",
		.ref = "refs/heads/master", .commit_sha = SHA,
		.repo = "gitlab-org/gitlab-test",
		.runner = "shared-runners-manager-6.gitlab.com" },
		{ .action = "ci.job", .ts = "2016-08-12T15:23:28Z",
		.end = NONE, .native_id = "1/job/379" } } },
	{ .name = "push webhook is out of scope",
	    .text = "{'object_kind':'push','ref':'refs/heads/main',"
	    "'checkout_sha':'" SHA "','user_username':'alice'}",
	    .rc = PARSE_SKIP },
	{ .name = "push webhook with --all-events",
	    .text = "{'object_kind':'push','ref':'refs/heads/main',"
	    "'checkout_sha':'" SHA "','user_username':'alice'}", .all = 1,
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "other", .operation = "gitlab:push",
		.actor = "alice", .ref = "refs/heads/main", .commit_sha = SHA,
		.ts = NONE } } },
	{ .name = "merge request webhook with --all-events: its time",
	    .text = "{'object_kind':'merge_request','user':{'username':'bob'},"
	    "'object_attributes':{'created_at':'2026-01-10 10:00:00 UTC',"
	    "'updated_at':'2026-01-10 10:05:00 UTC'}}", .all = 1,
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "other", .actor = "bob",
		.ts = "2026-01-10T10:05:00Z" } } },
	/* ---- malformed ------------------------------------------------ */
	{ .name = "job without id",
	    .text = "{'stage':'test','pipeline':{'id':8},'started_at':"
	    "'2026-01-10T11:59:02Z'}", .rc = PARSE_ERR,
	    .errmsg = "job has no id" },
	{ .name = "job id is text",
	    .text = "{'id':'seven','stage':'test','pipeline':{'id':8}}",
	    .rc = PARSE_ERR, .errmsg = "job id is not an integer" },
	{ .name = "negative job id",
	    .text = "{'id':-7,'stage':'test','pipeline':{'id':8}}",
	    .rc = PARSE_ERR, .errmsg = "job id is not an integer" },
	{ .name = "pipeline.id is an array",
	    .text = "{'id':7,'stage':'test','pipeline':{'id':[8]}}",
	    .rc = PARSE_ERR, .errmsg = "pipeline.id is not an integer" },
	{ .name = "job with a bad started_at",
	    .text = JOB("", "success", "'started_at':'2026-02-30T25:00:00Z'"),
	    .rc = PARSE_ERR, .errmsg = "job 555001: bad started_at" },
	{ .name = "job with a bad created_at",
	    .text = JOB("", "created", "'created_at':'x'"), .rc = PARSE_ERR,
	    .errmsg = "job 555001: bad created_at 'x'" },
	{ .name = "job without times",
	    .text = JOB("", "created", "'created_at':null"), .rc = PARSE_ERR,
	    .errmsg = "job 555001 has no started_at or created_at" },
	{ .name = "job with a bad finished_at",
	    .text = JOB("", "success", "'started_at':'2026-01-10T11:59:02Z',"
	    "'finished_at':'2026'"), .rc = PARSE_ERR,
	    .errmsg = "bad finished_at '2026'" },
	{ .name = "job webhook without build_id",
	    .text = "{'object_kind':'build','build_status':'success'}",
	    .rc = PARSE_ERR, .errmsg = "build webhook has no build_id" },
	{ .name = "job webhook build_id is a boolean",
	    .text = "{'object_kind':'build','build_id':true}",
	    .rc = PARSE_ERR, .errmsg = "build_id is not an integer" },
	{ .name = "job webhook pipeline_id is text",
	    .text = "{'object_kind':'build','build_id':1,'pipeline_id':'p'}",
	    .rc = PARSE_ERR, .errmsg = "pipeline_id is not an integer" },
	{ .name = "pipeline webhook without object_attributes",
	    .text = "{'object_kind':'pipeline','builds':[]}", .rc = PARSE_ERR,
	    .errmsg = "no object_attributes" },
	{ .name = "pipeline webhook: builds is an object",
	    .text = "{'object_kind':'pipeline','object_attributes':{'id':1,"
	    "'created_at':'2016-08-12 15:23:28 UTC'},'builds':{}}",
	    .rc = PARSE_ERR, .errmsg = "builds is not an array" },
	{ .name = "pipeline webhook: a build without id",
	    .text = PHOOK(PBUILD("376", "success", "null", "null") ",{'name':"
	    "'x'}"), .rc = PARSE_ERR,
	    .errmsg = "builds[1] has no integer id" },
	{ .name = "pipeline webhook: a build with a bad time",
	    .text = PHOOK(PBUILD("376", "success", "'soon'", "null")),
	    .rc = PARSE_ERR, .errmsg = "job 376: bad started_at 'soon'" },
	{ .name = "pipeline webhook: the pipeline has no id",
	    .text = "{'object_kind':'pipeline','object_attributes':{"
	    "'created_at':'2016-08-12 15:23:28 UTC'},'builds':[]}",
	    .rc = PARSE_ERR, .errmsg = "pipeline has no id" },
	{ .name = "pipeline without created_at",
	    .text = "{'id':3,'iid':1,'project_id':12,'sha':'" SHA "','ref':"
	    "'main','status':'success'}", .rc = PARSE_ERR,
	    .errmsg = "pipeline 3 has no created_at" },
	{ .name = "pipeline with a bad finished_at",
	    .text = "{'id':3,'iid':1,'created_at':'2026-01-10T11:58:30Z',"
	    "'finished_at':5}", .rc = PARSE_ERR,
	    .errmsg = "finished_at is not a string" },
	{ .name = "object_kind is a number", .text = "{'object_kind':1}",
	    .rc = PARSE_ERR, .errmsg = "object_kind is not a string" },
	{ .name = "record is an array", .text = "[{'id':1}]", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "a test report is neither job nor pipeline",
	    .text = "{'total_time':61.5,'test_suites':[]}", .rc = PARSE_ERR,
	    .errmsg = "neither a GitLab job" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

/*
 * A job list makes one ci.run per pipeline at the end of the item, from
 * its jobs; a pipeline record in the same item is used instead.
 */
static void
test_finish(void **state)
{
	static const char *const recs[] = {
		JOB("", "success", TIMES),
		"{'id':555002,'name':'build','stage':'build','status':'success',"
		"'ref':'v2.4.0','tag':true,'created_at':'2026-01-10T11:58:30Z',"
		"'started_at':'2026-01-10T11:58:35Z','finished_at':"
		"'2026-01-10T11:58:59Z','user':{'username':'alice'},'pipeline':"
		"{'id':90001,'project_id':12,'ref':'v2.4.0','sha':'" SHA "',"
		"'status':'success'},'web_url':'https://gitlab.example.com/"
		"acme/widget/-/jobs/555002'}",
		"{'id':555010,'name':'test','stage':'test','status':'running',"
		"'ref':'main','tag':false,'started_at':'2026-01-11T08:00:00Z',"
		"'user':{'username':'bob'},'pipeline':{'id':90002,'project_id':"
		"12,'ref':'main','sha':'" SHA2 "','status':'running'}}",
		"{'id':555020,'name':'test','stage':'test','status':'success',"
		"'ref':'main','started_at':'2026-01-12T08:00:00Z',"
		"'finished_at':'2026-01-12T08:01:00Z','pipeline':{'id':90003,"
		"'project_id':12}}",
		"{'id':90003,'iid':9,'project_id':12,'sha':'" SHA2 "','ref':"
		"'main','status':'success','created_at':'2026-01-12T07:59:00Z'}",
	};
	struct capture c;
	struct diag d;
	void *st = P->state_new(NULL);
	size_t i;
	char *text;
	json_t *rec;
	int n;

	(void)state;
	memset(&c, 0, sizeof(c));
	for (i = 0; i < NELEM(recs); i++) {
		text = unquote(recs[i]);
		rec = json_load_record(text, strlen(text), NULL);
		assert_non_null(rec);
		assert_int_equal(run_parser(P, text, strlen(text), 0, st, &c,
		    &d), PARSE_OK);
		json_decref(rec);
		free(text);
	}
	n = c.n;
	assert_int_equal(n, 5);
	assert_int_equal(run_finish(P, st, &c, &d), 0);
	P->state_free(st);
	if (c.n != n + 2)
		bad("finish made %d events, want 2", c.n - n);
	if (c.n == n + 2) {
		static const struct ev_want w1 = { .action = "ci.run",
		    .operation = "gitlab:pipeline",
		    .ts = "2026-01-10T11:58:35Z", .end =
		    "2026-01-10T12:00:15.870000Z", .actor = "alice",
		    .repo = "acme/widget", .ref = "refs/tags/v2.4.0",
		    .commit_sha = SHA, .run_ref = "90001", .job_ref = NONE,
		    .native_id = "12/pipeline/90001",
		    .attrs = { { "time_source", "jobs" },
			{ "jobs_seen", "2" }, { "status", "success" } } };
		static const struct ev_want w2 = { .action = "ci.run",
		    .ts = "2026-01-11T08:00:00Z", .end = NONE,
		    .actor = "bob", .ref = "refs/heads/main",
		    .commit_sha = SHA2,
		    .native_id = "12/pipeline/90002",
		    .attrs = { { "jobs_seen", "1" } } };
		struct evcopy e1 = c.ev[n], e2 = c.ev[n + 1];

		/* derived events have no record: only the columns count */
		e1.has_raw = e2.has_raw = 1;
		check_event(&S, "finish", 0, &w1, &e1);
		check_event(&S, "finish", 1, &w2, &e2);
	}
	capture_free(&c);
	/* finish without state (the parser run without state_new) */
	memset(&c, 0, sizeof(c));
	assert_int_equal(run_finish(P, NULL, &c, &d), 0);
	assert_int_equal(c.n, 0);
	end_test("finish");
}

static const struct probe_row probes[] = {
	{ "jobs.json", NULL, "[{'id':1,'stage':'test','status':'success',"
	    "'started_at':'x','pipeline':{'id':2},'runner':null,'web_url':"
	    "'https://gl/g/p/-/jobs/1'}]", NULL, 90, 90, 0 },
	{ "jobs2.json", NULL, "[{'id':1,'stage':'test','pipeline':{'id':2,"
	    "'project_id':3},'finished_at':null}]", NULL, 80, 80, 0 },
	{ "pipelines.json", NULL, "[{'id':1,'iid':2,'sha':'x','ref':'main',"
	    "'source':'push','web_url':'https://gl/g/p/-/pipelines/1'}]", NULL,
	    85, 85, 0 },
	{ "build.json", NULL, "{'object_kind':'build','build_id':1}", NULL, 90,
	    90, 0 },
	{ "pipeline.json", NULL, "{ 'object_kind' : 'pipeline', "
	    "'object_attributes':{}}", NULL, 90, 90, 0 },
	{ "push.json", NULL, "{'object_kind':'push','ref':'x'}", NULL, 0, 0,
	    0 },
	{ "note.json", NULL, "{'object_kind':'build_note'}", NULL, 0, 0, 0 },
	{ "report.json", NULL, "{'total_time':1,'test_suites':[]}", NULL, 0, 0,
	    0 },
	{ "releases.json", NULL, "[{'tag_name':'v1','commit':{'id':'x'},"
	    "'assets':{}}]", NULL, 0, 0, 0 },
	{ "gha.json", NULL, "{'total_count':1,'jobs':[{'id':1,'run_id':2,"
	    "'steps':[]}]}", NULL, 0, 0, 0 },
	{ "short.json", NULL, "{'object_kind'", NULL, 0, 0, 0 },
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
	run_emit_failure(P, JOB("", "success", TIMES));
	run_emit_failure(P, PHOOK(PBUILD("376", "success", "null", "null")));
	run_emit_failure(P, "{'id':3,'iid':1,'created_at':"
	    "'2026-01-10T11:58:30Z'}");
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

static struct corpus_file corpus_files[] = {
	{ "gitlab_ci/go-gitlab/get_pipeline_testreport.json", 0, 0, 0, 0, 0,
	    0 },
	{ "gitlab_ci/go-gitlab/webhooks_build.json", 1, 1, 1, 0, 0, 0 },
	{ "gitlab_ci/go-gitlab/webhooks_job.json", 1, 1, 1, 0, 0, 0 },
	{ "gitlab_ci/go-gitlab/webhooks_pipeline.json", 1, 1, 6, 0, 0, 0 },
	{ "gitlab_ci/go-scm/releases.json", 0, 0, 0, 0, 0, 0 },
	{ "gitlab_ci/go-scm/webhooks_pipeline_hook.json", 1, 1, 2, 0, 0, 0 },
};

#define CJ "gitlab_ci/go-gitlab/webhooks_job.json"
#define CP "gitlab_ci/go-gitlab/webhooks_pipeline.json"
#define CB "gitlab_ci/go-gitlab/webhooks_build.json"

static struct corpus_fact corpus_facts[] = {
	{ CJ, "31537070/job/3580121225", C_RUNNER, NULL,
	    "4-blue.shared.runners-manager.gitlab.com/default", 0 },
	{ CJ, "31537070/job/3580121225", C_ACTOR, NULL, "jsmithy2", 0 },
	{ CJ, "31537070/job/3580121225", C_REPO, NULL,
	    "jsmithy2/release-tools-fake", 0 },
	{ CJ, "31537070/job/3580121225", COL_END, NULL,
	    "2023-01-10T13:50:54Z", 0 },
	{ CJ, "31537070/job/3580121225", C_COMMIT, NULL, SHA2, 0 },
	{ CP, "1/pipeline/31", COL_END, NULL, "2016-08-12T15:26:29Z", 0 },
	{ CP, "1/pipeline/31", C_ACTOR, NULL, "user1", 0 },
	{ CP, "1/job/380", C_RUNNER, NULL,
	    "shared-runners-manager-1.gitlab.com", 0 },
	{ CP, "1/job/378", COL_END, NULL, "2016-08-12T15:26:29Z", 0 },
	{ CB, "380/job/1977", COL_TS, NULL, "2021-02-23T02:41:37.886000Z", 0 },
	{ CB, "380/job/1977", C_REPO, NULL, "gitlab-org/gitlab-test", 0 },
};

static void
test_corpus(void **state)
{
	static const char *const dirs[] = { "gitlab_ci", NULL };

	(void)state;
	if (run_corpus(P, "../shared/corpus", dirs, corpus_files,
	    NELEM(corpus_files), corpus_facts, NELEM(corpus_facts)) == 0) {
		print_message("corpus ../shared/corpus/gitlab_ci absent: test "
		    "skipped\n");
		skip();
	}
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_finish),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_emit_failure),
    cmocka_unit_test(test_corpus))
