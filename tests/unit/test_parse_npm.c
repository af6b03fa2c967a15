/* SPDX-License-Identifier: MIT */
/*
 * test_parse_npm.c - unit tests of the npm packument parser
 * (ingest/parse_npm.c): a table of documents (full, abbreviated,
 * unpublished versions and packages, every digest and repository form,
 * malformed input) with the events each must give, each row also run
 * with --all-events flipped and with a failing store; probes; and a
 * replay of the real documents in ../shared/corpus/npm, cut into records
 * as the ingest driver does, with facts about them.
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

static const struct parser *const P = &parser_npm;
static const struct suite S = { .p = &parser_npm,
    .flags = S_STRICT | S_FLIP, .strict = STRICT_PUBLISH };

/* ------------------------------------------------------------------ */
/* Documents                                                           */

#define SHA512_B64 \
	"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v" \
	"MDEyMzQ1Njc4OTo7PD0+Pw=="
#define SHA512_HEX \
	"sha512:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d" \
	"1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
#define SHA256_B64	"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define SHA256_HEX \
	"sha256:000102030405060708090a0b0c0d0e0f" \
	"101112131415161718191a1b1c1d1e1f"
#define SHA1_B64	"AAECAwQFBgcICQoLDA0ODxAREhM="
#define SHASUM		"2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"
#define GITHEAD		"4b825dc642cb6eb9a060e54bf8d69288fbee4904"

/* A full packument of @acme/widget-cli with the given versions/time. */
#define DOC(versions, time) \
	"{'_id':'@acme/widget-cli','_rev':'3-abc','name':'@acme/widget-cli'," \
	"'dist-tags':{'latest':'2.4.1','next':'2.5.0-rc.1'}," \
	"'versions':{" versions "},'time':{'created':" \
	"'2026-10-06T14:05:28.407Z','modified':'2026-11-03T15:13:33.834Z'" \
	time "},'maintainers':[{'name':'acme-release-bot','email':" \
	"'release-bot@acme.example'}],'repository':{'type':'git','url':" \
	"'git+https://github.com/acme/widget.git'}}"

#define V241 \
	"'2.4.1':{'name':'@acme/widget-cli','version':'2.4.1'," \
	"'repository':{'type':'git','url':'git+https://github.com/acme/" \
	"widget.git','directory':'cli'},'gitHead':'" GITHEAD "'," \
	"'_id':'@acme/widget-cli@2.4.1','_nodeVersion':'22.11.0'," \
	"'_npmVersion':'10.9.0','dist':{'integrity':'sha512-" SHA512_B64 "'," \
	"'shasum':'" SHASUM "','tarball':'https://registry.npmjs.org/" \
	"@acme/widget-cli/-/widget-cli-2.4.1.tgz','fileCount':14," \
	"'unpackedSize':48211,'signatures':[{'keyid':'SHA256:DhQ8wR5APBvFHL'," \
	"'sig':'MEUCIQ'}],'attestations':{'url':'https://registry.npmjs.org/" \
	"-/npm/v1/attestations/@acme%2fwidget-cli@2.4.1','provenance':" \
	"{'predicateType':'https://slsa.dev/provenance/v1'}}}," \
	"'_npmUser':{'name':'acme-release-bot','email':" \
	"'release-bot@acme.example'}}"
#define T241	",'2.4.1':'2026-11-03T15:13:33.834Z'"

/* A version with only the fields under test. */
#define VER(v, extra) \
	"'" v "':{'name':'@acme/widget-cli','version':'" v "'" extra "}"
#define TIME(v, t)	",'" v "':'" t "'"

static const struct row rows[] = {
	{ .name = "full packument, CI version with provenance",
	    .text = DOC(V241 "," VER("2.4.2", ",'dist':{'shasum':'" SHASUM
	    "'},'_npmUser':{'name':'m-chen'}"), T241
	    TIME("2.4.2", "2026-11-12T17:11:37.204Z")),
	    .rc = PARSE_OK, .nev = 2, .idx = 0,
	    .w.action = "publish", .w.operation = "npm:publish",
	    .w.actor = "acme-release-bot", .w.artifact = "@acme/widget-cli",
	    .w.version = "2.4.1", .w.digest = SHA512_HEX,
	    .w.repo = "acme/widget",
	    .w.commit_sha = GITHEAD, .w.ts = "2026-11-03T15:13:33.834000Z",
	    .w.native_id = "@acme/widget-cli@2.4.1",
	    .w.attrs = { { "integrity", "sha512-" SHA512_B64 },
		{ "shasum", SHASUM },
		{ "provenance_predicate", "https://slsa.dev/provenance/v1" },
		{ "registry_signature_keyids", "[\"SHA256:DhQ8wR5APBvFHL\"]" },
		{ "dist_tags", "[\"latest\"]" },
		{ "npm_user_email", "release-bot@acme.example" } } },
	{ .name = "full packument, manual version: shasum only, no provenance",
	    .text = DOC(V241 "," VER("2.4.2", ",'dist':{'shasum':'" SHASUM
	    "'},'_npmUser':{'name':'m-chen'}"), T241
	    TIME("2.4.2", "2026-11-12T17:11:37.204Z")),
	    .rc = PARSE_OK, .nev = 2, .idx = 1,
	    .w.action = "publish", .w.operation = "npm:publish",
	    .w.actor = "m-chen", .w.artifact = "@acme/widget-cli",
	    .w.version = "2.4.2", .w.digest = "sha1:" SHASUM,
	    .w.repo = "acme/widget", .w.ts = "2026-11-12T17:11:37.204000Z",
	    .w.native_id = "@acme/widget-cli@2.4.2",
	    .w.attrs = { { "provenance_predicate", ABSENT },
		{ "integrity", ABSENT }, { "dist_tags", ABSENT },
		{ "repository_url",
		    "git+https://github.com/acme/widget.git" } } },
	{ .name = "dist-tags of the version, deprecated",
	    .text = DOC(VER("2.5.0-rc.1", ",'deprecated':'use 2.5.0'"),
	    TIME("2.5.0-rc.1", "2026-11-16T09:00:00.000Z")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "@acme/widget-cli",
	    .w.version = "2.5.0-rc.1", .w.repo = "acme/widget",
	    .w.ts = "2026-11-16T09:00:00Z",
	    .w.native_id = "@acme/widget-cli@2.5.0-rc.1",
	    .w.attrs = { { "dist_tags", "[\"next\"]" },
		{ "deprecated", "use 2.5.0" } } },
	{ .name = "a version published then unpublished (time only)",
	    .text = DOC(V241, T241 TIME("2.4.0", "2026-10-20T13:33:26.075Z")),
	    .rc = PARSE_OK, .nev = 2, .idx = 1,
	    .w.action = "publish", .w.operation = "npm:publish",
	    .w.artifact = "@acme/widget-cli", .w.version = "2.4.0",
	    .w.ts = "2026-10-20T13:33:26.075000Z",
	    .w.native_id = "@acme/widget-cli@2.4.0",
	    .w.attrs = { { "unpublished", "true" } } },
	{ .name = "whole package unpublished",
	    .text = "{'_id':'left-pad','name':'left-pad','time':{'created':"
	    "'2014-03-14T01:00:00.000Z','1.0.0':'2014-03-14T01:00:00.000Z',"
	    "'1.0.1':'2014-03-15T01:00:00.000Z','modified':"
	    "'2016-03-23T06:52:00.000Z','unpublished':{'time':"
	    "'2016-03-23T06:52:00.000Z','versions':['1.0.0','1.0.1'],"
	    "'name':'azer'}}}",
	    .rc = PARSE_OK, .nev = 4, .idx = 3,
	    .w.action = "publish.delete", .w.operation = "npm:unpublish",
	    .w.actor = "azer", .w.artifact = "left-pad", .w.version = "1.0.1",
	    .w.ts = "2016-03-23T06:52:00Z",
	    .w.native_id = "left-pad@1.0.1/unpublished" },
	{ .name = "abbreviated document: no time, no publisher",
	    .text = "{'name':'abbrev','dist-tags':{'latest':'1.1.1'},"
	    "'versions':{'1.1.1':{'name':'abbrev','version':'1.1.1','dist':"
	    "{'shasum':'" SHASUM "','tarball':'https://x/abbrev-1.1.1.tgz'}}},"
	    "'modified':'2022-05-24T18:26:20.962Z'}",
	    .rc = PARSE_NONEVENT },
	{ .name = "document with no version at all",
	    .text = "{'name':'x','time':{'created':'2026-01-01T00:00:00Z',"
	    "'modified':'2026-01-01T00:00:00Z'},'versions':{}}",
	    .rc = PARSE_NONEVENT },
	{ .name = "name from _id",
	    .text = "{'_id':'x','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{}}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "x",
	    .w.version = "1.0.0",
	    .w.ts = "2026-01-01T00:00:00Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "x@1.0.0" },
	{ .name = "integrity with several hashes: the strongest",
	    .text = DOC(VER("1.0.0", ",'dist':{'integrity':'sha1-" SHA1_B64
	    " sha512-" SHA512_B64 "?foo sha256-" SHA256_B64 "'}"),
	    TIME("1.0.0", "2026-01-01T00:00:00.5Z")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "@acme/widget-cli",
	    .w.version = "1.0.0", .w.digest = SHA512_HEX,
	    .w.repo = "acme/widget",
	    .w.ts = "2026-01-01T00:00:00.500000Z",
	    .w.native_id = "@acme/widget-cli@1.0.0" },
	{ .name = "sha256 integrity",
	    .text = DOC(VER("1.0.0", ",'dist':{'integrity':'sha256-"
	    SHA256_B64 "'}"), TIME("1.0.0", "2026-01-01T00:00:00.5Z")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "@acme/widget-cli",
	    .w.version = "1.0.0", .w.digest = SHA256_HEX,
	    .w.repo = "acme/widget",
	    .w.ts = "2026-01-01T00:00:00.500000Z",
	    .w.native_id = "@acme/widget-cli@1.0.0" },
	{ .name = "bad integrity: shasum instead, the text kept",
	    .text = DOC(VER("1.0.0", ",'dist':{'integrity':'sha512-!!!',"
	    "'shasum':'2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12'}"),
	    TIME("1.0.0", "2026-01-01T00:00:00.5Z")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "@acme/widget-cli",
	    .w.version = "1.0.0", .w.digest = "sha1:" SHASUM,
	    .w.repo = "acme/widget", .w.ts = "2026-01-01T00:00:00.500000Z",
	    .w.native_id = "@acme/widget-cli@1.0.0",
	    .w.attrs = { { "integrity", "sha512-!!!" } } },
	{ .name = "truncated sha512 and a short shasum: no digest",
	    .text = DOC(VER("1.0.0", ",'dist':{'integrity':'sha512-"
	    SHA256_B64 "','shasum':'2fd4'}"),
	    TIME("1.0.0", "2026-01-01T00:00:00.5Z")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "@acme/widget-cli",
	    .w.version = "1.0.0", .w.repo = "acme/widget",
	    .w.ts = "2026-01-01T00:00:00.500000Z",
	    .w.native_id = "@acme/widget-cli@1.0.0" },
	{ .name = "repository: git@github.com:o/r.git",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'repository':{'url':"
	    "'git@github.com:Some-Org/some.repo.git'}}}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "p",
	    .w.version = "1.0.0",
	    .w.repo = "Some-Org/some.repo", .w.ts = "2026-01-01T00:00:00Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "p@1.0.0" },
	{ .name = "repository: shorthand string",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'repository':'acme/widget'}}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "p",
	    .w.version = "1.0.0",
	    .w.repo = "acme/widget", .w.ts = "2026-01-01T00:00:00Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "p@1.0.0" },
	{ .name = "repository: github: prefix and a tree path",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'repository':'github:acme/widget'}},"
	    "'repository':'https://github.com/other/x/tree/main/cli'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "p",
	    .w.version = "1.0.0",
	    .w.repo = "acme/widget", .w.ts = "2026-01-01T00:00:00Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "p@1.0.0" },
	{ .name = "repository of the document, a tree path",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{}},"
	    "'repository':'https://www.github.com/other/x/tree/main/cli'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "p",
	    .w.version = "1.0.0",
	    .w.repo = "other/x", .w.ts = "2026-01-01T00:00:00Z",
	    .w.ts_flags = TS_COARSE, .w.native_id = "p@1.0.0" },
	{ .name = "repository elsewhere: no repo",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'repository':{'url':"
	    "'https://gitlab.com/acme/widget.git'}}}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "p",
	    .w.version = "1.0.0",
	    .w.ts = "2026-01-01T00:00:00Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "p@1.0.0",
	    .w.attrs = { { "repository_url",
		"https://gitlab.com/acme/widget.git" } } },
	{ .name = "look-alike host: no repo",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'repository':{'url':"
	    "'https://notgithub.com/acme/widget.git'}}}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "p",
	    .w.version = "1.0.0",
	    .w.ts = "2026-01-01T00:00:00Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "p@1.0.0" },
	{ .name = "short gitHead kept in attrs, wrong types ignored",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'gitHead':'4b825dc','_npmUser':'bob',"
	    "'dist':{'fileCount':1e30,'signatures':{'keyid':'x'},"
	    "'integrity':7}}}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "p",
	    .w.version = "1.0.0",
	    .w.ts = "2026-01-01T00:00:00Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "p@1.0.0",
	    .w.attrs = { { "git_head", "4b825dc" }, { "file_count",
	    ABSENT } } },
	{ .name = "a version without a time entry",
	    .text = "{'name':'p','time':{'created':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{}}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "npm:publish", .w.artifact = "p",
	    .w.version = "1.0.0",
	    .w.ts = NOTIME, .w.native_id = "p@1.0.0",
	    .w.attrs = { { "time_missing", "true" } } },
	{ .name = "a bad time: the other versions are kept",
	    .text = "{'name':'p','time':{'1.0.0':'yesterday',"
	    "'1.0.1':'2026-01-02T00:00:00Z'},'versions':{'1.0.0':{},"
	    "'1.0.1':{}}}",
	    .rc = PARSE_ERR, .errmsg = "bad time[\"1.0.0\"] 'yesterday'",
	    .nev = 1, .w.action = "publish", .w.operation = "npm:publish",
	    .w.artifact = "p", .w.version = "1.0.1",
	    .w.ts = "2026-01-02T00:00:00Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "p@1.0.1" },
	{ .name = "a time that is not a string",
	    .text = "{'name':'p','time':{'1.0.0':20260101},"
	    "'versions':{'1.0.0':{}}}",
	    .rc = PARSE_ERR, .errmsg = "time[\"1.0.0\"] is not a string" },
	{ .name = "a version that is not an object",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z',"
	    "'1.0.1':'2026-01-02T00:00:00Z'},'versions':{'1.0.0':'x',"
	    "'1.0.1':{}}}",
	    .rc = PARSE_ERR, .errmsg = "versions[\"1.0.0\"] is not an object",
	    .nev = 1 },
	{ .name = "time.unpublished not an object",
	    .text = "{'name':'p','time':{'unpublished':true}}",
	    .rc = PARSE_ERR, .errmsg = "time.unpublished is not an object" },
	{ .name = "time.unpublished without a time",
	    .text = "{'name':'p','time':{'unpublished':{'versions':['1']}}}",
	    .rc = PARSE_ERR, .errmsg = "time.unpublished.time is not a "
	    "string" },
	{ .name = "no name", .text = "{'versions':{},'time':{}}",
	    .rc = PARSE_ERR, .errmsg = "packument has no name" },
	{ .name = "versions a string",
	    .text = "{'name':'p','versions':'1.0.0','time':{}}",
	    .rc = PARSE_ERR, .errmsg = "versions is not an object" },
	{ .name = "time an array",
	    .text = "{'name':'p','versions':{},'time':[]}",
	    .rc = PARSE_ERR, .errmsg = "time is not an object" },
	{ .name = "not an object", .text = "['p']",
	    .rc = PARSE_ERR, .errmsg = "not a JSON object" },
	{ .name = "a string", .text = "'p'",
	    .rc = PARSE_ERR, .errmsg = "not a JSON object" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

/* The raw record of an event is the excerpt of its version. */
static void
test_excerpt(void **state)
{
	struct capture c;
	struct diag d;
	char *text = unquote(DOC(V241 "," VER("2.4.2", ""), T241));

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(run_parser(P, text, strlen(text), 0, NULL, &c, &d),
	    PARSE_OK);
	assert_int_equal(c.n, 2);
	{
		json_error_t jerr;
		json_t *x = json_loads(c.ev[1].raw, 0, &jerr);

		assert_non_null(x);
		assert_string_equal(jstr(x, "name"), "@acme/widget-cli");
		assert_int_equal(json_object_size(jobj(x, "versions")), 1);
		assert_non_null(json_object_get(jobj(x, "versions"),
		    "2.4.2"));
		/* 2.4.2 has no time: the excerpt has none either */
		assert_null(json_object_get(x, "time"));
		json_decref(x);
		x = json_loads(c.ev[0].raw, 0, &jerr);
		assert_non_null(x);
		assert_string_equal(json_string_value(json_object_get(
		    jobj(x, "time"), "2.4.1")), "2026-11-03T15:13:33.834Z");
		assert_null(json_object_get(jobj(x, "versions"), "2.4.2"));
		json_decref(x);
	}
	capture_free(&c);
	free(text);
	end_test("excerpt");
}

static const struct probe_row probe_rows[] = {
	{ "full packument", &parser_npm, DOC(V241, T241),
	    "widget-cli.json", 95, 95, 1 },
	{ "abbreviated", &parser_npm, "{'name':'abbrev','dist-tags':"
	    "{'latest':'1.1.1'},'versions':{},'modified':'x'}",
	    "abbrev.min.json", 90, 90, 1 },
	{ "package.json", &parser_npm, "{'name':'x','version':'1.0.0',"
	    "'dependencies':{}}", "package.json", 0, 0, 0 },
	{ "package-lock.json", &parser_npm, "{'name':'x','lockfileVersion':3,"
	    "'packages':{'':{'version':'1.0.0'}}}", "package-lock.json", 0,
	    0, 0 },
	{ "PyPI document", &parser_npm, "{'info':{'name':'x'},'releases':{},"
	    "'urls':[],'last_serial':1}", "x.json", 0, 0, 0 },
	{ "empty", &parser_npm, "", "x.json", 0, 0, 0 },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("npm"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_null(P->container_keys);
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */

static const struct replay_want corpus_files[] = {
	{ .file = "abbrev.packument-abbreviated.json", .records = 1,
	    .nonevent = 1 },
	/* 8 versions, and 3 unpublished ones only in time */
	{ .file = "abbrev.packument.json", .records = 1, .ok = 1,
	    .events = 11 },
	{ .file = "angular-animation.packument.json", .records = 1, .ok = 1,
	    .events = 1 },
	{ .file = "ms.packument.json", .records = 1, .ok = 1, .events = 18 },
	{ .file = "once.packument.json", .records = 1, .ok = 1, .events = 7 },
	{ .file = "types-semver.packument-abbreviated.json", .records = 1,
	    .nonevent = 1 },
	{ .file = "types-semver.packument.json", .records = 1, .ok = 1,
	    .events = 33 },
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
	if (strcmp(e->native_id, "@angular/animation@4.0.0-beta.8") == 0) {
		facts_seen++;
		check_str(file, "actor", "angular", e->actor);
		check_str(file, "digest", "sha512:158125266fc64d07a7c85f9caf28"
		    "9b5b8184995aa21f8cc346f528ddd8ab7e2cf40fb7c6339d9058b1a53b"
		    "f1641119d59dcc4695c23dbb265978f1203a63029c", e->digest);
		check_str(file, "repo", "angular/angular", e->repo);
		check_str(file, "ts", "2017-02-18T23:10:33.204000Z",
		    ts_format(e->ts_us, when));
	} else if (strcmp(e->native_id, "ms@0.7.1") == 0) {
		facts_seen++;
		check_str(file, "actor", "rauchg", e->actor);
		check_str(file, "digest",
		    "sha1:9cd13c03adbff25b65effde7ce864ee952017098", e->digest);
		check_str(file, "repo", "guille/ms.js", e->repo);
		check_str(file, "commit_sha",
		    "713dcf26d9e6fd9dbc95affe7eff9783b7f1b909", e->commit_sha);
	} else if (strcmp(e->native_id, "abbrev@1.0.1") == 0) {
		facts_seen++;
		check_str(file, "action", "publish", e->action);
		if (!json_is_true(json_object_get(e->attrs, "unpublished")))
			bad("abbrev@1.0.1 not marked unpublished");
		check_str(file, "ts", "2011-03-21T22:21:11.183000Z",
		    ts_format(e->ts_us, when));
	}
}

static void
test_corpus(void **state)
{
	const char *root = corpus_root_or_skip();
	static const char *const mine[] = { "npm/", NULL };

	(void)state;
	facts_seen = 0;
	replay_files(P, "npm", corpus_files, NELEM(corpus_files),
	    "publish.delete", 1, corpus_fact);
	if (facts_seen != 3)
		bad("corpus facts seen %d times, want 3", facts_seen);
	if (probe_walk(P, root, "", mine) != (int)NELEM(corpus_files))
		bad("the probe does not claim every npm corpus file");
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_excerpt),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_corpus))
