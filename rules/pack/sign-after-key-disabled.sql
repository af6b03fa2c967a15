-- id: sign-after-key-disabled
-- title: Signing attempts on a key after it was disabled
-- severity: critical
-- attack: T1553.002, T1078
-- description: Signing attempts (failed or, worse, successful) on a key
--   after it was disabled and before it was enabled again.  After
--   containment only the attacker still tries the key: the principal and
--   address show what access they kept.
-- references: https://docs.aws.amazon.com/kms/latest/developerguide/enabling-keys.html
-- false_positives: a pipeline nobody told about the rotation.
WITH x AS (
    SELECT s.id, s.ts_us, s.actor, s.key_ref, s.outcome, s.src_ip,
           (SELECT d.id FROM events d
            WHERE d.action = 'key.disable' AND d.outcome = 'success'
              AND d.key_ref = s.key_ref AND d.ts_us <= s.ts_us
            ORDER BY d.ts_us DESC, d.id DESC LIMIT 1) AS dis_id
    FROM events s
    WHERE s.action = 'sign' AND s.key_ref IS NOT NULL
      AND s.ts_us IS NOT NULL
),
y AS (
    SELECT x.*, d.ts_us AS dis_us, d.ts AS dis_ts FROM x
    JOIN events d ON d.id = x.dis_id
    WHERE NOT EXISTS (
        SELECT 1 FROM events en
        WHERE en.action = 'key.enable' AND en.outcome = 'success'
          AND en.key_ref = x.key_ref AND en.ts_us > d.ts_us
          AND en.ts_us < x.ts_us)
)
SELECT json_insert(json_group_array(y.id), '$[#]', max(y.dis_id))
           AS event_ids,
       min(y.ts_us) AS ts_us,
       y.actor AS actor,
       y.key_ref AS key_ref,
       printf('%d signing attempt(s) by %s on %s after it was disabled '
           || 'at %s (%d succeeded; from %s)', count(*),
           coalesce(y.actor, 'an unknown signer'), y.key_ref,
           max(y.dis_ts), sum(y.outcome = 'success'),
           coalesce(min(y.src_ip), '?')) AS summary
FROM y
GROUP BY y.actor, y.key_ref;
