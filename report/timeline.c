/* SPDX-License-Identifier: MIT */
/*
 * timeline.c - the timeline driver (timeline.h): the table of export
 * formats, the one query over the events and what every format shares
 * (the message, timestamp_desc, tags, one-line text, CSV fields).
 *
 * Streaming.  The events are read by one statement that walks the
 * events_ts index, so rows come out in (ts_us, id) order without a sort
 * and nothing is buffered: memory is constant whatever the case size.
 * Tags come from the same statement: the verdict by the primary key of
 * verdicts, the findings through a CTE that lists (event id, finding)
 * pairs once with json_each over findings.event_ids and is searched
 * through an automatic index; its size is that of the findings, not of
 * the events.  Untimed events (ts_us NULL) are read by a second pass of
 * the same statement, in id order, when they are written at all.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "jsonutil.h"
#include "timeline.h"
#include "timeutil.h"
#include "utf8.h"
#include "writer.h"
#include "xalloc.h"

const struct tl_format *const tl_formats[] = {
	&tl_format_csv,
	&tl_format_jsonl,
	&tl_format_timesketch,
	&tl_format_timesketch_jsonl,
	&tl_format_l2tcsv,
	&tl_format_opensearch,
	NULL
};

const char *const tl_field_names[TL_NFIELDS] = {
	[TL_EVENT_ID] = "event_id",
	[TL_TS] = "ts",
	[TL_TS_US] = "ts_us",
	[TL_END_TS] = "end_ts",
	[TL_TS_FLAGS] = "ts_flags",
	[TL_SOURCE] = "source",
	[TL_ACTION] = "action",
	[TL_OPERATION] = "operation",
	[TL_OUTCOME] = "outcome",
	[TL_ERROR_CODE] = "error_code",
	[TL_ERROR_MESSAGE] = "error_message",
	[TL_ACTOR] = "actor",
	[TL_SESSION] = "session",
	[TL_KEY_REF] = "key_ref",
	[TL_KEY_RAW] = "key_raw",
	[TL_DIGEST] = "digest",
	[TL_ARTIFACT] = "artifact",
	[TL_VERSION] = "version",
	[TL_REPO] = "repo",
	[TL_REF] = "ref",
	[TL_COMMIT_SHA] = "commit_sha",
	[TL_RUN_REF] = "run_ref",
	[TL_JOB_REF] = "job_ref",
	[TL_RUNNER] = "runner",
	[TL_SRC_IP] = "src_ip",
	[TL_USER_AGENT] = "user_agent",
	[TL_NATIVE_ID] = "native_id",
	[TL_EVIDENCE] = "evidence",
	[TL_LOCATOR] = "locator",
	[TL_ATTRS] = "attrs",
	[TL_TAGS] = "tags",
	[TL_MESSAGE] = "message",
	[TL_DATETIME] = "datetime",
	[TL_TIMESTAMP_DESC] = "timestamp_desc",
};

const struct tl_format *
tl_format_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; tl_formats[i] != NULL; i++)
		if (strcmp(tl_formats[i]->name, name) == 0)
			return tl_formats[i];
	return NULL;
}

const char *
tl_format_names(void)
{
	static char names[160];
	struct buf b = BUF_INIT;
	size_t i;

	if (names[0] != '\0')
		return names;
	for (i = 0; tl_formats[i] != NULL; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", tl_formats[i]->name);
	snprintf(names, sizeof(names), "%s", b.s);
	buf_release(&b);
	return names;
}

/*
 * What the time of an event means, by action (and source where the same
 * action carries different times).  First match wins; the rest is the
 * time the source logged the event.
 */
static const struct {
	const char	*source;	/* NULL: any */
	const char	*action;
	const char	*desc;
} tl_descs[] = {
	{ NULL, "sign", "Signing Time" },
	{ NULL, "verify", "Verification Time" },
	{ NULL, "ci.run", "Run Start" },
	{ NULL, "ci.job", "Job Start" },
	{ NULL, "ci.step", "Step Start" },
	{ NULL, "publish", "Publish Time" },
	{ NULL, "publish.signature", "Publish Time" },
	{ NULL, "publish.delete", "Deletion Time" },
	{ NULL, "tlog.entry", "Log Integrated Time" },
	{ NULL, "vcs.commit", "Commit Time" },
	{ NULL, "vcs.tag", "Tag Time" },
	{ "x509", "pki.cert", "Not Before Time" },
	{ "crl", "pki.revoke", "Revocation Time" },
	{ "rfc3161", "pki.timestamp", "Timestamp Generation Time" },
};

const char *
tl_timestamp_desc(const char *source, const char *action)
{
	size_t i;

	if (action == NULL)
		return "Event Time";
	for (i = 0; i < sizeof(tl_descs) / sizeof(tl_descs[0]); i++) {
		if (strcmp(tl_descs[i].action, action) != 0)
			continue;
		if (tl_descs[i].source == NULL || (source != NULL &&
		    strcmp(tl_descs[i].source, source) == 0))
			return tl_descs[i].desc;
	}
	return "Event Time";
}

void
tl_add_oneline(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k, n;
	uint32_t cp;

	if (s == NULL)
		return;
	n = strlen(s);
	for (i = 0; i < n; i += k) {
		if (p[i] < 0x80) {
			k = 1;
			buf_addch(out, p[i] < 0x20 || p[i] == 0x7f ? ' ' :
			    p[i]);
			continue;
		}
		if ((k = utf8_seq(p + i, n - i, &cp)) == 0) {
			k = 1;
			buf_addstr(out, "\xef\xbf\xbd");	/* U+FFFD */
		} else if ((cp >= 0x80 && cp < 0xa0) || cp == 0x2028 ||
		    cp == 0x2029) {
			buf_addch(out, ' ');
		} else {
			buf_add(out, p + i, k);
		}
	}
}

void
tl_add_csv(struct buf *out, const char *s)
{
	if (s != NULL)
		csv_add_field(out, s, strlen(s));
}

char *
tl_datetime(int64_t us, char *out)
{
	size_t n;

	ts_format(us, out);
	n = strlen(out);
	if (n > 0 && out[n - 1] == 'Z')
		memcpy(out + n - 1, "+00:00", 7);
	return out;
}

void
tl_jl_key(struct buf *b, const char *key)
{
	if (b->len > 0 && b->s[b->len - 1] != '{')
		buf_addch(b, ',');
	buf_addch(b, '"');
	buf_addstr(b, key);
	buf_add(b, "\":", 2);
}

void
tl_jl_field(struct buf *b, const char *key, const struct tl_event *ev,
    enum tl_field fld, int omit_null)
{
	if (ev->f[fld] == NULL && omit_null)
		return;
	tl_jl_key(b, key);
	if (ev->f[fld] == NULL)
		buf_add(b, "null", 4);
	else if (fld == TL_EVENT_ID)
		buf_addf(b, "%" PRId64, ev->id);
	else if (fld == TL_TS_US)
		buf_addf(b, "%" PRId64, ev->ts_us);
	else
		json_add_str(b, ev->f[fld]);
}

void
tl_jl_tags(struct buf *b, const struct tl_event *ev)
{
	size_t i;

	buf_addch(b, '[');
	for (i = 0; i < ev->ntags; i++) {
		if (i > 0)
			buf_addch(b, ',');
		json_add_str(b, ev->tags[i]);
	}
	buf_addch(b, ']');
}

static int
dump_to_buf(const char *s, size_t n, void *data)
{
	buf_add(data, s, n);
	return 0;
}

/*
 * attrs is written by store.c as jansson's compact dump, and only ever
 * changed by json_set() of values jansson wrote (derive_*.c), which keeps
 * the text it does not change as it is: an object's text is then already
 * what parsing and dumping it again would give, and is copied.  \u0000,
 * which jansson writes but does not read back, takes the long way, like
 * text that is not an object.
 */
void
tl_jl_attrs(struct buf *b, const char *s)
{
	json_t *j;
	size_t len = b->len;

	if (s[0] == '{' && strstr(s, "\\u0000") == NULL) {
		buf_addstr(b, s);
		return;
	}
	j = json_loads(s, 0, NULL);
	if (!json_is_object(j) || json_dump_callback(j, dump_to_buf, b,
	    JSON_COMPACT | JSON_PRESERVE_ORDER) < 0) {
		buf_truncate(b, len);
		json_add_str(b, s);
	}
	json_decref(j);
}

/* Appends " <label> <value>" when value has text, as one line. */
static void
add_part(struct buf *out, const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	buf_addch(out, ' ');
	buf_addstr(out, label);
	buf_addch(out, ' ');
	tl_add_oneline(out, value);
}

static int
has(const char *s)
{
	return s != NULL && *s != '\0';
}

void
tl_message(const struct tl_event *ev, struct buf *out)
{
	const char *const *f = ev->f;
	const char *key;

	tl_add_oneline(out, has(f[TL_ACTION]) ? f[TL_ACTION] : "event");
	if (has(f[TL_OPERATION])) {
		buf_addstr(out, " (");
		tl_add_oneline(out, f[TL_OPERATION]);
		buf_addch(out, ')');
	}
	add_part(out, "by", f[TL_ACTOR]);
	key = has(f[TL_KEY_REF]) ? f[TL_KEY_REF] : f[TL_KEY_RAW];
	add_part(out, "with key", key);
	add_part(out, "on", f[TL_ARTIFACT]);
	if (has(f[TL_ARTIFACT]) && has(f[TL_VERSION])) {
		buf_addch(out, ' ');
		tl_add_oneline(out, f[TL_VERSION]);
	} else {
		add_part(out, "version", f[TL_VERSION]);
	}
	add_part(out, "in", f[TL_REPO]);
	add_part(out, "at", f[TL_REF]);
	if (has(f[TL_OUTCOME])) {
		buf_addstr(out, ": ");
		tl_add_oneline(out, f[TL_OUTCOME]);
	}
	if (has(f[TL_ERROR_CODE])) {
		buf_addstr(out, " (");
		tl_add_oneline(out, f[TL_ERROR_CODE]);
		buf_addch(out, ')');
	}
}

/*
 * The query.  ?1 ?2 the window, ?3 the actor (?4: as a GLOB), ?5 a key by
 * any spelling, ?6 an action and ?7 the prefix of the actions below it,
 * ?8 a source.  TL_SQL(time condition) gives the statement.
 */
#define TL_FILTERS \
	" AND (?3 IS NULL OR e.actor = ?3 OR (?4 AND e.actor GLOB ?3))" \
	" AND (?5 IS NULL OR e.key_ref = ?5 OR e.key_raw = ?5 OR e.key_ref IN" \
	"  (SELECT k.canonical FROM keys k LEFT JOIN key_refs r" \
	"  ON r.key_id = k.id WHERE k.canonical = ?5 OR k.label = ?5" \
	"  OR r.value = ?5))" \
	" AND (?6 IS NULL OR e.action = ?6" \
	"  OR substr(e.action, 1, length(?7)) = ?7)" \
	" AND (?8 IS NULL OR e.source = ?8)"

#define TL_SQL(when) \
	"WITH ft AS MATERIALIZED (SELECT CAST(j.value AS INTEGER)" \
	" AS event_id, json_group_array(f.severity || ':' || f.kind) AS tags" \
	" FROM findings f, json_each(CASE WHEN json_valid(f.event_ids)" \
	" THEN f.event_ids ELSE '[]' END) j GROUP BY 1)" \
	" SELECT e.id, e.ts_us, e.end_us, e.ts_flags, e.source, e.action," \
	" e.operation, e.outcome, e.error_code, e.error_message, e.actor," \
	" e.session, e.key_ref, e.key_raw, e.digest, e.artifact, e.version," \
	" e.repo, e.ref, e.commit_sha, e.run_ref, e.job_ref, e.runner," \
	" e.src_ip, e.user_agent, e.native_id," \
	" ev.path || coalesce('!' || ev.member, ''), e.locator, e.attrs," \
	" e.dedup, v.verdict, ft.tags" \
	" FROM events e INDEXED BY events_ts" \
	" LEFT JOIN evidence ev ON ev.id = e.evidence_id" \
	" LEFT JOIN verdicts v ON v.sign_id = e.id" \
	" LEFT JOIN ft ON ft.event_id = e.id" \
	" WHERE " when TL_FILTERS \
	" ORDER BY e.ts_us, e.id"

const char tl_sql_timed[] = TL_SQL("e.ts_us BETWEEN ?1 AND ?2");
static const char sql_untimed[] = TL_SQL("e.ts_us IS NULL");
static const char sql_count_untimed[] =
"SELECT count(*) FROM events e WHERE e.ts_us IS NULL" TL_FILTERS;

/* The columns of TL_SQL that map one to one onto fields. */
enum {
	COL_ID, COL_TS_US, COL_END_US,
	COL_FIRST_TEXT,				/* ts_flags ... attrs */
	COL_DEDUP = COL_FIRST_TEXT + (TL_ATTRS - TL_TS_FLAGS + 1),
	COL_VERDICT, COL_FTAGS
};

struct ftag {
	int		 rank;
	const char	*sev;
	const char	*kind;
};

/* Per-row storage, reused from row to row. */
struct tl_row {
	struct tl_event	 ev;
	char		 id[24], ts_us[24];
	char		 ts[TS_BUFSZ], end_ts[TS_BUFSZ];
	char		 datetime[TL_DATETIME_BUFSZ];
	struct buf	 message;
	struct buf	 tagtext;	/* the tags, NUL-separated */
	struct buf	 tagline;	/* the tags, space-separated */
	size_t		*tagoff;
	const char	**tagv;
	size_t		 tagalloc;
	struct ftag	*ft;
	size_t		 ftalloc;
};

static int
sev_rank(const char *s)
{
	static const char *const words[] = {
		"info", "low", "medium", "high", "critical"
	};
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	return -1;
}

static int
ftag_cmp(const void *a, const void *b)
{
	const struct ftag *x = a, *y = b;
	int c;

	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	if ((c = strcmp(x->kind, y->kind)) != 0)
		return c;
	return strcmp(x->sev, y->sev);
}

static void
add_tag(struct tl_row *r, size_t *n, const char *a, const char *b,
    const char *c)
{
	ALLOC_GROW(r->tagoff, *n + 1, r->tagalloc);
	r->tagoff[(*n)++] = r->tagtext.len;
	buf_addstr(&r->tagtext, a);
	buf_addstr(&r->tagtext, b);
	if (c != NULL) {
		buf_addch(&r->tagtext, ':');
		buf_addstr(&r->tagtext, c);
	}
	buf_add(&r->tagtext, "", 1);
}

/*
 * The tags of a row from its verdict and the JSON array of its findings
 * ("<severity>:<kind>" each, as the query makes them).
 */
static void
build_tags(struct tl_row *r, const char *verdict, const char *ftags)
{
	json_t *arr = NULL, *v;
	const char *s, *colon;
	size_t i, n = 0, nft = 0;

	buf_reset(&r->tagtext);
	buf_reset(&r->tagline);
	if (verdict != NULL && *verdict != '\0')
		add_tag(r, &n, "verdict:", verdict, NULL);
	if (ftags != NULL)
		arr = json_loads(ftags, 0, NULL);
	/* kind points into arr, which lives until the tags are copied. */
	json_array_foreach(arr, i, v) {
		if ((s = json_string_value(v)) == NULL ||
		    (colon = strchr(s, ':')) == NULL)
			continue;
		ALLOC_GROW(r->ft, nft + 1, r->ftalloc);
		r->ft[nft].sev = xstrndup(s, (size_t)(colon - s));
		r->ft[nft].kind = colon + 1;
		r->ft[nft].rank = sev_rank(r->ft[nft].sev);
		nft++;
	}
	if (nft > 1)
		qsort(r->ft, nft, sizeof(*r->ft), ftag_cmp);
	for (i = 0; i < nft; i++) {
		if (i == 0 || ftag_cmp(&r->ft[i], &r->ft[i - 1]) != 0)
			add_tag(r, &n, "finding:", r->ft[i].sev,
			    r->ft[i].kind);
	}
	for (i = 0; i < nft; i++)
		free((char *)r->ft[i].sev);
	json_decref(arr);

	if (n > 0) {
		r->tagv = xreallocarray(r->tagv, n, sizeof(*r->tagv));
		for (i = 0; i < n; i++) {
			r->tagv[i] = r->tagtext.s + r->tagoff[i];
			if (i > 0)
				buf_addch(&r->tagline, ' ');
			buf_addstr(&r->tagline, r->tagv[i]);
		}
	}
	r->ev.tags = r->tagv;
	r->ev.ntags = n;
}

static const char *
col_text(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

/* Fills r->ev from the current row of s. */
static void
fill_row(struct tl_row *r, sqlite3_stmt *s)
{
	struct tl_event *ev = &r->ev;
	int i;

	memset(ev->f, 0, sizeof(ev->f));
	ev->id = sqlite3_column_int64(s, COL_ID);
	snprintf(r->id, sizeof(r->id), "%" PRId64, ev->id);
	ev->f[TL_EVENT_ID] = r->id;
	ev->has_ts = sqlite3_column_type(s, COL_TS_US) != SQLITE_NULL;
	ev->ts_us = ev->has_ts ? sqlite3_column_int64(s, COL_TS_US) : 0;
	if (ev->has_ts) {
		snprintf(r->ts_us, sizeof(r->ts_us), "%" PRId64, ev->ts_us);
		ev->f[TL_TS_US] = r->ts_us;
		ev->f[TL_TS] = ts_format(ev->ts_us, r->ts);
		ev->f[TL_DATETIME] = tl_datetime(ev->ts_us, r->datetime);
	}
	if (sqlite3_column_type(s, COL_END_US) != SQLITE_NULL)
		ev->f[TL_END_TS] = ts_format(sqlite3_column_int64(s,
		    COL_END_US), r->end_ts);
	for (i = TL_TS_FLAGS; i <= TL_ATTRS; i++)
		ev->f[i] = col_text(s, COL_FIRST_TEXT + (i - TL_TS_FLAGS));
	ev->dedup = col_text(s, COL_DEDUP);
	build_tags(r, col_text(s, COL_VERDICT), col_text(s, COL_FTAGS));
	ev->f[TL_TAGS] = r->tagline.s;
	ev->f[TL_TIMESTAMP_DESC] = tl_timestamp_desc(ev->f[TL_SOURCE],
	    ev->f[TL_ACTION]);
	buf_reset(&r->message);
	tl_message(ev, &r->message);
	ev->f[TL_MESSAGE] = r->message.s;
}

static int
bind_query(sqlite3_stmt *s, const struct tl_query *q, char **prefix)
{
	const char *glob = "*?[";
	size_t n;

	sqlite3_bind_int64(s, 1, q->from_us);
	sqlite3_bind_int64(s, 2, q->to_us);
	if (q->actor != NULL) {
		sqlite3_bind_text(s, 3, q->actor, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 4, strpbrk(q->actor, glob) != NULL);
	}
	if (q->key != NULL)
		sqlite3_bind_text(s, 5, q->key, -1, SQLITE_STATIC);
	if (q->action != NULL) {
		n = strlen(q->action);
		*prefix = n > 0 && q->action[n - 1] == '.' ?
		    xstrdup(q->action) : xasprintf("%s.", q->action);
		sqlite3_bind_text(s, 6, q->action, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 7, *prefix, -1, SQLITE_STATIC);
	}
	if (q->source != NULL)
		sqlite3_bind_text(s, 8, q->source, -1, SQLITE_STATIC);
	return 0;
}

static int
run_pass(sqlite3 *db, const char *sql, const struct tl_query *q,
    const struct tl_format *fmt, struct tl_out *o, struct tl_row *r,
    struct tl_stats *st)
{
	sqlite3_stmt *s = NULL;
	char *prefix = NULL;
	int rc, ret = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return error("timeline: %s", sqlite3_errmsg(db));
	bind_query(s, q, &prefix);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fill_row(r, s);
		if (fmt->row(o, &r->ev) < 0) {
			ret = error("cannot write the timeline");
			break;
		}
		st->rows++;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = error("timeline: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	free(prefix);
	return ret;
}

static int
count_untimed(sqlite3 *db, const struct tl_query *q, int64_t *n)
{
	sqlite3_stmt *s = NULL;
	char *prefix = NULL;
	int ret = 0;

	if (sqlite3_prepare_v2(db, sql_count_untimed, -1, &s, NULL) !=
	    SQLITE_OK)
		return error("timeline: %s", sqlite3_errmsg(db));
	bind_query(s, q, &prefix);
	if (sqlite3_step(s) == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		ret = error("timeline: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	free(prefix);
	return ret;
}

int
tl_end_plain(struct tl_out *o)
{
	return ferror(o->fp) ? -1 : 0;
}

int
tl_run(sqlite3 *db, const struct tl_query *q, const struct tl_format *fmt,
    struct tl_out *o, struct tl_stats *st)
{
	struct tl_row r;
	struct buf line = BUF_INIT;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	o->line = &line;
	memset(&r, 0, sizeof(r));
	buf_init(&r.message);
	buf_init(&r.tagtext);
	buf_init(&r.tagline);
	if (fmt->begin(o) < 0)
		ret = error("cannot write the timeline");
	if (ret == 0)
		ret = run_pass(db, tl_sql_timed, q, fmt, o, &r, st);
	if (ret == 0) {
		if (!q->windowed && !fmt->timed_only)
			ret = run_pass(db, sql_untimed, q, fmt, o, &r, st);
		else
			ret = count_untimed(db, q, &st->untimed_left);
	}
	/* end is always called: it frees priv. */
	if (fmt->end(o) < 0 && ret == 0)
		ret = error("cannot write the timeline");
	buf_release(&r.message);
	buf_release(&r.tagtext);
	buf_release(&r.tagline);
	buf_release(&line);
	o->line = NULL;
	free(r.tagoff);
	free(r.tagv);
	free(r.ft);
	return ret;
}
