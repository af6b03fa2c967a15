# One thread or two (--jobs) make the same case: the same events, ids,
# evidence rows, warnings and quarantine, and the same messages, for the
# samples and for bad input (a malformed record, a truncated gzip that
# the libdeflate fast path refuses, a multi-member gzip, a tar.gz, and
# what the walk finds between files).
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

mkdir ev
cp -r "$SRC/samples/evidence/cloudtrail" "$SRC/samples/evidence/rekor" \
	"$SRC/samples/evidence/yubihsm" ev/
rec='{"eventVersion":"1.08","eventTime":"2026-01-10T12:00:07Z","eventSource":"kms.amazonaws.com","eventName":"Sign","requestParameters":{"keyId":"alias/rel"},"eventID":"EVID"}'
recs() {
	for i in $(seq "$1" "$2"); do
		printf '%s,' "$rec" | sed "s/EVID/00000000-0000-4000-8000-$(printf %012d "$i")/"
	done
}
printf '{"Records":[%s{"eventName":"Sign",oops},%s%s]}' "$(recs 1 5)" \
	"$(recs 6 9)" "$(printf '%s' "$rec" | sed s/EVID/last/)" |
	gzip >ev/malformed.json.gz
{ printf '{"Records":['; recs 10 3000; printf '%s]}' "$rec"; } | gzip -1 >full.gz
head -c $(($(wc -c <full.gz) / 2)) full.gz >ev/truncated.json.gz
{ printf '{"Records":[%s' "$(recs 4000 4010)" | gzip; printf '%s]}' "$rec" |
	sed s/EVID/tail/ | gzip; } >ev/members.json.gz
mkdir t && cp ev/malformed.json.gz t/ && tar -czf ev/both.tar.gz t
# read ahead (--jobs 2): the same bytes again right after (r2: looked up
# before the first copy is stored; malformed: in the tar) and later, a symbolic link and a FIFO
# between files (their warnings in the walk's order), a file that is not
# gzip and one that inflates to a tar
cp ev/malformed.json.gz ev/malformed2.json.gz
printf '{"Records":[%s%s]}' "$(recs 5000 5010)" "$rec" | gzip >ev/r1.json.gz
cp ev/r1.json.gz ev/r2.json.gz
cp ev/members.json.gz ev/zz-again.json.gz
ln -s malformed.json.gz ev/n-link.json.gz
mkfifo ev/o-fifo
gzip -dc ev/malformed.json.gz >ev/plain.json
mkdir u && cp full.gz u/ && tar -cf - u | gzip >ev/q-tar.gz

# every table ingest writes, without the run's time and command line
dump() {
	for sql in "SELECT * FROM events ORDER BY id" \
	    "SELECT id, parent_id, path, member, kind, sha256, size,
	     content_sha256, content_size, compression, parser, scope,
	     records_read, records_stored, records_duplicate,
	     records_out_of_scope, records_nonevent, records_quarantined,
	     events_stored, warnings, status, detail FROM evidence ORDER BY id" \
	    "SELECT * FROM warnings ORDER BY id" \
	    "SELECT id, evidence_id, path, member FROM evidence_seen ORDER BY id" \
	    "SELECT * FROM quarantine ORDER BY id" \
	    "SELECT * FROM keys ORDER BY id" "SELECT * FROM key_refs ORDER BY id"
	do
		"$SIGTRAIL" -C "$1" query --format csv "$sql"
	done
}
SIGTRAIL_CASE=one.db expect_exit 1 st ingest --jobs 1 ev
sed 's/one\.db/CASE/g' err >err1
SIGTRAIL_CASE=two.db expect_exit 1 st ingest --jobs 2 ev
sed 's/two\.db/CASE/g' err >err2
diff -u err1 err2 >&2 || fail "messages differ between --jobs 1 and 2"
dump one.db >one.txt
dump two.db >two.txt
[ "$(grep -c . one.txt)" -gt 100 ] || fail "too little ingested"
diff -u one.txt two.txt | head -40 >&2
cmp -s one.txt two.txt || fail "cases differ between --jobs 1 and 2"
grep -q 'truncated.json.gz' one.txt || fail "truncated gzip not recorded"
grep -q 'symbolic link' one.txt || fail "the link was not noted"
[ "$(SIGTRAIL_CASE=two.db q "SELECT group_concat(path, ' ') FROM
    (SELECT path FROM evidence_seen ORDER BY id)")" = "ev/malformed.json.gz ev/malformed2.json.gz ev/r2.json.gz ev/zz-again.json.gz" ] ||
	fail "the copies were not noted as seen"
[ "$(SIGTRAIL_CASE=one.db q "SELECT count(*) FROM events WHERE native_id = 'tail'")" = 1 ] ||
	fail "the second gzip member was not read"
expect_exit 2 st ingest --jobs 0 ev
exit 0
