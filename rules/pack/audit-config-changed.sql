-- id: audit-config-changed
-- title: Audit trail configuration changed
-- severity: medium
-- attack: T1562.008
-- description: CloudTrail UpdateTrail, PutEventSelectors or
--   PutInsightSelectors: what the trail records, or where it delivers,
--   changed.  Excluding KMS or management events, or moving delivery to
--   another bucket, hides later activity without stopping the trail.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
-- false_positives: planned changes to event selectors or log delivery.
SELECT a.id AS event_id,
       printf('%s changed the audit trail %s (%s)', coalesce(a.actor,
           'an unknown principal'),
           coalesce(json_extract(a.attrs, '$.request.name'),
               json_extract(a.attrs, '$.request.trailName'), '?'),
           a.operation) AS summary
FROM events a
WHERE a.action = 'audit.config' AND a.outcome = 'success'
  AND a.operation REGEXP
      '(?i)(UpdateTrail|PutEventSelectors|PutInsightSelectors)$';
