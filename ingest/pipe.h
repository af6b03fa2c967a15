/* SPDX-License-Identifier: MIT */
/*
 * pipe.h - the hand-over inside one evidence item between its reading
 * side (read, decompress, hash, cut into records) and its parsing side
 * (scope, parse, store), used by records.c.  The reading side posts
 * records and warnings in order; the parsing side receives them in the
 * same order through a callback.  Threaded, the reading side runs on a
 * thread of its own and the two meet in a bounded queue of batches (a
 * few MiB at most, and one record however large), so that two cores
 * share the work while the case file is written by one thread only, in
 * the order of a serial run.  Not threaded, each post is delivered at
 * once: the same callbacks, in the same order, on the caller's thread.
 */
#ifndef PIPE_H
#define PIPE_H

#include <stddef.h>
#include <stdint.h>

enum pipe_kind { PIPE_RECORD, PIPE_WARN };

/* What the parsing side receives; every pointer is borrowed for the call. */
struct pipe_entry {
	enum pipe_kind	 kind;
	const char	*data;		/* record bytes, NULL: a structure note
					   or a skipped record */
	size_t		 len;
	int64_t		 line, offset;	/* record: where it starts */
	const char	*err;		/* record: why it is bad (NULL: good);
					   warning: the message */
	const char	*wkind;		/* warning: its kind ("read", "limit") */
	const char	*locator;	/* warning: where, or NULL */
	int		 skip;		/* record: out of scope, not kept */
	void		*payload;	/* record: what the reading side made
					   of it; borrowed like the rest (the
					   pipe drops it after the call) */
};

/* The parsing side: 0, or -1 to stop everything (a store failure). */
typedef int (*pipe_consume_fn)(void *arg, const struct pipe_entry *e);
/*
 * Releases a payload once it has been delivered, or when it never is.
 * Threaded, it runs on the reading side's thread (what a thread
 * allocates is freed by it), when the batch comes back for reuse.
 */
typedef void (*pipe_drop_fn)(void *payload);
/* The reading side: 0, or -1 when it stopped early. */
typedef int (*pipe_produce_fn)(void *arg);

struct pipe;

/*
 * A new pipe (free with pipe_free) delivering to consume(arg, ...); drop
 * (may be NULL when no payload is ever posted) releases the payloads.
 */
struct pipe	*pipe_new(int threaded, pipe_consume_fn consume,
		    pipe_drop_fn drop, void *arg);
void		 pipe_free(struct pipe *pp);

/*
 * Runs produce(parg), which posts with pipe_post(), and delivers what it
 * posts; returns when both sides are done.  Returns 0, or -1 when either
 * side failed.  Threaded, produce runs on a new thread and must not touch
 * what the consumer uses.
 */
int	pipe_run(struct pipe *pp, pipe_produce_fn produce, void *parg);

/*
 * The two sides apart, for a reading side run ahead on a thread of the
 * caller's own (source.c): pipe_produce() runs produce(parg) on the
 * calling thread, into a threaded pipe, and hands everything over; it
 * returns produce's result.  pipe_deliver(), on the parsing side's
 * thread, delivers what was and will be posted, to the consumer set by
 * pipe_consumer() (before delivering), until the producer is done, and
 * returns as pipe_run().  pipe_cancel() stops a producer that will not
 * be delivered (its posts return -1, a wait for room ends); the caller
 * joins its thread before pipe_free().
 */
void	pipe_consumer(struct pipe *pp, pipe_consume_fn consume, void *arg);
int	pipe_produce(struct pipe *pp, pipe_produce_fn produce, void *parg);
int	pipe_deliver(struct pipe *pp);
void	pipe_cancel(struct pipe *pp);

/*
 * Reading side: posts e.  Its bytes and strings are copied (wkind must be
 * a static string); its payload is handed over.  Returns 0, or -1 once
 * the parsing side has failed: the producer should then stop.
 */
int	pipe_post(struct pipe *pp, const struct pipe_entry *e);
/* The same for a record (rec NULL with err: a structure note)... */
int	pipe_record(struct pipe *pp, const char *rec, size_t len,
	    int64_t line, int64_t offset, const char *err);
/* ... and for a warning. */
int	pipe_warn(struct pipe *pp, const char *wkind, const char *locator,
	    const char *msg);

#endif
