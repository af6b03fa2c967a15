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

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct parser *const P = &parser_pypi;

/*
 * Failed checks are counted and printed, not fatal, so that one run shows
 * every row that fails; each test fails at its end if any did.
 */
static int nbad;

static void bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
bad(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_error("%s\n", msg);
	nbad++;
}

static void
end_test(const char *what)
{
	int n = nbad;

	nbad = 0;
	if (n)
		fail_msg("%s: %d check(s) failed", what, n);
}

/* ------------------------------------------------------------------ */
/* Capturing emitted events                                            */

struct evcopy {
	int64_t		 ts_us;
	unsigned	 ts_flags;
	int		 failed;
	char		*ts_raw, *source, *action, *operation, *error_code,
			*actor, *digest, *artifact, *version, *repo, *ref,
			*commit_sha, *src_ip, *user_agent, *native_id, *raw;
	json_t		*attrs;
};

#define MAXCAP 8

struct capture {
	const struct parser *p;
	/* called for every event (the copies stop at MAXCAP) */
	void		(*fact)(void *arg, const struct evcopy *e);
	void		*fact_arg;
	int		 n;		/* events emitted */
	int		 fail;		/* emit answers -1 */
	int		 no_id;		/* events without native_id */
	struct evcopy	 ev[MAXCAP];
};

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
evcopy_fill(struct evcopy *e, const struct event *ev)
{
	e->ts_us = ev->ts_us;
	e->ts_flags = ev->ts_flags;
	e->failed = ev->failed;
	e->ts_raw = dup_or_null(ev->ts_raw);
	e->source = dup_or_null(ev->source);
	e->action = dup_or_null(ev->action);
	e->operation = dup_or_null(ev->operation);
	e->error_code = dup_or_null(ev->error_code);
	e->actor = dup_or_null(ev->actor);
	e->digest = dup_or_null(ev->digest);
	e->artifact = dup_or_null(ev->artifact);
	e->version = dup_or_null(ev->version);
	e->repo = dup_or_null(ev->repo);
	e->ref = dup_or_null(ev->ref);
	e->commit_sha = dup_or_null(ev->commit_sha);
	e->src_ip = dup_or_null(ev->src_ip);
	e->user_agent = dup_or_null(ev->user_agent);
	e->native_id = dup_or_null(ev->native_id);
	e->raw = ev->raw ? strndup(ev->raw, ev->raw_len) : NULL;
	e->attrs = ev->attrs ? json_deep_copy(ev->attrs) : NULL;
}

static void
evcopy_free(struct evcopy *e)
{
	free(e->ts_raw);
	free(e->source);
	free(e->action);
	free(e->operation);
	free(e->error_code);
	free(e->actor);
	free(e->digest);
	free(e->artifact);
	free(e->version);
	free(e->repo);
	free(e->ref);
	free(e->commit_sha);
	free(e->src_ip);
	free(e->user_agent);
	free(e->native_id);
	free(e->raw);
	json_decref(e->attrs);
}

static int
capture_emit(void *arg, struct event *ev)
{
	struct capture *c = arg;
	struct evcopy tmp;

	if (c->fail)
		return -1;
	if (ev->action == NULL || event_action(ev->action) == NULL)
		bad("action \"%s\" is not in the vocabulary",
		    ev->action ? ev->action : "(null)");
	if (ev->source == NULL || strcmp(ev->source, c->p->name) != 0)
		bad("source \"%s\", parser %s", ev->source ? ev->source :
		    "(null)", c->p->name);
	if (ev->raw == NULL || ev->raw_len == 0)
		bad("event without raw record");
	if (ev->native_id == NULL)
		c->no_id++;
	if (ev->ts_us != EVENT_NO_TIME && ev->ts_raw == NULL)
		bad("time without ts_raw");
	if (ev->digest && strncmp(ev->digest, "sha", 3) != 0)
		bad("digest \"%s\"", ev->digest);
	if (ev->failed == 0 && ev->error_code)
		bad("error_code without failure");
	if (c->fact) {
		evcopy_fill(&tmp, ev);
		c->fact(c->fact_arg, &tmp);
		evcopy_free(&tmp);
	}
	if (c->n >= MAXCAP) {
		c->n++;
		return 0;
	}
	evcopy_fill(&c->ev[c->n++], ev);
	return 0;
}

static void
capture_free(struct capture *c)
{
	int i;

	for (i = 0; i < c->n && i < MAXCAP; i++)
		evcopy_free(&c->ev[i]);
	c->n = c->fail = c->no_id = 0;
}

#define RC_NOT_JSON	(-9)	/* the test input itself is not JSON */

/*
 * Runs parser p over text[0..len) the way ingest/records.c does (a fresh
 * event with raw set, the parser, then event_clear()); the bytes are an
 * exact-size heap copy so that ASan sees reads past the end.
 */
static int
run_parser(const struct parser *p, const char *text, size_t len,
    int all_events, struct capture *c, struct diag *d)
{
	struct parse_ctx pc;
	struct parse_opts opts;
	struct event ev;
	json_error_t jerr;
	json_t *rec = NULL;
	char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, text, len);
	memset(&pc, 0, sizeof(pc));
	memset(&opts, 0, sizeof(opts));
	opts.anchor_us = EVENT_NO_TIME;
	pc.all_events = all_events;
	pc.name = "test";
	pc.opts = &opts;
	pc.emit = capture_emit;
	pc.emit_arg = c;
	c->p = p;
	diag_clear(d);
	if (p->kind == INPUT_JSON) {
		rec = json_load_record(copy, len, &jerr);
		if (rec == NULL) {
			free(copy);
			snprintf(d->msg, sizeof(d->msg), "%s", jerr.text);
			return RC_NOT_JSON;
		}
	}
	event_init(&ev);
	ev.raw = copy;
	ev.raw_len = len;
	switch (p->kind) {
	case INPUT_JSON:
		rc = p->parse_json(rec, &pc, &ev, d);
		break;
	case INPUT_TEXT:
		rc = p->parse_text(copy, len, &pc, &ev, d);
		break;
	default:
		rc = p->parse_blob((const unsigned char *)copy, len, &pc, &ev,
		    d);
		break;
	}
	event_clear(&ev);
	json_decref(rec);
	free(copy);
	return rc;
}

/* ' -> " (record texts in the tables use ' for readability). */
static char *
unquote(const char *s)
{
	char *t = strdup(s), *p;

	assert_non_null(t);
	for (p = t; *p; p++)
		if (*p == '\'')
			*p = '"';
	return t;
}

static const char *
rc_name(int rc)
{
	switch (rc) {
	case PARSE_OK:		return "PARSE_OK";
	case PARSE_SKIP:	return "PARSE_SKIP";
	case PARSE_NONEVENT:	return "PARSE_NONEVENT";
	case PARSE_ERR:		return "PARSE_ERR";
	case PARSE_FATAL:	return "PARSE_FATAL";
	case RC_NOT_JSON:	return "(test input is not JSON)";
	}
	return "?";
}

static void
check_str(const char *row, const char *what, const char *want,
    const char *got)
{
	if (want == NULL && got == NULL)
		return;
	if (want && got && strcmp(want, got) == 0)
		return;
	bad("%s: %s: want \"%s\", got \"%s\"", row, what,
	    want ? want : "(null)", got ? got : "(null)");
}

/* An attribute as text: strings as is, other values as compact JSON. */
static char *
attr_text(const json_t *attrs, const char *key)
{
	const json_t *v = json_object_get(attrs, key);

	if (v == NULL)
		return NULL;
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* ------------------------------------------------------------------ */
/* The row table                                                       */

#define ABSENT	"\x01(absent)"	/* attrs check: no such attribute */
#define NOTIME	"(no time)"

struct attr_want {
	const char	*key;
	const char	*val;		/* text, or ABSENT */
};

/*
 * One input and what the parser must make of it.  For PARSE_OK rows,
 * nev events are expected and event number idx is checked column by
 * column: a NULL expectation means the column must be empty.
 */
struct row {
	const char	*name;
	const char	*text;		/* ' for " (unless raw) */
	int		 raw;		/* text is used as is */
	int		 all;		/* --all-events */
	int		 rc;
	const char	*errmsg;	/* PARSE_ERR: part of d->msg */
	int		 nev, idx;
	const char	*action, *operation;
	int		 failed;
	const char	*error_code, *actor, *artifact, *version, *digest;
	const char	*repo, *ref, *commit_sha, *src_ip, *user_agent;
	const char	*ts;		/* ts_format(), or NOTIME */
	unsigned	 ts_flags;
	const char	*native_id;
	struct attr_want attrs[6];
};

static void
check_event(const struct row *r, const struct evcopy *e)
{
	char when[TS_BUFSZ];
	size_t i;

	check_str(r->name, "action", r->action, e->action);
	check_str(r->name, "operation", r->operation, e->operation);
	if (e->failed != r->failed)
		bad("%s: failed: want %d, got %d", r->name, r->failed,
		    e->failed);
	check_str(r->name, "error_code", r->error_code, e->error_code);
	check_str(r->name, "actor", r->actor, e->actor);
	check_str(r->name, "artifact", r->artifact, e->artifact);
	check_str(r->name, "version", r->version, e->version);
	check_str(r->name, "digest", r->digest, e->digest);
	check_str(r->name, "repo", r->repo, e->repo);
	check_str(r->name, "ref", r->ref, e->ref);
	check_str(r->name, "commit_sha", r->commit_sha, e->commit_sha);
	check_str(r->name, "src_ip", r->src_ip, e->src_ip);
	check_str(r->name, "user_agent", r->user_agent, e->user_agent);
	check_str(r->name, "native_id", r->native_id, e->native_id);
	check_str(r->name, "ts", r->ts, e->ts_us == EVENT_NO_TIME ? NOTIME :
	    ts_format(e->ts_us, when));
	if (e->ts_flags != r->ts_flags)
		bad("%s: ts_flags 0x%x, want 0x%x", r->name, e->ts_flags,
		    r->ts_flags);
	for (i = 0; i < NELEM(r->attrs) && r->attrs[i].key; i++) {
		const struct attr_want *w = &r->attrs[i];
		char *got = attr_text(e->attrs, w->key), what[96];

		snprintf(what, sizeof(what), "attrs.%s", w->key);
		check_str(r->name, what, strcmp(w->val, ABSENT) == 0 ? NULL :
		    w->val, got);
		free(got);
	}
}

static void
check_row(const struct parser *p, const struct row *r)
{
	char *text = r->raw ? strdup(r->text) : unquote(r->text);
	struct capture c;
	struct diag d;
	int rc, rc2, n1;

	assert_non_null(text);
	memset(&c, 0, sizeof(c));
	rc = run_parser(p, text, strlen(text), r->all, &c, &d);
	if (rc != r->rc) {
		bad("%s: want %s, got %s (%s)", r->name, rc_name(r->rc),
		    rc_name(rc), d.msg);
		goto out;
	}
	if (rc == PARSE_ERR) {
		if (d.msg[0] == '\0')
			bad("%s: PARSE_ERR without a message", r->name);
		if (r->errmsg && strstr(d.msg, r->errmsg) == NULL)
			bad("%s: message \"%s\" lacks \"%s\"", r->name, d.msg,
			    r->errmsg);
	} else if (d.msg[0] != '\0') {
		bad("%s: %s with a message \"%s\"", r->name, rc_name(rc),
		    d.msg);
	}
	if (c.n != r->nev)
		bad("%s: %d events, want %d", r->name, c.n, r->nev);
	if ((rc != PARSE_OK && rc != PARSE_ERR) && c.n)
		bad("%s: %s but events emitted", r->name, rc_name(rc));
	if (c.n > 1 && c.no_id)
		bad("%s: %d events of one record without native_id", r->name,
		    c.no_id);
	if (r->action && r->idx < c.n && r->idx < MAXCAP)
		check_event(r, &c.ev[r->idx]);
	/* --all-events flipped: only ever adds events */
	n1 = c.n;
	capture_free(&c);
	rc2 = run_parser(p, text, strlen(text), !r->all, &c, &d);
	if (!r->all) {
		if (rc == PARSE_SKIP ? (rc2 != PARSE_OK && rc2 != PARSE_ERR) :
		    rc2 != rc)
			bad("%s: with --all-events %s", r->name, rc_name(rc2));
		if (c.n < n1)
			bad("%s: --all-events gives fewer events", r->name);
		if (rc == PARSE_SKIP && c.n > 0 &&
		    strcmp(c.ev[0].action, "other") != 0)
			bad("%s: --all-events action %s", r->name,
			    c.ev[0].action);
	} else if (c.n > n1) {
		bad("%s: more events without --all-events", r->name);
	}
	/* a store error is reported, never swallowed */
	if (n1 > 0) {
		capture_free(&c);
		c.fail = 1;
		if (run_parser(p, text, strlen(text), r->all, &c, &d) !=
		    PARSE_FATAL)
			bad("%s: emit failure not PARSE_FATAL", r->name);
	}
out:
	capture_free(&c);
	free(text);
}

/* ------------------------------------------------------------------ */
/* Probes                                                              */

struct probe_row {
	const char	*name;
	const struct parser *p;
	const char	*head;		/* ' for " */
	const char	*file;
	int		 min, max;
	int		 detect;	/* parser_detect must pick p */
};

static void
check_probe(const struct probe_row *r)
{
	char *text = unquote(r->head);
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);
	const struct parser *got;
	int score;

	assert_non_null(copy);
	memcpy(copy, text, len);
	score = r->p->probe(copy, len, r->file);
	if (score < r->min || score > r->max)
		bad("probe %s (%s): score %d, want %d..%d", r->name,
		    r->p->name, score, r->min, r->max);
	if (r->detect) {
		got = parser_detect(copy, len, r->file, &score);
		if (got != r->p)
			bad("probe %s: detected as %s", r->name,
			    got ? got->name : "nothing");
	}
	free(copy);
	free(text);
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

static char *
read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The corpus root (SIGTRAIL_SRCDIR/../shared/corpus), or NULL. */
static const char *
corpus_root(void)
{
	static char dir[4096];
	const char *root = getenv("SIGTRAIL_SRCDIR");
	struct stat sb;

	snprintf(dir, sizeof(dir), "%s/../shared/corpus",
	    root && *root ? root : ".");
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return NULL;
	return dir;
}

/* root/sub into a new string. */
static char *corpus_path(const char *root, const char *sub)
    __attribute__((unused));

static char *
corpus_path(const char *root, const char *sub)
{
	size_t n = strlen(root) + strlen(sub) + 2;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/%s", root, sub);
	return p;
}

/* Whether head starts (after white space and a BOM) like JSON text. */
static int
looks_json(const char *head, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (head[i] == ' ' || head[i] == '\t' ||
	    head[i] == '\r' || head[i] == '\n'))
		i++;
	return i < len && (head[i] == '{' || head[i] == '[');
}

/* Per-file results of a corpus replay. */
struct replay {
	const struct parser *p;
	const char	*file;
	int		 records, ok, skip, nonevent, err, events, no_id;
	int		 all_events;	/* events with --all-events */
	void		(*fact)(const char *file, const struct evcopy *e);
};

static void
replay_fact(void *arg, const struct evcopy *e)
{
	struct replay *rp = arg;

	if (e->ts_us == EVENT_NO_TIME && strcmp(e->action,
	    "publish.delete") != 0)
		bad("%s record %d: %s event without time", rp->file,
		    rp->records, e->action);
	if (rp->fact)
		rp->fact(rp->file, e);
}

static void
replay_record(struct replay *rp, const char *rec, size_t len)
{
	struct capture c;
	struct diag d;
	int rc;

	rp->records++;
	memset(&c, 0, sizeof(c));
	c.fact = replay_fact;
	c.fact_arg = rp;
	rc = run_parser(rp->p, rec, len, 0, &c, &d);
	switch (rc) {
	case PARSE_OK:
		rp->ok++;
		break;
	case PARSE_SKIP:
		rp->skip++;
		break;
	case PARSE_NONEVENT:
		rp->nonevent++;
		break;
	default:
		rp->err++;
		bad("%s record %d: %s: %s", rp->file, rp->records,
		    rc_name(rc), d.msg);
		break;
	}
	rp->events += c.n;
	rp->no_id += c.no_id;
	capture_free(&c);
	c.fact = NULL;
	rc = run_parser(rp->p, rec, len, 1, &c, &d);
	rp->all_events += c.n;
	capture_free(&c);
}

static int
replay_cb(void *arg, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err)
{
	struct replay *rp = arg;

	if (rec == NULL || err) {
		bad("%s line %lld: splitter: %s", rp->file, (long long)line,
		    err ? err : "structure");
		return 0;
	}
	replay_record(rp, rec, len);
	return 0;
}

/* Cuts a file into records as the ingest driver does, and replays them. */
static void replay_file(struct replay *rp, const char *path)
    __attribute__((unused));

static void
replay_file(struct replay *rp, const char *path)
{
	size_t len, i, start;
	char *buf = read_file(path, &len);

	if (buf == NULL) {
		bad("cannot read %s", path);
		return;
	}
	if (rp->p->kind == INPUT_JSON) {
		struct jsplit *js = jsplit_new(rp->p->container_keys,
		    16 << 20, replay_cb, rp);

		jsplit_feed(js, buf, len);
		jsplit_finish(js);
		jsplit_free(js);
	} else if (rp->p->kind == INPUT_TEXT) {
		for (start = 0, i = 0; i <= len; i++) {
			if (i == len || buf[i] == '\n') {
				size_t n = i - start;

				while (n > 0 && buf[start + n - 1] == '\r')
					n--;
				if (n > 0)
					replay_record(rp, buf + start, n);
				start = i + 1;
			}
		}
	} else {
		replay_record(rp, buf, len);
	}
	free(buf);
}

/*
 * Walks the whole corpus: p's probe must claim exactly the files whose
 * path (relative to the corpus) starts with one of mine[] (NULL-ended),
 * and parser_detect must pick p for those.  Returns the files claimed.
 */
static int
probe_walk(const struct parser *p, const char *dir, const char *rel,
    const char *const *mine)
{
	struct dirent **names;
	int n, i, claimed = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return 0;
	for (i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		char path[4096], sub[4096];
		struct stat sb;

		if (nm[0] == '.') {
			free(names[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, nm);
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", nm);
		free(names[i]);
		if (stat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			claimed += probe_walk(p, path, sub, mine);
		} else if (S_ISREG(sb.st_mode)) {
			size_t len, k;
			char *buf = read_file(path, &len);
			int want = 0, score = 0, s;
			const struct parser *got;

			if (buf == NULL)
				continue;
			if (len > PROBE_HEAD)
				len = PROBE_HEAD;
			for (k = 0; mine[k]; k++)
				if (strncmp(sub, mine[k], strlen(mine[k])) == 0)
					want = 1;
			if (p->kind != INPUT_JSON || looks_json(buf, len))
				score = p->probe(buf, len, sub);
			if ((score > 0) != want)
				bad("probe %s: %s scores %d", p->name, sub,
				    score);
			if (want && score > 0) {
				claimed++;
				got = parser_detect(buf, len, sub, &s);
				if (got != p)
					bad("%s is detected as %s (%d), not %s",
					    sub, got ? got->name : "nothing", s,
					    p->name);
			}
			free(buf);
		}
	}
	free(names);
	return claimed;
}
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
	    .action = "publish", .operation = "pypi:upload",
	    .artifact = "acme-widget", .version = "2.4.1",
	    .digest = "sha256:" SHA_W, .repo = "acme/widget",
	    .ts = "2026-11-03T15:13:40.123456Z",
	    .native_id = "acme_widget-2.4.1-py3-none-any.whl",
	    .attrs = { { "packagetype", "bdist_wheel" }, { "size", "48213" },
		{ "md5", "bb" }, { "last_serial", "31415926" },
		{ "yanked", ABSENT }, { "python_version", "py3" } } },
	{ .name = "project document: upload_time without a zone",
	    .text = "{" INFO("2.4.1", PURLS) ",'releases':{'2.4.0':["
	    FILE_S("2.4.0", "") "]},'urls':[]}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "pypi:upload", .artifact = "acme-widget",
	    .version = "2.4.0", .digest = "sha256:" SHA_S,
	    .repo = "acme/widget", .ts = "2026-11-03T15:13:42Z",
	    .ts_flags = TS_COARSE | TS_ASSUMED_UTC,
	    .native_id = "acme-widget-2.4.0.tar.gz",
	    .attrs = { { "packagetype", "sdist" } } },
	{ .name = "release document: urls only, version from info",
	    .text = "{" INFO("2.4.1", "null") ",'urls':[" FILE_W("2.4.1",
	    "") "],'vulnerabilities':[]}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "pypi:upload", .artifact = "acme-widget",
	    .version = "2.4.1", .digest = "sha256:" SHA_W,
	    .ts = "2026-11-03T15:13:40.123456Z",
	    .native_id = "acme_widget-2.4.1-py3-none-any.whl" },
	{ .name = "yanked file",
	    .text = "{" INFO("2.4.1", "{}") ",'releases':{'2.4.1':["
	    FILE_S("2.4.1", ",'yanked':true,'yanked_reason':'broken'") "]}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "pypi:upload", .artifact = "acme-widget",
	    .version = "2.4.1", .digest = "sha256:" SHA_S,
	    .ts = "2026-11-03T15:13:42Z",
	    .ts_flags = TS_COARSE | TS_ASSUMED_UTC,
	    .native_id = "acme-widget-2.4.1.tar.gz",
	    .attrs = { { "yanked", "true" }, { "yanked_reason", "broken" } } },
	{ .name = "repository from Homepage, then home_page",
	    .text = "{'info':{'name':'x','project_urls':{'Source':"
	    "'https://gitlab.com/a/b','homepage':'https://github.com/c/d.git'"
	    "}},'releases':{'1':[{'filename':'x-1.tar.gz'}]}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "pypi:upload", .artifact = "x", .version = "1",
	    .repo = "c/d", .ts = NOTIME, .native_id = "x-1.tar.gz" },
	{ .name = "repository from home_page, uppercase sha256",
	    .text = "{'info':{'name':'x','home_page':"
	    "'http://www.github.com/c/d/'},'releases':{'1':[{'filename':"
	    "'x-1.tar.gz','digests':{'sha256':'4EFA1AE2D7C9865AF48986DE8AEB"
	    "8504BF32C7F3D6FDC9353D34B21F4B127060'}}]}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "pypi:upload", .artifact = "x", .version = "1",
	    .digest = "sha256:" SHA_S, .repo = "c/d", .ts = NOTIME,
	    .native_id = "x-1.tar.gz" },
	{ .name = "bad sha256 kept in attrs",
	    .text = "{'info':{'name':'x'},'releases':{'1':[{'filename':"
	    "'x-1.tar.gz','digests':{'sha256':'xyz'},'upload_time_iso_8601':"
	    "'2026-01-01T00:00:00Z'}]}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "pypi:upload", .artifact = "x", .version = "1",
	    .ts = "2026-01-01T00:00:00Z", .ts_flags = TS_COARSE,
	    .native_id = "x-1.tar.gz",
	    .attrs = { { "sha256_raw", "xyz" } } },
	{ .name = "Simple API page: versions from file names",
	    .text = "{'meta':{'api-version':'1.1'},'name':'acme-widget',"
	    "'files':[{'filename':'acme_widget-2.4.1-py3-none-any.whl',"
	    "'url':'https://files.pythonhosted.org/x.whl','hashes':{'sha256':'"
	    SHA_W "'},'requires-python':'>=3.9','size':48213,'upload-time':"
	    "'2026-11-03T15:13:40.123456Z','yanked':false},{'filename':"
	    "'acme-widget-2.4.1.tar.gz','hashes':{'sha256':'" SHA_S "'},"
	    "'upload-time':'2026-11-03T15:13:42.5Z','yanked':'broken'}],"
	    "'versions':['2.4.1']}",
	    .rc = PARSE_OK, .nev = 2, .idx = 1, .action = "publish",
	    .operation = "pypi:upload", .artifact = "acme-widget",
	    .version = "2.4.1", .digest = "sha256:" SHA_S,
	    .ts = "2026-11-03T15:13:42.500000Z",
	    .native_id = "acme-widget-2.4.1.tar.gz",
	    .attrs = { { "version_from", "filename" }, { "yanked", "true" },
		{ "yanked_reason", "broken" } } },
	{ .name = "Simple API page: a wheel without upload-time (1.0)",
	    .text = "{'meta':{'api-version':'1.0'},'name':'acme-widget',"
	    "'files':[{'filename':'acme_widget-2.4.1-py3-none-any.whl',"
	    "'hashes':{'sha256':'" SHA_W "'}},{'filename':'x.exe'}]}",
	    .rc = PARSE_OK, .nev = 2, .action = "publish",
	    .operation = "pypi:upload", .artifact = "acme-widget",
	    .version = "2.4.1", .digest = "sha256:" SHA_W, .ts = NOTIME,
	    .native_id = "acme_widget-2.4.1-py3-none-any.whl",
	    .attrs = { { "version_from", "filename" } } },
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
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++)
		check_row(P, &rows[i]);
	end_test("rows");
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
	assert_int_equal(run_parser(P, text, strlen(text), 0, &c, &d),
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
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(probe_rows); i++)
		check_probe(&probe_rows[i]);
	assert_ptr_equal(parser_find("pypi"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_null(P->container_keys);
	end_test("probe");
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */

static const struct {
	const char	*file;
	int		 records, ok, nonevent, events;
} corpus_files[] = {
	{ "asgiref-3.11.0.release.json", 1, 1, 0, 2 },
	/* 134 files; urls[] repeats two of them */
	{ "asgiref.project.json", 1, 1, 0, 134 },
	/* 159 releases, 76 of them without files */
	{ "djblets.project.json", 1, 1, 0, 264 },
	{ "flask.project.json", 1, 1, 0, 50 },
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
	const char *root = corpus_root();
	static const char *const mine[] = { "pypi/", NULL };
	char *path, sub[256];
	size_t i;

	(void)state;
	if (root == NULL) {
		print_message("corpus absent: test skipped\n");
		skip();
	}
	facts_seen = 0;
	for (i = 0; i < NELEM(corpus_files); i++) {
		struct replay rp;

		memset(&rp, 0, sizeof(rp));
		rp.p = P;
		rp.file = corpus_files[i].file;
		rp.fact = corpus_fact;
		snprintf(sub, sizeof(sub), "pypi/%s", rp.file);
		path = corpus_path(root, sub);
		replay_file(&rp, path);
		free(path);
		if (rp.records != corpus_files[i].records ||
		    rp.ok != corpus_files[i].ok ||
		    rp.nonevent != corpus_files[i].nonevent ||
		    rp.events != corpus_files[i].events || rp.err || rp.skip)
			bad("%s: %d records (%d ok, %d non-event, %d skip, %d "
			    "err), %d events", rp.file, rp.records, rp.ok,
			    rp.nonevent, rp.skip, rp.err, rp.events);
		if (rp.no_id)
			bad("%s: %d events without native_id", rp.file,
			    rp.no_id);
		if (rp.all_events != rp.events)
			bad("%s: --all-events changes the events", rp.file);
	}
	if (facts_seen != 3)
		bad("corpus facts seen %d times, want 3", facts_seen);
	if (probe_walk(P, root, "", mine) != (int)NELEM(corpus_files))
		bad("the probe does not claim every PyPI corpus file");
	end_test("corpus");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
