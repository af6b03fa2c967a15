/* SPDX-License-Identifier: MIT */
/*
 * test_parse_harbor.c - unit tests of the Harbor parser
 * (ingest/parse_harbor.c): a table of webhook deliveries (Default and
 * CloudEvents payloads: pushes, cosign signature pushes, deletes, pulls,
 * scans, several resources) and audit-log entries, and malformed input,
 * with the events each must give, each row also run with --all-events
 * flipped and with a failing store; probes; and a replay of the real
 * delivery in ../shared/corpus/docker_registry/harbor.
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

static const struct parser *const P = &parser_harbor;

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
/* Records                                                             */

#define DG	"sha256:" \
	"fd49e9a1a36d28c54520d89bb23f07365802c5c75108c7eaca4400ed60bb19a5"
#define HEX \
	"85032fa900cd979127f344c594f714b59e147c6ecbab83bd1ed0ad3ca2e64441"
#define REPO	"'repository':{'date_created':1707912357,'name':'myapp'," \
	"'namespace':'mynamespace','repo_full_name':'mynamespace/myapp'," \
	"'repo_type':'private'}"
#define RES(tag) "{'digest':'" DG "','resource_url':" \
	"'harbor.mydomain.lan/mynamespace/myapp:" tag "','tag':'" tag "'}"
#define DELIVERY(type, op, resources, repo) \
	"{'event_data':{" repo "'resources':[" resources "]}," \
	"'occur_at':1713095086,'operator':'" op "','type':'" type "'}"
#define CE(id, type, resources) \
	"{'specversion':'1.0','requestid':'r1','id':'" id "','source':" \
	"'/projects/1/webhook/policies/6','type':'" type "'," \
	"'datacontenttype':'application/json','time':" \
	"'2026-11-06T22:05:40Z','data':{'resources':[" resources "]," REPO \
	"},'operator':'robot$acme+ci'}"
#define AUDIT(id, rt, op, res) \
	"{'id':" id ",'resource':'" res "','resource_type':'" rt "'," \
	"'operation':'" op "','username':'admin','op_time':" \
	"'2026-11-13T10:20:44.123Z'}"

static const struct row rows[] = {
	{ .name = "Default push",
	    .text = DELIVERY("PUSH_ARTIFACT", "build-myapp",
	    RES("master-491-6bac849"), REPO ","),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "harbor:PUSH_ARTIFACT", .actor = "build-myapp",
	    .artifact = "mynamespace/myapp", .version = "master-491-6bac849",
	    .digest = DG, .ts = "2024-04-14T11:44:46Z", .ts_flags = TS_COARSE,
	    .native_id = "PUSH_ARTIFACT/1713095086/mynamespace/myapp/" DG
	    "/master-491-6bac849",
	    .attrs = { { "resource_url",
		"harbor.mydomain.lan/mynamespace/myapp:master-491-6bac849" },
		{ "namespace", "mynamespace" }, { "repo_type", "private" },
		{ "event_type", "PUSH_ARTIFACT" }, { "cosign", ABSENT } } },
	{ .name = "Default push of two tags",
	    .text = DELIVERY("PUSH_ARTIFACT", "build-myapp", RES("v1") ","
	    RES("latest"), REPO ","),
	    .rc = PARSE_OK, .nev = 2, .idx = 1, .action = "publish",
	    .operation = "harbor:PUSH_ARTIFACT", .actor = "build-myapp",
	    .artifact = "mynamespace/myapp", .version = "latest",
	    .digest = DG, .ts = "2024-04-14T11:44:46Z", .ts_flags = TS_COARSE,
	    .native_id = "PUSH_ARTIFACT/1713095086/mynamespace/myapp/" DG
	    "/latest" },
	{ .name = "Default push of a cosign signature, no repository",
	    .text = DELIVERY("PUSH_ARTIFACT", "robot$acme+ci",
	    RES("sha256-" HEX ".sig"), ""),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.signature",
	    .operation = "harbor:PUSH_ARTIFACT", .actor = "robot$acme+ci",
	    .artifact = "mynamespace/myapp", .version = "sha256-" HEX ".sig",
	    .digest = DG, .ts = "2024-04-14T11:44:46Z", .ts_flags = TS_COARSE,
	    .native_id = "PUSH_ARTIFACT/1713095086/mynamespace/myapp/" DG
	    "/sha256-" HEX ".sig",
	    .attrs = { { "cosign", "signature" },
		{ "subject_digest", "sha256:" HEX } } },
	{ .name = "Default delete",
	    .text = DELIVERY("DELETE_ARTIFACT", "admin", "{'digest':'" DG
	    "','resource_url':'harbor.mydomain.lan/mynamespace/myapp@" DG "'}",
	    REPO ","),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.delete",
	    .operation = "harbor:DELETE_ARTIFACT", .actor = "admin",
	    .artifact = "mynamespace/myapp", .digest = DG,
	    .ts = "2024-04-14T11:44:46Z", .ts_flags = TS_COARSE,
	    .native_id = "DELETE_ARTIFACT/1713095086/mynamespace/myapp/" DG },
	{ .name = "Default pull is out of scope",
	    .text = DELIVERY("PULL_ARTIFACT", "x", RES("v1"), REPO ","),
	    .rc = PARSE_SKIP },
	{ .name = "Default scan result is out of scope",
	    .text = "{'type':'SCANNING_COMPLETED','occur_at':1713095086,"
	    "'operator':'auto','event_data':{'resources':[{'digest':'" DG "',"
	    "'scan_overview':{}}]}}", .rc = PARSE_SKIP },
	{ .name = "Default pull with --all-events", .all = 1,
	    .text = DELIVERY("PULL_ARTIFACT", "deployer", RES("v1"), REPO ","),
	    .rc = PARSE_OK, .nev = 1, .action = "other",
	    .operation = "harbor:PULL_ARTIFACT", .actor = "deployer",
	    .artifact = "mynamespace/myapp", .version = "v1", .digest = DG,
	    .ts = "2024-04-14T11:44:46Z", .ts_flags = TS_COARSE,
	    .native_id = "PULL_ARTIFACT/1713095086/mynamespace/myapp/" DG
	    "/v1" },
	{ .name = "CloudEvents push",
	    .text = CE("ce-1", "harbor.artifact.pushed", RES("v2.4.1")),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "harbor:harbor.artifact.pushed",
	    .actor = "robot$acme+ci", .artifact = "mynamespace/myapp",
	    .version = "v2.4.1", .digest = DG, .ts = "2026-11-06T22:05:40Z",
	    .ts_flags = TS_COARSE, .native_id = "ce-1" },
	{ .name = "CloudEvents delete of two resources",
	    .text = CE("ce-2", "harbor.artifact.deleted", RES("a") ","
	    RES("b")),
	    .rc = PARSE_OK, .nev = 2, .idx = 1, .action = "publish.delete",
	    .operation = "harbor:harbor.artifact.deleted",
	    .actor = "robot$acme+ci", .artifact = "mynamespace/myapp",
	    .version = "b", .digest = DG, .ts = "2026-11-06T22:05:40Z",
	    .ts_flags = TS_COARSE, .native_id = "ce-2/1" },
	{ .name = "CloudEvents pull is out of scope",
	    .text = CE("ce-3", "harbor.artifact.pulled", RES("a")),
	    .rc = PARSE_SKIP },
	{ .name = "audit: artifact created",
	    .text = AUDIT("12", "artifact", "create", "library/hello:v1"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "harbor:audit.artifact.create", .actor = "admin",
	    .artifact = "library/hello", .version = "v1",
	    .ts = "2026-11-13T10:20:44.123000Z", .native_id = "audit/12",
	    .attrs = { { "resource", "library/hello:v1" } } },
	{ .name = "audit: artifact deleted by digest",
	    .text = AUDIT("13", "artifact", "delete", "library/hello@" DG),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.delete",
	    .operation = "harbor:audit.artifact.delete", .actor = "admin",
	    .artifact = "library/hello", .digest = DG,
	    .ts = "2026-11-13T10:20:44.123000Z", .native_id = "audit/13" },
	{ .name = "audit: a signature created",
	    .text = AUDIT("14", "artifact", "create",
	    "library/hello:sha256-" HEX ".sig"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.signature",
	    .operation = "harbor:audit.artifact.create", .actor = "admin",
	    .artifact = "library/hello", .version = "sha256-" HEX ".sig",
	    .ts = "2026-11-13T10:20:44.123000Z", .native_id = "audit/14",
	    .attrs = { { "subject_digest", "sha256:" HEX } } },
	{ .name = "audit: a registry with a port and no tag",
	    .text = AUDIT("15", "artifact", "create", "reg:5000/lib/x"),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "harbor:audit.artifact.create", .actor = "admin",
	    .artifact = "reg:5000/lib/x",
	    .ts = "2026-11-13T10:20:44.123000Z", .native_id = "audit/15" },
	{ .name = "audit: a project is out of scope",
	    .text = AUDIT("16", "project", "create", "acme"),
	    .rc = PARSE_SKIP },
	{ .name = "resource without digest: the others kept",
	    .text = DELIVERY("PUSH_ARTIFACT", "x", "{'tag':'v'}," RES("v1"),
	    REPO ","), .rc = PARSE_ERR, .errmsg = "resources[0] has no digest",
	    .nev = 1 },
	{ .name = "resource not an object",
	    .text = DELIVERY("PUSH_ARTIFACT", "x", "1", REPO ","),
	    .rc = PARSE_ERR, .errmsg = "resources[0] is not an object" },
	{ .name = "no resources", .text = DELIVERY("PUSH_ARTIFACT", "x", "",
	    REPO ","), .rc = PARSE_NONEVENT },
	{ .name = "resources not an array",
	    .text = "{'type':'PUSH_ARTIFACT','occur_at':1,'event_data':"
	    "{'resources':{}}}",
	    .rc = PARSE_ERR, .errmsg = "PUSH_ARTIFACT has no resources array" },
	{ .name = "event_data not an object",
	    .text = "{'type':'PUSH_ARTIFACT','occur_at':1,'event_data':7}",
	    .rc = PARSE_ERR, .errmsg = "event_data is not an object" },
	{ .name = "occur_at a string",
	    .text = "{'type':'PUSH_ARTIFACT','occur_at':'1','event_data':{}}",
	    .rc = PARSE_ERR, .errmsg = "occur_at is not a usable epoch" },
	{ .name = "occur_at out of range",
	    .text = "{'type':'PUSH_ARTIFACT','occur_at':9223372036854775807,"
	    "'event_data':{}}",
	    .rc = PARSE_ERR, .errmsg = "occur_at is not a usable epoch" },
	{ .name = "no type", .text = "{'occur_at':1,'event_data':{}}",
	    .rc = PARSE_ERR, .errmsg = "delivery has no type" },
	{ .name = "CloudEvent without time",
	    .text = "{'specversion':'1.0','type':'harbor.artifact.pushed',"
	    "'data':{}}", .rc = PARSE_ERR, .errmsg = "CloudEvent has no time" },
	{ .name = "CloudEvent with a bad time",
	    .text = "{'specversion':'1.0','type':'harbor.artifact.pushed',"
	    "'time':'now','data':{}}", .rc = PARSE_ERR,
	    .errmsg = "bad time 'now'" },
	{ .name = "CloudEvent without data",
	    .text = "{'specversion':'1.0','type':'harbor.artifact.pushed',"
	    "'time':'2026-01-01T00:00:00Z'}", .rc = PARSE_ERR,
	    .errmsg = "CloudEvent has no data object" },
	{ .name = "CloudEvent without type",
	    .text = "{'specversion':'1.0'}", .rc = PARSE_ERR,
	    .errmsg = "CloudEvent has no type" },
	{ .name = "audit without op_time",
	    .text = "{'id':1,'resource_type':'artifact','operation':'create'}",
	    .rc = PARSE_ERR, .errmsg = "audit entry has no op_time" },
	{ .name = "audit with a bad op_time",
	    .text = "{'id':1,'resource_type':'artifact','operation':'create',"
	    "'op_time':'x'}", .rc = PARSE_ERR, .errmsg = "bad op_time 'x'" },
	{ .name = "audit without operation",
	    .text = "{'id':1,'resource_type':'artifact','op_time':'x'}",
	    .rc = PARSE_ERR, .errmsg = "no resource_type or operation" },
	{ .name = "something else", .text = "{'name':'x'}",
	    .rc = PARSE_ERR, .errmsg = "not a Harbor webhook delivery" },
	{ .name = "not an object", .text = "[]",
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

static const struct probe_row probe_rows[] = {
	{ "Default delivery", &parser_harbor, DELIVERY("PUSH_ARTIFACT", "x",
	    RES("v1"), REPO ","), "harbor.json", 95, 95, 1 },
	{ "CloudEvents delivery", &parser_harbor, CE("1",
	    "harbor.artifact.pushed", RES("v1")), "ce.json", 95, 95, 1 },
	{ "audit log", &parser_harbor, "[" AUDIT("1", "artifact", "create",
	    "a/b:c") "]", "audit-logs.json", 85, 85, 1 },
	{ "a CloudEvent of another product", &parser_harbor,
	    "{'specversion':'1.0','type':'com.github.push','time':'x'}",
	    "ce.json", 0, 0, 0 },
	{ "registry envelope", &parser_harbor, "{'events':[{'action':'push',"
	    "'target':{'repository':'r'}}]}", "e.json", 0, 0, 0 },
	{ "empty", &parser_harbor, "", "x.json", 0, 0, 0 },
};

static void
test_probe(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(probe_rows); i++)
		check_probe(&probe_rows[i]);
	assert_ptr_equal(parser_find("harbor"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_null(P->container_keys);
	end_test("probe");
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */

static int facts_seen;

static void
corpus_fact(const char *file, const struct evcopy *e)
{
	char when[TS_BUFSZ];

	facts_seen++;
	check_str(file, "action", "publish", e->action);
	check_str(file, "actor", "build-myapp", e->actor);
	check_str(file, "artifact", "mynamespace/myapp", e->artifact);
	check_str(file, "version", "master-491-6bac849", e->version);
	check_str(file, "digest", DG, e->digest);
	check_str(file, "ts", "2024-04-14T11:44:46Z",
	    ts_format(e->ts_us, when));
}

static void
test_corpus(void **state)
{
	const char *root = corpus_root();
	static const char *const mine[] = { "docker_registry/harbor/", NULL };
	struct replay rp;
	char *path;

	(void)state;
	if (root == NULL) {
		print_message("corpus absent: test skipped\n");
		skip();
	}
	facts_seen = 0;
	memset(&rp, 0, sizeof(rp));
	rp.p = P;
	rp.file = "docker_registry/harbor/kobold-harbor-push-artifact.json";
	rp.fact = corpus_fact;
	path = corpus_path(root, rp.file);
	replay_file(&rp, path);
	free(path);
	if (rp.records != 1 || rp.ok != 1 || rp.events != 1 || rp.no_id)
		bad("%s: %d records, %d ok, %d events", rp.file, rp.records,
		    rp.ok, rp.events);
	if (facts_seen != 1)
		bad("corpus facts seen %d times, want 1", facts_seen);
	if (probe_walk(P, root, "", mine) != 1)
		bad("the probe does not claim the Harbor corpus file");
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
