-- id: signing-alias-repointed
-- title: Alias used for signing pointed at another key
-- severity: high
-- attack: T1098, T1553.002
-- description: UpdateAlias on an alias that signing requests use, or that
--   names a key that signs.  Whoever moves the alias decides which key
--   the pipeline signs with: an attacker's key, or one whose policy they
--   control.
-- references: https://docs.aws.amazon.com/kms/latest/developerguide/alias-manage.html
-- false_positives: key rotation done by moving the alias.
SELECT u.id AS event_id,
       printf('%s pointed %s at %s', coalesce(u.actor,
           'an unknown principal'),
           coalesce(json_extract(u.attrs, '$.alias'),
               json_extract(u.attrs, '$.request.aliasName'), 'an alias'),
           coalesce(json_extract(u.attrs, '$.request.targetKeyId'),
               u.key_ref, '?')) AS summary
FROM events u
WHERE u.action = 'key.alias' AND u.operation REGEXP '(?i)UpdateAlias$'
  AND u.outcome = 'success'
  AND (u.key_ref IN (SELECT key_ref FROM events WHERE action = 'sign'
                       AND key_ref IS NOT NULL)
       OR EXISTS (
           SELECT 1 FROM events s
           WHERE s.action = 'sign' AND s.key_raw IS NOT NULL
             AND coalesce(json_extract(u.attrs, '$.alias'),
                     json_extract(u.attrs, '$.request.aliasName')) IS NOT NULL
             AND (s.key_raw = coalesce(json_extract(u.attrs, '$.alias'),
                      json_extract(u.attrs, '$.request.aliasName'))
                  OR s.key_raw LIKE '%:' || coalesce(
                      json_extract(u.attrs, '$.alias'),
                      json_extract(u.attrs, '$.request.aliasName')))));
