/* SPDX-License-Identifier: MIT */
/*
 * timeutil.h - every timestamp shape the evidence uses (formats.md section
 * 0), turned into UTC microseconds since the epoch, and the one way times
 * are printed (ISO 8601, UTC, "Z").  Pure: no I/O, no locale, no TZ.
 */
#ifndef TIMEUTIL_H
#define TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

struct diag;

/* Flags describing how a time was obtained (stored with every event). */
#define TS_ASSUMED_UTC	0x01	/* the text had no zone; UTC assumed */
#define TS_LEAP		0x02	/* second 60 read as :59.999999 */
#define TS_DERIVED	0x04	/* computed from an anchor and ticks */
#define TS_COARSE	0x08	/* 1-second (or coarser) resolution */
#define TS_UNIT_GUESSED	0x10	/* epoch unit inferred from magnitude */

enum ts_unit { TS_SEC, TS_MSEC, TS_USEC, TS_NSEC };

/*
 * Parses an ISO 8601 / RFC 3339 date-time: "T" or one space between date
 * and time, optional fraction (any number of digits, truncated to µs),
 * "Z", "+HH:MM", "+HHMM", "+HH", " UTC", " GMT" or no zone (flag
 * TS_ASSUMED_UTC).  A date alone ("2026-01-10") is midnight UTC.
 * Returns 0 and sets *us and *flags (TS_* bits, may be NULL), or -1 with
 * the reason in d (may be NULL).
 */
int	ts_parse_iso(const char *s, size_t len, int64_t *us, unsigned *flags,
	    struct diag *d);
/*
 * Parses any shape sigtrail knows: ISO 8601 as above, epoch numbers
 * (integer or decimal; unit from magnitude, flag TS_UNIT_GUESSED),
 * "MM/DD/YY HH:MM:SS[.f]" (CloudHSM), "Mon DD HH:MM:SS YYYY GMT" (OpenSSL),
 * "YYYY-MM-DD HH:MM:SS,mmm" (Artifactory).
 */
int	ts_parse_any(const char *s, size_t len, int64_t *us, unsigned *flags,
	    struct diag *d);
/* Epoch number in a known unit; -1 on overflow. */
int	ts_from_epoch(double v, enum ts_unit unit, int64_t *us);
int	ts_from_epoch_int(int64_t v, enum ts_unit unit, int64_t *us);
/* Civil UTC time to µs; fields as written (month 1-12). -1 if invalid. */
int	ts_from_civil(int year, int mon, int day, int hh, int mm, int ss,
	    int64_t frac_us, int64_t *us);

/* Buffer size for ts_format() output. */
#define TS_BUFSZ 40
/*
 * Writes "YYYY-MM-DDTHH:MM:SSZ", or "...SS.ffffffZ" when the µs part is
 * not zero, into out (TS_BUFSZ bytes).  Returns out.
 */
char	*ts_format(int64_t us, char *out);
/* Writes the flags as comma-separated words ("assumed-utc,leap"). */
char	*ts_flags_format(unsigned flags, char *out, size_t outsz);

#endif
