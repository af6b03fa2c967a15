/* SPDX-License-Identifier: MIT */
/*
 * fuzz_rule.c - libFuzzer target for the rule header parser
 * (rules/rule.c rule_parse): any bytes as a rule file.  A rule that parses
 * must have its required fields, a known severity and a body offset within
 * the text; one that does not must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT;
	struct rule *r = NULL;

	if (rule_parse("fuzz.sql", (const char *)data, size, &r, &err) == 0) {
		if (r == NULL || r->id == NULL || r->title == NULL ||
		    r->severity == NULL ||
		    rule_severity_rank(r->severity) < 0 || r->body > size ||
		    r->text == NULL || strlen(r->text) != size)
			abort();
		rule_free(r);
	} else if (r != NULL || err.len == 0) {
		abort();
	}
	buf_release(&err);
	return 0;
}
