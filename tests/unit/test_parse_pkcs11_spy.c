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

#include "helpers.h"

#define SOURCE	"pkcs11-spy"

static const struct parser *const P = &parser_pkcs11_spy;
static const struct suite S = { .p = &parser_pkcs11_spy, .flags = S_PLAIN };

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

static const struct srow rows[] = {
	{ .name = "formats.md E.5 example: the dump shows 4 of 32 bytes: "
	    "partial",
	    .text = "*************** OpenSC PKCS#11 spy *****************\n"
	  "Loaded: \"/usr/lib/softhsm/libsofthsm2.so\"\n\n"
	  "17: C_Sign\n"
	  "P:4121; T:0x7f1c2a3b4c40 2026-01-10 12:00:07.412\n"
	  "[in] hSession = 0x2\n"
	  "[in] pData[ulDataLen] 0x55d0c3a1e2f0 / 32\n"
	  "    00000000  51 BC 0F C1 \xe2\x80\xa6\n"
	  "[out] pSignature[*pulSignatureLen] 0x55d0c3a1e400 / 64\n"
	  "Returned:  0 CKR_OK\n", .evname = "spy.log", .rcs = "NO", .nev = 1,
	    .w = {
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
	{ .name = "YubiHSM module: the PIN names the auth key; SignInit "
	    "then Sign "
	  "with a 32-byte digest",
	    .text = BANNER(YKMOD) LOGIN_YK SIGNINIT("CKM_ECDSA",
	    "0x30102") SIGN32,
	    .evname = "fw-signer-01-pkcs11-spy.log", .rcs = "NOOO", .nev = 3,
	    .w = {
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
	{ .name = "the length query (NULL signature buffer) signs nothing",
	    .text = BANNER(YKMOD) SIGNINIT("CKM_ECDSA", "0x30102")
	  CALL("6", "C_Sign", "2026-11-06 22:24:10.605") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 000055d0c3a1e2f0 / 32\n" DUMP32
	  "[out] pSignature[*pulSignatureLen] NULL\n" OKRV SIGN32,
	    .evname = "s.log", .rcs = "NOSO", .nev = 2, .w = {
		{ W(1), .digest = "sha256:" D32HEX,
		  .attrs = { { "mechanism", "CKM_ECDSA" } } },
		END } },
	{ .name = "the length query with --all-events: other",
	    .text = BANNER(YKMOD) CALL("6", "C_Sign",
	    "2026-11-06 22:24:10.605")
	  "[in] hSession = 0x1\n[out] pSignature[*pulSignatureLen] NULL\n"
	  OKRV, .evname = "s.log", .all = 1, .rcs = "NO", .nev = 1, .w = {
		{ W(0), .action = "other" }, END } },
	{ .name = "a failed signature keeps the digest attempted",
	    .text = BANNER(YKMOD) SIGNINIT("CKM_ECDSA", "0x30103")
	  CALL("6", "C_Sign", "2026-11-06 22:23:58.310") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 000055d0c3a1e2f0 / 32\n" DUMP32
	  "Returned:  6 CKR_FUNCTION_FAILED\n", .evname = "s.log",
	    .rcs = "NOO", .nev = 2, .w = {
		{ W(1), .failed = F_YES, .error_code = "CKR_FUNCTION_FAILED",
		  .key_raw = "0x30103", .digest = "sha256:" D32HEX,
		  .attrs = { { "rv", "6" } } },
		END } },
	{ .name = "old format: no P:/T: part; Windows line ends",
	    .text = "\r\n0: C_Login\r\n2026-01-10 12:00:07.412\r\n[in] "
	    "hSession = 0x2\r\n"
	  "[in] userType = CKU_SO\r\nReturned:  160 CKR_PIN_INCORRECT\r\n",
	    .evname = "s.log", .rcs = "O", .nev = 1, .w = {
		{ W(0), .session = "0x2", .failed = F_YES,
		  .error_code = "CKR_PIN_INCORRECT", .actor = NONE,
		  .ts = "2026-01-10T12:00:07.412000Z",
		  .attrs = { { "pid", ABSENT }, { "user_type", "CKU_SO" },
		  { "rv", "160" } } },
		END } },
	{ .name = "a very old trace without a time line: no time",
	    .text = "\n0: C_Logout\n[in] hSession = 0x2\nReturned:  0 "
	    "CKR_OK\n",
	    .evname = "s.log", .rcs = "O", .nev = 1, .w = {
		{ W(0), .action = "session.logout", .ts = NONE }, END } },
	{ .name = "a trace cut short: no Returned line",
	    .text = BANNER(SOFTMOD) CALL("9", "C_Sign",
	    "2026-01-10 12:00:07.412")
	  "[in] hSession = 0x2\n[in] pData[ulDataLen] 000055d0c3a1e2f0 / 32\n"
	  "    00000000  00 01 02 03 04 05 06 07 08 09 0A", .evname = "s.log",
	    .rcs = "NO", .nev = 1, .w = {
		{ W(0), .failed = F_YES, .error_code = "NO_RETURN",
		  .digest = NONE, .attrs = { { "data_partial", "true" },
		  { "data_shown", "11" }, { "rv", ABSENT } } },
		END } },
	{ .name = "a hash-and-sign mechanism: SHA-256 of pData is computed",
	    .text = BANNER(SOFTMOD) SIGNINIT("CKM_ECDSA_SHA256", "0x2")
	  CALL("6", "C_Sign", "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 000055d0c3a1e2f0 / 3\n"
	  "    00000000  61 62 63                                         "
	  "abc             \n" OKRV, .evname = "s.log", .rcs = "NOO", .nev = 2,
	    .w = {
		{ W(1), .digest = "sha256:ba7816bf8f01cfea414140de5dae2223b00"
		  "361a396177a9cb410ff61f20015ad",
		  .attrs = { { "digest_computed", "true" } } },
		END } },
	{ .name = "CKM_RSA_PKCS over a SHA-256 DigestInfo",
	    .text = BANNER(SOFTMOD) SIGNINIT("CKM_RSA_PKCS", "0x2")
	  CALL("6", "C_Sign", "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 000055d0c3a1e2f0 / 51\n"
	  "    00000000  30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05  "
	  "010...`.H.e.....\n"
	  "    00000010  00 04 20 00 01 02 03 04 05 06 07 08 09 0A 0B 0C  "
	  ".. .............\n"
	  "    00000020  0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C  "
	  "................\n"
	  "    00000030  1D 1E 1F                                         "
	  "...             \n" OKRV, .evname = "s.log", .rcs = "NOO", .nev = 2,
	    .w = {
		{ W(1), .digest = "sha256:" D32HEX,
		  .attrs = { { "digest_from", "DigestInfo" } } },
		END } },
	{ .name = "48 bytes: a SHA-384 digest in attrs",
	    .text = BANNER(SOFTMOD) SIGNINIT("CKM_ECDSA", "0x2")
	  CALL("6", "C_Sign", "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 000055d0c3a1e2f0 / 48\n" DUMP32
	  "    00000020  00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F  "
	  "................\n" OKRV, .evname = "s.log", .rcs = "NOO", .nev = 2,
	    .w = {
		{ W(1), .digest = NONE,
		  .attrs = { { "digest_sha384", D32HEX
		  "000102030405060708090a0b0c0d0e0f" } } },
		END } },
	{ .name = "a dump with a line missing is partial",
	    .text = BANNER(SOFTMOD) CALL("6", "C_Sign",
	    "2026-01-10 12:00:07.412")
	  "[in] hSession = 0x1\n[in] pData[ulDataLen] 000055d0c3a1e2f0 / 32\n"
	  "    00000010  10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F  "
	  "................\n" OKRV, .evname = "s.log", .rcs = "NO", .nev = 1,
	    .w = {
		{ W(0), .digest = NONE,
		  .attrs = { { "data_partial", "true" } } },
		END } },
	{ .name = "EdDSA signs the message: 32 bytes are no digest",
	    .text = BANNER(SOFTMOD) SIGNINIT("CKM_EDDSA", "0x2") SIGN32,
	    .evname = "s.log", .rcs = "NOO", .nev = 2, .w = {
		{ W(1), .digest = NONE, .attrs = { { "data_len", "32" } } },
		END } },
	{ .name = "another module: no actor from the PIN, PIN never in attrs",
	    .text = BANNER(SOFTMOD) LOGIN_YK SIGNINIT("CKM_ECDSA", "0x2"),
	    .evname = "s.log", .rcs = "NOO", .nev = 2, .w = {
		{ W(0), .actor = NONE, .attrs = { { "pin_len", "8" } } },
		{ W(1), .actor = NONE },
		END } },
	{ .name = "logout forgets the actor; a new banner forgets the process",
	    .text = BANNER(YKMOD) LOGIN_YK CALL("7", "C_Logout",
	    "2026-11-06 22:26:03.190")
	  "[in] hSession = 0x1\n" OKRV SIGNINIT("CKM_ECDSA", "0x30102")
	  BANNER(YKMOD) SIGN32, .evname = "s.log", .rcs = "NOOONO", .nev = 4,
	    .w = {
		{ W(1), .action = "session.logout",
		  .actor = "yubihsm:authkey:0x0009" },
		{ W(2), .actor = NONE },
		{ W(3), .actor = NONE, .key_raw = NONE,
		  .attrs = { { "mechanism",
		  "unknown (no C_SignInit seen)" } } },
		END } },
	{ .name = "multi-part signing",
	    .text = BANNER(SOFTMOD) SIGNINIT("CKM_SHA256_RSA_PKCS", "0x9")
	  CALL("6", "C_SignUpdate", "2026-01-10 12:00:07.412")
	  "[in] hSession = 0x1\n[in] pPart[ulPartLen] 000055d0c3a1e2f0 / 3\n"
	  "    00000000  61 62 63                                         "
	  "abc             \n" OKRV
	  CALL("7", "C_SignFinal", "2026-01-10 12:00:07.413")
	  "[in] hSession = 0x1\n[out] pSignature[*pulSignatureLen] "
	  "000055d0c3a1e400 / 4\n    00000000  AA BB CC DD"
	  "                                      ....            \n" OKRV,
	    .evname = "s.log", .rcs = "NOOO", .nev = 3, .w = {
		{ W(1), .operation = "pkcs11:C_SignUpdate", .key_raw = "0x9",
		  .attrs = { { "part_len", "3" },
		  { "mechanism", "CKM_SHA256_RSA_PKCS" } } },
		{ W(2), .operation = "pkcs11:C_SignFinal", .key_raw = "0x9",
		  .digest = NONE },
		END } },
	{ .name = "key management calls",
	    .text = BANNER(SOFTMOD) CALL("3", "C_GenerateKeyPair",
	    "2026-01-10 12:00:07.412")
	  "[in] hSession = 0x1\n[in] pMechanism->type = CKM_EC_KEY_PAIR_GEN\n"
	  "[out] hPublicKey = 0x11\n[out] hPrivateKey = 0x12\n" OKRV
	  CALL("4", "C_DestroyObject", "2026-01-10 12:00:08.412")
	  "[in] hSession = 0x1\n[in] hObject = 0x12\n" OKRV
	  CALL("5", "C_SetPIN", "2026-01-10 12:00:09.412")
	  "[in] hSession = 0x1\n" OKRV, .evname = "s.log", .rcs = "NOOO",
	    .nev = 3, .w = {
		{ W(0), .action = "key.create", .key_raw = "0x12" },
		{ W(1), .action = "key.delete", .key_raw = "0x12" },
		{ W(2), .action = "iam.credential" },
		END } },
	{ .name = "other calls are out of scope; kept with --all-events",
	    .text = BANNER(SOFTMOD) CALL("1", "C_Initialize",
	    "2026-01-10 12:00:07.412")
	  "[in] pInitArgs = (nil)\n" OKRV, .evname = "s.log", .rcs = "NS",
	    .w = { END } },
	{ .name = "other calls with --all-events",
	    .text = BANNER(SOFTMOD) CALL("1", "C_Initialize",
	    "2026-01-10 12:00:07.412")
	  "[in] pInitArgs = (nil)\n" OKRV, .evname = "s.log", .all = 1,
	    .rcs = "NO", .nev = 1, .w = {
		{ W(0), .action = "other",
		    .operation = "pkcs11:C_Initialize" },
		END } },
	{ .name = "text before the first call",
	    .text = "garbage here\n" CALL("1", "C_Logout",
	  "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n" OKRV,
	    .evname = "s.log", .rcs = "EO", .errmsg = "not a pkcs11-spy call",
	    .nev = 1, .w = { END } },
	{ .name = "an impossible time",
	    .text = CALL("1", "C_Logout", "2026-13-45 99:00:07.412")
	  "[in] hSession = 0x1\n" OKRV, .evname = "s.log", .rcs = "E",
	    .errmsg = "bad time", .w = { END } },
	{ .name = "Returned without a number", .text = CALL("1", "C_Logout",
	  "2026-01-10 12:00:07.412") "[in] hSession = 0x1\nReturned:  oops\n",
	    .evname = "s.log", .rcs = "E",
	    .errmsg = "'Returned:' without a number", .w = { END } },
	{ .name = "invalid UTF-8",
	    .text = CALL("1", "C_Logout", "2026-01-10 12:00:07.412")
	  "[in] hSession = \xff\n" OKRV, .evname = "s.log", .rcs = "E",
	    .errmsg = "not valid UTF-8", .w = { END } },
	{ .name = "a huge declared length and odd lines do no harm",
	    .text = CALL("1", "C_Sign",
	    "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n"
	  "[in] pData[ulDataLen] 0000 / 99999999999999999999\n"
	  "[in] pData[ulDataLen]\n[in]\n[out] x = \n    0000000G  00\n"
	  "[in] " "a = b\n" OKRV, .evname = "s.log", .rcs = "O", .nev = 1,
	    .w = {
		{ W(0), .digest = NONE }, END } },
};

static void
test_rows(void **state)
{
	run_srows(&S, rows, NELEM(rows));
}

static void
test_emit_failure(void **state)
{
	static const char text[] = CALL("1", "C_Logout",
	    "2026-01-10 12:00:07.412") "[in] hSession = 0x1\n" OKRV;
	struct drive *dr = calloc(1, sizeof(*dr));
	struct diag d;

	assert_non_null(dr);
	drive_begin(dr, P, "s.log", NULL, 0);
	dr->c.fail = 1;
	/* the record as tsplit hands it over: from the header, no newline */
	assert_int_equal(drive_one(dr, text + 1, strlen(text) - 2, &d),
	    PARSE_FATAL);
	drive_free(dr);
	free(dr);
}

static const struct probe_row probes[] = {
	{ .name = "1", .head = BANNER(YKMOD), .file = "f",
	    .min = 92, .max = 92 },
	{ .name = "2", .head = CALL("1", "C_Logout", "2026-01-10 12:00:07.412")
	  "[in] hSession = 0x1\n" OKRV, .file = "f", .min = 85, .max = 85 },
	{ .name = "3", .head = "1: C_Logout\n", .file = "f",
	    .min = 0, .max = 0 },
	{ .name = "4",
	    .head = "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n",
	    .file = "f", .min = 0, .max = 0 },
	{ .name = "5", .head = "", .file = "f", .min = 0, .max = 0 },
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
	int i, signs = 0, digests = 0, by9 = 0;

	snprintf(path, sizeof(path), "%s/samples/evidence/pkcs11/"
	    "fw-signer-01-pkcs11-spy.log", srcdir());
	if ((text = read_file(path, &len)) == NULL)
		skip();
	assert_true(P->probe(text, len < 65536 ? len : 65536, path) >= 85);
	dr = calloc(1, sizeof(*dr));
	assert_non_null(dr);
	drive(dr, P, text, len, path, NULL, 0, 0);
	if (strchr(dr->rcs, 'E'))
		bad("sample: records %s (%s)", dr->rcs, dr->msg);
	for (i = 0; i < dr->c.n; i++) {
		const struct evcopy *e = &dr->c.ev[i];

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
	static const struct parser *const ps[] = { &parser_pkcs11_spy, NULL };
	int files = drive_corpus(&S, ps, "pkcs11");

	if (files < 0) {
		print_message("no corpus at ../shared/corpus/pkcs11: "
		    "skipped\n");
		skip();
	}
	print_message("%d corpus files\n", files);
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_emit_failure),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_sample),
    cmocka_unit_test(test_corpus))
