/* SPDX-License-Identifier: MIT */
/*
 * test_parse_docker_registry.c - unit tests of the registry notification
 * parsers (ingest/parse_docker_registry.c): tables of notification
 * events and envelopes (manifest and blob pushes, cosign signatures,
 * attestations and SBOMs by tag and by artifact type, deletes, pulls,
 * mounts, malformed input) for the JSON descriptor, and of raw HTTP
 * captures (LF and CRLF, with and without Content-Length, several
 * requests in one file, truncated and chunked bodies) for the .http
 * descriptor, each row also run with --all-events flipped and with a
 * failing store; probes; and a replay of the real captures in
 * ../shared/corpus/docker_registry.
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

static const struct parser *const P = &parser_docker_registry;
static const struct parser *const PH = &parser_docker_registry_http;

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
/* Events                                                              */

#define IMG \
	"85032fa900cd979127f344c594f714b59e147c6ecbab83bd1ed0ad3ca2e64441"
#define SIGD \
	"a6d84dc3f6adc50913b10671761aff7b0313e65b36e1413f689d4ed71d64e03d"
#define BLOBD	"sha256:" \
	"b860ab44e93e82d88d7da36162171c6e27a3060769c8fde7a3f719994bc95a47"
#define EID	"c405c239-0e47-436e-8677-ad138e14e224"
#define REQ(addr) \
	"'request':{'id':'94800262-a5dd-4b4b-a6a5-cd2bf9ee28ad','addr':'" \
	addr "','host':'ghcr.io','method':'PUT','useragent':" \
	"'buildkit/v0.17.2'}"
#define SRC	"'source':{'addr':'1d00f94acd2d:5000','instanceID':" \
	"'85893ec2-9bf6-4b9b-a067-01ca68f77e36'}"
#define EVENT(id, action, target, actor) \
	"{'id':'" id "','timestamp':'2019-06-05T13:37:28.612683317Z'," \
	"'action':'" action "','target':{" target "}," \
	REQ("172.18.0.1:49682") ",'actor':{" actor "}," SRC "}"
#define MANIFEST(digest, tag) \
	"'mediaType':'application/vnd.oci.image.manifest.v1+json'," \
	"'size':1796,'digest':'" digest "','length':1796,'repository':" \
	"'acme/widget','url':'https://ghcr.io/v2/acme/widget/manifests/" \
	digest "'" tag
#define BLOB \
	"'mediaType':'application/octet-stream','size':5465,'digest':" \
	"'" BLOBD "'," \
	"'repository':'acme/widget','url':'https://ghcr.io/v2/acme/widget/" \
	"blobs/" BLOBD "'"

#define PUSH \
	EVENT(EID, "push", MANIFEST("sha256:" IMG, ",'tag':'v2.4.1'"), \
	"'name':'github-actions[bot]'")
#define SIGPUSH	EVENT("e2", "push", MANIFEST("sha256:" SIGD, \
	",'tag':'sha256-" IMG ".sig'"), "'name':'acme-jenkins-bot'")

static const struct row rows[] = {
	{ .name = "manifest push with a tag",
	    .text = PUSH,
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "registry:push", .actor = "github-actions[bot]",
	    .artifact = "acme/widget", .version = "v2.4.1",
	    .digest = "sha256:" IMG, .src_ip = "172.18.0.1",
	    .user_agent = "buildkit/v0.17.2",
	    .ts = "2019-06-05T13:37:28.612683Z", .native_id = EID,
	    .attrs = { { "media_type",
		"application/vnd.oci.image.manifest.v1+json" },
		{ "size", "1796" }, { "registry_host", "ghcr.io" },
		{ "request_id", "94800262-a5dd-4b4b-a6a5-cd2bf9ee28ad" },
		{ "source_instance", "85893ec2-9bf6-4b9b-a067-01ca68f77e36" },
		{ "cosign", ABSENT } } },
	{ .name = "cosign signature push (tag)",
	    .text = SIGPUSH,
	    .rc = PARSE_OK, .nev = 1, .action = "publish.signature",
	    .operation = "registry:push", .actor = "acme-jenkins-bot",
	    .artifact = "acme/widget", .version = "sha256-" IMG ".sig",
	    .digest = "sha256:" SIGD, .src_ip = "172.18.0.1",
	    .user_agent = "buildkit/v0.17.2",
	    .ts = "2019-06-05T13:37:28.612683Z", .native_id = "e2",
	    .attrs = { { "cosign", "signature" },
		{ "subject_digest", "sha256:" IMG } } },
	{ .name = "cosign attestation push (tag, uppercase hex)",
	    .text = EVENT("e3", "push", MANIFEST("sha256:" SIGD,
	    ",'tag':'sha256-85032FA900CD979127F344C594F714B59E147C6ECBAB83BD1"
	    "ED0AD3CA2E64441.att'"), ""),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.signature",
	    .operation = "registry:push", .artifact = "acme/widget",
	    .version = "sha256-85032FA900CD979127F344C594F714B59E147C6ECBAB8"
	    "3BD1ED0AD3CA2E64441.att", .digest = "sha256:" SIGD,
	    .src_ip = "172.18.0.1", .user_agent = "buildkit/v0.17.2",
	    .ts = "2019-06-05T13:37:28.612683Z", .native_id = "e3",
	    .attrs = { { "cosign", "attestation" },
		{ "subject_digest", "sha256:" IMG } } },
	{ .name = "cosign SBOM push is a plain publish",
	    .text = EVENT("e4", "push", MANIFEST("sha256:" SIGD,
	    ",'tag':'sha256-" IMG ".sbom'"), ""),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "registry:push", .artifact = "acme/widget",
	    .version = "sha256-" IMG ".sbom", .digest = "sha256:" SIGD,
	    .src_ip = "172.18.0.1", .user_agent = "buildkit/v0.17.2",
	    .ts = "2019-06-05T13:37:28.612683Z", .native_id = "e4",
	    .attrs = { { "cosign", "sbom" },
		{ "subject_digest", "sha256:" IMG } } },
	{ .name = "OCI 1.1 signature by artifactType, pushed by digest",
	    .text = EVENT("e5", "push", MANIFEST("sha256:" SIGD,
	    ",'artifactType':'application/vnd.dev.sigstore.bundle.v0.3+json'"),
	    ""),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.signature",
	    .operation = "registry:push", .artifact = "acme/widget",
	    .digest = "sha256:" SIGD, .src_ip = "172.18.0.1",
	    .user_agent = "buildkit/v0.17.2",
	    .ts = "2019-06-05T13:37:28.612683Z", .native_id = "e5",
	    .attrs = { { "artifact_type",
		"application/vnd.dev.sigstore.bundle.v0.3+json" },
		{ "subject_digest", ABSENT } } },
	{ .name = "an SPDX SBOM artifact is not a signature",
	    .text = EVENT("e6", "push", MANIFEST("sha256:" SIGD,
	    ",'artifactType':'application/spdx+json'"), ""),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "registry:push", .artifact = "acme/widget",
	    .digest = "sha256:" SIGD, .src_ip = "172.18.0.1",
	    .user_agent = "buildkit/v0.17.2",
	    .ts = "2019-06-05T13:37:28.612683Z", .native_id = "e6" },
	{ .name = "manifest delete (digest and repository only)",
	    .text = "{'id':'d1','timestamp':'2026-11-13T10:20:44.113102Z',"
	    "'action':'delete','target':{'digest':'sha256:" SIGD "',"
	    "'repository':'acme/widget'},'request':{'addr':"
	    "'[2001:db8::7]:51234','method':'DELETE'},'actor':{'name':"
	    "'acme-sec-admin'}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish.delete",
	    .operation = "registry:delete", .actor = "acme-sec-admin",
	    .artifact = "acme/widget", .digest = "sha256:" SIGD,
	    .src_ip = "2001:db8::7", .ts = "2026-11-13T10:20:44.113102Z",
	    .native_id = "d1",
	    .attrs = { { "request_method", "DELETE" } } },
	{ .name = "delete of a signature tag",
	    .text = "{'id':'d2','timestamp':'2026-11-13T10:20:44Z','action':"
	    "'delete','target':{'digest':'sha256:" SIGD "','repository':"
	    "'acme/widget','tag':'sha256-" IMG ".sig'},'request':{'addr':"
	    "'198.51.100.10'}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish.delete",
	    .operation = "registry:delete", .artifact = "acme/widget",
	    .version = "sha256-" IMG ".sig", .digest = "sha256:" SIGD,
	    .src_ip = "198.51.100.10", .ts = "2026-11-13T10:20:44Z",
	    .ts_flags = TS_COARSE, .native_id = "d2",
	    .attrs = { { "cosign", "signature" },
		{ "subject_digest", "sha256:" IMG } } },
	{ .name = "digest in upper case, bare IPv6 address",
	    .text = "{'id':'u1','timestamp':'2026-01-01T00:00:00+01:00',"
	    "'action':'push','target':{'mediaType':"
	    "'application/vnd.docker.distribution.manifest.list.v2+json',"
	    "'digest':'sha256:85032FA900CD979127F344C594F714B59E147C6ECBAB83BD1"
	    "ED0AD3CA2E64441','repository':'r'},'request':{'addr':'::1'}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "registry:push", .artifact = "r",
	    .digest = "sha256:" IMG, .src_ip = "::1",
	    .ts = "2025-12-31T23:00:00Z", .ts_flags = TS_COARSE,
	    .native_id = "u1" },
	{ .name = "malformed digest kept in attrs",
	    .text = "{'id':'u2','timestamp':'2026-01-01T00:00:00Z','action':"
	    "'push','target':{'tag':'x','digest':'sha256:1234','repository':"
	    "'r'}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "registry:push", .artifact = "r", .version = "x",
	    .ts = "2026-01-01T00:00:00Z", .ts_flags = TS_COARSE,
	    .native_id = "u2", .attrs = { { "digest_raw", "sha256:1234" } } },
	{ .name = "blob push is out of scope", .text = EVENT("b1", "push",
	    BLOB, ""), .rc = PARSE_SKIP },
	{ .name = "pull is out of scope", .text = EVENT("p1", "pull",
	    MANIFEST("sha256:" IMG, ",'tag':'v2.4.1'"), ""),
	    .rc = PARSE_SKIP },
	{ .name = "pull with --all-events", .all = 1,
	    .text = EVENT("p1", "pull", MANIFEST("sha256:" IMG,
	    ",'tag':'v2.4.1'"), "'name':'acme-deploy'"),
	    .rc = PARSE_OK, .nev = 1, .action = "other",
	    .operation = "registry:pull", .actor = "acme-deploy",
	    .artifact = "acme/widget", .version = "v2.4.1",
	    .digest = "sha256:" IMG, .src_ip = "172.18.0.1",
	    .user_agent = "buildkit/v0.17.2",
	    .ts = "2019-06-05T13:37:28.612683Z", .native_id = "p1" },
	{ .name = "mount is out of scope", .text = EVENT("m1", "mount",
	    BLOB, ""), .rc = PARSE_SKIP },
	{ .name = "blob delete is out of scope",
	    .text = "{'id':'x','timestamp':'2026-01-01T00:00:00Z','action':"
	    "'delete','target':{'digest':'sha256:" IMG "','repository':'r',"
	    "'url':'https://r/v2/r/blobs/sha256:" IMG "'}}",
	    .rc = PARSE_SKIP },
	{ .name = "envelope in JSON Lines: push and pull",
	    .text = "{'events':[" PUSH "," EVENT("p1", "pull",
	    MANIFEST("sha256:" IMG, ""), "") "]}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "registry:push", .actor = "github-actions[bot]",
	    .artifact = "acme/widget", .version = "v2.4.1",
	    .digest = "sha256:" IMG, .src_ip = "172.18.0.1",
	    .user_agent = "buildkit/v0.17.2",
	    .ts = "2019-06-05T13:37:28.612683Z", .native_id = EID },
	{ .name = "envelope: a bad event does not hide a good one",
	    .text = "{'events':[{'action':'push','target':{'tag':'v'}},"
	    SIGPUSH "]}",
	    .rc = PARSE_ERR, .errmsg = "events[0]: event has no timestamp",
	    .nev = 1 },
	{ .name = "empty envelope", .text = "{'events':[]}",
	    .rc = PARSE_NONEVENT },
	{ .name = "envelope events not an array", .text = "{'events':{}}",
	    .rc = PARSE_ERR, .errmsg = "events is not an array" },
	{ .name = "no action", .text = "{'id':'x','target':{}}",
	    .rc = PARSE_ERR, .errmsg = "event has no action" },
	{ .name = "action not a string", .text = "{'action':1,'target':{}}",
	    .rc = PARSE_ERR, .errmsg = "event has no action string" },
	{ .name = "no target", .text = "{'action':'push','target':[]}",
	    .rc = PARSE_ERR, .errmsg = "event has no target object" },
	{ .name = "bad timestamp",
	    .text = "{'action':'push','timestamp':'2019-06-05 13:37','target':"
	    "{'tag':'v','digest':'sha256:" IMG "','repository':'r'}}",
	    .rc = PARSE_ERR, .errmsg = "bad timestamp '2019-06-05 13:37'" },
	{ .name = "push without digest",
	    .text = "{'action':'push','timestamp':'2019-06-05T13:37:28Z',"
	    "'target':{'tag':'v','repository':'r'}}",
	    .rc = PARSE_ERR, .errmsg = "push event has no target.digest" },
	{ .name = "delete without repository",
	    .text = "{'action':'delete','timestamp':'2019-06-05T13:37:28Z',"
	    "'target':{'digest':'sha256:" IMG "'}}",
	    .rc = PARSE_ERR,
	    .errmsg = "delete event has no target.repository" },
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

/* ------------------------------------------------------------------ */
/* HTTP captures                                                       */

/* The envelope of one push and one signature push, in " quotes. */
static char *
envelope(void)
{
	return unquote("{\n  'events': [\n" PUSH ",\n" EVENT("b1", "push",
	    BLOB, "") ",\n" SIGPUSH "\n  ]\n}\n");
}

/* A capture: request line, headers (eol), body; cl < 0: none. */
static char *
capture_text(const char *eol, long cl, const char *extra, const char *body)
{
	char *s = NULL, len[64] = "";
	size_t n;
	FILE *fp = open_memstream(&s, &n);

	assert_non_null(fp);
	if (cl >= 0)
		snprintf(len, sizeof(len), "Content-Length: %ld%s", cl, eol);
	fprintf(fp, "POST /dockerRegistry/event HTTP/1.1%sUser-Agent: e2e%s"
	    "%sContent-Type: application/vnd.docker.distribution.events.v1+"
	    "json%sAuthorization: Bearer c2VjcmV0%s%s%s%s", eol, eol, len, eol,
	    eol, extra, eol, body);
	fclose(fp);
	return s;
}

static void
http_row(struct row *r, char *text)
{
	r->text = text;
	r->raw = 1;
	check_row(PH, r);
	free(text);
}

static void
test_http(void **state)
{
	char *env = envelope(), *a, *b, *t;
	struct row r;

	(void)state;
	/* the corpus shape: LF, Content-Length */
	memset(&r, 0, sizeof(r));
	r.name = "capture with LF and Content-Length";
	r.rc = PARSE_OK;
	r.nev = 2;
	r.action = "publish";
	r.operation = "registry:push";
	r.actor = "github-actions[bot]";
	r.artifact = "acme/widget";
	r.version = "v2.4.1";
	r.digest = "sha256:" IMG;
	r.src_ip = "172.18.0.1";
	r.user_agent = "buildkit/v0.17.2";
	r.ts = "2019-06-05T13:37:28.612683Z";
	r.native_id = EID;
	r.attrs[0].key = "http_method";
	r.attrs[0].val = "POST";
	r.attrs[1].key = "http_target";
	r.attrs[1].val = "/dockerRegistry/event";
	r.attrs[2].key = "http_user_agent";
	r.attrs[2].val = "e2e";
	r.attrs[3].key = "http_content_type";
	r.attrs[3].val = "application/vnd.docker.distribution.events.v1+json";
	r.attrs[4].key = "http_authorization";
	r.attrs[4].val = ABSENT;
	http_row(&r, capture_text("\n", (long)strlen(env), "", env));

	/* CRLF, no Content-Length, a BOM: the signature */
	r.name = "capture with CRLF, no Content-Length";
	r.idx = 1;
	r.action = "publish.signature";
	r.actor = "acme-jenkins-bot";
	r.version = "sha256-" IMG ".sig";
	r.digest = "sha256:" SIGD;
	r.native_id = "e2";
	r.attrs[0].key = "cosign";
	r.attrs[0].val = "signature";
	memset(&r.attrs[1], 0, sizeof(r.attrs) - sizeof(r.attrs[0]));
	t = capture_text("\r\n", -1, "", env);
	a = malloc(strlen(t) + 4);
	assert_non_null(a);
	memcpy(a, "\xef\xbb\xbf", 3);
	memcpy(a + 3, t, strlen(t) + 1);
	free(t);
	http_row(&r, a);

	/* two requests in one file, then trailing blank lines */
	a = capture_text("\r\n", (long)strlen(env), "", env);
	b = capture_text("\r\n", 14, "", "{\"events\":[]}\n");
	t = malloc(strlen(a) + strlen(b) + 8);
	assert_non_null(t);
	snprintf(t, strlen(a) + strlen(b) + 8, "%s\r\n%s\r\n\r\n", a, b);
	free(a);
	free(b);
	memset(&r, 0, sizeof(r));
	r.name = "two requests, the second empty";
	r.rc = PARSE_OK;
	r.nev = 2;
	http_row(&r, t);

	/* a Content-Length shorter than the body: the rest is garbage */
	memset(&r, 0, sizeof(r));
	r.name = "Content-Length shorter than the body";
	r.rc = PARSE_ERR;
	r.errmsg = "request 2: not an HTTP request";
	r.nev = 2;
	t = capture_text("\n", (long)strlen(env), "", env);
	a = malloc(strlen(t) + 8);
	assert_non_null(a);
	snprintf(a, strlen(t) + 8, "%sxyz", t);
	free(t);
	http_row(&r, a);

	memset(&r, 0, sizeof(r));
	r.name = "truncated capture";
	r.rc = PARSE_ERR;
	r.errmsg = "Content-Length says";
	http_row(&r, capture_text("\n", (long)strlen(env) + 10, "", env));

	r.name = "bad Content-Length";
	r.errmsg = "bad Content-Length '-1'";
	http_row(&r, capture_text("\n", -1, "Content-Length: -1\n", env));

	r.name = "chunked body";
	r.errmsg = "chunked request bodies are not supported";
	http_row(&r, capture_text("\n", -1, "Transfer-Encoding: chunked\n",
	    "5\r\nhello\r\n0\r\n\r\n"));

	r.name = "body not JSON";
	r.errmsg = "body is not valid JSON";
	http_row(&r, capture_text("\n", -1, "", "{\"events\":[}"));

	r.name = "body an array";
	r.errmsg = "body is not a JSON object";
	http_row(&r, capture_text("\n", -1, "", "[]"));

	r.name = "body of another webhook";
	r.errmsg = "no events array";
	http_row(&r, capture_text("\n", -1, "",
	    "{\"action\":\"published\"}"));

	r.name = "headers cut short";
	r.errmsg = "no blank line after the HTTP headers";
	http_row(&r, strdup("POST /x HTTP/1.1\nHost: a\nContent-Type: x"));

	r.name = "not HTTP";
	r.errmsg = "not an HTTP request";
	http_row(&r, strdup("{\"events\":[]}"));

	r.name = "lower-case method";
	http_row(&r, strdup("post /x HTTP/1.1\n\n{}"));

	r.name = "empty";
	r.errmsg = "empty capture";
	http_row(&r, strdup(" \r\n\n"));

	memset(&r, 0, sizeof(r));
	r.name = "pulls only";
	r.rc = PARSE_SKIP;
	a = unquote("{'events':[" EVENT("p1", "pull", MANIFEST("sha256:" IMG,
	    ""), "") "]}");
	http_row(&r, capture_text("\n", -1, "", a));
	free(a);

	r.name = "no events";
	r.rc = PARSE_NONEVENT;
	http_row(&r, capture_text("\n", -1, "", "{\"events\":[]}"));
	free(env);
	end_test("http");
}

static const struct probe_row probe_rows[] = {
	{ "envelope", &parser_docker_registry, "{'events':[" PUSH "]}",
	    "events.json", 90, 90, 1 },
	{ "JSON Lines of bare events", &parser_docker_registry, PUSH "\n"
	    SIGPUSH "\n", "events.jsonl", 85, 85, 1 },
	{ "Harbor delivery", &parser_docker_registry, "{'type':"
	    "'PUSH_ARTIFACT','occur_at':1,'operator':'x','event_data':"
	    "{'resources':[],'repository':{}}}", "h.json", 0, 0, 0 },
	{ "GitHub webhook", &parser_docker_registry, "{'action':"
	    "'completed','workflow_run':{},'repository':{}}", "w.json", 0,
	    0, 0 },
	{ "capture", &parser_docker_registry_http, "POST /e HTTP/1.1\r\n"
	    "Content-Type: application/vnd.docker.distribution.events.v2+json"
	    "\r\n\r\n{'events':[]}", "a.http", 95, 95, 1 },
	{ "capture without Content-Type", &parser_docker_registry_http,
	    "PUT /hook HTTP/1.0\n\n{'events':[" PUSH "]}", "a.txt", 85, 85, 1 },
	{ "capture of another webhook", &parser_docker_registry_http,
	    "POST /hook HTTP/1.1\nContent-Type: application/json\n\n"
	    "{'action':'published','release':{}}", "b.http", 0, 0, 0 },
	{ "JSON is not a capture", &parser_docker_registry_http,
	    "{'events':[" PUSH "]}", "events.json", 0, 0, 0 },
	{ "empty", &parser_docker_registry_http, "", "x.http", 0, 0, 0 },
};

static void
test_probe(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(probe_rows); i++)
		check_probe(&probe_rows[i]);
	assert_ptr_equal(parser_find("docker_registry"), P);
	assert_ptr_equal(parser_find("docker_registry_http"), PH);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_int_equal(PH->kind, INPUT_BLOB);
	assert_string_equal(P->container_keys[0], "events");
	assert_null(P->container_keys[1]);
	end_test("probe");
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */

static const struct {
	const char	*file;
	int		 ok, skip, events;
} corpus_files[] = {
	{ "docker_registry/imagespy/notification-a.http", 1, 0, 1 },
	/* a pull, then a blob push: out of scope */
	{ "docker_registry/imagespy/notification-b.http", 0, 1, 0 },
	{ "docker_registry/imagespy/notification-c.http", 0, 1, 0 },
};

static int facts_seen;

static void
corpus_fact(const char *file, const struct evcopy *e)
{
	char when[TS_BUFSZ];

	if (e->native_id && strcmp(e->native_id, EID) == 0) {
		facts_seen++;
		check_str(file, "action", "publish", e->action);
		check_str(file, "artifact", "golang", e->artifact);
		check_str(file, "version", "1.12.4", e->version);
		check_str(file, "digest", "sha256:" IMG, e->digest);
		check_str(file, "src_ip", "172.18.0.1", e->src_ip);
		check_str(file, "actor", NULL, e->actor);
		check_str(file, "ts", "2019-06-05T13:37:28.612683Z",
		    ts_format(e->ts_us, when));
	}
}

static void
test_corpus(void **state)
{
	const char *root = corpus_root();
	static const char *const none[] = { NULL };
	static const char *const mine[] = { "docker_registry/imagespy/",
		NULL };
	char *path;
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
		rp.p = PH;
		rp.file = corpus_files[i].file;
		rp.fact = corpus_fact;
		path = corpus_path(root, rp.file);
		replay_file(&rp, path);
		free(path);
		if (rp.records != 1 || rp.ok != corpus_files[i].ok ||
		    rp.skip != corpus_files[i].skip ||
		    rp.events != corpus_files[i].events || rp.err ||
		    rp.nonevent)
			bad("%s: %d records (%d ok, %d non-event, %d skip, %d "
			    "err), %d events", rp.file, rp.records, rp.ok,
			    rp.nonevent, rp.skip, rp.err, rp.events);
		if (rp.all_events != 1)
			bad("%s: --all-events: %d events", rp.file,
			    rp.all_events);
	}
	if (facts_seen != 1)
		bad("corpus facts seen %d times, want 1", facts_seen);
	/* no JSON envelope in the corpus; the Harbor file is not ours */
	probe_walk(P, root, "", none);
	if (probe_walk(PH, root, "", mine) != (int)NELEM(corpus_files))
		bad("the probe does not claim every capture of the corpus");
	end_test("corpus");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_http),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
