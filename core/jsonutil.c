/* SPDX-License-Identifier: MIT */
/*
 * jsonutil.c - jansson lookups and the top-level member scanner of
 * jsonutil.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "jsonutil.h"
#include "utf8.h"

const char *
jstr(const json_t *obj, const char *key)
{
	const json_t *v;

	if (!json_is_object(obj))
		return NULL;
	v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

const json_t *
jobj(const json_t *obj, const char *key)
{
	const json_t *v;

	if (!json_is_object(obj))
		return NULL;
	v = json_object_get(obj, key);
	return json_is_object(v) ? v : NULL;
}

int
jid(const json_t *obj, const char *key, char *out, size_t outsz)
{
	const json_t *v = json_object_get(obj, key);
	const char *s;
	size_t n;

	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		snprintf(out, outsz, "%" PRId64,
		    (int64_t)json_integer_value(v));
		return 1;
	}
	if (json_is_string(v)) {
		s = json_string_value(v);
		n = strlen(s);
		if (n > 0 && n < outsz && strspn(s, "0123456789") == n) {
			memcpy(out, s, n + 1);
			return 1;
		}
	}
	snprintf(out, outsz, "%s", json_is_integer(v) ? "negative" :
	    json_is_string(v) ? "a non-numeric string" :
	    json_is_real(v) ? "a fraction" : json_is_object(v) ? "an object" :
	    json_is_array(v) ? "an array" : "a boolean");
	return -1;
}

/*
 * Every dot separates two keys ("a." is key "" in a); the empty path is
 * obj itself.  A key of 128 bytes or more is never found.
 */
const json_t *
jpath(const json_t *obj, const char *path)
{
	char part[128];
	const char *dot;
	size_t n;

	if (*path == '\0')
		return obj;
	for (;;) {
		if (!json_is_object(obj))
			return NULL;
		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		obj = json_object_get(obj, part);
		if (dot == NULL)
			return obj;
		path = dot + 1;
	}
}

const char *
jpath_str(const json_t *obj, const char *path)
{
	const json_t *v = jpath(obj, path);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

json_t *
json_load_record(const char *rec, size_t len, json_error_t *err)
{
	return json_loadb(rec, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	    err);
}

size_t
json_plain_span(const char *p, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	/* sixteen bytes at a time: most of a record is inside strings */
	const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'),
	    nl = _mm_set1_epi8('\n');

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
		    (p + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)),
		    _mm_cmpeq_epi8(v, nl)));

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < n; i++)
		if (p[i] == '"' || p[i] == '\\' || p[i] == '\n')
			return i;
	return n;
}

/*
 * Index just past the string that starts at rec[i] (a quote), or 0 when
 * it does not end before len; *escaped is set when it has a backslash.
 */
static size_t
skip_string(const char *rec, size_t len, size_t i, int *escaped)
{
	for (i++; i < len; i++) {
		i += json_plain_span(rec + i, len - i);
		if (i >= len)
			break;
		if (rec[i] == '\\') {
			*escaped = 1;
			i++;
		} else if (rec[i] == '"') {
			return i + 1;
		}
	}
	return 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * One pass over rec for n keys (json_scan_top_strs() in jsonutil.h): the
 * record is read once however many members are asked for.
 */
int
json_scan_top_strs(const char *rec, size_t len, size_t n,
    const char *const *keys, const char **vals, size_t *vlens, int *res)
{
	size_t i = 0, end, k, klen;
	int depth = 0, expect_key = 0, escaped, ret;

	for (k = 0; k < n; k++)
		res[k] = 0;
	while (i < len && is_space(rec[i]))
		i++;
	if (i >= len || rec[i] != '{')
		goto unsure;
	while (i < len) {
		char c = rec[i];

		if (c == '"') {
			escaped = 0;
			end = skip_string(rec, len, i, &escaped);
			if (end == 0)
				goto unsure;	/* cut short */
			if (depth == 1 && expect_key) {
				expect_key = 0;
				/* an escaped key might spell one of ours */
				if (escaped)
					goto unsure;
				klen = end - i - 2;
				for (k = 0; k < n; k++)
					if (strlen(keys[k]) == klen &&
					    memcmp(rec + i + 1, keys[k],
					    klen) == 0)
						break;
				if (k < n && res[k] != 0) {
					res[k] = -1;	/* twice */
				} else if (k < n) {
					res[k] = 2;	/* found, not a string */
					vals[k] = NULL;
					i = end;
					while (i < len && (is_space(rec[i]) ||
					    rec[i] == ':'))
						i++;
					if (i >= len || rec[i] != '"')
						continue;
					escaped = 0;
					end = skip_string(rec, len, i,
					    &escaped);
					if (end == 0)
						goto unsure;
					if (escaped) {
						res[k] = -1;
					} else {
						res[k] = 1;
						vals[k] = rec + i + 1;
						vlens[k] = end - i - 2;
					}
				}
			}
			i = end;
			continue;
		}
		if (c == '{' || c == '[') {
			depth++;
			if (depth == 1)
				expect_key = 1;
		} else if (c == '}' || c == ']') {
			depth--;
			if (depth == 0)
				break;
		} else if (c == ',' && depth == 1) {
			expect_key = 1;
		}
		i++;
	}
	/* the object must end, and nothing but white space follow it */
	if (i >= len)
		goto unsure;
	for (i++; i < len; i++)
		if (!is_space(rec[i]))
			goto unsure;
	ret = 0;
	for (k = 0; k < n; k++) {
		if (res[k] == 2)
			res[k] = 0;
		if (res[k] < 0)
			ret = -1;
	}
	return ret;
unsure:
	for (k = 0; k < n; k++)
		res[k] = -1;
	return -1;
}

int
json_scan_top_str(const char *rec, size_t len, const char *key,
    const char **val, size_t *vlen)
{
	int res;

	json_scan_top_strs(rec, len, 1, &key, val, vlen, &res);
	return res;
}

void
json_add_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *run = p;
	const unsigned char *end = p + strlen(s);
	uint32_t cp;
	size_t k;

	buf_addch(b, '"');
	while (*p) {
		if (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') {
			p++;
			continue;
		}
		if (*p >= 0x80) {
			if ((k = utf8_seq(p, (size_t)(end - p), &cp)) != 0) {
				p += k;
				continue;
			}
		}
		buf_add(b, run, (size_t)(p - run));
		switch (*p) {
		case '"':  buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\b': buf_add(b, "\\b", 2); break;
		case '\f': buf_add(b, "\\f", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		default:
			if (*p < 0x20) {
				buf_add(b, "\\u00", 4);
				buf_addch(b, hex[*p >> 4]);
				buf_addch(b, hex[*p & 15]);
			} else {
				buf_addstr(b, "\xef\xbf\xbd");	/* U+FFFD */
			}
		}
		run = ++p;
	}
	buf_add(b, run, (size_t)(p - run));
	buf_addch(b, '"');
}
