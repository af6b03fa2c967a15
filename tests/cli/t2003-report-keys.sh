# report keys on the bundled incident: every key with its other spellings
# (the alias that moved from one KMS key to the other has a time range on
# each), first and last use and signature counts; usable before correlate
# (the verdict counts are then empty) and, after it, the counts of each
# verdict add up to the signatures of the key in scope.  Pinned by a golden
# file; --key accepts any spelling.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

expect_exit 0 st ingest "$SRC/samples/evidence"
expect_exit 0 st report keys --format csv
head -1 out >header.txt
contains header.txt "key,canonical,kind,refs,same_key_as,first_seen,last_seen,events,first_signature,last_signature,signatures,failed_signatures,accounted,partial,unaccounted"
[ "$(grep -c 'arn:aws:kms:eu-west-1:210987654321:key/4f1e2d3c-0a0b-4c0d-9e0f-112233445566,aws-kms' out)" = 1 ] ||
	fail "the release KMS key is not listed once"
grep 'key/4f1e2d3c' out | grep -q ',15,5,,,$' ||
	fail "before correlate: 15 signatures, 5 failed, no verdict counts"

expect_exit 0 st correlate --policy "$SRC/samples/policy.json"
expect_exit 0 st report keys --format csv
golden samples-report-keys.csv out
# the verdict counts add up to the signing operations correlate judged
[ "$(q "SELECT count(*) FROM verdicts")" = \
  "$(python3 -c 'import csv,sys
print(sum(int(r["accounted"] or 0) + int(r["partial"] or 0) +
    int(r["unaccounted"] or 0) for r in csv.DictReader(open("out"))))')" ] ||
	fail "verdict counts do not add up to the verdicts"
# the alias points at both keys, each over its own time range
grep 'key/4f1e2d3c' out | grep -q 'alias=alias/widget-release \[2026-09-01T10:16:05Z..2026-11-14T08:04:10Z\]' ||
	fail "alias range of the first key"
grep 'key/7c6b5a49' out | grep -q 'alias=alias/widget-release \[2026-11-14T08:04:10Z..\]' ||
	fail "alias range of the second key"

# correlate's key identities: the public key whose Rekor entries pair
# with the KMS key is the same key, and says so both ways
grep '^public key (spki a9888907)' out | grep -q 'arn:aws:kms:eu-west-1:210987654321:key/4f1e2d3c' ||
	fail "the paired public key does not name its KMS key"
grep 'key/4f1e2d3c-0a0b-4c0d-9e0f-112233445566,aws-kms' out | grep -q 'spki-sha256:a98889079b54' ||
	fail "the KMS key does not name its public key"
[ "$(q "SELECT count(*) FROM key_identities")" -gt 0 ] ||
	fail "no key identities stored"

# any spelling selects the key: alias (both keys), key id, ARN
expect_exit 0 st report keys --key alias/widget-release --format csv
[ "$(wc -l <out)" = 3 ] || fail "--key alias: expected two keys"
expect_exit 0 st report keys --key 7c6b5a49-3d2e-4f10-8a9b-c0d1e2f3a4b5 --format csv
[ "$(wc -l <out)" = 2 ] || fail "--key key id: expected one key"
grep -q 'key/7c6b5a49' out || fail "--key key id: wrong key"
# the Fulcio certificate of a Rekor entry names its short-lived key
expect_exit 0 st report keys --key cabe39117b5bfb07b6501361caf06b6c2223de424c94feda825ce6271e3d445a --format csv
[ "$(wc -l <out)" = 2 ] || fail "--key Rekor certificate: expected one key"
grep -q '^https://github.com/acme/widget/.github/workflows/release.yml@refs/tags/v2.4.0 (spki 0de8c8f9),' out || fail "--key Rekor certificate: wrong key"
expect_exit 0 st report keys --key no-such-key --format csv
[ "$(wc -l <out)" = 1 ] || fail "--key unknown: expected the header only"
# JSON is an array of objects with the documented fields
expect_exit 0 st report keys --format json
python3 -c 'import json; a = json.load(open("out")); assert isinstance(a, list) and len(a) == 23, len(a); assert set(a[0]) == set("key canonical kind refs same_key_as first_seen last_seen events first_signature last_signature signatures failed_signatures accounted partial unaccounted".split())' ||
	fail "report keys --format json"
# deterministic
expect_exit 0 st report keys --format csv
golden samples-report-keys.csv out
