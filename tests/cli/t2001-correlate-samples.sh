# Correlation of the bundled incident: every planted attacker signature is
# unaccounted, the hijacked CI run's is partial (signed in CI, never
# published), the manual hotfix is partial (published, no CI run) and no
# routine release signature is flagged.  The provenance table and the
# findings are pinned by golden files; correlate is idempotent and the
# reports are byte-identical from run to run.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

expect_exit 0 st ingest "$SRC/samples/evidence"
expect_exit 0 st correlate --policy "$SRC/samples/policy.json"
contains err "signing operations: 12 accounted, 2 partial, 4 unaccounted"
contains err "inferred key: spki-sha256:a98889079b54b6e9647fae66008b563376e4bf78b8637b66d38395ab3740d2b2 is the public key of arn:aws:kms:eu-west-1:210987654321:key/4f1e2d3c-0a0b-4c0d-9e0f-112233445566"

# verdicts by the ground truth's labels (CloudTrail eventIDs)
python3 - "$SRC/samples/truth.json" >labels.txt <<'PY' || skip "no python3"
import json, sys
want = {"attacker-sign": "unaccounted", "ci-hijack-sign": "partial",
        "hotfix-sign": "partial", "release-sign": "accounted",
        "release-v2.5.0-sign": "accounted"}
for e in json.load(open(sys.argv[1]))["events"]:
    if e["label"] in want:
        print(e["eventID"], e["label"], want[e["label"]])
PY
[ "$(wc -l <labels.txt)" = 18 ] || fail "truth.json: expected 18 signatures"
while read -r id label want; do
	got=$(q "SELECT v.verdict FROM verdicts v JOIN events e ON e.id = v.sign_id WHERE e.native_id = '$id'")
	[ "$got" = "$want" ] || fail "$label $id: verdict '$got', expected '$want'"
done <labels.txt
# the reasons say what is missing
q "SELECT v.reasons FROM verdicts v JOIN events e ON e.id = v.sign_id
    WHERE e.actor LIKE '%user/m.chen'" >hotfix.txt
contains hotfix.txt "published as widget-linux-amd64.tar.gz v2.4.2 by mchen"
contains hotfix.txt "outside any pipeline"
q "SELECT v.reasons FROM verdicts v JOIN events e ON e.id = v.sign_id
    WHERE e.session LIKE '%gha-11990233417'" >hijack.txt
contains hijack.txt "signed in CI run 11990233417"
contains hijack.txt "not a release ref"
contains hijack.txt "never published"

expect_exit 0 st report provenance --format json
golden samples-provenance.json out
cp out provenance.1
expect_exit 0 st findings --format csv
golden samples-findings.csv out
# the findings the incident must raise
for kind in unaccounted-signature partial-signature non-release-ref \
    unexpected-runner unauthorized-signer denied-signing-burst \
    sign-after-disable audit-trail-break key-admin-change \
    publish-without-ci signing-path-change; do
	grep -q ",$kind," out || fail "no $kind finding"
done
# no routine release signature is flagged
[ "$(q "SELECT count(*) FROM findings f, json_each(f.event_ids) j
    JOIN verdicts v ON v.sign_id = j.value WHERE v.verdict = 'accounted'
    AND f.severity IN ('high', 'critical')")" = 0 ] ||
	fail "an accounted signature has a high or critical finding"

# idempotent and deterministic
expect_exit 0 st correlate --policy "$SRC/samples/policy.json"
expect_exit 0 st report provenance --format json
cmp -s out provenance.1 || fail "provenance changed on a second correlate"
[ "$(q "SELECT count(*) FROM verdicts")" = 18 ] || fail "verdicts duplicated"

# --key narrows to one key by any of its names; --from/--to to a window
expect_exit 0 st report provenance --format csv --key 7c6b5a49-3d2e-4f10-8a9b-c0d1e2f3a4b5
[ "$(sed 1d out | wc -l)" = 3 ] || fail "--key by key id"
expect_exit 0 st report provenance --format csv --from 2026-11-06T00:00:00Z \
    --to 2026-11-07T00:00:00Z
[ "$(sed 1d out | wc -l)" = 4 ] || fail "--from/--to"

# gates
expect_exit 4 st findings --fail-on critical
expect_exit 0 st findings --min-severity critical --format csv
[ "$(sed 1d out | wc -l)" = 4 ] || fail "--min-severity critical"
expect_exit 4 st correlate --policy "$SRC/samples/policy.json" --fail-on high

# without a policy everything is inferred and said so
expect_exit 0 st correlate
contains err "inferred pipeline: acme/widget .github/workflows/release.yml on refs/tags/*"
contains err "inferred signer: arn:aws:iam::210987654321:role/widget-release-signer"

# policy errors name the file and the JSON path
printf '{"pipelines":[{"repo":"acme/widget","refs":"refs/tags/*","runners":[1]}]}' >bad.json
expect_exit 2 st correlate --policy bad.json
contains err "bad.json: \$.pipelines[0].runners[0]: expected a string"
exit 0
