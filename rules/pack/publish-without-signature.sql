-- id: publish-without-signature
-- title: Artifacts published without a signature
-- severity: high
-- attack: T1195.002, T1553.002
-- description: Published artifacts (release assets, registry pushes,
--   packages) whose digest has no signing operation, no
--   transparency-log entry and no cosign signature (a
--   "sha256-<hex>.sig" push) in the case.  Either the signature evidence
--   is missing, or an artifact went out that nobody signed - or that was
--   signed off the record.  One finding per artifact and version.
-- references: https://docs.sigstore.dev/cosign/signing/signing_with_containers/
-- false_positives: signature evidence not collected (Rekor, the signing
--   log of another key service); artifacts that are never signed by
--   policy.
WITH p AS (
    SELECT e.id, e.ts_us, e.actor, e.artifact, e.version, e.repo,
           e.digest, e.source
    FROM events e
    WHERE e.action = 'publish' AND e.outcome = 'success'
      AND e.digest IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM events s
                      WHERE s.digest = e.digest
                        AND s.action IN ('sign', 'tlog.entry'))
      AND NOT EXISTS (SELECT 1 FROM events g
                      WHERE g.action = 'publish.signature'
                        AND g.version = replace(e.digest, ':', '-')
                            || '.sig')
)
SELECT json_group_array(p.id) AS event_ids,
       min(p.ts_us) AS ts_us,
       max(p.actor) AS actor,
       printf('%d artifact(s) of %s %s published by %s with no signature '
           || 'or transparency-log entry for their digest: %s', count(*),
           coalesce(p.repo, p.artifact, '?'), coalesce(p.version, ''),
           coalesce(max(p.actor), '?'),
           (SELECT group_concat(name, ', ') FROM (
               SELECT DISTINCT coalesce(x.artifact, '') || ' ' ||
                   substr(x.digest, 1, 19) AS name
               FROM p x
               WHERE x.repo IS p.repo AND x.version IS p.version
                 AND x.source = p.source ORDER BY name))) AS summary
FROM p
GROUP BY p.source, p.repo, p.version;
