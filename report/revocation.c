/* SPDX-License-Identifier: MIT */
/*
 * revocation.c - "sigtrail report revocation": for one key or
 * certificate and a revocation time T, every signature the case knows it
 * made, the trusted time of each, and what survives a revocation at T
 * under each verification model; a what-if table over candidate times
 * and a conclusion (DESIGN.md section 7).
 *
 * The key.  --key is any spelling: label, key ARN, key id, alias,
 * spki-sha256 or certificate fingerprint (with or without its prefix),
 * certificate serial (bare hex, "<issuer>#<serial>" or
 * "cert-serial:<issuer>#<serial>"), or the label of a policy key.  The
 * spellings are looked up in keys/key_refs; an alias that named several
 * keys over time is refused (exit 2, the keys listed): revocation is
 * about one key.  The key is then joined, until nothing changes, with
 *   - the other non-alias spellings of a policy key (the policy of the
 *     latest correlation) that names one of its spellings, so a policy
 *     can say which KMS key a certificate certifies;
 *   - a key whose transparency-log entries are, for more than half of
 *     those paired with a signing record (links of kind 'tlog'), paired
 *     with signatures of the key (the KMS key's public key), and the
 *     other way round.
 * Aliases never join keys: the same alias names the old and the new key.
 *
 * The signatures.  One row per signing operation of the key: the
 * verdicts of the last correlate (a KMS/HSM signing record, with the
 * transparency-log entry paired with it and its digest, or a log entry
 * no record pairs with), plus successful signing records and unpaired
 * log entries of the key that correlate left out of scope ("uncorrelated",
 * counted as unaccounted).  An uncorrelated log entry with the digest of
 * another row and a time within the skew (plus a minute) of it is the
 * same signature and joins that row.  RFC 3161 tokens whose message
 * imprint equals a row's digest join the row: a token belongs to the
 * latest signature of that digest made no later than its genTime +
 * accuracy + skew.  Tokens that match no signature of the key are not
 * listed (a token does not say which key signed).
 *
 * Trusted time.  From a token whose TSA signature verified at ingest
 * (attrs.verified = true): genTime, good until genTime + accuracy (no
 * accuracy: genTime); or from a transparency-log entry whose inclusion
 * proof verified (attrs.inclusion = 'verified'): integratedTime, taken
 * as exact.  Evidence older than the signing record less the skew is
 * about an earlier signature of the same content and never counts;
 * neither does an unverified, tampered or unverifiable token.  Of the
 * trusted evidence the one with the earliest bound wins (ties: RFC 3161
 * first, then event id).
 *
 * Models, for a revocation at T:
 *   timestamp     timestamp-respecting verification (Authenticode,
 *                 Notary, NuGet): a signature survives when its trusted
 *                 bound is strictly before T.  T is the first instant the
 *                 key is no longer trusted, so a signature whose bound
 *                 equals T is not proven to precede it and dies.
 *   strict        any-revoked-invalidates (OpenSSL and osslsigncode CRL
 *                 checking): every signature dies, whatever T.
 *   no_timestamp  the signature verified without trusted time evidence
 *                 (none was made, or the artifact travels without its
 *                 token or bundle): nothing places it before T; it dies
 *                 under both models above.
 * --model timestamp|strict|both (default both) selects the models of the
 * what-if table and of the conclusion; every signature row always
 * carries the three survives_* fields.
 *
 * T.  --revoke-at TIME; --from-crl invalidity|revocation: the earliest
 * invalidityDate / revocationDate of the CRL entries that revoke a
 * certificate of the key; --revoke-at auto (the default): the earliest
 * signing time of an unaccounted signature (its signing record, else its
 * log entry) less the skew of the latest correlation, which no
 * unaccounted signature can survive (its trusted bound is at least its
 * signing time less the skew).
 *
 * Candidate times of the what-if table: T; the automatic T; each
 * unaccounted signing time; the first key-administration anomaly, i.e.
 * the first successful administrative event on the key (key.policy,
 * key.grant, key.alias, key.import, key.delete, key.enable, key.disable)
 * made in a session that made an unaccounted signature (the attacker's
 * session: the key's own administrators are not anomalies, and the
 * policy lists no administrators); and the revocationDate and
 * invalidityDate of each CRL entry.  Equal times are one candidate with
 * their sources joined by "; ".  Each candidate gets one row per model
 * among timestamp and strict (no_timestamp counts as strict); a T is
 * safe when no unaccounted signature survives it.  Partial signatures
 * (signed in CI but never published, published without a CI run) are
 * counted apart: the review list, to confirm before re-signing.  A
 * signature's release is the repository and version of its publish
 * event, else its CI run's repository and ref (tags without
 * "refs/tags/").
 *
 * The conclusion is the decision matrix: no signatures; no trusted time
 * at all (everything breaks: mass re-signing); a T that leaves an
 * unaccounted signature valid (not safe, with the automatic T to use);
 * else a dated revocation, listing what survives and what to re-sign,
 * with a caveat when an audit-trail break (findings) starts before T;
 * then the strict model's cost, and a customer-facing paragraph.
 *
 * Usage errors exit 2: no --key, a --key that names nothing or several
 * keys, bad --model/--from-crl/--revoke-at, --from-crl without a CRL
 * entry for the key, auto without an unaccounted signature.  --from and
 * --to do not apply (every signature of the key counts): a warning.
 *
 * JSON (--format json: one object, JSON_PRESERVE_ORDER | JSON_INDENT(2),
 * a newline at the end).  Stable fields:
 *   key               the key's label
 *   key_refs          [{ref, why}]: every key_ref treated as this key
 *   skew_s            the skew of the latest correlation
 *   revoke_at         T
 *   revoke_at_source  given | auto | crl-invalidity | crl-revocation
 *   revoke_at_detail  how T was obtained, a phrase
 *   models            the models applied: timestamp, strict, no_timestamp
 *   crl               [{crl_number, issuer, serial, reason,
 *                     revocation_date, invalidity_date}]
 *   counts            {signatures, accounted, partial, unaccounted,
 *                     uncorrelated, trusted}
 *   signatures        [{time, source, native_id, signer, release,
 *                     artifact, version, digest, verdict, time_evidence
 *                     [strings], trusted_time, trusted_until, trusted_by,
 *                     not_trusted, survives_timestamp, survives_strict,
 *                     survives_no_timestamp}], in time order (ties:
 *                     source, native id, event id)
 *   what_if           [{t, source, chosen, model, safe,
 *                     unaccounted_surviving, partial_surviving,
 *                     accounted_surviving, accounted_invalidated,
 *                     partial_invalidated, resign [{release, count}],
 *                     review [{release, count}]}], by t then model;
 *                     resign lists the accounted signatures to re-sign,
 *                     review the partial ones to confirm first
 *   conclusion        the decision, one paragraph
 *   customer_impact   the consequence for customers, one paragraph
 * Missing values are null.  table, csv and md print the same as sections
 * (summary, signatures, what-if, conclusion) one after another, each
 * under a heading ("== Name ==", "# name" and "## Name").
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "report.h"
#include "revocation.h"
#include "sections.h"
#include "sigtrail.h"
#include "strv.h"
#include "timeutil.h"
#include "writer.h"
#include "xalloc.h"

/* A usage error of this report (rp_usage_error in common.c). */
#define usage_error(...)	rp_usage_error(USAGE, __VA_ARGS__)
#define USAGE	\
	"sigtrail report revocation --key K [--revoke-at T|auto]\n"\
	"      [--from-crl revocation|invalidity]\n"\
	"      [--model timestamp|strict|both] [--format F] [-o FILE]"

/* Seconds a log entry may follow its signing record (as link_tlog.c). */
#define TLOG_LAG_US	(60 * (int64_t)1000000)
/* Rounds of key joining before giving up (each adds a key or stops). */
#define JOIN_ROUNDS	16

static const char *const model_names[] = {
	"timestamp", "strict", "no_timestamp"
};

/* ------------------------------------------------------------------ */
/* The decisions (pure)                                                */

static int64_t
sub_sat(int64_t a, int64_t b)
{
	if (b > 0 && a < INT64_MIN + b)
		return INT64_MIN;
	return a - b;
}

static int64_t
add_sat(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	return a + b;
}

int64_t
rv_bound(const struct rv_evidence *e)
{
	return add_sat(e->t_us, e->acc_us > 0 ? e->acc_us : 0);
}

int
rv_trusted(const struct rv_evidence *e, int64_t sign_us, int64_t skew_us)
{
	if (!e->verified)
		return 0;
	return rv_bound(e) >= sub_sat(sign_us, skew_us);
}

int
rv_pick(const struct rv_evidence *ev, size_t n, int64_t sign_us,
    int64_t skew_us)
{
	int64_t b, bb = 0;
	size_t i;
	int best = -1;

	for (i = 0; i < n; i++) {
		if (!rv_trusted(&ev[i], sign_us, skew_us))
			continue;
		b = rv_bound(&ev[i]);
		if (best < 0 || b < bb || (b == bb &&
		    (ev[i].kind < ev[best].kind || (ev[i].kind ==
		    ev[best].kind && ev[i].id < ev[best].id)))) {
			best = (int)i;
			bb = b;
		}
	}
	return best;
}

int
rv_token_owner(const int64_t *sign_us, size_t n, int64_t bound_us,
    int64_t skew_us)
{
	int64_t lim = add_sat(bound_us, skew_us);
	size_t i;
	int best = -1;

	for (i = 0; i < n; i++)
		if (sign_us[i] <= lim && (best < 0 ||
		    sign_us[i] > sign_us[best]))
			best = (int)i;
	return best;
}

int
rv_survives(enum rv_model m, const struct rv_sig *s, int64_t t_us)
{
	if (m != RV_TIMESTAMP)
		return 0;
	return s->trusted && s->bound_us < t_us;
}

static int
is_unaccounted(enum rv_verdict v)
{
	return v == RV_UNACCOUNTED || v == RV_UNCORRELATED;
}

int
rv_auto_t(const struct rv_sig *s, size_t n, int64_t skew_us, int64_t *t_us)
{
	size_t i;
	int found = 0;
	int64_t first = 0;

	for (i = 0; i < n; i++) {
		if (!is_unaccounted(s[i].verdict) || s[i].sign_us == INT64_MIN)
			continue;
		if (!found || s[i].sign_us < first)
			first = s[i].sign_us;
		found = 1;
	}
	if (!found)
		return -1;
	*t_us = sub_sat(first, skew_us);
	return 0;
}

static void
group_add(struct rv_group **g, size_t *n, const char *release)
{
	const char *r = release ? release : "(no release)";
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*g)[i].release, r) == 0) {
			(*g)[i].count++;
			return;
		}
	}
	*g = xreallocarray(*g, *n + 1, sizeof(**g));
	(*g)[*n].release = xstrdup(r);
	(*g)[*n].count = 1;
	(*n)++;
}

void
rv_counts_compute(const struct rv_sig *s, size_t n, enum rv_model m,
    int64_t t_us, struct rv_counts *c)
{
	size_t i;
	int ok;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < n; i++) {
		ok = rv_survives(m, &s[i], t_us);
		switch (s[i].verdict) {
		case RV_ACCOUNTED:
			if (ok) {
				c->accounted_surviving++;
				group_add(&c->keep, &c->nkeep, s[i].release);
			} else {
				c->accounted_invalidated++;
				group_add(&c->resign, &c->nresign,
				    s[i].release);
			}
			break;
		case RV_PARTIAL:
			if (ok) {
				c->partial_surviving++;
			} else {
				c->partial_invalidated++;
				group_add(&c->review, &c->nreview,
				    s[i].release);
			}
			break;
		default:
			if (ok)
				c->unaccounted_surviving++;
			else
				c->unaccounted_invalidated++;
			break;
		}
	}
}

static void
groups_free(struct rv_group *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(g[i].release);
	free(g);
}

void
rv_counts_release(struct rv_counts *c)
{
	groups_free(c->keep, c->nkeep);
	groups_free(c->resign, c->nresign);
	groups_free(c->review, c->nreview);
	memset(c, 0, sizeof(*c));
}

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* "a, b and c", with " (count)" after each when counts is set. */
static void
list_groups(struct buf *b, const struct rv_group *g, size_t n, int counts)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addstr(b, i + 1 == n ? " and " : ", ");
		buf_addstr(b, g[i].release);
		if (counts)
			buf_addf(b, " (%zu)", g[i].count);
	}
}

void
rv_conclude(const struct rv_facts *f, struct buf *d, struct buf *cu)
{
	struct rv_counts ts, st;
	char tb[TS_BUFSZ], ab[TS_BUFSZ], gb[TS_BUFSZ];
	size_t i, nacc = 0, npart = 0, nun = 0, ntr = 0, nuncorr = 0;
	int stamp = (f->models & RV_MODEL_BIT(RV_TIMESTAMP)) != 0;
	int strict = (f->models & RV_MODEL_BIT(RV_STRICT)) != 0;

	for (i = 0; i < f->n; i++) {
		if (f->sigs[i].verdict == RV_ACCOUNTED)
			nacc++;
		else if (f->sigs[i].verdict == RV_PARTIAL)
			npart++;
		else
			nun++;
		nuncorr += f->sigs[i].verdict == RV_UNCORRELATED;
		ntr += f->sigs[i].trusted != 0;
	}
	ts_format(f->t_us, tb);
	rv_counts_compute(f->sigs, f->n, RV_TIMESTAMP, f->t_us, &ts);
	rv_counts_compute(f->sigs, f->n, RV_STRICT, f->t_us, &st);

	if (f->n == 0) {
		buf_addf(d, "No signatures: the case holds no signature made "
		    "with %s, so revoking it at %s (%s) invalidates nothing "
		    "the case knows of; signatures made without a signing "
		    "record or a transparency-log entry would not show here.",
		    f->key, tb, f->t_how);
		buf_addf(cu, "For customers: no artifact signed with %s is "
		    "known to the case; the revocation at %s has no known "
		    "effect on them.", f->key, tb);
		goto out;
	}
	if (ntr == 0) {
		buf_addf(d, "No timestamps: none of the %zu signature%s of %s "
		    "has a trusted time (no verified RFC 3161 token, no "
		    "verified transparency-log entry), so revoking it at %s "
		    "(%s) breaks every one of them under every model. Plan "
		    "mass re-signing: %zu accounted signature%s", f->n,
		    plural(f->n), f->key, tb, f->t_how, nacc, plural(nacc));
		if (st.nresign > 0) {
			buf_addstr(d, " (");
			list_groups(d, st.resign, st.nresign, 1);
			buf_addch(d, ')');
		}
		if (st.nreview > 0) {
			buf_addf(d, ", and %zu partial signature%s to confirm "
			    "first (", npart, plural(npart));
			list_groups(d, st.review, st.nreview, 1);
			buf_addch(d, ')');
		}
		buf_addch(d, '.');
		buf_addf(cu, "For customers: every artifact signed with %s "
		    "stops verifying once it is revoked, whatever their "
		    "verifier", f->key);
		if (st.nresign > 0) {
			buf_addstr(cu, "; ");
			list_groups(cu, st.resign, st.nresign, 0);
			buf_addstr(cu, " will be re-signed with a new key and "
			    "must be downloaded again.");
		} else {
			buf_addstr(cu, "; no accounted release is affected.");
		}
		goto out;
	}
	if (stamp && ts.unaccounted_surviving > 0) {
		buf_addf(d, "Not safe: revoking %s at %s (%s) leaves %zu of "
		    "the %zu unaccounted signature%s valid for verifiers "
		    "that honour timestamps, because their trusted times "
		    "precede T.", f->key, tb, f->t_how,
		    ts.unaccounted_surviving, nun, plural(nun));
		if (f->have_auto)
			buf_addf(d, " Choose T no later than %s (--revoke-at "
			    "auto).", ts_format(f->auto_us, ab));
		buf_addf(cu, "For customers: revoking at %s would keep %zu "
		    "signature%s that nobody can account for valid; do not "
		    "announce this date", tb, ts.unaccounted_surviving,
		    plural(ts.unaccounted_surviving));
		if (f->have_auto)
			buf_addf(cu, ": an earlier one (%s) invalidates "
			    "them all.", ab);
		else
			buf_addch(cu, '.');
	} else if (stamp) {
		buf_addf(d, "Dated revocation: revoking %s at %s (%s) "
		    "invalidates all %zu unaccounted signature%s for "
		    "verifiers that honour timestamps (Authenticode, Notary, "
		    "NuGet). %zu of %zu accounted signature%s have a trusted "
		    "time before T and stay valid", f->key, tb, f->t_how,
		    nun, plural(nun), ts.accounted_surviving, nacc,
		    plural(nacc));
		if (ts.nkeep > 0) {
			buf_addstr(d, " (");
			list_groups(d, ts.keep, ts.nkeep, 1);
			buf_addch(d, ')');
		}
		buf_addf(d, "; %zu must be re-signed",
		    ts.accounted_invalidated);
		if (ts.nresign > 0) {
			buf_addstr(d, " (");
			list_groups(d, ts.resign, ts.nresign, 1);
			buf_addch(d, ')');
		}
		buf_addch(d, '.');
		if (ts.partial_invalidated > 0) {
			buf_addf(d, " %zu partial signature%s lose validity "
			    "and need review before re-signing (",
			    ts.partial_invalidated,
			    plural(ts.partial_invalidated));
			list_groups(d, ts.review, ts.nreview, 1);
			buf_addstr(d, ").");
		}
		if (ts.partial_surviving > 0)
			buf_addf(d, " %zu partial signature%s stay valid.",
			    ts.partial_surviving,
			    plural(ts.partial_surviving));
		if (f->gap_us != INT64_MIN)
			buf_addf(d, " Caveat: the signing logs have a gap "
			    "from %s, before T: signatures made in it are "
			    "unknown, and any with a trusted time before T "
			    "would survive.", ts_format(f->gap_us, gb));
		else
			buf_addstr(d, " The window is confident: no "
			    "signing-log gap is known before T.");
		buf_addf(cu, "For customers: after the revocation at %s, ",
		    tb);
		if (ts.nkeep > 0) {
			list_groups(cu, ts.keep, ts.nkeep, 0);
			buf_addstr(cu, " keep verifying with tools that honour "
			    "timestamps (Authenticode, Notary, NuGet)");
		} else {
			buf_addstr(cu, "no release keeps verifying");
		}
		if (ts.nresign > 0) {
			buf_addstr(cu, "; ");
			list_groups(cu, ts.resign, ts.nresign, 0);
			buf_addstr(cu, " stop verifying and will be re-signed "
			    "and republished");
		}
		buf_addch(cu, '.');
		if (strict && st.nresign > 0) {
			buf_addstr(cu, " Customers whose tools check "
			    "revocation strictly (OpenSSL, osslsigncode), or "
			    "who hold artifacts without their timestamps, must "
			    "move to re-signed artifacts of ");
			list_groups(cu, st.resign, st.nresign, 0);
			buf_addch(cu, '.');
		}
		buf_addf(cu, " The %zu unaccounted signature%s %s invalid "
		    "from %s on and must not be trusted: block their "
		    "digests.", nun, plural(nun), nun == 1 ? "is" : "are",
		    tb);
	}
	if (stamp && ntr < f->n)
		buf_addf(d, " %zu signature%s have no trusted time and fail "
		    "under every model.", f->n - ntr, plural(f->n - ntr));
	if (strict) {
		if (stamp)
			buf_addch(d, ' ');
		buf_addf(d, "Under strict CRL checking (OpenSSL, osslsigncode) "
		    "all %zu signature%s fail once the certificate is "
		    "revoked, whatever T: %zu accounted signature%s must be "
		    "re-signed", f->n, plural(f->n), nacc, plural(nacc));
		if (st.nresign > 0) {
			buf_addstr(d, " (");
			list_groups(d, st.resign, st.nresign, 1);
			buf_addch(d, ')');
		}
		buf_addch(d, '.');
		if (!stamp) {
			buf_addf(cu, "For customers: once %s is revoked "
			    "(T = %s), every artifact signed with it stops "
			    "verifying with tools that check revocation "
			    "strictly", f->key, tb);
			if (st.nresign > 0) {
				buf_addstr(cu, "; ");
				list_groups(cu, st.resign, st.nresign, 0);
				buf_addstr(cu, " will be re-signed and "
				    "republished");
			}
			buf_addch(cu, '.');
		}
	}
out:
	if (nuncorr > 0)
		buf_addf(d, " %zu signature%s of %s %s left out of correlation "
		    "(the key is outside the policy's scope) and count%s as "
		    "unaccounted: name the key in the policy and correlate "
		    "again.", nuncorr, plural(nuncorr), f->key, nuncorr == 1 ?
		    "was" : "were", nuncorr == 1 ? "s" : "");
	rv_counts_release(&ts);
	rv_counts_release(&st);
}

/* ------------------------------------------------------------------ */
/* The case                                                            */

struct rv_row {
	struct rv_sig		 sig;
	int64_t			 id;		/* signing record, log entry */
	int			 uncorrelated_tlog;
	char			*source, *native_id, *signer, *session;
	char			*digest, *artifact, *version, *release;
	char			*verdict;
	struct rv_evidence	*ev;
	char			**evlabel;	/* "rekor entry 1372869018" */
	char			**evdesc;	/* its time and status */
	char			**evwhy;	/* why not trusted, or NULL */
	size_t			 nev, aev;
	int			 pick;
};

struct cand {
	int64_t		 t_us;
	struct buf	 src;
};

struct crl_entry {
	int64_t		 id;
	int64_t		 rev_us;
	int64_t		 inv_us;	/* INT64_MIN: none */
	char		*reason, *serial, *issuer, *number;
};

struct rv {
	struct report_args	*ra;
	sqlite3			*db;
	int64_t			 skew_us;
	json_t			*policy;	/* of the latest correlation */
	char			*label;
	struct strv		 refs, why;	/* the key */
	struct strv		 crl_seed;	/* revocations named directly */
	char			*refs_json;
	struct crl_entry	*crl;
	size_t			 ncrl;
	struct rv_row		*rows;
	size_t			 nrows, arows;
	struct rv_sig		*sigs;
	int			 have_given;	/* --revoke-at TIME */
	int64_t			 given_us;
	int64_t			 t_us;
	const char		*t_source;
	struct buf		 t_detail;
	unsigned		 models;
	int			 have_auto;
	int64_t			 auto_us;
	int64_t			 gap_us;
	struct cand		*cands;
	size_t			 ncands, acands;
};

static int
dberr(struct rv *r)
{
	return error("report revocation: %s", sqlite3_errmsg(r->db));
}

static int
prep(struct rv *r, const char *sql, sqlite3_stmt **s)
{
	if (sqlite3_prepare_v2(r->db, sql, -1, s, NULL) != SQLITE_OK)
		return dberr(r);
	return 0;
}

static int
is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return n > 0;
}

static void
lower_copy(char *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i];
	out[n] = '\0';
}

/*
 * The forms a spelling is looked up in: as written (less a
 * "cert-serial:" prefix), a 64-digit fingerprint in lower case (less an
 * "spki-sha256:", "cert-sha256:" or "sha256:" prefix) and a certificate
 * serial in lower case (less "0x" and colons).
 */
struct forms {
	const char	*exact;
	char		 fp[65];
	char		 serial[129];
};

static void
spelling_forms(const char *k, struct forms *f)
{
	static const char *const fpx[] = { "spki-sha256:", "cert-sha256:",
	    "sha256:" };
	const char *p = k;
	size_t i, n;

	memset(f, 0, sizeof(*f));
	f->exact = strncmp(k, "cert-serial:", 12) == 0 ? k + 12 : k;
	for (i = 0; i < sizeof(fpx) / sizeof(fpx[0]); i++)
		if (strncmp(p, fpx[i], strlen(fpx[i])) == 0)
			p += strlen(fpx[i]);
	if (strlen(p) == 64 && is_hex(p, 64))
		lower_copy(f->fp, p, 64);
	p = k;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	for (n = 0; *p && n + 1 < sizeof(f->serial); p++) {
		if (*p == ':')
			continue;
		if (!is_hex(p, 1)) {
			n = 0;
			break;
		}
		lower_copy(f->serial + n++, p, 1);
	}
	f->serial[n] = '\0';
	if (*p)
		f->serial[0] = '\0';
}

static void
bind_forms(sqlite3_stmt *s, const struct forms *f)
{
	sqlite3_bind_text(s, 1, f->exact, -1, SQLITE_TRANSIENT);
	if (f->fp[0])
		sqlite3_bind_text(s, 2, f->fp, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 2);
	if (f->serial[0])
		sqlite3_bind_text(s, 3, f->serial, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 3);
}

#define FP_MATCH \
	"(?2 IS NOT NULL AND (lower(k.canonical) = 'spki-sha256:' || ?2" \
	" OR (r.kind = 'cert-sha256' AND lower(r.value) = ?2)))" \
	" OR (?3 IS NOT NULL AND r.kind = 'cert-serial'" \
	" AND lower(r.value) LIKE '%#' || ?3)"

/* The keys a spelling names: directly, or only as an alias. */
static const char sql_match[] =
"SELECT k.canonical, NULL,"
" max(k.canonical = ?1 OR coalesce(k.label, '') = ?1"
"  OR (r.value = ?1 AND r.kind NOT IN ('alias', 'alias-observed'))"
"  OR " FP_MATCH ") AS direct,"
" (SELECT group_concat(coalesce(a.valid_from, '?') || ' to ' ||"
"  coalesce(a.valid_to, 'now'), ', ') FROM key_refs a WHERE"
"  a.key_id = k.id AND a.kind = 'alias' AND a.value = ?1) AS periods"
" FROM keys k LEFT JOIN key_refs r ON r.key_id = k.id"
" WHERE k.canonical = ?1 OR k.label = ?1 OR r.value = ?1 OR " FP_MATCH
" GROUP BY k.id ORDER BY k.canonical";

struct match {
	struct strv	 direct, alias, periods;
};

static void
match_free(struct match *m)
{
	strv_free(&m->direct);
	strv_free(&m->alias);
	strv_free(&m->periods);
}

static int
match_keys(struct rv *r, const char *spelling, struct match *m)
{
	sqlite3_stmt *s = NULL;
	struct forms f;
	int rc;

	spelling_forms(spelling, &f);
	if (prep(r, sql_match, &s) < 0)
		return -1;
	bind_forms(s, &f);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *canon = rp_col(s, 0);

		if (canon == NULL)
			continue;
		if (sqlite3_column_int(s, 2)) {
			strv_add_new(&m->direct, canon);
		} else if (!strv_has(&m->alias, canon)) {
			strv_add(&m->alias, canon);
			strv_add(&m->periods, rp_col(s, 3) ? rp_col(s, 3) :
			    "?");
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return dberr(r);
	return 0;
}

static void
key_add(struct rv *r, const char *ref, const char *why)
{
	if (strv_has(&r->refs, ref))
		return;
	strv_add(&r->refs, ref);
	strv_add(&r->why, why);
	free(r->refs_json);
	r->refs_json = strv_json(&r->refs);
}

/*
 * The refs the non-alias spellings of policy key pk name; with alias set,
 * the keys its alias spellings name go there (and their periods).
 */
static int
policy_key_refs(struct rv *r, const json_t *pk, struct strv *out,
    struct match *alias)
{
	static const char *const lists[] = { "refs", "public_keys" };
	const json_t *a, *v;
	struct match m;
	size_t l, i, j;
	char fp[80];

	for (l = 0; l < 2; l++) {
		a = json_object_get(pk, lists[l]);
		json_array_foreach(a, i, v) {
			const char *sp = json_string_value(v);
			struct forms f;

			if (sp == NULL)
				continue;
			memset(&m, 0, sizeof(m));
			if (match_keys(r, sp, &m) < 0) {
				match_free(&m);
				return -1;
			}
			for (j = 0; j < m.direct.n; j++)
				strv_add_new(out, m.direct.v[j]);
			for (j = 0; alias && j < m.alias.n; j++) {
				if (strv_has(&alias->alias, m.alias.v[j]))
					continue;
				strv_add(&alias->alias, m.alias.v[j]);
				strv_add(&alias->periods, m.periods.v[j]);
			}
			match_free(&m);
			spelling_forms(sp, &f);
			if (strncmp(sp, "spki-sha256:", 12) == 0 && f.fp[0]) {
				snprintf(fp, sizeof(fp), "spki-sha256:%s",
				    f.fp);
				strv_add_new(out, fp);
			}
		}
	}
	return 0;
}

static int
join_policy(struct rv *r, int *changed)
{
	const json_t *keys = json_object_get(r->policy, "keys"), *pk;
	struct strv refs;
	struct buf why = BUF_INIT;
	size_t i, j;
	int hit;

	json_array_foreach(keys, i, pk) {
		memset(&refs, 0, sizeof(refs));
		if (policy_key_refs(r, pk, &refs, NULL) < 0) {
			strv_free(&refs);
			buf_release(&why);
			return -1;
		}
		for (hit = 0, j = 0; j < refs.n && !hit; j++)
			hit = strv_has(&r->refs, refs.v[j]);
		buf_reset(&why);
		buf_addf(&why, "policy key '%s' names it with the key",
		    json_string_value(json_object_get(pk, "label")) ?
		    json_string_value(json_object_get(pk, "label")) : "?");
		for (j = 0; hit && j < refs.n; j++) {
			if (strv_has(&r->refs, refs.v[j]))
				continue;
			key_add(r, refs.v[j], why.s);
			*changed = 1;
		}
		strv_free(&refs);
	}
	buf_release(&why);
	return 0;
}

/*
 * Keys paired with this one by the tlog links: public keys whose paired
 * log entries mostly pair with this key's signing records, and signing
 * keys whose paired records mostly pair with this key's log entries.
 */
static const char sql_tlog_pk[] =
"SELECT t.key_ref, sum(s.key_ref IN (SELECT value FROM json_each(?1))),"
" count(*) FROM links l JOIN events t ON t.id = l.target_id"
" JOIN events s ON s.id = l.sign_id WHERE l.kind = 'tlog'"
" AND t.key_ref IS NOT NULL"
" AND t.key_ref NOT IN (SELECT value FROM json_each(?1))"
" GROUP BY t.key_ref ORDER BY t.key_ref";

static const char sql_tlog_sk[] =
"SELECT s.key_ref, sum(t.key_ref IN (SELECT value FROM json_each(?1))),"
" count(*) FROM links l JOIN events t ON t.id = l.target_id"
" JOIN events s ON s.id = l.sign_id WHERE l.kind = 'tlog'"
" AND s.key_ref IS NOT NULL"
" AND s.key_ref NOT IN (SELECT value FROM json_each(?1))"
" GROUP BY s.key_ref ORDER BY s.key_ref";

static int
join_tlog(struct rv *r, const char *sql, const char *what, int *changed)
{
	sqlite3_stmt *s = NULL;
	struct strv add = { 0 }, why = { 0 };
	struct buf b = BUF_INIT;
	size_t i;
	int rc;

	if (prep(r, sql, &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, r->refs_json, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t mine = sqlite3_column_int64(s, 1);
		int64_t all = sqlite3_column_int64(s, 2);

		if (mine <= 0 || mine * 2 <= all)
			continue;
		buf_reset(&b);
		buf_addf(&b, "%s: %lld of %lld", what, (long long)mine,
		    (long long)all);
		strv_add(&add, rp_col(s, 0));
		strv_add(&why, b.s);
	}
	sqlite3_finalize(s);
	buf_release(&b);
	if (rc != SQLITE_DONE) {
		strv_free(&add);
		strv_free(&why);
		return dberr(r);
	}
	for (i = 0; i < add.n; i++) {
		key_add(r, add.v[i], why.v[i]);
		*changed = 1;
	}
	strv_free(&add);
	strv_free(&why);
	return 0;
}

static int
expand_key(struct rv *r)
{
	int round, changed = 1;

	for (round = 0; round < JOIN_ROUNDS && changed; round++) {
		changed = 0;
		if (join_policy(r, &changed) < 0 ||
		    join_tlog(r, sql_tlog_pk, "its transparency-log entries "
		    "pair with signing records of the key",
		    &changed) < 0 ||
		    join_tlog(r, sql_tlog_sk, "its signing records pair with "
		    "transparency-log entries of the key",
		    &changed) < 0)
			return -1;
	}
	return 0;
}

static const char sql_policy[] =
"SELECT skew_s, policy FROM correlations ORDER BY id DESC LIMIT 1";

static int
load_policy(struct rv *r)
{
	sqlite3_stmt *s = NULL;
	json_error_t je;
	int rc;

	if (prep(r, sql_policy, &s) < 0)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r->skew_us = sqlite3_column_int64(s, 0) * 1000000;
		if (rp_col(s, 1))
			r->policy = json_loads(rp_col(s, 1), 0, &je);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(r);
	if (r->policy == NULL)
		r->policy = json_object();
	return 0;
}

/* Sets r->label: the key's label, else its canonical name. */
static int
label_of(struct rv *r, const char *canon)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (prep(r, "SELECT coalesce(label, canonical) FROM keys WHERE"
	    " canonical = ?1", &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, canon, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	r->label = xstrdup(rc == SQLITE_ROW && rp_col(s, 0) ? rp_col(s, 0) :
	    canon);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(r);
	return 0;
}

/*
 * Finds the key --key names.  Returns 0, -1 (error printed) or
 * SIGTRAIL_EXIT_USAGE (message printed).
 */
static int
resolve_key(struct rv *r, const char *k)
{
	struct match m;
	struct forms f;
	sqlite3_stmt *s = NULL;
	const json_t *pk;
	struct strv *seeds;
	struct buf b = BUF_INIT;
	size_t i;
	int rc, ret = -1;

	memset(&m, 0, sizeof(m));
	if (match_keys(r, k, &m) < 0)
		goto out;
	/* the label of a policy key: its spellings */
	json_array_foreach(json_object_get(r->policy, "keys"), i, pk) {
		const char *l = json_string_value(json_object_get(pk,
		    "label"));
		struct strv pr = { 0 };
		size_t j;

		if (m.direct.n > 0 || m.alias.n > 0 || l == NULL ||
		    strcmp(l, k) != 0)
			continue;
		if (policy_key_refs(r, pk, &pr, &m) < 0) {
			strv_free(&pr);
			goto out;
		}
		for (j = 0; j < pr.n; j++)
			strv_add(&m.direct, pr.v[j]);
		strv_free(&pr);
	}
	seeds = m.direct.n > 0 ? &m.direct : &m.alias;
	if (seeds->n == 0) {
		/* a revoked certificate the case knows only from a CRL */
		spelling_forms(k, &f);
		if (prep(r, "SELECT id, key_ref FROM events WHERE action ="
		    " 'pki.revoke' AND (key_raw = ?1 OR key_raw ="
		    " 'cert-serial:' || ?1 OR (?3 IS NOT NULL AND"
		    " lower(key_raw) LIKE '%#' || ?3)) ORDER BY id", &s) < 0)
			goto out;
		bind_forms(s, &f);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			buf_reset(&b);
			buf_addf(&b, "%lld", (long long)sqlite3_column_int64(
			    s, 0));
			strv_add(&r->crl_seed, b.s);
			strv_add_new(&m.direct, rp_col(s, 1));
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			dberr(r);
			goto out;
		}
		seeds = &m.direct;
		if (seeds->n == 0 && r->crl_seed.n == 0) {
			ret = usage_error("--key '%s' matches no "
			    "key or certificate in the case (try a label, key "
			    "ARN, key id, alias, spki-sha256 or certificate "
			    "fingerprint, or certificate serial; 'sigtrail "
			    "query \"SELECT canonical, label FROM keys\"' "
			    "lists them)", k);
			goto out;
		}
	}
	if (seeds->n > 0) {
		if (label_of(r, seeds->v[0]) < 0)
			goto out;
		key_add(r, seeds->v[0], "named by --key");
	} else {
		r->label = xstrdup(k);
	}
	if (expand_key(r) < 0)
		goto out;
	for (i = 1; i < seeds->n; i++)
		if (!strv_has(&r->refs, seeds->v[i]))
			break;
	if (i < seeds->n) {
		buf_reset(&b);
		for (i = 0; i < seeds->n; i++) {
			buf_addf(&b, "%s%s", i ? "; " : "", seeds->v[i]);
			if (seeds == &m.alias)
				buf_addf(&b, " (alias %s)", m.periods.v[i]);
		}
		ret = usage_error("--key '%s' names %zu different "
		    "keys: %s; name one of them (key ARN, key id or "
		    "fingerprint)", k, seeds->n, b.s);
		goto out;
	}
	ret = 0;
out:
	match_free(&m);
	buf_release(&b);
	return ret;
}

static const char sql_crl[] =
"SELECT e.id, e.ts_us, json_extract(e.attrs, '$.invalidity_date'),"
" json_extract(e.attrs, '$.reason'), json_extract(e.attrs, '$.serial'),"
" coalesce(json_extract(e.attrs, '$.certificate_issuer'),"
"  json_extract(e.attrs, '$.issuer')),"
" json_extract(e.attrs, '$.crl_number')"
" FROM events e WHERE e.action = 'pki.revoke' AND e.ts_us IS NOT NULL"
" AND coalesce(json_extract(e.attrs, '$.reason'), '') != 'removeFromCRL'"
" AND (e.key_ref IN (SELECT value FROM json_each(?1))"
"  OR e.key_raw IN (SELECT 'cert-serial:' || r.value FROM key_refs r"
"   JOIN keys k ON k.id = r.key_id WHERE r.kind = 'cert-serial'"
"   AND k.canonical IN (SELECT value FROM json_each(?1)))"
"  OR e.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?2)))"
" ORDER BY e.ts_us, e.id";

static int
load_crl(struct rv *r)
{
	sqlite3_stmt *s = NULL;
	struct crl_entry *c;
	char *seeds = strv_json(&r->crl_seed);
	int64_t us;
	unsigned fl;
	int rc;

	if (prep(r, sql_crl, &s) < 0) {
		free(seeds);
		return -1;
	}
	sqlite3_bind_text(s, 1, r->refs_json ? r->refs_json : "[]", -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, seeds, -1, SQLITE_TRANSIENT);
	free(seeds);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r->crl = xreallocarray(r->crl, r->ncrl + 1, sizeof(*r->crl));
		c = &r->crl[r->ncrl++];
		memset(c, 0, sizeof(*c));
		c->id = sqlite3_column_int64(s, 0);
		c->rev_us = sqlite3_column_int64(s, 1);
		c->inv_us = INT64_MIN;
		if (rp_col(s, 2) && ts_parse_iso(rp_col(s, 2),
		    strlen(rp_col(s, 2)), &us, &fl, NULL) == 0)
			c->inv_us = us;
		c->reason = rp_coldup(s, 3);
		c->serial = rp_coldup(s, 4);
		c->issuer = rp_coldup(s, 5);
		c->number = rp_coldup(s, 6);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return dberr(r);
	return 0;
}

/* ---- the signatures ---- */

static const char sql_sigs[] =
"SELECT e.id, e.ts_us, e.source, e.native_id, e.actor, e.session,"
" v.verdict, coalesce(v.digest, e.digest),"
" CASE WHEN v.sign_id IS NOT NULL THEN v.tlog_id"
"  WHEN e.action = 'tlog.entry' THEN e.id END,"
" p.artifact, p.version, p.repo, c.repo, c.ref,"
" e.artifact, e.version, e.repo, e.action"
" FROM events e LEFT JOIN verdicts v ON v.sign_id = e.id"
" LEFT JOIN events p ON p.id = v.publish_id"
" LEFT JOIN events c ON c.id = v.ci_run_id"
" WHERE e.key_ref IN (SELECT value FROM json_each(?1))"
" AND (v.sign_id IS NOT NULL"
"  OR (e.action = 'sign' AND e.outcome = 'success')"
"  OR (e.action = 'tlog.entry' AND NOT EXISTS (SELECT 1 FROM links l"
"   WHERE l.kind = 'tlog' AND l.target_id = e.id)))"
" ORDER BY e.ts_us, e.source, e.native_id, e.id";

static const char sql_tlog_ev[] =
"SELECT id, ts_us, json_extract(attrs, '$.inclusion'),"
" json_extract(attrs, '$.log_index'), native_id, source"
" FROM events WHERE id = ?1 AND ts_us IS NOT NULL";

static const char sql_tokens[] =
"SELECT id, ts_us, digest, json_extract(attrs, '$.accuracy_us'),"
" json_extract(attrs, '$.verified') IS 1,"
" json_extract(attrs, '$.verify_error'), json_extract(attrs, '$.serial'),"
" coalesce(json_extract(attrs, '$.signer_cn'),"
"  json_extract(attrs, '$.tsa'), actor)"
" FROM events WHERE action = 'pki.timestamp' AND outcome = 'success'"
" AND ts_us IS NOT NULL"
" AND digest IN (SELECT value FROM json_each(?1))"
" ORDER BY digest, ts_us, id";

static enum rv_verdict
verdict_of(const char *v)
{
	if (v == NULL)
		return RV_UNCORRELATED;
	if (strcmp(v, "accounted") == 0)
		return RV_ACCOUNTED;
	if (strcmp(v, "partial") == 0)
		return RV_PARTIAL;
	return RV_UNACCOUNTED;
}

/* The release a signature belongs to: "<repo> <version>", or NULL. */
static char *
release_of(sqlite3_stmt *s)
{
	const char *prepo = rp_col(s, 11), *pver = rp_col(s, 10);
	const char *part = rp_col(s, 9);
	const char *crepo = rp_col(s, 12), *cref = rp_col(s, 13);
	const char *erepo = rp_col(s, 16), *ever = rp_col(s, 15);
	const char *repo, *what;

	if (pver || part) {
		repo = prepo ? prepo : crepo ? crepo : erepo;
		what = pver ? pver : part;
	} else if (cref) {
		repo = crepo;
		what = strncmp(cref, "refs/tags/", 10) == 0 ? cref + 10 : cref;
	} else if (ever) {
		repo = erepo;
		what = ever;
	} else {
		return NULL;
	}
	return repo ? xasprintf("%s %s", repo, what) : xstrdup(what);
}

static void
ev_add(struct rv_row *w, const struct rv_evidence *e, char *label,
    char *desc)
{
	if (w->nev + 1 > w->aev) {
		w->aev = w->aev * 2 + 4;
		w->ev = xreallocarray(w->ev, w->aev, sizeof(*w->ev));
		w->evlabel = xreallocarray(w->evlabel, w->aev,
		    sizeof(*w->evlabel));
		w->evdesc = xreallocarray(w->evdesc, w->aev,
		    sizeof(*w->evdesc));
		w->evwhy = xreallocarray(w->evwhy, w->aev, sizeof(*w->evwhy));
	}
	w->ev[w->nev] = *e;
	w->evlabel[w->nev] = label;
	w->evdesc[w->nev] = desc;
	w->evwhy[w->nev] = NULL;
	w->nev++;
}

static void
row_release(struct rv_row *w)
{
	size_t i;

	free(w->source);
	free(w->native_id);
	free(w->signer);
	free(w->session);
	free(w->digest);
	free(w->artifact);
	free(w->version);
	free(w->release);
	free(w->verdict);
	for (i = 0; i < w->nev; i++) {
		free(w->evlabel[i]);
		free(w->evdesc[i]);
		free(w->evwhy[i]);
	}
	free(w->ev);
	free(w->evlabel);
	free(w->evdesc);
	free(w->evwhy);
	memset(w, 0, sizeof(*w));
}

static int
add_tlog_evidence(struct rv *r, sqlite3_stmt *q, struct rv_row *w,
    int64_t id)
{
	struct rv_evidence e;
	char tb[TS_BUFSZ];
	const char *inc, *li;
	int rc;

	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return dberr(r);
	memset(&e, 0, sizeof(e));
	e.kind = RV_REKOR;
	e.id = id;
	e.t_us = sqlite3_column_int64(q, 1);
	inc = rp_col(q, 2);
	li = rp_col(q, 3);
	e.verified = inc && strcmp(inc, "verified") == 0;
	ev_add(w, &e, xasprintf("%s entry %s", rp_col(q, 5), li ? li :
	    rp_col(q, 4) ? rp_col(q, 4) : "?"), xasprintf("integratedTime %s, "
	    "inclusion %s", ts_format(e.t_us, tb), inc ? inc : "not checked"));
	return 0;
}

static void
acc_text(struct buf *b, int64_t acc)
{
	if (acc <= 0)
		buf_addstr(b, "no accuracy");
	else if (acc % 1000000 == 0)
		buf_addf(b, "accuracy %lld s", (long long)(acc / 1000000));
	else if (acc % 1000 == 0)
		buf_addf(b, "accuracy %lld ms", (long long)(acc / 1000));
	else
		buf_addf(b, "accuracy %lld us", (long long)acc);
}

/* Gives each token to the signature of its digest it belongs to. */
static int
attach_tokens(struct rv *r)
{
	sqlite3_stmt *s = NULL;
	struct strv digests = { 0 };
	char *dj;
	int64_t *times = NULL;
	size_t *idx = NULL, i, n;
	struct buf desc = BUF_INIT;
	char tb[TS_BUFSZ];
	int rc, o;

	for (i = 0; i < r->nrows; i++)
		strv_add_new(&digests, r->rows[i].digest);
	dj = strv_json(&digests);
	strv_free(&digests);
	if (prep(r, sql_tokens, &s) < 0) {
		free(dj);
		return -1;
	}
	sqlite3_bind_text(s, 1, dj, -1, SQLITE_TRANSIENT);
	free(dj);
	times = xcalloc(r->nrows + 1, sizeof(*times));
	idx = xcalloc(r->nrows + 1, sizeof(*idx));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rv_evidence e;
		const char *dg = rp_col(s, 2), *err = rp_col(s, 5);

		memset(&e, 0, sizeof(e));
		e.kind = RV_RFC3161;
		e.id = sqlite3_column_int64(s, 0);
		e.t_us = sqlite3_column_int64(s, 1);
		e.acc_us = sqlite3_column_int64(s, 3);
		e.verified = sqlite3_column_int(s, 4);
		for (n = 0, i = 0; i < r->nrows; i++) {
			if (r->rows[i].digest && dg &&
			    strcmp(r->rows[i].digest, dg) == 0) {
				times[n] = r->rows[i].sig.sign_us;
				idx[n++] = i;
			}
		}
		if (n == 0)
			continue;
		o = rv_token_owner(times, n, rv_bound(&e), r->skew_us);
		buf_reset(&desc);
		buf_addf(&desc, "genTime %s, ", ts_format(e.t_us, tb));
		acc_text(&desc, e.acc_us);
		if (e.verified)
			buf_addstr(&desc, ", verified");
		else
			buf_addf(&desc, ", not verified%s%s%s", err ? " (" :
			    "", err ? err : "", err ? ")" : "");
		ev_add(&r->rows[idx[o < 0 ? 0 : o]], &e, xasprintf(
		    "rfc3161 token %s (%s)", rp_col(s, 6) ? rp_col(s, 6) : "?",
		    rp_col(s, 7) ? rp_col(s, 7) : "?"), xstrdup(desc.s));
	}
	sqlite3_finalize(s);
	free(times);
	free(idx);
	buf_release(&desc);
	if (rc != SQLITE_DONE)
		return dberr(r);
	return 0;
}

/* An uncorrelated log entry that is another row's signature joins it. */
static void
merge_tlog_rows(struct rv *r)
{
	size_t i, j, k;
	int64_t d;

	for (i = 0; i < r->nrows; i++) {
		struct rv_row *w = &r->rows[i];

		if (!w->uncorrelated_tlog || w->digest == NULL)
			continue;
		for (j = 0; j < r->nrows; j++) {
			struct rv_row *x = &r->rows[j];

			if (j == i || x->digest == NULL ||
			    strcmp(x->digest, w->digest) != 0 ||
			    x->uncorrelated_tlog)
				continue;
			if (w->sig.sign_us == INT64_MIN ||
			    x->sig.sign_us == INT64_MIN)
				continue;
			d = w->sig.sign_us - x->sig.sign_us;
			if (d < -r->skew_us || d > r->skew_us + TLOG_LAG_US)
				continue;
			for (k = 0; k < w->nev; k++)
				ev_add(x, &w->ev[k], w->evlabel[k],
				    w->evdesc[k]);
			w->nev = 0;
			row_release(w);
			memmove(w, w + 1, (r->nrows - i - 1) * sizeof(*w));
			r->nrows--;
			i--;
			break;
		}
	}
}

static void
decide_rows(struct rv *r)
{
	struct buf b = BUF_INIT;
	char tb[TS_BUFSZ];
	size_t i, k;

	for (i = 0; i < r->nrows; i++) {
		struct rv_row *w = &r->rows[i];

		w->pick = rv_pick(w->ev, w->nev, w->sig.sign_us, r->skew_us);
		w->sig.trusted = w->pick >= 0;
		w->sig.bound_us = w->pick >= 0 ? rv_bound(&w->ev[w->pick]) :
		    0;
		w->sig.release = w->release;
		for (k = 0; k < w->nev; k++) {
			if ((int)k == w->pick || rv_trusted(&w->ev[k],
			    w->sig.sign_us, r->skew_us))
				continue;
			buf_reset(&b);
			if (!w->ev[k].verified)
				buf_addf(&b, "%s: %s", w->evlabel[k],
				    w->ev[k].kind == RV_RFC3161 ? "the TSA "
				    "signature is not verified" : "the "
				    "inclusion proof is not verified");
			else
				buf_addf(&b, "%s: its time (%s) is older than "
				    "the signature, so it is about an earlier "
				    "signature of the same content",
				    w->evlabel[k], ts_format(w->ev[k].t_us,
				    tb));
			w->evwhy[k] = xstrdup(b.s);
		}
	}
	buf_release(&b);
	r->sigs = xcalloc(r->nrows + 1, sizeof(*r->sigs));
	for (i = 0; i < r->nrows; i++)
		r->sigs[i] = r->rows[i].sig;
}

static int
load_signatures(struct rv *r)
{
	sqlite3_stmt *s = NULL, *q = NULL;
	struct rv_row *w;
	int rc, ret = -1;

	if (r->refs.n == 0)
		return 0;
	if (prep(r, sql_sigs, &s) < 0 || prep(r, sql_tlog_ev, &q) < 0)
		goto out;
	sqlite3_bind_text(s, 1, r->refs_json, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(r->rows, r->nrows + 1, r->arows);
		w = &r->rows[r->nrows++];
		memset(w, 0, sizeof(*w));
		w->id = sqlite3_column_int64(s, 0);
		w->sig.sign_us = sqlite3_column_type(s, 1) == SQLITE_NULL ?
		    INT64_MIN : sqlite3_column_int64(s, 1);
		w->source = rp_coldup(s, 2);
		w->native_id = rp_coldup(s, 3);
		w->signer = rp_coldup(s, 4);
		w->session = rp_coldup(s, 5);
		w->verdict = xstrdup(rp_col(s, 6) ? rp_col(s, 6) :
		    "uncorrelated");
		w->sig.verdict = verdict_of(rp_col(s, 6));
		w->digest = rp_coldup(s, 7);
		w->artifact = rp_coldup(s, rp_col(s, 9) ? 9 : 14);
		w->version = rp_coldup(s, rp_col(s, 10) ? 10 : 15);
		w->release = release_of(s);
		w->uncorrelated_tlog = rp_col(s, 6) == NULL && rp_col(s, 17) &&
		    strcmp(rp_col(s, 17), "tlog.entry") == 0;
		if (sqlite3_column_type(s, 8) != SQLITE_NULL &&
		    add_tlog_evidence(r, q, w, sqlite3_column_int64(s, 8)) < 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		dberr(r);
		goto out;
	}
	merge_tlog_rows(r);
	if (attach_tokens(r) < 0)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(s);
	sqlite3_finalize(q);
	return ret;
}

/* ---- T and the candidates ---- */

static void
cand_add(struct rv *r, int64_t t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cand_add(struct rv *r, int64_t t, const char *fmt, ...)
{
	struct cand *c = NULL;
	va_list ap;
	size_t i;

	for (i = 0; i < r->ncands; i++)
		if (r->cands[i].t_us == t)
			c = &r->cands[i];
	if (c == NULL) {
		ALLOC_GROW(r->cands, r->ncands + 1, r->acands);
		c = &r->cands[r->ncands++];
		c->t_us = t;
		buf_init(&c->src);
	} else {
		buf_addstr(&c->src, "; ");
	}
	va_start(ap, fmt);
	buf_vaddf(&c->src, fmt, ap);
	va_end(ap);
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return x->t_us < y->t_us ? -1 : x->t_us > y->t_us;
}

static const char sql_admin[] =
"SELECT a.ts_us, coalesce(a.operation, a.action), a.session"
" FROM events a WHERE a.action IN ('key.policy', 'key.grant', 'key.alias',"
"  'key.import', 'key.delete', 'key.enable', 'key.disable')"
" AND a.outcome = 'success' AND a.ts_us IS NOT NULL"
" AND a.key_ref IN (SELECT value FROM json_each(?1))"
" AND a.session IN (SELECT value FROM json_each(?2))"
" ORDER BY a.ts_us, a.id LIMIT 1";

static const char sql_gap[] =
"SELECT min(f.ts_us) FROM findings f WHERE f.kind = 'audit-trail-break'"
" AND f.ts_us < ?2 AND f.ts_us >= (SELECT min(e.ts_us) FROM events e"
"  WHERE e.key_ref IN (SELECT value FROM json_each(?1)))"
" AND (f.key_ref IS NULL OR f.key_ref IN (SELECT value FROM"
"  json_each(?1)))";

static int
find_candidates(struct rv *r)
{
	sqlite3_stmt *s = NULL;
	struct strv sess = { 0 };
	char *sj;
	size_t i;
	int rc;

	if (strcmp(r->t_source, "given") == 0)
		cand_add(r, r->t_us, "--revoke-at");
	if (r->have_auto)
		cand_add(r, r->auto_us, "auto: earliest unaccounted signature "
		    "less the skew");
	for (i = 0; i < r->nrows; i++) {
		const struct rv_row *w = &r->rows[i];

		if (!is_unaccounted(w->sig.verdict) ||
		    w->sig.sign_us == INT64_MIN)
			continue;
		cand_add(r, w->sig.sign_us, "%s signature (%s %s)",
		    w->verdict, w->source, w->native_id ? w->native_id : "?");
		strv_add_new(&sess, w->session);
	}
	sj = strv_json(&sess);
	strv_free(&sess);
	rc = prep(r, sql_admin, &s);
	if (rc == 0) {
		sqlite3_bind_text(s, 1, r->refs_json ? r->refs_json : "[]", -1,
		    SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, sj, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			cand_add(r, sqlite3_column_int64(s, 0), "first key "
			    "administration by an unaccounted signature's "
			    "session: %s by %s", rp_col(s, 1), rp_col(s, 2));
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			rc = dberr(r);
		else
			rc = 0;
	}
	sqlite3_finalize(s);
	free(sj);
	if (rc < 0)
		return -1;
	for (i = 0; i < r->ncrl; i++) {
		const struct crl_entry *c = &r->crl[i];

		cand_add(r, c->rev_us, "CRL %s revocationDate (serial %s, %s)",
		    c->number ? c->number : "?", c->serial ? c->serial : "?",
		    c->reason ? c->reason : "no reason");
		if (c->inv_us != INT64_MIN)
			cand_add(r, c->inv_us, "CRL %s invalidityDate "
			    "(serial %s)", c->number ? c->number : "?",
			    c->serial ? c->serial : "?");
	}
	qsort(r->cands, r->ncands, sizeof(*r->cands), cand_cmp);
	/* a log gap before T makes the window less certain */
	r->gap_us = INT64_MIN;
	if (prep(r, sql_gap, &s) < 0)
		return -1;
	sqlite3_bind_text(s, 1, r->refs_json ? r->refs_json : "[]", -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, r->t_us);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		r->gap_us = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(r);
	return 0;
}

/* Sets T.  Returns 0, -1 or SIGTRAIL_EXIT_USAGE (message printed). */
static int
choose_t(struct rv *r)
{
	struct report_args *ra = r->ra;
	char sb[TS_BUFSZ];
	const struct crl_entry *best = NULL;
	size_t i;
	int inv;

	r->have_auto = rv_auto_t(r->sigs, r->nrows, r->skew_us,
	    &r->auto_us) == 0;
	if (ra->from_crl) {
		inv = strcmp(ra->from_crl, "invalidity") == 0;
		for (i = 0; i < r->ncrl; i++) {
			const struct crl_entry *c = &r->crl[i];
			int64_t t = inv ? c->inv_us : c->rev_us;

			if (t == INT64_MIN)
				continue;
			if (best == NULL || t < (inv ? best->inv_us :
			    best->rev_us))
				best = c;
		}
		if (best == NULL)
			return usage_error(r->ncrl == 0 ? "no CRL "
			    "entry in the case revokes a certificate of %s (if "
			    "a certificate certifies this key, name its "
			    "spki-sha256 in the policy's keys[].public_keys "
			    "and correlate again)" : "the CRL entries of %s "
			    "have no invalidityDate: use --from-crl "
			    "revocation", r->label);
		r->t_us = inv ? best->inv_us : best->rev_us;
		r->t_source = inv ? "crl-invalidity" : "crl-revocation";
		buf_addf(&r->t_detail, "%s of serial %s in CRL %s, %s",
		    inv ? "invalidityDate" : "revocationDate",
		    best->serial ? best->serial : "?",
		    best->number ? best->number : "?",
		    best->reason ? best->reason : "no reason");
		return 0;
	}
	if (r->have_given) {
		r->t_us = r->given_us;
		r->t_source = "given";
		buf_addf(&r->t_detail, "--revoke-at %s", ra->revoke_at);
		return 0;
	}
	if (!r->have_auto)
		return usage_error("%s: --revoke-at auto has no date to "
		    "protect (%s): give --revoke-at TIME or --from-crl",
		    r->label, r->nrows == 0 ? "the case holds no signature "
		    "made with it" : "no unaccounted signature with a known "
		    "time");
	r->t_us = r->auto_us;
	r->t_source = "auto";
	buf_addf(&r->t_detail, "earliest unaccounted signature %s less the "
	    "%lld s skew", ts_format(add_sat(r->auto_us, r->skew_us), sb),
	    (long long)(r->skew_us / 1000000));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

static json_t *
jgroups(const struct rv_group *g, size_t n)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "release", rp_jtext(g[i].release));
		json_object_set_new(o, "count", json_integer((json_int_t)
		    g[i].count));
		json_array_append_new(a, o);
	}
	return a;
}

static void
text_groups(struct buf *b, const struct rv_group *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(b, "%s%s: %zu", i ? ", " : "", g[i].release,
		    g[i].count);
}

/* The text of a row's time evidence ("label: desc; ..."). */
static void
evidence_text(const struct rv_row *w, struct buf *b, int why)
{
	size_t k;

	for (k = 0; k < w->nev; k++) {
		if (why && w->evwhy[k] == NULL)
			continue;
		if (b->len)
			buf_addstr(b, "; ");
		if (why)
			buf_addstr(b, w->evwhy[k]);
		else
			buf_addf(b, "%s: %s", w->evlabel[k], w->evdesc[k]);
	}
}

struct counts_all {
	size_t	n, acc, part, unacc, uncorr, trusted;
};

static void
count_all(const struct rv *r, struct counts_all *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->n = r->nrows;
	for (i = 0; i < r->nrows; i++) {
		switch (r->rows[i].sig.verdict) {
		case RV_ACCOUNTED:
			c->acc++;
			break;
		case RV_PARTIAL:
			c->part++;
			break;
		case RV_UNACCOUNTED:
			c->unacc++;
			break;
		default:
			c->uncorr++;
			break;
		}
		c->trusted += r->rows[i].sig.trusted != 0;
	}
}

static json_t *
jmodels(unsigned models)
{
	json_t *a = json_array();
	int m;

	for (m = RV_TIMESTAMP; m <= RV_NO_TIMESTAMP; m++)
		if (models & RV_MODEL_BIT(m))
			json_array_append_new(a, json_string(model_names[m]));
	return a;
}

static int
write_json(struct rv *r, const char *decision, const char *customer)
{
	json_t *root = json_object(), *a, *o, *ev;
	struct counts_all ca;
	struct rv_counts c;
	struct buf b = BUF_INIT;
	size_t i, k;
	int m, ret;
	char *text;

	json_object_set_new(root, "key", rp_jtext(r->label));
	a = json_array();
	for (i = 0; i < r->refs.n; i++) {
		o = json_object();
		json_object_set_new(o, "ref", rp_jtext(r->refs.v[i]));
		json_object_set_new(o, "why", rp_jtext(r->why.v[i]));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "key_refs", a);
	json_object_set_new(root, "skew_s", json_integer(r->skew_us /
	    1000000));
	json_object_set_new(root, "revoke_at", rp_jtime(r->t_us));
	json_object_set_new(root, "revoke_at_source", json_string(
	    r->t_source));
	json_object_set_new(root, "revoke_at_detail", rp_jtext(r->t_detail.s));
	json_object_set_new(root, "models", jmodels(r->models));
	a = json_array();
	for (i = 0; i < r->ncrl; i++) {
		o = json_object();
		json_object_set_new(o, "crl_number",
		    rp_jtext(r->crl[i].number));
		json_object_set_new(o, "issuer", rp_jtext(r->crl[i].issuer));
		json_object_set_new(o, "serial", rp_jtext(r->crl[i].serial));
		json_object_set_new(o, "reason", rp_jtext(r->crl[i].reason));
		json_object_set_new(o, "revocation_date",
		    rp_jtime(r->crl[i].rev_us));
		json_object_set_new(o, "invalidity_date",
		    rp_jtime(r->crl[i].inv_us));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "crl", a);
	count_all(r, &ca);
	o = json_object();
	json_object_set_new(o, "signatures", json_integer((json_int_t)ca.n));
	json_object_set_new(o, "accounted", json_integer((json_int_t)ca.acc));
	json_object_set_new(o, "partial", json_integer((json_int_t)ca.part));
	json_object_set_new(o, "unaccounted", json_integer((json_int_t)
	    ca.unacc));
	json_object_set_new(o, "uncorrelated", json_integer((json_int_t)
	    ca.uncorr));
	json_object_set_new(o, "trusted", json_integer((json_int_t)
	    ca.trusted));
	json_object_set_new(root, "counts", o);
	a = json_array();
	for (i = 0; i < r->nrows; i++) {
		const struct rv_row *w = &r->rows[i];

		o = json_object();
		json_object_set_new(o, "time", rp_jtime(w->sig.sign_us));
		json_object_set_new(o, "source", rp_jtext(w->source));
		json_object_set_new(o, "native_id", rp_jtext(w->native_id));
		json_object_set_new(o, "signer", rp_jtext(w->signer));
		json_object_set_new(o, "release", rp_jtext(w->release));
		json_object_set_new(o, "artifact", rp_jtext(w->artifact));
		json_object_set_new(o, "version", rp_jtext(w->version));
		json_object_set_new(o, "digest", rp_jtext(w->digest));
		json_object_set_new(o, "verdict", rp_jtext(w->verdict));
		ev = json_array();
		for (k = 0; k < w->nev; k++) {
			buf_reset(&b);
			buf_addf(&b, "%s: %s", w->evlabel[k], w->evdesc[k]);
			json_array_append_new(ev, rp_jtext(b.s));
		}
		json_object_set_new(o, "time_evidence", ev);
		json_object_set_new(o, "trusted_time", w->pick >= 0 ?
		    rp_jtime(w->ev[w->pick].t_us) : json_null());
		json_object_set_new(o, "trusted_until", w->pick >= 0 ?
		    rp_jtime(w->sig.bound_us) : json_null());
		json_object_set_new(o, "trusted_by", w->pick >= 0 ?
		    rp_jtext(w->evlabel[w->pick]) : json_null());
		buf_reset(&b);
		evidence_text(w, &b, 1);
		json_object_set_new(o, "not_trusted", b.len ? rp_jtext(b.s) :
		    json_null());
		for (m = RV_TIMESTAMP; m <= RV_NO_TIMESTAMP; m++) {
			buf_reset(&b);
			buf_addf(&b, "survives_%s", model_names[m]);
			json_object_set_new(o, b.s, json_boolean(
			    rv_survives((enum rv_model)m, &w->sig, r->t_us)));
		}
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "signatures", a);
	a = json_array();
	for (i = 0; i < r->ncands; i++) {
		for (m = RV_TIMESTAMP; m <= RV_STRICT; m++) {
			if (!(r->models & RV_MODEL_BIT(m)))
				continue;
			rv_counts_compute(r->sigs, r->nrows, (enum rv_model)m,
			    r->cands[i].t_us, &c);
			o = json_object();
			json_object_set_new(o, "t", rp_jtime(r->cands[i].t_us));
			json_object_set_new(o, "source",
			    rp_jtext(r->cands[i].src.s));
			json_object_set_new(o, "chosen", json_boolean(
			    r->cands[i].t_us == r->t_us));
			json_object_set_new(o, "model", json_string(
			    model_names[m]));
			json_object_set_new(o, "safe", json_boolean(
			    c.unaccounted_surviving == 0));
			json_object_set_new(o, "unaccounted_surviving",
			    json_integer((json_int_t)c.unaccounted_surviving));
			json_object_set_new(o, "partial_surviving",
			    json_integer((json_int_t)c.partial_surviving));
			json_object_set_new(o, "accounted_surviving",
			    json_integer((json_int_t)c.accounted_surviving));
			json_object_set_new(o, "accounted_invalidated",
			    json_integer((json_int_t)c.accounted_invalidated));
			json_object_set_new(o, "partial_invalidated",
			    json_integer((json_int_t)c.partial_invalidated));
			json_object_set_new(o, "resign", jgroups(c.resign,
			    c.nresign));
			json_object_set_new(o, "review", jgroups(c.review,
			    c.nreview));
			json_array_append_new(a, o);
			rv_counts_release(&c);
		}
	}
	json_object_set_new(root, "what_if", a);
	json_object_set_new(root, "conclusion", rp_jtext(decision));
	json_object_set_new(root, "customer_impact", rp_jtext(customer));
	text = json_dumps(root, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(root);
	buf_release(&b);
	if (text == NULL)
		return error("report revocation: cannot encode the JSON");
	fputs(text, r->ra->fp);
	fputc('\n', r->ra->fp);
	free(text);
	ret = ferror(r->ra->fp) ? -1 : 0;
	return ret;
}

/* ---- table, csv, md: sections through the writers ---- */

static int
write_text(struct rv *r, const char *decision, const char *customer)
{
	static const char *const fields[] = { "field", "value" };
	static const char *const sigcols[] = { "time", "source", "native_id",
	    "signer", "release", "artifact", "version", "digest", "verdict",
	    "time_evidence", "trusted_time", "trusted_until", "trusted_by",
	    "not_trusted", "survives_timestamp", "survives_strict",
	    "survives_no_timestamp" };
	static const char *const wicols[] = { "t", "source", "chosen",
	    "model", "safe", "unaccounted_surviving", "partial_surviving",
	    "accounted_surviving", "accounted_invalidated",
	    "partial_invalidated", "resign", "review" };
	static const char *const conccols[] = { "part", "text" };
	struct tw t;
	struct counts_all ca;
	struct rv_counts c;
	struct buf b = BUF_INIT;
	char tb[TS_BUFSZ];
	size_t i;
	int m;

	tw_init(&t, r->ra->w, r->ra->fp);

	tw_heading(&t, "Summary", "summary");
	tw_begin(&t, fields, 2);
	tw_field(&t, "key", r->label);
	for (i = 0; i < r->refs.n; i++) {
		buf_reset(&b);
		buf_addf(&b, "%s (%s)", r->refs.v[i], r->why.v[i]);
		tw_field(&t, "key_ref", b.s);
	}
	buf_reset(&b);
	buf_addf(&b, "%lld", (long long)(r->skew_us / 1000000));
	tw_field(&t, "skew_s", b.s);
	tw_field(&t, "revoke_at", ts_format(r->t_us, tb));
	tw_field(&t, "revoke_at_source", r->t_source);
	tw_field(&t, "revoke_at_detail", r->t_detail.s);
	buf_reset(&b);
	for (m = RV_TIMESTAMP; m <= RV_NO_TIMESTAMP; m++)
		if (r->models & RV_MODEL_BIT(m))
			buf_addf(&b, "%s%s", b.len ? ", " : "",
			    model_names[m]);
	tw_field(&t, "models", b.s);
	for (i = 0; i < r->ncrl; i++) {
		const struct crl_entry *e = &r->crl[i];

		buf_reset(&b);
		buf_addf(&b, "CRL %s, %s, serial %s: %s, revocationDate %s",
		    e->number ? e->number : "?", e->issuer ? e->issuer : "?",
		    e->serial ? e->serial : "?", e->reason ? e->reason :
		    "no reason", ts_format(e->rev_us, tb));
		if (e->inv_us != INT64_MIN)
			buf_addf(&b, ", invalidityDate %s",
			    ts_format(e->inv_us, tb));
		tw_field(&t, "crl", b.s);
	}
	count_all(r, &ca);
	buf_reset(&b);
	buf_addf(&b, "%zu (%zu accounted, %zu partial, %zu unaccounted, %zu "
	    "uncorrelated; %zu with a trusted time)", ca.n, ca.acc, ca.part,
	    ca.unacc, ca.uncorr, ca.trusted);
	tw_field(&t, "signatures", b.s);
	tw_end(&t);

	tw_heading(&t, "Signatures", "signatures");
	tw_begin(&t, sigcols, sizeof(sigcols) / sizeof(sigcols[0]));
	for (i = 0; i < r->nrows; i++) {
		const struct rv_row *w = &r->rows[i];

		tw_time(&t, w->sig.sign_us);
		tw_text(&t, w->source);
		tw_text(&t, w->native_id);
		tw_text(&t, w->signer);
		tw_text(&t, w->release);
		tw_text(&t, w->artifact);
		tw_text(&t, w->version);
		tw_text(&t, w->digest);
		tw_text(&t, w->verdict);
		buf_reset(&b);
		evidence_text(w, &b, 0);
		tw_text(&t, b.len ? b.s : NULL);
		tw_time(&t, w->pick >= 0 ? w->ev[w->pick].t_us : INT64_MIN);
		tw_time(&t, w->pick >= 0 ? w->sig.bound_us : INT64_MIN);
		tw_text(&t, w->pick >= 0 ? w->evlabel[w->pick] : NULL);
		buf_reset(&b);
		evidence_text(w, &b, 1);
		tw_text(&t, b.len ? b.s : NULL);
		for (m = RV_TIMESTAMP; m <= RV_NO_TIMESTAMP; m++)
			tw_text(&t, rv_survives((enum rv_model)m, &w->sig,
			    r->t_us) ? "yes" : "no");
		tw_row(&t);
	}
	tw_end(&t);

	tw_heading(&t, "What if", "what-if");
	tw_begin(&t, wicols, sizeof(wicols) / sizeof(wicols[0]));
	for (i = 0; i < r->ncands; i++) {
		for (m = RV_TIMESTAMP; m <= RV_STRICT; m++) {
			if (!(r->models & RV_MODEL_BIT(m)))
				continue;
			rv_counts_compute(r->sigs, r->nrows, (enum rv_model)m,
			    r->cands[i].t_us, &c);
			tw_time(&t, r->cands[i].t_us);
			tw_text(&t, r->cands[i].src.s);
			tw_text(&t, r->cands[i].t_us == r->t_us ? "yes" : "no");
			tw_text(&t, model_names[m]);
			tw_text(&t, c.unaccounted_surviving == 0 ? "yes" :
			    "no");
			tw_int(&t, (int64_t)c.unaccounted_surviving);
			tw_int(&t, (int64_t)c.partial_surviving);
			tw_int(&t, (int64_t)c.accounted_surviving);
			tw_int(&t, (int64_t)c.accounted_invalidated);
			tw_int(&t, (int64_t)c.partial_invalidated);
			buf_reset(&b);
			text_groups(&b, c.resign, c.nresign);
			tw_text(&t, b.s);
			buf_reset(&b);
			text_groups(&b, c.review, c.nreview);
			tw_text(&t, b.s);
			tw_row(&t);
			rv_counts_release(&c);
		}
	}
	tw_end(&t);

	tw_heading(&t, "Conclusion", "conclusion");
	if (t.fmt == TW_CSV) {
		tw_begin(&t, conccols, 2);
		tw_field(&t, "conclusion", decision);
		tw_field(&t, "customer_impact", customer);
		tw_end(&t);
	} else {
		fprintf(t.fp, "%s\n\n%s\n", decision, customer);
	}
	tw_release(&t);
	buf_release(&b);
	return t.err || ferror(t.fp) ? -1 : 0;
}

/* ------------------------------------------------------------------ */

static void
rv_release(struct rv *r)
{
	size_t i;

	json_decref(r->policy);
	free(r->label);
	strv_free(&r->refs);
	strv_free(&r->why);
	strv_free(&r->crl_seed);
	free(r->refs_json);
	for (i = 0; i < r->ncrl; i++) {
		free(r->crl[i].reason);
		free(r->crl[i].serial);
		free(r->crl[i].issuer);
		free(r->crl[i].number);
	}
	free(r->crl);
	for (i = 0; i < r->nrows; i++)
		row_release(&r->rows[i]);
	free(r->rows);
	free(r->sigs);
	buf_release(&r->t_detail);
	for (i = 0; i < r->ncands; i++)
		buf_release(&r->cands[i].src);
	free(r->cands);
}

/* The options, before the case is read: 0 or SIGTRAIL_EXIT_USAGE. */
static int
check_args(struct rv *r)
{
	struct report_args *ra = r->ra;
	unsigned *models = &r->models;
	unsigned fl;

	if (ra->key == NULL)
		return usage_error("report revocation needs "
		    "--key K");
	if (ra->model == NULL || strcmp(ra->model, "both") == 0)
		*models = RV_MODEL_BIT(RV_TIMESTAMP) |
		    RV_MODEL_BIT(RV_STRICT) | RV_MODEL_BIT(RV_NO_TIMESTAMP);
	else if (strcmp(ra->model, "timestamp") == 0)
		*models = RV_MODEL_BIT(RV_TIMESTAMP) |
		    RV_MODEL_BIT(RV_NO_TIMESTAMP);
	else if (strcmp(ra->model, "strict") == 0)
		*models = RV_MODEL_BIT(RV_STRICT);
	else
		return usage_error("bad --model '%s' (timestamp, "
		    "strict or both)", ra->model);
	if (ra->from_crl && strcmp(ra->from_crl, "revocation") != 0 &&
	    strcmp(ra->from_crl, "invalidity") != 0)
		return usage_error("bad --from-crl '%s' "
		    "(revocation or invalidity)", ra->from_crl);
	if (ra->from_crl && ra->revoke_at)
		return usage_error("give --revoke-at or "
		    "--from-crl, not both");
	if (ra->revoke_at && strcmp(ra->revoke_at, "auto") != 0) {
		if (ts_parse_any(ra->revoke_at, strlen(ra->revoke_at),
		    &r->given_us, &fl, NULL) < 0)
			return usage_error("bad --revoke-at '%s' (ISO 8601, "
			    "e.g. 2026-11-06T21:00:00Z, or auto)",
			    ra->revoke_at);
		r->have_given = 1;
	}
	if (ra->from_us != INT64_MIN || ra->to_us != INT64_MAX)
		warning("report revocation: --from and --to do not apply: "
		    "every signature of the key counts");
	return 0;
}

int
report_revocation(struct report_args *ra)
{
	struct rv r;
	struct rv_facts f;
	struct buf decision = BUF_INIT, customer = BUF_INIT;
	int ret;

	memset(&r, 0, sizeof(r));
	r.ra = ra;
	r.db = ra->db;
	buf_init(&r.t_detail);
	if ((ret = check_args(&r)) != 0) {
		rv_release(&r);
		return ret;
	}
	ret = -1;
	if (load_policy(&r) < 0)
		goto out;
	if ((ret = resolve_key(&r, ra->key)) != 0)
		goto out;
	ret = -1;
	if (load_crl(&r) < 0 || load_signatures(&r) < 0)
		goto out;
	decide_rows(&r);
	if ((ret = choose_t(&r)) != 0)
		goto out;
	ret = -1;
	if (find_candidates(&r) < 0)
		goto out;
	memset(&f, 0, sizeof(f));
	f.key = r.label;
	f.t_us = r.t_us;
	f.t_how = r.t_detail.s;
	f.models = r.models;
	f.sigs = r.sigs;
	f.n = r.nrows;
	f.have_auto = r.have_auto;
	f.auto_us = r.auto_us;
	f.gap_us = r.gap_us;
	rv_conclude(&f, &decision, &customer);
	if (strcmp(ra->w->name, "json") == 0)
		ret = write_json(&r, decision.s, customer.s);
	else
		ret = write_text(&r, decision.s, customer.s);
out:
	buf_release(&decision);
	buf_release(&customer);
	rv_release(&r);
	return ret;
}
