/* SPDX-License-Identifier: MIT */
/*
 * test_timeutil.c - unit tests of core/timeutil.c: one table of inputs
 * (every shape of formats.md section 0 and malformed ones) run through
 * ts_parse_iso() and ts_parse_any() from exact-size heap copies, so that
 * a read past len is caught by ASan; round trips; an exhaustive walk over
 * every day of years 0000-9999; prefixes and one-byte mutations of the
 * table; the epoch, civil, format and flag functions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "timeutil.h"

#define US_PER_SEC	INT64_C(1000000)
#define US_PER_DAY	(INT64_C(86400) * US_PER_SEC)

enum { P_BOTH, P_ISO, P_ANY };	/* which parsers a row is run through */

struct row {
	const char	*in;
	int		 parser;
	int		 rc;
	int64_t		 us;
	unsigned	 flags;
	const char	*canon;		/* ts_format(us) */
};

static const struct row rows[] = {
	/* 1. seconds, "Z" (CloudTrail, GitHub) */
	{ "2026-01-10T12:00:05Z", P_BOTH,
	    0, INT64_C(1768046405000000), TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-10T12:00:05z", P_BOTH,
	    0, INT64_C(1768046405000000), TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-10t12:00:05Z", P_BOTH,
	    0, INT64_C(1768046405000000), TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	/* 2. fractions of any length, truncated */
	{ "2026-01-10T12:00:05.1Z", P_BOTH,
	    0, INT64_C(1768046405100000), 0,
	    "2026-01-10T12:00:05.100000Z" },
	{ "2026-01-10T12:00:05.123Z", P_BOTH,
	    0, INT64_C(1768046405123000), 0,
	    "2026-01-10T12:00:05.123000Z" },
	{ "2026-01-10T12:00:05.123456Z", P_BOTH,
	    0, INT64_C(1768046405123456), 0,
	    "2026-01-10T12:00:05.123456Z" },
	{ "2026-01-10T12:00:05.1234567Z", P_BOTH,
	    0, INT64_C(1768046405123456), 0,
	    "2026-01-10T12:00:05.123456Z" },
	{ "2026-01-10T12:00:05.123456789Z", P_BOTH,
	    0, INT64_C(1768046405123456), 0,
	    "2026-01-10T12:00:05.123456Z" },
	{ "2026-01-10T12:00:05.999999999Z", P_BOTH,
	    0, INT64_C(1768046405999999), 0,
	    "2026-01-10T12:00:05.999999Z" },
	{ "2026-01-10T12:00:05.000Z", P_BOTH,
	    0, INT64_C(1768046405000000), 0,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-10T12:00:05.000000000000000000000000001Z", P_BOTH,
	    0, INT64_C(1768046405000000), 0,
	    "2026-01-10T12:00:05Z" },
	/* 3. offsets */
	{ "2026-01-10T13:00:05+01:00", P_BOTH,
	    0, INT64_C(1768046405000000), TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-10T04:00:05-08:00", P_BOTH,
	    0, INT64_C(1768046405000000), TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-10T13:00:05+0100", P_BOTH,
	    0, INT64_C(1768046405000000), TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-10T13:00:05+01", P_BOTH,
	    0, INT64_C(1768046405000000), TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-10T12:00:05-00:00", P_BOTH,
	    0, INT64_C(1768046405000000), TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-10T12:00:05+00:00", P_BOTH,
	    0, INT64_C(1768046405000000), TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-10T17:30:05.5+05:30", P_BOTH,
	    0, INT64_C(1768046405500000), 0,
	    "2026-01-10T12:00:05.500000Z" },
	{ "2026-01-10T12:00:05.5-0000", P_BOTH,
	    0, INT64_C(1768046405500000), 0,
	    "2026-01-10T12:00:05.500000Z" },
	{ "2026-01-11T11:59:05+23:59", P_BOTH,
	    0, INT64_C(1768046405000000), TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-01T00:30:00+01:00", P_BOTH,
	    0, INT64_C(1767223800000000), TS_COARSE,
	    "2025-12-31T23:30:00Z" },
	/* 4. space instead of T, zone words */
	{ "2022-02-08 09:23:37+11:00", P_BOTH,
	    0, INT64_C(1644272617000000), TS_COARSE,
	    "2022-02-07T22:23:37Z" },
	{ "2022-03-10 15:29:01 UTC", P_BOTH,
	    0, INT64_C(1646926141000000), TS_COARSE,
	    "2022-03-10T15:29:01Z" },
	{ "2022-03-10 15:29:01 GMT", P_BOTH,
	    0, INT64_C(1646926141000000), TS_COARSE,
	    "2022-03-10T15:29:01Z" },
	{ "2022-03-10T15:29:01.5 UTC", P_BOTH,
	    0, INT64_C(1646926141500000), 0,
	    "2022-03-10T15:29:01.500000Z" },
	/* 5. no zone: UTC assumed */
	{ "2026-01-10T12:00:05", P_BOTH,
	    0, INT64_C(1768046405000000), TS_ASSUMED_UTC | TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "2026-01-10 12:00:05.25", P_BOTH,
	    0, INT64_C(1768046405250000), TS_ASSUMED_UTC,
	    "2026-01-10T12:00:05.250000Z" },
	/* 6. leap second */
	{ "2016-12-31T23:59:60Z", P_BOTH,
	    0, INT64_C(1483228799999999), TS_LEAP | TS_COARSE,
	    "2016-12-31T23:59:59.999999Z" },
	{ "2016-12-31T23:59:60.5Z", P_BOTH,
	    0, INT64_C(1483228799999999), TS_LEAP,
	    "2016-12-31T23:59:59.999999Z" },
	{ "2017-01-01T00:59:60+01:00", P_BOTH,
	    0, INT64_C(1483228799999999), TS_LEAP | TS_COARSE,
	    "2016-12-31T23:59:59.999999Z" },
	/* 7. date alone: midnight, UTC assumed, coarse */
	{ "2026-01-10", P_BOTH,
	    0, INT64_C(1768003200000000), TS_ASSUMED_UTC | TS_COARSE,
	    "2026-01-10T00:00:00Z" },
	{ "2024-02-29", P_BOTH,
	    0, INT64_C(1709164800000000), TS_ASSUMED_UTC | TS_COARSE,
	    "2024-02-29T00:00:00Z" },
	/* boundaries */
	{ "1970-01-01T00:00:00Z", P_BOTH,
	    0, INT64_C(0), TS_COARSE,
	    "1970-01-01T00:00:00Z" },
	{ "1970-01-01", P_BOTH,
	    0, INT64_C(0), TS_ASSUMED_UTC | TS_COARSE,
	    "1970-01-01T00:00:00Z" },
	{ "1969-12-31T23:59:59.999999Z", P_BOTH,
	    0, INT64_C(-1), 0,
	    "1969-12-31T23:59:59.999999Z" },
	{ "1969-12-31T23:59:59Z", P_BOTH,
	    0, INT64_C(-1000000), TS_COARSE,
	    "1969-12-31T23:59:59Z" },
	{ "2000-02-29T00:00:00Z", P_BOTH,
	    0, INT64_C(951782400000000), TS_COARSE,
	    "2000-02-29T00:00:00Z" },
	{ "1900-02-28T12:00:00Z", P_BOTH,
	    0, INT64_C(-2203934400000000), TS_COARSE,
	    "1900-02-28T12:00:00Z" },
	{ "0000-02-29T00:00:00Z", P_BOTH,
	    0, INT64_C(-62162121600000000), TS_COARSE,
	    "0000-02-29T00:00:00Z" },
	{ "0000-01-01T00:00:00Z", P_BOTH,
	    0, INT64_C(-62167219200000000), TS_COARSE,
	    "0000-01-01T00:00:00Z" },
	{ "9999-12-31T23:59:59Z", P_BOTH,
	    0, INT64_C(253402300799000000), TS_COARSE,
	    "9999-12-31T23:59:59Z" },
	{ "9999-12-31T23:59:59.999999Z", P_BOTH,
	    0, INT64_C(253402300799999999), 0,
	    "9999-12-31T23:59:59.999999Z" },
	/* offsets may leave years 0000-9999 */
	{ "9999-12-31T23:59:59.999999-23:59", P_BOTH,
	    0, INT64_C(253402387139999999), 0,
	    "253402387139999999us" },
	{ "0000-01-01T00:00:00+23:59", P_BOTH,
	    0, INT64_C(-62167305540000000), TS_COARSE,
	    "-62167305540000000us" },
	/* 9. epoch numbers (ts_parse_any only) */
	{ "1700000000", P_ANY,
	    0, INT64_C(1700000000000000), TS_COARSE | TS_UNIT_GUESSED,
	    "2023-11-14T22:13:20Z" },
	{ "1700000000.5", P_ANY,
	    0, INT64_C(1700000000500000), TS_UNIT_GUESSED,
	    "2023-11-14T22:13:20.500000Z" },
	{ "1700000000.0", P_ANY,
	    0, INT64_C(1700000000000000), TS_UNIT_GUESSED,
	    "2023-11-14T22:13:20Z" },
	{ "1700000000.123456789", P_ANY,
	    0, INT64_C(1700000000123456), TS_UNIT_GUESSED,
	    "2023-11-14T22:13:20.123456Z" },
	{ "1700000000123", P_ANY,
	    0, INT64_C(1700000000123000), TS_UNIT_GUESSED,
	    "2023-11-14T22:13:20.123000Z" },
	{ "1700000000123.9999", P_ANY,
	    0, INT64_C(1700000000123999), TS_UNIT_GUESSED,
	    "2023-11-14T22:13:20.123999Z" },
	{ "1700000000123456", P_ANY,
	    0, INT64_C(1700000000123456), TS_UNIT_GUESSED,
	    "2023-11-14T22:13:20.123456Z" },
	{ "1700000000123456.9", P_ANY,
	    0, INT64_C(1700000000123456), TS_UNIT_GUESSED,
	    "2023-11-14T22:13:20.123456Z" },
	{ "1700000000123456789", P_ANY,
	    0, INT64_C(1700000000123456), TS_UNIT_GUESSED,
	    "2023-11-14T22:13:20.123456Z" },
	{ "0", P_ANY,
	    0, INT64_C(0), TS_COARSE | TS_UNIT_GUESSED,
	    "1970-01-01T00:00:00Z" },
	{ "000", P_ANY,
	    0, INT64_C(0), TS_COARSE | TS_UNIT_GUESSED,
	    "1970-01-01T00:00:00Z" },
	{ "2026", P_ANY,
	    0, INT64_C(2026000000), TS_COARSE | TS_UNIT_GUESSED,
	    "1970-01-01T00:33:46Z" },
	{ "99999999999", P_ANY,
	    0, INT64_C(99999999999000000), TS_COARSE | TS_UNIT_GUESSED,
	    "5138-11-16T09:46:39Z" },
	{ "100000000000", P_ANY,
	    0, INT64_C(100000000000000), TS_UNIT_GUESSED,
	    "1973-03-03T09:46:40Z" },
	{ "99999999999999", P_ANY,
	    0, INT64_C(99999999999999000), TS_UNIT_GUESSED,
	    "5138-11-16T09:46:39.999000Z" },
	{ "100000000000000", P_ANY,
	    0, INT64_C(100000000000000), TS_UNIT_GUESSED,
	    "1973-03-03T09:46:40Z" },
	{ "99999999999999999", P_ANY,
	    0, INT64_C(99999999999999999), TS_UNIT_GUESSED,
	    "5138-11-16T09:46:39.999999Z" },
	{ "100000000000000000", P_ANY,
	    0, INT64_C(100000000000000), TS_UNIT_GUESSED,
	    "1973-03-03T09:46:40Z" },
	{ "9223372036854775807", P_ANY,
	    0, INT64_C(9223372036854775), TS_UNIT_GUESSED,
	    "2262-04-11T23:47:16.854775Z" },
	{ "1700000000", P_ISO, -1, 0, 0, NULL },
	/* 10. CloudHSM */
	{ "01/10/26 12:00:05.123456", P_ANY,
	    0, INT64_C(1768046405123456), TS_ASSUMED_UTC,
	    "2026-01-10T12:00:05.123456Z" },
	{ "01/10/26 12:00:05", P_ANY,
	    0, INT64_C(1768046405000000), TS_ASSUMED_UTC | TS_COARSE,
	    "2026-01-10T12:00:05Z" },
	{ "02/29/24 00:00:00.5", P_ANY,
	    0, INT64_C(1709164800500000), TS_ASSUMED_UTC,
	    "2024-02-29T00:00:00.500000Z" },
	{ "12/31/99 23:59:60", P_ANY,
	    0, INT64_C(4102444799999999), TS_ASSUMED_UTC | TS_LEAP | TS_COARSE,
	    "2099-12-31T23:59:59.999999Z" },
	{ "01/10/26 12:00:05.123456", P_ISO, -1, 0, 0, NULL },
	/* 11. OpenSSL */
	{ "Nov 22 07:11:14 2026 GMT", P_ANY,
	    0, INT64_C(1795331474000000), TS_COARSE,
	    "2026-11-22T07:11:14Z" },
	{ "Nov  2 07:11:14 2026 GMT", P_ANY,
	    0, INT64_C(1793603474000000), TS_COARSE,
	    "2026-11-02T07:11:14Z" },
	{ "Nov 02 07:11:14 2026 GMT", P_ANY,
	    0, INT64_C(1793603474000000), TS_COARSE,
	    "2026-11-02T07:11:14Z" },
	{ "Nov 22 07:11:14.5 2026 GMT", P_ANY,
	    0, INT64_C(1795331474500000), 0,
	    "2026-11-22T07:11:14.500000Z" },
	{ "Nov 22 07:11:14 2026", P_ANY,
	    0, INT64_C(1795331474000000), TS_ASSUMED_UTC | TS_COARSE,
	    "2026-11-22T07:11:14Z" },
	{ "Jan  1 00:00:00 1970 GMT", P_ANY,
	    0, INT64_C(0), TS_COARSE,
	    "1970-01-01T00:00:00Z" },
	{ "Feb 29 00:00:00 2024 GMT", P_ANY,
	    0, INT64_C(1709164800000000), TS_COARSE,
	    "2024-02-29T00:00:00Z" },
	{ "Dec 31 23:59:59 9999 GMT", P_ANY,
	    0, INT64_C(253402300799000000), TS_COARSE,
	    "9999-12-31T23:59:59Z" },
	{ "Nov 22 07:11:14 2026 GMT", P_ISO, -1, 0, 0, NULL },
	/* 12. Artifactory */
	{ "2026-01-10 12:04:58,120", P_ANY,
	    0, INT64_C(1768046698120000), TS_ASSUMED_UTC,
	    "2026-01-10T12:04:58.120000Z" },
	{ "2026-01-10 12:04:58,120 UTC", P_ANY,
	    0, INT64_C(1768046698120000), 0,
	    "2026-01-10T12:04:58.120000Z" },
	{ "2026-01-10T12:04:58,120Z", P_ANY,
	    0, INT64_C(1768046698120000), 0,
	    "2026-01-10T12:04:58.120000Z" },
	{ "2026-01-10 12:04:58,120", P_ISO, -1, 0, 0, NULL },
	/* malformed: every parser */
	{ "", P_BOTH, -1, 0, 0, NULL },
	{ "2026-13-01T00:00:00Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-00-01T00:00:00Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-02-30T00:00:00Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-02-29", P_BOTH, -1, 0, 0, NULL },
	{ "2100-02-29T00:00:00Z", P_BOTH, -1, 0, 0, NULL },
	{ "1900-02-29", P_BOTH, -1, 0, 0, NULL },
	{ "2026-04-31", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-00", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-32", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T25:00:00Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T24:00:00Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:60:00Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:61Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-1-10T12:00:05Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-1T12:00:05Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T1:00:05Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:5Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:", P_BOTH, -1, 0, 0, NULL },
	{ "202-01-10", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10 ", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05Zjunk", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05ZZ", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05Z+01:00", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05+25:00", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05+24:00", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05+01:60", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05+1", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05+", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05+01:", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05+01:0", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05+010", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05+01:00:00", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05+01:00Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05.", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05.Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05.5.5Z", P_BOTH, -1, 0, 0, NULL },
	{ " 2026-01-10T12:00:05Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05Z ", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05Z\n", P_BOTH, -1, 0, 0, NULL },
	{ "\t2026-01-10", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10  12:00:05Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10_12:00:05Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05 utc", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05 UTC+1", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05 EST", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05 UT", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05UTC", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05Z UTC", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10 UTC", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10Z", P_BOTH, -1, 0, 0, NULL },
	{ "+2026-01-10", P_BOTH, -1, 0, 0, NULL },
	{ "-2026-01-10", P_BOTH, -1, 0, 0, NULL },
	{ "20260110T120005Z", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05\xff", P_BOTH, -1, 0, 0, NULL },
	{ "2026-01-10T12:00:05,5Z", P_ISO, -1, 0, 0, NULL },
	{ "abc", P_BOTH, -1, 0, 0, NULL },
	{ "Z", P_BOTH, -1, 0, 0, NULL },
	/* malformed: epoch */
	{ "9223372036854775808", P_ANY, -1, 0, 0, NULL },
	{ "99999999999999999999999", P_ANY, -1, 0, 0, NULL },
	{ "-1700000000", P_ANY, -1, 0, 0, NULL },
	{ "-1", P_ANY, -1, 0, 0, NULL },
	{ "1700000000.", P_ANY, -1, 0, 0, NULL },
	{ ".5", P_ANY, -1, 0, 0, NULL },
	{ "1.7e9", P_ANY, -1, 0, 0, NULL },
	{ "1700000000 ", P_ANY, -1, 0, 0, NULL },
	{ "+1700000000", P_ANY, -1, 0, 0, NULL },
	{ "0x10", P_ANY, -1, 0, 0, NULL },
	{ "1700000000.5.5", P_ANY, -1, 0, 0, NULL },
	{ "1700000000,5", P_ANY, -1, 0, 0, NULL },
	{ "2026/01/10", P_ANY, -1, 0, 0, NULL },
	/* malformed: CloudHSM */
	{ "13/10/26 12:00:05", P_ANY, -1, 0, 0, NULL },
	{ "02/29/25 00:00:00", P_ANY, -1, 0, 0, NULL },
	{ "01/32/26 00:00:00", P_ANY, -1, 0, 0, NULL },
	{ "01/10/2026 12:00:05", P_ANY, -1, 0, 0, NULL },
	{ "01/10/26T12:00:05", P_ANY, -1, 0, 0, NULL },
	{ "01/10/26 12:00:05Z", P_ANY, -1, 0, 0, NULL },
	{ "01/10/26 12:00:05,5", P_ANY, -1, 0, 0, NULL },
	{ "01/10/26 24:00:05", P_ANY, -1, 0, 0, NULL },
	{ "01/10/26", P_ANY, -1, 0, 0, NULL },
	{ "1/10/26 12:00:05", P_ANY, -1, 0, 0, NULL },
	/* malformed: OpenSSL */
	{ "nov 22 07:11:14 2026 GMT", P_ANY, -1, 0, 0, NULL },
	{ "NOV 22 07:11:14 2026 GMT", P_ANY, -1, 0, 0, NULL },
	{ "Nov 2 07:11:14 2026 GMT", P_ANY, -1, 0, 0, NULL },
	{ "Nov   2 07:11:14 2026 GMT", P_ANY, -1, 0, 0, NULL },
	{ "Feb 29 00:00:00 2025 GMT", P_ANY, -1, 0, 0, NULL },
	{ "Nov 31 00:00:00 2026 GMT", P_ANY, -1, 0, 0, NULL },
	{ "Nov 22 07:11:14 2026 UTC", P_ANY, -1, 0, 0, NULL },
	{ "Nov 22 07:11:14 2026 GMTx", P_ANY, -1, 0, 0, NULL },
	{ "Nov 22 07:11:14 26 GMT", P_ANY, -1, 0, 0, NULL },
	{ "Nov 22 07:11:14 2026 ", P_ANY, -1, 0, 0, NULL },
	{ "Nov 22 07:11 2026 GMT", P_ANY, -1, 0, 0, NULL },
	{ "Xyz 22 07:11:14 2026 GMT", P_ANY, -1, 0, 0, NULL },
	{ "No", P_ANY, -1, 0, 0, NULL },
	{ "Nov", P_ANY, -1, 0, 0, NULL },
	/* malformed: Artifactory */
	{ "2026-01-10 12:04:58,", P_ANY, -1, 0, 0, NULL },
	{ "2026-01-10 12:04:58,120,5", P_ANY, -1, 0, 0, NULL },
};

#define NROWS	(sizeof(rows) / sizeof(rows[0]))

/* Copies s[0..len) to a heap buffer of exactly len bytes (no NUL). */
static char *
exact_copy(const char *s, size_t len)
{
	char *p;

	p = malloc(len > 0 ? len : 1);
	assert_non_null(p);
	memcpy(p, s, len);
	return p;
}

typedef int (*parse_fn)(const char *, size_t, int64_t *, unsigned *,
    struct diag *);

/* Runs one row through one parser; returns the number of mismatches. */
static int
check_row(const struct row *r, parse_fn fn, const char *name)
{
	struct diag d;
	char out[TS_BUFSZ];
	char *buf;
	size_t len;
	int64_t us;
	unsigned flags;
	int rc, bad;

	len = strlen(r->in);
	buf = exact_copy(r->in, len);
	d.msg[0] = '\0';
	us = INT64_C(0x5a5a5a5a);
	flags = 0xdead;
	rc = fn(buf, len, &us, &flags, &d);
	free(buf);
	bad = 0;
	if (rc != r->rc) {
		print_error("%s(\"%s\"): rc %d, want %d (%s)\n", name, r->in,
		    rc, r->rc, d.msg);
		return 1;
	}
	if (rc == -1) {
		if (d.msg[0] == '\0') {
			print_error("%s(\"%s\"): failed without a reason\n",
			    name, r->in);
			bad++;
		}
		return bad;
	}
	if (d.msg[0] != '\0') {
		print_error("%s(\"%s\"): diag set on success: %s\n", name,
		    r->in, d.msg);
		bad++;
	}
	if (us != r->us) {
		print_error("%s(\"%s\"): %" PRId64 " us, want %" PRId64 "\n",
		    name, r->in, us, r->us);
		bad++;
	}
	if (flags != r->flags) {
		print_error("%s(\"%s\"): flags %#x, want %#x\n", name, r->in,
		    flags, r->flags);
		bad++;
	}
	if (strcmp(ts_format(us, out), r->canon) != 0) {
		print_error("%s(\"%s\"): formats as %s, want %s\n", name,
		    r->in, out, r->canon);
		bad++;
	}
	return bad;
}

static void
test_table(void **state)
{
	size_t i;
	int bad;

	(void)state;
	bad = 0;
	for (i = 0; i < NROWS; i++) {
		if (rows[i].parser != P_ANY)
			bad += check_row(&rows[i], ts_parse_iso,
			    "ts_parse_iso");
		if (rows[i].parser != P_ISO)
			bad += check_row(&rows[i], ts_parse_any,
			    "ts_parse_any");
	}
	assert_int_equal(bad, 0);
}

/* parse -> format -> parse gives the same instant. */
static void
test_roundtrip(void **state)
{
	struct diag d;
	char out[TS_BUFSZ];
	int64_t us, back, lo, hi;
	uint64_t x;
	unsigned flags;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < NROWS; i++) {
		if (rows[i].rc != 0 || rows[i].canon[strlen(rows[i].canon) -
		    1] != 'Z')
			continue;
		ts_format(rows[i].us, out);
		assert_int_equal(ts_parse_iso(out, strlen(out), &back, &flags,
		    &d), 0);
		assert_true(back == rows[i].us);
		assert_int_equal(flags, rows[i].us % US_PER_SEC == 0 ?
		    TS_COARSE : 0);
	}
	/* Pseudo-random instants over years 0000-9999, both signs. */
	assert_int_equal(ts_from_civil(0, 1, 1, 0, 0, 0, 0, &lo), 0);
	assert_int_equal(ts_from_civil(9999, 12, 31, 23, 59, 59, 999999, &hi),
	    0);
	x = UINT64_C(0x9e3779b97f4a7c15);
	for (k = 0; k < 200000; k++) {
		x = x * UINT64_C(6364136223846793005) +
		    UINT64_C(1442695040888963407);
		us = lo + (int64_t)((x >> 1) % (uint64_t)(hi - lo + 1));
		if (k % 3 == 0)
			us -= us % US_PER_SEC;	/* whole seconds too */
		ts_format(us, out);
		if (ts_parse_iso(out, strlen(out), &back, NULL, &d) != 0 ||
		    back != us)
			fail_msg("%" PRId64 " -> %s -> %" PRId64, us, out,
			    back);
	}
}

static int
naive_leap(int y)
{
	if (y % 400 == 0)
		return 1;
	if (y % 100 == 0)
		return 0;
	return y % 4 == 0;
}

/*
 * Every day of 0000-9999 by counting, independent of the library's
 * arithmetic: consecutive days are 86400 s apart, 1970-01-01 is 0, and
 * format and parse agree with the counted date.
 */
static void
test_every_day(void **state)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	char want[TS_BUFSZ], out[TS_BUFSZ];
	int64_t us, prev, back;
	int y, m, d, dim, seen_epoch;

	(void)state;
	prev = INT64_C(-62167219200000000) - US_PER_DAY;
	seen_epoch = 0;
	for (y = 0; y <= 9999; y++) {
		for (m = 1; m <= 12; m++) {
			dim = mdays[m - 1] + (m == 2 && naive_leap(y));
			for (d = 1; d <= dim; d++) {
				if (ts_from_civil(y, m, d, 0, 0, 0, 0,
				    &us) != 0)
					fail_msg("%04d-%02d-%02d rejected",
					    y, m, d);
				if (us != prev + US_PER_DAY)
					fail_msg("%04d-%02d-%02d: %" PRId64,
					    y, m, d, us);
				prev = us;
				if (y == 1970 && m == 1 && d == 1) {
					assert_true(us == 0);
					seen_epoch = 1;
				}
				snprintf(want, sizeof(want),
				    "%04d-%02d-%02dT00:00:00Z", y, m, d);
				ts_format(us, out);
				if (strcmp(out, want) != 0)
					fail_msg("%s formats as %s", want,
					    out);
				if (ts_parse_iso(want, 10, &back, NULL,
				    NULL) != 0 || back != us)
					fail_msg("%.10s does not parse back",
					    want);
			}
			/* The day after the last one is invalid. */
			assert_int_equal(ts_from_civil(y, m, dim + 1, 0, 0, 0,
			    0, NULL), -1);
		}
	}
	assert_true(seen_epoch);
	assert_true(prev == INT64_C(253402214400000000));
}

static void
try_parsers(const char *s, size_t len)
{
	struct diag d;
	char out[TS_BUFSZ];
	char *buf;
	int64_t us;
	unsigned flags;

	buf = exact_copy(s, len);
	d.msg[0] = '\0';
	if (ts_parse_iso(buf, len, &us, &flags, &d) == -1)
		assert_true(d.msg[0] != '\0');
	else
		assert_true(strlen(ts_format(us, out)) < TS_BUFSZ);
	d.msg[0] = '\0';
	if (ts_parse_any(buf, len, &us, &flags, &d) == -1)
		assert_true(d.msg[0] != '\0');
	else
		assert_true(strlen(ts_format(us, out)) < TS_BUFSZ);
	free(buf);
}

/* Truncations and one-byte changes of every row: no crash, no over-read. */
static void
test_prefixes_and_mutations(void **state)
{
	static const char subst[] = {
		'\0', '0', '1', '9', ' ', 'T', 'Z', '+', '-', ':', '.', ',',
		'/', 'G', (char)0xff
	};
	char tmp[128];
	size_t i, len, n, k;

	(void)state;
	for (i = 0; i < NROWS; i++) {
		len = strlen(rows[i].in);
		assert_true(len < sizeof(tmp));
		for (n = 0; n <= len; n++)
			try_parsers(rows[i].in, n);
		for (n = 0; n < len; n++) {
			for (k = 0; k < sizeof(subst); k++) {
				memcpy(tmp, rows[i].in, len);
				tmp[n] = subst[k];
				try_parsers(tmp, len);
			}
		}
	}
}

/* A NUL inside s[0..len) is just a bad character; len is what counts. */
static void
test_nul_bytes(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		int		 rc;
	} cases[] = {
		{ "2026-01-10\0T12:00:05Z", 21, -1 },
		{ "2026-01-10T12:00:05Z\0", 21, -1 },
		{ "2026-01-10T12:00\0:05Z", 20, -1 },
		{ "2026-01-10T12:00:05.1\0" "2Z", 24, -1 },
		{ "1700000000\0", 11, -1 },
		{ "17000\0" "00000", 11, -1 },
		{ "Nov 22 07:11:14 2026 GMT\0", 25, -1 },
		{ "01/10/26 12:00:05\0", 18, -1 },
		{ "\0", 1, -1 },
		{ "2026-01-10T12:00:05Zjunk", 20, 0 },
		{ "2026-01-10T12:00:05\0Z", 19, 0 },
	};
	struct diag d;
	char *buf;
	int64_t us;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf = exact_copy(cases[i].s, cases[i].len);
		d.msg[0] = '\0';
		assert_int_equal(ts_parse_any(buf, cases[i].len, &us, NULL,
		    &d), cases[i].rc);
		assert_true(cases[i].rc == 0 || d.msg[0] != '\0');
		if (cases[i].len > 4 && cases[i].s[4] == '-') {
			d.msg[0] = '\0';
			assert_int_equal(ts_parse_iso(buf, cases[i].len, &us,
			    NULL, &d), cases[i].rc);
			assert_true(cases[i].rc == 0 || d.msg[0] != '\0');
		}
		if (cases[i].rc == 0)
			assert_true(us == INT64_C(1768046405000000));
		free(buf);
	}
}

/* The reason names the field at fault. */
static void
test_diag_messages(void **state)
{
	static const struct {
		const char	*in;
		const char	*word;
	} cases[] = {
		{ "", "empty" },
		{ " 2026-01-10", "whitespace" },
		{ "2026-01-10\t", "whitespace" },
		{ "2026-13-01", "month" },
		{ "2026-02-29", "day" },
		{ "2026-1-10", "month" },
		{ "2026-01-10T24:00:00Z", "hour" },
		{ "2026-01-10T23:60:00Z", "minute" },
		{ "2026-01-10T23:59:61Z", "second" },
		{ "2026-01-10T23:59Z", "':'" },
		{ "2026-01-10T12:00:05+24:00", "offset" },
		{ "2026-01-10T12:00:05+01:0", "offset minute" },
		{ "2026-01-10T12:00:05.Z", "decimal" },
		{ "2026-01-10T12:00:05 EST", "UTC" },
		{ "2026-01-10T12:00:05Zjunk", "offset 20" },
		{ "-1700000000", "negative" },
		{ "99999999999999999999", "too large" },
		{ "Xyz 22 07:11:14 2026 GMT", "month" },
		{ "Nov 22 07:11:14 2026 UTC", "GMT" },
		{ "13/10/26 12:00:05", "month" },
		{ "?", "unrecognized" },
	};
	struct diag d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		d.msg[0] = '\0';
		assert_int_equal(ts_parse_any(cases[i].in, strlen(cases[i].in),
		    NULL, NULL, &d), -1);
		if (strstr(d.msg, cases[i].word) == NULL)
			fail_msg("\"%s\": \"%s\" lacks \"%s\"", cases[i].in,
			    d.msg, cases[i].word);
	}
}

/* us, flags and d may all be NULL; s may be NULL when len is 0. */
static void
test_null_arguments(void **state)
{
	static const char good[] = "2026-01-10T12:00:05Z";
	static const char bad[] = "2026-01-10T12:00:05Zjunk";
	struct diag d;
	int64_t us;

	(void)state;
	assert_int_equal(ts_parse_iso(good, strlen(good), NULL, NULL, NULL),
	    0);
	assert_int_equal(ts_parse_any(good, strlen(good), NULL, NULL, NULL),
	    0);
	assert_int_equal(ts_parse_iso(bad, strlen(bad), NULL, NULL, NULL),
	    -1);
	assert_int_equal(ts_parse_any(bad, strlen(bad), NULL, NULL, NULL),
	    -1);
	assert_int_equal(ts_parse_any("1700000000", 10, NULL, NULL, NULL), 0);
	d.msg[0] = '\0';
	assert_int_equal(ts_parse_iso(NULL, 0, &us, NULL, &d), -1);
	assert_true(d.msg[0] != '\0');
	d.msg[0] = '\0';
	assert_int_equal(ts_parse_any(NULL, 0, &us, NULL, &d), -1);
	assert_true(d.msg[0] != '\0');
	assert_int_equal(ts_from_civil(2026, 1, 10, 0, 0, 0, 0, NULL), 0);
	assert_int_equal(ts_from_epoch_int(1, TS_SEC, NULL), 0);
	assert_int_equal(ts_from_epoch(1.0, TS_SEC, NULL), 0);
}

static void
test_from_civil(void **state)
{
	static const struct {
		int	 y, mon, d, hh, mm, ss;
		int64_t	 frac, us;
		int	 rc;
	} cases[] = {
		{ 1970, 1, 1, 0, 0, 0, 0, 0, 0 },
		{ 1969, 12, 31, 23, 59, 59, 999999, -1, 0 },
		{ 2026, 1, 10, 12, 0, 5, 123456, INT64_C(1768046405123456), 0 },
		{ 2000, 2, 29, 0, 0, 0, 0, INT64_C(951782400000000), 0 },
		{ 0, 1, 1, 0, 0, 0, 0, INT64_C(-62167219200000000), 0 },
		{ 9999, 12, 31, 23, 59, 59, 999999,
		    INT64_C(253402300799999999), 0 },
		{ 2100, 2, 29, 0, 0, 0, 0, 0, -1 },
		{ 1900, 2, 29, 0, 0, 0, 0, 0, -1 },
		{ 2026, 2, 29, 0, 0, 0, 0, 0, -1 },
		{ -1, 12, 31, 0, 0, 0, 0, 0, -1 },
		{ 10000, 1, 1, 0, 0, 0, 0, 0, -1 },
		{ 2026, 0, 1, 0, 0, 0, 0, 0, -1 },
		{ 2026, 13, 1, 0, 0, 0, 0, 0, -1 },
		{ 2026, 1, 0, 0, 0, 0, 0, 0, -1 },
		{ 2026, 1, 32, 0, 0, 0, 0, 0, -1 },
		{ 2026, 4, 31, 0, 0, 0, 0, 0, -1 },
		{ 2026, 1, 1, 24, 0, 0, 0, 0, -1 },
		{ 2026, 1, 1, -1, 0, 0, 0, 0, -1 },
		{ 2026, 1, 1, 0, 60, 0, 0, 0, -1 },
		{ 2026, 1, 1, 0, -1, 0, 0, 0, -1 },
		{ 2026, 1, 1, 0, 0, 60, 0, 0, -1 },
		{ 2026, 1, 1, 0, 0, -1, 0, 0, -1 },
		{ 2026, 1, 1, 0, 0, 0, -1, 0, -1 },
		{ 2026, 1, 1, 0, 0, 0, 1000000, 0, -1 },
		{ 2026, 1, 1, 0, 0, 0, INT64_MAX, 0, -1 },
		{ INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN,
		    INT32_MIN, INT64_MIN, 0, -1 },
		{ INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX,
		    INT32_MAX, INT64_MAX, 0, -1 },
	};
	int64_t us;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		us = 42;
		assert_int_equal(ts_from_civil(cases[i].y, cases[i].mon,
		    cases[i].d, cases[i].hh, cases[i].mm, cases[i].ss,
		    cases[i].frac, &us), cases[i].rc);
		if (cases[i].rc == 0)
			assert_true(us == cases[i].us);
		else
			assert_true(us == 42);
	}
}

static void
test_from_epoch_int(void **state)
{
	static const struct {
		int64_t		 v;
		enum ts_unit	 unit;
		int		 rc;
		int64_t		 us;
	} cases[] = {
		{ 1700000000, TS_SEC, 0, INT64_C(1700000000000000) },
		{ -1, TS_SEC, 0, -1000000 },
		{ INT64_MAX / 1000000, TS_SEC, 0,
		    INT64_MAX / 1000000 * 1000000 },
		{ INT64_MAX / 1000000 + 1, TS_SEC, -1, 0 },
		{ INT64_MIN / 1000000, TS_SEC, 0,
		    INT64_MIN / 1000000 * 1000000 },
		{ INT64_MIN / 1000000 - 1, TS_SEC, -1, 0 },
		{ INT64_MAX, TS_SEC, -1, 0 },
		{ INT64_MIN, TS_SEC, -1, 0 },
		{ INT64_C(1700000000123), TS_MSEC, 0,
		    INT64_C(1700000000123000) },
		{ INT64_MAX / 1000 + 1, TS_MSEC, -1, 0 },
		{ INT64_MIN / 1000 - 1, TS_MSEC, -1, 0 },
		{ INT64_MAX, TS_USEC, 0, INT64_MAX },
		{ INT64_MIN, TS_USEC, 0, INT64_MIN },
		{ INT64_C(1700000000123456789), TS_NSEC, 0,
		    INT64_C(1700000000123456) },
		{ 999, TS_NSEC, 0, 0 },
		{ -1, TS_NSEC, 0, -1 },
		{ -1000, TS_NSEC, 0, -1 },
		{ -1001, TS_NSEC, 0, -2 },
		{ INT64_MAX, TS_NSEC, 0, INT64_MAX / 1000 },
		{ INT64_MIN, TS_NSEC, 0, INT64_MIN / 1000 - 1 },
		{ 1, (enum ts_unit)42, -1, 0 },
	};
	int64_t us;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		us = 42;
		assert_int_equal(ts_from_epoch_int(cases[i].v, cases[i].unit,
		    &us), cases[i].rc);
		if (cases[i].rc == 0)
			assert_true(us == cases[i].us);
	}
}

static void
test_from_epoch_double(void **state)
{
	static const struct {
		double		 v;
		enum ts_unit	 unit;
		int		 rc;
		int64_t		 us;
	} cases[] = {
		{ 1700000000.0, TS_SEC, 0, INT64_C(1700000000000000) },
		{ 1700000000.5, TS_SEC, 0, INT64_C(1700000000500000) },
		/* Not exact in binary: rounded to the nearest µs. */
		{ 1700000000.123456, TS_SEC, 0, INT64_C(1700000000123456) },
		{ 540684991.246167, TS_SEC, 0, INT64_C(540684991246167) },
		{ 0.1, TS_SEC, 0, 100000 },
		{ 1.9e-6, TS_SEC, 0, 2 },
		{ -1.9e-6, TS_SEC, 0, -2 },
		{ 0.4e-6, TS_SEC, 0, 0 },
		{ 2.5, TS_NSEC, 0, 0 },
		{ 1500.0, TS_NSEC, 0, 2 },
		{ -1.5, TS_SEC, 0, -1500000 },
		{ 0.0, TS_SEC, 0, 0 },
		{ 1700000000123.0, TS_MSEC, 0, INT64_C(1700000000123000) },
		{ 1700000000123456.0, TS_USEC, 0, INT64_C(1700000000123456) },
		{ 1.7e18, TS_NSEC, 0, INT64_C(1700000000000000) },
		{ 9.2e12, TS_SEC, 0, INT64_C(9200000000000000000) },
		{ 9.3e12, TS_SEC, -1, 0 },
		{ -9.3e12, TS_SEC, -1, 0 },
		{ 9.3e15, TS_MSEC, -1, 0 },
		{ 9223372036854775808.0, TS_USEC, -1, 0 },
		{ -9223372036854775808.0, TS_USEC, 0, INT64_MIN },
		{ 1e300, TS_NSEC, -1, 0 },
		{ -1e300, TS_SEC, -1, 0 },
		{ 1.0, (enum ts_unit)42, -1, 0 },
	};
	int64_t us;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		us = 42;
		assert_int_equal(ts_from_epoch(cases[i].v, cases[i].unit, &us),
		    cases[i].rc);
		if (cases[i].rc == 0 && us != cases[i].us)
			fail_msg("ts_from_epoch(%.17g, %d): %" PRId64
			    ", want %" PRId64, cases[i].v, (int)cases[i].unit,
			    us, cases[i].us);
	}
	assert_int_equal(ts_from_epoch(NAN, TS_SEC, &us), -1);
	assert_int_equal(ts_from_epoch(-NAN, TS_USEC, &us), -1);
	assert_int_equal(ts_from_epoch(INFINITY, TS_SEC, &us), -1);
	assert_int_equal(ts_from_epoch(-INFINITY, TS_NSEC, &us), -1);
}

static void
test_format(void **state)
{
	static const struct {
		int64_t		 us;
		const char	*want;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ 1, "1970-01-01T00:00:00.000001Z" },
		{ -1, "1969-12-31T23:59:59.999999Z" },
		{ -1000000, "1969-12-31T23:59:59Z" },
		{ -1000001, "1969-12-31T23:59:58.999999Z" },
		{ -US_PER_DAY, "1969-12-31T00:00:00Z" },
		{ -US_PER_DAY - 1, "1969-12-30T23:59:59.999999Z" },
		{ INT64_C(951868799999999), "2000-02-29T23:59:59.999999Z" },
		{ INT64_C(951868800000000), "2000-03-01T00:00:00Z" },
		{ INT64_C(-2203891200000000), "1900-03-01T00:00:00Z" },
		{ INT64_C(-2203891200000001), "1900-02-28T23:59:59.999999Z" },
		{ INT64_C(1768046405123456), "2026-01-10T12:00:05.123456Z" },
		{ INT64_C(-62167219200000000), "0000-01-01T00:00:00Z" },
		{ INT64_C(-62167219200000001), "-62167219200000001us" },
		{ INT64_C(253402300799999999), "9999-12-31T23:59:59.999999Z" },
		{ INT64_C(253402300800000000), "253402300800000000us" },
		{ INT64_MAX, "9223372036854775807us" },
		{ INT64_MIN, "-9223372036854775808us" },
	};
	char out[TS_BUFSZ];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'X', sizeof(out));
		assert_ptr_equal(ts_format(cases[i].us, out), out);
		assert_string_equal(out, cases[i].want);
	}
}

static void
test_flags_format(void **state)
{
	static const struct {
		unsigned	 flags;
		size_t		 outsz;
		const char	*want;
	} cases[] = {
		{ 0, 64, "" },
		{ TS_ASSUMED_UTC, 64, "assumed-utc" },
		{ TS_LEAP, 64, "leap" },
		{ TS_DERIVED, 64, "derived" },
		{ TS_COARSE, 64, "coarse" },
		{ TS_UNIT_GUESSED, 64, "unit-guessed" },
		{ TS_LEAP | TS_ASSUMED_UTC, 64, "assumed-utc,leap" },
		{ TS_UNIT_GUESSED | TS_COARSE, 64, "coarse,unit-guessed" },
		{ 0x1f, 64, "assumed-utc,leap,derived,coarse,unit-guessed" },
		{ 0x1f, 45, "assumed-utc,leap,derived,coarse,unit-guessed" },
		{ 0x1f, 44, "assumed-utc,leap,derived,coarse,unit-guesse" },
		{ 0xffffffffu, 64,
		    "assumed-utc,leap,derived,coarse,unit-guessed" },
		{ 0x100 | TS_LEAP, 64, "leap" },
		{ 0x100, 64, "" },
		{ TS_ASSUMED_UTC | TS_LEAP, 12, "assumed-utc" },
		{ TS_ASSUMED_UTC | TS_LEAP, 13, "assumed-utc," },
		{ TS_ASSUMED_UTC | TS_LEAP, 14, "assumed-utc,l" },
		{ TS_ASSUMED_UTC, 5, "assu" },
		{ TS_ASSUMED_UTC, 2, "a" },
		{ TS_ASSUMED_UTC, 1, "" },
		{ 0, 1, "" },
	};
	char out[80];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'X', sizeof(out));
		assert_ptr_equal(ts_flags_format(cases[i].flags, out,
		    cases[i].outsz), out);
		assert_string_equal(out, cases[i].want);
		/* Nothing written past outsz. */
		assert_int_equal(out[cases[i].outsz], 'X');
	}
	memset(out, 'X', sizeof(out));
	assert_ptr_equal(ts_flags_format(0x1f, out, 0), out);
	assert_int_equal(out[0], 'X');
	assert_null(ts_flags_format(0x1f, NULL, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_prefixes_and_mutations),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_diag_messages),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_from_civil),
		cmocka_unit_test(test_from_epoch_int),
		cmocka_unit_test(test_from_epoch_double),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_flags_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
