/* SPDX-License-Identifier: MIT */
/*
 * event.h - the normalized event: one row of the events table (DESIGN.md
 * section 4).  Parsers fill it, the store writes it, readers never see it
 * (they read SQL rows).  The event owns every char * member and one
 * reference to attrs; raw is borrowed from the record splitter.
 */
#ifndef EVENT_H
#define EVENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define EVENT_NO_TIME INT64_MIN

struct event {
	int64_t		 ts_us;		/* UTC µs; EVENT_NO_TIME if none */
	int64_t		 end_us;	/* end of a run/job/step, or NO_TIME */
	char		*ts_raw;	/* the time text exactly as found */
	unsigned	 ts_flags;	/* TS_* bits from timeutil.h */
	const char	*source;	/* borrowed: parser name (static) */
	const char	*action;	/* borrowed: vocabulary word (static) */
	char		*operation;	/* native name, "kms:Sign" */
	int		 failed;	/* outcome: 0 success, 1 failure */
	char		*error_code;
	char		*error_message;
	char		*actor;		/* the principal */
	char		*session;	/* access key / role session / handle */
	char		*key_ref;	/* canonical key (ARN, version, ...) */
	const char	*key_ref_src;	/* borrowed: how key_ref was found */
	char		*key_raw;	/* key as written in the record */
	char		*digest;	/* "sha256:<hex>" */
	char		*artifact;
	char		*version;
	char		*repo;
	char		*ref;
	char		*commit_sha;
	char		*run_ref;
	char		*job_ref;
	char		*runner;
	char		*src_ip;
	char		*user_agent;
	char		*native_id;	/* the source's own event id */
	json_t		*attrs;		/* object of remaining fields; owned */
	const void	*raw;		/* borrowed: the record's bytes */
	size_t		 raw_len;
};

void	event_init(struct event *ev);
/* Frees the members and re-initialises, for reuse per record. */
void	event_clear(struct event *ev);
/*
 * The same, but keeps raw and raw_len (borrowed): for the next event of
 * the same record.
 */
void	event_reset_keep_raw(struct event *ev);
/* Sets *field to a new copy of s (NULL or empty leaves it NULL). */
void	event_set(char **field, const char *s);
/* Adds key=value to attrs (creating it); value is stolen, NULL ignored. */
void	event_attr(struct event *ev, const char *key, json_t *value);
/* Adds key=copy of s to attrs when s is not NULL. */
void	event_attr_str(struct event *ev, const char *key, const char *s);
/* Adds key=v (borrowed) when v is a JSON integer; anything else is left. */
void	event_attr_int(struct event *ev, const char *key, const json_t *v);
/* Adds key=v (borrowed) when v is a JSON boolean; anything else is left. */
void	event_attr_bool(struct event *ev, const char *key, const json_t *v);
/* Adds key=deep copy of v (borrowed) unless v is NULL or JSON null. */
void	event_attr_copy(struct event *ev, const char *key, const json_t *v);

/* The action vocabulary (DESIGN.md section 4), one constant per word. */
extern const char *const event_actions[];
/* Returns the vocabulary's static copy of word, or NULL if unknown. */
const char *event_action(const char *word);

#endif
