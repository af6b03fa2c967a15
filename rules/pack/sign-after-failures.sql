-- id: sign-after-failures
-- title: Failed signing attempts, then a successful signature
-- severity: high
-- attack: T1553.002, T1078
-- description: A signer whose signing attempts failed (denied, wrong key,
--   disabled key) and who then signed successfully within the hour.  The
--   failures are someone probing which key or which permission works;
--   the success is what they got.
-- false_positives: a pipeline retrying after a transient error or a
--   fixed misconfiguration.
WITH seq AS (
    SELECT id, ts_us, actor, key_ref, outcome,
           lag(outcome) OVER w AS prev_outcome,
           lag(ts_us) OVER w AS prev_us
    FROM events
    WHERE action = 'sign' AND actor IS NOT NULL AND ts_us IS NOT NULL
    WINDOW w AS (PARTITION BY actor ORDER BY ts_us, id)
)
SELECT json_insert(
           (SELECT json_group_array(f.id) FROM events f
            WHERE f.action = 'sign' AND f.outcome = 'failure'
              AND f.actor = s.actor AND f.ts_us <= s.ts_us
              AND f.ts_us >= s.ts_us - 3600000000),
           '$[#]', s.id) AS event_ids,
       s.ts_us AS ts_us,
       s.actor AS actor,
       s.key_ref AS key_ref,
       printf('%s signed successfully %d s after %d failed signing '
           || 'attempt(s) in the hour before (%s)', s.actor,
           (s.ts_us - s.prev_us) / 1000000,
           (SELECT count(*) FROM events f
            WHERE f.action = 'sign' AND f.outcome = 'failure'
              AND f.actor = s.actor AND f.ts_us <= s.ts_us
              AND f.ts_us >= s.ts_us - 3600000000),
           (SELECT group_concat(code, ', ') FROM (
               SELECT DISTINCT coalesce(f.error_code, 'failure') AS code
               FROM events f
               WHERE f.action = 'sign' AND f.outcome = 'failure'
                 AND f.actor = s.actor AND f.ts_us <= s.ts_us
                 AND f.ts_us >= s.ts_us - 3600000000 ORDER BY code)))
           AS summary
FROM seq s
WHERE s.outcome = 'success' AND s.prev_outcome = 'failure'
  AND s.ts_us - s.prev_us <= 3600000000;
