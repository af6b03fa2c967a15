-- id: trust-policy-wildcard-subject
-- title: Signing role trust widened to any repository or ref
-- severity: critical
-- attack: T1098, T1078.004, T1195.002
-- description: UpdateAssumeRolePolicy (or CreateRole) on a role that
--   signs, whose new trust policy has an OIDC subject condition
--   (token.actions.githubusercontent.com:sub, GitLab's sub, ...) with a
--   wildcard in the repository part, or matching every ref: "repo:org/*",
--   "repo:org/app:*", "*".  Any workflow of any repository in the
--   organisation (or anywhere) can then obtain signing credentials.
-- references: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
-- false_positives: none expected for a signing role: a signing role
--   should trust one repository and release refs only.
WITH t AS (
    SELECT e.id, e.ts_us, e.actor, e.outcome,
           json_extract(e.attrs, '$.request.roleName') AS role,
           json_extract(e.attrs, '$.request.policyDocument') AS doc
    FROM events e
    WHERE e.action = 'iam.trust'
      AND e.operation IN ('iam:UpdateAssumeRolePolicy', 'iam:CreateRole')
      AND json_valid(json_extract(e.attrs, '$.request.policyDocument'))
),
sub AS (
    SELECT t.id, j.atom AS subject
    FROM t, json_tree(t.doc) j
    WHERE j.type = 'text'
      AND (j.fullkey REGEXP ':sub"?$' OR j.path REGEXP ':sub"?$')
      AND j.atom REGEXP '^\*$|^(repo|project_path):[^:]*\*|^(repo|project_path):[^:]+:(ref:)?\*$'
)
SELECT t.id AS event_id,
       printf('%s changed the trust policy of signing role %s: OIDC '
           || 'subject %s may assume it%s', coalesce(t.actor, '?'), t.role,
           (SELECT group_concat('"' || subject || '"', ', ') FROM (
               SELECT DISTINCT subject FROM sub WHERE sub.id = t.id
               ORDER BY subject)),
           CASE WHEN t.outcome = 'success' THEN ''
                ELSE ' (the call failed)' END) AS summary
FROM t
WHERE t.id IN (SELECT id FROM sub)
  AND EXISTS (SELECT 1 FROM events s
              WHERE s.action = 'sign' AND s.actor LIKE '%:role/%'
                AND substr(s.actor, -length(t.role) - 1) = '/' || t.role);
