/* SPDX-License-Identifier: MIT */
/*
 * regexp.c - REGEXP for the rules' SQLite connection, backed by PCRE2
 * (rule.h): regexp(pattern, subject) and regexp_capture(subject, pattern,
 * n).  Compiled patterns are kept in a small cache keyed by the pattern
 * text (least recently used entry replaced), JIT-compiled when possible.
 * Every match runs under a match, depth and heap limit: hostile data can
 * make a rule slow to no end only if a pattern allows it, and then the
 * limit ends the match, which counts as no match and is reported.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rule.h"
#include "xalloc.h"

struct rx_entry {
	char			*pattern;	/* NULL: slot unused */
	size_t			 len;
	pcre2_code		*code;
	pcre2_match_data	*md;
	uint64_t		 used;		/* LRU clock */
};

struct regexp_ctx {
	struct rx_entry		 cache[REGEXP_CACHE];
	uint64_t		 clock;
	pcre2_compile_context	*cctx;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jstack;	/* NULL: no JIT here */
	size_t			 limit_hits;
	char			*limit_pattern;	/* first one to hit a limit */
	char			*bad_pattern;
	char			 bad_msg[256];
	size_t			 bad_offset;
};

struct regexp_ctx *
regexp_ctx_new(void)
{
	struct regexp_ctx *rx = xcalloc(1, sizeof(*rx));

	rx->cctx = pcre2_compile_context_create(NULL);
	rx->mctx = pcre2_match_context_create(NULL);
	if (rx->cctx == NULL || rx->mctx == NULL) {
		regexp_ctx_free(rx);
		return NULL;
	}
	pcre2_set_max_pattern_length(rx->cctx, REGEXP_MAX_PATTERN);
	pcre2_set_match_limit(rx->mctx, REGEXP_MATCH_LIMIT);
	pcre2_set_depth_limit(rx->mctx, REGEXP_DEPTH_LIMIT);
	pcre2_set_heap_limit(rx->mctx, REGEXP_HEAP_LIMIT_KIB);
	/* the JIT's own stack; without one it has 32 KiB on the C stack */
	rx->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (rx->jstack)
		pcre2_jit_stack_assign(rx->mctx, NULL, rx->jstack);
	return rx;
}

static void
entry_clear(struct rx_entry *e)
{
	free(e->pattern);
	pcre2_match_data_free(e->md);
	pcre2_code_free(e->code);
	memset(e, 0, sizeof(*e));
}

void
regexp_ctx_free(struct regexp_ctx *rx)
{
	size_t i;

	if (rx == NULL)
		return;
	for (i = 0; i < REGEXP_CACHE; i++)
		entry_clear(&rx->cache[i]);
	pcre2_jit_stack_free(rx->jstack);
	pcre2_match_context_free(rx->mctx);
	pcre2_compile_context_free(rx->cctx);
	free(rx->limit_pattern);
	free(rx->bad_pattern);
	free(rx);
}

void
regexp_reset(struct regexp_ctx *rx)
{
	rx->limit_hits = 0;
	free(rx->limit_pattern);
	rx->limit_pattern = NULL;
	free(rx->bad_pattern);
	rx->bad_pattern = NULL;
	rx->bad_msg[0] = '\0';
	rx->bad_offset = 0;
}

size_t
regexp_limit_hits(const struct regexp_ctx *rx, const char **pattern)
{
	if (pattern)
		*pattern = rx->limit_pattern;
	return rx->limit_hits;
}

const char *
regexp_bad_pattern(const struct regexp_ctx *rx, const char **msg,
    size_t *offset)
{
	if (msg)
		*msg = rx->bad_msg;
	if (offset)
		*offset = rx->bad_offset;
	return rx->bad_pattern;
}

/*
 * Returns the cache entry for pattern p (len bytes), compiling it when
 * needed, or NULL with the error set on the SQL context.
 */
static struct rx_entry *
lookup(sqlite3_context *sctx, struct regexp_ctx *rx, const char *p,
    size_t len)
{
	struct rx_entry *e, *victim = NULL;
	pcre2_code *code;
	PCRE2_SIZE eoff;
	PCRE2_UCHAR emsg[200];
	struct buf b = BUF_INIT;
	int ecode;
	size_t i;

	for (i = 0; i < REGEXP_CACHE; i++) {
		e = &rx->cache[i];
		if (e->pattern && e->len == len &&
		    memcmp(e->pattern, p, len) == 0) {
			e->used = ++rx->clock;
			return e;
		}
		if (victim == NULL || e->pattern == NULL ||
		    (victim->pattern && e->used < victim->used))
			victim = e;
	}
	code = NULL;
	if (len > REGEXP_MAX_PATTERN) {
		snprintf((char *)emsg, sizeof(emsg), "pattern too long (%zu "
		    "bytes; the limit is %d)", len, REGEXP_MAX_PATTERN);
		eoff = 0;
	} else {
		code = pcre2_compile((PCRE2_SPTR)p, len, PCRE2_UTF |
		    PCRE2_MATCH_INVALID_UTF, &ecode, &eoff, rx->cctx);
		if (code == NULL)
			pcre2_get_error_message(ecode, emsg, sizeof(emsg));
	}
	if (code == NULL) {
		free(rx->bad_pattern);
		rx->bad_pattern = xstrndup(p, len);
		snprintf(rx->bad_msg, sizeof(rx->bad_msg), "%s", (char *)emsg);
		rx->bad_offset = eoff;
		buf_addstr(&b, "bad regular expression '");
		if (len > 60) {
			buf_add(&b, p, 60);
			buf_addstr(&b, "...");
		} else {
			buf_add(&b, p, len);
		}
		buf_addf(&b, "': %s at offset %zu", (char *)emsg, (size_t)eoff);
		sqlite3_result_error(sctx, b.s, -1);
		buf_release(&b);
		return NULL;
	}
	/* no JIT on this platform or for this pattern: interpret it */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	entry_clear(victim);
	victim->pattern = xstrndup(p, len);
	victim->len = len;
	victim->code = code;
	victim->md = pcre2_match_data_create_from_pattern(code, NULL);
	victim->used = ++rx->clock;
	if (victim->md == NULL) {
		entry_clear(victim);
		sqlite3_result_error_nomem(sctx);
		return NULL;
	}
	return victim;
}

/*
 * Matches subject against e.  Returns 1 (match), 0 (no match, or a limit
 * was hit: counted), or -1 (another PCRE2 error, set on sctx).
 */
static int
match(sqlite3_context *sctx, struct regexp_ctx *rx, struct rx_entry *e,
    const char *s, size_t len)
{
	PCRE2_UCHAR emsg[200];
	int rc;

	rc = pcre2_match(e->code, (PCRE2_SPTR)s, len, 0, 0, e->md, rx->mctx);
	if (rc >= 0)
		return 1;
	switch (rc) {
	case PCRE2_ERROR_NOMATCH:
		return 0;
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
	case PCRE2_ERROR_NOMEMORY:
		if (rx->limit_hits++ == 0)
			rx->limit_pattern = xstrndup(e->pattern, e->len);
		return 0;
	default:
		pcre2_get_error_message(rc, emsg, sizeof(emsg));
		sqlite3_result_error(sctx, (const char *)emsg, -1);
		return -1;
	}
}

/* regexp(pattern, subject): 1, 0 or NULL. */
static void
fn_regexp(sqlite3_context *sctx, int argc, sqlite3_value **argv)
{
	struct regexp_ctx *rx = sqlite3_user_data(sctx);
	struct rx_entry *e;
	const char *p, *s;
	int rc;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	p = (const char *)sqlite3_value_text(argv[0]);
	if (p == NULL) {
		sqlite3_result_error_nomem(sctx);
		return;
	}
	if ((e = lookup(sctx, rx, p, (size_t)sqlite3_value_bytes(argv[0]))) ==
	    NULL)
		return;
	s = (const char *)sqlite3_value_text(argv[1]);
	if (s == NULL) {
		sqlite3_result_error_nomem(sctx);
		return;
	}
	rc = match(sctx, rx, e, s, (size_t)sqlite3_value_bytes(argv[1]));
	if (rc >= 0)
		sqlite3_result_int(sctx, rc);
}

/* regexp_capture(subject, pattern, n): group n of the match, or NULL. */
static void
fn_capture(sqlite3_context *sctx, int argc, sqlite3_value **argv)
{
	struct regexp_ctx *rx = sqlite3_user_data(sctx);
	struct rx_entry *e;
	const char *p, *s, *name;
	PCRE2_SIZE *ov;
	uint32_t ngroups;
	int64_t n;
	int rc;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[2]) == SQLITE_NULL)
		return;
	p = (const char *)sqlite3_value_text(argv[1]);
	s = (const char *)sqlite3_value_text(argv[0]);
	if (p == NULL || s == NULL) {
		sqlite3_result_error_nomem(sctx);
		return;
	}
	if ((e = lookup(sctx, rx, p, (size_t)sqlite3_value_bytes(argv[1]))) ==
	    NULL)
		return;
	(void)pcre2_pattern_info(e->code, PCRE2_INFO_CAPTURECOUNT, &ngroups);
	if (sqlite3_value_type(argv[2]) == SQLITE_INTEGER) {
		n = sqlite3_value_int64(argv[2]);
	} else {
		name = (const char *)sqlite3_value_text(argv[2]);
		rc = name ? pcre2_substring_number_from_name(e->code,
		    (PCRE2_SPTR)name) : -1;
		if (rc < 0) {
			sqlite3_result_error(sctx, "regexp_capture: no such "
			    "group name in the pattern", -1);
			return;
		}
		n = rc;
	}
	if (n < 0 || n > (int64_t)ngroups) {
		sqlite3_result_error(sctx, "regexp_capture: no such group "
		    "number in the pattern", -1);
		return;
	}
	rc = match(sctx, rx, e, s, (size_t)sqlite3_value_bytes(argv[0]));
	if (rc <= 0)
		return;
	ov = pcre2_get_ovector_pointer(e->md);
	if (n >= (int64_t)pcre2_get_ovector_count(e->md) ||
	    ov[2 * n] == PCRE2_UNSET)
		return;
	sqlite3_result_text(sctx, s + ov[2 * n], (int)(ov[2 * n + 1] -
	    ov[2 * n]), SQLITE_TRANSIENT);
}

int
regexp_register(sqlite3 *db, struct regexp_ctx *rx)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

	if (sqlite3_create_function(db, "regexp", 2, flags, rx, fn_regexp,
	    NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "regexp_capture", 3, flags, rx,
	    fn_capture, NULL, NULL) != SQLITE_OK)
		return -1;
	return 0;
}
