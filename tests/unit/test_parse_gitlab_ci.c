/* SPDX-License-Identifier: MIT */
/*
 * test_parse_gitlab_ci.c - unit tests of the GitLab CI parser
 * (ingest/parse_gitlab_ci.c): a table of REST jobs and pipelines and of
 * job and pipeline webhook bodies (refs of tags and branches, outcomes,
 * runners, project ids and paths, out-of-scope object kinds) and of
 * malformed ones; the pipelines derived from a job list at the end of an
 * item (finish); probe scores; the emit failure path; and a replay of the
 * real corpus in ../shared/corpus/gitlab_ci split as ingest splits it.
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

static const struct parser *const P = &parser_gitlab_ci;

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
/* GitLab records                                                      */

#define SHA	"4b825dc642cb6eb9a060e54bf8d69288fbee4904"
#define SHA2	"95d49d1efbd941908580e79d65e4b5ecaf4a8305"

/* The REST job of formats.md F.7 with members that vary. */
#define JOB(extra, status, times) \
	"{'id':555001,'name':'sign','stage':'release','status':'" status "'," \
	"'ref':'v2.4.0','tag':true," times ",'duration':73.866,'user':{'id':7," \
	"'username':'alice'},'pipeline':{'id':90001,'project_id':12,'ref':" \
	"'v2.4.0','sha':'" SHA "','status':'success'},'runner':{'id':3," \
	"'description':'hsm-runner','is_shared':false,'runner_type':" \
	"'project_type'}" extra "}"
#define TIMES \
	"'created_at':'2026-01-10T11:58:30.120Z','started_at':" \
	"'2026-01-10T11:59:02.004Z','finished_at':'2026-01-10T12:00:15.870Z'"

#define JOB_WANT \
	.action = "ci.job", .operation = "gitlab:job", \
	.ts = "2026-01-10T11:59:02.004000Z", \
	.end = "2026-01-10T12:00:15.870000Z", .actor = "alice", \
	.ref = "refs/tags/v2.4.0", .commit = SHA, .run_ref = "90001", \
	.job_ref = "555001", .runner = "hsm-runner", \
	.native_id = "12/job/555001"

/* A pipeline webhook (shape of the GitLab documentation example). */
#define PHOOK(builds) \
	"{'object_kind':'pipeline','object_attributes':{'id':31,'iid':3," \
	"'ref':'master','tag':false,'sha':'" SHA "','source':" \
	"'merge_request_event','status':'success','created_at':" \
	"'2016-08-12 15:23:28 UTC','finished_at':'2016-08-12 15:26:29 UTC'," \
	"'duration':63},'user':{'username':'root'},'project':{'id':1," \
	"'path_with_namespace':'gitlab-org/gitlab-test'},'merge_request':" \
	"{'url':'https://gitlab.example.com/gitlab-org/gitlab-test/-/" \
	"merge_requests/1'},'builds':[" builds "]}"
#define PBUILD(id, status, started, finished) \
	"{'id':" id ",'stage':'test','name':'test-" id "','status':'" status \
	"','created_at':'2016-08-12 15:23:28 UTC','started_at':" started \
	",'finished_at':" finished ",'user':{'username':'root'},'runner':" \
	"{'id':380987,'description':'shared-runners-manager-6.gitlab.com'," \
	"'is_shared':true}}"

static const struct row rows[] = {
	/* ---- REST jobs ------------------------------------------------ */
	{ .name = "REST job (formats.md F.7)",
	    .json = JOB("", "success", TIMES), .rc = PARSE_OK, .nev = 1,
	    .ev = { { JOB_WANT, .repo = NONE, .failed = 0, .error_code = NONE,
		.ts_raw = "2026-01-10T11:59:02.004Z",
		.attrs = { { "runner_id", "3" },
		    { "runner_type", "project_type" },
		    { "runner_shared", "false" }, { "stage", "release" },
		    { "job_name", "sign" }, { "status", "success" } } } } },
	{ .name = "REST job with --all-events is the same",
	    .json = JOB("", "success", TIMES), .all = 1, .rc = PARSE_OK,
	    .nev = 1, .ev = { { JOB_WANT } } },
	{ .name = "failed job: failure_reason is the error code",
	    .json = JOB(",'failure_reason':'script_failure','web_url':"
	    "'https://gitlab.example.com/acme/tools/widget/-/jobs/555001',"
	    "'commit':{'id':'" SHA2 "','short_id':'95d49d1e'}", "failed",
	    TIMES), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .failed = 1,
		.error_code = "script_failure", .repo = "acme/tools/widget",
		.commit = SHA2,
		.attrs = { { "failure_reason", "script_failure" },
		    { "web_url", "https://gitlab.example.com/acme/tools/"
		    "widget/-/jobs/555001" } } } } },
	{ .name = "canceled job",
	    .json = JOB("", "canceled", TIMES), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .failed = 1,
		.error_code = "canceled" } } },
	{ .name = "skipped job is not a failure",
	    .json = JOB("", "skipped", "'created_at':'2026-01-10T11:58:30.120Z',"
	    "'started_at':null,'finished_at':null"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .failed = 0,
		.ts = "2026-01-10T11:58:30.120000Z", .end = NONE } } },
	{ .name = "job on a branch, runner null, tag_list",
	    .json = "{'id':7,'name':'t','stage':'test','status':'running',"
	    "'ref':'main','tag':false,'started_at':'2026-01-10T11:59:02Z',"
	    "'pipeline':{'id':8,'project_id':12},'runner':null,'tag_list':"
	    "['docker']}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .ref = "refs/heads/main",
		.runner = NONE, .actor = NONE, .native_id = "12/job/7",
		.attrs = { { "tag_list", "[\"docker\"]" } } } } },
	{ .name = "runner without description: its name, else its id",
	    .json = "{'id':7,'stage':'test','status':'success','ref':'main',"
	    "'started_at':'2026-01-10T11:59:02Z','pipeline':{'id':8,"
	    "'project_id':12},'runner':{'id':42}}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .runner = "42" } } },
	{ .name = "merge request ref kept",
	    .json = "{'id':7,'stage':'test','status':'success','ref':"
	    "'refs/merge-requests/3/head','started_at':'2026-01-10T11:59:02Z',"
	    "'pipeline':{'id':8,'project_id':12}}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .ref = "refs/merge-requests/3/head" } } },
	{ .name = "job without a project id: the path",
	    .json = "{'id':7,'stage':'test','status':'success','ref':'main',"
	    "'started_at':'2026-01-10T11:59:02Z','pipeline':{'id':8},"
	    "'web_url':'https://gl.example.com/g/p/-/jobs/7'}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .native_id = "g/p/job/7", .repo = "g/p" } } },
	/* ---- REST pipelines ------------------------------------------- */
	{ .name = "pipeline of the pipelines list",
	    .json = "{'id':90001,'iid':311,'project_id':12,'sha':'" SHA "',"
	    "'ref':'main','status':'success','source':'push','created_at':"
	    "'2026-01-10T11:58:30.120Z','updated_at':"
	    "'2026-01-10T12:04:12.000Z','web_url':'https://gitlab.example.com/"
	    "acme/widget/-/pipelines/90001'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .operation = "gitlab:pipeline:push",
		.ts = "2026-01-10T11:58:30.120000Z",
		.end = "2026-01-10T12:04:12Z", .repo = "acme/widget",
		.ref = "refs/heads/main", .commit = SHA, .run_ref = "90001",
		.job_ref = NONE, .native_id = "12/pipeline/90001",
		.attrs = { { "iid", "311" }, { "source", "push" } } } } },
	{ .name = "one pipeline: started, finished, user, tag",
	    .json = "{'id':90002,'iid':312,'project_id':12,'sha':'" SHA "',"
	    "'ref':'v2.4.0','tag':true,'status':'failed','source':'push',"
	    "'created_at':'2026-01-10T11:58:30Z','started_at':"
	    "'2026-01-10T11:58:40Z','finished_at':'2026-01-10T12:00:00Z',"
	    "'user':{'username':'alice'}}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .ts = "2026-01-10T11:58:40Z",
		.end = "2026-01-10T12:00:00Z", .actor = "alice",
		.ref = "refs/tags/v2.4.0", .failed = 1,
		.error_code = "failed", .repo = NONE,
		.native_id = "12/pipeline/90002" } } },
	{ .name = "running pipeline: no end",
	    .json = "{'id':3,'iid':1,'project_id':12,'sha':'" SHA "','ref':"
	    "'main','status':'running','created_at':'2026-01-10T11:58:30Z',"
	    "'updated_at':'2026-01-10T11:59:30Z'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .end = NONE,
		.operation = "gitlab:pipeline" } } },
	/* ---- webhooks ------------------------------------------------- */
	{ .name = "job webhook (gitlab.com, times in ' UTC' form)",
	    .json = "{'object_kind':'build','ref':'main','tag':false,"
	    "'before_sha':'0000000000000000000000000000000000000000','sha':'"
	    SHA2 "','build_id':3580121225,'build_name':'auto_deploy:start',"
	    "'build_stage':'coordinated:tag','build_status':'success',"
	    "'build_created_at':'2023-01-10 13:50:02 UTC','build_started_at':"
	    "'2023-01-10 13:50:05 UTC','build_finished_at':"
	    "'2023-01-10 13:50:54 UTC','build_duration':49.503592,"
	    "'pipeline_id':743121198,'project_id':31537070,'project_name':"
	    "'John Smith / release-tools-fake','runner':{'id':12270837,"
	    "'description':'4-blue.shared.runners-manager.gitlab.com/default',"
	    "'runner_type':'instance_type','is_shared':true,'tags':['linux',"
	    "'docker']},'user':{'id':2967854,'username':'jsmithy2'},'commit':"
	    "{'id':743121198,'sha':'" SHA2 "'},'repository':{'homepage':"
	    "'https://gitlab.com/jsmithy2/release-tools-fake'},'environment':"
	    "{'name':'production'}}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .ts = "2023-01-10T13:50:05Z",
		.end = "2023-01-10T13:50:54Z",
		.ts_raw = "2023-01-10 13:50:05 UTC", .actor = "jsmithy2",
		.repo = "jsmithy2/release-tools-fake",
		.ref = "refs/heads/main", .commit = SHA2,
		.run_ref = "743121198", .job_ref = "3580121225",
		.runner = "4-blue.shared.runners-manager.gitlab.com/default",
		.native_id = "31537070/job/3580121225",
		.attrs = { { "runner_tags", "[\"linux\",\"docker\"]" },
		    { "environment", "production" },
		    { "export", "webhook" },
		    { "stage", "coordinated:tag" } } } } },
	{ .name = "job webhook of a job not started yet",
	    .json = "{'object_kind':'build','ref':'gitlab-script-trigger',"
	    "'tag':false,'sha':'" SHA "','build_id':1977,'build_status':"
	    "'created','build_created_at':'2021-02-23T02:41:37.886Z',"
	    "'build_started_at':null,'build_finished_at':null,"
	    "'build_failure_reason':'script_failure','pipeline_id':2366,"
	    "'project_id':380,'repository':{'homepage':"
	    "'http://192.168.64.1:3005/gitlab-org/gitlab-test'}}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job", .ts = "2021-02-23T02:41:37.886000Z",
		.end = NONE, .failed = 0, .repo = "gitlab-org/gitlab-test",
		.ref = "refs/heads/gitlab-script-trigger",
		.native_id = "380/job/1977",
		.attrs = { { "failure_reason", ABSENT } } } } },
	{ .name = "pipeline webhook: the pipeline, then its jobs",
	    .json = PHOOK(PBUILD("376", "success", "'2016-08-12 15:24:56 UTC'",
	    "'2016-08-12 15:25:26 UTC'") "," PBUILD("379", "created", "null",
	    "null")), .rc = PARSE_OK, .nev = 3,
	    .ev = { { .action = "ci.run",
		.operation = "gitlab:pipeline:merge_request_event",
		.ts = "2016-08-12T15:23:28Z", .end = "2016-08-12T15:26:29Z",
		.actor = "root", .repo = "gitlab-org/gitlab-test",
		.ref = "refs/heads/master", .commit = SHA, .run_ref = "31",
		.native_id = "1/pipeline/31",
		.attrs = { { "merge_request", "https://gitlab.example.com/"
		    "gitlab-org/gitlab-test/-/merge_requests/1" },
		    { "export", "webhook" } } },
		{ .action = "ci.job", .ts = "2016-08-12T15:24:56Z",
		.end = "2016-08-12T15:25:26Z", .run_ref = "31",
		.job_ref = "376", .native_id = "1/job/376",
		.ref = "refs/heads/master", .commit = SHA,
		.repo = "gitlab-org/gitlab-test",
		.runner = "shared-runners-manager-6.gitlab.com" },
		{ .action = "ci.job", .ts = "2016-08-12T15:23:28Z",
		.end = NONE, .native_id = "1/job/379" } } },
	{ .name = "push webhook is out of scope",
	    .json = "{'object_kind':'push','ref':'refs/heads/main',"
	    "'checkout_sha':'" SHA "','user_username':'alice'}",
	    .rc = PARSE_SKIP },
	{ .name = "push webhook with --all-events",
	    .json = "{'object_kind':'push','ref':'refs/heads/main',"
	    "'checkout_sha':'" SHA "','user_username':'alice'}", .all = 1,
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "other", .operation = "gitlab:push",
		.actor = "alice", .ref = "refs/heads/main", .commit = SHA,
		.ts = NONE } } },
	{ .name = "merge request webhook with --all-events: its time",
	    .json = "{'object_kind':'merge_request','user':{'username':'bob'},"
	    "'object_attributes':{'created_at':'2026-01-10 10:00:00 UTC',"
	    "'updated_at':'2026-01-10 10:05:00 UTC'}}", .all = 1,
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "other", .actor = "bob",
		.ts = "2026-01-10T10:05:00Z" } } },
	/* ---- malformed ------------------------------------------------ */
	{ .name = "job without id",
	    .json = "{'stage':'test','pipeline':{'id':8},'started_at':"
	    "'2026-01-10T11:59:02Z'}", .rc = PARSE_ERR,
	    .errmsg = "job has no id" },
	{ .name = "job id is text",
	    .json = "{'id':'seven','stage':'test','pipeline':{'id':8}}",
	    .rc = PARSE_ERR, .errmsg = "job id is not an integer" },
	{ .name = "negative job id",
	    .json = "{'id':-7,'stage':'test','pipeline':{'id':8}}",
	    .rc = PARSE_ERR, .errmsg = "job id is not an integer" },
	{ .name = "pipeline.id is an array",
	    .json = "{'id':7,'stage':'test','pipeline':{'id':[8]}}",
	    .rc = PARSE_ERR, .errmsg = "pipeline.id is not an integer" },
	{ .name = "job with a bad started_at",
	    .json = JOB("", "success", "'started_at':'2026-02-30T25:00:00Z'"),
	    .rc = PARSE_ERR, .errmsg = "job 555001: bad started_at" },
	{ .name = "job with a bad created_at",
	    .json = JOB("", "created", "'created_at':'x'"), .rc = PARSE_ERR,
	    .errmsg = "job 555001: bad created_at 'x'" },
	{ .name = "job without times",
	    .json = JOB("", "created", "'created_at':null"), .rc = PARSE_ERR,
	    .errmsg = "job 555001 has no started_at or created_at" },
	{ .name = "job with a bad finished_at",
	    .json = JOB("", "success", "'started_at':'2026-01-10T11:59:02Z',"
	    "'finished_at':'2026'"), .rc = PARSE_ERR,
	    .errmsg = "bad finished_at '2026'" },
	{ .name = "job webhook without build_id",
	    .json = "{'object_kind':'build','build_status':'success'}",
	    .rc = PARSE_ERR, .errmsg = "build webhook has no build_id" },
	{ .name = "job webhook build_id is a boolean",
	    .json = "{'object_kind':'build','build_id':true}",
	    .rc = PARSE_ERR, .errmsg = "build_id is not an integer" },
	{ .name = "job webhook pipeline_id is text",
	    .json = "{'object_kind':'build','build_id':1,'pipeline_id':'p'}",
	    .rc = PARSE_ERR, .errmsg = "pipeline_id is not an integer" },
	{ .name = "pipeline webhook without object_attributes",
	    .json = "{'object_kind':'pipeline','builds':[]}", .rc = PARSE_ERR,
	    .errmsg = "no object_attributes" },
	{ .name = "pipeline webhook: builds is an object",
	    .json = "{'object_kind':'pipeline','object_attributes':{'id':1,"
	    "'created_at':'2016-08-12 15:23:28 UTC'},'builds':{}}",
	    .rc = PARSE_ERR, .errmsg = "builds is not an array" },
	{ .name = "pipeline webhook: a build without id",
	    .json = PHOOK(PBUILD("376", "success", "null", "null") ",{'name':"
	    "'x'}"), .rc = PARSE_ERR, .errmsg = "builds[1] has no integer id" },
	{ .name = "pipeline webhook: a build with a bad time",
	    .json = PHOOK(PBUILD("376", "success", "'soon'", "null")),
	    .rc = PARSE_ERR, .errmsg = "job 376: bad started_at 'soon'" },
	{ .name = "pipeline webhook: the pipeline has no id",
	    .json = "{'object_kind':'pipeline','object_attributes':{"
	    "'created_at':'2016-08-12 15:23:28 UTC'},'builds':[]}",
	    .rc = PARSE_ERR, .errmsg = "pipeline has no id" },
	{ .name = "pipeline without created_at",
	    .json = "{'id':3,'iid':1,'project_id':12,'sha':'" SHA "','ref':"
	    "'main','status':'success'}", .rc = PARSE_ERR,
	    .errmsg = "pipeline 3 has no created_at" },
	{ .name = "pipeline with a bad finished_at",
	    .json = "{'id':3,'iid':1,'created_at':'2026-01-10T11:58:30Z',"
	    "'finished_at':5}", .rc = PARSE_ERR,
	    .errmsg = "finished_at is not a string" },
	{ .name = "object_kind is a number", .json = "{'object_kind':1}",
	    .rc = PARSE_ERR, .errmsg = "object_kind is not a string" },
	{ .name = "record is an array", .json = "[{'id':1}]", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "a test report is neither job nor pipeline",
	    .json = "{'total_time':61.5,'test_suites':[]}", .rc = PARSE_ERR,
	    .errmsg = "neither a GitLab job" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(rows, NELEM(rows), "rows");
}

/*
 * A job list makes one ci.run per pipeline at the end of the item, from
 * its jobs; a pipeline record in the same item is used instead.
 */
static void
test_finish(void **state)
{
	static const char *const recs[] = {
		JOB("", "success", TIMES),
		"{'id':555002,'name':'build','stage':'build','status':'success',"
		"'ref':'v2.4.0','tag':true,'created_at':'2026-01-10T11:58:30Z',"
		"'started_at':'2026-01-10T11:58:35Z','finished_at':"
		"'2026-01-10T11:58:59Z','user':{'username':'alice'},'pipeline':"
		"{'id':90001,'project_id':12,'ref':'v2.4.0','sha':'" SHA "',"
		"'status':'success'},'web_url':'https://gitlab.example.com/"
		"acme/widget/-/jobs/555002'}",
		"{'id':555010,'name':'test','stage':'test','status':'running',"
		"'ref':'main','tag':false,'started_at':'2026-01-11T08:00:00Z',"
		"'user':{'username':'bob'},'pipeline':{'id':90002,'project_id':"
		"12,'ref':'main','sha':'" SHA2 "','status':'running'}}",
		"{'id':555020,'name':'test','stage':'test','status':'success',"
		"'ref':'main','started_at':'2026-01-12T08:00:00Z',"
		"'finished_at':'2026-01-12T08:01:00Z','pipeline':{'id':90003,"
		"'project_id':12}}",
		"{'id':90003,'iid':9,'project_id':12,'sha':'" SHA2 "','ref':"
		"'main','status':'success','created_at':'2026-01-12T07:59:00Z'}",
	};
	struct capture c;
	struct diag d;
	void *st = P->state_new(NULL);
	size_t i;
	char *text;
	json_t *rec;
	int n;

	(void)state;
	memset(&c, 0, sizeof(c));
	for (i = 0; i < NELEM(recs); i++) {
		text = unquote(recs[i]);
		rec = json_load_record(text, strlen(text), NULL);
		assert_non_null(rec);
		assert_int_equal(run_record(rec, text, strlen(text), 0, st, &c,
		    &d), PARSE_OK);
		json_decref(rec);
		free(text);
	}
	n = c.n;
	assert_int_equal(n, 5);
	assert_int_equal(run_finish(st, &c, &d), 0);
	P->state_free(st);
	if (c.n != n + 2)
		bad("finish made %d events, want 2", c.n - n);
	if (c.n == n + 2) {
		static const struct ev_want w1 = { .action = "ci.run",
		    .operation = "gitlab:pipeline",
		    .ts = "2026-01-10T11:58:35Z", .end =
		    "2026-01-10T12:00:15.870000Z", .actor = "alice",
		    .repo = "acme/widget", .ref = "refs/tags/v2.4.0",
		    .commit = SHA, .run_ref = "90001", .job_ref = NONE,
		    .native_id = "12/pipeline/90001",
		    .attrs = { { "time_source", "jobs" },
			{ "jobs_seen", "2" }, { "status", "success" } } };
		static const struct ev_want w2 = { .action = "ci.run",
		    .ts = "2026-01-11T08:00:00Z", .end = NONE,
		    .actor = "bob", .ref = "refs/heads/main", .commit = SHA2,
		    .native_id = "12/pipeline/90002",
		    .attrs = { { "jobs_seen", "1" } } };
		struct evcopy e1 = c.ev[n], e2 = c.ev[n + 1];

		/* derived events have no record: only the columns count */
		e1.has_raw = e2.has_raw = 1;
		check_event("finish", 0, &w1, &e1);
		check_event("finish", 1, &w2, &e2);
	}
	capture_free(&c);
	/* finish without state (the parser run without state_new) */
	memset(&c, 0, sizeof(c));
	assert_int_equal(run_finish(NULL, &c, &d), 0);
	assert_int_equal(c.n, 0);
	end_test("finish");
}

static const struct probe_row probes[] = {
	{ "jobs.json", "[{'id':1,'stage':'test','status':'success',"
	    "'started_at':'x','pipeline':{'id':2},'runner':null,'web_url':"
	    "'https://gl/g/p/-/jobs/1'}]", 90, 90 },
	{ "jobs2.json", "[{'id':1,'stage':'test','pipeline':{'id':2,"
	    "'project_id':3},'finished_at':null}]", 80, 80 },
	{ "pipelines.json", "[{'id':1,'iid':2,'sha':'x','ref':'main',"
	    "'source':'push','web_url':'https://gl/g/p/-/pipelines/1'}]",
	    85, 85 },
	{ "build.json", "{'object_kind':'build','build_id':1}", 90, 90 },
	{ "pipeline.json", "{ 'object_kind' : 'pipeline', "
	    "'object_attributes':{}}", 90, 90 },
	{ "push.json", "{'object_kind':'push','ref':'x'}", 0, 0 },
	{ "note.json", "{'object_kind':'build_note'}", 0, 0 },
	{ "report.json", "{'total_time':1,'test_suites':[]}", 0, 0 },
	{ "releases.json", "[{'tag_name':'v1','commit':{'id':'x'},"
	    "'assets':{}}]", 0, 0 },
	{ "gha.json", "{'total_count':1,'jobs':[{'id':1,'run_id':2,"
	    "'steps':[]}]}", 0, 0 },
	{ "short.json", "{'object_kind'", 0, 0 },
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
	run_emit_failure(JOB("", "success", TIMES));
	run_emit_failure(PHOOK(PBUILD("376", "success", "null", "null")));
	run_emit_failure("{'id':3,'iid':1,'created_at':"
	    "'2026-01-10T11:58:30Z'}");
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

static struct corpus_file corpus_files[] = {
	{ "gitlab_ci/go-gitlab/get_pipeline_testreport.json", 0, 0, 0, 0, 0,
	    0 },
	{ "gitlab_ci/go-gitlab/webhooks_build.json", 1, 1, 1, 0, 0, 0 },
	{ "gitlab_ci/go-gitlab/webhooks_job.json", 1, 1, 1, 0, 0, 0 },
	{ "gitlab_ci/go-gitlab/webhooks_pipeline.json", 1, 1, 6, 0, 0, 0 },
	{ "gitlab_ci/go-scm/releases.json", 0, 0, 0, 0, 0, 0 },
	{ "gitlab_ci/go-scm/webhooks_pipeline_hook.json", 1, 1, 2, 0, 0, 0 },
};

#define CJ "gitlab_ci/go-gitlab/webhooks_job.json"
#define CP "gitlab_ci/go-gitlab/webhooks_pipeline.json"
#define CB "gitlab_ci/go-gitlab/webhooks_build.json"

static struct corpus_fact corpus_facts[] = {
	{ CJ, "31537070/job/3580121225", C_RUNNER, NULL,
	    "4-blue.shared.runners-manager.gitlab.com/default", 0 },
	{ CJ, "31537070/job/3580121225", C_ACTOR, NULL, "jsmithy2", 0 },
	{ CJ, "31537070/job/3580121225", C_REPO, NULL,
	    "jsmithy2/release-tools-fake", 0 },
	{ CJ, "31537070/job/3580121225", COL_END, NULL,
	    "2023-01-10T13:50:54Z", 0 },
	{ CJ, "31537070/job/3580121225", C_COMMIT, NULL, SHA2, 0 },
	{ CP, "1/pipeline/31", COL_END, NULL, "2016-08-12T15:26:29Z", 0 },
	{ CP, "1/pipeline/31", C_ACTOR, NULL, "user1", 0 },
	{ CP, "1/job/380", C_RUNNER, NULL,
	    "shared-runners-manager-1.gitlab.com", 0 },
	{ CP, "1/job/378", COL_END, NULL, "2016-08-12T15:26:29Z", 0 },
	{ CB, "380/job/1977", COL_TS, NULL, "2021-02-23T02:41:37.886000Z", 0 },
	{ CB, "380/job/1977", C_REPO, NULL, "gitlab-org/gitlab-test", 0 },
};

static void
test_corpus(void **state)
{
	static const char *const dirs[] = { "gitlab_ci", NULL };

	(void)state;
	if (run_corpus("../shared/corpus", dirs, corpus_files,
	    NELEM(corpus_files), corpus_facts, NELEM(corpus_facts)) == 0) {
		print_message("corpus ../shared/corpus/gitlab_ci absent: test "
		    "skipped\n");
		skip();
	}
	end_test("corpus");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_finish),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_emit_failure),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
