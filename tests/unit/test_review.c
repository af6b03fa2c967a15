/* SPDX-License-Identifier: MIT */
/*
 * test_review.c - unit tests of the post-incident review
 * (report/review.c): the two duration formats, then the report on a
 * small in-memory case built with SQL: an attacker session signs twice,
 * its issuer widens a trust policy (not a containment action: the issuer
 * is tied to the signatures), an administrator disables the key and
 * revokes a grant, the attacker tries again on the disabled key, a
 * release signs with another key.  Checked: first and last unaccounted
 * signature, detection with and without --detected-at, the durations,
 * the containment list, the attempts, the involved identities, the
 * cascading risk and the usage errors.
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

#include "buf.h"
#include "err.h"
#include "report.h"
#include "store.h"
#include "writer.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	int64_t		 us;
	const char	*iso, *text;
} durations[] = {
	{ 0, "PT0S", "0s" },
	{ 999999, "PT0S", "0s" },			/* truncated */
	{ -999999, "PT0S", "0s" },
	{ 1000000, "PT1S", "1s" },
	{ 59 * 1000000LL, "PT59S", "59s" },
	{ 60 * 1000000LL, "PT1M", "1m 0s" },
	{ 61 * 1000000LL, "PT1M1S", "1m 1s" },
	{ 3600 * 1000000LL, "PT1H", "1h 0m 0s" },
	{ 3661 * 1000000LL + 500000, "PT1H1M1S", "1h 1m 1s" },
	{ 86400 * 1000000LL, "P1D", "1d 0h 0m 0s" },
	{ 86401 * 1000000LL, "P1DT1S", "1d 0h 0m 1s" },
	{ 90000 * 1000000LL, "P1DT1H", "1d 1h 0m 0s" },
	{ 560405 * 1000000LL, "P6DT11H40M5S", "6d 11h 40m 5s" },
	{ 400 * 86400 * 1000000LL, "P400D", "400d 0h 0m 0s" },
	{ -300 * 1000000LL, "-PT5M", "-5m 0s" },
	{ -90061 * 1000000LL, "-P1DT1H1M1S", "-1d 1h 1m 1s" },
	{ INT64_MAX, "P106751991DT4H54S", "106751991d 4h 0m 54s" },
	{ INT64_MIN, "-P106751991DT4H54S", "-106751991d 4h 0m 54s" },
};

static void
test_durations(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(durations); i++) {
		buf_reset(&b);
		review_duration_iso(durations[i].us, &b);
		assert_string_equal(b.s, durations[i].iso);
		buf_reset(&b);
		review_duration_text(durations[i].us, &b);
		assert_string_equal(b.s, durations[i].text);
	}
	/* appends */
	buf_reset(&b);
	buf_addstr(&b, "latency ");
	review_duration_text(90 * 1000000LL, &b);
	assert_string_equal(b.s, "latency 1m 30s");
	buf_release(&b);
}

/* ---- the report on a small case ---- */

#define K1	"arn:aws:kms:eu-west-1:1:key/one"
#define K2	"arn:aws:kms:eu-west-1:1:key/two"
#define K3	"arn:aws:kms:eu-west-1:1:key/three"
#define ROLE	"arn:aws:iam::1:role/signer"
#define EVIL	"arn:aws:iam::1:user/mallory"
#define ADMIN	"arn:aws:iam::1:user/admin"
#define XS	"ASIAXXXXXXXXXXXXXXXX"

static const char case_sql[] =
"INSERT INTO runs VALUES (1, 'ingest', 'x', '0.1.0',"
" '2026-01-12T00:00:00Z');"
"INSERT INTO evidence (id, path, kind, sha256, size, ingested_at,"
" tool_version, command_line, status) VALUES (1, 'e.json', 'file', '00', 0,"
" 't', '0.1.0', 'x', 'ok');"
"INSERT INTO correlations VALUES (1, 1, '{}', '{}', 120);"
"INSERT INTO keys (id, canonical, label) VALUES (1, '" K1 "', 'key one'),"
" (2, '" K2 "', 'key two'), (3, '" K3 "', 'key three');"
"INSERT INTO events (id, ts_us, ts, source, action, operation, outcome,"
" error_code, actor, session, key_ref, src_ip, user_agent, native_id,"
" dedup, evidence_id, attrs) VALUES"
/* the attacker's session, issued to mallory */
" (1, 1768039200000000, '2026-01-10T10:00:00Z', 'cloudtrail',"
"  'session.assume', 'sts:AssumeRole', 'success', NULL, '" EVIL "',"
"  '" XS "/evil', NULL, '203.0.113.9', 'cli', 'n1', 'd1', 1,"
"  '{\"role_arn\":\"" ROLE "\"}'),"
/* two unaccounted signatures */
" (2, 1768039500000000, '2026-01-10T10:05:00Z', 'cloudtrail', 'sign',"
"  'kms:Sign', 'success', NULL, '" ROLE "', '" XS "/evil', '" K1 "',"
"  '203.0.113.9', '<script>x</script>', 'n2', 'd2', 1,"
"  '{\"access_key_id\":\"" XS "\"}'),"
" (3, 1768039560000000, '2026-01-10T10:06:00Z', 'cloudtrail', 'sign',"
"  'kms:Sign', 'success', NULL, '" ROLE "', '" XS "/evil', '" K1 "',"
"  '203.0.113.9', 'cli', 'n3', 'd3', 1, NULL),"
/* the issuer widens the trust: not containment */
" (4, 1768039800000000, '2026-01-10T10:10:00Z', 'cloudtrail', 'iam.trust',"
"  'iam:UpdateAssumeRolePolicy', 'success', NULL, '" EVIL "',"
"  'AKIAMMMMMMMMMMMMMMMM', NULL, '203.0.113.9', 'cli', 'n4', 'd4', 1,"
"  '{\"account\":\"1\",\"request\":{\"roleName\":\"signer\"}}'),"
/* a release signs */
" (5, 1768046400000000, '2026-01-10T12:00:00Z', 'cloudtrail', 'sign',"
"  'kms:Sign', 'success', NULL, '" ROLE "', 'ASIARRRRRRRRRRRRRRRR/gha-1',"
"  '" K1 "', '20.1.2.3', 'gha', 'n5', 'd5', 1, NULL),"
/* containment by the administrator */
" (6, 1768122000000000, '2026-01-11T09:00:00Z', 'cloudtrail',"
"  'key.disable', 'kms:DisableKey', 'success', NULL, '" ADMIN "',"
"  'AKIAAAAAAAAAAAAAAAAA', '" K1 "', '198.51.100.1', 'console', 'n6', 'd6',"
"  1, NULL),"
" (7, 1768122300000000, '2026-01-11T09:05:00Z', 'cloudtrail', 'key.grant',"
"  'kms:RevokeGrant', 'success', NULL, '" ADMIN "',"
"  'AKIAAAAAAAAAAAAAAAAA', '" K1 "', '198.51.100.1', 'console', 'n7', 'd7',"
"  1, NULL),"
/* the attacker tries again */
" (8, 1768123800000000, '2026-01-11T09:30:00Z', 'cloudtrail', 'sign',"
"  'kms:Sign', 'failure', 'DisabledException', '" EVIL "',"
"  'AKIAMMMMMMMMMMMMMMMM', '" K1 "', '203.0.113.9', 'cli', 'n8', 'd8', 1,"
"  NULL),"
/* another key signs after containment: not an attempt */
" (9, 1768124400000000, '2026-01-11T09:40:00Z', 'cloudtrail', 'sign',"
"  'kms:Sign', 'success', NULL, 'arn:aws:iam::1:role/other',"
"  'ASIAOOOOOOOOOOOOOOOO/ci', '" K2 "', '20.1.2.4', 'gha', 'n9', 'd9', 1,"
"  NULL),"
/* the attacker reads a third key; the administrator logs in */
" (10, 1768125600000000, '2026-01-11T10:00:00Z', 'cloudtrail', 'key.read',"
"  'kms:DescribeKey', 'success', NULL, '" EVIL "',"
"  'AKIAMMMMMMMMMMMMMMMM', '" K3 "', '203.0.113.9', 'cli', 'n10', 'd10', 1,"
"  NULL),"
" (11, 1768125600000000, '2026-01-11T10:00:00Z', 'cloudtrail',"
"  'session.login', 'signin:ConsoleLogin', 'success', NULL, '" ADMIN "',"
"  NULL, NULL, '198.51.100.1', 'browser', 'n11', 'd11', 1, NULL);"
"INSERT INTO verdicts (sign_id, key_ref, verdict, reasons) VALUES"
" (2, '" K1 "', 'unaccounted', '[\"no CI run\"]'),"
" (3, '" K1 "', 'unaccounted', '[\"no CI run\"]'),"
" (5, '" K1 "', 'accounted', '[\"a release\"]'),"
" (9, '" K2 "', 'accounted', '[\"a release\"]');"
"INSERT INTO findings (kind, severity, ts_us, ts, key_ref, actor, summary,"
" event_ids, origin) VALUES"
" ('trust-widened', 'high', 1768039800000000, '2026-01-10T10:10:00Z',"
"  NULL, '" EVIL "', 'trust widened', '[4]', 'correlate'),"
" ('key-admin-change', 'low', 1768122000000000, '2026-01-11T09:00:00Z',"
"  '" K1 "', '" ADMIN "', 'disabled', '[6]', 'correlate');";

static struct store *
make_case(void)
{
	struct store *st = NULL;
	struct diag d;
	char *msg = NULL;

	assert_int_equal(store_open(":memory:", STORE_RW, &st, &d), 0);
	if (sqlite3_exec(store_db(st), case_sql, NULL, NULL, &msg) !=
	    SQLITE_OK)
		fail_msg("case: %s", msg);
	return st;
}

static int
run(struct store *st, const struct writer *w, const char *key,
    const char *detected, char **out)
{
	struct report_args ra;
	size_t len = 0;
	int rc;

	memset(&ra, 0, sizeof(ra));
	ra.db = store_db(st);
	ra.w = w;
	ra.from_us = INT64_MIN;
	ra.to_us = INT64_MAX;
	ra.key = key;
	ra.detected_at = detected;
	*out = NULL;
	ra.fp = open_memstream(out, &len);
	assert_non_null(ra.fp);
	rc = report_review(&ra);
	fclose(ra.fp);
	return rc;
}

static json_t *
run_json(struct store *st, const char *key, const char *detected)
{
	json_error_t je;
	json_t *j;
	char *out;

	assert_int_equal(run(st, &writer_json, key, detected, &out), 0);
	j = json_loads(out, 0, &je);
	if (j == NULL)
		fail_msg("JSON: %s: %s", je.text, out);
	free(out);
	return j;
}

static const char *
sget(const json_t *o, const char *path)
{
	char *dup = strdup(path), *p, *save = NULL;
	const json_t *v = o;
	const char *s;

	for (p = strtok_r(dup, ".", &save); p && v; p = strtok_r(NULL, ".",
	    &save))
		v = json_object_get(v, p);
	free(dup);
	s = json_string_value(v);
	return s ? s : "(null)";
}

static const json_t *
ident(const json_t *root, const char *kind, const char *value)
{
	const json_t *o;
	size_t i;

	json_array_foreach(json_object_get(root, "involved"), i, o)
		if (strcmp(sget(o, "kind"), kind) == 0 &&
		    strcmp(sget(o, "value"), value) == 0)
			return o;
	return NULL;
}

static void
test_case(void **state)
{
	struct store *st = make_case();
	const json_t *o, *a;
	json_t *j;
	size_t i;
	int found;

	(void)state;
	j = run_json(st, NULL, NULL);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    j, "signatures"), "unaccounted")), 2);
	assert_string_equal(sget(j, "first_unaccounted.time"),
	    "2026-01-10T10:05:00Z");
	assert_string_equal(sget(j, "last_unaccounted.time"),
	    "2026-01-10T10:06:00Z");
	/* detection: the first containment action, not mallory's change */
	assert_string_equal(sget(j, "detected_at"), "2026-01-11T09:00:00Z");
	assert_string_equal(sget(j, "detected_at_source"),
	    "first-containment");
	assert_string_equal(sget(j, "first_containment.operation"),
	    "kms:DisableKey");
	assert_string_equal(sget(j, "detection_latency"), "PT22H55M");
	assert_int_equal(json_integer_value(json_object_get(j,
	    "detection_latency_s")), 82500);
	assert_string_equal(sget(j, "time_to_containment"), "PT0S");
	assert_string_equal(sget(j, "exposure"), "PT22H55M");
	a = json_object_get(j, "containment");
	assert_int_equal(json_array_size(a), 2);
	assert_string_equal(sget(json_array_get(a, 1), "operation"),
	    "kms:RevokeGrant");
	assert_true(json_is_true(json_object_get(json_array_get(a, 1),
	    "in_scope")));
	/* one attempt on the disabled key; key two's signature is not one */
	o = json_object_get(j, "attempts_after_containment");
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 1);
	assert_string_equal(sget(json_array_get(json_object_get(o,
	    "outcomes"), 0), "error_code"), "DisabledException");
	/* involved: the session, its access key, its issuer, the address */
	o = ident(j, "principal", EVIL);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "issued")), 2);
	assert_string_equal(sget(o, "max_severity"), "high");
	assert_non_null(ident(j, "session", XS "/evil"));
	assert_non_null(ident(j, "access_key", XS));
	assert_non_null(ident(j, "source_ip", "203.0.113.9"));
	o = ident(j, "principal", ROLE);
	assert_int_equal(json_integer_value(json_object_get(o,
	    "unaccounted")), 2);
	/* the administrator is named only by a finding about containment */
	assert_null(ident(j, "principal", ADMIN));
	/* cascading: the third key, not the administrator's login */
	found = 0;
	json_array_foreach(json_object_get(j, "cascading"), i, o) {
		if (strcmp(sget(o, "target"), "key three") == 0 &&
		    strcmp(sget(o, "action"), "key.read") == 0)
			found = 1;
		assert_string_not_equal(sget(o, "action"), "session.login");
	}
	assert_true(found);
	json_decref(j);

	/* --detected-at: latency to it, containment after it */
	j = run_json(st, NULL, "2026-01-11T08:00:00Z");
	assert_string_equal(sget(j, "detected_at_source"), "given");
	assert_string_equal(sget(j, "detection_latency"), "PT21H55M");
	assert_string_equal(sget(j, "time_to_containment"), "PT1H");
	assert_int_equal(json_integer_value(json_object_get(j,
	    "time_to_containment_s")), 3600);
	json_decref(j);
	/* detected after every containment action: none, no figure */
	j = run_json(st, NULL, "2026-01-12T00:00:00Z");
	assert_true(json_is_null(json_object_get(j, "first_containment")));
	assert_true(json_is_null(json_object_get(j, "time_to_containment")));
	assert_int_equal(json_array_size(json_object_get(j, "containment")),
	    0);
	json_decref(j);
	/* --key: only key two, which has no unaccounted signature */
	j = run_json(st, "key two", NULL);
	assert_int_equal(json_array_size(json_object_get(j, "keys")), 1);
	assert_true(json_is_null(json_object_get(j, "first_unaccounted")));
	assert_true(json_is_null(json_object_get(j, "detected_at")));
	json_decref(j);
	store_close(st);
}

static void
test_text_and_errors(void **state)
{
	struct store *st = make_case();
	char *out;

	(void)state;
	assert_int_equal(run(st, &writer_table, NULL, NULL, &out), 0);
	assert_non_null(strstr(out, "== Summary =="));
	assert_non_null(strstr(out, "== Cascading risk =="));
	assert_non_null(strstr(out, "22h 55m 0s"));
	assert_non_null(strstr(out, "1 (1 failure DisabledException)"));
	free(out);
	assert_int_equal(run(st, &writer_md, NULL, NULL, &out), 0);
	assert_non_null(strstr(out, "## Involved identities\n\n| kind |"));
	free(out);
	assert_int_equal(run(st, &writer_csv, NULL, NULL, &out), 0);
	assert_non_null(strstr(out, "# containment-actions\ntime,action,"));
	free(out);
	/* two runs, the same bytes */
	{
		char *a, *b;

		assert_int_equal(run(st, &writer_json, NULL, NULL, &a), 0);
		assert_int_equal(run(st, &writer_json, NULL, NULL, &b), 0);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	assert_int_equal(run(st, &writer_json, NULL, "soon", &out), 2);
	free(out);
	assert_int_equal(run(st, &writer_json, "no-such-key", NULL, &out), 2);
	free(out);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_text_and_errors),
	};

	err_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
