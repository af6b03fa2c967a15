-- id: hsm-login-new-user
-- title: HSM login by a user not seen on the device before
-- severity: medium
-- attack: T1078, T1553.002
-- description: The first login (successful or not) of an HSM user (a
--   YubiHSM authentication key, a CloudHSM user, a Luna role, a PKCS#11
--   login) on a device where other users had already logged in.  The
--   usual signer is known from the log; a debug or spare credential that
--   suddenly logs in is not.  One finding per new user and device, with
--   all of its logins.
-- false_positives: a new operator, a monitoring or backup credential, an
--   administrator during an incident.
WITH l AS (
    SELECT id, ts_us, source, actor,
           coalesce(json_extract(attrs, '$.device_serial'),
               json_extract(attrs, '$.cluster'),
               json_extract(attrs, '$.partition'),
               json_extract(attrs, '$.module'), '') AS device,
           coalesce(json_extract(attrs, '$.item'), ts_us) AS ord
    FROM events
    WHERE action = 'session.login' AND actor IS NOT NULL
      AND source IN ('yubihsm', 'cloudhsm', 'luna', 'pkcs11-spy')
),
f AS (
    SELECT source, device, actor, min(ord) AS first_ord
    FROM l WHERE ord IS NOT NULL GROUP BY source, device, actor
)
SELECT json_group_array(l.id) AS event_ids,
       f.actor AS actor,
       printf('first %s login of %s on %s (%d login(s); users seen '
           || 'before: %s)', f.source, f.actor,
           CASE f.device WHEN '' THEN 'the device' ELSE f.device END,
           count(*),
           (SELECT group_concat(actor, ', ') FROM (
               SELECT DISTINCT o.actor FROM l o
               WHERE o.source = f.source AND o.device = f.device
                 AND o.ord < f.first_ord ORDER BY o.actor))) AS summary
FROM f JOIN l ON l.source = f.source AND l.device = f.device
    AND l.actor = f.actor
WHERE EXISTS (SELECT 1 FROM l o
              WHERE o.source = f.source AND o.device = f.device
                AND o.actor != f.actor AND o.ord < f.first_ord)
GROUP BY f.source, f.device, f.actor;
