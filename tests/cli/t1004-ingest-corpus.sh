# Every real CloudTrail file of the shared corpus ingests with no
# quarantine and every record accounted for, in default scope and with
# --all-events.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"
need_corpus

expect_exit 0 st ingest "$CORPUS/cloudtrail"
contains err "0 quarantined"
[ "$(q "SELECT count(*) FROM evidence WHERE parser IS NOT 'cloudtrail'")" = 0 ] ||
	fail "a corpus file was not read as CloudTrail"
[ "$(q "SELECT count(*) FROM evidence WHERE records_read = 0")" = 0 ] ||
	fail "a corpus file gave no records"
[ "$(q "SELECT count(*) FROM evidence WHERE records_read != records_stored +
    records_duplicate + records_out_of_scope + records_nonevent +
    records_quarantined")" = 0 ] || fail "records not accounted for"
# known facts of the corpus
[ "$(q "SELECT count(*) FROM events WHERE operation = 'cloudtrail:StopLogging'
    AND action = 'audit.config'")" -ge 1 ] || fail "StopLogging not found"
[ "$(q "SELECT count(*) FROM events WHERE operation = 'sts:AssumeRole'")" -ge 1 ] ||
	fail "AssumeRole not found"
[ "$(q "SELECT count(*) FROM events WHERE action = 'sign'")" = 0 ] ||
	fail "the corpus has no KMS Sign, yet one was stored"
# KMS Decrypt/Encrypt/GenerateDataKey are out of the signing scope
[ "$(q "SELECT count(*) FROM events WHERE operation LIKE 'kms:%crypt%'")" = 0 ] ||
	fail "KMS data-key events stored in default scope"

total=$(q "SELECT sum(records_read) FROM evidence")
expect_exit 0 st ingest --all-events "$CORPUS/cloudtrail"
contains err "0 quarantined"
[ "$(q "SELECT count(*) FROM events")" = "$total" ] ||
	fail "--all-events did not store every record ($total)"
exit 0
