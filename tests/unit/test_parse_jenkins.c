/* SPDX-License-Identifier: MIT */
/*
 * test_parse_jenkins.c - unit tests of the Jenkins parser
 * (ingest/parse_jenkins.c): a table of build objects (pipeline and
 * freestyle, user, SCM, timer and upstream causes, git BuildData and change
 * sets, results, parameters with passwords, folders and %-escapes in job
 * URLs), non-event objects (build references, queue, nodes, jobs),
 * Stage View (wfapi) runs and malformed records; probe scores; the emit
 * failure path; a replay of ../shared/corpus/jenkins split as ingest
 * splits it; and of samples/evidence/jenkins (the retired job whose builds
 * explain ci-legacy's use until 2026-10-15).
 *
 * Record texts use ' for " so that they stay readable (a ' inside a
 * value cannot be written).
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

static const struct parser *const P = &parser_jenkins;

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
/* Jenkins records                                                     */

#define SHA	"4b825dc642cb6eb9a060e54bf8d69288fbee4904"
#define URL	"https://jenkins.acme.example/job/release/job/widget/128/"

/* A build (formats.md F.7) with the members that vary. */
#define BUILD(extra, result, causes, revision) \
	"{'_class':'org.jenkinsci.plugins.workflow.job.WorkflowRun'," \
	"'number':128,'result':" result ",'building':false,'timestamp':" \
	"1768046310000,'duration':95000,'url':'" URL "','actions':[" \
	"{'_class':'hudson.model.CauseAction','causes':[" causes "]},{}," \
	"{'_class':'hudson.plugins.git.util.BuildData'," revision "}]" \
	extra "}"
#define USERCAUSE \
	"{'_class':'hudson.model.Cause$UserIdCause','shortDescription':" \
	"'Started by user Alice','userId':'alice','userName':'Alice'}"
#define REV(branch, remote) \
	"'lastBuiltRevision':{'SHA1':'" SHA "','branch':[{'SHA1':'" SHA \
	"','name':'" branch "'}]},'remoteUrls':['" remote "']"
#define REVTAG	REV("refs/tags/v2.4.0", "https://github.com/acme/widget.git")

#define BUILD_WANT \
	.action = "ci.run", .operation = "jenkins:WorkflowRun", \
	.ts = "2026-01-10T11:58:30Z", .end = "2026-01-10T12:00:05Z", \
	.ts_raw = "1768046310000", .repo = "acme/widget", .commit = SHA, \
	.run_ref = "release/widget#128", .job_ref = NONE, .native_id = URL

/* A wfapi run (the Stage View API) with two stages. */
#define WFAPI(status, stage2) \
	"{'_links':{'self':{'href':'/jenkins/job/Test%20Workflow/16/wfapi/" \
	"describe'}},'id':'2014-10-16_13-07-52','name':'#16','status':'" \
	status "','startTimeMillis':1413461275770,'endTimeMillis':" \
	"1413461285999,'durationMillis':10229,'stages':[{'_links':{'self':" \
	"{'href':'/jenkins/job/Test%20Workflow/16/execution/node/5/wfapi/" \
	"describe'}},'id':'5','name':'Build','status':'SUCCESS'," \
	"'startTimeMillis':1413461275770,'durationMillis':5228}," stage2 "]}"
#define STAGE_PAUSED \
	"{'id':'10','name':'Deploy','status':'PAUSED_PENDING_INPUT'," \
	"'startTimeMillis':1413461285992,'durationMillis':7}"
#define STAGE_NOTRUN \
	"{'id':'12','name':'Publish','status':'NOT_EXECUTED'," \
	"'startTimeMillis':0,'durationMillis':0}"

static const struct row rows[] = {
	/* ---- builds --------------------------------------------------- */
	{ .name = "pipeline build on a tag (formats.md F.7)",
	    .json = BUILD("", "'SUCCESS'", USERCAUSE, REVTAG), .rc = PARSE_OK,
	    .nev = 1,
	    .ev = { { BUILD_WANT, .actor = "alice", .ref = "refs/tags/v2.4.0",
		.runner = NONE, .error_code = NONE,
		.attrs = { { "result", "SUCCESS" }, { "number", "128" },
		    { "causes", "[\"Started by user Alice\"]" },
		    { "job_name", "release/widget" },
		    { "duration_ms", "95000" }, { "revisions", ABSENT } } } } },
	{ .name = "build with --all-events is the same",
	    .json = BUILD("", "'SUCCESS'", USERCAUSE, REVTAG), .all = 1,
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { BUILD_WANT, .actor = "alice" } } },
	{ .name = "freestyle build of the remote access API fixture",
	    .json = "{'actions':[{'parameters':[{'name':'bear','value':true},"
	    "{'name':'fish','value':'salmon'}]},{'causes':[{"
	    "'shortDescription':'Started by user anonymous','userId':null,"
	    "'userName':'anonymous'}]},{}],'building':false,'duration':60750,"
	    "'fullDisplayName':'fish #10','id':'10','number':10,'queueId':73,"
	    "'result':'SUCCESS','timestamp':1461091892486,'url':"
	    "'http://localhost:32769/job/fish/10/','builtOn':''}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .operation = "jenkins:build",
		.ts = "2016-04-19T18:51:32.486000Z",
		.end = "2016-04-19T18:52:33.236000Z", .actor = "anonymous",
		.runner = "built-in", .run_ref = "fish#10",
		.native_id = "http://localhost:32769/job/fish/10/",
		.repo = NONE, .ref = NONE, .commit = NONE,
		.attrs = { { "parameters.fish", "salmon" },
		    { "parameters.bear", "true" }, { "queue_id", "73" },
		    { "built_on", "" },
		    { "full_display_name", "fish #10" } } } } },
	{ .name = "SCM trigger: no actor, causes kept",
	    .json = BUILD(",'builtOn':'legacy-agent-01'", "'SUCCESS'",
	    "{'_class':'hudson.triggers.SCMTrigger$SCMTriggerCause',"
	    "'shortDescription':'Started by an SCM change'}",
	    REV("refs/remotes/origin/main",
	    "git@github.com:acme/widget.git")), .rc = PARSE_OK, .nev = 1,
	    .ev = { { BUILD_WANT, .actor = NONE, .ref = "refs/heads/main",
		.runner = "legacy-agent-01",
		.attrs = { { "causes", "[\"Started by an SCM change\"]" },
		    { "remote_url", "git@github.com:acme/widget.git" } } } } },
	{ .name = "upstream cause",
	    .json = BUILD("", "'SUCCESS'", "{'_class':"
	    "'hudson.model.Cause$UpstreamCause','shortDescription':'Started by"
	    " upstream project widget-build build number 41',"
	    "'upstreamProject':'widget-build','upstreamBuild':41}",
	    REV("origin/release/2.4", "https://github.com/acme/widget")),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { BUILD_WANT, .actor = NONE,
		.ref = "refs/heads/release/2.4",
		.attrs = { { "upstream", "widget-build#41" } } } } },
	{ .name = "user name of a user cause without userId",
	    .json = BUILD("", "'SUCCESS'", "{'_class':"
	    "'hudson.model.Cause$UserIdCause','userId':null,'userName':"
	    "'anonymous'}", REV("main", "https://github.com/acme/widget.git")),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { BUILD_WANT, .actor = "anonymous",
		.ref = "refs/heads/main" } } },
	{ .name = "timer cause with a userName is no actor",
	    .json = BUILD("", "'SUCCESS'", "{'_class':"
	    "'hudson.triggers.TimerTrigger$TimerTriggerCause','userName':"
	    "'x'}", REVTAG), .rc = PARSE_OK, .nev = 1,
	    .ev = { { BUILD_WANT, .actor = NONE } } },
	{ .name = "FAILURE is a failure",
	    .json = BUILD("", "'FAILURE'", USERCAUSE, REVTAG), .rc = PARSE_OK,
	    .nev = 1, .ev = { { BUILD_WANT, .failed = 1,
		.error_code = "FAILURE" } } },
	{ .name = "UNSTABLE is a failure",
	    .json = BUILD("", "'UNSTABLE'", USERCAUSE, REVTAG), .rc = PARSE_OK,
	    .nev = 1, .ev = { { BUILD_WANT, .failed = 1,
		.error_code = "UNSTABLE" } } },
	{ .name = "ABORTED is a failure",
	    .json = BUILD("", "'ABORTED'", USERCAUSE, REVTAG), .rc = PARSE_OK,
	    .nev = 1, .ev = { { BUILD_WANT, .failed = 1,
		.error_code = "ABORTED" } } },
	{ .name = "still building: no end, no failure",
	    .json = "{'number':3,'building':true,'result':null,'timestamp':"
	    "1768046310000,'duration':0,'url':'https://j.example/job/a/3/'}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .end = NONE, .failed = 0,
		.run_ref = "a#3", .attrs = { { "building", "true" } } } } },
	{ .name = "two checkouts: the first, both in attrs",
	    .json = BUILD("", "'SUCCESS'", USERCAUSE, REVTAG "},{'_class':"
	    "'hudson.plugins.git.util.BuildData','lastBuiltRevision':{'SHA1':"
	    "'1111111111111111111111111111111111111111','branch':[{'name':"
	    "'refs/remotes/origin/master'}]},'remoteUrls':["
	    "'https://github.com/acme/pipeline-lib.git']"), .rc = PARSE_OK,
	    .nev = 1,
	    .ev = { { BUILD_WANT, .ref = "refs/tags/v2.4.0",
		.attrs = { { "revisions", "[{\"branch\":\"refs/tags/v2.4.0\","
		    "\"remote\":\"https://github.com/acme/widget.git\","
		    "\"sha\":\"" SHA "\"},{\"branch\":"
		    "\"refs/remotes/origin/master\",\"remote\":"
		    "\"https://github.com/acme/pipeline-lib.git\",\"sha\":"
		    "\"1111111111111111111111111111111111111111\"}]" } } } } },
	{ .name = "commit from the change set when there is no BuildData",
	    .json = "{'number':10,'result':'SUCCESS','timestamp':"
	    "1461091892486,'duration':60750,'url':"
	    "'http://localhost:32769/job/fish/10/','changeSets':[{'items':["
	    "{'commitId':'aaaa'},{'commitId':"
	    "'d27afa0805201322d846d7defc29b82c88d9b5ce'}],'kind':'git'}]}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run",
		.commit = "d27afa0805201322d846d7defc29b82c88d9b5ce",
		.attrs = { { "commit_source", "changeSet" } } } } },
	{ .name = "freestyle changeSet",
	    .json = "{'number':10,'result':'SUCCESS','timestamp':"
	    "1461091892486,'changeSet':{'items':[{'commitId':'" SHA "'}]}}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .commit = SHA, .run_ref = NONE,
		.native_id = NONE, .end = NONE } } },
	{ .name = "password parameters keep only their name",
	    .json = "{'number':4,'result':'SUCCESS','timestamp':1461091892486,"
	    "'url':'https://j.example/job/a/4/','actions':[{'_class':"
	    "'hudson.model.ParametersAction','parameters':[{'_class':"
	    "'hudson.model.PasswordParameterValue','name':'TOKEN'},{'_class':"
	    "'hudson.model.PasswordParameterValue','name':'PASS','value':"
	    "'hunter2'},{'name':'TAG','value':'v1'}]}]}", .rc = PARSE_OK,
	    .nev = 1,
	    .ev = { { .action = "ci.run",
		.attrs = { { "parameters.TOKEN", "null" },
		    { "parameters.PASS", "null" },
		    { "parameters.TAG", "v1" } } } } },
	{ .name = "folders and %-escapes in the job path",
	    .json = "{'number':7,'result':'SUCCESS','timestamp':1461091892486,"
	    "'url':'https://j.example/view/All/job/My%20Folder/job/app%2Fx/7/'}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = "My Folder/app/x#7",
		.attrs = { { "job_name", "My Folder/app/x" } } } } },
	{ .name = "number from the URL when absent; no fullName %00",
	    .json = "{'timestamp':1461091892486,'url':"
	    "'https://j.example/job/a%00b/12/'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = "a%00b#12" } } },
	{ .name = "artifacts and culprits",
	    .json = "{'number':10,'result':'SUCCESS','timestamp':"
	    "1461091892486,'artifacts':[{'fileName':'fish.txt',"
	    "'relativePath':'out/fish.txt'}],'culprits':[{'fullName':"
	    "'username'}]}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run",
		.attrs = { { "artifacts", "[\"out/fish.txt\"]" },
		    { "culprits", "[\"username\"]" } } } } },
	{ .name = "timestamp as a real number",
	    .json = "{'number':10,'timestamp':1461091892486.0}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run",
		.ts = "2016-04-19T18:51:32.486000Z" } } },
	/* ---- non-events ----------------------------------------------- */
	{ .name = "build reference of a job's builds[]",
	    .json = "{'number':7,'url':'http://localhost:32769/job/fish/7/'}",
	    .rc = PARSE_NONEVENT },
	{ .name = "build reference with _class",
	    .json = "{'_class':'hudson.model.FreeStyleBuild','number':7,"
	    "'url':'http://localhost:32769/job/fish/7/'}",
	    .rc = PARSE_NONEVENT },
	{ .name = "queue",
	    .json = "{'discoverableItems':[],'items':[{'id':7,'inQueueSince':"
	    "1460738557584}]}", .rc = PARSE_NONEVENT },
	{ .name = "queue item that left the queue",
	    .json = "{'_class':'hudson.model.Queue$LeftItem','id':143,"
	    "'inQueueSince':1524074837590,'executable':{'number':14}}",
	    .rc = PARSE_NONEVENT },
	{ .name = "nodes",
	    .json = "{'busyExecutors':1,'computer':[{'displayName':'master'}]}",
	    .rc = PARSE_NONEVENT },
	{ .name = "job without builds",
	    .json = "{'_class':'hudson.model.FreeStyleProject','name':'fish',"
	    "'nextBuildNumber':1}", .rc = PARSE_NONEVENT },
	/* ---- wfapi ---------------------------------------------------- */
	{ .name = "wfapi run paused for input: no end; the stages",
	    .json = WFAPI("PAUSED_PENDING_INPUT", STAGE_PAUSED),
	    .rc = PARSE_OK, .nev = 3,
	    .ev = { { .action = "ci.run", .operation = "jenkins:wfapi:run",
		.ts = "2014-10-16T12:07:55.770000Z", .end = NONE,
		.run_ref = "Test Workflow#16",
		.native_id = "/jenkins/job/Test%20Workflow/16/wfapi/describe",
		.failed = 0,
		.attrs = { { "status", "PAUSED_PENDING_INPUT" },
		    { "name", "#16" }, { "duration_ms", "10229" } } },
		{ .action = "ci.step", .operation = "jenkins:wfapi:stage",
		.ts = "2014-10-16T12:07:55.770000Z",
		.end = "2014-10-16T12:08:00.998000Z",
		.run_ref = "Test Workflow#16",
		.native_id = "/jenkins/job/Test%20Workflow/16/execution/node/"
		"5/wfapi/describe",
		.attrs = { { "stage_name", "Build" } } },
		{ .action = "ci.step", .end = NONE,
		.native_id = "/jenkins/job/Test%20Workflow/16/wfapi/describe"
		"/stage/10" } } },
	{ .name = "wfapi run that failed; a stage never run is left out",
	    .json = WFAPI("FAILED", STAGE_NOTRUN), .rc = PARSE_OK, .nev = 2,
	    .ev = { { .action = "ci.run", .failed = 1, .error_code = "FAILED",
		.end = "2014-10-16T12:08:05.999000Z" } } },
	{ .name = "wfapi run without links: native id from the name",
	    .json = "{'name':'#3','status':'SUCCESS','startTimeMillis':"
	    "1413461275770,'stages':[]}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = NONE,
		.native_id = NONE } } },
	/* ---- malformed ------------------------------------------------ */
	{ .name = "timestamp is text",
	    .json = "{'number':1,'timestamp':'2016-04-19'}", .rc = PARSE_ERR,
	    .errmsg = "build 1: timestamp is not a number" },
	{ .name = "number is text",
	    .json = "{'number':'one','timestamp':1}", .rc = PARSE_ERR,
	    .errmsg = "number is not an integer" },
	{ .name = "no timestamp in a full build",
	    .json = "{'number':5,'result':'SUCCESS','duration':3}",
	    .rc = PARSE_ERR, .errmsg = "build 5 has no timestamp" },
	{ .name = "duration is text",
	    .json = "{'number':5,'timestamp':1461091892486,'duration':'1m'}",
	    .rc = PARSE_ERR, .errmsg = "duration is not a number" },
	{ .name = "actions is an object",
	    .json = "{'number':5,'timestamp':1461091892486,'actions':{}}",
	    .rc = PARSE_ERR, .errmsg = "actions is not an array" },
	{ .name = "timestamp out of range",
	    .json = "{'number':5,'timestamp':9223372036854775807}",
	    .rc = PARSE_ERR, .errmsg = "out of range" },
	{ .name = "timestamp real out of range",
	    .json = "{'number':5,'timestamp':1e300}",
	    .rc = PARSE_ERR, .errmsg = "build 5: timestamp is out of range" },
	{ .name = "huge duration: no end rather than an overflow",
	    .json = "{'number':5,'timestamp':1461091892486,'duration':"
	    "9223372036854775807}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .end = NONE } } },
	{ .name = "wfapi startTimeMillis is text",
	    .json = "{'startTimeMillis':'x','stages':[]}", .rc = PARSE_ERR,
	    .errmsg = "startTimeMillis is not a number" },
	{ .name = "wfapi stages is an object",
	    .json = "{'startTimeMillis':1,'stages':{}}", .rc = PARSE_ERR,
	    .errmsg = "stages is not an array" },
	{ .name = "wfapi stage with bad times",
	    .json = "{'startTimeMillis':1,'stages':[{'startTimeMillis':1,"
	    "'durationMillis':'x'}]}", .rc = PARSE_ERR,
	    .errmsg = "stages[0] has bad times" },
	{ .name = "record is an array", .json = "[1]", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "unknown object", .json = "{'color':'blue'}",
	    .rc = PARSE_ERR, .errmsg = "not a Jenkins build" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(rows, NELEM(rows), "rows");
}

static const struct probe_row probes[] = {
	{ "build.json", "{'_class':'hudson.model.FreeStyleBuild','number':1,"
	    "'timestamp':1}", 90, 90 },
	{ "run.json", "{'_class':'org.jenkinsci.plugins.workflow.job."
	    "WorkflowRun','number':1}", 90, 90 },
	{ "fixture.json", "{'actions':[],'builtOn':'','fullDisplayName':"
	    "'fish #10','number':10,'timestamp':1}", 88, 88 },
	{ "job.json", "{'name':'fish','builds':[],'nextBuildNumber':8}", 85,
	    85 },
	{ "wfapi.json", "[{'id':'x','startTimeMillis':1,'durationMillis':1,"
	    "'stages':[]}]", 85, 85 },
	{ "queue.json", "{'items':[{'inQueueSince':1,'task':{}}]}", 70, 70 },
	{ "computer.json", "{'busyExecutors':1,'computer':[]}", 60, 60 },
	{ "gha.json", "{'total_count':1,'workflow_runs':[{'id':1}]}", 0, 0 },
	{ "gitlab.json", "[{'id':1,'stage':'x','pipeline':{}}]", 0, 0 },
	{ "ct.json", "{'Records':[{'eventVersion':'1.08','eventTime':'x'}]}",
	    0, 0 },
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
	run_emit_failure(BUILD("", "'SUCCESS'", USERCAUSE, REVTAG));
	run_emit_failure(WFAPI("SUCCESS", STAGE_PAUSED));
}

/* ------------------------------------------------------------------ */
/* The real corpus and the sample evidence                             */

static struct corpus_file corpus_files[] = {
	{ "jenkins/jenkins-rest/build-info-git-commit.json", 1, 1, 1, 0, 0, 0 },
	{ "jenkins/jenkins-rest/build-info.json", 1, 1, 1, 0, 0, 0 },
	{ "jenkins/jenkins-rest/computer.json", 1, 1, 0, 1, 0, 0 },
	{ "jenkins/jenkins-rest/job-info.json", 1, 7, 0, 7, 0, 0 },
	{ "jenkins/jenkins-rest/queue.json", 1, 1, 0, 1, 0, 0 },
	{ "jenkins/jenkins-rest/queueItemRunning.json", 1, 1, 0, 1, 0, 0 },
	{ "jenkins/jenkins-rest/runHistory.json", 1, 2, 8, 0, 0, 0 },
	{ "jenkins/jenkins-rest/workflow.json", 1, 1, 4, 0, 0, 0 },
};

#define CG "jenkins/jenkins-rest/build-info-git-commit.json"
#define CH "jenkins/jenkins-rest/runHistory.json"
#define FISH "http://localhost:32769/job/fish/10/"

static struct corpus_fact corpus_facts[] = {
	{ CG, FISH, C_COMMIT, NULL, "d27afa0805201322d846d7defc29b82c88d9b5ce",
	    0 },
	{ CG, FISH, -1, "commit_source", "changeSet", 0 },
	{ CG, FISH, C_ACTOR, NULL, "anonymous", 0 },
	{ CG, FISH, C_RUNNER, NULL, "built-in", 0 },
	{ CG, FISH, C_RUN, NULL, "fish#10", 0 },
	{ CG, FISH, COL_END, NULL, "2016-04-19T18:52:33.236000Z", 0 },
	{ CH, "/jenkins/job/Test%20Workflow/16/wfapi/describe", C_RUN, NULL,
	    "Test Workflow#16", 0 },
	{ CH, "/jenkins/job/Test%20Workflow/16/wfapi/describe", COL_END, NULL,
	    NULL, 0 },
	{ CH, "/jenkins/job/Test%20Workflow/15/wfapi/describe", COL_END, NULL,
	    "2014-10-16T11:45:37.070000Z", 0 },
	{ CH, "/jenkins/job/Test%20Workflow/15/execution/node/10/wfapi/"
	    "describe", C_RUN, NULL, "Test Workflow#15", 0 },
};

static void
test_corpus(void **state)
{
	static const char *const dirs[] = { "jenkins", NULL };

	(void)state;
	if (run_corpus("../shared/corpus", dirs, corpus_files,
	    NELEM(corpus_files), corpus_facts, NELEM(corpus_facts)) == 0) {
		print_message("corpus ../shared/corpus/jenkins absent: test "
		    "skipped\n");
		skip();
	}
	end_test("corpus");
}

static struct corpus_file sample_files[] = {
	{ "jenkins/widget-image-publish-allBuilds.json", 1, 24, 24, 0, 0, 0 },
};

#define SB "jenkins/widget-image-publish-allBuilds.json"
#define B411 "https://jenkins.acme.internal/job/widget-image-publish/411/"

static struct corpus_fact sample_facts[] = {
	/* the last build of the retired job that used ci-legacy's key */
	{ SB, B411, C_RUN, NULL, "widget-image-publish#411", 0 },
	{ SB, B411, COL_TS, NULL, "2026-10-15T12:39:38.604000Z", 0 },
	{ SB, B411, C_RUNNER, NULL, "legacy-agent-01", 0 },
	{ SB, B411, C_REPO, NULL, "acme/widget", 0 },
	{ SB, B411, C_REF, NULL, "refs/heads/main", 0 },
};

static void
test_samples(void **state)
{
	static const char *const dirs[] = { "jenkins", NULL };

	(void)state;
	if (run_corpus("samples/evidence", dirs, sample_files,
	    NELEM(sample_files), sample_facts, NELEM(sample_facts)) == 0)
		bad("samples/evidence/jenkins is missing");
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
