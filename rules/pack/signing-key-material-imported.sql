-- id: signing-key-material-imported
-- title: Key material imported into a signing key
-- severity: critical
-- attack: T1553.002, T1588.003
-- description: ImportKeyMaterial (or an import in another key service) on
--   a key that signs.  With imported material the private key exists
--   outside the HSM: whoever supplied it can sign without any log.
-- references: https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html
-- false_positives: a documented bring-your-own-key ceremony.
SELECT i.id AS event_id,
       printf('%s imported key material into signing key %s (%s)%s',
           coalesce(i.actor, 'an unknown principal'), i.key_ref,
           coalesce(i.operation, i.action),
           CASE WHEN i.outcome = 'success' THEN ''
                ELSE ' (failed: ' || coalesce(i.error_code, '?') || ')'
           END) AS summary
FROM events i
WHERE i.action = 'key.import'
  AND coalesce(i.operation, '') NOT REGEXP '(?i)GetParametersForImport'
  AND i.key_ref IN (SELECT key_ref FROM events WHERE action = 'sign'
                      AND key_ref IS NOT NULL);
