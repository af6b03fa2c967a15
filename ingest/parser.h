/* SPDX-License-Identifier: MIT */
/*
 * parser.h - the parser plug-in interface.  Every input format is one
 * const struct parser in one ingest/parse_<format>.c, listed once in the
 * table in ingest/parsers.c.  Parsers are pure: a record in, zero or more
 * events out through a callback, no I/O, no exit, no globals; problems go
 * into a struct diag.  That makes each testable from a string and
 * fuzzable.
 */
#ifndef PARSER_H
#define PARSER_H

#include <jansson.h>
#include <stddef.h>

#include "err.h"
#include "event.h"

enum parse_rc {
	PARSE_OK = 0,		/* one or more events emitted */
	PARSE_SKIP = 1,		/* out of the signing scope: counted only */
	PARSE_NONEVENT = 2,	/* a valid record that is not an event */
	PARSE_ERR = -1,		/* malformed: quarantined with d->msg */
	PARSE_FATAL = -2,	/* the emit callback failed (store error) */
};

enum scope_rc { SCOPE_UNKNOWN = 0, SCOPE_IN, SCOPE_OUT };

enum input_kind {
	INPUT_JSON,		/* records are JSON values (see jsplit.h) */
	INPUT_TEXT,		/* records are lines, or what split cuts */
	INPUT_BLOB,		/* the whole item is one record (DER, PEM) */
};

/* Analyst-supplied context some formats need (ingest options). */
struct parse_opts {
	int64_t		 anchor_us;	/* --anchor: when a clockless log
					   (YubiHSM) was read; EVENT_NO_TIME */
	const char	*const *tsa_ca;	/* --tsa-ca files, NULL-terminated */
	const char	*vault_hmac;	/* --vault-hmac file, or NULL */
};

struct parse_ctx {
	int		 all_events;	/* --all-events: keep out-of-scope */
	const char	*name;		/* evidence path or member, for probes */
	const struct parse_opts *opts;	/* never NULL */
	void		*state;		/* the parser's, from state_new */
	int64_t		 line, offset;	/* where the current record starts */
	/* Stores one event (borrowed); returns 0, or -1 on a store error. */
	int		(*emit)(void *arg, struct event *ev);
	void		*emit_arg;
};

struct parser {
	const char	*name;		/* stable id: --format, events.source */
	const char	*desc;		/* what it reads, one line */
	const char	*howto;		/* how to export this evidence */
	enum input_kind	 kind;
	/*
	 * JSON: keys of a top-level object whose array value holds the
	 * records ({"Records":[...]}); NULL-terminated, may be NULL.
	 */
	const char	*const *container_keys;
	/*
	 * Confidence 0..100 that the data is this format, from the first
	 * bytes (head, at most PROBE_HEAD bytes) and the name.  0: not mine.
	 * JSON parsers are only asked when the data starts like JSON.
	 */
	int		(*probe)(const char *head, size_t len, const char *name);
	/*
	 * Optional cheap scope test on a record's raw bytes, so that records
	 * outside the signing scope never reach jansson.  Must answer
	 * SCOPE_UNKNOWN whenever it cannot be sure.
	 */
	enum scope_rc	(*prefilter)(const char *rec, size_t len);
	/* INPUT_JSON: rec is borrowed. */
	enum parse_rc	(*parse_json)(json_t *rec, struct parse_ctx *pc,
			    struct event *ev, struct diag *d);
	/*
	 * INPUT_TEXT: the length of the first whole record in buf (see
	 * tsplit.h); NULL means one record per line.
	 */
	size_t		(*split)(const char *buf, size_t len, int eof);
	/* INPUT_TEXT: one record without its final newline, borrowed. */
	enum parse_rc	(*parse_text)(const char *rec, size_t len,
			    struct parse_ctx *pc, struct event *ev,
			    struct diag *d);
	/* INPUT_BLOB: the whole item (at most --max-record bytes). */
	enum parse_rc	(*parse_blob)(const unsigned char *p, size_t len,
			    struct parse_ctx *pc, struct event *ev,
			    struct diag *d);
	/*
	 * Optional state kept across the records of one item (sequence and
	 * hash-chain checks): made before the first record, freed after the
	 * last.  Returns new state (freed with state_free).
	 */
	void		*(*state_new)(const struct parse_ctx *pc);
	void		(*state_free)(void *state);
	/*
	 * Optional, after the last record: may emit derived events (an
	 * audit-trail gap, a chain break).  Those have no raw record, so
	 * they must carry a native_id.  Returns 0, or -1 (emit failed).
	 */
	int		(*finish)(struct parse_ctx *pc, struct event *ev,
			    struct diag *d);
};

#define PROBE_HEAD 65536

/* The parsers (one per parse_<format>.c), grouped as in parsers.c. */
extern const struct parser parser_cloudtrail;
/* key services */
extern const struct parser parser_gcp_audit;
extern const struct parser parser_azure_keyvault;
extern const struct parser parser_vault_audit;
/* HSM audit trails */
extern const struct parser parser_cloudhsm;
extern const struct parser parser_cloudhsm_cwl;
extern const struct parser parser_yubihsm;
extern const struct parser parser_luna;
extern const struct parser parser_pkcs11_spy;
/* PKI */
extern const struct parser parser_x509;
extern const struct parser parser_crl;
extern const struct parser parser_rfc3161;
/* CI history */
extern const struct parser parser_github_actions;
extern const struct parser parser_github_audit;
extern const struct parser parser_gitlab_ci;
extern const struct parser parser_jenkins;
/* registries and releases */
extern const struct parser parser_docker_registry;
extern const struct parser parser_docker_registry_http;
extern const struct parser parser_harbor;
extern const struct parser parser_npm;
extern const struct parser parser_pypi;
extern const struct parser parser_github_releases;
extern const struct parser parser_artifactory;
/* transparency logs and version control */
extern const struct parser parser_rekor;
extern const struct parser parser_sigstore_bundle;
extern const struct parser parser_git_log;
extern const struct parser *const parsers[];	/* NULL-terminated */

const struct parser *parser_find(const char *name);
/* The best-scoring parser for head, or NULL when none claims it. */
const struct parser *parser_detect(const char *head, size_t len,
    const char *name, int *score);

#endif
