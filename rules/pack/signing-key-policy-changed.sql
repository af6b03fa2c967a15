-- id: signing-key-policy-changed
-- title: Key policy of a signing key changed
-- severity: high
-- attack: T1098, T1553.002
-- description: The key policy (KMS PutKeyPolicy, or the access policy in
--   another key service) of a key that signs was replaced.  Whoever can
--   write the policy decides who can sign.
-- references: https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
-- false_positives: planned policy changes and containment (check who made
--   the change and compare the policy with the one before).
SELECT p.id AS event_id,
       printf('%s changed the key policy of signing key %s (%s)%s',
           coalesce(p.actor, 'an unknown principal'), p.key_ref,
           coalesce(p.operation, p.action),
           CASE WHEN p.outcome = 'success' THEN ''
                ELSE ' (failed: ' || coalesce(p.error_code, '?') || ')'
           END) AS summary
FROM events p
WHERE p.action = 'key.policy'
  AND p.key_ref IN (SELECT key_ref FROM events WHERE action = 'sign'
                      AND key_ref IS NOT NULL);
