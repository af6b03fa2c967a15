/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ingest.c - libFuzzer target for the whole intake of one input:
 * decompression filters and archive formats through libarchive, format
 * detection, splitting, parsing, the case file and the derivations, with
 * small limits so that bombs and deep nesting are cut quickly.  The input
 * is handed over as a memory file, like a file given on the command line.
 *
 * Each input goes through the steps of `sigtrail ingest`: bulk-load mode
 * (items are savepoints of a batch transaction), a run row, the intake,
 * the derivations when there are events, then store_finish().  Opening a
 * case parses its schema and runs the migration checks, which cost more
 * than the intake of a small input, so one case is opened for the
 * process, in memory (the pager's file writes are not what is fuzzed
 * here, and they were an eighth of the time), and every table is emptied
 * before each store_finish(): the next input finds the case as a new one
 * would be (no rows, ids from 1), and an input replayed alone behaves as
 * it did in the run.  The store's prepared statements are kept across
 * inputs too, as they are across the items of one ingest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "derive.h"
#include "err.h"
#include "ingest.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *fz_case;	/* kept for the process */
static struct buf empty_sql = BUF_INIT;	/* empties every table */

static void
close_case(void)
{
	store_close(fz_case);
	fz_case = NULL;
	buf_release(&empty_sql);
}

/*
 * Appends to empty_sql a DELETE of every table, each after the tables
 * that refer to it (ordered by the longest chain of references to it), so
 * that the foreign keys hold at every step.  They are not turned off
 * instead: a PRAGMA that changes them expires every prepared statement of
 * the connection, and the store keeps its statements prepared from one
 * item to the next.
 */
static void
empty_order(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(db, "WITH RECURSIVE"
	    " t(name) AS (SELECT name FROM sqlite_schema WHERE type = 'table'"
	    "  AND substr(name, 1, 7) <> 'sqlite_'),"
	    " fk(child, parent) AS (SELECT t.name, f.\"table\" FROM t"
	    "  JOIN pragma_foreign_key_list(t.name) f WHERE f.\"table\" <> t.name),"
	    " depth(name, d) AS (SELECT name, 0 FROM t UNION ALL"
	    "  SELECT fk.parent, depth.d + 1 FROM depth JOIN fk"
	    "  ON fk.child = depth.name WHERE depth.d < 64)"
	    " SELECT name FROM depth GROUP BY name ORDER BY max(d), name",
	    -1, &stmt, NULL) != SQLITE_OK)
		abort();
	while (sqlite3_step(stmt) == SQLITE_ROW)
		buf_addf(&empty_sql, " DELETE FROM \"%s\";",
		    (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
}

/* Opens the case the first time: a new in-memory case. */
static void
open_case(void)
{
	struct diag d;

	if (fz_case)
		return;
	if (store_open(":memory:", STORE_RW, &fz_case, &d) < 0)
		abort();
	atexit(close_case);
	buf_addstr(&empty_sql, "SAVEPOINT empty;");
	empty_order(store_db(fz_case));
	buf_addstr(&empty_sql, " RELEASE empty");
}

static int
has_events(struct store *st)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT 1 FROM events LIMIT 1",
	    -1, &stmt, NULL) != SQLITE_OK)
		abort();
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		abort();
	return rc == SQLITE_ROW;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ingest_opts o;
	struct ingest ig;
	struct stat sb;
	int fd;

	err_set_quiet(1);
	open_case();
	ingest_opts_init(&o);
	o.max_record = 1 << 20;
	o.max_member = 4 << 20;
	o.ratio_after = 1 << 20;
	o.max_entries = 64;
	o.warn_limit = 0;
	memset(&ig, 0, sizeof(ig));
	ig.st = fz_case;
	ig.o = &o;
	if (store_ingest_mode(fz_case) < 0)
		abort();
	ig.run_id = store_run_begin(fz_case, "fuzz", "fuzz", 0);
	fd = memfd_create("fuzz-input", 0);
	if (fd < 0 || ig.run_id < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	if (lseek(fd, 0, SEEK_SET) < 0 || fstat(fd, &sb) < 0)
		abort();
	if (ingest_fd(&ig, fd, "fuzz-input", &sb) < 0)
		abort();	/* only a store failure may fail, never input */
	close(fd);
	/* the derivations read events: over none they do nothing */
	if (has_events(fz_case) && derive_all(fz_case, &o.parse) < 0)
		abort();
	if (store_exec(fz_case, empty_sql.s) < 0 || store_finish(fz_case) < 0)
		abort();
	return 0;
}
