/* SPDX-License-Identifier: MIT */
/*
 * helpers.c - the harness shared by the parser unit tests (helpers.h).
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
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"
#include "event.h"
#include "helpers.h"
#include "jsonutil.h"
#include "jsplit.h"
#include "parser.h"
#include "timeutil.h"
#include "tsplit.h"

static int nbad;

void
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

void
end_test(const char *what)
{
	int n = nbad;

	nbad = 0;
	if (n)
		fail_msg("%s: %d check(s) failed", what, n);
}

char *
unquote(const char *s)
{
	char *t = strdup(s), *p;

	assert_non_null(t);
	for (p = t; *p; p++)
		if (*p == '\'')
			*p = '"';
	return t;
}

const char *
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

void
check_str(const char *row, const char *what, const char *want,
    const char *got)
{
	if (want && strcmp(want, ANY) == 0) {
		if (got == NULL)
			bad("%s: %s: want a value, got NULL", row, what);
		return;
	}
	if (want == NULL && got == NULL)
		return;
	if (want && got && strcmp(want, got) == 0)
		return;
	bad("%s: %s: want \"%s\", got \"%s\"", row, what,
	    want ? want : "(null)", got ? got : "(null)");
}

/* attrs along a dotted path whose numeric parts index arrays. */
static const json_t *
attr_path(const json_t *v, const char *path)
{
	char step[128], *end;
	size_t n;
	long i;

	while (v && *path) {
		n = strcspn(path, ".");
		if (n >= sizeof(step))
			return NULL;
		memcpy(step, path, n);
		step[n] = '\0';
		path += n + (path[n] == '.');
		if (json_is_array(v)) {
			i = strtol(step, &end, 10);
			v = *step && *end == '\0' && i >= 0 ?
			    json_array_get(v, (size_t)i) : NULL;
		} else {
			v = json_object_get(v, step);
		}
	}
	return v;
}

char *
attr_text(const json_t *attrs, const char *path)
{
	const json_t *v = attr_path(attrs, path);

	if (v == NULL)
		v = json_object_get(attrs, path);	/* a key with dots */
	if (v == NULL)
		return NULL;
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
}

/* ------------------------------------------------------------------ */
/* Capturing emitted events                                            */

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
evcopy_fill(struct evcopy *e, const struct event *ev)
{
	const char *cols[NCOL];
	int i;

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
	cols[C_ERROR_MESSAGE] = ev->error_message;
	cols[C_ACTOR] = ev->actor;
	cols[C_SESSION] = ev->session;
	cols[C_KEY_REF] = ev->key_ref;
	/* how key_ref was found; "record" when the parser does not say */
	cols[C_KEY_REF_SRC] = ev->key_ref ? (ev->key_ref_src ?
	    ev->key_ref_src : "record") : NULL;
	cols[C_KEY_RAW] = ev->key_raw;
	cols[C_DIGEST] = ev->digest;
	cols[C_ARTIFACT] = ev->artifact;
	cols[C_VERSION] = ev->version;
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
	if (ev->raw) {		/* the bytes as they are, NUL-terminated */
		e->raw = malloc(ev->raw_len + 1);
		assert_non_null(e->raw);
		memcpy(e->raw, ev->raw, ev->raw_len);
		e->raw[ev->raw_len] = '\0';
		e->raw_len = ev->raw_len;
	}
	e->attrs = ev->attrs ? json_deep_copy(ev->attrs) : NULL;
}

static void
evcopy_free(struct evcopy *e)
{
	int i;

	for (i = 0; i < NCOL; i++)
		free(e->col[i]);
	free(e->raw);
	json_decref(e->attrs);
}

/* The parser's name, or its family's ("cloudhsm" for "cloudhsm-cwl"). */
static int
source_ok(const struct parser *p, const char *source)
{
	size_t n = strcspn(p->name, "-");

	return source && (strcmp(source, p->name) == 0 ||
	    (strlen(source) == n && strncmp(source, p->name, n) == 0));
}

/* The emit callback of every run: the invariants, then a copy (helpers.h). */
static int
capture_emit(void *arg, struct event *ev)
{
	struct capture *c = arg;
	struct evcopy *e;

	if (c->fail)
		return -1;
	if (ev->action == NULL || event_action(ev->action) == NULL)
		bad("action \"%s\" is not in the vocabulary",
		    ev->action ? ev->action : "(null)");
	if (!source_ok(c->p, ev->source) && !(c->other_sources &&
	    ev->source && parser_find(ev->source)))
		bad("source \"%s\", parser %s", ev->source ? ev->source :
		    "(null)", c->p->name);
	if (ev->operation == NULL || strchr(ev->operation, ':') == NULL)
		bad("operation \"%s\" without a service",
		    ev->operation ? ev->operation : "(null)");
	if (!c->derived && (ev->raw == NULL || ev->raw_len == 0))
		bad("event without raw record");
	if (ev->native_id == NULL)
		c->no_id++;
	if (ev->ts_us != EVENT_NO_TIME && ev->ts_raw == NULL &&
	    !(ev->ts_flags & TS_DERIVED))
		bad("time without ts_raw");
	if (ev->end_us != EVENT_NO_TIME && ev->ts_us == EVENT_NO_TIME)
		bad("event with an end but no start");
	if (ev->digest && strncmp(ev->digest, "sha", 3) != 0)
		bad("digest \"%s\"", ev->digest);
	if (ev->failed == 0 && ev->error_code)
		bad("error_code without failure");
	if (c->keep && c->n >= c->keep) {	/* counted, not kept */
		struct evcopy tmp;

		c->n++;
		if (c->fact) {
			evcopy_fill(&tmp, ev);
			c->fact(c->fact_arg, &tmp);
			evcopy_free(&tmp);
		}
		return 0;
	}
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 16;
		c->ev = realloc(c->ev, (size_t)c->alloc * sizeof(*c->ev));
		assert_non_null(c->ev);
	}
	e = &c->ev[c->n++];
	evcopy_fill(e, ev);
	if (c->fact)
		c->fact(c->fact_arg, e);
	return 0;
}

void
capture_free(struct capture *c)
{
	int i;

	for (i = 0; i < c->n && (c->keep == 0 || i < c->keep); i++)
		evcopy_free(&c->ev[i]);
	free(c->ev);
	c->ev = NULL;
	c->n = c->alloc = c->fail = c->no_id = c->derived = 0;
}

static void
ctx_init(struct parse_ctx *pc, struct parse_opts *opts, int all,
    void *state, struct capture *c)
{
	memset(pc, 0, sizeof(*pc));
	memset(opts, 0, sizeof(*opts));
	opts->anchor_us = EVENT_NO_TIME;
	pc->all_events = all;
	pc->name = "test.json";
	pc->opts = opts;
	pc->state = state;
	pc->emit = capture_emit;
	pc->emit_arg = c;
}

static int
run_record(const struct parser *p, const char *text, size_t len, int all,
    void *state, const char *name, const char *anchor, struct capture *c,
    struct diag *d)
{
	struct parse_ctx pc;
	struct parse_opts opts;
	struct event ev;
	json_error_t jerr;
	json_t *rec = NULL, *before;
	char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, text, len);
	ctx_init(&pc, &opts, all, state, c);
	if (name)
		pc.name = name;
	if (anchor)
		assert_int_equal(ts_parse_iso(anchor, strlen(anchor),
		    &opts.anchor_us, NULL, NULL), 0);
	c->p = p;
	diag_clear(d);
	if (p->kind == INPUT_JSON) {
		rec = json_load_record(copy, len, &jerr);
		if (rec == NULL) {
			free(copy);
			snprintf(d->msg, sizeof(d->msg), "%s (column %d)",
			    jerr.text, jerr.column);
			return RC_NOT_JSON;
		}
	}
	event_init(&ev);
	ev.raw = copy;
	ev.raw_len = len;
	switch (p->kind) {
	case INPUT_JSON:
		before = json_deep_copy(rec);
		rc = p->parse_json(rec, &pc, &ev, d);
		if (!json_equal(rec, before))
			bad("%s: the parser changed the record", p->name);
		json_decref(before);
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

int
run_parser(const struct parser *p, const char *text, size_t len, int all,
    void *state, struct capture *c, struct diag *d)
{
	return run_record(p, text, len, all, state, NULL, NULL, c, d);
}

int
run_item(const struct parser *p, const char *text, const char *name,
    const char *anchor, int all, struct capture *c, struct diag *d)
{
	return run_record(p, text, strlen(text), all, NULL, name, anchor, c,
	    d);
}

int
run_finish(const struct parser *p, void *state, struct capture *c,
    struct diag *d)
{
	struct parse_opts opts;
	struct parse_ctx pc;
	struct event ev;
	int ret;

	if (p->finish == NULL)
		return 0;
	ctx_init(&pc, &opts, 0, state, c);
	c->p = p;
	c->derived = 1;
	event_init(&ev);
	diag_clear(d);
	ret = p->finish(&pc, &ev, d);
	event_clear(&ev);
	c->derived = 0;
	return ret;
}

void
run_emit_failure(const struct parser *p, const char *text)
{
	struct capture c;
	struct diag d;
	char *t = unquote(text);

	memset(&c, 0, sizeof(c));
	c.fail = 1;
	assert_int_equal(run_parser(p, t, strlen(t), 0, NULL, &c, &d),
	    PARSE_FATAL);
	capture_free(&c);
	free(t);
}

/* ------------------------------------------------------------------ */
/* The table of cases                                                  */

/* The columns of struct ev_want. */
static const struct {
	const char	*name;
	size_t		 want;		/* offset in struct ev_want */
	int		 col;		/* C_* */
} wcols[] = {
#define WC(f, c)	{ #f, offsetof(struct ev_want, f), c }
	WC(action, C_ACTION), WC(operation, C_OPERATION),
	WC(error_code, C_ERROR_CODE), WC(actor, C_ACTOR),
	WC(artifact, C_ARTIFACT), WC(version, C_VERSION), WC(digest, C_DIGEST),
	WC(repo, C_REPO), WC(ref, C_REF), WC(commit_sha, C_COMMIT),
	WC(src_ip, C_SRC_IP), WC(user_agent, C_UA), WC(native_id, C_NATIVE),
	WC(ts_raw, C_TS_RAW), WC(session, C_SESSION), WC(key_ref, C_KEY_REF),
	WC(key_raw, C_KEY_RAW), WC(run_ref, C_RUN), WC(job_ref, C_JOB),
	WC(runner, C_RUNNER), WC(error_message, C_ERROR_MESSAGE),
	WC(key_ref_src, C_KEY_REF_SRC),
#undef WC
};

static void
check_col(const char *row, int i, const char *what, const char *want,
    const char *got, int strict)
{
	char name[160];

	if (want == NULL && !strict)
		return;
	snprintf(name, sizeof(name), "event %d: %s", i, what);
	check_str(row, name, want && strcmp(want, NONE) == 0 ? NULL : want,
	    got);
}

static void
check_time(const char *row, int i, const char *what, const char *want,
    int64_t us, int strict)
{
	char tb[TS_BUFSZ];

	if (want && strcmp(want, NOTIME) == 0)
		want = NONE;
	check_col(row, i, what, want, us == EVENT_NO_TIME ? NULL :
	    ts_format(us, tb), strict);
}

void
check_event(const struct suite *s, const char *row, int i,
    const struct ev_want *w, const struct evcopy *e)
{
	int strict = (s->flags & S_STRICT) != 0;
	unsigned want_flags;
	const char *want;
	size_t k;
	char *got;

	for (k = 0; k < NELEM(wcols); k++) {
		want = *(const char *const *)(const void *)((const char *)w +
		    wcols[k].want);
		if (want == NULL && wcols[k].col == C_KEY_REF_SRC &&
		    w->key_ref && strict &&
		    (s->strict & COLBIT(C_KEY_REF_SRC)))
			want = "record";
		check_col(row, i, wcols[k].name, want, e->col[wcols[k].col],
		    strict && (s->strict & COLBIT(wcols[k].col)));
	}
	check_time(row, i, "ts", w->ts, e->ts_us, strict);
	check_time(row, i, "end", w->end, e->end_us, 0);
	if (w->failed != e->failed)
		bad("%s: event %d: failed: want %d, got %d", row, i, w->failed,
		    e->failed);
	want_flags = w->ts_flags == TSF_NONE ? 0 : w->ts_flags ? w->ts_flags :
	    s->ts_flags;
	if (strict && e->ts_flags != want_flags)
		bad("%s: event %d: ts_flags 0x%x, want 0x%x", row, i,
		    e->ts_flags, want_flags);
	if (!e->has_raw)
		bad("%s: event %d: the raw record was lost", row, i);
	for (k = 0; k < NELEM(w->attrs) && w->attrs[k].path; k++) {
		got = attr_text(e->attrs, w->attrs[k].path);
		if (strcmp(w->attrs[k].val, ABSENT) == 0 ||
		    strcmp(w->attrs[k].val, NONE) == 0) {
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

/* S_FLIP: the row with --all-events flipped, then with a failing store. */
static void
check_flipped(const struct suite *s, const struct row *r, const char *text,
    int rc, const struct capture *c1)
{
	struct capture c;
	struct diag d;
	int rc2, want, n1 = c1->n;

	memset(&c, 0, sizeof(c));
	rc2 = run_parser(s->p, text, strlen(text), !r->all, NULL, &c, &d);
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
	} else {
		if (c.n > n1)
			bad("%s: more events without --all-events", r->name);
		/* an "other" event is skipped, an error may be */
		if (rc == PARSE_OK && n1 > 0 &&
		    strcmp(c1->ev[0].action, "other") == 0)
			want = PARSE_SKIP;
		else
			want = rc;
		if (rc2 != want && !(rc == PARSE_ERR && rc2 == PARSE_SKIP))
			bad("%s: without --all-events %s", r->name,
			    rc_name(rc2));
	}
	if ((s->flags & S_ONE) && rc2 == PARSE_OK) {
		if (c.n != 1)
			bad("%s: flipped: %d events", r->name, c.n);
		else if (strcmp(c.ev[0].action, rc == PARSE_SKIP ? "other" :
		    n1 > 0 ? c1->ev[0].action : "?") != 0)
			bad("%s: flipped: action %s", r->name, c.ev[0].action);
		else if (r->w.operation)
			check_str(r->name, "flipped: operation",
			    r->w.operation, c.ev[0].operation);
	}
	capture_free(&c);
	if (n1 > 0) {
		c.fail = 1;
		if (run_parser(s->p, text, strlen(text), r->all, NULL, &c,
		    &d) != PARSE_FATAL)
			bad("%s: emit failure not PARSE_FATAL", r->name);
		capture_free(&c);
	}
}

enum scope_rc
run_prefilter(const struct parser *p, const char *text, size_t len)
{
	char *copy = malloc(len ? len : 1);
	enum scope_rc sc;

	assert_non_null(copy);
	memcpy(copy, text, len);
	sc = p->prefilter(copy, len);
	free(copy);
	return sc;
}

void
run_prefilters(const struct suite *s, const struct pf_row *rows, size_t n,
    const char *keep)
{
	size_t i, k, len;
	enum scope_rc sc;
	struct capture c;
	struct diag d;
	char *text;
	int rc;

	for (i = 0; i < n; i++) {
		text = unquote(rows[i].text);
		sc = run_prefilter(s->p, text, strlen(text));
		if (sc != rows[i].want)
			bad("prefilter %s: got %d, want %d", rows[i].name, sc,
			    rows[i].want);
		/* a definite answer must agree with the full parse */
		memset(&c, 0, sizeof(c));
		rc = run_parser(s->p, text, strlen(text), 0, NULL, &c, &d);
		if (rc != RC_NOT_JSON && sc == SCOPE_OUT && rc != PARSE_SKIP)
			bad("prefilter %s: OUT, parser %s", rows[i].name,
			    rc_name(rc));
		if (rc != RC_NOT_JSON && sc == SCOPE_IN && rc == PARSE_SKIP)
			bad("prefilter %s: IN, parser skips", rows[i].name);
		/* a duplicated key is rejected by the loader: quarantined */
		if (strstr(rows[i].name, "duplicated") && rc != RC_NOT_JSON)
			bad("prefilter %s: the loader accepts it",
			    rows[i].name);
		capture_free(&c);
		free(text);
	}
	/* every prefix of a kept record: never a wrong answer */
	text = unquote(keep);
	len = strlen(text);
	for (k = 0; k <= len; k++)
		if (run_prefilter(s->p, text, k) == SCOPE_OUT)
			bad("prefix %zu of the kept record: OUT", k);
	free(text);
	end_test("prefilter");
}

/* Runs one row; its events are left in c (capture_free() them). */
static void
run_row(const struct suite *s, const struct row *r, struct capture *c)
{
	char *text = r->raw ? strdup(r->text) : unquote(r->text);
	enum scope_rc sc = SCOPE_UNKNOWN;
	struct diag d;
	int rc, i;

	assert_non_null(text);
	memset(c, 0, sizeof(*c));
	rc = run_parser(s->p, text, strlen(text), r->all, NULL, c, &d);
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
	} else if ((s->flags & S_STRICT) && d.msg[0] != '\0') {
		bad("%s: %s with a message \"%s\"", r->name, rc_name(rc),
		    d.msg);
	}
	if (r->nev >= 0 && c->n != r->nev)
		bad("%s: %d events, want %d", r->name, c->n, r->nev);
	if ((rc != PARSE_OK && rc != PARSE_ERR) && c->n)
		bad("%s: %s but events emitted", r->name, rc_name(rc));
	if (c->n > 1 && c->no_id)
		bad("%s: %d events of one record without native_id", r->name,
		    c->no_id);
	if (r->w.action && r->idx < c->n)
		check_event(s, r->name, r->idx, &r->w, &c->ev[r->idx]);
	for (i = 0; i < c->n && i < (int)NELEM(r->ev); i++)
		if (r->ev[i].action || r->ev[i].native_id)
			check_event(s, r->name, i, &r->ev[i], &c->ev[i]);
	for (i = 0; i < c->n && (s->flags & S_TIMED); i++)
		if (c->ev[i].ts_us == EVENT_NO_TIME || c->ev[i].ts_raw == NULL)
			bad("%s: event %d: no time", r->name, i);
	if (s->check)
		for (i = 0; i < c->n; i++)
			s->check(r->name, &c->ev[i]);
	if (s->p->prefilter)
		sc = run_prefilter(s->p, text, strlen(text));
	if (s->p->prefilter && r->pf && (int)sc != (r->pf == PF_IN ? SCOPE_IN :
	    r->pf == PF_OUT ? SCOPE_OUT : SCOPE_UNKNOWN))
		bad("%s: prefilter says %d", r->name, sc);
	if (s->p->prefilter && !r->all) {
		if (sc == SCOPE_OUT && rc != PARSE_SKIP)
			bad("%s: prefilter drops a record the parser keeps",
			    r->name);
		if (sc == SCOPE_IN && rc == PARSE_SKIP)
			bad("%s: prefilter keeps a skipped record", r->name);
	}
	if (s->flags & S_FLIP)
		check_flipped(s, r, text, rc, c);
out:
	free(text);
}

void
run_rows(const struct suite *s, const struct row *rows, size_t n,
    const char *what)
{
	struct capture c;
	size_t i;

	for (i = 0; i < n; i++) {
		run_row(s, &rows[i], &c);
		capture_free(&c);
	}
	end_test(what);
}

void
check_probe(const struct suite *s, const struct probe_row *r)
{
	const struct parser *p = r->p ? r->p : s->p, *got;
	const char *file = r->file ? r->file : r->name;
	char *text = (s->flags & S_PLAIN) ? strdup(r->head) : unquote(r->head);
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);
	int score;

	assert_non_null(copy);
	memcpy(copy, text, len);
	score = p->probe(copy, len, file);
	if (score < r->min || score > r->max)
		bad("probe %s (%s): score %d, want %d..%d", r->name, p->name,
		    score, r->min, r->max);
	got = parser_detect(copy, len, file, &score);
	if ((r->detect == DETECT_PICK || ((r->detect == DETECT_BOTH ||
	    r->detect == DETECT_IF_CLAIMED) && r->min > 0)) && got != p)
		bad("probe %s: detected as %s", r->name,
		    got ? got->name : "nothing");
	if (r->detect == DETECT_BOTH && r->min == 0 && got == p)
		bad("probe %s: claimed", r->name);
	free(copy);
	free(text);
}

void
run_probes(const struct suite *s, const struct probe_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_probe(s, &rows[i]);
	end_test("probe");
}

/* ------------------------------------------------------------------ */
/* Streams                                                             */

static char
rc_letter(int rc)
{
	switch (rc) {
	case PARSE_OK:		return 'O';
	case PARSE_SKIP:	return 'S';
	case PARSE_NONEVENT:	return 'N';
	case PARSE_ERR:		return 'E';
	case PARSE_FATAL:	return 'F';
	}
	return '?';
}

int
drive_one(struct drive *dr, const char *rec, size_t len, struct diag *d)
{
	struct event ev;
	json_error_t jerr;
	json_t *root;
	int rc;
	char *copy = malloc(len ? len : 1);

	/* an exact-size copy: ASan catches a read past the record */
	assert_non_null(copy);
	memcpy(copy, rec, len);
	diag_clear(d);
	event_init(&ev);
	ev.raw = copy;
	ev.raw_len = len;
	if (dr->p->kind == INPUT_JSON) {
		root = json_load_record(copy, len, &jerr);
		if (root == NULL) {
			rc = diag_set(d, "invalid JSON: %s", jerr.text);
		} else {
			rc = dr->p->parse_json(root, &dr->pc, &ev, d);
			json_decref(root);
		}
	} else if (dr->p->kind == INPUT_TEXT) {
		rc = dr->p->parse_text(copy, len, &dr->pc, &ev, d);
	} else {
		rc = dr->p->parse_blob((const unsigned char *)copy, len,
		    &dr->pc, &ev, d);
	}
	event_clear(&ev);
	free(copy);
	return rc;
}

/* One record from the splitter, its result letter kept. */
static int
drive_record(void *arg, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err)
{
	struct drive *dr = arg;
	struct diag d;
	int rc;

	if (rec == NULL)
		return 0;
	if (dr->nrec >= MAXREC)
		return -1;
	if (err) {
		diag_clear(&d);
		rc = diag_set(&d, "%s", err);
	} else {
		dr->pc.line = line;
		dr->pc.offset = offset;
		rc = drive_one(dr, rec, len, &d);
	}
	if (rc == PARSE_ERR && dr->msg[0] == '\0')
		snprintf(dr->msg, sizeof(dr->msg), "%s", d.msg);
	dr->rcs[dr->nrec++] = rc_letter(rc);
	dr->rcs[dr->nrec] = '\0';
	return rc == PARSE_FATAL ? -1 : 0;
}

void
drive_begin(struct drive *dr, const struct parser *p, const char *name,
    const char *anchor, int all)
{
	memset(dr, 0, sizeof(*dr));
	dr->p = p;
	dr->c.p = p;
	dr->opts.anchor_us = EVENT_NO_TIME;
	if (anchor)
		assert_int_equal(ts_parse_iso(anchor, strlen(anchor),
		    &dr->opts.anchor_us, NULL, NULL), 0);
	dr->pc.all_events = all;
	dr->pc.name = name;
	dr->pc.opts = &dr->opts;
	dr->pc.emit = capture_emit;
	dr->pc.emit_arg = &dr->c;
	if (p->state_new)
		dr->pc.state = p->state_new(&dr->pc);
}

void
drive_feed(struct drive *dr, const char *text, size_t len, size_t step)
{
	const struct parser *p = dr->p;
	struct tsplit *ts = NULL;
	struct jsplit *js = NULL;
	size_t off, n;

	if (p->kind == INPUT_BLOB) {
		(void)drive_record(dr, text, len, 1, 0, NULL);
		return;
	}
	if (p->kind == INPUT_JSON)
		js = jsplit_new(p->container_keys, 1 << 20, drive_record, dr);
	else
		ts = tsplit_new(p->split, 1 << 20, drive_record, dr);
	for (off = 0; off < len; off += n) {
		n = step && len - off > step ? step : len - off;
		if (js)
			jsplit_feed(js, text + off, n);
		else
			tsplit_feed(ts, text + off, n);
	}
	if (js)
		jsplit_finish(js);
	else
		tsplit_finish(ts);
	jsplit_free(js);
	tsplit_free(ts);
}

int
drive_end(struct drive *dr)
{
	struct event ev;
	struct diag d;
	int ret = 0;

	if (dr->p->finish) {
		event_init(&ev);
		diag_clear(&d);
		dr->c.derived = 1;
		ret = dr->p->finish(&dr->pc, &ev, &d);
		dr->c.derived = 0;
		event_clear(&ev);
	}
	return ret;
}

int
drive(struct drive *dr, const struct parser *p, const char *text,
    size_t len, const char *name, const char *anchor, int all, size_t step)
{
	drive_begin(dr, p, name, anchor, all);
	drive_feed(dr, text, len, step);
	return drive_end(dr);
}

void
drive_free(struct drive *dr)
{
	capture_free(&dr->c);
	if (dr->pc.state && dr->p->state_free)
		dr->p->state_free(dr->pc.state);
	dr->pc.state = NULL;
}

void
check_field(const char *row, int i, const char *what, const char *want,
    const char *got)
{
	if (want == NULL)
		return;
	check_col(row, i, what, want, got, 0);
}

int
drive_corpus(const struct suite *s, const struct parser *const *ps,
    const char *sub)
{
	const char *root = corpus_root();
	char dir[4096], path[8192];
	struct dirent *de;
	struct drive *dr;
	size_t len, k;
	char *text;
	DIR *dp;
	int i, files = 0;

	snprintf(dir, sizeof(dir), "%s/%s", root ? root : "/nonexistent", sub);
	if ((dp = opendir(dir)) == NULL)
		return -1;
	dr = calloc(1, sizeof(*dr));
	assert_non_null(dr);
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((text = read_file(path, &len)) == NULL)
			continue;
		for (k = 0; ps[k]; k++)
			if (ps[k]->probe(text, len < PROBE_HEAD ? len :
			    PROBE_HEAD, path) > 0)
				break;
		if (ps[k]) {
			drive(dr, ps[k], text, len, path, NULL, 0, 0);
			if (strchr(dr->rcs, 'E'))
				bad("%s: %s", path, dr->msg);
			for (i = 0; s->check && i < dr->c.n; i++)
				s->check(path, &dr->c.ev[i]);
			drive_free(dr);
			files++;
		}
		free(text);
	}
	closedir(dp);
	free(dr);
	return files;
}

/* The expected events ws[0..nw) (up to one with idx -1) against c. */
static void
check_wants(const char *name, const struct capture *c, const struct want *ws,
    size_t nw)
{
	size_t k, a;

	for (k = 0; k < nw && ws[k].idx >= 0; k++) {
		const struct want *w = &ws[k];
		const struct evcopy *e;
		char t[TS_BUFSZ];

		if (w->idx >= c->n) {
			bad("%s: no event %d", name, w->idx);
			continue;
		}
		e = &c->ev[w->idx];
		check_field(name, w->idx, "action", w->action, e->action);
		check_field(name, w->idx, "operation", w->operation,
		    e->operation);
		check_field(name, w->idx, "actor", w->actor, e->actor);
		check_field(name, w->idx, "session", w->session,
		    e->session);
		check_field(name, w->idx, "key_ref", w->key_ref,
		    e->key_ref);
		check_field(name, w->idx, "key_raw", w->key_raw,
		    e->key_raw);
		check_field(name, w->idx, "native_id", w->native_id,
		    e->native_id);
		check_field(name, w->idx, "error_code", w->error_code,
		    e->error_code);
		check_field(name, w->idx, "digest", w->digest, e->digest);
		if (w->failed != F_ANY && (w->failed == F_YES) != e->failed)
			bad("%s: event %d: failed %d", name, w->idx,
			    e->failed);
		check_field(name, w->idx, "ts", w->ts, e->ts_us ==
		    EVENT_NO_TIME ? NULL : ts_format(e->ts_us, t));
		check_field(name, w->idx, "end", w->end, e->end_us ==
		    EVENT_NO_TIME ? NULL : ts_format(e->end_us, t));
		if (w->ts_flags != 0 && (w->ts_flags == TSF_NONE ? 0 :
		    w->ts_flags) != e->ts_flags)
			bad("%s: event %d: ts_flags %#x", name, w->idx,
			    e->ts_flags);
		if (w->raw_prefix && (e->raw == NULL || strncmp(e->raw,
		    w->raw_prefix, strlen(w->raw_prefix)) != 0))
			bad("%s: event %d: raw \"%s\" does not start with "
			    "\"%s\"", name, w->idx, e->raw ? e->raw : "",
			    w->raw_prefix);
		for (a = 0; a < NELEM(w->attrs) && w->attrs[a].path; a++) {
			char *got = attr_text(e->attrs, w->attrs[a].path);

			if (strcmp(w->attrs[a].val, ABSENT) == 0) {
				if (got)
					bad("%s: event %d: attrs.%s present",
					    name, w->idx, w->attrs[a].path);
			} else {
				check_field(name, w->idx, w->attrs[a].path,
				    w->attrs[a].val, got);
			}
			free(got);
		}
	}
}

/* Drives one row in pieces of step bytes and checks it. */
static void
check_srow(const struct suite *s, const struct srow *r, size_t step)
{
	const struct parser *p = r->p ? r->p : s->p;
	struct drive *dr = calloc(1, sizeof(*dr));
	char name[300];
	int i;

	assert_non_null(dr);
	snprintf(name, sizeof(name), "%s (step %zu)", r->name, step);
	if (drive(dr, p, r->text, strlen(r->text), r->evname, r->anchor,
	    r->all, step) < 0)
		bad("%s: finish failed", name);
	if (strcmp(dr->rcs, r->rcs) != 0)
		bad("%s: records %s, want %s (%s)", name, dr->rcs, r->rcs,
		    dr->msg);
	if (r->errmsg && strstr(dr->msg, r->errmsg) == NULL)
		bad("%s: first error \"%s\" lacks \"%s\"", name, dr->msg,
		    r->errmsg);
	if (dr->c.n != r->nev)
		bad("%s: %d events, want %d", name, dr->c.n, r->nev);
	if (s->check)
		for (i = 0; i < dr->c.n; i++)
			s->check(name, &dr->c.ev[i]);
	check_wants(name, &dr->c, r->w, NELEM(r->w));
	drive_free(dr);
	free(dr);
}

void
run_srows(const struct suite *s, const struct srow *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		check_srow(s, &rows[i], 0);
		if ((rows[i].p ? rows[i].p : s->p)->kind != INPUT_BLOB)
			check_srow(s, &rows[i], 7);	/* cut across feeds */
	}
	end_test("rows");
}

/* ------------------------------------------------------------------ */
/* Events as JSON, and expectations about them                         */

static void
put_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

/* The event as a JSON object (new), as ev_value() describes it. */
static json_t *
evcopy_json(const struct evcopy *e)
{
	char b[TS_BUFSZ], fl[96];
	json_t *o = json_object();

	if (e->ts_us != EVENT_NO_TIME)
		put_str(o, "ts", ts_format(e->ts_us, b));
	if (e->end_us != EVENT_NO_TIME)
		put_str(o, "end", ts_format(e->end_us, b));
	put_str(o, "ts_raw", e->ts_raw);
	put_str(o, "ts_flags", ts_flags_format(e->ts_flags, fl, sizeof(fl)));
	put_str(o, "source", e->source);
	put_str(o, "action", e->action);
	put_str(o, "operation", e->operation);
	put_str(o, "outcome", e->failed ? "failure" : "success");
	put_str(o, "error_code", e->error_code);
	put_str(o, "error_message", e->error_message);
	put_str(o, "actor", e->actor);
	put_str(o, "key_ref", e->key_ref);
	put_str(o, "key_ref_src", e->key_ref_src);
	put_str(o, "key_raw", e->key_raw);
	put_str(o, "digest", e->digest);
	put_str(o, "repo", e->repo);
	put_str(o, "ref", e->ref);
	put_str(o, "commit_sha", e->commit_sha);
	put_str(o, "run_ref", e->run_ref);
	put_str(o, "runner", e->runner);
	put_str(o, "native_id", e->native_id);
	if (e->raw)
		json_object_set_new(o, "raw", json_stringn_nocheck(e->raw,
		    e->raw_len));
	json_object_set_new(o, "raw_len", json_integer((json_int_t)
	    e->raw_len));
	if (e->attrs)
		json_object_set_new(o, "attrs", json_deep_copy(e->attrs));
	return o;
}

/* The value at a '/'-separated path of o as text (new), or NULL. */
static char *
value_at(json_t *o, const char *path)
{
	char key[256];
	const char *p = path, *e;
	json_t *v = o;

	while (v && *p) {
		e = strchr(p, '/');
		snprintf(key, sizeof(key), "%.*s", (int)(e ? e - p :
		    (long)strlen(p)), p);
		if (json_is_object(v))
			v = json_object_get(v, key);
		else if (json_is_array(v))
			v = json_array_get(v, strtoul(key, NULL, 10));
		else
			v = NULL;
		p = e ? e + 1 : p + strlen(p);
	}
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

char *
ev_value(const struct evcopy *e, const char *path)
{
	json_t *o = evcopy_json(e);
	char *v = value_at(o, path);

	json_decref(o);
	return v;
}

void
check_expect(const char *row, const struct capture *c, const char *x)
{
	const char *op, *path = x;
	char p[256], *v;
	int idx = 0, neg = 0;

	if (x[0] >= '0' && x[0] <= '9' && x[1] == ':') {
		idx = x[0] - '0';
		path = x + 2;
	}
	if (*path == '!') {
		neg = 1;
		path++;
	}
	op = path + strcspn(path, "=~");
	snprintf(p, sizeof(p), "%.*s", (int)(op - path), path);
	if (idx >= c->n || (c->keep && idx >= c->keep)) {
		bad("%s: no event %d for \"%s\"", row, idx, x);
		return;
	}
	v = ev_value(&c->ev[idx], p);
	if (neg) {
		if (v)
			bad("%s: event %d: %s should be absent, is \"%s\"",
			    row, idx, p, v);
	} else if (v == NULL) {
		bad("%s: event %d: %s missing (want \"%s\")", row, idx, p,
		    op + 1);
	} else if (*op == '=' && strcmp(v, op + 1) != 0) {
		bad("%s: event %d: %s is \"%s\", want \"%s\"", row, idx, p, v,
		    op + 1);
	} else if (*op == '~' && strstr(v, op + 1) == NULL) {
		bad("%s: event %d: %s is \"%s\", lacks \"%s\"", row, idx, p, v,
		    op + 1);
	}
	free(v);
}

/* ------------------------------------------------------------------ */
/* Files and the real corpus                                           */

char *
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

const char *
srcdir(void)
{
	const char *s = getenv("SIGTRAIL_SRCDIR");

	return s && *s ? s : ".";
}

const char *
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

const char *
corpus_root_or_skip(void)
{
	const char *root = corpus_root();

	if (root == NULL) {
		print_message("corpus absent: test skipped\n");
		skip();
	}
	return root;
}

char *
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

static void
replay_fact(void *arg, const struct evcopy *e)
{
	struct replay *rp = arg;

	if (e->ts_us == EVENT_NO_TIME && (rp->untimed_action == NULL ||
	    strcmp(e->action, rp->untimed_action) != 0))
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
	rc = run_parser(rp->p, rec, len, 0, NULL, &c, &d);
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
	(void)run_parser(rp->p, rec, len, 1, NULL, &c, &d);
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

void
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

void
replay_files(const struct parser *p, const char *dir,
    const struct replay_want *w, size_t n, const char *untimed, int ids,
    void (*fact)(const char *file, const struct evcopy *e))
{
	const char *root = corpus_root();
	struct replay rp;
	char *path, sub[512];
	size_t i;

	assert_non_null(root);
	for (i = 0; i < n; i++) {
		memset(&rp, 0, sizeof(rp));
		rp.p = p;
		rp.untimed_action = untimed;
		rp.file = w[i].file;
		rp.fact = fact;
		snprintf(sub, sizeof(sub), "%s%s%s", dir ? dir : "",
		    dir ? "/" : "", w[i].file);
		path = corpus_path(root, sub);
		replay_file(&rp, path);
		free(path);
		if (rp.records != w[i].records || rp.ok != w[i].ok ||
		    rp.skip != w[i].skip || rp.nonevent != w[i].nonevent ||
		    rp.events != w[i].events || rp.err)
			bad("%s: %d records (%d ok, %d non-event, %d skip, %d "
			    "err), %d events", rp.file, rp.records, rp.ok,
			    rp.nonevent, rp.skip, rp.err, rp.events);
		if (ids && rp.no_id)
			bad("%s: %d events without native_id", rp.file,
			    rp.no_id);
		if (rp.all_events != rp.events + rp.skip)
			bad("%s: --all-events: %d events", rp.file,
			    rp.all_events);
	}
}

int
walk_files(const char *dir, const char *rel,
    void (*fn)(void *arg, const char *path, const char *rel), void *arg)
{
	struct dirent **names;
	int n, i;

	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		char path[4096], sub[4096];
		struct stat sb;

		snprintf(path, sizeof(path), "%s/%s", dir, nm);
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", nm);
		if (nm[0] != '.' && stat(path, &sb) == 0) {
			if (S_ISDIR(sb.st_mode))
				(void)walk_files(path, sub, fn, arg);
			else if (S_ISREG(sb.st_mode))
				fn(arg, path, sub);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

struct probe_walk {
	const struct parser *p;
	const char *const *mine;
	int		 claimed;
};

static void
probe_file(void *arg, const char *path, const char *sub)
{
	struct probe_walk *pw = arg;
	const struct parser *p = pw->p, *got;
	size_t len, k;
	char *buf = read_file(path, &len);
	int want = 0, score = 0, s;

	if (buf == NULL)
		return;
	if (len > PROBE_HEAD)
		len = PROBE_HEAD;
	for (k = 0; pw->mine[k]; k++)
		want |= strncmp(sub, pw->mine[k], strlen(pw->mine[k])) == 0;
	if (p->kind != INPUT_JSON || looks_json(buf, len))
		score = p->probe(buf, len, sub);
	if ((score > 0) != want)
		bad("probe %s: %s scores %d", p->name, sub, score);
	if (want && score > 0) {
		pw->claimed++;
		got = parser_detect(buf, len, sub, &s);
		if (got != p)
			bad("%s is detected as %s (%d), not %s", sub,
			    got ? got->name : "nothing", s, p->name);
	}
	free(buf);
}

int
probe_walk(const struct parser *p, const char *dir, const char *rel,
    const char *const *mine)
{
	struct probe_walk pw = { p, mine, 0 };

	(void)walk_files(dir, rel, probe_file, &pw);
	return pw.claimed;
}

/* A whole-directory replay (run_corpus) and its expectations. */
struct corpus_walk {
	const struct parser	*p;
	struct corpus_file	*files;
	size_t			 nfiles;
	struct corpus_fact	*facts;
	size_t			 nfacts;
	int			 total;
};

struct corpus_run {
	const struct parser *p;
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
	struct diag d;
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
	rc = run_parser(cr->p, rec, len, 0, cr->state, &cr->c, &d);
	if (rc == PARSE_NONEVENT)
		cr->nonevent++;
	else if (rc == PARSE_SKIP)
		cr->skipped++;
	else if (rc != PARSE_OK) {
		bad("%s line %lld byte %lld: %s: %s", cr->file,
		    (long long)line, (long long)offset, rc_name(rc), d.msg);
		cr->errors++;
	}
	return 0;
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
			if (c->ev[i].native_id == NULL ||
			    strcmp(c->ev[i].native_id,
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
corpus_file(void *arg, const char *path, const char *rel)
{
	struct corpus_walk *cw = arg;
	const struct parser *p = cw->p;
	struct corpus_file *files = cw->files;
	size_t nfiles = cw->nfiles;
	struct corpus_run cr;
	struct corpus_file *cf = NULL;
	struct jsplit *js;
	struct diag d;
	size_t len, i;
	char *buf = read_file(path, &len);
	int score;

	assert_non_null(buf);
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].file, rel) == 0)
			cf = &files[i];
	score = p->probe(buf, len < PROBE_HEAD ? len : PROBE_HEAD, rel);
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
	cr.p = p;
	cr.file = rel;
	cr.state = p->state_new ? p->state_new(NULL) : NULL;
	js = jsplit_new(p->container_keys, 16 << 20, corpus_cb, &cr);
	assert_int_equal(jsplit_feed(js, buf, len), 0);
	assert_int_equal(jsplit_finish(js), 0);
	jsplit_free(js);
	if (run_finish(p, cr.state, &cr.c, &d) < 0)
		bad("%s: finish failed: %s", rel, d.msg);
	if (p->state_free)
		p->state_free(cr.state);
	if (cr.records != cf->records || cr.c.n != cf->events ||
	    cr.nonevent != cf->nonevent || cr.skipped != cf->skipped)
		bad("%s: %d records, %d events, %d non-event, %d skipped; "
		    "want %d, %d, %d, %d", rel, cr.records, cr.c.n,
		    cr.nonevent, cr.skipped, cf->records, cf->events,
		    cf->nonevent, cf->skipped);
	if (cr.errors)
		bad("%s: %d records not understood", rel, cr.errors);
	check_facts(rel, &cr.c, cw->facts, cw->nfacts);
	cw->total += cr.records;
	capture_free(&cr.c);
	free(buf);
}

int
run_corpus(const struct parser *p, const char *base, const char *const *dirs,
    struct corpus_file *files, size_t nfiles, struct corpus_fact *facts,
    size_t nfacts)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	char dir[4096];
	struct stat sb;
	struct corpus_walk cw = { p, files, nfiles, facts, nfacts, 0 };
	size_t i;
	int found = 0;

	for (i = 0; dirs[i]; i++) {
		snprintf(dir, sizeof(dir), "%s/%s/%s", root && *root ? root :
		    ".", base, dirs[i]);
		if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			print_message("%s absent\n", dir);
			continue;
		}
		found++;
		(void)walk_files(dir, dirs[i], corpus_file, &cw);
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
	print_message("%s: %d records checked\n", base, cw.total);
	return found;
}

void
check_row(const struct suite *s, const struct row *r)
{
	struct capture c;

	run_row(s, r, &c);
	capture_free(&c);
}

static void
jcorpus_record(struct jcorpus *jc, const char *file, json_t *rec)
{
	char *text = json_dumps(rec, JSON_COMPACT);
	enum scope_rc sc = SCOPE_UNKNOWN;
	int all;

	assert_non_null(text);
	jc->records++;
	if (jc->p->prefilter)
		sc = run_prefilter(jc->p, text, strlen(text));
	for (all = 0; all <= 1; all++) {
		struct capture c;
		struct diag d;
		int rc;

		memset(&c, 0, sizeof(c));
		rc = run_parser(jc->p, text, strlen(text), all, NULL, &c, &d);
		if (rc == PARSE_SKIP) {
			if (all)
				bad("%s: skipped with --all-events", file);
			jc->skipped++;
		} else if (rc != PARSE_OK) {
			bad("%s: %s: %s", file, rc_name(rc), d.msg);
			jc->errors++;
		} else {
			const struct evcopy *e = &c.ev[0];

			if (!all && sc == SCOPE_OUT)
				bad("%s: prefilter OUT, parser keeps", file);
			if (e->native_id == NULL || e->ts_raw == NULL)
				bad("%s: no native id or time", file);
			if (all)
				jc->all++;
			else
				jc->in_scope++;
			if (jc->fact)
				jc->fact(jc->arg, file, e, all);
		}
		capture_free(&c);
	}
	free(text);
}

json_t *
load_json_doc(const char *path, const char *name, char **text)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);

	if (doc == NULL) {
		bad("%s: %s", name, jerr.text);
		return NULL;
	}
	*text = json_dumps(doc, JSON_COMPACT);
	assert_non_null(*text);
	return doc;
}

void
json_records(const char *path, const char *rel,
    const char *const *containers,
    void (*fn)(void *arg, const char *rel, int index, json_t *rec),
    void *arg)
{
	json_error_t jerr;
	json_t *top = json_load_file(path,
	    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	json_t *arr = NULL, *v;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	int index = 0;

	if (top != NULL) {
		for (i = 0; containers && containers[i] && arr == NULL; i++)
			arr = json_object_get(top, containers[i]);
		if (json_is_array(top))
			arr = top;
		if (json_is_array(arr)) {
			json_array_foreach(arr, i, v)
				fn(arg, rel, (int)i, v);
		} else {
			fn(arg, rel, 0, top);
		}
		json_decref(top);
		return;
	}
	fp = fopen(path, "r");	/* JSON Lines */
	assert_non_null(fp);
	while ((n = getline(&line, &cap, fp)) != -1) {
		if (strspn(line, " \t\r\n") == (size_t)n)
			continue;
		if ((v = json_load_record(line, (size_t)n, &jerr)) == NULL) {
			bad("%s line %d: %s", rel, index + 1, jerr.text);
		} else {
			fn(arg, rel, index, v);
			json_decref(v);
		}
		index++;
	}
	free(line);
	fclose(fp);
}

static void
jcorpus_one(void *arg, const char *rel, int index, json_t *rec)
{
	jcorpus_record(arg, rel, rec);
}

static void
jcorpus_file(void *arg, const char *path, const char *rel)
{
	struct jcorpus *jc = arg;

	jc->files++;
	json_records(path, rel, NULL, jcorpus_one, jc);
}

int
jcorpus_run(struct jcorpus *jc, const char *sub)
{
	const char *root = corpus_root();
	char dir[4096];
	struct stat sb;

	if (root == NULL)
		return -1;
	snprintf(dir, sizeof(dir), "%s/%s", root, sub);
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return -1;
	(void)walk_files(dir, "", jcorpus_file, jc);
	print_message("corpus %s: %d files, %d records: %d in scope, %d with "
	    "--all-events, %d skips\n", sub, jc->files, jc->records,
	    jc->in_scope, jc->all, jc->skipped);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Fixtures: encodings, Merkle trees, certificate extensions           */

char *
b64enc(const void *p, size_t n)
{
	char *s = malloc(4 * ((n + 2) / 3) + 1);

	assert_non_null(s);
	EVP_EncodeBlock((unsigned char *)s, p, (int)n);
	return s;
}

void
hexenc(const unsigned char *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

void
sha256_parts(unsigned char out[32], const void *a, size_t an, const void *b,
    size_t bn, const void *c, size_t cn)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	assert_non_null(ctx);
	assert_int_equal(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL), 1);
	EVP_DigestUpdate(ctx, a, an);
	if (b)
		EVP_DigestUpdate(ctx, b, bn);
	if (c)
		EVP_DigestUpdate(ctx, c, cn);
	EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
}

static size_t
split_k(size_t n)
{
	size_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

void
merkle_root(unsigned char (*leaves)[32], size_t n, unsigned char out[32])
{
	unsigned char l[32], r[32];
	size_t k;

	if (n == 1) {
		memcpy(out, leaves[0], 32);
		return;
	}
	k = split_k(n);
	merkle_root(leaves, k, l);
	merkle_root(leaves + k, n - k, r);
	sha256_parts(out, "\x01", 1, l, 32, r, 32);
}

size_t
merkle_path(size_t m, unsigned char (*leaves)[32], size_t n,
    unsigned char (*path)[32])
{
	size_t k, np;

	if (n == 1)
		return 0;
	k = split_k(n);
	if (m < k) {
		np = merkle_path(m, leaves, k, path);
		merkle_root(leaves + k, n - k, path[np]);
	} else {
		np = merkle_path(m - k, leaves + k, n - k, path);
		merkle_root(leaves, k, path[np]);
	}
	return np + 1;
}

void
cert_add_ext(X509 *x, const char *oid, const char *val, int raw)
{
	ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
	ASN1_OBJECT *o = OBJ_txt2obj(oid, 1);
	ASN1_UTF8STRING *u;
	X509_EXTENSION *e;
	unsigned char *der = NULL;
	int len;

	assert_non_null(os);
	assert_non_null(o);
	if (raw) {
		ASN1_OCTET_STRING_set(os, (const unsigned char *)val,
		    (int)strlen(val));
	} else {
		u = ASN1_UTF8STRING_new();
		ASN1_STRING_set(u, val, -1);
		len = i2d_ASN1_UTF8STRING(u, &der);
		ASN1_OCTET_STRING_set(os, der, len);
		OPENSSL_free(der);
		ASN1_UTF8STRING_free(u);
	}
	e = X509_EXTENSION_create_by_OBJ(NULL, o, 0, os);
	assert_non_null(e);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	ASN1_OBJECT_free(o);
	ASN1_OCTET_STRING_free(os);
}
