-- id: signing-key-disabled-or-deleted
-- title: Signing key disabled or scheduled for deletion
-- severity: medium
-- attack: T1485, T1553.002
-- description: DisableKey, ScheduleKeyDeletion (or the disabling or
--   destruction of a key version elsewhere) on a key that signs.  It is
--   either containment (then it marks the time from which signatures are
--   suspect) or sabotage of the release process.
-- references: https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
-- false_positives: planned retirement of a key after rotation.
SELECT d.id AS event_id,
       printf('%s %s signing key %s (%s)', coalesce(d.actor,
           'an unknown principal'),
           CASE d.action WHEN 'key.disable' THEN 'disabled'
                ELSE 'scheduled the deletion of' END,
           d.key_ref, coalesce(d.operation, d.action)) AS summary
FROM events d
WHERE d.action IN ('key.disable', 'key.delete') AND d.outcome = 'success'
  AND coalesce(d.operation, '') NOT REGEXP '(?i)cancel|restore'
  AND d.key_ref IN (SELECT key_ref FROM events WHERE action = 'sign'
                      AND key_ref IS NOT NULL);
