-- id: kms-sign-outside-pipeline
-- title: KMS signing by a principal that never signs in a CI pipeline
-- severity: high
-- attack: T1553.002, T1078.004
-- description: A kms:Sign by a principal (IAM user or role) none of whose
--   signatures in the case was made in a session that an OIDC pipeline
--   obtained (sts:AssumeRoleWithWebIdentity).  Release signing is meant to
--   happen in CI; a person or a service signing by hand bypasses the
--   review, build provenance and logging the pipeline gives.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html
-- false_positives: an emergency release signed by a maintainer; a
--   pipeline whose AssumeRoleWithWebIdentity records are not in the case.
SELECT json_group_array(s.id) AS event_ids,
       min(s.ts_us) AS ts_us,
       s.actor AS actor,
       s.key_ref AS key_ref,
       printf('%d signature(s) by %s, which never signs in an OIDC '
           || 'pipeline session (from %s, %s)', count(*), s.actor,
           min(coalesce(s.src_ip, '?')), min(coalesce(s.user_agent, '?')))
           AS summary
FROM events s
WHERE s.action = 'sign' AND s.operation = 'kms:Sign'
  AND s.outcome = 'success' AND s.actor IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM events p JOIN events a ON a.session = p.session
      WHERE p.action = 'sign' AND p.operation = 'kms:Sign'
        AND p.actor = s.actor
        AND a.action = 'session.assume'
        AND a.operation = 'sts:AssumeRoleWithWebIdentity'
        AND a.outcome = 'success')
GROUP BY s.actor, s.key_ref;
