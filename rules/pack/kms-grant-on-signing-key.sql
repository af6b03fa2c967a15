-- id: kms-grant-on-signing-key
-- title: Grant created on a signing key
-- severity: high
-- attack: T1098, T1553.002
-- description: A grant (KMS CreateGrant, or a grant in another key
--   service) on a key that signs.  A grant gives another principal use of
--   the key outside the key policy, does not show in the policy, and
--   survives changes to the role that made it: a quiet back door.
-- references: https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
-- false_positives: AWS services that create grants for themselves (their
--   principal is a service); a new pipeline being set up.
SELECT g.id AS event_id,
       printf('%s granted %s on signing key %s to %s%s', coalesce(g.actor,
           'an unknown principal'),
           coalesce((SELECT group_concat(o.value, ', ') FROM json_each(
               g.attrs, '$.request.operations') o), 'use'), g.key_ref,
           coalesce(json_extract(g.attrs, '$.request.granteePrincipal'),
               '?'),
           CASE WHEN g.outcome = 'success' THEN ''
                ELSE ' (failed: ' || coalesce(g.error_code, '?') || ')'
           END) AS summary
FROM events g
WHERE g.action = 'key.grant'
  AND g.operation NOT REGEXP '(?i)(revoke|retire|list)'
  AND g.key_ref IN (SELECT key_ref FROM events WHERE action = 'sign'
                      AND key_ref IS NOT NULL);
