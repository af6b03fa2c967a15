-- id: audit-logging-stopped
-- title: Audit logging stopped or deleted
-- severity: critical
-- attack: T1562.008
-- description: CloudTrail StopLogging or DeleteTrail (or an audit device
--   disabled elsewhere).  Everything done while logging is off is
--   invisible: the gap itself is evidence, and signatures made in it
--   cannot be cleared.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
-- false_positives: trail migration (a new trail created just before).
SELECT a.id AS event_id,
       printf('%s %s %s%s', coalesce(a.actor, 'an unknown principal'),
           CASE WHEN a.operation REGEXP '(?i)delete' THEN 'deleted'
                ELSE 'stopped logging of' END,
           coalesce(json_extract(a.attrs, '$.request.name'),
               json_extract(a.attrs, '$.path'), 'the audit trail'),
           coalesce(' (logging restarted ' || (
               SELECT r.ts FROM events r
               WHERE r.action = 'audit.config'
                 AND r.operation REGEXP '(?i)StartLogging$'
                 AND r.ts_us > a.ts_us ORDER BY r.ts_us LIMIT 1) || ')',
               ' (no restart in the case)')) AS summary
FROM events a
WHERE a.action = 'audit.config' AND a.outcome = 'success'
  AND a.operation REGEXP '(?i)(StopLogging|DeleteTrail|audit\.disable)$';
