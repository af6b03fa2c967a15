/* SPDX-License-Identifier: MIT */
/*
 * test_parse_cloudhsm.c - unit tests of the AWS CloudHSM audit log
 * parsers (ingest/parse_cloudhsm.c: "cloudhsm" for text blocks,
 * "cloudhsm-cwl" for filter-log-events output): a table of inputs, each
 * cut into records by the parser's own splitter (tsplit or jsplit, as
 * ingest does), parsed, and finished, with the outcome of every record
 * and the events expected (logins, key management, user management,
 * failures, sequence gaps and resets, certificate storage, malformed
 * blocks); probe scores; the emit failure path; the bundled
 * filter-log-events sample with its planted gap; the shared corpus when
 * it has CloudHSM files.
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

#include <jansson.h>

#include "err.h"
#include "event.h"
#include "jsonutil.h"
#include "jsplit.h"
#include "parser.h"
#include "timeutil.h"
#include "tsplit.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

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
/* Capture and driver                                                  */

struct evcopy {
	int64_t		 ts_us, end_us;
	unsigned	 ts_flags;
	int		 failed;
	char		*action, *operation, *error_code, *actor, *session,
			*key_ref, *key_raw, *native_id, *ts_raw;
	json_t		*attrs;
};

#define MAXCAP	256
#define MAXREC	512

struct drive {
	const struct parser	*p;
	struct parse_ctx	 pc;
	struct parse_opts	 opts;
	int			 fail;		/* emit answers -1 */
	int			 n;		/* events */
	struct evcopy		 ev[MAXCAP];
	char			 rcs[MAXREC + 1];	/* O S N E F, per record */
	int			 nrec;
	char			 msg[512];	/* first error */
};

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int
capture_emit(void *arg, struct event *ev)
{
	struct drive *dr = arg;
	struct evcopy *e;

	if (dr->fail)
		return -1;
	if (ev->source == NULL || strcmp(ev->source, "cloudhsm") != 0)
		bad("source is not cloudhsm");
	if (ev->action == NULL || event_action(ev->action) == NULL)
		bad("action \"%s\" is not in the vocabulary",
		    ev->action ? ev->action : "(null)");
	if (dr->n >= MAXCAP) {
		dr->n++;
		return 0;
	}
	e = &dr->ev[dr->n++];
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
	e->attrs = ev->attrs ? json_deep_copy(ev->attrs) : NULL;
	return 0;
}

static void
drive_free(struct drive *dr)
{
	int i;

	for (i = 0; i < dr->n && i < MAXCAP; i++) {
		struct evcopy *e = &dr->ev[i];

		free(e->action);
		free(e->operation);
		free(e->error_code);
		free(e->actor);
		free(e->session);
		free(e->key_ref);
		free(e->key_raw);
		free(e->native_id);
		free(e->ts_raw);
		json_decref(e->attrs);
	}
	if (dr->pc.state && dr->p->state_free)
		dr->p->state_free(dr->pc.state);
	memset(dr, 0, sizeof(*dr));
}

static char
rc_letter(enum parse_rc rc)
{
	switch (rc) {
	case PARSE_OK:		return 'O';
	case PARSE_SKIP:	return 'S';
	case PARSE_NONEVENT:	return 'N';
	case PARSE_ERR:		return 'E';
	case PARSE_FATAL:	return 'F';
	}
	return '?';
}

/* One record from the splitter: parsed the way records.c does it. */
static int
drive_record(void *arg, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err)
{
	struct drive *dr = arg;
	struct event ev;
	struct diag d;
	json_error_t jerr;
	json_t *root;
	enum parse_rc rc;
	char *copy;

	if (rec == NULL)
		return 0;
	if (dr->nrec >= MAXREC)
		return -1;
	diag_clear(&d);
	if (err) {
		rc = diag_set(&d, "%s", err);
		goto out;
	}
	copy = malloc(len ? len : 1);	/* exact size: ASan sees overreads */
	assert_non_null(copy);
	memcpy(copy, rec, len);
	event_init(&ev);
	ev.raw = copy;
	ev.raw_len = len;
	dr->pc.line = line;
	dr->pc.offset = offset;
	if (dr->p->kind == INPUT_JSON) {
		root = json_load_record(copy, len, &jerr);
		if (root == NULL) {
			rc = diag_set(&d, "invalid JSON: %s", jerr.text);
		} else {
			rc = dr->p->parse_json(root, &dr->pc, &ev, &d);
			json_decref(root);
		}
	} else {
		rc = dr->p->parse_text(copy, len, &dr->pc, &ev, &d);
	}
	event_clear(&ev);
	free(copy);
out:
	if (rc == PARSE_ERR && dr->msg[0] == '\0')
		snprintf(dr->msg, sizeof(dr->msg), "%s", d.msg);
	dr->rcs[dr->nrec++] = rc_letter(rc);
	return rc == PARSE_FATAL ? -1 : 0;
}

/*
 * Feeds text to p's splitter in pieces of step bytes (0: at once), then
 * finishes the item.  Returns the finish hook's result.
 */
static int
drive(struct drive *dr, const struct parser *p, const char *text,
    size_t len, const char *name, int all, size_t step)
{
	struct tsplit *ts = NULL;
	struct jsplit *js = NULL;
	struct event ev;
	struct diag d;
	size_t off, n;
	int ret = 0;

	memset(dr, 0, sizeof(*dr));
	dr->p = p;
	dr->opts.anchor_us = EVENT_NO_TIME;
	dr->pc.all_events = all;
	dr->pc.name = name;
	dr->pc.opts = &dr->opts;
	dr->pc.emit = capture_emit;
	dr->pc.emit_arg = dr;
	if (p->state_new)
		dr->pc.state = p->state_new(&dr->pc);
	if (p->kind == INPUT_JSON)
		js = jsplit_new(p->container_keys, 1 << 20, drive_record, dr);
	else
		ts = tsplit_new(p->split, 1 << 20, drive_record, dr);
	for (off = 0; off < len; off += n) {
		n = step && len - off > step ? step : len - off;
		if (js)
			jsplit_feed(js, text + off, n);
		else
			tsplit_feed(ts, text + off, n);
	}
	if (js)
		jsplit_finish(js);
	else
		tsplit_finish(ts);
	jsplit_free(js);
	tsplit_free(ts);
	dr->rcs[dr->nrec] = '\0';
	if (p->finish) {
		event_init(&ev);
		diag_clear(&d);
		ret = p->finish(&dr->pc, &ev, &d);
		event_clear(&ev);
	}
	return ret;
}

#define NONE	"\x01(none)"
#define ABSENT	"\x01(absent)"
#define TSF_NONE 0x1000
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

struct attr_want {
	const char	*path, *val;
};

struct want {
	int		 idx;
	const char	*action, *operation, *actor, *session, *key_ref;
	const char	*key_raw, *native_id, *error_code;
	int		 failed;
	const char	*ts, *end;
	unsigned	 ts_flags;
	struct attr_want attrs[5];
};

struct row {
	const char	*name;
	int		 cwl;		/* 0: cloudhsm, 1: cloudhsm-cwl */
	const char	*text, *evname;
	int		 all;
	const char	*rcs;		/* per record, in order */
	const char	*errmsg;	/* part of the first error */
	int		 nev;
	struct want	 w[6];
};

#define END	{ .idx = -1 }
#define W(i)	.idx = (i)

static void
check_events(const char *name, const struct drive *dr, const struct want *ws,
    size_t nw)
{
	size_t k, a;

	for (k = 0; k < nw && ws[k].idx >= 0; k++) {
		const struct want *w = &ws[k];
		const struct evcopy *e;
		char t[TS_BUFSZ];

		if (w->idx >= dr->n) {
			bad("%s: no event %d", name, w->idx);
			continue;
		}
		e = &dr->ev[w->idx];
		check_str(name, w->idx, "action", w->action, e->action);
		check_str(name, w->idx, "operation", w->operation,
		    e->operation);
		check_str(name, w->idx, "actor", w->actor, e->actor);
		check_str(name, w->idx, "session", w->session, e->session);
		check_str(name, w->idx, "key_ref", w->key_ref, e->key_ref);
		check_str(name, w->idx, "key_raw", w->key_raw, e->key_raw);
		check_str(name, w->idx, "native_id", w->native_id,
		    e->native_id);
		check_str(name, w->idx, "error_code", w->error_code,
		    e->error_code);
		if (w->failed != F_ANY && (w->failed == F_YES) != e->failed)
			bad("%s: event %d: failed %d", name, w->idx,
			    e->failed);
		check_str(name, w->idx, "ts", w->ts, e->ts_us ==
		    EVENT_NO_TIME ? NULL : ts_format(e->ts_us, t));
		check_str(name, w->idx, "end", w->end, e->end_us ==
		    EVENT_NO_TIME ? NULL : ts_format(e->end_us, t));
		if (w->ts_flags != 0 && (w->ts_flags == TSF_NONE ? 0 :
		    w->ts_flags) != e->ts_flags)
			bad("%s: event %d: ts_flags %#x", name, w->idx,
			    e->ts_flags);
		for (a = 0; a < NELEM(w->attrs) && w->attrs[a].path; a++) {
			char *got = attr_text(e->attrs, w->attrs[a].path);

			if (strcmp(w->attrs[a].val, ABSENT) == 0) {
				if (got)
					bad("%s: event %d: attrs.%s present",
					    name, w->idx, w->attrs[a].path);
			} else {
				check_str(name, w->idx, w->attrs[a].path,
				    w->attrs[a].val, got);
			}
			free(got);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */

/* formats.md E.1's synthetic block. */
#define LOGIN \
	"Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n" \
	"Sequence No : 0x2a\n" \
	"Reboot counter : 0x3\n" \
	"Command Type(hex) : CN_MGMT_CMD (0x0)\n" \
	"Opcode : CN_LOGIN (0xd)\n" \
	"Session Handle : 0x2004001\n" \
	"Response : 0:HSM Return: SUCCESS\n" \
	"Log type : MGMT_USER_DETAILS_LOG (2)\n" \
	"User Name : relsigner\n" \
	"User Type : CN_CRYPTO_USER (1)\n"

/* A block: time (text and usecs), sequence, reboot counter, opcode,
 * session handle, response, the rest. */
#define BLK(tu, seq, boot, op, h, resp, rest) \
	"Time: " tu "\n" \
	"Sequence No : " seq "\n" \
	"Reboot counter : " boot "\n" \
	"Command Type(hex) : CN_MGMT_CMD (0x0)\n" \
	"Opcode : " op "\n" \
	"Session Handle : " h "\n" \
	"Response : " resp "\n" rest

#define OK	"0:HSM Return: SUCCESS"
#define USER(n, t) "Log type : MGMT_USER_DETAILS_LOG (2)\nUser Name : " n \
	"\nUser Type : " t "\n"
#define CU	"CN_CRYPTO_USER (1)"
#define CO	"CN_CRYPTO_OFFICER (2)"
#define KEYS(p, q) "Log type : MGMT_KEY_DETAILS_LOG (1)\n" \
	"Priv/Secret Key Handle : " p "\nPublic Key Handle : " q "\n"

/* 2026-11-06T22:38:05Z and neighbours */
#define T0	"11/06/26 22:38:05.204000, usecs:1794004685204000"
#define T1	"11/06/26 22:38:06.000000, usecs:1794004686000000"
#define T2	"11/06/26 22:38:07.000000, usecs:1794004687000000"
#define T3	"11/06/26 22:38:08.000000, usecs:1794004688000000"

#define S3(ts) ts " "

#define HSMNAME "cloudhsm-audit/cluster-5xk2hq7wbnm/task/hsm-3vq7yk2mzpa/" \
	"000000"

static const struct row rows[] = {
	{ "formats.md E.1 block: a login", 0, LOGIN, "hsm-abc12345.log", 0,
	  "O", NULL, 1, {
		{ W(0), .action = "session.login",
		  .operation = "cloudhsm:CN_LOGIN", .actor = "relsigner",
		  .session = "hsm-abc12345/0x2004001", .key_ref = NONE,
		  .failed = F_NO, .ts = "2026-01-10T12:00:05.000123Z",
		  .ts_flags = TSF_NONE,
		  .native_id = "hsm-abc12345/0x3/0x2a/1768046405000123",
		  .attrs = { { "user_type", "CN_CRYPTO_USER (1)" },
		  { "opcode_code", "0xd" }, { "sequence_no", "0x2a" },
		  { "hsm", "hsm-abc12345" },
		  { "time_text_mismatch", ABSENT } } },
		END } },
	{ "no HSM id in the name: unknown", 0, LOGIN, "audit.log", 0, "O",
	  NULL, 1, {
		{ W(0), .session = "unknown/0x2004001",
		  .native_id = "unknown/0x3/0x2a/1768046405000123" },
		END } },
	{ "S3 export: prefixed blocks, a key generation by the logged-in "
	  "user, the cluster scopes key handles", 0,
	  S3("2026-11-06T22:38:05.204000Z") BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)",
	  "0x23e1001", OK, USER("authenticode-signer", CU))
	  S3("2026-11-06T22:38:06.000Z") BLK(T1, "0x11", "0x1c",
	  "CN_GENERATE_KEY_PAIR (0x19)", "0x23e1001", OK, KEYS("262150",
	  "262149"))
	  S3("2026-11-06T22:38:07.000Z") BLK(T2, "0x12", "0x1c",
	  "CN_LOGOUT (0xe)", "0x23e1001", OK, USER("authenticode-signer", CU)),
	  HSMNAME, 0, "OOO", NULL, 3, {
		{ W(0), .actor = "authenticode-signer",
		  .session = "hsm-3vq7yk2mzpa/0x23e1001",
		  .attrs = { { "export_timestamp", "2026-11-06T22:38:05.204000Z" },
		  { "cluster", "cluster-5xk2hq7wbnm" } } },
		{ W(1), .action = "key.create",
		  .operation = "cloudhsm:CN_GENERATE_KEY_PAIR",
		  .actor = "authenticode-signer",
		  .key_ref = "cloudhsm:cluster-5xk2hq7wbnm/262150",
		  .key_raw = "262150",
		  .attrs = { { "public_key_handle", "262149" },
		  { "user_type", CU } } },
		{ W(2), .action = "session.logout" },
		END } },
	{ "a failed login", 0, BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)",
	  "0x7014006", "163:HSM Error: RET_USER_LOGIN_FAILURE",
	  USER("authenticode-signer", CU)), "hsm-3vq7yk2mzpa", 0, "O", NULL,
	  1, {
		{ W(0), .action = "session.login", .failed = F_YES,
		  .error_code = "RET_USER_LOGIN_FAILURE",
		  .actor = "authenticode-signer",
		  .attrs = { { "response_code", "163" },
		  { "response", "163:HSM Error: RET_USER_LOGIN_FAILURE" } } },
		END } },
	{ "user management: the CO is the actor, the user managed in attrs",
	  0, BLK(T0, "0x10", "0xb", "CN_LOGIN (0xd)", "0x1", OK,
	  USER("admin", CO)) BLK(T1, "0x11", "0xb", "CN_CHANGE_PSWD (0x5)",
	  "0x1", OK, USER("authenticode-signer", CU)) BLK(T2, "0x12", "0xb",
	  "CN_CREATE_USER (0x3)", "0x1", OK, USER("newcu", CU)),
	  "hsm-6tnc4wbd8rx", 0, "OOO", NULL, 3, {
		{ W(1), .action = "iam.credential",
		  .operation = "cloudhsm:CN_CHANGE_PSWD", .actor = "admin",
		  .attrs = { { "target_user", "authenticode-signer" },
		  { "user_type", CO } } },
		{ W(2), .action = "iam.credential", .actor = "admin",
		  .attrs = { { "target_user", "newcu" } } },
		END } },
	{ "share, unwrap, wrap, destroy, quorum", 0,
	  BLK(T0, "0x10", "0xb", "CN_SHARE_OBJECT (0x12)", "0x1", OK,
	  "Log type : MGMT_KEY_DETAILS_LOG (1)\nKey Handle : 77\n")
	  BLK(T1, "0x11", "0xb", "CN_UNWRAP_KEY (0x29)", "0x1", OK,
	  KEYS("78", "79"))
	  BLK(T2, "0x12", "0xb", "CN_DESTROY_OBJECT (0x11)", "0x1", OK,
	  "Log type : MGMT_KEY_DETAILS_LOG (1)\nPriv/Secret Key Handle : 77\n")
	  BLK(T3, "0x13", "0xb", "CN_SET_M_VALUE (0x33)", "0x1", OK, ""),
	  "x", 0, "OOOO", NULL, 4, {
		{ W(0), .action = "key.policy", .key_ref = "cloudhsm:unknown/77",
		  .actor = NONE },
		{ W(1), .action = "key.import", .key_raw = "78" },
		{ W(2), .action = "key.delete", .key_raw = "77" },
		{ W(3), .action = "iam.policy", .key_ref = NONE },
		END } },
	{ "a sequence gap: one finding from finish()", 0,
	  BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)", "0x1", OK, USER("u", CU))
	  BLK(T1, "0x13", "0x1c", "CN_LOGOUT (0xe)", "0x1", OK, USER("u", CU)),
	  "hsm-3vq7yk2mzpa", 0, "OO", NULL, 3, {
		{ W(2), .action = "audit.integrity",
		  .operation = "cloudhsm:sequence_gap", .failed = F_YES,
		  .error_code = "sequence_gap",
		  .native_id = "hsm-3vq7yk2mzpa/0x1c/gap/0x10-0x13",
		  .ts = "2026-11-06T22:38:05.204000Z",
		  .end = "2026-11-06T22:38:06Z",
		  .attrs = { { "expected_sequence", "0x11" },
		  { "found_sequence", "0x13" }, { "missing", "2" },
		  { "previous_time", "2026-11-06T22:38:05.204000Z" },
		  { "next_time", "2026-11-06T22:38:06Z" } } },
		END } },
	{ "a sequence reset without a reboot: a finding", 0,
	  BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)", "0x1", OK, USER("u", CU))
	  BLK(T1, "0x0", "0x1c", "CN_LOGIN (0xd)", "0x2", OK, USER("u", CU)),
	  "hsm-3vq7yk2mzpa", 0, "OO", NULL, 3, {
		{ W(2), .operation = "cloudhsm:sequence_reset",
		  .error_code = "sequence_reset",
		  .native_id = "hsm-3vq7yk2mzpa/0x1c/reset/0x10-0x0/"
		  "1794004686000000",
		  .attrs = { { "found_sequence", "0x0" } } },
		END } },
	{ "a reboot resets the sequence: no finding", 0,
	  BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)", "0x1", OK, USER("u", CU))
	  BLK(T1, "0x0", "0x1d", "CN_LOGIN (0xd)", "0x2", OK, USER("u", CU)),
	  "hsm-3vq7yk2mzpa", 0, "OO", NULL, 2, { END } },
	{ "out of order, repeated, starting past 0: no finding; out-of-scope "
	  "records count for the sequence", 0,
	  BLK(T1, "0x11", "0x1c", "CN_GEN_PSWD_ENC_KEY (0x1d)", "0x1", OK, "")
	  BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)", "0x1", OK, USER("u", CU))
	  BLK(T2, "0x12", "0x1c", "CN_LOGOUT (0xe)", "0x1", OK, USER("u", CU))
	  BLK(T2, "0x12", "0x1c", "CN_LOGOUT (0xe)", "0x1", OK, USER("u", CU)),
	  "hsm-3vq7yk2mzpa", 0, "SOOO", NULL, 3, { END } },
	{ "--all-events keeps out-of-scope opcodes as other", 0,
	  BLK(T1, "0x11", "0x1c", "CN_GEN_PSWD_ENC_KEY (0x1d)", "0x1", OK, ""),
	  "hsm-3vq7yk2mzpa", 1, "O", NULL, 1, {
		{ W(0), .action = "other",
		  .operation = "cloudhsm:CN_GEN_PSWD_ENC_KEY" },
		END } },
	{ "unknown fields go to attrs; the time text is compared", 0,
	  "Time: 01/10/26 13:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No : 0x2a\nReboot counter : 0x3\nOpcode : CN_LOGIN (0xd)\n"
	  "Acting User : someone\n", "hsm-abc12345", 0, "O", NULL, 1, {
		{ W(0), .session = NONE, .actor = NONE,
		  .attrs = { { "other_fields.Acting User", "someone" },
		  { "time_text_mismatch",
		  "01/10/26 13:00:05.000123, usecs:1768046405000123" } } },
		END } },
	{ "text before the first block is not a block", 0,
	  "some header line\n" LOGIN, "hsm-abc12345", 0, "EO",
	  "not a CloudHSM audit block", 1, { END } },
	{ "missing Sequence No", 0,
	  "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Reboot counter : 0x3\nOpcode : CN_LOGIN (0xd)\n", "h", 0, "E",
	  "no 'Sequence No'", 0, { END } },
	{ "Sequence No not hex", 0,
	  "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No : 42\nReboot counter : 0x3\nOpcode : CN_LOGIN (0xd)\n",
	  "h", 0, "E", "'Sequence No' is not 0x<hex> ('42')", 0, { END } },
	{ "Sequence No over 64 bits", 0,
	  "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No : 0x11112222333344445\nReboot counter : 0x3\n"
	  "Opcode : CN_LOGIN (0xd)\n", "h", 0, "E", "'Sequence No'", 0,
	  { END } },
	{ "missing Reboot counter", 0,
	  "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No : 0x2a\nOpcode : CN_LOGIN (0xd)\n", "h", 0, "E",
	  "no 'Reboot counter'", 0, { END } },
	{ "missing Opcode", 0,
	  "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No : 0x2a\nReboot counter : 0x3\n", "h", 0, "E",
	  "no 'Opcode'", 0, { END } },
	{ "no usecs", 0, "Time: 01/10/26 12:00:05.000123\n"
	  "Sequence No : 0x2a\nReboot counter : 0x3\nOpcode : CN_LOGIN (0xd)\n",
	  "h", 0, "E", "no 'usecs:'", 0, { END } },
	{ "usecs too large", 0,
	  "Time: 01/10/26 12:00:05.000123, usecs:99999999999999999999999\n"
	  "Sequence No : 0x2a\nReboot counter : 0x3\nOpcode : CN_LOGIN (0xd)\n",
	  "h", 0, "E", "usecs out of range", 0, { END } },
	{ "a line without a colon", 0,
	  "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No 0x2a\n", "h", 0, "E", "is not 'Key : value'", 0,
	  { END } },
	{ "invalid UTF-8 between good blocks", 0,
	  LOGIN "Time: 01/10/26 12:00:06.000000, usecs:1768046406000000\n"
	  "User Name : \xff\xfe\n" LOGIN, "h", 0, "OEO",
	  "not valid UTF-8", 2, { END } },

	/* filter-log-events output */
	{ "filter-log-events: the stream is the HSM, eventId in attrs", 1,
	  "{\"events\":[{\"logStreamName\":\"hsm-3vq7yk2mzpa\","
	  "\"timestamp\":1794004685204,\"message\":\"Time: 11/06/26 "
	  "22:38:05.204000, usecs:1794004685204000\\nSequence No : 0x10\\n"
	  "Reboot counter : 0x1c\\nCommand Type(hex) : CN_MGMT_CMD (0x0)\\n"
	  "Opcode : CN_LOGIN (0xd)\\nSession Handle : 0x23e1001\\nResponse : "
	  "0:HSM Return: SUCCESS\\nLog type : MGMT_USER_DETAILS_LOG (2)\\n"
	  "User Name : authenticode-signer\\nUser Type : CN_CRYPTO_USER (1)\","
	  "\"ingestionTime\":1794004686621,\"eventId\":\"3689254739293850234"
	  "2423233485749308393049203948503843\"}],\"searchedLogStreams\":[]}",
	  "filter-log-events-cluster-5xk2hq7wbnm.json", 0, "O", NULL, 1, {
		{ W(0), .action = "session.login",
		  .session = "hsm-3vq7yk2mzpa/0x23e1001",
		  .native_id = "hsm-3vq7yk2mzpa/0x1c/0x10/1794004685204000",
		  .attrs = { { "cwl_event_id", "36892547392938502342423233485"
		  "749308393049203948503843" },
		  { "log_stream", "hsm-3vq7yk2mzpa" },
		  { "cwl_timestamp_ms", "1794004685204" },
		  { "cluster", "cluster-5xk2hq7wbnm" } } },
		END } },
	{ "filter-log-events: a gap across records of two streams", 1,
	  "{\"events\":["
	  "{\"logStreamName\":\"hsm-aaaaa1\",\"timestamp\":1,\"message\":"
	  "\"Time: 01/01/26 00:00:01.000000, usecs:1767225601000000\\n"
	  "Sequence No : 0x1\\nReboot counter : 0x2\\nOpcode : CN_LOGIN (0xd)\"},"
	  "{\"logStreamName\":\"hsm-bbbbb2\",\"timestamp\":2,\"message\":"
	  "\"Time: 01/01/26 00:00:02.000000, usecs:1767225602000000\\n"
	  "Sequence No : 0x7\\nReboot counter : 0x2\\nOpcode : CN_LOGIN (0xd)\"},"
	  "{\"logStreamName\":\"hsm-aaaaa1\",\"timestamp\":3,\"message\":"
	  "\"Time: 01/01/26 00:00:03.000000, usecs:1767225603000000\\n"
	  "Sequence No : 0x3\\nReboot counter : 0x2\\nOpcode : CN_LOGOUT (0xe)\"},"
	  "{\"logStreamName\":\"hsm-bbbbb2\",\"timestamp\":4,\"message\":"
	  "\"Time: 01/01/26 00:00:04.000000, usecs:1767225604000000\\n"
	  "Sequence No : 0x8\\nReboot counter : 0x2\\nOpcode : CN_LOGOUT (0xe)\"}"
	  "]}", "f.json", 0, "OOOO", NULL, 5, {
		{ W(4), .native_id = "hsm-aaaaa1/0x2/gap/0x1-0x3",
		  .attrs = { { "hsm", "hsm-aaaaa1" },
		  { "missing", "1" } } },
		END } },
	{ "get-log-events output: no eventId, no stream name", 1,
	  "{\"events\":[{\"timestamp\":1767225601000,\"message\":\"Time: "
	  "01/01/26 00:00:01.000000, usecs:1767225601000000\\nSequence No : "
	  "0x1\\nReboot counter : 0x2\\nOpcode : CN_LOGIN (0xd)\",\"ingestionTime"
	  "\":1767225602000}],\"nextForwardToken\":\"f/1\"}",
	  "hsm-ccccc3-events.json", 0, "O", NULL, 1, {
		{ W(0), .native_id = "hsm-ccccc3/0x2/0x1/1767225601000000",
		  .attrs = { { "cwl_event_id", ABSENT } } },
		END } },
	{ "certificate storage records", 1,
	  "{\"events\":["
	  "{\"logStreamName\":\"cluster-5xk2hq7wbnm\",\"timestamp\":"
	  "1725482483671,\"message\":\"{ \\\"object_handle\\\": "
	  "463180677312929947, \\\"op_code\\\": \\\"CreateObject\\\", "
	  "\\\"response\\\": \\\"OK\\\", \\\"attributes\\\": null, "
	  "\\\"timestamp\\\": 1725482483671 }\",\"eventId\":\"1\"},"
	  "{\"logStreamName\":\"cluster-5xk2hq7wbnm\",\"timestamp\":1,"
	  "\"message\":\"{\\\"object_handle\\\":null,\\\"op_code\\\":"
	  "\\\"CreateObject\\\",\\\"response\\\":\\\"MaxObjectsReached\\\","
	  "\\\"attributes\\\":null,\\\"timestamp\\\":1726084937125}\","
	  "\"eventId\":\"2\"},"
	  "{\"logStreamName\":\"cluster-5xk2hq7wbnm\",\"timestamp\":1,"
	  "\"message\":\"{\\\"object_handle\\\":4,\\\"op_code\\\":"
	  "\\\"SetAttributeValues\\\",\\\"response\\\":\\\"OK\\\","
	  "\\\"attributes\\\":[\\\"Label\\\"],\\\"timestamp\\\":1725482488004}\","
	  "\"eventId\":\"3\"}]}", "x.json", 0, "OOO", NULL, 3, {
		{ W(0), .action = "pki.cert",
		  .operation = "cloudhsm:cert:CreateObject",
		  .key_ref = "cloudhsm:cluster-5xk2hq7wbnm/463180677312929947",
		  .native_id = "cwl:1", .ts = "2024-09-04T20:41:23.671000Z" },
		{ W(1), .failed = F_YES, .error_code = "MaxObjectsReached",
		  .key_ref = NONE },
		{ W(2), .action = "key.policy",
		  .attrs = { { "attributes", "[\"Label\"]" } } },
		END } },
	{ "message missing, not a string, bad JSON message, not an object", 1,
	  "{\"events\":[{\"logStreamName\":\"hsm-aaaaa1\"},"
	  "{\"message\":5},{\"message\":\"{oops\"},[1,2],"
	  "{\"logStreamName\":7,\"message\":\"x\"},"
	  "{\"message\":\"{\\\"op_code\\\":\\\"CreateObject\\\","
	  "\\\"timestamp\\\":\\\"soon\\\"}\"}]}", "x.json", 0, "EEEEEE",
	  "record has no 'message'", 0, { END } },
};

static void
check_row(const struct row *r, size_t step)
{
	const struct parser *p = r->cwl ? &parser_cloudhsm_cwl :
	    &parser_cloudhsm;
	struct drive *dr = calloc(1, sizeof(*dr));
	char name[300];

	assert_non_null(dr);
	snprintf(name, sizeof(name), "%s (step %zu)", r->name, step);
	if (drive(dr, p, r->text, strlen(r->text), r->evname, r->all,
	    step) < 0)
		bad("%s: finish failed", name);
	if (strcmp(dr->rcs, r->rcs) != 0)
		bad("%s: records %s, want %s (%s)", name, dr->rcs, r->rcs,
		    dr->msg);
	if (r->errmsg && strstr(dr->msg, r->errmsg) == NULL)
		bad("%s: first error \"%s\" lacks \"%s\"", name, dr->msg,
		    r->errmsg);
	if (dr->n != r->nev)
		bad("%s: %d events, want %d", name, dr->n, r->nev);
	check_events(name, dr, r->w, NELEM(r->w));
	drive_free(dr);
	free(dr);
}

static void
test_rows(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		check_row(&rows[i], 0);
		check_row(&rows[i], 7);	/* records cut across feeds */
	}
	end_test("rows");
}

static void
test_emit_failure(void **state)
{
	struct drive *dr = calloc(1, sizeof(*dr));
	struct event ev;
	struct diag d;
	const char *text = LOGIN;

	assert_non_null(dr);
	dr->p = &parser_cloudhsm;
	dr->opts.anchor_us = EVENT_NO_TIME;
	dr->pc.opts = &dr->opts;
	dr->pc.name = "hsm-abc12345";
	dr->pc.emit = capture_emit;
	dr->pc.emit_arg = dr;
	dr->pc.state = parser_cloudhsm.state_new(&dr->pc);
	dr->fail = 1;
	event_init(&ev);
	diag_clear(&d);
	assert_int_equal(parser_cloudhsm.parse_text(text, strlen(text),
	    &dr->pc, &ev, &d), PARSE_FATAL);
	event_clear(&ev);
	drive_free(dr);
	free(dr);
}

static void
test_finish_failure(void **state)
{
	static const char text[] = BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)",
	    "0x1", OK, "") BLK(T1, "0x13", "0x1c", "CN_LOGOUT (0xe)", "0x1",
	    OK, "");
	struct drive *dr = calloc(1, sizeof(*dr));
	struct event ev;
	struct diag d;

	assert_non_null(dr);
	dr->p = &parser_cloudhsm;
	dr->opts.anchor_us = EVENT_NO_TIME;
	dr->pc.opts = &dr->opts;
	dr->pc.name = "hsm-abc12345";
	dr->pc.emit = capture_emit;
	dr->pc.emit_arg = dr;
	dr->pc.state = parser_cloudhsm.state_new(&dr->pc);
	{
		struct tsplit *ts = tsplit_new(parser_cloudhsm.split, 1 << 20,
		    drive_record, dr);

		tsplit_feed(ts, text, strlen(text));
		tsplit_finish(ts);
		tsplit_free(ts);
	}
	assert_string_equal(dr->rcs, "OO");
	dr->fail = 1;
	event_init(&ev);
	diag_clear(&d);
	assert_int_equal(parser_cloudhsm.finish(&dr->pc, &ev, &d), -1);
	event_clear(&ev);
	drive_free(dr);
	free(dr);
}

struct probe_row {
	int		 cwl;
	const char	*text;
	int		 min, max;
};

static const struct probe_row probes[] = {
	{ 0, LOGIN, 90, 90 },
	{ 0, "2026-01-10T12:00:05.000Z " LOGIN, 90, 90 },
	{ 0, "Time: 01/10/26 12:00:05, usecs:1\n", 0, 0 },
	{ 0, "{\"Records\":[]}", 0, 0 },
	{ 1, "{\"events\":[{\"logStreamName\":\"hsm-a\",\"message\":\"Time: "
	  "x, usecs:1\\nSequence No : 0x1\\nReboot counter : 0x1\"}]}", 92,
	  92 },
	{ 1, "{\"events\":[{\"logStreamName\":\"cluster-a\",\"message\":"
	  "\"{\\\"object_handle\\\":1,\\\"op_code\\\":\\\"CreateObject\\\"}\"}"
	  "]}", 85, 85 },
	/* CloudTrail delivered to CloudWatch Logs is not ours */
	{ 1, "{\"events\":[{\"logStreamName\":\"210987654321_CloudTrail\","
	  "\"message\":\"{\\\"eventVersion\\\":\\\"1.08\\\"}\"}]}", 0, 0 },
	{ 1, "{\"eventVersion\":\"1.08\",\"eventSource\":\"kms\"}", 0, 0 },
};

static void
test_probe(void **state)
{
	size_t i, n;
	char *copy;
	int s;

	for (i = 0; i < NELEM(probes); i++) {
		const struct parser *p = probes[i].cwl ?
		    &parser_cloudhsm_cwl : &parser_cloudhsm;

		n = strlen(probes[i].text);
		copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, probes[i].text, n);
		s = p->probe(copy, n, "f");
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
	char path[4096];
	struct drive *dr;
	size_t len;
	char *text;
	int i, gaps = 0, creates = 0, failed_logins = 0;

	snprintf(path, sizeof(path), "%s/samples/evidence/cloudhsm/"
	    "filter-log-events-cluster-5xk2hq7wbnm-20261106-20261115.json",
	    srcdir());
	if ((text = read_file(path, &len)) == NULL)
		skip();
	assert_true(parser_cloudhsm_cwl.probe(text, len < 65536 ? len : 65536,
	    path) >= 90);
	dr = calloc(1, sizeof(*dr));
	assert_non_null(dr);
	assert_int_equal(drive(dr, &parser_cloudhsm_cwl, text, len, path, 0,
	    0), 0);
	if (strspn(dr->rcs, "O") != strlen(dr->rcs))
		bad("sample: records %s (%s)", dr->rcs, dr->msg);
	for (i = 0; i < dr->n && i < MAXCAP; i++) {
		const struct evcopy *e = &dr->ev[i];

		if (strcmp(e->action, "audit.integrity") == 0) {
			gaps++;
			check_str("sample", i, "native_id", "hsm-6tnc4wbd8rx/"
			    "0xb/gap/0x1b42-0x1b45", e->native_id);
		}
		if (strcmp(e->action, "key.create") == 0) {
			creates++;
			check_str("sample", i, "key_ref", "cloudhsm:"
			    "cluster-5xk2hq7wbnm/2097174", e->key_ref);
		}
		if (strcmp(e->action, "session.login") == 0 && e->failed)
			failed_logins++;
	}
	if (gaps != 1 || creates != 1 || failed_logins != 2)
		bad("sample: %d gaps, %d key creations, %d failed logins; "
		    "want 1, 1, 2", gaps, creates, failed_logins);
	drive_free(dr);
	free(dr);
	free(text);
	end_test("sample");
}

static void
test_corpus(void **state)
{
	char dir[4096], path[8192];
	struct dirent *de;
	struct drive *dr;
	size_t len;
	char *text;
	DIR *dp;
	int files = 0;

	snprintf(dir, sizeof(dir), "%s/../shared/corpus/cloudhsm", srcdir());
	if ((dp = opendir(dir)) == NULL) {
		print_message("no corpus at %s (no real CloudHSM audit log is "
		    "published as a data file): skipped\n", dir);
		skip();
	}
	dr = calloc(1, sizeof(*dr));
	assert_non_null(dr);
	while ((de = readdir(dp)) != NULL) {
		const struct parser *p;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((text = read_file(path, &len)) == NULL)
			continue;
		p = parser_cloudhsm_cwl.probe(text, len < 65536 ? len : 65536,
		    path) ? &parser_cloudhsm_cwl : parser_cloudhsm.probe(text,
		    len < 65536 ? len : 65536, path) ? &parser_cloudhsm : NULL;
		if (p) {
			drive(dr, p, text, len, path, 0, 0);
			if (strchr(dr->rcs, 'E'))
				bad("%s: %s", path, dr->msg);
			drive_free(dr);
			files++;
		}
		free(text);
	}
	closedir(dp);
	free(dr);
	print_message("%d corpus files\n", files);
	end_test("corpus");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_emit_failure),
		cmocka_unit_test(test_finish_failure),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
