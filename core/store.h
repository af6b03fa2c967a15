/* SPDX-License-Identifier: MIT */
/*
 * store.h - the case file: one SQLite database per case, its versioned
 * schema (PRAGMA user_version, ordered migrations in store.c) and the
 * prepared statements ingest uses.  Every value is bound, never spliced.
 * Read commands open the case read-only and add the guard of
 * store_guard_readonly() before running user SQL.
 */
#ifndef STORE_H
#define STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "digest.h"

struct diag;
struct event;

enum store_mode { STORE_RO, STORE_RW };

/* Current schema version (PRAGMA user_version after migration). */
#define STORE_SCHEMA_VERSION 7
/*
 * The index of verdicts by CI run and that of links by target.  correlate
 * drops them while it writes a million verdicts or links and builds them
 * again afterwards (one sort instead of a million inserts at random
 * places); both use this text, so that the schema stays the same.
 */
#define STORE_VERDICTS_RUN_INDEX \
	"CREATE INDEX verdicts_run ON verdicts(ci_run_id)"
#define STORE_LINKS_TARGET_INDEX \
	"CREATE INDEX links_target ON links(target_id)"

/* The page size of a new case file, in bytes (store_migrate). */
#define STORE_PAGE_SIZE 16384

struct store;

/*
 * Opens (RW: creating and migrating) the case at path, ":memory:" allowed.
 * Returns 0 and a new *out (free with store_close), or -1 with d set.
 */
int	store_open(const char *path, enum store_mode mode, struct store **out,
	    struct diag *d);
void	store_close(struct store *st);
/* The connection (borrowed); for read commands and tests. */
sqlite3	*store_db(struct store *st);
/* Applies pending migrations; called by store_open in RW mode. */
int	store_migrate(sqlite3 *db, struct diag *d);

/* Runs static SQL text (no values); prints the error; returns 0 or -1. */
int	store_exec(struct store *st, const char *sql);
/* One transaction (a savepoint in a bulk load); rollback: none open is 0. */
int	store_begin(struct store *st);
int	store_commit(struct store *st);
int	store_rollback(struct store *st);

/* Records one sigtrail invocation that writes; returns its id or -1. */
int64_t	store_run_begin(struct store *st, const char *command,
	    const char *cmdline, int64_t now_us);

/* One row of the evidence table (chain of custody). */
struct evidence_rec {
	int64_t		 id;
	int64_t		 parent_id;	/* containing archive, 0: none */
	int64_t		 run_id;
	const char	*path;		/* as given on the command line */
	const char	*abs_path;	/* resolved, for evidence verify */
	const char	*member;	/* inside archives ("a/b!c"), or NULL */
	const char	*kind;		/* file, member, archive, stdin */
	char		 sha256[SHA256_HEXLEN];		/* bytes as stored */
	int64_t		 size;
	char		 content_sha256[SHA256_HEXLEN];	/* after filters */
	int64_t		 content_size;
	const char	*compression;	/* "gzip", ... or NULL */
	const char	*parser;	/* NULL: unrecognized or container */
	const char	*scope;		/* "signing" or "all" */
	int64_t		 mtime_us;	/* EVENT_NO_TIME-like INT64_MIN: none */
	int64_t		 records_read;
	int64_t		 records_stored;
	int64_t		 records_duplicate;
	int64_t		 records_out_of_scope;
	int64_t		 records_nonevent;
	int64_t		 records_quarantined;
	int64_t		 warnings;
	/*
	 * open, done, unrecognized, failed, skipped (not opened: nesting),
	 * partial (cut by a limit: not "known", so read again next time)
	 */
	const char	*status;
	const char	*detail;	/* JSON text or NULL */
};

/*
 * Looks for evidence already in the case with this content (sha256 of the
 * bytes as stored), read to the end ("done") with a scope that covers the
 * requested one ("all" covers "signing", not the reverse).  Returns 1
 * (and *id of the oldest such row), 0, or -1.
 */
int	store_evidence_find(struct store *st, const char *sha256,
	    const char *scope, int64_t *id);
int	store_evidence_insert(struct store *st, struct evidence_rec *e);
/* Rewrites the counts, hashes, parser and status of row e->id. */
int	store_evidence_update(struct store *st, const struct evidence_rec *e);
/* Notes that content already in the case was seen again under a name. */
int	store_evidence_seen(struct store *st, int64_t evidence_id,
	    int64_t run_id, const char *path, const char *member);

/*
 * Inserts ev unless an event with the same identity exists (source +
 * native id, else the SHA-256 of the raw record).  *is_new gets 1 when a
 * row was added; otherwise *owner gets the evidence id of the existing
 * row.  Returns 0 or -1 (store error, printed).
 */
int	store_event_insert(struct store *st, const struct event *ev,
	    int64_t evidence_id, int64_t line, int64_t offset, int *is_new,
	    int64_t *owner);
/* Keeps a record that could not be used, with its raw bytes. */
int	store_quarantine(struct store *st, int64_t evidence_id, int64_t line,
	    int64_t offset, const char *reason, const void *raw, size_t len);
int	store_warning(struct store *st, int64_t evidence_id, int64_t run_id,
	    const char *kind, const char *locator, const char *message);
/* Number of events attributed to one evidence item, or -1. */
int64_t	store_evidence_event_count(struct store *st, int64_t evidence_id);

/*
 * Rebuilds keys and key_refs from the events (canonical key ids, their
 * other spellings, alias ranges).  Idempotent.
 */
int	store_rebuild_keys(struct store *st);
/*
 * Before a bulk ingest: rollback journal without syncs, a larger cache,
 * and store_begin()..store_commit() become savepoints of batched
 * transactions (store.c says why this is safe against a killed process).
 */
int	store_ingest_mode(struct store *st);
/*
 * After a bulk ingest: commit the last batch, restore durable syncs and
 * write the case file to disk.
 */
int	store_finish(struct store *st);

/*
 * Makes the connection safe for user SQL: query_only, an authorizer that
 * denies anything but reading (no writes, ATTACH, state-changing pragmas,
 * temp objects) and tight limits.
 */
int	store_guard_readonly(struct store *st);

/* Formats "line N, byte M" (line 0: byte only) into out. */
char	*store_locator(int64_t line, int64_t offset, char *out, size_t outsz);

#endif
