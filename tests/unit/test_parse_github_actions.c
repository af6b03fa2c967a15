/* SPDX-License-Identifier: MIT */
/*
 * test_parse_github_actions.c - unit tests of the GitHub Actions parser
 * (ingest/parse_github_actions.c): a table of workflow runs, jobs, steps
 * and webhook bodies (refs of tags, branches and release events, re-run
 * attempts, outcomes, time offsets, queued steps) and of malformed ones
 * with the message each must give; probe scores against this format and
 * its neighbours; the emit failure path; a replay of the real corpus in
 * ../shared/corpus/github_actions split as ingest splits it (every file
 * claimed or not as expected, every record accounted for, facts about a
 * few); and the same over samples/evidence/github_actions, whose step
 * windows must hold the CloudTrail calls of the story.
 *
 * Record texts use ' for " so that they stay readable.
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

static const struct parser *const P = &parser_github_actions;

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

enum { C_TS_RAW, C_SOURCE, C_ACTION, C_OPERATION, C_ERROR_CODE, C_ACTOR,
	C_SESSION, C_REPO, C_REF, C_COMMIT, C_RUN, C_JOB, C_RUNNER, C_SRC_IP,
	C_UA, C_NATIVE, NCOL };

struct evcopy {
	int64_t		 ts_us, end_us;
	unsigned	 ts_flags;
	int		 failed, has_raw;
	char		*col[NCOL];
	json_t		*attrs;
};

struct capture {
	int		 n, alloc;
	int		 fail;		/* emit answers -1 */
	struct evcopy	*ev;
};

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int
capture_emit(void *arg, struct event *ev)
{
	struct capture *c = arg;
	struct evcopy *e;
	const char *cols[NCOL];
	int i;

	if (c->fail)
		return -1;
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 16;
		c->ev = realloc(c->ev, (size_t)c->alloc * sizeof(*c->ev));
		assert_non_null(c->ev);
	}
	e = &c->ev[c->n++];
	memset(e, 0, sizeof(*e));
	e->ts_us = ev->ts_us;
	e->end_us = ev->end_us;
	e->ts_flags = ev->ts_flags;
	e->failed = ev->failed;
	e->has_raw = ev->raw != NULL;
	cols[C_TS_RAW] = ev->ts_raw;
	cols[C_SOURCE] = ev->source;
	cols[C_ACTION] = ev->action;
	cols[C_OPERATION] = ev->operation;
	cols[C_ERROR_CODE] = ev->error_code;
	cols[C_ACTOR] = ev->actor;
	cols[C_SESSION] = ev->session;
	cols[C_REPO] = ev->repo;
	cols[C_REF] = ev->ref;
	cols[C_COMMIT] = ev->commit_sha;
	cols[C_RUN] = ev->run_ref;
	cols[C_JOB] = ev->job_ref;
	cols[C_RUNNER] = ev->runner;
	cols[C_SRC_IP] = ev->src_ip;
	cols[C_UA] = ev->user_agent;
	cols[C_NATIVE] = ev->native_id;
	for (i = 0; i < NCOL; i++)
		e->col[i] = dup_or_null(cols[i]);
	e->attrs = ev->attrs ? json_deep_copy(ev->attrs) : NULL;
	/* invariants of every event */
	if (ev->action == NULL || event_action(ev->action) == NULL)
		bad("action \"%s\" is not in the vocabulary",
		    ev->action ? ev->action : "(null)");
	if (ev->source == NULL || strcmp(ev->source, P->name) != 0)
		bad("source \"%s\" is not the parser name",
		    ev->source ? ev->source : "(null)");
	if (ev->operation == NULL)
		bad("event without operation");
	if (ev->end_us != EVENT_NO_TIME && ev->ts_us == EVENT_NO_TIME)
		bad("event with an end but no start");
	return 0;
}

static void
capture_free(struct capture *c)
{
	int i, k;

	for (i = 0; i < c->n; i++) {
		for (k = 0; k < NCOL; k++)
			free(c->ev[i].col[k]);
		json_decref(c->ev[i].attrs);
	}
	free(c->ev);
	memset(c, 0, sizeof(*c));
}

/* ' -> " so that record texts stay readable. */
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
	}
	return "?";
}

/*
 * Runs the parser over one record the way ingest/records.c does (a fresh
 * event with raw set, the parser, event_clear); state may be NULL.
 */
static enum parse_rc
run_record(json_t *rec, const char *raw, size_t rawlen, int all,
    void *state, struct capture *c, struct diag *d)
{
	struct parse_opts opts;
	struct parse_ctx pc;
	struct event ev;
	enum parse_rc rc;

	memset(&opts, 0, sizeof(opts));
	opts.anchor_us = EVENT_NO_TIME;
	memset(&pc, 0, sizeof(pc));
	pc.all_events = all;
	pc.name = "test.json";
	pc.opts = &opts;
	pc.state = state;
	pc.emit = capture_emit;
	pc.emit_arg = c;
	event_init(&ev);
	ev.raw = raw;
	ev.raw_len = rawlen;
	diag_clear(d);
	rc = P->parse_json(rec, &pc, &ev, d);
	event_clear(&ev);
	return rc;
}

/* Runs the parser's finish hook (derived events), if it has one. */
static int
run_finish(void *state, struct capture *c, struct diag *d)
{
	struct parse_opts opts;
	struct parse_ctx pc;
	struct event ev;
	int ret;

	if (P->finish == NULL)
		return 0;
	memset(&opts, 0, sizeof(opts));
	opts.anchor_us = EVENT_NO_TIME;
	memset(&pc, 0, sizeof(pc));
	pc.name = "test.json";
	pc.opts = &opts;
	pc.state = state;
	pc.emit = capture_emit;
	pc.emit_arg = c;
	event_init(&ev);
	diag_clear(d);
	ret = P->finish(&pc, &ev, d);
	event_clear(&ev);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Table rows                                                          */

#define NONE	"\x01(none)"	/* the column must be NULL */
#define ABSENT	"\x01(absent)"	/* attrs: no such attribute */

struct attr_want {
	const char	*path;		/* dotted path into attrs */
	const char	*val;		/* text (JSON), ABSENT */
};

/* One expected event; NULL members are not checked. */
struct ev_want {
	const char	*action, *operation, *ts, *end, *ts_raw, *actor,
			*repo, *ref, *commit, *run_ref, *job_ref, *runner,
			*native_id, *error_code, *src_ip, *user_agent;
	int		 failed;
	struct attr_want attrs[6];
};

struct row {
	const char	*name;
	const char	*json;		/* ' for " */
	int		 all;		/* --all-events */
	int		 rc;
	int		 nev;		/* events expected (PARSE_OK) */
	const char	*errmsg;	/* PARSE_ERR: part of d->msg */
	struct ev_want	 ev[4];		/* first events */
};

static void
check_col(const char *row, int i, const char *what, const char *want,
    const char *got)
{
	if (want == NULL)
		return;
	if (strcmp(want, NONE) == 0) {
		if (got != NULL)
			bad("%s: event %d: %s: want NULL, got \"%s\"", row, i,
			    what, got);
		return;
	}
	if (got == NULL || strcmp(want, got) != 0)
		bad("%s: event %d: %s: want \"%s\", got %s%s%s", row, i, what,
		    want, got ? "\"" : "", got ? got : "NULL", got ? "\"" : "");
}

static void
check_time(const char *row, int i, const char *what, const char *want,
    int64_t us)
{
	char tb[TS_BUFSZ];

	if (want == NULL)
		return;
	if (us == EVENT_NO_TIME) {
		check_col(row, i, what, want, NULL);
		return;
	}
	check_col(row, i, what, want, ts_format(us, tb));
}

/* An attribute as text: strings as is, other values as compact JSON. */
static char *
attr_text(const json_t *attrs, const char *path)
{
	const json_t *v = jpath(attrs, path);

	if (v == NULL)
		return NULL;
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
}

static void
check_event(const char *row, int i, const struct ev_want *w,
    const struct evcopy *e)
{
	size_t k;
	char *got;

	check_col(row, i, "action", w->action, e->col[C_ACTION]);
	check_col(row, i, "operation", w->operation, e->col[C_OPERATION]);
	check_time(row, i, "ts", w->ts, e->ts_us);
	check_time(row, i, "end", w->end, e->end_us);
	check_col(row, i, "ts_raw", w->ts_raw, e->col[C_TS_RAW]);
	check_col(row, i, "actor", w->actor, e->col[C_ACTOR]);
	check_col(row, i, "repo", w->repo, e->col[C_REPO]);
	check_col(row, i, "ref", w->ref, e->col[C_REF]);
	check_col(row, i, "commit_sha", w->commit, e->col[C_COMMIT]);
	check_col(row, i, "run_ref", w->run_ref, e->col[C_RUN]);
	check_col(row, i, "job_ref", w->job_ref, e->col[C_JOB]);
	check_col(row, i, "runner", w->runner, e->col[C_RUNNER]);
	check_col(row, i, "native_id", w->native_id, e->col[C_NATIVE]);
	check_col(row, i, "error_code", w->error_code, e->col[C_ERROR_CODE]);
	check_col(row, i, "src_ip", w->src_ip, e->col[C_SRC_IP]);
	check_col(row, i, "user_agent", w->user_agent, e->col[C_UA]);
	if (w->failed != e->failed)
		bad("%s: event %d: failed: want %d, got %d", row, i, w->failed,
		    e->failed);
	if (!e->has_raw)
		bad("%s: event %d: the raw record was lost", row, i);
	for (k = 0; k < NELEM(w->attrs) && w->attrs[k].path; k++) {
		got = attr_text(e->attrs, w->attrs[k].path);
		if (strcmp(w->attrs[k].val, ABSENT) == 0) {
			if (got)
				bad("%s: event %d: attrs.%s: want absent, got "
				    "%s", row, i, w->attrs[k].path, got);
		} else if (got == NULL || strcmp(got, w->attrs[k].val) != 0) {
			bad("%s: event %d: attrs.%s: want %s, got %s", row, i,
			    w->attrs[k].path, w->attrs[k].val,
			    got ? got : "(absent)");
		}
		free(got);
	}
}

/* Runs one row; returns the events (caller frees) for extra checks. */
static void
run_row(const struct row *r, struct capture *c)
{
	json_error_t jerr;
	struct diag d;
	char *text = unquote(r->json);
	json_t *rec = json_load_record(text, strlen(text), &jerr);
	int i, rc, nids = 0;

	memset(c, 0, sizeof(*c));
	if (rec == NULL) {
		bad("%s: test record is not JSON: %s (column %d)", r->name,
		    jerr.text, jerr.column);
		free(text);
		return;
	}
	rc = run_record(rec, text, strlen(text), r->all, NULL, c, &d);
	if (rc != r->rc)
		bad("%s: rc %s, want %s (%s)", r->name, rc_name(rc),
		    rc_name(r->rc), d.msg);
	if (rc == PARSE_ERR && d.msg[0] == '\0')
		bad("%s: PARSE_ERR without a message", r->name);
	if (r->errmsg && strstr(d.msg, r->errmsg) == NULL)
		bad("%s: message \"%s\" lacks \"%s\"", r->name, d.msg,
		    r->errmsg);
	if (rc != PARSE_OK && c->n != 0)
		bad("%s: %s but %d events emitted", r->name, rc_name(rc),
		    c->n);
	if (rc == PARSE_OK && r->nev >= 0 && c->n != r->nev)
		bad("%s: %d events, want %d", r->name, c->n, r->nev);
	for (i = 0; i < c->n; i++)
		if (c->ev[i].col[C_NATIVE])
			nids++;
	if (c->n > 1 && nids != c->n)
		bad("%s: %d of %d events from one record lack a native_id",
		    r->name, c->n - nids, c->n);
	for (i = 0; i < c->n && i < (int)NELEM(r->ev); i++)
		if (r->ev[i].action || r->ev[i].native_id)
			check_event(r->name, i, &r->ev[i], &c->ev[i]);
	json_decref(rec);
	free(text);
}

static void
run_rows(const struct row *rows, size_t n, const char *what)
{
	struct capture c;
	size_t i;

	for (i = 0; i < n; i++) {
		run_row(&rows[i], &c);
		capture_free(&c);
	}
	end_test(what);
}

/* Probe over an exact-size heap copy (ASan sees reads past the end). */
struct probe_row {
	const char	*name;
	const char	*text;		/* ' for " */
	int		 min, max;	/* score range */
};

static void
run_probes(const struct probe_row *rows, size_t n)
{
	size_t i, len;
	char *text, *copy;
	int s;

	for (i = 0; i < n; i++) {
		text = unquote(rows[i].text);
		len = strlen(text);
		copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, text, len);
		s = P->probe(copy, len, rows[i].name);
		if (s < rows[i].min || s > rows[i].max)
			bad("probe %s: score %d, want %d..%d", rows[i].name, s,
			    rows[i].min, rows[i].max);
		free(copy);
		free(text);
	}
	end_test("probe");
}

/* The emit callback failing is PARSE_FATAL, with nothing left behind. */
static void
run_emit_failure(const char *json)
{
	struct capture c;
	struct diag d;
	char *text = unquote(json);
	json_t *rec = json_load_record(text, strlen(text), NULL);
	int rc;

	assert_non_null(rec);
	memset(&c, 0, sizeof(c));
	c.fail = 1;
	rc = run_record(rec, text, strlen(text), 0, NULL, &c, &d);
	assert_int_equal(rc, PARSE_FATAL);
	json_decref(rec);
	free(text);
}

/* ------------------------------------------------------------------ */
/* The real corpus, split as ingest splits it                          */

struct corpus_file {
	const char	*file;		/* relative to the base dir */
	int		 claimed;	/* the probe says it is ours */
	int		 records, events, nonevent, skipped;
	int		 seen;
};

struct corpus_fact {
	const char	*file;
	const char	*native_id;
	int		 col;		/* C_*, COL_*, -1: attr */
	const char	*attr;		/* attrs path when col is -1 */
	const char	*val;		/* expected text, or NULL */
	int		 seen;
};

#define COL_TS	(-2)
#define COL_END	(-3)

struct corpus_run {
	struct capture	 c;
	void		*state;
	int		 records, nonevent, skipped, errors;
	const char	*file;
};

static int
corpus_cb(void *arg, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err)
{
	struct corpus_run *cr = arg;
	json_error_t jerr;
	struct diag d;
	json_t *v;
	int rc;

	if (rec == NULL) {
		bad("%s: structure: %s", cr->file, err);
		return 0;
	}
	cr->records++;
	if (err) {
		bad("%s line %lld: split error: %s", cr->file, (long long)line,
		    err);
		cr->errors++;
		return 0;
	}
	if ((v = json_load_record(rec, len, &jerr)) == NULL) {
		bad("%s line %lld: %s", cr->file, (long long)line, jerr.text);
		cr->errors++;
		return 0;
	}
	rc = run_record(v, rec, len, 0, cr->state, &cr->c, &d);
	if (rc == PARSE_NONEVENT)
		cr->nonevent++;
	else if (rc == PARSE_SKIP)
		cr->skipped++;
	else if (rc != PARSE_OK) {
		bad("%s line %lld byte %lld: %s: %s", cr->file,
		    (long long)line, (long long)offset, rc_name(rc), d.msg);
		cr->errors++;
	}
	json_decref(v);
	(void)offset;
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	assert_non_null(fp);
	*len = 0;
	for (;;) {
		if (*len + 65536 > cap) {
			cap = cap * 2 + 65536;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		n = fread(buf + *len, 1, cap - *len, fp);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(fp);
	buf[*len] = '\0';
	return buf;
}

static void
check_facts(const char *rel, struct capture *c, struct corpus_fact *facts,
    size_t nfacts)
{
	size_t f;
	int i;
	char tb[TS_BUFSZ], *got;
	const char *g;

	for (f = 0; f < nfacts; f++) {
		if (strcmp(facts[f].file, rel) != 0)
			continue;
		for (i = 0; i < c->n; i++) {
			if (c->ev[i].col[C_NATIVE] == NULL ||
			    strcmp(c->ev[i].col[C_NATIVE],
			    facts[f].native_id) != 0)
				continue;
			facts[f].seen++;
			got = NULL;
			if (facts[f].col == COL_TS)
				g = c->ev[i].ts_us == EVENT_NO_TIME ? NULL :
				    ts_format(c->ev[i].ts_us, tb);
			else if (facts[f].col == COL_END)
				g = c->ev[i].end_us == EVENT_NO_TIME ? NULL :
				    ts_format(c->ev[i].end_us, tb);
			else if (facts[f].col >= 0)
				g = c->ev[i].col[facts[f].col];
			else
				g = got = attr_text(c->ev[i].attrs,
				    facts[f].attr);
			if (facts[f].val == NULL ? g != NULL : (g == NULL ||
			    strcmp(g, facts[f].val) != 0))
				bad("fact %s %s: want %s, got %s", rel,
				    facts[f].native_id, facts[f].val ?
				    facts[f].val : "NULL", g ? g : "NULL");
			free(got);
		}
	}
}

static void
corpus_file(const char *path, const char *rel, struct corpus_file *files,
    size_t nfiles, struct corpus_fact *facts, size_t nfacts, int *total)
{
	struct corpus_run cr;
	struct corpus_file *cf = NULL;
	struct jsplit *js;
	struct diag d;
	size_t len, i;
	char *buf = slurp(path, &len);
	int score;

	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].file, rel) == 0)
			cf = &files[i];
	score = P->probe(buf, len < PROBE_HEAD ? len : PROBE_HEAD, rel);
	if (cf == NULL) {
		bad("corpus file %s is not in the expectations table (probe "
		    "%d)", rel, score);
		free(buf);
		return;
	}
	cf->seen++;
	if ((score > 0) != cf->claimed)
		bad("%s: probe %d, want %s", rel, score, cf->claimed ?
		    "a claim" : "0");
	if (!cf->claimed) {
		free(buf);
		return;
	}
	memset(&cr, 0, sizeof(cr));
	cr.file = rel;
	cr.state = P->state_new ? P->state_new(NULL) : NULL;
	js = jsplit_new(P->container_keys, 16 << 20, corpus_cb, &cr);
	assert_int_equal(jsplit_feed(js, buf, len), 0);
	assert_int_equal(jsplit_finish(js), 0);
	jsplit_free(js);
	if (run_finish(cr.state, &cr.c, &d) < 0)
		bad("%s: finish failed: %s", rel, d.msg);
	if (P->state_free)
		P->state_free(cr.state);
	if (cr.records != cf->records || cr.c.n != cf->events ||
	    cr.nonevent != cf->nonevent || cr.skipped != cf->skipped)
		bad("%s: %d records, %d events, %d non-event, %d skipped; want "
		    "%d, %d, %d, %d", rel, cr.records, cr.c.n, cr.nonevent,
		    cr.skipped, cf->records, cf->events, cf->nonevent,
		    cf->skipped);
	if (cr.errors)
		bad("%s: %d records not understood", rel, cr.errors);
	check_facts(rel, &cr.c, facts, nfacts);
	*total += cr.records;
	capture_free(&cr.c);
	free(buf);
}

static void
corpus_dir(const char *dir, const char *rel, struct corpus_file *files,
    size_t nfiles, struct corpus_fact *facts, size_t nfacts, int *total)
{
	struct dirent **names;
	int n, i;

	n = scandir(dir, &names, NULL, alphasort);
	assert_true(n >= 0);
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
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			corpus_dir(path, sub, files, nfiles, facts, nfacts,
			    total);
		else
			corpus_file(path, sub, files, nfiles, facts, nfacts,
			    total);
		free(names[i]);
	}
	free(names);
}

/*
 * Replays the directories dirs (relative to base, itself relative to the
 * repository root) with the expectations in files and facts.  Returns
 * how many of the directories exist.
 */
static int
run_corpus(const char *base, const char *const *dirs,
    struct corpus_file *files, size_t nfiles, struct corpus_fact *facts,
    size_t nfacts)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	char dir[4096];
	struct stat sb;
	size_t i;
	int total = 0, found = 0;

	for (i = 0; dirs[i]; i++) {
		snprintf(dir, sizeof(dir), "%s/%s/%s", root && *root ? root :
		    ".", base, dirs[i]);
		if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			print_message("%s absent\n", dir);
			continue;
		}
		found++;
		corpus_dir(dir, dirs[i], files, nfiles, facts, nfacts, &total);
	}
	if (found == 0)
		return 0;
	for (i = 0; i < nfiles; i++)
		if (files[i].seen != 1)
			bad("%s file %s seen %d times", base, files[i].file,
			    files[i].seen);
	for (i = 0; i < nfacts; i++)
		if (facts[i].seen < 1)
			bad("fact %s %s not seen", facts[i].file,
			    facts[i].native_id);
	print_message("%s: %d records checked\n", base, total);
	return found;
}

/* ------------------------------------------------------------------ */
/* GitHub Actions records                                              */

#define SHA	"4b825dc642cb6eb9a060e54bf8d69288fbee4904"
#define REPOOBJ	"'repository':{'id':1,'full_name':'acme/widget'}"
#define ACTOR(l) "{'login':'" l "','id':1001}"

/* A workflow run (F.7) with the members that vary. */
#define RUN(extra, id, attempt, event, branch, status, concl, started) \
	"{'id':" id "," attempt "'name':'release','display_title':'v2.4.0'," \
	"'run_number':311,'event':'" event "','status':'" status "'," \
	"'conclusion':" concl ",'head_branch':'" branch "','head_sha':'" \
	SHA "','path':'.github/workflows/release.yml','workflow_id':161335," \
	"'created_at':'2026-01-10T11:58:30Z'," started \
	"'updated_at':'2026-01-10T12:04:12Z','actor':" ACTOR("alice") "," \
	"'triggering_actor':" ACTOR("alice") ",'html_url':" \
	"'https://github.com/acme/widget/actions/runs/9876543210'," extra \
	REPOOBJ "}"
#define STARTED	"'run_started_at':'2026-01-10T11:58:30Z',"
#define ATT1	"'run_attempt':1,"

/* A job (F.7) with one step; steps and extra members vary. */
#define JOB(extra, steps) \
	"{'id':27182818284,'run_id':9876543210,'run_attempt':1,'name':" \
	"'sign-and-publish','status':'completed','conclusion':'success'," \
	"'head_sha':'" SHA "','run_url':'https://api.github.com/repos/acme/" \
	"widget/actions/runs/9876543210','created_at':'2026-01-10T11:58:31Z'," \
	"'started_at':'2026-01-10T11:58:40Z','completed_at':" \
	"'2026-01-10T12:04:10Z','labels':['self-hosted','signing']," \
	"'runner_id':42,'runner_name':'sign-runner-02','runner_group_name':" \
	"'Default'," extra "'steps':[" steps "]}"
#define STEP(n, start, end, concl) \
	"{'name':'Sign artifacts','status':'completed','conclusion':" concl \
	",'number':" n ",'started_at':" start ",'completed_at':" end "}"
#define STEP5	STEP("5", "'2026-01-10T12:00:05Z'", "'2026-01-10T12:00:09Z'", \
	"'success'")

#define RUN_WANT(nid) \
	.action = "ci.run", .actor = "alice", .repo = "acme/widget", \
	.commit = SHA, .run_ref = "9876543210", .native_id = nid, \
	.job_ref = NONE, .runner = NONE

#define JOB_WANT \
	.action = "ci.job", .operation = "github:workflow_job", \
	.ts = "2026-01-10T11:58:40Z", .end = "2026-01-10T12:04:10Z", \
	.actor = NONE, .repo = "acme/widget", .commit = SHA, \
	.run_ref = "9876543210", .job_ref = "27182818284", \
	.runner = "sign-runner-02", .native_id = "27182818284"

static const struct row rows[] = {
	/* ---- runs ---------------------------------------------------- */
	{ .name = "run of a tag push (formats.md F.7)",
	    .json = RUN("", "9876543210", ATT1, "push", "v2.4.0", "completed",
	    "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.operation = "github:workflow_run:push",
		.ts = "2026-01-10T11:58:30Z", .end = "2026-01-10T12:04:12Z",
		.ts_raw = "2026-01-10T11:58:30Z", .ref = "refs/tags/v2.4.0",
		.error_code = NONE,
		.attrs = { { "ref_source", "tag-name" },
		    { "workflow_path", ".github/workflows/release.yml" },
		    { "run_attempt", "1" }, { "triggering_actor", "alice" },
		    { "head_branch", "v2.4.0" },
		    { "workflow_path_ref", ABSENT } } } } },
	{ .name = "run with --all-events is the same event",
	    .json = RUN("", "9876543210", ATT1, "push", "v2.4.0", "completed",
	    "'success'", STARTED), .all = 1, .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/tags/v2.4.0" } } },
	{ .name = "run on a branch",
	    .json = RUN("", "9876543210", ATT1, "push", "main", "completed",
	    "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/heads/main",
		.attrs = { { "ref_source", "branch" } } } } },
	{ .name = "run on a branch named like a path (ci/test)",
	    .json = RUN("", "9876543210", ATT1, "push", "ci/v2.4", "completed",
	    "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/heads/ci/v2.4" } } },
	{ .name = "release event: the branch name is the tag",
	    .json = RUN("", "9876543210", ATT1, "release", "prod-cut",
	    "completed", "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.operation = "github:workflow_run:release",
		.ref = "refs/tags/prod-cut",
		.attrs = { { "ref_source", "event" },
		    { "event", "release" } } } } },
	{ .name = "head_branch already a full ref is kept",
	    .json = RUN("", "9876543210", ATT1, "push", "refs/pull/7/merge",
	    "completed", "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/pull/7/merge",
		.attrs = { { "ref_source", "ref" } } } } },
	{ .name = "path with a bare @ref suffix is stripped",
	    .json = "{'id':9876543210,'run_attempt':1,'event':'push',"
	    "'status':'completed','conclusion':'success','head_branch':"
	    "'main','head_sha':'" SHA "','path':'.github/workflows/"
	    "release.yml@main','run_started_at':'2026-01-10T11:58:30Z',"
	    "'actor':" ACTOR("alice") "," REPOOBJ "}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/heads/main",
		.attrs = { { "workflow_path",
		    ".github/workflows/release.yml" },
		    { "workflow_path_ref", "main" },
		    { "ref_source", "branch" } } } } },
	{ .name = "path with @refs/tags/... gives the ref",
	    .json = "{'id':9876543210,'run_attempt':1,'event':'push',"
	    "'status':'completed','conclusion':'success','head_branch':"
	    "'release-2','head_sha':'" SHA "','path':'.github/workflows/"
	    "release.yml@refs/tags/v9','run_started_at':"
	    "'2026-01-10T11:58:30Z','actor':" ACTOR("alice") "," REPOOBJ "}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ref = "refs/tags/v9",
		.attrs = { { "ref_source", "path" } } } } },
	{ .name = "re-run: attempt 2 by another user, failure",
	    .json = "{'id':9876543210,'run_attempt':2,'event':'push',"
	    "'status':'completed','conclusion':'failure','head_branch':"
	    "'v2.4.0','head_sha':'" SHA "','run_started_at':"
	    "'2026-01-11T09:00:00Z','created_at':'2026-01-10T11:58:30Z',"
	    "'updated_at':'2026-01-11T09:03:00Z','actor':" ACTOR("alice")
	    ",'triggering_actor':" ACTOR("bob") "," REPOOBJ "}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/2"),
		.ts = "2026-01-11T09:00:00Z", .end = "2026-01-11T09:03:00Z",
		.failed = 1, .error_code = "failure",
		.attrs = { { "run_attempt", "2" },
		    { "triggering_actor", "bob" },
		    { "conclusion", "failure" } } } } },
	{ .name = "in progress: no end, not a failure",
	    .json = RUN("", "9876543210", ATT1, "push", "main", "in_progress",
	    "null", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.end = NONE, .error_code = NONE,
		.attrs = { { "status", "in_progress" },
		    { "conclusion", ABSENT } } } } },
	{ .name = "cancelled is a failure",
	    .json = RUN("", "9876543210", ATT1, "push", "main", "completed",
	    "'cancelled'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"), .failed = 1,
		.error_code = "cancelled" } } },
	{ .name = "startup_failure is a failure",
	    .json = RUN("", "9876543210", ATT1, "push", "main", "completed",
	    "'startup_failure'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"), .failed = 1,
		.error_code = "startup_failure" } } },
	{ .name = "skipped is not a failure",
	    .json = RUN("", "9876543210", ATT1, "push", "main", "completed",
	    "'skipped'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.error_code = NONE, .attrs = { { "conclusion", "skipped" } } } } },
	{ .name = "no run_started_at: created_at; no run_attempt: 1",
	    .json = RUN("", "9876543210", "", "push", "main", "completed",
	    "'success'", ""), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ts = "2026-01-10T11:58:30Z",
		.attrs = { { "run_attempt", "1" } } } } },
	{ .name = "run id as a string of digits",
	    .json = RUN("", "'9876543210'", ATT1, "push", "main", "completed",
	    "'success'", STARTED), .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1") } } },
	{ .name = "repository absent: repo from url",
	    .json = "{'id':5,'run_attempt':1,'event':'schedule','status':"
	    "'completed','conclusion':'success','head_branch':'main',"
	    "'head_sha':'" SHA "','workflow_id':1,'run_started_at':"
	    "'2026-01-10T11:58:30Z','url':'https://api.github.com/repos/"
	    "octo/repo/actions/runs/5'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .repo = "octo/repo",
		.native_id = "octo/repo/5/1", .actor = NONE,
		.operation = "github:workflow_run:schedule" } } },
	{ .name = "no repository at all: native_id without it",
	    .json = "{'id':5,'run_attempt':3,'status':'queued','head_sha':'"
	    SHA "','created_at':'2026-01-10T11:58:30Z'}", .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "ci.run", .repo = NONE,
		.native_id = "5/3", .operation = "github:workflow_run",
		.end = NONE, .ref = NONE } } },
	{ .name = "run time with an offset is converted",
	    .json = RUN("", "9876543210", ATT1, "push", "main", "completed",
	    "'success'", "'run_started_at':'2026-01-10T03:58:30-08:00',"),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { RUN_WANT("acme/widget/9876543210/1"),
		.ts = "2026-01-10T11:58:30Z",
		.ts_raw = "2026-01-10T03:58:30-08:00" } } },
	{ .name = "webhook workflow_run: name from the workflow object",
	    .json = "{'action':'completed','workflow':{'name':'test','path':"
	    "'.github/workflows/test.yml'},'workflow_run':{'id':289782451,"
	    "'name':'','run_attempt':1,'event':'repository_dispatch',"
	    "'status':'completed','conclusion':'success','head_branch':"
	    "'master','head_sha':'" SHA "','run_started_at':"
	    "'2020-10-05T16:33:49Z','updated_at':'2020-10-05T16:33:49Z',"
	    "'actor':" ACTOR("Codertocat") "},'repository':{'full_name':"
	    "'octo-org/octo-repo'},'sender':" ACTOR("Codertocat") "}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .repo = "octo-org/octo-repo",
		.native_id = "octo-org/octo-repo/289782451/1",
		.ref = "refs/heads/master", .actor = "Codertocat",
		.attrs = { { "workflow_name", "test" },
		    { "workflow_path", ".github/workflows/test.yml" },
		    { "webhook_action", "completed" },
		    { "sender", "Codertocat" } } } } },
	/* ---- bad runs --------------------------------------------------- */
	{ .name = "run without id",
	    .json = "{'run_attempt':1,'head_sha':'" SHA "','run_started_at':"
	    "'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "workflow run has no id" },
	{ .name = "run id is an object",
	    .json = "{'id':{'x':1},'workflow_id':1,'run_started_at':"
	    "'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "workflow run id is an object" },
	{ .name = "run id with a fraction",
	    .json = "{'id':1.5,'workflow_id':1,'run_started_at':"
	    "'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "workflow run id is a fraction" },
	{ .name = "negative run id",
	    .json = "{'id':-4,'workflow_id':1,'run_started_at':"
	    "'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "workflow run id is negative" },
	{ .name = "run id string with letters",
	    .json = "{'id':'12ab','workflow_id':1,'run_started_at':"
	    "'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "a non-numeric string" },
	{ .name = "run_attempt is text",
	    .json = "{'id':1,'run_attempt':'two','workflow_id':1,"
	    "'run_started_at':'2026-01-10T11:58:30Z'}", .rc = PARSE_ERR,
	    .errmsg = "run_attempt is a non-numeric string" },
	{ .name = "run_started_at is a number",
	    .json = "{'id':1,'workflow_id':1,'run_started_at':1768046310}",
	    .rc = PARSE_ERR, .errmsg = "run_started_at is not a string" },
	{ .name = "run_started_at is not a time",
	    .json = "{'id':1,'workflow_id':1,'run_started_at':'yesterday'}",
	    .rc = PARSE_ERR, .errmsg = "bad run_started_at 'yesterday'" },
	{ .name = "run without any time",
	    .json = "{'id':1,'workflow_id':1,'status':'queued'}",
	    .rc = PARSE_ERR, .errmsg = "has no run_started_at or created_at" },
	{ .name = "bad updated_at",
	    .json = "{'id':1,'workflow_id':1,'status':'completed',"
	    "'run_started_at':'2026-01-10T11:58:30Z','updated_at':"
	    "'2026-13-40T99:00:00Z'}", .rc = PARSE_ERR,
	    .errmsg = "bad updated_at" },
	{ .name = "record is an array", .json = "[1,2]", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "record is a string", .json = "'run'", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "object that is neither run nor job",
	    .json = "{'total_count':0,'artifacts':[]}", .rc = PARSE_ERR,
	    .errmsg = "neither a workflow run nor a job" },
	/* ---- jobs and steps ------------------------------------------- */
	{ .name = "job with a step (formats.md F.7)",
	    .json = JOB("", STEP5), .rc = PARSE_OK, .nev = 2,
	    .ev = { { JOB_WANT, .ts_raw = "2026-01-10T11:58:40Z",
		.ref = NONE, .error_code = NONE,
		.attrs = { { "labels", "[\"self-hosted\",\"signing\"]" },
		    { "runner_environment", "self-hosted" },
		    { "job_name", "sign-and-publish" },
		    { "runner_group_name", "Default" },
		    { "run_attempt", "1" } } },
		{ .action = "ci.step", .operation = "github:workflow_step",
		.ts = "2026-01-10T12:00:05Z", .end = "2026-01-10T12:00:09Z",
		.repo = "acme/widget", .commit = SHA,
		.run_ref = "9876543210", .job_ref = "27182818284",
		.runner = "sign-runner-02",
		.native_id = "27182818284/step/5",
		.attrs = { { "step_name", "Sign artifacts" },
		    { "number", "5" }, { "job_name", "sign-and-publish" },
		    { "ends_before_start", ABSENT } } } } },
	{ .name = "step times with a -08:00 offset are converted",
	    .json = JOB("", STEP("3", "'2026-01-10T04:00:05.000-08:00'",
	    "'2026-01-10T04:00:09.250-08:00'", "'success'")),
	    .rc = PARSE_OK, .nev = 2,
	    .ev = { { JOB_WANT },
		{ .action = "ci.step", .ts = "2026-01-10T12:00:05Z",
		.end = "2026-01-10T12:00:09.250000Z",
		.ts_raw = "2026-01-10T04:00:05.000-08:00",
		.native_id = "27182818284/step/3" } } },
	{ .name = "queued steps (started_at null) are left out",
	    .json = JOB("", STEP5 "," STEP("6", "null", "null", "null") ","
	    STEP("7", "null", "null", "null")), .rc = PARSE_OK, .nev = 2 },
	{ .name = "step running: no end",
	    .json = JOB("", STEP("2", "'2026-01-10T12:00:05Z'", "null",
	    "null")), .rc = PARSE_OK, .nev = 2,
	    .ev = { { JOB_WANT }, { .action = "ci.step", .end = NONE,
		.error_code = NONE, .native_id = "27182818284/step/2" } } },
	{ .name = "step that ends before it starts is kept and flagged",
	    .json = JOB("", STEP("3", "'2022-06-15T01:01:17.000Z'",
	    "'2022-06-15T01:01:16.000Z'", "'success'")), .rc = PARSE_OK,
	    .nev = 2,
	    .ev = { { JOB_WANT }, { .action = "ci.step",
		.ts = "2022-06-15T01:01:17Z", .end = "2022-06-15T01:01:16Z",
		.attrs = { { "ends_before_start", "true" } } } } },
	{ .name = "failed step and job",
	    .json = "{'id':7,'run_id':8,'status':'completed','conclusion':"
	    "'failure','started_at':'2026-01-10T11:58:40Z','completed_at':"
	    "'2026-01-10T11:59:40Z','steps':[" STEP("1",
	    "'2026-01-10T11:58:41Z'", "'2026-01-10T11:58:50Z'", "'failure'")
	    "]}", .rc = PARSE_OK, .nev = 2,
	    .ev = { { .action = "ci.job", .failed = 1, .error_code = "failure",
		.native_id = "7", .run_ref = "8", .repo = NONE,
		.runner = NONE },
		{ .action = "ci.step", .failed = 1, .error_code = "failure",
		.native_id = "7/step/1" } } },
	{ .name = "job on a tag: ref from head_branch",
	    .json = JOB("'head_branch':'v2.4.0',", STEP5), .rc = PARSE_OK,
	    .nev = 2, .ev = { { JOB_WANT, .ref = "refs/tags/v2.4.0" },
		{ .action = "ci.step", .ref = "refs/tags/v2.4.0" } } },
	{ .name = "job on GitHub-hosted runner",
	    .json = "{'id':7,'run_id':8,'status':'completed','conclusion':"
	    "'success','started_at':'2026-01-10T11:58:40Z','labels':"
	    "['ubuntu-22.04'],'runner_name':'GitHub Actions 2',"
	    "'runner_group_name':'GitHub Actions','html_url':"
	    "'https://github.com/acme/widget/actions/runs/8/job/7'}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .runner = "GitHub Actions 2",
		.repo = "acme/widget", .end = NONE,
		.attrs = { { "runner_environment", "github-hosted" } } } } },
	{ .name = "job whose URL names no repository",
	    .json = "{'id':7,'run_id':8,'started_at':'2026-01-10T11:58:40Z',"
	    "'html_url':'https://github.com/acme/','url':"
	    "'https://api.github.com/repos/acme?x=/y'}", .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "ci.job", .repo = NONE } } },
	{ .name = "job repo from a web URL with a query",
	    .json = "{'id':7,'run_id':8,'started_at':'2026-01-10T11:58:40Z',"
	    "'html_url':'https://github.com/acme/widget?check_suite_focus="
	    "true'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .repo = "acme/widget" } } },
	{ .name = "job never started: created_at",
	    .json = "{'id':7,'run_id':8,'status':'completed','conclusion':"
	    "'skipped','created_at':'2026-01-10T11:58:31Z','started_at':"
	    "null,'completed_at':null,'steps':[]}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .ts = "2026-01-10T11:58:31Z",
		.end = NONE, .failed = 0 } } },
	{ .name = "queued job without times: not an event yet",
	    .json = "{'id':7,'run_id':8,'status':'queued','steps':[]}",
	    .rc = PARSE_NONEVENT },
	{ .name = "webhook workflow_job",
	    .json = "{'action':'in_progress','workflow_job':{'id':14541957942,"
	    "'run_id':5373506832,'workflow_name':'Test','head_branch':"
	    "'renovate/got-13.x','run_attempt':1,'status':'in_progress',"
	    "'conclusion':null,'created_at':'2023-06-26T03:31:29Z',"
	    "'started_at':'2023-06-26T03:31:36Z','completed_at':null,"
	    "'name':'check','steps':[],'runner_name':'GitHub Actions 6'},"
	    "'repository':{'full_name':'wolfy1339/github-events-schemas'},"
	    "'sender':{'login':'renovate[bot]'}}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .native_id = "14541957942",
		.repo = "wolfy1339/github-events-schemas",
		.ref = "refs/heads/renovate/got-13.x", .end = NONE,
		.attrs = { { "webhook_action", "in_progress" },
		    { "sender", "renovate[bot]" },
		    { "workflow_name", "Test" } } } } },
	/* ---- bad jobs -------------------------------------------------- */
	{ .name = "job id missing",
	    .json = "{'run_id':8,'steps':[],'started_at':"
	    "'2026-01-10T11:58:40Z'}", .rc = PARSE_ERR,
	    .errmsg = "job has no id" },
	{ .name = "job run_id is a boolean",
	    .json = "{'id':7,'run_id':true,'started_at':"
	    "'2026-01-10T11:58:40Z'}", .rc = PARSE_ERR,
	    .errmsg = "job 7: run_id is a boolean" },
	{ .name = "job steps is an object",
	    .json = "{'id':7,'run_id':8,'steps':{},'started_at':"
	    "'2026-01-10T11:58:40Z'}", .rc = PARSE_ERR,
	    .errmsg = "job 7: steps is not an array" },
	{ .name = "job step is not an object",
	    .json = JOB("", STEP5 ",42"), .rc = PARSE_ERR,
	    .errmsg = "steps[1] is not an object" },
	{ .name = "job step without number",
	    .json = JOB("", "{'name':'x','started_at':"
	    "'2026-01-10T12:00:05Z'}"), .rc = PARSE_ERR,
	    .errmsg = "steps[0].number is missing" },
	{ .name = "job step with a bad started_at",
	    .json = JOB("", STEP5 "," STEP("6", "'noon'", "null", "null")),
	    .rc = PARSE_ERR, .errmsg = "bad steps[1].started_at 'noon'" },
	{ .name = "job step with a bad completed_at (not started)",
	    .json = JOB("", STEP("6", "null", "17", "null")),
	    .rc = PARSE_ERR, .errmsg = "steps[0].completed_at is not a string" },
	{ .name = "finished job without times",
	    .json = "{'id':7,'run_id':8,'status':'completed','steps':[]}",
	    .rc = PARSE_ERR, .errmsg = "job 7 has no started_at" },
	{ .name = "job with a bad completed_at",
	    .json = "{'id':7,'run_id':8,'started_at':'2026-01-10T11:58:40Z',"
	    "'completed_at':'later'}", .rc = PARSE_ERR,
	    .errmsg = "bad completed_at 'later'" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(rows, NELEM(rows), "rows");
}

static const struct probe_row probes[] = {
	{ "runs.json", "{'total_count':1,'workflow_runs':[{'id':1}]}", 95, 95 },
	{ "jobs.json", "{'total_count':1,'jobs':[{'id':2,'run_id':1,'steps':"
	    "[]}]}", 95, 95 },
	{ "run.json", "{'id':1,'head_sha':'x','run_attempt':1,'workflow_id':"
	    "2,'run_started_at':'x'}", 80, 90 },
	{ "job.json", "{'id':2,'run_id':1,'run_url':'u','check_run_url':'u',"
	    "'steps':[]}", 80, 90 },
	{ "hook-job.json", "{'action':'queued','workflow_job':{'id':2,"
	    "'run_id':1,'steps':[]}}", 85, 95 },
	{ "hook-run.json", "{'action':'completed','workflow_run':{'id':1,"
	    "'workflow_id':2,'run_started_at':'x'}}", 85, 95 },
	{ "audit.json", "[{'@timestamp':1,'_document_id':'a','action':"
	    "'workflows.completed_workflow_run','workflow_run_id':1,"
	    "'head_sha':'x','run_attempt':1,'workflow_id':2}]", 0, 0 },
	{ "release.json", "{'action':'published','release':{'id':1,"
	    "'tag_name':'v1'}}", 0, 0 },
	{ "ct.json", "{'Records':[{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com'}]}", 0, 0 },
	{ "gitlab.json", "[{'id':1,'stage':'test','pipeline':{'id':2}}]", 0, 0 },
	{ "jenkins.json", "{'_class':'hudson.model.FreeStyleBuild','number':"
	    "1,'timestamp':1}", 0, 0 },
	{ "empty.json", "", 0, 0 },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(probes, NELEM(probes));
}

static void
test_emit_failure(void **state)
{
	(void)state;
	run_emit_failure(RUN("", "9876543210", ATT1, "push", "v2.4.0",
	    "completed", "'success'", STARTED));
	/* the job's event, then a step's */
	run_emit_failure(JOB("", STEP5));
}

/* ------------------------------------------------------------------ */
/* The real corpus and the sample evidence                             */

static struct corpus_file corpus_files[] = {
	{ "github_actions/releases/octokit-release-assets.raw-fixture.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/rest_api/2499110858-1-get-workflow-run-attempt.json",
	    1, 1, 1, 0, 0, 0 },
	{ "github_actions/rest_api/"
	    "2499110858-1-list-jobs-for-workflow-run-attempt.json",
	    1, 3, 24, 0, 0, 0 },
	{ "github_actions/rest_api/2499110858-2-get-workflow-run-attempt.json",
	    1, 1, 1, 0, 0, 0 },
	{ "github_actions/rest_api/"
	    "2499110858-2-list-jobs-for-workflow-run-attempt.json",
	    1, 3, 20, 0, 0, 0 },
	{ "github_actions/webhook_payloads/release.published.payload.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/webhook_payloads/"
	    "workflow_job.completed.failure.with-organization.payload.json",
	    1, 1, 13, 0, 0, 0 },
	{ "github_actions/webhook_payloads/"
	    "workflow_job.in_progress.with-queued-steps.payload.json",
	    1, 1, 4, 0, 0, 0 },
	{ "github_actions/webhook_payloads/workflow_run.completed.payload.json",
	    1, 1, 1, 0, 0, 0 },
};

#define CJ1 "github_actions/rest_api/" \
	"2499110858-1-list-jobs-for-workflow-run-attempt.json"
#define CR2 "github_actions/rest_api/2499110858-2-get-workflow-run-attempt.json"
#define CWJ "github_actions/webhook_payloads/" \
	"workflow_job.completed.failure.with-organization.payload.json"
#define CWQ "github_actions/webhook_payloads/" \
	"workflow_job.in_progress.with-queued-steps.payload.json"
#define CWR "github_actions/webhook_payloads/workflow_run.completed.payload.json"
#define R2 "smartcontractkit/push-gha-metrics-action/2499110858/2"

static struct corpus_fact corpus_facts[] = {
	{ CR2, R2, C_RUN, NULL, "2499110858", 0 },
	{ CR2, R2, -1, "run_attempt", "2", 0 },
	{ CR2, R2, COL_TS, NULL, "2022-06-17T21:19:07Z", 0 },
	{ CR2, R2, C_REF, NULL, "refs/heads/feature/gha-metrics", 0 },
	{ CR2, R2, C_ACTOR, NULL, "HenryNguyen5", 0 },
	{ CR2, R2, COL_END, NULL, NULL, 0 },	/* in progress */
	{ CJ1, "6891428337/step/3", -1, "ends_before_start", "true", 0 },
	{ CJ1, "6891428272", C_RUNNER, NULL, "GitHub Actions 113", 0 },
	{ CJ1, "6891428272", C_REPO, NULL,
	    "smartcontractkit/push-gha-metrics-action", 0 },
	{ CJ1, "6891428272/step/6", COL_END, NULL, NULL, 0 },
	{ CWJ, "289782451", C_ERROR_CODE, NULL, "failure", 0 },
	{ CWJ, "289782451/step/8", C_ERROR_CODE, NULL, "failure", 0 },
	{ CWJ, "289782451", C_REPO, NULL, "octo-org/octo-repo", 0 },
	{ CWQ, "14541957942/step/3", COL_END, NULL, NULL, 0 },
	{ CWQ, "14541957942", C_RUNNER, NULL, "GitHub Actions 6", 0 },
	{ CWR, "octo-org/octo-repo/289782451/1", -1, "workflow_name", "test",
	    0 },
	{ CWR, "octo-org/octo-repo/289782451/1", C_REF, NULL,
	    "refs/heads/master", 0 },
};

static void
test_corpus(void **state)
{
	static const char *const dirs[] = { "github_actions", NULL };

	(void)state;
	if (run_corpus("../shared/corpus", dirs, corpus_files,
	    NELEM(corpus_files), corpus_facts, NELEM(corpus_facts)) == 0) {
		print_message("corpus ../shared/corpus/github_actions absent: "
		    "test skipped\n");
		skip();
	}
	end_test("corpus");
}

static struct corpus_file sample_files[] = {
	{ "github_actions/audit-log.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/ci-run-11617196539-attempt-1.json", 1, 1, 1, 0, 0, 0 },
	{ "github_actions/ci-runs.json", 1, 39, 39, 0, 0, 0 },
	{ "github_actions/jobs-11652093318.json", 1, 2, 23, 0, 0, 0 },
	{ "github_actions/jobs-11768420157.json", 1, 2, 23, 0, 0, 0 },
	{ "github_actions/jobs-11873645201.json", 1, 2, 23, 0, 0, 0 },
	{ "github_actions/jobs-11990233417.json", 1, 2, 23, 0, 0, 0 },
	{ "github_actions/jobs-12061877492.json", 1, 2, 23, 0, 0, 0 },
	{ "github_actions/release-runs.json", 1, 5, 5, 0, 0, 0 },
	{ "github_actions/run-11990233417-attempt-1.json", 1, 1, 1, 0, 0, 0 },
};

#define SJH "github_actions/jobs-11990233417.json"
#define SRR "github_actions/release-runs.json"

static struct corpus_fact sample_facts[] = {
	/* the hijacked run: a branch, the compromised account, build-07 */
	{ SRR, "acme/widget/11990233417/1", C_REF, NULL, "refs/heads/ci-test",
	    0 },
	{ SRR, "acme/widget/11990233417/1", C_ACTOR, NULL, "jlindqvist", 0 },
	{ SJH, "33382009982", C_RUNNER, NULL, "build-07", 0 },
	{ SJH, "33382009982", -1, "runner_environment", "self-hosted", 0 },
	/* CloudTrail: AssumeRoleWithWebIdentity 10:12:31, Sign 10:13:05 */
	{ SJH, "33382009982/step/3", -1, "step_name",
	    "Configure AWS credentials", 0 },
	{ SJH, "33382009982/step/3", COL_TS, NULL, "2026-11-09T10:12:29Z", 0 },
	{ SJH, "33382009982/step/3", COL_END, NULL, "2026-11-09T10:12:33Z", 0 },
	{ SJH, "33382009982/step/6", COL_TS, NULL, "2026-11-09T10:13:00Z", 0 },
	{ SJH, "33382009982/step/6", COL_END, NULL, "2026-11-09T10:13:08Z", 0 },
	/* the releases run on tags */
	{ SRR, "acme/widget/11652093318/1", C_REF, NULL, "refs/tags/v2.3.0",
	    0 },
	{ SRR, "acme/widget/12061877492/1", C_REF, NULL, "refs/tags/v2.5.0",
	    0 },
	{ "github_actions/jobs-11768420157.json", "32764459685/step/3",
	    COL_TS, NULL, "2026-10-20T13:30:25Z", 0 },
};

static void
test_samples(void **state)
{
	static const char *const dirs[] = { "github_actions", NULL };

	(void)state;
	if (run_corpus("samples/evidence", dirs, sample_files,
	    NELEM(sample_files), sample_facts, NELEM(sample_facts)) == 0)
		bad("samples/evidence/github_actions is missing");
	end_test("samples");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_emit_failure),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
