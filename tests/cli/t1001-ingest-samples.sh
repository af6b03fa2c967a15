# The bundled incident's CloudTrail ingests cleanly, every record is accounted for,
# and the signing-relevant events match the golden file.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

expect_exit 0 st ingest "$SRC/samples/evidence/cloudtrail"
contains err "390 items read"
contains err "0 quarantined"

# chain of custody: every record of every item is accounted for
[ "$(q "SELECT count(*) FROM evidence WHERE records_read !=
    records_stored + records_duplicate + records_out_of_scope +
    records_nonevent + records_quarantined")" = 0 ] ||
	fail "an evidence item does not account for all its records"
[ "$(q "SELECT count(*) FROM evidence WHERE sha256 IS NULL OR
    length(sha256) != 64")" = 0 ] || fail "evidence without SHA-256"
[ "$(q "SELECT count(*) FROM events")" = 501 ] || fail "event count"
# duplicate deliveries and the lookup-events export add nothing new
[ "$(q "SELECT count(DISTINCT native_id) FROM events")" = 501 ] ||
	fail "duplicate events stored"

# every planted event of the ground truth is in the case
# (the attacker's reconnaissance calls are outside the signing scope)
python3 - "$SRC/samples/truth.json" >ids.txt <<'PY' || skip "no python3"
import json, sys
recon = {"GetCallerIdentity", "ListKeys", "ListAliases", "GetRole"}
for e in json.load(open(sys.argv[1]))["events"]:
    print(e["eventID"], 0 if e["eventName"] in recon else 1)
PY
[ "$(wc -l <ids.txt)" -gt 40 ] || fail "truth.json lists too few events"
while read -r id want; do
	[ "$(q "SELECT count(*) FROM events WHERE native_id = '$id'")" = "$want" ] ||
		fail "planted event $id: expected $want stored"
done <ids.txt

st query --format json "SELECT ts, action, operation, outcome, error_code,
    actor, session, key_ref, key_ref_src, key_raw, repo, ref, src_ip,
    native_id FROM events WHERE action NOT IN ('session.login')
    AND NOT (action = 'session.assume' AND actor NOT LIKE 'repo:%'
    AND actor NOT LIKE '%ci-legacy%')
    ORDER BY ts_us, native_id" >events.json
golden samples-signing-events.json events.json

st query --format csv "SELECT k.label, r.kind, r.value, r.valid_from,
    r.valid_to FROM keys k JOIN key_refs r ON r.key_id = k.id
    ORDER BY k.canonical, r.kind, r.value, r.valid_from" >keys.csv
golden samples-keys.csv keys.csv
exit 0
