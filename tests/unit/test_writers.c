/* SPDX-License-Identifier: MIT */
/*
 * test_writers.c - unit tests of the output writers (report/writers.c and
 * report/write_*.c): exact output of every format, escaping, alignment,
 * lookup, and writer_run_stmt over an in-memory SQLite database.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "writer.h"

#define ELLIPSIS	"\xe2\x80\xa6"	/* U+2026 */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define C_NULL		{ .type = WCELL_NULL, .s = NULL, .len = 0 }
#define C_INT(v)	{ .type = WCELL_INT, .i = (v) }
#define C_REAL(v)	{ .type = WCELL_REAL, .r = (v) }
#define C_TEXT(str)	\
	{ .type = WCELL_TEXT, .s = (str), .len = sizeof(str) - 1 }
#define C_BLOB(str)	\
	{ .type = WCELL_BLOB, .s = (str), .len = sizeof(str) - 1 }

/*
 * Runs writer wr over ncols columns and nrows rows of cells (row-major)
 * into a memory stream; returns the output (caller frees) and the status
 * of the writer in *rc.
 */
static char *
run(const struct writer *wr, const char *const *cols, size_t ncols,
    const struct wcell *cells, size_t nrows, int *rc)
{
	struct wctx w;
	char *out = NULL;
	size_t outlen = 0, r;
	int ret = 0;

	memset(&w, 0, sizeof(w));
	w.fp = open_memstream(&out, &outlen);
	assert_non_null(w.fp);
	w.cols = cols;
	w.ncols = ncols;
	if (wr->begin(&w) == -1)
		ret = -1;
	for (r = 0; r < nrows && ret == 0; r++)
		if (wr->row(&w, cells + r * ncols) == -1)
			ret = -1;
	if (wr->end(&w) == -1)
		ret = -1;
	assert_null(w.priv);
	assert_int_equal(fclose(w.fp), 0);
	if (rc != NULL)
		*rc = ret;
	return out;
}

static void
check(const struct writer *wr, const char *const *cols, size_t ncols,
    const struct wcell *cells, size_t nrows, const char *want)
{
	char *got;
	int rc;

	got = run(wr, cols, ncols, cells, nrows, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	free(got);
}

static void
check_text(const struct wcell *c, const char *want)
{
	struct buf b = BUF_INIT;

	wcell_text(c, &b);
	assert_string_equal(b.s, want);
	assert_int_equal(b.len, strlen(want));
	buf_release(&b);
}

/* Runs sql through wr; returns the output and sets *rc and *rows. */
static char *
run_sql(const struct writer *wr, const char *sql, int *rc, size_t *rows)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	fp = open_memstream(&out, &outlen);
	assert_non_null(fp);
	*rc = writer_run_stmt(wr, fp, stmt, rows);
	assert_int_equal(fclose(fp), 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return out;
}

/* ---- lookup ---- */

static void
test_lookup(void **state)
{
	FILE *fp;
	size_t i;

	assert_ptr_equal(writer_find("table"), &writer_table);
	assert_ptr_equal(writer_find("csv"), &writer_csv);
	assert_ptr_equal(writer_find("json"), &writer_json);
	assert_ptr_equal(writer_find("md"), &writer_md);
	assert_null(writer_find("xml"));
	assert_null(writer_find(""));
	assert_null(writer_find("CSV"));
	assert_null(writer_find(NULL));
	assert_string_equal(writer_names(), "table, csv, json, md");
	assert_string_equal(writer_names(), "table, csv, json, md");
	for (i = 0; writers[i] != NULL; i++) {
		assert_non_null(writers[i]->desc);
		assert_non_null(writers[i]->begin);
		assert_non_null(writers[i]->row);
		assert_non_null(writers[i]->end);
	}
	assert_int_equal(i, 4);
	fp = tmpfile();
	assert_non_null(fp);
	assert_string_equal(writer_default(fp), "csv");
	fclose(fp);
}

/* ---- wcell_text ---- */

static void
test_wcell_text(void **state)
{
	struct wcell c[] = {
		C_INT(0), C_INT(-42), C_INT(INT64_MAX), C_INT(INT64_MIN),
		C_REAL(1.5), C_REAL(3.0), C_REAL(-0.0), C_REAL(0.1),
		C_REAL(1.0 / 3.0), C_REAL(1e20), C_REAL(1e15), C_REAL(-2.5e-7),
		C_REAL(INFINITY), C_REAL(-INFINITY),
		C_NULL, C_TEXT("h\xc3\xa9llo, \"x\""), C_TEXT(""),
		C_BLOB("abc"), C_BLOB("\xe2\x82\xac"), C_BLOB("a\0b"),
		C_BLOB("\xff\x01"), C_BLOB(""), C_BLOB("\xc0\x80"),
	};
	const char *want[] = {
		"0", "-42", "9223372036854775807", "-9223372036854775808",
		"1.5", "3.0", "-0.0", "0.1",
		"0.333333333333333", "1e+20", "1e+15", "-2.5e-07",
		"inf", "-inf",
		"", "h\xc3\xa9llo, \"x\"", "",
		"abc", "\xe2\x82\xac", "x'610062'",
		"x'ff01'", "", "x'c080'",
	};
	struct buf b = BUF_INIT;
	size_t i;

	assert_int_equal(NELEM(c), NELEM(want));
	for (i = 0; i < NELEM(c); i++)
		check_text(&c[i], want[i]);

	/* Appends; TEXT is taken by len, not up to a NUL. */
	buf_addstr(&b, "<");
	c[0].type = WCELL_TEXT;
	c[0].s = "a\0b";
	c[0].len = 3;
	wcell_text(&c[0], &b);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.s, "<a\0b", 4);
	buf_release(&b);
}

/* ---- csv ---- */

static const char *const cols3[] = { "id", "name", "score" };

static void
test_csv_basic(void **state)
{
	const struct wcell cells[] = {
		C_INT(1), C_TEXT("alice"), C_REAL(9.5),
		C_INT(-2), C_NULL, C_REAL(10.0),
		C_NULL, C_TEXT(""), C_NULL,
	};

	check(&writer_csv, cols3, 3, cells, 3,
	    "id,name,score\n"
	    "1,alice,9.5\n"
	    "-2,,10.0\n"
	    ",,\n");
}

static void
test_csv_quoting(void **state)
{
	const char *const cols[] = { "a,b", "say \"hi\"", "plain" };
	const struct wcell cells[] = {
		C_TEXT("x,y"), C_TEXT("he said \"no\""), C_TEXT("line1\nline2"),
		C_TEXT("cr\rhere"), C_TEXT("esc\x1b[31m|pipe"),
		C_TEXT("bad\xff\xfeutf8"),
		C_TEXT("\""), C_TEXT("back\\slash\t"), C_TEXT("crlf\r\n"),
	};

	check(&writer_csv, cols, 3, cells, 3,
	    "\"a,b\",\"say \"\"hi\"\"\",plain\n"
	    "\"x,y\",\"he said \"\"no\"\"\",\"line1\nline2\"\n"
	    "\"cr\rhere\",esc\x1b[31m|pipe,bad\xff\xfeutf8\n"
	    "\"\"\"\",back\\slash\t,\"crlf\r\n\"\n");
}

static void
test_csv_blob_zero_rows(void **state)
{
	const char *const cols[] = { "b" };
	const struct wcell cells[] = {
		C_BLOB("text,blob"), C_BLOB("\x00\x01\xff"), C_BLOB(""),
	};

	check(&writer_csv, cols, 1, cells, 3,
	    "b\n\"text,blob\"\nx'0001ff'\n\n");
	check(&writer_csv, cols3, 3, NULL, 0, "id,name,score\n");
	check(&writer_csv, NULL, 0, NULL, 0, "");
}

/* csv_add_field on its own: runs between quotes, bytes past a NUL. */
static void
test_csv_add_field(void **state)
{
	static const struct {
		const char	*in;
		size_t		 n;
		const char	*out;
		size_t		 outn;
	} t[] = {
#define T(a, b) { a, sizeof(a) - 1, b, sizeof(b) - 1 }
		T("", ""),
		T("plain", "plain"),
		T("a\"b", "\"a\"\"b\""),
		T("\"", "\"\"\"\""),
		T("\"\"", "\"\"\"\"\"\""),
		T("\"lead", "\"\"\"lead\""),
		T("trail\"", "\"trail\"\"\""),
		T("x\"\"y\"z", "\"x\"\"\"\"y\"\"z\""),
		T("a,\"b\",c", "\"a,\"\"b\"\",c\""),
		T("only,comma", "\"only,comma\""),
		T("cr\r", "\"cr\r\""),
		T("\n", "\"\n\""),
		T("nul\0,after", "\"nul\0,after\""),
		T("nul\0\"q", "\"nul\0\"\"q\""),
		T("tab\tsemi;", "tab\tsemi;"),
#undef T
	};
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		buf_reset(&b);
		buf_addstr(&b, "pre|");
		csv_add_field(&b, t[i].in, t[i].n);
		assert_int_equal(b.len, 4 + t[i].outn);
		assert_memory_equal(b.s, "pre|", 4);
		assert_memory_equal(b.s + 4, t[i].out, t[i].outn);
		assert_int_equal(b.s[b.len], '\0');
	}
	buf_release(&b);
}

/* ---- json ---- */

static void
test_json_types(void **state)
{
	const char *const cols[] = { "i", "r", "n", "t", "b" };
	const struct wcell cells[] = {
		C_INT(1), C_REAL(1.5), C_NULL, C_TEXT("a,b"),
		    C_BLOB("\x00\xff"),
		C_INT(INT64_MIN), C_REAL(3.0), C_NULL, C_TEXT("h\xc3\xa9"),
		    C_BLOB("\xe2\x82\xac"),
		C_INT(0), C_REAL(0.1), C_TEXT("null"), C_TEXT(""), C_BLOB(""),
	};

	check(&writer_json, cols, 5, cells, 3,
	    "[\n"
	    "{\"i\":1,\"r\":1.5,\"n\":null,\"t\":\"a,b\",\"b\":\"x'00ff'\"},\n"
	    "{\"i\":-9223372036854775808,\"r\":3.0,\"n\":null,"
	    "\"t\":\"h\xc3\xa9\",\"b\":\"\xe2\x82\xac\"},\n"
	    "{\"i\":0,\"r\":0.1,\"n\":\"null\",\"t\":\"\",\"b\":\"\"}\n"
	    "]\n");
}

static void
test_json_strings(void **state)
{
	const char *const cols[] = { "t" };
	const struct wcell cells[] = {
		C_TEXT("q\"b\\s/n\nt\tesc\x1b|p"),
		C_TEXT("bad\xff" "a"),
		C_TEXT("nul\0in"),
	};

	check(&writer_json, cols, 1, cells, 3,
	    "[\n"
	    "{\"t\":\"q\\\"b\\\\s/n\\nt\\tesc\\u001B|p\"},\n"
	    "{\"t\":\"x'626164ff61'\"},\n"
	    "{\"t\":\"nul\\u0000in\"}\n"
	    "]\n");
}

static void
test_json_edge(void **state)
{
	const char *const cols[] = { "id", "id", "id:1", "bad\xff", "x" };
	const struct wcell cells[] = {
		C_INT(1), C_INT(2), C_INT(3), C_INT(4), C_REAL(INFINITY),
	};
	const struct wcell one[] = { C_REAL(1e20) };

	/*
	 * A name taken by an earlier column gets ":N", in column order;
	 * inf is null.
	 */
	check(&writer_json, cols, 5, cells, 1,
	    "[\n"
	    "{\"id\":1,\"id:1\":2,\"id:1:1\":3,\"x'626164ff'\":4,\"x\":null}\n"
	    "]\n");
	check(&writer_json, cols, 1, one, 1, "[\n{\"id\":1e20}\n]\n");
	check(&writer_json, cols3, 3, NULL, 0, "[]\n");
}

/* ---- table ---- */

static void
test_table_basic(void **state)
{
	const struct wcell cells[] = {
		C_INT(1), C_TEXT("alice"), C_REAL(9.5),
		C_INT(-200), C_NULL, C_REAL(10.0),
		C_INT(3), C_TEXT("bob"), C_NULL,
	};

	check(&writer_table, cols3, 3, cells, 3,
	    "id    name   score\n"
	    "----  -----  -----\n"
	    "1     alice  9.5\n"
	    "-200         10.0\n"
	    "3     bob\n");
}

static void
test_table_zero_rows(void **state)
{
	const char *const cols[] = { "a", "", "long_name" };

	check(&writer_table, cols, 3, NULL, 0,
	    "a     long_name\n"
	    "-  -  ---------\n");
	check(&writer_table, NULL, 0, NULL, 0, "");
}

static void
test_table_escape(void **state)
{
	const char *const cols[] = { "v", "n" };
	const struct wcell cells[] = {
		C_TEXT("esc\x1b[2J"), C_INT(1),
		C_TEXT("a\nb\rc\td"), C_INT(2),
		C_TEXT("back\\slash\\n"), C_INT(3),
		C_TEXT("del\x7f" "bell\x07"), C_INT(4),
		C_TEXT("bad\xff\xc3"), C_INT(5),
		C_TEXT("c1\xc2\x9b" "x"), C_INT(6),
		C_BLOB("\x1b\x00"), C_INT(7),
		C_TEXT("nul\0x"), C_INT(8),
	};

	check(&writer_table, cols, 2, cells, 8,
	    "v                n\n"
	    "---------------  -\n"
	    "esc\\x1b[2J       1\n"
	    "a\\nb\\rc\\td       2\n"
	    "back\\slash\\n     3\n"
	    "del\\x7fbell\\x07  4\n"
	    "bad\\xff\\xc3      5\n"
	    "c1\\u009bx        6\n"
	    "x'1b00'          7\n"
	    "nul\\x00x         8\n");
	/* The header is escaped too. */
	{
		const char *const hcols[] = { "a\x1b" "b", "c" };
		const struct wcell hc[] = { C_INT(1), C_INT(2) };

		check(&writer_table, hcols, 2, hc, 1,
		    "a\\x1bb  c\n"
		    "------  -\n"
		    "1       2\n");
	}
}

static void
test_table_utf8(void **state)
{
	const char *const cols[] = { "word", "n" };
	const struct wcell cells[] = {
		C_TEXT("h\xc3\xa9llo"), C_INT(1),		/* héllo */
		C_TEXT("\xe2\x82\xac\xe2\x82\xac"), C_INT(2),	/* €€ */
		C_TEXT("\xf0\x9f\x94\x8d" "abcdef"), C_INT(3),	/* 🔍abcdef */
		C_BLOB("\xc3\xbc"), C_INT(4),			/* ü */
	};

	check(&writer_table, cols, 2, cells, 4,
	    "word     n\n"
	    "-------  -\n"
	    "h\xc3\xa9llo    1\n"
	    "\xe2\x82\xac\xe2\x82\xac       2\n"
	    "\xf0\x9f\x94\x8d" "abcdef  3\n"
	    "\xc3\xbc        4\n");
}

static char *
repeat(const char *unit, size_t n)
{
	size_t len = strlen(unit), i;
	char *s = malloc(len * n + 1);

	assert_non_null(s);
	for (i = 0; i < n; i++)
		memcpy(s + i * len, unit, len);
	s[len * n] = '\0';
	return s;
}

/*
 * Expects a table cell of unit repeated n times, then tail, to be shown as
 * shown then shown_tail, width code points wide.
 */
static void
check_long(const char *unit, size_t n, const char *tail, const char *shown,
    const char *shown_tail, size_t width)
{
	const char *const cols[] = { "c" };
	struct buf in = BUF_INIT, want = BUF_INIT;
	struct wcell c;
	size_t i;

	for (i = 0; i < n; i++)
		buf_addstr(&in, unit);
	buf_addstr(&in, tail);
	memset(&c, 0, sizeof(c));
	c.type = WCELL_TEXT;
	c.s = in.s;
	c.len = in.len;

	buf_addstr(&want, "c\n");
	for (i = 0; i < width; i++)
		buf_addch(&want, '-');
	buf_addch(&want, '\n');
	buf_addstr(&want, shown);
	buf_addstr(&want, shown_tail);
	buf_addch(&want, '\n');
	check(&writer_table, cols, 1, &c, 1, want.s);
	buf_release(&in);
	buf_release(&want);
}

static void
test_table_long(void **state)
{
	char *a196, *a198, *a199, *a200, *e199, *x49;

	a196 = repeat("a", 196);
	a198 = repeat("a", 198);
	a199 = repeat("a", 199);
	a200 = repeat("a", 200);
	e199 = repeat("\xc3\xa9", 199);
	x49 = repeat("\\x1b", 49);

	/* 200 code points are shown whole, 201 are cut to 199 and "…". */
	check_long("a", 200, "", a200, "", 200);
	check_long("a", 200, "b", a199, ELLIPSIS, 200);
	check_long("\xc3\xa9", 250, "", e199, ELLIPSIS, 200);
	/* An escape fits whole, or is left out whole. */
	check_long("a", 196, "\x1b", a196, "\\x1b", 200);
	check_long("a", 198, "\x1b", a198, ELLIPSIS, 199);
	check_long("\x1b", 250, "", x49, ELLIPSIS, 197);
	/* The other writers never cut. */
	{
		const char *const cols[] = { "c" };
		struct wcell c = { .type = WCELL_TEXT };
		char *big = repeat("z", 5000), *got;
		int rc;

		c.s = big;
		c.len = 5000;
		got = run(&writer_csv, cols, 1, &c, 1, &rc);
		assert_int_equal(strlen(got), 2 + 5001);
		free(got);
		got = run(&writer_md, cols, 1, &c, 1, &rc);
		assert_non_null(strstr(got, big));
		free(got);
		got = run(&writer_json, cols, 1, &c, 1, &rc);
		assert_non_null(strstr(got, big));
		free(got);
		free(big);
	}
	free(a196);
	free(a198);
	free(a199);
	free(a200);
	free(e199);
	free(x49);
}

/* ---- md ---- */

static void
test_md(void **state)
{
	const char *const cols[] = { "a|b", "n" };
	const struct wcell cells[] = {
		C_TEXT("x|y"), C_INT(1),
		C_TEXT("l1\nl2\r\nl3\rl4"), C_REAL(2.0),
		C_TEXT("esc\x1b tab\t del\x7f"), C_NULL,
		C_TEXT("bad\xff \\back"), C_BLOB("\x00\x01"),
	};

	check(&writer_md, cols, 2, cells, 4,
	    "| a\\|b | n |\n"
	    "| --- | --- |\n"
	    "| x\\|y | 1 |\n"
	    "| l1<br>l2<br>l3<br>l4 | 2.0 |\n"
	    "| esc\\x1b tab\\t del\\x7f |  |\n"
	    "| bad\\xff \\back | x'0001' |\n");
	check(&writer_md, cols3, 3, NULL, 0,
	    "| id | name | score |\n"
	    "| --- | --- | --- |\n");
}

/* ---- writer_run_stmt ---- */

static const char sql_rows[] =
    "SELECT 1 AS id, 'alice' AS name, 2.5 AS score, NULL AS note"
    " UNION ALL SELECT 2, 'b,o\"b', 3.0, x'00ff'"
    " UNION ALL SELECT 3, 'line' || char(10) || 'two', -1, 'h\xc3\xa9'";

static void
test_stmt_csv(void **state)
{
	char *out;
	size_t rows = 99;
	int rc;

	out = run_sql(&writer_csv, sql_rows, &rc, &rows);
	assert_int_equal(rc, 0);
	assert_int_equal(rows, 3);
	assert_string_equal(out,
	    "id,name,score,note\n"
	    "1,alice,2.5,\n"
	    "2,\"b,o\"\"b\",3.0,x'00ff'\n"
	    "3,\"line\ntwo\",-1,h\xc3\xa9\n");
	free(out);
}

static void
test_stmt_json(void **state)
{
	char *out;
	size_t rows = 99;
	int rc;

	out = run_sql(&writer_json, sql_rows, &rc, &rows);
	assert_int_equal(rc, 0);
	assert_int_equal(rows, 3);
	assert_string_equal(out,
	    "[\n"
	    "{\"id\":1,\"name\":\"alice\",\"score\":2.5,\"note\":null},\n"
	    "{\"id\":2,\"name\":\"b,o\\\"b\",\"score\":3.0,"
	    "\"note\":\"x'00ff'\"},\n"
	    "{\"id\":3,\"name\":\"line\\ntwo\",\"score\":-1,"
	    "\"note\":\"h\xc3\xa9\"}\n"
	    "]\n");
	free(out);

	/* A query without rows; invalid UTF-8 TEXT from SQLite. */
	out = run_sql(&writer_json, "SELECT 1 AS a WHERE 0", &rc, &rows);
	assert_int_equal(rc, 0);
	assert_int_equal(rows, 0);
	assert_string_equal(out, "[]\n");
	free(out);
	out = run_sql(&writer_json, "SELECT CAST(x'41ff' AS TEXT) AS t",
	    &rc, &rows);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "[\n{\"t\":\"x'41ff'\"}\n]\n");
	free(out);
}

static void
test_stmt_table_md(void **state)
{
	char *out;
	size_t rows;
	int rc;

	out = run_sql(&writer_table, sql_rows, &rc, &rows);
	assert_int_equal(rc, 0);
	assert_int_equal(rows, 3);
	assert_string_equal(out,
	    "id  name       score  note\n"
	    "--  ---------  -----  -------\n"
	    "1   alice      2.5\n"
	    "2   b,o\"b      3.0    x'00ff'\n"
	    "3   line\\ntwo  -1     h\xc3\xa9\n");
	free(out);
	out = run_sql(&writer_md, sql_rows, &rc, &rows);
	assert_int_equal(rc, 0);
	assert_string_equal(out,
	    "| id | name | score | note |\n"
	    "| --- | --- | --- | --- |\n"
	    "| 1 | alice | 2.5 |  |\n"
	    "| 2 | b,o\"b | 3.0 | x'00ff' |\n"
	    "| 3 | line<br>two | -1 | h\xc3\xa9 |\n");
	free(out);
}

static void
test_stmt_errors(void **state)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	char *out;
	size_t rows = 99;
	FILE *fp;
	int rc, i;

	/* A run-time SQL error after one row: -1, the row is written. */
	out = run_sql(&writer_csv,
	    "SELECT 1 AS v UNION ALL SELECT abs(-9223372036854775807 - 1)",
	    &rc, &rows);
	assert_int_equal(rc, -1);
	assert_int_equal(rows, 1);
	assert_string_equal(out, "v\n1\n");
	free(out);
	out = run_sql(&writer_json,
	    "SELECT 1 AS v UNION ALL SELECT abs(-9223372036854775807 - 1)",
	    &rc, &rows);
	assert_int_equal(rc, -1);
	assert_string_equal(out, "[\n{\"v\":1}\n]\n");
	free(out);

	/* A stream that cannot be written: every writer says -1. */
	for (i = 0; writers[i] != NULL; i++) {
		fp = fopen("/dev/full", "w");
		if (fp == NULL)
			skip();
		setvbuf(fp, NULL, _IONBF, 0);
		assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, sql_rows, -1, &stmt,
		    NULL), SQLITE_OK);
		rc = writer_run_stmt(writers[i], fp, stmt, NULL);
		assert_int_equal(rc, -1);
		fclose(fp);
		sqlite3_finalize(stmt);
		sqlite3_close(db);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_wcell_text),
		cmocka_unit_test(test_csv_basic),
		cmocka_unit_test(test_csv_add_field),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_blob_zero_rows),
		cmocka_unit_test(test_json_types),
		cmocka_unit_test(test_json_strings),
		cmocka_unit_test(test_json_edge),
		cmocka_unit_test(test_table_basic),
		cmocka_unit_test(test_table_zero_rows),
		cmocka_unit_test(test_table_escape),
		cmocka_unit_test(test_table_utf8),
		cmocka_unit_test(test_table_long),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_stmt_csv),
		cmocka_unit_test(test_stmt_json),
		cmocka_unit_test(test_stmt_table_md),
		cmocka_unit_test(test_stmt_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
