/* SPDX-License-Identifier: MIT */
/*
 * test_parse_github_audit.c - unit tests of the GitHub audit-log parser
 * (ingest/parse_github_audit.c): a table of entries (go-github's
 * workflows.completed_workflow_run, prepared jobs on self-hosted runners,
 * secret, environment, branch-protection, ruleset and runner changes, out
 * of scope actions, the time members in their shapes, enterprise arrays)
 * and of malformed ones; the scope prefilter; probe scores; the emit
 * failure path; a replay of ../shared/corpus/github_actions (which holds
 * no audit log: nothing may be claimed) and of samples/evidence/
 * github_actions, with facts about the hijack and the containment.
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

static const struct parser *const P = &parser_github_audit;

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
/* Audit-log entries                                                   */

#define SHA	"5acdeadbeef64d1a62388e901e5cdc9358644b37"

/* The entry of go-github's GetAuditLog test (formats.md F.4). */
#define GOGH \
	"{'@timestamp':1615077308538,'_document_id':'beeZYapIUe-wKg5-beadb33'," \
	"'action':'workflows.completed_workflow_run','active':true,'actor':" \
	"'testactor','actor_ip':'10.0.0.1','actor_location':{'country_code':" \
	"'US'},'cancelled_at':'2021-03-07T00:35:08.000Z','completed_at':" \
	"'2021-03-07T00:35:08.000Z','conclusion':'success','created_at':" \
	"1615077308538,'event':'schedule','hashed_token':'AAAAAAAAAAAAAAAAAA" \
	"AAAAAAAAAAAAAAAAAAAAAAAAA=','head_branch':'master','head_sha':'" SHA \
	"','job_workflow_ref':'testorg/testrepo/.github/workflows/testjob.yml" \
	"@refs/pull/1/merge','name':'Code scanning - action','org':'o'," \
	"'org_id':1,'repo':'o/blue-crayon-1','run_attempt':1,'run_number':1," \
	"'started_at':'2021-03-07T00:33:04.000Z','token_id':1,'topic':" \
	"'cp1-iad.ingest.github.actions.v0.WorkflowUpdate','trigger_id':null," \
	"'user_agent':'a user agent','workflow_id':123456,'workflow_run_id':" \
	"628312345}"

/* A minimal entry: action and the members that vary. */
#define ENT(action, extra) \
	"{'@timestamp':1794218258383,'_document_id':'BuPjngHWhutU8COliWKOeA'," \
	"'action':'" action "','actor':'jlindqvist','org':'acme','repo':" \
	"'acme/widget'" extra "}"

#define WF(action, extra) \
	ENT(action, ",'workflow_run_id':11990233417,'head_sha':'" SHA "'," \
	"'head_branch':'ci-test','event':'push'" extra)

#define AT_TS	"2026-11-09T09:57:38.383000Z"

static const struct row rows[] = {
	{ .name = "workflows.completed_workflow_run (go-github test)",
	    .json = GOGH, .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run",
		.operation = "github:workflows.completed_workflow_run",
		.ts = "2021-03-07T00:35:08.538000Z", .ts_raw = "1615077308538",
		.actor = "testactor", .src_ip = "10.0.0.1",
		.user_agent = "a user agent", .repo = "o/blue-crayon-1",
		.run_ref = "628312345", .commit = SHA,
		.ref = "refs/pull/1/merge", .runner = NONE, .job_ref = NONE,
		.native_id = "beeZYapIUe-wKg5-beadb33", .error_code = NONE,
		.attrs = { { "ref_source", "job_workflow_ref" },
		    { "conclusion", "success" },
		    { "actor_location.country_code", "US" },
		    { "workflow_id", "123456" }, { "trigger_id", ABSENT },
		    { "@timestamp", ABSENT } } } } },
	{ .name = "prepared_workflow_job on a self-hosted runner",
	    .json = WF("workflows.prepared_workflow_job", ",'job_name':"
	    "'sign-and-publish','job_workflow_ref':'acme/widget/.github/"
	    "workflows/release.yml@refs/heads/ci-test','runner_name':"
	    "'build-07','runner_labels':['self-hosted','build'],"
	    "'secrets_passed':['GITHUB_TOKEN','SLACK_RELEASE_WEBHOOK']"),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.job",
		.operation = "github:workflows.prepared_workflow_job",
		.ts = AT_TS, .actor = "jlindqvist", .repo = "acme/widget",
		.run_ref = "11990233417", .commit = SHA,
		.ref = "refs/heads/ci-test", .runner = "build-07",
		.native_id = "BuPjngHWhutU8COliWKOeA",
		.attrs = { { "job_name", "sign-and-publish" },
		    { "runner_labels", "[\"self-hosted\",\"build\"]" },
		    { "secrets_passed",
		    "[\"GITHUB_TOKEN\",\"SLACK_RELEASE_WEBHOOK\"]" },
		    { "runner_name", ABSENT }, { "head_sha", ABSENT },
		    { "org", "acme" } } } } },
	{ .name = "completed run that failed",
	    .json = WF("workflows.completed_workflow_run",
	    ",'conclusion':'failure'"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .failed = 1,
		.error_code = "failure", .ref = "refs/heads/ci-test",
		.attrs = { { "ref_source", "branch" } } } } },
	{ .name = "created run on a tag (version-shaped head_branch)",
	    .json = ENT("workflows.created_workflow_run",
	    ",'workflow_run_id':1,'head_branch':'v2.4.1','event':'push'"),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = "1",
		.ref = "refs/tags/v2.4.1",
		.attrs = { { "ref_source", "tag-name" } } } } },
	{ .name = "run of a release event",
	    .json = ENT("workflows.created_workflow_run",
	    ",'workflow_run_id':'77','head_branch':'stable','event':"
	    "'release'"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = "77",
		.ref = "refs/tags/stable" } } },
	{ .name = "deleting a run is CI history too",
	    .json = ENT("workflows.delete_workflow_run",
	    ",'workflow_run_id':9"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "ci.run", .run_ref = "9", .ref = NONE } } },
	{ .name = "approve_workflow_job",
	    .json = ENT("workflows.approve_workflow_job", ""), .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "ci.job", .run_ref = NONE } } },
	{ .name = "repo.update_actions_secret by a contributor",
	    .json = ENT("repo.update_actions_secret", ",'actor_ip':"
	    "'185.220.101.52','actor_location':{'country_code':'DE'},"
	    "'user_agent':'Mozilla/5.0','operation_type':'modify'"),
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.credential",
		.operation = "github:repo.update_actions_secret",
		.ts = AT_TS, .actor = "jlindqvist", .repo = "acme/widget",
		.src_ip = "185.220.101.52", .user_agent = "Mozilla/5.0",
		.run_ref = NONE, .ref = NONE, .commit = NONE,
		.native_id = "BuPjngHWhutU8COliWKOeA",
		.attrs = { { "operation_type", "modify" },
		    { "actor_location.country_code", "DE" },
		    { "ref_source", ABSENT } } } } },
	{ .name = "org.update_actions_secret",
	    .json = ENT("org.update_actions_secret", ""), .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.credential" } } },
	{ .name = "environment.create_actions_secret is a credential",
	    .json = ENT("environment.create_actions_secret", ""),
	    .rc = PARSE_OK, .nev = 1, .ev = { { .action = "iam.credential" } } },
	{ .name = "repo.remove_actions_secret",
	    .json = ENT("repo.remove_actions_secret", ""), .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.credential" } } },
	{ .name = "personal_access_token.request_created",
	    .json = ENT("personal_access_token.request_created", ""),
	    .rc = PARSE_OK, .nev = 1, .ev = { { .action = "iam.credential" } } },
	{ .name = "environment.update_protection_rule",
	    .json = ENT("environment.update_protection_rule",
	    ",'environment_name':'release'"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.policy",
		.attrs = { { "environment_name", "release" } } } } },
	{ .name = "protected_branch.update_admin_enforced",
	    .json = ENT("protected_branch.update_admin_enforced", ""),
	    .rc = PARSE_OK, .nev = 1, .ev = { { .action = "iam.policy" } } },
	{ .name = "repository_ruleset.create",
	    .json = ENT("repository_ruleset.create", ""), .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.policy" } } },
	{ .name = "org.set_default_workflow_permissions",
	    .json = ENT("org.set_default_workflow_permissions", ""),
	    .rc = PARSE_OK, .nev = 1, .ev = { { .action = "iam.policy" } } },
	{ .name = "org.runner_group_updated",
	    .json = ENT("org.runner_group_updated", ""), .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.policy" } } },
	{ .name = "repo.register_self_hosted_runner",
	    .json = ENT("repo.register_self_hosted_runner",
	    ",'runner_name':'build-07'"), .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.trust", .runner = NONE,
		.attrs = { { "runner_name", "build-07" } } } } },
	{ .name = "repo.download_zip is out of scope",
	    .json = ENT("repo.download_zip", ""), .rc = PARSE_SKIP },
	{ .name = "repo.download_zip with --all-events",
	    .json = ENT("repo.download_zip", ""), .all = 1, .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "other",
		.operation = "github:repo.download_zip" } } },
	{ .name = "a bare action name is out of scope",
	    .json = ENT("workflows", ""), .rc = PARSE_SKIP },
	{ .name = "created_at when @timestamp is absent",
	    .json = "{'created_at':1615077308538,'action':"
	    "'org.update_actions_secret','actor':'a'}", .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.credential",
		.ts = "2021-03-07T00:35:08.538000Z", .native_id = NONE } } },
	{ .name = "created_at as ISO 8601 text (exports)",
	    .json = "{'created_at':'2026-11-09T09:57:38.383Z','action':"
	    "'org.update_actions_secret','actor':'a'}", .rc = PARSE_OK,
	    .nev = 1, .ev = { { .action = "iam.credential", .ts = AT_TS,
		.ts_raw = "2026-11-09T09:57:38.383Z" } } },
	{ .name = "@timestamp as a real number",
	    .json = "{'@timestamp':1615077308538.0,'action':"
	    "'org.update_actions_secret'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.credential", .actor = NONE,
		.ts = "2021-03-07T00:35:08.538000Z" } } },
	{ .name = "@timestamp null falls back to created_at",
	    .json = "{'@timestamp':null,'created_at':1615077308538,'action':"
	    "'org.update_actions_secret'}", .rc = PARSE_OK, .nev = 1,
	    .ev = { { .ts = "2021-03-07T00:35:08.538000Z" } } },
	{ .name = "enterprise entry: org is an array",
	    .json = "{'@timestamp':1615077308538,'action':"
	    "'org.update_actions_secret','org':['org1','org2'],'org_id':[1,2]}",
	    .rc = PARSE_OK, .nev = 1,
	    .ev = { { .action = "iam.credential",
		.attrs = { { "org", "org1, org2" },
		    { "org_id", "[1,2]" } } } } },
	/* ---- malformed ------------------------------------------------- */
	{ .name = "no action", .json = "{'@timestamp':1615077308538}",
	    .rc = PARSE_ERR, .errmsg = "entry has no action" },
	{ .name = "action is a number", .json = "{'action':5}",
	    .rc = PARSE_ERR, .errmsg = "action is not a string" },
	{ .name = "no time", .json = "{'action':'repo.update_actions_secret'}",
	    .rc = PARSE_ERR, .errmsg = "no @timestamp or created_at" },
	{ .name = "@timestamp is a boolean",
	    .json = "{'@timestamp':true,'action':'repo.update_actions_secret'}",
	    .rc = PARSE_ERR, .errmsg = "@timestamp is not a number or a string" },
	{ .name = "@timestamp out of range",
	    .json = "{'@timestamp':9000000000000000000,'action':"
	    "'repo.update_actions_secret'}", .rc = PARSE_ERR,
	    .errmsg = "out of range" },
	{ .name = "@timestamp real out of range",
	    .json = "{'@timestamp':1e300,'action':"
	    "'repo.update_actions_secret'}", .rc = PARSE_ERR,
	    .errmsg = "out of range" },
	{ .name = "created_at is not a time",
	    .json = "{'created_at':'soon','action':"
	    "'repo.update_actions_secret'}", .rc = PARSE_ERR,
	    .errmsg = "bad created_at 'soon'" },
	{ .name = "entry is an array", .json = "[]", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(rows, NELEM(rows), "rows");
}

static const struct {
	const char	*text;		/* ' for " */
	enum scope_rc	 want;
} prefilters[] = {
	{ "{'action':'workflows.completed_workflow_run','@timestamp':1}",
	    SCOPE_IN },
	{ "{'@timestamp':1,'action':'repo.update_actions_secret'}", SCOPE_IN },
	{ "{'@timestamp':1,'action':'repo.download_zip'}", SCOPE_OUT },
	{ "{'@timestamp':1,'action':'git.clone','x':{'action':'workflows.a'}}",
	    SCOPE_OUT },
	{ "{'@timestamp':1,'action':'repo.download\\u005fzip'}",
	    SCOPE_UNKNOWN },
	{ "{'@timestamp':1,'action':7}", SCOPE_UNKNOWN },
	{ "{'@timestamp':1}", SCOPE_UNKNOWN },
	{ "{'@timestamp':1,'action':'repo.download_zip'", SCOPE_UNKNOWN },
};

static void
test_prefilter(void **state)
{
	size_t i, len;
	char *text, *copy;
	enum scope_rc sc;

	(void)state;
	for (i = 0; i < NELEM(prefilters); i++) {
		text = unquote(prefilters[i].text);
		len = strlen(text);
		copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, text, len);
		sc = P->prefilter(copy, len);
		if (sc != prefilters[i].want)
			bad("prefilter %s: %d, want %d", prefilters[i].text,
			    sc, prefilters[i].want);
		free(copy);
		free(text);
	}
	end_test("prefilter");
}

static const struct probe_row probes[] = {
	{ "audit-log.json", "[{'@timestamp':1,'_document_id':'a','action':"
	    "'repo.download_zip','actor':'x'}]", 95, 95 },
	{ "stream.jsonl", "{'@timestamp':1,'action':'workflows.created_"
	    "workflow_run','actor':'x','org':'acme'}", 80, 80 },
	{ "runs.json", "{'total_count':1,'workflow_runs':[{'id':1,"
	    "'run_attempt':1,'workflow_id':1,'head_sha':'x'}]}", 0, 0 },
	{ "ct.json", "{'Records':[{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com','eventName':'Sign'}]}", 0, 0 },
	{ "hook.json", "{'action':'published','release':{'id':1}}", 0, 0 },
	{ "other.json", "{'action':'x','@timestamp':1}", 0, 0 },
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
	run_emit_failure(GOGH);
}

/* ------------------------------------------------------------------ */
/* The real corpus (none of it is an audit log) and the samples        */

static struct corpus_file corpus_files[] = {
	{ "github_actions/releases/octokit-release-assets.raw-fixture.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/rest_api/2499110858-1-get-workflow-run-attempt.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/rest_api/"
	    "2499110858-1-list-jobs-for-workflow-run-attempt.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/rest_api/2499110858-2-get-workflow-run-attempt.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/rest_api/"
	    "2499110858-2-list-jobs-for-workflow-run-attempt.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/webhook_payloads/release.published.payload.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/webhook_payloads/"
	    "workflow_job.completed.failure.with-organization.payload.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/webhook_payloads/"
	    "workflow_job.in_progress.with-queued-steps.payload.json",
	    0, 0, 0, 0, 0, 0 },
	{ "github_actions/webhook_payloads/workflow_run.completed.payload.json",
	    0, 0, 0, 0, 0, 0 },
};

static void
test_corpus(void **state)
{
	static const char *const dirs[] = { "github_actions", NULL };

	(void)state;
	if (run_corpus("../shared/corpus", dirs, corpus_files,
	    NELEM(corpus_files), NULL, 0) == 0) {
		print_message("corpus ../shared/corpus/github_actions absent: "
		    "test skipped\n");
		skip();
	}
	end_test("corpus");
}

static struct corpus_file sample_files[] = {
	{ "github_actions/audit-log.json", 1, 74, 69, 0, 5, 0 },
	{ "github_actions/ci-run-11617196539-attempt-1.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/ci-runs.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/jobs-11652093318.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/jobs-11768420157.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/jobs-11873645201.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/jobs-11990233417.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/jobs-12061877492.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/release-runs.json", 0, 0, 0, 0, 0, 0 },
	{ "github_actions/run-11990233417-attempt-1.json", 0, 0, 0, 0, 0, 0 },
};

#define SAL "github_actions/audit-log.json"

static struct corpus_fact sample_facts[] = {
	/* the compromised account changes a secret 15 minutes before */
	{ SAL, "BuPjngHWhutU8COliWKOeA", C_ACTION, NULL, "iam.credential", 0 },
	{ SAL, "BuPjngHWhutU8COliWKOeA", C_ACTOR, NULL, "jlindqvist", 0 },
	{ SAL, "BuPjngHWhutU8COliWKOeA", C_SRC_IP, NULL, "185.220.101.52", 0 },
	{ SAL, "BuPjngHWhutU8COliWKOeA", COL_TS, NULL,
	    "2026-11-09T09:57:38.029000Z", 0 },
	/* the hijacked run's sign job on the self-hosted runner */
	{ SAL, "qdI6mSUwPwSzUYtR2QmmiQ", C_ACTION, NULL, "ci.job", 0 },
	{ SAL, "qdI6mSUwPwSzUYtR2QmmiQ", C_RUNNER, NULL, "build-07", 0 },
	{ SAL, "qdI6mSUwPwSzUYtR2QmmiQ", C_RUN, NULL, "11990233417", 0 },
	{ SAL, "qdI6mSUwPwSzUYtR2QmmiQ", C_REF, NULL, "refs/heads/ci-test", 0 },
	{ SAL, "qdI6mSUwPwSzUYtR2QmmiQ", -1, "secrets_passed",
	    "[\"GITHUB_TOKEN\",\"SLACK_RELEASE_WEBHOOK\"]", 0 },
	/* containment */
	{ SAL, "hW51fHx6hl8E2Mn9jFzSuA", C_ACTION, NULL, "iam.policy", 0 },
	{ SAL, "ivIH6--YpBTxsJaxJ7v2yA", C_ACTION, NULL, "iam.trust", 0 },
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
		cmocka_unit_test(test_prefilter),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_emit_failure),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
