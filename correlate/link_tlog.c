/* SPDX-License-Identifier: MIT */
/*
 * link_tlog.c - medium: a signing record that carries no digest (a KMS or
 * HSM log entry) and a transparency-log entry made with the same key a few
 * seconds later are the same signature.  Pairs are one-to-one and made in
 * time order, the way a signer uploads: each signing record takes the
 * earliest log entry not yet taken that is not earlier than itself (less
 * the one-second resolution of the logs), else the earliest one left in
 * the window.  A run that signed five times and logged four leaves one
 * signing record unpaired.  The paired log entry lends its digest (which
 * link_digest then follows to a publish) and its Fulcio run identity.
 * Unpaired log entries become signing operations of their own.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "correlate.h"
#include "err.h"
#include "xalloc.h"

/* Seconds a log entry may follow its signature, on top of the skew. */
#define TLOG_LAG_S 60

/* An open-addressing set of event ids (ids are never 0). */
struct idset {
	int64_t	*v;
	size_t	 cap, n;
};

static int
idset_add(struct idset *s, int64_t id)
{
	size_t i, j;

	if ((s->n + 1) * 2 > s->cap) {
		struct idset t = { NULL, s->cap ? s->cap * 2 : 64, 0 };

		t.v = xcalloc(t.cap, sizeof(*t.v));
		for (j = 0; j < s->cap; j++)
			if (s->v[j])
				idset_add(&t, s->v[j]);
		free(s->v);
		*s = t;
	}
	for (i = (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ull) & (s->cap - 1);
	    s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == id)
			return 0;
	s->v[i] = id;
	s->n++;
	return 1;
}

static int
idset_has(const struct idset *s, int64_t id)
{
	size_t i;

	if (s->cap == 0)
		return 0;
	for (i = (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ull) & (s->cap - 1);
	    s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == id)
			return 1;
	return 0;
}

/*
 * Candidate pairs, signing records in time order, for each its candidate
 * log entries in time order; the same key means the same identity in
 * key_ident (built by policy_infer from the key tables, the policy and
 * the inferred KMS/public-key pairings).
 */
static const char sql_pairs[] =
"SELECT s.id, t.id, t.ts_us - s.ts_us FROM events s"
" JOIN key_ident ks ON ks.ref = s.key_ref"
" JOIN key_ident kt ON kt.ident = ks.ident"
" JOIN events t ON t.action = 'tlog.entry' AND t.key_ref = kt.ref"
"  AND t.ts_us BETWEEN s.ts_us - ?1 AND s.ts_us + ?1 + ?2"
" WHERE s.action = 'sign' AND s.outcome = 'success'"
" ORDER BY s.ts_us, s.id, t.ts_us, t.id";

static const char sql_link[] =
"INSERT INTO links (sign_id, kind, strength, target_id, detail)"
" SELECT ?1, 'tlog', 'medium', t.id,"
"  'transparency-log entry ' || coalesce(t.native_id, t.id) || ', ' ||"
"  ((t.ts_us - s.ts_us) / 1000000) || ' s after the signing record' ||"
"  coalesce(', digest ' || t.digest, '')"
" FROM events t, events s WHERE t.id = ?2 AND s.id = ?1";

/* A signing event of a key in scope (all keys when the policy names none). */
#define IN_SCOPE(e) "(NOT EXISTS (SELECT 1 FROM temp.scope_keys) OR " e \
	".key_ref IN (SELECT ref FROM temp.scope_keys))"

/*
 * The signing operations every other strategy works on: each successful
 * signing record (with the digest, run and repository its paired log
 * entry lends it) and each log entry that no record paired with.
 */
static const char sql_sops[] =
"DROP TABLE IF EXISTS temp.sops;"
"CREATE TEMP TABLE sops (id INTEGER PRIMARY KEY, ts_us INTEGER,"
" key_ref TEXT, actor TEXT, session TEXT, digest TEXT, run_ref TEXT,"
" repo TEXT, tlog_id INTEGER, standalone INTEGER);"
"INSERT INTO sops SELECT s.id, s.ts_us, s.key_ref, s.actor, s.session,"
" coalesce(s.digest, t.digest), coalesce(s.run_ref, t.run_ref),"
" coalesce(s.repo, t.repo), t.id, 0"
" FROM events s LEFT JOIN links l ON l.sign_id = s.id AND l.kind = 'tlog'"
" LEFT JOIN events t ON t.id = l.target_id"
" WHERE s.action = 'sign' AND s.outcome = 'success' AND " IN_SCOPE("s") ";"
"INSERT INTO sops SELECT t.id, t.ts_us, t.key_ref, t.actor, t.session,"
" t.digest, t.run_ref, t.repo, t.id, 1 FROM events t"
" WHERE t.action = 'tlog.entry' AND " IN_SCOPE("t") " AND NOT EXISTS"
" (SELECT 1 FROM links l WHERE l.kind = 'tlog' AND l.target_id = t.id);"
"CREATE INDEX temp.sops_session ON sops(session);"
"CREATE INDEX temp.sops_digest ON sops(digest);"
"CREATE INDEX temp.sops_run ON sops(run_ref);";

/* One signing record's candidates, gathered from the ordered query. */
struct cand {
	int64_t	 sid;
	int64_t	*tid;
	int64_t	*dt;
	size_t	 nr, alloc;
};

/* Picks and records the pair for the signing record of c; 0 or -1. */
static int
take(struct corr *c, sqlite3_stmt *ins, struct cand *k, struct idset *used,
    int64_t *n)
{
	size_t i, pick = SIZE_MAX;

	/* the first free entry not before the record (1 s resolution) */
	for (i = 0; i < k->nr && pick == SIZE_MAX; i++)
		if (k->dt[i] >= -1000000 && !idset_has(used, k->tid[i]))
			pick = i;
	/* else the first free one in the window (clocks disagree) */
	for (i = 0; i < k->nr && pick == SIZE_MAX; i++)
		if (!idset_has(used, k->tid[i]))
			pick = i;
	k->nr = 0;
	if (pick == SIZE_MAX)
		return 0;
	idset_add(used, k->tid[pick]);
	sqlite3_reset(ins);
	sqlite3_bind_int64(ins, 1, k->sid);
	sqlite3_bind_int64(ins, 2, k->tid[pick]);
	if (sqlite3_step(ins) != SQLITE_DONE)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	(*n)++;
	return 0;
}

static int64_t
tlog_run(struct corr *c)
{
	sqlite3_stmt *pairs = NULL, *ins = NULL;
	struct idset used = { 0 };
	struct cand k;
	int64_t n = -1, sid;
	int rc;

	memset(&k, 0, sizeof(k));
	if (sqlite3_prepare_v2(c->db, sql_pairs, -1, &pairs, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(c->db, sql_link, -1, &ins,
	    NULL) != SQLITE_OK) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		goto out;
	}
	sqlite3_bind_int64(pairs, 1, c->skew_us);
	sqlite3_bind_int64(pairs, 2, (int64_t)TLOG_LAG_S * 1000000);
	n = 0;
	while ((rc = sqlite3_step(pairs)) == SQLITE_ROW) {
		sid = sqlite3_column_int64(pairs, 0);
		if (k.nr > 0 && sid != k.sid && take(c, ins, &k, &used, &n) < 0)
			goto fail;
		k.sid = sid;
		if (k.nr + 1 > k.alloc) {
			k.alloc = k.alloc ? k.alloc * 2 : 16;
			k.tid = xreallocarray(k.tid, k.alloc, sizeof(*k.tid));
			k.dt = xreallocarray(k.dt, k.alloc, sizeof(*k.dt));
		}
		k.tid[k.nr] = sqlite3_column_int64(pairs, 1);
		k.dt[k.nr] = sqlite3_column_int64(pairs, 2);
		k.nr++;
	}
	if (rc != SQLITE_DONE) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		goto fail;
	}
	if (k.nr > 0 && take(c, ins, &k, &used, &n) < 0)
		goto fail;
	if (sqlite3_exec(c->db, sql_sops, NULL, NULL, NULL) != SQLITE_OK) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		goto fail;
	}
	goto out;
fail:
	n = -1;
out:
	sqlite3_finalize(pairs);
	sqlite3_finalize(ins);
	free(used.v);
	free(k.tid);
	free(k.dt);
	return n;
}

const struct link_strategy link_tlog = {
	.name = "tlog",
	.strength = "medium",
	.desc = "a digest-less signing record and a transparency-log entry "
	    "by the same key seconds apart",
	.run = tlog_run,
};
