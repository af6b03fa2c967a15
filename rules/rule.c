/* SPDX-License-Identifier: MIT */
/*
 * rule.c - the SQL rule engine (rule.h): parsing a rule file's header,
 * checking its one SELECT against a case connection, running it and
 * turning its rows into findings, finding the rule pack, and loading the
 * JSON-lines fixtures that "rules test" runs each rule against.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "rule.h"
#include "sigtrail.h"
#include "timeutil.h"
#include "utf8.h"
#include "xalloc.h"

#ifndef SIGTRAIL_RULES_DIR
#define SIGTRAIL_RULES_DIR "/usr/local/share/sigtrail/rules"
#endif

#define SUMMARY_MAX	1000	/* bytes kept of a summary */
#define ROW_WARNINGS	5	/* skipped rows described, per rule */

static const char *const rule_severities[] = {
	"info", "low", "medium", "high", "critical", NULL
};

int
rule_severity_rank(const char *word)
{
	int i;

	for (i = 0; word && rule_severities[i]; i++)
		if (strcmp(rule_severities[i], word) == 0)
			return i;
	return -1;
}

void
rule_free(struct rule *r)
{
	if (r == NULL)
		return;
	free(r->path);
	free(r->id);
	free(r->title);
	free(r->severity);
	free(r->description);
	free(r->attack);
	free(r->references);
	free(r->false_positives);
	free(r->text);
	free(r);
}

/* Line number (1-based) of byte off of text. */
static int
line_at(const char *text, size_t off)
{
	int line = 1;
	size_t i;

	for (i = 0; i < off && text[i]; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

/* ---- the header --------------------------------------------------------- */

enum field { F_ID, F_TITLE, F_SEVERITY, F_DESCRIPTION, F_ATTACK,
    F_REFERENCES, F_FALSE_POSITIVES, F_NFIELDS };

static const char *const field_names[F_NFIELDS] = {
	"id", "title", "severity", "description", "attack", "references",
	"false_positives"
};

static char **
field_slot(struct rule *r, enum field f)
{
	switch (f) {
	case F_ID:
		return &r->id;
	case F_TITLE:
		return &r->title;
	case F_SEVERITY:
		return &r->severity;
	case F_DESCRIPTION:
		return &r->description;
	case F_ATTACK:
		return &r->attack;
	case F_REFERENCES:
		return &r->references;
	default:
		return &r->false_positives;
	}
}

/* Trims white space at both ends of [*s, *s + *n). */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int
valid_id(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789-") == n;
}

/* Whether [s, s+n) is "T" four digits, optionally "." three digits. */
static int
valid_technique(const char *s, size_t n)
{
	size_t i;

	if (n != 5 && n != 9)
		return 0;
	if (s[0] != 'T')
		return 0;
	for (i = 1; i < 5; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	if (n == 9) {
		if (s[5] != '.')
			return 0;
		for (i = 6; i < 9; i++)
			if (!isdigit((unsigned char)s[i]))
				return 0;
	}
	return 1;
}

/* Checks and normalises "T1098,T1553.002" to "T1098, T1553.002". */
static int
norm_attack(struct rule *r, int line, struct buf *err)
{
	struct buf b = BUF_INIT;
	const char *p = r->attack, *end, *s;
	size_t n;

	while (*p) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		s = p;
		n = (size_t)(end - p);
		trim(&s, &n);
		if (!valid_technique(s, n)) {
			buf_addf(err, "%s:%d: bad ATT&CK technique id '%.*s' "
			    "(expected T1234 or T1234.567)", r->path, line,
			    (int)n, s);
			buf_release(&b);
			return -1;
		}
		if (b.len)
			buf_addstr(&b, ", ");
		buf_add(&b, s, n);
		p = *end ? end + 1 : end;
	}
	free(r->attack);
	r->attack = buf_detach(&b, NULL);
	return 0;
}

/*
 * Matches "key: value" at s (n bytes, trimmed): a lower-case key of
 * letters and '_' and a colon.  Returns the key's length or 0.
 */
static size_t
key_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (islower((unsigned char)s[i]) || s[i] == '_'))
		i++;
	if (i == 0 || i >= n || s[i] != ':')
		return 0;
	if (i + 1 < n && !isspace((unsigned char)s[i + 1]))
		return 0;
	return i;
}

int
rule_parse(const char *name, const char *text, size_t len, struct rule **out,
    struct buf *err)
{
	struct rule *r = xcalloc(1, sizeof(*r));
	int lines[F_NFIELDS] = { 0 };
	char **cur = NULL;
	size_t off = 0, eol, n, k;
	const char *s;
	int line = 0, f;

	*out = NULL;
	r->path = xstrdup(name);
	if (memchr(text, '\0', len) != NULL) {
		buf_addf(err, "%s:%d: the file holds a NUL byte", name,
		    line_at(text, (size_t)((const char *)memchr(text, '\0',
		    len) - text)));
		goto fail;
	}
	r->text = xstrndup(text, len);
	while (off < len) {
		line++;
		eol = off;
		while (eol < len && text[eol] != '\n')
			eol++;
		s = text + off;
		n = eol - off;
		if (n < 2 || s[0] != '-' || s[1] != '-')
			break;			/* the body starts here */
		s += 2;
		n -= 2;
		if (cur && n >= 2 && (s[0] == ' ' || s[0] == '\t') &&
		    (s[1] == ' ' || s[1] == '\t')) {
			trim(&s, &n);
			if (n > 0) {
				struct buf b = BUF_INIT;

				buf_addf(&b, "%s %.*s", *cur, (int)n, s);
				free(*cur);
				*cur = buf_detach(&b, NULL);
			}
		} else {
			trim(&s, &n);
			cur = NULL;
			if ((k = key_len(s, n)) > 0) {
				for (f = 0; f < F_NFIELDS; f++)
					if (strlen(field_names[f]) == k &&
					    memcmp(field_names[f], s, k) == 0)
						break;
				if (f == F_NFIELDS) {
					buf_addf(err, "%s:%d: unknown header "
					    "field '%.*s' (id, title, "
					    "severity, description, attack, "
					    "references, false_positives)",
					    name, line, (int)k, s);
					goto fail;
				}
				if (lines[f]) {
					buf_addf(err, "%s:%d: header field "
					    "'%s' given twice (first on line "
					    "%d)", name, line, field_names[f],
					    lines[f]);
					goto fail;
				}
				lines[f] = line;
				s += k + 1;
				n -= k + 1;
				trim(&s, &n);
				cur = field_slot(r, (enum field)f);
				*cur = xstrndup(s, n);
			}
		}
		off = eol < len ? eol + 1 : eol;
	}
	r->body = off;
	r->body_line = line_at(text, off);
	r->id_line = lines[F_ID];
	for (f = 0; f < F_NFIELDS; f++) {
		if (lines[f] && **field_slot(r, (enum field)f) == '\0') {
			buf_addf(err, "%s:%d: header field '%s' is empty",
			    name, lines[f], field_names[f]);
			goto fail;
		}
	}
	for (f = F_ID; f <= F_SEVERITY; f++) {
		if (!lines[f]) {
			buf_addf(err, "%s:1: missing header field '%s' (a rule "
			    "starts with '-- id:', '-- title:' and "
			    "'-- severity:' lines)", name, field_names[f]);
			goto fail;
		}
	}
	if (!valid_id(r->id)) {
		buf_addf(err, "%s:%d: bad rule id '%s' (lower-case letters, "
		    "digits and '-', at most 64)", name, lines[F_ID], r->id);
		goto fail;
	}
	if (rule_severity_rank(r->severity) < 0) {
		buf_addf(err, "%s:%d: bad severity '%s' (info, low, medium, "
		    "high, critical)", name, lines[F_SEVERITY], r->severity);
		goto fail;
	}
	if (r->attack && norm_attack(r, lines[F_ATTACK], err) < 0)
		goto fail;
	*out = r;
	return 0;
fail:
	rule_free(r);
	return -1;
}

int
rule_load(const char *path, struct rule **out, struct buf *err)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *fp;
	int ret;

	*out = NULL;
	if ((fp = fopen(path, "rb")) == NULL) {
		buf_addf(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > RULE_MAX_FILE)
			break;
	}
	if (ferror(fp)) {
		buf_addf(err, "%s: cannot read: %s", path, strerror(errno));
		fclose(fp);
		buf_release(&b);
		return -1;
	}
	fclose(fp);
	if (b.len > RULE_MAX_FILE) {
		buf_addf(err, "%s: too large for a rule (more than %d bytes)",
		    path, RULE_MAX_FILE);
		buf_release(&b);
		return -1;
	}
	ret = rule_parse(path, b.s, b.len, out, err);
	buf_release(&b);
	return ret;
}

/* ---- checking the statement --------------------------------------------- */

/* Skips white space, comments and empty statements (';') from p. */
static const char *
skip_blank(const char *p)
{
	for (;;) {
		while (isspace((unsigned char)*p) || *p == ';')
			p++;
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			p = e ? e + 2 : p + strlen(p);
		} else {
			return p;
		}
	}
}

/* Whether p starts with the keyword kw (case-insensitive, whole word). */
static int
keyword(const char *p, const char *kw)
{
	size_t n = strlen(kw);

	return strncasecmp(p, kw, n) == 0 &&
	    !isalnum((unsigned char)p[n]) && p[n] != '_';
}

/* Offset of the last byte of text that is not white space. */
static size_t
last_token(const char *text)
{
	size_t n = strlen(text);

	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	return n > 0 ? n - 1 : 0;
}

enum col { C_EVENT_ID, C_EVENT_IDS, C_TS_US, C_KEY_REF, C_ACTOR, C_SUMMARY,
    C_NCOLS };

static const char *const col_names[C_NCOLS] = {
	"event_id", "event_ids", "ts_us", "key_ref", "actor", "summary"
};

/*
 * Prepares r's statement on db and maps its columns (cols[c]: index or
 * -1).  Returns the statement, or NULL with the message.
 */
static sqlite3_stmt *
prepare(sqlite3 *db, const struct rule *r, int cols[C_NCOLS],
    struct buf *err)
{
	const char *sql = r->text + r->body, *tail = NULL, *p;
	sqlite3_stmt *stmt = NULL;
	size_t at;
	int i, c, ncol, off;

	p = skip_blank(sql);
	if (*p == '\0') {
		buf_addf(err, "%s:%d: no SQL statement after the header",
		    r->path, r->body_line);
		return NULL;
	}
	if (!keyword(p, "SELECT") && !keyword(p, "WITH")) {
		buf_addf(err, "%s:%d: not a SELECT statement (a rule is one "
		    "SELECT, or WITH ... SELECT)", r->path,
		    line_at(r->text, (size_t)(p - r->text)));
		return NULL;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, &tail) != SQLITE_OK) {
		off = -1;
#if SQLITE_VERSION_NUMBER >= 3038000
		off = sqlite3_error_offset(db);
#endif
		if (off >= 0)
			at = r->body + (size_t)off;
		else if (strstr(sqlite3_errmsg(db), "incomplete input"))
			at = last_token(r->text);	/* where it stopped */
		else
			at = (size_t)(p - r->text);
		buf_addf(err, "%s:%d: %s", r->path, line_at(r->text, at),
		    sqlite3_errmsg(db));
		sqlite3_finalize(stmt);
		return NULL;
	}
	if (stmt == NULL) {
		buf_addf(err, "%s:%d: no SQL statement after the header",
		    r->path, r->body_line);
		return NULL;
	}
	if (tail && *(tail = skip_blank(tail)) != '\0') {
		buf_addf(err, "%s:%d: more than one statement (a rule is one "
		    "SELECT)", r->path, line_at(r->text,
		    (size_t)(tail - r->text)));
		goto fail;
	}
	if (!sqlite3_stmt_readonly(stmt) || sqlite3_stmt_isexplain(stmt)) {
		buf_addf(err, "%s:%d: not a read-only SELECT", r->path,
		    line_at(r->text, (size_t)(p - r->text)));
		goto fail;
	}
	for (c = 0; c < C_NCOLS; c++)
		cols[c] = -1;
	ncol = sqlite3_column_count(stmt);
	for (i = 0; i < ncol; i++) {
		const char *name = sqlite3_column_name(stmt, i);

		for (c = 0; c < C_NCOLS; c++)
			if (name && strcmp(name, col_names[c]) == 0)
				break;
		if (c == C_NCOLS) {
			buf_addf(err, "%s:%d: unknown result column '%s' (a "
			    "rule returns event_id or event_ids, and may "
			    "return ts_us, key_ref, actor, summary)", r->path,
			    line_at(r->text, (size_t)(p - r->text)),
			    name ? name : "?");
			goto fail;
		}
		if (cols[c] >= 0) {
			buf_addf(err, "%s:%d: result column '%s' given twice",
			    r->path, line_at(r->text, (size_t)(p - r->text)),
			    name);
			goto fail;
		}
		cols[c] = i;
	}
	if ((cols[C_EVENT_ID] < 0) == (cols[C_EVENT_IDS] < 0)) {
		buf_addf(err, "%s:%d: the SELECT must return exactly one of "
		    "the columns event_id and event_ids", r->path,
		    line_at(r->text, (size_t)(p - r->text)));
		goto fail;
	}
	return stmt;
fail:
	sqlite3_finalize(stmt);
	return NULL;
}

int
rule_check(sqlite3 *db, const struct rule *r, struct buf *err)
{
	int cols[C_NCOLS];
	sqlite3_stmt *stmt = prepare(db, r, cols, err);

	if (stmt == NULL)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}

/* ---- running ------------------------------------------------------------ */

void
rule_result_release(struct rule_result *res)
{
	size_t i;

	for (i = 0; i < res->n; i++) {
		free(res->v[i].key_ref);
		free(res->v[i].actor);
		free(res->v[i].summary);
		free(res->v[i].event_ids);
	}
	free(res->v);
	memset(res, 0, sizeof(*res));
}

static int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Progress handler: interrupts the statement past the deadline. */
static int
past_deadline(void *arg)
{
	return mono_us() > *(int64_t *)arg;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The event ids of the current row as a sorted, unique JSON array (new).
 * Returns NULL with the reason in why.
 */
static char *
row_event_ids(sqlite3_stmt *stmt, int col, int is_list, struct buf *why)
{
	struct buf b = BUF_INIT;
	int64_t *ids = NULL;
	size_t n = 0, i;
	json_error_t jerr;
	json_t *j = NULL, *v;
	int type = sqlite3_column_type(stmt, col);

	if (type == SQLITE_NULL) {
		buf_addf(why, "%s is NULL", is_list ? "event_ids" : "event_id");
		return NULL;
	}
	if (type == SQLITE_INTEGER) {
		ids = xmalloc(sizeof(*ids));
		ids[n++] = sqlite3_column_int64(stmt, col);
	} else if (is_list && type == SQLITE_TEXT) {
		j = json_loadb((const char *)sqlite3_column_text(stmt, col),
		    (size_t)sqlite3_column_bytes(stmt, col), 0, &jerr);
		if (!json_is_array(j)) {
			buf_addstr(why, "event_ids is not a JSON array");
			json_decref(j);
			return NULL;
		}
		if (json_array_size(j) > RULE_MAX_EVENT_IDS) {
			buf_addf(why, "event_ids holds more than %d ids",
			    RULE_MAX_EVENT_IDS);
			json_decref(j);
			return NULL;
		}
		ids = xreallocarray(NULL, json_array_size(j) + 1,
		    sizeof(*ids));
		json_array_foreach(j, i, v) {
			if (!json_is_integer(v)) {
				buf_addstr(why, "event_ids holds something "
				    "other than integers");
				json_decref(j);
				free(ids);
				return NULL;
			}
			ids[n++] = json_integer_value(v);
		}
		json_decref(j);
	} else {
		buf_addf(why, "%s is not %s", is_list ? "event_ids" :
		    "event_id", is_list ? "a JSON array of integers" :
		    "an integer");
		return NULL;
	}
	if (n == 0) {
		buf_addstr(why, "event_ids is empty");
		free(ids);
		return NULL;
	}
	qsort(ids, n, sizeof(*ids), cmp_i64);
	buf_addch(&b, '[');
	for (i = 0; i < n; i++) {
		if (i > 0 && ids[i] == ids[i - 1])
			continue;
		buf_addf(&b, "%s%" PRId64, i ? "," : "", ids[i]);
	}
	buf_addch(&b, ']');
	free(ids);
	return buf_detach(&b, NULL);
}

/* Column text (new) or NULL for SQL NULL, absent column or empty text. */
static char *
col_text(sqlite3_stmt *stmt, int col)
{
	const char *s;

	if (col < 0 || sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return NULL;
	s = (const char *)sqlite3_column_text(stmt, col);
	if (s == NULL || *s == '\0')
		return NULL;
	return xstrndup(s, (size_t)sqlite3_column_bytes(stmt, col));
}

/* One line, at most SUMMARY_MAX bytes, cut on a character boundary. */
static char *
one_line(const char *s)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(s), i = 0, k;
	uint32_t cp;

	while (i < len) {
		k = utf8_seq((const unsigned char *)s + i, len - i, &cp);
		if (k == 0)
			k = 1;
		if (b.len + k > SUMMARY_MAX)
			break;
		if (k == 1 && (s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
			buf_addch(&b, ' ');
		else
			buf_add(&b, s + i, k);
		i += k;
	}
	return buf_detach(&b, NULL);
}

/*
 * Builds the finding of the current row into f.  Returns 0, or -1 with
 * why the row is skipped.
 */
static int
row_finding(sqlite3_stmt *stmt, const int cols[C_NCOLS],
    const struct rule *r, struct rule_finding *f, struct buf *why)
{
	const char *s;
	char *sum;
	int type;

	memset(f, 0, sizeof(*f));
	if (cols[C_EVENT_ID] >= 0)
		f->event_ids = row_event_ids(stmt, cols[C_EVENT_ID], 0, why);
	else
		f->event_ids = row_event_ids(stmt, cols[C_EVENT_IDS], 1, why);
	if (f->event_ids == NULL)
		return -1;
	if (cols[C_TS_US] >= 0) {
		type = sqlite3_column_type(stmt, cols[C_TS_US]);
		if (type == SQLITE_INTEGER) {
			f->ts_us = sqlite3_column_int64(stmt, cols[C_TS_US]);
			f->has_ts = 1;
		} else if (type == SQLITE_TEXT) {
			s = (const char *)sqlite3_column_text(stmt,
			    cols[C_TS_US]);
			if (ts_parse_iso(s, strlen(s), &f->ts_us, NULL,
			    NULL) < 0) {
				buf_addf(why, "ts_us '%.40s' is neither µs nor "
				    "an ISO 8601 time", s);
				free(f->event_ids);
				return -1;
			}
			f->has_ts = 1;
		} else if (type != SQLITE_NULL) {
			buf_addstr(why, "ts_us is not an integer");
			free(f->event_ids);
			return -1;
		}
	}
	f->key_ref = col_text(stmt, cols[C_KEY_REF]);
	f->actor = col_text(stmt, cols[C_ACTOR]);
	sum = col_text(stmt, cols[C_SUMMARY]);
	f->summary = one_line(sum ? sum : r->title);
	free(sum);
	return 0;
}

static const char sql_fill[] =
"SELECT count(*) OVER (), ts_us, key_ref, actor FROM events"
" WHERE id IN (SELECT value FROM json_each(?1))"
" ORDER BY ts_us IS NULL, ts_us, id LIMIT 1";

/*
 * Checks that f's events exist and fills what the row left out from the
 * earliest of them.  Returns 0, -1 with why (row skipped), or -2 (SQLite
 * error, in why).
 */
static int
fill(sqlite3_stmt *q, struct rule_finding *f, struct buf *why)
{
	size_t want = 1;
	const char *p;
	int rc, ret = 0;

	for (p = f->event_ids; *p; p++)
		if (*p == ',')
			want++;
	sqlite3_bind_text(q, 1, f->event_ids, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		if ((size_t)sqlite3_column_int64(q, 0) != want) {
			buf_addf(why, "event ids %s are not all in the case",
			    f->event_ids);
			ret = -1;
		} else {
			if (!f->has_ts && sqlite3_column_type(q, 1) ==
			    SQLITE_INTEGER) {
				f->ts_us = sqlite3_column_int64(q, 1);
				f->has_ts = 1;
			}
			if (f->key_ref == NULL)
				f->key_ref = col_text(q, 2);
			if (f->actor == NULL)
				f->actor = col_text(q, 3);
		}
	} else if (rc == SQLITE_DONE) {
		buf_addf(why, "event ids %s are not in the case",
		    f->event_ids);
		ret = -1;
	} else {
		buf_addstr(why, sqlite3_errmsg(sqlite3_db_handle(q)));
		ret = -2;
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return ret;
}

/* Where a failing pattern is written in the rule (its line), or 0. */
static int
pattern_line(const struct rule *r, const char *pattern)
{
	const char *hit;

	if (pattern == NULL || *pattern == '\0')
		return 0;
	hit = strstr(r->text + r->body, pattern);
	return hit ? line_at(r->text, (size_t)(hit - r->text)) : 0;
}

static void
row_warning(const struct rule *r, struct rule_result *res, size_t row,
    const char *why, struct buf *warn)
{
	res->skipped++;
	if (res->skipped <= ROW_WARNINGS)
		buf_addf(warn, "%s: rule %s: row %zu skipped: %s\n", r->path,
		    r->id, row, why);
}

int
rule_run(sqlite3 *db, struct regexp_ctx *rx, const struct rule *r,
    int timeout_s, struct rule_result *res, struct buf *warn,
    struct buf *err)
{
	struct buf why = BUF_INIT;
	struct rule_finding f;
	sqlite3_stmt *stmt, *q = NULL;
	const char *pat, *msg;
	int64_t deadline = 0;
	size_t row = 0, i, off;
	int cols[C_NCOLS], rc, ret = -1, line;

	if (rx)
		regexp_reset(rx);
	if ((stmt = prepare(db, r, cols, err)) == NULL)
		return -1;
	if (timeout_s > 0) {
		deadline = mono_us() + (int64_t)timeout_s * 1000000;
		sqlite3_progress_handler(db, 10000, past_deadline, &deadline);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		row++;
		if (res->n >= RULE_MAX_ROWS) {
			res->truncated = 1;
			break;
		}
		buf_reset(&why);
		if (row_finding(stmt, cols, r, &f, &why) < 0) {
			row_warning(r, res, row, why.s, warn);
			continue;
		}
		ALLOC_GROW(res->v, res->n + 1, res->alloc);
		res->v[res->n++] = f;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		pat = rx ? regexp_bad_pattern(rx, &msg, &off) : NULL;
		if (pat) {
			line = pattern_line(r, pat);
			buf_addf(err, "%s:%d: bad regular expression '%.60s%s':"
			    " %s at offset %zu", r->path, line ? line :
			    r->body_line, pat, strlen(pat) > 60 ? "..." : "",
			    msg, off);
		} else if (rc == SQLITE_INTERRUPT && deadline) {
			buf_addf(err, "%s: rule %s stopped: it ran longer than "
			    "%d s", r->path, r->id, timeout_s);
		} else {
			buf_addf(err, "%s:%d: %s", r->path, r->body_line,
			    sqlite3_errmsg(db));
		}
		goto done;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (sqlite3_prepare_v2(db, sql_fill, -1, &q, NULL) != SQLITE_OK) {
		buf_addf(err, "%s: cannot check the findings: %s", r->path,
		    sqlite3_errmsg(db));
		goto done;
	}
	for (i = 0; i < res->n; ) {
		buf_reset(&why);
		rc = fill(q, &res->v[i], &why);
		if (rc == -2) {
			buf_addf(err, "%s: cannot check the findings: %s",
			    r->path, why.s);
			goto done;
		}
		if (rc == -1) {
			row_warning(r, res, i + 1, why.s, warn);
			free(res->v[i].key_ref);
			free(res->v[i].actor);
			free(res->v[i].summary);
			free(res->v[i].event_ids);
			memmove(&res->v[i], &res->v[i + 1], (res->n - i - 1) *
			    sizeof(res->v[0]));
			res->n--;
			continue;
		}
		i++;
	}
	if (res->skipped > ROW_WARNINGS)
		buf_addf(warn, "%s: rule %s: %zu rows skipped in all\n",
		    r->path, r->id, res->skipped);
	if (res->truncated)
		buf_addf(warn, "%s: rule %s: more than %d rows; the rest were "
		    "not kept\n", r->path, r->id, RULE_MAX_ROWS);
	if (rx && (res->limit_hits = regexp_limit_hits(rx, &pat)) > 0)
		buf_addf(warn, "%s: rule %s: %zu regular expression match(es) "
		    "hit the match or depth limit and counted as no match "
		    "(pattern '%.60s%s')\n", r->path, r->id, res->limit_hits,
		    pat, strlen(pat) > 60 ? "..." : "");
	ret = 0;
done:
	if (deadline)
		sqlite3_progress_handler(db, 0, NULL, NULL);
	if (ret < 0)
		rule_result_release(res);
	sqlite3_finalize(stmt);
	sqlite3_finalize(q);
	buf_release(&why);
	return ret;
}

/* ---- finding rules ------------------------------------------------------ */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n >= k && strcmp(s + n - k, suf) == 0;
}

int
rule_collect(char *const *paths, int npaths, char ***files, size_t *nfiles)
{
	size_t alloc = *nfiles, first;
	struct dirent *de;
	struct stat sb;
	DIR *dir;
	int k, ret = 0;

	for (k = 0; k < npaths; k++) {
		if (stat(paths[k], &sb) < 0) {
			ret = error("rules: cannot read '%s': %s", paths[k],
			    strerror(errno));
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			ALLOC_GROW(*files, *nfiles + 1, alloc);
			(*files)[(*nfiles)++] = xstrdup(paths[k]);
			continue;
		}
		if ((dir = opendir(paths[k])) == NULL) {
			ret = error("rules: cannot read '%s': %s", paths[k],
			    strerror(errno));
			continue;
		}
		first = *nfiles;
		while ((de = readdir(dir)) != NULL) {
			if (de->d_name[0] == '.' || !has_suffix(de->d_name,
			    ".sql"))
				continue;
			ALLOC_GROW(*files, *nfiles + 1, alloc);
			(*files)[(*nfiles)++] = xasprintf("%s%s%s", paths[k],
			    has_suffix(paths[k], "/") ? "" : "/", de->d_name);
		}
		closedir(dir);
		if (*nfiles == first)
			warning("rules: no *.sql rules in '%s'", paths[k]);
		qsort(*files + first, *nfiles - first, sizeof(char *),
		    cmp_str);
	}
	return ret;
}

static int
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Returns dir (new) when it exists, else frees it and notes it in why. */
static char *
try_dir(char *dir, struct buf *why)
{
	if (is_dir(dir))
		return dir;
	if (why)
		buf_addf(why, "%s%s", why->len ? ", " : "", dir);
	free(dir);
	return NULL;
}

char *
rule_pack_dir(struct buf *why)
{
	char exe[PATH_MAX], *slash, *dir;
	const char *env = getenv("SIGTRAIL_RULES");
	ssize_t n;
	int up;

	if (env && *env)
		return try_dir(xstrdup(env), why);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		/* the binary's directory, then up to two above (a build dir) */
		for (up = 0; up < 3; up++) {
			if ((dir = try_dir(xasprintf("%s/rules/pack", exe),
			    why)) != NULL)
				return dir;
			if ((slash = strrchr(exe, '/')) == NULL)
				break;
			*slash = '\0';
		}
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n > 0) {
			exe[n] = '\0';
			if ((slash = strrchr(exe, '/')) != NULL)
				*slash = '\0';
			if ((dir = try_dir(xasprintf("%s/../share/sigtrail/"
			    "rules", exe), why)) != NULL)
				return dir;
		}
	}
	return try_dir(xstrdup(SIGTRAIL_RULES_DIR), why);
}

static int
is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Whether dir holds a fixture of rule id. */
static int
has_fixture(const char *dir, const char *id)
{
	char *a = xasprintf("%s/%s.fire.jsonl", dir, id);
	char *b = xasprintf("%s/%s.quiet.jsonl", dir, id);
	int ret = is_file(a) || is_file(b);

	free(a);
	free(b);
	return ret;
}

char *
rule_fixture_dir(const struct rule *r)
{
	char *abs, *slash, *dir;

	if ((abs = realpath(r->path, NULL)) == NULL)
		return NULL;
	if ((slash = strrchr(abs, '/')) != NULL)
		*slash = '\0';
	/* rules/pack/x.sql: rules/tests */
	dir = NULL;
	if ((slash = strrchr(abs, '/')) != NULL) {
		dir = xasprintf("%.*s/tests", (int)(slash - abs), abs);
		if (!has_fixture(dir, r->id)) {
			free(dir);
			dir = NULL;
		}
	}
	if (dir == NULL) {
		dir = xasprintf("%s/tests", abs);
		if (!has_fixture(dir, r->id)) {
			free(dir);
			dir = NULL;
		}
	}
	free(abs);
	return dir;
}

/* ---- fixtures ----------------------------------------------------------- */

/* The columns of the events table (from the schema), NULL-terminated. */
static char **
event_columns(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	char **v = NULL;
	size_t n = 0, alloc = 0;

	if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info("
	    "'events') ORDER BY cid", -1, &stmt, NULL) != SQLITE_OK)
		return NULL;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		ALLOC_GROW(v, n + 2, alloc);
		v[n++] = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	if (v)
		v[n] = NULL;
	return v;
}

static void
free_strv(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static int
in_strv(char **v, const char *s)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* The evidence row fixtures belong to (created on first use). */
static int64_t
fixture_evidence(sqlite3 *db, const char *path, struct buf *err)
{
	sqlite3_stmt *stmt = NULL;
	char tb[TS_BUFSZ];
	int64_t id = -1;

	if (sqlite3_prepare_v2(db, "SELECT id FROM evidence WHERE kind ="
	    " 'fixture' AND path = ?1", -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			id = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (id > 0)
		return id;
	ts_format(0, tb);
	if (sqlite3_prepare_v2(db, "INSERT INTO runs (command, command_line,"
	    " tool_version, started_at) VALUES ('rules test', ?1, ?2, ?3)", -1,
	    &stmt, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, SIGTRAIL_VERSION, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, tb, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(stmt);
	if (sqlite3_prepare_v2(db, "INSERT INTO evidence (run_id, path, kind,"
	    " sha256, size, ingested_at, tool_version, command_line, status)"
	    " SELECT id, ?1, 'fixture', '', 0, started_at, tool_version,"
	    " command_line, 'done' FROM runs WHERE id = ?2", -1, &stmt,
	    NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, sqlite3_last_insert_rowid(db));
	if (sqlite3_step(stmt) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(stmt);
	return sqlite3_last_insert_rowid(db);
fail:
	buf_addf(err, "%s: cannot set up the fixture case: %s", path,
	    sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	return -1;
}

/* Binds JSON value v (of column col) at i; -1 with why for objects. */
static int
bind_json(sqlite3_stmt *stmt, int i, const char *col, json_t *v,
    struct buf *why)
{
	char *s;

	switch (json_typeof(v)) {
	case JSON_STRING:
		sqlite3_bind_text(stmt, i, json_string_value(v),
		    (int)json_string_length(v), SQLITE_TRANSIENT);
		return 0;
	case JSON_INTEGER:
		sqlite3_bind_int64(stmt, i, json_integer_value(v));
		return 0;
	case JSON_REAL:
		sqlite3_bind_double(stmt, i, json_real_value(v));
		return 0;
	case JSON_TRUE:
	case JSON_FALSE:
		sqlite3_bind_int(stmt, i, json_is_true(v));
		return 0;
	case JSON_NULL:
		sqlite3_bind_null(stmt, i);
		return 0;
	default:
		if (strcmp(col, "attrs") != 0) {
			buf_addf(why, "'%s' must be a string or a number", col);
			return -1;
		}
		s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
		free(s);
		return 0;
	}
}

/* A time member ("ts", "end_ts") as µs: 1, 0 (absent) or -1 (bad). */
static int
json_time(json_t *obj, const char *key, int64_t *us, struct buf *why)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v) || ts_parse_iso(json_string_value(v),
	    json_string_length(v), us, NULL, NULL) < 0) {
		buf_addf(why, "'%s' is not an ISO 8601 time", key);
		return -1;
	}
	return 1;
}

/* Inserts one fixture event (obj) as line of path. */
static int
fixture_event(sqlite3 *db, char **cols, int64_t evid, const char *path,
    int line, json_t *obj, struct buf *why)
{
	struct buf sql = BUF_INIT, vals = BUF_INIT;
	sqlite3_stmt *stmt = NULL;
	const char *key;
	char tb[TS_BUFSZ], *dedup;
	int64_t ts, end;
	int nb = 0, has_ts, has_end, ret = -1;
	json_t *v;

	if (!json_is_object(obj)) {
		buf_addstr(why, "expected a JSON object");
		return -1;
	}
	json_object_foreach(obj, key, v) {
		if (!in_strv(cols, key) || strcmp(key, "dedup") == 0 ||
		    strcmp(key, "evidence_id") == 0) {
			buf_addf(why, "'%s' is not an events column a fixture "
			    "may set", key);
			return -1;
		}
	}
	if (!json_is_string(json_object_get(obj, "source")) ||
	    !json_is_string(json_object_get(obj, "action"))) {
		buf_addstr(why, "an event needs \"source\" and \"action\"");
		return -1;
	}
	if ((has_ts = json_time(obj, "ts", &ts, why)) < 0 ||
	    (has_end = json_time(obj, "end_ts", &end, why)) < 0)
		return -1;
	buf_addstr(&sql, "INSERT INTO events (dedup, evidence_id");
	buf_addstr(&vals, "?1, ?2");
	nb = 2;
	json_object_foreach(obj, key, v) {
		if ((strcmp(key, "ts_us") == 0 && has_ts) ||
		    (strcmp(key, "end_us") == 0 && has_end))
			continue;	/* ts wins over a stale ts_us */
		buf_addf(&sql, ", %s", key);	/* a schema column name */
		buf_addf(&vals, ", ?%d", ++nb);
	}
	if (has_ts)
		buf_addstr(&sql, ", ts_us");
	if (has_end)
		buf_addstr(&sql, ", end_us");
	if (json_object_get(obj, "outcome") == NULL)
		buf_addstr(&sql, ", outcome");
	buf_addf(&sql, ") VALUES (%s%s%s%s)", vals.s, has_ts ? ", ?100" : "",
	    has_end ? ", ?101" : "", json_object_get(obj, "outcome") ? "" :
	    ", 'success'");
	if (sqlite3_prepare_v2(db, sql.s, -1, &stmt, NULL) != SQLITE_OK) {
		buf_addstr(why, sqlite3_errmsg(db));
		goto done;
	}
	dedup = xasprintf("fixture:%s:%d", path, line);
	sqlite3_bind_text(stmt, 1, dedup, -1, SQLITE_TRANSIENT);
	free(dedup);
	sqlite3_bind_int64(stmt, 2, evid);
	nb = 2;
	json_object_foreach(obj, key, v) {
		if ((strcmp(key, "ts_us") == 0 && has_ts) ||
		    (strcmp(key, "end_us") == 0 && has_end))
			continue;
		if (strcmp(key, "ts") == 0 && has_ts) {
			sqlite3_bind_text(stmt, ++nb, ts_format(ts, tb), -1,
			    SQLITE_TRANSIENT);
			continue;
		}
		if (strcmp(key, "end_ts") == 0 && has_end) {
			sqlite3_bind_text(stmt, ++nb, ts_format(end, tb), -1,
			    SQLITE_TRANSIENT);
			continue;
		}
		if (bind_json(stmt, ++nb, key, v, why) < 0)
			goto done;
	}
	if (has_ts)
		sqlite3_bind_int64(stmt, 100, ts);
	if (has_end)
		sqlite3_bind_int64(stmt, 101, end);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		buf_addstr(why, sqlite3_errmsg(db));
		goto done;
	}
	ret = 0;
done:
	sqlite3_finalize(stmt);
	buf_release(&sql);
	buf_release(&vals);
	return ret;
}

int
rule_fixture_load(sqlite3 *db, const char *path, struct buf *err)
{
	struct buf why = BUF_INIT;
	json_error_t jerr;
	char **cols = NULL, *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int64_t evid;
	json_t *obj;
	FILE *fp;
	int lineno = 0, count = 0, ret = -1;

	if ((fp = fopen(path, "r")) == NULL) {
		buf_addf(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if ((cols = event_columns(db)) == NULL) {
		buf_addf(err, "%s: the case has no events table", path);
		goto done;
	}
	if ((evid = fixture_evidence(db, path, err)) < 0)
		goto done;
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (line[strspn(line, " \t")] == '\0')
			continue;
		obj = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES,
		    &jerr);
		if (obj == NULL) {
			buf_addf(err, "%s:%d: %s", path, lineno, jerr.text);
			goto done;
		}
		buf_reset(&why);
		if (fixture_event(db, cols, evid, path, lineno, obj, &why) <
		    0) {
			buf_addf(err, "%s:%d: %s", path, lineno, why.s);
			json_decref(obj);
			goto done;
		}
		json_decref(obj);
		count++;
	}
	if (ferror(fp)) {
		buf_addf(err, "%s: cannot read: %s", path, strerror(errno));
		goto done;
	}
	ret = count;
done:
	free(line);
	free_strv(cols);
	buf_release(&why);
	fclose(fp);
	return ret;
}
