/* SPDX-License-Identifier: MIT */
/*
 * test_parse_artifactory.c - unit tests of the Artifactory log parser
 * (ingest/parse_artifactory.c): a table of request-log (7.x and 6.x)
 * and access-log lines (Maven, npm, Docker and generic deploys,
 * signature uploads, checksum side files, refused and denied requests,
 * deletes, reads, malformed lines) with the event each must give, each
 * row also run with --all-events flipped and with a failing store;
 * probes, and a walk over the whole shared corpus, of which no file is
 * an Artifactory log (a text probe sees every file).
 *
 * Lines use ' for " (none needs one).  Inputs are exact-size heap copies
 * so that ASan catches a read past the end.
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

static const struct parser *const P = &parser_artifactory;

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
/* Lines                                                               */

#define JAR	"/libs-release-local/com/acme/widget/2.4.0/widget-2.4.0.jar"
#define REQ7(method, url, status, ua) \
	"2026-01-10T12:04:58.120Z|7c1d2e3f4a5b6c7d|203.0.113.40|" \
	"ci-deployer|" method "|" url "|" status "|7340032|0|812|" ua
#define NID \
	"7c1d2e3f4a5b6c7d:deploy:libs-release-local/com/acme/widget/" \
	"2.4.0/widget-2.4.0.jar"
#define HEX \
	"85032fa900cd979127f344c594f714b59e147c6ecbab83bd1ed0ad3ca2e64441"

static const struct row rows[] = {
	{ .name = "7.x request log: Maven deploy",
	    .text = REQ7("PUT", JAR, "201", "Apache-Maven/3.9.6"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "artifactory:PUT", .actor = "ci-deployer",
	    .artifact = "widget-2.4.0.jar", .version = "2.4.0",
	    .src_ip = "203.0.113.40", .user_agent = "Apache-Maven/3.9.6",
	    .ts = "2026-01-10T12:04:58.120000Z", .native_id = NID,
	    .attrs = { { "repo_key", "libs-release-local" },
		{ "path", "com/acme/widget/2.4.0/widget-2.4.0.jar" },
		{ "status", "201" }, { "log", "request" },
		{ "request_length", "7340032" }, { "duration_ms", "812" } } },
	{ .name = "7.x request log: a detached signature",
	    .text = REQ7("PUT", JAR ".asc", "201", "Apache-Maven/3.9.6"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.signature",
	    .operation = "artifactory:PUT", .actor = "ci-deployer",
	    .artifact = "widget-2.4.0.jar.asc", .version = "2.4.0",
	    .src_ip = "203.0.113.40",
	    .user_agent = "Apache-Maven/3.9.6",
	    .ts = "2026-01-10T12:04:58.120000Z", .native_id = NID ".asc" },
	{ .name = "7.x request log: checksum side file",
	    .text = REQ7("PUT", JAR ".sha1", "201", "Apache-Maven/3.9.6"),
	    .rc = PARSE_SKIP },
	{ .name = "7.x request log: maven-metadata.xml",
	    .text = REQ7("PUT", "/libs-release-local/com/acme/widget/"
	    "maven-metadata.xml", "201", "Apache-Maven/3.9.6"),
	    .rc = PARSE_SKIP },
	{ .name = "7.x request log: a download",
	    .text = REQ7("GET", JAR, "200", "curl/8.5.0"), .rc = PARSE_SKIP },
	{ .name = "7.x request log: a download with --all-events", .all = 1,
	    .text = REQ7("GET", JAR, "200", "curl/8.5.0"),
	    .rc = PARSE_OK, .nev = 1, .action = "other",
	    .operation = "artifactory:GET", .actor = "ci-deployer",
	    .artifact = "widget-2.4.0.jar", .src_ip = "203.0.113.40",
	    .user_agent = "curl/8.5.0", .ts = "2026-01-10T12:04:58.120000Z",
	    .attrs = { { "status", "200" } } },
	{ .name = "7.x request log: a refused deploy",
	    .text = REQ7("PUT", JAR, "403", "Apache-Maven/3.9.6"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "artifactory:PUT", .failed = 1, .error_code = "403",
	    .actor = "ci-deployer", .artifact = "widget-2.4.0.jar",
	    .version = "2.4.0", .src_ip = "203.0.113.40",
	    .user_agent = "Apache-Maven/3.9.6",
	    .ts = "2026-01-10T12:04:58.120000Z", .native_id = NID },
	{ .name = "7.x request log: a delete",
	    .text = REQ7("DELETE", JAR, "204", "JFrog CLI/2.52.0"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.delete",
	    .operation = "artifactory:DELETE", .actor = "ci-deployer",
	    .artifact = "widget-2.4.0.jar", .version = "2.4.0",
	    .src_ip = "203.0.113.40", .user_agent = "JFrog CLI/2.52.0",
	    .ts = "2026-01-10T12:04:58.120000Z",
	    .native_id = "7c1d2e3f4a5b6c7d:delete:libs-release-local/com/acme/"
	    "widget/2.4.0/widget-2.4.0.jar" },
	{ .name = "7.x request log: Docker manifest push",
	    .text = REQ7("PUT", "/api/docker/docker-local/v2/acme/widget/"
	    "manifests/v2.4.1", "201", "buildkit/v0.17.2"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "artifactory:PUT", .actor = "ci-deployer",
	    .artifact = "acme/widget", .version = "v2.4.1",
	    .src_ip = "203.0.113.40", .user_agent = "buildkit/v0.17.2",
	    .ts = "2026-01-10T12:04:58.120000Z",
	    .native_id = "7c1d2e3f4a5b6c7d:deploy:api/docker/docker-local/v2/"
	    "acme/widget/manifests/v2.4.1" },
	{ .name = "7.x request log: cosign signature push",
	    .text = REQ7("PUT", "/v2/acme/widget/manifests/sha256-" HEX
	    ".sig", "201", "cosign/v2.4.1"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.signature",
	    .operation = "artifactory:PUT", .actor = "ci-deployer",
	    .artifact = "acme/widget", .version = "sha256-" HEX ".sig",
	    .src_ip = "203.0.113.40", .user_agent = "cosign/v2.4.1",
	    .ts = "2026-01-10T12:04:58.120000Z",
	    .native_id = "7c1d2e3f4a5b6c7d:deploy:v2/acme/widget/manifests/"
	    "sha256-" HEX ".sig",
	    .attrs = { { "subject_digest", "sha256:" HEX } } },
	{ .name = "7.x request log: Docker blob upload",
	    .text = REQ7("PUT", "/v2/acme/widget/blobs/uploads/1234?digest="
	    "sha256:" HEX, "201", "buildkit/v0.17.2"), .rc = PARSE_SKIP },
	{ .name = "7.x request log: npm publish",
	    .text = REQ7("PUT", "/artifactory/api/npm/npm-local/"
	    "@acme%2fwidget-cli", "200", "npm/10.9.0 node/v22.11.0"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "artifactory:PUT", .actor = "ci-deployer",
	    .artifact = "@acme/widget-cli", .src_ip = "203.0.113.40",
	    .user_agent = "npm/10.9.0 node/v22.11.0",
	    .ts = "2026-01-10T12:04:58.120000Z",
	    .native_id = "7c1d2e3f4a5b6c7d:deploy:api/npm/npm-local/"
	    "@acme/widget-cli" },
	{ .name = "7.x request log: npm tarball, query, '|' in the agent",
	    .text = REQ7("PUT", "/npm-local/@acme/widget-cli/-/"
	    "widget-cli-2.4.1.tgz?x=1", "201", "a|b"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "artifactory:PUT", .actor = "ci-deployer",
	    .artifact = "widget-cli-2.4.1.tgz", .version = "2.4.1",
	    .src_ip = "203.0.113.40", .user_agent = "a|b",
	    .ts = "2026-01-10T12:04:58.120000Z",
	    .native_id = "7c1d2e3f4a5b6c7d:deploy:npm-local/@acme/widget-cli/"
	    "-/widget-cli-2.4.1.tgz" },
	{ .name = "7.x request log: a REST call is out of scope",
	    .text = REQ7("PUT", "/api/security/token", "200", "x"),
	    .rc = PARSE_SKIP },
	{ .name = "6.x request log",
	    .text = "20140508154145|39|REQUEST|127.0.0.1|admin|PUT|"
	    "/libs-release-local/org/x/b/1.0/b-1.0.jar|HTTP/1.1|201|7340032",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "artifactory:PUT", .actor = "admin",
	    .artifact = "b-1.0.jar", .version = "1.0", .src_ip = "127.0.0.1",
	    .ts = "2014-05-08T15:41:45Z",
	    .ts_flags = TS_COARSE | TS_ASSUMED_UTC,
	    .attrs = { { "duration_ms", "39" }, { "status", "201" } } },
	{ .name = "7.x access log: a deploy (same id as its request)",
	    .text = "2026-01-10 12:04:58,120 [7c1d2e3f4a5b6c7d] [ACCEPTED "
	    "DEPLOY] libs-release-local:com/acme/widget/2.4.0/"
	    "widget-2.4.0.jar for client : ci-deployer / 203.0.113.40.",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "artifactory:DEPLOY", .actor = "ci-deployer",
	    .artifact = "widget-2.4.0.jar", .version = "2.4.0",
	    .src_ip = "203.0.113.40", .ts = "2026-01-10T12:04:58.120000Z",
	    .ts_flags = TS_ASSUMED_UTC, .native_id = NID,
	    .attrs = { { "log", "access" }, { "trace_id",
		"7c1d2e3f4a5b6c7d" } } },
	{ .name = "7.x access log: a denied deploy",
	    .text = "2026-11-06 22:07:03,004 [aa11bb22cc33dd44] [DENIED "
	    "DEPLOY] libs-release-local:com/acme/widget/2.4.1/"
	    "widget-2.4.1.jar for client : ci-legacy / 185.220.101.47.",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "artifactory:DEPLOY", .failed = 1,
	    .error_code = "DENIED", .actor = "ci-legacy",
	    .artifact = "widget-2.4.1.jar", .version = "2.4.1",
	    .src_ip = "185.220.101.47", .ts = "2026-11-06T22:07:03.004000Z",
	    .ts_flags = TS_ASSUMED_UTC,
	    .native_id = "aa11bb22cc33dd44:deploy:libs-release-local/com/acme/"
	    "widget/2.4.1/widget-2.4.1.jar" },
	{ .name = "6.x access log: a delete",
	    .text = "2014-05-08 15:41:45,213 [ACCEPTED DELETE] "
	    "libs-release-local:a/b.jar for admin/127.0.0.1.",
	    .rc = PARSE_OK, .nev = 1, .action = "publish.delete",
	    .operation = "artifactory:DELETE", .actor = "admin",
	    .artifact = "b.jar", .src_ip = "127.0.0.1",
	    .ts = "2014-05-08T15:41:45.213000Z", .ts_flags = TS_ASSUMED_UTC },
	{ .name = "access log: a download is out of scope",
	    .text = "2014-05-08 15:41:45,213 [ACCEPTED DOWNLOAD] "
	    "libs-release-local:a/b.jar for admin/127.0.0.1.",
	    .rc = PARSE_SKIP },
	{ .name = "access log: a login with --all-events", .all = 1,
	    .text = "2026-01-10 12:04:58,120 [ACCEPTED LOGIN] for client : "
	    "admin / 10.0.0.1.", .rc = PARSE_OK, .nev = 1, .action = "other",
	    .operation = "artifactory:LOGIN", .actor = "admin",
	    .src_ip = "10.0.0.1", .ts = "2026-01-10T12:04:58.120000Z",
	    .ts_flags = TS_ASSUMED_UTC },
	{ .name = "access log: no ']' after the action",
	    .text = "2026-01-10 12:04:58,120 [ACCEPTED DEPLOY repo:a/b.jar",
	    .rc = PARSE_ERR, .errmsg = "without ']' after the action" },
	{ .name = "access log: a bad time",
	    .text = "2026-01-10 25:04:58,120 [ACCEPTED DEPLOY] r:a for u/ip.",
	    .rc = PARSE_ERR,
	    .errmsg = "bad timestamp '2026-01-10 25:04:58,120'" },
	{ .name = "request log: a bad time",
	    .text = "2026-01-10T12:04:58.120Q|t|ip|u|PUT|/r/a|201|0|0|1|ua",
	    .rc = PARSE_ERR,
	    .errmsg = "bad timestamp '2026-01-10T12:04:58.120Q'" },
	{ .name = "request log: a bad status",
	    .text = REQ7("PUT", JAR, "2o1", "x"),
	    .rc = PARSE_ERR, .errmsg = "bad return status '2o1'" },
	{ .name = "6.x request log: a bad time",
	    .text = "20141308154145|39|REQUEST|ip|u|PUT|/r/a|HTTP/1.1|201|0",
	    .rc = PARSE_ERR, .errmsg = "bad timestamp '20141308154145'" },
	{ .name = "a line of something else",
	    .text = "Jan 10 12:04:58 host sshd[1]: Accepted publickey",
	    .rc = PARSE_ERR, .errmsg = "neither a request-log nor an "
	    "access-log entry" },
	{ .name = "a short line", .text = "x",
	    .rc = PARSE_ERR, .errmsg = "neither" },
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

static const struct probe_row probe_rows[] = {
	{ "7.x request log by name", &parser_artifactory,
	    REQ7("PUT", JAR, "201", "x") "\n",
	    "var/log/artifactory-request.log", 95, 95, 1 },
	{ "7.x request log", &parser_artifactory,
	    REQ7("GET", JAR, "200", "x") "\n", "r.txt", 85, 85, 1 },
	{ "6.x request log", &parser_artifactory,
	    "20140508154145|39|REQUEST|127.0.0.1|admin|GET|/a|HTTP/1.1|200|0\n",
	    "logs/request.log", 95, 95, 1 },
	{ "access log", &parser_artifactory, "2026-01-10 12:04:58,120 "
	    "[7c1d] [ACCEPTED DOWNLOAD] r:a for client : u / 1.2.3.4.\n",
	    "artifactory-access.log.1", 95, 95, 1 },
	{ "6.x access log", &parser_artifactory, "2014-05-08 15:41:45,213 "
	    "[DENIED LOGIN] for admin/127.0.0.1.\n", "x.txt", 85, 85, 1 },
	{ "nginx access log", &parser_artifactory, "203.0.113.40 - - "
	    "[10/Jan/2026:12:04:58 +0000] \"PUT /a HTTP/1.1\" 201 0\n",
	    "access.log", 0, 0, 0 },
	{ "JSON", &parser_artifactory, "{'domain':'artifact','event_type':"
	    "'deployed','data':{}}", "webhook.json", 0, 0, 0 },
	{ "empty", &parser_artifactory, "", "x.log", 0, 0, 0 },
};

static void
test_probe(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(probe_rows); i++)
		check_probe(&probe_rows[i]);
	assert_ptr_equal(parser_find("artifactory"), P);
	assert_int_equal(P->kind, INPUT_TEXT);
	assert_null(P->split);
	end_test("probe");
}

/* No file of the corpus is an Artifactory log: none may be claimed. */
static void
test_corpus(void **state)
{
	const char *root = corpus_root();
	static const char *const none[] = { NULL };

	(void)state;
	if (root == NULL) {
		print_message("corpus absent: test skipped\n");
		skip();
	}
	probe_walk(P, root, "", none);
	end_test("corpus");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
