/* SPDX-License-Identifier: MIT */
/*
 * test_link_tlog.c - unit tests of the transparency-log pairing
 * (correlate/link_tlog.c) on an in-memory case: a table of signing
 * records and log entries (seconds from a base time, key), and for each
 * signing record the log entry it must pair with, or none.  Covers the
 * order-preserving pairing of a run's signatures, a signature made just
 * before a release's own without an upload (it must not take the
 * release's entry), more signatures than entries, an entry logged a
 * second before its record, the lag limit, other keys, and separate
 * clusters.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "correlate.h"
#include "err.h"
#include "policy.h"
#include "store.h"

#define S	((int64_t)1000000)
#define T0	((int64_t)1793000000 * S)
#define NONE	(-1)
#define MAXEV	8

/* One event: 's' a successful Sign record, 't' a log entry. */
struct tev {
	char	 kind;
	int	 at;		/* seconds after T0 */
	char	 key;		/* 'A' or 'B' */
};

struct tcase {
	const char	*name;
	struct tev	 ev[MAXEV];
	/* per event index: the index of the entry a sign pairs with */
	int		 want[MAXEV];
};

static const struct tcase cases[] = {
	{ "a run's signatures pair in order",
	  { { 's', 0, 'A' }, { 's', 1, 'A' }, { 's', 2, 'A' },
	    { 't', 3, 'A' }, { 't', 4, 'A' }, { 't', 5, 'A' } },
	  { 3, 4, 5 } },
	{ "an earlier signature without upload stays unpaired",
	  { { 's', -5, 'A' }, { 's', 0, 'A' }, { 's', 1, 'A' },
	    { 't', 2, 'A' }, { 't', 3, 'A' } },
	  { NONE, 3, 4 } },
	{ "the same, twenty seconds before",
	  { { 's', -20, 'A' }, { 's', 0, 'A' }, { 't', 2, 'A' } },
	  { NONE, 2 } },
	{ "five signatures, three entries: two left, none crossed",
	  { { 's', 0, 'A' }, { 's', 1, 'A' }, { 's', 2, 'A' },
	    { 's', 3, 'A' }, { 's', 4, 'A' }, { 't', 5, 'A' },
	    { 't', 6, 'A' }, { 't', 7, 'A' } },
	  { NONE, NONE, 5, 6, 7 } },
	{ "an entry a second before its record (clocks)",
	  { { 's', 10, 'A' }, { 't', 9, 'A' } },
	  { 1 } },
	{ "an entry past the lag is not the signature",
	  { { 's', 0, 'A' }, { 't', 400, 'A' } },
	  { NONE } },
	{ "another key's entry is not the signature",
	  { { 's', 0, 'A' }, { 't', 1, 'B' } },
	  { NONE } },
	{ "separate clusters each pair",
	  { { 's', 0, 'A' }, { 't', 1, 'A' }, { 's', 1000, 'A' },
	    { 't', 1002, 'A' } },
	  { 1, 3 } },
};

static void
exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static void
run_case(const struct tcase *tc)
{
	struct store *st = NULL;
	struct policy pol;
	struct corr c;
	struct diag d;
	sqlite3 *db;
	sqlite3_stmt *ins, *q;
	int64_t ids[MAXEV];
	size_t i, k;

	diag_clear(&d);
	assert_int_equal(store_open(":memory:", STORE_RW, &st, &d), 0);
	db = store_db(st);
	exec(db, "INSERT INTO runs VALUES (1, 'ingest', 'test', '0', 'now');"
	    "INSERT INTO evidence (id, run_id, path, kind, sha256, size,"
	    " ingested_at, tool_version, command_line, status) VALUES (1, 1,"
	    " 'test', 'file', '00', 0, 'now', '0', 'test', 'done')");
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO events (ts_us,"
	    " source, action, outcome, key_ref, digest, dedup, evidence_id)"
	    " VALUES (?1, ?2, ?3, 'success', ?4, ?5, ?6, 1)", -1, &ins, NULL),
	    SQLITE_OK);
	for (i = 0; i < MAXEV && tc->ev[i].kind; i++) {
		const struct tev *e = &tc->ev[i];
		char key[32], dedup[32], digest[80];

		snprintf(key, sizeof(key), "key-%c", e->key);
		snprintf(dedup, sizeof(dedup), "test:%zu", i);
		snprintf(digest, sizeof(digest), "sha256:%064zx", i);
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, T0 + e->at * S);
		sqlite3_bind_text(ins, 2, e->kind == 's' ? "cloudtrail" :
		    "rekor", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, e->kind == 's' ? "sign" :
		    "tlog.entry", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, key, -1, SQLITE_TRANSIENT);
		if (e->kind == 't')
			sqlite3_bind_text(ins, 5, digest, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(ins, 5);
		sqlite3_bind_text(ins, 6, dedup, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		ids[i] = sqlite3_last_insert_rowid(db);
	}
	sqlite3_finalize(ins);

	policy_init(&pol);
	memset(&c, 0, sizeof(c));
	c.st = st;
	c.db = db;
	c.pol = &pol;
	c.skew_us = 120 * S;
	c.inferred = json_array();
	assert_int_equal(policy_infer_keys(&c), 0);
	assert_true(link_tlog.run(&c) >= 0);

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT target_id FROM links"
	    " WHERE kind = 'tlog' AND sign_id = ?1", -1, &q, NULL), SQLITE_OK);
	for (i = 0, k = 0; i < MAXEV && tc->ev[i].kind; i++) {
		int64_t got = NONE;

		if (tc->ev[i].kind != 's')
			continue;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, ids[i]);
		if (sqlite3_step(q) == SQLITE_ROW)
			got = sqlite3_column_int64(q, 0);
		if (got != (tc->want[k] == NONE ? NONE : ids[tc->want[k]]))
			fail_msg("%s: sign #%zu paired with event id %lld, "
			    "expected %s #%d", tc->name, i, (long long)got,
			    tc->want[k] == NONE ? "none" : "entry",
			    tc->want[k]);
		k++;
	}
	sqlite3_finalize(q);
	json_decref(c.inferred);
	policy_release(&pol);
	store_close(st);
}

static void
test_pairing(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
