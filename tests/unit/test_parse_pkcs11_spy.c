/* SPDX-License-Identifier: MIT */
/*
 * test_parse_pkcs11_spy.c - unit tests of the pkcs11-spy trace parser
 * (ingest/parse_pkcs11_spy.c): a table of traces, each cut into records
 * by the parser's own split function (as ingest does, also fed in small
 * pieces), with the outcome of every record and the events expected
 * (signing with the digest signed, partial dumps, the length query,
 * mechanisms that hash, DigestInfo, the YubiHSM PIN convention, failures,
 * traces cut short, old formats without P:/T:, malformed calls); probe
 * scores; the emit failure path; the bundled sample; and the shared corpus
 * when it has pkcs11-spy traces.
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
#define SOURCE	"pkcs11-spy"

static const struct parser *const P = &parser_pkcs11_spy;

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
			*key_ref, *key_raw, *native_id, *ts_raw, *digest;
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
	if (ev->source == NULL || strcmp(ev->source, SOURCE) != 0)
		bad("source is not " SOURCE);
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
	e->digest = dup_or_null(ev->digest);
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
		free(e->digest);
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
	const char	*key_raw, *native_id, *error_code, *digest;
	int		 failed;
	const char	*ts, *end;
	unsigned	 ts_flags;
	struct attr_want attrs[5];
};

struct row {
	const char	*name;
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
		check_str(name, w->idx, "digest", w->digest, e->digest);
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
/* Traces                                                              */

#define BANNER(mod) "\n\n*************** OpenSC PKCS#11 spy " \
	"*****************\nLoaded: \"" mod "\"\n"
#define YKMOD	"/usr/lib/x86_64-linux-gnu/pkcs11/yubihsm_pkcs11.so"
#define SOFTMOD	"/usr/lib/softhsm/libsofthsm2.so"
#define CALL(n, f, t) "\n" n ": " f "\nP:4121; T:0x7f1c2a3b4c40 " t "\n"
#define OKRV	"Returned:  0 CKR_OK\n"

/* 32 bytes: 000102...1f */
#define DUMP32 \
	"    00000000  00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F  " \
	"................\n" \
	"    00000010  10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F  " \
	"................\n"
#define D32HEX	"000102030405060708090a0b0c0d0e0f" \
	"101112131415161718191a1b1c1d1e1f"

#define LOGIN_YK CALL("4", "C_Login", "2026-11-06 22:23:41.510") \
	"[in] hSession = 0x1\n[in] userType = CKU_USER\n" \
	"[in] pPin[ulPinLen] 00007ffc2e5a1e10 / 8\n" \
	"    00000000  30 30 30 39 73 65 63 72                          " \
	"0009secr        \n" OKRV
#define SIGNINIT(m, k) CALL("5", "C_SignInit", "2026-11-06 22:24:10.601") \
	"[in] hSession = 0x1\n[in] pMechanism->type = " m "\n[in] hKey = " k \
	"\n" OKRV
#define SIGN32 CALL("6", "C_Sign", "2026-11-06 22:24:10.610") \
	"[in] hSession = 0x1\n[in] pData[ulDataLen] 000055d0c3a1e2f0 / 32\n" \
	DUMP32 "[out] pSignature[*pulSignatureLen] 000055d0c3a1e400 / 4\n" \
	"    00000000  AA BB CC DD                                      " \
	"....            \n" OKRV

static const struct row rows[] = {
	{ "formats.md E.5 example: the dump shows 4 of 32 bytes: partial",
	  "*************** OpenSC PKCS#11 spy *****************\n"
	  "Loaded: \"/usr/lib/softhsm/libsofthsm2.so\"\n\n"
	  "17: C_Sign\n"
	  "P:4121; T:0x7f1c2a3b4c40 2026-01-10 12:00:07.412\n"
	  "[in] hSession = 0x2\n"
	  "[in] pData[ulDataLen] 0x55d0c3a1e2f0 / 32\n"
	  "    00000000  51 BC 0F C1 \xe2\x80\xa6\n"
	  "[out] pSignature[*pulSignatureLen] 0x55d0c3a1e400 / 64\n"
	  "Returned:  0 CKR_OK\n", "spy.log", 0, "NO", NULL, 1, {
		{ W(0), .action = "sign", .operation = "pkcs11:C_Sign",
		  .session = "4121/0x2", .digest = NONE, .actor = NONE,
		  .ts = "2026-01-10T12:00:07.412000Z",
		  .ts_flags = TS_ASSUMED_UTC, .failed = F_NO,
		  .native_id = NONE,
		  .attrs = { { "data_partial", "true" },
		  { "data_shown", "4" }, { "data_len", "32" },
		  { "mechanism", "unknown (no C_SignInit seen)" },
		  { "module", "/usr/lib/softhsm/libsofthsm2.so" } } },
		END } },
	{ "YubiHSM module: the PIN names the auth key; SignInit then Sign "
	  "with a 32-byte digest",
	  BANNER(YKMOD) LOGIN_YK SIGNINIT("CKM_ECDSA", "0x30102") SIGN32,
	  "fw-signer-01-pkcs11-spy.log", 0, "NOOO", NULL, 3, {
		{ W(0), .action = "session.login",
		  .operation = "pkcs11:C_Login",
		  .actor = "yubihsm:authkey:0x0009", .session = "4121/0x1",
		  .attrs = { { "user_type", "CKU_USER" }, { "pin_len", "8" },
		  { "pin", ABSENT }, { "call", "4" }, { "pid", "4121" } } },
		{ W(1), .action = "key.read", .operation = "pkcs11:C_SignInit",
		  .key_raw = "0x30102", .digest = NONE,
		  .actor = "yubihsm:authkey:0x0009",
		  .attrs = { { "mechanism", "CKM_ECDSA" } } },
		{ W(2), .action = "sign", .operation = "pkcs11:C_Sign",
		  .key_raw = "0x30102", .key_ref = NONE,
		  .digest = "sha256:" D32HEX,
		  .actor = "yubihsm:authkey:0x0009",
		  .ts = "2026-11-06T22:24:10.610000Z",
		  .attrs = { { "mechanism", "CKM_ECDSA" },
		  { "thread", "0x7f1c2a3b4c40" }, { "rv", "0" } } },
		END } },
	{ "the length query (NULL signature buffer) signs nothing",
	  BANNER(YKMOD) SIGNINIT("CKM_ECDSA", "0x30102")
	  CALL("6", "C_Sign", "2026-11-06 22:24:10.605") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 000055d0c3a1e2f0 / 32\n" DUMP32
	  "[out] pSignature[*pulSignatureLen] NULL\n" OKRV SIGN32, "s.log", 0,
	  "NOSO", NULL, 2, {
		{ W(1), .digest = "sha256:" D32HEX,
		  .attrs = { { "mechanism", "CKM_ECDSA" } } },
		END } },
	{ "the length query with --all-events: other",
	  BANNER(YKMOD) CALL("6", "C_Sign", "2026-11-06 22:24:10.605")
	  "[in] hSession = 0x1\n[out] pSignature[*pulSignatureLen] NULL\n"
	  OKRV, "s.log", 1, "NO", NULL, 1, {
		{ W(0), .action = "other" }, END } },
	{ "a failed signature keeps the digest attempted",
	  BANNER(YKMOD) SIGNINIT("CKM_ECDSA", "0x30103")
	  CALL("6", "C_Sign", "2026-11-06 22:23:58.310") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 000055d0c3a1e2f0 / 32\n" DUMP32
	  "Returned:  6 CKR_FUNCTION_FAILED\n", "s.log", 0, "NOO", NULL, 2, {
		{ W(1), .failed = F_YES, .error_code = "CKR_FUNCTION_FAILED",
		  .key_raw = "0x30103", .digest = "sha256:" D32HEX,
		  .attrs = { { "rv", "6" } } },
		END } },
	{ "old format: no P:/T: part; Windows line ends",
	  "\r\n0: C_Login\r\n2026-01-10 12:00:07.412\r\n[in] hSession = 0x2\r\n"
	  "[in] userType = CKU_SO\r\nReturned:  160 CKR_PIN_INCORRECT\r\n",
	  "s.log", 0, "O", NULL, 1, {
		{ W(0), .session = "0x2", .failed = F_YES,
		  .error_code = "CKR_PIN_INCORRECT", .actor = NONE,
		  .ts = "2026-01-10T12:00:07.412000Z",
		  .attrs = { { "pid", ABSENT }, { "user_type", "CKU_SO" },
		  { "rv", "160" } } },
		END } },
	{ "a very old trace without a time line: no time",
	  "\n0: C_Logout\n[in] hSession = 0x2\nReturned:  0 CKR_OK\n", "s.log",
	  0, "O", NULL, 1, {
		{ W(0), .action = "session.logout", .ts = NONE }, END } },
	{ "a trace cut short: no Returned line",
	  BANNER(SOFTMOD) CALL("9", "C_Sign", "2026-01-10 12:00:07.412")
	  "[in] hSession = 0x2\n[in] pData[ulDataLen] 000055d0c3a1e2f0 / 32\n"
	  "    00000000  00 01 02 03 04 05 06 07 08 09 0A", "s.log", 0, "NO",
	  NULL, 1, {
		{ W(0), .failed = F_YES, .error_code = "NO_RETURN",
		  .digest = NONE, .attrs = { { "data_partial", "true" },
		  { "data_shown", "11" }, { "rv", ABSENT } } },
		END } },
	{ "a hash-and-sign mechanism: SHA-256 of pData is computed",
	  BANNER(SOFTMOD) SIGNINIT("CKM_ECDSA_SHA256", "0x2")
	  CALL("6", "C_Sign", "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 000055d0c3a1e2f0 / 3\n"
	  "    00000000  61 62 63                                         "
	  "abc             \n" OKRV, "s.log", 0, "NOO", NULL, 2, {
		{ W(1), .digest = "sha256:ba7816bf8f01cfea414140de5dae2223b00"
		  "361a396177a9cb410ff61f20015ad",
		  .attrs = { { "digest_computed", "true" } } },
		END } },
	{ "CKM_RSA_PKCS over a SHA-256 DigestInfo",
	  BANNER(SOFTMOD) SIGNINIT("CKM_RSA_PKCS", "0x2")
	  CALL("6", "C_Sign", "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 000055d0c3a1e2f0 / 51\n"
	  "    00000000  30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05  "
	  "010...`.H.e.....\n"
	  "    00000010  00 04 20 00 01 02 03 04 05 06 07 08 09 0A 0B 0C  "
	  ".. .............\n"
	  "    00000020  0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C  "
	  "................\n"
	  "    00000030  1D 1E 1F                                         "
	  "...             \n" OKRV, "s.log", 0, "NOO", NULL, 2, {
		{ W(1), .digest = "sha256:" D32HEX,
		  .attrs = { { "digest_from", "DigestInfo" } } },
		END } },
	{ "48 bytes: a SHA-384 digest in attrs",
	  BANNER(SOFTMOD) SIGNINIT("CKM_ECDSA", "0x2")
	  CALL("6", "C_Sign", "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 000055d0c3a1e2f0 / 48\n" DUMP32
	  "    00000020  00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F  "
	  "................\n" OKRV, "s.log", 0, "NOO", NULL, 2, {
		{ W(1), .digest = NONE,
		  .attrs = { { "digest_sha384", D32HEX
		  "000102030405060708090a0b0c0d0e0f" } } },
		END } },
	{ "a dump with a line missing is partial",
	  BANNER(SOFTMOD) CALL("6", "C_Sign", "2026-01-10 12:00:07.412")
	  "[in] hSession = 0x1\n[in] pData[ulDataLen] 000055d0c3a1e2f0 / 32\n"
	  "    00000010  10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F  "
	  "................\n" OKRV, "s.log", 0, "NO", NULL, 1, {
		{ W(0), .digest = NONE,
		  .attrs = { { "data_partial", "true" } } },
		END } },
	{ "EdDSA signs the message: 32 bytes are no digest",
	  BANNER(SOFTMOD) SIGNINIT("CKM_EDDSA", "0x2") SIGN32, "s.log", 0,
	  "NOO", NULL, 2, {
		{ W(1), .digest = NONE, .attrs = { { "data_len", "32" } } },
		END } },
	{ "another module: no actor from the PIN, PIN never in attrs",
	  BANNER(SOFTMOD) LOGIN_YK SIGNINIT("CKM_ECDSA", "0x2"), "s.log", 0,
	  "NOO", NULL, 2, {
		{ W(0), .actor = NONE, .attrs = { { "pin_len", "8" } } },
		{ W(1), .actor = NONE },
		END } },
	{ "logout forgets the actor; a new banner forgets the process",
	  BANNER(YKMOD) LOGIN_YK CALL("7", "C_Logout", "2026-11-06 22:26:03.190")
	  "[in] hSession = 0x1\n" OKRV SIGNINIT("CKM_ECDSA", "0x30102")
	  BANNER(YKMOD) SIGN32, "s.log", 0, "NOOONO", NULL, 4, {
		{ W(1), .action = "session.logout",
		  .actor = "yubihsm:authkey:0x0009" },
		{ W(2), .actor = NONE },
		{ W(3), .actor = NONE, .key_raw = NONE,
		  .attrs = { { "mechanism",
		  "unknown (no C_SignInit seen)" } } },
		END } },
	{ "multi-part signing",
	  BANNER(SOFTMOD) SIGNINIT("CKM_SHA256_RSA_PKCS", "0x9")
	  CALL("6", "C_SignUpdate", "2026-01-10 12:00:07.412")
	  "[in] hSession = 0x1\n[in] pPart[ulPartLen] 000055d0c3a1e2f0 / 3\n"
	  "    00000000  61 62 63                                         "
	  "abc             \n" OKRV
	  CALL("7", "C_SignFinal", "2026-01-10 12:00:07.413")
	  "[in] hSession = 0x1\n[out] pSignature[*pulSignatureLen] "
	  "000055d0c3a1e400 / 4\n    00000000  AA BB CC DD"
	  "                                      ....            \n" OKRV,
	  "s.log", 0, "NOOO", NULL, 3, {
		{ W(1), .operation = "pkcs11:C_SignUpdate", .key_raw = "0x9",
		  .attrs = { { "part_len", "3" },
		  { "mechanism", "CKM_SHA256_RSA_PKCS" } } },
		{ W(2), .operation = "pkcs11:C_SignFinal", .key_raw = "0x9",
		  .digest = NONE },
		END } },
	{ "key management calls",
	  BANNER(SOFTMOD) CALL("3", "C_GenerateKeyPair", "2026-01-10 12:00:07.412")
	  "[in] hSession = 0x1\n[in] pMechanism->type = CKM_EC_KEY_PAIR_GEN\n"
	  "[out] hPublicKey = 0x11\n[out] hPrivateKey = 0x12\n" OKRV
	  CALL("4", "C_DestroyObject", "2026-01-10 12:00:08.412")
	  "[in] hSession = 0x1\n[in] hObject = 0x12\n" OKRV
	  CALL("5", "C_SetPIN", "2026-01-10 12:00:09.412")
	  "[in] hSession = 0x1\n" OKRV, "s.log", 0, "NOOO", NULL, 3, {
		{ W(0), .action = "key.create", .key_raw = "0x12" },
		{ W(1), .action = "key.delete", .key_raw = "0x12" },
		{ W(2), .action = "iam.credential" },
		END } },
	{ "other calls are out of scope; kept with --all-events",
	  BANNER(SOFTMOD) CALL("1", "C_Initialize", "2026-01-10 12:00:07.412")
	  "[in] pInitArgs = (nil)\n" OKRV, "s.log", 0, "NS", NULL, 0, { END } },
	{ "other calls with --all-events",
	  BANNER(SOFTMOD) CALL("1", "C_Initialize", "2026-01-10 12:00:07.412")
	  "[in] pInitArgs = (nil)\n" OKRV, "s.log", 1, "NO", NULL, 1, {
		{ W(0), .action = "other", .operation = "pkcs11:C_Initialize" },
		END } },
	{ "text before the first call", "garbage here\n" CALL("1", "C_Logout",
	  "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n" OKRV, "s.log", 0,
	  "EO", "not a pkcs11-spy call", 1, { END } },
	{ "an impossible time", CALL("1", "C_Logout", "2026-13-45 99:00:07.412")
	  "[in] hSession = 0x1\n" OKRV, "s.log", 0, "E", "bad time", 0,
	  { END } },
	{ "Returned without a number", CALL("1", "C_Logout",
	  "2026-01-10 12:00:07.412") "[in] hSession = 0x1\nReturned:  oops\n",
	  "s.log", 0, "E", "'Returned:' without a number", 0, { END } },
	{ "invalid UTF-8", CALL("1", "C_Logout", "2026-01-10 12:00:07.412")
	  "[in] hSession = \xff\n" OKRV, "s.log", 0, "E", "not valid UTF-8",
	  0, { END } },
	{ "a huge declared length and odd lines do no harm",
	  CALL("1", "C_Sign", "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 0000 / 99999999999999999999\n"
	  "[in] pData[ulDataLen]\n[in]\n[out] x = \n    0000000G  00\n"
	  "[in] " "a = b\n" OKRV, "s.log", 0, "O", NULL, 1, {
		{ W(0), .digest = NONE }, END } },
};

static void
check_row(const struct row *r, size_t step)
{
	struct drive *dr = calloc(1, sizeof(*dr));
	char name[300];

	assert_non_null(dr);
	snprintf(name, sizeof(name), "%s (step %zu)", r->name, step);
	if (drive(dr, P, r->text, strlen(r->text), r->evname, r->all,
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
		check_row(&rows[i], 5);	/* records cut across feeds */
	}
	end_test("rows");
}

static void
test_emit_failure(void **state)
{
	static const char text[] = CALL("1", "C_Logout",
	    "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n" OKRV;
	struct drive *dr = calloc(1, sizeof(*dr));
	struct event ev;
	struct diag d;

	assert_non_null(dr);
	dr->p = P;
	dr->opts.anchor_us = EVENT_NO_TIME;
	dr->pc.opts = &dr->opts;
	dr->pc.name = "s.log";
	dr->pc.emit = capture_emit;
	dr->pc.emit_arg = dr;
	dr->pc.state = P->state_new(&dr->pc);
	dr->fail = 1;
	event_init(&ev);
	diag_clear(&d);
	/* the record as tsplit hands it over: from the header, no newline */
	assert_int_equal(P->parse_text(text + 1, strlen(text) - 2, &dr->pc,
	    &ev, &d), PARSE_FATAL);
	event_clear(&ev);
	drive_free(dr);
	free(dr);
}

struct probe_row {
	const char	*text;
	int		 min, max;
};

static const struct probe_row probes[] = {
	{ BANNER(YKMOD), 92, 92 },
	{ CALL("1", "C_Logout", "2026-01-10 12:00:07.412")
	  "[in] hSession = 0x1\n" OKRV, 85, 85 },
	{ "1: C_Logout\n", 0, 0 },
	{ "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n", 0, 0 },
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
		s = P->probe(copy, n, "f");
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
	int i, signs = 0, digests = 0, by9 = 0;

	snprintf(path, sizeof(path), "%s/samples/evidence/pkcs11/"
	    "fw-signer-01-pkcs11-spy.log", srcdir());
	if ((text = read_file(path, &len)) == NULL)
		skip();
	assert_true(P->probe(text, len < 65536 ? len : 65536, path) >= 85);
	dr = calloc(1, sizeof(*dr));
	assert_non_null(dr);
	drive(dr, P, text, len, path, 0, 0);
	if (strchr(dr->rcs, 'E'))
		bad("sample: records %s (%s)", dr->rcs, dr->msg);
	for (i = 0; i < dr->n && i < MAXCAP; i++) {
		const struct evcopy *e = &dr->ev[i];

		if (strcmp(e->operation, "pkcs11:C_Sign") != 0)
			continue;
		signs++;
		if (e->digest && strncmp(e->digest, "sha256:", 7) == 0 &&
		    strlen(e->digest) == 71)
			digests++;
		if (e->actor && strcmp(e->actor, "yubihsm:authkey:0x0009") == 0)
			by9++;
	}
	/* v1.9.0 and v1.9.1: 4 each; 0x0009: 4 on 11-06 (1 failed), 1 on
	   11-09; the length queries are not signatures */
	if (signs != 13 || digests != 13 || by9 != 5)
		bad("sample: %d C_Sign, %d with a digest, %d by 0x0009; want "
		    "13, 13, 5", signs, digests, by9);
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

	snprintf(dir, sizeof(dir), "%s/../shared/corpus/pkcs11", srcdir());
	if ((dp = opendir(dir)) == NULL) {
		print_message("no corpus at %s: skipped\n", dir);
		skip();
	}
	dr = calloc(1, sizeof(*dr));
	assert_non_null(dr);
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((text = read_file(path, &len)) == NULL)
			continue;
		if (P->probe(text, len < 65536 ? len : 65536, path)) {
			drive(dr, P, text, len, path, 0, 0);
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
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
