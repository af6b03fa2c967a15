/* SPDX-License-Identifier: MIT */
/*
 * link_tlog.c - medium: a signing record that carries no digest (a KMS or
 * HSM log entry) and a transparency-log entry made with the same key a few
 * seconds later are the same signature.  Pairs are one-to-one and never
 * cross (a signer uploads in the order it signs).  Per key, the signing
 * records and log entries whose time windows overlap form a cluster; in
 * each cluster the pairing that leaves the fewest records unpaired and,
 * among those, has the smallest total lag wins (a dynamic program over
 * the two time-ordered lists).  So a signature made seconds before a
 * release's own, without an upload, stays unpaired instead of taking the
 * release's entry; a run that signed five times and logged four leaves
 * one signing record unpaired.  A cluster too big for the program (a
 * flood of signatures in one window) is paired in time order instead,
 * with a note.  The paired log entry lends its digest (which link_digest
 * then follows to a publish) and its Fulcio run identity.  Unpaired log
 * entries become signing operations of their own.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "correlate.h"
#include "err.h"
#include "xalloc.h"

/* Seconds a log entry may follow its signature, on top of the skew. */
#define TLOG_LAG_S 60
/* Largest cluster (signing records x log entries) paired optimally. */
#define TLOG_MAX_CELLS (1 << 20)

/*
 * Candidate pairs per key identity (key_ident, built by policy_infer from
 * the key tables, the policy and the inferred KMS/public-key pairings):
 * signing records in time order, for each its candidate log entries in
 * time order.  Found from the log entries, through the key and time
 * index: log entries are few where signing records can be a million,
 * and only the records near an entry can pair ("+s.action" keeps the
 * planner on the key index).
 */
static const char sql_pairs[] =
"SELECT ks.ident, s.id, s.ts_us, t.id, t.ts_us FROM events t"
" JOIN key_ident kt ON kt.ref = t.key_ref"
" JOIN key_ident ks ON ks.ident = kt.ident"
" JOIN events s ON s.key_ref = ks.ref"
"  AND s.ts_us BETWEEN t.ts_us - ?1 - ?2 AND t.ts_us + ?1"
"  AND +s.action = 'sign' AND s.outcome = 'success'"
" WHERE t.action = 'tlog.entry'"
" ORDER BY ks.ident, s.ts_us, s.id, t.ts_us, t.id";

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
 * entry lends it) and each log entry that no record paired with.  It
 * carries the columns the detectors report, so that they need not go
 * back to the wide events rows.  The signing records are read from the
 * events_signs index alone (store.c), then the few that paired take what
 * their log entry lends.
 */
static const char sql_sops[] =
"DROP TABLE IF EXISTS temp.sops;"
"CREATE TEMP TABLE sops (id INTEGER PRIMARY KEY, ts_us INTEGER, ts TEXT,"
" key_ref TEXT, actor TEXT, session TEXT, digest TEXT, run_ref TEXT,"
" repo TEXT, tlog_id INTEGER, standalone INTEGER, src_ip TEXT);"
"INSERT INTO sops SELECT s.id, s.ts_us, s.ts, s.key_ref, s.actor,"
" s.session, s.digest, s.run_ref, s.repo, NULL, 0, s.src_ip FROM events s"
" WHERE s.action = 'sign' AND s.outcome = 'success' AND " IN_SCOPE("s")
" ORDER BY s.id;"
"UPDATE sops SET digest = coalesce(sops.digest, t.digest),"
" run_ref = coalesce(sops.run_ref, t.run_ref),"
" repo = coalesce(sops.repo, t.repo), tlog_id = t.id"
" FROM links l JOIN events t ON t.id = l.target_id"
" WHERE l.kind = 'tlog' AND l.sign_id = sops.id;"
"INSERT INTO sops SELECT t.id, t.ts_us, t.ts, t.key_ref, t.actor,"
" t.session, t.digest, t.run_ref, t.repo, t.id, 1, t.src_ip FROM events t"
" WHERE t.action = 'tlog.entry' AND " IN_SCOPE("t") " AND t.id NOT IN"
" (SELECT l.target_id FROM links l WHERE l.kind = 'tlog');"
"CREATE INDEX temp.sops_session ON sops(session);"
"CREATE INDEX temp.sops_digest ON sops(digest) WHERE digest IS NOT NULL;"
"CREATE INDEX temp.sops_run ON sops(run_ref) WHERE run_ref IS NOT NULL;";

/* One time-stamped event of a cluster. */
struct tev {
	int64_t	 id, ts;
};

/*
 * A cluster: its signing records in time order, the candidate rows
 * (sign index, entry) in query order, and afterwards its distinct log
 * entries in time order.
 */
struct cluster {
	char		*ident;
	struct tev	*sign;
	size_t		 ns, as;
	struct tev	*ent;		/* candidate entry of each row */
	size_t		*row_sign;	/* sign index of each row */
	size_t		 nr, ar;
	int64_t		 end;		/* where the last window ends */
};

static int
tev_cmp(const void *a, const void *b)
{
	const struct tev *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int
record_pair(struct corr *c, sqlite3_stmt *ins, int64_t sid, int64_t tid,
    int64_t *n)
{
	sqlite3_reset(ins);
	sqlite3_bind_int64(ins, 1, sid);
	sqlite3_bind_int64(ins, 2, tid);
	if (sqlite3_step(ins) != SQLITE_DONE)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	(*n)++;
	return 0;
}

/* Entry index of id in the sorted distinct entries (binary search). */
static size_t
ent_index(const struct tev *ent, size_t m, const struct tev *key)
{
	size_t lo = 0, hi = m;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tev_cmp(&ent[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Pairs one cluster.  lo[i]..hi[i] is the range of entries that sign i
 * may take (its window is one stretch of the time-ordered entries).  The
 * cost of a prefix pairing is (unpaired count) << 40 plus the summed lag
 * in milliseconds, so fewer unpaired records always win first.
 */
static int
pair_optimal(struct corr *c, sqlite3_stmt *ins, struct cluster *k,
    const struct tev *ent, size_t m, const size_t *lo, const size_t *hi,
    int64_t *n)
{
	const int64_t skip = (int64_t)1 << 40;
	size_t ns = k->ns, w = m + 1, i, j;
	int64_t *f = xreallocarray(NULL, (ns + 1) * w, sizeof(*f));
	unsigned char *how = xcalloc((ns + 1) * w, 1);
	int ret = 0;

	/* how: 0 pair, 1 sign unpaired, 2 entry unpaired */
	for (j = 0; j <= m; j++) {
		f[j] = (int64_t)j * skip;
		how[j] = 2;
	}
	for (i = 1; i <= ns; i++) {
		f[i * w] = (int64_t)i * skip;
		how[i * w] = 1;
		for (j = 1; j <= m; j++) {
			int64_t best = f[(i - 1) * w + j] + skip, v;
			unsigned char h = 1;

			v = f[i * w + j - 1] + skip;
			if (v < best)
				best = v, h = 2;
			if (j - 1 >= lo[i - 1] && j - 1 <= hi[i - 1]) {
				int64_t lag = ent[j - 1].ts - k->sign[i - 1].ts;

				v = f[(i - 1) * w + j - 1] +
				    (lag < 0 ? -lag : lag) / 1000;
				if (v <= best)
					best = v, h = 0;
			}
			f[i * w + j] = best;
			how[i * w + j] = h;
		}
	}
	for (i = ns, j = m; ret == 0 && (i > 0 || j > 0);) {
		switch (how[i * w + j]) {
		case 0:
			ret = record_pair(c, ins, k->sign[i - 1].id,
			    ent[j - 1].id, n);
			i--, j--;
			break;
		case 1:
			i--;
			break;
		default:
			j--;
			break;
		}
	}
	free(f);
	free(how);
	return ret;
}

/*
 * Pairs a cluster in time order: each signing record takes the earliest
 * free entry not before itself (one-second resolution), else the earliest
 * free one in its window.
 */
static int
pair_in_order(struct corr *c, sqlite3_stmt *ins, struct cluster *k,
    const struct tev *ent, size_t m, const size_t *lo, const size_t *hi,
    int64_t *n)
{
	unsigned char *used = xcalloc(m ? m : 1, 1);
	size_t i, j, pick;
	int ret = 0;

	for (i = 0; ret == 0 && i < k->ns; i++) {
		pick = SIZE_MAX;
		for (j = lo[i]; j <= hi[i] && pick == SIZE_MAX; j++)
			if (!used[j] && ent[j].ts >= k->sign[i].ts - 1000000)
				pick = j;
		for (j = lo[i]; j <= hi[i] && pick == SIZE_MAX; j++)
			if (!used[j])
				pick = j;
		if (pick == SIZE_MAX)
			continue;
		used[pick] = 1;
		ret = record_pair(c, ins, k->sign[i].id, ent[pick].id, n);
	}
	free(used);
	return ret;
}

/* Pairs and empties the cluster k; 0 or -1. */
static int
pair_cluster(struct corr *c, sqlite3_stmt *ins, struct cluster *k,
    int64_t *n)
{
	struct tev *ent;
	size_t *lo, *hi, m = 0, r, i;
	int ret;

	if (k->ns == 0)
		return 0;
	ent = xreallocarray(NULL, k->nr, sizeof(*ent));
	memcpy(ent, k->ent, k->nr * sizeof(*ent));
	qsort(ent, k->nr, sizeof(*ent), tev_cmp);
	for (r = 0; r < k->nr; r++)
		if (m == 0 || ent[m - 1].id != ent[r].id)
			ent[m++] = ent[r];
	lo = xreallocarray(NULL, k->ns, sizeof(*lo));
	hi = xreallocarray(NULL, k->ns, sizeof(*hi));
	for (i = 0; i < k->ns; i++)
		lo[i] = SIZE_MAX, hi[i] = 0;
	for (r = 0; r < k->nr; r++) {
		size_t s = k->row_sign[r], e = ent_index(ent, m, &k->ent[r]);

		if (e < lo[s])
			lo[s] = e;
		if (e > hi[s])
			hi[s] = e;
	}
	if ((uint64_t)(k->ns + 1) * (m + 1) <= TLOG_MAX_CELLS)
		ret = pair_optimal(c, ins, k, ent, m, lo, hi, n);
	else {
		corr_note(c, "tlog pairing: %zu signing records and %zu log "
		    "entries of key %s within one window paired in time order",
		    k->ns, m, k->ident);
		ret = pair_in_order(c, ins, k, ent, m, lo, hi, n);
	}
	free(ent);
	free(lo);
	free(hi);
	k->ns = k->nr = 0;
	return ret;
}

static int64_t
tlog_run(struct corr *c)
{
	sqlite3_stmt *pairs = NULL, *ins = NULL;
	struct cluster k;
	int64_t n = -1, sid, sts, win = c->skew_us;
	int64_t tail = c->skew_us + (int64_t)TLOG_LAG_S * 1000000;
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
		const char *ident = (const char *)sqlite3_column_text(pairs, 0);

		sid = sqlite3_column_int64(pairs, 1);
		sts = sqlite3_column_int64(pairs, 2);
		/* a new key, or a window that starts after all others end */
		if (k.ns > 0 && (strcmp(ident, k.ident) != 0 ||
		    (k.sign[k.ns - 1].id != sid && sts - win > k.end)) &&
		    pair_cluster(c, ins, &k, &n) < 0)
			goto fail;
		if (k.ns == 0) {
			free(k.ident);
			k.ident = xstrdup(ident);
		}
		if (k.ns == 0 || k.sign[k.ns - 1].id != sid) {
			if (k.ns + 1 > k.as) {
				k.as = k.as ? k.as * 2 : 16;
				k.sign = xreallocarray(k.sign, k.as,
				    sizeof(*k.sign));
			}
			k.sign[k.ns].id = sid;
			k.sign[k.ns].ts = sts;
			k.ns++;
			if (k.ns == 1 || sts + tail > k.end)
				k.end = sts + tail;
		}
		if (k.nr + 1 > k.ar) {
			k.ar = k.ar ? k.ar * 2 : 16;
			k.ent = xreallocarray(k.ent, k.ar, sizeof(*k.ent));
			k.row_sign = xreallocarray(k.row_sign, k.ar,
			    sizeof(*k.row_sign));
		}
		k.ent[k.nr].id = sqlite3_column_int64(pairs, 3);
		k.ent[k.nr].ts = sqlite3_column_int64(pairs, 4);
		k.row_sign[k.nr] = k.ns - 1;
		k.nr++;
	}
	if (rc != SQLITE_DONE) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		goto fail;
	}
	if (pair_cluster(c, ins, &k, &n) < 0)
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
	free(k.ident);
	free(k.sign);
	free(k.ent);
	free(k.row_sign);
	return n;
}

const struct link_strategy link_tlog = {
	.name = "tlog",
	.strength = "medium",
	.desc = "a digest-less signing record and a transparency-log entry "
	    "by the same key seconds apart",
	.run = tlog_run,
};
