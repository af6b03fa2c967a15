/* SPDX-License-Identifier: MIT */
/*
 * report.h - what every report gets from cmd_report.c (window, key,
 * writer, output) and the report functions, one file each.
 */
#ifndef REPORT_H
#define REPORT_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

struct writer;

struct report_args {
	sqlite3			*db;		/* borrowed, read-only */
	const struct writer	*w;
	FILE			*fp;
	int64_t			 from_us, to_us;	/* window, inclusive */
	const char		*key;		/* any spelling, or NULL */
	const char		*revoke_at;	/* --revoke-at TIME|auto, or NULL */
	const char		*model;		/* --model timestamp|strict|both */
	const char		*from_crl;	/* --from-crl revocation|invalidity */
	const char		*detected_at;	/* --detected-at TIME, or NULL */
	const char		*out;		/* -o path, or NULL (stdout) */
	int64_t			 now_us;	/* wall clock of the run */
};

/* Returns 0, or -1 (message printed). */
int	report_provenance(struct report_args *ra);
/* Returns 0, or -1 (message printed).  Needs no correlation. */
int	report_keys(struct report_args *ra);
/* Returns 0, -1 (message printed) or 2 (usage: message printed). */
int	report_revocation(struct report_args *ra);
/* Returns 0, -1 (message printed) or 2 (usage: message printed). */
int	report_review(struct report_args *ra);
/* Returns 0, 1 (a part is missing: message printed), -1 or 2 (usage). */
int	report_html(struct report_args *ra);
/*
 * A duration of us microseconds, in whole seconds truncated toward zero,
 * appended to out: ISO 8601 with days as the largest unit
 * ("P6DT11H40M5S", "PT0S", "-PT5M") or as text, from the largest unit
 * that is not zero down to the seconds ("6d 11h 40m 5s", "40m 5s",
 * "0s", "-5m 0s").
 */
struct buf;
void	review_duration_iso(int64_t us, struct buf *out);
void	review_duration_text(int64_t us, struct buf *out);
/*
 * Runs a report's query through its writer, with ?1 and ?2 the window
 * (--from, --to) and ?3 the key (--key or NULL), those it uses.  Returns
 * 0, or -1 (message printed).
 */
int	report_run_query(struct report_args *ra, const char *sql);
/* 0 when correlate has run (warns when stale); -1 with a message. */
int	report_check_correlated(sqlite3 *db);

/*
 * Shared by the long reports (common.c).  rp_col() is the text of column
 * i of the current row (NULL for NULL; SQLite owns it until the next
 * step); rp_coldup() a copy the caller frees, or NULL.  rp_jtext() is s
 * as a JSON string (new reference): JSON null for NULL, the x'<hex>' form
 * of wcell_text() when s is not UTF-8.  rp_jtime() is the UTC time of us
 * as a JSON string, null for INT64_MIN (no time).  rp_usage_error()
 * prints "sigtrail report: <msg>" and "usage: <usage>" on stderr, as
 * cmd_usage_error() (in main.c, outside the library the tests link)
 * does, and returns SIGTRAIL_EXIT_USAGE.
 */
struct json_t;
const char	*rp_col(sqlite3_stmt *s, int i);
char		*rp_coldup(sqlite3_stmt *s, int i);
struct json_t	*rp_jtext(const char *s);
struct json_t	*rp_jtime(int64_t us);
int		 rp_usage_error(const char *usage, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
