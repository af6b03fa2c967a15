-- id: sign-outside-release-window
-- title: Release signer signing with no release run or tag nearby
-- severity: high
-- attack: T1553.002
-- description: A successful signature by a signer whose other signatures
--   come with release activity (a CI run or job on a tag ref, or a git
--   tag, within two hours), made with no such activity within two hours.
--   The signer's own history is the release cadence; a signature outside
--   it (a branch build, a night-time session) is one no release explains.
-- false_positives: CI or git evidence missing from the case for that
--   period; release processes that sign long after tagging.
WITH rel AS (
    SELECT ts_us, coalesce(end_us, ts_us) AS end_us FROM events
    WHERE ts_us IS NOT NULL
      AND (action = 'vcs.tag'
           OR (action IN ('ci.run', 'ci.job') AND ref LIKE 'refs/tags/%'))
),
s AS (
    SELECT e.id, e.ts_us, e.actor, e.key_ref,
           EXISTS (SELECT 1 FROM rel
                   WHERE rel.ts_us <= e.ts_us + 7200000000
                     AND rel.end_us >= e.ts_us - 7200000000) AS in_release
    FROM events e
    WHERE e.action = 'sign' AND e.outcome = 'success'
      AND e.actor IS NOT NULL AND e.ts_us IS NOT NULL
)
SELECT json_group_array(s.id) AS event_ids,
       min(s.ts_us) AS ts_us,
       s.actor AS actor,
       s.key_ref AS key_ref,
       printf('%d signature(s) by %s on %s with no release run or tag '
           || 'within two hours, although its other signatures come with '
           || 'one', count(*), s.actor,
           strftime('%Y-%m-%d', min(s.ts_us) / 1000000, 'unixepoch'))
           AS summary
FROM s
WHERE NOT s.in_release
  AND EXISTS (SELECT 1 FROM s o WHERE o.actor = s.actor AND o.in_release)
GROUP BY s.actor, s.key_ref,
    strftime('%Y-%m-%d', s.ts_us / 1000000, 'unixepoch');
