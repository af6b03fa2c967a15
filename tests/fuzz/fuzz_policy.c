/* SPDX-License-Identifier: MIT */
/*
 * fuzz_policy.c - libFuzzer target for the correlation policy loader and
 * its questions (regexes are compiled from the input, so PCRE2 is in the
 * way of hostile text too).
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT;
	struct policy p;
	json_t *j;

	policy_init(&p);
	if (policy_load_text(&p, (const char *)data, size, "fuzz.json",
	    &err) == 0) {
		(void)policy_signer_ok(&p, "arn:aws:iam::1:role/release");
		(void)policy_network_ok(&p, "20.57.99.215");
		(void)policy_network_ok(&p, "2001:db8::1");
		(void)policy_pipeline_for(&p, "acme/widget", NULL,
		    "refs/tags/v1");
		(void)policy_path_matches(&p, ".github/workflows/release.yml");
		j = policy_to_json(&p);
		json_decref(j);
	}
	policy_release(&p);
	buf_release(&err);
	return 0;
}
