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
 *
 * The same pass counts the verdicts, gathers the partial ones into the
 * groups the partial-signature detector reports (a run that signed a
 * thousand times and published none is one finding, not a thousand),
 * counts each run's signatures and publishes for the excess-signatures
 * detector, lists the unaccounted signatures and those by signers the
 * policy does not allow, and notes when the first and the last signature
 * were made, for the detectors of each: each of those would otherwise be
 * another pass over a million rows.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "correlate.h"
#include "err.h"
#include "jsonutil.h"
#include "store.h"
#include "xalloc.h"

/*
 * The signing operations and their links, both in sign id order: one
 * merge pass over the two gives each operation its links (verdict_of).
 */
static const char sql_ops[] =
"SELECT id, key_ref, digest, tlog_id, standalone, session, actor, ts_us, ts"
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
"SELECT coalesce(artifact, '?'), version, coalesce(actor, '')"
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

const char *const verdict_words[NVERDICTS] = {
	"accounted", "partial", "unaccounted"
};

static const char sql_finding[] =
"INSERT INTO findings (kind, severity, ts_us, ts, key_ref, actor, summary,"
" event_ids, origin) VALUES ('partial-signature', ?1, ?2, ?3, ?4, ?5, ?6,"
" ?7, 'correlate')";

/* What sql_run says of one CI run; many signatures share a run. */
struct run_info {
	int64_t	 id;		/* 0: empty slot */
	char	*repo, *run_ref, *ref, *wf;	/* wf NULL: not known */
	int	 release_ref;
	int64_t	 nsig, npub;	/* its signatures, those published */
};

/* Partial signatures with the same severity, key, signer and summary. */
struct pgroup {
	const char	*sev;		/* static */
	char		*key_ref, *actor;	/* may be NULL; shared with the
						   group before when the same */
	int		 own_key_ref, own_actor;	/* not shared: free */
	char		*summary;
	char		*ts;		/* of the earliest signature */
	int64_t		 ts_us;
	int64_t		*ids;		/* in sign id order */
	size_t		 n, cap;
	uint64_t	 hash;
};

/*
 * The groups in the order they were made (that of their first signature)
 * and an open-addressing index over them; owns the groups.
 */
struct partials {
	struct pgroup	**list;
	size_t		  n, alloc;
	struct pgroup	**slot;
	size_t		  cap;
	struct pgroup	 *last;		/* that of the last signature added */
};

/* A growing list of event ids; owns ids. */
struct idlist {
	int64_t	*ids;
	size_t	 n, cap;
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
	struct buf	 summary;	/* a partial signature's finding */
	struct idlist	 unaccounted;	/* the unaccounted signatures */
	struct idlist	 unauthorized;	/* records by signers not allowed */
	char		*signer;	/* the last signer checked, */
	int		 signer_ok;	/* whether the policy allows it */
	int64_t		 lo, hi;	/* the signatures' first and last time */
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

static void
idlist_add(struct idlist *l, int64_t id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->ids = xreallocarray(l->ids, l->cap, sizeof(*l->ids));
	}
	l->ids[l->n++] = id;
}

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

static int
str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static uint64_t
str_hash(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return (h ^ 0xff) * 0x100000001b3ull;
}

static void
partials_grow(struct partials *p)
{
	size_t cap = p->cap ? p->cap * 2 : 1024, i, k;
	struct pgroup **slot = xcalloc(cap, sizeof(*slot));

	for (i = 0; i < p->n; i++) {
		k = p->list[i]->hash & (cap - 1);
		while (slot[k])
			k = (k + 1) & (cap - 1);
		slot[k] = p->list[i];
	}
	free(p->slot);
	p->slot = slot;
	p->cap = cap;
}

/*
 * The group of this severity, key, signer and summary; a new group (its
 * time still unset) when there is none.
 */
static struct pgroup *
partials_group(struct partials *p, const char *sev, const char *key_ref,
    const char *actor, const char *summary)
{
	struct pgroup *g, *prev;
	uint64_t h = 0xcbf29ce484222325ull;
	size_t k;

	h = str_hash(str_hash(str_hash(str_hash(h, sev), key_ref), actor),
	    summary);
	if ((p->n + 1) * 2 > p->cap)
		partials_grow(p);
	for (k = h & (p->cap - 1); (g = p->slot[k]) != NULL;
	    k = (k + 1) & (p->cap - 1))
		if (g->hash == h && g->sev == sev && str_eq(g->key_ref,
		    key_ref) && str_eq(g->actor, actor) &&
		    strcmp(g->summary, summary) == 0)
			return g;
	g = p->slot[k] = xcalloc(1, sizeof(*g));
	g->sev = sev;
	prev = p->n ? p->list[p->n - 1] : NULL;
	if (prev && str_eq(prev->key_ref, key_ref)) {
		g->key_ref = prev->key_ref;
	} else {
		g->key_ref = key_ref ? xstrdup(key_ref) : NULL;
		g->own_key_ref = 1;
	}
	if (prev && str_eq(prev->actor, actor)) {
		g->actor = prev->actor;
	} else {
		g->actor = actor ? xstrdup(actor) : NULL;
		g->own_actor = 1;
	}
	g->summary = xstrdup(summary);
	g->hash = h;
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 1024;
		p->list = xreallocarray(p->list, p->alloc, sizeof(*p->list));
	}
	p->list[p->n++] = g;
	return g;
}

/*
 * Adds signature id to its group, making the group when it is new.  A
 * run's signatures mostly come one after another, so the group of the
 * signature before is tried first, without hashing.
 */
static void
partials_add(struct corr *c, const char *sev, const char *key_ref,
    const char *actor, const char *summary, int64_t id, int64_t ts_us,
    const char *ts)
{
	struct partials *p = c->partials;
	struct pgroup *g;

	if (p == NULL)
		p = c->partials = xcalloc(1, sizeof(*p));
	g = p->last;
	if (g == NULL || g->sev != sev || !str_eq(g->key_ref, key_ref) ||
	    !str_eq(g->actor, actor) || strcmp(g->summary, summary) != 0)
		g = p->last = partials_group(p, sev, key_ref, actor, summary);
	if (g->n == 0 || ts_us < g->ts_us) {
		free(g->ts);
		g->ts = xstrdup(ts ? ts : "");
		g->ts_us = ts_us;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 4;
		g->ids = xreallocarray(g->ids, g->cap, sizeof(*g->ids));
	}
	g->ids[g->n++] = id;
}

void
verdicts_release(struct corr *c)
{
	struct partials *p = c->partials;
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		if (p->list[i]->own_key_ref)
			free(p->list[i]->key_ref);
		if (p->list[i]->own_actor)
			free(p->list[i]->actor);
		free(p->list[i]->summary);
		free(p->list[i]->ts);
		free(p->list[i]->ids);
		free(p->list[i]);
	}
	free(p->list);
	free(p->slot);
	free(p);
	c->partials = NULL;
}

static void
bind_text_or_null(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

int64_t
verdict_partial_findings(struct corr *c)
{
	struct partials *p = c->partials;
	sqlite3_stmt *ins = NULL;
	struct buf b = BUF_INIT, sum = BUF_INIT;
	int64_t n = 0;
	size_t i, k;

	if (p == NULL)
		return 0;
	if (sqlite3_prepare_v2(c->db, sql_finding, -1, &ins, NULL) !=
	    SQLITE_OK) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		return -1;
	}
	for (i = 0; i < p->n && n >= 0; i++) {
		struct pgroup *g = p->list[i];

		buf_reset(&b);
		for (k = 0; k < g->n; k++)
			buf_addf(&b, "%c%lld", k ? ',' : '[',
			    (long long)g->ids[k]);
		buf_addch(&b, ']');
		buf_reset(&sum);
		if (g->n > 1)
			buf_addf(&sum, "%zu signatures: ", g->n);
		buf_addstr(&sum, g->summary);
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, g->sev, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, g->ts_us);
		sqlite3_bind_text(ins, 3, g->ts, -1, SQLITE_STATIC);
		bind_text_or_null(ins, 4, g->key_ref);
		bind_text_or_null(ins, 5, g->actor);
		sqlite3_bind_text(ins, 6, sum.s, (int)sum.len, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, b.s, (int)b.len, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			error("correlate: %s", sqlite3_errmsg(c->db));
			n = -1;
		} else {
			n++;
		}
	}
	sqlite3_finalize(ins);
	buf_release(&b);
	buf_release(&sum);
	verdicts_release(c);
	return n;
}

/* The run with this id (looked up once), or NULL when it is not there. */
static struct run_info *
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
reason(struct vq *q, ...) __attribute__((sentinel));

/*
 * Adds a sentence, its pieces given up to a NULL, to q->reasons, a JSON
 * array as jansson would write it.  Pieces rather than a printf format:
 * a million signatures get three sentences each.
 */
static void
reason(struct vq *q, ...)
{
	const char *piece;
	va_list ap;

	buf_reset(&q->one);
	va_start(ap, q);
	while ((piece = va_arg(ap, const char *)) != NULL)
		buf_addstr(&q->one, piece);
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

/*
 * Files a partial signature under its finding: the severity and the one
 * line say what is missing (publication, or a CI run behind a publish).
 */
static void
partial_group(struct corr *c, struct vq *q, sqlite3_stmt *op,
    int have_publishes, int64_t run, const struct run_info *ri, int64_t pub)
{
	const char *sev, *sum;

	if (!have_publishes) {
		sev = "info";
		sum = "signed in CI; publication not checked (no publish "
		    "evidence in the case)";
	} else if (pub <= 0) {
		sev = "high";
		if (run > 0) {
			buf_reset(&q->summary);
			buf_addstr(&q->summary, "signed in CI run ");
			buf_addstr(&q->summary, ri ? ri->run_ref : "");
			buf_addstr(&q->summary, " but never published");
			sum = q->summary.s;
		} else {
			sum = "signed by a pipeline session but never "
			    "published";
		}
	} else {
		sev = "medium";
		sum = q->summary.len ? q->summary.s : "CI evidence is weak or "
		    "the run is not a release run";
	}
	partials_add(c, sev, (const char *)sqlite3_column_text(op, 1),
	    (const char *)sqlite3_column_text(op, 6), sum,
	    sqlite3_column_int64(op, 0), sqlite3_column_int64(op, 7),
	    (const char *)sqlite3_column_text(op, 8));
}

/*
 * Whether the policy allows this signer (as pol_signer() in SQL); the
 * last answer is kept, since most signatures share their signer.
 */
static int
signer_ok(struct corr *c, struct vq *q, const char *actor)
{
	if (q->signer && actor && strcmp(q->signer, actor) == 0)
		return q->signer_ok;
	free(q->signer);
	q->signer = actor ? xstrdup(actor) : NULL;
	q->signer_ok = policy_signer_ok(c->pol, actor);
	return q->signer_ok;
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
	int64_t run, pub, cred, tst = 0, ts_us;
	int strong, weak;
	struct run_info *ri = NULL;
	int release_ref = 1, ci;
	enum verdict_kind v;
	const char *strength;

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
		    "log: no signing record pairs with it", NULL);
	else if (tlog > 0 && digest)
		reason(q, "paired with a transparency-log entry: digest ",
		    digest, NULL);
	if (run > 0 && (ri = run_lookup(q, run)) != NULL) {
		release_ref = ri->release_ref;
		reason(q, strong ? "signed in" : "inside the window of",
		    " CI run ", ri->run_ref, " of ", ri->repo,
		    ri->wf ? " " : "", ri->wf ? ri->wf : "", " on ", ri->ref,
		    NULL);
	} else if (cred > 0 && one_row(q->cred, cred)) {
		release_ref = sqlite3_column_int(q->cred, 2);
		reason(q, "signed with a session issued to ", col(q->cred, 0),
		    " ", col(q->cred, 1), " (no CI run record in the case)",
		    NULL);
	}
	if (!release_ref)
		reason(q, "the run's ref is not a release ref of the "
		    "pipeline", NULL);
	ci = strong || weak;
	if (!ci) {
		if (session) {
			sqlite3_reset(q->issuer);
			sqlite3_bind_text(q->issuer, 1, session, -1,
			    SQLITE_TRANSIENT);
			if (sqlite3_step(q->issuer) == SQLITE_ROW)
				reason(q, "no CI run: session ", session,
				    " was issued by ", col(q->issuer, 0),
				    " to ", col(q->issuer, 1),
				    ", not to a pipeline", NULL);
			else
				reason(q, "no CI run: ", actor ? actor :
				    "the signer", " signed with credential ",
				    session, " outside any pipeline", NULL);
		} else {
			reason(q, "no CI run links this signature", NULL);
		}
	}
	buf_reset(&q->summary);
	if (pub > 0 && one_row(q->pub, pub)) {
		reason(q, "published as ", col(q->pub, 0), " ",
		    col(q->pub, 1), *col(q->pub, 2) ? " by " : "",
		    col(q->pub, 2), NULL);
		/* what the partial-signature finding says of it */
		if (run <= 0 && !strong)
			buf_addf(&q->summary, "published as %s%s%s but signed "
			    "outside any CI run", col(q->pub, 0),
			    sqlite3_column_type(q->pub, 1) == SQLITE_NULL ?
			    "" : " ", col(q->pub, 1));
	} else if (!have_publishes)
		reason(q, "not checked for publication: the case holds "
		    "no publish evidence", NULL);
	else if (digest)
		reason(q, "never published: no release, package or "
		    "image has digest ", digest, NULL);
	else
		reason(q, "never published: the signed digest is "
		    "unknown (no digest in the signing record, no paired "
		    "transparency-log entry)", NULL);
	if (digest) {
		sqlite3_reset(q->tst);
		sqlite3_bind_text(q->tst, 1, digest, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(q->tst) == SQLITE_ROW)
			tst = sqlite3_column_int64(q->tst, 0);
	}
	if (strong && release_ref && pub > 0) {
		v = VERDICT_ACCOUNTED;
	} else if (!ci && pub <= 0) {
		v = VERDICT_UNACCOUNTED;
	} else {
		v = VERDICT_PARTIAL;
		if (weak && !strong)
			reason(q, "CI evidence is a time window only", NULL);
	}
	strength = strong ? "strong" : weak ? "weak" : tlog > 0 ? "medium" :
	    "none";
	c->nverdicts[v]++;
	if (ri) {
		ri->nsig++;
		if (pub > 0)
			ri->npub++;
	}
	if (v == VERDICT_PARTIAL)
		partial_group(c, q, op, have_publishes, run, ri, pub);
	else if (v == VERDICT_UNACCOUNTED)
		idlist_add(&q->unaccounted, id);
	if (!standalone && !signer_ok(c, q, actor))
		idlist_add(&q->unauthorized, id);
	if (sqlite3_column_type(op, 7) != SQLITE_NULL) {
		ts_us = sqlite3_column_int64(op, 7);
		if (q->lo > ts_us)
			q->lo = ts_us;
		if (q->hi < ts_us)
			q->hi = ts_us;
	}
	if (q->reasons.len == 0)
		buf_addch(&q->reasons, '[');
	buf_addch(&q->reasons, ']');
	sqlite3_reset(q->ins);
	sqlite3_bind_int64(q->ins, 1, id);
	sqlite3_bind_value(q->ins, 2, sqlite3_column_value(op, 1));
	sqlite3_bind_text(q->ins, 3, verdict_words[v], -1, SQLITE_STATIC);
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

/* Makes temp.<name> (id INTEGER PRIMARY KEY) of the ids in l; 0 or -1. */
static int
id_table(struct corr *c, const char *name, const struct idlist *l)
{
	sqlite3_stmt *ins = NULL;
	struct buf create = BUF_INIT, insert = BUF_INIT;
	size_t i;
	int ret;

	buf_addf(&create, "DROP TABLE IF EXISTS temp.%s; CREATE TEMP TABLE"
	    " %s (id INTEGER PRIMARY KEY)", name, name);
	buf_addf(&insert, "INSERT INTO temp.%s VALUES (?1)", name);
	ret = corr_temp_table(c, create.s, insert.s, &ins);
	for (i = 0; i < l->n && ret == 0; i++) {
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, l->ids[i]);
		if (sqlite3_step(ins) != SQLITE_DONE)
			ret = error("correlate: %s", sqlite3_errmsg(c->db));
	}
	sqlite3_finalize(ins);
	buf_release(&create);
	buf_release(&insert);
	return ret;
}

/*
 * temp.sops_span: the time of the first and the last signing operation
 * (NULL when there are none), for the signing-path-change detector.
 */
static int
span_table(struct corr *c, int64_t lo, int64_t hi)
{
	sqlite3_stmt *ins = NULL;
	int ret;

	ret = corr_temp_table(c, "DROP TABLE IF EXISTS temp.sops_span;"
	    "CREATE TEMP TABLE sops_span (lo INTEGER, hi INTEGER)",
	    "INSERT INTO temp.sops_span VALUES (?1, ?2)", &ins);
	if (ret == 0 && lo <= hi) {
		sqlite3_bind_int64(ins, 1, lo);
		sqlite3_bind_int64(ins, 2, hi);
	}
	if (ret == 0 && sqlite3_step(ins) != SQLITE_DONE)
		ret = error("correlate: %s", sqlite3_errmsg(c->db));
	sqlite3_finalize(ins);
	return ret;
}

/*
 * temp.excess_runs: the runs that published some of their signatures but
 * not all, for the excess-signatures-in-run detector (findings.c).
 */
static int
excess_runs(struct corr *c, const struct run_memo *m)
{
	struct idlist l = { NULL, 0, 0 };
	size_t i;
	int ret;

	for (i = 0; i < m->cap; i++)
		if (m->v[i].id != 0 && m->v[i].npub != 0 &&
		    m->v[i].nsig > m->v[i].npub)
			idlist_add(&l, m->v[i].id);
	ret = id_table(c, "excess_runs", &l);
	free(l.ids);
	return ret;
}

int
verdicts_compute(struct corr *c)
{
	struct vq q;
	sqlite3_stmt *ops = NULL, *cnt = NULL;
	int rc, ret = -1, have_publishes = 0;

	memset(&q, 0, sizeof(q));
	q.lo = INT64_MAX;
	q.hi = INT64_MIN;
	buf_init(&q.reasons);
	buf_init(&q.one);
	buf_init(&q.summary);
	memset(c->nverdicts, 0, sizeof(c->nverdicts));
	verdicts_release(c);
	if (corr_exec(c, "DROP INDEX IF EXISTS verdicts_run", 0) < 0)
		goto out;
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
	if (corr_exec(c, STORE_VERDICTS_RUN_INDEX, 0) < 0 ||
	    excess_runs(c, &q.runs) < 0 ||
	    id_table(c, "unaccounted", &q.unaccounted) < 0 ||
	    id_table(c, "unauthorized", &q.unauthorized) < 0 ||
	    span_table(c, q.lo, q.hi) < 0)
		goto out;
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
	free(q.unaccounted.ids);
	free(q.unauthorized.ids);
	free(q.signer);
	buf_release(&q.reasons);
	buf_release(&q.one);
	buf_release(&q.summary);
	return ret;
}
