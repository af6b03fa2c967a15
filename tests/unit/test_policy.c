/* SPDX-License-Identifier: MIT */
/*
 * test_policy.c - the correlation policy loader and its questions:
 * good files, every kind of mistake (with the JSON path in the message),
 * signer matching (exact and PCRE2), pipelines, runners, networks, paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "buf.h"
#include "policy.h"

static const char good[] =
"{\"keys\":[{\"label\":\"widget\",\"refs\":[\"alias/widget-release\","
"\"arn:aws:kms:eu-west-1:1:key/k\"],\"public_keys\":[\"spki-sha256:ab\"]}],"
"\"signers\":[\"arn:aws:iam::1:role/release-signer\","
"{\"regex\":\"^arn:aws:iam::[0-9]+:role/ci-.*$\"}],"
"\"pipelines\":[{\"repo\":\"acme/widget\","
"\"workflow\":\".github/workflows/release.yml\","
"\"refs\":[\"refs/tags/v*\"],\"runners\":[\"GitHub Actions *\"]}],"
"\"networks\":[\"20.0.0.0/8\",\"2001:db8::/32\",\"198.51.100.7\"],"
"\"signing_paths\":[\".github/workflows/*\",\"scripts/sign*\"],"
"\"skew\":30}";

static void
test_good(void **state)
{
	struct policy p;
	struct buf err = BUF_INIT;
	const struct policy_pipeline *pl;

	policy_init(&p);
	assert_int_equal(policy_load_text(&p, good, sizeof(good) - 1,
	    "p.json", &err), 0);
	assert_int_equal(p.nkeys, 1);
	assert_string_equal(p.keys[0].refs[1], "arn:aws:kms:eu-west-1:1:key/k");
	assert_int_equal(p.skew_s, 30);
	assert_true(policy_signer_ok(&p, "arn:aws:iam::1:role/release-signer"));
	assert_true(policy_signer_ok(&p, "arn:aws:iam::42:role/ci-build"));
	assert_false(policy_signer_ok(&p, "arn:aws:iam::1:user/m.chen"));
	assert_false(policy_signer_ok(&p, NULL));
	pl = policy_pipeline_for(&p, "acme/widget",
	    ".github/workflows/release.yml", "refs/tags/v2.4.0");
	assert_non_null(pl);
	assert_true(policy_runner_ok(pl, "GitHub Actions 2"));
	assert_false(policy_runner_ok(pl, "build-07"));
	assert_null(policy_pipeline_for(&p, "acme/widget",
	    ".github/workflows/release.yml", "refs/heads/ci-test"));
	assert_null(policy_pipeline_for(&p, "acme/widget",
	    ".github/workflows/ci.yml", "refs/tags/v2.4.0"));
	/* an unknown workflow (no run record) is not held against */
	assert_non_null(policy_pipeline_for(&p, "acme/widget", NULL,
	    "refs/tags/v2.4.0"));
	assert_null(policy_pipeline_for(&p, "acme/widget", NULL,
	    "refs/heads/ci-test"));
	assert_null(policy_pipeline_for(&p, "evil/widget",
	    ".github/workflows/release.yml", "refs/tags/v2.4.0"));
	assert_int_equal(policy_network_ok(&p, "20.57.99.215"), 1);
	assert_int_equal(policy_network_ok(&p, "185.220.101.47"), 0);
	assert_int_equal(policy_network_ok(&p, "198.51.100.7"), 1);
	assert_int_equal(policy_network_ok(&p, "198.51.100.8"), 0);
	assert_int_equal(policy_network_ok(&p, "2001:db8:1::5"), 1);
	assert_int_equal(policy_network_ok(&p, "kms.amazonaws.com"), 0);
	assert_true(policy_path_matches(&p, ".github/workflows/release.yml"));
	assert_true(policy_path_matches(&p, "scripts/sign-release.sh"));
	assert_false(policy_path_matches(&p, "src/main.c"));
	policy_release(&p);
	/* an empty policy: no networks means "not checked" */
	assert_int_equal(policy_load_text(&p, "{}", 2, "e.json", &err), 0);
	assert_int_equal(policy_network_ok(&p, "1.2.3.4"), -1);
	assert_int_equal(p.skew_s, -1);
	policy_release(&p);
	buf_release(&err);
}

static const struct {
	const char *json;
	const char *want;	/* substring of the message */
} bad_rows[] = {
	{ "[]", "p.json: $: expected a JSON object" },
	{ "{\"keys\":{}}", "$.keys: expected an array" },
	{ "{\"keys\":[1]}", "$.keys[0]: expected an object" },
	{ "{\"keys\":[{\"label\":\"x\"}]}", "$.keys[0]: a key needs" },
	{ "{\"keys\":[{\"refs\":[\"a\",2]}]}", "$.keys[0].refs[1]: expected a string" },
	{ "{\"signers\":[3]}", "$.signers[0]: expected a string or" },
	{ "{\"signers\":[{\"regex\":\"(\"}]}", "$.signers[0].regex: bad regex" },
	{ "{\"pipelines\":[{\"workflow\":\"x\"}]}", "$.pipelines[0]: a pipeline needs \"repo\"" },
	{ "{\"pipelines\":[{\"repo\":1}]}", "$.pipelines[0].repo: expected a string" },
	{ "{\"pipelines\":[{\"repo\":\"a/b\",\"runners\":{}}]}", "$.pipelines[0].runners: expected an array" },
	{ "{\"networks\":[\"10.0.0.0/33\"]}", "$.networks[0]: expected an address or CIDR" },
	{ "{\"networks\":[\"not-an-ip\"]}", "$.networks[0]" },
	{ "{\"skew\":-1}", "$.skew: expected whole seconds" },
	{ "{\"skew\":\"60\"}", "$.skew" },
	{ "{\"skwe\":60}", "$.skwe: unknown member" },
	{ "{\"skew\":1,\"skew\":2}", "duplicate object key" },
	{ "{\"keys\":[", "p.json:1:" },
};

static void
test_bad(void **state)
{
	struct buf err = BUF_INIT;
	struct policy p;
	size_t i;

	for (i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		policy_init(&p);
		assert_int_equal(policy_load_text(&p, bad_rows[i].json,
		    strlen(bad_rows[i].json), "p.json", &err), -1);
		if (strstr(err.s, bad_rows[i].want) == NULL) {
			print_error("row %zu: '%s' lacks '%s'\n", i, err.s,
			    bad_rows[i].want);
			fail();
		}
		/* nothing half-loaded is left behind */
		assert_int_equal(p.nkeys + p.nsigners + p.npipelines, 0);
		policy_release(&p);
	}
	policy_init(&p);
	assert_int_equal(policy_load(&p, "/nonexistent/policy.json", &err), -1);
	assert_non_null(strstr(err.s, "/nonexistent/policy.json: cannot open"));
	buf_release(&err);
}

static void
test_to_json(void **state)
{
	struct policy p;
	struct buf err = BUF_INIT;
	json_t *j;
	char *s;

	policy_init(&p);
	assert_int_equal(policy_load_text(&p, good, sizeof(good) - 1, "p",
	    &err), 0);
	j = policy_to_json(&p);
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	assert_non_null(strstr(s, "\"regex\":\"^arn:aws:iam::[0-9]+:role/ci-.*$\""));
	assert_non_null(strstr(s, "\"skew\":30"));
	free(s);
	json_decref(j);
	policy_release(&p);
	buf_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_to_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
