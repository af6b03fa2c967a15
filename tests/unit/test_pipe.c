/* SPDX-License-Identifier: MIT */
/*
 * test_pipe.c - unit tests of the hand-over between the reading and the
 * parsing side of an item (ingest/pipe.c): threaded or not, the consumer
 * sees every post in order with the same bytes (records of every size,
 * a record larger than a batch, notes without bytes, warnings); a
 * failing consumer stops the producer and gets nothing more; a failing
 * producer fails the run after what it posted was delivered.  The two
 * sides apart (a reading side run ahead): records produced before the
 * consumer is known are delivered the same; a cancelled producer that
 * waits for room ends.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "pipe.h"
#include "xalloc.h"

#define POSTS	3000

/*
 * Payloads: made on the producer's thread, borrowed by the consumer and
 * freed by the drop hook after the delivery (ASan catches a drop before
 * the consumer is done); the count of live ones is shared, hence atomic.
 */
static atomic_long payloads_live;

static void *
payload_new(void)
{
	char *p = xmalloc(16);

	atomic_fetch_add(&payloads_live, 1);
	memset(p, 'p', 16);
	return p;
}

static void
payload_drop(void *p)
{
	atomic_fetch_sub(&payloads_live, 1);
	free(p);
}

/* The consumer: a transcript of what it received. */
struct seen {
	struct buf	 log;
	size_t		 n;
	size_t		 fail_at;	/* fails on this entry (0: never) */
};

static uint64_t
fnv(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 1099511628211ull;
	return h;
}

static int
consume(void *arg, const struct pipe_entry *e)
{
	struct seen *s = arg;

	s->n++;
	buf_addf(&s->log, "%d|%d|%d|%" PRId64 "|%" PRId64 "|%zu|%s|%" PRIx64
	    "|%s|%s|%s\n", (int)e->kind, e->skip, e->payload != NULL,
	    e->line, e->offset, e->len,
	    e->data ? "d" : "-", e->data ? fnv(e->data, e->len) : 0,
	    e->err ? e->err : "-", e->wkind ? e->wkind : "-",
	    e->locator ? e->locator : "-");
	if (e->payload)		/* borrowed: still there to read */
		assert_int_equal(*(volatile char *)e->payload, 'p');
	return s->fail_at && s->n == s->fail_at ? -1 : 0;
}

/* The producer: records of many sizes, notes and warnings. */
struct prod {
	struct pipe	*pp;
	int		 fail;		/* return -1 at the end */
	size_t		 posted, refused;
};

static int
produce(void *arg)
{
	struct prod *p = arg;
	char *big = xmalloc(300000), loc[32];
	size_t i, len;
	int rc;

	for (i = 0; i < 300000; i++)
		big[i] = (char)('a' + i % 26);
	for (i = 0; i < POSTS; i++) {
		len = (i * 7919) % 2000;
		if (i % 500 == 0)
			len = 300000;	/* larger than a batch */
		if (i % 97 == 0) {
			snprintf(loc, sizeof(loc), "byte %zu", i);
			rc = pipe_warn(p->pp, "read", i % 2 ? loc : NULL,
			    "a warning");
		} else if (i % 89 == 0) {
			rc = pipe_record(p->pp, NULL, 0, (int64_t)i, 0,
			    "a note");
		} else if (i % 7 == 0) {
			struct pipe_entry e = { .kind = PIPE_RECORD,
			    .data = big, .len = len, .line = (int64_t)i,
			    .payload = payload_new(), .skip = i % 2 };

			rc = pipe_post(p->pp, &e);
		} else {
			rc = pipe_record(p->pp, big + i % 26, len -
			    (len ? i % 26 % len : 0), (int64_t)i,
			    (int64_t)i * 10, i % 13 ? NULL : "bad");
		}
		if (rc < 0)
			p->refused++;
		else
			p->posted++;
	}
	free(big);
	return p->fail ? -1 : 0;
}

static void
prepare(struct seen *s, struct prod *p, int fail, size_t fail_at)
{
	memset(s, 0, sizeof(*s));
	memset(p, 0, sizeof(*p));
	buf_init(&s->log);
	s->fail_at = fail_at;
	p->fail = fail;
}

/* Both consumers received the same, from producers nothing refused. */
static void
assert_same(const struct seen *a, const struct seen *b,
    const struct prod *pb)
{
	assert_int_equal(pb->refused, 0);
	assert_int_equal(a->log.len, b->log.len);
	assert_memory_equal(a->log.s, b->log.s, a->log.len);
}

static int
run(int threaded, int fail, size_t fail_at, struct seen *s, struct prod *p)
{
	int ret;

	prepare(s, p, fail, fail_at);
	p->pp = pipe_new(threaded, consume, payload_drop, s);
	ret = pipe_run(p->pp, produce, p);
	pipe_free(p->pp);
	assert_int_equal(atomic_load(&payloads_live), 0);
	return ret;
}

static void
test_same_order(void **state)
{
	struct seen a, b;
	struct prod pa, pb;

	assert_int_equal(run(0, 0, 0, &a, &pa), 0);
	assert_int_equal(run(1, 0, 0, &b, &pb), 0);
	assert_int_equal(a.n, POSTS);
	assert_int_equal(b.n, POSTS);
	assert_int_equal(pa.posted, POSTS);
	assert_same(&a, &b, &pb);
	buf_release(&a.log);
	buf_release(&b.log);
}

static void
test_consumer_fails(void **state)
{
	struct seen s;
	struct prod p;
	int threaded;

	for (threaded = 0; threaded <= 1; threaded++) {
		assert_int_equal(run(threaded, 0, 100, &s, &p), -1);
		/* nothing is delivered after the failure */
		assert_int_equal(s.n, 100);
		/* and the producer is told to stop */
		assert_true(p.refused > 0);
		if (!threaded)	/* the failing post is refused */
			assert_int_equal(p.posted, 99);
		buf_release(&s.log);
	}
}

static void
test_producer_fails(void **state)
{
	struct seen s;
	struct prod p;
	int threaded;

	for (threaded = 0; threaded <= 1; threaded++) {
		assert_int_equal(run(threaded, 1, 0, &s, &p), -1);
		assert_int_equal(s.n, POSTS);
		buf_release(&s.log);
	}
}

/* The producer on a thread of its own, as source.c reads ahead. */
static void *
produce_ahead(void *arg)
{
	struct prod *p = arg;

	pipe_produce(p->pp, produce, p);
	return NULL;
}

static void
test_produce_ahead(void **state)
{
	struct seen a, b;
	struct prod pa, pb;
	pthread_t t;
	int fail;

	assert_int_equal(run(0, 0, 0, &a, &pa), 0);
	for (fail = 0; fail <= 1; fail++) {
		prepare(&b, &pb, fail, 0);
		/* no consumer yet: it is set once the producer runs */
		pb.pp = pipe_new(1, NULL, payload_drop, NULL);
		assert_int_equal(pthread_create(&t, NULL, produce_ahead, &pb),
		    0);
		usleep(20000);
		pipe_consumer(pb.pp, consume, &b);
		assert_int_equal(pipe_deliver(pb.pp), fail ? -1 : 0);
		pipe_cancel(pb.pp);	/* after the end: changes nothing */
		pthread_join(t, NULL);
		pipe_free(pb.pp);
		assert_int_equal(atomic_load(&payloads_live), 0);
		assert_same(&a, &b, &pb);
		buf_release(&b.log);
	}
	buf_release(&a.log);
}

static void
test_cancel_ahead(void **state)
{
	struct prod p;
	pthread_t t;

	memset(&p, 0, sizeof(p));
	p.pp = pipe_new(1, consume, payload_drop, NULL);
	/* a hang here is the failure: SIGALRM ends the test */
	alarm(60);
	assert_int_equal(pthread_create(&t, NULL, produce_ahead, &p), 0);
	usleep(50000);		/* the pipe fills up; nothing delivers */
	pipe_cancel(p.pp);
	pthread_join(t, NULL);
	alarm(0);
	/* the posts after the cancel were refused, their payloads
	 * dropped, and the queued ones go with the pipe */
	assert_true(p.refused > 0);
	assert_int_equal(p.posted + p.refused, POSTS);
	pipe_free(p.pp);
	assert_int_equal(atomic_load(&payloads_live), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_order),
		cmocka_unit_test(test_consumer_fails),
		cmocka_unit_test(test_producer_fails),
		cmocka_unit_test(test_produce_ahead),
		cmocka_unit_test(test_cancel_ahead),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
