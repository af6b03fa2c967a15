/* SPDX-License-Identifier: MIT */
/*
 * test_parse_artifactory.c - unit tests of the Artifactory log parser
 * (ingest/parse_artifactory.c): a table of request-log (7.x and 6.x)
 * and access-log lines (Maven, npm, Docker and generic deploys,
 * signature uploads, checksum side files, refused and denied requests,
 * deletes, reads, malformed lines) with the event each must give, each
 * row also run with --all-events flipped and with a failing store;
 * probes, and a walk over the whole shared corpus, of which no file is
 * an Artifactory log (a text probe sees every file).
 *
 * Lines use ' for " (none needs one).  Inputs are exact-size heap copies
 * so that ASan catches a read past the end.
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

static const struct parser *const P = &parser_artifactory;
static const struct suite S = { .p = &parser_artifactory,
    .flags = S_STRICT | S_FLIP, .strict = STRICT_PUBLISH };

/* ------------------------------------------------------------------ */
/* Lines                                                               */

#define JAR	"/libs-release-local/com/acme/widget/2.4.0/widget-2.4.0.jar"
#define REQ7(method, url, status, ua) \
	"2026-01-10T12:04:58.120Z|7c1d2e3f4a5b6c7d|203.0.113.40|" \
	"ci-deployer|" method "|" url "|" status "|7340032|0|812|" ua
#define NID \
	"7c1d2e3f4a5b6c7d:deploy:libs-release-local/com/acme/widget/" \
	"2.4.0/widget-2.4.0.jar"
#define HEX \
	"85032fa900cd979127f344c594f714b59e147c6ecbab83bd1ed0ad3ca2e64441"

static const struct row rows[] = {
	{ .name = "7.x request log: Maven deploy",
	    .text = REQ7("PUT", JAR, "201", "Apache-Maven/3.9.6"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "artifactory:PUT", .w.actor = "ci-deployer",
	    .w.artifact = "widget-2.4.0.jar", .w.version = "2.4.0",
	    .w.src_ip = "203.0.113.40", .w.user_agent = "Apache-Maven/3.9.6",
	    .w.ts = "2026-01-10T12:04:58.120000Z", .w.native_id = NID,
	    .w.attrs = { { "repo_key", "libs-release-local" },
		{ "path", "com/acme/widget/2.4.0/widget-2.4.0.jar" },
		{ "status", "201" }, { "log", "request" },
		{ "request_length", "7340032" }, { "duration_ms", "812" } } },
	{ .name = "7.x request log: a detached signature",
	    .text = REQ7("PUT", JAR ".asc", "201", "Apache-Maven/3.9.6"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.signature",
	    .w.operation = "artifactory:PUT", .w.actor = "ci-deployer",
	    .w.artifact = "widget-2.4.0.jar.asc", .w.version = "2.4.0",
	    .w.src_ip = "203.0.113.40",
	    .w.user_agent = "Apache-Maven/3.9.6",
	    .w.ts = "2026-01-10T12:04:58.120000Z", .w.native_id = NID ".asc" },
	{ .name = "7.x request log: checksum side file",
	    .text = REQ7("PUT", JAR ".sha1", "201", "Apache-Maven/3.9.6"),
	    .rc = PARSE_SKIP },
	{ .name = "7.x request log: maven-metadata.xml",
	    .text = REQ7("PUT", "/libs-release-local/com/acme/widget/"
	    "maven-metadata.xml", "201", "Apache-Maven/3.9.6"),
	    .rc = PARSE_SKIP },
	{ .name = "7.x request log: a download",
	    .text = REQ7("GET", JAR, "200", "curl/8.5.0"), .rc = PARSE_SKIP },
	{ .name = "7.x request log: a download with --all-events", .all = 1,
	    .text = REQ7("GET", JAR, "200", "curl/8.5.0"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "artifactory:GET", .w.actor = "ci-deployer",
	    .w.artifact = "widget-2.4.0.jar", .w.src_ip = "203.0.113.40",
	    .w.user_agent = "curl/8.5.0",
	    .w.ts = "2026-01-10T12:04:58.120000Z",
	    .w.attrs = { { "status", "200" } } },
	{ .name = "7.x request log: a refused deploy",
	    .text = REQ7("PUT", JAR, "403", "Apache-Maven/3.9.6"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "artifactory:PUT", .w.failed = 1,
	    .w.error_code = "403",
	    .w.actor = "ci-deployer", .w.artifact = "widget-2.4.0.jar",
	    .w.version = "2.4.0", .w.src_ip = "203.0.113.40",
	    .w.user_agent = "Apache-Maven/3.9.6",
	    .w.ts = "2026-01-10T12:04:58.120000Z", .w.native_id = NID },
	{ .name = "7.x request log: a delete",
	    .text = REQ7("DELETE", JAR, "204", "JFrog CLI/2.52.0"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.delete",
	    .w.operation = "artifactory:DELETE", .w.actor = "ci-deployer",
	    .w.artifact = "widget-2.4.0.jar", .w.version = "2.4.0",
	    .w.src_ip = "203.0.113.40", .w.user_agent = "JFrog CLI/2.52.0",
	    .w.ts = "2026-01-10T12:04:58.120000Z",
	    .w.native_id = "7c1d2e3f4a5b6c7d:delete:libs-release-local/com/"
	    "acme/"
	    "widget/2.4.0/widget-2.4.0.jar" },
	{ .name = "7.x request log: Docker manifest push",
	    .text = REQ7("PUT", "/api/docker/docker-local/v2/acme/widget/"
	    "manifests/v2.4.1", "201", "buildkit/v0.17.2"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "artifactory:PUT", .w.actor = "ci-deployer",
	    .w.artifact = "acme/widget", .w.version = "v2.4.1",
	    .w.src_ip = "203.0.113.40", .w.user_agent = "buildkit/v0.17.2",
	    .w.ts = "2026-01-10T12:04:58.120000Z",
	    .w.native_id = "7c1d2e3f4a5b6c7d:deploy:api/docker/docker-local/"
	    "v2/"
	    "acme/widget/manifests/v2.4.1" },
	{ .name = "7.x request log: cosign signature push",
	    .text = REQ7("PUT", "/v2/acme/widget/manifests/sha256-" HEX
	    ".sig", "201", "cosign/v2.4.1"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.signature",
	    .w.operation = "artifactory:PUT", .w.actor = "ci-deployer",
	    .w.artifact = "acme/widget", .w.version = "sha256-" HEX ".sig",
	    .w.src_ip = "203.0.113.40", .w.user_agent = "cosign/v2.4.1",
	    .w.ts = "2026-01-10T12:04:58.120000Z",
	    .w.native_id = "7c1d2e3f4a5b6c7d:deploy:v2/acme/widget/manifests/"
	    "sha256-" HEX ".sig",
	    .w.attrs = { { "subject_digest", "sha256:" HEX } } },
	{ .name = "7.x request log: Docker blob upload",
	    .text = REQ7("PUT", "/v2/acme/widget/blobs/uploads/1234?digest="
	    "sha256:" HEX, "201", "buildkit/v0.17.2"), .rc = PARSE_SKIP },
	{ .name = "7.x request log: npm publish",
	    .text = REQ7("PUT", "/artifactory/api/npm/npm-local/"
	    "@acme%2fwidget-cli", "200", "npm/10.9.0 node/v22.11.0"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "artifactory:PUT", .w.actor = "ci-deployer",
	    .w.artifact = "@acme/widget-cli", .w.src_ip = "203.0.113.40",
	    .w.user_agent = "npm/10.9.0 node/v22.11.0",
	    .w.ts = "2026-01-10T12:04:58.120000Z",
	    .w.native_id = "7c1d2e3f4a5b6c7d:deploy:api/npm/npm-local/"
	    "@acme/widget-cli" },
	{ .name = "7.x request log: npm tarball, query, '|' in the agent",
	    .text = REQ7("PUT", "/npm-local/@acme/widget-cli/-/"
	    "widget-cli-2.4.1.tgz?x=1", "201", "a|b"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "artifactory:PUT", .w.actor = "ci-deployer",
	    .w.artifact = "widget-cli-2.4.1.tgz", .w.version = "2.4.1",
	    .w.src_ip = "203.0.113.40", .w.user_agent = "a|b",
	    .w.ts = "2026-01-10T12:04:58.120000Z",
	    .w.native_id = "7c1d2e3f4a5b6c7d:deploy:npm-local/@acme/"
	    "widget-cli/"
	    "-/widget-cli-2.4.1.tgz" },
	{ .name = "7.x request log: a REST call is out of scope",
	    .text = REQ7("PUT", "/api/security/token", "200", "x"),
	    .rc = PARSE_SKIP },
	{ .name = "6.x request log",
	    .text = "20140508154145|39|REQUEST|127.0.0.1|admin|PUT|"
	    "/libs-release-local/org/x/b/1.0/b-1.0.jar|HTTP/1.1|201|7340032",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "artifactory:PUT", .w.actor = "admin",
	    .w.artifact = "b-1.0.jar", .w.version = "1.0",
	    .w.src_ip = "127.0.0.1",
	    .w.ts = "2014-05-08T15:41:45Z",
	    .w.ts_flags = TS_COARSE | TS_ASSUMED_UTC,
	    .w.attrs = { { "duration_ms", "39" }, { "status", "201" } } },
	{ .name = "7.x access log: a deploy (same id as its request)",
	    .text = "2026-01-10 12:04:58,120 [7c1d2e3f4a5b6c7d] [ACCEPTED "
	    "DEPLOY] libs-release-local:com/acme/widget/2.4.0/"
	    "widget-2.4.0.jar for client : ci-deployer / 203.0.113.40.",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "artifactory:DEPLOY", .w.actor = "ci-deployer",
	    .w.artifact = "widget-2.4.0.jar", .w.version = "2.4.0",
	    .w.src_ip = "203.0.113.40", .w.ts = "2026-01-10T12:04:58.120000Z",
	    .w.ts_flags = TS_ASSUMED_UTC, .w.native_id = NID,
	    .w.attrs = { { "log", "access" }, { "trace_id",
		"7c1d2e3f4a5b6c7d" } } },
	{ .name = "7.x access log: a denied deploy",
	    .text = "2026-11-06 22:07:03,004 [aa11bb22cc33dd44] [DENIED "
	    "DEPLOY] libs-release-local:com/acme/widget/2.4.1/"
	    "widget-2.4.1.jar for client : ci-legacy / 185.220.101.47.",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "artifactory:DEPLOY", .w.failed = 1,
	    .w.error_code = "DENIED", .w.actor = "ci-legacy",
	    .w.artifact = "widget-2.4.1.jar", .w.version = "2.4.1",
	    .w.src_ip = "185.220.101.47",
	    .w.ts = "2026-11-06T22:07:03.004000Z",
	    .w.ts_flags = TS_ASSUMED_UTC,
	    .w.native_id = "aa11bb22cc33dd44:deploy:libs-release-local/com/"
	    "acme/"
	    "widget/2.4.1/widget-2.4.1.jar" },
	{ .name = "6.x access log: a delete",
	    .text = "2014-05-08 15:41:45,213 [ACCEPTED DELETE] "
	    "libs-release-local:a/b.jar for admin/127.0.0.1.",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.delete",
	    .w.operation = "artifactory:DELETE", .w.actor = "admin",
	    .w.artifact = "b.jar", .w.src_ip = "127.0.0.1",
	    .w.ts = "2014-05-08T15:41:45.213000Z",
	    .w.ts_flags = TS_ASSUMED_UTC },
	{ .name = "access log: a download is out of scope",
	    .text = "2014-05-08 15:41:45,213 [ACCEPTED DOWNLOAD] "
	    "libs-release-local:a/b.jar for admin/127.0.0.1.",
	    .rc = PARSE_SKIP },
	{ .name = "access log: a login with --all-events", .all = 1,
	    .text = "2026-01-10 12:04:58,120 [ACCEPTED LOGIN] for client : "
	    "admin / 10.0.0.1.", .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "artifactory:LOGIN", .w.actor = "admin",
	    .w.src_ip = "10.0.0.1", .w.ts = "2026-01-10T12:04:58.120000Z",
	    .w.ts_flags = TS_ASSUMED_UTC },
	{ .name = "access log: no ']' after the action",
	    .text = "2026-01-10 12:04:58,120 [ACCEPTED DEPLOY repo:a/b.jar",
	    .rc = PARSE_ERR, .errmsg = "without ']' after the action" },
	{ .name = "access log: a bad time",
	    .text = "2026-01-10 25:04:58,120 [ACCEPTED DEPLOY] r:a for u/ip.",
	    .rc = PARSE_ERR,
	    .errmsg = "bad timestamp '2026-01-10 25:04:58,120'" },
	{ .name = "request log: a bad time",
	    .text = "2026-01-10T12:04:58.120Q|t|ip|u|PUT|/r/a|201|0|0|1|ua",
	    .rc = PARSE_ERR,
	    .errmsg = "bad timestamp '2026-01-10T12:04:58.120Q'" },
	{ .name = "request log: a bad status",
	    .text = REQ7("PUT", JAR, "2o1", "x"),
	    .rc = PARSE_ERR, .errmsg = "bad return status '2o1'" },
	{ .name = "6.x request log: a bad time",
	    .text = "20141308154145|39|REQUEST|ip|u|PUT|/r/a|HTTP/1.1|201|0",
	    .rc = PARSE_ERR, .errmsg = "bad timestamp '20141308154145'" },
	{ .name = "a line of something else",
	    .text = "Jan 10 12:04:58 host sshd[1]: Accepted publickey",
	    .rc = PARSE_ERR, .errmsg = "neither a request-log nor an "
	    "access-log entry" },
	{ .name = "a short line", .text = "x",
	    .rc = PARSE_ERR, .errmsg = "neither" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

static const struct probe_row probe_rows[] = {
	{ "7.x request log by name", &parser_artifactory,
	    REQ7("PUT", JAR, "201", "x") "\n",
	    "var/log/artifactory-request.log", 95, 95, 1 },
	{ "7.x request log", &parser_artifactory,
	    REQ7("GET", JAR, "200", "x") "\n", "r.txt", 85, 85, 1 },
	{ "6.x request log", &parser_artifactory,
	    "20140508154145|39|REQUEST|127.0.0.1|admin|GET|/a|HTTP/1.1|200|0\n",
	    "logs/request.log", 95, 95, 1 },
	{ "access log", &parser_artifactory, "2026-01-10 12:04:58,120 "
	    "[7c1d] [ACCEPTED DOWNLOAD] r:a for client : u / 1.2.3.4.\n",
	    "artifactory-access.log.1", 95, 95, 1 },
	{ "6.x access log", &parser_artifactory, "2014-05-08 15:41:45,213 "
	    "[DENIED LOGIN] for admin/127.0.0.1.\n", "x.txt", 85, 85, 1 },
	{ "nginx access log", &parser_artifactory, "203.0.113.40 - - "
	    "[10/Jan/2026:12:04:58 +0000] \"PUT /a HTTP/1.1\" 201 0\n",
	    "access.log", 0, 0, 0 },
	{ "JSON", &parser_artifactory, "{'domain':'artifact','event_type':"
	    "'deployed','data':{}}", "webhook.json", 0, 0, 0 },
	{ "empty", &parser_artifactory, "", "x.log", 0, 0, 0 },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("artifactory"), P);
	assert_int_equal(P->kind, INPUT_TEXT);
	assert_null(P->split);
}

/* No file of the corpus is an Artifactory log: none may be claimed. */
static void
test_corpus(void **state)
{
	const char *root = corpus_root_or_skip();
	static const char *const none[] = { NULL };

	(void)state;
	probe_walk(P, root, "", none);
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_probe),
    cmocka_unit_test(test_corpus))
