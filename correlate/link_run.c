/* SPDX-License-Identifier: MIT */
/*
 * link_run.c - strong: the signature names its CI run itself (a Fulcio
 * certificate's run-invocation URI, carried as run_ref by the log entry
 * or the signing record), and the case holds that run.
 */
#include "correlate.h"

static const char sql[] =
"INSERT INTO links (sign_id, kind, strength, target_id, ci_run_id, detail)"
" SELECT o.id, 'run', 'strong', r.id, r.id,"
"  'run identity ' || o.run_ref || coalesce(' of ' || r.repo, '')"
" FROM sops o JOIN ci_runs r ON r.id = (SELECT x.id FROM ci_runs x"
"  WHERE x.run_ref = o.run_ref"
"  AND (o.repo IS NULL OR x.repo IS NULL OR x.repo = o.repo)"
"  ORDER BY x.wf IS NULL, x.ts_us DESC, x.id LIMIT 1)"
" WHERE o.run_ref IS NOT NULL";

static int64_t
run_run(struct corr *c)
{
	return corr_exec(c, sql, 0);
}

const struct link_strategy link_run = {
	.name = "run",
	.strength = "strong",
	.desc = "the signature's certificate names the CI run",
	.run = run_run,
};
