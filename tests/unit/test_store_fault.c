/* SPDX-License-Identifier: MIT */
/*
 * test_store_fault.c - I/O errors under an ingest: a VFS wrapped around
 * SQLite's default one fails the N-th write (or sync, truncate) or the
 * N-th read of the case file and its journal, once or from then on, for
 * N spread over every such call a clean ingest of part of samples/ makes,
 * into a new case or one holding part of that evidence already (SQLite's
 * own I/O-error loop, at our level).  Each time the ingest must
 * fail cleanly or succeed, never crash; then, with the faults off, the
 * case must open, pass PRAGMA integrity_check, and a second ingest of the
 * same evidence must leave it equal to a clean run's (events, evidence,
 * quarantine).
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

#include "derive.h"
#include "err.h"
#include "helpers.h"
#include "ingest.h"
#include "store.h"

/* Evidence of several formats, about a megabyte in all. */
static const char *const evidence[] = {
	"samples/evidence/vault",
	"samples/evidence/rekor",
	"samples/evidence/registry",
	"samples/evidence/yubihsm",
	"samples/evidence/pki",
};
#define NEVIDENCE (sizeof(evidence) / sizeof(evidence[0]))

/* Fault points tried per mode: every one at first, then spread out. */
#define POINTS	48

enum fault_op { FAULT_WRITE, FAULT_READ };

static struct {
	int		 armed;		/* 0: every call goes through */
	enum fault_op	 op;
	int		 persistent;	/* fail every call after the first */
	long		 at;		/* the call that fails (1-based) */
	long		 calls;		/* calls of op seen while armed */
	int		 hit;
} fault;

struct ffile {
	sqlite3_file	 base;
	sqlite3_file	*real;		/* right after this struct */
};

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;

static int
fail_now(enum fault_op op)
{
	if (!fault.armed || op != fault.op)
		return 0;
	fault.calls++;
	if (fault.hit && fault.persistent)
		return 1;
	if (fault.calls == fault.at) {
		fault.hit = 1;
		return 1;
	}
	return 0;
}

#define REAL(f)	(((struct ffile *)(f))->real)

static int
f_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int
f_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	if (fail_now(FAULT_READ))
		return SQLITE_IOERR_READ;
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}

static int
f_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	if (fail_now(FAULT_WRITE))
		return SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}

static int
f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (fail_now(FAULT_WRITE))
		return SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int
f_sync(sqlite3_file *f, int flags)
{
	if (fail_now(FAULT_WRITE))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int
f_lock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int
f_unlock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int
f_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
f_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int
f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
f_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

/* Version 1: no shared memory (no WAL) and no memory mapping. */
static const sqlite3_io_methods faulty_methods = {
	1, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock,
	f_unlock, f_reserved, f_control, f_sector, f_device,
	NULL, NULL, NULL, NULL, NULL, NULL,
};

static int
f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out)
{
	struct ffile *ff = (struct ffile *)f;
	int rc;

	ff->real = (sqlite3_file *)&ff[1];
	ff->base.pMethods = NULL;
	rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out);
	if (ff->real->pMethods != NULL)
		ff->base.pMethods = &faulty_methods;
	return rc;
}

static int
vfs_setup(void **state)
{
	real_vfs = sqlite3_vfs_find(NULL);
	if (real_vfs == NULL)
		return -1;
	faulty_vfs = *real_vfs;
	faulty_vfs.zName = "sigtrail-faulty";
	faulty_vfs.szOsFile = (int)sizeof(struct ffile) + real_vfs->szOsFile;
	faulty_vfs.xOpen = f_open;
	faulty_vfs.pNext = NULL;
	err_set_quiet(1);
	return sqlite3_vfs_register(&faulty_vfs, 1) == SQLITE_OK ? 0 : -1;
}

/*
 * One ingest of the first n evidence paths into the case at path, as
 * cmd_ingest runs it.  Returns 0, or -1 at the first failure (faults
 * allowed).
 */
static int
ingest_once(const char *path, size_t n)
{
	struct ingest_opts o;
	struct ingest ig;
	struct store *st = NULL;
	struct diag d;
	char p[4096];
	size_t i;
	int ret = 0;

	if (store_open(path, STORE_RW, &st, &d) < 0)
		return -1;
	ingest_opts_init(&o);
	o.jobs = 1;
	o.warn_limit = 0;
	memset(&ig, 0, sizeof(ig));
	ig.st = st;
	ig.o = &o;
	if (store_ingest_mode(st) < 0 ||
	    (ig.run_id = store_run_begin(st, "ingest", "test", 0)) < 0)
		ret = -1;
	for (i = 0; ret == 0 && i < n; i++) {
		snprintf(p, sizeof(p), "%s/%s", srcdir(), evidence[i]);
		if (ingest_path(&ig, p) < 0)
			ret = -1;
	}
	if (ret == 0 && derive_all(st, &o.parse) < 0)
		ret = -1;
	if (store_finish(st) < 0)
		ret = -1;
	store_close(st);
	return ret;
}

/* What a case holds, to compare two: counts and a digest of the rows. */
static char *
case_state(const char *path)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM events) || ' ' ||"
	    " (SELECT count(*) FROM evidence) || ' ' ||"
	    " (SELECT count(*) FROM quarantine) || ' ' ||"
	    " (SELECT group_concat(dedup, ',') FROM (SELECT dedup FROM events"
	    " ORDER BY dedup)) || ' ' ||"
	    " (SELECT group_concat(sha256, ',') FROM (SELECT sha256 FROM"
	    " evidence ORDER BY sha256))";
	struct store *st = NULL;
	struct diag d;
	sqlite3_stmt *s = NULL;
	char *out = NULL;

	if (store_open(path, STORE_RW, &st, &d) < 0)
		fail_msg("cannot open the case after the fault: %s", d.msg);
	assert_int_equal(sqlite3_prepare_v2(store_db(st),
	    "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(s, 0), "ok");
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	out = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	store_close(st);
	return out;
}

static void
remove_case(const char *path)
{
	char j[4200];

	unlink(path);
	snprintf(j, sizeof(j), "%s-journal", path);
	unlink(j);
}

/*
 * The faults hit an ingest of all the evidence into a case that already
 * holds the first `preload` paths (read faults need pages to read).
 */
static void
run_mode(enum fault_op op, int persistent, size_t preload)
{
	char path[64], *clean, *got;
	long total, at, tried = 0, failed = 0;
	int i, fd;

	strcpy(path, "/tmp/sigtrail-fault-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	remove_case(path);

	/* a clean run, counting the calls a fault may hit */
	memset(&fault, 0, sizeof(fault));
	assert_int_equal(ingest_once(path, preload), 0);
	fault.armed = 1;
	fault.op = op;
	fault.at = -1;
	assert_int_equal(ingest_once(path, NEVIDENCE), 0);
	fault.armed = 0;
	total = fault.calls;
	assert_true(total > 0);
	clean = case_state(path);

	for (i = 0; i < POINTS; i++) {
		at = i < POINTS / 2 ? i + 1 :
		    POINTS / 2 + 1 + (total - POINTS / 2) * (i - POINTS / 2) /
		    (POINTS / 2);
		if (at > total)
			break;
		remove_case(path);
		memset(&fault, 0, sizeof(fault));
		assert_int_equal(ingest_once(path, preload), 0);
		fault.armed = 1;
		fault.op = op;
		fault.persistent = persistent;
		fault.at = at;
		if (ingest_once(path, NEVIDENCE) < 0)
			failed++;
		fault.armed = 0;
		tried++;
		/* a second run over what the failed one left */
		if (ingest_once(path, NEVIDENCE) < 0)
			fail_msg("%s fault at call %ld of %ld: the ingest after"
			    " it failed", op == FAULT_WRITE ? "write" : "read",
			    at, total);
		got = case_state(path);
		if (strcmp(got, clean) != 0)
			fail_msg("%s fault at call %ld of %ld: the case after"
			    " a second ingest differs from a clean run's",
			    op == FAULT_WRITE ? "write" : "read", at, total);
		free(got);
	}
	/* every point tried up to POINTS / 2, and some failed the ingest */
	print_message("%s faults%s: %ld calls in a clean ingest, %ld tried, "
	    "%ld failed it\n", op == FAULT_WRITE ? "write" : "read",
	    persistent ? " from then on" : " once", total, tried, failed);
	assert_true(tried >= (total < POINTS / 2 ? total : POINTS / 2));
	assert_true(failed > 0);
	free(clean);
	remove_case(path);
}

static void
test_write_once(void **state)
{
	run_mode(FAULT_WRITE, 0, 0);
}

static void
test_write_persistent(void **state)
{
	run_mode(FAULT_WRITE, 1, 2);
}

static void
test_read_once(void **state)
{
	run_mode(FAULT_READ, 0, 3);
}

static void
test_read_persistent(void **state)
{
	run_mode(FAULT_READ, 1, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_once),
		cmocka_unit_test(test_write_persistent),
		cmocka_unit_test(test_read_once),
		cmocka_unit_test(test_read_persistent),
	};

	return cmocka_run_group_tests(tests, vfs_setup, NULL);
}
