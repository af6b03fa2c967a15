# report review on the bundled incident: the post-incident figures,
# pinned by golden files (json and md; correlate's findings only, so the
# rule pack can change without touching them), and the figures a
# reviewer reads, asserted on their own:
#   first unaccounted  2026-11-06T22:01:05Z, last 22:04:12Z (backup-job)
#   containment        2026-11-13T09:41:10Z kms:DisableKey by sec-admin;
#                      without --detected-at it is also the detection, so
#                      latency = 09:41:10 - 2026-11-06T22:01:05Z
#                      = 6d 11h 40m 5s and time to containment 0
#   --detected-at 2026-11-13T09:00:00Z: latency 6d 10h 58m 55s,
#                      time to containment 41m 10s
#   attempts after containment: the 2 DisabledException signs of
#                      ci-legacy at 11:20:07 and 11:20:09
#   the attacker's own trust change (ci-legacy, 21:56:47) is no
#                      containment: ci-legacy issued the backup-job session
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

command -v python3 >/dev/null || skip "no python3"

expect_exit 0 st ingest "$SRC/samples/evidence"
expect_exit 1 st report review
contains err "has not been correlated yet"
expect_exit 0 st correlate --policy "$SRC/samples/policy.json"

# usage errors
expect_exit 2 st report review --detected-at yesterday
contains err "bad --detected-at 'yesterday'"
expect_exit 2 st report review --key no-such-key
contains err "names no key with signing operations"
expect_exit 2 st report review --format xml
st report --help >out 2>err || fail "report --help"
contains out "sigtrail report review [--detected-at T]"

# the figures
expect_exit 0 st report review --format json
golden review-samples.json out
cp out review.json
python3 - review.json >facts.got <<'PY' || fail "review facts"
import json, sys
d = json.load(open(sys.argv[1]))
print("keys", ",".join(k["label"] for k in d["keys"]))
print("signatures", d["signatures"])
print("first", d["first_unaccounted"]["time"], d["first_unaccounted"]["session"])
print("last", d["last_unaccounted"]["time"])
print("detected", d["detected_at"], d["detected_at_source"])
print("latency", d["detection_latency"], d["detection_latency_s"])
fc = d["first_containment"]
print("containment", fc["time"], fc["operation"], fc["actor"])
print("ttc", d["time_to_containment"], d["time_to_containment_s"])
print("exposure", d["exposure"])
a = d["attempts_after_containment"]
print("attempts", a["count"], [(o["outcome"], o["error_code"], o["count"]) for o in a["outcomes"]])
for t in a["attempts"]:
    print("attempt", t["time"], t["actor"], t["source_ip"], t["error_code"])
for c in d["containment"]:
    if c["actor"].endswith("user/ci-legacy"):
        print("BUG attacker action taken as containment", c["time"])
inv = {(i["kind"], i["value"]): i for i in d["involved"]}
for k in [("principal", "arn:aws:iam::210987654321:user/ci-legacy"),
          ("session", "ASIAQX4EXAMPLEATTACK/backup-job"),
          ("access_key", "ASIAQX4EXAMPLEATTACK"),
          ("source_ip", "185.220.101.47")]:
    i = inv.get(k)
    print("involved", k[0], k[1], i and (i["unaccounted"], i["issued"], i["responder"]))
print("responder sec-admin", inv[("principal", "arn:aws:iam::210987654321:user/sec-admin")]["responder"]
      if ("principal", "arn:aws:iam::210987654321:user/sec-admin") in inv else "not involved")
grants = [g for g in d["cascading"] if g["action"] == "key.grant"]
print("cascading grant", [(g["target"], g["events"], g["principals"]) for g in grants])
PY
cat >facts.want <<'EOF2'
keys alias/widget-release (4f1e2d3c),alias/widget-release (7c6b5a49)
signatures {'total': 18, 'accounted': 12, 'partial': 2, 'unaccounted': 4}
first 2026-11-06T22:01:05Z ASIAQX4EXAMPLEATTACK/backup-job
last 2026-11-06T22:04:12Z
detected 2026-11-13T09:41:10Z first-containment
latency P6DT11H40M5S 560405
containment 2026-11-13T09:41:10Z kms:DisableKey arn:aws:iam::210987654321:user/sec-admin
ttc PT0S 0
exposure P6DT11H40M5S
attempts 2 [('failure', 'DisabledException', 2)]
attempt 2026-11-13T11:20:07Z arn:aws:iam::210987654321:user/ci-legacy 185.220.101.47 DisabledException
attempt 2026-11-13T11:20:09Z arn:aws:iam::210987654321:user/ci-legacy 185.220.101.47 DisabledException
involved principal arn:aws:iam::210987654321:user/ci-legacy (0, 4, False)
involved session ASIAQX4EXAMPLEATTACK/backup-job (4, 0, False)
involved access_key ASIAQX4EXAMPLEATTACK (4, 0, False)
involved source_ip 185.220.101.47 (4, 0, False)
responder sec-admin True
cascading grant [('alias/widget-release (4f1e2d3c)', 1, ['arn:aws:iam::210987654321:role/widget-release-signer'])]
EOF2
diff -u facts.want facts.got >&2 || fail "review figures differ"

# --detected-at: the latency ends there, containment is measured from it
expect_exit 0 st report review --detected-at 2026-11-13T09:00:00Z --format json
python3 -c '
import json, sys
d = json.load(open("out"))
print(d["detected_at"], d["detected_at_source"], d["detection_latency"],
      d["time_to_containment"], d["time_to_containment_s"],
      d["first_containment"]["time"], d["attempts_after_containment"]["count"])
' >got || fail "detected-at facts"
echo "2026-11-13T09:00:00Z given P6DT10H58M55S PT41M10S 2470 2026-11-13T09:41:10Z 2" >want
diff -u want got >&2 || fail "--detected-at figures differ"
expect_exit 0 st report review --detected-at 2026-11-13T09:00:00Z --format table
contains out "6d 10h 58m 55s"
contains out "41m 10s"

# md golden; table and csv carry the same sections
expect_exit 0 st report review --format md
golden review-samples.md out
for h in "## Summary" "## Containment actions" "## Attempts after containment" \
    "## Involved identities" "## Cascading risk"; do
	contains out "$h"
done
expect_exit 0 st report review --format table
contains out "== Summary =="
contains out "detection_latency           6d 11h 40m 5s"
contains out "attempts_after_containment  2 (2 failure DisabledException)"
expect_exit 0 st report review --format csv
contains out "# cascading-risk"
contains out "target_kind,target,action,events,failed,first,last,principals"

# deterministic, and -o writes the same bytes
expect_exit 0 st report review --format json -o review2.json
[ ! -s out ] || fail "report review -o wrote to stdout"
cmp review.json review2.json || fail "report review is not deterministic"
# --key narrows the scope to one key: the new key has nothing to review
expect_exit 0 st report review --key arn:aws:kms:eu-west-1:210987654321:key/7c6b5a49-3d2e-4f10-8a9b-c0d1e2f3a4b5 --format json
python3 -c '
import json
d = json.load(open("out"))
assert d["signatures"]["total"] == 3, d["signatures"]
assert d["first_unaccounted"] is None and d["detected_at"] is None
assert d["attempts_after_containment"]["count"] == 0
' || fail "review of the new key"
exit 0
