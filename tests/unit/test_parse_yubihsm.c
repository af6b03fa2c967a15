/* SPDX-License-Identifier: MIT */
/*
 * test_parse_yubihsm.c - unit tests of the YubiHSM 2 audit log parser
 * (ingest/parse_yubihsm.c): a table of `yubihsm-shell audit get` outputs
 * (the synthetic excerpt of formats.md E.2, real device output, numbering
 * and tick wrap-around, power-ups, every kind of planted break, malformed
 * lines) with the events each must give; probe scores; the emit failure
 * path; the bundled sample (samples/evidence/yubihsm) with its planted
 * gap and chain break; and the shared corpus when it has YubiHSM files.
 *
 * Inputs are passed as exact-size heap copies so that ASan catches a read
 * past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "err.h"
#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "timeutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct parser *const P = &parser_yubihsm;

static int nbad;

static void bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
bad(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_error("%s\n", msg);
	nbad++;
}

static void
end_test(const char *what)
{
	int n = nbad;

	nbad = 0;
	if (n)
		fail_msg("%s: %d check(s) failed", what, n);
}

/* ------------------------------------------------------------------ */
/* Capturing emitted events                                            */

struct evcopy {
	int64_t		 ts_us, end_us;
	unsigned	 ts_flags;
	int		 failed;
	char		*action, *operation, *error_code, *actor, *session,
			*key_ref, *key_raw, *native_id, *ts_raw, *raw;
	json_t		*attrs;
};

#define MAXCAP 128

struct capture {
	int		 n;
	int		 fail;
	struct evcopy	 ev[MAXCAP];
};

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int
capture_emit(void *arg, struct event *ev)
{
	struct capture *c = arg;
	struct evcopy *e;

	if (c->fail)
		return -1;
	if (ev->source == NULL || strcmp(ev->source, "yubihsm") != 0)
		bad("source is not yubihsm");
	if (ev->action == NULL || event_action(ev->action) == NULL)
		bad("action \"%s\" is not in the vocabulary",
		    ev->action ? ev->action : "(null)");
	if (ev->native_id == NULL)
		bad("event without native_id");
	if (c->n >= MAXCAP) {
		c->n++;
		return 0;
	}
	e = &c->ev[c->n++];
	e->ts_us = ev->ts_us;
	e->end_us = ev->end_us;
	e->ts_flags = ev->ts_flags;
	e->failed = ev->failed;
	e->action = dup_or_null(ev->action);
	e->operation = dup_or_null(ev->operation);
	e->error_code = dup_or_null(ev->error_code);
	e->actor = dup_or_null(ev->actor);
	e->session = dup_or_null(ev->session);
	e->key_ref = dup_or_null(ev->key_ref);
	e->key_raw = dup_or_null(ev->key_raw);
	e->native_id = dup_or_null(ev->native_id);
	e->ts_raw = dup_or_null(ev->ts_raw);
	e->raw = ev->raw ? strndup(ev->raw, ev->raw_len) : NULL;
	e->attrs = ev->attrs ? json_deep_copy(ev->attrs) : NULL;
	return 0;
}

static void
capture_free(struct capture *c)
{
	int i;

	for (i = 0; i < c->n && i < MAXCAP; i++) {
		struct evcopy *e = &c->ev[i];

		free(e->action);
		free(e->operation);
		free(e->error_code);
		free(e->actor);
		free(e->session);
		free(e->key_ref);
		free(e->key_raw);
		free(e->native_id);
		free(e->ts_raw);
		free(e->raw);
		json_decref(e->attrs);
	}
	memset(c, 0, sizeof(*c));
}

static int64_t
parse_time(const char *s)
{
	int64_t us;

	if (s == NULL)
		return EVENT_NO_TIME;
	assert_int_equal(ts_parse_iso(s, strlen(s), &us, NULL, NULL), 0);
	return us;
}

static enum parse_rc
run_parser(const char *text, const char *name, const char *anchor,
    int all, struct capture *c, struct diag *d)
{
	struct parse_opts opts;
	struct parse_ctx pc;
	struct event ev;
	enum parse_rc rc;
	size_t len = strlen(text);
	unsigned char *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	memcpy(copy, text, len);
	memset(&opts, 0, sizeof(opts));
	opts.anchor_us = parse_time(anchor);
	memset(&pc, 0, sizeof(pc));
	pc.all_events = all;
	pc.name = name;
	pc.opts = &opts;
	pc.emit = capture_emit;
	pc.emit_arg = c;
	event_init(&ev);
	ev.raw = copy;
	ev.raw_len = len;
	diag_clear(d);
	rc = P->parse_blob(copy, len, &pc, &ev, d);
	event_clear(&ev);
	free(copy);
	return rc;
}

static const char *
rc_name(int rc)
{
	switch (rc) {
	case PARSE_OK:		return "PARSE_OK";
	case PARSE_SKIP:	return "PARSE_SKIP";
	case PARSE_NONEVENT:	return "PARSE_NONEVENT";
	case PARSE_ERR:		return "PARSE_ERR";
	case PARSE_FATAL:	return "PARSE_FATAL";
	}
	return "?";
}

#define NONE	"\x01(none)"	/* the column must be NULL */
#define ABSENT	"\x01(absent)"	/* the attribute must be absent */
#define TSF_NONE 0x1000		/* ts_flags must be 0 */
enum { F_ANY = 0, F_NO, F_YES };

static void
check_str(const char *row, int i, const char *what, const char *want,
    const char *got)
{
	if (want == NULL)
		return;
	if (strcmp(want, NONE) == 0) {
		if (got)
			bad("%s: event %d: %s: want NULL, got \"%s\"", row, i,
			    what, got);
		return;
	}
	if (got == NULL || strcmp(want, got) != 0)
		bad("%s: event %d: %s: want \"%s\", got %s%s%s", row, i, what,
		    want, got ? "\"" : "", got ? got : "NULL", got ? "\"" : "");
}

static char *
attr_text(const json_t *attrs, const char *path)
{
	const json_t *v = jpath(attrs, path);

	if (v == NULL)
		return NULL;
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
}

/* ------------------------------------------------------------------ */
/* The table                                                           */

struct attr_want {
	const char	*path, *val;
};

struct want {
	int		 idx;		/* 0-based index; -1 ends the list */
	const char	*action, *operation, *actor, *session, *key_ref;
	const char	*key_raw, *native_id, *error_code;
	int		 failed;	/* F_ANY, F_NO, F_YES */
	const char	*ts;		/* ts_format(), NONE for no time */
	unsigned	 ts_flags;	/* 0: not checked; TSF_NONE: 0 */
	const char	*raw_prefix;	/* raw starts with it */
	struct attr_want attrs[4];
};

struct row {
	const char	*name, *text, *evname, *anchor;
	int		 all;
	int		 rc;
	const char	*errmsg;
	int		 nev;
	struct want	 w[8];
};

#define END	{ .idx = -1 }
#define W(i)	.idx = (i)

/* formats.md E.2: item 42 chains from item 41. */
#define E2_41 "item:    41 -- cmd: 0x04 -- length:   17 -- session key: " \
	"0x0005 -- target key: 0xffff -- second key: 0xffff -- result: 0x84 " \
	"-- tick: 123000 -- hash: 6d7a286cb4ad1e6f0e4b14fd02c645f7\n"
#define E2_42 "item:    42 -- cmd: 0x56 -- length:   34 -- session key: " \
	"0x0005 -- target key: 0x0102 -- second key: 0xffff -- result: 0xd6 " \
	"-- tick: 123450 -- hash: 81d6877d07966712fae240af0b8dd674\n"
#define E2_42_BAD "item:    42 -- cmd: 0x56 -- length:   34 -- session " \
	"key: 0x0009 -- target key: 0x0102 -- second key: 0xffff -- result: " \
	"0xd6 -- tick: 123450 -- hash: 81d6877d07966712fae240af0b8dd674\n"
#define HEAD(n) "0 unlogged boots found\n0 unlogged authentications " \
	"found\nFound " n " items\n"

/* Real device output after a reset (items 1-5). */
#define REAL \
	"Using default connector URL: http://localhost:12345\n" \
	"Session keepalive set up to run every 15 seconds\n" \
	"Created session 0\n" HEAD("5") \
	"item:     1 -- cmd: 0xff -- length: 65535 -- session key: 0xffff -- " \
	"target key: 0xffff -- second key: 0xffff -- result: 0xff -- tick: " \
	"4294967295 -- hash: 6830a758581287b99c4de5172126daf6\n" \
	"item:     2 -- cmd: 0x00 -- length:    0 -- session key: 0xffff -- " \
	"target key: 0x0000 -- second key: 0x0000 -- result: 0x00 -- tick: 0 " \
	"-- hash: 838cc6336033da7208ef696638ba7dd9\n" \
	"item:     3 -- cmd: 0x03 -- length:   10 -- session key: 0xffff -- " \
	"target key: 0x0001 -- second key: 0xffff -- result: 0x83 -- tick: " \
	"547 -- hash: 7c81f977ea698b6d5b50d59332323308\n" \
	"item:     4 -- cmd: 0x04 -- length:   17 -- session key: 0xffff -- " \
	"target key: 0x0001 -- second key: 0xffff -- result: 0x84 -- tick: " \
	"547 -- hash: 997ad277645d08647f35f11b6f6c8838\n" \
	"item:     5 -- cmd: 0x44 -- length:   93 -- session key: 0x0001 -- " \
	"target key: 0x0002 -- second key: 0xffff -- result: 0xc4 -- tick: " \
	"548 -- hash: a8a022aa6fb2fd8d533217180c6b6437\n"

/* Item numbers and ticks wrap; a power-up in the middle. */
#define WRAP HEAD("6") \
	"item: 65533 -- cmd: 0x56 -- length:   34 -- session key: 0x0005 -- " \
	"target key: 0x0102 -- second key: 0xffff -- result: 0xd6 -- tick: " \
	"1000 -- hash: 9648eecc0e68b75c12a9d26914d9e9fa\n" \
	"item: 65534 -- cmd: 0xff -- length: 65535 -- session key: 0xffff -- " \
	"target key: 0xffff -- second key: 0xffff -- result: 0xff -- tick: " \
	"4294967295 -- hash: 26e0396bf034ceeef1e43b6776baf8bc\n" \
	"item: 65535 -- cmd: 0x03 -- length:   10 -- session key: 0xffff -- " \
	"target key: 0x0005 -- second key: 0xffff -- result: 0x83 -- tick: " \
	"4294967000 -- hash: 0b61f94b735dbefef7b11b04a3910370\n" \
	"item:     0 -- cmd: 0x04 -- length:   17 -- session key: 0xffff -- " \
	"target key: 0x0005 -- second key: 0xffff -- result: 0x84 -- tick: " \
	"4294967200 -- hash: cb98b15868434e616df1bbd2a8de4b76\n" \
	"item:     1 -- cmd: 0x56 -- length:   34 -- session key: 0x0005 -- " \
	"target key: 0x0102 -- second key: 0xffff -- result: 0xd6 -- tick: " \
	"704 -- hash: 3dd6818ce07ca55cb4f0b96f32db0c16\n" \
	"item:     2 -- cmd: 0x40 -- length:    0 -- session key: 0x0005 -- " \
	"target key: 0xffff -- second key: 0xffff -- result: 0xc0 -- tick: " \
	"1704 -- hash: ce1ddfc64b6540a954ad29a6534631ed\n"

/* Entries 12 and 13 removed, the chain recomputed: a gap, no break. */
#define GAP_ONLY HEAD("4") \
	"item:    10 -- cmd: 0x03 -- length:   10 -- session key: 0xffff -- " \
	"target key: 0x0009 -- second key: 0xffff -- result: 0x83 -- tick: " \
	"5000 -- hash: 03e09da037ea4c01a35e83f00d92ce65\n" \
	"item:    11 -- cmd: 0x04 -- length:   17 -- session key: 0xffff -- " \
	"target key: 0x0009 -- second key: 0xffff -- result: 0x84 -- tick: " \
	"5100 -- hash: d154788f77694bc6c3b64a88e9d71237\n" \
	"item:    14 -- cmd: 0x56 -- length:   34 -- session key: 0x0009 -- " \
	"target key: 0x0102 -- second key: 0xffff -- result: 0xd6 -- tick: " \
	"9000 -- hash: cb001e670108bcb496b390857ae1be27\n" \
	"item:    15 -- cmd: 0x40 -- length:    0 -- session key: 0x0009 -- " \
	"target key: 0xffff -- second key: 0xffff -- result: 0xc0 -- tick: " \
	"9500 -- hash: 23a0637575719f3092a76c9843f33e1f\n"

/* Other commands, an error result and an unexpected result. */
#define MIXED HEAD("7") \
	"item:   100 -- cmd: 0x4a -- length:    5 -- session key: 0x0001 -- " \
	"target key: 0x0200 -- second key: 0x0102 -- result: 0xca -- tick: " \
	"100 -- hash: 335b4964bce6496878dd3895dc74e275\n" \
	"item:   101 -- cmd: 0x44 -- length:   93 -- session key: 0x0001 -- " \
	"target key: 0x0009 -- second key: 0xffff -- result: 0xc4 -- tick: " \
	"200 -- hash: 5462e1ffe3f6833dfcce525bae94b90e\n" \
	"item:   102 -- cmd: 0x4f -- length:    5 -- session key: 0x0001 -- " \
	"target key: 0xffff -- second key: 0xffff -- result: 0xcf -- tick: " \
	"300 -- hash: d7148fd9b3e23d7eafe075691a8b8863\n" \
	"item:   103 -- cmd: 0x58 -- length:    3 -- session key: 0x0001 -- " \
	"target key: 0x0009 -- second key: 0xffff -- result: 0xd8 -- tick: " \
	"400 -- hash: 77fb025f59ec3305a603d8c783110aa5\n" \
	"item:   104 -- cmd: 0x56 -- length:   34 -- session key: 0x0009 -- " \
	"target key: 0x0102 -- second key: 0xffff -- result: 0x7f -- tick: " \
	"500 -- hash: a7e8da154dfa66eb6e0712ad184fe7ca\n" \
	"item:   105 -- cmd: 0x4d -- length:    0 -- session key: 0x0002 -- " \
	"target key: 0xffff -- second key: 0xffff -- result: 0xcd -- tick: " \
	"600 -- hash: 5a6bb20d0a283ce5b8a2a7688e5abfe3\n" \
	"item:   106 -- cmd: 0x56 -- length:   34 -- session key: 0x0009 -- " \
	"target key: 0x0102 -- second key: 0xffff -- result: 0x55 -- tick: " \
	"700 -- hash: c8c2d4bdd49c9fc7a820ad41f7e991d9\n"

#define SERIAL_NAME "evidence/yubihsm-0012345678-audit.txt"

static const struct row rows[] = {
	{ "formats.md E.2 excerpt: chain verifies, item 41 is the anchor",
	  HEAD("2") E2_41 E2_42, SERIAL_NAME, "2026-01-10T12:00:07Z", 0,
	  PARSE_OK, NULL, 2, {
		{ W(0), .action = "session.login",
		  .operation = "yubihsm:AUTHENTICATE_SESSION",
		  .actor = "yubihsm:authkey:0x0005", .session = NONE,
		  .key_ref = NONE, .failed = F_NO,
		  .native_id = "0012345678/41/6d7a286cb4ad1e6f0e4b14fd02c645f7",
		  .ts = "2026-01-10T12:00:06.550000Z", .ts_flags = TS_DERIVED,
		  .raw_prefix = "item:    41 -- cmd: 0x04",
		  .attrs = { { "tick", "123000" },
		  { "tick_offset_ms", "450" }, { "line", "4" } } },
		{ W(1), .action = "sign", .operation = "yubihsm:SIGN_ECDSA",
		  .actor = "yubihsm:authkey:0x0005",
		  .key_ref = "yubihsm:0012345678/0x0102", .key_raw = "0x0102",
		  .failed = F_NO, .ts = "2026-01-10T12:00:07Z",
		  .ts_flags = TS_DERIVED,
		  .native_id = "0012345678/42/81d6877d07966712fae240af0b8dd674",
		  .attrs = { { "result", "0xd6" }, { "length", "34" },
		  { "device_serial", "0012345678" } } },
		END } },
	{ "E.2 excerpt without an anchor: no times, ticks kept",
	  HEAD("2") E2_41 E2_42, "audit.txt", NULL, 0, PARSE_OK, NULL, 2, {
		{ W(0), .ts = NONE, .ts_flags = TSF_NONE,
		  .attrs = { { "time_unplaced", "no --anchor given" },
		  { "tick", "123000" } } },
		{ W(1), .key_ref = "yubihsm:unknown/0x0102", .ts = NONE,
		  .native_id = "unknown/42/81d6877d07966712fae240af0b8dd674" },
		END } },
	{ "item 42 altered (session key 0x0009): one chain break at 42",
	  HEAD("2") E2_41 E2_42_BAD, SERIAL_NAME, "2026-01-10T12:00:07Z", 0,
	  PARSE_OK, NULL, 3, {
		{ W(1), .action = "sign", .actor = "yubihsm:authkey:0x0009" },
		{ W(2), .action = "audit.integrity",
		  .operation = "yubihsm:chain_break", .failed = F_YES,
		  .error_code = "chain_break",
		  .native_id = "0012345678/chain-break/42/"
		  "81d6877d07966712fae240af0b8dd674",
		  .ts = "2026-01-10T12:00:07Z", .ts_flags = TS_DERIVED,
		  .raw_prefix = "item:    42 -- cmd: 0x56 -- length:   34 -- "
		  "session key: 0x0009",
		  .attrs = { { "previous_item", "41" },
		  { "found_hash", "81d6877d07966712fae240af0b8dd674" },
		  { "check", "chain_break" } } },
		END } },
	{ "item 41 removed: the first entry is the anchor, nothing to say",
	  HEAD("1") E2_42, SERIAL_NAME, NULL, 0, PARSE_OK, NULL, 1, {
		{ W(0), .action = "sign" }, END } },
	{ "real device output: chain verifies, CREATE_SESSION's actor is "
	  "its target key",
	  REAL, "yubihsm_7040527.txt", "2026-03-02T09:00:00Z", 0, PARSE_OK,
	  NULL, 3, {
		{ W(0), .action = "session.login",
		  .operation = "yubihsm:CREATE_SESSION",
		  .actor = "yubihsm:authkey:0x0001",
		  .session = "yubihsm:7040527/session/3", .key_ref = NONE,
		  .ts = "2026-03-02T08:59:59.999000Z" },
		{ W(1), .operation = "yubihsm:AUTHENTICATE_SESSION",
		  .session = "yubihsm:7040527/session/3" },
		{ W(2), .action = "iam.credential",
		  .operation = "yubihsm:PUT_AUTHENTICATION_KEY",
		  .actor = "yubihsm:authkey:0x0001",
		  .key_ref = "yubihsm:7040527/0x0002",
		  .ts = "2026-03-02T09:00:00Z" },
		END } },
	{ "real device output with --all-events: power-up and initial entry",
	  REAL, "x.txt", "2026-03-02T09:00:00Z", 1, PARSE_OK, NULL, 5, {
		{ W(0), .action = "other", .operation = "yubihsm:POWER_UP",
		  .actor = NONE, .failed = F_NO, .ts = NONE,
		  .attrs = { { "time_unplaced", "at or before the power-up "
		  "entry (item 1)" }, { "tick", "4294967295" } } },
		{ W(1), .action = "other",
		  .operation = "yubihsm:INITIAL_ENTRY", .actor = NONE,
		  .failed = F_NO, .ts = "2026-03-02T08:59:59.452000Z" },
		END } },
	{ "numbers and ticks wrap; entries before the power-up have no time",
	  WRAP, SERIAL_NAME, "2026-11-13T10:30:00Z", 0, PARSE_OK, NULL, 5, {
		{ W(0), .action = "sign", .ts = NONE,
		  .native_id = "0012345678/65533/"
		  "9648eecc0e68b75c12a9d26914d9e9fa",
		  .attrs = { { "time_unplaced", "at or before the power-up "
		  "entry (item 65534)" } } },
		{ W(1), .operation = "yubihsm:CREATE_SESSION",
		  .ts = "2026-11-13T10:29:58Z",
		  .session = "yubihsm:0012345678/session/65535" },
		{ W(2), .operation = "yubihsm:AUTHENTICATE_SESSION",
		  .ts = "2026-11-13T10:29:58.200000Z" },
		{ W(3), .action = "sign", .ts = "2026-11-13T10:29:59Z",
		  .session = "yubihsm:0012345678/session/65535" },
		{ W(4), .action = "session.logout",
		  .ts = "2026-11-13T10:30:00Z" },
		END } },
	{ "entries removed and the chain recomputed: a gap, no break",
	  GAP_ONLY, SERIAL_NAME, "2026-11-13T10:30:00Z", 0, PARSE_OK, NULL, 5, {
		{ W(2), .action = "sign", .actor = "yubihsm:authkey:0x0009" },
		{ W(3), .action = "audit.integrity",
		  .operation = "yubihsm:item_gap", .error_code = "item_gap",
		  .failed = F_YES, .ts = "2026-11-13T10:29:55.600000Z",
		  .native_id = "0012345678/gap/11-14/"
		  "cb001e670108bcb496b390857ae1be27",
		  .attrs = { { "expected_item", "12" },
		  { "found_item", "14" }, { "missing", "2" },
		  { "next_time", "2026-11-13T10:29:59.500000Z" } } },
		END } },
	{ "a line removed without recomputing: a gap and a break",
	  HEAD("4") E2_41 "item:    43 -- cmd: 0x40 -- length:    0 -- "
	  "session key: 0x0005 -- target key: 0xffff -- second key: 0xffff -- "
	  "result: 0xc0 -- tick: 123500 -- hash: "
	  "00112233445566778899aabbccddeeff\n", SERIAL_NAME, NULL, 0, PARSE_OK,
	  NULL, 5, {
		{ W(2), .operation = "yubihsm:item_gap" },
		{ W(3), .operation = "yubihsm:chain_break",
		  .attrs = { { "expected_hash",
		  "c4b05e88a98ca276286034a0eefd7351" } } },
		{ W(4), .operation = "yubihsm:item_count",
		  .error_code = "item_count",
		  .attrs = { { "declared", "4" }, { "listed", "2" } } },
		END } },
	{ "commands other than signing; 0x7f and odd results fail",
	  MIXED, SERIAL_NAME, NULL, 0, PARSE_OK, NULL, 6, {
		{ W(0), .action = "key.read",
		  .operation = "yubihsm:EXPORT_WRAPPED",
		  .key_ref = "yubihsm:0012345678/0x0102",
		  .attrs = { { "wrap_key", "0x0200" } } },
		{ W(1), .action = "iam.credential",
		  .key_ref = "yubihsm:0012345678/0x0009" },
		{ W(2), .action = "audit.config",
		  .operation = "yubihsm:SET_OPTION", .key_ref = NONE },
		{ W(3), .action = "key.delete",
		  .key_ref = "yubihsm:0012345678/0x0009" },
		{ W(4), .action = "sign", .failed = F_YES, .error_code = "0x7f" },
		{ W(5), .action = "sign", .failed = F_YES, .error_code = "0x55" },
		END } },
	{ "unlogged boots and authentications are findings",
	  "3 unlogged boots found\n1 unlogged authentications found\nFound 1 "
	  "item\n" E2_42, SERIAL_NAME, "2026-01-10T12:00:07Z", 0, PARSE_OK,
	  NULL, 3, {
		{ W(1), .action = "audit.integrity",
		  .operation = "yubihsm:unlogged_boots",
		  .ts = "2026-01-10T12:00:07Z",
		  .native_id = "0012345678/unlogged_boots/3/42/"
		  "81d6877d07966712fae240af0b8dd674",
		  .raw_prefix = "3 unlogged boots found",
		  .attrs = { { "count", "3" } } },
		{ W(2), .operation = "yubihsm:unlogged_authentications",
		  .attrs = { { "count", "1" }, { "line", "2" } } },
		END } },
	{ "two reads appended: repeated lines are used once",
	  HEAD("1") E2_41 HEAD("2") E2_41 E2_42, SERIAL_NAME, NULL, 0,
	  PARSE_OK, NULL, 2, { END } },
	{ "no logs to extract: a non-event",
	  "0 unlogged boots found\n0 unlogged authentications found\n"
	  "No logs to extract\n", SERIAL_NAME, NULL, 0, PARSE_NONEVENT, NULL,
	  0, { END } },
	{ "only out-of-scope entries: skipped",
	  HEAD("1") "item:     1 -- cmd: 0x4d -- length:    0 -- session key: "
	  "0x0002 -- target key: 0xffff -- second key: 0xffff -- result: 0xcd "
	  "-- tick: 600 -- hash: 5a6bb20d0a283ce5b8a2a7688e5abfe3\n",
	  SERIAL_NAME, NULL, 0, PARSE_SKIP, NULL, 0, { END } },
	{ "a bad line among good ones: events kept, record quarantined",
	  HEAD("2") E2_41 "item:    42 -- cmd: 0x56 -- length: 34 -- oops\n"
	  E2_42, SERIAL_NAME, NULL, 0, PARSE_ERR,
	  "line 5: item line ends before field", 3, {
		{ W(2), .operation = "yubihsm:item_count" }, END } },
	{ "hash of the wrong length", HEAD("1") "item:    42 -- cmd: 0x56 -- "
	  "length:   34 -- session key: 0x0005 -- target key: 0x0102 -- "
	  "second key: 0xffff -- result: 0xd6 -- tick: 123450 -- hash: 81d6\n",
	  SERIAL_NAME, NULL, 0, PARSE_ERR, "field 'hash' is not 32 hex", 0,
	  { END } },
	{ "item number over 16 bits", HEAD("1") "item: 65536 -- cmd: 0x56 -- "
	  "length:   34 -- session key: 0x0005 -- target key: 0x0102 -- "
	  "second key: 0xffff -- result: 0xd6 -- tick: 123450 -- hash: "
	  "81d6877d07966712fae240af0b8dd674\n", SERIAL_NAME, NULL, 0, PARSE_ERR,
	  "field 'item' is not a number up to 65535", 0, { END } },
	{ "tick over 32 bits", HEAD("1") "item:    42 -- cmd: 0x56 -- length: "
	  "  34 -- session key: 0x0005 -- target key: 0x0102 -- second key: "
	  "0xffff -- result: 0xd6 -- tick: 4294967296 -- hash: "
	  "81d6877d07966712fae240af0b8dd674\n", SERIAL_NAME, NULL, 0, PARSE_ERR,
	  "field 'tick'", 0, { END } },
	{ "huge number", HEAD("1") "item: 99999999999999999999999 -- cmd: "
	  "0x56\n", SERIAL_NAME, NULL, 0, PARSE_ERR, "field 'item'", 0,
	  { END } },
	{ "text after the hash", HEAD("1") "item:    42 -- cmd: 0x56 -- "
	  "length:   34 -- session key: 0x0005 -- target key: 0x0102 -- "
	  "second key: 0xffff -- result: 0xd6 -- tick: 123450 -- hash: "
	  "81d6877d07966712fae240af0b8dd674 -- extra\n", SERIAL_NAME, NULL, 0,
	  PARSE_ERR, "field 'hash'", 0, { END } },
	{ "not audit output at all", "hello world\nthis is not a log\n",
	  SERIAL_NAME, NULL, 0, PARSE_ERR,
	  "line 1: not a line of yubihsm-shell audit output", 0, { END } },
	{ "empty input", "", SERIAL_NAME, NULL, 0, PARSE_ERR,
	  "no yubihsm-shell audit lines", 0, { END } },
	{ "CRLF line ends and a truncated last line",
	  HEAD("2") "item:    41 -- cmd: 0x04 -- length:   17 -- session key: "
	  "0x0005 -- target key: 0xffff -- second key: 0xffff -- result: 0x84 "
	  "-- tick: 123000 -- hash: 6d7a286cb4ad1e6f0e4b14fd02c645f7\r\n"
	  "item:    42 -- cmd: 0x56 -- len", SERIAL_NAME, NULL, 0, PARSE_ERR,
	  "line 5: item line ends before field", 1, { END } },
};

static void
check_row(const struct row *r)
{
	struct capture c;
	struct diag d;
	enum parse_rc rc;
	size_t k;

	memset(&c, 0, sizeof(c));
	rc = run_parser(r->text, r->evname, r->anchor, r->all, &c, &d);
	if ((int)rc != r->rc)
		bad("%s: rc: want %s, got %s (%s)", r->name, rc_name(r->rc),
		    rc_name(rc), d.msg);
	if (r->errmsg && (r->rc == PARSE_ERR) && strstr(d.msg, r->errmsg) ==
	    NULL)
		bad("%s: message \"%s\" lacks \"%s\"", r->name, d.msg,
		    r->errmsg);
	if (c.n != r->nev)
		bad("%s: %d events, want %d", r->name, c.n, r->nev);
	for (k = 0; k < NELEM(r->w) && r->w[k].idx >= 0; k++) {
		const struct want *w = &r->w[k];
		const struct evcopy *e;
		char t[TS_BUFSZ];
		size_t a;

		if (w->idx >= c.n) {
			bad("%s: no event %d", r->name, w->idx);
			continue;
		}
		e = &c.ev[w->idx];
		check_str(r->name, w->idx, "action", w->action, e->action);
		check_str(r->name, w->idx, "operation", w->operation,
		    e->operation);
		check_str(r->name, w->idx, "actor", w->actor, e->actor);
		check_str(r->name, w->idx, "session", w->session, e->session);
		check_str(r->name, w->idx, "key_ref", w->key_ref, e->key_ref);
		check_str(r->name, w->idx, "key_raw", w->key_raw, e->key_raw);
		check_str(r->name, w->idx, "native_id", w->native_id,
		    e->native_id);
		check_str(r->name, w->idx, "error_code", w->error_code,
		    e->error_code);
		if (w->failed != F_ANY && (w->failed == F_YES) != e->failed)
			bad("%s: event %d: failed %d, want %d", r->name, w->idx,
			    e->failed, w->failed == F_YES);
		check_str(r->name, w->idx, "ts", w->ts,
		    e->ts_us == EVENT_NO_TIME ? NULL : ts_format(e->ts_us, t));
		if (w->ts_flags != 0 && (w->ts_flags == TSF_NONE ? 0 :
		    w->ts_flags) != e->ts_flags)
			bad("%s: event %d: ts_flags %#x, want %#x", r->name,
			    w->idx, e->ts_flags, w->ts_flags);
		if (w->raw_prefix && (e->raw == NULL || strncmp(e->raw,
		    w->raw_prefix, strlen(w->raw_prefix)) != 0))
			bad("%s: event %d: raw \"%s\" does not start with "
			    "\"%s\"", r->name, w->idx, e->raw ? e->raw : "",
			    w->raw_prefix);
		for (a = 0; a < NELEM(w->attrs) && w->attrs[a].path; a++) {
			char *got = attr_text(e->attrs, w->attrs[a].path);

			if (strcmp(w->attrs[a].val, ABSENT) == 0) {
				if (got)
					bad("%s: event %d: attrs.%s present",
					    r->name, w->idx, w->attrs[a].path);
			} else {
				check_str(r->name, w->idx, w->attrs[a].path,
				    w->attrs[a].val, got);
			}
			free(got);
		}
	}
	capture_free(&c);
}

static void
test_rows(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		check_row(&rows[i]);
	end_test("rows");
}

/* The chain vector of formats.md E.2, as plain bytes: an EVP self-check. */
static void
test_chain_vector(void **state)
{
	struct capture c;
	struct diag d;
	int i;

	memset(&c, 0, sizeof(c));
	assert_int_equal(run_parser(HEAD("2") E2_41 E2_42, "x", NULL, 0, &c,
	    &d), PARSE_OK);
	for (i = 0; i < c.n; i++)
		if (strcmp(c.ev[i].action, "audit.integrity") == 0)
			bad("the E.2 vector does not verify: %s",
			    c.ev[i].native_id);
	capture_free(&c);
	end_test("chain vector");
}

static void
test_emit_failure(void **state)
{
	struct capture c;
	struct diag d;

	memset(&c, 0, sizeof(c));
	c.fail = 1;
	assert_int_equal(run_parser(HEAD("2") E2_41 E2_42, "x", NULL, 0, &c,
	    &d), PARSE_FATAL);
	capture_free(&c);
}

struct probe_row {
	const char	*text;
	int		 min, max;
};

static const struct probe_row probes[] = {
	{ HEAD("2") E2_41 E2_42, 90, 90 },
	{ E2_41, 90, 90 },
	{ "0 unlogged boots found\n0 unlogged authentications found\n", 90,
	  90 },
	{ "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n", 0, 0 },
	{ "{\"item\":1}", 0, 0 },
	{ "item: 1 -- cmd", 0, 0 },
	{ "", 0, 0 },
};

static void
test_probe(void **state)
{
	size_t i, n;
	char *copy;
	int s;

	for (i = 0; i < NELEM(probes); i++) {
		n = strlen(probes[i].text);
		copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, probes[i].text, n);
		s = P->probe(copy, n, "f.txt");
		if (s < probes[i].min || s > probes[i].max)
			bad("probe %zu: score %d not in [%d, %d]", i, s,
			    probes[i].min, probes[i].max);
		free(copy);
	}
	end_test("probe");
}

/* ------------------------------------------------------------------ */
/* The bundled sample and the shared corpus                            */

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static const char *
srcdir(void)
{
	const char *s = getenv("SIGTRAIL_SRCDIR");

	return s && *s ? s : ".";
}

static void
test_sample(void **state)
{
	char path[4096], t[TS_BUFSZ];
	struct capture c;
	struct diag d;
	size_t len;
	char *text;
	int i, gaps = 0, breaks = 0, other = 0, signs9 = 0, untimed = 0;

	snprintf(path, sizeof(path), "%s/samples/evidence/yubihsm/"
	    "yubihsm-0012345678-audit.txt", srcdir());
	if ((text = read_file(path, &len)) == NULL)
		skip();
	memset(&c, 0, sizeof(c));
	assert_int_equal(run_parser(text, path, "2026-11-13T10:30:00Z", 0, &c,
	    &d), PARSE_OK);
	for (i = 0; i < c.n && i < MAXCAP; i++) {
		const struct evcopy *e = &c.ev[i];

		if (e->ts_us == EVENT_NO_TIME)
			untimed++;
		if (strcmp(e->action, "audit.integrity") != 0) {
			if (strcmp(e->action, "sign") == 0 && e->actor &&
			    strcmp(e->actor, "yubihsm:authkey:0x0009") == 0) {
				signs9++;
				if (e->ts_us < parse_time("2026-11-06T21:47:12Z") ||
				    e->ts_us > parse_time("2026-11-13T09:41:10Z"))
					bad("0x0009 signature outside the attack "
					    "window: %s", ts_format(e->ts_us, t));
			}
			continue;
		}
		if (strcmp(e->operation, "yubihsm:item_gap") == 0) {
			gaps++;
			check_str("sample", i, "native_id", "0012345678/gap/"
			    "1221-1226/b60895dedba1ac634ed17cdbc52ace64",
			    e->native_id);
		} else if (strcmp(e->operation, "yubihsm:chain_break") == 0) {
			breaks++;
			check_str("sample", i, "native_id", "0012345678/"
			    "chain-break/1226/b60895dedba1ac634ed17cdbc52ace64",
			    e->native_id);
		} else {
			other++;
		}
	}
	if (gaps != 1 || breaks != 1 || other != 0)
		bad("sample: %d gaps, %d breaks, %d other findings; want 1, 1, "
		    "0", gaps, breaks, other);
	if (signs9 != 4)
		bad("sample: %d signing attempts by 0x0009, want 4", signs9);
	/* the tail of the previous boot: 3 signatures and a CLOSE_SESSION */
	if (untimed != 4)
		bad("sample: %d entries without time, want 4", untimed);
	capture_free(&c);
	free(text);
	end_test("sample");
}

static void
test_corpus(void **state)
{
	char dir[4096], path[8192];
	struct dirent *de;
	struct capture c;
	struct diag d;
	size_t len;
	char *text;
	DIR *dp;
	int files = 0;

	snprintf(dir, sizeof(dir), "%s/../shared/corpus/yubihsm", srcdir());
	if ((dp = opendir(dir)) == NULL) {
		print_message("no corpus at %s (no real YubiHSM output is "
		    "published as a data file): skipped\n", dir);
		skip();
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((text = read_file(path, &len)) == NULL)
			continue;
		if (P->probe(text, len < 65536 ? len : 65536, path) == 0) {
			free(text);
			continue;
		}
		memset(&c, 0, sizeof(c));
		if (run_parser(text, path, NULL, 0, &c, &d) == PARSE_ERR)
			bad("%s: %s", path, d.msg);
		capture_free(&c);
		free(text);
		files++;
	}
	closedir(dp);
	print_message("%d corpus files\n", files);
	end_test("corpus");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_chain_vector),
		cmocka_unit_test(test_emit_failure),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
