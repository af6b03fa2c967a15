/* SPDX-License-Identifier: MIT */
/*
 * cmd_evidence.c - "sigtrail evidence [list|verify]": the chain of custody
 * of the case.  list prints the evidence table; verify re-hashes every
 * file the case was built from, where it still is, and says which changed
 * or vanished.  Both only read: the case is open read-only, the evidence
 * files are opened O_RDONLY.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "digest.h"
#include "err.h"
#include "store.h"
#include "writer.h"

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'F' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static const char sql_list[] =
"SELECT id, path, member, kind, parser, sha256, size, compression,"
" records_read AS records, events_stored AS events,"
" records_duplicate AS duplicates, records_out_of_scope AS out_of_scope,"
" records_nonevent AS non_events, records_quarantined AS quarantined,"
" warnings, status, ingested_at FROM evidence ORDER BY id";

static const char sql_files[] =
"SELECT id, path, coalesce(abs_path, path), sha256, size, kind"
" FROM evidence WHERE parent_id IS NULL AND kind IN ('file', 'archive',"
" 'stdin') ORDER BY id";

static int
list(const struct writer *w, sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	int ret;

	if (sqlite3_prepare_v2(db, sql_list, -1, &stmt, NULL) != SQLITE_OK)
		return error("evidence: %s", sqlite3_errmsg(db));
	ret = writer_run_stmt(w, stdout, stmt, NULL);
	sqlite3_finalize(stmt);
	return ret;
}

static void
cell_text(struct wcell *c, const char *s)
{
	memset(c, 0, sizeof(*c));
	if (s == NULL)
		return;
	c->type = WCELL_TEXT;
	c->s = s;
	c->len = strlen(s);
}

/* Returns 0 all intact, 1 some changed or missing, -1 on error. */
static int
verify(const struct writer *w, sqlite3 *db)
{
	static const char *const cols[] = { "id", "path", "status",
	    "recorded_sha256", "current_sha256", "recorded_size",
	    "current_size" };
	sqlite3_stmt *stmt = NULL;
	struct wctx wc;
	struct wcell c[7];
	char hex[SHA256_HEXLEN];
	int64_t size;
	int rc, fd, bad = 0, ret = -1;

	if (sqlite3_prepare_v2(db, sql_files, -1, &stmt, NULL) != SQLITE_OK)
		return error("evidence: %s", sqlite3_errmsg(db));
	memset(&wc, 0, sizeof(wc));
	wc.fp = stdout;
	wc.cols = cols;
	wc.ncols = 7;
	if (w->begin(&wc) < 0)
		goto out;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *abs = (const char *)sqlite3_column_text(stmt, 2);
		const char *rec = (const char *)sqlite3_column_text(stmt, 3);
		const char *kind = (const char *)sqlite3_column_text(stmt, 5);
		const char *status;
		int have = 0;

		if (strcmp(kind, "stdin") == 0) {
			status = "stdin (cannot be re-read)";
		} else if ((fd = open(abs, O_RDONLY | O_CLOEXEC)) < 0) {
			status = errno == ENOENT ? "missing" : "unreadable";
			bad = 1;
		} else {
			if (sha256_fd(fd, hex, &size) < 0) {
				status = "unreadable";
				bad = 1;
			} else {
				have = 1;
				status = strcmp(hex, rec) == 0 ? "ok" :
				    "changed";
				if (strcmp(status, "ok") != 0)
					bad = 1;
			}
			close(fd);
		}
		memset(c, 0, sizeof(c));
		c[0].type = WCELL_INT;
		c[0].i = sqlite3_column_int64(stmt, 0);
		cell_text(&c[1], (const char *)sqlite3_column_text(stmt, 1));
		cell_text(&c[2], status);
		cell_text(&c[3], rec);
		cell_text(&c[4], have ? hex : NULL);
		c[5].type = WCELL_INT;
		c[5].i = sqlite3_column_int64(stmt, 4);
		if (have) {
			c[6].type = WCELL_INT;
			c[6].i = size;
		}
		if (w->row(&wc, c) < 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		error("evidence: %s", sqlite3_errmsg(db));
		goto out;
	}
	ret = bad;
out:
	if (w->end(&wc) < 0)
		ret = -1;
	sqlite3_finalize(stmt);
	return ret;
}

int
cmd_evidence(int argc, char **argv, struct ctx *ctx)
{
	const char *format = NULL, *verb = "list";
	const struct writer *w;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "F:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'F':
			format = optarg;
			break;
		case 'h':
			cmd_help("evidence", stdout);
			return SIGTRAIL_EXIT_OK;
		default:
			return cmd_usage_error("evidence", "bad option");
		}
	}
	if (optind < argc)
		verb = argv[optind++];
	if (optind != argc)
		return cmd_usage_error("evidence", "too many operands");
	w = writer_find(format ? format : writer_default(stdout));
	if (w == NULL)
		return cmd_usage_error("evidence", "unknown format '%s' (%s)",
		    format, writer_names());
	if (store_guard_readonly(ctx->store) < 0)
		return SIGTRAIL_EXIT_FATAL;
	if (strcmp(verb, "list") == 0)
		return list(w, store_db(ctx->store)) < 0 ?
		    SIGTRAIL_EXIT_FATAL : SIGTRAIL_EXIT_OK;
	if (strcmp(verb, "verify") == 0) {
		rc = verify(w, store_db(ctx->store));
		if (rc < 0)
			return SIGTRAIL_EXIT_FATAL;
		return rc ? SIGTRAIL_EXIT_PARTIAL : SIGTRAIL_EXIT_OK;
	}
	return cmd_usage_error("evidence", "unknown verb '%s' (list or "
	    "verify)", verb);
}
