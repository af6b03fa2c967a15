# Bad input of every kind: each gives a warning naming the file (and
# member) and line or byte, the bad record goes to quarantine with its
# raw bytes, the rest of the file is kept, and the run exits 1.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

sign='{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/dev","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEEXAMPLE01","userName":"dev"},"eventTime":"2026-01-10T12:00:07Z","eventSource":"kms.amazonaws.com","eventName":"Sign","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15.0","requestParameters":{"keyId":"alias/rel","signingAlgorithm":"ECDSA_SHA_256","messageType":"DIGEST"},"responseElements":null,"eventID":"EVID","readOnly":true,"resources":[{"accountId":"111122223333","type":"AWS::KMS::Key","ARN":"arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-0000-4000-8000-000000000001"}],"eventType":"AwsApiCall","recipientAccountId":"111122223333"}'
rec() { printf '%s' "$sign" | sed "s/EVID/$1/"; }

mkdir ev
# malformed record between two good ones, in an S3-style file
printf '{"Records":[%s,{"eventVersion":"1.08","eventName":"Sign","eventSource":"kms.amazonaws.com",oops},%s]}\n' \
	"$(rec 00000000-0000-4000-8000-000000000001)" \
	"$(rec 00000000-0000-4000-8000-000000000002)" >ev/malformed.json
# JSON Lines: a truncated line, invalid UTF-8, a duplicate key, then good
{
	rec 00000000-0000-4000-8000-000000000003; echo
	printf '%s\n' '{"eventVersion":"1.08","eventTime":"2026-01-10T12:00:09Z","eventSource":"kms.amaz'
	printf '{"eventVersion":"1.08","eventTime":"2026-01-10T12:00:09Z","eventSource":"kms.amazonaws.com","eventName":"Sign","userAgent":"\377"}\n'
	printf '{"eventVersion":"1.08","eventTime":"2026-01-10T12:00:09Z","eventSource":"kms.amazonaws.com","eventName":"Sign","eventName":"Verify"}\n'
	rec 00000000-0000-4000-8000-000000000004; echo
} >ev/lines.jsonl
# an over-long record (with --max-record 2K)
{
	rec 00000000-0000-4000-8000-000000000005; echo
	printf '{"eventVersion":"1.08","eventSource":"kms.amazonaws.com","eventName":"Sign","pad":"%04000d"}\n' 0
	rec 00000000-0000-4000-8000-000000000006; echo
} >ev/long.jsonl
# a truncated gzip: the first records survive
{
	printf '{"Records":['
	for i in $(seq 100000 103000); do rec "00000000-0000-4000-8000-000000$i"; printf ','; done
	rec 00000000-0000-4000-8000-000000000100; printf ']}'
} | gzip -1 >full.json.gz
size=$(wc -c <full.json.gz)
head -c $((size / 2)) full.json.gz >ev/truncated.json.gz
# an unknown format, and a zero-record archive
head -c 300 /dev/urandom | tr '\000{[' 'x()' >ev/unknown.bin
mkdir emptydir && tar -czf ev/empty.tar.gz emptydir

expect_exit 1 st ingest --max-record 2K ev
contains err "'ev/malformed.json': line 1, byte"
contains err "record quarantined: invalid JSON"
contains err "'ev/lines.jsonl': line 2, byte"
contains err "line ends before the JSON value does"
contains err "'ev/lines.jsonl': line 3"
contains err "'ev/lines.jsonl': line 4"
contains err "duplicate object key"
contains err "'ev/long.jsonl': line 2, byte"
contains err "exceeds the limit of 2048 bytes"
contains err "'ev/truncated.json.gz'"
contains err "read error"
contains err "'ev/unknown.bin': format not recognized"
contains err "'ev/empty.tar.gz': archive holds no files"
contains err "quarantined"

# the good records around the bad ones are kept
for id in 1 2 3 4 5 6; do
	[ "$(q "SELECT count(*) FROM events WHERE native_id = '00000000-0000-4000-8000-00000000000$id'")" = 1 ] ||
		fail "good record $id lost"
done
[ "$(q "SELECT count(*) FROM events WHERE native_id LIKE '00000000-0000-4000-8000-0000001%'")" -ge 100 ] ||
	fail "records before the gzip cut lost"
# quarantine keeps the raw bytes and the reason, per evidence item
[ "$(q "SELECT count(*) FROM quarantine q JOIN evidence e ON e.id = q.evidence_id WHERE e.path = 'ev/lines.jsonl'")" = 3 ] ||
	fail "lines.jsonl quarantine rows"
q "SELECT hex(raw) FROM quarantine q JOIN evidence e ON e.id = q.evidence_id WHERE e.path = 'ev/lines.jsonl' AND q.line = 3" >raw.txt
contains raw.txt "FF"
[ "$(q "SELECT count(*) FROM quarantine WHERE reason LIKE '%exceeds the limit%' AND length(raw) > 0")" = 1 ] ||
	fail "oversized record not kept"
[ "$(q "SELECT status FROM evidence WHERE path = 'ev/unknown.bin'")" = unrecognized ] ||
	fail "unknown file not marked unrecognized"
# accounting holds for every item, bad ones included
[ "$(q "SELECT count(*) FROM evidence WHERE records_read != records_stored +
    records_duplicate + records_out_of_scope + records_nonevent +
    records_quarantined")" = 0 ] || fail "records not accounted for"
exit 0
