/* SPDX-License-Identifier: MIT */
/*
 * test_parse_luna.c - unit tests of the Thales Luna Cloud HSM (DPoD)
 * audit export parser (ingest/parse_luna.c): a table of JSON arrays cut
 * into records by the JSON splitter (as ingest does), with the outcome of
 * every record and the events expected (the formats.md E.3 record, keys in
 * any case, ambiguous keys, failures, scope, repeats of identical records,
 * malformed records); probe scores; the emit failure path; the bundled
 * sample .zip, read with libarchive as the intake reads it; and the shared
 * corpus when it has DPoD exports.
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

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>

#include "err.h"
#include "event.h"
#include "jsonutil.h"
#include "jsplit.h"
#include "parser.h"
#include "timeutil.h"
#include "tsplit.h"

#include "helpers.h"

#define SOURCE	"luna"

static const struct parser *const P = &parser_luna;
static const struct suite S = { .p = &parser_luna, .flags = S_PLAIN };

/* ------------------------------------------------------------------ */
/* Records                                                             */

/* formats.md E.3's synthetic record. */
#define E3 "{\"time\":\"2026-01-10 12:00:07 UTC\",\"source\":" \
	"\"thales/cloudhsm/1234567890123\",\"resourceID\":" \
	"\"3f2e1d0c-aaaa-4bbb-8ccc-0123456789ab\",\"actorID\":" \
	"\"9a8b7c6d-1111-4222-8333-444455556666\",\"tenantID\":" \
	"\"0c0d0e0f-5555-4666-8777-888899990000\",\"action\":\"LUNA_SIGN\"," \
	"\"status\":\"LUNA_RET_OK\",\"meta\":{\"clientIP\":\"198.51.100.9\"," \
	"\"role\":\"Crypto User\",\"ouid\":\"1a2b3c0000000000\"}}"
#define REC(act, status) "{\"time\":\"2026-11-06 22:31:10 UTC\"," \
	"\"source\":\"thales/cloudhsm/1570839201746\",\"actorID\":\"c41e\"," \
	"\"action\":\"" act "\",\"status\":\"" status "\"," \
	"\"meta\":{\"clientIP\":\"185.220.101.47\"}}"

static const struct srow rows[] = {
	{ .name = "formats.md E.3 record", .text = "[" E3 "]",
	    .evname = "audit.json", .rcs = "O", .nev = 1, .w = {
		{ W(0), .action = "sign", .operation = "luna:LUNA_SIGN",
		  .actor = "9a8b7c6d-1111-4222-8333-444455556666",
		  .key_ref = "luna:1234567890123/1a2b3c0000000000",
		  .key_raw = "1a2b3c0000000000", .failed = F_NO,
		  .session = NONE, .native_id = NONE,
		  .ts = "2026-01-10T12:00:07Z", .ts_flags = TS_COARSE,
		  .attrs = { { "partition", "1234567890123" },
		  { "tenant_id", "0c0d0e0f-5555-4666-8777-888899990000" },
		  { "role", "Crypto User" }, { "meta.ouid",
		  "1a2b3c0000000000" }, { "repeat", ABSENT } } },
		END } },
	{ .name = "keys in any case, meta's too; ISO time; a session handle",
	    .text = "[{\"Time\":\"2026-01-10T12:00:07Z\","
	    "\"SOURCE\":\"thales/cloudhsm/"
	  "42\",\"ResourceId\":\"r-1\",\"ACTORID\":\"a-1\",\"Action\":"
	  "\"luna_login\",\"Status\":\"ok\",\"Meta\":{\"ClientIp\":"
	  "\"10.0.0.1\",\"SessionHandle\":7}}]", .evname = "x.json",
	    .rcs = "O", .nev = 1, .w = {
		{ W(0), .action = "session.login",
		  .operation = "luna:luna_login", .actor = "a-1",
		  .session = "7", .failed = F_NO, .ts = "2026-01-10T12:00:07Z",
		  .ts_flags = TS_COARSE,
		  .attrs = { { "resource_id", "r-1" } } },
		END } },
	{ .name = "a failed login",
	    .text = "[" REC("LUNA_LOGIN", "LUNA_RET_PIN_INCORRECT") "]",
	    .evname = "x.json", .rcs = "O", .nev = 1, .w = {
		{ W(0), .action = "session.login", .failed = F_YES,
		  .error_code = "LUNA_RET_PIN_INCORRECT", .key_ref = NONE,
		  .attrs = { { "status", "LUNA_RET_PIN_INCORRECT" } } },
		END } },
	{ .name = "key management actions",
	    .text = "[" REC("LUNA_GENERATE_KEY_PAIR", "LUNA_RET_OK") ","
	  REC("LUNA_MODIFY_OBJECT", "LUNA_RET_OK") ","
	  REC("LUNA_DESTROY_OBJECT", "LUNA_RET_OK") ","
	  REC("LUNA_LOGOUT", "LUNA_RET_OK") "]", .evname = "x.json",
	    .rcs = "OOOO", .nev = 4, .w = {
		{ W(0), .action = "key.create" },
		{ W(1), .action = "key.policy" },
		{ W(2), .action = "key.delete" },
		{ W(3), .action = "session.logout" },
		END } },
	{ .name = "out of scope; identical records repeat within the item",
	    .text = "[" REC("LUNA_OPEN_SESSION", "LUNA_RET_OK") ","
	  E3 "," E3 "," E3 "]", .evname = "x.json", .rcs = "SOOO", .nev = 3,
	    .w = {
		{ W(0), .attrs = { { "repeat", ABSENT } } },
		{ W(1), .attrs = { { "repeat", "2" } } },
		{ W(2), .attrs = { { "repeat", "3" } } },
		END } },
	{ .name = "--all-events keeps the rest as other",
	    .text = "[" REC("LUNA_OPEN_SESSION", "LUNA_RET_OK") "]",
	    .evname = "x.json", .all = 1, .rcs = "O", .nev = 1, .w = {
		{ W(0), .action = "other",
		  .operation = "luna:LUNA_OPEN_SESSION" },
		END } },
	{ .name = "no partition in source: the resourceID scopes the key",
	    .text = "[{\"time\":\"2026-01-10 12:00:07 UTC\","
	    "\"resourceID\":\"r-9\","
	  "\"action\":\"LUNA_SIGN_SINGLE\",\"actorID\":12345,"
	  "\"meta\":{\"ouid\":\"77\"}}]", .evname = "x.json", .rcs = "O",
	    .nev = 1, .w = {
		{ W(0), .key_ref = "luna:r-9/77", .actor = "12345",
		  .failed = F_NO },
		END } },
	{ .name = "keys that differ only in case",
	    .text = "[{\"time\":\"2026-01-10 12:00:07 UTC\","
	    "\"action\":\"LUNA_SIGN\","
	  "\"actorID\":\"a\",\"actorid\":\"b\"}]", .evname = "x.json",
	    .rcs = "E",
	    .errmsg = "keys 'actorID' and 'actorid' differ only in case",
	    .w = { END } },
	{ .name = "malformed records between good ones",
	    .text = "[" E3 ",{\"time\":\"2026-01-10 12:00:07 UTC\"},"
	  "{\"action\":\"LUNA_SIGN\"},"
	  "{\"time\":\"yesterday\",\"action\":\"LUNA_SIGN\"},"
	  "{\"time\":\"2026-01-10 12:00:07 UTC\",\"action\":[1]},"
	  "{\"time\":\"2026-01-10 12:00:07 UTC\",\"action\":\"LUNA_SIGN\","
	  "\"meta\":[1]},"
	  "{\"time\":\"2026-01-10 12:00:07 UTC\",\"action\":\"LUNA_SIGN\","
	  "\"meta\":{\"ouid\":{}}},"
	  "\"a string\",42," E3 "]", .evname = "x.json", .rcs = "OEEEEEEEEO",
	    .errmsg = "record has no 'action'", .nev = 2, .w = { END } },
	{ .name = "a bad time is named",
	    .text = "[{\"time\":\"2026-02-30 12:00:07 UTC\","
	    "\"action\":\"LUNA_SIGN\"}]",
	    .evname = "x.json", .rcs = "E",
	    .errmsg = "bad 'time' '2026-02-30 12:00:07 UTC'", .w = { END } },
};

static void
test_rows(void **state)
{
	run_srows(&S, rows, NELEM(rows));
}

static void
test_emit_failure(void **state)
{
	struct drive *dr = calloc(1, sizeof(*dr));
	struct diag d;

	assert_non_null(dr);
	drive_begin(dr, P, "x.json", NULL, 0);
	dr->c.fail = 1;
	assert_int_equal(drive_one(dr, E3, strlen(E3), &d), PARSE_FATAL);
	drive_free(dr);
	free(dr);
}

static const struct probe_row probes[] = {
	{ .name = "1", .head = "[" E3 "]", .file = "f.json",
	    .min = 92, .max = 92 },
	{ .name = "2",
	    .head = "[{\"ACTORID\":\"a\",\"resourceid\":\"r\","
	    "\"action\":\"LUNA_LOGIN\"}]",
	    .file = "f.json", .min = 88, .max = 88 },
	{ .name = "3", .head = "[{\"action\":\"LUNA_LOGIN\"}]",
	    .file = "f.json", .min = 0, .max = 0 },
	{ .name = "4", .head = "{\"Records\":[{\"eventVersion\":\"1.08\"}]}",
	    .file = "f.json", .min = 0, .max = 0 },
	{ .name = "5", .head = "", .file = "f.json", .min = 0, .max = 0 },
	/* a key found in any case, up to the last byte of the head */
	{ .name = "6", .head = "[{\"Action\":\"LUNA_X\",\"actorId\":\"a\","
	    "\"RESOURCEID\"", .file = "f.json", .min = 88, .max = 88 },
	{ .name = "7", .head = "[{\"action\":\"LUNA_X\",\"actorid\":\"a\","
	    "\"resourcei", .file = "f.json", .min = 0, .max = 0 },
	{ .name = "8", .head = "\"", .file = "f.json", .min = 0, .max = 0 },
};

static void
test_probe(void **state)
{
	run_probes(&S, probes, NELEM(probes));
}

/* ------------------------------------------------------------------ */
/* The bundled sample and the shared corpus                            */

/* The first member of a zip, as the intake reads it; NULL if none. */
static char *
read_zip_member(const char *path, size_t *len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	la_ssize_t r;

	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 16384) != ARCHIVE_OK ||
	    archive_read_next_header(a, &ae) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap * 2 + 8192;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		r = archive_read_data(a, buf + n, 4096);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	archive_read_free(a);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static void
test_sample(void **state)
{
	char path[4096];
	struct drive *dr;
	size_t len = 0;
	char *text;
	int i, signs = 0, failed = 0, repeats = 0;

	snprintf(path, sizeof(path), "%s/samples/evidence/luna/"
	    "dpod-audit-export-20261001-20261118.zip", srcdir());
	if ((text = read_zip_member(path, &len)) == NULL)
		skip();
	assert_true(P->probe(text, len < 65536 ? len : 65536, path) >= 88);
	dr = calloc(1, sizeof(*dr));
	assert_non_null(dr);
	drive(dr, P, text, len, path, NULL, 0, 0);
	if (strchr(dr->rcs, 'E'))
		bad("sample: records %s (%s)", dr->rcs, dr->msg);
	for (i = 0; i < dr->c.n; i++) {
		const struct evcopy *e = &dr->c.ev[i];

		if (strcmp(e->action, "sign") == 0) {
			signs++;
			check_field("sample", i, "key_ref",
			    "luna:1570839201746/3c1f0a2e00000117", e->key_ref);
			if (jpath(e->attrs, "repeat"))
				repeats++;
		}
		if (e->failed)
			failed++;
	}
	/* five releases of three repository signatures, two in the same
	   second; two refused logins from the Tor exit */
	if (signs != 15 || repeats != 5 || failed != 2)
		bad("sample: %d signatures (%d repeats), %d failures; want 15 "
		    "(5), 2", signs, repeats, failed);
	drive_free(dr);
	free(dr);
	free(text);
	end_test("sample");
}

static void
test_corpus(void **state)
{
	char dir[4096];
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s/../shared/corpus/luna", srcdir());
	if ((dp = opendir(dir)) == NULL) {
		print_message("no corpus at %s (no DPoD export is published "
		    "as a data file): skipped\n", dir);
		skip();
	}
	closedir(dp);
	/* a corpus folder would be replayed like the sample: not there yet */
	print_message("corpus folder present: replay it here\n");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_emit_failure),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_sample),
    cmocka_unit_test(test_corpus))
