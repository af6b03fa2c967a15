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

#include "helpers.h"

static const struct suite S = { .p = &parser_cloudhsm, .flags = S_PLAIN };

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

static const struct srow rows[] = {
	{ .name = "formats.md E.1 block: a login", .text = LOGIN,
	    .evname = "hsm-abc12345.log", .rcs = "O", .nev = 1, .w = {
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
	{ .name = "no HSM id in the name: unknown", .text = LOGIN,
	    .evname = "audit.log", .rcs = "O", .nev = 1, .w = {
		{ W(0), .session = "unknown/0x2004001",
		  .native_id = "unknown/0x3/0x2a/1768046405000123" },
		END } },
	{ .name = "S3 export: prefixed blocks, a key generation by the "
	    "logged-in "
	  "user, the cluster scopes key handles",
	    .text = S3("2026-11-06T22:38:05.204000Z") BLK(T0, "0x10", "0x1c",
	    "CN_LOGIN (0xd)",
	  "0x23e1001", OK, USER("authenticode-signer", CU))
	  S3("2026-11-06T22:38:06.000Z") BLK(T1, "0x11", "0x1c",
	  "CN_GENERATE_KEY_PAIR (0x19)", "0x23e1001", OK, KEYS("262150",
	  "262149"))
	  S3("2026-11-06T22:38:07.000Z") BLK(T2, "0x12", "0x1c",
	  "CN_LOGOUT (0xe)", "0x23e1001", OK, USER("authenticode-signer", CU)),
	    .evname = HSMNAME, .rcs = "OOO", .nev = 3, .w = {
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
	{ .name = "a failed login",
	    .text = BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)",
	  "0x7014006", "163:HSM Error: RET_USER_LOGIN_FAILURE",
	  USER("authenticode-signer", CU)), .evname = "hsm-3vq7yk2mzpa",
	    .rcs = "O", .nev = 1, .w = {
		{ W(0), .action = "session.login", .failed = F_YES,
		  .error_code = "RET_USER_LOGIN_FAILURE",
		  .actor = "authenticode-signer",
		  .attrs = { { "response_code", "163" },
		  { "response", "163:HSM Error: RET_USER_LOGIN_FAILURE" } } },
		END } },
	{ .name = "user management: the CO is the actor, the user managed "
	    "in attrs",
	    .text = BLK(T0, "0x10", "0xb", "CN_LOGIN (0xd)", "0x1", OK,
	  USER("admin", CO)) BLK(T1, "0x11", "0xb", "CN_CHANGE_PSWD (0x5)",
	  "0x1", OK, USER("authenticode-signer", CU)) BLK(T2, "0x12", "0xb",
	  "CN_CREATE_USER (0x3)", "0x1", OK, USER("newcu", CU)),
	    .evname = "hsm-6tnc4wbd8rx", .rcs = "OOO", .nev = 3, .w = {
		{ W(1), .action = "iam.credential",
		  .operation = "cloudhsm:CN_CHANGE_PSWD", .actor = "admin",
		  .attrs = { { "target_user", "authenticode-signer" },
		  { "user_type", CO } } },
		{ W(2), .action = "iam.credential", .actor = "admin",
		  .attrs = { { "target_user", "newcu" } } },
		END } },
	{ .name = "share, unwrap, wrap, destroy, quorum",
	    .text = BLK(T0, "0x10", "0xb", "CN_SHARE_OBJECT (0x12)", "0x1", OK,
	  "Log type : MGMT_KEY_DETAILS_LOG (1)\nKey Handle : 77\n")
	  BLK(T1, "0x11", "0xb", "CN_UNWRAP_KEY (0x29)", "0x1", OK,
	  KEYS("78", "79"))
	  BLK(T2, "0x12", "0xb", "CN_DESTROY_OBJECT (0x11)", "0x1", OK,
	  "Log type : MGMT_KEY_DETAILS_LOG (1)\nPriv/Secret Key Handle : 77\n")
	  BLK(T3, "0x13", "0xb", "CN_SET_M_VALUE (0x33)", "0x1", OK, ""),
	    .evname = "x", .rcs = "OOOO", .nev = 4, .w = {
		{ W(0), .action = "key.policy",
		    .key_ref = "cloudhsm:unknown/77",
		  .actor = NONE },
		{ W(1), .action = "key.import", .key_raw = "78" },
		{ W(2), .action = "key.delete", .key_raw = "77" },
		{ W(3), .action = "iam.policy", .key_ref = NONE },
		END } },
	{ .name = "a sequence gap: one finding from finish()",
	    .text = BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)", "0x1", OK,
	    USER("u", CU))
	  BLK(T1, "0x13", "0x1c", "CN_LOGOUT (0xe)", "0x1", OK, USER("u", CU)),
	    .evname = "hsm-3vq7yk2mzpa", .rcs = "OO", .nev = 3, .w = {
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
	{ .name = "a sequence reset without a reboot: a finding",
	    .text = BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)", "0x1", OK,
	    USER("u", CU))
	  BLK(T1, "0x0", "0x1c", "CN_LOGIN (0xd)", "0x2", OK, USER("u", CU)),
	    .evname = "hsm-3vq7yk2mzpa", .rcs = "OO", .nev = 3, .w = {
		{ W(2), .operation = "cloudhsm:sequence_reset",
		  .error_code = "sequence_reset",
		  .native_id = "hsm-3vq7yk2mzpa/0x1c/reset/0x10-0x0/"
		  "1794004686000000",
		  .attrs = { { "found_sequence", "0x0" } } },
		END } },
	{ .name = "a reboot resets the sequence: no finding",
	    .text = BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)", "0x1", OK,
	    USER("u", CU))
	  BLK(T1, "0x0", "0x1d", "CN_LOGIN (0xd)", "0x2", OK, USER("u", CU)),
	    .evname = "hsm-3vq7yk2mzpa", .rcs = "OO", .nev = 2, .w = { END } },
	{ .name = "out of order, repeated, starting past 0: no finding; "
	    "out-of-scope "
	  "records count for the sequence",
	    .text = BLK(T1, "0x11", "0x1c", "CN_GEN_PSWD_ENC_KEY (0x1d)",
	    "0x1", OK, "")
	  BLK(T0, "0x10", "0x1c", "CN_LOGIN (0xd)", "0x1", OK, USER("u", CU))
	  BLK(T2, "0x12", "0x1c", "CN_LOGOUT (0xe)", "0x1", OK, USER("u", CU))
	  BLK(T2, "0x12", "0x1c", "CN_LOGOUT (0xe)", "0x1", OK, USER("u", CU)),
	    .evname = "hsm-3vq7yk2mzpa", .rcs = "SOOO", .nev = 3,
	    .w = { END } },
	{ .name = "--all-events keeps out-of-scope opcodes as other",
	    .text = BLK(T1, "0x11", "0x1c", "CN_GEN_PSWD_ENC_KEY (0x1d)",
	    "0x1", OK, ""),
	    .evname = "hsm-3vq7yk2mzpa", .all = 1, .rcs = "O", .nev = 1, .w = {
		{ W(0), .action = "other",
		  .operation = "cloudhsm:CN_GEN_PSWD_ENC_KEY" },
		END } },
	{ .name = "unknown fields go to attrs; the time text is compared",
	    .text = "Time: 01/10/26 13:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No : 0x2a\nReboot counter : 0x3\nOpcode : CN_LOGIN (0xd)\n"
	  "Acting User : someone\n", .evname = "hsm-abc12345", .rcs = "O",
	    .nev = 1, .w = {
		{ W(0), .session = NONE, .actor = NONE,
		  .attrs = { { "other_fields.Acting User", "someone" },
		  { "time_text_mismatch",
		  "01/10/26 13:00:05.000123, usecs:1768046405000123" } } },
		END } },
	{ .name = "text before the first block is not a block",
	    .text = "some header line\n" LOGIN, .evname = "hsm-abc12345",
	    .rcs = "EO", .errmsg = "not a CloudHSM audit block", .nev = 1,
	    .w = { END } },
	{ .name = "missing Sequence No",
	    .text = "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Reboot counter : 0x3\nOpcode : CN_LOGIN (0xd)\n", .evname = "h",
	    .rcs = "E", .errmsg = "no 'Sequence No'", .w = { END } },
	{ .name = "Sequence No not hex",
	    .text = "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No : 42\nReboot counter : 0x3\nOpcode : CN_LOGIN (0xd)\n",
	    .evname = "h", .rcs = "E",
	    .errmsg = "'Sequence No' is not 0x<hex> ('42')", .w = { END } },
	{ .name = "Sequence No over 64 bits",
	    .text = "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No : 0x11112222333344445\nReboot counter : 0x3\n"
	  "Opcode : CN_LOGIN (0xd)\n", .evname = "h", .rcs = "E",
	    .errmsg = "'Sequence No'", .w = { END } },
	{ .name = "missing Reboot counter",
	    .text = "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No : 0x2a\nOpcode : CN_LOGIN (0xd)\n", .evname = "h",
	    .rcs = "E", .errmsg = "no 'Reboot counter'", .w = { END } },
	{ .name = "missing Opcode",
	    .text = "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No : 0x2a\nReboot counter : 0x3\n", .evname = "h",
	    .rcs = "E", .errmsg = "no 'Opcode'", .w = { END } },
	{ .name = "no usecs", .text = "Time: 01/10/26 12:00:05.000123\n"
	  "Sequence No : 0x2a\nReboot counter : 0x3\nOpcode : CN_LOGIN (0xd)\n",
	    .evname = "h", .rcs = "E", .errmsg = "no 'usecs:'", .w = { END } },
	{ .name = "usecs too large",
	    .text = "Time: 01/10/26 12:00:05.000123, "
	    "usecs:99999999999999999999999\n"
	  "Sequence No : 0x2a\nReboot counter : 0x3\nOpcode : CN_LOGIN (0xd)\n",
	    .evname = "h", .rcs = "E", .errmsg = "usecs out of range",
	    .w = { END } },
	{ .name = "a line without a colon",
	    .text = "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n"
	  "Sequence No 0x2a\n", .evname = "h", .rcs = "E",
	    .errmsg = "is not 'Key : value'", .w = { END } },
	{ .name = "invalid UTF-8 between good blocks",
	    .text = LOGIN "Time: 01/10/26 12:00:06.000000, "
	    "usecs:1768046406000000\n"
	  "User Name : \xff\xfe\n" LOGIN, .evname = "h", .rcs = "OEO",
	    .errmsg = "not valid UTF-8", .nev = 2, .w = { END } },
	/* filter-log-events output */
	{ .name = "filter-log-events: the stream is the HSM, eventId in attrs",
	    .p = &parser_cloudhsm_cwl,
	    .text = "{\"events\":[{\"logStreamName\":\"hsm-3vq7yk2mzpa\","
	  "\"timestamp\":1794004685204,\"message\":\"Time: 11/06/26 "
	  "22:38:05.204000, usecs:1794004685204000\\nSequence No : 0x10\\n"
	  "Reboot counter : 0x1c\\nCommand Type(hex) : CN_MGMT_CMD (0x0)\\n"
	  "Opcode : CN_LOGIN (0xd)\\nSession Handle : 0x23e1001\\nResponse : "
	  "0:HSM Return: SUCCESS\\nLog type : MGMT_USER_DETAILS_LOG (2)\\n"
	  "User Name : authenticode-signer\\nUser Type : CN_CRYPTO_USER (1)\","
	  "\"ingestionTime\":1794004686621,\"eventId\":\"3689254739293850234"
	  "2423233485749308393049203948503843\"}],\"searchedLogStreams\":[]}",
	    .evname = "filter-log-events-cluster-5xk2hq7wbnm.json", .rcs = "O",
	    .nev = 1, .w = {
		{ W(0), .action = "session.login",
		  .session = "hsm-3vq7yk2mzpa/0x23e1001",
		  .native_id = "hsm-3vq7yk2mzpa/0x1c/0x10/1794004685204000",
		  .attrs = { { "cwl_event_id", "36892547392938502342423233485"
		  "749308393049203948503843" },
		  { "log_stream", "hsm-3vq7yk2mzpa" },
		  { "cwl_timestamp_ms", "1794004685204" },
		  { "cluster", "cluster-5xk2hq7wbnm" } } },
		END } },
	{ .name = "filter-log-events: a gap across records of two streams",
	    .p = &parser_cloudhsm_cwl, .text = "{\"events\":["
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
	  "]}", .evname = "f.json", .rcs = "OOOO", .nev = 5, .w = {
		{ W(4), .native_id = "hsm-aaaaa1/0x2/gap/0x1-0x3",
		  .attrs = { { "hsm", "hsm-aaaaa1" },
		  { "missing", "1" } } },
		END } },
	{ .name = "get-log-events output: no eventId, no stream name",
	    .p = &parser_cloudhsm_cwl,
	    .text = "{\"events\":[{\"timestamp\":1767225601000,"
	    "\"message\":\"Time: "
	  "01/01/26 00:00:01.000000, usecs:1767225601000000\\nSequence No : "
	  "0x1\\nReboot counter : 0x2\\nOpcode : CN_LOGIN (0xd)\",\"ingestionTime"
	  "\":1767225602000}],\"nextForwardToken\":\"f/1\"}",
	    .evname = "hsm-ccccc3-events.json", .rcs = "O", .nev = 1, .w = {
		{ W(0), .native_id = "hsm-ccccc3/0x2/0x1/1767225601000000",
		  .attrs = { { "cwl_event_id", ABSENT } } },
		END } },
	{ .name = "certificate storage records", .p = &parser_cloudhsm_cwl,
	    .text = "{\"events\":["
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
	  "\"eventId\":\"3\"}]}", .evname = "x.json", .rcs = "OOO", .nev = 3,
	    .w = {
		{ W(0), .action = "pki.cert",
		  .operation = "cloudhsm:cert:CreateObject",
		  .key_ref = "cloudhsm:cluster-5xk2hq7wbnm/463180677312929947",
		  .native_id = "cwl:1", .ts = "2024-09-04T20:41:23.671000Z" },
		{ W(1), .failed = F_YES, .error_code = "MaxObjectsReached",
		  .key_ref = NONE },
		{ W(2), .action = "key.policy",
		  .attrs = { { "attributes", "[\"Label\"]" } } },
		END } },
	{ .name = "message missing, not a string, bad JSON message, not an "
	    "object",
	    .p = &parser_cloudhsm_cwl,
	    .text = "{\"events\":[{\"logStreamName\":\"hsm-aaaaa1\"},"
	  "{\"message\":5},{\"message\":\"{oops\"},[1,2],"
	  "{\"logStreamName\":7,\"message\":\"x\"},"
	  "{\"message\":\"{\\\"op_code\\\":\\\"CreateObject\\\","
	  "\\\"timestamp\\\":\\\"soon\\\"}\"}]}", .evname = "x.json",
	    .rcs = "EEEEEE", .errmsg = "record has no 'message'",
	    .w = { END } },
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
	drive_begin(dr, &parser_cloudhsm, "hsm-abc12345", NULL, 0);
	dr->c.fail = 1;
	assert_int_equal(drive_one(dr, LOGIN, strlen(LOGIN), &d),
	    PARSE_FATAL);
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
	drive_begin(dr, &parser_cloudhsm, "hsm-abc12345", NULL, 0);
	drive_feed(dr, text, strlen(text), 0);
	assert_string_equal(dr->rcs, "OO");
	dr->c.fail = 1;
	event_init(&ev);
	diag_clear(&d);
	assert_int_equal(parser_cloudhsm.finish(&dr->pc, &ev, &d), -1);
	event_clear(&ev);
	drive_free(dr);
	free(dr);
}

static const struct probe_row probes[] = {
	{ .name = "1", .head = LOGIN, .file = "f", .min = 90, .max = 90 },
	{ .name = "2", .head = "2026-01-10T12:00:05.000Z " LOGIN, .file = "f",
	    .min = 90, .max = 90 },
	{ .name = "3", .head = "Time: 01/10/26 12:00:05, usecs:1\n",
	    .file = "f", .min = 0, .max = 0 },
	{ .name = "4", .head = "{\"Records\":[]}", .file = "f",
	    .min = 0, .max = 0 },
	{ .name = "5", .p = &parser_cloudhsm_cwl,
	    .head = "{\"events\":[{\"logStreamName\":\"hsm-a\","
	    "\"message\":\"Time: "
	  "x, usecs:1\\nSequence No : 0x1\\nReboot counter : 0x1\"}]}",
	    .file = "f", .min = 92, .max = 92 },
	{ .name = "6", .p = &parser_cloudhsm_cwl,
	    .head = "{\"events\":[{\"logStreamName\":\"cluster-a\","
	    "\"message\":"
	  "\"{\\\"object_handle\\\":1,\\\"op_code\\\":\\\"CreateObject\\\"}\"}"
	  "]}", .file = "f", .min = 85, .max = 85 },
	/* CloudTrail delivered to CloudWatch Logs is not ours */
	{ .name = "7", .p = &parser_cloudhsm_cwl,
	    .head = "{\"events\":[{\"logStreamName\":\"210987654321_CloudTra"
	    "il\","
	  "\"message\":\"{\\\"eventVersion\\\":\\\"1.08\\\"}\"}]}",
	    .file = "f", .min = 0, .max = 0 },
	{ .name = "8", .p = &parser_cloudhsm_cwl,
	    .head = "{\"eventVersion\":\"1.08\",\"eventSource\":\"kms\"}",
	    .file = "f", .min = 0, .max = 0 },
};

static void
test_probe(void **state)
{
	run_probes(&S, probes, NELEM(probes));
}

/* ------------------------------------------------------------------ */
/* The bundled sample and the shared corpus                            */

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
	assert_int_equal(drive(dr, &parser_cloudhsm_cwl, text, len, path, NULL,
	    0, 0), 0);
	if (strspn(dr->rcs, "O") != strlen(dr->rcs))
		bad("sample: records %s (%s)", dr->rcs, dr->msg);
	for (i = 0; i < dr->c.n; i++) {
		const struct evcopy *e = &dr->c.ev[i];

		if (strcmp(e->action, "audit.integrity") == 0) {
			gaps++;
			check_field("sample", i, "native_id",
			    "hsm-6tnc4wbd8rx/"
			    "0xb/gap/0x1b42-0x1b45", e->native_id);
		}
		if (strcmp(e->action, "key.create") == 0) {
			creates++;
			check_field("sample", i, "key_ref", "cloudhsm:"
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
	static const struct parser *const ps[] = { &parser_cloudhsm_cwl,
	    &parser_cloudhsm, NULL };
	int files = drive_corpus(&S, ps, "cloudhsm");

	if (files < 0) {
		print_message("no corpus at ../shared/corpus/cloudhsm (no "
		    "real CloudHSM audit log is published as a data file): "
		    "skipped\n");
		skip();
	}
	print_message("%d corpus files\n", files);
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_emit_failure),
    cmocka_unit_test(test_finish_failure), cmocka_unit_test(test_probe),
    cmocka_unit_test(test_sample), cmocka_unit_test(test_corpus))
