/* SPDX-License-Identifier: MIT */
/*
 * timeline.h - "sigtrail timeline": every event of a window exported for
 * the tools responders already run (Timesketch, Plaso l2tcsv, OpenSearch
 * and Elasticsearch _bulk, plain CSV and JSON Lines).
 *
 * timeline.c steps one SQLite statement over the events in (ts_us, id)
 * order and hands each row, as a struct tl_event, to an export format: a
 * const descriptor in tl_formats[], one file each (timeline_<name>.c).
 * A format writes as it receives rows and keeps no row after returning,
 * so memory stays constant whatever the size of the case.
 */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "digest.h"
#include "timeutil.h"
#include "writer.h"

struct buf;

/*
 * The fields of one timeline row.  The names are the plain csv/jsonl
 * column names; the other formats rename some (timeline_<name>.c).
 */
enum tl_field {
	TL_EVENT_ID,		/* events.id (case-local: sigtrail query) */
	TL_TS,			/* ISO 8601 UTC with "Z", NULL: no time */
	TL_TS_US,		/* µs since the epoch, decimal */
	TL_END_TS,		/* end of a CI run/job/step */
	TL_TS_FLAGS,		/* how the time was obtained ("coarse", ...) */
	TL_SOURCE,
	TL_ACTION,
	TL_OPERATION,
	TL_OUTCOME,
	TL_ERROR_CODE,
	TL_ERROR_MESSAGE,
	TL_ACTOR,
	TL_SESSION,
	TL_KEY_REF,
	TL_KEY_RAW,
	TL_DIGEST,
	TL_ARTIFACT,
	TL_VERSION,
	TL_REPO,
	TL_REF,
	TL_COMMIT_SHA,
	TL_RUN_REF,
	TL_JOB_REF,
	TL_RUNNER,
	TL_SRC_IP,
	TL_USER_AGENT,
	TL_NATIVE_ID,
	TL_EVIDENCE,		/* evidence path, "path!member" in archives */
	TL_LOCATOR,		/* "line N, byte M" in that evidence */
	TL_ATTRS,		/* JSON object text */
	TL_TAGS,		/* tags joined by spaces (see tl_event.tags) */
	TL_MESSAGE,		/* tl_message() */
	TL_DATETIME,		/* ISO 8601 with "+00:00" (Timesketch) */
	TL_TIMESTAMP_DESC,	/* tl_timestamp_desc() */
	TL_NFIELDS
};

extern const char *const tl_field_names[TL_NFIELDS];

/* One event as the formats see it; everything is borrowed. */
struct tl_event {
	int64_t		 id;
	int64_t		 ts_us;
	int		 has_ts;		/* 0: ts_us is meaningless */
	const char	*f[TL_NFIELDS];		/* NULL: no value */
	const char	*dedup;			/* events.dedup, the identity */
	/*
	 * "verdict:<verdict>" then "finding:<severity>:<kind>", most severe
	 * first, then by kind; no duplicates.
	 */
	const char	*const *tags;
	size_t		 ntags;
};

/* What a format writes to, and its own state. */
struct tl_out {
	FILE		*fp;		/* borrowed */
	const char	*index;		/* opensearch: the _index name */
	void		*priv;		/* the format's own state */
	struct buf	*line;		/* tl_run's; a row's scratch line */
};

struct tl_format {
	const char	*name;		/* --format value */
	const char	*desc;
	int		 timed_only;	/* untimed events cannot be written */
	int		(*begin)(struct tl_out *o);
	int		(*row)(struct tl_out *o, const struct tl_event *ev);
	int		(*end)(struct tl_out *o);	/* also frees priv */
};

extern const struct tl_format tl_format_csv, tl_format_jsonl,
    tl_format_timesketch, tl_format_timesketch_jsonl, tl_format_l2tcsv,
    tl_format_opensearch;
extern const struct tl_format *const tl_formats[];	/* NULL-terminated */

const struct tl_format *tl_format_find(const char *name);
/* The end of a format without priv: -1 when fp had a write error. */
int	tl_end_plain(struct tl_out *o);
/* "csv, jsonl, ..." (static buffer). */
const char *tl_format_names(void);

/* What to export.  Strings are borrowed; NULL: no filter. */
struct tl_query {
	int64_t		 from_us, to_us;	/* inclusive */
	int		 windowed;		/* --from or --to given */
	const char	*actor;		/* exact, or a GLOB with * ? [ */
	const char	*key;		/* any spelling (keys, key_refs) */
	const char	*action;	/* itself and "<action>." below it */
	const char	*source;	/* parser name */
};

struct tl_stats {
	int64_t		 rows;		/* events written */
	int64_t		 untimed_left;	/* untimed events left out */
};

/*
 * Writes the timeline of q from db through format fmt to o.  Timed events
 * in (ts_us, id) order; then, when the format can show them and no window
 * was given, the untimed ones in id order; otherwise those are counted in
 * st->untimed_left.  Returns 0, or -1 (message printed).
 */
int	tl_run(sqlite3 *db, const struct tl_query *q,
	    const struct tl_format *fmt, struct tl_out *o, struct tl_stats *st);
/* The statement of the timed pass (for tests: its query plan). */
extern const char tl_sql_timed[];

/*
 * The one-line summary of an event: "<action> (<operation>) by <actor>
 * with key <key> on <artifact> <version> in <repo> at <ref>: <outcome>
 * (<error_code>)", parts without a value left out, control characters
 * and line separators as spaces.  Appends to out.
 */
void	tl_message(const struct tl_event *ev, struct buf *out);
/* What the time of an event means ("Signing Time", "Run Start", ...). */
const char *tl_timestamp_desc(const char *source, const char *action);
/*
 * Appends s with C0 and C1 controls, DEL, U+2028 and U+2029 replaced by
 * a space and bytes that are not UTF-8 by U+FFFD: one line of text.
 */
void	tl_add_oneline(struct buf *out, const char *s);
/* Appends s as one RFC 4180 field (quoted only when it has to be). */
void	tl_add_csv(struct buf *out, const char *s);

/*
 * The JSON formats write each line straight into a buffer: the caller
 * adds "{", then the members in order, then "}" and writer_put_line()
 * (writer.h).
 * The text is what jansson's compact dump gives (json_add_str()).
 *   tl_jl_key    a member's key (and the comma before it when needed)
 *   tl_jl_field  key and value of a field: integers for the event id and
 *                ts_us, null (or nothing at all, when omit_null) for no
 *                value, else a string
 *   tl_jl_tags   the event's tags, an array of strings
 *   tl_jl_attrs  the object attrs' text holds (keys in its order), or
 *                that text as a string when it is not a JSON object
 */
void	tl_jl_key(struct buf *b, const char *key);
void	tl_jl_field(struct buf *b, const char *key,
	    const struct tl_event *ev, enum tl_field fld, int omit_null);
void	tl_jl_tags(struct buf *b, const struct tl_event *ev);
void	tl_jl_attrs(struct buf *b, const char *s);

/* ISO 8601 with "+00:00" for "Z" (TS_BUFSZ + 6 bytes). */
#define TL_DATETIME_BUFSZ (TS_BUFSZ + 6)
char	*tl_datetime(int64_t us, char *out);
/*
 * The l2tcsv date ("MM/DD/YYYY") and time ("HH:MM:SS", fraction dropped)
 * of us, UTC; "00/00/0000" and "00:00:00" outside years 0-9999 (as Plaso
 * writes a time it cannot show).
 */
void	tl_l2t_datetime(int64_t us, char date[11], char tod[9]);
/* The _bulk _id: SHA-256 hex of "sigtrail:" + dedup.  -1: no SHA-256. */
int	tl_bulk_id(const char *dedup, char hex[SHA256_HEXLEN]);
/* Whether name is a valid OpenSearch/Elasticsearch index name. */
int	tl_index_name_ok(const char *name);
/* The composable index template (report/opensearch-template.json). */
extern const char tl_opensearch_template[];

#endif
