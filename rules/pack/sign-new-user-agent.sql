-- id: sign-new-user-agent
-- title: Signing from a client the signer never used before
-- severity: high
-- attack: T1553.002, T1078.004
-- description: A signer that has a signing history used a client it had
--   never signed with before (the product part of the user agent:
--   aws-cli where the pipeline uses aws-sdk-go-v2, gcloud where it uses
--   Jsign).  Stolen pipeline credentials are usually replayed from an
--   interactive tool on the attacker's machine.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
-- false_positives: a tool upgrade that renames the client; a maintainer
--   signing by hand with a role that CI normally uses.
WITH s AS (
    SELECT id, ts_us, actor, key_ref, src_ip,
           regexp_capture(user_agent, '^([^/\s(]+)', 1) AS client
    FROM events
    WHERE action = 'sign' AND actor IS NOT NULL AND ts_us IS NOT NULL
      AND user_agent IS NOT NULL
),
f AS (
    SELECT actor, client, min(ts_us) AS first_us
    FROM s WHERE client IS NOT NULL GROUP BY actor, client
)
SELECT json_group_array(s.id) AS event_ids,
       f.first_us AS ts_us,
       f.actor AS actor,
       printf('%s signed %d time(s) with %s, a client it had not signed '
           || 'with before (from %s; earlier: %s)', f.actor, count(*),
           f.client,
           (SELECT group_concat(src_ip, ', ') FROM (
               SELECT DISTINCT src_ip FROM s x
               WHERE x.actor = f.actor AND x.client = f.client
                 AND x.src_ip IS NOT NULL ORDER BY src_ip)),
           (SELECT group_concat(client, ', ') FROM (
               SELECT DISTINCT client FROM s o
               WHERE o.actor = f.actor AND o.ts_us < f.first_us
               ORDER BY client))) AS summary
FROM f JOIN s ON s.actor = f.actor AND s.client = f.client
WHERE EXISTS (SELECT 1 FROM s o WHERE o.actor = f.actor
                AND o.ts_us < f.first_us)
GROUP BY f.actor, f.client;
