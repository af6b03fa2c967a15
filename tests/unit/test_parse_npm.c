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

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct parser *const P = &parser_npm;

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
	    .action = "publish", .operation = "npm:publish",
	    .actor = "acme-release-bot", .artifact = "@acme/widget-cli",
	    .version = "2.4.1", .digest = SHA512_HEX, .repo = "acme/widget",
	    .commit_sha = GITHEAD, .ts = "2026-11-03T15:13:33.834000Z",
	    .native_id = "@acme/widget-cli@2.4.1",
	    .attrs = { { "integrity", "sha512-" SHA512_B64 },
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
	    .action = "publish", .operation = "npm:publish",
	    .actor = "m-chen", .artifact = "@acme/widget-cli",
	    .version = "2.4.2", .digest = "sha1:" SHASUM,
	    .repo = "acme/widget", .ts = "2026-11-12T17:11:37.204000Z",
	    .native_id = "@acme/widget-cli@2.4.2",
	    .attrs = { { "provenance_predicate", ABSENT },
		{ "integrity", ABSENT }, { "dist_tags", ABSENT },
		{ "repository_url",
		    "git+https://github.com/acme/widget.git" } } },
	{ .name = "dist-tags of the version, deprecated",
	    .text = DOC(VER("2.5.0-rc.1", ",'deprecated':'use 2.5.0'"),
	    TIME("2.5.0-rc.1", "2026-11-16T09:00:00.000Z")),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "@acme/widget-cli",
	    .version = "2.5.0-rc.1", .repo = "acme/widget",
	    .ts = "2026-11-16T09:00:00Z",
	    .native_id = "@acme/widget-cli@2.5.0-rc.1",
	    .attrs = { { "dist_tags", "[\"next\"]" },
		{ "deprecated", "use 2.5.0" } } },
	{ .name = "a version published then unpublished (time only)",
	    .text = DOC(V241, T241 TIME("2.4.0", "2026-10-20T13:33:26.075Z")),
	    .rc = PARSE_OK, .nev = 2, .idx = 1,
	    .action = "publish", .operation = "npm:publish",
	    .artifact = "@acme/widget-cli", .version = "2.4.0",
	    .ts = "2026-10-20T13:33:26.075000Z",
	    .native_id = "@acme/widget-cli@2.4.0",
	    .attrs = { { "unpublished", "true" } } },
	{ .name = "whole package unpublished",
	    .text = "{'_id':'left-pad','name':'left-pad','time':{'created':"
	    "'2014-03-14T01:00:00.000Z','1.0.0':'2014-03-14T01:00:00.000Z',"
	    "'1.0.1':'2014-03-15T01:00:00.000Z','modified':"
	    "'2016-03-23T06:52:00.000Z','unpublished':{'time':"
	    "'2016-03-23T06:52:00.000Z','versions':['1.0.0','1.0.1'],"
	    "'name':'azer'}}}",
	    .rc = PARSE_OK, .nev = 4, .idx = 3,
	    .action = "publish.delete", .operation = "npm:unpublish",
	    .actor = "azer", .artifact = "left-pad", .version = "1.0.1",
	    .ts = "2016-03-23T06:52:00Z",
	    .native_id = "left-pad@1.0.1/unpublished" },
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
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "x", .version = "1.0.0",
	    .ts = "2026-01-01T00:00:00Z", .ts_flags = TS_COARSE,
	    .native_id = "x@1.0.0" },
	{ .name = "integrity with several hashes: the strongest",
	    .text = DOC(VER("1.0.0", ",'dist':{'integrity':'sha1-" SHA1_B64
	    " sha512-" SHA512_B64 "?foo sha256-" SHA256_B64 "'}"),
	    TIME("1.0.0", "2026-01-01T00:00:00.5Z")),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "@acme/widget-cli",
	    .version = "1.0.0", .digest = SHA512_HEX, .repo = "acme/widget",
	    .ts = "2026-01-01T00:00:00.500000Z",
	    .native_id = "@acme/widget-cli@1.0.0" },
	{ .name = "sha256 integrity",
	    .text = DOC(VER("1.0.0", ",'dist':{'integrity':'sha256-"
	    SHA256_B64 "'}"), TIME("1.0.0", "2026-01-01T00:00:00.5Z")),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "@acme/widget-cli",
	    .version = "1.0.0", .digest = SHA256_HEX, .repo = "acme/widget",
	    .ts = "2026-01-01T00:00:00.500000Z",
	    .native_id = "@acme/widget-cli@1.0.0" },
	{ .name = "bad integrity: shasum instead, the text kept",
	    .text = DOC(VER("1.0.0", ",'dist':{'integrity':'sha512-!!!',"
	    "'shasum':'2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12'}"),
	    TIME("1.0.0", "2026-01-01T00:00:00.5Z")),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "@acme/widget-cli",
	    .version = "1.0.0", .digest = "sha1:" SHASUM,
	    .repo = "acme/widget", .ts = "2026-01-01T00:00:00.500000Z",
	    .native_id = "@acme/widget-cli@1.0.0",
	    .attrs = { { "integrity", "sha512-!!!" } } },
	{ .name = "truncated sha512 and a short shasum: no digest",
	    .text = DOC(VER("1.0.0", ",'dist':{'integrity':'sha512-"
	    SHA256_B64 "','shasum':'2fd4'}"),
	    TIME("1.0.0", "2026-01-01T00:00:00.5Z")),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "@acme/widget-cli",
	    .version = "1.0.0", .repo = "acme/widget",
	    .ts = "2026-01-01T00:00:00.500000Z",
	    .native_id = "@acme/widget-cli@1.0.0" },
	{ .name = "repository: git@github.com:o/r.git",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'repository':{'url':"
	    "'git@github.com:Some-Org/some.repo.git'}}}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "p", .version = "1.0.0",
	    .repo = "Some-Org/some.repo", .ts = "2026-01-01T00:00:00Z",
	    .ts_flags = TS_COARSE, .native_id = "p@1.0.0" },
	{ .name = "repository: shorthand string",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'repository':'acme/widget'}}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "p", .version = "1.0.0",
	    .repo = "acme/widget", .ts = "2026-01-01T00:00:00Z",
	    .ts_flags = TS_COARSE, .native_id = "p@1.0.0" },
	{ .name = "repository: github: prefix and a tree path",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'repository':'github:acme/widget'}},"
	    "'repository':'https://github.com/other/x/tree/main/cli'}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "p", .version = "1.0.0",
	    .repo = "acme/widget", .ts = "2026-01-01T00:00:00Z",
	    .ts_flags = TS_COARSE, .native_id = "p@1.0.0" },
	{ .name = "repository of the document, a tree path",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{}},"
	    "'repository':'https://www.github.com/other/x/tree/main/cli'}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "p", .version = "1.0.0",
	    .repo = "other/x", .ts = "2026-01-01T00:00:00Z",
	    .ts_flags = TS_COARSE, .native_id = "p@1.0.0" },
	{ .name = "repository elsewhere: no repo",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'repository':{'url':"
	    "'https://gitlab.com/acme/widget.git'}}}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "p", .version = "1.0.0",
	    .ts = "2026-01-01T00:00:00Z", .ts_flags = TS_COARSE,
	    .native_id = "p@1.0.0",
	    .attrs = { { "repository_url",
		"https://gitlab.com/acme/widget.git" } } },
	{ .name = "look-alike host: no repo",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'repository':{'url':"
	    "'https://notgithub.com/acme/widget.git'}}}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "p", .version = "1.0.0",
	    .ts = "2026-01-01T00:00:00Z", .ts_flags = TS_COARSE,
	    .native_id = "p@1.0.0" },
	{ .name = "short gitHead kept in attrs, wrong types ignored",
	    .text = "{'name':'p','time':{'1.0.0':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{'gitHead':'4b825dc','_npmUser':'bob',"
	    "'dist':{'fileCount':1e30,'signatures':{'keyid':'x'},"
	    "'integrity':7}}}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "p", .version = "1.0.0",
	    .ts = "2026-01-01T00:00:00Z", .ts_flags = TS_COARSE,
	    .native_id = "p@1.0.0",
	    .attrs = { { "git_head", "4b825dc" }, { "file_count", ABSENT } } },
	{ .name = "a version without a time entry",
	    .text = "{'name':'p','time':{'created':'2026-01-01T00:00:00Z'},"
	    "'versions':{'1.0.0':{}}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "npm:publish", .artifact = "p", .version = "1.0.0",
	    .ts = NOTIME, .native_id = "p@1.0.0",
	    .attrs = { { "time_missing", "true" } } },
	{ .name = "a bad time: the other versions are kept",
	    .text = "{'name':'p','time':{'1.0.0':'yesterday',"
	    "'1.0.1':'2026-01-02T00:00:00Z'},'versions':{'1.0.0':{},"
	    "'1.0.1':{}}}",
	    .rc = PARSE_ERR, .errmsg = "bad time[\"1.0.0\"] 'yesterday'",
	    .nev = 1, .action = "publish", .operation = "npm:publish",
	    .artifact = "p", .version = "1.0.1",
	    .ts = "2026-01-02T00:00:00Z", .ts_flags = TS_COARSE,
	    .native_id = "p@1.0.1" },
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
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++)
		check_row(P, &rows[i]);
	end_test("rows");
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
	assert_int_equal(run_parser(P, text, strlen(text), 0, &c, &d),
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
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(probe_rows); i++)
		check_probe(&probe_rows[i]);
	assert_ptr_equal(parser_find("npm"), P);
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
	{ "abbrev.packument-abbreviated.json", 1, 0, 1, 0 },
	/* 8 versions, and 3 unpublished ones only in time */
	{ "abbrev.packument.json", 1, 1, 0, 11 },
	{ "angular-animation.packument.json", 1, 1, 0, 1 },
	{ "ms.packument.json", 1, 1, 0, 18 },
	{ "once.packument.json", 1, 1, 0, 7 },
	{ "types-semver.packument-abbreviated.json", 1, 0, 1, 0 },
	{ "types-semver.packument.json", 1, 1, 0, 33 },
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
	const char *root = corpus_root();
	static const char *const mine[] = { "npm/", NULL };
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
		snprintf(sub, sizeof(sub), "npm/%s", rp.file);
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
		bad("the probe does not claim every npm corpus file");
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
