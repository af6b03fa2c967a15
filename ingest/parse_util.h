/* SPDX-License-Identifier: MIT */
/*
 * parse_util.h - small pieces several parsers share, written once: the
 * emit sequences of parsers that give more than one event per record,
 * name -> action tables, repository names in URLs, cosign's tag
 * convention, multi-line text records and git commit hashes.  Pure like
 * the parsers.
 */
#ifndef PARSE_UTIL_H
#define PARSE_UTIL_H

#include <jansson.h>
#include <stddef.h>

#include "event.h"
#include "parser.h"

/*
 * Emits ev, then clears it (also when the emit failed).  Returns 0, or
 * -1 on a store error.
 */
int	parse_emit_clear(struct parse_ctx *pc, struct event *ev);
/*
 * Emits ev, then empties it for the next event of the same record (raw
 * is kept, see event_reset_keep_raw()).  Returns 0, or -1 on a store
 * error (ev is then left as it was).
 */
int	parse_emit_next(struct parse_ctx *pc, struct event *ev);
/*
 * Emits ev with the compact JSON text of excerpt (stolen, may be NULL)
 * as its raw record instead of the whole record, then puts the record's
 * raw back.  Returns PARSE_OK, or PARSE_FATAL on a store error.
 */
enum parse_rc parse_emit_excerpt(struct parse_ctx *pc, struct event *ev,
	    json_t *excerpt);

/* One row of a native name -> action table, ended by a NULL name. */
struct action_map {
	const char	*name;
	const char	*action;
};

/*
 * The action (borrowed, static) of name in map, compared exactly or,
 * with nocase, without ASCII case; NULL when name is not in map.
 */
const char *action_lookup(const struct action_map *map, const char *name,
	    int nocase);

/*
 * "owner/name" at the start of p, measured: the owner's length, and the
 * name's (which may be 0) in *n; 0 when p does not start with a name
 * and a '/'.  Names are made of ASCII letters, digits, '-', '_' and '.'.
 */
size_t	owner_name_span(const char *p, size_t *n);
/*
 * "owner/name" (new) from p, a path that starts with them (what follows
 * "github.com/", "github:" or npm's shorthand): a trailing ".git" is
 * dropped, and the name must end the path or be followed by '/', '#',
 * '?' or '.'.  NULL when p does not start so.
 */
char	*github_owner_name(const char *p);
/*
 * The path of a repository URL "scheme://host/<path>[/][.git]" (new),
 * e.g. "https://github.com/acme/widget" -> "acme/widget"; it may be
 * empty ("https://host//").  NULL when uri has no "://" or no path.
 */
char	*repo_from_uri(const char *uri);

/*
 * cosign's tag convention "sha256-<64 hex>.sig|.att|.sbom": the signed
 * image's digest "sha256:<lowercase hex>" (new) and *kind (static:
 * "signature", "attestation" or "sbom"); NULL (*kind untouched) for any
 * other tag, also NULL.
 */
char	*cosign_tag_subject(const char *tag, const char **kind);

/*
 * A split function (tsplit.h) for records of several lines, each record
 * beginning with a line is_start() accepts (it is given the line without
 * its newline): from the start of buf up to the next such line.  Text
 * before the first start line is a record of its own.
 */
size_t	split_at_start(const char *buf, size_t len, int eof,
	    int (*is_start)(const char *line, size_t n));

/*
 * Whether s[0..n) is a full git commit hash: 40 (SHA-1) or 64 (SHA-256)
 * lowercase hex digits.
 */
int	is_git_sha(const char *s, size_t n);

#endif
