# The key-service evidence of the bundled incident (GCP Cloud KMS audit
# logs, Azure Key Vault diagnostic logs, HashiCorp Vault audit log) ingests
# cleanly, every record is accounted for, duplicates are merged, Vault
# HMACs are matched with --vault-hmac, the events match the golden file,
# and malformed records of each format are quarantined with the good ones
# around them kept.  The real corpus files of these formats are read too.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

EV=$SRC/samples/evidence

# What an analyst got from sys/audit-hash for the release manifests
# (python3 samples/tools/gen_keyservices.py --print-hmacs), v2.4.1 left out
# and one HMAC written with upper-case hex.
cat >hmacs.json <<'EOF'
{
  "fdcuEmJ2TENu8NzXZd18iidv/8oKONMrXeyPz2wx0U0=": "hmac-sha256:199351df2c37dfd404c4f088f92e58eede5f6982b980dfb80295db9d1f41710c",
  "uHF4l6/NTWn3aI2w98UmXbXtivpYDYzReU0Bj8kq2z8=": "hmac-sha256:B0472B40BFCE112E65BCF4EEB8DF72959A19210A89C717D34A9EC7C50AF7059D",
  "hmac-sha256:cbb9d88e43334d23651323a7abfded5ec58ddb58661016574b791353945fd735": "TWg/ibhchBDNLJFmooQl8E+wLqmecXQsK9sRC9b/szw=",
  "A5Nke31h5ix/KYUetRxx//Ejl3eMvbNYZ1W6bFdETa4=": "hmac-sha256:f2f9fcf84bf16310ff04159c70400bb3913b6763bea019c510d20a6a0636fbfa",
  "sha256:0000000000000000000000000000000000000000000000000000000000000000": "hmac-sha256:00"
}
EOF

expect_exit 0 st ingest --vault-hmac hmacs.json "$EV/gcp_kms" \
	"$EV/azure_keyvault" "$EV/vault"
contains err "9 items read"
contains err "0 quarantined"
contains err "--vault-hmac: 5 known values, 4 Vault events matched"

# chain of custody: every record of every item is accounted for
[ "$(q "SELECT count(*) FROM evidence WHERE records_read !=
    records_stored + records_duplicate + records_out_of_scope +
    records_nonevent + records_quarantined")" = 0 ] ||
	fail "an evidence item does not account for all its records"
[ "$(q "SELECT group_concat(parser, ' ') FROM (SELECT DISTINCT parser FROM
    evidence ORDER BY parser)")" = "azure_keyvault gcp_audit vault_audit" ] ||
	fail "evidence read by the wrong parsers"
[ "$(q "SELECT sum(records_read) || '/' || sum(records_stored) || '/' ||
    sum(records_duplicate) || '/' || sum(records_out_of_scope) || '/' ||
    sum(records_nonevent) AS n FROM evidence")" = "197/59/2/105/31" ] ||
	fail "record counts changed"
# the sink object repeats the gcloud export: stored once
[ "$(q "SELECT count(*) FROM events WHERE source = 'gcp_audit'")" = 16 ] ||
	fail "GCP event count"
[ "$(q "SELECT count(*) FROM (SELECT native_id FROM events WHERE
    native_id IS NOT NULL GROUP BY source, native_id HAVING count(*) > 1)")" = 0 ] ||
	fail "an event stored twice"
[ "$(q "SELECT sum(records_duplicate) FROM evidence WHERE parser =
    'gcp_audit'")" = 2 ] || fail "GCP duplicates not recognized"
# one Vault event per request/response pair, none without its response
[ "$(q "SELECT count(*) FROM events WHERE source = 'vault_audit'")" = 31 ] ||
	fail "Vault event count"
[ "$(q "SELECT count(*) FROM events WHERE json_extract(attrs,
    '$.response_missing') IS NOT NULL")" = 0 ] || fail "unpaired Vault requests"

# the story's key facts
[ "$(q "SELECT count(*) FROM events WHERE action = 'sign' AND src_ip =
    '185.220.101.47'")" = 3 ] || fail "attacker signing attempts"
[ "$(q "SELECT session FROM events WHERE source = 'gcp_audit' AND
    action = 'sign' AND ts = '2026-11-06T22:07:31.247358Z'")" = \
    "principal://iam.googleapis.com/projects/734019285526/locations/global/workloadIdentityPools/aws-legacy-ci/subject/arn:aws:iam::210987654321:user/ci-legacy" ] ||
	fail "the attacker's GCP signature is not tied to ci-legacy"
[ "$(q "SELECT outcome || ' ' || error_code FROM events WHERE
    source = 'azure_keyvault' AND action = 'sign' AND src_ip =
    '185.220.101.47'")" = "failure Forbidden" ] || fail "denied KeySign"
[ "$(q "SELECT count(*) FROM events WHERE source = 'vault_audit' AND
    action = 'session.login' AND outcome = 'failure' AND
    src_ip = '52.176.117.190'")" = 1 ] || fail "refused ci-test login"
# the keys of the three services are known to the case
[ "$(q "SELECT count(*) FROM keys WHERE canonical IN (
    'projects/acme-widget-prod/locations/europe-west1/keyRings/release-signing/cryptoKeys/widget-windows-authenticode/cryptoKeyVersions/1',
    'https://acme-docs-notary.vault.azure.net/keys/docs-image-signing/4b7e9d2c1f0a48e6b3c5d7e9f1a2b3c4',
    'transit/keys/widget-release-manifest')")" = 3 ] || fail "keys table"

# Vault HMACs: the matched inputs are the manifests' digests
[ "$(q "SELECT count(*) FROM events WHERE source = 'vault_audit' AND
    digest IS NOT NULL")" = 4 ] || fail "digests from --vault-hmac"
[ "$(q "SELECT digest FROM events WHERE source = 'vault_audit' AND
    json_extract(attrs, '$.hmac_matched.input') =
    'uHF4l6/NTWn3aI2w98UmXbXtivpYDYzReU0Bj8kq2z8='")" = \
    "sha256:b8717897afcd4d69f7688db0f7c5265db5ed8afa580d8cd1794d018fc92adb3f" ] ||
	fail "v2.4.0 manifest digest"
[ "$(q "SELECT ref FROM events WHERE action = 'sign' AND source =
    'vault_audit' AND digest IS NULL")" = "refs/tags/v2.4.1" ] ||
	fail "the unmatched signature"

st query --format json "SELECT ts, source, action, operation, outcome,
    error_code, actor, session, key_ref, key_ref_src, key_raw, digest,
    repo, ref, src_ip, native_id FROM events ORDER BY ts_us, native_id" \
    >events.json
golden keyservices-events.json events.json

# a second run with the same table changes nothing; without it, the
# matches stay; a broken table is an error that changes nothing either
q "SELECT id, digest, attrs FROM events ORDER BY id" >before.csv
expect_exit 0 st ingest --vault-hmac hmacs.json "$EV/vault"
contains err "1 item already in the case"
contains err "4 Vault events matched"
q "SELECT id, digest, attrs FROM events ORDER BY id" >after.csv
cmp -s before.csv after.csv || fail "--vault-hmac is not idempotent"
expect_exit 0 st ingest "$EV/vault"
q "SELECT id, digest, attrs FROM events ORDER BY id" >after.csv
cmp -s before.csv after.csv || fail "matches lost without --vault-hmac"
printf '{"abc": 5}\n' >broken.json
expect_exit 3 st ingest --vault-hmac broken.json "$EV/vault"
contains err "--vault-hmac file 'broken.json'"
contains err "not a string"
q "SELECT id, digest, attrs FROM events ORDER BY id" >after.csv
cmp -s before.csv after.csv || fail "a broken --vault-hmac changed the case"
# a corrected table replaces the matches it no longer makes
printf '{"A5Nke31h5ix/KYUetRxx//Ejl3eMvbNYZ1W6bFdETa4=": "hmac-sha256:f2f9fcf84bf16310ff04159c70400bb3913b6763bea019c510d20a6a0636fbfa"}\n' >one.json
expect_exit 0 st ingest --vault-hmac one.json "$EV/vault"
[ "$(q "SELECT count(*) FROM events WHERE source = 'vault_audit' AND
    digest IS NOT NULL")" = 1 ] || fail "stale matches kept"

# --all-events adds exactly what was out of scope, as "other": one event
# per out-of-scope GCP or Key Vault record (less the 3 that the sink object
# repeats) and one per out-of-scope Vault request/response pair
before=$(q "SELECT count(*) FROM events")
oos=$(q "SELECT sum(records_out_of_scope) FROM evidence WHERE parser !=
    'vault_audit'")
pairs=$(q "SELECT sum(records_out_of_scope) / 2 FROM evidence WHERE
    parser = 'vault_audit'")
expect_exit 0 st ingest --all-events "$EV/gcp_kms" "$EV/azure_keyvault" \
	"$EV/vault"
contains err "0 quarantined"
after=$(q "SELECT count(*) FROM events")
[ "$((after - before))" -eq "$((oos - 3 + pairs))" ] ||
	fail "--all-events added $((after - before)) events, expected $((oos - 3 + pairs))"
[ "$(q "SELECT count(*) FROM events WHERE action = 'other'")" -eq \
    "$((after - before))" ] || fail "--all-events changed in-scope events"

# ---- --vault-hmac: which matched inputs are digests --------------------
rm -f "$SIGTRAIL_CASE"
vsign() {	# id, path, prehashed, input HMAC
	printf '{"time":"2026-10-20T13:33:1%s.2Z","auth":{"accessor":"hmac-sha256:aa","display_name":"jwt-x"},"request":{"data":{"input":"%s","prehashed":%s},"id":"%s","mount_point":"transit/","mount_type":"transit","operation":"update","path":"%s"},"response":{"data":{"key_version":1,"signature":"hmac-sha256:5%s"}},"type":"response"}\n' \
	    "$1" "$4" "$3" "h-$1" "$2" "$1"
}
{
	vsign 1 transit/sign/k/sha2-384 true hmac-sha256:01
	vsign 2 transit/sign/k false hmac-sha256:02
	vsign 3 transit/sign/k/sha2-512 false hmac-sha256:03
	vsign 4 transit/sign/k true hmac-sha256:04
} >h.log
# 48 bytes (no padding); "hello" as data; a label; a signature
cat >h.json <<'EOF'
{
  "ODg4ODg4ODg4ODg4ODg4ODg4ODg4ODg4ODg4ODg4ODg4ODg4ODg4ODg4ODg4ODg4": "hmac-sha256:01",
  "aGVsbG8=": "hmac-sha256:02",
  "d29ybGQ=": "hmac-sha256:03",
  "SHA256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855": "hmac-sha256:04",
  "vault:v1:MEUCIQ": "hmac-sha256:54"
}
EOF
expect_exit 0 st ingest --vault-hmac h.json h.log
contains err "4 Vault events matched"
[ "$(q "SELECT group_concat(coalesce(digest, '-'), ' ') FROM (SELECT digest
    FROM events ORDER BY native_id)")" = "sha384:383838383838383838383838383838383838383838383838383838383838383838383838383838383838383838383838 sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 - sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" ] ||
	fail "digests of matched inputs"
[ "$(q "SELECT json_extract(attrs, '$.hmac_matched.signature') FROM events
    WHERE native_id = 'h-4'")" = "vault:v1:MEUCIQ" ] || fail "signature match"
[ "$(q "SELECT json_extract(attrs, '$.hmac_matched.input') FROM events
    WHERE native_id = 'h-3'")" = "d29ybGQ=" ] || fail "sha2-512 data match"

# ---- bad input: one malformed record of each format -------------------
rm -f "$SIGTRAIL_CASE"
mkdir bad
gcp() {
	printf '{"insertId":"%s","logName":"projects/p/logs/cloudaudit.googleapis.com%%2Fdata_access","protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","authenticationInfo":{"principalEmail":"ci@p.iam.gserviceaccount.com"},"methodName":"AsymmetricSign","resourceName":"projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1","serviceName":"cloudkms.googleapis.com"},"timestamp":"2026-11-06T22:07:3%s.1Z"}\n' "$1" "$2"
}
{
	gcp ins1 1
	printf '{"insertId":"ins2","logName":"projects/p/logs/x","protoPayload":{"serviceName":"cloudkms.googleapis.com","methodName":"AsymmetricSign"},"timestamp":"2026-11-06T22:07:32Z",}\n'
	gcp ins3 3
} >bad/gcp-sink.json
kv() {
	printf '{"time": "2026-11-06T22:12:4%s.1234567Z", "resourceId": "/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/V", "operationName": "KeySign", "category": "AuditEvent", "resultSignature": "OK", "callerIpAddress": "10.0.0.%s", "identity": {"claim": {"appid": "a1"}}, "properties": {"id": "https://v.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef", "httpStatusCode": 200}}\n' "$1" "$1"
}
{
	kv 1
	printf '{"time": "2026-11-06T22:12:42Z", "category": "AuditEvent", "operationName": "KeySign", "properties": {"id": "https://v.vault.azure.net/keys/k"\n'
	kv 3
} >bad/PT1H.json
# the older wrapper: a record whose time is a number
printf '{"records": [%s, {"time": 1762467164, "category": "AuditEvent", "operationName": "KeySign"}, %s]}\n' \
	"$(kv 5)" "$(kv 6)" >bad/PT1H-records.json
vpair() {
	printf '{"time":"2026-10-20T13:33:1%s.1Z","auth":{"accessor":"hmac-sha256:aa","display_name":"jwt-x"},"request":{"id":"id-%s","mount_point":"transit/","mount_type":"transit","operation":"update","path":"transit/sign/k"},"type":"request"}\n' "$1" "$1"
	printf '{"time":"2026-10-20T13:33:1%s.2Z","auth":{"accessor":"hmac-sha256:aa","display_name":"jwt-x"},"request":{"id":"id-%s","mount_point":"transit/","mount_type":"transit","operation":"update","path":"transit/sign/k"},"response":{"data":{"key_version":1}},"type":"response"}\n' "$1" "$1"
}
{
	vpair 1
	printf 'Nov  6 22:01:05 vault-1 vault[812]: {"time":"2026-10-20T13:33:12Z","type":"response","request":{"id":"id-2","path":"transit/sign/k"\n'
	vpair 3
	# a request whose response is not in this file
	vpair 4 | head -n 1
} >bad/vault_audit.log

expect_exit 1 st ingest bad
contains err "'bad/gcp-sink.json': line 2, byte"
contains err "'bad/PT1H.json': line 2, byte"
contains err "'bad/PT1H-records.json': line 1, byte"
contains err "time is not a string"
contains err "'bad/vault_audit.log': line 3, byte"
contains err "record quarantined: invalid JSON"
contains err "4 quarantined"
[ "$(q "SELECT count(*) FROM quarantine")" = 4 ] || fail "quarantine rows"
[ "$(q "SELECT count(*) FROM quarantine WHERE length(raw) > 0")" = 4 ] ||
	fail "quarantine without the raw bytes"
# the good records around the bad ones are kept
[ "$(q "SELECT count(*) FROM events WHERE source = 'gcp_audit'")" = 2 ] ||
	fail "good GCP records lost"
[ "$(q "SELECT group_concat(src_ip, ' ') FROM (SELECT src_ip FROM events WHERE
    source = 'azure_keyvault' ORDER BY ts_us)")" = "10.0.0.1 10.0.0.3 10.0.0.5 10.0.0.6" ] ||
	fail "good Key Vault records lost"
[ "$(q "SELECT group_concat(native_id, ' ') FROM (SELECT native_id FROM events
    WHERE source = 'vault_audit' ORDER BY ts_us)")" = "id-1 id-3 id-4/request" ] ||
	fail "good Vault records lost"
[ "$(q "SELECT json_extract(attrs, '$.response_missing') FROM events
    WHERE native_id = 'id-4/request'")" = 1 ] || fail "orphan request"
[ "$(q "SELECT count(*) FROM evidence WHERE records_read != records_stored +
    records_duplicate + records_out_of_scope + records_nonevent +
    records_quarantined")" = 0 ] || fail "bad input not accounted for"

# ---- the real corpus of these formats -----------------------------------
if [ -d "$CORPUS/gcp_audit" ] && [ -d "$CORPUS/azure_keyvault" ] &&
    [ -d "$CORPUS/vault_audit" ]; then
	rm -f "$SIGTRAIL_CASE"
	expect_exit 0 st ingest "$CORPUS/gcp_audit" "$CORPUS/azure_keyvault" \
		"$CORPUS/vault_audit"
	contains err "0 quarantined"
	[ "$(q "SELECT group_concat(parser, ' ') FROM (SELECT DISTINCT parser FROM
	    evidence ORDER BY parser)")" = "azure_keyvault gcp_audit vault_audit" ] ||
		fail "a corpus file was not recognized"
	[ "$(q "SELECT count(*) FROM evidence WHERE records_read = 0 OR
	    records_read != records_stored + records_duplicate +
	    records_out_of_scope + records_nonevent + records_quarantined")" = 0 ] ||
		fail "corpus records not accounted for"
	# no KMS, no Key Vault event: only Vault's denied PKI issue is in scope
	[ "$(q "SELECT count(*) FROM events")" = 1 ] || fail "corpus scope"
	total=$(q "SELECT sum(records_read) - sum(records_nonevent) FROM evidence")
	expect_exit 0 st ingest --all-events "$CORPUS/gcp_audit" \
		"$CORPUS/azure_keyvault" "$CORPUS/vault_audit"
	contains err "0 quarantined"
	[ "$(q "SELECT count(*) FROM events")" = "$((total - 3))" ] ||
		fail "--all-events did not store every corpus record"
fi
exit 0
