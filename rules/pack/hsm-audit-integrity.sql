-- id: hsm-audit-integrity
-- title: HSM audit trail broken
-- severity: critical
-- attack: T1070
-- description: An integrity check of an HSM audit trail failed: a
--   YubiHSM hash-chain break or item-number gap, a CloudHSM sequence gap.
--   Entries were removed from the log (or the log was rebuilt); whatever
--   the key did in that stretch is unknown.
-- references: https://docs.yubico.com/hardware/yubihsm-2/hsm-2-user-guide/hsm2-core-concepts.html#logs
-- false_positives: a device reset or log export cut at a different place
--   (compare with the device's own log).
SELECT e.id AS event_id,
       printf('%s audit trail of %s: %s%s', e.source,
           coalesce(json_extract(e.attrs, '$.device_serial'),
               json_extract(e.attrs, '$.hsm'), 'the device'),
           replace(coalesce(json_extract(e.attrs, '$.check'),
               e.operation, 'integrity check failed'), '_', ' '),
           coalesce(' at item ' || coalesce(json_extract(e.attrs,
                   '$.found_item'), json_extract(e.attrs, '$.item')), '')
           || coalesce(' (' || json_extract(e.attrs, '$.missing')
                   || ' missing)', '')
           || coalesce(' between sequence ' || json_extract(e.attrs,
                   '$.previous_sequence') || ' and ' ||
                   json_extract(e.attrs, '$.found_sequence'), ''))
           AS summary
FROM events e
WHERE e.action = 'audit.integrity' AND e.outcome = 'failure';
