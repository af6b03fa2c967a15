-- id: kms-sign-session-not-from-pipeline
-- title: Pipeline signing role used in a session no pipeline obtained
-- severity: critical
-- attack: T1553.002, T1078.004, T1550.001
-- description: A kms:Sign by a role that otherwise signs in OIDC pipeline
--   sessions, made in a session that was not issued by
--   sts:AssumeRoleWithWebIdentity (an sts:AssumeRole by a user, stolen
--   credentials, a console session).  Someone became the signing role
--   outside the pipeline.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
-- false_positives: a break-glass procedure that assumes the signing role
--   on purpose.
SELECT json_group_array(s.id) AS event_ids,
       min(s.ts_us) AS ts_us,
       s.actor AS actor,
       s.key_ref AS key_ref,
       printf('%d signature(s) by the pipeline role %s in session %s, '
           || 'which no OIDC pipeline obtained%s', count(*), s.actor,
           s.session, coalesce(' (' || (
               SELECT a.operation || ' by ' || coalesce(a.actor, '?')
                   || ' from ' || coalesce(a.src_ip, '?')
               FROM events a
               WHERE a.action = 'session.assume' AND a.session = s.session
               ORDER BY a.ts_us, a.id LIMIT 1) || ')', '')) AS summary
FROM events s
WHERE s.action = 'sign' AND s.operation = 'kms:Sign'
  AND s.outcome = 'success' AND s.session IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM events a
      WHERE a.action = 'session.assume' AND a.session = s.session
        AND a.operation = 'sts:AssumeRoleWithWebIdentity')
  AND EXISTS (
      SELECT 1 FROM events p JOIN events a ON a.session = p.session
      WHERE p.action = 'sign' AND p.operation = 'kms:Sign'
        AND p.actor = s.actor
        AND a.action = 'session.assume'
        AND a.operation = 'sts:AssumeRoleWithWebIdentity'
        AND a.outcome = 'success')
GROUP BY s.actor, s.session, s.key_ref;
