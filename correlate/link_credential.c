/* SPDX-License-Identifier: MIT */
/*
 * link_credential.c - strong: the signing session's credential was issued
 * to a pipeline.  A KMS Sign's session ("<access key>/<session name>") is
 * the session an AssumeRoleWithWebIdentity (or another session.assume
 * event whose OIDC subject names a repository) created; the subject gives
 * repository and ref, and the CI run is the one whose id the role session
 * name carries ("gha-11873645201"), else the run of that repository and
 * ref whose window contains the signature.  The issuances are read once
 * into a narrow table (a session signs many times) from the
 * events_assumes index alone (store.c), never through the session index,
 * which would also walk every signature of the session ("+a.session"
 * keeps the planner off it).  A CloudTrail session is "<access key>/<role
 * session name>" (parse_cloudtrail.c), so the name is taken from there;
 * the attributes are read only for the issuances of other sources.  Runs
 * are looked up in temp.ci_runs (corr.c), by run id or by repository and
 * time.
 */
#include "correlate.h"

static const char sql_issues[] =
"CREATE TEMP TABLE cred_issue (id INTEGER PRIMARY KEY, session TEXT,"
" ts_us INTEGER, repo TEXT, ref TEXT, named_run INTEGER, detail TEXT,"
" actor TEXT)";

static const char sql_fill[] =
"INSERT INTO cred_issue SELECT a.id, a.session, a.ts_us, a.repo, a.ref,"
"  (SELECT r.id FROM ci_runs r"
"   WHERE r.run_ref = run_id_in(CASE WHEN a.source = 'cloudtrail'"
"    AND instr(a.session, '/') > 0"
"    THEN substr(a.session, instr(a.session, '/') + 1)"
"    ELSE json_extract(a.attrs, '$.role_session_name') END)"
"   AND (r.repo IS NULL OR r.repo = a.repo)"
"   ORDER BY r.wf IS NULL, r.ts_us DESC, r.id LIMIT 1),"
"  'session ' || a.session || ' issued by ' || a.operation || ' to ' ||"
"  a.repo || coalesce(' ' || a.ref, ''), a.actor"
" FROM events a WHERE a.action = 'session.assume' AND a.outcome = 'success'"
"  AND a.repo IS NOT NULL"
"  AND EXISTS (SELECT 1 FROM sops o WHERE o.session = a.session)"
" ORDER BY a.id";

static const char sql_link[] =
"INSERT INTO links (sign_id, kind, strength, target_id, ci_run_id, detail)"
" SELECT o.id, 'credential', 'strong', a.id,"
"  coalesce(a.named_run,"
"   (SELECT r.id FROM ci_runs r"
"    WHERE r.repo = a.repo AND r.ts_us <= o.ts_us + ?1"
"    AND (a.ref IS NULL OR r.ref = a.ref)"
"    AND (r.end_us IS NULL OR r.end_us >= o.ts_us - ?1)"
"    ORDER BY r.wf IS NULL, r.ts_us DESC, r.id LIMIT 1)),"
"  a.detail"
" FROM sops o JOIN cred_issue a ON a.session = o.session"
"  AND a.ts_us <= o.ts_us + ?1"
" WHERE o.session IS NOT NULL";

static int64_t
credential_run(struct corr *c)
{
	if (corr_exec(c, "DROP TABLE IF EXISTS temp.cred_issue", 0) < 0 ||
	    corr_exec(c, sql_issues, 0) < 0 || corr_exec(c, sql_fill, 0) < 0 ||
	    corr_exec(c, "CREATE INDEX temp.cred_issue_session ON"
	    " cred_issue(session)", 0) < 0)
		return -1;
	return corr_exec(c, sql_link, c->skew_us);
}

const struct link_strategy link_credential = {
	.name = "credential",
	.strength = "strong",
	.desc = "the signing session was issued to a pipeline (OIDC)",
	.run = credential_run,
};
