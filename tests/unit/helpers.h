/* SPDX-License-Identifier: MIT */
/*
 * helpers.h - the harness shared by the parser unit tests
 * (tests/unit/test_parse_*.c): capturing the events a parser emits,
 * running one record the way ingest/records.c does, a table of cases
 * (input text, expected events and columns, expected result and message)
 * and the replays of the real corpus.  Include after <cmocka.h>.
 *
 * Failed checks are counted and printed with bad(), not fatal, so that
 * one run shows every row that fails; end_test() fails the cmocka test
 * if any did.  Record texts in the tables use ' for " (see unquote()).
 * Inputs are exact-size heap copies so that ASan catches a read past the
 * end.
 */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <openssl/x509.h>

#include "err.h"
#include "event.h"
#include "parser.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A test file's main(): runs the cmocka tests given, as one group. */
#define RUN_TESTS(...)							\
int									\
main(void)								\
{									\
	const struct CMUnitTest tests_[] = { __VA_ARGS__ };		\
									\
	return cmocka_run_group_tests(tests_, NULL, NULL);		\
}

/* Expectation words (a column, a time or an attribute). */
#define NONE	"\x01(none)"	/* the column must be NULL */
#define ABSENT	"\x01(absent)"	/* attrs: no such attribute */
#define NOTIME	"(no time)"	/* the event has no time */
#define ANY	"\x02(any)"	/* check_str(): present, any value */

#define RC_NOT_JSON	(-9)	/* the test input itself is not JSON */
#define TSF_NONE	0x8000	/* ts_flags: exactly 0 */

/* What the prefilter must answer for a row (struct row pf). */
enum { PF_ANY = 0, PF_IN, PF_OUT, PF_UNKNOWN };

void	bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	end_test(const char *what);

/* ' -> " in a new string (record texts in the tables use '). */
char	*unquote(const char *s);
const char *rc_name(int rc);
/* want and got both NULL or equal (want ANY: got not NULL), else bad(). */
void	check_str(const char *row, const char *what, const char *want,
	    const char *got);
/* An attribute (dotted path) as text: strings as is, others as JSON. */
char	*attr_text(const json_t *attrs, const char *path);

/* ------------------------------------------------------------------ */
/* Capturing emitted events                                            */

/* Columns of an event, in the order of the union in struct evcopy. */
enum col {
	C_TS_RAW, C_SOURCE, C_ACTION, C_OPERATION, C_ERROR_CODE,
	C_ERROR_MESSAGE, C_ACTOR, C_SESSION, C_KEY_REF, C_KEY_REF_SRC,
	C_KEY_RAW, C_DIGEST, C_ARTIFACT, C_VERSION, C_REPO, C_REF, C_COMMIT,
	C_RUN, C_JOB, C_RUNNER, C_SRC_IP, C_UA, C_NATIVE, NCOL
};

/* A copy of an emitted event: every column, the attributes, the raw. */
struct evcopy {
	int64_t		 ts_us, end_us;
	unsigned	 ts_flags;
	int		 failed, has_raw;
	union {
		char	*col[NCOL];
		struct {
			char	*ts_raw, *source, *action, *operation,
				*error_code, *error_message, *actor, *session,
				*key_ref, *key_ref_src, *key_raw, *digest,
				*artifact, *version, *repo, *ref, *commit_sha,
				*run_ref, *job_ref, *runner, *src_ip,
				*user_agent, *native_id;
		};
	};
	char		*raw;		/* NUL-terminated copy */
	size_t		 raw_len;
	json_t		*attrs;
};

struct capture {
	const struct parser *p;
	/* called for every event, with its copy */
	void		(*fact)(void *arg, const struct evcopy *e);
	void		*fact_arg;
	int		 n, alloc;	/* events emitted */
	int		 keep;		/* events copied into ev (0: all) */
	int		 fail;		/* emit answers -1 */
	int		 no_id;		/* events without native_id */
	int		 derived;	/* in a finish hook: no raw record */
	int		 other_sources;	/* another parser's source is fine */
	struct evcopy	*ev;
};

/*
 * Every run below emits into a capture, which checks the invariants of
 * every event (a vocabulary action; the parser's name, or its family's
 * before a '-', as source; an operation "service:name"; a raw record,
 * except for events derived in a finish hook; a ts_raw with a time not
 * derived; a start with an end; "sha..." digests; an error code only on
 * failure) and copies it into c->ev.  capture_free() releases the copies.
 */
void	capture_free(struct capture *c);

/*
 * Runs p over text[0..len) the way ingest/records.c does (a fresh event
 * with raw set, the parser, then event_clear()), with --all-events if
 * all; state is the parser's state or NULL; the file is named "test.json".
 * Returns the parse_rc, or RC_NOT_JSON (message in d) when p reads JSON
 * and the text is not.
 */
int	run_parser(const struct parser *p, const char *text, size_t len,
	    int all, void *state, struct capture *c, struct diag *d);
/* The same with the item named name and the --anchor time (or NULL). */
int	run_item(const struct parser *p, const char *text, const char *name,
	    const char *anchor, int all, struct capture *c, struct diag *d);
/* Runs p's finish hook (derived events), if it has one. */
int	run_finish(const struct parser *p, void *state, struct capture *c,
	    struct diag *d);
/* unquote(text) through p with a failing store must be PARSE_FATAL. */
void	run_emit_failure(const struct parser *p, const char *text);

/* ------------------------------------------------------------------ */
/* The table of cases                                                  */

struct attr_want {
	const char	*path;		/* dotted path into attrs */
	const char	*val;		/* text (JSON for non-strings),
	    ABSENT */
};

/*
 * One expected event.  A NULL column is not checked, NONE means it must
 * be NULL; in a table with S_STRICT, a NULL in one of the suite's strict
 * columns must be NULL (a NULL key_ref_src with a key_ref: "record"), a
 * NULL ts means no time, and ts_flags is compared (0: the suite's
 * default, TSF_NONE: none).  ts and end are ts_format() texts, or NOTIME.
 */
struct ev_want {
	const char	*action, *operation, *error_code, *actor, *artifact,
			*version, *digest, *repo, *ref, *commit_sha, *src_ip,
			*user_agent, *ts, *native_id;
	const char	*end, *ts_raw, *session, *key_ref, *key_raw, *run_ref,
			*job_ref, *runner, *error_message, *key_ref_src;
	int		 failed;
	unsigned	 ts_flags;
	struct attr_want attrs[8];
};

/*
 * One input and what the parser must make of it: the result rc (and for
 * PARSE_ERR part of the message), nev events (-1: any number), event idx
 * checked against w (when w.action is set) and the first events against
 * ev[] (those with an action or a native_id).
 */
struct row {
	const char	*name;
	const char	*text;		/* ' for " (unless raw) */
	int		 raw;		/* text is used as is */
	int		 all;		/* --all-events */
	int		 rc;
	int		 pf;		/* PF_*: the prefilter's answer */
	const char	*errmsg;	/* PARSE_ERR: part of d->msg */
	int		 nev, idx;
	struct ev_want	 w;
	struct ev_want	 ev[4];
};

/*
 * How a table is run (struct suite flags):
 *
 * S_STRICT  NULL columns in the strict mask must be empty (see struct
 *           ev_want), ts and ts_flags are compared, and only PARSE_ERR
 *           may leave a message.
 * S_FLIP    every row runs again with --all-events flipped: without it a
 *           skipped record becomes an "other" event (or an error), other
 *           results stay, and events are only ever added; and, when it
 *           gave events, with a failing store (PARSE_FATAL).
 * S_TIMED   every event must have a time and its text.
 * S_ONE     with S_FLIP: the flipped record gives one event, of the
 *           same action (or "other") and the row's operation.
 * S_PLAIN     probe texts are used as they are (no ' for ").
 *
 * Every row also checks that the parser leaves the JSON record unchanged
 * and, for a parser with a prefilter, that the prefilter drops no record
 * the parser keeps and keeps none it skips.
 */
enum { S_STRICT = 1, S_FLIP = 2, S_TIMED = 4, S_ONE = 8, S_PLAIN = 16 };

#define COLBIT(c)	(1UL << (c))
/* The strict columns of the publishing parsers (registries, packages). */
#define STRICT_PUBLISH	(COLBIT(C_ACTION) | COLBIT(C_OPERATION) | \
	COLBIT(C_ERROR_CODE) | COLBIT(C_ACTOR) | COLBIT(C_ARTIFACT) | \
	COLBIT(C_VERSION) | COLBIT(C_DIGEST) | COLBIT(C_REPO) | \
	COLBIT(C_REF) | COLBIT(C_COMMIT) | COLBIT(C_SRC_IP) | COLBIT(C_UA) | \
	COLBIT(C_NATIVE))

struct suite {
	const struct parser *p;
	unsigned	 flags;
	unsigned long	 strict;	/* COLBIT(C_*): S_STRICT columns */
	unsigned	 ts_flags;	/* S_STRICT: want when a row says 0 */
	/* more checks of every event of a row, or NULL */
	void		(*check)(const char *row, const struct evcopy *e);
};

void	check_event(const struct suite *s, const char *row, int i,
	    const struct ev_want *w, const struct evcopy *e);
/* Runs one row and checks it. */
void	check_row(const struct suite *s, const struct row *r);
/* Runs every row, then end_test(what). */
void	run_rows(const struct suite *s, const struct row *rows, size_t n,
	    const char *what);

/* Probe scores over exact-size heap copies. */
struct probe_row {
	const char	*name;
	const struct parser *p;		/* NULL: the suite's */
	const char	*head;		/* ' for " */
	const char	*file;		/* NULL: name */
	int		 min, max;	/* score range */
	int		 detect;	/* DETECT_* */
};

#define DETECT_PICK	1	/* parser_detect must pick p */
#define DETECT_BOTH	2	/* ... when min > 0, and must not when 0 */
#define DETECT_IF_CLAIMED 3	/* ... when min > 0 */

void	check_probe(const struct suite *s, const struct probe_row *r);
void	run_probes(const struct suite *s, const struct probe_row *rows,
	    size_t n);

/* The prefilter over an exact-size heap copy of text[0..len). */
enum scope_rc run_prefilter(const struct parser *p, const char *text,
	    size_t len);

struct pf_row {
	const char	*name, *text;	/* ' for " */
	enum scope_rc	 want;
};

/*
 * Each row's prefilter answer, which must agree with the parser when it
 * is definite (a row named "... duplicated ..." must not load as JSON);
 * no prefix of unquote(keep) may be SCOPE_OUT.
 */
void	run_prefilters(const struct suite *s, const struct pf_row *rows,
	    size_t n, const char *keep);

/* ------------------------------------------------------------------ */
/* Streams: whole items through the splitter, the state and finish     */

#define MAXREC	512

/* An item run the way ingest runs it (drive()). */
struct drive {
	const struct parser	*p;
	struct parse_ctx	 pc;
	struct parse_opts	 opts;
	struct capture		 c;		/* the events */
	char			 rcs[MAXREC + 1]; /* O S N E F per record */
	int			 nrec;
	char			 msg[512];	/* the first error */
};

/*
 * drive_begin() sets up a context for p named name, with the --anchor
 * time anchor (ISO 8601 text, or NULL) and --all-events if all, and p's
 * state; drive_feed() cuts text into records as ingest does (jsplit,
 * p's splitter, or the whole text for INPUT_BLOB), in pieces of step
 * bytes (0: at once), and parses each over an exact-size copy;
 * drive_end() runs the finish hook and returns its result.  drive() does
 * all three.  drive_free() releases the events and the state.
 */
/* One record through dr's context, as ingest parses it; its result. */
int	drive_one(struct drive *dr, const char *rec, size_t len,
	    struct diag *d);
void	drive_begin(struct drive *dr, const struct parser *p,
	    const char *name, const char *anchor, int all);
void	drive_feed(struct drive *dr, const char *text, size_t len,
	    size_t step);
int	drive_end(struct drive *dr);
int	drive(struct drive *dr, const struct parser *p, const char *text,
	    size_t len, const char *name, const char *anchor, int all,
	    size_t step);
void	drive_free(struct drive *dr);

enum { F_ANY = 0, F_NO, F_YES };

/*
 * One expected event of a stream, by index; NULL is not checked, NONE
 * must be NULL (ts NONE: no time); ts_flags 0 is not checked (TSF_NONE:
 * none).
 */
struct want {
	int		 idx;		/* 0-based; -1 ends the list */
	const char	*action, *operation, *actor, *session, *key_ref;
	const char	*key_raw, *native_id, *error_code, *digest;
	int		 failed;	/* F_ANY, F_NO, F_YES */
	const char	*ts, *end;
	unsigned	 ts_flags;
	const char	*raw_prefix;	/* the raw record starts with it */
	struct attr_want attrs[5];
};

#define END	{ .idx = -1 }
#define W(i)	.idx = (i)

/* One item, the letters of its records' results and its events. */
struct srow {
	const char	*name;
	const struct parser *p;		/* NULL: the suite's */
	const char	*text;
	const char	*evname;	/* the item's name */
	const char	*anchor;	/* --anchor, or NULL */
	int		 all;		/* --all-events */
	const char	*rcs;		/* O S N E F per record, in order */
	const char	*errmsg;	/* part of the first error */
	int		 nev;
	struct want	 w[8];
};

/* want NULL: not checked; NONE: got must be NULL; else equal. */
void	check_field(const char *row, int i, const char *what,
	    const char *want, const char *got);
/*
 * Drives every file of corpus_root()/sub through the first parser of ps
 * (NULL-ended) whose probe claims it: no record may be an error, and
 * s->check (if any) sees every event.  Returns the files driven, or -1
 * when the folder is absent.
 */
int	drive_corpus(const struct suite *s, const struct parser *const *ps,
	    const char *sub);
/* Every row at once and, for split formats, in pieces of 7 bytes. */
void	run_srows(const struct suite *s, const struct srow *rows, size_t n);

/* ------------------------------------------------------------------ */
/* Events as JSON, and expectations about them                         */

/*
 * The value at a '/'-separated path of the event as a JSON object, as
 * text (new), or NULL: ts, end (ts_format()), ts_raw, ts_flags
 * (ts_flags_format()), outcome ("success", "failure"), raw, raw_len,
 * attrs/... and every other column by its name.
 */
char	*ev_value(const struct evcopy *e, const char *path);
/*
 * One expectation: "[N:]path=value", "[N:]path~substring" or "[N:]!path"
 * (absent) about event N (default 0) of c.
 */
void	check_expect(const char *row, const struct capture *c,
	    const char *x);

/* ------------------------------------------------------------------ */
/* Files and the real corpus                                           */

/* The whole file, NUL-terminated, or NULL. */
char	*read_file(const char *path, size_t *len);
/* The source tree (SIGTRAIL_SRCDIR, or "."). */
const char *srcdir(void);
/* The corpus root (SIGTRAIL_SRCDIR/../shared/corpus), or NULL. */
const char *corpus_root(void);
/* The corpus root; when there is none, the test is skipped. */
const char *corpus_root_or_skip(void);
/* root/sub into a new string. */
char	*corpus_path(const char *root, const char *sub);
/*
 * Calls fn for every regular file under dir, recursively, in name order,
 * dot files left out; rel names dir in the paths given as fn's third
 * argument.  -1 when dir cannot be read.
 */
int	walk_files(const char *dir, const char *rel,
	    void (*fn)(void *arg, const char *path, const char *rel),
	    void *arg);

/* Per-file results of a replay of one file, record by record. */
struct replay {
	const struct parser *p;
	const char	*file;
	int		 records, ok, skip, nonevent, err, events, no_id;
	int		 all_events;	/* events with --all-events */
	/* events without time are bad() unless their action is this */
	const char	*untimed_action;
	void		(*fact)(const char *file, const struct evcopy *e);
};

/* Cuts a file into records as the ingest driver does, and replays them. */
void	replay_file(struct replay *rp, const char *path);

/* The expected counts of one file replayed record by record. */
struct replay_want {
	const char	*file;		/* under dir */
	int		 records, ok, skip, nonevent, events;
};

/*
 * Replays each file (dir/file under the corpus root) through p: the
 * counts must be as given, no record an error, every event timed (but
 * those of the action untimed) and, if ids, with a native_id; with
 * --all-events, the events plus one for each skipped record.  fact is
 * called with every event.
 */
void	replay_files(const struct parser *p, const char *dir,
	    const struct replay_want *w, size_t n, const char *untimed,
	    int ids, void (*fact)(const char *file, const struct evcopy *e));

/*
 * Walks the whole corpus: p's probe must claim exactly the files whose
 * path (relative to the corpus) starts with one of mine[] (NULL-ended),
 * and parser_detect must pick p for those.  Returns the files claimed.
 */
int	probe_walk(const struct parser *p, const char *dir, const char *rel,
	    const char *const *mine);

/* The expectations of a whole-directory replay (run_corpus). */
struct corpus_file {
	const char	*file;		/* relative to the base dir */
	int		 claimed;	/* the probe says it is ours */
	int		 records, events, nonevent, skipped;
	int		 seen;
};

#define COL_TS	(-2)
#define COL_END	(-3)

struct corpus_fact {
	const char	*file;
	const char	*native_id;
	int		 col;		/* C_*, COL_*, -1: attr */
	const char	*attr;		/* attrs path when col is -1 */
	const char	*val;		/* expected text, or NULL */
	int		 seen;
};

/*
 * Replays the directories dirs (relative to base, itself relative to the
 * repository root) through p (JSON), split as ingest splits them, with
 * the expectations in files and facts.  Returns how many of the
 * directories exist.
 */
int	run_corpus(const struct parser *p, const char *base,
	    const char *const *dirs, struct corpus_file *files, size_t nfiles,
	    struct corpus_fact *facts, size_t nfacts);

/*
 * The JSON document at path (new, duplicate keys refused) and its compact
 * text (*text, new); NULL, reported with bad(), when it does not load.
 */
json_t	*load_json_doc(const char *path, const char *name, char **text);

/*
 * Calls fn with each record of the JSON file at path: the elements of the
 * array under the first of containers (NULL-ended, or NULL) in a
 * top-level object, of a top-level array, or the document itself; or,
 * when the file is not one JSON document, each JSON line (index counts
 * the lines that are not blank; a bad one is reported with bad()).
 */
void	json_records(const char *path, const char *rel,
	    const char *const *containers,
	    void (*fn)(void *arg, const char *rel, int index, json_t *rec),
	    void *arg);

/*
 * A replay of JSON records, each run without and with --all-events: the
 * files of a directory (recursively) are read as one JSON document (an
 * array of records, or one) or else as JSON lines.  A record must not be
 * an error; skipped only without --all-events, and then not kept by the
 * prefilter; an event must have a native_id and a time.  fact is called
 * with the first event of each record.
 */
struct jcorpus {
	const struct parser *p;
	int		 files, records, in_scope, all, skipped, errors;
	void		(*fact)(void *arg, const char *file,
			    const struct evcopy *e, int all);
	void		*arg;
};

/* Replays corpus_root()/sub; 0, or -1 when it is absent. */
int	jcorpus_run(struct jcorpus *jc, const char *sub);

/* ------------------------------------------------------------------ */
/* Fixtures                                                            */

/* Base64 of p[0..n) (new). */
char	*b64enc(const void *p, size_t n);
/* Lower-case hex of p[0..n) into out (2n + 1 bytes). */
void	hexenc(const unsigned char *p, size_t n, char *out);
/* SHA-256 of a, b and c in turn (b and c may be NULL). */
void	sha256_parts(unsigned char out[32], const void *a, size_t an,
	    const void *b, size_t bn, const void *c, size_t cn);
/* RFC 6962 2.1: the Merkle tree hash of leaves[0..n). */
void	merkle_root(unsigned char (*leaves)[32], size_t n,
	    unsigned char out[32]);
/* RFC 6962 2.1.1: the audit path of leaf m into path; its length. */
size_t	merkle_path(size_t m, unsigned char (*leaves)[32], size_t n,
	    unsigned char (*path)[32]);
/* Adds extension oid to x: val as a UTF8String, or as is if raw. */
void	cert_add_ext(X509 *x, const char *oid, const char *val, int raw);

#endif
