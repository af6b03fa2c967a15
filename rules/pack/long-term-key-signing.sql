-- id: long-term-key-signing
-- title: Signing with a long-term access key
-- severity: high
-- attack: T1078.004, T1552
-- description: kms:Sign attempts authenticated with an IAM user's
--   long-term access key (AKIA...), successful or not.  Pipelines sign
--   with short-lived role credentials; a long-term key that signs is a
--   key that can leak, and usually did.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles
-- false_positives: a maintainer's deliberate manual signature (still
--   worth confirming).
SELECT json_group_array(id) AS event_ids,
       min(ts_us) AS ts_us,
       actor,
       key_ref,
       printf('%d signing attempt(s) by %s with the long-term access key '
           || '%s (%d succeeded, from %s)', count(*), actor,
           coalesce(json_extract(attrs, '$.access_key_id'), session),
           sum(outcome = 'success'),
           (SELECT group_concat(src_ip, ', ') FROM (
               SELECT DISTINCT x.src_ip FROM events x
               WHERE x.action = 'sign' AND x.actor IS e.actor
                 AND coalesce(json_extract(x.attrs, '$.access_key_id'),
                     x.session) IS coalesce(json_extract(e.attrs,
                     '$.access_key_id'), e.session)
                 AND x.src_ip IS NOT NULL ORDER BY x.src_ip)))
           AS summary
FROM events e
WHERE action = 'sign'
  AND coalesce(json_extract(attrs, '$.access_key_id'), session)
      REGEXP '^AKIA[0-9A-Z]{12,}$'
GROUP BY actor, coalesce(json_extract(attrs, '$.access_key_id'), session);
