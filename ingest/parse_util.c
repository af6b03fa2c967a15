/* SPDX-License-Identifier: MIT */
/*
 * parse_util.c - the pieces several parsers share (parse_util.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "digest.h"
#include "parse_util.h"
#include "xalloc.h"

int
parse_emit_clear(struct parse_ctx *pc, struct event *ev)
{
	int r = pc->emit(pc->emit_arg, ev);

	event_clear(ev);
	return r < 0 ? -1 : 0;
}

int
parse_emit_next(struct parse_ctx *pc, struct event *ev)
{
	if (pc->emit(pc->emit_arg, ev) < 0)
		return -1;
	event_reset_keep_raw(ev);
	return 0;
}

enum parse_rc
parse_emit_excerpt(struct parse_ctx *pc, struct event *ev, json_t *excerpt)
{
	const void *raw = ev->raw;
	size_t len = ev->raw_len;
	char *text = json_dumps(excerpt, JSON_COMPACT);
	int r;

	json_decref(excerpt);
	if (text) {
		ev->raw = text;
		ev->raw_len = strlen(text);
	}
	r = pc->emit(pc->emit_arg, ev);
	ev->raw = raw;
	ev->raw_len = len;
	free(text);
	return r < 0 ? PARSE_FATAL : PARSE_OK;
}

const char *
action_lookup(const struct action_map *map, const char *name, int nocase)
{
	size_t i;

	for (i = 0; map[i].name; i++)
		if ((nocase ? strcasecmp(map[i].name, name) :
		    strcmp(map[i].name, name)) == 0)
			return map[i].action;
	return NULL;
}

static int
repo_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

size_t
owner_name_span(const char *p, size_t *n)
{
	size_t o = 0;

	*n = 0;
	while (repo_name_char((unsigned char)p[o]))
		o++;
	if (o == 0 || p[o] != '/')
		return 0;
	while (repo_name_char((unsigned char)p[o + 1 + *n]))
		(*n)++;
	return o;
}

char *
github_owner_name(const char *p)
{
	size_t o, n;

	if ((o = owner_name_span(p, &n)) == 0)
		return NULL;
	if (n > 4 && strncmp(p + o + 1 + n - 4, ".git", 4) == 0)
		n -= 4;
	/* strchr() also finds the terminating NUL: the end is fine */
	if (n == 0 || strchr("/#?.", p[o + 1 + n]) == NULL)
		return NULL;
	return xasprintf("%.*s/%.*s", (int)o, p, (int)n, p + o + 1);
}

char *
repo_from_uri(const char *uri)
{
	const char *p = strstr(uri, "://"), *e;

	if (p == NULL)
		return NULL;
	p = strchr(p + 3, '/');
	if (p == NULL || p[1] == '\0')
		return NULL;
	p++;
	e = p + strlen(p);
	while (e > p && e[-1] == '/')
		e--;
	if (e - p > 4 && memcmp(e - 4, ".git", 4) == 0)
		e -= 4;
	return xstrndup(p, (size_t)(e - p));
}

char *
cosign_tag_subject(const char *tag, const char **kind)
{
	if (tag == NULL || strncmp(tag, "sha256-", 7) != 0 ||
	    strlen(tag) < 73 || !is_hex(tag + 7, 64) || tag[71] != '.')
		return NULL;
	if (strcmp(tag + 72, "sig") == 0)
		*kind = "signature";
	else if (strcmp(tag + 72, "att") == 0)
		*kind = "attestation";
	else if (strcmp(tag + 72, "sbom") == 0)
		*kind = "sbom";
	else
		return NULL;
	return digest_hex("sha256", tag + 7, 64);
}

size_t
split_at_start(const char *buf, size_t len, int eof,
    int (*is_start)(const char *line, size_t n))
{
	const char *p, *end = buf + len, *nl;

	nl = memchr(buf, '\n', len);
	if (nl == NULL)
		return eof ? len : 0;
	for (p = nl + 1; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			break;
		if (is_start(p, (size_t)(nl - p)))
			return (size_t)(p - buf);
	}
	if (p < end && nl == NULL && eof && is_start(p, (size_t)(end - p)))
		return (size_t)(p - buf);
	return eof ? len : 0;
}

int
is_git_sha(const char *s, size_t n)
{
	return (n == 40 || n == 64) && strspn(s, "0123456789abcdef") >= n;
}
