# PKI evidence: the sample certificates, CRL and RFC 3161 tokens ingest
# with every record accounted for; tokens are unverified until the TSA's
# CA is given with --tsa-ca (or ingested), stay verified, and an altered
# copy is never verified; the CRL entry joins the code-signing key; the
# events match the golden files; malformed certificates, CRLs and tokens
# are quarantined with the good records around them kept; the real
# corpus ingests cleanly.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

PKI=$SRC/samples/evidence/pki
TSA_CA=$PKI/acme-timestamping-ca.pem

accounted() {
	[ "$(q "SELECT count(*) FROM evidence WHERE records_read !=
	    records_stored + records_duplicate + records_out_of_scope +
	    records_nonevent + records_quarantined")" = 0 ] ||
		fail "records not accounted for"
}

# 1. the tokens alone: nothing to trust them with
expect_exit 0 st ingest "$PKI/timestamps"
contains err "10 items read"
contains err "10 new events"
accounted
[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.timestamp'
    AND json_extract(attrs, '\$.verified') = 0
    AND json_extract(attrs, '\$.signature_valid') = 1
    AND json_extract(attrs, '\$.verify_error') LIKE
    'no trusted TSA certificate%'")" = 10 ] ||
	fail "tokens without a trust anchor are not all unverified"

# 2. the same files again with --tsa-ca: nothing new, all verified
expect_exit 0 st ingest --tsa-ca "$TSA_CA" "$PKI/timestamps"
contains err "already in the case"
[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.timestamp'
    AND json_extract(attrs, '\$.verified') = 1
    AND json_extract(attrs, '\$.verified_with') = 'tsa-ca'
    AND json_extract(attrs, '\$.verify_error') IS NULL")" = 10 ] ||
	fail "--tsa-ca did not verify the tokens"

# 3. everything else; a run without --tsa-ca keeps them verified
expect_exit 0 st ingest "$PKI"
contains err "0 quarantined"
accounted
[ "$(q "SELECT count(*) FROM evidence WHERE parser IS NULL")" = 0 ] ||
	fail "a sample file was not recognized"
[ "$(q "SELECT count(*) FROM events")" = 15 ] || fail "event count"
[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.timestamp'
    AND json_extract(attrs, '\$.verified_with') = 'tsa-ca'")" = 10 ] ||
	fail "a later run undid a verification"

# the keyCompromise entry is the code-signing certificate's key
cs_key=$(q "SELECT key_ref FROM events WHERE action = 'pki.cert'
    AND json_extract(attrs, '\$.code_signing') = 1")
case $cs_key in spki-sha256:????????????????*) ;; *) fail "key '$cs_key'" ;; esac
[ "$(q "SELECT key_ref || ' ' || key_ref_src || ' ' || ts || ' ' ||
    json_extract(attrs, '\$.invalidity_date') AS v FROM events
    WHERE json_extract(attrs, '\$.reason') = 'keyCompromise'")" = \
    "$cs_key certificate 2026-11-13T12:00:00Z 2026-11-06T21:47:12Z" ] ||
	fail "the revocation does not name the code-signing key"
# the other entry revokes a certificate the case does not hold: no key
[ "$(q "SELECT count(*) FROM keys WHERE canonical LIKE 'cert-serial:%'")" = 0 ] ||
	fail "a revoked serial became a key"
# dated revocation: one token is later than the invalidity date
[ "$(q "SELECT group_concat(json_extract(attrs, '\$.gen_time')) FROM events
    WHERE action = 'pki.timestamp' AND ts >= '2026-11-06T21:47:12Z'")" = \
    "2026-11-06T22:01:06Z" ] || fail "tokens after the invalidity date"
# the imprints are the release assets' digests
[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.timestamp'
    AND digest = 'sha256:ecb0c05c80687cf991f874e6b9a68627bfda0ae0f003dc6e9f5490b55b208d1c'")" = 1 ] ||
	fail "v2.3.0 linux imprint"

st query --format json "SELECT ts, end_ts, source, action, operation,
    outcome, actor, key_ref, key_ref_src, key_raw, digest, native_id,
    json_extract(attrs, '\$.serial') AS serial,
    json_extract(attrs, '\$.code_signing') AS code_signing,
    json_extract(attrs, '\$.reason') AS reason,
    json_extract(attrs, '\$.invalidity_date') AS invalidity_date,
    json_extract(attrs, '\$.verified') AS verified,
    json_extract(attrs, '\$.verified_with') AS verified_with
    FROM events ORDER BY ts_us, native_id" >events.json
golden pki-events.json events.json
st query --format csv "SELECT k.label, k.kind AS key_kind, r.kind, r.value,
    r.valid_from, r.valid_to FROM keys k JOIN key_refs r ON r.key_id = k.id
    ORDER BY k.canonical, r.kind, r.value" >keys.csv
golden pki-keys.csv keys.csv

# 4. altered copies of a real token: never verified, kept apart
mkdir altered
python3 - "$PKI/timestamps/v2.3.0/widget-linux-amd64.tar.gz.tsr" <<'PY' || skip "no python3"
import sys
b = bytearray(open(sys.argv[1], "rb").read())
s = bytearray(b)
s[-1] ^= 1                              # the last byte of the signature
open("altered/signature.tsr", "wb").write(s)
imp = bytes.fromhex("ecb0c05c80687cf991f874e6b9a68627"
                    "bfda0ae0f003dc6e9f5490b55b208d1c")
i = b.find(imp)
assert i > 0
b[i + 5] ^= 0x40                        # one byte of the imprint
open("altered/imprint.tsr", "wb").write(b)
PY
expect_exit 0 st ingest --tsa-ca "$TSA_CA" altered
contains err "2 new events"
[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.timestamp'
    AND json_extract(attrs, '\$.serial') = '01a2f1'")" = 3 ] ||
	fail "altered copies taken for duplicates"
[ "$(q "SELECT count(*) FROM events e JOIN evidence v ON v.id = e.evidence_id
    WHERE v.path LIKE 'altered/%' AND json_extract(e.attrs, '\$.verified') = 0
    AND json_extract(e.attrs, '\$.signature_valid') = 0
    AND json_extract(e.attrs, '\$.verify_error') LIKE
    'signature check failed: the token was altered%'")" = 2 ] ||
	fail "an altered token is not flagged"
[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.timestamp'
    AND json_extract(attrs, '\$.verified') = 1")" = 10 ] ||
	fail "an altered token came out verified"

# 5. bad input: one of each format, next to good records
mkdir bad
{
	sed -n '1,/END CERTIFICATE/p' "$PKI/widget-release-signing-chain.pem"
	printf -- '-----BEGIN CERTIFICATE-----\nMIIBtTCCAVugAwIBAgICAQAw\n-----END CERTIFICATE-----\n'
	sed -n '/END CERTIFICATE/,$p' "$PKI/widget-release-signing-chain.pem" | sed 1d
} >bad/chain.pem
head -c 200 "$PKI/acme-code-signing-ca.crl" >bad/cut.crl
cp "$PKI/acme-code-signing-ca.crl" bad/good.crl
head -c 1000 "$PKI/timestamps/v2.4.0/widget-linux-amd64.tar.gz.tsr" >bad/cut.tsr
cp "$PKI/timestamps/v2.4.0/widget-darwin-arm64.tar.gz.tsr" bad/good.tsr
expect_exit 1 st -C bad.db ingest bad
contains err "'bad/chain.pem': byte 0: record quarantined: PEM block 2 (CERTIFICATE) at byte 1066: not a valid certificate"
contains err "'bad/cut.crl': byte 0: record quarantined: CRL at byte 0: not a valid CRL"
contains err "'bad/cut.tsr': byte 0: record quarantined: time-stamp response at byte 0: not a valid TimeStampResp"
contains err "3 quarantined"
export SIGTRAIL_CASE="$T/bad.db"
[ "$(q "SELECT count(*) FROM quarantine WHERE length(raw) > 0")" = 3 ] ||
	fail "quarantine rows"
[ "$(q "SELECT count(*) FROM events e JOIN evidence v ON v.id = e.evidence_id
    WHERE v.path = 'bad/chain.pem' AND e.action = 'pki.cert'")" = 2 ] ||
	fail "the good certificates around the bad one are lost"
[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.revoke'")" = 2 ] ||
	fail "the good CRL is lost"
[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.timestamp'")" = 1 ] ||
	fail "the good token is lost"
accounted
export SIGTRAIL_CASE="$T/case.db"

# 6. the real corpus, when present
if [ -d "$CORPUS/x509" ] && [ -d "$CORPUS/rfc3161" ]; then
	expect_exit 0 st -C corpus.db ingest "$CORPUS/x509" "$CORPUS/rfc3161"
	contains err "0 quarantined"
	contains err "1 out of scope"
	contains err "1 not events"
	export SIGTRAIL_CASE="$T/corpus.db"
	accounted
	[ "$(q "SELECT count(*) FROM evidence WHERE parser IS NULL")" = 0 ] ||
		fail "a corpus file was not recognized"
	[ "$(q "SELECT records_out_of_scope FROM evidence
	    WHERE path LIKE '%ocsp_response.der'")" = 1 ] || fail "OCSP"
	[ "$(q "SELECT records_nonevent FROM evidence
	    WHERE path LIKE '%.tsq'")" = 1 ] || fail "time-stamp request"
	[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.revoke'")" = 15752 ] ||
		fail "CRL entries"
	[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.timestamp'")" = 9 ] ||
		fail "tokens"
	[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.cert'")" = 14 ] ||
		fail "certificates"
fi
exit 0
