# report revocation on the bundled incident: for the old widget signing
# key (KMS key 4f1e2d3c, joined with its public key spki a9888907 by the
# transparency-log pairing), every signature with its trusted time, what
# survives a revocation at T under the timestamp-respecting and strict
# models, the what-if table and the conclusion, for --revoke-at auto, two
# explicit times and the two dates of the CRL entry.  Pinned by golden
# files, and the expected survivors and re-signing lists, worked out by
# hand below, are asserted on their own.
#
# The signatures of the key (15; the new key's v2.5.0 ones are not its):
#   release v2.3.0, v2.4.0, v2.4.1  9 accounted.  Each has a Rekor entry
#       (integratedTime 1-2 s after the KMS Sign, inclusion verified) and
#       an Acme TSA token (genTime 1 s after the Sign, accuracy 1 s,
#       verified: its CA is in the evidence).  Trusted bound = the earlier
#       of integratedTime and genTime + 1 s, e.g. v2.3.0 linux: Sign
#       14:04:09, Rekor 14:04:10, token 14:04:10 + 1 s -> 14:04:10.  All
#       on or before 2026-11-03T15:12:23Z: before every candidate T.
#   attacker (backup-job) 22:01:05, 22:01:49, 22:02:30, 22:04:12 on
#       2026-11-06, 4 unaccounted.  Bounds 22:01:07 (token 22:01:06 + 1 s,
#       = Rekor 22:01:07), 22:01:50, 22:02:32, 22:04:13 (Rekor).
#   ci-test run 2026-11-09T10:13:05Z, partial, bound 10:13:07 (Rekor).
#   hotfix v2.4.2 2026-11-12T16:40:18Z, partial, bound 16:40:19 (Rekor).
# auto T = earliest unaccounted signing record 22:01:05 - 120 s skew =
#   2026-11-06T21:59:05Z.
# A signature survives the timestamp model when its bound is strictly
# before T; nothing survives the strict model (all 9 accounted to
# re-sign: v2.3.0 3, v2.4.0 3, v2.4.1 3).
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

command -v python3 >/dev/null || skip "no python3"
KEY=arn:aws:kms:eu-west-1:210987654321:key/4f1e2d3c-0a0b-4c0d-9e0f-112233445566
CERT_SPKI=spki-sha256:7bd834b9d3de0acb4d89da640bb02a4b603663697aa7e0f4378cb5bd60762907

# facts FILE: the decisions of a JSON report, one line each: T, every
# signature surviving the timestamp model, the timestamp model's what-if
# rows and the chosen strict row, the conclusion's first words.
facts() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def groups(g):
    return ",".join("%s:%d" % (x["release"].replace(" ", "_"), x["count"])
                    for x in g) or "-"
print("T", d["revoke_at"], d["revoke_at_source"])
for s in d["signatures"]:
    if s["survives_timestamp"]:
        print("survives", s["time"], s["verdict"],
              (s["release"] or "-").replace(" ", "_"))
    if s["survives_strict"] or s["survives_no_timestamp"]:
        print("BUG survives strict", s["time"])
for w in d["what_if"]:
    if w["model"] == "timestamp" or w["chosen"]:
        print("whatif", w["t"], w["model"], "chosen" if w["chosen"] else "-",
              "safe" if w["safe"] else "UNSAFE",
              "unacc=%d partial=%d/%d acc=%d/%d" % (
                  w["unaccounted_surviving"], w["partial_surviving"],
                  w["partial_invalidated"], w["accounted_surviving"],
                  w["accounted_invalidated"]),
              "resign=" + groups(w["resign"]),
              "review=" + groups(w["review"]))
print("conclusion", d["conclusion"].split(":")[0])
PY
}

expect_facts() {
	facts "$1" >facts.got || fail "facts of $1"
	cat >facts.want
	diff -u facts.want facts.got >&2 || fail "$2: facts differ"
}

expect_exit 0 st ingest "$SRC/samples/evidence"
# not correlated yet: the report says so
expect_exit 1 st report revocation --key "$KEY"
contains err "has not been correlated yet"
expect_exit 0 st correlate --policy "$SRC/samples/policy.json"

# usage errors: exit 2 and a clear message
expect_exit 2 st report revocation
contains err "report revocation needs --key K"
expect_exit 2 st report revocation --key no-such-key
contains err "--key 'no-such-key' matches no key or certificate"
# the alias named the old key, then the new one: refused, both listed
expect_exit 2 st report revocation --key alias/widget-release
contains err "names 2 different keys"
contains err "key/7c6b5a49-3d2e-4f10-8a9b-c0d1e2f3a4b5 (alias 2026-11-14T08:04:10Z to now)"
expect_exit 2 st report revocation --key "$KEY" --model lenient
contains err "bad --model 'lenient'"
expect_exit 2 st report revocation --key "$KEY" --revoke-at soon
contains err "bad --revoke-at 'soon'"
expect_exit 2 st report revocation --key "$KEY" --revoke-at auto \
    --from-crl invalidity
contains err "not both"
# the samples policy does not say which KMS key the certificate
# certifies (it is a stand-in): no CRL entry for the KMS key
expect_exit 2 st report revocation --key "$KEY" --from-crl invalidity
contains err "no CRL entry in the case revokes a certificate of"
# the new key made no unaccounted signature: auto has nothing to protect
expect_exit 2 st report revocation --key 7c6b5a49-3d2e-4f10-8a9b-c0d1e2f3a4b5
contains err "auto has no date to protect (no unaccounted signature with a known time)"

# --revoke-at auto (the default): 2026-11-06T21:59:05Z.  Timestamp
# model: the 9 release signatures survive (bounds in Oct/early Nov), the
# 4 attacker signatures die (bounds 22:01:07 and later), so do the
# ci-test and hotfix signatures (review list), nothing to re-sign.
# What-if: at 22:01:05 (the first attack) still safe (its bound 22:01:07
# is after); at 22:01:49 the first attack survives (1), at 22:02:30 two,
# at 22:04:12 three, at the CreateGrant of the attacker's session
# (22:06:20, the first key-administration anomaly) all 4.
expect_exit 0 st report revocation --key "$KEY" --format json
golden revocation-auto.json out
cp out auto.json
expect_facts auto.json "auto" <<'EOF'
T 2026-11-06T21:59:05Z auto
survives 2026-10-06T14:04:09Z accounted acme/widget_v2.3.0
survives 2026-10-06T14:04:13Z accounted acme/widget_v2.3.0
survives 2026-10-06T14:04:17Z accounted acme/widget_v2.3.0
survives 2026-10-20T13:32:03Z accounted acme/widget_v2.4.0
survives 2026-10-20T13:32:06Z accounted acme/widget_v2.4.0
survives 2026-10-20T13:32:15Z accounted acme/widget_v2.4.0
survives 2026-11-03T15:12:08Z accounted acme/widget_v2.4.1
survives 2026-11-03T15:12:17Z accounted acme/widget_v2.4.1
survives 2026-11-03T15:12:22Z accounted acme/widget_v2.4.1
whatif 2026-11-06T21:59:05Z timestamp chosen safe unacc=0 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T21:59:05Z strict chosen safe unacc=0 partial=0/2 acc=0/9 resign=acme/widget_v2.3.0:3,acme/widget_v2.4.0:3,acme/widget_v2.4.1:3 review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:01:05Z timestamp - safe unacc=0 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:01:49Z timestamp - UNSAFE unacc=1 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:02:30Z timestamp - UNSAFE unacc=2 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:04:12Z timestamp - UNSAFE unacc=3 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:06:20Z timestamp - UNSAFE unacc=4 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
conclusion Dated revocation
EOF
contains out '"revoke_at_detail": "earliest unaccounted signature 2026-11-06T22:01:05Z less the 120 s skew"'
contains out '"why": "its transparency-log entries pair with signing records of the key: 15 of 15"'
contains out '"source": "first key administration by an unaccounted signature'"'"'s session: kms:CreateGrant by ASIAQX4EXAMPLEATTACK/backup-job"'
contains out '"trusted_by": "rfc3161 token 01a2fa (Acme TSA 1)"'
contains out "The window is confident"
# the same report in the text formats, section by section
expect_exit 0 st report revocation --key "$KEY" --format table
golden revocation-auto.txt out
contains out "== What if =="
expect_exit 0 st report revocation --key "$KEY" --format csv
golden revocation-auto.csv out
contains out "# what-if"
expect_exit 0 st report revocation --key "$KEY" --format md
golden revocation-auto.md out
contains out "## Conclusion"
# deterministic, and -o writes the same bytes
expect_exit 0 st report revocation --key "$KEY" --format json -o auto2.json
cmp -s auto.json auto2.json || fail "-o output differs"
expect_exit 0 st report revocation --key "$KEY" --revoke-at auto --format json
cmp -s auto.json out || fail "report not deterministic"
# any spelling of the key gives the same signatures and what-if
st report revocation --key "$KEY" --format csv | sed -n '/^# signatures/,/^# conclusion/p' >want.csv
for k in 4f1e2d3c-0a0b-4c0d-9e0f-112233445566 "alias/widget-release (4f1e2d3c)" \
    a98889079b54b6e9647fae66008b563376e4bf78b8637b66d38395ab3740d2b2; do
	expect_exit 0 st report revocation --key "$k" --format csv
	sed -n '/^# signatures/,/^# conclusion/p' out >got.csv
	cmp -s want.csv got.csv || fail "--key '$k' gives other signatures"
done
# --model strict: only strict what-if rows, the strict conclusion
expect_exit 0 st report revocation --key "$KEY" --model strict --format json
lacks out '"model": "timestamp"'
contains out '"conclusion": "Under strict CRL checking (OpenSSL, osslsigncode) all 15 signatures fail'

# --revoke-at 2026-11-06T00:00:00Z, the evening before: as auto, every
# attacker signature dies, the 9 release signatures survive; T is the
# given time, and auto is still a candidate.
expect_exit 0 st report revocation --key "$KEY" --revoke-at 2026-11-06T00:00:00Z --format json
golden revocation-20261106.json out
expect_facts out "2026-11-06" <<'EOF'
T 2026-11-06T00:00:00Z given
survives 2026-10-06T14:04:09Z accounted acme/widget_v2.3.0
survives 2026-10-06T14:04:13Z accounted acme/widget_v2.3.0
survives 2026-10-06T14:04:17Z accounted acme/widget_v2.3.0
survives 2026-10-20T13:32:03Z accounted acme/widget_v2.4.0
survives 2026-10-20T13:32:06Z accounted acme/widget_v2.4.0
survives 2026-10-20T13:32:15Z accounted acme/widget_v2.4.0
survives 2026-11-03T15:12:08Z accounted acme/widget_v2.4.1
survives 2026-11-03T15:12:17Z accounted acme/widget_v2.4.1
survives 2026-11-03T15:12:22Z accounted acme/widget_v2.4.1
whatif 2026-11-06T00:00:00Z timestamp chosen safe unacc=0 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T00:00:00Z strict chosen safe unacc=0 partial=0/2 acc=0/9 resign=acme/widget_v2.3.0:3,acme/widget_v2.4.0:3,acme/widget_v2.4.1:3 review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T21:59:05Z timestamp - safe unacc=0 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:01:05Z timestamp - safe unacc=0 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:01:49Z timestamp - UNSAFE unacc=1 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:02:30Z timestamp - UNSAFE unacc=2 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:04:12Z timestamp - UNSAFE unacc=3 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:06:20Z timestamp - UNSAFE unacc=4 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
conclusion Dated revocation
EOF

# --revoke-at 2026-11-13T12:00:00Z, the CRL's revocationDate: every
# bound (the latest, the hotfix's 2026-11-12T16:40:19Z) precedes it, so
# all 15 signatures survive the timestamp model, the 4 attacker ones
# included: not safe.  The logging gap (StopLogging 2026-11-06T22:09:44Z)
# lies before this T.
expect_exit 0 st report revocation --key "$KEY" --revoke-at 2026-11-13T12:00:00Z --format json
golden revocation-20261113.json out
expect_facts out "2026-11-13" <<'EOF'
T 2026-11-13T12:00:00Z given
survives 2026-10-06T14:04:09Z accounted acme/widget_v2.3.0
survives 2026-10-06T14:04:13Z accounted acme/widget_v2.3.0
survives 2026-10-06T14:04:17Z accounted acme/widget_v2.3.0
survives 2026-10-20T13:32:03Z accounted acme/widget_v2.4.0
survives 2026-10-20T13:32:06Z accounted acme/widget_v2.4.0
survives 2026-10-20T13:32:15Z accounted acme/widget_v2.4.0
survives 2026-11-03T15:12:08Z accounted acme/widget_v2.4.1
survives 2026-11-03T15:12:17Z accounted acme/widget_v2.4.1
survives 2026-11-03T15:12:22Z accounted acme/widget_v2.4.1
survives 2026-11-06T22:01:05Z unaccounted -
survives 2026-11-06T22:01:49Z unaccounted -
survives 2026-11-06T22:02:30Z unaccounted -
survives 2026-11-06T22:04:12Z unaccounted -
survives 2026-11-09T10:13:05Z partial acme/widget_refs/heads/ci-test
survives 2026-11-12T16:40:18Z partial acme/widget_v2.4.2
whatif 2026-11-06T21:59:05Z timestamp - safe unacc=0 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:01:05Z timestamp - safe unacc=0 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:01:49Z timestamp - UNSAFE unacc=1 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:02:30Z timestamp - UNSAFE unacc=2 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:04:12Z timestamp - UNSAFE unacc=3 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:06:20Z timestamp - UNSAFE unacc=4 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-13T12:00:00Z timestamp chosen UNSAFE unacc=4 partial=2/0 acc=9/0 resign=- review=-
whatif 2026-11-13T12:00:00Z strict chosen safe unacc=0 partial=0/2 acc=0/9 resign=acme/widget_v2.3.0:3,acme/widget_v2.4.0:3,acme/widget_v2.4.1:3 review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
conclusion Not safe
EOF
contains out "Choose T no later than 2026-11-06T21:59:05Z (--revoke-at auto)."

# Equal times: the first attacker signature's bound is exactly
# 2026-11-06T22:01:07Z (token genTime 22:01:06 + 1 s accuracy, and the
# Rekor integratedTime).  At T = that instant it is not proven to
# precede T and dies; one microsecond later it survives.
expect_exit 0 st report revocation --key "$KEY" --revoke-at 2026-11-06T22:01:07Z --format json
facts out >facts.got
grep -q "whatif 2026-11-06T22:01:07Z timestamp chosen safe unacc=0" facts.got ||
	fail "a bound equal to T survived"
expect_exit 0 st report revocation --key "$KEY" --revoke-at 2026-11-06T22:01:07.000001Z --format json
facts out >facts.got
grep -q "whatif 2026-11-06T22:01:07.000001Z timestamp chosen UNSAFE unacc=1" facts.got ||
	fail "a bound before T did not survive"

# The certificate: with the samples policy it is only the stand-in
# P-256 key of the PKI evidence, which signed nothing the case knows of.
expect_exit 0 st report revocation --key 4c1f7a22d9e03b85 --from-crl invalidity --format json
contains out '"revoke_at": "2026-11-06T21:47:12Z"'
contains out '"conclusion": "No signatures'

# A policy that says which KMS key the certificate certifies (its
# spki-sha256 among the key's public keys, with the key's ARN: aliases
# never join keys) ties the CRL entry to the KMS key.
sed "s|\"refs\": \\[\"alias/widget-release\"\\]|\"refs\": [\"alias/widget-release\", \"$KEY\"], \"public_keys\": [\"$CERT_SPKI\"]|" \
    "$SRC/samples/policy.json" >policy-cert.json
grep -q "$CERT_SPKI" policy-cert.json || fail "could not write the policy"
expect_exit 0 st correlate --policy policy-cert.json
contains err "signing operations: 12 accounted, 2 partial, 4 unaccounted"

# --from-crl invalidity: T = invalidityDate 2026-11-06T21:47:12Z (the
# attacker's first action), 12 min before the first attacker signature:
# safe, the 9 release signatures survive, nothing to re-sign; the CRL's
# two dates are candidates.
expect_exit 0 st report revocation --key 4c1f7a22d9e03b85 --from-crl invalidity --format json
golden revocation-crl-invalidity.json out
expect_facts out "crl invalidity" <<'EOF'
T 2026-11-06T21:47:12Z crl-invalidity
survives 2026-10-06T14:04:09Z accounted acme/widget_v2.3.0
survives 2026-10-06T14:04:13Z accounted acme/widget_v2.3.0
survives 2026-10-06T14:04:17Z accounted acme/widget_v2.3.0
survives 2026-10-20T13:32:03Z accounted acme/widget_v2.4.0
survives 2026-10-20T13:32:06Z accounted acme/widget_v2.4.0
survives 2026-10-20T13:32:15Z accounted acme/widget_v2.4.0
survives 2026-11-03T15:12:08Z accounted acme/widget_v2.4.1
survives 2026-11-03T15:12:17Z accounted acme/widget_v2.4.1
survives 2026-11-03T15:12:22Z accounted acme/widget_v2.4.1
whatif 2026-11-06T21:47:12Z timestamp chosen safe unacc=0 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T21:47:12Z strict chosen safe unacc=0 partial=0/2 acc=0/9 resign=acme/widget_v2.3.0:3,acme/widget_v2.4.0:3,acme/widget_v2.4.1:3 review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T21:59:05Z timestamp - safe unacc=0 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:01:05Z timestamp - safe unacc=0 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:01:49Z timestamp - UNSAFE unacc=1 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:02:30Z timestamp - UNSAFE unacc=2 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:04:12Z timestamp - UNSAFE unacc=3 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-06T22:06:20Z timestamp - UNSAFE unacc=4 partial=0/2 acc=9/0 resign=- review=acme/widget_refs/heads/ci-test:1,acme/widget_v2.4.2:1
whatif 2026-11-13T12:00:00Z timestamp - UNSAFE unacc=4 partial=2/0 acc=9/0 resign=- review=-
conclusion Dated revocation
EOF
contains out '"revoke_at_detail": "invalidityDate of serial 4c1f7a22d9e03b85 in CRL 11, keyCompromise"'
contains out '"why": "policy key '"'"'widget-release'"'"' names it with the key"'

# --from-crl revocation: T = revocationDate 2026-11-13T12:00:00Z, as the
# explicit T above: not safe, the 4 attacker signatures would survive.
expect_exit 0 st report revocation --key 4c1f7a22d9e03b85 --from-crl revocation --format json
golden revocation-crl-revocation.json out
facts out >facts.got
grep -qx "T 2026-11-13T12:00:00Z crl-revocation" facts.got || fail "crl revocation: T"
grep -qx "whatif 2026-11-13T12:00:00Z timestamp chosen UNSAFE unacc=4 partial=2/0 acc=9/0 resign=- review=-" facts.got ||
	fail "crl revocation: what-if"
grep -qx "conclusion Not safe" facts.got || fail "crl revocation: conclusion"
[ "$(grep -c '^survives ' facts.got)" = 15 ] || fail "crl revocation: survivors"
# the certificate and the KMS key are now one key: the same signatures
expect_exit 0 st report revocation --key "$KEY" --from-crl revocation --format csv
sed -n '/^# signatures/,/^# conclusion/p' out >kms.csv
expect_exit 0 st report revocation --key 4c1f7a22d9e03b85 --from-crl revocation --format csv
sed -n '/^# signatures/,/^# conclusion/p' out >cert.csv
cmp -s kms.csv cert.csv || fail "certificate and KMS key differ"
exit 0
