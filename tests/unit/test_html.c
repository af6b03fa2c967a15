/* SPDX-License-Identifier: MIT */
/*
 * test_html.c - unit tests of the HTML report: html_escape()
 * (report/html_escape.c) on every HTML special character, quotes in
 * attribute values, control characters, invisible and bidirectional
 * characters, bytes that are not UTF-8 and embedded NUL; then the page
 * of report/html.c on a small in-memory case whose evidence is hostile
 * (a user agent "<script>...", a principal and a key label that try to
 * close an attribute): everything shows escaped, no script, nothing
 * fetched, the same bytes twice, and -o is required.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "html_escape.h"
#include "report.h"
#include "store.h"
#include "writer.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static char *
escape(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	html_escape(&b, s, n);
	return buf_detach(&b, NULL);
}

static void
expect(const char *in, size_t n, const char *want)
{
	char *got = escape(in, n);

	assert_string_equal(got, want);
	free(got);
}

#define EXPECT(lit, want)	expect((lit), sizeof(lit) - 1, (want))

static void
test_specials(void **state)
{
	(void)state;
	EXPECT("", "");
	EXPECT("plain text 123", "plain text 123");
	EXPECT("&", "&amp;");
	EXPECT("<", "&lt;");
	EXPECT(">", "&gt;");
	EXPECT("\"", "&quot;");
	EXPECT("'", "&#39;");
	EXPECT("a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	/* entities are not trusted: escaped again */
	EXPECT("&amp;&lt;", "&amp;amp;&amp;lt;");
	EXPECT("<script>alert(1)</script>",
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	/* backslash, equals, backtick are harmless in quoted attributes */
	EXPECT("a\\b=`c`", "a\\b=`c`");
}

static void
test_attributes(void **state)
{
	struct buf b = BUF_INIT;
	static const char hostile[] = "\"><img src=x onerror=alert(1)>";

	(void)state;
	EXPECT("\"><img src=x onerror=alert(1)>",
	    "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
	EXPECT("' onmouseover='x'", "&#39; onmouseover=&#39;x&#39;");
	EXPECT("\" onmouseover=\"x", "&quot; onmouseover=&quot;x");
	/* inside an attribute, the value cannot end it */
	buf_addstr(&b, "<span title=\"");
	html_escape_str(&b, hostile);
	buf_addstr(&b, "\">");
	/* the only quotes are the attribute's own */
	assert_ptr_equal(strchr(b.s + strlen("<span title=\""), '"'),
	    b.s + b.len - 2);
	assert_null(strstr(b.s, "<img"));
	buf_release(&b);
	/* NULL appends nothing */
	buf_init(&b);
	html_escape_str(&b, NULL);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void
test_controls(void **state)
{
	(void)state;
	EXPECT("a\tb\nc\rd", "a\\tb\\nc\\rd");
	EXPECT("\x01\x1b[31m\x7f", "\\x01\\x1b[31m\\x7f");
	/* embedded NUL, length given */
	expect("a\0b", 3, "a\\x00b");
	/* C1 controls (U+0085 NEL, U+009B CSI) */
	EXPECT("\xc2\x85\xc2\x9b", "\\u0085\\u009b");
	/* invisible and bidirectional: U+200B, U+202E, U+2066, U+FEFF,
	   U+2028 */
	EXPECT("a\xe2\x80\x8b" "b", "a\\u200bb");
	EXPECT("\xe2\x80\xae" "txt.exe", "\\u202etxt.exe");
	EXPECT("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");
	EXPECT("\xef\xbb\xbfx", "\\ufeffx");
	EXPECT("\xe2\x80\xa8", "\\u2028");
	/* what is printable stays: é, €, 𝄞, U+00A0 */
	EXPECT("\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e\xc2\xa0",
	    "\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e\xc2\xa0");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	EXPECT("\xff", "\\xff");
	EXPECT("a\xc3", "a\\xc3");			/* truncated */
	EXPECT("\xc3(", "\\xc3(");			/* bad continuation */
	EXPECT("\xc0\xbc", "\\xc0\\xbc");		/* overlong '<' */
	EXPECT("\xe0\x80\xbc", "\\xe0\\x80\\xbc");	/* overlong '<' */
	EXPECT("\xed\xa0\x80", "\\xed\\xa0\\x80");	/* surrogate */
	EXPECT("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* > U+10FFFF */
	EXPECT("\x80<", "\\x80&lt;");
}

/* ---- the page ---- */

#define HOSTILE_ACTOR	"arn:aws:iam::1:user/\"><img src=x onerror=alert(1)>"
#define HOSTILE_UA	"<script>alert(1)</script>"
#define K1		"arn:aws:kms:eu-west-1:1:key/one"

static const char case_sql[] =
"INSERT INTO runs VALUES (1, 'correlate', 'x', '0.1.0',"
" '2026-01-12T00:00:00Z');"
"INSERT INTO evidence (id, path, kind, sha256, size, ingested_at,"
" tool_version, command_line, status) VALUES (1, 'e.json', 'file', '00', 0,"
" 't', '0.1.0', 'x', 'ok');"
"INSERT INTO correlations VALUES (1, 1, '{}', '{}', 120);"
"INSERT INTO keys (id, canonical, label) VALUES (1, '" K1 "',"
" 'key \"><b onmouseover=x>');"
"INSERT INTO events (id, ts_us, ts, source, action, operation, outcome,"
" actor, session, key_ref, src_ip, user_agent, native_id, dedup,"
" evidence_id, digest) VALUES"
" (1, 1768039500000000, '2026-01-10T10:05:00Z', 'cloudtrail', 'sign',"
"  'kms:Sign', 'success', '" HOSTILE_ACTOR "', 'ASIAXXXXXXXXXXXXXXXX/x',"
"  '" K1 "', '203.0.113.9', '" HOSTILE_UA "', 'n1', 'd1', 1,"
"  'sha256:<i>\xe2\x80\xae'),"
" (2, 1768039560000000, '2026-01-10T10:06:00Z', 'github_actions', 'ci.run',"
"  'run', 'success', 'dev', NULL, NULL, NULL, NULL, 'r1', 'd2', 1, NULL),"
" (3, 1768122000000000, '2026-01-11T09:00:00Z', 'cloudtrail',"
"  'key.disable', 'kms:DisableKey', 'success', 'arn:aws:iam::1:user/admin',"
"  'AKIAAAAAAAAAAAAAAAAA', '" K1 "', '198.51.100.1', 'x', 'n3', 'd3', 1,"
"  NULL);"
"INSERT INTO verdicts (sign_id, key_ref, verdict, reasons, digest) VALUES"
" (1, '" K1 "', 'unaccounted', '[\"no CI run for <b>it</b>\"]',"
"  'sha256:<i>\xe2\x80\xae');"
"INSERT INTO findings (kind, severity, ts_us, ts, key_ref, actor, summary,"
" event_ids, origin) VALUES ('unaccounted-signature', 'critical',"
" 1768039500000000, '2026-01-10T10:05:00Z', '" K1 "', '" HOSTILE_ACTOR "',"
" 'signed by <script>', '[1]', 'correlate'),"
" ('odd', 'sev<ere', NULL, NULL, NULL, NULL, 'x', '[]', 'rule:odd');";

static int
page(struct store *st, const char *out_path, char **out)
{
	struct report_args ra;
	size_t len = 0;
	int rc;

	memset(&ra, 0, sizeof(ra));
	ra.db = store_db(st);
	ra.w = &writer_table;
	ra.from_us = INT64_MIN;
	ra.to_us = INT64_MAX;
	ra.out = out_path;
	*out = NULL;
	ra.fp = open_memstream(out, &len);
	assert_non_null(ra.fp);
	rc = report_html(&ra);
	fclose(ra.fp);
	return rc;
}

static void
test_page(void **state)
{
	struct store *st = NULL;
	struct diag d;
	char *msg = NULL, *a, *b;

	(void)state;
	assert_int_equal(store_open(":memory:", STORE_RW, &st, &d), 0);
	if (sqlite3_exec(store_db(st), case_sql, NULL, NULL, &msg) !=
	    SQLITE_OK)
		fail_msg("case: %s", msg);
	/* -o is required */
	assert_int_equal(page(st, NULL, &a), 2);
	assert_int_equal(strlen(a), 0);
	free(a);
	assert_int_equal(page(st, "report.html", &a), 0);
	assert_int_equal(page(st, "report.html", &b), 0);
	assert_string_equal(a, b);
	free(b);
	assert_int_equal(strncmp(a, "<!DOCTYPE html>\n", 16), 0);
	/* nothing executable, nothing fetched */
	assert_null(strstr(a, "<script"));
	assert_null(strstr(a, "<img"));
	assert_null(strstr(a, "<b "));
	assert_null(strstr(a, "<i>"));
	assert_null(strstr(a, " src=\""));
	assert_null(strstr(a, "href=\"http"));
	assert_null(strstr(a, "url("));
	assert_null(strstr(a, "\xe2\x80\xae"));
	assert_non_null(strstr(a, "default-src 'none'"));
	/* the values are there, as text */
	assert_non_null(strstr(a, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(a, "user/&quot;&gt;&lt;img src=x "
	    "onerror=alert(1)&gt;"));
	assert_non_null(strstr(a, "key &quot;&gt;&lt;b onmouseover=x&gt;"));
	assert_non_null(strstr(a, "no CI run for &lt;b&gt;it&lt;/b&gt;"));
	assert_non_null(strstr(a, "sha256:&lt;i&gt;\\u202e"));
	assert_non_null(strstr(a, "<svg"));
	assert_non_null(strstr(a, "id=\"findings\""));
	assert_non_null(strstr(a, "<tr class=\"pv\">"));
	/* no clock: the case's last run */
	assert_non_null(strstr(a, "<time class=\"run\">2026-01-12T00:00:00Z"
	    "</time>"));
	/* an unknown severity never becomes markup */
	assert_null(strstr(a, "sev<ere"));
	free(a);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_specials),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_page),
	};

	err_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
