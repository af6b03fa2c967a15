-- id: sign-outside-business-hours
-- title: Signing outside business hours
-- severity: medium
-- attack: T1553.002
-- description: Signing operations (successful or not) outside weekdays
--   07:00-20:00 UTC, one finding per signer, key and day.  Releases are
--   cut by people at work; attackers favour nights and weekends, when
--   nobody watches the alerts.
-- false_positives: teams in other time zones; scheduled nightly builds
--   that sign (give those their own key or exclude them in a copy of this
--   rule).
SELECT json_group_array(id) AS event_ids,
       min(ts_us) AS ts_us,
       actor,
       key_ref,
       printf('%d signing operation(s) by %s on %s between %s and %s UTC, '
           || 'outside weekday 07-20 UTC', count(*),
           coalesce(actor, 'an unknown signer'),
           strftime('%Y-%m-%d', min(ts_us) / 1000000, 'unixepoch') || ' ('
               || substr('SunMonTueWedThuFriSat', 1 + 3 * CAST(strftime('%w',
               min(ts_us) / 1000000, 'unixepoch') AS INTEGER), 3) || ')',
           strftime('%H:%M', min(ts_us) / 1000000, 'unixepoch'),
           strftime('%H:%M', max(ts_us) / 1000000, 'unixepoch'))
           AS summary
FROM events
WHERE action = 'sign' AND ts_us IS NOT NULL
  AND (strftime('%w', ts_us / 1000000, 'unixepoch') IN ('0', '6')
       OR CAST(strftime('%H', ts_us / 1000000, 'unixepoch') AS INTEGER)
          NOT BETWEEN 7 AND 19)
GROUP BY actor, key_ref, strftime('%Y-%m-%d', ts_us / 1000000, 'unixepoch');
