/* SPDX-License-Identifier: MIT */
/*
 * test_store.c - unit tests of core/store.c, the case file: migrations
 * (":memory:" and a file reopened), refusals of files that are not sigtrail
 * cases, the event round trip (every column, attrs JSON, raw BLOB with NUL
 * bytes), dedup by native id and by raw hash, values that look like SQL,
 * quarantine and warning rows, the evidence rows and the scopes they
 * cover, the derived key tables (alias history replayed in time order,
 * labels, refs, resolution of alias-only events, idempotence) and the
 * read-only guard for user SQL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "derive.h"
#include "err.h"
#include "event.h"
#include "parser.h"
#include "store.h"
#include "timeutil.h"
#include "xalloc.h"

#define T0	INT64_C(1768046400000000)	/* 2026-01-10T12:00:00Z */
#define SEC	INT64_C(1000000)
#define T(s)	(T0 + (int64_t)(s) * SEC)

#define KEY_A	"arn:aws:kms:eu-west-1:111122223333:key/" \
		"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
#define KEY_B	"arn:aws:kms:eu-west-1:111122223333:key/" \
		"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
#define KEY_C	"arn:aws:kms:eu-west-1:111122223333:key/" \
		"cccccccc-cccc-4ccc-8ccc-cccccccccccc"
#define EVIL	"'); DELETE FROM events;--"

/* A store on ":memory:" with one run and one evidence row. */
struct fx {
	struct store	*st;
	sqlite3		*db;
	int64_t		 run;
	int64_t		 ev1, ev2;	/* two evidence rows */
	char		 dir[256];	/* temp directory, "" if none */
};

/* ---- helpers ---------------------------------------------------------- */

static int64_t
q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t v;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("prepare '%s': %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		fail_msg("no row from '%s'", sql);
	}
	v = sqlite3_column_type(stmt, 0) == SQLITE_NULL ? INT64_MIN :
	    sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/*
 * Every row of sql as "a|b|c\n" lines (NULL shown as "NULL"), so that a
 * whole table can be compared with one string.  Caller frees.
 */
static char *
q_rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	struct buf b = BUF_INIT;
	int i, n, rc;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("prepare '%s': %s", sql, sqlite3_errmsg(db));
	n = sqlite3_column_count(stmt);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			const char *s = (const char *)sqlite3_column_text(stmt,
			    i);

			if (i)
				buf_addch(&b, '|');
			buf_addstr(&b, s ? s : "NULL");
		}
		buf_addch(&b, '\n');
	}
	sqlite3_finalize(stmt);
	assert_int_equal(rc, SQLITE_DONE);
	return buf_detach(&b, NULL);
}

static void
assert_rows(sqlite3 *db, const char *sql, const char *want)
{
	char *got = q_rows(db, sql);

	if (strcmp(got, want) != 0) {
		print_error("query: %s\nwant:\n%sgot:\n%s", sql, want, got);
		free(got);
		fail();
	}
	free(got);
}

static void
tmp_dir(char *out, size_t outsz)
{
	const char *t = getenv("TMPDIR");

	snprintf(out, outsz, "%s/sigtrail-store-XXXXXX",
	    t && *t ? t : "/tmp");
	assert_non_null(mkdtemp(out));
}

static void
rm_case(const char *path)
{
	static const char *const sfx[] = { "", "-journal", "-wal", "-shm" };
	char p[512];
	size_t i;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, sfx[i]);
		unlink(p);
	}
}

static void
evidence_init(struct evidence_rec *e, int64_t run, const char *path,
    const char *sha)
{
	memset(e, 0, sizeof(*e));
	e->run_id = run;
	e->path = path;
	e->abs_path = path;
	e->kind = "file";
	e->status = "open";
	e->scope = "signing";
	e->mtime_us = INT64_MIN;
	snprintf(e->sha256, sizeof(e->sha256), "%s", sha);
}

static int64_t
add_evidence(struct store *st, int64_t run, const char *path,
    const char *sha)
{
	struct evidence_rec e;

	evidence_init(&e, run, path, sha);
	assert_int_equal(store_evidence_insert(st, &e), 0);
	assert_true(e.id > 0);
	return e.id;
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct diag d;

	diag_clear(&d);
	if (store_open(":memory:", STORE_RW, &f->st, &d) < 0) {
		fprintf(stderr, "store_open: %s\n", d.msg);
		free(f);
		return -1;
	}
	f->db = store_db(f->st);
	f->run = store_run_begin(f->st, "ingest", "sigtrail ingest x", T0);
	if (f->run <= 0)
		return -1;
	f->ev1 = add_evidence(f->st, f->run, "one.json", "11");
	f->ev2 = add_evidence(f->st, f->run, "two.json", "22");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->st);
	if (f->dir[0]) {
		char p[512];

		snprintf(p, sizeof(p), "%s/case.db", f->dir);
		rm_case(p);
		rmdir(f->dir);
	}
	free(f);
	return 0;
}

/* An event with the fields the key tables use; strings are copied. */
static void
mk_event(struct event *ev, const char *native_id, const char *op,
    const char *action, int64_t ts, const char *key_ref, const char *key_raw,
    const char *alias)
{
	event_init(ev);
	ev->source = "cloudtrail";
	ev->action = action;
	ev->ts_us = ts;
	event_set(&ev->operation, op);
	event_set(&ev->native_id, native_id);
	event_set(&ev->key_ref, key_ref);
	event_set(&ev->key_raw, key_raw);
	event_attr_str(ev, "alias", alias);
	ev->raw = native_id;
	ev->raw_len = native_id ? strlen(native_id) : 0;
}

static int64_t
put_event(struct fx *f, struct event *ev, int64_t evidence, int want_new)
{
	int is_new = -1;
	int64_t owner = -1;

	assert_int_equal(store_event_insert(f->st, ev, evidence, 1, 0,
	    &is_new, &owner), 0);
	assert_int_equal(is_new, want_new);
	event_clear(ev);
	return owner;
}

/* ---- schema ----------------------------------------------------------- */

/* The query plan of sql is the one step want. */
static void
assert_plan(sqlite3 *db, const char *sql, const char *want)
{
	sqlite3_stmt *plan = NULL;
	char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);

	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &plan, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(plan), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(plan, 3), want);
	assert_int_equal(sqlite3_step(plan), SQLITE_DONE);
	sqlite3_finalize(plan);
	sqlite3_free(q);
}

static void
test_migrate_memory(void **state)
{
	struct fx *f = *state;
	struct diag d;
	int64_t sv;

	assert_int_equal(q_int(f->db, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_rows(f->db, "SELECT name FROM sqlite_master WHERE type ="
	    " 'table' ORDER BY name",
	    "correlations\nevents\nevidence\nevidence_seen\nfindings\n"
	    "key_identities\nkey_refs\nkeys\nlinks\nquarantine\nruns\n"
	    "verdicts\nwarnings\n");
	assert_int_equal(q_int(f->db, "PRAGMA foreign_keys"), 1);
	/* correlate reads the signing records from the index alone
	 * (link_tlog.c: the pairing and temp.sops) */
	assert_plan(f->db, "SELECT id, ts_us, ts, key_ref, actor, session,"
	    " digest, run_ref, repo, src_ip FROM events WHERE action = 'sign'"
	    " AND outcome = 'success' ORDER BY id", "SEARCH events USING"
	    " COVERING INDEX events_signs (action=? AND outcome=?)");
	/* and the CI jobs (corr.c, corr_ci_jobs) */
	assert_plan(f->db, "SELECT id, ts_us, end_us, run_ref, repo, runner,"
	    " job_ref FROM events WHERE action = 'ci.job' ORDER BY id",
	    "SEARCH events USING COVERING INDEX events_jobs (action=?)");
	/* and the CI runs (corr.c, corr_ci_jobs) */
	assert_plan(f->db, "SELECT id, run_ref, repo, ref, workflow, ts_us,"
	    " end_us, actor FROM events WHERE action = 'ci.run' ORDER BY id",
	    "SEARCH events USING COVERING INDEX events_runs (action=?)");
	/* and the session issuances, all of them (link_credential.c) and
	 * by session (link_window.c) */
	assert_plan(f->db, "SELECT id, session, ts_us, repo, ref, operation,"
	    " actor, source FROM events WHERE action = 'session.assume' AND"
	    " outcome = 'success'", "SEARCH events USING COVERING INDEX"
	    " events_assumes (action=? AND outcome=?)");
	assert_plan(f->db, "SELECT 1 FROM events WHERE session = 'k/s' AND"
	    " action = 'session.assume' AND outcome = 'success'",
	    "SEARCH events USING COVERING INDEX events_assumes (action=? AND"
	    " outcome=? AND session=?)");
	/* migrating an up-to-date case changes nothing */
	sv = q_int(f->db, "PRAGMA schema_version");
	diag_clear(&d);
	assert_int_equal(store_migrate(f->db, &d), 0);
	assert_string_equal(d.msg, "");
	assert_int_equal(q_int(f->db, "PRAGMA schema_version"), sv);
	assert_int_equal(q_int(f->db, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	/* the run row carries the tool version and its time */
	assert_rows(f->db, "SELECT command, command_line, started_at FROM"
	    " runs", "ingest|sigtrail ingest x|2026-01-10T12:00:00Z\n");
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM runs WHERE"
	    " tool_version != ''"), 1);
}

/*
 * A CI run's workflow file is stored in its own column as well as in
 * attrs (only for runs), and migration 6 fills the column for the runs
 * of an older case.
 */
static void
test_workflow_column(void **state)
{
	struct fx *f = *state;
	static const char *const actions[] = { "ci.run", "ci.job" };
	struct event ev;
	struct diag d;
	size_t i;

	for (i = 0; i < 2; i++) {
		mk_event(&ev, i ? "j1" : "r1", NULL, actions[i], T0, NULL,
		    NULL, NULL);
		event_attr_str(&ev, "workflow_path",
		    ".github/workflows/release.yml");
		put_event(f, &ev, f->ev1, 1);
	}
	/* a run without a workflow file, and one whose attrs say a number */
	mk_event(&ev, "r2", NULL, "ci.run", T0, NULL, NULL, NULL);
	put_event(f, &ev, f->ev1, 1);
	mk_event(&ev, "r3", NULL, "ci.run", T0, NULL, NULL, NULL);
	event_attr(&ev, "workflow_path", json_integer(7));
	put_event(f, &ev, f->ev1, 1);
	assert_rows(f->db, "SELECT native_id, action, workflow FROM events"
	    " ORDER BY id", "r1|ci.run|.github/workflows/release.yml\n"
	    "j1|ci.job|NULL\nr2|ci.run|NULL\nr3|ci.run|NULL\n");

	/* the same case as schema 5 left it: migration 6 fills the column */
	assert_int_equal(sqlite3_exec(f->db, "DROP INDEX events_runs;"
	    "ALTER TABLE events DROP COLUMN workflow;"
	    "PRAGMA user_version = 5", NULL, NULL, NULL), SQLITE_OK);
	diag_clear(&d);
	assert_int_equal(store_migrate(f->db, &d), 0);
	assert_int_equal(q_int(f->db, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_rows(f->db, "SELECT native_id, action, workflow FROM events"
	    " ORDER BY id", "r1|ci.run|.github/workflows/release.yml\n"
	    "j1|ci.job|NULL\nr2|ci.run|NULL\nr3|ci.run|NULL\n");
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM sqlite_master"
	    " WHERE name = 'events_runs'"), 1);
}

static void
test_reopen_file(void **state)
{
	struct fx *f = *state;
	struct store *st = NULL;
	struct diag d;
	char path[512];
	int64_t sv;

	tmp_dir(f->dir, sizeof(f->dir));
	snprintf(path, sizeof(path), "%s/case.db", f->dir);
	diag_clear(&d);
	assert_int_equal(store_open(path, STORE_RW, &st, &d), 0);
	assert_int_equal(q_int(store_db(st), "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	/* a new case file has the larger pages */
	assert_int_equal(q_int(store_db(st), "PRAGMA page_size"),
	    STORE_PAGE_SIZE);
	assert_true(store_run_begin(st, "ingest", "first", T0) > 0);
	sv = q_int(store_db(st), "PRAGMA schema_version");
	store_close(st);

	/* RW again: no migration runs (the schema cookie is unchanged) */
	assert_int_equal(store_open(path, STORE_RW, &st, &d), 0);
	assert_int_equal(q_int(store_db(st), "PRAGMA schema_version"), sv);
	assert_int_equal(q_int(store_db(st), "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(q_int(store_db(st), "SELECT count(*) FROM runs"), 1);
	assert_true(store_run_begin(st, "ingest", "second", T(1)) > 0);
	store_close(st);

	/* RO: reads, cannot write */
	assert_int_equal(store_open(path, STORE_RO, &st, &d), 0);
	assert_int_equal(q_int(store_db(st), "SELECT count(*) FROM runs"), 2);
	assert_int_not_equal(sqlite3_exec(store_db(st), "DELETE FROM runs",
	    NULL, NULL, NULL), SQLITE_OK);
	store_close(st);
}

/* Creates path as a plain SQLite file with sql run in it. */
static void
make_sqlite(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
test_open_refusals(void **state)
{
	struct fx *f = *state;
	struct store *st = (struct store *)&st;
	struct diag d;
	char path[512];
	FILE *fp;

	tmp_dir(f->dir, sizeof(f->dir));
	snprintf(path, sizeof(path), "%s/case.db", f->dir);

	/* RO of a missing file: an error, and no file is created */
	diag_clear(&d);
	assert_int_equal(store_open(path, STORE_RO, &st, &d), -1);
	assert_null(st);
	assert_non_null(strstr(d.msg, "cannot open case"));
	assert_int_equal(access(path, F_OK), -1);

	/* not SQLite at all */
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("this is a text file, not a database, long enough to be read "
	    "as a header by SQLite which wants at least a hundred bytes of "
	    "it before it complains\n", fp);
	fclose(fp);
	diag_clear(&d);
	assert_int_equal(store_open(path, STORE_RO, &st, &d), -1);
	assert_non_null(strstr(d.msg, "not a readable SQLite file"));
	diag_clear(&d);
	assert_int_equal(store_open(path, STORE_RW, &st, &d), -1);
	assert_true(d.msg[0] != '\0');
	rm_case(path);

	/* SQLite, but another program's database */
	make_sqlite(path, "CREATE TABLE moz_places (id INTEGER, url TEXT);"
	    "INSERT INTO moz_places VALUES (1, 'https://example.org/')");
	diag_clear(&d);
	assert_int_equal(store_open(path, STORE_RO, &st, &d), -1);
	assert_non_null(strstr(d.msg, "not a sigtrail case file"));
	/* and RW must not write sigtrail's schema into it */
	diag_clear(&d);
	assert_int_equal(store_open(path, STORE_RW, &st, &d), -1);
	assert_null(st);
	assert_non_null(strstr(d.msg, "not a sigtrail case file"));
	{
		sqlite3 *db;

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(q_int(db, "SELECT count(*) FROM"
		    " sqlite_master"), 1);
		assert_int_equal(q_int(db, "PRAGMA user_version"), 0);
		sqlite3_close(db);
	}
	rm_case(path);

	/* a case written by a newer sigtrail */
	make_sqlite(path, "CREATE TABLE runs (id INTEGER);"
	    "PRAGMA user_version = 99");
	diag_clear(&d);
	assert_int_equal(store_open(path, STORE_RO, &st, &d), -1);
	assert_non_null(strstr(d.msg, "schema version 99"));
	assert_non_null(strstr(d.msg, "newer"));
	diag_clear(&d);
	assert_int_equal(store_open(path, STORE_RW, &st, &d), -1);
	assert_non_null(strstr(d.msg, "schema version 99"));
	assert_non_null(strstr(d.msg, "newer"));
	rm_case(path);

	/* an empty SQLite file is a new case for RW, nothing for RO */
	make_sqlite(path, "PRAGMA user_version = 0");
	diag_clear(&d);
	assert_int_equal(store_open(path, STORE_RO, &st, &d), -1);
	assert_non_null(strstr(d.msg, "not a sigtrail case file"));
	assert_int_equal(store_open(path, STORE_RW, &st, &d), 0);
	assert_int_equal(q_int(store_db(st), "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	/* it already had a page: its page size stays SQLite's default */
	assert_int_equal(q_int(store_db(st), "PRAGMA page_size"), 4096);
	store_close(st);
}

/* ---- events ----------------------------------------------------------- */

static void
test_event_roundtrip(void **state)
{
	struct fx *f = *state;
	static const char raw[] = "{\"a\":1}\0tail\0\xff end";
	struct event ev;
	sqlite3_stmt *stmt;
	int is_new = -1;
	int64_t owner = -1;
	const void *blob;

	event_init(&ev);
	ev.ts_us = T0 + 123456;
	ev.end_us = T(90);
	event_set(&ev.ts_raw, "2026-01-10T12:00:00.123456Z");
	ev.ts_flags = TS_ASSUMED_UTC | TS_COARSE;
	ev.source = "cloudtrail";
	ev.action = "sign";
	event_set(&ev.operation, "kms:Sign");
	ev.failed = 1;
	event_set(&ev.error_code, "AccessDenied");
	event_set(&ev.error_message, "not allowed");
	event_set(&ev.actor, "arn:aws:iam::1:role/r");
	event_set(&ev.session, "ASIA1/s");
	event_set(&ev.key_ref, KEY_A);
	ev.key_ref_src = "key-id+region";
	event_set(&ev.key_raw, "alias/x");
	event_set(&ev.digest, "sha256:00ff");
	event_set(&ev.artifact, "widget.tar.gz");
	event_set(&ev.version, "v1.2.3");
	event_set(&ev.repo, "acme/widget");
	event_set(&ev.ref, "refs/tags/v1.2.3");
	event_set(&ev.commit_sha, "0123456789abcdef");
	event_set(&ev.run_ref, "run-7");
	event_set(&ev.job_ref, "job-8");
	event_set(&ev.runner, "gh-runner");
	event_set(&ev.src_ip, "192.0.2.1");
	event_set(&ev.user_agent, "aws-cli/2");
	event_set(&ev.native_id, "evt-1");
	event_attr_str(&ev, "zeta", "z");
	event_attr(&ev, "alpha", json_integer(7));
	event_attr(&ev, "nested", json_pack("{s:[i,b,n]}", "k", 1, 1));
	ev.raw = raw;
	ev.raw_len = sizeof(raw) - 1;
	assert_int_equal(store_event_insert(f->st, &ev, f->ev1, 4, 1234,
	    &is_new, &owner), 0);
	assert_int_equal(is_new, 1);
	assert_int_equal(owner, 0);
	event_clear(&ev);

	assert_rows(f->db, "SELECT ts_us, ts, end_us, end_ts, ts_raw,"
	    " ts_flags, source, action, operation, outcome, error_code,"
	    " error_message, actor, session, key_ref, key_ref_src, key_raw,"
	    " digest, artifact, version, repo, ref, commit_sha, run_ref,"
	    " job_ref, runner, src_ip, user_agent, native_id, dedup,"
	    " evidence_id, locator, line, offset, attrs FROM events",
	    "1768046400123456|2026-01-10T12:00:00.123456Z|1768046490000000|"
	    "2026-01-10T12:01:30Z|2026-01-10T12:00:00.123456Z|"
	    "assumed-utc,coarse|cloudtrail|sign|kms:Sign|failure|"
	    "AccessDenied|not allowed|arn:aws:iam::1:role/r|ASIA1/s|" KEY_A
	    "|key-id+region|alias/x|sha256:00ff|widget.tar.gz|v1.2.3|"
	    "acme/widget|refs/tags/v1.2.3|0123456789abcdef|run-7|job-8|"
	    "gh-runner|192.0.2.1|aws-cli/2|evt-1|cloudtrail:evt-1|1|"
	    "line 4, byte 1234|4|1234|"
	    "{\"alpha\":7,\"nested\":{\"k\":[1,true,null]},\"zeta\":\"z\"}\n");
	/* attrs is JSON that SQLite's functions read */
	assert_int_equal(q_int(f->db, "SELECT json_extract(attrs,"
	    " '$.nested.k[0]') + json_extract(attrs, '$.alpha') FROM events"),
	    8);
	/* raw is a BLOB, byte for byte, NULs included */
	assert_int_equal(sqlite3_prepare_v2(f->db, "SELECT typeof(raw), raw"
	    " FROM events", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0),
	    "blob");
	blob = sqlite3_column_blob(stmt, 1);
	assert_int_equal(sqlite3_column_bytes(stmt, 1), sizeof(raw) - 1);
	assert_memory_equal(blob, raw, sizeof(raw) - 1);
	sqlite3_finalize(stmt);

	/* a minimal event: times, optional text and attrs are NULL */
	event_init(&ev);
	ev.source = "cloudtrail";
	ev.action = "other";
	event_set(&ev.key_raw, "");
	ev.raw = "x";
	ev.raw_len = 1;
	assert_int_equal(store_event_insert(f->st, &ev, f->ev1, 0, 99,
	    &is_new, &owner), 0);
	assert_int_equal(is_new, 1);
	event_clear(&ev);
	assert_rows(f->db, "SELECT ts_us, ts, end_us, ts_flags, outcome,"
	    " key_ref, key_ref_src, key_raw, native_id, locator, line,"
	    " offset, attrs FROM events WHERE id = 2",
	    "NULL|NULL|NULL|NULL|success|NULL|NULL|NULL|NULL|byte 99|NULL|"
	    "99|NULL\n");
	/* key_ref without a source of its own says "record" */
	event_init(&ev);
	ev.source = "cloudtrail";
	ev.action = "sign";
	event_set(&ev.key_ref, KEY_B);
	ev.raw = "y";
	ev.raw_len = 1;
	assert_int_equal(store_event_insert(f->st, &ev, f->ev1, 0, 100,
	    &is_new, &owner), 0);
	event_clear(&ev);
	assert_rows(f->db, "SELECT key_ref_src FROM events WHERE id = 3",
	    "record\n");
	assert_int_equal(store_evidence_event_count(f->st, f->ev1), 3);
	assert_int_equal(store_evidence_event_count(f->st, f->ev2), 0);
}

static void
test_event_dedup(void **state)
{
	struct fx *f = *state;
	struct event ev;
	int64_t owner;

	/* by native id: same source and id, different bytes */
	mk_event(&ev, "id-1", "kms:Sign", "sign", T(1), KEY_A, NULL, NULL);
	assert_int_equal(put_event(f, &ev, f->ev1, 1), 0);
	mk_event(&ev, "id-1", "kms:Sign", "sign", T(2), KEY_B, NULL, NULL);
	ev.raw = "other bytes";
	ev.raw_len = 11;
	owner = put_event(f, &ev, f->ev2, 0);
	assert_int_equal(owner, f->ev1);
	/* the same id from another source is another event */
	mk_event(&ev, "id-1", "x:Y", "sign", T(1), NULL, NULL, NULL);
	ev.source = "github";
	assert_int_equal(put_event(f, &ev, f->ev2, 1), 0);

	/* by raw hash (and what was made of it) when there is no id */
	mk_event(&ev, NULL, "kms:Sign", "sign", T(3), NULL, NULL, NULL);
	ev.raw = "{\"same\":\0\"bytes\"}";
	ev.raw_len = 17;
	assert_int_equal(put_event(f, &ev, f->ev2, 1), 0);
	mk_event(&ev, NULL, "kms:Sign", "sign", T(3), NULL, NULL, NULL);
	ev.raw = "{\"same\":\0\"bytes\"}";
	ev.raw_len = 17;
	owner = put_event(f, &ev, f->ev1, 0);
	assert_int_equal(owner, f->ev2);
	/* a second event made from the same record is another event */
	mk_event(&ev, NULL, "kms:Verify", "verify", T(4), NULL, NULL, NULL);
	ev.raw = "{\"same\":\0\"bytes\"}";
	ev.raw_len = 17;
	assert_int_equal(put_event(f, &ev, f->ev2, 1), 0);
	/* one byte more (past the NUL) is another record */
	mk_event(&ev, NULL, "kms:Sign", "sign", T(3), NULL, NULL, NULL);
	ev.raw = "{\"same\":\0\"bytes\"}!";
	ev.raw_len = 18;
	assert_int_equal(put_event(f, &ev, f->ev2, 1), 0);
	/* a derived event without any record still gets an identity */
	mk_event(&ev, NULL, "hsm:gap", "audit.integrity", T(5), NULL, NULL,
	    NULL);
	assert_int_equal(put_event(f, &ev, f->ev2, 1), 0);
	mk_event(&ev, NULL, "hsm:gap", "audit.integrity", T(5), NULL, NULL,
	    NULL);
	assert_int_equal(put_event(f, &ev, f->ev1, 0), f->ev2);

	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 6);

	/* an event that breaks a constraint is an error, not a duplicate */
	mk_event(&ev, "id-9", "kms:Sign", NULL, T(1), NULL, NULL, NULL);
	assert_int_equal(store_event_insert(f->st, &ev, f->ev1, 1, 0,
	    &(int){0}, &owner), -1);
	event_clear(&ev);
	mk_event(&ev, "id-10", "kms:Sign", "sign", T(1), NULL, NULL, NULL);
	assert_int_equal(store_event_insert(f->st, &ev, 999, 1, 0,
	    &(int){0}, &owner), -1);
	event_clear(&ev);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 6);
	/* and the statements still work afterwards */
	mk_event(&ev, "id-11", "kms:Sign", "sign", T(1), NULL, NULL, NULL);
	assert_int_equal(put_event(f, &ev, f->ev1, 1), 0);
	mk_event(&ev, "id-11", "kms:Sign", "sign", T(1), NULL, NULL, NULL);
	assert_int_equal(put_event(f, &ev, f->ev2, 0), f->ev1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 7);
	assert_rows(f->db, "SELECT evidence_id, source, ts_us - 1768046400000000"
	    " FROM events WHERE native_id = 'id-1' ORDER BY id",
	    "1|cloudtrail|1000000\n2|github|1000000\n");
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events WHERE"
	    " native_id IS NULL AND (dedup NOT LIKE 'raw:%' OR"
	    " length(dedup) != 68)"), 0);
}

static void
test_sql_values_verbatim(void **state)
{
	struct fx *f = *state;
	struct event ev;
	struct evidence_rec e;
	int64_t id;

	mk_event(&ev, EVIL, EVIL, "sign", T(1), EVIL, EVIL, EVIL);
	event_set(&ev.actor, EVIL);
	event_set(&ev.user_agent, "\"; DROP TABLE evidence; --");
	assert_int_equal(put_event(f, &ev, f->ev1, 1), 0);
	evidence_init(&e, f->run, EVIL, "33");
	e.member = "x'); DROP TABLE keys;--";
	assert_int_equal(store_evidence_insert(f->st, &e), 0);
	assert_int_equal(store_warning(f->st, e.id, f->run, EVIL, EVIL, EVIL),
	    0);
	assert_int_equal(store_quarantine(f->st, e.id, 1, 0, EVIL, EVIL,
	    strlen(EVIL)), 0);
	assert_int_equal(store_evidence_seen(f->st, e.id, f->run, EVIL, EVIL),
	    0);
	assert_int_equal(store_rebuild_keys(f->st), 0);

	assert_rows(f->db, "SELECT native_id, operation, actor, key_ref,"
	    " key_raw, json_extract(attrs, '$.alias'), user_agent, dedup"
	    " FROM events", EVIL "|" EVIL "|" EVIL "|" EVIL "|" EVIL "|" EVIL
	    "|\"; DROP TABLE evidence; --|cloudtrail:" EVIL "\n");
	assert_rows(f->db, "SELECT path, member FROM evidence WHERE id = 3",
	    EVIL "|x'); DROP TABLE keys;--\n");
	assert_rows(f->db, "SELECT kind, locator, message FROM warnings",
	    EVIL "|" EVIL "|" EVIL "\n");
	assert_rows(f->db, "SELECT reason, CAST(raw AS TEXT) FROM quarantine",
	    EVIL "|" EVIL "\n");
	assert_rows(f->db, "SELECT canonical FROM keys", EVIL "\n");
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence"), 3);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'table'"), 13);
	/* the id of that event is found by a bound lookup too */
	id = q_int(f->db, "SELECT id FROM events");
	assert_int_equal(id, 1);
}

static void
test_quarantine_and_warnings(void **state)
{
	struct fx *f = *state;
	static const char bad[] = "{\"eventName\":\0\"broken";
	sqlite3_stmt *stmt;

	assert_int_equal(store_quarantine(f->st, f->ev1, 3, 250, "invalid JSON",
	    bad, sizeof(bad) - 1), 0);
	/* the same place again is one row */
	assert_int_equal(store_quarantine(f->st, f->ev1, 3, 250, "again",
	    "zz", 2), 0);
	assert_int_equal(store_quarantine(f->st, f->ev1, 0, 900, "too big",
	    NULL, 0), 0);
	assert_int_equal(store_quarantine(f->st, f->ev2, 3, 250, "other item",
	    "", 0), 0);
	assert_rows(f->db, "SELECT evidence_id, locator, line, offset, reason,"
	    " typeof(raw), length(raw) FROM quarantine ORDER BY id",
	    "1|line 3, byte 250|3|250|invalid JSON|blob|21\n"
	    "1|byte 900|NULL|900|too big|null|NULL\n"
	    "2|line 3, byte 250|3|250|other item|blob|0\n");
	assert_int_equal(sqlite3_prepare_v2(f->db, "SELECT raw FROM quarantine"
	    " WHERE id = 1", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_memory_equal(sqlite3_column_blob(stmt, 0), bad,
	    sizeof(bad) - 1);
	sqlite3_finalize(stmt);

	assert_int_equal(store_warning(f->st, f->ev1, f->run, "format", NULL,
	    "format not recognized"), 0);
	assert_int_equal(store_warning(f->st, 0, f->run, "path", "/x",
	    "cannot read"), 0);
	assert_int_equal(store_warning(f->st, 0, 0, "misc", "", "m"), 0);
	assert_rows(f->db, "SELECT run_id, evidence_id, kind, locator, message"
	    " FROM warnings ORDER BY id",
	    "1|1|format|NULL|format not recognized\n"
	    "1|NULL|path|/x|cannot read\n"
	    "NULL|NULL|misc|NULL|m\n");
	/* no reason: the bytes are kept all the same */
	assert_int_equal(store_quarantine(f->st, f->ev2, 0, 5, "", "r", 1), 0);
	assert_int_equal(store_quarantine(f->st, f->ev2, 0, 6, NULL, "s", 1),
	    0);
	assert_rows(f->db, "SELECT offset, reason, CAST(raw AS TEXT) FROM"
	    " quarantine WHERE offset IN (5, 6) ORDER BY id",
	    "5|(no reason given)|r\n6|(no reason given)|s\n");
	/* a quarantine row must name evidence that exists */
	assert_int_equal(store_quarantine(f->st, 999, 1, 1, "x", "x", 1), -1);
}

static void
test_locator(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(store_locator(12, 3456, b, sizeof(b)),
	    "line 12, byte 3456");
	assert_string_equal(store_locator(0, 7, b, sizeof(b)), "byte 7");
	assert_string_equal(store_locator(0, 0, b, sizeof(b)), "byte 0");
	assert_string_equal(store_locator(1, 0, b, 8), "line 1,");
}

/* ---- evidence --------------------------------------------------------- */

static void
test_evidence_rows(void **state)
{
	struct fx *f = *state;
	struct evidence_rec e, m;
	struct event ev;
	int64_t id = -1;

	evidence_init(&e, f->run, "logs/a.json.gz",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	e.abs_path = "/evidence/logs/a.json.gz";
	e.size = 1000;
	e.mtime_us = T(5);
	assert_int_equal(store_evidence_insert(f->st, &e), 0);
	assert_int_equal(e.id, 3);
	assert_rows(f->db, "SELECT run_id, parent_id, path, abs_path, member,"
	    " kind, sha256 = '" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaa', size, mtime, status, scope, ingested_at,"
	    " command_line, tool_version != '' FROM evidence WHERE id = 3",
	    "1|NULL|logs/a.json.gz|/evidence/logs/a.json.gz|NULL|file|1|"
	    "1000|2026-01-10T12:00:05Z|open|signing|2026-01-10T12:00:00Z|"
	    "sigtrail ingest x|1\n");
	/* not done yet: not found */
	assert_int_equal(store_evidence_find(f->st, e.sha256, "signing", &id),
	    0);

	/* one event, then the final counts */
	mk_event(&ev, "e-1", "kms:Sign", "sign", T(1), KEY_A, NULL, NULL);
	assert_int_equal(put_event(f, &ev, e.id, 1), 0);
	snprintf(e.content_sha256, sizeof(e.content_sha256), "%s", "cc");
	e.content_size = 5000;
	e.compression = "gzip";
	e.parser = "cloudtrail";
	e.records_read = 6;
	e.records_stored = 1;
	e.records_duplicate = 2;
	e.records_out_of_scope = 1;
	e.records_nonevent = 1;
	e.records_quarantined = 1;
	e.warnings = 2;
	e.status = "done";
	e.detail = "{\"k\":1}";
	e.mtime_us = INT64_MIN;
	assert_int_equal(store_evidence_update(f->st, &e), 0);
	assert_rows(f->db, "SELECT content_sha256, content_size, compression,"
	    " parser, records_read, records_stored, records_duplicate,"
	    " records_out_of_scope, records_nonevent, records_quarantined,"
	    " events_stored, warnings, status, detail, mtime FROM evidence"
	    " WHERE id = 3",
	    "cc|5000|gzip|cloudtrail|6|1|2|1|1|1|1|2|done|{\"k\":1}|NULL\n");

	/* scope: "signing" covers "signing" only */
	id = -1;
	assert_int_equal(store_evidence_find(f->st, e.sha256, "signing", &id),
	    1);
	assert_int_equal(id, e.id);
	assert_int_equal(store_evidence_find(f->st, e.sha256, "all", &id), 0);
	assert_int_equal(store_evidence_find(f->st, "cc", "signing", &id), 0);
	/* an "all" row covers both; the oldest covering row is named */
	evidence_init(&m, f->run, "copy.json.gz", e.sha256);
	m.scope = "all";
	m.status = "done";
	assert_int_equal(store_evidence_insert(f->st, &m), 0);
	assert_int_equal(store_evidence_find(f->st, e.sha256, "all", &id), 1);
	assert_int_equal(id, m.id);
	assert_int_equal(store_evidence_find(f->st, e.sha256, "signing", &id),
	    1);
	assert_int_equal(id, e.id);
	/* rows that did not finish cover nothing */
	evidence_init(&m, f->run, "u", "dd");
	m.status = "unrecognized";
	m.scope = "all";
	assert_int_equal(store_evidence_insert(f->st, &m), 0);
	m.status = "failed";
	assert_int_equal(store_evidence_insert(f->st, &m), 0);
	assert_int_equal(store_evidence_find(f->st, "dd", "signing", &id), 0);

	/* a member row under its archive */
	evidence_init(&m, f->run, "logs/a.json.gz", "ee");
	m.parent_id = e.id;
	m.member = "inner/b.json";
	m.kind = "member";
	assert_int_equal(store_evidence_insert(f->st, &m), 0);
	assert_rows(f->db, "SELECT parent_id, member, kind FROM evidence"
	    " WHERE sha256 = 'ee'", "3|inner/b.json|member\n");

	/* seen again under another name */
	assert_int_equal(store_evidence_seen(f->st, e.id, f->run, "again.gz",
	    NULL), 0);
	assert_int_equal(store_evidence_seen(f->st, e.id, f->run, "t.tar",
	    "x/a.json.gz"), 0);
	assert_rows(f->db, "SELECT evidence_id, run_id, path, member, seen_at"
	    " FROM evidence_seen ORDER BY id",
	    "3|1|again.gz|NULL|2026-01-10T12:00:00Z\n"
	    "3|1|t.tar|x/a.json.gz|2026-01-10T12:00:00Z\n");

	/* a run that does not exist is refused */
	evidence_init(&m, 999, "x", "ff");
	assert_int_equal(store_evidence_insert(f->st, &m), -1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence WHERE"
	    " sha256 = 'ff'"), 0);
}

static void
test_transactions(void **state)
{
	struct fx *f = *state;

	assert_int_equal(store_rollback(f->st), 0);	/* none open */
	assert_int_equal(store_begin(f->st), 0);
	add_evidence(f->st, f->run, "t1", "t1");
	assert_int_equal(store_rollback(f->st), 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence"), 2);
	assert_int_equal(store_begin(f->st), 0);
	add_evidence(f->st, f->run, "t2", "t2");
	assert_int_equal(store_commit(f->st), 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence"), 3);
	assert_int_equal(store_commit(f->st), -1);	/* none open */
	assert_int_equal(store_exec(f->st, "SELECT no_such_function()"), -1);
}

/* The statements of the connection (sqlite3_next_stmt walks them). */
static int
n_stmts(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	int n = 0;

	while ((s = sqlite3_next_stmt(db, s)) != NULL)
		n++;
	return n;
}

/* A statement of the connection starts with sql. */
static int
has_stmt(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;

	while ((s = sqlite3_next_stmt(db, s)) != NULL)
		if (strncmp(sqlite3_sql(s), sql, strlen(sql)) == 0)
			return 1;
	return 0;
}

/*
 * store_exec keeps its statements prepared: running a string again
 * prepares nothing new; a string whose first statement creates what the
 * next one names works from its first run; an error in a later statement
 * stops there (the earlier ones ran, as with sqlite3_exec) and the next run
 * prepares it again.  A PRAGMA acts when prepared, and SQLite prepares
 * one again each time it runs: kept, it still acts every time.
 */
static const struct pragma_row {
	const char	*set, *get;
	int		 want;
} pragmas[] = {
	{ "PRAGMA synchronous = OFF", "PRAGMA synchronous", 0 },
	{ "PRAGMA synchronous = FULL", "PRAGMA synchronous", 2 },
	{ "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys", 0 },
	{ "PRAGMA foreign_keys = ON", "PRAGMA foreign_keys", 1 },
};
#define NPRAGMAS (sizeof(pragmas) / sizeof(pragmas[0]))

static void
test_exec_keeps_statements(void **state)
{
	struct fx *f = *state;
	static const char fill[] = "CREATE TEMP TABLE IF NOT EXISTS t (x);"
	    " DELETE FROM temp.t; INSERT INTO temp.t VALUES (1), (2);";
	static const char late[] = "INSERT INTO temp.t VALUES (3);"
	    " INSERT INTO temp.u VALUES (4)";
	int n, i;

	n = n_stmts(f->db);
	assert_int_equal(store_exec(f->st, fill), 0);
	assert_int_equal(n_stmts(f->db), n + 3);	/* kept, one each */
	n += 3;
	for (i = 0; i < 3; i++) {
		assert_int_equal(store_exec(f->st, fill), 0);
		assert_int_equal(n_stmts(f->db), n);
	}
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM temp.t"), 2);
	assert_int_equal(store_exec(f->st, late), -1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM temp.t"), 3);
	assert_int_equal(store_exec(f->st, "CREATE TEMP TABLE u (y)"), 0);
	assert_int_equal(store_exec(f->st, late), 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM temp.u"), 1);
	/* the evidence rows' statements too (setup added two) */
	n = n_stmts(f->db);
	add_evidence(f->st, f->run, "three.json", "33");
	assert_int_equal(n_stmts(f->db), n);
	assert_true(has_stmt(f->db, "INSERT INTO evidence ("));
	for (i = 0; i < 3 * (int)NPRAGMAS; i++) {
		const struct pragma_row *r = &pragmas[i % NPRAGMAS];

		assert_int_equal(store_exec(f->st, r->set), 0);
		assert_int_equal(q_int(f->db, r->get), r->want);
	}
}

/* ---- keys ------------------------------------------------------------- */

static const char sql_keys[] =
    "SELECT canonical, label, kind, first_seen, last_seen, events FROM keys"
    " ORDER BY canonical";
static const char sql_refs[] =
    "SELECT k.canonical, r.kind, r.value, r.valid_from, r.valid_to,"
    " r.origin, r.event_id FROM key_refs r JOIN keys k ON k.id = r.key_id"
    " ORDER BY k.canonical, r.kind, r.value, r.valid_from_us";
static const char sql_ev_keys[] =
    "SELECT native_id, key_ref, key_ref_src FROM events ORDER BY id";

static void
add_alias_history(struct fx *f)
{
	struct event ev;

	/* inserted out of time order: Update, Delete, then Create */
	mk_event(&ev, "upd", "kms:UpdateAlias", "key.alias", T(30), KEY_B,
	    "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "alias/x");
	put_event(f, &ev, f->ev1, 1);				/* id 1 */
	mk_event(&ev, "del", "kms:DeleteAlias", "key.alias", T(50), KEY_B,
	    NULL, "alias/x");
	put_event(f, &ev, f->ev1, 1);				/* id 2 */
	mk_event(&ev, "cre", "kms:CreateAlias", "key.alias", T(10), KEY_A,
	    "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "alias/x");
	put_event(f, &ev, f->ev2, 1);				/* id 3 */
	/* uses of the alias alone, before, during and after */
	mk_event(&ev, "s25", "kms:Sign", "sign", T(25), NULL, "alias/x",
	    NULL);
	put_event(f, &ev, f->ev2, 1);				/* id 4 */
	mk_event(&ev, "s40", "kms:Sign", "sign", T(40), NULL,
	    "arn:aws:kms:eu-west-1:111122223333:alias/x", NULL);
	put_event(f, &ev, f->ev2, 1);				/* id 5 */
	mk_event(&ev, "s60", "kms:Sign", "sign", T(60), NULL, "alias/x",
	    NULL);
	put_event(f, &ev, f->ev2, 1);				/* id 6 */
	mk_event(&ev, "s05", "kms:Sign", "sign", T(5), NULL, "alias/x",
	    NULL);
	put_event(f, &ev, f->ev2, 1);				/* id 7 */
	/* a use with both the key and the alias */
	mk_event(&ev, "s20", "kms:Sign", "sign", T(20), KEY_A, "alias/x",
	    NULL);
	put_event(f, &ev, f->ev2, 1);				/* id 8 */
	/* a failed CreateAlias makes no range */
	mk_event(&ev, "bad", "kms:CreateAlias", "key.alias", T(15), KEY_C,
	    NULL, "alias/y");
	ev.failed = 1;
	put_event(f, &ev, f->ev2, 1);				/* id 9 */
	/* exactly at the switch: the new target */
	mk_event(&ev, "s30", "kms:Sign", "sign", T(30), NULL, "alias/x",
	    NULL);
	put_event(f, &ev, f->ev2, 1);				/* id 10 */
	mk_event(&ev, "c70", "kms:Sign", "sign", T(70), KEY_C, KEY_C, NULL);
	put_event(f, &ev, f->ev2, 1);				/* id 11 */
	mk_event(&ev, "y16", "kms:Sign", "sign", T(16), NULL, "alias/y",
	    NULL);
	put_event(f, &ev, f->ev2, 1);				/* id 12 */
	/* fractions of a second: the text of ts does not sort */
	mk_event(&ev, "c15h", "kms:Sign", "sign", T(15) + 500000, KEY_C, NULL,
	    NULL);
	put_event(f, &ev, f->ev2, 1);				/* id 13 */
	mk_event(&ev, "c70q", "kms:Sign", "sign", T(70) + 250000, KEY_C, NULL,
	    NULL);
	put_event(f, &ev, f->ev2, 1);				/* id 14 */
}

static void
test_rebuild_keys(void **state)
{
	struct fx *f = *state;
	char *keys, *refs, *evs;

	add_alias_history(f);
	assert_int_equal(store_rebuild_keys(f->st), 0);

	assert_rows(f->db, sql_keys,
	    KEY_A "|alias/x (aaaaaaaa)|aws-kms|2026-01-10T12:00:10Z|"
	    "2026-01-10T12:00:25Z|3\n"
	    KEY_B "|alias/x (bbbbbbbb)|aws-kms|2026-01-10T12:00:30Z|"
	    "2026-01-10T12:00:50Z|4\n"
	    KEY_C "|cccccccc-cccc-4ccc-8ccc-cccccccccccc|aws-kms|"
	    "2026-01-10T12:00:15Z|2026-01-10T12:01:10.250000Z|4\n");
	assert_rows(f->db, sql_refs,
	    KEY_A "|alias|alias/x|2026-01-10T12:00:10Z|2026-01-10T12:00:30Z|"
	    "alias-history|3\n"
	    KEY_A "|alias-observed|alias/x|2026-01-10T12:00:20Z|"
	    "2026-01-10T12:00:20Z|requests|NULL\n"
	    KEY_A "|canonical|" KEY_A "|NULL|NULL|events|NULL\n"
	    KEY_A "|kms-key-id|aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa|NULL|NULL|"
	    "arn|NULL\n"
	    KEY_A "|requested|aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa|"
	    "2026-01-10T12:00:10Z|2026-01-10T12:00:10Z|requests|NULL\n"
	    KEY_B "|alias|alias/x|2026-01-10T12:00:30Z|2026-01-10T12:00:50Z|"
	    "alias-history|1\n"
	    KEY_B "|canonical|" KEY_B "|NULL|NULL|events|NULL\n"
	    KEY_B "|kms-key-id|bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb|NULL|NULL|"
	    "arn|NULL\n"
	    KEY_B "|requested|bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb|"
	    "2026-01-10T12:00:30Z|2026-01-10T12:00:30Z|requests|NULL\n"
	    KEY_C "|canonical|" KEY_C "|NULL|NULL|events|NULL\n"
	    KEY_C "|kms-key-id|cccccccc-cccc-4ccc-8ccc-cccccccccccc|NULL|NULL|"
	    "arn|NULL\n");
	assert_rows(f->db, sql_ev_keys,
	    "upd|" KEY_B "|record\n"
	    "del|" KEY_B "|record\n"
	    "cre|" KEY_A "|record\n"
	    "s25|" KEY_A "|alias-history\n"
	    "s40|" KEY_B "|alias-history\n"
	    "s60|NULL|NULL\n"
	    "s05|NULL|NULL\n"
	    "s20|" KEY_A "|record\n"
	    "bad|" KEY_C "|record\n"
	    "s30|" KEY_B "|alias-history\n"
	    "c70|" KEY_C "|record\n"
	    "y16|NULL|NULL\n"
	    "c15h|" KEY_C "|record\n"
	    "c70q|" KEY_C "|record\n");

	/* twice gives the same tables */
	keys = q_rows(f->db, "SELECT * FROM keys ORDER BY id");
	refs = q_rows(f->db, "SELECT * FROM key_refs ORDER BY id");
	evs = q_rows(f->db, "SELECT id, key_ref, key_ref_src FROM events"
	    " ORDER BY id");
	assert_int_equal(store_rebuild_keys(f->st), 0);
	assert_rows(f->db, "SELECT * FROM keys ORDER BY id", keys);
	assert_rows(f->db, "SELECT * FROM key_refs ORDER BY id", refs);
	assert_rows(f->db, "SELECT id, key_ref, key_ref_src FROM events"
	    " ORDER BY id", evs);
	free(keys);
	free(refs);
	free(evs);
}

/* SQLITE_TRACE_PROFILE: the most full-scan steps any statement took. */
static int
most_scan_steps(unsigned type, void *arg, void *stmt, void *ns)
{
	int *most = arg;
	int n = sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);

	if (n > *most)
		*most = n;
	return 0;
}

/*
 * The derivations that follow every ingest find their events through
 * indexes: none of their statements walks the events table, whose
 * thousands of rows here are KMS requests by key id and by alias.  (By
 * source, by key_ref_src or by key_raw alone, they each walked the whole
 * table: 31 s of an ingest into a 12 GB case, whatever it added.)
 */
static void
test_derive_reads_indexes(void **state)
{
	struct fx *f = *state;
	struct parse_opts o;
	struct event ev;
	char id[32];
	int i, most = 0;

	memset(&o, 0, sizeof(o));
	add_alias_history(f);
	for (i = 0; i < 3000; i++) {
		snprintf(id, sizeof(id), "dec%d", i);
		mk_event(&ev, id, "kms:Decrypt", "other", T(100 + i),
		    i % 3 ? KEY_A : NULL, i % 3 == 1 ?
		    "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" : "alias/x", NULL);
		put_event(f, &ev, f->ev1, 1);
	}
	assert_int_equal(derive_all(f->st, &o), 0);
	/* the same again, counting: the first run moved events to keys */
	sqlite3_trace_v2(f->db, SQLITE_TRACE_PROFILE, most_scan_steps, &most);
	assert_int_equal(derive_all(f->st, &o), 0);
	sqlite3_trace_v2(f->db, 0, NULL, NULL);
	assert_in_range(most, 0, 100);
	assert_int_equal(q_int(f->db, "SELECT events FROM keys WHERE"
	    " canonical = '" KEY_A "'"), 3 + 2000);
}

static void
test_rebuild_keys_new_events(void **state)
{
	struct fx *f = *state;
	struct event ev;

	/* an empty case has no keys */
	assert_int_equal(store_rebuild_keys(f->st), 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM keys"), 0);
	add_alias_history(f);
	assert_int_equal(store_rebuild_keys(f->st), 0);
	/* a later ingest adds an older CreateAlias for alias/y: rebuilt */
	mk_event(&ev, "ycre", "kms:CreateAlias", "key.alias", T(12), KEY_C,
	    NULL, "alias/y");
	put_event(f, &ev, f->ev1, 1);
	assert_int_equal(store_rebuild_keys(f->st), 0);
	assert_rows(f->db, "SELECT key_ref, key_ref_src FROM events WHERE"
	    " native_id = 'y16'", KEY_C "|alias-history\n");
	assert_rows(f->db, "SELECT label, events FROM keys WHERE canonical = '"
	    KEY_C "'", "alias/y (cccccccc)|6\n");
	assert_rows(f->db, "SELECT value, valid_from, valid_to FROM key_refs"
	    " WHERE kind = 'alias' ORDER BY valid_from_us",
	    "alias/x|2026-01-10T12:00:10Z|2026-01-10T12:00:30Z\n"
	    "alias/y|2026-01-10T12:00:12Z|NULL\n"
	    "alias/x|2026-01-10T12:00:30Z|2026-01-10T12:00:50Z\n");
}

/* ---- read-only guard -------------------------------------------------- */

static int
try_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	sqlite3_free(msg);
	return rc;
}

static void
check_guard(sqlite3 *db)
{
	static const char *const refused[] = {
		"INSERT INTO runs (command, command_line, tool_version,"
		    " started_at) VALUES ('a', 'b', 'c', 'd')",
		"UPDATE events SET action = 'x'",
		"DELETE FROM events",
		"DROP TABLE events",
		"DROP INDEX events_ts",
		"CREATE TABLE t (a)",
		"CREATE TEMP TABLE t (a)",
		"CREATE TEMP VIEW v AS SELECT 1",
		"CREATE INDEX i ON events(actor)",
		"ALTER TABLE events ADD COLUMN z",
		"ATTACH DATABASE ':memory:' AS other",
		"ATTACH DATABASE '/tmp/sigtrail-guard-never.db' AS other",
		"PRAGMA writable_schema = 1",
		"PRAGMA user_version = 5",
		"PRAGMA query_only = 0",
		"PRAGMA journal_mode = DELETE",
		"PRAGMA foreign_keys = OFF",
		"PRAGMA trusted_schema = 1",
		"VACUUM",
		"REINDEX",
		"ANALYZE",
		"BEGIN; DELETE FROM events; COMMIT",
		"SELECT 1; DELETE FROM events",
		"WITH x AS (SELECT 1) DELETE FROM events",
		"SELECT load_extension('/tmp/nothing.so')",
		"REPLACE INTO keys (id, canonical) VALUES (1, 'x')",
		"SAVEPOINT s",
		NULL
	};
	static const char *const allowed[] = {
		"SELECT * FROM events",
		"SELECT count(*) FROM events e JOIN evidence v ON"
		    " v.id = e.evidence_id",
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
		    " WHERE i < 5) SELECT sum(i) FROM n",
		"SELECT json_extract(attrs, '$.alias') FROM events",
		"PRAGMA table_info(events)",
		"PRAGMA main.table_info(events)",
		"PRAGMA table_xinfo(evidence)",
		"PRAGMA index_list(events)",
		"PRAGMA index_info(events_ts)",
		"PRAGMA foreign_key_list(events)",
		"PRAGMA user_version",
		"PRAGMA schema_version",
		"SELECT * FROM sqlite_master",
		NULL
	};
	size_t i;

	for (i = 0; refused[i]; i++) {
		if (try_sql(db, refused[i]) == SQLITE_OK)
			fail_msg("guard let through: %s", refused[i]);
	}
	for (i = 0; allowed[i]; i++) {
		if (try_sql(db, allowed[i]) != SQLITE_OK)
			fail_msg("guard refused: %s: %s", allowed[i],
			    sqlite3_errmsg(db));
	}
	assert_int_equal(access("/tmp/sigtrail-guard-never.db", F_OK), -1);
	assert_int_equal(q_int(db, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(q_int(db, "SELECT count(*) FROM events"), 1);
	assert_int_equal(q_int(db, "SELECT count(*) FROM runs"), 1);
	assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_temp_master"),
	    0);
}

static void
test_guard_readonly(void **state)
{
	struct fx *f = *state;
	struct store *st = NULL;
	struct diag d;
	struct event ev;
	char path[512];
	int64_t run, evid;

	/* a real case on disk, opened the way read commands open it */
	tmp_dir(f->dir, sizeof(f->dir));
	snprintf(path, sizeof(path), "%s/case.db", f->dir);
	diag_clear(&d);
	assert_int_equal(store_open(path, STORE_RW, &st, &d), 0);
	run = store_run_begin(st, "ingest", "x", T0);
	evid = add_evidence(st, run, "a.json", "aa");
	mk_event(&ev, "id", "kms:Sign", "sign", T(1), KEY_A, NULL, NULL);
	assert_int_equal(store_event_insert(st, &ev, evid, 1, 0, &(int){0},
	    &(int64_t){0}), 0);
	event_clear(&ev);
	store_close(st);

	assert_int_equal(store_open(path, STORE_RO, &st, &d), 0);
	assert_int_equal(store_guard_readonly(st), 0);
	check_guard(store_db(st));
	store_close(st);

	/* the guard holds on a read-write connection as well */
	assert_int_equal(store_open(path, STORE_RW, &st, &d), 0);
	assert_int_equal(store_guard_readonly(st), 0);
	check_guard(store_db(st));
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_memory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_workflow_column, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reopen_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_open_refusals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_event_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_event_dedup, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sql_values_verbatim, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_quarantine_and_warnings,
		    setup, teardown),
		cmocka_unit_test(test_locator),
		cmocka_unit_test_setup_teardown(test_evidence_rows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_exec_keeps_statements,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_rebuild_keys, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_derive_reads_indexes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_rebuild_keys_new_events,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_guard_readonly, setup,
		    teardown),
	};

	err_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
