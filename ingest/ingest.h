/* SPDX-License-Identifier: MIT */
/*
 * ingest.h - the evidence intake shared by cmd_ingest.c (options and
 * summary), source.c (paths, directories, stdin, archives through
 * libarchive, hashing, limits) and records.c (one data stream: format
 * detection, record splitting, scope, parsing, storing, quarantine).
 */
#ifndef INGEST_H
#define INGEST_H

#include <archive.h>
#include <stdint.h>

#include "digest.h"

#include "parser.h"
#include "store.h"

struct ingest_opts {
	const struct parser *forced;	/* --format, or NULL: detect */
	int		 all_events;	/* --all-events */
	size_t		 max_record;	/* bytes in one record */
	uint64_t	 max_member;	/* decompressed bytes per item */
	unsigned	 max_ratio;	/* decompressed:compressed */
	uint64_t	 ratio_after;	/* ratio checked past this size */
	int		 max_depth;	/* archive nesting */
	uint64_t	 max_entries;	/* entries per archive */
	uint64_t	 max_total;	/* decompressed bytes per evidence
					   file, at least max_ratio times
					   its size */
	int		 warn_limit;	/* warnings printed per item */
	int		 jobs;		/* --jobs: 2 reads on a second thread */
	struct parse_opts parse;	/* context handed to parsers */
};

void	ingest_opts_init(struct ingest_opts *o);

/* The scope evidence rows record: "all" or "signing" (static). */
const char	*ingest_scope(const struct ingest_opts *o);

struct ingest_stats {
	uint64_t	 items;		/* files and members read */
	uint64_t	 archives;
	uint64_t	 known;		/* content already in the case */
	uint64_t	 unrecognized;
	uint64_t	 failed;	/* unreadable items */
	uint64_t	 bytes;		/* content bytes read */
	uint64_t	 records;
	uint64_t	 events;	/* new event rows */
	uint64_t	 duplicate;
	uint64_t	 out_of_scope;
	uint64_t	 nonevent;
	uint64_t	 quarantined;
	uint64_t	 warnings;
};

struct ingest {
	struct store		*st;		/* borrowed */
	const struct ingest_opts *o;		/* borrowed */
	int64_t			 run_id;
	int			 progress;	/* draw progress on stderr */
	int			 verbose;	/* -v: say more */
	int64_t			 started_us;
	uint64_t		 file_bytes;	/* decompressed from this file */
	uint64_t		 file_budget;	/* its --max-total budget */
	struct ahead		*ahead;		/* the file read ahead of the
						   one being stored, or NULL
						   (source.c) */
	struct ingest_stats	 s;
};

/*
 * The SHA-256 of a whole file's inflated content, computed before the
 * content is read: by the thread that read the file ahead (source.c, with
 * --jobs 2), so that hashing and reading share the two CPUs.
 */
struct prehash {
	const unsigned char	*p;		/* borrowed: the content */
	size_t			 n;
	char			 hex[SHA256_HEXLEN];
	int			 ok;		/* hex is set */
};

/* One evidence item being read: the row and where warnings point. */
struct item {
	struct evidence_rec	 e;
	char			*label;		/* "path" or "path!member" */
	int			 printed;	/* warnings printed so far */
	const char		*inflated;	/* "gzip": read from memory,
						   inflated by gunzip.c */
	struct prehash		*prehash;	/* NULL, or the content's
						   hash, computed already */
	struct early		*early;		/* NULL, or the reading side
						   run ahead (borrowed) */
};

/*
 * The reading side of a plain item started on a thread of its own before
 * the item is stored (records.c, for source.c's reading ahead): a file
 * inflated whole, whose content hash is known (the item's prehash).
 *   early_new()	on the storing thread: the pipe to hand the records
 *			over (free with early_free(), after the reading
 *			thread has ended; early_cancel() first ends it);
 *   early_open()	on the reading thread: reads the probe head from a
 *			(borrowed until early_free) and detects the format
 *			of name; 0, or -1 when the head cannot be read;
 *   early_read()	on the reading thread, after early_open() gave 0:
 *			reads the rest into the pipe (blocks while the
 *			pipe is full) until done or cancelled;
 *   early_ready()	whether early_open() gave 0: ingest_data() of an
 *			item with it->early set delivers those records.
 */
struct early;
struct early	*early_new(void);
int		 early_open(struct early *er, const struct ingest_opts *o,
		    struct archive *a, const char *name);
void		 early_read(struct early *er);
int		 early_ready(const struct early *er);
void		 early_cancel(struct early *er);
void		 early_free(struct early *er);

/*
 * Ingests one command-line operand (file, directory or "-").  Returns 0
 * (bad input is counted in ig->s, not an error) or -1 on a store or
 * internal failure that must abort the run.
 */
int	ingest_path(struct ingest *ig, const char *path);

/*
 * Ingests one open file: fd must be seekable when sb is given (it is
 * hashed first, then read); sb NULL reads fd as a stream (stdin).  path
 * names it in the case.  Used by ingest_path() and by the fuzzers.
 * Returns as ingest_path().
 */
struct stat;
int	ingest_fd(struct ingest *ig, int fd, const char *path,
	    const struct stat *sb);

/*
 * Reads the data stream of it from the libarchive reader a (positioned at
 * a data entry), detects the format, splits, parses and stores.  The
 * caller owns the transaction.  Returns 0, or -1 on a store failure.
 */
int	ingest_data(struct ingest *ig, struct item *it, struct archive *a);

/* Prints a warning about it (rate-limited) and records it in the case. */
int	item_warn(struct ingest *ig, struct item *it, const char *kind,
	    const char *locator, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

#endif
