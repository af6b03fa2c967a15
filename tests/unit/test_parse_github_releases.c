/* SPDX-License-Identifier: MIT */
/*
 * test_parse_github_releases.c - unit tests of the GitHub Releases parser
 * (ingest/parse_github_releases.c): a table of releases, assets,
 * webhook deliveries and recorded API calls (drafts, digests, failed
 * uploads, deletes, GitHub Enterprise URLs, malformed input) with the
 * events each must give, each row also run with --all-events flipped and
 * with a failing store; probes; and a replay of the real recording and
 * webhook payload in ../shared/corpus/github_actions with facts about
 * them (the workflow-run and job files there are not ours: the probe
 * must leave them alone).
 *
 * Record texts use ' for ".  Inputs are exact-size heap copies so that
 * ASan catches a read past the end.
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

static const struct parser *const P = &parser_github_releases;
static const struct suite S = { .p = &parser_github_releases,
    .flags = S_STRICT | S_FLIP, .strict = STRICT_PUBLISH };

/* ------------------------------------------------------------------ */
/* Records                                                             */

#define DIG	"sha256:" \
	"bfa7a7e4f77550077f8d09078b3f94a860b6694eb1c8326500d0e14c4267cd4c"
#define API	"https://api.github.com/repos/acme/widget"
#define BOT	"{'login':'github-actions[bot]','id':41898282,'type':'Bot'}"

#define ASSET(id, name, extra) \
	"{'url':'" API "/releases/assets/" id "','id':" id ",'node_id':" \
	"'RA_x','name':'" name "','label':'','uploader':" BOT "," \
	"'content_type':'application/gzip','state':'uploaded','size':7343296," \
	"'download_count':305,'created_at':'2026-11-03T15:13:02Z'," \
	"'updated_at':'2026-11-03T15:13:04Z','browser_download_url':" \
	"'https://github.com/acme/widget/releases/download/v2.4.1/" name "'" \
	extra "}"
#define RELEASE(id, tag, extra, assets) \
	"{'url':'" API "/releases/" id "','assets_url':'" API "/releases/" \
	id "/assets','upload_url':'https://uploads.github.com/repos/acme/" \
	"widget/releases/" id "/assets{?name,label}','html_url':" \
	"'https://github.com/acme/widget/releases/tag/" tag "','id':" id "," \
	"'author':" BOT ",'node_id':'RE_x','tag_name':'" tag "'," \
	"'target_commitish':'main','name':'Widget " tag "','draft':false," \
	"'immutable':false,'prerelease':false,'created_at':" \
	"'2026-11-03T15:06:03Z'" extra ",'assets':[" assets "]," \
	"'tarball_url':'" API "/tarball/" tag "','body':'notes'}"
#define PUB	",'published_at':'2026-11-03T15:13:17Z'"
#define A1	ASSET("301449210", "widget-linux-amd64.tar.gz", \
	",'digest':'" DIG "'")
#define A2	ASSET("301449217", "widget-darwin-arm64.tar.gz", \
	",'digest':null")
#define NOCK(method, path, status, resp, headers) \
	"{'scope':'https://api.github.com:443','method':'" method "'," \
	"'path':'" path "','body':'','status':" status ",'response':" resp \
	",'rawHeaders':[" headers "],'responseIsBinary':false}"
#define DATE \
	"'Server','GitHub.com','Date','Tue, 19 Jul 2022 04:40:29 GMT'"

static const struct row rows[] = {
	{ .name = "release from a list: the release",
	    .text = RELEASE("259877102", "v2.4.1", PUB, A1 "," A2),
	    .rc = PARSE_OK, .nev = 3, .idx = 0,
	    .w.action = "publish", .w.operation = "github:release",
	    .w.actor = "github-actions[bot]", .w.artifact = "acme/widget",
	    .w.version = "v2.4.1", .w.repo = "acme/widget",
	    .w.ref = "refs/tags/v2.4.1", .w.ts = "2026-11-03T15:13:17Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "release/259877102",
	    .w.attrs = { { "draft", "false" }, { "prerelease", "false" },
		{ "immutable", "false" }, { "asset_count", "2" },
		{ "name", "Widget v2.4.1" }, { "time_field", ABSENT } } },
	{ .name = "release from a list: its first asset",
	    .text = RELEASE("259877102", "v2.4.1", PUB, A1 "," A2),
	    .rc = PARSE_OK, .nev = 3, .idx = 1,
	    .w.action = "publish", .w.operation = "github:release_asset",
	    .w.actor = "github-actions[bot]",
	    .w.artifact = "widget-linux-amd64.tar.gz", .w.version = "v2.4.1",
	    .w.digest = DIG, .w.repo = "acme/widget",
	    .w.ref = "refs/tags/v2.4.1",
	    .w.ts = "2026-11-03T15:13:02Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "asset/301449210",
	    .w.attrs = { { "size", "7343296" }, { "release_id", "259877102" },
		{ "updated_at", "2026-11-03T15:13:04Z" },
		{ "content_type", "application/gzip" },
		{ "state", "uploaded" }, { "download_count", "305" } } },
	{ .name = "an asset from before digests (null)",
	    .text = RELEASE("259877102", "v2.4.1", PUB, A1 "," A2),
	    .rc = PARSE_OK, .nev = 3, .idx = 2,
	    .w.action = "publish", .w.operation = "github:release_asset",
	    .w.actor = "github-actions[bot]",
	    .w.artifact = "widget-darwin-arm64.tar.gz", .w.version = "v2.4.1",
	    .w.repo = "acme/widget", .w.ref = "refs/tags/v2.4.1",
	    .w.ts = "2026-11-03T15:13:02Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "asset/301449217",
	    .w.attrs = { { "digest_raw", ABSENT } } },
	{ .name = "draft: created_at, a failed upload, a commit target",
	    .text = "{'url':'https://ghe.acme.example/api/v3/repos/o/r/"
	    "releases/5','id':5,'tag_name':'v9','draft':true,"
	    "'target_commitish':'4b825dc642cb6eb9a060e54bf8d69288fbee4904',"
	    "'created_at':'2026-11-06T22:30:00Z','published_at':null,"
	    "'author':{'login':'mallory'},'assets':[{'id':9,'name':'a.tgz',"
	    "'state':'starter','created_at':'2026-11-06T22:31:00Z','digest':"
	    "'SHA256:ABC'}]}",
	    .rc = PARSE_OK, .nev = 2, .idx = 0,
	    .w.action = "publish", .w.operation = "github:release",
	    .w.actor = "mallory", .w.artifact = "o/r", .w.version = "v9",
	    .w.repo = "o/r", .w.ref = "refs/tags/v9",
	    .w.commit_sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
	    .w.ts = "2026-11-06T22:30:00Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "release/5",
	    .w.attrs = { { "draft", "true" }, { "time_field",
	    "created_at" } } },
	{ .name = "draft: the failed upload",
	    .text = "{'url':'https://ghe.acme.example/api/v3/repos/o/r/"
	    "releases/5','id':5,'tag_name':'v9','draft':true,"
	    "'created_at':'2026-11-06T22:30:00Z','published_at':null,"
	    "'author':{'login':'mallory'},'assets':[{'id':9,'name':'a.tgz',"
	    "'state':'starter','created_at':'2026-11-06T22:31:00Z','digest':"
	    "'SHA256:ABC'}]}",
	    .rc = PARSE_OK, .nev = 2, .idx = 1,
	    .w.action = "publish", .w.operation = "github:release_asset",
	    .w.failed = 1, .w.error_code = "state:starter",
	    .w.artifact = "a.tgz", .w.version = "v9", .w.repo = "o/r",
	    .w.ref = "refs/tags/v9", .w.ts = "2026-11-06T22:31:00Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "asset/9",
	    .w.attrs = { { "digest_raw", "SHA256:ABC" } } },
	{ .name = "an asset alone: tag and repo from its urls",
	    .text = "{'url':'" API "/releases/assets/7','id':7,'name':"
	    "'w.zip','uploader':{'login':'m-chen'},'state':'uploaded',"
	    "'digest':'sha256:BFA7A7E4F77550077F8D09078B3F94A860B6694EB1C832"
	    "6500D0E14C4267CD4C','created_at':'2026-11-12T17:04:05Z',"
	    "'browser_download_url':'https://github.com/acme/widget/releases/"
	    "download/v2.4.2%2Bfix/w.zip'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "github:release_asset", .w.actor = "m-chen",
	    .w.artifact = "w.zip", .w.version = "v2.4.2+fix", .w.digest = DIG,
	    .w.repo = "acme/widget", .w.ref = "refs/tags/v2.4.2+fix",
	    .w.ts = "2026-11-12T17:04:05Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "asset/7" },
	{ .name = "webhook: published",
	    .text = "{'action':'published','release':" RELEASE("17372790",
	    "0.0.1", PUB, "") ",'repository':{'full_name':'Codertocat/"
	    "Hello-World'},'sender':{'login':'Codertocat'}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "github:release.published",
	    .w.actor = "github-actions[bot]",
	    .w.artifact = "Codertocat/Hello-World",
	    .w.version = "0.0.1", .w.repo = "Codertocat/Hello-World",
	    .w.ref = "refs/tags/0.0.1", .w.ts = "2026-11-03T15:13:17Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "release/17372790",
	    .w.attrs = { { "via", "webhook" }, { "sender", "Codertocat" },
		{ "asset_count", "0" } } },
	{ .name = "webhook: deleted",
	    .text = "{'action':'deleted','release':" RELEASE("17372790",
	    "0.0.1", PUB, A1) ",'repository':{'full_name':'acme/widget'},"
	    "'sender':{'login':'acme-sec-admin'}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.delete",
	    .w.operation = "github:release.deleted",
	    .w.actor = "github-actions[bot]", .w.artifact = "acme/widget",
	    .w.version = "0.0.1", .w.repo = "acme/widget",
	    .w.ref = "refs/tags/0.0.1", .w.ts = NOTIME,
	    .w.native_id = "release/17372790/deleted",
	    .w.attrs = { { "sender", "acme-sec-admin" },
		{ "published_at", "2026-11-03T15:13:17Z" } } },
	{ .name = "webhook: unpublished",
	    .text = "{'action':'unpublished','release':" RELEASE("1", "v1",
	    ",'published_at':null", "") "}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.delete",
	    .w.operation = "github:release.unpublished",
	    .w.actor = "github-actions[bot]", .w.artifact = "acme/widget",
	    .w.version = "v1", .w.repo = "acme/widget",
	    .w.ref = "refs/tags/v1",
	    .w.ts = NOTIME, .w.native_id = "release/1/unpublished" },
	{ .name = "webhook: edited is out of scope",
	    .text = "{'action':'edited','release':" RELEASE("1", "v1", PUB,
	    "") "}", .rc = PARSE_SKIP },
	{ .name = "recording: a release created",
	    .text = NOCK("post", "/repos/acme/widget/releases", "201",
	    RELEASE("72286832", "v1.0.0", PUB, ""), DATE),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "github:release", .w.actor = "github-actions[bot]",
	    .w.artifact = "acme/widget", .w.version = "v1.0.0",
	    .w.repo = "acme/widget", .w.ref = "refs/tags/v1.0.0",
	    .w.ts = "2026-11-03T15:13:17Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "release/72286832",
	    .w.attrs = { { "via", "recording" },
		{ "recorded_request", "POST /repos/acme/widget/releases" } } },
	{ .name = "recording: an asset list",
	    .text = NOCK("get", "/repos/acme/widget/releases/1/assets", "200",
	    "[" A1 "," A2 "]", DATE),
	    .rc = PARSE_OK, .nev = 2, .idx = 1, .w.action = "publish",
	    .w.operation = "github:release_asset",
	    .w.actor = "github-actions[bot]",
	    .w.artifact = "widget-darwin-arm64.tar.gz", .w.version = "v2.4.1",
	    .w.repo = "acme/widget", .w.ref = "refs/tags/v2.4.1",
	    .w.ts = "2026-11-03T15:13:02Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "asset/301449217" },
	{ .name = "recording: an asset deleted",
	    .text = NOCK("delete", "/repos/acme/widget/releases/assets/"
	    "71989167", "204", "''", DATE),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.delete",
	    .w.operation = "github:release_asset.delete",
	    .w.repo = "acme/widget", .w.ts = "2022-07-19T04:40:29Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "asset/71989167/deleted",
	    .w.attrs = { { "asset_id", "71989167" } } },
	{ .name = "recording: a release deleted, no Date",
	    .text = NOCK("DELETE", "/repos/acme/widget/releases/5?x=1", "204",
	    "''", ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.delete",
	    .w.operation = "github:release.delete", .w.repo = "acme/widget",
	    .w.ts = NOTIME, .w.native_id = "release/5/deleted" },
	{ .name = "recording: a bad Date",
	    .text = NOCK("delete", "/repos/acme/widget/releases/5", "204",
	    "''", "'date','yesterday'"),
	    .rc = PARSE_ERR, .errmsg = "bad Date header 'yesterday'" },
	{ .name = "recording: a repository deleted is out of scope",
	    .text = NOCK("delete", "/repos/acme/widget", "204", "''", DATE),
	    .rc = PARSE_SKIP },
	{ .name = "recording: not found is out of scope",
	    .text = NOCK("get", "/repos/acme/widget/releases/tags/v9", "404",
	    "{'message':'Not Found'}", DATE), .rc = PARSE_SKIP },
	{ .name = "recording: --all-events keeps other calls",
	    .text = NOCK("put", "/repos/acme/widget/contents/README.md",
	    "201", "{'content':{}}", DATE), .all = 1,
	    .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "github:PUT /repos/acme/widget/contents/README.md",
	    .w.repo = "acme/widget", .w.ts = "2022-07-19T04:40:29Z",
	    .w.ts_flags = TS_COARSE,
	    .w.attrs = { { "status", "201" } } },
	{ .name = "recording: no method",
	    .text = "{'scope':'x','path':'/','method':1}",
	    .rc = PARSE_ERR, .errmsg = "recording has no method or path" },
	{ .name = "bad asset: the release is kept",
	    .text = RELEASE("3", "v3", PUB, "{'id':4,'name':'x','created_at':"
	    "'2026-02-30T00:00:00Z'}," A1),
	    .rc = PARSE_ERR, .errmsg = "assets[0]: bad created_at "
	    "'2026-02-30T00:00:00Z'", .nev = 2 },
	{ .name = "asset without id",
	    .text = "{'name':'x','uploader':{},'created_at':"
	    "'2026-01-01T00:00:00Z'}",
	    .rc = PARSE_ERR, .errmsg = "asset has no integer id" },
	{ .name = "asset without name",
	    .text = "{'id':4,'uploader':{},'created_at':"
	    "'2026-01-01T00:00:00Z'}",
	    .rc = PARSE_ERR, .errmsg = "asset 4 has no name" },
	{ .name = "asset without time",
	    .text = "{'id':4,'name':'x','uploader':{}}",
	    .rc = PARSE_ERR, .errmsg = "asset 4 has no created_at" },
	{ .name = "asset not an object",
	    .text = RELEASE("3", "v3", PUB, "7"),
	    .rc = PARSE_ERR, .errmsg = "assets[0]: asset is not an object",
	    .nev = 1 },
	{ .name = "release without id",
	    .text = "{'tag_name':'v1','published_at':'2026-01-01T00:00:00Z'}",
	    .rc = PARSE_ERR, .errmsg = "release has no integer id" },
	{ .name = "release with a negative id",
	    .text = "{'id':-1,'tag_name':'v1'}",
	    .rc = PARSE_ERR, .errmsg = "release has no integer id" },
	{ .name = "release with tag_name not a string",
	    .text = "{'id':1,'tag_name':1}",
	    .rc = PARSE_ERR, .errmsg = "release 1 has no tag_name" },
	{ .name = "release with a bad published_at",
	    .text = "{'id':1,'tag_name':'v1','published_at':'soon'}",
	    .rc = PARSE_ERR, .errmsg = "bad published_at 'soon'" },
	{ .name = "release without any time",
	    .text = "{'id':1,'tag_name':'v1','published_at':null}",
	    .rc = PARSE_ERR, .errmsg = "neither published_at nor created_at" },
	{ .name = "webhook release not an object",
	    .text = "{'action':'published','release':[]}",
	    .rc = PARSE_ERR, .errmsg = "release is not an object" },
	{ .name = "something else",
	    .text = "{'id':1,'name':'x'}",
	    .rc = PARSE_ERR, .errmsg = "not a GitHub release" },
	{ .name = "not an object", .text = "[]",
	    .rc = PARSE_ERR, .errmsg = "not a JSON object" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

static const struct probe_row probe_rows[] = {
	{ "gh api releases output", &parser_github_releases, "["
	    RELEASE("1", "v1", PUB, "") "]", "releases.json", 90, 90, 1 },
	{ "asset list", &parser_github_releases, "[" A1 "]", "assets.json",
	    90, 90, 1 },
	{ "recording", &parser_github_releases, "[" NOCK("get",
	    "/repos/a/b/releases/1", "200", "{}", DATE) "]", "fixture.json",
	    85, 85, 1 },
	{ "GitLab release", &parser_github_releases, "[{'name':'v1',"
	    "'tag_name':'v1','description':'','created_at':"
	    "'2019-01-03T01:55:18.203Z','released_at':'2019-01-03T01:55:18Z',"
	    "'assets':{'count':0,'sources':[],'links':[]}}]", "releases.json",
	    0, 0, 0 },
	{ "workflow run", &parser_github_releases, "{'action':'completed',"
	    "'workflow_run':{'id':1,'head_branch':'main'},'repository':"
	    "{'releases_url':'https://api.github.com/repos/a/b/releases"
	    "{/id}'}}",
	    "run.json", 0, 0, 0 },
	{ "empty", &parser_github_releases, "", "x.json", 0, 0, 0 },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("github_releases"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_null(P->container_keys);
}

/* gh api --paginate prints one array per page, back to back. */
static int
count_cb(void *arg, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err)
{
	int *n = arg;

	(void)rec;
	(void)len;
	(void)line;
	(void)offset;
	if (err == NULL)
		(*n)++;
	return 0;
}

static void
test_paginate(void **state)
{
	char *text = unquote("[" RELEASE("2", "v2", PUB, "") "," RELEASE("1",
	    "v1", PUB, "") "][" RELEASE("0", "v0", PUB, "") "]\n");
	struct jsplit *js;
	int n = 0;

	(void)state;
	js = jsplit_new(NULL, 1 << 20, count_cb, &n);
	jsplit_feed(js, text, strlen(text));
	jsplit_finish(js);
	jsplit_free(js);
	assert_int_equal(n, 3);
	free(text);
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */

static const struct replay_want corpus_files[] = {
	/*
	 * create repo (out), put README (out), create release, get release
	 * by tag, upload asset, list assets, get asset, update asset, delete
	 * asset, delete repo (out)
	 */
	{ .file = "github_actions/releases/octokit-release-assets.raw-fixtur"
	    "e.json",
	    .records = 10, .ok = 7, .skip = 3, .events = 7 },
	{ .file = "github_actions/webhook_payloads/"
	    "release.published.payload.json",
	    .records = 1, .ok = 1, .events = 1 },
};

static int facts_seen;

static void
corpus_fact(const char *file, const struct evcopy *e)
{
	char when[TS_BUFSZ];

	if (e->native_id == NULL) {
		bad("%s: event without native_id", file);
		return;
	}
	if (strcmp(e->native_id, "release/72286832") == 0) {
		facts_seen++;
		check_str(file, "actor", "octokit-fixture-user-a", e->actor);
		check_str(file, "version", "v1.0.0", e->version);
		check_str(file, "repo", "octokit-fixture-org/tmp-scenario-"
		    "release-assets-20220719044014639-1reww", e->repo);
		check_str(file, "ts", "2022-07-19T04:40:21Z",
		    ts_format(e->ts_us, when));
	} else if (strcmp(e->native_id, "asset/71989167/deleted") == 0) {
		facts_seen++;
		check_str(file, "action", "publish.delete", e->action);
		check_str(file, "ts", "2022-07-19T04:40:29Z",
		    ts_format(e->ts_us, when));
	} else if (strcmp(e->native_id, "release/17372790") == 0) {
		facts_seen++;
		check_str(file, "repo", "Codertocat/Hello-World", e->repo);
		check_str(file, "ref", "refs/tags/0.0.1", e->ref);
		check_str(file, "ts", "2019-05-15T15:20:53Z",
		    ts_format(e->ts_us, when));
	}
}

static void
test_corpus(void **state)
{
	const char *root = corpus_root_or_skip();
	static const char *const mine[] = {
		"github_actions/releases/",
		"github_actions/webhook_payloads/release.", NULL
	};

	(void)state;
	facts_seen = 0;
	replay_files(P, NULL, corpus_files, NELEM(corpus_files),
	    "publish.delete", 1, corpus_fact);
	/* release/72286832 twice: created, then fetched by its tag */
	if (facts_seen != 4)
		bad("corpus facts seen %d times, want 4", facts_seen);
	if (probe_walk(P, root, "", mine) != (int)NELEM(corpus_files))
		bad("the probe does not claim every release corpus file");
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_probe),
    cmocka_unit_test(test_paginate), cmocka_unit_test(test_corpus))
