# Hostile records (reliability matrix, shared/reference/reliability.md
# section 7): JSON nested past jansson's depth limit (row 1), numbers that
# overflow (3), NUL bytes raw and escaped (5), invalid UTF-8 and NUL in a
# text record (4, 5), malformed DER certificates, CRLs and RFC 3161
# tokens (15), timestamp edge cases (16) and SQL in field values and file
# names (18).  Each bad record is quarantined with its raw bytes and a
# reason, the records around it are kept, and the run exits 1.
# Covered elsewhere: malformed and truncated JSON records, invalid UTF-8
# in JSON, duplicate keys (row 2), over-long records and truncated gzip
# (row 7): t1003-ingest-bad-input.sh; hostile SQL in 'query':
# t3001-query.sh; hostile rules: t4001-rules.sh and t1507.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"
need python3

sign='{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/dev","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEEXAMPLE01","userName":"dev"},"eventTime":"TIME","eventSource":"kms.amazonaws.com","eventName":"Sign","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15.0","requestParameters":{"keyId":"alias/rel","signingAlgorithm":"ECDSA_SHA_256","messageType":"DIGEST"},"responseElements":null,"eventID":"EVID","readOnly":true,"resources":[{"accountId":"111122223333","type":"AWS::KMS::Key","ARN":"arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-0000-4000-8000-000000000001"}],"eventType":"AwsApiCall","recipientAccountId":"111122223333"}'
# rec ID [TIME]: one CloudTrail Sign record on a line
rec() {
	printf '%s\n' "$sign" | sed "s/EVID/$1/; s/TIME/${2:-2026-01-10T12:00:07Z}/"
}
# bad TEXT: a Sign record with TEXT (printf format) as its last member
bad() {
	printf '{"eventVersion":"1.08","eventTime":"2026-01-10T12:00:08Z","eventSource":"kms.amazonaws.com","eventName":"Sign",'"$1"'}\n'
}
# quarantined FILE LINE: the reason for that line of FILE
quarantined() {
	q "SELECT q.reason FROM quarantine q JOIN evidence e ON e.id = q.evidence_id
	    WHERE e.path = '$1' AND q.line = $2"
}
nesting() {
	head -c "$1" /dev/zero | tr '\0' '['
	head -c "$1" /dev/zero | tr '\0' ']'
}

mkdir ev
{
	rec json-1
	# 1: nesting past the depth limit, in a record and as a whole line
	bad "\"x\":$(nesting 3000)"
	nesting 100000; echo
	# depth 2000 is still fine
	bad "\"x\":$(nesting 2000),\"eventID\":\"deep-ok\""
	# 3: integer and real overflow
	bad '"n":18446744073709551616'
	bad '"n":1e400'
	bad '"n":-9223372036854775809'
	# 5: NUL escaped and raw
	bad '"userAgent":"a\\u0000b"'
	bad '"userAgent":"a\000b"'
	rec json-2
} >ev/hostile.jsonl

expect_exit 1 st ingest ev/hostile.jsonl
contains err "'ev/hostile.jsonl': line 2, byte"
contains err "maximum parsing depth reached"
for n in 2 3; do
	quarantined ev/hostile.jsonl $n | grep -q "maximum parsing depth reached" ||
		fail "line $n: $(quarantined ev/hostile.jsonl $n)"
done
quarantined ev/hostile.jsonl 5 | grep -q "too big integer" || fail "line 5"
quarantined ev/hostile.jsonl 6 | grep -q "real number overflow" || fail "line 6"
quarantined ev/hostile.jsonl 7 | grep -q "too big negative integer" || fail "line 7"
quarantined ev/hostile.jsonl 8 | grep -qF '\u0000 is not allowed' || fail "line 8"
quarantined ev/hostile.jsonl 9 | grep -q "control character 0x0" || fail "line 9"
[ "$(q "SELECT count(*) FROM quarantine")" = 7 ] || fail "quarantine rows"
# the raw bytes are kept whole: the NUL line, and the nested line (a
# top-level array holds records: its one element is the record)
[ "$(q "SELECT hex(raw) LIKE '%22610062%' FROM quarantine WHERE line = 9")" = 1 ] ||
	fail "raw record with a NUL byte not kept whole"
[ "$(q "SELECT length(raw) FROM quarantine WHERE line = 3")" = 199998 ] ||
	fail "deeply nested line not kept whole"
kept json-1 json-2 deep-ok

# 4, 5: a text record (git log) with a NUL byte and invalid UTF-8 is
# stored as bytes, flagged, and not cut at the NUL in the output
{
	echo '# repo: acme/widget'
	printf '\036%s\037%s\037Mal\000lory\037m@x.example\0372026-11-17T14:53:31+01:00\037Caf\351 Author\037c@x.example\0372026-11-17T14:53:31+01:00\037N\037\037\037\037\037fix: sign \000 after the NUL\n\nM\tsign.sh\n' \
	    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
} >ev/hostile.gitlog
expect_exit 0 st ingest --all-events ev/hostile.gitlog
[ "$(q "SELECT hex(raw) LIKE '%4D616C006C6F7279%' AND hex(raw) LIKE '%436166E920%'
    FROM events WHERE source = 'git_log'")" = 1 ] || fail "text record not kept as bytes"
[ "$(q "SELECT json_extract(attrs, '\$.invalid_utf8') FROM events WHERE source = 'git_log'")" = 1 ] ||
	fail "invalid UTF-8 not flagged"
expect_exit 0 st query --format json "SELECT attrs FROM events WHERE source = 'git_log'"
contains out "after the NUL"

# 15: malformed DER from the real samples: truncated, trailing garbage,
# a length of 4 GiB, random content, an indefinite length, bad PEM
pki=$SRC/samples/evidence/pki
mkdir der
for f in crt:$pki/acme-code-signing-ca.crt crl:$pki/acme-code-signing-ca.crl \
    tsr:$pki/timestamps/v2.3.0/widget-linux-amd64.tar.gz.tsr; do
	ext=${f%%:*}
	src=${f#*:}
	n=$(wc -c <"$src")
	head -c $((n / 2)) "$src" >der/trunc.$ext
	{ cat "$src"; printf 'GARBAGE'; } >der/trail.$ext
	{ head -c 2 "$src"; printf '\204\377\377\377\377'; tail -c +5 "$src"; } >der/hugelen.$ext
	{ head -c 4 "$src"; head -c 300 /dev/urandom; } >der/random.$ext
	{ printf '\060\200'; head -c 64 /dev/zero; } >der/indef.$ext
done
sed '5s/[A-Za-z]/!/g' "$pki/widget-release-signing-chain.pem" >der/badb64.pem
expect_exit 1 st ingest der
for ext in crt crl tsr; do
	[ "$(q "SELECT count(*) FROM quarantine q JOIN evidence e ON e.id = q.evidence_id
	    WHERE e.path IN ('der/trunc.$ext', 'der/trail.$ext')")" = 2 ] ||
		fail "malformed .$ext not quarantined"
done
contains err "'der/trunc.crt': byte 0: record quarantined: certificate at byte 0: not a valid certificate"
contains err "'der/trail.tsr': byte 0: record quarantined: unknown object at byte 3193"
contains err "'der/hugelen.crl': format not recognized"
# forced through each DER parser, every malformed object is quarantined
for fmt in x509 crl rfc3161; do
	rm -f case.db
	expect_exit 1 st ingest --format $fmt der/trunc.* der/hugelen.* der/random.* \
	    der/indef.crt
	[ "$(q "SELECT count(*) FROM quarantine")" = 10 ] ||
		fail "--format $fmt: not all quarantined"
	[ "$(q "SELECT count(*) FROM events")" = 0 ] || fail "--format $fmt: events"
done
rm -f case.db
expect_exit 1 st ingest der/badb64.pem
contains err "'der/badb64.pem': byte 0: record quarantined: PEM block 1 (CERTIFICATE) at byte 0: bad PEM data"
[ "$(q "SELECT count(*) FROM evidence WHERE records_read != records_stored +
    records_duplicate + records_out_of_scope + records_nonevent +
    records_quarantined")" = 0 ] || fail "bad PEM: records not accounted for"

# 16: timestamps, as core/timeutil.c documents them: second 60 is
# :59.999999 flagged leap (whatever the offset), no zone is UTC flagged
# assumed-utc, fractions are truncated to µs, impossible dates are
# quarantined with the reason; epoch units in AWS CLI output are guessed
# from the magnitude (flag unit-guessed) unless the number is JSON
rm -f case.db
{
	rec leap 2016-12-31T23:59:60Z
	rec leap-offset 2017-01-01T00:59:60+01:00
	rec no-zone 2026-01-10T12:00:07
	rec fraction 2026-01-10T12:00:07.123456789Z
	rec feb30 2026-02-30T12:00:00Z
	rec hour24 2026-01-10T24:00:00Z
	rec second61 2016-12-31T23:59:61Z
	rec epoch-in-iso 1700000000000
	rec year9999 9999-12-31T23:59:59Z
	rec offset 2026-01-10T12:00:07-23:59
} >times.jsonl
python3 - <<'EOF'
import json
inner = {"eventVersion": "1.08", "eventSource": "kms.amazonaws.com",
         "eventName": "Sign", "awsRegion": "eu-west-1",
         "userIdentity": {"type": "IAMUser", "accessKeyId": "AKIAEXAMPLE0001",
                          "arn": "arn:aws:iam::111122223333:user/dev"},
         "requestParameters": {"keyId": "alias/rel"}}
evs = []
for i, t in enumerate([1700000000, 1700000000.5, "1700000000",
                       "1700000000123", "1700000000123456",
                       "1700000000123456789", "-5"]):
    r = dict(inner, eventID="epoch-%d" % i)
    evs.append({"EventId": r["eventID"], "EventName": "Sign", "EventTime": t,
                "EventSource": "kms.amazonaws.com",
                "CloudTrailEvent": json.dumps(r)})
json.dump({"Events": evs}, open("lookup-events.json", "w"))
EOF
expect_exit 1 st ingest times.jsonl lookup-events.json
cat >want.csv <<'EOF'
native_id,ts,ts_raw,ts_flags
epoch-0,2023-11-14T22:13:20Z,1700000000,coarse
epoch-1,2023-11-14T22:13:20.500000Z,1700000000.5,
epoch-2,2023-11-14T22:13:20Z,1700000000,"coarse,unit-guessed"
epoch-3,2023-11-14T22:13:20.123000Z,1700000000123,unit-guessed
epoch-4,2023-11-14T22:13:20.123456Z,1700000000123456,unit-guessed
epoch-5,2023-11-14T22:13:20.123456Z,1700000000123456789,unit-guessed
fraction,2026-01-10T12:00:07.123456Z,2026-01-10T12:00:07.123456789Z,
leap,2016-12-31T23:59:59.999999Z,2016-12-31T23:59:60Z,"leap,coarse"
leap-offset,2016-12-31T23:59:59.999999Z,2017-01-01T00:59:60+01:00,"leap,coarse"
no-zone,2026-01-10T12:00:07Z,2026-01-10T12:00:07,"assumed-utc,coarse"
offset,2026-01-11T11:59:07Z,2026-01-10T12:00:07-23:59,coarse
year9999,9999-12-31T23:59:59Z,9999-12-31T23:59:59Z,coarse
EOF
expect_exit 0 st query --format csv "SELECT native_id, ts, ts_raw, ts_flags FROM events ORDER BY native_id"
diff -u want.csv out >&2 || fail "event times"
cat >want.csv <<'EOF'
reason
bad EventTime '-5': negative epoch number
bad eventTime '1700000000000': expected '-' after year at offset 4
bad eventTime '2016-12-31T23:59:61Z': second 61 out of range
bad eventTime '2026-01-10T24:00:00Z': hour 24 out of range
bad eventTime '2026-02-30T12:00:00Z': day 30 out of range for 2026-02
EOF
expect_exit 0 st query --format csv "SELECT reason FROM quarantine ORDER BY reason"
diff -u want.csv out >&2 || fail "bad times not quarantined with their reason"

# 18: SQL in field values and in evidence names is data
rm -f case.db
evil="x'); DROP TABLE events; --"
name="it's'; DELETE FROM evidence; --.jsonl"
printf '%s\n' "$sign" |
	sed "s/EVID/evil-1/; s/TIME/2026-01-10T12:00:07Z/; s/aws-cli\/2.15.0/$evil/; s/user\/dev/user\/$evil/" >"$name"
expect_exit 0 st ingest "$name"
[ "$(q "SELECT count(*) FROM events WHERE user_agent = 'x''); DROP TABLE events; --'
    AND actor LIKE '%user/x''); DROP TABLE events; --'")" = 1 ] ||
	fail "field values not stored verbatim"
[ "$(q "SELECT path FROM evidence")" = "$name" ] || fail "evidence name"
expect_exit 0 st query --format json "SELECT user_agent FROM events"
contains out "$evil"
case_ok
exit 0
