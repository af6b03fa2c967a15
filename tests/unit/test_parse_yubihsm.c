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

#include "buf.h"
#include "err.h"
#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "timeutil.h"

#include "helpers.h"

static const struct parser *const P = &parser_yubihsm;
/* every event has a native_id */
static void
need_native_id(const char *row, const struct evcopy *e)
{
	if (e->native_id == NULL)
		bad("%s: event without native_id", row);
}

static const struct suite S = { .p = &parser_yubihsm, .flags = S_PLAIN,
    .check = need_native_id };

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

static const struct srow rows[] = {
	{ .name = "formats.md E.2 excerpt: chain verifies, item 41 is the "
	    "anchor",
	    .text = HEAD("2") E2_41 E2_42, .evname = SERIAL_NAME,
	    .anchor = "2026-01-10T12:00:07Z", .rcs = "O", .nev = 2, .w = {
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
	{ .name = "E.2 excerpt without an anchor: no times, ticks kept",
	    .text = HEAD("2") E2_41 E2_42, .evname = "audit.txt", .rcs = "O",
	    .nev = 2, .w = {
		{ W(0), .ts = NONE, .ts_flags = TSF_NONE,
		  .attrs = { { "time_unplaced", "no --anchor given" },
		  { "tick", "123000" } } },
		{ W(1), .key_ref = "yubihsm:unknown/0x0102", .ts = NONE,
		  .native_id = "unknown/42/81d6877d07966712fae240af0b8dd674" },
		END } },
	{ .name = "item 42 altered (session key 0x0009): one chain break at "
	    "42",
	    .text = HEAD("2") E2_41 E2_42_BAD, .evname = SERIAL_NAME,
	    .anchor = "2026-01-10T12:00:07Z", .rcs = "O", .nev = 3, .w = {
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
	{ .name = "item 41 removed: the first entry is the anchor, nothing "
	    "to say",
	    .text = HEAD("1") E2_42, .evname = SERIAL_NAME, .rcs = "O",
	    .nev = 1, .w = {
		{ W(0), .action = "sign" }, END } },
	{ .name = "real device output: chain verifies, CREATE_SESSION's "
	    "actor is "
	  "its target key", .text = REAL, .evname = "yubihsm_7040527.txt",
	    .anchor = "2026-03-02T09:00:00Z", .rcs = "O", .nev = 3, .w = {
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
	{ .name = "real device output with --all-events: power-up and "
	    "initial entry",
	    .text = REAL, .evname = "x.txt", .anchor = "2026-03-02T09:00:00Z",
	    .all = 1, .rcs = "O", .nev = 5, .w = {
		{ W(0), .action = "other", .operation = "yubihsm:POWER_UP",
		  .actor = NONE, .failed = F_NO, .ts = NONE,
		  .attrs = { { "time_unplaced", "at or before the power-up "
		  "entry (item 1)" }, { "tick", "4294967295" } } },
		{ W(1), .action = "other",
		  .operation = "yubihsm:INITIAL_ENTRY", .actor = NONE,
		  .failed = F_NO, .ts = "2026-03-02T08:59:59.452000Z" },
		END } },
	{ .name = "numbers and ticks wrap; entries before the power-up have "
	    "no time",
	    .text = WRAP, .evname = SERIAL_NAME,
	    .anchor = "2026-11-13T10:30:00Z", .rcs = "O", .nev = 5, .w = {
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
	{ .name = "entries removed and the chain recomputed: a gap, no break",
	    .text = GAP_ONLY, .evname = SERIAL_NAME,
	    .anchor = "2026-11-13T10:30:00Z", .rcs = "O", .nev = 5, .w = {
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
	{ .name = "a line removed without recomputing: a gap and a break",
	    .text = HEAD("4") E2_41 "item:    43 -- cmd: 0x40 -- length:    "
	    "0 -- "
	  "session key: 0x0005 -- target key: 0xffff -- second key: 0xffff -- "
	  "result: 0xc0 -- tick: 123500 -- hash: "
	  "00112233445566778899aabbccddeeff\n", .evname = SERIAL_NAME,
	    .rcs = "O", .nev = 5, .w = {
		{ W(2), .operation = "yubihsm:item_gap" },
		{ W(3), .operation = "yubihsm:chain_break",
		  .attrs = { { "expected_hash",
		  "c4b05e88a98ca276286034a0eefd7351" } } },
		{ W(4), .operation = "yubihsm:item_count",
		  .error_code = "item_count",
		  .attrs = { { "declared", "4" }, { "listed", "2" } } },
		END } },
	{ .name = "commands other than signing; 0x7f and odd results fail",
	    .text = MIXED, .evname = SERIAL_NAME, .rcs = "O", .nev = 6, .w = {
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
		{ W(4), .action = "sign", .failed = F_YES,
		    .error_code = "0x7f" },
		{ W(5), .action = "sign", .failed = F_YES,
		    .error_code = "0x55" },
		END } },
	{ .name = "unlogged boots and authentications are findings",
	    .text = "3 unlogged boots found\n1 unlogged authentications "
	    "found\nFound 1 "
	  "item\n" E2_42, .evname = SERIAL_NAME,
	    .anchor = "2026-01-10T12:00:07Z", .rcs = "O", .nev = 3, .w = {
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
	{ .name = "two reads appended: repeated lines are used once",
	    .text = HEAD("1") E2_41 HEAD("2") E2_41 E2_42,
	    .evname = SERIAL_NAME, .rcs = "O", .nev = 2, .w = { END } },
	{ .name = "no logs to extract: a non-event",
	    .text = "0 unlogged boots found\n0 unlogged authentications "
	    "found\n"
	  "No logs to extract\n", .evname = SERIAL_NAME, .rcs = "N",
	    .w = { END } },
	{ .name = "only out-of-scope entries: skipped",
	    .text = HEAD("1") "item:     1 -- cmd: 0x4d -- length:    0 -- "
	    "session key: "
	  "0x0002 -- target key: 0xffff -- second key: 0xffff -- result: 0xcd "
	  "-- tick: 600 -- hash: 5a6bb20d0a283ce5b8a2a7688e5abfe3\n",
	    .evname = SERIAL_NAME, .rcs = "S", .w = { END } },
	{ .name = "a bad line among good ones: events kept, record "
	    "quarantined",
	    .text = HEAD("2") E2_41 "item:    42 -- cmd: 0x56 -- length: 34 "
	    "-- oops\n"
	  E2_42, .evname = SERIAL_NAME, .rcs = "E",
	    .errmsg = "line 5: item line ends before field", .nev = 3, .w = {
		{ W(2), .operation = "yubihsm:item_count" }, END } },
	{ .name = "hash of the wrong length",
	    .text = HEAD("1") "item:    42 -- cmd: 0x56 -- "
	  "length:   34 -- session key: 0x0005 -- target key: 0x0102 -- "
	  "second key: 0xffff -- result: 0xd6 -- tick: 123450 -- hash: 81d6\n",
	    .evname = SERIAL_NAME, .rcs = "E",
	    .errmsg = "field 'hash' is not 32 hex", .w = { END } },
	{ .name = "item number over 16 bits",
	    .text = HEAD("1") "item: 65536 -- cmd: 0x56 -- "
	  "length:   34 -- session key: 0x0005 -- target key: 0x0102 -- "
	  "second key: 0xffff -- result: 0xd6 -- tick: 123450 -- hash: "
	  "81d6877d07966712fae240af0b8dd674\n", .evname = SERIAL_NAME,
	    .rcs = "E", .errmsg = "field 'item' is not a number up to 65535",
	    .w = { END } },
	{ .name = "tick over 32 bits",
	    .text = HEAD("1") "item:    42 -- cmd: 0x56 -- length: "
	  "  34 -- session key: 0x0005 -- target key: 0x0102 -- second key: "
	  "0xffff -- result: 0xd6 -- tick: 4294967296 -- hash: "
	  "81d6877d07966712fae240af0b8dd674\n", .evname = SERIAL_NAME,
	    .rcs = "E", .errmsg = "field 'tick'", .w = { END } },
	{ .name = "huge number",
	    .text = HEAD("1") "item: 99999999999999999999999 -- cmd: "
	  "0x56\n", .evname = SERIAL_NAME, .rcs = "E",
	    .errmsg = "field 'item'", .w = { END } },
	{ .name = "text after the hash",
	    .text = HEAD("1") "item:    42 -- cmd: 0x56 -- "
	  "length:   34 -- session key: 0x0005 -- target key: 0x0102 -- "
	  "second key: 0xffff -- result: 0xd6 -- tick: 123450 -- hash: "
	  "81d6877d07966712fae240af0b8dd674 -- extra\n", .evname = SERIAL_NAME,
	    .rcs = "E", .errmsg = "field 'hash'", .w = { END } },
	{ .name = "not audit output at all",
	    .text = "hello world\nthis is not a log\n", .evname = SERIAL_NAME,
	    .rcs = "E",
	    .errmsg = "line 1: not a line of yubihsm-shell audit output",
	    .w = { END } },
	{ .name = "empty input", .text = "", .evname = SERIAL_NAME, .rcs = "E",
	    .errmsg = "no yubihsm-shell audit lines", .w = { END } },
	{ .name = "CRLF line ends and a truncated last line",
	    .text = HEAD("2") "item:    41 -- cmd: 0x04 -- length:   17 -- "
	    "session key: "
	  "0x0005 -- target key: 0xffff -- second key: 0xffff -- result: 0x84 "
	  "-- tick: 123000 -- hash: 6d7a286cb4ad1e6f0e4b14fd02c645f7\r\n"
	  "item:    42 -- cmd: 0x56 -- len", .evname = SERIAL_NAME, .rcs = "E",
	    .errmsg = "line 5: item line ends before field", .nev = 1,
	    .w = { END } },
};

static void
test_rows(void **state)
{
	run_srows(&S, rows, NELEM(rows));
}

/* The chain vector of formats.md E.2, as plain bytes: an EVP self-check. */
static int64_t
parse_time(const char *s)
{
	int64_t us;

	assert_int_equal(ts_parse_iso(s, strlen(s), &us, NULL, NULL), 0);
	return us;
}

static void
test_chain_vector(void **state)
{
	struct capture c;
	struct diag d;
	int i;

	memset(&c, 0, sizeof(c));
	assert_int_equal(run_item(P, HEAD("2") E2_41 E2_42, "x", NULL, 0, &c,
	    &d), PARSE_OK);
	for (i = 0; i < c.n; i++)
		if (strcmp(c.ev[i].action, "audit.integrity") == 0)
			bad("the E.2 vector does not verify: %s",
			    c.ev[i].native_id);
	capture_free(&c);
	end_test("chain vector");
}

/*
 * Twenty authentication keys open a session each, sign, and the first
 * closes its session and signs again: every signature is in the session
 * its key opened, the last in none (past sixteen keys the parser moves
 * the sessions from its short list to a table of every key id).
 */
static void
test_many_sessions(void **state)
{
	static const char item[] = "item: %5u -- cmd: 0x%02x -- length:   10"
	    " -- session key: 0x%04x -- target key: 0x%04x -- second key:"
	    " 0xffff -- result: 0x%02x -- tick: %u -- hash: "
	    "00000000000000000000000000000000\n";
	struct buf b = BUF_INIT;
	struct capture c;
	struct diag d;
	char want[128];
	unsigned k, n = 0;
	int i, signs = 0;

	buf_addstr(&b, HEAD("42"));
	for (k = 1; k <= 20; k++, n++)
		buf_addf(&b, item, n + 1, 0x03, 0xffff, 0x100 + k, 0x83, n);
	for (k = 1; k <= 20; k++, n++)
		buf_addf(&b, item, n + 1, 0x56, 0x100 + k, 0x0102, 0xd6, n);
	buf_addf(&b, item, 41, 0x40, 0x101, 0xffff, 0xc0, 41);
	buf_addf(&b, item, 42, 0x56, 0x101, 0x0102, 0xd6, 42);
	memset(&c, 0, sizeof(c));
	assert_int_equal(run_item(P, b.s, SERIAL_NAME, NULL, 0, &c, &d),
	    PARSE_OK);
	for (i = 0; i < c.n; i++) {
		const struct evcopy *e = &c.ev[i];
		unsigned key;

		if (strcmp(e->action, "sign") != 0)
			continue;
		assert_non_null(e->actor);
		assert_int_equal(sscanf(e->actor, "yubihsm:authkey:0x%x", &key),
		    1);
		if (signs++ == 20) {
			check_str("last", "session", NULL, e->session);
			continue;
		}
		snprintf(want, sizeof(want), "yubihsm:0012345678/session/%u",
		    key - 0x100);
		check_str("sign", "session", want, e->session);
	}
	assert_int_equal(signs, 21);
	capture_free(&c);
	buf_release(&b);
	end_test("many sessions");
}

static void
test_emit_failure(void **state)
{
	struct capture c;
	struct diag d;

	memset(&c, 0, sizeof(c));
	c.fail = 1;
	assert_int_equal(run_item(P, HEAD("2") E2_41 E2_42, "x", NULL, 0, &c,
	    &d), PARSE_FATAL);
	capture_free(&c);
}

static const struct probe_row probes[] = {
	{ .name = "1", .head = HEAD("2") E2_41 E2_42, .file = "f.txt",
	    .min = 90, .max = 90 },
	{ .name = "2", .head = E2_41, .file = "f.txt", .min = 90, .max = 90 },
	{ .name = "3",
	    .head = "0 unlogged boots found\n0 unlogged authentications "
	    "found\n",
	    .file = "f.txt", .min = 90, .max = 90 },
	{ .name = "4",
	    .head = "Time: 01/10/26 12:00:05.000123, usecs:1768046405000123\n",
	    .file = "f.txt", .min = 0, .max = 0 },
	{ .name = "5", .head = "{\"item\":1}", .file = "f.txt",
	    .min = 0, .max = 0 },
	{ .name = "6", .head = "item: 1 -- cmd", .file = "f.txt",
	    .min = 0, .max = 0 },
	{ .name = "7", .head = "", .file = "f.txt", .min = 0, .max = 0 },
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
	assert_int_equal(run_item(P, text, path, "2026-11-13T10:30:00Z", 0, &c,
	    &d), PARSE_OK);
	for (i = 0; i < c.n; i++) {
		const struct evcopy *e = &c.ev[i];

		need_native_id("sample", e);
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
			check_field("sample", i, "native_id", "0012345678/gap/"
			    "1221-1226/b60895dedba1ac634ed17cdbc52ace64",
			    e->native_id);
		} else if (strcmp(e->operation, "yubihsm:chain_break") == 0) {
			breaks++;
			check_field("sample", i, "native_id", "0012345678/"
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
	static const struct parser *const ps[] = { &parser_yubihsm, NULL };
	int files = drive_corpus(&S, ps, "yubihsm");

	if (files < 0) {
		print_message("no corpus at ../shared/corpus/yubihsm (no "
		    "real YubiHSM output is published as a data file): "
		    "skipped\n");
		skip();
	}
	print_message("%d corpus files\n", files);
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_chain_vector),
    cmocka_unit_test(test_many_sessions),
    cmocka_unit_test(test_emit_failure), cmocka_unit_test(test_probe),
    cmocka_unit_test(test_sample), cmocka_unit_test(test_corpus))
