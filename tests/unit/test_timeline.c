/* SPDX-License-Identifier: MIT */
/*
 * test_timeline.c - unit tests of the timeline export (report/timeline.c
 * and report/timeline_*.c): the message, timestamp_desc, the l2tcsv date
 * and time, the _bulk _id, index names, the escaping of hostile values in
 * every format, and tl_run over an in-memory case (order, untimed events,
 * filters, tags, a plan without a sort).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "jsonutil.h"
#include "store.h"
#include "timeline.h"

/* A value no format may pass through raw: CSV, JSON, HTML and ESC. */
#define HOSTILE "a,b \"q\"\nline2\r<script>\x1b[31m"

/* An event with the fields set, message, datetime and desc computed. */
struct tev {
	struct tl_event	 ev;
	struct buf	 msg;
	char		 dt[TL_DATETIME_BUFSZ];
	char		 ts[TS_BUFSZ];
	char		 tsus[24];
};

static void
tev_init(struct tev *t, int64_t ts_us)
{
	memset(t, 0, sizeof(*t));
	buf_init(&t->msg);
	t->ev.id = 7;
	t->ev.f[TL_EVENT_ID] = "7";
	t->ev.ts_us = ts_us;
	t->ev.has_ts = 1;
	t->ev.f[TL_TS] = ts_format(ts_us, t->ts);
	t->ev.f[TL_DATETIME] = tl_datetime(ts_us, t->dt);
	snprintf(t->tsus, sizeof(t->tsus), "%lld", (long long)ts_us);
	t->ev.f[TL_TS_US] = t->tsus;
	t->ev.dedup = "cloudtrail:531132cc-29b8-46da-aef4-1083a7f53f66";
}

static void
tev_finish(struct tev *t)
{
	buf_reset(&t->msg);
	tl_message(&t->ev, &t->msg);
	t->ev.f[TL_MESSAGE] = t->msg.s;
	t->ev.f[TL_TIMESTAMP_DESC] = tl_timestamp_desc(t->ev.f[TL_SOURCE],
	    t->ev.f[TL_ACTION]);
}

static char *
message_of(struct tl_event *ev)
{
	struct buf b = BUF_INIT;

	tl_message(ev, &b);
	return buf_detach(&b, NULL);
}

static void
test_message(void **state)
{
	struct tl_event ev;
	char *m;

	memset(&ev, 0, sizeof(ev));
	ev.f[TL_ACTION] = "sign";
	ev.f[TL_OPERATION] = "kms:Sign";
	ev.f[TL_ACTOR] = "arn:aws:iam::1:role/signer";
	ev.f[TL_KEY_REF] = "arn:aws:kms:eu-west-1:1:key/k";
	ev.f[TL_KEY_RAW] = "alias/release";
	ev.f[TL_OUTCOME] = "success";
	m = message_of(&ev);
	assert_string_equal(m, "sign (kms:Sign) by arn:aws:iam::1:role/signer"
	    " with key arn:aws:kms:eu-west-1:1:key/k: success");
	free(m);

	/* the raw key when there is no canonical one; the error code */
	ev.f[TL_KEY_REF] = NULL;
	ev.f[TL_OUTCOME] = "failure";
	ev.f[TL_ERROR_CODE] = "AccessDeniedException";
	m = message_of(&ev);
	assert_string_equal(m, "sign (kms:Sign) by arn:aws:iam::1:role/signer"
	    " with key alias/release: failure (AccessDeniedException)");
	free(m);

	/* a publish: artifact and version, repo and ref; empty = absent */
	memset(&ev, 0, sizeof(ev));
	ev.f[TL_ACTION] = "publish";
	ev.f[TL_ACTOR] = "";
	ev.f[TL_ARTIFACT] = "@acme/widget";
	ev.f[TL_VERSION] = "2.4.0";
	ev.f[TL_REPO] = "acme/widget";
	ev.f[TL_REF] = "refs/tags/v2.4.0";
	ev.f[TL_OUTCOME] = "success";
	m = message_of(&ev);
	assert_string_equal(m, "publish on @acme/widget 2.4.0 in acme/widget"
	    " at refs/tags/v2.4.0: success");
	free(m);
	ev.f[TL_ARTIFACT] = NULL;
	m = message_of(&ev);
	assert_string_equal(m, "publish version 2.4.0 in acme/widget"
	    " at refs/tags/v2.4.0: success");
	free(m);

	/* nothing at all */
	memset(&ev, 0, sizeof(ev));
	m = message_of(&ev);
	assert_string_equal(m, "event");
	free(m);

	/* hostile text stays on one line; bad UTF-8 becomes U+FFFD */
	memset(&ev, 0, sizeof(ev));
	ev.f[TL_ACTION] = "sign";
	ev.f[TL_ACTOR] = HOSTILE;
	ev.f[TL_KEY_RAW] = "k\xff\xe2\x80\xa8x\xc2\x85y";
	m = message_of(&ev);
	assert_string_equal(m, "sign by a,b \"q\" line2 <script> [31m"
	    " with key k\xef\xbf\xbd x y");
	assert_null(strpbrk(m, "\r\n\x1b"));
	free(m);
}

static void
test_timestamp_desc(void **state)
{
	assert_string_equal(tl_timestamp_desc("cloudtrail", "sign"),
	    "Signing Time");
	assert_string_equal(tl_timestamp_desc("npm", "publish"),
	    "Publish Time");
	assert_string_equal(tl_timestamp_desc("github_actions", "ci.run"),
	    "Run Start");
	assert_string_equal(tl_timestamp_desc("rekor", "tlog.entry"),
	    "Log Integrated Time");
	assert_string_equal(tl_timestamp_desc("x509", "pki.cert"),
	    "Not Before Time");
	assert_string_equal(tl_timestamp_desc("vault_audit", "pki.cert"),
	    "Event Time");
	assert_string_equal(tl_timestamp_desc(NULL, "pki.cert"),
	    "Event Time");
	assert_string_equal(tl_timestamp_desc("cloudtrail", "key.disable"),
	    "Event Time");
	assert_string_equal(tl_timestamp_desc(NULL, NULL), "Event Time");
}

static void
test_datetimes(void **state)
{
	char date[11], tod[9], dt[TL_DATETIME_BUFSZ];

	tl_l2t_datetime(1794002465000000LL, date, tod);
	assert_string_equal(date, "11/06/2026");
	assert_string_equal(tod, "22:01:05");
	tl_l2t_datetime(1794002465999999LL, date, tod);	/* fraction dropped */
	assert_string_equal(date, "11/06/2026");
	assert_string_equal(tod, "22:01:05");
	tl_l2t_datetime(0, date, tod);
	assert_string_equal(date, "01/01/1970");
	assert_string_equal(tod, "00:00:00");
	tl_l2t_datetime(-500000, date, tod);	/* 1969-12-31T23:59:59.5 */
	assert_string_equal(date, "12/31/1969");
	assert_string_equal(tod, "23:59:59");
	tl_l2t_datetime(1735689599000000LL, date, tod);	/* 2024-12-31 */
	assert_string_equal(date, "12/31/2024");
	assert_string_equal(tod, "23:59:59");
	tl_l2t_datetime(INT64_MAX, date, tod);		/* past 9999 */
	assert_string_equal(date, "00/00/0000");
	assert_string_equal(tod, "00:00:00");

	assert_string_equal(tl_datetime(1794002465000000LL, dt),
	    "2026-11-06T22:01:05+00:00");
	assert_string_equal(tl_datetime(1794002465511000LL, dt),
	    "2026-11-06T22:01:05.511000+00:00");
}

static void
test_bulk_id(void **state)
{
	char a[SHA256_HEXLEN], b[SHA256_HEXLEN];

	/* python3: hashlib.sha256(b"sigtrail:" + dedup).hexdigest() */
	assert_int_equal(tl_bulk_id("cloudtrail:531132cc-29b8-46da-aef4-"
	    "1083a7f53f66", a), 0);
	assert_string_equal(a, "4b5b619c7117f338fe9cd5e89161de674d4b58ac73ff"
	    "b0b5e529fcc92e98e4dc");
	assert_int_equal(tl_bulk_id("", b), 0);
	assert_string_equal(b, "2afb5ecad97fdebfd8d1ae85fb415dfb7c33fc8604ae"
	    "938b6a66486c490f769e");
	assert_int_equal(tl_bulk_id("cloudtrail:531132cc-29b8-46da-aef4-"
	    "1083a7f53f66", b), 0);
	assert_string_equal(a, b);
}

static void
test_index_names(void **state)
{
	assert_true(tl_index_name_ok("sigtrail-events"));
	assert_true(tl_index_name_ok("sigtrail-case-2026.11"));
	assert_false(tl_index_name_ok(""));
	assert_false(tl_index_name_ok("Sigtrail"));
	assert_false(tl_index_name_ok("a b"));
	assert_false(tl_index_name_ok("a,b"));
	assert_false(tl_index_name_ok("a\"b"));
	assert_false(tl_index_name_ok("a/b"));
	assert_false(tl_index_name_ok("a:b"));
	assert_false(tl_index_name_ok("_a"));
	assert_false(tl_index_name_ok("-a"));
	assert_false(tl_index_name_ok("."));
	assert_false(tl_index_name_ok(".."));
	assert_false(tl_index_name_ok("a\nb"));
	assert_false(tl_index_name_ok("a\xff"));
	assert_true(tl_format_find("csv") == &tl_format_csv);
	assert_true(tl_format_find("timesketch-jsonl") ==
	    &tl_format_timesketch_jsonl);
	assert_null(tl_format_find("json"));
	assert_null(tl_format_find(NULL));
	assert_string_equal(tl_format_names(), "csv, jsonl, timesketch, "
	    "timesketch-jsonl, l2tcsv, opensearch");
}

static void
test_csv_field(void **state)
{
	struct buf b = BUF_INIT;

	tl_add_csv(&b, "plain");
	buf_addch(&b, '|');
	tl_add_csv(&b, NULL);
	buf_addch(&b, '|');
	tl_add_csv(&b, "<script>\x1b");
	buf_addch(&b, '|');
	tl_add_csv(&b, HOSTILE);
	assert_string_equal(b.s, "plain||<script>\x1b|\"a,b \"\"q\"\"\nline2\r"
	    "<script>\x1b[31m\"");
	buf_release(&b);
}

/* Runs one row of ev through fmt; returns the output (caller frees). */
static char *
run_format(const struct tl_format *fmt, const struct tl_event *ev,
    const char *index)
{
	struct tl_out o;
	struct buf line = BUF_INIT;
	char *out = NULL;
	size_t len = 0;

	memset(&o, 0, sizeof(o));
	o.index = index;
	o.line = &line;
	o.fp = open_memstream(&out, &len);
	assert_non_null(o.fp);
	assert_int_equal(fmt->begin(&o), 0);
	if (ev != NULL)
		assert_int_equal(fmt->row(&o, ev), 0);
	assert_int_equal(fmt->end(&o), 0);
	assert_null(o.priv);
	assert_int_equal(line.len, 0);
	buf_release(&line);
	assert_int_equal(fclose(o.fp), 0);
	return out;
}

#define assert_prefix(s, p)	assert_true(starts((s), (p)))

static int
starts(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)) == 0)
		return 1;
	print_error("got: %s\nnot starting with: %s\n", s, prefix);
	return 0;
}

static size_t
count_char(const char *s, int c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/* The hostile event: every text field an attacker could influence. */
static void
hostile_event(struct tev *t)
{
	static const char *const tags[] = {
		"verdict:unaccounted", "finding:critical:unaccounted-signature"
	};

	tev_init(t, 1794002465000000LL);
	t->ev.f[TL_SOURCE] = "cloudtrail";
	t->ev.f[TL_ACTION] = "sign";
	t->ev.f[TL_OPERATION] = "kms:Sign";
	t->ev.f[TL_OUTCOME] = "success";
	t->ev.f[TL_ACTOR] = HOSTILE;
	t->ev.f[TL_USER_AGENT] = HOSTILE;
	t->ev.f[TL_SRC_IP] = "AWS Internal";
	t->ev.f[TL_EVIDENCE] = "ct/a,b.json";
	t->ev.f[TL_LOCATOR] = "line 1, byte 12";
	t->ev.f[TL_ATTRS] = "{\"request\":{\"keyId\":\"k\\n<script>\"},"
	    "\"n\":1}";
	t->ev.f[TL_TAGS] = "verdict:unaccounted "
	    "finding:critical:unaccounted-signature";
	t->ev.tags = tags;
	t->ev.ntags = 2;
	tev_finish(t);
}

static void
test_escape_csv(void **state)
{
	struct tev t;
	char *out, *line;

	hostile_event(&t);
	out = run_format(&tl_format_csv, &t.ev, NULL);
	line = strchr(out, '\n') + 1;
	assert_string_equal(line, "7,2026-11-06T22:01:05Z,1794002465000000,,,"
	    "cloudtrail,sign,kms:Sign,success,,,\"a,b \"\"q\"\"\nline2\r"
	    "<script>\x1b[31m\",,,,,,,,,,,,,AWS Internal,\"a,b \"\"q\"\"\n"
	    "line2\r<script>\x1b[31m\",,\"ct/a,b.json\",\"line 1, byte 12\","
	    "verdict:unaccounted finding:critical:unaccounted-signature,"
	    "\"{\"\"request\"\":{\"\"keyId\"\":\"\"k\\n<script>\"\"},"
	    "\"\"n\"\":1}\"\n");
	free(out);
	buf_release(&t.msg);
}

static void
check_json_line(const char *line, size_t len, const char *key,
    const char *want)
{
	json_error_t jerr;
	json_t *o;

	o = json_loadb(line, len, 0, &jerr);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, key)), want);
	json_decref(o);
}

static void
test_escape_jsonl(void **state)
{
	struct tev t;
	json_t *o, *a;
	char *out;

	hostile_event(&t);
	out = run_format(&tl_format_jsonl, &t.ev, NULL);
	assert_int_equal(count_char(out, '\n'), 1);
	assert_null(strchr(out, '\x1b'));
	assert_non_null(strstr(out, "\\u001B[31m"));
	assert_non_null(strstr(out, "\"event_id\":7,\"ts\":\"2026-11-06T22:01:"
	    "05Z\",\"ts_us\":1794002465000000,\"end_ts\":null,"));
	check_json_line(out, strlen(out), "actor", HOSTILE);
	o = json_loads(out, 0, NULL);
	assert_non_null(o);
	/* attrs nested, tags an array, keys in order */
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(o, "attrs"), "request"), "keyId")),
	    "k\n<script>");
	a = json_object_get(o, "tags");
	assert_int_equal(json_array_size(a), 2);
	assert_string_equal(json_string_value(json_array_get(a, 1)),
	    "finding:critical:unaccounted-signature");
	assert_int_equal(json_object_size(o), 31);
	json_decref(o);
	free(out);

	/* not UTF-8: U+FFFD, never invalid JSON */
	t.ev.f[TL_ACTOR] = "x\xc3(";
	t.ev.f[TL_ATTRS] = "not json";
	out = run_format(&tl_format_jsonl, &t.ev, NULL);
	check_json_line(out, strlen(out), "actor", "x\xef\xbf\xbd(");
	check_json_line(out, strlen(out), "attrs", "not json");
	free(out);
	buf_release(&t.msg);
}

/* What tl_jl_attrs did before it copied: parse, then dump in key order. */
static char *
attrs_reparsed(const char *s)
{
	json_t *j = json_loads(s, 0, NULL);
	char *out;

	assert_true(json_is_object(j));
	out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	return out;
}

/* A random JSON value of depth at most d, strings of hostile bytes. */
static json_t *
random_value(unsigned *seed, int d)
{
	static const char *const pieces[] = {
		"a", "\"", "\\", "/", "\n", "\t", "\b", "\f", "\r", "\x01",
		"\x1f", "\x0b", "\x7f", "\xc3\xa9", "\xe2\x82\xac",
		"\xf0\x9f\x94\x91", "<", " ", "0",
	};
	json_t *v;
	char str[64];
	int i, n, k = rand_r(seed) % (d > 0 ? 9 : 6);

	switch (k) {
	case 0: return json_integer((json_int_t)rand_r(seed) - RAND_MAX / 2);
	case 1: return json_real((double)rand_r(seed) / 7.0);
	case 2: return json_true();
	case 3: return json_null();
	case 4: return json_integer(INT64_MIN + rand_r(seed) % 3);
	case 5: case 6:
		str[0] = '\0';
		n = rand_r(seed) % 6;
		for (i = 0; i < n; i++)
			strcat(str, pieces[rand_r(seed) % (sizeof(pieces) /
			    sizeof(pieces[0]))]);
		return json_string(str);
	case 7:
		v = json_array();
		n = rand_r(seed) % 4;
		for (i = 0; i < n; i++)
			json_array_append_new(v, random_value(seed, d - 1));
		return v;
	default:
		v = json_object();
		n = rand_r(seed) % 5;
		for (i = 0; i < n; i++) {
			snprintf(str, sizeof(str), "k%d\n\"%c", rand_r(seed) % 9,
			    'a' + i);
			json_object_set_new(v, str, random_value(seed, d - 1));
		}
		return v;
	}
}

/*
 * attrs as ingest writes them (jansson's compact dump, keys sorted) and
 * as the derivations change them (json_set of json_add_str text) are
 * copied as they are: the bytes are those of parsing and dumping again.
 */
static void
test_attrs_copied(void **state)
{
	/* not jansson's text of an object: the long way, and what it gives */
	static const char *const odd[][2] = {
		{ "{\"a\":\"\\u0000x\"}",		/* jansson does not read it */
		  "\"{\\\"a\\\":\\\"\\\\u0000x\\\"}\"" },
		{ "{\"a\":1}  ", "{\"a\":1}  " },
		{ "[1,2]", "\"[1,2]\"" },
		{ "not json", "\"not json\"" },
	};
	struct buf b = BUF_INIT, arg = BUF_INIT;
	sqlite3 *db;
	sqlite3_stmt *st;
	json_t *o, *v;
	char *text, *want;
	unsigned seed = 7;
	size_t i;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json_set(?1,"
	    " '$.verify_error', json(?2))", -1, &st, NULL), SQLITE_OK);
	for (i = 0; i < 3000; i++) {
		o = json_object();
		json_object_set_new(o, "x", random_value(&seed, 4));
		json_object_set_new(o, "request", random_value(&seed, 4));
		text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		assert_non_null(text);
		tl_jl_attrs(&b, text);
		want = attrs_reparsed(text);
		assert_string_equal(b.s, want);
		free(want);
		buf_reset(&b);

		/* and after a derivation set a hostile string in it */
		v = random_value(&seed, 0);
		json_add_str(&arg, json_is_string(v) ? json_string_value(v) :
		    "x\x0e\x1a\xff");
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, arg.s, (int)arg.len, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		tl_jl_attrs(&b, (const char *)sqlite3_column_text(st, 0));
		want = attrs_reparsed((const char *)sqlite3_column_text(st, 0));
		assert_string_equal(b.s, want);
		free(want);
		buf_reset(&b);
		buf_reset(&arg);
		json_decref(v);
		free(text);
		json_decref(o);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);

	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		tl_jl_attrs(&b, odd[i][0]);
		assert_string_equal(b.s, odd[i][1]);
		buf_reset(&b);
	}
	buf_release(&b);
	buf_release(&arg);
}

static void
test_escape_timesketch(void **state)
{
	struct tev t;
	json_t *o;
	char *out, *line;

	hostile_event(&t);
	out = run_format(&tl_format_timesketch, &t.ev, NULL);
	assert_prefix(out, "message,datetime,timestamp_desc,timestamp,"
	    "event_id,");
	line = strchr(out, '\n') + 1;
	assert_prefix(line, "\"sign (kms:Sign) by a,b \"\"q\"\" line2 "
	    "<script> [31m: success\",2026-11-06T22:01:05+00:00,Signing Time,"
	    "1794002465000000,7,");
	assert_non_null(strstr(line, ",\"[\"\"verdict:unaccounted\"\",\"\""
	    "finding:critical:unaccounted-signature\"\"]\"\n"));
	free(out);

	out = run_format(&tl_format_timesketch_jsonl, &t.ev, NULL);
	assert_int_equal(count_char(out, '\n'), 1);
	o = json_loads(out, 0, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "datetime")),
	    "2026-11-06T22:01:05+00:00");
	assert_int_equal(json_integer_value(json_object_get(o, "timestamp")),
	    1794002465000000LL);
	assert_string_equal(json_string_value(json_object_get(o, "actor")),
	    HOSTILE);
	assert_true(json_is_string(json_object_get(o, "attrs")));
	assert_int_equal(json_array_size(json_object_get(o, "tag")), 2);
	assert_null(json_object_get(o, "digest"));	/* no value: absent */
	json_decref(o);
	free(out);

	/* no tags: "[]" in the CSV, [] in the JSONL */
	t.ev.ntags = 0;
	t.ev.f[TL_TAGS] = "";
	out = run_format(&tl_format_timesketch, &t.ev, NULL);
	assert_non_null(strstr(out, ",[]\n"));
	free(out);
	out = run_format(&tl_format_timesketch_jsonl, &t.ev, NULL);
	assert_non_null(strstr(out, ",\"tag\":[]}\n"));
	free(out);
	buf_release(&t.msg);
}

static void
test_escape_l2tcsv(void **state)
{
	struct tev t;
	char *out, *line, *p;
	size_t commas;

	hostile_event(&t);
	out = run_format(&tl_format_l2tcsv, &t.ev, NULL);
	assert_prefix(out, "date,time,timezone,MACB,source,sourcetype,"
	    "type,user,host,short,desc,version,filename,inode,notes,format,"
	    "extra\n");
	line = strchr(out, '\n') + 1;
	assert_int_equal(count_char(line, '\n'), 1);
	for (p = line, commas = 0; *p != '\n'; p++) {
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
		assert_true(*p != '"');
		commas += *p == ',';
	}
	assert_int_equal(commas, 16);			/* 17 fields */
	assert_prefix(line, "11/06/2026,22:01:05,UTC,....,LOG,"
	    "cloudtrail,Signing Time,a b 'q' line2 <script> [31m,"
	    "AWS Internal,kms:Sign success,sign (kms:Sign) by a b 'q' line2 "
	    "<script> [31m: success,2,ct/a b.json,-,verdict:unaccounted "
	    "finding:critical:unaccounted-signature,sigtrail,event_id: 7; "
	    "ts: 2026-11-06T22:01:05Z; action: sign;");
	free(out);

	/* empty fields are "-"; the runner is the host when known */
	t.ev.f[TL_ACTOR] = NULL;
	t.ev.f[TL_RUNNER] = "gh-runner-7";
	t.ev.f[TL_TAGS] = "";
	out = run_format(&tl_format_l2tcsv, &t.ev, NULL);
	line = strchr(out, '\n') + 1;
	assert_non_null(strstr(line, ",Signing Time,-,gh-runner-7,"));
	assert_non_null(strstr(line, ",ct/a b.json,-,-,sigtrail,"));
	free(out);
	buf_release(&t.msg);
}

static void
test_escape_opensearch(void **state)
{
	struct tev t;
	json_t *o;
	char *out, *doc;

	hostile_event(&t);
	out = run_format(&tl_format_opensearch, &t.ev, NULL);
	assert_int_equal(count_char(out, '\n'), 2);
	assert_prefix(out, "{\"index\":{\"_index\":\"sigtrail-events\","
	    "\"_id\":\"4b5b619c7117f338fe9cd5e89161de674d4b58ac73ffb0b5e529"
	    "fcc92e98e4dc\"}}\n");
	doc = strchr(out, '\n') + 1;
	o = json_loads(doc, 0, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o,
	    "@timestamp")), "2026-11-06T22:01:05Z");
	assert_string_equal(json_string_value(json_object_get(o, "src_ip")),
	    "AWS Internal");
	assert_true(json_is_object(json_object_get(o, "attrs")));
	assert_int_equal(json_array_size(json_object_get(o, "tags")), 2);
	assert_null(json_object_get(o, "end_ts"));
	json_decref(o);
	free(out);

	out = run_format(&tl_format_opensearch, &t.ev, "case-42");
	assert_prefix(out, "{\"index\":{\"_index\":\"case-42\",");
	free(out);
	/* the template is JSON */
	o = json_loads(tl_opensearch_template, 0, NULL);
	assert_non_null(o);
	json_decref(o);
	buf_release(&t.msg);
}

/* An in-memory case with events, verdicts and findings. */
static sqlite3 *
make_case(struct store **stp)
{
	struct diag d;
	sqlite3 *db;

	assert_int_equal(store_open(":memory:", STORE_RW, stp, &d), 0);
	db = store_db(*stp);
	assert_int_equal(sqlite3_exec(db,
	    "INSERT INTO evidence (id, path, member, kind, sha256, size,"
	    " ingested_at, tool_version, command_line, status) VALUES"
	    " (1, 'ct/a.json', NULL, 'file', 'x', 1, 't', 'v', 'c', 'done'),"
	    " (2, 'hsm.zip', 'log.txt', 'member', 'y', 1, 't', 'v', 'c',"
	    " 'done');"
	    "INSERT INTO events (id, ts_us, source, action, operation, outcome,"
	    " actor, key_ref, key_raw, dedup, evidence_id, locator, attrs)"
	    " VALUES"
	    " (1, 3000000, 'cloudtrail', 'sign', 'kms:Sign', 'success',"
	    "  'arn:r', 'arn:key/1', '1', 'cloudtrail:e1', 1, 'line 1, byte 0', '{}'),"
	    " (2, 1000000, 'cloudtrail', 'key.grant', 'kms:CreateGrant',"
	    "  'success', 'arn:u/ci', 'arn:key/1', 'alias/rel',"
	    "  'cloudtrail:e2', 1, 'line 2, byte 9', NULL),"
	    " (3, 1000000, 'cloudtrail', 'key.read', 'kms:DescribeKey',"
	    "  'success', 'arn:u/ci', 'arn:key/2', NULL, 'cloudtrail:e3', 1,"
	    "  NULL, NULL),"
	    " (4, NULL, 'yubihsm', 'sign', 'yubihsm:SIGN', 'success',"
	    "  'authkey:5', 'hsm:0102', NULL, 'raw:abc', 2, 'byte 0', NULL),"
	    " (5, 2000000, 'cloudtrail', 'keyring', NULL, 'success', NULL,"
	    "  NULL, NULL, 'cloudtrail:e5', 1, NULL, NULL);"
	    "INSERT INTO keys (id, canonical, label) VALUES (1, 'arn:key/1',"
	    " 'release');"
	    "INSERT INTO key_refs (key_id, kind, value, origin) VALUES"
	    " (1, 'alias', 'alias/widget', 'x');"
	    "INSERT INTO verdicts (sign_id, verdict, reasons) VALUES"
	    " (1, 'unaccounted', '[]');"
	    "INSERT INTO findings (kind, severity, summary, event_ids, origin)"
	    " VALUES ('key-admin-change', 'medium', 's', '[2]', 'c'),"
	    " ('unaccounted-signature', 'critical', 's', '[1]', 'c'),"
	    " ('burst', 'medium', 's', '[1, 2]', 'c'),"
	    " ('burst', 'medium', 's', '[2]', 'c'),"
	    " ('zz', 'weird', 's', '[1]', 'c'),"
	    " ('broken', 'high', 's', 'not json', 'c');",
	    NULL, NULL, NULL), SQLITE_OK);
	return db;
}

/* The timeline of q as csv, the first columns of each line only. */
static char *
run_csv(sqlite3 *db, const struct tl_query *q, const struct tl_format *fmt,
    struct tl_stats *st)
{
	struct tl_out o;
	char *out = NULL;
	size_t len = 0;

	memset(&o, 0, sizeof(o));
	o.fp = open_memstream(&out, &len);
	assert_non_null(o.fp);
	assert_int_equal(tl_run(db, q, fmt, &o, st), 0);
	assert_int_equal(fclose(o.fp), 0);
	return out;
}

static void
query_init(struct tl_query *q)
{
	memset(q, 0, sizeof(*q));
	q->from_us = INT64_MIN;
	q->to_us = INT64_MAX;
}

/* The event ids of a csv timeline, space-separated. */
static char *
ids_of(const char *csv)
{
	struct buf b = BUF_INIT;
	const char *p = strchr(csv, '\n');

	while (p != NULL && p[1] != '\0') {
		p++;
		if (b.len > 0)
			buf_addch(&b, ' ');
		buf_add(&b, p, strcspn(p, ","));
		p = strchr(p, '\n');
	}
	return buf_detach(&b, NULL);
}

static void
check_ids(sqlite3 *db, const struct tl_query *q, const char *want,
    int64_t untimed_left)
{
	struct tl_stats st;
	char *out, *ids;

	out = run_csv(db, q, &tl_format_csv, &st);
	ids = ids_of(out);
	assert_string_equal(ids, want);
	assert_int_equal(st.untimed_left, untimed_left);
	free(ids);
	free(out);
}

static void
test_run(void **state)
{
	struct store *st;
	struct tl_stats stats;
	struct tl_query q;
	sqlite3 *db;
	char *out, *line;

	db = make_case(&st);
	query_init(&q);
	/* time order, ties by id, the untimed event last */
	check_ids(db, &q, "2 3 5 1 4", 0);
	out = run_csv(db, &q, &tl_format_csv, &stats);
	assert_int_equal(stats.rows, 5);
	/* tags: verdict, then findings by severity, kind; no duplicates */
	line = strstr(out, "\n1,");
	assert_non_null(line);
	assert_non_null(strstr(line, ",verdict:unaccounted "
	    "finding:critical:unaccounted-signature finding:medium:burst "
	    "finding:weird:zz,{}\n"));
	line = strstr(out, "\n2,");
	assert_non_null(strstr(line, ",\"line 2, byte 9\",finding:medium:burst "
	    "finding:medium:key-admin-change,\n"));
	/* the untimed event: no ts, evidence path!member */
	line = strstr(out, "\n4,");
	assert_prefix(line, "\n4,,,,,yubihsm,");
	assert_non_null(strstr(line, ",hsm.zip!log.txt,byte 0,,\n"));
	free(out);

	/* the same bytes twice */
	out = run_csv(db, &q, &tl_format_jsonl, &stats);
	line = run_csv(db, &q, &tl_format_jsonl, &stats);
	assert_string_equal(out, line);
	free(out);
	free(line);

	/* a window, or a format that needs a time: untimed ones counted */
	q.from_us = 1000000;
	q.to_us = 2000000;
	q.windowed = 1;
	check_ids(db, &q, "2 3 5", 1);
	query_init(&q);
	out = run_csv(db, &q, &tl_format_l2tcsv, &stats);
	assert_int_equal(stats.rows, 4);
	assert_int_equal(stats.untimed_left, 1);
	free(out);

	/* filters */
	query_init(&q);
	q.action = "key";
	check_ids(db, &q, "2 3", 0);
	q.action = "key.";
	check_ids(db, &q, "2 3", 0);
	q.action = "key.read";
	check_ids(db, &q, "3", 0);
	q.action = "sign";
	check_ids(db, &q, "1 4", 0);
	query_init(&q);
	q.key = "release";			/* label */
	check_ids(db, &q, "2 1", 0);
	q.key = "alias/widget";			/* a key_refs spelling */
	check_ids(db, &q, "2 1", 0);
	q.key = "arn:key/2";			/* not in keys: as stored */
	check_ids(db, &q, "3", 0);
	q.key = "hsm:0102";
	check_ids(db, &q, "4", 0);
	query_init(&q);
	q.actor = "arn:u/ci";
	check_ids(db, &q, "2 3", 0);
	q.actor = "arn:*";
	check_ids(db, &q, "2 3 1", 0);
	q.source = "yubihsm";
	check_ids(db, &q, "", 0);
	q.actor = NULL;
	q.windowed = 1;
	check_ids(db, &q, "", 1);

	store_close(st);
}

static void
test_plan(void **state)
{
	struct store *st;
	sqlite3_stmt *s;
	struct buf plan = BUF_INIT;
	sqlite3 *db;
	char *sql;

	db = make_case(&st);
	sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", tl_sql_timed);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL),
	    SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		buf_addstr(&plan, (const char *)sqlite3_column_text(s, 3));
		buf_addch(&plan, '\n');
	}
	sqlite3_finalize(s);
	sqlite3_free(sql);
	/* rows come out of the index in order: nothing is sorted */
	assert_null(strstr(plan.s, "FOR ORDER BY"));
	assert_non_null(strstr(plan.s, "events_ts"));
	buf_release(&plan);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_timestamp_desc),
		cmocka_unit_test(test_datetimes),
		cmocka_unit_test(test_bulk_id),
		cmocka_unit_test(test_index_names),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_escape_csv),
		cmocka_unit_test(test_escape_jsonl),
		cmocka_unit_test(test_attrs_copied),
		cmocka_unit_test(test_escape_timesketch),
		cmocka_unit_test(test_escape_l2tcsv),
		cmocka_unit_test(test_escape_opensearch),
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
