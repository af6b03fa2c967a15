/* SPDX-License-Identifier: MIT */
/*
 * timeutil.c - the time parser and printer of timeutil.h.  Every shape is
 * read with a bounded cursor over s[0..len) (the text need not be
 * NUL-terminated), checked field by field, and turned into UTC
 * microseconds with our own proleptic Gregorian day arithmetic.  No libc
 * time, locale or TZ functions are used.
 *
 * Decisions worth knowing:
 * - TS_COARSE is set whenever the text carries no fraction of a second
 *   (ISO without ".f", date alone, OpenSSL, CloudHSM without ".f",
 *   integer epoch seconds).  Any fraction, even ".0", clears it.
 * - A date alone ("2026-01-10") is midnight UTC with TS_ASSUMED_UTC and
 *   TS_COARSE: no zone was written, so UTC is an assumption.
 * - Epoch numbers are UTC by definition: no TS_ASSUMED_UTC for them.
 * - "-00:00" (RFC 3339 "offset unknown") is taken as UTC, no flag.
 * - Second 60 is accepted in any minute (the offset may move the real
 *   23:59:60 UTC elsewhere); it becomes :59.999999 with TS_LEAP.
 * - An offset may carry a time across year 0000 or 9999; the result is
 *   still returned (it always fits in int64 µs).
 * - ts_parse_any() also takes ',' as the decimal sign of an ISO time
 *   (Artifactory "12:04:58,120"), whatever zone follows; ts_parse_iso()
 *   takes '.' only.
 * - ts_from_epoch() rounds the double to the nearest µs (a double is
 *   never exact); ts_from_epoch_int() floors nanoseconds to µs.  Text
 *   epochs in ts_parse_any() are exact and truncated, never rounded.
 * - ts_format() prints values outside years 0000-9999 as the raw number
 *   followed by "us" ("-62167219200000001us").
 */
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "timeutil.h"

#define US_PER_SEC	INT64_C(1000000)
#define US_PER_DAY	(INT64_C(86400) * US_PER_SEC)

/*
 * The shifted day count of 1970-01-01 (see days_from_civil()); subtracting
 * it makes the epoch day 0.
 */
#define EPOCH_SHIFT	INT64_C(865565)

/* A time being assembled by one of the parsers. */
struct civil {
	int		 year, mon, day;
	int		 hh, mm, ss;
	int64_t		 frac_us;	/* 0-999999 */
	int		 off_sec;	/* local = UTC + off_sec */
	unsigned	 flags;
};

/* A read position inside s[0..len); pos never exceeds len. */
struct cur {
	const char	*s;
	size_t		 len;
	size_t		 pos;
};

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static const struct {
	unsigned	 bit;
	const char	*word;
} flag_words[] = {
	{ TS_ASSUMED_UTC, "assumed-utc" },
	{ TS_LEAP, "leap" },
	{ TS_DERIVED, "derived" },
	{ TS_COARSE, "coarse" },
	{ TS_UNIT_GUESSED, "unit-guessed" },
};

static int
is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && is_leap_year(y))
		return 29;
	return mdays[m - 1];
}

/*
 * Days since 1970-01-01 of a proleptic Gregorian date (y >= -399).  Years
 * are counted from March ("shifted years") so that a February 29 is the
 * last day of its shifted year; 400 is added to the year so that every
 * quantity stays positive and C's truncating division acts as floor.
 * Leap days before shifted year sy: sy/4 - sy/100 + sy/400.
 */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t sy, doy;

	sy = (int64_t)y + 400 - (m <= 2 ? 1 : 0);
	/* Offset of the month from March 1: 0, 31, 61, 92, ... 337. */
	doy = (153 * (int64_t)((m + 9) % 12) + 2) / 5 + d - 1;
	return sy * 365 + sy / 4 - sy / 100 + sy / 400 + doy - EPOCH_SHIFT;
}

/*
 * Inverse of days_from_civil() for days >= -EPOCH_SHIFT.  Splits the
 * shifted day count into 400-year eras (146097 days), centuries (36524
 * days, the last one of an era one more), 4-year groups (1461 days, the
 * last one of a century one less) and years (365 days, the last one of a
 * group one more).
 */
static void
civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t z, era, doe, cent, doc, grp, dog, yig, doy, sy, mp;

	z = days + EPOCH_SHIFT;
	era = z / 146097;
	doe = z % 146097;
	cent = doe / 36524;
	if (cent > 3)
		cent = 3;
	doc = doe - cent * 36524;
	grp = doc / 1461;
	dog = doc % 1461;
	yig = dog / 365;
	if (yig > 3)
		yig = 3;
	doy = dog - yig * 365;
	sy = era * 400 + cent * 100 + grp * 4 + yig;
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(sy - 400 + (*m <= 2 ? 1 : 0));
}

int
ts_from_civil(int year, int mon, int day, int hh, int mm, int ss,
    int64_t frac_us, int64_t *us)
{
	int64_t days, secs;

	if (year < 0 || year > 9999 || mon < 1 || mon > 12 || day < 1 ||
	    day > days_in_month(year, mon) || hh < 0 || hh > 23 ||
	    mm < 0 || mm > 59 || ss < 0 || ss > 59 || frac_us < 0 ||
	    frac_us >= US_PER_SEC)
		return -1;
	days = days_from_civil(year, mon, day);
	secs = days * 86400 + (int64_t)hh * 3600 + (int64_t)mm * 60 + ss;
	if (us != NULL)
		*us = secs * US_PER_SEC + frac_us;
	return 0;
}

int
ts_from_epoch_int(int64_t v, enum ts_unit unit, int64_t *us)
{
	int64_t mult, r;

	switch (unit) {
	case TS_SEC:
		mult = US_PER_SEC;
		break;
	case TS_MSEC:
		mult = 1000;
		break;
	case TS_USEC:
		mult = 1;
		break;
	case TS_NSEC:
		/* Floor, so that -1 ns is the µs before the epoch. */
		r = v / 1000;
		if (v % 1000 < 0)
			r--;
		if (us != NULL)
			*us = r;
		return 0;
	default:
		return -1;
	}
	if (v > INT64_MAX / mult || v < INT64_MIN / mult)
		return -1;
	if (us != NULL)
		*us = v * mult;
	return 0;
}

int
ts_from_epoch(double v, enum ts_unit unit, int64_t *us)
{
	double r, frac;
	int64_t t;

	/* Infinities fail the range test below. */
	if (isnan(v))
		return -1;
	switch (unit) {
	case TS_SEC:
		r = v * 1e6;
		break;
	case TS_MSEC:
		r = v * 1e3;
		break;
	case TS_USEC:
		r = v;
		break;
	case TS_NSEC:
		r = v / 1e3;
		break;
	default:
		return -1;
	}
	/* [-2^63, 2^63): every double in it converts without overflow. */
	if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0))
		return -1;
	t = (int64_t)r;
	frac = r - (double)t;
	/*
	 * Round half away from zero.  Only |r| < 2^52 has a fraction, so
	 * t stays far from the int64 limits.
	 */
	if (frac >= 0.5)
		t++;
	else if (frac <= -0.5)
		t--;
	if (us != NULL)
		*us = t;
	return 0;
}

/* Floor division for div > 0: *rem is in [0, div). */
static int64_t
floor_div(int64_t v, int64_t div, int64_t *rem)
{
	int64_t q, r;

	q = v / div;
	r = v % div;
	if (r < 0) {
		q--;
		r += div;
	}
	*rem = r;
	return q;
}

char *
ts_format(int64_t us, char *out)
{
	int64_t days, rem, secs, frac;
	int y, m, d, hh, mm, ss;

	days = floor_div(us, US_PER_DAY, &rem);
	if (days < days_from_civil(0, 1, 1) ||
	    days > days_from_civil(9999, 12, 31)) {
		snprintf(out, TS_BUFSZ, "%" PRId64 "us", us);
		return out;
	}
	civil_from_days(days, &y, &m, &d);
	secs = rem / US_PER_SEC;
	frac = rem % US_PER_SEC;
	hh = (int)(secs / 3600);
	mm = (int)(secs / 60 % 60);
	ss = (int)(secs % 60);
	if (frac == 0)
		snprintf(out, TS_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    y, m, d, hh, mm, ss);
	else
		snprintf(out, TS_BUFSZ,
		    "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
		    y, m, d, hh, mm, ss, (int)frac);
	return out;
}

static void
append_trunc(char *out, size_t outsz, size_t *n, const char *s)
{
	size_t l, room;

	l = strlen(s);
	room = outsz - 1 - *n;
	if (l > room)
		l = room;
	memcpy(out + *n, s, l);
	*n += l;
	out[*n] = '\0';
}

char *
ts_flags_format(unsigned flags, char *out, size_t outsz)
{
	size_t i, n;

	if (out == NULL || outsz == 0)
		return out;
	n = 0;
	out[0] = '\0';
	/* Bits without a word are ignored. */
	for (i = 0; i < sizeof(flag_words) / sizeof(flag_words[0]); i++) {
		if ((flags & flag_words[i].bit) == 0)
			continue;
		if (n > 0)
			append_trunc(out, outsz, &n, ",");
		append_trunc(out, outsz, &n, flag_words[i].word);
	}
	return out;
}

/* Cursor helpers: all of them stay inside s[0..len). */

static int
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
peek(const struct cur *c)
{
	if (c->pos >= c->len)
		return -1;
	return (unsigned char)c->s[c->pos];
}

static int
peek_at(const struct cur *c, size_t ahead)
{
	if (ahead >= c->len - c->pos)
		return -1;
	return (unsigned char)c->s[c->pos + ahead];
}

static int
accept(struct cur *c, int ch)
{
	if (peek(c) != ch)
		return 0;
	c->pos++;
	return 1;
}

static int
at_end(const struct cur *c)
{
	return c->pos >= c->len;
}

/* Reads exactly n (<= 4) digits. */
static int
digits(struct cur *c, size_t n, int *val, const char *what,
    struct diag *d)
{
	size_t i;
	int ch, v;

	v = 0;
	for (i = 0; i < n; i++) {
		ch = peek_at(c, i);
		if (!is_digit(ch))
			return diag_set(d,
			    "expected %zu-digit %s at offset %zu", n, what,
			    c->pos);
		v = v * 10 + (ch - '0');
	}
	c->pos += n;
	*val = v;
	return 0;
}

static int
expect(struct cur *c, int ch, const char *what, struct diag *d)
{
	if (accept(c, ch))
		return 0;
	if (at_end(c))
		return diag_set(d, "time ends where %s was expected", what);
	return diag_set(d, "expected %s at offset %zu", what, c->pos);
}

static int
expect_end(const struct cur *c, struct diag *d)
{
	if (at_end(c))
		return 0;
	return diag_set(d, "unexpected character at offset %zu of time",
	    c->pos);
}

/* Common start of every parser: no empty input, no surrounding space. */
static int
check_text(const char *s, size_t len, struct diag *d)
{
	int first, last;

	if (len == 0 || s == NULL)
		return diag_set(d, "empty time");
	first = (unsigned char)s[0];
	last = (unsigned char)s[len - 1];
	if (first == ' ' || (first >= '\t' && first <= '\r') ||
	    last == ' ' || (last >= '\t' && last <= '\r'))
		return diag_set(d, "whitespace around time");
	return 0;
}

static int
check_date(const struct civil *t, struct diag *d)
{
	if (t->mon < 1 || t->mon > 12)
		return diag_set(d, "month %d out of range", t->mon);
	if (t->day < 1 || t->day > days_in_month(t->year, t->mon))
		return diag_set(d, "day %d out of range for %04d-%02d",
		    t->day, t->year, t->mon);
	return 0;
}

/*
 * "HH:MM:SS" and an optional fraction after '.' (or ',' when allowed):
 * one digit or more, truncated to microseconds.  Sets TS_COARSE when
 * there is no fraction.
 */
static int
parse_clock(struct cur *c, struct civil *t, int allow_comma, struct diag *d)
{
	size_t n;
	int ch;

	if (digits(c, 2, &t->hh, "hour", d) == -1 ||
	    expect(c, ':', "':' after hour", d) == -1 ||
	    digits(c, 2, &t->mm, "minute", d) == -1 ||
	    expect(c, ':', "':' after minute", d) == -1 ||
	    digits(c, 2, &t->ss, "second", d) == -1)
		return -1;
	if (t->hh > 23)
		return diag_set(d, "hour %d out of range", t->hh);
	if (t->mm > 59)
		return diag_set(d, "minute %d out of range", t->mm);
	if (t->ss > 60)
		return diag_set(d, "second %d out of range", t->ss);
	t->frac_us = 0;
	if (!accept(c, '.') && !(allow_comma && accept(c, ','))) {
		t->flags |= TS_COARSE;
		return 0;
	}
	n = 0;
	while (is_digit(ch = peek(c))) {
		if (n < 6)
			t->frac_us = t->frac_us * 10 + (ch - '0');
		n++;
		c->pos++;
	}
	if (n == 0)
		return diag_set(d,
		    "no digits after the decimal sign at offset %zu", c->pos);
	for (; n < 6; n++)
		t->frac_us *= 10;
	return 0;
}

/* Turns an assembled time into UTC µs. */
static int
finish(struct civil *t, int64_t *us, unsigned *flags, struct diag *d)
{
	int64_t local;

	if (t->ss == 60) {
		t->ss = 59;
		t->frac_us = US_PER_SEC - 1;
		t->flags |= TS_LEAP;
	}
	if (ts_from_civil(t->year, t->mon, t->day, t->hh, t->mm, t->ss,
	    t->frac_us, &local) == -1)
		return diag_set(d, "invalid date or time");
	if (us != NULL)
		*us = local - (int64_t)t->off_sec * US_PER_SEC;
	if (flags != NULL)
		*flags = t->flags;
	return 0;
}

/*
 * The zone after an ISO time: "Z", "z", "+HH:MM", "+HHMM", "+HH" (or
 * '-'), " UTC", " GMT", or nothing (TS_ASSUMED_UTC).  "-00:00" is UTC.
 */
static int
parse_zone(struct cur *c, struct civil *t, struct diag *d)
{
	int sign, oh, om, ch;

	oh = om = 0;
	ch = peek(c);
	switch (ch) {
	case -1:
		t->flags |= TS_ASSUMED_UTC;
		return 0;
	case 'Z':
	case 'z':
		c->pos++;
		break;
	case '+':
	case '-':
		sign = ch == '-' ? -1 : 1;
		c->pos++;
		if (digits(c, 2, &oh, "offset hour", d) == -1)
			return -1;
		if (accept(c, ':')) {
			if (digits(c, 2, &om, "offset minute", d) == -1)
				return -1;
		} else if (is_digit(peek(c))) {
			if (digits(c, 2, &om, "offset minute", d) == -1)
				return -1;
		}
		if (oh > 23 || om > 59)
			return diag_set(d, "offset %02d:%02d out of range",
			    oh, om);
		t->off_sec = sign * (oh * 3600 + om * 60);
		break;
	case ' ':
		if (c->len - c->pos == 4 &&
		    (memcmp(c->s + c->pos + 1, "UTC", 3) == 0 ||
		    memcmp(c->s + c->pos + 1, "GMT", 3) == 0)) {
			c->pos += 4;
			break;
		}
		return diag_set(d, "expected \"UTC\" or \"GMT\" after space "
		    "at offset %zu", c->pos);
	default:
		return diag_set(d, "unexpected character at offset %zu of "
		    "time zone", c->pos);
	}
	return expect_end(c, d);
}

static int
parse_iso(const char *s, size_t len, int64_t *us, unsigned *flags,
    int allow_comma, struct diag *d)
{
	struct cur c = { s, len, 0 };
	struct civil t;
	int ch;

	memset(&t, 0, sizeof(t));
	if (check_text(s, len, d) == -1)
		return -1;
	if (digits(&c, 4, &t.year, "year", d) == -1 ||
	    expect(&c, '-', "'-' after year", d) == -1 ||
	    digits(&c, 2, &t.mon, "month", d) == -1 ||
	    expect(&c, '-', "'-' after month", d) == -1 ||
	    digits(&c, 2, &t.day, "day", d) == -1 ||
	    check_date(&t, d) == -1)
		return -1;
	if (at_end(&c)) {
		/* A date alone: midnight, and no zone was written. */
		t.flags |= TS_ASSUMED_UTC | TS_COARSE;
		return finish(&t, us, flags, d);
	}
	ch = peek(&c);
	if (ch != 'T' && ch != 't' && ch != ' ')
		return diag_set(d, "expected 'T' or space after date at "
		    "offset %zu", c.pos);
	c.pos++;
	if (parse_clock(&c, &t, allow_comma, d) == -1 ||
	    parse_zone(&c, &t, d) == -1)
		return -1;
	return finish(&t, us, flags, d);
}

int
ts_parse_iso(const char *s, size_t len, int64_t *us, unsigned *flags,
    struct diag *d)
{
	return parse_iso(s, len, us, flags, 0, d);
}

/*
 * Epoch number: digits, optionally '.' and digits.  The unit comes from
 * the size of the integer part; the fraction is exact and truncated.
 */
static int
parse_epoch(const char *s, size_t len, int64_t *us, unsigned *flags,
    struct diag *d)
{
	struct cur c = { s, len, 0 };
	enum ts_unit unit;
	int64_t v, f9, r, fus;
	size_t n;
	int ch, dig, has_frac;

	v = 0;
	while (is_digit(ch = peek(&c))) {
		dig = ch - '0';
		if (v > (INT64_MAX - dig) / 10)
			return diag_set(d, "epoch number too large");
		v = v * 10 + dig;
		c.pos++;
	}
	f9 = 0;
	n = 0;
	has_frac = accept(&c, '.');
	if (has_frac) {
		while (is_digit(ch = peek(&c))) {
			if (n < 9)
				f9 = f9 * 10 + (ch - '0');
			n++;
			c.pos++;
		}
		if (n == 0)
			return diag_set(d, "no digits after '.' in epoch "
			    "number");
		for (; n < 9; n++)
			f9 *= 10;
	}
	if (expect_end(&c, d) == -1)
		return -1;
	if (v >= INT64_C(100000000000000000)) {
		unit = TS_NSEC;
		fus = 0;
	} else if (v >= INT64_C(100000000000000)) {
		unit = TS_USEC;
		fus = 0;
	} else if (v >= INT64_C(100000000000)) {
		unit = TS_MSEC;
		fus = f9 / 1000000;
	} else {
		unit = TS_SEC;
		fus = f9 / 1000;
	}
	if (ts_from_epoch_int(v, unit, &r) == -1)
		return diag_set(d, "epoch number out of range");
	/* r < 1e17 here, so adding less than 1e6 cannot overflow. */
	if (us != NULL)
		*us = r + fus;
	if (flags != NULL)
		*flags = TS_UNIT_GUESSED |
		    (unit == TS_SEC && !has_frac ? TS_COARSE : 0);
	return 0;
}

/* CloudHSM "MM/DD/YY HH:MM:SS[.f]", 20YY, no zone. */
static int
parse_cloudhsm(const char *s, size_t len, int64_t *us, unsigned *flags,
    struct diag *d)
{
	struct cur c = { s, len, 0 };
	struct civil t;

	memset(&t, 0, sizeof(t));
	if (digits(&c, 2, &t.mon, "month", d) == -1 ||
	    expect(&c, '/', "'/' after month", d) == -1 ||
	    digits(&c, 2, &t.day, "day", d) == -1 ||
	    expect(&c, '/', "'/' after day", d) == -1 ||
	    digits(&c, 2, &t.year, "year", d) == -1)
		return -1;
	t.year += 2000;
	if (check_date(&t, d) == -1 ||
	    expect(&c, ' ', "space after date", d) == -1 ||
	    parse_clock(&c, &t, 0, d) == -1 ||
	    expect_end(&c, d) == -1)
		return -1;
	t.flags |= TS_ASSUMED_UTC;
	return finish(&t, us, flags, d);
}

/*
 * OpenSSL "Mon DD HH:MM:SS[.f] YYYY GMT"; the day may be space-padded
 * ("Nov  2").  Without " GMT" the time is taken as UTC, TS_ASSUMED_UTC.
 */
static int
parse_openssl(const char *s, size_t len, int64_t *us, unsigned *flags,
    struct diag *d)
{
	struct cur c = { s, len, 0 };
	struct civil t;
	int i;

	memset(&t, 0, sizeof(t));
	if (len < 3)
		return diag_set(d, "unrecognized time");
	for (i = 0; i < 12; i++)
		if (memcmp(s, month_abbr[i], 3) == 0)
			break;
	if (i == 12)
		return diag_set(d, "unknown month name");
	t.mon = i + 1;
	c.pos = 3;
	if (expect(&c, ' ', "space after month", d) == -1)
		return -1;
	if (accept(&c, ' ')) {
		if (digits(&c, 1, &t.day, "day", d) == -1)
			return -1;
	} else if (digits(&c, 2, &t.day, "day", d) == -1)
		return -1;
	if (expect(&c, ' ', "space after day", d) == -1 ||
	    parse_clock(&c, &t, 0, d) == -1 ||
	    expect(&c, ' ', "space after time", d) == -1 ||
	    digits(&c, 4, &t.year, "year", d) == -1 ||
	    check_date(&t, d) == -1)
		return -1;
	if (at_end(&c))
		t.flags |= TS_ASSUMED_UTC;
	else if (c.len - c.pos != 4 || memcmp(s + c.pos, " GMT", 4) != 0)
		return diag_set(d, "expected \" GMT\" at offset %zu", c.pos);
	return finish(&t, us, flags, d);
}

int
ts_parse_any(const char *s, size_t len, int64_t *us, unsigned *flags,
    struct diag *d)
{
	struct cur c = { s, len, 0 };
	int ch;

	if (check_text(s, len, d) == -1)
		return -1;
	ch = peek(&c);
	if (len >= 5 && is_digit(ch) && is_digit(peek_at(&c, 1)) &&
	    is_digit(peek_at(&c, 2)) && is_digit(peek_at(&c, 3)) &&
	    peek_at(&c, 4) == '-')
		/* ISO; also Artifactory's ",mmm". */
		return parse_iso(s, len, us, flags, 1, d);
	if (len >= 3 && is_digit(ch) && is_digit(peek_at(&c, 1)) &&
	    peek_at(&c, 2) == '/')
		return parse_cloudhsm(s, len, us, flags, d);
	if (ch >= 'A' && ch <= 'Z')
		return parse_openssl(s, len, us, flags, d);
	if (is_digit(ch))
		return parse_epoch(s, len, us, flags, d);
	if (ch == '-' && is_digit(peek_at(&c, 1)))
		return diag_set(d, "negative epoch number");
	return diag_set(d, "unrecognized time");
}
