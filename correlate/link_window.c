/* SPDX-License-Identifier: MIT */
/*
 * link_window.c - weak: a signature by one of the pipeline's principals
 * (those whose other signatures have strong CI links) made inside the
 * window of a job of a release pipeline's run, with the clock skew.  Only
 * for signatures that no strong link ties to a run, and never for one
 * whose session is known to have been issued to someone else: when the
 * case shows who obtained the session, that evidence decides, not the
 * clock.  Runs after the pipelines are inferred (late).  The candidates
 * are found by session, not by a scan of every signature: the signing
 * operations without one, and those of the sessions (distinct, from
 * temp.sops's session index) that no issuance in the case names.  The job
 * search is bounded by the longest job in the case, an index range, not a
 * scan, over the narrow temp.ci_jobs and temp.ci_runs (corr.c).
 */
#include "correlate.h"

static const char sql[] =
"INSERT INTO links (sign_id, kind, strength, target_id, ci_run_id, detail)"
" SELECT o.id, 'window', 'weak', j.id, r.id,"
"  'inside CI job ' || coalesce(j.job_ref, j.id) || coalesce(' of run ' ||"
"  j.run_ref, '') || coalesce(' on ' || j.runner, '')"
" FROM sops o JOIN ci_jobs j ON j.id = (SELECT x.id FROM ci_jobs x"
"  WHERE x.ts_us BETWEEN o.ts_us - ?1 -"
"  (SELECT coalesce(max(end_us - ts_us), 0) FROM ci_jobs) AND o.ts_us + ?1"
"  AND x.end_us >= o.ts_us - ?1"
"  AND EXISTS (SELECT 1 FROM ci_runs y WHERE y.run_ref = x.run_ref"
"   AND pol_ref(y.repo, y.wf, y.ref))"
"  ORDER BY x.ts_us DESC, x.id LIMIT 1)"
" JOIN ci_runs r ON r.id = (SELECT y.id FROM ci_runs y"
"  WHERE y.run_ref = j.run_ref"
"  ORDER BY y.wf IS NULL, y.ts_us DESC, y.id LIMIT 1)"
" WHERE o.id IN (SELECT x.id FROM sops x WHERE x.session IS NULL"
"  UNION ALL SELECT x.id FROM sops x WHERE x.session IN (SELECT d.session"
"  FROM (SELECT DISTINCT session FROM sops WHERE session IS NOT NULL) d"
"  WHERE d.session NOT IN (SELECT a.session FROM events a"
"  WHERE a.action = 'session.assume' AND a.outcome = 'success'"
"  AND a.session IS NOT NULL)))"
"  AND o.actor IN (SELECT actor FROM temp.pipeline_signers)"
"  AND NOT EXISTS (SELECT 1 FROM links l WHERE l.sign_id = o.id"
"  AND l.kind IN ('credential', 'run'))"
" ORDER BY o.id";

static int64_t
window_run(struct corr *c)
{
	if (corr_strong_actors(c) < 0 ||
	    corr_exec(c, "DROP TABLE IF EXISTS temp.pipeline_signers", 0) < 0 ||
	    corr_exec(c, "CREATE TEMP TABLE pipeline_signers AS"
	    " SELECT DISTINCT actor FROM temp.strong_actors"
	    " WHERE actor IS NOT NULL", 0) < 0)
		return -1;
	return corr_exec(c, sql, c->skew_us);
}

const struct link_strategy link_window = {
	.name = "window",
	.strength = "weak",
	.desc = "a pipeline principal signed inside a release job's window",
	.run = window_run,
	.late = 1,
};
