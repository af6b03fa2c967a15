/* SPDX-License-Identifier: MIT */
/*
 * links.c - the table of link strategies, strongest evidence last so that
 * weak strategies can skip what stronger ones already explained.  The
 * transparency-log pairing runs first: it decides which log entries are
 * the same signatures as signing records and which stand alone.
 */
#include <stddef.h>

#include "correlate.h"
#include "err.h"

const struct link_strategy *const link_strategies[] = {
	&link_tlog,		/* pairs signing records with log entries */
	&link_credential,	/* session issued to a pipeline */
	&link_run,		/* Fulcio run identity */
	&link_digest,		/* published digest */
	&link_window,		/* inside a release job's window (weak,
				   after the pipelines are inferred) */
	NULL
};

int
links_run_all(struct corr *c, int late)
{
	size_t i;
	int64_t n;

	for (i = 0; link_strategies[i]; i++) {
		if (link_strategies[i]->late != late)
			continue;
		n = link_strategies[i]->run(c);
		if (n < 0)
			return -1;
		if (c->verbose)
			info("correlate: %lld %s links (%s)", (long long)n,
			    link_strategies[i]->name,
			    link_strategies[i]->strength);
		corr_lap(c, link_strategies[i]->name);
	}
	return 0;
}
