/* SPDX-License-Identifier: MIT */
/*
 * parsers.c - the one table of input formats.  Adding a format is one new
 * parse_<format>.c and one line here.  Order matters only for equal probe
 * scores: the earlier parser wins.
 */
#include <string.h>

#include "parser.h"

const struct parser *const parsers[] = {
	/* cloud audit logs */
	&parser_cloudtrail,
	/* key services: GCP KMS, Azure Key Vault, Vault */
	/* HSM audit trails and PKCS#11 traces */
	/* PKI: certificates, CRLs, RFC 3161 timestamps */
	/* CI history: GitHub Actions, GitLab, Jenkins */
	/* registries and releases */
	/* transparency logs and version control */
	NULL
};

const struct parser *
parser_find(const char *name)
{
	size_t i;

	for (i = 0; parsers[i]; i++)
		if (strcmp(parsers[i]->name, name) == 0)
			return parsers[i];
	return NULL;
}

/* Whether head starts (after white space and a BOM) like JSON text. */
static int
looks_like_json(const char *head, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", head[i]) && head[i] != '\0')
		i++;
	return i < len && (head[i] == '{' || head[i] == '[');
}

const struct parser *
parser_detect(const char *head, size_t len, const char *name, int *score)
{
	const struct parser *best = NULL;
	int best_score = 0, s, json = looks_like_json(head, len);
	size_t i;

	for (i = 0; parsers[i]; i++) {
		if (parsers[i]->kind == INPUT_JSON && !json)
			continue;
		s = parsers[i]->probe(head, len, name);
		if (s > best_score) {
			best_score = s;
			best = parsers[i];
		}
	}
	if (score)
		*score = best_score;
	return best;
}
