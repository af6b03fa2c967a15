/* SPDX-License-Identifier: MIT */
/*
 * jsonutil.h - small helpers over jansson for parsers: typed lookups by
 * key or dotted path that answer NULL instead of failing, and a cheap
 * scanner that reads a top-level string member straight from a record's
 * bytes (for scope prefilters that must not pay for a full parse).
 */
#ifndef JSONUTIL_H
#define JSONUTIL_H

#include <jansson.h>
#include <stddef.h>

/* Borrowed string value of obj[key], or NULL when absent or not a string. */
const char *jstr(const json_t *obj, const char *key);
/*
 * Same along a dotted path ("userIdentity.sessionContext.sessionIssuer"):
 * NULL when a step is missing or not an object; keys of 128 bytes or more
 * are never found; the empty path is obj itself.
 */
const json_t *jpath(const json_t *obj, const char *path);
const char *jpath_str(const json_t *obj, const char *path);
/* Borrowed object member, or NULL when absent or not an object. */
const json_t *jobj(const json_t *obj, const char *key);
/*
 * obj[key] as decimal text in out (outsz bytes): a JSON integer that is
 * not negative, or a non-empty string of digits that fits.  Returns 1
 * with out set; 0 when absent or null (out untouched); -1 otherwise, out
 * then saying what the value is ("negative", "a non-numeric string", "a
 * fraction", "an object", "an array", "a boolean").
 */
int	jid(const json_t *obj, const char *key, char *out, size_t outsz);

/*
 * Finds the string value of member key of the top-level object in
 * rec[0..len).  Returns 1 with *val and *vlen pointing into rec (no escapes
 * in it), 0 when the member is absent or not a string, -1 when the answer
 * is unsure (the value has escapes, a key at the top level has escapes,
 * the key appears twice, the bytes are not one whole object: cut short or
 * followed by more than white space): callers then fall back to a full
 * parse.
 */
int	json_scan_top_str(const char *rec, size_t len, const char *key,
	    const char **val, size_t *vlen);
/*
 * The same for n keys in one pass: res[k] is what json_scan_top_str()
 * would return for keys[k], with vals[k] and vlens[k] set as it sets
 * *val and *vlen (untouched when the key is absent).  Returns -1 when any
 * res[k] is -1, else 0.
 */
int	json_scan_top_strs(const char *rec, size_t len, size_t n,
	    const char *const *keys, const char **vals, size_t *vlens,
	    int *res);

/*
 * Length of the run at p[0..n) of bytes that are none of '"', '\\' and
 * '\n': what a JSON string scanner may skip.
 */
size_t	json_plain_span(const char *p, size_t n);

struct buf;

/*
 * Appends s as a JSON string, byte for byte as jansson's dump writes it
 * (json_dumps of json_string(s), without JSON_ENSURE_ASCII): quote,
 * backslash and the control characters escaped, \b \f \n \r \t by name
 * and the others as \u00XX; everything else as it is, except bytes that
 * are not well-formed UTF-8, which become U+FFFD.
 */
void	json_add_str(struct buf *b, const char *s);

/* Loads rec[0..len) the way all evidence is loaded (duplicates rejected). */
json_t	*json_load_record(const char *rec, size_t len, json_error_t *err);

#endif
