/* SPDX-License-Identifier: MIT */
/*
 * test_store_bulk.c - unit tests of the bulk-load mode of core/store.c
 * (store_ingest_mode .. store_finish): store_begin/commit/rollback still
 * make and undo one item each, inside batched transactions; the batch is
 * committed once big enough and by store_finish; the durable settings
 * come back afterwards and store_finish writes the case to disk; what a
 * killed process leaves is the committed batches only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "err.h"
#include "store.h"

#define T0	INT64_C(1768046400000000)	/* 2026-01-10T12:00:00Z */

/*
 * The default VFS with the syncs of main database files counted: its
 * xOpen is the real one, then the file's methods are swapped for a copy
 * whose xSync counts and calls the real xSync.
 */
static sqlite3_vfs count_vfs;
static sqlite3_vfs *real_vfs;
static const sqlite3_io_methods *real_io;
static sqlite3_io_methods count_io;
static int main_syncs;

static int
count_sync(sqlite3_file *file, int flags)
{
	main_syncs++;
	return real_io->xSync(file, flags);
}

static int
count_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file,
    int flags, int *out_flags)
{
	int rc = real_vfs->xOpen(real_vfs, name, file, flags, out_flags);

	(void)vfs;
	if (rc != SQLITE_OK || !(flags & SQLITE_OPEN_MAIN_DB) ||
	    file->pMethods == NULL)
		return rc;
	if (real_io == NULL) {
		real_io = file->pMethods;
		count_io = *real_io;
		count_io.xSync = count_sync;
	}
	if (file->pMethods == real_io)
		file->pMethods = &count_io;
	return rc;
}

static void
count_syncs_by_default(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	count_vfs = *real_vfs;
	count_vfs.zName = "sigtrail-count-syncs";
	count_vfs.xOpen = count_open;
	sqlite3_vfs_register(&count_vfs, 1);
}

struct fx {
	char		 path[64];
	struct store	*st;
	int64_t		 run;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct diag d;
	int fd;

	if (f == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "/tmp/sigtrail-bulk.XXXXXX");
	fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(f->path);
	if (store_open(f->path, STORE_RW, &f->st, &d) < 0)
		return -1;
	f->run = store_run_begin(f->st, "ingest", "sigtrail ingest x", T0);
	*state = f;
	return f->run > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char j[80];

	store_close(f->st);
	unlink(f->path);
	snprintf(j, sizeof(j), "%s-journal", f->path);
	unlink(j);
	free(f);
	return 0;
}

static void
add(struct fx *f, const char *sha)
{
	struct evidence_rec e;

	memset(&e, 0, sizeof(e));
	e.run_id = f->run;
	e.path = sha;
	e.kind = "file";
	e.status = "done";
	e.scope = "signing";
	e.mtime_us = INT64_MIN;
	snprintf(e.sha256, sizeof(e.sha256), "%s", sha);
	assert_int_equal(store_evidence_insert(f->st, &e), 0);
}

static int64_t
count(struct fx *f)
{
	sqlite3_stmt *s;
	int64_t n = -1;

	if (sqlite3_prepare_v2(store_db(f->st), "SELECT count(*) FROM evidence",
	    -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* Rows another connection sees: what is committed. */
static int64_t
committed(struct fx *f)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t n = -1;

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM evidence", -1, &s,
	    NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* One value of a pragma, as text. */
static void
assert_pragma(struct fx *f, const char *sql, const char *want)
{
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), sql, -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), want);
	sqlite3_finalize(s);
}

static void
test_items_in_a_batch(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = store_db(f->st);

	assert_int_equal(store_ingest_mode(f->st), 0);
	assert_pragma(f, "PRAGMA journal_mode", "truncate");
	assert_pragma(f, "PRAGMA synchronous", "0");
	assert_int_equal(store_rollback(f->st), 0);	/* none open */
	assert_int_equal(store_commit(f->st), -1);	/* none open */
	assert_int_equal(store_begin(f->st), 0);
	add(f, "a");
	assert_int_equal(store_commit(f->st), 0);
	/* committed as an item, not yet as a batch */
	assert_int_equal(sqlite3_get_autocommit(db), 0);
	assert_int_equal(store_begin(f->st), 0);
	assert_int_equal(store_begin(f->st), -1);	/* one at a time */
	add(f, "b");
	assert_int_equal(store_rollback(f->st), 0);	/* b only */
	assert_int_equal(count(f), 1);
	assert_int_equal(store_begin(f->st), 0);
	add(f, "c");
	assert_int_equal(store_commit(f->st), 0);
	assert_int_equal(count(f), 2);
	assert_int_equal(store_finish(f->st), 0);
	assert_int_equal(sqlite3_get_autocommit(db), 1);
	assert_int_equal(committed(f), 2);
	assert_pragma(f, "PRAGMA journal_mode", "delete");
	assert_pragma(f, "PRAGMA synchronous", "2");
	/* and back to one transaction each */
	assert_int_equal(store_begin(f->st), 0);
	add(f, "d");
	assert_int_equal(store_commit(f->st), 0);
	assert_int_equal(sqlite3_get_autocommit(db), 1);
	assert_int_equal(committed(f), 3);
}

static void
test_batch_commits_when_big(void **state)
{
	struct fx *f = *state;
	char sha[32];
	int i;

	assert_int_equal(store_ingest_mode(f->st), 0);
	/* a batch is committed once it holds 20,000 changed rows */
	for (i = 0; i < 20001 && committed(f) == 0; i += 1000) {
		int k;

		assert_int_equal(store_begin(f->st), 0);
		for (k = 0; k < 1000; k++) {
			snprintf(sha, sizeof(sha), "%d", i + k);
			add(f, sha);
		}
		assert_int_equal(store_commit(f->st), 0);
	}
	assert_true(committed(f) >= 20000);
	assert_int_equal(store_finish(f->st), 0);
	assert_int_equal(committed(f), count(f));
}

/* Batches are committed without syncs; store_finish syncs the case. */
static void
test_finish_syncs(void **state)
{
	struct fx *f = *state;

	assert_int_equal(store_ingest_mode(f->st), 0);
	main_syncs = 0;
	assert_int_equal(store_begin(f->st), 0);
	add(f, "a");
	assert_int_equal(store_commit(f->st), 0);
	assert_int_equal(main_syncs, 0);
	assert_int_equal(store_finish(f->st), 0);
	assert_true(main_syncs >= 1);
	assert_int_equal(committed(f), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_items_in_a_batch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_batch_commits_when_big,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_syncs, setup,
		    teardown),
	};

	err_set_quiet(1);
	count_syncs_by_default();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
