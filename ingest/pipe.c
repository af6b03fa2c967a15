/* SPDX-License-Identifier: MIT */
/*
 * pipe.c - the reading side of an evidence item handing its records to
 * the parsing side (pipe.h).
 *
 * Not threaded, each post is delivered at once, from the producer's
 * bytes.  Threaded, the producer fills a batch (the bytes of its records
 * and warnings, and one entry per post pointing into them) and hands it
 * over when it holds PIPE_BATCH_BYTES or PIPE_BATCH_ENTRIES: it joins a
 * FIFO of at most PIPE_DEPTH batches that the consumer (the caller of
 * pipe_run) empties; a full FIFO blocks the producer, so memory stays
 * bounded whatever the size of the evidence.  Delivered batches are kept
 * for reuse.  Batches are small because an item (a CloudTrail file) is
 * often only a megabyte or two: the two sides must overlap within it.
 * When the consumer fails it raises `failed`: the producer's next post
 * returns -1 and what is still queued is dropped, never delivered.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pipe.h"
#include "xalloc.h"

#define PIPE_BATCH_BYTES	(128u << 10)
#define PIPE_BATCH_ENTRIES	512
#define PIPE_DEPTH		16
#define NONE			SIZE_MAX

/* One post; strings are offsets into the batch's bytes (NONE: NULL). */
struct pent {
	enum pipe_kind	 kind;
	size_t		 data, len, err, locator;
	const char	*wkind;
	int64_t		 line, offset;
	int		 skip;
	void		*payload;
};

struct batch {
	struct buf	 bytes;
	struct pent	*v;
	size_t		 nr, alloc;
	struct batch	*next;
};

struct pipe {
	int		 threaded;
	pipe_consume_fn	 consume;
	pipe_drop_fn	 drop;
	void		*arg;
	struct batch	*cur;		/* being filled by the producer */
	atomic_int	 failed;	/* the consumer failed */

	/* threaded only; all below under mu */
	pthread_mutex_t	 mu;
	pthread_cond_t	 can_put, can_take;
	struct batch	*head, *tail;	/* the FIFO */
	size_t		 queued;
	struct batch	*returned;	/* delivered, payloads not yet dropped */
	struct batch	*spare;		/* the producer's: empty, for reuse */
	int		 done;		/* the producer returned */
	int		 produce_ret;
	pipe_produce_fn	 produce;
	void		*parg;
};

static struct batch *
batch_new(void)
{
	struct batch *b = xcalloc(1, sizeof(*b));

	buf_init(&b->bytes);
	return b;
}

/* Releases the payloads of b's entries from the first-th on. */
static void
batch_drop(struct pipe *pp, struct batch *b, size_t first)
{
	size_t i;

	for (i = first; i < b->nr; i++)
		if (b->v[i].payload && pp->drop)
			pp->drop(b->v[i].payload);
}

/* Empties b for reuse; a buffer grown by a huge record is given back. */
static void
batch_reset(struct batch *b)
{
	if (b->bytes.alloc > 4 * PIPE_BATCH_BYTES)
		buf_release(&b->bytes);
	else
		buf_reset(&b->bytes);
	b->nr = 0;
	b->next = NULL;
}

static void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	buf_release(&b->bytes);
	free(b->v);
	free(b);
}

static void
batch_list_free(struct batch *b)
{
	struct batch *next;

	for (; b; b = next) {
		next = b->next;
		batch_free(b);
	}
}

/* Copies n bytes of s (NULL: none) into b; returns their offset. */
static size_t
put(struct batch *b, const char *s, size_t n)
{
	size_t at = b->bytes.len;

	if (s == NULL)
		return NONE;
	buf_add(&b->bytes, s, n);
	buf_addch(&b->bytes, '\0');
	return at;
}

static const char *
at(const struct batch *b, size_t off)
{
	return off == NONE ? NULL : b->bytes.s + off;
}

/*
 * Delivers every entry of b, until the consumer fails.  The payloads stay
 * in b: the producer drops them when it takes b back (flush()).
 */
static void
deliver(struct pipe *pp, struct batch *b)
{
	struct pipe_entry e;
	size_t i;

	for (i = 0; i < b->nr; i++) {
		const struct pent *p = &b->v[i];

		if (atomic_load(&pp->failed))
			break;
		e.kind = p->kind;
		e.data = at(b, p->data);
		e.len = p->len;
		e.line = p->line;
		e.offset = p->offset;
		e.err = at(b, p->err);
		e.wkind = p->wkind;
		e.locator = at(b, p->locator);
		e.skip = p->skip;
		e.payload = p->payload;
		if (pp->consume(pp->arg, &e) < 0)
			atomic_store(&pp->failed, 1);
	}
}

/*
 * Producer: empties the batches the consumer returned, dropping their
 * payloads here, on the thread that made them.  (Freed by the consumer,
 * each jansson node allocated by this thread took a lock on this
 * thread's malloc arena, against its own allocations: --all-events took
 * half as much CPU time again as with one thread.)
 */
static void
reclaim(struct pipe *pp, struct batch *r)
{
	struct batch *next;

	for (; r; r = next) {
		next = r->next;
		batch_drop(pp, r, 0);
		batch_reset(r);
		r->next = pp->spare;
		pp->spare = r;
	}
}

/* Producer: hands the current batch over (delivers it, or queues it). */
static void
flush(struct pipe *pp)
{
	struct batch *b = pp->cur, *r;

	if (b == NULL || b->nr == 0)
		return;
	pthread_mutex_lock(&pp->mu);
	while (pp->queued >= PIPE_DEPTH && !atomic_load(&pp->failed))
		pthread_cond_wait(&pp->can_put, &pp->mu);
	if (atomic_load(&pp->failed)) {
		pthread_mutex_unlock(&pp->mu);
		batch_drop(pp, b, 0);
		batch_reset(b);
		return;
	}
	if (pp->tail)
		pp->tail->next = b;
	else
		pp->head = b;
	pp->tail = b;
	pp->queued++;
	pthread_cond_signal(&pp->can_take);
	r = pp->returned;
	pp->returned = NULL;
	pthread_mutex_unlock(&pp->mu);
	reclaim(pp, r);
	pp->cur = pp->spare;
	if (pp->spare)
		pp->spare = pp->spare->next;
	if (pp->cur)
		pp->cur->next = NULL;
}

/* Producer: the batch to add to; flushes a full one first. */
static struct pent *
entry_new(struct pipe *pp, size_t need)
{
	struct batch *b = pp->cur;

	if (b && b->nr > 0 && (b->nr >= PIPE_BATCH_ENTRIES ||
	    b->bytes.len + need > PIPE_BATCH_BYTES)) {
		flush(pp);
		b = pp->cur;
	}
	if (b == NULL)
		b = pp->cur = batch_new();
	ALLOC_GROW(b->v, b->nr + 1, b->alloc);
	return &b->v[b->nr++];
}

int
pipe_post(struct pipe *pp, const struct pipe_entry *e)
{
	size_t errlen = e->err ? strlen(e->err) : 0,
	    loclen = e->locator ? strlen(e->locator) : 0;
	struct pent *p;
	int rc;

	if (atomic_load(&pp->failed)) {
		if (e->payload && pp->drop)
			pp->drop(e->payload);
		return -1;
	}
	if (!pp->threaded) {
		/* delivered there and then, without a copy */
		rc = pp->consume(pp->arg, e);
		if (e->payload && pp->drop)
			pp->drop(e->payload);
		if (rc < 0) {
			atomic_store(&pp->failed, 1);
			return -1;
		}
		return 0;
	}
	p = entry_new(pp, (e->data ? e->len + 1 : 0) + errlen + loclen + 2);
	p->kind = e->kind;
	p->data = put(pp->cur, e->data, e->len);
	p->len = e->len;
	p->err = put(pp->cur, e->err, errlen);
	p->locator = put(pp->cur, e->locator, loclen);
	p->wkind = e->wkind;
	p->line = e->line;
	p->offset = e->offset;
	p->skip = e->skip;
	p->payload = e->payload;
	return 0;
}

int
pipe_record(struct pipe *pp, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err)
{
	struct pipe_entry e = { .kind = PIPE_RECORD, .data = rec, .len = len,
	    .line = line, .offset = offset, .err = err };

	return pipe_post(pp, &e);
}

int
pipe_warn(struct pipe *pp, const char *wkind, const char *locator,
    const char *msg)
{
	struct pipe_entry e = { .kind = PIPE_WARN, .err = msg,
	    .wkind = wkind, .locator = locator };

	return pipe_post(pp, &e);
}

struct pipe *
pipe_new(int threaded, pipe_consume_fn consume, pipe_drop_fn drop,
    void *arg)
{
	struct pipe *pp = xcalloc(1, sizeof(*pp));

	pp->threaded = threaded;
	pp->consume = consume;
	pp->drop = drop;
	pp->arg = arg;
	atomic_init(&pp->failed, 0);
	pthread_mutex_init(&pp->mu, NULL);
	pthread_cond_init(&pp->can_put, NULL);
	pthread_cond_init(&pp->can_take, NULL);
	return pp;
}

void
pipe_free(struct pipe *pp)
{
	struct batch *b;

	if (pp == NULL)
		return;
	if (pp->cur)
		batch_drop(pp, pp->cur, 0);
	for (b = pp->head; b; b = b->next)
		batch_drop(pp, b, 0);
	for (b = pp->returned; b; b = b->next)
		batch_drop(pp, b, 0);
	batch_free(pp->cur);
	batch_list_free(pp->head);
	batch_list_free(pp->returned);
	batch_list_free(pp->spare);
	pthread_mutex_destroy(&pp->mu);
	pthread_cond_destroy(&pp->can_put);
	pthread_cond_destroy(&pp->can_take);
	free(pp);
}

/* The producer's thread: pipe_produce() of what pipe_run() was given. */
static void *
producer_main(void *arg)
{
	struct pipe *pp = arg;

	pipe_produce(pp, pp->produce, pp->parg);
	return NULL;
}

/* Consumer: delivers queued batches until the producer is done. */
static void
consume_queue(struct pipe *pp)
{
	struct batch *b;

	for (;;) {
		pthread_mutex_lock(&pp->mu);
		while (pp->head == NULL && !pp->done)
			pthread_cond_wait(&pp->can_take, &pp->mu);
		b = pp->head;
		if (b == NULL) {
			pthread_mutex_unlock(&pp->mu);
			return;
		}
		pp->head = b->next;
		if (pp->head == NULL)
			pp->tail = NULL;
		pp->queued--;
		pthread_mutex_unlock(&pp->mu);
		deliver(pp, b);
		pthread_mutex_lock(&pp->mu);
		b->next = pp->returned;
		pp->returned = b;
		/* after a failure too: the producer must not wait for room */
		pthread_cond_signal(&pp->can_put);
		pthread_mutex_unlock(&pp->mu);
	}
}

int
pipe_run(struct pipe *pp, pipe_produce_fn produce, void *parg)
{
	pthread_t t;
	int ret;

	pp->produce = produce;
	pp->parg = parg;
	pp->done = 0;
	if (pp->threaded && pthread_create(&t, NULL, producer_main, pp) != 0)
		pp->threaded = 0;	/* no thread: the same work, serially */
	if (!pp->threaded) {
		ret = produce(parg);	/* each post delivered at once */
		return atomic_load(&pp->failed) ? -1 : ret;
	}
	ret = pipe_deliver(pp);
	pthread_join(t, NULL);
	return ret;
}

void
pipe_consumer(struct pipe *pp, pipe_consume_fn consume, void *arg)
{
	pp->consume = consume;
	pp->arg = arg;
}

/* Produces, hands over the rest, and says it is done. */
int
pipe_produce(struct pipe *pp, pipe_produce_fn produce, void *parg)
{
	int ret = produce(parg);

	flush(pp);
	pthread_mutex_lock(&pp->mu);
	pp->produce_ret = ret;
	pp->done = 1;
	pthread_cond_signal(&pp->can_take);
	pthread_mutex_unlock(&pp->mu);
	return ret;
}

int
pipe_deliver(struct pipe *pp)
{
	consume_queue(pp);
	if (atomic_load(&pp->failed))
		return -1;
	return pp->produce_ret;	/* done: set under the lock, seen */
}

void
pipe_cancel(struct pipe *pp)
{
	pthread_mutex_lock(&pp->mu);
	atomic_store(&pp->failed, 1);
	pthread_cond_broadcast(&pp->can_put);
	pthread_mutex_unlock(&pp->mu);
}
