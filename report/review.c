/* SPDX-License-Identifier: MIT */
/*
 * review.c - "sigtrail report review": the post-incident questions as
 * figures (DESIGN.md section 7).  Read-only; the same case and options
 * always give the same bytes.
 *
 * Scope.  The keys in scope are the keys of correlate's verdicts (the
 * policy's keys, or every key that signed), or those --key names (any
 * spelling, as report provenance).  The signatures are their verdicts.
 *
 * Unaccounted signatures.  The first and the last unaccounted signature
 * (signing record time; ties by source and native id).
 *
 * Tied identities.  The principal, session and access key of every
 * unaccounted or partial signature, and the principal that obtained its
 * session (the successful session.assume that issued it: the IAM user
 * behind an AssumeRole, the OIDC subject behind a web-identity session).
 * An access key is the AWS access key id of the record
 * (attrs.access_key_id) or the one a session starts with
 * ("ASIA.../name"); a session that is only an access key is listed as
 * the access key.
 *
 * Containment actions.  A successful event, made by no tied identity, of
 * one of these kinds:
 *   key.disable, key.delete       disabling, scheduling deletion of or
 *                                 destroying a key
 *   key.policy                    a key policy change by an administrator
 *                                 (taken as a deny: the record does not
 *                                 say what the new policy allows)
 *   key.grant                     revoking or retiring a grant (operation
 *                                 names Revoke or Retire)
 *   iam.trust, iam.policy         a trust or permission policy change
 *                                 (restoring the trust of a role)
 *   iam.credential                a credential change that does not create
 *                                 one (deactivation, deletion, rotation,
 *                                 a password change)
 * An action is in scope when its key is in scope, or when its role or
 * user is the principal of a signature in scope or a tied principal.
 *
 * Detection and containment.  The first containment action is the first
 * in-scope containment action at or after --detected-at, or, without
 * --detected-at, at or after the first unaccounted signature.  Detection
 * is --detected-at, or, without it, the first containment action (so
 * the time to containment is then 0: give --detected-at for the real
 * figure).  Without --detected-at and without an unaccounted signature
 * there is neither.  The containment list is every containment action
 * (in scope or not, e.g. in other systems) at or after detection; the
 * identities that made them are the responders.
 *
 * Durations.  detection latency = detection - first unaccounted
 * signature; time to containment = first containment action -
 * detection; exposure = first containment action - first unaccounted
 * signature.  Whole seconds, truncated toward zero; JSON gives each as
 * an ISO 8601 duration with days as the largest unit ("P6DT11H40M5S",
 * "PT0S") and as seconds (the *_s fields); table, csv and md as text
 * ("6d 11h 40m 5s": from the largest unit that is not zero down to the
 * seconds).
 *
 * Attempts after containment.  Signing events (any outcome) after the
 * first containment action on a key that an in-scope containment action
 * disabled, deleted, re-policied or revoked a grant of.  Their outcomes
 * are counted by outcome and error code.
 *
 * Involved identities.  Principals, sessions, access keys and source IP
 * addresses (only values that are IP addresses) of the unaccounted and
 * partial signatures, the principals that issued their sessions, and
 * those of the supporting events of every finding (correlate's and the
 * rules'), and a finding's own principal, leaving out supporting events
 * that are containment actions.  Each with the number of unaccounted and
 * partial signatures and issued sessions it is tied to, the kinds of
 * findings that name it and the highest severity, whether it is a
 * responder (it made a containment action, or is a session, access key
 * or address a responder used), and the first and last time it was
 * seen in those.  "issued" counts the unaccounted and partial
 * signatures made in sessions the principal obtained.
 *
 * Cascading risk.  Every event in the case made by an involved identity
 * (same principal, session, source address, or a session of the same
 * access key: "<access key>[/<name>]") that is not a
 * responder, unless it is tied to a signature: grouped by target and
 * action, with the count, the failures, the first and last time and the
 * principals.  The target of an event: its key (key label), the role it
 * assumed or whose trust it changed, the IAM user it changed, its
 * repository, its artifact (with the registry host), else the service
 * of its operation.  Only what the case holds: events outside the
 * signing scope are counted, not stored, unless ingested with
 * --all-events.
 *
 * JSON (--format json: one object, JSON_PRESERVE_ORDER | JSON_INDENT(2),
 * a newline at the end).  Stable fields:
 *   keys                 [{key_ref, label}], by first signature
 *   signatures           {total, accounted, partial, unaccounted}
 *   first_unaccounted,   {time, key, signer, session, source_ip, source,
 *   last_unaccounted      native_id} or null
 *   detected_at          time or null
 *   detected_at_source   given | first-containment | null
 *   detection_latency, detection_latency_s
 *   first_containment    {time, action, operation, target_kind, target,
 *                        actor, session, source_ip, source, native_id}
 *                        or null
 *   time_to_containment, time_to_containment_s
 *   exposure, exposure_s
 *   containment          [{time, action, operation, target_kind, target,
 *                        actor, session, source_ip, in_scope, source,
 *                        native_id}]
 *   attempts_after_containment {count, outcomes [{outcome, error_code,
 *                        count}], attempts [{time, key, actor, session,
 *                        source_ip, outcome, error_code, source,
 *                        native_id}]}
 *   involved             [{kind (principal, session, access_key,
 *                        source_ip), value, unaccounted, partial, issued,
 *                        findings [kinds], max_severity, responder,
 *                        first, last}]
 *   cascading            [{target_kind (key, role, user, repo, artifact,
 *                        service), target, action, events, failed,
 *                        first, last, principals [..]}]
 * Durations without both ends are null.  table, csv and md print the
 * sections (summary, containment actions, attempts after containment,
 * involved identities, cascading risk) one after another, each under a
 * heading ("== Name ==", "# name", "## Name").
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "report.h"
#include "sections.h"
#include "sigtrail.h"
#include "strv.h"
#include "timeutil.h"
#include "writer.h"
#include "xalloc.h"

/* A usage error of this report (rp_usage_error in common.c). */
#define usage_error(...)	rp_usage_error(USAGE, __VA_ARGS__)
#define USAGE	\
	"sigtrail report review [--detected-at T] [--key K] "\
	"[--format F] [-o FILE]"

#define NOTIME		INT64_MIN

/* Keys in scope: ?1 is --key or NULL (as report provenance). */
#define SCOPE \
	"(?1 IS NULL OR v.key_ref IN (SELECT k2.canonical FROM keys k2" \
	" LEFT JOIN key_refs r2 ON r2.key_id = k2.id WHERE k2.canonical = ?1" \
	" OR k2.label = ?1 OR r2.value = ?1))"

/* What an event touched: its kind and name (events e, keys k). */
#define TKIND \
	"CASE WHEN e.key_ref IS NOT NULL THEN 'key'" \
	" WHEN json_extract(e.attrs, '$.role_arn') IS NOT NULL" \
	"  OR json_extract(e.attrs, '$.request.roleName') IS NOT NULL" \
	"  THEN 'role'" \
	" WHEN json_extract(e.attrs, '$.request.userName') IS NOT NULL" \
	"  THEN 'user'" \
	" WHEN e.repo IS NOT NULL THEN 'repo'" \
	" WHEN e.artifact IS NOT NULL THEN 'artifact'" \
	" ELSE 'service' END"
#define TARGET \
	"CASE WHEN e.key_ref IS NOT NULL THEN coalesce(k.label, e.key_ref)" \
	" WHEN json_extract(e.attrs, '$.role_arn') IS NOT NULL" \
	"  THEN json_extract(e.attrs, '$.role_arn')" \
	" WHEN json_extract(e.attrs, '$.request.roleName') IS NOT NULL" \
	"  THEN coalesce('arn:aws:iam::' || json_extract(e.attrs," \
	"  '$.account') || ':role/', 'role/') ||" \
	"  json_extract(e.attrs, '$.request.roleName')" \
	" WHEN json_extract(e.attrs, '$.request.userName') IS NOT NULL" \
	"  THEN coalesce('arn:aws:iam::' || json_extract(e.attrs," \
	"  '$.account') || ':user/', 'user/') ||" \
	"  json_extract(e.attrs, '$.request.userName')" \
	" WHEN e.repo IS NOT NULL THEN e.repo" \
	" WHEN e.artifact IS NOT NULL THEN coalesce(json_extract(e.attrs," \
	"  '$.registry_host') || '/', '') || e.artifact" \
	" WHEN instr(e.operation, ':') > 1 THEN substr(e.operation, 1," \
	"  instr(e.operation, ':') - 1)" \
	" ELSE e.source END"

static const char sql_keys[] =
"SELECT v.key_ref, coalesce(k.label, v.key_ref), min(e.ts_us)"
" FROM verdicts v JOIN events e ON e.id = v.sign_id"
" LEFT JOIN keys k ON k.canonical = v.key_ref"
" WHERE v.key_ref IS NOT NULL AND " SCOPE
" GROUP BY v.key_ref ORDER BY min(e.ts_us), v.key_ref";

static const char sql_counts[] =
"SELECT count(*), coalesce(sum(v.verdict = 'accounted'), 0),"
" coalesce(sum(v.verdict = 'partial'), 0),"
" coalesce(sum(v.verdict = 'unaccounted'), 0)"
" FROM verdicts v WHERE " SCOPE;

static const char sql_signers[] =
"SELECT DISTINCT e.actor FROM verdicts v JOIN events e ON e.id = v.sign_id"
" WHERE e.actor IS NOT NULL AND " SCOPE " ORDER BY e.actor";

static const char sql_sigs[] =
"SELECT v.verdict = 'unaccounted', e.ts_us, e.source, e.native_id,"
" coalesce(k.label, v.key_ref), e.actor, e.session, e.src_ip,"
" json_extract(e.attrs, '$.access_key_id'),"
" (SELECT a.actor FROM events a WHERE a.session = e.session"
"  AND +a.action = 'session.assume' AND +a.outcome = 'success'"
"  ORDER BY +a.ts_us, +a.id LIMIT 1)"
" FROM verdicts v JOIN events e ON e.id = v.sign_id"
" LEFT JOIN keys k ON k.canonical = v.key_ref"
" WHERE v.verdict IN ('unaccounted', 'partial') AND " SCOPE
" ORDER BY e.ts_us, e.source, e.native_id, e.id";

/* ?1 start, ?2 tied principals, ?3 tied sessions, ?4 tied access keys */
static const char sql_acts[] =
"SELECT e.id, e.ts_us, e.action, e.operation, " TKIND ", " TARGET ","
" e.actor, e.session, e.src_ip, json_extract(e.attrs, '$.access_key_id'),"
" e.source, e.native_id, e.key_ref"
" FROM events e LEFT JOIN keys k ON k.canonical = e.key_ref"
" WHERE e.ts_us >= ?1 AND e.outcome = 'success'"
" AND (e.action IN ('key.disable', 'key.delete', 'key.policy',"
"  'iam.trust', 'iam.policy')"
"  OR (e.action = 'key.grant' AND (e.operation LIKE '%revoke%'"
"   OR e.operation LIKE '%retire%'))"
"  OR (e.action = 'iam.credential' AND coalesce(e.operation, '')"
"   NOT LIKE '%create%'))"
" AND (e.actor IS NULL OR e.actor NOT IN (SELECT value FROM json_each(?2)))"
" AND (e.session IS NULL OR e.session NOT IN (SELECT value FROM"
"  json_each(?3)))"
" AND (json_extract(e.attrs, '$.access_key_id') IS NULL OR"
"  json_extract(e.attrs, '$.access_key_id') NOT IN (SELECT value FROM"
"  json_each(?4)))"
" ORDER BY e.ts_us, e.source, e.native_id, e.id";

/* ?1 first containment, ?2 contained keys */
static const char sql_tries[] =
"SELECT e.ts_us, coalesce(k.label, e.key_ref), e.actor, e.session,"
" e.src_ip, e.outcome, e.error_code, e.source, e.native_id"
" FROM events e LEFT JOIN keys k ON k.canonical = e.key_ref"
" WHERE e.action = 'sign' AND e.ts_us > ?1"
" AND e.key_ref IN (SELECT value FROM json_each(?2))"
" ORDER BY e.ts_us, e.source, e.native_id, e.id";

static const char sql_findings[] =
"SELECT f.id, f.kind, f.severity, f.actor, f.ts_us, e.id, e.actor,"
" e.session, e.src_ip, json_extract(e.attrs, '$.access_key_id'), e.ts_us"
" FROM findings f LEFT JOIN json_each(f.event_ids) j"
" LEFT JOIN events e ON e.id = j.value"
" ORDER BY f.id, j.key";

/* ?1 principals, ?2 sessions, ?3 access keys, ?4 addresses */
static const char sql_cascade[] =
"SELECT " TKIND " AS tkind, " TARGET " AS target, e.action, e.actor,"
" count(*), coalesce(sum(e.outcome = 'failure'), 0), min(e.ts_us),"
" max(e.ts_us)"
" FROM events e LEFT JOIN keys k ON k.canonical = e.key_ref"
" WHERE e.actor IN (SELECT value FROM json_each(?1))"
" OR e.session IN (SELECT value FROM json_each(?2))"
" OR e.src_ip IN (SELECT value FROM json_each(?4))"
" OR (e.session GLOB 'A[KS]IA*' AND substr(e.session, 1, 20) IN"
"  (SELECT value FROM json_each(?3)))"
" GROUP BY 1, 2, 3, 4"
" ORDER BY CASE tkind WHEN 'key' THEN 0 WHEN 'role' THEN 1 WHEN 'user'"
"  THEN 2 WHEN 'repo' THEN 3 WHEN 'artifact' THEN 4 ELSE 5 END,"
"  target, e.action, e.actor";

/* ------------------------------------------------------------------ */
/* Durations                                                           */

/* |us| in whole seconds and the sign; safe for INT64_MIN. */
static uint64_t
whole_seconds(int64_t us, int *neg)
{
	uint64_t m;

	*neg = us < 0;
	m = us < 0 ? (uint64_t)-(us + 1) + 1 : (uint64_t)us;
	m /= 1000000;
	if (m == 0)
		*neg = 0;
	return m;
}

void
review_duration_iso(int64_t us, struct buf *out)
{
	uint64_t s, d, h, m;
	int neg;

	s = whole_seconds(us, &neg);
	d = s / 86400;
	h = s / 3600 % 24;
	m = s / 60 % 60;
	s %= 60;
	buf_addstr(out, neg ? "-P" : "P");
	if (d)
		buf_addf(out, "%" PRIu64 "D", d);
	if (h || m || s || d == 0)
		buf_addch(out, 'T');
	if (h)
		buf_addf(out, "%" PRIu64 "H", h);
	if (m)
		buf_addf(out, "%" PRIu64 "M", m);
	if (s || (d == 0 && h == 0 && m == 0))
		buf_addf(out, "%" PRIu64 "S", s);
}

void
review_duration_text(int64_t us, struct buf *out)
{
	uint64_t s, d, h, m;
	int neg;

	s = whole_seconds(us, &neg);
	d = s / 86400;
	h = s / 3600 % 24;
	m = s / 60 % 60;
	s %= 60;
	if (neg)
		buf_addch(out, '-');
	if (d)
		buf_addf(out, "%" PRIu64 "d %" PRIu64 "h %" PRIu64 "m %"
		    PRIu64 "s", d, h, m, s);
	else if (h)
		buf_addf(out, "%" PRIu64 "h %" PRIu64 "m %" PRIu64 "s", h, m,
		    s);
	else if (m)
		buf_addf(out, "%" PRIu64 "m %" PRIu64 "s", m, s);
	else
		buf_addf(out, "%" PRIu64 "s", s);
}

/* ------------------------------------------------------------------ */
/* The review                                                          */

enum id_kind { ID_PRINCIPAL, ID_SESSION, ID_ACCESS_KEY, ID_IP, ID_NKINDS };
static const char *const kind_names[] = {
	"principal", "session", "access_key", "source_ip"
};

enum contrib { C_UNACC, C_PARTIAL, C_ISSUER, C_FINDING, C_RESPONDER };

static const char *const severities[] = {
	"info", "low", "medium", "high", "critical"
};

/* An unaccounted or partial signature. */
struct rsig {
	int		 unacc;
	int64_t		 ts_us;
	char		*source, *native_id, *key, *actor, *session, *ip;
	char		*ak, *issuer;
};

/* A containment action. */
struct ract {
	int64_t		 id, ts_us;
	char		*action, *operation, *tkind, *target, *actor;
	char		*session, *ip, *ak, *source, *native_id, *key_ref;
	int		 in_scope;
};

/* A signing attempt after containment. */
struct rtry {
	int64_t		 ts_us;
	char		*key, *actor, *session, *ip, *outcome, *error_code;
	char		*source, *native_id;
};

/* One time an identity was seen, before merging. */
struct rocc {
	enum id_kind	 kind;
	char		*value;
	enum contrib	 what;
	char		*fkind;		/* C_FINDING: the finding's kind */
	int		 sev;
	int64_t		 ts_us;
};

struct rident {
	enum id_kind	 kind;
	char		*value;
	size_t		 unacc, partial, issued;
	struct strv	 findings;
	int		 max_sev;	/* -1: none */
	int		 responder;
	int64_t		 first_us, last_us;
};

struct rgroup {
	char		*tkind, *target, *action;
	size_t		 events, failed;
	int64_t		 first_us, last_us;
	struct strv	 actors;
};

struct review {
	struct report_args	*ra;
	sqlite3			*db;
	struct strv		 keys, labels;
	struct strv		 signers;	/* of the signatures in scope */
	size_t			 total, accounted, partial, unaccounted;
	struct rsig		*sigs;
	size_t			 nsigs, asigs;
	int			 first_u, last_u;	/* into sigs, or -1 */
	struct strv		 tied_p, tied_s, tied_a;
	int			 have_given;
	int64_t			 given_us;
	struct ract		*acts;
	size_t			 nacts, aacts;
	int			 first_c;	/* into acts, or -1 */
	int64_t			 detected_us;	/* NOTIME: none */
	const char		*detected_src;
	size_t			 act0;		/* the list: acts[act0..] */
	struct strv		 contained;	/* keys */
	struct strv		 resp_p;	/* responder principals */
	struct rtry		*tries;
	size_t			 ntries, atries;
	struct rocc		*occ;
	size_t			 nocc, aocc;
	struct rident		*ids;
	size_t			 nids, aids;
	struct rgroup		*groups;
	size_t			 ngroups, agroups;
};

static int64_t
coltime(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NOTIME :
	    sqlite3_column_int64(s, i);
}

static int
dberr(struct review *r)
{
	return error("report review: %s", sqlite3_errmsg(r->db));
}

static int
prep(struct review *r, const char *sql, sqlite3_stmt **s)
{
	if (sqlite3_prepare_v2(r->db, sql, -1, s, NULL) != SQLITE_OK)
		return dberr(r);
	return 0;
}

/* Binds --key (or NULL) as ?1. */
static void
bind_key(struct review *r, sqlite3_stmt *s)
{
	if (r->ra->key)
		sqlite3_bind_text(s, 1, r->ra->key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 1);
}

static int
severity_rank(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < 5; i++)
		if (strcmp(s, severities[i]) == 0)
			return i;
	return 0;
}

/* An AWS access key id: AKIA/ASIA and 16 upper-case letters or digits. */
static int
is_access_key(const char *s, size_t n)
{
	size_t i;

	if (n != 20 || (strncmp(s, "AKIA", 4) != 0 &&
	    strncmp(s, "ASIA", 4) != 0))
		return 0;
	for (i = 4; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' &&
		    s[i] <= '9')))
			return 0;
	return 1;
}

/*
 * The access key of an event: the record's own (when it is one), else
 * the one its session starts with.  Returns a new string or NULL.
 */
static char *
access_key_of(const char *attr, const char *session)
{
	size_t n;

	if (attr && is_access_key(attr, strlen(attr)))
		return xstrdup(attr);
	if (session == NULL)
		return NULL;
	n = strcspn(session, "/");
	return is_access_key(session, n) ? xstrndup(session, n) : NULL;
}

static int
is_ip(const char *s)
{
	unsigned char a[16];

	return s != NULL && (inet_pton(AF_INET, s, a) == 1 ||
	    inet_pton(AF_INET6, s, a) == 1);
}

static int
load_keys(struct review *r)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (prep(r, sql_keys, &s) < 0)
		return -1;
	bind_key(r, s);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		strv_add(&r->keys, rp_col(s, 0));
		strv_add(&r->labels, rp_col(s, 1));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return dberr(r);
	if (prep(r, sql_counts, &s) < 0)
		return -1;
	bind_key(r, s);
	if (sqlite3_step(s) == SQLITE_ROW) {
		r->total = (size_t)sqlite3_column_int64(s, 0);
		r->accounted = (size_t)sqlite3_column_int64(s, 1);
		r->partial = (size_t)sqlite3_column_int64(s, 2);
		r->unaccounted = (size_t)sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	if (prep(r, sql_signers, &s) < 0)
		return -1;
	bind_key(r, s);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		strv_add(&r->signers, rp_col(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : dberr(r);
}

static int
load_sigs(struct review *r)
{
	sqlite3_stmt *s = NULL;
	struct rsig *g;
	int rc;

	if (prep(r, sql_sigs, &s) < 0)
		return -1;
	bind_key(r, s);
	r->first_u = r->last_u = -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(r->sigs, r->nsigs + 1, r->asigs);
		g = &r->sigs[r->nsigs];
		memset(g, 0, sizeof(*g));
		g->unacc = sqlite3_column_int(s, 0);
		g->ts_us = coltime(s, 1);
		g->source = rp_coldup(s, 2);
		g->native_id = rp_coldup(s, 3);
		g->key = rp_coldup(s, 4);
		g->actor = rp_coldup(s, 5);
		g->session = rp_coldup(s, 6);
		g->ip = rp_coldup(s, 7);
		g->ak = access_key_of(rp_col(s, 8), g->session);
		g->issuer = rp_coldup(s, 9);
		if (g->unacc && g->ts_us != NOTIME) {
			if (r->first_u < 0)
				r->first_u = (int)r->nsigs;
			r->last_u = (int)r->nsigs;
		}
		strv_add_new(&r->tied_p, g->actor);
		strv_add_new(&r->tied_p, g->issuer);
		strv_add_new(&r->tied_s, g->session);
		strv_add_new(&r->tied_a, g->ak);
		r->nsigs++;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : dberr(r);
}

static void
act_release(struct ract *a)
{
	free(a->action);
	free(a->operation);
	free(a->tkind);
	free(a->target);
	free(a->actor);
	free(a->session);
	free(a->ip);
	free(a->ak);
	free(a->source);
	free(a->native_id);
	free(a->key_ref);
}

static int
act_in_scope(const struct review *r, const struct ract *a)
{
	if (strncmp(a->action, "key.", 4) == 0)
		return a->key_ref != NULL && strv_has(&r->keys, a->key_ref);
	if (a->tkind && a->target && (strcmp(a->tkind, "role") == 0 ||
	    strcmp(a->tkind, "user") == 0))
		return strv_has(&r->signers, a->target) ||
		    strv_has(&r->tied_p, a->target);
	return 0;
}

/* The containment candidates from start_us, then the first and the list. */
static int
find_containment(struct review *r)
{
	sqlite3_stmt *s = NULL;
	struct ract *a;
	char *jp, *js, *ja;
	int64_t start;
	size_t i;
	int rc;

	r->first_c = -1;
	r->detected_us = NOTIME;
	if (r->have_given)
		start = r->given_us;
	else if (r->first_u >= 0)
		start = r->sigs[r->first_u].ts_us;
	else
		return 0;
	if (prep(r, sql_acts, &s) < 0)
		return -1;
	jp = strv_json(&r->tied_p);
	js = strv_json(&r->tied_s);
	ja = strv_json(&r->tied_a);
	sqlite3_bind_int64(s, 1, start);
	sqlite3_bind_text(s, 2, jp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, js, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, ja, -1, SQLITE_TRANSIENT);
	free(jp);
	free(js);
	free(ja);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(r->acts, r->nacts + 1, r->aacts);
		a = &r->acts[r->nacts];
		memset(a, 0, sizeof(*a));
		a->id = sqlite3_column_int64(s, 0);
		a->ts_us = coltime(s, 1);
		a->action = rp_coldup(s, 2);
		a->operation = rp_coldup(s, 3);
		a->tkind = rp_coldup(s, 4);
		a->target = rp_coldup(s, 5);
		a->actor = rp_coldup(s, 6);
		a->session = rp_coldup(s, 7);
		a->ip = rp_coldup(s, 8);
		a->ak = access_key_of(rp_col(s, 9), a->session);
		a->source = rp_coldup(s, 10);
		a->native_id = rp_coldup(s, 11);
		a->key_ref = rp_coldup(s, 12);
		a->in_scope = act_in_scope(r, a);
		if (a->in_scope && r->first_c < 0)
			r->first_c = (int)r->nacts;
		r->nacts++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return dberr(r);
	if (r->have_given) {
		r->detected_us = r->given_us;
		r->detected_src = "given";
	} else if (r->first_c >= 0) {
		r->detected_us = r->acts[r->first_c].ts_us;
		r->detected_src = "first-containment";
	}
	r->act0 = r->nacts;
	if (r->detected_us != NOTIME)
		for (i = 0; i < r->nacts; i++)
			if (r->acts[i].ts_us >= r->detected_us) {
				r->act0 = i;
				break;
			}
	for (i = r->act0; i < r->nacts; i++) {
		a = &r->acts[i];
		if (a->in_scope && strncmp(a->action, "key.", 4) == 0)
			strv_add_new(&r->contained, a->key_ref);
		strv_add_new(&r->resp_p, a->actor);
	}
	return 0;
}

static int
load_tries(struct review *r)
{
	sqlite3_stmt *s = NULL;
	struct rtry *t;
	char *jk;
	int rc;

	if (r->first_c < 0 || r->contained.n == 0)
		return 0;
	if (prep(r, sql_tries, &s) < 0)
		return -1;
	jk = strv_json(&r->contained);
	sqlite3_bind_int64(s, 1, r->acts[r->first_c].ts_us);
	sqlite3_bind_text(s, 2, jk, -1, SQLITE_TRANSIENT);
	free(jk);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(r->tries, r->ntries + 1, r->atries);
		t = &r->tries[r->ntries++];
		t->ts_us = coltime(s, 0);
		t->key = rp_coldup(s, 1);
		t->actor = rp_coldup(s, 2);
		t->session = rp_coldup(s, 3);
		t->ip = rp_coldup(s, 4);
		t->outcome = rp_coldup(s, 5);
		t->error_code = rp_coldup(s, 6);
		t->source = rp_coldup(s, 7);
		t->native_id = rp_coldup(s, 8);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : dberr(r);
}

static void
occ_add(struct review *r, enum id_kind kind, const char *value,
    enum contrib what, const char *fkind, int sev, int64_t ts_us)
{
	struct rocc *o;

	if (value == NULL || *value == '\0')
		return;
	if (kind == ID_IP && !is_ip(value))
		return;
	ALLOC_GROW(r->occ, r->nocc + 1, r->aocc);
	o = &r->occ[r->nocc++];
	o->kind = kind;
	o->value = xstrdup(value);
	o->what = what;
	o->fkind = fkind ? xstrdup(fkind) : NULL;
	o->sev = sev;
	o->ts_us = ts_us;
}

/* The identities of one event: principal, session, access key, address. */
static void
occ_event(struct review *r, const char *actor, const char *session,
    const char *ak, const char *ip, enum contrib what, const char *fkind,
    int sev, int64_t ts_us)
{
	occ_add(r, ID_PRINCIPAL, actor, what, fkind, sev, ts_us);
	if (session && !(ak && strcmp(ak, session) == 0))
		occ_add(r, ID_SESSION, session, what, fkind, sev, ts_us);
	occ_add(r, ID_ACCESS_KEY, ak, what, fkind, sev, ts_us);
	occ_add(r, ID_IP, ip, what, fkind, sev, ts_us);
}

static int
id_cmp(const void *a, const void *b)
{
	const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* One finding: its supporting events that are not containment actions. */
struct fnd {
	int64_t		 id, ts_us;
	char		*kind, *actor;
	int		 sev, named;	/* an event not a containment action */
};

static int
load_findings(struct review *r)
{
	sqlite3_stmt *s = NULL;
	struct fnd f;
	int64_t *cids, eid;
	size_t i, ncids;
	char *ak;
	int rc;

	ncids = r->nacts - r->act0;
	cids = xcalloc(ncids + 1, sizeof(*cids));
	for (i = 0; i < ncids; i++)
		cids[i] = r->acts[r->act0 + i].id;
	qsort(cids, ncids, sizeof(*cids), id_cmp);
	if (prep(r, sql_findings, &s) < 0) {
		free(cids);
		return -1;
	}
	memset(&f, 0, sizeof(f));
	f.id = -1;
	for (;;) {
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW || sqlite3_column_int64(s, 0) != f.id) {
			/* the finding's own principal, unless only
			   containment actions support it */
			if (f.id >= 0 && f.named)
				occ_add(r, ID_PRINCIPAL, f.actor, C_FINDING,
				    f.kind, f.sev, f.ts_us);
			free(f.kind);
			free(f.actor);
			memset(&f, 0, sizeof(f));
			f.id = -1;
			if (rc != SQLITE_ROW)
				break;
			f.id = sqlite3_column_int64(s, 0);
			f.kind = rp_coldup(s, 1);
			f.sev = severity_rank(rp_col(s, 2));
			f.actor = rp_coldup(s, 3);
			f.ts_us = coltime(s, 4);
		}
		if (sqlite3_column_type(s, 5) == SQLITE_NULL) {
			f.named = 1;	/* no event: the finding speaks */
			continue;
		}
		eid = sqlite3_column_int64(s, 5);
		if (bsearch(&eid, cids, ncids, sizeof(*cids), id_cmp))
			continue;
		f.named = 1;
		ak = access_key_of(rp_col(s, 9), rp_col(s, 7));
		occ_event(r, rp_col(s, 6), rp_col(s, 7), ak, rp_col(s, 8),
		    C_FINDING, f.kind, f.sev, coltime(s, 10) != NOTIME ?
		    coltime(s, 10) : f.ts_us);
		/* a responder's other sessions, keys and addresses */
		if (rp_col(s, 6) && strv_has(&r->resp_p, rp_col(s, 6)))
			occ_event(r, NULL, rp_col(s, 7), ak, rp_col(s, 8),
			    C_RESPONDER, NULL, -1, NOTIME);
		free(ak);
	}
	sqlite3_finalize(s);
	free(cids);
	return rc == SQLITE_DONE ? 0 : dberr(r);
}

static int
occ_cmp(const void *a, const void *b)
{
	const struct rocc *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* Signature-tied identities first, then the most severe, then time. */
static int
ident_cmp(const void *a, const void *b)
{
	const struct rident *x = a, *y = b;
	int tx = x->unacc + x->partial + x->issued > 0;
	int ty = y->unacc + y->partial + y->issued > 0;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (tx != ty)
		return tx ? -1 : 1;
	if (x->max_sev != y->max_sev)
		return x->max_sev > y->max_sev ? -1 : 1;
	if (x->first_us != y->first_us) {
		if (x->first_us == NOTIME || y->first_us == NOTIME)
			return x->first_us == NOTIME ? 1 : -1;
		return x->first_us < y->first_us ? -1 : 1;
	}
	return strcmp(x->value, y->value);
}

/* Merges the occurrences into identities (responders alone are not). */
static void
merge_idents(struct review *r)
{
	struct rident *d;
	size_t i, j;

	if (r->nocc > 1)
		qsort(r->occ, r->nocc, sizeof(*r->occ), occ_cmp);
	for (i = 0; i < r->nocc; i = j) {
		ALLOC_GROW(r->ids, r->nids + 1, r->aids);
		d = &r->ids[r->nids];
		memset(d, 0, sizeof(*d));
		d->kind = r->occ[i].kind;
		d->value = xstrdup(r->occ[i].value);
		d->max_sev = -1;
		d->first_us = d->last_us = NOTIME;
		for (j = i; j < r->nocc && occ_cmp(&r->occ[i], &r->occ[j]) ==
		    0; j++) {
			const struct rocc *o = &r->occ[j];

			switch (o->what) {
			case C_UNACC:
				d->unacc++;
				break;
			case C_PARTIAL:
				d->partial++;
				break;
			case C_ISSUER:
				d->issued++;
				break;
			case C_FINDING:
				strv_add_new(&d->findings, o->fkind);
				if (o->sev > d->max_sev)
					d->max_sev = o->sev;
				break;
			case C_RESPONDER:
				d->responder = 1;
				continue;
			}
			if (o->ts_us == NOTIME)
				continue;
			if (d->first_us == NOTIME || o->ts_us < d->first_us)
				d->first_us = o->ts_us;
			if (d->last_us == NOTIME || o->ts_us > d->last_us)
				d->last_us = o->ts_us;
		}
		if (d->unacc + d->partial + d->issued == 0 &&
		    d->findings.n == 0) {
			free(d->value);
			continue;
		}
		strv_sort(&d->findings);
		r->nids++;
	}
	if (r->nids > 1)
		qsort(r->ids, r->nids, sizeof(*r->ids), ident_cmp);
}

static int
find_involved(struct review *r)
{
	const struct rsig *g;
	const struct ract *a;
	size_t i;

	for (i = 0; i < r->nsigs; i++) {
		g = &r->sigs[i];
		occ_event(r, g->actor, g->session, g->ak, g->ip,
		    g->unacc ? C_UNACC : C_PARTIAL, NULL, -1, g->ts_us);
		if (g->issuer && !(g->actor && strcmp(g->issuer, g->actor) ==
		    0))
			occ_add(r, ID_PRINCIPAL, g->issuer, C_ISSUER, NULL, -1,
			    g->ts_us);
	}
	if (load_findings(r) < 0)
		return -1;
	for (i = r->act0; i < r->nacts; i++) {
		a = &r->acts[i];
		occ_event(r, a->actor, a->session, a->ak, a->ip, C_RESPONDER,
		    NULL, -1, a->ts_us);
	}
	merge_idents(r);
	return 0;
}

static int
load_cascade(struct review *r)
{
	struct strv by[ID_NKINDS];
	sqlite3_stmt *s = NULL;
	struct rgroup *g = NULL;
	const struct rident *d;
	const char *tk, *tg, *ac;
	char *j;
	size_t i;
	int k, rc, any = 0;

	memset(by, 0, sizeof(by));
	for (i = 0; i < r->nids; i++) {
		d = &r->ids[i];
		if (d->responder && d->unacc + d->partial + d->issued == 0)
			continue;
		strv_add(&by[d->kind], d->value);
		any = 1;
	}
	rc = SQLITE_DONE;
	if (!any)
		goto out;
	if (prep(r, sql_cascade, &s) < 0) {
		rc = SQLITE_ERROR;
		goto out;
	}
	for (k = 0; k < ID_NKINDS; k++) {
		j = strv_json(&by[k]);
		sqlite3_bind_text(s, k + 1, j, -1, SQLITE_TRANSIENT);
		free(j);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		tk = rp_col(s, 0) ? rp_col(s, 0) : "";
		tg = rp_col(s, 1) ? rp_col(s, 1) : "";
		ac = rp_col(s, 2) ? rp_col(s, 2) : "";
		if (g == NULL || strcmp(g->tkind, tk) != 0 ||
		    strcmp(g->target, tg) != 0 || strcmp(g->action, ac) != 0) {
			ALLOC_GROW(r->groups, r->ngroups + 1, r->agroups);
			g = &r->groups[r->ngroups++];
			memset(g, 0, sizeof(*g));
			g->tkind = xstrdup(tk);
			g->target = xstrdup(tg);
			g->action = xstrdup(ac);
			g->first_us = g->last_us = NOTIME;
		}
		if (rp_col(s, 3))
			strv_add_new(&g->actors, rp_col(s, 3));
		g->events += (size_t)sqlite3_column_int64(s, 4);
		g->failed += (size_t)sqlite3_column_int64(s, 5);
		if (coltime(s, 6) != NOTIME && (g->first_us == NOTIME ||
		    coltime(s, 6) < g->first_us))
			g->first_us = coltime(s, 6);
		if (coltime(s, 7) != NOTIME && (g->last_us == NOTIME ||
		    coltime(s, 7) > g->last_us))
			g->last_us = coltime(s, 7);
	}
	sqlite3_finalize(s);
out:
	for (k = 0; k < ID_NKINDS; k++)
		strv_free(&by[k]);
	return rc == SQLITE_DONE ? 0 : dberr(r);
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

/* Duration from a to b, or NOTIME when either is missing. */
static int64_t
span(int64_t a, int64_t b)
{
	if (a == NOTIME || b == NOTIME)
		return NOTIME;
	return b - a;
}

static int64_t
first_containment_us(const struct review *r)
{
	return r->first_c >= 0 ? r->acts[r->first_c].ts_us : NOTIME;
}

static int64_t
first_unacc_us(const struct review *r)
{
	return r->first_u >= 0 ? r->sigs[r->first_u].ts_us : NOTIME;
}

struct outcome {
	const char	*outcome, *error_code;	/* borrowed */
	size_t		 count;
};

static int
outcome_cmp(const void *a, const void *b)
{
	const struct outcome *x = a, *y = b;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if ((c = strcmp(x->outcome ? x->outcome : "", y->outcome ?
	    y->outcome : "")) != 0)
		return c;
	return strcmp(x->error_code ? x->error_code : "", y->error_code ?
	    y->error_code : "");
}

static int
str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The attempts counted by outcome and error code (new array). */
static struct outcome *
outcomes(const struct review *r, size_t *n)
{
	struct outcome *o = xcalloc(r->ntries + 1, sizeof(*o));
	size_t i, k;

	*n = 0;
	for (i = 0; i < r->ntries; i++) {
		for (k = 0; k < *n; k++)
			if (str_eq(o[k].outcome, r->tries[i].outcome) &&
			    str_eq(o[k].error_code, r->tries[i].error_code))
				break;
		if (k == *n) {
			o[k].outcome = r->tries[i].outcome;
			o[k].error_code = r->tries[i].error_code;
			(*n)++;
		}
		o[k].count++;
	}
	if (*n > 1)
		qsort(o, *n, sizeof(*o), outcome_cmp);
	return o;
}

/* ---- JSON ---- */

static json_t *
jstrv(const struct strv *s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < s->n; i++)
		json_array_append_new(a, rp_jtext(s->v[i]));
	return a;
}

static void
jduration(json_t *o, const char *name, int64_t us)
{
	struct buf b = BUF_INIT;
	char *sname = xasprintf("%s_s", name);

	if (us == NOTIME) {
		json_object_set_new(o, name, json_null());
		json_object_set_new(o, sname, json_null());
	} else {
		review_duration_iso(us, &b);
		json_object_set_new(o, name, json_string(b.s));
		json_object_set_new(o, sname, json_integer((json_int_t)(us /
		    1000000)));
	}
	free(sname);
	buf_release(&b);
}

static json_t *
jsig(const struct review *r, int i)
{
	const struct rsig *g;
	json_t *o;

	if (i < 0)
		return json_null();
	g = &r->sigs[i];
	o = json_object();
	json_object_set_new(o, "time", rp_jtime(g->ts_us));
	json_object_set_new(o, "key", rp_jtext(g->key));
	json_object_set_new(o, "signer", rp_jtext(g->actor));
	json_object_set_new(o, "session", rp_jtext(g->session));
	json_object_set_new(o, "source_ip", rp_jtext(g->ip));
	json_object_set_new(o, "source", rp_jtext(g->source));
	json_object_set_new(o, "native_id", rp_jtext(g->native_id));
	return o;
}

static json_t *
jact(const struct ract *a, int with_scope)
{
	json_t *o = json_object();

	json_object_set_new(o, "time", rp_jtime(a->ts_us));
	json_object_set_new(o, "action", rp_jtext(a->action));
	json_object_set_new(o, "operation", rp_jtext(a->operation));
	json_object_set_new(o, "target_kind", rp_jtext(a->tkind));
	json_object_set_new(o, "target", rp_jtext(a->target));
	json_object_set_new(o, "actor", rp_jtext(a->actor));
	json_object_set_new(o, "session", rp_jtext(a->session));
	json_object_set_new(o, "source_ip", rp_jtext(a->ip));
	if (with_scope)
		json_object_set_new(o, "in_scope", json_boolean(a->in_scope));
	json_object_set_new(o, "source", rp_jtext(a->source));
	json_object_set_new(o, "native_id", rp_jtext(a->native_id));
	return o;
}

static int
write_json(struct review *r)
{
	json_t *root = json_object(), *a, *o, *t;
	struct outcome *oc;
	size_t i, n;
	char *text;

	a = json_array();
	for (i = 0; i < r->keys.n; i++) {
		o = json_object();
		json_object_set_new(o, "key_ref", rp_jtext(r->keys.v[i]));
		json_object_set_new(o, "label", rp_jtext(r->labels.v[i]));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "keys", a);
	o = json_object();
	json_object_set_new(o, "total", json_integer((json_int_t)r->total));
	json_object_set_new(o, "accounted", json_integer((json_int_t)
	    r->accounted));
	json_object_set_new(o, "partial", json_integer((json_int_t)
	    r->partial));
	json_object_set_new(o, "unaccounted", json_integer((json_int_t)
	    r->unaccounted));
	json_object_set_new(root, "signatures", o);
	json_object_set_new(root, "first_unaccounted", jsig(r, r->first_u));
	json_object_set_new(root, "last_unaccounted", jsig(r, r->last_u));
	json_object_set_new(root, "detected_at", rp_jtime(r->detected_us));
	json_object_set_new(root, "detected_at_source", r->detected_src ?
	    json_string(r->detected_src) : json_null());
	jduration(root, "detection_latency", span(first_unacc_us(r),
	    r->detected_us));
	json_object_set_new(root, "first_containment", r->first_c >= 0 ?
	    jact(&r->acts[r->first_c], 0) : json_null());
	jduration(root, "time_to_containment", span(r->detected_us,
	    first_containment_us(r)));
	jduration(root, "exposure", span(first_unacc_us(r),
	    first_containment_us(r)));
	a = json_array();
	for (i = r->act0; i < r->nacts; i++)
		json_array_append_new(a, jact(&r->acts[i], 1));
	json_object_set_new(root, "containment", a);

	o = json_object();
	json_object_set_new(o, "count", json_integer((json_int_t)r->ntries));
	oc = outcomes(r, &n);
	a = json_array();
	for (i = 0; i < n; i++) {
		t = json_object();
		json_object_set_new(t, "outcome", rp_jtext(oc[i].outcome));
		json_object_set_new(t, "error_code",
		    rp_jtext(oc[i].error_code));
		json_object_set_new(t, "count", json_integer((json_int_t)
		    oc[i].count));
		json_array_append_new(a, t);
	}
	free(oc);
	json_object_set_new(o, "outcomes", a);
	a = json_array();
	for (i = 0; i < r->ntries; i++) {
		const struct rtry *y = &r->tries[i];

		t = json_object();
		json_object_set_new(t, "time", rp_jtime(y->ts_us));
		json_object_set_new(t, "key", rp_jtext(y->key));
		json_object_set_new(t, "actor", rp_jtext(y->actor));
		json_object_set_new(t, "session", rp_jtext(y->session));
		json_object_set_new(t, "source_ip", rp_jtext(y->ip));
		json_object_set_new(t, "outcome", rp_jtext(y->outcome));
		json_object_set_new(t, "error_code", rp_jtext(y->error_code));
		json_object_set_new(t, "source", rp_jtext(y->source));
		json_object_set_new(t, "native_id", rp_jtext(y->native_id));
		json_array_append_new(a, t);
	}
	json_object_set_new(o, "attempts", a);
	json_object_set_new(root, "attempts_after_containment", o);

	a = json_array();
	for (i = 0; i < r->nids; i++) {
		const struct rident *d = &r->ids[i];

		o = json_object();
		json_object_set_new(o, "kind", json_string(
		    kind_names[d->kind]));
		json_object_set_new(o, "value", rp_jtext(d->value));
		json_object_set_new(o, "unaccounted", json_integer(
		    (json_int_t)d->unacc));
		json_object_set_new(o, "partial", json_integer(
		    (json_int_t)d->partial));
		json_object_set_new(o, "issued", json_integer(
		    (json_int_t)d->issued));
		json_object_set_new(o, "findings", jstrv(&d->findings));
		json_object_set_new(o, "max_severity", d->max_sev >= 0 ?
		    json_string(severities[d->max_sev]) : json_null());
		json_object_set_new(o, "responder", json_boolean(
		    d->responder));
		json_object_set_new(o, "first", rp_jtime(d->first_us));
		json_object_set_new(o, "last", rp_jtime(d->last_us));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "involved", a);
	a = json_array();
	for (i = 0; i < r->ngroups; i++) {
		const struct rgroup *g = &r->groups[i];

		o = json_object();
		json_object_set_new(o, "target_kind", rp_jtext(g->tkind));
		json_object_set_new(o, "target", rp_jtext(g->target));
		json_object_set_new(o, "action", rp_jtext(g->action));
		json_object_set_new(o, "events", json_integer((json_int_t)
		    g->events));
		json_object_set_new(o, "failed", json_integer((json_int_t)
		    g->failed));
		json_object_set_new(o, "first", rp_jtime(g->first_us));
		json_object_set_new(o, "last", rp_jtime(g->last_us));
		json_object_set_new(o, "principals", jstrv(&g->actors));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "cascading", a);
	text = json_dumps(root, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(root);
	if (text == NULL)
		return error("report review: cannot encode the JSON");
	fputs(text, r->ra->fp);
	fputc('\n', r->ra->fp);
	free(text);
	return ferror(r->ra->fp) ? -1 : 0;
}

/* ---- table, csv, md: sections through the writers ---- */

static void
text_duration(struct buf *b, int64_t us)
{
	buf_reset(b);
	if (us != NOTIME)
		review_duration_text(us, b);
}

static void
text_sig(struct buf *b, const struct review *r, int i)
{
	const struct rsig *g;
	char tb[TS_BUFSZ];

	buf_reset(b);
	if (i < 0)
		return;
	g = &r->sigs[i];
	buf_addf(b, "%s by %s", ts_format(g->ts_us, tb), g->actor ?
	    g->actor : "?");
	if (g->session)
		buf_addf(b, " (session %s)", g->session);
	if (g->ip)
		buf_addf(b, " from %s", g->ip);
	buf_addf(b, " with %s", g->key ? g->key : "?");
}

static void
summary(struct tw *t, struct review *r, struct buf *b)
{
	static const char *const fields[] = { "field", "value" };
	const struct ract *a;
	struct outcome *oc;
	size_t i, n, nk[ID_NKINDS], ev;
	char tb[TS_BUFSZ];

	tw_heading(t, "Summary", "summary");
	tw_begin(t, fields, 2);
	buf_reset(b);
	for (i = 0; i < r->labels.n; i++)
		buf_addf(b, "%s%s", i ? "; " : "", r->labels.v[i]);
	tw_field(t, "keys", b->s);
	buf_reset(b);
	buf_addf(b, "%zu (%zu accounted, %zu partial, %zu unaccounted)",
	    r->total, r->accounted, r->partial, r->unaccounted);
	tw_field(t, "signatures", b->s);
	text_sig(b, r, r->first_u);
	tw_field(t, "first_unaccounted", r->first_u >= 0 ? b->s : NULL);
	text_sig(b, r, r->last_u);
	tw_field(t, "last_unaccounted", r->last_u >= 0 ? b->s : NULL);
	buf_reset(b);
	if (r->detected_us != NOTIME)
		buf_addf(b, "%s (%s)", ts_format(r->detected_us, tb),
		    strcmp(r->detected_src, "given") == 0 ? "--detected-at" :
		    "no --detected-at: the first containment action");
	tw_field(t, "detected_at", r->detected_us != NOTIME ? b->s : NULL);
	text_duration(b, span(first_unacc_us(r), r->detected_us));
	tw_field(t, "detection_latency", b->len ? b->s : NULL);
	buf_reset(b);
	if (r->first_c >= 0) {
		a = &r->acts[r->first_c];
		buf_addf(b, "%s %s on %s by %s", ts_format(a->ts_us, tb),
		    a->operation ? a->operation : a->action, a->target ?
		    a->target : "?", a->actor ? a->actor : "?");
	}
	tw_field(t, "first_containment", b->len ? b->s : NULL);
	text_duration(b, span(r->detected_us, first_containment_us(r)));
	tw_field(t, "time_to_containment", b->len ? b->s : NULL);
	text_duration(b, span(first_unacc_us(r), first_containment_us(r)));
	tw_field(t, "exposure", b->len ? b->s : NULL);
	buf_reset(b);
	buf_addf(b, "%zu", r->nacts - r->act0);
	tw_field(t, "containment_actions", b->s);
	buf_reset(b);
	buf_addf(b, "%zu", r->ntries);
	oc = outcomes(r, &n);
	for (i = 0; i < n; i++)
		buf_addf(b, "%s%zu %s%s%s", i ? ", " : " (", oc[i].count,
		    oc[i].outcome ? oc[i].outcome : "?", oc[i].error_code ?
		    " " : "", oc[i].error_code ? oc[i].error_code : "");
	if (n)
		buf_addch(b, ')');
	free(oc);
	tw_field(t, "attempts_after_containment", b->s);
	memset(nk, 0, sizeof(nk));
	for (i = 0; i < r->nids; i++)
		nk[r->ids[i].kind]++;
	buf_reset(b);
	buf_addf(b, "%zu principals, %zu sessions, %zu access keys, %zu "
	    "source addresses", nk[ID_PRINCIPAL], nk[ID_SESSION],
	    nk[ID_ACCESS_KEY], nk[ID_IP]);
	tw_field(t, "involved", b->s);
	for (i = ev = 0; i < r->ngroups; i++)
		ev += r->groups[i].events;
	buf_reset(b);
	buf_addf(b, "%zu events in %zu groups", ev, r->ngroups);
	tw_field(t, "cascading", b->s);
	tw_end(t);
}

static int
write_text(struct review *r)
{
	static const char *const actcols[] = { "time", "action", "operation",
	    "target_kind", "target", "actor", "session", "source_ip",
	    "in_scope", "source", "native_id" };
	static const char *const trycols[] = { "time", "key", "actor",
	    "session", "source_ip", "outcome", "error_code", "source",
	    "native_id" };
	static const char *const idcols[] = { "kind", "value", "unaccounted",
	    "partial", "issued", "findings", "max_severity", "responder",
	    "first", "last" };
	static const char *const cascols[] = { "target_kind", "target",
	    "action", "events", "failed", "first", "last", "principals" };
	struct tw t;
	struct buf b = BUF_INIT;
	size_t i, k;

	tw_init(&t, r->ra->w, r->ra->fp);

	summary(&t, r, &b);

	tw_heading(&t, "Containment actions", "containment-actions");
	tw_begin(&t, actcols, sizeof(actcols) / sizeof(actcols[0]));
	for (i = r->act0; i < r->nacts; i++) {
		const struct ract *a = &r->acts[i];

		tw_time(&t, a->ts_us);
		tw_text(&t, a->action);
		tw_text(&t, a->operation);
		tw_text(&t, a->tkind);
		tw_text(&t, a->target);
		tw_text(&t, a->actor);
		tw_text(&t, a->session);
		tw_text(&t, a->ip);
		tw_text(&t, a->in_scope ? "yes" : "no");
		tw_text(&t, a->source);
		tw_text(&t, a->native_id);
		tw_row(&t);
	}
	tw_end(&t);

	tw_heading(&t, "Attempts after containment",
	    "attempts-after-containment");
	tw_begin(&t, trycols, sizeof(trycols) / sizeof(trycols[0]));
	for (i = 0; i < r->ntries; i++) {
		const struct rtry *y = &r->tries[i];

		tw_time(&t, y->ts_us);
		tw_text(&t, y->key);
		tw_text(&t, y->actor);
		tw_text(&t, y->session);
		tw_text(&t, y->ip);
		tw_text(&t, y->outcome);
		tw_text(&t, y->error_code);
		tw_text(&t, y->source);
		tw_text(&t, y->native_id);
		tw_row(&t);
	}
	tw_end(&t);

	tw_heading(&t, "Involved identities", "involved-identities");
	tw_begin(&t, idcols, sizeof(idcols) / sizeof(idcols[0]));
	for (i = 0; i < r->nids; i++) {
		const struct rident *d = &r->ids[i];

		tw_text(&t, kind_names[d->kind]);
		tw_text(&t, d->value);
		tw_int(&t, (int64_t)d->unacc);
		tw_int(&t, (int64_t)d->partial);
		tw_int(&t, (int64_t)d->issued);
		buf_reset(&b);
		for (k = 0; k < d->findings.n; k++)
			buf_addf(&b, "%s%s", k ? ", " : "", d->findings.v[k]);
		tw_text(&t, b.s);
		tw_text(&t, d->max_sev >= 0 ? severities[d->max_sev] : NULL);
		tw_text(&t, d->responder ? "yes" : "no");
		tw_time(&t, d->first_us);
		tw_time(&t, d->last_us);
		tw_row(&t);
	}
	tw_end(&t);

	tw_heading(&t, "Cascading risk", "cascading-risk");
	tw_begin(&t, cascols, sizeof(cascols) / sizeof(cascols[0]));
	for (i = 0; i < r->ngroups; i++) {
		const struct rgroup *g = &r->groups[i];

		tw_text(&t, g->tkind);
		tw_text(&t, g->target);
		tw_text(&t, g->action);
		tw_int(&t, (int64_t)g->events);
		tw_int(&t, (int64_t)g->failed);
		tw_time(&t, g->first_us);
		tw_time(&t, g->last_us);
		buf_reset(&b);
		for (k = 0; k < g->actors.n; k++)
			buf_addf(&b, "%s%s", k ? ", " : "", g->actors.v[k]);
		tw_text(&t, b.s);
		tw_row(&t);
	}
	tw_end(&t);

	tw_release(&t);
	buf_release(&b);
	return t.err || ferror(t.fp) ? -1 : 0;
}

/* ------------------------------------------------------------------ */

static void
review_release(struct review *r)
{
	size_t i;

	strv_free(&r->keys);
	strv_free(&r->labels);
	strv_free(&r->signers);
	for (i = 0; i < r->nsigs; i++) {
		struct rsig *g = &r->sigs[i];

		free(g->source);
		free(g->native_id);
		free(g->key);
		free(g->actor);
		free(g->session);
		free(g->ip);
		free(g->ak);
		free(g->issuer);
	}
	free(r->sigs);
	strv_free(&r->tied_p);
	strv_free(&r->tied_s);
	strv_free(&r->tied_a);
	for (i = 0; i < r->nacts; i++)
		act_release(&r->acts[i]);
	free(r->acts);
	strv_free(&r->contained);
	strv_free(&r->resp_p);
	for (i = 0; i < r->ntries; i++) {
		struct rtry *y = &r->tries[i];

		free(y->key);
		free(y->actor);
		free(y->session);
		free(y->ip);
		free(y->outcome);
		free(y->error_code);
		free(y->source);
		free(y->native_id);
	}
	free(r->tries);
	for (i = 0; i < r->nocc; i++) {
		free(r->occ[i].value);
		free(r->occ[i].fkind);
	}
	free(r->occ);
	for (i = 0; i < r->nids; i++) {
		free(r->ids[i].value);
		strv_free(&r->ids[i].findings);
	}
	free(r->ids);
	for (i = 0; i < r->ngroups; i++) {
		free(r->groups[i].tkind);
		free(r->groups[i].target);
		free(r->groups[i].action);
		strv_free(&r->groups[i].actors);
	}
	free(r->groups);
}

int
report_review(struct report_args *ra)
{
	struct review r;
	unsigned fl;
	int ret = -1;

	memset(&r, 0, sizeof(r));
	r.ra = ra;
	r.db = ra->db;
	r.first_u = r.last_u = r.first_c = -1;
	r.detected_us = NOTIME;
	if (ra->detected_at) {
		if (ts_parse_any(ra->detected_at, strlen(ra->detected_at),
		    &r.given_us, &fl, NULL) < 0)
			return usage_error("bad --detected-at '%s' (ISO 8601, "
			    "e.g. 2026-11-13T09:00:00Z)", ra->detected_at);
		r.have_given = 1;
	}
	if (ra->from_us != INT64_MIN || ra->to_us != INT64_MAX)
		warning("report review: --from and --to do not apply: the "
		    "review covers the whole case");
	if (load_keys(&r) < 0)
		goto out;
	if (ra->key && r.keys.n == 0) {
		ret = usage_error("--key '%s' names no key with signing "
		    "operations in the case", ra->key);
		goto out;
	}
	if (load_sigs(&r) < 0 || find_containment(&r) < 0 ||
	    load_tries(&r) < 0 || find_involved(&r) < 0 ||
	    load_cascade(&r) < 0)
		goto out;
	if (strcmp(ra->w->name, "json") == 0)
		ret = write_json(&r);
	else
		ret = write_text(&r);
out:
	review_release(&r);
	return ret;
}
