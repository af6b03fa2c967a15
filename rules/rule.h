/* SPDX-License-Identifier: MIT */
/*
 * rule.h - the SQL rule engine (DESIGN.md section 8): loading a rule file,
 * checking it, running it read-only against a case, and the PCRE2-backed
 * REGEXP that rules use (regexp.c).
 *
 * A rule is one ".sql" file: a header of "-- key: value" comment lines,
 * then ONE SELECT statement (WITH ... SELECT allowed).
 *
 *   -- id: kms-grant-on-signing-key
 *   -- title: KMS grant created on a signing key
 *   -- severity: high
 *   -- attack: T1098, T1553.002
 *   -- description: Someone created a grant that lets another principal
 *   --   use the key; continuation lines are indented after "--".
 *   -- references: https://docs.aws.amazon.com/kms/latest/...
 *   -- false_positives: a new pipeline being set up
 *   SELECT id AS event_id, ... FROM events WHERE ...;
 *
 * Header.  The header is the block of "--" lines at the top of the file; it
 * ends at the first line that is not a comment (or at an empty line).  Keys
 * are lower case; a key may appear once; unknown keys are errors (a typo
 * must not silently drop a field).  "--" followed by two or more spaces
 * continues the previous value, a bare "--" ends it.
 *
 *   id               required, [a-z0-9-]+, unique among the rules run
 *   title            required, one line
 *   severity         required: info, low, medium, high or critical
 *   description      what the rule looks for and why it matters
 *   attack           ATT&CK technique ids, comma-separated (T1098,
 *                    T1553.002): "T" and four digits, optionally "." and
 *                    three more
 *   references       URLs or documents, comma-separated
 *   false_positives  what else makes the rule fire
 *
 * Result contract.  Each row of the SELECT becomes one finding.  The
 * columns are matched by name (AS ...); others are errors:
 *
 *   event_id    an events.id (INTEGER)                 \ exactly one of
 *   event_ids   a JSON array of events.id (TEXT), or   | the two
 *               one id (INTEGER)                       /
 *   ts_us       the finding's time, UTC microseconds (INTEGER), or an
 *               ISO 8601 time (TEXT)
 *   key_ref     the key concerned
 *   actor       the principal concerned
 *   summary     one line; default: the rule's title
 *
 * When ts_us, key_ref or actor is absent or NULL, it is taken from the
 * earliest of the row's events.  Every event id must exist in the case;
 * a row that names no event, or one that is not there, is skipped with a
 * warning.  Event ids are stored sorted and without repeats.  The finding's
 * kind is the rule id, its severity the rule's, its origin "rule:<id>".
 *
 * Running.  Rules run on a connection that is opened read-only and guarded
 * by store_guard_readonly() (query_only, an authorizer that denies writes,
 * ATTACH and state-changing pragmas, tight limits), with REGEXP
 * registered.  Errors name the file and line: SQLite's message (at the
 * offset SQLite reports), PCRE2's message and offset for a bad pattern, a
 * statement that is not a SELECT, more than one statement, a missing
 * header field.
 */
#ifndef RULE_H
#define RULE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

#define RULE_MAX_FILE		(1024 * 1024)	/* bytes in a rule file */
#define RULE_MAX_ROWS		100000		/* findings kept per rule */
#define RULE_MAX_EVENT_IDS	100000		/* event ids per finding */

struct rule {
	char	*path;		/* the file as named */
	char	*id;
	char	*title;
	char	*severity;
	char	*description;	/* NULL when absent (also below) */
	char	*attack;	/* normalised: "T1098, T1553.002" */
	char	*references;
	char	*false_positives;
	char	*text;		/* the whole file, NUL-terminated */
	size_t	 body;		/* offset of the first byte after the header */
	int	 body_line;	/* its line number (1-based) */
	int	 id_line;	/* line of the "id" field */
};

/* One finding produced by a rule row (strings new, freed by rule_result). */
struct rule_finding {
	int64_t	 ts_us;
	int	 has_ts;
	char	*key_ref;	/* NULL: none */
	char	*actor;
	char	*summary;	/* never NULL */
	char	*event_ids;	/* compact JSON array, sorted, unique */
};

struct rule_result {
	struct rule_finding	*v;
	size_t			 n, alloc;
	size_t			 skipped;	/* rows that became no finding */
	size_t			 limit_hits;	/* regex match/depth limits hit */
	int			 truncated;	/* RULE_MAX_ROWS reached */
};

/*
 * Parses a rule from text (name is used in messages).  Returns 0 and a
 * new *out (free with rule_free), or -1 with "<name>:<line>: <why>" in
 * err.  Pure: no I/O.
 */
int	rule_parse(const char *name, const char *text, size_t len,
	    struct rule **out, struct buf *err);
/* Reads and parses the file at path (at most RULE_MAX_FILE bytes). */
int	rule_load(const char *path, struct rule **out, struct buf *err);
void	rule_free(struct rule *r);

/* Severity words in order of rank; returns 0..4 or -1. */
int	rule_severity_rank(const char *word);

/*
 * Checks the statement of r against db (prepare, one SELECT, the result
 * columns) without running it.  Returns 0, or -1 with the message.
 */
int	rule_check(sqlite3 *db, const struct rule *r, struct buf *err);

struct regexp_ctx;

/*
 * Runs r on db (guarded and with REGEXP from rx registered) and fills res
 * (initialise it to zeros; release with rule_result_release).  timeout_s
 * bounds the run (0: none).  Returns 0 (the rule ran; res->skipped and
 * res->limit_hits say what was lost, and warn gets one line per problem),
 * or -1 (the rule failed: "<file>:<line>: <why>" in err).
 */
int	rule_run(sqlite3 *db, struct regexp_ctx *rx, const struct rule *r,
	    int timeout_s, struct rule_result *res, struct buf *warn,
	    struct buf *err);
void	rule_result_release(struct rule_result *res);

/*
 * The rules named by paths: files as they are, directories for their
 * "*.sql" files in name order (not recursive).  Appends new strings to
 * *files (of *nfiles); returns 0, or -1 with the reason printed.
 */
int	rule_collect(char *const *paths, int npaths, char ***files,
	    size_t *nfiles);

/*
 * The rule pack's directory: $SIGTRAIL_RULES, else "rules/pack" in the
 * directory of the running binary or up to two directories above it (a
 * source tree), else <exe>/../share/sigtrail/rules, else
 * SIGTRAIL_RULES_DIR (the install location).  Returns a new string, or
 * NULL with the places looked at in why.
 */
char	*rule_pack_dir(struct buf *why);

/*
 * The fixtures of a rule: "<id>.fire.jsonl" and "<id>.quiet.jsonl" in the
 * "tests" directory next to the rule's directory (rules/pack/x.sql ->
 * rules/tests/), else in a "tests" directory inside it.  Returns the
 * directory (new) or NULL.
 */
char	*rule_fixture_dir(const struct rule *r);

/*
 * Loads JSON lines of events (objects keyed by events column names; attrs
 * may be an object; ts/end_ts give ts_us/end_us) into a store opened on
 * db with the real schema.  Returns the number of events, or -1 with
 * "<file>:<line>: <why>" in err.
 */
int	rule_fixture_load(sqlite3 *db, const char *path, struct buf *err);

/* ---- REGEXP (regexp.c) ------------------------------------------------ */

#define REGEXP_MATCH_LIMIT	100000
#define REGEXP_DEPTH_LIMIT	1000
#define REGEXP_HEAP_LIMIT_KIB	20480
#define REGEXP_MAX_PATTERN	65536	/* bytes */
#define REGEXP_CACHE		16	/* compiled patterns kept */

struct regexp_ctx	*regexp_ctx_new(void);
/* Frees the cache; call after the connections using it are closed. */
void	regexp_ctx_free(struct regexp_ctx *rx);
/*
 * Registers on db: regexp(pattern, subject), which SQLite calls for
 * "subject REGEXP pattern", and regexp_capture(subject, pattern, n),
 * group n (a number, or a group name) of the first match, or NULL.  Both
 * return NULL for a NULL argument.  Patterns are PCRE2 in UTF mode (a
 * subject with invalid UTF-8 is matched, never rejected), compiled once
 * and cached, JIT-compiled when the platform has it.  A match that hits
 * the match, depth or heap limit counts as no match and is counted; a
 * pattern that does not compile fails the statement.
 */
int	regexp_register(sqlite3 *db, struct regexp_ctx *rx);
/* Clears the counters and the last bad pattern (before each rule). */
void	regexp_reset(struct regexp_ctx *rx);
/* Matches that hit a limit since the reset; *pattern: the first such. */
size_t	regexp_limit_hits(const struct regexp_ctx *rx, const char **pattern);
/*
 * The pattern that last failed to compile since the reset (NULL: none),
 * with PCRE2's message and the offset in the pattern.
 */
const char *regexp_bad_pattern(const struct regexp_ctx *rx, const char **msg,
	    size_t *offset);

#endif
