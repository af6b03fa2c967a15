-- id: sign-new-ip-prefix
-- title: Signing from a network the signer never signed from
-- severity: medium
-- attack: T1553.002, T1078.004
-- description: A signer with a signing history signed from an address
--   whose /24 (IPv4) or /48 (IPv6) prefix it had never signed from, and
--   the address is not one a CI pipeline used (an address that obtained
--   OIDC credentials for a repository, or that a CI-issued session signed
--   from).  Hosted CI runners change addresses all the time; a laptop, a
--   VPS or a Tor exit does not belong in the signing history.
-- references: https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html
-- false_positives: a new self-hosted runner network; a maintainer's new
--   office or home address.
WITH ci AS (
    SELECT DISTINCT src_ip FROM events
    WHERE action IN ('session.assume', 'session.login')
      AND src_ip IS NOT NULL
      AND actor REGEXP '(^|[/:-])(repo|project_path):'
),
s AS (
    SELECT id, ts_us, actor, key_ref, src_ip,
           coalesce(regexp_capture(src_ip,
               '^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$', 1) || '.0/24',
               regexp_capture(src_ip,
               '^([0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}):',
               1) || '::/48') AS prefix
    FROM events
    WHERE action = 'sign' AND actor IS NOT NULL AND ts_us IS NOT NULL
      AND src_ip IS NOT NULL
),
f AS (
    SELECT actor, prefix, min(ts_us) AS first_us
    FROM s WHERE prefix IS NOT NULL GROUP BY actor, prefix
)
SELECT json_group_array(s.id) AS event_ids,
       f.first_us AS ts_us,
       f.actor AS actor,
       printf('%s signed %d time(s) from %s (%s), a network it had never '
           || 'signed from and no CI pipeline used', f.actor, count(*),
           f.prefix,
           (SELECT group_concat(src_ip, ', ') FROM (
               SELECT DISTINCT src_ip FROM s x
               WHERE x.actor = f.actor AND x.prefix = f.prefix
               ORDER BY src_ip))) AS summary
FROM f JOIN s ON s.actor = f.actor AND s.prefix = f.prefix
WHERE EXISTS (SELECT 1 FROM s o WHERE o.actor = f.actor
                AND o.ts_us < f.first_us)
  AND s.src_ip NOT IN (SELECT src_ip FROM ci)
  AND s.actor NOT REGEXP '(^|[/:-])(repo|project_path):'
GROUP BY f.actor, f.prefix;
