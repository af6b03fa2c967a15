/* SPDX-License-Identifier: MIT */
/*
 * jsplit.c - the streaming JSON record splitter of jsplit.h.
 *
 * One pass, one byte at a time (strings are skipped in bulk), no
 * allocation beyond the current record.  The state is the lexical state
 * (in a string, after a backslash), the nesting depth, where records start
 * (the top level, or the elements of an array at item_depth) and, for a
 * top-level object, which key at depth 1 we are in, so that a container
 * key followed by '[' turns the object into a wrapper.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonutil.h"
#include "jsplit.h"
#include "xalloc.h"

enum mode { M_TOP, M_ARRAY, M_WRAPPER };
enum rkind { R_NONE, R_VALUE, R_SCALAR, R_GARBAGE };
/* Where we are among the members of the depth-1 object. */
enum kstate { K_NONE, K_EXPECT, K_IN, K_COLON, K_VALUE_NEXT, K_VALUE };

struct jsplit {
	const char	*const *keys;
	size_t		 max_record;
	jsplit_cb	 cb;
	void		*arg;

	int64_t		 off;		/* offset of the byte being read */
	int64_t		 line;
	int		 bom;		/* BOM bytes matched; 3 or -1: done */
	int		 in_str, esc;
	int64_t		 depth;
	enum mode	 mode;
	int		 in_items;	/* inside the array of records */
	int64_t		 item_depth;	/* depth at which records start */

	enum rkind	 rk;		/* the record being collected */
	int64_t		 rec_base;	/* depth the record started at */
	int64_t		 rec_line, rec_off;
	struct buf	 rec;
	uint64_t	 rec_total;	/* bytes, also those not kept */
	int		 oversize;

	int		 top_obj;	/* top-level value is an object */
	enum kstate	 ks;
	char		 key[32];
	size_t		 klen;
	int		 want_items;	/* container key and ':' seen */

	int		 jsonl;		/* one record per line */
	int		 nl_check;	/* a newline inside a top record */
	size_t		 nl_pos;	/* record length before it */

	uint64_t	 count;
	int		 stopped;
	char		 err[160];
};

struct jsplit *
jsplit_new(const char *const *keys, size_t max_record, jsplit_cb cb,
    void *arg)
{
	struct jsplit *js = xcalloc(1, sizeof(*js));

	js->keys = keys;
	js->max_record = max_record ? max_record : 1;
	js->cb = cb;
	js->arg = arg;
	js->line = 1;
	buf_init(&js->rec);
	return js;
}

void
jsplit_free(struct jsplit *js)
{
	if (js == NULL)
		return;
	buf_release(&js->rec);
	free(js);
}

uint64_t
jsplit_count(const struct jsplit *js)
{
	return js->count;
}

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
rec_start(struct jsplit *js, enum rkind rk)
{
	js->rk = rk;
	js->rec_base = js->depth;
	js->rec_line = js->line;
	js->rec_off = js->off;
	buf_reset(&js->rec);
	js->rec_total = 0;
	js->oversize = 0;
}

/*
 * Collects n more bytes of the record.  Once it is over the limit, only
 * its first JSPLIT_KEEP bytes are kept: always the same bytes, however
 * the input was cut into chunks.
 */
static void
rec_add(struct jsplit *js, const char *p, size_t n)
{
	js->rec_total += n;
	if (js->rec_total <= js->max_record &&
	    js->rec.len + n < js->rec.alloc) {
		/* the common case: room in the buffer, under the limit */
		memcpy(js->rec.s + js->rec.len, p, n);
		js->rec.len += n;
		js->rec.s[js->rec.len] = '\0';
		return;
	}
	if (!js->oversize && js->rec_total > js->max_record) {
		js->oversize = 1;
		buf_truncate(&js->rec, JSPLIT_KEEP);
	}
	if (js->oversize) {
		if (js->rec.len >= JSPLIT_KEEP)
			return;
		if (n > JSPLIT_KEEP - js->rec.len)
			n = JSPLIT_KEEP - js->rec.len;
	}
	buf_add(&js->rec, p, n);
}

static int
call(struct jsplit *js, const char *p, size_t n, const char *err)
{
	if (p)
		js->count++;
	if (js->cb(js->arg, p, n, js->rec_line, js->rec_off, err) < 0) {
		js->stopped = 1;
		return -1;
	}
	return 0;
}

static const char err_garbage[] =
    "garbage: not a JSON object or array";

/*
 * Hands the first len bytes of the collected record on; err overrides
 * (NULL: good record).  A bad record goes without the white space that
 * ended it (the end of a cut line, a CR).
 */
static int
rec_emit(struct jsplit *js, size_t len, const char *err)
{
	if (js->rk == R_GARBAGE && err == NULL)
		err = err_garbage;
	js->rk = R_NONE;
	if (js->oversize)
		len = js->rec.len;
	if (len > js->rec.len)
		len = js->rec.len;
	if (err != NULL || js->oversize)
		while (len > 0 && is_ws((unsigned char)js->rec.s[len - 1]))
			len--;
	if (js->oversize) {
		snprintf(js->err, sizeof(js->err), "record of %" PRIu64
		    " bytes exceeds the limit of %zu bytes (first %zu kept)",
		    js->rec_total, js->max_record, len);
		err = js->err;
	}
	return call(js, js->rec.s, len, err);
}

static int
key_is_container(const struct jsplit *js)
{
	size_t i;

	if (js->keys == NULL || js->klen >= sizeof(js->key))
		return 0;
	for (i = 0; js->keys[i]; i++)
		if (strlen(js->keys[i]) == js->klen &&
		    memcmp(js->keys[i], js->key, js->klen) == 0)
			return 1;
	return 0;
}

/*
 * Key tracking for the members of a depth-1 object, shared by a buffered
 * top-level record and the unbuffered rest of a wrapper.  Called for
 * every byte outside strings at depth 1 and for quotes opening strings.
 */
static void
track_member(struct jsplit *js, int c)
{
	switch (c) {
	case '"':
		if (js->ks == K_EXPECT) {
			js->ks = K_IN;
			js->klen = 0;
		} else if (js->ks == K_VALUE_NEXT) {
			js->ks = K_VALUE;
			js->want_items = 0;
		}
		break;
	case ':':
		if (js->ks == K_COLON) {
			js->ks = K_VALUE_NEXT;
			js->want_items = key_is_container(js);
		}
		break;
	case ',':
		js->ks = K_EXPECT;
		js->want_items = 0;
		break;
	default:
		if (!is_ws(c) && js->ks == K_VALUE_NEXT) {
			js->ks = K_VALUE;
			if (c != '[')	/* '[' may open the records */
				js->want_items = 0;
		}
	}
}

/* Resets the structure after a cut at a JSON Lines boundary. */
static void
reset_top(struct jsplit *js)
{
	js->depth = 0;
	js->in_str = js->esc = 0;
	js->mode = M_TOP;
	js->in_items = 0;
	js->top_obj = 0;
	js->ks = K_NONE;
	js->want_items = 0;
	js->nl_check = 0;
}

static const char err_cut_line[] =
    "line ends before the JSON value does (truncated record?)";

/*
 * The first byte after a newline inside a top-level record (in a string
 * or not): a '{' there starts a new value, so the record was a truncated
 * line of JSON Lines; it is cut at the newline.
 */
static int
nl_decide(struct jsplit *js, int c)
{
	if (c == '{') {
		if (rec_emit(js, js->nl_pos, err_cut_line) < 0)
			return -1;
		reset_top(js);
		js->jsonl = 1;
	} else if (c != '\n' && c != '\r') {
		js->nl_check = 0;
	}
	return 0;
}

/*
 * A newline inside a top-level record, in a string (never valid JSON) or
 * not.  In JSON Lines the line was cut short; otherwise the next line
 * decides (nl_decide).
 */
static int
top_newline(struct jsplit *js)
{
	if (js->jsonl) {
		if (rec_emit(js, js->rec.len - 1, err_cut_line) < 0)
			return -1;
		reset_top(js);
		return 0;
	}
	js->nl_check = 1;
	js->nl_pos = js->rec.len - 1;
	return 0;
}

/*
 * Consumes bytes inside a string starting at p[0] (in_str set); returns
 * how many were consumed.  Bulk-skips ordinary characters.
 */
static size_t
string_run(struct jsplit *js, const char *p, size_t n)
{
	size_t i = 0;
	int collect = js->rk != R_NONE;

	if (js->esc) {
		js->esc = 0;
		i = 1;
	} else {
		i = json_plain_span(p, n);
		if (i < n) {
			if (p[i] == '\\')
				js->esc = 1;
			else if (p[i] == '"')
				js->in_str = 0;
			i++;
		}
	}
	if (js->ks == K_IN && js->depth == 1) {
		size_t k = i;

		if (!js->in_str)
			k--;	/* not the closing quote */
		if (js->klen + k < sizeof(js->key)) {
			memcpy(js->key + js->klen, p, k);
			js->klen += k;
		} else {
			js->klen = sizeof(js->key);
		}
		if (!js->in_str)
			js->ks = K_COLON;
	}
	if (collect)
		rec_add(js, p, i);
	return i;
}

static int
step_value(struct jsplit *js, int c)
{
	rec_add(js, (const char *)&(char){ (char)c }, 1);
	if (js->rec_base == 0 && js->top_obj && js->depth == 1)
		track_member(js, c);
	switch (c) {
	case '"':
		js->in_str = 1;
		break;
	case '[':
		if (js->want_items && js->depth == 1 && js->rec_base == 0) {
			/* the top-level object is a wrapper */
			js->rk = R_NONE;
			js->mode = M_WRAPPER;
			js->want_items = 0;
			js->ks = K_VALUE;
			js->depth = 2;
			js->in_items = 1;
			js->item_depth = 2;
			return 0;
		}
		/* fall through */
	case '{':
		js->depth++;
		break;
	case '}':
	case ']':
		js->depth--;
		if (js->depth <= js->rec_base) {
			js->depth = js->rec_base;
			if (js->rec_base == 0) {
				js->top_obj = 0;
				js->ks = K_NONE;
				/* a whole value on one line: JSON Lines */
				if (js->rec_line == js->line)
					js->jsonl = 1;
			}
			return rec_emit(js, js->rec.len, NULL);
		}
		break;
	case '\n':
		if (js->rec_base == 0)
			return top_newline(js);
		break;
	}
	return 0;
}

static int
step_between(struct jsplit *js, int c)
{
	if (js->mode == M_TOP) {
		if (is_ws(c))
			return 0;
		if (c == '[') {
			js->mode = M_ARRAY;
			js->depth = 1;
			js->in_items = 1;
			js->item_depth = 1;
			return 0;
		}
		if (c == '{') {
			rec_start(js, R_VALUE);
			js->top_obj = 1;
			js->ks = K_EXPECT;
			js->depth = 1;
			rec_add(js, "{", 1);
			return 0;
		}
		rec_start(js, R_GARBAGE);
		rec_add(js, (const char *)&(char){ (char)c }, 1);
		return 0;
	}
	if (js->in_items && js->depth == js->item_depth) {
		if (is_ws(c) || c == ',')
			return 0;
		if (c == ']') {
			js->in_items = 0;
			js->depth--;
			if (js->mode == M_ARRAY) {
				js->mode = M_TOP;
				js->depth = 0;
			}
			return 0;
		}
		if (c == '}') {
			snprintf(js->err, sizeof(js->err),
			    "unexpected '}' between array elements");
			rec_start(js, R_NONE);
			return call(js, "}", 1, js->err);
		}
		rec_start(js, (c == '{' || c == '[') ? R_VALUE : R_SCALAR);
		rec_add(js, (const char *)&(char){ (char)c }, 1);
		if (c == '{' || c == '[')
			js->depth++;
		else if (c == '"')
			js->in_str = 1;
		return 0;
	}
	/* the unbuffered rest of a wrapper object */
	if (js->depth == 1)
		track_member(js, c);
	switch (c) {
	case '"':
		js->in_str = 1;
		break;
	case '[':
		if (js->want_items && js->depth == 1) {
			js->want_items = 0;
			js->in_items = 1;
			js->item_depth = 2;
		}
		/* fall through */
	case '{':
		js->depth++;
		break;
	case '}':
	case ']':
		if (--js->depth <= 0)
			reset_top(js);
		break;
	}
	return 0;
}

static int
step(struct jsplit *js, int c)
{
	switch (js->rk) {
	case R_GARBAGE:
		if (c == '\n')
			return rec_emit(js, js->rec.len, NULL);
		rec_add(js, (const char *)&(char){ (char)c }, 1);
		return 0;
	case R_SCALAR:
		if (c == ',' || c == ']' || c == '}' || is_ws(c)) {
			if (rec_emit(js, js->rec.len, NULL) < 0)
				return -1;
			return step_between(js, c);
		}
		rec_add(js, (const char *)&(char){ (char)c }, 1);
		if (c == '"')
			js->in_str = 1;
		return 0;
	case R_VALUE:
		return step_value(js, c);
	case R_NONE:
		break;
	}
	return step_between(js, c);
}

/*
 * Length of the run at p of bytes that step_value() copies and does
 * nothing else with: not a quote, bracket, brace or newline.
 */
static size_t
plain_run(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '"': case '[': case ']': case '{': case '}': case '\n':
			return i;
		default:
			break;
		}
	}
	return n;
}

/*
 * The fast path for a record inside an array (rec_base > 0, the
 * CloudTrail case): no newline there has a meaning beyond the line
 * count, so the bytes up to the end of the record, or of p, are scanned
 * in one loop and collected at once.  Does what step_value() and
 * string_run() would do byte by byte.  Returns how many bytes of p it
 * consumed and collected, -1 when the callback stopped the splitter;
 * when the record ended, it has been emitted and the consumed bytes
 * include its last one.
 */
static size_t
inner_run(struct jsplit *js, const char *p, size_t n)
{
	size_t j = 0;
	int ended = 0;

	while (j < n && !ended) {
		if (js->in_str) {
			if (js->esc) {
				js->esc = 0;
			} else {
				j += json_plain_span(p + j, n - j);
				if (j >= n)
					break;
				if (p[j] == '\\')
					js->esc = 1;
				else if (p[j] == '"')
					js->in_str = 0;
			}
			if (p[j] == '\n')
				js->line++;
			j++;
			continue;
		}
		switch (p[j]) {
		case '"':
			js->in_str = 1;
			break;
		case '{':
		case '[':
			js->depth++;
			break;
		case '}':
		case ']':
			if (--js->depth <= js->rec_base) {
				js->depth = js->rec_base;
				ended = 1;
			}
			break;
		case '\n':
			js->line++;
			break;
		default:
			break;
		}
		j++;
	}
	rec_add(js, p, j);
	js->off += (int64_t)j;
	if (ended && rec_emit(js, js->rec.len, NULL) < 0)
		return (size_t)-1;
	return j;
}

static const unsigned char utf8_bom[3] = { 0xef, 0xbb, 0xbf };

/*
 * The input began with the first bytes of a UTF-8 BOM but went on
 * otherwise: those bytes are input after all (garbage).
 */
static int
bom_replay(struct jsplit *js)
{
	int j, n = js->bom;

	js->bom = -1;
	js->off -= n;
	for (j = 0; j < n; j++) {
		if (step(js, utf8_bom[j]) < 0)
			return -1;
		js->off++;
	}
	return 0;
}

int
jsplit_feed(struct jsplit *js, const char *p, size_t n)
{
	size_t i = 0, k;

	if (js->stopped)
		return -1;
	while (i < n) {
		if (js->bom >= 0 && js->bom < 3) {
			/* a BOM at the start is skipped (counted in offsets) */
			if ((unsigned char)p[i] == utf8_bom[js->bom]) {
				js->bom++;
				js->off++;
				i++;
				continue;
			}
			if (bom_replay(js) < 0)
				return -1;
		}
		/* also in a string, where the newline was no JSON */
		if (js->nl_check && nl_decide(js, (unsigned char)p[i]) < 0)
			return -1;
		if (js->rk == R_VALUE && js->rec_base > 0 && !js->nl_check) {
			k = inner_run(js, p + i, n - i);
			if (k == (size_t)-1)
				return -1;
			i += k;
			continue;
		}
		if (js->in_str && js->rk != R_GARBAGE) {
			/* while nl_check waits, nl_decide sees every byte */
			k = string_run(js, p + i, js->nl_check ? 1 : n - i);
			if (p[i + k - 1] == '\n') {
				/* raw newline in a string: a cut line? */
				js->line++;
				if (js->rk == R_VALUE && js->rec_base == 0 &&
				    top_newline(js) < 0)
					return -1;
			}
			js->off += k;
			i += k;
			continue;
		}
		if (js->rk == R_VALUE && !js->in_str && !js->nl_check &&
		    !(js->rec_base == 0 && js->top_obj && js->depth == 1)) {
			/* inside a record: what step_value() only copies */
			k = plain_run(p + i, n - i);
			if (k > 0) {
				rec_add(js, p + i, k);
				js->off += (int64_t)k;
				i += k;
				continue;
			}
		}
		if (step(js, (unsigned char)p[i]) < 0)
			return -1;
		if (p[i] == '\n')
			js->line++;
		js->off++;
		i++;
	}
	return 0;
}

int
jsplit_finish(struct jsplit *js)
{
	if (js->stopped)
		return -1;
	if (js->bom > 0 && js->bom < 3 && bom_replay(js) < 0)
		return -1;
	if (js->rk == R_GARBAGE)
		return rec_emit(js, js->rec.len, NULL);
	if (js->rk != R_NONE) {
		if (js->rk == R_SCALAR && !js->in_items)
			return rec_emit(js, js->rec.len, NULL);
		return rec_emit(js, js->rec.len,
		    "input ends inside this record (truncated file?)");
	}
	if (js->mode != M_TOP || js->depth != 0) {
		snprintf(js->err, sizeof(js->err), "input ends inside the "
		    "top-level %s (truncated file?)",
		    js->mode == M_ARRAY ? "array" : "object");
		js->rec_line = js->line;
		js->rec_off = js->off;
		return call(js, NULL, 0, js->err);
	}
	return 0;
}
