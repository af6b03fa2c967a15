/* SPDX-License-Identifier: MIT */
/*
 * test_jsplit.c - unit tests of the streaming JSON record splitter
 * (ingest/jsplit.c).  One table of inputs (wrappers, bare arrays, JSON
 * Lines, truncated and garbage lines, input cut short, oversized records,
 * tricky strings, a BOM, scalars, stray braces, container keys where they
 * must not count) is run fed whole, one byte at a time, cut in two at
 * every position and in random chunks; every way must give the expected
 * records and exactly the same callbacks.  Big oversized records, random
 * inputs checked against invariants, and the real files of the shared
 * corpus, when present, complete it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "buf.h"
#include "jsplit.h"
#include "xalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_EXP		10
#define DEF_MAX		(1024 * 1024)	/* max_record when a row says 0 */

/* Substrings the error texts must contain. */
#define E_CUT	"line ends before the JSON value does"
#define E_EOF	"input ends inside this record"
#define E_OBJ	"input ends inside the top-level object"
#define E_ARR	"input ends inside the top-level array"
#define E_BRACE	"unexpected '}'"
#define E_GARB	"garbage"
#define E_BIG	"exceeds the limit of"

static const char *const keys_ct[] = { "Records", "Events", NULL };
#define KEYS_CT	keys_ct

struct exp {
	const char	*rec;	/* exact record text; NULL: rec NULL */
	const char	*err;	/* substring of the error; NULL: good */
	int64_t		 line, off;	/* line 0 ends the list */
};

struct row {
	const char	*name;
	const char	*in;
	const char *const *keys;
	size_t		 max;		/* 0: DEF_MAX */
	int		 stop;		/* callback says -1 at this record */
	struct exp	 exp[MAX_EXP];
};

/*
 * The expected line and offset of each record were worked out from where
 * its text sits in the input, not copied from the splitter's output.
 */
static const struct row rows[] = {
	{ "s3 single line",
	    "{\"Records\":[{\"eventName\":\"A\",\"n\":1},{\"eventName\":\"B\","
	    "\"x\":[1,2]}]}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"eventName\":\"A\",\"n\":1}", NULL, 1, 12 },
		{ "{\"eventName\":\"B\",\"x\":[1,2]}", NULL, 1, 36 },
		{ NULL, NULL, 0, 0 } } },
	{ "pretty wrapper",
	    "{\n  \"Records\": [\n    {\n      \"eventName\": \"A\"\n    },\n "
	    "   {\n      \"eventName\": \"B\"\n    }\n  ]\n}\n",
	    KEYS_CT, 0, 0, {
		{ "{\n      \"eventName\": \"A\"\n    }", NULL, 3, 21 },
		{ "{\n      \"eventName\": \"B\"\n    }", NULL, 6, 57 },
		{ NULL, NULL, 0, 0 } } },
	{ "lookup-events",
	    "{\"Events\":[{\"EventId\":\"1\",\"CloudTrailEvent\":\"{\\\"a\\\":"
	    "[1]}\"},{\"EventId\":\"2\"}],\"NextToken\":\"x\"}",
	    KEYS_CT, 0, 0, {
		{ "{\"EventId\":\"1\",\"CloudTrailEvent\":\"{\\"
		    "\"a\\\":[1]}\"}", NULL, 1, 11 },
		{ "{\"EventId\":\"2\"}", NULL, 1, 59 },
		{ NULL, NULL, 0, 0 } } },
	{ "empty container",
	    "{\"Records\":[]}\n{\"Records\": [ ] ,\"x\":{\"y\":[]}}\n{\"a\":1}"
	    "\n",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 3, 46 },
		{ NULL, NULL, 0, 0 } } },
	{ "bare array pretty",
	    "[\n   {\n      \"eventName\": \"A\",\n      \"x\": [1, 2]\n   },"
	    "\n   {\n      \"eventName\": \"B\"\n   }\n]\n",
	    KEYS_CT, 0, 0, {
		{ "{\n      \"eventName\": \"A\",\n      \"x\": "
		    "[1, 2]\n   }", NULL, 2, 5 },
		{ "{\n      \"eventName\": \"B\"\n   }", NULL, 6, 58 },
		{ NULL, NULL, 0, 0 } } },
	{ "jsonl blank crlf",
	    "{\"a\":1}\r\n\r\n{\"b\":2}\r\n\n  {\"c\":3}",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 0 },
		{ "{\"b\":2}", NULL, 3, 11 },
		{ "{\"c\":3}", NULL, 5, 23 },
		{ NULL, NULL, 0, 0 } } },
	{ "pretty concatenated",
	    "{\n  \"a\": 1\n}\n{\n  \"b\": [\n    2\n  ]\n}\n",
	    KEYS_CT, 0, 0, {
		{ "{\n  \"a\": 1\n}", NULL, 1, 0 },
		{ "{\n  \"b\": [\n    2\n  ]\n}", NULL, 4, 13 },
		{ NULL, NULL, 0, 0 } } },
	{ "jsonl truncated middle",
	    "{\"a\":1}\n{\"b\":[1,2\n{\"c\":3}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 0 },
		{ "{\"b\":[1,2", E_CUT, 2, 8 },
		{ "{\"c\":3}", NULL, 3, 18 },
		{ NULL, NULL, 0, 0 } } },
	{ "jsonl truncated middle in string",
	    "{\"a\":1}\n{\"b\":\"tru\n{\"c\":3}\n{\"d\":\"x\"}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 0 },
		{ "{\"b\":\"tru", E_CUT, 2, 8 },
		{ "{\"c\":3}", NULL, 3, 18 },
		{ "{\"d\":\"x\"}", NULL, 4, 26 },
		{ NULL, NULL, 0, 0 } } },
	{ "jsonl truncated first line",
	    "{\"b\":{\"x\":1\n{\"c\":3}\n{\"d\":4}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"b\":{\"x\":1", E_CUT, 1, 0 },
		{ "{\"c\":3}", NULL, 2, 12 },
		{ "{\"d\":4}", NULL, 3, 20 },
		{ NULL, NULL, 0, 0 } } },
	{ "jsonl truncated first line in string",
	    "{\"b\":\"tru\n{\"c\":3}\n{\"d\":4}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"b\":\"tru", E_CUT, 1, 0 },
		{ "{\"c\":3}", NULL, 2, 10 },
		{ "{\"d\":4}", NULL, 3, 18 },
		{ NULL, NULL, 0, 0 } } },
	{ "jsonl truncated first line in key crlf",
	    "{\"b\":1,\"ke\r\n{\"c\":\"}\"}\r\n{\"d\":4}\r\n",
	    KEYS_CT, 0, 0, {
		{ "{\"b\":1,\"ke", E_CUT, 1, 0 },
		{ "{\"c\":\"}\"}", NULL, 2, 12 },
		{ "{\"d\":4}", NULL, 3, 23 },
		{ NULL, NULL, 0, 0 } } },
	{ "truncated line before a CR",
	    "{\"a\":\"x\n\r\r{\"b\":1}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":\"x", E_CUT, 1, 0 },
		{ "{\"b\":1}", NULL, 2, 10 },
		{ NULL, NULL, 0, 0 } } },
	{ "raw newline in string, no cut",
	    "{\"a\":\"x\n\ry\",\"b\":{\n\"c\":\"\n\"}}\n{\"d\":1}",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":\"x\n\ry\",\"b\":{\n\"c\":\"\n\"}}", NULL, 1, 0 },
		{ "{\"d\":1}", NULL, 5, 28 },
		{ NULL, NULL, 0, 0 } } },
	{ "jsonl two truncated",
	    "{\"a\":\n{\"b\":\"x\n{\"c\":[\n{\"d\":4}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":", E_CUT, 1, 0 },
		{ "{\"b\":\"x", E_CUT, 2, 6 },
		{ "{\"c\":[", E_CUT, 3, 14 },
		{ "{\"d\":4}", NULL, 4, 21 },
		{ NULL, NULL, 0, 0 } } },
	{ "garbage line",
	    "{\"a\":1}\nnot json, [really]\r\n{\"b\":2}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 0 },
		{ "not json, [really]", E_GARB, 2, 8 },
		{ "{\"b\":2}", NULL, 3, 28 },
		{ NULL, NULL, 0, 0 } } },
	{ "garbage at end",
	    "{\"a\":1}\n]xyz",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 0 },
		{ "]xyz", E_GARB, 2, 8 },
		{ NULL, NULL, 0, 0 } } },
	{ "record cut by eof",
	    "{\"a\":1}\n{\"b\":[1,",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 0 },
		{ "{\"b\":[1,", E_EOF, 2, 8 },
		{ NULL, NULL, 0, 0 } } },
	{ "jsonl record cut at last newline",
	    "{\"a\":1}\n{\"b\":[1,\r\n",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 0 },
		{ "{\"b\":[1,", E_CUT, 2, 8 },
		{ NULL, NULL, 0, 0 } } },
	{ "pretty record cut by eof",
	    "{\n  \"a\": [1,\n  \"b\"\r\n\n",
	    KEYS_CT, 0, 0, {
		{ "{\n  \"a\": [1,\n  \"b\"", E_EOF, 1, 0 },
		{ NULL, NULL, 0, 0 } } },
	{ "wrapper record cut by eof",
	    "{\"Records\":[{\"a\":1},{\"b\":\"x",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 12 },
		{ "{\"b\":\"x", E_EOF, 1, 20 },
		{ NULL, NULL, 0, 0 } } },
	{ "wrapper cut by eof",
	    "{\"Records\":[{\"a\":1}",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 12 },
		{ NULL, E_OBJ, 1, 19 },
		{ NULL, NULL, 0, 0 } } },
	{ "wrapper cut after items",
	    "{\"Records\":[{\"a\":1}],\n\"x\":",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 12 },
		{ NULL, E_OBJ, 2, 26 },
		{ NULL, NULL, 0, 0 } } },
	{ "array cut by eof",
	    "[\n{\"a\":1},\n",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 2, 2 },
		{ NULL, E_ARR, 3, 11 },
		{ NULL, NULL, 0, 0 } } },
	{ "max record boundary",
	    "{\"a\":12}\n{\"a\":123}\n{\"b\":1}\n",
	    KEYS_CT, 8, 0, {
		{ "{\"a\":12}", NULL, 1, 0 },
		{ "{\"a\":123}", E_BIG, 2, 9 },
		{ "{\"b\":1}", NULL, 3, 19 },
		{ NULL, NULL, 0, 0 } } },
	{ "oversized string record",
	    "{\"Records\":[{\"s\":\"0123456789abcdef\"},{\"b\":1}]}",
	    KEYS_CT, 10, 0, {
		{ "{\"s\":\"0123456789abcdef\"}", E_BIG, 1, 12 },
		{ "{\"b\":1}", NULL, 1, 37 },
		{ NULL, NULL, 0, 0 } } },
	{ "strings with syntax",
	    "{\"Records\":[{\"s\":\"]}[{,\\\"\\\\\",\"t\":\"\\\\\"},{\"u\":\"}"
	    "\\\\\\\"]\"}]}",
	    KEYS_CT, 0, 0, {
		{ "{\"s\":\"]}[{,\\\"\\\\\",\"t\":\"\\\\\"}", NULL, 1, 12 },
		{ "{\"u\":\"}\\\\\\\"]\"}", NULL, 1, 39 },
		{ NULL, NULL, 0, 0 } } },
	{ "jsonl strings with syntax",
	    "{\"s\":\"{\\\"Records\\\":[1]}\\\\\"}\n{\"t\":\"\\\\\\\\\"}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"s\":\"{\\\"Records\\\":[1]}\\\\\"}", NULL, 1, 0 },
		{ "{\"t\":\"\\\\\\\\\"}", NULL, 2, 28 },
		{ NULL, NULL, 0, 0 } } },
	{ "bom wrapper",
	    "\357\273\277{\"Records\":[{\"a\":1}]}",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 15 },
		{ NULL, NULL, 0, 0 } } },
	{ "bom jsonl",
	    "\357\273\277{\"a\":1}\n{\"b\":2}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 3 },
		{ "{\"b\":2}", NULL, 2, 11 },
		{ NULL, NULL, 0, 0 } } },
	{ "bom only",
	    "\357\273\277",
	    KEYS_CT, 0, 0, {
		{ NULL, NULL, 0, 0 } } },
	{ "partial bom",
	    "\357\273{\"a\":1}\n{\"b\":2}\n",
	    KEYS_CT, 0, 0, {
		{ "\357\273{\"a\":1}", E_GARB, 1, 0 },
		{ "{\"b\":2}", NULL, 2, 10 },
		{ NULL, NULL, 0, 0 } } },
	{ "partial bom at eof",
	    "\357",
	    KEYS_CT, 0, 0, {
		{ "\357", E_GARB, 1, 0 },
		{ NULL, NULL, 0, 0 } } },
	{ "bom twice",
	    "\357\273\277\357\273\277{\"b\":2}",
	    KEYS_CT, 0, 0, {
		{ "\357\273\277{\"b\":2}", E_GARB, 1, 3 },
		{ NULL, NULL, 0, 0 } } },
	{ "concatenated on one line",
	    "{\"a\":1}{\"b\":[2]} {\"c\":3}[4,{\"d\":5}]\t{\"e\":6} x {\"f\":7"
	    "}\n{\"g\":8}",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 0 },
		{ "{\"b\":[2]}", NULL, 1, 7 },
		{ "{\"c\":3}", NULL, 1, 17 },
		{ "4", NULL, 1, 25 },
		{ "{\"d\":5}", NULL, 1, 27 },
		{ "{\"e\":6}", NULL, 1, 36 },
		{ "x {\"f\":7}", E_GARB, 1, 44 },
		{ "{\"g\":8}", NULL, 2, 54 },
		{ NULL, NULL, 0, 0 } } },
	{ "scalars in array",
	    "[1, \"two,]\", true ,null,-2.5e3,\n\"\\\"}\"]",
	    KEYS_CT, 0, 0, {
		{ "1", NULL, 1, 1 },
		{ "\"two,]\"", NULL, 1, 4 },
		{ "true", NULL, 1, 13 },
		{ "null", NULL, 1, 19 },
		{ "-2.5e3", NULL, 1, 24 },
		{ "\"\\\"}\"", NULL, 2, 32 },
		{ NULL, NULL, 0, 0 } } },
	{ "scalars in wrapper",
	    "{\"Records\":[1,\"x\",[2,{\"y\":3}]]}",
	    KEYS_CT, 0, 0, {
		{ "1", NULL, 1, 12 },
		{ "\"x\"", NULL, 1, 14 },
		{ "[2,{\"y\":3}]", NULL, 1, 18 },
		{ NULL, NULL, 0, 0 } } },
	{ "brace between elements",
	    "[{\"a\":1}},{\"b\":2}]\n{\"Records\":[{\"c\":3} } ]}",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 1, 1 },
		{ "}", E_BRACE, 1, 8 },
		{ "{\"b\":2}", NULL, 1, 10 },
		{ "{\"c\":3}", NULL, 2, 31 },
		{ "}", E_BRACE, 2, 39 },
		{ NULL, NULL, 0, 0 } } },
	{ "nested container key",
	    "{\"a\":{\"Records\":[{\"x\":1}]},\"b\":2}\n{\"eventName\":\"A\","
	    "\"requestParameters\":{\"Events\":[1,2]}}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":{\"Records\":[{\"x\":1}]},\"b\":2}", NULL, 1, 0 },
		{ "{\"eventName\":\"A\",\"requestParameters\":{"
		    "\"Events\":[1,2]}}", NULL, 2, 34 },
		{ NULL, NULL, 0, 0 } } },
	{ "container key in records",
	    "{\"Records\":[{\"Records\":[{\"x\":1}]}]}\n[{\"Events\":[2]}]",
	    KEYS_CT, 0, 0, {
		{ "{\"Records\":[{\"x\":1}]}", NULL, 1, 12 },
		{ "{\"Events\":[2]}", NULL, 2, 37 },
		{ NULL, NULL, 0, 0 } } },
	{ "container key as value",
	    "{\"k\":\"Records\",\"v\":[\"Records\",1]}\n{\"Records\":{\"a\":[1"
	    "]}}\n{\"Recordsx\":[1]}\n{\"Record\":[2]}\n{\"RecordsRecordsRecor"
	    "dsRecordsRecordsRecords\":[3]}\n",
	    KEYS_CT, 0, 0, {
		{ "{\"k\":\"Records\",\"v\":[\"Records\",1]}", NULL, 1, 0 },
		{ "{\"Records\":{\"a\":[1]}}", NULL, 2, 34 },
		{ "{\"Recordsx\":[1]}", NULL, 3, 56 },
		{ "{\"Record\":[2]}", NULL, 4, 73 },
		{ "{\"RecordsRecordsRecordsRecordsRecordsRecord"
		    "s\":[3]}", NULL, 5, 88 },
		{ NULL, NULL, 0, 0 } } },
	{ "container key after members",
	    "{\"x\":1,\"y\":{\"Records\":[0]},\"z\":[{\"Events\":[]}],\n\"Reco"
	    "rds\":[{\"a\":1},{\"b\":2}],\"w\":\"]}\"}\n{\"c\":3}",
	    KEYS_CT, 0, 0, {
		{ "{\"a\":1}", NULL, 2, 59 },
		{ "{\"b\":2}", NULL, 2, 67 },
		{ "{\"c\":3}", NULL, 3, 86 },
		{ NULL, NULL, 0, 0 } } },
	{ "no container keys",
	    "{\"Records\":[{\"a\":1}]}",
	    NULL, 0, 0, {
		{ "{\"Records\":[{\"a\":1}]}", NULL, 1, 0 },
		{ NULL, NULL, 0, 0 } } },
	{ "callback stops",
	    "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n",
	    KEYS_CT, 0, 2, {
		{ "{\"a\":1}", NULL, 1, 0 },
		{ "{\"b\":2}", NULL, 2, 8 },
		{ NULL, NULL, 0, 0 } } },
	{ "callback stops on error",
	    "{\"a\":1}\nxx\n{\"c\":3}\n",
	    KEYS_CT, 0, 2, {
		{ "{\"a\":1}", NULL, 1, 0 },
		{ "xx", E_GARB, 2, 8 },
		{ NULL, NULL, 0, 0 } } },
	{ "callback stops at eof",
	    "[{\"a\":1},{\"b\":",
	    KEYS_CT, 0, 2, {
		{ "{\"a\":1}", NULL, 1, 1 },
		{ "{\"b\":", E_EOF, 1, 9 },
		{ NULL, NULL, 0, 0 } } },
	{ "whitespace only",
	    " \r\n\t\n",
	    KEYS_CT, 0, 0, {
		{ NULL, NULL, 0, 0 } } },
	{ "empty input",
	    "",
	    KEYS_CT, 0, 0, {
		{ NULL, NULL, 0, 0 } } },
};

/* One callback as seen by the test. */
struct got {
	char		*rec;		/* NUL-terminated copy, or NULL */
	size_t		 len;
	char		*err;
	int64_t		 line, off;
};

struct result {
	struct got	*v;
	size_t		 n, alloc;
	int		 stop;		/* answer -1 at this callback */
	int		 stopped;
	int		 rc;		/* -1: some feed or finish said -1 */
	uint64_t	 count;		/* jsplit_count() at the end */
	struct buf	 log;		/* everything, to compare runs */
};

static int
collect(void *arg, const char *rec, size_t len, int64_t line, int64_t off,
    const char *err)
{
	struct result *r = arg;
	struct got *g;

	/* nothing may arrive once the callback said stop */
	assert_false(r->stopped);
	if (rec == NULL)
		assert_non_null(err);
	assert_true(rec == NULL || err != NULL || len > 0);
	ALLOC_GROW(r->v, r->n + 1, r->alloc);
	g = &r->v[r->n++];
	g->rec = rec ? xstrndup(rec, len) : NULL;
	if (rec)
		assert_int_equal(strlen(g->rec), len);	/* no NUL inside */
	g->len = len;
	g->err = err ? xstrdup(err) : NULL;
	g->line = line;
	g->off = off;
	buf_addf(&r->log, "%s line %" PRId64 " off %" PRId64 " len %zu "
	    "err <%s> rec <", rec ? "R" : "-", line, off, len,
	    err ? err : "");
	if (rec)
		buf_add(&r->log, rec, len);
	buf_addstr(&r->log, ">\n");
	if (r->stop > 0 && (int)r->n == r->stop) {
		r->stopped = 1;
		return -1;
	}
	return 0;
}

static void
result_init(struct result *r, int stop)
{
	memset(r, 0, sizeof(*r));
	r->stop = stop;
	buf_init(&r->log);
}

static void
result_release(struct result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].rec);
		free(r->v[i].err);
	}
	free(r->v);
	buf_release(&r->log);
}

/* A small deterministic generator (xorshift64). */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

enum chunking { CH_WHOLE, CH_BYTE, CH_SPLIT, CH_RANDOM, CH_FIXED };

/*
 * Splits in[0..len) and collects the callbacks in r.  Each chunk is fed
 * from its own exact-size heap copy, so reading past a chunk is caught
 * by ASan.  CH_SPLIT: two chunks cut at arg; CH_RANDOM: chunks of 1..64
 * bytes from seed arg; CH_FIXED: chunks of arg bytes.
 */
static void
split(const char *in, size_t len, const char *const *keys, size_t max,
    enum chunking how, uint64_t arg, struct result *r)
{
	struct jsplit *js;
	size_t pos = 0, n;
	uint64_t seed = arg * 2654435761u + 1;
	char *chunk;
	int rc, first = 1;

	js = jsplit_new(keys, max, collect, r);
	while (pos < len || first) {
		switch (how) {
		case CH_WHOLE:
			n = len;
			break;
		case CH_BYTE:
			n = 1;
			break;
		case CH_SPLIT:
			n = first ? (size_t)arg : len - pos;
			break;
		case CH_RANDOM:
			n = 1 + rnd(&seed) % 64;
			break;
		case CH_FIXED:
		default:
			n = (size_t)arg;
			break;
		}
		first = 0;
		if (n > len - pos)
			n = len - pos;
		chunk = xmalloc(n ? n : 1);
		memcpy(chunk, in + pos, n);
		rc = jsplit_feed(js, chunk, n);
		free(chunk);
		pos += n;
		if (r->stopped)
			assert_int_equal(rc, -1);
		else
			assert_int_equal(rc, 0);
		if (rc < 0)
			r->rc = -1;
	}
	rc = jsplit_finish(js);
	if (r->stopped)
		assert_int_equal(rc, -1);
	else
		assert_int_equal(rc, 0);
	if (rc < 0)
		r->rc = -1;
	/* once stopped, it stays stopped */
	if (r->stopped)
		assert_int_equal(jsplit_feed(js, "{}", 2), -1);
	r->count = jsplit_count(js);
	jsplit_free(js);
}

/*
 * What holds for any input: a record is the input's own bytes at its
 * offset, its line is the number of the line it starts on, a structural
 * report is placed at the end, the count counts the records.
 */
static void
check_invariants(const char *in, size_t len, size_t max,
    const struct result *r)
{
	const struct got *g;
	uint64_t nrec = 0;
	int64_t line;
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		g = &r->v[i];
		assert_true(g->off >= 0 && (size_t)g->off <= len);
		line = 1;
		for (j = 0; j < (size_t)g->off; j++)
			if (in[j] == '\n')
				line++;
		assert_int_equal(g->line, line);
		if (g->rec == NULL) {
			assert_int_equal(g->off, len);
			continue;
		}
		nrec++;
		assert_true(g->len <= len - (size_t)g->off);
		assert_memory_equal(g->rec, in + g->off, g->len);
		assert_true(g->len <= JSPLIT_KEEP || g->err == NULL);
		if (g->err == NULL)
			assert_true(g->len <= max);
		/* records do not overlap and come in order */
		if (i > 0 && r->v[i - 1].rec != NULL)
			assert_true(r->v[i - 1].off + (int64_t)r->v[i - 1].len
			    <= g->off);
	}
	assert_int_equal(r->count, nrec);
}

static void
check_row(const struct row *t, const struct result *r, const char *how)
{
	const struct exp *e;
	const struct got *g;
	char lim[64];
	size_t i, max = t->max ? t->max : DEF_MAX;

	for (i = 0; i < MAX_EXP && t->exp[i].line != 0; i++) {
		e = &t->exp[i];
		if (i >= r->n)
			fail_msg("%s (%s): record %zu missing", t->name, how,
			    i);
		g = &r->v[i];
		if (e->rec == NULL) {
			assert_null(g->rec);
		} else {
			if (g->rec == NULL)
				fail_msg("%s (%s): record %zu: rec NULL (%s)",
				    t->name, how, i, g->err);
			if (strcmp(g->rec, e->rec) != 0)
				fail_msg("%s (%s): record %zu is <%s>, want "
				    "<%s>", t->name, how, i, g->rec, e->rec);
		}
		if (e->err == NULL && g->err != NULL)
			fail_msg("%s (%s): record %zu: unexpected error %s",
			    t->name, how, i, g->err);
		if (e->err != NULL && (g->err == NULL ||
		    strstr(g->err, e->err) == NULL))
			fail_msg("%s (%s): record %zu: error <%s>, want <%s>",
			    t->name, how, i, g->err ? g->err : "(none)",
			    e->err);
		if (e->err != NULL && strcmp(e->err, E_BIG) == 0) {
			snprintf(lim, sizeof(lim), "limit of %zu bytes", max);
			assert_non_null(strstr(g->err, lim));
		}
		if (g->line != e->line || g->off != e->off)
			fail_msg("%s (%s): record %zu at line %" PRId64
			    " offset %" PRId64 ", want %" PRId64 " %" PRId64,
			    t->name, how, i, g->line, g->off, e->line,
			    e->off);
	}
	if (r->n != i)
		fail_msg("%s (%s): %zu callbacks, want %zu; log:\n%s",
		    t->name, how, r->n, i, r->log.s);
	assert_int_equal(r->rc, t->stop ? -1 : 0);
}

static void
test_table(void **state)
{
	const struct row *t;
	struct result ref, r;
	size_t i, len, k, max;
	char how[64];
	uint64_t s;

	for (i = 0; i < NELEM(rows); i++) {
		t = &rows[i];
		len = strlen(t->in);
		max = t->max ? t->max : DEF_MAX;
		result_init(&ref, t->stop);
		split(t->in, len, t->keys, max, CH_WHOLE, 0, &ref);
		check_row(t, &ref, "whole");
		check_invariants(t->in, len, max, &ref);

		result_init(&r, t->stop);
		split(t->in, len, t->keys, max, CH_BYTE, 0, &r);
		check_row(t, &r, "bytes");
		assert_string_equal(r.log.s, ref.log.s);
		result_release(&r);

		for (k = 0; k <= len; k++) {
			snprintf(how, sizeof(how), "cut at %zu", k);
			result_init(&r, t->stop);
			split(t->in, len, t->keys, max, CH_SPLIT, k, &r);
			check_row(t, &r, how);
			assert_string_equal(r.log.s, ref.log.s);
			result_release(&r);
		}
		for (s = 1; s <= 20; s++) {
			snprintf(how, sizeof(how), "random chunks, seed %"
			    PRIu64, s);
			result_init(&r, t->stop);
			split(t->in, len, t->keys, max, CH_RANDOM, s, &r);
			check_row(t, &r, how);
			assert_string_equal(r.log.s, ref.log.s);
			result_release(&r);
		}
		result_release(&ref);
	}
}

/* Builds a JSON Lines / wrapper input around one big record. */
static char *
big_input(int wrapper, int string, size_t size, size_t *len, size_t *bigoff,
    size_t *biglen)
{
	struct buf b = BUF_INIT;
	size_t start;

	buf_addstr(&b, wrapper ? "{\"Records\":[{\"a\":1},\n" :
	    "{\"a\":1}\n");
	start = b.len;
	if (string) {
		/* a long string with an escaped quote now and then */
		buf_addstr(&b, "{\"s\":\"");
		while (b.len - start < size - 2) {
			if ((b.len - start) % 97 == 0 &&
			    b.len - start + 2 <= size - 2)
				buf_addstr(&b, "\\\"");
			else
				buf_addch(&b, "abcdefg"[b.len % 7]);
		}
		buf_addstr(&b, "\"}");
	} else {
		/* a long array of numbers: no strings at all */
		buf_addstr(&b, "{\"n\":[0");
		while (b.len - start < size - 2)
			buf_addstr(&b, b.len - start + 1 == size - 2 ?
			    "0" : ",1");
		buf_addstr(&b, "]}");
	}
	*bigoff = start;
	*biglen = b.len - start;
	buf_addstr(&b, wrapper ? ",{\"b\":2}]}\n" : "\n{\"b\":2}\n");
	return buf_detach(&b, len);
}

/*
 * A record over the limit: reported with an error naming the limit, at
 * most JSPLIT_KEEP bytes of it kept (its first bytes, the same whatever
 * the chunks), the records around it still found.
 */
static void
test_oversized(void **state)
{
	static const struct {
		size_t	max, size;
	} sizes[] = {
		{ 1000, 200000 },
		{ 100000, 150000 },
		{ 1000, 1001 },
		{ 1000, 1000 },
		{ JSPLIT_KEEP, JSPLIT_KEEP + 1 },
		{ JSPLIT_KEEP * 2, JSPLIT_KEEP * 2 + 1 },
	};
	static const enum chunking hows[] = {
		CH_WHOLE, CH_BYTE, CH_FIXED, CH_RANDOM
	};
	struct result ref, r;
	size_t i, h, len, bigoff, biglen, keep;
	int wrapper, string;
	char lim[64], *in;
	const struct got *g;

	for (i = 0; i < NELEM(sizes); i++)
	for (wrapper = 0; wrapper < 2; wrapper++)
	for (string = 0; string < 2; string++) {
		in = big_input(wrapper, string, sizes[i].size, &len, &bigoff,
		    &biglen);
		assert_int_equal(biglen, sizes[i].size);
		result_init(&ref, 0);
		for (h = 0; h < NELEM(hows); h++) {
			result_init(&r, 0);
			split(in, len, keys_ct, sizes[i].max, hows[h],
			    hows[h] == CH_FIXED ? 65536 : 7, &r);
			check_invariants(in, len, sizes[i].max, &r);
			assert_int_equal(r.n, 3);
			assert_string_equal(r.v[0].rec, "{\"a\":1}");
			assert_null(r.v[0].err);
			assert_string_equal(r.v[2].rec, "{\"b\":2}");
			assert_null(r.v[2].err);
			g = &r.v[1];
			assert_int_equal(g->off, bigoff);
			assert_int_equal(g->line, 2);
			assert_memory_equal(g->rec, in + bigoff, g->len);
			if (biglen <= sizes[i].max) {
				assert_null(g->err);
				assert_int_equal(g->len, biglen);
			} else {
				keep = biglen < JSPLIT_KEEP ? biglen :
				    JSPLIT_KEEP;
				assert_non_null(g->err);
				snprintf(lim, sizeof(lim), "limit of %zu "
				    "bytes", sizes[i].max);
				assert_non_null(strstr(g->err, lim));
				assert_int_equal(g->len, keep);
			}
			if (h == 0) {
				buf_addstr(&ref.log, r.log.s);
			} else {
				assert_int_equal(r.log.len, ref.log.len);
				assert_true(strcmp(r.log.s, ref.log.s) == 0);
			}
			result_release(&r);
		}
		result_release(&ref);
		free(in);
	}
}

/* in[0..len) as a C string literal, for messages (caller frees). */
static char *
quote(const char *in, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_addch(&b, '"');
	for (i = 0; i < len; i++) {
		if (in[i] == '\n')
			buf_addstr(&b, "\\n");
		else if (in[i] == '\r')
			buf_addstr(&b, "\\r");
		else if (in[i] == '"' || in[i] == '\\')
			buf_addf(&b, "\\%c", in[i]);
		else
			buf_addch(&b, in[i]);
	}
	buf_addch(&b, '"');
	return buf_detach(&b, NULL);
}

/*
 * Random JSON-like inputs: whatever they are, every way of feeding them
 * gives the same callbacks, and those keep the invariants.
 */
static void
test_random(void **state)
{
	static const char alpha[] = "{}[]{}[]\"\"\"\\,,::  \n\r\nab1Rx";
	static const char *const keys[] = { "R", "ab", NULL };
	struct result ref, r;
	uint64_t seed = 0x5eed, s;
	size_t iter, len, i, max, k;
	char in[96];

	for (iter = 0; iter < 3000; iter++) {
		len = rnd(&seed) % sizeof(in);
		for (i = 0; i < len; i++)
			in[i] = alpha[rnd(&seed) % (sizeof(alpha) - 1)];
		in[len] = '\0';
		if (len > 0 && rnd(&seed) % 4 == 0)
			in[0] = '{';
		max = rnd(&seed) % 2 ? 1 + rnd(&seed) % 24 : DEF_MAX;
		result_init(&ref, 0);
		split(in, len, keys, max, CH_WHOLE, 0, &ref);
		check_invariants(in, len, max, &ref);
		result_init(&r, 0);
		split(in, len, keys, max, CH_BYTE, 0, &r);
		if (strcmp(r.log.s, ref.log.s) != 0)
			fail_msg("input %s max %zu:\nwhole:\n%s\nbytes:\n%s",
			    quote(in, len), max, ref.log.s, r.log.s);
		result_release(&r);
		for (s = 0; s < 3; s++) {
			k = rnd(&seed) % (len + 1);
			result_init(&r, 0);
			split(in, len, keys, max, CH_SPLIT, k, &r);
			if (strcmp(r.log.s, ref.log.s) != 0)
				fail_msg("input %s max %zu cut at %zu:\n"
				    "whole:\n%s\ncut:\n%s", quote(in, len),
				    max, k, ref.log.s, r.log.s);
			result_release(&r);
		}
		result_release(&ref);
	}
}

/* --- generated documents --- */

/* A random string with the characters that matter to the splitter. */
static json_t *
gen_string(uint64_t *seed)
{
	static const char *const parts[] = {
		"a", "Records", "Events", "\"", "\\", "{", "}", "[", "]",
		",", ":", " ", "\n", "\r", "\t", "\\\"", "\xc3\xa9",
		"\xe2\x82\xac", "/", "\x01", "\"Records\":[",
	};
	char s[64];
	size_t n = rnd(seed) % 6, i;

	s[0] = '\0';
	for (i = 0; i < n; i++)
		strcat(s, parts[rnd(seed) % NELEM(parts)]);
	return json_string(s);
}

/* A random key; top: a member of the outer object, never a container. */
static const char *
gen_key(uint64_t *seed, int top)
{
	static const char *const keys[] = {
		"a", "eventName", "x\"y", "b\\", "{", "NextToken", "Recordsx",
		"Record", "", "Records", "Events",
	};

	return keys[rnd(seed) % (NELEM(keys) - (top ? 2 : 0))];
}

static json_t *
gen_value(uint64_t *seed, int depth)
{
	json_t *v;
	size_t n, i;

	switch (rnd(seed) % (depth < 4 ? 8 : 5)) {
	case 0:
		return json_integer((json_int_t)(rnd(seed) % 2000) - 1000);
	case 1:
		return json_real((double)(rnd(seed) % 1000) / 8.0);
	case 2:
		return rnd(seed) % 3 ? json_boolean(rnd(seed) % 2) :
		    json_null();
	case 3:
	case 4:
		return gen_string(seed);
	case 5:
		v = json_array();
		n = rnd(seed) % 4;
		for (i = 0; i < n; i++)
			json_array_append_new(v, gen_value(seed, depth + 1));
		return v;
	default:
		v = json_object();
		n = rnd(seed) % 4;
		for (i = 0; i < n; i++)
			json_object_set_new(v, gen_key(seed, 0),
			    gen_value(seed, depth + 1));
		return v;
	}
}

/* A random object whose top-level keys are never container keys. */
static json_t *
gen_object(uint64_t *seed, int nonempty)
{
	json_t *v = json_object();
	size_t n = rnd(seed) % 4 + (nonempty ? 1 : 0), i;

	for (i = 0; i < n; i++)
		json_object_set_new(v, gen_key(seed, 1), gen_value(seed, 1));
	return v;
}

static size_t
gen_flags(uint64_t *seed, int pretty)
{
	size_t f = pretty ? JSON_INDENT(1 + rnd(seed) % 4) :
	    rnd(seed) % 2 ? JSON_COMPACT : JSON_INDENT(0);

	if (rnd(seed) % 2)
		f |= JSON_ENSURE_ASCII;
	if (rnd(seed) % 2)
		f |= JSON_ESCAPE_SLASH;
	return f | JSON_ENCODE_ANY;
}

static void
add_dump(struct buf *b, const json_t *v, size_t flags)
{
	char *s = json_dumps(v, flags);

	assert_non_null(s);
	buf_addstr(b, s);
	free(s);
}

/*
 * One random document of kind k into b; the values its records must
 * equal are appended to want.
 */
static void
gen_doc(uint64_t *seed, int k, struct buf *b, json_t *want)
{
	static const char *const seps[] = { "\n", "\r\n", "\n\n", "\n \n" };
	json_t *doc, *arr, *v;
	size_t n, i;
	int pretty = rnd(seed) % 2;

	n = rnd(seed) % 5;
	switch (k) {
	case 0:		/* a wrapper, members around the container */
		doc = gen_object(seed, 0);
		arr = json_array();
		for (i = 0; i < n; i++) {
			v = gen_value(seed, 1);
			json_array_append(want, v);
			json_array_append_new(arr, v);
		}
		json_object_set_new(doc, rnd(seed) % 2 ? "Records" :
		    "Events", arr);
		v = gen_object(seed, 0);
		json_object_update(doc, v);
		json_decref(v);
		add_dump(b, doc, gen_flags(seed, pretty));
		json_decref(doc);
		break;
	case 1:		/* a bare array */
		doc = json_array();
		for (i = 0; i < n; i++) {
			v = gen_value(seed, 1);
			json_array_append(want, v);
			json_array_append_new(doc, v);
		}
		add_dump(b, doc, gen_flags(seed, pretty));
		json_decref(doc);
		break;
	case 2:		/* JSON Lines */
		for (i = 0; i < n; i++) {
			v = gen_object(seed, 0);
			add_dump(b, v, gen_flags(seed, 0));
			buf_addstr(b, seps[rnd(seed) % NELEM(seps)]);
			json_array_append_new(want, v);
		}
		break;
	default:	/* pretty-printed objects one after the other */
		for (i = 0; i < n; i++) {
			v = gen_object(seed, 1);
			add_dump(b, v, gen_flags(seed, 1));
			buf_addstr(b, seps[rnd(seed) % NELEM(seps)]);
			json_array_append_new(want, v);
		}
		break;
	}
}

/*
 * Random documents of every shape, written by jansson: the records are
 * exactly the values put in, however the bytes are chunked.  Cut short
 * anywhere, the same records come out up to the cut, then at most one
 * bad record and one report on the structure.
 */
static void
test_generated(void **state)
{
	static const enum chunking hows[] = { CH_WHOLE, CH_BYTE, CH_RANDOM };
	uint64_t seed = 0xc0ffee;
	struct result ref, r;
	struct buf b;
	json_error_t jerr;
	json_t *want, *got;
	size_t iter, h, i, cut, bad;
	char *q;

	for (iter = 0; iter < 1500; iter++) {
		buf_init(&b);
		want = json_array();
		gen_doc(&seed, (int)(iter % 4), &b, want);
		result_init(&ref, 0);
		for (h = 0; h < NELEM(hows); h++) {
			result_init(&r, 0);
			split(b.s, b.len, keys_ct, DEF_MAX, hows[h], iter, &r);
			check_invariants(b.s, b.len, DEF_MAX, &r);
			if (r.n != json_array_size(want)) {
				q = quote(b.s, b.len);
				fail_msg("%s: %zu records, want %zu:\n%s", q,
				    r.n, json_array_size(want), r.log.s);
			}
			for (i = 0; i < r.n; i++) {
				assert_null(r.v[i].err);
				got = json_loadb(r.v[i].rec, r.v[i].len,
				    JSON_DECODE_ANY, &jerr);
				assert_non_null(got);
				assert_true(json_equal(got,
				    json_array_get(want, i)));
				json_decref(got);
			}
			if (h == 0)
				buf_addstr(&ref.log, r.log.s);
			else
				assert_string_equal(r.log.s, ref.log.s);
			if (h == 0) {
				/* keep the records for the cut below */
				ref.v = r.v;
				ref.n = r.n;
				ref.alloc = r.alloc;
				r.v = NULL;
				r.n = r.alloc = 0;
			}
			result_release(&r);
		}

		cut = b.len ? rnd(&seed) % b.len : 0;
		result_init(&r, 0);
		split(b.s, cut, keys_ct, DEF_MAX, CH_RANDOM, iter, &r);
		check_invariants(b.s, cut, DEF_MAX, &r);
		for (i = 0, bad = 0; i < r.n; i++) {
			if (r.v[i].err != NULL) {
				bad++;
				continue;
			}
			assert_int_equal(bad, 0);
			assert_true(i < ref.n);
			assert_string_equal(r.v[i].rec, ref.v[i].rec);
			assert_int_equal(r.v[i].off, ref.v[i].off);
		}
		assert_true(bad <= 2);
		if (bad == 2)
			assert_null(r.v[r.n - 1].rec);
		result_release(&r);
		result_release(&ref);
		json_decref(want);
		buf_release(&b);
	}
}

/* The API's edges: no keys, a zero limit, an empty feed, free(NULL). */
static void
test_api(void **state)
{
	struct result r;
	struct jsplit *js;

	jsplit_free(NULL);
	result_init(&r, 0);
	js = jsplit_new(NULL, 0, collect, &r);
	assert_int_equal(jsplit_feed(js, "", 0), 0);
	assert_int_equal(jsplit_count(js), 0);
	/* a zero limit counts as one byte: every record is too big */
	assert_int_equal(jsplit_feed(js, "{\"a\":1}\n1", 9), 0);
	assert_int_equal(jsplit_finish(js), 0);
	assert_int_equal(jsplit_count(js), 2);
	jsplit_free(js);
	assert_int_equal(r.n, 2);
	assert_non_null(r.v[0].err);
	assert_non_null(strstr(r.v[0].err, "limit of 1 bytes"));
	assert_string_equal(r.v[0].rec, "{\"a\":1}");
	assert_non_null(r.v[1].err);
	result_release(&r);
}

/* --- the shared corpus --- */

struct corpus {
	size_t		 files, records;
};

static char *
read_file(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char tmp[65536];
	size_t n;
	FILE *fp;

	fp = fopen(path, "rb");
	if (fp == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	while ((n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		buf_add(&b, tmp, n);
	assert_int_equal(ferror(fp), 0);
	fclose(fp);
	return buf_detach(&b, len);
}

/* What jansson finds in the whole file: one JSON value per record. */
static json_t *
expected_records(const char *path, const char *in, size_t len)
{
	json_error_t jerr;
	json_t *all, *v, *arr;
	const char *p, *nl, *end = in + len;
	size_t n = strlen(path);

	if (n > 6 && strcmp(path + n - 6, ".jsonl") == 0) {
		arr = json_array();
		for (p = in; p < end; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl == NULL)
				nl = end;
			if (strspn(p, " \t\r\n") >= (size_t)(nl - p))
				continue;
			v = json_loadb(p, (size_t)(nl - p), 0, &jerr);
			if (v == NULL)
				fail_msg("%s: line: %s", path, jerr.text);
			json_array_append_new(arr, v);
		}
		return arr;
	}
	all = json_loadb(in, len, 0, &jerr);
	if (all == NULL)
		fail_msg("%s: %s (line %d)", path, jerr.text, jerr.line);
	if (json_is_array(all))
		return all;
	assert_true(json_is_object(all));
	v = json_object_get(all, "Records");
	if (v == NULL)
		v = json_object_get(all, "Events");
	assert_true(json_is_array(v));
	json_incref(v);
	json_decref(all);
	return v;
}

static void
check_corpus_file(const char *path, struct corpus *c)
{
	static const enum chunking hows[] = { CH_FIXED, CH_RANDOM, CH_WHOLE };
	struct result r, ref;
	json_error_t jerr;
	json_t *want, *got;
	size_t len, i, h;
	char *in;

	in = read_file(path, &len);
	want = expected_records(path, in, len);
	result_init(&ref, 0);
	for (h = 0; h < NELEM(hows); h++) {
		result_init(&r, 0);
		split(in, len, keys_ct, DEF_MAX, hows[h], 65536, &r);
		check_invariants(in, len, DEF_MAX, &r);
		if (r.n != json_array_size(want))
			fail_msg("%s: %zu records, jansson counts %zu", path,
			    r.n, json_array_size(want));
		for (i = 0; i < r.n; i++) {
			if (r.v[i].err != NULL)
				fail_msg("%s: record %zu: %s", path, i,
				    r.v[i].err);
			got = json_loadb(r.v[i].rec, r.v[i].len, 0, &jerr);
			if (got == NULL)
				fail_msg("%s: record %zu: %s", path, i,
				    jerr.text);
			assert_true(json_equal(got,
			    json_array_get(want, i)));
			json_decref(got);
		}
		if (h == 0)
			buf_addstr(&ref.log, r.log.s);
		else
			assert_true(strcmp(r.log.s, ref.log.s) == 0);
		result_release(&r);
	}
	c->files++;
	c->records += json_array_size(want);
	result_release(&ref);
	json_decref(want);
	free(in);
}

static void
walk(const char *dir, struct corpus *c)
{
	struct dirent **ents;
	struct stat st;
	char *path;
	int n, i;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		fail_msg("%s: %s", dir, strerror(errno));
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] == '.') {
			free(ents[i]);
			continue;
		}
		path = xasprintf("%s/%s", dir, ents[i]->d_name);
		if (stat(path, &st) != 0)
			fail_msg("%s: %s", path, strerror(errno));
		if (S_ISDIR(st.st_mode))
			walk(path, c);
		else if (S_ISREG(st.st_mode))
			check_corpus_file(path, c);
		free(path);
		free(ents[i]);
	}
	free(ents);
}

static void
test_corpus(void **state)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	struct corpus c = { 0, 0 };
	struct stat st;
	char *dir;

	dir = xasprintf("%s/../shared/corpus/cloudtrail",
	    root && *root ? root : ".");
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		print_message("corpus %s absent: skipped\n", dir);
		free(dir);
		skip();
		return;
	}
	walk(dir, &c);
	print_message("corpus: %zu files, %zu records split\n", c.files,
	    c.records);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
