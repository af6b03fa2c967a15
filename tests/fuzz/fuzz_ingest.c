/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ingest.c - libFuzzer target for the whole intake of one input:
 * decompression filters and archive formats through libarchive, format
 * detection, splitting, parsing, the case file and the derivations, with
 * small limits so that bombs and deep nesting are cut quickly.  The input
 * is handed over as a memory file, like a file given on the command line.
 *
 * Each input gets a new case file.  Creating one runs every schema
 * migration, which cost more than the intake itself, so the empty case
 * is made once, kept as an image, and written out afresh for each input
 * to a file in memory (/dev/shm, else $TMPDIR or /tmp), which store_open
 * then only has to read.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "derive.h"
#include "err.h"
#include "ingest.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *image;	/* the empty case; kept for the process */
static sqlite3_int64 image_len;
static char case_path[256];

static void
remove_case(void)
{
	char journal[sizeof(case_path) + 16];

	snprintf(journal, sizeof(journal), "%s-journal", case_path);
	unlink(journal);
	unlink(case_path);
}

/* Writes the empty case to case_path, making the image the first time. */
static void
fresh_case(void)
{
	struct store *st = NULL;
	struct diag d;
	const char *dir;
	int fd;

	if (!image) {
		if (store_open(":memory:", STORE_RW, &st, &d) < 0)
			abort();
		image = sqlite3_serialize(store_db(st), "main", &image_len, 0);
		store_close(st);
		if (!image)
			abort();
		dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
		    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
		snprintf(case_path, sizeof(case_path),
		    "%s/sigtrail-fuzz-%ld.db", dir, (long)getpid());
		atexit(remove_case);
	}
	fd = open(case_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, image, (size_t)image_len) != image_len ||
	    close(fd) < 0)
		abort();
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
	struct store *st = NULL;
	struct diag d;
	struct stat sb;
	int fd;

	err_set_quiet(1);
	fresh_case();
	if (store_open(case_path, STORE_RW, &st, &d) < 0)
		abort();
	ingest_opts_init(&o);
	o.max_record = 1 << 20;
	o.max_member = 4 << 20;
	o.ratio_after = 1 << 20;
	o.max_entries = 64;
	o.warn_limit = 0;
	memset(&ig, 0, sizeof(ig));
	ig.st = st;
	ig.o = &o;
	ig.run_id = store_run_begin(st, "fuzz", "fuzz", 0);
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
	if (has_events(st) && derive_all(st, &o.parse) < 0)
		abort();
	store_close(st);
	return 0;
}
