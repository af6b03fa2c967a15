/* SPDX-License-Identifier: MIT */
/*
 * test_parse_pypi.c - unit tests of the PyPI parser
 * (ingest/parse_pypi.c): a table of JSON API project and release
 * documents and JSON Simple API pages (files with and without zones,
 * yanked files, the urls[] repeat, repositories, malformed input) with
 * the events each must give, each row also run with --all-events
 * flipped and with a failing store; probes; and a replay of the real
 * documents in ../shared/corpus/pypi with facts about them.
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

static const struct parser *const P = &parser_pypi;
static const struct suite S = { .p = &parser_pypi,
    .flags = S_STRICT | S_FLIP, .strict = STRICT_PUBLISH };

/* ------------------------------------------------------------------ */
/* Documents                                                           */

#define SHA_W \
	"8a4fdd8936eba2512e9c85df320a37e694c93945b33ef33c89946a340a238557"
#define SHA_S \
	"4efa1ae2d7c9865af48986de8aeb8504bf32c7f3d6fdc9353d34b21f4b127060"

#define FILE_W(ver, extra) \
	"{'comment_text':'','digests':{'blake2b_256':'aa','md5':'bb'," \
	"'sha256':'" SHA_W "'},'downloads':-1,'filename':" \
	"'acme_widget-" ver "-py3-none-any.whl','has_sig':false," \
	"'md5_digest':'bb','packagetype':'bdist_wheel','python_version':" \
	"'py3','requires_python':'>=3.9','size':48213,'upload_time':" \
	"'2026-11-03T15:13:40','upload_time_iso_8601':" \
	"'2026-11-03T15:13:40.123456Z','url':'https://files.pythonhosted.org/" \
	"packages/ab/cd/acme_widget-" ver "-py3-none-any.whl','yanked':false," \
	"'yanked_reason':null" extra "}"
#define FILE_S(ver, extra) \
	"{'digests':{'md5':'cc','sha256':'" SHA_S "'},'filename':" \
	"'acme-widget-" ver ".tar.gz','packagetype':'sdist'," \
	"'python_version':'source','size':61234,'upload_time':" \
	"'2026-11-03T15:13:42'" extra "}"
#define INFO(ver, urls) \
	"'info':{'name':'acme-widget','version':'" ver "','home_page':''," \
	"'project_urls':" urls "}"
#define PURLS	"{'Homepage':'https://acme.example/widget','Source':" \
	"'https://github.com/acme/widget'}"

static const struct row rows[] = {
	{ .name = "project document: a wheel",
	    .text = "{" INFO("2.4.1", PURLS) ",'last_serial':31415926,"
	    "'releases':{'2.4.0':[" FILE_S("2.4.0", "") "],'2.4.1':["
	    FILE_W("2.4.1", "") "," FILE_S("2.4.1", "") "]},'urls':["
	    FILE_W("2.4.1", "") "," FILE_S("2.4.1", "") "]}",
	    .rc = PARSE_OK, .nev = 3, .idx = 1,
	    .w.action = "publish", .w.operation = "pypi:upload",
	    .w.artifact = "acme-widget", .w.version = "2.4.1",
	    .w.digest = "sha256:" SHA_W, .w.repo = "acme/widget",
	    .w.ts = "2026-11-03T15:13:40.123456Z",
	    .w.native_id = "acme_widget-2.4.1-py3-none-any.whl",
	    .w.attrs = { { "packagetype", "bdist_wheel" }, { "size", "48213" },
		{ "md5", "bb" }, { "last_serial", "31415926" },
		{ "yanked", ABSENT }, { "python_version", "py3" } } },
	{ .name = "project document: upload_time without a zone",
	    .text = "{" INFO("2.4.1", PURLS) ",'releases':{'2.4.0':["
	    FILE_S("2.4.0", "") "]},'urls':[]}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "pypi:upload", .w.artifact = "acme-widget",
	    .w.version = "2.4.0", .w.digest = "sha256:" SHA_S,
	    .w.repo = "acme/widget", .w.ts = "2026-11-03T15:13:42Z",
	    .w.ts_flags = TS_COARSE | TS_ASSUMED_UTC,
	    .w.native_id = "acme-widget-2.4.0.tar.gz",
	    .w.attrs = { { "packagetype", "sdist" } } },
	{ .name = "release document: urls only, version from info",
	    .text = "{" INFO("2.4.1", "null") ",'urls':[" FILE_W("2.4.1",
	    "") "],'vulnerabilities':[]}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "pypi:upload", .w.artifact = "acme-widget",
	    .w.version = "2.4.1", .w.digest = "sha256:" SHA_W,
	    .w.ts = "2026-11-03T15:13:40.123456Z",
	    .w.native_id = "acme_widget-2.4.1-py3-none-any.whl" },
	{ .name = "yanked file",
	    .text = "{" INFO("2.4.1", "{}") ",'releases':{'2.4.1':["
	    FILE_S("2.4.1", ",'yanked':true,'yanked_reason':'broken'") "]}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "pypi:upload", .w.artifact = "acme-widget",
	    .w.version = "2.4.1", .w.digest = "sha256:" SHA_S,
	    .w.ts = "2026-11-03T15:13:42Z",
	    .w.ts_flags = TS_COARSE | TS_ASSUMED_UTC,
	    .w.native_id = "acme-widget-2.4.1.tar.gz",
	    .w.attrs = { { "yanked", "true" }, { "yanked_reason",
	    "broken" } } },
	{ .name = "repository from Homepage, then home_page",
	    .text = "{'info':{'name':'x','project_urls':{'Source':"
	    "'https://gitlab.com/a/b','homepage':'https://github.com/c/d.git'"
	    "}},'releases':{'1':[{'filename':'x-1.tar.gz'}]}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "pypi:upload", .w.artifact = "x", .w.version = "1",
	    .w.repo = "c/d", .w.ts = NOTIME, .w.native_id = "x-1.tar.gz" },
	{ .name = "repository from home_page, uppercase sha256",
	    .text = "{'info':{'name':'x','home_page':"
	    "'http://www.github.com/c/d/'},'releases':{'1':[{'filename':"
	    "'x-1.tar.gz','digests':{'sha256':'4EFA1AE2D7C9865AF48986DE8AEB"
	    "8504BF32C7F3D6FDC9353D34B21F4B127060'}}]}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "pypi:upload", .w.artifact = "x", .w.version = "1",
	    .w.digest = "sha256:" SHA_S, .w.repo = "c/d", .w.ts = NOTIME,
	    .w.native_id = "x-1.tar.gz" },
	{ .name = "bad sha256 kept in attrs",
	    .text = "{'info':{'name':'x'},'releases':{'1':[{'filename':"
	    "'x-1.tar.gz','digests':{'sha256':'xyz'},'upload_time_iso_8601':"
	    "'2026-01-01T00:00:00Z'}]}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "publish",
	    .w.operation = "pypi:upload", .w.artifact = "x", .w.version = "1",
	    .w.ts = "2026-01-01T00:00:00Z", .w.ts_flags = TS_COARSE,
	    .w.native_id = "x-1.tar.gz",
	    .w.attrs = { { "sha256_raw", "xyz" } } },
	{ .name = "Simple API page: versions from file names",
	    .text = "{'meta':{'api-version':'1.1'},'name':'acme-widget',"
	    "'files':[{'filename':'acme_widget-2.4.1-py3-none-any.whl',"
	    "'url':'https://files.pythonhosted.org/x.whl','hashes':{'sha256':'"
	    SHA_W "'},'requires-python':'>=3.9','size':48213,'upload-time':"
	    "'2026-11-03T15:13:40.123456Z','yanked':false},{'filename':"
	    "'acme-widget-2.4.1.tar.gz','hashes':{'sha256':'" SHA_S "'},"
	    "'upload-time':'2026-11-03T15:13:42.5Z','yanked':'broken'}],"
	    "'versions':['2.4.1']}",
	    .rc = PARSE_OK, .nev = 2, .idx = 1, .w.action = "publish",
	    .w.operation = "pypi:upload", .w.artifact = "acme-widget",
	    .w.version = "2.4.1", .w.digest = "sha256:" SHA_S,
	    .w.ts = "2026-11-03T15:13:42.500000Z",
	    .w.native_id = "acme-widget-2.4.1.tar.gz",
	    .w.attrs = { { "version_from", "filename" }, { "yanked", "true" },
		{ "yanked_reason", "broken" } } },
	{ .name = "Simple API page: a wheel without upload-time (1.0)",
	    .text = "{'meta':{'api-version':'1.0'},'name':'acme-widget',"
	    "'files':[{'filename':'acme_widget-2.4.1-py3-none-any.whl',"
	    "'hashes':{'sha256':'" SHA_W "'}},{'filename':'x.exe'}]}",
	    .rc = PARSE_OK, .nev = 2, .w.action = "publish",
	    .w.operation = "pypi:upload", .w.artifact = "acme-widget",
	    .w.version = "2.4.1", .w.digest = "sha256:" SHA_W, .w.ts = NOTIME,
	    .w.native_id = "acme_widget-2.4.1-py3-none-any.whl",
	    .w.attrs = { { "version_from", "filename" } } },
	{ .name = "versions without files", .text = "{" INFO("1", "{}")
	    ",'releases':{'0.9':[],'1':[]},'urls':[]}",
	    .rc = PARSE_NONEVENT },
	{ .name = "Simple API page without files",
	    .text = "{'meta':{'api-version':'1.1'},'name':'x','files':[]}",
	    .rc = PARSE_NONEVENT },
	{ .name = "a file without filename: the others kept",
	    .text = "{" INFO("1", "{}") ",'releases':{'1':[{'size':1},"
	    FILE_S("1", "") "]}}",
	    .rc = PARSE_ERR, .errmsg = "releases[\"1\"][0] has no filename",
	    .nev = 1 },
	{ .name = "a bad upload time",
	    .text = "{" INFO("1", "{}") ",'releases':{'1':[{'filename':"
	    "'f.whl','upload_time_iso_8601':'2026-13-01T00:00:00Z'}]}}",
	    .rc = PARSE_ERR, .errmsg = "(f.whl): bad upload_time_iso_8601" },
	{ .name = "a file that is not an object",
	    .text = "{" INFO("1", "{}") ",'urls':[7]}",
	    .rc = PARSE_ERR, .errmsg = "urls[0] is not an object" },
	{ .name = "releases entry not an array",
	    .text = "{" INFO("1", "{}") ",'releases':{'1':{}}}",
	    .rc = PARSE_ERR, .errmsg = "releases[\"1\"] is not an array" },
	{ .name = "releases not an object",
	    .text = "{" INFO("1", "{}") ",'releases':[]}",
	    .rc = PARSE_ERR, .errmsg = "releases is not an object" },
	{ .name = "urls not an array", .text = "{" INFO("1", "{}")
	    ",'urls':{}}", .rc = PARSE_ERR, .errmsg = "urls is not an array" },
	{ .name = "info.name missing", .text = "{'info':{},'urls':[]}",
	    .rc = PARSE_ERR, .errmsg = "info.name missing" },
	{ .name = "info not an object", .text = "{'info':[],'urls':[]}",
	    .rc = PARSE_ERR, .errmsg = "info is not an object" },
	{ .name = "no info", .text = "{'releases':{}}",
	    .rc = PARSE_ERR, .errmsg = "no info object" },
	{ .name = "Simple API without name",
	    .text = "{'meta':{},'files':[]}",
	    .rc = PARSE_ERR, .errmsg = "Simple API document has no name" },
	{ .name = "not an object", .text = "[1]",
	    .rc = PARSE_ERR, .errmsg = "not a JSON object" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

/* The raw record of an event is the excerpt of its file. */
static void
test_excerpt(void **state)
{
	struct capture c;
	struct diag d;
	char *text = unquote(rows[0].text);
	json_error_t jerr;
	json_t *x;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(run_parser(P, text, strlen(text), 0, NULL, &c, &d),
	    PARSE_OK);
	assert_int_equal(c.n, 3);
	x = json_loads(c.ev[1].raw, 0, &jerr);
	assert_non_null(x);
	assert_string_equal(jpath_str(x, "info.name"), "acme-widget");
	assert_int_equal(json_object_size(jobj(x, "releases")), 1);
	assert_int_equal(json_array_size(json_object_get(jobj(x,
	    "releases"), "2.4.1")), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(jobj(x,
	    "releases"), "2.4.1"), 0), "filename"),
	    "acme_widget-2.4.1-py3-none-any.whl");
	json_decref(x);
	capture_free(&c);
	free(text);
	end_test("excerpt");
}

static const struct probe_row probe_rows[] = {
	{ "project document", &parser_pypi, "{" INFO("1", "{}")
	    ",'last_serial':1,'releases':{},'urls':[]}", "x.json", 90, 90, 1 },
	{ "release document", &parser_pypi, "{" INFO("1", "{}") ",'urls':["
	    FILE_W("1", "") "]}", "x-1.json", 90, 90, 1 },
	{ "Simple API page", &parser_pypi, "{'meta':{'api-version':'1.1'},"
	    "'name':'x','files':[]}", "index.json", 90, 90, 1 },
	{ "a description longer than the probe sees", &parser_pypi,
	    "{'info':{'author':'a','author_email':'','bugtrack_url':null,"
	    "'classifiers':['Programming Language :: Python'],'description':"
	    "'# long", "x.json", 90, 90, 1 },
	{ "info alone", &parser_pypi, "{'info':{'name':'x'}}", "x.json", 0,
	    0, 0 },
	{ "npm document", &parser_pypi, "{'name':'x','dist-tags':{},"
	    "'versions':{},'time':{}}", "x.json", 0, 0, 0 },
	{ "empty", &parser_pypi, "", "x.json", 0, 0, 0 },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("pypi"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_null(P->container_keys);
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */

static const struct replay_want corpus_files[] = {
	{ .file = "asgiref-3.11.0.release.json", .records = 1, .ok = 1,
	    .events = 2 },
	/* 134 files; urls[] repeats two of them */
	{ .file = "asgiref.project.json", .records = 1, .ok = 1,
	    .events = 134 },
	/* 159 releases, 76 of them without files */
	{ .file = "djblets.project.json", .records = 1, .ok = 1,
	    .events = 264 },
	{ .file = "flask.project.json", .records = 1, .ok = 1, .events = 50 },
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
	if (e->digest == NULL || strlen(e->digest) != 71)
		bad("%s %s: digest %s", file, e->native_id, e->digest ?
		    e->digest : "(null)");
	if (strcmp(e->native_id, "Flask-1.1.2.tar.gz") == 0) {
		facts_seen++;
		check_str(file, "digest", "sha256:" SHA_S, e->digest);
		check_str(file, "version", "1.1.2", e->version);
		check_str(file, "repo", "pallets/flask", e->repo);
		check_str(file, "ts", "2020-04-03T17:17:56.951165Z",
		    ts_format(e->ts_us, when));
	} else if (strcmp(e->native_id, "asgiref-3.7.0.tar.gz") == 0 &&
	    strcmp(file, "asgiref.project.json") == 0) {
		facts_seen++;
		check_str(file, "repo", "django/asgiref", e->repo);
		if (!json_is_true(json_object_get(e->attrs, "yanked")))
			bad("asgiref-3.7.0.tar.gz not yanked");
	} else if (strcmp(e->native_id, "Djblets-0.7.32-py2.5.egg") == 0) {
		facts_seen++;
		check_str(file, "repo", NULL, e->repo);
		check_str(file, "version", "0.7.32", e->version);
		check_str(file, "artifact", "Djblets", e->artifact);
	}
}

static void
test_corpus(void **state)
{
	const char *root = corpus_root_or_skip();
	static const char *const mine[] = { "pypi/", NULL };

	(void)state;
	facts_seen = 0;
	replay_files(P, "pypi", corpus_files, NELEM(corpus_files),
	    "publish.delete", 1, corpus_fact);
	if (facts_seen != 3)
		bad("corpus facts seen %d times, want 3", facts_seen);
	if (probe_walk(P, root, "", mine) != (int)NELEM(corpus_files))
		bad("the probe does not claim every PyPI corpus file");
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_excerpt),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_corpus))
