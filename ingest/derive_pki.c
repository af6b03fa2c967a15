/* SPDX-License-Identifier: MIT */
/*
 * derive_pki.c - the PKI derivation, run after every ingest (after the
 * "keys" derivation, in the table of derive.c):
 *
 *   1. checks the RFC 3161 tokens not yet verified (derive_timestamps.c);
 *   2. points each CRL entry at the key of the certificate it revokes:
 *      a pki.revoke event's key_raw is "cert-serial:<issuer>#<serial>";
 *      when exactly one key (SPKI) has a certificate of that issuer and
 *      serial in the case, key_ref becomes that key ("spki-sha256:...",
 *      key_ref_src "certificate"), else it stays empty.
 *      Recomputed from key_raw on every run (one pass over the entries,
 *      each looked up in an indexed temporary table), so the order the
 *      CRL and the certificate arrived in does not matter; the keys
 *      tables are rebuilt again only when an entry changed;
 *   3. adds to each certificate's key (canonical "spki-sha256:<hex>")
 *      the key_refs rows kind "cert-sha256" (the certificate's SHA-256,
 *      valid over its validity), "cert-serial" ("<issuer DN>#<serial>")
 *      and "subject" (its subject DN), origin "certificate" (and the
 *      same two first kinds for the certificates in transparency-log
 *      entries and Sigstore bundles, over their validity), and names
 *      every "spki-sha256:" key: kind "public-key", label "<CN> (spki
 *      <8 hex>)" with the CN of its newest certificate, else of the TSA
 *      certificate of its time-stamps, else the identity (SAN) of the
 *      certificate of its newest transparency-log entry or bundle (a
 *      Fulcio key: "https://github.com/o/r/.github/workflows/x.yml@ref"),
 *      unless another derivation named it already.
 */
#include <stddef.h>

#include <sqlite3.h>

#include "derive.h"
#include "pki_util.h"
#include "store.h"

/*
 * temp.pki_certs lives as long as the connection and is emptied, not
 * dropped: a schema change expires every statement the store keeps
 * prepared, and they would all be prepared again.
 */
static const char sql_resolve_prep[] =
"CREATE TEMP TABLE IF NOT EXISTS pki_certs (ref TEXT PRIMARY KEY,"
"  key_ref TEXT NOT NULL);"
"DELETE FROM temp.pki_certs;"
"INSERT INTO temp.pki_certs (ref, key_ref)"
"  SELECT 'cert-serial:' || json_extract(attrs, '$.issuer') || '#' ||"
"    json_extract(attrs, '$.serial'), min(key_ref)"
"  FROM events WHERE action = 'pki.cert' AND source = 'x509'"
"    AND key_ref LIKE 'spki-sha256:%'"
"    AND json_extract(attrs, '$.serial') IS NOT NULL"
"  GROUP BY 1 HAVING count(DISTINCT key_ref) = 1;";

static const char sql_resolve[] =
"UPDATE events SET"
"  key_ref = (SELECT c.key_ref FROM temp.pki_certs c"
"    WHERE c.ref = events.key_raw),"
"  key_ref_src = CASE WHEN EXISTS (SELECT 1 FROM temp.pki_certs c"
"    WHERE c.ref = events.key_raw) THEN 'certificate' END"
"  WHERE action = 'pki.revoke' AND key_raw LIKE 'cert-serial:%'"
"    AND key_ref IS NOT (SELECT c.key_ref FROM temp.pki_certs c"
"    WHERE c.ref = events.key_raw);";

#define PKI_UTC(x) "strftime('%Y-%m-%dT%H:%M:%SZ', (" x ") / 1000000," \
	" 'unixepoch')"

static const char sql_cert_refs[] =
"DELETE FROM temp.pki_certs;"
/* the store's "requested" spelling of a resolved entry says nothing new */
"DELETE FROM key_refs WHERE origin = 'requests'"
"  AND value LIKE 'cert-serial:%';"
"INSERT INTO key_refs (key_id, kind, value, valid_from_us, valid_to_us,"
"    valid_from, valid_to, origin, event_id)"
"  SELECT k.id, 'cert-sha256', json_extract(e.attrs, '$.cert_sha256'),"
"    e.ts_us, e.end_us, " PKI_UTC("e.ts_us") ", " PKI_UTC("e.end_us") ","
"    'certificate', e.id"
"  FROM events e JOIN keys k ON k.canonical = e.key_ref"
"  WHERE e.action = 'pki.cert' AND e.source = 'x509'"
"    AND json_extract(e.attrs, '$.cert_sha256') IS NOT NULL"
"  ORDER BY k.id, e.id;"
"INSERT INTO key_refs (key_id, kind, value, valid_from_us, valid_to_us,"
"    valid_from, valid_to, origin, event_id)"
"  SELECT k.id, 'cert-serial', json_extract(e.attrs, '$.issuer') || '#' ||"
"    json_extract(e.attrs, '$.serial'), e.ts_us, e.end_us,"
"    " PKI_UTC("e.ts_us") ", " PKI_UTC("e.end_us") ", 'certificate', e.id"
"  FROM events e JOIN keys k ON k.canonical = e.key_ref"
"  WHERE e.action = 'pki.cert' AND e.source = 'x509'"
"    AND json_extract(e.attrs, '$.serial') IS NOT NULL"
"  ORDER BY k.id, e.id;"
"INSERT INTO key_refs (key_id, kind, value, valid_from_us, valid_to_us,"
"    valid_from, valid_to, origin, event_id)"
"  SELECT k.id, 'subject', json_extract(e.attrs, '$.subject'),"
"    min(e.ts_us), max(e.end_us), " PKI_UTC("min(e.ts_us)") ","
"    " PKI_UTC("max(e.end_us)") ", 'certificate', min(e.id)"
"  FROM events e JOIN keys k ON k.canonical = e.key_ref"
"  WHERE e.action = 'pki.cert' AND e.source = 'x509'"
"    AND json_extract(e.attrs, '$.subject') != ''"
"  GROUP BY k.id, json_extract(e.attrs, '$.subject')"
"  ORDER BY k.id, 3;"
/* the certificates in transparency-log entries and Sigstore bundles
 * (Fulcio's: a short-lived key each, or a key's own certificate); found
 * by action, in its index, as those two sources make only these actions:
 * by source alone it read every event of the case */
"WITH c AS (SELECT e.id, e.key_ref,"
"    json_extract(e.attrs, '$.certificate.sha256') AS sha256,"
"    json_extract(e.attrs, '$.certificate.issuer') || '#' ||"
"    json_extract(e.attrs, '$.certificate.serial') AS serial,"
"    json_extract(e.attrs, '$.certificate.not_before') AS nb,"
"    json_extract(e.attrs, '$.certificate.not_after') AS na"
"  FROM events e WHERE e.action IN ('tlog.entry', 'publish.signature')"
"    AND e.source IN ('rekor', 'sigstore_bundle')"
"    AND json_extract(e.attrs, '$.certificate') IS NOT NULL),"
" v AS (SELECT c.*, x.kind, CASE x.kind WHEN 'cert-sha256' THEN c.sha256"
"    ELSE c.serial END AS value FROM c,"
"    (SELECT 'cert-sha256' AS kind UNION ALL SELECT 'cert-serial') x)"
"INSERT INTO key_refs (key_id, kind, value, valid_from_us, valid_to_us,"
"    valid_from, valid_to, origin, event_id)"
"  SELECT k.id, v.kind, v.value, unixepoch(v.nb) * 1000000,"
"    unixepoch(v.na) * 1000000, v.nb, v.na, 'certificate', min(v.id)"
"  FROM v JOIN keys k ON k.canonical = v.key_ref"
"  WHERE v.value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM key_refs r"
"    WHERE r.key_id = k.id AND r.kind = v.kind AND r.value = v.value)"
"  GROUP BY k.id, v.kind, v.value ORDER BY k.id, v.kind, v.value;"
"UPDATE keys SET kind = 'public-key'"
"  WHERE kind IS NULL AND canonical LIKE 'spki-sha256:%';"
"UPDATE keys SET label = coalesce((SELECT coalesce(json_extract(e.attrs,"
"    '$.subject_cn'), e.actor) FROM events e"
"    WHERE e.action = 'pki.cert' AND e.key_ref = keys.canonical"
"    ORDER BY e.ts_us DESC, e.id DESC LIMIT 1),"
"    (SELECT json_extract(e.attrs, '$.signer_cn') FROM events e"
"    WHERE e.action = 'pki.timestamp' AND e.key_ref = keys.canonical"
"    AND json_extract(e.attrs, '$.signer_cn') IS NOT NULL"
"    ORDER BY e.ts_us DESC, e.id DESC LIMIT 1),"
"    (SELECT e.actor FROM events e WHERE e.key_ref = keys.canonical"
"    AND e.source IN ('rekor', 'sigstore_bundle') AND e.actor IS NOT NULL"
"    AND json_extract(e.attrs, '$.certificate') IS NOT NULL"
"    ORDER BY e.ts_us DESC, e.id DESC LIMIT 1), 'public key')"
"    || ' (spki ' || substr(canonical, 13, 8) || ')'"
"  WHERE canonical LIKE 'spki-sha256:%'"
"    AND (label IS NULL OR label = canonical);";

static int
pki_derive(struct store *st, const struct parse_opts *o)
{
	int changed;

	if (pki_verify_timestamps(st, o) < 0)
		return -1;
	if (store_exec(st, sql_resolve_prep) < 0 ||
	    store_exec(st, sql_resolve) < 0)
		return -1;
	changed = sqlite3_changes(store_db(st));
	if (changed > 0 && store_rebuild_keys(st) < 0)
		return -1;
	return store_exec(st, sql_cert_refs);
}

const struct derive derive_pki = {
	.name = "pki",
	.run = pki_derive,
};
