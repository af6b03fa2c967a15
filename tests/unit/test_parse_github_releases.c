/* SPDX-License-Identifier: MIT */
/*
 * test_parse_github_releases.c - unit tests of the GitHub Releases parser
 * (ingest/parse_github_releases.c): a table of releases, assets,
 * webhook deliveries and recorded API calls (drafts, digests, failed
 * uploads, deletes, GitHub Enterprise URLs, malformed input) with the
 * events each must give, each row also run with --all-events flipped and
 * with a failing store; probes; and a replay of the real recording and
 * webhook payload in ../shared/corpus/github_actions with facts about
 * them (the workflow-run and job files there are not ours: the probe
 * must leave them alone).
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

static const struct parser *const P = &parser_github_releases;

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

#define DIG	"sha256:" \
	"bfa7a7e4f77550077f8d09078b3f94a860b6694eb1c8326500d0e14c4267cd4c"
#define API	"https://api.github.com/repos/acme/widget"
#define BOT	"{'login':'github-actions[bot]','id':41898282,'type':'Bot'}"

#define ASSET(id, name, extra) \
	"{'url':'" API "/releases/assets/" id "','id':" id ",'node_id':" \
	"'RA_x','name':'" name "','label':'','uploader':" BOT "," \
	"'content_type':'application/gzip','state':'uploaded','size':7343296," \
	"'download_count':305,'created_at':'2026-11-03T15:13:02Z'," \
	"'updated_at':'2026-11-03T15:13:04Z','browser_download_url':" \
	"'https://github.com/acme/widget/releases/download/v2.4.1/" name "'" \
	extra "}"
#define RELEASE(id, tag, extra, assets) \
	"{'url':'" API "/releases/" id "','assets_url':'" API "/releases/" \
	id "/assets','upload_url':'https://uploads.github.com/repos/acme/" \
	"widget/releases/" id "/assets{?name,label}','html_url':" \
	"'https://github.com/acme/widget/releases/tag/" tag "','id':" id "," \
	"'author':" BOT ",'node_id':'RE_x','tag_name':'" tag "'," \
	"'target_commitish':'main','name':'Widget " tag "','draft':false," \
	"'immutable':false,'prerelease':false,'created_at':" \
	"'2026-11-03T15:06:03Z'" extra ",'assets':[" assets "]," \
	"'tarball_url':'" API "/tarball/" tag "','body':'notes'}"
#define PUB	",'published_at':'2026-11-03T15:13:17Z'"
#define A1	ASSET("301449210", "widget-linux-amd64.tar.gz", \
	",'digest':'" DIG "'")
#define A2	ASSET("301449217", "widget-darwin-arm64.tar.gz", \
	",'digest':null")
#define NOCK(method, path, status, resp, headers) \
	"{'scope':'https://api.github.com:443','method':'" method "'," \
	"'path':'" path "','body':'','status':" status ",'response':" resp \
	",'rawHeaders':[" headers "],'responseIsBinary':false}"
#define DATE \
	"'Server','GitHub.com','Date','Tue, 19 Jul 2022 04:40:29 GMT'"

static const struct row rows[] = {
	{ .name = "release from a list: the release",
	    .text = RELEASE("259877102", "v2.4.1", PUB, A1 "," A2),
	    .rc = PARSE_OK, .nev = 3, .idx = 0,
	    .action = "publish", .operation = "github:release",
	    .actor = "github-actions[bot]", .artifact = "acme/widget",
	    .version = "v2.4.1", .repo = "acme/widget",
	    .ref = "refs/tags/v2.4.1", .ts = "2026-11-03T15:13:17Z",
	    .ts_flags = TS_COARSE, .native_id = "release/259877102",
	    .attrs = { { "draft", "false" }, { "prerelease", "false" },
		{ "immutable", "false" }, { "asset_count", "2" },
		{ "name", "Widget v2.4.1" }, { "time_field", ABSENT } } },
	{ .name = "release from a list: its first asset",
	    .text = RELEASE("259877102", "v2.4.1", PUB, A1 "," A2),
	    .rc = PARSE_OK, .nev = 3, .idx = 1,
	    .action = "publish", .operation = "github:release_asset",
	    .actor = "github-actions[bot]",
	    .artifact = "widget-linux-amd64.tar.gz", .version = "v2.4.1",
	    .digest = DIG, .repo = "acme/widget", .ref = "refs/tags/v2.4.1",
	    .ts = "2026-11-03T15:13:02Z", .ts_flags = TS_COARSE,
	    .native_id = "asset/301449210",
	    .attrs = { { "size", "7343296" }, { "release_id", "259877102" },
		{ "updated_at", "2026-11-03T15:13:04Z" },
		{ "content_type", "application/gzip" },
		{ "state", "uploaded" }, { "download_count", "305" } } },
	{ .name = "an asset from before digests (null)",
	    .text = RELEASE("259877102", "v2.4.1", PUB, A1 "," A2),
	    .rc = PARSE_OK, .nev = 3, .idx = 2,
	    .action = "publish", .operation = "github:release_asset",
	    .actor = "github-actions[bot]",
	    .artifact = "widget-darwin-arm64.tar.gz", .version = "v2.4.1",
	    .repo = "acme/widget", .ref = "refs/tags/v2.4.1",
	    .ts = "2026-11-03T15:13:02Z", .ts_flags = TS_COARSE,
	    .native_id = "asset/301449217",
	    .attrs = { { "digest_raw", ABSENT } } },
	{ .name = "draft: created_at, a failed upload, a commit target",
	    .text = "{'url':'https://ghe.acme.example/api/v3/repos/o/r/"
	    "releases/5','id':5,'tag_name':'v9','draft':true,"
	    "'target_commitish':'4b825dc642cb6eb9a060e54bf8d69288fbee4904',"
	    "'created_at':'2026-11-06T22:30:00Z','published_at':null,"
	    "'author':{'login':'mallory'},'assets':[{'id':9,'name':'a.tgz',"
	    "'state':'starter','created_at':'2026-11-06T22:31:00Z','digest':"
	    "'SHA256:ABC'}]}",
	    .rc = PARSE_OK, .nev = 2, .idx = 0,
	    .action = "publish", .operation = "github:release",
	    .actor = "mallory", .artifact = "o/r", .version = "v9",
	    .repo = "o/r", .ref = "refs/tags/v9",
	    .commit_sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
	    .ts = "2026-11-06T22:30:00Z", .ts_flags = TS_COARSE,
	    .native_id = "release/5",
	    .attrs = { { "draft", "true" }, { "time_field", "created_at" } } },
	{ .name = "draft: the failed upload",
	    .text = "{'url':'https://ghe.acme.example/api/v3/repos/o/r/"
	    "releases/5','id':5,'tag_name':'v9','draft':true,"
	    "'created_at':'2026-11-06T22:30:00Z','published_at':null,"
	    "'author':{'login':'mallory'},'assets':[{'id':9,'name':'a.tgz',"
	    "'state':'starter','created_at':'2026-11-06T22:31:00Z','digest':"
	    "'SHA256:ABC'}]}",
	    .rc = PARSE_OK, .nev = 2, .idx = 1,
	    .action = "publish", .operation = "github:release_asset",
	    .failed = 1, .error_code = "state:starter",
	    .artifact = "a.tgz", .version = "v9", .repo = "o/r",
	    .ref = "refs/tags/v9", .ts = "2026-11-06T22:31:00Z",
	    .ts_flags = TS_COARSE, .native_id = "asset/9",
	    .attrs = { { "digest_raw", "SHA256:ABC" } } },
	{ .name = "an asset alone: tag and repo from its urls",
	    .text = "{'url':'" API "/releases/assets/7','id':7,'name':"
	    "'w.zip','uploader':{'login':'m-chen'},'state':'uploaded',"
	    "'digest':'sha256:BFA7A7E4F77550077F8D09078B3F94A860B6694EB1C832"
	    "6500D0E14C4267CD4C','created_at':'2026-11-12T17:04:05Z',"
	    "'browser_download_url':'https://github.com/acme/widget/releases/"
	    "download/v2.4.2%2Bfix/w.zip'}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "github:release_asset", .actor = "m-chen",
	    .artifact = "w.zip", .version = "v2.4.2+fix", .digest = DIG,
	    .repo = "acme/widget", .ref = "refs/tags/v2.4.2+fix",
	    .ts = "2026-11-12T17:04:05Z", .ts_flags = TS_COARSE,
	    .native_id = "asset/7" },
	{ .name = "webhook: published",
	    .text = "{'action':'published','release':" RELEASE("17372790",
	    "0.0.1", PUB, "") ",'repository':{'full_name':'Codertocat/"
	    "Hello-World'},'sender':{'login':'Codertocat'}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "github:release.published",
	    .actor = "github-actions[bot]",
	    .artifact = "Codertocat/Hello-World",
	    .version = "0.0.1", .repo = "Codertocat/Hello-World",
	    .ref = "refs/tags/0.0.1", .ts = "2026-11-03T15:13:17Z",
	    .ts_flags = TS_COARSE, .native_id = "release/17372790",
	    .attrs = { { "via", "webhook" }, { "sender", "Codertocat" },
		{ "asset_count", "0" } } },
	{ .name = "webhook: deleted",
	    .text = "{'action':'deleted','release':" RELEASE("17372790",
	    "0.0.1", PUB, A1) ",'repository':{'full_name':'acme/widget'},"
	    "'sender':{'login':'acme-sec-admin'}}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish.delete",
	    .operation = "github:release.deleted",
	    .actor = "github-actions[bot]", .artifact = "acme/widget",
	    .version = "0.0.1", .repo = "acme/widget",
	    .ref = "refs/tags/0.0.1", .ts = NOTIME,
	    .native_id = "release/17372790/deleted",
	    .attrs = { { "sender", "acme-sec-admin" },
		{ "published_at", "2026-11-03T15:13:17Z" } } },
	{ .name = "webhook: unpublished",
	    .text = "{'action':'unpublished','release':" RELEASE("1", "v1",
	    ",'published_at':null", "") "}",
	    .rc = PARSE_OK, .nev = 1, .action = "publish.delete",
	    .operation = "github:release.unpublished",
	    .actor = "github-actions[bot]", .artifact = "acme/widget",
	    .version = "v1", .repo = "acme/widget", .ref = "refs/tags/v1",
	    .ts = NOTIME, .native_id = "release/1/unpublished" },
	{ .name = "webhook: edited is out of scope",
	    .text = "{'action':'edited','release':" RELEASE("1", "v1", PUB,
	    "") "}", .rc = PARSE_SKIP },
	{ .name = "recording: a release created",
	    .text = NOCK("post", "/repos/acme/widget/releases", "201",
	    RELEASE("72286832", "v1.0.0", PUB, ""), DATE),
	    .rc = PARSE_OK, .nev = 1, .action = "publish",
	    .operation = "github:release", .actor = "github-actions[bot]",
	    .artifact = "acme/widget", .version = "v1.0.0",
	    .repo = "acme/widget", .ref = "refs/tags/v1.0.0",
	    .ts = "2026-11-03T15:13:17Z", .ts_flags = TS_COARSE,
	    .native_id = "release/72286832",
	    .attrs = { { "via", "recording" },
		{ "recorded_request", "POST /repos/acme/widget/releases" } } },
	{ .name = "recording: an asset list",
	    .text = NOCK("get", "/repos/acme/widget/releases/1/assets", "200",
	    "[" A1 "," A2 "]", DATE),
	    .rc = PARSE_OK, .nev = 2, .idx = 1, .action = "publish",
	    .operation = "github:release_asset",
	    .actor = "github-actions[bot]",
	    .artifact = "widget-darwin-arm64.tar.gz", .version = "v2.4.1",
	    .repo = "acme/widget", .ref = "refs/tags/v2.4.1",
	    .ts = "2026-11-03T15:13:02Z", .ts_flags = TS_COARSE,
	    .native_id = "asset/301449217" },
	{ .name = "recording: an asset deleted",
	    .text = NOCK("delete", "/repos/acme/widget/releases/assets/"
	    "71989167", "204", "''", DATE),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.delete",
	    .operation = "github:release_asset.delete",
	    .repo = "acme/widget", .ts = "2022-07-19T04:40:29Z",
	    .ts_flags = TS_COARSE, .native_id = "asset/71989167/deleted",
	    .attrs = { { "asset_id", "71989167" } } },
	{ .name = "recording: a release deleted, no Date",
	    .text = NOCK("DELETE", "/repos/acme/widget/releases/5?x=1", "204",
	    "''", ""),
	    .rc = PARSE_OK, .nev = 1, .action = "publish.delete",
	    .operation = "github:release.delete", .repo = "acme/widget",
	    .ts = NOTIME, .native_id = "release/5/deleted" },
	{ .name = "recording: a bad Date",
	    .text = NOCK("delete", "/repos/acme/widget/releases/5", "204",
	    "''", "'date','yesterday'"),
	    .rc = PARSE_ERR, .errmsg = "bad Date header 'yesterday'" },
	{ .name = "recording: a repository deleted is out of scope",
	    .text = NOCK("delete", "/repos/acme/widget", "204", "''", DATE),
	    .rc = PARSE_SKIP },
	{ .name = "recording: not found is out of scope",
	    .text = NOCK("get", "/repos/acme/widget/releases/tags/v9", "404",
	    "{'message':'Not Found'}", DATE), .rc = PARSE_SKIP },
	{ .name = "recording: --all-events keeps other calls",
	    .text = NOCK("put", "/repos/acme/widget/contents/README.md",
	    "201", "{'content':{}}", DATE), .all = 1,
	    .rc = PARSE_OK, .nev = 1, .action = "other",
	    .operation = "github:PUT /repos/acme/widget/contents/README.md",
	    .repo = "acme/widget", .ts = "2022-07-19T04:40:29Z",
	    .ts_flags = TS_COARSE,
	    .attrs = { { "status", "201" } } },
	{ .name = "recording: no method",
	    .text = "{'scope':'x','path':'/','method':1}",
	    .rc = PARSE_ERR, .errmsg = "recording has no method or path" },
	{ .name = "bad asset: the release is kept",
	    .text = RELEASE("3", "v3", PUB, "{'id':4,'name':'x','created_at':"
	    "'2026-02-30T00:00:00Z'}," A1),
	    .rc = PARSE_ERR, .errmsg = "assets[0]: bad created_at "
	    "'2026-02-30T00:00:00Z'", .nev = 2 },
	{ .name = "asset without id",
	    .text = "{'name':'x','uploader':{},'created_at':"
	    "'2026-01-01T00:00:00Z'}",
	    .rc = PARSE_ERR, .errmsg = "asset has no integer id" },
	{ .name = "asset without name",
	    .text = "{'id':4,'uploader':{},'created_at':"
	    "'2026-01-01T00:00:00Z'}",
	    .rc = PARSE_ERR, .errmsg = "asset 4 has no name" },
	{ .name = "asset without time",
	    .text = "{'id':4,'name':'x','uploader':{}}",
	    .rc = PARSE_ERR, .errmsg = "asset 4 has no created_at" },
	{ .name = "asset not an object",
	    .text = RELEASE("3", "v3", PUB, "7"),
	    .rc = PARSE_ERR, .errmsg = "assets[0]: asset is not an object",
	    .nev = 1 },
	{ .name = "release without id",
	    .text = "{'tag_name':'v1','published_at':'2026-01-01T00:00:00Z'}",
	    .rc = PARSE_ERR, .errmsg = "release has no integer id" },
	{ .name = "release with a negative id",
	    .text = "{'id':-1,'tag_name':'v1'}",
	    .rc = PARSE_ERR, .errmsg = "release has no integer id" },
	{ .name = "release with tag_name not a string",
	    .text = "{'id':1,'tag_name':1}",
	    .rc = PARSE_ERR, .errmsg = "release 1 has no tag_name" },
	{ .name = "release with a bad published_at",
	    .text = "{'id':1,'tag_name':'v1','published_at':'soon'}",
	    .rc = PARSE_ERR, .errmsg = "bad published_at 'soon'" },
	{ .name = "release without any time",
	    .text = "{'id':1,'tag_name':'v1','published_at':null}",
	    .rc = PARSE_ERR, .errmsg = "neither published_at nor created_at" },
	{ .name = "webhook release not an object",
	    .text = "{'action':'published','release':[]}",
	    .rc = PARSE_ERR, .errmsg = "release is not an object" },
	{ .name = "something else",
	    .text = "{'id':1,'name':'x'}",
	    .rc = PARSE_ERR, .errmsg = "not a GitHub release" },
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
	{ "gh api releases output", &parser_github_releases, "["
	    RELEASE("1", "v1", PUB, "") "]", "releases.json", 90, 90, 1 },
	{ "asset list", &parser_github_releases, "[" A1 "]", "assets.json",
	    90, 90, 1 },
	{ "recording", &parser_github_releases, "[" NOCK("get",
	    "/repos/a/b/releases/1", "200", "{}", DATE) "]", "fixture.json",
	    85, 85, 1 },
	{ "GitLab release", &parser_github_releases, "[{'name':'v1',"
	    "'tag_name':'v1','description':'','created_at':"
	    "'2019-01-03T01:55:18.203Z','released_at':'2019-01-03T01:55:18Z',"
	    "'assets':{'count':0,'sources':[],'links':[]}}]", "releases.json",
	    0, 0, 0 },
	{ "workflow run", &parser_github_releases, "{'action':'completed',"
	    "'workflow_run':{'id':1,'head_branch':'main'},'repository':"
	    "{'releases_url':'https://api.github.com/repos/a/b/releases"
	    "{/id}'}}",
	    "run.json", 0, 0, 0 },
	{ "empty", &parser_github_releases, "", "x.json", 0, 0, 0 },
};

static void
test_probe(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(probe_rows); i++)
		check_probe(&probe_rows[i]);
	assert_ptr_equal(parser_find("github_releases"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_null(P->container_keys);
	end_test("probe");
}

/* gh api --paginate prints one array per page, back to back. */
static int
count_cb(void *arg, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err)
{
	int *n = arg;

	(void)rec;
	(void)len;
	(void)line;
	(void)offset;
	if (err == NULL)
		(*n)++;
	return 0;
}

static void
test_paginate(void **state)
{
	char *text = unquote("[" RELEASE("2", "v2", PUB, "") "," RELEASE("1",
	    "v1", PUB, "") "][" RELEASE("0", "v0", PUB, "") "]\n");
	struct jsplit *js;
	int n = 0;

	(void)state;
	js = jsplit_new(NULL, 1 << 20, count_cb, &n);
	jsplit_feed(js, text, strlen(text));
	jsplit_finish(js);
	jsplit_free(js);
	assert_int_equal(n, 3);
	free(text);
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */

static const struct {
	const char	*file;
	int		 records, ok, skip, events;
} corpus_files[] = {
	/*
	 * create repo (out), put README (out), create release, get release
	 * by tag, upload asset, list assets, get asset, update asset, delete
	 * asset, delete repo (out)
	 */
	{ "github_actions/releases/octokit-release-assets.raw-fixture.json",
	    10, 7, 3, 7 },
	{ "github_actions/webhook_payloads/release.published.payload.json",
	    1, 1, 0, 1 },
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
	if (strcmp(e->native_id, "release/72286832") == 0) {
		facts_seen++;
		check_str(file, "actor", "octokit-fixture-user-a", e->actor);
		check_str(file, "version", "v1.0.0", e->version);
		check_str(file, "repo", "octokit-fixture-org/tmp-scenario-"
		    "release-assets-20220719044014639-1reww", e->repo);
		check_str(file, "ts", "2022-07-19T04:40:21Z",
		    ts_format(e->ts_us, when));
	} else if (strcmp(e->native_id, "asset/71989167/deleted") == 0) {
		facts_seen++;
		check_str(file, "action", "publish.delete", e->action);
		check_str(file, "ts", "2022-07-19T04:40:29Z",
		    ts_format(e->ts_us, when));
	} else if (strcmp(e->native_id, "release/17372790") == 0) {
		facts_seen++;
		check_str(file, "repo", "Codertocat/Hello-World", e->repo);
		check_str(file, "ref", "refs/tags/0.0.1", e->ref);
		check_str(file, "ts", "2019-05-15T15:20:53Z",
		    ts_format(e->ts_us, when));
	}
}

static void
test_corpus(void **state)
{
	const char *root = corpus_root();
	static const char *const mine[] = {
		"github_actions/releases/",
		"github_actions/webhook_payloads/release.", NULL
	};
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
		rp.p = P;
		rp.file = corpus_files[i].file;
		rp.fact = corpus_fact;
		path = corpus_path(root, rp.file);
		replay_file(&rp, path);
		free(path);
		if (rp.records != corpus_files[i].records ||
		    rp.ok != corpus_files[i].ok ||
		    rp.skip != corpus_files[i].skip ||
		    rp.events != corpus_files[i].events || rp.err ||
		    rp.nonevent)
			bad("%s: %d records (%d ok, %d non-event, %d skip, %d "
			    "err), %d events", rp.file, rp.records, rp.ok,
			    rp.nonevent, rp.skip, rp.err, rp.events);
		if (rp.no_id)
			bad("%s: %d events without native_id", rp.file,
			    rp.no_id);
		if (rp.all_events != rp.events + rp.skip)
			bad("%s: --all-events: %d events", rp.file,
			    rp.all_events);
	}
	/* release/72286832 twice: created, then fetched by its tag */
	if (facts_seen != 4)
		bad("corpus facts seen %d times, want 4", facts_seen);
	if (probe_walk(P, root, "", mine) != (int)NELEM(corpus_files))
		bad("the probe does not claim every release corpus file");
	end_test("corpus");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_paginate),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
