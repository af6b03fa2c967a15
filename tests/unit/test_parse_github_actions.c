/* SPDX-License-Identifier: MIT */
/*
 * test_parse_github_actions.c - unit tests of the GitHub Actions parser
 * (ingest/parse_github_actions.c): a table of workflow runs, jobs, steps
 * and webhook bodies (refs of tags, branches and release events, re-run
 * attempts, outcomes, time offsets, queued steps) and of malformed ones
 * with the message each must give; probe scores against this format and
 * its neighbours; the emit failure path; a replay of the real corpus in
 * ../shared/corpus/github_actions split as ingest splits it (every file
 * claimed or not as expected, every record accounted for, facts about a
 * few); and the same over samples/evidence/github_actions, whose step
 * windows must hold the CloudTrail calls of the story.
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

static const struct parser *const P = &parser_github_actions;
static const struct suite S = { .p = &parser_github_actions };

/* ------------------------------------------------------------------ */
/* GitHub Actions records                                              */

#define SHA	"4b825dc642cb6eb9a060e54bf8d69288fbee4904"
#define REPOOBJ	"'repository':{'id':1,'full_name':'acme/widget'}"
#define ACTOR(l) "{'login':'" l "','id':1001}"

/* A workflow run (F.7) with the members that vary. */
#define RUN(extra, id, attempt, event, branch, status, concl, started) \
	"{'id':" id "," attempt "'name':'release','display_title':'v2.4.0'," \
	"'run_number':311,'event':'" event "','status':'" status "'," \
	"'conclusion':" concl ",'head_branch':'" branch "','head_sha':'" \
	SHA "','path':'.github/workflows/release.yml','workflow_id':161335," \
	"'created_at':'2026-01-10T11:58:30Z'," started \
	"'updated_at':'2026-01-10T12:04:12Z','actor':" ACTOR("alice") "," \
	"'triggering_actor':" ACTOR("alice") ",'html_url':" \
	"'https://github.com/acme/widget/actions/runs/9876543210'," extra \
	REPOOBJ "}"
#define STARTED	"'run_started_at':'2026-01-10T11:58:30Z',"
#define ATT1	"'run_attempt':1,"

/* A job (F.7) with one step; steps and extra members vary. */
#define JOB(extra, steps) \
	"{'id':27182818284,'run_id':9876543210,'run_attempt':1,'name':" \
	"'sign-and-publish','status':'completed','conclusion':'success'," \
	"'head_sha':'" SHA "','run_url':'https://api.github.com/repos/acme/" \
	"widget/actions/runs/9876543210','created_at':'2026-01-10T11:58:31Z'," \
	"'started_at':'2026-01-10T11:58:40Z','completed_at':" \
	"'2026-01-10T12:04:10Z','labels':['self-hosted','signing']," \
	"'runner_id':42,'runner_name':'sign-runner-02','runner_group_name':" \
	"'Default'," extra "'steps':[" steps "]}"
#define STEP(n, start, end, concl) \
	"{'name':'Sign artifacts','status':'completed','conclusion':" concl \
	",'number':" n ",'started_at':" start ",'completed_at':" end "}"
#define STEP5	STEP("5", "'2026-01-10T12:00:05Z'", "'2026-01-10T12:00:09Z'", \
	"'success'")

#define RUN_WANT(nid) \
	.action = "ci.run", .actor = "alice", .repo = "acme/widget", \
	.commit_sha = SHA, .run_ref = "9876543210", .native_id = nid, \
	.job_ref = NONE, .runner = NONE

#define JOB_WANT \
	.action = "ci.job", .operation = "github:workflow_job", \
	.ts = "2026-01-10T11:58:40Z", .end = "2026-01-10T12:04:10Z", \
	.actor = NONE, .repo = "acme/widget", .commit_sha = SHA, \
	.run_ref = "9876543210", .job_ref = "27182818284", \
	.runner = "sign-runner-02", .native_id = "27182818284"

static const struct row rows[] = {
	/* ---- runs ---------------------------------------------------- */
	{ .name = "run of a tag push (formats.md F.7)",
	    .text = RUN("", "9876543210", ATT1, "push", "v2.4.0", "completed",
	    "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.operation = "github:workflow_run:push",
		.ts = "2026-01-10T11:58:30Z", .end = "2026-01-10T12:04:12Z",
		.ts_raw = "2026-01-10T11:58:30Z", .ref = "refs/tags/v2.4.0",
		.error_code = NONE,
		.attrs = { { "ref_source", "tag-name" },
		    { "workflow_path", ".github/workflows/release.yml" },
		    { "run_attempt", "1" }, { "triggering_actor", "alice" },
		    { "head_branch", "v2.4.0" },
		    { "workflow_path_ref", ABSENT } } } } },
	{ .name = "run with --all-events is the same event",
	    .text = RUN("", "9876543210", ATT1, "push", "v2.4.0", "completed",
	    "'success'", STARTED), .all = 1, .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/tags/v2.4.0" } } },
	{ .name = "run on a branch",
	    .text = RUN("", "9876543210", ATT1, "push", "main", "completed",
	    "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/heads/main",
		.attrs = { { "ref_source", "branch" } } } } },
	{ .name = "run on a branch named like a path (ci/test)",
	    .text = RUN("", "9876543210", ATT1, "push", "ci/v2.4", "completed",
	    "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/heads/ci/v2.4" } } },
	{ .name = "release event: the branch name is the tag",
	    .text = RUN("", "9876543210", ATT1, "release", "prod-cut",
	    "completed", "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.operation = "github:workflow_run:release",
		.ref = "refs/tags/prod-cut",
		.attrs = { { "ref_source", "event" },
		    { "event", "release" } } } } },
	{ .name = "head_branch already a full ref is kept",
	    .text = RUN("", "9876543210", ATT1, "push", "refs/pull/7/merge",
	    "completed", "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/pull/7/merge",
		.attrs = { { "ref_source", "ref" } } } } },
	{ .name = "path with a bare @ref suffix is stripped",
	    .text = "{'id':9876543210,'run_attempt':1,'event':'push',"
	    "'status':'completed','conclusion':'success','head_branch':"
	    "'main','head_sha':'" SHA "','path':'.github/workflows/"
	    "release.yml@main','run_started_at':'2026-01-10T11:58:30Z',"
	    "'actor':" ACTOR("alice") "," REPOOBJ "}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/heads/main",
		.attrs = { { "workflow_path",
		    ".github/workflows/release.yml" },
		    { "workflow_path_ref", "main" },
		    { "ref_source", "branch" } } } } },
	{ .name = "path with @refs/tags/... gives the ref",
	    .text = "{'id':9876543210,'run_attempt':1,'event':'push',"
	    "'status':'completed','conclusion':'success','head_branch':"
	    "'release-2','head_sha':'" SHA "','path':'.github/workflows/"
	    "release.yml@refs/tags/v9','run_started_at':"
	    "'2026-01-10T11:58:30Z','actor':" ACTOR("alice") "," REPOOBJ "}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/tags/v9",
		.attrs = { { "ref_source", "path" } } } } },
	{ .name = "re-run: attempt 2 by another user, failure",
	    .text = "{'id':9876543210,'run_attempt':2,'event':'push',"
	    "'status':'completed','conclusion':'failure','head_branch':"
	    "'v2.4.0','head_sha':'" SHA "','run_started_at':"
	    "'2026-01-11T09:00:00Z','created_at':'2026-01-10T11:58:30Z',"
	    "'updated_at':'2026-01-11T09:03:00Z','actor':" ACTOR("alice")
	    ",'triggering_actor':" ACTOR("bob") "," REPOOBJ "}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/2"),
		.ts = "2026-01-11T09:00:00Z", .end = "2026-01-11T09:03:00Z",
		.failed = 1, .error_code = "failure",
		.attrs = { { "run_attempt", "2" },
		    { "triggering_actor", "bob" },
		    { "conclusion", "failure" } } } } },
	{ .name = "in progress: no end, not a failure",
	    .text = RUN("", "9876543210", ATT1, "push", "main", "in_progress",
	    "null", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.end = NONE, .error_code = NONE,
		.attrs = { { "status", "in_progress" },
		    { "conclusion", ABSENT } } } } },
	{ .name = "cancelled is a failure",
	    .text = RUN("", "9876543210", ATT1, "push", "main", "completed",
	    "'cancelled'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"), .failed = 1,
		.error_code = "cancelled" } } },
	{ .name = "startup_failure is a failure",
	    .text = RUN("", "9876543210", ATT1, "push", "main", "completed",
	    "'startup_failure'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"), .failed = 1,
		.error_code = "startup_failure" } } },
	{ .name = "skipped is not a failure",
	    .text = RUN("", "9876543210", ATT1, "push", "main", "completed",
	    "'skipped'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.error_code = NONE,
		    .attrs = { { "conclusion", "skipped" } } } } },
	{ .name = "no run_started_at: created_at; no run_attempt: 1",
	    .text = RUN("", "9876543210", "", "push", "main", "completed",
	    "'success'", ""), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ts = "2026-01-10T11:58:30Z",
		.attrs = { { "run_attempt", "1" } } } } },
	{ .name = "run id as a string of digits",
	    .text = RUN("", "'9876543210'", ATT1, "push", "main", "completed",
	    "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1") } } },
	{ .name = "repository absent: repo from url",
	    .text = "{'id':5,'run_attempt':1,'event':'schedule','status':"
	    "'completed','conclusion':'success','head_branch':'main',"
	    "'head_sha':'" SHA "','workflow_id':1,'run_started_at':"
	    "'2026-01-10T11:58:30Z','url':'https://api.github.com/repos/"
	    "octo/repo/actions/runs/5'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .repo = "octo/repo",
		.native_id = "octo/repo/5/1", .actor = NONE,
		.operation = "github:workflow_run:schedule" } } },
	{ .name = "no repository at all: native_id without it",
	    .text = "{'id':5,'run_attempt':3,'status':'queued','head_sha':'"
	    SHA "','created_at':'2026-01-10T11:58:30Z'}", .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "ci.run", .repo = NONE,
		.native_id = "5/3", .operation = "github:workflow_run",
		.end = NONE, .ref = NONE } } },
	{ .name = "run time with an offset is converted",
	    .text = RUN("", "9876543210", ATT1, "push", "main", "completed",
	    "'success'", "'run_started_at':'2026-01-10T03:58:30-08:00',"),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ts = "2026-01-10T11:58:30Z",
		.ts_raw = "2026-01-10T03:58:30-08:00" } } },
	{ .name = "webhook workflow_run: name from the workflow object",
	    .text = "{'action':'completed','workflow':{'name':'test','path':"
	    "'.github/workflows/test.yml'},'workflow_run':{'id':289782451,"
	    "'name':'','run_attempt':1,'event':'repository_dispatch',"
	    "'status':'completed','conclusion':'success','head_branch':"
	    "'master','head_sha':'" SHA "','run_started_at':"
	    "'2020-10-05T16:33:49Z','updated_at':'2020-10-05T16:33:49Z',"
	    "'actor':" ACTOR("Codertocat") "},'repository':{'full_name':"
	    "'octo-org/octo-repo'},'sender':" ACTOR("Codertocat") "}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .repo = "octo-org/octo-repo",
		.native_id = "octo-org/octo-repo/289782451/1",
		.ref = "refs/heads/master", .actor = "Codertocat",
		.attrs = { { "workflow_name", "test" },
		    { "workflow_path", ".github/workflows/test.yml" },
		    { "webhook_action", "completed" },
		    { "sender", "Codertocat" } } } } },
	/* ---- bad runs --------------------------------------------------- */
	{ .name = "run without id",
	    .text = "{'run_attempt':1,'head_sha':'" SHA "','run_started_at':"
	    "'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "workflow run has no id" },
	{ .name = "run id is an object",
	    .text = "{'id':{'x':1},'workflow_id':1,'run_started_at':"
	    "'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "workflow run id is an object" },
	{ .name = "run id with a fraction",
	    .text = "{'id':1.5,'workflow_id':1,'run_started_at':"
	    "'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "workflow run id is a fraction" },
	{ .name = "negative run id",
	    .text = "{'id':-4,'workflow_id':1,'run_started_at':"
	    "'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "workflow run id is negative" },
	{ .name = "run id string with letters",
	    .text = "{'id':'12ab','workflow_id':1,'run_started_at':"
	    "'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "a non-numeric string" },
	{ .name = "run_attempt is text",
	    .text = "{'id':1,'run_attempt':'two','workflow_id':1,"
	    "'run_started_at':'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "run_attempt is a non-numeric string" },
	{ .name = "run_started_at is a number",
	    .text = "{'id':1,'workflow_id':1,'run_started_at':1768046310}",
	    .rc = PARSE_ERR, .errmsg = "run_started_at is not a string" },
	{ .name = "run_started_at is not a time",
	    .text = "{'id':1,'workflow_id':1,'run_started_at':'yesterday'}",
	    .rc = PARSE_ERR, .errmsg = "bad run_started_at 'yesterday'" },
	{ .name = "run without any time",
	    .text = "{'id':1,'workflow_id':1,'status':'queued'}",
	    .rc = PARSE_ERR, .errmsg = "has no run_started_at or created_at" },
	{ .name = "bad updated_at",
	    .text = "{'id':1,'workflow_id':1,'status':'completed',"
	    "'run_started_at':'2026-01-10T11:58:30Z','updated_at':"
	    "'2026-13-40T99:00:00Z'}", .rc = PARSE_ERR,
	    .errmsg = "bad updated_at" },
	{ .name = "record is an array", .text = "[1,2]", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "record is a string", .text = "'run'", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "object that is neither run nor job",
	    .text = "{'total_count':0,'artifacts':[]}", .rc = PARSE_ERR,
	    .errmsg = "neither a workflow run nor a job" },
	/* ---- jobs and steps ------------------------------------------- */
	{ .name = "job with a step (formats.md F.7)",
	    .text = JOB("", STEP5), .rc = PARSE_OK, .nev = 2,
	    .ev = { { JOB_WANT, .ts_raw = "2026-01-10T11:58:40Z",
		.ref = NONE, .error_code = NONE,
		.attrs = { { "labels", "[\"self-hosted\",\"signing\"]" },
		    { "runner_environment", "self-hosted" },
		    { "job_name", "sign-and-publish" },
		    { "runner_group_name", "Default" },
		    { "run_attempt", "1" } } },
		{ .action = "ci.step", .operation = "github:workflow_step",
		.ts = "2026-01-10T12:00:05Z", .end = "2026-01-10T12:00:09Z",
		.repo = "acme/widget", .commit_sha = SHA,
		.run_ref = "9876543210", .job_ref = "27182818284",
		.runner = "sign-runner-02",
		.native_id = "27182818284/step/5",
		.attrs = { { "step_name", "Sign artifacts" },
		    { "number", "5" }, { "job_name", "sign-and-publish" },
		    { "ends_before_start", ABSENT } } } } },
	{ .name = "step times with a -08:00 offset are converted",
	    .text = JOB("", STEP("3", "'2026-01-10T04:00:05.000-08:00'",
	    "'2026-01-10T04:00:09.250-08:00'", "'success'")),
	    .rc = PARSE_OK, .nev = 2,
	    .ev = { { JOB_WANT },
		{ .action = "ci.step", .ts = "2026-01-10T12:00:05Z",
		.end = "2026-01-10T12:00:09.250000Z",
		.ts_raw = "2026-01-10T04:00:05.000-08:00",
		.native_id = "27182818284/step/3" } } },
	{ .name = "queued steps (started_at null) are left out",
	    .text = JOB("", STEP5 "," STEP("6", "null", "null", "null") ","
	    STEP("7", "null", "null", "null")), .rc = PARSE_OK, .nev = 2 },
	{ .name = "step running: no end",
	    .text = JOB("", STEP("2", "'2026-01-10T12:00:05Z'", "null",
	    "null")), .rc = PARSE_OK, .nev = 2,
	    .ev = { { JOB_WANT }, { .action = "ci.step", .end = NONE,
		.error_code = NONE, .native_id = "27182818284/step/2" } } },
	{ .name = "step that ends before it starts is kept and flagged",
	    .text = JOB("", STEP("3", "'2022-06-15T01:01:17.000Z'",
	    "'2022-06-15T01:01:16.000Z'", "'success'")), .rc = PARSE_OK,
	    .nev = 2,
	    .ev = { { JOB_WANT }, { .action = "ci.step",
		.ts = "2022-06-15T01:01:17Z", .end = "2022-06-15T01:01:16Z",
		.attrs = { { "ends_before_start", "true" } } } } },
	{ .name = "failed step and job",
	    .text = "{'id':7,'run_id':8,'status':'completed','conclusion':"
	    "'failure','started_at':'2026-01-10T11:58:40Z','completed_at':"
	    "'2026-01-10T11:59:40Z','steps':[" STEP("1",
	    "'2026-01-10T11:58:41Z'", "'2026-01-10T11:58:50Z'", "'failure'")
	    "]}", .rc = PARSE_OK, .nev = 2,
	    .ev = { { .action = "ci.job", .failed = 1, .error_code = "failure",
		.native_id = "7", .run_ref = "8", .repo = NONE,
		.runner = NONE },
		{ .action = "ci.step", .failed = 1, .error_code = "failure",
		.native_id = "7/step/1" } } },
	{ .name = "job on a tag: ref from head_branch",
	    .text = JOB("'head_branch':'v2.4.0',", STEP5), .rc = PARSE_OK,
	    .nev = 2, .ev = { { JOB_WANT, .ref = "refs/tags/v2.4.0" },
		{ .action = "ci.step", .ref = "refs/tags/v2.4.0" } } },
	{ .name = "job on GitHub-hosted runner",
	    .text = "{'id':7,'run_id':8,'status':'completed','conclusion':"
	    "'success','started_at':'2026-01-10T11:58:40Z','labels':"
	    "['ubuntu-22.04'],'runner_name':'GitHub Actions 2',"
	    "'runner_group_name':'GitHub Actions','html_url':"
	    "'https://github.com/acme/widget/actions/runs/8/job/7'}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .runner = "GitHub Actions 2",
		.repo = "acme/widget", .end = NONE,
		.attrs = { { "runner_environment", "github-hosted" } } } } },
	{ .name = "job whose URL names no repository",
	    .text = "{'id':7,'run_id':8,'started_at':'2026-01-10T11:58:40Z',"
	    "'html_url':'https://github.com/acme/','url':"
	    "'https://api.github.com/repos/acme?x=/y'}", .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "ci.job", .repo = NONE } } },
	{ .name = "job repo from a web URL with a query",
	    .text = "{'id':7,'run_id':8,'started_at':'2026-01-10T11:58:40Z',"
	    "'html_url':'https://github.com/acme/widget?check_suite_focus="
	    "true'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .repo = "acme/widget" } } },
	{ .name = "job never started: created_at",
	    .text = "{'id':7,'run_id':8,'status':'completed','conclusion':"
	    "'skipped','created_at':'2026-01-10T11:58:31Z','started_at':"
	    "null,'completed_at':null,'steps':[]}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .ts = "2026-01-10T11:58:31Z",
		.end = NONE, .failed = 0 } } },
	{ .name = "queued job without times: not an event yet",
	    .text = "{'id':7,'run_id':8,'status':'queued','steps':[]}",
	    .rc = PARSE_NONEVENT },
	{ .name = "webhook workflow_job",
	    .text = "{'action':'in_progress','workflow_job':{'id':14541957942,"
	    "'run_id':5373506832,'workflow_name':'Test','head_branch':"
	    "'renovate/got-13.x','run_attempt':1,'status':'in_progress',"
	    "'conclusion':null,'created_at':'2023-06-26T03:31:29Z',"
	    "'started_at':'2023-06-26T03:31:36Z','completed_at':null,"
	    "'name':'check','steps':[],'runner_name':'GitHub Actions 6'},"
	    "'repository':{'full_name':'wolfy1339/github-events-schemas'},"
	    "'sender':{'login':'renovate[bot]'}}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .native_id = "14541957942",
		.repo = "wolfy1339/github-events-schemas",
		.ref = "refs/heads/renovate/got-13.x", .end = NONE,
		.attrs = { { "webhook_action", "in_progress" },
		    { "sender", "renovate[bot]" },
		    { "workflow_name", "Test" } } } } },
	/* ---- bad jobs -------------------------------------------------- */
	{ .name = "job id missing",
	    .text = "{'run_id':8,'steps':[],'started_at':"
	    "'2026-01-10T11:58:40Z'}", .rc = PARSE_ERR,
	    .errmsg = "job has no id" },
	{ .name = "job run_id is a boolean",
	    .text = "{'id':7,'run_id':true,'started_at':"
	    "'2026-01-10T11:58:40Z'}", .rc = PARSE_ERR,
	    .errmsg = "job 7: run_id is a boolean" },
	{ .name = "job steps is an object",
	    .text = "{'id':7,'run_id':8,'steps':{},'started_at':"
	    "'2026-01-10T11:58:40Z'}", .rc = PARSE_ERR,
	    .errmsg = "job 7: steps is not an array" },
	{ .name = "job step is not an object",
	    .text = JOB("", STEP5 ",42"), .rc = PARSE_ERR,
	    .errmsg = "steps[1] is not an object" },
	{ .name = "job step without number",
	    .text = JOB("", "{'name':'x','started_at':"
	    "'2026-01-10T12:00:05Z'}"), .rc = PARSE_ERR,
	    .errmsg = "steps[0].number is missing" },
	{ .name = "job step with a bad started_at",
	    .text = JOB("", STEP5 "," STEP("6", "'noon'", "null", "null")),
	    .rc = PARSE_ERR, .errmsg = "bad steps[1].started_at 'noon'" },
	{ .name = "job step with a bad completed_at (not started)",
	    .text = JOB("", STEP("6", "null", "17", "null")),
	    .rc = PARSE_ERR,
	    .errmsg = "steps[0].completed_at is not a string" },
	{ .name = "finished job without times",
	    .text = "{'id':7,'run_id':8,'status':'completed','steps':[]}",
	    .rc = PARSE_ERR, .errmsg = "job 7 has no started_at" },
	{ .name = "job with a bad completed_at",
	    .text = "{'id':7,'run_id':8,'started_at':'2026-01-10T11:58:40Z',"
	    "'completed_at':'later'}", .rc = PARSE_ERR,
	    .errmsg = "bad completed_at 'later'" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

static const struct probe_row probes[] = {
	{ "runs.json", NULL, "{'total_count':1,'workflow_runs':[{'id':1}]}",
	    NULL, 95, 95, 0 },
	{ "jobs.json", NULL,
	    "{'total_count':1,'jobs':[{'id':2,'run_id':1,'steps':"
	    "[]}]}", NULL, 95, 95, 0 },
	{ "run.json", NULL,
	    "{'id':1,'head_sha':'x','run_attempt':1,'workflow_id':"
	    "2,'run_started_at':'x'}", NULL, 80, 90, 0 },
	{ "job.json", NULL,
	    "{'id':2,'run_id':1,'run_url':'u','check_run_url':'u',"
	    "'steps':[]}", NULL, 80, 90, 0 },
	{ "hook-job.json", NULL, "{'action':'queued','workflow_job':{'id':2,"
	    "'run_id':1,'steps':[]}}", NULL, 85, 95, 0 },
	{ "hook-run.json", NULL,
	    "{'action':'completed','workflow_run':{'id':1,"
	    "'workflow_id':2,'run_started_at':'x'}}", NULL, 85, 95, 0 },
	{ "audit.json", NULL, "[{'@timestamp':1,'_document_id':'a','action':"
	    "'workflows.completed_workflow_run','workflow_run_id':1,"
	    "'head_sha':'x','run_attempt':1,'workflow_id':2}]", NULL, 0, 0,
	    0 },
	{ "release.json", NULL, "{'action':'published','release':{'id':1,"
	    "'tag_name':'v1'}}", NULL, 0, 0, 0 },
	{ "ct.json", NULL, "{'Records':[{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com'}]}", NULL, 0, 0, 0 },
	{ "gitlab.json", NULL, "[{'id':1,'stage':'test','pipeline':{'id':2}}]",
	    NULL, 0, 0, 0 },
	{ "jenkins.json", NULL,
	    "{'_class':'hudson.model.FreeStyleBuild','number':"
	    "1,'timestamp':1}", NULL, 0, 0, 0 },
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
	run_emit_failure(P, RUN("", "9876543210", ATT1, "push", "v2.4.0",
	    "completed", "'success'", STARTED));
	/* the job's event, then a step's */
	run_emit_failure(P, JOB("", STEP5));
}

/* ------------------------------------------------------------------ */
/* The real corpus and the sample evidence                             */

static struct corpus_file corpus_files[] = {
	{ "github_actions/releases/octokit-release-assets.raw-fixture.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/rest_api/2499110858-1-get-workflow-run-attempt.json",
	    1, 1, 1, 0, 0, 0 },
	{ "github_actions/rest_api/"
	    "2499110858-1-list-jobs-for-workflow-run-attempt.json",
	    1, 3, 24, 0, 0, 0 },
	{ "github_actions/rest_api/2499110858-2-get-workflow-run-attempt.json",
	    1, 1, 1, 0, 0, 0 },
	{ "github_actions/rest_api/"
	    "2499110858-2-list-jobs-for-workflow-run-attempt.json",
	    1, 3, 20, 0, 0, 0 },
	{ "github_actions/webhook_payloads/release.published.payload.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/webhook_payloads/"
	    "workflow_job.completed.failure.with-organization.payload.json",
	    1, 1, 13, 0, 0, 0 },
	{ "github_actions/webhook_payloads/"
	    "workflow_job.in_progress.with-queued-steps.payload.json",
	    1, 1, 4, 0, 0, 0 },
	{ "github_actions/webhook_payloads/workflow_run.completed.payload.json",
	    1, 1, 1, 0, 0, 0 },
};

#define CJ1 "github_actions/rest_api/" \
	"2499110858-1-list-jobs-for-workflow-run-attempt.json"
#define CR2 "github_actions/rest_api/2499110858-2-get-workflow-run-attempt.json"
#define CWJ "github_actions/webhook_payloads/" \
	"workflow_job.completed.failure.with-organization.payload.json"
#define CWQ "github_actions/webhook_payloads/" \
	"workflow_job.in_progress.with-queued-steps.payload.json"
#define CWR "github_actions/webhook_payloads/workflow_run.completed.payload.json"
#define R2 "smartcontractkit/push-gha-metrics-action/2499110858/2"

static struct corpus_fact corpus_facts[] = {
	{ CR2, R2, C_RUN, NULL, "2499110858", 0 },
	{ CR2, R2, -1, "run_attempt", "2", 0 },
	{ CR2, R2, COL_TS, NULL, "2022-06-17T21:19:07Z", 0 },
	{ CR2, R2, C_REF, NULL, "refs/heads/feature/gha-metrics", 0 },
	{ CR2, R2, C_ACTOR, NULL, "HenryNguyen5", 0 },
	{ CR2, R2, COL_END, NULL, NULL, 0 },	/* in progress */
	{ CJ1, "6891428337/step/3", -1, "ends_before_start", "true", 0 },
	{ CJ1, "6891428272", C_RUNNER, NULL, "GitHub Actions 113", 0 },
	{ CJ1, "6891428272", C_REPO, NULL,
	    "smartcontractkit/push-gha-metrics-action", 0 },
	{ CJ1, "6891428272/step/6", COL_END, NULL, NULL, 0 },
	{ CWJ, "289782451", C_ERROR_CODE, NULL, "failure", 0 },
	{ CWJ, "289782451/step/8", C_ERROR_CODE, NULL, "failure", 0 },
	{ CWJ, "289782451", C_REPO, NULL, "octo-org/octo-repo", 0 },
	{ CWQ, "14541957942/step/3", COL_END, NULL, NULL, 0 },
	{ CWQ, "14541957942", C_RUNNER, NULL, "GitHub Actions 6", 0 },
	{ CWR, "octo-org/octo-repo/289782451/1", -1, "workflow_name", "test",
	    0 },
	{ CWR, "octo-org/octo-repo/289782451/1", C_REF, NULL,
	    "refs/heads/master", 0 },
};

static void
test_corpus(void **state)
{
	static const char *const dirs[] = { "github_actions", NULL };

	(void)state;
	if (run_corpus(P, "../shared/corpus", dirs, corpus_files,
	    NELEM(corpus_files), corpus_facts, NELEM(corpus_facts)) == 0) {
		print_message("corpus ../shared/corpus/github_actions absent: "
		    "test skipped\n");
		skip();
	}
	end_test("corpus");
}

static struct corpus_file sample_files[] = {
	{ "github_actions/audit-log.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/ci-run-11617196539-attempt-1.json", 1, 1, 1, 0, 0, 0 },
	{ "github_actions/ci-runs.json", 1, 39, 39, 0, 0, 0 },
	{ "github_actions/jobs-11652093318.json", 1, 2, 23, 0, 0, 0 },
	{ "github_actions/jobs-11768420157.json", 1, 2, 23, 0, 0, 0 },
	{ "github_actions/jobs-11873645201.json", 1, 2, 23, 0, 0, 0 },
	{ "github_actions/jobs-11990233417.json", 1, 2, 23, 0, 0, 0 },
	{ "github_actions/jobs-12061877492.json", 1, 2, 23, 0, 0, 0 },
	{ "github_actions/release-runs.json", 1, 5, 5, 0, 0, 0 },
	{ "github_actions/run-11990233417-attempt-1.json", 1, 1, 1, 0, 0, 0 },
};

#define SJH "github_actions/jobs-11990233417.json"
#define SRR "github_actions/release-runs.json"

static struct corpus_fact sample_facts[] = {
	/* the hijacked run: a branch, the compromised account, build-07 */
	{ SRR, "acme/widget/11990233417/1", C_REF, NULL, "refs/heads/ci-test",
	    0 },
	{ SRR, "acme/widget/11990233417/1", C_ACTOR, NULL, "jlindqvist", 0 },
	{ SJH, "33382009982", C_RUNNER, NULL, "build-07", 0 },
	{ SJH, "33382009982", -1, "runner_environment", "self-hosted", 0 },
	/* CloudTrail: AssumeRoleWithWebIdentity 10:12:31, Sign 10:13:05 */
	{ SJH, "33382009982/step/3", -1, "step_name",
	    "Configure AWS credentials", 0 },
	{ SJH, "33382009982/step/3", COL_TS, NULL, "2026-11-09T10:12:29Z", 0 },
	{ SJH, "33382009982/step/3", COL_END, NULL, "2026-11-09T10:12:33Z", 0 },
	{ SJH, "33382009982/step/6", COL_TS, NULL, "2026-11-09T10:13:00Z", 0 },
	{ SJH, "33382009982/step/6", COL_END, NULL, "2026-11-09T10:13:08Z", 0 },
	/* the releases run on tags */
	{ SRR, "acme/widget/11652093318/1", C_REF, NULL, "refs/tags/v2.3.0",
	    0 },
	{ SRR, "acme/widget/12061877492/1", C_REF, NULL, "refs/tags/v2.5.0",
	    0 },
	{ "github_actions/jobs-11768420157.json", "32764459685/step/3",
	    COL_TS, NULL, "2026-10-20T13:30:25Z", 0 },
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

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_probe),
    cmocka_unit_test(test_emit_failure), cmocka_unit_test(test_corpus),
    cmocka_unit_test(test_samples))
