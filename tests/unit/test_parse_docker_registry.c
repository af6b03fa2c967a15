/* SPDX-License-Identifier: MIT */
/*
 * test_parse_docker_registry.c - unit tests of the registry notification
 * parsers (ingest/parse_docker_registry.c): tables of notification
 * events and envelopes (manifest and blob pushes, cosign signatures,
 * attestations and SBOMs by tag and by artifact type, deletes, pulls,
 * mounts, malformed input) for the JSON descriptor, and of raw HTTP
 * captures (LF and CRLF, with and without Content-Length, several
 * requests in one file, truncated and chunked bodies) for the .http
 * descriptor, each row also run with --all-events flipped and with a
 * failing store; probes; and a replay of the real captures in
 * ../shared/corpus/docker_registry.
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

static const struct parser *const P = &parser_docker_registry;
static const struct suite S = { .p = &parser_docker_registry,
    .flags = S_STRICT | S_FLIP, .strict = STRICT_PUBLISH };
static const struct parser *const PH = &parser_docker_registry_http;
static const struct suite SH = { .p = &parser_docker_registry_http,
    .flags = S_STRICT | S_FLIP, .strict = STRICT_PUBLISH };

/* ------------------------------------------------------------------ */
/* Events                                                              */

#define IMG \
	"85032fa900cd979127f344c594f714b59e147c6ecbab83bd1ed0ad3ca2e64441"
#define SIGD \
	"a6d84dc3f6adc50913b10671761aff7b0313e65b36e1413f689d4ed71d64e03d"
#define BLOBD	"sha256:" \
	"b860ab44e93e82d88d7da36162171c6e27a3060769c8fde7a3f719994bc95a47"
#define EID	"c405c239-0e47-436e-8677-ad138e14e224"
#define REQ(addr) \
	"'request':{'id':'94800262-a5dd-4b4b-a6a5-cd2bf9ee28ad','addr':'" \
	addr "','host':'ghcr.io','method':'PUT','useragent':" \
	"'buildkit/v0.17.2'}"
#define SRC	"'source':{'addr':'1d00f94acd2d:5000','instanceID':" \
	"'85893ec2-9bf6-4b9b-a067-01ca68f77e36'}"
#define EVENT(id, action, target, actor) \
	"{'id':'" id "','timestamp':'2019-06-05T13:37:28.612683317Z'," \
	"'action':'" action "','target':{" target "}," \
	REQ("172.18.0.1:49682") ",'actor':{" actor "}," SRC "}"
#define MANIFEST(digest, tag) \
	"'mediaType':'application/vnd.oci.image.manifest.v1+json'," \
	"'size':1796,'digest':'" digest "','length':1796,'repository':" \
	"'acme/widget','url':'https://ghcr.io/v2/acme/widget/manifests/" \
	digest "'" tag
#define BLOB \
	"'mediaType':'application/octet-stream','size':5465,'digest':" \
	"'" BLOBD "'," \
	"'repository':'acme/widget','url':'https://ghcr.io/v2/acme/widget/" \
	"blobs/" BLOBD "'"

#define PUSH \
	EVENT(EID, "push", MANIFEST("sha256:" IMG, ",'tag':'v2.4.1'"), \
	"'name':'github-actions[bot]'")
#define SIGPUSH	EVENT("e2", "push", MANIFEST("sha256:" SIGD, \
	",'tag':'sha256-" IMG ".sig'"), "'name':'acme-jenkins-bot'")

static const struct row rows[] = {
	{ .name = "manifest push with a tag",
	    .text = PUSH,
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "registry:push", .w.actor = "github-actions[bot]",
	    .w.artifact = "acme/widget", .w.version = "v2.4.1",
	    .w.digest = "sha256:" IMG, .w.src_ip = "172.18.0.1",
	    .w.user_agent = "buildkit/v0.17.2",
	    .w.ts = "2019-06-05T13:37:28.612683Z", .w.native_id = EID,
	    .w.attrs = { { "media_type",
		"application/vnd.oci.image.manifest.v1+json" },
		{ "size", "1796" }, { "registry_host", "ghcr.io" },
		{ "request_id", "94800262-a5dd-4b4b-a6a5-cd2bf9ee28ad" },
		{ "source_instance", "85893ec2-9bf6-4b9b-a067-01ca68f77e36" },
		{ "cosign", ABSENT } } },
	{ .name = "cosign signature push (tag)",
	    .text = SIGPUSH,
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.signature",
	    .w.operation = "registry:push", .w.actor = "acme-jenkins-bot",
	    .w.artifact = "acme/widget", .w.version = "sha256-" IMG ".sig",
	    .w.digest = "sha256:" SIGD, .w.src_ip = "172.18.0.1",
	    .w.user_agent = "buildkit/v0.17.2",
	    .w.ts = "2019-06-05T13:37:28.612683Z", .w.native_id = "e2",
	    .w.attrs = { { "cosign", "signature" },
		{ "subject_digest", "sha256:" IMG } } },
	{ .name = "cosign attestation push (tag, uppercase hex)",
	    .text = EVENT("e3", "push", MANIFEST("sha256:" SIGD,
	    ",'tag':'sha256-85032FA900CD979127F344C594F714B59E147C6ECBAB83BD1"
	    "ED0AD3CA2E64441.att'"), ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.signature",
	    .w.operation = "registry:push", .w.artifact = "acme/widget",
	    .w.version = "sha256-85032FA900CD979127F344C594F714B59E147C6ECBAB8"
	    "3BD1ED0AD3CA2E64441.att", .w.digest = "sha256:" SIGD,
	    .w.src_ip = "172.18.0.1", .w.user_agent = "buildkit/v0.17.2",
	    .w.ts = "2019-06-05T13:37:28.612683Z", .w.native_id = "e3",
	    .w.attrs = { { "cosign", "attestation" },
		{ "subject_digest", "sha256:" IMG } } },
	{ .name = "cosign SBOM push is a plain publish",
	    .text = EVENT("e4", "push", MANIFEST("sha256:" SIGD,
	    ",'tag':'sha256-" IMG ".sbom'"), ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "registry:push", .w.artifact = "acme/widget",
	    .w.version = "sha256-" IMG ".sbom", .w.digest = "sha256:" SIGD,
	    .w.src_ip = "172.18.0.1", .w.user_agent = "buildkit/v0.17.2",
	    .w.ts = "2019-06-05T13:37:28.612683Z", .w.native_id = "e4",
	    .w.attrs = { { "cosign", "sbom" },
		{ "subject_digest", "sha256:" IMG } } },
	{ .name = "OCI 1.1 signature by artifactType, pushed by digest",
	    .text = EVENT("e5", "push", MANIFEST("sha256:" SIGD,
	    ",'artifactType':'application/vnd.dev.sigstore.bundle.v0.3+json'"),
	    ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.signature",
	    .w.operation = "registry:push", .w.artifact = "acme/widget",
	    .w.digest = "sha256:" SIGD, .w.src_ip = "172.18.0.1",
	    .w.user_agent = "buildkit/v0.17.2",
	    .w.ts = "2019-06-05T13:37:28.612683Z", .w.native_id = "e5",
	    .w.attrs = { { "artifact_type",
		"application/vnd.dev.sigstore.bundle.v0.3+json" },
		{ "subject_digest", ABSENT } } },
	{ .name = "an SPDX SBOM artifact is not a signature",
	    .text = EVENT("e6", "push", MANIFEST("sha256:" SIGD,
	    ",'artifactType':'application/spdx+json'"), ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "registry:push", .w.artifact = "acme/widget",
	    .w.digest = "sha256:" SIGD, .w.src_ip = "172.18.0.1",
	    .w.user_agent = "buildkit/v0.17.2",
	    .w.ts = "2019-06-05T13:37:28.612683Z", .w.native_id = "e6" },
	{ .name = "manifest delete (digest and repository only)",
	    .text = "{'id':'d1','timestamp':'2026-11-13T10:20:44.113102Z',"
	    "'action':'delete','target':{'digest':'sha256:" SIGD "',"
	    "'repository':'acme/widget'},'request':{'addr':"
	    "'[2001:db8::7]:51234','method':'DELETE'},'actor':{'name':"
	    "'acme-sec-admin'}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.delete",
	    .w.operation = "registry:delete", .w.actor = "acme-sec-admin",
	    .w.artifact = "acme/widget", .w.digest = "sha256:" SIGD,
	    .w.src_ip = "2001:db8::7", .w.ts = "2026-11-13T10:20:44.113102Z",
	    .w.native_id = "d1",
	    .w.attrs = { { "request_method", "DELETE" } } },
	{ .name = "delete of a signature tag",
	    .text = "{'id':'d2','timestamp':'2026-11-13T10:20:44Z','action':"
	    "'delete','target':{'digest':'sha256:" SIGD "','repository':"
	    "'acme/widget','tag':'sha256-" IMG ".sig'},'request':{'addr':"
	    "'198.51.100.10'}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish.delete",
	    .w.operation = "registry:delete", .w.artifact = "acme/widget",
	    .w.version = "sha256-" IMG ".sig", .w.digest = "sha256:" SIGD,
	    .w.src_ip = "198.51.100.10", .w.ts = "2026-11-13T10:20:44Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "d2",
	    .w.attrs = { { "cosign", "signature" },
		{ "subject_digest", "sha256:" IMG } } },
	{ .name = "digest in upper case, bare IPv6 address",
	    .text = "{'id':'u1','timestamp':'2026-01-01T00:00:00+01:00',"
	    "'action':'push','target':{'mediaType':"
	    "'application/vnd.docker.distribution.manifest.list.v2+json',"
	    "'digest':'sha256:85032FA900CD979127F344C594F714B59E147C6ECBAB83BD1"
	    "ED0AD3CA2E64441','repository':'r'},'request':{'addr':'::1'}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "registry:push", .w.artifact = "r",
	    .w.digest = "sha256:" IMG, .w.src_ip = "::1",
	    .w.ts = "2025-12-31T23:00:00Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "u1" },
	{ .name = "malformed digest kept in attrs",
	    .text = "{'id':'u2','timestamp':'2026-01-01T00:00:00Z','action':"
	    "'push','target':{'tag':'x','digest':'sha256:1234','repository':"
	    "'r'}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "registry:push", .w.artifact = "r",
	    .w.version = "x",
	    .w.ts = "2026-01-01T00:00:00Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "u2",
	    .w.attrs = { { "digest_raw", "sha256:1234" } } },
	{ .name = "blob push is out of scope", .text = EVENT("b1", "push",
	    BLOB, ""), .rc = PARSE_SKIP },
	{ .name = "pull is out of scope", .text = EVENT("p1", "pull",
	    MANIFEST("sha256:" IMG, ",'tag':'v2.4.1'"), ""),
	    .rc = PARSE_SKIP },
	{ .name = "pull with --all-events", .all = 1,
	    .text = EVENT("p1", "pull", MANIFEST("sha256:" IMG,
	    ",'tag':'v2.4.1'"), "'name':'acme-deploy'"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "registry:pull", .w.actor = "acme-deploy",
	    .w.artifact = "acme/widget", .w.version = "v2.4.1",
	    .w.digest = "sha256:" IMG, .w.src_ip = "172.18.0.1",
	    .w.user_agent = "buildkit/v0.17.2",
	    .w.ts = "2019-06-05T13:37:28.612683Z", .w.native_id = "p1" },
	{ .name = "mount is out of scope", .text = EVENT("m1", "mount",
	    BLOB, ""), .rc = PARSE_SKIP },
	{ .name = "blob delete is out of scope",
	    .text = "{'id':'x','timestamp':'2026-01-01T00:00:00Z','action':"
	    "'delete','target':{'digest':'sha256:" IMG "','repository':'r',"
	    "'url':'https://r/v2/r/blobs/sha256:" IMG "'}}",
	    .rc = PARSE_SKIP },
	{ .name = "envelope in JSON Lines: push and pull",
	    .text = "{'events':[" PUSH "," EVENT("p1", "pull",
	    MANIFEST("sha256:" IMG, ""), "") "]}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "registry:push", .w.actor = "github-actions[bot]",
	    .w.artifact = "acme/widget", .w.version = "v2.4.1",
	    .w.digest = "sha256:" IMG, .w.src_ip = "172.18.0.1",
	    .w.user_agent = "buildkit/v0.17.2",
	    .w.ts = "2019-06-05T13:37:28.612683Z", .w.native_id = EID },
	{ .name = "envelope: a bad event does not hide a good one",
	    .text = "{'events':[{'action':'push','target':{'tag':'v'}},"
	    SIGPUSH "]}",
	    .rc = PARSE_ERR, .errmsg = "events[0]: event has no timestamp",
	    .nev = 1 },
	{ .name = "empty envelope", .text = "{'events':[]}",
	    .rc = PARSE_NONEVENT },
	{ .name = "envelope events not an array", .text = "{'events':{}}",
	    .rc = PARSE_ERR, .errmsg = "events is not an array" },
	{ .name = "no action", .text = "{'id':'x','target':{}}",
	    .rc = PARSE_ERR, .errmsg = "event has no action" },
	{ .name = "action not a string", .text = "{'action':1,'target':{}}",
	    .rc = PARSE_ERR, .errmsg = "event has no action string" },
	{ .name = "no target", .text = "{'action':'push','target':[]}",
	    .rc = PARSE_ERR, .errmsg = "event has no target object" },
	{ .name = "bad timestamp",
	    .text = "{'action':'push','timestamp':'2019-06-05 13:37','target':"
	    "{'tag':'v','digest':'sha256:" IMG "','repository':'r'}}",
	    .rc = PARSE_ERR, .errmsg = "bad timestamp '2019-06-05 13:37'" },
	{ .name = "push without digest",
	    .text = "{'action':'push','timestamp':'2019-06-05T13:37:28Z',"
	    "'target':{'tag':'v','repository':'r'}}",
	    .rc = PARSE_ERR, .errmsg = "push event has no target.digest" },
	{ .name = "delete without repository",
	    .text = "{'action':'delete','timestamp':'2019-06-05T13:37:28Z',"
	    "'target':{'digest':'sha256:" IMG "'}}",
	    .rc = PARSE_ERR,
	    .errmsg = "delete event has no target.repository" },
	{ .name = "not an object", .text = "[1]",
	    .rc = PARSE_ERR, .errmsg = "not a JSON object" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

/* ------------------------------------------------------------------ */
/* HTTP captures                                                       */

/* The envelope of one push and one signature push, in " quotes. */
static char *
envelope(void)
{
	return unquote("{\n  'events': [\n" PUSH ",\n" EVENT("b1", "push",
	    BLOB, "") ",\n" SIGPUSH "\n  ]\n}\n");
}

/* A capture: request line, headers (eol), body; cl < 0: none. */
static char *
capture_text(const char *eol, long cl, const char *extra, const char *body)
{
	char *s = NULL, len[64] = "";
	size_t n;
	FILE *fp = open_memstream(&s, &n);

	assert_non_null(fp);
	if (cl >= 0)
		snprintf(len, sizeof(len), "Content-Length: %ld%s", cl, eol);
	fprintf(fp, "POST /dockerRegistry/event HTTP/1.1%sUser-Agent: e2e%s"
	    "%sContent-Type: application/vnd.docker.distribution.events.v1+"
	    "json%sAuthorization: Bearer c2VjcmV0%s%s%s%s", eol, eol, len, eol,
	    eol, extra, eol, body);
	fclose(fp);
	return s;
}

static void
http_row(struct row *r, char *text)
{
	r->text = text;
	r->raw = 1;
	check_row(&SH, r);
	free(text);
}

static void
test_http(void **state)
{
	char *env = envelope(), *a, *b, *t;
	struct row r;

	(void)state;
	/* the corpus shape: LF, Content-Length */
	memset(&r, 0, sizeof(r));
	r.name = "capture with LF and Content-Length";
	r.rc = PARSE_OK;
	r.nev = 2;
	r.w.action = "publish";
	r.w.operation = "registry:push";
	r.w.actor = "github-actions[bot]";
	r.w.artifact = "acme/widget";
	r.w.version = "v2.4.1";
	r.w.digest = "sha256:" IMG;
	r.w.src_ip = "172.18.0.1";
	r.w.user_agent = "buildkit/v0.17.2";
	r.w.ts = "2019-06-05T13:37:28.612683Z";
	r.w.native_id = EID;
	r.w.attrs[0].path = "http_method";
	r.w.attrs[0].val = "POST";
	r.w.attrs[1].path = "http_target";
	r.w.attrs[1].val = "/dockerRegistry/event";
	r.w.attrs[2].path = "http_user_agent";
	r.w.attrs[2].val = "e2e";
	r.w.attrs[3].path = "http_content_type";
	r.w.attrs[3].val = "application/vnd.docker.distribution.events.v1+js"
	    "on";
	r.w.attrs[4].path = "http_authorization";
	r.w.attrs[4].val = ABSENT;
	http_row(&r, capture_text("\n", (long)strlen(env), "", env));

	/* CRLF, no Content-Length, a BOM: the signature */
	r.name = "capture with CRLF, no Content-Length";
	r.idx = 1;
	r.w.action = "publish.signature";
	r.w.actor = "acme-jenkins-bot";
	r.w.version = "sha256-" IMG ".sig";
	r.w.digest = "sha256:" SIGD;
	r.w.native_id = "e2";
	r.w.attrs[0].path = "cosign";
	r.w.attrs[0].val = "signature";
	memset(&r.w.attrs[1], 0, sizeof(r.w.attrs) - sizeof(r.w.attrs[0]));
	t = capture_text("\r\n", -1, "", env);
	a = malloc(strlen(t) + 4);
	assert_non_null(a);
	memcpy(a, "\xef\xbb\xbf", 3);
	memcpy(a + 3, t, strlen(t) + 1);
	free(t);
	http_row(&r, a);

	/* two requests in one file, then trailing blank lines */
	a = capture_text("\r\n", (long)strlen(env), "", env);
	b = capture_text("\r\n", 14, "", "{\"events\":[]}\n");
	t = malloc(strlen(a) + strlen(b) + 8);
	assert_non_null(t);
	snprintf(t, strlen(a) + strlen(b) + 8, "%s\r\n%s\r\n\r\n", a, b);
	free(a);
	free(b);
	memset(&r, 0, sizeof(r));
	r.name = "two requests, the second empty";
	r.rc = PARSE_OK;
	r.nev = 2;
	http_row(&r, t);

	/* a Content-Length shorter than the body: the rest is garbage */
	memset(&r, 0, sizeof(r));
	r.name = "Content-Length shorter than the body";
	r.rc = PARSE_ERR;
	r.errmsg = "request 2: not an HTTP request";
	r.nev = 2;
	t = capture_text("\n", (long)strlen(env), "", env);
	a = malloc(strlen(t) + 8);
	assert_non_null(a);
	snprintf(a, strlen(t) + 8, "%sxyz", t);
	free(t);
	http_row(&r, a);

	memset(&r, 0, sizeof(r));
	r.name = "truncated capture";
	r.rc = PARSE_ERR;
	r.errmsg = "Content-Length says";
	http_row(&r, capture_text("\n", (long)strlen(env) + 10, "", env));

	r.name = "bad Content-Length";
	r.errmsg = "bad Content-Length '-1'";
	http_row(&r, capture_text("\n", -1, "Content-Length: -1\n", env));

	r.name = "chunked body";
	r.errmsg = "chunked request bodies are not supported";
	http_row(&r, capture_text("\n", -1, "Transfer-Encoding: chunked\n",
	    "5\r\nhello\r\n0\r\n\r\n"));

	r.name = "body not JSON";
	r.errmsg = "body is not valid JSON";
	http_row(&r, capture_text("\n", -1, "", "{\"events\":[}"));

	r.name = "body an array";
	r.errmsg = "body is not a JSON object";
	http_row(&r, capture_text("\n", -1, "", "[]"));

	r.name = "body of another webhook";
	r.errmsg = "no events array";
	http_row(&r, capture_text("\n", -1, "",
	    "{\"action\":\"published\"}"));

	r.name = "headers cut short";
	r.errmsg = "no blank line after the HTTP headers";
	http_row(&r, strdup("POST /x HTTP/1.1\nHost: a\nContent-Type: x"));

	r.name = "not HTTP";
	r.errmsg = "not an HTTP request";
	http_row(&r, strdup("{\"events\":[]}"));

	r.name = "lower-case method";
	http_row(&r, strdup("post /x HTTP/1.1\n\n{}"));

	r.name = "empty";
	r.errmsg = "empty capture";
	http_row(&r, strdup(" \r\n\n"));

	memset(&r, 0, sizeof(r));
	r.name = "pulls only";
	r.rc = PARSE_SKIP;
	a = unquote("{'events':[" EVENT("p1", "pull", MANIFEST("sha256:" IMG,
	    ""), "") "]}");
	http_row(&r, capture_text("\n", -1, "", a));
	free(a);

	r.name = "no events";
	r.rc = PARSE_NONEVENT;
	http_row(&r, capture_text("\n", -1, "", "{\"events\":[]}"));
	free(env);
	end_test("http");
}

static const struct probe_row probe_rows[] = {
	{ "envelope", &parser_docker_registry, "{'events':[" PUSH "]}",
	    "events.json", 90, 90, 1 },
	{ "JSON Lines of bare events", &parser_docker_registry, PUSH "\n"
	    SIGPUSH "\n", "events.jsonl", 85, 85, 1 },
	{ "Harbor delivery", &parser_docker_registry, "{'type':"
	    "'PUSH_ARTIFACT','occur_at':1,'operator':'x','event_data':"
	    "{'resources':[],'repository':{}}}", "h.json", 0, 0, 0 },
	{ "GitHub webhook", &parser_docker_registry, "{'action':"
	    "'completed','workflow_run':{},'repository':{}}", "w.json", 0,
	    0, 0 },
	{ "capture", &parser_docker_registry_http, "POST /e HTTP/1.1\r\n"
	    "Content-Type: application/vnd.docker.distribution.events.v2+json"
	    "\r\n\r\n{'events':[]}", "a.http", 95, 95, 1 },
	{ "capture without Content-Type", &parser_docker_registry_http,
	    "PUT /hook HTTP/1.0\n\n{'events':[" PUSH "]}", "a.txt", 85, 85, 1 },
	{ "capture of another webhook", &parser_docker_registry_http,
	    "POST /hook HTTP/1.1\nContent-Type: application/json\n\n"
	    "{'action':'published','release':{}}", "b.http", 0, 0, 0 },
	{ "JSON is not a capture", &parser_docker_registry_http,
	    "{'events':[" PUSH "]}", "events.json", 0, 0, 0 },
	{ "empty", &parser_docker_registry_http, "", "x.http", 0, 0, 0 },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("docker_registry"), P);
	assert_ptr_equal(parser_find("docker_registry_http"), PH);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_int_equal(PH->kind, INPUT_BLOB);
	assert_string_equal(P->container_keys[0], "events");
	assert_null(P->container_keys[1]);
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */

static const struct replay_want corpus_files[] = {
	{ .file = "docker_registry/imagespy/notification-a.http", .records = 1,
	    .ok = 1, .events = 1 },
	/* a pull, then a blob push: out of scope */
	{ .file = "docker_registry/imagespy/notification-b.http", .records = 1,
	    .skip = 1 },
	{ .file = "docker_registry/imagespy/notification-c.http", .records = 1,
	    .skip = 1 },
};

static int facts_seen;

static void
corpus_fact(const char *file, const struct evcopy *e)
{
	char when[TS_BUFSZ];

	if (e->native_id && strcmp(e->native_id, EID) == 0) {
		facts_seen++;
		check_str(file, "action", "publish", e->action);
		check_str(file, "artifact", "golang", e->artifact);
		check_str(file, "version", "1.12.4", e->version);
		check_str(file, "digest", "sha256:" IMG, e->digest);
		check_str(file, "src_ip", "172.18.0.1", e->src_ip);
		check_str(file, "actor", NULL, e->actor);
		check_str(file, "ts", "2019-06-05T13:37:28.612683Z",
		    ts_format(e->ts_us, when));
	}
}

static void
test_corpus(void **state)
{
	const char *root = corpus_root_or_skip();
	static const char *const none[] = { NULL };
	static const char *const mine[] = { "docker_registry/imagespy/",
		NULL };

	(void)state;
	facts_seen = 0;
	replay_files(PH, NULL, corpus_files, NELEM(corpus_files),
	    "publish.delete", 0, corpus_fact);
	if (facts_seen != 1)
		bad("corpus facts seen %d times, want 1", facts_seen);
	/* no JSON envelope in the corpus; the Harbor file is not ours */
	probe_walk(P, root, "", none);
	if (probe_walk(PH, root, "", mine) != (int)NELEM(corpus_files))
		bad("the probe does not claim every capture of the corpus");
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_http),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_corpus))
