-- id: release-job-unexpected-runner
-- title: Release job on a runner release runs do not use
-- severity: high
-- attack: T1195.002
-- description: A job of a release workflow run (see
--   release-workflow-non-release-ref) ran on a runner class (runner group,
--   else the runner name without its number) that no earlier job of a
--   tagged release run used.  A self-hosted runner that is not the
--   release fleet can read the job's OIDC token and signing material.
-- references: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#hardening-for-self-hosted-runners
-- false_positives: a planned move to a new runner group.
WITH runs AS (
    SELECT repo, run_ref, ref,
           coalesce(json_extract(attrs, '$.workflow_name'),
               json_extract(attrs, '$.name'),
               json_extract(attrs, '$.job_name')) AS wf
    FROM events
    WHERE action = 'ci.run' AND repo IS NOT NULL AND run_ref IS NOT NULL
),
rel AS (
    SELECT DISTINCT repo, wf FROM runs
    WHERE ref LIKE 'refs/tags/%' AND wf IS NOT NULL
),
relrun AS (
    SELECT DISTINCT runs.repo, runs.run_ref, runs.ref FROM runs
    JOIN rel ON rel.repo = runs.repo AND rel.wf = runs.wf
),
j AS (
    SELECT e.id, e.ts_us, e.repo, e.run_ref, e.runner, e.actor,
           relrun.ref AS run_ref_name,
           coalesce(json_extract(e.attrs, '$.runner_group_name'),
               regexp_capture(e.runner, '^(.*?)[\s_-]*\d*$', 1))
               AS class
    FROM events e
    JOIN relrun ON relrun.repo = e.repo AND relrun.run_ref = e.run_ref
    WHERE e.action = 'ci.job' AND e.runner IS NOT NULL
      AND e.ts_us IS NOT NULL
),
g AS (
    SELECT repo, run_ref, runner, class, run_ref_name,
           min(ts_us) AS first_us
    FROM j GROUP BY repo, run_ref, runner
)
SELECT json_group_array(j.id) AS event_ids,
       g.first_us AS ts_us,
       max(j.actor) AS actor,
       printf('release run %s of %s (%s) ran a job on runner %s '
           || '(class "%s"); earlier tagged release runs used: %s',
           g.run_ref, g.repo, g.run_ref_name, g.runner, g.class,
           (SELECT group_concat(class, ', ') FROM (
               SELECT DISTINCT o.class FROM j o
               WHERE o.repo = g.repo AND o.run_ref_name LIKE 'refs/tags/%'
                 AND o.ts_us < g.first_us ORDER BY o.class)))
           AS summary
FROM g JOIN j ON j.repo = g.repo AND j.run_ref = g.run_ref
    AND j.runner = g.runner
WHERE NOT EXISTS (SELECT 1 FROM j o
                  WHERE o.repo = g.repo AND o.class = g.class
                    AND o.run_ref_name LIKE 'refs/tags/%'
                    AND o.ts_us < g.first_us)
  AND EXISTS (SELECT 1 FROM j o
              WHERE o.repo = g.repo AND o.run_ref_name LIKE 'refs/tags/%'
                AND o.ts_us < g.first_us)
GROUP BY g.repo, g.run_ref, g.runner;
