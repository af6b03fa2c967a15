/* SPDX-License-Identifier: MIT */
/*
 * findings.c - the detectors correlate runs after the verdicts.  Each is
 * one INSERT ... SELECT over the case (a name, what it looks for, the SQL)
 * in the table below, or a function where the verdict pass already did
 * the work (partial-signature); every finding names the events that
 * support it (a JSON array of event ids), its time, key, principal and a
 * one-line explanation.  ?1 is the clock skew in µs.
 */
#include <stddef.h>

#include "correlate.h"
#include "err.h"

struct detector {
	const char	*kind;
	const char	*sql;		/* ?1: the skew; or NULL and: */
	int64_t		(*fn)(struct corr *c);	/* inserts, returns count */
	/* NULL, or whether what it looks for can be in the case at all */
	int		(*applies)(const struct corr *c);
};

/* A signature is outside the networks only when some are named. */
static int
networks_named(const struct corr *c)
{
	return c->pol->networks != NULL;
}

#define INS "INSERT INTO findings (kind, severity, ts_us, ts, key_ref," \
	" actor, summary, event_ids, origin) "

/* A key the policy puts in scope (any key when the policy names none). */
#define POLICY_SCOPE(k) \
	"(NOT EXISTS (SELECT 1 FROM temp.scope_keys) OR " k " IN (SELECT" \
	" ref FROM temp.scope_keys))"

/* Keys in scope: those the policy names, else those that signed. */
#define IN_SCOPE(k) \
	"(" k " IN (SELECT ref FROM key_ident WHERE ident IN (SELECT ident" \
	" FROM key_ident WHERE ref IN (SELECT key_ref FROM sops))))"

static const struct detector detectors[] = {
	{ "unaccounted-signature",
	  INS "SELECT 'unaccounted-signature', 'critical', e.ts_us, e.ts,"
	  " v.key_ref, e.actor, printf('signature by %s that no CI run or"
	  " release accounts for', coalesce(e.actor, 'an unknown signer')),"
	  " json_array(e.id) , 'correlate' FROM temp.unaccounted u"
	  " JOIN verdicts v ON v.sign_id = u.id JOIN sops e ON e.id = u.id"
	  " ORDER BY u.id",
	  NULL, NULL
	},
	/* grouped by verdicts_compute() on its pass (verdict.c) */
	{ "partial-signature", NULL, verdict_partial_findings, NULL },
	{ "unauthorized-signer",
	  INS "SELECT 'unauthorized-signer', 'high', min(ts_us),"
	  " ts_iso(min(ts_us)), key_ref, actor,"
	  " printf('%d signature(s) by %s, not an authorized signer',"
	  " count(*), actor), json_group_array(id), 'correlate'"
	  " FROM (SELECT o.* FROM temp.unauthorized u JOIN sops o"
	  " ON o.id = u.id ORDER BY o.ts_us, o.id) GROUP BY actor, key_ref",
	  NULL, NULL
	},
	{ "excess-signatures-in-run",
	  INS "SELECT 'excess-signatures-in-run', 'high', min(e.ts_us),"
	  " ts_iso(min(e.ts_us)), e.key_ref, r.actor, printf('run %s signed %d time(s)"
	  " but published %d of the signatures', r.run_ref, count(*),"
	  " sum(v.publish_id IS NOT NULL)), json_group_array(e.id),"
	  " 'correlate' FROM verdicts v JOIN sops e ON e.id = v.sign_id"
	  " JOIN ci_runs r ON r.id = v.ci_run_id"
	  " WHERE v.ci_run_id IN (SELECT id FROM temp.excess_runs)"
	  " GROUP BY v.ci_run_id HAVING sum(v.publish_id IS NOT NULL) > 0"
	  " AND count(*) > sum(v.publish_id IS NOT NULL)",
	  NULL, NULL
	},
	/* the log entries without a record found from the entries' index and
	 * temp.sops, before their wide rows are read; "+t.key_ref": from
	 * those few entries, not from every event of the key (a million
	 * signatures) */
	{ "log-gap",
	  INS "SELECT 'log-gap', 'high', t.ts_us, t.ts, t.key_ref, t.actor,"
	  " printf('transparency-log entry %s has no signing record although"
	  " the key''s signing log is in the case', coalesce(t.native_id,"
	  " t.id)), json_array(t.id), 'correlate'"
	  " FROM (SELECT x.id FROM events x JOIN sops o ON o.id = x.id"
	  " WHERE x.action = 'tlog.entry' AND o.standalone = 1) g"
	  " JOIN events t ON t.id = g.id"
	  " WHERE +t.key_ref IN (SELECT k2.ref FROM key_ident k1 JOIN key_ident"
	  " k2 ON k2.ident = k1.ident WHERE EXISTS (SELECT 1 FROM events s"
	  " WHERE s.key_ref = k1.ref AND s.action = 'sign')) ORDER BY g.id",
	  NULL, NULL
	},
	/* "+p.run_ref": through the run_ref index SQLite walked every event
	 * without a run, the whole of CloudTrail, to find the publishes;
	 * in id order whatever the plan, so that finding ids are stable */
	{ "publish-without-ci",
	  INS "SELECT 'publish-without-ci', 'medium', p.ts_us, p.ts, NULL,"
	  " p.actor, printf('%s %s%s published by %s with no CI run behind"
	  " it', CASE p.action WHEN 'publish.signature' THEN 'signature'"
	  " ELSE 'artifact' END, coalesce(p.artifact, '?'),"
	  " coalesce(' ' || p.version, ''), coalesce(p.actor, 'an unknown"
	  " actor')), json_array(p.id), 'correlate' FROM events p"
	  " WHERE p.action IN ('publish', 'publish.signature')"
	  " AND ((p.action = 'publish' AND p.digest IS NOT NULL AND"
	  " NOT EXISTS (SELECT 1 FROM links l JOIN links m ON m.sign_id ="
	  " l.sign_id AND m.kind IN ('credential', 'run') WHERE l.publish_id"
	  " = p.id) AND EXISTS (SELECT 1 FROM links l WHERE l.publish_id ="
	  " p.id)) OR (p.action = 'publish.signature' AND NOT EXISTS"
	  " (SELECT 1 FROM ci_runs r WHERE r.ts_us BETWEEN p.ts_us - ?1 -"
	  " (SELECT coalesce(max(coalesce(end_us, ts_us) - ts_us), 0)"
	  " FROM ci_runs) AND p.ts_us + ?1"
	  " AND coalesce(r.end_us, r.ts_us) >= p.ts_us - ?1)))"
	  " AND +p.run_ref IS NULL ORDER BY p.id",
	  NULL, NULL
	},
	{ "denied-signing-burst",
	  INS "SELECT 'denied-signing-burst', 'medium', w.ts_us, w.ts,"
	  " w.key_ref, w.actor, printf('%d denied signing attempts by %s"
	  " within 10 minutes', w.n, coalesce(w.actor, '?')),"
	  " (SELECT json_group_array(id) FROM (SELECT id FROM events x"
	  " WHERE x.action = 'sign' AND x.outcome = 'failure' AND x.actor IS"
	  " w.actor AND x.ts_us BETWEEN w.ts_us AND w.ts_us + 600000000"
	  " ORDER BY x.ts_us, x.id)), 'correlate'"
	  " FROM (SELECT e.*, count(*) OVER (PARTITION BY e.actor ORDER BY"
	  " e.ts_us RANGE BETWEEN CURRENT ROW AND 600000000 FOLLOWING) AS n,"
	  " lag(e.ts_us) OVER (PARTITION BY e.actor ORDER BY e.ts_us) AS prev"
	  " FROM events e WHERE e.action = 'sign' AND e.outcome = 'failure'"
	  " AND " POLICY_SCOPE("e.key_ref") ")"
	  " w WHERE w.n >= 3 AND (w.prev IS NULL OR w.ts_us - w.prev >"
	  " 600000000)",
	  NULL, NULL
	},
	{ "sign-after-disable",
	  INS "SELECT 'sign-after-disable', 'high', min(s.ts_us),"
	  " ts_iso(min(s.ts_us)),"
	  " s.key_ref, s.actor, printf('%d signing attempt(s) by %s after"
	  " the key was disabled at %s', count(*), coalesce(s.actor, '?'),"
	  " d.ts), json_group_array(s.id), 'correlate' FROM events d"
	  " JOIN events s ON s.action = 'sign' AND s.key_ref = d.key_ref"
	  " AND s.ts_us > d.ts_us WHERE d.action = 'key.disable' AND"
	  " d.outcome = 'success' AND NOT EXISTS (SELECT 1 FROM events x"
	  " WHERE x.action = 'key.enable' AND x.outcome = 'success' AND"
	  " x.key_ref = d.key_ref AND x.ts_us > d.ts_us AND x.ts_us <"
	  " s.ts_us) AND " POLICY_SCOPE("d.key_ref")
	  " GROUP BY d.id, s.actor",
	  NULL, NULL
	},
	{ "key-admin-change",
	  INS "SELECT 'key-admin-change', CASE WHEN e.action IN ('key.grant',"
	  " 'key.import', 'key.policy') THEN 'high' WHEN e.action ="
	  " 'key.alias' THEN 'medium' ELSE 'low' END, e.ts_us, e.ts,"
	  " e.key_ref, e.actor, printf('%s on a signing key by %s%s',"
	  " coalesce(e.operation, e.action), coalesce(e.actor, '?'),"
	  " CASE WHEN e.outcome = 'failure' THEN ' (failed)' ELSE '' END),"
	  " json_array(e.id), 'correlate' FROM events e WHERE e.action IN"
	  " ('key.policy', 'key.grant', 'key.alias', 'key.disable',"
	  " 'key.enable', 'key.delete', 'key.import') AND " IN_SCOPE("e.key_ref"),
	  NULL, NULL
	},
	{ "audit-trail-break",
	  INS "SELECT 'audit-trail-break', 'high', e.ts_us, e.ts, e.key_ref,"
	  " e.actor, CASE WHEN e.action = 'audit.integrity' THEN"
	  " printf('%s: %s', e.source, coalesce(json_extract(e.attrs,"
	  " '$.summary'), e.operation, 'audit-trail break')) ELSE"
	  " printf('%s by %s%s', e.operation, coalesce(e.actor, '?'),"
	  " coalesce((SELECT printf('; logging resumed %s (%d h %d min"
	  " later)', x.ts, (x.ts_us - e.ts_us) / 3600000000, ((x.ts_us -"
	  " e.ts_us) / 60000000) % 60) FROM events x WHERE x.operation ="
	  " 'cloudtrail:StartLogging' AND x.outcome = 'success' AND"
	  " x.ts_us > e.ts_us ORDER BY x.ts_us LIMIT 1), '')) END,"
	  " json_array(e.id), 'correlate' FROM events e WHERE"
	  " (e.action = 'audit.integrity' OR (e.action = 'audit.config' AND"
	  " e.operation IN ('cloudtrail:StopLogging', 'cloudtrail:DeleteTrail',"
	  " 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors')))"
	  " AND e.outcome = 'success'",
	  NULL, NULL
	},
	/* a link to a run on a release ref of a pipeline is skipped before
	 * anything is looked up: the run decides, whatever the session */
	{ "non-release-ref",
	  INS "SELECT 'non-release-ref', 'high', min(e.ts_us),"
	  " ts_iso(min(e.ts_us)), e.key_ref, x.who, printf('%d signature(s)"
	  " by %s of %s on %s, not a release ref', count(DISTINCT e.id),"
	  " x.what, coalesce(x.repo, '?'), coalesce(x.ref, '?')),"
	  " json_group_array(e.id), 'correlate' FROM (SELECT l.sign_id,"
	  " coalesce(r.repo, a.repo) AS repo, coalesce(r.ref, a.ref) AS ref,"
	  " r.wf AS wf,"
	  " coalesce('run ' || r.run_ref, 'session ' || a.session) AS what,"
	  " coalesce(r.actor, a.actor) AS who FROM links l"
	  " LEFT JOIN ci_runs r ON r.id = l.ci_run_id"
	  " LEFT JOIN cred_issue a ON a.id = l.target_id AND l.kind ="
	  " 'credential' WHERE l.kind IN ('credential', 'run')"
	  " AND (l.ci_run_id IS NULL OR l.ci_run_id NOT IN (SELECT id FROM"
	  " ci_runs WHERE repo IS NOT NULL AND ref IS NOT NULL AND"
	  " pol_ref(repo, wf, ref)))) x"
	  " JOIN sops e ON e.id = x.sign_id WHERE NOT pol_ref(x.repo, x.wf,"
	  " x.ref) GROUP BY x.what",
	  NULL, NULL
	},
	/* driven from the distinct signing runs: with "r.id IN (SELECT ...)"
	 * SQLite probed every job once per run, quadratic at bench scale;
	 * the jobs in time order, so that the id list is the same bytes
	 * whatever plan SQLite picks */
	{ "unexpected-runner",
	  INS "SELECT 'unexpected-runner', 'high', min(ts_us),"
	  " ts_iso(min(ts_us)), NULL, actor, printf('signing run %s ran"
	  " %d job(s) on %s, not an expected runner', run_ref,"
	  " count(DISTINCT coalesce(job_ref, id)), runner),"
	  " json_group_array(id), 'correlate' FROM (SELECT j.id, j.ts_us,"
	  " j.job_ref, j.runner, r.actor, r.run_ref FROM (SELECT DISTINCT"
	  " ci_run_id AS id FROM verdicts WHERE ci_run_id IS NOT NULL) v"
	  " JOIN ci_runs r ON r.id = v.id"
	  " JOIN ci_jobs j ON j.run_ref = r.run_ref"
	  " AND (j.repo IS NULL OR j.repo = r.repo)"
	  " WHERE j.runner IS NOT NULL AND NOT pol_runner_any(r.repo, r.wf,"
	  " j.runner)"
	  " ORDER BY r.run_ref, j.runner, j.ts_us, j.id)"
	  " GROUP BY run_ref, runner",
	  NULL, NULL
	},
	{ "unexpected-network",
	  INS "SELECT 'unexpected-network', 'medium', e.ts_us, e.ts,"
	  " e.key_ref, e.actor, printf('signature from %s, outside the"
	  " expected networks', e.src_ip), json_array(e.id), 'correlate'"
	  " FROM sops e WHERE e.standalone = 0"
	  " AND e.src_ip IS NOT NULL AND pol_net(e.src_ip) = 0",
	  NULL, networks_named
	},
	{ "signing-path-change",
	  INS "SELECT 'signing-path-change', 'medium', c.ts_us, c.ts, NULL,"
	  " c.actor, printf('commit %s changed %s', substr(c.commit_sha, 1,"
	  " 12), group_concat(json_extract(p.value, '$.path'), ', ')),"
	  " json_array(c.id), 'correlate' FROM events c,"
	  " json_each(c.attrs, '$.paths') p WHERE c.action = 'vcs.commit'"
	  " AND pol_path(json_extract(p.value, '$.path'))"
	  " AND c.ts_us BETWEEN (SELECT lo FROM temp.sops_span) - 2592000000000"
	  " AND (SELECT hi FROM temp.sops_span) GROUP BY c.id",
	  NULL, NULL
	},
	{ NULL, NULL, NULL, NULL }
};

int64_t
findings_compute(struct corr *c)
{
	int64_t n, total = 0;
	size_t i;

	for (i = 0; detectors[i].kind; i++) {
		if (detectors[i].applies && !detectors[i].applies(c))
			n = 0;
		else if (detectors[i].fn)
			n = detectors[i].fn(c);
		else
			n = corr_exec(c, detectors[i].sql, c->skew_us);
		if (n < 0) {
			error("correlate: detector '%s' failed",
			    detectors[i].kind);
			return -1;
		}
		total += n;
		corr_lap(c, detectors[i].kind);
	}
	return total;
}
