/* SPDX-License-Identifier: MIT */
/*
 * store.c - the SQLite case file (store.h).  The schema lives here as an
 * ordered list of migrations; store_migrate() applies those the file has
 * not seen, each in its own transaction, and tests use the same path on
 * ":memory:".  All SQL text is static; every value is bound.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "event.h"
#include "sigtrail.h"
#include "store.h"
#include "timeutil.h"
#include "xalloc.h"

/*
 * Migration 1: the whole first schema (DESIGN.md section 4).
 *
 * events.dedup is the identity of an event across evidence items:
 * "<source>:<native_id>" when the source has an id, else
 * "raw:<sha256 of the record>", so overlapping exports never duplicate.
 */
static const char schema_v1[] =
"CREATE TABLE runs ("
"  id INTEGER PRIMARY KEY,"
"  command TEXT NOT NULL,"
"  command_line TEXT NOT NULL,"
"  tool_version TEXT NOT NULL,"
"  started_at TEXT NOT NULL"
");"
"CREATE TABLE evidence ("
"  id INTEGER PRIMARY KEY,"
"  run_id INTEGER REFERENCES runs(id),"
"  parent_id INTEGER REFERENCES evidence(id),"
"  path TEXT NOT NULL,"
"  abs_path TEXT,"
"  member TEXT,"
"  kind TEXT NOT NULL,"
"  sha256 TEXT NOT NULL,"
"  size INTEGER NOT NULL,"
"  content_sha256 TEXT,"
"  content_size INTEGER,"
"  compression TEXT,"
"  parser TEXT,"
"  scope TEXT,"
"  mtime TEXT,"
"  ingested_at TEXT NOT NULL,"
"  tool_version TEXT NOT NULL,"
"  command_line TEXT NOT NULL,"
"  records_read INTEGER NOT NULL DEFAULT 0,"
"  records_stored INTEGER NOT NULL DEFAULT 0,"
"  records_duplicate INTEGER NOT NULL DEFAULT 0,"
"  records_out_of_scope INTEGER NOT NULL DEFAULT 0,"
"  records_nonevent INTEGER NOT NULL DEFAULT 0,"
"  records_quarantined INTEGER NOT NULL DEFAULT 0,"
"  events_stored INTEGER NOT NULL DEFAULT 0,"
"  warnings INTEGER NOT NULL DEFAULT 0,"
"  status TEXT NOT NULL,"
"  detail TEXT"
");"
"CREATE INDEX evidence_sha256 ON evidence(sha256);"
"CREATE TABLE evidence_seen ("
"  id INTEGER PRIMARY KEY,"
"  evidence_id INTEGER NOT NULL REFERENCES evidence(id),"
"  run_id INTEGER REFERENCES runs(id),"
"  path TEXT NOT NULL,"
"  member TEXT,"
"  seen_at TEXT NOT NULL"
");"
"CREATE TABLE events ("
"  id INTEGER PRIMARY KEY,"
"  ts_us INTEGER,"
"  ts TEXT,"
"  end_us INTEGER,"
"  end_ts TEXT,"
"  ts_raw TEXT,"
"  ts_flags TEXT,"
"  source TEXT NOT NULL,"
"  action TEXT NOT NULL,"
"  operation TEXT,"
"  outcome TEXT NOT NULL,"
"  error_code TEXT,"
"  error_message TEXT,"
"  actor TEXT,"
"  session TEXT,"
"  key_ref TEXT,"
"  key_ref_src TEXT,"
"  key_raw TEXT,"
"  digest TEXT,"
"  artifact TEXT,"
"  version TEXT,"
"  repo TEXT,"
"  ref TEXT,"
"  commit_sha TEXT,"
"  run_ref TEXT,"
"  job_ref TEXT,"
"  runner TEXT,"
"  src_ip TEXT,"
"  user_agent TEXT,"
"  native_id TEXT,"
"  dedup TEXT NOT NULL UNIQUE,"
"  evidence_id INTEGER NOT NULL REFERENCES evidence(id),"
"  locator TEXT,"
"  line INTEGER,"
"  offset INTEGER,"
"  attrs TEXT,"
"  raw BLOB"
");"
"CREATE INDEX events_ts ON events(ts_us);"
"CREATE INDEX events_action_ts ON events(action, ts_us);"
"CREATE INDEX events_key ON events(key_ref, ts_us);"
"CREATE INDEX events_session ON events(session);"
"CREATE INDEX events_digest ON events(digest);"
"CREATE INDEX events_evidence ON events(evidence_id);"
"CREATE TABLE warnings ("
"  id INTEGER PRIMARY KEY,"
"  run_id INTEGER REFERENCES runs(id),"
"  evidence_id INTEGER REFERENCES evidence(id),"
"  kind TEXT NOT NULL,"
"  locator TEXT,"
"  message TEXT NOT NULL"
");"
"CREATE TABLE quarantine ("
"  id INTEGER PRIMARY KEY,"
"  evidence_id INTEGER NOT NULL REFERENCES evidence(id),"
"  locator TEXT NOT NULL,"
"  line INTEGER,"
"  offset INTEGER,"
"  reason TEXT NOT NULL,"
"  raw BLOB,"
"  UNIQUE (evidence_id, offset)"
");"
"CREATE TABLE keys ("
"  id INTEGER PRIMARY KEY,"
"  canonical TEXT NOT NULL UNIQUE,"
"  label TEXT,"
"  kind TEXT,"
"  first_seen TEXT,"
"  last_seen TEXT,"
"  events INTEGER NOT NULL DEFAULT 0"
");"
"CREATE TABLE key_refs ("
"  id INTEGER PRIMARY KEY,"
"  key_id INTEGER NOT NULL REFERENCES keys(id),"
"  kind TEXT NOT NULL,"
"  value TEXT NOT NULL,"
"  valid_from_us INTEGER,"
"  valid_to_us INTEGER,"
"  valid_from TEXT,"
"  valid_to TEXT,"
"  origin TEXT NOT NULL,"
"  event_id INTEGER REFERENCES events(id)"
");"
"CREATE INDEX key_refs_value ON key_refs(value);";

/*
 * Migration 2: what correlate derives.  Rebuilt from scratch by every
 * correlate run, so nothing here is evidence: links from a signing event
 * to the events that explain it, one verdict per signing event, findings
 * (correlate's and the rules'), and the record of each correlation.
 */
static const char schema_v2[] =
"CREATE TABLE correlations ("
"  id INTEGER PRIMARY KEY,"
"  run_id INTEGER REFERENCES runs(id),"
"  policy TEXT NOT NULL,"
"  inferred TEXT NOT NULL,"
"  skew_s INTEGER NOT NULL"
");"
"CREATE TABLE links ("
"  id INTEGER PRIMARY KEY,"
"  sign_id INTEGER NOT NULL REFERENCES events(id),"
"  kind TEXT NOT NULL,"
"  strength TEXT NOT NULL,"
"  target_id INTEGER NOT NULL REFERENCES events(id),"
"  ci_run_id INTEGER REFERENCES events(id),"
"  publish_id INTEGER REFERENCES events(id),"
"  detail TEXT"
");"
"CREATE INDEX links_sign ON links(sign_id);"
STORE_LINKS_TARGET_INDEX ";"
"CREATE INDEX links_publish ON links(publish_id) WHERE publish_id IS NOT NULL;"
"CREATE TABLE verdicts ("
"  sign_id INTEGER PRIMARY KEY REFERENCES events(id),"
"  key_ref TEXT,"
"  verdict TEXT NOT NULL,"
"  reasons TEXT NOT NULL,"
"  ci_run_id INTEGER REFERENCES events(id),"
"  publish_id INTEGER REFERENCES events(id),"
"  tlog_id INTEGER REFERENCES events(id),"
"  timestamp_id INTEGER REFERENCES events(id),"
"  digest TEXT,"
"  strength TEXT"
");"
STORE_VERDICTS_RUN_INDEX ";"
"CREATE TABLE findings ("
"  id INTEGER PRIMARY KEY,"
"  kind TEXT NOT NULL,"
"  severity TEXT NOT NULL,"
"  ts_us INTEGER,"
"  ts TEXT,"
"  key_ref TEXT,"
"  actor TEXT,"
"  summary TEXT NOT NULL,"
"  event_ids TEXT NOT NULL,"
"  origin TEXT NOT NULL"
");"
"CREATE INDEX findings_ts ON findings(ts_us);"
"CREATE INDEX events_run ON events(run_ref);"
"CREATE INDEX key_refs_key ON key_refs(key_id, kind);"
"CREATE INDEX events_native ON events(native_id);";

/*
 * Migration 3: the key identities the last correlate used (every spelling
 * of a key, the public key paired with a KMS key, the policy's keys), so
 * that the read commands can name a key by all of them.
 */
static const char schema_v3[] =
"CREATE TABLE key_identities ("
"  ref TEXT PRIMARY KEY,"
"  ident TEXT NOT NULL"
");"
"CREATE INDEX key_identities_ident ON key_identities(ident);";

/*
 * Migration 4: the columns correlate reads of the signing records and of
 * the CI jobs, in partial indexes of those events alone, so that it
 * reads them without the wide rows (each keeps its raw record and
 * attributes).
 */
static const char schema_v4[] =
"CREATE INDEX events_signs ON events(action, outcome, id, ts_us, ts,"
" key_ref, actor, session, digest, run_ref, repo, src_ip)"
" WHERE action = 'sign';"
"CREATE INDEX events_jobs ON events(action, id, ts_us, end_us, run_ref,"
" repo, runner, job_ref) WHERE action = 'ci.job';";

/*
 * Migration 5: the same for the session issuances, which correlate reads
 * to find the sessions issued to pipelines and, by session, to tell who
 * was given one: a CloudTrail record a few kilobytes long per issuance,
 * read from a page cache that the ingest of a large trail has left cold,
 * cost it seconds.
 */
static const char schema_v5[] =
"CREATE INDEX events_assumes ON events(action, outcome, session, id, ts_us,"
" repo, ref, operation, actor, source) WHERE action = 'session.assume';";

/*
 * Migration 6: a CI run's workflow file (attrs.workflow_path) in a column
 * of its own, and the columns correlate reads of the runs in a partial
 * index of them.  It read the workflow out of each run's attributes,
 * from rows a dozen kilobytes wide (the run's raw record): 100,000 runs
 * cost it 9 s with a cold page cache, 0.5 s warm.  A column added this
 * way comes after raw, so it is read from the index, not the row.
 */
static const char schema_v6[] =
"ALTER TABLE events ADD COLUMN workflow TEXT;"
"UPDATE events SET workflow = json_extract(attrs, '$.workflow_path')"
" WHERE action = 'ci.run' AND json_type(attrs, '$.workflow_path') = 'text';"
"CREATE INDEX events_runs ON events(action, id, run_ref, repo, ref,"
" workflow, ts_us, end_us, actor) WHERE action = 'ci.run';";

/*
 * Migration 7: what the derivations after every ingest need, in indexes,
 * so that they do not read every event of the case (31 s of an ingest
 * into a 12 GB case, whatever the ingest added):
 *   - events_key also holds the key as the record spelt it and where the
 *     canonical one came from: the spellings of each key are read from
 *     it alone;
 *   - the events whose key was found through an alias's history, and
 *     those with a key spelling but no key yet (partial indexes, small).
 * IF [NOT] EXISTS: applying it twice changes nothing.
 */
static const char schema_v7[] =
"DROP INDEX IF EXISTS events_key;"
"CREATE INDEX events_key ON events(key_ref, ts_us, key_raw, key_ref_src);"
"CREATE INDEX IF NOT EXISTS events_alias_src ON events(key_ref_src)"
" WHERE key_ref_src = 'alias-history';"
"CREATE INDEX IF NOT EXISTS events_keyless ON events(key_raw)"
" WHERE key_ref IS NULL AND key_raw IS NOT NULL;";

static const char *const migrations[] = {
	schema_v1,
	schema_v2,
	schema_v3,
	schema_v4,
	schema_v5,
	schema_v6,
	schema_v7,
};

/*
 * Statements kept for the life of the connection, by their text: those an
 * ingest runs for every evidence item (its evidence rows, its savepoints)
 * and those of the derivations after every ingest are prepared once, not
 * each time.  A string of several statements keeps one per statement, each
 * prepared when the one before it has run (it may create what the next one
 * names), as sqlite3_exec() would.  Only the store's own SQL text comes
 * here (store_exec, prep); at most STMT_KEEP strings are kept, the others
 * are prepared each time and finalized after use.  (A PRAGMA acts when it
 * is prepared, and SQLite prepares one again each time it runs, so a kept
 * one still acts every time: test_store checks.)
 */
#define STMT_KEEP 64

struct kept {
	char		 *sql;	/* owned copy: the key */
	sqlite3_stmt	**v;	/* its statements prepared so far */
	size_t		  n, alloc;
	size_t		  next;	/* offset of the first not yet prepared */
	int		  whole;	/* every statement of sql is in v */
};

struct store {
	sqlite3		*db;
	enum store_mode	 mode;
	sqlite3_stmt	*ins_event;
	sqlite3_stmt	*get_owner;
	sqlite3_stmt	*ins_quar;
	sqlite3_stmt	*ins_warn;
	/* bulk load (store_ingest_mode): items are savepoints of a batch */
	int		 bulk;
	int		 batch_open;	/* BEGIN IMMEDIATE done, not committed */
	int		 item_open;	/* SAVEPOINT item done, not released */
	int64_t		 batch_changes;	/* total_changes at the batch start */
	struct kept	 kept[STMT_KEEP];
	size_t		 nkept;
};

/*
 * Rows a bulk-load batch takes before it is committed: enough that the
 * index pages an item touches are journaled once for many items, few
 * enough that an interrupted ingest redoes little.
 */
#define STORE_BATCH_ROWS 20000

/*
 * Only a second event with the same identity is ignored: with OR IGNORE a
 * NOT NULL violation would be dropped silently as well (and reported as
 * an existing event that cannot be found).
 */
static const char sql_ins_event[] =
"INSERT INTO events (ts_us, ts, end_us, end_ts, ts_raw, ts_flags,"
" source, action, operation, outcome, error_code, error_message, actor,"
" session, key_ref, key_ref_src, key_raw, digest, artifact, version, repo,"
" ref, commit_sha, run_ref, job_ref, runner, src_ip, user_agent, native_id,"
" dedup, evidence_id, locator, line, offset, attrs, raw, workflow) VALUES"
" (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
" ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30,"
" ?31, ?32, ?33, ?34, ?35, ?36, ?37) ON CONFLICT (dedup) DO NOTHING";
static const char sql_get_owner[] =
"SELECT evidence_id FROM events WHERE dedup = ?1";
static const char sql_ins_quar[] =
"INSERT INTO quarantine (evidence_id, locator, line, offset, reason, raw)"
" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (evidence_id, offset)"
" DO NOTHING";
static const char sql_ins_warn[] =
"INSERT INTO warnings (run_id, evidence_id, kind, locator, message)"
" VALUES (?1, ?2, ?3, ?4, ?5)";

static int
exec(sqlite3 *db, const char *sql, struct diag *d)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		diag_set(d, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static struct kept *
kept_find(struct store *st, const char *sql)
{
	size_t i;

	for (i = 0; i < st->nkept; i++)
		if (strcmp(st->kept[i].sql, sql) == 0)
			return &st->kept[i];
	if (st->nkept == STMT_KEEP)
		return NULL;
	st->kept[st->nkept].sql = xstrdup(sql);
	return &st->kept[st->nkept++];
}

static void
kept_free(struct store *st)
{
	size_t i, j;

	for (i = 0; i < st->nkept; i++) {
		for (j = 0; j < st->kept[i].n; j++)
			sqlite3_finalize(st->kept[i].v[j]);
		free(st->kept[i].v);
		free(st->kept[i].sql);
	}
	st->nkept = 0;
}

/*
 * Prepares the statement of k after those it has, if any is left: returns
 * 1 (k->v[k->n - 1] is it), 0 when none is left, -1 (d set) on error.
 */
static int
kept_prepare_next(struct store *st, struct kept *k, struct diag *d)
{
	sqlite3_stmt *s = NULL;
	const char *tail = NULL;

	if (k->whole)
		return 0;
	if (sqlite3_prepare_v3(st->db, k->sql + k->next, -1,
	    SQLITE_PREPARE_PERSISTENT, &s, &tail) != SQLITE_OK) {
		diag_set(d, "%s", sqlite3_errmsg(st->db));
		return -1;
	}
	k->next = (size_t)(tail - k->sql);
	if (*tail == '\0')
		k->whole = 1;
	if (s == NULL) {	/* only spaces or comments were left */
		k->whole = 1;
		return 0;
	}
	if (k->n == k->alloc) {
		k->alloc = k->alloc ? 2 * k->alloc : 1;
		k->v = xreallocarray(k->v, k->alloc, sizeof(*k->v));
	}
	k->v[k->n++] = s;
	return 1;
}

/* Runs every statement of k in turn, rows discarded; 0 or -1 (d set). */
static int
kept_exec(struct store *st, struct kept *k, struct diag *d)
{
	size_t i;
	int rc;

	for (i = 0;; i++) {
		if (i == k->n) {
			rc = kept_prepare_next(st, k, d);
			if (rc <= 0)
				return rc;
		}
		while ((rc = sqlite3_step(k->v[i])) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			diag_set(d, "%s", sqlite3_errmsg(st->db));
			sqlite3_reset(k->v[i]);
			return -1;
		}
		sqlite3_reset(k->v[i]);
	}
}

/* Reads PRAGMA user_version into *version; returns 0 or -1 (d set). */
static int
read_version(sqlite3 *db, int *version, struct diag *d)
{
	sqlite3_stmt *stmt = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt,
	    NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
		*version = sqlite3_column_int(stmt, 0);
		ret = 0;
	} else {
		diag_set(d, "cannot read schema version: %s",
		    sqlite3_errmsg(db));
	}
	sqlite3_finalize(stmt);
	return ret;
}

/* Whether the file holds any schema object (tables of another program). */
static int
has_objects(sqlite3 *db, struct diag *d)
{
	sqlite3_stmt *stmt = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1,
	    &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		ret = sqlite3_column_int(stmt, 0) > 0;
	else
		diag_set(d, "cannot read the schema: %s", sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	return ret;
}

/* exec() for store_migrate(): a failure says what was being written. */
static int
migrate_exec(sqlite3 *db, const char *sql, int version, struct diag *d)
{
	struct diag e;

	if (exec(db, sql, &e) == 0)
		return 0;
	return diag_set(d, "cannot write the case schema (version %d): %s",
	    version + 1, e.msg);
}

/*
 * Applies the pending migrations, each in its own transaction.  The
 * version is read again once the write lock is held, so that two
 * processes opening a new case at once never apply a migration twice.
 * A file at version 0 must be empty: sigtrail never writes its tables
 * into another program's database (which may well be evidence).
 */
int
store_migrate(sqlite3 *db, struct diag *d)
{
	int n = (int)(sizeof(migrations) / sizeof(migrations[0]));
	int version, objects;
	struct diag e;
	char sql[64];

	if (read_version(db, &version, d) < 0)
		return -1;
	/*
	 * A new case gets 16 KiB pages (SQLite's default is 4 KiB): a
	 * case is read in long runs of rows, and each page read is a system
	 * call.  No effect on a file that already has pages.
	 */
	if (version == 0) {
		snprintf(sql, sizeof(sql), "PRAGMA page_size = %d",
		    STORE_PAGE_SIZE);
		if (exec(db, sql, &e) < 0)
			return diag_set(d, "cannot set the page size of the "
			    "case: %s", e.msg);
	}
	while (version < n) {
		if (migrate_exec(db, "BEGIN IMMEDIATE", version, d) < 0)
			return -1;
		if (read_version(db, &version, d) < 0)
			goto fail;
		if (version >= n) {
			exec(db, "ROLLBACK", NULL);
			break;
		}
		if (version == 0) {
			objects = has_objects(db, d);
			if (objects < 0)
				goto fail;
			if (objects) {
				diag_set(d, "not a sigtrail case file: it holds "
				    "tables of another program (user_version 0)");
				goto fail;
			}
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    version + 1);
		if (migrate_exec(db, migrations[version], version, d) < 0 ||
		    migrate_exec(db, sql, version, d) < 0)
			goto fail;
		if (migrate_exec(db, "COMMIT", version, d) < 0)
			goto fail;
		version++;
	}
	if (version > n)
		return diag_set(d, "case file has schema version %d, newer "
		    "than this sigtrail understands (%d): use a newer sigtrail",
		    version, n);
	return 0;
fail:
	if (!sqlite3_get_autocommit(db))
		exec(db, "ROLLBACK", NULL);
	return -1;
}

/*
 * Checks the schema version of a read-only connection.  Returns 0, -1
 * (d set), or -2 when the file has a hot journal: a writer was killed in
 * a transaction, and a read-only connection may not roll it back.
 */
static int
check_version_ro(sqlite3 *db, struct diag *d)
{
	sqlite3_stmt *stmt = NULL;
	int version = -1, rc = SQLITE_ERROR;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt,
	    NULL) == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_READONLY_ROLLBACK) {
		diag_set(d, "not a readable SQLite file: %s",
		    sqlite3_errstr(rc));
		return -2;
	}
	if (version < 0)
		return diag_set(d, "not a readable SQLite file: %s",
		    sqlite3_errmsg(db));
	if (version == 0 && has_objects(db, d) == 0)
		return diag_set(d, "not a sigtrail case file yet (no schema: "
		    "empty, or its first ingest was interrupted): run "
		    "'sigtrail ingest'");
	if (version == 0)
		return diag_set(d, "not a sigtrail case file (no schema)");
	if (version > STORE_SCHEMA_VERSION)
		return diag_set(d, "case file has schema version %d, newer "
		    "than this sigtrail understands (%d): use a newer sigtrail",
		    version, STORE_SCHEMA_VERSION);
	if (version != STORE_SCHEMA_VERSION)
		return diag_set(d, "case file has schema version %d; this "
		    "sigtrail reads version %d (run 'sigtrail ingest' once to "
		    "upgrade it)", version, STORE_SCHEMA_VERSION);
	return 0;
}

/*
 * SIGTRAIL_PROFILE=MS prints every statement that ran MS milliseconds or
 * longer, with its time, to stderr: a developer's view of where a
 * command spends its time (bench/README.md).
 */
static int
profile_cb(unsigned type, void *arg, void *p, void *x)
{
	int64_t ns = *(const int64_t *)x, min_ms = (int64_t)(intptr_t)arg;
	char *sql;

	if (type != SQLITE_TRACE_PROFILE || ns / 1000000 < min_ms)
		return 0;
	sql = sqlite3_expanded_sql(p);
	fprintf(stderr, "sigtrail: profile: %8.3f s  %.160s\n", ns / 1e9,
	    sql ? sql : sqlite3_sql(p));
	sqlite3_free(sql);
	return 0;
}

static void
profile_setup(sqlite3 *db)
{
	const char *v = getenv("SIGTRAIL_PROFILE");
	long ms;

	if (v == NULL || *v == '\0')
		return;
	ms = strtol(v, NULL, 10);
	sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, profile_cb,
	    (void *)(intptr_t)(ms > 0 ? ms : 0));
}

static int
prepare(struct store *st, const char *sql, sqlite3_stmt **stmt,
    struct diag *d)
{
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    stmt, NULL) != SQLITE_OK)
		return diag_set(d, "cannot prepare statement: %s",
		    sqlite3_errmsg(st->db));
	return 0;
}

/*
 * A writer killed in a transaction leaves a hot journal, which the next
 * connection must roll back before it reads, and a read-only connection
 * may not (SQLITE_READONLY_ROLLBACK: every read fails).  Rolling back
 * only restores the last committed state, as any writer opening the case
 * would, so a read command does it through a short read-write connection.
 * Returns 0, or -1 (d set) when the file or its directory is not writable.
 */
static int
rollback_hot_journal(const char *path, struct diag *d)
{
	sqlite3 *db = NULL;
	int rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master",
		    NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK)
		diag_set(d, "case '%s' holds a transaction a killed writer "
		    "left unfinished, and rolling it back needs write access "
		    "(%s): run 'sigtrail ingest' on a writable copy", path,
		    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

int
store_open(const char *path, enum store_mode mode, struct store **out,
    struct diag *d)
{
	struct store *st = xcalloc(1, sizeof(*st));
	int flags, rc;

	*out = NULL;
	st->mode = mode;
	flags = mode == STORE_RW ?
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
	rc = sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		diag_set(d, "cannot open case '%s': %s", path,
		    st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	profile_setup(st->db);
	if (mode == STORE_RO) {
		rc = check_version_ro(st->db, d);
		if (rc == -2) {
			/* roll the hot journal back, then open again */
			sqlite3_close(st->db);
			st->db = NULL;
			if (rollback_hot_journal(path, d) < 0)
				goto fail;
			rc = sqlite3_open_v2(path, &st->db, flags |
			    SQLITE_OPEN_NOMUTEX, NULL);
			if (rc != SQLITE_OK) {
				diag_set(d, "cannot open case '%s': %s", path,
				    st->db ? sqlite3_errmsg(st->db) :
				    sqlite3_errstr(rc));
				goto fail;
			}
			sqlite3_extended_result_codes(st->db, 1);
			sqlite3_busy_timeout(st->db, 5000);
			sqlite3_db_config(st->db,
			    SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
			rc = check_version_ro(st->db, d);
		}
		if (rc < 0)
			goto fail;
		*out = st;
		return 0;
	}
	if (exec(st->db, "PRAGMA foreign_keys = ON", d) < 0 ||
	    store_migrate(st->db, d) < 0)
		goto fail;
	if (prepare(st, sql_ins_event, &st->ins_event, d) < 0 ||
	    prepare(st, sql_get_owner, &st->get_owner, d) < 0 ||
	    prepare(st, sql_ins_quar, &st->ins_quar, d) < 0 ||
	    prepare(st, sql_ins_warn, &st->ins_warn, d) < 0)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	sqlite3_finalize(st->ins_event);
	sqlite3_finalize(st->get_owner);
	sqlite3_finalize(st->ins_quar);
	sqlite3_finalize(st->ins_warn);
	kept_free(st);
	sqlite3_close(st->db);
	free(st);
}

sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

int
store_exec(struct store *st, const char *sql)
{
	struct kept *k = kept_find(st, sql);
	struct diag d;

	if (k ? kept_exec(st, k, &d) < 0 : exec(st->db, sql, &d) < 0)
		return error("case file: %s: %s", sql, d.msg);
	return 0;
}

/*
 * Transactions.  Outside a bulk load each store_begin() .. store_commit()
 * is one SQLite transaction.  During one (store_ingest_mode() to
 * store_finish()) it is a savepoint, "item", inside a batch transaction
 * that is committed once it holds STORE_BATCH_ROWS changed rows, and by
 * store_finish(): store_rollback() still undoes exactly one item, while
 * the journal and commit costs are paid once per batch.  An interrupted
 * ingest loses the uncommitted items of the last batch, which are not
 * recorded as evidence either, so running it again reads them again.
 */
int
store_begin(struct store *st)
{
	if (!st->bulk)
		return store_exec(st, "BEGIN IMMEDIATE");
	if (st->item_open)
		return error("case file: an item is already open");
	if (!st->batch_open) {
		if (store_exec(st, "BEGIN IMMEDIATE") < 0)
			return -1;
		st->batch_open = 1;
		st->batch_changes = sqlite3_total_changes64(st->db);
	}
	if (store_exec(st, "SAVEPOINT item") < 0)
		return -1;
	st->item_open = 1;
	return 0;
}

/* Commits the batch of a bulk load, if one is open and no item is. */
static int
batch_commit(struct store *st)
{
	if (!st->batch_open || st->item_open)
		return 0;
	st->batch_open = 0;
	if (sqlite3_get_autocommit(st->db))
		return 0;
	return store_exec(st, "COMMIT");
}

int
store_commit(struct store *st)
{
	if (!st->bulk)
		return store_exec(st, "COMMIT");
	if (!st->item_open)
		return error("case file: no item to commit");
	st->item_open = 0;
	if (sqlite3_get_autocommit(st->db)) {
		/* SQLite rolled the batch back itself (disk full, I/O) */
		st->batch_open = 0;
		return error("case file: the transaction was rolled back");
	}
	if (store_exec(st, "RELEASE item") < 0)
		return -1;
	if (sqlite3_total_changes64(st->db) - st->batch_changes >=
	    STORE_BATCH_ROWS)
		return batch_commit(st);
	return 0;
}

int
store_rollback(struct store *st)
{
	if (st->bulk && st->item_open) {
		st->item_open = 0;
		if (sqlite3_get_autocommit(st->db)) {
			st->batch_open = 0;
			return 0;
		}
		return store_exec(st, "ROLLBACK TO item; RELEASE item");
	}
	if (st->bulk || sqlite3_get_autocommit(st->db))
		return 0;
	return store_exec(st, "ROLLBACK");
}

/* Binds text or NULL (for NULL or empty strings). */
static void
bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, i);
}

static void
bind_int_or_null(sqlite3_stmt *stmt, int i, int64_t v, int64_t none)
{
	if (v == none)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_int64(stmt, i, v);
}

static void
bind_time(sqlite3_stmt *stmt, int i, int64_t us)
{
	char tb[TS_BUFSZ];

	if (us == EVENT_NO_TIME) {
		sqlite3_bind_null(stmt, i);
		sqlite3_bind_null(stmt, i + 1);
		return;
	}
	sqlite3_bind_int64(stmt, i, us);
	sqlite3_bind_text(stmt, i + 1, ts_format(us, tb), -1,
	    SQLITE_TRANSIENT);
}

/* Steps a statement expected to finish (no rows); resets it. */
static int
step_done(struct store *st, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (rc != SQLITE_DONE)
		return error("case file: cannot %s: %s", what,
		    sqlite3_errmsg(st->db));
	return 0;
}

/*
 * The statement of sql (one), kept, or prepared for this use only when
 * none can be kept or the kept one is in use; NULL (and an error printed)
 * if it does not prepare.  Give it back with unprep().
 */
static sqlite3_stmt *
prep(struct store *st, const char *sql)
{
	struct kept *k = kept_find(st, sql);
	sqlite3_stmt *stmt = NULL;
	struct diag d;

	if (k && k->n == 0 && kept_prepare_next(st, k, &d) < 0) {
		error("case file: %s", d.msg);
		return NULL;
	}
	if (k && k->n > 0 && !sqlite3_stmt_busy(k->v[0]))
		return k->v[0];
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		error("case file: %s", sqlite3_errmsg(st->db));
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

/* Gives back what prep() returned: reset if kept, else finalized. */
static void
unprep(struct store *st, sqlite3_stmt *stmt)
{
	size_t i;

	for (i = 0; i < st->nkept; i++)
		if (st->kept[i].n > 0 && st->kept[i].v[0] == stmt) {
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			return;
		}
	sqlite3_finalize(stmt);
}

static int
finish_one(struct store *st, sqlite3_stmt *stmt, const char *what)
{
	int ret = step_done(st, stmt, what);

	unprep(st, stmt);
	return ret;
}

int64_t
store_run_begin(struct store *st, const char *command, const char *cmdline,
    int64_t now_us)
{
	sqlite3_stmt *stmt = prep(st, "INSERT INTO runs (command,"
	    " command_line, tool_version, started_at) VALUES (?1,?2,?3,?4)");
	char tb[TS_BUFSZ];

	if (stmt == NULL)
		return -1;
	bind_text(stmt, 1, command);
	bind_text(stmt, 2, cmdline);
	bind_text(stmt, 3, SIGTRAIL_VERSION);
	bind_text(stmt, 4, ts_format(now_us, tb));
	if (finish_one(st, stmt, "record the run") < 0)
		return -1;
	return sqlite3_last_insert_rowid(st->db);
}

int
store_evidence_find(struct store *st, const char *sha256, const char *scope,
    int64_t *id)
{
	sqlite3_stmt *stmt = prep(st, "SELECT id FROM evidence WHERE"
	    " sha256 = ?1 AND status = 'done' AND (scope IS NULL OR"
	    " scope = 'all' OR scope = ?2) ORDER BY id LIMIT 1");
	int rc, ret = -1;

	if (stmt == NULL)
		return -1;
	bind_text(stmt, 1, sha256);
	bind_text(stmt, 2, scope);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		ret = 1;
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		error("case file: %s", sqlite3_errmsg(st->db));
	}
	unprep(st, stmt);
	return ret;
}

/* Binds the fields shared by evidence insert and update from ?1 on. */
static void
bind_evidence(sqlite3_stmt *stmt, const struct evidence_rec *e)
{
	char tb[TS_BUFSZ];

	/* not known yet while a stream is being read: "" until then */
	sqlite3_bind_text(stmt, 1, e->sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, e->size);
	bind_text(stmt, 3, e->content_sha256);
	sqlite3_bind_int64(stmt, 4, e->content_size);
	bind_text(stmt, 5, e->compression);
	bind_text(stmt, 6, e->parser);
	bind_text(stmt, 7, e->scope);
	sqlite3_bind_int64(stmt, 8, e->records_read);
	sqlite3_bind_int64(stmt, 9, e->records_stored);
	sqlite3_bind_int64(stmt, 10, e->records_duplicate);
	sqlite3_bind_int64(stmt, 11, e->records_out_of_scope);
	sqlite3_bind_int64(stmt, 12, e->records_nonevent);
	sqlite3_bind_int64(stmt, 13, e->records_quarantined);
	sqlite3_bind_int64(stmt, 14, e->warnings);
	bind_text(stmt, 15, e->status);
	bind_text(stmt, 16, e->detail);
	if (e->mtime_us == INT64_MIN)
		sqlite3_bind_null(stmt, 17);
	else
		sqlite3_bind_text(stmt, 17, ts_format(e->mtime_us, tb), -1,
		    SQLITE_TRANSIENT);
}

int
store_evidence_insert(struct store *st, struct evidence_rec *e)
{
	sqlite3_stmt *stmt = prep(st, "INSERT INTO evidence (sha256, size,"
	    " content_sha256, content_size, compression, parser, scope,"
	    " records_read, records_stored, records_duplicate,"
	    " records_out_of_scope, records_nonevent, records_quarantined,"
	    " warnings, status, detail, mtime, run_id, parent_id, path,"
	    " member, kind, abs_path, ingested_at, tool_version,"
	    " command_line) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
	    " ?23, started_at, tool_version, command_line FROM runs"
	    " WHERE id = ?18");

	if (stmt == NULL)
		return -1;
	bind_evidence(stmt, e);
	sqlite3_bind_int64(stmt, 18, e->run_id);
	bind_int_or_null(stmt, 19, e->parent_id, 0);
	bind_text(stmt, 20, e->path);
	bind_text(stmt, 21, e->member);
	bind_text(stmt, 22, e->kind);
	bind_text(stmt, 23, e->abs_path);
	if (finish_one(st, stmt, "record evidence") < 0)
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return error("case file: run %" PRId64 " is not recorded",
		    e->run_id);
	e->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_evidence_update(struct store *st, const struct evidence_rec *e)
{
	sqlite3_stmt *stmt = prep(st, "UPDATE evidence SET sha256 = ?1,"
	    " size = ?2, content_sha256 = ?3, content_size = ?4,"
	    " compression = ?5, parser = ?6, scope = ?7, records_read = ?8,"
	    " records_stored = ?9, records_duplicate = ?10,"
	    " records_out_of_scope = ?11, records_nonevent = ?12,"
	    " records_quarantined = ?13, warnings = ?14, status = ?15,"
	    " detail = ?16, mtime = ?17, events_stored = (SELECT count(*)"
	    " FROM events WHERE evidence_id = ?18) WHERE id = ?18");

	if (stmt == NULL)
		return -1;
	bind_evidence(stmt, e);
	sqlite3_bind_int64(stmt, 18, e->id);
	return finish_one(st, stmt, "update evidence");
}

int
store_evidence_seen(struct store *st, int64_t evidence_id, int64_t run_id,
    const char *path, const char *member)
{
	sqlite3_stmt *stmt = prep(st, "INSERT INTO evidence_seen"
	    " (evidence_id, run_id, path, member, seen_at) SELECT ?1, ?2, ?3,"
	    " ?4, started_at FROM runs WHERE id = ?2");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, evidence_id);
	sqlite3_bind_int64(stmt, 2, run_id);
	bind_text(stmt, 3, path);
	bind_text(stmt, 4, member);
	return finish_one(st, stmt, "record evidence seen again");
}

char *
store_locator(int64_t line, int64_t offset, char *out, size_t outsz)
{
	if (line > 0)
		snprintf(out, outsz, "line %" PRId64 ", byte %" PRId64, line,
		    offset);
	else
		snprintf(out, outsz, "byte %" PRId64, offset);
	return out;
}

/*
 * Identity of an event whose source has no id: the SHA-256 of its raw
 * record and of what the parser made of it (source, action, operation,
 * times, attributes), so that the same record gives the same identity on
 * every ingest, while several events derived from one record (or from no
 * record: a chain break found at the end of a log) stay distinct.
 */
static void
dedup_hash(const struct event *ev, const char *attrs, char *hex)
{
	struct sha256 h;
	char num[64];

	if (sha256_init(&h) < 0) {
		hex[0] = '\0';
		return;
	}
	sha256_update(&h, ev->raw ? ev->raw : "", ev->raw ? ev->raw_len : 0);
	snprintf(num, sizeof(num), "|%" PRId64 "|%" PRId64 "|", ev->ts_us,
	    ev->end_us);
	if (ev->source)
		sha256_update(&h, ev->source, strlen(ev->source));
	sha256_update(&h, "|", 1);
	if (ev->action)
		sha256_update(&h, ev->action, strlen(ev->action));
	sha256_update(&h, "|", 1);
	if (ev->operation)
		sha256_update(&h, ev->operation, strlen(ev->operation));
	sha256_update(&h, num, strlen(num));
	if (attrs)
		sha256_update(&h, attrs, strlen(attrs));
	sha256_final_hex(&h, hex);
}

int
store_event_insert(struct store *st, const struct event *ev,
    int64_t evidence_id, int64_t line, int64_t offset, int *is_new,
    int64_t *owner)
{
	sqlite3_stmt *s = st->ins_event;
	char flags[96], loc[64], hex[SHA256_HEXLEN];
	char *dedup, *attrs = NULL;
	int rc, ret = -1;

	*is_new = 0;
	*owner = 0;
	if (ev->attrs && json_object_size(ev->attrs) > 0)
		attrs = json_dumps(ev->attrs, JSON_COMPACT | JSON_SORT_KEYS);
	if (ev->native_id) {
		dedup = xasprintf("%s:%s", ev->source, ev->native_id);
	} else {
		dedup_hash(ev, attrs, hex);
		dedup = xasprintf("raw:%s", hex);
	}
	bind_time(s, 1, ev->ts_us);
	bind_time(s, 3, ev->end_us);
	bind_text(s, 5, ev->ts_raw);
	bind_text(s, 6, ts_flags_format(ev->ts_flags, flags, sizeof(flags)));
	bind_text(s, 7, ev->source);
	bind_text(s, 8, ev->action);
	bind_text(s, 9, ev->operation);
	bind_text(s, 10, ev->failed ? "failure" : "success");
	bind_text(s, 11, ev->error_code);
	bind_text(s, 12, ev->error_message);
	bind_text(s, 13, ev->actor);
	bind_text(s, 14, ev->session);
	bind_text(s, 15, ev->key_ref);
	bind_text(s, 16, ev->key_ref ? (ev->key_ref_src ? ev->key_ref_src :
	    "record") : NULL);
	bind_text(s, 17, ev->key_raw);
	bind_text(s, 18, ev->digest);
	bind_text(s, 19, ev->artifact);
	bind_text(s, 20, ev->version);
	bind_text(s, 21, ev->repo);
	bind_text(s, 22, ev->ref);
	bind_text(s, 23, ev->commit_sha);
	bind_text(s, 24, ev->run_ref);
	bind_text(s, 25, ev->job_ref);
	bind_text(s, 26, ev->runner);
	bind_text(s, 27, ev->src_ip);
	bind_text(s, 28, ev->user_agent);
	bind_text(s, 29, ev->native_id);
	sqlite3_bind_text(s, 30, dedup, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 31, evidence_id);
	bind_text(s, 32, store_locator(line, offset, loc, sizeof(loc)));
	bind_int_or_null(s, 33, line, 0);
	sqlite3_bind_int64(s, 34, offset);
	bind_text(s, 35, attrs);
	if (ev->raw)
		sqlite3_bind_blob64(s, 36, ev->raw, ev->raw_len,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 36);
	/* a run's workflow file, also in a column (schema_v6) */
	bind_text(s, 37, ev->action && strcmp(ev->action, "ci.run") == 0 ?
	    json_string_value(json_object_get(ev->attrs, "workflow_path")) :
	    NULL);
	if (step_done(st, s, "store event") < 0)
		goto out;
	if (sqlite3_changes(st->db) == 1) {
		*is_new = 1;
		ret = 0;
		goto out;
	}
	sqlite3_bind_text(st->get_owner, 1, dedup, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st->get_owner);
	if (rc == SQLITE_ROW) {
		*owner = sqlite3_column_int64(st->get_owner, 0);
		ret = 0;
	} else {
		error("case file: cannot find event '%s': %s", dedup,
		    sqlite3_errmsg(st->db));
	}
	sqlite3_reset(st->get_owner);
	sqlite3_clear_bindings(st->get_owner);
out:
	free(dedup);
	free(attrs);
	return ret;
}

int
store_quarantine(struct store *st, int64_t evidence_id, int64_t line,
    int64_t offset, const char *reason, const void *raw, size_t len)
{
	sqlite3_stmt *s = st->ins_quar;
	char loc[64];

	sqlite3_bind_int64(s, 1, evidence_id);
	bind_text(s, 2, store_locator(line, offset, loc, sizeof(loc)));
	bind_int_or_null(s, 3, line, 0);
	sqlite3_bind_int64(s, 4, offset);
	/* the bytes are kept even when the caller has no words for why */
	bind_text(s, 5, reason && *reason ? reason : "(no reason given)");
	if (raw)
		sqlite3_bind_blob64(s, 6, raw, len, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 6);
	return step_done(st, s, "quarantine record");
}

int
store_warning(struct store *st, int64_t evidence_id, int64_t run_id,
    const char *kind, const char *locator, const char *message)
{
	sqlite3_stmt *s = st->ins_warn;

	bind_int_or_null(s, 1, run_id, 0);
	bind_int_or_null(s, 2, evidence_id, 0);
	bind_text(s, 3, kind);
	bind_text(s, 4, locator);
	bind_text(s, 5, message);
	return step_done(st, s, "record warning");
}

int64_t
store_evidence_event_count(struct store *st, int64_t evidence_id)
{
	sqlite3_stmt *stmt = prep(st,
	    "SELECT count(*) FROM events WHERE evidence_id = ?1");
	int64_t n = -1;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, evidence_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	unprep(st, stmt);
	return n;
}

/*
 * Alias history: replays the successful CreateAlias/UpdateAlias/DeleteAlias
 * style events (action key.alias, attrs.alias = alias name, key_ref = the
 * target) in time order and writes one key_refs row per period an alias
 * pointed at a key.
 */
static int
rebuild_alias_ranges(struct store *st)
{
	sqlite3_stmt *sel = prep(st, "SELECT e.id, e.ts_us,"
	    " json_extract(e.attrs, '$.alias'), e.operation, k.id"
	    " FROM events e LEFT JOIN keys k ON k.canonical = e.key_ref"
	    " WHERE e.action = 'key.alias' AND e.outcome = 'success'"
	    " AND json_extract(e.attrs, '$.alias') IS NOT NULL"
	    " ORDER BY e.ts_us, e.id");
	sqlite3_stmt *close_ = prep(st, "UPDATE key_refs SET valid_to_us = ?1"
	    " WHERE kind = 'alias' AND value = ?2 AND valid_to_us IS NULL"
	    " AND valid_from_us <= ?1");
	sqlite3_stmt *open_ = prep(st, "INSERT INTO key_refs (key_id, kind,"
	    " value, valid_from_us, origin, event_id) VALUES (?1, 'alias', ?2,"
	    " ?3, 'alias-history', ?4)");
	int rc, ret = -1;

	if (sel == NULL || close_ == NULL || open_ == NULL)
		goto out;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *alias = (const char *)sqlite3_column_text(sel, 2);
		const char *op = (const char *)sqlite3_column_text(sel, 3);
		int64_t ts = sqlite3_column_int64(sel, 1);

		sqlite3_bind_int64(close_, 1, ts);
		bind_text(close_, 2, alias);
		if (step_done(st, close_, "close alias range") < 0)
			goto out;
		if (op && strstr(op, "Delete"))
			continue;
		if (sqlite3_column_type(sel, 4) == SQLITE_NULL)
			continue;
		sqlite3_bind_int64(open_, 1, sqlite3_column_int64(sel, 4));
		bind_text(open_, 2, alias);
		sqlite3_bind_int64(open_, 3, ts);
		sqlite3_bind_int64(open_, 4, sqlite3_column_int64(sel, 0));
		if (step_done(st, open_, "open alias range") < 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		error("case file: %s", sqlite3_errmsg(st->db));
		goto out;
	}
	ret = 0;
out:
	unprep(st, sel);
	unprep(st, close_);
	unprep(st, open_);
	return ret;
}

static const char sql_keys_base[] =
"DELETE FROM key_refs;"
"DELETE FROM keys;"
"UPDATE events SET key_ref = NULL, key_ref_src = NULL"
"  WHERE key_ref_src = 'alias-history';"
/* each key once, by a seek per key in events_key; its counts and times
 * come last (sql_keys_derived), once alias-only events have their key */
"WITH RECURSIVE k(ref) AS (SELECT min(key_ref) FROM events"
"  UNION ALL SELECT (SELECT min(key_ref) FROM events WHERE key_ref > k.ref)"
"  FROM k WHERE k.ref IS NOT NULL)"
"INSERT INTO keys (canonical, kind)"
"  SELECT ref, CASE WHEN ref LIKE 'arn:aws:kms:%' THEN 'aws-kms' END"
"  FROM k WHERE ref IS NOT NULL ORDER BY ref;"
"INSERT INTO key_refs (key_id, kind, value, origin)"
"  SELECT id, 'canonical', canonical, 'events' FROM keys ORDER BY id;"
"INSERT INTO key_refs (key_id, kind, value, origin)"
"  SELECT id, 'kms-key-id', substr(canonical, instr(canonical, ':key/') + 5),"
"    'arn' FROM keys WHERE canonical LIKE 'arn:aws:kms:%:key/%' ORDER BY id;";

static const char sql_keys_derived[] =
"INSERT INTO key_refs (key_id, kind, value, valid_from_us, valid_to_us,"
"    origin)"
"  SELECT k.id, CASE WHEN e.key_raw LIKE '%alias/%' THEN 'alias-observed'"
"    ELSE 'requested' END, e.key_raw, min(e.ts_us), max(e.ts_us), 'requests'"
"  FROM events e JOIN keys k ON k.canonical = e.key_ref"
"  WHERE e.key_raw IS NOT NULL AND e.key_raw != e.key_ref"
"    AND e.key_ref_src IS NOT 'alias-history'"
"  GROUP BY k.id, e.key_raw ORDER BY k.id, e.key_raw;"
"UPDATE events SET"
"  key_ref = (SELECT k.canonical FROM key_refs r JOIN keys k"
"    ON k.id = r.key_id WHERE r.kind = 'alias'"
"    AND r.value = substr(events.key_raw, instr(events.key_raw, 'alias/'))"
"    AND r.valid_from_us <= events.ts_us"
"    AND (r.valid_to_us IS NULL OR r.valid_to_us > events.ts_us)"
"    ORDER BY r.valid_from_us DESC LIMIT 1),"
"  key_ref_src = 'alias-history'"
"  WHERE key_ref IS NULL AND key_raw IS NOT NULL"
"    AND key_raw LIKE '%alias/%' AND EXISTS ("
"    SELECT 1 FROM key_refs r WHERE r.kind = 'alias'"
"    AND r.value = substr(events.key_raw, instr(events.key_raw, 'alias/'))"
"    AND r.valid_from_us <= events.ts_us"
"    AND (r.valid_to_us IS NULL OR r.valid_to_us > events.ts_us));"
/* again, now that alias-only events point at keys too; by ts_us, since
 * the text of ts does not sort ("...:05Z" > "...:05.5Z") */
"UPDATE keys SET events = (SELECT count(*) FROM events"
"  WHERE key_ref = keys.canonical),"
"  first_seen = (SELECT ts FROM events WHERE key_ref = keys.canonical"
"    AND ts_us IS NOT NULL ORDER BY ts_us LIMIT 1),"
"  last_seen = (SELECT ts FROM events WHERE key_ref = keys.canonical"
"    AND ts_us IS NOT NULL ORDER BY ts_us DESC LIMIT 1);"
"UPDATE key_refs SET"
"  valid_from = strftime('%Y-%m-%dT%H:%M:%SZ', valid_from_us / 1000000,"
"    'unixepoch'),"
"  valid_to = strftime('%Y-%m-%dT%H:%M:%SZ', valid_to_us / 1000000,"
"    'unixepoch');"
/* label: the first alias and the start of the key id, else the key id */
"UPDATE keys SET label = coalesce((SELECT r.value || ' (' ||"
"    substr(coalesce((SELECT i.value FROM key_refs i WHERE"
"    i.key_id = keys.id AND i.kind = 'kms-key-id'), keys.canonical), 1, 8)"
"    || ')' FROM key_refs r WHERE r.key_id = keys.id AND r.kind = 'alias'"
"    ORDER BY r.valid_from_us, r.value LIMIT 1),"
"  (SELECT value FROM key_refs r WHERE r.key_id = keys.id"
"    AND r.kind = 'kms-key-id'), canonical);";

int
store_rebuild_keys(struct store *st)
{
	if (store_exec(st, sql_keys_base) < 0 ||
	    rebuild_alias_ranges(st) < 0 ||
	    store_exec(st, sql_keys_derived) < 0)
		return -1;
	return 0;
}

/*
 * Bulk-load settings for ingest.  A rollback journal with synchronous=OFF:
 * SQLite never waits for the disk, and a killed process (kill -9, a
 * crash) still leaves a hot journal that the next opener rolls back, so
 * the case stays consistent and holds exactly the committed batches; only
 * an operating-system crash or a power loss in the middle of an ingest
 * could corrupt it, and evidence is read-only, so the remedy is to ingest
 * again into a new case.  The rollback journal keeps the original of the
 * pages a batch changes only, not the pages it appends, where WAL wrote
 * every page twice (WAL, then checkpoint).  store_finish() restores the
 * durable default (synchronous=FULL, journal deleted after each commit)
 * and writes the case to disk: without syncs, an ingest that has
 * returned could still lose its batches to a power loss, and the
 * operating system would write the gigabytes of a large ingest back
 * under whatever command runs next.
 */
int
store_ingest_mode(struct store *st)
{
	if (store_exec(st, "PRAGMA journal_mode = TRUNCATE;"
	    "PRAGMA synchronous = OFF;"
	    "PRAGMA cache_size = -98304;") < 0)
		return -1;
	st->bulk = 1;
	return 0;
}

/* Writes the case file's pages to disk (SQLite's own sync of the file). */
static int
sync_case(struct store *st)
{
	sqlite3_file *f = NULL;
	int rc;

	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_FILE_POINTER,
	    &f) != SQLITE_OK || f == NULL || f->pMethods == NULL)
		return 0;	/* nothing open: an empty or in-memory case */
	rc = f->pMethods->xSync(f, SQLITE_SYNC_FULL);
	if (rc != SQLITE_OK)
		return error("case file: cannot write it to disk: %s",
		    sqlite3_errstr(rc));
	return 0;
}

int
store_finish(struct store *st)
{
	int ret = 0;

	if (st->item_open && store_rollback(st) < 0)
		ret = -1;
	if (batch_commit(st) < 0)
		ret = -1;
	st->bulk = 0;
	if (store_exec(st, "PRAGMA synchronous = FULL;"
	    "PRAGMA journal_mode = DELETE") < 0 || sync_case(st) < 0)
		ret = -1;
	return ret;
}

/* Pragmas user SQL may run: schema introspection (its argument names a
 * table or index) and settings it may read but never set. */
static const char *const introspect_pragmas[] = {
	"table_info", "table_xinfo", "index_list", "index_info",
	"index_xinfo", "foreign_key_list", NULL
};
static const char *const readable_pragmas[] = {
	"user_version", "schema_version", "collation_list", "function_list",
	"pragma_list", "module_list", "compile_options", "encoding",
	"page_count", "page_size", "freelist_count", NULL
};

static int
in_list(const char *const *list, const char *name)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (sqlite3_stricmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static int
guard_authorizer(void *arg, int code, const char *a, const char *b,
    const char *dbname, const char *trigger)
{
	switch (code) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_FUNCTION:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_UPDATE:
		/*
		 * Preparing a table-valued function (json_each, json_tree)
		 * asks this for the schema table while it registers the
		 * virtual table in memory.  A real UPDATE of the schema is
		 * still impossible: the connection is query_only, defensive
		 * and (for read commands) opened read-only.
		 */
		if (a && (sqlite3_stricmp(a, "sqlite_master") == 0 ||
		    sqlite3_stricmp(a, "sqlite_schema") == 0))
			return SQLITE_OK;
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		if (a == NULL)
			return SQLITE_DENY;
		if (in_list(introspect_pragmas, a) ||
		    (b == NULL && in_list(readable_pragmas, a)))
			return SQLITE_OK;
		return SQLITE_DENY;
	default:
		return SQLITE_DENY;
	}
}

int
store_guard_readonly(struct store *st)
{
	if (store_exec(st, "PRAGMA query_only = 1") < 0)
		return -1;
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0,
	    NULL);
	sqlite3_limit(st->db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(st->db, SQLITE_LIMIT_SQL_LENGTH, 1000000);
	sqlite3_limit(st->db, SQLITE_LIMIT_EXPR_DEPTH, 200);
	sqlite3_limit(st->db, SQLITE_LIMIT_COMPOUND_SELECT, 100);
	sqlite3_limit(st->db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 10000);
	sqlite3_set_authorizer(st->db, guard_authorizer, NULL);
	return 0;
}
