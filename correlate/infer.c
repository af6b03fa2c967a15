/* SPDX-License-Identifier: MIT */
/*
 * infer.c - what correlate works out when the policy does not say it,
 * and the policy as SQL functions the link strategies, verdicts and
 * findings call:
 *   run_id_in(text)                 first run of 6+ digits ("gha-123456")
 *   ts_iso(us)                      a time as sigtrail prints times
 *   pol_signer(actor)               authorized signer? 1/0
 *   pol_ref(repo, workflow, ref)    a release pipeline's run? 1/0
 *   pol_runner(repo, workflow, ref, runner)  an expected runner? 1/0
 *   pol_runner_any(repo, workflow, runner)  expected for any ref? 1/0
 *   pol_path(path)                  a signing-related git path? 1/0
 *   pol_net(ip)                     inside the networks? 1/0, NULL: none
 * Key identity: every spelling of a key (ARN, key id, alias, public-key
 * fingerprint, policy refs) is joined into one identity, kept in the
 * temporary table key_ident(ref, ident) for the strategies to join on.
 * A KMS key and a public key are also joined when their signing records
 * and transparency-log entries keep happening seconds apart (inferred,
 * and said so).
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "correlate.h"
#include "err.h"
#include "timeutil.h"
#include "xalloc.h"

/* ---- SQL functions ---- */

/* ts_iso(us): the one way times are printed (timeutil.h). */
static void
fn_ts_iso(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char tb[TS_BUFSZ];

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, ts_format(sqlite3_value_int64(argv[0]), tb),
	    -1, SQLITE_TRANSIENT);
}

static void
fn_run_id_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	size_t i, j;

	for (i = 0; s && s[i]; i = j) {
		for (j = i; s[j] >= '0' && s[j] <= '9'; j++)
			;
		if (j - i >= 6) {
			sqlite3_result_text(ctx, s + i, (int)(j - i),
			    SQLITE_TRANSIENT);
			return;
		}
		if (j == i)
			j++;
	}
	sqlite3_result_null(ctx);
}

static const char *
arg(sqlite3_value **argv, int i)
{
	return (const char *)sqlite3_value_text(argv[i]);
}

static void
fn_signer(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct corr *c = sqlite3_user_data(ctx);

	sqlite3_result_int(ctx, policy_signer_ok(c->pol, arg(argv, 0)));
}

static void
fn_ref(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct corr *c = sqlite3_user_data(ctx);

	sqlite3_result_int(ctx, policy_pipeline_for(c->pol, arg(argv, 0),
	    arg(argv, 1), arg(argv, 2)) != NULL);
}

static void
fn_runner(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct corr *c = sqlite3_user_data(ctx);
	const struct policy_pipeline *pl;

	pl = policy_pipeline_for(c->pol, arg(argv, 0), arg(argv, 1),
	    arg(argv, 2));
	sqlite3_result_int(ctx, pl && policy_runner_ok(pl, arg(argv, 3)));
}

/* A runner of any pipeline of that repository and workflow, any ref. */
static void
fn_runner_any(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct corr *c = sqlite3_user_data(ctx);
	const char *repo = arg(argv, 0), *wf = arg(argv, 1);
	size_t i;

	for (i = 0; i < c->pol->npipelines; i++) {
		const struct policy_pipeline *pl = &c->pol->pipelines[i];

		if (repo == NULL || strcmp(pl->repo, repo) != 0 ||
		    (pl->workflow && wf && strcmp(pl->workflow, wf) != 0))
			continue;
		if (policy_runner_ok(pl, arg(argv, 2))) {
			sqlite3_result_int(ctx, 1);
			return;
		}
	}
	sqlite3_result_int(ctx, 0);
}

static void
fn_path(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct corr *c = sqlite3_user_data(ctx);
	const char *p = arg(argv, 0);

	sqlite3_result_int(ctx, p && policy_path_matches(c->pol, p));
}

static void
fn_net(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct corr *c = sqlite3_user_data(ctx);
	int r = policy_network_ok(c->pol, arg(argv, 0));

	if (r < 0)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_int(ctx, r);
}

static int
register_functions(struct corr *c)
{
	static const struct {
		const char *name;
		int nargs;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
		{ "run_id_in", 1, fn_run_id_in },
		{ "ts_iso", 1, fn_ts_iso },
		{ "pol_signer", 1, fn_signer },
		{ "pol_ref", 3, fn_ref },
		{ "pol_runner", 4, fn_runner },
		{ "pol_runner_any", 3, fn_runner_any },
		{ "pol_path", 1, fn_path },
		{ "pol_net", 1, fn_net },
	};
	size_t i;

	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		if (sqlite3_create_function(c->db, fns[i].name, fns[i].nargs,
		    SQLITE_UTF8, c, fns[i].fn, NULL, NULL) != SQLITE_OK)
			return error("correlate: %s", sqlite3_errmsg(c->db));
	}
	return 0;
}

/* ---- key identity: union-find over key spellings ---- */

struct uf {
	char	**name;
	size_t	*parent;
	size_t	 n, alloc;
	size_t	*slot;		/* hash: index + 1, 0 empty */
	size_t	 cap;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static size_t
uf_find_name(struct uf *u, const char *s)
{
	size_t i, j, k;

	if ((u->n + 1) * 2 > u->cap) {
		free(u->slot);
		u->cap = u->cap ? u->cap * 2 : 256;
		u->slot = xcalloc(u->cap, sizeof(*u->slot));
		for (k = 0; k < u->n; k++) {
			for (j = hash_str(u->name[k]) & (u->cap - 1);
			    u->slot[j]; j = (j + 1) & (u->cap - 1))
				;
			u->slot[j] = k + 1;
		}
	}
	for (i = hash_str(s) & (u->cap - 1); u->slot[i];
	    i = (i + 1) & (u->cap - 1))
		if (strcmp(u->name[u->slot[i] - 1], s) == 0)
			return u->slot[i] - 1;
	ALLOC_GROW(u->name, u->n + 1, u->alloc);
	u->parent = xreallocarray(u->parent, u->alloc, sizeof(*u->parent));
	u->name[u->n] = xstrdup(s);
	u->parent[u->n] = u->n;
	u->slot[i] = u->n + 1;
	return u->n++;
}

static size_t
uf_root(struct uf *u, size_t i)
{
	while (u->parent[i] != i) {
		u->parent[i] = u->parent[u->parent[i]];
		i = u->parent[i];
	}
	return i;
}

/* Joins a and b; the root is the name that sorts first (deterministic). */
static void
uf_join(struct uf *u, const char *a, const char *b)
{
	size_t ra = uf_root(u, uf_find_name(u, a));
	size_t rb = uf_root(u, uf_find_name(u, b));

	if (ra == rb)
		return;
	if (strcmp(u->name[ra], u->name[rb]) < 0)
		u->parent[rb] = ra;
	else
		u->parent[ra] = rb;
}

static void
uf_free(struct uf *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		free(u->name[i]);
	free(u->name);
	free(u->parent);
	free(u->slot);
}

/* Joins every pair (col 0, col 1) the query returns. */
static int
join_rows(struct corr *c, struct uf *u, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(stmt, 0);
		const char *b = (const char *)sqlite3_column_text(stmt, 1);

		if (a && b)
			uf_join(u, a, b);
		else if (a)
			uf_find_name(u, a);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	return 0;
}

/*
 * Which KMS/HSM key a public key belongs to, from timing: each
 * transparency-log entry votes for the signing key whose record is
 * nearest in time (within the pairing window); a public key is joined to
 * the key with at least two votes and four in five of its votes.  Other
 * keys that sign at release time too (a second signing service in the
 * same pipeline) are further away and do not win the votes.
 */
static const char sql_cooccur[] =
"WITH p AS (SELECT t.id AS tid, t.key_ref AS pk, s.key_ref AS sk,"
"  abs(t.ts_us - s.ts_us) AS d FROM events t JOIN events s"
"  ON s.action = 'sign' AND s.outcome = 'success'"
"  AND s.key_ref IS NOT NULL AND s.key_ref != t.key_ref"
"  AND s.ts_us BETWEEN t.ts_us - ?1 - 60000000 AND t.ts_us + ?1"
"  WHERE t.action = 'tlog.entry' AND t.key_ref IS NOT NULL),"
" best AS (SELECT tid, pk, sk, min(d) FROM p GROUP BY tid)"
" SELECT pk, sk, count(*) AS n FROM best"
" GROUP BY pk, sk ORDER BY pk, n DESC, sk";

static int
infer_key_pairs(struct corr *c, struct uf *u)
{
	sqlite3_stmt *stmt = NULL;
	char *cur = NULL, *best = NULL;
	int64_t best_n = 0, total = 0, n;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(c->db, sql_cooccur, -1, &stmt, NULL) !=
	    SQLITE_OK)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	sqlite3_bind_int64(stmt, 1, c->skew_us);
	for (;;) {
		const char *t, *s;

		rc = sqlite3_step(stmt);
		t = rc == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(stmt, 0) : NULL;
		if (cur && (t == NULL || strcmp(t, cur) != 0)) {
			if (best_n >= 2 && best_n * 5 >= total * 4 &&
			    uf_root(u, uf_find_name(u, cur)) !=
			    uf_root(u, uf_find_name(u, best))) {
				uf_join(u, cur, best);
				corr_note(c, "key: %s is the public key of %s "
				    "(%lld signing records with a "
				    "transparency-log entry seconds later)",
				    cur, best, (long long)best_n);
			}
			free(cur);
			free(best);
			cur = best = NULL;
			best_n = total = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		s = (const char *)sqlite3_column_text(stmt, 1);
		n = sqlite3_column_int64(stmt, 2);
		if (cur == NULL) {
			cur = xstrdup(t);
			best = xstrdup(s);
			best_n = n;
		}
		total += n;
	}
	if (rc == SQLITE_DONE)
		ret = 0;
	else
		error("correlate: %s", sqlite3_errmsg(c->db));
	free(cur);
	free(best);
	sqlite3_finalize(stmt);
	return ret;
}

static int
write_key_ident(struct corr *c, struct uf *u)
{
	sqlite3_stmt *ins = NULL;
	size_t i;
	int ret = 0;

	if (corr_temp_table(c, "DROP TABLE IF EXISTS temp.key_ident;"
	    "CREATE TEMP TABLE key_ident (ref TEXT PRIMARY KEY,"
	    " ident TEXT NOT NULL)", "INSERT OR IGNORE INTO key_ident"
	    " VALUES (?1, ?2)", &ins) < 0) {
		sqlite3_finalize(ins);
		return -1;
	}
	for (i = 0; i < u->n && ret == 0; i++) {
		sqlite3_bind_text(ins, 1, u->name[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, u->name[uf_root(u, i)], -1,
		    SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			ret = error("correlate: %s", sqlite3_errmsg(c->db));
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	if (ret == 0 && (corr_exec(c, "CREATE INDEX temp.key_ident_ident ON"
	    " key_ident(ident)", 0) < 0 || corr_exec(c, "INSERT INTO"
	    " main.key_identities SELECT ref, ident FROM temp.key_ident"
	    " ORDER BY ref", 0) < 0))
		ret = -1;
	return ret;
}

/*
 * The keys in scope: every spelling of every key the policy names (an
 * alias names each key it ever pointed at).  Empty table: all keys.
 */
static int
write_scope(struct corr *c)
{
	sqlite3_stmt *ins = NULL;
	size_t i, j;
	int ret = 0;

	if (corr_exec(c, "DROP TABLE IF EXISTS temp.policy_refs", 0) < 0 ||
	    corr_exec(c, "DROP TABLE IF EXISTS temp.scope_keys", 0) < 0 ||
	    corr_exec(c, "CREATE TEMP TABLE policy_refs (ref TEXT)", 0) < 0 ||
	    sqlite3_prepare_v2(c->db, "INSERT INTO policy_refs VALUES (?1)",
	    -1, &ins, NULL) != SQLITE_OK)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	for (i = 0; i < c->pol->nkeys && ret == 0; i++) {
		char **lists[2] = { c->pol->keys[i].refs,
		    c->pol->keys[i].public_keys };
		int l;

		for (l = 0; l < 2; l++) {
			for (j = 0; lists[l] && lists[l][j]; j++) {
				sqlite3_bind_text(ins, 1, lists[l][j], -1,
				    SQLITE_STATIC);
				if (sqlite3_step(ins) != SQLITE_DONE)
					ret = error("correlate: %s",
					    sqlite3_errmsg(c->db));
				sqlite3_reset(ins);
			}
		}
	}
	sqlite3_finalize(ins);
	if (ret < 0)
		return -1;
	if (corr_exec(c, "CREATE TEMP TABLE scope_keys AS SELECT k.ref FROM"
	    " key_ident k WHERE k.ident IN (SELECT i.ident FROM key_ident i"
	    " WHERE i.ref IN (SELECT ref FROM policy_refs) OR i.ref IN"
	    " (SELECT kk.canonical FROM keys kk JOIN key_refs r ON r.key_id ="
	    " kk.id WHERE r.value IN (SELECT ref FROM policy_refs)))", 0) < 0)
		return -1;
	if (c->pol->nkeys > 0)
		corr_note(c, "scope: only the keys the policy names");
	return 0;
}

int
policy_infer_keys(struct corr *c)
{
	struct uf u;
	size_t i, j;
	int ret = -1;

	memset(&u, 0, sizeof(u));
	if (register_functions(c) < 0)
		return -1;
	/*
	 * every key the events name, and its known spellings; the names one
	 * seek each in the key index, where DISTINCT would read all of it
	 * (an entry per signature)
	 */
	if (join_rows(c, &u, "WITH RECURSIVE k(ref) AS (SELECT (SELECT"
	    " min(key_ref) FROM events) UNION ALL SELECT (SELECT min(key_ref)"
	    " FROM events WHERE key_ref > k.ref) FROM k WHERE k.ref IS NOT"
	    " NULL) SELECT ref, NULL FROM k WHERE ref IS NOT NULL ORDER BY 1")
	    < 0 ||
	    join_rows(c, &u, "SELECT r.value, k.canonical FROM key_refs r"
	    " JOIN keys k ON k.id = r.key_id WHERE r.kind != 'alias'"
	    " ORDER BY 1, 2") < 0)
		goto out;
	for (i = 0; i < c->pol->nkeys; i++) {
		const struct policy_key *k = &c->pol->keys[i];
		const char *first = k->refs ? k->refs[0] :
		    k->public_keys[0];

		for (j = 0; k->refs && k->refs[j]; j++)
			uf_join(&u, first, k->refs[j]);
		for (j = 0; k->public_keys && k->public_keys[j]; j++)
			uf_join(&u, first, k->public_keys[j]);
	}
	if (infer_key_pairs(c, &u) < 0 || write_key_ident(c, &u) < 0 ||
	    write_scope(c) < 0)
		goto out;
	ret = 0;
out:
	uf_free(&u);
	return ret;
}

/* ---- pipelines, runners and signers ---- */

static char **
strv_push(char **v, const char *s)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	v = xreallocarray(v, n + 2, sizeof(*v));
	v[n] = xstrdup(s);
	v[n + 1] = NULL;
	return v;
}

/*
 * The distinct (CI run, credential issuance) pairs behind the strong
 * links (corr_strong_actors): a few per run, where the links are one per
 * signature.  What
 * they name is read from the narrow temp.ci_runs (corr.c) and
 * temp.cred_issue (link_credential.c), not from the wide events rows.
 */
#define STRONG_RUNS "(SELECT DISTINCT run, cred FROM temp.strong_actors)"

/*
 * Pipelines: the (repository, workflow) pairs whose runs the strong
 * links reach, with the refs most of their signing runs used: tags when
 * at least two in three signing runs were on tags.  Counted per distinct
 * run (or, for a credential link without a run, per issuance), not per
 * signature, so that a branch run that signs often cannot outvote the
 * release runs.
 */
static const char sql_pipes[] =
"SELECT repo, wf, sum(ref GLOB 'refs/tags/*') AS tags, count(*) AS n"
" FROM (SELECT DISTINCT coalesce(r.id, a.id) AS run,"
"  coalesce(r.repo, a.repo) AS repo,"
"  r.wf AS wf,"
"  coalesce(r.ref, a.ref) AS ref"
"  FROM " STRONG_RUNS " x LEFT JOIN ci_runs r ON r.id = x.run"
"  LEFT JOIN cred_issue a ON a.id = x.cred"
"  WHERE coalesce(r.repo, a.repo) IS NOT NULL)"
" GROUP BY 1, 2 ORDER BY repo, wf IS NULL, wf";

static int
infer_pipelines(struct corr *c)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(c->db, sql_pipes, -1, &stmt, NULL) !=
	    SQLITE_OK)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *repo = (const char *)sqlite3_column_text(stmt, 0);
		const char *wf = (const char *)sqlite3_column_text(stmt, 1);
		int64_t tags = sqlite3_column_int64(stmt, 2);
		int64_t n = sqlite3_column_int64(stmt, 3);
		struct policy_pipeline *pl;

		/* runs of this repository already named its workflow */
		if (wf == NULL && c->pol->npipelines > 0 && strcmp(
		    c->pol->pipelines[c->pol->npipelines - 1].repo, repo) == 0)
			continue;
		c->pol->pipelines = xreallocarray(c->pol->pipelines,
		    c->pol->npipelines + 1, sizeof(*c->pol->pipelines));
		pl = &c->pol->pipelines[c->pol->npipelines++];
		memset(pl, 0, sizeof(*pl));
		pl->repo = xstrdup(repo);
		pl->workflow = wf ? xstrdup(wf) : NULL;
		if (tags * 3 >= n * 2)
			pl->refs = strv_push(NULL, "refs/tags/*");
		corr_note(c, "pipeline: %s%s%s on %s (from %lld runs "
		    "with strong CI links)", repo, wf ? " " : "",
		    wf ? wf : "", pl->refs ? "refs/tags/*" : "any ref",
		    (long long)n);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	return 0;
}

/* Runners of the jobs of the pipelines' release runs. */
static const char sql_runners[] =
"SELECT DISTINCT j.runner FROM " STRONG_RUNS " x"
" JOIN ci_runs r ON r.id = x.run"
" JOIN ci_jobs j ON j.run_ref = r.run_ref"
"  AND (j.repo IS NULL OR j.repo = r.repo)"
" WHERE j.runner IS NOT NULL"
"  AND pol_ref(r.repo, r.wf, r.ref)"
" ORDER BY 1";

static int
infer_runners(struct corr *c)
{
	sqlite3_stmt *stmt = NULL;
	char **names = NULL;
	size_t i, n = 0, hosted = 0;
	int rc;

	if (sqlite3_prepare_v2(c->db, sql_runners, -1, &stmt, NULL) !=
	    SQLITE_OK)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(stmt, 0);

		names = strv_push(names, r);
		n++;
		if (fnmatch("GitHub Actions *", r, 0) == 0)
			hosted++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return error("correlate: %s", sqlite3_errmsg(c->db));
	}
	if (n == 0)
		return 0;
	/* GitHub-hosted runners change names every run: use the pattern */
	if (hosted == n) {
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
		names = strv_push(NULL, "GitHub Actions *");
	}
	for (i = 0; i < c->pol->npipelines; i++) {
		struct policy_pipeline *pl = &c->pol->pipelines[i];
		size_t k;

		if (pl->runners)
			continue;
		for (k = 0; names[k]; k++)
			pl->runners = strv_push(pl->runners, names[k]);
	}
	for (i = 0; names[i]; i++) {
		corr_note(c, "runner: %s (ran the release runs' jobs)",
		    names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* Signers: who signed inside release runs with strong links. */
static const char sql_signers[] =
"SELECT DISTINCT x.actor FROM temp.strong_actors x"
" LEFT JOIN ci_runs r ON r.id = x.run"
" LEFT JOIN cred_issue a ON a.id = x.cred"
" WHERE x.actor IS NOT NULL"
"  AND pol_ref(coalesce(r.repo, a.repo), r.wf, coalesce(r.ref, a.ref))"
" ORDER BY 1";

static int
infer_signers(struct corr *c)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (corr_strong_actors(c) < 0)
		return -1;
	if (sqlite3_prepare_v2(c->db, sql_signers, -1, &stmt, NULL) !=
	    SQLITE_OK)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(stmt, 0);
		struct policy_signer *s;

		c->pol->signers = xreallocarray(c->pol->signers,
		    c->pol->nsigners + 1, sizeof(*c->pol->signers));
		s = &c->pol->signers[c->pol->nsigners++];
		memset(s, 0, sizeof(*s));
		s->exact = xstrdup(a);
		corr_note(c, "signer: %s (signs inside release runs)", a);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	return 0;
}

int
policy_infer_pipelines(struct corr *c)
{
	size_t i;
	int had_pipelines = c->pol->npipelines > 0;

	if (corr_strong_actors(c) < 0 ||
	    (!had_pipelines && infer_pipelines(c) < 0))
		return -1;
	corr_lap(c, "infer pipelines");
	for (i = 0; i < c->pol->npipelines; i++)
		if (c->pol->pipelines[i].runners)
			break;
	if (i == c->pol->npipelines && infer_runners(c) < 0)
		return -1;
	corr_lap(c, "infer runners");
	if (c->pol->nsigners == 0 && infer_signers(c) < 0)
		return -1;
	corr_lap(c, "infer signers");
	if (c->pol->signing_paths == NULL) {
		c->pol->signing_paths = strv_push(NULL, ".github/workflows/*");
		c->pol->signing_paths = strv_push(c->pol->signing_paths,
		    "*sign*");
		corr_note(c, "signing paths: .github/workflows/* and *sign*");
	}
	if (c->pol->networks == NULL)
		corr_note(c, "networks: not inferred (name them in a policy "
		    "to check source addresses)");
	return 0;
}
