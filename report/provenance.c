/* SPDX-License-Identifier: MIT */
/*
 * provenance.c - the artifact-provenance table: one row per signing
 * operation, with the CI run, the release and the links that explain it,
 * the verdict and its reasons.  Sorted by time, ties broken by source,
 * native id and row id, so the same case always gives the same bytes.
 *
 * Columns (the JSON field names, stable): time, key, signer, session,
 * ci_repo, ci_workflow, ci_run, ci_attempt, ci_ref, artifact, version,
 * digest, trusted_time, trusted_by, links, verdict, reasons, source,
 * native_id.  links is "kind:strength" comma-separated; reasons is the
 * verdict's sentences joined by "; ".
 */
#include "report.h"

/*
 * Nearly every signature has one link: its "kind:strength" is read from
 * the count's row, without the two temporary b-trees (DISTINCT, ORDER
 * BY) that a signature with several links needs.
 */
static const char sql[] =
"SELECT e.ts AS time, coalesce(k.label, v.key_ref) AS key,"
" e.actor AS signer, e.session AS session,"
" r.repo AS ci_repo, json_extract(r.attrs, '$.workflow_path') AS ci_workflow,"
" r.run_ref AS ci_run, json_extract(r.attrs, '$.run_attempt') AS ci_attempt,"
" r.ref AS ci_ref, p.artifact AS artifact, p.version AS version,"
" v.digest AS digest,"
" t.ts AS trusted_time,"
" CASE WHEN t.id IS NULL THEN NULL WHEN json_extract(t.attrs,"
"  '$.verified') THEN 'rfc3161 (verified)' ELSE 'rfc3161 (unverified)'"
"  END AS trusted_by,"
" (SELECT CASE WHEN count(*) = 1 THEN min(kind) || ':' || min(strength)"
"  ELSE (SELECT group_concat(kind || ':' || strength, ',') FROM"
"  (SELECT DISTINCT kind, strength FROM links WHERE sign_id = v.sign_id"
"  ORDER BY CASE strength WHEN 'strong' THEN 0 WHEN 'medium' THEN 1"
"  ELSE 2 END, kind)) END FROM links WHERE sign_id = v.sign_id) AS links,"
" v.verdict AS verdict,"
" (SELECT group_concat(value, '; ') FROM json_each(v.reasons)) AS reasons,"
" e.source AS source, e.native_id AS native_id"
" FROM verdicts v JOIN events e ON e.id = v.sign_id"
" LEFT JOIN keys k ON k.canonical = v.key_ref"
" LEFT JOIN events r ON r.id = v.ci_run_id"
" LEFT JOIN events p ON p.id = v.publish_id"
" LEFT JOIN events t ON t.id = v.timestamp_id"
" WHERE e.ts_us BETWEEN ?1 AND ?2"
"  AND (?3 IS NULL OR v.key_ref IN (SELECT k2.canonical FROM keys k2"
"   LEFT JOIN key_refs r2 ON r2.key_id = k2.id WHERE k2.canonical = ?3"
"   OR k2.label = ?3 OR r2.value = ?3))"
" ORDER BY e.ts_us, e.source, e.native_id, e.id";

int
report_provenance(struct report_args *ra)
{
	return report_run_query(ra, sql);
}
