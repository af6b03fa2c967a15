/* SPDX-License-Identifier: MIT */
/*
 * test_revocation.c - unit tests of the revocation-impact report
 * (report/revocation.c).  The pure decisions first, without a case:
 * accuracy bounds, equal times (a bound equal to T is not before T),
 * missing tokens, unverified tokens, tokens that belong to another
 * signature of the same content, the choice between a token and a log
 * entry, the automatic T, the what-if counts and the conclusion.  Then
 * the report on an in-memory case holding the real RFC 3161 tokens of
 * ../shared/corpus/rfc3161 (GlobalSign's, verified against its root from
 * the x509 corpus, and GeoTrust's, which cannot be verified): which
 * signature each token dates, what survives, and the errors of --key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "buf.h"
#include "derive.h"
#include "err.h"
#include "event.h"
#include "parser.h"
#include "report.h"
#include "revocation.h"
#include "store.h"
#include "timeutil.h"
#include "writer.h"

#define S	((int64_t)1000000)
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* 2026-11-06T22:00:00Z, the T of most pure tests */
static int64_t T0;

static int64_t
at(const char *iso)
{
	int64_t us;
	unsigned fl;

	assert_int_equal(ts_parse_iso(iso, strlen(iso), &us, &fl, NULL), 0);
	return us;
}

static int
setup(void **state)
{
	T0 = at("2026-11-06T22:00:00Z");
	return 0;
}

static struct rv_evidence
tok(int64_t t, int64_t acc, int verified, int64_t id)
{
	struct rv_evidence e;

	memset(&e, 0, sizeof(e));
	e.kind = RV_RFC3161;
	e.t_us = t;
	e.acc_us = acc;
	e.verified = verified;
	e.id = id;
	return e;
}

static struct rv_evidence
entry(int64_t t, int verified, int64_t id)
{
	struct rv_evidence e = tok(t, 0, verified, id);

	e.kind = RV_REKOR;
	return e;
}

/* A signature made at sign with the evidence ev[0..n), as the report
 * decides it. */
static struct rv_sig
sig(int64_t sign, enum rv_verdict v, const struct rv_evidence *ev,
    size_t n, const char *release)
{
	struct rv_sig s;
	int p = rv_pick(ev, n, sign, 120 * S);

	memset(&s, 0, sizeof(s));
	s.sign_us = sign;
	s.verdict = v;
	s.trusted = p >= 0;
	s.bound_us = p >= 0 ? rv_bound(&ev[p]) : 0;
	s.release = release;
	return s;
}

/* genTime +- accuracy: the upper bound is what must precede T. */
static void
test_accuracy(void **state)
{
	struct rv_evidence e;
	struct rv_sig s;

	e = tok(T0 - 10 * S, 1 * S, 1, 1);
	assert_true(rv_bound(&e) == T0 - 9 * S);
	e = tok(T0 - 10 * S, 0, 1, 1);		/* no accuracy: genTime */
	assert_true(rv_bound(&e) == T0 - 10 * S);
	e = tok(T0 - 10 * S, -5 * S, 1, 1);	/* nonsense: ignored */
	assert_true(rv_bound(&e) == T0 - 10 * S);
	e = tok(INT64_MAX - 1, 60 * S, 1, 1);	/* saturates */
	assert_true(rv_bound(&e) == INT64_MAX);

	/* genTime 0.5 s before T, accuracy 1 s: may be after T, dies */
	e = tok(T0 - S / 2, 1 * S, 1, 1);
	s = sig(T0 - 2 * S, RV_ACCOUNTED, &e, 1, "r");
	assert_true(s.trusted);
	assert_false(rv_survives(RV_TIMESTAMP, &s, T0));
	/* genTime 2 s before T, accuracy 1 s: surely before, survives */
	e = tok(T0 - 2 * S, 1 * S, 1, 1);
	s = sig(T0 - 3 * S, RV_ACCOUNTED, &e, 1, "r");
	assert_true(rv_survives(RV_TIMESTAMP, &s, T0));
	/* a 60 s accuracy (GeoTrust's) reaches over a T 30 s later */
	e = tok(T0 - 30 * S, 60 * S, 1, 1);
	s = sig(T0 - 31 * S, RV_ACCOUNTED, &e, 1, "r");
	assert_false(rv_survives(RV_TIMESTAMP, &s, T0));
	/* strict and no-timestamp: nothing survives, whatever the time */
	assert_false(rv_survives(RV_STRICT, &s, T0 + 3600 * S));
	assert_false(rv_survives(RV_NO_TIMESTAMP, &s, T0 + 3600 * S));
	e = tok(T0 - 3600 * S, 0, 1, 1);
	s = sig(T0 - 3601 * S, RV_ACCOUNTED, &e, 1, "r");
	assert_true(rv_survives(RV_TIMESTAMP, &s, T0));
	assert_false(rv_survives(RV_STRICT, &s, T0));
	assert_false(rv_survives(RV_NO_TIMESTAMP, &s, T0));
}

/* A bound equal to T is not before T: the signature dies. */
static void
test_equal_times(void **state)
{
	struct rv_evidence e;
	struct rv_sig s;

	e = entry(T0, 1, 1);
	s = sig(T0 - S, RV_ACCOUNTED, &e, 1, "r");
	assert_true(s.trusted);
	assert_false(rv_survives(RV_TIMESTAMP, &s, T0));
	assert_true(rv_survives(RV_TIMESTAMP, &s, T0 + 1));
	e = entry(T0 - 1, 1, 1);		/* one microsecond before */
	s = sig(T0 - S, RV_ACCOUNTED, &e, 1, "r");
	assert_true(rv_survives(RV_TIMESTAMP, &s, T0));
	/* genTime + accuracy exactly T */
	e = tok(T0 - S, S, 1, 1);
	s = sig(T0 - 2 * S, RV_ACCOUNTED, &e, 1, "r");
	assert_false(rv_survives(RV_TIMESTAMP, &s, T0));
	/* evidence exactly skew before its signature still counts ... */
	e = entry(T0 - 120 * S, 1, 1);
	assert_true(rv_trusted(&e, T0, 120 * S));
	/* ... one microsecond more and it is about an older signature */
	e = entry(T0 - 120 * S - 1, 1, 1);
	assert_false(rv_trusted(&e, T0, 120 * S));
}

/* No token, no log entry: no trusted time, dies under every model. */
static void
test_missing_tokens(void **state)
{
	struct rv_sig s;
	struct rv_counts c;

	assert_int_equal(rv_pick(NULL, 0, T0, 120 * S), -1);
	s = sig(T0 - 30 * 86400 * S, RV_ACCOUNTED, NULL, 0, "acme/x v1");
	assert_false(s.trusted);
	assert_false(rv_survives(RV_TIMESTAMP, &s, T0));
	assert_false(rv_survives(RV_STRICT, &s, T0));
	assert_false(rv_survives(RV_NO_TIMESTAMP, &s, T0));
	rv_counts_compute(&s, 1, RV_TIMESTAMP, T0, &c);
	assert_int_equal(c.accounted_invalidated, 1);
	assert_int_equal(c.nresign, 1);
	assert_string_equal(c.resign[0].release, "acme/x v1");
	rv_counts_release(&c);
}

/* An unverified (tampered, unverifiable) token never counts. */
static void
test_unverified(void **state)
{
	struct rv_evidence ev[3];
	struct rv_sig s;

	ev[0] = tok(T0 - 3600 * S, S, 0, 1);	/* early but unverified */
	assert_false(rv_trusted(&ev[0], T0 - 3601 * S, 120 * S));
	assert_int_equal(rv_pick(ev, 1, T0 - 3601 * S, 120 * S), -1);
	s = sig(T0 - 3601 * S, RV_ACCOUNTED, ev, 1, "r");
	assert_false(s.trusted);
	assert_false(rv_survives(RV_TIMESTAMP, &s, T0));
	/* an unverified log entry neither */
	ev[1] = entry(T0 - 3600 * S, 0, 2);
	assert_int_equal(rv_pick(ev, 2, T0 - 3601 * S, 120 * S), -1);
	/* a verified but later token is used instead: after T, dies */
	ev[2] = tok(T0 + 60 * S, S, 1, 3);
	assert_int_equal(rv_pick(ev, 3, T0 - 3601 * S, 120 * S), 2);
	s = sig(T0 - 3601 * S, RV_ACCOUNTED, ev, 3, "r");
	assert_true(s.trusted);
	assert_true(s.bound_us == T0 + 61 * S);
	assert_false(rv_survives(RV_TIMESTAMP, &s, T0));
}

/*
 * Tokens of another signature: the same content signed in October (by
 * the release) and again in November (by the attacker).  The October
 * token belongs to the October signature and cannot date the November
 * one; the November token belongs to the November signature.
 */
static void
test_other_signatures(void **state)
{
	int64_t oct = at("2026-10-06T14:04:09Z");
	int64_t nov = at("2026-11-06T22:01:05Z");
	int64_t times[2];
	struct rv_evidence e;

	times[0] = oct;
	times[1] = nov;
	e = tok(oct + S, S, 1, 1);
	assert_int_equal(rv_token_owner(times, 2, rv_bound(&e), 120 * S), 0);
	e = tok(nov + S, S, 1, 2);
	assert_int_equal(rv_token_owner(times, 2, rv_bound(&e), 120 * S), 1);
	/* a token older than every signature of its digest: nobody's */
	e = tok(oct - 86400 * S, S, 1, 3);
	assert_int_equal(rv_token_owner(times, 2, rv_bound(&e), 120 * S), -1);
	/* within the skew before the signing record: still its own */
	e = tok(nov - 100 * S, 0, 1, 4);
	assert_int_equal(rv_token_owner(times, 2, rv_bound(&e), 120 * S), 1);
	/* and, given to the wrong signature, not trusted for it */
	e = tok(oct + S, S, 1, 1);
	assert_false(rv_trusted(&e, nov, 120 * S));
	assert_int_equal(rv_pick(&e, 1, nov, 120 * S), -1);
	/* equal signing times: the first */
	times[1] = oct;
	e = tok(oct + S, 0, 1, 5);
	assert_int_equal(rv_token_owner(times, 2, rv_bound(&e), 120 * S), 0);
}

/* The earliest bound wins; on a tie the RFC 3161 token, then the id. */
static void
test_pick(void **state)
{
	struct rv_evidence ev[4];

	ev[0] = entry(T0 - 8 * S, 1, 10);	/* rekor, bound -8 s */
	ev[1] = tok(T0 - 9 * S, S, 1, 11);	/* token, bound -8 s */
	ev[2] = tok(T0 - 7 * S, 0, 1, 12);
	assert_int_equal(rv_pick(ev, 3, T0 - 10 * S, 120 * S), 1);
	ev[3] = entry(T0 - 9 * S, 1, 13);	/* earlier still */
	assert_int_equal(rv_pick(ev, 4, T0 - 10 * S, 120 * S), 3);
	ev[0] = tok(T0 - 8 * S, 0, 1, 20);
	ev[1] = tok(T0 - 8 * S, 0, 1, 19);
	assert_int_equal(rv_pick(ev, 2, T0 - 10 * S, 120 * S), 1);
}

static void
test_auto_t(void **state)
{
	struct rv_sig s[4];
	int64_t t;

	memset(s, 0, sizeof(s));
	s[0].sign_us = T0 - 86400 * S;
	s[0].verdict = RV_ACCOUNTED;
	s[1].sign_us = T0 + 300 * S;
	s[1].verdict = RV_UNACCOUNTED;
	s[2].sign_us = T0 - 600 * S;		/* partial: not counted */
	s[2].verdict = RV_PARTIAL;
	assert_int_equal(rv_auto_t(s, 3, 120 * S, &t), 0);
	assert_true(t == T0 + 180 * S);
	s[3].sign_us = T0 + 65 * S;		/* uncorrelated counts */
	s[3].verdict = RV_UNCORRELATED;
	assert_int_equal(rv_auto_t(s, 4, 120 * S, &t), 0);
	assert_true(t == T0 - 55 * S);
	assert_int_equal(rv_auto_t(s, 1, 120 * S, &t), -1);
	/* a signature without a time (a clockless HSM log) is no date */
	s[1].sign_us = INT64_MIN;
	s[3].sign_us = INT64_MIN;
	assert_int_equal(rv_auto_t(s, 4, 120 * S, &t), -1);
	assert_int_equal(rv_auto_t(NULL, 0, 120 * S, &t), -1);
}

/*
 * The bundled incident in miniature: three releases signed in October
 * with tokens, two attacker signatures on 2026-11-06 (one with a token a
 * second later, one with a log entry), a hotfix without any time
 * evidence.  Auto T: 22:01:05 - 120 s = 21:59:05.
 */
static size_t
incident(struct rv_sig *s, struct rv_evidence *ev)
{
	static const char *const rel[] = { "acme/w v1", "acme/w v1",
	    "acme/w v2" };
	size_t i, n = 0;

	for (i = 0; i < 3; i++) {
		int64_t t = at("2026-10-06T14:04:09Z") + (int64_t)i * 86400 * S;

		ev[n] = tok(t + S, S, 1, (int64_t)n);
		s[n] = sig(t, RV_ACCOUNTED, &ev[n], 1, rel[i]);
		n++;
	}
	ev[n] = tok(at("2026-11-06T22:01:06Z"), S, 1, (int64_t)n);
	s[n] = sig(at("2026-11-06T22:01:05Z"), RV_UNACCOUNTED, &ev[n], 1,
	    NULL);
	n++;
	ev[n] = entry(at("2026-11-06T22:01:50Z"), 1, (int64_t)n);
	s[n] = sig(at("2026-11-06T22:01:49Z"), RV_UNACCOUNTED, &ev[n], 1,
	    NULL);
	n++;
	s[n] = sig(at("2026-11-12T16:40:18Z"), RV_PARTIAL, NULL, 0,
	    "acme/w v2.1");
	n++;
	return n;
}

static void
test_counts(void **state)
{
	struct rv_sig s[8];
	struct rv_evidence ev[8];
	struct rv_counts c;
	size_t n = incident(s, ev);
	int64_t t;

	assert_int_equal(rv_auto_t(s, n, 120 * S, &t), 0);
	assert_true(t == at("2026-11-06T21:59:05Z"));
	rv_counts_compute(s, n, RV_TIMESTAMP, t, &c);
	assert_int_equal(c.unaccounted_surviving, 0);
	assert_int_equal(c.unaccounted_invalidated, 2);
	assert_int_equal(c.accounted_surviving, 3);
	assert_int_equal(c.accounted_invalidated, 0);
	assert_int_equal(c.partial_invalidated, 1);
	assert_int_equal(c.nkeep, 2);
	assert_string_equal(c.keep[0].release, "acme/w v1");
	assert_int_equal(c.keep[0].count, 2);
	assert_string_equal(c.keep[1].release, "acme/w v2");
	assert_int_equal(c.nreview, 1);
	assert_string_equal(c.review[0].release, "acme/w v2.1");
	rv_counts_release(&c);
	/* the second attacker signature's time: the first one survives */
	rv_counts_compute(s, n, RV_TIMESTAMP, at("2026-11-06T22:01:49Z"), &c);
	assert_int_equal(c.unaccounted_surviving, 1);
	rv_counts_release(&c);
	/* the first one's bound, 22:01:07, exactly: it dies */
	rv_counts_compute(s, n, RV_TIMESTAMP, at("2026-11-06T22:01:07Z"), &c);
	assert_int_equal(c.unaccounted_surviving, 0);
	rv_counts_release(&c);
	/* strict: all releases to re-sign, in order of first signature */
	rv_counts_compute(s, n, RV_STRICT, t, &c);
	assert_int_equal(c.accounted_invalidated, 3);
	assert_int_equal(c.nresign, 2);
	assert_string_equal(c.resign[0].release, "acme/w v1");
	assert_int_equal(c.resign[0].count, 2);
	assert_string_equal(c.resign[1].release, "acme/w v2");
	rv_counts_release(&c);
	/* NULL release groups as "(no release)" */
	s[0].release = NULL;
	rv_counts_compute(s, 1, RV_STRICT, t, &c);
	assert_string_equal(c.resign[0].release, "(no release)");
	rv_counts_release(&c);
}

static void
conclude(const struct rv_facts *f, char **d, char **cu)
{
	struct buf bd = BUF_INIT, bc = BUF_INIT;

	rv_conclude(f, &bd, &bc);
	*d = buf_detach(&bd, NULL);
	*cu = buf_detach(&bc, NULL);
}

static void
facts_init(struct rv_facts *f, const struct rv_sig *s, size_t n, int64_t t)
{
	memset(f, 0, sizeof(*f));
	f->key = "K";
	f->t_us = t;
	f->t_how = "test";
	f->models = RV_MODEL_BIT(RV_TIMESTAMP) | RV_MODEL_BIT(RV_STRICT) |
	    RV_MODEL_BIT(RV_NO_TIMESTAMP);
	f->sigs = s;
	f->n = n;
	f->have_auto = rv_auto_t(s, n, 120 * S, &f->auto_us) == 0;
	f->gap_us = INT64_MIN;
}

/* The decision matrix, case by case. */
static void
test_conclusion(void **state)
{
	struct rv_sig s[8];
	struct rv_evidence ev[8];
	struct rv_facts f;
	size_t n = incident(s, ev), i;
	char *d, *cu, *d2, *cu2;

	/* trusted timestamps, confident window: dated revocation */
	facts_init(&f, s, n, at("2026-11-06T21:59:05Z"));
	conclude(&f, &d, &cu);
	assert_non_null(strstr(d, "Dated revocation: revoking K at "
	    "2026-11-06T21:59:05Z (test) invalidates all 2 unaccounted "
	    "signatures"));
	assert_non_null(strstr(d, "3 of 3 accounted signatures have a "
	    "trusted time before T and stay valid (acme/w v1 (2) and "
	    "acme/w v2 (1)); 0 must be re-signed."));
	assert_non_null(strstr(d, "1 partial signature lose"));
	assert_non_null(strstr(d, "The window is confident"));
	assert_non_null(strstr(d, "1 signature have no trusted time"));
	assert_non_null(strstr(d, "Under strict CRL checking"));
	assert_non_null(strstr(cu, "acme/w v1 and acme/w v2 keep verifying"));
	assert_non_null(strstr(cu, "The 2 unaccounted signatures are invalid"));
	/* deterministic */
	conclude(&f, &d2, &cu2);
	assert_string_equal(d, d2);
	assert_string_equal(cu, cu2);
	free(d);
	free(cu);
	free(d2);
	free(cu2);
	/* a gap in the logs before T: a caveat */
	f.gap_us = at("2026-11-06T21:00:00Z");
	conclude(&f, &d, &cu);
	assert_non_null(strstr(d, "Caveat: the signing logs have a gap from "
	    "2026-11-06T21:00:00Z"));
	free(d);
	free(cu);
	/* too late a T: not safe, points at auto */
	facts_init(&f, s, n, at("2026-11-13T12:00:00Z"));
	conclude(&f, &d, &cu);
	assert_non_null(strstr(d, "Not safe: revoking K at "
	    "2026-11-13T12:00:00Z (test) leaves 2 of the 2 unaccounted"));
	assert_non_null(strstr(d, "no later than 2026-11-06T21:59:05Z"));
	assert_non_null(strstr(cu, "do not announce this date"));
	free(d);
	free(cu);
	/* strict only */
	facts_init(&f, s, n, at("2026-11-06T21:59:05Z"));
	f.models = RV_MODEL_BIT(RV_STRICT);
	conclude(&f, &d, &cu);
	assert_null(strstr(d, "Dated revocation"));
	assert_non_null(strstr(d, "all 6 signatures fail"));
	assert_non_null(strstr(d, "3 accounted signatures must be re-signed "
	    "(acme/w v1 (2) and acme/w v2 (1))"));
	assert_non_null(strstr(cu, "acme/w v1 and acme/w v2 will be "
	    "re-signed"));
	free(d);
	free(cu);
	/* no timestamps at all: everything breaks, mass re-signing */
	for (i = 0; i < n; i++)
		s[i].trusted = 0;
	facts_init(&f, s, n, at("2026-11-06T21:59:05Z"));
	conclude(&f, &d, &cu);
	assert_non_null(strstr(d, "No timestamps: none of the 6 signatures "
	    "of K has a trusted time"));
	assert_non_null(strstr(d, "Plan mass re-signing: 3 accounted "
	    "signatures (acme/w v1 (2) and acme/w v2 (1)), and 1 partial "
	    "signature to confirm first (acme/w v2.1 (1))."));
	assert_non_null(strstr(cu, "stops verifying once it is revoked"));
	free(d);
	free(cu);
	/* signatures correlate left out count as unaccounted, and say so */
	s[0].verdict = RV_UNCORRELATED;
	facts_init(&f, s, 1, at("2026-11-06T21:59:05Z"));
	conclude(&f, &d, &cu);
	assert_non_null(strstr(d, "1 signature of K was left out of "
	    "correlation"));
	free(d);
	free(cu);
	/* no signatures */
	facts_init(&f, s, 0, at("2026-11-06T21:59:05Z"));
	conclude(&f, &d, &cu);
	assert_non_null(strstr(d, "No signatures: the case holds no "
	    "signature made with K"));
	free(d);
	free(cu);
}

/* ------------------------------------------------------------------ */
/* The report on an in-memory case with the real corpus tokens          */

struct casefx {
	struct store	*st;
	int64_t		 evid;
};

static int
store_emit(void *arg, struct event *ev)
{
	struct casefx *f = arg;
	int is_new;
	int64_t owner;

	return store_event_insert(f->st, ev, f->evid, 0, 0, &is_new, &owner);
}

static unsigned char *
read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *p = NULL;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		p = malloc((size_t)n + 1);
		if (p && fread(p, 1, (size_t)n, fp) != (size_t)n) {
			free(p);
			p = NULL;
		} else if (p) {
			*len = (size_t)n;
		}
	}
	fclose(fp);
	return p;
}

/* Ingests a corpus file with parser p; 0, or -1 when it is missing. */
static int
case_add_file(struct casefx *f, const struct parser *p, const char *dir,
    const char *name)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	char path[4096];
	struct parse_ctx pc;
	struct parse_opts po;
	struct event ev;
	struct diag d;
	unsigned char *data;
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/../shared/corpus/%s/%s",
	    root ? root : ".", dir, name);
	if ((data = read_all(path, &len)) == NULL)
		return -1;
	memset(&pc, 0, sizeof(pc));
	memset(&po, 0, sizeof(po));
	pc.opts = &po;
	pc.name = name;
	pc.emit = store_emit;
	pc.emit_arg = f;
	event_init(&ev);
	ev.raw = data;
	ev.raw_len = len;
	diag_clear(&d);
	assert_int_equal(p->parse_blob(data, len, &pc, &ev, &d), PARSE_OK);
	event_clear(&ev);
	free(data);
	return 0;
}

static void
exec(struct casefx *f, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(store_db(f->st), sql, NULL, NULL, &msg) !=
	    SQLITE_OK)
		fail_msg("%s (%.200s)", msg, sql);
}

/* Runs the report; returns its code, the output in *out (new). */
static int
run_report(struct casefx *f, const struct writer *w, const char *key,
    const char *revoke_at, char **out)
{
	struct report_args ra;
	size_t len = 0;
	int rc;

	memset(&ra, 0, sizeof(ra));
	ra.db = store_db(f->st);
	ra.w = w;
	ra.from_us = INT64_MIN;
	ra.to_us = INT64_MAX;
	ra.key = key;
	ra.revoke_at = revoke_at;
	*out = NULL;
	ra.fp = open_memstream(out, &len);
	assert_non_null(ra.fp);
	rc = report_revocation(&ra);
	fclose(ra.fp);
	return rc;
}

static const json_t *
sig_by_id(const json_t *root, const char *native_id)
{
	const json_t *s;
	size_t i;

	json_array_foreach(json_object_get(root, "signatures"), i, s)
		if (strcmp(json_string_value(json_object_get(s,
		    "native_id")), native_id) == 0)
			return s;
	fail_msg("no signature %s", native_id);
	return NULL;
}

static const char *
jget(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/*
 * The case: the GlobalSign token (genTime 2021-09-17T14:09:10Z, accuracy
 * 1 s, verified against GlobalSign's root) over the digest D1 that the
 * release "acme/tool 1.0" signed at 14:09:09Z, and that an attacker
 * signed again the next day; the GeoTrust token (2015-06-01T18:39:55Z,
 * accuracy 60 s, not verifiable: no TSA certificate) over the digest D2
 * that release "acme/tool 0.9" signed at 18:39:50Z.  Expected, at the
 * automatic T (the attacker's 2021-09-18T10:00:00Z less 120 s):
 *   - 1.0 survives with the GlobalSign time;
 *   - the attacker's re-signature of D1 is not dated by that token (it
 *     is older than the signature): no trusted time, dies;
 *   - 0.9 has no trusted time (the GeoTrust token does not verify) and
 *     must be re-signed even under the timestamp model.
 */
static void
test_case_corpus(void **state)
{
	struct casefx f;
	struct diag d;
	struct parse_opts po;
	json_error_t je;
	json_t *root;
	const json_t *s, *w;
	char *out, *d1;
	sqlite3_stmt *q;
	struct buf sql = BUF_INIT;
	size_t i;
	int found;

	memset(&f, 0, sizeof(f));
	diag_clear(&d);
	assert_int_equal(store_open(":memory:", STORE_RW, &f.st, &d), 0);
	exec(&f, "INSERT INTO runs VALUES (1, 'ingest', 'test', '0', 'now');"
	    "INSERT INTO evidence (id, run_id, path, kind, sha256, size,"
	    " ingested_at, tool_version, command_line, status) VALUES (1, 1,"
	    " 'test', 'file', '00', 0, 'now', '0', 'test', 'done')");
	f.evid = 1;
	if (case_add_file(&f, &parser_rfc3161, "rfc3161",
	    "tspclient-go.globalsign.TimeStampToken.p7s") < 0) {
		print_message("no corpus: skipped\n");
		store_close(f.st);
		skip();
		return;
	}
	assert_int_equal(case_add_file(&f, &parser_rfc3161, "rfc3161",
	    "asn1crypto.geotrust.tsp_response.tsr"), 0);
	assert_int_equal(case_add_file(&f, &parser_x509, "x509",
	    "tspclient-go.GlobalSignRootCA.crt"), 0);
	memset(&po, 0, sizeof(po));
	assert_int_equal(derive_all(f.st, &po), 0);
	/* the imprint of the GlobalSign token */
	assert_int_equal(sqlite3_prepare_v2(store_db(f.st), "SELECT digest"
	    " FROM events WHERE action = 'pki.timestamp' AND"
	    " json_extract(attrs, '$.verified') IS 1", -1, &q, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	d1 = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);

	buf_addf(&sql,
	    "INSERT INTO events (id, ts_us, ts, source, action, outcome,"
	    " actor, session, key_ref, digest, artifact, version, repo,"
	    " native_id, dedup, evidence_id, operation) VALUES"
	    " (101, %lld, 'x', 'test', 'sign', 'success', 'ci', 's-ci',"
	    "  'test:key-1', '%s', NULL, NULL, NULL, 'sig-1.0', 'a', 1,"
	    "  'sign'),"
	    " (102, %lld, 'x', 'test', 'sign', 'success', 'ci', 's-ci',"
	    "  'test:key-1', 'sha1:53c9dbc16ddb343b284eefa6030e02647931affb',"
	    "  NULL, NULL, NULL, 'sig-0.9', 'b', 1, 'sign'),"
	    " (103, %lld, 'x', 'test', 'sign', 'success', 'mallory',"
	    "  's-evil', 'test:key-1', '%s', NULL, NULL, NULL, 'sig-evil',"
	    "  'c', 1, 'sign'),"
	    " (104, %lld, 'x', 'test', 'key.grant', 'success', 'mallory',"
	    "  's-evil', 'test:key-1', NULL, NULL, NULL, NULL, 'grant', 'd',"
	    "  1, 'CreateGrant'),"
	    " (201, %lld, 'x', 'test', 'publish', 'success', 'ci', NULL,"
	    "  NULL, '%s', 'tool.exe', '1.0', 'acme/tool', 'pub-1.0', 'e', 1,"
	    "  'publish'),"
	    " (202, %lld, 'x', 'test', 'publish', 'success', 'ci', NULL,"
	    "  NULL, 'sha1:53c9dbc16ddb343b284eefa6030e02647931affb',"
	    "  'tool.exe', '0.9', 'acme/tool', 'pub-0.9', 'f', 1, 'publish');"
	    "INSERT INTO verdicts (sign_id, key_ref, verdict, reasons,"
	    " publish_id, digest) VALUES"
	    " (101, 'test:key-1', 'accounted', '[]', 201, '%s'),"
	    " (102, 'test:key-1', 'accounted', '[]', 202,"
	    "  'sha1:53c9dbc16ddb343b284eefa6030e02647931affb'),"
	    " (103, 'test:key-1', 'unaccounted', '[]', NULL, '%s');"
	    "INSERT INTO keys (id, canonical, label) VALUES"
	    " (901, 'test:key-1', 'test key'),"
	    " (902, 'test:key-2', 'other key');"
	    "INSERT INTO key_refs (key_id, kind, value, origin) VALUES"
	    " (901, 'alias', 'alias/tool', 'test'),"
	    " (902, 'alias', 'alias/tool', 'test'),"
	    " (901, 'kms-key-id', 'key-1', 'test');"
	    "INSERT INTO runs VALUES (2, 'correlate', 'test', '0', 'now');"
	    "INSERT INTO correlations (run_id, policy, inferred, skew_s)"
	    " VALUES (2, '{}', '[]', 120)",
	    (long long)at("2021-09-17T14:09:09Z"), d1,
	    (long long)at("2015-06-01T18:39:50Z"),
	    (long long)at("2021-09-18T10:00:00Z"), d1,
	    (long long)at("2021-09-18T10:05:00Z"),
	    (long long)at("2021-09-17T15:00:00Z"), d1,
	    (long long)at("2015-06-01T19:00:00Z"), d1, d1);
	exec(&f, sql.s);
	buf_release(&sql);

	assert_int_equal(run_report(&f, &writer_json, "key-1", NULL, &out),
	    0);
	root = json_loads(out, 0, &je);
	if (root == NULL)
		fail_msg("bad JSON (%s): %s", je.text, out);
	free(out);
	assert_string_equal(jget(root, "key"), "test key");
	assert_string_equal(jget(root, "revoke_at"), "2021-09-18T09:58:00Z");
	assert_string_equal(jget(root, "revoke_at_source"), "auto");

	s = sig_by_id(root, "sig-1.0");
	assert_string_equal(jget(s, "trusted_time"), "2021-09-17T14:09:10Z");
	assert_string_equal(jget(s, "trusted_until"), "2021-09-17T14:09:11Z");
	assert_non_null(strstr(jget(s, "trusted_by"), "rfc3161 token "
	    "59060eee873c26672a9400f24da094747988980e"));
	assert_true(json_is_true(json_object_get(s, "survives_timestamp")));
	assert_true(json_is_false(json_object_get(s, "survives_strict")));
	assert_string_equal(jget(s, "release"), "acme/tool 1.0");

	s = sig_by_id(root, "sig-0.9");
	assert_true(json_is_null(json_object_get(s, "trusted_time")));
	assert_non_null(strstr(jget(s, "not_trusted"), "rfc3161 token "
	    "207acc6b"));
	assert_non_null(strstr(jget(s, "not_trusted"), "not verified"));
	assert_true(json_is_false(json_object_get(s, "survives_timestamp")));

	s = sig_by_id(root, "sig-evil");
	assert_string_equal(jget(s, "verdict"), "unaccounted");
	assert_true(json_is_null(json_object_get(s, "trusted_time")));
	assert_int_equal(json_array_size(json_object_get(s,
	    "time_evidence")), 0);
	assert_true(json_is_false(json_object_get(s, "survives_timestamp")));

	/* what-if: auto is safe, 0.9 to re-sign; the grant is a candidate */
	found = 0;
	json_array_foreach(json_object_get(root, "what_if"), i, w) {
		const json_t *rs = json_object_get(w, "resign");

		if (strcmp(jget(w, "t"), "2021-09-18T09:58:00Z") != 0 ||
		    strcmp(jget(w, "model"), "timestamp") != 0)
			continue;
		found++;
		assert_true(json_is_true(json_object_get(w, "chosen")));
		assert_true(json_is_true(json_object_get(w, "safe")));
		assert_int_equal(json_array_size(rs), 1);
		assert_string_equal(jget(json_array_get(rs, 0), "release"),
		    "acme/tool 0.9");
	}
	assert_int_equal(found, 1);
	found = 0;
	json_array_foreach(json_object_get(root, "what_if"), i, w)
		if (strstr(jget(w, "source"), "CreateGrant by s-evil"))
			found++;
	assert_int_equal(found, 2);	/* timestamp and strict rows */
	json_decref(root);

	/*
	 * A T after the attack is still safe here: the attacker's signature
	 * has no trusted time of its own (the release's token is older), so
	 * nothing places it before T.
	 */
	assert_int_equal(run_report(&f, &writer_json, "test key",
	    "2021-09-19T00:00:00Z", &out), 0);
	assert_non_null(strstr(out, "\"conclusion\": \"Dated revocation"));
	assert_non_null(strstr(out, "\"revoke_at_source\": \"given\""));
	free(out);

	/* the text formats run too, section by section */
	assert_int_equal(run_report(&f, &writer_csv, "test:key-1", NULL,
	    &out), 0);
	assert_non_null(strstr(out, "# summary\n"));
	assert_non_null(strstr(out, "\n# signatures\n"));
	assert_non_null(strstr(out, "\n# what-if\n"));
	assert_non_null(strstr(out, "\n# conclusion\npart,text\n"));
	free(out);
	assert_int_equal(run_report(&f, &writer_md, "test key", NULL, &out),
	    0);
	assert_non_null(strstr(out, "\n## What if\n\n| t | source |"));
	free(out);
	assert_int_equal(run_report(&f, &writer_table, "test key", NULL,
	    &out), 0);
	assert_non_null(strstr(out, "== Conclusion ==\nDated revocation"));
	free(out);

	/* --key errors: nothing matches, an alias of two keys */
	assert_int_equal(run_report(&f, &writer_json, "no-such-key", NULL,
	    &out), 2);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(run_report(&f, &writer_json, "alias/tool", NULL,
	    &out), 2);
	free(out);
	/* the other key has no unaccounted signature: auto has no date */
	assert_int_equal(run_report(&f, &writer_json, "other key", NULL,
	    &out), 2);
	free(out);
	assert_int_equal(run_report(&f, &writer_json, "other key",
	    "2021-01-01T00:00:00Z", &out), 0);
	assert_non_null(strstr(out, "No signatures"));
	free(out);
	/* bad --revoke-at */
	assert_int_equal(run_report(&f, &writer_json, "test key", "soon",
	    &out), 2);
	free(out);
	free(d1);
	store_close(f.st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accuracy),
		cmocka_unit_test(test_equal_times),
		cmocka_unit_test(test_missing_tokens),
		cmocka_unit_test(test_unverified),
		cmocka_unit_test(test_other_signatures),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_auto_t),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_conclusion),
		cmocka_unit_test(test_case_corpus),
	};

	err_set_quiet(1);
	return cmocka_run_group_tests(tests, setup, NULL);
}
