/* SPDX-License-Identifier: MIT */
/*
 * parsers.c - the one table of input formats.  Adding a format is one new
 * parse_<format>.c and one line here.  Order matters only for equal probe
 * scores: the earlier parser wins.
 */
#include <string.h>

#include "parser.h"

const struct parser *const parsers[] = {
	&parser_cloudtrail,
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

const struct parser *
parser_detect(const char *head, size_t len, const char *name, int *score)
{
	const struct parser *best = NULL;
	int best_score = 0, s;
	size_t i;

	for (i = 0; parsers[i]; i++) {
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
