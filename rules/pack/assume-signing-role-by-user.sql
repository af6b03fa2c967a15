-- id: assume-signing-role-by-user
-- title: IAM user assumed the signing role
-- severity: high
-- attack: T1078.004, T1548.005
-- description: sts:AssumeRole into a role that signs, called by an IAM
--   user (long-term credentials) rather than through the pipeline's OIDC
--   federation.  The session it creates can sign as the pipeline.
-- references: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
-- false_positives: a break-glass user, documented as such.
SELECT a.id AS event_id,
       printf('%s (%s, key %s) assumed signing role %s as session "%s" '
           || 'from %s%s', coalesce(a.actor, '?'),
           coalesce(json_extract(a.attrs, '$.identity_type'), '?'),
           coalesce(json_extract(a.attrs, '$.access_key_id'), '?'),
           json_extract(a.attrs, '$.role_arn'),
           coalesce(json_extract(a.attrs, '$.role_session_name'), '?'),
           coalesce(a.src_ip, '?'),
           CASE WHEN a.outcome = 'success' THEN ''
                ELSE ' (failed: ' || coalesce(a.error_code, '?') || ')'
           END) AS summary
FROM events a
WHERE a.action = 'session.assume' AND a.operation = 'sts:AssumeRole'
  AND json_extract(a.attrs, '$.identity_type') IN ('IAMUser', 'Root')
  AND json_extract(a.attrs, '$.role_arn') IN (
      SELECT actor FROM events WHERE action = 'sign' AND actor IS NOT NULL);
