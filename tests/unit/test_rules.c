/* SPDX-License-Identifier: MIT */
/*
 * test_rules.c - unit tests of the rule engine (rules/rule.c) and its
 * PCRE2 REGEXP (rules/regexp.c): header parsing and every header mistake
 * (with the line), statement checks (syntax, unknown columns, not a
 * SELECT, two statements, ATTACH, pragmas, bad regex, with file and line),
 * REGEXP and regexp_capture (NULLs, groups by number and name, the cache,
 * invalid UTF-8, limits), the fixture loader, how rows become findings
 * (defaults, sorting, skipped rows), hostile rules against a case file
 * that must come out byte-for-byte unchanged, and the rule pack itself
 * (complete headers, fixtures that fire and stay quiet).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "digest.h"
#include "err.h"
#include "rule.h"
#include "store.h"
#include "xalloc.h"

/* ---- helpers ------------------------------------------------------------ */

static struct rule *
parse_ok(const char *text)
{
	struct buf err = BUF_INIT;
	struct rule *r = NULL;

	if (rule_parse("t.sql", text, strlen(text), &r, &err) < 0) {
		print_error("unexpected parse error: %s\n", err.s);
		fail();
	}
	buf_release(&err);
	return r;
}

/* A scratch case (":memory:", real schema), guarded, with REGEXP. */
static struct store *
scratch(struct regexp_ctx *rx, int guard)
{
	struct store *st = NULL;
	struct diag d;

	assert_int_equal(store_open(":memory:", STORE_RW, &st, &d), 0);
	assert_int_equal(regexp_register(store_db(st), rx), 0);
	if (guard)
		assert_int_equal(store_guard_readonly(st), 0);
	return st;
}

/* Writes text to a new temporary file; returns its path (new). */
static char *
temp_file(const char *text)
{
	char *path = xstrdup("/tmp/sigtrail-test-rules-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* Loads fixture JSON lines (text) into db. */
static void
load_events(sqlite3 *db, const char *jsonl)
{
	struct buf err = BUF_INIT;
	char *path = temp_file(jsonl);

	if (rule_fixture_load(db, path, &err) < 0) {
		print_error("fixture: %s\n", err.s);
		fail();
	}
	unlink(path);
	free(path);
	buf_release(&err);
}

static int64_t
q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* The text of the one value sql returns (new), NULL for SQL NULL. */
static char *
q_text(sqlite3 *db, const char *sql, const char *bind1)
{
	sqlite3_stmt *stmt = NULL;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (bind1)
		sqlite3_bind_text(stmt, 1, bind1, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		v = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return v;
}

static void
assert_contains(const char *hay, const char *needle)
{
	if (hay == NULL || strstr(hay, needle) == NULL) {
		print_error("'%s' lacks '%s'\n", hay ? hay : "(null)", needle);
		fail();
	}
}

/* ---- the header --------------------------------------------------------- */

static void
test_parse_good(void **state)
{
	struct rule *r = parse_ok(
	    "-- id: kms-thing\n"
	    "-- title: A KMS thing\n"
	    "-- severity: high\n"
	    "-- attack: T1098,T1553.002 , T1562.008\n"
	    "-- description: first line\n"
	    "--   second line\n"
	    "--\n"
	    "-- a free comment, not a field\n"
	    "-- references: https://example.org/a\n"
	    "-- false_positives: none\n"
	    "\n"
	    "-- a comment in the body\n"
	    "SELECT id AS event_id FROM events;\n");

	assert_string_equal(r->id, "kms-thing");
	assert_string_equal(r->title, "A KMS thing");
	assert_string_equal(r->severity, "high");
	assert_string_equal(r->attack, "T1098, T1553.002, T1562.008");
	assert_string_equal(r->description, "first line second line");
	assert_string_equal(r->references, "https://example.org/a");
	assert_string_equal(r->false_positives, "none");
	assert_int_equal(r->id_line, 1);
	assert_int_equal(r->body_line, 11);
	assert_int_equal(rule_severity_rank("critical"), 4);
	assert_int_equal(rule_severity_rank("info"), 0);
	assert_int_equal(rule_severity_rank("severe"), -1);
	rule_free(r);
	/* optional fields absent; CRLF line ends */
	r = parse_ok("-- id: a-1\r\n-- title: t\r\n-- severity: info\r\n"
	    "SELECT 1 AS event_id\r\n");
	assert_null(r->attack);
	assert_null(r->description);
	assert_string_equal(r->severity, "info");
	assert_int_equal(r->body_line, 4);
	rule_free(r);
}

static const struct {
	const char *text;
	const char *want;
} bad_headers[] = {
	{ "-- title: t\n-- severity: low\nSELECT 1 AS event_id",
	  "t.sql:1: missing header field 'id'" },
	{ "-- id: x\n-- severity: low\nSELECT 1 AS event_id",
	  "t.sql:1: missing header field 'title'" },
	{ "-- id: x\n-- title: t\nSELECT 1 AS event_id",
	  "t.sql:1: missing header field 'severity'" },
	{ "SELECT 1 AS event_id", "missing header field 'id'" },
	{ "-- id: Bad_Id\n-- title: t\n-- severity: low\nSELECT 1",
	  "t.sql:1: bad rule id 'Bad_Id'" },
	{ "-- id: x\n-- title: t\n-- severity: urgent\nSELECT 1",
	  "t.sql:3: bad severity 'urgent'" },
	{ "-- id: x\n-- title: t\n-- severity: low\n-- attack: T1098, 1553\n"
	  "SELECT 1", "t.sql:4: bad ATT&CK technique id '1553'" },
	{ "-- id: x\n-- title: t\n-- severity: low\n-- attack: T1553.02\n"
	  "SELECT 1", "t.sql:4: bad ATT&CK technique id 'T1553.02'" },
	{ "-- id: x\n-- title: t\n-- sevirity: low\nSELECT 1",
	  "t.sql:3: unknown header field 'sevirity'" },
	{ "-- id: x\n-- id: y\n-- title: t\n-- severity: low\nSELECT 1",
	  "t.sql:2: header field 'id' given twice (first on line 1)" },
	{ "-- id: x\n-- title:\n-- severity: low\nSELECT 1",
	  "t.sql:2: header field 'title' is empty" },
};

static void
test_parse_bad(void **state)
{
	struct buf err = BUF_INIT;
	struct rule *r;
	size_t i;
	static const char nul[] = "-- id: x\n-- title: t\0\n";

	for (i = 0; i < sizeof(bad_headers) / sizeof(bad_headers[0]); i++) {
		buf_reset(&err);
		r = (struct rule *)1;
		assert_int_equal(rule_parse("t.sql", bad_headers[i].text,
		    strlen(bad_headers[i].text), &r, &err), -1);
		assert_null(r);
		assert_contains(err.s, bad_headers[i].want);
	}
	buf_reset(&err);
	assert_int_equal(rule_parse("t.sql", nul, sizeof(nul) - 1, &r, &err),
	    -1);
	assert_contains(err.s, "t.sql:2: the file holds a NUL byte");
	buf_reset(&err);
	assert_int_equal(rule_load("/nonexistent/r.sql", &r, &err), -1);
	assert_contains(err.s, "/nonexistent/r.sql: cannot open");
	buf_release(&err);
}

/* ---- statement checks ---------------------------------------------------- */

#define HDR "-- id: x\n-- title: t\n-- severity: low\n"

static const struct {
	const char *body;	/* after HDR (3 lines) */
	const char *want;
} bad_statements[] = {
	{ "", "t.sql:4: no SQL statement after the header" },
	{ "-- only a comment\n", "no SQL statement" },
	{ "SELECT id AS event_id\nFROM events\nWHERE actor =\n",
	  "t.sql:6: incomplete input" },
	{ "SELECT id AS event_id\nFROM events\nWHERE nosuchcolumn = 1\n",
	  "t.sql:6: no such column: nosuchcolumn" },
	{ "SELECT id AS event_id FROM nosuchtable\n",
	  "t.sql:4: no such table: nosuchtable" },
	{ "DELETE FROM events\n", "t.sql:4: not a SELECT statement" },
	{ "\n\nDROP TABLE events\n", "t.sql:6: not a SELECT statement" },
	{ "ATTACH 'other.db' AS o\n", "t.sql:4: not a SELECT statement" },
	{ "PRAGMA writable_schema = 1\n", "not a SELECT statement" },
	{ "EXPLAIN SELECT 1 AS event_id\n", "not a SELECT statement" },
	{ "SELECT 1 AS event_id;\nDROP TABLE events\n",
	  "t.sql:5: more than one statement" },
	{ "SELECT 1 AS event_id; SELECT 2 AS event_id\n",
	  "t.sql:4: more than one statement" },
	{ "WITH x AS (SELECT 1) DELETE FROM events\n", "t.sql:4:" },
	{ "WITH x AS (SELECT 1) INSERT INTO findings (kind) SELECT 1\n",
	  "t.sql:4:" },
	{ "SELECT id AS event_id, actor AS sumary FROM events\n",
	  "t.sql:4: unknown result column 'sumary'" },
	{ "SELECT id FROM events\n", "unknown result column 'id'" },
	{ "SELECT actor AS summary FROM events\n",
	  "exactly one of the columns event_id and event_ids" },
	{ "SELECT id AS event_id, '[1]' AS event_ids FROM events\n",
	  "exactly one of the columns event_id and event_ids" },
	{ "SELECT id AS event_id, id AS event_id FROM events\n",
	  "result column 'event_id' given twice" },
};

static void
test_check_bad(void **state)
{
	struct regexp_ctx *rx = regexp_ctx_new();
	struct store *st = scratch(rx, 1);
	struct buf err = BUF_INIT, text = BUF_INIT;
	struct rule *r;
	size_t i;

	for (i = 0; i < sizeof(bad_statements) / sizeof(bad_statements[0]);
	    i++) {
		buf_reset(&text);
		buf_addf(&text, HDR "%s", bad_statements[i].body);
		r = parse_ok(text.s);
		buf_reset(&err);
		if (rule_check(store_db(st), r, &err) != -1) {
			print_error("row %zu: accepted: %s\n", i,
			    bad_statements[i].body);
			fail();
		}
		assert_contains(err.s, bad_statements[i].want);
		rule_free(r);
	}
	/* the good shapes */
	r = parse_ok(HDR "WITH x AS (SELECT id FROM events)\n"
	    "SELECT id AS event_id, 'x' AS summary, NULL AS actor,\n"
	    "  NULL AS key_ref, ts_us FROM events;  -- trailing\n;\n");
	buf_reset(&err);
	assert_int_equal(rule_check(store_db(st), r, &err), 0);
	rule_free(r);
	r = parse_ok(HDR "select json_array(id) as event_ids from events\n");
	assert_int_equal(rule_check(store_db(st), r, &err), 0);
	rule_free(r);
	store_close(st);
	regexp_ctx_free(rx);
	buf_release(&err);
	buf_release(&text);
}

/* ---- REGEXP -------------------------------------------------------------- */

static void
test_regexp(void **state)
{
	struct regexp_ctx *rx = regexp_ctx_new();
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	const char *pat, *msg;
	struct buf b = BUF_INIT;
	size_t off, i, k;
	char *s;

	assert_non_null(rx);
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(regexp_register(db, rx), 0);
	assert_int_equal(q_int(db, "SELECT 'aws-cli/2.15' REGEXP '^aws-cli/'"),
	    1);
	assert_int_equal(q_int(db, "SELECT 'x aws-cli' REGEXP '^aws-cli'"), 0);
	assert_int_equal(q_int(db, "SELECT 'ABC' REGEXP '(?i)abc'"), 1);
	assert_int_equal(q_int(db, "SELECT 12345 REGEXP '^\\d+$'"), 1);
	assert_int_equal(q_int(db, "SELECT (NULL REGEXP 'a') IS NULL"), 1);
	assert_int_equal(q_int(db, "SELECT ('a' REGEXP NULL) IS NULL"), 1);
	assert_int_equal(q_int(db, "SELECT 'é' REGEXP '^.$'"), 1);
	/* invalid UTF-8 in the subject is matched, never an error */
	assert_int_equal(q_int(db, "SELECT CAST(x'61ff62' AS TEXT) REGEXP "
	    "'b$'"), 1);
	assert_int_equal(q_int(db, "SELECT CAST(x'61ff62' AS TEXT) REGEXP "
	    "'^a.b$'"), 0);
	s = q_text(db, "SELECT regexp_capture('key=val', '(\\w+)=(\\w+)', 2)",
	    NULL);
	assert_string_equal(s, "val");
	free(s);
	s = q_text(db, "SELECT regexp_capture('key=val', '(\\w+)=(\\w+)', 0)",
	    NULL);
	assert_string_equal(s, "key=val");
	free(s);
	s = q_text(db, "SELECT regexp_capture('arn:aws:iam::1:user/a/m.chen',"
	    " ':user/(?:.*/)?(?<name>[^/]+)$', 'name')", NULL);
	assert_string_equal(s, "m.chen");
	free(s);
	assert_null(q_text(db, "SELECT regexp_capture('abc', 'x(y)', 1)",
	    NULL));
	assert_null(q_text(db, "SELECT regexp_capture('abc', 'a(x)?', 1)",
	    NULL));
	assert_null(q_text(db, "SELECT regexp_capture(NULL, 'a', 0)", NULL));
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT regexp_capture('a', "
	    "'(a)', 2)", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ERROR);
	assert_contains(sqlite3_errmsg(db), "no such group number");
	sqlite3_finalize(stmt);
	/* a bad pattern fails the statement with PCRE2's message */
	regexp_reset(rx);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT 'a' REGEXP 'a(b'", -1,
	    &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ERROR);
	assert_contains(sqlite3_errmsg(db), "bad regular expression 'a(b': "
	    "missing closing parenthesis at offset 3");
	sqlite3_finalize(stmt);
	pat = regexp_bad_pattern(rx, &msg, &off);
	assert_string_equal(pat, "a(b");
	assert_contains(msg, "missing closing parenthesis");
	assert_int_equal(off, 3);
	/* more patterns than the cache holds, twice: still right */
	for (k = 0; k < 2; k++) {
		for (i = 0; i < 3 * REGEXP_CACHE; i++) {
			buf_reset(&b);
			buf_addf(&b, "SELECT 'n%zu' REGEXP '^n%zu$'", i, i);
			assert_int_equal(q_int(db, b.s), 1);
		}
	}
	/* catastrophic backtracking ends at the match limit: no match */
	regexp_reset(rx);
	buf_reset(&b);
	for (i = 0; i < 5000; i++)
		buf_addch(&b, 'a');
	buf_addch(&b, 'b');
	s = q_text(db, "SELECT ?1 REGEXP '^(a+)+$'", b.s);
	assert_string_equal(s, "0");
	free(s);
	assert_int_equal(regexp_limit_hits(rx, &pat), 1);
	assert_string_equal(pat, "^(a+)+$");
	/* a pattern over the length limit is refused */
	regexp_reset(rx);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT 'a' REGEXP "
	    "replace(hex(zeroblob(500000)), '0', 'a')", -1, &stmt, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ERROR);
	assert_contains(sqlite3_errmsg(db), "pattern too long (1000000 bytes");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	regexp_ctx_free(rx);
	buf_release(&b);
}

/* ---- fixtures ------------------------------------------------------------ */

static void
test_fixture_load(void **state)
{
	struct regexp_ctx *rx = regexp_ctx_new();
	struct store *st = scratch(rx, 0);
	sqlite3 *db = store_db(st);
	struct buf err = BUF_INIT;
	char *path, *s;
	size_t i;
	static const struct {
		const char *jsonl;
		const char *want;
	} bad[] = {
		{ "{\"source\":\"x\",\"action\":\"sign\"}\n{oops\n", ":2: " },
		{ "[1]\n", ":1: expected a JSON object" },
		{ "{\"source\":\"x\"}\n", ":1: an event needs \"source\" and "
		  "\"action\"" },
		{ "{\"source\":\"x\",\"action\":\"a\",\"colour\":1}\n",
		  ":1: 'colour' is not an events column" },
		{ "{\"source\":\"x\",\"action\":\"a\",\"dedup\":\"d\"}\n",
		  "'dedup' is not an events column a fixture may set" },
		{ "{\"source\":\"x\",\"action\":\"a\",\"ts\":\"yesterday\"}\n",
		  ":1: 'ts' is not an ISO 8601 time" },
		{ "{\"source\":\"x\",\"action\":\"a\",\"actor\":{\"a\":1}}\n",
		  ":1: 'actor' must be a string or a number" },
		{ "{\"source\":\"x\",\"action\":\"a\",\"actor\":\"a\","
		  "\"actor\":\"b\"}\n", ":1: duplicate object key" },
	};

	load_events(db,
	    "{\"ts\":\"2026-11-06T23:01:05+01:00\",\"source\":\"cloudtrail\","
	    "\"action\":\"sign\",\"actor\":\"r\",\"attrs\":{\"b\":1,\"a\":[2]},"
	    "\"raw\":\"{}\"}\n"
	    "\n"
	    "{\"ts\":\"2026-11-06T22:00:00.5Z\",\"end_ts\":\"2026-11-06T22:10:00Z\","
	    "\"source\":\"github_actions\",\"action\":\"ci.run\","
	    "\"outcome\":\"failure\",\"ts_us\":1}\n");
	assert_int_equal(q_int(db, "SELECT count(*) FROM events"), 2);
	assert_int_equal(q_int(db, "SELECT ts_us FROM events WHERE action ="
	    " 'sign'"), INT64_C(1794002465000000));
	s = q_text(db, "SELECT ts || ' ' || outcome || ' ' || attrs FROM"
	    " events WHERE action = 'sign'", NULL);
	assert_string_equal(s, "2026-11-06T22:01:05Z success "
	    "{\"a\":[2],\"b\":1}");
	free(s);
	s = q_text(db, "SELECT ts || ' ' || end_ts || ' ' || outcome FROM"
	    " events WHERE action = 'ci.run'", NULL);
	assert_string_equal(s, "2026-11-06T22:00:00.500000Z "
	    "2026-11-06T22:10:00Z failure");
	free(s);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		path = temp_file(bad[i].jsonl);
		buf_reset(&err);
		assert_int_equal(rule_fixture_load(db, path, &err), -1);
		assert_contains(err.s, path);
		assert_contains(err.s, bad[i].want);
		unlink(path);
		free(path);
	}
	buf_reset(&err);
	assert_int_equal(rule_fixture_load(db, "/nonexistent.jsonl", &err),
	    -1);
	assert_contains(err.s, "/nonexistent.jsonl: cannot open");
	store_close(st);
	regexp_ctx_free(rx);
	buf_release(&err);
}

/* ---- rows to findings ---------------------------------------------------- */

static const char run_events[] =
"{\"id\":10,\"ts\":\"2026-11-06T22:01:05Z\",\"source\":\"cloudtrail\","
"\"action\":\"sign\",\"actor\":\"role/a\",\"key_ref\":\"key/1\"}\n"
"{\"id\":11,\"ts\":\"2026-11-06T21:00:00Z\",\"source\":\"cloudtrail\","
"\"action\":\"sign\",\"actor\":\"role/b\",\"key_ref\":\"key/2\"}\n"
"{\"id\":12,\"source\":\"yubihsm\",\"action\":\"sign\","
"\"actor\":\"authkey:5\"}\n";

static void
test_run_rows(void **state)
{
	struct regexp_ctx *rx = regexp_ctx_new();
	struct store *st = scratch(rx, 0);
	struct rule_result res = { 0 };
	struct buf err = BUF_INIT, warn = BUF_INIT;
	struct rule *r;

	load_events(store_db(st), run_events);
	assert_int_equal(store_guard_readonly(st), 0);
	/* defaults from the earliest event; ids sorted and unique */
	r = parse_ok(HDR "SELECT '[10, 11, 10]' AS event_ids\n"
	    "UNION ALL SELECT json_array(12)\n"
	    "UNION ALL SELECT '[10]'\n");
	assert_int_equal(rule_run(store_db(st), rx, r, 10, &res, &warn, &err),
	    0);
	assert_int_equal(res.n, 3);
	assert_string_equal(res.v[0].event_ids, "[10,11]");
	assert_true(res.v[0].has_ts);
	assert_int_equal(res.v[0].ts_us, INT64_C(1793998800000000));
	assert_string_equal(res.v[0].actor, "role/b");
	assert_string_equal(res.v[0].key_ref, "key/2");
	assert_string_equal(res.v[0].summary, "t");
	assert_string_equal(res.v[1].event_ids, "[12]");
	assert_false(res.v[1].has_ts);
	assert_string_equal(res.v[1].actor, "authkey:5");
	assert_null(res.v[1].key_ref);
	assert_string_equal(res.v[2].actor, "role/a");
	assert_int_equal(res.skipped, 0);
	rule_result_release(&res);
	rule_free(r);
	/* given columns win; a summary is made one line */
	r = parse_ok(HDR "SELECT 10 AS event_id, '2026-01-01T00:00:00Z' AS"
	    " ts_us, 'k' AS key_ref, 'who' AS actor,\n"
	    "  'two' || char(10) || 'lines' AS summary\n");
	assert_int_equal(rule_run(store_db(st), rx, r, 0, &res, &warn, &err),
	    0);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.v[0].ts_us, INT64_C(1767225600000000));
	assert_string_equal(res.v[0].key_ref, "k");
	assert_string_equal(res.v[0].actor, "who");
	assert_string_equal(res.v[0].summary, "two lines");
	rule_result_release(&res);
	rule_free(r);
	/* rows that name no event, or one not in the case, are skipped */
	buf_reset(&warn);
	r = parse_ok(HDR "SELECT NULL AS event_ids UNION ALL SELECT '[]'\n"
	    "UNION ALL SELECT 'not json' UNION ALL SELECT '[\"10\"]'\n"
	    "UNION ALL SELECT '[10, 999]' UNION ALL SELECT 3.5\n"
	    "UNION ALL SELECT '[10]'\n");
	assert_int_equal(rule_run(store_db(st), rx, r, 0, &res, &warn, &err),
	    0);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.skipped, 6);
	assert_contains(warn.s, "t.sql: rule x: row");
	assert_contains(warn.s, "event_ids is NULL");
	assert_contains(warn.s, "event_ids is empty");
	assert_contains(warn.s, "not a JSON array");
	assert_contains(warn.s, "6 rows skipped in all");
	rule_result_release(&res);
	rule_free(r);
	/* a bad pattern fails the rule at the line that holds it */
	buf_reset(&err);
	r = parse_ok(HDR "SELECT id AS event_id\nFROM events\n"
	    "WHERE actor REGEXP 'role/(a'\n");
	assert_int_equal(rule_run(store_db(st), rx, r, 0, &res, &warn, &err),
	    -1);
	assert_contains(err.s, "t.sql:6: bad regular expression 'role/(a': "
	    "missing closing parenthesis at offset 7");
	assert_int_equal(res.n, 0);
	rule_free(r);
	store_close(st);
	regexp_ctx_free(rx);
	buf_release(&err);
	buf_release(&warn);
}

/* ---- hostile rules against a case file ----------------------------------- */

#define EVIL "x'); DROP TABLE events; --"

/* SHA-256 of the file's bytes and of a dump of every row of every table. */
static void
case_hash(const char *path, char *file_hex, char *rows_hex)
{
	struct sha256 h;
	struct diag d;
	struct store *st;
	sqlite3_stmt *t = NULL, *stmt = NULL;
	struct buf sql = BUF_INIT;
	int64_t size;
	int fd = open(path, O_RDONLY), i;

	assert_true(fd >= 0);
	assert_int_equal(sha256_fd(fd, file_hex, &size), 0);
	close(fd);
	assert_int_equal(store_open(path, STORE_RO, &st, &d), 0);
	assert_int_equal(sha256_init(&h), 0);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT name, sql"
	    " FROM sqlite_master ORDER BY name", -1, &t, NULL), SQLITE_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(t, 0);
		const char *ddl = (const char *)sqlite3_column_text(t, 1);

		sha256_update(&h, name, strlen(name));
		if (ddl)
			sha256_update(&h, ddl, strlen(ddl));
		if (ddl == NULL || strncmp(ddl, "CREATE TABLE", 12) != 0)
			continue;
		buf_reset(&sql);
		buf_addf(&sql, "SELECT * FROM \"%s\" ORDER BY rowid", name);
		assert_int_equal(sqlite3_prepare_v2(store_db(st), sql.s, -1,
		    &stmt, NULL), SQLITE_OK);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			for (i = 0; i < sqlite3_column_count(stmt); i++) {
				const void *p = sqlite3_column_blob(stmt, i);

				sha256_update(&h, "|", 1);
				if (p)
					sha256_update(&h, p, (size_t)
					    sqlite3_column_bytes(stmt, i));
			}
		}
		sqlite3_finalize(stmt);
	}
	sqlite3_finalize(t);
	assert_int_equal(sha256_final_hex(&h, rows_hex), 0);
	store_close(st);
	buf_release(&sql);
}

static const struct {
	const char *body;
	const char *want;	/* error substring; NULL: the rule runs */
} hostile[] = {
	{ "SELECT 1 AS event_id; DROP TABLE events\n",
	  "more than one statement" },
	{ "DELETE FROM events\n", "not a SELECT statement" },
	{ "UPDATE events SET actor = 'x'\n", "not a SELECT statement" },
	{ "ATTACH 'evil.db' AS e\n", "not a SELECT statement" },
	{ "WITH x AS (SELECT 1) DELETE FROM events\n", "t.sql:4:" },
	{ "WITH x AS (SELECT 1) SELECT id AS event_id FROM events;"
	  " ATTACH 'evil.db' AS e\n", "more than one statement" },
	{ "SELECT id AS event_id FROM events WHERE (SELECT count(*) FROM"
	  " pragma_writable_schema) >= 0\n", "t.sql:4:" },
	{ "SELECT id AS event_id FROM events WHERE load_extension('x')\n",
	  "t.sql:" },
	/* a 1 MB pattern built at run time */
	{ "SELECT id AS event_id FROM events WHERE actor REGEXP\n"
	  "  replace(hex(zeroblob(500000)), '0', 'a')\n",
	  "pattern too long" },
	/* catastrophic backtracking on a long subject: limit, not a hang */
	{ "SELECT id AS event_id FROM events WHERE actor REGEXP '^(a+)+$'\n",
	  NULL },
	/* SQL text in values is data */
	{ "SELECT id AS event_id, actor || ' / ' || attrs AS summary"
	  " FROM events WHERE actor LIKE '%DROP TABLE%'\n", NULL },
};

static void
test_hostile(void **state)
{
	struct regexp_ctx *rx = regexp_ctx_new();
	struct store *st = NULL, *ro = NULL;
	struct rule_result res = { 0 };
	struct buf err = BUF_INIT, warn = BUF_INIT, text = BUF_INIT;
	char dir[] = "/tmp/sigtrail-test-rules-XXXXXX", *path, *cwd;
	char f1[SHA256_HEXLEN], r1[SHA256_HEXLEN];
	char f2[SHA256_HEXLEN], r2[SHA256_HEXLEN];
	struct diag d;
	struct rule *r;
	size_t i;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/case.db", dir);
	cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(dir), 0);	/* where ATTACH would write */
	assert_int_equal(store_open(path, STORE_RW, &st, &d), 0);
	buf_addstr(&text, "{\"ts\":\"2026-11-06T22:01:05Z\",\"source\":"
	    "\"cloudtrail\",\"action\":\"sign\",\"actor\":\"");
	for (i = 0; i < 20000; i++)
		buf_addch(&text, 'a');
	buf_addstr(&text, "b\"}\n{\"ts\":\"2026-11-06T22:02:00Z\",\"source\":"
	    "\"cloudtrail\",\"action\":\"sign\",\"actor\":\"" EVIL "\","
	    "\"attrs\":{\"q\":\"'; DELETE FROM events; SELECT '\"}}\n");
	load_events(store_db(st), text.s);
	store_close(st);
	case_hash(path, f1, r1);

	assert_int_equal(store_open(path, STORE_RO, &ro, &d), 0);
	assert_int_equal(store_guard_readonly(ro), 0);
	assert_int_equal(regexp_register(store_db(ro), rx), 0);
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		buf_reset(&text);
		buf_addf(&text, HDR "%s", hostile[i].body);
		r = parse_ok(text.s);
		buf_reset(&err);
		buf_reset(&warn);
		if (hostile[i].want) {
			if (rule_run(store_db(ro), rx, r, 60, &res, &warn,
			    &err) != -1) {
				print_error("row %zu ran: %s\n", i,
				    hostile[i].body);
				fail();
			}
			assert_contains(err.s, hostile[i].want);
		} else {
			assert_int_equal(rule_run(store_db(ro), rx, r, 60,
			    &res, &warn, &err), 0);
		}
		if (strstr(hostile[i].body, "(a+)+")) {
			assert_int_equal(res.n, 0);
			assert_int_equal(res.limit_hits, 1);
			assert_contains(warn.s, "hit the match or depth limit");
		}
		if (strstr(hostile[i].body, "LIKE '%DROP TABLE%'")) {
			assert_int_equal(res.n, 1);
			assert_contains(res.v[0].summary, EVIL " / ");
			assert_contains(res.v[0].summary, "DELETE FROM events");
			assert_string_equal(res.v[0].actor, EVIL);
		}
		rule_result_release(&res);
		rule_free(r);
	}
	/* a 1 MB pattern written in the rule itself */
	buf_reset(&text);
	buf_addstr(&text, HDR "SELECT id AS event_id FROM events WHERE actor"
	    " REGEXP '");
	for (i = 0; i < 1000000; i++)
		buf_addch(&text, 'a');
	buf_addstr(&text, "'\n");
	r = parse_ok(text.s);
	buf_reset(&err);
	assert_int_equal(rule_run(store_db(ro), rx, r, 60, &res, &warn, &err),
	    -1);
	assert_contains(err.s, "t.sql:4:");
	rule_free(r);
	store_close(ro);

	case_hash(path, f2, r2);
	assert_string_equal(f1, f2);
	assert_string_equal(r1, r2);
	assert_int_equal(access("evil.db", F_OK), -1);
	assert_int_equal(chdir(cwd), 0);
	unlink(path);
	rmdir(dir);
	free(path);
	free(cwd);
	regexp_ctx_free(rx);
	buf_release(&err);
	buf_release(&warn);
	buf_release(&text);
}

/* ---- the pack ------------------------------------------------------------ */

/* Findings of r on one fixture file, or -1. */
static long
fixture_findings(struct regexp_ctx *rx, const struct rule *r,
    const char *file)
{
	struct store *st = scratch(rx, 0);
	struct rule_result res = { 0 };
	struct buf err = BUF_INIT, warn = BUF_INIT;
	long n = -1;

	if (rule_fixture_load(store_db(st), file, &err) >= 0 &&
	    store_guard_readonly(st) == 0 &&
	    rule_run(store_db(st), rx, r, 60, &res, &warn, &err) == 0 &&
	    res.skipped == 0 && res.limit_hits == 0)
		n = (long)res.n;
	else
		print_error("%s: %s%s\n", file, err.s, warn.s);
	rule_result_release(&res);
	store_close(st);
	buf_release(&err);
	buf_release(&warn);
	return n;
}

static void
test_pack(void **state)
{
	struct regexp_ctx *rx = regexp_ctx_new();
	const char *src = getenv("SIGTRAIL_SRCDIR");
	char *pack, **files = NULL, *dir, *fire, *quiet;
	size_t nfiles = 0, i, k;
	struct buf err = BUF_INIT;
	struct rule **rules;

	pack = xasprintf("%s/rules/pack", src && *src ? src : ".");
	assert_int_equal(rule_collect(&pack, 1, &files, &nfiles), 0);
	assert_true(nfiles >= 20);
	rules = xcalloc(nfiles, sizeof(*rules));
	for (i = 0; i < nfiles; i++) {
		buf_reset(&err);
		if (rule_load(files[i], &rules[i], &err) < 0) {
			print_error("%s\n", err.s);
			fail();
		}
		/* pack rules carry every field */
		assert_non_null(rules[i]->description);
		assert_non_null(rules[i]->attack);
		assert_non_null(rules[i]->false_positives);
		for (k = 0; k < i; k++)
			assert_string_not_equal(rules[k]->id, rules[i]->id);
		/* the file is named after the rule */
		assert_non_null(strstr(files[i], rules[i]->id));
		dir = rule_fixture_dir(rules[i]);
		if (dir == NULL) {
			print_error("%s: no fixtures\n", rules[i]->id);
			fail();
		}
		fire = xasprintf("%s/%s.fire.jsonl", dir, rules[i]->id);
		quiet = xasprintf("%s/%s.quiet.jsonl", dir, rules[i]->id);
		if (fixture_findings(rx, rules[i], fire) < 1 ||
		    fixture_findings(rx, rules[i], quiet) != 0) {
			print_error("%s: fixtures\n", rules[i]->id);
			fail();
		}
		free(fire);
		free(quiet);
		free(dir);
	}
	for (i = 0; i < nfiles; i++) {
		rule_free(rules[i]);
		free(files[i]);
	}
	free(rules);
	free(files);
	free(pack);
	regexp_ctx_free(rx);
	buf_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_check_bad),
		cmocka_unit_test(test_regexp),
		cmocka_unit_test(test_fixture_load),
		cmocka_unit_test(test_run_rows),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_pack),
	};

	err_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
