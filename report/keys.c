/* SPDX-License-Identifier: MIT */
/*
 * keys.c - the keys of the case: one row per key ingest resolved (KMS key,
 * key version, HSM object, Vault transit key, certificate or public key),
 * every other spelling it is known by (alias with its time range, key id,
 * certificate serial and fingerprint, the spelling a request used), when
 * the case first and last saw it, how often it signed, and, once
 * correlate has run, how many of those signatures are accounted for and
 * which other keys correlate treated as the same key.
 * Needs no correlation.  Sorted by canonical name.
 *
 * Columns (the JSON field names, stable): key, canonical, kind, refs,
 * same_key_as, first_seen, last_seen, events, first_signature,
 * last_signature, signatures, failed_signatures, accounted, partial,
 * unaccounted.  refs is "kind=value" joined by "; ", a time-bound alias
 * with " [from..to]"; same_key_as the other keys the last correlate
 * treated as this one (key_identities: a KMS key and the public key its
 * transparency-log entries carry, the keys one policy key lists), joined
 * by "; ".  The verdict counts and same_key_as are empty before correlate.
 */
#include "report.h"

static const char sql[] =
"WITH s AS (SELECT key_ref, sum(outcome = 'success') AS ok,"
"  sum(outcome != 'success') AS failed FROM events WHERE action = 'sign'"
"  AND key_ref IS NOT NULL GROUP BY key_ref),"
" v AS (SELECT key_ref, sum(verdict = 'accounted') AS acc,"
"  sum(verdict = 'partial') AS part, sum(verdict = 'unaccounted') AS unacc"
"  FROM verdicts GROUP BY key_ref),"
" c AS (SELECT EXISTS (SELECT 1 FROM correlations) AS done)"
"SELECT coalesce(k.label, k.canonical) AS key, k.canonical AS canonical,"
" k.kind AS kind,"
" (SELECT group_concat(ref, '; ') FROM (SELECT r.kind || '=' || r.value ||"
"  CASE WHEN r.valid_from IS NULL AND r.valid_to IS NULL THEN ''"
"  ELSE ' [' || coalesce(r.valid_from, '') || '..' ||"
"  coalesce(r.valid_to, '') || ']' END AS ref"
"  FROM key_refs r WHERE r.key_id = k.id AND r.kind != 'canonical'"
"  GROUP BY r.kind, r.value, r.valid_from_us, r.valid_to_us"
"  ORDER BY r.kind, r.value, r.valid_from_us, r.valid_to_us)) AS refs,"
" (SELECT group_concat(ref, '; ') FROM (SELECT b.ref FROM key_identities a"
"  JOIN key_identities b ON b.ident = a.ident AND b.ref != a.ref"
"  JOIN keys k4 ON k4.canonical = b.ref"
"  WHERE a.ref = k.canonical ORDER BY b.ref)) AS same_key_as,"
" k.first_seen AS first_seen, k.last_seen AS last_seen,"
" k.events AS events,"
" (SELECT ts FROM events WHERE key_ref = k.canonical AND action = 'sign'"
"  AND outcome = 'success' ORDER BY ts_us, id LIMIT 1) AS first_signature,"
" (SELECT ts FROM events WHERE key_ref = k.canonical AND action = 'sign'"
"  AND outcome = 'success' ORDER BY ts_us DESC, id DESC LIMIT 1)"
"  AS last_signature,"
" coalesce(s.ok, 0) AS signatures, coalesce(s.failed, 0)"
"  AS failed_signatures,"
" CASE WHEN c.done THEN coalesce(v.acc, 0) END AS accounted,"
" CASE WHEN c.done THEN coalesce(v.part, 0) END AS partial,"
" CASE WHEN c.done THEN coalesce(v.unacc, 0) END AS unaccounted"
" FROM keys k CROSS JOIN c LEFT JOIN s ON s.key_ref = k.canonical"
" LEFT JOIN v ON v.key_ref = k.canonical"
" WHERE ?3 IS NULL OR k.id IN (SELECT k2.id FROM keys k2"
"  LEFT JOIN key_refs r2 ON r2.key_id = k2.id WHERE k2.canonical = ?3"
"  OR k2.label = ?3 OR r2.value = ?3)"
" ORDER BY k.canonical";

int
report_keys(struct report_args *ra)
{
	return report_run_query(ra, sql);
}
