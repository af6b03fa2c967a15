/* SPDX-License-Identifier: MIT */
/*
 * test_parse_harbor.c - unit tests of the Harbor parser
 * (ingest/parse_harbor.c): a table of webhook deliveries (Default and
 * CloudEvents payloads: pushes, cosign signature pushes, deletes, pulls,
 * scans, several resources) and audit-log entries, and malformed input,
 * with the events each must give, each row also run with --all-events
 * flipped and with a failing store; probes; and a replay of the real
 * delivery in ../shared/corpus/docker_registry/harbor.
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

static const struct parser *const P = &parser_harbor;
static const struct suite S = { .p = &parser_harbor,
    .flags = S_STRICT | S_FLIP, .strict = STRICT_PUBLISH };

/* ------------------------------------------------------------------ */
/* Records                                                             */

#define DG	"sha256:" \
	"fd49e9a1a36d28c54520d89bb23f07365802c5c75108c7eaca4400ed60bb19a5"
#define HEX \
	"85032fa900cd979127f344c594f714b59e147c6ecbab83bd1ed0ad3ca2e64441"
#define REPO	"'repository':{'date_created':1707912357,'name':'myapp'," \
	"'namespace':'mynamespace','repo_full_name':'mynamespace/myapp'," \
	"'repo_type':'private'}"
#define RES(tag) "{'digest':'" DG "','resource_url':" \
	"'harbor.mydomain.lan/mynamespace/myapp:" tag "','tag':'" tag "'}"
#define DELIVERY(type, op, resources, repo) \
	"{'event_data':{" repo "'resources':[" resources "]}," \
	"'occur_at':1713095086,'operator':'" op "','type':'" type "'}"
#define CE(id, type, resources) \
	"{'specversion':'1.0','requestid':'r1','id':'" id "','source':" \
	"'/projects/1/webhook/policies/6','type':'" type "'," \
	"'datacontenttype':'application/json','time':" \
	"'2026-11-06T22:05:40Z','data':{'resources':[" resources "]," REPO \
	"},'operator':'robot$acme+ci'}"
#define AUDIT(id, rt, op, res) \
	"{'id':" id ",'resource':'" res "','resource_type':'" rt "'," \
	"'operation':'" op "','username':'admin','op_time':" \
	"'2026-11-13T10:20:44.123Z'}"

static const struct row rows[] = {
	{ .name = "Default push",
	    .text = DELIVERY("PUSH_ARTIFACT", "build-myapp",
	    RES("master-491-6bac849"), REPO ","),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "harbor:PUSH_ARTIFACT", .w.actor = "build-myapp",
	    .w.artifact = "mynamespace/myapp",
	    .w.version = "master-491-6bac849",
	    .w.digest = DG, .w.ts = "2024-04-14T11:44:46Z",
	    .w.ts_flags = TS_COARSE,
	    .w.native_id = "PUSH_ARTIFACT/1713095086/mynamespace/myapp/" DG
	    "/master-491-6bac849",
	    .w.attrs = { { "resource_url",
		"harbor.mydomain.lan/mynamespace/myapp:master-491-6bac849" },
		{ "namespace", "mynamespace" }, { "repo_type", "private" },
		{ "event_type", "PUSH_ARTIFACT" }, { "cosign", ABSENT } } },
	{ .name = "Default push of two tags",
	    .text = DELIVERY("PUSH_ARTIFACT", "build-myapp", RES("v1") ","
	    RES("latest"), REPO ","),
	    .rc = PARSE_OK, .nev = 2, .idx = 1, .w.action = "publish",
	    .w.operation = "harbor:PUSH_ARTIFACT", .w.actor = "build-myapp",
	    .w.artifact = "mynamespace/myapp", .w.version = "latest",
	    .w.digest = DG, .w.ts = "2024-04-14T11:44:46Z",
	    .w.ts_flags = TS_COARSE,
	    .w.native_id = "PUSH_ARTIFACT/1713095086/mynamespace/myapp/" DG
	    "/latest" },
	{ .name = "Default push of a cosign signature, no repository",
	    .text = DELIVERY("PUSH_ARTIFACT", "robot$acme+ci",
	    RES("sha256-" HEX ".sig"), ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.signature",
	    .w.operation = "harbor:PUSH_ARTIFACT", .w.actor = "robot$acme+ci",
	    .w.artifact = "mynamespace/myapp",
	    .w.version = "sha256-" HEX ".sig",
	    .w.digest = DG, .w.ts = "2024-04-14T11:44:46Z",
	    .w.ts_flags = TS_COARSE,
	    .w.native_id = "PUSH_ARTIFACT/1713095086/mynamespace/myapp/" DG
	    "/sha256-" HEX ".sig",
	    .w.attrs = { { "cosign", "signature" },
		{ "subject_digest", "sha256:" HEX } } },
	{ .name = "Default delete",
	    .text = DELIVERY("DELETE_ARTIFACT", "admin", "{'digest':'" DG
	    "','resource_url':'harbor.mydomain.lan/mynamespace/myapp@" DG "'}",
	    REPO ","),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.delete",
	    .w.operation = "harbor:DELETE_ARTIFACT", .w.actor = "admin",
	    .w.artifact = "mynamespace/myapp", .w.digest = DG,
	    .w.ts = "2024-04-14T11:44:46Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "DELETE_ARTIFACT/1713095086/mynamespace/"
	    "myapp/" DG },
	{ .name = "Default pull is out of scope",
	    .text = DELIVERY("PULL_ARTIFACT", "x", RES("v1"), REPO ","),
	    .rc = PARSE_SKIP },
	{ .name = "Default scan result is out of scope",
	    .text = "{'type':'SCANNING_COMPLETED','occur_at':1713095086,"
	    "'operator':'auto','event_data':{'resources':[{'digest':'" DG "',"
	    "'scan_overview':{}}]}}", .rc = PARSE_SKIP },
	{ .name = "Default pull with --all-events", .all = 1,
	    .text = DELIVERY("PULL_ARTIFACT", "deployer", RES("v1"), REPO ","),
	    .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "harbor:PULL_ARTIFACT", .w.actor = "deployer",
	    .w.artifact = "mynamespace/myapp", .w.version = "v1",
	    .w.digest = DG,
	    .w.ts = "2024-04-14T11:44:46Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "PULL_ARTIFACT/1713095086/mynamespace/myapp/" DG
	    "/v1" },
	{ .name = "CloudEvents push",
	    .text = CE("ce-1", "harbor.artifact.pushed", RES("v2.4.1")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "harbor:harbor.artifact.pushed",
	    .w.actor = "robot$acme+ci", .w.artifact = "mynamespace/myapp",
	    .w.version = "v2.4.1", .w.digest = DG,
	    .w.ts = "2026-11-06T22:05:40Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "ce-1" },
	{ .name = "CloudEvents delete of two resources",
	    .text = CE("ce-2", "harbor.artifact.deleted", RES("a") ","
	    RES("b")),
	    .rc = PARSE_OK, .nev = 2, .idx = 1, .w.action = "publish.delete",
	    .w.operation = "harbor:harbor.artifact.deleted",
	    .w.actor = "robot$acme+ci", .w.artifact = "mynamespace/myapp",
	    .w.version = "b", .w.digest = DG, .w.ts = "2026-11-06T22:05:40Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "ce-2/1" },
	{ .name = "CloudEvents pull is out of scope",
	    .text = CE("ce-3", "harbor.artifact.pulled", RES("a")),
	    .rc = PARSE_SKIP },
	{ .name = "audit: artifact created",
	    .text = AUDIT("12", "artifact", "create", "library/hello:v1"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "harbor:audit.artifact.create", .w.actor = "admin",
	    .w.artifact = "library/hello", .w.version = "v1",
	    .w.ts = "2026-11-13T10:20:44.123000Z", .w.native_id = "audit/12",
	    .w.attrs = { { "resource", "library/hello:v1" } } },
	{ .name = "audit: artifact deleted by digest",
	    .text = AUDIT("13", "artifact", "delete", "library/hello@" DG),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.delete",
	    .w.operation = "harbor:audit.artifact.delete", .w.actor = "admin",
	    .w.artifact = "library/hello", .w.digest = DG,
	    .w.ts = "2026-11-13T10:20:44.123000Z", .w.native_id = "audit/13" },
	{ .name = "audit: a signature created",
	    .text = AUDIT("14", "artifact", "create",
	    "library/hello:sha256-" HEX ".sig"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.signature",
	    .w.operation = "harbor:audit.artifact.create", .w.actor = "admin",
	    .w.artifact = "library/hello", .w.version = "sha256-" HEX ".sig",
	    .w.ts = "2026-11-13T10:20:44.123000Z", .w.native_id = "audit/14",
	    .w.attrs = { { "subject_digest", "sha256:" HEX } } },
	{ .name = "audit: a registry with a port and no tag",
	    .text = AUDIT("15", "artifact", "create", "reg:5000/lib/x"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "harbor:audit.artifact.create", .w.actor = "admin",
	    .w.artifact = "reg:5000/lib/x",
	    .w.ts = "2026-11-13T10:20:44.123000Z", .w.native_id = "audit/15" },
	{ .name = "audit: a project is out of scope",
	    .text = AUDIT("16", "project", "create", "acme"),
	    .rc = PARSE_SKIP },
	{ .name = "resource without digest: the others kept",
	    .text = DELIVERY("PUSH_ARTIFACT", "x", "{'tag':'v'}," RES("v1"),
	    REPO ","), .rc = PARSE_ERR, .errmsg = "resources[0] has no digest",
	    .nev = 1 },
	{ .name = "resource not an object",
	    .text = DELIVERY("PUSH_ARTIFACT", "x", "1", REPO ","),
	    .rc = PARSE_ERR, .errmsg = "resources[0] is not an object" },
	{ .name = "no resources", .text = DELIVERY("PUSH_ARTIFACT", "x", "",
	    REPO ","), .rc = PARSE_NONEVENT },
	{ .name = "resources not an array",
	    .text = "{'type':'PUSH_ARTIFACT','occur_at':1,'event_data':"
	    "{'resources':{}}}",
	    .rc = PARSE_ERR,
	    .errmsg = "PUSH_ARTIFACT has no resources array" },
	{ .name = "event_data not an object",
	    .text = "{'type':'PUSH_ARTIFACT','occur_at':1,'event_data':7}",
	    .rc = PARSE_ERR, .errmsg = "event_data is not an object" },
	{ .name = "occur_at a string",
	    .text = "{'type':'PUSH_ARTIFACT','occur_at':'1','event_data':{}}",
	    .rc = PARSE_ERR, .errmsg = "occur_at is not a usable epoch" },
	{ .name = "occur_at out of range",
	    .text = "{'type':'PUSH_ARTIFACT','occur_at':9223372036854775807,"
	    "'event_data':{}}",
	    .rc = PARSE_ERR, .errmsg = "occur_at is not a usable epoch" },
	{ .name = "no type", .text = "{'occur_at':1,'event_data':{}}",
	    .rc = PARSE_ERR, .errmsg = "delivery has no type" },
	{ .name = "CloudEvent without time",
	    .text = "{'specversion':'1.0','type':'harbor.artifact.pushed',"
	    "'data':{}}", .rc = PARSE_ERR,
	    .errmsg = "CloudEvent has no time" },
	{ .name = "CloudEvent with a bad time",
	    .text = "{'specversion':'1.0','type':'harbor.artifact.pushed',"
	    "'time':'now','data':{}}", .rc = PARSE_ERR,
	    .errmsg = "bad time 'now'" },
	{ .name = "CloudEvent without data",
	    .text = "{'specversion':'1.0','type':'harbor.artifact.pushed',"
	    "'time':'2026-01-01T00:00:00Z'}", .rc = PARSE_ERR,
	    .errmsg = "CloudEvent has no data object" },
	{ .name = "CloudEvent without type",
	    .text = "{'specversion':'1.0'}", .rc = PARSE_ERR,
	    .errmsg = "CloudEvent has no type" },
	{ .name = "audit without op_time",
	    .text = "{'id':1,'resource_type':'artifact','operation':'create'}",
	    .rc = PARSE_ERR, .errmsg = "audit entry has no op_time" },
	{ .name = "audit with a bad op_time",
	    .text = "{'id':1,'resource_type':'artifact','operation':'create',"
	    "'op_time':'x'}", .rc = PARSE_ERR, .errmsg = "bad op_time 'x'" },
	{ .name = "audit without operation",
	    .text = "{'id':1,'resource_type':'artifact','op_time':'x'}",
	    .rc = PARSE_ERR, .errmsg = "no resource_type or operation" },
	{ .name = "something else", .text = "{'name':'x'}",
	    .rc = PARSE_ERR, .errmsg = "not a Harbor webhook delivery" },
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
	{ "Default delivery", &parser_harbor, DELIVERY("PUSH_ARTIFACT", "x",
	    RES("v1"), REPO ","), "harbor.json", 95, 95, 1 },
	{ "CloudEvents delivery", &parser_harbor, CE("1",
	    "harbor.artifact.pushed", RES("v1")), "ce.json", 95, 95, 1 },
	{ "audit log", &parser_harbor, "[" AUDIT("1", "artifact", "create",
	    "a/b:c") "]", "audit-logs.json", 85, 85, 1 },
	{ "a CloudEvent of another product", &parser_harbor,
	    "{'specversion':'1.0','type':'com.github.push','time':'x'}",
	    "ce.json", 0, 0, 0 },
	{ "registry envelope", &parser_harbor, "{'events':[{'action':'push',"
	    "'target':{'repository':'r'}}]}", "e.json", 0, 0, 0 },
	{ "empty", &parser_harbor, "", "x.json", 0, 0, 0 },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("harbor"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_null(P->container_keys);
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */

static int facts_seen;

static void
corpus_fact(const char *file, const struct evcopy *e)
{
	char when[TS_BUFSZ];

	facts_seen++;
	check_str(file, "action", "publish", e->action);
	check_str(file, "actor", "build-myapp", e->actor);
	check_str(file, "artifact", "mynamespace/myapp", e->artifact);
	check_str(file, "version", "master-491-6bac849", e->version);
	check_str(file, "digest", DG, e->digest);
	check_str(file, "ts", "2024-04-14T11:44:46Z",
	    ts_format(e->ts_us, when));
}

static void
test_corpus(void **state)
{
	const char *root = corpus_root_or_skip();
	static const char *const mine[] = { "docker_registry/harbor/", NULL };
	struct replay rp;
	char *path;

	(void)state;
	facts_seen = 0;
	memset(&rp, 0, sizeof(rp));
	rp.p = P;
	rp.untimed_action = "publish.delete";
	rp.file = "docker_registry/harbor/kobold-harbor-push-artifact.json";
	rp.fact = corpus_fact;
	path = corpus_path(root, rp.file);
	replay_file(&rp, path);
	free(path);
	if (rp.records != 1 || rp.ok != 1 || rp.events != 1 || rp.no_id)
		bad("%s: %d records, %d ok, %d events", rp.file, rp.records,
		    rp.ok, rp.events);
	if (facts_seen != 1)
		bad("corpus facts seen %d times, want 1", facts_seen);
	if (probe_walk(P, root, "", mine) != 1)
		bad("the probe does not claim the Harbor corpus file");
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_probe),
    cmocka_unit_test(test_corpus))
