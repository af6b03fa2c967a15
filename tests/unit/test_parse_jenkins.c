/* SPDX-License-Identifier: MIT */
/*
 * test_parse_jenkins.c - unit tests of the Jenkins parser
 * (ingest/parse_jenkins.c): a table of build objects (pipeline and
 * freestyle, user, SCM, timer and upstream causes, git BuildData and change
 * sets, results, parameters with passwords, folders and %-escapes in job
 * URLs), non-event objects (build references, queue, nodes, jobs),
 * Stage View (wfapi) runs and malformed records; probe scores; the emit
 * failure path; a replay of ../shared/corpus/jenkins split as ingest
 * splits it; and of samples/evidence/jenkins (the retired job whose builds
 * explain ci-legacy's use until 2026-10-15).
 *
 * Record texts use ' for " so that they stay readable (a ' inside a
 * value cannot be written).
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

static const struct parser *const P = &parser_jenkins;
static const struct suite S = { .p = &parser_jenkins };

/* ------------------------------------------------------------------ */
/* Jenkins records                                                     */

#define SHA	"4b825dc642cb6eb9a060e54bf8d69288fbee4904"
#define URL	"https://jenkins.acme.example/job/release/job/widget/128/"

/* A build (formats.md F.7) with the members that vary. */
#define BUILD(extra, result, causes, revision) \
	"{'_class':'org.jenkinsci.plugins.workflow.job.WorkflowRun'," \
	"'number':128,'result':" result ",'building':false,'timestamp':" \
	"1768046310000,'duration':95000,'url':'" URL "','actions':[" \
	"{'_class':'hudson.model.CauseAction','causes':[" causes "]},{}," \
	"{'_class':'hudson.plugins.git.util.BuildData'," revision "}]" \
	extra "}"
#define USERCAUSE \
	"{'_class':'hudson.model.Cause$UserIdCause','shortDescription':" \
	"'Started by user Alice','userId':'alice','userName':'Alice'}"
#define REV(branch, remote) \
	"'lastBuiltRevision':{'SHA1':'" SHA "','branch':[{'SHA1':'" SHA \
	"','name':'" branch "'}]},'remoteUrls':['" remote "']"
#define REVTAG	REV("refs/tags/v2.4.0", "https://github.com/acme/widget.git")

#define BUILD_WANT \
	.action = "ci.run", .operation = "jenkins:WorkflowRun", \
	.ts = "2026-01-10T11:58:30Z", .end = "2026-01-10T12:00:05Z", \
	.ts_raw = "1768046310000", .repo = "acme/widget", .commit_sha = SHA, \
	.run_ref = "release/widget#128", .job_ref = NONE, .native_id = URL

/* A wfapi run (the Stage View API) with two stages. */
#define WFAPI(status, stage2) \
	"{'_links':{'self':{'href':'/jenkins/job/Test%20Workflow/16/wfapi/" \
	"describe'}},'id':'2014-10-16_13-07-52','name':'#16','status':'" \
	status "','startTimeMillis':1413461275770,'endTimeMillis':" \
	"1413461285999,'durationMillis':10229,'stages':[{'_links':{'self':" \
	"{'href':'/jenkins/job/Test%20Workflow/16/execution/node/5/wfapi/" \
	"describe'}},'id':'5','name':'Build','status':'SUCCESS'," \
	"'startTimeMillis':1413461275770,'durationMillis':5228}," stage2 "]}"
#define STAGE_PAUSED \
	"{'id':'10','name':'Deploy','status':'PAUSED_PENDING_INPUT'," \
	"'startTimeMillis':1413461285992,'durationMillis':7}"
#define STAGE_NOTRUN \
	"{'id':'12','name':'Publish','status':'NOT_EXECUTED'," \
	"'startTimeMillis':0,'durationMillis':0}"

static const struct row rows[] = {
	/* ---- builds --------------------------------------------------- */
	{ .name = "pipeline build on a tag (formats.md F.7)",
	    .text = BUILD("", "'SUCCESS'", USERCAUSE, REVTAG), .rc = PARSE_OK,
	    .nev = 1,
	    .ev = { { BUILD_WANT, .actor = "alice", .ref = "refs/tags/v2.4.0",
		.runner = NONE, .error_code = NONE,
		.attrs = { { "result", "SUCCESS" }, { "number", "128" },
		    { "causes", "[\"Started by user Alice\"]" },
		    { "job_name", "release/widget" },
		    { "duration_ms", "95000" }, { "revisions", ABSENT } } } } },
	{ .name = "build with --all-events is the same",
	    .text = BUILD("", "'SUCCESS'", USERCAUSE, REVTAG), .all = 1,
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { BUILD_WANT, .actor = "alice" } } },
	{ .name = "freestyle build of the remote access API fixture",
	    .text = "{'actions':[{'parameters':[{'name':'bear','value':true},"
	    "{'name':'fish','value':'salmon'}]},{'causes':[{"
	    "'shortDescription':'Started by user anonymous','userId':null,"
	    "'userName':'anonymous'}]},{}],'building':false,'duration':60750,"
	    "'fullDisplayName':'fish #10','id':'10','number':10,'queueId':73,"
	    "'result':'SUCCESS','timestamp':1461091892486,'url':"
	    "'http://localhost:32769/job/fish/10/','builtOn':''}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .operation = "jenkins:build",
		.ts = "2016-04-19T18:51:32.486000Z",
		.end = "2016-04-19T18:52:33.236000Z", .actor = "anonymous",
		.runner = "built-in", .run_ref = "fish#10",
		.native_id = "http://localhost:32769/job/fish/10/",
		.repo = NONE, .ref = NONE, .commit_sha = NONE,
		.attrs = { { "parameters.fish", "salmon" },
		    { "parameters.bear", "true" }, { "queue_id", "73" },
		    { "built_on", "" },
		    { "full_display_name", "fish #10" } } } } },
	{ .name = "SCM trigger: no actor, causes kept",
	    .text = BUILD(",'builtOn':'legacy-agent-01'", "'SUCCESS'",
	    "{'_class':'hudson.triggers.SCMTrigger$SCMTriggerCause',"
	    "'shortDescription':'Started by an SCM change'}",
	    REV("refs/remotes/origin/main",
	    "git@github.com:acme/widget.git")), .rc = PARSE_OK, .nev = 1,
	    .ev = { { BUILD_WANT, .actor = NONE, .ref = "refs/heads/main",
		.runner = "legacy-agent-01",
		.attrs = { { "causes", "[\"Started by an SCM change\"]" },
		    { "remote_url", "git@github.com:acme/widget.git" } } } } },
	{ .name = "upstream cause",
	    .text = BUILD("", "'SUCCESS'", "{'_class':"
	    "'hudson.model.Cause$UpstreamCause','shortDescription':'Started by"
	    " upstream project widget-build build number 41',"
	    "'upstreamProject':'widget-build','upstreamBuild':41}",
	    REV("origin/release/2.4", "https://github.com/acme/widget")),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { BUILD_WANT, .actor = NONE,
		.ref = "refs/heads/release/2.4",
		.attrs = { { "upstream", "widget-build#41" } } } } },
	{ .name = "user name of a user cause without userId",
	    .text = BUILD("", "'SUCCESS'", "{'_class':"
	    "'hudson.model.Cause$UserIdCause','userId':null,'userName':"
	    "'anonymous'}", REV("main", "https://github.com/acme/widget.git")),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { BUILD_WANT, .actor = "anonymous",
		.ref = "refs/heads/main" } } },
	{ .name = "timer cause with a userName is no actor",
	    .text = BUILD("", "'SUCCESS'", "{'_class':"
	    "'hudson.triggers.TimerTrigger$TimerTriggerCause','userName':"
	    "'x'}", REVTAG), .rc = PARSE_OK, .nev = 1,
	    .ev = { { BUILD_WANT, .actor = NONE } } },
	{ .name = "FAILURE is a failure",
	    .text = BUILD("", "'FAILURE'", USERCAUSE, REVTAG), .rc = PARSE_OK,
	    .nev = 1, .ev = { { BUILD_WANT, .failed = 1,
		.error_code = "FAILURE" } } },
	{ .name = "UNSTABLE is a failure",
	    .text = BUILD("", "'UNSTABLE'", USERCAUSE, REVTAG), .rc = PARSE_OK,
	    .nev = 1, .ev = { { BUILD_WANT, .failed = 1,
		.error_code = "UNSTABLE" } } },
	{ .name = "ABORTED is a failure",
	    .text = BUILD("", "'ABORTED'", USERCAUSE, REVTAG), .rc = PARSE_OK,
	    .nev = 1, .ev = { { BUILD_WANT, .failed = 1,
		.error_code = "ABORTED" } } },
	{ .name = "still building: no end, no failure",
	    .text = "{'number':3,'building':true,'result':null,'timestamp':"
	    "1768046310000,'duration':0,'url':'https://j.example/job/a/3/'}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .end = NONE, .failed = 0,
		.run_ref = "a#3", .attrs = { { "building", "true" } } } } },
	{ .name = "two checkouts: the first, both in attrs",
	    .text = BUILD("", "'SUCCESS'", USERCAUSE, REVTAG "},{'_class':"
	    "'hudson.plugins.git.util.BuildData','lastBuiltRevision':{'SHA1':"
	    "'1111111111111111111111111111111111111111','branch':[{'name':"
	    "'refs/remotes/origin/master'}]},'remoteUrls':["
	    "'https://github.com/acme/pipeline-lib.git']"), .rc = PARSE_OK,
	    .nev = 1,
	    .ev = { { BUILD_WANT, .ref = "refs/tags/v2.4.0",
		.attrs = { { "revisions", "[{\"branch\":\"refs/tags/v2.4.0\","
		    "\"remote\":\"https://github.com/acme/widget.git\","
		    "\"sha\":\"" SHA "\"},{\"branch\":"
		    "\"refs/remotes/origin/master\",\"remote\":"
		    "\"https://github.com/acme/pipeline-lib.git\",\"sha\":"
		    "\"1111111111111111111111111111111111111111\"}]" } } } } },
	{ .name = "commit from the change set when there is no BuildData",
	    .text = "{'number':10,'result':'SUCCESS','timestamp':"
	    "1461091892486,'duration':60750,'url':"
	    "'http://localhost:32769/job/fish/10/','changeSets':[{'items':["
	    "{'commitId':'aaaa'},{'commitId':"
	    "'d27afa0805201322d846d7defc29b82c88d9b5ce'}],'kind':'git'}]}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run",
		.commit_sha = "d27afa0805201322d846d7defc29b82c88d9b5ce",
		.attrs = { { "commit_source", "changeSet" } } } } },
	{ .name = "freestyle changeSet",
	    .text = "{'number':10,'result':'SUCCESS','timestamp':"
	    "1461091892486,'changeSet':{'items':[{'commitId':'" SHA "'}]}}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .commit_sha = SHA, .run_ref = NONE,
		.native_id = NONE, .end = NONE } } },
	{ .name = "password parameters keep only their name",
	    .text = "{'number':4,'result':'SUCCESS','timestamp':1461091892486,"
	    "'url':'https://j.example/job/a/4/','actions':[{'_class':"
	    "'hudson.model.ParametersAction','parameters':[{'_class':"
	    "'hudson.model.PasswordParameterValue','name':'TOKEN'},{'_class':"
	    "'hudson.model.PasswordParameterValue','name':'PASS','value':"
	    "'hunter2'},{'name':'TAG','value':'v1'}]}]}", .rc = PARSE_OK,
	    .nev = 1,
	    .ev = { { .action = "ci.run",
		.attrs = { { "parameters.TOKEN", "null" },
		    { "parameters.PASS", "null" },
		    { "parameters.TAG", "v1" } } } } },
	{ .name = "folders and %-escapes in the job path",
	    .text = "{'number':7,'result':'SUCCESS','timestamp':1461091892486,"
	    "'url':'https://j.example/view/All/job/My%20Folder/job/app%2Fx/7/'}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = "My Folder/app/x#7",
		.attrs = { { "job_name", "My Folder/app/x" } } } } },
	{ .name = "number from the URL when absent; no fullName %00",
	    .text = "{'timestamp':1461091892486,'url':"
	    "'https://j.example/job/a%00b/12/'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = "a%00b#12" } } },
	{ .name = "artifacts and culprits",
	    .text = "{'number':10,'result':'SUCCESS','timestamp':"
	    "1461091892486,'artifacts':[{'fileName':'fish.txt',"
	    "'relativePath':'out/fish.txt'}],'culprits':[{'fullName':"
	    "'username'}]}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run",
		.attrs = { { "artifacts", "[\"out/fish.txt\"]" },
		    { "culprits", "[\"username\"]" } } } } },
	{ .name = "timestamp as a real number",
	    .text = "{'number':10,'timestamp':1461091892486.0}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run",
		.ts = "2016-04-19T18:51:32.486000Z" } } },
	/* ---- non-events ----------------------------------------------- */
	{ .name = "build reference of a job's builds[]",
	    .text = "{'number':7,'url':'http://localhost:32769/job/fish/7/'}",
	    .rc = PARSE_NONEVENT },
	{ .name = "build reference with _class",
	    .text = "{'_class':'hudson.model.FreeStyleBuild','number':7,"
	    "'url':'http://localhost:32769/job/fish/7/'}",
	    .rc = PARSE_NONEVENT },
	{ .name = "queue",
	    .text = "{'discoverableItems':[],'items':[{'id':7,'inQueueSince':"
	    "1460738557584}]}", .rc = PARSE_NONEVENT },
	{ .name = "queue item that left the queue",
	    .text = "{'_class':'hudson.model.Queue$LeftItem','id':143,"
	    "'inQueueSince':1524074837590,'executable':{'number':14}}",
	    .rc = PARSE_NONEVENT },
	{ .name = "nodes",
	    .text = "{'busyExecutors':1,'computer':[{'displayName':'master'}"
	    "]}",
	    .rc = PARSE_NONEVENT },
	{ .name = "job without builds",
	    .text = "{'_class':'hudson.model.FreeStyleProject','name':'fish',"
	    "'nextBuildNumber':1}", .rc = PARSE_NONEVENT },
	/* ---- wfapi ---------------------------------------------------- */
	{ .name = "wfapi run paused for input: no end; the stages",
	    .text = WFAPI("PAUSED_PENDING_INPUT", STAGE_PAUSED),
	    .rc = PARSE_OK, .nev = 3,
	    .ev = { { .action = "ci.run", .operation = "jenkins:wfapi:run",
		.ts = "2014-10-16T12:07:55.770000Z", .end = NONE,
		.run_ref = "Test Workflow#16",
		.native_id = "/jenkins/job/Test%20Workflow/16/wfapi/describe",
		.failed = 0,
		.attrs = { { "status", "PAUSED_PENDING_INPUT" },
		    { "name", "#16" }, { "duration_ms", "10229" } } },
		{ .action = "ci.step", .operation = "jenkins:wfapi:stage",
		.ts = "2014-10-16T12:07:55.770000Z",
		.end = "2014-10-16T12:08:00.998000Z",
		.run_ref = "Test Workflow#16",
		.native_id = "/jenkins/job/Test%20Workflow/16/execution/node/"
		"5/wfapi/describe",
		.attrs = { { "stage_name", "Build" } } },
		{ .action = "ci.step", .end = NONE,
		.native_id = "/jenkins/job/Test%20Workflow/16/wfapi/describe"
		"/stage/10" } } },
	{ .name = "wfapi run that failed; a stage never run is left out",
	    .text = WFAPI("FAILED", STAGE_NOTRUN), .rc = PARSE_OK, .nev = 2,
	    .ev = { { .action = "ci.run", .failed = 1, .error_code = "FAILED",
		.end = "2014-10-16T12:08:05.999000Z" } } },
	{ .name = "wfapi run without links: native id from the name",
	    .text = "{'name':'#3','status':'SUCCESS','startTimeMillis':"
	    "1413461275770,'stages':[]}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = NONE,
		.native_id = NONE } } },
	/* ---- malformed ------------------------------------------------ */
	{ .name = "timestamp is text",
	    .text = "{'number':1,'timestamp':'2016-04-19'}", .rc = PARSE_ERR,
	    .errmsg = "build 1: timestamp is not a number" },
	{ .name = "number is text",
	    .text = "{'number':'one','timestamp':1}", .rc = PARSE_ERR,
	    .errmsg = "number is not an integer" },
	{ .name = "no timestamp in a full build",
	    .text = "{'number':5,'result':'SUCCESS','duration':3}",
	    .rc = PARSE_ERR, .errmsg = "build 5 has no timestamp" },
	{ .name = "duration is text",
	    .text = "{'number':5,'timestamp':1461091892486,'duration':'1m'}",
	    .rc = PARSE_ERR, .errmsg = "duration is not a number" },
	{ .name = "actions is an object",
	    .text = "{'number':5,'timestamp':1461091892486,'actions':{}}",
	    .rc = PARSE_ERR, .errmsg = "actions is not an array" },
	{ .name = "timestamp out of range",
	    .text = "{'number':5,'timestamp':9223372036854775807}",
	    .rc = PARSE_ERR, .errmsg = "out of range" },
	{ .name = "timestamp real out of range",
	    .text = "{'number':5,'timestamp':1e300}",
	    .rc = PARSE_ERR, .errmsg = "build 5: timestamp is out of range" },
	{ .name = "huge duration: no end rather than an overflow",
	    .text = "{'number':5,'timestamp':1461091892486,'duration':"
	    "9223372036854775807}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .end = NONE } } },
	{ .name = "wfapi startTimeMillis is text",
	    .text = "{'startTimeMillis':'x','stages':[]}", .rc = PARSE_ERR,
	    .errmsg = "startTimeMillis is not a number" },
	{ .name = "wfapi stages is an object",
	    .text = "{'startTimeMillis':1,'stages':{}}", .rc = PARSE_ERR,
	    .errmsg = "stages is not an array" },
	{ .name = "wfapi stage with bad times",
	    .text = "{'startTimeMillis':1,'stages':[{'startTimeMillis':1,"
	    "'durationMillis':'x'}]}", .rc = PARSE_ERR,
	    .errmsg = "stages[0] has bad times" },
	{ .name = "record is an array", .text = "[1]", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "unknown object", .text = "{'color':'blue'}",
	    .rc = PARSE_ERR, .errmsg = "not a Jenkins build" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

static const struct probe_row probes[] = {
	{ "build.json", NULL,
	    "{'_class':'hudson.model.FreeStyleBuild','number':1,"
	    "'timestamp':1}", NULL, 90, 90, 0 },
	{ "run.json", NULL, "{'_class':'org.jenkinsci.plugins.workflow.job."
	    "WorkflowRun','number':1}", NULL, 90, 90, 0 },
	{ "fixture.json", NULL, "{'actions':[],'builtOn':'','fullDisplayName':"
	    "'fish #10','number':10,'timestamp':1}", NULL, 88, 88, 0 },
	{ "job.json", NULL, "{'name':'fish','builds':[],'nextBuildNumber':8}",
	    NULL, 85,
	    85, 0 },
	{ "wfapi.json", NULL,
	    "[{'id':'x','startTimeMillis':1,'durationMillis':1,"
	    "'stages':[]}]", NULL, 85, 85, 0 },
	{ "queue.json", NULL, "{'items':[{'inQueueSince':1,'task':{}}]}", NULL,
	    70, 70, 0 },
	{ "computer.json", NULL, "{'busyExecutors':1,'computer':[]}", NULL, 60,
	    60, 0 },
	{ "gha.json", NULL, "{'total_count':1,'workflow_runs':[{'id':1}]}",
	    NULL, 0, 0, 0 },
	{ "gitlab.json", NULL, "[{'id':1,'stage':'x','pipeline':{}}]", NULL, 0,
	    0, 0 },
	{ "ct.json", NULL,
	    "{'Records':[{'eventVersion':'1.08','eventTime':'x'}]}", NULL,
	    0, 0, 0 },
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
	run_emit_failure(P, BUILD("", "'SUCCESS'", USERCAUSE, REVTAG));
	run_emit_failure(P, WFAPI("SUCCESS", STAGE_PAUSED));
}

/* ------------------------------------------------------------------ */
/* The real corpus and the sample evidence                             */

static struct corpus_file corpus_files[] = {
	{ "jenkins/jenkins-rest/build-info-git-commit.json", 1, 1, 1, 0, 0, 0 },
	{ "jenkins/jenkins-rest/build-info.json", 1, 1, 1, 0, 0, 0 },
	{ "jenkins/jenkins-rest/computer.json", 1, 1, 0, 1, 0, 0 },
	{ "jenkins/jenkins-rest/job-info.json", 1, 7, 0, 7, 0, 0 },
	{ "jenkins/jenkins-rest/queue.json", 1, 1, 0, 1, 0, 0 },
	{ "jenkins/jenkins-rest/queueItemRunning.json", 1, 1, 0, 1, 0, 0 },
	{ "jenkins/jenkins-rest/runHistory.json", 1, 2, 8, 0, 0, 0 },
	{ "jenkins/jenkins-rest/workflow.json", 1, 1, 4, 0, 0, 0 },
};

#define CG "jenkins/jenkins-rest/build-info-git-commit.json"
#define CH "jenkins/jenkins-rest/runHistory.json"
#define FISH "http://localhost:32769/job/fish/10/"

static struct corpus_fact corpus_facts[] = {
	{ CG, FISH, C_COMMIT, NULL, "d27afa0805201322d846d7defc29b82c88d9b5ce",
	    0 },
	{ CG, FISH, -1, "commit_source", "changeSet", 0 },
	{ CG, FISH, C_ACTOR, NULL, "anonymous", 0 },
	{ CG, FISH, C_RUNNER, NULL, "built-in", 0 },
	{ CG, FISH, C_RUN, NULL, "fish#10", 0 },
	{ CG, FISH, COL_END, NULL, "2016-04-19T18:52:33.236000Z", 0 },
	{ CH, "/jenkins/job/Test%20Workflow/16/wfapi/describe", C_RUN, NULL,
	    "Test Workflow#16", 0 },
	{ CH, "/jenkins/job/Test%20Workflow/16/wfapi/describe", COL_END, NULL,
	    NULL, 0 },
	{ CH, "/jenkins/job/Test%20Workflow/15/wfapi/describe", COL_END, NULL,
	    "2014-10-16T11:45:37.070000Z", 0 },
	{ CH, "/jenkins/job/Test%20Workflow/15/execution/node/10/wfapi/"
	    "describe", C_RUN, NULL, "Test Workflow#15", 0 },
};

static void
test_corpus(void **state)
{
	static const char *const dirs[] = { "jenkins", NULL };

	(void)state;
	if (run_corpus(P, "../shared/corpus", dirs, corpus_files,
	    NELEM(corpus_files), corpus_facts, NELEM(corpus_facts)) == 0) {
		print_message("corpus ../shared/corpus/jenkins absent: test "
		    "skipped\n");
		skip();
	}
	end_test("corpus");
}

static struct corpus_file sample_files[] = {
	{ "jenkins/widget-image-publish-allBuilds.json", 1, 24, 24, 0, 0, 0 },
};

#define SB "jenkins/widget-image-publish-allBuilds.json"
#define B411 "https://jenkins.acme.internal/job/widget-image-publish/411/"

static struct corpus_fact sample_facts[] = {
	/* the last build of the retired job that used ci-legacy's key */
	{ SB, B411, C_RUN, NULL, "widget-image-publish#411", 0 },
	{ SB, B411, COL_TS, NULL, "2026-10-15T12:39:38.604000Z", 0 },
	{ SB, B411, C_RUNNER, NULL, "legacy-agent-01", 0 },
	{ SB, B411, C_REPO, NULL, "acme/widget", 0 },
	{ SB, B411, C_REF, NULL, "refs/heads/main", 0 },
};

static void
test_samples(void **state)
{
	static const char *const dirs[] = { "jenkins", NULL };

	(void)state;
	if (run_corpus(P, "samples/evidence", dirs, sample_files,
	    NELEM(sample_files), sample_facts, NELEM(sample_facts)) == 0)
		bad("samples/evidence/jenkins is missing");
	end_test("samples");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_probe),
    cmocka_unit_test(test_emit_failure), cmocka_unit_test(test_corpus),
    cmocka_unit_test(test_samples))
