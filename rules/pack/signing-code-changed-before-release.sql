-- id: signing-code-changed-before-release
-- title: Release workflow or signing script changed shortly before signing
-- severity: medium
-- attack: T1195.002
-- description: A commit that changes a release or signing workflow, a
--   shared action, a signing script, a goreleaser or cosign
--   configuration, a Jenkinsfile or .gitlab-ci.yml, followed within 72
--   hours by a successful signature or a release tag.  Changing the
--   pipeline just before it signs is how a hijacked build gets a valid
--   signature.
-- references: https://slsa.dev/spec/v1.0/threats
-- false_positives: legitimate release preparation (review the diff).
WITH c AS (
    SELECT e.id, e.ts_us, e.actor, e.repo, e.commit_sha,
           (SELECT group_concat(path, ', ') FROM (
               SELECT DISTINCT json_extract(p.value, '$.path') AS path
               FROM json_each(e.attrs, '$.paths') p
               WHERE json_extract(p.value, '$.path') REGEXP
                   '(?i)(^|/)\.github/workflows/[^/]*(release|publish|sign|deploy)[^/]*\.ya?ml$|(^|/)\.github/actions/|(^|/)[^/]*sign[^/]*\.(sh|bash|ps1|py|rb|js|mjs|ts)$|(^|/)\.goreleaser\.ya?ml$|(^|/)[^/]*cosign[^/]*$|(^|/)Jenkinsfile$|(^|/)\.gitlab-ci\.yml$'
               ORDER BY path)) AS paths
    FROM events e
    WHERE e.action = 'vcs.commit' AND e.ts_us IS NOT NULL
      AND json_type(e.attrs, '$.paths') = 'array'
)
SELECT json_array(c.id, (
           SELECT x.id FROM events x
           WHERE x.action IN ('sign', 'vcs.tag') AND x.ts_us > c.ts_us
             AND x.ts_us <= c.ts_us + 259200000000
             AND (x.action = 'vcs.tag' OR x.outcome = 'success')
           ORDER BY x.ts_us, x.id LIMIT 1)) AS event_ids,
       c.ts_us AS ts_us,
       c.actor AS actor,
       printf('commit %s by %s changed %s; %s followed %d min later',
           substr(c.commit_sha, 1, 12), coalesce(c.actor, '?'), c.paths,
           (SELECT CASE x.action WHEN 'vcs.tag' THEN 'tag ' ||
                       coalesce(x.ref, '?')
                   ELSE 'a signature by ' || coalesce(x.actor, '?') END
            FROM events x
            WHERE x.action IN ('sign', 'vcs.tag') AND x.ts_us > c.ts_us
              AND x.ts_us <= c.ts_us + 259200000000
              AND (x.action = 'vcs.tag' OR x.outcome = 'success')
            ORDER BY x.ts_us, x.id LIMIT 1),
           ((SELECT min(x.ts_us) FROM events x
             WHERE x.action IN ('sign', 'vcs.tag') AND x.ts_us > c.ts_us
               AND x.ts_us <= c.ts_us + 259200000000
               AND (x.action = 'vcs.tag' OR x.outcome = 'success'))
            - c.ts_us) / 60000000) AS summary
FROM c
WHERE c.paths IS NOT NULL
  AND EXISTS (SELECT 1 FROM events x
              WHERE x.action IN ('sign', 'vcs.tag') AND x.ts_us > c.ts_us
                AND x.ts_us <= c.ts_us + 259200000000
                AND (x.action = 'vcs.tag' OR x.outcome = 'success'));
