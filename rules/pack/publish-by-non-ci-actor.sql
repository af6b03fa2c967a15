-- id: publish-by-non-ci-actor
-- title: Registry push or release upload by a person, not CI
-- severity: high
-- attack: T1195.002
-- description: A publish or signature push (registry, release assets,
--   package index) whose actor is not a CI identity (a "[bot]" account,
--   github-actions, gitlab-ci-token, a Jenkins, Harbor robot or cloud
--   service account).  Releases are published by the pipeline; a person
--   pushing an image or a signature by hand skips the pipeline's checks,
--   and a stolen token looks exactly like this.  One finding per actor,
--   repository and version.
-- false_positives: a documented manual release (a hotfix published by a
--   maintainer).
SELECT json_group_array(e.id) AS event_ids,
       min(e.ts_us) AS ts_us,
       e.actor AS actor,
       printf('%s pushed %d %s to %s%s by hand (%s%s)', e.actor,
           count(*), CASE WHEN max(e.action) = 'publish.signature'
               AND min(e.action) = 'publish.signature' THEN 'signature(s)'
               ELSE 'artifact(s)' END,
           coalesce(e.repo, e.artifact, '?'),
           coalesce(' ' || CASE WHEN min(e.action) = 'publish.signature'
               THEN NULL ELSE e.version END, ''),
           e.source, coalesce(' from ' || min(e.src_ip), '')) AS summary
FROM events e
WHERE e.action IN ('publish', 'publish.signature') AND e.outcome = 'success'
  AND e.actor IS NOT NULL
  AND e.actor NOT REGEXP '(?i)(\[bot\]$|^github-actions|^gitlab-ci|^ci[-_]|jenkins|^robot[$_]|buildkite|circleci|^svc[-_]|\.gserviceaccount\.com$|^system:serviceaccount:)'
GROUP BY e.actor, e.source, coalesce(e.repo, e.artifact),
    CASE WHEN e.action = 'publish.signature' THEN NULL ELSE e.version END;
