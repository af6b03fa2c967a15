-- id: release-workflow-non-release-ref
-- title: Release workflow run from a branch or other non-release ref
-- severity: high
-- attack: T1195.002, T1078.004
-- description: A run of a release workflow (a workflow of the repository
--   that has run on a release tag in the case) from a ref that is not a
--   tag: a branch push, a pull request, a manual dispatch on a branch.
--   Release workflows hold signing rights; running one from a branch is
--   how a branch's code gets signed.  One finding per run.
-- references: https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows
-- false_positives: a release process that tags after the run (release
--   branches); a dry run that does not sign (check the run's jobs).
WITH r AS (
    SELECT id, ts_us, repo, ref, run_ref, actor,
           coalesce(json_extract(attrs, '$.workflow_name'),
               json_extract(attrs, '$.name'),
               json_extract(attrs, '$.job_name')) AS wf,
           json_extract(attrs, '$.workflow_path') AS wf_path
    FROM events
    WHERE action = 'ci.run' AND repo IS NOT NULL AND ref IS NOT NULL
),
rel AS (
    SELECT DISTINCT repo, wf FROM r
    WHERE ref LIKE 'refs/tags/%' AND wf IS NOT NULL
)
SELECT json_group_array(r.id) AS event_ids,
       min(r.ts_us) AS ts_us,
       max(r.actor) AS actor,
       printf('release workflow "%s" of %s ran from %s (run %s, started '
           || 'by %s)', coalesce(max(r.wf_path), r.wf), r.repo, r.ref,
           coalesce(r.run_ref, '?'), coalesce(max(r.actor), '?'))
           AS summary
FROM r JOIN rel ON rel.repo = r.repo AND rel.wf = r.wf
WHERE r.ref NOT LIKE 'refs/tags/%'
GROUP BY r.repo, r.wf, r.ref, coalesce(r.run_ref, r.id);
