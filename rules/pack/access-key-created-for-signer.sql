-- id: access-key-created-for-signer
-- title: Access key created for a user that signs
-- severity: high
-- attack: T1098.001
-- description: iam:CreateAccessKey for an IAM user that has signing
--   attempts in the case.  A new long-term credential for a signer is a
--   classic way to keep access once the first one is revoked.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
-- false_positives: a routine key rotation (an old key deleted around the
--   same time).
WITH c AS (
    SELECT e.id, e.ts_us, e.actor, e.outcome,
           coalesce(json_extract(e.attrs, '$.request.userName'),
               regexp_capture(e.actor, ':user/(?:.*/)?([^/]+)$', 1))
               AS username,
           json_extract(e.attrs, '$.issued_access_key_id') AS new_key
    FROM events e
    WHERE e.action = 'iam.credential'
      AND e.operation = 'iam:CreateAccessKey' AND e.outcome = 'success'
)
SELECT c.id AS event_id,
       (SELECT s.actor FROM events s
        WHERE s.action = 'sign' AND s.actor LIKE '%:user/%'
          AND substr(s.actor, -length(c.username) - 1) = '/' || c.username
        ORDER BY s.ts_us LIMIT 1) AS actor,
       printf('%s created access key %s for %s, a user that signs',
           coalesce(c.actor, '?'), coalesce(c.new_key, '?'), c.username)
           AS summary
FROM c
WHERE c.username IS NOT NULL
  AND EXISTS (SELECT 1 FROM events s
              WHERE s.action = 'sign' AND s.actor LIKE '%:user/%'
                AND substr(s.actor, -length(c.username) - 1) =
                    '/' || c.username);
