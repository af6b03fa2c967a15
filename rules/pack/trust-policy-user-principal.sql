-- id: trust-policy-user-principal
-- title: Signing role made assumable by an IAM user or a whole account
-- severity: high
-- attack: T1098, T1078.004
-- description: UpdateAssumeRolePolicy (or CreateRole) on a role that
--   signs, whose trust policy lets an IAM user, an account root, a bare
--   account id or "*" assume it.  A signing role should be assumable by
--   the pipeline's OIDC provider only; a user in its trust policy turns a
--   leaked access key into signing power.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
-- false_positives: a break-glass user, documented as such.
WITH t AS (
    SELECT e.id, e.ts_us, e.actor, e.outcome,
           json_extract(e.attrs, '$.request.roleName') AS role,
           json_extract(e.attrs, '$.request.policyDocument') AS doc
    FROM events e
    WHERE e.action = 'iam.trust'
      AND e.operation IN ('iam:UpdateAssumeRolePolicy', 'iam:CreateRole')
      AND json_valid(json_extract(e.attrs, '$.request.policyDocument'))
),
p AS (
    SELECT t.id, j.atom AS principal
    FROM t, json_tree(t.doc) j
    WHERE j.type = 'text'
      AND (j.fullkey REGEXP '\.Principal(\.AWS)?$'
           OR j.path REGEXP '\.Principal\.AWS$')
      AND j.atom REGEXP ':user/|:root$|^\*$|^\d{12}$'
)
SELECT t.id AS event_id,
       printf('%s changed the trust policy of signing role %s: %s may '
           || 'assume it%s', coalesce(t.actor, '?'), t.role,
           (SELECT group_concat(principal, ', ') FROM (
               SELECT DISTINCT principal FROM p WHERE p.id = t.id
               ORDER BY principal)),
           CASE WHEN t.outcome = 'success' THEN ''
                ELSE ' (the call failed)' END) AS summary
FROM t
WHERE t.id IN (SELECT id FROM p)
  AND EXISTS (SELECT 1 FROM events s
              WHERE s.action = 'sign' AND s.actor LIKE '%:role/%'
                AND substr(s.actor, -length(t.role) - 1) = '/' || t.role);
