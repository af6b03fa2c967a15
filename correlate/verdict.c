/* SPDX-License-Identifier: MIT */
/*
 * verdict.c - one verdict per signing operation, from its links:
 *   accounted    a strong CI link (credential or run identity) to a run of
 *                a release pipeline, and the signed digest was published;
 *   partial      some of it: signed in CI but never published, published
 *                but no CI run, CI evidence by time window only, a run on
 *                a ref that is not a release ref;
 *   unaccounted  neither a CI run nor a publish explains it.
 * The reasons (a JSON array of sentences) say which evidence was found
 * and which is missing, so that the verdict can be checked by hand.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "correlate.h"
#include "err.h"
#include "jsonutil.h"
#include "xalloc.h"

/*
 * The signing operations and their links, both in sign id order: one
 * merge pass over the two gives each operation its links (verdict_of).
 */
static const char sql_ops[] =
"SELECT id, key_ref, digest, tlog_id, standalone, session, actor"
" FROM sops ORDER BY id";

static const char sql_links[] =
"SELECT sign_id, kind, target_id, ci_run_id, publish_id FROM links"
" ORDER BY sign_id, id";

/* What a CI run is, for the reasons and for the release-ref check. */
static const char sql_run[] =
"SELECT coalesce(r.repo, ''), coalesce(r.run_ref, ''), coalesce(r.ref, ''),"
" r.wf, pol_ref(r.repo, r.wf, r.ref) FROM ci_runs r WHERE r.id = ?1";

/* The OIDC subject a credential link reached, when no run was found. */
static const char sql_cred[] =
"SELECT coalesce(repo, ''), coalesce(ref, ''), pol_ref(repo, NULL, ref)"
" FROM events WHERE id = ?1";

static const char sql_pub[] =
"SELECT coalesce(artifact, '?'), coalesce(version, ''), coalesce(actor, '')"
" FROM events WHERE id = ?1";

/*
 * Who was given the session, when it was not a pipeline.  Found through
 * the session index: "+action" keeps the planner from walking every
 * session.assume in time order to satisfy the ORDER BY.
 */
static const char sql_issuer[] =
"SELECT operation, actor FROM events WHERE session = ?1"
" AND +action = 'session.assume' AND outcome = 'success'"
" ORDER BY ts_us, id LIMIT 1";

/* A timestamp token over the signed digest, verified ones first. */
static const char sql_tst[] =
"SELECT id FROM events WHERE action = 'pki.timestamp' AND digest = ?1"
" ORDER BY json_extract(attrs, '$.verified') IS NOT 1, ts_us, id LIMIT 1";

static const char sql_ins[] =
"INSERT INTO verdicts (sign_id, key_ref, verdict, reasons, ci_run_id,"
" publish_id, tlog_id, timestamp_id, digest, strength)"
" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/* What sql_run says of one CI run; many signatures share a run. */
struct run_info {
	int64_t	 id;		/* 0: empty slot */
	char	*repo, *run_ref, *ref, *wf;	/* wf NULL: not known */
	int	 release_ref;
};

/* An open-addressing table of run_info by run id; owns the strings. */
struct run_memo {
	struct run_info	*v;
	size_t		 cap, n;
};

struct vq {
	sqlite3_stmt	*run, *cred, *pub, *issuer, *tst, *ins;
	sqlite3_stmt	*links;		/* sql_links, stepped along the ops */
	int		 links_rc;	/* its last sqlite3_step() */
	struct run_memo	 runs;
	struct buf	 reasons;	/* the JSON array being written */
	struct buf	 one;		/* one reason */
};

/* What the links of one signing operation say. */
struct op_links {
	int	 strong;	/* a credential or run link */
	int	 weak;		/* a window link */
	int64_t	 run;		/* its CI run: run/digest/tlog links' first,
				   then the credential's, then a window's */
	int64_t	 pub;		/* the lowest publish id */
	int64_t	 cred;		/* the first credential link's issuance */
};

static int
one_row(sqlite3_stmt *stmt, int64_t id)
{
	sqlite3_reset(stmt);
	sqlite3_bind_int64(stmt, 1, id);
	return sqlite3_step(stmt) == SQLITE_ROW;
}

static const char *
col(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	return s ? s : "";
}

static struct run_info *
memo_slot(struct run_memo *m, int64_t id)
{
	size_t i = (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ull) &
	    (m->cap - 1);

	while (m->v[i].id != 0 && m->v[i].id != id)
		i = (i + 1) & (m->cap - 1);
	return &m->v[i];
}

static void
memo_grow(struct run_memo *m)
{
	struct run_memo t = { NULL, m->cap ? m->cap * 2 : 1024, m->n };
	size_t i;

	t.v = xcalloc(t.cap, sizeof(*t.v));
	for (i = 0; i < m->cap; i++)
		if (m->v[i].id != 0)
			*memo_slot(&t, m->v[i].id) = m->v[i];
	free(m->v);
	*m = t;
}

static void
memo_free(struct run_memo *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		free(m->v[i].repo);
		free(m->v[i].run_ref);
		free(m->v[i].ref);
		free(m->v[i].wf);
	}
	free(m->v);
}

/* The run with this id (looked up once), or NULL when it is not there. */
static const struct run_info *
run_lookup(struct vq *q, int64_t id)
{
	struct run_info *r;
	const char *wf;

	if ((q->runs.n + 1) * 2 > q->runs.cap)
		memo_grow(&q->runs);
	r = memo_slot(&q->runs, id);
	if (r->id == id)
		return r->repo ? r : NULL;
	r->id = id;
	q->runs.n++;
	if (!one_row(q->run, id))
		return NULL;
	r->repo = xstrdup(col(q->run, 0));
	r->run_ref = xstrdup(col(q->run, 1));
	r->ref = xstrdup(col(q->run, 2));
	wf = (const char *)sqlite3_column_text(q->run, 3);
	r->wf = wf ? xstrdup(wf) : NULL;
	r->release_ref = sqlite3_column_int(q->run, 4);
	return r;
}

static void
reason(struct vq *q, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Adds a sentence to q->reasons, a JSON array as jansson would write it. */
static void
reason(struct vq *q, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&q->one);
	va_start(ap, fmt);
	buf_vaddf(&q->one, fmt, ap);
	va_end(ap);
	buf_addch(&q->reasons, q->reasons.len == 0 ? '[' : ',');
	json_add_str(&q->reasons, q->one.s);
}

static void
bind_id(sqlite3_stmt *stmt, int i, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(stmt, i, id);
	else
		sqlite3_bind_null(stmt, i);
}

/*
 * Steps q->links past the links of operations before id and gathers
 * those of id into *l.  The ranking of the run is that of the SQL it
 * replaces: ORDER BY kind = 'window', kind = 'credential', id.
 */
static int
links_of(struct vq *q, int64_t id, struct op_links *l)
{
	int rank = 3, r;
	const char *kind;
	int64_t sign, run, pub;

	memset(l, 0, sizeof(*l));
	for (; q->links_rc == SQLITE_ROW;
	    q->links_rc = sqlite3_step(q->links)) {
		sign = sqlite3_column_int64(q->links, 0);
		if (sign > id)
			break;
		if (sign < id)
			continue;
		kind = (const char *)sqlite3_column_text(q->links, 1);
		kind = kind ? kind : "";
		if (strcmp(kind, "credential") == 0 ||
		    strcmp(kind, "run") == 0)
			l->strong = 1;
		if (strcmp(kind, "window") == 0)
			l->weak = 1;
		if (strcmp(kind, "credential") == 0 && l->cred == 0)
			l->cred = sqlite3_column_int64(q->links, 2);
		run = sqlite3_column_int64(q->links, 3);
		r = strcmp(kind, "window") == 0 ? 2 :
		    strcmp(kind, "credential") == 0 ? 1 : 0;
		if (run > 0 && r < rank) {
			rank = r;
			l->run = run;
		}
		pub = sqlite3_column_int64(q->links, 4);
		if (pub > 0 && (l->pub == 0 || pub < l->pub))
			l->pub = pub;
	}
	if (q->links_rc != SQLITE_ROW && q->links_rc != SQLITE_DONE)
		return -1;
	return 0;
}

static int
decide(struct corr *c, struct vq *q, sqlite3_stmt *op, int have_publishes)
{
	int64_t id = sqlite3_column_int64(op, 0);
	const char *digest = (const char *)sqlite3_column_text(op, 2);
	int64_t tlog = sqlite3_column_int64(op, 3);
	int standalone = sqlite3_column_int(op, 4);
	const char *session = (const char *)sqlite3_column_text(op, 5);
	const char *actor = (const char *)sqlite3_column_text(op, 6);
	struct op_links l;
	int64_t run, pub, cred, tst = 0;
	int strong, weak;
	const struct run_info *ri;
	int release_ref = 1, ci;
	const char *verdict, *strength;

	if (links_of(q, id, &l) < 0)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	strong = l.strong;
	weak = l.weak;
	run = l.run;
	pub = l.pub;
	cred = l.cred;
	buf_reset(&q->reasons);
	if (standalone)
		reason(q, "signature known only from the transparency "
		    "log: no signing record pairs with it");
	else if (tlog > 0 && digest)
		reason(q, "paired with a transparency-log entry: "
		    "digest %s", digest);
	if (run > 0 && (ri = run_lookup(q, run)) != NULL) {
		release_ref = ri->release_ref;
		reason(q, "%s CI run %s of %s%s%s on %s",
		    strong ? "signed in" : "inside the window of",
		    ri->run_ref, ri->repo, ri->wf ? " " : "",
		    ri->wf ? ri->wf : "", ri->ref);
	} else if (cred > 0 && one_row(q->cred, cred)) {
		release_ref = sqlite3_column_int(q->cred, 2);
		reason(q, "signed with a session issued to %s %s (no CI "
		    "run record in the case)", col(q->cred, 0),
		    col(q->cred, 1));
	}
	if (!release_ref)
		reason(q, "the run's ref is not a release ref of the "
		    "pipeline");
	ci = strong || weak;
	if (!ci) {
		if (session) {
			sqlite3_reset(q->issuer);
			sqlite3_bind_text(q->issuer, 1, session, -1,
			    SQLITE_TRANSIENT);
			if (sqlite3_step(q->issuer) == SQLITE_ROW)
				reason(q, "no CI run: session %s was "
				    "issued by %s to %s, not to a pipeline",
				    session, col(q->issuer, 0),
				    col(q->issuer, 1));
			else
				reason(q, "no CI run: %s signed with "
				    "credential %s outside any pipeline",
				    actor ? actor : "the signer", session);
		} else {
			reason(q, "no CI run links this signature");
		}
	}
	if (pub > 0 && one_row(q->pub, pub))
		reason(q, "published as %s %s%s%s", col(q->pub, 0),
		    col(q->pub, 1), *col(q->pub, 2) ? " by " : "",
		    col(q->pub, 2));
	else if (!have_publishes)
		reason(q, "not checked for publication: the case holds "
		    "no publish evidence");
	else if (digest)
		reason(q, "never published: no release, package or "
		    "image has digest %s", digest);
	else
		reason(q, "never published: the signed digest is "
		    "unknown (no digest in the signing record, no paired "
		    "transparency-log entry)");
	if (digest) {
		sqlite3_reset(q->tst);
		sqlite3_bind_text(q->tst, 1, digest, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(q->tst) == SQLITE_ROW)
			tst = sqlite3_column_int64(q->tst, 0);
	}
	if (strong && release_ref && pub > 0) {
		verdict = "accounted";
	} else if (!ci && pub <= 0) {
		verdict = "unaccounted";
	} else {
		verdict = "partial";
		if (weak && !strong)
			reason(q, "CI evidence is a time window only");
	}
	strength = strong ? "strong" : weak ? "weak" : tlog > 0 ? "medium" :
	    "none";
	if (q->reasons.len == 0)
		buf_addch(&q->reasons, '[');
	buf_addch(&q->reasons, ']');
	sqlite3_reset(q->ins);
	sqlite3_bind_int64(q->ins, 1, id);
	sqlite3_bind_value(q->ins, 2, sqlite3_column_value(op, 1));
	sqlite3_bind_text(q->ins, 3, verdict, -1, SQLITE_STATIC);
	sqlite3_bind_text(q->ins, 4, q->reasons.s, (int)q->reasons.len,
	    SQLITE_STATIC);
	bind_id(q->ins, 5, run);
	bind_id(q->ins, 6, pub);
	bind_id(q->ins, 7, tlog);
	bind_id(q->ins, 8, tst);
	if (digest)
		sqlite3_bind_text(q->ins, 9, digest, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q->ins, 9);
	sqlite3_bind_text(q->ins, 10, strength, -1, SQLITE_STATIC);
	if (sqlite3_step(q->ins) != SQLITE_DONE)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	return 0;
}

int
verdicts_compute(struct corr *c)
{
	struct vq q;
	sqlite3_stmt *ops = NULL, *cnt = NULL;
	int rc, ret = -1, have_publishes = 0;

	memset(&q, 0, sizeof(q));
	buf_init(&q.reasons);
	buf_init(&q.one);
	if (sqlite3_prepare_v2(c->db, sql_ops, -1, &ops, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, sql_links, -1, &q.links, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, sql_run, -1, &q.run, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, sql_cred, -1, &q.cred, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, sql_pub, -1, &q.pub, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, sql_issuer, -1, &q.issuer, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, sql_tst, -1, &q.tst, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, sql_ins, -1, &q.ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "SELECT EXISTS (SELECT 1 FROM events"
	    " WHERE action = 'publish')", -1, &cnt, NULL) != SQLITE_OK) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		goto out;
	}
	if (sqlite3_step(cnt) == SQLITE_ROW)
		have_publishes = sqlite3_column_int(cnt, 0);
	q.links_rc = sqlite3_step(q.links);
	while ((rc = sqlite3_step(ops)) == SQLITE_ROW)
		if (decide(c, &q, ops, have_publishes) < 0)
			goto out;
	if (rc != SQLITE_DONE) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(ops);
	sqlite3_finalize(cnt);
	sqlite3_finalize(q.links);
	sqlite3_finalize(q.run);
	sqlite3_finalize(q.cred);
	sqlite3_finalize(q.pub);
	sqlite3_finalize(q.issuer);
	sqlite3_finalize(q.tst);
	sqlite3_finalize(q.ins);
	memo_free(&q.runs);
	buf_release(&q.reasons);
	buf_release(&q.one);
	return ret;
}
